/* pasvports: the write-ahead journal on disk (journal.log in the secure directory).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "runjournal.h"

#include <string.h>

#include "securedir.h"

#define JOURNAL_NAME L"journal.log"
#define JOURNAL_PREV L"journal.prev.log"
#define JOURNAL_NEXT L"journal.next.log"

char *pasv_journal_utf8(const WCHAR *w)
{
    int n = WideCharToMultiByte(CP_UTF8, 0, w ? w : L"", -1, NULL, 0, NULL, NULL);
    char *s = n > 0 ? LocalAlloc(LMEM_FIXED, (SIZE_T)n) : NULL;
    if (s)
        WideCharToMultiByte(CP_UTF8, 0, w ? w : L"", -1, s, n, NULL, NULL);
    return s;
}

WCHAR *pasv_journal_wide(const char *s)
{
    int n = MultiByteToWideChar(CP_UTF8, 0, s ? s : "", -1, NULL, 0);
    WCHAR *w = n > 0 ? LocalAlloc(LMEM_FIXED, (SIZE_T)n * sizeof(WCHAR)) : NULL;
    if (w)
        MultiByteToWideChar(CP_UTF8, 0, s ? s : "", -1, w, n);
    return w;
}

static HRESULT journal_file(const WCHAR *name, WCHAR *path)
{
    WCHAR dir[MAX_PATH];
    HRESULT hr = pasv_secure_dir(dir, NULL);
    if (FAILED(hr))
        return hr;
    return pasv_secure_join(dir, name, path);
}

HRESULT pasv_run_journal_path(WCHAR *path)
{
    return journal_file(JOURNAL_NAME, path);
}

static HRESULT write_all(HANDLE f, const char *data, size_t len)
{
    while (len) {
        DWORD chunk = len > (1u << 30) ? (1u << 30) : (DWORD)len, written = 0;
        if (!WriteFile(f, data, chunk, &written, NULL))
            return HRESULT_FROM_WIN32(GetLastError());
        if (!written)
            return HRESULT_FROM_WIN32(ERROR_WRITE_FAULT);
        data += written;
        len -= written;
    }
    return S_OK;
}

/* ---- the wrapping sink ---- */

static void rj_started(pasv_sink *s, const pasv_plan *plan, size_t item)
{
    pasv_run_journal *rj = PASV_CONTAINER_OF(s, pasv_run_journal, iface);
    if (rj->inner && rj->inner->vt->item_started)
        rj->inner->vt->item_started(rj->inner, plan, item);
}

static void rj_finished(pasv_sink *s, const pasv_plan *plan, size_t item)
{
    pasv_run_journal *rj = PASV_CONTAINER_OF(s, pasv_run_journal, iface);
    char line[64];
    size_t n = pasv_journal_format_item(line, sizeof(line), item, &plan->items[item]);

    /* Journal first: once the front end shows an item done, the journal knows it too. */
    if (rj->file != INVALID_HANDLE_VALUE && n) {
        HRESULT hr = write_all(rj->file, line, n);
        if (FAILED(hr) && SUCCEEDED(rj->write_hr))
            rj->write_hr = hr;
    }
    if (rj->inner && rj->inner->vt->item_finished)
        rj->inner->vt->item_finished(rj->inner, plan, item);
}

static bool rj_cancel(pasv_sink *s)
{
    pasv_run_journal *rj = PASV_CONTAINER_OF(s, pasv_run_journal, iface);
    return rj->inner && rj->inner->vt->should_cancel && rj->inner->vt->should_cancel(rj->inner);
}

static void rj_note(pasv_sink *s, size_t item, pasv_note note, uint32_t value)
{
    pasv_run_journal *rj = PASV_CONTAINER_OF(s, pasv_run_journal, iface);
    pasv_sink_note(rj->inner, item, note, value);
}

static const pasv_sink_vtable rj_vt = {rj_started, rj_finished, rj_cancel, rj_note};

