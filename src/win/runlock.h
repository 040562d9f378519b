/* pasvports: one run at a time, machine-wide: the lock pasvctl, pasvports.exe (and the snap-in)
 * take before they change anything.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * A named mutex, Global\pasvports.run (no prefix where Global\ is refused), says whether a run
 * is going; a holder record, run.lock in the secure directory ("program pid start"), says who.
 * The mutex dies with its process, so a crashed holder can never block the next run: Windows
 * reports the mutex abandoned (WAIT_ABANDONED) while another handle keeps it alive, or it is
 * simply free again; either way the holder record left behind names the dead run, and the next
 * run takes over with a warning. Read-only commands (status, audit, export) never take it. */
#ifndef PASV_RUNLOCK_H
#define PASV_RUNLOCK_H

#include "win.h"

#include <stdbool.h>

typedef struct pasv_run_holder {
    WCHAR program[32];   /* "pasvctl", "pasvports" */
    DWORD pid;
    FILETIME started;    /* UTC: when the holder process started */
    bool known;          /* a holder record was there and could be read */
} pasv_run_holder;

typedef struct pasv_runlock {
    HANDLE mutex;        /* owned while the run goes on; NULL when not held */
    WCHAR record[MAX_PATH];
} pasv_runlock;

/* Takes the lock for program. S_OK: taken (*stale true when a dead run's lock was taken over,
 * *other naming that run); PASV_E_RUN_LOCKED: another live run holds it (*other names it, when
 * its record is readable); PASV_E_UNSAFE_* or a system failure: the secure directory or the
 * mutex could not be used. The lock is not held on failure. */
HRESULT pasv_runlock_acquire(const WCHAR *program, pasv_runlock *lock, pasv_run_holder *other, bool *stale);

/* Deletes the holder record and releases the mutex. Safe on a lock never taken. */
void pasv_runlock_release(pasv_runlock *lock);

/* Who holds the lock now, without taking it (for status): S_OK and *holder when a live process
 * named in the holder record still runs, S_FALSE when nobody does. */
HRESULT pasv_runlock_query(pasv_run_holder *holder);

/* "2026-03-01 14:05:09 UTC" into buf. */
void pasv_runlock_time_text(const FILETIME *ft, WCHAR *buf, DWORD cap);

#endif /* PASV_RUNLOCK_H */
