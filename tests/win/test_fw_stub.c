/* pasvports tests: both firewall backends over Wine's own hnetcfg.dll stub (a plain prefix, no
 * lab): writes "succeed" and store nothing, so the backends must say their lists are incomplete
 * and must never list what they were told to open. The engine turns that into NOT VERIFIED.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "test_fw_util.h"

#include "../testlib.h"

static void test_legacy(void)
{
    pasv_firewall *fw = NULL;
    pasv_fw_entry e = port_entry(5001, PASV_PROFILE_DOMAIN | PASV_PROFILE_STANDARD);
    pasv_fw_list list;
    pasv_fw_state st;
    HRESULT hr;

    hr = pasv_fw_legacy_create(&fw);
    ok(hr == S_OK && fw, "legacy backend over Wine's NetFwMgr: 0x%08lx", (unsigned long)hr);
    if (!fw)
        return;
    pasv_fw_list_init(&list);
    hr = fw->vt->get_state(fw, &st);
    ok(hr == S_OK, "get_state tolerates the stubs: 0x%08lx", (unsigned long)hr);
    ok(!st.profiles_by_type, "GetProfileByType is E_NOTIMPL: profiles_by_type false");
    ok(st.profiles_all == PASV_PROFILE_STANDARD && st.profiles_current == PASV_PROFILE_STANDARD,
       "only the current profile (taken as Standard): all 0x%x current 0x%x",
       (unsigned)st.profiles_all, (unsigned)st.profiles_current);
    ok(st.profiles_enabled == 0, "Wine's firewall is off");

    hr = fw->vt->list(fw, &list);
    ok(hr == PASV_S_FALSE && list.count == 0, "list: S_FALSE (cannot enumerate), nothing invented: 0x%08lx, %u",
       (unsigned long)hr, (unsigned)list.count);
    /* Ownership is proven by reading the port right before the write; Wine's Item cannot, so
     * nothing is written and its code comes through, instead of a blind overwrite. */
    hr = fw->vt->open_port(fw, &e, NULL);
    ok(hr == E_NOTIMPL, "open_port refuses when the port cannot be read first: 0x%08lx", (unsigned long)hr);
    pasv_fw_list_cleanup(&list);
    pasv_fw_list_init(&list);
    hr = fw->vt->list(fw, &list);
    ok(hr == PASV_S_FALSE && find_entry(&list, 5001, NULL) == NULL,
       "nothing listed afterwards (0x%08lx)", (unsigned long)hr);
    hr = close_listed(fw, 5001, 0);
    ok(hr == S_OK || hr == E_NOTIMPL, "close_port: Wine's Remove is a stub, its code comes through: 0x%08lx",
       (unsigned long)hr);
    hr = fw->vt->set_enabled(fw, 0, true);
    ok(hr == E_NOTIMPL || hr == S_OK, "set_enabled: put_FirewallEnabled stub code comes through: 0x%08lx",
       (unsigned long)hr);
    pasv_fw_list_cleanup(&list);
    pasv_fw_legacy_free(fw);
}

static void test_advanced(void)
{
    pasv_firewall *fw = NULL;
    pasv_fw_entry e;
    pasv_fw_list list;
    pasv_fw_state st;
    HRESULT hr;

    hr = pasv_fw_advanced_create(&fw);
    ok(hr == S_OK && fw, "advanced backend over Wine's NetFwPolicy2: 0x%08lx", (unsigned long)hr);
    if (!fw)
        return;
    pasv_fw_list_init(&list);
    hr = fw->vt->get_state(fw, &st);
    ok(hr == S_OK && st.profiles_current == 7 && st.rules_api,
       "get_state: CurrentProfileTypes fails -> all profiles (0x%08lx, 0x%x)", (unsigned long)hr,
       (unsigned)st.profiles_current);
    hr = fw->vt->list(fw, &list);
    ok(hr == PASV_S_FALSE && list.count == 0, "list: S_FALSE, nothing: 0x%08lx", (unsigned long)hr);

    memset(&e, 0, sizeof(e));
    e.ports.low = 5001;
    e.ports.high = 5201;
    e.protocol = PASV_PROTO_TCP;
    e.kind = PASV_FW_RULE;
    e.name = "Passive FTP";
    e.flags = PASV_FW_ENABLED;
    hr = fw->vt->put_rule(fw, &e, NULL);
    /* Ownership is proven by enumerating the rules of that name right before the write; Wine's
     * get__NewEnum is a stub, so nothing is added blind next to a rule we cannot see and its
     * code comes through (before, Add "succeeded" and stored nothing). */
    ok(hr == E_NOTIMPL, "put_rule refuses when the rules cannot be read first: 0x%08lx", (unsigned long)hr);
    pasv_fw_list_cleanup(&list);
    pasv_fw_list_init(&list);
    hr = fw->vt->list(fw, &list);
    ok(hr == PASV_S_FALSE && find_entry(&list, 5100, NULL) == NULL, "the rule is not listed afterwards");
    /* Remove(name) could take another program's rule of that name: without get__NewEnum (remove)
     * or Item (close) the rule cannot be proven ours, so nothing is removed blind. */
    hr = remove_listed_rule(fw, "Passive FTP");
    ok(hr == E_NOTIMPL, "remove_rule refuses: 0x%08lx", (unsigned long)hr);
    hr = close_listed(fw, 5001, 0);
    ok(hr == E_NOTIMPL, "close_port refuses: 0x%08lx", (unsigned long)hr);
    e = port_entry(5001, 0);
    hr = fw->vt->open_port(fw, &e, NULL);
    ok(hr == E_NOTIMPL, "open_port refuses: 0x%08lx", (unsigned long)hr);
    pasv_fw_list_cleanup(&list);
    pasv_fw_advanced_free(fw);
}

int wmain(void)
{
    HRESULT hr = CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);

    ok(SUCCEEDED(hr), "CoInitializeEx: 0x%08lx", (unsigned long)hr);
    if (lab_present()) {
        skip("this test wants Wine's own firewall stub, but the lab is installed");
        return test_summary("winfw.stub");
    }
    test_legacy();
    test_advanced();
    CoUninitialize();
    return test_summary("winfw.stub");
}
