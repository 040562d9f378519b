/* pasvports lab: knob helpers and the "would the lab firewall let this port in" check.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 * Reads the same registry state the lab hnetcfg.dll writes (see labfw.h); no caching. */
#include <wchar.h>
#include <stdlib.h>
#include "labfw.h"

DWORD lab_knob_dword(const WCHAR *component, const WCHAR *name, DWORD dflt)
{
    WCHAR path[128];
    DWORD value, size = sizeof(value), type;
    HKEY key;
    LONG rc;

    swprintf(path, 128, L"%ls\\%ls", LAB_KNOB_ROOT, component);
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, KEY_QUERY_VALUE, &key))
        return dflt;
    rc = RegQueryValueExW(key, name, NULL, &type, (BYTE *)&value, &size);
    RegCloseKey(key);
    if (rc || type != REG_DWORD || size != sizeof(value))
        return dflt;
    return value;
}

BOOL lab_knob_string(const WCHAR *component, const WCHAR *name, WCHAR *buf, DWORD count)
{
    WCHAR path[128];
    DWORD size, type;
    HKEY key;
    LONG rc;

    if (!buf || !count)
        return FALSE;
    buf[0] = 0;
    swprintf(path, 128, L"%ls\\%ls", LAB_KNOB_ROOT, component);
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, KEY_QUERY_VALUE, &key))
        return FALSE;
    size = (count - 1) * sizeof(WCHAR);
    rc = RegQueryValueExW(key, name, NULL, &type, (BYTE *)buf, &size);
    RegCloseKey(key);
    if (rc || (type != REG_SZ && type != REG_EXPAND_SZ)) {
        buf[0] = 0;
        return FALSE;
    }
    buf[size / sizeof(WCHAR)] = 0;
    return TRUE;
}

DWORD labfw_current_profile(void)
{
    return lab_knob_dword(L"Firewall", L"CurrentProfile", 1) == 0 ? 0 : 1;
}

LONG labfw_current_profile_types(void)
{
    DWORD types = lab_knob_dword(L"Firewall", L"CurrentProfileTypes", 0);

    if (types & 7)
        return (LONG)(types & 7);
    return labfw_current_profile() == 0 ? 1 /* DOMAIN */ : 2 /* PRIVATE */;
}

const WCHAR *labfw_legacy_profile_key(DWORD type)
{
    return type == 0 ? L"DomainProfile" : L"StandardProfile";
}

const WCHAR *labfw_profile2_key(LONG bit)
{
    switch (bit) {
    case 1: return L"DomainProfile";
    case 2: return L"StandardProfile";
    case 4: return L"PublicProfile";
    default: return NULL;
    }
}

static DWORD reg_dword(HKEY root, const WCHAR *path, const WCHAR *name, DWORD dflt)
{
    DWORD value, size = sizeof(value), type;
    HKEY key;
    LONG rc;

    if (RegOpenKeyExW(root, path, 0, KEY_QUERY_VALUE, &key))
        return dflt;
    rc = RegQueryValueExW(key, name, NULL, &type, (BYTE *)&value, &size);
    RegCloseKey(key);
    if (rc || type != REG_DWORD || size != sizeof(value))
        return dflt;
    return value;
}

/* "5001:TCP:*:Enabled:Name": an enabled TCP entry for port? */
static BOOL entry_opens(const WCHAR *data, USHORT port)
{
    WCHAR *end;
    unsigned long n = wcstoul(data, &end, 10);
    const WCHAR *scope, *state;

    if (end == data || *end != L':' || n != port)
        return FALSE;
    if (_wcsnicmp(end + 1, L"TCP:", 4))
        return FALSE;
    scope = end + 5;
    state = wcschr(scope, L':');
    if (!state)
        return FALSE;
    return _wcsnicmp(state + 1, L"Enabled", 7) == 0 && (state[8] == L':' || state[8] == 0);
}

static BOOL list_opens(const WCHAR *path, USHORT port)
{
    WCHAR name[64], data[1024];
    DWORD i, name_len, data_size, type;
    BOOL found = FALSE;
    HKEY key;

    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, KEY_QUERY_VALUE, &key))
        return FALSE;
    for (i = 0; !found; i++) {
        name_len = 64;
        data_size = sizeof(data) - sizeof(WCHAR);
        LONG rc = RegEnumValueW(key, i, name, &name_len, NULL, &type, (BYTE *)data, &data_size);
        if (rc == ERROR_NO_MORE_ITEMS)
            break;
        if (rc || type != REG_SZ)
            continue;
        data[data_size / sizeof(WCHAR)] = 0;
        found = entry_opens(data, port);
    }
    RegCloseKey(key);
    return found;
}

