/* pasvports: the status lines at the top of the main dialog: what the FTP server, its passive
 * range, the firewall and the audit are now, with a tooltip on any line too long to show whole.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "dlg_parts.h"

#include <commctrl.h>
#include <stdio.h>
#include <string.h>

#include "pasv/range.h"
#include "resource.h"
#include "resource_iis7.h"
#include "text.h"

static const int status_lines[] = {IDC_SERVER_TEXT, IDC_CURRENT_RANGE, IDC_FIREWALL_TEXT, IDC_AUDIT_TEXT};
#define TIP_PROP L"pasvports.status_tip"

static void set_id(HWND hwnd, int control, UINT id, const DWORD_PTR *args, DWORD count)
{
    WCHAR *text = pasv_text_format(id, args, count);
    SetDlgItemTextW(hwnd, control, text ? text : L"");
    LocalFree(text);
}

static void set_owned(HWND hwnd, int control, WCHAR *text)
{
    SetDlgItemTextW(hwnd, control, text ? text : L"");
    LocalFree(text);
}

static void set_failure(HWND hwnd, int control, UINT what, HRESULT hr)
{
    set_owned(hwnd, control, pasv_text_failure(what, NULL, hr));
}

static void range_text(const pasv_range *range, WCHAR *out, int cap)
{
    char buf[PASV_RANGE_TEXT_MAX];
    pasv_range_format(range, buf, sizeof(buf));
    MultiByteToWideChar(CP_UTF8, 0, buf, -1, out, cap);
}

void app_status_reading(HWND dialog, UINT id)
{
    size_t i;
    for (i = 0; i < sizeof(status_lines) / sizeof(status_lines[0]); i++)
        set_id(dialog, status_lines[i], id, NULL, 0);
    app_status_tips(dialog);
}

static void show_firewall(HWND dialog, const app_snapshot *s)
{
    WCHAR profiles[96], *on, *api, *gp = NULL, *line;
    UINT current;
    DWORD_PTR args[3];

    if (FAILED(s->firewall_hr) || FAILED(s->fw_state_hr)) {
        set_failure(dialog, IDC_FIREWALL_TEXT, IDS_WHAT_FIREWALL, FAILED(s->firewall_hr) ? s->firewall_hr : s->fw_state_hr);
        return;
    }
    current = s->fw_state.profiles_current ? s->fw_state.profiles_current : s->fw_state.profiles_all;
    /* Profile bits follow the primary API (legacy Domain/Standard unless the session runs on
     * the Vista+ policy); fw_state.rules_api only says a range rule can be added. */
    app_profile_names(current, s->env.fw_rules_api, profiles, 96);
    on = pasv_text_load((s->fw_state.profiles_enabled & current) ? IDS_FW_ON : IDS_FW_OFF);
    api = pasv_text_load(s->env.fw_rules_api ? IDS_ENV_FW_RULES : IDS_ENV_FW_LEGACY);
    args[0] = (DWORD_PTR)(on ? on : L"");
    args[1] = (DWORD_PTR)profiles;
    args[2] = (DWORD_PTR)(api ? api : L"");
    line = pasv_text_format(IDS_FW_STATE, args, 3);
    if (s->fw_state.gp_override)
        gp = pasv_text_load(IDS_FW_GP_OVERRIDE);
    if (line && gp) {
        size_t n = wcslen(line) + wcslen(gp) + 1;
        WCHAR *both = LocalAlloc(LMEM_FIXED, n * sizeof(WCHAR));
        if (both) {
            swprintf(both, n, L"%ls%ls", line, gp);
            LocalFree(line);
            line = both;
        }
    }
    set_owned(dialog, IDC_FIREWALL_TEXT, line);
    LocalFree(on);
    LocalFree(api);
    LocalFree(gp);
}

/* Server: "IIS 6.0 - FTP Publishing Service - running" (IIS 7+: env's name of the Microsoft FTP
 * Service), or why there is none (a 32-bit dialog on 64-bit Windows: env's reason). */
