/* pasvports lab firewall: registry-backed state, fault knobs and shared helpers.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 * Knobs (HKLM\SOFTWARE\PasvLab\Firewall) and state are read at every call; see labfw.h. */
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>
#include "fw_private.h"

#define KNOB L"Firewall"

/* ---- fault knobs ---- */

/* Sleep() has millisecond granularity, so sub-millisecond latencies are accumulated per process
 * and paid once they add up to a whole millisecond: the total delay over many calls is right. */
static LONG64 latency_debt_us;

static void pay_latency(void)
{
    DWORD us = lab_knob_dword(KNOB, L"LatencyUs", 0);
    LONG64 debt;

    if (!us)
        return;
    debt = InterlockedExchangeAdd64(&latency_debt_us, us) + us;
    if (debt >= 1000) {
        DWORD ms = (DWORD)(debt / 1000);
        InterlockedExchangeAdd64(&latency_debt_us, -(LONG64)ms * 1000);
        Sleep(ms);
    }
}

/* FailAfterCalls = K > 0: mutating calls K+1, K+2... fail with FailAfterHr. The count is the
 * DWORD CallCount next to the knob, so it spans processes; it only counts while armed. Whoever
 * re-arms the knob should reset CallCount to 0. FailCalls = N > 0 limits the failures to calls
 * K+1..K+N (a single failing write whose undo must still succeed). A named mutex makes the increment atomic. */
static HRESULT count_call(void)
{
    DWORD limit = lab_knob_dword(KNOB, L"FailAfterCalls", 0), count = 0, size = sizeof(count), span;
    HRESULT hr = S_OK;
    HANDLE mutex;
    HKEY key;

    if (!limit)
        return S_OK;
    mutex = CreateMutexW(NULL, FALSE, L"PasvLabFirewallCallCount");
    if (mutex)
        WaitForSingleObject(mutex, 5000);
    if (!RegCreateKeyExW(HKEY_LOCAL_MACHINE, LAB_KNOB_ROOT L"\\" KNOB, 0, NULL, 0,
                         KEY_QUERY_VALUE | KEY_SET_VALUE, NULL, &key, NULL)) {
        if (RegQueryValueExW(key, L"CallCount", NULL, NULL, (BYTE *)&count, &size))
            count = 0;
        count++;
        RegSetValueExW(key, L"CallCount", 0, REG_DWORD, (const BYTE *)&count, sizeof(count));
        RegCloseKey(key);
    }
    if (mutex) {
        ReleaseMutex(mutex);
        CloseHandle(mutex);
    }
    span = lab_knob_dword(KNOB, L"FailCalls", 0); /* 0: every call after the K-th fails */
    if (count > limit && (!span || count - limit <= span))
        hr = (HRESULT)lab_knob_dword(KNOB, L"FailAfterHr", (DWORD)E_FAIL);
    return hr;
}

HRESULT fw_enter(enum fw_family family, BOOL mutating)
{
    /* LatencyWritesOnly=1: only changes are slow, so a scenario can stop a run midway without
     * paying the latency again on every read of the lists (snapshots, ownership checks). */
    if (mutating || lab_knob_dword(KNOB, L"LatencyWritesOnly", 0) != 1)
        pay_latency();
    /* Service stopped: Vista+ reports the endpoint-mapper error (EPT_S_NOT_REGISTERED) that
     * INetFwRules::Add and enumeration are observed to return while MpsSvc is stopped (reported in
     * github.com/falahati/WindowsFirewallHelper/issues/24; the knob ServiceStopped=1 reproduces
     * it here). For the legacy API no code is documented; we choose
     * RPC_S_SERVER_UNAVAILABLE, what an RPC client gets from an unreachable SharedAccess. */
    if (lab_knob_dword(KNOB, L"ServiceStopped", 0) == 1)
        return family == FW_VISTA ? FW_E_VISTA_STOPPED : FW_E_LEGACY_STOPPED;
    if (!mutating)
        return S_OK;
    if (lab_knob_dword(KNOB, L"NotElevated", 0) == 1)
        return E_ACCESSDENIED;
    return count_call();
}

/* ---- small helpers ---- */

static LONG objects;

