/* pasvports: the guard around a windowed front end's run (lock, checks, journal, trail).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "runguard.h"

#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "resource.h"
#include "securedir.h"
#include "text.h"

static void refuse(pasv_guard_refusal *why, HRESULT hr, UINT what_id, const WCHAR *path)
{
    memset(why, 0, sizeof(*why));
    why->hr = hr;
    why->what_id = what_id;
    if (path)
        swprintf(why->path, MAX_PATH, L"%ls", path);
}

HRESULT pasv_guard_find_unfinished(pasv_journal *j)
{
    pasv_run_holder holder;
    HRESULT hr;

    memset(j, 0, sizeof(*j));
    /* A live run's journal is unfinished because it is being written. */
    if (pasv_runlock_query(&holder) == S_OK)
        return S_FALSE;
    hr = pasv_run_journal_load(j);
    if (hr != S_OK)
        return FAILED(hr) ? hr : S_FALSE;
    if (j->begun && !j->finished)
        return S_OK;
    /* Never began (no change recorded) or finished but not rotated: over either way. It is
     * rotated by the next run that holds the lock (pasv_guard_lock), never here: a run that
     * started since the query above may be writing its trail from it. */
    pasv_journal_cleanup(j);
    memset(j, 0, sizeof(*j));
    return S_FALSE;
}

HRESULT pasv_guard_load_unfinished(pasv_journal *j)
{
    HRESULT hr = pasv_run_journal_load(j);

    if (hr != S_OK)
        return FAILED(hr) ? hr : S_FALSE;
    if (j->begun && !j->finished)
        return S_OK;
    pasv_journal_cleanup(j);
    memset(j, 0, sizeof(*j));
    return S_FALSE;
}

HRESULT pasv_guard_lock(pasv_guard *g, const WCHAR *program, bool allow_unfinished, pasv_guard_refusal *why)
{
    WCHAR dir[MAX_PATH] = L"";
    pasv_journal j;
    HRESULT hr;

    memset(g, 0, sizeof(*g));
    memset(why, 0, sizeof(*why));
    hr = pasv_runlock_acquire(program, &g->lock, &g->stale_holder, &g->stale);
    if (hr == PASV_E_RUN_LOCKED) {
        refuse(why, hr, IDS_JRN_LOCK_FAILED, NULL);
        why->holder = g->stale_holder;
        g->stale = false;
        return hr;
    }
    if (FAILED(hr)) {
        pasv_secure_dir_path(dir, MAX_PATH);
        refuse(why, hr, IDS_JRN_LOCK_FAILED, dir);
        return hr;
    }
    hr = pasv_run_journal_load(&j);
    if (FAILED(hr)) {
        pasv_run_journal_path(dir);
        refuse(why, hr, IDS_JRN_UNREADABLE, dir);
    } else if (hr == S_OK) {
        if (j.begun && !j.finished && !allow_unfinished) {
            pasv_run_journal_path(dir);
            refuse(why, PASV_E_UNFINISHED, IDS_JRN_DLG_UNFINISHED_REFUSE, dir);
            hr = PASV_E_UNFINISHED;
        } else if (!j.begun || j.finished) {
            pasv_run_journal_rotate(); /* over: nothing to recover */
        }
        pasv_journal_cleanup(&j);
    }
    if (FAILED(hr)) {
        pasv_runlock_release(&g->lock);
        return hr;
    }
    return S_OK;
}

HRESULT pasv_guard_begin(pasv_guard *g, pasv_session *s, const WCHAR *program, const WCHAR *command,
                         const pasv_plan *plan, pasv_sink *inner, pasv_guard_refusal *why)
{
    WCHAR path[MAX_PATH] = L"";
    HRESULT hr;

    memset(why, 0, sizeof(*why));
    swprintf(g->command, sizeof(g->command) / sizeof(g->command[0]), L"%ls", command);
    /* Both files must be writable before anything changes (issue 11, B16). */
    hr = pasv_trail_check(path);
    if (FAILED(hr)) {
        refuse(why, hr, IDS_JRN_CANNOT_LOG, path);
        return hr;
    }
    pasv_run_state_before(s, &g->before);
    /* A resume's journal begins before the interrupted run's is closed: a refusal leaves that
     * one waiting, unfinished, as it was. */
    if (g->resume)
        hr = pasv_run_begin_resume(&g->rj, program, command, plan, &g->before, inner, g->resume);
    else
        hr = pasv_run_begin(&g->rj, program, command, plan, &g->before, inner);
    if (FAILED(hr)) {
        refuse(why, hr, IDS_JRN_CANNOT_JOURNAL, g->rj.path);
        return hr;
    }
    g->journaling = true;
    return S_OK;
}

