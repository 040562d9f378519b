/* pasvports: unit tests for building plans from options and a snapshot of the current state.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 */
#include <string.h>
#include <time.h>

#include "fakes.h"
#include "pasv/plan.h"
#include "testlib.h"

#define BOTH (PASV_PROFILE_DOMAIN | PASV_PROFILE_STANDARD)
#define EN PASV_FW_ENABLED

static void push(pasv_fw_list *l, pasv_fw_entry e)
{
    pasv_fw_list_push(l, &e);
}

/* The seed machine: RDP and web open, a foreign exception inside the range, leftovers of the
 * seed loop in both name forms, one of them outside the new range, a GP entry. */
static void seed_list(pasv_fw_list *l)
{
    pasv_fw_list_init(l);
    push(l, fake_port("Remote Desktop", 3389, BOTH, EN));
    push(l, fake_port("Web", 80, BOTH, EN));
    push(l, fake_port("Other FTP helper", 5100, BOTH, EN));
    push(l, fake_port("Passive FTP5001", 5001, BOTH, EN));
    push(l, fake_port("Passive FTP 5002", 5002, PASV_PROFILE_DOMAIN, EN)); /* partial */
    push(l, fake_port("Passive FTP5003", 5003, BOTH, 0));                  /* disabled */
    push(l, fake_port("Passive FTP4000", 4000, BOTH, EN));                 /* stale */
    push(l, fake_port("Passive FTP 4001", 4001, PASV_PROFILE_STANDARD, EN)); /* stale, one profile */
    push(l, fake_port("Passive FTP5150", 5150, BOTH, EN | PASV_FW_GP));    /* GP: foreign */
    pasv_fw_classify(l, NULL);
}

static pasv_current current(const pasv_fw_list *l)
{
    pasv_current c;

    memset(&c, 0, sizeof(c));
    c.range = pasv_range_server_default(PASV_SERVER_IIS6);
    c.range_set = false;
    c.fw = l;
    c.fw_state.profiles_all = BOTH;
    c.fw_state.profiles_current = PASV_PROFILE_DOMAIN;
    c.fw_state.profiles_enabled = BOTH;
    c.fw_state.profiles_by_type = true;
    c.fw_state.rules_api = true; /* a Vista+ firewall: both modes are possible */
    c.edit_while_running = 0;
    return c;
}

static const pasv_plan_item *find(const pasv_plan *p, pasv_item_kind kind, uint16_t port)
{
    size_t i;

    for (i = 0; i < p->count; i++)
        if (p->items[i].kind == kind && p->items[i].port == port)
            return &p->items[i];
    return NULL;
}

static bool has(const pasv_plan *p, pasv_item_kind kind)
{
    return find(p, kind, 0) != NULL;
}

/* Order from plan.h, as a rank per kind. KEEP/FOREIGN/OPEN share one rank (by port). */
static int rank(uint8_t kind)
{
    switch (kind) {
    case PASV_ITEM_BACKUP: return 0;
    case PASV_ITEM_OPEN_PORT:
    case PASV_ITEM_KEEP_PORT:
    case PASV_ITEM_FOREIGN: return 1;
    case PASV_ITEM_PUT_RULE: return 2;
    case PASV_ITEM_SET_RANGE:
    case PASV_ITEM_CLEAR_RANGE: return 3;
    case PASV_ITEM_EDIT_WHILE_RUNNING: return 4;
    case PASV_ITEM_RESTART_SERVICE: return 5;
    case PASV_ITEM_CLOSE_STALE: return 6;
    case PASV_ITEM_REMOVE_RULE: return 7;
    case PASV_ITEM_ENABLE_FIREWALL: return 8;
    case PASV_ITEM_VERIFY: return 9;
    default: return 100;
    }
}

#define check_order(p) check_order_(__FILE__, __LINE__, p)
static void check_order_(const char *file, int line, const pasv_plan *p)
{
    size_t i;
    bool good = true;

    for (i = 1; i < p->count; i++) {
        const pasv_plan_item *a = &p->items[i - 1], *b = &p->items[i];

        if (rank(a->kind) > rank(b->kind) || (rank(a->kind) == rank(b->kind) && rank(a->kind) <= 1 && rank(a->kind) >= 1
                                              && a->port >= b->port))
            good = false;
        if (a->kind == PASV_ITEM_CLOSE_STALE && b->kind == PASV_ITEM_CLOSE_STALE && a->port >= b->port)
            good = false;
    }
    ok_at(file, line, good, "items follow the order of plan.h");
    if (p->count)
        ok_at(file, line, p->items[p->count - 1].kind == PASV_ITEM_VERIFY || pasv_plan_is_noop(p),
              "VERIFY is last when anything changes");
}

