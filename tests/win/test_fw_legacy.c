/* pasvports tests: the legacy firewall backend (src/win/fw_legacy.c) against the lab firewall,
 * asserting what the lab persisted in the registry, not only the HRESULTs.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "test_fw_util.h"

#include "../testlib.h"

#define BOTH (PASV_PROFILE_DOMAIN | PASV_PROFILE_STANDARD)
#define E_LEGACY_STOPPED ((pasv_hr)0x800706BAu) /* the lab's "SharedAccess not running" */

static pasv_firewall *fw;

static pasv_hr do_list(pasv_fw_list *list)
{
    pasv_fw_list_cleanup(list);
    pasv_fw_list_init(list);
    return fw->vt->list(fw, list);
}

static pasv_hr open_one(uint16_t port, uint32_t profiles)
{
    pasv_fw_entry e = port_entry(port, profiles);

    return fw->vt->open_port(fw, &e, NULL);
}

static void test_initial_state(void)
{
    pasv_fw_state st;
    pasv_fw_list list;
    const pasv_fw_entry *e;
    pasv_hr hr;

    pasv_fw_list_init(&list);
    hr = fw->vt->get_state(fw, &st);
    ok(hr == PASV_S_OK, "get_state: 0x%08lx", (unsigned long)hr);
    ok(st.profiles_by_type, "the lab answers GetProfileByType");
    ok(st.profiles_all == BOTH, "profiles_all 0x%x", (unsigned)st.profiles_all);
    ok(st.profiles_enabled == BOTH, "firewall on in both profiles: 0x%x", (unsigned)st.profiles_enabled);
    ok(st.profiles_current == PASV_PROFILE_STANDARD, "current profile Standard: 0x%x",
       (unsigned)st.profiles_current);
    ok(st.profiles_no_exceptions == 0, "exceptions allowed: 0x%x", (unsigned)st.profiles_no_exceptions);
    ok(!st.gp_override, "no group policy");
    ok(st.rules_api, "the lab serves NetFwPolicy2 with rules");

    hr = do_list(&list);
    ok(hr == PASV_S_OK, "list: 0x%08lx", (unsigned long)hr);
    e = find_entry(&list, 3389, "Remote Desktop");
    ok(e && e->profiles == BOTH && (e->flags & PASV_FW_ENABLED) && e->scope == PASV_SCOPE_ANY &&
           e->kind == PASV_FW_PORT && e->protocol == PASV_PROTO_TCP && !(e->flags & PASV_FW_GP),
       "3389 Remote Desktop listed once for both profiles");
    ok(count_entries(&list, 3389, NULL) == 1, "3389 merged into one entry");
    ok(find_entry(&list, 80, "HTTP") != NULL, "80 HTTP listed");
    e = find_entry(&list, 5100, "Backup agent");
    ok(e && e->profiles == BOTH, "5100 Backup agent listed for both profiles");
    pasv_fw_list_cleanup(&list);
}

