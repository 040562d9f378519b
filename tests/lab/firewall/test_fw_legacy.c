/* pasvports lab firewall: the legacy API (INetFwMgr ... INetFwOpenPort) through real COM
 * activation: classes, defaults, documented semantics (the INetFwOpenPorts and INetFwOpenPort
 * pages under https://learn.microsoft.com/windows/win32/api/netfw/) and registry format.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include <initguid.h>
#include "fwtest.h"

DEFINE_GUID(CLSID_UPnPNAT_lab, 0xae1e00aa, 0x3fd5, 0x403c, 0x8a, 0x27, 0x2b, 0xbd, 0xc3, 0x0c, 0xd0, 0xe1);

static BOOL bstr_is(BSTR b, const WCHAR *s)
{
    return b && !wcscmp(b, s);
}

static void check_dispatch(IUnknown *unk, const char *what)
{
    IDispatch *disp = NULL;
    UINT count = 99;
    HRESULT hr = IUnknown_QueryInterface(unk, &IID_IDispatch, (void **)&disp);

    ok(hr == S_OK, "%s: QI IDispatch 0x%08lx", what, (unsigned long)hr);
    if (FAILED(hr))
        return;
    hr = IDispatch_GetTypeInfoCount(disp, &count);
    ok(hr == S_OK && count == 0, "%s: GetTypeInfoCount 0x%08lx %u", what, (unsigned long)hr, count);
    IDispatch_Release(disp);
}

static void test_classes(void)
{
    static const struct { const CLSID *clsid; const IID *iid; const char *name; } classes[] = {
        { &CLSID_NetFwMgr, &IID_INetFwMgr, "NetFwMgr" },
        { &CLSID_NetFwOpenPort, &IID_INetFwOpenPort, "NetFwOpenPort" },
        { &CLSID_NetFwPolicy2, &IID_INetFwPolicy2, "NetFwPolicy2" },
        { &CLSID_NetFwRule, &IID_INetFwRule, "NetFwRule" },
        { &CLSID_NetFwAuthorizedApplication, &IID_INetFwAuthorizedApplication, "NetFwAuthorizedApplication" },
    };
    HRESULT (WINAPI *get_class)(REFCLSID, REFIID, void **);
    HMODULE dll;
    IUnknown *unk, *other;
    size_t i;
    HRESULT hr;

    for (i = 0; i < ARRAYSIZE(classes); i++) {
        unk = NULL;
        hr = CoCreateInstance(classes[i].clsid, NULL, CLSCTX_INPROC_SERVER, classes[i].iid, (void **)&unk);
        ok(hr == S_OK && unk, "CoCreateInstance(%s) 0x%08lx", classes[i].name, (unsigned long)hr);
        if (!unk)
            continue;
        check_dispatch(unk, classes[i].name);
        other = (IUnknown *)0xdeadbeef;
        hr = IUnknown_QueryInterface(unk, &IID_IClassFactory, (void **)&other);
        ok(hr == E_NOINTERFACE && !other, "%s: QI foreign 0x%08lx", classes[i].name, (unsigned long)hr);
        ok(IUnknown_Release(unk) == 0, "%s: last release", classes[i].name);
    }
    /* CLSCTX_ALL reaches the in-proc server too (the product uses it for some objects). */
    hr = CoCreateInstance(&CLSID_NetFwMgr, NULL, CLSCTX_ALL, &IID_IUnknown, (void **)&unk);
    ok(hr == S_OK, "CoCreateInstance(NetFwMgr, CLSCTX_ALL) 0x%08lx", (unsigned long)hr);
    if (SUCCEEDED(hr))
        IUnknown_Release(unk);

    dll = GetModuleHandleW(L"hnetcfg.dll");
    ok(dll != NULL, "hnetcfg.dll is loaded");
    get_class = dll ? (void *)GetProcAddress(dll, "DllGetClassObject") : NULL;
    ok(get_class != NULL, "DllGetClassObject exported");
    if (get_class) {
        hr = get_class(&CLSID_UPnPNAT_lab, &IID_IClassFactory, (void **)&unk);
        ok(hr == CLASS_E_CLASSNOTAVAILABLE, "UPnPNAT: 0x%08lx", (unsigned long)hr);
        hr = get_class(&IID_INetFwMgr, &IID_IClassFactory, (void **)&unk);
        ok(hr == CLASS_E_CLASSNOTAVAILABLE, "random CLSID: 0x%08lx", (unsigned long)hr);
    }
    ok(dll && GetProcAddress(dll, "DllCanUnloadNow") && GetProcAddress(dll, "DllRegisterServer")
       && GetProcAddress(dll, "DllUnregisterServer"), "other Dll* exports");
}

