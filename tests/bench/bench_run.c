/* pasvports benchmarks: runs one command line, waits, and prints its wall time and peak working
 * set in one parseable line: "bench_run: wall_ms=1234.5 peak_ws_kb=5678 exit=0".
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * The peak working set is GetProcessMemoryInfo's PeakWorkingSetSize (Task Manager's "Peak
 * Working Set"), polled every 20 ms while the child runs and once more at its end: Wine may
 * report nothing for a process that has already exited. */
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
    SIZE_T peak = 0;

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
    for (;;) {
        DWORD done = WaitForSingleObject(pi.hProcess, 20);
        ZeroMemory(&pmc, sizeof(pmc));
        pmc.cb = sizeof(pmc);
        if (GetProcessMemoryInfo(pi.hProcess, &pmc, sizeof(pmc)) && pmc.PeakWorkingSetSize > peak)
            peak = pmc.PeakWorkingSetSize;
        if (done != WAIT_TIMEOUT)
            break;
    }
    QueryPerformanceCounter(&t1);
    GetExitCodeProcess(pi.hProcess, &code);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    printf("bench_run: wall_ms=%.1f peak_ws_kb=%lu exit=%lu\n",
           (double)(t1.QuadPart - t0.QuadPart) * 1000.0 / (double)freq.QuadPart,
           (unsigned long)(peak / 1024), (unsigned long)code);
    fflush(stdout);
    return (int)code;
}
