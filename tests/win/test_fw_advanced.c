/* pasvports tests: the Vista+ firewall backend (src/win/fw_advanced.c) against the lab firewall,
 * asserting the rule strings the lab persisted under FirewallPolicy\FirewallRules.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "test_fw_util.h"

#include "../testlib.h"

#define ALL3 (PASV_PROFILE2_DOMAIN | PASV_PROFILE2_PRIVATE | PASV_PROFILE2_PUBLIC)
#define E_SERVICE_STOPPED ((pasv_hr)0x800706D9u) /* EPT_S_NOT_REGISTERED: MpsSvc stopped */

static pasv_firewall *fw;

static pasv_hr do_list(pasv_fw_list *list)
{
    pasv_fw_list_cleanup(list);
    pasv_fw_list_init(list);
    return fw->vt->list(fw, list);
}

static pasv_fw_entry rule_entry(const char *name, uint16_t low, uint16_t high, uint32_t profiles)
{
    pasv_fw_entry e;

    memset(&e, 0, sizeof(e));
    e.ports.low = low;
    e.ports.high = high;
    e.profiles = profiles;
    e.protocol = PASV_PROTO_TCP;
    e.kind = PASV_FW_RULE;
    e.scope = PASV_SCOPE_ANY;
    e.flags = PASV_FW_ENABLED;
    e.name = name;
    return e;
}

/* put_rule over our rule of that name as the firewall lists it now (prior), as the engine does. */
static pasv_hr put_over(const pasv_fw_entry *e)
{
    pasv_fw_list list;
    const pasv_fw_entry *prior = NULL;
    pasv_hr hr;
    size_t i;

    pasv_fw_list_init(&list);
    if (PASV_SUCCEEDED(fw->vt->list(fw, &list)))
        for (i = 0; i < list.count && !prior; i++)
            if (list.items[i].kind == PASV_FW_RULE && (list.items[i].flags & PASV_FW_TAGGED) &&
                strcmp(list.items[i].name, e->name) == 0)
                prior = &list.items[i];
    hr = fw->vt->put_rule(fw, e, prior);
    pasv_fw_list_cleanup(&list);
    return hr;
}

/* How many stored rules have "|Name=<name>|", and the data of the last one. */
static size_t stored_rules(const WCHAR *name, WCHAR *data, size_t cap)
{
    reg_snapshot s;
    WCHAR needle[160];
    size_t i, n = 0;

    swprintf(needle, 160, L"|Name=%ls|", name);
    if (data)
        data[0] = 0;
    snapshot_take(FW_RULES, &s);
    for (i = 0; i < s.count; i++) {
        if (wcsstr(s.items[i], needle)) {
            n++;
            if (data)
                swprintf(data, cap, L"%ls", wcschr(s.items[i], L'=') + 1);
        }
    }
    snapshot_free(&s);
    return n;
}

static bool has(const WCHAR *data, const WCHAR *field)
{
    return wcsstr(data, field) != NULL;
}

static void test_state(void)
{
    pasv_fw_state st;
    pasv_hr hr = fw->vt->get_state(fw, &st);

    ok(hr == PASV_S_OK, "get_state: 0x%08lx", (unsigned long)hr);
    ok(st.rules_api && st.profiles_by_type && st.profiles_all == ALL3, "rules API, 3 profiles");
    ok(st.profiles_enabled == ALL3, "firewall on in all profiles: 0x%x", (unsigned)st.profiles_enabled);
    ok(st.profiles_current != 0 && (st.profiles_current & ~ALL3) == 0, "current profiles 0x%x",
       (unsigned)st.profiles_current);
    ok(!st.gp_override, "no GP override");

    knob_set(L"GpOverride", 1);
    ok(fw->vt->get_state(fw, &st) == PASV_S_OK && st.gp_override, "GpOverride knob -> gp_override");
    knob_clear(L"GpOverride");

    ok(fw->vt->set_enabled(fw, PASV_PROFILE2_PUBLIC, false) == PASV_S_OK, "turn Public off");
    ok(reg_get_dword(FW_POLICY L"\\PublicProfile", L"EnableFirewall", 9) == 0 &&
           reg_get_dword(FW_POLICY L"\\StandardProfile", L"EnableFirewall", 9) == 1,
       "EnableFirewall: Public 0, Private (StandardProfile) 1");
    ok(fw->vt->get_state(fw, &st) == PASV_S_OK &&
           st.profiles_enabled == (PASV_PROFILE2_DOMAIN | PASV_PROFILE2_PRIVATE),
       "get_state: Public off");
    ok(fw->vt->set_enabled(fw, 0, true) == PASV_S_OK &&
           reg_get_dword(FW_POLICY L"\\PublicProfile", L"EnableFirewall", 9) == 1,
       "set_enabled(0 = all) turns Public on again");
}

