/* pasvports: the dialog's worker thread: session, apply/rollback/retry, batched progress.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "worker.h"

#include <stdlib.h>
#include <string.h>

#include "guard.h"
#include "machine.h"
#include "preflight.h"
#include "resource.h"
#include "text.h"
#include "trail.h"

/* Post a progress batch at most this often while the dialog keeps up; the dialog repaints on
 * its own 50 ms timer, so more often would only cost messages. */
#define PROGRESS_MIN_INTERVAL_MS 15

typedef enum worker_cmd {
    CMD_NONE = 0,
    CMD_REFRESH,
    CMD_APPLY,
    CMD_ROLLBACK,
    CMD_RETRY,
    CMD_RECOVER_UNDO,
    CMD_RECOVER_FINISH,
    CMD_QUIT
} worker_cmd;

typedef struct progress_sink {
    pasv_sink iface;
    app_worker *w;
    app_update *buf; /* updates not yet posted */
    size_t count, cap;
    DWORD last_post;
} progress_sink;

struct app_worker {
    HWND notify;
    HANDLE thread;
    HANDLE wake;                  /* auto-reset: a command is waiting */
    CRITICAL_SECTION lock;        /* guards cmd and handed_plan */
    worker_cmd cmd;
    pasv_plan *handed_plan;
    volatile LONG busy;           /* a command is queued or running */
    volatile LONG cancel;         /* polled by should_cancel */
    volatile LONG progress_in_queue;
    /* Worker-thread only. */
    pasv_session *session;
    HRESULT open_hr;
    pasv_plan *plan;
    WCHAR warning[512];           /* a taken-over lock, for the run's end record */
    bool kept_stopped;            /* the preflight of the run: the service stays stopped */
    volatile LONG keep;           /* the admin kept the last run's changes: its decision's line is due */
    bool decided;                 /* the last run's Keep line is written */
    pasv_hr last_hr;              /* the last run's result and the range it read before */
    pasv_range last_before;
    bool last_before_set;
};

static void post_record(app_worker *w, UINT msg, void *record)
{
    if (!PostMessageW(w->notify, msg, 0, (LPARAM)record))
        free(record); /* the dialog is gone */
}

void app_snapshot_free(app_snapshot *snap)
{
    if (!snap)
        return;
    pasv_fw_list_cleanup(&snap->fw);
    pasv_ftp_sites_free(&snap->sites);
    free(snap);
}

