/* pasvports tests: the dialog's run guard (issue 11): one run at a time with pasvctl, the
 * journal and the change log from outcomes, refusals that change nothing, and the recovery of
 * a killed run. Included by test_gui_driver.c (it shares the driver's helpers: dlg, click,
 * wait_phase, screenshot); pasvctl.exe is argv[2].
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "securedir.h"
#include "../win/winpath.h"

static WCHAR pasvctl[MAX_PATH];

static bool start_pasvctl(const WCHAR *args, PROCESS_INFORMATION *pi)
{
    return lab_start_logged(pasvctl, args, L"gui-guard-pasvctl.txt", pi);
}

static bool secure_file_exists(const WCHAR *name)
{
    WCHAR dir[MAX_PATH], path[MAX_PATH];
    if (FAILED(pasv_secure_dir_path(dir, MAX_PATH)))
        return false;
    swprintf(path, MAX_PATH, L"%ls\\%ls", dir, name);
    return GetFileAttributesW(path) != INVALID_FILE_ATTRIBUTES;
}

static char *read_secure_file(const WCHAR *name)
{
    WCHAR dir[MAX_PATH] = L"", path[MAX_PATH];
    HANDLE f;
    DWORD size, got = 0;
    char *buf;

    pasv_secure_dir_path(dir, MAX_PATH);
    swprintf(path, MAX_PATH, L"%ls\\%ls", dir, name);
    f = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, OPEN_EXISTING, 0,
                    NULL);
    if (f == INVALID_HANDLE_VALUE)
        return calloc(1, 1);
    size = GetFileSize(f, NULL);
    buf = calloc(1, size + 1);
    ReadFile(f, buf, size, &got, NULL);
    CloseHandle(f);
    return buf;
}

static pasv_service_state ftp_state(void)
{
    pasv_session *s = NULL;
    pasv_service_state st = PASV_SVC_UNKNOWN;
    if (SUCCEEDED(pasv_session_open(NULL, &s)) && s->service)
        s->service->vt->query(s->service, &st);
    pasv_session_close(s);
    return st;
}

static void ftp_ensure_running(void)
{
    pasv_session *s = NULL;
    if (ftp_state() == PASV_SVC_RUNNING)
        return;
    if (SUCCEEDED(pasv_session_open(NULL, &s)) && s->service)
        s->service->vt->start(s->service, NULL, 0);
    pasv_session_close(s);
}

static bool wait_until(bool (*cond)(void), DWORD ms)
{
    DWORD waited;
    for (waited = 0; waited < ms; waited += 100) {
        if (cond())
            return true;
        Sleep(100);
    }
    return false;
}

static bool ftp_stopped(void)
{
    return ftp_state() == PASV_SVC_STOPPED;
}

static bool ftp_in_restart(void)
{
    pasv_service_state st = ftp_state();
    return st == PASV_SVC_STOP_PENDING || st == PASV_SVC_STOPPED;
}

static bool run_journaling(void)
{
    return secure_file_exists(L"run.lock") && secure_file_exists(L"journal.log");
}

/* Both firewall lists and the range, as one comparable text. */
static WCHAR *lab_state(void)
{
    DWORD n1, n2;
    WCHAR *a = lab_snapshot(LAB_LIST_STANDARD, &n1), *b = lab_snapshot(LAB_LIST_DOMAIN, &n2);
    size_t cap = wcslen(a) + wcslen(b) + 64;
    WCHAR *all = malloc(cap * sizeof(WCHAR));
    char range[PASV_RANGE_TEXT_MAX];

    test_read_range(range, sizeof(range), "unset", NULL);
    swprintf(all, cap, L"%ls--\n%ls--\nrange=%hs", a, b, range);
    free(a);
    free(b);
    return all;
}

static BOOL CALLBACK find_box(HWND hwnd, LPARAM lparam)
{
    WCHAR cls[16];
    if (hwnd != dlg && IsWindowVisible(hwnd) && GetClassNameW(hwnd, cls, 16) && !wcscmp(cls, L"#32770")) {
        *(HWND *)lparam = hwnd;
        return FALSE;
    }
    return TRUE;
}

/* Waits for a message box on the dialog's thread; its text into text. */
static HWND wait_box(WCHAR *text, int cap, DWORD ms)
{
    HWND box = NULL;
    DWORD waited;
    text[0] = 0;
    for (waited = 0; waited < ms && !box; waited += 50) {
        EnumThreadWindows(main_tid, find_box, (LPARAM)&box);
        if (!box)
            Sleep(50);
    }
    if (box)
        GetDlgItemTextW(box, 0xFFFF, text, cap);
    return box;
}

