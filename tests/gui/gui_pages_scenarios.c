/* pasvports tests: the dialog after its split into pages (issue 12): Refresh/F5 shows a change
 * made outside the dialog, the status lines say "Refreshing..." until the snapshot after a run,
 * "find port" selects the row in a large audit, F1 explains the focused control, the window
 * fits a 768-pixel-high screen and no text is cut (at the DPI the prefix is set to).
 * Included by test_gui_driver.c (it shares the driver's helpers: dlg, item, click, press_key,
 * wait_box, pf_service_set, screenshot).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */

/* F5 on the focused control of the dialog's thread, as the keyboard delivers it. */
static void press_vk(UINT vk)
{
    GUITHREADINFO gti;
    HWND target;

    memset(&gti, 0, sizeof(gti));
    gti.cbSize = sizeof(gti);
    GetGUIThreadInfo(main_tid, &gti);
    target = gti.hwndFocus ? gti.hwndFocus : dlg;
    PostMessageW(target, WM_KEYDOWN, vk, 1);
    PostMessageW(target, WM_KEYUP, vk, (LPARAM)(1u | (3u << 30)));
}

static void dialog_f5_shows_the_ftp_service_stopped_outside(void)
{
    WCHAR before[512], after[512], *stopped = pasv_text_load(IDS_SVC_STOPPED), *running = pasv_text_load(IDS_SVC_RUNNING);

    get_text(IDC_SERVER_TEXT, before, 512);
    ok(running && wcsstr(before, running) != NULL, "the FTP service runs when the dialog opens: %ls", before);
    /* An administrator stops it in Services while the dialog is open. */
    pf_service_set(false, SERVICE_DEMAND_START);
    Sleep(300);
    get_text(IDC_SERVER_TEXT, after, 512);
    ok(!wcscmp(before, after), "without a refresh the dialog still shows what it read: %ls", after);
    press_vk(VK_F5);
    /* The key is posted: wait until the line shows what the refresh read (not the old text,
     * not "Refreshing..."), then for the dialog to be idle again. */
    {
        WCHAR *refreshing = pasv_text_load(IDS_REFRESHING);
        DWORD start = GetTickCount();
        do {
            Sleep(50);
            get_text(IDC_SERVER_TEXT, after, 512);
        } while ((!wcscmp(after, before) || (refreshing && !wcscmp(after, refreshing))) && GetTickCount() - start < 60000);
        LocalFree(refreshing);
    }
    wait_phase(PASV_APP_IDLE, 60000);
    get_text(IDC_SERVER_TEXT, after, 512);
    ok(stopped && wcsstr(after, stopped) != NULL, "after F5 the status line says the service is %ls: %ls",
       stopped ? stopped : L"?", after);
    screenshot("refreshed-stopped");
    /* The Refresh button does the same: started again outside, clicked. */
    pf_service_set(true, SERVICE_DEMAND_START);
    click(IDC_REFRESH);
    wait_phase(PASV_APP_IDLE, 60000);
    get_text(IDC_SERVER_TEXT, after, 512);
    ok(running && wcsstr(after, running) != NULL, "after Refresh the status line says running again: %ls", after);
    LocalFree(stopped);
    LocalFree(running);
}

/* Between the end of a run and the snapshot after it, the status lines say "Refreshing...",
 * never the range from before the run; once it arrives, the new range. */
static void dialog_status_lines_follow_a_run(void)
{
    WCHAR text[512], old_range[512], summary[1024], *refreshing = pasv_text_load(IDS_REFRESHING);
    WCHAR *applying = pasv_text_load(IDS_APPLYING);
    int polls_after_done = 0, stale_after_done = 0, refreshing_seen = 0;
    DWORD start = GetTickCount();
    HWND box;

    get_text(IDC_CURRENT_RANGE, old_range, 512);
    ok(wcscmp(old_range, L"7601-7610") != 0, "the range is not 7601-7610 before the run: %ls", old_range);
    enter_range(L"7601", L"7610");
    PostMessageW(dlg, WM_COMMAND, MAKEWPARAM(IDOK, BN_CLICKED), (LPARAM)item(IDOK));
    box = wait_box(text, 512, 10000);
    if (!ok(box != NULL, "Apply asks first"))
        return;
    PostMessageW(box, WM_COMMAND, IDYES, 0);
    wait_phase(PASV_APP_RUNNING, 10000);
    /* Until the snapshot after the run arrives the dialog reports RUNNING. Once the summary
     * says how the run ended, the status lines must not show the range from before it. */
    while (phase() != PASV_APP_IDLE && GetTickCount() - start < 120000) {
        get_text(IDC_SUMMARY, summary, 1024);
        get_text(IDC_CURRENT_RANGE, text, 512);
        if (summary[0] && applying && wcscmp(summary, applying) != 0 && phase() != PASV_APP_IDLE) {
            polls_after_done++;
            if (!wcscmp(text, old_range))
                stale_after_done++;
            if (refreshing && !wcscmp(text, refreshing))
                refreshing_seen++;
        }
        Sleep(5);
    }
    get_text(IDC_CURRENT_RANGE, text, 512);
    ok(!wcscmp(text, L"7601-7610"), "after the run the status line shows the new range: %ls", text);
    ok(stale_after_done == 0, "between the end of the run and the snapshot the old range was never shown (%d of %d polls; "
       "\"Refreshing...\" in %d)", stale_after_done, polls_after_done, refreshing_seen);
    LocalFree(refreshing);
    LocalFree(applying);
}

