/* pasvports: the main dialog: range editor validated as the user types, with a sizing line.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * The dialog owns a context struct (allocated in WM_INITDIALOG, freed in WM_DESTROY); the
 * procedure only dispatches. All text comes from the string tables. */
#include "dlg_main.h"

#include <commctrl.h>
#include <stdio.h>
#include <stdlib.h>

#include "pasv/range.h"
#include "pasv/sizing.h"
#include "resource.h"
#include "text.h"

typedef struct main_dialog {
    HWND hwnd;
    pasv_server_kind server;
    bool range_valid;
    pasv_range range;
} main_dialog;

static void set_text_id(HWND hwnd, int control, UINT id, const DWORD_PTR *args, DWORD count)
{
    WCHAR *text = pasv_text_format(id, args, count);
    SetDlgItemTextW(hwnd, control, text ? text : L"");
    LocalFree(text);
}

/* The two fields as one range text: "5001-5201", or just one side when the other is empty. */
static void read_range_text(HWND hwnd, char *out, size_t cap)
{
    WCHAR low[PASV_RANGE_MAX_INPUT + 2] = L"", high[PASV_RANGE_MAX_INPUT + 2] = L"";
    char low8[PASV_RANGE_MAX_INPUT * 3 + 8] = "", high8[PASV_RANGE_MAX_INPUT * 3 + 8] = "";

    GetDlgItemTextW(hwnd, IDC_RANGE_LOW, low, (int)(sizeof(low) / sizeof(low[0])));
    GetDlgItemTextW(hwnd, IDC_RANGE_HIGH, high, (int)(sizeof(high) / sizeof(high[0])));
    WideCharToMultiByte(CP_UTF8, 0, low, -1, low8, (int)sizeof(low8), NULL, NULL);
    WideCharToMultiByte(CP_UTF8, 0, high, -1, high8, (int)sizeof(high8), NULL, NULL);
    if (high8[0] && low8[0])
        snprintf(out, cap, "%s-%s", low8, high8);
    else
        snprintf(out, cap, "%s", low8[0] ? low8 : high8);
}

static void validate(main_dialog *dlg)
{
    char text[(PASV_RANGE_MAX_INPUT * 3 + 8) * 2 + 2];
    WCHAR wtext[sizeof(text)];
    WCHAR wmin[8], wmax[8];
    pasv_range range;
    pasv_range_error err;

    read_range_text(dlg->hwnd, text, sizeof(text));
    err = pasv_range_parse_for(text, dlg->server, &range);
    MultiByteToWideChar(CP_UTF8, 0, text, -1, wtext, (int)(sizeof(wtext) / sizeof(wtext[0])));
    dlg->range_valid = err == PASV_RANGE_OK;
    if (dlg->range_valid) {
        char canon[PASV_RANGE_TEXT_MAX];
        WCHAR wcanon[PASV_RANGE_TEXT_MAX];
        pasv_sizing sizing;
        DWORD_PTR args[3];

        dlg->range = range;
        pasv_range_format(&range, canon, sizeof(canon));
        MultiByteToWideChar(CP_UTF8, 0, canon, -1, wcanon, PASV_RANGE_TEXT_MAX);
        args[0] = (DWORD_PTR)wcanon;
        set_text_id(dlg->hwnd, IDC_RANGE_STATUS, IDS_RANGE_VALID, args, 1);
        pasv_sizing_compute(&range, 0, &sizing);
        args[0] = sizing.ports;
        args[1] = sizing.concurrent;
        args[2] = sizing.per_minute;
        set_text_id(dlg->hwnd, IDC_SIZING, sizing.msg, args, 3);
    } else {
        DWORD_PTR args[3] = {(DWORD_PTR)wtext, (DWORD_PTR)wmin, (DWORD_PTR)wmax};
        swprintf(wmin, 8, L"%u", (unsigned)pasv_range_server_min(dlg->server));
        swprintf(wmax, 8, L"%u", 65535u);
        set_text_id(dlg->hwnd, IDC_RANGE_STATUS, pasv_range_error_msg(err), args, 3);
        SetDlgItemTextW(dlg->hwnd, IDC_SIZING, L"");
    }
}

static BOOL on_init(HWND hwnd, main_dialog *dlg)
{
    WCHAR *text;
    HICON icon;

    dlg->hwnd = hwnd;
    dlg->server = PASV_SERVER_IIS6;
    SetWindowLongPtrW(hwnd, GWLP_USERDATA, (LONG_PTR)dlg);

    icon = LoadIconW(GetModuleHandleW(NULL), MAKEINTRESOURCEW(IDI_PASVPORTS));
    SendMessageW(hwnd, WM_SETICON, ICON_BIG, (LPARAM)icon);
    SendMessageW(hwnd, WM_SETICON, ICON_SMALL, (LPARAM)icon);

    text = pasv_text_load(IDS_SERVER_NOT_DETECTED);
    SetDlgItemTextW(hwnd, IDC_SERVER_TEXT, text ? text : L"");
    LocalFree(text);

    SendDlgItemMessageW(hwnd, IDC_RANGE_LOW_SPIN, UDM_SETRANGE32, pasv_range_server_min(dlg->server), 65535);
    SendDlgItemMessageW(hwnd, IDC_RANGE_HIGH_SPIN, UDM_SETRANGE32, pasv_range_server_min(dlg->server), 65535);
    SendDlgItemMessageW(hwnd, IDC_RANGE_LOW, EM_LIMITTEXT, PASV_RANGE_MAX_INPUT, 0);
    SendDlgItemMessageW(hwnd, IDC_RANGE_HIGH, EM_LIMITTEXT, PASV_RANGE_MAX_INPUT, 0);
    SetDlgItemTextW(hwnd, IDC_RANGE_LOW, L"5001");
    SetDlgItemTextW(hwnd, IDC_RANGE_HIGH, L"5201");
    validate(dlg);
    return TRUE; /* focus on the first tab stop */
}

static INT_PTR CALLBACK main_dialog_proc(HWND hwnd, UINT msg, WPARAM wparam, LPARAM lparam)
{
    main_dialog *dlg = (main_dialog *)GetWindowLongPtrW(hwnd, GWLP_USERDATA);

    switch (msg) {
    case WM_INITDIALOG:
        return on_init(hwnd, (main_dialog *)lparam);
    case WM_COMMAND:
        switch (LOWORD(wparam)) {
        case IDC_RANGE_LOW:
        case IDC_RANGE_HIGH:
            if (HIWORD(wparam) == EN_CHANGE && dlg)
                validate(dlg);
            return TRUE;
        case IDCANCEL:
            EndDialog(hwnd, IDCANCEL);
            return TRUE;
        }
        break;
    }
    return FALSE;
}

INT_PTR pasv_main_dialog_run(HINSTANCE instance)
{
    main_dialog dlg = {0};
    return DialogBoxParamW(instance, MAKEINTRESOURCEW(IDD_MAIN), NULL, main_dialog_proc, (LPARAM)&dlg);
}
