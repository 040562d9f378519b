/* pasvports tests: one implementation of every fact (issue 12): pasvctl and the dialog's code
 * say the same thing about the same lab. Run in an IIS 6 lab as Windows Server 2003 ("2003") and
 * as Windows 10 ("win10"); argv[1] is pasvctl.exe. The dialog's side is its own code (pasv_app:
 * the audit export behind its Export button, the line under its range), linked in.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "win.h"

#include <winsock2.h>
#include <stdio.h>

#include "../testlib.h"
#include "lab_util.h"
#include "lists.h"
#include "machine.h"
#include "resource.h"
#include "session.h"
#include "session_util.h"
#include "trail.h"
#include "text.h"
#include "winpath.h"

static WCHAR exe[MAX_PATH];
static char out[1 << 20];
static bool win10;

static DWORD run(const WCHAR *args)
{
    static WCHAR cmd[4096];
    swprintf(cmd, 4096, L"\"%ls\" %ls", exe, args);
    return test_run_capture(cmd, out, sizeof(out), 120000);
}

static char *read_file(const WCHAR *path, DWORD *len)
{
    HANDLE f = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    DWORD size, got = 0;
    char *buf;

    *len = 0;
    if (f == INVALID_HANDLE_VALUE)
        return calloc(1, 1);
    size = GetFileSize(f, NULL);
    buf = calloc(1, size + 1);
    ReadFile(f, buf, size, &got, NULL);
    CloseHandle(f);
    *len = got;
    return buf;
}

static void set_max_user_port(DWORD value)
{
    HKEY key;
    if (RegCreateKeyExW(HKEY_LOCAL_MACHINE, L"SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters", 0, NULL, 0,
                        KEY_SET_VALUE, NULL, &key, NULL) != ERROR_SUCCESS)
        return;
    if (value == ~0u)
        RegDeleteValueW(key, L"MaxUserPort");
    else
        RegSetValueExW(key, L"MaxUserPort", 0, REG_DWORD, (const BYTE *)&value, sizeof(value));
    RegCloseKey(key);
}

/* Finding 9: Windows 10 showed "Windows default 1025-5000" where the dynamic range is
 * 49152-65535. An unset range is shown as this machine's dynamic range: Windows 10's default,
 * or 1025 to MaxUserPort on Server 2003. */
static void status_shows_this_machines_dynamic_range_as_the_windows_default(void)
{
    const char *want = win10 ? "49152-65535" : "1025-20000";
    char line[64], json[64];
    pasv_session *s = NULL;
    pasv_range r;

    ok(run(L"remove --yes") == 0, "remove: the range is unset (%s)", out);
    if (!win10)
        set_max_user_port(20000);
    snprintf(line, sizeof(line), "Windows default %s", want);
    run(L"status");
    ok(strstr(out, line) != NULL, "pasvctl status says \"%s\": %s", line, out);
    run(L"status --json");
    snprintf(json, sizeof(json), "\"default_range\": \"%s\"", want);
    ok(strstr(out, json) != NULL, "status --json says %s", json);
    snprintf(json, sizeof(json), "\"dynamic_range\": \"%s\"", want);
    ok(strstr(out, json) != NULL, "and %s", json);
    /* The dialog's snapshot takes the same function (worker.c). */
    if (ok(SUCCEEDED(pasv_session_open(NULL, &s)), "session")) {
        char text[PASV_RANGE_TEXT_MAX];
        r = pasv_machine_dynamic_range(&s->env, NULL);
        pasv_range_format(&r, text, sizeof(text));
        ok(!strcmp(text, want), "pasv_machine_dynamic_range: %s", text);
        pasv_session_close(s);
    }
    if (!win10)
        set_max_user_port(~0u);
}

/* Finding 8: pasvctl status warned about a program listening inside the range, the dialog said
 * nothing. Both take the warning from pasv_machine_listening_text. */