/* The range set as an administrator would in IIS Manager, nothing else: the audit lists every
 * port of the range, open or missing, so it is as large without opening thousands of ports
 * first (pasvctl apply 5001-9000 took most of this scenario's two minutes). */
static void pg_set_range_by_hand(uint16_t low, uint16_t high)
{
    HRESULT co = CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);
    pasv_session *s = NULL;
    pasv_range r;
    pasv_hr hr = PASV_E_FAIL;

    r.low = low;
    r.high = high;
    if (SUCCEEDED(pasv_session_open(NULL, &s)) && s->config && s->config->vt->set_range)
        hr = s->config->vt->set_range(s->config, &r);
    ok(PASV_SUCCEEDED(hr), "range %u-%u set in the metabase: 0x%08lx", (unsigned)low, (unsigned)high,
       (unsigned long)hr);
    pasv_session_close(s);
    if (SUCCEEDED(co))
        CoUninitialize();
}

static void dialog_finds_a_port_in_a_large_audit(void)
{
    WCHAR text[512], port[16];
    int row, count;
    unsigned want;

    click(IDC_VIEW_AUDIT);
    count = list_count(IDC_AUDIT_LIST);
    ok(count >= 4000, "the audit is large: %d rows (5001-9000 set before the dialog opened)", count);
    /* Ctrl+F from the range editor, typed (GetKeyState sees Ctrl only in real input): the find
     * field of the audit gets the focus. */
    click(IDC_VIEW_CHANGES);
    SetForegroundWindow(dlg);
    SendMessageW(dlg, WM_NEXTDLGCTL, (WPARAM)item(IDC_RANGE_LOW), TRUE);
    dialog_settles();
    keybd_event(VK_CONTROL, 0, 0, 0);
    keybd_event('F', 0, 0, 0);
    keybd_event('F', 0, KEYEVENTF_KEYUP, 0);
    keybd_event(VK_CONTROL, 0, KEYEVENTF_KEYUP, 0);
    dialog_settles();
    ok(visible(IDC_AUDIT_LIST), "Ctrl+F shows the audit");
    ok(focused_id() == IDC_FIND_PORT, "Ctrl+F puts the focus in the find field (focus on %d)", focused_id());
    list_text(IDC_AUDIT_LIST, count - 7, 0, port, 16);
    want = (unsigned)wcstoul(port, NULL, 10);
    set_text(IDC_FIND_PORT, port);
    press_vk(VK_RETURN);
    dialog_settles();
    row = (int)SendMessageW(item(IDC_AUDIT_LIST), LVM_GETNEXTITEM, (WPARAM)-1, LVNI_SELECTED);
    list_text(IDC_AUDIT_LIST, row, 0, text, 512);
    ok(row == count - 7 && wcstoul(text, NULL, 10) == want, "Enter in the find field selects port %u's row %d (selected %d: %ls)",
       want, count - 7, row, text);
    {
        int top = (int)SendMessageW(item(IDC_AUDIT_LIST), LVM_GETTOPINDEX, 0, 0);
        int per_page = (int)SendMessageW(item(IDC_AUDIT_LIST), LVM_GETCOUNTPERPAGE, 0, 0);
        ok(row >= top && row < top + per_page, "the row is scrolled into view: rows %d-%d shown", top, top + per_page - 1);
    }
    get_text(IDC_AUDIT_STATUS, text, 512);
    ok(wcsstr(text, port) != NULL, "the page says where the port is: %ls", text);
    screenshot("audit-found");
    /* A port the audit does not list: said so, nothing selected changes to a wrong row. */
    set_text(IDC_FIND_PORT, L"21");
    click(IDC_FIND);
    get_text(IDC_AUDIT_STATUS, text, 512);
    ok(wcsstr(text, L"21") && wcsstr(text, L"not in the audit"), "a port outside the audit is reported: %ls", text);
    click(IDC_VIEW_CHANGES);
}

