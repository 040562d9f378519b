/* pasvports lab firewall: Wine's own hnetcfg.dll in a plain prefix (no lab DLL), asserted against
 * the documented Windows behaviour. Where Wine's stub falls short the check is todo_if(wine), so
 * the log records why the lab exists, and a Wine that starts storing state shows up as a failure.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include <initguid.h>
#include "fwtest.h"

static BOOL under_wine(void)
{
    HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    return ntdll && GetProcAddress(ntdll, "wine_get_version") != NULL;
}

/* The lab installs hnetcfg=native; a plain prefix has no such override. */
static BOOL lab_dll_installed(void)
{
    WCHAR buf[32];
    DWORD size = sizeof(buf);
    HKEY key;
    LONG rc;

    if (RegOpenKeyExW(HKEY_CURRENT_USER, L"Software\\Wine\\DllOverrides", 0, KEY_QUERY_VALUE, &key))
        return FALSE;
    rc = RegQueryValueExW(key, L"hnetcfg", NULL, NULL, (BYTE *)buf, &size);
    RegCloseKey(key);
    return rc == 0;
}

static void test_legacy(BOOL wine)
{
    INetFwOpenPorts *ports = NULL;
    INetFwOpenPort *p = NULL;
    LONG before = -1, after = -1;
    HRESULT hr;

    hr = fw_ports(NET_FW_PROFILE_CURRENT, &ports);
    ok(hr == S_OK, "Wine serves NetFwMgr -> CurrentProfile -> GloballyOpenPorts: 0x%08lx", (unsigned long)hr);
    if (!ports)
        return;
    hr = INetFwOpenPorts_get_Count(ports, &before);
    ok(hr == S_OK, "get_Count 0x%08lx (%ld)", (unsigned long)hr, (long)before);
    hr = fw_new_port(5001, NET_FW_IP_PROTOCOL_TCP, L"Passive FTP5001", &p);
    ok(hr == S_OK, "NetFwOpenPort + put_Port/Protocol/Name 0x%08lx", (unsigned long)hr);
    if (p) {
        hr = INetFwOpenPorts_Add(ports, p);
        ok(hr == S_OK, "Add(5001/TCP) reports success: 0x%08lx", (unsigned long)hr);
        INetFwOpenPort_Release(p);
        p = NULL;
    }
    INetFwOpenPorts_get_Count(ports, &after);
    trace("Wine stub: Add S_OK, Count %ld -> %ld", (long)before, (long)after);
    todo_if(wine) ok(after == before + 1, "documented: an added port is counted (Count %ld -> %ld)",
                     (long)before, (long)after);
    hr = INetFwOpenPorts_Item(ports, 5999, NET_FW_IP_PROTOCOL_TCP, &p);
    trace("Wine stub: Item(missing 5999) 0x%08lx", (unsigned long)hr);
    todo_if(wine) ok(hr == HR_NOT_FOUND, "documented: Item of a missing port is 0x80070002 (got 0x%08lx)",
                     (unsigned long)hr);
    if (p) INetFwOpenPort_Release(p);
    INetFwOpenPorts_Release(ports);
}

static void test_rules(BOOL wine)
{
    INetFwRules *rules = NULL;
    INetFwRule *r = NULL;
    LONG before = -1, after = -1;
    BSTR name = SysAllocString(L"pasv stub rule");
    HRESULT hr;

    hr = fw_rules(&rules);
    ok(hr == S_OK, "Wine serves NetFwPolicy2::get_Rules 0x%08lx", (unsigned long)hr);
    if (!rules)
        goto done;
    INetFwRules_get_Count(rules, &before);
    hr = fw_new_rule(L"pasv stub rule", L"5001-5201", TRUE, &r);
    if (hr != S_OK) {
        skip("this Wine cannot build a NetFwRule (0x%08lx)", (unsigned long)hr);
        goto done;
    }
    hr = INetFwRules_Add(rules, r);
    ok(hr == S_OK, "INetFwRules::Add reports success: 0x%08lx", (unsigned long)hr);
    INetFwRules_get_Count(rules, &after);
    trace("Wine stub: INetFwRules::Add 0x%08lx, Count %ld -> %ld", (unsigned long)hr, (long)before, (long)after);
    todo_if(wine) ok(after == before + 1, "documented: an added rule is counted (%ld -> %ld)", (long)before,
                     (long)after);
    INetFwRule_Release(r);
    r = NULL;
    hr = INetFwRules_Item(rules, name, &r);
    trace("Wine stub: INetFwRules::Item 0x%08lx", (unsigned long)hr);
    todo_if(wine) ok(hr == S_OK, "documented: the added rule is found by name (0x%08lx)", (unsigned long)hr);
done:
    if (r) INetFwRule_Release(r);
    if (rules) INetFwRules_Release(rules);
    SysFreeString(name);
}

int main(void)
{
    HRESULT hr = CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);
    BOOL wine = under_wine();

    ok(hr == S_OK, "CoInitializeEx 0x%08lx", (unsigned long)hr);
    if (!wine) {
        skip("not under Wine: nothing to record about Wine's stub");
    } else if (lab_dll_installed()) {
        skip("the lab hnetcfg.dll is installed here; this test needs Wine's own (a plain prefix)");
    } else {
        test_legacy(wine);
        test_rules(wine);
    }
    CoUninitialize();
    return test_summary("lab.fw.wine_stub");
}
