/* pasvsnap.dll: the node's task "Remove our firewall exceptions...": closes every firewall
 * exception and rule of ours and leaves the FTP passive range alone, as pasvctl remove does when
 * it has no FTP range to clear (src/cli/cmd_apply.c: clear_range, skip_config, remove_stale).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * The engine never runs on MMC's thread: the dialog's worker thread (src/app/worker.c) reads the
 * configuration and runs the plan under the machine-wide lock and the journal (src/app/guard.c),
 * as the dialog's Apply does. It reports to a message-only window this file makes on MMC's
 * thread; that window builds the plan from the worker's snapshot, asks the Yes/No question and,
 * when the run ends, posts the snap-in's change message (compdata.c) so the console refreshes.
 * Foreign entries are never in the plan: the engine plans only entries of ours and proves each
 * one is ours again when it removes it.
 * "MessageBox function", https://learn.microsoft.com/en-us/windows/win32/api/winuser/nf-winuser-messageboxw */
#include "snapin.h"

#include <stdlib.h>

#include "guard.h"
#include "page_plan.h"
#include "pasv/range.h"
#include "resource.h"
#include "resource_snapin.h"
#include "safe.h"
#include "text.h"
#include "worker.h"

static const WCHAR remove_class[] = L"pasvsnap_remove";

typedef enum remove_phase { PHASE_READING, PHASE_ASKING, PHASE_RUNNING, PHASE_ENDING, PHASE_OVER } remove_phase;

struct snap_remove {
    HWND window;       /* receives the worker's records, on MMC's thread */
    HWND owner;        /* the console's main window: the message boxes' owner */
    HWND notify;       /* compdata.c's window and message: "re-read the audit" */
    UINT notify_msg;
    app_worker *worker;
    remove_phase phase;
    bool orphaned;     /* freed while its question was open: on_snapshot frees it */
};

static void tell(const snap_remove *r, WCHAR *text, UINT style)
{
    WCHAR *caption = pasv_text_load(IDS_SNAP_REMOVE_CAPTION);
    MessageBoxW(r->owner, text ? text : L"", caption ? caption : L"", style);
    LocalFree(caption);
    LocalFree(text);
}

/* The plan pasvctl remove makes without an FTP range to clear: every exception and rule of ours
 * closed, the range untouched, the service not restarted. */
static pasv_hr build_plan(const app_snapshot *snap, pasv_plan **out)
{
    pasv_options opt;
    pasv_current cur;

    pasv_options_init(&opt, snap->server);
    opt.clear_range = true;
    opt.skip_config = true;
    opt.remove_stale = true;
    opt.restart_service = false;
    opt.range = pasv_range_server_default(snap->server);
    opt.prefix = snap->prefix[0] ? snap->prefix : NULL;
    opt.mode = app_safe_mode_in_place(snap);
    memset(&cur, 0, sizeof(cur));
    cur.range = snap->range;
    cur.range_set = snap->range_set;
    cur.fw = &snap->fw;
    cur.fw_state = opt.mode == PASV_MODE_RANGE_RULE ? snap->fw_state_rules : snap->fw_state;
    cur.edit_while_running = snap->edit_while_running;
    return pasv_plan_build(&opt, &cur, out);
}

static WCHAR *count_clause(UINT one, UINT many, uint32_t n)
{
    DWORD_PTR args[1] = {n};
    return pasv_text_format(n == 1 ? one : many, args, 1);
}

/* One sentence: "Close 11 ports of ours and remove 1 firewall rule of ours in Windows Firewall;
 * the FTP passive port range and other programs' exceptions stay as they are." and the question. */
static WCHAR *confirm_text(const pasv_plan *plan)
{
    uint32_t ports = 0, rules = 0;
    WCHAR *a = NULL, *b = NULL, *joined = NULL, *text = NULL;
    size_t i;

    for (i = 0; i < plan->count; i++) {
        ports += plan->items[i].kind == PASV_ITEM_CLOSE_STALE;
        rules += plan->items[i].kind == PASV_ITEM_REMOVE_RULE;
    }
    if (ports)
        a = count_clause(IDS_CONFIRM_CLOSE_ONE, IDS_CONFIRM_CLOSE, ports);
    if (rules)
        b = count_clause(IDS_CONFIRM_REMOVE_RULE_ONE, IDS_CONFIRM_REMOVE_RULES, rules);
    if ((ports && !a) || (rules && !b))
        goto cleanup;
    if (a && b) {
        DWORD_PTR args[2] = {(DWORD_PTR)a, (DWORD_PTR)b};
        joined = pasv_text_format(IDS_SNAP_REMOVE_BOTH, args, 2);
    } else {
        DWORD_PTR args[1] = {(DWORD_PTR)(a ? a : b)};
        joined = pasv_text_format(IDS_SNAP_REMOVE_ONE, args, 1);
    }
    if (joined) {
        DWORD_PTR args[1] = {(DWORD_PTR)joined};
        CharUpperBuffW(joined, 1); /* the clauses are lower-case (safe.c) */
        text = pasv_text_format(IDS_SNAP_REMOVE_CONFIRM, args, 1);
    }

cleanup:
    LocalFree(a);
    LocalFree(b);
    LocalFree(joined);
    return text;
}

