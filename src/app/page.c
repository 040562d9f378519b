/* pasvports: what every page does the same way (see page.h): its window, dialog procedure,
 * layout, placement in a host, keyboard, help, and the control helpers the pages share.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "page_impl.h"

#include <commctrl.h>
#include <stdio.h>
#include <stdlib.h>

#include "resource.h"
#include "text.h"

void page_set_text_id(HWND hwnd, int control, UINT id, const DWORD_PTR *args, DWORD count)
{
    WCHAR *text = pasv_text_format(id, args, count);
    SetDlgItemTextW(hwnd, control, text ? text : L"");
    LocalFree(text);
}

void page_set_text_owned(HWND hwnd, int control, WCHAR *text)
{
    SetDlgItemTextW(hwnd, control, text ? text : L"");
    LocalFree(text);
}

void page_set_failure(HWND hwnd, int control, UINT what, HRESULT hr)
{
    page_set_text_owned(hwnd, control, pasv_text_failure(what, NULL, hr));
}

void page_enable(HWND hwnd, int control, bool on)
{
    EnableWindow(GetDlgItem(hwnd, control), on);
}

void page_show(HWND hwnd, int control, bool on)
{
    ShowWindow(GetDlgItem(hwnd, control), on ? SW_SHOWNA : SW_HIDE);
}

bool page_checked(HWND hwnd, int control)
{
    return IsDlgButtonChecked(hwnd, control) == BST_CHECKED;
}

void page_range_text(const pasv_range *range, WCHAR *out, int cap)
{
    char buf[PASV_RANGE_TEXT_MAX];
    pasv_range_format(range, buf, sizeof(buf));
    MultiByteToWideChar(CP_UTF8, 0, buf, -1, out, cap);
}

void page_fill_combo(HWND hwnd, int id, const UINT *ids, size_t count, int select)
{
    size_t i;
    for (i = 0; i < count; i++) {
        WCHAR *text = pasv_text_load(ids[i]);
        SendDlgItemMessageW(hwnd, id, CB_ADDSTRING, 0, (LPARAM)(text ? text : L"?"));
        LocalFree(text);
    }
    SendDlgItemMessageW(hwnd, id, CB_SETCURSEL, (WPARAM)select, 0);
}

UINT page_window_dpi(HWND hwnd)
{
    typedef UINT(WINAPI * get_dpi_fn)(HWND);
    get_dpi_fn get_dpi = (get_dpi_fn)(void *)GetProcAddress(GetModuleHandleW(L"user32.dll"), "GetDpiForWindow");
    UINT dpi = get_dpi ? get_dpi(hwnd) : 0;
    if (!dpi) {
        HDC dc = GetDC(hwnd);
        dpi = (UINT)GetDeviceCaps(dc, LOGPIXELSY);
        ReleaseDC(hwnd, dc);
    }
    return dpi ? dpi : 96;
}

UINT page_plural(UINT one, UINT many, unsigned long n)
{
    return n == 1 ? one : many;
}

void app_page_changed(app_page *page, int control)
{
    if (page->host.changed)
        page->host.changed(page->host.ctx, page, control);
}

HWND app_page_hwnd(const app_page *page)
{
    return page ? page->hwnd : NULL;
}

layout *app_page_layout(app_page *page)
{
    return &page->lay;
}

/* The page's own child that holds hwnd (the edit inside a combo box is the combo's). */
static HWND page_child_of(const app_page *page, HWND hwnd)
{
    while (hwnd && GetParent(hwnd) != page->hwnd)
        hwnd = GetParent(hwnd);
    return hwnd;
}

/* Columns fill the list without a horizontal bar. */
static void fit_lists(HWND hwnd)
{
    app_lists_fit_columns(GetDlgItem(hwnd, IDC_CHANGES_LIST));
    app_lists_fit_columns(GetDlgItem(hwnd, IDC_AUDIT_LIST));
}

