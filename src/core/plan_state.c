/* pasvports: reading a plan back: its counts, whether it is a no-op, resetting it for a retry,
 * and the message ids of its rows.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include <string.h>

#include "pasv/plan.h"

void pasv_plan_count(const pasv_plan *plan, pasv_plan_counts *counts)
{
    pasv_items_count(plan ? plan->items : NULL, plan ? plan->count : 0, counts);
}

void pasv_items_count(const pasv_plan_item *items, size_t count, pasv_plan_counts *counts)
{
    size_t i;
    uint16_t rule_high = 0; /* the highest port a FOREIGN rule row so far covers */

    if (!counts)
        return;
    memset(counts, 0, sizeof(*counts));
    for (i = 0; items && i < count; i++) {
        const pasv_plan_item *it = &items[i];

        switch (it->kind) {
        case PASV_ITEM_OPEN_PORT: counts->open++; break;
        case PASV_ITEM_KEEP_PORT: counts->keep++; break;
        case PASV_ITEM_CLOSE_STALE: counts->stale++; break;
        case PASV_ITEM_FOREIGN:
            /* Ports, each once. A row for another program's rule stands for the ports of the
             * range it covers; it comes at its lowest port and ports ascend (plan.c), so a
             * port's own row at or below the highest rule row seen so far is already counted. */
            if (it->range.low && it->range.high > it->range.low) {
                counts->foreign += (uint32_t)(it->range.high - it->range.low + 1u);
                if (it->range.high > rule_high)
                    rule_high = it->range.high;
            } else if (it->port > rule_high) {
                counts->foreign++;
            }
            break;
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
        if (pasv_item_changed_by_others(it))
            counts->changed++;
        /* KEEP and FOREIGN rows change nothing, even when VERIFY finds a kept port gone. */
        if (it->kind != PASV_ITEM_BACKUP && it->kind != PASV_ITEM_VERIFY && it->kind != PASV_ITEM_RESTART_SERVICE
            && it->kind != PASV_ITEM_KEEP_PORT && it->kind != PASV_ITEM_FOREIGN
            && (it->status == PASV_ST_DONE || it->status == PASV_ST_NOT_VERIFIED
                || it->status == PASV_ST_ROLLBACK_FAILED))
            counts->in_effect++;
    }
}

/* An undo acts on what was changed: every item with an undo that is, or was, in effect. */
static bool undo_counts(const pasv_plan_item *it)
{
    switch (it->kind) {
    case PASV_ITEM_BACKUP:
    case PASV_ITEM_KEEP_PORT:
    case PASV_ITEM_FOREIGN:
    case PASV_ITEM_VERIFY:
        return false;
    default:
        return it->status == PASV_ST_DONE || it->status == PASV_ST_NOT_VERIFIED || it->status == PASV_ST_RUNNING
               || it->status == PASV_ST_ROLLED_BACK || it->status == PASV_ST_ROLLBACK_FAILED;
    }
}

void pasv_items_progress(const pasv_plan_item *items, size_t count, bool undoing, pasv_plan_progress *p)
{
    size_t i;

    memset(p, 0, sizeof(*p));
    for (i = 0; items && i < count; i++) {
        uint8_t st = items[i].status;

        if (undoing) {
            if (!undo_counts(&items[i]))
                continue;
            p->total++;
            p->done += st == PASV_ST_ROLLED_BACK;
            p->failed += st == PASV_ST_ROLLBACK_FAILED;
            continue;
        }
        p->total++;
        /* Ran (whatever came of it) or had nothing to do; skipped and cancelled items did not run. */
        p->done += st != PASV_ST_PENDING && st != PASV_ST_RUNNING && st != PASV_ST_SKIPPED && st != PASV_ST_CANCELLED;
        p->failed += st == PASV_ST_FAILED || st == PASV_ST_ROLLBACK_FAILED;
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
        if (pasv_item_changed_by_others(it))
            continue; /* someone else's change: reported, never retried blindly */
        if (it->kind == PASV_ITEM_KEEP_PORT || it->kind == PASV_ITEM_FOREIGN) {
            /* Nothing to run (apply would take a PENDING one for an action): back to UNCHANGED,
             * and a kept port VERIFY missed is re-checked by the next VERIFY. */
            if (it->status != PASV_ST_UNCHANGED && it->status != PASV_ST_DONE && it->status != PASV_ST_ROLLBACK_FAILED) {
                it->status = PASV_ST_UNCHANGED;
                it->hr = PASV_S_OK;
                it->msg = pasv_item_status_msg(it);
                reset++;
            }
            continue;
        }
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
        [PASV_ITEM_SET_EXTERNAL_IP] = PASV_MSG_ITEM_SET_EXTERNAL_IP,
        [PASV_ITEM_DISABLE_BUILTIN_RULE] = PASV_MSG_ITEM_DISABLE_BUILTIN_RULE,
        [PASV_ITEM_ENABLE_BUILTIN_RULE] = PASV_MSG_ITEM_ENABLE_BUILTIN_RULE,
    };

    if (!item || item->kind >= PASV_ITEM_KIND_COUNT)
        return PASV_MSG_NONE;
    /* A rule that replaces one (ours, same name) says so: finding 9 of issue 12. */
    if (item->kind == PASV_ITEM_PUT_RULE && item->entry != UINT32_MAX)
        return PASV_MSG_ITEM_REPLACE_RULE;
    /* Another program's rule over several ports of the range: one row says which ports. */
    if (item->kind == PASV_ITEM_FOREIGN && item->range.low && item->range.high > item->range.low)
        return PASV_MSG_ITEM_FOREIGN_RULE;
    /* SET_EXTERNAL_IP that clears the address: pasv_item_action_text reads the item's records
     * (plan.h) and says PASV_MSG_ITEM_CLEAR_EXTERNAL_IP. */
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
    if (pasv_item_changed_by_others(item))
        return PASV_MSG_RESULT_CHANGED;
    return msgs[item->status];
}

bool pasv_item_changed_by_others(const pasv_plan_item *item)
{
    return item && item->hr == PASV_E_CHANGED
           && (item->status == PASV_ST_FAILED || item->status == PASV_ST_ROLLED_BACK);
}
