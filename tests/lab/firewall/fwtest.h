/* pasvports lab firewall tests: helpers shared by the test programs (COM clients of the lab DLL).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 * Each test .c includes <initguid.h> first (one per binary), then this header. Tests share one
 * prefix: each clears the knobs it sets and removes the ports and rules it adds. */
#ifndef PASV_LAB_FWTEST_H
#define PASV_LAB_FWTEST_H

#define COBJMACROS
#include <windows.h>
#include <ole2.h>
#include <oleauto.h>
#include <netfw.h>
#include <stdio.h>
#include <wchar.h>
#include "testlib.h"
#include "labfw.h"

#ifndef NET_FW_IP_PROTOCOL_ANY
#define NET_FW_IP_PROTOCOL_ANY 256
#endif
#define HR_NOT_FOUND   ((HRESULT)0x80070002)
#define HR_EPT_NOT_REG ((HRESULT)0x800706D9)
#define HR_RPC_UNAVAIL ((HRESULT)0x800706BA)
#define HR_INVALID_PARAMETER ((HRESULT)0x80070057)

#define FW_KNOB_KEY LAB_KNOB_ROOT L"\\Firewall"
#define FW_POLICY   LABFW_POLICY_KEY
#define FW_STD_LIST FW_POLICY L"\\StandardProfile\\GloballyOpenPorts\\List"
#define FW_DOM_LIST FW_POLICY L"\\DomainProfile\\GloballyOpenPorts\\List"

static inline void knob_set(const WCHAR *name, DWORD value)
{
    HKEY key;
    if (!RegCreateKeyExW(HKEY_LOCAL_MACHINE, FW_KNOB_KEY, 0, NULL, 0, KEY_SET_VALUE, NULL, &key, NULL)) {
        RegSetValueExW(key, name, 0, REG_DWORD, (const BYTE *)&value, sizeof(value));
        RegCloseKey(key);
    }
}

static inline void knob_del(const WCHAR *name)
{
    HKEY key;
    if (!RegOpenKeyExW(HKEY_LOCAL_MACHINE, FW_KNOB_KEY, 0, KEY_SET_VALUE, &key)) {
        RegDeleteValueW(key, name);
        RegCloseKey(key);
    }
}

static inline void knobs_clear(void)
{
    static const WCHAR *const names[] = { L"FailAddPort", L"FailAddHr", L"FailAfterCalls",
        L"FailAfterHr", L"CallCount", L"LatencyUs", L"ServiceStopped", L"NotElevated",
        L"GpOverride", L"CurrentProfile", L"CurrentProfileTypes" };
    size_t i;
    for (i = 0; i < ARRAYSIZE(names); i++)
        knob_del(names[i]);
}

/* REG_SZ value into buf (""+FALSE when absent). */
static inline BOOL reg_sz(const WCHAR *path, const WCHAR *name, WCHAR *buf, DWORD count)
{
    DWORD size = (count - 1) * sizeof(WCHAR), type;
    HKEY key;
    LONG rc;

    buf[0] = 0;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, KEY_QUERY_VALUE, &key))
        return FALSE;
    rc = RegQueryValueExW(key, name, NULL, &type, (BYTE *)buf, &size);
    RegCloseKey(key);
    if (rc || type != REG_SZ) {
        buf[0] = 0;
        return FALSE;
    }
    buf[size / sizeof(WCHAR)] = 0;
    return TRUE;
}

static inline DWORD reg_dword(const WCHAR *path, const WCHAR *name, DWORD dflt)
{
    DWORD value, size = sizeof(value), type;
    HKEY key;
    LONG rc;

    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, KEY_QUERY_VALUE, &key))
        return dflt;
    rc = RegQueryValueExW(key, name, NULL, &type, (BYTE *)&value, &size);
    RegCloseKey(key);
    return (rc || type != REG_DWORD) ? dflt : value;
}

static inline void reg_set_dword(const WCHAR *path, const WCHAR *name, DWORD value)
{
    HKEY key;
    if (!RegCreateKeyExW(HKEY_LOCAL_MACHINE, path, 0, NULL, 0, KEY_SET_VALUE, NULL, &key, NULL)) {
        RegSetValueExW(key, name, 0, REG_DWORD, (const BYTE *)&value, sizeof(value));
        RegCloseKey(key);
    }
}

static inline void reg_set_sz(const WCHAR *path, const WCHAR *name, const WCHAR *value)
{
    HKEY key;
    if (!RegCreateKeyExW(HKEY_LOCAL_MACHINE, path, 0, NULL, 0, KEY_SET_VALUE, NULL, &key, NULL)) {
        RegSetValueExW(key, name, 0, REG_SZ, (const BYTE *)value,
                       (DWORD)((wcslen(value) + 1) * sizeof(WCHAR)));
        RegCloseKey(key);
    }
}

