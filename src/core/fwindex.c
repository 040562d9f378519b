/* pasvports: one picture of the firewall (see fwindex.h).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include <stdlib.h>
#include <string.h>

#include "pasv/fwindex.h"

static int cmp_port(const void *a, const void *b)
{
    const pasv_fwx_port *x = a, *y = b;

    if (x->port != y->port)
        return x->port < y->port ? -1 : 1;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

static int cmp_low(const void *a, const void *b)
{
    const pasv_fwx_span *x = a, *y = b;

    if (x->low != y->low)
        return x->low < y->low ? -1 : 1;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

static int cmp_high(const void *a, const void *b)
{
    const pasv_fwx_span *x = a, *y = b;

    if (x->high != y->high)
        return x->high < y->high ? -1 : 1;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

static bool is_ours(const pasv_fw_entry *e)
{
    return (e->flags & PASV_FW_OURS) != 0;
}

void pasv_fw_index_cleanup(pasv_fw_index *ix)
{
    if (!ix)
        return;
    free(ix->ours);
    free(ix->foreign);
    free(ix->rules_lo);
    free(ix->rules_hi);
    free(ix->frules_lo);
    free(ix->frules_hi);
    memset(ix, 0, sizeof(*ix));
}

static void add_span(pasv_fwx_span *s, size_t *n, const pasv_fw_entry *e, uint32_t i)
{
    if (e->ports.low > e->ports.high)
        return; /* malformed entry from a backend: covers nothing */
    s[*n].low = e->ports.low;
    s[*n].high = e->ports.high;
    s[*n].present = e->profiles;
    s[*n].enabled = (e->flags & PASV_FW_ENABLED) ? e->profiles : 0;
    s[*n].idx = i;
    (*n)++;
}

bool pasv_fw_index_build(pasv_fw_index *ix, const pasv_fw_list *list)
{
    size_t i, n;

    memset(ix, 0, sizeof(*ix));
    ix->list = list;
    if (!list || list->count == 0)
        return true;
    n = list->count;
    ix->ours = malloc(n * sizeof(*ix->ours));
    ix->foreign = malloc(n * sizeof(*ix->foreign));
    ix->rules_lo = malloc(n * sizeof(*ix->rules_lo));
    ix->frules_lo = malloc(n * sizeof(*ix->frules_lo));
    if (!ix->ours || !ix->foreign || !ix->rules_lo || !ix->frules_lo) {
        pasv_fw_index_cleanup(ix);
        return false;
    }
    for (i = 0; i < n; i++) {
        const pasv_fw_entry *e = &list->items[i];

        if (e->protocol != PASV_PROTO_TCP)
            continue;
        if (e->kind == PASV_FW_PORT) {
            pasv_fwx_port *t = is_ours(e) ? &ix->ours[ix->n_ours++] : &ix->foreign[ix->n_foreign++];

            t->port = e->ports.low;
            t->idx = (uint32_t)i;
        } else if (e->kind == PASV_FW_RULE) {
            if (is_ours(e))
                add_span(ix->rules_lo, &ix->n_rules, e, (uint32_t)i);
            else if (e->flags & PASV_FW_ENABLED)
                add_span(ix->frules_lo, &ix->n_frules, e, (uint32_t)i);
        }
    }
    ix->rules_hi = malloc((ix->n_rules + 1) * sizeof(*ix->rules_hi));
    ix->frules_hi = malloc((ix->n_frules + 1) * sizeof(*ix->frules_hi));
    if (!ix->rules_hi || !ix->frules_hi) {
        pasv_fw_index_cleanup(ix);
        return false;
    }
    memcpy(ix->rules_hi, ix->rules_lo, ix->n_rules * sizeof(*ix->rules_hi));
    memcpy(ix->frules_hi, ix->frules_lo, ix->n_frules * sizeof(*ix->frules_hi));
    qsort(ix->ours, ix->n_ours, sizeof(*ix->ours), cmp_port);
    qsort(ix->foreign, ix->n_foreign, sizeof(*ix->foreign), cmp_port);
    qsort(ix->rules_lo, ix->n_rules, sizeof(*ix->rules_lo), cmp_low);
    qsort(ix->rules_hi, ix->n_rules, sizeof(*ix->rules_hi), cmp_high);
    qsort(ix->frules_lo, ix->n_frules, sizeof(*ix->frules_lo), cmp_low);
    qsort(ix->frules_hi, ix->n_frules, sizeof(*ix->frules_hi), cmp_high);
    return true;
}

