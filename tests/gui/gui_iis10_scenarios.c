/* pasvports GUI tests: the dialog in an IIS 10 lab (issue 13 item 6; tests/lab/provision.sh
 * --iis10): the server line with IIS's version and the "not set" range as env and machine.c
 * report them, the range editor with IIS 7+ limits, no Direct Metabase Edit but the FTPS and
 * stateful filtering note, the FTP site's external address and the built-in passive rule box,
 * and Apply through the same engine: applicationHost.config's firewallSupport, one rule of ours
 * in the lab's FirewallRules, the built-in rule's Active, the audit.
 * Included by test_gui_driver.c.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "lists.h"
#include "machine.h"
#include "pasv/addr.h"
#include "resource_iis7.h"

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
    cfg_before = lab_apphost_text();
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

    ok(!visible(IDC_EDIT_WHILE_RUNNING) && !visible(IDC_EDIT_EXPLAIN), "no Direct Metabase Edit box on IIS 7+");
    {
        WCHAR *ftps = pasv_text_load(IDS_I7_FTPS_NOTE), *sf = pasv_text_load(IDS_PG_STATEFUL_UNKNOWN);
        WCHAR *tls = pasv_text_load(IDS_PG_TLS_NONE);
        expected(IDS_PG_FTPS_NOTE, ftps ? ftps : L"?", sf ? sf : L"?", tls ? tls : L"?", want, 1024);
        LocalFree(ftps);
        LocalFree(sf);
        LocalFree(tls);
    }
    get_text(IDC_FTPS_NOTE, got, 1024);
    /* The lab has no DisableStatefulFTP policy value and its one site allows TLS (SslAllow). */
    ok(visible(IDC_FTPS_NOTE) && !wcscmp(got, want), "the FTPS note under the range: \"%ls\", expected \"%ls\"", got,
       want);

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

    cfg_after = lab_apphost_text();
    rules_after = lab_snapshot(LAB_RULES, &n2);
    ok(!strcmp(cfg_before, cfg_after), "applicationHost.config byte-identical (%u bytes)", (unsigned)strlen(cfg_after));
    ok(!wcscmp(rules_before, rules_after), "FirewallRules as before (%lu values)", (unsigned long)n2);
    free(cfg_before);
    free(cfg_after);
    free(rules_before);
    free(rules_after);
}

/* The Changes list's rows: how many say "Restart the Microsoft FTP Service" (the restart item
 * names the service of IIS 7+, not IIS 6's FTP Publishing Service, which no row may name). */
