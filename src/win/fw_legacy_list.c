/* pasvports: the legacy firewall backend's listing: every TCP GloballyOpenPorts exception of the
 * Domain and Standard profiles and Group Policy's port list, names and addresses read whole.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "fw_legacy.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "com_util.h"

const WCHAR *const pasv_legacy_profile_key[PROFILE_COUNT] = {L"DomainProfile", L"StandardProfile"};

/* Sets e->scope from a RemoteAddresses text; a custom list is copied into *remote (malloc'd,
 * the caller frees it after pushing e) and e->remote points at it. */
HRESULT pasv_legacy_scope_from_text(const WCHAR *text, pasv_fw_entry *e, char **remote)
{
    if (!text || !*text || wcscmp(text, L"*") == 0) {
        e->scope = PASV_SCOPE_ANY;
    } else if (_wcsicmp(text, L"LocalSubnet") == 0) {
        e->scope = PASV_SCOPE_SUBNET;
    } else {
        e->scope = PASV_SCOPE_CUSTOM;
        *remote = pasv_utf8_dup_wide(text);
        if (!*remote)
            return E_OUTOFMEMORY;
        e->remote = *remote;
    }
    return S_OK;
}

static HRESULT add_open_port(IDispatch *disp, uint32_t bit, pasv_fw_list *tmp)
{
    INetFwOpenPort *port = NULL;
    BSTR name = NULL, remote = NULL;
    char *uname = NULL, *uremote = NULL;
    NET_FW_IP_PROTOCOL protocol;
    NET_FW_SCOPE scope;
    VARIANT_BOOL enabled;
    LONG number;
    pasv_fw_entry e;
    HRESULT hr;

    hr = IDispatch_QueryInterface(disp, &IID_INetFwOpenPort, (void **)&port);
    if (FAILED(hr))
        goto cleanup;
    hr = INetFwOpenPort_get_Protocol(port, &protocol);
    if (FAILED(hr) || protocol != NET_FW_IP_PROTOCOL_TCP)
        goto cleanup; /* UDP openings are not ours to report */
    hr = INetFwOpenPort_get_Port(port, &number);
    if (FAILED(hr))
        goto cleanup;
    if (number < 1 || number > 65535)
        goto cleanup; /* not a port the engine can reason about */
    hr = INetFwOpenPort_get_Name(port, &name);
    if (FAILED(hr))
        goto cleanup;
    hr = INetFwOpenPort_get_Enabled(port, &enabled);
    if (FAILED(hr))
        goto cleanup;
    hr = INetFwOpenPort_get_Scope(port, &scope);
    if (FAILED(hr))
        goto cleanup;
    pasv_fw_entry_init(&e);
    e.ports.low = e.ports.high = (uint16_t)number;
    e.profiles = bit;
    e.flags = enabled ? PASV_FW_ENABLED : 0;
    e.protocol = PASV_PROTO_TCP;
    e.kind = PASV_FW_PORT;
    uname = pasv_utf8_dup_wide(name);
    if (!uname) {
        hr = E_OUTOFMEMORY;
        goto cleanup;
    }
    e.name = uname;
    if (scope == NET_FW_SCOPE_CUSTOM) {
        hr = INetFwOpenPort_get_RemoteAddresses(port, &remote);
        if (FAILED(hr))
            goto cleanup;
        hr = pasv_legacy_scope_from_text(remote, &e, &uremote);
        if (FAILED(hr))
            goto cleanup;
    } else {
        e.scope = scope == NET_FW_SCOPE_LOCAL_SUBNET ? PASV_SCOPE_SUBNET : PASV_SCOPE_ANY;
    }
    hr = pasv_fw_list_push(tmp, &e) ? S_OK : E_OUTOFMEMORY;

cleanup:
    free(uremote);
    free(uname);
    SysFreeString(remote);
    SysFreeString(name);
    if (port)
        INetFwOpenPort_Release(port);
    return hr;
}

/* Appends the TCP openings of one profile. E_NOTIMPL (Wine's get__NewEnum) reaches the caller,
 * which reports a partial list: never probe with Item instead, Wine's Item "finds" any port. */
