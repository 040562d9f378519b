/* pasvports: the dialog's run guard: lock, journal, trail and recovery on the worker; refusal
 * boxes and confirmations on the dialog's thread.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "guard.h"

#include <commctrl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "preflight.h"
#include "resource.h"
#include "text.h"

#define PROGRAM L"pasvports"

static void post_refusal(HWND notify, app_op op, const pasv_guard_refusal *why)
{
    app_refusal *rec = calloc(1, sizeof(*rec));
    WCHAR *text;

    if (!rec)
        return;
    text = pasv_guard_refusal_text(why);
    rec->op = op;
    rec->hr = why->hr;
    swprintf(rec->text, sizeof(rec->text) / sizeof(rec->text[0]), L"%ls", text ? text : L"?");
    LocalFree(text);
    if (!PostMessageW(notify, WM_APP_REFUSED, 0, (LPARAM)rec))
        free(rec); /* the dialog is gone */
}

static void post_text_refusal(HWND notify, app_op op, HRESULT hr, WCHAR *text)
{
    app_refusal *rec = calloc(1, sizeof(*rec));

    if (rec) {
        rec->op = op;
        rec->hr = hr;
        swprintf(rec->text, sizeof(rec->text) / sizeof(rec->text[0]), L"%ls", text ? text : L"?");
        if (!PostMessageW(notify, WM_APP_REFUSED, 0, (LPARAM)rec))
            free(rec); /* the dialog is gone */
    }
    LocalFree(text);
}

static bool plan_restarts(const pasv_plan *plan)
{
    size_t i;
    for (i = 0; i < plan->count; i++)
        if (plan->items[i].kind == PASV_ITEM_RESTART_SERVICE)
            return true;
    return false;
}

/* The preflight's "Windows Firewall does not answer" for a session whose firewall could not be
 * opened, read or listed: the failure pasvctl apply refuses with. */
static WCHAR *firewall_refusal(const pasv_session *s)
{
    pasv_preflight_finding f;

    memset(&f, 0, sizeof(f));
    f.code = PASV_PF_FIREWALL_UNREACHABLE;
    f.blocking = true;
    f.msg = pasv_preflight_ids_dialog.msg[PASV_PF_FIREWALL_UNREACHABLE];
    f.hr = !s->firewall ? s->firewall_hr : FAILED(s->fw_state_hr) ? s->fw_state_hr : s->fw_hr;
    if (SUCCEEDED(f.hr))
        f.hr = E_UNEXPECTED; /* it answered since the plan was made: the plan is stale */
    return pasv_preflight_text(&f);
}

bool app_guard_preflight(pasv_session *s, app_op op, const pasv_plan *plan, HWND notify, bool *kept_stopped)
{
    pasv_preflight pf;
    const pasv_preflight_finding *f;

    pasv_session_refresh_service(s); /* the admin may have stopped or disabled it since the snapshot */
    pasv_session_set_mode(s, (pasv_fw_mode)plan->opt.mode);
    pasv_preflight_check(s, &plan->opt, &pasv_preflight_ids_dialog, &pf);
    *kept_stopped = pasv_preflight_find(&pf, PASV_PF_SERVICE_STOPPED) != NULL && !plan_restarts(plan);
    f = pasv_preflight_blocking(&pf);
    if (f) {
        post_text_refusal(notify, op, E_ABORT, pasv_preflight_text(f));
        return false;
    }
    /* The plan skips the firewall only when it could not be read (page_plan.c): neither front
     * end runs a range-only change the admin did not ask for; pasvctl refuses it, so does the
     * dialog, with the same finding and nothing changed (issue 12). */
    if (plan->opt.skip_firewall && !plan->opt.skip_config) {
        post_text_refusal(notify, op, E_ABORT, firewall_refusal(s));
        return false;
    }
    /* A restart would start a service the admin stopped: the dialog re-plans from the new
     * snapshot (Retry of a failed restart is the user's own request and goes ahead). */
    if (op == APP_OP_APPLY && pf.keep_stopped && plan_restarts(plan)) {
        post_text_refusal(notify, op, E_ABORT, pasv_text_load(IDS_PF_DLG_SERVICE_CHANGED));
        return false;
    }
    return true;
}