static void post_snapshot(app_worker *w)
{
    app_snapshot *snap = calloc(1, sizeof(*snap));
    pasv_session *s = w->session;

    if (!snap)
        return;
    pasv_fw_list_init(&snap->fw);
    snap->open_hr = w->open_hr;
    snap->svc_state_hr = E_UNEXPECTED;
    snap->sites_hr = snap->builtin_hr = E_NOTIMPL;
    snap->stateful_ftp = -1;
    if (s) {
        snap->env = s->env;
        snap->server = s->server;
        snap->config_hr = s->config ? S_OK : (FAILED(s->config_hr) ? s->config_hr : E_NOTIMPL);
        snap->firewall_hr = s->firewall ? S_OK : (FAILED(s->firewall_hr) ? s->firewall_hr : E_NOTIMPL);
        snap->service_hr = s->service ? S_OK : (FAILED(s->service_hr) ? s->service_hr : E_NOTIMPL);
        if (s->service)
            snap->svc_state_hr = s->service->vt->query(s->service, &snap->svc_state);
        snap->range = s->range;
        snap->range_set = s->range_set;
        snap->range_hr = s->range_hr;
        snap->edit_while_running = s->edit_while_running;
        snap->edit_hr = s->edit_hr;
        snap->fw_hr = s->fw_hr;
        pasv_session_set_mode(s, PASV_MODE_PER_PORT); /* an apply may have left range-rule set */
        snap->fw_state = s->fw_state;
        snap->fw_state_hr = s->fw_state_hr;
        snap->fw_state_rules_hr = E_NOTIMPL;
        if (s->fw_state.rules_api) {
            /* The range-rule preview needs the state in Vista+ profile bits too. */
            pasv_session_set_mode(s, PASV_MODE_RANGE_RULE);
            snap->fw_state_rules = s->fw_state;
            snap->fw_state_rules_hr = s->fw_state_hr;
        }
        memcpy(snap->prefix, s->prefix, sizeof(snap->prefix));
        snap->keep_stopped = pasv_preflight_keep_stopped(s);
        snap->dynamic_range = pasv_machine_dynamic_range(&s->env, NULL);
        if (s->env.ftp == PASV_FTP_IIS7 && SUCCEEDED(s->env.ftp_hr)) { /* this thread's COM (STA) */
            snap->sites_hr = pasv_ftp_sites_list(&snap->sites);
            snap->builtin_hr = pasv_ftp_builtin_rules(&snap->builtin);
            snap->stateful_ftp = pasv_stateful_ftp_policy();
        }
        if (s->has_builtin) {
            snap->has_builtin = true;
            snap->builtin_off_by_us = s->builtin_off_by_us;
            snap->builtin_rule = s->builtin;
            memcpy(snap->builtin_name, s->builtin_name, sizeof(snap->builtin_name));
            snap->builtin_rule.name = snap->builtin_name;
        }
        for (size_t i = 0; i < s->fw.count; i++) {
            if (!pasv_fw_list_push(&snap->fw, &s->fw.items[i])) {
                snap->fw_hr = E_OUTOFMEMORY;
                break;
            }
        }
    }
    if (!PostMessageW(w->notify, WM_APP_SNAPSHOT, 0, (LPARAM)snap))
        app_snapshot_free(snap);
}

/* ---- progress sink ---- */

static void sink_flush(progress_sink *ps, bool force)
{
    app_progress *rec;
    DWORD now = GetTickCount();

    if (!ps->count)
        return;
    /* One batch in the queue at a time: while the dialog has not taken the last one, keep
     * accumulating (the batch simply grows). */
    if (InterlockedCompareExchange(&ps->w->progress_in_queue, 0, 0))
        return;
    if (!force && now - ps->last_post < PROGRESS_MIN_INTERVAL_MS)
        return;
    rec = malloc(sizeof(*rec) + ps->count * sizeof(app_update));
    if (!rec)
        return;
    rec->count = ps->count;
    memcpy(rec->updates, ps->buf, ps->count * sizeof(app_update));
    ps->count = 0;
    ps->last_post = now;
    InterlockedExchange(&ps->w->progress_in_queue, 1);
    if (!PostMessageW(ps->w->notify, WM_APP_PROGRESS, 0, (LPARAM)rec)) {
        InterlockedExchange(&ps->w->progress_in_queue, 0);
        free(rec);
    }
}

static void sink_push(progress_sink *ps, const pasv_plan *plan, size_t item, uint8_t note)
{
    app_update *u;

    if (ps->count == ps->cap) {
        size_t cap = ps->cap ? ps->cap * 2 : 256;
        app_update *grown = realloc(ps->buf, cap * sizeof(*grown));
        if (!grown)
            return; /* the final record carries every item's state anyway */
        ps->buf = grown;
        ps->cap = cap;
    }
    u = &ps->buf[ps->count++];
    memset(u, 0, sizeof(*u));
    u->index = (uint32_t)item;
    u->note = note;
    if (plan) {
        u->status = plan->items[item].status;
        u->hr = plan->items[item].hr;
        u->msg = plan->items[item].msg;
    } else {
        u->status = 0xFF; /* a note only: status unchanged */
    }
}

static bool is_slow_item(const pasv_plan *plan, size_t item)
{
    uint8_t kind = plan->items[item].kind;
    return kind == PASV_ITEM_BACKUP || kind == PASV_ITEM_SET_RANGE || kind == PASV_ITEM_CLEAR_RANGE
           || kind == PASV_ITEM_RESTART_SERVICE || kind == PASV_ITEM_VERIFY || kind == PASV_ITEM_PUT_RULE
           || kind == PASV_ITEM_SET_EXTERNAL_IP /* an AppHost commit, as SET_RANGE */
           || kind == PASV_ITEM_DISABLE_BUILTIN_RULE || kind == PASV_ITEM_ENABLE_BUILTIN_RULE;
}