static void post_click(int id)
{
    PostMessageW(dlg, WM_COMMAND, MAKEWPARAM(id, BN_CLICKED), (LPARAM)item(id));
}

static void scenario_lock(void)
{
    PROCESS_INFORMATION pi;
    WCHAR text[2048], want[64], *std;
    HWND box;
    DWORD code = 99, n;
    char range[PASV_RANGE_TEXT_MAX];

    ftp_ensure_running();
    lab_knob(L"FtpSvc", L"SlowStopMs", 5000);
    if (!ok(start_pasvctl(L"apply 6001-6010 --yes", &pi), "pasvctl apply started"))
        goto done;
    ok(wait_until(run_journaling, 30000), "pasvctl holds the lock and journals");
    ok(wait_until(ftp_in_restart, 30000), "pasvctl is in its service restart");
    enter_range(L"7001", L"7010");
    apply_confirmed();
    box = wait_box(text, 2048, 30000);
    swprintf(want, 64, L"pasvctl (process %lu), started ", (unsigned long)pi.dwProcessId);
    ok(box && wcsstr(text, L"Another run is changing this server: ") && wcsstr(text, want) && wcsstr(text, L" UTC."),
       "the box names the holder (program, PID, start time): %ls", text);
    ok(wcsstr(text, L"Nothing was changed") != NULL, "and says nothing was changed");
    screenshot("refused-locked");
    if (box)
        PostMessageW(box, WM_COMMAND, IDOK, 0);
    wait_phase(PASV_APP_IDLE, 60000);
    ok(enabled(IDOK), "Apply is available again after the refusal");
    WaitForSingleObject(pi.hProcess, 120000);
    GetExitCodeProcess(pi.hProcess, &code);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    ok(code == 0, "pasvctl's run finished: exit %lu", (unsigned long)code);
    test_read_range(range, sizeof(range), "unset", NULL);
    ok(!strcmp(range, "6001-6010"), "pasvctl's range, not the dialog's: %s", range);
    std = lab_snapshot(LAB_LIST_STANDARD, &n);
    ok(lab_count_ours(std, 6001, 6010) == 10 && lab_count_ours(std, 7001, 7010) == 0 && lab_has_foreign(std),
       "pasvctl's 10 ports open, none of the dialog's, foreign untouched (%u, %u)", lab_count_ours(std, 6001, 6010),
       lab_count_ours(std, 7001, 7010));
    ok(n == 13, "exactly pasvctl's entries: 10 + 3 foreign (%lu)", (unsigned long)n);
    free(std);
done:
    lab_knob(L"FtpSvc", L"SlowStopMs", ~0u);
}

/* The last line of changes.log, and its value of key (e.g. "opened="), or -1. */
static long trail_count(const char *line, const char *key)
{
    const char *p = strstr(line, key);
    return p ? strtol(p + strlen(key), NULL, 10) : -1;
}

static void scenario_journaled(void)
{
    char *log, *last, *journal;
    WCHAR *std;
    DWORD n;
    long opened, kept, failed;
    unsigned ours;

    /* 6011-6030 to open, 6001-6010 kept; 6025 refused by the firewall: planned 20, done 19. */
    lab_knob(L"Firewall", L"FailAddPort", 6025);
    lab_knob(L"Firewall", L"FailAddHr", 0x80070005);
    enter_range(L"6001", L"6030");
    apply_confirmed();
    if (!wait_phase(PASV_APP_DECIDE, 180000))
        goto done;
    click(IDC_KEEP);
    wait_phase(PASV_APP_IDLE, 60000);
    ok(!secure_file_exists(L"journal.log") && !secure_file_exists(L"run.lock"), "journal finished and rotated, lock released");
    journal = read_secure_file(L"journal.prev.log");
    ok(strstr(journal, "journal version=1 program=pasvports ") && strstr(journal, "\nbegin items=") &&
           strstr(journal, "\nfinished hr="),
       "the dialog's run was journaled: started record, items, finished: %.300s", journal);
    ok(strstr(journal, "\ndone ") != NULL, "each item as it finished");
    free(journal);
    log = read_secure_file(L"changes.log");
    last = log + strlen(log);
    while (last > log && last[-1] == '\n')
        *--last = 0;
    while (last > log && last[-1] != '\n')
        last--;
    opened = trail_count(last, "opened=");
    kept = trail_count(last, "kept=");
    failed = trail_count(last, "failed=");
    std = lab_snapshot(LAB_LIST_STANDARD, &n);
    ours = lab_count_ours(std, 6001, 6030);
    /* Keep writes its own line (the Apply line before it said failed-awaiting-choice): the
     * outcome the admin chose, with the run's counts. */
    ok(strstr(last, "pasvports.exe Keep changes") && strstr(last, "result=failed-kept") &&
           strstr(last, "after=6001-6030"),
       "the change log line: %s", last);
    ok(strstr(log, "pasvports.exe Apply") && strstr(log, "result=failed-awaiting-choice"),
       "the run's own line waited for the choice");
    ok(opened == 19 && failed == 1, "outcomes, not the plan: opened=%ld failed=%ld (planned 20)", opened, failed);
    ok(opened + kept == (long)ours, "opened + kept (%ld + %ld) equals our entries the lab recorded (%u)", opened, kept,
       ours);
    free(std);
    free(log);
done:
    lab_knob(L"Firewall", L"FailAddPort", ~0u);
    lab_knob(L"Firewall", L"FailAddHr", ~0u);
}

