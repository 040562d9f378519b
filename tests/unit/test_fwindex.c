/* pasvports: one picture, one answer: the plan, the audit and the verification classify the
 * same firewall lists identically (they share src/core/fwindex.c).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * Each table row seeds the recording fake firewall, reads it back as a front end does, and asks
 * the three consumers about port 5001 (the range is 5001-5002; 5002 is always free, so the run
 * writes something and VERIFY reads the firewall back):
 *   - the plan's rows at 5001 (OPEN_PORT / KEEP_PORT / FOREIGN);
 *   - the audit's state for 5001, judged against the same scope (pasv_audit_build_for);
 *   - verify's result after applying the plan with the fake, and whether anything wrote 5001.
 * Agreement: the plan keeps (KEEP only) iff the audit says OPEN iff the run verifies without a
 * write at 5001; the plan only reports another program's entry iff the audit says FOREIGN, or
 * MISSING with that entry recorded (a disabled foreign exception opens nothing and is never
 * written over); the plan writes iff the audit says PARTIAL or MISSING, and then the run reaches
 * a state the next plan keeps and the next audit calls OPEN where no other program holds the
 * port. */
#include <stdio.h>
#include <string.h>

#include "fakes.h"
#include "pasv/audit.h"
#include "pasv/fwindex.h"
#include "pasv/plan.h"
#include "testlib.h"

#define BOTH (PASV_PROFILE_DOMAIN | PASV_PROFILE_STANDARD)
#define DOM PASV_PROFILE_DOMAIN
#define STD PASV_PROFILE_STANDARD
#define EN PASV_FW_ENABLED
#define PORT 5001

/* What the plan says about the port. */
enum verdict { V_NONE = 0, V_OPEN, V_KEEP, V_FOREIGN, V_KEEP_FOREIGN };
static const char *const verdict_name[] = { "none", "open", "keep", "foreign", "keep+foreign" };
static const char *const audit_name[] = { "OPEN", "PARTIAL", "MISSING", "FOREIGN", "STALE" };

typedef struct seed {
    const char *name; /* NULL ends the list */
    uint16_t low, high;
    uint32_t profiles;
    uint16_t flags;
    uint8_t kind, protocol, scope;
    const char *remote;
} seed;

#define XPORT(n, p, f) { n, PORT, PORT, p, f, PASV_FW_PORT, PASV_PROTO_TCP, PASV_SCOPE_ANY, NULL }

typedef struct row {
    const char *what;
    seed entries[3];
    pasv_fw_mode mode;
    pasv_scope scope;        /* what the user asks for */
    const char *remote;
    enum verdict plan;       /* expected plan verdict at PORT */
    pasv_audit_state audit;  /* expected audit state of PORT */
    bool writes;             /* the run writes PORT */
} row;