static void test_put_rule(void)
{
    pasv_fw_entry e = rule_entry("Passive FTP", 5001, 5201, 0);
    reg_snapshot before, after;
    pasv_fw_list list;
    const pasv_fw_entry *got;
    WCHAR data[2048];
    pasv_hr hr;

    pasv_fw_list_init(&list);
    snapshot_take(FW_RULES, &before);
    hr = fw->vt->put_rule(fw, &e, NULL);
    ok(hr == PASV_S_OK, "put_rule 5001-5201: 0x%08lx", (unsigned long)hr);
    ok(stored_rules(L"Passive FTP", data, 2048) == 1, "one rule stored");
    ok(has(data, L"|Action=Allow|") && has(data, L"|Active=TRUE|") && has(data, L"|Dir=In|") &&
           has(data, L"|Protocol=6|") && has(data, L"|LPort=5001-5201|") &&
           has(data, L"|Profile=Domain|Profile=Private|Profile=Public|") &&
           has(data, L"|EmbedCtxt=" L"" PASV_RULE_GROUPING L"|") && !has(data, L"RA4="),
       "stored as %ls", data);

    ok(do_list(&list) == PASV_S_OK, "list");
    got = find_entry(&list, 5100, "Passive FTP");
    ok(got && got->ports.low == 5001 && got->ports.high == 5201 && got->kind == PASV_FW_RULE &&
           (got->flags & PASV_FW_TAGGED) && (got->flags & PASV_FW_ENABLED) && got->profiles == ALL3 &&
           got->scope == PASV_SCOPE_ANY,
       "listed as one tagged, enabled rule 5001-5201 in all profiles");

    e.ports.high = 5300;
    e.profiles = PASV_PROFILE2_PRIVATE;
    ok(put_over(&e) == PASV_S_OK, "put_rule again (5001-5300, Private)");
    ok(stored_rules(L"Passive FTP", data, 2048) == 1, "re-put replaced: still one rule");
    ok(has(data, L"|LPort=5001-5300|") && has(data, L"|Profile=Private|") && !has(data, L"Profile=Public"),
       "replacement stored as %ls", data);

    e.scope = PASV_SCOPE_SUBNET;
    ok(put_over(&e) == PASV_S_OK && stored_rules(L"Passive FTP", data, 2048) == 1 &&
           has(data, L"LocalSubnet"),
       "scope LocalSubnet persisted: %ls", data);
    ok(do_list(&list) == PASV_S_OK, "list");
    got = find_entry(&list, 5001, "Passive FTP");
    ok(got && got->scope == PASV_SCOPE_SUBNET, "listed with scope LocalSubnet");
    e.scope = PASV_SCOPE_CUSTOM;
    e.remote = "10.1.2.0/255.255.255.0";
    ok(put_over(&e) == PASV_S_OK && stored_rules(L"Passive FTP", data, 2048) == 1 &&
           has(data, L"10.1.2.0"),
       "custom scope persisted: %ls", data);
    ok(do_list(&list) == PASV_S_OK, "list");
    got = find_entry(&list, 5001, "Passive FTP");
    ok(got && got->scope == PASV_SCOPE_CUSTOM && strstr(got->remote, "10.1.2.0") != NULL,
       "listed with custom remote \"%s\"", got ? got->remote : "");

    e.scope = PASV_SCOPE_ANY;
    ok(put_over(&e) == PASV_S_OK && stored_rules(L"Passive FTP", NULL, 0) == 1, "back to scope any");
    ok(fw->vt->put_rule(fw, &e, NULL) == PASV_E_CHANGED && stored_rules(L"Passive FTP", NULL, 0) == 1,
       "put_rule with no prior over a rule of ours: changed by someone, no duplicate added");

    ok(remove_listed_rule(fw, "Passive FTP") == PASV_S_OK, "remove_rule");
    ok(stored_rules(L"Passive FTP", NULL, 0) == 0, "rule gone from the store");
    ok(remove_listed_rule(fw, "Passive FTP") == PASV_S_OK, "removing an absent rule succeeds");
    ok(do_list(&list) == PASV_S_OK && count_entries(&list, 5001, "Passive FTP") == 0, "not listed");

    e = rule_entry("bad|name", 5001, 5002, 0);
    ok(fw->vt->put_rule(fw, &e, NULL) == PASV_E_INVALIDARG, "a name with '|' is refused up front");

    snapshot_take(FW_RULES, &after);
    ok(after.count == before.count && snapshot_kept(&before, &after), "foreign rules untouched byte for byte");
    snapshot_free(&after);
    snapshot_free(&before);
    pasv_fw_list_cleanup(&list);
}