static void scenario_unwritable(void)
{
    WCHAR logpath[MAX_PATH], aside[MAX_PATH], text[2048], *before, *after;
    HWND box;

    pasv_trail_path(logpath, MAX_PATH);
    swprintf(aside, MAX_PATH, L"%ls.aside", logpath);
    MoveFileExW(logpath, aside, MOVEFILE_REPLACE_EXISTING);
    /* A directory where the log should be cannot be opened for appending (Wine runs as root, so
     * a read-only file would not do). */
    ok(CreateDirectoryW(logpath, NULL), "changes.log made unwritable");
    before = lab_state();
    enter_range(L"6101", L"6110");
    apply_confirmed();
    box = wait_box(text, 2048, 30000);
    ok(box && wcsstr(text, L"Cannot write the change log ") && wcsstr(text, L"changes.log") && wcsstr(text, L"(0x") &&
           wcsstr(text, L"Nothing was changed."),
       "one box says what, why and the code: %ls", text);
    screenshot("refused-log");
    if (box)
        PostMessageW(box, WM_COMMAND, IDOK, 0);
    wait_phase(PASV_APP_IDLE, 60000);
    after = lab_state();
    ok(!wcscmp(before, after), "nothing changed: range and both firewall lists as before");
    ok(!secure_file_exists(L"journal.log") && !secure_file_exists(L"run.lock"), "no journal begun, lock released");
    RemoveDirectoryW(logpath);
    MoveFileExW(aside, logpath, MOVEFILE_REPLACE_EXISTING);
    free(before);
    free(after);
}

/* Before the dialog opens: a pasvctl run killed in its service restart (scenarios killed, finish). */
static WCHAR *killed_before, *killed_std_before, *killed_dom_before;
static DWORD killed_pid;

/* Kills a pasvctl run of args that this test started, by its handle, in its service restart. */
static void kill_pasvctl_mid_restart(const WCHAR *args)
{
    PROCESS_INFORMATION pi;
    DWORD n;
    HRESULT co = CoInitializeEx(NULL, COINIT_APARTMENTTHREADED); /* the session reads the service */

    ftp_ensure_running();
    killed_before = lab_state();
    killed_std_before = lab_snapshot(LAB_LIST_STANDARD, &n);
    killed_dom_before = lab_snapshot(LAB_LIST_DOMAIN, &n);
    lab_knob(L"FtpSvc", L"SlowStopMs", 4000);
    if (!ok(start_pasvctl(args, &pi), "pasvctl %ls started", args))
        goto done;
    ok(wait_until(run_journaling, 30000), "pasvctl journals");
    ok(wait_until(ftp_in_restart, 30000), "pasvctl is in its service restart");
    ok(TerminateProcess(pi.hProcess, 9), "pasvctl killed"); /* our own child, as taskkill /F */
    WaitForSingleObject(pi.hProcess, 10000);
    killed_pid = pi.dwProcessId;
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    lab_knob(L"FtpSvc", L"SlowStopMs", ~0u);
    /* The slow stop completes (4 s at most): MSFTPSVC is left stopped. */
    ok(wait_until(ftp_stopped, 15000), "the kill left MSFTPSVC stopped (state %d)", (int)ftp_state());
done:
    if (SUCCEEDED(co))
        CoUninitialize();
}

