/* pasvports tests: one run at a time, the secure directory and the write-ahead journal, with
 * pasvctl.exe black-box in an IIS 6 lab. The lab FTP service's SlowStopMs knob holds a run in
 * its service restart, so a second run, or a kill, lands mid-run every time.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "win.h"

#include <aclapi.h>
#include <sddl.h>
#include <stdio.h>

#include "../testlib.h"
#include "lab_util.h"
#include "securedir.h"
#include "session.h"
#include "session_util.h"
#include "trail.h"
#include "winpath.h"

static WCHAR exe[MAX_PATH], dir[MAX_PATH];
static char out[1 << 20];

static DWORD run(const WCHAR *args)
{
    static WCHAR cmd[4096];
    swprintf(cmd, 4096, L"\"%ls\" %ls", exe, args);
    return test_run_capture(cmd, out, sizeof(out), 180000);
}

/* Starts pasvctl without waiting (output to a file); the caller ends or waits for it. */
static bool start(const WCHAR *args, PROCESS_INFORMATION *pi)
{
    return lab_start_logged(exe, args, L"journal-lab-first.txt", pi);
}

static WCHAR *state_snapshot(void)
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

static char *read_text(const WCHAR *path)
{
    HANDLE f = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                           OPEN_EXISTING, 0, NULL);
    DWORD size, got = 0;
    char *buf;
    if (f == INVALID_HANDLE_VALUE)
        return calloc(1, 1);
    size = GetFileSize(f, NULL);
    buf = calloc(1, size + 1);
    ReadFile(f, buf, size, &got, NULL);
    CloseHandle(f);
    return buf;
}

static bool file_exists(const WCHAR *name)
{
    WCHAR path[MAX_PATH];
    swprintf(path, MAX_PATH, L"%ls\\%ls", dir, name);
    return GetFileAttributesW(path) != INVALID_FILE_ATTRIBUTES;
}

static pasv_service_state service_state(void)
{
    pasv_session *s = NULL;
    pasv_service_state st = PASV_SVC_UNKNOWN;
    if (SUCCEEDED(pasv_session_open(NULL, &s)) && s->service)
        s->service->vt->query(s->service, &st);
    pasv_session_close(s);
    return st;
}

static void ensure_running(void)
{
    pasv_session *s = NULL;
    if (service_state() == PASV_SVC_RUNNING)
        return;
    if (SUCCEEDED(pasv_session_open(NULL, &s)) && s->service)
        ok(SUCCEEDED(s->service->vt->start(s->service, NULL, 0)), "start MSFTPSVC");
    pasv_session_close(s);
}

static bool wait_for(bool (*cond)(void), DWORD ms)
{
    DWORD waited;
    for (waited = 0; waited < ms; waited += 100) {
        if (cond())
            return true;
        Sleep(100);
    }
    return false;
}

static bool in_restart(void)
{
    pasv_service_state st = service_state();
    return st == PASV_SVC_STOP_PENDING || st == PASV_SVC_STOPPED;
}

static bool holder_written(void)
{
    return file_exists(L"run.lock") && file_exists(L"journal.log");
}

/* ---- the secure directory as Wine shows it ---- */