void fw_object_added(void) { InterlockedIncrement(&objects); }
void fw_object_removed(void) { InterlockedDecrement(&objects); }
LONG fw_object_count(void) { return objects; }

HRESULT fw_get_type_info_count(UINT *count)
{
    if (!count)
        return E_POINTER;
    *count = 0;
    return S_OK;
}

HRESULT fw_bstr_out(const WCHAR *s, BSTR *out)
{
    if (!out)
        return E_POINTER;
    *out = SysAllocString(s ? s : L"");
    return *out ? S_OK : E_OUTOFMEMORY;
}

WCHAR *fw_strdup(const WCHAR *s)
{
    size_t n;
    WCHAR *p;

    if (!s)
        return NULL;
    n = wcslen(s) + 1;
    p = malloc(n * sizeof(WCHAR));
    if (p)
        wmemcpy(p, s, n);
    return p;
}

HRESULT fw_set_string(WCHAR **dst, const WCHAR *s)
{
    WCHAR *copy = NULL;

    if (s && *s && !(copy = fw_strdup(s)))
        return E_OUTOFMEMORY;
    free(*dst);
    *dst = copy;
    return S_OK;
}

static void profile_path(WCHAR *buf, size_t count, const WCHAR *profile_key, const WCHAR *sub)
{
    swprintf(buf, count, L"%ls\\%ls%ls", LABFW_POLICY_KEY, profile_key, sub ? sub : L"");
}

DWORD fw_profile_dword(const WCHAR *profile_key, const WCHAR *name, DWORD dflt)
{
    WCHAR path[512];
    DWORD value, size = sizeof(value), type;
    HKEY key;
    LONG rc;

    profile_path(path, 512, profile_key, NULL);
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, KEY_QUERY_VALUE, &key))
        return dflt;
    rc = RegQueryValueExW(key, name, NULL, &type, (BYTE *)&value, &size);
    RegCloseKey(key);
    return (rc || type != REG_DWORD) ? dflt : value;
}

HRESULT fw_profile_set_dword(const WCHAR *profile_key, const WCHAR *name, DWORD value)
{
    WCHAR path[512];
    HKEY key;
    LONG rc;

    profile_path(path, 512, profile_key, NULL);
    rc = RegCreateKeyExW(HKEY_LOCAL_MACHINE, path, 0, NULL, 0, KEY_SET_VALUE, NULL, &key, NULL);
    if (rc)
        return HRESULT_FROM_WIN32(rc);
    rc = RegSetValueExW(key, name, 0, REG_DWORD, (const BYTE *)&value, sizeof(value));
    RegCloseKey(key);
    return HRESULT_FROM_WIN32(rc);
}

/* ---- legacy GloballyOpenPorts ---- */

void fw_port_defaults(struct fw_port_data *d)
{
    memset(d, 0, sizeof(*d));
    d->protocol = NET_FW_IP_PROTOCOL_TCP;
    d->enabled = TRUE;
    wcscpy(d->scope, L"*");
}

static const WCHAR *proto_name(NET_FW_IP_PROTOCOL p)
{
    return p == NET_FW_IP_PROTOCOL_UDP ? L"UDP" : L"TCP";
}

static void port_value_name(WCHAR *buf, LONG port, NET_FW_IP_PROTOCOL protocol)
{
    swprintf(buf, 32, L"%ld:%ls", (long)port, proto_name(protocol));
}

static void list_path(WCHAR *buf, DWORD profile)
{
    profile_path(buf, 512, labfw_legacy_profile_key(profile), L"\\GloballyOpenPorts\\List");
}

/* "port:proto:scope:Enabled|Disabled:name"; the name may itself contain ':'. Addresses in the
 * scope field never contain ':' in this lab (IPv4 and keywords only). */
