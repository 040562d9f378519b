/* pasvports: building the plan (what one run will change, item by item); plan_state.c reads it.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * The whole 5001-65535 range is 60,535 ports, so nothing here scans the firewall list per
 * port: the list is sorted once into per-port tables and port spans, then swept with the range. */
#include <stdlib.h>
#include <string.h>

#include "pasv/addr.h"
#include "pasv/fwindex.h"
#include "pasv/plan.h"

#define NO_ENTRY UINT32_MAX

void pasv_options_init(pasv_options *opt, pasv_server_kind server)
{
    if (!opt)
        return;
    memset(opt, 0, sizeof(*opt));
    /* The seed procedure's 201 ports: valid for every server kind, plenty for ~100 concurrent
     * transfers (each holds one data port, RFC 959 4.1.2 PASV; 2x for TIME_WAIT is our choice). */
    opt->range.low = 5001;
    opt->range.high = 5201;
    opt->clear_range = false;
    opt->server = server;
    opt->mode = PASV_MODE_PER_PORT;
    opt->prefix = NULL;
    opt->scope = PASV_SCOPE_ANY;
    opt->remote = NULL;
    opt->profiles = 0;
    opt->remove_stale = true;
    opt->restart_service = true;
    opt->enable_firewall = false;
    opt->edit_while_running = -1;
    opt->on_error = PASV_ON_ERROR_ROLLBACK;
    opt->skip_config = false;
    opt->skip_firewall = false;
    opt->site = NULL;
    opt->external_ip = NULL;
    opt->disable_builtin_rule = false;
}

static bool is_ours(const pasv_fw_entry *e)
{
    return (e->flags & PASV_FW_OURS) != 0;
}

/* ---- Building ---- */

typedef struct builder {
    pasv_plan *plan;
    const pasv_fw_list *fw;
    uint32_t *entry_map; /* fw list index -> plan->entries index, so each entry is copied once */
    uint32_t *rules;     /* fw list indexes of our Vista+ rules, sorted by name */
    size_t n_rules;
    /* Range-rule mode: the name of the one rule the run leaves ("<prefix> <low>-<high>"), else "". */
    char rule_name[PASV_FW_RULE_NAME_CAP];
    /* Range-rule mode: the last FOREIGN row made for another program's rule (its fw list index
     * and the row), so the next port it covers widens that row instead of adding one (an
     * exception's row of another program may stand between). */
    uint32_t last_foreign_rule;
    size_t last_foreign_row;
} builder;

static pasv_plan_item *add_item(builder *b, pasv_item_kind kind, uint16_t port, uint32_t profiles)
{
    pasv_plan_item *it = &b->plan->items[b->plan->count++];

    memset(it, 0, sizeof(*it));
    it->kind = (uint8_t)kind;
    it->status = PASV_ST_PENDING;
    it->msg = PASV_MSG_RESULT_PENDING;
    it->port = port;
    it->profiles = profiles;
    it->entry = NO_ENTRY;
    return it;
}

static void set_unchanged(pasv_plan_item *it)
{
    it->status = PASV_ST_UNCHANGED;
    it->msg = pasv_item_status_msg(it);
}

/* Copies list entry idx into plan->entries (once) and returns its index there. */
static bool copy_entry(builder *b, uint32_t idx, uint32_t *out)
{
    if (b->entry_map[idx] == NO_ENTRY) {
        if (b->plan->entries.count >= NO_ENTRY || !pasv_fw_list_push(&b->plan->entries, &b->fw->items[idx]))
            return false;
        b->entry_map[idx] = (uint32_t)(b->plan->entries.count - 1);
    }
    *out = b->entry_map[idx];
    return true;
}

/* Rule names ordered as pasv_fw_rule_name_equal compares them (ASCII letters folded), so rules
 * Windows takes for one name sort next to each other. Equality is pasv_fw_rule_name_equal. */
static int rule_name_order(const char *a, const char *b)
{
    for (;; a++, b++) {
        int x = (unsigned char)*a, y = (unsigned char)*b;

        if (x >= 'A' && x <= 'Z')
            x += 'a' - 'A';
        if (y >= 'A' && y <= 'Z')
            y += 'a' - 'A';
        if (x != y || x == 0)
            return x - y;
    }
}

