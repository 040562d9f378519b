/* pasvports: the main dialog: what the server and firewall hold now, the range editor validated
 * as the user types, options, the plan before anything changes, progress of a run, the audit.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * The dialog owns a context struct (allocated in WM_INITDIALOG, freed in WM_DESTROY) and every
 * control; the worker (worker.c) owns the session and only posts records. Plans are built here
 * from the worker's snapshot with the portable core, so the preview is exactly what is applied. */
#include "dlg_main.h"

#include <commctrl.h>
#include <commdlg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guard.h"
#include "layout.h"
#include "lists.h"
#include "pasv/addr.h"
#include "pasv/audit.h"
#include "pasv/range.h"
#include "pasv/sizing.h"
#include "resource.h"
#include "safe.h"
#include "text.h"
#include "worker.h"

#define IDT_REPAINT 1
#define REPAINT_MS 50
#define SETTINGS_KEY L"Software\\pasvports"

typedef struct main_dialog {
    HWND hwnd;
    app_worker *worker;
    app_snapshot *snap;           /* latest snapshot from the worker (NULL while reading) */
    bool first_snapshot_seen;
    pasv_server_kind server;
    pasv_app_phase phase;
    bool snapshot_pending;        /* a run finished; its fresh snapshot has not arrived yet */
    bool close_after;             /* Close was confirmed during a run */

    bool range_valid;
    pasv_range range;
    bool scope_valid;
    bool updating_fields;         /* guard against EN_CHANGE while we set the fields ourselves */
    bool can_apply;

    pasv_plan *preview;           /* built here; handed to the worker on Apply */
    unsigned plan_serial;         /* counts rebuilds: a plan replaced while Apply asked is not applied */
    app_rows rows;                /* what the Changes list shows */
    bool rows_are_results;        /* rows show a run; keep them until the user edits */
    bool rows_dirty;
    bool offered_retry;

    app_audit_view audit;
    bool view_audit;

    layout lay;
    UINT dpi;
    HIMAGELIST images;
    app_unfinished *recovery;     /* an interrupted run waits: Apply off, finish/undo offered */
    bool audit_dirty;             /* a snapshot arrived: the audit is rebuilt with the plan */
} main_dialog;

/* Controls that stretch or move when the dialog grows: info lines and groups stretch across,
 * the list takes the extra height, everything under the list moves down, the command buttons
 * on the right move right. */
static const layout_rule layout_rules[] = {
    {IDC_SERVER_TEXT, 0, 0, 100, 0},
    {IDC_CURRENT_RANGE, 0, 0, 100, 0},
    {IDC_FIREWALL_TEXT, 0, 0, 100, 0},
    {IDC_AUDIT_TEXT, 0, 0, 100, 0},
    {IDC_RANGE_GROUP, 0, 0, 100, 0},
    {IDC_RANGE_STATUS, 0, 0, 100, 0},
    {IDC_SIZING, 0, 0, 100, 0},
    {IDC_EDIT_EXPLAIN, 0, 0, 100, 0},
    {IDC_OPTIONS_GROUP, 0, 0, 100, 0},
    {IDC_MODE_NOTE, 0, 0, 100, 0},
    {IDC_REMOTE, 0, 0, 100, 0},
    {IDC_SCOPE_STATUS, 0, 0, 100, 0},
    {IDC_RESTART_NOTE, 0, 0, 100, 0},
    {IDC_FIREWALL_WARNING, 0, 0, 100, 0},
    {IDC_PLAN_TEXT, 0, 0, 100, 0},
    {IDC_CHANGES_LIST, 0, 0, 100, 100},
    {IDC_AUDIT_LIST, 0, 0, 100, 100},
    {IDC_PROGRESS, 0, 100, 50, 0},
    {IDC_COUNTS, 50, 100, 50, 0},
    {IDC_LEGEND, 0, 100, 100, 0},
    {IDC_SUMMARY, 0, 100, 100, 0},
    {IDC_ROLLBACK, 0, 100, 0, 0},
    {IDC_KEEP, 0, 100, 0, 0},
    {IDC_RETRY, 0, 100, 0, 0},
    {IDC_HELP_BUTTON, 100, 100, 0, 0},
    {IDC_PREVIEW, 100, 100, 0, 0},
    {IDOK, 100, 100, 0, 0},
    {IDC_STOP, 100, 100, 0, 0},
    {IDCANCEL, 100, 100, 0, 0},
};

/* Inputs that are locked while a run is in progress or waiting for a decision. */
static const int input_controls[] = {
    IDC_RANGE_LOW, IDC_RANGE_LOW_SPIN, IDC_RANGE_HIGH, IDC_RANGE_HIGH_SPIN, IDC_EDIT_WHILE_RUNNING,
    IDC_MODE_PER_PORT, IDC_MODE_RULE, IDC_SCOPE, IDC_REMOTE, IDC_REMOVE_STALE, IDC_RESTART,
    IDC_ENABLE_FIREWALL,
};

static void set_text_id(HWND hwnd, int control, UINT id, const DWORD_PTR *args, DWORD count)
{
    WCHAR *text = pasv_text_format(id, args, count);
    SetDlgItemTextW(hwnd, control, text ? text : L"");
    LocalFree(text);
}

static void set_text_owned(HWND hwnd, int control, WCHAR *text)
{
    SetDlgItemTextW(hwnd, control, text ? text : L"");
    LocalFree(text);
}

static void set_failure(HWND hwnd, int control, UINT what, HRESULT hr)
{
    set_text_owned(hwnd, control, pasv_text_failure(what, NULL, hr));
}

static void enable(HWND hwnd, int control, bool on)
{
    EnableWindow(GetDlgItem(hwnd, control), on);
}

static void show(HWND hwnd, int control, bool on)
{
    ShowWindow(GetDlgItem(hwnd, control), on ? SW_SHOWNA : SW_HIDE);
}

static bool checked(HWND hwnd, int control)
{
    return IsDlgButtonChecked(hwnd, control) == BST_CHECKED;
}

static void range_text_w(const pasv_range *range, WCHAR *out, int cap)
{
    char buf[PASV_RANGE_TEXT_MAX];
    pasv_range_format(range, buf, sizeof(buf));
    MultiByteToWideChar(CP_UTF8, 0, buf, -1, out, cap);
}

/* ---- the range editor ---- */

static void get_field(HWND hwnd, int id, char *out, int cap)
{
    WCHAR w[PASV_RANGE_MAX_INPUT + 2] = L"";
    GetDlgItemTextW(hwnd, id, w, (int)(sizeof(w) / sizeof(w[0])));
    if (!WideCharToMultiByte(CP_UTF8, 0, w, -1, out, cap, NULL, NULL))
        out[0] = 0;
}

/* "5001-5201" typed or pasted into either field: put each side in its own field. Only the
 * exact DIGITS-DIGITS shape is split; anything else stays and is explained. */
static bool split_pasted_range(main_dialog *dlg, int id)
{
    char text[PASV_RANGE_MAX_INPUT * 3 + 8];
    pasv_range r;
    const char *p;
    WCHAR low[8], high[8];

    get_field(dlg->hwnd, id, text, (int)sizeof(text));
    p = strchr(text, '-');
    if (!p || p == text || strchr(p + 1, '-') || pasv_range_parse(text, &r) != PASV_RANGE_OK)
        return false;
    swprintf(low, 8, L"%u", (unsigned)r.low);
    swprintf(high, 8, L"%u", (unsigned)r.high);
    dlg->updating_fields = true;
    SetDlgItemTextW(dlg->hwnd, IDC_RANGE_LOW, low);
    SetDlgItemTextW(dlg->hwnd, IDC_RANGE_HIGH, high);
    dlg->updating_fields = false;
    return true;
}

/* The text the core parses: a field holding a dash is the whole range on its own; otherwise
 * "low-high". An empty field is reported as empty rather than read as a single port. */
static pasv_range_error read_range(main_dialog *dlg, char *text, size_t cap, pasv_range *out)
{
    char low[PASV_RANGE_MAX_INPUT * 3 + 8], high[PASV_RANGE_MAX_INPUT * 3 + 8];
    bool low_blank, high_blank;

    get_field(dlg->hwnd, IDC_RANGE_LOW, low, (int)sizeof(low));
    get_field(dlg->hwnd, IDC_RANGE_HIGH, high, (int)sizeof(high));
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
    return pasv_range_parse_for(text, dlg->server, out);
}