static void test_open_close(void)
{
    reg_snapshot dom0, std0, dom, std;
    pasv_fw_list list;
    WCHAR name[32], expect[128], data[512];
    uint16_t port;
    bool all;
    pasv_hr hr;

    pasv_fw_list_init(&list);
    snapshot_take(FW_LIST_DOMAIN, &dom0);
    snapshot_take(FW_LIST_STANDARD, &std0);
    ok(dom0.count >= 3 && std0.count >= 3, "foreign exceptions seeded (%u, %u)", (unsigned)dom0.count,
       (unsigned)std0.count);

    for (port = 5001, all = true; port <= 5010; port++)
        all &= (hr = open_one(port, BOTH)) == PASV_S_OK;
    ok(all, "open 5001-5010 in both profiles");
    for (port = 5001, all = true; port <= 5010; port++) {
        swprintf(name, 32, L"%u:TCP", port);
        swprintf(expect, 128, L"%u:TCP:*:Enabled:Passive FTP%u", port, port);
        all &= reg_get_sz(FW_LIST_DOMAIN, name, data, 512) && wcscmp(data, expect) == 0;
        all &= reg_get_sz(FW_LIST_STANDARD, name, data, 512) && wcscmp(data, expect) == 0;
    }
    ok(all, "the lab persisted \"5001:TCP\"=\"5001:TCP:*:Enabled:Passive FTP5001\" .. 5010 in both lists");
    snapshot_take(FW_LIST_DOMAIN, &dom);
    snapshot_take(FW_LIST_STANDARD, &std);
    ok(snapshot_kept(&dom0, &dom) && snapshot_kept(&std0, &std), "foreign exceptions untouched byte for byte");
    ok(dom.count == dom0.count + 10 && std.count == std0.count + 10, "exactly 10 new values per profile");
    snapshot_free(&dom);
    snapshot_free(&std);

    hr = do_list(&list);
    ok(hr == PASV_S_OK, "list: 0x%08lx", (unsigned long)hr);
    for (port = 5001, all = true; port <= 5010; port++) {
        char n[PASV_PREFIX_MAX + 8];
        const pasv_fw_entry *e;

        pasv_fw_port_name(PASV_DEFAULT_PREFIX, port, n, sizeof(n));
        e = find_entry(&list, port, n);
        all &= e && e->profiles == BOTH && (e->flags & PASV_FW_ENABLED) && e->scope == PASV_SCOPE_ANY &&
               count_entries(&list, port, NULL) == 1;
    }
    ok(all, "list shows 5001-5010 once each, both profile bits, enabled, scope any");

    /* Re-open: replaces, never duplicates. */
    for (port = 5001, all = true; port <= 5010; port++)
        all &= open_one(port, BOTH) == PASV_S_OK;
    ok(all, "re-open 5001-5010");
    snapshot_take(FW_LIST_DOMAIN, &dom);
    snapshot_take(FW_LIST_STANDARD, &std);
    ok(dom.count == dom0.count + 10 && std.count == std0.count + 10, "re-open made no duplicates");
    snapshot_free(&dom);
    snapshot_free(&std);
    hr = do_list(&list);
    ok(hr == PASV_S_OK && count_entries(&list, 5005, NULL) == 1, "list: 5005 once after re-open");

    /* One profile only. */
    ok(open_one(5013, PASV_PROFILE_DOMAIN) == PASV_S_OK, "open 5013 in Domain only");
    ok(reg_get_sz(FW_LIST_DOMAIN, L"5013:TCP", data, 512) && !reg_get_sz(FW_LIST_STANDARD, L"5013:TCP", data, 512),
       "5013 persisted in Domain only");
    hr = do_list(&list);
    ok(find_entry(&list, 5013, NULL) && find_entry(&list, 5013, NULL)->profiles == PASV_PROFILE_DOMAIN,
       "list: 5013 with the Domain bit only");

    /* Close. */
    for (port = 5001, all = true; port <= 5013; port++)
        all &= close_listed(fw, port, BOTH) == PASV_S_OK;
    ok(all, "close 5001-5013 (5011/5012 absent: still S_OK)");
    ok(close_listed(fw, 5999, BOTH) == PASV_S_OK, "closing an absent port succeeds");
    snapshot_take(FW_LIST_DOMAIN, &dom);
    snapshot_take(FW_LIST_STANDARD, &std);
    ok(dom.count == dom0.count && std.count == std0.count && snapshot_kept(&dom0, &dom) &&
           snapshot_kept(&std0, &std),
       "after close the lists are exactly as before");
    snapshot_free(&dom);
    snapshot_free(&std);
    hr = do_list(&list);
    ok(hr == PASV_S_OK && count_entries(&list, 5001, NULL) == 0 && count_entries(&list, 5010, NULL) == 0,
       "list: 5001-5010 gone");
    ok(find_entry(&list, 3389, "Remote Desktop") != NULL, "list: foreign 3389 still there");

    snapshot_free(&dom0);
    snapshot_free(&std0);
    pasv_fw_list_cleanup(&list);
}