/* Our Vista+ rules, sorted by name so each name yields one REMOVE_RULE (remove_rule removes
 * every rule of that name). */
static int cmp_rule_name(const void *a, const void *b, const pasv_fw_list *list)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    int c = rule_name_order(list->items[x].name, list->items[y].name);

    return c ? c : (x < y ? -1 : (x > y));
}

/* qsort has no context argument in C11; rules are few, so an insertion sort is enough. */
static void sort_rules(uint32_t *r, size_t n, const pasv_fw_list *list)
{
    size_t i, j;

    for (i = 1; i < n; i++) {
        uint32_t v = r[i];

        for (j = i; j > 0 && cmp_rule_name(&r[j - 1], &v, list) > 0; j--)
            r[j] = r[j - 1];
        r[j] = v;
    }
}

static char *dup_text(const char *src)
{
    size_t len = strlen(src) + 1;
    char *out = malloc(len);

    if (out)
        memcpy(out, src, len);
    return out;
}

/* IIS 7+ (issue 13): opt.site and opt.external_ip into the plan's own copies, checked: only on
 * IIS 7+, an address needs its site and is one IPv4 host address or "" (clear). */
static pasv_hr copy_iis7_options(pasv_plan *plan, const pasv_options *opt)
{
    char canon[PASV_ADDR_TEXT_MAX];
    pasv_ipv4_kind kind;
    pasv_addr_result res;

    plan->opt.site = NULL;
    plan->opt.external_ip = NULL;
    if (!opt->site && !opt->external_ip && !opt->disable_builtin_rule)
        return PASV_S_OK;
    if (opt->server != PASV_SERVER_IIS7 || (opt->external_ip && (!opt->site || !*opt->site)))
        return PASV_E_INVALIDARG;
    if (opt->external_ip && *opt->external_ip
        && (!pasv_addr_ipv4_host(opt->external_ip, canon, sizeof(canon), &kind, &res)
            || strcmp(canon, opt->external_ip) != 0))
        return PASV_E_INVALIDARG; /* the front ends pass the canonical form they showed */
    if (opt->site && !(plan->site_buf = dup_text(opt->site)))
        return PASV_E_OUTOFMEMORY;
    if (opt->external_ip && !(plan->external_ip_buf = dup_text(opt->external_ip)))
        return PASV_E_OUTOFMEMORY;
    plan->opt.site = plan->site_buf;
    plan->opt.external_ip = plan->external_ip_buf;
    return PASV_S_OK;
}

/* Fills plan->opt with prefix and remote pointing at the plan's own copies. Returns
 * PASV_E_INVALIDARG for a prefix or address list we must not use, PASV_E_OUTOFMEMORY. */
static pasv_hr copy_options(pasv_plan *plan, const pasv_options *opt)
{
    const char *prefix = opt->prefix ? opt->prefix : PASV_DEFAULT_PREFIX;

    plan->opt = *opt;
    if (!*prefix || strlen(prefix) > PASV_PREFIX_MAX)
        return PASV_E_INVALIDARG;
    plan->prefix_buf = dup_text(prefix);
    if (!plan->prefix_buf)
        return PASV_E_OUTOFMEMORY;
    plan->opt.prefix = plan->prefix_buf;
    plan->opt.remote = NULL;
    if (opt->scope == PASV_SCOPE_CUSTOM) {
        if (!opt->remote || !*opt->remote)
            return PASV_E_INVALIDARG;
        plan->remote_buf = dup_text(opt->remote);
        if (!plan->remote_buf)
            return PASV_E_OUTOFMEMORY;
        plan->opt.remote = plan->remote_buf;
    }
    return copy_iis7_options(plan, opt);
}

static bool range_equal(const pasv_range *a, const pasv_range *b)
{
    return a->low == b->low && a->high == b->high;
}

/* Target profiles: what the user asked for, else all the firewall knows; a firewall that can
 * only reach the current profile (no GetProfileByType) can only act there. */
static uint32_t target_profiles(const pasv_options *opt, const pasv_current *cur)
{
    if (!cur->fw_state.profiles_by_type)
        return cur->fw_state.profiles_current;
    return opt->profiles ? opt->profiles : cur->fw_state.profiles_all;
}