static HRESULT list_profile(INetFwOpenPorts *ports, uint32_t bit, pasv_fw_list *tmp)
{
    IUnknown *unk = NULL;
    IEnumVARIANT *items = NULL;
    VARIANT v;
    unsigned count = 0;
    HRESULT hr;

    VariantInit(&v);
    hr = INetFwOpenPorts_get__NewEnum(ports, &unk);
    if (FAILED(hr))
        goto cleanup;
    hr = IUnknown_QueryInterface(unk, &IID_IEnumVARIANT, (void **)&items);
    if (FAILED(hr))
        goto cleanup;
    for (;;) {
        ULONG got = 0;

        hr = IEnumVARIANT_Next(items, 1, &v, &got);
        if (FAILED(hr))
            goto cleanup;
        if (hr == S_FALSE || got == 0) /* S_FALSE from Next is the end, not a failure */
            break;
        if (++count > MAX_ENUM_ITEMS) {
            hr = E_UNEXPECTED;
            goto cleanup;
        }
        if (V_VT(&v) == VT_DISPATCH && V_DISPATCH(&v))
            hr = add_open_port(V_DISPATCH(&v), bit, tmp);
        VariantClear(&v);
        if (FAILED(hr))
            goto cleanup;
    }
    hr = S_OK;

cleanup:
    VariantClear(&v);
    if (items)
        IEnumVARIANT_Release(items);
    if (unk)
        IUnknown_Release(unk);
    return hr;
}

/* One policy string "port:TCP:scope:Enabled|Disabled:name", the syntax given in the explain
 * text of the Group Policy setting "Windows Firewall: Define inbound port exceptions"
 * (Network\Network Connections\Windows Firewall). Returns false for anything that is not a
 * well-formed TCP entry. */
static bool parse_policy_entry(WCHAR *text, uint32_t bit, pasv_fw_entry *e, char **name, char **remote)
{
    WCHAR *field[5];
    WCHAR *p = text, *end;
    unsigned long port;
    int i;

    for (i = 0; i < 4; i++) {
        field[i] = p;
        p = wcschr(p, L':');
        if (!p)
            return false;
        *p++ = 0;
    }
    field[4] = p; /* the name is the rest: it may itself contain ':' */
    port = wcstoul(field[0], &end, 10);
    if (end == field[0] || *end || port < 1 || port > 65535 || _wcsicmp(field[1], L"TCP") != 0)
        return false;
    pasv_fw_entry_init(e);
    e->ports.low = e->ports.high = (uint16_t)port;
    e->profiles = bit;
    e->flags = PASV_FW_GP | (_wcsicmp(field[3], L"Enabled") == 0 ? PASV_FW_ENABLED : 0);
    e->protocol = PASV_PROTO_TCP;
    e->kind = PASV_FW_PORT;
    *name = pasv_utf8_dup_wide(field[4]);
    if (!*name || FAILED(pasv_legacy_scope_from_text(field[2], e, remote)))
        return false;
    e->name = *name;
    return true;
}

/* Group Policy's port exceptions: read-only for us, listed so the engine can report them. */
static HRESULT list_policy(pasv_fw_list *tmp)
{
    WCHAR path[128], value_name[64];
    WCHAR *data = NULL;
    HKEY key = NULL;
    HRESULT hr = S_OK;
    int i;

    for (i = 0; i < PROFILE_COUNT; i++) {
        DWORD index, max_data = 0;
        LONG rc;

        swprintf(path, sizeof(path) / sizeof(path[0]), GP_ROOT L"%ls\\GloballyOpenPorts\\List",
                 pasv_legacy_profile_key[i]);
        rc = RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, KEY_QUERY_VALUE, &key);
        if (rc == ERROR_FILE_NOT_FOUND)
            continue;
        if (rc == ERROR_SUCCESS)
            rc = RegQueryInfoKeyW(key, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, &max_data, NULL, NULL);
        if (rc != ERROR_SUCCESS) {
            hr = HRESULT_FROM_WIN32(rc);
            goto cleanup;
        }
        /* Sized from the key, so a long name is read whole; +1 for a missing terminator. */
        free(data);
        data = malloc(max_data + 2 * sizeof(WCHAR));
        if (!data) {
            hr = E_OUTOFMEMORY;
            goto cleanup;
        }
        for (index = 0;; index++) {
            DWORD name_len = sizeof(value_name) / sizeof(value_name[0]);
            DWORD size = max_data + sizeof(WCHAR), type;
            char *uname = NULL, *uremote = NULL;
            pasv_fw_entry e;
            bool parsed;

            rc = RegEnumValueW(key, index, value_name, &name_len, NULL, &type, (BYTE *)data, &size);
            if (rc == ERROR_NO_MORE_ITEMS)
                break;
            if (rc == ERROR_MORE_DATA)
                continue; /* a value name longer than any "port:TCP" */
            if (rc != ERROR_SUCCESS) {
                hr = HRESULT_FROM_WIN32(rc);
                goto cleanup;
            }
            if (type != REG_SZ && type != REG_EXPAND_SZ)
                continue;
            data[size / sizeof(WCHAR)] = 0; /* registry strings need not be terminated */
            parsed = parse_policy_entry(data, bit_of(i), &e, &uname, &uremote);
            if (parsed && !pasv_fw_list_push(tmp, &e))
                hr = E_OUTOFMEMORY;
            free(uremote);
            free(uname);
            if (FAILED(hr))
                goto cleanup;
        }
        RegCloseKey(key);
        key = NULL;
    }