static void show_server(HWND dialog, const app_snapshot *s)
{
    static const UINT svc_ids[] = {IDS_SVC_UNKNOWN, IDS_SVC_STOPPED, IDS_SVC_START_PENDING, IDS_SVC_STOP_PENDING,
                                   IDS_SVC_RUNNING};
    WCHAR *kind, *state;
    DWORD_PTR args[2];

    if (s->env.ftp == PASV_FTP_NONE || (s->env.ftp == PASV_FTP_IIS7 && FAILED(s->env.ftp_hr))) {
        set_owned(dialog, IDC_SERVER_TEXT, pasv_text_load(s->env.ftp_reason));
        return;
    }
    if (FAILED(s->config_hr)) {
        set_failure(dialog, IDC_SERVER_TEXT,
                    s->env.ftp == PASV_FTP_IIS6 && !s->env.metabase ? IDS_ENV_METABASE_UNREACHABLE : IDS_WHAT_CONFIG,
                    s->config_hr);
        return;
    }
    kind = pasv_env_ftp_name(&s->env); /* IDS_ENV_FTP_IIS5, _IIS6, or IIS 7+ with its version (env.c) */
    if (SUCCEEDED(s->svc_state_hr) && (unsigned)s->svc_state <= PASV_SVC_RUNNING)
        state = pasv_text_load(svc_ids[s->svc_state]);
    else
        state = pasv_text_failure(IDS_WHAT_SERVICE, NULL, FAILED(s->service_hr) ? s->service_hr : s->svc_state_hr);
    args[0] = (DWORD_PTR)(kind ? kind : L"");
    args[1] = (DWORD_PTR)(state ? state : L"");
    set_id(dialog, IDC_SERVER_TEXT, IDS_SERVER_STATE, args, 2);
    LocalFree(kind);
    LocalFree(state);
}

/* Current range: "5001-5201", or "not set: Windows default 1025-5000" (IIS 7+: "not set:
 * Windows dynamic range 49152-65535", the machine's range FTPSVC then uses, as pasvctl status). */
static void show_range(HWND dialog, const app_snapshot *s)
{
    WCHAR r[PASV_RANGE_TEXT_MAX];
    DWORD_PTR args[1] = {(DWORD_PTR)r};

    if (FAILED(s->config_hr)) {
        set_failure(dialog, IDC_CURRENT_RANGE, IDS_WHAT_CONFIG, s->config_hr);
    } else if (FAILED(s->range_hr)) {
        set_failure(dialog, IDC_CURRENT_RANGE, IDS_WHAT_READ_RANGE, s->range_hr);
    } else if (s->range_set) {
        range_text(&s->range, r, PASV_RANGE_TEXT_MAX);
        SetDlgItemTextW(dialog, IDC_CURRENT_RANGE, r);
    } else {
        range_text(&s->dynamic_range, r, PASV_RANGE_TEXT_MAX); /* the machine's, as pasvctl status */
        set_id(dialog, IDC_CURRENT_RANGE,
               s->env.ftp == PASV_FTP_IIS7 ? IDS_I7_DLG_RANGE_NOT_SET : IDS_RANGE_CURRENT_DEFAULT, args, 1);
    }
}

void app_status_show(HWND dialog, const app_snapshot *s)
{
    if (FAILED(s->open_hr)) {
        set_failure(dialog, IDC_SERVER_TEXT, IDS_WHAT_SESSION, s->open_hr);
        set_failure(dialog, IDC_CURRENT_RANGE, IDS_WHAT_SESSION, s->open_hr);
        set_failure(dialog, IDC_FIREWALL_TEXT, IDS_WHAT_SESSION, s->open_hr);
    } else {
        show_server(dialog, s);
        show_range(dialog, s);
        show_firewall(dialog, s);
    }
    app_status_tips(dialog);
}