/* One row per distinct entry of ours at a port (the legacy API keeps one exception per profile,
 * and they can differ): rows[] holds the item indexes made so far for this port. Entries equal
 * in value share a row, so a rollback puts each back exactly. Returns false on OOM. */
typedef struct port_rows {
    size_t items[32];
    size_t n;
} port_rows;

static bool add_entry_row(builder *b, port_rows *pr, pasv_item_kind kind, uint16_t port, uint32_t bits, uint32_t idx)
{
    pasv_plan *plan = b->plan;
    const pasv_fw_entry *e = &b->fw->items[idx];
    pasv_plan_item *it;
    size_t k;

    for (k = 0; k < pr->n; k++) {
        it = &plan->items[pr->items[k]];
        if (pasv_fw_entry_same(&plan->entries.items[it->entry], e)) {
            it->profiles |= bits;
            plan->entries.items[it->entry].profiles = it->profiles;
            return true;
        }
    }
    it = add_item(b, kind, port, bits);
    if (!copy_entry(b, idx, &it->entry))
        return false;
    /* The copy says exactly where this value was, which is what a rollback puts back. */
    plan->entries.items[it->entry].profiles = bits;
    if (pr->n < 32)
        pr->items[pr->n++] = plan->count - 1;
    return true;
}

static void plan_want(const pasv_options *opt, uint32_t target, pasv_fw_want *w)
{
    w->target = target;
    w->scope = (uint8_t)opt->scope;
    w->any_scope = false;
    w->remote = opt->remote;
}

/* Our rule already is the one wanted: the range, exactly the target profiles, and what the
 * shared judgement asks of a range rule (pasv_fw_rule_grants). */
static bool rule_matches(const pasv_fw_entry *e, const pasv_options *opt, uint32_t target)
{
    pasv_fw_want w;

    plan_want(opt, target, &w);
    return e->profiles == target && pasv_fw_rule_grants(e, &opt->range, &w);
}

/* A FOREIGN row: another program's entry at the port, reported and never touched. */
static bool add_foreign_row(builder *b, uint16_t port, uint32_t idx)
{
    pasv_plan_item *it = add_item(b, PASV_ITEM_FOREIGN, port, b->fw->items[idx].profiles);

    set_unchanged(it);
    return copy_entry(b, idx, &it->entry);
}

/* The per-port rows of one port of the range (per-port mode), from the verdict the audit and
 * the verification share (fwindex.h). */
static bool plan_port(builder *b, const pasv_fw_index *ix, const pasv_fw_port_view *v, uint32_t target)
{
    pasv_fw_want w;
    pasv_fw_verdict vd;
    uint32_t left;
    port_rows pr;
    size_t j;

    plan_want(&b->plan->opt, target, &w);
    pasv_fw_view_judge(ix, v, &w, &vd);
    if (v->n_ours == 0 && (vd.cls == PASV_FWC_FOREIGN || vd.write == 0) && vd.foreign != PASV_FWX_NONE) {
        /* Another program's: reported, never touched (a foreign rule opening it, or a foreign
         * exception, enabled or not, that we would overwrite). */
        return add_foreign_row(b, v->port, vd.foreign);
    }
    /* Another program's exception in some target profile, ours in the others: reported too. */
    if (vd.held && vd.foreign != PASV_FWX_NONE && !add_foreign_row(b, v->port, vd.foreign))
        return false;
    if (vd.write == 0) {
        if (vd.granted) {
            pasv_plan_item *it = add_item(b, PASV_ITEM_KEEP_PORT, v->port, vd.granted);

            set_unchanged(it);
        }
        return true;
    }
    /* Where an entry of ours is there (disabled, another scope or addresses), it is what the
     * write replaces and what a rollback puts back: one row per distinct prior value. */
    pr.n = 0;
    left = vd.write;
    for (j = 0; j < v->n_ours && left; j++) {
        uint32_t bits = left & b->fw->items[v->ours[j].idx].profiles;

        if (!bits)
            continue;
        if (!add_entry_row(b, &pr, PASV_ITEM_OPEN_PORT, v->port, bits, v->ours[j].idx))
            return false;
        left &= ~bits;
    }
    if (left)
        add_item(b, PASV_ITEM_OPEN_PORT, v->port, left);
    return true;
}

