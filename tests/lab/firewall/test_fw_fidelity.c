/* pasvports lab firewall: "lab fidelity" table. Each row is one Windows behaviour asserted
 * against the lab; its ref names the Microsoft page, https://learn.microsoft.com/windows/win32/
 * api/netfw/<ref> unless another source is named.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 * Rows whose ref starts "observed" are behaviour Microsoft does not document; the lab does what
 * real Windows is commonly seen to do, and the row asserts that the lab does it. */
#include <initguid.h>
#include "fwtest.h"

#define P 5701 /* ports used by the rows */
#define RN L"pasv fidelity"

static HRESULT add_named_port(LONG port, const WCHAR *name)
{
    return fw_add_port(NET_FW_PROFILE_STANDARD, port, NET_FW_IP_PROTOCOL_TCP, name);
}

static HRESULT item_port(LONG port, INetFwOpenPort **out)
{
    INetFwOpenPorts *ports = NULL;
    HRESULT hr = fw_ports(NET_FW_PROFILE_STANDARD, &ports);
    *out = NULL;
    if (SUCCEEDED(hr))
        hr = INetFwOpenPorts_Item(ports, port, NET_FW_IP_PROTOCOL_TCP, out);
    if (ports) INetFwOpenPorts_Release(ports);
    return hr;
}

static void cleanup(void)
{
    fw_remove_port(NET_FW_PROFILE_STANDARD, P, NET_FW_IP_PROTOCOL_TCP);
    fw_remove_port(NET_FW_PROFILE_DOMAIN, P, NET_FW_IP_PROTOCOL_TCP);
    fw_purge_rules(RN);
    knobs_clear();
}

