/* pasvports: property fuzzer over plan + apply + rollback with the recording fakes.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * Random firewall (ours/foreign per profile, enabled or not, scopes, rules), random options,
 * a random fault point, cancel and outside change. Asserts: foreign entries are unchanged by
 * value after any run and rollback; a rollback restores the exact prior state (apart from the
 * outside change); a run that returns S_OK reaches the desired state (re-planning is a no-op);
 * counts are outcomes: after the run and after a rollback, every item's status matches what the
 * fake firewall and configuration hold (DONE: the change is there; FAILED, SKIPPED, ROLLED_BACK:
 * the prior value is), and pasv_plan_count's in_effect equals the changes the fake shows.
 * Built as a libFuzzer target (clang, -DPASV_LIBFUZZER) or as a plain program running N seeds:
 * fuzz_engine [iterations] [first-seed]. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fakes.h"
#include "pasv/plan.h"

typedef struct rng { uint64_t s; } rng;

static uint32_t next(rng *r, uint32_t n)
{
    r->s = r->s * 6364136223846793005ull + 1442695040888963407ull;
    return n ? (uint32_t)((r->s >> 33) % n) : 0;
}

static const char *remotes[] = { "10.0.0.0/8", "192.168.1.0/24" };

static pasv_fw_entry rand_entry(rng *r, bool ours)
{
    static char name[64];
    uint16_t port = (uint16_t)(5000 + next(r, 20));
    pasv_fw_entry e;

    if (ours)
        snprintf(name, sizeof(name), next(r, 2) ? "Passive FTP%u" : "Passive FTP %u", port);
    else
        snprintf(name, sizeof(name), "Other %u", next(r, 5));
    e = fake_port(name, port, 1u + next(r, 3), next(r, 4) ? PASV_FW_ENABLED : 0);
    e.scope = (uint8_t)next(r, 3);
    if (e.scope == PASV_SCOPE_CUSTOM)
        e.remote = remotes[next(r, 2)];
    if (!ours && next(r, 6) == 0) {
        e = fake_rule(name, port, (uint16_t)(port + next(r, 5)), 1u + next(r, 3), e.flags);
    }
    return e;
}

static int cmp_entry(const void *pa, const void *pb)
{
    const pasv_fw_entry *a = pa, *b = pb;
    int c = memcmp(&a->ports, &b->ports, sizeof(a->ports));

    if (c) return c;
    if (a->profiles != b->profiles) return a->profiles < b->profiles ? -1 : 1;
    if (a->flags != b->flags) return a->flags < b->flags ? -1 : 1;
    if (a->kind != b->kind) return a->kind < b->kind ? -1 : 1;
    if (a->scope != b->scope) return a->scope < b->scope ? -1 : 1;
    c = strcmp(a->name, b->name);
    return c ? c : strcmp(a->remote, b->remote);
}

/* Entries whose name starts with want_prefix (or not), sorted, into out. */
static size_t pick(const pasv_fw_list *l, bool foreign, pasv_fw_entry *out)
{
    size_t i, n = 0;

    for (i = 0; i < l->count; i++)
        if ((strncmp(l->items[i].name, "Passive FTP", 11) != 0) == foreign)
            out[n++] = l->items[i];
    qsort(out, n, sizeof(*out), cmp_entry);
    return n;
}

static bool same_set(const pasv_fw_list *a, const pasv_fw_list *b, bool foreign_only, const pasv_fw_entry *skip)
{
    pasv_fw_entry *x = calloc(a->count + 1, sizeof(*x)), *y = calloc(b->count + 1, sizeof(*y));
    size_t nx = foreign_only ? pick(a, true, x) : pick(a, true, x) + pick(a, false, x + pick(a, true, x));
    size_t ny = foreign_only ? pick(b, true, y) : pick(b, true, y) + pick(b, false, y + pick(b, true, y));
    size_t i, j = 0;
    bool same = true;

    /* Remove the outside change from b (it is someone else's, made during the run). */
    for (i = 0; i < ny; i++)
        if (!(skip && strcmp(y[i].name, skip->name) == 0))
            y[j++] = y[i];
    ny = j;
    qsort(x, nx, sizeof(*x), cmp_entry);
    qsort(y, ny, sizeof(*y), cmp_entry);
    if (nx != ny)
        same = false;
    for (i = 0; same && i < nx; i++)
        same = cmp_entry(&x[i], &y[i]) == 0;
    free(x);
    free(y);
    return same;
}