void app_status_audit(HWND dialog, const app_snapshot *s, const app_audit_view *av)
{
    if (!s)
        return;
    if (SUCCEEDED(s->open_hr) && SUCCEEDED(s->firewall_hr) && SUCCEEDED(s->fw_hr)) {
        if (av->valid) {
            const uint32_t *t = av->audit.totals;
            DWORD_PTR args[6] = {t[PASV_AUDIT_OPEN], pasv_range_count(&s->range), t[PASV_AUDIT_MISSING],
                                 t[PASV_AUDIT_STALE], t[PASV_AUDIT_FOREIGN], t[PASV_AUDIT_PARTIAL]};
            set_id(dialog, IDC_AUDIT_TEXT, PASV_MSG_AUDIT_SUMMARY, args, 6);
        } else {
            set_failure(dialog, IDC_AUDIT_TEXT, IDS_WHAT_LIST_FIREWALL, E_OUTOFMEMORY);
        }
    } else {
        HRESULT hr = FAILED(s->open_hr) ? s->open_hr : FAILED(s->firewall_hr) ? s->firewall_hr : s->fw_hr;
        WCHAR *why = pasv_text_failure(IDS_WHAT_LIST_FIREWALL, NULL, hr);
        DWORD_PTR args[1] = {(DWORD_PTR)(why ? why : L"")};
        set_id(dialog, IDC_AUDIT_TEXT, IDS_AUDIT_UNAVAILABLE, args, 1);
        LocalFree(why);
    }
    app_status_tips(dialog);
}

/* Whether the static's text, on one line in its font, is wider than the static. */
static bool text_cut(HWND ctl, const WCHAR *text)
{
    HDC dc = GetDC(ctl);
    HGDIOBJ old = SelectObject(dc, (HFONT)SendMessageW(ctl, WM_GETFONT, 0, 0));
    SIZE ext = {0, 0};
    RECT rc;

    GetTextExtentPoint32W(dc, text, (int)wcslen(text), &ext);
    SelectObject(dc, old);
    ReleaseDC(ctl, dc);
    GetClientRect(ctl, &rc);
    return ext.cx > rc.right;
}

void app_status_tips(HWND dialog)
{
    HWND tip = (HWND)GetPropW(dialog, TIP_PROP);
    size_t i;

    if (!tip) {
        tip = CreateWindowExW(WS_EX_TOPMOST, TOOLTIPS_CLASSW, NULL, WS_POPUP | TTS_ALWAYSTIP | TTS_NOPREFIX,
                              CW_USEDEFAULT, CW_USEDEFAULT, CW_USEDEFAULT, CW_USEDEFAULT, dialog, NULL,
                              (HINSTANCE)GetWindowLongPtrW(dialog, GWLP_HINSTANCE), NULL);
        if (!tip)
            return;
        SetPropW(dialog, TIP_PROP, tip); /* owned by the dialog: destroyed with it */
        SendMessageW(tip, TTM_SETMAXTIPWIDTH, 0, 600);
    }
    for (i = 0; i < sizeof(status_lines) / sizeof(status_lines[0]); i++) {
        HWND ctl = GetDlgItem(dialog, status_lines[i]);
        WCHAR text[1024] = L"";
        TTTOOLINFOW ti;

        if (!ctl)
            continue;
        GetWindowTextW(ctl, text, 1024);
        memset(&ti, 0, sizeof(ti));
        ti.cbSize = sizeof(ti);
        ti.uFlags = TTF_IDISHWND | TTF_SUBCLASS;
        ti.hwnd = dialog;
        ti.uId = (UINT_PTR)ctl;
        /* The line is SS_NOTIFY, else a static lets the mouse through and the tip never shows. */
        SendMessageW(tip, TTM_DELTOOLW, 0, (LPARAM)&ti);
        if (text[0] && text_cut(ctl, text)) {
            ti.lpszText = text; /* copied by the tooltip */
            SendMessageW(tip, TTM_ADDTOOLW, 0, (LPARAM)&ti);
        }
    }
}

void app_status_forget_tips(HWND dialog)
{
    RemovePropW(dialog, TIP_PROP);
}
