/* pasvports lab firewall: state written by one process is seen by another (separate Wine
 * processes, each activating the real CLSIDs): ports, rules, profile settings, and the
 * create/use/release cycle in a process of its own.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *   lab_test_fw_xproc                  the test (runs the child modes below as new processes)
 *   lab_test_fw_xproc MODE ARGS...     a child: add-port N, remove-port N, check-port N, add-rule
 *                                      NAME, check-rule NAME, no-rule NAME, set-ena V, lifecycle */
#include <initguid.h>
#include <stdlib.h>
#include "fwtest.h"

static WCHAR *wide(const char *s)
{
    static WCHAR buf[256];
    MultiByteToWideChar(CP_ACP, 0, s, -1, buf, 256);
    return buf;
}

static BOOL bstr_is(BSTR b, const WCHAR *s)
{
    return b && !wcscmp(b, s);
}

/* Looks a port up three ways: Item, Count (>0) and _NewEnum. */
static void check_port_visible(LONG port, const WCHAR *name)
{
    INetFwOpenPorts *ports = NULL;
    INetFwOpenPort *item = NULL;
    IUnknown *unk = NULL;
    IEnumVARIANT *en = NULL;
    VARIANT v;
    LONG count = 0, found = 0;
    BSTR s = NULL;
    HRESULT hr;

    ok(fw_ports(NET_FW_PROFILE_STANDARD, &ports) == S_OK, "ports");
    if (!ports)
        return;
    hr = INetFwOpenPorts_Item(ports, port, NET_FW_IP_PROTOCOL_TCP, &item);
    ok(hr == S_OK, "pid %lu: Item(%ld) 0x%08lx", GetCurrentProcessId(), (long)port, (unsigned long)hr);
    if (item) {
        INetFwOpenPort_get_Name(item, &s);
        ok(bstr_is(s, name), "name %ls", s ? s : L"(null)");
        SysFreeString(s);
        INetFwOpenPort_Release(item);
    }
    ok(INetFwOpenPorts_get_Count(ports, &count) == S_OK && count >= 4, "Count %ld", (long)count);
    if (SUCCEEDED(INetFwOpenPorts_get__NewEnum(ports, &unk))
        && SUCCEEDED(IUnknown_QueryInterface(unk, &IID_IEnumVARIANT, (void **)&en))) {
        while (IEnumVARIANT_Next(en, 1, &v, NULL) == S_OK) {
            INetFwOpenPort *p = NULL;
            LONG n = 0;
            if (V_VT(&v) == VT_DISPATCH
                && SUCCEEDED(IDispatch_QueryInterface(V_DISPATCH(&v), &IID_INetFwOpenPort, (void **)&p))) {
                INetFwOpenPort_get_Port(p, &n);
                found += n == port;
                INetFwOpenPort_Release(p);
            }
            VariantClear(&v);
        }
        IEnumVARIANT_Release(en);
    }
    ok(found == 1, "_NewEnum has port %ld once (%ld)", (long)port, (long)found);
    if (unk)
        IUnknown_Release(unk);
    INetFwOpenPorts_Release(ports);
}

static void child_lifecycle(void)
{
    static const struct { const CLSID *clsid; const IID *iid; } classes[] = {
        { &CLSID_NetFwMgr, &IID_INetFwMgr }, { &CLSID_NetFwOpenPort, &IID_INetFwOpenPort },
        { &CLSID_NetFwPolicy2, &IID_INetFwPolicy2 }, { &CLSID_NetFwRule, &IID_INetFwRule },
        { &CLSID_NetFwAuthorizedApplication, &IID_INetFwAuthorizedApplication },
    };
    HRESULT (WINAPI *can_unload)(void);
    IUnknown *unk;
    size_t i;

    for (i = 0; i < ARRAYSIZE(classes); i++) {
        HRESULT hr = CoCreateInstance(classes[i].clsid, NULL, CLSCTX_INPROC_SERVER, classes[i].iid,
                                      (void **)&unk);
        ok(hr == S_OK, "class %u: 0x%08lx", (unsigned)i, (unsigned long)hr);
        if (SUCCEEDED(hr)) {
            ok(IUnknown_AddRef(unk) == 2, "AddRef");
            ok(IUnknown_Release(unk) == 1, "Release");
            ok(IUnknown_Release(unk) == 0, "final Release");
        }
    }
    can_unload = (void *)GetProcAddress(GetModuleHandleW(L"hnetcfg.dll"), "DllCanUnloadNow");
    ok(can_unload && can_unload() == S_OK, "DllCanUnloadNow S_OK once everything is released");
}

