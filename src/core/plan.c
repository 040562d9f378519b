/* pasvports: building the plan (what one run will change, item by item) and reading it back.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * The whole 5001-65535 range is 60,535 ports, so nothing here scans the firewall list per
 * port: the list is sorted once into per-port tables and port spans, then swept with the range. */
#include <stdlib.h>
#include <string.h>

#include "pasv/plan.h"

#define NO_ENTRY UINT32_MAX

void pasv_options_init(pasv_options *opt, pasv_server_kind server)
{
    if (!opt)
        return;
    memset(opt, 0, sizeof(*opt));
    /* The seed procedure's 201 ports: valid for every server kind, plenty for ~100
     * concurrent transfers (WINDOWS-APIS.md section 7). */
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
}

/* ---- Indexes over the firewall list ---- */

/* One port's single-port exceptions, merged across the entries that list it (a backend may
 * report one entry per profile). idx is the first such entry. */
typedef struct port_info {
    uint16_t port;
    uint32_t present;  /* profiles where an entry exists */
    uint32_t enabled;  /* profiles where an enabled entry exists */
    uint32_t idx;
} port_info;

/* A port span of one entry, for the "does anything foreign cover this port" sweep. */
typedef struct span {
    uint16_t low, high;
    uint32_t idx;
} span;

static int cmp_port_info(const void *a, const void *b)
{
    const port_info *x = a, *y = b;

    if (x->port != y->port)
        return x->port < y->port ? -1 : 1;
    return x->idx < y->idx ? -1 : (x->idx > y->idx);
}

static int cmp_span(const void *a, const void *b)
{
    const span *x = a, *y = b;

    if (x->low != y->low)
        return x->low < y->low ? -1 : 1;
    return x->idx < y->idx ? -1 : (x->idx > y->idx);
}

static bool is_tcp_port(const pasv_fw_entry *e)
{
    return e->protocol == PASV_PROTO_TCP && e->kind == PASV_FW_PORT;
}

static bool is_ours(const pasv_fw_entry *e)
{
    return (e->flags & PASV_FW_OURS) != 0;
}

/* Sorted, merged table of the TCP single-port entries that are ours (or foreign). */
static bool collect_ports(const pasv_fw_list *list, bool ours, port_info **out, size_t *out_count)
{
    port_info *t;
    size_t i, n = 0, m = 0;

    *out = NULL;
    *out_count = 0;
    if (!list || list->count == 0)
        return true;
    t = malloc(list->count * sizeof(*t));
    if (!t)
        return false;
    for (i = 0; i < list->count; i++) {
        const pasv_fw_entry *e = &list->items[i];

        if (!is_tcp_port(e) || is_ours(e) != ours)
            continue;
        t[n].port = e->ports.low;
        t[n].present = e->profiles;
        t[n].enabled = (e->flags & PASV_FW_ENABLED) ? e->profiles : 0;
        t[n].idx = (uint32_t)i;
        n++;
    }
    qsort(t, n, sizeof(*t), cmp_port_info);
    for (i = 0; i < n; i++) {
        if (m > 0 && t[m - 1].port == t[i].port) {
            t[m - 1].present |= t[i].present;
            t[m - 1].enabled |= t[i].enabled;
        } else {
            t[m++] = t[i];
        }
    }
    *out = t;
    *out_count = m;
    return true;
}

/* Foreign entries that keep us off a port. Single-port exceptions count even when disabled:
 * INetFwOpenPorts::Add on the same port overwrites the existing entry (WINDOWS-APIS.md 3.2),
 * which would hijack another program's exception. Foreign rules count only when enabled:
 * a disabled rule opens nothing and our entries never modify it. */
