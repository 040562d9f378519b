/* pasvports tests: the shipped pasvports.exe seen from another process, as a screen reader or an
 * admin's script would: the window title, the detected server, the Changes list's rows read
 * with VirtualAllocEx/ReadProcessMemory (cross-process LVM_GETITEMTEXT needs the buffer in the
 * target's address space), then Close and a clean exit.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include <windows.h>
#include <commctrl.h>
#include <stdio.h>

#include "../testlib.h"
#include "../win/winpath.h"
#include "gui_find.h"
#include "dlg_main.h"
#include "resource.h"

/* LVM_GETITEMTEXTW across processes: LVITEMW and the text buffer live in the target. */
static bool remote_item_text(HANDLE process, HWND list, int row, int col, WCHAR *out, int cap)
{
    SIZE_T size = sizeof(LVITEMW) + (SIZE_T)cap * sizeof(WCHAR), done = 0;
    BYTE *remote = VirtualAllocEx(process, NULL, size, MEM_COMMIT, PAGE_READWRITE);
    LVITEMW item;
    bool result = false;

    out[0] = 0;
    if (!remote)
        return false;
    memset(&item, 0, sizeof(item));
    item.iSubItem = col;
    item.cchTextMax = cap;
    item.pszText = (WCHAR *)(remote + sizeof(LVITEMW));
    if (WriteProcessMemory(process, remote, &item, sizeof(item), &done)) {
        SendMessageW(list, LVM_GETITEMTEXTW, (WPARAM)row, (LPARAM)remote);
        result = ReadProcessMemory(process, remote + sizeof(LVITEMW), out, (SIZE_T)cap * sizeof(WCHAR), &done) != 0;
        out[cap - 1] = 0;
    }
    VirtualFreeEx(process, remote, 0, MEM_RELEASE);
    return result;
}

/* Issue 12: with the dialog open and minimized, a second pasvports.exe restores it, brings it
 * to the front and exits without a window of its own. */
static void second_instance_brings_the_first_to_front(HWND first, const WCHAR *cmd)
{
    STARTUPINFOW si = {0};
    PROCESS_INFORMATION pi = {0};
    DWORD code = 99, waited;

    si.cb = sizeof(si);
    ShowWindow(first, SW_MINIMIZE);
    for (waited = 0; waited < 5000 && !IsIconic(first); waited += 100)
        Sleep(100);
    ok(IsIconic(first), "the first dialog is minimized");
    if (!ok(CreateProcessW(NULL, (WCHAR *)cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi), "second CreateProcess: %lu",
            GetLastError()))
        return;
    if (ok(WaitForSingleObject(pi.hProcess, 30000) == WAIT_OBJECT_0, "the second pasvports.exe exits by itself")) {
        GetExitCodeProcess(pi.hProcess, &code);
        ok(code == 0, "second instance exit code %lu", (unsigned long)code);
    } else {
        TerminateProcess(pi.hProcess, 1); /* our own child */
    }
    ok(test_wait_dialog(pi.dwProcessId, 100, 100) == NULL, "the second instance showed no dialog");
    for (waited = 0; waited < 5000 && (IsIconic(first) || GetForegroundWindow() != first); waited += 100)
        Sleep(100);
    ok(!IsIconic(first) && IsWindowVisible(first), "the first dialog is restored");
    ok(GetForegroundWindow() == first, "the first dialog is in front (foreground %p, dialog %p)",
       (void *)GetForegroundWindow(), (void *)first);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
}

int wmain(int argc, WCHAR **argv)
{
    bool second = argc > 2 && !wcscmp(argv[2], L"second");
    STARTUPINFOW si = {0};
    PROCESS_INFORMATION pi = {0};
    WCHAR exe[MAX_PATH], cmd[MAX_PATH + 4], text[512];
    HWND found;
    DWORD code = 1, waited;
    HWND list;
    int rows = 0, i, keep = 0;

    si.cb = sizeof(si);
    if (argc < 2) {
        skip("usage: test_gui_xproc PATH-TO-pasvports.exe");
        return test_summary(second ? "gui.second_instance_brings_the_first_to_front" : "gui.xproc");
    }
    test_winpath(argv[1], exe, MAX_PATH);
    swprintf(cmd, MAX_PATH + 4, L"\"%ls\"", exe);
    if (!ok(CreateProcessW(NULL, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi), "CreateProcess: %lu", GetLastError()))
        return test_summary(second ? "gui.second_instance_brings_the_first_to_front" : "gui.xproc");
    found = test_wait_dialog(pi.dwProcessId, 30000, 100);
    if (ok(found != NULL, "a visible dialog within 30 s")) {
        WCHAR title[64] = L"";
        GetWindowTextW(found, title, 64);
        ok(!wcscmp(title, L"FTP Passive Ports"), "titled \"%ls\"", title);
        for (waited = 0; waited < 30000; waited += 100) {
            DWORD_PTR phase = 0;
            SendMessageTimeoutW(found, PASV_APP_MSG_PHASE, 0, 0, SMTO_NORMAL, 1000, &phase);
            if (phase == PASV_APP_IDLE)
                break;
            Sleep(100);
        }
        GetWindowTextW(gui_find_control(found, IDC_SERVER_TEXT), text, 512);
        ok(!wcsncmp(text, L"IIS 6.0 - FTP Publishing Service - ", 35), "server line \"%ls\"", text);
        if (second) {
            second_instance_brings_the_first_to_front(found, cmd);
            PostMessageW(found, WM_COMMAND, MAKEWPARAM(IDCANCEL, BN_CLICKED), 0);
            goto close;
        }
        GetWindowTextW(gui_find_control(found, IDC_CURRENT_RANGE), text, 512);
        ok(text[0] >= L'0' && text[0] <= L'9', "current range shown as a range: \"%ls\"", text);
        list = gui_find_control(found, IDC_CHANGES_LIST);
        rows = (int)SendMessageW(list, LVM_GETITEMCOUNT, 0, 0);
        ok(rows > 1, "the Changes list has %d rows", rows);
        remote_item_text(pi.hProcess, list, 0, 1, text, 512);
        /* the suite's earlier scenarios left 5001-5300 configured and open: nothing to back up */
        ok(!wcscmp(text, L"Keep port 5001 (already open)"), "row 0 read cross-process: \"%ls\"", text);
        for (i = 1; i < rows && i < 400; i++) {
            remote_item_text(pi.hProcess, list, i, 1, text, 512);
            keep += !wcsncmp(text, L"Keep port ", 10);
        }
        ok(keep >= 200, "the configured ports show as \"Keep port N\": %d rows", keep);
        PostMessageW(found, WM_COMMAND, MAKEWPARAM(IDCANCEL, BN_CLICKED), 0);
    }
close:
    if (ok(WaitForSingleObject(pi.hProcess, 30000) == WAIT_OBJECT_0, "pasvports.exe exits after Close")) {
        GetExitCodeProcess(pi.hProcess, &code);
        ok(code == 0, "exit code %lu", (unsigned long)code);
    } else {
        TerminateProcess(pi.hProcess, 1); /* our own child */
    }
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    return test_summary(second ? "gui.second_instance_brings_the_first_to_front" : "gui.xproc");
}