static inline void reg_del(const WCHAR *path, const WCHAR *name)
{
    HKEY key;
    if (!RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, KEY_SET_VALUE, &key)) {
        RegDeleteValueW(key, name);
        RegCloseKey(key);
    }
}

/* Legacy: the GloballyOpenPorts of a profile type (NET_FW_PROFILE_DOMAIN/STANDARD/CURRENT). */
static inline HRESULT fw_ports(NET_FW_PROFILE_TYPE type, INetFwOpenPorts **ports)
{
    INetFwMgr *mgr = NULL;
    INetFwPolicy *policy = NULL;
    INetFwProfile *profile = NULL;
    HRESULT hr;

    *ports = NULL;
    hr = CoCreateInstance(&CLSID_NetFwMgr, NULL, CLSCTX_INPROC_SERVER, &IID_INetFwMgr, (void **)&mgr);
    if (SUCCEEDED(hr))
        hr = INetFwMgr_get_LocalPolicy(mgr, &policy);
    if (SUCCEEDED(hr))
        hr = type == NET_FW_PROFILE_CURRENT ? INetFwPolicy_get_CurrentProfile(policy, &profile)
                                            : INetFwPolicy_GetProfileByType(policy, type, &profile);
    if (SUCCEEDED(hr))
        hr = INetFwProfile_get_GloballyOpenPorts(profile, ports);
    if (profile) INetFwProfile_Release(profile);
    if (policy) INetFwPolicy_Release(policy);
    if (mgr) INetFwMgr_Release(mgr);
    return hr;
}

static inline HRESULT fw_profile(NET_FW_PROFILE_TYPE type, INetFwProfile **profile)
{
    INetFwMgr *mgr = NULL;
    INetFwPolicy *policy = NULL;
    HRESULT hr;

    *profile = NULL;
    hr = CoCreateInstance(&CLSID_NetFwMgr, NULL, CLSCTX_INPROC_SERVER, &IID_INetFwMgr, (void **)&mgr);
    if (SUCCEEDED(hr))
        hr = INetFwMgr_get_LocalPolicy(mgr, &policy);
    if (SUCCEEDED(hr))
        hr = INetFwPolicy_GetProfileByType(policy, type, profile);
    if (policy) INetFwPolicy_Release(policy);
    if (mgr) INetFwMgr_Release(mgr);
    return hr;
}

/* A new INetFwOpenPort with port, protocol and name set. */
static inline HRESULT fw_new_port(LONG port, NET_FW_IP_PROTOCOL proto, const WCHAR *name,
                                  INetFwOpenPort **out)
{
    INetFwOpenPort *p = NULL;
    BSTR b;
    HRESULT hr = CoCreateInstance(&CLSID_NetFwOpenPort, NULL, CLSCTX_INPROC_SERVER,
                                  &IID_INetFwOpenPort, (void **)&p);
    *out = NULL;
    if (FAILED(hr))
        return hr;
    b = SysAllocString(name);
    if (FAILED(hr = INetFwOpenPort_put_Port(p, port)) || FAILED(hr = INetFwOpenPort_put_Protocol(p, proto))
        || FAILED(hr = INetFwOpenPort_put_Name(p, b))) {
        INetFwOpenPort_Release(p);
        SysFreeString(b);
        return hr;
    }
    SysFreeString(b);
    *out = p;
    return S_OK;
}

/* Opens port/proto named name in a profile: the whole product-style sequence. */
static inline HRESULT fw_add_port(NET_FW_PROFILE_TYPE type, LONG port, NET_FW_IP_PROTOCOL proto,
                                  const WCHAR *name)
{
    INetFwOpenPorts *ports = NULL;
    INetFwOpenPort *p = NULL;
    HRESULT hr = fw_ports(type, &ports);

    if (SUCCEEDED(hr))
        hr = fw_new_port(port, proto, name, &p);
    if (SUCCEEDED(hr))
        hr = INetFwOpenPorts_Add(ports, p);
    if (p) INetFwOpenPort_Release(p);
    if (ports) INetFwOpenPorts_Release(ports);
    return hr;
}

static inline HRESULT fw_remove_port(NET_FW_PROFILE_TYPE type, LONG port, NET_FW_IP_PROTOCOL proto)
{
    INetFwOpenPorts *ports = NULL;
    HRESULT hr = fw_ports(type, &ports);

    if (SUCCEEDED(hr))
        hr = INetFwOpenPorts_Remove(ports, port, proto);
    if (ports) INetFwOpenPorts_Release(ports);
    return hr;
}

static inline LONG fw_port_count(NET_FW_PROFILE_TYPE type)
{
    INetFwOpenPorts *ports = NULL;
    LONG count = -1;

    if (SUCCEEDED(fw_ports(type, &ports)) && FAILED(INetFwOpenPorts_get_Count(ports, &count)))
        count = -1;
    if (ports) INetFwOpenPorts_Release(ports);
    return count;
}