static void sink_started(pasv_sink *s, const pasv_plan *plan, size_t item)
{
    progress_sink *ps = PASV_CONTAINER_OF(s, progress_sink, iface);
    sink_push(ps, plan, item, 0);
    /* A slow item (service restart) should show as running at once. */
    sink_flush(ps, is_slow_item(plan, item));
}

static void sink_finished(pasv_sink *s, const pasv_plan *plan, size_t item)
{
    progress_sink *ps = PASV_CONTAINER_OF(s, progress_sink, iface);
    sink_push(ps, plan, item, 0);
    sink_flush(ps, false);
}

static bool sink_should_cancel(pasv_sink *s)
{
    progress_sink *ps = PASV_CONTAINER_OF(s, progress_sink, iface);
    return InterlockedCompareExchange(&ps->w->cancel, 0, 0) != 0;
}

static void sink_note(pasv_sink *s, size_t item, pasv_note note, uint32_t value)
{
    progress_sink *ps = PASV_CONTAINER_OF(s, progress_sink, iface);
    if (note != PASV_NOTE_SERVICE_STATE)
        return;
    sink_push(ps, NULL, item, (uint8_t)value);
    sink_flush(ps, true);
}

static const pasv_sink_vtable progress_sink_vt = {sink_started, sink_finished, sink_should_cancel, sink_note};

/* ---- runs ---- */

static void post_run_done(app_worker *w, app_op op, pasv_hr hr, HRESULT trail_hr)
{
    size_t n = w->plan ? w->plan->count : 0, i;
    app_run_done *rec = malloc(sizeof(*rec) + n * sizeof(app_update));

    if (!rec)
        return;
    rec->op = op;
    rec->hr = hr;
    rec->range_restored = w->plan && w->plan->range_restored;
    rec->restore_started = w->plan && w->plan->service_restarted_after_restore;
    rec->cancelled = hr == PASV_E_ABORT;
    rec->kept_stopped = w->kept_stopped;
    {
        pasv_plan_counts c;

        pasv_plan_count(w->plan, &c); /* the engine's outcome, not a count of our own */
        rec->in_effect = c.in_effect;
        rec->changed = c.changed;
    }
    rec->trail_hr = trail_hr;
    memcpy(rec->warning, w->warning, sizeof(rec->warning));
    rec->count = n;
    for (i = 0; i < n; i++) {
        const pasv_plan_item *it = &w->plan->items[i];
        memset(&rec->items[i], 0, sizeof(rec->items[i]));
        rec->items[i].index = (uint32_t)i;
        rec->items[i].status = it->status;
        rec->items[i].hr = it->hr;
        rec->items[i].msg = it->msg;
    }
    post_record(w, WM_APP_RUN_DONE, rec);
}

/* Undo or finish an interrupted run (guard.c); its plan replaces the dialog's. */
static void recover(app_worker *w, app_op op, progress_sink *ps)
{
    pasv_plan *plan = NULL;
    pasv_hr hr = PASV_E_UNEXPECTED;
    HRESULT trail_hr = S_FALSE;

    if (!w->session || !app_guard_recover(w->session, op, &ps->iface, w->notify, &plan, &hr, &trail_hr, w->warning,
                                          sizeof(w->warning) / sizeof(w->warning[0]))) {
        pasv_plan_free(plan);
        post_snapshot(w);
        return;
    }
    pasv_plan_free(w->plan);
    w->plan = plan;
    post_run_done(w, op, hr, trail_hr);
    pasv_session_refresh(w->session);
    post_snapshot(w);
}

