/* pasvports: the write-ahead journal of a run on disk: journal.log in the secure directory.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * The started record (include/pasv/journal.h) is written and flushed before the first change;
 * the journal's sink wraps the front end's sink and appends one line per finished item
 * (WriteFile, no flush per item: what WriteFile accepted survives the process being killed;
 * only a crash of Windows itself could lose the tail, and then the run stopped with it); the
 * finished line is flushed, and the finished journal is rotated to journal.prev.log. A journal.log
 * that is there when a run starts is an interrupted run. */
#ifndef PASV_RUNJOURNAL_H
#define PASV_RUNJOURNAL_H

#include "win.h"

#include "pasv/journal.h"

#define PASV_S_SUPERSEDED ((pasv_hr)0x20CA0605) /* finished line of a run finished by --resume */

typedef struct pasv_run_journal {
    pasv_sink iface;      /* the wrapping sink: journals item_finished, forwards everything */
    pasv_sink *inner;
    HANDLE file;
    WCHAR path[MAX_PATH];
    HRESULT write_hr;     /* the first failed item write (the run goes on; the end reports it) */
} pasv_run_journal;

/* The journal's path (dir = the secure directory, created and checked). */
HRESULT pasv_run_journal_path(WCHAR *path);

/* Starts the journal of a new run and flushes the started record. Fails (nothing written to
 * the machine yet) when the directory or an existing journal.log is unsafe or unwritable. */
HRESULT pasv_run_journal_begin(pasv_run_journal *rj, const pasv_journal_who *who, const pasv_plan *plan,
                               const pasv_journal_state *before, pasv_sink *inner);

/* The journal of a run that finishes an interrupted one (resume): the started record is
 * written and flushed to journal.next.log while journal.log still holds the interrupted run.
 * Once that one is closed, take_next renames it to journal.log and reopens it for the items;
 * drop_next deletes it (the interrupted run's journal was not closed: it stays unfinished). */
HRESULT pasv_run_journal_begin_next(pasv_run_journal *rj, const pasv_journal_who *who, const pasv_plan *plan,
                                    const pasv_journal_state *before, pasv_sink *inner);
HRESULT pasv_run_journal_take_next(pasv_run_journal *rj);
void pasv_run_journal_drop_next(pasv_run_journal *rj);

/* Reopens an interrupted run's journal.log to append to it (recovery). */
HRESULT pasv_run_journal_reopen(pasv_run_journal *rj, pasv_sink *inner);

/* Appends the finished line, flushes, closes. The file stays journal.log until rotated. */
HRESULT pasv_run_journal_finish(pasv_run_journal *rj, pasv_hr result);

/* journal.log -> journal.prev.log (replacing it). */
HRESULT pasv_run_journal_rotate(void);

/* Reads journal.log: S_OK and *j filled (pasv_journal_cleanup it), S_FALSE when there is none,
 * PASV_E_UNSAFE_* when the file is not trustworthy, a parse or read failure otherwise. */
HRESULT pasv_run_journal_load(pasv_journal *j);

/* UTF-16 <-> UTF-8 helpers for journal text (LocalAlloc'd; NULL on failure). */
char *pasv_journal_utf8(const WCHAR *w);
WCHAR *pasv_journal_wide(const char *s);

#endif /* PASV_RUNJOURNAL_H */