static int child(int argc, char **argv)
{
    const char *mode = argv[1];
    char suite[64];
    const WCHAR *arg = argc > 2 ? wide(argv[2]) : L"";
    WCHAR name[64];
    INetFwRules *rules = NULL;
    INetFwRule *r = NULL;
    INetFwProfile *prof = NULL;
    BSTR b;
    HRESULT hr;

    if (!strcmp(mode, "add-port")) {
        swprintf(name, 64, L"Passive FTP%ls", arg);
        hr = fw_add_port(NET_FW_PROFILE_STANDARD, _wtoi(arg), NET_FW_IP_PROTOCOL_TCP, name);
        ok(hr == S_OK, "child add-port 0x%08lx", (unsigned long)hr);
    } else if (!strcmp(mode, "remove-port")) {
        ok(fw_remove_port(NET_FW_PROFILE_STANDARD, _wtoi(arg), NET_FW_IP_PROTOCOL_TCP) == S_OK, "child remove");
    } else if (!strcmp(mode, "check-port")) {
        swprintf(name, 64, L"Passive FTP%ls", arg);
        check_port_visible(_wtoi(arg), name);
    } else if (!strcmp(mode, "add-rule")) {
        ok(fw_add_rule(arg, L"5001-5201", TRUE) == S_OK, "child add-rule");
    } else if (!strcmp(mode, "check-rule") || !strcmp(mode, "no-rule")) {
        BOOL want = !strcmp(mode, "check-rule");
        b = SysAllocString(arg);
        if (SUCCEEDED(fw_rules(&rules))) {
            hr = INetFwRules_Item(rules, b, &r);
            ok(want ? hr == S_OK : hr == HR_NOT_FOUND, "child Item(%ls) 0x%08lx", arg, (unsigned long)hr);
            if (r) {
                BSTR ports = NULL;
                VARIANT_BOOL en = 0;
                INetFwRule_get_LocalPorts(r, &ports);
                INetFwRule_get_Enabled(r, &en);
                ok(bstr_is(ports, L"5001-5201") && en == VARIANT_TRUE, "child sees the rule's properties");
                SysFreeString(ports);
                INetFwRule_Release(r);
            }
            INetFwRules_Release(rules);
        }
        SysFreeString(b);
    } else if (!strcmp(mode, "set-ena")) {
        if (SUCCEEDED(fw_profile(NET_FW_PROFILE_STANDARD, &prof))) {
            ok(INetFwProfile_put_ExceptionsNotAllowed(prof, _wtoi(arg) ? VARIANT_TRUE : VARIANT_FALSE) == S_OK,
               "child put_ExceptionsNotAllowed");
            INetFwProfile_Release(prof);
        }
    } else if (!strcmp(mode, "lifecycle")) {
        child_lifecycle();
    } else {
        ok(0, "unknown child mode %s", mode);
    }
    snprintf(suite, sizeof(suite), "lab.fw.xproc(child %s)", mode);
    return test_summary(suite);
}

