/* pasvports lab firewall: the Vista+ API (INetFwPolicy2, INetFwRules, INetFwRule) through real
 * COM activation: defaults, validation order, duplicates, registry format (INetFwRule Remarks,
 * https://learn.microsoft.com/windows/win32/api/netfw/nn-netfw-inetfwrule, and INetFwRules).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include <initguid.h>
#include "fwtest.h"

#define RULE_NAME L"pasv lab rule"

static BOOL bstr_is(BSTR b, const WCHAR *s)
{
    return b && !wcscmp(b, s);
}

/* Number of stored rules named name; the id/data of the first one. */
static int stored_rules(const WCHAR *name, WCHAR *id, WCHAR *data, DWORD data_count)
{
    WCHAR vname[128], *buf = malloc(8192 * sizeof(WCHAR)), want[300];
    DWORD i, name_len, size, type;
    int found = 0;
    HKEY key;

    swprintf(want, 300, L"|Name=%ls|", name);
    if (id) id[0] = 0;
    if (data) data[0] = 0;
    if (!buf || RegOpenKeyExW(HKEY_LOCAL_MACHINE, LABFW_RULES_KEY, 0, KEY_QUERY_VALUE, &key)) {
        free(buf);
        return 0;
    }
    for (i = 0;; i++) {
        name_len = 128;
        size = 8191 * sizeof(WCHAR);
        if (RegEnumValueW(key, i, vname, &name_len, NULL, &type, (BYTE *)buf, &size))
            break;
        buf[size / sizeof(WCHAR)] = 0;
        if (type == REG_SZ && wcsstr(buf, want)) {
            if (!found++) {
                if (id) wcscpy(id, vname);
                if (data) swprintf(data, data_count, L"%ls", buf);
            }
        }
    }
    RegCloseKey(key);
    free(buf);
    return found;
}

static void test_policy2(void)
{
    INetFwPolicy2 *pol = NULL;
    NET_FW_MODIFY_STATE state = 99;
    VARIANT_BOOL b = 99;
    LONG types = 0;
    UINT n = 9;
    HRESULT hr = CoCreateInstance(&CLSID_NetFwPolicy2, NULL, CLSCTX_INPROC_SERVER, &IID_INetFwPolicy2,
                                  (void **)&pol);

    ok(hr == S_OK, "NetFwPolicy2 0x%08lx", (unsigned long)hr);
    if (FAILED(hr))
        return;
    ok(INetFwPolicy2_GetTypeInfoCount(pol, &n) == S_OK && n == 0, "GetTypeInfoCount");
    ok(INetFwPolicy2_get_CurrentProfileTypes(pol, &types) == S_OK && types == NET_FW_PROFILE2_PRIVATE,
       "current types Private by default (%ld)", (long)types);
    knob_set(L"CurrentProfile", 0);
    INetFwPolicy2_get_CurrentProfileTypes(pol, &types);
    ok(types == NET_FW_PROFILE2_DOMAIN, "CurrentProfile=0 -> Domain (%ld)", (long)types);
    knob_set(L"CurrentProfileTypes", NET_FW_PROFILE2_PRIVATE | NET_FW_PROFILE2_PUBLIC);
    INetFwPolicy2_get_CurrentProfileTypes(pol, &types);
    ok(types == (NET_FW_PROFILE2_PRIVATE | NET_FW_PROFILE2_PUBLIC), "CurrentProfileTypes knob (%ld)", (long)types);
    knob_del(L"CurrentProfile");
    knob_del(L"CurrentProfileTypes");

    ok(INetFwPolicy2_get_FirewallEnabled(pol, NET_FW_PROFILE2_PRIVATE, &b) == S_OK && b == VARIANT_TRUE,
       "Private enabled (provisioned)");
    ok(INetFwPolicy2_put_FirewallEnabled(pol, NET_FW_PROFILE2_PUBLIC, VARIANT_FALSE) == S_OK, "put Public off");
    ok(reg_dword(FW_POLICY L"\\PublicProfile", L"EnableFirewall", 9) == 0, "PublicProfile EnableFirewall=0");
    ok(reg_dword(FW_POLICY L"\\StandardProfile", L"EnableFirewall", 9) == 1, "Private untouched");
    INetFwPolicy2_put_FirewallEnabled(pol, NET_FW_PROFILE2_PUBLIC, VARIANT_TRUE);
    ok(INetFwPolicy2_put_FirewallEnabled(pol, NET_FW_PROFILE2_DOMAIN, VARIANT_FALSE) == S_OK
       && reg_dword(FW_POLICY L"\\DomainProfile", L"EnableFirewall", 9) == 0, "Domain -> DomainProfile");
    INetFwPolicy2_put_FirewallEnabled(pol, NET_FW_PROFILE2_DOMAIN, VARIANT_TRUE);
    hr = INetFwPolicy2_get_FirewallEnabled(pol, NET_FW_PROFILE2_ALL, &b);
    ok(hr == E_INVALIDARG, "FirewallEnabled(ALL) 0x%08lx", (unsigned long)hr);

    ok(INetFwPolicy2_get_LocalPolicyModifyState(pol, &state) == S_OK && state == NET_FW_MODIFY_STATE_OK,
       "modify state OK (%d)", state);
    INetFwPolicy2_put_BlockAllInboundTraffic(pol, NET_FW_PROFILE2_PRIVATE, VARIANT_TRUE);
    ok(reg_dword(FW_POLICY L"\\StandardProfile", L"DoNotAllowExceptions", 9) == 1,
       "BlockAllInboundTraffic is DoNotAllowExceptions");
    INetFwPolicy2_get_LocalPolicyModifyState(pol, &state);
    ok(state == NET_FW_MODIFY_STATE_INBOUND_BLOCKED, "inbound blocked state (%d)", state);
    INetFwPolicy2_put_BlockAllInboundTraffic(pol, NET_FW_PROFILE2_PRIVATE, VARIANT_FALSE);
    INetFwPolicy2_Release(pol);
}

