/* pasvports: unit tests for applying, verifying, cancelling and rolling back plans, driven
 * through recording fakes that keep real state.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fakes.h"
#include "pasv/plan.h"
#include "testlib.h"

#define BOTH (PASV_PROFILE_DOMAIN | PASV_PROFILE_STANDARD)
#define EN PASV_FW_ENABLED

typedef struct rig {
    fake_log log;
    fake_config cfg;
    fake_firewall fw;
    fake_service svc;
    fake_sink sink;
    pasv_backends be;
    pasv_fw_list list;
    pasv_plan *plan;
} rig;

static void seed(rig *r, pasv_fw_entry e)
{
    fake_firewall_seed(&r->fw, &e);
}

/* A Server 2003 box after the seed procedure was half run, plus other programs' exceptions. */
static void rig_init(rig *r)
{
    memset(r, 0, sizeof(*r));
    fake_log_init(&r->log);
    fake_config_init(&r->cfg, &r->log, PASV_SERVER_IIS6);
    fake_firewall_init(&r->fw, &r->log, BOTH);
    fake_service_init(&r->svc, &r->log);
    r->svc.cfg = &r->cfg;
    fake_sink_init(&r->sink);
    seed(r, fake_port("Remote Desktop", 3389, BOTH, EN));
    seed(r, fake_port("Web", 80, BOTH, EN));
    seed(r, fake_port("Other FTP helper", 5100, BOTH, EN));
    seed(r, fake_port("Passive FTP5001", 5001, BOTH, EN));
    seed(r, fake_port("Passive FTP 5002", 5002, PASV_PROFILE_DOMAIN, EN));
    seed(r, fake_port("Passive FTP 4000", 4000, BOTH, EN));
    r->be.config = &r->cfg.base;
    r->be.firewall = &r->fw.base;
    r->be.service = &r->svc.base;
    pasv_fw_list_init(&r->list);
}

static void rig_cleanup(rig *r)
{
    pasv_plan_free(r->plan);
    pasv_fw_list_cleanup(&r->list);
    fake_sink_cleanup(&r->sink);
    fake_firewall_cleanup(&r->fw);
    fake_log_cleanup(&r->log);
}

/* What a front end does: read the state through the backends, classify, build. The log is
 * cleared afterwards so tests see only the apply's calls. */
static pasv_hr rig_plan(rig *r, const pasv_options *opt)
{
    pasv_current cur;
    bool ewr = false;
    pasv_hr hr;

    memset(&cur, 0, sizeof(cur));
    pasv_fw_list_cleanup(&r->list);
    r->fw.base.vt->list(&r->fw.base, &r->list);
    pasv_fw_classify(&r->list, opt->prefix);
    r->fw.base.vt->get_state(&r->fw.base, &cur.fw_state);
    r->cfg.base.vt->get_range(&r->cfg.base, &cur.range, &cur.range_set);
    cur.edit_while_running = PASV_SUCCEEDED(r->cfg.base.vt->get_edit_while_running(&r->cfg.base, &ewr)) ? ewr : -1;
    cur.fw = &r->list;
    pasv_plan_free(r->plan);
    r->plan = NULL;
    hr = pasv_plan_build(opt, &cur, &r->plan);
    r->log.count = 0;
    r->fw.calls = 0;
    return hr;
}

typedef struct snapshot {
    pasv_fw_list fw;       /* a copy, strings included */
    size_t count;
    bool cfg_set;
    pasv_range cfg_range;
    int ewr;
    uint32_t enabled;
} snapshot;

static void snap_take(const rig *r, snapshot *s)
{
    size_t i;

    pasv_fw_list_init(&s->fw);
    for (i = 0; i < r->fw.state.count; i++)
        if (!pasv_fw_list_push(&s->fw, &r->fw.state.items[i]))
            abort();
    s->count = s->fw.count;
    s->cfg_set = r->cfg.is_set;
    s->cfg_range = r->cfg.range;
    s->ewr = r->cfg.edit_while_running;
    s->enabled = r->fw.fw_state.profiles_enabled;
}

/* Every field by value, names and addresses by content: the exact state, not where the
 * strings happen to live. */
static int cmp_entry(const void *pa, const void *pb)
{
    const pasv_fw_entry *a = pa, *b = pb;
    int c;

    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    if (a->ports.low != b->ports.low)
        return a->ports.low < b->ports.low ? -1 : 1;
    if (a->ports.high != b->ports.high)
        return a->ports.high < b->ports.high ? -1 : 1;
    if (a->profiles != b->profiles)
        return a->profiles < b->profiles ? -1 : 1;
    if (a->flags != b->flags)
        return a->flags < b->flags ? -1 : 1;
    if (a->protocol != b->protocol)
        return a->protocol < b->protocol ? -1 : 1;
    if (a->scope != b->scope)
        return a->scope < b->scope ? -1 : 1;
    c = strcmp(a->name, b->name);
    return c ? c : strcmp(a->remote, b->remote);
}

static bool same_entries(const pasv_fw_entry *a, const pasv_fw_entry *b, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (cmp_entry(&a[i], &b[i]) != 0)
            return false;
    return true;
}

/* byte_exact: same entries in the same order; otherwise the same set in any order. */
#define snap_same(r, s, exact, what) snap_same_(__FILE__, __LINE__, r, s, exact, what)
static void snap_same_(const char *file, int line, const rig *r, const snapshot *s, bool exact, const char *what)
{
    bool same = r->fw.state.count == s->count;

    if (same && s->count) {
        if (exact) {
            same = same_entries(r->fw.state.items, s->fw.items, s->count);
        } else {
            pasv_fw_entry *a = malloc(s->count * sizeof(*a)), *b = malloc(s->count * sizeof(*b));

            memcpy(a, s->fw.items, s->count * sizeof(*a));
            memcpy(b, r->fw.state.items, s->count * sizeof(*b));
            qsort(a, s->count, sizeof(*a), cmp_entry);
            qsort(b, s->count, sizeof(*b), cmp_entry);
            same = same_entries(a, b, s->count);
            free(a);
            free(b);
        }
    }
    ok_at(file, line, same, "%s: firewall state %s as before (%zu entries, was %zu)", what,
          exact ? "identical" : "the same set", r->fw.state.count, s->count);
    ok_at(file, line,
          r->cfg.is_set == s->cfg_set && (!s->cfg_set || memcmp(&r->cfg.range, &s->cfg_range, sizeof(s->cfg_range)) == 0),
          "%s: configured range as before", what);
    ok_at(file, line, r->cfg.edit_while_running == s->ewr && r->fw.fw_state.profiles_enabled == s->enabled,
          "%s: direct edit and firewall switch as before", what);
}

static void snap_free(snapshot *s)
{
    pasv_fw_list_cleanup(&s->fw);
}

/* Profiles in which the fake holds an enabled TCP exception for port (named name if given). */
static uint32_t open_in(const rig *r, uint16_t port, const char *name)
{
    size_t i;
    uint32_t m = 0;

    for (i = 0; i < r->fw.state.count; i++) {
        const pasv_fw_entry *e = &r->fw.state.items[i];

        if (e->kind == PASV_FW_PORT && e->ports.low == port && (e->flags & EN) && (!name || strcmp(e->name, name) == 0))
            m |= e->profiles;
    }
    return m;
}

static size_t count_status(const pasv_plan *p, pasv_item_status st)
{
    size_t i, n = 0;

    for (i = 0; i < p->count; i++)
        n += p->items[i].status == st;
    return n;
}

static const pasv_plan_item *item_of(const pasv_plan *p, pasv_item_kind kind, uint16_t port)
{
    size_t i;

    for (i = 0; i < p->count; i++)
        if (p->items[i].kind == kind && p->items[i].port == port)
            return &p->items[i];
    return NULL;
}

/* No call ever names another program's port. */
#define check_foreign_untouched(r) check_foreign_untouched_(__FILE__, __LINE__, r)
static void check_foreign_untouched_(const char *file, int line, const rig *r)
{
    ok_at(file, line,
          fake_log_count(&r->log, "fw.open 5100 ") == 0 && fake_log_count(&r->log, "fw.close 5100 ") == 0
              && fake_log_count(&r->log, " 3389 ") == 0 && fake_log_count(&r->log, " 80 ") == 0,
          "no call names a foreign port");
    ok_at(file, line, open_in(r, 5100, "Other FTP helper") == BOTH && open_in(r, 3389, "Remote Desktop") == BOTH,
          "foreign exceptions still there");
}

static bool all_range_open(const rig *r, uint16_t low, uint16_t high, uint16_t except)
{
    uint32_t p;

    for (p = low; p <= high; p++)
        if (p != except && open_in(r, (uint16_t)p, NULL) != BOTH)
            return false;
    return true;
}