static BOOL port_parse(const WCHAR *s, struct fw_port_data *d)
{
    const WCHAR *f[4];
    const WCHAR *p = s;
    WCHAR *end;
    int i;

    fw_port_defaults(d);
    for (i = 0; i < 4; i++) {
        f[i] = p;
        p = wcschr(p, L':');
        if (!p)
            return FALSE;
        p++;
    }
    d->port = wcstol(f[0], &end, 10);
    if (end == f[0])
        return FALSE;
    d->protocol = !_wcsnicmp(f[1], L"UDP:", 4) ? NET_FW_IP_PROTOCOL_UDP : NET_FW_IP_PROTOCOL_TCP;
    swprintf(d->scope, 512, L"%.*ls", (int)(f[3] - f[2] - 1), f[2]);
    d->enabled = !_wcsnicmp(f[3], L"Enabled:", 8);
    swprintf(d->name, 256, L"%ls", p);
    return TRUE;
}

HRESULT fw_port_find(DWORD profile, LONG port, NET_FW_IP_PROTOCOL protocol, struct fw_port_data *d)
{
    WCHAR path[512], name[32], data[1024];
    DWORD size = sizeof(data) - sizeof(WCHAR), type;
    HKEY key;
    LONG rc;

    list_path(path, profile);
    port_value_name(name, port, protocol);
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, KEY_QUERY_VALUE, &key))
        return FW_E_NOT_FOUND;
    rc = RegQueryValueExW(key, name, NULL, &type, (BYTE *)data, &size);
    RegCloseKey(key);
    if (rc || type != REG_SZ)
        return FW_E_NOT_FOUND;
    data[size / sizeof(WCHAR)] = 0;
    return port_parse(data, d) ? S_OK : FW_E_NOT_FOUND;
}

HRESULT fw_port_write(DWORD profile, const struct fw_port_data *d)
{
    WCHAR path[512], name[32], data[1024];
    HKEY key;
    LONG rc;

    list_path(path, profile);
    port_value_name(name, d->port, d->protocol);
    swprintf(data, 1024, L"%ld:%ls:%ls:%ls:%ls", (long)d->port, proto_name(d->protocol),
             d->scope[0] ? d->scope : L"*", d->enabled ? L"Enabled" : L"Disabled", d->name);
    rc = RegCreateKeyExW(HKEY_LOCAL_MACHINE, path, 0, NULL, 0, KEY_SET_VALUE, NULL, &key, NULL);
    if (rc)
        return HRESULT_FROM_WIN32(rc);
    rc = RegSetValueExW(key, name, 0, REG_SZ, (const BYTE *)data,
                        (DWORD)((wcslen(data) + 1) * sizeof(WCHAR)));
    RegCloseKey(key);
    return HRESULT_FROM_WIN32(rc);
}

HRESULT fw_port_delete(DWORD profile, LONG port, NET_FW_IP_PROTOCOL protocol)
{
    WCHAR path[512], name[32];
    HKEY key;

    list_path(path, profile);
    port_value_name(name, port, protocol);
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, KEY_SET_VALUE, &key))
        return S_OK;
    RegDeleteValueW(key, name); /* absent: "has no effect" */
    RegCloseKey(key);
    return S_OK;
}

HRESULT fw_port_keys(DWORD profile, struct fw_port_key **keys, LONG *count)
{
    WCHAR path[512], name[64];
    DWORD i, values = 0, name_len;
    struct fw_port_key *out;
    LONG n = 0;
    HKEY key;

    *keys = NULL;
    *count = 0;
    list_path(path, profile);
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, KEY_QUERY_VALUE, &key))
        return S_OK;
    RegQueryInfoKeyW(key, NULL, NULL, NULL, NULL, NULL, NULL, &values, NULL, NULL, NULL, NULL);
    out = calloc(values ? values : 1, sizeof(*out));
    if (!out) {
        RegCloseKey(key);
        return E_OUTOFMEMORY;
    }
    for (i = 0; i < values; i++) {
        WCHAR *end;
        name_len = 64;
        if (RegEnumValueW(key, i, name, &name_len, NULL, NULL, NULL, NULL))
            break;
        /* Value names are "5001:TCP" (see port_value_name). */
        out[n].port = wcstol(name, &end, 10);
        if (end == name || *end != L':')
            continue;
        out[n].protocol = !_wcsicmp(end + 1, L"UDP") ? NET_FW_IP_PROTOCOL_UDP : NET_FW_IP_PROTOCOL_TCP;
        n++;
    }
    RegCloseKey(key);
    *keys = out;
    *count = n;
    return S_OK;
}