/* Whether the help box for F1 on control id shows that control's string. */
static void f1_on(int id, UINT help_id, const char *what)
{
    WCHAR text[2048], *want = pasv_text_load(help_id);
    HWND box;

    SendMessageW(dlg, WM_NEXTDLGCTL, (WPARAM)item(id), TRUE);
    ok(focused_id() == id, "%s has the focus (%d)", what, focused_id());
    press_vk(VK_F1);
    box = wait_box(text, 2048, 10000);
    if (ok(box != NULL, "F1 on %s opens a help box", what)) {
        WCHAR title[64] = L"";
        GetWindowTextW(box, title, 64);
        ok(want && !wcscmp(text, want), "F1 on %s explains it: %ls", what, text);
        ok(!wcscmp(title, L"What is this?"), "the box is titled \"What is this?\": %ls", title);
        if (id == IDC_RANGE_LOW)
            screenshot_window(box, "help-f1");
        PostMessageW(box, WM_COMMAND, IDOK, 0);
        dialog_settles();
    }
    LocalFree(want);
}

static void dialog_f1_explains_the_focused_control(void)
{
    WCHAR text[4096];
    HWND box;

    f1_on(IDC_RANGE_LOW, IDS_HELP_RANGE, "the first port (range page)");
    f1_on(IDC_REMOVE_STALE, IDS_HELP_STALE, "Remove stale exceptions (options page)");
    f1_on(IDC_HELP_BUTTON, IDS_HELP_HELP, "Help (the dialog's own button, always enabled)");
    /* The Help button answers a junior admin's questions. */
    click(IDC_VIEW_CHANGES);
    PostMessageW(dlg, WM_COMMAND, MAKEWPARAM(IDC_HELP_BUTTON, BN_CLICKED), (LPARAM)item(IDC_HELP_BUTTON));
    box = wait_box(text, 4096, 10000);
    if (ok(box != NULL, "Help opens a box")) {
        ok(wcsstr(text, L"port 21") && wcsstr(text, L"NAT") && wcsstr(text, L"changes.log") && wcsstr(text, L"backs up")
               && wcsstr(text, L"simultaneous transfer") && wcsstr(text, L"F1"),
           "help covers port 21, NAT, sizing, the log, the backup and F1: %ls", text);
        screenshot_window(box, "help");
        PostMessageW(box, WM_COMMAND, IDOK, 0);
        dialog_settles();
    }
}

/* ---- texts that fit ---- */

static int dpi_now(void)
{
    HDC dc = GetDC(dlg);
    int dpi = GetDeviceCaps(dc, LOGPIXELSY);
    ReleaseDC(dlg, dc);
    return dpi;
}

/* The width text needs in ctl's font (mnemonic ampersands removed). */
static int text_width(HWND ctl, const WCHAR *text)
{
    HDC dc = GetDC(ctl);
    HGDIOBJ old = SelectObject(dc, (HFONT)SendMessageW(ctl, WM_GETFONT, 0, 0));
    WCHAR clean[1024];
    SIZE ext = {0, 0};
    int n = 0;

    for (; *text && n < 1023; text++)
        if (*text != L'&' || text[1] == L'&')
            clean[n++] = *text;
    clean[n] = 0;
    GetTextExtentPoint32W(dc, clean, n, &ext);
    SelectObject(dc, old);
    ReleaseDC(ctl, dc);
    return ext.cx;
}

typedef struct fit_report {
    int checked, cut;
} fit_report;

/* Labels, buttons, check boxes and radio buttons: one line, whole. Multi-line statics are
 * checked by text_fits(); status lines with an ellipsis get a tooltip instead (checked below). */
static BOOL CALLBACK check_fit(HWND ctl, LPARAM lparam)
{
    fit_report *r = (fit_report *)lparam;
    WCHAR cls[32], text[1024];
    LONG style = (LONG)GetWindowLongPtrW(ctl, GWL_STYLE);
    RECT rc;
    int need, have;

    GetClassNameW(ctl, cls, 32);
    GetWindowTextW(ctl, text, 1024);
    GetClientRect(ctl, &rc);
    have = rc.right;
    if (!text[0])
        return TRUE;
    if (!_wcsicmp(cls, L"Button")) {
        LONG type = style & BS_TYPEMASK;
        if (type == BS_GROUPBOX)
            return TRUE;
        need = text_width(ctl, text);
        if (type == BS_AUTOCHECKBOX || type == BS_CHECKBOX || type == BS_AUTORADIOBUTTON || type == BS_RADIOBUTTON)
            need += GetSystemMetrics(SM_CXMENUCHECK) + 4;
        else
            need += 2 * GetSystemMetrics(SM_CXEDGE) + 4;
    } else if (!_wcsicmp(cls, L"Static")) {
        TEXTMETRICW tm;
        HDC dc = GetDC(ctl);
        HGDIOBJ old = SelectObject(dc, (HFONT)SendMessageW(ctl, WM_GETFONT, 0, 0));
        GetTextMetricsW(dc, &tm);
        SelectObject(dc, old);
        ReleaseDC(ctl, dc);
        if ((style & SS_ENDELLIPSIS) || rc.bottom >= 2 * tm.tmHeight)
            return TRUE; /* the status lines (tooltips) and wrapped texts (text_fits) */
        need = text_width(ctl, text);
    } else {
        return TRUE;
    }
    r->checked++;
    if (need > have) {
        r->cut++;
        printf("cut at %d dpi: \"%ls\" needs %d px, has %d\n", dpi_now(), text, need, have);
    }
    return TRUE;
}

