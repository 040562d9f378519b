/* pasvports: unit tests of the engine's IIS 7+ items (issue 13): a site's external address and
 * the FTP role's built-in passive rule are planned in order, run, verified, refused when someone
 * else changed them after planning, rolled back, journaled and refused on IIS 5/6.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include <stdio.h>
#include <string.h>

#include "fakes.h"
#include "pasv/journal.h"
#include "pasv/plan.h"
#include "testlib.h"

#define ALL3 (PASV_PROFILE2_DOMAIN | PASV_PROFILE2_PRIVATE | PASV_PROFILE2_PUBLIC)
#define SITE "Default FTP Site"
#define BUILTIN "FTP Server Passive (FTP Passive Traffic-In)"

typedef struct rig {
    fake_log log;
    fake_config cfg;
    fake_firewall fw;
    fake_service svc;
    fake_sink sink;
    pasv_backends be;
    pasv_fw_list list;
    pasv_fw_entry builtin;
    pasv_plan *plan;
} rig;

/* An IIS 10 host: range not set, one FTP site without an external address, the built-in passive
 * rule on. */
static void rig_init(rig *r)
{
    memset(r, 0, sizeof(*r));
    fake_log_init(&r->log);
    fake_config_init(&r->cfg, &r->log, PASV_SERVER_IIS7);
    strcpy(r->cfg.site, SITE);
    fake_firewall_init(&r->fw, &r->log, ALL3);
    r->fw.has_builtin = r->fw.builtin_enabled = true;
    strcpy(r->fw.builtin_name, BUILTIN);
    fake_service_init(&r->svc, &r->log);
    r->svc.cfg = &r->cfg;
    fake_sink_init(&r->sink);
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

/* What a front end does: read everything through the backends, then build. off_by_us: the mark
 * an earlier run of ours left. */
static pasv_hr rig_plan(rig *r, const pasv_options *opt, bool off_by_us)
{
    pasv_current cur;
    char ip[64];

    memset(&cur, 0, sizeof(cur));
    pasv_fw_list_cleanup(&r->list);
    r->fw.base.vt->list(&r->fw.base, &r->list);
    pasv_fw_classify(&r->list, opt->prefix);
    r->fw.base.vt->get_state(&r->fw.base, &cur.fw_state);
    r->cfg.base.vt->get_range(&r->cfg.base, &cur.range, &cur.range_set);
    cur.edit_while_running = -1;
    cur.fw = &r->list;
    if (opt->site && PASV_SUCCEEDED(r->cfg.base.vt->get_external_ip(&r->cfg.base, opt->site, ip, sizeof(ip))))
        cur.external_ip = ip;
    r->builtin = fake_builtin_entry(&r->fw);
    cur.builtin_rule = r->fw.has_builtin ? &r->builtin : NULL;
    cur.builtin_off_by_us = off_by_us;
    pasv_plan_free(r->plan);
    r->plan = NULL;
    r->log.count = 0;
    return pasv_plan_build(opt, &cur, &r->plan);
}

static void iis7_options(pasv_options *opt, const char *ip, bool builtin_off)
{
    pasv_options_init(opt, PASV_SERVER_IIS7);
    opt->mode = PASV_MODE_RANGE_RULE;
    opt->site = SITE;
    opt->external_ip = ip;
    opt->disable_builtin_rule = builtin_off;
}

static size_t index_of(const pasv_plan *p, pasv_item_kind kind)
{
    size_t i;
    for (i = 0; i < p->count; i++)
        if (p->items[i].kind == kind)
            return i;
    return SIZE_MAX;
}

static void the_address_is_written_before_the_restart_and_the_builtin_rule_goes_off_last(void)
{
    static const pasv_item_kind want[] = {PASV_ITEM_BACKUP,          PASV_ITEM_PUT_RULE,
                                          PASV_ITEM_SET_RANGE,       PASV_ITEM_SET_EXTERNAL_IP,
                                          PASV_ITEM_RESTART_SERVICE, PASV_ITEM_DISABLE_BUILTIN_RULE,
                                          PASV_ITEM_VERIFY};
    rig r;
    pasv_options opt;
    pasv_plan_counts c;
    size_t i;
    pasv_hr hr;

    rig_init(&r);
    iis7_options(&opt, "203.0.113.5", true);
    ok(rig_plan(&r, &opt, false) == PASV_S_OK, "plan built");
    ok(r.plan->count == sizeof(want) / sizeof(want[0]), "7 items, got %zu", r.plan->count);
    for (i = 0; i < r.plan->count && i < sizeof(want) / sizeof(want[0]); i++)
        ok(r.plan->items[i].kind == want[i], "item %zu is kind %d, got %u", i, want[i], r.plan->items[i].kind);
    hr = pasv_plan_apply(r.plan, &r.be, &r.sink.base);
    ok(hr == PASV_S_OK, "apply S_OK, got 0x%08x", (unsigned)hr);
    ok(!strcmp(r.cfg.external_ip, "203.0.113.5"), "the site's address is written: '%s'", r.cfg.external_ip);
    ok(!r.fw.builtin_enabled, "the built-in passive rule is off");
    ok(fake_log_find(&r.log, 0, "cfg.set_external_ip") < fake_log_find(&r.log, 0, "svc.restart"),
       "the address is written before the restart");
    ok(fake_log_find(&r.log, 0, "fw.put_rule") < fake_log_find(&r.log, 0, "fw.set_builtin_rule"),
       "the built-in rule goes off after our rule is in place");
    ok(fake_log_count(&r.log, "cfg.get_external_ip") == 1, "VERIFY reads the address back");
    pasv_plan_count(r.plan, &c);
    ok(c.done == 7 && c.in_effect == 4, "7 done, 4 in effect (rule, range, address, built-in): %u, %u", c.done,
       c.in_effect);
    rig_cleanup(&r);
}

static void an_address_alone_is_written_and_the_service_restarted(void)
{
    rig r;
    pasv_options opt;
    pasv_hr hr;

    rig_init(&r);
    iis7_options(&opt, "", false);
    strcpy(r.cfg.external_ip, "198.51.100.7");
    opt.skip_config = true; /* pasvctl apply --external-ip without a range */
    opt.skip_firewall = true;
    ok(rig_plan(&r, &opt, false) == PASV_S_OK, "plan built");
    ok(r.plan->count == 4 && r.plan->items[0].kind == PASV_ITEM_BACKUP
           && r.plan->items[1].kind == PASV_ITEM_SET_EXTERNAL_IP && r.plan->items[2].kind == PASV_ITEM_RESTART_SERVICE
           && r.plan->items[3].kind == PASV_ITEM_VERIFY,
       "backup, address, restart, verify (%zu items)", r.plan->count);
    hr = pasv_plan_apply(r.plan, &r.be, &r.sink.base);
    ok(hr == PASV_S_OK && r.cfg.external_ip[0] == 0, "cleared: hr 0x%08x, '%s'", (unsigned)hr, r.cfg.external_ip);
    ok(r.svc.restarts == 1 && r.cfg.sets == 0, "one restart, the range untouched (%u, %u)", r.svc.restarts, r.cfg.sets);
    rig_cleanup(&r);
}

static void an_address_equal_to_the_current_one_plans_nothing(void)
{
    rig r;
    pasv_options opt;

    rig_init(&r);
    iis7_options(&opt, "203.0.113.5", false);
    strcpy(r.cfg.external_ip, "203.0.113.5");
    opt.skip_config = opt.skip_firewall = true;
    ok(rig_plan(&r, &opt, false) == PASV_S_OK, "plan built");
    ok(r.plan->count == 0 && pasv_plan_is_noop(r.plan), "nothing planned (%zu items)", r.plan->count);
    rig_cleanup(&r);
}

/* The run fails at VERIFY (the firewall cannot be listed): everything is undone, the built-in
 * rule on again, the old address back, and the service restarted on them. */
static void rollback_restores_the_address_and_turns_the_builtin_rule_on_again(void)
{
    rig r;
    pasv_options opt;
    pasv_plan_counts c;
    pasv_hr hr;

    rig_init(&r);
    iis7_options(&opt, "203.0.113.5", true);
    strcpy(r.cfg.external_ip, "192.0.2.1");
    ok(rig_plan(&r, &opt, false) == PASV_S_OK, "plan built");
    r.fw.list_hr = PASV_E_ACCESSDENIED;
    hr = pasv_plan_apply(r.plan, &r.be, &r.sink.base);
    ok(hr == PASV_E_ACCESSDENIED, "the run failed at VERIFY: 0x%08x", (unsigned)hr);
    ok(!strcmp(r.cfg.external_ip, "192.0.2.1"), "the old address is back: '%s'", r.cfg.external_ip);
    ok(r.fw.builtin_enabled && r.fw.builtin_sets == 2, "the built-in rule was turned off, then on again (%u writes)",
       r.fw.builtin_sets);
    ok(!r.cfg.is_set, "the range is unset again");
    ok(r.svc.restarts == 2, "restarted for the change, then for the rollback (%u)", r.svc.restarts);
    ok(r.plan->items[index_of(r.plan, PASV_ITEM_SET_EXTERNAL_IP)].status == PASV_ST_ROLLED_BACK
           && r.plan->items[index_of(r.plan, PASV_ITEM_DISABLE_BUILTIN_RULE)].status == PASV_ST_ROLLED_BACK,
       "both items say rolled back");
    pasv_plan_count(r.plan, &c);
    ok(c.in_effect == 0, "nothing left in effect: %u", c.in_effect);
    rig_cleanup(&r);
}

/* A failed restart: the built-in rule is never turned off, the address is put back. */
static void a_failed_run_never_turns_the_builtin_rule_off(void)
{
    rig r;
    pasv_options opt;
    pasv_hr hr;
    size_t off;

    rig_init(&r);
    iis7_options(&opt, "203.0.113.5", true);
    ok(rig_plan(&r, &opt, false) == PASV_S_OK, "plan built");
    r.svc.restart_hr = PASV_HR_FROM_WIN32(1053);
    hr = pasv_plan_apply(r.plan, &r.be, &r.sink.base);
    ok(PASV_FAILED(hr), "the run failed");
    off = index_of(r.plan, PASV_ITEM_DISABLE_BUILTIN_RULE);
    ok(r.plan->items[off].status == PASV_ST_SKIPPED, "DISABLE_BUILTIN_RULE skipped: %u", r.plan->items[off].status);
    ok(r.fw.builtin_enabled && fake_log_count(&r.log, "fw.set_builtin_rule") == 0, "the built-in rule never touched");
    ok(r.cfg.external_ip[0] == 0, "the address is unset again: '%s'", r.cfg.external_ip);
    ok(fake_log_find(&r.log, fake_log_find(&r.log, 0, "svc.restart"), "cfg.set_external_ip") < fake_log_find(&r.log, 0, "svc.start"),
       "the address went back with the range, before the service started again");

    /* Under CONTINUE too: a failure anywhere earlier keeps it on. */
    rig_cleanup(&r);
    rig_init(&r);
    iis7_options(&opt, NULL, true);
    opt.on_error = PASV_ON_ERROR_CONTINUE;
    ok(rig_plan(&r, &opt, false) == PASV_S_OK, "plan built");
    r.fw.fail_call = 1; /* put_rule */
    hr = pasv_plan_apply(r.plan, &r.be, &r.sink.base);
    ok(hr == PASV_S_FALSE, "continue: S_FALSE, got 0x%08x", (unsigned)hr);
    ok(r.plan->items[index_of(r.plan, PASV_ITEM_DISABLE_BUILTIN_RULE)].status == PASV_ST_SKIPPED
           && r.fw.builtin_enabled,
       "our rule is not in place: the built-in rule stays on");
    rig_cleanup(&r);
}

static void changed_after_planning_is_refused_and_left_alone(void)
{
    rig r;
    pasv_options opt;
    size_t ip, off;

    rig_init(&r);
    iis7_options(&opt, "203.0.113.5", false);
    ok(rig_plan(&r, &opt, false) == PASV_S_OK, "plan built");
    strcpy(r.cfg.outside_ip, "198.51.100.9"); /* someone else sets it between plan and write */
    (void)pasv_plan_apply(r.plan, &r.be, &r.sink.base);
    ip = index_of(r.plan, PASV_ITEM_SET_EXTERNAL_IP);
    ok(r.plan->items[ip].status == PASV_ST_FAILED && r.plan->items[ip].hr == PASV_E_CHANGED,
       "SET_EXTERNAL_IP refused with PASV_E_CHANGED (status %u hr 0x%08x)", r.plan->items[ip].status,
       (unsigned)r.plan->items[ip].hr);
    ok(!strcmp(r.cfg.external_ip, "198.51.100.9") && r.cfg.ip_sets == 0, "their address stays: '%s'",
       r.cfg.external_ip);
    ok(pasv_item_status_msg(&r.plan->items[ip]) == PASV_MSG_RESULT_CHANGED, "the row says changed by someone else");
    ok(pasv_plan_retry_failed(r.plan) == 0 || r.plan->items[ip].status != PASV_ST_PENDING, "never retried blindly");
    rig_cleanup(&r);

    rig_init(&r);
    iis7_options(&opt, NULL, true);
    ok(rig_plan(&r, &opt, false) == PASV_S_OK, "plan built");
    r.fw.builtin_swapped = true; /* a rule of that name that is not the built-in passive one */
    (void)pasv_plan_apply(r.plan, &r.be, &r.sink.base);
    off = index_of(r.plan, PASV_ITEM_DISABLE_BUILTIN_RULE);
    ok(r.plan->items[off].hr == PASV_E_CHANGED && r.fw.builtin_sets == 0,
       "DISABLE_BUILTIN_RULE refused with PASV_E_CHANGED, nothing written (hr 0x%08x)",
       (unsigned)r.plan->items[off].hr);
    rig_cleanup(&r);
}

static void remove_turns_on_the_builtin_rule_ours_turned_off(void)
{
    rig r;
    pasv_options opt;
    size_t on;
    pasv_hr hr;

    rig_init(&r);
    r.fw.builtin_enabled = false;
    pasv_options_init(&opt, PASV_SERVER_IIS7);
    opt.clear_range = true;
    r.cfg.is_set = true;
    r.cfg.range.low = 5001;
    r.cfg.range.high = 5201;
    ok(rig_plan(&r, &opt, true) == PASV_S_OK, "remove planned");
    on = index_of(r.plan, PASV_ITEM_ENABLE_BUILTIN_RULE);
    ok(on != SIZE_MAX && on < index_of(r.plan, PASV_ITEM_CLEAR_RANGE), "ENABLE_BUILTIN_RULE planned before the clear");
    hr = pasv_plan_apply(r.plan, &r.be, &r.sink.base);
    ok(hr == PASV_S_OK && r.fw.builtin_enabled, "remove turned it on: 0x%08x", (unsigned)hr);
    ok(pasv_plan_rollback(r.plan, &r.be, &r.sink.base) == PASV_S_OK && !r.fw.builtin_enabled,
       "rolling the remove back turns it off again");

    ok(rig_plan(&r, &opt, false) == PASV_S_OK && index_of(r.plan, PASV_ITEM_ENABLE_BUILTIN_RULE) == SIZE_MAX,
       "turned off by someone else (no mark): remove leaves it alone");
    rig_cleanup(&r);
}

static void the_options_are_refused_on_iis5_and_iis6_and_when_malformed(void)
{
    static const struct {
        pasv_server_kind server;
        const char *site, *ip;
        bool builtin, read_ip;
        const char *why;
    } rows[] = {
        {PASV_SERVER_IIS6, SITE, "203.0.113.5", false, true, "an address on IIS 6"},
        {PASV_SERVER_IIS5, SITE, "203.0.113.5", false, true, "an address on IIS 5"},
        {PASV_SERVER_IIS6, NULL, NULL, true, true, "the built-in rule on IIS 6"},
        {PASV_SERVER_IIS5, SITE, NULL, false, true, "a site on IIS 5"},
        {PASV_SERVER_IIS7, NULL, "203.0.113.5", false, true, "an address without a site"},
        {PASV_SERVER_IIS7, SITE, "203.0.113", false, true, "not an IPv4 address"},
        {PASV_SERVER_IIS7, SITE, "224.0.0.1", false, true, "a multicast address"},
        {PASV_SERVER_IIS7, SITE, "203.0.113.5", false, false, "the site's address was not read"},
    };
    size_t i;

    for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        pasv_options opt;
        pasv_current cur;
        pasv_plan *plan = NULL;
        pasv_hr hr;

        pasv_options_init(&opt, rows[i].server);
        opt.skip_firewall = true;
        opt.site = rows[i].site;
        opt.external_ip = rows[i].ip;
        opt.disable_builtin_rule = rows[i].builtin;
        memset(&cur, 0, sizeof(cur));
        cur.range = pasv_range_server_default(rows[i].server);
        cur.edit_while_running = -1;
        cur.external_ip = rows[i].read_ip ? "" : NULL;
        hr = pasv_plan_build(&opt, &cur, &plan);
        ok(hr == PASV_E_INVALIDARG && !plan, "%s: refused, 0x%08x", rows[i].why, (unsigned)hr);
        pasv_plan_free(plan);
    }
}