static void test_success(void)
{
    rig r;
    pasv_options opt;
    pasv_hr hr;
    size_t i, set_at, open_at, close_at, restart_at;
    bool order_ok = true;

    rig_init(&r);
    pasv_options_init(&opt, PASV_SERVER_IIS6);
    ok(rig_plan(&r, &opt) == PASV_S_OK, "plan builds");
    hr = pasv_plan_apply(r.plan, &r.be, &r.sink.base);
    ok(hr == PASV_S_OK, "apply returns S_OK, got 0x%08x", (unsigned)hr);
    ok(r.cfg.is_set && r.cfg.range.low == 5001 && r.cfg.range.high == 5201, "range written");
    ok(r.cfg.backups == 1, "one backup");
    ok(r.svc.restarts == 1 && r.svc.state == PASV_SVC_RUNNING, "service restarted and running");
    ok(all_range_open(&r, 5001, 5201, 5100), "every port of the range open in both profiles");
    ok(open_in(&r, 5001, "Passive FTP5001") == BOTH, "kept 5001 untouched");
    ok(open_in(&r, 5002, "Passive FTP 5002") == PASV_PROFILE_DOMAIN && open_in(&r, 5002, "Passive FTP5002") == PASV_PROFILE_STANDARD,
       "5002 added only where it was missing");
    ok(open_in(&r, 5201, "Passive FTP5201") == BOTH, "new ports named like the seed loop");
    ok(open_in(&r, 4000, NULL) == 0, "stale 4000 closed");
    check_foreign_untouched(&r);
    ok(fake_log_count(&r.log, "fw.open 5001 ") == 0, "KEEP row made no call");
    ok(count_status(r.plan, PASV_ST_DONE) == r.plan->count - count_status(r.plan, PASV_ST_UNCHANGED),
       "every item DONE or UNCHANGED");
    ok(item_of(r.plan, PASV_ITEM_VERIFY, 0)->status == PASV_ST_DONE, "VERIFY passed");
    ok(r.sink.n_started == r.plan->count && r.sink.n_finished == r.plan->count && r.sink.pairing_ok,
       "sink saw start+finish for all %zu items (%zu/%zu)", r.plan->count, r.sink.n_started, r.sink.n_finished);
    for (i = 0; i < r.sink.n_finished; i++)
        order_ok &= r.sink.finished[i] == i;
    ok(order_ok, "items reported in order");
    ok(r.sink.polls >= r.plan->count, "cancel polled before each item (%u)", r.sink.polls);
    ok(r.sink.notes > 0, "service waits reported as notes");
    /* New ports open before the server announces them; old ports close after. */
    open_at = fake_log_find(&r.log, 0, "fw.open 5201 ");
    set_at = fake_log_find(&r.log, 0, "cfg.set_range 5001-5201");
    restart_at = fake_log_find(&r.log, 0, "svc.restart");
    close_at = fake_log_find(&r.log, 0, "fw.close 4000 ");
    ok(open_at < set_at && set_at < restart_at && restart_at < close_at && close_at != SIZE_MAX,
       "open < set < restart < close (%zu %zu %zu %zu)", open_at, set_at, restart_at, close_at);
    ok(fake_log_find(&r.log, 0, "cfg.get_range") < set_at, "range read before it is written");

    /* Re-run: nothing to do. */
    ok(rig_plan(&r, &opt) == PASV_S_OK && pasv_plan_is_noop(r.plan), "re-run plan is a no-op");
    fake_sink_cleanup(&r.sink);
    ok(pasv_plan_apply(r.plan, &r.be, &r.sink.base) == PASV_S_OK && r.fw.calls == 0 && r.svc.restarts == 1,
       "applying the no-op plan changes nothing");
    ok(r.sink.n_finished == r.plan->count, "UNCHANGED rows still reported");
    rig_cleanup(&r);
}

static void test_rollback_on_failure(void)
{
    static const struct {
        const char *what;
        int fail_port;
        unsigned fail_call;
    } faults[] = { { "port 5050 fails", 5050, 0 }, { "first call fails", -1, 1 }, { "call 120 fails", -1, 120 },
                   { "last port fails", 5201, 0 } };
    size_t f;

    for (f = 0; f < sizeof(faults) / sizeof(faults[0]); f++) {
        rig r;
        pasv_options opt;
        snapshot before;
        pasv_hr hr;
        const pasv_plan_item *it;

        rig_init(&r);
        pasv_options_init(&opt, PASV_SERVER_IIS6);
        rig_plan(&r, &opt);
        snap_take(&r, &before);
        r.fw.fail_port = faults[f].fail_port;
        r.fw.fail_call = faults[f].fail_call;
        r.fw.fail_hr = PASV_E_ACCESSDENIED;
        hr = pasv_plan_apply(r.plan, &r.be, &r.sink.base);
        ok(hr == PASV_E_ACCESSDENIED, "%s: apply returns the failure, got 0x%08x", faults[f].what, (unsigned)hr);
        snap_same(&r, &before, true, faults[f].what);
        ok(count_status(r.plan, PASV_ST_FAILED) == 1, "%s: one FAILED item", faults[f].what);
        ok(count_status(r.plan, PASV_ST_DONE) == 1 && item_of(r.plan, PASV_ITEM_BACKUP, 0)->status == PASV_ST_DONE,
           "%s: only the backup stays DONE", faults[f].what);
        ok(count_status(r.plan, PASV_ST_ROLLBACK_FAILED) == 0, "%s: every undo worked", faults[f].what);
        ok(item_of(r.plan, PASV_ITEM_SET_RANGE, 0)->status == PASV_ST_SKIPPED
               && item_of(r.plan, PASV_ITEM_VERIFY, 0)->status == PASV_ST_SKIPPED,
           "%s: later items SKIPPED", faults[f].what);
        ok(r.svc.restarts == 0 && r.cfg.sets == 0, "%s: the server was never touched", faults[f].what);
        if (faults[f].fail_port > 0) {
            it = item_of(r.plan, PASV_ITEM_OPEN_PORT, (uint16_t)faults[f].fail_port);
            ok(it && it->status == PASV_ST_FAILED && it->hr == PASV_E_ACCESSDENIED && it->msg == PASV_MSG_RESULT_FAILED,
               "%s: the failing row says why", faults[f].what);
            it = item_of(r.plan, PASV_ITEM_OPEN_PORT, 5003);
            ok(it && (faults[f].fail_port == 5003 || it->status == PASV_ST_ROLLED_BACK), "%s: earlier rows ROLLED_BACK",
               faults[f].what);
        }
        ok(r.sink.pairing_ok, "%s: sink pairing", faults[f].what);
        check_foreign_untouched(&r);
        snap_free(&before);
        rig_cleanup(&r);
    }
}

static void test_continue_then_retry(void)
{
    rig r;
    pasv_options opt;
    pasv_hr hr;
    size_t n;

    rig_init(&r);
    pasv_options_init(&opt, PASV_SERVER_IIS6);
    opt.on_error = PASV_ON_ERROR_CONTINUE;
    rig_plan(&r, &opt);
    r.fw.fail_port = 5050;
    hr = pasv_plan_apply(r.plan, &r.be, &r.sink.base);
    ok(hr == PASV_S_FALSE, "CONTINUE: S_FALSE, got 0x%08x", (unsigned)hr);
    ok(item_of(r.plan, PASV_ITEM_OPEN_PORT, 5050)->status == PASV_ST_FAILED, "5050 FAILED");
    ok(count_status(r.plan, PASV_ST_FAILED) == 1 && count_status(r.plan, PASV_ST_SKIPPED) == 0, "nothing else failed");
    ok(open_in(&r, 5050, NULL) == 0 && open_in(&r, 5051, NULL) == BOTH, "5050 missing, 5051 open");
    ok(r.cfg.is_set && r.cfg.range.low == 5001 && r.svc.restarts == 1, "range set and service restarted anyway");
    ok(open_in(&r, 4000, NULL) == 0, "stale closed");
    ok(item_of(r.plan, PASV_ITEM_VERIFY, 0)->status == PASV_ST_DONE, "VERIFY checks what was done");

    r.fw.fail_port = -1;
    n = pasv_plan_retry_failed(r.plan);
    ok(n == 2, "retry resets the failed row and VERIFY (%zu)", n);
    r.log.count = 0;
    hr = pasv_plan_apply(r.plan, &r.be, &r.sink.base);
    ok(hr == PASV_S_OK, "resumed apply S_OK, got 0x%08x", (unsigned)hr);
    ok(all_range_open(&r, 5001, 5201, 5100), "every port open after resuming");
    ok(fake_log_count(&r.log, "fw.open") == 1 && r.svc.restarts == 1 && r.cfg.sets == 1,
       "resume redid only the failed port");
    ok(count_status(r.plan, PASV_ST_FAILED) == 0, "no failures left");
    check_foreign_untouched(&r);
    rig_cleanup(&r);
}