static void test_parse(void)
{
    pasv_fw_list list;
    const pasv_fw_entry *got;
    size_t n21, k;

    pasv_fw_list_init(&list);
    reg_set_sz(FW_RULES, L"{0DDBA11D-0000-4000-8000-000000000010}",
               L"v2.10|Action=Allow|Active=FALSE|Dir=In|Protocol=6|LPort=21|LPort=5001-5201|LPort=RPC|"
               L"Profile=Private|Name=Multi|");
    reg_set_sz(FW_RULES, L"{0DDBA11D-0000-4000-8000-000000000011}",
               L"v2.10|Action=Block|Active=TRUE|Dir=In|Protocol=6|LPort=6000|Name=Blocker|");
    reg_set_sz(FW_RULES, L"{0DDBA11D-0000-4000-8000-000000000012}",
               L"v2.10|Action=Allow|Active=TRUE|Dir=In|Protocol=17|LPort=6001|Name=UdpRule|");
    reg_set_sz(FW_RULES, L"{0DDBA11D-0000-4000-8000-000000000013}",
               L"v2.10|Action=Allow|Active=TRUE|Dir=Out|Protocol=6|LPort=6002|Name=OutRule|");
    reg_set_sz(FW_RULES, L"{0DDBA11D-0000-4000-8000-000000000014}",
               L"v2.10|Action=Allow|Active=TRUE|Dir=In|Protocol=6|Name=AllPorts|");
    ok(do_list(&list) == PASV_S_OK, "list");
    for (k = 0, n21 = 0; k < list.count; k++)
        if (strcmp(list.items[k].name, "Multi") == 0)
            n21++;
    ok(n21 == 2, "\"21,5001-5201,RPC\" gives two entries (RPC is not a port): %u", (unsigned)n21);
    got = find_entry(&list, 21, "Multi");
    ok(got && got->ports.low == 21 && got->ports.high == 21 && got->profiles == PASV_PROFILE2_PRIVATE &&
           !(got->flags & PASV_FW_ENABLED) && !(got->flags & PASV_FW_TAGGED),
       "21: single port, Private, disabled, not ours");
    got = find_entry(&list, 5001, "Multi");
    ok(got && got->ports.low == 5001 && got->ports.high == 5201, "5001-5201 range element");
    ok(!find_entry(&list, 6000, "Blocker"), "block rule skipped");
    ok(!find_entry(&list, 6001, "UdpRule"), "UDP rule skipped");
    ok(!find_entry(&list, 6002, "OutRule"), "outbound rule skipped");
    for (k = 0, n21 = 0; k < list.count; k++)
        if (strcmp(list.items[k].name, "AllPorts") == 0)
            n21++;
    ok(n21 == 0, "a rule without LocalPorts is not a port rule");
    ok(find_entry(&list, 3389, NULL) != NULL, "foreign seeded rule 3389 listed");
    for (k = 0x10; k <= 0x14; k++) {
        WCHAR id[64];

        swprintf(id, 64, L"{0DDBA11D-0000-4000-8000-0000000000%02X}", (unsigned)k);
        reg_delete(FW_RULES, id);
    }
    pasv_fw_list_cleanup(&list);
}

