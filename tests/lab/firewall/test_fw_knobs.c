/* pasvports lab firewall: every fault knob of HKLM\SOFTWARE\PasvLab\Firewall, read at every
 * call (including knobs flipped by another process with reg.exe).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *   lab_test_fw_knobs            the test;   lab_test_fw_knobs mutate PORT   child: one Add */
#include <initguid.h>
#include "fwtest.h"

#define E_OOM_HR ((HRESULT)0x8007000E)

static void test_fail_add_port(void)
{
    WCHAR data[256];
    HRESULT hr;

    knob_set(L"FailAddPort", 5401);
    hr = fw_add_port(NET_FW_PROFILE_STANDARD, 5401, NET_FW_IP_PROTOCOL_TCP, L"Passive FTP5401");
    ok(hr == E_FAIL, "FailAddPort: Add 5401 0x%08lx (default FailAddHr E_FAIL)", (unsigned long)hr);
    ok(!reg_sz(FW_STD_LIST, L"5401:TCP", data, 256), "nothing stored for the failed port");
    hr = fw_add_port(NET_FW_PROFILE_STANDARD, 5402, NET_FW_IP_PROTOCOL_TCP, L"Passive FTP5402");
    ok(hr == S_OK, "other ports still succeed 0x%08lx", (unsigned long)hr);
    knob_set(L"FailAddHr", (DWORD)E_ACCESSDENIED);
    hr = fw_add_port(NET_FW_PROFILE_DOMAIN, 5401, NET_FW_IP_PROTOCOL_TCP, L"Passive FTP5401");
    ok(hr == E_ACCESSDENIED, "FailAddHr chooses the HRESULT: 0x%08lx", (unsigned long)hr);
    knob_del(L"FailAddPort");
    knob_del(L"FailAddHr");
    hr = fw_add_port(NET_FW_PROFILE_STANDARD, 5401, NET_FW_IP_PROTOCOL_TCP, L"Passive FTP5401");
    ok(hr == S_OK, "knob removed: Add succeeds 0x%08lx", (unsigned long)hr);
    fw_remove_port(NET_FW_PROFILE_STANDARD, 5401, NET_FW_IP_PROTOCOL_TCP);
    fw_remove_port(NET_FW_PROFILE_STANDARD, 5402, NET_FW_IP_PROTOCOL_TCP);
}

static void test_fail_after_calls(void)
{
    INetFwOpenPorts *ports = NULL;
    LONG count = -1;
    HRESULT hr;

    knob_set(L"CallCount", 0);
    knob_set(L"FailAfterCalls", 2);
    ok(run_self(L"mutate 5411") == 0, "call 1 (another process) succeeds");
    hr = fw_add_port(NET_FW_PROFILE_STANDARD, 5412, NET_FW_IP_PROTOCOL_TCP, L"Passive FTP5412");
    ok(hr == S_OK, "call 2 succeeds 0x%08lx", (unsigned long)hr);
    ok(fw_ports(NET_FW_PROFILE_STANDARD, &ports) == S_OK, "reads are not counted");
    if (ports) {
        ok(INetFwOpenPorts_get_Count(ports, &count) == S_OK, "get_Count still works");
        INetFwOpenPorts_Release(ports);
    }
    hr = fw_add_port(NET_FW_PROFILE_STANDARD, 5413, NET_FW_IP_PROTOCOL_TCP, L"Passive FTP5413");
    ok(hr == E_FAIL, "call 3 fails with E_FAIL: 0x%08lx", (unsigned long)hr);
    hr = fw_remove_port(NET_FW_PROFILE_STANDARD, 5412, NET_FW_IP_PROTOCOL_TCP);
    ok(hr == E_FAIL, "call 4 (Remove) fails too: 0x%08lx", (unsigned long)hr);
    hr = fw_add_rule(L"pasv knob rule", L"5414", TRUE);
    ok(hr == E_FAIL, "Vista+ mutators count as well: 0x%08lx", (unsigned long)hr);
    knob_set(L"FailAfterHr", (DWORD)E_OOM_HR);
    hr = fw_add_port(NET_FW_PROFILE_STANDARD, 5413, NET_FW_IP_PROTOCOL_TCP, L"Passive FTP5413");
    ok(hr == E_OOM_HR, "FailAfterHr chooses the HRESULT: 0x%08lx", (unsigned long)hr);
    ok(reg_dword(FW_KNOB_KEY, L"CallCount", 0) == 6, "CallCount persisted across processes: %lu",
       reg_dword(FW_KNOB_KEY, L"CallCount", 0));
    knob_del(L"FailAfterCalls");
    knob_del(L"FailAfterHr");
    ok(fw_remove_port(NET_FW_PROFILE_STANDARD, 5411, NET_FW_IP_PROTOCOL_TCP) == S_OK, "disarmed");
    fw_remove_port(NET_FW_PROFILE_STANDARD, 5412, NET_FW_IP_PROTOCOL_TCP);
    fw_purge_rules(L"pasv knob rule");
    knob_del(L"CallCount");
}

