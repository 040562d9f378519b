/* pasvports: the Changes list, the audit view, their icons, legend and CSV export (lists.h).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "lists.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filewrite.h"
#include "machine.h"
#include "pasv/audit_out.h"
#include "pasv/textbuf.h"
#include "resource.h"
#include "text.h"
#include "trail.h"
#include "winrange.h"

/* ---- names from the firewall, shortened for a cell ---- */

void app_text_fit(const char *utf8, WCHAR *out, size_t cap)
{
    int n;
    WCHAR *whole;

    if (!cap)
        return;
    out[0] = 0;
    n = utf8 && *utf8 ? MultiByteToWideChar(CP_UTF8, 0, utf8, -1, NULL, 0) : 0;
    if (n <= 0)
        return;
    if ((size_t)n <= cap) {
        MultiByteToWideChar(CP_UTF8, 0, utf8, -1, out, (int)cap);
        return;
    }
    /* Too long for the cell: cut on a character boundary (never between the halves of a
     * surrogate pair) and mark the cut; the whole name is in the row's tooltip. */
    whole = malloc((size_t)n * sizeof(WCHAR));
    if (!whole || cap < 3) {
        free(whole);
        return;
    }
    MultiByteToWideChar(CP_UTF8, 0, utf8, -1, whole, n);
    n = (int)cap - 2;
    if (IS_HIGH_SURROGATE(whole[n - 1]))
        n--;
    memcpy(out, whole, (size_t)n * sizeof(WCHAR));
    out[n] = 0x2026; /* ... */
    out[n + 1] = 0;
    free(whole);
}

/* ---- the sizing line under the range ---- */

WCHAR *app_range_notes(const pasv_range *range, UINT sizing_id, const DWORD_PTR sizing_args[3])
{
    WCHAR *sizing = pasv_text_format(sizing_id, sizing_args, 3), *in_use, *both;
    size_t n;

    /* pasvctl status's port-in-use warning, from the same function (src/win/machine.c). */
    in_use = pasv_machine_listening_text(range, IDS_RANGE_IN_USE, IDS_RANGE_IN_USE);
    if (!in_use || !sizing)
        return sizing ? sizing : in_use;
    n = wcslen(sizing) + wcslen(in_use) + 2;
    both = LocalAlloc(LMEM_FIXED, n * sizeof(WCHAR));
    if (both)
        swprintf(both, n, L"%ls %ls", sizing, in_use);
    LocalFree(sizing);
    LocalFree(in_use);
    return both;
}

/* ---- icons: plain colour squares, so state reads at a glance and needs no icon files ---- */

static const COLORREF status_colours[PASV_ST_COUNT] = {
    RGB(190, 190, 190), /* pending */
    RGB(40, 110, 220),  /* running */
    RGB(30, 150, 60),   /* done */
    RGB(210, 30, 30),   /* failed */
    RGB(150, 150, 150), /* skipped */
    RGB(230, 160, 20),  /* cancelled */
    RGB(120, 80, 200),  /* rolled back */
    RGB(140, 20, 20),   /* roll back failed */
    RGB(150, 210, 150), /* unchanged */
    RGB(230, 100, 0),   /* not verified */
};

static const COLORREF audit_colours[PASV_AUDIT_STATE_COUNT] = {
    RGB(30, 150, 60),   /* open and ours */
    RGB(230, 190, 0),   /* partly open */
    RGB(210, 30, 30),   /* missing */
    RGB(40, 110, 220),  /* foreign */
    RGB(150, 150, 150), /* stale */
    RGB(200, 90, 160),  /* open locally, overridden by policy: never the green of open */
};

static const UINT audit_state_ids[PASV_AUDIT_STATE_COUNT] = {
    PASV_MSG_AUDIT_OPEN, PASV_MSG_AUDIT_PARTIAL, PASV_MSG_AUDIT_MISSING, PASV_MSG_AUDIT_FOREIGN,
    PASV_MSG_AUDIT_STALE, PASV_MSG_AUDIT_OVERRIDDEN,
};

