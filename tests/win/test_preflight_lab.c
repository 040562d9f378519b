/* pasvports tests: the preflight (issue 12, "preflight before any change"), pasvctl.exe black-box
 * in an IIS 6 lab. Each blocking finding stops `pasvctl apply` with exit 3 and one message that
 * says what to do, and leaves the lab byte-identical: both firewall lists, the metabase file,
 * MSFTPSVC's state and start type, the change log. A warning (another program's exception in
 * the range) is printed before the question and does not stop the run.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * Not elevated cannot be staged here: Wine's token is always an administrator's (the lab's
 * NotElevated knobs fail the API calls instead; tests/win/test_engine_lab.c covers those). */
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

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "../testlib.h"
#include "lab_util.h"
#include "winpath.h"

#define SERVICE L"MSFTPSVC"
#define GP_LIST L"SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\StandardProfile\\GloballyOpenPorts"

static WCHAR exe[MAX_PATH];
static char out[1 << 16];

static DWORD run(const WCHAR *args)
{
    WCHAR cmd[1024];
    swprintf(cmd, 1024, L"\"%ls\" %ls", exe, args);
    return test_run_capture(cmd, out, sizeof(out), 120000);
}

static void expand(const WCHAR *in, WCHAR *outp, DWORD cap)
{
    if (!ExpandEnvironmentStringsW(in, outp, cap))
        outp[0] = 0;
}

/* MSFTPSVC's state and start type as "state/start" ("missing" when it does not exist). */
static void service_text(char *buf, size_t cap)
{
    SC_HANDLE scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT), svc = NULL;
    SERVICE_STATUS st;
    BYTE cfg_buf[8192];
    QUERY_SERVICE_CONFIGW *cfg = (QUERY_SERVICE_CONFIGW *)cfg_buf;
    DWORD need;

    snprintf(buf, cap, "missing");
    if (scm)
        svc = OpenServiceW(scm, SERVICE, SERVICE_QUERY_STATUS | SERVICE_QUERY_CONFIG);
    if (svc && QueryServiceStatus(svc, &st) && QueryServiceConfigW(svc, cfg, sizeof(cfg_buf), &need))
        snprintf(buf, cap, "%lu/%lu", (unsigned long)st.dwCurrentState, (unsigned long)cfg->dwStartType);
    if (svc)
        CloseServiceHandle(svc);
    if (scm)
        CloseServiceHandle(scm);
}

/* Everything a refused run must leave as it was, as one comparable string. */
static char *lab_state(void)
{
    DWORD n;
    WCHAR *std = lab_snapshot(LAB_LIST_STANDARD, &n), *dom = lab_snapshot(LAB_LIST_DOMAIN, &n);
    WCHAR mb_path[MAX_PATH], log_path[MAX_PATH];
    char *mb, *log, *all, svc[64];
    size_t cap;

    expand(L"%SystemRoot%\\system32\\inetsrv\\MetaBase.xml", mb_path, MAX_PATH);
    expand(L"%ProgramData%\\pasvports\\changes.log", log_path, MAX_PATH);
    mb = lab_read_file(mb_path);
    log = lab_read_file(log_path);
    service_text(svc, sizeof(svc));
    cap = (wcslen(std) + wcslen(dom)) * 3 + strlen(mb) + strlen(log) + 256;
    all = malloc(cap);
    snprintf(all, cap, "std:\n%ls\ndomain:\n%ls\nmetabase:\n%s\nlog:\n%s\nservice: %s\n", std, dom, mb, log, svc);
    free(std);
    free(dom);
    free(mb);
    free(log);
    return all;
}

/* ---- the conditions each row stages and undoes ---- */