static bool collect_foreign_spans(const pasv_fw_list *list, span **out, size_t *out_count)
{
    span *s;
    size_t i, n = 0;

    *out = NULL;
    *out_count = 0;
    if (!list || list->count == 0)
        return true;
    s = malloc(list->count * sizeof(*s));
    if (!s)
        return false;
    for (i = 0; i < list->count; i++) {
        const pasv_fw_entry *e = &list->items[i];

        if (e->protocol != PASV_PROTO_TCP || is_ours(e))
            continue;
        if (e->kind == PASV_FW_PORT) {
            s[n].low = s[n].high = e->ports.low;
        } else if (e->kind == PASV_FW_RULE && (e->flags & PASV_FW_ENABLED)
                   && e->ports.low <= e->ports.high && e->ports.high != 0) {
            s[n].low = e->ports.low;
            s[n].high = e->ports.high;
        } else {
            continue;
        }
        s[n].idx = (uint32_t)i;
        n++;
    }
    qsort(s, n, sizeof(*s), cmp_span);
    *out = s;
    *out_count = n;
    return true;
}

/* Walks ports in ascending order and answers "which foreign span covers this port": the span
 * reaching furthest among those started so far covers the port if any does. */
typedef struct span_sweep {
    const span *spans;
    size_t count, next;
    int32_t best_high;
    uint32_t best_idx;
} span_sweep;

static uint32_t sweep_cover(span_sweep *sw, uint32_t port)
{
    while (sw->next < sw->count && sw->spans[sw->next].low <= port) {
        const span *s = &sw->spans[sw->next++];

        if ((int32_t)s->high > sw->best_high) {
            sw->best_high = s->high;
            sw->best_idx = s->idx;
        }
    }
    return sw->best_high >= (int32_t)port ? sw->best_idx : NO_ENTRY;
}

static const port_info *port_walk(const port_info *t, size_t n, size_t *pos, uint32_t port)
{
    while (*pos < n && t[*pos].port < port)
        (*pos)++;
    return (*pos < n && t[*pos].port == port) ? &t[*pos] : NULL;
}

/* ---- Building ---- */

