/* pasvsnap.dll: the scope node's property sheet: the dialog's own pages (src/app/page.h: the
 * range editor, the options and the progress of a run), each wrapped in a property page, and the
 * dialog's worker thread (src/app/worker.c) that reads the configuration and applies.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * "IPropertySheetProvider interface", https://learn.microsoft.com/en-us/windows/win32/api/mmc/nn-mmc-ipropertysheetprovider
 * "PROPSHEETPAGEW structure", https://learn.microsoft.com/en-us/windows/win32/api/prsht/ns-prsht-propsheetpagew
 * "PSN_APPLY notification code", https://learn.microsoft.com/en-us/windows/win32/controls/psn-apply
 * MMC runs the sheet on a thread of its own. The pages share one sheet context; the range page's
 * window is the worker's notification window (WM_APP_* records, worker.h). Apply builds the plan
 * exactly as the dialog does (app_page_build_plan), asks the dialog's one-sentence question
 * (safe.c) and hands the plan to the worker: the engine never runs on MMC's thread nor on the
 * sheet's. The sheet stays open while a run goes on; at its end the console is told (notify). */
#include "snapin_pages.h"

#include <stdlib.h>

#include "guard.h"
#include "page.h"
#include "page_plan.h"
#include "resource.h"
#include "resource_pages.h"
#include "resource_snapin.h"
#include "safe.h"
#include "text.h"
#include "worker.h"

typedef struct snap_sheet {
    LONG refs;                /* one per page: PSPCB_RELEASE */
    HWND notify;              /* the snap-in's window on MMC's thread */
    UINT notify_msg;
    HWND dialogs[3];          /* the property pages' own dialogs */
    app_page *pages[3];       /* range, options, progress */
    app_worker *worker;
    app_snapshot *snap;
    bool first_seen, running;
} snap_sheet;

enum { PAGE_RANGE, PAGE_OPTIONS, PAGE_PROGRESS };
static const WORD page_templates[3] = {IDD_SNAP_PAGE_RANGE, IDD_SNAP_PAGE_OPTIONS, IDD_SNAP_PAGE_PROGRESS};

bool snap_pages_available(void)
{
    return true;
}

static void enable_inputs(snap_sheet *s)
{
    bool idle = !s->running && s->snap;
    if (s->pages[PAGE_RANGE])
        app_page_range_enable(s->pages[PAGE_RANGE], idle, s->snap);
    if (s->pages[PAGE_OPTIONS])
        app_page_options_enable(s->pages[PAGE_OPTIONS], idle, s->snap);
}

// cppcheck-suppress constParameter ; the signature is app_page_host's changed (page.h)
static void page_changed(void *ctx, app_page *page, int control)
{
    snap_sheet *s = ctx;
    size_t k;
    (void)control;
    for (k = 0; k < 3; k++)
        if (s->pages[k] == page && s->dialogs[k])
            PropSheet_Changed(GetParent(s->dialogs[k]), s->dialogs[k]);
}

/* Roll back, Keep and Retry of the progress page after a run that failed somewhere. */
static void page_command(void *ctx, app_page *page, int control)
{
    snap_sheet *s = ctx;
    bool started = false;

    if (s->running || !s->worker)
        return;
    if (control == IDC_ROLLBACK)
        started = app_worker_rollback(s->worker);
    else if (control == IDC_RETRY)
        started = app_worker_retry(s->worker);
    app_page_progress_buttons(page, !started && control != IDC_KEEP, false, false, started);
    if (started) {
        s->running = true;
        enable_inputs(s);
    }
}

static void show_snapshot(snap_sheet *s, bool first)
{
    if (s->pages[PAGE_RANGE])
        app_page_range_snapshot(s->pages[PAGE_RANGE], s->snap, first);
    if (s->pages[PAGE_OPTIONS])
        app_page_options_snapshot(s->pages[PAGE_OPTIONS], s->snap, first);
    enable_inputs(s);
}

