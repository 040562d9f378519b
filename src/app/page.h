/* pasvports: the embeddable pages of the dialog: the range editor, the options, the progress of a
 * run and the audit. Each is a child dialog with its own template, dialog procedure and state, so
 * the main dialog (dlg_main.c) and the MMC snap-in's property pages host the same code.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * How a host embeds a page
 * ------------------------
 * 1. Resources. The page templates (IDD_PAGE_*, DS_CONTROL | WS_CHILD | DS_SHELLFONT,
 *    WS_EX_CONTROLPARENT), the help and find strings are in res/lang/en-US-pages.rc with ids in
 *    res/resource_pages.h. The pages also show strings of the dialog's table (en-US-app.rc:
 *    scope and filter items, notes, column headers, run summaries), the core messages
 *    (en-US.rc, which includes the journal and engine tables) and the preflight notes
 *    (en-US-preflight.rc). A host links pasv_pages and includes in its own .rc what
 *    res/pasvports.rc includes after its neutral part: en-US.rc, en-US-app.rc, en-US-pages.rc,
 *    en-US-preflight.rc, en-US-iis7.rc (win.strings checks every id of resource_app.h and resource_pages.h
 *    loads). Templates are loaded from the res instance passed to the create function; strings
 *    come from pasv_text_module() (text.h), so a DLL host calls pasv_text_set_module(its
 *    HINSTANCE) once before creating a page.
 *    Common controls: the host has called InitCommonControlsEx for list views, up-downs and
 *    progress bars.
 * 2. Create. app_page_*_create(res, parent, host) creates the page window as a child of parent
 *    (hidden: the host positions and shows it). The dialog host calls app_page_place() to put a
 *    page where a placeholder control of its own template is (the page takes the placeholder's
 *    id, rectangle and tab position). A property-sheet host instead puts IDD_PAGE_* in its
 *    PROPSHEETPAGE template (an empty DS_CONTROL dialog of the page's size) and, in its
 *    WM_INITDIALOG, creates the page and sizes it over the whole client area.
 * 3. Talk. The page reports through the host's callbacks (app_page_host): changed() after the
 *    user edited an input (a property sheet calls PropSheet_Changed; the dialog rebuilds its
 *    plan), command() for the buttons whose action belongs to the host (Roll back, Keep, Retry
 *    on the progress page). The host drives the page through the functions below.
 * 4. Keyboard. Tab, Shift+Tab and Alt+mnemonics work across the host and its pages because the
 *    pages are WS_EX_CONTROLPARENT: the host's IsDialogMessage (a modal dialog's or a property
 *    sheet's) walks into them. F1 and Ctrl+F are the page's: a host passes each message of its
 *    loop (or of a WH_MSGFILTER hook, as dlg_main.c does in its modal loop) to
 *    app_page_translate(), which handles them and returns true. WM_HELP reaching a page (the
 *    system's own F1, or a "?" click) shows the control's help too.
 * 5. Size and DPI. The page lays its controls out for its size (WM_SIZE, anchored by its own
 *    rules); after a DPI change the host calls app_page_rescale().
 * 6. Lifetime. The page frees itself when its window is destroyed (WM_NCDESTROY); the pointer
 *    is invalid from then on. Control ids are unique across all pages and the main dialog. */
#ifndef PASV_APP_PAGE_H
#define PASV_APP_PAGE_H

#include "win.h"

#include <stdbool.h>

#include "lists.h"
#include "layout.h"
#include "pasv/plan.h"
#include "pasv/range.h"
#include "worker.h"

typedef struct app_page app_page;

typedef struct app_page_host {
    void *ctx;
    /* The user changed an input (control is its id): what the page holds may have become
     * valid or invalid; read it back through the page's functions. */
    void (*changed)(void *ctx, app_page *page, int control);
    /* A button whose action belongs to the host was pressed (IDC_ROLLBACK, IDC_KEEP, IDC_RETRY). */
    void (*command)(void *ctx, app_page *page, int control);
} app_page_host;

/* ---- every page ---- */

HWND app_page_hwnd(const app_page *page);
/* Puts the page where the host's placeholder control is: its rectangle, id and place in the tab
 * order; the placeholder is destroyed and the page shown. */
void app_page_place(app_page *page, HWND placeholder);
/* F1 (help on the focused control of the page) and Ctrl+F (audit page: find a port). True when
 * msg was the page's and was handled: the host's loop then drops it. */
bool app_page_translate(app_page *page, const MSG *msg);
/* After a DPI change from old_dpi to new_dpi: scales the page's layout. */
void app_page_rescale(app_page *page, UINT new_dpi, UINT old_dpi);
/* Shows the help for control id (one string per control) in a box owned by owner; false when
 * the control has none. Used by pages and hosts alike. */
bool app_page_help(HWND owner, int control);
/* The general help (the Help button): what passive mode needs, how to size the range, where the
 * change log and the backup are, what each option does. */
void app_page_help_all(HWND owner);

/* ---- the range editor: first and last port, validated as typed, Direct Metabase Edit ---- */