static void validate_range(main_dialog *dlg)
{
    char text[(PASV_RANGE_MAX_INPUT * 3 + 8) * 2 + 2];
    WCHAR wtext[sizeof(text)];
    pasv_range range;
    pasv_range_error err = read_range(dlg, text, sizeof(text), &range);

    MultiByteToWideChar(CP_UTF8, 0, text, -1, wtext, (int)(sizeof(wtext) / sizeof(wtext[0])));
    dlg->range_valid = err == PASV_RANGE_OK;
    if (dlg->range_valid) {
        WCHAR wcanon[PASV_RANGE_TEXT_MAX];
        pasv_sizing sizing;
        DWORD_PTR args[3];

        dlg->range = range;
        range_text_w(&range, wcanon, PASV_RANGE_TEXT_MAX);
        args[0] = (DWORD_PTR)wcanon;
        set_text_id(dlg->hwnd, IDC_RANGE_STATUS, IDS_RANGE_VALID, args, 1);
        pasv_sizing_compute(&range, 0, &sizing);
        args[0] = sizing.ports;
        args[1] = sizing.concurrent;
        args[2] = sizing.per_minute;
        set_text_owned(dlg->hwnd, IDC_SIZING, app_range_notes(&range, sizing.msg, args));
    } else {
        WCHAR wmin[8], wmax[8];
        DWORD_PTR args[3] = {(DWORD_PTR)wtext, (DWORD_PTR)wmin, (DWORD_PTR)wmax};
        swprintf(wmin, 8, L"%u", (unsigned)pasv_range_server_min(dlg->server));
        swprintf(wmax, 8, L"%u", 65535u);
        set_text_id(dlg->hwnd, IDC_RANGE_STATUS, pasv_range_error_msg(err), args, 3);
        SetDlgItemTextW(dlg->hwnd, IDC_SIZING, L"");
    }
}

/* ---- scope ---- */

/* The address list through the core's validator (the one pasvctl --scope uses): the reason
 * and the item when refused, the canonical list in remote (PASV_ADDR_TEXT_MAX bytes) when not. */
static void validate_scope(main_dialog *dlg, char *remote, size_t cap)
{
    int scope = (int)SendDlgItemMessageW(dlg->hwnd, IDC_SCOPE, CB_GETCURSEL, 0, 0);
    WCHAR wremote[PASV_ADDR_INPUT_MAX + 2], item[48];
    char text[(PASV_ADDR_INPUT_MAX + 2) * 3];
    pasv_addr_result res;
    pasv_addr_api api;

    remote[0] = 0;
    enable(dlg->hwnd, IDC_REMOTE, scope == PASV_SCOPE_CUSTOM && dlg->phase == PASV_APP_IDLE);
    enable(dlg->hwnd, IDC_REMOTE_LABEL, scope == PASV_SCOPE_CUSTOM);
    if (scope != PASV_SCOPE_CUSTOM) {
        dlg->scope_valid = true;
        set_text_id(dlg->hwnd, IDC_SCOPE_STATUS, IDS_CUSTOM_NOT_SELECTED, NULL, 0);
        return;
    }
    GetDlgItemTextW(dlg->hwnd, IDC_REMOTE, wremote, (int)(sizeof(wremote) / sizeof(wremote[0])));
    if (!WideCharToMultiByte(CP_UTF8, 0, wremote, -1, text, (int)sizeof(text), NULL, NULL))
        text[0] = 0;
    /* Vista+ accepts IPv6, ranges and the other keywords in either API; XP/2003 does not. */
    api = dlg->snap && dlg->snap->env.fw_rules_api ? PASV_ADDR_RULES : PASV_ADDR_LEGACY;
    dlg->scope_valid = pasv_addr_parse(text, api, remote, cap, &res);
    if (dlg->scope_valid) {
        set_text_id(dlg->hwnd, IDC_SCOPE_STATUS, IDS_SCOPE_OK, NULL, 0);
        return;
    }
    {
        char *bad = malloc(res.item_len + 1);
        DWORD_PTR args[2] = {(DWORD_PTR)item, res.limit};
        if (bad) {
            memcpy(bad, text + res.item_off, res.item_len);
            bad[res.item_len] = 0;
        }
        app_text_fit(bad ? bad : "", item, sizeof(item) / sizeof(item[0]));
        free(bad);
        set_text_id(dlg->hwnd, IDC_SCOPE_STATUS, res.msg, args, 2);
    }
}

/* ---- plan and buttons ---- */

static bool server_usable(const main_dialog *dlg)
{
    return dlg->snap && SUCCEEDED(dlg->snap->open_hr) && SUCCEEDED(dlg->snap->config_hr);
}

static bool firewall_usable(const main_dialog *dlg)
{
    return dlg->snap && SUCCEEDED(dlg->snap->firewall_hr) && SUCCEEDED(dlg->snap->fw_hr)
           && SUCCEEDED(dlg->snap->fw_state_hr);
}

static void update_buttons(main_dialog *dlg)
{
    bool idle = dlg->phase == PASV_APP_IDLE, running = dlg->phase == PASV_APP_RUNNING;
    bool deciding = dlg->phase == PASV_APP_DECIDE;
    size_t i;

    for (i = 0; i < sizeof(input_controls) / sizeof(input_controls[0]); i++) {
        int id = input_controls[i];
        bool on = idle;
        if (id == IDC_EDIT_WHILE_RUNNING)
            on = idle && dlg->snap && dlg->snap->env.ftp == PASV_FTP_IIS6 && dlg->snap->edit_while_running >= 0;
        else if (id == IDC_MODE_RULE)
            on = idle && firewall_usable(dlg) && dlg->snap->fw_state.rules_api;
        else if (id == IDC_MODE_PER_PORT || id == IDC_SCOPE || id == IDC_REMOVE_STALE)
            on = idle && firewall_usable(dlg);
        else if (id == IDC_REMOTE)
            on = idle && firewall_usable(dlg)
                 && SendDlgItemMessageW(dlg->hwnd, IDC_SCOPE, CB_GETCURSEL, 0, 0) == PASV_SCOPE_CUSTOM;
        else if (id == IDC_ENABLE_FIREWALL)
            on = idle && firewall_usable(dlg)
                 && (dlg->snap->fw_state.profiles_enabled & dlg->snap->fw_state.profiles_all)
                        != dlg->snap->fw_state.profiles_all;
        else if (id == IDC_RESTART)
            on = idle && dlg->snap && SUCCEEDED(dlg->snap->service_hr) && !dlg->snap->keep_stopped;
        enable(dlg->hwnd, id, on);
    }
    enable(dlg->hwnd, IDOK, idle && dlg->can_apply && !dlg->snapshot_pending && !dlg->recovery);
    enable(dlg->hwnd, IDC_PREVIEW, idle && dlg->preview != NULL);
    enable(dlg->hwnd, IDC_STOP, running);
    show(dlg->hwnd, IDC_ROLLBACK, deciding);
    show(dlg->hwnd, IDC_KEEP, deciding);
    show(dlg->hwnd, IDC_RETRY, deciding && dlg->offered_retry);
    enable(dlg->hwnd, IDC_ROLLBACK, deciding);
    enable(dlg->hwnd, IDC_KEEP, deciding);
    enable(dlg->hwnd, IDC_RETRY, deciding && dlg->offered_retry);
    if (dlg->recovery && idle) { /* Undo / Finish the interrupted run */
        show(dlg->hwnd, IDC_ROLLBACK, true);
        show(dlg->hwnd, IDC_RETRY, true);
        enable(dlg->hwnd, IDC_ROLLBACK, !dlg->snapshot_pending);
        enable(dlg->hwnd, IDC_RETRY, !dlg->snapshot_pending);
    }
    /* The default button must not be a disabled one, or Enter does nothing visible; and never
     * Apply: Enter while editing shows the plan (issue 12). */
    SendMessageW(dlg->hwnd, DM_SETDEFID, idle ? IDC_PREVIEW : (deciding ? IDC_KEEP : IDC_STOP), 0);
}

static void set_rows_from_plan(main_dialog *dlg, const pasv_plan *plan)
{
    app_rows_set(&dlg->rows, plan);
    dlg->rows_are_results = false;
    ListView_SetItemCountEx(GetDlgItem(dlg->hwnd, IDC_CHANGES_LIST), (int)dlg->rows.count, 0);
    InvalidateRect(GetDlgItem(dlg->hwnd, IDC_CHANGES_LIST), NULL, TRUE);
}

static void update_audit(main_dialog *dlg, const char *remote);

/* Rebuilds the plan from the input and the snapshot; shows it as a sentence (and as rows
 * unless the list is showing a finished run the user has not moved on from). */