static void on_snapshot(snap_sheet *s, app_snapshot *snap)
{
    bool first = !s->first_seen;

    app_snapshot_free(s->snap);
    s->snap = snap;
    s->first_seen = true;
    show_snapshot(s, first);
}

static void on_run_done(snap_sheet *s, app_run_done *rec)
{
    app_page *progress = s->pages[PAGE_PROGRESS];
    app_rows *rows = progress ? app_page_progress_rows(progress) : NULL;

    if (rows) {
        app_rows_update(rows, rec->items, rec->count);
        rows->current = (size_t)-1;
        app_page_progress_refresh(progress, false);
        app_page_progress_summary(progress, rec);
        app_page_progress_show_first_problem(progress);
        app_page_progress_buttons(progress, rec->op != APP_OP_ROLLBACK && (rows->counts.failed || rec->cancelled),
                                  rows->counts.failed != 0, false, false);
    }
    s->running = false;
    enable_inputs(s);
    free(rec);
    /* The console re-reads the audit on its own thread (compdata.c). */
    if (s->notify)
        PostMessageW(s->notify, s->notify_msg, 0, 0);
}

/* Apply: the plan from the pages as the dialog makes it, the dialog's question, then the worker.
 * Returns the PSN_APPLY result: the sheet stays open while the run goes on. */
static LONG_PTR on_apply(snap_sheet *s, HWND sheet)
{
    pasv_plan *plan = NULL;
    pasv_hr hr = PASV_S_OK;
    UINT why = 0;

    if (s->running)
        return PSNRET_INVALID_NOCHANGEPAGE;
    /* PSP_PREMATURE asks for the options page at once, but a host may still create it only when
     * first shown (Wine's comctl32 does): show it once so Apply reads its settings rather than
     * doing nothing, and come back. */
    if (s->snap && s->pages[PAGE_RANGE] && !s->pages[PAGE_OPTIONS]) {
        PropSheet_SetCurSel(sheet, NULL, PAGE_OPTIONS);
        PropSheet_SetCurSel(sheet, NULL, PAGE_RANGE);
    }
    if (!s->snap || !s->pages[PAGE_RANGE] || !s->pages[PAGE_OPTIONS])
        return PSNRET_INVALID_NOCHANGEPAGE;
    if (!app_page_build_plan(s->pages[PAGE_RANGE], s->pages[PAGE_OPTIONS], s->snap, &plan, &why, &hr)) {
        if (s->pages[PAGE_PROGRESS] && why)
            app_page_progress_say_id(s->pages[PAGE_PROGRESS], why);
        PropSheet_SetCurSel(sheet, NULL, PAGE_RANGE);
        return PSNRET_INVALID_NOCHANGEPAGE;
    }
    if (pasv_plan_is_noop(plan)) {
        pasv_plan_free(plan);
        return PSNRET_NOERROR;
    }
    if (!app_safe_confirm(sheet, plan)) {
        pasv_plan_free(plan);
        return PSNRET_INVALID_NOCHANGEPAGE;
    }
    if (s->pages[PAGE_PROGRESS]) {
        app_page_progress_show_plan(s->pages[PAGE_PROGRESS], plan);
        app_page_progress_say_id(s->pages[PAGE_PROGRESS], IDS_APPLYING);
    }
    if (!app_worker_apply(s->worker, plan)) { /* the worker owns the plan only when it took it */
        pasv_plan_free(plan);
        return PSNRET_INVALID_NOCHANGEPAGE;
    }
    s->running = true;
    enable_inputs(s);
    PropSheet_SetCurSel(sheet, NULL, PAGE_PROGRESS);
    return PSNRET_INVALID_NOCHANGEPAGE;
}