COLORREF app_lists_audit_colour(unsigned state)
{
    return state < PASV_AUDIT_STATE_COUNT ? audit_colours[state] : RGB(0, 0, 0);
}

void app_lists_draw_square(HDC dc, int x, int size, COLORREF c)
{
    int inset = size / 5;
    RECT all = {x, 0, x + size, size}, inner = {x + inset, inset, x + size - inset, size - inset};
    HBRUSH mask = CreateSolidBrush(RGB(255, 0, 255)), fill = CreateSolidBrush(c);
    HBRUSH edge = CreateSolidBrush(RGB(GetRValue(c) / 2, GetGValue(c) / 2, GetBValue(c) / 2));

    FillRect(dc, &all, mask);
    FillRect(dc, &inner, edge);
    InflateRect(&inner, -1, -1);
    FillRect(dc, &inner, fill);
    DeleteObject(mask);
    DeleteObject(fill);
    DeleteObject(edge);
}

HIMAGELIST app_lists_images(UINT dpi)
{
    int size = MulDiv(16, (int)dpi, 96), i;
    HIMAGELIST il = ImageList_Create(size, size, ILC_COLOR24 | ILC_MASK, PASV_ST_COUNT + PASV_AUDIT_STATE_COUNT, 0);
    HDC screen = GetDC(NULL), dc = CreateCompatibleDC(screen);

    for (i = 0; il && i < PASV_ST_COUNT + PASV_AUDIT_STATE_COUNT; i++) {
        HBITMAP bmp = CreateCompatibleBitmap(screen, size, size);
        HGDIOBJ old = SelectObject(dc, bmp);

        app_lists_draw_square(dc, 0, size, i < PASV_ST_COUNT ? status_colours[i] : audit_colours[i - PASV_ST_COUNT]);
        SelectObject(dc, old);
        ImageList_AddMasked(il, bmp, RGB(255, 0, 255));
        DeleteObject(bmp);
    }
    DeleteDC(dc);
    ReleaseDC(NULL, screen);
    return il;
}

static void add_columns(HWND list, const UINT *ids, const int *widths, int count, UINT dpi)
{
    int i;
    for (i = 0; i < count; i++) {
        WCHAR *text = pasv_text_load(ids[i]);
        LVCOLUMNW col = {0};
        col.mask = LVCF_TEXT | LVCF_WIDTH | LVCF_SUBITEM;
        col.pszText = text ? text : L"";
        col.cx = MulDiv(widths[i], (int)dpi, 96);
        col.iSubItem = i;
        SendMessageW(list, LVM_INSERTCOLUMNW, (WPARAM)i, (LPARAM)&col);
        LocalFree(text);
    }
}

void app_lists_init_changes(HWND list, HIMAGELIST images, UINT dpi)
{
    static const UINT ids[] = {IDS_COL_PORT, IDS_COL_ACTION, IDS_COL_RESULT, IDS_COL_DETAIL};
    static const int widths[] = {80, 240, 130, 200};
    ListView_SetExtendedListViewStyle(list, LVS_EX_FULLROWSELECT | LVS_EX_DOUBLEBUFFER | LVS_EX_LABELTIP |
                                                LVS_EX_INFOTIP);
    ListView_SetImageList(list, images, LVSIL_SMALL);
    add_columns(list, ids, widths, 4, dpi);
}

void app_lists_init_audit(HWND list, HIMAGELIST images, UINT dpi)
{
    static const UINT ids[] = {IDS_COL_PORT, IDS_COL_STATE, IDS_COL_PROFILES, IDS_COL_NAME};
    static const int widths[] = {80, 190, 130, 200};
    ListView_SetExtendedListViewStyle(list, LVS_EX_FULLROWSELECT | LVS_EX_DOUBLEBUFFER | LVS_EX_LABELTIP |
                                                LVS_EX_INFOTIP);
    ListView_SetImageList(list, images, LVSIL_SMALL);
    add_columns(list, ids, widths, 4, dpi);
}

