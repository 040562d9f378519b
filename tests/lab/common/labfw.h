/* pasvports lab: shared helpers for the lab's stand-in Windows components (knobs, firewall state).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * Everything here reads the registry afresh at every call, so a test can change state or flip a
 * knob from another process (`wine reg add`, RegSetValueEx) between two calls. */
#ifndef PASV_LAB_LABFW_H
#define PASV_LAB_LABFW_H

#include <windows.h>

/* Knobs live in HKLM\SOFTWARE\PasvLab\<component> (Firewall, Metabase, FtpSvc). */
#define LAB_KNOB_ROOT L"SOFTWARE\\PasvLab"

/* Legacy (XP SP2 / 2003 SP1) persistence, as Windows keeps it:
 *   LABFW_POLICY_KEY\{StandardProfile,DomainProfile}: DWORD EnableFirewall, DoNotAllowExceptions
 *   ...\GloballyOpenPorts\List: REG_SZ "5001:TCP" = "5001:TCP:*:Enabled:Passive FTP5001"
 * Vista+: REG_SZ values under LABFW_RULES_KEY, value name = rule id (GUID string), data in
 * Windows' "v2.10|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=5001-5201|...|" format.
 * Vista+ profile keys: Domain -> DomainProfile, Private -> StandardProfile, Public -> PublicProfile. */
#define LABFW_POLICY_KEY L"SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy"
#define LABFW_RULES_KEY  LABFW_POLICY_KEY L"\\FirewallRules"
/* Group Policy: ...\<Profile>\GloballyOpenPorts DWORD AllowUserPrefMerge = 0: local list ignored;
 * the policy's own exceptions are in the \List subkey in the same string format. */
#define LABFW_GP_KEY     L"SOFTWARE\\Policies\\Microsoft\\WindowsFirewall"

/* Reasons reported through labfw_port_allowed()'s *why. */
enum labfw_why {
    LABFW_WHY_FIREWALL_OFF = 1,       /* allowed: firewall disabled in the current profile */
    LABFW_WHY_LEGACY_EXCEPTION,       /* allowed: enabled GloballyOpenPorts entry (local list) */
    LABFW_WHY_POLICY_EXCEPTION,       /* allowed: enabled GloballyOpenPorts entry (GP list) */
    LABFW_WHY_RULE,                   /* allowed: enabled inbound allow rule (Vista+) */
    LABFW_WHY_EXCEPTIONS_NOT_ALLOWED, /* blocked: DoNotAllowExceptions = 1 */
    LABFW_WHY_NO_EXCEPTION,           /* blocked: nothing opens the port */
    LABFW_WHY_STATEFUL_FTP            /* allowed: stateful FTP filtering saw the PASV reply */
};

/* DWORD knob HKLM\SOFTWARE\PasvLab\<component>\<name>, or dflt when absent or not a DWORD. */
DWORD lab_knob_dword(const WCHAR *component, const WCHAR *name, DWORD dflt);
/* String knob into buf (count WCHARs, always terminated); FALSE (buf = "") when absent. */
BOOL lab_knob_string(const WCHAR *component, const WCHAR *name, WCHAR *buf, DWORD count);

/* The current legacy profile: knob Firewall\CurrentProfile, 0 Domain, 1 Standard (default). */
DWORD labfw_current_profile(void);
/* The current Vista+ profile bitmask (NET_FW_PROFILE2_*): knob Firewall\CurrentProfileTypes if
 * set, else Domain (1) for CurrentProfile 0 and Private (2) for CurrentProfile 1. */
LONG labfw_current_profile_types(void);
/* "DomainProfile" / "StandardProfile" for a legacy profile type (0/1). */
const WCHAR *labfw_legacy_profile_key(DWORD type);
/* "DomainProfile" / "StandardProfile" / "PublicProfile" for one NET_FW_PROFILE2 bit, else NULL. */
const WCHAR *labfw_profile2_key(LONG bit);

/* Would the lab firewall let an inbound TCP connection to port through right now?
 * Firewall off in the current profile -> allowed; DoNotAllowExceptions -> blocked; an enabled TCP
 * entry in the current profile's GP list, or in its local list unless GP AllowUserPrefMerge = 0
 * -> allowed; an enabled inbound allow rule for TCP (or any protocol) whose LPort covers the port
 * and whose profiles meet the current ones -> allowed (local rules are ignored while the
 * Firewall\GpOverride knob is 1). Scopes/addresses are not evaluated (the lab's clients are
 * local). why (optional) receives an enum labfw_why. */
BOOL labfw_port_allowed(USHORT port, DWORD *why);
/* The same for a listener that is the service `service` (e.g. L"FTPSVC"): rules with Svc=<name>
 * apply only to that service (case-insensitive), Svc=* to any service; NULL = not a service.
 * Ports come from LPort and LPort2_10 fields; a rule's Active=FALSE never opens anything. */
BOOL labfw_port_allowed_for(USHORT port, const WCHAR *service, DWORD *why);
/* Stateful FTP filtering (the firewall opens the port a plain-text PASV reply announces): the
 * Group Policy value HKLM\Software\Policies\Microsoft\WindowsFirewall DisableStatefulFTP (0 on,
 * 1 off) decides when present (*from_policy TRUE); else the lab knob Firewall\StatefulFtp
 * (default 0: off, so a missing rule shows as 425 in the lab; Windows' local default is not
 * documented consistently). */
BOOL labfw_stateful_ftp(BOOL *from_policy);
const char *labfw_why_text(DWORD why);

/* Vista+ rule strings. labfw_rule_field: the index-th (0-based) value of key in a rule string
 * ("v2.10|Key=Value|..."), copied into buf (count WCHARs); FALSE when there is no such field. */
BOOL labfw_rule_field(const WCHAR *rule, const WCHAR *key, unsigned index, WCHAR *buf, DWORD count);
/* Does a comma-separated port list ("21,5001-5201", "*") cover port? Keywords never do. */
BOOL labfw_ports_cover(const WCHAR *list, USHORT port);

#endif /* PASV_LAB_LABFW_H */