static void test_scopes(void)
{
    pasv_fw_entry e = port_entry(5011, BOTH);
    pasv_fw_list list;
    const pasv_fw_entry *got;
    WCHAR data[512];

    pasv_fw_list_init(&list);
    e.scope = PASV_SCOPE_SUBNET;
    ok(fw->vt->open_port(fw, &e, NULL) == PASV_S_OK, "open 5011 LocalSubnet");
    ok(reg_get_sz(FW_LIST_STANDARD, L"5011:TCP", data, 512) &&
           wcscmp(data, L"5011:TCP:LocalSubnet:Enabled:Passive FTP5011") == 0,
       "persisted scope LocalSubnet: %ls", data);

    e = port_entry(5012, BOTH);
    e.scope = PASV_SCOPE_CUSTOM;
    e.remote = "10.0.0.0/255.0.0.0";
    ok(fw->vt->open_port(fw, &e, NULL) == PASV_S_OK, "open 5012 custom scope");
    ok(reg_get_sz(FW_LIST_DOMAIN, L"5012:TCP", data, 512) &&
           wcscmp(data, L"5012:TCP:10.0.0.0/255.0.0.0:Enabled:Passive FTP5012") == 0,
       "persisted custom scope: %ls", data);

    e = port_entry(5014, BOTH);
    e.scope = PASV_SCOPE_CUSTOM; /* custom without addresses: refused before any call */
    ok(fw->vt->open_port(fw, &e, NULL) == PASV_E_INVALIDARG, "custom scope without addresses refused");

    ok(do_list(&list) == PASV_S_OK, "list");
    got = find_entry(&list, 5011, "Passive FTP5011");
    ok(got && got->scope == PASV_SCOPE_SUBNET && got->profiles == BOTH, "list: 5011 scope LocalSubnet");
    got = find_entry(&list, 5012, "Passive FTP5012");
    ok(got && got->scope == PASV_SCOPE_CUSTOM && strcmp(got->remote, "10.0.0.0/255.0.0.0") == 0,
       "list: 5012 custom remote \"%s\"", got ? got->remote : "");
    close_listed(fw, 5011, BOTH);
    close_listed(fw, 5012, BOTH);
    pasv_fw_list_cleanup(&list);
}

static void test_names(void)
{
    pasv_fw_entry e = port_entry(5015, BOTH);
    pasv_fw_list list;
    const pasv_fw_entry *got;
    WCHAR data[512];

    pasv_fw_list_init(&list);
    e.name = "Passiv-FTP \xc3\xbc\xe2\x82\xac 5015"; /* "Passiv-FTP ü€ 5015" */
    ok(fw->vt->open_port(fw, &e, NULL) == PASV_S_OK, "open with a non-ASCII name");
    ok(reg_get_sz(FW_LIST_STANDARD, L"5015:TCP", data, 512) &&
           wcscmp(data, L"5015:TCP:*:Enabled:Passiv-FTP \x00fc\x20ac 5015") == 0,
       "name stored as UTF-16: %ls", data);
    ok(do_list(&list) == PASV_S_OK, "list");
    got = find_entry(&list, 5015, NULL);
    ok(got && strcmp(got->name, e.name) == 0, "name read back as the same UTF-8");
    close_listed(fw, 5015, BOTH);

    /* A long foreign name is read whole: a cut name could pass for another. */
    {
        WCHAR longname[600];
        WCHAR value[700];
        char *want;
        int i;

        for (i = 0; i < 200; i++)
            longname[i] = i % 2 ? L'a' : 0x20ac;
        longname[200] = 0;
        swprintf(value, 700, L"5016:TCP:*:Enabled:%ls", longname);
        reg_set_sz(FW_LIST_STANDARD, L"5016:TCP", value);
        ok(do_list(&list) == PASV_S_OK, "list with a long foreign name");
        got = find_entry(&list, 5016, NULL);
        want = pasv_utf8_dup_wide(longname);
        ok(got && want && strcmp(got->name, want) == 0 && strlen(got->name) == 100 * 3 + 100,
           "a 200-character name (the old limit was 95 bytes) is listed whole (%u bytes of UTF-8)", got ? (unsigned)strlen(got->name) : 0);
        free(want);
        reg_delete(FW_LIST_STANDARD, L"5016:TCP");
    }
    pasv_fw_list_cleanup(&list);
}

/* Someone adds an exception at a port between the plan and the write: the write leaves it as
 * it is (name, scope and all) and says so. */