/* Range-rule mode: the one rule, named for the range so that it never takes the name a person
 * gives a rule by hand ("Passive FTP") and a range change is a new rule beside the old one. Only
 * a rule of ours with that very name is what put_rule replaces (its copy is the prior value a
 * rollback puts back); with none, prior is NULL and a same-named rule that is not ours makes the
 * backend refuse (PASV_E_CHANGED) rather than replace it. Ours under other names (another range,
 * or the bare prefix earlier versions used) are removed by plan_rule_removals, after the restart. */
static bool plan_put_rule(builder *b, uint32_t target)
{
    const pasv_options *opt = &b->plan->opt;
    pasv_plan_item *it = add_item(b, PASV_ITEM_PUT_RULE, 0, target);
    size_t same = 0, i;

    it->range = opt->range;
    for (i = 0; i < b->n_rules; i++) {
        if (!pasv_fw_rule_name_equal(b->fw->items[b->rules[i]].name, b->rule_name))
            continue;
        if (same++ == 0 && !copy_entry(b, b->rules[i], &it->entry))
            return false;
    }
    if (same == 1 && strcmp(b->plan->entries.items[it->entry].name, b->rule_name) == 0
        && rule_matches(&b->plan->entries.items[it->entry], opt, target))
        set_unchanged(it);
    return true;
}

/* Our single-port exceptions that the new state does not use (close_all: every one of them). */
static bool plan_stale_ports(builder *b, const pasv_fw_index *ix, bool close_all, uint32_t nports)
{
    const pasv_options *opt = &b->plan->opt;
    size_t j = 0;

    while (j < ix->n_ours) {
        uint16_t port = ix->ours[j].port;
        port_rows pr;

        pr.n = 0;
        if (!close_all && nports > 0 && pasv_range_contains(&opt->range, port)) {
            while (j < ix->n_ours && ix->ours[j].port == port)
                j++;
            continue;
        }
        /* One row per distinct value, so each is closed as listed and reopened exactly. */
        for (; j < ix->n_ours && ix->ours[j].port == port; j++)
            if (!add_entry_row(b, &pr, PASV_ITEM_CLOSE_STALE, port, b->fw->items[ix->ours[j].idx].profiles,
                               ix->ours[j].idx))
                return false;
    }
    return true;
}

/* Our rules that the new state does not use: in range-rule mode every one not named for the new
 * range (the rule put_rule replaces is not removed); in per-port mode (with remove_stale) or on
 * "remove", all. One REMOVE_RULE per name, carrying the rule as listed. */
static bool plan_rule_removals(builder *b)
{
    const pasv_options *opt = &b->plan->opt;
    size_t i;

    if (!opt->clear_range && opt->mode != PASV_MODE_RANGE_RULE && !opt->remove_stale)
        return true;
    for (i = 0; i < b->n_rules; i++) {
        const pasv_fw_entry *e = &b->fw->items[b->rules[i]];
        pasv_plan_item *it;

        if (i > 0 && pasv_fw_rule_name_equal(e->name, b->fw->items[b->rules[i - 1]].name))
            continue;
        if (b->rule_name[0] && pasv_fw_rule_name_equal(e->name, b->rule_name))
            continue;
        it = add_item(b, PASV_ITEM_REMOVE_RULE, 0, e->profiles);
        it->range = e->ports;
        if (!copy_entry(b, b->rules[i], &it->entry))
            return false;
    }
    return true;
}

/* Our Vista+ TCP rules into b->rules, sorted by name. */
static bool collect_rules(builder *b)
{
    const pasv_fw_list *fw = b->fw;
    size_t i;

    if (fw->count == 0)
        return true;
    b->rules = malloc(fw->count * sizeof(*b->rules));
    if (!b->rules)
        return false;
    for (i = 0; i < fw->count; i++)
        if (fw->items[i].kind == PASV_FW_RULE && fw->items[i].protocol == PASV_PROTO_TCP && is_ours(&fw->items[i]))
            b->rules[b->n_rules++] = (uint32_t)i;
    sort_rules(b->rules, b->n_rules, fw);
    return true;
}