static void test_cancel_then_rollback(void)
{
    rig r;
    pasv_options opt;
    snapshot before;
    pasv_hr hr;
    pasv_plan_counts c;

    rig_init(&r);
    pasv_options_init(&opt, PASV_SERVER_IIS6);
    rig_plan(&r, &opt);
    snap_take(&r, &before);
    r.sink.cancel_after = 50;
    hr = pasv_plan_apply(r.plan, &r.be, &r.sink.base);
    ok(hr == PASV_E_ABORT, "cancel: E_ABORT, got 0x%08x", (unsigned)hr);
    pasv_plan_count(r.plan, &c);
    ok(r.sink.n_finished - r.sink.not_run == 50, "stopped after 50 items (%zu)", r.sink.n_finished - r.sink.not_run);
    ok(c.cancelled > 0 && c.cancelled == r.sink.not_run
           && r.sink.n_finished + count_status(r.plan, PASV_ST_UNCHANGED) >= r.plan->count,
       "the rest CANCELLED (%u), each reported (%zu)", c.cancelled, r.sink.not_run);
    ok(!r.cfg.is_set, "range not written yet");
    ok(open_in(&r, 5010, NULL) == BOTH, "some ports were opened before cancelling");
    hr = pasv_plan_rollback(r.plan, &r.be, &r.sink.base);
    ok(hr == PASV_S_OK, "rollback S_OK, got 0x%08x", (unsigned)hr);
    snap_same(&r, &before, true, "cancel then rollback");
    ok(count_status(r.plan, PASV_ST_ROLLED_BACK) > 40, "rows ROLLED_BACK (%zu)", count_status(r.plan, PASV_ST_ROLLED_BACK));
    ok(r.sink.pairing_ok, "sink pairing through rollback");
    snap_free(&before);
    rig_cleanup(&r);
}

static void test_cancel_then_keep(void)
{
    rig r;
    pasv_options opt;
    pasv_hr hr;

    rig_init(&r);
    pasv_options_init(&opt, PASV_SERVER_IIS6);
    rig_plan(&r, &opt);
    r.sink.cancel_after = 100;
    hr = pasv_plan_apply(r.plan, &r.be, &r.sink.base);
    ok(hr == PASV_E_ABORT, "cancel: E_ABORT");
    ok(open_in(&r, 5020, NULL) == BOTH && open_in(&r, 5150, NULL) == 0, "ports opened so far are kept");
    ok(open_in(&r, 4000, NULL) == BOTH && !r.cfg.is_set, "stale port and range untouched");
    /* The user keeps what was done, then carries on. */
    r.sink.cancel_after = 0;
    ok(pasv_plan_retry_failed(r.plan) > 0, "cancelled items pending again");
    hr = pasv_plan_apply(r.plan, &r.be, &r.sink.base);
    ok(hr == PASV_S_OK, "resume S_OK, got 0x%08x", (unsigned)hr);
    ok(all_range_open(&r, 5001, 5201, 5100) && r.cfg.is_set && open_in(&r, 4000, NULL) == 0, "complete after resume");
    check_foreign_untouched(&r);
    rig_cleanup(&r);
}

static void test_restart_failure(void)
{
    int policy;

    for (policy = 0; policy < 2; policy++) {
        rig r;
        pasv_options opt;
        snapshot before;
        pasv_hr hr;
        const pasv_plan_item *it;
        const char *what = policy == 0 ? "ROLLBACK" : "CONTINUE";

        rig_init(&r);
        r.cfg.is_set = true;
        r.cfg.range.low = 6000;
        r.cfg.range.high = 6100;
        pasv_options_init(&opt, PASV_SERVER_IIS6);
        opt.on_error = policy == 0 ? PASV_ON_ERROR_ROLLBACK : PASV_ON_ERROR_CONTINUE;
        rig_plan(&r, &opt);
        snap_take(&r, &before);
        r.svc.has_bad_range = true;
        r.svc.bad_range = opt.range;
        hr = pasv_plan_apply(r.plan, &r.be, &r.sink.base);
        ok(hr == (policy == 0 ? r.svc.fail_hr : PASV_S_FALSE), "%s: apply result 0x%08x", what, (unsigned)hr);
        ok(r.plan->range_restored, "%s: range_restored", what);
        ok(r.cfg.is_set && r.cfg.range.low == 6000 && r.cfg.range.high == 6100, "%s: previous range back", what);
        ok(r.svc.starts == 1 && r.svc.state == PASV_SVC_RUNNING, "%s: service started again", what);
        it = item_of(r.plan, PASV_ITEM_SET_RANGE, 0);
        ok(it && it->status == PASV_ST_ROLLED_BACK, "%s: SET_RANGE ROLLED_BACK", what);
        it = item_of(r.plan, PASV_ITEM_RESTART_SERVICE, 0);
        ok(it && it->status == PASV_ST_FAILED && it->hr == r.svc.fail_hr, "%s: RESTART FAILED with its code", what);
        ok(open_in(&r, 4000, NULL) == BOTH, "%s: stale ports not closed while the old range is live", what);
        if (policy == 0) {
            snap_same(&r, &before, true, "restart failure, ROLLBACK");
        } else {
            ok(item_of(r.plan, PASV_ITEM_CLOSE_STALE, 4000)->status == PASV_ST_SKIPPED, "CONTINUE: CLOSE_STALE SKIPPED");
            ok(all_range_open(&r, 5001, 5201, 5100), "CONTINUE: new ports stay open");
        }
        ok(r.sink.pairing_ok, "%s: sink pairing", what);
        snap_free(&before);
        rig_cleanup(&r);
    }
}

static void test_stub_firewall(void)
{
    rig r;
    pasv_options opt;
    pasv_hr hr;
    const pasv_plan_item *it;

    rig_init(&r);
    pasv_options_init(&opt, PASV_SERVER_IIS6);
    rig_plan(&r, &opt);
    r.fw.stub = true; /* Wine: Add says S_OK, stores nothing */
    hr = pasv_plan_apply(r.plan, &r.be, &r.sink.base);
    ok(hr == PASV_E_NOT_VERIFIED, "stub firewall detected, got 0x%08x", (unsigned)hr);
    it = item_of(r.plan, PASV_ITEM_OPEN_PORT, 5003);
    ok(it && it->status == PASV_ST_NOT_VERIFIED && it->hr == PASV_E_NOT_VERIFIED && it->msg == PASV_MSG_RESULT_NOT_VERIFIED,
       "OPEN_PORT rows NOT_VERIFIED");
    it = item_of(r.plan, PASV_ITEM_VERIFY, 0);
    ok(it && it->status == PASV_ST_NOT_VERIFIED && it->hr == PASV_E_NOT_VERIFIED, "VERIFY NOT_VERIFIED");
    ok(item_of(r.plan, PASV_ITEM_KEEP_PORT, 5001)->status == PASV_ST_UNCHANGED, "KEEP still there");
    ok(item_of(r.plan, PASV_ITEM_CLOSE_STALE, 4000)->status == PASV_ST_NOT_VERIFIED, "stale close did not stick either");
    ok(item_of(r.plan, PASV_ITEM_SET_RANGE, 0)->status == PASV_ST_DONE, "the range itself verified");
    ok(count_status(r.plan, PASV_ST_NOT_VERIFIED) == 199 + 1 + 1, "199 opens + stale + VERIFY (%zu)",
       count_status(r.plan, PASV_ST_NOT_VERIFIED));
    rig_cleanup(&r);
}

static void test_missing_backend(void)
{
    rig r;
    pasv_options opt;
    pasv_backends be;
    pasv_hr hr;
    const pasv_plan_item *it;

    rig_init(&r);
    pasv_options_init(&opt, PASV_SERVER_IIS6);
    opt.on_error = PASV_ON_ERROR_CONTINUE;
    rig_plan(&r, &opt);
    be = r.be;
    be.service = NULL;
    hr = pasv_plan_apply(r.plan, &be, &r.sink.base);
    it = item_of(r.plan, PASV_ITEM_RESTART_SERVICE, 0);
    ok(hr == PASV_S_FALSE && it && it->status == PASV_ST_FAILED && it->hr == PASV_E_UNEXPECTED,
       "no service backend: RESTART FAILED with E_UNEXPECTED");
    ok(item_of(r.plan, PASV_ITEM_CLOSE_STALE, 4000)->status == PASV_ST_SKIPPED,
       "stale ports kept when the restart did not happen");
    rig_cleanup(&r);

    rig_init(&r);
    pasv_options_init(&opt, PASV_SERVER_IIS6);
    rig_plan(&r, &opt);
    hr = pasv_plan_apply(r.plan, NULL, NULL);
    ok(hr == PASV_E_UNEXPECTED && r.plan->items[0].status == PASV_ST_FAILED, "no backends at all: first item fails");
    ok(pasv_plan_apply(NULL, &r.be, NULL) == PASV_E_INVALIDARG && pasv_plan_rollback(NULL, &r.be, NULL) == PASV_E_INVALIDARG,
       "NULL plan");
    rig_cleanup(&r);
}