static void test_secure_directory_has_explicit_dacl(void)
{
    WCHAR bad[MAX_PATH];
    PSECURITY_DESCRIPTOR sd = NULL;
    PACL dacl = NULL;
    SECURITY_DESCRIPTOR_CONTROL control = 0;
    DWORD rev, err;
    WCHAR *sddl = NULL;

    ok(pasv_secure_dir(dir, bad) == S_OK, "secure directory %ls", dir);
    err = GetNamedSecurityInfoW(dir, SE_FILE_OBJECT, DACL_SECURITY_INFORMATION, NULL, NULL, &dacl, NULL, &sd);
    ok(err == ERROR_SUCCESS && dacl, "GetNamedSecurityInfoW: %lu", (unsigned long)err);
    if (sd) {
        GetSecurityDescriptorControl(sd, &control, &rev);
        ConvertSecurityDescriptorToStringSecurityDescriptorW(sd, SDDL_REVISION_1, DACL_SECURITY_INFORMATION, &sddl,
                                                             NULL);
        printf("secure directory DACL as Wine returns it: %ls\n", sddl ? sddl : L"(none)");
        /* Wine 8 keeps no descriptor here: it shows one made from the Unix mode bits (SYSTEM, the
         * user, Everyone read), so protection and the Administrators entry are Windows-only. */
        todo_if(getenv("PASV_UNDER_WINE") != NULL)
            ok((control & SE_DACL_PROTECTED) != 0 && sddl && wcsstr(sddl, L"(A;OICI;FA;;;BA)"),
               "DACL protected from inheritance, Administrators full control");
        ok(pasv_secure_file_check(dir) == S_OK, "nobody but Administrators, SYSTEM (or this admin) may write: %ls",
           sddl ? sddl : L"");
        LocalFree(sddl);
        LocalFree(sd);
    }
}

/* ---- one run at a time ---- */

static void test_second_run_is_refused_with_holder(void)
{
    PROCESS_INFORMATION pi;
    WCHAR *before, *after_first, want[64];
    DWORD code = 99, n;
    char range[PASV_RANGE_TEXT_MAX], pidtext[32];

    ensure_running();
    lab_knob(L"FtpSvc", L"SlowStopMs", 5000);
    before = state_snapshot();
    if (!ok(start(L"apply 6001-6010 --yes", &pi), "first run started"))
        return;
    ok(wait_for(holder_written, 30000), "the first run holds the lock and journals");
    ok(wait_for(in_restart, 30000), "the first run is in its service restart");
    code = run(L"apply 7001-7010 --yes");
    ok(code == 3, "second run: exit %lu: %s", (unsigned long)code, out);
    snprintf(pidtext, sizeof(pidtext), "pasvctl (process %lu), started ", (unsigned long)pi.dwProcessId);
    ok(strstr(out, "Another run is changing this server: ") && strstr(out, pidtext),
       "the holder is named (program, PID, start time): %s", out);
    ok(strstr(out, " UTC. Nothing was changed") != NULL, "with its start time");
    WaitForSingleObject(pi.hProcess, 120000);
    GetExitCodeProcess(pi.hProcess, &code);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    lab_knob(L"FtpSvc", L"SlowStopMs", ~0u);
    ok(code == 0, "first run: exit %lu", (unsigned long)code);
    test_read_range(range, sizeof(range), "unset", NULL);
    ok(!strcmp(range, "6001-6010"), "the first run's range, not the second's: %s", range);
    after_first = lab_snapshot(LAB_LIST_STANDARD, &n);
    swprintf(want, 64, L"7001:TCP=");
    ok(lab_count_ours(after_first, 6001, 6010) == 10 && !wcsstr(after_first, want),
       "ports of the first run open, none of the second's");
    ok(!file_exists(L"run.lock") && !file_exists(L"journal.log"), "lock released, journal rotated");
    free(before);
    free(after_first);
}

/* Starts an apply and kills it in its service restart; returns its PID. */
static DWORD kill_mid_restart(const WCHAR *args)
{
    PROCESS_INFORMATION pi;
    DWORD pid;

    ensure_running();
    lab_knob(L"FtpSvc", L"SlowStopMs", 4000);
    if (!ok(start(args, &pi), "run started"))
        return 0;
    ok(wait_for(holder_written, 30000), "the run journals");
    ok(wait_for(in_restart, 30000), "the run is in its service restart");
    /* Our own child: TerminateProcess is what taskkill /F does. */
    ok(TerminateProcess(pi.hProcess, 9), "killed");
    WaitForSingleObject(pi.hProcess, 10000);
    pid = pi.dwProcessId;
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    lab_knob(L"FtpSvc", L"SlowStopMs", ~0u);
    Sleep(5000); /* the slow stop completes: the service is left STOPPED */
    return pid;
}