/* The range page's window also receives the worker's records. */
static bool on_worker_message(snap_sheet *s, UINT msg, LPARAM lp)
{
    switch (msg) {
    case WM_APP_SNAPSHOT:
        on_snapshot(s, (app_snapshot *)lp);
        return true;
    case WM_APP_PROGRESS: {
        app_progress *rec = (app_progress *)lp;
        app_worker_progress_taken(s->worker);
        if (s->pages[PAGE_PROGRESS]) {
            app_rows_update(app_page_progress_rows(s->pages[PAGE_PROGRESS]), rec->updates, rec->count);
            app_page_progress_refresh(s->pages[PAGE_PROGRESS], true);
        }
        free(rec);
        return true;
    }
    case WM_APP_RUN_DONE:
        on_run_done(s, (app_run_done *)lp);
        return true;
    case WM_APP_REFUSED:
        s->running = false;
        enable_inputs(s);
        app_guard_show_refusal(GetParent(s->dialogs[PAGE_RANGE]), (app_refusal *)lp);
        return true;
    case WM_APP_UNFINISHED:
        /* An interrupted run waits: the dialog or pasvctl --resume / --rollback-unfinished
         * finishes it; the preflight refuses a new run until then (WM_APP_REFUSED says so). */
        free((void *)lp);
        return true;
    default:
        return false;
    }
}

static INT_PTR CALLBACK page_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    snap_sheet *s = (snap_sheet *)GetWindowLongPtrW(hwnd, DWLP_USER);
    static const app_page_host host_template = {NULL, page_changed, page_command};

    if (msg == WM_INITDIALOG) {
        const PROPSHEETPAGEW *psp = (const PROPSHEETPAGEW *)lp;
        app_page_host host = host_template;
        int kind = psp->pszTemplate == MAKEINTRESOURCEW(IDD_SNAP_PAGE_RANGE)     ? PAGE_RANGE
                   : psp->pszTemplate == MAKEINTRESOURCEW(IDD_SNAP_PAGE_OPTIONS) ? PAGE_OPTIONS
                                                                                 : PAGE_PROGRESS;
        app_page *page;
        RECT rc;

        s = (snap_sheet *)psp->lParam;
        SetWindowLongPtrW(hwnd, DWLP_USER, (LONG_PTR)s);
        host.ctx = s;
        page = kind == PAGE_RANGE     ? app_page_range_create(snap_module, hwnd, &host)
               : kind == PAGE_OPTIONS ? app_page_options_create(snap_module, hwnd, &host)
                                      : app_page_progress_create(snap_module, hwnd, &host);
        s->dialogs[kind] = hwnd;
        s->pages[kind] = page;
        if (page) {
            GetClientRect(hwnd, &rc);
            SetWindowPos(app_page_hwnd(page), NULL, 0, 0, rc.right, rc.bottom, SWP_NOZORDER | SWP_SHOWWINDOW);
        }
        if (kind == PAGE_PROGRESS && page)
            app_page_progress_buttons(page, false, false, false, false);
        if (kind == PAGE_RANGE)
            s->worker = app_worker_start(hwnd); /* reads the configuration: WM_APP_SNAPSHOT */
        if (s->snap)
            show_snapshot(s, true); /* a page made after the snapshot arrived */
        return TRUE;
    }
    if (!s)
        return FALSE;
    if (msg >= WM_APP && hwnd == s->dialogs[PAGE_RANGE] && on_worker_message(s, msg, lp))
        return TRUE;
    if (msg == WM_NOTIFY) {
        const NMHDR *nm = (const NMHDR *)lp;
        if (nm->code == PSN_APPLY) {
            LONG_PTR r = hwnd == s->dialogs[PAGE_RANGE] ? on_apply(s, nm->hwndFrom) : PSNRET_NOERROR;
            SetWindowLongPtrW(hwnd, DWLP_MSGRESULT, r);
            return TRUE;
        }
        if (nm->code == PSN_QUERYCANCEL) {
            SetWindowLongPtrW(hwnd, DWLP_MSGRESULT, s->running); /* never closed mid-run */
            return TRUE;
        }
    }
    if (msg == WM_DESTROY) {
        size_t k;
        if (hwnd == s->dialogs[PAGE_RANGE] && s->worker) {
            app_worker_stop(s->worker); /* its records have nowhere to go from here */
            s->worker = NULL;
        }
        for (k = 0; k < 3; k++)
            if (s->dialogs[k] == hwnd) {
                s->dialogs[k] = NULL;
                s->pages[k] = NULL; /* the page frees itself with its window */
            }
    }
    (void)wp;
    return FALSE;
}