size_t pasv_fw_index_ours_at(const pasv_fw_index *ix, uint16_t port, size_t *first)
{
    size_t lo = 0, hi = ix->n_ours, end;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (ix->ours[mid].port < port)
            lo = mid + 1;
        else
            hi = mid;
    }
    *first = lo;
    for (end = lo; end < ix->n_ours && ix->ours[end].port == port; end++)
        ;
    return end - lo;
}

static void sweep_init(pasv_fwx_sweep *sw, const pasv_fwx_span *lo, const pasv_fwx_span *hi, size_t n)
{
    memset(sw, 0, sizeof(*sw));
    sw->by_low = lo;
    sw->by_high = hi;
    sw->count = n;
    sw->best_high = -1;
    sw->best_idx = PASV_FWX_NONE;
}

static void sweep_bits(uint32_t *counts, uint32_t profiles, int delta)
{
    unsigned b;

    for (b = 0; b < 32; b++)
        if (profiles & (1u << b))
            counts[b] = (uint32_t)((int32_t)counts[b] + delta);
}

static uint32_t mask_of(const uint32_t *counts)
{
    uint32_t m = 0;
    unsigned b;

    for (b = 0; b < 32; b++)
        if (counts[b])
            m |= 1u << b;
    return m;
}

/* Which span covers the port (the one reaching furthest) and the union of the profiles of every
 * covering span (a counter per profile bit). */
static uint32_t sweep_to(pasv_fwx_sweep *sw, uint32_t port, uint32_t *present, uint32_t *enabled)
{
    while (sw->next_start < sw->count && sw->by_low[sw->next_start].low <= port) {
        const pasv_fwx_span *s = &sw->by_low[sw->next_start++];

        sweep_bits(sw->present_count, s->present, 1);
        sweep_bits(sw->enabled_count, s->enabled, 1);
        if ((int32_t)s->high > sw->best_high) {
            sw->best_high = s->high;
            sw->best_idx = s->idx;
        }
    }
    while (sw->next_end < sw->count && sw->by_high[sw->next_end].high < port) {
        const pasv_fwx_span *s = &sw->by_high[sw->next_end++];

        sweep_bits(sw->present_count, s->present, -1);
        sweep_bits(sw->enabled_count, s->enabled, -1);
    }
    *present = mask_of(sw->present_count);
    *enabled = mask_of(sw->enabled_count);
    return sw->best_high >= (int32_t)port ? sw->best_idx : PASV_FWX_NONE;
}

void pasv_fw_cursor_init(pasv_fw_cursor *c, const pasv_fw_index *ix)
{
    memset(c, 0, sizeof(*c));
    c->ix = ix;
    sweep_init(&c->rules, ix->rules_lo, ix->rules_hi, ix->n_rules);
    sweep_init(&c->frules, ix->frules_lo, ix->frules_hi, ix->n_frules);
}

void pasv_fw_cursor_at(pasv_fw_cursor *c, uint32_t port, pasv_fw_port_view *v)
{
    const pasv_fw_index *ix = c->ix;
    const pasv_fw_entry *items = ix->list ? ix->list->items : NULL;
    uint32_t unused;
    size_t j;

    memset(v, 0, sizeof(*v));
    v->port = (uint16_t)port;
    while (c->pos_ours < ix->n_ours && ix->ours[c->pos_ours].port < port)
        c->pos_ours++;
    while (c->pos_foreign < ix->n_foreign && ix->foreign[c->pos_foreign].port < port)
        c->pos_foreign++;
    v->ours = &ix->ours[c->pos_ours];
    for (j = c->pos_ours; j < ix->n_ours && ix->ours[j].port == port; j++) {
        const pasv_fw_entry *e = &items[ix->ours[j].idx];

        v->n_ours++;
        v->ours_present |= e->profiles;
        if (e->flags & PASV_FW_ENABLED)
            v->ours_enabled |= e->profiles;
    }
    v->foreign_idx = PASV_FWX_NONE;
    for (j = c->pos_foreign; j < ix->n_foreign && ix->foreign[j].port == port; j++) {
        const pasv_fw_entry *e = &items[ix->foreign[j].idx];

        if (v->foreign_idx == PASV_FWX_NONE)
            v->foreign_idx = ix->foreign[j].idx;
        v->foreign_present |= e->profiles;
        if (e->flags & PASV_FW_ENABLED)
            v->foreign_enabled |= e->profiles;
    }
    v->rule_idx = sweep_to(&c->rules, port, &v->rule_present, &v->rule_enabled);
    v->frule_idx = sweep_to(&c->frules, port, &unused, &v->frule_enabled);
}