static void test_stale_rollback_restores_names(void)
{
    rig r;
    pasv_options opt;
    snapshot before;
    pasv_hr hr;

    rig_init(&r);
    r.fw.fw_state.profiles_enabled = PASV_PROFILE_DOMAIN;
    pasv_options_init(&opt, PASV_SERVER_IIS6);
    opt.enable_firewall = true;
    opt.edit_while_running = 1;
    rig_plan(&r, &opt);
    snap_take(&r, &before);
    r.fw.enable_hr = PASV_E_ACCESSDENIED; /* the very last change fails */
    hr = pasv_plan_apply(r.plan, &r.be, &r.sink.base);
    ok(hr == PASV_E_ACCESSDENIED, "ENABLE_FIREWALL failure returned");
    ok(open_in(&r, 4000, "Passive FTP 4000") == BOTH, "stale exception re-opened under its original name");
    snap_same(&r, &before, false, "failure after closing stale ports");
    ok(r.svc.restarts == 2, "service restarted again on the restored range (%u)", r.svc.restarts);
    ok(item_of(r.plan, PASV_ITEM_RESTART_SERVICE, 0)->status == PASV_ST_ROLLED_BACK, "RESTART ROLLED_BACK");
    ok(item_of(r.plan, PASV_ITEM_EDIT_WHILE_RUNNING, 0)->status == PASV_ST_ROLLED_BACK, "EWR ROLLED_BACK");
    ok(fake_log_find(&r.log, fake_log_find(&r.log, fake_log_find(&r.log, 0, "svc.restart") + 1, "cfg.set_range (delete)"),
                     "svc.restart") != SIZE_MAX,
       "the rollback restart comes after the range is back");
    rig_cleanup(&r);
    snap_free(&before);

    /* Enable works: rollback switches off only what we switched on. */
    rig_init(&r);
    r.fw.fw_state.profiles_enabled = PASV_PROFILE_DOMAIN;
    pasv_options_init(&opt, PASV_SERVER_IIS6);
    opt.enable_firewall = true;
    rig_plan(&r, &opt);
    ok(pasv_plan_apply(r.plan, &r.be, NULL) == PASV_S_OK && r.fw.fw_state.profiles_enabled == BOTH, "enabled");
    ok(pasv_plan_rollback(r.plan, &r.be, NULL) == PASV_S_OK && r.fw.fw_state.profiles_enabled == PASV_PROFILE_DOMAIN,
       "rollback after success turns Standard off again");
    ok(!r.cfg.is_set && open_in(&r, 4000, NULL) == BOTH && open_in(&r, 5003, NULL) == 0, "and undoes the rest");
    rig_cleanup(&r);
}

static void test_range_rule(void)
{
    rig r;
    pasv_options opt;
    snapshot before;
    pasv_hr hr;
    size_t i;
    bool found = false;

    rig_init(&r);
    seed(&r, fake_rule("Passive FTP", 5001, 5101, BOTH, EN | PASV_FW_TAGGED));
    seed(&r, fake_rule("FTP passive (old)", 7000, 7100, BOTH, EN | PASV_FW_TAGGED));
    pasv_options_init(&opt, PASV_SERVER_IIS6);
    opt.mode = PASV_MODE_RANGE_RULE;
    rig_plan(&r, &opt);
    snap_take(&r, &before);
    hr = pasv_plan_apply(r.plan, &r.be, &r.sink.base);
    ok(hr == PASV_S_OK, "range-rule apply S_OK, got 0x%08x", (unsigned)hr);
    for (i = 0; i < r.fw.state.count; i++) {
        const pasv_fw_entry *e = &r.fw.state.items[i];

        if (e->kind == PASV_FW_RULE && strcmp(e->name, "Passive FTP 5001-5201") == 0)
            found = e->ports.low == 5001 && e->ports.high == 5201 && e->profiles == BOTH && (e->flags & PASV_FW_TAGGED);
        ok(!(e->kind == PASV_FW_RULE && strcmp(e->name, "FTP passive (old)") == 0), "old rule removed");
        ok(!(e->kind == PASV_FW_RULE && strcmp(e->name, "Passive FTP") == 0), "rule of the old naming removed");
    }
    ok(found, "one rule 5001-5201, tagged");
    ok(fake_log_count(&r.log, "fw.put_rule") == 1, "one put_rule");
    ok(open_in(&r, 5001, "Passive FTP5001") == 0 && open_in(&r, 4000, NULL) == 0, "per-port exceptions of ours closed");
    check_foreign_untouched(&r);
    hr = pasv_plan_rollback(r.plan, &r.be, &r.sink.base);
    ok(hr == PASV_S_OK, "rollback S_OK");
    snap_same(&r, &before, false, "range-rule rollback restores the replaced and removed rules");
    snap_free(&before);
    rig_cleanup(&r);
}

static void test_clear(void)
{
    rig r;
    pasv_options opt;
    pasv_hr hr;

    rig_init(&r);
    r.cfg.is_set = true;
    r.cfg.range.low = 5001;
    r.cfg.range.high = 5002;
    pasv_options_init(&opt, PASV_SERVER_IIS6);
    opt.clear_range = true;
    rig_plan(&r, &opt);
    hr = pasv_plan_apply(r.plan, &r.be, &r.sink.base);
    ok(hr == PASV_S_OK, "remove: S_OK, got 0x%08x", (unsigned)hr);
    ok(!r.cfg.is_set, "range value deleted");
    ok(open_in(&r, 5001, NULL) == 0 && open_in(&r, 5002, NULL) == 0 && open_in(&r, 4000, NULL) == 0, "all of ours closed");
    check_foreign_untouched(&r);
    ok(r.fw.state.count == 6, "only the foreign entries remain (%zu)", r.fw.state.count);
    rig_cleanup(&r);
}

static void test_full_range(void)
{
    rig r;
    pasv_options opt;
    pasv_hr hr;
    clock_t t0;
    double secs;
    pasv_plan_counts c;

    rig_init(&r);
    pasv_options_init(&opt, PASV_SERVER_IIS6);
    opt.range.low = 5001;
    opt.range.high = 65535;
    ok(rig_plan(&r, &opt) == PASV_S_OK, "full range plan");
    t0 = clock();
    hr = pasv_plan_apply(r.plan, &r.be, &r.sink.base);
    secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    pasv_plan_count(r.plan, &c);
    ok(hr == PASV_S_OK, "60,535-port apply S_OK, got 0x%08x", (unsigned)hr);
    ok(c.open == 60533 && c.keep == 1 && c.foreign == 1, "open %u keep %u foreign %u", c.open, c.keep, c.foreign);
    ok(item_of(r.plan, PASV_ITEM_VERIFY, 0)->status == PASV_ST_DONE, "VERIFY passed over 60k ports");
    ok(open_in(&r, 65535, "Passive FTP65535") == BOTH, "last port open");
    ok(secs < 10.0, "applied and verified in %.2f s", secs);
    ok(r.sink.n_finished == r.plan->count, "every row reported");
    rig_cleanup(&r);
}

/* ---- Issue 11: complete desired state, exact rollback, ownership at write time ---- */

/* A rig whose firewall holds nothing (the seed entries dropped). */
static void rig_bare(rig *r)
{
    rig_init(r);
    pasv_fw_list_cleanup(&r->fw.state);
    pasv_fw_list_init(&r->fw.state);
    memset(r->fw.port_bits, 0, 65536 * sizeof(*r->fw.port_bits));
}

static pasv_fw_entry scoped(pasv_fw_entry e, pasv_scope scope, const char *remote)
{
    e.scope = (uint8_t)scope;
    e.remote = remote ? remote : "";
    return e;
}

/* The fake's entry for port in one profile bit, or NULL. */
static const pasv_fw_entry *held(const rig *r, uint16_t port, uint32_t bit)
{
    size_t i;

    for (i = 0; i < r->fw.state.count; i++) {
        const pasv_fw_entry *e = &r->fw.state.items[i];

        if (e->kind == PASV_FW_PORT && e->ports.low == port && e->profiles == bit)
            return e;
    }
    return NULL;
}

