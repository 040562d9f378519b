/* pasvports tests: pasvctl.exe black-box in an IIS 6 lab: bad input changes nothing, apply/audit
 * agree with what the lab recorded, re-apply is a no-op, remove restores the default and keeps
 * foreign exceptions, export (.cmd run by Wine's cmd), selftest before/after, the change trail,
 * environment failures (exit 3).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * Also a stand-in: copied as netsh.exe/cscript.exe/net.exe next to an exported .cmd, it appends
 * its command line to calls.log, so the .cmd's commands are seen exactly as cmd.exe ran them. */
#include "win.h"

#include <stdio.h>

#include "../testlib.h"
#include "lab_util.h"
#include "messages.h"
#include "session.h"
#include "session_util.h"
#include "trail.h"
#include "winpath.h"

static WCHAR exe[MAX_PATH];
static char out[1 << 20];

static DWORD run(const WCHAR *args)
{
    static WCHAR cmd[16384];
    swprintf(cmd, 16384, L"\"%ls\" %ls", exe, args);
    return test_run_capture(cmd, out, sizeof(out), 120000);
}

static unsigned count_lines(const char *s)
{
    unsigned n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

/* Firewall lists (both profiles) + the range, as one comparable string. */
static WCHAR *state_snapshot(void)
{
    DWORD n1, n2;
    WCHAR *a = lab_snapshot(LAB_LIST_STANDARD, &n1), *b = lab_snapshot(LAB_LIST_DOMAIN, &n2);
    WCHAR *all = malloc((wcslen(a) + wcslen(b) + 64) * sizeof(WCHAR));
    pasv_session *s = NULL;
    char range[PASV_RANGE_TEXT_MAX] = "unset";

    if (SUCCEEDED(pasv_session_open(NULL, &s))) {
        pasv_session_refresh(s);
        if (s->range_set)
            pasv_range_format(&s->range, range, sizeof(range));
        pasv_session_close(s);
    }
    swprintf(all, wcslen(a) + wcslen(b) + 64, L"%ls--\n%ls--\nrange=%hs", a, b, range);
    free(a);
    free(b);
    return all;
}

static char *read_text(const WCHAR *path)
{
    HANDLE f = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);
    DWORD size, got = 0;
    char *buf;
    if (f == INVALID_HANDLE_VALUE)
        return calloc(1, 1);
    size = GetFileSize(f, NULL);
    buf = calloc(1, size + 1);
    ReadFile(f, buf, size, &got, NULL);
    CloseHandle(f);
    buf[got] = 0;
    return buf;
}

static char *trail_text(void)
{
    WCHAR path[MAX_PATH];
    if (FAILED(pasv_trail_path(path, MAX_PATH)))
        return calloc(1, 1);
    return read_text(path);
}

static DWORD control_port(void)
{
    HKEY key;
    DWORD port = 0, size = sizeof(port);
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"SOFTWARE\\PasvLab\\FtpSvc", 0, KEY_QUERY_VALUE, &key) == ERROR_SUCCESS) {
        RegQueryValueExW(key, L"Port", NULL, NULL, (BYTE *)&port, &size);
        RegCloseKey(key);
    }
    return port;
}

/* ---- bad input: exit 2, one line, nothing changed ---- */