static void test_foreign_exception_added_mid_run_is_never_overwritten(void)
{
    const WCHAR *foreign = L"8500:TCP:10.1.2.3:Enabled:Veeam backup data port";
    pasv_fw_entry e = port_entry(8500, BOTH);
    WCHAR data[512];
    pasv_hr hr;

    reg_set_sz(FW_LIST_DOMAIN, L"8500:TCP", foreign);
    hr = fw->vt->open_port(fw, &e, NULL);
    ok(hr == PASV_E_CHANGED, "open_port where a foreign exception appeared: PASV_E_CHANGED (0x%08lx)",
       (unsigned long)hr);
    ok(reg_get_sz(FW_LIST_DOMAIN, L"8500:TCP", data, 512) && wcscmp(data, foreign) == 0,
       "the foreign exception is byte-identical: %ls", data);
    ok(reg_get_sz(FW_LIST_STANDARD, L"8500:TCP", data, 512) && wcsstr(data, L"Passive FTP8500") != NULL,
       "the profile that was free got ours: %ls", data);
    hr = close_listed(fw, 8500, BOTH);
    ok(reg_get_sz(FW_LIST_DOMAIN, L"8500:TCP", data, 512) && wcscmp(data, foreign) == 0,
       "closing ours never removes the foreign one (0x%08lx)", (unsigned long)hr);
    e = port_entry(8500, PASV_PROFILE_STANDARD);
    ok(fw->vt->close_port(fw, &e) == PASV_S_OK && !reg_get_sz(FW_LIST_STANDARD, L"8500:TCP", data, 512),
       "ours closed in its own profile");
    reg_delete(FW_LIST_DOMAIN, L"8500:TCP");
}

static void test_group_policy(void)
{
    pasv_fw_state st;
    pasv_fw_list list;
    const pasv_fw_entry *e;

    pasv_fw_list_init(&list);
    reg_set_sz(FW_GP L"\\StandardProfile\\GloballyOpenPorts\\List", L"8080:TCP",
               L"8080:TCP:LocalSubnet:Enabled:IntranetApps");
    reg_set_sz(FW_GP L"\\StandardProfile\\GloballyOpenPorts\\List", L"8081:UDP",
               L"8081:UDP:*:Enabled:Not TCP");
    ok(do_list(&list) == PASV_S_OK, "list with a policy list");
    e = find_entry(&list, 8080, "IntranetApps");
    ok(e && (e->flags & PASV_FW_GP) && (e->flags & PASV_FW_ENABLED) &&
           e->profiles == PASV_PROFILE_STANDARD && e->scope == PASV_SCOPE_SUBNET,
       "GP exception listed read-only (PASV_FW_GP), Standard, LocalSubnet");
    ok(find_entry(&list, 8081, NULL) == NULL, "GP UDP entry not listed");
    ok(fw->vt->get_state(fw, &st) == PASV_S_OK && !st.gp_override, "policy list alone: no override");

    reg_set_dword(FW_GP L"\\StandardProfile\\GloballyOpenPorts", L"AllowUserPrefMerge", 0);
    ok(fw->vt->get_state(fw, &st) == PASV_S_OK && st.gp_override,
       "AllowUserPrefMerge=0 -> gp_override");
    reg_set_dword(FW_GP L"\\StandardProfile\\GloballyOpenPorts", L"AllowUserPrefMerge", 1);
    ok(fw->vt->get_state(fw, &st) == PASV_S_OK && !st.gp_override, "AllowUserPrefMerge=1 -> no override");

    reg_delete(FW_GP L"\\StandardProfile\\GloballyOpenPorts", L"AllowUserPrefMerge");
    reg_delete(FW_GP L"\\StandardProfile\\GloballyOpenPorts\\List", L"8080:TCP");
    reg_delete(FW_GP L"\\StandardProfile\\GloballyOpenPorts\\List", L"8081:UDP");
    pasv_fw_list_cleanup(&list);
}

static void test_profile_state(void)
{
    pasv_fw_state st;

    reg_set_dword(FW_POLICY L"\\DomainProfile", L"DoNotAllowExceptions", 1);
    ok(fw->vt->get_state(fw, &st) == PASV_S_OK && st.profiles_no_exceptions == PASV_PROFILE_DOMAIN,
       "DoNotAllowExceptions in Domain -> profiles_no_exceptions 0x%x", (unsigned)st.profiles_no_exceptions);
    reg_set_dword(FW_POLICY L"\\DomainProfile", L"DoNotAllowExceptions", 0);

    knob_set(L"CurrentProfile", 0);
    ok(fw->vt->get_state(fw, &st) == PASV_S_OK && st.profiles_current == PASV_PROFILE_DOMAIN,
       "CurrentProfile knob 0 -> Domain current");
    knob_clear(L"CurrentProfile");

    ok(fw->vt->set_enabled(fw, PASV_PROFILE_STANDARD, false) == PASV_S_OK, "turn Standard off");
    ok(reg_get_dword(FW_POLICY L"\\StandardProfile", L"EnableFirewall", 9) == 0 &&
           reg_get_dword(FW_POLICY L"\\DomainProfile", L"EnableFirewall", 9) == 1,
       "EnableFirewall persisted: Standard 0, Domain 1");
    ok(fw->vt->get_state(fw, &st) == PASV_S_OK && st.profiles_enabled == PASV_PROFILE_DOMAIN,
       "get_state: enabled Domain only");
    ok(fw->vt->set_enabled(fw, BOTH, true) == PASV_S_OK &&
           reg_get_dword(FW_POLICY L"\\StandardProfile", L"EnableFirewall", 9) == 1,
       "turn both on again");
}