static void test_mgr_profiles(void)
{
    INetFwMgr *mgr = NULL;
    INetFwPolicy *policy = NULL;
    INetFwProfile *dom = NULL, *std = NULL, *cur = NULL;
    NET_FW_PROFILE_TYPE type = 99;
    VARIANT_BOOL b = 99;
    VARIANT allowed, restricted;
    BSTR empty = SysAllocString(L"");
    HRESULT hr;

    hr = CoCreateInstance(&CLSID_NetFwMgr, NULL, CLSCTX_INPROC_SERVER, &IID_INetFwMgr, (void **)&mgr);
    ok(hr == S_OK, "NetFwMgr 0x%08lx", (unsigned long)hr);
    if (FAILED(hr))
        return;
    hr = INetFwMgr_get_CurrentProfileType(mgr, &type);
    ok(hr == S_OK && type == NET_FW_PROFILE_STANDARD, "current type 0x%08lx %d", (unsigned long)hr, type);
    knob_set(L"CurrentProfile", 0);
    hr = INetFwMgr_get_CurrentProfileType(mgr, &type);
    ok(hr == S_OK && type == NET_FW_PROFILE_DOMAIN, "CurrentProfile=0: %d", type);
    hr = INetFwMgr_get_LocalPolicy(mgr, &policy);
    ok(hr == S_OK && policy, "get_LocalPolicy 0x%08lx", (unsigned long)hr);
    if (!policy)
        goto done;
    hr = INetFwPolicy_get_CurrentProfile(policy, &cur);
    ok(hr == S_OK, "get_CurrentProfile 0x%08lx", (unsigned long)hr);
    if (cur) {
        INetFwProfile_get_Type(cur, &type);
        ok(type == NET_FW_PROFILE_DOMAIN, "current profile follows the knob: %d", type);
        INetFwProfile_Release(cur);
        cur = NULL;
    }
    knob_del(L"CurrentProfile");
    hr = INetFwPolicy_get_CurrentProfile(policy, &cur);
    if (cur) {
        INetFwProfile_get_Type(cur, &type);
        ok(type == NET_FW_PROFILE_STANDARD, "default current profile Standard: %d", type);
        INetFwProfile_Release(cur);
    }
    hr = INetFwPolicy_GetProfileByType(policy, NET_FW_PROFILE_DOMAIN, &dom);
    ok(hr == S_OK && dom, "GetProfileByType(DOMAIN) 0x%08lx", (unsigned long)hr);
    hr = INetFwPolicy_GetProfileByType(policy, NET_FW_PROFILE_STANDARD, &std);
    ok(hr == S_OK && std, "GetProfileByType(STANDARD) 0x%08lx", (unsigned long)hr);
    hr = INetFwPolicy_GetProfileByType(policy, NET_FW_PROFILE_TYPE_MAX, &cur);
    ok(hr == E_INVALIDARG, "GetProfileByType(MAX) 0x%08lx", (unsigned long)hr);
    if (!dom || !std)
        goto done;
    INetFwProfile_get_Type(dom, &type);
    ok(type == NET_FW_PROFILE_DOMAIN, "domain get_Type %d", type);
    INetFwProfile_get_Type(std, &type);
    ok(type == NET_FW_PROFILE_STANDARD, "standard get_Type %d", type);
    check_dispatch((IUnknown *)std, "INetFwProfile");
    check_dispatch((IUnknown *)policy, "INetFwPolicy");

    /* Provisioned: firewall on in both profiles. */
    hr = INetFwProfile_get_FirewallEnabled(std, &b);
    ok(hr == S_OK && b == VARIANT_TRUE, "standard enabled 0x%08lx %d", (unsigned long)hr, b);
    hr = INetFwProfile_put_FirewallEnabled(dom, VARIANT_FALSE);
    ok(hr == S_OK, "put_FirewallEnabled 0x%08lx", (unsigned long)hr);
    ok(reg_dword(FW_POLICY L"\\DomainProfile", L"EnableFirewall", 9) == 0, "EnableFirewall=0 stored");
    ok(reg_dword(FW_POLICY L"\\StandardProfile", L"EnableFirewall", 9) == 1, "other profile untouched");
    INetFwProfile_get_FirewallEnabled(dom, &b);
    ok(b == VARIANT_FALSE, "domain reads back disabled");
    INetFwProfile_put_FirewallEnabled(dom, VARIANT_TRUE);
    ok(reg_dword(FW_POLICY L"\\DomainProfile", L"EnableFirewall", 9) == 1, "EnableFirewall=1 restored");

    hr = INetFwProfile_get_ExceptionsNotAllowed(std, &b);
    ok(hr == S_OK && b == VARIANT_FALSE, "ExceptionsNotAllowed default 0x%08lx %d", (unsigned long)hr, b);
    hr = INetFwProfile_put_ExceptionsNotAllowed(std, VARIANT_TRUE);
    ok(hr == S_OK, "put_ExceptionsNotAllowed 0x%08lx", (unsigned long)hr);
    ok(reg_dword(FW_POLICY L"\\StandardProfile", L"DoNotAllowExceptions", 9) == 1,
       "stored as DoNotAllowExceptions=1");
    INetFwProfile_get_ExceptionsNotAllowed(std, &b);
    ok(b == VARIANT_TRUE, "reads back TRUE");
    INetFwProfile_put_ExceptionsNotAllowed(std, VARIANT_FALSE);
    ok(reg_dword(FW_POLICY L"\\StandardProfile", L"DoNotAllowExceptions", 9) == 0, "restored");

    /* A value written by someone else is seen at the next call (no caching). */
    reg_set_dword(FW_POLICY L"\\StandardProfile", L"EnableFirewall", 0);
    INetFwProfile_get_FirewallEnabled(std, &b);
    ok(b == VARIANT_FALSE, "external change seen immediately");
    reg_set_dword(FW_POLICY L"\\StandardProfile", L"EnableFirewall", 1);

    /* IsPortAllowed answers from the same state: 3389 seeded, 5997 not open. */
    hr = INetFwMgr_IsPortAllowed(mgr, empty, NET_FW_IP_VERSION_ANY, 3389, empty, NET_FW_IP_PROTOCOL_TCP,
                                 &allowed, &restricted);
    ok(hr == S_OK && V_VT(&allowed) == VT_BOOL && V_BOOL(&allowed) == VARIANT_TRUE,
       "IsPortAllowed(3389) 0x%08lx", (unsigned long)hr);
    hr = INetFwMgr_IsPortAllowed(mgr, empty, NET_FW_IP_VERSION_ANY, 5997, empty, NET_FW_IP_PROTOCOL_TCP,
                                 &allowed, &restricted);
    ok(hr == S_OK && V_BOOL(&allowed) == VARIANT_FALSE, "IsPortAllowed(5997) blocked");
done:
    SysFreeString(empty);
    if (dom) INetFwProfile_Release(dom);
    if (std) INetFwProfile_Release(std);
    if (policy) INetFwPolicy_Release(policy);
    INetFwMgr_Release(mgr);
}

