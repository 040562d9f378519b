/* pasvports: the main dialog: the status lines, the four pages (range editor, options, progress
 * of a run, audit; page.h), the plan sentence, and the runs: Apply, Stop, Roll back, Keep,
 * Retry, the recovery of an interrupted run, Refresh.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * The dialog owns a context struct (allocated in WM_INITDIALOG, freed in WM_DESTROY) and hosts
 * the pages as child dialogs; the worker (worker.c) owns the session and only posts records.
 * Plans are built here from the worker's snapshot and the pages' inputs with the portable core,
 * so the preview is exactly what is applied. */
#include "dlg_main_impl.h"

#include <commctrl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dlg_parts.h"
#include "page_plan.h"
#include "pasv/addr.h"
#include "pasv/range.h"
#include "resource.h"
#include "safe.h"
#include "text.h"
#include "worker.h"

/* The dialog whose modal loop the keyboard hook serves (one per thread). */
static main_dialog *keyboard_dialog;

/* Status lines and pages stretch across, the lower pages take the extra height, the buttons
 * move with the bottom right corner. */
static const layout_rule layout_rules[] = {
    {IDC_SERVER_TEXT, 0, 0, 100, 0},
    {IDC_CURRENT_RANGE, 0, 0, 100, 0},
    {IDC_FIREWALL_TEXT, 0, 0, 100, 0},
    {IDC_AUDIT_TEXT, 0, 0, 100, 0},
    {IDC_REFRESH, 100, 0, 0, 0},
    {IDC_PAGE_RANGE, 0, 0, 100, 0},
    {IDC_PAGE_OPTIONS, 0, 0, 100, 0},
    {IDC_PLAN_TEXT, 0, 0, 100, 0},
    {IDC_VIEW_CHANGES, 0, 0, 0, 0},
    {IDC_VIEW_AUDIT, 0, 0, 0, 0},
    {IDC_PAGE_PROGRESS, 0, 0, 100, 100},
    {IDC_PAGE_AUDIT, 0, 0, 100, 100},
    {IDC_HELP_BUTTON, 100, 100, 0, 0},
    {IDC_PREVIEW, 100, 100, 0, 0},
    {IDOK, 100, 100, 0, 0},
    {IDC_STOP, 100, 100, 0, 0},
    {IDCANCEL, 100, 100, 0, 0},
};

static void set_text_id(HWND hwnd, int control, UINT id, const DWORD_PTR *args, DWORD count)
{
    WCHAR *text = pasv_text_format(id, args, count);
    SetDlgItemTextW(hwnd, control, text ? text : L"");
    LocalFree(text);
}

static void enable(HWND hwnd, int control, bool on)
{
    EnableWindow(GetDlgItem(hwnd, control), on);
}

app_rows *dlg_rows_of(main_dialog *dlg)
{
    return app_page_progress_rows(dlg->progress);
}

/* ---- plan and buttons ---- */

void dlg_update_buttons(main_dialog *dlg)
{
    bool idle = dlg->phase == PASV_APP_IDLE, running = dlg->phase == PASV_APP_RUNNING;
    bool deciding = dlg->phase == PASV_APP_DECIDE;

    app_page_range_enable(dlg->range, idle, dlg->snap);
    app_page_options_enable(dlg->options, idle, dlg->snap);
    enable(dlg->hwnd, IDOK, idle && dlg->can_apply && !dlg->snapshot_pending && !dlg->recovery);
    enable(dlg->hwnd, IDC_PREVIEW, idle && dlg->preview != NULL);
    enable(dlg->hwnd, IDC_STOP, running);
    enable(dlg->hwnd, IDC_REFRESH, (idle || deciding) && !dlg->snapshot_pending && dlg->worker);
    app_page_progress_buttons(dlg->progress, deciding, dlg->offered_retry, dlg->recovery && idle, dlg->snapshot_pending);
    /* The default button must not be a disabled one, or Enter does nothing visible; and never
     * Apply: Enter while editing shows the plan (issue 12). */
    SendMessageW(dlg->hwnd, DM_SETDEFID, idle ? IDC_PREVIEW : (deciding ? IDC_KEEP : IDC_STOP), 0);
}

void dlg_set_rows_from_plan(main_dialog *dlg, const pasv_plan *plan)
{
    app_page_progress_show_plan(dlg->progress, plan);
    dlg->rows_are_results = false;
}