typedef struct tip_query {
    HWND tool_parent;
    HWND tool;
    WCHAR *buf;
    int cap;
} tip_query;

/* Asks each tooltip the dialog owns (the status lines' and the banner's) for the tool. */
static BOOL CALLBACK ask_tip(HWND hwnd, LPARAM lparam)
{
    tip_query *q = (tip_query *)lparam;
    WCHAR cls[32];
    TTTOOLINFOW ti;

    if (GetWindow(hwnd, GW_OWNER) != dlg || !GetClassNameW(hwnd, cls, 32) || wcscmp(cls, L"tooltips_class32"))
        return TRUE;
    memset(&ti, 0, sizeof(ti));
    ti.cbSize = sizeof(ti);
    ti.hwnd = q->tool_parent;
    ti.uId = (UINT_PTR)q->tool;
    ti.lpszText = q->buf;
    SendMessageW(hwnd, TTM_GETTEXTW, (WPARAM)q->cap, (LPARAM)&ti);
    return q->buf[0] == 0;
}

/* The text of the tooltip the dialog gave control id ("" when none). */
static void tip_text(int id, WCHAR *buf, int cap)
{
    tip_query q;

    buf[0] = 0;
    q.tool = item(id);
    q.tool_parent = GetParent(q.tool);
    q.buf = buf;
    q.cap = cap;
    EnumThreadWindows(main_tid, ask_tip, (LPARAM)&q);
}

/* Whether control id's text, word-wrapped as a static draws it in its font, fits the control. */
#define text_fits(id) text_fits_(__FILE__, __LINE__, id)
static bool text_fits_(const char *file, int line, int id)
{
    HWND c = item(id);
    HDC dc = GetDC(c);
    HGDIOBJ old = SelectObject(dc, (HFONT)SendMessageW(c, WM_GETFONT, 0, 0));
    WCHAR text[2048];
    RECT rc, calc;

    GetWindowTextW(c, text, 2048);
    GetClientRect(c, &rc);
    calc = rc;
    DrawTextW(dc, text, -1, &calc, DT_CALCRECT | DT_WORDBREAK | DT_EXPANDTABS | DT_NOPREFIX);
    SelectObject(dc, old);
    ReleaseDC(c, dc);
    return ok_at(file, line, calc.bottom <= rc.bottom && calc.right <= rc.right,
                 "the text fits its %ldx%ld control (needs %ldx%ld): %ls", rc.right, rc.bottom, calc.right, calc.bottom,
                 text);
}

static void scenario_killed(void)
{
    WCHAR text[2048], want[64], *after;
    HWND box;
    char *log;
    DWORD waited;

    for (waited = 0; waited < 10000; waited += 100) {
        get_text(IDC_SUMMARY, text, 2048);
        if (wcsstr(text, L"An earlier run did not finish"))
            break;
        Sleep(100);
    }
    swprintf(want, 64, L"pasvctl (process %lu), started ", (unsigned long)killed_pid);
    ok(wcsstr(text, L"An earlier run did not finish: ") && wcsstr(text, want) && wcsstr(text, L" UTC; steps recorded: ") &&
           wcsstr(text, L". Finish or undo it"),
       "the banner says which program, when, how far: %ls", text);
    text_fits(IDC_SUMMARY);
    tip_text(IDC_SUMMARY, text, 2048);
    ok(wcsstr(text, want) && wcsstr(text, L"apply 6201-6220 --yes") && wcsstr(text, L". Steps recorded: ") && wcsstr(text, L"; the last was "),
       "its tooltip has the whole story, the command too: %ls", text);
    enter_range(L"6301", L"6310");
    ok(!enabled(IDOK), "Apply is disabled while the interrupted run waits");
    get_text(IDC_ROLLBACK, text, 2048);
    ok(visible(IDC_ROLLBACK) && enabled(IDC_ROLLBACK) && !wcscmp(text, L"Un&do the interrupted run"), "Undo offered: %ls",
       text);
    get_text(IDC_RETRY, text, 2048);
    ok(visible(IDC_RETRY) && enabled(IDC_RETRY) && !wcscmp(text, L"Fi&nish the interrupted run"), "Finish offered: %ls",
       text);
    check_mnemonics(); /* Undo and Finish take letters no other control has */
    screenshot("unfinished");
    post_click(IDC_ROLLBACK);
    box = wait_box(text, 2048, 10000);
    ok(box && wcsstr(text, L"Undo the interrupted run? ") && wcsstr(text, L"apply 6201-6220 --yes"), "Undo asks first: %ls",
       text);
    screenshot("confirm-undo");
    if (box)
        PostMessageW(box, WM_COMMAND, IDYES, 0);
    Sleep(500);
    if (!wait_phase(PASV_APP_IDLE, 180000))
        return;
    get_text(IDC_SUMMARY, text, 2048);
    ok(wcsstr(text, L"The interrupted run was undone") != NULL, "summary: %ls", text);
    swprintf(want, 64, L"(pasvctl, process %lu, started ", (unsigned long)killed_pid);
    ok(wcsstr(text, L"ended without releasing the run lock") && wcsstr(text, want),
       "the dead run's lock was taken over with a warning naming it: %ls", text);
    screenshot("undone");
    after = lab_state();
    ok(killed_before && !wcscmp(killed_before, after), "range and firewall entries exactly as before the killed run");
    ok(ftp_state() == PASV_SVC_RUNNING, "MSFTPSVC running again, as before");
    ok(!secure_file_exists(L"journal.log") && !secure_file_exists(L"run.lock"), "journal finished, lock released");
    log = read_secure_file(L"changes.log");
    ok(strstr(log, "rollback of the interrupted run: ") && strstr(log, "apply 6201-6220 --yes"),
       "the recovery has its change-log line");
    get_text(IDC_ROLLBACK, text, 2048);
    ok(!visible(IDC_ROLLBACK) && !wcscmp(text, L"Roll &back"), "the buttons are back to normal (%ls)", text);
    free(log);
    free(after);
}