/* ---- Vista+ rules ---- */

void fw_rule_defaults(struct fw_rule_data *r)
{
    memset(r, 0, sizeof(*r));
    r->protocol = NET_FW_IP_PROTOCOL_ANY;
    r->dir = NET_FW_RULE_DIR_IN;
    r->enabled = FALSE;                  /* documented: a new rule is disabled */
    r->profiles = NET_FW_PROFILE2_ALL;
    r->action = NET_FW_ACTION_ALLOW;     /* default not documented; Windows shows Allow */
    lstrcpyW(r->version, L"v2.10");
}

const WCHAR *fw_display_string(const WCHAR *s, WCHAR *buf, DWORD count)
{
    DWORD size = (count - 1) * sizeof(WCHAR), type;
    HKEY key;
    LONG rc;

    if (!s || s[0] != L'@' || !count)
        return s;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, LAB_KNOB_ROOT L"\\Firewall\\IndirectStrings", 0, KEY_QUERY_VALUE, &key))
        return s;
    rc = RegQueryValueExW(key, s, NULL, &type, (BYTE *)buf, &size);
    RegCloseKey(key);
    if (rc || type != REG_SZ)
        return s;
    buf[size / sizeof(WCHAR)] = 0;
    return buf;
}

#define RULE_STRINGS(r) { &(r)->name, &(r)->desc, &(r)->app, &(r)->svc, &(r)->lports, \
    &(r)->rports, &(r)->laddrs, &(r)->raddrs, &(r)->icmp, &(r)->iftypes, &(r)->grouping }

void fw_rule_clear(struct fw_rule_data *r)
{
    WCHAR **s[] = RULE_STRINGS(r);
    size_t i;

    for (i = 0; i < ARRAYSIZE(s); i++) {
        free(*s[i]);
        *s[i] = NULL;
    }
}

HRESULT fw_rule_copy(struct fw_rule_data *dst, const struct fw_rule_data *src)
{
    struct fw_rule_data tmp = *src;
    WCHAR **s[] = RULE_STRINGS(&tmp);
    size_t i;

    for (i = 0; i < ARRAYSIZE(s); i++)
        *s[i] = NULL;
    {
        WCHAR **from[] = RULE_STRINGS((struct fw_rule_data *)src);
        for (i = 0; i < ARRAYSIZE(s); i++) {
            if (*from[i] && !(*s[i] = fw_strdup(*from[i]))) {
                fw_rule_clear(&tmp);
                return E_OUTOFMEMORY;
            }
        }
    }
    *dst = tmp;
    return S_OK;
}

/* Growable string for formatting a rule. */
struct sbuf { WCHAR *p; size_t len, cap; };

static void sb_add(struct sbuf *b, const WCHAR *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = (b->len + n + 1) * 2;
        WCHAR *p = realloc(b->p, cap * sizeof(WCHAR));
        if (!p)
            return;
        b->p = p;
        b->cap = cap;
    }
    wmemcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = 0;
}

static void sb_field(struct sbuf *b, const WCHAR *key, const WCHAR *value, size_t n)
{
    sb_add(b, key, wcslen(key));
    sb_add(b, L"=", 1);
    sb_add(b, value, n);
    sb_add(b, L"|", 1);
}

static BOOL is_keyword(const WCHAR *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (s[i] == L'.' || s[i] == L':' || (s[i] >= L'0' && s[i] <= L'9'))
            return FALSE;
    return n > 0;
}

/* A comma list as repeated fields; addresses split into key4/key6 by family, keywords in both. */
static void sb_list(struct sbuf *b, const WCHAR *key4, const WCHAR *key6, const WCHAR *list)
{
    const WCHAR *p = list;

    if (!list || !wcscmp(list, L"*"))
        return;
    while (*p) {
        const WCHAR *comma = wcschr(p, L',');
        size_t n = comma ? (size_t)(comma - p) : wcslen(p);
        if (n) {
            if (!key6)
                sb_field(b, key4, p, n);
            else if (is_keyword(p, n)) {
                sb_field(b, key4, p, n);
                sb_field(b, key6, p, n);
            } else
                sb_field(b, wmemchr(p, L':', n) ? key6 : key4, p, n);
        }
        p += n;
        if (*p)
            p++;
    }
}