static INT_PTR CALLBACK page_proc(HWND hwnd, UINT msg, WPARAM wparam, LPARAM lparam)
{
    app_page *page = (app_page *)GetWindowLongPtrW(hwnd, GWLP_USERDATA);

    if (msg == WM_INITDIALOG) {
        page = (app_page *)lparam;
        page->hwnd = hwnd;
        SetWindowLongPtrW(hwnd, GWLP_USERDATA, (LONG_PTR)page);
        page->dpi = page_window_dpi(hwnd);
        if (page->cls->init)
            page->cls->init(page);
        layout_init(&page->lay, hwnd, page->cls->rules, page->cls->rule_count);
        fit_lists(hwnd);
        return FALSE; /* the host decides where the focus goes */
    }
    if (!page)
        return FALSE;
    switch (msg) {
    case WM_COMMAND:
        if (page->cls->command)
            page->cls->command(page, LOWORD(wparam), HIWORD(wparam));
        return TRUE;
    case WM_NOTIFY:
        SetWindowLongPtrW(hwnd, DWLP_MSGRESULT, page->cls->notify ? page->cls->notify(page, (NMHDR *)lparam) : 0);
        return TRUE;
    case WM_DRAWITEM:
        return page->cls->draw && page->cls->draw(page, (const DRAWITEMSTRUCT *)lparam);
    case WM_HELP: {
        const HELPINFO *hi = (const HELPINFO *)lparam;
        if (hi->iContextType == HELPINFO_WINDOW && app_page_help(GetAncestor(hwnd, GA_ROOT), hi->iCtrlId))
            return TRUE;
        return FALSE; /* the host's general help */
    }
    case WM_SIZE:
        layout_apply(&page->lay);
        fit_lists(hwnd);
        return TRUE;
    case WM_DESTROY:
        if (page->cls->destroy)
            page->cls->destroy(page);
        return TRUE;
    case WM_NCDESTROY:
        SetWindowLongPtrW(hwnd, GWLP_USERDATA, 0);
        layout_cleanup(&page->lay);
        free(page->state);
        free(page);
        return FALSE;
    }
    return FALSE;
}

app_page *app_page_create(const app_page_class *cls, HINSTANCE res, HWND parent, const app_page_host *host)
{
    app_page *page = calloc(1, sizeof(*page));

    if (!page)
        return NULL;
    page->cls = cls;
    page->res = res;
    if (host)
        page->host = *host;
    page->state = calloc(1, cls->state_size ? cls->state_size : 1);
    if (!page->state) {
        free(page);
        return NULL;
    }
    if (!CreateDialogParamW(res, MAKEINTRESOURCEW(cls->template_id), parent, page_proc, (LPARAM)page)) {
        /* WM_NCDESTROY freed the page when the window existed for a moment; else it is ours. */
        if (!page->hwnd) {
            free(page->state);
            free(page);
        }
        return NULL;
    }
    return page;
}

void app_page_place(app_page *page, HWND placeholder)
{
    HWND parent = GetParent(placeholder);
    RECT rc;

    GetWindowRect(placeholder, &rc);
    MapWindowPoints(NULL, parent, (POINT *)&rc, 2);
    SetWindowLongPtrW(page->hwnd, GWLP_ID, GetDlgCtrlID(placeholder));
    /* After the placeholder in the z-order: the page's controls come where it was in the tab order. */
    SetWindowPos(page->hwnd, placeholder, rc.left, rc.top, rc.right - rc.left, rc.bottom - rc.top, SWP_NOACTIVATE);
    DestroyWindow(placeholder);
    layout_apply(&page->lay);
    fit_lists(page->hwnd);
    ShowWindow(page->hwnd, SW_SHOWNA);
}

bool app_page_translate(app_page *page, const MSG *msg)
{
    if (!page || !msg->hwnd || (msg->hwnd != page->hwnd && !IsChild(page->hwnd, msg->hwnd)))
        return false;
    if (msg->message == WM_KEYDOWN && msg->wParam == VK_F1 && GetKeyState(VK_CONTROL) >= 0
        && GetKeyState(VK_SHIFT) >= 0) {
        HWND ctl = page_child_of(page, msg->hwnd);
        if (ctl && app_page_help(GetAncestor(page->hwnd, GA_ROOT), GetDlgCtrlID(ctl)))
            return true;
    }
    return page->cls->key && page->cls->key(page, msg);
}

void app_page_rescale(app_page *page, UINT new_dpi, UINT old_dpi)
{
    if (!page || !old_dpi)
        return;
    layout_rescale(&page->lay, (int)new_dpi, (int)old_dpi);
    page->dpi = new_dpi;
    layout_apply(&page->lay);
}