static void test_per_port(void)
{
    pasv_fw_entry e;
    pasv_fw_list list;
    const pasv_fw_entry *got;
    WCHAR data[2048];
    uint16_t port;
    bool all = true;

    pasv_fw_list_init(&list);
    for (port = 5001; port <= 5003; port++) {
        e = port_entry(port, 0);
        all &= fw->vt->open_port(fw, &e, NULL) == PASV_S_OK;
    }
    e = port_entry(5010, ALL3);
    all &= fw->vt->open_port(fw, &e, NULL) == PASV_S_OK;
    ok(all, "open_port 5001-5003, 5010");
    ok(stored_rules(L"Passive FTP5002", data, 2048) == 1 && has(data, L"|LPort=5002|") &&
           has(data, L"|EmbedCtxt=" L"" PASV_RULE_GROUPING L"|"),
       "single-port rule stored: %ls", data);
    e = port_entry(5002, 0);
    ok(fw->vt->open_port(fw, &e, NULL) == PASV_S_OK && stored_rules(L"Passive FTP5002", NULL, 0) == 1,
       "re-open: still one rule");

    ok(close_listed(fw, 5002, 0) == PASV_S_OK, "close_port 5002");
    ok(stored_rules(L"Passive FTP5002", NULL, 0) == 0 && stored_rules(L"Passive FTP5001", NULL, 0) == 1,
       "5002 removed, 5001 kept");
    ok(close_listed(fw, 5002, 0) == PASV_S_OK, "closing again succeeds");
    ok(close_listed(fw, 3389, 0) == PASV_S_OK && stored_rules(L"Remote Desktop", NULL, 0) == 1,
       "close_port never touches a foreign rule on that port");

    ok(close_listed(fw, 5010, PASV_PROFILE2_PUBLIC) == PASV_S_OK, "close 5010 in Public only");
    ok(stored_rules(L"Passive FTP5010", data, 2048) == 1 && has(data, L"Profile=Domain") &&
           has(data, L"Profile=Private") && !has(data, L"Profile=Public"),
       "5010 keeps Domain+Private: %ls", data);
    ok(do_list(&list) == PASV_S_OK, "list");
    got = find_entry(&list, 5010, NULL);
    ok(got && got->profiles == (PASV_PROFILE2_DOMAIN | PASV_PROFILE2_PRIVATE),
       "listed with the remaining profiles");

    /* open after the close index exists, then close through it */
    e = port_entry(5004, 0);
    ok(fw->vt->open_port(fw, &e, NULL) == PASV_S_OK, "open 5004 after the index was built");
    for (port = 5001, all = true; port <= 5010; port++)
        all &= close_listed(fw, port, 0) == PASV_S_OK;
    ok(all, "close 5001-5010");
    ok(stored_rules(L"Passive FTP5001", NULL, 0) + stored_rules(L"Passive FTP5004", NULL, 0) +
               stored_rules(L"Passive FTP5010", NULL, 0) == 0,
       "all single-port rules gone");
    pasv_fw_list_cleanup(&list);
}

