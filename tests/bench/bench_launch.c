/* pasvports benchmarks: time from starting pasvports.exe to its dialog being visible, then
 * closes it. Prints "bench_launch: visible_ms=123.4".
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include <windows.h>
#include <stdio.h>
#include <wchar.h>

typedef struct find_ctx {
    DWORD pid;
    HWND found;
} find_ctx;

static BOOL CALLBACK find_dialog(HWND hwnd, LPARAM lparam)
{
    find_ctx *ctx = (find_ctx *)lparam;
    DWORD pid = 0;
    WCHAR cls[32];

    GetWindowThreadProcessId(hwnd, &pid);
    if (pid == ctx->pid && IsWindowVisible(hwnd) && GetClassNameW(hwnd, cls, 32) && !wcscmp(cls, L"#32770")) {
        ctx->found = hwnd;
        return FALSE;
    }
    return TRUE;
}

int wmain(int argc, WCHAR **argv)
{
    STARTUPINFOW si;
    PROCESS_INFORMATION pi;
    LARGE_INTEGER freq, t0, t1;
    find_ctx ctx = {0, NULL};
    WCHAR cmd[MAX_PATH + 4];
    DWORD waited;

    if (argc < 2) {
        fwprintf(stderr, L"usage: bench_launch PATH-TO-pasvports.exe\n");
        return 2;
    }
    swprintf(cmd, MAX_PATH + 4, L"\"%ls\"", argv[1]);
    ZeroMemory(&si, sizeof(si));
    si.cb = sizeof(si);
    QueryPerformanceFrequency(&freq);
    QueryPerformanceCounter(&t0);
    if (!CreateProcessW(NULL, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi)) {
        fwprintf(stderr, L"bench_launch: cannot start %ls: %lu\n", argv[1], GetLastError());
        return 2;
    }
    ctx.pid = pi.dwProcessId;
    for (waited = 0; waited < 60000 && !ctx.found; waited++) {
        EnumWindows(find_dialog, (LPARAM)&ctx);
        if (!ctx.found)
            Sleep(1);
    }
    QueryPerformanceCounter(&t1);
    if (ctx.found) {
        printf("bench_launch: visible_ms=%.1f\n", (double)(t1.QuadPart - t0.QuadPart) * 1000.0 / (double)freq.QuadPart);
        PostMessageW(ctx.found, WM_COMMAND, MAKEWPARAM(IDCANCEL, BN_CLICKED), 0);
    }
    if (WaitForSingleObject(pi.hProcess, 30000) != WAIT_OBJECT_0)
        TerminateProcess(pi.hProcess, 1); /* our own child */
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    fflush(stdout);
    return ctx.found ? 0 : 1;
}