static void test_seed(void)
{
    pasv_fw_list l;
    pasv_current cur;
    pasv_options opt;
    pasv_plan *p = NULL;
    pasv_plan_counts c;
    const pasv_plan_item *it;

    seed_list(&l);
    cur = current(&l);
    pasv_options_init(&opt, PASV_SERVER_IIS6);
    ok(pasv_plan_build(&opt, &cur, &p) == PASV_S_OK && p, "seed plan builds");
    if (!p)
        return;
    pasv_plan_count(p, &c);
    ok(c.foreign == 2 && c.keep == 1 && c.open == 198 && c.stale == 2 && c.rules_put == 0 && c.rules_removed == 0,
       "foreign %u keep %u open %u stale %u", c.foreign, c.keep, c.open, c.stale);
    ok(p->items[0].kind == PASV_ITEM_BACKUP, "BACKUP first");
    ok((it = find(p, PASV_ITEM_FOREIGN, 5100)) && it->status == PASV_ST_UNCHANGED && it->entry < p->entries.count
           && strcmp(p->entries.items[it->entry].name, "Other FTP helper") == 0,
       "5100 is a FOREIGN row with its entry copied");
    ok((it = find(p, PASV_ITEM_FOREIGN, 5150)) != NULL, "GP entry with our name is foreign");
    ok(pasv_item_status_msg(it) == PASV_MSG_RESULT_REPORTED, "foreign rows say REPORTED");
    ok((it = find(p, PASV_ITEM_KEEP_PORT, 5001)) && it->status == PASV_ST_UNCHANGED && it->profiles == BOTH,
       "5001 kept");
    ok((it = find(p, PASV_ITEM_OPEN_PORT, 5002)) && it->profiles == PASV_PROFILE_STANDARD,
       "5002 opened only where missing");
    ok((it = find(p, PASV_ITEM_OPEN_PORT, 5003)) && it->profiles == BOTH, "5003 disabled: re-opened");
    ok((it = find(p, PASV_ITEM_OPEN_PORT, 5201)) && it->status == PASV_ST_PENDING, "5201 opened");
    ok(!find(p, PASV_ITEM_OPEN_PORT, 5202) && !find(p, PASV_ITEM_OPEN_PORT, 5000), "nothing outside the range");
    ok((it = find(p, PASV_ITEM_CLOSE_STALE, 4000)) && it->profiles == BOTH
           && strcmp(p->entries.items[it->entry].name, "Passive FTP4000") == 0,
       "4000 stale, entry kept for rollback");
    ok((it = find(p, PASV_ITEM_CLOSE_STALE, 4001)) && it->profiles == PASV_PROFILE_STANDARD
           && strcmp(p->entries.items[it->entry].name, "Passive FTP 4001") == 0,
       "4001 closed where present only, original name kept");
    ok(!find(p, PASV_ITEM_CLOSE_STALE, 3389) && !find(p, PASV_ITEM_CLOSE_STALE, 80), "foreign never stale");
    ok((it = find(p, PASV_ITEM_SET_RANGE, 0)) && it->range.low == 5001 && it->range.high == 5201, "SET_RANGE");
    ok(has(p, PASV_ITEM_RESTART_SERVICE), "restart when the range changes");
    ok(!has(p, PASV_ITEM_EDIT_WHILE_RUNNING) && !has(p, PASV_ITEM_ENABLE_FIREWALL), "no EWR, no enable");
    ok(p->count == 1 + 201 + 1 + 1 + 2 + 1, "item count %zu", p->count);
    ok(!pasv_plan_is_noop(p), "not a no-op");
    ok(strcmp(p->opt.prefix, PASV_DEFAULT_PREFIX) == 0 && p->opt.prefix == p->prefix_buf, "prefix copied");
    check_order(p);
    pasv_plan_free(p);
    pasv_fw_list_cleanup(&l);
}

/* Scenario table: option tweaks and the expected shape of the plan. */
typedef struct scenario {
    const char *name;
    void (*setup)(pasv_options *opt, pasv_current *cur, pasv_fw_list *l);
    uint32_t open, keep, stale, foreign, rules_put, rules_removed;
    bool backup, set_range, clear_range, restart, ewr, enable, verify;
} scenario;

static void s_default(pasv_options *o, pasv_current *c, pasv_fw_list *l) { (void)o; (void)c; (void)l; }
static void s_keep_stale(pasv_options *o, pasv_current *c, pasv_fw_list *l) { (void)c; (void)l; o->remove_stale = false; }
static void s_no_restart(pasv_options *o, pasv_current *c, pasv_fw_list *l) { (void)c; (void)l; o->restart_service = false; }
static void s_same_range(pasv_options *o, pasv_current *c, pasv_fw_list *l)
{
    (void)l;
    c->range = o->range;
    c->range_set = true;
}
static void s_ewr_on(pasv_options *o, pasv_current *c, pasv_fw_list *l) { (void)c; (void)l; o->edit_while_running = 1; }
static void s_ewr_same(pasv_options *o, pasv_current *c, pasv_fw_list *l)
{
    (void)l;
    s_same_range(o, c, l);
    o->edit_while_running = 0;
}
static void s_ewr_only(pasv_options *o, pasv_current *c, pasv_fw_list *l)
{
    s_same_range(o, c, l);
    o->edit_while_running = 1;
    o->skip_firewall = true;
}
static void s_ewr_iis5(pasv_options *o, pasv_current *c, pasv_fw_list *l)
{
    (void)l;
    o->server = PASV_SERVER_IIS5;
    o->edit_while_running = 1;
    c->edit_while_running = -1;
}
static void s_enable(pasv_options *o, pasv_current *c, pasv_fw_list *l)
{
    (void)l;
    o->enable_firewall = true;
    c->fw_state.profiles_enabled = PASV_PROFILE_DOMAIN;
}
static void s_enable_on(pasv_options *o, pasv_current *c, pasv_fw_list *l) { (void)c; (void)l; o->enable_firewall = true; }
static void s_skip_fw(pasv_options *o, pasv_current *c, pasv_fw_list *l) { (void)c; (void)l; o->skip_firewall = true; }
static void s_no_fw(pasv_options *o, pasv_current *c, pasv_fw_list *l) { (void)o; (void)l; c->fw = NULL; }
static void s_skip_cfg(pasv_options *o, pasv_current *c, pasv_fw_list *l) { (void)c; (void)l; o->skip_config = true; }
static void s_domain_only(pasv_options *o, pasv_current *c, pasv_fw_list *l) { (void)c; (void)l; o->profiles = PASV_PROFILE_DOMAIN; }
static void s_current_only(pasv_options *o, pasv_current *c, pasv_fw_list *l)
{
    (void)o;
    (void)l;
    c->fw_state.profiles_by_type = false; /* current is DOMAIN: 5002 is fine there */
}
static void s_clear(pasv_options *o, pasv_current *c, pasv_fw_list *l)
{
    (void)l;
    o->clear_range = true;
    c->range.low = 5001;
    c->range.high = 5201;
    c->range_set = true;
}
static void s_clear_unset(pasv_options *o, pasv_current *c, pasv_fw_list *l) { (void)c; (void)l; o->clear_range = true; }
static void s_rule_mode(pasv_options *o, pasv_current *c, pasv_fw_list *l) { (void)c; (void)l; o->mode = PASV_MODE_RANGE_RULE; }
static void s_rule_mode_keep(pasv_options *o, pasv_current *c, pasv_fw_list *l)
{
    (void)c;
    (void)l;
    o->mode = PASV_MODE_RANGE_RULE;
    o->remove_stale = false;
}
static void s_small(pasv_options *o, pasv_current *c, pasv_fw_list *l)
{
    (void)c;
    (void)l;
    o->range.low = 6000;
    o->range.high = 6009;
}
static void s_iis7_dynamic(pasv_options *o, pasv_current *c, pasv_fw_list *l)
{
    (void)l;
    o->server = PASV_SERVER_IIS7;
    o->range.low = o->range.high = 0;
    c->range = pasv_range_server_default(PASV_SERVER_IIS7);
    c->edit_while_running = -1;
}

