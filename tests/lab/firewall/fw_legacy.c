/* pasvports lab firewall: the legacy (XP SP2 / 2003 SP1) objects INetFwMgr, INetFwPolicy,
 * INetFwProfile, INetFwOpenPorts, INetFwOpenPort and a minimal INetFwAuthorizedApplication.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 * Behaviour follows Microsoft's Windows Firewall API pages (INetFwOpenPorts, INetFwOpenPort,
 * https://learn.microsoft.com/windows/win32/api/netfw/nn-netfw-inetfwopenports); state is the
 * GloballyOpenPorts registry list. */
#include <stdlib.h>
#include <wchar.h>
#include "fw_private.h"

/* ------------------------------------------------------------------ INetFwOpenPort */

/* A port object is either standalone (CoCreateInstance: in-memory, no knobs) or attached to an
 * entry of a profile's list (from Item/_NewEnum): then every get re-reads the entry and every
 * put rewrites it at once, as the changes "take effect immediately". */
struct fw_open_port {
    INetFwOpenPort INetFwOpenPort_iface;
    LONG refs;
    BOOL attached;
    DWORD profile;
    struct fw_port_data d;
};

static const INetFwOpenPortVtbl fw_open_port_vtbl;

static inline struct fw_open_port *impl_from_INetFwOpenPort(INetFwOpenPort *iface)
{
    return CONTAINING_RECORD(iface, struct fw_open_port, INetFwOpenPort_iface);
}

