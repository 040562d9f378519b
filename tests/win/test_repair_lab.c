/* pasvports tests: the repair paths of issue 11 (B12-B14, metabase backups), pasvctl.exe
 * black-box in an IIS 6 lab: a range set by hand is shown, replaced and cleared; remove cleans
 * the firewall when the metabase is gone, a run killed over it is rolled back to it from the
 * journal; a stopped service stays stopped, a disabled one and a
 * Group Policy override stop apply before any change; old backups of ours are pruned.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * iadmw.h does not compile with COBJMACROS (see src/win/iis_abo.c): included first, called
 * through lpVtbl. The metabase value is written and read here through ABO itself, so the
 * assertions are on what the lab metabase recorded, not on what pasvctl says. */
#ifndef UNICODE
#define UNICODE
#endif
#ifndef _UNICODE
#define _UNICODE
#endif
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
#include <objbase.h>
#include <iadmw.h>
#include <iiscnfg.h>
#include <mdmsg.h>

#include "win.h"

#include <stdio.h>

#include "../testlib.h"
#include "lab_util.h"
#include "securedir.h"
#include "session.h"
#include "winpath.h"

#define FTP_PATH L"/LM/MSFTPSVC"
#define GP_LIST  L"SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\StandardProfile\\GloballyOpenPorts"

static WCHAR exe[MAX_PATH];
static char out[1 << 20];

static DWORD run(const WCHAR *args)
{
    static WCHAR cmd[4096];
    swprintf(cmd, 4096, L"\"%ls\" %ls", exe, args);
    return test_run_capture(cmd, out, sizeof(out), 180000);
}

static IMSAdminBaseW *abo_open(void)
{
    IMSAdminBaseW *abo = NULL;
    if (FAILED(CoCreateInstance(&CLSID_MSAdminBase_W, NULL, CLSCTX_ALL, &IID_IMSAdminBase_W, (void **)&abo)))
        return NULL;
    return abo;
}

/* Writes PassivePortRange as given, by hand, as an administrator with adsutil.vbs would. */
static bool mb_set_raw(const WCHAR *text)
{
    IMSAdminBaseW *abo = abo_open();
    METADATA_HANDLE h = 0;
    METADATA_RECORD rec = {0};
    HRESULT hr;

    if (!abo)
        return false;
    hr = abo->lpVtbl->OpenKey(abo, METADATA_MASTER_ROOT_HANDLE, FTP_PATH,
                              METADATA_PERMISSION_READ | METADATA_PERMISSION_WRITE, 10000, &h);
    if (SUCCEEDED(hr)) {
        rec.dwMDIdentifier = MD_PASSIVE_PORT_RANGE;
        rec.dwMDAttributes = METADATA_INHERIT;
        rec.dwMDUserType = IIS_MD_UT_SERVER;
        rec.dwMDDataType = STRING_METADATA;
        rec.dwMDDataLen = (DWORD)((wcslen(text) + 1) * sizeof(WCHAR));
        rec.pbMDData = (unsigned char *)text;
        hr = abo->lpVtbl->SetData(abo, h, L"", &rec);
        abo->lpVtbl->CloseKey(abo, h);
    }
    abo->lpVtbl->Release(abo);
    return SUCCEEDED(hr);
}

/* The recorded PassivePortRange, or "unset". */
static void mb_get_raw(WCHAR *buf, DWORD cap)
{
    IMSAdminBaseW *abo = abo_open();
    METADATA_HANDLE h = 0;
    METADATA_RECORD rec = {0};
    DWORD need = 0;
    HRESULT hr = E_FAIL;

    wcscpy(buf, L"unset");
    if (!abo)
        return;
    if (SUCCEEDED(abo->lpVtbl->OpenKey(abo, METADATA_MASTER_ROOT_HANDLE, FTP_PATH, METADATA_PERMISSION_READ, 10000, &h))) {
        rec.dwMDIdentifier = MD_PASSIVE_PORT_RANGE;
        rec.dwMDAttributes = METADATA_NO_ATTRIBUTES;
        rec.dwMDUserType = IIS_MD_UT_SERVER;
        rec.dwMDDataType = STRING_METADATA;
        rec.dwMDDataLen = cap * sizeof(WCHAR);
        rec.pbMDData = (unsigned char *)buf;
        hr = abo->lpVtbl->GetData(abo, h, L"", &rec, &need);
        abo->lpVtbl->CloseKey(abo, h);
    }
    if (FAILED(hr))
        wcscpy(buf, L"unset");
    abo->lpVtbl->Release(abo);
}