static void test_port_defaults(void)
{
    INetFwOpenPort *p = NULL;
    NET_FW_IP_VERSION ipv = 99;
    NET_FW_IP_PROTOCOL proto = 99;
    NET_FW_SCOPE scope = 99;
    VARIANT_BOOL b = 99;
    BSTR s = NULL, cidr;
    LONG port = 99;
    HRESULT hr;

    hr = CoCreateInstance(&CLSID_NetFwOpenPort, NULL, CLSCTX_INPROC_SERVER, &IID_INetFwOpenPort, (void **)&p);
    ok(hr == S_OK, "NetFwOpenPort 0x%08lx", (unsigned long)hr);
    if (FAILED(hr))
        return;
    ok(INetFwOpenPort_get_Enabled(p, &b) == S_OK && b == VARIANT_TRUE, "default Enabled TRUE");
    ok(INetFwOpenPort_get_Protocol(p, &proto) == S_OK && proto == NET_FW_IP_PROTOCOL_TCP, "default TCP");
    ok(INetFwOpenPort_get_IpVersion(p, &ipv) == S_OK && ipv == NET_FW_IP_VERSION_ANY, "default ANY");
    ok(INetFwOpenPort_get_Scope(p, &scope) == S_OK && scope == NET_FW_SCOPE_ALL, "default scope ALL");
    ok(INetFwOpenPort_get_RemoteAddresses(p, &s) == S_OK && bstr_is(s, L"*"), "default RemoteAddresses *");
    SysFreeString(s);
    ok(INetFwOpenPort_get_BuiltIn(p, &b) == S_OK && b == VARIANT_FALSE, "BuiltIn FALSE");
    ok(INetFwOpenPort_get_Port(p, &port) == S_OK && port == 0, "no port yet: %ld", (long)port);

    ok(INetFwOpenPort_put_Scope(p, NET_FW_SCOPE_CUSTOM) == E_INVALIDARG, "put_Scope(CUSTOM) E_INVALIDARG");
    ok(INetFwOpenPort_put_Scope(p, NET_FW_SCOPE_LOCAL_SUBNET) == S_OK, "put_Scope(LOCAL_SUBNET)");
    INetFwOpenPort_get_RemoteAddresses(p, &s);
    ok(bstr_is(s, L"LocalSubnet"), "LOCAL_SUBNET shows as RemoteAddresses LocalSubnet");
    SysFreeString(s);
    cidr = SysAllocString(L"10.0.0.0/255.0.0.0");
    ok(INetFwOpenPort_put_RemoteAddresses(p, cidr) == S_OK, "put_RemoteAddresses(subnet)");
    INetFwOpenPort_get_Scope(p, &scope);
    ok(scope == NET_FW_SCOPE_CUSTOM, "custom address list -> scope CUSTOM (%d)", scope);
    SysFreeString(cidr);
    ok(INetFwOpenPort_put_Scope(p, NET_FW_SCOPE_ALL) == S_OK, "put_Scope(ALL)");
    ok(INetFwOpenPort_put_Protocol(p, 1) == E_INVALIDARG, "put_Protocol(ICMP) E_INVALIDARG");
    ok(INetFwOpenPort_put_Protocol(p, NET_FW_IP_PROTOCOL_ANY) == E_INVALIDARG, "put_Protocol(ANY) E_INVALIDARG");
    ok(INetFwOpenPort_put_Protocol(p, NET_FW_IP_PROTOCOL_UDP) == S_OK, "put_Protocol(UDP)");
    ok(INetFwOpenPort_put_IpVersion(p, NET_FW_IP_VERSION_V4) == E_INVALIDARG, "put_IpVersion(V4) refused");
    ok(INetFwOpenPort_put_IpVersion(p, NET_FW_IP_VERSION_ANY) == S_OK, "put_IpVersion(ANY)");
    ok(INetFwOpenPort_put_Port(p, 0) == E_INVALIDARG && INetFwOpenPort_put_Port(p, 65536) == E_INVALIDARG,
       "put_Port range");
    ok(INetFwOpenPort_Release(p) == 0, "released");
}

