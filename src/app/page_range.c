/* pasvports: the range editor page: first and last port, validated as the user types (the
 * reason beside the fields, the sizing under them), and IIS 6's Enable Direct Metabase Edit.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "page_impl.h"

#include <commctrl.h>
#include <stdio.h>
#include <string.h>

#include "pasv/sizing.h"
#include "resource.h"
#include "resource_iis7.h"
#include "text.h"

typedef struct range_state {
    pasv_server_kind server;
    bool valid;
    pasv_range range;
    bool updating;    /* guard against EN_CHANGE while the page sets the fields itself */
} range_state;

static const layout_rule range_rules[] = {
    {IDC_RANGE_GROUP, 0, 0, 100, 0},
    {IDC_RANGE_STATUS, 0, 0, 100, 0},
    {IDC_SIZING, 0, 0, 100, 0},
    {IDC_EDIT_EXPLAIN, 0, 0, 100, 0},
    {IDC_FTPS_NOTE, 0, 0, 100, 0},
};

static void get_field(HWND hwnd, int id, char *out, int cap)
{
    WCHAR w[PASV_RANGE_MAX_INPUT + 2] = L"";
    GetDlgItemTextW(hwnd, id, w, (int)(sizeof(w) / sizeof(w[0])));
    if (!WideCharToMultiByte(CP_UTF8, 0, w, -1, out, cap, NULL, NULL))
        out[0] = 0;
}

static void set_fields(app_page *page, unsigned low, unsigned high)
{
    range_state *st = page->state;
    WCHAR wlow[8], whigh[8];

    swprintf(wlow, 8, L"%u", low);
    swprintf(whigh, 8, L"%u", high);
    st->updating = true;
    SetDlgItemTextW(page->hwnd, IDC_RANGE_LOW, wlow);
    SetDlgItemTextW(page->hwnd, IDC_RANGE_HIGH, whigh);
    st->updating = false;
}

/* "5001-5201" typed or pasted into either field: put each side in its own field. Only the
 * exact DIGITS-DIGITS shape is split; anything else stays and is explained. */
static bool split_pasted_range(app_page *page, int id)
{
    char text[PASV_RANGE_MAX_INPUT * 3 + 8];
    pasv_range r;
    const char *p;

    get_field(page->hwnd, id, text, (int)sizeof(text));
    p = strchr(text, '-');
    if (!p || p == text || strchr(p + 1, '-') || pasv_range_parse(text, &r) != PASV_RANGE_OK)
        return false;
    set_fields(page, r.low, r.high);
    return true;
}

/* A range typed for apply: the store's limits without "0-0" (pasv_range_limits_typed; IIS 7+:
 * 1025-65535, IIS 5/6: 5001-65535). *out is written only when valid. */
static pasv_range_error parse_typed(const char *text, pasv_server_kind server, pasv_range *out)
{
    pasv_range_limits lim = pasv_range_limits_typed(server);
    pasv_range r;
    pasv_range_error err = pasv_range_parse(text, &r);

    if (err == PASV_RANGE_OK)
        err = pasv_range_check(&r, &lim);
    if (err == PASV_RANGE_OK)
        *out = r;
    return err;
}

/* The text the core parses: a field holding a dash is the whole range on its own; otherwise
 * "low-high". An empty field is reported as empty rather than read as a single port. */
static pasv_range_error read_range(app_page *page, char *text, size_t cap, pasv_range *out)
{
    const range_state *st = page->state;
    char low[PASV_RANGE_MAX_INPUT * 3 + 8], high[PASV_RANGE_MAX_INPUT * 3 + 8];
    bool low_blank, high_blank;

    get_field(page->hwnd, IDC_RANGE_LOW, low, (int)sizeof(low));
    get_field(page->hwnd, IDC_RANGE_HIGH, high, (int)sizeof(high));
    low_blank = strspn(low, " \t") == strlen(low);
    high_blank = strspn(high, " \t") == strlen(high);
    if (strchr(low, '-'))
        snprintf(text, cap, "%s", low);
    else if (strchr(high, '-'))
        snprintf(text, cap, "%s", high);
    else if (low_blank || high_blank)
        return snprintf(text, cap, "%s", low_blank ? high : low), PASV_RANGE_EMPTY;
    else
        snprintf(text, cap, "%s-%s", low, high);
    return parse_typed(text, st->server, out);
}