static const scenario scenarios[] = {
    /*                              open keep stale for put rm   bak   set    clear  rst    ewr    enable verify */
    { "default", s_default,           198, 1, 2, 2, 0, 0,        true, true,  false, true,  false, false, true },
    { "keep stale", s_keep_stale,     198, 1, 0, 2, 0, 0,        true, true,  false, true,  false, false, true },
    { "no restart", s_no_restart,     198, 1, 2, 2, 0, 0,        true, true,  false, false, false, false, true },
    { "same range", s_same_range,     198, 1, 2, 2, 0, 0,        false, false, false, false, false, false, true },
    { "ewr on", s_ewr_on,             198, 1, 2, 2, 0, 0,        true, true,  false, true,  true,  false, true },
    { "ewr same", s_ewr_same,         198, 1, 2, 2, 0, 0,        false, false, false, false, false, false, true },
    { "ewr only", s_ewr_only,         0, 0, 0, 0, 0, 0,          true, false, false, false, true,  false, true },
    { "ewr ignored on IIS 5", s_ewr_iis5, 198, 1, 2, 2, 0, 0,    true, true,  false, true,  false, false, true },
    { "enable firewall", s_enable,    198, 1, 2, 2, 0, 0,        true, true,  false, true,  false, true,  true },
    { "enable, already on", s_enable_on, 198, 1, 2, 2, 0, 0,     true, true,  false, true,  false, false, true },
    { "skip firewall", s_skip_fw,     0, 0, 0, 0, 0, 0,          true, true,  false, true,  false, false, true },
    { "no firewall", s_no_fw,         0, 0, 0, 0, 0, 0,          true, true,  false, true,  false, false, true },
    { "skip config", s_skip_cfg,      198, 1, 2, 2, 0, 0,        false, false, false, false, false, false, true },
    { "domain only", s_domain_only,   197, 2, 2, 2, 0, 0,        true, true,  false, true,  false, false, true },
    { "current profile only", s_current_only, 197, 2, 2, 2, 0, 0, true, true, false, true, false, false, true },
    { "clear", s_clear,               0, 0, 5, 0, 0, 0,          true, false, true,  true,  false, false, true },
    { "clear, unset", s_clear_unset,  0, 0, 5, 0, 0, 0,          false, false, false, false, false, false, true },
    { "range rule", s_rule_mode,      0, 0, 5, 2, 1, 0,          true, true,  false, true,  false, false, true },
    { "range rule, keep stale", s_rule_mode_keep, 0, 0, 0, 2, 1, 0, true, true, false, true, false, false, true },
    { "small range", s_small,         10, 0, 5, 0, 0, 0,         true, true,  false, true,  false, false, true },
    /* Unset counts as different, so "0-0" is written explicitly. */
    { "IIS 7 dynamic", s_iis7_dynamic, 0, 0, 5, 0, 0, 0,         true, true,  false, true,  false, false, true },
};

