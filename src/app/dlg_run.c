/* pasvports: the main dialog's runs: Apply (asked first), progress, Stop, the result and the
 * decision after it (Roll back, Keep, Retry), the recovery of an interrupted run, Close during a
 * run, Preview, Refresh; the status lines say "Refreshing..." until the snapshot after a run.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "dlg_main_impl.h"

#include <stdlib.h>

#include "dlg_parts.h"
#include "resource.h"
#include "safe.h"
#include "text.h"


void dlg_update_progress(main_dialog *dlg)
{
    if (!dlg->rows_dirty)
        return;
    dlg->rows_dirty = false;
    app_page_progress_refresh(dlg->progress, dlg->phase == PASV_APP_RUNNING);
}

static void start_run(main_dialog *dlg, UINT summary_id)
{
    dlg->phase = PASV_APP_RUNNING;
    dlg->rows_are_results = true;
    dlg->rows_dirty = true;
    app_page_progress_say_id(dlg->progress, summary_id);
    SetTimer(dlg->hwnd, IDT_REPAINT, REPAINT_MS, NULL);
    dlg_update_buttons(dlg);
    dlg_update_progress(dlg);
}

void dlg_set_view(main_dialog *dlg, bool audit)
{
    dlg->view_audit = audit;
    CheckDlgButton(dlg->hwnd, IDC_VIEW_CHANGES, audit ? BST_UNCHECKED : BST_CHECKED);
    CheckDlgButton(dlg->hwnd, IDC_VIEW_AUDIT, audit ? BST_CHECKED : BST_UNCHECKED);
    ShowWindow(app_page_hwnd(dlg->audit), audit ? SW_SHOWNA : SW_HIDE);
    ShowWindow(app_page_hwnd(dlg->progress), audit ? SW_HIDE : SW_SHOWNA);
}

void dlg_on_apply(main_dialog *dlg)
{
    pasv_plan *plan = dlg->preview;
    unsigned serial = dlg->plan_serial;

    if (dlg->phase != PASV_APP_IDLE || !dlg->can_apply || !plan || dlg->snapshot_pending)
        return;
    /* Click, Alt+A or Enter on the focused button: always asked first (issue 12). A snapshot
     * that arrived while the box was up replaced the plan: nothing is applied then. */
    if (!app_safe_confirm(dlg->hwnd, plan) || serial != dlg->plan_serial || dlg->phase != PASV_APP_IDLE
        || dlg->snapshot_pending || !dlg->can_apply)
        return;
    dlg_set_rows_from_plan(dlg, plan);
    dlg->preview = NULL; /* the worker owns it now */
    if (!app_worker_apply(dlg->worker, plan)) {
        pasv_plan_free(plan);
        dlg_rebuild_plan(dlg, false);
        return;
    }
    dlg->snapshot_pending = true;
    if (dlg->view_audit)
        dlg_set_view(dlg, false);
    start_run(dlg, IDS_APPLYING);
}

void dlg_on_progress(main_dialog *dlg, app_progress *rec)
{
    app_worker_progress_taken(dlg->worker);
    app_rows_update(dlg_rows_of(dlg), rec->updates, rec->count);
    dlg->rows_dirty = true;
    free(rec);
}

void dlg_on_run_done(main_dialog *dlg, app_run_done *rec)
{
    app_rows *rows = dlg_rows_of(dlg);
    pasv_plan_counts c;

    KillTimer(dlg->hwnd, IDT_REPAINT);
    app_rows_update(rows, rec->items, rec->count);
    rows->current = (size_t)-1;
    dlg->rows_dirty = true;
    dlg_update_progress(dlg);
    c = rows->counts;
    app_page_progress_summary(dlg->progress, rec);
    app_page_progress_show_first_problem(dlg->progress);
    /* The worker reads the configuration again after every run: until that snapshot arrives the
     * status lines would show what was there before the run. */
    if (dlg->snapshot_pending)
        app_status_reading(dlg->hwnd, IDS_REFRESHING);

    if (dlg->close_after) {
        /* Close was confirmed mid-run: undo what this run changed, then close. */
        if (rec->op != APP_OP_ROLLBACK && (c.done || c.failed) && app_worker_rollback(dlg->worker)) {
            app_rows_begin(rows, APP_OP_ROLLBACK);
            free(rec);
            start_run(dlg, IDS_ROLLING_BACK);
            return;
        }
        free(rec);
        EndDialog(dlg->hwnd, IDCANCEL);
        return;
    }
    if (rec->op == APP_OP_RECOVER_UNDO || rec->op == APP_OP_RECOVER_FINISH) {
        free(dlg->recovery); /* the journal is finished either way; what is left shows in the list */
        dlg->recovery = NULL;
        dlg->rows_are_results = false; /* the list goes back to the preview */
        dlg->phase = PASV_APP_IDLE;
    } else if (rec->op != APP_OP_ROLLBACK && (rec->cancelled || c.failed || c.not_verified)) {
        dlg->phase = PASV_APP_DECIDE;
        dlg->offered_retry = !rec->cancelled && (c.failed || c.not_verified);
    } else if (rec->op == APP_OP_ROLLBACK && c.rollback_failed) {
        dlg->phase = PASV_APP_DECIDE; /* Roll back again retries the undos that failed, or Keep */
        dlg->offered_retry = false;
    } else {
        dlg->phase = PASV_APP_IDLE;
    }
    free(rec);
    dlg_rebuild_plan(dlg, false);
}