/* The audit judges each port against what Apply would write: the mode's target profiles and the
 * scope chosen (issue 11 item 4), as the plan does; rebuilt when either or the snapshot changes. */
static void update_audit(main_dialog *dlg, const app_page_choice *ch)
{
    const app_snapshot *s = dlg->snap;
    bool rule = ch->mode == PASV_MODE_RANGE_RULE && SUCCEEDED(s ? s->fw_state_rules_hr : E_FAIL);
    const app_audit_view *av;
    app_audit_want want;

    if (!s)
        return;
    want.scope = ch->scope_valid ? (int)ch->scope : -1;
    want.target = SUCCEEDED(s->fw_state_hr) ? (rule ? s->fw_state_rules : s->fw_state).profiles_all : 0;
    snprintf(want.remote, sizeof(want.remote), "%s", want.scope == PASV_SCOPE_CUSTOM ? ch->remote : "");
    want.rules_bits = rule; /* the bits target speaks in name the profiles (as pasvctl) */
    want.ineffective = SUCCEEDED(s->fw_state_hr) ? pasv_fw_state_ineffective(rule ? &s->fw_state_rules : &s->fw_state) : 0;
    av = app_page_audit_update(dlg->audit, s, &want, dlg->audit_dirty);
    dlg->audit_dirty = false;
    if (!dlg->snapshot_pending) /* else the line says "Refreshing..." until the snapshot comes */
        app_status_audit(dlg->hwnd, s, av);
}

/* The plan as a sentence in the plan line; true when it can be applied. */
static bool say_plan(main_dialog *dlg, const pasv_plan *plan, const pasv_range *range, bool skip_firewall)
{
    pasv_plan_counts c;
    WCHAR wrange[PASV_RANGE_TEXT_MAX], n[4][12];
    DWORD_PTR args[5] = {(DWORD_PTR)wrange, (DWORD_PTR)n[0], (DWORD_PTR)n[1], (DWORD_PTR)n[2], (DWORD_PTR)n[3]};
    char buf[PASV_RANGE_TEXT_MAX];

    pasv_plan_count(plan, &c);
    pasv_range_format(range, buf, sizeof(buf));
    MultiByteToWideChar(CP_UTF8, 0, buf, -1, wrange, PASV_RANGE_TEXT_MAX);
    /* The plan sentence takes plain %n inserts: pass every count as text. */
    swprintf(n[0], 12, L"%u", (unsigned)(c.open + c.rules_put));
    swprintf(n[1], 12, L"%u", (unsigned)c.keep);
    swprintf(n[2], 12, L"%u", (unsigned)(c.stale + c.rules_removed));
    swprintf(n[3], 12, L"%u", (unsigned)c.foreign);
    if (pasv_plan_is_noop(plan)) {
        set_text_id(dlg->hwnd, IDC_PLAN_TEXT, IDS_PLAN_NOOP, NULL, 0);
        return false;
    }
    if (skip_firewall) {
        WCHAR *why = pasv_text_system(dlg->snap->firewall_hr != S_OK ? dlg->snap->firewall_hr : dlg->snap->fw_hr);
        DWORD_PTR a[1] = {(DWORD_PTR)(why ? why : L"")};
        set_text_id(dlg->hwnd, IDC_PLAN_TEXT, IDS_FW_UNUSABLE_PLAN, a, 1);
        LocalFree(why);
        return true;
    }
    set_text_id(dlg->hwnd, IDC_PLAN_TEXT, PASV_MSG_SUMMARY_PLAN, args, 5);
    return true;
}

/* Rebuilds the plan from the pages' input and the snapshot; shows it as a sentence (and as rows
 * unless the list is showing a finished run the user has not moved on from). */