/* ---- gui.finish: a killed pasvctl run finished from the dialog ---- */

#define FINISH_ARGS L"apply 6401-6420 --yes"

/* A firewall list without our entries ("N:TCP=N:TCP:*:Enabled:Passive FTPN"): the foreign
 * entries, byte for byte; *ours counts what was left out. */
static WCHAR *foreign_only(const WCHAR *snap, unsigned *ours)
{
    WCHAR *out = calloc(wcslen(snap) + 1, sizeof(WCHAR)), *o = out;
    const WCHAR *line = snap, *end;

    *ours = 0;
    for (; *line; line = end + 1) {
        unsigned port = (unsigned)wcstoul(line, NULL, 10);
        WCHAR want[128];
        end = wcschr(line, L'\n');
        if (!end)
            break;
        swprintf(want, 128, L"%u:TCP=%u:TCP:*:Enabled:Passive FTP%u\n", port, port, port);
        if (!wcsncmp(line, want, wcslen(want)) && (size_t)(end + 1 - line) == wcslen(want)) {
            (*ours)++;
            continue;
        }
        memcpy(o, line, (size_t)(end + 1 - line) * sizeof(WCHAR));
        o += end + 1 - line;
    }
    *o = 0;
    return out;
}

/* The last line of changes.log (in buf, which it points into). */
static char *last_trail_line(char *log)
{
    char *last = log + strlen(log);
    while (last > log && last[-1] == '\n')
        *--last = 0;
    while (last > log && last[-1] != '\n')
        last--;
    return last;
}

static bool finish_offered(void)
{
    return visible(IDC_RETRY) && enabled(IDC_RETRY);
}

/* The lab after the finished run: the range, our 20 entries and nothing else of ours in each
 * profile list, the foreign entries as they were before the killed run. */
static void check_finished_lab(const WCHAR *std_before, const WCHAR *dom_before, unsigned *ours_now)
{
    WCHAR *std = NULL, *dom = NULL, *fs = NULL, *fd = NULL, *fs0 = NULL, *fd0 = NULL;
    unsigned ns, nd, n0;
    DWORD n1, n2;
    char range[PASV_RANGE_TEXT_MAX];

    test_read_range(range, sizeof(range), "unset", NULL);
    ok(!strcmp(range, "6401-6420"), "the killed run's range is in the metabase: %s", range);
    std = lab_snapshot(LAB_LIST_STANDARD, &n1);
    dom = lab_snapshot(LAB_LIST_DOMAIN, &n2);
    fs = foreign_only(std, &ns);
    fd = foreign_only(dom, &nd);
    fs0 = foreign_only(std_before, &n0);
    fd0 = foreign_only(dom_before, &n0);
    ok(lab_count_ours(std, 6401, 6420) == 20 && ns == 20, "standard list: our 20 ports of 6401-6420 and no other of ours "
       "(%u in range, %u of ours)", lab_count_ours(std, 6401, 6420), ns);
    ok(lab_count_ours(dom, 6401, 6420) == 20 && nd == 20, "domain list: our 20 ports of 6401-6420 and no other of ours "
       "(%u in range, %u of ours)", lab_count_ours(dom, 6401, 6420), nd);
    ok(lab_has_foreign(std) && !wcscmp(fs, fs0) && !wcscmp(fd, fd0),
       "foreign entries byte for byte as before the killed run in both lists:\n%ls--\n%ls", fs, fd);
    *ours_now = ns;
    free(std);
    free(dom);
    free(fs);
    free(fd);
    free(fs0);
    free(fd0);
}