static void test_scenarios(void)
{
    size_t i;

    for (i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++) {
        const scenario *s = &scenarios[i];
        pasv_fw_list l;
        pasv_current cur;
        pasv_options opt;
        pasv_plan *p = NULL;
        pasv_plan_counts c;
        pasv_hr hr;

        seed_list(&l);
        cur = current(&l);
        pasv_options_init(&opt, PASV_SERVER_IIS6);
        s->setup(&opt, &cur, &l);
        hr = pasv_plan_build(&opt, &cur, &p);
        ok(hr == PASV_S_OK && p, "%s: builds (0x%08x)", s->name, (unsigned)hr);
        if (!p) {
            pasv_fw_list_cleanup(&l);
            continue;
        }
        pasv_plan_count(p, &c);
        ok(c.open == s->open && c.keep == s->keep && c.stale == s->stale && c.foreign == s->foreign
               && c.rules_put == s->rules_put && c.rules_removed == s->rules_removed,
           "%s: open %u keep %u stale %u foreign %u put %u removed %u", s->name, c.open, c.keep, c.stale, c.foreign,
           c.rules_put, c.rules_removed);
        ok(has(p, PASV_ITEM_BACKUP) == s->backup, "%s: backup %d", s->name, s->backup);
        ok(has(p, PASV_ITEM_SET_RANGE) == s->set_range, "%s: set_range %d", s->name, s->set_range);
        ok(has(p, PASV_ITEM_CLEAR_RANGE) == s->clear_range, "%s: clear_range %d", s->name, s->clear_range);
        ok(has(p, PASV_ITEM_RESTART_SERVICE) == s->restart, "%s: restart %d", s->name, s->restart);
        ok(has(p, PASV_ITEM_EDIT_WHILE_RUNNING) == s->ewr, "%s: ewr %d", s->name, s->ewr);
        ok(has(p, PASV_ITEM_ENABLE_FIREWALL) == s->enable, "%s: enable %d", s->name, s->enable);
        ok(has(p, PASV_ITEM_VERIFY) == s->verify, "%s: verify %d", s->name, s->verify);
        ok(!find(p, PASV_ITEM_OPEN_PORT, 5100) && !find(p, PASV_ITEM_CLOSE_STALE, 5100)
               && !find(p, PASV_ITEM_CLOSE_STALE, 3389),
           "%s: foreign ports never acted on", s->name);
        check_order(p);
        pasv_plan_free(p);
        pasv_fw_list_cleanup(&l);
    }
}

static void test_enable_profiles(void)
{
    pasv_fw_list l;
    pasv_current cur;
    pasv_options opt;
    pasv_plan *p = NULL;
    const pasv_plan_item *it;

    seed_list(&l);
    cur = current(&l);
    pasv_options_init(&opt, PASV_SERVER_IIS6);
    opt.enable_firewall = true;
    cur.fw_state.profiles_enabled = PASV_PROFILE_DOMAIN;
    ok(pasv_plan_build(&opt, &cur, &p) == PASV_S_OK, "builds");
    ok((it = find(p, PASV_ITEM_ENABLE_FIREWALL, 0)) && it->profiles == PASV_PROFILE_STANDARD,
       "enables only the profile that is off");
    pasv_plan_free(p);
    pasv_fw_list_cleanup(&l);
}

static void test_range_rule(void)
{
    pasv_fw_list l;
    pasv_current cur;
    pasv_options opt;
    pasv_plan *p = NULL;
    const pasv_plan_item *it;
    pasv_plan_counts c;

    pasv_fw_list_init(&l);
    push(&l, fake_rule("Passive FTP 5001-5201", 5001, 5101, BOTH, EN | PASV_FW_TAGGED)); /* ours, same name: replaced */
    push(&l, fake_rule("FTP passive (old)", 6000, 6100, BOTH, EN | PASV_FW_TAGGED)); /* ours, other name */
    push(&l, fake_rule("FTP passive (old)", 6200, 6300, BOTH, EN | PASV_FW_TAGGED)); /* same name again */
    push(&l, fake_rule("Someone else", 5150, 5160, BOTH, EN));                        /* foreign, 11 ports */
    push(&l, fake_port("Passive FTP5001", 5001, BOTH, EN));
    pasv_fw_classify(&l, NULL);
    cur = current(&l);
    pasv_options_init(&opt, PASV_SERVER_IIS6);
    opt.mode = PASV_MODE_RANGE_RULE;
    ok(pasv_plan_build(&opt, &cur, &p) == PASV_S_OK, "range-rule plan builds");
    pasv_plan_count(p, &c);
    ok(c.foreign == 11 && c.rules_put == 1 && c.rules_removed == 1 && c.stale == 1 && c.open == 0,
       "foreign %u put %u removed %u stale %u", c.foreign, c.rules_put, c.rules_removed, c.stale);
    ok(p->entries.count == 4, "foreign rule copied once, plus replaced rule, removed rule, stale port: %zu",
       p->entries.count);
    {
        size_t k, rows = 0;

        for (k = 0; k < p->count; k++)
            rows += p->items[k].kind == PASV_ITEM_FOREIGN;
        it = find(p, PASV_ITEM_FOREIGN, 5150);
        ok(rows == 1 && it && it->range.low == 5150 && it->range.high == 5160
               && pasv_item_action_msg(it) == PASV_MSG_ITEM_FOREIGN_RULE,
           "another program's rule over 11 ports of the range is one row for 5150-5160 (%zu rows)", rows);
    }
    pasv_plan_free(p);

    /* Another program's exception at a port its rule covers too: two rows, the port counted once
     * (the FTP role's built-in 1024-65535 rule and a backup agent's exception on IIS 7+). */
    {
        pasv_fw_list l2;
        pasv_plan *p2 = NULL;
        size_t k, rows = 0;

        pasv_fw_list_init(&l2);
        push(&l2, fake_rule("FTP Server Passive", 1024, 65535, BOTH, EN));
        push(&l2, fake_port("Backup agent", 5100, BOTH, EN));
        pasv_fw_classify(&l2, NULL);
        cur = current(&l2);
        ok(pasv_plan_build(&opt, &cur, &p2) == PASV_S_OK, "range-rule plan builds beside a foreign 1024-65535 rule");
        pasv_plan_count(p2, &c);
        for (k = 0; p2 && k < p2->count; k++)
            rows += p2->items[k].kind == PASV_ITEM_FOREIGN;
        ok(rows == 2 && c.foreign == 201, "one row for the rule, one for port 5100's exception; 201 ports counted "
           "once each: %zu rows, foreign %u", rows, c.foreign);
        pasv_plan_free(p2);
        pasv_fw_list_cleanup(&l2);
        cur = current(&l);
    }
    ok(pasv_plan_build(&opt, &cur, &p) == PASV_S_OK, "range-rule plan builds again");
    ok((it = find(p, PASV_ITEM_PUT_RULE, 0)) && it->range.low == 5001 && it->range.high == 5201 && it->profiles == BOTH
           && it->entry < p->entries.count && p->entries.items[it->entry].ports.high == 5101,
       "PUT_RULE keeps the rule it replaces");
    ok((it = find(p, PASV_ITEM_REMOVE_RULE, 0)) && strcmp(p->entries.items[it->entry].name, "FTP passive (old)") == 0,
       "old-named rule removed once");
    check_order(p);
    pasv_plan_free(p);

    /* Re-run once our rule matches: nothing to do. */
    l.count = 1;
    l.items[0].ports.high = 5201;
    cur = current(&l);
    ok(pasv_plan_build(&opt, &cur, &p) == PASV_S_OK, "rebuild");
    cur.range = opt.range;
    cur.range_set = true;
    pasv_plan_free(p);
    ok(pasv_plan_build(&opt, &cur, &p) == PASV_S_OK && pasv_plan_is_noop(p), "range-rule re-run is a no-op");
    ok(p && p->count == 1 && p->items[0].kind == PASV_ITEM_PUT_RULE && p->items[0].status == PASV_ST_UNCHANGED,
       "one UNCHANGED PUT_RULE row");
    pasv_plan_free(p);

    /* Per-port mode: our rule is stale. */
    opt.mode = PASV_MODE_PER_PORT;
    ok(pasv_plan_build(&opt, &cur, &p) == PASV_S_OK && find(p, PASV_ITEM_REMOVE_RULE, 0), "per-port removes our rule");
    pasv_plan_free(p);
    pasv_fw_list_cleanup(&l);
}