static void test_scope_change_replaces_our_entries(void)
{
    rig r;
    pasv_options opt;
    snapshot before;
    pasv_plan_counts c;
    uint32_t p;
    bool all = true;
    pasv_hr hr;

    rig_bare(&r);
    pasv_options_init(&opt, PASV_SERVER_IIS6);
    opt.range.low = 5001;
    opt.range.high = 5010;
    rig_plan(&r, &opt);
    ok(pasv_plan_apply(r.plan, &r.be, &r.sink.base) == PASV_S_OK, "first apply");
    snap_take(&r, &before);
    opt.scope = PASV_SCOPE_CUSTOM;
    opt.remote = "10.0.0.0/8";
    rig_plan(&r, &opt);
    pasv_plan_count(r.plan, &c);
    ok(!pasv_plan_is_noop(r.plan) && c.open == 10 && c.keep == 0, "scope change plans 10 opens (open %u keep %u)",
       c.open, c.keep);
    for (p = 5001; p <= 5010; p++) {
        const pasv_plan_item *it = item_of(r.plan, PASV_ITEM_OPEN_PORT, (uint16_t)p);

        all &= it && it->entry != UINT32_MAX && r.plan->entries.items[it->entry].scope == PASV_SCOPE_ANY;
    }
    ok(all, "each OPEN_PORT carries our entry as prior");
    fake_sink_cleanup(&r.sink);
    fake_sink_init(&r.sink);
    r.sink.cancel_after = 5;
    hr = pasv_plan_apply(r.plan, &r.be, &r.sink.base);
    ok(hr == PASV_E_ABORT, "cancelled midway");
    ok(held(&r, 5001, PASV_PROFILE_DOMAIN) && strcmp(held(&r, 5001, PASV_PROFILE_DOMAIN)->remote, "10.0.0.0/8") == 0,
       "first ports got the new scope");
    pasv_plan_rollback(r.plan, &r.be, &r.sink.base);
    snap_same(&r, &before, false, "scope change rolled back");
    r.sink.cancel_after = 0;
    rig_plan(&r, &opt);
    ok(pasv_plan_apply(r.plan, &r.be, &r.sink.base) == PASV_S_OK, "scope change applied");
    ok(held(&r, 5010, PASV_PROFILE_STANDARD) && held(&r, 5010, PASV_PROFILE_STANDARD)->scope == PASV_SCOPE_CUSTOM,
       "ports now scoped");
    rig_plan(&r, &opt);
    ok(pasv_plan_is_noop(r.plan), "re-plan is a no-op");
    snap_free(&before);
    rig_cleanup(&r);
}

static void test_range_rule_with_other_scope_is_replaced(void)
{
    rig r;
    pasv_options opt;
    const pasv_plan_item *it;

    rig_bare(&r);
    seed(&r, fake_rule("Passive FTP 5001-5010", 5001, 5010, BOTH, EN | PASV_FW_TAGGED));
    pasv_options_init(&opt, PASV_SERVER_IIS6);
    opt.range.low = 5001;
    opt.range.high = 5010;
    opt.mode = PASV_MODE_RANGE_RULE;
    opt.scope = PASV_SCOPE_SUBNET;
    rig_plan(&r, &opt);
    it = item_of(r.plan, PASV_ITEM_PUT_RULE, 0);
    ok(it && it->status == PASV_ST_PENDING && it->entry != UINT32_MAX, "rule of another scope is replaced");
    ok(pasv_plan_apply(r.plan, &r.be, &r.sink.base) == PASV_S_OK, "applied");
    rig_plan(&r, &opt);
    ok(pasv_plan_is_noop(r.plan), "then a no-op");
    rig_cleanup(&r);
}

static void test_rollback_restores_disabled_exception_disabled(void)
{
    rig r;
    pasv_options opt;
    snapshot before;
    const pasv_fw_entry *e;

    rig_bare(&r);
    seed(&r, fake_port("Passive FTP5001", 5001, BOTH, 0));
    seed(&r, fake_port("Passive FTP5002", 5002, BOTH, EN));
    snap_take(&r, &before);
    pasv_options_init(&opt, PASV_SERVER_IIS6);
    opt.range.low = 5001;
    opt.range.high = 5003;
    rig_plan(&r, &opt);
    r.fw.fail_call = 2; /* 5001 (one row: both profiles hold the same value), then 5003 fails */
    ok(PASV_FAILED(pasv_plan_apply(r.plan, &r.be, &r.sink.base)), "apply failed and rolled back");
    e = held(&r, 5001, PASV_PROFILE_DOMAIN);
    ok(e && !(e->flags & EN), "our disabled exception came back disabled");
    snap_same(&r, &before, false, "disabled exception rollback");
    snap_free(&before);
    rig_cleanup(&r);
}

static void test_rollback_restores_per_profile_scopes(void)
{
    rig r;
    pasv_options opt;
    snapshot before;
    size_t rows = 0, i;

    rig_bare(&r);
    seed(&r, scoped(fake_port("Passive FTP5001", 5001, PASV_PROFILE_DOMAIN, EN), PASV_SCOPE_SUBNET, NULL));
    seed(&r, scoped(fake_port("Passive FTP5001", 5001, PASV_PROFILE_STANDARD, EN), PASV_SCOPE_CUSTOM, "192.168.1.0/24"));
    snap_take(&r, &before);
    pasv_options_init(&opt, PASV_SERVER_IIS6);
    opt.range.low = 5001;
    opt.range.high = 5002;
    rig_plan(&r, &opt);
    for (i = 0; i < r.plan->count; i++)
        rows += r.plan->items[i].kind == PASV_ITEM_OPEN_PORT && r.plan->items[i].port == 5001;
    ok(rows == 2, "one row per distinct prior entry (%zu)", rows);
    r.fw.fail_call = 3;
    ok(PASV_FAILED(pasv_plan_apply(r.plan, &r.be, &r.sink.base)), "apply failed and rolled back");
    snap_same(&r, &before, false, "per-profile scopes");
    ok(held(&r, 5001, PASV_PROFILE_STANDARD) && strcmp(held(&r, 5001, PASV_PROFILE_STANDARD)->remote, "192.168.1.0/24") == 0,
       "standard profile keeps its own addresses");
    snap_free(&before);
    rig_cleanup(&r);
}

static void test_range_kept_when_firewall_undo_failed(void)
{
    rig r;
    pasv_options opt;
    pasv_plan_counts c;
    const pasv_plan_item *it;

    rig_bare(&r);
    r.cfg.is_set = true;
    r.cfg.range.low = 4000;
    r.cfg.range.high = 4001;
    seed(&r, fake_port("Passive FTP4000", 4000, BOTH, EN));
    seed(&r, fake_port("Passive FTP4001", 4001, BOTH, EN));
    pasv_options_init(&opt, PASV_SERVER_IIS6);
    opt.range.low = 5001;
    opt.range.high = 5002;
    rig_plan(&r, &opt);
    r.sink.cancel_after = 0;
    ok(pasv_plan_apply(r.plan, &r.be, &r.sink.base) == PASV_S_OK, "applied");
    r.fw.fail_call = r.fw.calls + 1; /* the first undo (re-opening 4001) fails */
    ok(PASV_FAILED(pasv_plan_rollback(r.plan, &r.be, &r.sink.base)), "rollback reports the failure");
    pasv_plan_count(r.plan, &c);
    ok(r.plan->range_kept, "range_kept");
    ok(r.cfg.is_set && r.cfg.range.low == 5001 && r.cfg.range.high == 5002, "new range stays");
    ok(open_in(&r, 5001, NULL) == BOTH && open_in(&r, 5002, NULL) == BOTH, "its ports stay open");
    it = item_of(r.plan, PASV_ITEM_SET_RANGE, 0);
    ok(it && it->status == PASV_ST_DONE, "SET_RANGE still DONE");
    ok(c.in_effect == 4 && c.rollback_failed == 1, "in_effect %u (2 opens, range, 4001 not reopened), failed %u",
       c.in_effect, c.rollback_failed);
    ok(open_in(&r, 4000, NULL) == BOTH, "4000 re-opened");
    rig_cleanup(&r);
}

static void test_failed_restart_reports_service_still_stopped(void)
{
    rig r;
    pasv_options opt;

    rig_bare(&r);
    pasv_options_init(&opt, PASV_SERVER_IIS6);
    opt.range.low = 5001;
    opt.range.high = 5002;
    rig_plan(&r, &opt);
    r.svc.restart_hr = PASV_HR_FROM_WIN32(1053);
    r.svc.start_hr = PASV_HR_FROM_WIN32(1053);
    pasv_plan_apply(r.plan, &r.be, &r.sink.base);
    ok(r.plan->range_restored, "range restored");
    ok(!r.plan->service_restarted_after_restore && r.plan->restore_start_hr == PASV_HR_FROM_WIN32(1053),
       "the plan says the service did not start (hr 0x%08x)", (unsigned)r.plan->restore_start_hr);
    ok(r.svc.state == PASV_SVC_STOPPED, "and it is stopped");
    rig_cleanup(&r);

    rig_bare(&r);
    rig_plan(&r, &opt);
    r.svc.restart_hr = PASV_HR_FROM_WIN32(1053);
    pasv_plan_apply(r.plan, &r.be, &r.sink.base);
    ok(r.plan->service_restarted_after_restore && r.svc.state == PASV_SVC_RUNNING, "a working start is recorded");
    rig_cleanup(&r);
}

