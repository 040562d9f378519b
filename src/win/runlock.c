/* pasvports: the machine-wide run lock (named mutex + holder record in the secure directory).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "runlock.h"

#include <sddl.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "securedir.h"

#define LOCK_NAME L"pasvports.run"
#define RECORD_NAME L"run.lock"

/* Only Administrators and SYSTEM may open the mutex, so a standard user cannot hold it to block
 * every run. A user who creates the name first still blocks runs (they are then refused, never
 * fooled); on Windows only Administrators may create Global\ objects from a service-less session
 * when SeCreateGlobalPrivilege is missing, which is the usual case for standard users.
 * CreateMutex: https://learn.microsoft.com/windows/win32/api/synchapi/nf-synchapi-createmutexw */
#define MUTEX_SDDL L"D:P(A;;GA;;;BA)(A;;GA;;;SY)"

static HANDLE open_mutex(void)
{
    SECURITY_ATTRIBUTES sa = {sizeof(sa), NULL, FALSE};
    HANDLE m;
    DWORD err;

    if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(MUTEX_SDDL, SDDL_REVISION_1, &sa.lpSecurityDescriptor,
                                                              NULL))
        sa.lpSecurityDescriptor = NULL;
    /* Global\: one namespace for every session (a console pasvctl and a dialog in a Remote
     * Desktop session must see each other). Windows 2000 without Terminal Services ignores the
     * prefix; where it is refused, the session namespace is the best there is. */
    m = CreateMutexW(&sa, FALSE, L"Global\\" LOCK_NAME);
    err = GetLastError();
    if (!m && (err == ERROR_ACCESS_DENIED || err == ERROR_PATH_NOT_FOUND || err == ERROR_INVALID_NAME ||
               err == ERROR_BAD_PATHNAME))
        m = CreateMutexW(&sa, FALSE, LOCK_NAME);
    err = GetLastError();
    LocalFree(sa.lpSecurityDescriptor);
    SetLastError(err);
    return m;
}

static HRESULT record_path(WCHAR *path)
{
    WCHAR dir[MAX_PATH];
    HRESULT hr = pasv_secure_dir(dir, NULL);
    if (FAILED(hr))
        return hr;
    return pasv_secure_join(dir, RECORD_NAME, path);
}

/* "pasvctl 1234 133540000000000000\r\n": program, PID, process creation time (FILETIME). */
static bool read_record(const WCHAR *path, pasv_run_holder *h)
{
    HANDLE f = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                           OPEN_EXISTING, 0, NULL);
    char buf[160], prog[32];
    DWORD got = 0;
    unsigned long pid = 0;
    unsigned long long ft = 0;

    memset(h, 0, sizeof(*h));
    if (f == INVALID_HANDLE_VALUE)
        return false;
    if (!ReadFile(f, buf, sizeof(buf) - 1, &got, NULL))
        got = 0;
    CloseHandle(f);
    buf[got] = 0;
    if (sscanf(buf, "%31s %lu %llu", prog, &pid, &ft) != 3)
        return false;
    MultiByteToWideChar(CP_UTF8, 0, prog, -1, h->program, 32);
    h->program[31] = 0;
    h->pid = (DWORD)pid;
    h->started.dwLowDateTime = (DWORD)ft;
    h->started.dwHighDateTime = (DWORD)(ft >> 32);
    h->known = true;
    return true;
}

static HRESULT write_record(const WCHAR *path, const WCHAR *program)
{
    FILETIME created, exited, kernel, user;
    char buf[160];
    int n;
    DWORD written = 0;
    HRESULT hr = S_OK;
    HANDLE f;

    if (!GetProcessTimes(GetCurrentProcess(), &created, &exited, &kernel, &user))
        GetSystemTimeAsFileTime(&created);
    n = snprintf(buf, sizeof(buf), "%ls %lu %llu\r\n", program, (unsigned long)GetCurrentProcessId(),
                 ((unsigned long long)created.dwHighDateTime << 32) | created.dwLowDateTime);
    if (n <= 0 || n >= (int)sizeof(buf))
        return E_INVALIDARG;
    hr = pasv_secure_file_check(path);
    if (FAILED(hr))
        return hr;
    f = CreateFileW(path, GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_DELETE, NULL, CREATE_ALWAYS,
                    FILE_ATTRIBUTE_NORMAL, NULL);
    if (f == INVALID_HANDLE_VALUE)
        return HRESULT_FROM_WIN32(GetLastError());
    if (!WriteFile(f, buf, (DWORD)n, &written, NULL) || written != (DWORD)n)
        hr = HRESULT_FROM_WIN32(GetLastError());
    if (!CloseHandle(f) && SUCCEEDED(hr))
        hr = HRESULT_FROM_WIN32(GetLastError());
    return hr;
}