static void test_knobs(void)
{
    reg_snapshot dom0, std0, dom, std;
    pasv_fw_list list;
    pasv_fw_state st;
    WCHAR data[512];
    pasv_hr hr;

    pasv_fw_list_init(&list);
    snapshot_take(FW_LIST_DOMAIN, &dom0);
    snapshot_take(FW_LIST_STANDARD, &std0);

    knob_set(L"NotElevated", 1);
    hr = open_one(5020, BOTH);
    ok(hr == PASV_E_ACCESSDENIED, "NotElevated: open -> E_ACCESSDENIED (0x%08lx)", (unsigned long)hr);
    hr = close_listed(fw, 3389, BOTH);
    ok(hr == PASV_E_ACCESSDENIED, "NotElevated: close -> E_ACCESSDENIED (0x%08lx)", (unsigned long)hr);
    hr = fw->vt->set_enabled(fw, BOTH, false);
    ok(hr == PASV_E_ACCESSDENIED, "NotElevated: set_enabled -> E_ACCESSDENIED (0x%08lx)", (unsigned long)hr);
    ok(fw->vt->list(fw, &list) == PASV_S_OK, "NotElevated: reading still works");
    knob_clear(L"NotElevated");
    ok(reg_get_dword(FW_POLICY L"\\StandardProfile", L"EnableFirewall", 9) == 1, "firewall still on");

    knob_set(L"FailAddPort", 5021);
    knob_set(L"FailAddHr", 0x80070070u); /* ERROR_DISK_FULL: any code must come through as is */
    hr = open_one(5021, BOTH);
    ok(hr == (pasv_hr)0x80070070u, "FailAddPort: the lab's HRESULT propagates (0x%08lx)", (unsigned long)hr);
    ok(!reg_get_sz(FW_LIST_DOMAIN, L"5021:TCP", data, 512) && !reg_get_sz(FW_LIST_STANDARD, L"5021:TCP", data, 512),
       "FailAddPort: 5021 in neither profile");
    ok(open_one(5022, BOTH) == PASV_S_OK, "FailAddPort: other ports still open");
    ok(close_listed(fw, 5022, BOTH) == PASV_S_OK, "close 5022");
    knob_clear(L"FailAddPort");
    knob_clear(L"FailAddHr");

    knob_set(L"ServiceStopped", 1);
    pasv_fw_list_cleanup(&list);
    pasv_fw_list_init(&list);
    hr = fw->vt->list(fw, &list);
    ok(hr == E_LEGACY_STOPPED && list.count == 0, "ServiceStopped: list fails with 0x%08lx, output untouched",
       (unsigned long)hr);
    hr = open_one(5023, BOTH);
    ok(hr == E_LEGACY_STOPPED, "ServiceStopped: open fails with 0x%08lx", (unsigned long)hr);
    hr = fw->vt->get_state(fw, &st);
    ok(hr == E_LEGACY_STOPPED, "ServiceStopped: get_state fails with 0x%08lx", (unsigned long)hr);
    knob_clear(L"ServiceStopped");

    snapshot_take(FW_LIST_DOMAIN, &dom);
    snapshot_take(FW_LIST_STANDARD, &std);
    ok(dom.count == dom0.count && std.count == std0.count && snapshot_kept(&dom0, &dom) &&
           snapshot_kept(&std0, &std),
       "after every failing knob the lists are exactly as before");
    snapshot_free(&dom);
    snapshot_free(&std);

    /* FailAfterCalls: the first K mutating calls work, then each fails. Two Adds per port. */
    knob_set(L"CallCount", 0);
    knob_set(L"FailAfterCalls", 4);
    knob_set(L"FailAfterHr", 0x800706BEu); /* RPC_S_CALL_FAILED */
    ok(open_one(5030, BOTH) == PASV_S_OK && open_one(5031, BOTH) == PASV_S_OK, "calls 1-4 work");
    hr = open_one(5032, BOTH);
    ok(hr == (pasv_hr)0x800706BEu, "call 5 fails with the lab's code (0x%08lx)", (unsigned long)hr);
    ok(!reg_get_sz(FW_LIST_DOMAIN, L"5032:TCP", data, 512) && !reg_get_sz(FW_LIST_STANDARD, L"5032:TCP", data, 512),
       "5032 opened nowhere");
    knob_clear(L"FailAfterCalls");
    knob_clear(L"FailAfterHr");
    knob_clear(L"CallCount");
    close_listed(fw, 5030, BOTH);
    close_listed(fw, 5031, BOTH);

    snapshot_free(&dom0);
    snapshot_free(&std0);
    pasv_fw_list_cleanup(&list);
}