static UINT CALLBACK page_callback(HWND hwnd, UINT msg, PROPSHEETPAGEW *psp)
{
    snap_sheet *s = (snap_sheet *)psp->lParam;
    (void)hwnd;
    if (msg == PSPCB_RELEASE && InterlockedDecrement(&s->refs) == 0) {
        if (s->worker)
            app_worker_stop(s->worker);
        app_snapshot_free(s->snap);
        free(s);
        snap_object_destroyed();
    }
    return 1;
}

HRESULT snap_pages_create(IPropertySheetCallback *cb, HWND notify, UINT msg)
{
    snap_sheet *s = calloc(1, sizeof(*s));
    HRESULT hr = S_OK;
    size_t k;

    if (!s)
        return E_OUTOFMEMORY;
    s->notify = notify;
    s->notify_msg = msg;
    snap_object_created(); /* the DLL stays while a sheet is open */
    for (k = 0; k < 3 && SUCCEEDED(hr); k++) {
        PROPSHEETPAGEW psp;
        HPROPSHEETPAGE page;
        memset(&psp, 0, sizeof(psp));
        psp.dwSize = sizeof(psp);
        psp.dwFlags = PSP_USECALLBACK | PSP_PREMATURE;
        psp.hInstance = snap_module;
        psp.pszTemplate = MAKEINTRESOURCEW(page_templates[k]);
        psp.pfnDlgProc = page_proc;
        psp.lParam = (LPARAM)s;
        psp.pfnCallback = page_callback;
        InterlockedIncrement(&s->refs);
        page = CreatePropertySheetPageW(&psp);
        if (!page) {
            InterlockedDecrement(&s->refs);
            hr = E_OUTOFMEMORY;
            break;
        }
        hr = IPropertySheetCallback_AddPage(cb, page);
        if (FAILED(hr))
            DestroyPropertySheetPage(page); /* PSPCB_RELEASE gives its reference back */
    }
    if (s->refs == 0) {
        free(s);
        snap_object_destroyed();
    }
    return hr;
}

/* "Change passive port range...": the sheet through MMC's IPropertySheetProvider, brought to the
 * front when it is open already. */
HRESULT snap_pages_show(IConsole2 *console, IComponentData *owner, IDataObject *obj)
{
    IPropertySheetProvider *provider = NULL;
    WCHAR *title = NULL;
    HWND main = NULL;
    HRESULT hr;

    if (!console)
        return E_UNEXPECTED;
    hr = IConsole2_QueryInterface(console, &IID_IPropertySheetProvider, (void **)&provider);
    if (FAILED(hr))
        goto cleanup;
    /* S_OK: the sheet is open and MMC brought it to the front. */
    hr = IPropertySheetProvider_FindPropertySheet(provider, 0, NULL, obj);
    if (hr == S_OK)
        goto cleanup;
    title = pasv_text_load(IDS_SNAP_SHEET_TITLE);
    if (!title) {
        hr = E_OUTOFMEMORY;
        goto cleanup;
    }
    hr = IPropertySheetProvider_CreatePropertySheet(provider, title, TRUE, 0, obj, 0);
    if (FAILED(hr))
        goto cleanup;
    hr = IPropertySheetProvider_AddPrimaryPages(provider, (IUnknown *)owner, TRUE, NULL, TRUE);
    if (FAILED(hr))
        goto cleanup;
    hr = IConsole2_GetMainWindow(console, &main);
    if (FAILED(hr))
        goto cleanup;
    hr = IPropertySheetProvider_Show(provider, (LONG_PTR)main, 0);

cleanup:
    LocalFree(title);
    if (provider)
        IPropertySheetProvider_Release(provider);
    return hr;
}