/* The change log's "command" of a dialog run: "pasvports.exe Apply", ... */
static WCHAR *op_command(app_op op)
{
    UINT id = op == APP_OP_ROLLBACK ? IDS_TRAIL_ROLLBACK : op == APP_OP_RETRY ? IDS_TRAIL_RETRY : IDS_TRAIL_APPLY;
    return pasv_text_load(id);
}

HRESULT app_guard_open(pasv_guard *g, pasv_session *s, app_op op, const pasv_plan *plan, pasv_sink *inner,
                       HWND notify)
{
    pasv_guard_refusal why;
    WCHAR *command;
    HRESULT hr = pasv_guard_lock(g, PROGRAM, false, &why);

    if (FAILED(hr)) {
        post_refusal(notify, op, &why);
        return hr;
    }
    /* The dialog asks Keep / Roll back / Retry after a failed run: its line says so until the
     * admin chose (issue 12, finding 7); Keep writes the decision's own line (app_guard_keep). */
    g->when = PASV_TRAIL_AWAITING;
    command = op_command(op);
    hr = pasv_guard_begin(g, s, PROGRAM, command ? command : L"pasvports.exe", plan, inner, &why);
    LocalFree(command);
    if (FAILED(hr)) {
        pasv_guard_unlock(g);
        post_refusal(notify, op, &why);
    }
    return hr;
}

HRESULT app_guard_keep(const pasv_plan *plan, const pasv_range *before, bool before_set, pasv_hr result,
                       HWND notify)
{
    WCHAR *command = pasv_text_load(IDS_TRAIL_KEEP);
    pasv_trail_result tr;
    HRESULT hr = pasv_trail_record_when(plan, command ? command : L"pasvports.exe Keep changes", before, before_set,
                                        result, PASV_TRAIL_KEPT, &tr);

    LocalFree(command);
    if (FAILED(tr.log_hr))
        post_text_refusal(notify, APP_OP_APPLY, tr.log_hr, pasv_text_failure(IDS_WHAT_TRAIL, tr.path, tr.log_hr));
    return hr;
}

static void stale_warning(const pasv_guard *g, WCHAR *warning, size_t cap)
{
    WCHAR *text = pasv_guard_stale_text(g);
    swprintf(warning, cap, L"%ls", text ? text : L"");
    LocalFree(text);
}

HRESULT app_guard_close(pasv_guard *g, pasv_hr result, WCHAR *warning, size_t cap)
{
    HRESULT hr = pasv_guard_end(g, result, NULL);
    stale_warning(g, warning, cap);
    pasv_guard_unlock(g);
    return hr;
}

/* The banner: program, process, start time (as the lock names a holder) and how far, without
 * the command (pasvctl's full quoted path alone can fill a line); the tooltip has it all. */
static WCHAR *banner_text(const pasv_journal *j)
{
    WCHAR *prog = pasv_journal_wide(j->program), *out;
    WCHAR when[40], pid[16];
    SYSTEMTIME st;
    FILETIME ft;

    memset(&st, 0, sizeof(st));
    if (sscanf(j->time, "%4hu-%2hu-%2huT%2hu:%2hu:%2huZ", &st.wYear, &st.wMonth, &st.wDay, &st.wHour, &st.wMinute,
               &st.wSecond) == 6 && SystemTimeToFileTime(&st, &ft))
        pasv_runlock_time_text(&ft, when, 40);
    else if (!MultiByteToWideChar(CP_UTF8, 0, j->time, -1, when, 40))
        when[0] = 0;
    swprintf(pid, 16, L"%lu", (unsigned long)j->pid);
    {
        DWORD_PTR a[5] = {(DWORD_PTR)(prog ? prog : L"?"), (DWORD_PTR)pid, (DWORD_PTR)when, (DWORD_PTR)j->done_lines,
                          (DWORD_PTR)j->count};
        out = pasv_text_format(IDS_JRN_DLG_BANNER_SHORT, a, 5);
    }
    LocalFree(prog);
    return out;
}