static void fail(uint64_t seed, const char *what)
{
    fprintf(stderr, "fuzz_engine: seed %llu: %s\n", (unsigned long long)seed, what);
    abort();
}

static pasv_plan *plan_now(fake_firewall *fw, fake_config *cfg, const pasv_options *opt, pasv_fw_list *list)
{
    pasv_current cur;
    pasv_plan *plan = NULL;

    memset(&cur, 0, sizeof(cur));
    pasv_fw_list_cleanup(list);
    pasv_fw_list_init(list);
    fw->base.vt->list(&fw->base, list);
    pasv_fw_classify(list, NULL);
    cur.fw_state = fw->fw_state;
    cur.range = cfg->range;
    cur.range_set = cfg->is_set;
    cur.edit_while_running = -1;
    cur.fw = list;
    if (pasv_plan_build(opt, &cur, &plan) != PASV_S_OK)
        return NULL;
    return plan;
}

/* ---- Counts are outcomes: every item's status against what the fake firewall recorded ---- */

/* What one profile bit of a port holds in the fake (NULL: nothing). */
static const pasv_fw_entry *held_at(const fake_firewall *fw, uint16_t port, uint32_t bit)
{
    size_t i = fw->state.count;

    while (i-- > 0) {
        const pasv_fw_entry *e = &fw->state.items[i];

        if (e->kind == PASV_FW_PORT && e->protocol == PASV_PROTO_TCP && e->ports.low == port && e->profiles == bit)
            return e;
    }
    return NULL;
}

/* True when every profile of mask holds want (NULL: nothing) at port. */
static bool holds(const fake_firewall *fw, uint16_t port, uint32_t mask, const pasv_fw_entry *want)
{
    unsigned b;

    for (b = 0; b < 32; b++) {
        const pasv_fw_entry *now;

        if (!(mask & (1u << b)))
            continue;
        now = held_at(fw, port, 1u << b);
        if (want ? !(now && pasv_fw_entry_same(now, want)) : now != NULL)
            return false;
    }
    return true;
}

static size_t rules_named(const fake_firewall *fw, const pasv_fw_entry *want, bool exact)
{
    size_t i, n = 0;

    for (i = 0; i < fw->state.count; i++) {
        const pasv_fw_entry *e = &fw->state.items[i];

        if (e->kind == PASV_FW_RULE && strcmp(e->name, want->name) == 0 && (!exact || pasv_fw_entry_same(e, want)))
            n++;
    }
    return n;
}

/* The entry the engine writes for an OPEN_PORT item (what port_entry() in apply.c builds). */
static pasv_fw_entry our_port(const pasv_plan *plan, const pasv_plan_item *it, char *name, size_t cap)
{
    pasv_fw_entry e;

    pasv_fw_port_name(plan->opt.prefix, it->port, name, cap);
    e = fake_port(name, it->port, it->profiles, PASV_FW_ENABLED);
    e.scope = (uint8_t)plan->opt.scope;
    if (plan->opt.remote)
        e.remote = plan->opt.remote;
    return e;
}

