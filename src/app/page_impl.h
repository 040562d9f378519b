/* pasvports: what the four pages share inside pasv_pages (not for hosts: they use page.h).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#ifndef PASV_APP_PAGE_IMPL_H
#define PASV_APP_PAGE_IMPL_H

#include "page.h"

#include <stddef.h>

/* One kind of page: its template, anchoring rules and handlers (any may be NULL). */
typedef struct app_page_class {
    int template_id;
    const layout_rule *rules;
    size_t rule_count;
    size_t state_size;          /* zeroed state the page's handlers reach through page->state */
    void (*init)(app_page *page);
    void (*command)(app_page *page, int id, int code);
    LRESULT (*notify)(app_page *page, NMHDR *nm);
    bool (*draw)(app_page *page, const DRAWITEMSTRUCT *di);
    bool (*key)(app_page *page, const MSG *msg); /* keys of the page's own beyond F1 */
    void (*destroy)(app_page *page);
} app_page_class;

struct app_page {
    HWND hwnd;
    HINSTANCE res;
    const app_page_class *cls;
    app_page_host host;
    layout lay;
    UINT dpi;
    void *state;
};

/* Creates the page window (hidden) and runs the class's init; NULL on failure. */
app_page *app_page_create(const app_page_class *cls, HINSTANCE res, HWND parent, const app_page_host *host);
void app_page_changed(app_page *page, int control);

/* Control helpers on the page's window. */
void page_set_text_id(HWND hwnd, int control, UINT id, const DWORD_PTR *args, DWORD count);
void page_set_text_owned(HWND hwnd, int control, WCHAR *text);
void page_set_failure(HWND hwnd, int control, UINT what, HRESULT hr);
void page_enable(HWND hwnd, int control, bool on);
void page_show(HWND hwnd, int control, bool on);
bool page_checked(HWND hwnd, int control);
void page_range_text(const pasv_range *range, WCHAR *out, int cap);
void page_fill_combo(HWND hwnd, int id, const UINT *ids, size_t count, int select);
UINT page_window_dpi(HWND hwnd);
/* one when n is 1, else many (English plural rule: the string tables hold both forms). */
UINT page_plural(UINT one, UINT many, unsigned long n);

#endif /* PASV_APP_PAGE_IMPL_H */
