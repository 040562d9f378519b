/* pasvports GUI tests: the dialog in an IIS 10 lab (issue 13 item 6; tests/lab/provision.sh
 * --iis10): the server line and the "not set" range as env and machine.c report them, the range
 * editor with IIS 7+ limits, no Direct Metabase Edit, and Apply through the same engine:
 * applicationHost.config's firewallSupport, one rule of ours in the lab's FirewallRules, the audit.
 * Included by test_gui_driver.c.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "machine.h"
#include "resource_iis7.h"

/* Starts the lab's FTPSVC (before the dialog opens) and waits until it runs. */
static void i10_start_ftpsvc(void)
{
    SC_HANDLE scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT), svc = NULL;
    SERVICE_STATUS st;
    int i;

    if (scm)
        svc = OpenServiceW(scm, L"FTPSVC", SERVICE_START | SERVICE_QUERY_STATUS);
    if (svc) {
        StartServiceW(svc, 0, NULL);
        for (i = 0; i < 300 && QueryServiceStatus(svc, &st) && st.dwCurrentState != SERVICE_RUNNING; i++)
            Sleep(100);
        CloseServiceHandle(svc);
    }
    if (scm)
        CloseServiceHandle(scm);
}

/* ---- applicationHost.config as the lab FTPSVC reads it ---- */

static char *i10_config_text(void)
{
    WCHAR path[MAX_PATH];
    HANDLE f;
    DWORD size, got = 0;
    char *buf;

    GetSystemWindowsDirectoryW(path, MAX_PATH);
    wcscat(path, L"\\system32\\inetsrv\\config\\applicationHost.config");
    f = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);
    if (f == INVALID_HANDLE_VALUE)
        return calloc(1, 1);
    size = GetFileSize(f, NULL);
    buf = calloc(1, size + 1);
    if (buf && !ReadFile(f, buf, size, &got, NULL))
        got = 0;
    CloseHandle(f);
    if (buf)
        buf[got] = 0;
    return buf;
}

/* The server-level <firewallSupport .../> under <system.ftpServer> ("" when absent). */
static void i10_firewall_support(const char *cfg, char *buf, size_t cap)
{
    const char *sec = strstr(cfg, "<system.ftpServer"), *start, *end;

    buf[0] = 0;
    if (!sec || !(start = strstr(sec, "<firewallSupport")) || !(end = strchr(start, '>')))
        return;
    snprintf(buf, cap, "%.*s", (int)(end - start + 1), start);
}

/* Lines of a FirewallRules snapshot holding needle. */
static unsigned i10_rules_with(const WCHAR *snap, const WCHAR *needle)
{
    unsigned n = 0;
    const WCHAR *p = snap, *nl;

    for (; *p; p = nl + 1) {
        const WCHAR *hit = wcsstr(p, needle);
        nl = wcschr(p, L'\n');
        if (!nl)
            break;
        n += hit && hit < nl;
    }
    return n;
}

typedef struct i10_typed {
    const WCHAR *low, *high, *seen;
    UINT msg;
} i10_typed;

/* Open in the IIS 10 lab: what the status lines and the range editor show; out-of-range input is
 * refused with the core's specific message and changes nothing. */