static void rebuild_plan(main_dialog *dlg, bool user_edit)
{
    char remote[PASV_ADDR_TEXT_MAX];
    pasv_options opt;
    pasv_current cur;
    pasv_plan *plan = NULL;
    pasv_hr hr;

    validate_scope(dlg, remote, sizeof(remote));
    update_audit(dlg, remote);
    dlg->plan_serial++;
    pasv_plan_free(dlg->preview);
    dlg->preview = NULL;
    dlg->can_apply = false;
    if (user_edit && dlg->phase == PASV_APP_IDLE)
        dlg->rows_are_results = false;

    if (!dlg->snap) {
        set_text_id(dlg->hwnd, IDC_PLAN_TEXT, IDS_STILL_READING, NULL, 0);
    } else if (!server_usable(dlg)) {
        set_text_id(dlg->hwnd, IDC_PLAN_TEXT, IDS_NO_SERVER_APPLY, NULL, 0);
    } else if (!dlg->snap->env.elevated) {
        set_text_id(dlg->hwnd, IDC_PLAN_TEXT, IDS_NOT_ELEVATED_APPLY, NULL, 0);
    } else if (!dlg->range_valid) {
        set_text_id(dlg->hwnd, IDC_PLAN_TEXT, IDS_PLAN_INVALID, NULL, 0);
    } else if (!dlg->scope_valid) {
        SetDlgItemTextW(dlg->hwnd, IDC_PLAN_TEXT, L"");
    } else {
        pasv_options_init(&opt, dlg->server);
        opt.range = dlg->range;
        opt.prefix = dlg->snap->prefix[0] ? dlg->snap->prefix : NULL;
        opt.mode = checked(dlg->hwnd, IDC_MODE_RULE) ? PASV_MODE_RANGE_RULE : PASV_MODE_PER_PORT;
        opt.scope = (pasv_scope)SendDlgItemMessageW(dlg->hwnd, IDC_SCOPE, CB_GETCURSEL, 0, 0);
        opt.remote = opt.scope == PASV_SCOPE_CUSTOM ? remote : NULL;
        opt.remove_stale = checked(dlg->hwnd, IDC_REMOVE_STALE);
        /* A stopped (or disabled) service stays so, as pasvctl leaves it (src/win/preflight.c). */
        opt.restart_service = checked(dlg->hwnd, IDC_RESTART) && SUCCEEDED(dlg->snap->service_hr)
                              && !dlg->snap->keep_stopped;
        opt.enable_firewall = checked(dlg->hwnd, IDC_ENABLE_FIREWALL);
        /* The GUI decides after a failure (roll back / keep / retry), so the engine continues. */
        opt.on_error = PASV_ON_ERROR_CONTINUE;
        opt.skip_firewall = !firewall_usable(dlg);
        if (dlg->snap->env.ftp == PASV_FTP_IIS6 && dlg->snap->edit_while_running >= 0) {
            int want = checked(dlg->hwnd, IDC_EDIT_WHILE_RUNNING) ? 1 : 0;
            opt.edit_while_running = want != dlg->snap->edit_while_running ? want : -1;
        }
        memset(&cur, 0, sizeof(cur));
        cur.range = dlg->snap->range;
        cur.range_set = dlg->snap->range_set;
        cur.fw = opt.skip_firewall ? NULL : &dlg->snap->fw;
        cur.fw_state = opt.mode == PASV_MODE_RANGE_RULE ? dlg->snap->fw_state_rules : dlg->snap->fw_state;
        cur.edit_while_running = dlg->snap->edit_while_running;
        hr = pasv_plan_build(&opt, &cur, &plan);
        if (PASV_FAILED(hr) || !plan) {
            set_failure(dlg->hwnd, IDC_PLAN_TEXT, IDS_PLAN_INVALID, hr);
        } else {
            pasv_plan_counts c;
            WCHAR wrange[PASV_RANGE_TEXT_MAX], n[4][12];
            DWORD_PTR args[5] = {(DWORD_PTR)wrange, (DWORD_PTR)n[0], (DWORD_PTR)n[1], (DWORD_PTR)n[2],
                                 (DWORD_PTR)n[3]};
            pasv_plan_count(plan, &c);
            range_text_w(&dlg->range, wrange, PASV_RANGE_TEXT_MAX);
            /* The plan sentence takes plain %n inserts: pass every count as text. */
            swprintf(n[0], 12, L"%u", (unsigned)(c.open + c.rules_put));
            swprintf(n[1], 12, L"%u", (unsigned)c.keep);
            swprintf(n[2], 12, L"%u", (unsigned)(c.stale + c.rules_removed));
            swprintf(n[3], 12, L"%u", (unsigned)c.foreign);
            dlg->preview = plan;
            if (pasv_plan_is_noop(plan)) {
                set_text_id(dlg->hwnd, IDC_PLAN_TEXT, IDS_PLAN_NOOP, NULL, 0);
            } else if (opt.skip_firewall) {
                WCHAR *why = pasv_text_system(dlg->snap->firewall_hr != S_OK ? dlg->snap->firewall_hr
                                                                              : dlg->snap->fw_hr);
                DWORD_PTR a[1] = {(DWORD_PTR)(why ? why : L"")};
                set_text_id(dlg->hwnd, IDC_PLAN_TEXT, IDS_FW_UNUSABLE_PLAN, a, 1);
                LocalFree(why);
                dlg->can_apply = true;
            } else {
                set_text_id(dlg->hwnd, IDC_PLAN_TEXT, PASV_MSG_SUMMARY_PLAN, args, 5);
                dlg->can_apply = true;
            }
        }
    }
    if (!dlg->rows_are_results && dlg->phase == PASV_APP_IDLE) {
        if (dlg->preview)
            set_rows_from_plan(dlg, dlg->preview);
        else {
            app_rows_clear(&dlg->rows);
            ListView_SetItemCountEx(GetDlgItem(dlg->hwnd, IDC_CHANGES_LIST), 0, 0);
        }
        SendDlgItemMessageW(dlg->hwnd, IDC_PROGRESS, PBM_SETPOS, 0, 0);
        SetDlgItemTextW(dlg->hwnd, IDC_COUNTS, L"");
    }
    update_buttons(dlg);
}

/* ---- the snapshot (what is there now) ---- */

/* The inputs were disabled while reading, which took the focus from the first port (the dialog
 * manager then gave it to the first enabled tab stop, the Changes toggle): give it back unless
 * the user has put it somewhere. */
static void focus_first_port(main_dialog *dlg)
{
    HWND focus = GetFocus(), low = GetDlgItem(dlg->hwnd, IDC_RANGE_LOW);

    if (!IsWindowEnabled(low))
        return;
    if (focus && focus != low && focus != GetDlgItem(dlg->hwnd, IDC_VIEW_CHANGES) && IsChild(dlg->hwnd, focus))
        return;
    SendMessageW(dlg->hwnd, WM_NEXTDLGCTL, (WPARAM)low, TRUE);
    SendMessageW(low, EM_SETSEL, 0, -1);
}

