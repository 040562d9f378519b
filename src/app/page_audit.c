/* pasvports: the audit page: one row per port of the range (and per stale port of ours), its
 * state against what Apply would write, a filter, the CSV export and "find a port" for audits
 * of tens of thousands of rows.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "page_impl.h"

#include <commctrl.h>
#include <commdlg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "resource.h"
#include "text.h"

typedef struct audit_state {
    app_audit_view audit;
    HIMAGELIST images;
} audit_state;

static const layout_rule audit_rules[] = {
    {IDC_AUDIT_LIST, 0, 0, 100, 100},
    {IDC_LEGEND, 0, 100, 100, 0},
    {IDC_AUDIT_STATUS, 0, 100, 100, 0},
};

static HWND list_of(const app_page *page)
{
    return GetDlgItem(page->hwnd, IDC_AUDIT_LIST);
}

static void apply_filter(app_page *page)
{
    audit_state *st = page->state;

    app_audit_filter(&st->audit, (int)SendDlgItemMessageW(page->hwnd, IDC_FILTER, CB_GETCURSEL, 0, 0));
    ListView_SetItemCountEx(list_of(page), (int)st->audit.view_count, 0);
    InvalidateRect(list_of(page), NULL, TRUE);
}

static void audit_init(app_page *page)
{
    static const UINT filter_ids[] = {IDS_FILTER_ALL, IDS_FILTER_PROBLEMS, PASV_MSG_AUDIT_OPEN,
                                      PASV_MSG_AUDIT_PARTIAL, PASV_MSG_AUDIT_MISSING, PASV_MSG_AUDIT_FOREIGN,
                                      PASV_MSG_AUDIT_STALE};
    audit_state *st = page->state;

    app_audit_init(&st->audit);
    st->images = app_lists_images(page->dpi);
    app_lists_init_audit(list_of(page), st->images, page->dpi);
    page_fill_combo(page->hwnd, IDC_FILTER, filter_ids, sizeof(filter_ids) / sizeof(filter_ids[0]), 0);
    SendDlgItemMessageW(page->hwnd, IDC_FIND_PORT, EM_LIMITTEXT, 5, 0);
}

static void audit_destroy(app_page *page)
{
    audit_state *st = page->state;

    app_audit_cleanup(&st->audit);
    ListView_SetImageList(list_of(page), NULL, LVSIL_SMALL);
    if (st->images)
        ImageList_Destroy(st->images);
    st->images = NULL;
}

static void on_export(app_page *page)
{
    audit_state *st = page->state;
    WCHAR path[MAX_PATH], filter[128];
    WCHAR *name = pasv_text_load(IDS_CSV_DEFAULT_NAME), *f = pasv_text_load(IDS_CSV_FILTER), *p;
    OPENFILENAMEW ofn;
    long rows;

    swprintf(path, MAX_PATH, L"%ls", name ? name : L"audit.csv");
    swprintf(filter, 128, L"%ls", f ? f : L"");
    LocalFree(name);
    LocalFree(f);
    /* The string table cannot hold the NULs GetSaveFileName wants; '|' stands in for them. */
    for (p = filter; *p; p++)
        if (*p == L'|')
            *p = 0;
    memset(&ofn, 0, sizeof(ofn));
    ofn.lStructSize = sizeof(ofn);
    ofn.hwndOwner = GetAncestor(page->hwnd, GA_ROOT);
    ofn.lpstrFilter = filter;
    ofn.lpstrFile = path;
    ofn.nMaxFile = MAX_PATH;
    ofn.lpstrDefExt = L"csv";
    ofn.Flags = OFN_OVERWRITEPROMPT | OFN_PATHMUSTEXIST | OFN_HIDEREADONLY;
    if (!GetSaveFileNameW(&ofn))
        return;
    rows = app_audit_export(&st->audit, path);
    if (rows < 0) {
        WCHAR *text = pasv_text_failure(IDS_WHAT_SAVE_CSV, path, HRESULT_FROM_WIN32(GetLastError()));
        WCHAR *caption = pasv_text_load(IDS_ERROR_CAPTION);
        MessageBoxW(ofn.hwndOwner, text ? text : L"", caption ? caption : L"", MB_OK | MB_ICONERROR);
        LocalFree(text);
        LocalFree(caption);
    } else {
        DWORD_PTR args[2] = {(DWORD_PTR)rows, (DWORD_PTR)path};
        page_set_text_id(page->hwnd, IDC_AUDIT_STATUS, page_plural(IDS_CSV_SAVED_ONE, IDS_CSV_SAVED, (unsigned long)rows), args, 2);
    }
}

/* The port typed in the find field, or 0 when it is not one. */
static unsigned typed_port(const app_page *page)
{
    WCHAR text[16] = L"", *end = NULL;
    unsigned long port;

    GetDlgItemTextW(page->hwnd, IDC_FIND_PORT, text, 16);
    port = wcstoul(text, &end, 10);
    if (end == text || (end && *end) || port < 1 || port > 65535)
        return 0;
    return (unsigned)port;
}

static void on_find(app_page *page)
{
    unsigned port = typed_port(page);

    if (!port) {
        page_set_text_id(page->hwnd, IDC_AUDIT_STATUS, IDS_FIND_NOT_A_PORT, NULL, 0);
        SetFocus(GetDlgItem(page->hwnd, IDC_FIND_PORT));
        return;
    }
    app_page_audit_find(page, port);
}