/* Index of the first item of that kind, or SIZE_MAX. */
static size_t index_of(const pasv_plan *p, pasv_item_kind kind)
{
    size_t i;

    for (i = 0; i < p->count; i++)
        if (p->items[i].kind == kind)
            return i;
    return (size_t)-1;
}

static bool refers_to(const pasv_plan *p, const char *name)
{
    size_t i;

    for (i = 0; i < p->count; i++)
        if (p->items[i].entry < p->entries.count && strcmp(p->entries.items[p->items[i].entry].name, name) == 0)
            return true;
    return false;
}

/* Issue 11, B1: a person's own rule "Passive FTP" (no tag) is not the rule we write: ours is
 * "Passive FTP 5001-5010", put with no prior value, and no item touches or replaces theirs. */
static void test_range_rule_beside_a_persons_same_named_rule(void)
{
    pasv_fw_list l;
    pasv_current cur;
    pasv_options opt;
    pasv_plan *p = NULL;
    const pasv_plan_item *it;

    pasv_fw_list_init(&l);
    push(&l, fake_rule("Passive FTP", 40000, 40100, BOTH, EN));
    pasv_fw_classify(&l, NULL);
    cur = current(&l);
    pasv_options_init(&opt, PASV_SERVER_IIS6);
    opt.range.low = 5001;
    opt.range.high = 5010;
    opt.mode = PASV_MODE_RANGE_RULE;
    ok(pasv_plan_build(&opt, &cur, &p) == PASV_S_OK, "plan builds");
    it = find(p, PASV_ITEM_PUT_RULE, 0);
    ok(it && it->status == PASV_ST_PENDING && it->entry == UINT32_MAX, "our rule is new (no prior value)");
    ok(!has(p, PASV_ITEM_REMOVE_RULE) && !refers_to(p, "Passive FTP"), "the person's rule is in no item");
    pasv_plan_free(p);

    /* remove: only rules of ours are removed. */
    opt.clear_range = true;
    cur.range = opt.range;
    cur.range_set = true;
    ok(pasv_plan_build(&opt, &cur, &p) == PASV_S_OK && !has(p, PASV_ITEM_REMOVE_RULE) && !refers_to(p, "Passive FTP"),
       "remove leaves the person's rule out");
    pasv_plan_free(p);
    pasv_fw_list_cleanup(&l);
}

/* A range change is a new rule (put first, before the server announces the range) and the
 * removal of our old one as listed (after the restart), never an in-place rename. */
