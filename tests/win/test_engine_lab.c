/* pasvports tests: the engine driven through the real Windows backends in an IIS 6 lab:
 * apply, re-apply, shrink, fault knobs with rollback and resume. Every assertion reads the
 * state the lab recorded (registry lists, metabase through a fresh session), not return codes.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "win.h"

#include <stdio.h>

#include "../testlib.h"
#include "lab_util.h"
#include "session.h"
#include "session_util.h"

#define PASV_RULE_GROUPING_W L"FTP Passive Ports" /* PASV_RULE_GROUPING, as stored */

typedef struct count_sink {
    pasv_sink iface;
    unsigned started, finished, notes;
} count_sink;

static void sink_started(pasv_sink *s, const pasv_plan *p, size_t i)
{
    (void)p;
    (void)i;
    PASV_CONTAINER_OF(s, count_sink, iface)->started++;
}
static void sink_finished(pasv_sink *s, const pasv_plan *p, size_t i)
{
    (void)p;
    (void)i;
    PASV_CONTAINER_OF(s, count_sink, iface)->finished++;
}
static bool sink_cancel(pasv_sink *s)
{
    (void)s;
    return false;
}
static void sink_note(pasv_sink *s, size_t i, pasv_note n, uint32_t v)
{
    (void)i;
    (void)n;
    (void)v;
    PASV_CONTAINER_OF(s, count_sink, iface)->notes++;
}
static const pasv_sink_vtable count_sink_vt = {sink_started, sink_finished, sink_cancel, sink_note};

/* Opens a session, refreshes it, builds the plan for range under policy and mode. */
static pasv_plan *plan_mode(pasv_session **session, uint16_t low, uint16_t high, pasv_on_error policy,
                            pasv_fw_mode mode)
{
    pasv_options opt;
    pasv_current cur;
    pasv_plan *plan = NULL;
    HRESULT hr;

    hr = pasv_session_open(NULL, session);
    if (!ok(hr == S_OK, "pasv_session_open: 0x%08lx", (unsigned long)hr))
        return NULL;
    hr = pasv_session_refresh(*session);
    ok(SUCCEEDED(hr), "refresh: 0x%08lx (range 0x%08lx, fw 0x%08lx)", (unsigned long)hr,
       (unsigned long)(*session)->range_hr, (unsigned long)(*session)->fw_hr);
    pasv_options_init(&opt, (*session)->server);
    opt.range.low = low;
    opt.range.high = high;
    opt.on_error = policy;
    opt.mode = mode;
    pasv_session_set_mode(*session, mode);
    pasv_session_current(*session, &cur);
    hr = pasv_plan_build(&opt, &cur, &plan);
    ok(hr == PASV_S_OK && plan, "plan %u-%u: 0x%08lx", low, high, (unsigned long)hr);
    return plan;
}

static pasv_plan *plan_for(pasv_session **session, uint16_t low, uint16_t high, pasv_on_error policy)
{
    return plan_mode(session, low, high, policy, PASV_MODE_PER_PORT);
}

static pasv_hr apply(pasv_session *session, pasv_plan *plan, count_sink *sink)
{
    pasv_backends be;

    sink->iface.vt = &count_sink_vt;
    sink->started = sink->finished = sink->notes = 0;
    pasv_session_backends(session, &be);
    return pasv_plan_apply(plan, &be, &sink->iface);
}

static void test_environment(void)
{
    pasv_session *s = NULL;

    if (!ok(pasv_session_open(NULL, &s) == S_OK, "session"))
        return;
    ok(s->env.ftp == PASV_FTP_IIS6, "detected ftp kind %d, expected IIS 6", s->env.ftp);
    ok(s->env.metabase, "metabase reachable: 0x%08lx", (unsigned long)s->env.metabase_hr);
    ok(!s->env.fw_rules_api, "Windows Server 2003 has no INetFwPolicy2 rules");
    ok(s->config && s->firewall && s->service, "all three backends created (%p %p %p)", (void *)s->config,
       (void *)s->firewall, (void *)s->service);
    ok(SUCCEEDED(pasv_session_refresh(s)), "refresh");
    ok(!s->range_set && s->range.low == 1025 && s->range.high == 5000,
       "unset range reads as the default 1025-5000 (set %d, %u-%u)", s->range_set, s->range.low, s->range.high);
    ok(s->fw_state.profiles_all == (PASV_PROFILE_DOMAIN | PASV_PROFILE_STANDARD), "both legacy profiles known: %#x",
       s->fw_state.profiles_all);
    ok(s->fw_state.profiles_enabled == s->fw_state.profiles_all, "lab firewall on in both profiles: %#x",
       s->fw_state.profiles_enabled);
    pasv_session_close(s);
}