static void test_bad_input(void)
{
    static WCHAR big_range[10001], big_option[10010];
    static const struct {
        const WCHAR *args;
        const char *expect;
    } cases[] = {
        {L"apply abc --yes", "'abc' is not a port number"},
        {L"apply 5201-5001 --yes", "'5201-5001' is reversed"},
        {L"apply 70000 --yes", "'70000' is too large"},
        {L"apply 4999 --yes", "'4999' is too low: this FTP server accepts ports from 5001 to 65535"},
        {L"apply 5001-5201 --frob --yes", "unknown option '--frob'"},
        {L"apply 5001-5201 --mode fast --yes", "'fast' is not a valid value for --mode"},
        {L"apply", "give the range"},
        {L"apply 5001-5201", "Add --yes"}, /* stdin is not a console here */
        {L"remove --bogus", "unknown option '--bogus'"},
        {L"audit --csv x.csv --json", "cannot be used together"},
        {L"export 5001-5010", "--format needs a value"},
        {L"selftest --port 99999", "'99999' is not a valid value for --port"},
        {NULL, "too long (10000 characters"},
        {NULL, "too long (10008 characters"},
    };
    WCHAR *before = state_snapshot();
    char *trail_before = trail_text();
    size_t i;

    wmemset(big_range, L'5', 10000);
    wcscpy(big_option, L"--");
    wmemset(big_option + 2, L'x', 10006);
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        WCHAR args[10100];
        DWORD code;
        if (cases[i].args)
            wcscpy(args, cases[i].args);
        else if (i == 12)
            swprintf(args, 10100, L"apply %ls --yes", big_range);
        else
            swprintf(args, 10100, L"apply 5001-5201 %ls --yes", big_option);
        code = run(args);
        ok(code == 2, "case %u: exit %lu, expected 2: %s", (unsigned)i, (unsigned long)code, out);
        ok(strstr(out, cases[i].expect) != NULL, "case %u: output \"%s\" lacks \"%s\"", (unsigned)i, out, cases[i].expect);
        if (strncmp(cases[i].expect, "Add --yes", 9))
            ok(count_lines(out) == 1, "case %u: one line, got %u: %s", (unsigned)i, count_lines(out), out);
        if (strncmp(cases[i].expect, "Add --yes", 9))
            ok(strlen(out) < 400, "case %u: short output (%u bytes)", (unsigned)i, (unsigned)strlen(out));
    }
    {
        WCHAR *after = state_snapshot();
        char *trail_after = trail_text();
        ok(!wcscmp(before, after), "bad input: firewall lists and range unchanged");
        ok(!strcmp(trail_before, trail_after), "bad input: nothing recorded in the change log");
        free(after);
        free(trail_after);
    }
    free(before);
    free(trail_before);
}

/* ---- selftest, apply, audit, re-apply ---- */

static void test_selftest(bool expect_pass, const char *range)
{
    WCHAR args[64];
    DWORD code;
    pasv_session *s = NULL;

    /* MSFTPSVC is demand-start in the lab: start it so the "before" run reaches the server. */
    if (!expect_pass && SUCCEEDED(pasv_session_open(NULL, &s))) {
        pasv_service_state st = PASV_SVC_UNKNOWN;
        if (s->service && SUCCEEDED(s->service->vt->query(s->service, &st)) && st != PASV_SVC_RUNNING)
            ok(SUCCEEDED(s->service->vt->start(s->service, NULL, 0)), "start MSFTPSVC");
        pasv_session_close(s);
    }
    swprintf(args, 64, L"selftest --port %lu", (unsigned long)control_port());
    code = run(args);
    if (expect_pass) {
        ok(code == 0, "selftest after apply: exit %lu: %s", (unsigned long)code, out);
        ok(strstr(out, "Passive FTP works.") && !strstr(out, "FAIL"), "selftest passes: %s", out);
        ok(strstr(out, "227 Entering Passive Mode") && strstr(out, "229 Entering Extended Passive Mode"),
           "exact PASV and EPSV replies shown");
        {
            char want[96];
            snprintf(want, sizeof(want), "inside the configured range %s", range);
            ok(strstr(out, want) != NULL, "port checked against %s: %s", range, out);
        }
    } else {
        ok(code == 1, "selftest before apply: exit %lu: %s", (unsigned long)code, out);
        ok(strstr(out, "FAIL  LIST over the data connection") && strstr(out, "425"),
           "the LIST step fails with the server's 425: %s", out);
        ok(strstr(out, "is not reachable: it is probably closed in the firewall") != NULL,
           "the closed data port is named: %s", out);
    }
}