static void test_foreign_entry_added_mid_run_is_never_written(void)
{
    rig r;
    pasv_options opt;
    const pasv_fw_entry *e;
    const pasv_plan_item *it;
    pasv_plan_counts c;

    rig_bare(&r);
    pasv_options_init(&opt, PASV_SERVER_IIS6);
    opt.range.low = 5001;
    opt.range.high = 5005;
    opt.on_error = PASV_ON_ERROR_CONTINUE;
    rig_plan(&r, &opt);
    r.fw.outside_call = 3;
    r.fw.outside = scoped(fake_port("Veeam backup data port", 5003, BOTH, EN), PASV_SCOPE_CUSTOM, "10.1.2.3");
    ok(pasv_plan_apply(r.plan, &r.be, &r.sink.base) == PASV_S_FALSE, "run reports a failure");
    e = held(&r, 5003, PASV_PROFILE_DOMAIN);
    ok(e && strcmp(e->name, "Veeam backup data port") == 0 && strcmp(e->remote, "10.1.2.3") == 0,
       "foreign entry kept whole");
    it = item_of(r.plan, PASV_ITEM_OPEN_PORT, 5003);
    ok(it && it->status == PASV_ST_FAILED && it->hr == PASV_E_CHANGED && it->msg == PASV_MSG_RESULT_CHANGED,
       "item says changed by someone else");
    pasv_plan_count(r.plan, &c);
    ok(c.changed == 1, "counted as changed (%u)", c.changed);
    ok(pasv_plan_retry_failed(r.plan) == 0, "never retried blindly");
    rig_cleanup(&r);
}

/* The same race under the default policy: the refusal stops the run and everything is rolled
 * back, and the summary must still say that someone else changed something (the rollback used to
 * turn the item into a plain ROLLED_BACK and the count into 0). */
static void test_changed_by_someone_else_survives_the_rollback(void)
{
    rig r;
    pasv_options opt;
    const pasv_plan_item *it;
    const pasv_fw_entry *e;
    pasv_plan_counts c;

    rig_bare(&r);
    pasv_options_init(&opt, PASV_SERVER_IIS6);
    opt.range.low = 5001;
    opt.range.high = 5005;
    rig_plan(&r, &opt);
    r.fw.outside_call = 3;
    r.fw.outside = fake_port("Veeam backup data port", 5003, PASV_PROFILE_DOMAIN, EN);
    ok(pasv_plan_apply(r.plan, &r.be, &r.sink.base) == PASV_E_CHANGED, "the refusal stops the run");
    it = item_of(r.plan, PASV_ITEM_OPEN_PORT, 5003);
    ok(it && it->status == PASV_ST_ROLLED_BACK && it->hr == PASV_E_CHANGED && it->msg == PASV_MSG_RESULT_CHANGED,
       "after the rollback the item still says changed by someone else (status %u hr 0x%08x)",
       it ? it->status : 0, it ? (unsigned)it->hr : 0);
    pasv_plan_count(r.plan, &c);
    ok(c.changed == 1 && c.in_effect == 0, "counted as changed (%u), nothing in effect (%u)", c.changed, c.in_effect);
    e = held(&r, 5003, PASV_PROFILE_DOMAIN);
    ok(e && strcmp(e->name, "Veeam backup data port") == 0 && !held(&r, 5003, PASV_PROFILE_STANDARD),
       "theirs kept, ours undone in the other profile");
    (void)pasv_plan_retry_failed(r.plan); /* the other rolled-back items do become pending */
    ok(it && it->status == PASV_ST_ROLLED_BACK && it->hr == PASV_E_CHANGED, "never retried blindly");
    rig_cleanup(&r);
}

/* ---- Issue 11, B1: our range rule is named for its range ---- */

/* Rules named name in the fake, and the last one found. */
static size_t rules_named(const rig *r, const char *name, const pasv_fw_entry **out)
{
    size_t i, n = 0;

    for (i = 0; i < r->fw.state.count; i++) {
        const pasv_fw_entry *e = &r->fw.state.items[i];

        if (e->kind == PASV_FW_RULE && strcmp(e->name, name) == 0) {
            n++;
            if (out)
                *out = e;
        }
    }
    return n;
}

static size_t rules_tagged(const rig *r)
{
    size_t i, n = 0;

    for (i = 0; i < r->fw.state.count; i++)
        n += r->fw.state.items[i].kind == PASV_FW_RULE && (r->fw.state.items[i].flags & PASV_FW_TAGGED);
    return n;
}

static void range_rule_opts(pasv_options *opt, uint16_t low, uint16_t high)
{
    pasv_options_init(opt, PASV_SERVER_IIS6);
    opt->range.low = low;
    opt->range.high = high;
    opt->mode = PASV_MODE_RANGE_RULE;
}

/* A person's rule "Passive FTP" (LocalPorts 40000-40100, no tag): the apply succeeds beside it
 * (before, put_rule named ours "Passive FTP" and the fake refused: changed by someone else), and
 * "remove" takes ours away and leaves theirs; theirs is the same value throughout. */
static void test_range_rule_beside_a_persons_same_named_rule(void)
{
    rig r;
    pasv_options opt;
    const pasv_fw_entry *e = NULL;
    pasv_fw_entry theirs = fake_rule("Passive FTP", 40000, 40100, BOTH, EN);
    pasv_plan_counts c;

    rig_bare(&r);
    seed(&r, theirs);
    range_rule_opts(&opt, 5001, 5010);
    rig_plan(&r, &opt);
    ok(pasv_plan_apply(r.plan, &r.be, &r.sink.base) == PASV_S_OK, "apply succeeds beside the person's rule");
    pasv_plan_count(r.plan, &c);
    ok(c.changed == 0 && c.failed == 0 && r.fw.refused == 0, "nothing refused (changed %u, refused %u)", c.changed,
       r.fw.refused);
    ok(rules_named(&r, "Passive FTP 5001-5010", &e) == 1 && e->ports.low == 5001 && e->ports.high == 5010
           && (e->flags & PASV_FW_TAGGED),
       "ours is \"Passive FTP 5001-5010\", tagged");
    e = NULL;
    ok(rules_named(&r, "Passive FTP", &e) == 1 && pasv_fw_entry_same(e, &theirs) && e->profiles == BOTH
           && !(e->flags & PASV_FW_TAGGED),
       "the person's rule is as it was");
    rig_plan(&r, &opt);
    ok(pasv_plan_is_noop(r.plan), "a re-run is a no-op");

    opt.clear_range = true;
    rig_plan(&r, &opt);
    ok(pasv_plan_apply(r.plan, &r.be, &r.sink.base) == PASV_S_OK, "remove succeeds");
    ok(rules_named(&r, "Passive FTP 5001-5010", NULL) == 0 && rules_tagged(&r) == 0, "ours is gone");
    e = NULL;
    ok(rules_named(&r, "Passive FTP", &e) == 1 && pasv_fw_entry_same(e, &theirs) && e->profiles == BOTH,
       "the person's rule survives remove");
    ok(fake_log_count(&r.log, "fw.remove_rule 'Passive FTP'") == 0, "no call names the person's rule");
    rig_cleanup(&r);
}

/* A range change puts the new rule and then removes ours for the old range: one rule of ours
 * afterwards, named for the new range; a rollback removes the new one and puts the old back. */
static void test_range_change_replaces_our_rule_only(void)
{
    rig r;
    pasv_options opt;
    snapshot before;
    const pasv_fw_entry *e = NULL;

    rig_bare(&r);
    seed(&r, fake_rule("Passive FTP", 40000, 40100, BOTH, EN));
    range_rule_opts(&opt, 5001, 5010);
    rig_plan(&r, &opt);
    ok(pasv_plan_apply(r.plan, &r.be, &r.sink.base) == PASV_S_OK, "first apply");
    snap_take(&r, &before);

    range_rule_opts(&opt, 5001, 5020);
    rig_plan(&r, &opt);
    ok(pasv_plan_apply(r.plan, &r.be, &r.sink.base) == PASV_S_OK, "range change applied");
    ok(fake_log_count(&r.log, "fw.put_rule 'Passive FTP 5001-5020'") == 1
           && fake_log_count(&r.log, "fw.remove_rule 'Passive FTP 5001-5010'") == 1,
       "new rule put, old one removed");
    ok(rules_tagged(&r) == 1 && rules_named(&r, "Passive FTP 5001-5020", &e) == 1 && e->ports.high == 5020,
       "exactly one rule of ours, for the new range");
    ok(rules_named(&r, "Passive FTP", NULL) == 1, "the person's rule stays");
    ok(pasv_plan_rollback(r.plan, &r.be, &r.sink.base) == PASV_S_OK, "rollback");
    snap_same(&r, &before, false, "range change rollback");
    snap_free(&before);

    /* The old range's rule removal fails: the run rolls back to exactly the state before. */
    snap_take(&r, &before);
    rig_plan(&r, &opt);
    r.fw.fail_call = r.fw.calls + 2; /* put_rule works, remove_rule fails */
    r.fw.fail_hr = PASV_E_FAIL;
    ok(PASV_FAILED(pasv_plan_apply(r.plan, &r.be, &r.sink.base)), "failed removal rolls back");
    r.fw.fail_call = 0;
    snap_same(&r, &before, false, "failed range change");
    snap_free(&before);
    rig_cleanup(&r);
}

/* A rule of ours named by the prefix alone (every earlier version) is recognised by its tag and
 * replaced; a rollback puts it back under its old name. */
