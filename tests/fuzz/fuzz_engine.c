/* pasvports: property fuzzer over plan + apply + rollback with the recording fakes.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * Random firewall (ours/foreign per profile, enabled or not, scopes, rules), random options,
 * a random fault point, cancel and outside change. Asserts: foreign entries are unchanged by
 * value after any run and rollback; a rollback restores the exact prior state (apart from the
 * outside change); a run that returns S_OK reaches the desired state (re-planning is a no-op).
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

static void one(uint64_t seed)
{
    rng r = { seed * 2654435761u + 1 };
    fake_log log;
    fake_config cfg;
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
    opt.on_error = PASV_ON_ERROR_ROLLBACK;
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
    hr = pasv_plan_apply(plan, &be, &sink.base);
    /* A cancelled run is undone as the front ends do; it stays a run that did not complete,
     * whatever the undo returned (a failed undo is the rollback_failed count's business). */
    if (hr == PASV_E_ABORT)
        (void)pasv_plan_rollback(plan, &be, &sink.base);
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