typedef struct builder {
    pasv_plan *plan;
    const pasv_fw_list *fw;
    uint32_t *entry_map; /* fw list index -> plan->entries index, so each entry is copied once */
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

/* Our Vista+ rules, sorted by name so each name yields one REMOVE_RULE (remove_rule removes
 * every rule of that name). */
static int cmp_rule_name(const void *a, const void *b, const pasv_fw_list *list)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    int c = strcmp(list->items[x].name, list->items[y].name);

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

static bool rule_matches(const pasv_fw_entry *e, const pasv_options *opt, uint32_t target)
{
    if (e->ports.low != opt->range.low || e->ports.high != opt->range.high)
        return false;
    if (e->profiles != target || !(e->flags & PASV_FW_ENABLED) || e->scope != (uint8_t)opt->scope)
        return false;
    return opt->scope != PASV_SCOPE_CUSTOM || strcmp(e->remote, opt->remote) == 0;
}

static char *dup_text(const char *src)
{
    size_t len = strlen(src) + 1;
    char *out = malloc(len);

    if (out)
        memcpy(out, src, len);
    return out;
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
    return PASV_S_OK;
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
    port_info *ours = NULL, *foreign_ports = NULL;
    size_t n_ours = 0, n_foreign_ports = 0, n_spans = 0, n_rules = 0, i;
    span *spans = NULL;
    uint32_t *rules = NULL;
    pasv_hr hr = PASV_E_OUTOFMEMORY;

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

    if (use_fw) {
        if (!collect_ports(fw, true, &ours, &n_ours) || !collect_ports(fw, false, &foreign_ports, &n_foreign_ports)
            || !collect_foreign_spans(fw, &spans, &n_spans))
            goto done;
        if (fw->count > 0) {
            rules = malloc(fw->count * sizeof(*rules));
            if (!rules)
                goto done;
            for (i = 0; i < fw->count; i++)
                if (fw->items[i].kind == PASV_FW_RULE && fw->items[i].protocol == PASV_PROTO_TCP && is_ours(&fw->items[i]))
                    rules[n_rules++] = (uint32_t)i;
            sort_rules(rules, n_rules, fw);
        }
    }

    if (set_range || clear_range || ewr)
        add_item(b, PASV_ITEM_BACKUP, 0, 0);

    /* Ports of the range, ascending (or the foreign rows and the rule in range-rule mode). */
    if (use_fw && nports > 0) {
        span_sweep sw = { spans, n_spans, 0, -1, NO_ENTRY };
        size_t pos_ours = 0, pos_foreign = 0;
        uint32_t p;

        for (p = opt->range.low; p <= opt->range.high; p++) {
            const port_info *o = range_rule ? NULL : port_walk(ours, n_ours, &pos_ours, p);
            uint32_t cover = sweep_cover(&sw, p);
            pasv_plan_item *it;

            if (cover != NO_ENTRY && !o) {
                it = add_item(b, PASV_ITEM_FOREIGN, (uint16_t)p, b->fw->items[cover].profiles);
                set_unchanged(it);
                if (!copy_entry(b, cover, &it->entry))
                    goto done;
            } else if (!range_rule) {
                const port_info *f = port_walk(foreign_ports, n_foreign_ports, &pos_foreign, p);
                uint32_t have = o ? o->enabled & target : 0;
                /* Never re-add where a foreign exception holds this port (Add overwrites). */
                uint32_t want = target & ~have & ~(f ? f->present : 0);

                if (want == 0) {
                    it = add_item(b, PASV_ITEM_KEEP_PORT, (uint16_t)p, have);
                    set_unchanged(it);
                } else {
                    uint32_t over = o ? want & o->present : 0;

                    /* Where an entry of ours is there (disabled, or another scope), it is what
                     * the write replaces and what a rollback puts back: its own row. */
                    if (over) {
                        it = add_item(b, PASV_ITEM_OPEN_PORT, (uint16_t)p, over);
                        if (!copy_entry(b, o->idx, &it->entry))
                            goto done;
                    }
                    if (want & ~over)
                        add_item(b, PASV_ITEM_OPEN_PORT, (uint16_t)p, want & ~over);
                }
            }
        }
        if (range_rule) {
            pasv_plan_item *it = add_item(b, PASV_ITEM_PUT_RULE, 0, target);
            size_t same = 0;

            it->range = opt->range;
            for (i = 0; i < n_rules; i++) {
                if (strcmp(fw->items[rules[i]].name, opt->prefix) != 0)
                    continue;
                /* put_rule replaces this one; keep a copy so rollback can put it back. */
                if (same++ == 0 && !copy_entry(b, rules[i], &it->entry))
                    goto done;
            }
            if (same == 1 && rule_matches(&plan->entries.items[it->entry], opt, target))
                set_unchanged(it);
        }
    }

    if (set_range) {
        pasv_plan_item *it = add_item(b, PASV_ITEM_SET_RANGE, 0, 0);
        it->range = opt->range;
    }
    if (clear_range)
        add_item(b, PASV_ITEM_CLEAR_RANGE, 0, 0);
    if (ewr)
        add_item(b, PASV_ITEM_EDIT_WHILE_RUNNING, 0, 0);
    if ((set_range || clear_range) && opt->restart_service)
        add_item(b, PASV_ITEM_RESTART_SERVICE, 0, 0);

    if (use_fw) {
        /* Our single-port exceptions that the new state does not use. In range-rule mode the
         * rule covers the range, so every per-port exception of ours is superseded. */
        bool close_all = clear || range_rule;

        if (clear || opt->remove_stale) {
            for (i = 0; i < n_ours; i++) {
                pasv_plan_item *it;

                if (!close_all && nports > 0 && pasv_range_contains(&opt->range, ours[i].port))
                    continue;
                it = add_item(b, PASV_ITEM_CLOSE_STALE, ours[i].port, ours[i].present);
                if (!copy_entry(b, ours[i].idx, &it->entry))
                    goto done;
                /* Rollback re-opens where the port was, even if other entries named it there. */
                plan->entries.items[it->entry].profiles = ours[i].present;
            }
        }
        /* Our rules: in range-rule mode one of another name is replaced by ours (always
         * removed); in per-port mode or on "remove" they are stale. */
        for (i = 0; i < n_rules; i++) {
            const pasv_fw_entry *e = &fw->items[rules[i]];
            pasv_plan_item *it;

            if (i > 0 && strcmp(e->name, fw->items[rules[i - 1]].name) == 0)
                continue;
            if (!clear && range_rule && nports > 0 && strcmp(e->name, opt->prefix) == 0)
                continue;
            if (!clear && !range_rule && !opt->remove_stale)
                continue;
            it = add_item(b, PASV_ITEM_REMOVE_RULE, 0, e->profiles);
            it->range = e->ports;
            if (!copy_entry(b, rules[i], &it->entry))
                goto done;
        }
        if (!clear && opt->enable_firewall && (target & ~cur->fw_state.profiles_enabled) != 0)
            add_item(b, PASV_ITEM_ENABLE_FIREWALL, 0, target & ~cur->fw_state.profiles_enabled);
    }

    any_change = false;
    for (i = 0; i < plan->count && !any_change; i++)
        any_change = plan->items[i].status == PASV_ST_PENDING;
    if (any_change)
        add_item(b, PASV_ITEM_VERIFY, 0, 0);
    hr = PASV_S_OK;

done:
    free(ours);
    free(foreign_ports);
    free(spans);
    free(rules);
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
     * entry (stale ports and rules), enable, verify. Trimmed after building. */
    cap = 8 + (opt->clear_range ? 0 : pasv_range_count(&opt->range)) + (fw ? fw->count : 0);
    plan->items = malloc(cap * sizeof(*plan->items));
    b.plan = plan;
    b.fw = fw;
    b.entry_map = NULL;
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
    free(plan);
}

void pasv_plan_count(const pasv_plan *plan, pasv_plan_counts *counts)
{
    size_t i;

    if (!counts)
        return;
    memset(counts, 0, sizeof(*counts));
    if (!plan)
        return;
    for (i = 0; i < plan->count; i++) {
        const pasv_plan_item *it = &plan->items[i];

        switch (it->kind) {
        case PASV_ITEM_OPEN_PORT: counts->open++; break;
        case PASV_ITEM_KEEP_PORT: counts->keep++; break;
        case PASV_ITEM_CLOSE_STALE: counts->stale++; break;
        case PASV_ITEM_FOREIGN: counts->foreign++; break;
        case PASV_ITEM_PUT_RULE:
            if (it->status != PASV_ST_UNCHANGED)
                counts->rules_put++;
            break;
        case PASV_ITEM_REMOVE_RULE: counts->rules_removed++; break;
        default: break;
        }
        switch (it->status) {
        case PASV_ST_DONE: counts->done++; break;
        case PASV_ST_FAILED: counts->failed++; break;
        case PASV_ST_SKIPPED: counts->skipped++; break;
        case PASV_ST_CANCELLED: counts->cancelled++; break;
        case PASV_ST_ROLLED_BACK: counts->rolled_back++; break;
        case PASV_ST_ROLLBACK_FAILED: counts->rollback_failed++; break;
        case PASV_ST_NOT_VERIFIED: counts->not_verified++; break;
        default: break;
        }
    }
}

bool pasv_plan_is_noop(const pasv_plan *plan)
{
    size_t i;

    if (!plan)
        return true;
    for (i = 0; i < plan->count; i++)
        if (plan->items[i].status == PASV_ST_PENDING)
            return false;
    return true;
}

size_t pasv_plan_retry_failed(pasv_plan *plan)
{
    size_t i, reset = 0;
    pasv_plan_item *verify = NULL;

    if (!plan)
        return 0;
    for (i = 0; i < plan->count; i++) {
        pasv_plan_item *it = &plan->items[i];

        if (it->kind == PASV_ITEM_VERIFY)
            verify = it;
        switch (it->status) {
        case PASV_ST_FAILED:
        case PASV_ST_SKIPPED:
        case PASV_ST_CANCELLED:
        case PASV_ST_NOT_VERIFIED:
        case PASV_ST_ROLLED_BACK: /* undone, so it has to be done again to resume */
            it->status = PASV_ST_PENDING;
            it->hr = PASV_S_OK;
            it->msg = PASV_MSG_RESULT_PENDING;
            reset++;
            break;
        default:
            break;
        }
    }
    /* A verification that passed before the retry says nothing about the retried items. */
    if (reset > 0 && verify && verify->status == PASV_ST_DONE) {
        verify->status = PASV_ST_PENDING;
        verify->hr = PASV_S_OK;
        verify->msg = PASV_MSG_RESULT_PENDING;
        reset++;
    }
    return reset;
}

pasv_msg pasv_item_action_msg(const pasv_plan_item *item)
{
    static const pasv_msg msgs[PASV_ITEM_KIND_COUNT] = {
        [PASV_ITEM_BACKUP] = PASV_MSG_ITEM_BACKUP,
        [PASV_ITEM_OPEN_PORT] = PASV_MSG_ITEM_OPEN_PORT,
        [PASV_ITEM_KEEP_PORT] = PASV_MSG_ITEM_KEEP_PORT,
        [PASV_ITEM_FOREIGN] = PASV_MSG_ITEM_FOREIGN,
        [PASV_ITEM_PUT_RULE] = PASV_MSG_ITEM_PUT_RULE,
        [PASV_ITEM_SET_RANGE] = PASV_MSG_ITEM_SET_RANGE,
        [PASV_ITEM_CLEAR_RANGE] = PASV_MSG_ITEM_CLEAR_RANGE,
        [PASV_ITEM_EDIT_WHILE_RUNNING] = PASV_MSG_ITEM_EDIT_WHILE_RUNNING,
        [PASV_ITEM_RESTART_SERVICE] = PASV_MSG_ITEM_RESTART_SERVICE,
        [PASV_ITEM_CLOSE_STALE] = PASV_MSG_ITEM_CLOSE_STALE,
        [PASV_ITEM_REMOVE_RULE] = PASV_MSG_ITEM_REMOVE_RULE,
        [PASV_ITEM_ENABLE_FIREWALL] = PASV_MSG_ITEM_ENABLE_FIREWALL,
        [PASV_ITEM_VERIFY] = PASV_MSG_ITEM_VERIFY,
    };

    if (!item || item->kind >= PASV_ITEM_KIND_COUNT)
        return PASV_MSG_NONE;
    return msgs[item->kind];
}

pasv_msg pasv_item_status_msg(const pasv_plan_item *item)
{
    static const pasv_msg msgs[PASV_ST_COUNT] = {
        [PASV_ST_PENDING] = PASV_MSG_RESULT_PENDING,
        [PASV_ST_RUNNING] = PASV_MSG_RESULT_PENDING,
        [PASV_ST_DONE] = PASV_MSG_RESULT_DONE,
        [PASV_ST_FAILED] = PASV_MSG_RESULT_FAILED,
        [PASV_ST_SKIPPED] = PASV_MSG_RESULT_SKIPPED,
        [PASV_ST_CANCELLED] = PASV_MSG_RESULT_CANCELLED,
        [PASV_ST_ROLLED_BACK] = PASV_MSG_RESULT_ROLLED_BACK,
        [PASV_ST_ROLLBACK_FAILED] = PASV_MSG_RESULT_ROLLBACK_FAILED,
        [PASV_ST_UNCHANGED] = PASV_MSG_RESULT_UNCHANGED,
        [PASV_ST_NOT_VERIFIED] = PASV_MSG_RESULT_NOT_VERIFIED,
    };

    if (!item || item->status >= PASV_ST_COUNT)
        return PASV_MSG_NONE;
    /* Another program's exception is reported, never touched. */
    if (item->kind == PASV_ITEM_FOREIGN && item->status == PASV_ST_UNCHANGED)
        return PASV_MSG_RESULT_REPORTED;
    return msgs[item->status];
}