cleanup:
    free(data);
    if (key)
        RegCloseKey(key);
    return hr;
}

/* Orders entries so that the same opening seen in several profiles ends up adjacent. The key is
 * (port, name) as the engine wants, extended by everything else the entry says (GP or local,
 * enabled, scope, remote): an exception enabled in one profile and disabled in the other stays
 * two entries rather than one entry that would be wrong for one of the profiles. */
static int compare_entries(const void *pa, const void *pb)
{
    const pasv_fw_entry *a = pa, *b = pb;
    int c;

    if (a->ports.low != b->ports.low)
        return a->ports.low < b->ports.low ? -1 : 1;
    if ((c = strcmp(a->name, b->name)) != 0)
        return c;
    if (a->flags != b->flags)
        return a->flags < b->flags ? -1 : 1;
    if (a->scope != b->scope)
        return a->scope < b->scope ? -1 : 1;
    return strcmp(a->remote, b->remote);
}

/* Sort + one pass: linear-logarithmic even for 2 x 60,535 exceptions. Returns the new count. */
static size_t merge_profiles(pasv_fw_entry *items, size_t count)
{
    size_t i, n = 0;

    if (count < 2)
        return count;
    qsort(items, count, sizeof(items[0]), compare_entries);
    for (i = 1; i < count; i++) {
        if (compare_entries(&items[n], &items[i]) == 0)
            items[n].profiles |= items[i].profiles;
        else
            items[++n] = items[i];
    }
    return n + 1;
}

HRESULT pasv_legacy_list_ports(INetFwOpenPorts *const ports[PROFILE_COUNT], pasv_fw_list *out)
{
    bool partial = false;
    size_t old_count = out->count;
    HRESULT hr = S_OK;
    int p;

    /* Straight into out, merged in place: no second copy of 2 x 60,535 entries. */
    for (p = 0; p < PROFILE_COUNT; p++) {
        LONG n = 0;
        /* A hint only (Wine's stub says 0): room for every profile's list in one allocation. */
        if (ports[p] && SUCCEEDED(INetFwOpenPorts_get_Count(ports[p], &n)) && n > 0 &&
            (unsigned long)n <= MAX_ENUM_ITEMS && !pasv_fw_list_reserve(out, (size_t)n)) {
            hr = E_OUTOFMEMORY;
            goto cleanup;
        }
    }
    for (p = 0; p < PROFILE_COUNT; p++) {
        if (!ports[p])
            continue;
        hr = list_profile(ports[p], bit_of(p), out);
        if (hr == E_NOTIMPL) {
            /* Wine: get__NewEnum is a stub, and get_Count is always 0 whatever Add was told.
             * Report "incomplete" (S_FALSE) with what we have instead of guessing. */
            partial = true;
            hr = S_OK;
        }
        if (FAILED(hr))
            goto cleanup;
    }
    hr = list_policy(out);
    if (FAILED(hr))
        goto cleanup;
    out->count = old_count + merge_profiles(out->items + old_count, out->count - old_count);
    hr = partial ? S_FALSE : S_OK;

cleanup:
    if (FAILED(hr))
        out->count = old_count; /* outputs untouched on failure */
    return hr;
}