static WCHAR *rule_format(const struct fw_rule_data *r)
{
    struct sbuf b = {0};
    WCHAR num[16];

    {
        WCHAR ver[16] = L"v2.10|";
        unsigned vn = 0;
        if (r->version[0] == L'v') {
            while (vn < 11 && r->version[vn]) {
                ver[vn] = r->version[vn];
                vn++;
            }
            ver[vn] = L'|';
            ver[vn + 1] = 0;
        }
        sb_add(&b, ver, wcslen(ver));
    }
    sb_field(&b, L"Action", r->action == NET_FW_ACTION_BLOCK ? L"Block" : L"Allow",
             r->action == NET_FW_ACTION_BLOCK ? 5 : 5);
    sb_field(&b, L"Active", r->enabled ? L"TRUE" : L"FALSE", r->enabled ? 4 : 5);
    sb_field(&b, L"Dir", r->dir == NET_FW_RULE_DIR_OUT ? L"Out" : L"In",
             r->dir == NET_FW_RULE_DIR_OUT ? 3 : 2);
    if (r->protocol != NET_FW_IP_PROTOCOL_ANY) {
        swprintf(num, 16, L"%ld", (long)r->protocol);
        sb_field(&b, L"Protocol", num, wcslen(num));
    }
    sb_list(&b, r->lport2_10 ? L"LPort2_10" : L"LPort", NULL, r->lports);
    sb_list(&b, L"RPort", NULL, r->rports);
    if ((r->profiles & 7) == 7 && r->implicit_profiles) {
        /* as read: no Profile field */
    } else if ((r->profiles & 7) != 7) {
        if (r->profiles & NET_FW_PROFILE2_DOMAIN) sb_field(&b, L"Profile", L"Domain", 6);
        if (r->profiles & NET_FW_PROFILE2_PRIVATE) sb_field(&b, L"Profile", L"Private", 7);
        if (r->profiles & NET_FW_PROFILE2_PUBLIC) sb_field(&b, L"Profile", L"Public", 6);
    } else {
        sb_field(&b, L"Profile", L"Domain", 6);
        sb_field(&b, L"Profile", L"Private", 7);
        sb_field(&b, L"Profile", L"Public", 6);
    }
    sb_list(&b, L"IFType", NULL, r->iftypes);
    sb_list(&b, L"LA4", L"LA6", r->laddrs);
    sb_list(&b, L"RA4", L"RA6", r->raddrs);
    if (r->app) sb_field(&b, L"App", r->app, wcslen(r->app));
    if (r->svc) sb_field(&b, L"Svc", r->svc, wcslen(r->svc));
    if (r->icmp) sb_field(&b, L"ICMP4", r->icmp, wcslen(r->icmp));
    if (r->name) sb_field(&b, L"Name", r->name, wcslen(r->name));
    if (r->desc) sb_field(&b, L"Desc", r->desc, wcslen(r->desc));
    if (r->grouping) sb_field(&b, L"EmbedCtxt", r->grouping, wcslen(r->grouping));
    if (r->edge) sb_field(&b, L"Edge", L"TRUE", 4);
    return b.p;
}

/* Joins the repeated fields key4 (then key6, without duplicates) with ','; NULL when none. */
static WCHAR *join_fields(const WCHAR *rule, const WCHAR *key4, const WCHAR *key6)
{
    const WCHAR *keys[2] = { key4, key6 };
    struct sbuf b = {0};
    WCHAR v[512];
    unsigned k, i;

    for (k = 0; k < 2 && keys[k]; k++) {
        for (i = 0; labfw_rule_field(rule, keys[k], i, v, 512); i++) {
            if (k == 1 && b.p) {
                /* skip a keyword already listed under key4 */
                size_t n = wcslen(v);
                const WCHAR *hit = b.p;
                BOOL dup = FALSE;
                while ((hit = wcsstr(hit, v))) {
                    if ((hit == b.p || hit[-1] == L',') && (hit[n] == 0 || hit[n] == L','))
                        dup = TRUE;
                    hit += n;
                }
                if (dup)
                    continue;
            }
            if (b.len)
                sb_add(&b, L",", 1);
            sb_add(&b, v, wcslen(v));
        }
    }
    return b.p;
}

