/* pasvports tests: the dialog keeps pasvctl's preflight promises (issue 11 item 4): a Group
 * Policy override or a disabled FTP service stops Apply before any change with one message box,
 * a stopped service is left stopped, and the audit judges our ports against the scope chosen in
 * the dialog. Included by test_gui_driver.c after gui_guard_scenarios.c (its helpers: lab_state,
 * wait_box, ftp_state, start_pasvctl, read_secure_file); pasvctl.exe is argv[2].
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */

#define PF_GP_KEY L"SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\StandardProfile\\GloballyOpenPorts"

/* MSFTPSVC's state straight from the SCM (no session: wmain calls this before COM is up). */
static DWORD pf_scm_state(void)
{
    SC_HANDLE scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT), svc = NULL;
    SERVICE_STATUS st;

    memset(&st, 0, sizeof(st));
    if (scm)
        svc = OpenServiceW(scm, L"MSFTPSVC", SERVICE_QUERY_STATUS);
    if (svc) {
        QueryServiceStatus(svc, &st);
        CloseServiceHandle(svc);
    }
    if (scm)
        CloseServiceHandle(scm);
    return st.dwCurrentState;
}

/* Stops or starts MSFTPSVC and sets its start type, as an administrator would in Services. */
static void pf_service_set(bool running, DWORD start_type)
{
    SC_HANDLE scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT), svc;
    SERVICE_STATUS st;
    int i;

    if (!scm)
        return;
    svc = OpenServiceW(scm, L"MSFTPSVC", SERVICE_STOP | SERVICE_START | SERVICE_QUERY_STATUS | SERVICE_CHANGE_CONFIG);
    if (svc) {
        ChangeServiceConfigW(svc, SERVICE_NO_CHANGE, start_type, SERVICE_NO_CHANGE, NULL, NULL, NULL, NULL, NULL,
                             NULL, NULL);
        if (running && pf_scm_state() != SERVICE_RUNNING)
            StartServiceW(svc, 0, NULL);
        else if (!running && pf_scm_state() == SERVICE_RUNNING)
            ControlService(svc, SERVICE_CONTROL_STOP, &st);
        CloseServiceHandle(svc);
    }
    CloseServiceHandle(scm);
    for (i = 0; i < 300 && pf_scm_state() != (running ? SERVICE_RUNNING : SERVICE_STOPPED); i++)
        Sleep(100);
}

static DWORD pf_start_type(void)
{
    SC_HANDLE scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT), svc = NULL;
    BYTE buf[8192];
    QUERY_SERVICE_CONFIGW *cfg = (QUERY_SERVICE_CONFIGW *)buf;
    DWORD need, type = 0;

    if (scm)
        svc = OpenServiceW(scm, L"MSFTPSVC", SERVICE_QUERY_CONFIG);
    if (svc && QueryServiceConfigW(svc, cfg, sizeof(buf), &need))
        type = cfg->dwStartType;
    if (svc)
        CloseServiceHandle(svc);
    if (scm)
        CloseServiceHandle(scm);
    return type;
}

static void pf_group_policy(bool on)
{
    HKEY key = NULL;
    DWORD zero = 0;

    /* The lab's knob makes the Vista+ API answer GP_OVERRIDE; the policy key is what a 2003
     * domain writes and what the legacy API reads (the guilab is an IIS 6 / 2003 lab). */
    lab_knob(L"Firewall", L"GpOverride", on ? 1 : ~0u);
    if (on && RegCreateKeyExW(HKEY_LOCAL_MACHINE, PF_GP_KEY, 0, NULL, 0, KEY_SET_VALUE, NULL, &key, NULL) ==
                  ERROR_SUCCESS) {
        RegSetValueExW(key, L"AllowUserPrefMerge", 0, REG_DWORD, (const BYTE *)&zero, sizeof(zero));
        RegCloseKey(key);
    } else if (!on) {
        RegDeleteKeyW(HKEY_LOCAL_MACHINE, PF_GP_KEY);
    }
}

