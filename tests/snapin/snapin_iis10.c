/* pasvports tests: the snap-in in an IIS 10 lab (tests/lab/provision.sh --iis10): the description
 * bar names the IIS 7+ server, the rules firewall and, while no range is set, the machine's dynamic
 * range; the result pane has pasvctl audit --json's rows,
 * the range page has IIS 7+'s limits (1025-65535) and its FTPS note, 1024 is refused on the page
 * and Apply with it changes nothing, and 5001-5201 applied through MMC's property sheet ends in
 * applicationHost.config's firewallSupport and one rule of ours in the lab's FirewallRules (the
 * lab's recorded state, not an S_OK). Only the range page's controls are used: the options page is
 * the dialog's and may grow.
 * Included by test_snapin.c (its helpers are static there); run as `test_snapin DLL CTL iis10`.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "machine.h"
#include "resource_iis7.h"

#define I10_BUILTIN_PASSIVE L"IIS-WebServerRole-FTP-Passive-In-TCP"

/* The lab's FTPSVC runs before the console opens, as on a server with the FTP role. */
static void i10_start_ftpsvc(void)
{
    ok(lab_start_ftpsvc(), "the IIS 10 lab has an FTPSVC service (error %lu)", GetLastError());
}

/* A string of the snap-in DLL's table, formatted like pasv_text_format (%1.. inserts). */
static void i10_text(UINT id, const WCHAR *a1, const WCHAR *a2, const WCHAR *a3, WCHAR *out, DWORD cap)
{
    WCHAR fmt[1024];
    DWORD_PTR args[3] = {(DWORD_PTR)a1, (DWORD_PTR)a2, (DWORD_PTR)a3};

    out[0] = 0;
    if (LoadStringW(snap_dll, id, fmt, 1024) > 0)
        FormatMessageW(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_ARGUMENT_ARRAY, fmt, 0, 0, out, cap,
                       (va_list *)args);
}

/* The range page shows the worker's snapshot once the IIS 7+ FTPS note replaces the template's
 * text (an enabled edit box alone comes before the snapshot). */
static WCHAR i10_note[1024];

static bool i10_snapshot_shown(void)
{
    WCHAR got[1024];
    HWND note = page_control(0, IDC_FTPS_NOTE);
    /* The note starts with the FTPS sentence; the stateful filter's and TLS sentences follow. */
    return note && GetWindowTextW(note, got, 1024) && !wcsncmp(got, i10_note, wcslen(i10_note));
}

/* Rows of pasvctl audit --json on the lab (-1 when it did not run). */
static int i10_pasvctl_rows(void)
{
    static char out[4096];
    WCHAR cmd[2 * MAX_PATH + 64], file[MAX_PATH];
    char line[1024];
    DWORD code;
    FILE *f;
    int rows = 0;

    GetTempPathW(MAX_PATH, file);
    wcscat(file, L"snapin-audit10.json");
    DeleteFileW(file);
    swprintf(cmd, 2 * MAX_PATH + 64, L"\"%ls\" audit --json --out \"%ls\"", ctl_path, file);
    code = test_run_capture(cmd, out, sizeof(out), 120000);
    trace("pasvctl audit --json -> %lu: %s", code, out);
    if ((code != 0 && code != 1) || !(f = _wfopen(file, L"r")))
        return -1;
    while (fgets(line, sizeof(line), f))
        rows += strstr(line, "{\"port\":") != NULL;
    fclose(f);
    return rows;
}

/* What the console shows before anything is changed: the server, the rules firewall, the range
 * IIS uses when none is set, every row equal to pasvctl's. */