static bool mb_is(const WCHAR *want)
{
    WCHAR v[300];
    mb_get_raw(v, 300);
    if (wcscmp(v, want))
        printf("# metabase PassivePortRange is '%ls', expected '%ls'\n", v, want);
    return !wcscmp(v, want);
}

/* ---- the FTP service, through the SCM ---- */

static DWORD svc_state(void)
{
    SC_HANDLE scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT), svc;
    SERVICE_STATUS st = {0};
    if (!scm)
        return 0;
    svc = OpenServiceW(scm, L"MSFTPSVC", SERVICE_QUERY_STATUS);
    if (svc) {
        QueryServiceStatus(svc, &st);
        CloseServiceHandle(svc);
    }
    CloseServiceHandle(scm);
    return st.dwCurrentState;
}

static void svc_wait(DWORD want)
{
    int i;
    for (i = 0; i < 300 && svc_state() != want; i++)
        Sleep(100);
}

/* Stops or starts MSFTPSVC and sets its start type (SERVICE_DEMAND_START, SERVICE_DISABLED). */
static void svc_set(bool running, DWORD start_type)
{
    SC_HANDLE scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT), svc;
    SERVICE_STATUS st;
    if (!scm)
        return;
    svc = OpenServiceW(scm, L"MSFTPSVC", SERVICE_STOP | SERVICE_START | SERVICE_QUERY_STATUS | SERVICE_CHANGE_CONFIG);
    if (svc) {
        ChangeServiceConfigW(svc, SERVICE_NO_CHANGE, start_type, SERVICE_NO_CHANGE, NULL, NULL, NULL, NULL, NULL,
                             NULL, NULL);
        if (running && svc_state() != SERVICE_RUNNING)
            StartServiceW(svc, 0, NULL);
        else if (!running && svc_state() == SERVICE_RUNNING)
            ControlService(svc, SERVICE_CONTROL_STOP, &st);
        CloseServiceHandle(svc);
    }
    CloseServiceHandle(scm);
    svc_wait(running ? SERVICE_RUNNING : SERVICE_STOPPED);
}

static WCHAR *fw_snapshot(void)
{
    DWORD n1, n2;
    WCHAR *a = lab_snapshot(LAB_LIST_STANDARD, &n1), *b = lab_snapshot(LAB_LIST_DOMAIN, &n2);
    size_t cap = wcslen(a) + wcslen(b) + 8;
    WCHAR *all = malloc(cap * sizeof(WCHAR));
    swprintf(all, cap, L"%ls--\n%ls", a, b);
    free(a);
    free(b);
    return all;
}

static unsigned ours_in(const WCHAR *list, unsigned low, unsigned high)
{
    DWORD n;
    WCHAR *snap = lab_snapshot(list, &n);
    unsigned k = lab_count_ours(snap, low, high);
    free(snap);
    return k;
}

static LONG delete_tree(HKEY root, const WCHAR *path);

/* ---- the tests ---- */

/* status --json with a value set by hand: "range" is null and "range_invalid" carries the text,
 * escaped as JSON (a quote and a backslash in it), never the "0-0" the backend fills in. */
