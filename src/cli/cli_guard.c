/* pasvctl: what guards a run: the run lock, the secure files, an interrupted run's journal.
 * The lock is machine-wide; an interrupted run is reported, refused, or undone with
 * --rollback-unfinished.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "win.h"

#include <stdio.h>
#include <wchar.h>

#include "cli_guard.h"
#include "cli_util.h"
#include "console.h"
#include "recovery.h"
#include "resource.h"
#include "runlock.h"
#include "securedir.h"
#include "text.h"

/* Prints "pasvctl: <text>" for the holder messages (%1 program, %2 pid, %3 time). */
static void print_holder(UINT id, UINT unknown_id, const pasv_run_holder *h, console_stream stream)
{
    WCHAR pid[16], when[40];

    if (!h->known) {
        console_message(stream, unknown_id, NULL, 0);
        return;
    }
    swprintf(pid, 16, L"%lu", (unsigned long)h->pid);
    pasv_runlock_time_text(&h->started, when, 40);
    {
        DWORD_PTR a[3] = {(DWORD_PTR)h->program, (DWORD_PTR)pid, (DWORD_PTR)when};
        console_message(stream, id, a, 3);
    }
}

int cli_file_refused(HRESULT hr, UINT what_id, const WCHAR *path)
{
    if (hr == PASV_E_UNSAFE_OWNER || hr == PASV_E_UNSAFE_DACL) {
        WCHAR dir[MAX_PATH] = L"";
        /* The file is fine (or absent): then the directory is what was refused. */
        DWORD_PTR a[1] = {(DWORD_PTR)path};
        if (SUCCEEDED(pasv_secure_file_check(path)) && SUCCEEDED(pasv_secure_dir_path(dir, MAX_PATH)))
            a[0] = (DWORD_PTR)dir;
        console_text(CONSOLE_ERR, L"pasvctl: ");
        console_message(CONSOLE_ERR, hr == PASV_E_UNSAFE_OWNER ? IDS_JRN_UNSAFE_OWNER : IDS_JRN_UNSAFE_DACL, a, 1);
        return EXIT_ENVIRONMENT;
    }
    {
        WCHAR *why = pasv_text_failure(what_id, path, hr);
        DWORD_PTR a[1] = {(DWORD_PTR)(why ? why : L"?")};
        console_message(CONSOLE_ERR, IDS_CLI_ERR_PREFIX, a, 1);
        LocalFree(why);
    }
    return EXIT_ENVIRONMENT;
}

int cli_lock(pasv_runlock *lock, const WCHAR *program)
{
    pasv_run_holder other;
    bool stale = false;
    HRESULT hr = pasv_runlock_acquire(program, lock, &other, &stale);

    if (hr == PASV_E_RUN_LOCKED) {
        console_text(CONSOLE_ERR, L"pasvctl: ");
        print_holder(IDS_JRN_LOCKED, IDS_JRN_LOCKED_UNKNOWN, &other, CONSOLE_ERR);
        return EXIT_ENVIRONMENT;
    }
    if (FAILED(hr)) {
        WCHAR dir[MAX_PATH] = L"";
        pasv_secure_dir_path(dir, MAX_PATH);
        if (hr == PASV_E_UNSAFE_OWNER || hr == PASV_E_UNSAFE_DACL)
            return cli_file_refused(hr, IDS_JRN_LOCK_FAILED, dir);
        cli_failure(IDS_JRN_LOCK_FAILED, NULL, hr);
        return EXIT_ENVIRONMENT;
    }
    if (stale)
        print_holder(IDS_JRN_STALE_LOCK, IDS_JRN_STALE_LOCK_UNKNOWN, &other, CONSOLE_ERR);
    return -1;
}

int cli_load_unfinished(pasv_journal *j, bool *unfinished)
{
    HRESULT hr = pasv_run_journal_load(j);
    WCHAR path[MAX_PATH] = L"";

    *unfinished = false;
    if (hr == S_FALSE)
        return -1;
    if (FAILED(hr)) {
        pasv_run_journal_path(path);
        return cli_file_refused(hr, IDS_JRN_UNREADABLE, path);
    }
    /* A journal that never began recorded no change: nothing to recover. A finished one whose
     * rotation failed is over too. */
    *unfinished = j->begun && !j->finished;
    if (!*unfinished) {
        pasv_journal_cleanup(j);
        pasv_run_journal_rotate();
    }
    return -1;
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
    if (FAILED(thr))
        return cli_file_refused(thr, IDS_JRN_CANNOT_LOG, path);
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