static void rule_parse(const WCHAR *s, struct fw_rule_data *r)
{
    WCHAR v[512];
    unsigned i;
    LONG mask = 0;

    fw_rule_defaults(r);
    if (s[0] == L'v' && wcschr(s, L'|') && (size_t)(wcschr(s, L'|') - s) < ARRAYSIZE(r->version))
        lstrcpynW(r->version, s, (int)(wcschr(s, L'|') - s) + 1);
    r->lport2_10 = labfw_rule_field(s, L"LPort2_10", 0, NULL, 0);
    r->implicit_profiles = !labfw_rule_field(s, L"Profile", 0, NULL, 0);
    if (labfw_rule_field(s, L"Action", 0, v, 512))
        r->action = _wcsicmp(v, L"Block") ? NET_FW_ACTION_ALLOW : NET_FW_ACTION_BLOCK;
    if (labfw_rule_field(s, L"Active", 0, v, 512))
        r->enabled = !_wcsicmp(v, L"TRUE");
    if (labfw_rule_field(s, L"Dir", 0, v, 512))
        r->dir = _wcsicmp(v, L"Out") ? NET_FW_RULE_DIR_IN : NET_FW_RULE_DIR_OUT;
    if (labfw_rule_field(s, L"Protocol", 0, v, 512))
        r->protocol = wcstol(v, NULL, 10);
    for (i = 0; labfw_rule_field(s, L"Profile", i, v, 512); i++) {
        if (!_wcsicmp(v, L"Domain")) mask |= NET_FW_PROFILE2_DOMAIN;
        else if (!_wcsicmp(v, L"Private")) mask |= NET_FW_PROFILE2_PRIVATE;
        else if (!_wcsicmp(v, L"Public")) mask |= NET_FW_PROFILE2_PUBLIC;
    }
    r->profiles = (mask == 0 || mask == 7) ? NET_FW_PROFILE2_ALL : mask;
    r->lports = join_fields(s, r->lport2_10 ? L"LPort2_10" : L"LPort", NULL);
    r->rports = join_fields(s, L"RPort", NULL);
    r->iftypes = join_fields(s, L"IFType", NULL);
    r->laddrs = join_fields(s, L"LA4", L"LA6");
    r->raddrs = join_fields(s, L"RA4", L"RA6");
    if (labfw_rule_field(s, L"App", 0, v, 512)) r->app = fw_strdup(v);
    if (labfw_rule_field(s, L"Svc", 0, v, 512)) r->svc = fw_strdup(v);
    if (labfw_rule_field(s, L"ICMP4", 0, v, 512)) r->icmp = fw_strdup(v);
    if (labfw_rule_field(s, L"Name", 0, v, 512)) r->name = fw_strdup(v);
    if (labfw_rule_field(s, L"Desc", 0, v, 512)) r->desc = fw_strdup(v);
    if (labfw_rule_field(s, L"EmbedCtxt", 0, v, 512)) r->grouping = fw_strdup(v);
    if (labfw_rule_field(s, L"Edge", 0, v, 512)) r->edge = !_wcsicmp(v, L"TRUE");
}

HRESULT fw_rule_load(const WCHAR *id, struct fw_rule_data *r)
{
    DWORD size = 0, type;
    WCHAR *data;
    HKEY key;
    LONG rc;

    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, LABFW_RULES_KEY, 0, KEY_QUERY_VALUE, &key))
        return FW_E_NOT_FOUND;
    rc = RegQueryValueExW(key, id, NULL, &type, NULL, &size);
    if (rc || type != REG_SZ) {
        RegCloseKey(key);
        return FW_E_NOT_FOUND;
    }
    data = calloc(size / sizeof(WCHAR) + 2, sizeof(WCHAR));
    if (!data) {
        RegCloseKey(key);
        return E_OUTOFMEMORY;
    }
    rc = RegQueryValueExW(key, id, NULL, &type, (BYTE *)data, &size);
    RegCloseKey(key);
    if (!rc)
        rule_parse(data, r);
    free(data);
    return rc ? FW_E_NOT_FOUND : S_OK;
}