/* ---- legacy API: INetFwOpenPorts, INetFwOpenPort, INetFwProfile ---- */
static BOOL add_existing_overwrites(void)
{
    WCHAR data[256];
    LONG before, after;
    add_named_port(P, L"first");
    before = fw_port_count(NET_FW_PROFILE_STANDARD);
    if (add_named_port(P, L"second") != S_OK)
        return FALSE;
    after = fw_port_count(NET_FW_PROFILE_STANDARD);
    reg_sz(FW_STD_LIST, L"5701:TCP", data, 256);
    return before == after && wcsstr(data, L":second");
}
static BOOL add_errors(void)
{
    INetFwOpenPorts *ports = NULL;
    BOOL res;
    HRESULT hr_denied, hr_invalid;
    knob_set(L"NotElevated", 1);
    hr_denied = add_named_port(P, L"x");
    knob_del(L"NotElevated");
    fw_ports(NET_FW_PROFILE_STANDARD, &ports);
    hr_invalid = ports ? INetFwOpenPorts_Add(ports, NULL) : S_OK;
    res = hr_denied == E_ACCESSDENIED && hr_invalid == E_INVALIDARG;
    if (ports) INetFwOpenPorts_Release(ports);
    return res;
}
static BOOL item_missing(void)
{
    INetFwOpenPort *p;
    return item_port(P, &p) == HR_NOT_FOUND && !p;
}
static BOOL remove_missing(void)
{
    return fw_remove_port(NET_FW_PROFILE_STANDARD, P, NET_FW_IP_PROTOCOL_TCP) == S_OK;
}
static BOOL immediate(void)
{
    INetFwOpenPort *p = NULL;
    BOOL res = add_named_port(P, L"now") == S_OK && item_port(P, &p) == S_OK;
    if (p) INetFwOpenPort_Release(p);
    return res;
}
static BOOL port_defaults(void)
{
    INetFwOpenPort *p = NULL;
    VARIANT_BOOL en = 0;
    NET_FW_IP_PROTOCOL proto = 0;
    NET_FW_IP_VERSION ipv = 0;
    NET_FW_SCOPE scope = 9;
    BSTR ra = NULL;
    BOOL res;
    if (FAILED(CoCreateInstance(&CLSID_NetFwOpenPort, NULL, CLSCTX_INPROC_SERVER, &IID_INetFwOpenPort, (void **)&p)))
        return FALSE;
    INetFwOpenPort_get_Enabled(p, &en);
    INetFwOpenPort_get_Protocol(p, &proto);
    INetFwOpenPort_get_IpVersion(p, &ipv);
    INetFwOpenPort_get_Scope(p, &scope);
    INetFwOpenPort_get_RemoteAddresses(p, &ra);
    res = en == VARIANT_TRUE && proto == NET_FW_IP_PROTOCOL_TCP && ipv == NET_FW_IP_VERSION_ANY
          && scope == NET_FW_SCOPE_ALL && ra && !wcscmp(ra, L"*");
    SysFreeString(ra);
    INetFwOpenPort_Release(p);
    return res;
}
static BOOL scope_restricted(void)
{
    INetFwOpenPort *p = NULL;
    BOOL res;
    if (FAILED(CoCreateInstance(&CLSID_NetFwOpenPort, NULL, CLSCTX_INPROC_SERVER, &IID_INetFwOpenPort, (void **)&p)))
        return FALSE;
    res = INetFwOpenPort_put_Scope(p, NET_FW_SCOPE_CUSTOM) == E_INVALIDARG
          && INetFwOpenPort_put_Scope(p, NET_FW_SCOPE_LOCAL_SUBNET) == S_OK
          && INetFwOpenPort_put_Scope(p, NET_FW_SCOPE_ALL) == S_OK
          && INetFwOpenPort_put_IpVersion(p, NET_FW_IP_VERSION_V6) == E_INVALIDARG
          && INetFwOpenPort_put_Protocol(p, 1) == E_INVALIDARG;
    INetFwOpenPort_Release(p);
    return res;
}
static BOOL exceptions_not_allowed(void)
{
    INetFwProfile *prof = NULL;
    BOOL open_before, open_during, stored;
    add_named_port(P, L"x");
    open_before = labfw_port_allowed(P, NULL);
    if (FAILED(fw_profile(NET_FW_PROFILE_STANDARD, &prof)))
        return FALSE;
    INetFwProfile_put_ExceptionsNotAllowed(prof, VARIANT_TRUE);
    open_during = labfw_port_allowed(P, NULL);
    stored = reg_dword(FW_POLICY L"\\StandardProfile", L"DoNotAllowExceptions", 0) == 1;
    INetFwProfile_put_ExceptionsNotAllowed(prof, VARIANT_FALSE);
    INetFwProfile_Release(prof);
    return open_before && !open_during && stored;
}
static BOOL profile_type_needs_service(void)
{
    INetFwMgr *mgr = NULL;
    NET_FW_PROFILE_TYPE t;
    HRESULT running, stopped;
    if (FAILED(CoCreateInstance(&CLSID_NetFwMgr, NULL, CLSCTX_INPROC_SERVER, &IID_INetFwMgr, (void **)&mgr)))
        return FALSE;
    running = INetFwMgr_get_CurrentProfileType(mgr, &t);
    knob_set(L"ServiceStopped", 1);
    stopped = INetFwMgr_get_CurrentProfileType(mgr, &t);
    knob_del(L"ServiceStopped");
    INetFwMgr_Release(mgr);
    return running == S_OK && FAILED(stopped);
}
static BOOL mutators_need_admin(void)
{
    INetFwProfile *prof = NULL;
    BOOL res;
    if (FAILED(fw_profile(NET_FW_PROFILE_STANDARD, &prof)))
        return FALSE;
    knob_set(L"NotElevated", 1);
    res = fw_remove_port(NET_FW_PROFILE_STANDARD, P, NET_FW_IP_PROTOCOL_TCP) == E_ACCESSDENIED
          && INetFwProfile_put_FirewallEnabled(prof, VARIANT_FALSE) == E_ACCESSDENIED
          && INetFwProfile_put_ExceptionsNotAllowed(prof, VARIANT_TRUE) == E_ACCESSDENIED;
    knob_del(L"NotElevated");
    INetFwProfile_Release(prof);
    return res;
}
/* ---- legacy profiles and where their lists are kept ---- */
static BOOL profiles_separate(void)
{
    INetFwOpenPorts *dom = NULL;
    INetFwOpenPort *p = NULL;
    HRESULT hr;
    add_named_port(P, L"std only");
    if (FAILED(fw_ports(NET_FW_PROFILE_DOMAIN, &dom)))
        return FALSE;
    hr = INetFwOpenPorts_Item(dom, P, NET_FW_IP_PROTOCOL_TCP, &p);
    INetFwOpenPorts_Release(dom);
    if (p) INetFwOpenPort_Release(p);
    return hr == HR_NOT_FOUND;
}
static BOOL current_profile_only(void)
{
    INetFwOpenPorts *cur = NULL;
    INetFwOpenPort *p = NULL;
    HRESULT std_hr, dom_hr;
    add_named_port(P, L"std only");
    fw_ports(NET_FW_PROFILE_CURRENT, &cur);
    std_hr = cur ? INetFwOpenPorts_Item(cur, P, NET_FW_IP_PROTOCOL_TCP, &p) : E_FAIL;
    if (p) INetFwOpenPort_Release(p);
    if (cur) INetFwOpenPorts_Release(cur);
    cur = NULL;
    knob_set(L"CurrentProfile", 0);
    fw_ports(NET_FW_PROFILE_CURRENT, &cur);
    dom_hr = cur ? INetFwOpenPorts_Item(cur, P, NET_FW_IP_PROTOCOL_TCP, &p) : E_FAIL;
    if (cur) INetFwOpenPorts_Release(cur);
    knob_del(L"CurrentProfile");
    return std_hr == S_OK && dom_hr == HR_NOT_FOUND;
}
static BOOL registry_format(void)
{
    WCHAR data[256];
    add_named_port(P, L"Passive FTP5701");
    return reg_sz(FW_STD_LIST, L"5701:TCP", data, 256) && !wcscmp(data, L"5701:TCP:*:Enabled:Passive FTP5701");
}
static BOOL gp_merge_off(void)
{
    BOOL before, during;
    HKEY key;
    add_named_port(P, L"x");
    before = labfw_port_allowed(P, NULL);
    reg_set_dword(LABFW_GP_KEY L"\\StandardProfile\\GloballyOpenPorts", L"AllowUserPrefMerge", 0);
    during = labfw_port_allowed(P, NULL);
    if (!RegOpenKeyExW(HKEY_LOCAL_MACHINE, LABFW_GP_KEY, 0, KEY_ALL_ACCESS, &key)) {
        RegDeleteTreeW(key, L"StandardProfile");
        RegCloseKey(key);
    }
    return before && !during;
}
/* ---- Vista+ INetFwRule ---- */
static BOOL name_required(void)
{
    INetFwRules *rules = NULL;
    INetFwRule *r = NULL;
    BSTR bar = SysAllocString(L"a|b"), all = SysAllocString(L"all");
    BOOL res = FALSE;
    if (SUCCEEDED(fw_rules(&rules)) && SUCCEEDED(CoCreateInstance(&CLSID_NetFwRule, NULL, CLSCTX_INPROC_SERVER,
                                                                  &IID_INetFwRule, (void **)&r)))
        res = INetFwRules_Add(rules, r) == E_INVALIDARG && INetFwRule_put_Name(r, bar) == E_INVALIDARG
              && INetFwRule_put_Name(r, all) == E_INVALIDARG;
    if (r) INetFwRule_Release(r);
    if (rules) INetFwRules_Release(rules);
    SysFreeString(bar);
    SysFreeString(all);
    return res;
}
static BOOL protocol_before_ports(void)
{
    INetFwRule *r = NULL;
    BSTR ports = SysAllocString(L"5001-5201");
    BOOL res = FALSE;
    if (SUCCEEDED(CoCreateInstance(&CLSID_NetFwRule, NULL, CLSCTX_INPROC_SERVER, &IID_INetFwRule, (void **)&r))) {
        res = FAILED(INetFwRule_put_LocalPorts(r, ports)) && INetFwRule_put_Protocol(r, 6) == S_OK
              && INetFwRule_put_LocalPorts(r, ports) == S_OK;
        INetFwRule_Release(r);
    }
    SysFreeString(ports);
    return res;
}
static BOOL localports_syntax(void)
{
    static const WCHAR *const good[] = { L"5001-5201", L"21,5001-5201", L"RPC", L"5001" };
    INetFwRule *r = NULL;
    BOOL res = TRUE;
    size_t i;
    if (FAILED(CoCreateInstance(&CLSID_NetFwRule, NULL, CLSCTX_INPROC_SERVER, &IID_INetFwRule, (void **)&r)))
        return FALSE;
    INetFwRule_put_Protocol(r, 6);
    for (i = 0; i < ARRAYSIZE(good); i++) {
        BSTR b = SysAllocString(good[i]);
        res &= INetFwRule_put_LocalPorts(r, b) == S_OK;
        SysFreeString(b);
    }
    INetFwRule_Release(r);
    return res;
}
static BOOL rule_defaults(void)
{
    INetFwRule *r = NULL;
    NET_FW_RULE_DIRECTION dir = 0;
    VARIANT_BOOL en = 9;
    BOOL res;
    if (FAILED(CoCreateInstance(&CLSID_NetFwRule, NULL, CLSCTX_INPROC_SERVER, &IID_INetFwRule, (void **)&r)))
        return FALSE;
    INetFwRule_get_Direction(r, &dir);
    INetFwRule_get_Enabled(r, &en);
    res = dir == NET_FW_RULE_DIR_IN && en == VARIANT_FALSE;
    INetFwRule_Release(r);
    return res;
}
static BOOL disabled_until_enabled(void)
{
    BOOL before, after;
    INetFwRules *rules = NULL;
    INetFwRule *r = NULL;
    BSTR name = SysAllocString(RN);
    fw_add_rule(RN, L"5701", FALSE);
    before = labfw_port_allowed(P, NULL);
    if (SUCCEEDED(fw_rules(&rules)) && SUCCEEDED(INetFwRules_Item(rules, name, &r))) {
        INetFwRule_put_Enabled(r, VARIANT_TRUE);
        INetFwRule_Release(r);
    }
    after = labfw_port_allowed(P, NULL);
    if (rules) INetFwRules_Release(rules);
    SysFreeString(name);
    return !before && after;
}
static BOOL profiles_grouping_service(void)
{
    INetFwRule *r = NULL;
    BSTR group = SysAllocString(L"anything at all"), svc = SysAllocString(L"ftpsvc"), out = NULL;
    LONG prof = 0;
    BOOL res = FALSE;
    if (SUCCEEDED(CoCreateInstance(&CLSID_NetFwRule, NULL, CLSCTX_INPROC_SERVER, &IID_INetFwRule, (void **)&r))) {
        res = INetFwRule_put_Profiles(r, NET_FW_PROFILE2_ALL) == S_OK
              && INetFwRule_put_Profiles(r, NET_FW_PROFILE2_DOMAIN | NET_FW_PROFILE2_PRIVATE) == S_OK
              && INetFwRule_get_Profiles(r, &prof) == S_OK && prof == 3
              && INetFwRule_put_Grouping(r, group) == S_OK && INetFwRule_put_ServiceName(r, svc) == S_OK
              && INetFwRule_get_Grouping(r, &out) == S_OK && out && !wcscmp(out, L"anything at all");
        INetFwRule_Release(r);
    }
    SysFreeString(out); SysFreeString(group); SysFreeString(svc);
    return res;
}
/* ---- Vista+ INetFwRules ---- */
static BOOL same_name_duplicates(void)
{
    LONG before = fw_rule_count();
    fw_add_rule(RN, L"5701", TRUE);
    fw_add_rule(RN, L"5701", TRUE);
    return fw_rule_count() == before + 2;
}
static BOOL remove_missing_rule(void)
{
    INetFwRules *rules = NULL;
    BSTR name = SysAllocString(L"pasv no such rule");
    HRESULT hr = fw_rules(&rules);
    if (SUCCEEDED(hr))
        hr = INetFwRules_Remove(rules, name);
    if (rules) INetFwRules_Release(rules);
    SysFreeString(name);
    return hr == S_OK;
}
static BOOL remove_one_per_call(void)
{
    INetFwRules *rules = NULL;
    BSTR name = SysAllocString(RN);
    LONG before, after;
    fw_add_rule(RN, L"5701", TRUE);
    fw_add_rule(RN, L"5701", TRUE);
    before = fw_rule_count();
    if (SUCCEEDED(fw_rules(&rules))) {
        INetFwRules_Remove(rules, name);
        INetFwRules_Release(rules);
    }
    after = fw_rule_count();
    SysFreeString(name);
    return after == before - 1;
}
static BOOL item_missing_rule(void)
{
    INetFwRules *rules = NULL;
    INetFwRule *r = NULL;
    BSTR name = SysAllocString(L"pasv no such rule");
    HRESULT hr = fw_rules(&rules);
    if (SUCCEEDED(hr))
        hr = INetFwRules_Item(rules, name, &r);
    if (rules) INetFwRules_Release(rules);
    SysFreeString(name);
    return hr == HR_NOT_FOUND && !r;
}
static BOOL gp_override_state(void)
{
    INetFwPolicy2 *pol = NULL;
    NET_FW_MODIFY_STATE s = 0;
    if (FAILED(CoCreateInstance(&CLSID_NetFwPolicy2, NULL, CLSCTX_INPROC_SERVER, &IID_INetFwPolicy2, (void **)&pol)))
        return FALSE;
    knob_set(L"GpOverride", 1);
    INetFwPolicy2_get_LocalPolicyModifyState(pol, &s);
    knob_del(L"GpOverride");
    INetFwPolicy2_Release(pol);
    return s == NET_FW_MODIFY_STATE_GP_OVERRIDE;
}
static BOOL mpssvc_stopped(void)
{
    INetFwRules *rules = NULL;
    INetFwRule *r = NULL;
    LONG count;
    HRESULT add_hr = S_OK, enum_hr = S_OK;
    IUnknown *unk = NULL;
    fw_rules(&rules);
    fw_new_rule(RN, L"5701", TRUE, &r);
    knob_set(L"ServiceStopped", 1);
    if (rules && r) {
        add_hr = INetFwRules_Add(rules, r);
        enum_hr = INetFwRules_get__NewEnum(rules, &unk);
        (void)INetFwRules_get_Count(rules, &count);
    }
    knob_del(L"ServiceStopped");
    if (r) INetFwRule_Release(r);
    if (rules) INetFwRules_Release(rules);
    return add_hr == HR_EPT_NOT_REG && enum_hr == HR_EPT_NOT_REG && !unk;
}
/* netfw.h: get_CurrentProfileTypes(long *profileTypesBitmask) */
static BOOL profile_types_bitmask(void)
{
    INetFwPolicy2 *pol = NULL;
    LONG types = 0;
    if (FAILED(CoCreateInstance(&CLSID_NetFwPolicy2, NULL, CLSCTX_INPROC_SERVER, &IID_INetFwPolicy2, (void **)&pol)))
        return FALSE;
    INetFwPolicy2_get_CurrentProfileTypes(pol, &types);
    INetFwPolicy2_Release(pol);
    return types != 0 && !(types & ~7);
}