void app_guard_post_unfinished(HWND notify)
{
    pasv_journal j;
    app_unfinished *rec;

    if (pasv_guard_find_unfinished(&j) != S_OK)
        return;
    rec = calloc(1, sizeof(*rec));
    if (rec) {
        WCHAR *describe = pasv_recovery_describe(&j);
        WCHAR *text = banner_text(&j);
        WCHAR *cmd = pasv_journal_wide(j.command);
        swprintf(rec->text, sizeof(rec->text) / sizeof(rec->text[0]), L"%ls", text ? text : L"?");
        swprintf(rec->detail, sizeof(rec->detail) / sizeof(rec->detail[0]), L"%ls", describe ? describe : L"?");
        swprintf(rec->command, sizeof(rec->command) / sizeof(rec->command[0]), L"%ls", cmd ? cmd : L"");
        LocalFree(describe);
        LocalFree(text);
        LocalFree(cmd);
        if (!PostMessageW(notify, WM_APP_UNFINISHED, 0, (LPARAM)rec))
            free(rec);
    }
    pasv_journal_cleanup(&j);
}

/* Finish's preflight, as Apply's (issue 11, B14): Group Policy overriding the local lists, a
 * profile allowing no exceptions or a disabled service refuse before any change. A service the
 * admin stopped since the interrupted run (it was not running before it) stays stopped. */
static bool finish_preflight(pasv_session *s, const pasv_journal *j, pasv_options *opt, HWND notify)
{
    pasv_preflight pf;
    const pasv_preflight_finding *f;

    *opt = j->opt;
    pasv_session_set_mode(s, (pasv_fw_mode)opt->mode);
    if (pasv_preflight_keep_stopped(s) && j->before.service_state != PASV_SVC_RUNNING)
        opt->restart_service = false;
    pasv_preflight_check(s, opt, &pasv_preflight_ids_dialog, &pf);
    f = pasv_preflight_blocking(&pf);
    if (!f)
        return true;
    post_text_refusal(notify, APP_OP_RECOVER_FINISH, E_ABORT, pasv_preflight_text(f));
    return false;
}

/* Nothing left to do: the interrupted run is closed and its service comes back. */
static pasv_hr finish_noop(pasv_session *s, const pasv_journal *j, HWND notify)
{
    pasv_guard_refusal why;
    HRESULT fhr = pasv_recovery_close_for_resume(j);

    if (FAILED(fhr)) {
        memset(&why, 0, sizeof(why));
        why.hr = fhr;
        why.what_id = IDS_JRN_CANNOT_JOURNAL;
        pasv_run_journal_path(why.path);
        post_refusal(notify, APP_OP_RECOVER_FINISH, &why);
        return (pasv_hr)fhr;
    }
    fhr = pasv_recovery_restore_service(s, j);
    return FAILED(fhr) ? (pasv_hr)fhr : PASV_S_OK;
}

/* pasvctl --resume: re-plan the interrupted run's options against the state now and run that
 * plan journaled (its journal begins before the interrupted run's is closed); the service comes
 * back as it was before the interrupted run, only after a run that ran. */
static pasv_hr finish_run(pasv_guard *g, pasv_session *s, const pasv_journal *j, pasv_sink *inner, HWND notify,
                          pasv_plan **plan, HRESULT *trail_hr)
{
    pasv_guard_refusal why;
    pasv_options opt;
    pasv_current cur;
    pasv_backends be;
    WCHAR *command = NULL;
    pasv_hr hr;
    HRESULT fhr;

    pasv_session_refresh(s);
    if (!finish_preflight(s, j, &opt, notify))
        return (pasv_hr)E_ABORT;
    /* IIS 7+: the interrupted run's site address is compared with what it is now. */
    if (opt.site && opt.external_ip)
        (void)pasv_session_read_site(s, opt.site); /* unread: pasv_plan_build refuses the address */
    pasv_session_current(s, &cur);
    hr = pasv_plan_build(&opt, &cur, plan);
    if (PASV_FAILED(hr))
        return hr;
    if (pasv_plan_is_noop(*plan))
        return finish_noop(s, j, notify);
    {
        WCHAR *cmd = pasv_journal_wide(j->command);
        DWORD_PTR a[1] = {(DWORD_PTR)(cmd ? cmd : L"")};
        command = pasv_text_format(IDS_JRN_TRAIL_RESUME, a, 1);
        LocalFree(cmd);
    }
    g->resume = j;
    fhr = pasv_guard_begin(g, s, PROGRAM, command ? command : L"resume", *plan, inner, &why);
    LocalFree(command);
    if (FAILED(fhr)) {
        post_refusal(notify, APP_OP_RECOVER_FINISH, &why);
        return (pasv_hr)fhr;
    }
    pasv_session_backends(s, &be);
    hr = pasv_plan_apply(*plan, &be, pasv_guard_sink(g));
    *trail_hr = pasv_guard_end(g, hr, NULL);
    fhr = pasv_recovery_restore_service(s, j);
    /* A service that did not start again is a failed finish, never "finished" (issue 11, B6). */
    return PASV_SUCCEEDED(hr) && FAILED(fhr) ? (pasv_hr)fhr : hr;
}