HRESULT fw_rule_store(const WCHAR *id, const struct fw_rule_data *r)
{
    WCHAR *data = rule_format(r);
    HKEY key;
    LONG rc;

    if (!data)
        return E_OUTOFMEMORY;
    rc = RegCreateKeyExW(HKEY_LOCAL_MACHINE, LABFW_RULES_KEY, 0, NULL, 0, KEY_SET_VALUE, NULL,
                         &key, NULL);
    if (!rc) {
        rc = RegSetValueExW(key, id, 0, REG_SZ, (const BYTE *)data,
                            (DWORD)((wcslen(data) + 1) * sizeof(WCHAR)));
        RegCloseKey(key);
    }
    free(data);
    return HRESULT_FROM_WIN32(rc);
}

HRESULT fw_rule_delete(const WCHAR *id)
{
    HKEY key;

    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, LABFW_RULES_KEY, 0, KEY_SET_VALUE, &key))
        return S_OK;
    RegDeleteValueW(key, id);
    RegCloseKey(key);
    return S_OK;
}

HRESULT fw_rule_ids(WCHAR ***ids, LONG *count)
{
    DWORD i, values = 0, name_len;
    WCHAR name[256], **out;
    LONG n = 0;
    HKEY key;

    *ids = NULL;
    *count = 0;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, LABFW_RULES_KEY, 0, KEY_QUERY_VALUE, &key))
        return S_OK;
    RegQueryInfoKeyW(key, NULL, NULL, NULL, NULL, NULL, NULL, &values, NULL, NULL, NULL, NULL);
    out = calloc(values ? values : 1, sizeof(*out));
    if (!out) {
        RegCloseKey(key);
        return E_OUTOFMEMORY;
    }
    for (i = 0; i < values; i++) {
        DWORD type;
        name_len = 256;
        if (RegEnumValueW(key, i, name, &name_len, NULL, &type, NULL, NULL))
            break;
        if (type == REG_SZ && (out[n] = fw_strdup(name)))
            n++;
    }
    RegCloseKey(key);
    *ids = out;
    *count = n;
    return S_OK;
}

void fw_rule_ids_free(WCHAR **ids, LONG count)
{
    LONG i;
    for (i = 0; i < count; i++)
        free(ids[i]);
    free(ids);
}

/* ---- IEnumVARIANT over a snapshot ---- */

struct fw_enum {
    IEnumVARIANT IEnumVARIANT_iface;
    LONG refs;
    IDispatch **items;      /* eager: the snapshot; NULL when lazy */
    ULONG count, pos;
    fw_enum_make_fn make;   /* lazy: makes item i on demand */
    fw_enum_ref_fn ctx_ref;
    void *ctx;
};

static inline struct fw_enum *impl_from_IEnumVARIANT(IEnumVARIANT *iface)
{
    return CONTAINING_RECORD(iface, struct fw_enum, IEnumVARIANT_iface);
}