static void dialog_opens_on_iis10_with_its_limits(void)
{
    static const i10_typed refused[] = {
        {L"1024", L"5201", L"1024-5201", PASV_MSG_RANGE_BELOW_MIN},
        {L"0", L"0", L"0-0", PASV_MSG_RANGE_ZERO_NOT_ALLOWED}, /* IIS's own "not set": pasvctl remove */
        {L"5001", L"70000", L"5001-70000", PASV_MSG_RANGE_TOO_LARGE},
    };
    WCHAR got[1024], want[1024], *kind, *running, *rules_before, *rules_after, dyn[PASV_RANGE_TEXT_MAX];
    char *cfg_before, *cfg_after, dyn8[PASV_RANGE_TEXT_MAX];
    DWORD n1, n2;
    LRESULT lo = 0, hi = 0;
    pasv_env env;
    pasv_range dr;
    size_t i;

    screenshot("iis10-opened");
    cfg_before = i10_config_text();
    rules_before = lab_snapshot(LAB_RULES, &n1);

    {
        DWORD_PTR v[2] = {10, 0}; /* the lab's InetStp MajorVersion, MinorVersion */
        kind = pasv_text_format(IDS_ENV_FTP_IIS_VERSION, v, 2);
    }
    running = pasv_text_load(IDS_SVC_RUNNING);
    expected(IDS_SERVER_STATE, kind ? kind : L"?", running ? running : L"?", NULL, want, 1024);
    get_text(IDC_SERVER_TEXT, got, 1024);
    ok(!wcscmp(got, want) && wcsstr(got, L"IIS 10.0 - Microsoft FTP Service"), "server line \"%ls\", expected \"%ls\"",
       got, want);
    LocalFree(kind);
    LocalFree(running);

    pasv_env_detect(&env);
    dr = pasv_machine_dynamic_range(&env, NULL);
    pasv_range_format(&dr, dyn8, sizeof(dyn8));
    MultiByteToWideChar(CP_UTF8, 0, dyn8, -1, dyn, PASV_RANGE_TEXT_MAX);
    expected(IDS_I7_DLG_RANGE_NOT_SET, dyn, NULL, NULL, want, 1024);
    get_text(IDC_CURRENT_RANGE, got, 1024);
    ok(!wcscmp(got, want), "current range \"%ls\", expected \"%ls\"", got, want);

    ok(!visible(IDC_EDIT_WHILE_RUNNING), "no Direct Metabase Edit box on IIS 7+");
    expected(IDS_I7_FTPS_NOTE, NULL, NULL, NULL, want, 1024);
    get_text(IDC_EDIT_EXPLAIN, got, 1024);
    ok(!wcscmp(got, want), "the FTPS note under the range: \"%ls\"", got);

    SendMessageW(item(IDC_RANGE_LOW_SPIN), UDM_GETRANGE32, (WPARAM)&lo, (LPARAM)&hi);
    ok(lo == 1025 && hi == 65535, "the spin buttons go 1025-65535: %ld-%ld", (long)lo, (long)hi);

    for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
        enter_range(refused[i].low, refused[i].high);
        expected(refused[i].msg, refused[i].seen, L"1025", L"65535", want, 1024);
        get_text(IDC_RANGE_STATUS, got, 1024);
        ok(!wcscmp(got, want), "%ls-%ls: \"%ls\", expected \"%ls\"", refused[i].low, refused[i].high, got, want);
        ok(!enabled(IDOK), "%ls-%ls: Apply is off", refused[i].low, refused[i].high);
        if (i == 0)
            screenshot("iis10-refused-1024");
        PostMessageW(dlg, WM_COMMAND, MAKEWPARAM(IDOK, BN_CLICKED), (LPARAM)item(IDOK)); /* Enter */
        Sleep(300);
        ok(find_confirm_box() == NULL && phase() == PASV_APP_IDLE, "%ls-%ls: nothing runs", refused[i].low,
           refused[i].high);
    }
    enter_range(L"1025", L"1025");
    get_text(IDC_RANGE_STATUS, got, 1024);
    ok(enabled(IDOK) && wcsstr(got, L"1025") != NULL, "1025, IIS 7+'s lowest, is accepted: \"%ls\"", got);

    cfg_after = i10_config_text();
    rules_after = lab_snapshot(LAB_RULES, &n2);
    ok(!strcmp(cfg_before, cfg_after), "applicationHost.config byte-identical (%u bytes)", (unsigned)strlen(cfg_after));
    ok(!wcscmp(rules_before, rules_after), "FirewallRules as before (%lu values)", (unsigned long)n2);
    free(cfg_before);
    free(cfg_after);
    free(rules_before);
    free(rules_after);
}

/* Apply 5001-5201 in the IIS 10 lab: the same engine writes the range FTPSVC reads, one rule of
 * ours for the range (Vista+ rules API), and the audit counts it. */
static void dialog_applies_a_range_on_iis10(void)
{
    static WCHAR builtin_before[2048], builtin_after[2048];
    WCHAR got[1024], want[1024], *rules_before, *rules_after, *text;
    char *cfg, elem[256];
    DWORD n1, n2;

    rules_before = lab_snapshot(LAB_RULES, &n1);
    lab_reg_string(LAB_RULES, L"IIS-WebServerRole-FTP-Passive-In-TCP", builtin_before, 2048);
    enter_range(L"5001", L"5201");
    ok(SendMessageW(item(IDC_MODE_RULE), BM_GETCHECK, 0, 0) == BST_CHECKED, "IIS 7+ on the rules API: one rule for the range is chosen");
    apply_confirmed();
    if (!wait_phase(PASV_APP_IDLE, 180000))
        goto done;
    get_text(IDC_SUMMARY, got, 1024);
    ok(!wcsncmp(got, L"All ", 4), "summary \"%ls\"", got);

    cfg = i10_config_text();
    i10_firewall_support(cfg, elem, sizeof(elem));
    ok(strstr(elem, "lowDataChannelPort=\"5001\"") && strstr(elem, "highDataChannelPort=\"5201\""),
       "applicationHost.config: %s", elem);
    free(cfg);

    rules_after = lab_snapshot(LAB_RULES, &n2);
    ok(n2 == n1 + 1, "one rule added: %lu -> %lu values", (unsigned long)n1, (unsigned long)n2);
    ok(i10_rules_with(rules_after, L"|LPort=5001-5201|") + i10_rules_with(rules_after, L"|LPort2_10=5001-5201|") == 1,
       "one rule for 5001-5201 in FirewallRules");
    lab_reg_string(LAB_RULES, L"IIS-WebServerRole-FTP-Passive-In-TCP", builtin_after, 2048);
    ok(!wcscmp(builtin_before, builtin_after), "the built-in passive rule is as it was: %ls", builtin_after);
    free(rules_after);

    get_text(IDC_CURRENT_RANGE, got, 1024);
    ok(!wcscmp(got, L"5001-5201"), "current range \"%ls\"", got);
    {
        DWORD_PTR args[6] = {201, 201, 0, 0, 0, 0};
        text = pasv_text_format(PASV_MSG_AUDIT_SUMMARY, args, 6);
        swprintf(want, 1024, L"%ls", text ? text : L"?");
        LocalFree(text);
    }
    get_text(IDC_AUDIT_TEXT, got, 1024);
    ok(!wcscmp(got, want), "audit \"%ls\", expected \"%ls\"", got, want);
    ok(list_count(IDC_AUDIT_LIST) > 0, "the audit lists rows: %d", list_count(IDC_AUDIT_LIST));
    screenshot("iis10-done");
done:
    free(rules_before);
}
