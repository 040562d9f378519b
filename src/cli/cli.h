/* pasvports: pasvctl's commands and the helpers they share.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#ifndef PASV_CLI_H
#define PASV_CLI_H

#include "win.h"

#include "pasv/cmdline.h"
#include "pasv/journal.h"
#include "runlock.h"
#include "session.h"

/* Exit codes, documented in pasvctl -h. */
enum {
    EXIT_DONE = 0,
    EXIT_ITEMS_FAILED = 1,
    EXIT_BAD_ARGS = 2,
    EXIT_ENVIRONMENT = 3,
    EXIT_CANCELLED = 4
};

int cli_status(const pasv_cmdline *cmd);
int cli_apply(const pasv_cmdline *cmd, const WCHAR *command_line);
int cli_audit(const pasv_cmdline *cmd);
int cli_export(const pasv_cmdline *cmd);
int cli_selftest(const pasv_cmdline *cmd);

/* UTF-8 -> LocalAlloc'd UTF-16 (NULL when out of memory). */
WCHAR *cli_wide(const char *utf8);

/* Prints "pasvctl: what: why (0xCODE)" to standard error. */
void cli_failure(UINT what_id, const WCHAR *what_arg, HRESULT hr);

/* Opens and refreshes a session; on failure prints why and returns the exit code, else -1. */
int cli_session(const pasv_cmdline *cmd, pasv_session **out);

/* Prints a range error (PASV_MSG_RANGE_*) for text against server, prefixed "pasvctl: ". */
void cli_range_error(pasv_range_error err, const char *text, pasv_server_kind server);

/* "pasvctl apply: --scope: '300.1.1.1' is not an IPv4 address: ... Nothing was changed." (one
 * line to standard error) for value as the address validator refused it (r). */
void cli_scope_error(const WCHAR *command, const char *value, const pasv_addr_result *r);

/* The server's name and state as status prints them. */
UINT cli_state_id(pasv_service_state state);

/* Writes bytes to a file (created or replaced); returns S_OK or the failure. */
HRESULT cli_write_file(const char *path_utf8, const void *data, size_t len);

/* ---- the run guard (cmd_guard.c): lock, secure files, interrupted runs ---- */

/* Takes the machine-wide run lock for program; -1 when taken (a stale lock's takeover is
 * warned about), else the exit code after printing who holds it. */
int cli_lock(pasv_runlock *lock, const WCHAR *program);

/* Reads journal.log: -1 and *unfinished (j filled when true), else the exit code after saying
 * why the journal cannot be used. */
int cli_load_unfinished(pasv_journal *j, bool *unfinished);

/* Prints the interrupted run: who, when, what, how far. */
void cli_print_unfinished(const pasv_journal *j);

/* --rollback-unfinished: undoes the interrupted run, restarts the service if it ran; exit code. */
int cli_rollback_unfinished(const pasv_cmdline *cmd, pasv_session *s, const pasv_journal *j);

/* status: the run going on now (its holder) and an interrupted run, without taking the lock. */
void cli_status_runs(void);

/* Prints why a file of the secure directory cannot be used (unsafe owner or DACL, or what_id +
 * the system's reason) and returns EXIT_ENVIRONMENT. */
int cli_file_refused(HRESULT hr, UINT what_id, const WCHAR *path);

#endif /* PASV_CLI_H */