/* Every run is guarded (guard.c): the machine-wide lock, the journal's started record flushed
 * before the first change, each item journaled through the wrapping sink, and the change trail
 * written from the journal's outcomes. A refused run changes nothing and is posted as such. */
static void run(app_worker *w, worker_cmd cmd)
{
    progress_sink ps;
    pasv_backends be;
    pasv_guard guard;
    pasv_hr hr = PASV_E_UNEXPECTED;
    HRESULT trail_hr = S_FALSE;
    app_op op = cmd == CMD_ROLLBACK ? APP_OP_ROLLBACK : cmd == CMD_RETRY ? APP_OP_RETRY : APP_OP_APPLY;

    memset(&ps, 0, sizeof(ps));
    ps.iface.vt = &progress_sink_vt;
    ps.w = w;
    ps.last_post = GetTickCount() - PROGRESS_MIN_INTERVAL_MS;
    w->warning[0] = 0;
    if (cmd == CMD_RECOVER_UNDO || cmd == CMD_RECOVER_FINISH) {
        recover(w, cmd == CMD_RECOVER_UNDO ? APP_OP_RECOVER_UNDO : APP_OP_RECOVER_FINISH, &ps);
        free(ps.buf);
        return;
    }
    w->kept_stopped = false;
    if (w->session && w->plan) {
        /* The same preflight as pasvctl, before the lock and the first change (issue 11 item 4). */
        if (cmd != CMD_ROLLBACK && !app_guard_preflight(w->session, op, w->plan, w->notify, &w->kept_stopped)) {
            free(ps.buf);
            post_snapshot(w);
            return;
        }
        if (FAILED(app_guard_open(&guard, w->session, op, w->plan, &ps.iface, w->notify))) {
            free(ps.buf);
            post_snapshot(w); /* nothing changed: the dialog goes back to where it was */
            return;
        }
        pasv_session_set_mode(w->session, (pasv_fw_mode)w->plan->opt.mode);
        pasv_session_backends(w->session, &be);
        if (cmd == CMD_ROLLBACK) {
            hr = pasv_plan_rollback(w->plan, &be, pasv_guard_sink(&guard));
        } else {
            if (cmd == CMD_RETRY)
                pasv_plan_retry_failed(w->plan);
            hr = pasv_plan_apply(w->plan, &be, pasv_guard_sink(&guard));
        }
        w->last_hr = hr;
        w->last_before = guard.before.range;
        w->last_before_set = guard.before.range_set;
        w->decided = false;
        trail_hr = app_guard_close(&guard, hr, w->warning, sizeof(w->warning) / sizeof(w->warning[0]));
    }
    free(ps.buf); /* post_run_done carries every item's final state */
    post_run_done(w, op, hr, trail_hr);
    if (w->session)
        pasv_session_refresh(w->session);
    post_snapshot(w);
}

static DWORD WINAPI worker_main(void *param)
{
    app_worker *w = param;
    HRESULT co = CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);
    bool com_initialized = SUCCEEDED(co);

    w->open_hr = com_initialized ? pasv_session_open(NULL, &w->session) : co;
    if (w->session)
        pasv_session_refresh(w->session); /* each part records its own result */
    post_snapshot(w);
    if (w->session)
        app_guard_post_unfinished(w->notify); /* after the snapshot: the dialog shows it over the idle state */
    InterlockedExchange(&w->busy, 0);

    for (;;) {
        worker_cmd cmd;
        pasv_plan *handed;

        WaitForSingleObject(w->wake, INFINITE);
        EnterCriticalSection(&w->lock);
        cmd = w->cmd;
        handed = w->handed_plan;
        w->cmd = CMD_NONE;
        w->handed_plan = NULL;
        LeaveCriticalSection(&w->lock);

        /* Keep's line (issue 12, finding 7), once per run, from the plan the run left and before
         * a handed plan replaces it or the thread quits (Close after a failure keeps too). */
        if (InterlockedExchange(&w->keep, 0) && w->plan && !w->decided) {
            app_guard_keep(w->plan, &w->last_before, w->last_before_set, w->last_hr, w->notify);
            w->decided = true;
        }
        if (handed) {
            pasv_plan_free(w->plan);
            w->plan = handed;
        }
        if (cmd == CMD_QUIT)
            break;
        if (cmd == CMD_REFRESH) {
            if (w->session)
                pasv_session_refresh(w->session);
            post_snapshot(w);
        } else if (cmd != CMD_NONE) {
            run(w, cmd);
        }
        EnterCriticalSection(&w->lock);
        if (w->cmd == CMD_NONE)
            InterlockedExchange(&w->busy, 0);
        LeaveCriticalSection(&w->lock);
    }
    pasv_plan_free(w->plan);
    w->plan = NULL;
    pasv_session_close(w->session);
    w->session = NULL;
    if (com_initialized)
        CoUninitialize();
    return 0;
}

