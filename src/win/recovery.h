/* pasvports: what every front end does around a run: the journal's life (begin, finish, the
 * change trail written from it, rotation) and the recovery of an interrupted run (describe,
 * undo, close for --resume). pasvctl and the dialog share it, so both behave the same.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#ifndef PASV_RECOVERY_H
#define PASV_RECOVERY_H

#include "win.h"

#include "pasv/journal.h"
#include "runjournal.h"
#include "session.h"
#include "trail.h"

/* The state before a run, read from the session (and the service). */
void pasv_run_state_before(pasv_session *s, pasv_journal_state *before);

/* Starts the journal of a run (after pasv_trail_check): who = program + this process + now +
 * command (UTF-16, converted here). */
HRESULT pasv_run_begin(pasv_run_journal *rj, const WCHAR *program, const WCHAR *command, const pasv_plan *plan,
                       const pasv_journal_state *before, pasv_sink *inner);

/* Starts the journal of a run that finishes the interrupted run (--resume, Finish): the new
 * started record is flushed first, then the interrupted run is closed
 * (pasv_recovery_close_for_resume), then the new journal takes journal.log's place. On a failure
 * before that close nothing is closed: the interrupted run stays waiting, unfinished. */
HRESULT pasv_run_begin_resume(pasv_run_journal *rj, const WCHAR *program, const WCHAR *command,
                              const pasv_plan *plan, const pasv_journal_state *before, pasv_sink *inner,
                              const pasv_journal *interrupted);

/* Ends a run: finishes the journal with result, writes the change trail from what the journal
 * recorded (the plan read back from journal.log), rotates the journal. trail (may be NULL) gets
 * the trail's result. Returns the first failure. */
HRESULT pasv_run_end(pasv_run_journal *rj, const WCHAR *command, const pasv_journal_state *before, pasv_hr result,
                     pasv_trail_result *trail);
/* pasv_run_end with the line's time relative to the admin's choice (trail.h; pasv_run_end: DECIDED). */
HRESULT pasv_run_end_when(pasv_run_journal *rj, const WCHAR *command, const pasv_journal_state *before,
                          pasv_hr result, pasv_trail_when when, pasv_trail_result *trail);

/* "pasvctl (process 12), started 2026-03-01T12:00:00Z: pasvctl apply ... 5 of 200 steps were
 * recorded; the last was ..." (IDS_JRN_UNFINISHED). LocalFree it. */
WCHAR *pasv_recovery_describe(const pasv_journal *j);

/* Undoes an interrupted run: the journal's plan rolled back through the session's backends (its
 * items journaled as they are undone), the FTP service started again when it was running before,
 * the journal finished, the trail written (its own line: IDS_JRN_TRAIL_ROLLBACK). *plan_out
 * (may be NULL) receives the rolled-back plan for display; *service_hr the restart of the
 * service (S_FALSE when nothing had to be started). Returns the rollback's result. */
pasv_hr pasv_recovery_rollback(pasv_session *s, const pasv_journal *j, pasv_sink *inner, pasv_plan **plan_out,
                               HRESULT *service_hr, pasv_trail_result *trail);

/* Starts the FTP service again when it was running before the interrupted run and is not now
 * (a run killed in its restart leaves it stopped). S_OK started, S_FALSE nothing to do. */
HRESULT pasv_recovery_restore_service(pasv_session *s, const pasv_journal *j);

/* Closes an interrupted run that --resume finishes with a new run: its journal gets a finished
 * line (PASV_S_SUPERSEDED), its own trail line (IDS_JRN_TRAIL_RESUME) and is rotated. */
HRESULT pasv_recovery_close_for_resume(const pasv_journal *j);

#endif /* PASV_RECOVERY_H */