static void test_killed_run_is_reported_and_rolled_back(void)
{
    WCHAR *before, *after, logpath[MAX_PATH];
    DWORD code, pid;
    char want[64], *log;

    ensure_running();
    before = state_snapshot();
    pid = kill_mid_restart(L"apply 6101-6120 --yes");
    ok(service_state() != PASV_SVC_RUNNING, "the kill left MSFTPSVC down (state %d)", (int)service_state());
    ok(file_exists(L"journal.log"), "the journal stays");

    code = run(L"status");
    snprintf(want, sizeof(want), "pasvctl (process %lu)", (unsigned long)pid);
    ok(code == 0 && strstr(out, "Interrupted:     An earlier run did not finish: ") && strstr(out, want) &&
           strstr(out, "apply 6101-6120 --yes"),
       "status reports the interrupted run: %s", out);
    code = run(L"apply 6201-6210 --yes");
    ok(code == 3 && strstr(out, "--rollback-unfinished"), "apply refuses while it is unfinished: %lu %s",
       (unsigned long)code, out);
    /* stale_lock_of_dead_process_is_taken_over: the killed run never released its lock; the
     * first run after it takes it over and says whose it was. */
    ok(strstr(out, "ended without releasing the run lock") && strstr(out, want),
       "the dead run's lock is taken over with a warning naming it: %s", out);

    code = run(L"apply --rollback-unfinished --yes");
    ok(code == 0, "rollback-unfinished: exit %lu: %s", (unsigned long)code, out);
    ok(strstr(out, "Rolled back  Restart the FTP Publishing Service") || strstr(out, "has been started again"),
       "the service is brought back: %s", out);
    ok(service_state() == PASV_SVC_RUNNING, "MSFTPSVC running as before");
    after = state_snapshot();
    ok(!wcscmp(before, after), "range and firewall entries exactly as before the killed run");
    ok(!file_exists(L"journal.log") && !file_exists(L"run.lock"), "journal finished and rotated, lock released");
    pasv_trail_path(logpath, MAX_PATH);
    log = read_text(logpath);
    ok(strstr(log, "rollback of the interrupted run: ") && strstr(log, "apply 6101-6120 --yes"),
       "the recovery has its own change-log line");
    code = run(L"status");
    ok(strstr(out, "Interrupted:     none") != NULL, "status: nothing interrupted now");
    free(log);
    free(before);
    free(after);
}

static void test_resume_finishes_unfinished_run(void)
{
    DWORD code, n;
    char range[PASV_RANGE_TEXT_MAX];
    WCHAR *snap;

    kill_mid_restart(L"apply 6301-6320 --yes");
    code = run(L"apply --resume --yes");
    ok(code == 0, "resume: exit %lu: %s", (unsigned long)code, out);
    test_read_range(range, sizeof(range), "unset", NULL);
    ok(!strcmp(range, "6301-6320"), "the interrupted run's range is in force: %s", range);
    snap = lab_snapshot(LAB_LIST_STANDARD, &n);
    ok(lab_count_ours(snap, 6301, 6320) == 20 && lab_count_ours(snap, 6001, 6010) == 0, "its ports open, old closed");
    ok(service_state() == PASV_SVC_RUNNING, "MSFTPSVC running");
    ok(!file_exists(L"journal.log"), "journal finished");
    free(snap);
}

/* A dry run takes no lock: during a live run, that run's journal is being written, not left
 * behind by an interrupted run. The dry run neither reports it nor touches it. */