static void test_range_rule_of_old_naming_is_replaced(void)
{
    rig r;
    pasv_options opt;
    snapshot before;

    rig_bare(&r);
    seed(&r, fake_rule("Passive FTP", 5001, 5010, BOTH, EN | PASV_FW_TAGGED));
    r.cfg.is_set = true;
    r.cfg.range.low = 5001;
    r.cfg.range.high = 5010;
    snap_take(&r, &before);
    range_rule_opts(&opt, 5001, 5010);
    rig_plan(&r, &opt);
    ok(pasv_plan_apply(r.plan, &r.be, &r.sink.base) == PASV_S_OK, "applied");
    ok(rules_tagged(&r) == 1 && rules_named(&r, "Passive FTP 5001-5010", NULL) == 1, "now one rule, range-named");
    ok(pasv_plan_rollback(r.plan, &r.be, &r.sink.base) == PASV_S_OK, "rollback");
    snap_same(&r, &before, false, "old-named rule back");
    snap_free(&before);
    rig_cleanup(&r);
}

/* Found by fuzz_engine seed 5602202: someone else overwrote a port the plan kept, so VERIFY
 * marks the KEEP row NOT_VERIFIED; a KEEP row changed nothing, so it is no change "in effect",
 * and retrying it must not run it as an action. */
static void test_kept_port_overwritten_by_someone_else_is_not_a_change_in_effect(void)
{
    rig r;
    pasv_options opt;
    pasv_plan_counts c;
    const pasv_plan_item *keep;
    pasv_hr hr;

    rig_bare(&r);
    r.cfg.is_set = true;
    r.cfg.range.low = 5001;
    r.cfg.range.high = 5002;
    seed(&r, fake_port("Passive FTP5001", 5001, BOTH, EN));
    pasv_options_init(&opt, PASV_SERVER_IIS6);
    opt.range.low = 5001;
    opt.range.high = 5002;
    rig_plan(&r, &opt);
    keep = item_of(r.plan, PASV_ITEM_KEEP_PORT, 5001);
    ok(keep != NULL && item_of(r.plan, PASV_ITEM_OPEN_PORT, 5002) != NULL, "keeps 5001, opens 5002");
    r.fw.outside_call = 1;
    r.fw.outside = fake_port("Outsider", 5001, BOTH, EN);
    hr = pasv_plan_apply(r.plan, &r.be, &r.sink.base);
    ok(hr == PASV_E_NOT_VERIFIED, "verify sees the kept port gone (0x%08x)", (unsigned)hr);
    ok(keep && keep->status == PASV_ST_NOT_VERIFIED, "the KEEP row is not verified");
    pasv_plan_count(r.plan, &c);
    ok(c.in_effect == 1, "one change in effect (5002 opened), got %u", c.in_effect);
    ok(pasv_plan_retry_failed(r.plan) > 0, "retry resets");
    hr = pasv_plan_apply(r.plan, &r.be, &r.sink.base);
    ok(keep && keep->status != PASV_ST_FAILED && keep->hr != PASV_E_UNEXPECTED,
       "a retried KEEP row is re-checked, not run as an action (status %u hr 0x%08x)", keep ? keep->status : 0,
       keep ? (unsigned)keep->hr : 0);
    ok(keep && keep->status == PASV_ST_NOT_VERIFIED && hr == PASV_E_NOT_VERIFIED,
       "and still reported not verified (0x%08x)", (unsigned)hr);
    ok(held(&r, 5001, PASV_PROFILE_DOMAIN) && strcmp(held(&r, 5001, PASV_PROFILE_DOMAIN)->name, "Outsider") == 0,
       "the outsider's entry is left alone");
    rig_cleanup(&r);
}

/* The rule is written for a custom remote list, but the firewall keeps it open to any address:
 * verify judges the rule's scope and remote list as the plan and the audit do. */
static void range_rule_read_back_with_another_scope_is_not_verified(void)
{
    rig r;
    pasv_options opt;
    const pasv_plan_item *put;
    pasv_hr hr;

    rig_bare(&r);
    range_rule_opts(&opt, 5001, 5010);
    opt.scope = PASV_SCOPE_CUSTOM;
    opt.remote = "10.0.0.0/255.0.0.0";
    rig_plan(&r, &opt);
    r.fw.rule_scope_stored = PASV_SCOPE_ANY;
    hr = pasv_plan_apply(r.plan, &r.be, &r.sink.base);
    put = item_of(r.plan, PASV_ITEM_PUT_RULE, 0);
    ok(hr == PASV_E_NOT_VERIFIED, "verify sees the other scope (0x%08x)", (unsigned)hr);
    ok(put && put->status == PASV_ST_NOT_VERIFIED, "the PUT_RULE row is not verified (%u)", put ? put->status : 0);
    ok(rules_named(&r, "Passive FTP 5001-5010", NULL) == 1, "the rule is there, with the range and name asked");

    rig_cleanup(&r);

    /* The same with the scope kept: verified. */
    rig_bare(&r);
    rig_plan(&r, &opt);
    ok(pasv_plan_apply(r.plan, &r.be, &r.sink.base) == PASV_S_OK, "stored as asked: verified");
    rig_cleanup(&r);
}

/* Windows compares rule names without case: "passive ftp 5001-5010" of ours is the rule a put of
 * "Passive FTP 5001-5010" edits, and it keeps its stored name. After a case-only prefix change
 * the rule verifies, and a re-run leaves one rule of ours. */
static void rule_verifies_after_a_case_only_prefix_change(void)
{
    rig r;
    pasv_options opt;
    const pasv_plan_item *put;
    pasv_hr hr;

    ok(pasv_fw_rule_name_equal("Passive FTP 5001-5010", "pASSIVE ftp 5001-5010")
           && !pasv_fw_rule_name_equal("Passive FTP 5001-5010", "Passive FTP 5001-501")
           && !pasv_fw_rule_name_equal("caf\xc3\xa9", "CAF\xc3\x89") && pasv_fw_rule_name_equal(NULL, ""),
       "rule names compare with ASCII case folded, every other byte exactly");
    rig_bare(&r);
    seed(&r, fake_rule("passive ftp 5001-5010", 5001, 5010, BOTH, EN | PASV_FW_TAGGED));
    r.fw.rule_keeps_name = true;
    range_rule_opts(&opt, 5001, 5010);
    opt.prefix = "Passive FTP";
    rig_plan(&r, &opt);
    put = item_of(r.plan, PASV_ITEM_PUT_RULE, 0);
    ok(put && put->status == PASV_ST_PENDING && put->entry != UINT32_MAX, "the rule of ours is replaced");
    ok(item_of(r.plan, PASV_ITEM_REMOVE_RULE, 0) == NULL, "and not removed as another name");
    hr = pasv_plan_apply(r.plan, &r.be, &r.sink.base);
    ok(hr == PASV_S_OK, "the rule verifies (0x%08x)", (unsigned)hr);
    ok(put && put->status == PASV_ST_DONE, "PUT_RULE done (%u)", put ? put->status : 0);
    ok(rules_named(&r, "passive ftp 5001-5010", NULL) == 1 && rules_tagged(&r) == 1, "one rule, its name as stored");
    rig_cleanup(&r);
}

/* ---- Issue 12: one count of a run for every front end; a failed rollback can be retried ---- */

/* Finding 4: after Stop the dialog's counter said "10004 of 10004 done" with a full bar. The
 * engine's progress counts what ran; cancelled items did not. */
static void counter_after_stop_counts_only_the_items_that_ran(void)
{
    rig r;
    pasv_options opt;
    pasv_plan_progress p;
    pasv_plan_counts c;

    rig_init(&r);
    pasv_options_init(&opt, PASV_SERVER_IIS6);
    rig_plan(&r, &opt);
    r.sink.cancel_after = 50;
    ok(pasv_plan_apply(r.plan, &r.be, &r.sink.base) == PASV_E_ABORT, "stopped");
    pasv_items_progress(r.plan->items, r.plan->count, false, &p);
    pasv_plan_count(r.plan, &c);
    ok(p.total == r.plan->count, "total is every item (%u of %zu)", p.total, r.plan->count);
    ok(p.done == r.plan->count - c.cancelled && p.done < p.total, "done %u = the %zu items that ran or had nothing to do",
       p.done, r.plan->count - c.cancelled);
    ok(p.done == count_status(r.plan, PASV_ST_DONE) + count_status(r.plan, PASV_ST_UNCHANGED),
       "done is what ran plus the rows with nothing to do (%u)", p.done);
    ok(p.failed == 0, "none failed");
    rig_cleanup(&r);
}

/* A sink that samples the engine's undo progress at every finished item of a rollback. */
typedef struct progress_probe {
    pasv_sink base;
    uint32_t first_done, first_total, last_done, last_total, samples;
} progress_probe;

static void probe_started(pasv_sink *s, const pasv_plan *plan, size_t item)
{
    (void)s, (void)plan, (void)item;
}

static void probe_finished(pasv_sink *s, const pasv_plan *plan, size_t item)
{
    progress_probe *pp = (progress_probe *)s;
    pasv_plan_progress p;

    (void)item;
    pasv_items_progress(plan->items, plan->count, true, &p);
    if (!pp->samples++) {
        pp->first_done = p.done;
        pp->first_total = p.total;
    }
    pp->last_done = p.done;
    pp->last_total = p.total;
}

