/* pasvports: the plan of the run one journal holds, for its change-log line (issue 12, finding 7).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include <stdlib.h>

#include "pasv/journal.h"

/* A change the started record already shows made (or undone) by an earlier run: the dialog's
 * retry and rollback journal the plan as the first run left it. Failed, skipped and cancelled
 * items stay: a rollback's line says what the run it undoes was (failed-rolled-back,
 * cancelled-rolled-back), and a retry runs them again (a done line of its own). */
static bool finished_before(const pasv_plan_item *it)
{
    switch (it->status) {
    case PASV_ST_DONE:
    case PASV_ST_NOT_VERIFIED:
    case PASV_ST_ROLLED_BACK:
        return true;
    default:
        return false;
    }
}

pasv_hr pasv_journal_to_run_plan(const pasv_journal *j, pasv_plan **out)
{
    pasv_plan *plan = NULL;
    pasv_hr hr;
    size_t i, kept = 0;

    if (!j || !out || !j->begun || !j->ran)
        return PASV_E_INVALIDARG;
    hr = pasv_journal_to_plan(j, &plan);
    if (PASV_FAILED(hr))
        return hr;
    /* The item's status now is its last done line's; one without a done line of this run has
     * the status it started with. Items keep their order; entries stay (items index them). */
    for (i = 0; i < plan->count; i++) {
        if (!j->ran[i] && finished_before(&plan->items[i]))
            continue;
        plan->items[kept++] = plan->items[i];
    }
    plan->count = kept;
    *out = plan;
    return PASV_S_OK;
}