static void test_dry_run_during_a_live_run_does_not_call_it_interrupted(void)
{
    PROCESS_INFORMATION pi;
    WCHAR logpath[MAX_PATH];
    DWORD code = 99;
    char range[PASV_RANGE_TEXT_MAX], *log;

    ensure_running();
    lab_knob(L"FtpSvc", L"SlowStopMs", 5000);
    if (!ok(start(L"apply 6701-6710 --yes", &pi), "first run started"))
        return;
    ok(wait_for(holder_written, 30000), "the first run holds the lock and journals");
    ok(wait_for(in_restart, 30000), "the first run is in its service restart");
    code = run(L"apply 6801-6810 --dry-run");
    ok(code == 0 && strstr(out, "Dry run: nothing was changed.") != NULL, "dry run: exit %lu: %s",
       (unsigned long)code, out);
    ok(!strstr(out, "did not finish") && !strstr(out, "--rollback-unfinished"),
       "the live run is not called interrupted: %s", out);
    ok(file_exists(L"journal.log") && file_exists(L"run.lock"), "the live run's journal and lock are left alone");
    WaitForSingleObject(pi.hProcess, 120000);
    GetExitCodeProcess(pi.hProcess, &code);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    lab_knob(L"FtpSvc", L"SlowStopMs", ~0u);
    ok(code == 0, "first run: exit %lu", (unsigned long)code);
    test_read_range(range, sizeof(range), "unset", NULL);
    ok(!strcmp(range, "6701-6710"), "the first run's range: %s", range);
    ok(!file_exists(L"journal.log") && !file_exists(L"run.lock"), "first run's journal rotated, lock released");
    pasv_trail_path(logpath, MAX_PATH);
    log = read_text(logpath);
    ok(strstr(log, "apply 6701-6710 --yes") != NULL, "the first run's trail is written");
    free(log);
}

/* --dry-run with a recovery option is a conflict of the command line: exit 2 before the lock,
 * the journal or the machine are looked at. */
static void test_dry_run_with_rollback_unfinished_is_refused_and_changes_nothing(void)
{
    WCHAR jpath[MAX_PATH], *before, *after;
    char *jbefore, *jafter;
    pasv_service_state st;
    DWORD code;

    kill_mid_restart(L"apply 6601-6610 --yes");
    swprintf(jpath, MAX_PATH, L"%ls\\journal.log", dir);
    before = state_snapshot();
    jbefore = read_text(jpath);
    st = service_state();
    code = run(L"apply --dry-run --rollback-unfinished");
    ok(code == 2 && strstr(out, "--dry-run and --rollback-unfinished cannot be used together"),
       "refused as a conflict: %lu %s", (unsigned long)code, out);
    code = run(L"apply --rollback-unfinished --dry-run --yes");
    ok(code == 2, "in either order: %lu %s", (unsigned long)code, out);
    code = run(L"apply --dry-run --resume");
    ok(code == 2 && strstr(out, "cannot be used together"), "--dry-run --resume too: %lu %s", (unsigned long)code,
       out);
    after = state_snapshot();
    jafter = read_text(jpath);
    ok(!wcscmp(before, after), "range and firewall entries unchanged");
    ok(jbefore[0] && !strcmp(jbefore, jafter), "the interrupted run's journal untouched");
    ok(service_state() == st, "the service left as it was (%d)", (int)service_state());
    code = run(L"apply --rollback-unfinished --yes");
    ok(code == 0, "the real rollback afterwards: exit %lu: %s", (unsigned long)code, out);
    free(before);
    free(after);
    free(jbefore);
    free(jafter);
}

/* A resume that is refused before its journal begins leaves the interrupted run waiting exactly
 * as it was (its journal unfinished, not closed or rotated) and starts nothing, not even the
 * service the interrupted run stopped. blocker: a directory where the file must be written. */