static void i10_check_view(IComponent *comp)
{
    WCHAR server[256], fw[256], not_set[256], want[300], dyn[PASV_RANGE_TEXT_MAX];
    char dyn8[PASV_RANGE_TEXT_MAX];
    pasv_env env;
    pasv_range dr;
    int rows;

    /* The lab's InetStp values say IIS 10.0, as a real IIS 10 setup writes them. */
    wcscpy(server, L"IIS 10.0 - Microsoft FTP Service");
    i10_text(IDS_ENV_FW_RULES, NULL, NULL, NULL, fw, 256);
    ok(server[0] && wcsstr(view_console.desc, server) != NULL, "the description bar names the IIS 7+ server "
       "(\"%ls\"): \"%ls\"", server, view_console.desc);
    ok(fw[0] && wcsstr(view_console.desc, fw) != NULL, "the description bar names the rules firewall (\"%ls\")", fw);
    pasv_env_detect(&env);
    dr = pasv_machine_dynamic_range(&env, NULL);
    pasv_range_format(&dr, dyn8, sizeof(dyn8));
    MultiByteToWideChar(CP_UTF8, 0, dyn8, -1, dyn, PASV_RANGE_TEXT_MAX);
    i10_text(IDS_I7_DLG_RANGE_NOT_SET, dyn, NULL, NULL, not_set, 256);
    swprintf(want, 300, L"passive range %ls - ", not_set);
    ok(not_set[0] && wcsstr(view_console.desc, want) != NULL, "no range is set in applicationHost.config, and the "
       "bar names the machine's dynamic range FTPSVC then uses (\"%ls\"): \"%ls\"", want, view_console.desc);
    rows = i10_pasvctl_rows();
    ok(rows >= 0 && view_console.item_count == rows, "the view has as many rows as pasvctl audit --json (%d, %d)",
       view_console.item_count, rows);
    draw_pane(comp, "snapin-iis10-result-pane-default");
}

/* 1024 typed: the page says why with IIS 7+'s limits; Apply with it changes nothing and asks
 * nothing (applicationHost.config byte-identical, FirewallRules as before, no view updated). */
static void i10_check_refused(void)
{
    WCHAR want[1024], status[512], *rules_before, *rules_after;
    char *cfg_before = lab_apphost_text(), *cfg_after;
    DWORD n1, n2;

    rules_before = lab_snapshot(LAB_RULES, &n1);
    SetWindowTextW(page_control(0, IDC_RANGE_LOW), L"1024");
    SetWindowTextW(page_control(0, IDC_RANGE_HIGH), L"5201");
    pump(200);
    i10_text(PASV_MSG_RANGE_BELOW_MIN, L"1024-5201", L"1025", L"65535", want, 1024);
    GetWindowTextW(page_control(0, IDC_RANGE_STATUS), status, 512);
    ok(want[0] && !wcscmp(status, want), "1024-5201: the page says \"%ls\" (wanted \"%ls\")", status, want);
    screenshot_window(world.sheet, "snapin-iis10-refused-1024");
    world.log[0] = 0;
    PropSheet_Apply(world.sheet);
    pump(500);
    cfg_after = lab_apphost_text();
    rules_after = lab_snapshot(LAB_RULES, &n2);
    ok(cfg_before[0] && !strcmp(cfg_before, cfg_after), "Apply with 1024: applicationHost.config byte-identical "
       "(%u bytes)", (unsigned)strlen(cfg_after));
    ok(!wcscmp(rules_before, rules_after), "Apply with 1024: FirewallRules as before (%lu values)", (unsigned long)n2);
    ok(!views_updated(), "Apply with 1024 asked nothing and refreshed nothing: %s", world.log);
    free(cfg_before);
    free(cfg_after);
    free(rules_before);
    free(rules_after);
}