static void status_and_dialog_warn_alike_about_a_port_in_use(void)
{
    WSADATA wsa;
    SOCKET sock = INVALID_SOCKET;
    struct sockaddr_in sin;
    pasv_range range = {5001, 5010};
    DWORD_PTR args[3] = {10, 10, 100};
    WCHAR *dialog_line;
    char *utf8 = NULL;
    int n;

    ok(run(L"apply 5001-5010 --yes") == 0, "applied 5001-5010 (%s)", out);
    if (!ok(WSAStartup(MAKEWORD(2, 2), &wsa) == 0, "winsock"))
        return;
    sock = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    memset(&sin, 0, sizeof(sin));
    sin.sin_family = AF_INET;
    sin.sin_port = htons(5005);
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (!ok(sock != INVALID_SOCKET && bind(sock, (struct sockaddr *)&sin, sizeof(sin)) == 0 && listen(sock, 1) == 0,
            "listening on 127.0.0.1:5005"))
        goto done;
    run(L"status");
    /* One port: the singular form (issue 12), not "1 port(s) ... are". */
    ok(strstr(out, "1 port of the range is already in use by a listening program: 5005") != NULL,
       "pasvctl status warns about 5005: %s", out);
    dialog_line = app_range_notes(&range, PASV_MSG_SIZING, args);
    n = dialog_line ? WideCharToMultiByte(CP_UTF8, 0, dialog_line, -1, NULL, 0, NULL, NULL) : 0;
    if (n > 0 && (utf8 = malloc((size_t)n)) != NULL)
        WideCharToMultiByte(CP_UTF8, 0, dialog_line, -1, utf8, n, NULL, NULL);
    ok(utf8 && strstr(utf8, "use by listening programs") && strstr(utf8, ": 5005 (1)"),
       "the dialog's line under the range warns too: %s", utf8 ? utf8 : "(null)");
    free(utf8);
    LocalFree(dialog_line);
    range.low = 5006;
    dialog_line = app_range_notes(&range, PASV_MSG_SIZING, args);
    ok(dialog_line && !wcsstr(dialog_line, L"in use"), "no warning for a range without a listener: %ls",
       dialog_line ? dialog_line : L"(null)");
    LocalFree(dialog_line);
done:
    if (sock != INVALID_SOCKET)
        closesocket(sock);
    WSACleanup();
}

/* Both front ends write the audit through one writer: the dialog's Export (app_audit_export, the
 * audit judged as the dialog judges it) and pasvctl audit --csv give the same bytes for the same
 * lab; the dialog may localize the header line only. */
static void dialog_export_and_pasvctl_audit_csv_are_the_same_bytes(void)
{
    WCHAR dir[MAX_PATH], cli_path[MAX_PATH], dlg_path[MAX_PATH], args[MAX_PATH + 32];
    pasv_session *s = NULL;
    app_audit_view av;
    app_audit_want want;
    char *a, *b, *a_body, *b_body;
    DWORD alen, blen;

    GetTempPathW(MAX_PATH, dir);
    swprintf(cli_path, MAX_PATH, L"%lstruth-cli.csv", dir);
    swprintf(dlg_path, MAX_PATH, L"%lstruth-dialog.csv", dir);
    /* Ours open, and whatever else the lab holds (another program's exceptions). */
    ok(run(L"apply 5001-5030 --yes") == 0, "applied 5001-5030");
    swprintf(args, MAX_PATH + 32, L"audit --csv \"%ls\"", cli_path);
    ok(run(args) <= 1, "pasvctl audit --csv: %s", out);
    if (!ok(SUCCEEDED(pasv_session_open(NULL, &s)), "session"))
        return;
    pasv_session_refresh(s);
    app_audit_init(&av);
    /* As the dialog does (dlg_main.c update_audit, worker.c snapshot): per-port mode, scope any. */
    pasv_session_set_mode(s, PASV_MODE_PER_PORT);
    memset(&want, 0, sizeof(want));
    want.scope = PASV_SCOPE_ANY;
    want.target = SUCCEEDED(s->fw_state_hr) ? s->fw_state.profiles_all : 0;
    want.rules_bits = false;
    want.ineffective = SUCCEEDED(s->fw_state_hr) ? pasv_fw_state_ineffective(&s->fw_state) : 0;
    ok(app_audit_build(&av, &s->range, &s->fw, &want), "the dialog's audit");
    app_audit_filter(&av, 0);
    ok(app_audit_export(&av, dlg_path) == (long)av.audit.count, "the dialog's export wrote %lu rows", (unsigned long)av.audit.count);
    a = read_file(cli_path, &alen);
    b = read_file(dlg_path, &blen);
    a_body = strstr(a, "\r\n");
    b_body = strstr(b, "\r\n");
    ok(alen > 100 && a_body && b_body, "both files have rows (%lu, %lu bytes)", (unsigned long)alen,
       (unsigned long)blen);
    if (a_body && b_body) {
        ok(!strcmp(a_body, b_body), "the rows are byte for byte the same:\n--- pasvctl\n%.600s\n--- dialog\n%.600s",
           a_body, b_body);
        ok((size_t)(a_body - a) == (size_t)(b_body - b) && !memcmp(a, b, (size_t)(a_body - a)),
           "and the header too (stable column names in both): %.40s / %.40s", a, b);
    }
    free(a);
    free(b);
    app_audit_cleanup(&av);
    pasv_session_close(s);
}

