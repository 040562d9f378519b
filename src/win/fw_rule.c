/* pasvports: Vista+ rule-level helpers: LocalPorts parsing, our identity, reading one rule as it
 * is now and building one (fw_rule.h).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "fw_rule.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "com_util.h"

#define E_NOT_FOUND HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND) /* INetFwRules::Item: no such rule */

/* NET_FW_PROFILE2_ALL is 0x7FFFFFFF; the engine only knows the three real bits. */
uint32_t fwa_profiles_from_api(LONG profiles)
{
    return (uint32_t)profiles & ALL_PROFILES2;
}

/* ---- LocalPorts parsing ---- */

static const WCHAR *skip_spaces(const WCHAR *p)
{
    while (*p == L' ' || *p == L'\t')
        p++;
    return p;
}

/* Reads a decimal port at *p; false when there is none or it is above 65535. */
static bool read_port(const WCHAR **p, unsigned long *value)
{
    const WCHAR *s = *p;
    unsigned long v = 0;

    if (*s < L'0' || *s > L'9')
        return false;
    while (*s >= L'0' && *s <= L'9') {
        v = v * 10 + (unsigned long)(*s++ - L'0');
        if (v > 65535)
            return false;
    }
    *p = s;
    *value = v;
    return true;
}


HRESULT fwa_parse_local_ports(const WCHAR *list, range_cb add, void *ctx)
{
    const WCHAR *p = list;
    HRESULT hr;

    if (!p)
        return S_OK;
    while (*p) {
        unsigned long low, high;
        const WCHAR *q = skip_spaces(p);
        bool good = read_port(&q, &low);

        high = low;
        if (good) {
            q = skip_spaces(q);
            if (*q == L'-') {
                q = skip_spaces(q + 1);
                good = read_port(&q, &high);
                q = skip_spaces(q);
            }
        }
        if (good && (*q == L',' || *q == 0) && high >= 1 && low <= high) {
            if (low == 0)
                low = 1; /* "0-65535" style: port 0 is never a listening port */
            hr = add(ctx, (uint16_t)low, (uint16_t)high);
            if (FAILED(hr))
                return hr;
        }
        while (*q && *q != L',')
            q++;
        p = *q == L',' ? q + 1 : q;
    }
    return S_OK;
}

bool fwa_identity_is_ours(const WCHAR *grouping, const WCHAR *desc)
{
    if (!grouping || wcscmp(grouping, L"" PASV_RULE_GROUPING) != 0 || !desc)
        return false;
    return wcsncmp(desc, RULE_TAG, wcslen(RULE_TAG)) == 0 || wcscmp(desc, OLD_DESCRIPTION) == 0;
}

/* Sets e->scope; a custom list is copied whole into *copy (malloc'd) and e->remote points at it. */
HRESULT fwa_scope_from_remote(const WCHAR *remote, pasv_fw_entry *e, char **copy)
{
    if (!remote || !*remote || wcscmp(remote, L"*") == 0) {
        e->scope = PASV_SCOPE_ANY;
    } else if (_wcsicmp(remote, L"LocalSubnet") == 0) {
        e->scope = PASV_SCOPE_SUBNET;
    } else {
        e->scope = PASV_SCOPE_CUSTOM;
        *copy = pasv_utf8_dup_wide(remote);
        if (!*copy)
            return E_OUTOFMEMORY;
        e->remote = *copy;
    }
    return S_OK;
}

/* ---- rules ---- */

/* Rule names must not contain '|' and must not be "all" (INetFwRule remarks). */
bool fwa_rule_name_valid(const char *name)
{
    return name && *name && !strchr(name, '|') && _stricmp(name, "all") != 0;
}