static void test_apply(void)
{
    DWORD code, n_std, n_dom;
    WCHAR *std_snap, *dom_snap;
    char range[PASV_RANGE_TEXT_MAX], *trail;

    code = run(L"apply 5001-5201 --yes");
    ok(code == 0, "apply: exit %lu", (unsigned long)code);
    ok(strstr(out, "Set range 5001-5201 - open 200 - keep 0 - remove 0 stale - 1 foreign in range") != NULL,
       "plan summary line: %.300s", out);
    ok(strstr(out, "Apply these changes?") == NULL, "--yes: no question");
    ok(strstr(out, "  Done         Open port 5001\r\n") && strstr(out, "  Done         Open port 5201\r\n") &&
           strstr(out, "  Done         Set passive port range 5001-5201\r\n") &&
           strstr(out, "  Done         Restart the FTP Publishing Service\r\n"),
       "one line per item");
    ok(strstr(out, "Port 5100 is opened by another program (\"Backup agent\"); left alone") != NULL,
       "foreign exception listed");
    ok(strstr(out, "All ") && strstr(out, " changes were made."), "summary");

    std_snap = lab_snapshot(LAB_LIST_STANDARD, &n_std);
    dom_snap = lab_snapshot(LAB_LIST_DOMAIN, &n_dom);
    ok(n_std == 203 && n_dom == 203, "200 of ours + 3 foreign per profile: %lu %lu", (unsigned long)n_std,
       (unsigned long)n_dom);
    ok(lab_count_ours(std_snap, 5001, 5201) == 200 && lab_count_ours(dom_snap, 5001, 5201) == 200, "ours by the seed's names");
    ok(lab_has_foreign(std_snap) && lab_has_foreign(dom_snap), "foreign untouched");
    free(std_snap);
    free(dom_snap);
    test_read_range(range, sizeof(range), "unset", NULL);
    ok(!strcmp(range, "5001-5201"), "metabase range \"%s\"", range);

    trail = trail_text();
    ok(strstr(trail, "apply 5001-5201 --yes\tbefore=default(1025-5000)\tafter=5001-5201\tresult=done\topened=200 ") != NULL,
       "change log records the apply with before/after: %s", trail);
    ok(strstr(trail, "\\") != NULL && strstr(trail, "Z\t") != NULL, "ISO time and DOMAIN\\user");
    free(trail);
}

static void test_audit_json(void)
{
    DWORD code = run(L"audit --json");
    const char *p;
    unsigned rows = 0, open = 0, foreign = 0;

    ok(code == 0, "audit --json: exit %lu", (unsigned long)code);
    ok(strstr(out, "\"range\": \"5001-5201\"") != NULL, "range in JSON");
    ok(strstr(out, "\"totals\": {\"open\": 200, \"partial\": 0, \"missing\": 0, \"foreign\": 1, \"stale\": 0, \"overridden\": 0}") != NULL,
       "totals agree with the lab: %.300s", out);
    for (p = out; (p = strstr(p, "{\"port\": ")) != NULL; p++) {
        rows++;
        open += !strncmp(strstr(p, "\"state\": ") + 9, "\"open\"", 6);
        foreign += !strncmp(strstr(p, "\"state\": ") + 9, "\"foreign\"", 9);
    }
    ok(rows == 201 && open == 200 && foreign == 1, "rows %u open %u foreign %u", rows, open, foreign);
    ok(strstr(out, "{\"port\": 5100, \"state\": \"foreign\", \"profiles\": \"domain|standard\", \"name\": \"Backup agent\"}") != NULL,
       "foreign row names the other program");

    code = run(L"status");
    ok(code == 0, "status: exit %lu", (unsigned long)code);
    ok(strstr(out, "Server:          IIS 6.0 - FTP Publishing Service - running") != NULL, "status server: %s", out);
    ok(strstr(out, "Passive range:   5001-5201 (201 ports)") != NULL, "status range");
    ok(strstr(out, "Audit:           200 of 201 open - 0 missing - 0 stale - 1 foreign in range") != NULL,
       "status audit summary");
    ok(strstr(out, "Standard profile: on (current)") != NULL, "status profiles");
}