void dlg_rebuild_plan(main_dialog *dlg, bool user_edit)
{
    app_page_choice ch;
    pasv_plan *plan = NULL;
    pasv_hr hr = PASV_S_OK;
    UINT why = 0;

    app_page_options_get(dlg->options, &ch);
    update_audit(dlg, &ch);
    dlg->plan_serial++;
    pasv_plan_free(dlg->preview);
    dlg->preview = NULL;
    dlg->can_apply = false;
    if (user_edit && dlg->phase == PASV_APP_IDLE)
        dlg->rows_are_results = false;

    /* The plan is made by page_plan.c, as the snap-in's property sheet makes it. */
    if (app_page_build_plan(dlg->range, dlg->options, dlg->snap, &plan, &why, &hr)) {
        dlg->preview = plan;
        dlg->can_apply = say_plan(dlg, plan, &plan->opt.range, plan->opt.skip_firewall);
    } else if (PASV_FAILED(hr)) {
        WCHAR *text = pasv_text_failure(IDS_PLAN_INVALID, NULL, hr);
        SetDlgItemTextW(dlg->hwnd, IDC_PLAN_TEXT, text ? text : L"");
        LocalFree(text);
    } else if (why) {
        set_text_id(dlg->hwnd, IDC_PLAN_TEXT, why, NULL, 0);
    } else {
        SetDlgItemTextW(dlg->hwnd, IDC_PLAN_TEXT, L""); /* the options page says why */
    }
    if (!dlg->rows_are_results && dlg->phase == PASV_APP_IDLE)
        app_page_progress_show_plan(dlg->progress, dlg->preview);
    dlg_update_buttons(dlg);
}

/* ---- the snapshot (what is there now) ---- */

/* The inputs were disabled while reading, which took the focus from the first port (the dialog
 * manager then gave it to the first enabled tab stop, the Changes toggle): give it back unless
 * the user has put it somewhere. */
static void focus_first_port(main_dialog *dlg)
{
    HWND focus = GetFocus(), low = GetDlgItem(app_page_hwnd(dlg->range), IDC_RANGE_LOW);

    if (!IsWindowEnabled(low))
        return;
    if (focus && focus != low && focus != GetDlgItem(dlg->hwnd, IDC_VIEW_CHANGES) && IsChild(dlg->hwnd, focus))
        return;
    app_page_range_focus(dlg->range);
}

/* The options page's IIS 7+ rows are hidden (another server, or nothing to show): their height
 * goes to the Changes and Audit pages, so the list shows more rows instead of an empty frame. */
static void give_back_options_rows(main_dialog *dlg)
{
    int h = app_page_options_give_back(dlg->options);
    size_t i;

    for (i = 0; h > 0 && i < dlg->lay.count; i++) {
        RECT *rc = &dlg->lay.items[i].rect;
        switch (GetDlgCtrlID(dlg->lay.items[i].hwnd)) {
        case IDC_PAGE_OPTIONS: rc->bottom -= h; break;
        case IDC_PLAN_TEXT:
        case IDC_VIEW_CHANGES:
        case IDC_VIEW_AUDIT: OffsetRect(rc, 0, -h); break;
        case IDC_PAGE_PROGRESS:
        case IDC_PAGE_AUDIT: rc->top -= h; break;
        default: break;
        }
    }
    if (h > 0)
        layout_apply(&dlg->lay);
}

static void on_snapshot(main_dialog *dlg, app_snapshot *snap)
{
    bool first = !dlg->first_snapshot_seen;

    app_snapshot_free(dlg->snap);
    dlg->snap = snap;
    dlg->snapshot_pending = false;
    if (dlg->phase == PASV_APP_READING)
        dlg->phase = PASV_APP_IDLE;
    app_status_show(dlg->hwnd, snap);
    dlg->audit_dirty = true; /* rebuilt by rebuild_plan below, with the scope chosen */
    app_page_options_snapshot(dlg->options, snap, first && SUCCEEDED(snap->open_hr));
    if (FAILED(snap->open_hr)) {
        dlg_rebuild_plan(dlg, false);
        return;
    }
    app_page_range_snapshot(dlg->range, snap, first);
    if (first)
        give_back_options_rows(dlg);
    dlg_rebuild_plan(dlg, false);
    if (first)
        focus_first_port(dlg);
    dlg->first_snapshot_seen = true;
}

/* ---- init, keyboard, dispatch ---- */

static void page_changed(void *ctx, app_page *page, int control)
{
    (void)page;
    (void)control;
    dlg_rebuild_plan(ctx, true);
}

static void page_command(void *ctx, app_page *page, int control)
{
    (void)page;
    SendMessageW(((main_dialog *)ctx)->hwnd, WM_COMMAND, MAKEWPARAM(control, BN_CLICKED), 0);
}