pasv_sink *pasv_guard_sink(pasv_guard *g)
{
    return &g->rj.iface;
}

HRESULT pasv_guard_end(pasv_guard *g, pasv_hr result, pasv_trail_result *tr)
{
    pasv_trail_result local;

    if (!g->journaling)
        return E_UNEXPECTED;
    g->journaling = false;
    memset(&local, 0, sizeof(local));
    return pasv_run_end_when(&g->rj, g->command, &g->before, result, g->when, tr ? tr : &local);
}

void pasv_guard_unlock(pasv_guard *g)
{
    pasv_runlock_release(&g->lock);
}

WCHAR *pasv_guard_holder_text(UINT id, UINT unknown_id, const pasv_run_holder *h)
{
    WCHAR pid[16], when[40];

    if (!h->known)
        return pasv_text_load(unknown_id);
    swprintf(pid, 16, L"%lu", (unsigned long)h->pid);
    pasv_runlock_time_text(&h->started, when, 40);
    {
        DWORD_PTR a[3] = {(DWORD_PTR)h->program, (DWORD_PTR)pid, (DWORD_PTR)when};
        return pasv_text_format(id, a, 3);
    }
}

WCHAR *pasv_guard_unsafe_what(const pasv_guard_refusal *why)
{
    WCHAR dir[MAX_PATH] = L"";
    DWORD_PTR a[1] = {(DWORD_PTR)why->path};

    /* The file is fine (or absent): then the directory is what was refused. */
    if (why->path[0] && SUCCEEDED(pasv_secure_file_check(why->path)) &&
        SUCCEEDED(pasv_secure_dir_path(dir, MAX_PATH)))
        a[0] = (DWORD_PTR)dir;
    return pasv_text_format(why->hr == PASV_E_UNSAFE_OWNER ? IDS_JRN_UNSAFE_OWNER : IDS_JRN_UNSAFE_DACL, a, 1);
}

/* An unsafe directory or file: which one, why it is not trusted, and the code. */
static WCHAR *unsafe_text(const pasv_guard_refusal *why)
{
    WCHAR code[16], *what, *out;

    what = pasv_guard_unsafe_what(why);
    swprintf(code, 16, L"%08lX", (unsigned long)why->hr);
    {
        DWORD_PTR b[2] = {(DWORD_PTR)(what ? what : L"?"), (DWORD_PTR)code};
        out = pasv_text_format(IDS_JRN_DLG_WITH_CODE, b, 2);
    }
    LocalFree(what);
    return out;
}

WCHAR *pasv_guard_refusal_text(const pasv_guard_refusal *why)
{
    WCHAR *inner, *out;

    if (why->hr == PASV_E_RUN_LOCKED)
        return pasv_guard_holder_text(IDS_JRN_DLG_LOCKED, IDS_JRN_LOCKED_UNKNOWN, &why->holder);
    if (why->hr == PASV_E_UNFINISHED)
        return pasv_text_load(IDS_JRN_DLG_UNFINISHED_REFUSE);
    if (why->hr == PASV_E_UNSAFE_OWNER || why->hr == PASV_E_UNSAFE_DACL)
        return unsafe_text(why);
    inner = pasv_text_failure(why->what_id, why->path[0] ? why->path : NULL, why->hr);
    {
        DWORD_PTR a[1] = {(DWORD_PTR)(inner ? inner : L"?")};
        out = pasv_text_format(IDS_JRN_DLG_CANNOT_START, a, 1);
    }
    LocalFree(inner);
    return out;
}

WCHAR *pasv_guard_stale_text(const pasv_guard *g)
{
    if (!g->stale)
        return NULL;
    return pasv_guard_holder_text(IDS_JRN_STALE_LOCK, IDS_JRN_STALE_LOCK_UNKNOWN, &g->stale_holder);
}
