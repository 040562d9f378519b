/* pasvports tests: pasvports.exe opens its dialog (with the right title and range editor) and
 * closes cleanly with exit code 0 when the user presses Close.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include <stdio.h>

#include "../testlib.h"
#include "resource.h"
#include "winpath.h"

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
    STARTUPINFOW si = {0};
    PROCESS_INFORMATION pi = {0};
    WCHAR exe[MAX_PATH], cmd[MAX_PATH + 4], title[128] = L"", low[16] = L"";
    find_ctx ctx = {0};
    DWORD code = 0, waited;

    si.cb = sizeof(si);
    if (argc < 2) {
        skip("usage: test_app_smoke PATH-TO-pasvports.exe");
        return test_summary("app_smoke");
    }
    test_winpath(argv[1], exe, MAX_PATH);
    swprintf(cmd, sizeof(cmd) / sizeof(cmd[0]), L"\"%ls\"", exe);
    if (!ok(CreateProcessW(NULL, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi),
            "CreateProcess(%ls) failed: %lu", exe, GetLastError()))
        return test_summary("app_smoke");

    ctx.pid = pi.dwProcessId;
    for (waited = 0; waited < 30000 && !ctx.found; waited += 100) {
        EnumWindows(find_dialog, (LPARAM)&ctx);
        if (!ctx.found)
            Sleep(100);
    }
    if (ok(ctx.found != NULL, "no dialog appeared within 30 s")) {
        GetWindowTextW(ctx.found, title, 128);
        ok(!wcscmp(title, L"FTP Passive Ports"), "title is \"%ls\"", title);
        GetDlgItemTextW(ctx.found, IDC_RANGE_LOW, low, 16);
        ok(!wcscmp(low, L"5001"), "first port field holds \"%ls\"", low);
        ok(GetDlgItem(ctx.found, IDC_RANGE_HIGH_SPIN) != NULL, "the last port has an up-down control");
        PostMessageW(ctx.found, WM_COMMAND, MAKEWPARAM(IDCANCEL, BN_CLICKED), 0);
    }
    if (ok(WaitForSingleObject(pi.hProcess, 30000) == WAIT_OBJECT_0, "pasvports.exe did not exit after Close")) {
        GetExitCodeProcess(pi.hProcess, &code);
        ok(code == 0, "exit code %lu", (unsigned long)code);
    } else {
        TerminateProcess(pi.hProcess, 1); /* our own child */
    }
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    return test_summary("app_smoke");
}
