/* pasvctl on IIS 7+ FTP (FTPSVC): status lines of its own (the unset range, FTP sites with
 * their external address and TLS policy, stateful FTP, the built-in rules) and the checks of
 * --site / --external-ip / --disable-builtin-passive-rule (the engine makes the changes).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#ifndef PASV_CMD_IIS7_H
#define PASV_CMD_IIS7_H

#include "win.h"

#include <stdbool.h>

#include "ftpsites.h"
#include "pasv/cmdline.h"
#include "session.h"

/* status: "not set: Windows dynamic range A-B (...)" when the IIS 7+ range is not set; false
 * (nothing printed) otherwise. */
bool cli_iis7_range_unset(const pasv_session *s);

/* status: the FTP sites, stateful FTP, the FTPS note and the built-in rules (IIS 7+ only). */
void cli_iis7_status(const pasv_session *s);

/* --site / --external-ip as the engine takes them (pasv_options.site, .external_ip), resolved
 * before anything changes. */
typedef struct cli_iis7_change {
    bool given;                         /* --external-ip given */
    char site[PASV_SITE_NAME_MAX * 3];  /* the FTP site (UTF-8) */
    char ip[PASV_SITE_IP_MAX];          /* the new address, canonical; "" to clear */
} cli_iis7_change;

/* Checks --site/--external-ip/--disable-builtin-passive-rule against the server and its FTP
 * sites. -1 when apply may go on (ch->given says whether the address is asked for), else the
 * exit code after one line: 2 for bad input (not IIS 7+, no FTP site, several and no --site, an
 * unknown --site), 3 when the sites cannot be read. Changes nothing. */
int cli_iis7_resolve(const pasv_cmdline *cmd, const pasv_session *s, cli_iis7_change *ch);

/* export --external-ip on IIS 7+: the FTP site the scripts name (UTF-8), chosen as apply
 * chooses it (--site, or the only FTP site). -1 to go on ("" without --external-ip), else the
 * exit code after one line on stderr (2 for bad input, 3 when the sites cannot be read). */
int cli_iis7_export_site(const pasv_cmdline *cmd, const pasv_session *s, char *site, size_t cap);

#endif /* PASV_CMD_IIS7_H */