/* Vista+: the rule collection. */
static inline HRESULT fw_rules(INetFwRules **rules)
{
    INetFwPolicy2 *policy = NULL;
    HRESULT hr = CoCreateInstance(&CLSID_NetFwPolicy2, NULL, CLSCTX_INPROC_SERVER,
                                  &IID_INetFwPolicy2, (void **)&policy);
    *rules = NULL;
    if (SUCCEEDED(hr))
        hr = INetFwPolicy2_get_Rules(policy, rules);
    if (policy) INetFwPolicy2_Release(policy);
    return hr;
}

/* A new rule in the documented order: Name, Protocol(TCP), LocalPorts, Action, Enabled. */
static inline HRESULT fw_new_rule(const WCHAR *name, const WCHAR *lports, BOOL enable, INetFwRule **out)
{
    INetFwRule *r = NULL;
    BSTR bname = SysAllocString(name), bports = lports ? SysAllocString(lports) : NULL;
    HRESULT hr = CoCreateInstance(&CLSID_NetFwRule, NULL, CLSCTX_INPROC_SERVER, &IID_INetFwRule,
                                  (void **)&r);
    *out = NULL;
    if (SUCCEEDED(hr))
        hr = INetFwRule_put_Name(r, bname);
    if (SUCCEEDED(hr))
        hr = INetFwRule_put_Protocol(r, NET_FW_IP_PROTOCOL_TCP);
    if (SUCCEEDED(hr) && bports)
        hr = INetFwRule_put_LocalPorts(r, bports);
    if (SUCCEEDED(hr))
        hr = INetFwRule_put_Action(r, NET_FW_ACTION_ALLOW);
    if (SUCCEEDED(hr) && enable)
        hr = INetFwRule_put_Enabled(r, VARIANT_TRUE);
    SysFreeString(bname);
    SysFreeString(bports);
    if (FAILED(hr)) {
        if (r) INetFwRule_Release(r);
        return hr;
    }
    *out = r;
    return S_OK;
}

static inline HRESULT fw_add_rule(const WCHAR *name, const WCHAR *lports, BOOL enable)
{
    INetFwRules *rules = NULL;
    INetFwRule *r = NULL;
    HRESULT hr = fw_rules(&rules);

    if (SUCCEEDED(hr))
        hr = fw_new_rule(name, lports, enable, &r);
    if (SUCCEEDED(hr))
        hr = INetFwRules_Add(rules, r);
    if (r) INetFwRule_Release(r);
    if (rules) INetFwRules_Release(rules);
    return hr;
}

/* Removes every rule named name (Remove takes one per call). */
static inline void fw_purge_rules(const WCHAR *name)
{
    INetFwRules *rules = NULL;
    INetFwRule *r = NULL;
    BSTR b = SysAllocString(name);
    int guard = 0;

    if (SUCCEEDED(fw_rules(&rules))) {
        while (guard++ < 100 && SUCCEEDED(INetFwRules_Item(rules, b, &r))) {
            INetFwRule_Release(r);
            INetFwRules_Remove(rules, b);
        }
        INetFwRules_Release(rules);
    }
    SysFreeString(b);
}

static inline LONG fw_rule_count(void)
{
    INetFwRules *rules = NULL;
    LONG count = -1;

    if (SUCCEEDED(fw_rules(&rules)) && FAILED(INetFwRules_get_Count(rules, &count)))
        count = -1;
    if (rules) INetFwRules_Release(rules);
    return count;
}

/* Runs a command line (a separate Windows process) and returns its exit code (-1 on error). */
static inline int run_process(const WCHAR *cmdline)
{
    STARTUPINFOW si;
    PROCESS_INFORMATION pi;
    WCHAR *buf = _wcsdup(cmdline);
    DWORD code = (DWORD)-1;

    if (!buf)
        return -1;
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    if (CreateProcessW(NULL, buf, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi)) {
        if (WaitForSingleObject(pi.hProcess, 120000) == WAIT_OBJECT_0)
            GetExitCodeProcess(pi.hProcess, &code);
        CloseHandle(pi.hThread);
        CloseHandle(pi.hProcess);
    }
    free(buf);
    return (int)code;
}

/* Runs this test program again as a separate process: "<self> args". */
static inline int run_self(const WCHAR *args)
{
    WCHAR self[MAX_PATH], cmd[MAX_PATH + 512];

    GetModuleFileNameW(NULL, self, MAX_PATH);
    swprintf(cmd, ARRAYSIZE(cmd), L"\"%ls\" %ls", self, args);
    return run_process(cmd);
}

#endif /* PASV_LAB_FWTEST_H */