/* Range-rule mode: the rows of the range are only the foreign entries, reported. */
static bool plan_port_rule_mode(builder *b, const pasv_fw_index *ix, const pasv_fw_port_view *v, uint32_t target)
{
    pasv_fw_want w;
    pasv_fw_verdict vd;

    plan_want(&b->plan->opt, target, &w);
    pasv_fw_view_judge(ix, v, &w, &vd);
    /* The rule opens the port whatever else is there; others' entries are reported. */
    if (v->n_ours != 0 || v->rule_idx != PASV_FWX_NONE || vd.foreign == PASV_FWX_NONE
        || !(vd.cls == PASV_FWC_FOREIGN || vd.held))
        return true;
    /* Another program's rule over many ports (the FTP role's built-in 1024-65535 rule) is one
     * row for the ports of the range it covers, not one row a port. */
    if (b->fw->items[vd.foreign].kind == PASV_FW_RULE && b->last_foreign_rule == vd.foreign) {
        /* Ports come in ascending order and a rule covers one span, so the ports between (where
         * another program's exception may have its own row) are the rule's too. */
        b->plan->items[b->last_foreign_row].range.high = v->port;
        return true;
    }
    if (!add_foreign_row(b, v->port, vd.foreign))
        return false;
    if (b->fw->items[vd.foreign].kind == PASV_FW_RULE) {
        pasv_plan_item *row = &b->plan->items[b->plan->count - 1];

        row->range.low = row->range.high = v->port;
        b->last_foreign_rule = vd.foreign;
        b->last_foreign_row = b->plan->count - 1;
    }
    return true;
}

/* SET_EXTERNAL_IP: two records in plan->entries, the site as it was (remote = its address then)
 * and as the item leaves it, so a journal read back names both and a rollback puts the old one
 * back without the front end that planned it. */
static bool plan_external_ip(builder *b, const char *old)
{
    pasv_plan *plan = b->plan;
    pasv_plan_item *it;
    pasv_fw_entry e;

    if (plan->entries.count + 2 >= NO_ENTRY)
        return false;
    pasv_fw_entry_init(&e);
    e.name = plan->opt.site;
    e.remote = old;
    if (!pasv_fw_list_push(&plan->entries, &e))
        return false;
    e.remote = plan->opt.external_ip;
    if (!pasv_fw_list_push(&plan->entries, &e))
        return false;
    it = add_item(b, PASV_ITEM_SET_EXTERNAL_IP, 0, 0);
    it->entry = (uint32_t)(plan->entries.count - 2);
    return true;
}

/* DISABLE_/ENABLE_BUILTIN_RULE: the built-in rule as listed, the one thing the item may touch. */
static bool plan_builtin(builder *b, pasv_item_kind kind, const pasv_fw_entry *rule)
{
    pasv_plan_item *it;

    if (b->plan->entries.count >= NO_ENTRY || !pasv_fw_list_push(&b->plan->entries, rule))
        return false;
    it = add_item(b, kind, 0, rule->profiles);
    it->range = rule->ports;
    it->entry = (uint32_t)(b->plan->entries.count - 1);
    return true;
}

/* The IIS 7+ decisions of build_items: the address to write (set_ext), the built-in passive rule
 * to turn off once ours is in place (apply) or on again when an earlier run of ours turned it off
 * (remove). PASV_E_INVALIDARG when an address is asked for a site whose address was not read. */
static pasv_hr iis7_wants(const pasv_options *opt, const pasv_current *cur, bool use_fw, uint32_t nports,
                          bool *set_ext, bool *builtin_off, bool *builtin_on)
{
    const pasv_fw_entry *rule = cur->builtin_rule;
    bool rule_on = rule && (rule->flags & PASV_FW_ENABLED) != 0;

    *set_ext = *builtin_off = *builtin_on = false;
    /* Not gated by skip_config (the range): "apply --external-ip" alone skips the range and the
     * firewall and still writes the address. */
    if (opt->external_ip) {
        if (!cur->external_ip)
            return PASV_E_INVALIDARG;
        *set_ext = strcmp(cur->external_ip, opt->external_ip) != 0;
    }
    if (!use_fw || opt->server != PASV_SERVER_IIS7 || !rule)
        return PASV_S_OK;
    *builtin_off = !opt->clear_range && nports > 0 && opt->disable_builtin_rule && rule_on;
    *builtin_on = opt->clear_range && cur->builtin_off_by_us && !rule_on;
    return PASV_S_OK;
}