HRESULT fwa_build_rule(const pasv_fw_entry *e, INetFwRule **out)
{
    INetFwRule *rule = NULL;
    BSTR name = NULL, desc = NULL, ports = NULL, grouping = NULL, remote = NULL;
    WCHAR text[16];
    HRESULT hr;

    if (e->ports.low == e->ports.high)
        swprintf(text, sizeof(text) / sizeof(text[0]), L"%u", (unsigned)e->ports.low);
    else
        swprintf(text, sizeof(text) / sizeof(text[0]), L"%u-%u", (unsigned)e->ports.low,
                 (unsigned)e->ports.high);
    hr = pasv_bstr_from_utf8(e->name, &name);
    if (FAILED(hr))
        goto cleanup;
    desc = SysAllocString(RULE_DESCRIPTION);
    ports = SysAllocString(text);
    grouping = SysAllocString(L"" PASV_RULE_GROUPING);
    if (!desc || !ports || !grouping) {
        hr = E_OUTOFMEMORY;
        goto cleanup;
    }
    if (e->scope == PASV_SCOPE_CUSTOM)
        hr = pasv_bstr_from_utf8(e->remote, &remote);
    else if (!(remote = SysAllocString(e->scope == PASV_SCOPE_SUBNET ? L"LocalSubnet" : L"*")))
        hr = E_OUTOFMEMORY;
    if (FAILED(hr))
        goto cleanup;

    /* The order is the documented one: the rule is validated on every change, so Protocol
     * must be TCP before LocalPorts is accepted, and Enabled (default FALSE) comes last. */
    hr = CoCreateInstance(&CLSID_NetFwRule, NULL, CLSCTX_INPROC_SERVER, &IID_INetFwRule,
                          (void **)&rule);
    if (FAILED(hr))
        goto cleanup;
    hr = INetFwRule_put_Name(rule, name);
    if (FAILED(hr))
        goto cleanup;
    hr = INetFwRule_put_Description(rule, desc);
    if (FAILED(hr))
        goto cleanup;
    hr = INetFwRule_put_Protocol(rule, NET_FW_IP_PROTOCOL_TCP);
    if (FAILED(hr))
        goto cleanup;
    hr = INetFwRule_put_LocalPorts(rule, ports);
    if (FAILED(hr))
        goto cleanup;
    hr = INetFwRule_put_Direction(rule, NET_FW_RULE_DIR_IN);
    if (FAILED(hr))
        goto cleanup;
    hr = INetFwRule_put_Action(rule, NET_FW_ACTION_ALLOW); /* default undocumented: set it */
    if (FAILED(hr))
        goto cleanup;
    hr = INetFwRule_put_Profiles(rule, e->profiles ? (LONG)(e->profiles & ALL_PROFILES2)
                                                   : (LONG)NET_FW_PROFILE2_ALL);
    if (FAILED(hr))
        goto cleanup;
    hr = INetFwRule_put_Grouping(rule, grouping);
    if (FAILED(hr))
        goto cleanup;
    hr = INetFwRule_put_RemoteAddresses(rule, remote);
    if (FAILED(hr))
        goto cleanup;
    /* A rollback puts back a rule of ours exactly, disabled ones included. */
    hr = INetFwRule_put_Enabled(rule, (e->flags & PASV_FW_ENABLED) ? VARIANT_TRUE : VARIANT_FALSE);
    if (FAILED(hr))
        goto cleanup;
    *out = rule;
    rule = NULL;

cleanup:
    if (rule)
        INetFwRule_Release(rule);
    SysFreeString(remote);
    SysFreeString(grouping);
    SysFreeString(ports);
    SysFreeString(desc);
    SysFreeString(name);
    return hr;
}

void fwa_rule_now_clear(rule_now *now)
{
    free(now->remote);
    memset(now, 0, sizeof(*now));
}

static HRESULT one_range(void *ctx, uint16_t low, uint16_t high)
{
    rule_now *now = ctx;

    now->simple = !now->ports.low; /* a second range: not a rule this product writes */
    now->ports.low = low;
    now->ports.high = high;
    return S_OK;
}

HRESULT fwa_read_now(INetFwRule *rule, rule_now *now)
{
    BSTR ports = NULL, grouping = NULL, desc = NULL, remote = NULL;
    NET_FW_RULE_DIRECTION dir = NET_FW_RULE_DIR_OUT;
    NET_FW_ACTION action = NET_FW_ACTION_BLOCK;
    VARIANT_BOOL enabled = VARIANT_FALSE;
    LONG protocol = 0, profiles = 0;
    HRESULT hr;

    memset(now, 0, sizeof(*now));
    pasv_fw_entry_init(&now->scope);
    hr = INetFwRule_get_Grouping(rule, &grouping);
    if (SUCCEEDED(hr))
        hr = INetFwRule_get_Description(rule, &desc);
    if (SUCCEEDED(hr))
        hr = INetFwRule_get_Direction(rule, &dir);
    if (SUCCEEDED(hr))
        hr = INetFwRule_get_Protocol(rule, &protocol);
    if (SUCCEEDED(hr))
        hr = INetFwRule_get_Action(rule, &action);
    if (SUCCEEDED(hr) && protocol == NET_FW_IP_PROTOCOL_TCP)
        hr = INetFwRule_get_LocalPorts(rule, &ports);
    if (SUCCEEDED(hr))
        hr = INetFwRule_get_Profiles(rule, &profiles);
    if (SUCCEEDED(hr))
        hr = INetFwRule_get_Enabled(rule, &enabled);
    if (SUCCEEDED(hr))
        hr = INetFwRule_get_RemoteAddresses(rule, &remote);
    if (SUCCEEDED(hr) && ports && !wcschr(ports, L','))
        hr = fwa_parse_local_ports(ports, one_range, now);
    if (SUCCEEDED(hr))
        hr = fwa_scope_from_remote(remote, &now->scope, &now->remote);
    now->ours = fwa_identity_is_ours(grouping, desc);
    now->simple = now->simple && dir == NET_FW_RULE_DIR_IN && action == NET_FW_ACTION_ALLOW;
    now->profiles = fwa_profiles_from_api(profiles);
    now->enabled = enabled != VARIANT_FALSE;
    SysFreeString(remote);
    SysFreeString(desc);
    SysFreeString(grouping);
    SysFreeString(ports);
    if (FAILED(hr))
        fwa_rule_now_clear(now);
    return hr;
}

