/* pasvports lab firewall: labfw_port_allowed() (what the lab FTP service asks) against state the
 * lab hnetcfg.dll writes, plus the labfw.h helpers.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include <initguid.h>
#include "fwtest.h"

#define GP_STD LABFW_GP_KEY L"\\StandardProfile\\GloballyOpenPorts"

#define check_allowed(port, want, reason) check_allowed_(__FILE__, __LINE__, port, want, reason)
static void check_allowed_(const char *file, int line, USHORT port, BOOL want, DWORD reason)
{
    DWORD why = 0;
    BOOL got = labfw_port_allowed(port, &why);
    ok_at(file, line, got == want && why == reason, "port %u: allowed %d (%s), want %d (%s)", port, got,
          labfw_why_text(why), want, labfw_why_text(reason));
}

static void test_helpers(void)
{
    WCHAR buf[64];

    ok(labfw_ports_cover(L"21,5001-5201", 5100) && labfw_ports_cover(L"21,5001-5201", 21)
       && !labfw_ports_cover(L"21,5001-5201", 5202) && labfw_ports_cover(L"*", 1)
       && !labfw_ports_cover(L"RPC", 135), "labfw_ports_cover");
    ok(labfw_rule_field(L"v2.10|LPort=1|LPort=2|Name=x|", L"LPort", 1, buf, 64) && !wcscmp(buf, L"2"),
       "labfw_rule_field second occurrence");
    ok(!labfw_rule_field(L"v2.10|Name=x|", L"Desc", 0, buf, 64) && buf[0] == 0, "missing field");
    reg_set_sz(FW_KNOB_KEY, L"Note", L"hello");
    ok(lab_knob_string(L"Firewall", L"Note", buf, 64) && !wcscmp(buf, L"hello"), "lab_knob_string");
    reg_del(FW_KNOB_KEY, L"Note");
    ok(!lab_knob_string(L"Firewall", L"Note", buf, 64) && buf[0] == 0, "absent string knob");
    ok(lab_knob_dword(L"Firewall", L"NoSuchKnob", 42) == 42, "lab_knob_dword default");
    knob_set(L"LatencyUs", 7);
    ok(lab_knob_dword(L"Firewall", L"LatencyUs", 0) == 7, "lab_knob_dword value");
    knob_del(L"LatencyUs");
    ok(labfw_current_profile() == 1 && labfw_current_profile_types() == NET_FW_PROFILE2_PRIVATE,
       "defaults: Standard / Private");
}

static void test_legacy_state(void)
{
    INetFwOpenPorts *ports = NULL;
    INetFwOpenPort *item = NULL;
    INetFwProfile *prof = NULL;
    HKEY key;

    check_allowed(3389, TRUE, LABFW_WHY_LEGACY_EXCEPTION);
    check_allowed(5501, FALSE, LABFW_WHY_NO_EXCEPTION);
    ok(fw_add_port(NET_FW_PROFILE_STANDARD, 5501, NET_FW_IP_PROTOCOL_TCP, L"Passive FTP5501") == S_OK, "add");
    check_allowed(5501, TRUE, LABFW_WHY_LEGACY_EXCEPTION);
    ok(fw_add_port(NET_FW_PROFILE_DOMAIN, 5502, NET_FW_IP_PROTOCOL_TCP, L"Passive FTP5502") == S_OK, "add");
    check_allowed(5502, FALSE, LABFW_WHY_NO_EXCEPTION);
    knob_set(L"CurrentProfile", 0);
    check_allowed(5502, TRUE, LABFW_WHY_LEGACY_EXCEPTION);
    check_allowed(5501, FALSE, LABFW_WHY_NO_EXCEPTION);
    knob_del(L"CurrentProfile");
    ok(fw_add_port(NET_FW_PROFILE_STANDARD, 5503, NET_FW_IP_PROTOCOL_UDP, L"UDP") == S_OK, "add udp");
    check_allowed(5503, FALSE, LABFW_WHY_NO_EXCEPTION);

    /* A disabled exception opens nothing. */
    if (SUCCEEDED(fw_ports(NET_FW_PROFILE_STANDARD, &ports))
        && SUCCEEDED(INetFwOpenPorts_Item(ports, 5501, NET_FW_IP_PROTOCOL_TCP, &item))) {
        INetFwOpenPort_put_Enabled(item, VARIANT_FALSE);
        check_allowed(5501, FALSE, LABFW_WHY_NO_EXCEPTION);
        INetFwOpenPort_put_Enabled(item, VARIANT_TRUE);
        INetFwOpenPort_Release(item);
    }
    if (ports) INetFwOpenPorts_Release(ports);

    if (SUCCEEDED(fw_profile(NET_FW_PROFILE_STANDARD, &prof))) {
        INetFwProfile_put_ExceptionsNotAllowed(prof, VARIANT_TRUE);
        check_allowed(5501, FALSE, LABFW_WHY_EXCEPTIONS_NOT_ALLOWED);
        check_allowed(3389, FALSE, LABFW_WHY_EXCEPTIONS_NOT_ALLOWED);
        INetFwProfile_put_ExceptionsNotAllowed(prof, VARIANT_FALSE);
        INetFwProfile_put_FirewallEnabled(prof, VARIANT_FALSE);
        check_allowed(5999, TRUE, LABFW_WHY_FIREWALL_OFF);
        INetFwProfile_put_FirewallEnabled(prof, VARIANT_TRUE);
        check_allowed(5999, FALSE, LABFW_WHY_NO_EXCEPTION);
        INetFwProfile_Release(prof);
    }

    /* Group Policy: AllowUserPrefMerge=0 hides the local list; the policy's own list counts. */
    reg_set_dword(GP_STD, L"AllowUserPrefMerge", 0);
    check_allowed(5501, FALSE, LABFW_WHY_NO_EXCEPTION);
    reg_set_sz(GP_STD L"\\List", L"5504:TCP", L"5504:TCP:*:Enabled:GP port");
    check_allowed(5504, TRUE, LABFW_WHY_POLICY_EXCEPTION);
    reg_set_dword(GP_STD, L"AllowUserPrefMerge", 1);
    check_allowed(5501, TRUE, LABFW_WHY_LEGACY_EXCEPTION);
    if (!RegOpenKeyExW(HKEY_LOCAL_MACHINE, LABFW_GP_KEY, 0, KEY_ALL_ACCESS, &key)) {
        RegDeleteTreeW(key, L"StandardProfile");
        RegCloseKey(key);
    }
    check_allowed(5504, FALSE, LABFW_WHY_NO_EXCEPTION);

    fw_remove_port(NET_FW_PROFILE_STANDARD, 5501, NET_FW_IP_PROTOCOL_TCP);
    fw_remove_port(NET_FW_PROFILE_DOMAIN, 5502, NET_FW_IP_PROTOCOL_TCP);
    fw_remove_port(NET_FW_PROFILE_STANDARD, 5503, NET_FW_IP_PROTOCOL_UDP);
}