/* 1: the item's change is in the fake; 0: the prior value is; -1: neither (a finding). */
static int observed(const fake_firewall *fw, const fake_config *cfg, const pasv_plan *plan, const pasv_plan_item *it,
                    const fake_config *cfg0)
{
    const pasv_fw_entry *old = it->entry < plan->entries.count ? &plan->entries.items[it->entry] : NULL;
    char name[PASV_PREFIX_MAX + 8], rule_name[PASV_FW_RULE_NAME_CAP];
    pasv_fw_entry e;

    switch (it->kind) {
    case PASV_ITEM_OPEN_PORT:
        e = our_port(plan, it, name, sizeof(name));
        if (holds(fw, it->port, it->profiles, &e))
            return 1;
        return holds(fw, it->port, it->profiles, old) ? 0 : -1;
    case PASV_ITEM_CLOSE_STALE:
        if (holds(fw, it->port, it->profiles, old))
            return 0;
        return holds(fw, it->port, it->profiles, NULL) ? 1 : -1;
    case PASV_ITEM_REMOVE_RULE:
        if (rules_named(fw, old, true) == 1)
            return 0;
        return rules_named(fw, old, false) == 0 ? 1 : -1;
    case PASV_ITEM_PUT_RULE:
        /* Our rule is named for its range ("<prefix> <low>-<high>"), as apply.c names it. */
        if (!pasv_fw_rule_name(plan->opt.prefix, &it->range, rule_name, sizeof(rule_name)))
            return -1;
        e = fake_rule(rule_name, it->range.low, it->range.high, it->profiles, PASV_FW_ENABLED | PASV_FW_TAGGED);
        e.scope = (uint8_t)plan->opt.scope;
        if (plan->opt.remote)
            e.remote = plan->opt.remote;
        if (rules_named(fw, &e, true) == 1 && (!old || strcmp(old->name, e.name) == 0 || rules_named(fw, old, false) == 0))
            return 1;
        if (old)
            return rules_named(fw, old, true) == 1 && rules_named(fw, &e, true) == 0 ? 0 : -1;
        return rules_named(fw, &e, false) == 0 ? 0 : -1;
    case PASV_ITEM_SET_RANGE:
        if (cfg->is_set && cfg->range.low == it->range.low && cfg->range.high == it->range.high)
            return 1;
        return cfg->is_set == cfg0->is_set && (!cfg->is_set || memcmp(&cfg->range, &cfg0->range, sizeof(cfg->range)) == 0)
                   ? 0 : -1;
    case PASV_ITEM_CLEAR_RANGE:
        if (!cfg->is_set)
            return cfg0->is_set ? 1 : 0;
        return cfg0->is_set && memcmp(&cfg->range, &cfg0->range, sizeof(cfg->range)) == 0 ? 0 : -1;
    default:
        return 0;
    }
}

/* An item touching the port (or rule) someone else wrote during the run is theirs to explain. */
static bool disturbed(const pasv_plan_item *it, const fake_firewall *fw, bool outside)
{
    if (!outside || fw->calls < fw->outside_call)
        return false;
    if (it->kind == PASV_ITEM_OPEN_PORT || it->kind == PASV_ITEM_CLOSE_STALE)
        return it->port == fw->outside.ports.low;
    return false;
}

