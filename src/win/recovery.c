/* pasvports: the journal around a run, and the recovery of an interrupted run.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "recovery.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "resource.h"
#include "runlock.h"
#include "text.h"

void pasv_run_state_before(pasv_session *s, pasv_journal_state *before)
{
    pasv_service_state st = PASV_SVC_UNKNOWN;

    memset(before, 0, sizeof(*before));
    before->range = s->range;
    before->range_set = s->range_set;
    before->fw_enabled = s->fw_state.profiles_enabled;
    before->edit_while_running = s->edit_while_running;
    /* A value set by hand that is not a range: its exact text, for a rollback in another
     * process (issue 11, B12). The backends keep at most PASV_RAW_RANGE_MAX - 1 units, so the
     * UTF-8 form always fits. */
    if (s->range_hr == PASV_S_RANGE_INVALID && s->range_invalid[0]) {
        if (!WideCharToMultiByte(CP_UTF8, 0, s->range_invalid, -1, before->range_raw, PASV_JOURNAL_RAW_MAX, NULL,
                                 NULL))
            before->range_raw[0] = 0;
        if (s->env.ftp == PASV_FTP_IIS5)
            before->range_raw_type = pasv_iis5_reg_invalid_type(s->config);
    }
    if (s->service && FAILED(s->service->vt->query(s->service, &st)))
        st = PASV_SVC_UNKNOWN;
    before->service_state = (int)st;
}

static void now_text(char *buf, size_t cap)
{
    SYSTEMTIME t;
    GetSystemTime(&t);
    snprintf(buf, cap, "%04u-%02u-%02uT%02u:%02u:%02uZ", t.wYear, t.wMonth, t.wDay, t.wHour, t.wMinute, t.wSecond);
}

static HRESULT begin_run(pasv_run_journal *rj, const WCHAR *program, const WCHAR *command, const pasv_plan *plan,
                         const pasv_journal_state *before, pasv_sink *inner, bool next)
{
    char *prog = pasv_journal_utf8(program), *cmd = pasv_journal_utf8(command), when[32];
    pasv_journal_who who;
    HRESULT hr = E_OUTOFMEMORY;

    memset(rj, 0, sizeof(*rj));
    rj->file = INVALID_HANDLE_VALUE;
    if (prog && cmd) {
        now_text(when, sizeof(when));
        who.program = prog;
        who.pid = GetCurrentProcessId();
        who.time = when;
        who.command = cmd;
        hr = next ? pasv_run_journal_begin_next(rj, &who, plan, before, inner)
                  : pasv_run_journal_begin(rj, &who, plan, before, inner);
    }
    LocalFree(prog);
    LocalFree(cmd);
    return hr;
}

HRESULT pasv_run_begin(pasv_run_journal *rj, const WCHAR *program, const WCHAR *command, const pasv_plan *plan,
                       const pasv_journal_state *before, pasv_sink *inner)
{
    return begin_run(rj, program, command, plan, before, inner, false);
}

HRESULT pasv_run_begin_resume(pasv_run_journal *rj, const WCHAR *program, const WCHAR *command,
                              const pasv_plan *plan, const pasv_journal_state *before, pasv_sink *inner,
                              const pasv_journal *interrupted)
{
    HRESULT hr = begin_run(rj, program, command, plan, before, inner, true);

    if (FAILED(hr)) {
        pasv_run_journal_drop_next(rj);
        return hr;
    }
    hr = pasv_recovery_close_for_resume(interrupted);
    if (FAILED(hr)) {
        pasv_run_journal_drop_next(rj);
        pasv_run_journal_path(rj->path);
        return hr;
    }
    /* A failure here leaves the interrupted run closed (its trail written) and nothing changed
     * by this one: there is nothing left to recover. */
    return pasv_run_journal_take_next(rj);
}

/* The change trail of the run journal.log holds (finished), from the journal itself. */
static HRESULT trail_from_journal(const WCHAR *command, pasv_trail_when when, pasv_trail_result *trail)
{
    pasv_journal j;
    pasv_plan *plan = NULL;
    HRESULT hr = pasv_run_journal_load(&j);

    if (hr != S_OK)
        return FAILED(hr) ? hr : HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND);
    /* Only this run's items: a retry's or a rollback's journal starts from the finished run's. */
    if (PASV_SUCCEEDED(pasv_journal_to_run_plan(&j, &plan)))
        hr = pasv_trail_record_when(plan, command, &j.before.range, j.before.range_set, j.result, when, trail);
    else
        hr = E_OUTOFMEMORY;
    pasv_plan_free(plan);
    pasv_journal_cleanup(&j);
    return hr;
}

HRESULT pasv_run_end(pasv_run_journal *rj, const WCHAR *command, const pasv_journal_state *before, pasv_hr result,
                     pasv_trail_result *trail)
{
    return pasv_run_end_when(rj, command, before, result, PASV_TRAIL_DECIDED, trail);
}

HRESULT pasv_run_end_when(pasv_run_journal *rj, const WCHAR *command, const pasv_journal_state *before,
                          pasv_hr result, pasv_trail_when when, pasv_trail_result *trail)
{
    HRESULT hr = pasv_run_journal_finish(rj, result), thr;

    (void)before; /* the journal carries it */
    thr = trail_from_journal(command, when, trail);
    if (SUCCEEDED(hr))
        hr = thr;
    /* A journal whose trail could not be written stays for the next run to report. */
    if (SUCCEEDED(thr))
        pasv_run_journal_rotate();
    return hr;
}