void app_lists_fit_columns(HWND list)
{
    HWND header = (HWND)SendMessageW(list, LVM_GETHEADER, 0, 0);
    int n = header ? (int)SendMessageW(header, HDM_GETITEMCOUNT, 0, 0) : 0, i, used = 0;
    RECT rc;

    if (n < 2 || !GetClientRect(list, &rc))
        return;
    for (i = 0; i < n - 1; i++)
        used += (int)SendMessageW(list, LVM_GETCOLUMNWIDTH, (WPARAM)i, 0);
    /* Leave room for the vertical scroll bar, which comes and goes with the row count. */
    i = rc.right - used - GetSystemMetrics(SM_CXVSCROLL);
    SendMessageW(list, LVM_SETCOLUMNWIDTH, (WPARAM)(n - 1), (LPARAM)(i > 80 ? i : 80));
}

void app_lists_draw_legend(const DRAWITEMSTRUCT *di, HIMAGELIST images)
{
    HFONT font = (HFONT)SendMessageW(di->hwndItem, WM_GETFONT, 0, 0);
    HGDIOBJ old = SelectObject(di->hDC, font);
    int cx = 16, cy = 16, x = di->rcItem.left, i;
    RECT rc = di->rcItem;
    WCHAR *label = pasv_text_load(IDS_LEGEND);
    SIZE sz;

    ImageList_GetIconSize(images, &cx, &cy);
    FillRect(di->hDC, &rc, GetSysColorBrush(COLOR_BTNFACE));
    SetBkMode(di->hDC, TRANSPARENT);
    SetTextColor(di->hDC, GetSysColor(COLOR_BTNTEXT));
    if (label) {
        GetTextExtentPoint32W(di->hDC, label, (int)wcslen(label), &sz);
        rc.left = x;
        DrawTextW(di->hDC, label, -1, &rc, DT_LEFT | DT_VCENTER | DT_SINGLELINE | DT_NOPREFIX);
        x += sz.cx + cx / 2;
        LocalFree(label);
    }
    for (i = 0; i < PASV_AUDIT_STATE_COUNT; i++) {
        WCHAR *text = pasv_text_load(audit_state_ids[i]);
        ImageList_Draw(images, APP_ICON_AUDIT + i, di->hDC, x, rc.top + (rc.bottom - rc.top - cy) / 2, ILD_NORMAL);
        x += cx + 3;
        if (text) {
            GetTextExtentPoint32W(di->hDC, text, (int)wcslen(text), &sz);
            rc.left = x;
            DrawTextW(di->hDC, text, -1, &rc, DT_LEFT | DT_VCENTER | DT_SINGLELINE | DT_NOPREFIX);
            x += sz.cx + cx;
            LocalFree(text);
        }
    }
    SelectObject(di->hDC, old);
}

void app_profile_names(uint32_t mask, bool rules_api, WCHAR *out, size_t cap)
{
    static const struct { uint32_t bit; UINT legacy; UINT rules; } names[] = {
        {0x1, IDS_PROFILE_DOMAIN, IDS_PROFILE_DOMAIN},
        {0x2, IDS_PROFILE_STANDARD, IDS_PROFILE_PRIVATE},
        {0x4, 0, IDS_PROFILE_PUBLIC},
    };
    size_t i;

    out[0] = 0;
    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        UINT id = rules_api ? names[i].rules : names[i].legacy;
        WCHAR *name;
        if (!(mask & names[i].bit) || !id)
            continue;
        name = pasv_text_load(id);
        if (out[0])
            wcsncat(out, L", ", cap - wcslen(out) - 1);
        wcsncat(out, name ? name : L"?", cap - wcslen(out) - 1);
        LocalFree(name);
    }
}

/* Copies a LocalAlloc'd string into the list's buffer and frees it. */
static void take_text(WCHAR *dst, size_t cap, WCHAR *src)
{
    swprintf(dst, cap, L"%ls", src ? src : L"");
    LocalFree(src);
}

/* ---- the Changes list ---- */

void app_rows_init(app_rows *rows)
{
    memset(rows, 0, sizeof(*rows));
    pasv_fw_list_init(&rows->entries);
    rows->current = (size_t)-1;
}

void app_rows_clear(app_rows *rows)
{
    free(rows->items);
    free(rows->notes);
    pasv_fw_list_cleanup(&rows->entries);
    app_rows_init(rows);
}