static void combo_items_fit(int id)
{
    HWND combo = item(id);
    int i, n = (int)SendMessageW(combo, CB_GETCOUNT, 0, 0), widest = 0, have;
    RECT rc;
    WCHAR text[256];

    for (i = 0; i < n; i++) {
        int w;
        SendMessageW(combo, CB_GETLBTEXT, (WPARAM)i, (LPARAM)text);
        w = text_width(combo, text);
        if (w > widest)
            widest = w;
    }
    GetClientRect(combo, &rc);
    have = rc.right - GetSystemMetrics(SM_CXVSCROLL) - 2 * GetSystemMetrics(SM_CXEDGE);
    ok(n > 0 && widest <= have, "the %d items of combo %d fit: widest %d px, room %d px", n, id, widest, have);
}

static void dialog_texts_fit(void)
{
    static const int wrapped[] = {IDC_RANGE_STATUS, IDC_EDIT_EXPLAIN, IDC_MODE_NOTE, IDC_PLAN_TEXT, IDC_SUMMARY};
    fit_report r = {0, 0};
    RECT wr, work;
    size_t i;
    int dpi = dpi_now();
    const char *want = getenv("PASV_GUI_DPI");
    char name[32];

    printf("dialog at %d dpi\n", dpi);
    if (want)
        ok(dpi == atoi(want), "the prefix runs at %s dpi (the dialog sees %d)", want, dpi);
    GetWindowRect(dlg, &wr);
    SystemParametersInfoW(SPI_GETWORKAREA, 0, &work, 0);
    printf("window %ldx%ld px at %d dpi, work area %ld px high\n", wr.right - wr.left, wr.bottom - wr.top, dpi,
           work.bottom - work.top);
    if (dpi == 96)
        ok(wr.bottom - wr.top <= 768, "the window fits a 768-pixel-high screen at 96 dpi: %ld px high",
           wr.bottom - wr.top);
    /* At 144 dpi the template is taller than the lab's 900-pixel screen: the lists give up
     * height so that the whole window is on the screen, and nothing below is cut. */
    ok(wr.top >= work.top && wr.bottom <= work.bottom, "the window is inside the work area at %d dpi: %ld-%ld in %ld-%ld",
       dpi, wr.top, wr.bottom, work.top, work.bottom);
    click(IDC_VIEW_AUDIT);
    EnumChildWindows(dlg, check_fit, (LPARAM)&r);
    ok(r.checked > 30 && r.cut == 0, "labels, buttons and boxes show their whole text: %d checked, %d cut", r.checked, r.cut);
    combo_items_fit(IDC_FILTER);
    combo_items_fit(IDC_SCOPE);
    for (i = 0; i < sizeof(wrapped) / sizeof(wrapped[0]); i++)
        text_fits(wrapped[i]);
    snprintf(name, sizeof(name), "audit-%ddpi", dpi);
    screenshot(name);
    click(IDC_VIEW_CHANGES);
    snprintf(name, sizeof(name), "opened-%ddpi", dpi);
    screenshot(name);
    /* A status line too long for its width has a tooltip with the whole text. */
    {
        WCHAR line[1024], tip[1024];
        static const int lines[] = {IDC_SERVER_TEXT, IDC_CURRENT_RANGE, IDC_FIREWALL_TEXT, IDC_AUDIT_TEXT};
        for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
            int id = lines[i];
            HWND ctl = item(id);
            RECT rc;
            GetWindowTextW(ctl, line, 1024);
            GetClientRect(ctl, &rc);
            tip_text(id, tip, 1024);
            if (text_width(ctl, line) > rc.right)
                ok(!wcscmp(tip, line), "status line %d is cut, its tooltip has it whole: %ls", id, tip);
            else
                ok(tip[0] == 0, "status line %d fits and has no tooltip (%ls)", id, line);
        }
    }
}
