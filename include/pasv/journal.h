/* pasvports: the write-ahead journal of one run, as text (portable: no I/O, no windows.h).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * A run writes, before its first change, a "started" record: who ran it, the options, the full
 * plan (every item and every entry the items refer to, with all their fields) and the state
 * before (range, service state, firewall profiles on, direct metabase edit). Then one line per
 * item as it finishes (index, status, hr; a rollback writes the items again, the last line
 * wins), and at the end a "finished" line with the outcome. A journal whose started record is
 * complete but that has no finished line is an interrupted run: the front ends report it and
 * offer to finish it (re-plan the journal's options) or undo it (pasv_journal_to_plan +
 * pasv_plan_rollback, which puts back what the journal says was done). The change log is
 * written from the journal too (pasv_journal_to_plan of the finished journal), so it counts
 * outcomes, not plans.
 *
 * Format, one record per line ('\n'), fields separated by one space, key=value; strings are
 * escaped byte by byte (%XX for '%', '=', space, control bytes and bytes >= 0x7F), so any name,
 * quotes, newlines or invalid UTF-8 included, survives a round trip:
 *   journal version=1 program=pasvctl pid=1234 time=2026-03-01T12:00:00Z command=...
 *   options range=5001-5201 clear=0 server=1 mode=0 prefix=Passive%20FTP scope=0 remote= ...
 *           [has_site=1 site=Default%20FTP%20Site has_ext=1 ext=203.0.113.5 builtin_off=1] (IIS 7+)
 *   before range=1025-5000 set=0 service=4 fw_enabled=3 edit=0 raw= raw_type=0 [prev=5001-5201 prev_set=1]
 *   entry ports=5100-5100 profiles=3 flags=1 proto=6 kind=0 scope=0 name=Backup%20agent remote=*
 *   item kind=1 status=0 port=5001 profiles=3 range=0-0 hr=00000000 msg=1200 entry=-
 *   begin items=N entries=M          (end of the started record: flushed before any change)
 *   done I STATUS HR                 (one per finished item, skipped and cancelled ones too;
 *                                     HR as 8 hex digits)
 *   finished hr=XXXXXXXX
 * A last line without its '\n' (the writer was killed mid-line) is ignored. */
#ifndef PASV_JOURNAL_H
#define PASV_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pasv/plan.h"
#include "pasv/textbuf.h"

#define PASV_JOURNAL_VERSION 1

/* Issue 11 (B12): room for a range value set by hand that is not a range, as UTF-8. The
 * backends keep at most PASV_RAW_RANGE_MAX - 1 (255) UTF-16 units, 3 bytes each at most. */
#define PASV_JOURNAL_RAW_MAX 1024

/* The state before the run, as the front end read it. */
typedef struct pasv_journal_state {
    pasv_range range;          /* the configured range, or the server default when !range_set */
    bool range_set;
    int service_state;         /* pasv_service_state; 0 unknown */
    uint32_t fw_enabled;       /* pasv_fw_state.profiles_enabled */
    int edit_while_running;    /* -1 unknown */
    /* Issue 11 (B12): when the server held a value that is not a range ("abc" set by hand;
     * range is then {0, 0} with range_set), that text exactly (UTF-8, escaped in the journal
     * like every string), else "". range_raw_type: its registry type on IIS 5 (REG_SZ 1,
     * REG_EXPAND_SZ 2), 0 elsewhere. A rollback in another process writes this back, since the
     * backend that read it died with the interrupted run. Optional when parsed: a journal
     * without these fields reads as "" and 0. */
    char range_raw[PASV_JOURNAL_RAW_MAX];
    uint32_t range_raw_type;
} pasv_journal_state;

/* Who ran it. Strings are copied by the formatter; time is ISO-8601 UTC. */
typedef struct pasv_journal_who {
    const char *program;
    uint32_t pid;
    const char *time;
    const char *command;
} pasv_journal_who;

/* The journal's text: the core's growing buffer (failed is set, and stays set, when memory ran
 * out). */
typedef pasv_textbuf pasv_jbuf;

void pasv_jbuf_init(pasv_jbuf *b);
void pasv_jbuf_cleanup(pasv_jbuf *b);

/* Appends the started record (through its "begin" line). Returns PASV_S_OK or
 * PASV_E_OUTOFMEMORY. */
pasv_hr pasv_journal_format_started(pasv_jbuf *b, const pasv_journal_who *who, const pasv_plan *plan,
                                    const pasv_journal_state *before);

/* Formats one item record into line (cap >= 48): "done I STATUS HR\n". Returns its length. */
size_t pasv_journal_format_item(char *line, size_t cap, size_t index, const pasv_plan_item *item);

/* "finished hr=XXXXXXXX\n" into line (cap >= 32). Returns its length. */
size_t pasv_journal_format_finished(char *line, size_t cap, pasv_hr result);

/* A journal read back. */
typedef struct pasv_journal {
    char *program, *time, *command; /* never NULL after a successful parse ("" when absent) */
    uint32_t pid;
    pasv_options opt;          /* opt.prefix / opt.remote point at prefix / remote */
    char *prefix, *remote;
    char *site, *external_ip;  /* opt.site / opt.external_ip point here (NULL when absent) */
    pasv_journal_state before;
    pasv_fw_list entries;
    pasv_plan_item *items;     /* planned items; status updated from the done lines */
    size_t count;
    bool begun;                /* the started record is complete */
    bool finished;
    pasv_hr result;            /* of the finished line */
    size_t done_lines;         /* item records read */
    size_t last_index;         /* the item of the last done line (valid when done_lines) */
    /* Issue 12 (finding 7): which items this journal's run finished (a done line of its own),
     * count entries once begun, else NULL. A retry or a rollback in the dialog starts its
     * journal from a plan whose earlier items are finished already: those are not its work. */
    bool *ran;
    /* What a rollback puts back when the plan knew it at the start (a rollback or a retry of a
     * run that read it: the optional "prev=RANGE prev_set=0|1" of the before line), else the
     * state before (restores_known false). */
    pasv_range restores;
    bool restores_set, restores_known;
} pasv_journal;

/* Parses text (len bytes, need not be NUL-terminated). PASV_S_OK: *out filled (cleanup with
 * pasv_journal_cleanup) even when the run never began; PASV_E_INVALIDARG: not a journal of
 * this version or a malformed complete line in the started record; PASV_E_OUTOFMEMORY. */
pasv_hr pasv_journal_parse(const char *text, size_t len, pasv_journal *out);
void pasv_journal_cleanup(pasv_journal *j);

/* The change log's plan of the run this journal holds (issue 12, finding 7): as
 * pasv_journal_to_plan, without the items this run did not touch that an earlier run had
 * undone, or made (unless this run is a rollback, which reports what it left in effect), so a
 * retry counts what the retry did and a rollback what it undid and what it left. Items that
 * failed, were skipped or cancelled stay (a rollback's line says what the run it undoes was).
 * Free with pasv_plan_free. */
pasv_hr pasv_journal_to_run_plan(const pasv_journal *j, pasv_plan **out);

/* A plan carrying the journal's items (with their recorded outcomes), entries and options, with
 * the state before as what rollback restores, ready for pasv_plan_rollback. In an unfinished
 * journal, the item the run was in when it stopped (the first PENDING item after the last
 * finished one) is marked DONE, since it may have happened: every undo is safe on a change that
 * did not happen. Free with pasv_plan_free. */
pasv_hr pasv_journal_to_plan(const pasv_journal *j, pasv_plan **out);

#endif /* PASV_JOURNAL_H */