static const row table[] = {
    { "ours enabled in all target profiles", { XPORT("Passive FTP5001", BOTH, EN) },
      PASV_MODE_PER_PORT, PASV_SCOPE_ANY, NULL, V_KEEP, PASV_AUDIT_OPEN, false },
    { "ours in one profile only", { XPORT("Passive FTP5001", DOM, EN) },
      PASV_MODE_PER_PORT, PASV_SCOPE_ANY, NULL, V_OPEN, PASV_AUDIT_PARTIAL, true },
    { "ours disabled", { XPORT("Passive FTP 5001", BOTH, 0) },
      PASV_MODE_PER_PORT, PASV_SCOPE_ANY, NULL, V_OPEN, PASV_AUDIT_PARTIAL, true },
    { "ours with another scope", { { "Passive FTP5001", PORT, PORT, BOTH, EN, PASV_FW_PORT, PASV_PROTO_TCP,
                                     PASV_SCOPE_SUBNET, NULL } },
      PASV_MODE_PER_PORT, PASV_SCOPE_ANY, NULL, V_OPEN, PASV_AUDIT_PARTIAL, true },
    { "ours with other remote addresses", { { "Passive FTP5001", PORT, PORT, BOTH, EN, PASV_FW_PORT,
                                              PASV_PROTO_TCP, PASV_SCOPE_CUSTOM, "10.0.0.0/8" } },
      PASV_MODE_PER_PORT, PASV_SCOPE_CUSTOM, "192.168.1.0/24", V_OPEN, PASV_AUDIT_PARTIAL, true },
    { "ours with the wanted remote addresses", { { "Passive FTP5001", PORT, PORT, BOTH, EN, PASV_FW_PORT,
                                                   PASV_PROTO_TCP, PASV_SCOPE_CUSTOM, "10.0.0.0/8" } },
      PASV_MODE_PER_PORT, PASV_SCOPE_CUSTOM, "10.0.0.0/8", V_KEEP, PASV_AUDIT_OPEN, false },
    { "foreign exception enabled", { XPORT("Veeam backup", BOTH, EN) },
      PASV_MODE_PER_PORT, PASV_SCOPE_ANY, NULL, V_FOREIGN, PASV_AUDIT_FOREIGN, false },
    { "foreign exception disabled", { XPORT("Veeam backup", BOTH, 0) },
      PASV_MODE_PER_PORT, PASV_SCOPE_ANY, NULL, V_FOREIGN, PASV_AUDIT_MISSING, false },
    { "foreign exception disabled in one profile", { XPORT("Veeam backup", DOM, 0) },
      PASV_MODE_PER_PORT, PASV_SCOPE_ANY, NULL, V_OPEN, PASV_AUDIT_MISSING, true },
    { "foreign enabled rule covering the port", { { "Other rule", 5000, 5010, BOTH, EN, PASV_FW_RULE,
                                                    PASV_PROTO_TCP, PASV_SCOPE_ANY, NULL } },
      PASV_MODE_PER_PORT, PASV_SCOPE_ANY, NULL, V_FOREIGN, PASV_AUDIT_FOREIGN, false },
    { "foreign disabled rule covering the port", { { "Other rule", 5000, 5010, BOTH, 0, PASV_FW_RULE,
                                                     PASV_PROTO_TCP, PASV_SCOPE_ANY, NULL } },
      PASV_MODE_PER_PORT, PASV_SCOPE_ANY, NULL, V_OPEN, PASV_AUDIT_MISSING, true },
    { "Group Policy entry with our name", { XPORT("Passive FTP5001", BOTH, EN | PASV_FW_GP) },
      PASV_MODE_PER_PORT, PASV_SCOPE_ANY, NULL, V_FOREIGN, PASV_AUDIT_FOREIGN, false },
    { "UDP entry with our name", { { "Passive FTP5001", PORT, PORT, BOTH, EN, PASV_FW_PORT, PASV_PROTO_UDP,
                                     PASV_SCOPE_ANY, NULL } },
      PASV_MODE_PER_PORT, PASV_SCOPE_ANY, NULL, V_OPEN, PASV_AUDIT_MISSING, true },
    { "our tagged rule (range-rule mode)", { { "Passive FTP 5001-5002", PORT, PORT + 1, BOTH, EN | PASV_FW_TAGGED,
                                               PASV_FW_RULE, PASV_PROTO_TCP, PASV_SCOPE_ANY, NULL } },
      PASV_MODE_RANGE_RULE, PASV_SCOPE_ANY, NULL, V_KEEP, PASV_AUDIT_OPEN, false },
    { "our tagged rule with another scope (range-rule mode)",
      { { "Passive FTP 5001-5002", PORT, PORT + 1, BOTH, EN | PASV_FW_TAGGED, PASV_FW_RULE, PASV_PROTO_TCP,
          PASV_SCOPE_SUBNET, NULL } },
      PASV_MODE_RANGE_RULE, PASV_SCOPE_ANY, NULL, V_OPEN, PASV_AUDIT_PARTIAL, true },
    { "ours in one profile, a foreign enabled exception in the other",
      { XPORT("Passive FTP5001", DOM, EN), XPORT("Veeam backup", STD, EN) },
      PASV_MODE_PER_PORT, PASV_SCOPE_ANY, NULL, V_KEEP_FOREIGN, PASV_AUDIT_PARTIAL, false },
    { "ours in one profile, a foreign disabled exception in the other",
      { XPORT("Passive FTP5001", STD, EN), XPORT("Veeam backup", DOM, 0) },
      PASV_MODE_PER_PORT, PASV_SCOPE_ANY, NULL, V_KEEP_FOREIGN, PASV_AUDIT_PARTIAL, false },
    { "ours disabled in one profile, a foreign exception in the other",
      { XPORT("Passive FTP5001", DOM, 0), XPORT("Veeam backup", STD, EN) },
      PASV_MODE_PER_PORT, PASV_SCOPE_ANY, NULL, V_OPEN, PASV_AUDIT_PARTIAL, true },
    { "nothing there", { { NULL } },
      PASV_MODE_PER_PORT, PASV_SCOPE_ANY, NULL, V_OPEN, PASV_AUDIT_MISSING, true },
};