static void test_knobs(void)
{
    pasv_fw_entry e = rule_entry("Passive FTP", 5001, 5201, 0);
    reg_snapshot before, after;
    pasv_fw_list list;
    pasv_fw_state st;
    WCHAR data[2048];
    pasv_hr hr;

    pasv_fw_list_init(&list);
    ok(fw->vt->put_rule(fw, &e, NULL) == PASV_S_OK, "put_rule");
    snapshot_take(FW_RULES, &before);

    knob_set(L"ServiceStopped", 1);
    hr = fw->vt->list(fw, &list);
    ok(hr == E_SERVICE_STOPPED && list.count == 0, "ServiceStopped: list 0x%08lx, output untouched",
       (unsigned long)hr);
    e.ports.high = 5300;
    hr = put_over(&e);
    ok(hr == E_SERVICE_STOPPED, "ServiceStopped: put_rule 0x%08lx", (unsigned long)hr);
    hr = remove_listed_rule(fw, "Passive FTP");
    ok(hr == E_SERVICE_STOPPED, "ServiceStopped: remove_rule 0x%08lx", (unsigned long)hr);
    hr = fw->vt->get_state(fw, &st);
    ok(hr == E_SERVICE_STOPPED, "ServiceStopped: get_state 0x%08lx", (unsigned long)hr);
    knob_clear(L"ServiceStopped");

    knob_set(L"NotElevated", 1);
    hr = put_over(&e);
    ok(hr == PASV_E_ACCESSDENIED, "NotElevated: put_rule 0x%08lx", (unsigned long)hr);
    hr = remove_listed_rule(fw, "Passive FTP");
    ok(hr == PASV_E_ACCESSDENIED, "NotElevated: remove_rule 0x%08lx", (unsigned long)hr);
    hr = fw->vt->set_enabled(fw, 0, false);
    ok(hr == PASV_E_ACCESSDENIED, "NotElevated: set_enabled 0x%08lx", (unsigned long)hr);
    knob_clear(L"NotElevated");

    /* Add fails after the old rule was removed (call 1 renames it to a unique name, call 2
     * removes that, call 3 is the Add): the old one is put back by the calls after. */
    knob_set(L"CallCount", 0);
    knob_set(L"FailAfterCalls", 2);
    knob_set(L"FailCalls", 1);
    knob_set(L"FailAfterHr", 0x80070070u);
    hr = put_over(&e);
    ok(hr == (pasv_hr)0x80070070u, "FailAfterCalls: Add's HRESULT propagates (0x%08lx)", (unsigned long)hr);
    knob_clear(L"FailAfterCalls");
    knob_clear(L"FailCalls");
    knob_clear(L"FailAfterHr");
    knob_clear(L"CallCount");
    ok(stored_rules(L"Passive FTP", data, 2048) <= 1, "never a duplicate after a failed re-put");
    ok(stored_rules(L"Passive FTP", data, 2048) == 1 && has(data, L"LPort=5001-5201|"),
       "old rule restored after a failed re-put");

    ok(put_over(&e) == PASV_S_OK, "put_rule works again");
    e.ports.high = 5201;
    ok(put_over(&e) == PASV_S_OK, "restore 5001-5201");
    snapshot_take(FW_RULES, &after);
    ok(after.count == before.count, "no rule added or lost by the failing calls (%u vs %u)",
       (unsigned)after.count, (unsigned)before.count);
    snapshot_free(&after);
    snapshot_free(&before);
    ok(reg_get_dword(FW_POLICY L"\\DomainProfile", L"EnableFirewall", 9) == 1, "firewall still on");
    ok(remove_listed_rule(fw, "Passive FTP") == PASV_S_OK, "clean up");
    pasv_fw_list_cleanup(&list);
}

/* ---- ownership (issue 11, B1): rules are ours by Grouping + description tag, never by name ---- */

#define FOREIGN_ID  L"{0DDBA11D-0000-4000-8000-0000000000F1}"
#define FOREIGN_SZ  L"v2.10|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=40000-40100|Name=Passive FTP|"
#define OLD_DESC    L"Passive FTP data connections (opened by pasvports)"

/* The listed rule called name that is ours (PASV_FW_TAGGED), copied into *out with its strings
 * in list. */
static bool listed_ours(pasv_fw_list *list, const char *name, pasv_fw_entry *out)
{
    size_t i;

    if (PASV_FAILED(do_list(list)))
        return false;
    for (i = 0; i < list->count; i++) {
        if (list->items[i].kind == PASV_FW_RULE && (list->items[i].flags & PASV_FW_TAGGED) &&
            strcmp(list->items[i].name, name) == 0) {
            *out = list->items[i];
            return true;
        }
    }
    return false;
}

static bool stored_is(const WCHAR *id, const WCHAR *want)
{
    WCHAR data[2048];

    return reg_get_sz(FW_RULES, id, data, 2048) && wcscmp(data, want) == 0;
}

