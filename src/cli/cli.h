/* pasvports: pasvctl's commands as main.c's run() calls them, each handed the one session.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#ifndef PASV_CLI_H
#define PASV_CLI_H

#include "win.h"

#include <stdbool.h>

#include "pasv/cmdline.h"
#include "pasv/journal.h"
#include "runguard.h"
#include "runlock.h"
#include "session.h"

/* run() opens the session (refreshed) once, after CoInitializeEx on this thread, and closes it
 * after the command returns; a command never opens or closes it. Each returns the exit code
 * (cli_util.h). */
int cli_status(const pasv_cmdline *cmd, pasv_session *s);
int cli_audit(const pasv_cmdline *cmd, pasv_session *s);
int cli_export(const pasv_cmdline *cmd, pasv_session *s);

/* selftest needs no session of its own: it reads the local range only when testing this
 * machine (cmd_selftest.c). */
int cli_selftest(const pasv_cmdline *cmd);

/* What apply and remove hold from before the session opens until after it is closed: the run
 * lock (none for --dry-run) and an interrupted run's journal. */
typedef struct cli_apply_guard {
    pasv_guard run;  /* the shared run guard (src/win/runguard.c): lock, journal, trail */
    bool locked;     /* run.lock is held (never for --dry-run) */
    pasv_journal journal;
    bool unfinished; /* journal holds an interrupted run */
} cli_apply_guard;

/* apply/remove before the session: takes the lock, reads the journal and refuses or reports an
 * interrupted run. -1 when the run goes on (the session is then opened with the interrupted
 * run's prefix when g->unfinished), else the exit code. cli_apply_end undoes it either way. */
int cli_apply_begin(const pasv_cmdline *cmd, cli_apply_guard *g);

/* apply/remove with the session: environment, plan, confirm, journaled apply; the exit code. */
int cli_apply(const pasv_cmdline *cmd, pasv_session *s, cli_apply_guard *g, const WCHAR *command_line);

/* Releases what cli_apply_begin took; called after the session is closed. */
void cli_apply_end(cli_apply_guard *g);

#endif /* PASV_CLI_H */