/* Is the process the record names still running (and the same process, not a reused PID)? */
static bool holder_alive(const pasv_run_holder *h)
{
    HANDLE p;
    FILETIME created, exited, kernel, user;
    bool alive;

    if (!h->known || !h->pid)
        return false;
    p = OpenProcess(SYNCHRONIZE | PROCESS_QUERY_INFORMATION, FALSE, h->pid);
    if (!p)
        return GetLastError() == ERROR_ACCESS_DENIED; /* exists, but not ours to open */
    alive = WaitForSingleObject(p, 0) == WAIT_TIMEOUT;
    if (alive && GetProcessTimes(p, &created, &exited, &kernel, &user))
        alive = CompareFileTime(&created, &h->started) == 0;
    CloseHandle(p);
    return alive;
}

HRESULT pasv_runlock_acquire(const WCHAR *program, pasv_runlock *lock, pasv_run_holder *other, bool *stale)
{
    HRESULT hr;
    DWORD wait;

    memset(lock, 0, sizeof(*lock));
    memset(other, 0, sizeof(*other));
    *stale = false;
    hr = record_path(lock->record);
    if (FAILED(hr))
        return hr;
    lock->mutex = open_mutex();
    if (!lock->mutex)
        return HRESULT_FROM_WIN32(GetLastError());
    wait = WaitForSingleObject(lock->mutex, 0);
    if (wait == WAIT_TIMEOUT) {
        read_record(lock->record, other);
        CloseHandle(lock->mutex);
        lock->mutex = NULL;
        return PASV_E_RUN_LOCKED;
    }
    if (wait != WAIT_OBJECT_0 && wait != WAIT_ABANDONED) {
        hr = HRESULT_FROM_WIN32(GetLastError());
        CloseHandle(lock->mutex);
        lock->mutex = NULL;
        return hr;
    }
    /* Ours now. A record still there belongs to a run that died holding the lock (a clean
     * release deletes it): name it in the warning. */
    *stale = read_record(lock->record, other) || wait == WAIT_ABANDONED;
    hr = write_record(lock->record, program);
    if (FAILED(hr)) {
        ReleaseMutex(lock->mutex);
        CloseHandle(lock->mutex);
        lock->mutex = NULL;
    }
    return hr;
}

void pasv_runlock_release(pasv_runlock *lock)
{
    if (!lock || !lock->mutex)
        return;
    DeleteFileW(lock->record);
    ReleaseMutex(lock->mutex);
    CloseHandle(lock->mutex);
    lock->mutex = NULL;
}

HRESULT pasv_runlock_query(pasv_run_holder *holder)
{
    WCHAR dir[MAX_PATH], path[MAX_PATH];
    HRESULT hr = pasv_secure_dir_path(dir, MAX_PATH);

    memset(holder, 0, sizeof(*holder));
    if (FAILED(hr) || FAILED(pasv_secure_join(dir, RECORD_NAME, path)))
        return S_FALSE;
    if (!read_record(path, holder) || !holder_alive(holder))
        return S_FALSE;
    return S_OK;
}

void pasv_runlock_time_text(const FILETIME *ft, WCHAR *buf, DWORD cap)
{
    SYSTEMTIME st;
    if (!FileTimeToSystemTime(ft, &st)) {
        swprintf(buf, cap, L"?");
        return;
    }
    swprintf(buf, cap, L"%04u-%02u-%02u %02u:%02u:%02u UTC", st.wYear, st.wMonth, st.wDay, st.wHour, st.wMinute,
             st.wSecond);
}