static void test_ports(void)
{
    INetFwOpenPorts *std = NULL, *dom = NULL, *again = NULL;
    INetFwOpenPort *p = NULL, *item = NULL;
    IUnknown *unk = NULL;
    IEnumVARIANT *en = NULL, *clone = NULL;
    VARIANT v[2];
    WCHAR data[256];
    LONG count0 = -1, count = -1, dcount0 = -1, dcount = -1, port = 0, seen = 0, enum_count = 0;
    ULONG fetched;
    NET_FW_SCOPE scope;
    VARIANT_BOOL b;
    BSTR s = NULL;
    HRESULT hr;

    ok(fw_ports(NET_FW_PROFILE_STANDARD, &std) == S_OK, "standard ports");
    ok(fw_ports(NET_FW_PROFILE_DOMAIN, &dom) == S_OK, "domain ports");
    if (!std || !dom)
        return;
    check_dispatch((IUnknown *)std, "INetFwOpenPorts");
    INetFwOpenPorts_get_Count(std, &count0);
    INetFwOpenPorts_get_Count(dom, &dcount0);
    ok(count0 >= 3, "seeded foreign exceptions present: %ld", (long)count0);

    hr = fw_add_port(NET_FW_PROFILE_STANDARD, 5201, NET_FW_IP_PROTOCOL_TCP, L"Passive FTP5201");
    ok(hr == S_OK, "Add 5201 0x%08lx", (unsigned long)hr);
    reg_sz(FW_STD_LIST, L"5201:TCP", data, 256);
    ok(!wcscmp(data, L"5201:TCP:*:Enabled:Passive FTP5201"), "registry value exact: %ls", data);
    INetFwOpenPorts_get_Count(std, &count);
    ok(count == count0 + 1, "Count %ld -> %ld (same object sees it at once)", (long)count0, (long)count);
    INetFwOpenPorts_get_Count(dom, &dcount);
    ok(dcount == dcount0, "Domain list has its own entries: %ld", (long)dcount);
    ok(!reg_sz(FW_DOM_LIST, L"5201:TCP", data, 256), "nothing written to DomainProfile");

    hr = INetFwOpenPorts_Item(std, 5201, NET_FW_IP_PROTOCOL_TCP, &item);
    ok(hr == S_OK && item, "Item(5201) 0x%08lx", (unsigned long)hr);
    if (item) {
        check_dispatch((IUnknown *)item, "INetFwOpenPort");
        INetFwOpenPort_get_Name(item, &s);
        ok(bstr_is(s, L"Passive FTP5201"), "Item name %ls", s ? s : L"(null)");
        SysFreeString(s);
        s = NULL;
        INetFwOpenPort_get_Port(item, &port);
        ok(port == 5201, "Item port %ld", (long)port);
        /* An item is live: changing it changes the firewall immediately. */
        ok(INetFwOpenPort_put_Enabled(item, VARIANT_FALSE) == S_OK, "put_Enabled on item");
        reg_sz(FW_STD_LIST, L"5201:TCP", data, 256);
        ok(!wcscmp(data, L"5201:TCP:*:Disabled:Passive FTP5201"), "disabled in registry: %ls", data);
        ok(INetFwOpenPort_put_Scope(item, NET_FW_SCOPE_LOCAL_SUBNET) == S_OK, "put_Scope on item");
        reg_sz(FW_STD_LIST, L"5201:TCP", data, 256);
        ok(!wcscmp(data, L"5201:TCP:LocalSubnet:Disabled:Passive FTP5201"), "scope in registry: %ls", data);
        INetFwOpenPort_put_Enabled(item, VARIANT_TRUE);
        INetFwOpenPort_put_Scope(item, NET_FW_SCOPE_ALL);
        INetFwOpenPort_Release(item);
        item = NULL;
    }
    hr = INetFwOpenPorts_Item(dom, 5201, NET_FW_IP_PROTOCOL_TCP, &item);
    ok(hr == HR_NOT_FOUND && !item, "not in Domain: 0x%08lx", (unsigned long)hr);

    /* Add of an existing port+protocol overwrites (the documented Remarks; E_UNEXPECTED not used). */
    hr = fw_add_port(NET_FW_PROFILE_STANDARD, 5201, NET_FW_IP_PROTOCOL_TCP, L"Renamed");
    ok(hr == S_OK, "Add existing 0x%08lx", (unsigned long)hr);
    INetFwOpenPorts_get_Count(std, &count);
    ok(count == count0 + 1, "overwrite keeps Count %ld", (long)count);
    reg_sz(FW_STD_LIST, L"5201:TCP", data, 256);
    ok(!wcscmp(data, L"5201:TCP:*:Enabled:Renamed"), "overwritten: %ls", data);

    /* Same port, other protocol: another entry. */
    ok(fw_add_port(NET_FW_PROFILE_STANDARD, 5201, NET_FW_IP_PROTOCOL_UDP, L"Passive UDP") == S_OK, "Add UDP");
    reg_sz(FW_STD_LIST, L"5201:UDP", data, 256);
    ok(!wcscmp(data, L"5201:UDP:*:Enabled:Passive UDP"), "UDP entry: %ls", data);
    INetFwOpenPorts_get_Count(std, &count);
    ok(count == count0 + 2, "Count with UDP %ld", (long)count);

    /* Missing items. */
    item = (INetFwOpenPort *)0xdeadbeef;
    hr = INetFwOpenPorts_Item(std, 5998, NET_FW_IP_PROTOCOL_TCP, &item);
    ok(hr == HR_NOT_FOUND, "Item(missing) 0x%08lx (want 0x80070002)", (unsigned long)hr);
    ok(item == NULL, "Item(missing) clears the out pointer");
    hr = INetFwOpenPorts_Remove(std, 5998, NET_FW_IP_PROTOCOL_TCP);
    ok(hr == S_OK, "Remove(missing) 0x%08lx", (unsigned long)hr);

    /* Add argument checks. */
    hr = CoCreateInstance(&CLSID_NetFwOpenPort, NULL, CLSCTX_INPROC_SERVER, &IID_INetFwOpenPort, (void **)&p);
    if (SUCCEEDED(hr)) {
        INetFwOpenPort_put_Port(p, 5202);
        ok(INetFwOpenPorts_Add(std, p) == E_INVALIDARG, "Add without a name: E_INVALIDARG");
        INetFwOpenPort_Release(p);
    }
    ok(INetFwOpenPorts_Add(std, NULL) == E_INVALIDARG, "Add(NULL)");

    /* _NewEnum: IEnumVARIANT of VT_DISPATCH INetFwOpenPort, same count as get_Count. */
    hr = INetFwOpenPorts_get__NewEnum(std, &unk);
    ok(hr == S_OK && unk, "_NewEnum 0x%08lx", (unsigned long)hr);
    if (unk) {
        hr = IUnknown_QueryInterface(unk, &IID_IEnumVARIANT, (void **)&en);
        ok(hr == S_OK, "QI IEnumVARIANT 0x%08lx", (unsigned long)hr);
        IUnknown_Release(unk);
    }
    if (en) {
        while (IEnumVARIANT_Next(en, 1, v, &fetched) == S_OK) {
            INetFwOpenPort *ep = NULL;
            enum_count++;
            ok(V_VT(&v[0]) == VT_DISPATCH, "VT_DISPATCH item (%d)", V_VT(&v[0]));
            if (V_VT(&v[0]) == VT_DISPATCH
                && SUCCEEDED(IDispatch_QueryInterface(V_DISPATCH(&v[0]), &IID_INetFwOpenPort, (void **)&ep))) {
                NET_FW_IP_PROTOCOL proto;
                INetFwOpenPort_get_Port(ep, &port);
                INetFwOpenPort_get_Protocol(ep, &proto);
                if ((port == 5201 && proto == NET_FW_IP_PROTOCOL_TCP) || port == 3389)
                    seen++;
                INetFwOpenPort_Release(ep);
            }
            VariantClear(&v[0]);
        }
        ok(enum_count == count, "enumerated %ld of %ld", (long)enum_count, (long)count);
        ok(seen == 2, "enumeration has 5201/TCP and 3389 (%ld)", (long)seen);
        ok(IEnumVARIANT_Next(en, 1, v, &fetched) == S_FALSE && fetched == 0, "Next at end: S_FALSE");
        ok(IEnumVARIANT_Reset(en) == S_OK, "Reset");
        ok(IEnumVARIANT_Skip(en, 1) == S_OK, "Skip 1");
        ok(IEnumVARIANT_Clone(en, &clone) == S_OK && clone, "Clone");
        if (clone) {
            hr = IEnumVARIANT_Next(clone, 2, v, &fetched);
            ok(fetched == (ULONG)(count > 2 ? 2 : count - 1), "clone keeps position: %lu", fetched);
            while (fetched--)
                VariantClear(&v[fetched]);
            IEnumVARIANT_Release(clone);
        }
        ok(IEnumVARIANT_Skip(en, 1000) == S_FALSE, "Skip past end: S_FALSE");
        IEnumVARIANT_Release(en);
    }

    /* A fresh collection object sees the same; an entry written straight to the registry too. */
    ok(fw_ports(NET_FW_PROFILE_CURRENT, &again) == S_OK, "current profile ports");
    if (again) {
        reg_set_sz(FW_STD_LIST, L"5203:TCP", L"5203:TCP:*:Enabled:@xpsp2res.dll,-22009");
        hr = INetFwOpenPorts_Item(again, 5203, NET_FW_IP_PROTOCOL_TCP, &item);
        ok(hr == S_OK, "registry entry visible through COM 0x%08lx", (unsigned long)hr);
        if (item) {
            ok(INetFwOpenPort_get_BuiltIn(item, &b) == S_OK && b == VARIANT_TRUE, "indirect name = built in");
            ok(INetFwOpenPort_get_Scope(item, &scope) == S_OK && scope == NET_FW_SCOPE_ALL, "scope ALL");
            INetFwOpenPort_Release(item);
            item = NULL;
        }
        reg_del(FW_STD_LIST, L"5203:TCP");
        INetFwOpenPorts_Release(again);
    }

    ok(INetFwOpenPorts_Remove(std, 5201, NET_FW_IP_PROTOCOL_TCP) == S_OK, "Remove TCP");
    ok(INetFwOpenPorts_Remove(std, 5201, NET_FW_IP_PROTOCOL_UDP) == S_OK, "Remove UDP");
    ok(!reg_sz(FW_STD_LIST, L"5201:TCP", data, 256), "registry value gone");
    hr = INetFwOpenPorts_Item(std, 5201, NET_FW_IP_PROTOCOL_TCP, &item);
    ok(hr == HR_NOT_FOUND, "Item after Remove 0x%08lx", (unsigned long)hr);
    INetFwOpenPorts_get_Count(std, &count);
    ok(count == count0, "Count back to %ld (%ld)", (long)count0, (long)count);
    ok(INetFwOpenPorts_Remove(std, 5201, 1) == E_INVALIDARG, "Remove(ICMP) E_INVALIDARG");
    INetFwOpenPorts_Release(std);
    INetFwOpenPorts_Release(dom);
}