static void test_rule_object(void)
{
    INetFwRule *r = NULL;
    NET_FW_RULE_DIRECTION dir = 0;
    NET_FW_ACTION action = 9;
    VARIANT_BOOL b = 9;
    VARIANT v;
    LONG l = 0;
    BSTR s = NULL, bad = SysAllocString(L"a|b"), all = SysAllocString(L"all"),
         ports = SysAllocString(L"5001-5201"), list = SysAllocString(L"21,5001-5201"),
         over = SysAllocString(L"70000"), rev = SysAllocString(L"5201-5001"),
         lan = SysAllocString(L"LAN"), bogus = SysAllocString(L"Bogus");
    HRESULT hr = CoCreateInstance(&CLSID_NetFwRule, NULL, CLSCTX_INPROC_SERVER, &IID_INetFwRule, (void **)&r);

    ok(hr == S_OK, "NetFwRule 0x%08lx", (unsigned long)hr);
    if (FAILED(hr))
        goto done;
    ok(INetFwRule_get_Enabled(r, &b) == S_OK && b == VARIANT_FALSE, "a new rule is disabled");
    ok(INetFwRule_get_Protocol(r, &l) == S_OK && l == NET_FW_IP_PROTOCOL_ANY, "protocol ANY (%ld)", (long)l);
    ok(INetFwRule_get_Direction(r, &dir) == S_OK && dir == NET_FW_RULE_DIR_IN, "direction In");
    ok(INetFwRule_get_Action(r, &action) == S_OK && action == NET_FW_ACTION_ALLOW, "action Allow");
    ok(INetFwRule_get_Profiles(r, &l) == S_OK && l == NET_FW_PROFILE2_ALL, "profiles ALL");
    ok(INetFwRule_get_LocalPorts(r, &s) == S_OK && bstr_is(s, L"*"), "LocalPorts *");
    SysFreeString(s);
    ok(INetFwRule_get_InterfaceTypes(r, &s) == S_OK && bstr_is(s, L"All"), "InterfaceTypes All");
    SysFreeString(s);
    s = (BSTR)1;
    ok(INetFwRule_get_Name(r, &s) == S_OK && s == NULL, "no name yet");
    ok(INetFwRule_get_EdgeTraversal(r, &b) == S_OK && b == VARIANT_FALSE, "edge off");

    /* Protocol before LocalPorts (sdk-api put_LocalPorts); the lab's code is 0x80070057. */
    hr = INetFwRule_put_LocalPorts(r, ports);
    ok(hr == HR_INVALID_PARAMETER, "LocalPorts before Protocol 0x%08lx", (unsigned long)hr);
    hr = INetFwRule_put_RemotePorts(r, ports);
    ok(hr == HR_INVALID_PARAMETER, "RemotePorts before Protocol 0x%08lx", (unsigned long)hr);
    ok(INetFwRule_put_Protocol(r, NET_FW_IP_PROTOCOL_TCP) == S_OK, "put_Protocol(TCP)");
    ok(INetFwRule_put_LocalPorts(r, ports) == S_OK, "put_LocalPorts after Protocol");
    INetFwRule_get_LocalPorts(r, &s);
    ok(bstr_is(s, L"5001-5201"), "LocalPorts read back");
    SysFreeString(s);
    ok(INetFwRule_put_LocalPorts(r, list) == S_OK, "port list");
    ok(INetFwRule_put_LocalPorts(r, over) == HR_INVALID_PARAMETER, "port 70000 refused");
    ok(INetFwRule_put_LocalPorts(r, rev) == HR_INVALID_PARAMETER, "reversed range refused");
    ok(INetFwRule_put_Protocol(r, NET_FW_IP_PROTOCOL_ANY) == E_INVALIDARG, "ANY with ports refused");
    ok(INetFwRule_put_Protocol(r, 257) == E_INVALIDARG, "protocol 257 refused");
    ok(INetFwRule_put_Name(r, bad) == E_INVALIDARG, "name with | refused");
    ok(INetFwRule_put_Name(r, all) == E_INVALIDARG, "name 'all' refused");
    ok(INetFwRule_put_Profiles(r, 8) == E_INVALIDARG, "profile bit 8 refused");
    ok(INetFwRule_put_Direction(r, 3) == E_INVALIDARG, "direction 3 refused");
    ok(INetFwRule_put_Action(r, 2) == E_INVALIDARG, "action 2 refused");
    ok(INetFwRule_put_InterfaceTypes(r, lan) == S_OK, "InterfaceTypes LAN");
    ok(INetFwRule_put_InterfaceTypes(r, bogus) == E_INVALIDARG, "InterfaceTypes Bogus refused");
    VariantInit(&v);
    ok(INetFwRule_get_Interfaces(r, &v) == E_NOTIMPL, "Interfaces not modelled (E_NOTIMPL)");
    INetFwRule_Release(r);
done:
    SysFreeString(bad); SysFreeString(all); SysFreeString(ports); SysFreeString(list);
    SysFreeString(over); SysFreeString(rev); SysFreeString(lan); SysFreeString(bogus);
}