void dlg_on_keep(main_dialog *dlg)
{
    if (dlg->phase != PASV_APP_DECIDE || !app_worker_keep(dlg->worker))
        return;
    dlg->phase = PASV_APP_IDLE;
    app_page_progress_say_id(dlg->progress, IDS_KEPT);
    dlg_rebuild_plan(dlg, false);
}

/* Finish or undo the interrupted run, once confirmed. */
static void on_recover(main_dialog *dlg, app_op op)
{
    if (dlg->phase != PASV_APP_IDLE || dlg->snapshot_pending || !app_guard_confirm(dlg->hwnd, op, dlg->recovery->command)
        || !app_worker_recover(dlg->worker, op))
        return;
    app_rows_clear(dlg_rows_of(dlg)); /* the recovery runs the interrupted run's plan, not this one */
    /* the progress row shows the run */
    app_guard_recovery_buttons(app_page_hwnd(dlg->progress), app_page_layout(dlg->progress), dlg->recovery, false);
    dlg->snapshot_pending = true;
    start_run(dlg, IDS_JRN_DLG_RECOVERING);
}

/* A run refused before its first change: back to where the dialog was, then say why. */
void dlg_on_refused(main_dialog *dlg, app_refusal *rec)
{
    KillTimer(dlg->hwnd, IDT_REPAINT);
    dlg->phase = rec->op == APP_OP_ROLLBACK || rec->op == APP_OP_RETRY ? PASV_APP_DECIDE : PASV_APP_IDLE;
    if (dlg->phase == PASV_APP_IDLE)
        dlg->rows_are_results = false; /* show the plan again, as it was before Apply */
    app_page_progress_say(dlg->progress, rec->text);
    dlg_rebuild_plan(dlg, false);
    if (dlg->recovery) /* still waiting to be recovered */
        app_guard_recovery_buttons(app_page_hwnd(dlg->progress), app_page_layout(dlg->progress), dlg->recovery, true);
    app_guard_show_refusal(dlg->hwnd, rec);
}

void dlg_on_unfinished(main_dialog *dlg, app_unfinished *rec)
{
    free(dlg->recovery);
    dlg->recovery = rec;
    app_guard_show_unfinished(app_page_hwnd(dlg->progress), app_page_layout(dlg->progress), rec);
    dlg_update_buttons(dlg);
}

void dlg_on_rollback(main_dialog *dlg)
{
    if (dlg->recovery) {
        on_recover(dlg, APP_OP_RECOVER_UNDO);
        return;
    }
    if (dlg->phase != PASV_APP_DECIDE || !app_worker_rollback(dlg->worker))
        return;
    app_rows_begin(app_page_progress_rows(dlg->progress), APP_OP_ROLLBACK);
    dlg->snapshot_pending = true;
    start_run(dlg, IDS_ROLLING_BACK);
}

void dlg_on_retry(main_dialog *dlg)
{
    if (dlg->recovery) {
        on_recover(dlg, APP_OP_RECOVER_FINISH);
        return;
    }
    if (dlg->phase != PASV_APP_DECIDE || !dlg->offered_retry || !app_worker_retry(dlg->worker))
        return;
    app_rows_begin(app_page_progress_rows(dlg->progress), APP_OP_RETRY);
    dlg->snapshot_pending = true;
    start_run(dlg, IDS_APPLYING);
}

void dlg_on_stop(main_dialog *dlg)
{
    if (dlg->phase != PASV_APP_RUNNING)
        return;
    app_worker_cancel(dlg->worker);
    app_page_progress_say_id(dlg->progress, IDS_CANCELLING);
}

void dlg_on_close(main_dialog *dlg)
{
    if (dlg->phase == PASV_APP_RUNNING) {
        WCHAR *text = pasv_text_load(IDS_CLOSE_RUNNING), *caption = pasv_text_load(IDS_APP_TITLE);
        int answer = MessageBoxW(dlg->hwnd, text ? text : L"", caption ? caption : L"",
                                 MB_YESNO | MB_ICONWARNING | MB_DEFBUTTON2);
        LocalFree(text);
        LocalFree(caption);
        if (answer == IDYES && dlg->phase == PASV_APP_RUNNING) {
            dlg->close_after = true;
            dlg_on_stop(dlg);
        } else if (answer == IDYES) {
            EndDialog(dlg->hwnd, IDCANCEL);
        }
        return;
    }
    if (dlg->phase == PASV_APP_DECIDE) /* closing without Roll back keeps the changes: the log says so */
        app_worker_keep(dlg->worker);
    EndDialog(dlg->hwnd, IDCANCEL);
}

void dlg_on_preview(main_dialog *dlg)
{
    if (dlg->phase != PASV_APP_IDLE || !dlg->preview)
        return;
    dlg_set_rows_from_plan(dlg, dlg->preview);
    dlg_set_view(dlg, false);
    app_page_progress_say(dlg->progress, dlg->recovery ? dlg->recovery->text : L""); /* keep the banner */
    app_page_progress_focus(dlg->progress);
}


void dlg_on_refresh(main_dialog *dlg)
{
    if (dlg->phase != PASV_APP_IDLE || dlg->snapshot_pending || !dlg->worker || !app_worker_refresh(dlg->worker))
        return;
    dlg->snapshot_pending = true;
    app_status_reading(dlg->hwnd, IDS_REFRESHING);
    dlg_update_buttons(dlg);
}