static const struct row {
    const char *ref;
    const char *behaviour;
    BOOL (*check)(void);
} rows[] = {
    { "nf-netfw-inetfwopenports-add", "Add of an existing port+protocol overwrites it (Remarks; the lab does not return E_UNEXPECTED)", add_existing_overwrites },
    { "nf-netfw-inetfwopenports-add", "Add fails with E_ACCESSDENIED without rights, E_INVALIDARG on bad input", add_errors },
    { "nf-netfw-inetfwopenports-item", "Item of a missing port: HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND)", item_missing },
    { "nf-netfw-inetfwopenports-remove", "Remove of a closed port has no effect (S_OK)", remove_missing },
    { "nn-netfw-inetfwopenports", "changes take effect immediately", immediate },
    { "nf-netfw-inetfwopenport-put_enabled, _protocol, _ipversion, _remoteaddresses", "new port: Enabled TRUE, TCP, IpVersion ANY, Scope ALL, RemoteAddresses *", port_defaults },
    { "nf-netfw-inetfwservice-put_scope", "put_Scope only ALL/LOCAL_SUBNET; only IpVersion ANY; only TCP/UDP", scope_restricted },
    { "nf-netfw-inetfwprofile-put_exceptionsnotallowed", "ExceptionsNotAllowed: every exception ignored", exceptions_not_allowed },
    { "nf-netfw-inetfwmgr-get_currentprofiletype", "get_CurrentProfileType needs the firewall service", profile_type_needs_service },
    { "nf-netfw-inetfwopenports-add, -remove, -item", "mutators need admin rights (E_ACCESSDENIED)", mutators_need_admin },
    { "observed (one GloballyOpenPorts\\List key per profile)", "Domain and Standard profiles keep their own lists", profiles_separate },
    { "nf-netfw-inetfwpolicy-get_currentprofile", "CurrentProfile returns the active profile only", current_profile_only },
    { "observed (registry of XP SP2 / 2003 SP1; not an API)", "persisted as \"5001:TCP\" = \"5001:TCP:*:Enabled:Name\"", registry_format },
    { "MS-GPFAS 2.2.3.12 Allow Globally Open Ports User Preference Merge", "AllowUserPrefMerge=0: the local list is ignored", gp_merge_off },
    { "nn-netfw-inetfwrule", "Name required; no '|', not \"all\"", name_required },
    { "nf-netfw-inetfwrule-put_localports", "Protocol must be set before LocalPorts", protocol_before_ports },
    { "nf-netfw-inetfwrule-put_localports", "LocalPorts takes ranges, lists and RPC", localports_syntax },
    { "nf-netfw-inetfwrule-put_direction, nn-netfw-inetfwrule", "Direction defaults to In; Enabled defaults to FALSE", rule_defaults },
    { "nn-netfw-inetfwrule", "a rule opens nothing until Enabled is set", disabled_until_enabled },
    { "nf-netfw-inetfwrule-put_profiles, -put_grouping", "Profiles bitmask (ALL or bits), any Grouping string, ServiceName", profiles_grouping_service },
    { "observed (nf-netfw-inetfwrules-add keys on the rule id, not Name)", "same Name added twice: duplicate rules", same_name_duplicates },
    { "nf-netfw-inetfwrules-remove", "Remove of a missing name has no effect", remove_missing_rule },
    { "observed", "Remove with duplicates removes one per call", remove_one_per_call },
    { "observed (as INetFwOpenPorts::Item)", "Item of a missing name: 0x80070002", item_missing_rule },
    { "nf-netfw-inetfwpolicy2-get_localpolicymodifystate", "Group Policy override: NET_FW_MODIFY_STATE_GP_OVERRIDE", gp_override_state },
    { "observed (github.com/falahati/WindowsFirewallHelper/issues/24)", "MpsSvc stopped: 0x800706D9 from Add and enumeration", mpssvc_stopped },
    { "nf-netfw-inetfwpolicy2-get_currentprofiletypes", "get_CurrentProfileTypes is a LONG bitmask", profile_types_bitmask },
};

int main(void)
{
    HRESULT hr = CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);
    size_t i;

    ok(hr == S_OK, "CoInitializeEx 0x%08lx", (unsigned long)hr);
    cleanup();
    for (i = 0; i < ARRAYSIZE(rows); i++) {
        BOOL res = rows[i].check();
        cleanup();
        ok(res, "[%s] %s", rows[i].ref, rows[i].behaviour);
    }
    printf("lab fidelity: %u documented behaviours checked\n", (unsigned)ARRAYSIZE(rows));
    CoUninitialize();
    return test_summary("lab.fw.fidelity");
}