static void add_custom_rule(const WCHAR *name, LONG proto, const WCHAR *lports, LONG profiles,
                            NET_FW_RULE_DIRECTION dir, NET_FW_ACTION action)
{
    INetFwRules *rules = NULL;
    INetFwRule *r = NULL;
    BSTR bname = SysAllocString(name), bports = SysAllocString(lports);

    if (SUCCEEDED(fw_rules(&rules)) && SUCCEEDED(CoCreateInstance(&CLSID_NetFwRule, NULL, CLSCTX_INPROC_SERVER,
                                                                  &IID_INetFwRule, (void **)&r))) {
        INetFwRule_put_Name(r, bname);
        INetFwRule_put_Protocol(r, proto);
        INetFwRule_put_LocalPorts(r, bports);
        INetFwRule_put_Profiles(r, profiles);
        INetFwRule_put_Direction(r, dir);
        INetFwRule_put_Action(r, action);
        INetFwRule_put_Enabled(r, VARIANT_TRUE);
        ok(INetFwRules_Add(rules, r) == S_OK, "add rule %ls", name);
    }
    if (r) INetFwRule_Release(r);
    if (rules) INetFwRules_Release(rules);
    SysFreeString(bname);
    SysFreeString(bports);
}

static void test_rule_state(void)
{
    fw_purge_rules(L"pasv labfw");
    ok(fw_add_rule(L"pasv labfw", L"5601-5610", TRUE) == S_OK, "enabled rule");
    check_allowed(5605, TRUE, LABFW_WHY_RULE);
    check_allowed(5611, FALSE, LABFW_WHY_NO_EXCEPTION);
    ok(fw_add_rule(L"pasv labfw", L"5620", FALSE) == S_OK, "rule left disabled (the default)");
    check_allowed(5620, FALSE, LABFW_WHY_NO_EXCEPTION);
    add_custom_rule(L"pasv labfw", NET_FW_IP_PROTOCOL_TCP, L"5630", NET_FW_PROFILE2_PUBLIC, NET_FW_RULE_DIR_IN,
                    NET_FW_ACTION_ALLOW);
    check_allowed(5630, FALSE, LABFW_WHY_NO_EXCEPTION);
    knob_set(L"CurrentProfileTypes", NET_FW_PROFILE2_PUBLIC);
    check_allowed(5630, TRUE, LABFW_WHY_RULE);
    knob_del(L"CurrentProfileTypes");
    add_custom_rule(L"pasv labfw", NET_FW_IP_PROTOCOL_TCP, L"5640", NET_FW_PROFILE2_ALL, NET_FW_RULE_DIR_OUT,
                    NET_FW_ACTION_ALLOW);
    check_allowed(5640, FALSE, LABFW_WHY_NO_EXCEPTION);
    add_custom_rule(L"pasv labfw", NET_FW_IP_PROTOCOL_UDP, L"5650", NET_FW_PROFILE2_ALL, NET_FW_RULE_DIR_IN,
                    NET_FW_ACTION_ALLOW);
    check_allowed(5650, FALSE, LABFW_WHY_NO_EXCEPTION);
    add_custom_rule(L"pasv labfw", NET_FW_IP_PROTOCOL_TCP, L"5660", NET_FW_PROFILE2_ALL, NET_FW_RULE_DIR_IN,
                    NET_FW_ACTION_BLOCK);
    check_allowed(5660, FALSE, LABFW_WHY_NO_EXCEPTION);
    knob_set(L"GpOverride", 1);
    check_allowed(5605, FALSE, LABFW_WHY_NO_EXCEPTION);
    knob_del(L"GpOverride");
    check_allowed(5605, TRUE, LABFW_WHY_RULE);
    fw_purge_rules(L"pasv labfw");
    check_allowed(5605, FALSE, LABFW_WHY_NO_EXCEPTION);
}

int main(void)
{
    HRESULT hr = CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);

    ok(hr == S_OK, "CoInitializeEx 0x%08lx", (unsigned long)hr);
    knobs_clear();
    test_helpers();
    test_legacy_state();
    test_rule_state();
    knobs_clear();
    CoUninitialize();
    return test_summary("lab.fw.labfw");
}
