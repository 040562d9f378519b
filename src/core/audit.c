/* pasvports: the audit: how the firewall's openings line up with the FTP passive range.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * Built with one sweep over the range against sorted copies of the list, never a list scan
 * per port: the whole 5001-65535 range is 60,535 rows. */
#include <stdlib.h>
#include <string.h>

#include "pasv/audit.h"

#define NO_ENTRY UINT32_MAX

typedef struct port_info {
    uint16_t port;
    uint32_t present, enabled, idx;
} port_info;

typedef struct span {
    uint16_t low, high;
    uint32_t profiles; /* enabled profiles this span opens (0 when disabled) */
    uint32_t idx;
} span;

static int cmp_port_info(const void *a, const void *b)
{
    const port_info *x = a, *y = b;

    if (x->port != y->port)
        return x->port < y->port ? -1 : 1;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

static int cmp_low(const void *a, const void *b)
{
    const span *x = a, *y = b;

    if (x->low != y->low)
        return x->low < y->low ? -1 : 1;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

static int cmp_high(const void *a, const void *b)
{
    const span *x = a, *y = b;

    if (x->high != y->high)
        return x->high < y->high ? -1 : 1;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

static int cmp_row(const void *a, const void *b)
{
    const pasv_audit_row *x = a, *y = b;

    if (x->port != y->port)
        return x->port < y->port ? -1 : 1;
    return (x->entry > y->entry) - (x->entry < y->entry);
}

/* Sweeps spans over ascending ports: which span covers the port (the one reaching furthest)
 * and the union of the enabled profiles of every covering span (a counter per profile bit). */
typedef struct sweep {
    const span *by_low, *by_high;
    size_t count, next_start, next_end;
    uint32_t bit_count[32];
    int32_t best_high;
    uint32_t best_idx;
} sweep;

static void sweep_bits(sweep *sw, uint32_t profiles, int delta)
{
    unsigned b;

    for (b = 0; b < 32; b++)
        if (profiles & (1u << b))
            sw->bit_count[b] = (uint32_t)((int32_t)sw->bit_count[b] + delta);
}

static uint32_t sweep_to(sweep *sw, uint32_t port, uint32_t *mask)
{
    unsigned b;

    while (sw->next_start < sw->count && sw->by_low[sw->next_start].low <= port) {
        const span *s = &sw->by_low[sw->next_start++];

        sweep_bits(sw, s->profiles, 1);
        if ((int32_t)s->high > sw->best_high) {
            sw->best_high = s->high;
            sw->best_idx = s->idx;
        }
    }
    while (sw->next_end < sw->count && sw->by_high[sw->next_end].high < port)
        sweep_bits(sw, sw->by_high[sw->next_end++].profiles, -1);
    *mask = 0;
    for (b = 0; b < 32; b++)
        if (sw->bit_count[b])
            *mask |= 1u << b;
    return sw->best_high >= (int32_t)port ? sw->best_idx : NO_ENTRY;
}

/* Spans of the entries selected by want(); by_high is the same set sorted by end. */
static bool collect_spans(const pasv_fw_list *list, bool (*want)(const pasv_fw_entry *), span **by_low,
                          span **by_high, size_t *count)
{
    size_t i, n = 0;
    span *lo, *hi;

    *by_low = *by_high = NULL;
    *count = 0;
    if (list->count == 0)
        return true;
    lo = malloc(list->count * sizeof(*lo));
    hi = malloc(list->count * sizeof(*hi));
    if (!lo || !hi) {
        free(lo);
        free(hi);
        return false;
    }
    for (i = 0; i < list->count; i++) {
        const pasv_fw_entry *e = &list->items[i];

        if (!want(e))
            continue;
        lo[n].low = e->ports.low;
        lo[n].high = e->kind == PASV_FW_PORT ? e->ports.low : e->ports.high;
        if (lo[n].low > lo[n].high)
            continue; /* malformed entry from a backend: covers nothing */
        lo[n].profiles = (e->flags & PASV_FW_ENABLED) ? e->profiles : 0;
        lo[n].idx = (uint32_t)i;
        n++;
    }
    memcpy(hi, lo, n * sizeof(*hi));
    qsort(lo, n, sizeof(*lo), cmp_low);
    qsort(hi, n, sizeof(*hi), cmp_high);
    *by_low = lo;
    *by_high = hi;
    *count = n;
    return true;
}

static bool is_our_rule(const pasv_fw_entry *e)
{
    return e->protocol == PASV_PROTO_TCP && e->kind == PASV_FW_RULE && (e->flags & PASV_FW_OURS);
}

/* Same notion of "foreign" as the plan: another program's single-port exception (even when
 * disabled, since ours would overwrite it) or an enabled rule that is not ours. */
static bool is_foreign(const pasv_fw_entry *e)
{
    if (e->protocol != PASV_PROTO_TCP || (e->flags & PASV_FW_OURS))
        return false;
    return e->kind == PASV_FW_PORT || (e->kind == PASV_FW_RULE && (e->flags & PASV_FW_ENABLED));
}

pasv_hr pasv_audit_build(const pasv_range *range, const pasv_fw_list *list, uint32_t target_profiles,
                         pasv_audit *audit)
{
    static const pasv_fw_list empty = { NULL, 0, 0, NULL };
    uint32_t nports = pasv_range_count(range);
    port_info *ours = NULL;
    span *rules_lo = NULL, *rules_hi = NULL, *for_lo = NULL, *for_hi = NULL;
    size_t n_ours = 0, n_rules = 0, n_for = 0, cap, count = 0, i, pos = 0;
    pasv_audit_row *rows = NULL;
    pasv_audit result;
    pasv_hr hr = PASV_E_OUTOFMEMORY;

    if (!range || !audit)
        return PASV_E_INVALIDARG;
    if (!list)
        list = &empty;

    if (list->count > 0) {
        ours = malloc(list->count * sizeof(*ours));
        if (!ours)
            goto cleanup;
    }
    for (i = 0; i < list->count; i++) {
        const pasv_fw_entry *e = &list->items[i];

        if (e->protocol != PASV_PROTO_TCP || e->kind != PASV_FW_PORT || !(e->flags & PASV_FW_OURS))
            continue;
        ours[n_ours].port = e->ports.low;
        ours[n_ours].present = e->profiles;
        ours[n_ours].enabled = (e->flags & PASV_FW_ENABLED) ? e->profiles : 0;
        ours[n_ours].idx = (uint32_t)i;
        n_ours++;
    }
    if (n_ours > 1)
        qsort(ours, n_ours, sizeof(*ours), cmp_port_info);
    {
        size_t m = 0;

        for (i = 0; i < n_ours; i++) {
            if (m > 0 && ours[m - 1].port == ours[i].port) {
                ours[m - 1].present |= ours[i].present;
                ours[m - 1].enabled |= ours[i].enabled;
            } else {
                ours[m++] = ours[i];
            }
        }
        n_ours = m;
    }
    if (!collect_spans(list, is_our_rule, &rules_lo, &rules_hi, &n_rules)
        || !collect_spans(list, is_foreign, &for_lo, &for_hi, &n_for))
        goto cleanup;

    cap = (size_t)nports + n_ours + n_rules;
    if (cap > 0) {
        rows = malloc(cap * sizeof(*rows));
        if (!rows)
            goto cleanup;
    }
    memset(&result, 0, sizeof(result));
    result.range = *range;
    result.target_profiles = target_profiles;

    if (nports > 0) {
        sweep rs, fs;
        uint32_t p;

        memset(&rs, 0, sizeof(rs));
        memset(&fs, 0, sizeof(fs));
        rs.by_low = rules_lo;
        rs.by_high = rules_hi;
        rs.count = n_rules;
        rs.best_high = -1;
        fs.by_low = for_lo;
        fs.by_high = for_hi;
        fs.count = n_for;
        fs.best_high = -1;
        for (p = range->low; p <= range->high; p++) {
            pasv_audit_row *row = &rows[count++];
            uint32_t rule_mask, foreign_mask, rule_idx, foreign_idx, open;
            const port_info *o;

            while (pos < n_ours && ours[pos].port < p)
                pos++;
            o = (pos < n_ours && ours[pos].port == p) ? &ours[pos] : NULL;
            rule_idx = sweep_to(&rs, p, &rule_mask);
            foreign_idx = sweep_to(&fs, p, &foreign_mask);
            open = (o ? o->enabled : 0) | rule_mask;

            row->port = (uint16_t)p;
            row->reserved = 0;
            if (o || rule_idx != NO_ENTRY) {
                /* Ours wins over a foreign entry on the same port, as in the plan. */
                bool full = open != 0 && (target_profiles == 0 || (open & target_profiles) == target_profiles);

                row->state = full ? PASV_AUDIT_OPEN : PASV_AUDIT_PARTIAL;
                row->profiles = open;
                row->entry = o ? o->idx : rule_idx;
            } else if (foreign_idx != NO_ENTRY) {
                row->state = PASV_AUDIT_FOREIGN;
                row->profiles = list->items[foreign_idx].profiles;
                row->entry = foreign_idx;
            } else {
                row->state = PASV_AUDIT_MISSING;
                row->profiles = 0;
                row->entry = NO_ENTRY;
            }
            result.totals[row->state]++;
        }
    }

    /* Stale: our exceptions outside the range, and our rules that do not touch it. */
    {
        size_t first_stale = count;

        for (i = 0; i < n_ours; i++) {
            pasv_audit_row *row;

            if (pasv_range_contains(range, ours[i].port))
                continue;
            row = &rows[count++];
            row->port = ours[i].port;
            row->state = PASV_AUDIT_STALE;
            row->reserved = 0;
            row->profiles = ours[i].enabled;
            row->entry = ours[i].idx;
        }
        for (i = 0; i < n_rules; i++) {
            const span *s = &rules_lo[i];
            pasv_audit_row *row;

            if (nports > 0 && s->low <= range->high && s->high >= range->low)
                continue;
            row = &rows[count++];
            row->port = s->low;
            row->state = PASV_AUDIT_STALE;
            row->reserved = 0;
            row->profiles = s->profiles;
            row->entry = s->idx;
        }
        if (count - first_stale > 1)
            qsort(rows + first_stale, count - first_stale, sizeof(*rows), cmp_row);
        result.totals[PASV_AUDIT_STALE] += (uint32_t)(count - first_stale);
    }

    result.rows = rows;
    result.count = count;
    *audit = result;
    rows = NULL;
    hr = PASV_S_OK;

cleanup:
    free(rows);
    free(ours);
    free(rules_lo);
    free(rules_hi);
    free(for_lo);
    free(for_hi);
    return hr;
}

void pasv_audit_cleanup(pasv_audit *audit)
{
    if (!audit)
        return;
    free(audit->rows);
    memset(audit, 0, sizeof(*audit));
}