static void validate_range(app_page *page)
{
    range_state *st = page->state;
    char text[(PASV_RANGE_MAX_INPUT * 3 + 8) * 2 + 2];
    WCHAR wtext[sizeof(text)];
    pasv_range range;
    pasv_range_error err = read_range(page, text, sizeof(text), &range);

    MultiByteToWideChar(CP_UTF8, 0, text, -1, wtext, (int)(sizeof(wtext) / sizeof(wtext[0])));
    st->valid = err == PASV_RANGE_OK;
    if (st->valid) {
        WCHAR wcanon[PASV_RANGE_TEXT_MAX];
        pasv_sizing sizing;
        DWORD_PTR args[3];

        st->range = range;
        page_range_text(&range, wcanon, PASV_RANGE_TEXT_MAX);
        args[0] = (DWORD_PTR)wcanon;
        page_set_text_id(page->hwnd, IDC_RANGE_STATUS, IDS_RANGE_VALID, args, 1);
        pasv_sizing_compute(&range, 0, &sizing);
        args[0] = sizing.ports;
        args[1] = sizing.concurrent;
        args[2] = sizing.per_minute;
        /* With pasvctl status's port-in-use warning, from the same function (lists.c, machine.c). */
        page_set_text_owned(page->hwnd, IDC_SIZING,
                            app_range_notes(&range, page_plural(IDS_SIZING_ONE_PORT, sizing.msg, sizing.ports), args));
    } else {
        WCHAR wmin[8], wmax[8];
        DWORD_PTR args[3] = {(DWORD_PTR)wtext, (DWORD_PTR)wmin, (DWORD_PTR)wmax};
        swprintf(wmin, 8, L"%u", (unsigned)pasv_range_server_min(st->server));
        swprintf(wmax, 8, L"%u", 65535u);
        page_set_text_id(page->hwnd, IDC_RANGE_STATUS, pasv_range_error_msg(err), args, 3);
        SetDlgItemTextW(page->hwnd, IDC_SIZING, L"");
    }
}

static void set_bounds(app_page *page)
{
    const range_state *st = page->state;
    SendDlgItemMessageW(page->hwnd, IDC_RANGE_LOW_SPIN, UDM_SETRANGE32, pasv_range_server_min(st->server), 65535);
    SendDlgItemMessageW(page->hwnd, IDC_RANGE_HIGH_SPIN, UDM_SETRANGE32, pasv_range_server_min(st->server), 65535);
}

static void range_init(app_page *page)
{
    range_state *st = page->state;

    st->server = PASV_SERVER_IIS6;
    set_bounds(page);
    SendDlgItemMessageW(page->hwnd, IDC_RANGE_LOW, EM_LIMITTEXT, PASV_RANGE_MAX_INPUT, 0);
    SendDlgItemMessageW(page->hwnd, IDC_RANGE_HIGH, EM_LIMITTEXT, PASV_RANGE_MAX_INPUT, 0);
    page_set_text_id(page->hwnd, IDC_EDIT_EXPLAIN, IDS_EDIT_EXPLAIN, NULL, 0);
    set_fields(page, 5001, 5201);
    validate_range(page);
}

static void range_command(app_page *page, int id, int code)
{
    const range_state *st = page->state;

    if ((id == IDC_RANGE_LOW || id == IDC_RANGE_HIGH) && code == EN_CHANGE && !st->updating) {
        split_pasted_range(page, id);
        validate_range(page);
        app_page_changed(page, id);
    } else if (id == IDC_EDIT_WHILE_RUNNING && code == BN_CLICKED) {
        app_page_changed(page, id);
    }
}

static const app_page_class range_class = {
    IDD_PAGE_RANGE, range_rules, sizeof(range_rules) / sizeof(range_rules[0]), sizeof(range_state),
    range_init, range_command, NULL, NULL, NULL, NULL,
};

app_page *app_page_range_create(HINSTANCE res, HWND parent, const app_page_host *host)
{
    return app_page_create(&range_class, res, parent, host);
}

bool app_page_range_get(const app_page *page, pasv_range *out)
{
    const range_state *st = page->state;
    if (st->valid && out)
        *out = st->range;
    return st->valid;
}

/* The sites whose TLS policy requires it on the control or the data channel (ftpsites.h: the
 * stored policy names SslRequire, SslRequireCredentialsOnly), as one sentence. */
static WCHAR *tls_sentence(const app_snapshot *s)
{
    WCHAR names[512] = L"";
    size_t i, n = 0;
    DWORD_PTR args[1] = {(DWORD_PTR)names};

    if (FAILED(s->sites_hr))
        return pasv_text_load(IDS_PG_TLS_UNKNOWN);
    for (i = 0; i < s->sites.count; i++) {
        const pasv_ftp_site *site = &s->sites.items[i];
        if (wcsncmp(site->control_ssl, L"SslRequire", 10) && wcsncmp(site->data_ssl, L"SslRequire", 10))
            continue;
        if (wcslen(names) + wcslen(site->name) + 3 < sizeof(names) / sizeof(names[0])) {
            if (n++)
                wcscat(names, L", ");
            wcscat(names, site->name);
        }
    }
    return n ? pasv_text_format(IDS_PG_TLS_REQUIRED, args, 1) : pasv_text_load(IDS_PG_TLS_NONE);
}