static void test_range_change_puts_new_rule_then_removes_old(void)
{
    pasv_fw_list l;
    pasv_current cur;
    pasv_options opt;
    pasv_plan *p = NULL;
    const pasv_plan_item *put, *rm;

    pasv_fw_list_init(&l);
    push(&l, fake_rule("Passive FTP 5001-5010", 5001, 5010, BOTH, EN | PASV_FW_TAGGED));
    pasv_fw_classify(&l, NULL);
    cur = current(&l);
    cur.range.low = 5001;
    cur.range.high = 5010;
    cur.range_set = true;
    pasv_options_init(&opt, PASV_SERVER_IIS6);
    opt.range.low = 5001;
    opt.range.high = 5020;
    opt.mode = PASV_MODE_RANGE_RULE;
    ok(pasv_plan_build(&opt, &cur, &p) == PASV_S_OK, "plan builds");
    put = find(p, PASV_ITEM_PUT_RULE, 0);
    rm = find(p, PASV_ITEM_REMOVE_RULE, 0);
    ok(put && put->entry == UINT32_MAX && put->range.high == 5020, "new rule put with no prior value");
    ok(rm && rm->entry < p->entries.count && strcmp(p->entries.items[rm->entry].name, "Passive FTP 5001-5010") == 0
           && p->entries.items[rm->entry].ports.high == 5010,
       "old rule removed as listed");
    ok(index_of(p, PASV_ITEM_PUT_RULE) < index_of(p, PASV_ITEM_SET_RANGE)
           && index_of(p, PASV_ITEM_RESTART_SERVICE) < index_of(p, PASV_ITEM_REMOVE_RULE),
       "put before the range is set, remove after the restart");
    check_order(p);
    pasv_plan_free(p);
    pasv_fw_list_cleanup(&l);
}

/* Earlier versions named the rule by the prefix alone; such a rule is ours (tagged) and is
 * replaced by the range-named rule: put the new one, then remove the old, even for the same range. */
static void test_range_rule_of_old_naming_is_replaced(void)
{
    pasv_fw_list l;
    pasv_current cur;
    pasv_options opt;
    pasv_plan *p = NULL;
    const pasv_plan_item *put, *rm;

    pasv_fw_list_init(&l);
    push(&l, fake_rule("Passive FTP", 5001, 5201, BOTH, EN | PASV_FW_TAGGED));
    pasv_fw_classify(&l, NULL);
    cur = current(&l);
    cur.range.low = 5001;
    cur.range.high = 5201;
    cur.range_set = true;
    pasv_options_init(&opt, PASV_SERVER_IIS6);
    opt.mode = PASV_MODE_RANGE_RULE;
    ok(pasv_plan_build(&opt, &cur, &p) == PASV_S_OK && !pasv_plan_is_noop(p), "not a no-op");
    put = find(p, PASV_ITEM_PUT_RULE, 0);
    rm = find(p, PASV_ITEM_REMOVE_RULE, 0);
    ok(put && put->status == PASV_ST_PENDING && put->entry == UINT32_MAX, "range-named rule put");
    ok(rm && strcmp(p->entries.items[rm->entry].name, "Passive FTP") == 0, "old-named rule of ours removed");
    check_order(p);
    pasv_plan_free(p);

    /* Our rule under another case of the name is the one Windows would replace (names compare
     * without case): it is the prior value, not a second rule beside it. */
    l.items[0].name = "passive ftp 5001-5201";
    cur = current(&l);
    ok(pasv_plan_build(&opt, &cur, &p) == PASV_S_OK, "plan builds");
    put = find(p, PASV_ITEM_PUT_RULE, 0);
    ok(put && put->status == PASV_ST_PENDING && put->entry < p->entries.count && !has(p, PASV_ITEM_REMOVE_RULE),
       "case-different name of ours replaced in place");
    pasv_plan_free(p);
    pasv_fw_list_cleanup(&l);
}

static void test_noop_rerun(void)
{
    pasv_fw_list l;
    pasv_current cur;
    pasv_options opt;
    pasv_plan *p = NULL;
    uint32_t port;
    pasv_plan_counts c;

    pasv_fw_list_init(&l);
    push(&l, fake_port("Remote Desktop", 3389, BOTH, EN));
    for (port = 5001; port <= 5201; port++) {
        char name[32];

        pasv_fw_port_name(NULL, (uint16_t)port, name, sizeof(name));
        /* One entry per profile, as a legacy backend lists them. */
        push(&l, fake_port(name, (uint16_t)port, PASV_PROFILE_DOMAIN, EN));
        push(&l, fake_port(name, (uint16_t)port, PASV_PROFILE_STANDARD, EN));
    }
    pasv_fw_classify(&l, NULL);
    cur = current(&l);
    cur.range.low = 5001;
    cur.range.high = 5201;
    cur.range_set = true;
    pasv_options_init(&opt, PASV_SERVER_IIS6);
    ok(pasv_plan_build(&opt, &cur, &p) == PASV_S_OK, "re-run builds");
    pasv_plan_count(p, &c);
    ok(pasv_plan_is_noop(p) && c.keep == 201 && p->count == 201, "re-run: 201 KEEP rows, nothing else (%zu)", p->count);
    pasv_plan_free(p);
    pasv_fw_list_cleanup(&l);
}