typedef struct rig {
    fake_log log;
    fake_config cfg;
    fake_firewall fw;
    fake_service svc;
    fake_sink sink;
    pasv_backends be;
    pasv_fw_list list; /* the firewall as read back and classified, as a front end does */
    pasv_options opt;
} rig;

static void rig_init(rig *r, const row *t)
{
    size_t i;

    fake_log_init(&r->log);
    fake_config_init(&r->cfg, &r->log, PASV_SERVER_IIS6);
    r->cfg.is_set = true;
    r->cfg.range.low = PORT;
    r->cfg.range.high = PORT + 1;
    fake_firewall_init(&r->fw, &r->log, BOTH);
    fake_service_init(&r->svc, &r->log);
    fake_sink_init(&r->sink);
    r->be.config = &r->cfg.base;
    r->be.firewall = &r->fw.base;
    r->be.service = &r->svc.base;
    pasv_fw_list_init(&r->list);
    for (i = 0; i < 3 && t->entries[i].name; i++) {
        const seed *s = &t->entries[i];
        pasv_fw_entry e = s->kind == PASV_FW_RULE ? fake_rule(s->name, s->low, s->high, s->profiles, s->flags)
                                                  : fake_port(s->name, s->low, s->profiles, s->flags);

        e.protocol = s->protocol;
        e.scope = s->scope;
        if (s->remote)
            e.remote = s->remote;
        fake_firewall_seed(&r->fw, &e);
    }
    pasv_options_init(&r->opt, PASV_SERVER_IIS6);
    r->opt.range.low = PORT;
    r->opt.range.high = PORT + 1;
    r->opt.mode = t->mode;
    r->opt.scope = t->scope;
    r->opt.remote = t->remote;
}

static void rig_cleanup(rig *r)
{
    pasv_fw_list_cleanup(&r->list);
    fake_sink_cleanup(&r->sink);
    fake_firewall_cleanup(&r->fw);
    fake_log_cleanup(&r->log);
}

/* Reads the fake back and plans, as a front end does. */
static pasv_plan *plan_now(rig *r)
{
    pasv_current cur;
    pasv_plan *plan = NULL;

    pasv_fw_list_cleanup(&r->list);
    pasv_fw_list_init(&r->list);
    if (r->fw.base.vt->list(&r->fw.base, &r->list) != PASV_S_OK)
        return NULL;
    pasv_fw_classify(&r->list, NULL);
    memset(&cur, 0, sizeof(cur));
    cur.range = r->cfg.range;
    cur.range_set = r->cfg.is_set;
    cur.fw = &r->list;
    cur.fw_state = r->fw.fw_state;
    cur.edit_while_running = 0;
    return pasv_plan_build(&r->opt, &cur, &plan) == PASV_S_OK ? plan : NULL;
}

static enum verdict plan_verdict(const pasv_plan *p)
{
    bool open = false, keep = false, foreign = false;
    size_t i;

    for (i = 0; i < p->count; i++) {
        const pasv_plan_item *it = &p->items[i];

        if (it->kind == PASV_ITEM_PUT_RULE) {
            open |= it->status != PASV_ST_UNCHANGED;
            keep |= it->status == PASV_ST_UNCHANGED;
        }
        if (it->port != PORT)
            continue;
        open |= it->kind == PASV_ITEM_OPEN_PORT;
        keep |= it->kind == PASV_ITEM_KEEP_PORT;
        foreign |= it->kind == PASV_ITEM_FOREIGN;
    }
    if (open)
        return V_OPEN;
    if (keep)
        return foreign ? V_KEEP_FOREIGN : V_KEEP;
    return foreign ? V_FOREIGN : V_NONE;
}