static bool probe_cancel(pasv_sink *s)
{
    (void)s;
    return false;
}

static const pasv_sink_vtable probe_vt = {probe_started, probe_finished, probe_cancel, NULL};

/* Finding 4, Close -> Yes: "Rolling back..." showed "25005 of 25005" from its first item on. */
static void counter_during_rollback_counts_the_undos(void)
{
    rig r;
    pasv_options opt;
    progress_probe probe;
    pasv_plan_progress p;

    rig_init(&r);
    pasv_options_init(&opt, PASV_SERVER_IIS6);
    rig_plan(&r, &opt);
    r.sink.cancel_after = 50;
    ok(pasv_plan_apply(r.plan, &r.be, &r.sink.base) == PASV_E_ABORT, "stopped after 50");
    pasv_items_progress(r.plan->items, r.plan->count, true, &p);
    ok(p.done == 0 && p.total > 40 && p.total < r.plan->count, "before the rollback: 0 of %u to undo", p.total);
    memset(&probe, 0, sizeof(probe));
    probe.base.vt = &probe_vt;
    ok(pasv_plan_rollback(r.plan, &r.be, &probe.base) == PASV_S_OK, "rolled back");
    ok(probe.first_done == 1 && probe.first_total == p.total, "after the first undo: 1 of %u (%u of %u)", p.total,
       probe.first_done, probe.first_total);
    ok(probe.last_done == p.total && probe.last_total == p.total, "at the end: %u of %u", probe.last_done,
       probe.last_total);
    rig_cleanup(&r);
}

/* Finding 9: "could not undo 25 changes" with no way to retry the undo. Run again, the rollback
 * retries exactly what it could not undo, and the state is as before the run. */
static void failed_rollback_can_be_retried(void)
{
    rig r;
    pasv_options opt;
    pasv_plan_counts c;
    pasv_plan_progress p;
    snapshot before;

    rig_bare(&r);
    r.cfg.is_set = true;
    r.cfg.range.low = 4000;
    r.cfg.range.high = 4001;
    seed(&r, fake_port("Passive FTP4000", 4000, BOTH, EN));
    seed(&r, fake_port("Passive FTP4001", 4001, BOTH, EN));
    snap_take(&r, &before);
    pasv_options_init(&opt, PASV_SERVER_IIS6);
    opt.range.low = 5001;
    opt.range.high = 5002;
    rig_plan(&r, &opt);
    ok(pasv_plan_apply(r.plan, &r.be, &r.sink.base) == PASV_S_OK, "applied");
    r.fw.fail_call = r.fw.calls + 1; /* the first undo (re-opening 4001) fails */
    ok(PASV_FAILED(pasv_plan_rollback(r.plan, &r.be, &r.sink.base)), "the first rollback fails");
    pasv_plan_count(r.plan, &c);
    ok(c.rollback_failed == 1 && c.in_effect > 0, "one undo failed, %u changes in effect", c.in_effect);
    pasv_items_progress(r.plan->items, r.plan->count, true, &p);
    ok(p.failed == 1 && p.done + p.failed < p.total, "the counter says so: %u of %u undone, %u failed", p.done,
       p.total, p.failed);
    r.fw.fail_call = 0;
    r.svc.restarts = 0;
    ok(pasv_plan_rollback(r.plan, &r.be, &r.sink.base) == PASV_S_OK, "the rollback run again succeeds");
    pasv_plan_count(r.plan, &c);
    ok(c.rollback_failed == 0 && c.in_effect == 0 && !r.plan->range_kept, "nothing left in effect (%u, failed %u)",
       c.in_effect, c.rollback_failed);
    snap_same(&r, &before, false, "after the retried rollback");
    ok(r.svc.restarts == 1, "the service restarted once, on the old range (%u)", r.svc.restarts);
    pasv_items_progress(r.plan->items, r.plan->count, true, &p);
    ok(p.done == p.total && p.failed == 0, "the counter: %u of %u undone", p.done, p.total);
    snap_free(&before);
    rig_cleanup(&r);
}

/* Issue 12 finding 3: not elevated, the backup is refused. The dialog runs with CONTINUE (the
 * admin decides after a failure), yet nothing may change without a backup: the run stops at
 * once, every later item SKIPPED, the server and the firewall never touched. */
static void a_failed_backup_stops_the_run_before_any_change(void)
{
    static const pasv_on_error modes[] = {PASV_ON_ERROR_CONTINUE, PASV_ON_ERROR_ROLLBACK};
    size_t m;

    for (m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
        rig r;
        pasv_options opt;
        snapshot before;
        pasv_hr hr;

        rig_init(&r);
        pasv_options_init(&opt, PASV_SERVER_IIS6);
        opt.on_error = modes[m];
        rig_plan(&r, &opt);
        snap_take(&r, &before);
        r.cfg.backup_hr = PASV_E_ACCESSDENIED;
        r.fw.calls = 0;
        hr = pasv_plan_apply(r.plan, &r.be, &r.sink.base);
        ok(hr == PASV_E_ACCESSDENIED, "mode %zu: the refusal is the result, got 0x%08x", m, (unsigned)hr);
        ok(item_of(r.plan, PASV_ITEM_BACKUP, 0)->status == PASV_ST_FAILED, "mode %zu: the backup row FAILED", m);
        ok(count_status(r.plan, PASV_ST_FAILED) == 1 && count_status(r.plan, PASV_ST_DONE) == 0 &&
               count_status(r.plan, PASV_ST_PENDING) == 0 && count_status(r.plan, PASV_ST_SKIPPED) > 0 &&
               item_of(r.plan, PASV_ITEM_RESTART_SERVICE, 0)->status == PASV_ST_SKIPPED,
           "mode %zu: nothing DONE or left PENDING, later rows SKIPPED", m);
        ok(r.fw.calls == 0 && r.cfg.sets == 0 && r.svc.restarts == 0, "mode %zu: nothing touched (fw %u, cfg %u, svc %u)",
           m, r.fw.calls, r.cfg.sets, r.svc.restarts);
        snap_same(&r, &before, true, "a failed backup");
        ok(r.sink.pairing_ok, "mode %zu: sink pairing", m);
        snap_free(&before);
        rig_cleanup(&r);
    }
}

/* Issue 12 finding 3: the range write refused (CONTINUE, as the dialog runs): the FTP service
 * would read what it reads now, so it is not restarted (transfers would drop for nothing). */
static void service_is_not_restarted_when_the_range_was_not_written(void)
{
    rig r;
    pasv_options opt;
    pasv_hr hr;

    rig_init(&r);
    pasv_options_init(&opt, PASV_SERVER_IIS6);
    opt.on_error = PASV_ON_ERROR_CONTINUE;
    rig_plan(&r, &opt);
    r.cfg.fail_set_call = 1;
    r.cfg.set_hr = PASV_E_ACCESSDENIED;
    hr = pasv_plan_apply(r.plan, &r.be, &r.sink.base);
    ok(hr == PASV_S_FALSE, "CONTINUE: S_FALSE, got 0x%08x", (unsigned)hr);
    ok(item_of(r.plan, PASV_ITEM_SET_RANGE, 0)->status == PASV_ST_FAILED, "the range row FAILED");
    ok(item_of(r.plan, PASV_ITEM_RESTART_SERVICE, 0)->status == PASV_ST_SKIPPED && r.svc.restarts == 0,
       "the restart row SKIPPED, the service never restarted (%u)", r.svc.restarts);
    ok(r.sink.pairing_ok, "sink pairing");
    rig_cleanup(&r);
}

int main(void)
{
    test_success();
    test_rollback_on_failure();
    test_continue_then_retry();
    test_cancel_then_rollback();
    test_cancel_then_keep();
    test_restart_failure();
    test_stub_firewall();
    test_missing_backend();
    test_stale_rollback_restores_names();
    test_range_rule();
    test_clear();
    test_full_range();
    test_scope_change_replaces_our_entries();
    test_range_rule_with_other_scope_is_replaced();
    test_rollback_restores_disabled_exception_disabled();
    test_rollback_restores_per_profile_scopes();
    test_range_kept_when_firewall_undo_failed();
    test_failed_restart_reports_service_still_stopped();
    test_foreign_entry_added_mid_run_is_never_written();
    test_changed_by_someone_else_survives_the_rollback();
    test_range_rule_beside_a_persons_same_named_rule();
    test_range_change_replaces_our_rule_only();
    test_range_rule_of_old_naming_is_replaced();
    test_kept_port_overwritten_by_someone_else_is_not_a_change_in_effect();
    range_rule_read_back_with_another_scope_is_not_verified();
    rule_verifies_after_a_case_only_prefix_change();
    counter_after_stop_counts_only_the_items_that_ran();
    counter_during_rollback_counts_the_undos();
    failed_rollback_can_be_retried();
    a_failed_backup_stops_the_run_before_any_change();
    service_is_not_restarted_when_the_range_was_not_written();
    return test_summary("apply");
}