BOOL labfw_rule_field(const WCHAR *rule, const WCHAR *key, unsigned index, WCHAR *buf, DWORD count)
{
    size_t key_len = wcslen(key);
    const WCHAR *p = rule;

    while (p && *p) {
        const WCHAR *bar = wcschr(p, L'|');
        size_t len = bar ? (size_t)(bar - p) : wcslen(p);
        if (len > key_len && p[key_len] == L'=' && !_wcsnicmp(p, key, key_len)) {
            if (index == 0) {
                size_t vlen = len - key_len - 1;
                if (buf && count) {
                    if (vlen >= count)
                        vlen = count - 1;
                    wmemcpy(buf, p + key_len + 1, vlen);
                    buf[vlen] = 0;
                }
                return TRUE;
            }
            index--;
        }
        p = bar ? bar + 1 : NULL;
    }
    if (buf && count)
        buf[0] = 0;
    return FALSE;
}

BOOL labfw_ports_cover(const WCHAR *list, USHORT port)
{
    const WCHAR *p = list;

    while (*p) {
        WCHAR *end;
        unsigned long lo, hi;
        while (*p == L' ' || *p == L',')
            p++;
        if (*p == L'*')
            return TRUE;
        lo = wcstoul(p, &end, 10);
        if (end == p) {                  /* keyword (RPC, IPHTTPS...): never a plain port */
            while (*p && *p != L',')
                p++;
            continue;
        }
        hi = lo;
        p = end;
        if (*p == L'-') {
            hi = wcstoul(p + 1, &end, 10);
            p = end;
        }
        if (port >= lo && port <= hi)
            return TRUE;
        while (*p && *p != L',')
            p++;
    }
    return FALSE;
}

static LONG rule_profiles(const WCHAR *rule)
{
    WCHAR v[32];
    LONG mask = 0;
    unsigned i;

    for (i = 0; labfw_rule_field(rule, L"Profile", i, v, 32); i++) {
        if (!_wcsicmp(v, L"Domain")) mask |= 1;
        else if (!_wcsicmp(v, L"Private")) mask |= 2;
        else if (!_wcsicmp(v, L"Public")) mask |= 4;
    }
    return mask ? mask : 7; /* no Profile field: all profiles */
}

/* Svc=NAME restricts a rule to that service ("*": any service); the lab's listeners say which
 * service they are (the lab FTPSVC stands in for ftpsvc inside svchost.exe, so App= is not
 * compared when Svc matches). A listener that is no service (NULL) matches no Svc= rule. */
static BOOL rule_service_matches(const WCHAR *rule, const WCHAR *service)
{
    WCHAR v[256];

    if (!labfw_rule_field(rule, L"Svc", 0, v, 256))
        return TRUE;
    if (!wcscmp(v, L"*"))
        return service != NULL;
    return service && !_wcsicmp(v, service);
}

/* Local ports: LPort (one port or range per field) and LPort2_10 (the field newer Windows uses
 * for ranges, e.g. the FTP role's "LPort2_10=1024-65535"). */
static BOOL rule_ports_cover(const WCHAR *rule, USHORT port)
{
    static const WCHAR *const keys[] = { L"LPort", L"LPort2_10" };
    WCHAR v[512];
    BOOL any = FALSE;
    unsigned i, k;

    for (k = 0; k < 2; k++)
        for (i = 0; labfw_rule_field(rule, keys[k], i, v, 512); i++) {
            any = TRUE;
            if (labfw_ports_cover(v, port))
                return TRUE;
        }
    return !any; /* no port restriction */
}

static BOOL rule_opens(const WCHAR *rule, USHORT port, LONG profiles, const WCHAR *service)
{
    WCHAR v[512];

    if (!labfw_rule_field(rule, L"Active", 0, v, 512) || _wcsicmp(v, L"TRUE"))
        return FALSE;
    if (!labfw_rule_field(rule, L"Action", 0, v, 512) || _wcsicmp(v, L"Allow"))
        return FALSE;
    if (labfw_rule_field(rule, L"Dir", 0, v, 512) && _wcsicmp(v, L"In"))
        return FALSE;
    if (labfw_rule_field(rule, L"Protocol", 0, v, 512) && wcstol(v, NULL, 10) != 6)
        return FALSE;
    if (!(rule_profiles(rule) & profiles))
        return FALSE;
    if (!rule_service_matches(rule, service))
        return FALSE;
    return rule_ports_cover(rule, port);
}