static void status_json_carries_the_invalid_range_text(void)
{
    DWORD code;

    ok(mb_set_raw(L"abc"), "PassivePortRange set by hand to 'abc'");
    code = run(L"status --json");
    ok(code == 0, "status --json: exit %lu", (unsigned long)code);
    ok(strstr(out, "\"range\": null,") && strstr(out, "\"range_invalid\": \"abc\","),
       "status --json: range null, range_invalid \"abc\": %.400s", out);
    ok(!strstr(out, "\"0-0\""), "status --json: no \"0-0\" range");
    ok(mb_set_raw(L"a\"b\\c"), "PassivePortRange set by hand to 'a\"b\\c'");
    run(L"status --json");
    ok(strstr(out, "\"range_invalid\": \"a\\\"b\\\\c\",") != NULL, "status --json: the text escaped as JSON: %.400s", out);
}

static void garbage_range_is_shown_and_replaced_by_apply(void)
{
    DWORD code;

    ok(mb_set_raw(L"abc"), "B12: PassivePortRange set by hand to 'abc'");
    code = run(L"status");
    ok(strstr(out, "invalid: 'abc'") != NULL, "B12: status shows invalid: 'abc' (exit %lu): %.600s", (unsigned long)code, out);
    code = run(L"apply 5001-5010 --yes");
    ok(code == 0, "B12: apply replaces the garbage: exit %lu: %.600s", (unsigned long)code, out);
    ok(mb_is(L"5001-5010"), "B12: the metabase records 5001-5010");
    ok(ours_in(LAB_LIST_STANDARD, 5001, 5010) == 10, "B12: ports 5001-5010 open");

    /* Rollback puts back exactly what was there: the service will not start, so the run fails
     * and the previous value (the garbage) is restored verbatim. */
    ok(mb_set_raw(L"70000-80000"), "B12: PassivePortRange set by hand to '70000-80000'");
    lab_knob(L"FtpSvc", L"FailStart", 1);
    code = run(L"apply 5001-5020 --yes");
    lab_knob(L"FtpSvc", L"FailStart", ~0u);
    ok(code != 0, "B12: the failing run says so: exit %lu", (unsigned long)code);
    ok(mb_is(L"70000-80000"), "B12: rollback restored the exact value set by hand");
    ok(ours_in(LAB_LIST_STANDARD, 5011, 5020) == 0, "B12: the ports it opened were closed again");
}

static void garbage_range_is_cleared_by_remove(void)
{
    DWORD code, n;
    WCHAR *snap;

    ok(mb_set_raw(L"70000-80000"), "B12: garbage before remove");
    code = run(L"remove --yes");
    ok(code == 0, "B12: remove with a garbage range: exit %lu: %.600s", (unsigned long)code, out);
    ok(mb_is(L"unset"), "B12: remove cleared the value (server default)");
    snap = lab_snapshot(LAB_LIST_STANDARD, &n);
    ok(n == 3 && lab_has_foreign(snap), "B12: only the 3 foreign exceptions remain: %lu", (unsigned long)n);
    free(snap);
    svc_set(true, SERVICE_DEMAND_START);
}

/* Starts pasvctl without waiting (its output to a file): the caller ends it, by its own handle. */
static bool start_run(const WCHAR *args, PROCESS_INFORMATION *pi)
{
    return lab_start_logged(exe, args, L"repair-lab-killed.txt", pi);
}

static bool journal_exists(void)
{
    WCHAR dir[MAX_PATH], path[MAX_PATH];

    if (FAILED(pasv_secure_dir_path(dir, MAX_PATH)))
        return false;
    swprintf(path, MAX_PATH, L"%ls\\journal.log", dir);
    return GetFileAttributesW(path) != INVALID_FILE_ATTRIBUTES;
}

/* Issue 11 (B12): the raw value lived only in the killed run's backend, so the rollback in a new
 * process failed with E_INVALIDARG and left 5001-5010. Now the journal keeps the text. */
