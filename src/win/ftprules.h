/* pasvports: what Windows Firewall itself does about IIS 7+ FTP: the FTP Server role's built-in
 * rules and the stateful FTP filter's Group Policy setting. Read-only: these are never ours.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * The FTP Server role service adds inbound rules scoped to the service ftpsvc, among them
 * "FTP Server Passive (FTP Passive Traffic-In)" for TCP 1024-65535, in the group "FTP Server"
 * ("Configuring FTP Firewall Settings in IIS 7",
 * https://learn.microsoft.com/en-us/iis/publish/using-the-ftp-service/configuring-ftp-firewall-settings-in-iis-7).
 * They are recognised by their service (INetFwRule::ServiceName, ftpsvc), not by their name,
 * which Windows localises. */
#ifndef PASV_FTPRULES_H
#define PASV_FTPRULES_H

#include "win.h"

#include "pasv/status.h"

#include <stdbool.h>
#include <stddef.h>

#define PASV_FTP_RULE_NAME_MAX 256
#define PASV_FTP_RULE_PORTS_MAX 64
#define PASV_FTP_RULES_MAX 16

typedef struct pasv_ftp_rule {
    WCHAR name[PASV_FTP_RULE_NAME_MAX];
    WCHAR ports[PASV_FTP_RULE_PORTS_MAX]; /* LocalPorts as stored ("1024-65535", "21") */
    bool enabled;
    bool inbound;
    bool passive;                         /* the wide passive rule: inbound, 1024-65535 */
} pasv_ftp_rule;

typedef struct pasv_ftp_rules {
    pasv_ftp_rule items[PASV_FTP_RULES_MAX];
    size_t count;
} pasv_ftp_rules;

/* Every TCP rule scoped to the service ftpsvc (INetFwPolicy2 rules; needs COM on this thread). */
HRESULT pasv_ftp_builtin_rules(pasv_ftp_rules *out);

/* The built-in passive rule (TCP 1024-65535 for ftpsvc, inbound): S_OK and *out, S_FALSE when
 * there is none. */
HRESULT pasv_ftp_builtin_passive_find(pasv_ftp_rule *out);

/* Issue 13, the engine's DISABLE_/ENABLE_BUILTIN_RULE (fw_advanced.c set_builtin_rule): re-reads
 * the rule named name (INetFwRules::Item) and, when it still is the built-in passive rule, sets
 * its Enabled (INetFwRule::put_Enabled), nothing else. PASV_E_CHANGED, nothing written, when it
 * is gone or not that rule any more; S_FALSE, nothing written, when it already is so. Turning it
 * off records its name (HKLM\SOFTWARE\pasvports, BuiltinPassiveRuleDisabled) before the write;
 * turning it on forgets the record. */
HRESULT pasv_ftp_builtin_passive_set(const WCHAR *name, bool enabled);
/* Whether that record names this rule: it is off because pasvports turned it off, so remove turns
 * it on again. */
bool pasv_ftp_builtin_passive_marked(const WCHAR *name);

/* The stateful FTP filter as Group Policy sets it: HKLM\Software\Policies\Microsoft\
 * WindowsFirewall\DisableStatefulFTP (REG_DWORD, [MS-GPFAS] 2.2.1.1): 1 when the value says
 * the filter is on (0), 0 when off (1), -1 when there is no such policy value (the local
 * setting then applies, and it is not readable through a documented API). */
int pasv_stateful_ftp_policy(void);

#endif /* PASV_FTPRULES_H */