WCHAR *pasv_recovery_describe(const pasv_journal *j)
{
    WCHAR *prog = pasv_journal_wide(j->program), *when = pasv_journal_wide(j->time);
    WCHAR *cmd = pasv_journal_wide(j->command), *last = NULL, *status = NULL, *out = NULL;
    WCHAR pid[16];
    pasv_plan *plan = NULL;

    swprintf(pid, 16, L"%lu", (unsigned long)j->pid);
    if (j->done_lines && PASV_SUCCEEDED(pasv_journal_to_plan(j, &plan))) {
        last = pasv_trail_item_action(plan, j->last_index);
        status = pasv_text_load(pasv_item_status_msg(&plan->items[j->last_index]));
    } else {
        last = pasv_text_load(IDS_JRN_NOTHING_RECORDED);
    }
    if (prog && when && cmd) {
        DWORD_PTR a[8] = {(DWORD_PTR)prog, (DWORD_PTR)pid, (DWORD_PTR)when, (DWORD_PTR)cmd, (DWORD_PTR)j->done_lines,
                          (DWORD_PTR)j->count, (DWORD_PTR)(last ? last : L"?"), (DWORD_PTR)(status ? status : L"-")};
        out = pasv_text_format(IDS_JRN_UNFINISHED, a, 8);
    }
    pasv_plan_free(plan);
    LocalFree(prog);
    LocalFree(when);
    LocalFree(cmd);
    LocalFree(last);
    LocalFree(status);
    return out;
}

static WCHAR *recovery_command(UINT id, const pasv_journal *j)
{
    WCHAR *cmd = pasv_journal_wide(j->command), *out = NULL;
    if (cmd) {
        DWORD_PTR a[1] = {(DWORD_PTR)cmd};
        out = pasv_text_format(id, a, 1);
    }
    LocalFree(cmd);
    return out;
}

/* The service as it was before the interrupted run: running again if it ran. A service that
 * was stopped stays as the rollback leaves it (the service vtable has no stop of its own). */
HRESULT pasv_recovery_restore_service(pasv_session *s, const pasv_journal *j)
{
    pasv_service_state st = PASV_SVC_UNKNOWN;
    pasv_hr hr;

    if (j->before.service_state != PASV_SVC_RUNNING || !s->service)
        return S_FALSE;
    hr = s->service->vt->query(s->service, &st);
    if (PASV_SUCCEEDED(hr) && st == PASV_SVC_RUNNING)
        return S_FALSE;
    hr = s->service->vt->start(s->service, NULL, 0);
    return PASV_SUCCEEDED(hr) ? S_OK : (HRESULT)hr;
}

/* The backend that read a value set by hand died with the interrupted run: this one is told
 * the text (and IIS 5 type) the journal kept, so the rollback's set_range({0, 0}) writes it
 * back exactly. Without it that write fails (E_INVALIDARG) and the item says so. */
static HRESULT restore_raw_range(pasv_session *s, const pasv_journal *j)
{
    WCHAR *raw;
    HRESULT hr;

    if (!j->before.range_raw[0] || !s->config || !pasv_range_is_invalid_mark(&j->before.range))
        return S_FALSE;
    raw = pasv_journal_wide(j->before.range_raw);
    if (!raw)
        return E_OUTOFMEMORY;
    if (s->env.ftp == PASV_FTP_IIS5)
        hr = pasv_iis5_reg_restore_raw(s->config, raw, j->before.range_raw_type ? j->before.range_raw_type : REG_SZ);
    else if (s->env.ftp == PASV_FTP_IIS6)
        hr = pasv_iis_abo_restore_raw(s->config, raw);
    else if (s->env.ftp == PASV_FTP_IIS7)
        hr = pasv_iis_ahadmin_restore_raw(s->config, raw);
    else
        hr = E_NOTIMPL;
    LocalFree(raw);
    return hr;
}

pasv_hr pasv_recovery_rollback(pasv_session *s, const pasv_journal *j, pasv_sink *inner, pasv_plan **plan_out,
                               HRESULT *service_hr, pasv_trail_result *trail)
{
    pasv_plan *plan = NULL;
    pasv_run_journal rj;
    pasv_backends be;
    WCHAR *command;
    pasv_hr hr;
    HRESULT jhr;

    if (plan_out)
        *plan_out = NULL;
    *service_hr = S_FALSE;
    hr = pasv_journal_to_plan(j, &plan);
    if (PASV_FAILED(hr))
        return hr;
    jhr = pasv_run_journal_reopen(&rj, inner);
    if (FAILED(jhr)) {
        pasv_plan_free(plan);
        return (pasv_hr)jhr;
    }
    pasv_session_set_mode(s, (pasv_fw_mode)plan->opt.mode);
    pasv_session_backends(s, &be);
    (void)restore_raw_range(s, j); /* a failure shows as the range item's ROLLBACK_FAILED */
    hr = pasv_plan_rollback(plan, &be, &rj.iface);
    *service_hr = pasv_recovery_restore_service(s, j);
    command = recovery_command(IDS_JRN_TRAIL_ROLLBACK, j);
    jhr = pasv_run_end(&rj, command ? command : L"rollback", &j->before, hr, trail);
    LocalFree(command);
    if (PASV_SUCCEEDED(hr) && FAILED(jhr))
        hr = (pasv_hr)jhr;
    if (plan_out)
        *plan_out = plan;
    else
        pasv_plan_free(plan);
    return hr;
}

HRESULT pasv_recovery_close_for_resume(const pasv_journal *j)
{
    pasv_run_journal rj;
    WCHAR *command;
    HRESULT hr = pasv_run_journal_reopen(&rj, NULL);

    if (FAILED(hr))
        return hr;
    command = recovery_command(IDS_JRN_TRAIL_RESUME, j);
    hr = pasv_run_end(&rj, command ? command : L"resume", &j->before, PASV_S_SUPERSEDED, NULL);
    LocalFree(command);
    return hr;
}