/* The per-port mode opens up to 60,535 ports: our side must stay linear. The lab's registry
 * writes dominate; the time per port of the second half must not grow with the list. */
static void test_many_ports(void)
{
    const uint16_t first = 20001, count = 600;
    pasv_fw_list list;
    DWORD t0, t1, t2;
    uint16_t i;
    bool all = true;
    size_t found = 0, k;

    pasv_fw_list_init(&list);
    t0 = GetTickCount();
    for (i = 0; i < count / 2; i++)
        all &= open_one((uint16_t)(first + i), BOTH) == PASV_S_OK;
    t1 = GetTickCount();
    for (; i < count; i++)
        all &= open_one((uint16_t)(first + i), BOTH) == PASV_S_OK;
    t2 = GetTickCount();
    ok(all, "open %u ports", (unsigned)count);
    trace("first half %lu ms, second half %lu ms", (unsigned long)(t1 - t0), (unsigned long)(t2 - t1));
    ok(t2 - t1 <= 3 * (t1 - t0) + 500, "no quadratic slow-down (%lu ms vs %lu ms)",
       (unsigned long)(t2 - t1), (unsigned long)(t1 - t0));
    ok(do_list(&list) == PASV_S_OK, "list");
    for (k = 0; k < list.count; k++)
        if (list.items[k].ports.low >= first && list.items[k].ports.low < first + count &&
            list.items[k].profiles == BOTH)
            found++;
    ok(found == count, "all %u listed with both profiles (%u)", (unsigned)count, (unsigned)found);
    for (i = 0, all = true; i < count; i++) {
        pasv_fw_entry e = port_entry((uint16_t)(first + i), BOTH); /* exactly what open_one wrote */

        all &= fw->vt->close_port(fw, &e) == PASV_S_OK;
    }
    ok(all, "close them all");
    pasv_fw_list_cleanup(&list);
}

/* Ours is on 5031 in both profiles; replacing it fails in Standard after Domain was already
 * overwritten: Domain gets the prior entry back, byte for byte. */
static void failed_open_restores_the_prior_entry_in_every_profile(void)
{
    pasv_fw_entry e = port_entry(5031, BOTH), wider;
    pasv_fw_list list;
    const pasv_fw_entry *got;
    WCHAR dom[512], std[512], data[512];
    pasv_hr hr;

    pasv_fw_list_init(&list);
    ok(fw->vt->open_port(fw, &e, NULL) == PASV_S_OK, "ours on 5031");
    ok(reg_get_sz(FW_LIST_DOMAIN, L"5031:TCP", dom, 512) && reg_get_sz(FW_LIST_STANDARD, L"5031:TCP", std, 512),
       "stored in both profiles");
    ok(do_list(&list) == PASV_S_OK && (got = find_entry(&list, 5031, NULL)) != NULL, "listed");
    got = find_entry(&list, 5031, NULL);
    wider = e;
    wider.scope = PASV_SCOPE_SUBNET;
    knob_set(L"FailAddPort", 5031);
    knob_set(L"FailAddProfile", 1); /* Standard only */
    hr = got ? fw->vt->open_port(fw, &wider, got) : PASV_E_FAIL;
    knob_clear(L"FailAddProfile");
    knob_clear(L"FailAddPort");
    ok(hr == (pasv_hr)E_FAIL, "the Standard Add's failure comes back (0x%08lx)", (unsigned long)hr);
    ok(reg_get_sz(FW_LIST_DOMAIN, L"5031:TCP", data, 512) && wcscmp(data, dom) == 0,
       "Domain holds the prior entry again: %ls", data);
    ok(reg_get_sz(FW_LIST_STANDARD, L"5031:TCP", data, 512) && wcscmp(data, std) == 0,
       "Standard untouched: %ls", data);

    /* Nothing was there before: a half-open port is closed again. */
    e = port_entry(5032, BOTH);
    knob_set(L"FailAddPort", 5032);
    knob_set(L"FailAddProfile", 1);
    hr = fw->vt->open_port(fw, &e, NULL);
    knob_clear(L"FailAddProfile");
    knob_clear(L"FailAddPort");
    ok(hr == (pasv_hr)E_FAIL && !reg_get_sz(FW_LIST_DOMAIN, L"5032:TCP", data, 512) &&
           !reg_get_sz(FW_LIST_STANDARD, L"5032:TCP", data, 512),
       "failed open of a free port leaves it free in both (0x%08lx)", (unsigned long)hr);
    ok(close_listed(fw, 5031, BOTH) == PASV_S_OK, "clean up 5031");
    pasv_fw_list_cleanup(&list);
}