static void rj_init(pasv_run_journal *rj, pasv_sink *inner)
{
    memset(rj, 0, sizeof(*rj));
    rj->iface.vt = &rj_vt;
    rj->inner = inner;
    rj->file = INVALID_HANDLE_VALUE;
}

/* ---- writing ---- */

static HRESULT begin_named(pasv_run_journal *rj, const WCHAR *name, const pasv_journal_who *who,
                           const pasv_plan *plan, const pasv_journal_state *before, pasv_sink *inner)
{
    pasv_jbuf b;
    HRESULT hr;

    rj_init(rj, inner);
    hr = journal_file(name, rj->path);
    if (SUCCEEDED(hr))
        hr = pasv_secure_file_check(rj->path);
    if (FAILED(hr))
        return hr;
    pasv_jbuf_init(&b);
    if (PASV_FAILED(pasv_journal_format_started(&b, who, plan, before))) {
        pasv_jbuf_cleanup(&b);
        return E_OUTOFMEMORY;
    }
    /* The file inherits the directory's DACL (Administrators and SYSTEM only). */
    rj->file = CreateFileW(rj->path, GENERIC_WRITE, FILE_SHARE_READ, NULL, CREATE_ALWAYS,
                           FILE_ATTRIBUTE_NORMAL, NULL);
    if (rj->file == INVALID_HANDLE_VALUE) {
        hr = HRESULT_FROM_WIN32(GetLastError());
    } else {
        hr = write_all(rj->file, b.data, b.len);
        /* The started record must be on disk before the first change. */
        if (SUCCEEDED(hr) && !FlushFileBuffers(rj->file))
            hr = HRESULT_FROM_WIN32(GetLastError());
        if (FAILED(hr)) {
            CloseHandle(rj->file);
            rj->file = INVALID_HANDLE_VALUE;
            DeleteFileW(rj->path);
        }
    }
    pasv_jbuf_cleanup(&b);
    return hr;
}

HRESULT pasv_run_journal_begin(pasv_run_journal *rj, const pasv_journal_who *who, const pasv_plan *plan,
                               const pasv_journal_state *before, pasv_sink *inner)
{
    return begin_named(rj, JOURNAL_NAME, who, plan, before, inner);
}

HRESULT pasv_run_journal_begin_next(pasv_run_journal *rj, const pasv_journal_who *who, const pasv_plan *plan,
                                    const pasv_journal_state *before, pasv_sink *inner)
{
    HRESULT hr = begin_named(rj, JOURNAL_NEXT, who, plan, before, inner);

    /* Flushed and closed: it is renamed once the interrupted run's journal is closed. */
    if (SUCCEEDED(hr)) {
        CloseHandle(rj->file);
        rj->file = INVALID_HANDLE_VALUE;
    }
    return hr;
}

HRESULT pasv_run_journal_take_next(pasv_run_journal *rj)
{
    WCHAR from[MAX_PATH], to[MAX_PATH];
    pasv_sink *inner = rj->inner;
    HRESULT hr = journal_file(JOURNAL_NEXT, from);

    if (SUCCEEDED(hr))
        hr = journal_file(JOURNAL_NAME, to);
    if (SUCCEEDED(hr) && !MoveFileExW(from, to, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH))
        hr = HRESULT_FROM_WIN32(GetLastError());
    if (FAILED(hr)) {
        DeleteFileW(from);
        return hr;
    }
    return pasv_run_journal_reopen(rj, inner);
}

void pasv_run_journal_drop_next(pasv_run_journal *rj)
{
    WCHAR path[MAX_PATH];

    if (rj->file != INVALID_HANDLE_VALUE) {
        CloseHandle(rj->file);
        rj->file = INVALID_HANDLE_VALUE;
    }
    if (SUCCEEDED(journal_file(JOURNAL_NEXT, path)))
        DeleteFileW(path);
}

