/* pasvports benchmarks: time from starting pasvports.exe to its dialog being visible, then
 * closes it. Prints "bench_launch: visible_ms=123.4".
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include <windows.h>
#include <stdio.h>
#include <wchar.h>

#include "../win/winpath.h"

int wmain(int argc, WCHAR **argv)
{
    STARTUPINFOW si;
    PROCESS_INFORMATION pi;
    LARGE_INTEGER freq, t0, t1;
    HWND found;
    WCHAR cmd[MAX_PATH + 4];

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
    found = test_wait_dialog(pi.dwProcessId, 60000, 1);
    QueryPerformanceCounter(&t1);
    if (found) {
        printf("bench_launch: visible_ms=%.1f\n", (double)(t1.QuadPart - t0.QuadPart) * 1000.0 / (double)freq.QuadPart);
        PostMessageW(found, WM_COMMAND, MAKEWPARAM(IDCANCEL, BN_CLICKED), 0);
    }
    if (WaitForSingleObject(pi.hProcess, 30000) != WAIT_OBJECT_0)
        TerminateProcess(pi.hProcess, 1); /* our own child */
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    fflush(stdout);
    return found ? 0 : 1;
}