static void foreign_rule_sharing_our_name_survives_range_rule_apply(void)
{
    pasv_fw_entry e = rule_entry("Passive FTP", 5001, 5010, ALL3), ours;
    pasv_fw_list list;
    WCHAR data[2048];
    pasv_hr hr;

    pasv_fw_list_init(&list);
    /* A person's own rule, stored as Windows stores one made in the control panel. */
    reg_set_sz(FW_RULES, FOREIGN_ID, FOREIGN_SZ);
    ok(do_list(&list) == PASV_S_OK && find_entry(&list, 40050, "Passive FTP") &&
           !(find_entry(&list, 40050, "Passive FTP")->flags & PASV_FW_TAGGED),
       "the hand-made \"Passive FTP\" is listed as not ours");
    hr = fw->vt->put_rule(fw, &e, NULL);
    ok(hr == PASV_E_CHANGED, "put_rule next to a foreign rule of that name: 0x%08lx", (unsigned long)hr);
    ok(stored_is(FOREIGN_ID, FOREIGN_SZ), "the foreign rule is byte-identical");
    ok(stored_rules(L"Passive FTP", data, 2048) == 1, "no rule of ours added beside it");

    /* Ours existed first, the person's rule came later: replacing ours is refused too, since
     * Remove(name) could take either. */
    reg_delete(FW_RULES, FOREIGN_ID);
    ok(fw->vt->put_rule(fw, &e, NULL) == PASV_S_OK, "our rule alone");
    ok(listed_ours(&list, "Passive FTP", &ours), "ours listed as tagged");
    reg_set_sz(FW_RULES, FOREIGN_ID, FOREIGN_SZ);
    e.ports.high = 5020;
    hr = fw->vt->put_rule(fw, &e, &ours);
    ok(hr == PASV_E_CHANGED, "re-put over ours with a foreign twin: 0x%08lx", (unsigned long)hr);
    ok(stored_is(FOREIGN_ID, FOREIGN_SZ) && stored_rules(L"Passive FTP", NULL, 0) == 2,
       "foreign byte-identical, ours still there");
    ok(stored_rules(L"Passive FTP", NULL, 0) == 2 && wcsstr(FOREIGN_SZ, L"40000") &&
           do_list(&list) == PASV_S_OK && find_entry(&list, 5005, "Passive FTP") &&
           find_entry(&list, 5005, "Passive FTP")->ports.high == 5010,
       "ours unchanged (5001-5010)");
    pasv_fw_list_cleanup(&list);
}

static void foreign_rule_sharing_our_name_survives_remove(void)
{
    pasv_fw_entry ours;
    pasv_fw_list list;
    pasv_hr hr;

    pasv_fw_list_init(&list);
    /* Left by the previous test: ours (5001-5010) and the foreign twin. */
    ok(listed_ours(&list, "Passive FTP", &ours), "ours listed");
    hr = fw->vt->remove_rule(fw, &ours);
    ok(hr == PASV_E_CHANGED, "remove_rule with a foreign twin: 0x%08lx", (unsigned long)hr);
    ok(stored_is(FOREIGN_ID, FOREIGN_SZ) && stored_rules(L"Passive FTP", NULL, 0) == 2,
       "nothing removed: the foreign rule is byte-identical");

    reg_delete(FW_RULES, FOREIGN_ID);
    ok(listed_ours(&list, "Passive FTP", &ours) && fw->vt->remove_rule(fw, &ours) == PASV_S_OK,
       "alone, ours is removed");
    ok(stored_rules(L"Passive FTP", NULL, 0) == 0, "and gone from the store");

    /* Per-port mode: a person's single-port rule with our per-port name is never taken. */
    reg_set_sz(FW_RULES, FOREIGN_ID,
               L"v2.10|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=5005|Name=Passive FTP5005|");
    ours = port_entry(5005, ALL3);
    ok(fw->vt->open_port(fw, &ours, NULL) == PASV_E_CHANGED, "open_port over a foreign same-named rule");
    ok(close_listed(fw, 5005, 0) == PASV_E_CHANGED, "close_port of a foreign same-named rule");
    ok(stored_is(FOREIGN_ID,
                 L"v2.10|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=5005|Name=Passive FTP5005|"),
       "the foreign single-port rule is byte-identical");
    reg_delete(FW_RULES, FOREIGN_ID);
    pasv_fw_list_cleanup(&list);
}