/* F1 on a control of the dialog's own (a page's are the page's), F5, Ctrl+F; true when handled. */
static bool on_key(main_dialog *dlg, const MSG *msg)
{
    app_page *pages[4] = {dlg->range, dlg->options, dlg->progress, dlg->audit};
    size_t i;

    if (msg->message != WM_KEYDOWN || !msg->hwnd || (msg->hwnd != dlg->hwnd && !IsChild(dlg->hwnd, msg->hwnd)))
        return false;
    if (msg->wParam == VK_F5) {
        SendMessageW(dlg->hwnd, WM_COMMAND, MAKEWPARAM(IDC_REFRESH, BN_CLICKED), 0);
        return true;
    }
    if (msg->wParam == 'F' && GetKeyState(VK_CONTROL) < 0) {
        dlg_set_view(dlg, true);
        app_page_audit_focus_find(dlg->audit);
        return true;
    }
    for (i = 0; i < 4; i++)
        if (app_page_translate(pages[i], msg))
            return true;
    if (msg->wParam == VK_F1) {
        HWND ctl = msg->hwnd;
        while (ctl && GetParent(ctl) != dlg->hwnd)
            ctl = GetParent(ctl);
        if (!ctl || !app_page_help(dlg->hwnd, GetDlgCtrlID(ctl)))
            app_page_help_all(dlg->hwnd);
        return true;
    }
    return false;
}

/* The modal loop's IsDialogMessage calls this hook first (MSGF_DIALOGBOX); message boxes the
 * dialog owns run their own loops and are not its children, so their keys pass. */
static LRESULT CALLBACK key_hook(int code, WPARAM wparam, LPARAM lparam)
{
    if (code == MSGF_DIALOGBOX && keyboard_dialog && on_key(keyboard_dialog, (const MSG *)lparam))
        return TRUE;
    return CallNextHookEx(NULL, code, wparam, lparam);
}

static bool create_pages(main_dialog *dlg)
{
    app_page_host host = {dlg, page_changed, page_command};
    HINSTANCE res = (HINSTANCE)GetWindowLongPtrW(dlg->hwnd, GWLP_HINSTANCE);

    dlg->range = app_page_range_create(res, dlg->hwnd, &host);
    dlg->options = app_page_options_create(res, dlg->hwnd, &host);
    dlg->progress = app_page_progress_create(res, dlg->hwnd, &host);
    dlg->audit = app_page_audit_create(res, dlg->hwnd, &host);
    if (!dlg->range || !dlg->options || !dlg->progress || !dlg->audit)
        return false;
    app_page_place(dlg->range, GetDlgItem(dlg->hwnd, IDC_PAGE_RANGE));
    app_page_place(dlg->options, GetDlgItem(dlg->hwnd, IDC_PAGE_OPTIONS));
    app_page_place(dlg->progress, GetDlgItem(dlg->hwnd, IDC_PAGE_PROGRESS));
    app_page_place(dlg->audit, GetDlgItem(dlg->hwnd, IDC_PAGE_AUDIT));
    return true;
}

static void set_icons(HWND hwnd)
{
    HINSTANCE res = (HINSTANCE)GetWindowLongPtrW(hwnd, GWLP_HINSTANCE);
    HICON big = (HICON)LoadImageW(res, MAKEINTRESOURCEW(IDI_PASVPORTS), IMAGE_ICON, GetSystemMetrics(SM_CXICON),
                                  GetSystemMetrics(SM_CYICON), 0);
    HICON small = (HICON)LoadImageW(res, MAKEINTRESOURCEW(IDI_PASVPORTS), IMAGE_ICON, GetSystemMetrics(SM_CXSMICON),
                                    GetSystemMetrics(SM_CYSMICON), 0);
    SendMessageW(hwnd, WM_SETICON, ICON_BIG, (LPARAM)big);
    SendMessageW(hwnd, WM_SETICON, ICON_SMALL, (LPARAM)small);
}