static void check_finished_trail(unsigned stale_before, unsigned ours_now)
{
    char *log = read_secure_file(L"changes.log"), *last = last_trail_line(log), *journal;
    long opened = trail_count(last, "opened="), kept = trail_count(last, "kept="), closed = trail_count(last, "closed=");

    ok(strstr(last, "apply 6401-6420 --yes") && strstr(last, "after=6401-6420") && strstr(last, "result="),
       "the resumed run's change-log line: %s", last);
    ok(opened + kept == (long)ours_now && closed == (long)stale_before && trail_count(last, "failed=") == 0,
       "its counts are what the lab recorded: opened %ld + kept %ld = %u ours, closed %ld = %u stale before", opened,
       kept, ours_now, closed, stale_before);
    *last = 0; /* the line before: the killed run's own, closed as superseded */
    ok(strstr(log, "resume of the interrupted run: ") != NULL, "the killed run was closed with its own line");
    free(log);
    journal = read_secure_file(L"journal.prev.log");
    ok(strstr(journal, "program=pasvports ") && strstr(journal, "\nfinished hr="),
       "the resumed run was journaled by the dialog and finished: %.200s", journal);
    free(journal);
}

static void scenario_finish(void)
{
    WCHAR text[2048];
    HWND box;
    unsigned stale_before, ours_now;
    WCHAR *foreign;

    if (!ok(killed_std_before && killed_dom_before, "the lab was read before the kill"))
        return;
    /* Ours before the killed run, none of them in its range: the stale entries it closes. */
    foreign = foreign_only(killed_std_before, &stale_before);
    free(foreign);
    ok(lab_count_ours(killed_std_before, 6401, 6420) == 0 && stale_before > 0, "%u stale entries of ours to close",
       stale_before);
    ok(wait_until(finish_offered, 10000), "Finish offered after the kill");
    get_text(IDC_RETRY, text, 2048);
    ok(!wcscmp(text, L"Fi&nish the interrupted run"), "the button: %ls", text);
    text_fits(IDC_SUMMARY);
    tip_text(IDC_SUMMARY, text, 2048);
    ok(wcsstr(text, FINISH_ARGS) != NULL, "the banner's tooltip has the command: %ls", text);
    check_mnemonics();
    screenshot("unfinished-finish");
    post_click(IDC_RETRY);
    box = wait_box(text, 2048, 10000);
    ok(box && wcsstr(text, L"Finish the interrupted run with its own settings") && wcsstr(text, FINISH_ARGS),
       "Finish asks first: %ls", text);
    screenshot("confirm-finish");
    if (box)
        PostMessageW(box, WM_COMMAND, IDYES, 0);
    Sleep(500);
    if (!wait_phase(PASV_APP_IDLE, 180000))
        return;
    get_text(IDC_SUMMARY, text, 2048);
    ok(wcsstr(text, L"The interrupted run was finished") != NULL, "summary: %ls", text);
    screenshot("finished");
    check_finished_lab(killed_std_before, killed_dom_before, &ours_now);
    ok(ftp_state() == PASV_SVC_RUNNING, "MSFTPSVC running, as before the killed run");
    ok(!secure_file_exists(L"journal.log") && !secure_file_exists(L"run.lock"),
       "journal finished and rotated, lock released");
    check_finished_trail(stale_before, ours_now);
    get_text(IDC_RETRY, text, 2048);
    ok(!visible(IDC_RETRY) && wcscmp(text, L"Fi&nish the interrupted run"), "the buttons are back to normal (%ls)",
       text);
    tip_text(IDC_SUMMARY, text, 2048);
    ok(!text[0], "the banner's tooltip is gone: %ls", text);
    ok(enabled(IDC_RANGE_LOW), "the range can be edited again");
}