static void resume_refused_keeps_journal(const WCHAR *blocker, const char *why_text)
{
    WCHAR jpath[MAX_PATH], aside[MAX_PATH], *before, *after;
    char *jbefore, *jafter;
    DWORD code;

    kill_mid_restart(L"apply 6901-6920 --yes");
    swprintf(jpath, MAX_PATH, L"%ls\\journal.log", dir);
    swprintf(aside, MAX_PATH, L"%ls.aside", blocker);
    MoveFileExW(blocker, aside, MOVEFILE_REPLACE_EXISTING);
    ok(CreateDirectoryW(blocker, NULL), "%ls made unwritable", blocker);
    before = state_snapshot();
    jbefore = read_text(jpath);
    code = run(L"apply --resume --yes");
    after = state_snapshot();
    jafter = read_text(jpath);
    RemoveDirectoryW(blocker);
    MoveFileExW(aside, blocker, MOVEFILE_REPLACE_EXISTING);
    ok(code == 3 && strstr(out, why_text), "resume refused with exit 3: %lu %s", (unsigned long)code, out);
    ok(!strstr(out, "has been started again"), "no service start reported: %s", out);
    ok(service_state() != PASV_SVC_RUNNING, "the service is not started (state %d)", (int)service_state());
    ok(!wcscmp(before, after), "range and firewall entries unchanged");
    ok(jbefore[0] && !strcmp(jbefore, jafter), "the interrupted run's journal kept as it was, unfinished");
    code = run(L"status");
    ok(strstr(out, "Interrupted:     An earlier run did not finish: ") && strstr(out, "apply 6901-6920 --yes"),
       "status still reports the interrupted run: %s", out);
    code = run(L"apply --rollback-unfinished --yes");
    ok(code == 0 && service_state() == PASV_SVC_RUNNING, "recovered afterwards: exit %lu: %s", (unsigned long)code,
       out);
    free(before);
    free(after);
    free(jbefore);
    free(jafter);
}

static void test_resume_refused_for_unwritable_log_keeps_the_interrupted_journal_and_starts_nothing(void)
{
    WCHAR logpath[MAX_PATH];
    pasv_trail_path(logpath, MAX_PATH);
    resume_refused_keeps_journal(logpath, "Cannot write the change log");
}

/* The resume's journal begins before the interrupted one is closed: when it cannot begin, the
 * interrupted run's record is not lost. */
static void test_resume_refused_for_unwritable_journal_keeps_the_interrupted_journal_and_starts_nothing(void)
{
    WCHAR next[MAX_PATH];
    swprintf(next, MAX_PATH, L"%ls\\journal.next.log", dir);
    resume_refused_keeps_journal(next, "journal");
}

/* ---- files that cannot be trusted or written ---- */

static void test_unwritable_log_stops_run_before_any_change(void)
{
    WCHAR logpath[MAX_PATH], aside[MAX_PATH], *before, *after;
    DWORD code;

    pasv_trail_path(logpath, MAX_PATH);
    swprintf(aside, MAX_PATH, L"%ls.aside", logpath);
    MoveFileExW(logpath, aside, MOVEFILE_REPLACE_EXISTING);
    /* A directory where the log should be: it cannot be opened for appending on Windows or Wine
     * (a read-only file would not do: Wine runs as root here and root writes anyway). */
    ok(CreateDirectoryW(logpath, NULL), "changes.log made unwritable");
    before = state_snapshot();
    code = run(L"apply 6401-6405 --yes");
    after = state_snapshot();
    ok(code == 3 && strstr(out, "Cannot write the change log"), "stopped with exit 3 before the run: %lu %s",
       (unsigned long)code, out);
    ok(!wcscmp(before, after), "nothing changed");
    ok(!file_exists(L"journal.log"), "no journal started");
    RemoveDirectoryW(logpath);
    MoveFileExW(aside, logpath, MOVEFILE_REPLACE_EXISTING);
    free(before);
    free(after);
}

