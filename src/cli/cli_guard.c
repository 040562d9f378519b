/* pasvctl: what guards a run: the run lock, the secure files, an interrupted run's journal.
 * The lock is machine-wide; an interrupted run is reported, refused, or undone with
 * --rollback-unfinished.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "win.h"

#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "cli_guard.h"
#include "cli_util.h"
#include "console.h"
#include "recovery.h"
#include "resource.h"
#include "runguard.h"
#include "runlock.h"
#include "securedir.h"
#include "text.h"

/* Prints a shared holder message (pasv_guard_holder_text) on stream. */
static void print_holder(UINT id, UINT unknown_id, const pasv_run_holder *h, console_stream stream)
{
    WCHAR *text = pasv_guard_holder_text(id, unknown_id, h);
    WCHAR fallback[32];

    if (!text)
        swprintf(fallback, 32, L"[message %u]", h->known ? id : unknown_id);
    console_line(stream, text ? text : fallback);
    LocalFree(text);
}

int cli_refused(const pasv_guard_refusal *why)
{
    if (why->hr == PASV_E_RUN_LOCKED) {
        console_text(CONSOLE_ERR, L"pasvctl: ");
        print_holder(IDS_JRN_LOCKED, IDS_JRN_LOCKED_UNKNOWN, &why->holder, CONSOLE_ERR);
    } else if (why->hr == PASV_E_UNSAFE_OWNER || why->hr == PASV_E_UNSAFE_DACL) {
        WCHAR *what = pasv_guard_unsafe_what(why);
        console_text(CONSOLE_ERR, L"pasvctl: ");
        console_line(CONSOLE_ERR, what ? what : L"?");
        LocalFree(what);
    } else if (why->what_id == IDS_JRN_LOCK_FAILED) {
        cli_failure(IDS_JRN_LOCK_FAILED, NULL, why->hr);
    } else {
        WCHAR *text = pasv_text_failure(why->what_id, why->path[0] ? why->path : NULL, why->hr);
        DWORD_PTR a[1] = {(DWORD_PTR)(text ? text : L"?")};
        console_message(CONSOLE_ERR, IDS_CLI_ERR_PREFIX, a, 1);
        LocalFree(text);
    }
    return EXIT_ENVIRONMENT;
}

int cli_guard_lock(pasv_guard *g)
{
    pasv_guard_refusal why;
    WCHAR *stale;

    /* The interrupted run is allowed here: apply reports it, --resume or --rollback-unfinished
     * recover it. */
    if (FAILED(pasv_guard_lock(g, L"pasvctl", true, &why)))
        return cli_refused(&why);
    if ((stale = pasv_guard_stale_text(g)) != NULL) {
        console_line(CONSOLE_ERR, stale);
        LocalFree(stale);
    }
    return -1;
}

int cli_load_unfinished(pasv_journal *j, bool locked, bool *unfinished)
{
    /* Without the lock (a dry run) a live run's journal is not an interrupted run, and a
     * finished journal is left for the next run that holds the lock to rotate. */
    HRESULT hr = locked ? pasv_guard_load_unfinished(j) : pasv_guard_find_unfinished(j);
    pasv_guard_refusal why;

    *unfinished = hr == S_OK;
    if (SUCCEEDED(hr))
        return -1;
    memset(&why, 0, sizeof(why));
    why.hr = hr;
    why.what_id = IDS_JRN_UNREADABLE;
    pasv_run_journal_path(why.path);
    return cli_refused(&why);
}

void cli_print_unfinished(const pasv_journal *j)
{
    WCHAR *text = pasv_recovery_describe(j);
    if (text) {
        console_line(CONSOLE_OUT, text);
        LocalFree(text);
    }
}

typedef struct rollback_sink {
    pasv_sink iface;
} rollback_sink;

static void rs_started(pasv_sink *s, const pasv_plan *p, size_t i)
{
    (void)s;
    (void)p;
    (void)i;
}

/* "  Rolled back  Open port 5001" for each undone item. */
static void rs_finished(pasv_sink *s, const pasv_plan *plan, size_t i)
{
    WCHAR *action = pasv_trail_item_action_shown(plan, i, cli_display);
    WCHAR *status = pasv_text_load(pasv_item_status_msg(&plan->items[i]));
    WCHAR head[64];
    (void)s;
    /* The action after the status, whole: a long name is never cut by a fixed line buffer. */
    swprintf(head, 64, L"  %-12ls ", status ? status : L"?");
    console_text(CONSOLE_OUT, head);
    console_line(CONSOLE_OUT, action ? action : L"?");
    LocalFree(action);
    LocalFree(status);
}