/* The lab metabase's file, %windir%\system32\inetsrv\MetaBase.xml, as bytes ("" when absent). */
static char *pf_metabase_bytes(void)
{
    WCHAR path[MAX_PATH];
    HANDLE f;
    DWORD size, got = 0;
    char *buf;
    UINT n = GetSystemDirectoryW(path, MAX_PATH);

    if (!n || n + 24 >= MAX_PATH)
        return calloc(1, 1);
    wcscat(path, L"\\inetsrv\\MetaBase.xml");
    f = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, OPEN_EXISTING, 0,
                    NULL);
    if (f == INVALID_HANDLE_VALUE)
        return calloc(1, 1);
    size = GetFileSize(f, NULL);
    buf = calloc(1, size + 1);
    if (buf)
        ReadFile(f, buf, size, &got, NULL);
    CloseHandle(f);
    return buf ? buf : calloc(1, 1);
}

/* Apply with range low-high must be refused by one box holding want; the lab (both firewall
 * lists, the metabase range and its file byte for byte), the service (state, start type) and
 * the change log as before. */
static void pf_apply_is_refused(const WCHAR *low, const WCHAR *high, const WCHAR *want, const char *shot,
                                pasv_service_state state, DWORD start_type)
{
    WCHAR text[2048], *before = lab_state(), *after;
    char *log_before = read_secure_file(L"changes.log"), *log_after;
    char *mb_before = pf_metabase_bytes(), *mb_after;
    HWND box;

    enter_range(low, high);
    ok(enabled(IDOK), "Apply is offered for %ls-%ls", low, high);
    apply_confirmed();
    box = wait_box(text, 2048, 30000);
    ok(box && wcsstr(text, want) && wcsstr(text, L"Nothing was changed"), "one box says why and what to do: %ls",
       text);
    screenshot(shot);
    if (box)
        PostMessageW(box, WM_COMMAND, IDOK, 0);
    wait_phase(PASV_APP_IDLE, 60000);
    after = lab_state();
    log_after = read_secure_file(L"changes.log");
    ok(!wcscmp(before, after), "firewall lists and range exactly as before:\n%ls\n---\n%ls", before, after);
    mb_after = pf_metabase_bytes();
    ok(mb_before[0] && !strcmp(mb_before, mb_after), "MetaBase.xml byte for byte as before (%u bytes)",
       (unsigned)strlen(mb_before));
    free(mb_before);
    free(mb_after);
    ok(ftp_state() == state && pf_start_type() == start_type, "service state %d (want %d), start type %lu (want %lu)",
       (int)ftp_state(), (int)state, (unsigned long)pf_start_type(), (unsigned long)start_type);
    ok(!strcmp(log_before, log_after), "the change log records no run");
    ok(!secure_file_exists(L"journal.log") && !secure_file_exists(L"run.lock"), "no journal begun, no lock left");
    ok(enabled(IDOK), "Apply is available again");
    free(before);
    free(after);
    free(log_before);
    free(log_after);
}

static void dialog_group_policy_override_stops_apply_before_any_change(void)
{
    pf_group_policy(true);
    pf_apply_is_refused(L"7201", L"7210", L"Group Policy overrides the local firewall settings", "refused-gp-override",
                        ftp_state(), pf_start_type());
    pf_group_policy(false);
}

static void dialog_disabled_service_stops_apply_before_any_change(void)
{
    pf_service_set(false, SERVICE_DISABLED);
    ok(pf_start_type() == SERVICE_DISABLED, "MSFTPSVC disabled by the admin");
    pf_apply_is_refused(L"7301", L"7310", L"is disabled", "refused-service-disabled", PASV_SVC_STOPPED,
                        SERVICE_DISABLED);
    pf_service_set(true, SERVICE_DEMAND_START);
}