static void set_start_type(DWORD start_type, bool stop)
{
    SC_HANDLE scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT), svc = NULL;
    SERVICE_STATUS st;
    int i;

    if (scm)
        svc = OpenServiceW(scm, SERVICE, SERVICE_STOP | SERVICE_QUERY_STATUS | SERVICE_CHANGE_CONFIG);
    ok(svc != NULL, "open %ls: %lu", SERVICE, GetLastError());
    if (svc) {
        ok(ChangeServiceConfigW(svc, SERVICE_NO_CHANGE, start_type, SERVICE_NO_CHANGE, NULL, NULL, NULL, NULL, NULL,
                                NULL, NULL),
           "ChangeServiceConfig(%lu): %lu", (unsigned long)start_type, GetLastError());
        if (stop && QueryServiceStatus(svc, &st) && st.dwCurrentState != SERVICE_STOPPED) {
            ControlService(svc, SERVICE_CONTROL_STOP, &st);
            for (i = 0; i < 100 && QueryServiceStatus(svc, &st) && st.dwCurrentState != SERVICE_STOPPED; i++)
                Sleep(100);
        }
        CloseServiceHandle(svc);
    }
    if (scm)
        CloseServiceHandle(scm);
}

static void disable_service(bool on)
{
    set_start_type(on ? SERVICE_DISABLED : SERVICE_DEMAND_START, on);
}

static void firewall_stopped(bool on)
{
    lab_knob(L"Firewall", L"ServiceStopped", on ? 1 : ~0u);
}

/* Group Policy's own list of the Standard profile with AllowUserPrefMerge=0: local exceptions
 * are ignored (how Windows XP SP2 / Server 2003 store the policy). */
static void gp_override(bool on)
{
    HKEY key = NULL;
    DWORD zero = 0;

    if (!on) {
        /* Deepest first: RegDeleteKey removes only keys without subkeys. */
        RegDeleteKeyW(HKEY_LOCAL_MACHINE, GP_LIST);
        RegDeleteKeyW(HKEY_LOCAL_MACHINE, L"SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\StandardProfile");
        RegDeleteKeyW(HKEY_LOCAL_MACHINE, L"SOFTWARE\\Policies\\Microsoft\\WindowsFirewall");
        return;
    }
    if (RegCreateKeyExW(HKEY_LOCAL_MACHINE, GP_LIST, 0, NULL, 0, KEY_SET_VALUE, NULL, &key, NULL) != ERROR_SUCCESS)
        return;
    RegSetValueExW(key, L"AllowUserPrefMerge", 0, REG_DWORD, (const BYTE *)&zero, sizeof(zero));
    RegCloseKey(key);
}

/* DoNotAllowExceptions in the Standard profile, as Windows stores the setting. */
static void no_exceptions(bool on)
{
    HKEY key = NULL;
    DWORD one = 1;

    if (RegCreateKeyExW(HKEY_LOCAL_MACHINE, LAB_FW_POLICY L"\\StandardProfile", 0, NULL, 0, KEY_SET_VALUE, NULL,
                        &key, NULL) != ERROR_SUCCESS)
        return;
    if (on)
        RegSetValueExW(key, L"DoNotAllowExceptions", 0, REG_DWORD, (const BYTE *)&one, sizeof(one));
    else
        RegDeleteValueW(key, L"DoNotAllowExceptions");
    RegCloseKey(key);
}

/* The FTP service uninstalled: its configuration is kept here and put back afterwards. */
static WCHAR saved_path[MAX_PATH], saved_deps[256], saved_display[128];
static DWORD saved_type, saved_start;

static void missing_service(bool on)
{
    SC_HANDLE scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_ALL_ACCESS), svc = NULL;
    BYTE cfg_buf[8192];
    QUERY_SERVICE_CONFIGW *cfg = (QUERY_SERVICE_CONFIGW *)cfg_buf;
    DWORD need;

    if (!scm)
        return;
    if (on) {
        svc = OpenServiceW(scm, SERVICE, SERVICE_QUERY_CONFIG | DELETE);
        ok(svc && QueryServiceConfigW(svc, cfg, sizeof(cfg_buf), &need), "query %ls: %lu", SERVICE, GetLastError());
        if (svc && cfg->lpBinaryPathName) {
            const WCHAR *d = cfg->lpDependencies;
            size_t used = 0;
            wcscpy_s(saved_path, MAX_PATH, cfg->lpBinaryPathName);
            wcscpy_s(saved_display, 128, cfg->lpDisplayName ? cfg->lpDisplayName : SERVICE);
            saved_type = cfg->dwServiceType;
            saved_start = cfg->dwStartType;
            memset(saved_deps, 0, sizeof(saved_deps));
            while (d && *d && used + wcslen(d) + 2 < 256) { /* the double-NUL-terminated list */
                wcscpy_s(saved_deps + used, 256 - used, d);
                used += wcslen(d) + 1;
                d += wcslen(d) + 1;
            }
            ok(DeleteService(svc), "DeleteService: %lu", GetLastError());
        }
    } else if (saved_path[0]) {
        svc = CreateServiceW(scm, SERVICE, saved_display, SERVICE_ALL_ACCESS, saved_type, saved_start,
                             SERVICE_ERROR_NORMAL, saved_path, NULL, NULL, saved_deps, NULL, NULL);
        ok(svc != NULL, "CreateService again: %lu", GetLastError());
    }
    if (svc)
        CloseServiceHandle(svc);
    CloseServiceHandle(scm);
}