/* A journal sink as the front ends wrap theirs: one done line per finished item. */
typedef struct jsink {
    pasv_sink iface;
    pasv_jbuf *buf;
    size_t stop_after; /* lines written before the "kill" (SIZE_MAX: never) */
    size_t lines;
} jsink;

static void js_started(pasv_sink *s, const pasv_plan *plan, size_t item)
{
    (void)s, (void)plan, (void)item;
}

static void js_finished(pasv_sink *s, const pasv_plan *plan, size_t item)
{
    jsink *js = PASV_CONTAINER_OF(s, jsink, iface);
    char line[64];
    size_t n = pasv_journal_format_item(line, sizeof(line), item, &plan->items[item]);

    if (js->lines++ < js->stop_after)
        (void)pasv_textbuf_append(js->buf, line, n);
}

/* The "kill": nothing runs once the item being written when it came has finished. */
static bool js_cancel(pasv_sink *s)
{
    jsink *js = PASV_CONTAINER_OF(s, jsink, iface);
    return js->lines > js->stop_after;
}

static const pasv_sink_vtable js_vt = {js_started, js_finished, js_cancel, NULL};

static void the_new_items_survive_a_journal_round_trip_and_a_crash(void)
{
    rig r;
    pasv_options opt;
    pasv_journal_state before;
    pasv_journal_who who = {"pasvctl", 42, "2026-12-01T12:00:00Z", "pasvctl apply 5001-5201 --external-ip 203.0.113.5"};
    pasv_jbuf b;
    pasv_journal j;
    pasv_plan *back = NULL;
    jsink js;
    size_t ip, off, i;
    const pasv_fw_entry *was, *now, *rule;

    rig_init(&r);
    iis7_options(&opt, "203.0.113.5", true);
    strcpy(r.cfg.external_ip, "192.0.2.1");
    ok(rig_plan(&r, &opt, false) == PASV_S_OK, "plan built");
    memset(&before, 0, sizeof(before));
    before.range = pasv_range_server_default(PASV_SERVER_IIS7);
    before.edit_while_running = -1;
    before.service_state = PASV_SVC_RUNNING;
    pasv_jbuf_init(&b);
    ok(pasv_journal_format_started(&b, &who, r.plan, &before) == PASV_S_OK, "started record formatted");
    /* The run is killed while the address is being written: the restart never ran. */
    ip = index_of(r.plan, PASV_ITEM_SET_EXTERNAL_IP);
    js.iface.vt = &js_vt;
    js.buf = &b;
    js.stop_after = ip; /* done lines of the items before the address */
    js.lines = 0;
    ok(pasv_plan_apply(r.plan, &r.be, &js.iface) == PASV_E_ABORT, "stopped after the address");
    ok(!strcmp(r.cfg.external_ip, "203.0.113.5"), "the address was written before the kill");

    ok(pasv_journal_parse(b.data, b.len, &j) == PASV_S_OK && j.begun && !j.finished, "an interrupted journal");
    ok(j.opt.site && !strcmp(j.opt.site, SITE) && j.opt.external_ip && !strcmp(j.opt.external_ip, "203.0.113.5")
           && j.opt.disable_builtin_rule,
       "the options keep the site, the address and the built-in rule choice");
    ok(j.count == r.plan->count, "every item read back");
    for (i = 0; i < j.count && i < r.plan->count; i++)
        ok(j.items[i].kind == r.plan->items[i].kind && j.items[i].entry == r.plan->items[i].entry,
           "item %zu: kind and entry", i);
    was = &j.entries.items[j.items[ip].entry];
    now = &j.entries.items[j.items[ip].entry + 1];
    ok(!strcmp(was->name, SITE) && !strcmp(was->remote, "192.0.2.1") && !strcmp(now->remote, "203.0.113.5"),
       "the address records: site '%s', was '%s', new '%s'", was->name, was->remote, now->remote);
    off = index_of(r.plan, PASV_ITEM_DISABLE_BUILTIN_RULE);
    rule = &j.entries.items[j.items[off].entry];
    ok(!strcmp(rule->name, BUILTIN) && rule->ports.low == 1024 && rule->ports.high == 65535
           && (rule->flags & PASV_FW_ENABLED),
       "the built-in rule record: '%s'", rule->name);

    /* --rollback-unfinished: the address item in progress at the kill is undone. */
    ok(pasv_journal_to_plan(&j, &back) == PASV_S_OK, "journal to plan");
    ok(back->opt.site && !strcmp(back->opt.site, SITE), "the plan keeps its own copy of the site");
    ok(pasv_plan_rollback(back, &r.be, NULL) == PASV_S_OK, "rollback S_OK");
    ok(!strcmp(r.cfg.external_ip, "192.0.2.1"), "the old address is back: '%s'", r.cfg.external_ip);
    ok(r.fw.builtin_enabled, "the built-in rule is on");
    pasv_plan_free(back);
    back = NULL;

    /* Rolling back again (the write already undone): nothing written, still a success. */
    ok(pasv_journal_to_plan(&j, &back) == PASV_S_OK && pasv_plan_rollback(back, &r.be, NULL) == PASV_S_OK,
       "an undo of an address already back succeeds");
    ok(!strcmp(r.cfg.external_ip, "192.0.2.1"), "and leaves it: '%s'", r.cfg.external_ip);
    pasv_plan_free(back);
    pasv_journal_cleanup(&j);
    pasv_jbuf_cleanup(&b);
    rig_cleanup(&r);
}