/* Every item's status says what the fake holds, and the counts add up to it. */
static void check_outcomes(uint64_t seed, const pasv_plan *plan, const fake_firewall *fw, const fake_config *cfg,
                           const fake_config *cfg0, bool outside)
{
    pasv_plan_counts c;
    uint32_t in_effect = 0, done = 0, failed = 0, rolled = 0, rb_failed = 0, changed = 0;
    bool exact = true;
    size_t i;

    pasv_plan_count(plan, &c);
    for (i = 0; i < plan->count; i++) {
        const pasv_plan_item *it = &plan->items[i];
        int seen;
        char what[160];

        done += it->status == PASV_ST_DONE;
        failed += it->status == PASV_ST_FAILED;
        rolled += it->status == PASV_ST_ROLLED_BACK;
        rb_failed += it->status == PASV_ST_ROLLBACK_FAILED;
        changed += it->hr == PASV_E_CHANGED && (it->status == PASV_ST_FAILED || it->status == PASV_ST_ROLLED_BACK);
        if (it->kind == PASV_ITEM_BACKUP || it->kind == PASV_ITEM_VERIFY || it->kind == PASV_ITEM_KEEP_PORT
            || it->kind == PASV_ITEM_FOREIGN || it->kind == PASV_ITEM_RESTART_SERVICE)
            continue;
        if (disturbed(it, fw, outside) || it->hr == PASV_E_CHANGED) {
            exact = false; /* part written, part refused: in between by design */
            continue;
        }
        seen = observed(fw, cfg, plan, it, cfg0);
        snprintf(what, sizeof(what), "item %zu (kind %u, port %u, profiles %u) is %u (hr 0x%08x) but the fake shows %s",
                 i, it->kind, it->port, it->profiles, it->status, (unsigned)it->hr,
                 seen == 1 ? "the change" : seen == 0 ? "the prior value" : "neither");
        switch (it->status) {
        case PASV_ST_DONE:
        case PASV_ST_NOT_VERIFIED:
        case PASV_ST_ROLLBACK_FAILED:
            if (seen != 1)
                fail(seed, what);
            in_effect++;
            break;
        case PASV_ST_UNCHANGED:
            break;
        default: /* PENDING, FAILED, SKIPPED, CANCELLED, ROLLED_BACK: nothing of it is left */
            if (seen != 0)
                fail(seed, what);
            break;
        }
    }
    if (c.done != done || c.failed != failed || c.rolled_back != rolled || c.rollback_failed != rb_failed
        || c.changed != changed)
        fail(seed, "pasv_plan_count's status counts differ from the items");
    if (getenv("FUZZ_DUMP")) { /* FUZZ_DUMP=1 fuzz_engine 1 SEED: every item and what the fake shows */
        fprintf(stderr, "outside %d at call %u port %u; %u calls\n", outside, fw->outside_call, fw->outside.ports.low,
                fw->calls);
        for (i = 0; i < plan->count; i++)
            fprintf(stderr, "  item %zu kind %u port %u prof %u status %u hr 0x%08x seen %d\n", i, plan->items[i].kind,
                    plan->items[i].port, plan->items[i].profiles, plan->items[i].status, (unsigned)plan->items[i].hr,
                    observed(fw, cfg, plan, &plan->items[i], cfg0));
    }
    if (exact && c.in_effect != in_effect) {
        char what[96];

        snprintf(what, sizeof(what), "in_effect %u, but the fake shows %u changes in effect", c.in_effect, in_effect);
        fail(seed, what);
    }
}