static int i10_restart_rows(void)
{
    WCHAR got[1024], restart[128], *svc = pasv_text_load(IDS_SVC_NAME_FTPSVC);
    int i, n, rows = 0;

    swprintf(restart, 128, L"Restart the %ls", svc ? svc : L"?");
    LocalFree(svc);
    click(IDC_VIEW_CHANGES);
    n = list_count(IDC_CHANGES_LIST);
    for (i = 0; i < n; i++) {
        list_text(IDC_CHANGES_LIST, i, 1, got, 1024);
        rows += !wcscmp(got, restart);
        ok(!wcsstr(got, L"FTP Publishing Service"), "row %d does not name IIS 6's service: %ls", i, got);
    }
    ok(wcscmp(restart, L"Restart the Microsoft FTP Service") == 0, "the restart row's words: %ls", restart);
    return rows;
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
    ok(i10_restart_rows() == 1, "one row restarts the Microsoft FTP Service");
    apply_confirmed();
    if (!wait_phase(PASV_APP_IDLE, 180000))
        goto done;
    get_text(IDC_SUMMARY, got, 1024);
    ok(!wcsncmp(got, L"All ", 4), "summary \"%ls\"", got);

    cfg = lab_apphost_text();
    lab_apphost_firewall_support(cfg, elem, sizeof(elem));
    ok(strstr(elem, "lowDataChannelPort=\"5001\"") && strstr(elem, "highDataChannelPort=\"5201\""),
       "applicationHost.config: %s", elem);
    free(cfg);

    rules_after = lab_snapshot(LAB_RULES, &n2);
    ok(n2 == n1 + 1, "one rule added: %lu -> %lu values", (unsigned long)n1, (unsigned long)n2);
    ok(lab_lines_with(rules_after, L"|LPort=5001-5201|") + lab_lines_with(rules_after, L"|LPort2_10=5001-5201|") == 1,
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

/* The <firewallSupport .../> inside the site named name (under its <ftpServer>; "" when absent). */
static void i10_site_firewall_support(const char *cfg, const char *name, char *buf, size_t cap)
{
    char open[300];
    const char *site, *end, *fw, *close;

    buf[0] = 0;
    snprintf(open, sizeof(open), "<site name=\"%s\"", name);
    if (!(site = strstr(cfg, open)) || !(end = strstr(site, "</site>")))
        return;
    if (!(fw = strstr(site, "<firewallSupport")) || fw > end || !(close = strchr(fw, '>')))
        return;
    snprintf(buf, cap, "%.*s", (int)(close - fw + 1), fw);
}

/* WM_HELP carries a pointer: it cannot be posted, and a send waits for the help box to close,
 * so a thread of its own sends it while the driver reads and closes the box. */
static DWORD WINAPI i10_send_help(void *hi)
{
    const HELPINFO *h = hi;
    SendMessageW(GetParent(h->hItemHandle), WM_HELP, 0, (LPARAM)h);
    return 0;
}

/* The options page's IIS 7+ part in the IIS 10 lab: the FTP site list with the lab's one site,
 * the external address field prefilled with its address now (none), the built-in passive rule's
 * box (the lab has the rule, on) with its explanation, and F1 on each and on the FTPS note. */
static void dialog_shows_the_iis7_options_on_iis10(void)
{
    static HELPINFO hi;
    WCHAR got[1024], want[1024], *help;
    HWND box;

    ok(visible(IDC_SITE) && visible(IDC_EXTERNAL_IP) && visible(IDC_EXTERNAL_STATUS), "site and address shown");
    ok(SendMessageW(item(IDC_SITE), CB_GETCOUNT, 0, 0) == 1, "one FTP site listed: %ld",
       (long)SendMessageW(item(IDC_SITE), CB_GETCOUNT, 0, 0));
    got[0] = 0;
    SendMessageW(item(IDC_SITE), CB_GETLBTEXT, 0, (LPARAM)got);
    ok(!wcscmp(got, L"Default FTP Site") && SendMessageW(item(IDC_SITE), CB_GETCURSEL, 0, 0) == 0,
       "the lab's FTP site is selected: %ls", got);
    get_text(IDC_EXTERNAL_IP, got, 1024);
    ok(got[0] == 0 && enabled(IDC_EXTERNAL_IP), "the field shows the site's address now (none): \"%ls\"", got);
    expected(IDS_PG_EXT_NONE, NULL, NULL, NULL, want, 1024);
    get_text(IDC_EXTERNAL_STATUS, got, 1024);
    ok(!wcscmp(got, want), "status \"%ls\"", got);

    ok(visible(IDC_DISABLE_BUILTIN) && enabled(IDC_DISABLE_BUILTIN) &&
       SendMessageW(item(IDC_DISABLE_BUILTIN), BM_GETCHECK, 0, 0) == BST_UNCHECKED,
       "the built-in passive rule's box is shown, on offer, off by default");
    expected(IDS_PG_BUILTIN_EXPLAIN, NULL, NULL, NULL, want, 1024);
    get_text(IDC_BUILTIN_EXPLAIN, got, 1024);
    ok(visible(IDC_BUILTIN_EXPLAIN) && !wcscmp(got, want), "its explanation: \"%ls\"", got);
    screenshot("iis10-options");

    f1_on(IDC_EXTERNAL_IP, IDS_HELP_EXTERNAL, "the external address");
    f1_on(IDC_SITE, IDS_HELP_SITE, "the FTP site list");
    f1_on(IDC_DISABLE_BUILTIN, IDS_HELP_BUILTIN, "the built-in rule box");
    /* The FTPS note is a static (no focus): WM_HELP as a "?" click on it sends it. */
    memset(&hi, 0, sizeof(hi));
    hi.cbSize = sizeof(hi);
    hi.iContextType = HELPINFO_WINDOW;
    hi.iCtrlId = IDC_FTPS_NOTE;
    hi.hItemHandle = item(IDC_FTPS_NOTE);
    {
        HANDLE t = CreateThread(NULL, 0, i10_send_help, &hi, 0, NULL);
        box = wait_box(got, 1024, 10000);
        help = pasv_text_load(IDS_HELP_FTPS);
        if (ok(box != NULL, "help on the FTPS note opens a box")) {
            ok(help && !wcscmp(got, help) && wcsstr(got, L"stateful"),
               "it explains FTPS and stateful filtering, not Direct Metabase Edit: %ls", got);
            PostMessageW(box, WM_COMMAND, IDOK, 0);
            dialog_settles();
        }
        LocalFree(help);
        if (t) {
            WaitForSingleObject(t, 10000);
            CloseHandle(t);
        }
    }
}

typedef struct i10_address {
    const WCHAR *typed;
    UINT msg;
    bool accepted; /* refusals keep Apply off; warnings do not */
} i10_address;

/* Addresses through the core's validator (pasvctl --external-ip's): refused with its specific
 * reason and Apply off, applicationHost.config byte-identical; private and loopback accepted with
 * a warning, as pasvctl does. */
static void dialog_refuses_a_bad_external_address_on_iis10(void)
{
    static WCHAR long_text[10001];
    static const i10_address table[] = {
        {L"300.1.1.1", PASV_MSG_ADDR_OCTET_RANGE, false},
        {L"::1", PASV_MSG_ADDR_NOT_IPV4, false},
        {long_text, PASV_MSG_ADDR_TOO_LONG, false},
        {L"ftp.example.com", PASV_MSG_ADDR_NOT_IPV4, false},
        {L"224.0.0.1", PASV_MSG_ADDR_NOT_HOST, false},
        {L"10.0.0.5", PASV_MSG_ADDR_WARN_PRIVATE, true},
        {L"127.0.0.1", PASV_MSG_ADDR_WARN_LOOPBACK, true},
    };
    WCHAR got[1024], want[1024], *rules_before, *rules_after;
    char *cfg_before, *cfg_after;
    DWORD n1, n2;
    size_t i;

    for (i = 0; i < 10000; i++)
        long_text[i] = L'1';
    cfg_before = lab_apphost_text();
    rules_before = lab_snapshot(LAB_RULES, &n1);
    enter_range(L"5001", L"5201");
    for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
        pasv_addr_result res;
        pasv_ipv4_kind kind;
        char canon[32], *typed8 = malloc(wcslen(table[i].typed) * 3 + 1);
        WCHAR *shown;
        DWORD_PTR args[2];

        set_text(IDC_EXTERNAL_IP, table[i].typed);
        /* The message the page must show: the core's, with the item as the page shortens it. */
        WideCharToMultiByte(CP_UTF8, 0, table[i].typed, -1, typed8, (int)wcslen(table[i].typed) * 3 + 1, NULL, NULL);
        ok(pasv_addr_ipv4_host(typed8, canon, sizeof(canon), &kind, &res) == table[i].accepted
               && res.msg == table[i].msg,
           "%.20ls: the core says %u", table[i].typed, (unsigned)res.msg);
        app_text_fit(table[i].accepted ? canon : typed8, want, 48);
        args[0] = (DWORD_PTR)want;
        args[1] = res.limit;
        shown = pasv_text_format(table[i].msg, args, 2);
        get_text(IDC_EXTERNAL_STATUS, got, 1024);
        ok(shown && !wcscmp(got, shown), "%.20ls: \"%ls\", expected \"%ls\"", table[i].typed, got,
           shown ? shown : L"?");
        LocalFree(shown);
        free(typed8);
        ok(enabled(IDOK) == table[i].accepted, "%.20ls: Apply is %s", table[i].typed, table[i].accepted ? "on" : "off");
        if (i == 0)
            screenshot("iis10-external-refused");
        if (!table[i].accepted) {
            PostMessageW(dlg, WM_COMMAND, MAKEWPARAM(IDOK, BN_CLICKED), (LPARAM)item(IDOK));
            Sleep(300);
            ok(find_confirm_box() == NULL && phase() == PASV_APP_IDLE, "%.20ls: nothing runs", table[i].typed);
        }
    }
    set_text(IDC_EXTERNAL_IP, L"");
    cfg_after = lab_apphost_text();
    rules_after = lab_snapshot(LAB_RULES, &n2);
    ok(!strcmp(cfg_before, cfg_after), "applicationHost.config byte-identical (%u bytes)", (unsigned)strlen(cfg_after));
    ok(!wcscmp(rules_before, rules_after), "FirewallRules as before (%lu values)", (unsigned long)n2);
    free(cfg_before);
    free(cfg_after);
    free(rules_before);
    free(rules_after);
}

/* Apply with an external address and the built-in rule box: the engine (engine7's item kinds)
 * writes the site's externalIp4Address, turns the built-in passive rule off once our rule is in
 * place, and the rows name the Microsoft FTP Service. Asserts the lab's recorded state. */
static void dialog_sets_the_external_address_and_turns_off_the_builtin_rule_on_iis10(void)
{
    static WCHAR builtin_before[2048], builtin[2048];
    WCHAR got[1024];
    char *cfg, elem[512];
    lab_reg_string(LAB_RULES, L"IIS-WebServerRole-FTP-Passive-In-TCP", builtin_before, 2048);
    enter_range(L"5001", L"5201");
    set_text(IDC_EXTERNAL_IP, L"203.0.113.7");
    get_text(IDC_EXTERNAL_STATUS, got, 1024);
    ok(wcsstr(got, L"203.0.113.7") != NULL, "the status says what Apply sets: %ls", got);
    click(IDC_DISABLE_BUILTIN);
    ok(SendMessageW(item(IDC_DISABLE_BUILTIN), BM_GETCHECK, 0, 0) == BST_CHECKED, "the built-in rule box is on");
    screenshot("iis10-external-typed");
    /* The new address is read when FTPSVC starts: the plan restarts it. */
    ok(i10_restart_rows() == 1, "one row restarts the Microsoft FTP Service");
    apply_confirmed();
    if (!wait_phase(PASV_APP_IDLE, 180000))
        return;
    get_text(IDC_SUMMARY, got, 1024);
    ok(!wcsncmp(got, L"All ", 4), "summary \"%ls\"", got);

    cfg = lab_apphost_text();
    i10_site_firewall_support(cfg, "Default FTP Site", elem, sizeof(elem));
    ok(strstr(elem, "externalIp4Address=\"203.0.113.7\"") != NULL,
       "applicationHost.config: Default FTP Site's firewallSupport %s", elem[0] ? elem : "(none)");
    free(cfg);
    lab_reg_string(LAB_RULES, L"IIS-WebServerRole-FTP-Passive-In-TCP", builtin, 2048);
    ok(wcsstr(builtin, L"|Active=FALSE|") != NULL, "the lab firewall stores the built-in passive rule off: %ls",
       builtin);
    {
        WCHAR *active = wcsstr(builtin_before, L"|Active=TRUE|");
        if (active) { /* the value as before with Active=FALSE: only its Enabled changed */
            memmove(active + 14, active + 13, (wcslen(active + 13) + 1) * sizeof(WCHAR));
            memcpy(active, L"|Active=FALSE|", 14 * sizeof(WCHAR));
        }
        ok(active && !wcscmp(builtin, builtin_before), "only its Enabled changed: %ls", builtin);
    }
    get_text(IDC_EXTERNAL_IP, got, 1024);
    ok(!wcscmp(got, L"203.0.113.7"), "after the run the field shows the site's new address: %ls", got);
    screenshot("iis10-external-done");
}

/* The IIS 7+ rows at this DPI (96, or 144 through gui_dpi.sh): every label and box whole, the
 * site list's items, and the wrapped notes with their longest texts (each address message). */
static void dialog_iis10_texts_fit(void)
{
    static const WCHAR *typed[] = {L"::1", L"300.1.1.1", L"10.0.0.5", L"127.0.0.1", L"224.0.0.1", L"203.0.113.7", NULL};
    static WCHAR long_text[10001];
    fit_report r = {0, 0};
    RECT wr;
    size_t i;
    int dpi = dpi_now();
    const char *want = getenv("PASV_GUI_DPI");
    char name[48];

    if (want)
        ok(dpi == atoi(want), "the prefix runs at %s dpi (the dialog sees %d)", want, dpi);
    GetWindowRect(dlg, &wr);
    printf("window %ldx%ld px at %d dpi\n", wr.right - wr.left, wr.bottom - wr.top, dpi);
    if (wr.bottom - wr.top > GetSystemMetrics(SM_CYSCREEN))
        SetWindowPos(dlg, NULL, 0, 0, 0, 0, SWP_NOSIZE | SWP_NOZORDER);
    ok(visible(IDC_SITE) && visible(IDC_DISABLE_BUILTIN) && visible(IDC_FTPS_NOTE), "the IIS 7+ rows are shown");
    EnumChildWindows(dlg, check_fit, (LPARAM)&r);
    ok(r.checked > 30 && r.cut == 0, "labels, buttons and boxes show their whole text: %d checked, %d cut", r.checked,
       r.cut);
    combo_items_fit(IDC_SITE);
    text_fits(IDC_FTPS_NOTE);
    text_fits(IDC_BUILTIN_EXPLAIN);
    text_fits(IDC_EXTERNAL_STATUS);
    snprintf(name, sizeof(name), "iis10-opened-%ddpi", dpi);
    screenshot(name);
    for (i = 0; i < 10000; i++)
        long_text[i] = L'1';
    for (i = 0; typed[i]; i++) {
        set_text(IDC_EXTERNAL_IP, typed[i]);
        text_fits(IDC_EXTERNAL_STATUS);
        if (i == 0) {
            snprintf(name, sizeof(name), "iis10-external-refused-%ddpi", dpi);
            screenshot(name);
        }
    }
    set_text(IDC_EXTERNAL_IP, long_text);
    text_fits(IDC_EXTERNAL_STATUS);
    set_text(IDC_EXTERNAL_IP, L"");
}
