/* pasvports lab firewall: the Vista+ objects INetFwPolicy2, INetFwRules and INetFwRule.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 * Behaviour follows Microsoft's INetFwRule and INetFwRules pages
 * (https://learn.microsoft.com/windows/win32/api/netfw/nn-netfw-inetfwrule, nn-netfw-inetfwrules);
 * rules are REG_SZ values in Windows' own format. */
#include <stdlib.h>
#include <wchar.h>
#include "fw_private.h"

/* ------------------------------------------------------------------ INetFwRule */

/* A rule object is standalone (CoCreateInstance: in memory) until INetFwRules::Add gives it a
 * rule id; from then on (and for objects from Item/_NewEnum) it is attached: gets re-read the
 * stored rule and puts rewrite it immediately. */
struct fw_rule {
    INetFwRule INetFwRule_iface;
    LONG refs;
    WCHAR *id;                /* rule id (GUID string) once attached */
    struct fw_rule_data d;
};

static const INetFwRuleVtbl fw_rule_vtbl;

static inline struct fw_rule *impl_from_INetFwRule(INetFwRule *iface)
{
    return CONTAINING_RECORD(iface, struct fw_rule, INetFwRule_iface);
}

static HRESULT WINAPI fw_rule_QueryInterface(INetFwRule *iface, REFIID riid, void **out)
{
    if (!out)
        return E_POINTER;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch)
        || IsEqualGUID(riid, &IID_INetFwRule)) {
        *out = iface;
        INetFwRule_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI fw_rule_AddRef(INetFwRule *iface)
{
    return InterlockedIncrement(&impl_from_INetFwRule(iface)->refs);
}

static ULONG WINAPI fw_rule_Release(INetFwRule *iface)
{
    struct fw_rule *r = impl_from_INetFwRule(iface);
    ULONG refs = InterlockedDecrement(&r->refs);

    if (!refs) {
        fw_rule_clear(&r->d);
        free(r->id);
        free(r);
        fw_object_removed();
    }
    return refs;
}

FW_IDISPATCH_IMPL(fw_rule, INetFwRule)

static HRESULT rule_read(struct fw_rule *r)
{
    struct fw_rule_data d;
    HRESULT hr;

    if (!r->id)
        return S_OK;
    if (FAILED(hr = fw_enter(FW_VISTA, FALSE)))
        return hr;
    if (SUCCEEDED(fw_rule_load(r->id, &d))) {
        fw_rule_clear(&r->d);
        r->d = d;
    }
    return S_OK;
}

static HRESULT rule_begin_write(struct fw_rule *r)
{
    HRESULT hr;

    if (!r->id)
        return S_OK;
    if (FAILED(hr = rule_read(r)))
        return hr;
    return fw_enter(FW_VISTA, TRUE);
}

/* A rule removed meanwhile is not re-created by a put: the object just keeps the value. */
static HRESULT rule_commit(struct fw_rule *r)
{
    struct fw_rule_data probe;

    if (!r->id || FAILED(fw_rule_load(r->id, &probe)))
        return S_OK;
    fw_rule_clear(&probe);
    return fw_rule_store(r->id, &r->d);
}

/* '|' separates fields in the stored rule, so no string property may contain it (documented
 * for Name; the lab applies it to every string). */
static HRESULT rule_put_string(INetFwRule *iface, WCHAR **field, const WCHAR *value)
{
    struct fw_rule *r = impl_from_INetFwRule(iface);
    HRESULT hr;

    if (value && wcschr(value, L'|'))
        return E_INVALIDARG;
    if (FAILED(hr = rule_begin_write(r)))
        return hr;
    if (FAILED(hr = fw_set_string(field, value)))
        return hr;
    return rule_commit(r);
}

static HRESULT rule_get_string(INetFwRule *iface, WCHAR *const *field, BSTR *out)
{
    struct fw_rule *r = impl_from_INetFwRule(iface);
    HRESULT hr = rule_read(r);

    if (FAILED(hr))
        return hr;
    if (!out)
        return E_POINTER;
    *out = NULL;
    return *field ? fw_bstr_out(*field, out) : S_OK; /* unset strings read back as NULL */
}

#define RULE_STRING_PROP(prop, field)                                                    \
    static HRESULT WINAPI fw_rule_get_##prop(INetFwRule *iface, BSTR *out)              \
    { return rule_get_string(iface, &impl_from_INetFwRule(iface)->d.field, out); }       \
    static HRESULT WINAPI fw_rule_put_##prop(INetFwRule *iface, BSTR value)             \
    { return rule_put_string(iface, &impl_from_INetFwRule(iface)->d.field, value); }

RULE_STRING_PROP(Description, desc)
RULE_STRING_PROP(ApplicationName, app)
RULE_STRING_PROP(ServiceName, svc)
RULE_STRING_PROP(IcmpTypesAndCodes, icmp)
RULE_STRING_PROP(Grouping, grouping)

/* Windows gives the display text of a built-in rule's indirect Name (the FTP role's
 * "@...firewallapi.dll,-38543" reads "FTP Server Passive (FTP Passive Traffic-In)"); the stored
 * string stays indirect. Grouping is returned as stored (indirect), as Windows does. */
static HRESULT display_out(HRESULT hr, BSTR *out)
{
    WCHAR buf[512];
    const WCHAR *shown;
    if (FAILED(hr) || !out || !*out || (*out)[0] != L'@')
        return hr;
    shown = fw_display_string(*out, buf, ARRAYSIZE(buf));
    if (shown == buf) {
        BSTR b = SysAllocString(buf);
        if (!b)
            return E_OUTOFMEMORY;
        SysFreeString(*out);
        *out = b;
    }
    return hr;
}

static HRESULT WINAPI fw_rule_get_Name(INetFwRule *iface, BSTR *out)
{
    return display_out(rule_get_string(iface, &impl_from_INetFwRule(iface)->d.name, out), out);
}

/* Name: required, must not contain '|' and must not be "all" (sdk-api nn-netfw-inetfwrule). */
static HRESULT WINAPI fw_rule_put_Name(INetFwRule *iface, BSTR name)
{
    if (!name || !*name || !_wcsicmp(name, L"all"))
        return E_INVALIDARG;
    return rule_put_string(iface, &impl_from_INetFwRule(iface)->d.name, name);
}

static HRESULT WINAPI fw_rule_get_Protocol(INetFwRule *iface, LONG *protocol)
{
    struct fw_rule *r = impl_from_INetFwRule(iface);
    HRESULT hr = rule_read(r);

    if (FAILED(hr))
        return hr;
    if (!protocol)
        return E_POINTER;
    *protocol = r->d.protocol;
    return S_OK;
}

static BOOL has_ports(const WCHAR *list)
{
    return list && wcscmp(list, L"*");
}

/* 0-255 or ANY (256). Ports only make sense for TCP/UDP: leaving TCP/UDP while port lists are
 * set is refused, the mirror of the LocalPorts rule below. */
static HRESULT WINAPI fw_rule_put_Protocol(INetFwRule *iface, LONG protocol)
{
    struct fw_rule *r = impl_from_INetFwRule(iface);
    HRESULT hr;

    if (protocol < 0 || protocol > NET_FW_IP_PROTOCOL_ANY)
        return E_INVALIDARG;
    if (FAILED(hr = rule_begin_write(r)))
        return hr;
    if (protocol != NET_FW_IP_PROTOCOL_TCP && protocol != NET_FW_IP_PROTOCOL_UDP
        && (has_ports(r->d.lports) || has_ports(r->d.rports)))
        return E_INVALIDARG;
    r->d.protocol = protocol;
    return rule_commit(r);
}

/* "*", or a comma list of ports, ranges and the keywords Windows knows. */
static BOOL ports_valid(const WCHAR *s)
{
    static const WCHAR *const keywords[] = { L"RPC", L"RPC-EPMap", L"IPHTTPS", L"Teredo",
                                             L"IPHTTPSIn", L"IPHTTPSOut", L"Ply2Disc", L"mDNS" };
    const WCHAR *p = s;

    if (!wcscmp(s, L"*"))
        return TRUE;
    while (*p) {
        const WCHAR *comma = wcschr(p, L',');
        size_t n = comma ? (size_t)(comma - p) : wcslen(p);
        WCHAR *end;
        unsigned long lo, hi;
        size_t k;
        BOOL keyword = FALSE;

        for (k = 0; k < ARRAYSIZE(keywords); k++)
            if (wcslen(keywords[k]) == n && !_wcsnicmp(p, keywords[k], n))
                keyword = TRUE;
        if (!keyword) {
            if (*p < L'0' || *p > L'9')
                return FALSE;
            lo = wcstoul(p, &end, 10);
            hi = lo;
            if (*end == L'-') {
                if (end[1] < L'0' || end[1] > L'9')
                    return FALSE;
                hi = wcstoul(end + 1, &end, 10);
            }
            if (end != p + n || lo > 65535 || hi > 65535 || lo > hi)
                return FALSE;
        }
        if (!n)
            return FALSE;
        p += n;
        if (*p && !*++p)
            return FALSE; /* trailing comma */
    }
    return TRUE;
}

/* "The Protocol property must be set before the LocalPorts property or an error will be
 * returned" (sdk-api inetfwrule-put_localports / put_remoteports; the code is not documented).
 * The lab returns HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER) = 0x80070057 (== E_INVALIDARG),
 * and also for a protocol other than TCP/UDP. */
static HRESULT rule_put_ports(INetFwRule *iface, WCHAR **field, BSTR ports)
{
    struct fw_rule *r = impl_from_INetFwRule(iface);
    HRESULT hr;

    if (FAILED(hr = rule_begin_write(r)))
        return hr;
    if (r->d.protocol != NET_FW_IP_PROTOCOL_TCP && r->d.protocol != NET_FW_IP_PROTOCOL_UDP)
        return HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
    if (ports && *ports && !ports_valid(ports))
        return HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
    if (FAILED(hr = fw_set_string(field, (ports && wcscmp(ports, L"*")) ? ports : NULL)))
        return hr;
    return rule_commit(r);
}

static HRESULT rule_get_ports(INetFwRule *iface, WCHAR *const *field, BSTR *out)
{
    struct fw_rule *r = impl_from_INetFwRule(iface);
    HRESULT hr = rule_read(r);

    if (FAILED(hr))
        return hr;
    return fw_bstr_out(*field ? *field : L"*", out);
}

static HRESULT WINAPI fw_rule_get_LocalPorts(INetFwRule *iface, BSTR *out)
{
    return rule_get_ports(iface, &impl_from_INetFwRule(iface)->d.lports, out);
}

static HRESULT WINAPI fw_rule_put_LocalPorts(INetFwRule *iface, BSTR ports)
{
    return rule_put_ports(iface, &impl_from_INetFwRule(iface)->d.lports, ports);
}

static HRESULT WINAPI fw_rule_get_RemotePorts(INetFwRule *iface, BSTR *out)
{
    return rule_get_ports(iface, &impl_from_INetFwRule(iface)->d.rports, out);
}

static HRESULT WINAPI fw_rule_put_RemotePorts(INetFwRule *iface, BSTR ports)
{
    return rule_put_ports(iface, &impl_from_INetFwRule(iface)->d.rports, ports);
}

/* Addresses: "*" (alone) or a comma list; read back as "*" when unset. */
static HRESULT rule_put_addrs(INetFwRule *iface, WCHAR **field, BSTR addrs)
{
    if (addrs && (wcschr(addrs, L'|') || (wcschr(addrs, L'*') && wcscmp(addrs, L"*"))))
        return E_INVALIDARG;
    return rule_put_string(iface, field, (addrs && wcscmp(addrs, L"*")) ? addrs : NULL);
}

static HRESULT WINAPI fw_rule_get_LocalAddresses(INetFwRule *iface, BSTR *out)
{
    return rule_get_ports(iface, &impl_from_INetFwRule(iface)->d.laddrs, out);
}

static HRESULT WINAPI fw_rule_put_LocalAddresses(INetFwRule *iface, BSTR addrs)
{
    return rule_put_addrs(iface, &impl_from_INetFwRule(iface)->d.laddrs, addrs);
}

static HRESULT WINAPI fw_rule_get_RemoteAddresses(INetFwRule *iface, BSTR *out)
{
    return rule_get_ports(iface, &impl_from_INetFwRule(iface)->d.raddrs, out);
}

static HRESULT WINAPI fw_rule_put_RemoteAddresses(INetFwRule *iface, BSTR addrs)
{
    return rule_put_addrs(iface, &impl_from_INetFwRule(iface)->d.raddrs, addrs);
}

static HRESULT WINAPI fw_rule_get_Direction(INetFwRule *iface, NET_FW_RULE_DIRECTION *dir)
{
    struct fw_rule *r = impl_from_INetFwRule(iface);
    HRESULT hr = rule_read(r);

    if (FAILED(hr))
        return hr;
    if (!dir)
        return E_POINTER;
    *dir = r->d.dir;
    return S_OK;
}

static HRESULT WINAPI fw_rule_put_Direction(INetFwRule *iface, NET_FW_RULE_DIRECTION dir)
{
    struct fw_rule *r = impl_from_INetFwRule(iface);
    HRESULT hr;

    if (dir != NET_FW_RULE_DIR_IN && dir != NET_FW_RULE_DIR_OUT)
        return E_INVALIDARG;
    if (FAILED(hr = rule_begin_write(r)))
        return hr;
    r->d.dir = dir;
    return rule_commit(r);
}

/* Specific interfaces: not modelled by the lab. */
static HRESULT WINAPI fw_rule_get_Interfaces(INetFwRule *iface, VARIANT *v)
{
    (void)iface;
    if (v)
        VariantInit(v);
    return E_NOTIMPL;
}

static HRESULT WINAPI fw_rule_put_Interfaces(INetFwRule *iface, VARIANT v)
{
    (void)iface; (void)v;
    return E_NOTIMPL;
}

/* "All", or a comma list of "LAN", "Wireless", "RemoteAccess" (sdk-api put_InterfaceTypes). */
static HRESULT WINAPI fw_rule_get_InterfaceTypes(INetFwRule *iface, BSTR *out)
{
    struct fw_rule *r = impl_from_INetFwRule(iface);
    HRESULT hr = rule_read(r);

    if (FAILED(hr))
        return hr;
    return fw_bstr_out(r->d.iftypes ? r->d.iftypes : L"All", out);
}

static HRESULT WINAPI fw_rule_put_InterfaceTypes(INetFwRule *iface, BSTR types)
{
    const WCHAR *p = types;

    if (!types || !*types)
        return E_INVALIDARG;
    if (!_wcsicmp(types, L"All"))
        return rule_put_string(iface, &impl_from_INetFwRule(iface)->d.iftypes, NULL);
    while (*p) {
        const WCHAR *comma = wcschr(p, L',');
        size_t n = comma ? (size_t)(comma - p) : wcslen(p);
        if (!((n == 3 && !_wcsnicmp(p, L"LAN", 3)) || (n == 8 && !_wcsnicmp(p, L"Wireless", 8))
              || (n == 12 && !_wcsnicmp(p, L"RemoteAccess", 12))))
            return E_INVALIDARG;
        p += n;
        if (*p)
            p++;
    }
    return rule_put_string(iface, &impl_from_INetFwRule(iface)->d.iftypes, types);
}

static HRESULT WINAPI fw_rule_get_Enabled(INetFwRule *iface, VARIANT_BOOL *enabled)
{
    struct fw_rule *r = impl_from_INetFwRule(iface);
    HRESULT hr = rule_read(r);

    if (FAILED(hr))
        return hr;
    if (!enabled)
        return E_POINTER;
    *enabled = r->d.enabled ? VARIANT_TRUE : VARIANT_FALSE;
    return S_OK;
}

static HRESULT WINAPI fw_rule_put_Enabled(INetFwRule *iface, VARIANT_BOOL enabled)
{
    struct fw_rule *r = impl_from_INetFwRule(iface);
    HRESULT hr;

    if (FAILED(hr = rule_begin_write(r)))
        return hr;
    r->d.enabled = enabled != VARIANT_FALSE;
    return rule_commit(r);
}

static HRESULT WINAPI fw_rule_get_Profiles(INetFwRule *iface, LONG *profiles)
{
    struct fw_rule *r = impl_from_INetFwRule(iface);
    HRESULT hr = rule_read(r);

    if (FAILED(hr))
        return hr;
    if (!profiles)
        return E_POINTER;
    *profiles = r->d.profiles;
    return S_OK;
}

static HRESULT WINAPI fw_rule_put_Profiles(INetFwRule *iface, LONG profiles)
{
    struct fw_rule *r = impl_from_INetFwRule(iface);
    HRESULT hr;

    if (profiles != NET_FW_PROFILE2_ALL && (!profiles || (profiles & ~7)))
        return E_INVALIDARG;
    if (FAILED(hr = rule_begin_write(r)))
        return hr;
    r->d.profiles = (profiles & 7) == 7 ? NET_FW_PROFILE2_ALL : profiles;
    return rule_commit(r);
}

static HRESULT WINAPI fw_rule_get_EdgeTraversal(INetFwRule *iface, VARIANT_BOOL *edge)
{
    struct fw_rule *r = impl_from_INetFwRule(iface);
    HRESULT hr = rule_read(r);

    if (FAILED(hr))
        return hr;
    if (!edge)
        return E_POINTER;
    *edge = r->d.edge ? VARIANT_TRUE : VARIANT_FALSE;
    return S_OK;
}

static HRESULT WINAPI fw_rule_put_EdgeTraversal(INetFwRule *iface, VARIANT_BOOL edge)
{
    struct fw_rule *r = impl_from_INetFwRule(iface);
    HRESULT hr;

    if (FAILED(hr = rule_begin_write(r)))
        return hr;
    r->d.edge = edge != VARIANT_FALSE;
    return rule_commit(r);
}

static HRESULT WINAPI fw_rule_get_Action(INetFwRule *iface, NET_FW_ACTION *action)
{
    struct fw_rule *r = impl_from_INetFwRule(iface);
    HRESULT hr = rule_read(r);

    if (FAILED(hr))
        return hr;
    if (!action)
        return E_POINTER;
    *action = r->d.action;
    return S_OK;
}

static HRESULT WINAPI fw_rule_put_Action(INetFwRule *iface, NET_FW_ACTION action)
{
    struct fw_rule *r = impl_from_INetFwRule(iface);
    HRESULT hr;

    if (action != NET_FW_ACTION_ALLOW && action != NET_FW_ACTION_BLOCK)
        return E_INVALIDARG;
    if (FAILED(hr = rule_begin_write(r)))
        return hr;
    r->d.action = action;
    return rule_commit(r);
}

static const INetFwRuleVtbl fw_rule_vtbl = {
    fw_rule_QueryInterface, fw_rule_AddRef, fw_rule_Release,
    fw_rule_GetTypeInfoCount, fw_rule_GetTypeInfo, fw_rule_GetIDsOfNames, fw_rule_Invoke,
    fw_rule_get_Name, fw_rule_put_Name, fw_rule_get_Description, fw_rule_put_Description,
    fw_rule_get_ApplicationName, fw_rule_put_ApplicationName, fw_rule_get_ServiceName,
    fw_rule_put_ServiceName, fw_rule_get_Protocol, fw_rule_put_Protocol, fw_rule_get_LocalPorts,
    fw_rule_put_LocalPorts, fw_rule_get_RemotePorts, fw_rule_put_RemotePorts,
    fw_rule_get_LocalAddresses, fw_rule_put_LocalAddresses, fw_rule_get_RemoteAddresses,
    fw_rule_put_RemoteAddresses, fw_rule_get_IcmpTypesAndCodes, fw_rule_put_IcmpTypesAndCodes,
    fw_rule_get_Direction, fw_rule_put_Direction, fw_rule_get_Interfaces, fw_rule_put_Interfaces,
    fw_rule_get_InterfaceTypes, fw_rule_put_InterfaceTypes, fw_rule_get_Enabled,
    fw_rule_put_Enabled, fw_rule_get_Grouping, fw_rule_put_Grouping, fw_rule_get_Profiles,
    fw_rule_put_Profiles, fw_rule_get_EdgeTraversal, fw_rule_put_EdgeTraversal,
    fw_rule_get_Action, fw_rule_put_Action,
};

static struct fw_rule *rule_alloc(void)
{
    struct fw_rule *r = calloc(1, sizeof(*r));

    if (!r)
        return NULL;
    r->INetFwRule_iface.lpVtbl = &fw_rule_vtbl;
    r->refs = 1;
    fw_rule_defaults(&r->d);
    fw_object_added();
    return r;
}

HRESULT fw_rule_create(REFIID riid, void **out)
{
    struct fw_rule *r = rule_alloc();
    HRESULT hr;

    if (!r)
        return E_OUTOFMEMORY;
    hr = INetFwRule_QueryInterface(&r->INetFwRule_iface, riid, out);
    INetFwRule_Release(&r->INetFwRule_iface);
    return hr;
}

HRESULT fw_rule_attached(const WCHAR *id, INetFwRule **out)
{
    struct fw_rule *r = rule_alloc();
    HRESULT hr = E_OUTOFMEMORY;

    if (!r)
        return E_OUTOFMEMORY;
    fw_rule_clear(&r->d);
    if (!(r->id = fw_strdup(id)) || FAILED(hr = fw_rule_load(id, &r->d))) {
        fw_rule_defaults(&r->d);
        INetFwRule_Release(&r->INetFwRule_iface);
        return hr;
    }
    *out = &r->INetFwRule_iface;
    return S_OK;
}

/* ------------------------------------------------------------------ INetFwRules */

struct fw_rules {
    INetFwRules INetFwRules_iface;
    LONG refs;
};

static inline struct fw_rules *impl_from_INetFwRules(INetFwRules *iface)
{
    return CONTAINING_RECORD(iface, struct fw_rules, INetFwRules_iface);
}

static HRESULT WINAPI fw_rules_QueryInterface(INetFwRules *iface, REFIID riid, void **out)
{
    if (!out)
        return E_POINTER;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch)
        || IsEqualGUID(riid, &IID_INetFwRules)) {
        *out = iface;
        INetFwRules_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI fw_rules_AddRef(INetFwRules *iface)
{
    return InterlockedIncrement(&impl_from_INetFwRules(iface)->refs);
}

static ULONG WINAPI fw_rules_Release(INetFwRules *iface)
{
    struct fw_rules *rules = impl_from_INetFwRules(iface);
    ULONG refs = InterlockedDecrement(&rules->refs);

    if (!refs) {
        free(rules);
        fw_object_removed();
    }
    return refs;
}

FW_IDISPATCH_IMPL(fw_rules, INetFwRules)

static HRESULT WINAPI fw_rules_get_Count(INetFwRules *iface, LONG *count)
{
    WCHAR **ids;
    HRESULT hr;

    (void)iface;
    if (!count)
        return E_POINTER;
    if (FAILED(hr = fw_enter(FW_VISTA, FALSE)))
        return hr;
    if (FAILED(hr = fw_rule_ids(&ids, count)))
        return hr;
    fw_rule_ids_free(ids, *count);
    return S_OK;
}

/* The rule id, not the Name, identifies a rule: adding a second object with an existing Name
 * makes a duplicate rule (observed on Windows, not documented; test_fw_fidelity asserts it);
 * adding the same object again overwrites the rule it already is ("the existing rule is
 * overwritten", INetFwRules::Add,
 * https://learn.microsoft.com/windows/win32/api/netfw/nf-netfw-inetfwrules-add). */
static HRESULT WINAPI fw_rules_Add(INetFwRules *iface, INetFwRule *rule)
{
    struct fw_rule *r;
    WCHAR id[64];
    GUID guid;
    HRESULT hr;

    (void)iface;
    if (!rule)
        return E_INVALIDARG;
    if (FAILED(hr = fw_enter(FW_VISTA, TRUE)))
        return hr;
    if (rule->lpVtbl != &fw_rule_vtbl)
        return E_INVALIDARG; /* only rules made by this DLL (CLSID_NetFwRule) */
    r = impl_from_INetFwRule(rule);
    if (r->id) {
        struct fw_rule_data probe;
        if (SUCCEEDED(fw_rule_load(r->id, &probe))) {
            fw_rule_clear(&probe);
            return fw_rule_store(r->id, &r->d);
        }
    }
    if (!r->d.name)
        return E_INVALIDARG; /* Name is required */
    if (FAILED(hr = CoCreateGuid(&guid)))
        return hr;
    StringFromGUID2(&guid, id, ARRAYSIZE(id));
    if (FAILED(hr = fw_rule_store(id, &r->d)))
        return hr;
    free(r->id);
    r->id = fw_strdup(id);
    return S_OK;
}

/* The id of the first (registry order; with last, the last) rule named name; FW_E_NOT_FOUND if
 * none. */
static HRESULT find_by_name(const WCHAR *name, BOOL last, WCHAR **id_out)
{
    struct fw_rule_data d;
    WCHAR **ids;
    LONG count, i;
    HRESULT hr = FW_E_NOT_FOUND;

    *id_out = NULL;
    if (FAILED(fw_rule_ids(&ids, &count)))
        return E_OUTOFMEMORY;
    for (i = 0; i < count && ((last && hr != E_OUTOFMEMORY) || hr == FW_E_NOT_FOUND); i++) {
        if (FAILED(fw_rule_load(ids[i], &d)))
            continue;
        WCHAR shown[512];
        if (d.name && (!_wcsicmp(d.name, name) || !_wcsicmp(fw_display_string(d.name, shown, 512), name))) {
            free(*id_out);
            *id_out = fw_strdup(ids[i]);
            hr = *id_out ? S_OK : E_OUTOFMEMORY;
        }
        fw_rule_clear(&d);
    }
    fw_rule_ids_free(ids, count);
    return hr;
}

/* A missing name has no effect (S_OK, INetFwRules::Remove,
 * https://learn.microsoft.com/windows/win32/api/netfw/nf-netfw-inetfwrules-remove); with
 * duplicates one rule goes per call (observed on Windows, not documented). Which one is not
 * documented either: the first in registry order, or with the RemoveTakesLast knob the last, so
 * tests can show that Remove(name) need not take the rule Item(name) returned. */
static HRESULT WINAPI fw_rules_Remove(INetFwRules *iface, BSTR name)
{
    WCHAR *id;
    HRESULT hr;

    (void)iface;
    if (FAILED(hr = fw_enter(FW_VISTA, TRUE)))
        return hr;
    if (!name || !*name)
        return E_INVALIDARG;
    hr = find_by_name(name, lab_knob_dword(L"Firewall", L"RemoveTakesLast", 0) != 0, &id);
    if (hr == FW_E_NOT_FOUND)
        return S_OK;
    if (FAILED(hr))
        return hr;
    hr = fw_rule_delete(id);
    free(id);
    return hr;
}

/* A missing name: HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND), as INetFwOpenPorts::Item
 * (documented for ports only; for rules it is what Windows is observed to return). */
static HRESULT WINAPI fw_rules_Item(INetFwRules *iface, BSTR name, INetFwRule **out)
{
    WCHAR *id;
    HRESULT hr;

    (void)iface;
    if (!out)
        return E_POINTER;
    *out = NULL;
    if (FAILED(hr = fw_enter(FW_VISTA, FALSE)))
        return hr;
    if (!name || !*name)
        return E_INVALIDARG;
    if (FAILED(hr = find_by_name(name, FALSE, &id)))
        return hr;
    hr = fw_rule_attached(id, out);
    free(id);
    return hr;
}

static HRESULT WINAPI fw_rules_get__NewEnum(INetFwRules *iface, IUnknown **out)
{
    IDispatch **items;
    WCHAR **ids;
    LONG count, i;
    ULONG n = 0;
    HRESULT hr;

    (void)iface;
    if (!out)
        return E_POINTER;
    *out = NULL;
    if (FAILED(hr = fw_enter(FW_VISTA, FALSE)))
        return hr;
    if (FAILED(hr = fw_rule_ids(&ids, &count)))
        return hr;
    items = calloc(count ? count : 1, sizeof(*items));
    if (!items) {
        fw_rule_ids_free(ids, count);
        return E_OUTOFMEMORY;
    }
    for (i = 0; i < count; i++) {
        INetFwRule *rule;
        if (SUCCEEDED(fw_rule_attached(ids[i], &rule)))
            items[n++] = (IDispatch *)rule;
    }
    fw_rule_ids_free(ids, count);
    return fw_enum_create(items, n, out);
}

static const INetFwRulesVtbl fw_rules_vtbl = {
    fw_rules_QueryInterface, fw_rules_AddRef, fw_rules_Release,
    fw_rules_GetTypeInfoCount, fw_rules_GetTypeInfo, fw_rules_GetIDsOfNames, fw_rules_Invoke,
    fw_rules_get_Count, fw_rules_Add, fw_rules_Remove, fw_rules_Item, fw_rules_get__NewEnum,
};

/* ------------------------------------------------------------------ INetFwPolicy2 */

struct fw_policy2 {
    INetFwPolicy2 INetFwPolicy2_iface;
    LONG refs;
};

static inline struct fw_policy2 *impl_from_INetFwPolicy2(INetFwPolicy2 *iface)
{
    return CONTAINING_RECORD(iface, struct fw_policy2, INetFwPolicy2_iface);
}

static HRESULT WINAPI fw_policy2_QueryInterface(INetFwPolicy2 *iface, REFIID riid, void **out)
{
    if (!out)
        return E_POINTER;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch)
        || IsEqualGUID(riid, &IID_INetFwPolicy2)) {
        *out = iface;
        INetFwPolicy2_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI fw_policy2_AddRef(INetFwPolicy2 *iface)
{
    return InterlockedIncrement(&impl_from_INetFwPolicy2(iface)->refs);
}

static ULONG WINAPI fw_policy2_Release(INetFwPolicy2 *iface)
{
    struct fw_policy2 *pol = impl_from_INetFwPolicy2(iface);
    ULONG refs = InterlockedDecrement(&pol->refs);

    if (!refs) {
        free(pol);
        fw_object_removed();
    }
    return refs;
}

FW_IDISPATCH_IMPL(fw_policy2, INetFwPolicy2)

static HRESULT WINAPI fw_policy2_get_CurrentProfileTypes(INetFwPolicy2 *iface, LONG *types)
{
    HRESULT hr;

    (void)iface;
    if (!types)
        return E_POINTER;
    if (FAILED(hr = fw_enter(FW_VISTA, FALSE)))
        return hr;
    *types = labfw_current_profile_types();
    return S_OK;
}

/* Per-profile settings take exactly one profile type (Domain, Private or Public). */
static HRESULT profile2_get(NET_FW_PROFILE_TYPE2 type, const WCHAR *name, DWORD dflt,
                            VARIANT_BOOL *out)
{
    const WCHAR *key = labfw_profile2_key(type);
    HRESULT hr;

    if (!out)
        return E_POINTER;
    if (FAILED(hr = fw_enter(FW_VISTA, FALSE)))
        return hr;
    if (!key)
        return E_INVALIDARG;
    *out = fw_profile_dword(key, name, dflt) ? VARIANT_TRUE : VARIANT_FALSE;
    return S_OK;
}

static HRESULT profile2_put(NET_FW_PROFILE_TYPE2 type, const WCHAR *name, VARIANT_BOOL value)
{
    const WCHAR *key = labfw_profile2_key(type);
    HRESULT hr;

    if (FAILED(hr = fw_enter(FW_VISTA, TRUE)))
        return hr;
    if (!key)
        return E_INVALIDARG;
    return fw_profile_set_dword(key, name, value != VARIANT_FALSE);
}

static HRESULT WINAPI fw_policy2_get_FirewallEnabled(INetFwPolicy2 *iface, NET_FW_PROFILE_TYPE2 t,
                                                     VARIANT_BOOL *enabled)
{
    (void)iface;
    return profile2_get(t, L"EnableFirewall", 1, enabled);
}

static HRESULT WINAPI fw_policy2_put_FirewallEnabled(INetFwPolicy2 *iface, NET_FW_PROFILE_TYPE2 t,
                                                     VARIANT_BOOL enabled)
{
    (void)iface;
    return profile2_put(t, L"EnableFirewall", enabled);
}

static HRESULT WINAPI fw_policy2_get_ExcludedInterfaces(INetFwPolicy2 *iface, NET_FW_PROFILE_TYPE2 t,
                                                        VARIANT *v)
{
    (void)iface; (void)t;
    if (v)
        VariantInit(v);
    return E_NOTIMPL;
}

static HRESULT WINAPI fw_policy2_put_ExcludedInterfaces(INetFwPolicy2 *iface, NET_FW_PROFILE_TYPE2 t,
                                                        VARIANT v)
{
    (void)iface; (void)t; (void)v;
    return E_NOTIMPL;
}

/* The Vista+ name for DoNotAllowExceptions. */
static HRESULT WINAPI fw_policy2_get_BlockAllInboundTraffic(INetFwPolicy2 *iface,
                                                            NET_FW_PROFILE_TYPE2 t, VARIANT_BOOL *b)
{
    (void)iface;
    return profile2_get(t, L"DoNotAllowExceptions", 0, b);
}

static HRESULT WINAPI fw_policy2_put_BlockAllInboundTraffic(INetFwPolicy2 *iface,
                                                            NET_FW_PROFILE_TYPE2 t, VARIANT_BOOL b)
{
    (void)iface;
    return profile2_put(t, L"DoNotAllowExceptions", b);
}

static HRESULT WINAPI fw_policy2_get_NotificationsDisabled(INetFwPolicy2 *iface,
                                                           NET_FW_PROFILE_TYPE2 t, VARIANT_BOOL *d)
{
    (void)iface;
    return profile2_get(t, L"DisableNotifications", 0, d);
}

static HRESULT WINAPI fw_policy2_put_NotificationsDisabled(INetFwPolicy2 *iface,
                                                           NET_FW_PROFILE_TYPE2 t, VARIANT_BOOL d)
{
    (void)iface;
    return profile2_put(t, L"DisableNotifications", d);
}

static HRESULT WINAPI fw_policy2_get_UnicastResponsesToMulticastBroadcastDisabled(
    INetFwPolicy2 *iface, NET_FW_PROFILE_TYPE2 t, VARIANT_BOOL *d)
{
    (void)iface;
    return profile2_get(t, L"DisableUnicastResponsesToMulticastBroadcast", 0, d);
}

static HRESULT WINAPI fw_policy2_put_UnicastResponsesToMulticastBroadcastDisabled(
    INetFwPolicy2 *iface, NET_FW_PROFILE_TYPE2 t, VARIANT_BOOL d)
{
    (void)iface;
    return profile2_put(t, L"DisableUnicastResponsesToMulticastBroadcast", d);
}

static HRESULT WINAPI fw_policy2_get_Rules(INetFwPolicy2 *iface, INetFwRules **out)
{
    struct fw_rules *rules;
    HRESULT hr;

    (void)iface;
    if (!out)
        return E_POINTER;
    *out = NULL;
    if (FAILED(hr = fw_enter(FW_VISTA, FALSE)))
        return hr;
    if (!(rules = calloc(1, sizeof(*rules))))
        return E_OUTOFMEMORY;
    rules->INetFwRules_iface.lpVtbl = &fw_rules_vtbl;
    rules->refs = 1;
    fw_object_added();
    *out = &rules->INetFwRules_iface;
    return S_OK;
}

static HRESULT WINAPI fw_policy2_get_ServiceRestriction(INetFwPolicy2 *iface,
                                                        INetFwServiceRestriction **out)
{
    (void)iface;
    if (out)
        *out = NULL;
    return E_NOTIMPL;
}

static HRESULT WINAPI fw_policy2_EnableRuleGroup(INetFwPolicy2 *iface, LONG profiles, BSTR group,
                                                 VARIANT_BOOL enable)
{
    (void)iface; (void)profiles; (void)group; (void)enable;
    return E_NOTIMPL;
}

static HRESULT WINAPI fw_policy2_IsRuleGroupEnabled(INetFwPolicy2 *iface, LONG profiles, BSTR group,
                                                    VARIANT_BOOL *enabled)
{
    (void)iface; (void)profiles; (void)group; (void)enabled;
    return E_NOTIMPL;
}

static HRESULT WINAPI fw_policy2_RestoreLocalFirewallDefaults(INetFwPolicy2 *iface)
{
    (void)iface;
    return E_NOTIMPL;
}

static HRESULT WINAPI fw_policy2_get_DefaultInboundAction(INetFwPolicy2 *iface,
                                                          NET_FW_PROFILE_TYPE2 t, NET_FW_ACTION *a)
{
    (void)iface; (void)t; (void)a;
    return E_NOTIMPL;
}

static HRESULT WINAPI fw_policy2_put_DefaultInboundAction(INetFwPolicy2 *iface,
                                                          NET_FW_PROFILE_TYPE2 t, NET_FW_ACTION a)
{
    (void)iface; (void)t; (void)a;
    return E_NOTIMPL;
}

static HRESULT WINAPI fw_policy2_get_DefaultOutboundAction(INetFwPolicy2 *iface,
                                                           NET_FW_PROFILE_TYPE2 t, NET_FW_ACTION *a)
{
    (void)iface; (void)t; (void)a;
    return E_NOTIMPL;
}

static HRESULT WINAPI fw_policy2_put_DefaultOutboundAction(INetFwPolicy2 *iface,
                                                           NET_FW_PROFILE_TYPE2 t, NET_FW_ACTION a)
{
    (void)iface; (void)t; (void)a;
    return E_NOTIMPL;
}

static HRESULT WINAPI fw_policy2_get_IsRuleGroupCurrentlyEnabled(INetFwPolicy2 *iface, BSTR group,
                                                                 VARIANT_BOOL *enabled)
{
    (void)iface; (void)group; (void)enabled;
    return E_NOTIMPL;
}

/* GP_OVERRIDE under the GpOverride knob; INBOUND_BLOCKED when a current profile blocks all
 * inbound traffic (local rules then have no effect); OK otherwise. */
static HRESULT WINAPI fw_policy2_get_LocalPolicyModifyState(INetFwPolicy2 *iface,
                                                            NET_FW_MODIFY_STATE *state)
{
    LONG types, bit;
    HRESULT hr;

    (void)iface;
    if (!state)
        return E_POINTER;
    if (FAILED(hr = fw_enter(FW_VISTA, FALSE)))
        return hr;
    *state = NET_FW_MODIFY_STATE_OK;
    if (lab_knob_dword(L"Firewall", L"GpOverride", 0) == 1) {
        *state = NET_FW_MODIFY_STATE_GP_OVERRIDE;
        return S_OK;
    }
    types = labfw_current_profile_types();
    for (bit = 1; bit <= 4; bit <<= 1)
        if ((types & bit) && fw_profile_dword(labfw_profile2_key(bit), L"DoNotAllowExceptions", 0))
            *state = NET_FW_MODIFY_STATE_INBOUND_BLOCKED;
    return S_OK;
}

static const INetFwPolicy2Vtbl fw_policy2_vtbl = {
    fw_policy2_QueryInterface, fw_policy2_AddRef, fw_policy2_Release,
    fw_policy2_GetTypeInfoCount, fw_policy2_GetTypeInfo, fw_policy2_GetIDsOfNames,
    fw_policy2_Invoke,
    fw_policy2_get_CurrentProfileTypes, fw_policy2_get_FirewallEnabled,
    fw_policy2_put_FirewallEnabled, fw_policy2_get_ExcludedInterfaces,
    fw_policy2_put_ExcludedInterfaces, fw_policy2_get_BlockAllInboundTraffic,
    fw_policy2_put_BlockAllInboundTraffic, fw_policy2_get_NotificationsDisabled,
    fw_policy2_put_NotificationsDisabled,
    fw_policy2_get_UnicastResponsesToMulticastBroadcastDisabled,
    fw_policy2_put_UnicastResponsesToMulticastBroadcastDisabled, fw_policy2_get_Rules,
    fw_policy2_get_ServiceRestriction, fw_policy2_EnableRuleGroup, fw_policy2_IsRuleGroupEnabled,
    fw_policy2_RestoreLocalFirewallDefaults, fw_policy2_get_DefaultInboundAction,
    fw_policy2_put_DefaultInboundAction, fw_policy2_get_DefaultOutboundAction,
    fw_policy2_put_DefaultOutboundAction, fw_policy2_get_IsRuleGroupCurrentlyEnabled,
    fw_policy2_get_LocalPolicyModifyState,
};

HRESULT fw_policy2_create(REFIID riid, void **out)
{
    struct fw_policy2 *pol = calloc(1, sizeof(*pol));
    HRESULT hr;

    if (!pol)
        return E_OUTOFMEMORY;
    pol->INetFwPolicy2_iface.lpVtbl = &fw_policy2_vtbl;
    pol->refs = 1;
    fw_object_added();
    hr = INetFwPolicy2_QueryInterface(&pol->INetFwPolicy2_iface, riid, out);
    INetFwPolicy2_Release(&pol->INetFwPolicy2_iface);
    return hr;
}
