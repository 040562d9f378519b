/* pasvports: the change trail: one line per apply/remove run in
 * %ProgramData%\pasvports\changes.log and an Event Log entry under the source "pasvports".
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * Used by pasvctl and the dialog alike, after pasv_plan_apply (and any rollback) returned, with
 * the plan read back from the run's journal (pasv_journal_to_plan), so the counts are outcomes:
 * opened= closed= rules_put= rules_removed= count items that are in force, not planned ones. The log line is UTF-8, tab-separated:
 *   ISO-8601 UTC time, DOMAIN\user, command, before=RANGE, after=RANGE, result=WORD,
 *   counts (opened= kept= closed= rules_put= rules_removed= failed= rolled_back=), failures=...
 * where RANGE is "5001-5201" or "default(1025-5000)" and each failure is "action: why (0xCODE)".
 * Nothing registers the event source at run time (the MSI does); an unregistered source still
 * logs (with a "description not found" text), and Wine accepts the report without storing it. */
#ifndef PASV_TRAIL_H
#define PASV_TRAIL_H

#include "win.h"

#include <stdbool.h>

#include "pasv/plan.h"

typedef struct pasv_trail_result {
    HRESULT log_hr;            /* appending the line to changes.log */
    HRESULT event_hr;          /* RegisterEventSourceW + ReportEventW */
    WCHAR path[MAX_PATH];      /* the log file */
} pasv_trail_result;

/* Records one run. command is what the user ran ("pasvctl apply 5001-5201 --yes" or
 * "pasvports.exe Apply"), before/before_set the range as it was read before the run, result what
 * pasv_plan_apply (or the rollback) returned. out may be NULL. Returns the first failure of the
 * two parts, or S_OK. */
HRESULT pasv_trail_record(const pasv_plan *plan, const WCHAR *command, const pasv_range *before, bool before_set,
                          pasv_hr result, pasv_trail_result *out);

/* When the line is written, relative to the admin's choice after a failed or cancelled run
 * (issue 12, finding 7): pasvctl has decided by then (--on-error), so DECIDED says
 * failed-kept / failed-rolled-back. The dialog writes the run's line before the admin chose
 * (AWAITING: failed-awaiting-choice, while the changes are in force and Keep, Roll back and
 * Retry are offered) and a line of its own when the admin chose Keep (KEPT: failed-kept or
 * cancelled-kept). */
typedef enum pasv_trail_when {
    PASV_TRAIL_DECIDED = 0,
    PASV_TRAIL_AWAITING,
    PASV_TRAIL_KEPT
} pasv_trail_when;

/* pasv_trail_record with the time of the line (pasv_trail_record is DECIDED). */
HRESULT pasv_trail_record_when(const pasv_plan *plan, const WCHAR *command, const pasv_range *before,
                               bool before_set, pasv_hr result, pasv_trail_when when, pasv_trail_result *out);

/* Before a run changes anything: the secure directory and changes.log are safe and changes.log
 * opens for appending. path (MAX_PATH) receives the log's path. */
HRESULT pasv_trail_check(WCHAR *path);

/* The log's path: CSIDL_COMMON_APPDATA (ProgramData on Vista+, "All Users\Application Data" on
 * XP/2003) + \pasvports\changes.log. */
HRESULT pasv_trail_path(WCHAR *buf, DWORD cap);

/* The localized text of an item's action ("Open port 5001"), as the dialog's row and pasvctl's
 * line show it. LocalFree the result; NULL when out of memory. */
WCHAR *pasv_trail_item_action(const pasv_plan *plan, size_t index);

/* "what: why (0x80070005)" for a failed item, or NULL when the item has no failure. */
WCHAR *pasv_trail_item_failure(const pasv_plan *plan, size_t index);

/* A firewall name (UTF-8) as a screen shows it, LocalAlloc'd (NULL when out of memory): pasvctl
 * passes cli_display, which escapes control characters and line breaks, so a name holding
 * "\r\n" cannot start a line of its own. */
typedef WCHAR *(*pasv_trail_show_fn)(const char *utf8);

/* The two above with the item's name turned into text by show (NULL: as it is). */
WCHAR *pasv_trail_item_action_shown(const pasv_plan *plan, size_t index, pasv_trail_show_fn show);
WCHAR *pasv_trail_item_failure_shown(const pasv_plan *plan, size_t index, pasv_trail_show_fn show);

/* The one item-text builder (issue 12): pasvctl's lines, the change log and the dialog's rows
 * (which keep a copy of the items, the entries and the prefix) all say an item's action through
 * it. entries are the plan's (names of foreign, stale and replaced entries), prefix the plan's.
 * The dialog passes a show that shortens a name for its cell (the tooltip has it whole), pasvctl
 * one that escapes control characters; the words around the name are the same for all. */
WCHAR *pasv_item_action_text(const pasv_plan_item *item, const pasv_fw_list *entries, const char *prefix,
                             pasv_server_kind server, pasv_trail_show_fn show);
/* The FTP service's display name for server (the restart item's words): "FTP Publishing Service"
 * (MSFTPSVC, IIS 5 and 6) or "Microsoft FTP Service" (FTPSVC, IIS 7+). LocalFree. */
WCHAR *pasv_ftp_service_display_name(pasv_server_kind server);
/* "why (0xCODE)" of a failed item, through pasv_text_describe: the system's text, or the status
 * text for our own codes (not verified, changed by someone else). LocalFree; NULL: no memory. */
WCHAR *pasv_item_why_text(const pasv_plan_item *item);

#endif /* PASV_TRAIL_H */
