/* pasvports tests: pasvports.exe opens its dialog (with the right title and range editor) and
 * closes cleanly with exit code 0 when the user presses Close.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include <stdio.h>

#include "../testlib.h"
#include "../gui/gui_find.h"
#include "resource.h"
#include "winpath.h"

int wmain(int argc, WCHAR **argv)
{
    STARTUPINFOW si = {0};
    PROCESS_INFORMATION pi = {0};
    WCHAR exe[MAX_PATH], cmd[MAX_PATH + 4], title[128] = L"", low[16] = L"";
    HWND found;
    DWORD code = 0;
    int i;

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

    found = test_wait_dialog(pi.dwProcessId, 30000, 100);
    if (ok(found != NULL, "no dialog appeared within 30 s")) {
        GetWindowTextW(found, title, 128);
        ok(!wcscmp(title, L"FTP Passive Ports"), "title is \"%ls\"", title);
        /* The range editor is a page (a child dialog, src/app/page.h): find its controls at any depth. */
        for (i = 0; i < 300 && !low[0]; i++) { /* filled once the configuration is read */
            /* WM_GETTEXT, not GetWindowText: the edit is another process's control. */
            SendMessageW(gui_find_control(found, IDC_RANGE_LOW), WM_GETTEXT, 16, (LPARAM)low);
            if (!low[0])
                Sleep(100);
        }
        ok(!wcscmp(low, L"5001"), "first port field holds \"%ls\"", low);
        ok(gui_find_control(found, IDC_RANGE_HIGH_SPIN) != NULL, "the last port has an up-down control");
        PostMessageW(found, WM_COMMAND, MAKEWPARAM(IDCANCEL, BN_CLICKED), 0);
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
