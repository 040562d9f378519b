/* pasvports: the audit: how the firewall's openings line up with the FTP passive range.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * Built with one sweep over the range through the shared firewall index (fwindex.h), never a
 * list scan per port: the whole 5001-65535 range is 60,535 rows. */
#include <stdlib.h>
#include <string.h>

#include "pasv/audit.h"
#include "pasv/fwindex.h"

#define NO_ENTRY UINT32_MAX

static int cmp_row(const void *a, const void *b)
{
    const pasv_audit_row *x = a, *y = b;

    if (x->port != y->port)
        return x->port < y->port ? -1 : 1;
    return (x->entry > y->entry) - (x->entry < y->entry);
}

static const uint8_t state_of[] = {
    [PASV_FWC_OPEN] = PASV_AUDIT_OPEN,
    [PASV_FWC_PARTIAL] = PASV_AUDIT_PARTIAL,
    [PASV_FWC_MISSING] = PASV_AUDIT_MISSING,
    [PASV_FWC_FOREIGN] = PASV_AUDIT_FOREIGN,
};

static pasv_hr build(const pasv_range *range, const pasv_fw_list *list, const pasv_fw_want *want, pasv_audit *audit)
{
    uint32_t target_profiles = want->target;
    uint32_t nports;
    pasv_fw_index ix;
    size_t cap, count = 0, i;
    pasv_audit_row *rows = NULL;
    pasv_audit result;
    pasv_hr hr = PASV_E_OUTOFMEMORY;

    if (!range || !audit)
        return PASV_E_INVALIDARG;
    nports = pasv_range_count(range);
    if (!pasv_fw_index_build(&ix, list))
        return PASV_E_OUTOFMEMORY;

    cap = (size_t)nports + ix.n_ours + ix.n_rules;
    if (cap > 0) {
        rows = malloc(cap * sizeof(*rows));
        if (!rows)
            goto cleanup;
    }
    memset(&result, 0, sizeof(result));
    result.range = *range;
    result.target_profiles = target_profiles;

    if (nports > 0) {
        pasv_fw_cursor cursor;
        uint32_t p;

        pasv_fw_cursor_init(&cursor, &ix);
        for (p = range->low; p <= range->high; p++) {
            pasv_audit_row *row = &rows[count++];
            pasv_fw_port_view v;
            pasv_fw_verdict vd;

            pasv_fw_cursor_at(&cursor, p, &v);
            pasv_fw_view_judge(&ix, &v, want, &vd);
            row->port = (uint16_t)p;
            row->state = state_of[vd.cls];
            row->reserved = 0;
            row->profiles = vd.profiles;
            row->entry = vd.entry;
            result.totals[row->state]++;
        }
    }

    /* Stale: our exceptions outside the range (one row per port), and our rules that do not
     * touch it. */
    {
        size_t first_stale = count;

        for (i = 0; i < ix.n_ours;) {
            uint16_t port = ix.ours[i].port;
            uint32_t enabled = 0;
            pasv_audit_row *row = NULL;

            if (!pasv_range_contains(range, port)) {
                row = &rows[count++];
                row->port = port;
                row->state = PASV_AUDIT_STALE;
                row->reserved = 0;
                row->entry = ix.ours[i].idx;
            }
            for (; i < ix.n_ours && ix.ours[i].port == port; i++) {
                const pasv_fw_entry *e = &list->items[ix.ours[i].idx];

                if (e->flags & PASV_FW_ENABLED)
                    enabled |= e->profiles;
            }
            if (row)
                row->profiles = enabled;
        }
        for (i = 0; i < ix.n_rules; i++) {
            const pasv_fwx_span *s = &ix.rules_lo[i];
            pasv_audit_row *row;

            if (nports > 0 && s->low <= range->high && s->high >= range->low)
                continue;
            row = &rows[count++];
            row->port = s->low;
            row->state = PASV_AUDIT_STALE;
            row->reserved = 0;
            row->profiles = s->enabled;
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
    pasv_fw_index_cleanup(&ix);
    return hr;
}

pasv_hr pasv_audit_build(const pasv_range *range, const pasv_fw_list *list, uint32_t target_profiles,
                         pasv_audit *audit)
{
    pasv_fw_want want;

    memset(&want, 0, sizeof(want));
    want.target = target_profiles;
    want.any_scope = true;
    return build(range, list, &want, audit);
}

pasv_hr pasv_audit_build_for(const pasv_range *range, const pasv_fw_list *list, uint32_t target_profiles,
                             pasv_scope scope, const char *remote, pasv_audit *audit)
{
    pasv_fw_want want;

    memset(&want, 0, sizeof(want));
    want.target = target_profiles;
    want.scope = (uint8_t)scope;
    want.remote = remote;
    return build(range, list, &want, audit);
}

void pasv_audit_cleanup(pasv_audit *audit)
{
    if (!audit)
        return;
    free(audit->rows);
    memset(audit, 0, sizeof(*audit));
}

uint32_t pasv_fw_state_ineffective(const pasv_fw_state *state)
{
    if (!state)
        return 0;
    return state->gp_override ? (state->profiles_all ? state->profiles_all : UINT32_MAX) : state->profiles_no_exceptions;
}

void pasv_audit_apply_policy(pasv_audit *audit, uint32_t ineffective_profiles)
{
    size_t i;

    if (!audit || !ineffective_profiles)
        return;
    for (i = 0; i < audit->count; i++) {
        pasv_audit_row *row = &audit->rows[i];
        if (row->state == PASV_AUDIT_OPEN && (row->profiles & ineffective_profiles)) {
            row->state = PASV_AUDIT_OVERRIDDEN;
            audit->totals[PASV_AUDIT_OPEN]--;
            audit->totals[PASV_AUDIT_OVERRIDDEN]++;
        }
    }
}