/* 5001-5201 applied: the range FTPSVC reads, one rule of ours for it, the built-in rule as it was. */
static void i10_check_applied(IComponent *comp)
{
    static WCHAR builtin_before[2048], builtin_after[2048];
    WCHAR *rules_before, *rules_after;
    char *cfg, elem[256];
    question q;
    HANDLE thread;
    DWORD n1, n2;

    rules_before = lab_snapshot(LAB_RULES, &n1);
    lab_reg_string(LAB_RULES, I10_BUILTIN_PASSIVE, builtin_before, 2048);
    SetWindowTextW(page_control(0, IDC_RANGE_LOW), L"5001");
    SetWindowTextW(page_control(0, IDC_RANGE_HIGH), L"5201");
    pump(200);
    memset(&q, 0, sizeof(q));
    thread = CreateThread(NULL, 0, answer_yes, &q, 0, NULL);
    world.log[0] = 0;
    PropSheet_Apply(world.sheet);
    WaitForSingleObject(thread, 30000);
    CloseHandle(thread);
    if (!ok(q.answered, "Apply asked the dialog's question and was answered Yes: \"%ls\"", q.text)) {
        WCHAR said[1024] = L"";
        HWND summary = page_control(2, IDC_SUMMARY);
        if (summary)
            GetWindowTextW(summary, said, 1024);
        trace("Apply asked nothing; the Changes page says \"%ls\"", said);
    }
    ok(q.answered && wait_for(views_updated, 180000), "the run ended and the console refreshed every view: %s",
       world.log);
    screenshot_window(world.sheet, "snapin-iis10-page-progress-done");

    cfg = lab_apphost_text();
    lab_apphost_firewall_support(cfg, elem, sizeof(elem));
    ok(strstr(elem, "lowDataChannelPort=\"5001\"") && strstr(elem, "highDataChannelPort=\"5201\""),
       "applicationHost.config's firewallSupport: %s", elem);
    free(cfg);
    rules_after = lab_snapshot(LAB_RULES, &n2);
    ok(n2 == n1 + 1, "one rule added to FirewallRules: %lu -> %lu values", (unsigned long)n1, (unsigned long)n2);
    ok(lab_lines_with(rules_after, L"|LPort=5001-5201|") + lab_lines_with(rules_after, L"|LPort2_10=5001-5201|") == 1,
       "one rule for 5001-5201 in FirewallRules");
    lab_reg_string(LAB_RULES, I10_BUILTIN_PASSIVE, builtin_after, 2048);
    ok(builtin_before[0] && !wcscmp(builtin_before, builtin_after), "the built-in FTP passive rule is as it was: %ls",
       builtin_after);
    ok(wcsstr(view_console.desc, L"passive range 5001-5201") != NULL &&
       !wcsstr(view_console.desc, L"(the server's default)"), "the view shows the new range: \"%ls\"",
       view_console.desc);
    compare_with_pasvctl(comp, "IIS 10, after Apply in the property sheet");
    free(rules_before);
    free(rules_after);
}

