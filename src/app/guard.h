/* pasvports: the dialog's side of the run guard (src/win/runguard.h): what the worker does
 * around a run (lock, journal, trail from outcomes, refusal) and the recovery of an interrupted
 * run, reported to the dialog only through posted, self-contained records.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * Worker-side functions never touch a window except through PostMessageW. The snap-in can call
 * the same functions with its own notify window. */
#ifndef PASV_APP_GUARD_H
#define PASV_APP_GUARD_H

#include "win.h"

#include "layout.h"
#include "runguard.h"
#include "worker.h"

/* WM_APP_REFUSED: a run was refused before its first change. */
typedef struct app_refusal {
    app_op op;
    HRESULT hr;
    WCHAR text[2048];
} app_refusal;

/* WM_APP_UNFINISHED: an interrupted run's journal was found when the dialog opened. */
typedef struct app_unfinished {
    WCHAR text[512];           /* the banner: which program, when, how far (fits two lines) */
    WCHAR detail[2048];        /* the banner's tooltip: all of that plus the command and last step */
    WCHAR command[512];        /* the interrupted run's command line */
    HWND tip;                  /* the banner's tooltip while recovery is offered (dialog side) */
} app_unfinished;

/* ---- worker side ---- */

/* Locks and journals a run of plan (op says which) wrapping inner. On failure the refusal has
 * been posted to notify as WM_APP_REFUSED, nothing changed, and nothing is held. */
HRESULT app_guard_open(pasv_guard *g, pasv_session *s, app_op op, const pasv_plan *plan, pasv_sink *inner,
                       HWND notify);

/* Issue 11 item 4: the preflight pasvctl runs (src/win/preflight.c), on the service and firewall
 * state now, before the lock and the first change of an Apply or Retry. A blocking finding (or,
 * for Apply, a service stopped since plan was made with a restart in it) is posted to notify as
 * WM_APP_REFUSED and false returned: nothing changed. *kept_stopped: the run leaves the service
 * stopped (the result says the range takes effect at its next start). */
bool app_guard_preflight(pasv_session *s, app_op op, const pasv_plan *plan, HWND notify, bool *kept_stopped);

/* Finishes the journal, writes the trail from it, releases the lock. warning (cap chars)
 * receives the taken-over-lock warning, or "". Returns the trail's result. */
HRESULT app_guard_close(pasv_guard *g, pasv_hr result, WCHAR *warning, size_t cap);

/* The admin chose Keep after a failed or cancelled run (or a failed rollback): one change-log
 * line of that decision (result=failed-kept or cancelled-kept), from plan as the run left it,
 * before the range that run read. A line that cannot be written is posted as WM_APP_REFUSED
 * (op APP_OP_APPLY: the dialog is idle after Keep). Returns the trail's result. */
HRESULT app_guard_keep(const pasv_plan *plan, const pasv_range *before, bool before_set, pasv_hr result,
                       HWND notify);

/* Posts WM_APP_UNFINISHED when an interrupted run waits (called once the session is open). */
void app_guard_post_unfinished(HWND notify);

/* Undoes (APP_OP_RECOVER_UNDO) or finishes (APP_OP_RECOVER_FINISH) the interrupted run under
 * the lock, journaled and logged. *plan receives the plan that ran (may be NULL). On a refusal
 * it is posted and *result is the refusal's code. Returns false when refused. */
bool app_guard_recover(pasv_session *s, app_op op, pasv_sink *inner, HWND notify, pasv_plan **plan,
                       pasv_hr *result, HRESULT *trail_hr, WCHAR *warning, size_t cap);

/* ---- dialog side ---- */

/* Shows the refusal in one message box owned by owner and frees the record. */
void app_guard_show_refusal(HWND owner, app_refusal *rec);

/* Asks the user to confirm a recovery of the interrupted run command; true when confirmed. */
bool app_guard_confirm(HWND owner, app_op op, const WCHAR *command);

/* Turns the Roll back / Retry buttons into "Undo the interrupted run" / "Finish the
 * interrupted run" (on) or back (off), widened in the layout's base rects so resizing keeps them;
 * the summary line's tooltip shows rec's detail while they are on. */
void app_guard_recovery_buttons(HWND dialog, layout *lay, app_unfinished *rec, bool on);

/* Shows the banner of the interrupted run rec (the dialog keeps it) and offers its recovery. */
void app_guard_show_unfinished(HWND dialog, layout *lay, app_unfinished *rec);

#endif /* PASV_APP_GUARD_H */