static double ms_since(LARGE_INTEGER start)
{
    LARGE_INTEGER now, freq;
    QueryPerformanceCounter(&now);
    QueryPerformanceFrequency(&freq);
    return (now.QuadPart - start.QuadPart) * 1000.0 / freq.QuadPart;
}

static void test_latency(void)
{
    INetFwOpenPorts *ports = NULL;
    LARGE_INTEGER start;
    LONG count;
    double ms;
    int i;

    if (FAILED(fw_ports(NET_FW_PROFILE_STANDARD, &ports)))
        return;
    knob_set(L"LatencyUs", 20000);
    QueryPerformanceCounter(&start);
    for (i = 0; i < 10; i++)
        INetFwOpenPorts_get_Count(ports, &count);
    ms = ms_since(start);
    ok(ms >= 190.0, "LatencyUs=20000: 10 calls took %.1f ms (>= 200)", ms);
    /* Sub-millisecond latencies accumulate: 200 calls x 500 us = 100 ms. */
    knob_set(L"LatencyUs", 500);
    QueryPerformanceCounter(&start);
    for (i = 0; i < 200; i++)
        INetFwOpenPorts_get_Count(ports, &count);
    ms = ms_since(start);
    ok(ms >= 95.0, "LatencyUs=500: 200 calls took %.1f ms (>= 100)", ms);
    /* LatencyWritesOnly: the reads are not slowed (the GUI scenarios' lists stay quick). */
    knob_set(L"LatencyUs", 20000);
    knob_set(L"LatencyWritesOnly", 1);
    QueryPerformanceCounter(&start);
    for (i = 0; i < 10; i++)
        INetFwOpenPorts_get_Count(ports, &count);
    ms = ms_since(start);
    ok(ms < 190.0, "LatencyWritesOnly=1: 10 reads took %.1f ms", ms);
    knob_del(L"LatencyWritesOnly");
    knob_del(L"LatencyUs");
    QueryPerformanceCounter(&start);
    for (i = 0; i < 10; i++)
        INetFwOpenPorts_get_Count(ports, &count);
    ms = ms_since(start);
    ok(ms < 190.0, "no latency knob: 10 calls took %.1f ms", ms);
    INetFwOpenPorts_Release(ports);
}