/* ---- the table ---- */

static const struct {
    const char *proves;
    void (*stage)(bool on);
    const char *says; /* a phrase of the one message: what was found and what to do */
    const char *fix;
} refusals[] = {
    {"a missing FTP service stops apply before any change", missing_service, "not installed", "Install the FTP service of IIS"},
    {"a disabled FTP service stops apply before any change", disable_service, "is disabled", "startup type"},
    {"a stopped firewall service stops apply before any change", firewall_stopped, "does not answer",
     "Start the firewall service"},
    {"a Group Policy override stops apply before any change", gp_override, "Group Policy", "Group Policy object"},
    {"a profile that allows no exceptions stops apply before any change", no_exceptions, "allows no exceptions",
     "pasvctl status"},
};

static unsigned count_lines(const char *s)
{
    unsigned n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

static void preflight_refusals_leave_the_lab_byte_identical(void)
{
    size_t i;

    for (i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++) {
        char *before, *after;
        DWORD code;

        refusals[i].stage(true);
        before = lab_state();
        code = run(L"apply 5001-5010 --yes");
        after = lab_state();
        refusals[i].stage(false);
        ok(code == 3, "%s: exit %lu, want 3; output:\n%s", refusals[i].proves, (unsigned long)code, out);
        ok(strstr(out, refusals[i].says) != NULL, "%s: the message says what was found:\n%s", refusals[i].proves,
           out);
        ok(strstr(out, refusals[i].fix) != NULL, "%s: the message says what to do:\n%s", refusals[i].proves, out);
        ok(count_lines(out) <= 1, "%s: one message, got %u lines:\n%s", refusals[i].proves, count_lines(out), out);
        ok(strstr(out, "Nothing was changed") || strstr(out, "nothing was changed"), "%s: says nothing changed:\n%s",
           refusals[i].proves, out);
        ok(!strcmp(before, after), "%s: the lab is byte-identical\nbefore:\n%s\nafter:\n%s", refusals[i].proves,
           before, after);
        free(before);
        free(after);
    }
}

/* The lab's "Backup agent" exception (another program's, port 5100) lies inside 5001-5201: the
 * dry run names it before anything would be asked, exits 0 and changes nothing. */
static void foreign_exception_in_range_is_a_warning_not_a_refusal(void)
{
    char *before = lab_state(), *after;
    DWORD code = run(L"apply 5001-5201 --dry-run");

    after = lab_state();
    ok(code == 0, "dry run with a foreign exception in range: exit %lu\n%s", (unsigned long)code, out);
    ok(strstr(out, "another program's firewall exceptions open ports inside the range (1 in all, the first at port 5100)")
           != NULL,
       "the warning names how many and where:\n%s", out);
    ok(!strcmp(before, after), "a dry run changes nothing");
    free(before);
    free(after);
}

int wmain(int argc, WCHAR **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_preflight_lab PASVCTL.EXE\n");
        return 2;
    }
    test_winpath(argv[1], exe, MAX_PATH);
    preflight_refusals_leave_the_lab_byte_identical();
    foreign_exception_in_range_is_a_warning_not_a_refusal();
    return test_summary("preflight_lab");
}