bool app_guard_recover(pasv_session *s, app_op op, pasv_sink *inner, HWND notify, pasv_plan **plan,
                       pasv_hr *result, HRESULT *trail_hr, WCHAR *warning, size_t cap)
{
    pasv_guard g;
    pasv_guard_refusal why;
    pasv_journal j;
    WCHAR path[MAX_PATH] = L"";
    HRESULT hr = pasv_guard_lock(&g, PROGRAM, true, &why);
    bool ran = false, locked = SUCCEEDED(hr);

    *plan = NULL;
    *trail_hr = S_FALSE;
    warning[0] = 0;
    memset(&j, 0, sizeof(j));
    if (SUCCEEDED(hr) && FAILED(hr = pasv_trail_check(path))) {
        memset(&why, 0, sizeof(why));
        why.hr = hr;
        why.what_id = IDS_JRN_CANNOT_LOG;
        swprintf(why.path, MAX_PATH, L"%ls", path);
    }
    if (SUCCEEDED(hr) && pasv_run_journal_load(&j) != S_OK) {
        memset(&why, 0, sizeof(why));
        why.hr = hr = E_UNEXPECTED;
        why.what_id = IDS_JRN_UNREADABLE;
        pasv_run_journal_path(why.path);
    }
    if (FAILED(hr)) {
        post_refusal(notify, op, &why);
        *result = (pasv_hr)hr;
    } else if (op == APP_OP_RECOVER_UNDO) {
        HRESULT service_hr = S_FALSE;
        pasv_trail_result tr;
        memset(&tr, 0, sizeof(tr));
        *result = pasv_recovery_rollback(s, &j, inner, plan, &service_hr, &tr);
        *trail_hr = tr.log_hr;
        if (PASV_SUCCEEDED(*result) && FAILED(service_hr))
            *result = (pasv_hr)service_hr;
        ran = true;
    } else {
        *result = finish_run(&g, s, &j, inner, notify, plan, trail_hr);
        ran = true;
    }
    if (locked)
        stale_warning(&g, warning, cap);
    pasv_journal_cleanup(&j);
    pasv_guard_unlock(&g);
    return ran;
}

/* ---- dialog side ---- */

void app_guard_show_refusal(HWND owner, app_refusal *rec)
{
    WCHAR *caption = pasv_text_load(IDS_APP_TITLE);
    MessageBoxW(owner, rec->text, caption ? caption : L"", MB_OK | MB_ICONERROR);
    LocalFree(caption);
    free(rec);
}

bool app_guard_confirm(HWND owner, app_op op, const WCHAR *command)
{
    DWORD_PTR a[1] = {(DWORD_PTR)command};
    WCHAR *text = pasv_text_format(op == APP_OP_RECOVER_UNDO ? IDS_JRN_DLG_CONFIRM_UNDO : IDS_JRN_DLG_CONFIRM_FINISH,
                                   a, 1);
    WCHAR *caption = pasv_text_load(IDS_APP_TITLE);
    int answer = MessageBoxW(owner, text ? text : L"", caption ? caption : L"",
                             MB_YESNO | MB_ICONQUESTION | MB_DEFBUTTON2);
    LocalFree(text);
    LocalFree(caption);
    return answer == IDYES;
}

static layout_item *find_item(layout *lay, HWND hwnd)
{
    size_t i;
    for (i = 0; i < lay->count; i++)
        if (lay->items[i].hwnd == hwnd)
            return &lay->items[i];
    return NULL;
}

/* The banner's tooltip: the whole description, wrapped at 300 dialog units (so at any DPI). The
 * summary is SS_NOTIFY, else a static lets the mouse through and the tooltip never sees it. */