app_page *app_page_range_create(HINSTANCE res, HWND parent, const app_page_host *host);
/* The range typed, when valid (the status beside the fields says why not otherwise). */
bool app_page_range_get(const app_page *page, pasv_range *out);
/* A snapshot arrived: the server's bounds, its Direct Metabase Edit value; on the first one
 * (first) the fields take the configured range. */
void app_page_range_snapshot(app_page *page, const app_snapshot *snap, bool first);
/* The Direct Metabase Edit the user wants: 1, 0, or -1 when the server has none. */
int app_page_range_edit_while_running(const app_page *page, const app_snapshot *snap);
/* Enables the inputs when idle (and what the snapshot allows). */
void app_page_range_enable(app_page *page, bool idle, const app_snapshot *snap);
/* Gives the first-port field the focus with its text selected. */
void app_page_range_focus(app_page *page);

/* ---- the options: firewall mode, scope, stale, restart, firewall on; on IIS 7+ an FTP site's
 * external address and the built-in passive rule ---- */

typedef struct app_page_choice {
    pasv_fw_mode mode;
    pasv_scope scope;
    char remote[PASV_ADDR_TEXT_MAX]; /* canonical list for PASV_SCOPE_CUSTOM, else "" */
    bool scope_valid;
    bool remove_stale, restart, enable_firewall;
    /* IIS 7+ (issue 13): an FTP site's external address and the built-in passive rule. */
    bool external_valid;             /* false when the typed address is refused (the page says why) */
    bool external_set;               /* the address differs from the site's now: set (or clear) it */
    char site[PASV_SITE_NAME_MAX * 3]; /* UTF-8 site name when external_set, else "" */
    char external_ip[PASV_SITE_IP_MAX]; /* canonical dotted IPv4, "" to clear (when external_set) */
    bool disable_builtin_rule;
} app_page_choice;

app_page *app_page_options_create(HINSTANCE res, HWND parent, const app_page_host *host);
/* What the user chose; scope_valid (external_valid) false when the typed addresses (the external
 * address) are refused (the status line beside them says why). */
void app_page_options_get(const app_page *page, app_page_choice *out);
/* A snapshot arrived: notes and warnings; on the first one the mode in place is selected. */
void app_page_options_snapshot(app_page *page, const app_snapshot *snap, bool first);
void app_page_options_enable(app_page *page, bool idle, const app_snapshot *snap);
/* When the IIS 7+ rows are hidden (another server, or no FTP site and no built-in rule): shrinks
 * the page's frame over them, once, and returns the height in pixels it no longer needs (the
 * host gives it to another page); 0 when the rows show or it was done before. */
int app_page_options_give_back(app_page *page);

/* ---- the progress of a run: Changes list, bar, counts, summary, Roll back / Keep / Retry ---- */

app_page *app_page_progress_create(HINSTANCE res, HWND parent, const app_page_host *host);
/* The rows the list shows (the host updates them from the worker's records). */
app_rows *app_page_progress_rows(app_page *page);
/* Shows plan's items as rows (NULL: no rows), bar and counts cleared. */
void app_page_progress_show_plan(app_page *page, const pasv_plan *plan);
/* After the rows changed: bar, counts, list; running scrolls to the current row. */
void app_page_progress_refresh(app_page *page, bool running);
/* The summary sentence of a finished run (from the engine's result and the rows' counts). */
void app_page_progress_summary(app_page *page, const app_run_done *rec);
/* Any other summary text; NULL or "" clears it. */
void app_page_progress_say(app_page *page, const WCHAR *text);
void app_page_progress_say_id(app_page *page, UINT id);
/* Selects and shows the first failed row. */
void app_page_progress_show_first_problem(app_page *page);
/* The decision buttons: shown while deciding (Retry when offered); a waiting interrupted run
 * (recovery) shows Roll back and Retry as its Undo and Finish, enabled unless busy. */
void app_page_progress_buttons(app_page *page, bool deciding, bool offered_retry, bool recovery, bool busy);
layout *app_page_layout(app_page *page);
/* Gives the Changes list the focus. */
void app_page_progress_focus(app_page *page);

/* ---- the audit of the range: list, filter, CSV export, find a port ---- */

app_page *app_page_audit_create(HINSTANCE res, HWND parent, const app_page_host *host);
/* Rebuilds the audit from snap against want unless it was built against the same (force:
 * always); returns the audit (valid false when the firewall could not be listed). */
const app_audit_view *app_page_audit_update(app_page *page, const app_snapshot *snap, const app_audit_want *want,
                                            bool force);
/* Writes the filtered rows to path without asking (PASV_APP_MSG_EXPORT); rows or -1. */
long app_page_audit_export(app_page *page, const WCHAR *path);
/* Selects and scrolls to port's row (the filter goes back to all ports when it hides the row);
 * false when the port is not in the audit (the page says so). */
bool app_page_audit_find(app_page *page, unsigned port);
/* Gives the find field the focus with its text selected (Ctrl+F). */
void app_page_audit_focus_find(app_page *page);

#endif /* PASV_APP_PAGE_H */