static BOOL on_init(HWND hwnd, main_dialog *dlg)
{
    dlg->hwnd = hwnd;
    app_safe_mark(hwnd);
    dlg->phase = PASV_APP_READING;
    SetWindowLongPtrW(hwnd, GWLP_USERDATA, (LONG_PTR)dlg);
    dlg->dpi = app_place_dpi(hwnd);
    set_icons(hwnd);
    if (!create_pages(dlg)) {
        EndDialog(hwnd, -1);
        return FALSE;
    }
    app_status_reading(hwnd, IDS_READING);
    dlg_set_view(dlg, false);
    dlg_rebuild_plan(dlg, false);

    layout_init(&dlg->lay, hwnd, layout_rules, sizeof(layout_rules) / sizeof(layout_rules[0]));
    /* The pages that stretch give up what their own lists can, no more. */
    layout_cap_shrink(&dlg->lay, min(app_page_layout(dlg->progress)->shrink_y, app_page_layout(dlg->audit)->shrink_y));
    app_place_restore(hwnd, dlg->dpi, &dlg->lay);
    app_place_fit(hwnd, &dlg->lay);
    layout_apply(&dlg->lay);

    dlg->worker = app_worker_start(hwnd);
    if (!dlg->worker) {
        WCHAR *text = pasv_text_failure(IDS_WHAT_SESSION, NULL, HRESULT_FROM_WIN32(GetLastError()));
        SetDlgItemTextW(hwnd, IDC_SERVER_TEXT, text ? text : L"");
        LocalFree(text);
        dlg->phase = PASV_APP_IDLE;
    }
    dlg_update_buttons(dlg);
    keyboard_dialog = dlg;
    dlg->keys = SetWindowsHookExW(WH_MSGFILTER, key_hook, NULL, GetCurrentThreadId());
    app_page_range_focus(dlg->range);
    return FALSE; /* focus set above */
}

static void on_destroy(main_dialog *dlg)
{
    HICON icon;

    KillTimer(dlg->hwnd, IDT_REPAINT);
    if (dlg->keys)
        UnhookWindowsHookEx(dlg->keys);
    dlg->keys = NULL;
    if (keyboard_dialog == dlg)
        keyboard_dialog = NULL;
    app_place_save(dlg->hwnd, dlg->dpi);
    app_worker_stop(dlg->worker); /* closes the session on its own thread */
    dlg->worker = NULL;
    app_snapshot_free(dlg->snap);
    dlg->snap = NULL;
    free(dlg->recovery);
    dlg->recovery = NULL;
    pasv_plan_free(dlg->preview);
    dlg->preview = NULL;
    layout_cleanup(&dlg->lay);
    icon = (HICON)SendMessageW(dlg->hwnd, WM_GETICON, ICON_BIG, 0);
    if (icon)
        DestroyIcon(icon);
    icon = (HICON)SendMessageW(dlg->hwnd, WM_GETICON, ICON_SMALL, 0);
    if (icon)
        DestroyIcon(icon);
    app_status_forget_tips(dlg->hwnd);
    app_safe_unmark(dlg->hwnd);
    SetWindowLongPtrW(dlg->hwnd, GWLP_USERDATA, 0);
}

/* A command for a control of a page, sent to the dialog (by a test, or as the default button):
 * the page that holds the control handles it. */
static void forward_to_page(main_dialog *dlg, WPARAM wparam, LPARAM lparam)
{
    app_page *pages[4] = {dlg->range, dlg->options, dlg->progress, dlg->audit};
    size_t i;

    for (i = 0; i < 4; i++) {
        HWND page = app_page_hwnd(pages[i]);
        if (page && GetDlgItem(page, LOWORD(wparam))) {
            SendMessageW(page, WM_COMMAND, wparam, lparam);
            return;
        }
    }
}

static void on_command(main_dialog *dlg, WPARAM wparam, LPARAM lparam)
{
    int id = LOWORD(wparam), code = HIWORD(wparam);

    switch (id) {
    case IDC_VIEW_CHANGES:
    case IDC_VIEW_AUDIT:
        if (code == BN_CLICKED)
            dlg_set_view(dlg, id == IDC_VIEW_AUDIT);
        break;
    case IDC_PREVIEW:
        dlg_on_preview(dlg);
        break;
    case IDOK:
        dlg_on_apply(dlg);
        break;
    case IDC_STOP:
        dlg_on_stop(dlg);
        break;
    case IDC_ROLLBACK:
        dlg_on_rollback(dlg);
        break;
    case IDC_KEEP:
        dlg_on_keep(dlg);
        break;
    case IDC_RETRY:
        dlg_on_retry(dlg);
        break;
    case IDC_HELP_BUTTON:
        app_page_help_all(dlg->hwnd);
        break;
    case IDC_REFRESH:
        dlg_on_refresh(dlg);
        break;
    case IDCANCEL:
        dlg_on_close(dlg);
        break;
    default:
        forward_to_page(dlg, wparam, lparam);
        break;
    }
}