uint32_t fwa_want_profiles(const pasv_fw_entry *e)
{
    return e->profiles ? e->profiles & ALL_PROFILES2 : ALL_PROFILES2;
}

/* True when now is our rule and says what want says: ports (a single-port entry has no high),
 * enabled state, scope and remote addresses, and, with profiles_too, the same profiles. */
bool fwa_now_is(const rule_now *now, const pasv_fw_entry *want, bool profiles_too)
{
    uint16_t high = want->kind == PASV_FW_RULE ? want->ports.high : want->ports.low;

    if (!now->ours || !now->simple || now->ports.low != want->ports.low || now->ports.high != high)
        return false;
    if (now->enabled != ((want->flags & PASV_FW_ENABLED) != 0) || now->scope.scope != want->scope)
        return false;
    if (profiles_too && now->profiles != fwa_want_profiles(want))
        return false;
    return want->scope != PASV_SCOPE_CUSTOM ||
           strcmp(now->scope.remote, want->remote ? want->remote : "") == 0;
}

/* ---- proving and removing one rule, and undoing a failed change ---- */

/* The first rule called name, read (S_FALSE: there is none); *live is that rule's object when
 * asked for (INetFwRules::Item hands out the stored rule: puts on it change the firewall). */
HRESULT fwa_item_now(INetFwRules *rules, BSTR name, rule_now *now, INetFwRule **live)
{
    INetFwRule *rule = NULL;
    HRESULT hr = INetFwRules_Item(rules, name, &rule);

    memset(now, 0, sizeof(*now));
    if (hr == E_NOT_FOUND)
        return S_FALSE;
    if (FAILED(hr))
        return hr;
    if (!rule)
        return E_POINTER;
    hr = fwa_read_now(rule, now);
    if (SUCCEEDED(hr) && live)
        *live = rule;
    else
        INetFwRule_Release(rule);
    return FAILED(hr) ? hr : S_OK;
}


/* Puts back everything u records, newest first. Best effort: the caller is already failing. */
void fwa_undo_apply(INetFwRules *rules, fw_undo *u)
{
    int i;

    if (u->narrowed)
        INetFwRule_put_Profiles(u->narrowed, u->narrowed_from);
    for (i = u->count - 1; i >= 0; i--) {
        INetFwRule_put_Name(u->removed[i], u->names[i]);
        INetFwRules_Add(rules, u->removed[i]); /* the same object: its rule comes back */
    }
}

void fwa_undo_clear(fw_undo *u)
{
    int i;

    for (i = u->count - 1; i >= 0; i--) {
        INetFwRule_Release(u->removed[i]);
        SysFreeString(u->names[i]);
    }
    if (u->narrowed)
        INetFwRule_Release(u->narrowed);
    memset(u, 0, sizeof(*u));
}

/* A name no other rule has: "<name> {pasvports-<GUID>}". */
static HRESULT temp_name(const WCHAR *name, BSTR *out)
{
    WCHAR guid[40], *buf;
    GUID g;
    size_t len;
    HRESULT hr = CoCreateGuid(&g);

    if (FAILED(hr))
        return hr;
    if (!StringFromGUID2(&g, guid, 40))
        return E_UNEXPECTED;
    len = wcslen(name) + wcslen(guid) + 16;
    buf = malloc(len * sizeof(WCHAR));
    if (!buf)
        return E_OUTOFMEMORY;
    swprintf(buf, len, L"%ls {pasvports-%ls}", name, guid + 1); /* guid + 1: without its '{' */
    *out = SysAllocString(buf);
    free(buf);
    return *out ? S_OK : E_OUTOFMEMORY;
}

/* Removes exactly the rule live is (an object from INetFwRules::Item, which hands out the stored
 * rule: puts on it change that rule). Remove takes a name and may take any rule of that name
 * (https://learn.microsoft.com/windows/win32/api/netfw/nf-netfw-inetfwrules-remove), so the
 * proven rule is first renamed to a name no other rule has and that name is removed; if that
 * fails its name is put back. The removed object and its name go to u (when not full: then it
 * is not removed at all). */
HRESULT fwa_remove_live(INetFwRules *rules, INetFwRule *live, fw_undo *u)
{
    BSTR name = NULL, temp = NULL;
    HRESULT hr;

    if (u->count >= MAX_SAME_NAME)
        return E_UNEXPECTED; /* Remove said S_OK yet the rules stay: do not spin */
    hr = INetFwRule_get_Name(live, &name);
    if (SUCCEEDED(hr) && !name)
        hr = E_UNEXPECTED;
    if (SUCCEEDED(hr))
        hr = temp_name(name, &temp);
    if (SUCCEEDED(hr))
        hr = INetFwRule_put_Name(live, temp);
    if (SUCCEEDED(hr)) {
        hr = INetFwRules_Remove(rules, temp);
        if (FAILED(hr))
            INetFwRule_put_Name(live, name); /* best effort */
    }
    SysFreeString(temp);
    if (FAILED(hr)) {
        SysFreeString(name);
        return hr;
    }
    INetFwRule_AddRef(live);
    u->removed[u->count] = live;
    u->names[u->count++] = name;
    return S_OK;
}