static void test_preexisting_foreign_owned_directory_is_refused(void)
{
    PSECURITY_DESCRIPTOR sd = NULL;
    PACL dacl = NULL;
    BOOL present = FALSE, defaulted = FALSE;
    WCHAR *before, *after;
    DWORD code, err;

    /* Everyone may write: as a standard user's pre-created directory would be. */
    if (!ok(ConvertStringSecurityDescriptorToSecurityDescriptorW(L"D:P(A;OICI;FA;;;BA)(A;OICI;FA;;;WD)",
                                                                 SDDL_REVISION_1, &sd, NULL),
            "descriptor"))
        return;
    GetSecurityDescriptorDacl(sd, &present, &dacl, &defaulted);
    err = SetNamedSecurityInfoW(dir, SE_FILE_OBJECT, DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION,
                                NULL, NULL, dacl, NULL);
    LocalFree(sd);
    ok(err == ERROR_SUCCESS, "Wine stores a DACL set on the directory: %lu", (unsigned long)err);
    before = state_snapshot();
    code = run(L"apply 6501-6505 --yes");
    after = state_snapshot();
    ok(code == 3 && strstr(out, "Users other than Administrators and SYSTEM may write to ") &&
           strstr(out, "\\pasvports"),
       "refused, naming the directory and the fix: %lu %s", (unsigned long)code, out);
    ok(!wcscmp(before, after), "nothing changed");

    /* Owned by Users: Wine lets a process set any owner (no SeRestorePrivilege check). */
    sd = NULL;
    if (ConvertStringSecurityDescriptorToSecurityDescriptorW(L"O:BUD:P(A;OICI;FA;;;BA)(A;OICI;FA;;;SY)",
                                                             SDDL_REVISION_1, &sd, NULL)) {
        PSID owner = NULL;
        GetSecurityDescriptorOwner(sd, &owner, &defaulted);
        GetSecurityDescriptorDacl(sd, &present, &dacl, &defaulted);
        err = SetNamedSecurityInfoW(dir, SE_FILE_OBJECT,
                                    OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION |
                                        PROTECTED_DACL_SECURITY_INFORMATION,
                                    owner, NULL, dacl, NULL);
        if (err == ERROR_SUCCESS && pasv_secure_file_check(dir) != PASV_E_UNSAFE_OWNER)
            err = ERROR_NOT_SUPPORTED; /* accepted but not kept: Wine derives the owner from Unix */
        if (err == ERROR_SUCCESS) {
            code = run(L"apply 6501-6505 --yes");
            ok(code == 3 && strstr(out, "is owned by someone other than Administrators or SYSTEM"),
               "a directory owned by Users is refused: %lu %s", (unsigned long)code, out);
        } else {
            skip("the owner Users cannot be set here (%lu): the owner check is Windows-only", (unsigned long)err);
        }
        LocalFree(sd);
    }
    /* Put the safe descriptor back for the next suites. */
    sd = NULL;
    if (ConvertStringSecurityDescriptorToSecurityDescriptorW(
            L"O:BAD:P(A;OICI;FA;;;BA)(A;OICI;FA;;;SY)(A;OICI;0x1200a9;;;BU)", SDDL_REVISION_1, &sd, NULL)) {
        PSID owner = NULL;
        GetSecurityDescriptorOwner(sd, &owner, &defaulted);
        GetSecurityDescriptorDacl(sd, &present, &dacl, &defaulted);
        SetNamedSecurityInfoW(dir, SE_FILE_OBJECT,
                              OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION |
                                  PROTECTED_DACL_SECURITY_INFORMATION,
                              owner, NULL, dacl, NULL);
        LocalFree(sd);
    }
    code = run(L"status");
    ok(code == 0, "status after restoring the descriptor");
    free(before);
    free(after);
}

int wmain(int argc, WCHAR **argv)
{
    HRESULT hr;

    if (argc < 2) {
        skip("usage: test_journal_lab PATH-TO-pasvctl.exe");
        return test_summary("journal_lab");
    }
    test_winpath(argv[1], exe, MAX_PATH);
    hr = CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);
    if (!ok(SUCCEEDED(hr), "CoInitializeEx"))
        return test_summary("journal_lab");
    test_secure_directory_has_explicit_dacl();
    test_second_run_is_refused_with_holder();
    test_killed_run_is_reported_and_rolled_back();
    test_resume_finishes_unfinished_run();
    test_dry_run_during_a_live_run_does_not_call_it_interrupted();
    test_dry_run_with_rollback_unfinished_is_refused_and_changes_nothing();
    test_resume_refused_for_unwritable_log_keeps_the_interrupted_journal_and_starts_nothing();
    test_resume_refused_for_unwritable_journal_keeps_the_interrupted_journal_and_starts_nothing();
    test_unwritable_log_stops_run_before_any_change();
    test_preexisting_foreign_owned_directory_is_refused();
    CoUninitialize();
    return test_summary("journal_lab");
}