static void garbage_range_is_restored_by_rollback_unfinished(void)
{
    PROCESS_INFORMATION pi;
    WCHAR *before, *after;
    DWORD code, st, waited;

    svc_set(true, SERVICE_DEMAND_START);
    ok(mb_set_raw(L"abc"), "killed: PassivePortRange set by hand to 'abc' (the service runs on its old range)");
    before = fw_snapshot();
    lab_knob(L"FtpSvc", L"SlowStopMs", 4000);
    if (!ok(start_run(L"apply 5001-5010 --yes", &pi), "killed: apply 5001-5010 started")) {
        lab_knob(L"FtpSvc", L"SlowStopMs", ~0u);
        free(before);
        return;
    }
    for (waited = 0; waited < 60000; waited += 100) {
        st = svc_state();
        if (journal_exists() && (st == SERVICE_STOP_PENDING || st == SERVICE_STOPPED))
            break;
        Sleep(100);
    }
    ok(waited < 60000, "killed: the run journals and is in its service restart");
    /* Our own child, by its handle: what taskkill /F /PID does. */
    ok(TerminateProcess(pi.hProcess, 9), "killed: pasvctl (process %lu) terminated", (unsigned long)pi.dwProcessId);
    WaitForSingleObject(pi.hProcess, 10000);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    lab_knob(L"FtpSvc", L"SlowStopMs", ~0u);
    svc_wait(SERVICE_STOPPED);
    ok(journal_exists(), "killed: the journal stays unfinished");
    ok(mb_is(L"5001-5010") && ours_in(LAB_LIST_STANDARD, 5001, 5010) == 10,
       "killed: the run had written its range and opened its ports before the kill");

    code = run(L"apply --rollback-unfinished --yes");
    printf("# rollback-unfinished: exit %lu: %.1500s\n", (unsigned long)code, out);
    ok(mb_is(L"abc"), "killed: the metabase holds 'abc' again, exactly");
    ok(strstr(out, "Rolled back  Set passive port range 5001-5010") != NULL,
       "killed: the range's undo succeeded (it failed with E_INVALIDARG before): %.600s", out);
    after = fw_snapshot();
    ok(!wcscmp(before, after), "killed: firewall lists exactly as before the killed run");
    ok(!journal_exists(), "killed: the journal is finished and rotated");
    /* MSFTPSVC ran before, but the lab service (as IIS 6, cc738280) will not start on "abc":
     * the rollback says so and exits 1 rather than claim the service is back. */
    ok(code == 1 && strstr(out, "could not be started again") != NULL,
       "killed: the service that cannot start on 'abc' is reported, exit %lu", (unsigned long)code);
    ok(strstr(out, "as they were before") == NULL && strstr(out, "could not be undone") != NULL,
       "killed: no claim that everything is as before while the service is down");
    run(L"status");
    ok(strstr(out, "Interrupted:     none") && strstr(out, "invalid: 'abc'"),
       "killed: status: nothing interrupted, the range shown as invalid: 'abc': %.600s", out);
    free(before);
    free(after);
}

static void stopped_service_stays_stopped_after_apply(void)
{
    DWORD code;

    svc_set(false, SERVICE_DEMAND_START);
    ok(svc_state() == SERVICE_STOPPED, "B14: MSFTPSVC stopped by the admin");
    code = run(L"apply 5001-5010 --yes");
    ok(code == 0, "B14: apply with the service stopped: exit %lu: %.600s", (unsigned long)code, out);
    ok(strstr(out, "left stopped") != NULL, "B14: warns the range takes effect at the next start: %.600s", out);
    ok(svc_state() == SERVICE_STOPPED, "B14: MSFTPSVC still stopped (state %lu)", (unsigned long)svc_state());
    ok(mb_is(L"5001-5010"), "B14: the range was changed");
    ok(ours_in(LAB_LIST_STANDARD, 5001, 5010) == 10, "B14: the ports were opened");
    svc_set(true, SERVICE_DEMAND_START);
}