static void test_service_stopped(void)
{
    INetFwPolicy2 *pol = NULL;
    INetFwRules *rules = NULL;
    INetFwRule *rule = NULL;
    INetFwMgr *mgr = NULL;
    INetFwPolicy *policy = NULL;
    INetFwOpenPorts *ports = NULL;
    NET_FW_PROFILE_TYPE type;
    BSTR name = SysAllocString(L"pasv stopped rule");
    LONG l;
    HRESULT hr;

    /* Objects obtained while the service runs; then it "stops". */
    fw_rules(&rules);
    fw_ports(NET_FW_PROFILE_STANDARD, &ports);
    knob_set(L"ServiceStopped", 1);
    hr = CoCreateInstance(&CLSID_NetFwPolicy2, NULL, CLSCTX_INPROC_SERVER, &IID_INetFwPolicy2, (void **)&pol);
    ok(hr == S_OK, "creating NetFwPolicy2 still works (in-proc) 0x%08lx", (unsigned long)hr);
    if (pol) {
        INetFwRules *r2 = NULL;
        hr = INetFwPolicy2_get_Rules(pol, &r2);
        ok(hr == HR_EPT_NOT_REG, "get_Rules 0x%08lx (want 0x800706D9)", (unsigned long)hr);
        hr = INetFwPolicy2_get_CurrentProfileTypes(pol, &l);
        ok(hr == HR_EPT_NOT_REG, "get_CurrentProfileTypes 0x%08lx", (unsigned long)hr);
        INetFwPolicy2_Release(pol);
    }
    if (rules) {
        ok(INetFwRules_get_Count(rules, &l) == HR_EPT_NOT_REG, "INetFwRules::get_Count 0x800706D9");
        ok(INetFwRules_Item(rules, name, &rule) == HR_EPT_NOT_REG, "INetFwRules::Item 0x800706D9");
    }
    hr = fw_new_rule(L"pasv stopped rule", L"5001", TRUE, &rule);
    ok(hr == S_OK, "a standalone rule is configured in memory 0x%08lx", (unsigned long)hr);
    if (rule && rules) {
        hr = INetFwRules_Add(rules, rule);
        ok(hr == HR_EPT_NOT_REG, "INetFwRules::Add 0x%08lx", (unsigned long)hr);
    }
    hr = CoCreateInstance(&CLSID_NetFwMgr, NULL, CLSCTX_INPROC_SERVER, &IID_INetFwMgr, (void **)&mgr);
    ok(hr == S_OK, "creating NetFwMgr still works 0x%08lx", (unsigned long)hr);
    if (mgr) {
        ok(INetFwMgr_get_LocalPolicy(mgr, &policy) == HR_RPC_UNAVAIL, "legacy get_LocalPolicy 0x800706BA");
        ok(INetFwMgr_get_CurrentProfileType(mgr, &type) == HR_RPC_UNAVAIL, "get_CurrentProfileType 0x800706BA");
    }
    if (ports) {
        ok(INetFwOpenPorts_get_Count(ports, &l) == HR_RPC_UNAVAIL, "legacy get_Count 0x800706BA");
        hr = fw_add_port(NET_FW_PROFILE_STANDARD, 5421, NET_FW_IP_PROTOCOL_TCP, L"x");
        ok(hr == HR_RPC_UNAVAIL, "legacy Add path 0x%08lx", (unsigned long)hr);
    }
    knob_del(L"ServiceStopped");
    if (mgr) {
        ok(INetFwMgr_get_CurrentProfileType(mgr, &type) == S_OK, "service back: legacy works");
        INetFwMgr_Release(mgr);
    }
    if (rules) {
        ok(INetFwRules_get_Count(rules, &l) == S_OK, "service back: rules work");
        INetFwRules_Release(rules);
    }
    if (rule) INetFwRule_Release(rule);
    if (ports) INetFwOpenPorts_Release(ports);
    SysFreeString(name);
}

static void test_not_elevated(void)
{
    INetFwProfile *prof = NULL;
    INetFwPolicy2 *pol = NULL;
    INetFwRules *rules = NULL;
    VARIANT_BOOL b;
    BSTR name = SysAllocString(L"pasv knob rule");
    WCHAR data[256];
    LONG l;

    ok(fw_add_port(NET_FW_PROFILE_STANDARD, 5431, NET_FW_IP_PROTOCOL_TCP, L"Passive FTP5431") == S_OK, "setup");
    fw_profile(NET_FW_PROFILE_STANDARD, &prof);
    CoCreateInstance(&CLSID_NetFwPolicy2, NULL, CLSCTX_INPROC_SERVER, &IID_INetFwPolicy2, (void **)&pol);
    fw_rules(&rules);
    knob_set(L"NotElevated", 1);
    ok(fw_add_port(NET_FW_PROFILE_STANDARD, 5432, NET_FW_IP_PROTOCOL_TCP, L"x") == E_ACCESSDENIED, "Add E_ACCESSDENIED");
    ok(fw_remove_port(NET_FW_PROFILE_STANDARD, 5431, NET_FW_IP_PROTOCOL_TCP) == E_ACCESSDENIED, "Remove E_ACCESSDENIED");
    ok(reg_sz(FW_STD_LIST, L"5431:TCP", data, 256), "nothing removed");
    if (prof) {
        ok(INetFwProfile_put_FirewallEnabled(prof, VARIANT_FALSE) == E_ACCESSDENIED, "put_FirewallEnabled");
        ok(INetFwProfile_put_ExceptionsNotAllowed(prof, VARIANT_TRUE) == E_ACCESSDENIED, "put_ExceptionsNotAllowed");
        ok(INetFwProfile_get_FirewallEnabled(prof, &b) == S_OK && b == VARIANT_TRUE, "reads still work");
    }
    if (pol)
        ok(INetFwPolicy2_put_FirewallEnabled(pol, NET_FW_PROFILE2_PRIVATE, VARIANT_FALSE) == E_ACCESSDENIED,
           "INetFwPolicy2::put_FirewallEnabled");
    ok(fw_add_rule(L"pasv knob rule", L"5433", TRUE) == E_ACCESSDENIED, "INetFwRules::Add");
    if (rules) {
        ok(INetFwRules_Remove(rules, name) == E_ACCESSDENIED, "INetFwRules::Remove");
        ok(INetFwRules_get_Count(rules, &l) == S_OK, "INetFwRules::get_Count still works");
    }
    ok(reg_dword(FW_POLICY L"\\StandardProfile", L"EnableFirewall", 9) == 1, "firewall still on");
    knob_del(L"NotElevated");
    ok(fw_remove_port(NET_FW_PROFILE_STANDARD, 5431, NET_FW_IP_PROTOCOL_TCP) == S_OK, "elevated again");
    if (prof) INetFwProfile_Release(prof);
    if (pol) INetFwPolicy2_Release(pol);
    if (rules) INetFwRules_Release(rules);
    SysFreeString(name);
}