static void test_ports_across_processes(void)
{
    INetFwOpenPorts *held = NULL;
    INetFwOpenPort *item = NULL;
    WCHAR data[256];
    LONG before = -1, after = -1;
    HRESULT hr;

    /* An object created before another process changes the list still sees the change. */
    ok(fw_ports(NET_FW_PROFILE_STANDARD, &held) == S_OK, "held ports object");
    if (held)
        INetFwOpenPorts_get_Count(held, &before);
    ok(run_self(L"add-port 5301") == 0, "process A adds 5301");
    ok(run_self(L"check-port 5301") == 0, "process B sees 5301 (Item, Count, _NewEnum)");
    reg_sz(FW_STD_LIST, L"5301:TCP", data, 256);
    ok(!wcscmp(data, L"5301:TCP:*:Enabled:Passive FTP5301"), "registry value exact: %ls", data);
    if (held) {
        INetFwOpenPorts_get_Count(held, &after);
        ok(after == before + 1, "held object: Count %ld -> %ld", (long)before, (long)after);
        hr = INetFwOpenPorts_Item(held, 5301, NET_FW_IP_PROTOCOL_TCP, &item);
        ok(hr == S_OK, "held object: Item 0x%08lx", (unsigned long)hr);
        if (item) INetFwOpenPort_Release(item);
        item = NULL;
    }
    ok(run_self(L"remove-port 5301") == 0, "process C removes 5301");
    if (held) {
        hr = INetFwOpenPorts_Item(held, 5301, NET_FW_IP_PROTOCOL_TCP, &item);
        ok(hr == HR_NOT_FOUND, "held object: gone 0x%08lx", (unsigned long)hr);
        INetFwOpenPorts_get_Count(held, &after);
        ok(after == before, "held object: Count back to %ld", (long)after);
        INetFwOpenPorts_Release(held);
    }
    ok(!reg_sz(FW_STD_LIST, L"5301:TCP", data, 256), "registry value removed");
}

static void test_rules_across_processes(void)
{
    INetFwRules *rules = NULL;
    INetFwRule *r = NULL;
    BSTR name = SysAllocString(L"pasv xproc rule");
    LONG before = -1, after = -1;
    HRESULT hr;

    fw_purge_rules(L"pasv xproc rule");
    ok(fw_rules(&rules) == S_OK, "rules");
    if (rules)
        INetFwRules_get_Count(rules, &before);
    ok(run_self(L"add-rule \"pasv xproc rule\"") == 0, "process A adds a rule");
    ok(run_self(L"check-rule \"pasv xproc rule\"") == 0, "process B finds it");
    if (rules) {
        INetFwRules_get_Count(rules, &after);
        ok(after == before + 1, "held rules object: Count %ld -> %ld", (long)before, (long)after);
        hr = INetFwRules_Item(rules, name, &r);
        ok(hr == S_OK, "held rules object: Item 0x%08lx", (unsigned long)hr);
        if (r) INetFwRule_Release(r);
        ok(INetFwRules_Remove(rules, name) == S_OK, "this process removes it");
        INetFwRules_Release(rules);
    }
    ok(run_self(L"no-rule \"pasv xproc rule\"") == 0, "process C no longer finds it");
    SysFreeString(name);
}

static void test_profile_across_processes(void)
{
    INetFwProfile *prof = NULL;
    VARIANT_BOOL b = 0;

    ok(fw_profile(NET_FW_PROFILE_STANDARD, &prof) == S_OK, "profile");
    ok(run_self(L"set-ena 1") == 0, "process A sets ExceptionsNotAllowed");
    if (prof) {
        INetFwProfile_get_ExceptionsNotAllowed(prof, &b);
        ok(b == VARIANT_TRUE, "held profile sees ExceptionsNotAllowed TRUE");
    }
    ok(run_self(L"set-ena 0") == 0, "process B clears it");
    if (prof) {
        INetFwProfile_get_ExceptionsNotAllowed(prof, &b);
        ok(b == VARIANT_FALSE, "held profile sees FALSE");
        INetFwProfile_Release(prof);
    }
}

int main(int argc, char **argv)
{
    HRESULT hr = CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);
    int rc;

    ok(hr == S_OK, "CoInitializeEx 0x%08lx", (unsigned long)hr);
    if (argc > 1) {
        rc = child(argc, argv);
        CoUninitialize();
        return rc;
    }
    knobs_clear();
    ok(run_self(L"lifecycle") == 0, "create/use/release in a separate process");
    test_ports_across_processes();
    test_rules_across_processes();
    test_profile_across_processes();
    CoUninitialize();
    return test_summary("lab.fw.xproc");
}