/* A journal written before these options parses with none of them. */
static void an_older_journal_reads_without_the_iis7_options(void)
{
    static const char text[] =
        "journal version=1 program=pasvctl pid=1 time=t command=c\n"
        "options range=5001-5201 clear=0 server=1 mode=0 prefix=Passive%20FTP scope=0 has_remote=0 remote= "
        "profiles=0 stale=1 restart=1 enable_fw=0 edit=-1 on_error=0 skip_config=0 skip_fw=0\n"
        "before range=1025-5000 set=0 service=4 fw_enabled=3 edit=0\n"
        "begin items=0 entries=0\n";
    pasv_journal j;

    ok(pasv_journal_parse(text, sizeof(text) - 1, &j) == PASV_S_OK, "parsed");
    ok(!j.opt.site && !j.opt.external_ip && !j.opt.disable_builtin_rule, "no site, no address, rule left alone");
    pasv_journal_cleanup(&j);
}

int main(void)
{
    the_address_is_written_before_the_restart_and_the_builtin_rule_goes_off_last();
    an_address_alone_is_written_and_the_service_restarted();
    an_address_equal_to_the_current_one_plans_nothing();
    rollback_restores_the_address_and_turns_the_builtin_rule_on_again();
    a_failed_run_never_turns_the_builtin_rule_off();
    changed_after_planning_is_refused_and_left_alone();
    remove_turns_on_the_builtin_rule_ours_turned_off();
    the_options_are_refused_on_iis5_and_iis6_and_when_malformed();
    the_new_items_survive_a_journal_round_trip_and_a_crash();
    an_older_journal_reads_without_the_iis7_options();
    return test_summary("iis7");
}