void app_rows_cleanup(app_rows *rows)
{
    app_rows_clear(rows);
}

/* The engine's counts of the rows (src/core/plan_state.c): no count of our own. */
static void recount(app_rows *rows)
{
    pasv_items_count(rows->items, rows->count, &rows->counts);
}

void app_rows_begin(app_rows *rows, app_op op)
{
    rows->undoing = op == APP_OP_ROLLBACK;
    if (op == APP_OP_RETRY) {
        /* What the worker's plan does before it runs again, on our copy of its items, so the
         * counter starts where the retry starts. */
        pasv_plan view;
        memset(&view, 0, sizeof(view));
        view.items = rows->items;
        view.count = rows->count;
        pasv_plan_retry_failed(&view);
    }
    recount(rows);
}

UINT app_rows_progress(const app_rows *rows, DWORD_PTR args[3])
{
    pasv_plan_progress p;

    pasv_items_progress(rows->items, rows->count, rows->undoing, &p);
    args[0] = p.done;
    args[1] = p.total;
    args[2] = p.failed;
    return rows->undoing ? IDS_PROGRESS_UNDO_COUNTS : IDS_PROGRESS_COUNTS;
}

bool app_rows_set(app_rows *rows, const pasv_plan *plan)
{
    size_t i;

    app_rows_clear(rows);
    if (!plan || !plan->count)
        return true;
    rows->items = malloc(plan->count * sizeof(*rows->items));
    rows->notes = calloc(plan->count, 1);
    if (!rows->items || !rows->notes) {
        app_rows_clear(rows);
        return false;
    }
    memcpy(rows->items, plan->items, plan->count * sizeof(*rows->items));
    rows->count = plan->count;
    snprintf(rows->prefix, sizeof(rows->prefix), "%s", plan->opt.prefix ? plan->opt.prefix : "");
    rows->server = plan->opt.server;
    for (i = 0; i < plan->entries.count; i++)
        if (!pasv_fw_list_push(&rows->entries, &plan->entries.items[i]))
            break;
    recount(rows);
    return true;
}

void app_rows_update(app_rows *rows, const app_update *updates, size_t count)
{
    size_t i;

    for (i = 0; i < count; i++) {
        const app_update *u = &updates[i];
        pasv_plan_item *it;
        if (u->index >= rows->count)
            continue;
        it = &rows->items[u->index];
        if (u->note)
            rows->notes[u->index] = u->note;
        if (u->status == 0xFF)
            continue;
        it->status = u->status;
        it->hr = u->hr;
        it->msg = u->msg;
        if (it->status != PASV_ST_PENDING) /* running or finished: for auto-scroll */
            rows->current = u->index;
    }
    if (count >= rows->count)
        recount(rows);
}

/* A firewall name as a cell shows it: cut to the cell on a character boundary (app_text_fit);
 * the row's tooltip has it whole. LocalAlloc'd, as pasv_item_action_text wants. */
static WCHAR *cell_name(const char *utf8)
{
    WCHAR *out = LocalAlloc(LMEM_FIXED, 256 * sizeof(WCHAR));
    if (out)
        app_text_fit(utf8, out, 256);
    return out;
}

/* The whole name of a row's entry (as much as a tooltip holds: INFOTIPSIZE characters). */
static void infotip(const char *name, NMLVGETINFOTIPW *tip)
{
    if (tip->pszText && tip->cchTextMax > 0 && name && *name)
        app_text_fit(name, tip->pszText, (size_t)tip->cchTextMax);
}

void app_rows_infotip(const app_rows *rows, NMLVGETINFOTIPW *tip)
{
    const pasv_plan_item *it;
    if (tip->iItem < 0 || (size_t)tip->iItem >= rows->count)
        return;
    it = &rows->items[tip->iItem];
    if (it->entry != UINT32_MAX && it->entry < rows->entries.count)
        infotip(rows->entries.items[it->entry].name, tip);
}