static void banner_tip(HWND dialog, app_unfinished *rec, bool on)
{
    HWND summary = GetDlgItem(dialog, IDC_SUMMARY);
    TTTOOLINFOW ti;
    RECT width = {0, 0, 300, 0};

    if (!rec)
        return;
    if (!on) {
        if (rec->tip)
            DestroyWindow(rec->tip);
        rec->tip = NULL;
        return;
    }
    if (rec->tip || !summary)
        return;
    rec->tip = CreateWindowExW(WS_EX_TOPMOST, TOOLTIPS_CLASSW, NULL, WS_POPUP | TTS_ALWAYSTIP | TTS_NOPREFIX,
                               CW_USEDEFAULT, CW_USEDEFAULT, CW_USEDEFAULT, CW_USEDEFAULT, dialog, NULL,
                               (HINSTANCE)GetWindowLongPtrW(dialog, GWLP_HINSTANCE), NULL);
    if (!rec->tip)
        return;
    memset(&ti, 0, sizeof(ti));
    ti.cbSize = sizeof(ti);
    ti.uFlags = TTF_IDISHWND | TTF_SUBCLASS;
    ti.hwnd = dialog;
    ti.uId = (UINT_PTR)summary;
    ti.lpszText = rec->detail; /* copied by the tooltip */
    SendMessageW(rec->tip, TTM_ADDTOOLW, 0, (LPARAM)&ti);
    MapDialogRect(dialog, &width);
    SendMessageW(rec->tip, TTM_SETMAXTIPWIDTH, 0, width.right);
    SendMessageW(rec->tip, TTM_SETDELAYTIME, TTDT_AUTOPOP, 30000);
}

void app_guard_show_unfinished(HWND dialog, layout *lay, app_unfinished *rec)
{
    SetDlgItemTextW(dialog, IDC_SUMMARY, rec->text);
    app_guard_recovery_buttons(dialog, lay, rec, true);
}

void app_guard_recovery_buttons(HWND dialog, layout *lay, app_unfinished *rec, bool on)
{
    static RECT saved_undo, saved_finish;
    static WCHAR undo_text[64], finish_text[64];
    static bool saved;
    HWND undo = GetDlgItem(dialog, IDC_ROLLBACK), finish = GetDlgItem(dialog, IDC_RETRY);
    layout_item *u = find_item(lay, undo), *f = find_item(lay, finish);
    layout_item *bar = find_item(lay, GetDlgItem(dialog, IDC_PROGRESS));
    RECT width = {0, 0, 112, 4};
    WCHAR *text;

    banner_tip(dialog, rec, on);
    if (!u || !f || !bar)
        return;
    if (on && !saved) {
        saved_undo = u->rect;
        saved_finish = f->rect;
        GetWindowTextW(undo, undo_text, 64);
        GetWindowTextW(finish, finish_text, 64);
        saved = true;
    }
    if (on) {
        /* On the progress bar's row (empty while nothing runs): the bottom row has no room for
         * two buttons this wide beside Help, Preview, Apply, Stop and Close. */
        int height = saved_undo.bottom - saved_undo.top, top = bar->rect.top - (height - (bar->rect.bottom - bar->rect.top)) / 2;
        MapDialogRect(dialog, &width);
        u->rect.top = f->rect.top = top;
        u->rect.bottom = f->rect.bottom = top + height;
        u->rect.right = u->rect.left + width.right;
        f->rect.left = u->rect.right + (saved_finish.left - saved_undo.right) / 2;
        f->rect.right = f->rect.left + width.right;
    } else if (saved) {
        u->rect = saved_undo;
        f->rect = saved_finish;
    }
    ShowWindow(bar->hwnd, on ? SW_HIDE : SW_SHOW);
    ShowWindow(GetDlgItem(dialog, IDC_COUNTS), on ? SW_HIDE : SW_SHOW);
    text = on ? pasv_text_load(IDS_JRN_DLG_UNDO) : NULL;
    SetWindowTextW(undo, on ? (text ? text : L"") : undo_text);
    LocalFree(text);
    text = on ? pasv_text_load(IDS_JRN_DLG_FINISH) : NULL;
    SetWindowTextW(finish, on ? (text ? text : L"") : finish_text);
    LocalFree(text);
    layout_apply(lay);
}