static void audit_command(app_page *page, int id, int code)
{
    if (id == IDC_FILTER && code == CBN_SELCHANGE)
        apply_filter(page);
    else if (id == IDC_EXPORT && code == BN_CLICKED)
        on_export(page);
    else if (id == IDC_FIND && code == BN_CLICKED)
        on_find(page);
}

static LRESULT audit_notify(app_page *page, NMHDR *nm)
{
    audit_state *st = page->state;

    if (nm->idFrom == IDC_AUDIT_LIST && nm->code == LVN_GETDISPINFOW)
        app_audit_dispinfo(&st->audit, (NMLVDISPINFOW *)nm);
    else if (nm->idFrom == IDC_AUDIT_LIST && nm->code == LVN_GETINFOTIPW)
        app_audit_infotip(&st->audit, (NMLVGETINFOTIPW *)nm); /* the whole name a cell shortens */
    return 0;
}

static bool audit_draw(app_page *page, const DRAWITEMSTRUCT *di)
{
    audit_state *st = page->state;

    if (di->CtlID != IDC_LEGEND)
        return false;
    app_lists_draw_legend(di, st->images);
    return true;
}

/* Ctrl+F: to the find field; Enter in it: find (the host's default button is not pressed). */
static bool audit_key(app_page *page, const MSG *msg)
{
    if (msg->message != WM_KEYDOWN)
        return false;
    if (msg->wParam == 'F' && GetKeyState(VK_CONTROL) < 0) {
        app_page_audit_focus_find(page);
        return true;
    }
    if (msg->wParam == VK_RETURN && msg->hwnd == GetDlgItem(page->hwnd, IDC_FIND_PORT)) {
        on_find(page);
        return true;
    }
    return false;
}

static const app_page_class audit_class = {
    IDD_PAGE_AUDIT, audit_rules, sizeof(audit_rules) / sizeof(audit_rules[0]), sizeof(audit_state),
    audit_init, audit_command, audit_notify, audit_draw, audit_key, audit_destroy,
};

app_page *app_page_audit_create(HINSTANCE res, HWND parent, const app_page_host *host)
{
    return app_page_create(&audit_class, res, parent, host);
}

const app_audit_view *app_page_audit_update(app_page *page, const app_snapshot *s, const app_audit_want *want,
                                            bool force)
{
    audit_state *st = page->state;

    if (!force && app_audit_wants(&st->audit, want))
        return &st->audit;
    if (s && SUCCEEDED(s->open_hr) && SUCCEEDED(s->firewall_hr) && SUCCEEDED(s->fw_hr)) {
        st->audit.rules_api = s->env.fw_rules_api;
        if (!app_audit_build(&st->audit, &s->range, &s->fw, want))
            app_audit_clear(&st->audit);
    } else {
        app_audit_clear(&st->audit);
    }
    apply_filter(page);
    return &st->audit;
}

long app_page_audit_export(app_page *page, const WCHAR *path)
{
    audit_state *st = page->state;
    return app_audit_export(&st->audit, path);
}

/* The view index of port's row, or -1. */
static long view_row(const app_audit_view *av, unsigned port)
{
    size_t i;
    for (i = 0; i < av->view_count; i++)
        if (av->audit.rows[av->view[i]].port == port)
            return (long)i;
    return -1;
}

bool app_page_audit_find(app_page *page, unsigned port)
{
    audit_state *st = page->state;
    HWND list = list_of(page);
    long row = view_row(&st->audit, port);
    DWORD_PTR args[3] = {port, 0, 0};

    if (row < 0 && SendDlgItemMessageW(page->hwnd, IDC_FILTER, CB_GETCURSEL, 0, 0) != 0) {
        /* Hidden by the filter: show every port again rather than say it is not there. */
        SendDlgItemMessageW(page->hwnd, IDC_FILTER, CB_SETCURSEL, 0, 0);
        apply_filter(page);
        row = view_row(&st->audit, port);
    }
    if (row < 0) {
        page_set_text_id(page->hwnd, IDC_AUDIT_STATUS, IDS_FIND_NOT_FOUND, args, 1);
        return false;
    }
    ListView_SetItemState(list, -1, 0, LVIS_SELECTED | LVIS_FOCUSED);
    ListView_SetItemState(list, (int)row, LVIS_SELECTED | LVIS_FOCUSED, LVIS_SELECTED | LVIS_FOCUSED);
    ListView_EnsureVisible(list, (int)row, FALSE);
    args[1] = (DWORD_PTR)row + 1;
    args[2] = st->audit.view_count;
    page_set_text_id(page->hwnd, IDC_AUDIT_STATUS, IDS_FIND_FOUND, args, 3);
    return true;
}

void app_page_audit_focus_find(app_page *page)
{
    HWND edit = GetDlgItem(page->hwnd, IDC_FIND_PORT);
    SendMessageW(GetAncestor(page->hwnd, GA_ROOT), WM_NEXTDLGCTL, (WPARAM)edit, TRUE);
    SendMessageW(edit, EM_SETSEL, 0, -1);
}