static void test_rules(void)
{
    INetFwRules *rules = NULL;
    INetFwRule *r = NULL, *r2 = NULL, *item = NULL;
    IUnknown *unk = NULL;
    IEnumVARIANT *en = NULL;
    VARIANT v;
    WCHAR id[128], data[2048];
    BSTR name = SysAllocString(RULE_NAME), desc = SysAllocString(L"Passive FTP data ports"),
         group = SysAllocString(L"pasvports"), svc = SysAllocString(L"MSFTPSVC"),
         ra = SysAllocString(L"LocalSubnet"), missing = SysAllocString(L"no such rule"),
         s = NULL, p2 = SysAllocString(L"6001-6002");
    LONG count0 = -1, count = -1, l = 0, seen = 0, n = 0;
    VARIANT_BOOL b;
    UINT tic = 9;
    HRESULT hr;

    fw_purge_rules(RULE_NAME);
    ok(fw_rules(&rules) == S_OK, "get_Rules");
    if (!rules)
        goto done;
    ok(INetFwRules_GetTypeInfoCount(rules, &tic) == S_OK && tic == 0, "rules GetTypeInfoCount");
    INetFwRules_get_Count(rules, &count0);

    /* Name is required. */
    hr = CoCreateInstance(&CLSID_NetFwRule, NULL, CLSCTX_INPROC_SERVER, &IID_INetFwRule, (void **)&r);
    if (SUCCEEDED(hr)) {
        hr = INetFwRules_Add(rules, r);
        ok(hr == E_INVALIDARG, "Add without Name 0x%08lx", (unsigned long)hr);
        INetFwRule_Release(r);
        r = NULL;
    }

    ok(fw_new_rule(RULE_NAME, L"5001-5201", TRUE, &r) == S_OK, "new rule");
    if (!r)
        goto done;
    INetFwRule_put_Description(r, desc);
    INetFwRule_put_Grouping(r, group);
    INetFwRule_put_ServiceName(r, svc);
    INetFwRule_put_RemoteAddresses(r, ra);
    INetFwRule_put_Profiles(r, NET_FW_PROFILE2_DOMAIN | NET_FW_PROFILE2_PRIVATE);
    INetFwRule_put_Direction(r, NET_FW_RULE_DIR_IN);
    hr = INetFwRules_Add(rules, r);
    ok(hr == S_OK, "Add 0x%08lx", (unsigned long)hr);
    INetFwRules_get_Count(rules, &count);
    ok(count == count0 + 1, "Count %ld -> %ld", (long)count0, (long)count);
    ok(stored_rules(RULE_NAME, id, data, 2048) == 1, "one stored rule");
    ok(wcslen(id) == 38 && id[0] == L'{' && id[37] == L'}', "value name is a GUID rule id: %ls", id);
    ok(!wcscmp(data, L"v2.10|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=5001-5201|Profile=Domain|"
                     L"Profile=Private|RA4=LocalSubnet|RA6=LocalSubnet|Svc=MSFTPSVC|Name=" RULE_NAME
                     L"|Desc=Passive FTP data ports|EmbedCtxt=pasvports|"),
       "stored format: %ls", data);

    /* The added object is now that rule: changes go straight to the store. */
    ok(INetFwRule_put_Enabled(r, VARIANT_FALSE) == S_OK, "disable via the added object");
    stored_rules(RULE_NAME, id, data, 2048);
    ok(wcsstr(data, L"|Active=FALSE|") != NULL, "Active=FALSE stored: %ls", data);
    INetFwRule_put_Enabled(r, VARIANT_TRUE);
    /* Adding the same object again overwrites its own rule (same rule id). */
    ok(INetFwRules_Add(rules, r) == S_OK, "re-Add same object");
    INetFwRules_get_Count(rules, &count);
    ok(count == count0 + 1, "re-Add keeps Count (%ld)", (long)count);

    /* Item by name, live. */
    hr = INetFwRules_Item(rules, name, &item);
    ok(hr == S_OK && item, "Item 0x%08lx", (unsigned long)hr);
    if (item) {
        INetFwRule_get_Description(item, &s);
        ok(bstr_is(s, L"Passive FTP data ports"), "Item description");
        SysFreeString(s);
        INetFwRule_get_Profiles(item, &l);
        ok(l == (NET_FW_PROFILE2_DOMAIN | NET_FW_PROFILE2_PRIVATE), "Item profiles %ld", (long)l);
        INetFwRule_get_Enabled(item, &b);
        ok(b == VARIANT_TRUE, "Item enabled");
        INetFwRule_get_RemoteAddresses(item, &s);
        ok(bstr_is(s, L"LocalSubnet"), "Item remote addresses %ls", s ? s : L"(null)");
        SysFreeString(s);
        ok(INetFwRule_put_LocalPorts(item, p2) == S_OK, "put_LocalPorts on item");
        stored_rules(RULE_NAME, id, data, 2048);
        ok(wcsstr(data, L"|LPort=6001-6002|") != NULL, "item change stored: %ls", data);
        INetFwRule_get_LocalPorts(r, &s);
        ok(bstr_is(s, L"6001-6002"), "the other object re-reads the store");
        SysFreeString(s);
        INetFwRule_Release(item);
        item = NULL;
    }
    item = (INetFwRule *)1;
    hr = INetFwRules_Item(rules, missing, &item);
    ok(hr == HR_NOT_FOUND && item == NULL, "Item(missing) 0x%08lx", (unsigned long)hr);
    hr = INetFwRules_Remove(rules, missing);
    ok(hr == S_OK, "Remove(missing) 0x%08lx", (unsigned long)hr);

    /* A second object with the same Name: a duplicate rule; Remove takes one per call. */
    ok(fw_new_rule(RULE_NAME, L"5001-5201", TRUE, &r2) == S_OK, "second rule");
    if (r2) {
        ok(INetFwRules_Add(rules, r2) == S_OK, "Add duplicate name");
        INetFwRule_Release(r2);
    }
    INetFwRules_get_Count(rules, &count);
    ok(count == count0 + 2, "duplicate makes Count %ld", (long)count);
    ok(stored_rules(RULE_NAME, NULL, NULL, 0) == 2, "two stored rules with that name");

    /* _NewEnum */
    hr = INetFwRules_get__NewEnum(rules, &unk);
    ok(hr == S_OK && unk, "_NewEnum 0x%08lx", (unsigned long)hr);
    if (unk && SUCCEEDED(IUnknown_QueryInterface(unk, &IID_IEnumVARIANT, (void **)&en))) {
        while (IEnumVARIANT_Next(en, 1, &v, NULL) == S_OK) {
            INetFwRule *er = NULL;
            n++;
            if (V_VT(&v) == VT_DISPATCH
                && SUCCEEDED(IDispatch_QueryInterface(V_DISPATCH(&v), &IID_INetFwRule, (void **)&er))) {
                INetFwRule_get_Name(er, &s);
                if (bstr_is(s, RULE_NAME))
                    seen++;
                SysFreeString(s);
                INetFwRule_Release(er);
            }
            VariantClear(&v);
        }
        ok(n == count, "enumerated %ld of %ld", (long)n, (long)count);
        ok(seen == 2, "both duplicates enumerated (%ld)", (long)seen);
        IEnumVARIANT_Release(en);
    }
    if (unk)
        IUnknown_Release(unk);

    ok(INetFwRules_Remove(rules, name) == S_OK, "Remove one");
    INetFwRules_get_Count(rules, &count);
    ok(count == count0 + 1, "one duplicate left (%ld)", (long)count);
    hr = INetFwRules_Item(rules, name, &item);
    ok(hr == S_OK, "Item still finds the other");
    if (item) INetFwRule_Release(item);
    ok(INetFwRules_Remove(rules, name) == S_OK, "Remove the other");
    INetFwRules_get_Count(rules, &count);
    ok(count == count0, "Count back (%ld)", (long)count);
    ok(stored_rules(RULE_NAME, NULL, NULL, 0) == 0, "no stored rule left");
    /* A put on the object of a removed rule does not resurrect it. */
    ok(INetFwRule_put_Enabled(r, VARIANT_FALSE) == S_OK && stored_rules(RULE_NAME, NULL, NULL, 0) == 0,
       "removed rule stays removed");

    /* Added without put_Enabled: stored disabled. */
    ok(fw_add_rule(RULE_NAME, L"5001", FALSE) == S_OK, "Add without Enabled");
    stored_rules(RULE_NAME, id, data, 2048);
    ok(wcsstr(data, L"|Active=FALSE|") != NULL, "stored Active=FALSE: %ls", data);
    fw_purge_rules(RULE_NAME);
done:
    if (r) INetFwRule_Release(r);
    if (rules) INetFwRules_Release(rules);
    SysFreeString(name); SysFreeString(desc); SysFreeString(group); SysFreeString(svc);
    SysFreeString(ra); SysFreeString(missing); SysFreeString(p2);
}

int main(void)
{
    HRESULT hr = CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);

    ok(hr == S_OK, "CoInitializeEx 0x%08lx", (unsigned long)hr);
    knobs_clear();
    test_policy2();
    test_rule_object();
    test_rules();
    knobs_clear();
    CoUninitialize();
    return test_summary("lab.fw.rules");
}