static void test_reapply_noop(void)
{
    WCHAR *before = state_snapshot(), *after;
    char *trail_before = trail_text(), *trail_after;
    DWORD code = run(L"apply 5001-5201 --yes");
    ok(code == 0 && strstr(out, "Nothing to change") != NULL, "re-apply: exit %lu: %.200s", (unsigned long)code, out);
    after = state_snapshot();
    trail_after = trail_text();
    ok(!wcscmp(before, after), "re-apply changed nothing");
    ok(!strcmp(trail_before, trail_after), "a no-op is not recorded");
    free(before);
    free(after);
    free(trail_before);
    free(trail_after);
}

/* ---- export ---- */

static void test_export(const WCHAR *self)
{
    WCHAR dir[MAX_PATH], file[MAX_PATH], cmd[MAX_PATH * 2];
    static const WCHAR *const tools[] = {L"netsh.exe", L"cscript.exe", L"net.exe"};
    char *calls, *text;
    DWORD code;
    size_t i;

    code = run(L"export --format gpo 5001-5003");
    ok(code == 0 && !strcmp(out, "5001:TCP:*:enabled:Passive FTP5001\r\n5002:TCP:*:enabled:Passive FTP5002\r\n"
                                 "5003:TCP:*:enabled:Passive FTP5003\r\n"),
       "gpo strings: %s", out);
    code = run(L"export --format gpo");
    ok(code == 0 && count_lines(out) == 201, "export without RANGE uses the configured range: %u lines",
       count_lines(out));
    code = run(L"export --format gpo 4000");
    ok(code == 2 && strstr(out, "too low"), "export validates the range: %s", out);

    GetTempPathW(MAX_PATH, dir);
    wcscat(dir, L"pasvctl-export");
    CreateDirectoryW(dir, NULL);
    for (i = 0; i < 3; i++) {
        swprintf(file, MAX_PATH, L"%ls\\%ls", dir, tools[i]);
        ok(CopyFileW(self, file, FALSE), "stand-in %ls", tools[i]);
    }
    swprintf(file, MAX_PATH, L"%ls\\calls.log", dir);
    DeleteFileW(file);
    swprintf(cmd, MAX_PATH * 2, L"export --format netsh 6001-6003 --scope subnet --out \"%ls\\p.cmd\"", dir);
    code = run(cmd);
    ok(code == 0 && strstr(out, "Wrote "), "netsh export written: %s", out);

    /* Run it with Wine's cmd in that directory: the stand-ins come first in the search order. */
    {
        WCHAR line[MAX_PATH * 2];
        STARTUPINFOW si;
        PROCESS_INFORMATION pi;
        DWORD rc = 99;
        memset(&si, 0, sizeof(si));
        si.cb = sizeof(si);
        swprintf(line, MAX_PATH * 2, L"cmd.exe /c p.cmd");
        if (ok(CreateProcessW(NULL, line, NULL, NULL, FALSE, CREATE_NO_WINDOW, NULL, dir, &si, &pi), "start cmd")) {
            WaitForSingleObject(pi.hProcess, 60000);
            GetExitCodeProcess(pi.hProcess, &rc);
            CloseHandle(pi.hThread);
            CloseHandle(pi.hProcess);
        }
        ok(rc == 0, "p.cmd exit %lu", (unsigned long)rc);
    }
    calls = read_text(file);
    ok(strstr(calls, "netsh firewall add portopening protocol=TCP port=6001 name=\"Passive FTP\"6001 mode=ENABLE "
                     "scope=SUBNET profile=ALL") != NULL &&
           strstr(calls, "port=6003 name=\"Passive FTP\"6003") != NULL && !strstr(calls, "port=6004"),
       "FOR /L loop expanded %%%%I for 6001..6003: %s", calls);
    ok(strstr(calls, "adsutil.vbs\" set /MSFTPSVC/PassivePortRange \"6001-6003\"") != NULL, "adsutil call: %s", calls);
    ok(strstr(calls, "net stop msftpsvc") && strstr(calls, "net start msftpsvc"), "service restart: %s",
       calls);
    free(calls);

    swprintf(cmd, MAX_PATH * 2, L"export --format powershell 6001-6003 --out \"%ls\\p.ps1\"", dir);
    ok(run(cmd) == 0, "powershell export");
    swprintf(file, MAX_PATH, L"%ls\\p.ps1", dir);
    text = read_text(file);
    ok(strstr(text, "-LocalPort 6001-6003") != NULL, "ps1 content");
    free(text);
}