static void rule_of_ours_changed_by_someone_is_left_alone(void)
{
    pasv_fw_entry e = rule_entry("Passive FTP", 5001, 5010, ALL3), ours;
    pasv_fw_list list;
    WCHAR data[2048], edited[2048], *at;
    pasv_hr hr;

    pasv_fw_list_init(&list);
    ok(fw->vt->put_rule(fw, &e, NULL) == PASV_S_OK && listed_ours(&list, "Passive FTP", &ours),
       "our rule, as listed");
    /* Someone widens it by hand (LocalPorts 5001-5010 -> 5001-6000) after it was listed. */
    stored_rules(L"Passive FTP", data, 2048);
    at = wcsstr(data, L"LPort=5001-5010");
    ok(at != NULL, "stored LPort found");
    if (at) {
        size_t head = (size_t)(at - data);
        swprintf(edited, 2048, L"%.*lsLPort=5001-6000%ls", (int)head, data, at + wcslen(L"LPort=5001-5010"));
        {
            reg_snapshot s;
            size_t i;

            snapshot_take(FW_RULES, &s);
            for (i = 0; i < s.count; i++) {
                WCHAR *eq = wcschr(s.items[i], L'=');
                if (eq && wcscmp(eq + 1, data) == 0) {
                    *eq = 0;
                    reg_set_sz(FW_RULES, s.items[i], edited);
                    *eq = L'=';
                }
            }
            snapshot_free(&s);
        }
        hr = fw->vt->remove_rule(fw, &ours);
        ok(hr == PASV_E_CHANGED, "remove_rule of our rule changed by hand: 0x%08lx", (unsigned long)hr);
        e.ports.high = 5020;
        hr = fw->vt->put_rule(fw, &e, &ours);
        ok(hr == PASV_E_CHANGED, "put_rule over it: 0x%08lx", (unsigned long)hr);
        ok(stored_rules(L"Passive FTP", data, 2048) == 1 && wcscmp(data, edited) == 0,
           "the edited rule is byte-identical: %ls", data);
    }
    /* Clean up as listed now. */
    ok(listed_ours(&list, "Passive FTP", &ours) && fw->vt->remove_rule(fw, &ours) == PASV_S_OK &&
           stored_rules(L"Passive FTP", NULL, 0) == 0,
       "as listed now, it can be removed");
    pasv_fw_list_cleanup(&list);
}

static void older_untagged_rule_of_ours_is_still_cleaned(void)
{
    pasv_fw_entry ours;
    pasv_fw_list list;
    const pasv_fw_entry *got;

    pasv_fw_list_init(&list);
    /* What every version before the description tag wrote. */
    reg_set_sz(FW_RULES, L"{0DDBA11D-0000-4000-8000-0000000000F2}",
               L"v2.10|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=5001-5201|Profile=Domain|"
               L"Profile=Private|Profile=Public|Name=Passive FTP|Desc=" OLD_DESC
               L"|EmbedCtxt=" L"" PASV_RULE_GROUPING L"|");
    /* A person's rule filed in our group, with their own description: not ours. */
    reg_set_sz(FW_RULES, L"{0DDBA11D-0000-4000-8000-0000000000F3}",
               L"v2.10|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=6001|Name=Backup FTP|"
               L"Desc=mine|EmbedCtxt=" L"" PASV_RULE_GROUPING L"|");
    ok(do_list(&list) == PASV_S_OK, "list");
    got = find_entry(&list, 6001, "Backup FTP");
    ok(got && !(got->flags & PASV_FW_TAGGED), "Grouping alone does not make a rule ours");
    ok(listed_ours(&list, "Passive FTP", &ours), "the older rule is listed as ours");
    ok(fw->vt->remove_rule(fw, &ours) == PASV_S_OK && stored_rules(L"Passive FTP", NULL, 0) == 0,
       "and removed");
    ok(stored_rules(L"Backup FTP", NULL, 0) == 1, "the person's rule in our group stays");
    reg_delete(FW_RULES, L"{0DDBA11D-0000-4000-8000-0000000000F3}");
    pasv_fw_list_cleanup(&list);
}

/* Per-port mode: Remove(name) may take any rule of that name (the lab's RemoveTakesLast knob
 * makes it take the other one than Item returned). Closing ours removes exactly ours. */
#define FOREIGN5005_ID L"{FFFFFFFF-0000-4000-8000-0000000000F5}"
#define FOREIGN5005_SZ L"v2.10|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=5005|Name=Passive FTP5005|"

static void foreign_single_port_rule_sharing_our_name_survives_close(void)
{
    pasv_fw_entry e = port_entry(5005, ALL3);
    WCHAR data[2048];
    pasv_hr hr;

    ok(fw->vt->open_port(fw, &e, NULL) == PASV_S_OK, "ours on 5005");
    reg_set_sz(FW_RULES, FOREIGN5005_ID, FOREIGN5005_SZ); /* stored after ours */
    knob_set(L"RemoveTakesLast", 1);
    hr = close_listed(fw, 5005, 0);
    knob_clear(L"RemoveTakesLast");
    ok(hr == PASV_S_OK, "close ours beside a foreign rule of that name: 0x%08lx", (unsigned long)hr);
    ok(stored_is(FOREIGN5005_ID, FOREIGN5005_SZ), "the foreign rule is byte-identical");
    ok(stored_rules(L"Passive FTP5005", data, 2048) == 1 && wcscmp(data, FOREIGN5005_SZ) == 0,
       "ours is gone, theirs is the only one left: %ls", data);
    reg_delete(FW_RULES, FOREIGN5005_ID);
}