/* The service was stopped before the dialog opened (wmain). */
static void dialog_leaves_a_stopped_service_stopped(void)
{
    WCHAR text[2048];
    char range[PASV_RANGE_TEXT_MAX];
    DWORD n;
    WCHAR *std;
    int i, restarts = 0;

    get_text(IDC_SERVER_TEXT, text, 2048);
    ok(wcsstr(text, L"stopped") && !wcsstr(text, L"running"), "the server line says stopped: %ls", text);
    get_text(IDC_RESTART_NOTE, text, 2048);
    ok(!enabled(IDC_RESTART) && wcsstr(text, L"stays stopped"), "no restart offered: %ls", text);
    enter_range(L"7101", L"7110");
    for (i = 0; i < list_count(IDC_CHANGES_LIST); i++) {
        list_text(IDC_CHANGES_LIST, i, 1, text, 2048);
        restarts += wcsstr(text, L"Restart") != NULL;
    }
    ok(list_count(IDC_CHANGES_LIST) > 0 && restarts == 0, "the plan (%d rows) has no restart row",
       list_count(IDC_CHANGES_LIST));
    apply_confirmed();
    if (!wait_phase(PASV_APP_RUNNING, 10000) || !wait_phase(PASV_APP_IDLE, 120000))
        return;
    Sleep(500); /* the fresh snapshot */
    get_text(IDC_SUMMARY, text, 2048);
    ok(wcsstr(text, L"left stopped") && wcsstr(text, L"takes effect when it next starts"),
       "the result says the range takes effect at the next start: %ls", text);
    ok(!wcsstr(text, L"running") && !wcsstr(text, L"restarted") && !wcsstr(text, L"now match"),
       "and does not say the service runs or was restarted: %ls", text);
    get_text(IDC_SERVER_TEXT, text, 2048);
    ok(wcsstr(text, L"stopped") != NULL, "the server line still says stopped: %ls", text);
    screenshot("stopped-service-kept");
    test_read_range(range, sizeof(range), "unset", NULL);
    ok(!strcmp(range, "7101-7110"), "the metabase range changed: %s", range);
    std = lab_snapshot(LAB_LIST_STANDARD, &n);
    ok(lab_count_ours(std, 7101, 7110) == 10 && lab_has_foreign(std), "the 10 ports open, foreign untouched (%u)",
       lab_count_ours(std, 7101, 7110));
    free(std);
    ok(ftp_state() == PASV_SVC_STOPPED, "MSFTPSVC still stopped (%d)", (int)ftp_state());
    ok(pf_start_type() == SERVICE_DEMAND_START, "start type unchanged (%lu)", (unsigned long)pf_start_type());
}

/* Issue 12: with the firewall service not answering, pasvctl apply refuses (exit 3) while the
 * dialog offered a range-only run. Both refuse now: the plan line says so, Apply shows one box
 * with the preflight's words, and nothing changes. */
static void dialog_refuses_apply_when_the_firewall_does_not_answer(void)
{
    WCHAR text[1024];
    DWORD start;

    lab_knob(L"Firewall", L"ServiceStopped", 1);
    click(IDC_REFRESH);
    enter_range(L"7501", L"7510");
    start = GetTickCount();
    do {
        Sleep(50);
        get_text(IDC_PLAN_TEXT, text, 1024);
    } while (!wcsstr(text, L"does not answer") && GetTickCount() - start < 30000);
    ok(wcsstr(text, L"Windows Firewall does not answer") && wcsstr(text, L"Apply changes nothing"),
       "the plan line says the firewall does not answer: %ls", text);
    pf_apply_is_refused(L"7501", L"7510", L"Windows Firewall does not answer", "refused-firewall-not-answering",
                        ftp_state(), pf_start_type());
    lab_knob(L"Firewall", L"ServiceStopped", ~0u);
    click(IDC_REFRESH);
    wait_phase(PASV_APP_IDLE, 60000);
}

static void scenario_preflight(void)
{
    dialog_leaves_a_stopped_service_stopped();
    dialog_group_policy_override_stops_apply_before_any_change();
    dialog_disabled_service_stops_apply_before_any_change();
    dialog_refuses_apply_when_the_firewall_does_not_answer();
}

/* Before the dialog opens (scenario scope): pasvctl opens 7401-7410 to 10.0.0.0/8 only. */
static void pf_pasvctl_apply(const WCHAR *args)
{
    PROCESS_INFORMATION pi;
    DWORD code = 99;

    if (!ok(start_pasvctl(args, &pi), "pasvctl %ls started", args))
        return;
    WaitForSingleObject(pi.hProcess, 180000);
    GetExitCodeProcess(pi.hProcess, &code);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    ok(code == 0, "pasvctl %ls: exit %lu", args, (unsigned long)code);
}

/* The states of the audit rows of ports low-high: how many read want. */
static int pf_audit_rows(unsigned low, unsigned high, const WCHAR *want)
{
    WCHAR text[64];
    unsigned port;
    int n = 0, row;

    for (port = low; port <= high; port++) {
        row = find_port_row(IDC_AUDIT_LIST, port);
        list_text(IDC_AUDIT_LIST, row, 1, text, 64);
        n += row >= 0 && !wcscmp(text, want);
    }
    return n;
}