/* ---- remove ---- */

static void test_remove(void)
{
    DWORD code, n;
    WCHAR *snap;
    char range[PASV_RANGE_TEXT_MAX], *trail;

    code = run(L"remove --yes");
    ok(code == 0, "remove: exit %lu: %.300s", (unsigned long)code, out);
    snap = lab_snapshot(LAB_LIST_STANDARD, &n);
    ok(n == 3 && lab_has_foreign(snap), "only the 3 foreign exceptions remain: %lu", (unsigned long)n);
    free(snap);
    snap = lab_snapshot(LAB_LIST_DOMAIN, &n);
    ok(n == 3 && lab_has_foreign(snap), "domain: only foreign remain: %lu", (unsigned long)n);
    free(snap);
    test_read_range(range, sizeof(range), "unset", NULL);
    ok(!strcmp(range, "unset"), "range back to the server default: %s", range);
    trail = trail_text();
    ok(strstr(trail, "remove --yes\tbefore=5001-5201\tafter=default(1025-5000)\tresult=done\t") != NULL,
       "change log records the remove: %s", trail);
    free(trail);
}

/* The state of one port in audit --json ("" when the row is not there). */
static const char *json_state(unsigned port, char *buf, size_t cap)
{
    char key[48];
    const char *p, *q;

    snprintf(key, sizeof(key), "{\"port\": %u, \"state\": \"", port);
    buf[0] = 0;
    p = strstr(out, key);
    if (p) {
        p += strlen(key);
        q = strchr(p, '"');
        if (q && (size_t)(q - p) < cap) {
            memcpy(buf, p, (size_t)(q - p));
            buf[q - p] = 0;
        }
    }
    return buf;
}

/* Issue 11 (B10, item 4): the audit judged "any scope, any profile", so a port of ours opened
 * for 10.0.0.0/8 only, or in one profile only, counted as open. pasvctl audit takes no --scope:
 * it judges against the default scope (any) in every profile apply acts in. */
static void audit_shows_our_port_with_another_scope_as_partial(void)
{
    DWORD code;
    char st[4][32];
    HKEY key = NULL;

    code = run(L"apply 5001-5003 --scope 10.0.0.0/8 --yes");
    ok(code == 0, "scope: apply 5001-5003 --scope 10.0.0.0/8: exit %lu: %.400s", (unsigned long)code, out);
    code = run(L"audit --json");
    json_state(5001, st[0], 32);
    json_state(5002, st[1], 32);
    json_state(5003, st[2], 32);
    ok(!strcmp(st[0], "partial") && !strcmp(st[1], "partial") && !strcmp(st[2], "partial"),
       "scope: ours for 10.0.0.0/8 only is partial against the default scope: %s %s %s", st[0], st[1], st[2]);
    ok(strstr(out, "\"totals\": {\"open\": 0, \"partial\": 3, \"missing\": 0, \"foreign\": 0, \"stale\": 0, \"overridden\": 0}") != NULL,
       "scope: totals: %.300s", out);
    ok(code == 1, "scope: audit exits 1 while ports are partial: %lu", (unsigned long)code);
    run(L"status");
    ok(strstr(out, "Audit:           0 of 3 open") != NULL, "scope: status counts none open: %.600s", out);

    /* Back to everyone; then one port open in the Standard profile only. */
    code = run(L"apply 5001-5003 --yes");
    ok(code == 0, "scope: apply 5001-5003 (any): exit %lu", (unsigned long)code);
    run(L"audit --json");
    ok(strstr(out, "\"totals\": {\"open\": 3, \"partial\": 0,") != NULL, "scope: any scope in both profiles: open: %.300s",
       out);
    if (ok(RegOpenKeyExW(HKEY_LOCAL_MACHINE, LAB_LIST_DOMAIN, 0, KEY_SET_VALUE, &key) == ERROR_SUCCESS,
           "scope: the lab's Domain list")) {
        ok(RegDeleteValueW(key, L"5002:TCP") == ERROR_SUCCESS, "scope: 5002 removed from the Domain profile by hand");
        RegCloseKey(key);
    }
    code = run(L"audit --json");
    ok(!strcmp(json_state(5002, st[3], 32), "partial") && strstr(out, "\"port\": 5002, \"state\": \"partial\", "
                                                                      "\"profiles\": \"standard\"") != NULL,
       "scope: open in the Standard profile only is partial: %s", st[3]);
    ok(!strcmp(json_state(5001, st[0], 32), "open"), "scope: 5001, in both profiles, open: %s", st[0]);

    /* The state test_remove expects: 5001-5201 open to everyone in both profiles. */
    code = run(L"apply 5001-5201 --yes");
    ok(code == 0, "scope: back to 5001-5201: exit %lu", (unsigned long)code);
}