static void test_apply_seed_range(void)
{
    pasv_session *s = NULL;
    pasv_plan *plan;
    pasv_plan_counts counts;
    count_sink sink;
    WCHAR *std_snap, *dom_snap;
    DWORD std_n, dom_n;
    char range[PASV_RANGE_TEXT_MAX];
    pasv_hr hr;
    unsigned backups_before = lab_count_backups();

    plan = plan_for(&s, 5001, 5201, PASV_ON_ERROR_ROLLBACK);
    if (!plan)
        goto done;
    pasv_plan_count(plan, &counts);
    ok(counts.open == 200 && counts.foreign == 1 && counts.keep == 0 && counts.stale == 0,
       "plan: open %u keep %u stale %u foreign %u", counts.open, counts.keep, counts.stale, counts.foreign);
    hr = apply(s, plan, &sink);
    ok(hr == PASV_S_OK, "apply 5001-5201: 0x%08lx", (unsigned long)hr);
    pasv_plan_count(plan, &counts);
    ok(counts.failed == 0 && counts.not_verified == 0, "failed %u, not verified %u", counts.failed, counts.not_verified);
    ok(sink.started == plan->count && sink.finished == plan->count, "sink saw %u/%u of %u items", sink.started,
       sink.finished, (unsigned)plan->count);

    std_snap = lab_snapshot(LAB_LIST_STANDARD, &std_n);
    dom_snap = lab_snapshot(LAB_LIST_DOMAIN, &dom_n);
    ok(std_n == 203 && dom_n == 203, "exactly 200 of ours + 3 foreign per profile: standard %lu, domain %lu",
       (unsigned long)std_n, (unsigned long)dom_n);
    ok(lab_count_ours(std_snap, 5001, 5201) == 200 && lab_count_ours(dom_snap, 5001, 5201) == 200,
       "ours named like the seed's loop: standard %u, domain %u", lab_count_ours(std_snap, 5001, 5201),
       lab_count_ours(dom_snap, 5001, 5201));
    ok(lab_has_foreign(std_snap) && lab_has_foreign(dom_snap), "foreign exceptions untouched byte for byte");
    free(std_snap);
    free(dom_snap);

    test_read_range(range, sizeof(range), "", NULL);
    ok(!strcmp(range, "5001-5201"), "metabase PassivePortRange reads back \"%s\"", range);
    ok(lab_count_backups() > backups_before, "a pasvports metabase backup was made (%u -> %u)", backups_before,
       lab_count_backups());
    {
        pasv_service_state st = PASV_SVC_UNKNOWN;
        s->service->vt->query(s->service, &st);
        ok(st == PASV_SVC_RUNNING, "MSFTPSVC running after the restart (state %d)", st);
    }
done:
    pasv_plan_free(plan);
    pasv_session_close(s);
}

static void test_reapply_is_noop(void)
{
    pasv_session *s = NULL;
    pasv_plan *plan = plan_for(&s, 5001, 5201, PASV_ON_ERROR_ROLLBACK);
    pasv_plan_counts counts;

    if (plan) {
        pasv_plan_count(plan, &counts);
        ok(pasv_plan_is_noop(plan), "re-apply of 5001-5201 changes nothing (open %u keep %u)", counts.open,
           counts.keep);
        ok(counts.keep == 200 && counts.open == 0, "keep %u open %u", counts.keep, counts.open);
    }
    pasv_plan_free(plan);
    pasv_session_close(s);
}

static void test_shrink(void)
{
    pasv_session *s = NULL;
    pasv_plan *plan = plan_for(&s, 5001, 5100, PASV_ON_ERROR_ROLLBACK);
    pasv_plan_counts counts;
    count_sink sink;
    WCHAR *snap;
    DWORD n;
    char range[PASV_RANGE_TEXT_MAX];

    if (!plan)
        goto done;
    pasv_plan_count(plan, &counts);
    ok(counts.stale == 101 && counts.open == 0 && counts.keep == 99 && counts.foreign == 1,
       "shrink plan: stale %u open %u keep %u foreign %u", counts.stale, counts.open, counts.keep, counts.foreign);
    ok(apply(s, plan, &sink) == PASV_S_OK, "apply 5001-5100");
    snap = lab_snapshot(LAB_LIST_STANDARD, &n);
    ok(n == 102 && lab_count_ours(snap, 5001, 5100) == 99 && lab_count_ours(snap, 5101, 5201) == 0 && lab_has_foreign(snap),
       "after shrinking: %lu values, %u ours inside, %u stale left", (unsigned long)n, lab_count_ours(snap, 5001, 5100),
       lab_count_ours(snap, 5101, 5201));
    free(snap);
    test_read_range(range, sizeof(range), "", NULL);
    ok(!strcmp(range, "5001-5100"), "range reads back \"%s\"", range);
done:
    pasv_plan_free(plan);
    pasv_session_close(s);
}

