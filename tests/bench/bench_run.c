/* pasvports benchmarks: runs one command line, waits, and prints its wall time and peak working
 * set in one parseable line: "bench_run: wall_ms=1234.5 peak_ws_kb=5678 exit=0".
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * The peak working set comes from GetProcessMemoryInfo on the finished child's handle
 * (PeakWorkingSetSize), which is what Task Manager's "Peak Working Set" shows. */
#include <windows.h>
#include <psapi.h>
#include <stdio.h>
#include <wchar.h>

int wmain(int argc, WCHAR **argv)
{
    STARTUPINFOW si;
    PROCESS_INFORMATION pi;
    PROCESS_MEMORY_COUNTERS pmc;
    LARGE_INTEGER freq, t0, t1;
    WCHAR *cmd = GetCommandLineW();
    DWORD code = 0;

    if (argc < 2) {
        fwprintf(stderr, L"usage: bench_run COMMAND [ARGS...]\n");
        return 2;
    }
    /* The child's command line is ours minus our own first token (quoted or not). */
    if (*cmd == L'"') {
        cmd = wcschr(cmd + 1, L'"');
        cmd = cmd ? cmd + 1 : GetCommandLineW();
    } else {
        while (*cmd && *cmd != L' ' && *cmd != L'\t')
            cmd++;
    }
    while (*cmd == L' ' || *cmd == L'\t')
        cmd++;
    (void)argv;

    ZeroMemory(&si, sizeof(si));
    si.cb = sizeof(si);
    ZeroMemory(&pi, sizeof(pi));
    QueryPerformanceFrequency(&freq);
    QueryPerformanceCounter(&t0);
    if (!CreateProcessW(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi)) {
        fwprintf(stderr, L"bench_run: cannot start %ls: %lu\n", cmd, GetLastError());
        return 2;
    }
    WaitForSingleObject(pi.hProcess, INFINITE);
    QueryPerformanceCounter(&t1);
    GetExitCodeProcess(pi.hProcess, &code);
    ZeroMemory(&pmc, sizeof(pmc));
    pmc.cb = sizeof(pmc);
    GetProcessMemoryInfo(pi.hProcess, &pmc, sizeof(pmc));
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    printf("bench_run: wall_ms=%.1f peak_ws_kb=%lu exit=%lu\n",
           (double)(t1.QuadPart - t0.QuadPart) * 1000.0 / (double)freq.QuadPart,
           (unsigned long)(pmc.PeakWorkingSetSize / 1024), (unsigned long)code);
    fflush(stdout);
    return (int)code;
}