static HRESULT WINAPI fw_enum_QueryInterface(IEnumVARIANT *iface, REFIID riid, void **out)
{
    if (!out)
        return E_POINTER;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IEnumVARIANT)) {
        *out = iface;
        IEnumVARIANT_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI fw_enum_AddRef(IEnumVARIANT *iface)
{
    return InterlockedIncrement(&impl_from_IEnumVARIANT(iface)->refs);
}

static ULONG WINAPI fw_enum_Release(IEnumVARIANT *iface)
{
    struct fw_enum *e = impl_from_IEnumVARIANT(iface);
    ULONG refs = InterlockedDecrement(&e->refs), i;

    if (!refs) {
        for (i = 0; e->items && i < e->count; i++)
            IDispatch_Release(e->items[i]);
        free(e->items);
        if (e->ctx_ref)
            e->ctx_ref(e->ctx, -1);
        free(e);
        fw_object_removed();
    }
    return refs;
}

static HRESULT WINAPI fw_enum_Next(IEnumVARIANT *iface, ULONG celt, VARIANT *var, ULONG *fetched)
{
    struct fw_enum *e = impl_from_IEnumVARIANT(iface);
    ULONG i;

    if (!var || (celt > 1 && !fetched))
        return E_POINTER;
    for (i = 0; i < celt && e->pos < e->count; i++, e->pos++) {
        IDispatch *item;
        if (e->make) {
            HRESULT hr = e->make(e->ctx, e->pos, &item);
            if (FAILED(hr)) {
                while (i--)
                    VariantClear(&var[i]);
                if (fetched)
                    *fetched = 0;
                return hr;
            }
        } else {
            item = e->items[e->pos];
            IDispatch_AddRef(item);
        }
        VariantInit(&var[i]);
        V_VT(&var[i]) = VT_DISPATCH;
        V_DISPATCH(&var[i]) = item;
    }
    if (fetched)
        *fetched = i;
    return i == celt ? S_OK : S_FALSE;
}

static HRESULT WINAPI fw_enum_Skip(IEnumVARIANT *iface, ULONG celt)
{
    struct fw_enum *e = impl_from_IEnumVARIANT(iface);

    if (celt > e->count - e->pos) {
        e->pos = e->count;
        return S_FALSE;
    }
    e->pos += celt;
    return S_OK;
}

static HRESULT WINAPI fw_enum_Reset(IEnumVARIANT *iface)
{
    impl_from_IEnumVARIANT(iface)->pos = 0;
    return S_OK;
}

static HRESULT WINAPI fw_enum_Clone(IEnumVARIANT *iface, IEnumVARIANT **out)
{
    struct fw_enum *e = impl_from_IEnumVARIANT(iface);
    IDispatch **items;
    IUnknown *unk = NULL;
    HRESULT hr;
    ULONG i;

    if (!out)
        return E_POINTER;
    if (e->make) {
        hr = fw_enum_create_lazy(e->count, e->make, e->ctx_ref, e->ctx, &unk);
        if (FAILED(hr))
            return hr;
        impl_from_IEnumVARIANT((IEnumVARIANT *)unk)->pos = e->pos;
        *out = (IEnumVARIANT *)unk;
        return S_OK;
    }
    items = calloc(e->count ? e->count : 1, sizeof(*items));
    if (!items)
        return E_OUTOFMEMORY;
    for (i = 0; i < e->count; i++) {
        items[i] = e->items[i];
        IDispatch_AddRef(items[i]);
    }
    hr = fw_enum_create(items, e->count, &unk);
    if (FAILED(hr))
        return hr;
    impl_from_IEnumVARIANT((IEnumVARIANT *)unk)->pos = e->pos;
    *out = (IEnumVARIANT *)unk;
    return S_OK;
}

static const IEnumVARIANTVtbl fw_enum_vtbl = {
    fw_enum_QueryInterface, fw_enum_AddRef, fw_enum_Release,
    fw_enum_Next, fw_enum_Skip, fw_enum_Reset, fw_enum_Clone,
};

HRESULT fw_enum_create(IDispatch **items, ULONG count, IUnknown **out)
{
    struct fw_enum *e = calloc(1, sizeof(*e));
    ULONG i;

    if (!e) {
        for (i = 0; i < count; i++)
            IDispatch_Release(items[i]);
        free(items);
        return E_OUTOFMEMORY;
    }
    e->IEnumVARIANT_iface.lpVtbl = &fw_enum_vtbl;
    e->refs = 1;
    e->items = items;
    e->count = count;
    fw_object_added();
    *out = (IUnknown *)&e->IEnumVARIANT_iface;
    return S_OK;
}

HRESULT fw_enum_create_lazy(ULONG count, fw_enum_make_fn make, fw_enum_ref_fn ctx_ref, void *ctx,
                            IUnknown **out)
{
    struct fw_enum *e = calloc(1, sizeof(*e));

    if (!e)
        return E_OUTOFMEMORY;
    e->IEnumVARIANT_iface.lpVtbl = &fw_enum_vtbl;
    e->refs = 1;
    e->count = count;
    e->make = make;
    e->ctx_ref = ctx_ref;
    e->ctx = ctx;
    if (ctx_ref)
        ctx_ref(ctx, +1);
    fw_object_added();
    *out = (IUnknown *)&e->IEnumVARIANT_iface;
    return S_OK;
}