/* A lab fault at one port: ROLLBACK leaves the lab exactly as before; CONTINUE leaves a
 * resumable state that a second run completes. */
static void test_fault_at_port(void)
{
    pasv_session *s = NULL;
    pasv_plan *plan;
    count_sink sink;
    WCHAR *before, *after;
    DWORD n_before, n_after;
    char range_before[PASV_RANGE_TEXT_MAX], range_after[PASV_RANGE_TEXT_MAX];
    pasv_hr hr;
    size_t i;
    bool row_failed = false;

    before = lab_snapshot(LAB_LIST_STANDARD, &n_before);
    test_read_range(range_before, sizeof(range_before), "", NULL);
    lab_knob(L"Firewall", L"FailAddPort", 5150);
    lab_knob(L"Firewall", L"FailAddHr", (DWORD)E_ACCESSDENIED);

    plan = plan_for(&s, 5001, 5200, PASV_ON_ERROR_ROLLBACK);
    if (plan) {
        hr = apply(s, plan, &sink);
        ok(hr == (pasv_hr)E_ACCESSDENIED, "rollback run returns the fault: 0x%08lx", (unsigned long)hr);
        for (i = 0; i < plan->count; i++)
            if (plan->items[i].kind == PASV_ITEM_OPEN_PORT && plan->items[i].port == 5150)
                row_failed = plan->items[i].status == PASV_ST_FAILED && plan->items[i].hr == (pasv_hr)E_ACCESSDENIED;
        ok(row_failed, "the row of port 5150 failed with E_ACCESSDENIED");
    }
    pasv_plan_free(plan);
    pasv_session_close(s);
    s = NULL;
    after = lab_snapshot(LAB_LIST_STANDARD, &n_after);
    test_read_range(range_after, sizeof(range_after), "", NULL);
    ok(n_before == n_after && !wcscmp(before, after), "rolled back: firewall list identical (%lu vs %lu values)",
       (unsigned long)n_before, (unsigned long)n_after);
    ok(!strcmp(range_before, range_after), "rolled back: range \"%s\" unchanged (\"%s\")", range_after, range_before);
    free(after);

    plan = plan_for(&s, 5001, 5200, PASV_ON_ERROR_CONTINUE);
    if (plan) {
        hr = apply(s, plan, &sink);
        ok(hr == PASV_S_FALSE, "continue run reports partial success: 0x%08lx", (unsigned long)hr);
    }
    pasv_plan_free(plan);
    pasv_session_close(s);
    s = NULL;
    after = lab_snapshot(LAB_LIST_STANDARD, &n_after);
    ok(lab_count_ours(after, 5001, 5200) == 198, "continue: every port but 5100 (foreign) and 5150 (failed) open: %u",
       lab_count_ours(after, 5001, 5200));
    free(after);

    lab_knob(L"Firewall", L"FailAddPort", ~0u);
    lab_knob(L"Firewall", L"FailAddHr", ~0u);
    plan = plan_for(&s, 5001, 5200, PASV_ON_ERROR_ROLLBACK);
    if (plan) {
        pasv_plan_counts counts;
        pasv_plan_count(plan, &counts);
        ok(counts.open == 1, "resuming plans just the failed port: open %u", counts.open);
        ok(apply(s, plan, &sink) == PASV_S_OK, "resume run succeeds");
    }
    pasv_plan_free(plan);
    pasv_session_close(s);
    after = lab_snapshot(LAB_LIST_STANDARD, &n_after);
    ok(lab_count_ours(after, 5001, 5200) == 199, "resumed: all 199 of ours open: %u", lab_count_ours(after, 5001, 5200));
    free(after);
    free(before);
}