void app_rows_dispinfo(app_rows *rows, NMLVDISPINFOW *di)
{
    static const UINT svc_ids[] = {IDS_SVC_UNKNOWN, IDS_SVC_STOPPED, IDS_SVC_START_PENDING, IDS_SVC_STOP_PENDING,
                                   IDS_SVC_RUNNING};
    LVITEMW *lv = &di->item;
    const pasv_plan_item *it;
    size_t cap = sizeof(rows->buf) / sizeof(rows->buf[0]);

    if (lv->iItem < 0 || (size_t)lv->iItem >= rows->count)
        return;
    it = &rows->items[lv->iItem];
    if (lv->mask & LVIF_IMAGE)
        lv->iImage = it->status < PASV_ST_COUNT ? it->status : 0;
    if (!(lv->mask & LVIF_TEXT))
        return;
    rows->buf[0] = 0;
    switch (lv->iSubItem) {
    case 0:
        if (it->kind == PASV_ITEM_SET_RANGE || it->kind == PASV_ITEM_PUT_RULE || it->kind == PASV_ITEM_REMOVE_RULE)
            pasv_range_to_wide(&it->range, rows->buf, cap);
        else if (it->kind == PASV_ITEM_OPEN_PORT || it->kind == PASV_ITEM_KEEP_PORT || it->kind == PASV_ITEM_FOREIGN
                 || it->kind == PASV_ITEM_CLOSE_STALE)
            swprintf(rows->buf, cap, L"%u", (unsigned)it->port);
        break;
    case 1: /* the words pasvctl and the change log use (src/win/trail.c) */
        take_text(rows->buf, cap, pasv_item_action_text(it, &rows->entries, rows->prefix, rows->server, cell_name));
        break;
    case 2:
        if (it->status == PASV_ST_RUNNING)
            take_text(rows->buf, cap, pasv_text_load(IDS_ROW_RUNNING));
        else
            take_text(rows->buf, cap, pasv_text_load(it->msg ? it->msg : pasv_item_status_msg(it)));
        break;
    case 3:
        if (PASV_FAILED(it->hr) && it->status != PASV_ST_SKIPPED && it->status != PASV_ST_CANCELLED
            && it->status != PASV_ST_PENDING) {
            take_text(rows->buf, cap, pasv_item_why_text(it));
        } else if (rows->notes[lv->iItem] && rows->notes[lv->iItem] <= PASV_SVC_RUNNING) {
            WCHAR *state = pasv_text_load(svc_ids[rows->notes[lv->iItem]]);
            DWORD_PTR a[1] = {(DWORD_PTR)(state ? state : L"")};
            take_text(rows->buf, cap, pasv_text_format(IDS_NOTE_SERVICE, a, 1));
            LocalFree(state);
        }
        break;
    }
    lv->pszText = rows->buf;
}

/* ---- the audit view ---- */

void app_audit_init(app_audit_view *av)
{
    memset(av, 0, sizeof(*av));
}

void app_audit_clear(app_audit_view *av)
{
    if (av->valid)
        pasv_audit_cleanup(&av->audit);
    free(av->view);
    av->view = NULL;
    av->view_count = 0;
    av->valid = false;
    av->fw = NULL;
}

void app_audit_cleanup(app_audit_view *av)
{
    app_audit_clear(av);
}

bool app_audit_build(app_audit_view *av, const pasv_range *range, const pasv_fw_list *fw, const app_audit_want *want)
{
    pasv_hr hr;

    app_audit_clear(av);
    av->want = *want;
    av->rules_api = want->rules_bits;
    /* Judged as the plan judges (src/core/fwindex.c): ours with another scope is partial. */
    if (want->scope >= 0)
        hr = pasv_audit_build_for(range, fw, want->target, (pasv_scope)want->scope,
                                  want->scope == PASV_SCOPE_CUSTOM ? want->remote : NULL, &av->audit);
    else
        hr = pasv_audit_build(range, fw, want->target, &av->audit);
    if (PASV_FAILED(hr))
        return false;
    pasv_audit_apply_policy(&av->audit, want->ineffective); /* as pasvctl audit (issue 12, finding 6) */
    av->view = malloc((av->audit.count ? av->audit.count : 1) * sizeof(*av->view));
    if (!av->view) {
        pasv_audit_cleanup(&av->audit);
        return false;
    }
    av->valid = true;
    av->fw = fw;
    return true;
}

