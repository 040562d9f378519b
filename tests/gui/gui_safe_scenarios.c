/* pasvports tests: safe by default (issue 12, findings 1 and 5), included by test_gui_driver.c:
 * Enter on a fresh dialog changes nothing and Apply always asks in one sentence; the dialog
 * opens with the firewall mode in place.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */

/* MSFTPSVC's state and process: a restart changes the process even when the state is the same. */
static void safe_service(DWORD *state, DWORD *pid)
{
    SC_HANDLE scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT), svc = NULL;
    SERVICE_STATUS_PROCESS st;
    DWORD need = 0;

    *state = 0;
    *pid = 0;
    if (scm)
        svc = OpenServiceW(scm, L"MSFTPSVC", SERVICE_QUERY_STATUS);
    if (svc && QueryServiceStatusEx(svc, SC_STATUS_PROCESS_INFO, (BYTE *)&st, sizeof(st), &need)) {
        *state = st.dwCurrentState;
        *pid = st.dwProcessId;
    }
    if (svc)
        CloseServiceHandle(svc);
    if (scm)
        CloseServiceHandle(scm);
}

/* The range, both firewall lists and the service, as one comparable text. */
static WCHAR *safe_lab_state(void)
{
    WCHAR *lab = lab_state(), *all;
    DWORD state, pid;
    size_t cap = wcslen(lab) + 64;

    safe_service(&state, &pid);
    all = malloc(cap * sizeof(WCHAR));
    swprintf(all, cap, L"%ls\nservice=%lu pid=%lu", lab, (unsigned long)state, (unsigned long)pid);
    free(lab);
    return all;
}

/* The control that has the keyboard focus on the dialog's thread. */
static int focused_id(void)
{
    GUITHREADINFO gti;
    memset(&gti, 0, sizeof(gti));
    gti.cbSize = sizeof(gti);
    if (!GetGUIThreadInfo(main_tid, &gti) || !gti.hwndFocus)
        return -1;
    return GetDlgCtrlID(gti.hwndFocus);
}

/* A key as the user's keyboard delivers it to the focused control (the dialog manager sees it
 * in the modal loop's IsDialogMessage): Enter, or Alt+letter. */
static void press_key(WCHAR key, bool alt)
{
    GUITHREADINFO gti;
    memset(&gti, 0, sizeof(gti));
    gti.cbSize = sizeof(gti);
    GetGUIThreadInfo(main_tid, &gti);
    if (alt) {
        PostMessageW(gti.hwndFocus ? gti.hwndFocus : dlg, WM_SYSCHAR, key, (LPARAM)(1u | (1u << 29)));
    } else {
        PostMessageW(gti.hwndFocus ? gti.hwndFocus : dlg, WM_KEYDOWN, key, 1);
        PostMessageW(gti.hwndFocus ? gti.hwndFocus : dlg, WM_KEYUP, key, (LPARAM)(1u | (3u << 30)));
    }
}

static void dialog_settles(void)
{
    DWORD_PTR r;
    Sleep(500);
    SendMessageTimeoutW(dlg, WM_NULL, 0, 0, SMTO_NORMAL, 5000, &r);
}

static void enter_on_a_fresh_dialog_changes_nothing(void)
{
    WCHAR *before = safe_lab_state(), *after, text[2048], want[128];
    HWND box;

    ok(focused_id() == IDC_RANGE_LOW, "a fresh dialog has the focus on the first port (control %d)", focused_id());
    ok(enabled(IDOK) && !(GetWindowLongPtrW(item(IDOK), GWL_STYLE) & BS_DEFPUSHBUTTON),
       "Apply is offered but is not the default button");
    screenshot("fresh-focus");

    press_key(VK_RETURN, false);
    dialog_settles();
    box = find_confirm_box();
    ok(box == NULL, "Enter asks nothing and applies nothing");
    if (box)
        PostMessageW(box, WM_COMMAND, IDNO, 0);
    ok(phase() == PASV_APP_IDLE, "still editing after Enter (phase %d)", phase());

    press_key(L'a', true); /* Alt+A: Apply */
    box = wait_confirm_box(text, 2048, 10000);
    swprintf(want, 128, L"Open 200 ports, set the passive ports to 5001-5201, restart the FTP service: "
                        L"transfers in progress will drop.");
    ok(box && !wcsncmp(text, want, wcslen(want)), "Alt+A asks in one sentence: \"%ls\"", text);
    ok(wcsstr(text, L"200") && wcsstr(text, L"5001-5201"), "the question names the port count and the range");
    if (box) {
        screenshot_window(box, "confirm-apply");
        PostMessageW(box, WM_COMMAND, IDNO, 0);
        wait_box_gone(box);
    }
    dialog_settles();
    ok(phase() == PASV_APP_IDLE, "No leaves the dialog editing (phase %d)", phase());
    after = safe_lab_state();
    ok(!wcscmp(before, after), "nothing changed: range, both firewall lists, service state and process:\n%ls\n%ls",
       before, after);
    ok(!secure_file_exists(L"journal.log") && !secure_file_exists(L"journal.prev.log") && !secure_file_exists(L"run.lock"),
       "no run was journaled or locked");
    free(before);
    free(after);
}

static void dialog_defaults_to_the_range_rule_in_place(void)
{
    WCHAR got[512], *want = pasv_text_load(IDS_PLAN_NOOP);

    ok((int)SendMessageW(item(IDC_MODE_RULE), BM_GETCHECK, 0, 0) == BST_CHECKED && (int)SendMessageW(item(IDC_MODE_PER_PORT), BM_GETCHECK, 0, 0) != BST_CHECKED,
       "after pasvctl's range-rule apply the dialog opens with \"One rule for the range\" (rule %u, per port %u)",
       (int)SendMessageW(item(IDC_MODE_RULE), BM_GETCHECK, 0, 0), (int)SendMessageW(item(IDC_MODE_PER_PORT), BM_GETCHECK, 0, 0));
    get_text(IDC_PLAN_TEXT, got, 512);
    ok(want && !wcscmp(got, want), "the plan is a no-op: \"%ls\"", got);
    ok(!enabled(IDOK), "nothing to apply");
    get_text(IDC_RANGE_LOW, got, 512);
    ok(!wcscmp(got, L"5001"), "the range in place is shown: first port %ls", got);
    screenshot("range-rule-in-place");
    LocalFree(want);
}
