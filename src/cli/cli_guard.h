/* pasvports: what guards a pasvctl run: the run lock, the secure files, interrupted runs.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#ifndef PASV_CLI_GUARD_H
#define PASV_CLI_GUARD_H

#include "win.h"

#include <stdbool.h>

#include "pasv/cmdline.h"
#include "pasv/journal.h"
#include "runguard.h"
#include "runlock.h"
#include "session.h"

/* Takes the machine-wide run lock for pasvctl (pasv_guard_lock, a finished journal left
 * behind rotated under it); -1 when taken (a stale lock's takeover is warned about), else the
 * exit code after printing who holds it or why the lock cannot be used. */
int cli_guard_lock(pasv_guard *g);

/* Is there an interrupted run? locked: asked under the lock; else without it (a dry run), where
 * a live run's journal is no interrupted run. -1 and *unfinished (j filled when true), else the
 * exit code after saying why the journal cannot be used. */
int cli_load_unfinished(pasv_journal *j, bool locked, bool *unfinished);

/* Prints the interrupted run: who, when, what, how far. */
void cli_print_unfinished(const pasv_journal *j);

/* --rollback-unfinished: undoes the interrupted run, restarts the service if it ran; exit code. */
int cli_rollback_unfinished(const pasv_cmdline *cmd, pasv_session *s, const pasv_journal *j);

/* status: the run going on now (its holder) and an interrupted run, without taking the lock. */
void cli_status_runs(void);

/* Prints a refusal of the shared run guard as pasvctl says it (the holder, an unsafe file or
 * directory, or what_id + the system's reason) and returns EXIT_ENVIRONMENT. */
int cli_refused(const pasv_guard_refusal *why);

#endif /* PASV_CLI_GUARD_H */