/* ---- environment (exit 3, nothing changed) ---- */

static void test_environment(void)
{
    WCHAR *before = state_snapshot(), *after;
    DWORD code;

    lab_knob(L"Firewall", L"ServiceStopped", 1);
    code = run(L"apply 6001-6010 --yes");
    lab_knob(L"Firewall", L"ServiceStopped", ~0u);
    ok(code == 3 && strstr(out, "Windows Firewall does not answer: "), "firewall stopped: exit %lu: %s",
       (unsigned long)code, out);

    lab_knob(L"Firewall", L"NotElevated", 1);
    lab_knob(L"Metabase", L"NotElevated", 1);
    code = run(L"apply 6001-6010 --yes");
    lab_knob(L"Firewall", L"NotElevated", ~0u);
    lab_knob(L"Metabase", L"NotElevated", ~0u);
    ok(code == 3 && strstr(out, "administrator rights"), "not elevated: exit %lu: %s", (unsigned long)code, out);

    /* Windows Server 2003's firewall has no rules API: one rule for a range is refused. */
    code = run(L"apply 6001-6010 --mode range-rule --yes");
    ok(code == 3 && strstr(out, "use --mode per-port"), "range-rule on the legacy firewall: exit %lu: %s",
       (unsigned long)code, out);
    after = state_snapshot();
    ok(!wcscmp(before, after), "environment failures changed nothing");
    free(before);
    free(after);
}

/* ---- failure midway: exit 1, rolled back, recorded ---- */

static void test_failure(void)
{
    WCHAR *before = state_snapshot(), *after;
    char *trail;
    DWORD code;

    lab_knob(L"Firewall", L"FailAddPort", 6005);
    lab_knob(L"Firewall", L"FailAddHr", (DWORD)E_ACCESSDENIED);
    code = run(L"apply 6001-6010 --yes");
    lab_knob(L"Firewall", L"FailAddPort", ~0u);
    lab_knob(L"Firewall", L"FailAddHr", ~0u);
    ok(code == 1 || code == 3, "failure at port 6005: exit %lu", (unsigned long)code);
    ok(strstr(out, "Open port 6005: Access") != NULL, "the failing item says why: %s", out);
    ok(strstr(out, "(0x80070005)") != NULL, "with the code");
    ok(strstr(out, "everything this run changed was rolled back") != NULL, "says it was rolled back");
    after = state_snapshot();
    ok(!wcscmp(before, after), "rolled back: state as before");
    trail = trail_text();
    ok(strstr(trail, "result=failed-rolled-back") && strstr(trail, "failures=Open port 6005: Access"),
       "change log records the failure: %s", trail);
    free(trail);
    free(before);
    free(after);
}

/* ---- trail API + message table ---- */