app_worker *app_worker_start(HWND notify)
{
    app_worker *w = calloc(1, sizeof(*w));

    if (!w)
        return NULL;
    w->notify = notify;
    w->busy = 1; /* the first read */
    InitializeCriticalSection(&w->lock);
    w->wake = CreateEventW(NULL, FALSE, FALSE, NULL);
    if (w->wake)
        w->thread = CreateThread(NULL, 0, worker_main, w, 0, NULL);
    if (!w->thread) {
        if (w->wake)
            CloseHandle(w->wake);
        DeleteCriticalSection(&w->lock);
        free(w);
        return NULL;
    }
    return w;
}

/* One command can wait while another runs (e.g. Roll back clicked while the worker still
 * re-reads the state after an apply); the dialog's own phases keep it from queueing more. */
static bool send_command(app_worker *w, worker_cmd cmd, pasv_plan *plan)
{
    bool accepted = false;

    if (!w)
        return false;
    EnterCriticalSection(&w->lock);
    if (w->cmd == CMD_NONE) {
        w->cmd = cmd;
        w->handed_plan = plan;
        InterlockedExchange(&w->cancel, 0);
        InterlockedExchange(&w->busy, 1);
        accepted = true;
    }
    LeaveCriticalSection(&w->lock);
    if (accepted)
        SetEvent(w->wake);
    return accepted;
}

bool app_worker_apply(app_worker *w, pasv_plan *plan)
{
    return send_command(w, CMD_APPLY, plan);
}

bool app_worker_rollback(app_worker *w)
{
    return send_command(w, CMD_ROLLBACK, NULL);
}

bool app_worker_retry(app_worker *w)
{
    return send_command(w, CMD_RETRY, NULL);
}

bool app_worker_recover(app_worker *w, app_op op)
{
    return send_command(w, op == APP_OP_RECOVER_UNDO ? CMD_RECOVER_UNDO : CMD_RECOVER_FINISH, NULL);
}

bool app_worker_keep(app_worker *w)
{
    if (!w)
        return false;
    InterlockedExchange(&w->keep, 1);
    SetEvent(w->wake);
    return true;
}

bool app_worker_refresh(app_worker *w)
{
    return send_command(w, CMD_REFRESH, NULL);
}

void app_worker_progress_taken(app_worker *w)
{
    if (w)
        InterlockedExchange(&w->progress_in_queue, 0);
}

void app_worker_cancel(app_worker *w)
{
    if (w)
        InterlockedExchange(&w->cancel, 1);
}

bool app_worker_busy(const app_worker *w)
{
    return w && InterlockedCompareExchange((volatile LONG *)&w->busy, 0, 0) != 0;
}

void app_worker_stop(app_worker *w)
{
    if (!w)
        return;
    InterlockedExchange(&w->cancel, 1);
    EnterCriticalSection(&w->lock);
    w->cmd = CMD_QUIT;
    LeaveCriticalSection(&w->lock);
    SetEvent(w->wake);
    WaitForSingleObject(w->thread, INFINITE);
    CloseHandle(w->thread);
    CloseHandle(w->wake);
    DeleteCriticalSection(&w->lock);
    free(w);
}
