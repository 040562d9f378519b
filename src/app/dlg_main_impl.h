/* pasvports: the main dialog's context, shared by dlg_main.c (init, plan, keyboard, dispatch)
 * and dlg_run.c (the runs and their results). Not for other hosts: they use page.h.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#ifndef PASV_APP_DLG_MAIN_IMPL_H
#define PASV_APP_DLG_MAIN_IMPL_H

#include "dlg_main.h"
#include "guard.h"
#include "layout.h"
#include "page.h"
#include "worker.h"

#define IDT_REPAINT 1
#define REPAINT_MS 50

typedef struct main_dialog {
    HWND hwnd;
    app_worker *worker;
    app_snapshot *snap;           /* latest snapshot from the worker (NULL while reading) */
    bool first_snapshot_seen;
    pasv_app_phase phase;
    bool snapshot_pending;        /* a run finished or Refresh was pressed; its snapshot has not arrived yet */
    bool close_after;             /* Close was confirmed during a run */
    bool can_apply;

    pasv_plan *preview;           /* built here; handed to the worker on Apply */
    unsigned plan_serial;         /* counts rebuilds: a plan replaced while Apply asked is not applied */
    bool rows_are_results;        /* rows show a run; keep them until the user edits */
    bool rows_dirty;
    bool offered_retry;
    bool view_audit;
    bool audit_dirty;             /* a snapshot arrived: the audit is rebuilt with the plan */

    app_page *range, *options, *progress, *audit;
    layout lay;
    UINT dpi;
    HHOOK keys;                   /* F1, F5, Ctrl+F in the modal loop (WH_MSGFILTER) */
    app_unfinished *recovery;     /* an interrupted run waits: Apply off, finish/undo offered */
} main_dialog;

/* dlg_main.c */
app_rows *dlg_rows_of(main_dialog *dlg);
/* Rebuilds the plan from the pages' input and the snapshot (user_edit: the user moved on from a
 * finished run's rows). */
void dlg_rebuild_plan(main_dialog *dlg, bool user_edit);
void dlg_update_buttons(main_dialog *dlg);
void dlg_set_rows_from_plan(main_dialog *dlg, const pasv_plan *plan);

/* dlg_run.c */
void dlg_update_progress(main_dialog *dlg);
void dlg_set_view(main_dialog *dlg, bool audit);
void dlg_on_apply(main_dialog *dlg);
void dlg_on_progress(main_dialog *dlg, app_progress *rec);
void dlg_on_run_done(main_dialog *dlg, app_run_done *rec);
void dlg_on_keep(main_dialog *dlg);
void dlg_on_refused(main_dialog *dlg, app_refusal *rec);
void dlg_on_unfinished(main_dialog *dlg, app_unfinished *rec);
void dlg_on_rollback(main_dialog *dlg);
void dlg_on_retry(main_dialog *dlg);
void dlg_on_stop(main_dialog *dlg);
void dlg_on_close(main_dialog *dlg);
void dlg_on_preview(main_dialog *dlg);
void dlg_on_refresh(main_dialog *dlg);

#endif /* PASV_APP_DLG_MAIN_IMPL_H */