static void disabled_service_is_refused_before_any_change(void)
{
    WCHAR *before, *after;
    DWORD code;

    svc_set(false, SERVICE_DISABLED);
    before = fw_snapshot();
    code = run(L"apply 6001-6010 --yes");
    after = fw_snapshot();
    ok(code == 3, "B14: apply with MSFTPSVC disabled: exit %lu: %.600s", (unsigned long)code, out);
    ok(strstr(out, "disabled") != NULL, "B14: says the service is disabled: %.400s", out);
    ok(!wcscmp(before, after), "B14: firewall lists unchanged");
    ok(mb_is(L"5001-5010"), "B14: range unchanged");
    ok(svc_state() == SERVICE_STOPPED, "B14: service not started");
    free(before);
    free(after);
    svc_set(true, SERVICE_DEMAND_START);
}

static void group_policy_override_stops_apply_before_any_change(void)
{
    WCHAR *before, *after;
    HKEY key = NULL;
    DWORD code, zero = 0;

    if (!ok(RegCreateKeyExW(HKEY_LOCAL_MACHINE, GP_LIST, 0, NULL, 0, KEY_SET_VALUE, NULL, &key, NULL) == ERROR_SUCCESS,
            "B14: create the Group Policy key"))
        return;
    RegSetValueExW(key, L"AllowUserPrefMerge", 0, REG_DWORD, (const BYTE *)&zero, sizeof(zero));
    RegCloseKey(key);
    before = fw_snapshot();
    code = run(L"apply 6001-6010 --yes");
    after = fw_snapshot();
    ok(code == 3, "B14: apply under a Group Policy override: exit %lu: %.600s", (unsigned long)code, out);
    ok(strstr(out, "Group Policy") != NULL && strstr(out, "nothing was changed") != NULL,
       "B14: one plain message: %.400s", out);
    ok(!wcscmp(before, after), "B14: firewall lists unchanged");
    ok(mb_is(L"5001-5010"), "B14: range unchanged");
    run(L"status");
    ok(strstr(out, "Group Policy overrides") != NULL, "B14: status shows the override: %.400s", out);
    delete_tree(HKEY_LOCAL_MACHINE, L"SOFTWARE\\Policies\\Microsoft\\WindowsFirewall");
    free(before);
    free(after);
}

/* RegDeleteTreeW is Vista+; the lab targets 2003. */
static LONG delete_tree(HKEY root, const WCHAR *path)
{
    HKEY key;
    WCHAR sub[256], child[512];
    LONG err = RegOpenKeyExW(root, path, 0, KEY_READ | KEY_WRITE, &key);

    if (err != ERROR_SUCCESS)
        return err;
    while (RegEnumKeyW(key, 0, sub, 256) == ERROR_SUCCESS) {
        swprintf(child, 512, L"%ls\\%ls", path, sub);
        if (delete_tree(root, child) != ERROR_SUCCESS)
            break;
    }
    RegCloseKey(key);
    return RegDeleteKeyW(root, path);
}

static bool backup_file_exists(const WCHAR *name)
{
    WCHAR path[MAX_PATH];
    GetSystemDirectoryW(path, MAX_PATH);
    wcscat(path, L"\\inetsrv\\MetaBack\\");
    wcscat(path, name);
    return GetFileAttributesW(path) != INVALID_FILE_ATTRIBUTES;
}