/* MMC's sheet from "Change passive port range...": the IIS 7+ range page, refused input, Apply. */
static void i10_check_sheet(IComponent *comp, IComponentData *cd)
{
    IExtendContextMenu *menu = NULL;
    IDataObject *scope = NULL;
    WCHAR got[1024];
    bool shown;
    LRESULT lo = 0, hi = 0;
    HRESULT hr;

    IComponentData_QueryDataObject(cd, 0, CCT_SCOPE, &scope);
    IComponent_QueryInterface(comp, &IID_IExtendContextMenu, (void **)&menu);
    world.log[0] = 0;
    hr = menu ? IExtendContextMenu_Command(menu, SNAP_CMD_CHANGE_RANGE, scope) : E_NOINTERFACE;
    ok(hr == S_OK && world.sheet && IsWindow(world.sheet), "Change passive port range... opened MMC's sheet "
       "(0x%08lx, %d pages): %s", (unsigned long)hr, world.sheet_pages.count, world.log);
    if (!world.sheet)
        goto cleanup;
    PropSheet_SetCurSel(world.sheet, NULL, 0);
    i10_text(IDS_I7_FTPS_NOTE, NULL, NULL, NULL, i10_note, 1024);
    shown = i10_note[0] && wait_for(i10_snapshot_shown, 120000);
    GetWindowTextW(page_control(0, IDC_FTPS_NOTE), got, 1024);
    ok(shown, "the range page got the configuration from the worker and has the IIS 7+ FTPS note: \"%ls\"", got);
    ok(!IsWindowVisible(page_control(0, IDC_EDIT_WHILE_RUNNING)), "no Direct Metabase Edit box on IIS 7+");
    SendMessageW(page_control(0, IDC_RANGE_LOW_SPIN), UDM_GETRANGE32, (WPARAM)&lo, (LPARAM)&hi);
    ok(lo == 1025 && hi == 65535, "the range page's spin buttons go 1025-65535 (IIS 7+): %ld-%ld", (long)lo, (long)hi);
    screenshot_window(world.sheet, "snapin-iis10-page-range");
    /* Only the range page has been shown, as an admin who types a range and presses Apply does.
     * Under Wine a page is made only when first shown although pages.c asks PSP_PREMATURE; Apply
     * used to return quietly then (no question, no change). The checks below apply from here. */
    pump(200);
    i10_check_refused();
    i10_check_applied(comp);
    PropSheet_PressButton(world.sheet, PSBTN_CANCEL);
    pump(500);
    if (IsWindow(world.sheet))
        DestroyWindow(world.sheet);
    pump(500);
    world.sheet = NULL;
    draw_pane(comp, "snapin-iis10-result-pane-applied");

cleanup:
    if (menu)
        IExtendContextMenu_Release(menu);
    if (scope)
        IDataObject_Release(scope);
}

/* MMC's sequence in the IIS 10 lab, every reference given back at the end. */
static void step_console_sequence_iis10(void)
{
    IComponentData *cd = NULL;
    IComponent *comp = NULL;
    HSCOPEITEM root;
    HRESULT hr;
    ULONG refs;

    i10_start_ftpsvc();
    fake_console_init(&cd_console, &world);
    fake_console_init(&view_console, &world);
    hr = CoCreateInstance(&CLSID_PasvSnapin, NULL, CLSCTX_INPROC_SERVER, &IID_IComponentData, (void **)&cd);
    if (!ok(hr == S_OK && cd, "CoCreateInstance(the registered CLSID, IComponentData) 0x%08lx", (unsigned long)hr))
        return;
    snap_dll = GetModuleHandleW(L"pasvsnap.dll");
    world.data = cd;
    root = open_snapin(cd);
    if (root && (comp = open_view(cd, root)) != NULL) {
        i10_check_view(comp);
        i10_check_sheet(comp, cd);
        drawn = NULL;
        hr = IComponent_Notify(comp, NULL, MMCN_SHOW, FALSE, (LPARAM)root);
        ok(hr == S_OK, "MMCN_SHOW(FALSE) 0x%08lx", (unsigned long)hr);
        hr = IComponent_Destroy(comp, 0);
        ok(hr == S_OK, "IComponent::Destroy 0x%08lx", (unsigned long)hr);
        world.view_count = 0;
        refs = IComponent_Release(comp);
        ok(refs == 0, "the component is gone after MMC's Release (%lu left)", refs);
    }
    hr = IComponentData_Destroy(cd);
    ok(hr == S_OK, "IComponentData::Destroy 0x%08lx", (unsigned long)hr);
    refs = IComponentData_Release(cd);
    ok(refs == 0, "the component data is gone after MMC's Release (%lu left)", refs);
    ok(cd_console.refs == 1 && view_console.refs == 1, "every console reference was released (%ld, %ld)",
       (long)cd_console.refs, (long)view_console.refs);
    ok(world.unexpected == 0, "the snap-in made no call a snap-in of its kind should not make: %s", world.log);
    ok(can_unload() == S_OK, "DllCanUnloadNow is S_OK once every object is released");
    if (images.state_small)
        DeleteObject(images.state_small);
    images.state_small = NULL;
}
