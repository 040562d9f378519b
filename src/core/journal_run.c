/* pasvports: the plan of the run one journal holds, for its change-log line (issue 12, finding 7).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include <stdlib.h>

#include "pasv/journal.h"

/* A change the started record already shows made (or undone) by an earlier run: the dialog's
 * retry and rollback journal the plan as the first run left it. An undo made earlier is never
 * this run's; a change made earlier is not a forward run's (a retry's), but a rollback that
 * left it in effect (a kept range and the openings it needs) says so in its opened=. Failed,
 * skipped and cancelled items stay: a rollback's line says what the run it undoes was
 * (failed-rolled-back, cancelled-rolled-back), and a retry runs them again. */
static bool earlier_work(const pasv_plan_item *it, bool undoing)
{
    switch (it->status) {
    case PASV_ST_ROLLED_BACK:
        return true;
    case PASV_ST_DONE:
    case PASV_ST_NOT_VERIFIED:
        return !undoing;
    default:
        return false;
    }
}

/* Whether this run undid changes: a done line of its own says rolled back or roll back failed.
 * The range a forward run puts back when the service would not start is not a rollback. */
static bool run_undoes(const pasv_journal *j, const pasv_plan *plan)
{
    size_t i;

    for (i = 0; i < plan->count; i++) {
        const pasv_plan_item *it = &plan->items[i];
        if (j->ran[i] && it->kind != PASV_ITEM_SET_RANGE && it->kind != PASV_ITEM_CLEAR_RANGE &&
            (it->status == PASV_ST_ROLLED_BACK || it->status == PASV_ST_ROLLBACK_FAILED))
            return true;
    }
    return false;
}

pasv_hr pasv_journal_to_run_plan(const pasv_journal *j, pasv_plan **out)
{
    pasv_plan *plan = NULL;
    pasv_hr hr;
    size_t i, kept = 0;
    bool undoing;

    if (!j || !out || !j->begun || !j->ran)
        return PASV_E_INVALIDARG;
    hr = pasv_journal_to_plan(j, &plan);
    if (PASV_FAILED(hr))
        return hr;
    /* The item's status now is its last done line's; one without a done line of this run has
     * the status it started with. Items keep their order; entries stay (items index them). */
    undoing = run_undoes(j, plan);
    for (i = 0; i < plan->count; i++) {
        if (!j->ran[i] && earlier_work(&plan->items[i], undoing))
            continue;
        plan->items[kept++] = plan->items[i];
    }
    plan->count = kept;
    *out = plan;
    return PASV_S_OK;
}