static void old_metabase_backups_are_pruned(void)
{
    IMSAdminBaseW *abo = abo_open();
    DWORD code, v;

    if (!ok(abo != NULL, "backups: ABO"))
        return;
    ok(SUCCEEDED(abo->lpVtbl->Backup(abo, L"Admin", 1, MD_BACKUP_FORCE_BACKUP | MD_BACKUP_OVERWRITE)),
       "backups: someone else's backup 'Admin' v1");
    for (v = 0; v < 12; v++)
        abo->lpVtbl->Backup(abo, L"pasvports", v, MD_BACKUP_FORCE_BACKUP | MD_BACKUP_OVERWRITE);
    Sleep(50);
    ok(SUCCEEDED(abo->lpVtbl->Backup(abo, L"pasvports", MD_BACKUP_MAX_VERSION, MD_BACKUP_FORCE_BACKUP | MD_BACKUP_OVERWRITE)),
       "backups: ours at version 9999 (NEXT_VERSION would fail from now on)");
    abo->lpVtbl->Release(abo);
    ok(lab_count_backups() >= 13, "backups: 13 of ours before: %u", lab_count_backups());

    code = run(L"apply 5001-5030 --yes");
    ok(code == 0, "backups: apply after version 9999: exit %lu: %.600s", (unsigned long)code, out);
    ok(mb_is(L"5001-5030"), "backups: the range was changed");
    ok(lab_count_backups() == PASV_ABO_BACKUPS_KEPT, "backups: %u of ours kept (want %d)", lab_count_backups(),
       PASV_ABO_BACKUPS_KEPT);
    ok(backup_file_exists(L"pasvports.MD9999"), "backups: the newest old one (9999) kept");
    ok(!backup_file_exists(L"pasvports.MD1"), "backups: the oldest ones deleted");
    ok(backup_file_exists(L"Admin.MD1"), "backups: someone else's backup untouched");
    code = run(L"apply 5001-5040 --yes");
    ok(code == 0 && lab_count_backups() == PASV_ABO_BACKUPS_KEPT, "backups: again: exit %lu, %u kept",
       (unsigned long)code, lab_count_backups());
}

/* Last: the metabase is unregistered for good in this prefix. */
static void remove_cleans_firewall_when_iis_is_gone(void)
{
    DWORD code, n;
    WCHAR *snap;
    LONG err;

    ok(ours_in(LAB_LIST_STANDARD, 5001, 5040) == 40, "B13: ours open before");
    err = delete_tree(HKEY_CLASSES_ROOT, L"CLSID\\{a9e69610-b80d-11d0-b9b9-00a0c922e750}");
    ok(err == ERROR_SUCCESS, "B13: metabase unregistered (err %ld)", (long)err);
    code = run(L"remove --yes");
    ok(code == 0, "B13: remove without a metabase: exit %lu: %.600s", (unsigned long)code, out);
    ok(strstr(out, "was not touched") != NULL, "B13: says it could not touch the range: %.400s", out);
    snap = lab_snapshot(LAB_LIST_STANDARD, &n);
    ok(n == 3 && lab_has_foreign(snap), "B13: standard: only the 3 foreign exceptions remain: %lu", (unsigned long)n);
    free(snap);
    snap = lab_snapshot(LAB_LIST_DOMAIN, &n);
    ok(n == 3 && lab_has_foreign(snap), "B13: domain: only the 3 foreign exceptions remain: %lu", (unsigned long)n);
    free(snap);
}

int wmain(int argc, WCHAR **argv)
{
    if (argc < 2) {
        skip("usage: test_repair_lab PATH-TO-pasvctl.exe");
        return test_summary("repair_lab");
    }
    test_winpath(argv[1], exe, MAX_PATH);
    if (!ok(SUCCEEDED(CoInitializeEx(NULL, COINIT_APARTMENTTHREADED)), "CoInitializeEx"))
        return test_summary("repair_lab");
    svc_set(true, SERVICE_DEMAND_START);
    status_json_carries_the_invalid_range_text();
    garbage_range_is_shown_and_replaced_by_apply();
    garbage_range_is_cleared_by_remove();
    garbage_range_is_restored_by_rollback_unfinished();
    stopped_service_stays_stopped_after_apply();
    disabled_service_is_refused_before_any_change();
    group_policy_override_stops_apply_before_any_change();
    old_metabase_backups_are_pruned();
    remove_cleans_firewall_when_iis_is_gone();
    CoUninitialize();
    return test_summary("repair_lab");
}
