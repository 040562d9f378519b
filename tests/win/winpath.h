/* pasvports tests: turn the Unix paths ctest passes into Windows paths Wine understands.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * ctest hands a Windows test the build tree's Unix path (/work/.../pasvctl.exe); Wine maps the
 * Unix root to drive Z:. On Windows the argument is already a Windows path and passes through. */
#ifndef PASV_TEST_WINPATH_H
#define PASV_TEST_WINPATH_H

#include <stdio.h>
#include <wchar.h>
#include <windows.h>

static inline void test_winpath(const WCHAR *in, WCHAR *out, size_t cap)
{
    size_t i = 0, j = 0;
    if (in[0] == L'/' && cap > 3) {
        out[j++] = L'Z';
        out[j++] = L':';
    }
    for (; in[i] && j + 1 < cap; i++)
        out[j++] = in[i] == L'/' ? L'\\' : in[i];
    out[j] = 0;
}

/* Drains what the pipe holds now into buf; false when the pipe is broken (every writer closed). */
static inline BOOL test_drain_pipe(HANDLE rd, char *buf, DWORD cap, DWORD *total)
{
    DWORD avail = 0, got = 0;

    while (PeekNamedPipe(rd, NULL, 0, NULL, &avail, NULL)) {
        if (!avail)
            return TRUE;
        if (*total + 1 >= cap) {
            char sink[512]; /* full: keep reading so the child never blocks on a full pipe */
            if (!ReadFile(rd, sink, avail < sizeof(sink) ? avail : sizeof(sink), &got, NULL))
                return FALSE;
            continue;
        }
        if (!ReadFile(rd, buf + *total, min(avail, cap - 1 - *total), &got, NULL))
            return FALSE;
        *total += got;
    }
    return FALSE;
}

/* Runs "cmdline" with stdout+stderr captured into buf (UTF-8 as the program wrote it); returns
 * the exit code, or -1 if it could not start or did not finish within timeout_ms (then it is
 * ended). The pipe is polled, not read to its end: a process the child started (services.exe
 * when the child was the first to need the SCM) may inherit the write end and hold it open for
 * ever, and a blocking read would then never return and the timeout would never apply. */
static inline DWORD test_run_capture(const WCHAR *cmdline, char *buf, DWORD cap, DWORD timeout_ms)
{
    SECURITY_ATTRIBUTES sa = {sizeof(sa), NULL, TRUE};
    STARTUPINFOW si = {0};
    PROCESS_INFORMATION pi = {0};
    HANDLE rd = NULL, wr = NULL;
    WCHAR *cmd;
    DWORD code = (DWORD)-1, total = 0, start, wait = WAIT_TIMEOUT;

    si.cb = sizeof(si);
    buf[0] = 0;
    if (!CreatePipe(&rd, &wr, &sa, 1 << 16))
        return (DWORD)-1;
    SetHandleInformation(rd, HANDLE_FLAG_INHERIT, 0);
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    si.hStdOutput = wr;
    si.hStdError = wr;
    cmd = _wcsdup(cmdline); /* CreateProcessW may write to the command line */
    if (!CreateProcessW(NULL, cmd, NULL, NULL, TRUE, CREATE_NO_WINDOW, NULL, NULL, &si, &pi)) {
        snprintf(buf, cap, "(test_run_capture: CreateProcess failed, error %lu)", GetLastError());
        free(cmd);
        CloseHandle(rd);
        CloseHandle(wr);
        return (DWORD)-1;
    }
    free(cmd);
    CloseHandle(wr);
    start = GetTickCount();
    while (wait == WAIT_TIMEOUT && GetTickCount() - start < timeout_ms) {
        BOOL open = test_drain_pipe(rd, buf, cap, &total);
        wait = WaitForSingleObject(pi.hProcess, open ? 20 : 200);
    }
    test_drain_pipe(rd, buf, cap, &total); /* what the child wrote just before it exited */
    buf[total] = 0;
    CloseHandle(rd);
    if (wait == WAIT_OBJECT_0) {
        GetExitCodeProcess(pi.hProcess, &code);
    } else {
        TerminateProcess(pi.hProcess, 255); /* our own child, started above */
        snprintf(buf + total, cap - total, "(test_run_capture: %s after %lu ms)",
                 wait == WAIT_TIMEOUT ? "ended, no exit" : "wait failed", GetTickCount() - start);
    }
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    return code;
}

typedef struct test_find_ctx {
    DWORD pid;
    HWND found;
} test_find_ctx;

static BOOL CALLBACK test_find_dialog_proc(HWND hwnd, LPARAM lparam)
{
    test_find_ctx *ctx = (test_find_ctx *)lparam;
    DWORD pid = 0;
    WCHAR cls[32];

    GetWindowThreadProcessId(hwnd, &pid);
    if (pid == ctx->pid && IsWindowVisible(hwnd) && GetClassNameW(hwnd, cls, 32) && !wcscmp(cls, L"#32770")) {
        ctx->found = hwnd;
        return FALSE;
    }
    return TRUE;
}

/* The first visible dialog (class #32770) of process pid, polling every poll_ms until
 * timeout_ms; NULL if none appeared. */
static inline HWND test_wait_dialog(DWORD pid, DWORD timeout_ms, DWORD poll_ms)
{
    test_find_ctx ctx = {pid, NULL};
    DWORD waited;

    for (waited = 0; waited <= timeout_ms && !ctx.found; waited += poll_ms) {
        EnumWindows(test_find_dialog_proc, (LPARAM)&ctx);
        if (!ctx.found)
            Sleep(poll_ms);
    }
    return ctx.found;
}

#endif /* PASV_TEST_WINPATH_H */