/* Group Policy on: the lab's knob for the Vista+ API, the policy key a 2003 domain writes for the
 * legacy one (as tests/gui/gui_preflight_scenarios.c sets it). */
#define GP_STANDARD_KEY L"SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\StandardProfile\\GloballyOpenPorts"
static void group_policy(bool on)
{
    HKEY key = NULL;
    DWORD zero = 0;

    lab_knob(L"Firewall", L"GpOverride", on ? 1 : ~0u);
    if (on && RegCreateKeyExW(HKEY_LOCAL_MACHINE, GP_STANDARD_KEY, 0, NULL, 0, KEY_SET_VALUE, NULL, &key, NULL)
                  == ERROR_SUCCESS) {
        RegSetValueExW(key, L"AllowUserPrefMerge", 0, REG_DWORD, (const BYTE *)&zero, sizeof(zero));
        RegCloseKey(key);
    } else if (!on) {
        RegDeleteKeyW(HKEY_LOCAL_MACHINE, GP_STANDARD_KEY);
    }
}

/* Finding 6: with the local policy overridden by Group Policy the audit showed every port green
 * "Open" (and a real client got "425 Can't open data connection"). pasvctl audit and the
 * dialog's audit say "overridden", in the same bytes; audit exits 1 (not every port works). */
static void audit_says_overridden_by_group_policy_in_both_front_ends(void)
{
    WCHAR dir[MAX_PATH], cli_path[MAX_PATH], dlg_path[MAX_PATH], args[MAX_PATH + 32];
    pasv_session *s = NULL;
    app_audit_view av;
    app_audit_want want;
    char *a, *b;
    DWORD alen, blen, code;

    GetTempPathW(MAX_PATH, dir);
    swprintf(cli_path, MAX_PATH, L"%lstruth-gp-cli.csv", dir);
    swprintf(dlg_path, MAX_PATH, L"%lstruth-gp-dialog.csv", dir);
    group_policy(true);
    swprintf(args, MAX_PATH + 32, L"audit --csv \"%ls\"", cli_path);
    code = run(args);
    ok(code == 1, "pasvctl audit exits 1 while Group Policy makes our openings ineffective (%lu)", (unsigned long)code);
    run(L"audit --json");
    ok(strstr(out, "\"port\": 5001, \"state\": \"overridden\"") && strstr(out, "\"open\": 0,"),
       "audit --json: 5001 overridden, none open: %.400s", out);
    run(L"audit");
    ok(strstr(out, "Open locally, overridden by policy") != NULL, "audit's text says so: %.300s", out);
    if (ok(SUCCEEDED(pasv_session_open(NULL, &s)), "session")) {
        pasv_session_refresh(s);
        pasv_session_set_mode(s, PASV_MODE_PER_PORT);
        app_audit_init(&av);
        memset(&want, 0, sizeof(want));
        want.scope = PASV_SCOPE_ANY;
        want.target = SUCCEEDED(s->fw_state_hr) ? s->fw_state.profiles_all : 0;
        want.ineffective = SUCCEEDED(s->fw_state_hr) ? pasv_fw_state_ineffective(&s->fw_state) : 0;
        ok(want.ineffective != 0, "the state says Group Policy overrides (%u)", want.ineffective);
        ok(app_audit_build(&av, &s->range, &s->fw, &want), "the dialog's audit");
        ok(av.audit.totals[PASV_AUDIT_OPEN] == 0 && av.audit.totals[PASV_AUDIT_OVERRIDDEN] >= 30,
           "the dialog's audit: none open, %u overridden", av.audit.totals[PASV_AUDIT_OVERRIDDEN]);
        app_audit_filter(&av, 0);
        app_audit_export(&av, dlg_path);
        a = read_file(cli_path, &alen);
        b = read_file(dlg_path, &blen);
        ok(alen > 100 && alen == blen && !memcmp(a, b, alen) && strstr(a, "\r\n5001,overridden,"),
           "the same bytes, 5001 overridden:\n--- pasvctl\n%.300s\n--- dialog\n%.300s", a, b);
        free(a);
        free(b);
        app_audit_cleanup(&av);
        pasv_session_close(s);
    }
    group_policy(false);
    run(L"audit --json");
    ok(strstr(out, "\"port\": 5001, \"state\": \"open\"") != NULL, "without the policy 5001 is open again");
}