static void test_not_elevated(void)
{
    pasv_session *s = NULL;
    pasv_plan *plan;
    count_sink sink;
    WCHAR *before, *after;
    DWORD n_before, n_after;
    pasv_hr hr;

    before = lab_snapshot(LAB_LIST_STANDARD, &n_before);
    lab_knob(L"Firewall", L"NotElevated", 1);
    lab_knob(L"Metabase", L"NotElevated", 1);
    plan = plan_for(&s, 6001, 6010, PASV_ON_ERROR_ROLLBACK);
    if (plan) {
        hr = apply(s, plan, &sink);
        ok(hr == (pasv_hr)E_ACCESSDENIED, "not elevated: 0x%08lx", (unsigned long)hr);
    }
    pasv_plan_free(plan);
    pasv_session_close(s);
    lab_knob(L"Firewall", L"NotElevated", ~0u);
    lab_knob(L"Metabase", L"NotElevated", ~0u);
    after = lab_snapshot(LAB_LIST_STANDARD, &n_after);
    ok(!wcscmp(before, after), "not elevated: nothing changed");
    free(before);
    free(after);
}

/* Counts the rules of ours (EmbedCtxt = our grouping) in the Vista+ rule store and returns the
 * LPort of the last one seen. */
static unsigned our_rules(WCHAR *lport, size_t cap)
{
    DWORD n, count = 0;
    WCHAR *snap = lab_snapshot(LAB_RULES, &n), *line = snap;

    lport[0] = 0;
    while (line && *line) {
        WCHAR *end = wcschr(line, L'\n'), *lp;
        if (end)
            *end = 0;
        if (wcsstr(line, L"|EmbedCtxt=" PASV_RULE_GROUPING_W L"|") && (lp = wcsstr(line, L"|LPort="))) {
            WCHAR *bar;
            count++;
            wcsncpy(lport, lp + 7, cap - 1);
            lport[cap - 1] = 0;
            if ((bar = wcschr(lport, L'|')))
                *bar = 0;
        }
        line = end ? end + 1 : NULL;
    }
    free(snap);
    return count;
}

/* Windows 10 lab: one rule for the whole range, replaced (never duplicated) when it changes. */
static void test_range_rule(void)
{
    pasv_session *s = NULL;
    pasv_plan *plan;
    pasv_plan_counts counts;
    count_sink sink;
    WCHAR lport[64];
    WCHAR *before, *after;
    DWORD nb, na;

    before = lab_snapshot(LAB_LIST_STANDARD, &nb);
    plan = plan_mode(&s, 5001, 5201, PASV_ON_ERROR_ROLLBACK, PASV_MODE_RANGE_RULE);
    if (plan) {
        ok(s->fw_state.rules_api && s->fw_state.profiles_all == 7, "Vista+ state: rules %d, profiles %#x",
           s->fw_state.rules_api, s->fw_state.profiles_all);
        pasv_plan_count(plan, &counts);
        ok(counts.rules_put == 1 && counts.open == 0, "one rule, no single ports: put %u open %u", counts.rules_put,
           counts.open);
        ok(apply(s, plan, &sink) == PASV_S_OK, "apply range rule");
    }
    pasv_plan_free(plan);
    pasv_session_close(s);
    s = NULL;
    ok(our_rules(lport, 64) == 1 && !wcscmp(lport, L"5001-5201"), "one rule of ours for 5001-5201 (LPort %ls)", lport);
    after = lab_snapshot(LAB_LIST_STANDARD, &na);
    ok(!wcscmp(before, after), "no single-port exceptions were added");
    free(before);
    free(after);

    plan = plan_mode(&s, 5001, 5201, PASV_ON_ERROR_ROLLBACK, PASV_MODE_RANGE_RULE);
    ok(plan && pasv_plan_is_noop(plan), "re-apply of the same rule changes nothing");
    pasv_plan_free(plan);
    pasv_session_close(s);
    s = NULL;

    plan = plan_mode(&s, 6001, 7000, PASV_ON_ERROR_ROLLBACK, PASV_MODE_RANGE_RULE);
    ok(plan && apply(s, plan, &sink) == PASV_S_OK, "apply a new range");
    pasv_plan_free(plan);
    pasv_session_close(s);
    ok(our_rules(lport, 64) == 1 && !wcscmp(lport, L"6001-7000"), "still one rule, now %ls", lport);
}

int wmain(int argc, WCHAR **argv)
{
    HRESULT hr = CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);
    if (!ok(SUCCEEDED(hr), "CoInitializeEx: 0x%08lx", (unsigned long)hr))
        return test_summary("engine_lab");
    if (argc > 1 && !wcscmp(argv[1], L"win10")) {
        test_range_rule();
        CoUninitialize();
        return test_summary("engine_lab_win10");
    }
    test_environment();
    test_apply_seed_range();
    test_reapply_is_noop();
    test_shrink();
    test_fault_at_port();
    test_not_elevated();
    CoUninitialize();
    return test_summary("engine_lab");
}