static void test_invalid(void)
{
    pasv_fw_list l;
    pasv_current cur;
    pasv_options opt;
    pasv_plan *p = (pasv_plan *)&l; /* sentinel: must stay untouched */
    char longp[PASV_PREFIX_MAX + 2];

    seed_list(&l);
    cur = current(&l);
    pasv_options_init(&opt, PASV_SERVER_IIS6);
    opt.range.low = 1025;
    opt.range.high = 5000;
    ok(pasv_plan_build(&opt, &cur, &p) == PASV_E_INVALIDARG && p == (pasv_plan *)&l, "below 5001 on IIS 6");
    opt.range.low = opt.range.high = 0;
    ok(pasv_plan_build(&opt, &cur, &p) == PASV_E_INVALIDARG && p == (pasv_plan *)&l, "0-0 on IIS 6");
    opt.server = PASV_SERVER_IIS7;
    opt.range.low = 0;
    opt.range.high = 6000;
    ok(pasv_plan_build(&opt, &cur, &p) == PASV_E_INVALIDARG, "0-6000 on IIS 7");
    pasv_options_init(&opt, PASV_SERVER_IIS6);
    memset(longp, 'x', sizeof(longp) - 1);
    longp[sizeof(longp) - 1] = '\0';
    opt.prefix = longp;
    ok(pasv_plan_build(&opt, &cur, &p) == PASV_E_INVALIDARG, "prefix over PASV_PREFIX_MAX");
    longp[PASV_PREFIX_MAX] = '\0';
    ok(pasv_plan_build(&opt, &cur, &p) == PASV_S_OK && p != (pasv_plan *)&l && strlen(p->opt.prefix) == PASV_PREFIX_MAX,
       "a prefix of PASV_PREFIX_MAX bytes is used whole");
    if (p != (pasv_plan *)&l)
        pasv_plan_free(p);
    p = (pasv_plan *)&l;
    opt.prefix = "";
    ok(pasv_plan_build(&opt, &cur, &p) == PASV_E_INVALIDARG && p == (pasv_plan *)&l, "empty prefix");
    pasv_options_init(&opt, PASV_SERVER_IIS6);
    opt.scope = PASV_SCOPE_CUSTOM;
    ok(pasv_plan_build(&opt, &cur, &p) == PASV_E_INVALIDARG, "custom scope without addresses");
    opt.remote = "10.0.0.0/8";
    ok(pasv_plan_build(&opt, &cur, &p) == PASV_S_OK && p != (pasv_plan *)&l && strcmp(p->opt.remote, "10.0.0.0/8") == 0
           && p->opt.remote == p->remote_buf,
       "custom scope with addresses");
    if (p != (pasv_plan *)&l)
        pasv_plan_free(p);
    pasv_options_init(&opt, PASV_SERVER_IIS6);
    cur.fw_state.profiles_all = 0;
    ok(pasv_plan_build(&opt, &cur, &p) == PASV_E_INVALIDARG, "no known profile");
    ok(pasv_plan_build(NULL, &cur, &p) == PASV_E_INVALIDARG && pasv_plan_build(&opt, NULL, &p) == PASV_E_INVALIDARG
           && pasv_plan_build(&opt, &cur, NULL) == PASV_E_INVALIDARG,
       "NULL arguments");
    pasv_plan_free(NULL);
    pasv_fw_list_cleanup(&l);
}

static void test_full_range(void)
{
    pasv_fw_list l;
    pasv_current cur;
    pasv_options opt;
    pasv_plan *p = NULL;
    pasv_plan_counts c;
    uint32_t port;
    clock_t t0;
    double secs;

    pasv_fw_list_init(&l);
    /* 30,000 foreign single ports interleaved with 30,000 of ours: a quadratic build would
     * take minutes here. */
    for (port = 5001; port < 65001; port += 2) {
        char name[32];

        pasv_fw_port_name(NULL, (uint16_t)port, name, sizeof(name));
        push(&l, fake_port(name, (uint16_t)port, BOTH, EN));
        push(&l, fake_port("someone", (uint16_t)(port + 1), BOTH, EN));
    }
    push(&l, fake_port("Passive FTP4000", 4000, BOTH, EN));
    pasv_fw_classify(&l, NULL);
    cur = current(&l);
    pasv_options_init(&opt, PASV_SERVER_IIS6);
    opt.range.low = 5001;
    opt.range.high = 65535;
    t0 = clock();
    ok(pasv_plan_build(&opt, &cur, &p) == PASV_S_OK, "5001-65535 builds");
    secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    pasv_plan_count(p, &c);
    ok(c.keep == 30000 && c.foreign == 30000 && c.open == 535 && c.stale == 1, "keep %u foreign %u open %u stale %u",
       c.keep, c.foreign, c.open, c.stale);
    ok(p->count == 1 + 60535 + 1 + 1 + 1 + 1, "items %zu", p->count);
    ok(p->entries.count == 30001, "each foreign entry copied once (%zu)", p->entries.count);
    ok(secs < 2.0, "built in %.3f s", secs);
    check_order(p);
    pasv_plan_free(p);
    pasv_fw_list_cleanup(&l);
}