static void test_auth_app(void)
{
    INetFwAuthorizedApplication *app = NULL;
    VARIANT_BOOL b = 0;
    NET_FW_SCOPE scope = 99;
    BSTR s = SysAllocString(L"C:\\lab\\app.exe"), out = NULL;
    HRESULT hr = CoCreateInstance(&CLSID_NetFwAuthorizedApplication, NULL, CLSCTX_INPROC_SERVER,
                                  &IID_INetFwAuthorizedApplication, (void **)&app);

    ok(hr == S_OK, "NetFwAuthorizedApplication 0x%08lx", (unsigned long)hr);
    if (SUCCEEDED(hr)) {
        ok(INetFwAuthorizedApplication_get_Enabled(app, &b) == S_OK && b == VARIANT_TRUE, "enabled");
        ok(INetFwAuthorizedApplication_get_Scope(app, &scope) == S_OK && scope == NET_FW_SCOPE_ALL, "scope");
        ok(INetFwAuthorizedApplication_put_ProcessImageFileName(app, s) == S_OK, "put image");
        INetFwAuthorizedApplication_get_ProcessImageFileName(app, &out);
        ok(bstr_is(out, L"C:\\lab\\app.exe"), "image read back");
        SysFreeString(out);
        INetFwAuthorizedApplication_Release(app);
    }
    SysFreeString(s);
}

int main(void)
{
    HRESULT hr = CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);

    ok(hr == S_OK, "CoInitializeEx 0x%08lx", (unsigned long)hr);
    knobs_clear();
    test_classes();
    test_mgr_profiles();
    test_port_defaults();
    test_ports();
    test_auth_app();
    knobs_clear();
    CoUninitialize();
    return test_summary("lab.fw.legacy");
}
