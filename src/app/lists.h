/* pasvports: the dialog's two virtual list views: the Changes list (one row per plan item, its
 * result and the HRESULT text) and the audit of the range (one row per port), with the shared
 * status icons, the legend and the CSV export.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * Both lists are LVS_OWNERDATA: the data stays in these structs and the list asks for the
 * visible rows only, so 60,535 rows cost nothing to show. */
#ifndef PASV_APP_LISTS_H
#define PASV_APP_LISTS_H

#include "win.h"

#include <commctrl.h>
#include <stdbool.h>

#include "pasv/addr.h"
#include "pasv/audit.h"
#include "pasv/plan.h"
#include "worker.h"

/* The line under the range: the sizing message (id and its three number inserts) and, when
 * programs listen inside the range, the same port-in-use warning as pasvctl status. LocalFree. */
WCHAR *app_range_notes(const pasv_range *range, UINT sizing_id, const DWORD_PTR sizing_args[3]);

/* ---- the Changes list ---- */

typedef struct app_rows {
    pasv_plan_item *items;  /* copies of the plan's items, updated from the worker's records */
    uint8_t *notes;         /* last service state reported for the item (0 = none) */
    size_t count;
    pasv_fw_list entries;   /* copy of the plan's entries (names of foreign/stale rows) */
    char prefix[PASV_PREFIX_MAX + 1]; /* the plan's prefix: names of the rows' exceptions and rule */
    pasv_server_kind server;          /* the plan's server: the restart row names its service */
    size_t current;         /* last item reported started, for auto-scroll */
    bool undoing;           /* a rollback runs over these rows: the counter counts undos */
    pasv_plan_counts counts; /* the engine's counts (pasv_items_count), after app_rows_set/begin and a run's end */
    WCHAR buf[600];         /* text handed to the list view (valid until the next request) */
} app_rows;

void app_rows_init(app_rows *rows);
void app_rows_cleanup(app_rows *rows);
void app_rows_clear(app_rows *rows);
/* Copies the plan's items and entries. */
bool app_rows_set(app_rows *rows, const pasv_plan *plan);
void app_rows_update(app_rows *rows, const app_update *updates, size_t count);
/* A run over the rows begins (the worker got op): a rollback counts undos; a retry resets the
 * rows it will run again, as the engine does. */
void app_rows_begin(app_rows *rows, app_op op);
/* The counter and the bar: the engine's progress (pasv_items_progress) as the three inserts of the
 * string id returned ("%1 of %2 done - %3 failed", or "... undone ..." while rolling back). */
UINT app_rows_progress(const app_rows *rows, DWORD_PTR args[3]);
void app_rows_dispinfo(app_rows *rows, NMLVDISPINFOW *di);
/* LVN_GETINFOTIP: the row's whole entry name (a cell shows it shortened). */
void app_rows_infotip(const app_rows *rows, NMLVGETINFOTIPW *tip);

/* ---- the audit view ---- */

/* What the audit judges ports against: what Apply would write (issue 11 item 4). */
typedef struct app_audit_want {
    uint32_t target;        /* the target profiles (0: any profile counts) */
    int scope;              /* a pasv_scope, or -1 while the typed scope is not valid: profiles only */
    char remote[PASV_ADDR_TEXT_MAX]; /* canonical list for PASV_SCOPE_CUSTOM, else "" */
    /* The profile bits target and the rows speak in: the Vista+ rules API's (range-rule mode)
     * or the per-port API's, which Windows Vista and later keep too. Names the profiles (list
     * and CSV) as pasvctl does for the same bits. */
    bool rules_bits;
    uint32_t ineffective;   /* pasv_fw_state_ineffective of that state: open there is "overridden" */
} app_audit_want;

typedef struct app_audit_view {
    pasv_audit audit;
    app_audit_want want;    /* what audit was built against */
    bool valid;
    bool rules_api;         /* name profiles the Vista+ way (want.rules_bits) */
    const pasv_fw_list *fw; /* the list the audit's entry indexes refer to (the snapshot's) */
    uint32_t *view;         /* indexes into audit.rows that pass the filter */
    size_t view_count;
    WCHAR buf[300];
} app_audit_view;

/* Filters: 0 all, 1 problems (missing, partly open, stale, overridden), 2 + pasv_audit_state. */
void app_audit_init(app_audit_view *av);
void app_audit_cleanup(app_audit_view *av);
void app_audit_clear(app_audit_view *av);
bool app_audit_build(app_audit_view *av, const pasv_range *range, const pasv_fw_list *fw, const app_audit_want *want);
/* True when the audit was built against want. */
bool app_audit_wants(const app_audit_view *av, const app_audit_want *want);
void app_audit_filter(app_audit_view *av, int filter);
void app_audit_dispinfo(app_audit_view *av, NMLVDISPINFOW *di);
void app_audit_infotip(const app_audit_view *av, NMLVGETINFOTIPW *tip);
/* Writes the filtered rows as the core's audit CSV (src/core/audit_out.c), byte for byte what
 * pasvctl audit --csv writes for the same rows (the stable header too: scripts read both),
 * replacing path whole or not at all; returns the rows written or -1 (GetLastError set). */
long app_audit_export(const app_audit_view *av, const WCHAR *path);

/* ---- shared ---- */

/* Icons: item statuses at their pasv_item_status index, audit states at APP_ICON_AUDIT + state. */
#define APP_ICON_AUDIT PASV_ST_COUNT
HIMAGELIST app_lists_images(UINT dpi);
/* The colour of an audit state's square (the snap-in draws the same squares). */
COLORREF app_lists_audit_colour(unsigned state);
/* Draws a state's square (colour c) at x in dc, size pixels, on the mask colour RGB(255, 0, 255). */
void app_lists_draw_square(HDC dc, int x, int size, COLORREF c);
void app_lists_init_changes(HWND list, HIMAGELIST images, UINT dpi);
void app_lists_init_audit(HWND list, HIMAGELIST images, UINT dpi);
/* Widens or narrows the last column so the columns fill the list without a horizontal bar. */
void app_lists_fit_columns(HWND list);
void app_lists_draw_legend(const DRAWITEMSTRUCT *di, HIMAGELIST images);
/* A firewall name (UTF-8) for a cell of cap characters: whole when it fits, else cut on a
 * UTF-16 character boundary and ended with an ellipsis. */
void app_text_fit(const char *utf8, WCHAR *out, size_t cap);
/* "Domain, Standard" for a profile mask (legacy names unless rules_api). */
void app_profile_names(uint32_t mask, bool rules_api, WCHAR *out, size_t cap);

#endif /* PASV_APP_LISTS_H */