/* Whether some stored rule of s has exactly the data ("<id>=<data>") item has, whatever its id. */
static bool stored_data_present(const reg_snapshot *s, const WCHAR *item)
{
    const WCHAR *data = wcschr(item, L'='), *other;
    size_t i;

    for (i = 0; data && i < s->count; i++)
        if ((other = wcschr(s->items[i], L'=')) != NULL && wcscmp(other, data) == 0)
            return true;
    return false;
}

/* Replacing our rule fails at the Add, after the old rule was removed: the old rule is back,
 * byte for byte, under its own name (same-name and renamed replacement alike). */
static void failed_rule_replace_restores_the_old_rule(void)
{
    pasv_fw_entry e = rule_entry("Passive FTP 5001-5010", 5001, 5010, ALL3), ours;
    pasv_fw_list list;
    reg_snapshot before, after;
    pasv_hr hr;
    int round;

    pasv_fw_list_init(&list);
    ok(fw->vt->put_rule(fw, &e, NULL) == PASV_S_OK && listed_ours(&list, "Passive FTP 5001-5010", &ours),
       "our rule, as listed");
    snapshot_take(FW_RULES, &before);
    for (round = 0; round < 2; round++) {
        pasv_fw_entry next = rule_entry(round ? "Passive FTP 5001-5020" : "Passive FTP 5001-5010", 5001, 5020, ALL3);

        knob_set(L"CallCount", 0);
        knob_set(L"FailAfterCalls", 2); /* 1: rename to a unique name, 2: Remove, 3: Add fails */
        knob_set(L"FailCalls", 1);
        hr = fw->vt->put_rule(fw, &next, &ours);
        knob_clear(L"FailAfterCalls");
        knob_clear(L"FailCalls");
        knob_clear(L"CallCount");
        ok(hr == PASV_E_FAIL, "%s: the Add's failure comes back (0x%08lx)", round ? "renamed" : "same name",
           (unsigned long)hr);
        snapshot_take(FW_RULES, &after);
        {
            size_t i;
            const WCHAR *lost = L"";

            /* The data, not the rule id: a rule put back is a new Add (the lab gives it a new id,
             * as Windows may); every property a person or the engine sees must be as before. */
            for (i = 0; i < before.count; i++)
                if (!stored_data_present(&after, before.items[i]))
                    lost = before.items[i];
            ok(after.count == before.count && !*lost,
               "%s: the old rule is stored again exactly as it was (%u vs %u rules) %ls",
               round ? "renamed" : "same name", (unsigned)after.count, (unsigned)before.count, lost);
        }
        snapshot_free(&after);
    }
    snapshot_free(&before);
    ok(listed_ours(&list, "Passive FTP 5001-5010", &ours) && fw->vt->remove_rule(fw, &ours) == PASV_S_OK,
       "clean up");
    pasv_fw_list_cleanup(&list);
}

int wmain(void)
{
    HRESULT hr = CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);

    ok(SUCCEEDED(hr), "CoInitializeEx: 0x%08lx", (unsigned long)hr);
    if (!lab_present()) {
        skip("no lab firewall in this prefix");
        return test_summary("winfw.advanced");
    }
    hr = pasv_fw_advanced_create(&fw);
    ok(hr == S_OK && fw, "pasv_fw_advanced_create: 0x%08lx", (unsigned long)hr);
    if (fw) {
        test_state();
        test_put_rule();
        test_parse();
        test_per_port();
        test_knobs();
        foreign_rule_sharing_our_name_survives_range_rule_apply();
        foreign_rule_sharing_our_name_survives_remove();
        rule_of_ours_changed_by_someone_is_left_alone();
        older_untagged_rule_of_ours_is_still_cleaned();
        foreign_single_port_rule_sharing_our_name_survives_close();
        failed_rule_replace_restores_the_old_rule();
        pasv_fw_advanced_free(fw);
    }
    CoUninitialize();
    return test_summary("winfw.advanced");
}