HRESULT pasv_run_journal_reopen(pasv_run_journal *rj, pasv_sink *inner)
{
    HRESULT hr;

    rj_init(rj, inner);
    hr = pasv_run_journal_path(rj->path);
    if (SUCCEEDED(hr))
        hr = pasv_secure_file_check(rj->path);
    if (FAILED(hr))
        return hr;
    rj->file = CreateFileW(rj->path, FILE_APPEND_DATA | SYNCHRONIZE, FILE_SHARE_READ, NULL, OPEN_EXISTING,
                           FILE_ATTRIBUTE_NORMAL, NULL);
    return rj->file == INVALID_HANDLE_VALUE ? HRESULT_FROM_WIN32(GetLastError()) : S_OK;
}

HRESULT pasv_run_journal_finish(pasv_run_journal *rj, pasv_hr result)
{
    char line[48];
    size_t n = pasv_journal_format_finished(line, sizeof(line), result);
    HRESULT hr = rj->write_hr;

    if (rj->file == INVALID_HANDLE_VALUE)
        return E_HANDLE;
    if (SUCCEEDED(hr))
        hr = write_all(rj->file, line, n);
    if (SUCCEEDED(hr) && !FlushFileBuffers(rj->file))
        hr = HRESULT_FROM_WIN32(GetLastError());
    if (!CloseHandle(rj->file) && SUCCEEDED(hr))
        hr = HRESULT_FROM_WIN32(GetLastError());
    rj->file = INVALID_HANDLE_VALUE;
    return hr;
}

HRESULT pasv_run_journal_rotate(void)
{
    WCHAR dir[MAX_PATH], from[MAX_PATH], to[MAX_PATH];
    HRESULT hr = pasv_secure_dir(dir, NULL);

    if (SUCCEEDED(hr))
        hr = pasv_secure_join(dir, JOURNAL_NAME, from);
    if (SUCCEEDED(hr))
        hr = pasv_secure_join(dir, JOURNAL_PREV, to);
    if (FAILED(hr))
        return hr;
    /* MoveFileEx is Windows 2000+ and Wine; the old previous journal goes. */
    return MoveFileExW(from, to, MOVEFILE_REPLACE_EXISTING) ? S_OK : HRESULT_FROM_WIN32(GetLastError());
}

/* ---- reading ---- */

HRESULT pasv_run_journal_load(pasv_journal *j)
{
    WCHAR path[MAX_PATH];
    HANDLE f;
    LARGE_INTEGER size;
    char *buf = NULL;
    DWORD got = 0;
    WCHAR dir[MAX_PATH];
    /* Reading creates nothing: status runs without administrator rights. */
    HRESULT hr = pasv_secure_dir_path(dir, MAX_PATH);

    memset(j, 0, sizeof(*j));
    if (SUCCEEDED(hr))
        hr = pasv_secure_join(dir, JOURNAL_NAME, path);
    if (FAILED(hr))
        return hr;
    f = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);
    if (f == INVALID_HANDLE_VALUE) {
        DWORD err = GetLastError();
        return err == ERROR_FILE_NOT_FOUND || err == ERROR_PATH_NOT_FOUND ? S_FALSE : HRESULT_FROM_WIN32(err);
    }
    /* Only a journal nobody else could have written is believed. */
    hr = pasv_secure_file_check(path);
    if (SUCCEEDED(hr) && (!GetFileSizeEx(f, &size) || size.QuadPart > 0x40000000))
        hr = FAILED(hr) ? hr : HRESULT_FROM_WIN32(ERROR_FILE_TOO_LARGE);
    if (SUCCEEDED(hr) && !(buf = HeapAlloc(GetProcessHeap(), 0, (SIZE_T)size.QuadPart + 1)))
        hr = E_OUTOFMEMORY;
    if (SUCCEEDED(hr) && !ReadFile(f, buf, (DWORD)size.QuadPart, &got, NULL))
        hr = HRESULT_FROM_WIN32(GetLastError());
    CloseHandle(f);
    if (SUCCEEDED(hr)) {
        pasv_hr phr = pasv_journal_parse(buf, got, j);
        hr = PASV_SUCCEEDED(phr) ? S_OK : (HRESULT)phr;
    }
    if (buf)
        HeapFree(GetProcessHeap(), 0, buf);
    return hr;
}