/* IIS 7+ has no metabase: the Direct Metabase Edit row gives its place to the FTPS note, with
 * the stateful FTP filter's Group Policy setting (ftprules.h) and the sites that require TLS. */
static void ftps_note(app_page *page, const app_snapshot *s)
{
    WCHAR *ftps = pasv_text_load(IDS_I7_FTPS_NOTE), *tls = tls_sentence(s);
    WCHAR *stateful = pasv_text_load(s->stateful_ftp > 0    ? IDS_PG_STATEFUL_ON
                                     : s->stateful_ftp == 0 ? IDS_PG_STATEFUL_OFF
                                                            : IDS_PG_STATEFUL_UNKNOWN);
    DWORD_PTR args[3] = {(DWORD_PTR)(ftps ? ftps : L""), (DWORD_PTR)(stateful ? stateful : L""),
                         (DWORD_PTR)(tls ? tls : L"")};

    page_set_text_id(page->hwnd, IDC_FTPS_NOTE, IDS_PG_FTPS_NOTE, args, 3);
    LocalFree(ftps);
    LocalFree(stateful);
    LocalFree(tls);
}

void app_page_range_snapshot(app_page *page, const app_snapshot *s, bool first)
{
    range_state *st = page->state;

    if (FAILED(s->open_hr))
        return;
    st->server = s->server;
    /* Enable Direct Metabase Edit: the real /LM value, or disabled with the reason. IIS 7+ has
     * no metabase: the box is hidden and the line under the range says what FTPS needs. */
    page_show(page->hwnd, IDC_EDIT_WHILE_RUNNING, s->env.ftp != PASV_FTP_IIS7);
    page_show(page->hwnd, IDC_EDIT_EXPLAIN, s->env.ftp != PASV_FTP_IIS7);
    page_show(page->hwnd, IDC_FTPS_NOTE, s->env.ftp == PASV_FTP_IIS7);
    if (s->env.ftp == PASV_FTP_IIS7) {
        CheckDlgButton(page->hwnd, IDC_EDIT_WHILE_RUNNING, BST_UNCHECKED);
        ftps_note(page, s);
    } else if (s->env.ftp != PASV_FTP_IIS6) {
        CheckDlgButton(page->hwnd, IDC_EDIT_WHILE_RUNNING, BST_UNCHECKED);
        page_set_text_id(page->hwnd, IDC_EDIT_EXPLAIN, IDS_EDIT_NOT_IIS6, NULL, 0);
    } else if (s->edit_while_running < 0) {
        CheckDlgButton(page->hwnd, IDC_EDIT_WHILE_RUNNING, BST_UNCHECKED);
        page_set_failure(page->hwnd, IDC_EDIT_EXPLAIN, IDS_WHAT_EDIT, FAILED(s->edit_hr) ? s->edit_hr : E_UNEXPECTED);
    } else {
        CheckDlgButton(page->hwnd, IDC_EDIT_WHILE_RUNNING, s->edit_while_running ? BST_CHECKED : BST_UNCHECKED);
        page_set_text_id(page->hwnd, IDC_EDIT_EXPLAIN, IDS_EDIT_EXPLAIN, NULL, 0);
    }
    /* The validation bounds may have changed with the detected server; the first read starts
     * from the configured range, if any. */
    set_bounds(page);
    if (first && s->range_set && SUCCEEDED(s->range_hr))
        set_fields(page, s->range.low, s->range.high);
    validate_range(page);
}

int app_page_range_edit_while_running(const app_page *page, const app_snapshot *s)
{
    if (!s || s->env.ftp != PASV_FTP_IIS6 || s->edit_while_running < 0)
        return -1;
    return page_checked(page->hwnd, IDC_EDIT_WHILE_RUNNING) ? 1 : 0;
}

void app_page_range_enable(app_page *page, bool idle, const app_snapshot *s)
{
    static const int fields[] = {IDC_RANGE_LOW, IDC_RANGE_LOW_SPIN, IDC_RANGE_HIGH, IDC_RANGE_HIGH_SPIN};
    size_t i;

    for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
        page_enable(page->hwnd, fields[i], idle);
    page_enable(page->hwnd, IDC_EDIT_WHILE_RUNNING,
                idle && s && s->env.ftp == PASV_FTP_IIS6 && s->edit_while_running >= 0);
}

void app_page_range_focus(app_page *page)
{
    HWND low = GetDlgItem(page->hwnd, IDC_RANGE_LOW);
    SendMessageW(GetAncestor(page->hwnd, GA_ROOT), WM_NEXTDLGCTL, (WPARAM)low, TRUE);
    SendMessageW(low, EM_SETSEL, 0, -1);
}