static bool audit_port(const rig *r, pasv_audit_row *out)
{
    pasv_range range = r->opt.range;
    pasv_audit a;

    if (pasv_audit_build_for(&range, &r->list, BOTH, r->opt.scope, r->opt.remote, &a) != PASV_S_OK)
        return false;
    *out = a.rows[0];
    pasv_audit_cleanup(&a);
    return out->port == PORT;
}

/* Writes by the run at PORT: per-port calls name the port, the range rule covers it. */
static size_t writes_at_port(const fake_log *log)
{
    char open[32], close[32];

    snprintf(open, sizeof(open), "fw.open %u ", PORT);
    snprintf(close, sizeof(close), "fw.close %u ", PORT);
    return fake_log_count(log, open) + fake_log_count(log, close) + fake_log_count(log, "fw.put_rule");
}

/* The foreign entries (not named like ours, or GP or UDP) of the fake, one string. */
static void foreign_picture(const fake_firewall *fw, char *out, size_t cap)
{
    size_t i, len = 0;

    out[0] = '\0';
    for (i = 0; i < fw->state.count && len < cap; i++) {
        const pasv_fw_entry *e = &fw->state.items[i];

        if (strncmp(e->name, "Passive FTP", 11) == 0 && !(e->flags & PASV_FW_GP) && e->protocol == PASV_PROTO_TCP)
            continue;
        len += (size_t)snprintf(out + len, cap - len, "%s/%u-%u/%u/%u/%u/%u/%s;", e->name, e->ports.low,
                                e->ports.high, e->profiles, e->flags, e->protocol, e->scope, e->remote);
    }
}

/* Profiles where another program's single-port TCP exception holds PORT (the fake keeps one
 * entry per profile, as the legacy API does). */
static uint32_t foreign_held(const pasv_fw_list *l)
{
    uint32_t m = 0;
    size_t i;

    for (i = 0; i < l->count; i++)
        if (l->items[i].kind == PASV_FW_PORT && l->items[i].protocol == PASV_PROTO_TCP && l->items[i].ports.low == PORT
            && !(l->items[i].flags & PASV_FW_OURS))
            m |= l->items[i].profiles;
    return m;
}

static bool verified(const pasv_plan *p)
{
    size_t i;

    for (i = 0; i < p->count; i++) {
        const pasv_plan_item *it = &p->items[i];

        if (it->status == PASV_ST_NOT_VERIFIED || it->status == PASV_ST_FAILED)
            return false;
        if (it->kind == PASV_ITEM_VERIFY && it->status != PASV_ST_DONE)
            return false;
    }
    return true;
}