static pasv_hr build_items(builder *b, const pasv_current *cur, uint32_t target)
{
    pasv_plan *plan = b->plan;
    const pasv_options *opt = &plan->opt;
    const pasv_fw_list *fw = b->fw;
    bool use_fw = fw != NULL;
    bool clear = opt->clear_range;
    bool range_rule = opt->mode == PASV_MODE_RANGE_RULE;
    uint32_t nports = clear ? 0 : pasv_range_count(&opt->range);
    bool set_range = false, clear_range = false, ewr = false, any_change;
    bool set_ext, builtin_off, builtin_on;
    pasv_fw_index ix;
    size_t i;
    pasv_hr hr = iis7_wants(opt, cur, use_fw, nports, &set_ext, &builtin_off, &builtin_on);

    if (PASV_FAILED(hr))
        return hr;
    hr = PASV_E_OUTOFMEMORY;
    memset(&ix, 0, sizeof(ix));
    if (!opt->skip_config) {
        if (clear)
            clear_range = cur->range_set;
        else
            set_range = !cur->range_set || !range_equal(&cur->range, &opt->range);
        /* "Enable Direct Metabase Edit" exists on IIS 6 only; an unknown current value (-1)
         * is written, since it may differ. */
        ewr = opt->server == PASV_SERVER_IIS6 && opt->edit_while_running >= 0
              && cur->edit_while_running != (opt->edit_while_running ? 1 : 0);
    }
    /* Cannot fail: copy_options checked the prefix against PASV_PREFIX_MAX. */
    if (use_fw && range_rule && nports > 0)
        (void)pasv_fw_rule_name(opt->prefix, &opt->range, b->rule_name, sizeof(b->rule_name));
    if (use_fw && (!pasv_fw_index_build(&ix, fw) || !collect_rules(b)))
        goto done;

    if (set_range || clear_range || ewr || set_ext)
        add_item(b, PASV_ITEM_BACKUP, 0, 0);

    /* Ports of the range, ascending (or the foreign rows and the rule in range-rule mode). */
    if (use_fw && nports > 0) {
        pasv_fw_cursor cursor;
        uint32_t p;

        pasv_fw_cursor_init(&cursor, &ix);
        for (p = opt->range.low; p <= opt->range.high; p++) {
            pasv_fw_port_view v;

            pasv_fw_cursor_at(&cursor, p, &v);
            if (!(range_rule ? plan_port_rule_mode(b, &ix, &v, target) : plan_port(b, &ix, &v, target)))
                goto done;
        }
        if (range_rule && !plan_put_rule(b, target))
            goto done;
    }

    /* remove: the built-in rule opens 1024-65535 again before ours close. */
    if (builtin_on && !plan_builtin(b, PASV_ITEM_ENABLE_BUILTIN_RULE, cur->builtin_rule))
        goto done;
    if (set_range) {
        pasv_plan_item *it = add_item(b, PASV_ITEM_SET_RANGE, 0, 0);
        it->range = opt->range;
    }
    if (clear_range)
        add_item(b, PASV_ITEM_CLEAR_RANGE, 0, 0);
    if (ewr)
        add_item(b, PASV_ITEM_EDIT_WHILE_RUNNING, 0, 0);
    /* Before the restart: FTPSVC reads the site's address when it starts. */
    if (set_ext && !plan_external_ip(b, cur->external_ip))
        goto done;
    if ((set_range || clear_range || set_ext) && opt->restart_service)
        add_item(b, PASV_ITEM_RESTART_SERVICE, 0, 0);

    if (use_fw) {
        /* In range-rule mode the rule covers the range, so every per-port exception of ours is
         * superseded. */
        if ((clear || opt->remove_stale) && !plan_stale_ports(b, &ix, clear || range_rule, nports))
            goto done;
        if (!plan_rule_removals(b))
            goto done;
        if (!clear && opt->enable_firewall && (target & ~cur->fw_state.profiles_enabled) != 0)
            add_item(b, PASV_ITEM_ENABLE_FIREWALL, 0, target & ~cur->fw_state.profiles_enabled);
        /* Last change: only once ours is in place (apply.c skips it after any failure). */
        if (builtin_off && !plan_builtin(b, PASV_ITEM_DISABLE_BUILTIN_RULE, cur->builtin_rule))
            goto done;
    }

    any_change = false;
    for (i = 0; i < plan->count && !any_change; i++)
        any_change = plan->items[i].status == PASV_ST_PENDING;
    if (any_change)
        add_item(b, PASV_ITEM_VERIFY, 0, 0);
    hr = PASV_S_OK;

done:
    pasv_fw_index_cleanup(&ix);
    free(b->rules);
    b->rules = NULL;
    return hr;
}