static void test_retry_and_msgs(void)
{
    pasv_fw_list l;
    pasv_current cur;
    pasv_options opt;
    pasv_plan *p = NULL;
    pasv_plan_item item;
    int k, s, t;
    size_t n;

    seed_list(&l);
    cur = current(&l);
    pasv_options_init(&opt, PASV_SERVER_IIS6);
    pasv_plan_build(&opt, &cur, &p);
    p->items[0].status = PASV_ST_DONE;
    p->items[1].status = PASV_ST_FAILED;
    p->items[2].status = PASV_ST_SKIPPED;
    p->items[3].status = PASV_ST_CANCELLED;
    p->items[4].status = PASV_ST_NOT_VERIFIED;
    p->items[5].status = PASV_ST_ROLLED_BACK;
    p->items[6].status = PASV_ST_ROLLBACK_FAILED;
    p->items[p->count - 1].status = PASV_ST_DONE; /* VERIFY */
    n = pasv_plan_retry_failed(p);
    ok(n == 6, "5 failed kinds plus the passed VERIFY reset: %zu", n);
    ok(p->items[0].status == PASV_ST_DONE && p->items[6].status == PASV_ST_ROLLBACK_FAILED, "DONE stays");
    /* A KEEP/FOREIGN row has nothing to run: it goes back to UNCHANGED, never PENDING. */
    for (k = 1; k <= 5; k++)
        ok(p->items[k].status == (p->items[k].kind == PASV_ITEM_KEEP_PORT || p->items[k].kind == PASV_ITEM_FOREIGN
                                      ? PASV_ST_UNCHANGED : PASV_ST_PENDING),
           "item %d (kind %u) ready to run again: status %u", k, p->items[k].kind, p->items[k].status);
    ok(p->items[p->count - 1].status == PASV_ST_PENDING, "VERIFY pending again");
    pasv_plan_free(p);
    pasv_fw_list_cleanup(&l);

    memset(&item, 0, sizeof(item));
    item.entry = UINT32_MAX;
    for (k = 0; k < PASV_ITEM_KIND_COUNT; k++) {
        pasv_msg m;

        item.kind = (uint8_t)k;
        m = pasv_item_action_msg(&item);
        ok((m >= PASV_MSG_ITEM_BACKUP && m <= PASV_MSG_ITEM_FOREIGN_RULE)
               || (m >= PASV_MSG_ITEM_SET_EXTERNAL_IP && m <= PASV_MSG_ITEM_ENABLE_BUILTIN_RULE),
           "kind %d has an action message", k);
        for (t = 0; t < k; t++) {
            pasv_plan_item other = item;

            other.kind = (uint8_t)t;
            ok(pasv_item_action_msg(&other) != m, "kinds %d and %d share a message", t, k);
        }
    }
    item.kind = PASV_ITEM_OPEN_PORT;
    for (s = 0; s < PASV_ST_COUNT; s++) {
        pasv_msg m;

        item.status = (uint8_t)s;
        m = pasv_item_status_msg(&item);
        ok(m >= PASV_MSG_RESULT_PENDING && m <= PASV_MSG_RESULT_REPORTED, "status %d has a result message", s);
    }
    item.kind = PASV_ITEM_KIND_COUNT;
    ok(pasv_item_action_msg(&item) == PASV_MSG_NONE, "unknown kind");
}

static void test_options_init(void)
{
    pasv_options o;

    memset(&o, 0xAA, sizeof(o));
    pasv_options_init(&o, PASV_SERVER_IIS6);
    ok(o.range.low == 5001 && o.range.high == 5201 && o.mode == PASV_MODE_PER_PORT && o.scope == PASV_SCOPE_ANY
           && o.profiles == 0 && o.remove_stale && o.restart_service && !o.enable_firewall
           && o.edit_while_running == -1 && o.on_error == PASV_ON_ERROR_ROLLBACK && !o.clear_range && !o.skip_config
           && !o.skip_firewall && o.prefix == NULL && o.remote == NULL && o.server == PASV_SERVER_IIS6,
       "defaults");
    ok(pasv_range_validate(&o.range, PASV_SERVER_IIS7) == PASV_RANGE_OK, "default range is valid for IIS 7 too");
}

/* One rule for a range needs the Vista+ rules API: on a legacy-only firewall (Windows Server
 * 2003) the plan is refused rather than built with an item that could only fail. */
static void test_range_rule_needs_rules_api(void)
{
    pasv_fw_list l;
    pasv_current cur;
    pasv_options opt;
    pasv_plan *p = NULL;

    pasv_fw_list_init(&l);
    cur = current(&l);
    cur.fw_state.rules_api = false;
    pasv_options_init(&opt, PASV_SERVER_IIS6);
    opt.mode = PASV_MODE_RANGE_RULE;
    ok(pasv_plan_build(&opt, &cur, &p) == PASV_E_NOTIMPL && p == NULL, "range-rule on a legacy firewall refused");
    opt.mode = PASV_MODE_PER_PORT;
    ok(pasv_plan_build(&opt, &cur, &p) == PASV_S_OK && p != NULL, "per-port on the same firewall builds");
    pasv_plan_free(p);
    pasv_fw_list_cleanup(&l);
}

/* Finding 9 of issue 12: a row that replaces a rule said "Add firewall rule". The one action
 * message both front ends format says what the row does. */
static void row_says_replace_when_the_rule_replaces_one(void)
{
    static const struct { uint8_t kind; uint32_t entry; pasv_msg want; } cases[] = {
        {PASV_ITEM_PUT_RULE, UINT32_MAX, PASV_MSG_ITEM_PUT_RULE},
        {PASV_ITEM_PUT_RULE, 0, PASV_MSG_ITEM_REPLACE_RULE},
        {PASV_ITEM_PUT_RULE, 7, PASV_MSG_ITEM_REPLACE_RULE},
        {PASV_ITEM_REMOVE_RULE, 0, PASV_MSG_ITEM_REMOVE_RULE},
        {PASV_ITEM_OPEN_PORT, 0, PASV_MSG_ITEM_OPEN_PORT},
    };
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        pasv_plan_item it;

        memset(&it, 0, sizeof(it));
        it.kind = cases[i].kind;
        it.entry = cases[i].entry;
        ok(pasv_item_action_msg(&it) == cases[i].want, "case %zu: kind %u entry %u says %u (got %u)", i, it.kind,
           it.entry, cases[i].want, pasv_item_action_msg(&it));
    }
}

int main(void)
{
    test_options_init();
    test_seed();
    test_scenarios();
    test_enable_profiles();
    test_range_rule();
    test_range_rule_needs_rules_api();
    test_range_rule_beside_a_persons_same_named_rule();
    test_range_change_puts_new_rule_then_removes_old();
    test_range_rule_of_old_naming_is_replaced();
    test_noop_rerun();
    test_invalid();
    test_full_range();
    test_retry_and_msgs();
    row_says_replace_when_the_rule_replaces_one();
    return test_summary("plan");
}