bool app_audit_wants(const app_audit_view *av, const app_audit_want *want)
{
    return av->want.target == want->target && av->want.scope == want->scope && av->want.rules_bits == want->rules_bits
           && strcmp(av->want.remote, want->remote) == 0;
}

void app_audit_filter(app_audit_view *av, int filter)
{
    size_t i;

    av->view_count = 0;
    if (!av->valid)
        return;
    for (i = 0; i < av->audit.count; i++) {
        uint8_t st = av->audit.rows[i].state;
        bool pass = filter <= 0
                    || (filter == 1 && (st == PASV_AUDIT_MISSING || st == PASV_AUDIT_PARTIAL || st == PASV_AUDIT_STALE
                                        || st == PASV_AUDIT_OVERRIDDEN))
                    || (filter >= 2 && st == filter - 2);
        if (pass)
            av->view[av->view_count++] = (uint32_t)i;
    }
}

static void audit_cell(const app_audit_view *av, const pasv_audit_row *row, int column, WCHAR *out, size_t cap)
{
    out[0] = 0;
    switch (column) {
    case 0:
        swprintf(out, cap, L"%u", (unsigned)row->port);
        break;
    case 1:
        if (row->state < PASV_AUDIT_STATE_COUNT)
            take_text(out, cap, pasv_text_load(audit_state_ids[row->state]));
        break;
    case 2:
        app_profile_names(row->profiles, av->rules_api, out, cap);
        break;
    case 3:
        if (av->fw && row->entry != UINT32_MAX && row->entry < av->fw->count)
            app_text_fit(av->fw->items[row->entry].name, out, cap);
        break;
    }
}

void app_audit_dispinfo(app_audit_view *av, NMLVDISPINFOW *di)
{
    LVITEMW *lv = &di->item;
    const pasv_audit_row *row;

    if (lv->iItem < 0 || (size_t)lv->iItem >= av->view_count)
        return;
    row = &av->audit.rows[av->view[lv->iItem]];
    if (lv->mask & LVIF_IMAGE)
        lv->iImage = APP_ICON_AUDIT + (row->state < PASV_AUDIT_STATE_COUNT ? row->state : 0);
    if (lv->mask & LVIF_TEXT) {
        audit_cell(av, row, lv->iSubItem, av->buf, sizeof(av->buf) / sizeof(av->buf[0]));
        lv->pszText = av->buf;
    }
}

void app_audit_infotip(const app_audit_view *av, NMLVGETINFOTIPW *tip)
{
    const pasv_audit_row *row;
    if (tip->iItem < 0 || (size_t)tip->iItem >= av->view_count || !av->fw)
        return;
    row = &av->audit.rows[av->view[tip->iItem]];
    if (row->entry != UINT32_MAX && row->entry < av->fw->count)
        infotip(av->fw->items[row->entry].name, tip);
}

/* The filtered rows through the core's writer: the same bytes as pasvctl audit --csv. The header
 * is the stable "port,state,profiles,name" (issue 12: the dialog wrote a localized one before;
 * decided for the stable one, so a script reads either file). */
long app_audit_export(const app_audit_view *av, const WCHAR *path)
{
    pasv_audit_out opt = {PASV_AUDIT_CSV, av->rules_api, true, NULL, av->view, av->view_count};
    pasv_textbuf doc;
    HRESULT hr;

    if (!path || !av->valid) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return -1;
    }
    pasv_textbuf_init(&doc);
    hr = pasv_audit_write(&av->audit, av->fw, &opt, &doc) == PASV_S_OK ? S_OK : E_OUTOFMEMORY;
    if (SUCCEEDED(hr))
        hr = pasv_file_replace(path, doc.data, doc.len);
    pasv_textbuf_cleanup(&doc);
    if (FAILED(hr)) {
        SetLastError(HRESULT_FACILITY(hr) == FACILITY_WIN32 ? HRESULT_CODE(hr) : ERROR_OUTOFMEMORY);
        return -1;
    }
    return (long)av->view_count;
}