static bool covers(uint32_t open, uint32_t target)
{
    return target ? (open & target) == target : open != 0;
}

static bool meets(uint32_t mask, uint32_t target)
{
    return (mask & (target ? target : ~0u)) != 0;
}

bool pasv_fw_entry_grants(const pasv_fw_entry *e, uint8_t scope, const char *remote)
{
    if (!(e->flags & PASV_FW_ENABLED) || e->scope != scope)
        return false;
    return scope != PASV_SCOPE_CUSTOM || strcmp(e->remote ? e->remote : "", remote ? remote : "") == 0;
}

static bool wanted(const pasv_fw_entry *e, const pasv_fw_want *w)
{
    return w->any_scope ? (e->flags & PASV_FW_ENABLED) != 0 : pasv_fw_entry_grants(e, w->scope, w->remote);
}

void pasv_fw_view_judge(const pasv_fw_index *ix, const pasv_fw_port_view *v, const pasv_fw_want *w,
                        pasv_fw_verdict *out)
{
    uint32_t all = w->target ? w->target : ~0u;
    uint32_t granted = 0, rule_granted = 0, foreign_open = v->foreign_enabled | v->frule_enabled;
    size_t j;

    for (j = 0; j < v->n_ours; j++) {
        const pasv_fw_entry *e = &ix->list->items[v->ours[j].idx];

        if (wanted(e, w))
            granted |= e->profiles;
    }
    /* Our rule covering the port: judged by the one reaching furthest (rules of ours overlap
     * only after a hand edit). */
    if (v->rule_idx != PASV_FWX_NONE && wanted(&ix->list->items[v->rule_idx], w))
        rule_granted = v->rule_enabled;
    out->granted = granted & all;
    out->held = v->foreign_present & all & ~granted;
    out->write = all & ~granted & ~v->foreign_present;
    out->foreign = v->foreign_idx != PASV_FWX_NONE ? v->foreign_idx : v->frule_idx;
    if (v->n_ours > 0 || v->rule_idx != PASV_FWX_NONE) {
        out->entry = v->n_ours > 0 ? v->ours[0].idx : v->rule_idx;
        out->profiles = v->ours_enabled | v->rule_enabled;
        out->cls = covers(granted | rule_granted, w->target) ? PASV_FWC_OPEN : PASV_FWC_PARTIAL;
    } else if (meets(foreign_open, w->target)) {
        out->entry = meets(v->foreign_enabled, w->target) ? v->foreign_idx : v->frule_idx;
        out->profiles = foreign_open;
        out->cls = PASV_FWC_FOREIGN;
    } else {
        /* A disabled foreign exception opens nothing, but it is recorded: we never write over it. */
        out->entry = v->foreign_idx;
        out->profiles = 0;
        out->cls = PASV_FWC_MISSING;
    }
}

bool pasv_fw_rule_grants(const pasv_fw_entry *e, const pasv_range *range, const pasv_fw_want *w)
{
    if (e->kind != PASV_FW_RULE || e->ports.low != range->low || e->ports.high != range->high)
        return false;
    return wanted(e, w) && covers(e->profiles, w->target);
}

uint32_t pasv_fw_index_rule_named(const pasv_fw_index *ix, const char *name, size_t *pos)
{
    while (*pos < ix->n_rules) {
        uint32_t idx = ix->rules_lo[(*pos)++].idx;

        if (pasv_fw_rule_name_equal(ix->list->items[idx].name, name))
            return idx;
    }
    return PASV_FWX_NONE;
}