/* With Add answering E_UNEXPECTED ("already in the collection") for an occupied port, a foreign
 * exception is never removed to make room, and ours is still replaced (re-read, Remove, Add). The
 * race itself (an exception appearing between the re-read and Add) cannot be staged from one
 * thread; add_one re-reads and refuses (PASV_E_CHANGED) unless the port holds the proven prior. */
static void add_already_in_collection_never_removes_what_appeared(void)
{
    const WCHAR *foreign = L"5033:TCP:*:Enabled:Someone else";
    pasv_fw_entry e = port_entry(5033, PASV_PROFILE_DOMAIN), mine;
    pasv_fw_list list;
    const pasv_fw_entry *got;
    WCHAR data[512];
    pasv_hr hr;

    pasv_fw_list_init(&list);
    knob_set(L"AddExistsUnexpected", 1);
    reg_set_sz(FW_LIST_DOMAIN, L"5033:TCP", foreign);
    hr = fw->vt->open_port(fw, &e, NULL);
    ok(hr == PASV_E_CHANGED && reg_get_sz(FW_LIST_DOMAIN, L"5033:TCP", data, 512) && wcscmp(data, foreign) == 0,
       "foreign exception byte-identical (0x%08lx): %ls", (unsigned long)hr, data);
    reg_delete(FW_LIST_DOMAIN, L"5033:TCP");

    /* Replacing ours under AddExistsUnexpected: Remove + Add, still one entry, the new one. */
    ok(fw->vt->open_port(fw, &e, NULL) == PASV_S_OK, "ours on a free port");
    ok(do_list(&list) == PASV_S_OK && (got = find_entry(&list, 5033, NULL)) != NULL, "listed");
    got = find_entry(&list, 5033, NULL);
    mine = e;
    mine.scope = PASV_SCOPE_SUBNET;
    hr = got ? fw->vt->open_port(fw, &mine, got) : PASV_E_FAIL;
    ok(hr == PASV_S_OK && reg_get_sz(FW_LIST_DOMAIN, L"5033:TCP", data, 512) && wcsstr(data, L"LocalSubnet"),
       "ours replaced through Remove + Add (0x%08lx): %ls", (unsigned long)hr, data);
    knob_clear(L"AddExistsUnexpected");
    reg_delete(FW_LIST_DOMAIN, L"5033:TCP");
    pasv_fw_list_cleanup(&list);
}

int wmain(void)
{
    HRESULT hr = CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);

    ok(SUCCEEDED(hr), "CoInitializeEx: 0x%08lx", (unsigned long)hr);
    if (!lab_present()) {
        skip("no lab firewall in this prefix");
        return test_summary("winfw.legacy");
    }
    hr = pasv_fw_legacy_create(&fw);
    ok(hr == S_OK && fw, "pasv_fw_legacy_create: 0x%08lx", (unsigned long)hr);
    if (fw) {
        test_initial_state();
        test_open_close();
        test_foreign_exception_added_mid_run_is_never_overwritten();
        test_scopes();
        test_names();
        test_group_policy();
        test_profile_state();
        test_knobs();
        test_many_ports();
        failed_open_restores_the_prior_entry_in_every_profile();
        add_already_in_collection_never_removes_what_appeared();
        ok(fw->vt->put_rule(fw, NULL, NULL) == PASV_E_NOTIMPL && remove_listed_rule(fw, "x") == PASV_E_NOTIMPL,
           "no rules on the legacy API");
        pasv_fw_legacy_free(fw);
    }
    CoUninitialize();
    return test_summary("winfw.legacy");
}