static void dialog_audit_shows_ports_open_with_another_scope_as_partial(void)
{
    WCHAR text[512];

    ok(SendMessageW(item(IDC_SCOPE), CB_GETCURSEL, 0, 0) == PASV_SCOPE_ANY, "scope: Any computer");
    click(IDC_VIEW_AUDIT);
    ok(pf_audit_rows(7401, 7410, L"Partly open") == 10, "ours open to 10.0.0.0/8 only: Partly open, not Open (%d)",
       pf_audit_rows(7401, 7410, L"Partly open"));
    get_text(IDC_AUDIT_TEXT, text, 512);
    ok(wcsstr(text, L"0 of 10 open") != NULL, "audit line: %ls", text);
    screenshot("audit-other-scope");
    SendMessageW(item(IDC_SCOPE), CB_SETCURSEL, PASV_SCOPE_CUSTOM, 0);
    SendMessageW(GetParent(item(IDC_SCOPE)), WM_COMMAND, MAKEWPARAM(IDC_SCOPE, CBN_SELCHANGE), (LPARAM)item(IDC_SCOPE));
    set_text(IDC_REMOTE, L"10.0.0.0/8");
    ok(pf_audit_rows(7401, 7410, L"Open") == 10, "with the same scope chosen in the dialog they are Open (%d)",
       pf_audit_rows(7401, 7410, L"Open"));
    click(IDC_VIEW_CHANGES);
}

/* ---- gui.dialog_finish_respects_group_policy_override ---- */

/* Before the dialog opens: a pasvctl run killed in its service restart (wmain). Group Policy
 * then starts overriding the local lists: Finish runs Apply's preflight and refuses with one
 * box before any change; the interrupted run stays waiting and the service is not started. */
static void dialog_finish_respects_group_policy_override(void)
{
    WCHAR text[2048], *before, *after;
    char *log_before, *log_after, *journal_before, *journal_after;
    pasv_service_state st;
    HWND box;

    ok(wait_until(finish_offered, 10000), "Finish offered after the kill");
    pf_group_policy(true);
    before = lab_state();
    st = ftp_state();
    log_before = read_secure_file(L"changes.log");
    journal_before = read_secure_file(L"journal.log");
    post_click(IDC_RETRY);
    box = wait_box(text, 2048, 10000);
    ok(box && wcsstr(text, L"Finish the interrupted run with its own settings"), "Finish asks first: %ls", text);
    if (box)
        PostMessageW(box, WM_COMMAND, IDYES, 0);
    Sleep(500);
    box = wait_box(text, 2048, 60000);
    ok(box && wcsstr(text, L"Group Policy overrides the local firewall settings") &&
           wcsstr(text, L"Nothing was changed"),
       "one box says why: %ls", text);
    screenshot("finish-refused-gp-override");
    if (box)
        PostMessageW(box, WM_COMMAND, IDOK, 0);
    wait_phase(PASV_APP_IDLE, 60000);
    after = lab_state();
    log_after = read_secure_file(L"changes.log");
    journal_after = read_secure_file(L"journal.log");
    ok(!wcscmp(before, after), "firewall lists and range exactly as before:\n%ls\n---\n%ls", before, after);
    ok(ftp_state() == st && st != PASV_SVC_RUNNING, "the service is not started (state %d)", (int)ftp_state());
    ok(!strcmp(log_before, log_after), "the change log records no run");
    ok(journal_before[0] && !strcmp(journal_before, journal_after), "the interrupted run's journal is kept, unfinished");
    ok(!secure_file_exists(L"run.lock"), "lock released");
    pf_group_policy(false);
    /* Leave the lab recovered for the next scenarios. pasvctl's rollback line (issue 12 finding
     * 7): after= the range the metabase holds once it ran, opened= what the lab still holds of
     * the killed run's ports (none). */
    pf_pasvctl_apply(L"apply --rollback-unfinished --yes");
    {
        char *log = read_secure_file(L"changes.log"), *last = last_trail_line(log), range[PASV_RANGE_TEXT_MAX], want[64];
        WCHAR *std = lab_snapshot(LAB_LIST_STANDARD, &(DWORD){0});
        unsigned left = lab_count_ours(std, 6501, 6520);
        test_read_range(range, sizeof(range), "unset", NULL);
        snprintf(want, sizeof(want), "\tafter=%s\t", range);
        ok(strstr(last, "rollback") && strstr(last, want) && trail_count(last, "opened=") == (long)left && left == 0,
           "pasvctl's rollback line says after=%s and opened=%u: %s", range, left, last);
        free(std);
        free(log);
    }
    free(before);
    free(after);
    free(log_before);
    free(log_after);
    free(journal_before);
    free(journal_after);
}