static HRESULT WINAPI fw_open_port_QueryInterface(INetFwOpenPort *iface, REFIID riid, void **out)
{
    if (!out)
        return E_POINTER;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch)
        || IsEqualGUID(riid, &IID_INetFwOpenPort)) {
        *out = iface;
        INetFwOpenPort_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI fw_open_port_AddRef(INetFwOpenPort *iface)
{
    return InterlockedIncrement(&impl_from_INetFwOpenPort(iface)->refs);
}

static ULONG WINAPI fw_open_port_Release(INetFwOpenPort *iface)
{
    struct fw_open_port *p = impl_from_INetFwOpenPort(iface);
    ULONG refs = InterlockedDecrement(&p->refs);

    if (!refs) {
        free(p);
        fw_object_removed();
    }
    return refs;
}

FW_IDISPATCH_IMPL(fw_open_port, INetFwOpenPort)

/* Before a get: refresh an attached port from the registry (a removed entry keeps its last
 * values, like a detached object). */
static HRESULT port_read(struct fw_open_port *p)
{
    struct fw_port_data d;
    HRESULT hr;

    if (!p->attached)
        return S_OK;
    if (FAILED(hr = fw_enter(FW_LEGACY, FALSE)))
        return hr;
    if (SUCCEEDED(fw_port_find(p->profile, p->d.port, p->d.protocol, &d)))
        p->d = d;
    return S_OK;
}

static HRESULT port_begin_write(struct fw_open_port *p)
{
    HRESULT hr;

    if (!p->attached)
        return S_OK;
    if (FAILED(hr = fw_enter(FW_LEGACY, TRUE)))
        return hr;
    fw_port_find(p->profile, p->d.port, p->d.protocol, &p->d);
    return S_OK;
}

static HRESULT port_commit(struct fw_open_port *p, LONG old_port, NET_FW_IP_PROTOCOL old_proto)
{
    if (!p->attached)
        return S_OK;
    if (old_port != p->d.port || old_proto != p->d.protocol)
        fw_port_delete(p->profile, old_port, old_proto);
    return fw_port_write(p->profile, &p->d);
}

static HRESULT WINAPI fw_open_port_get_Name(INetFwOpenPort *iface, BSTR *name)
{
    struct fw_open_port *p = impl_from_INetFwOpenPort(iface);
    HRESULT hr = port_read(p);
    return FAILED(hr) ? hr : fw_bstr_out(p->d.name, name);
}

static HRESULT WINAPI fw_open_port_put_Name(INetFwOpenPort *iface, BSTR name)
{
    struct fw_open_port *p = impl_from_INetFwOpenPort(iface);
    HRESULT hr;

    if (!name || !*name || wcslen(name) >= ARRAYSIZE(p->d.name))
        return E_INVALIDARG;
    if (FAILED(hr = port_begin_write(p)))
        return hr;
    wcscpy(p->d.name, name);
    return port_commit(p, p->d.port, p->d.protocol);
}

static HRESULT WINAPI fw_open_port_get_IpVersion(INetFwOpenPort *iface, NET_FW_IP_VERSION *v)
{
    struct fw_open_port *p = impl_from_INetFwOpenPort(iface);
    HRESULT hr = port_read(p);

    if (FAILED(hr))
        return hr;
    if (!v)
        return E_POINTER;
    *v = NET_FW_IP_VERSION_ANY;
    return S_OK;
}

/* "Only NET_FW_IP_VERSION_ANY is supported" (sdk-api inetfwopenport-put_ipversion); the error for
 * another value is not documented: E_INVALIDARG (UNVERIFIED). */
static HRESULT WINAPI fw_open_port_put_IpVersion(INetFwOpenPort *iface, NET_FW_IP_VERSION v)
{
    struct fw_open_port *p = impl_from_INetFwOpenPort(iface);
    HRESULT hr;

    if (v != NET_FW_IP_VERSION_ANY)
        return E_INVALIDARG;
    if (FAILED(hr = port_begin_write(p)))
        return hr;
    return port_commit(p, p->d.port, p->d.protocol);
}

static HRESULT WINAPI fw_open_port_get_Protocol(INetFwOpenPort *iface, NET_FW_IP_PROTOCOL *proto)
{
    struct fw_open_port *p = impl_from_INetFwOpenPort(iface);
    HRESULT hr = port_read(p);

    if (FAILED(hr))
        return hr;
    if (!proto)
        return E_POINTER;
    *proto = p->d.protocol;
    return S_OK;
}

static HRESULT WINAPI fw_open_port_put_Protocol(INetFwOpenPort *iface, NET_FW_IP_PROTOCOL proto)
{
    struct fw_open_port *p = impl_from_INetFwOpenPort(iface);
    NET_FW_IP_PROTOCOL old;
    HRESULT hr;

    if (proto != NET_FW_IP_PROTOCOL_TCP && proto != NET_FW_IP_PROTOCOL_UDP)
        return E_INVALIDARG;
    if (FAILED(hr = port_begin_write(p)))
        return hr;
    old = p->d.protocol;
    p->d.protocol = proto;
    return port_commit(p, p->d.port, old);
}

static HRESULT WINAPI fw_open_port_get_Port(INetFwOpenPort *iface, LONG *port)
{
    struct fw_open_port *p = impl_from_INetFwOpenPort(iface);
    HRESULT hr = port_read(p);

    if (FAILED(hr))
        return hr;
    if (!port)
        return E_POINTER;
    *port = p->d.port;
    return S_OK;
}

static HRESULT WINAPI fw_open_port_put_Port(INetFwOpenPort *iface, LONG port)
{
    struct fw_open_port *p = impl_from_INetFwOpenPort(iface);
    LONG old;
    HRESULT hr;

    if (port < 1 || port > 65535)
        return E_INVALIDARG;
    if (FAILED(hr = port_begin_write(p)))
        return hr;
    old = p->d.port;
    p->d.port = port;
    return port_commit(p, old, p->d.protocol);
}

static NET_FW_SCOPE scope_of(const WCHAR *addrs)
{
    if (!addrs[0] || !wcscmp(addrs, L"*"))
        return NET_FW_SCOPE_ALL;
    if (!_wcsicmp(addrs, L"LocalSubnet"))
        return NET_FW_SCOPE_LOCAL_SUBNET;
    return NET_FW_SCOPE_CUSTOM;
}

static HRESULT WINAPI fw_open_port_get_Scope(INetFwOpenPort *iface, NET_FW_SCOPE *scope)
{
    struct fw_open_port *p = impl_from_INetFwOpenPort(iface);
    HRESULT hr = port_read(p);

    if (FAILED(hr))
        return hr;
    if (!scope)
        return E_POINTER;
    *scope = scope_of(p->d.scope);
    return S_OK;
}

/* put_Scope accepts only ALL or LOCAL_SUBNET; a custom scope is set with RemoteAddresses
 * (INetFwService::put_Scope,
 * https://learn.microsoft.com/windows/win32/api/netfw/nf-netfw-inetfwservice-put_scope). */
static HRESULT WINAPI fw_open_port_put_Scope(INetFwOpenPort *iface, NET_FW_SCOPE scope)
{
    struct fw_open_port *p = impl_from_INetFwOpenPort(iface);
    HRESULT hr;

    if (scope != NET_FW_SCOPE_ALL && scope != NET_FW_SCOPE_LOCAL_SUBNET)
        return E_INVALIDARG;
    if (FAILED(hr = port_begin_write(p)))
        return hr;
    wcscpy(p->d.scope, scope == NET_FW_SCOPE_ALL ? L"*" : L"LocalSubnet");
    return port_commit(p, p->d.port, p->d.protocol);
}

static HRESULT WINAPI fw_open_port_get_RemoteAddresses(INetFwOpenPort *iface, BSTR *addrs)
{
    struct fw_open_port *p = impl_from_INetFwOpenPort(iface);
    HRESULT hr = port_read(p);
    return FAILED(hr) ? hr : fw_bstr_out(p->d.scope[0] ? p->d.scope : L"*", addrs);
}

/* Tokens: "*" (alone), "LocalSubnet", addresses or subnets; ':' would break the stored format
 * (IPv6 is not supported by the legacy API anyway). */
static HRESULT WINAPI fw_open_port_put_RemoteAddresses(INetFwOpenPort *iface, BSTR addrs)
{
    struct fw_open_port *p = impl_from_INetFwOpenPort(iface);
    HRESULT hr;

    if (!addrs || !*addrs || wcslen(addrs) >= ARRAYSIZE(p->d.scope) || wcschr(addrs, L':')
        || (wcschr(addrs, L'*') && wcscmp(addrs, L"*")))
        return E_INVALIDARG;
    if (FAILED(hr = port_begin_write(p)))
        return hr;
    wcscpy(p->d.scope, addrs);
    return port_commit(p, p->d.port, p->d.protocol);
}

static HRESULT WINAPI fw_open_port_get_Enabled(INetFwOpenPort *iface, VARIANT_BOOL *enabled)
{
    struct fw_open_port *p = impl_from_INetFwOpenPort(iface);
    HRESULT hr = port_read(p);

    if (FAILED(hr))
        return hr;
    if (!enabled)
        return E_POINTER;
    *enabled = p->d.enabled ? VARIANT_TRUE : VARIANT_FALSE;
    return S_OK;
}

static HRESULT WINAPI fw_open_port_put_Enabled(INetFwOpenPort *iface, VARIANT_BOOL enabled)
{
    struct fw_open_port *p = impl_from_INetFwOpenPort(iface);
    HRESULT hr;

    if (FAILED(hr = port_begin_write(p)))
        return hr;
    p->d.enabled = enabled != VARIANT_FALSE;
    return port_commit(p, p->d.port, p->d.protocol);
}

/* Built-in entries are the ones Windows itself ships; they carry indirect names
 * ("@xpsp2res.dll,-22009"), which is how the lab recognises them. */
static HRESULT WINAPI fw_open_port_get_BuiltIn(INetFwOpenPort *iface, VARIANT_BOOL *builtin)
{
    struct fw_open_port *p = impl_from_INetFwOpenPort(iface);
    HRESULT hr = port_read(p);

    if (FAILED(hr))
        return hr;
    if (!builtin)
        return E_POINTER;
    *builtin = (p->attached && p->d.name[0] == L'@') ? VARIANT_TRUE : VARIANT_FALSE;
    return S_OK;
}

static const INetFwOpenPortVtbl fw_open_port_vtbl = {
    fw_open_port_QueryInterface, fw_open_port_AddRef, fw_open_port_Release,
    fw_open_port_GetTypeInfoCount, fw_open_port_GetTypeInfo, fw_open_port_GetIDsOfNames,
    fw_open_port_Invoke,
    fw_open_port_get_Name, fw_open_port_put_Name, fw_open_port_get_IpVersion,
    fw_open_port_put_IpVersion, fw_open_port_get_Protocol, fw_open_port_put_Protocol,
    fw_open_port_get_Port, fw_open_port_put_Port, fw_open_port_get_Scope, fw_open_port_put_Scope,
    fw_open_port_get_RemoteAddresses, fw_open_port_put_RemoteAddresses, fw_open_port_get_Enabled,
    fw_open_port_put_Enabled, fw_open_port_get_BuiltIn,
};

static struct fw_open_port *open_port_alloc(void)
{
    struct fw_open_port *p = calloc(1, sizeof(*p));

    if (!p)
        return NULL;
    p->INetFwOpenPort_iface.lpVtbl = &fw_open_port_vtbl;
    p->refs = 1;
    fw_port_defaults(&p->d);
    fw_object_added();
    return p;
}

HRESULT fw_open_port_create(REFIID riid, void **out)
{
    struct fw_open_port *p = open_port_alloc();
    HRESULT hr;

    if (!p)
        return E_OUTOFMEMORY;
    hr = INetFwOpenPort_QueryInterface(&p->INetFwOpenPort_iface, riid, out);
    INetFwOpenPort_Release(&p->INetFwOpenPort_iface);
    return hr;
}

HRESULT fw_open_port_attached(DWORD profile, const struct fw_port_data *d, INetFwOpenPort **out)
{
    struct fw_open_port *p = open_port_alloc();

    if (!p)
        return E_OUTOFMEMORY;
    p->attached = TRUE;
    p->profile = profile;
    p->d = *d;
    *out = &p->INetFwOpenPort_iface;
    return S_OK;
}

/* ------------------------------------------------------------------ INetFwOpenPorts */

struct fw_open_ports {
    INetFwOpenPorts INetFwOpenPorts_iface;
    LONG refs;
    DWORD profile;
};

static inline struct fw_open_ports *impl_from_INetFwOpenPorts(INetFwOpenPorts *iface)
{
    return CONTAINING_RECORD(iface, struct fw_open_ports, INetFwOpenPorts_iface);
}

static HRESULT WINAPI fw_open_ports_QueryInterface(INetFwOpenPorts *iface, REFIID riid, void **out)
{
    if (!out)
        return E_POINTER;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch)
        || IsEqualGUID(riid, &IID_INetFwOpenPorts)) {
        *out = iface;
        INetFwOpenPorts_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI fw_open_ports_AddRef(INetFwOpenPorts *iface)
{
    return InterlockedIncrement(&impl_from_INetFwOpenPorts(iface)->refs);
}

static ULONG WINAPI fw_open_ports_Release(INetFwOpenPorts *iface)
{
    struct fw_open_ports *ports = impl_from_INetFwOpenPorts(iface);
    ULONG refs = InterlockedDecrement(&ports->refs);

    if (!refs) {
        free(ports);
        fw_object_removed();
    }
    return refs;
}

FW_IDISPATCH_IMPL(fw_open_ports, INetFwOpenPorts)

static HRESULT WINAPI fw_open_ports_get_Count(INetFwOpenPorts *iface, LONG *count)
{
    struct fw_open_ports *ports = impl_from_INetFwOpenPorts(iface);
    struct fw_port_key *keys;
    HRESULT hr;

    if (!count)
        return E_POINTER;
    if (FAILED(hr = fw_enter(FW_LEGACY, FALSE)))
        return hr;
    hr = fw_port_keys(ports->profile, &keys, count);
    free(keys);
    return hr;
}

/* Add of an existing port+protocol: the docs contradict each other (Remarks: "the existing
 * settings are overwritten"; return table: E_UNEXPECTED "already in the collection"). The lab
 * overwrites, as the Remarks say (INetFwOpenPorts::Add,
 * https://learn.microsoft.com/windows/win32/api/netfw/nf-netfw-inetfwopenports-add); product
 * code must cope with both. */
static HRESULT WINAPI fw_open_ports_Add(INetFwOpenPorts *iface, INetFwOpenPort *port)
{
    struct fw_open_ports *ports = impl_from_INetFwOpenPorts(iface);
    struct fw_port_data d;
    VARIANT_BOOL enabled = VARIANT_TRUE;
    BSTR name = NULL, addrs = NULL;
    DWORD fail_port, only;
    HRESULT hr;

    if (!port)
        return E_INVALIDARG;
    if (FAILED(hr = fw_enter(FW_LEGACY, TRUE)))
        return hr;
    fail_port = lab_knob_dword(L"Firewall", L"FailAddPort", 0);
    fw_port_defaults(&d);
    if (FAILED(hr = INetFwOpenPort_get_Port(port, &d.port))
        || FAILED(hr = INetFwOpenPort_get_Protocol(port, &d.protocol))
        || FAILED(hr = INetFwOpenPort_get_Enabled(port, &enabled))
        || FAILED(hr = INetFwOpenPort_get_Name(port, &name))
        || FAILED(hr = INetFwOpenPort_get_RemoteAddresses(port, &addrs)))
        goto done;
    /* FailAddProfile (0 Domain, 1 Standard): only that profile's Add of FailAddPort fails. */
    if (fail_port && (LONG)fail_port == d.port &&
        ((only = lab_knob_dword(L"Firewall", L"FailAddProfile", MAXDWORD)) == MAXDWORD ||
        only == ports->profile)) {
        hr = (HRESULT)lab_knob_dword(L"Firewall", L"FailAddHr", (DWORD)E_FAIL);
        goto done;
    }
    /* A port needs a number and a name (netsh and the UI require one; UNVERIFIED for COM). */
    if (d.port < 1 || d.port > 65535 || !name || !*name || wcslen(name) >= ARRAYSIZE(d.name)
        || !addrs || wcslen(addrs) >= ARRAYSIZE(d.scope)) {
        hr = E_INVALIDARG;
        goto done;
    }
    /* AddExistsUnexpected=1: the return table's reading, E_UNEXPECTED "already in the
     * collection", instead of overwriting. */
    if (lab_knob_dword(L"Firewall", L"AddExistsUnexpected", 0)) {
        struct fw_port_data old;

        if (SUCCEEDED(fw_port_find(ports->profile, d.port, d.protocol, &old))) {
            hr = E_UNEXPECTED;
            goto done;
        }
    }
    wcscpy(d.name, name);
    wcscpy(d.scope, addrs);
    d.enabled = enabled != VARIANT_FALSE;
    hr = fw_port_write(ports->profile, &d);
done:
    SysFreeString(name);
    SysFreeString(addrs);
    return hr;
}

/* "If the port is already closed, the Remove method has no effect": S_OK. */
static HRESULT WINAPI fw_open_ports_Remove(INetFwOpenPorts *iface, LONG port, NET_FW_IP_PROTOCOL proto)
{
    struct fw_open_ports *ports = impl_from_INetFwOpenPorts(iface);
    HRESULT hr;

    if (FAILED(hr = fw_enter(FW_LEGACY, TRUE)))
        return hr;
    if (proto != NET_FW_IP_PROTOCOL_TCP && proto != NET_FW_IP_PROTOCOL_UDP)
        return E_INVALIDARG;
    return fw_port_delete(ports->profile, port, proto);
}

/* A missing port: HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND) (nf-netfw-inetfwopenports-item). */
static HRESULT WINAPI fw_open_ports_Item(INetFwOpenPorts *iface, LONG port, NET_FW_IP_PROTOCOL proto,
                                         INetFwOpenPort **out)
{
    struct fw_open_ports *ports = impl_from_INetFwOpenPorts(iface);
    struct fw_port_data d;
    HRESULT hr;

    if (!out)
        return E_POINTER;
    *out = NULL;
    if (FAILED(hr = fw_enter(FW_LEGACY, FALSE)))
        return hr;
    if (proto != NET_FW_IP_PROTOCOL_TCP && proto != NET_FW_IP_PROTOCOL_UDP)
        return E_INVALIDARG;
    if (FAILED(hr = fw_port_find(ports->profile, port, proto, &d)))
        return hr;
    return fw_open_port_attached(ports->profile, &d, out);
}

/* The port enumerator's shared state: which profile, and the keys seen when it was created. */
struct port_enum_ctx {
    LONG refs;
    DWORD profile;
    LONG count;
    struct fw_port_key *keys;
};

static void port_enum_ref(void *ctx, int delta)
{
    struct port_enum_ctx *c = ctx;
    if (InterlockedExchangeAdd(&c->refs, delta) + delta == 0) {
        free(c->keys);
        free(c);
    }
}

/* Like Windows' own collection, a port removed since the enumerator was made is not found. */
static HRESULT port_enum_make(void *ctx, ULONG index, IDispatch **out)
{
    struct port_enum_ctx *c = ctx;
    struct fw_port_data d;
    INetFwOpenPort *port;
    HRESULT hr = fw_port_find(c->profile, c->keys[index].port, c->keys[index].protocol, &d);

    if (FAILED(hr))
        return hr;
    if (FAILED(hr = fw_open_port_attached(c->profile, &d, &port)))
        return hr;
    *out = (IDispatch *)port;
    return S_OK;
}

static HRESULT WINAPI fw_open_ports_get__NewEnum(INetFwOpenPorts *iface, IUnknown **out)
{
    struct fw_open_ports *ports = impl_from_INetFwOpenPorts(iface);
    struct port_enum_ctx *ctx;
    HRESULT hr;

    if (!out)
        return E_POINTER;
    *out = NULL;
    if (FAILED(hr = fw_enter(FW_LEGACY, FALSE)))
        return hr;
    ctx = calloc(1, sizeof(*ctx));
    if (!ctx)
        return E_OUTOFMEMORY;
    ctx->profile = ports->profile;
    if (FAILED(hr = fw_port_keys(ports->profile, &ctx->keys, &ctx->count))) {
        free(ctx);
        return hr;
    }
    /* The enumerator holds the only reference from here on. */
    hr = fw_enum_create_lazy((ULONG)ctx->count, port_enum_make, port_enum_ref, ctx, out);
    if (FAILED(hr)) {
        free(ctx->keys);
        free(ctx);
    }
    return hr;
}

static const INetFwOpenPortsVtbl fw_open_ports_vtbl = {
    fw_open_ports_QueryInterface, fw_open_ports_AddRef, fw_open_ports_Release,
    fw_open_ports_GetTypeInfoCount, fw_open_ports_GetTypeInfo, fw_open_ports_GetIDsOfNames,
    fw_open_ports_Invoke,
    fw_open_ports_get_Count, fw_open_ports_Add, fw_open_ports_Remove, fw_open_ports_Item,
    fw_open_ports_get__NewEnum,
};

static HRESULT open_ports_create(DWORD profile, INetFwOpenPorts **out)
{
    struct fw_open_ports *ports = calloc(1, sizeof(*ports));

    if (!ports)
        return E_OUTOFMEMORY;
    ports->INetFwOpenPorts_iface.lpVtbl = &fw_open_ports_vtbl;
    ports->refs = 1;
    ports->profile = profile;
    fw_object_added();
    *out = &ports->INetFwOpenPorts_iface;
    return S_OK;
}

/* ------------------------------------------------------------------ INetFwProfile */

struct fw_profile {
    INetFwProfile INetFwProfile_iface;
    LONG refs;
    DWORD type; /* NET_FW_PROFILE_DOMAIN or NET_FW_PROFILE_STANDARD */
};

static inline struct fw_profile *impl_from_INetFwProfile(INetFwProfile *iface)
{
    return CONTAINING_RECORD(iface, struct fw_profile, INetFwProfile_iface);
}

static HRESULT WINAPI fw_profile_QueryInterface(INetFwProfile *iface, REFIID riid, void **out)
{
    if (!out)
        return E_POINTER;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch)
        || IsEqualGUID(riid, &IID_INetFwProfile)) {
        *out = iface;
        INetFwProfile_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI fw_profile_AddRef(INetFwProfile *iface)
{
    return InterlockedIncrement(&impl_from_INetFwProfile(iface)->refs);
}

static ULONG WINAPI fw_profile_Release(INetFwProfile *iface)
{
    struct fw_profile *prof = impl_from_INetFwProfile(iface);
    ULONG refs = InterlockedDecrement(&prof->refs);

    if (!refs) {
        free(prof);
        fw_object_removed();
    }
    return refs;
}

FW_IDISPATCH_IMPL(fw_profile, INetFwProfile)

static HRESULT profile_get_bool(struct fw_profile *prof, const WCHAR *name, DWORD dflt,
                                VARIANT_BOOL *out)
{
    HRESULT hr;

    if (!out)
        return E_POINTER;
    if (FAILED(hr = fw_enter(FW_LEGACY, FALSE)))
        return hr;
    *out = fw_profile_dword(labfw_legacy_profile_key(prof->type), name, dflt) ? VARIANT_TRUE
                                                                                : VARIANT_FALSE;
    return S_OK;
}

static HRESULT profile_put_bool(struct fw_profile *prof, const WCHAR *name, VARIANT_BOOL value)
{
    HRESULT hr;

    if (FAILED(hr = fw_enter(FW_LEGACY, TRUE)))
        return hr;
    return fw_profile_set_dword(labfw_legacy_profile_key(prof->type), name, value != VARIANT_FALSE);
}

static HRESULT WINAPI fw_profile_get_Type(INetFwProfile *iface, NET_FW_PROFILE_TYPE *type)
{
    HRESULT hr;

    if (!type)
        return E_POINTER;
    if (FAILED(hr = fw_enter(FW_LEGACY, FALSE)))
        return hr;
    *type = (NET_FW_PROFILE_TYPE)impl_from_INetFwProfile(iface)->type;
    return S_OK;
}

/* An absent EnableFirewall means on: XP SP2 / 2003 SP1 ship with the firewall enabled. */
static HRESULT WINAPI fw_profile_get_FirewallEnabled(INetFwProfile *iface, VARIANT_BOOL *enabled)
{
    return profile_get_bool(impl_from_INetFwProfile(iface), L"EnableFirewall", 1, enabled);
}

static HRESULT WINAPI fw_profile_put_FirewallEnabled(INetFwProfile *iface, VARIANT_BOOL enabled)
{
    return profile_put_bool(impl_from_INetFwProfile(iface), L"EnableFirewall", enabled);
}

/* Stored as DoNotAllowExceptions, as Windows does; when set, every exception is ignored. */
static HRESULT WINAPI fw_profile_get_ExceptionsNotAllowed(INetFwProfile *iface, VARIANT_BOOL *na)
{
    return profile_get_bool(impl_from_INetFwProfile(iface), L"DoNotAllowExceptions", 0, na);
}

static HRESULT WINAPI fw_profile_put_ExceptionsNotAllowed(INetFwProfile *iface, VARIANT_BOOL na)
{
    return profile_put_bool(impl_from_INetFwProfile(iface), L"DoNotAllowExceptions", na);
}

static HRESULT WINAPI fw_profile_get_NotificationsDisabled(INetFwProfile *iface, VARIANT_BOOL *d)
{
    return profile_get_bool(impl_from_INetFwProfile(iface), L"DisableNotifications", 0, d);
}

static HRESULT WINAPI fw_profile_put_NotificationsDisabled(INetFwProfile *iface, VARIANT_BOOL d)
{
    return profile_put_bool(impl_from_INetFwProfile(iface), L"DisableNotifications", d);
}

static HRESULT WINAPI fw_profile_get_UnicastResponsesToMulticastBroadcastDisabled(INetFwProfile *iface,
                                                                                   VARIANT_BOOL *d)
{
    return profile_get_bool(impl_from_INetFwProfile(iface),
                            L"DisableUnicastResponsesToMulticastBroadcast", 0, d);
}

static HRESULT WINAPI fw_profile_put_UnicastResponsesToMulticastBroadcastDisabled(INetFwProfile *iface,
                                                                                   VARIANT_BOOL d)
{
    return profile_put_bool(impl_from_INetFwProfile(iface),
                            L"DisableUnicastResponsesToMulticastBroadcast", d);
}

/* Not needed by pasvports: not implemented in the lab. */
static HRESULT WINAPI fw_profile_get_RemoteAdminSettings(INetFwProfile *iface,
                                                         INetFwRemoteAdminSettings **s)
{
    (void)iface;
    if (s)
        *s = NULL;
    return E_NOTIMPL;
}

static HRESULT WINAPI fw_profile_get_IcmpSettings(INetFwProfile *iface, INetFwIcmpSettings **s)
{
    (void)iface;
    if (s)
        *s = NULL;
    return E_NOTIMPL;
}

static HRESULT WINAPI fw_profile_get_GloballyOpenPorts(INetFwProfile *iface, INetFwOpenPorts **out)
{
    HRESULT hr;

    if (!out)
        return E_POINTER;
    *out = NULL;
    if (FAILED(hr = fw_enter(FW_LEGACY, FALSE)))
        return hr;
    return open_ports_create(impl_from_INetFwProfile(iface)->type, out);
}

static HRESULT WINAPI fw_profile_get_Services(INetFwProfile *iface, INetFwServices **s)
{
    (void)iface;
    if (s)
        *s = NULL;
    return E_NOTIMPL;
}

static HRESULT WINAPI fw_profile_get_AuthorizedApplications(INetFwProfile *iface,
                                                            INetFwAuthorizedApplications **a)
{
    (void)iface;
    if (a)
        *a = NULL;
    return E_NOTIMPL;
}

static const INetFwProfileVtbl fw_profile_vtbl = {
    fw_profile_QueryInterface, fw_profile_AddRef, fw_profile_Release,
    fw_profile_GetTypeInfoCount, fw_profile_GetTypeInfo, fw_profile_GetIDsOfNames,
    fw_profile_Invoke,
    fw_profile_get_Type, fw_profile_get_FirewallEnabled, fw_profile_put_FirewallEnabled,
    fw_profile_get_ExceptionsNotAllowed, fw_profile_put_ExceptionsNotAllowed,
    fw_profile_get_NotificationsDisabled, fw_profile_put_NotificationsDisabled,
    fw_profile_get_UnicastResponsesToMulticastBroadcastDisabled,
    fw_profile_put_UnicastResponsesToMulticastBroadcastDisabled,
    fw_profile_get_RemoteAdminSettings, fw_profile_get_IcmpSettings,
    fw_profile_get_GloballyOpenPorts, fw_profile_get_Services,
    fw_profile_get_AuthorizedApplications,
};

static HRESULT profile_create(DWORD type, INetFwProfile **out)
{
    struct fw_profile *prof = calloc(1, sizeof(*prof));

    if (!prof)
        return E_OUTOFMEMORY;
    prof->INetFwProfile_iface.lpVtbl = &fw_profile_vtbl;
    prof->refs = 1;
    prof->type = type;
    fw_object_added();
    *out = &prof->INetFwProfile_iface;
    return S_OK;
}

/* ------------------------------------------------------------------ INetFwPolicy */

struct fw_policy {
    INetFwPolicy INetFwPolicy_iface;
    LONG refs;
};

static inline struct fw_policy *impl_from_INetFwPolicy(INetFwPolicy *iface)
{
    return CONTAINING_RECORD(iface, struct fw_policy, INetFwPolicy_iface);
}

static HRESULT WINAPI fw_policy_QueryInterface(INetFwPolicy *iface, REFIID riid, void **out)
{
    if (!out)
        return E_POINTER;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch)
        || IsEqualGUID(riid, &IID_INetFwPolicy)) {
        *out = iface;
        INetFwPolicy_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI fw_policy_AddRef(INetFwPolicy *iface)
{
    return InterlockedIncrement(&impl_from_INetFwPolicy(iface)->refs);
}

static ULONG WINAPI fw_policy_Release(INetFwPolicy *iface)
{
    struct fw_policy *pol = impl_from_INetFwPolicy(iface);
    ULONG refs = InterlockedDecrement(&pol->refs);

    if (!refs) {
        free(pol);
        fw_object_removed();
    }
    return refs;
}

FW_IDISPATCH_IMPL(fw_policy, INetFwPolicy)

static HRESULT WINAPI fw_policy_get_CurrentProfile(INetFwPolicy *iface, INetFwProfile **out)
{
    HRESULT hr;

    (void)iface;
    if (!out)
        return E_POINTER;
    *out = NULL;
    if (FAILED(hr = fw_enter(FW_LEGACY, FALSE)))
        return hr;
    return profile_create(labfw_current_profile(), out);
}

/* DOMAIN and STANDARD each have their own state; CURRENT resolves to the current one. */
static HRESULT WINAPI fw_policy_GetProfileByType(INetFwPolicy *iface, NET_FW_PROFILE_TYPE type,
                                                 INetFwProfile **out)
{
    HRESULT hr;

    (void)iface;
    if (!out)
        return E_POINTER;
    *out = NULL;
    if (FAILED(hr = fw_enter(FW_LEGACY, FALSE)))
        return hr;
    if (type == NET_FW_PROFILE_CURRENT)
        return profile_create(labfw_current_profile(), out);
    if (type != NET_FW_PROFILE_DOMAIN && type != NET_FW_PROFILE_STANDARD)
        return E_INVALIDARG;
    return profile_create((DWORD)type, out);
}

static const INetFwPolicyVtbl fw_policy_vtbl = {
    fw_policy_QueryInterface, fw_policy_AddRef, fw_policy_Release,
    fw_policy_GetTypeInfoCount, fw_policy_GetTypeInfo, fw_policy_GetIDsOfNames, fw_policy_Invoke,
    fw_policy_get_CurrentProfile, fw_policy_GetProfileByType,
};

/* ------------------------------------------------------------------ INetFwMgr */

struct fw_mgr {
    INetFwMgr INetFwMgr_iface;
    LONG refs;
};

static inline struct fw_mgr *impl_from_INetFwMgr(INetFwMgr *iface)
{
    return CONTAINING_RECORD(iface, struct fw_mgr, INetFwMgr_iface);
}

static HRESULT WINAPI fw_mgr_QueryInterface(INetFwMgr *iface, REFIID riid, void **out)
{
    if (!out)
        return E_POINTER;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch)
        || IsEqualGUID(riid, &IID_INetFwMgr)) {
        *out = iface;
        INetFwMgr_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI fw_mgr_AddRef(INetFwMgr *iface)
{
    return InterlockedIncrement(&impl_from_INetFwMgr(iface)->refs);
}

static ULONG WINAPI fw_mgr_Release(INetFwMgr *iface)
{
    struct fw_mgr *mgr = impl_from_INetFwMgr(iface);
    ULONG refs = InterlockedDecrement(&mgr->refs);

    if (!refs) {
        free(mgr);
        fw_object_removed();
    }
    return refs;
}

FW_IDISPATCH_IMPL(fw_mgr, INetFwMgr)

static HRESULT WINAPI fw_mgr_get_LocalPolicy(INetFwMgr *iface, INetFwPolicy **out)
{
    struct fw_policy *pol;
    HRESULT hr;

    (void)iface;
    if (!out)
        return E_POINTER;
    *out = NULL;
    if (FAILED(hr = fw_enter(FW_LEGACY, FALSE)))
        return hr;
    if (!(pol = calloc(1, sizeof(*pol))))
        return E_OUTOFMEMORY;
    pol->INetFwPolicy_iface.lpVtbl = &fw_policy_vtbl;
    pol->refs = 1;
    fw_object_added();
    *out = &pol->INetFwPolicy_iface;
    return S_OK;
}

/* Needs the SharedAccess service (sdk-api inetfwmgr-get_currentprofiletype): the ServiceStopped
 * knob makes it fail. The profile itself is the CurrentProfile knob. */
static HRESULT WINAPI fw_mgr_get_CurrentProfileType(INetFwMgr *iface, NET_FW_PROFILE_TYPE *type)
{
    HRESULT hr;

    (void)iface;
    if (!type)
        return E_POINTER;
    if (FAILED(hr = fw_enter(FW_LEGACY, FALSE)))
        return hr;
    *type = (NET_FW_PROFILE_TYPE)labfw_current_profile();
    return S_OK;
}

static HRESULT WINAPI fw_mgr_RestoreDefaults(INetFwMgr *iface)
{
    (void)iface;
    return E_NOTIMPL;
}

/* Answers from the same state the lab FTP service consults (labfw_port_allowed); TCP only. */
static HRESULT WINAPI fw_mgr_IsPortAllowed(INetFwMgr *iface, BSTR image, NET_FW_IP_VERSION ipv,
                                           LONG port, BSTR local, NET_FW_IP_PROTOCOL proto,
                                           VARIANT *allowed, VARIANT *restricted)
{
    HRESULT hr;

    (void)iface; (void)image; (void)ipv; (void)local;
    if (!allowed || !restricted)
        return E_POINTER;
    if (port < 1 || port > 65535 || proto != NET_FW_IP_PROTOCOL_TCP)
        return E_INVALIDARG;
    if (FAILED(hr = fw_enter(FW_LEGACY, FALSE)))
        return hr;
    VariantInit(allowed);
    VariantInit(restricted);
    V_VT(allowed) = VT_BOOL;
    V_BOOL(allowed) = labfw_port_allowed((USHORT)port, NULL) ? VARIANT_TRUE : VARIANT_FALSE;
    V_VT(restricted) = VT_BOOL;
    V_BOOL(restricted) = VARIANT_FALSE;
    return S_OK;
}

static HRESULT WINAPI fw_mgr_IsIcmpTypeAllowed(INetFwMgr *iface, NET_FW_IP_VERSION ipv, BSTR local,
                                               BYTE type, VARIANT *allowed, VARIANT *restricted)
{
    (void)iface; (void)ipv; (void)local; (void)type; (void)allowed; (void)restricted;
    return E_NOTIMPL;
}

static const INetFwMgrVtbl fw_mgr_vtbl = {
    fw_mgr_QueryInterface, fw_mgr_AddRef, fw_mgr_Release,
    fw_mgr_GetTypeInfoCount, fw_mgr_GetTypeInfo, fw_mgr_GetIDsOfNames, fw_mgr_Invoke,
    fw_mgr_get_LocalPolicy, fw_mgr_get_CurrentProfileType, fw_mgr_RestoreDefaults,
    fw_mgr_IsPortAllowed, fw_mgr_IsIcmpTypeAllowed,
};

HRESULT fw_mgr_create(REFIID riid, void **out)
{
    struct fw_mgr *mgr = calloc(1, sizeof(*mgr));
    HRESULT hr;

    if (!mgr)
        return E_OUTOFMEMORY;
    mgr->INetFwMgr_iface.lpVtbl = &fw_mgr_vtbl;
    mgr->refs = 1;
    fw_object_added();
    hr = INetFwMgr_QueryInterface(&mgr->INetFwMgr_iface, riid, out);
    INetFwMgr_Release(&mgr->INetFwMgr_iface);
    return hr;
}

/* ------------------------------------------------------ INetFwAuthorizedApplication */

/* Minimal: an in-memory object (the lab has no AuthorizedApplications collection). */
struct fw_auth_app {
    INetFwAuthorizedApplication INetFwAuthorizedApplication_iface;
    LONG refs;
    WCHAR *name, *image, *addrs;
    NET_FW_SCOPE scope;
    BOOL enabled;
};

static inline struct fw_auth_app *impl_from_INetFwAuthorizedApplication(INetFwAuthorizedApplication *iface)
{
    return CONTAINING_RECORD(iface, struct fw_auth_app, INetFwAuthorizedApplication_iface);
}

static HRESULT WINAPI fw_auth_app_QueryInterface(INetFwAuthorizedApplication *iface, REFIID riid,
                                                 void **out)
{
    if (!out)
        return E_POINTER;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch)
        || IsEqualGUID(riid, &IID_INetFwAuthorizedApplication)) {
        *out = iface;
        INetFwAuthorizedApplication_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI fw_auth_app_AddRef(INetFwAuthorizedApplication *iface)
{
    return InterlockedIncrement(&impl_from_INetFwAuthorizedApplication(iface)->refs);
}

static ULONG WINAPI fw_auth_app_Release(INetFwAuthorizedApplication *iface)
{
    struct fw_auth_app *app = impl_from_INetFwAuthorizedApplication(iface);
    ULONG refs = InterlockedDecrement(&app->refs);

    if (!refs) {
        free(app->name);
        free(app->image);
        free(app->addrs);
        free(app);
        fw_object_removed();
    }
    return refs;
}

FW_IDISPATCH_IMPL(fw_auth_app, INetFwAuthorizedApplication)

static HRESULT WINAPI fw_auth_app_get_Name(INetFwAuthorizedApplication *iface, BSTR *name)
{
    return fw_bstr_out(impl_from_INetFwAuthorizedApplication(iface)->name, name);
}

static HRESULT WINAPI fw_auth_app_put_Name(INetFwAuthorizedApplication *iface, BSTR name)
{
    if (!name || !*name)
        return E_INVALIDARG;
    return fw_set_string(&impl_from_INetFwAuthorizedApplication(iface)->name, name);
}

static HRESULT WINAPI fw_auth_app_get_ProcessImageFileName(INetFwAuthorizedApplication *iface, BSTR *f)
{
    return fw_bstr_out(impl_from_INetFwAuthorizedApplication(iface)->image, f);
}

static HRESULT WINAPI fw_auth_app_put_ProcessImageFileName(INetFwAuthorizedApplication *iface, BSTR f)
{
    if (!f || !*f)
        return E_INVALIDARG;
    return fw_set_string(&impl_from_INetFwAuthorizedApplication(iface)->image, f);
}

static HRESULT WINAPI fw_auth_app_get_IpVersion(INetFwAuthorizedApplication *iface, NET_FW_IP_VERSION *v)
{
    (void)iface;
    if (!v)
        return E_POINTER;
    *v = NET_FW_IP_VERSION_ANY;
    return S_OK;
}

static HRESULT WINAPI fw_auth_app_put_IpVersion(INetFwAuthorizedApplication *iface, NET_FW_IP_VERSION v)
{
    (void)iface;
    return v == NET_FW_IP_VERSION_ANY ? S_OK : E_INVALIDARG;
}

static HRESULT WINAPI fw_auth_app_get_Scope(INetFwAuthorizedApplication *iface, NET_FW_SCOPE *s)
{
    if (!s)
        return E_POINTER;
    *s = impl_from_INetFwAuthorizedApplication(iface)->scope;
    return S_OK;
}

static HRESULT WINAPI fw_auth_app_put_Scope(INetFwAuthorizedApplication *iface, NET_FW_SCOPE s)
{
    struct fw_auth_app *app = impl_from_INetFwAuthorizedApplication(iface);

    if (s != NET_FW_SCOPE_ALL && s != NET_FW_SCOPE_LOCAL_SUBNET)
        return E_INVALIDARG;
    app->scope = s;
    return fw_set_string(&app->addrs, s == NET_FW_SCOPE_ALL ? L"*" : L"LocalSubnet");
}

static HRESULT WINAPI fw_auth_app_get_RemoteAddresses(INetFwAuthorizedApplication *iface, BSTR *a)
{
    return fw_bstr_out(impl_from_INetFwAuthorizedApplication(iface)->addrs, a);
}

static HRESULT WINAPI fw_auth_app_put_RemoteAddresses(INetFwAuthorizedApplication *iface, BSTR a)
{
    struct fw_auth_app *app = impl_from_INetFwAuthorizedApplication(iface);

    if (!a || !*a)
        return E_INVALIDARG;
    app->scope = scope_of(a);
    return fw_set_string(&app->addrs, a);
}

static HRESULT WINAPI fw_auth_app_get_Enabled(INetFwAuthorizedApplication *iface, VARIANT_BOOL *e)
{
    if (!e)
        return E_POINTER;
    *e = impl_from_INetFwAuthorizedApplication(iface)->enabled ? VARIANT_TRUE : VARIANT_FALSE;
    return S_OK;
}

static HRESULT WINAPI fw_auth_app_put_Enabled(INetFwAuthorizedApplication *iface, VARIANT_BOOL e)
{
    impl_from_INetFwAuthorizedApplication(iface)->enabled = e != VARIANT_FALSE;
    return S_OK;
}

static const INetFwAuthorizedApplicationVtbl fw_auth_app_vtbl = {
    fw_auth_app_QueryInterface, fw_auth_app_AddRef, fw_auth_app_Release,
    fw_auth_app_GetTypeInfoCount, fw_auth_app_GetTypeInfo, fw_auth_app_GetIDsOfNames,
    fw_auth_app_Invoke,
    fw_auth_app_get_Name, fw_auth_app_put_Name, fw_auth_app_get_ProcessImageFileName,
    fw_auth_app_put_ProcessImageFileName, fw_auth_app_get_IpVersion, fw_auth_app_put_IpVersion,
    fw_auth_app_get_Scope, fw_auth_app_put_Scope, fw_auth_app_get_RemoteAddresses,
    fw_auth_app_put_RemoteAddresses, fw_auth_app_get_Enabled, fw_auth_app_put_Enabled,
};

HRESULT fw_auth_app_create(REFIID riid, void **out)
{
    struct fw_auth_app *app = calloc(1, sizeof(*app));
    HRESULT hr;

    if (!app)
        return E_OUTOFMEMORY;
    app->INetFwAuthorizedApplication_iface.lpVtbl = &fw_auth_app_vtbl;
    app->refs = 1;
    app->enabled = TRUE;
    app->scope = NET_FW_SCOPE_ALL;
    app->addrs = fw_strdup(L"*");
    fw_object_added();
    hr = INetFwAuthorizedApplication_QueryInterface(&app->INetFwAuthorizedApplication_iface, riid, out);
    INetFwAuthorizedApplication_Release(&app->INetFwAuthorizedApplication_iface);
    return hr;
}