static bool rs_cancel(pasv_sink *s)
{
    (void)s;
    return false; /* an undo is never left half done on purpose */
}

static void rs_note(pasv_sink *s, size_t i, pasv_note n, uint32_t v)
{
    (void)s;
    (void)i;
    (void)n;
    (void)v;
}

static const pasv_sink_vtable rs_vt = {rs_started, rs_finished, rs_cancel, rs_note};

int cli_rollback_unfinished(const pasv_cmdline *cmd, pasv_session *s, const pasv_journal *j)
{
    rollback_sink sink = {{&rs_vt}};
    pasv_trail_result tr;
    HRESULT service_hr = S_FALSE;
    WCHAR path[MAX_PATH];
    pasv_hr hr;
    HRESULT thr;

    if (!s->env.elevated) {
        console_message(CONSOLE_ERR, IDS_CLI_ERR_NOT_ELEVATED, NULL, 0);
        return EXIT_ENVIRONMENT;
    }
    if (!cmd->yes && !console_input_is_console()) {
        WCHAR *name = cli_wide(pasv_command_name(cmd->command));
        DWORD_PTR a[1] = {(DWORD_PTR)(name ? name : L"")};
        console_message(CONSOLE_ERR, IDS_CLI_ERR_NEED_YES, a, 1);
        LocalFree(name);
        return EXIT_BAD_ARGS;
    }
    thr = pasv_trail_check(path);
    if (FAILED(thr)) {
        pasv_guard_refusal why;
        memset(&why, 0, sizeof(why));
        why.hr = thr;
        why.what_id = IDS_JRN_CANNOT_LOG;
        swprintf(why.path, MAX_PATH, L"%ls", path);
        return cli_refused(&why);
    }
    console_message(CONSOLE_OUT, IDS_JRN_ROLLING_BACK, NULL, 0);
    memset(&tr, 0, sizeof(tr));
    hr = pasv_recovery_rollback(s, j, &sink.iface, NULL, &service_hr, &tr);
    if (service_hr == S_OK)
        console_message(CONSOLE_OUT, IDS_JRN_SERVICE_STARTED, NULL, 0);
    else if (FAILED(service_hr))
        cli_failure(IDS_JRN_SERVICE_NOT_STARTED, NULL, service_hr);
    /* "As they were before" only when the service is too: a service that would not start again is
     * a step that could not be undone. */
    console_message(CONSOLE_OUT, PASV_SUCCEEDED(hr) && SUCCEEDED(service_hr) ? IDS_JRN_ROLLED_BACK
                                                                             : IDS_JRN_ROLLBACK_INCOMPLETE, NULL, 0);
    if (tr.path[0]) {
        DWORD_PTR a[1] = {(DWORD_PTR)tr.path};
        console_message(FAILED(tr.log_hr) ? CONSOLE_ERR : CONSOLE_OUT,
                        FAILED(tr.log_hr) ? IDS_CLI_AP_TRAIL_FAILED : IDS_CLI_AP_LOGGED, a, 1);
    }
    return PASV_SUCCEEDED(hr) && SUCCEEDED(service_hr) ? EXIT_DONE : EXIT_ITEMS_FAILED;
}

void cli_status_runs(void)
{
    pasv_run_holder holder;
    pasv_journal j;
    HRESULT hr;

    if (pasv_runlock_query(&holder) == S_OK) {
        /* Its journal is unfinished because it is being written. */
        print_holder(IDS_JRN_STATUS_RUNNING, IDS_JRN_STATUS_RUNNING, &holder, CONSOLE_OUT);
        return;
    }
    hr = pasv_run_journal_load(&j);
    if (hr == S_OK && j.begun && !j.finished) {
        WCHAR *text = pasv_recovery_describe(&j);
        DWORD_PTR a[1] = {(DWORD_PTR)(text ? text : L"?")};
        console_message(CONSOLE_OUT, IDS_JRN_STATUS_LINE, a, 1);
        console_message(CONSOLE_OUT, IDS_JRN_UNFINISHED_REFUSE, NULL, 0);
        LocalFree(text);
    } else if (FAILED(hr)) {
        WCHAR path[MAX_PATH] = L"", *why;
        pasv_run_journal_path(path);
        why = pasv_text_failure(IDS_JRN_UNREADABLE, path, hr);
        if (why) {
            DWORD_PTR a[1] = {(DWORD_PTR)why};
            console_message(CONSOLE_OUT, IDS_JRN_STATUS_LINE, a, 1);
            LocalFree(why);
        }
    } else {
        console_message(CONSOLE_OUT, IDS_JRN_STATUS_NONE, NULL, 0);
    }
    if (hr == S_OK)
        pasv_journal_cleanup(&j);
}