static void check_row(const row *t)
{
    rig r;
    pasv_plan *plan, *again;
    pasv_audit_row a, after;
    enum verdict v, v2;
    char before[1024], now[1024];
    pasv_hr hr;
    size_t wrote;
    bool held;

    rig_init(&r, t);
    foreign_picture(&r.fw, before, sizeof(before));
    plan = plan_now(&r);
    if (!ok(plan != NULL, "%s: plan builds", t->what))
        goto out;
    v = plan_verdict(plan);
    ok(audit_port(&r, &a), "%s: audit builds", t->what);
    ok(v == t->plan, "%s: plan says %s, expected %s", t->what, verdict_name[v], verdict_name[t->plan]);
    ok(a.state == t->audit, "%s: audit says %s, expected %s", t->what, audit_name[a.state], audit_name[t->audit]);

    /* The three agree. */
    ok((v == V_KEEP) == (a.state == PASV_AUDIT_OPEN), "%s: plan keeps iff audit says OPEN (%s, %s)", t->what,
       verdict_name[v], audit_name[a.state]);
    /* A disabled foreign exception holding every target profile: MISSING with it recorded. */
    held = a.state == PASV_AUDIT_MISSING && a.entry != UINT32_MAX && (foreign_held(&r.list) & BOTH) == BOTH;
    ok((v == V_FOREIGN) == (a.state == PASV_AUDIT_FOREIGN || held),
       "%s: plan reports only another program's entry iff the audit does (%s, %s)", t->what, verdict_name[v],
       audit_name[a.state]);
    ok((v == V_OPEN) == ((a.state == PASV_AUDIT_PARTIAL || a.state == PASV_AUDIT_MISSING) && !held)
           || v == V_KEEP_FOREIGN,
       "%s: plan writes iff the audit says PARTIAL or MISSING, not held by another program (%s, %s)", t->what,
       verdict_name[v], audit_name[a.state]);
    if (a.state == PASV_AUDIT_MISSING && a.entry != UINT32_MAX)
        ok(!(r.list.items[a.entry].flags & PASV_FW_OURS), "%s: the entry MISSING records is not ours", t->what);
    if (a.state == PASV_AUDIT_MISSING)
        ok(a.profiles == 0, "%s: a MISSING port is open nowhere (%u)", t->what, a.profiles);

    hr = pasv_plan_apply(plan, &r.be, &r.sink.base);
    wrote = writes_at_port(&r.log);
    ok(hr == PASV_S_OK, "%s: the run succeeds (0x%08x)", t->what, (unsigned)hr);
    ok(verified(plan), "%s: verify passes", t->what);
    ok((wrote != 0) == t->writes, "%s: %zu writes at the port, expected %s", t->what, wrote,
       t->writes ? "some" : "none");
    ok((wrote != 0) == (v == V_OPEN), "%s: a write iff the plan opens (%zu, %s)", t->what, wrote, verdict_name[v]);
    foreign_picture(&r.fw, now, sizeof(now));
    ok(strcmp(before, now) == 0, "%s: other programs' entries unchanged: '%s' -> '%s'", t->what, before, now);

    /* After the run: the next plan changes nothing, and the audit agrees with it. */
    again = plan_now(&r);
    if (ok(again != NULL, "%s: re-plan builds", t->what)) {
        ok(pasv_plan_is_noop(again), "%s: re-plan is a no-op", t->what);
        v2 = plan_verdict(again);
        ok(audit_port(&r, &after), "%s: re-audit builds", t->what);
        ok((v2 == V_KEEP) == (after.state == PASV_AUDIT_OPEN), "%s: after the run, plan %s, audit %s", t->what,
           verdict_name[v2], audit_name[after.state]);
        if (v == V_OPEN && !(t->entries[0].name && t->entries[1].name))
            ok(after.state == PASV_AUDIT_OPEN || after.state == PASV_AUDIT_PARTIAL,
               "%s: after writing, ours is there (%s)", t->what, audit_name[after.state]);
        pasv_plan_free(again);
    }
    pasv_plan_free(plan);
out:
    rig_cleanup(&r);
}

static void test_table(void)
{
    size_t i;

    for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
        check_row(&table[i]);
}

/* Per-port mode with our range rule over a port another program holds with a disabled
 * exception: the plan reports that program's entry, never our own rule as "foreign". */
static void test_foreign_row_never_names_ours(void)
{
    static const row t = { "rule of ours over a disabled foreign exception",
                           { { "Passive FTP", PORT, PORT + 1, BOTH, EN | PASV_FW_TAGGED, PASV_FW_RULE,
                               PASV_PROTO_TCP, PASV_SCOPE_ANY, NULL },
                             XPORT("Veeam backup", BOTH, 0) },
                           PASV_MODE_PER_PORT, PASV_SCOPE_ANY, NULL, V_FOREIGN, PASV_AUDIT_MISSING, false };
    rig r;
    pasv_plan *plan;
    size_t i, rows = 0;

    rig_init(&r, &t);
    plan = plan_now(&r);
    if (ok(plan != NULL, "plan builds")) {
        for (i = 0; i < plan->count; i++) {
            const pasv_plan_item *it = &plan->items[i];

            if (it->kind != PASV_ITEM_FOREIGN)
                continue;
            rows++;
            ok(it->entry < plan->entries.count && strcmp(plan->entries.items[it->entry].name, "Veeam backup") == 0,
               "FOREIGN row at %u names the other program's entry, not '%s'", it->port,
               it->entry < plan->entries.count ? plan->entries.items[it->entry].name : "(none)");
        }
        ok(rows == 1, "one FOREIGN row, got %zu", rows);
        ok(plan_verdict(plan) == V_FOREIGN, "the port is not written over: %s", verdict_name[plan_verdict(plan)]);
        pasv_plan_free(plan);
    }
    rig_cleanup(&r);
}

int main(void)
{
    test_table();
    test_foreign_row_never_names_ours();
    return test_summary("fwindex");
}