static void show_firewall(main_dialog *dlg)
{
    const app_snapshot *s = dlg->snap;
    WCHAR profiles[96], *on, *api, *gp = NULL, *line;
    UINT current;
    DWORD_PTR args[3];

    if (FAILED(s->firewall_hr)) {
        set_failure(dlg->hwnd, IDC_FIREWALL_TEXT, IDS_WHAT_FIREWALL, s->firewall_hr);
        return;
    }
    if (FAILED(s->fw_state_hr)) {
        set_failure(dlg->hwnd, IDC_FIREWALL_TEXT, IDS_WHAT_FIREWALL, s->fw_state_hr);
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
    set_text_owned(dlg->hwnd, IDC_FIREWALL_TEXT, line);
    LocalFree(on);
    LocalFree(api);
    LocalFree(gp);

    /* Warnings next to the options that depend on the firewall. */
    if ((s->fw_state.profiles_enabled & s->fw_state.profiles_all) != s->fw_state.profiles_all) {
        WCHAR off[96];
        DWORD_PTR a[1] = {(DWORD_PTR)off};
        app_profile_names(s->fw_state.profiles_all & ~s->fw_state.profiles_enabled, s->env.fw_rules_api, off, 96);
        set_text_id(dlg->hwnd, IDC_FIREWALL_WARNING, IDS_FW_OFF_WARNING, a, 1);
    } else {
        set_text_id(dlg->hwnd, IDC_FIREWALL_WARNING, IDS_FW_ON_ALREADY, NULL, 0);
    }
    set_text_id(dlg->hwnd, IDC_MODE_NOTE, s->fw_state.rules_api ? IDS_RULES_AVAILABLE : IDS_RULES_NOT_AVAILABLE,
                NULL, 0);
}

static void show_audit(main_dialog *dlg, const app_audit_want *want)
{
    const app_snapshot *s = dlg->snap;
    HWND list = GetDlgItem(dlg->hwnd, IDC_AUDIT_LIST);

    if (SUCCEEDED(s->open_hr) && SUCCEEDED(s->firewall_hr) && SUCCEEDED(s->fw_hr)) {
        if (app_audit_build(&dlg->audit, &s->range, &s->fw, want)) {
            const uint32_t *t = dlg->audit.audit.totals;
            DWORD_PTR args[6] = {t[PASV_AUDIT_OPEN], pasv_range_count(&s->range), t[PASV_AUDIT_MISSING],
                                 t[PASV_AUDIT_STALE], t[PASV_AUDIT_FOREIGN], t[PASV_AUDIT_PARTIAL]};
            set_text_id(dlg->hwnd, IDC_AUDIT_TEXT, PASV_MSG_AUDIT_SUMMARY, args, 6);
        } else {
            set_failure(dlg->hwnd, IDC_AUDIT_TEXT, IDS_WHAT_LIST_FIREWALL, E_OUTOFMEMORY);
        }
    } else {
        HRESULT hr = FAILED(s->open_hr) ? s->open_hr : FAILED(s->firewall_hr) ? s->firewall_hr : s->fw_hr;
        WCHAR *why = pasv_text_failure(IDS_WHAT_LIST_FIREWALL, NULL, hr);
        DWORD_PTR args[1] = {(DWORD_PTR)(why ? why : L"")};
        set_text_id(dlg->hwnd, IDC_AUDIT_TEXT, IDS_AUDIT_UNAVAILABLE, args, 1);
        LocalFree(why);
        app_audit_clear(&dlg->audit);
    }
    app_audit_filter(&dlg->audit, (int)SendDlgItemMessageW(dlg->hwnd, IDC_FILTER, CB_GETCURSEL, 0, 0));
    ListView_SetItemCountEx(list, (int)dlg->audit.view_count, 0);
    InvalidateRect(list, NULL, TRUE);
}

/* The audit judges each port against what Apply would write: the mode's target profiles and the
 * scope chosen here (issue 11 item 4), as the plan does; rebuilt when either or the snapshot changes. */
static void update_audit(main_dialog *dlg, const char *remote)
{
    const app_snapshot *s = dlg->snap;
    bool rule = checked(dlg->hwnd, IDC_MODE_RULE) && SUCCEEDED(s ? s->fw_state_rules_hr : E_FAIL);
    app_audit_want want;

    if (!s)
        return;
    want.scope = dlg->scope_valid ? (int)SendDlgItemMessageW(dlg->hwnd, IDC_SCOPE, CB_GETCURSEL, 0, 0) : -1;
    want.target = SUCCEEDED(s->fw_state_hr) ? (rule ? s->fw_state_rules : s->fw_state).profiles_all : 0;
    snprintf(want.remote, sizeof(want.remote), "%s", want.scope == PASV_SCOPE_CUSTOM ? remote : "");
    want.rules_bits = rule; /* the bits target speaks in name the profiles (as pasvctl) */
    want.ineffective = SUCCEEDED(s->fw_state_hr) ? pasv_fw_state_ineffective(rule ? &s->fw_state_rules : &s->fw_state) : 0;
    if (!dlg->audit_dirty && app_audit_wants(&dlg->audit, &want))
        return;
    dlg->audit_dirty = false;
    show_audit(dlg, &want);
}

static void on_snapshot(main_dialog *dlg, app_snapshot *snap)
{
    const app_snapshot *s;

    app_snapshot_free(dlg->snap);
    dlg->snap = snap;
    s = snap;
    dlg->snapshot_pending = false;
    if (dlg->phase == PASV_APP_READING)
        dlg->phase = PASV_APP_IDLE;

    if (FAILED(s->open_hr)) {
        set_failure(dlg->hwnd, IDC_SERVER_TEXT, IDS_WHAT_SESSION, s->open_hr);
        set_failure(dlg->hwnd, IDC_CURRENT_RANGE, IDS_WHAT_SESSION, s->open_hr);
        set_failure(dlg->hwnd, IDC_FIREWALL_TEXT, IDS_WHAT_SESSION, s->open_hr);
        dlg->audit_dirty = true;
        rebuild_plan(dlg, false);
        return;
    }
    dlg->server = s->server;

    /* Server: "IIS 6.0 - FTP Publishing Service - running", or why there is none. */
    if (s->env.ftp == PASV_FTP_NONE || s->env.ftp == PASV_FTP_IIS7) {
        set_text_owned(dlg->hwnd, IDC_SERVER_TEXT, pasv_text_load(s->env.ftp_reason));
    } else if (FAILED(s->config_hr)) {
        set_failure(dlg->hwnd, IDC_SERVER_TEXT, s->env.ftp == PASV_FTP_IIS6 && !s->env.metabase
                                                    ? IDS_ENV_METABASE_UNREACHABLE : IDS_WHAT_CONFIG,
                    s->config_hr);
    } else {
        static const UINT svc_ids[] = {IDS_SVC_UNKNOWN, IDS_SVC_STOPPED, IDS_SVC_START_PENDING,
                                       IDS_SVC_STOP_PENDING, IDS_SVC_RUNNING};
        WCHAR *kind = pasv_text_load(s->env.ftp == PASV_FTP_IIS5 ? IDS_ENV_FTP_IIS5 : IDS_ENV_FTP_IIS6);
        WCHAR *state = NULL;
        DWORD_PTR args[2];
        if (SUCCEEDED(s->svc_state_hr) && (unsigned)s->svc_state <= PASV_SVC_RUNNING)
            state = pasv_text_load(svc_ids[s->svc_state]);
        else
            state = pasv_text_failure(IDS_WHAT_SERVICE, NULL, FAILED(s->service_hr) ? s->service_hr : s->svc_state_hr);
        args[0] = (DWORD_PTR)(kind ? kind : L"");
        args[1] = (DWORD_PTR)(state ? state : L"");
        set_text_id(dlg->hwnd, IDC_SERVER_TEXT, IDS_SERVER_STATE, args, 2);
        LocalFree(kind);
        LocalFree(state);
    }

    /* Current range: "5001-5201", or "not set: Windows default 1025-5000". */
    if (FAILED(s->config_hr)) {
        set_failure(dlg->hwnd, IDC_CURRENT_RANGE, IDS_WHAT_CONFIG, s->config_hr);
    } else if (FAILED(s->range_hr)) {
        set_failure(dlg->hwnd, IDC_CURRENT_RANGE, IDS_WHAT_READ_RANGE, s->range_hr);
    } else {
        WCHAR r[PASV_RANGE_TEXT_MAX];
        DWORD_PTR args[1] = {(DWORD_PTR)r};
        if (s->range_set) {
            range_text_w(&s->range, r, PASV_RANGE_TEXT_MAX);
            SetDlgItemTextW(dlg->hwnd, IDC_CURRENT_RANGE, r);
        } else {
            range_text_w(&s->dynamic_range, r, PASV_RANGE_TEXT_MAX); /* the machine's, as pasvctl status */
            set_text_id(dlg->hwnd, IDC_CURRENT_RANGE, IDS_RANGE_CURRENT_DEFAULT, args, 1);
        }
    }
    show_firewall(dlg);
    dlg->audit_dirty = true; /* rebuilt by rebuild_plan below, with the scope chosen */

    /* Enable Direct Metabase Edit: the real /LM value, or disabled with the reason. */
    if (s->env.ftp != PASV_FTP_IIS6) {
        CheckDlgButton(dlg->hwnd, IDC_EDIT_WHILE_RUNNING, BST_UNCHECKED);
        set_text_id(dlg->hwnd, IDC_EDIT_EXPLAIN, IDS_EDIT_NOT_IIS6, NULL, 0);
    } else if (s->edit_while_running < 0) {
        CheckDlgButton(dlg->hwnd, IDC_EDIT_WHILE_RUNNING, BST_UNCHECKED);
        set_failure(dlg->hwnd, IDC_EDIT_EXPLAIN, IDS_WHAT_EDIT, FAILED(s->edit_hr) ? s->edit_hr : E_UNEXPECTED);
    } else {
        CheckDlgButton(dlg->hwnd, IDC_EDIT_WHILE_RUNNING, s->edit_while_running ? BST_CHECKED : BST_UNCHECKED);
        set_text_id(dlg->hwnd, IDC_EDIT_EXPLAIN, IDS_EDIT_EXPLAIN, NULL, 0);
    }
    if (FAILED(s->service_hr)) {
        CheckDlgButton(dlg->hwnd, IDC_RESTART, BST_UNCHECKED);
        set_failure(dlg->hwnd, IDC_RESTART_NOTE, IDS_WHAT_SERVICE, s->service_hr);
    } else {
        set_text_id(dlg->hwnd, IDC_RESTART_NOTE, s->keep_stopped ? IDS_PF_DLG_STOPPED_NOTE
                    : checked(dlg->hwnd, IDC_RESTART) ? IDS_RESTART_NOTE : IDS_NO_RESTART_NOTE, NULL, 0);
    }
    if (!dlg->first_snapshot_seen) { /* open with the mode in place (issue 12); later, the user's */
        bool rule = app_safe_mode_in_place(s) == PASV_MODE_RANGE_RULE;
        CheckDlgButton(dlg->hwnd, IDC_MODE_RULE, rule ? BST_CHECKED : BST_UNCHECKED);
        CheckDlgButton(dlg->hwnd, IDC_MODE_PER_PORT, rule ? BST_UNCHECKED : BST_CHECKED);
    }
    if (!s->fw_state.rules_api && checked(dlg->hwnd, IDC_MODE_RULE)) {
        CheckDlgButton(dlg->hwnd, IDC_MODE_RULE, BST_UNCHECKED);
        CheckDlgButton(dlg->hwnd, IDC_MODE_PER_PORT, BST_CHECKED);
    }

    /* First read: start from the configured range, if any; the validation bounds may have
     * changed with the detected server. */
    SendDlgItemMessageW(dlg->hwnd, IDC_RANGE_LOW_SPIN, UDM_SETRANGE32, pasv_range_server_min(dlg->server), 65535);
    SendDlgItemMessageW(dlg->hwnd, IDC_RANGE_HIGH_SPIN, UDM_SETRANGE32, pasv_range_server_min(dlg->server), 65535);
    if (!dlg->first_snapshot_seen && s->range_set && SUCCEEDED(s->range_hr)) {
        WCHAR low[8], high[8];
        swprintf(low, 8, L"%u", (unsigned)s->range.low);
        swprintf(high, 8, L"%u", (unsigned)s->range.high);
        dlg->updating_fields = true;
        SetDlgItemTextW(dlg->hwnd, IDC_RANGE_LOW, low);
        SetDlgItemTextW(dlg->hwnd, IDC_RANGE_HIGH, high);
        dlg->updating_fields = false;
    }
    validate_range(dlg);
    rebuild_plan(dlg, false);
    if (!dlg->first_snapshot_seen)
        focus_first_port(dlg);
    dlg->first_snapshot_seen = true;
}

/* ---- runs ---- */

static void update_progress(main_dialog *dlg)
{
    HWND list = GetDlgItem(dlg->hwnd, IDC_CHANGES_LIST);
    DWORD_PTR args[3];
    UINT id;

    if (!dlg->rows_dirty)
        return;
    dlg->rows_dirty = false;
    id = app_rows_progress(&dlg->rows, args); /* the engine's count (issue 12, finding 4) */
    SendDlgItemMessageW(dlg->hwnd, IDC_PROGRESS, PBM_SETRANGE32, 0, (LPARAM)args[1]);
    SendDlgItemMessageW(dlg->hwnd, IDC_PROGRESS, PBM_SETPOS, args[0], 0);
    set_text_id(dlg->hwnd, IDC_COUNTS, id, args, 3);
    if (dlg->rows.current < dlg->rows.count && dlg->phase == PASV_APP_RUNNING)
        ListView_EnsureVisible(list, (int)dlg->rows.current, FALSE);
    InvalidateRect(list, NULL, FALSE);
}

static void start_run(main_dialog *dlg, UINT summary_id)
{
    dlg->phase = PASV_APP_RUNNING;
    dlg->rows_are_results = true;
    dlg->rows_dirty = true;
    set_text_id(dlg->hwnd, IDC_SUMMARY, summary_id, NULL, 0);
    SetTimer(dlg->hwnd, IDT_REPAINT, REPAINT_MS, NULL);
    update_buttons(dlg);
    update_progress(dlg);
}

static void on_apply(main_dialog *dlg)
{
    pasv_plan *plan = dlg->preview;
    unsigned serial = dlg->plan_serial;

    if (dlg->phase != PASV_APP_IDLE || !dlg->can_apply || !plan || dlg->snapshot_pending)
        return;
    /* Click, Alt+A or Enter on the focused button: always asked first (issue 12). A snapshot
     * that arrived while the box was up replaced the plan: nothing is applied then. */
    if (!app_safe_confirm(dlg->hwnd, plan) || serial != dlg->plan_serial || dlg->phase != PASV_APP_IDLE
        || dlg->snapshot_pending || !dlg->can_apply)
        return;
    set_rows_from_plan(dlg, plan);
    dlg->preview = NULL; /* the worker owns it now */
    if (!app_worker_apply(dlg->worker, plan)) {
        pasv_plan_free(plan);
        rebuild_plan(dlg, false);
        return;
    }
    dlg->snapshot_pending = true;
    if (dlg->view_audit)
        SendMessageW(dlg->hwnd, WM_COMMAND, MAKEWPARAM(IDC_VIEW_CHANGES, BN_CLICKED), 0);
    start_run(dlg, IDS_APPLYING);
}

static void on_progress(main_dialog *dlg, app_progress *rec)
{
    app_worker_progress_taken(dlg->worker);
    app_rows_update(&dlg->rows, rec->updates, rec->count);
    dlg->rows_dirty = true;
    free(rec);
}

static void set_summary(main_dialog *dlg, const app_run_done *rec)
{
    WCHAR *main_text = NULL, *extra = NULL, *line;
    pasv_plan_counts c = dlg->rows.counts;
    size_t n;

    if (rec->op == APP_OP_RECOVER_UNDO || rec->op == APP_OP_RECOVER_FINISH) {
        bool whole = PASV_SUCCEEDED(rec->hr); /* a failed finish is never "finished" */
        UINT finish_id = whole ? IDS_JRN_DLG_FINISHED : IDS_JRN_DLG_FINISH_INCOMPLETE;
        main_text = pasv_text_load(rec->op == APP_OP_RECOVER_FINISH ? finish_id
                                   : whole ? IDS_JRN_DLG_UNDONE : IDS_JRN_DLG_UNDO_INCOMPLETE);
    } else if (rec->op == APP_OP_ROLLBACK && rec->in_effect) {
        DWORD_PTR a[1] = {rec->in_effect};
        main_text = pasv_text_format(PASV_MSG_SUMMARY_RANGE_KEPT, a, 1);
        extra = c.rollback_failed ? pasv_text_load(IDS_ROLLBACK_AGAIN) : NULL;
    } else if (rec->op == APP_OP_ROLLBACK) {
        DWORD_PTR a[1] = {c.rollback_failed ? c.rollback_failed : c.rolled_back};
        main_text = pasv_text_format(c.rollback_failed ? IDS_ROLLBACK_INCOMPLETE : IDS_ROLLBACK_DONE, a, 1);
        extra = c.rollback_failed ? pasv_text_load(IDS_ROLLBACK_AGAIN) : NULL;
    } else if (rec->cancelled) {
        DWORD_PTR a[2] = {c.done, dlg->rows.count};
        main_text = pasv_text_format(PASV_MSG_SUMMARY_CANCELLED, a, 2);
        extra = pasv_text_load(IDS_ASK_CANCELLED);
    } else if (c.failed || c.rollback_failed) {
        DWORD_PTR a[2] = {c.failed, dlg->rows.count};
        /* Not the engine's FAILED_KEPT ("run Apply again"): here the buttons offer the choice. */
        main_text = pasv_text_format(IDS_RUN_FAILED, a, 2);
        extra = pasv_text_load(IDS_ASK_FAILED);
    } else if (rec->hr == PASV_E_NOT_VERIFIED || c.not_verified) {
        main_text = pasv_text_load(IDS_RUN_DONE_VERIFY);
    } else {
        DWORD_PTR a[1] = {c.done};
        main_text = pasv_text_format(PASV_MSG_SUMMARY_DONE, a, 1);
        extra = pasv_text_load(rec->kept_stopped ? IDS_PF_DLG_SERVICE_STOPPED : IDS_DONE_OK);
    }
    if (rec->range_restored) {
        /* Only what the engine saw: the service may not have started again. */
        WCHAR *restored = pasv_text_load(rec->restore_started ? PASV_MSG_SUMMARY_RANGE_RESTORED
                                                              : PASV_MSG_SUMMARY_RESTORED_NOT_STARTED);
        LocalFree(extra);
        extra = restored;
    }
    if (rec->changed) {
        DWORD_PTR a[1] = {rec->changed};
        WCHAR *changed = pasv_text_format(PASV_MSG_SUMMARY_CHANGED, a, 1);
        LocalFree(extra);
        extra = changed;
    }
    if (FAILED(rec->trail_hr)) {
        /* The change itself is done; say that the record of it is missing. */
        WCHAR *trail = pasv_text_failure(IDS_WHAT_TRAIL, NULL, rec->trail_hr);
        if (trail && extra) {
            size_t m = wcslen(extra) + wcslen(trail) + 2;
            WCHAR *both = LocalAlloc(LMEM_FIXED, m * sizeof(WCHAR));
            if (both)
                swprintf(both, m, L"%ls %ls", extra, trail);
            LocalFree(extra);
            LocalFree(trail);
            extra = both;
        } else if (trail) {
            extra = trail;
        }
    }
    n = (main_text ? wcslen(main_text) : 0) + (extra ? wcslen(extra) : 0) + wcslen(rec->warning) + 3;
    line = LocalAlloc(LMEM_FIXED, n * sizeof(WCHAR));
    if (line) /* a taken-over lock's warning first: it concerns the run before this one */
        swprintf(line, n, L"%ls%ls%ls%ls%ls", rec->warning, rec->warning[0] ? L" " : L"", main_text ? main_text : L"",
                 extra ? L" " : L"", extra ? extra : L"");
    set_text_owned(dlg->hwnd, IDC_SUMMARY, line);
    LocalFree(main_text);
    LocalFree(extra);
}

/* After a run the first failed row is what the user needs to see, not the last row. */
static void show_first_problem(main_dialog *dlg)
{
    HWND list = GetDlgItem(dlg->hwnd, IDC_CHANGES_LIST);
    size_t i;

    for (i = 0; i < dlg->rows.count; i++) {
        uint8_t st = dlg->rows.items[i].status;
        if (st == PASV_ST_FAILED || st == PASV_ST_ROLLBACK_FAILED || st == PASV_ST_NOT_VERIFIED) {
            ListView_EnsureVisible(list, (int)i, FALSE);
            ListView_SetItemState(list, (int)i, LVIS_SELECTED | LVIS_FOCUSED, LVIS_SELECTED | LVIS_FOCUSED);
            return;
        }
    }
}

static void on_run_done(main_dialog *dlg, app_run_done *rec)
{
    pasv_plan_counts c;

    KillTimer(dlg->hwnd, IDT_REPAINT);
    app_rows_update(&dlg->rows, rec->items, rec->count);
    dlg->rows.current = (size_t)-1;
    dlg->rows_dirty = true;
    update_progress(dlg);
    c = dlg->rows.counts;
    set_summary(dlg, rec);
    show_first_problem(dlg);

    if (dlg->close_after) {
        /* Close was confirmed mid-run: undo what this run changed, then close. */
        if (rec->op != APP_OP_ROLLBACK && (c.done || c.failed) && app_worker_rollback(dlg->worker)) {
            app_rows_begin(&dlg->rows, APP_OP_ROLLBACK);
            free(rec);
            start_run(dlg, IDS_ROLLING_BACK);
            return;
        }
        free(rec);
        EndDialog(dlg->hwnd, IDCANCEL);
        return;
    }
    if (rec->op == APP_OP_RECOVER_UNDO || rec->op == APP_OP_RECOVER_FINISH) {
        free(dlg->recovery); /* the journal is finished either way; what is left shows in the list */
        dlg->recovery = NULL;
        dlg->rows_are_results = false; /* the list goes back to the preview */
        dlg->phase = PASV_APP_IDLE;
    } else if (rec->op != APP_OP_ROLLBACK && (rec->cancelled || c.failed || c.not_verified)) {
        dlg->phase = PASV_APP_DECIDE;
        dlg->offered_retry = !rec->cancelled && (c.failed || c.not_verified);
    } else if (rec->op == APP_OP_ROLLBACK && c.rollback_failed) {
        dlg->phase = PASV_APP_DECIDE; /* Roll back again retries the undos that failed, or Keep */
        dlg->offered_retry = false;
    } else {
        dlg->phase = PASV_APP_IDLE;
    }
    free(rec);
    rebuild_plan(dlg, false);
}

static void on_keep(main_dialog *dlg)
{
    if (dlg->phase != PASV_APP_DECIDE)
        return;
    dlg->phase = PASV_APP_IDLE;
    set_text_id(dlg->hwnd, IDC_SUMMARY, IDS_KEPT, NULL, 0);
    rebuild_plan(dlg, false);
}

/* Finish or undo the interrupted run, once confirmed. */
static void on_recover(main_dialog *dlg, app_op op)
{
    if (dlg->phase != PASV_APP_IDLE || dlg->snapshot_pending || !app_guard_confirm(dlg->hwnd, op, dlg->recovery->command)
        || !app_worker_recover(dlg->worker, op))
        return;
    app_rows_clear(&dlg->rows); /* the recovery runs the interrupted run's plan, not this one */
    app_guard_recovery_buttons(dlg->hwnd, &dlg->lay, dlg->recovery, false); /* the progress row shows the run */
    dlg->snapshot_pending = true;
    start_run(dlg, IDS_JRN_DLG_RECOVERING);
}

/* A run refused before its first change: back to where the dialog was, then say why. */
static void on_refused(main_dialog *dlg, app_refusal *rec)
{
    KillTimer(dlg->hwnd, IDT_REPAINT);
    dlg->phase = rec->op == APP_OP_ROLLBACK || rec->op == APP_OP_RETRY ? PASV_APP_DECIDE : PASV_APP_IDLE;
    if (dlg->phase == PASV_APP_IDLE)
        dlg->rows_are_results = false; /* show the plan again, as it was before Apply */
    SetDlgItemTextW(dlg->hwnd, IDC_SUMMARY, rec->text);
    rebuild_plan(dlg, false);
    if (dlg->recovery)
        app_guard_recovery_buttons(dlg->hwnd, &dlg->lay, dlg->recovery, true); /* still waiting to be recovered */
    app_guard_show_refusal(dlg->hwnd, rec);
}

static void on_unfinished(main_dialog *dlg, app_unfinished *rec)
{
    free(dlg->recovery);
    dlg->recovery = rec;
    app_guard_show_unfinished(dlg->hwnd, &dlg->lay, rec);
    update_buttons(dlg);
}

static void on_rollback(main_dialog *dlg)
{
    if (dlg->recovery) {
        on_recover(dlg, APP_OP_RECOVER_UNDO);
        return;
    }
    if (dlg->phase != PASV_APP_DECIDE || !app_worker_rollback(dlg->worker))
        return;
    app_rows_begin(&dlg->rows, APP_OP_ROLLBACK);
    dlg->snapshot_pending = true;
    start_run(dlg, IDS_ROLLING_BACK);
}

static void on_retry(main_dialog *dlg)
{
    if (dlg->recovery) {
        on_recover(dlg, APP_OP_RECOVER_FINISH);
        return;
    }
    if (dlg->phase != PASV_APP_DECIDE || !dlg->offered_retry || !app_worker_retry(dlg->worker))
        return;
    app_rows_begin(&dlg->rows, APP_OP_RETRY);
    dlg->snapshot_pending = true;
    start_run(dlg, IDS_APPLYING);
}

static void on_stop(main_dialog *dlg)
{
    if (dlg->phase != PASV_APP_RUNNING)
        return;
    app_worker_cancel(dlg->worker);
    set_text_id(dlg->hwnd, IDC_SUMMARY, IDS_CANCELLING, NULL, 0);
}

static void on_close(main_dialog *dlg)
{
    if (dlg->phase == PASV_APP_RUNNING) {
        WCHAR *text = pasv_text_load(IDS_CLOSE_RUNNING), *caption = pasv_text_load(IDS_APP_TITLE);
        int answer = MessageBoxW(dlg->hwnd, text ? text : L"", caption ? caption : L"",
                                 MB_YESNO | MB_ICONWARNING | MB_DEFBUTTON2);
        LocalFree(text);
        LocalFree(caption);
        if (answer == IDYES && dlg->phase == PASV_APP_RUNNING) {
            dlg->close_after = true;
            on_stop(dlg);
        } else if (answer == IDYES) {
            EndDialog(dlg->hwnd, IDCANCEL);
        }
        return;
    }
    EndDialog(dlg->hwnd, IDCANCEL);
}

static void on_help(main_dialog *dlg)
{
    WCHAR *text = pasv_text_load(IDS_HELP_TEXT), *caption = pasv_text_load(IDS_HELP_CAPTION);
    MessageBoxW(dlg->hwnd, text ? text : L"", caption ? caption : L"", MB_OK | MB_ICONINFORMATION);
    LocalFree(text);
    LocalFree(caption);
}

static void set_view(main_dialog *dlg, bool audit)
{
    static const int audit_only[] = {IDC_FILTER_LABEL, IDC_FILTER, IDC_EXPORT, IDC_AUDIT_LIST, IDC_LEGEND};
    static const int changes_only[] = {IDC_CHANGES_LIST, IDC_PROGRESS, IDC_COUNTS};
    size_t i;

    dlg->view_audit = audit;
    CheckDlgButton(dlg->hwnd, IDC_VIEW_CHANGES, audit ? BST_UNCHECKED : BST_CHECKED);
    CheckDlgButton(dlg->hwnd, IDC_VIEW_AUDIT, audit ? BST_CHECKED : BST_UNCHECKED);
    for (i = 0; i < sizeof(audit_only) / sizeof(audit_only[0]); i++)
        show(dlg->hwnd, audit_only[i], audit);
    for (i = 0; i < sizeof(changes_only) / sizeof(changes_only[0]); i++)
        show(dlg->hwnd, changes_only[i], !audit);
}

static void on_export(main_dialog *dlg)
{
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
    ofn.hwndOwner = dlg->hwnd;
    ofn.lpstrFilter = filter;
    ofn.lpstrFile = path;
    ofn.nMaxFile = MAX_PATH;
    ofn.lpstrDefExt = L"csv";
    ofn.Flags = OFN_OVERWRITEPROMPT | OFN_PATHMUSTEXIST | OFN_HIDEREADONLY;
    if (!GetSaveFileNameW(&ofn))
        return;
    rows = app_audit_export(&dlg->audit, path);
    if (rows < 0) {
        WCHAR *text = pasv_text_failure(IDS_WHAT_SAVE_CSV, path, HRESULT_FROM_WIN32(GetLastError()));
        WCHAR *caption = pasv_text_load(IDS_ERROR_CAPTION);
        MessageBoxW(dlg->hwnd, text ? text : L"", caption ? caption : L"", MB_OK | MB_ICONERROR);
        LocalFree(text);
        LocalFree(caption);
    } else {
        DWORD_PTR args[2] = {(DWORD_PTR)rows, (DWORD_PTR)path};
        set_text_id(dlg->hwnd, IDC_SUMMARY, IDS_CSV_SAVED, args, 2);
    }
}

/* ---- window size, DPI ---- */

static UINT window_dpi(HWND hwnd)
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

static void restore_size(main_dialog *dlg)
{
    DWORD w = 0, h = 0, size = sizeof(DWORD);
    HKEY key;
    RECT rc, work;

    if (RegOpenKeyExW(HKEY_CURRENT_USER, SETTINGS_KEY, 0, KEY_QUERY_VALUE, &key) != ERROR_SUCCESS)
        return;
    RegQueryValueExW(key, L"WindowWidth", NULL, NULL, (BYTE *)&w, &size);
    size = sizeof(DWORD);
    RegQueryValueExW(key, L"WindowHeight", NULL, NULL, (BYTE *)&h, &size);
    RegCloseKey(key);
    /* Stored at 96 dpi so a move to another monitor's scale keeps the proportions. */
    w = (DWORD)MulDiv((int)w, (int)dlg->dpi, 96);
    h = (DWORD)MulDiv((int)h, (int)dlg->dpi, 96);
    if ((LONG)w < dlg->lay.min_window.cx || (LONG)h < dlg->lay.min_window.cy)
        return;
    SystemParametersInfoW(SPI_GETWORKAREA, 0, &work, 0);
    if ((LONG)w > work.right - work.left || (LONG)h > work.bottom - work.top)
        return;
    GetWindowRect(dlg->hwnd, &rc);
    SetWindowPos(dlg->hwnd, NULL, work.left + ((work.right - work.left) - (LONG)w) / 2,
                 work.top + ((work.bottom - work.top) - (LONG)h) / 2, (int)w, (int)h, SWP_NOZORDER);
}

static void save_size(main_dialog *dlg)
{
    WINDOWPLACEMENT wp;
    DWORD w, h;
    HKEY key;

    memset(&wp, 0, sizeof(wp));
    wp.length = sizeof(wp);
    if (!GetWindowPlacement(dlg->hwnd, &wp))
        return;
    w = (DWORD)MulDiv(wp.rcNormalPosition.right - wp.rcNormalPosition.left, 96, (int)dlg->dpi);
    h = (DWORD)MulDiv(wp.rcNormalPosition.bottom - wp.rcNormalPosition.top, 96, (int)dlg->dpi);
    if (RegCreateKeyExW(HKEY_CURRENT_USER, SETTINGS_KEY, 0, NULL, 0, KEY_SET_VALUE, NULL, &key, NULL)
        != ERROR_SUCCESS)
        return;
    RegSetValueExW(key, L"WindowWidth", 0, REG_DWORD, (const BYTE *)&w, sizeof(w));
    RegSetValueExW(key, L"WindowHeight", 0, REG_DWORD, (const BYTE *)&h, sizeof(h));
    RegCloseKey(key);
}

/* ---- init, dispatch ---- */

static void fill_combo(HWND hwnd, int id, const UINT *ids, size_t count, int select)
{
    size_t i;
    for (i = 0; i < count; i++) {
        WCHAR *text = pasv_text_load(ids[i]);
        SendDlgItemMessageW(hwnd, id, CB_ADDSTRING, 0, (LPARAM)(text ? text : L"?"));
        LocalFree(text);
    }
    SendDlgItemMessageW(hwnd, id, CB_SETCURSEL, (WPARAM)select, 0);
}

static BOOL on_init(HWND hwnd, main_dialog *dlg)
{
    static const UINT scope_ids[] = {IDS_SCOPE_ANY, IDS_SCOPE_SUBNET, IDS_SCOPE_CUSTOM};
    static const UINT filter_ids[] = {IDS_FILTER_ALL, IDS_FILTER_PROBLEMS, PASV_MSG_AUDIT_OPEN,
                                      PASV_MSG_AUDIT_PARTIAL, PASV_MSG_AUDIT_MISSING, PASV_MSG_AUDIT_FOREIGN,
                                      PASV_MSG_AUDIT_STALE, PASV_MSG_AUDIT_OVERRIDDEN};
    HICON icon_big, icon_small;

    dlg->hwnd = hwnd;
    app_safe_mark(hwnd);
    dlg->server = PASV_SERVER_IIS6;
    dlg->phase = PASV_APP_READING;
    dlg->scope_valid = true;
    SetWindowLongPtrW(hwnd, GWLP_USERDATA, (LONG_PTR)dlg);
    dlg->dpi = window_dpi(hwnd);

    icon_big = (HICON)LoadImageW(GetModuleHandleW(NULL), MAKEINTRESOURCEW(IDI_PASVPORTS), IMAGE_ICON,
                                 GetSystemMetrics(SM_CXICON), GetSystemMetrics(SM_CYICON), 0);
    icon_small = (HICON)LoadImageW(GetModuleHandleW(NULL), MAKEINTRESOURCEW(IDI_PASVPORTS), IMAGE_ICON,
                                   GetSystemMetrics(SM_CXSMICON), GetSystemMetrics(SM_CYSMICON), 0);
    SendMessageW(hwnd, WM_SETICON, ICON_BIG, (LPARAM)icon_big);
    SendMessageW(hwnd, WM_SETICON, ICON_SMALL, (LPARAM)icon_small);

    set_text_id(hwnd, IDC_SERVER_TEXT, IDS_READING, NULL, 0);
    SetDlgItemTextW(hwnd, IDC_CURRENT_RANGE, L"");
    SetDlgItemTextW(hwnd, IDC_FIREWALL_TEXT, L"");
    SetDlgItemTextW(hwnd, IDC_AUDIT_TEXT, L"");
    set_text_id(hwnd, IDC_EDIT_EXPLAIN, IDS_EDIT_EXPLAIN, NULL, 0);
    set_text_id(hwnd, IDC_RESTART_NOTE, IDS_RESTART_NOTE, NULL, 0);

    SendDlgItemMessageW(hwnd, IDC_RANGE_LOW_SPIN, UDM_SETRANGE32, pasv_range_server_min(dlg->server), 65535);
    SendDlgItemMessageW(hwnd, IDC_RANGE_HIGH_SPIN, UDM_SETRANGE32, pasv_range_server_min(dlg->server), 65535);
    SendDlgItemMessageW(hwnd, IDC_RANGE_LOW, EM_LIMITTEXT, PASV_RANGE_MAX_INPUT, 0);
    SendDlgItemMessageW(hwnd, IDC_RANGE_HIGH, EM_LIMITTEXT, PASV_RANGE_MAX_INPUT, 0);
    SendDlgItemMessageW(hwnd, IDC_REMOTE, EM_LIMITTEXT, PASV_ADDR_INPUT_MAX, 0);
    fill_combo(hwnd, IDC_SCOPE, scope_ids, 3, PASV_SCOPE_ANY);
    fill_combo(hwnd, IDC_FILTER, filter_ids, sizeof(filter_ids) / sizeof(filter_ids[0]), 0);
    CheckDlgButton(hwnd, IDC_MODE_PER_PORT, BST_CHECKED);
    CheckDlgButton(hwnd, IDC_REMOVE_STALE, BST_CHECKED);
    CheckDlgButton(hwnd, IDC_RESTART, BST_CHECKED);

    dlg->images = app_lists_images(dlg->dpi);
    app_lists_init_changes(GetDlgItem(hwnd, IDC_CHANGES_LIST), dlg->images, dlg->dpi);
    app_lists_init_audit(GetDlgItem(hwnd, IDC_AUDIT_LIST), dlg->images, dlg->dpi);
    app_rows_init(&dlg->rows);
    app_audit_init(&dlg->audit);
    set_view(dlg, false);

    dlg->updating_fields = true;
    SetDlgItemTextW(hwnd, IDC_RANGE_LOW, L"5001");
    SetDlgItemTextW(hwnd, IDC_RANGE_HIGH, L"5201");
    dlg->updating_fields = false;
    validate_range(dlg);
    rebuild_plan(dlg, false);

    layout_init(&dlg->lay, hwnd, layout_rules, sizeof(layout_rules) / sizeof(layout_rules[0]));
    restore_size(dlg);
    layout_apply(&dlg->lay);
    app_lists_fit_columns(GetDlgItem(hwnd, IDC_CHANGES_LIST));
    app_lists_fit_columns(GetDlgItem(hwnd, IDC_AUDIT_LIST));

    dlg->worker = app_worker_start(hwnd);
    if (!dlg->worker) {
        set_failure(hwnd, IDC_SERVER_TEXT, IDS_WHAT_SESSION, HRESULT_FROM_WIN32(GetLastError()));
        dlg->phase = PASV_APP_IDLE;
    }
    update_buttons(dlg);
    SetFocus(GetDlgItem(hwnd, IDC_RANGE_LOW));
    SendDlgItemMessageW(hwnd, IDC_RANGE_LOW, EM_SETSEL, 0, -1);
    return FALSE; /* focus set above */
}

static void on_destroy(main_dialog *dlg)
{
    HICON icon;

    KillTimer(dlg->hwnd, IDT_REPAINT);
    save_size(dlg);
    app_worker_stop(dlg->worker); /* closes the session on its own thread */
    dlg->worker = NULL;
    app_snapshot_free(dlg->snap);
    dlg->snap = NULL;
    free(dlg->recovery);
    dlg->recovery = NULL;
    pasv_plan_free(dlg->preview);
    dlg->preview = NULL;
    app_rows_cleanup(&dlg->rows);
    app_audit_cleanup(&dlg->audit);
    layout_cleanup(&dlg->lay);
    if (dlg->images)
        ImageList_Destroy(dlg->images);
    icon = (HICON)SendMessageW(dlg->hwnd, WM_GETICON, ICON_BIG, 0);
    if (icon)
        DestroyIcon(icon);
    icon = (HICON)SendMessageW(dlg->hwnd, WM_GETICON, ICON_SMALL, 0);
    if (icon)
        DestroyIcon(icon);
    app_safe_unmark(dlg->hwnd);
    SetWindowLongPtrW(dlg->hwnd, GWLP_USERDATA, 0);
}

static void on_command(main_dialog *dlg, int id, int code)
{
    switch (id) {
    case IDC_RANGE_LOW:
    case IDC_RANGE_HIGH:
        if (code == EN_CHANGE && !dlg->updating_fields) {
            split_pasted_range(dlg, id);
            validate_range(dlg);
            rebuild_plan(dlg, true);
        }
        break;
    case IDC_REMOTE:
        if (code == EN_CHANGE)
            rebuild_plan(dlg, true);
        break;
    case IDC_SCOPE:
        if (code == CBN_SELCHANGE)
            rebuild_plan(dlg, true);
        break;
    case IDC_FILTER:
        if (code == CBN_SELCHANGE) {
            HWND list = GetDlgItem(dlg->hwnd, IDC_AUDIT_LIST);
            app_audit_filter(&dlg->audit, (int)SendDlgItemMessageW(dlg->hwnd, IDC_FILTER, CB_GETCURSEL, 0, 0));
            ListView_SetItemCountEx(list, (int)dlg->audit.view_count, 0);
            InvalidateRect(list, NULL, TRUE);
        }
        break;
    case IDC_EDIT_WHILE_RUNNING:
    case IDC_MODE_PER_PORT:
    case IDC_MODE_RULE:
    case IDC_REMOVE_STALE:
    case IDC_RESTART:
    case IDC_ENABLE_FIREWALL:
        if (code == BN_CLICKED) {
            if (id == IDC_RESTART)
                set_text_id(dlg->hwnd, IDC_RESTART_NOTE, checked(dlg->hwnd, IDC_RESTART) ? IDS_RESTART_NOTE
                                                                                         : IDS_NO_RESTART_NOTE,
                            NULL, 0);
            rebuild_plan(dlg, true);
        }
        break;
    case IDC_VIEW_CHANGES:
    case IDC_VIEW_AUDIT:
        if (code == BN_CLICKED)
            set_view(dlg, id == IDC_VIEW_AUDIT);
        break;
    case IDC_PREVIEW:
        if (dlg->phase == PASV_APP_IDLE && dlg->preview) {
            set_rows_from_plan(dlg, dlg->preview);
            set_view(dlg, false);
            SetDlgItemTextW(dlg->hwnd, IDC_SUMMARY, dlg->recovery ? dlg->recovery->text : L""); /* keep the banner */
            SetFocus(GetDlgItem(dlg->hwnd, IDC_CHANGES_LIST));
        }
        break;
    case IDOK:
        on_apply(dlg);
        break;
    case IDC_STOP:
        on_stop(dlg);
        break;
    case IDC_ROLLBACK:
        on_rollback(dlg);
        break;
    case IDC_KEEP:
        on_keep(dlg);
        break;
    case IDC_RETRY:
        on_retry(dlg);
        break;
    case IDC_EXPORT:
        on_export(dlg);
        break;
    case IDC_HELP_BUTTON:
        on_help(dlg);
        break;
    case IDCANCEL:
        on_close(dlg);
        break;
    }
}

static LRESULT on_notify(main_dialog *dlg, NMHDR *nm)
{
    if (nm->idFrom == IDC_CHANGES_LIST && nm->code == LVN_GETDISPINFOW) {
        app_rows_dispinfo(&dlg->rows, (NMLVDISPINFOW *)nm);
        return 0;
    }
    if (nm->idFrom == IDC_AUDIT_LIST && nm->code == LVN_GETDISPINFOW) {
        app_audit_dispinfo(&dlg->audit, (NMLVDISPINFOW *)nm);
        return 0;
    }
    /* Cells show long names shortened; the tooltip has the whole name. */
    if (nm->idFrom == IDC_CHANGES_LIST && nm->code == LVN_GETINFOTIPW) {
        app_rows_infotip(&dlg->rows, (NMLVGETINFOTIPW *)nm);
        return 0;
    }
    if (nm->idFrom == IDC_AUDIT_LIST && nm->code == LVN_GETINFOTIPW) {
        app_audit_infotip(&dlg->audit, (NMLVGETINFOTIPW *)nm);
        return 0;
    }
    return 0;
}

static INT_PTR CALLBACK main_dialog_proc(HWND hwnd, UINT msg, WPARAM wparam, LPARAM lparam)
{
    main_dialog *dlg = (main_dialog *)GetWindowLongPtrW(hwnd, GWLP_USERDATA);

    if (msg == WM_INITDIALOG)
        return on_init(hwnd, (main_dialog *)lparam);
    if (!dlg) {
        /* Records posted after the dialog went away: nothing to apply them to. */
        if (msg == WM_APP_SNAPSHOT)
            app_snapshot_free((app_snapshot *)lparam);
        else if (msg == WM_APP_PROGRESS || msg == WM_APP_RUN_DONE || msg == WM_APP_REFUSED || msg == WM_APP_UNFINISHED)
            free((void *)lparam);
        return FALSE;
    }
    switch (msg) {
    case WM_COMMAND:
        on_command(dlg, LOWORD(wparam), HIWORD(wparam));
        return TRUE;
    case WM_NOTIFY:
        SetWindowLongPtrW(hwnd, DWLP_MSGRESULT, on_notify(dlg, (NMHDR *)lparam));
        return TRUE;
    case WM_DRAWITEM:
        if (wparam == IDC_LEGEND) {
            app_lists_draw_legend((const DRAWITEMSTRUCT *)lparam, dlg->images);
            return TRUE;
        }
        break;
    case WM_APP_SNAPSHOT:
        on_snapshot(dlg, (app_snapshot *)lparam);
        return TRUE;
    case WM_APP_PROGRESS:
        on_progress(dlg, (app_progress *)lparam);
        return TRUE;
    case WM_APP_RUN_DONE:
        on_run_done(dlg, (app_run_done *)lparam);
        return TRUE;
    case WM_APP_REFUSED:
        on_refused(dlg, (app_refusal *)lparam);
        return TRUE;
    case WM_APP_UNFINISHED:
        on_unfinished(dlg, (app_unfinished *)lparam);
        return TRUE;
    case PASV_APP_MSG_PHASE:
        SetWindowLongPtrW(hwnd, DWLP_MSGRESULT, dlg->snapshot_pending && dlg->phase == PASV_APP_IDLE
                                                    ? PASV_APP_RUNNING : dlg->phase);
        return TRUE;
    case PASV_APP_MSG_EXPORT:
        SetWindowLongPtrW(hwnd, DWLP_MSGRESULT, app_audit_export(&dlg->audit, (const WCHAR *)lparam));
        return TRUE;
    case WM_TIMER:
        if (wparam == IDT_REPAINT)
            update_progress(dlg);
        return TRUE;
    case WM_HELP:
        on_help(dlg);
        return TRUE;
    case WM_SIZE:
        layout_apply(&dlg->lay);
        app_lists_fit_columns(GetDlgItem(hwnd, IDC_CHANGES_LIST));
        app_lists_fit_columns(GetDlgItem(hwnd, IDC_AUDIT_LIST));
        return TRUE;
    case WM_GETMINMAXINFO:
        if (dlg->lay.items) {
            MINMAXINFO *mmi = (MINMAXINFO *)lparam;
            mmi->ptMinTrackSize.x = dlg->lay.min_window.cx;
            mmi->ptMinTrackSize.y = dlg->lay.min_window.cy;
        }
        return TRUE;
    case 0x02E0: /* WM_DPICHANGED (Windows 8.1+; not in the XP-level headers) */
    {
        const RECT *suggested = (const RECT *)lparam;
        UINT dpi = LOWORD(wparam);
        layout_rescale(&dlg->lay, (int)dpi, (int)dlg->dpi);
        dlg->dpi = dpi;
        SetWindowPos(hwnd, NULL, suggested->left, suggested->top, suggested->right - suggested->left,
                     suggested->bottom - suggested->top, SWP_NOZORDER | SWP_NOACTIVATE);
        layout_apply(&dlg->lay);
        return TRUE;
    }
    case WM_DESTROY:
        on_destroy(dlg);
        return TRUE;
    }
    return FALSE;
}

INT_PTR pasv_main_dialog_run(HINSTANCE instance)
{
    main_dialog *dlg = calloc(1, sizeof(*dlg));
    INT_PTR result;

    if (!dlg)
        return -1;
    /* WM_DESTROY releases what the dialog holds; the struct itself is freed here, so a dialog
     * that fails before WM_INITDIALOG (and never sees WM_DESTROY) leaks nothing. */
    result = DialogBoxParamW(instance, MAKEINTRESOURCEW(IDD_MAIN), NULL, main_dialog_proc, (LPARAM)dlg);
    free(dlg);
    return result;
}