/* ---- the change log says what happened (finding 7) ---- */

/* The value of key= in the last line of changes.log ("" when absent). */
static void last_field(const char *log, const char *key, char *val, size_t cap)
{
    const char *end = log + strlen(log), *line, *p;
    size_t klen = strlen(key), n;

    val[0] = 0;
    while (end > log && (end[-1] == '\n' || end[-1] == '\r'))
        end--;
    for (line = end; line > log && line[-1] != '\n'; line--)
        ;
    for (p = line; p < end; p++) {
        if ((p == line || p[-1] == '\t' || p[-1] == ' ') && !strncmp(p, key, klen) && p[klen] == '=') {
            p += klen + 1;
            for (n = 0; p + n < end && p[n] != '\t' && p[n] != ' ' && n + 1 < cap; n++)
                val[n] = p[n];
            val[n] = 0;
            return;
        }
    }
}

static char *trail_log(void)
{
    WCHAR path[MAX_PATH];
    DWORD len;
    if (FAILED(pasv_trail_path(path, MAX_PATH)))
        return calloc(1, 1);
    return read_file(path, &len);
}

/* One pasvctl run, then its log line field by field against what the lab holds: opened= is the
 * number of our exceptions the run added (lab before/after), after= the range the metabase holds,
 * result= and failed= what happened. */
static void check_line(const WCHAR *args, unsigned low, unsigned high, const char *want_result, unsigned want_failed)
{
    WCHAR *before = lab_snapshot(LAB_LIST_STANDARD, &(DWORD){0}), *after;
    unsigned ours_before = lab_count_ours(before, low, high), ours_after;
    char *log, result[48], opened[16], failed[16], after_range[48], range[PASV_RANGE_TEXT_MAX];
    int edit;
    DWORD code = run(args);

    after = lab_snapshot(LAB_LIST_STANDARD, &(DWORD){0});
    ours_after = lab_count_ours(after, low, high);
    test_read_range(range, sizeof(range), "", &edit);
    log = trail_log();
    last_field(log, "result", result, sizeof(result));
    last_field(log, "opened", opened, sizeof(opened));
    last_field(log, "failed", failed, sizeof(failed));
    last_field(log, "after", after_range, sizeof(after_range));
    ok(!strcmp(result, want_result), "%ls (exit %lu): result=%s, expected %s", args, (unsigned long)code, result,
       want_result);
    ok((unsigned)atoi(opened) == ours_after - ours_before, "%ls: opened=%s, the lab holds %u more of ours", args,
       opened, ours_after - ours_before);
    ok((unsigned)atoi(failed) == want_failed, "%ls: failed=%s", args, failed);
    ok(!strcmp(after_range, range[0] ? range : after_range), "%ls: after=%s, the metabase holds %s", args,
       after_range, range);
    free(log);
    free(before);
    free(after);
}

static void change_log_lines_say_what_happened(void)
{
    check_line(L"apply 5101-5120 --yes", 5101, 5120, "done", 0);
    lab_knob(L"Firewall", L"FailAddPort", 5130);
    check_line(L"apply 5121-5140 --yes", 5121, 5140, "failed-rolled-back", 1);
    check_line(L"apply 5121-5140 --on-error continue --yes", 5121, 5140, "failed-kept", 1);
    lab_knob(L"Firewall", L"FailAddPort", ~0u);
}

int wmain(int argc, WCHAR **argv)
{
    HRESULT co = CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);

    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc < 3) {
        ok(0, "usage: test_truth_lab PASVCTL 2003|win10");
        return test_summary("truth_lab");
    }
    test_winpath(argv[1], exe, MAX_PATH);
    win10 = !wcscmp(argv[2], L"win10");
    status_shows_this_machines_dynamic_range_as_the_windows_default();
    status_and_dialog_warn_alike_about_a_port_in_use();
    dialog_export_and_pasvctl_audit_csv_are_the_same_bytes();
    audit_says_overridden_by_group_policy_in_both_front_ends();
    if (!win10) /* lab_count_ours reads the 2003 lab's per-port list */
        change_log_lines_say_what_happened();
    if (SUCCEEDED(co))
        CoUninitialize();
    return test_summary(win10 ? "truth_lab_win10" : "truth_lab");
}