static BOOL rules_open(USHORT port, LONG profiles, const WCHAR *service)
{
    WCHAR name[128], *data;
    DWORD i, name_len, data_size, type;
    BOOL found = FALSE;
    HKEY key;

    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, LABFW_RULES_KEY, 0, KEY_QUERY_VALUE, &key))
        return FALSE;
    data = malloc(8192 * sizeof(WCHAR));
    for (i = 0; data && !found; i++) {
        name_len = 128;
        data_size = 8191 * sizeof(WCHAR);
        LONG rc = RegEnumValueW(key, i, name, &name_len, NULL, &type, (BYTE *)data, &data_size);
        if (rc == ERROR_NO_MORE_ITEMS)
            break;
        if (rc || type != REG_SZ)
            continue;
        data[data_size / sizeof(WCHAR)] = 0;
        found = rule_opens(data, port, profiles, service);
    }
    free(data);
    RegCloseKey(key);
    return found;
}

BOOL labfw_port_allowed(USHORT port, DWORD *why)
{
    return labfw_port_allowed_for(port, NULL, why);
}

BOOL labfw_port_allowed_for(USHORT port, const WCHAR *service, DWORD *why)
{
    const WCHAR *profile = labfw_legacy_profile_key(labfw_current_profile());
    WCHAR path[512];
    DWORD reason = LABFW_WHY_NO_EXCEPTION;
    BOOL allowed = TRUE;

    swprintf(path, 512, L"%ls\\%ls", LABFW_POLICY_KEY, profile);
    if (!reg_dword(HKEY_LOCAL_MACHINE, path, L"EnableFirewall", 1))
        reason = LABFW_WHY_FIREWALL_OFF;
    else if (reg_dword(HKEY_LOCAL_MACHINE, path, L"DoNotAllowExceptions", 0)) {
        reason = LABFW_WHY_EXCEPTIONS_NOT_ALLOWED;
        allowed = FALSE;
    } else {
        WCHAR gp[512];
        swprintf(gp, 512, L"%ls\\%ls\\GloballyOpenPorts", LABFW_GP_KEY, profile);
        swprintf(path, 512, L"%ls\\%ls\\GloballyOpenPorts\\List", LABFW_POLICY_KEY, profile);
        if (reg_dword(HKEY_LOCAL_MACHINE, gp, L"AllowUserPrefMerge", 1) && list_opens(path, port))
            reason = LABFW_WHY_LEGACY_EXCEPTION;
        else if (wcscat(gp, L"\\List"), list_opens(gp, port))
            reason = LABFW_WHY_POLICY_EXCEPTION;
        else if (!lab_knob_dword(L"Firewall", L"GpOverride", 0)
                 && rules_open(port, labfw_current_profile_types(), service))
            reason = LABFW_WHY_RULE;
        else
            allowed = FALSE;
    }
    if (why)
        *why = reason;
    return allowed;
}

const char *labfw_why_text(DWORD why)
{
    switch (why) {
    case LABFW_WHY_FIREWALL_OFF: return "firewall off in the current profile";
    case LABFW_WHY_LEGACY_EXCEPTION: return "enabled GloballyOpenPorts exception";
    case LABFW_WHY_POLICY_EXCEPTION: return "enabled Group Policy port exception";
    case LABFW_WHY_RULE: return "enabled inbound allow rule";
    case LABFW_WHY_EXCEPTIONS_NOT_ALLOWED: return "exceptions not allowed (DoNotAllowExceptions)";
    case LABFW_WHY_NO_EXCEPTION: return "no exception or rule opens the port";
    case LABFW_WHY_STATEFUL_FTP: return "stateful FTP filtering (plain control channel)";
    default: return "unknown";
    }
}

BOOL labfw_stateful_ftp(BOOL *from_policy)
{
    DWORD disabled = reg_dword(HKEY_LOCAL_MACHINE, LABFW_GP_KEY, L"DisableStatefulFTP", 2);

    if (from_policy)
        *from_policy = disabled != 2;
    if (disabled != 2)
        return disabled == 0;
    return lab_knob_dword(L"Firewall", L"StatefulFtp", 0) != 0;
}