static void on_dpi_changed(main_dialog *dlg, UINT dpi, const RECT *suggested)
{
    app_page *pages[4] = {dlg->range, dlg->options, dlg->progress, dlg->audit};
    size_t i;

    layout_rescale(&dlg->lay, (int)dpi, (int)dlg->dpi);
    for (i = 0; i < 4; i++)
        app_page_rescale(pages[i], dpi, dlg->dpi);
    dlg->dpi = dpi;
    SetWindowPos(dlg->hwnd, NULL, suggested->left, suggested->top, suggested->right - suggested->left,
                 suggested->bottom - suggested->top, SWP_NOZORDER | SWP_NOACTIVATE);
    layout_apply(&dlg->lay);
}

/* Records posted after the dialog went away: nothing to apply them to. */
static void drop_record(UINT msg, LPARAM lparam)
{
    if (msg == WM_APP_SNAPSHOT)
        app_snapshot_free((app_snapshot *)lparam);
    else if (msg == WM_APP_PROGRESS || msg == WM_APP_RUN_DONE || msg == WM_APP_REFUSED || msg == WM_APP_UNFINISHED)
        free((void *)lparam);
}

static INT_PTR CALLBACK main_dialog_proc(HWND hwnd, UINT msg, WPARAM wparam, LPARAM lparam)
{
    main_dialog *dlg = (main_dialog *)GetWindowLongPtrW(hwnd, GWLP_USERDATA);

    if (msg == WM_INITDIALOG)
        return on_init(hwnd, (main_dialog *)lparam);
    if (!dlg) {
        drop_record(msg, lparam);
        return FALSE;
    }
    switch (msg) {
    case WM_COMMAND:
        on_command(dlg, wparam, lparam);
        return TRUE;
    case WM_APP_SNAPSHOT:
        on_snapshot(dlg, (app_snapshot *)lparam);
        return TRUE;
    case WM_APP_PROGRESS:
        dlg_on_progress(dlg, (app_progress *)lparam);
        return TRUE;
    case WM_APP_RUN_DONE:
        dlg_on_run_done(dlg, (app_run_done *)lparam);
        return TRUE;
    case WM_APP_REFUSED:
        dlg_on_refused(dlg, (app_refusal *)lparam);
        return TRUE;
    case WM_APP_UNFINISHED:
        dlg_on_unfinished(dlg, (app_unfinished *)lparam);
        return TRUE;
    case PASV_APP_MSG_PHASE:
        SetWindowLongPtrW(hwnd, DWLP_MSGRESULT, dlg->snapshot_pending && dlg->phase == PASV_APP_IDLE
                                                    ? PASV_APP_RUNNING : dlg->phase);
        return TRUE;
    case PASV_APP_MSG_EXPORT:
        SetWindowLongPtrW(hwnd, DWLP_MSGRESULT, app_page_audit_export(dlg->audit, (const WCHAR *)lparam));
        return TRUE;
    case WM_TIMER:
        if (wparam == IDT_REPAINT)
            dlg_update_progress(dlg);
        return TRUE;
    case WM_HELP: {
        const HELPINFO *hi = (const HELPINFO *)lparam;
        if (hi->iContextType != HELPINFO_WINDOW || !app_page_help(hwnd, hi->iCtrlId))
            app_page_help_all(hwnd);
        return TRUE;
    }
    case WM_SIZE:
        layout_apply(&dlg->lay);
        app_status_tips(hwnd);
        return TRUE;
    case WM_GETMINMAXINFO:
        if (dlg->lay.items) {
            MINMAXINFO *mmi = (MINMAXINFO *)lparam;
            mmi->ptMinTrackSize.x = dlg->lay.min_window.cx;
            mmi->ptMinTrackSize.y = dlg->lay.min_window.cy;
        }
        return TRUE;
    case 0x02E0: /* WM_DPICHANGED (Windows 8.1+; not in the XP-level headers) */
        on_dpi_changed(dlg, LOWORD(wparam), (const RECT *)lparam);
        return TRUE;
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
