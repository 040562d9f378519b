/* pasvports: the guard around a run of a windowed front end (the dialog now, the snap-in later):
 * the machine-wide run lock, the interrupted-run check, the change log and journal checked
 * before the first change, the journal's wrapping sink during the run, and the trail written
 * from the journal's outcomes at the end. The same calls pasvctl makes (runlock, recovery,
 * trail), gathered so that no front end writes a second implementation.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * Nothing here touches a window: a refusal comes back as a self-contained pasv_guard_refusal
 * that the front end turns into one message box (pasv_guard_refusal_text) on its own thread. */
#ifndef PASV_RUNGUARD_H
#define PASV_RUNGUARD_H

#include "win.h"

#include <stdbool.h>

#include "pasv/journal.h"
#include "recovery.h"
#include "runjournal.h"
#include "runlock.h"
#include "session.h"
#include "trail.h"

/* Why a run did not start (nothing was changed). */
typedef struct pasv_guard_refusal {
    HRESULT hr;               /* PASV_E_RUN_LOCKED, PASV_E_UNFINISHED, PASV_E_UNSAFE_*, or why a file failed */
    UINT what_id;             /* IDS_JRN_LOCK_FAILED, IDS_JRN_CANNOT_LOG, IDS_JRN_CANNOT_JOURNAL, ... */
    WCHAR path[MAX_PATH];     /* the file or directory refused ("" when none) */
    pasv_run_holder holder;   /* who holds the lock (PASV_E_RUN_LOCKED) */
} pasv_guard_refusal;

/* One guarded run. Zero it (or let pasv_guard_start do it) before use. */
typedef struct pasv_guard {
    pasv_runlock lock;
    pasv_run_journal rj;
    pasv_journal_state before;
    bool journaling;
    bool stale;               /* a dead run's lock was taken over; stale_holder names it */
    pasv_run_holder stale_holder;
    WCHAR command[128];
    const pasv_journal *resume; /* set after pasv_guard_lock: the interrupted run this one finishes */
    pasv_trail_when when;     /* set after pasv_guard_lock: AWAITING when the front end asks Keep / Roll back after a failure */
} pasv_guard;

/* Takes the lock for program and refuses while an interrupted run's journal waits (unless
 * allow_unfinished: the recovery of that run itself). S_OK: held (g->stale says whether it was
 * taken over); else *why says why and the lock is not held. */
HRESULT pasv_guard_lock(pasv_guard *g, const WCHAR *program, bool allow_unfinished, pasv_guard_refusal *why);

/* After pasv_guard_lock (g->resume set for a resume): checks the change log, reads the state before from the session and
 * flushes the journal's started record of plan, wrapping inner. On failure nothing was written
 * to the machine and *why says why; the lock is still held (pasv_guard_unlock it). */
HRESULT pasv_guard_begin(pasv_guard *g, pasv_session *s, const WCHAR *program, const WCHAR *command,
                         const pasv_plan *plan, pasv_sink *inner, pasv_guard_refusal *why);

/* The sink to run the plan through (journals every finished item, forwards everything). */
pasv_sink *pasv_guard_sink(pasv_guard *g);

/* Finishes the journal with result and writes the trail from its outcomes; tr may be NULL. */
HRESULT pasv_guard_end(pasv_guard *g, pasv_hr result, pasv_trail_result *tr);

/* Releases the lock. Safe on a guard whose lock was never taken. */
void pasv_guard_unlock(pasv_guard *g);

/* The whole message of a refusal ("Another run is changing this server: pasvctl (process 12),
 * started ...", or "Cannot write the change log C:\...: why (0x...)\n\nNothing was changed.").
 * LocalFree it. */
WCHAR *pasv_guard_refusal_text(const pasv_guard_refusal *why);

/* A holder's message: id with %1 program, %2 pid, %3 start time, or unknown_id when its record
 * could not be read. LocalFree it. */
WCHAR *pasv_guard_holder_text(UINT id, UINT unknown_id, const pasv_run_holder *h);

/* An unsafe file refusal's first line (IDS_JRN_UNSAFE_OWNER/DACL), naming the directory when
 * the file itself is fine. LocalFree it. */
WCHAR *pasv_guard_unsafe_what(const pasv_guard_refusal *why);

/* The warning line of a taken-over lock (IDS_JRN_STALE_LOCK), or NULL when there was none. */
WCHAR *pasv_guard_stale_text(const pasv_guard *g);

/* An interrupted run waiting for recovery, without the lock: S_OK and *j filled
 * (pasv_journal_cleanup it) when journal.log holds a run that began and did not finish and no
 * live run holds the lock; S_FALSE otherwise (nothing is rotated: that needs the lock); a
 * failure when journal.log cannot be read or trusted. */
HRESULT pasv_guard_find_unfinished(pasv_journal *j);

/* The same while holding the lock (after pasv_guard_lock, which rotated a finished journal). */
HRESULT pasv_guard_load_unfinished(pasv_journal *j);

#endif /* PASV_RUNGUARD_H */