pasv_hr pasv_plan_build(const pasv_options *opt, const pasv_current *cur, pasv_plan **out)
{
    pasv_plan *plan;
    builder b;
    const pasv_fw_list *fw;
    uint32_t target = 0;
    size_t cap;
    pasv_hr hr;

    if (!opt || !cur || !out)
        return PASV_E_INVALIDARG;
    if (!opt->clear_range && pasv_range_validate(&opt->range, opt->server) != PASV_RANGE_OK)
        return PASV_E_INVALIDARG;
    fw = opt->skip_firewall ? NULL : cur->fw;
    if (fw) {
        target = target_profiles(opt, cur);
        /* No profile to act in: the snapshot is incomplete, and opening "nowhere" would only
         * produce a plan that cannot verify. */
        if (target == 0)
            return PASV_E_INVALIDARG;
        /* One rule for the range needs the Vista+ rules API; the legacy firewall takes single
         * ports only. */
        if (opt->mode == PASV_MODE_RANGE_RULE && !cur->fw_state.rules_api)
            return PASV_E_NOTIMPL;
    }

    plan = calloc(1, sizeof(*plan));
    if (!plan)
        return PASV_E_OUTOFMEMORY;
    pasv_fw_list_init(&plan->entries);
    plan->prev_edit_while_running = -1;
    hr = copy_options(plan, opt);
    if (PASV_FAILED(hr)) {
        pasv_plan_free(plan);
        return hr;
    }

    /* Upper bound: backup, one row per port, the rule, three config items, one item per list
     * entry (stale ports and rules), enable, verify, the IIS 7+ address and built-in rule. Trimmed
     * after building. */
    cap = 12 + (opt->clear_range ? 0 : pasv_range_count(&opt->range)) + (fw ? fw->count : 0);
    plan->items = malloc(cap * sizeof(*plan->items));
    memset(&b, 0, sizeof(b));
    b.plan = plan;
    b.fw = fw;
    b.last_foreign_rule = PASV_FWX_NONE;
    if (fw && fw->count > 0) {
        b.entry_map = malloc(fw->count * sizeof(*b.entry_map));
        if (b.entry_map)
            for (size_t i = 0; i < fw->count; i++)
                b.entry_map[i] = NO_ENTRY;
    }
    if (!plan->items || (fw && fw->count > 0 && !b.entry_map)) {
        free(b.entry_map);
        pasv_plan_free(plan);
        return PASV_E_OUTOFMEMORY;
    }

    hr = build_items(&b, cur, target);
    free(b.entry_map);
    if (PASV_FAILED(hr)) {
        pasv_plan_free(plan);
        return hr;
    }
    if (plan->count > 0 && plan->count < cap) {
        pasv_plan_item *shrunk = realloc(plan->items, plan->count * sizeof(*plan->items));
        if (shrunk)
            plan->items = shrunk;
    }
    *out = plan;
    return PASV_S_OK;
}

void pasv_plan_free(pasv_plan *plan)
{
    if (!plan)
        return;
    free(plan->items);
    pasv_fw_list_cleanup(&plan->entries);
    free(plan->prefix_buf);
    free(plan->remote_buf);
    free(plan->site_buf);
    free(plan->external_ip_buf);
    free(plan);
}