static void test_gp_override(void)
{
    INetFwPolicy2 *pol = NULL;
    NET_FW_MODIFY_STATE state = 99;

    if (FAILED(CoCreateInstance(&CLSID_NetFwPolicy2, NULL, CLSCTX_INPROC_SERVER, &IID_INetFwPolicy2,
                                (void **)&pol)))
        return;
    knob_set(L"GpOverride", 1);
    ok(INetFwPolicy2_get_LocalPolicyModifyState(pol, &state) == S_OK && state == NET_FW_MODIFY_STATE_GP_OVERRIDE,
       "GpOverride: GP_OVERRIDE (%d)", state);
    knob_del(L"GpOverride");
    INetFwPolicy2_get_LocalPolicyModifyState(pol, &state);
    ok(state == NET_FW_MODIFY_STATE_OK, "cleared: OK (%d)", state);
    INetFwPolicy2_Release(pol);
}

/* Knobs flipped by another process (reg.exe) take effect at the next call. */
static void test_knob_from_other_process(void)
{
    INetFwOpenPorts *ports = NULL;
    LONG l;

    if (FAILED(fw_ports(NET_FW_PROFILE_STANDARD, &ports)))
        return;
    ok(run_process(L"reg add \"HKLM\\SOFTWARE\\PasvLab\\Firewall\" /v ServiceStopped /t REG_DWORD /d 1 /f") == 0,
       "reg add ServiceStopped=1");
    ok(INetFwOpenPorts_get_Count(ports, &l) == HR_RPC_UNAVAIL, "next call sees the knob");
    ok(run_process(L"reg delete \"HKLM\\SOFTWARE\\PasvLab\\Firewall\" /v ServiceStopped /f") == 0,
       "reg delete ServiceStopped");
    ok(INetFwOpenPorts_get_Count(ports, &l) == S_OK, "next call sees it gone");
    ok(run_process(L"reg add \"HKLM\\SOFTWARE\\PasvLab\\Firewall\" /v CurrentProfile /t REG_DWORD /d 0 /f") == 0,
       "reg add CurrentProfile=0");
    ok(labfw_current_profile() == 0, "labfw_current_profile follows");
    knob_del(L"CurrentProfile");
    INetFwOpenPorts_Release(ports);
}

int main(int argc, char **argv)
{
    HRESULT hr = CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);
    int rc = 0;

    ok(hr == S_OK, "CoInitializeEx 0x%08lx", (unsigned long)hr);
    if (argc > 2 && !strcmp(argv[1], "mutate")) {
        hr = fw_add_port(NET_FW_PROFILE_STANDARD, atoi(argv[2]), NET_FW_IP_PROTOCOL_TCP, L"Passive FTP child");
        rc = hr == S_OK ? 0 : 1;
        CoUninitialize();
        return rc;
    }
    knobs_clear();
    test_fail_add_port();
    test_fail_after_calls();
    test_latency();
    test_service_stopped();
    test_not_elevated();
    test_gp_override();
    test_knob_from_other_process();
    knobs_clear();
    CoUninitialize();
    return test_summary("lab.fw.knobs");
}