static void test_trail_api(void)
{
    pasv_session *s = NULL;
    pasv_options opt;
    pasv_current cur;
    pasv_plan *plan = NULL;
    pasv_trail_result tr;
    HRESULT hr;
    HMODULE mod;
    WCHAR *msg = NULL;

    if (!ok(SUCCEEDED(pasv_session_open(NULL, &s)), "session"))
        return;
    pasv_session_refresh(s);
    pasv_options_init(&opt, s->server);
    opt.range.low = 7001;
    opt.range.high = 7002;
    pasv_session_current(s, &cur);
    if (ok(pasv_plan_build(&opt, &cur, &plan) == PASV_S_OK, "plan")) {
        hr = pasv_trail_record(plan, L"test trail\tline", &s->range, s->range_set, PASV_S_OK, &tr);
        ok(hr == S_OK && tr.log_hr == S_OK, "trail record: 0x%08lx log 0x%08lx", (unsigned long)hr,
           (unsigned long)tr.log_hr);
        ok(tr.event_hr == S_OK, "ReportEventW succeeded: 0x%08lx", (unsigned long)tr.event_hr);
        ok(wcsstr(tr.path, L"\\pasvports\\changes.log") != NULL, "path %ls", tr.path);
        {
            char *t = trail_text();
            ok(strstr(t, "test trail line\tbefore=default(1025-5000)\tafter=default(1025-5000)\tresult=done") != NULL,
               "tabs in the command are flattened; nothing applied -> after = before: %s", t);
            free(t);
        }
    }
    pasv_plan_free(plan);
    pasv_session_close(s);

    /* The message table is in pasvctl.exe, for the MSI's EventMessageFile. */
    mod = LoadLibraryExW(exe, NULL, LOAD_LIBRARY_AS_DATAFILE);
    if (ok(mod != NULL, "load pasvctl.exe as data: %lu", GetLastError())) {
        const WCHAR *ins[7] = {L"cmd", L"user", L"a", L"b", L"c", L"d", L"e"};
        DWORD n = FormatMessageW(FORMAT_MESSAGE_FROM_HMODULE | FORMAT_MESSAGE_ALLOCATE_BUFFER |
                                     FORMAT_MESSAGE_ARGUMENT_ARRAY,
                                 mod, MSG_TRAIL_CHANGED, MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US), (WCHAR *)&msg, 0,
                                 (va_list *)ins);
        ok(n && msg && wcsstr(msg, L"Command: cmd"), "MSG_TRAIL_CHANGED formats: %lu %ls", (unsigned long)n,
           msg ? msg : L"(null)");
        LocalFree(msg);
        FreeLibrary(mod);
    }
}

int wmain(int argc, WCHAR **argv)
{
    HRESULT hr;
    WCHAR self[MAX_PATH];
    const WCHAR *base;

    GetModuleFileNameW(NULL, self, MAX_PATH);
    base = wcsrchr(self, L'\\') ? wcsrchr(self, L'\\') + 1 : self;

    /* Stand-in mode: record how cmd.exe ran us. */
    if (!_wcsicmp(base, L"netsh.exe") || !_wcsicmp(base, L"cscript.exe") || !_wcsicmp(base, L"net.exe") ||
        !_wcsicmp(base, L"netsh") || !_wcsicmp(base, L"cscript") || !_wcsicmp(base, L"net")) {
        FILE *f = _wfopen(L"calls.log", L"a");
        const WCHAR *line = GetCommandLineW();
        if (f) {
            fprintf(f, "%ls\n", line);
            fclose(f);
        }
        return 0;
    }
    if (argc < 2) {
        skip("usage: test_cli_lab PATH-TO-pasvctl.exe");
        return test_summary("cli_lab");
    }
    test_winpath(argv[1], exe, MAX_PATH);
    hr = CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);
    if (!ok(SUCCEEDED(hr), "CoInitializeEx"))
        return test_summary("cli_lab");

    test_bad_input();
    test_selftest(false, NULL);
    test_apply();
    test_audit_json();
    test_reapply_noop();
    test_selftest(true, "5001-5201");
    test_export(self);
    test_environment();
    test_failure();
    audit_shows_our_port_with_another_scope_as_partial();
    test_remove();
    test_trail_api();
    CoUninitialize();
    return test_summary("cli_lab");
}