static void one(uint64_t seed)
{
    rng r = { seed * 2654435761u + 1 };
    fake_log log;
    fake_config cfg, cfg0;
    fake_firewall fw;
    fake_service svc;
    fake_sink sink;
    pasv_backends be;
    pasv_options opt;
    pasv_fw_list list, before;
    pasv_plan *plan;
    bool outside = false;
    uint32_t i, n;
    pasv_hr hr;

    fake_log_init(&log);
    fake_config_init(&cfg, &log, PASV_SERVER_IIS6);
    fake_firewall_init(&fw, &log, 3);
    fake_service_init(&svc, &log);
    fake_sink_init(&sink);
    pasv_fw_list_init(&list);
    pasv_fw_list_init(&before);
    n = next(&r, 12);
    for (i = 0; i < n; i++) {
        pasv_fw_entry e = rand_entry(&r, next(&r, 2) != 0);
        fake_firewall_seed(&fw, &e);
    }
    if (next(&r, 2)) {
        cfg.is_set = true;
        cfg.range.low = (uint16_t)(5000 + next(&r, 10));
        cfg.range.high = (uint16_t)(cfg.range.low + next(&r, 8));
    }
    pasv_options_init(&opt, PASV_SERVER_IIS6);
    opt.range.low = (uint16_t)(5000 + next(&r, 10));
    opt.range.high = (uint16_t)(opt.range.low + next(&r, 10));
    opt.clear_range = next(&r, 8) == 0;
    opt.mode = next(&r, 4) == 0 ? PASV_MODE_RANGE_RULE : PASV_MODE_PER_PORT;
    opt.scope = (pasv_scope)next(&r, 3);
    opt.remote = opt.scope == PASV_SCOPE_CUSTOM ? remotes[next(&r, 2)] : NULL;
    opt.remove_stale = next(&r, 4) != 0;
    opt.restart_service = false;
    opt.on_error = next(&r, 3) == 0 ? PASV_ON_ERROR_CONTINUE : PASV_ON_ERROR_ROLLBACK;
    for (i = 0; i < fw.state.count; i++)
        pasv_fw_list_push(&before, &fw.state.items[i]);
    be.config = &cfg.base;
    be.firewall = &fw.base;
    be.service = &svc.base;

    plan = plan_now(&fw, &cfg, &opt, &list);
    if (!plan)
        goto out;
    if (next(&r, 3) == 0)
        fw.fail_call = 1 + next(&r, 8);
    if (next(&r, 4) == 0)
        sink.cancel_after = 1 + next(&r, 8);
    if (next(&r, 4) == 0) {
        outside = true;
        fw.outside_call = 1 + next(&r, 8);
        fw.outside = fake_port("Outsider", (uint16_t)(5000 + next(&r, 20)), 1u + next(&r, 3), PASV_FW_ENABLED);
        /* The outsider is another program writing a free or ours-held port, not overwriting a
         * third program's entry (that would be their fight, not ours). */
        for (i = 0; i < before.count; i++)
            if (before.items[i].kind == PASV_FW_PORT && before.items[i].ports.low == fw.outside.ports.low
                && strncmp(before.items[i].name, "Passive FTP", 11) != 0) {
                outside = false;
                fw.outside_call = 0;
            }
    }
    cfg0 = cfg;
    hr = pasv_plan_apply(plan, &be, &sink.base);
    check_outcomes(seed, plan, &fw, &cfg, &cfg0, outside);
    /* A cancelled run is undone as the front ends do; it stays a run that did not complete,
     * whatever the undo returned (a failed undo is the rollback_failed count's business). */
    if (hr == PASV_E_ABORT || (hr == PASV_S_FALSE && next(&r, 2))) {
        (void)pasv_plan_rollback(plan, &be, &sink.base);
        check_outcomes(seed, plan, &fw, &cfg, &cfg0, outside);
    }
    /* Foreign entries (and the outsider, when it arrived) are never changed. */
    if (!same_set(&before, &fw.state, true, outside && fw.calls >= fw.outside_call ? &fw.outside : NULL))
        fail(seed, "a foreign entry changed");
    if (outside && fw.calls >= fw.outside_call) {
        bool found = false;
        for (i = 0; i < fw.state.count; i++)
            found |= strcmp(fw.state.items[i].name, "Outsider") == 0;
        if (!found && fw.outside.kind == PASV_FW_PORT)
            fail(seed, "the outsider's entry was overwritten");
    }
    if (hr == PASV_S_OK && !outside) {
        pasv_plan *again = plan_now(&fw, &cfg, &opt, &list);
        if (again && !pasv_plan_is_noop(again))
            fail(seed, "a completed run is not the desired state");
        pasv_plan_free(again);
    } else if (PASV_FAILED(hr) && hr != PASV_E_NOT_VERIFIED && !plan->range_kept && !outside) {
        pasv_plan_counts c;
        pasv_plan_count(plan, &c);
        if (c.rollback_failed == 0 && !same_set(&before, &fw.state, false, NULL))
            fail(seed, "a full rollback did not restore the exact prior state");
    }
    pasv_plan_free(plan);
out:
    pasv_fw_list_cleanup(&list);
    pasv_fw_list_cleanup(&before);
    fake_sink_cleanup(&sink);
    fake_firewall_cleanup(&fw);
    fake_log_cleanup(&log);
}

#ifdef PASV_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint64_t seed = 0;
    memcpy(&seed, data, size < sizeof(seed) ? size : sizeof(seed));
    one(seed);
    return 0;
}
#else
int main(int argc, char **argv)
{
    unsigned long long n = argc > 1 ? strtoull(argv[1], NULL, 10) : 20000, first = argc > 2 ? strtoull(argv[2], NULL, 10) : 1, s;

    for (s = first; s < first + n; s++)
        one(s);
    printf("fuzz_engine: %llu seeds from %llu, no finding\n", n, first);
    return 0;
}
#endif