/* The worker's first snapshot: the plan, the question, the run. */
static void on_snapshot(snap_remove *r, app_snapshot *snap)
{
    pasv_plan *plan = NULL;
    WCHAR *text = NULL;
    int answer = 0;

    r->phase = PHASE_OVER;
    if (FAILED(snap->open_hr) || !app_snapshot_firewall_usable(snap)) {
        HRESULT hr = FAILED(snap->open_hr)       ? snap->open_hr
                     : FAILED(snap->firewall_hr) ? snap->firewall_hr
                     : FAILED(snap->fw_hr)       ? snap->fw_hr
                                                 : snap->fw_state_hr;
        tell(r, pasv_text_failure(IDS_SNAP_ERR_FIREWALL, NULL, hr), MB_OK | MB_ICONERROR);
        goto cleanup;
    }
    if (!snap->env.elevated) {
        tell(r, pasv_text_load(IDS_NOT_ELEVATED_APPLY), MB_OK | MB_ICONWARNING);
        goto cleanup;
    }
    if (PASV_FAILED(build_plan(snap, &plan)) || !plan) {
        tell(r, pasv_text_failure(IDS_SNAP_REMOVE_FAILED, NULL, E_OUTOFMEMORY), MB_OK | MB_ICONERROR);
        goto cleanup;
    }
    if (pasv_plan_is_noop(plan)) {
        tell(r, pasv_text_load(IDS_SNAP_REMOVE_NOTHING), MB_OK | MB_ICONINFORMATION);
        goto cleanup;
    }
    r->phase = PHASE_ASKING;
    text = confirm_text(plan);
    if (text) { /* never run on a question that could not be asked */
        WCHAR *caption = pasv_text_load(IDS_SNAP_REMOVE_CAPTION);
        answer = MessageBoxW(r->owner, text, caption ? caption : L"", MB_YESNO | MB_ICONQUESTION | MB_DEFBUTTON2);
        LocalFree(caption);
    }
    r->phase = PHASE_OVER;
    if (r->orphaned) {
        LocalFree(text);
        pasv_plan_free(plan);
        app_snapshot_free(snap);
        snap_remove_free(r);
        return;
    }
    if (answer == IDYES && app_worker_apply(r->worker, plan)) {
        plan = NULL; /* the worker owns it */
        r->phase = PHASE_RUNNING;
    }

cleanup:
    LocalFree(text);
    pasv_plan_free(plan);
    app_snapshot_free(snap);
}

static void on_run_done(snap_remove *r, app_run_done *rec)
{
    r->phase = PHASE_ENDING; /* the worker posts a last snapshot after the run */
    if (PASV_FAILED(rec->hr))
        tell(r, pasv_text_failure(IDS_SNAP_REMOVE_FAILED, NULL, (HRESULT)rec->hr), MB_OK | MB_ICONERROR);
    free(rec);
    if (r->notify)
        PostMessageW(r->notify, r->notify_msg, 0, 0);
}

static LRESULT CALLBACK remove_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    snap_remove *r = (snap_remove *)GetWindowLongPtrW(hwnd, GWLP_USERDATA);

    if (!r || msg < WM_APP_SNAPSHOT || msg > WM_APP_UNFINISHED)
        return DefWindowProcW(hwnd, msg, wp, lp);
    switch (msg) {
    case WM_APP_SNAPSHOT:
        if (r->phase == PHASE_READING)
            on_snapshot(r, (app_snapshot *)lp);
        else
            app_snapshot_free((app_snapshot *)lp);
        if (r->phase == PHASE_ENDING)
            r->phase = PHASE_OVER;
        break;
    case WM_APP_PROGRESS:
        app_worker_progress_taken(r->worker);
        free((void *)lp);
        break;
    case WM_APP_RUN_DONE:
        on_run_done(r, (app_run_done *)lp);
        break;
    case WM_APP_REFUSED: /* the lock is held or the preflight said no: nothing changed */
        r->phase = PHASE_OVER;
        app_guard_show_refusal(r->owner, (app_refusal *)lp);
        break;
    default: /* WM_APP_UNFINISHED: the dialog or pasvctl finishes an interrupted run */
        free((void *)lp);
        break;
    }
    return 0;
}

snap_remove *snap_remove_start(HWND owner, HWND notify, UINT notify_msg)
{
    snap_remove *r = calloc(1, sizeof(*r));
    WNDCLASSW wc;

    if (!r)
        return NULL;
    memset(&wc, 0, sizeof(wc));
    wc.lpfnWndProc = remove_proc;
    wc.hInstance = snap_module;
    wc.lpszClassName = remove_class;
    RegisterClassW(&wc); /* fails harmlessly when registered already */
    r->owner = owner;
    r->notify = notify;
    r->notify_msg = notify_msg;
    r->phase = PHASE_READING;
    r->window = CreateWindowExW(0, remove_class, L"", 0, 0, 0, 0, 0, HWND_MESSAGE, NULL, snap_module, NULL);
    if (r->window) {
        SetWindowLongPtrW(r->window, GWLP_USERDATA, (LONG_PTR)r);
        r->worker = app_worker_start(r->window); /* reads the configuration: WM_APP_SNAPSHOT */
    }
    if (!r->worker) {
        snap_remove_free(r);
        return NULL;
    }
    return r;
}

bool snap_remove_busy(const snap_remove *r)
{
    return r && r->phase != PHASE_OVER;
}

void snap_remove_free(snap_remove *r)
{
    MSG m;

    if (!r)
        return;
    if (r->phase == PHASE_ASKING && !r->orphaned) { /* the question is open on this thread's stack */
        r->orphaned = true;
        r->notify = NULL;
        return;
    }
    if (r->worker)
        app_worker_stop(r->worker); /* after its current command: a run is never cut short */
    if (r->window) {
        /* The records the worker posted and nobody read. */
        while (PeekMessageW(&m, r->window, WM_APP_SNAPSHOT, WM_APP_UNFINISHED, PM_REMOVE)) {
            if (m.message == WM_APP_SNAPSHOT)
                app_snapshot_free((app_snapshot *)m.lParam);
            else
                free((void *)m.lParam);
        }
        DestroyWindow(r->window);
    }
    free(r);
}
