/* pasvports GUI scenarios (included by test_gui_driver.c): one source of truth for a run (issue 12):
 * the counter and the bar say what the engine did, after Stop and while rolling back, and a
 * rollback that could not undo everything can be run again until the lab is as before.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */

/* "X of Y done - Z failed" (or "... undone - ...") read back from the counter. */
static bool read_counts(unsigned *x, unsigned *y, unsigned *z, WCHAR *got, int cap)
{
    WCHAR *end;

    get_text(IDC_COUNTS, got, cap);
    *x = (unsigned)wcstoul(got, &end, 10);
    if (wcsncmp(end, L" of ", 4))
        return false;
    *y = (unsigned)wcstoul(end + 4, &end, 10);
    end = wcsstr(end, L" - ");
    *z = end ? (unsigned)wcstoul(end + 3, NULL, 10) : 0;
    return end != NULL;
}

static unsigned rows_saying(const WCHAR *result)
{
    WCHAR got[128];
    int i, n = list_count(IDC_CHANGES_LIST);
    unsigned count = 0;

    for (i = 0; i < n; i++) {
        list_text(IDC_CHANGES_LIST, i, 2, got, 128);
        count += !wcscmp(got, result);
    }
    return count;
}

/* ---- finding 7: the change log records outcomes, and the admin's choice when it is made ---- */

/* key's value in line ("" when absent): after a tab or a space, up to the next one. */
static void line_field(const char *line, const char *key, char *val, size_t cap)
{
    const char *p;
    size_t klen = strlen(key), n = 0;

    val[0] = 0;
    for (p = line; *p; p++) {
        if ((p == line || p[-1] == '\t' || p[-1] == ' ') && !strncmp(p, key, klen) && p[klen] == '=') {
            p += klen + 1;
            while (p[n] && p[n] != '\t' && p[n] != ' ' && p[n] != '\r' && p[n] != '\n' && n + 1 < cap) {
                val[n] = p[n];
                n++;
            }
            val[n] = 0;
            return;
        }
    }
}

static unsigned log_lines(const char *log)
{
    unsigned n = 0;
    for (; *log; log++)
        n += *log == '\n';
    return n;
}

/* The last line of changes.log (a copy, "" when none) once it has more than lines_before lines,
 * waiting up to ms for the worker to write it. */
static char *wait_new_line(unsigned lines_before, DWORD ms)
{
    DWORD start = GetTickCount();
    char *log = read_secure_file(L"changes.log");

    while (log_lines(log) <= lines_before && GetTickCount() - start < ms) {
        free(log);
        Sleep(100);
        log = read_secure_file(L"changes.log");
    }
    {
        char *last = last_trail_line(log), *copy = _strdup(last);
        free(log);
        return copy ? copy : calloc(1, 1);
    }
}

/* One line against the lab: result= is want, opened= is the number of our exceptions this step
 * added to the lab in low..high (~0u: not compared), failed= the number of ports of low..high the lab lacks, after=
 * the range the metabase holds, and the command is the dialog's. */
static void check_dialog_line(const char *line, const char *command, const char *want, unsigned opened_by_step,
                              unsigned low, unsigned high)
{
    char result[48], opened[16], failed[16], after[48], range[PASV_RANGE_TEXT_MAX];
    WCHAR *std = lab_snapshot(LAB_LIST_STANDARD, &(DWORD){0});
    unsigned missing = (high - low + 1) - lab_count_ours(std, low, high);
    int edit;

    test_read_range(range, sizeof(range), "", &edit);
    line_field(line, "result", result, sizeof(result));
    line_field(line, "opened", opened, sizeof(opened));
    line_field(line, "failed", failed, sizeof(failed));
    line_field(line, "after", after, sizeof(after));
    ok(strstr(line, command) != NULL, "the line is %s's: %s", command, line);
    ok(!strcmp(result, want), "%s: result=%s, expected %s", command, result, want);
    if (opened_by_step != ~0u)
        ok((unsigned)atoi(opened) == opened_by_step, "%s: opened=%s, the lab holds %u more of ours", command, opened,
           opened_by_step);
    ok((unsigned)atoi(failed) == missing, "%s: failed=%s, the lab lacks %u ports of %u-%u", command, failed, missing,
       low, high);
    ok(range[0] && !strcmp(after, range), "%s: after=%s, the metabase holds %s", command, after, range);
    free(std);
}

/* A line's fields against what the lab holds once the step ran (issue 12 finding 7): result=
 * is want, after= the range the metabase holds (for a rollback: the range restored, not the one
 * the rolled-back run attempted), and each count given (~0u: not compared) as the lab says:
 * opened= the openings of ours the step's changes left in force, failed=, rolled_back= the
 * changes the step itself undid. */
static void check_line_fields(const char *line, const char *command, const char *want, unsigned opened,
                              unsigned failed, unsigned rolled_back)
{
    static const char *const keys[3] = {"opened", "failed", "rolled_back"};
    unsigned want_n[3];
    char result[48], after[48], val[16], range[PASV_RANGE_TEXT_MAX];
    int edit, k;

    want_n[0] = opened;
    want_n[1] = failed;
    want_n[2] = rolled_back;
    test_read_range(range, sizeof(range), "", &edit);
    line_field(line, "result", result, sizeof(result));
    line_field(line, "after", after, sizeof(after));
    ok(strstr(line, command) != NULL, "the line is %s's: %s", command, line);
    ok(!strcmp(result, want), "%s: result=%s, expected %s", command, result, want);
    ok(range[0] && !strcmp(after, range), "%s: after=%s, the metabase holds %s", command, after, range);
    for (k = 0; k < 3; k++) {
        if (want_n[k] == ~0u)
            continue;
        line_field(line, keys[k], val, sizeof(val));
        ok(val[0] && (unsigned)atoi(val) == want_n[k], "%s: %s=%s, the lab says %u", command, keys[k], val,
           want_n[k]);
    }
}

/* Finding 4: after Stop the counter said "10004 of 10004 done - 0 failed" with a full bar, and
 * Close -> Yes showed "25005 of 25005" while rolling back. Finding 7: the cancelled run's line
 * and the rollback's line say what the lab holds after each. */
static void dialog_counters_stay_true_after_stop_and_during_rollback(void)
{
    WCHAR *std_before, *std_after, *std, got[512];
    DWORD n1, n2, start;
    unsigned x = 0, y = 0, z = 0, rows, cancelled, first_x = ~0u, first_y = 0, samples = 0, lines, ours_before,
             ours_cancelled;
    bool undo_text = true;
    char *log, *line;

    std_before = lab_snapshot(LAB_LIST_STANDARD, &n1);
    ours_before = lab_count_ours(std_before, 8001, 8200);
    log = read_secure_file(L"changes.log");
    lines = log_lines(log);
    free(log);
    /* Ports nobody opened yet (the suite's earlier scenarios leave 5001-5300 open): every row
     * runs. Only the changes are slowed, enough to stop midway and to watch the undo; reading
     * the lists (snapshots, ownership checks) is not. */
    lab_knob(L"Firewall", L"LatencyWritesOnly", 1);
    lab_knob(L"Firewall", L"LatencyUs", 50000);
    enter_range(L"8001", L"8200");
    apply_confirmed();
    /* The counter (one WM_GETTEXT) rather than the rows (hundreds of cross-thread reads per
     * poll): Stop comes soon after the 40th change, well before the 200th port. */
    start = GetTickCount();
    while (GetTickCount() - start < 60000 && (!read_counts(&x, &y, &z, got, 512) || x < 40))
        Sleep(20);
    click(IDC_STOP);
    if (!wait_phase(PASV_APP_DECIDE, 120000))
        goto done;
    rows = (unsigned)list_count(IDC_CHANGES_LIST);
    cancelled = rows_saying(L"Cancelled");
    ok(read_counts(&x, &y, &z, got, 512), "the counter reads \"%ls\"", got);
    ok(y == rows && cancelled > 100, "%u rows, %u of them cancelled", rows, cancelled);
    ok(x == rows - cancelled && x < y, "after Stop the counter counts what ran: \"%ls\" (%u rows ran)", got,
       rows - cancelled);
    {
        unsigned pos = (unsigned)SendMessageW(item(IDC_PROGRESS), PBM_GETPOS, 0, 0);
        unsigned high = (unsigned)SendMessageW(item(IDC_PROGRESS), PBM_GETRANGE, FALSE, 0);
        ok(pos == x && high == y, "the bar stands at %u of %u (counter %u of %u)", pos, high, x, y);
    }
    /* The cancelled run's line: the ports it opened before Stop, the range it set, nothing failed. */
    std = lab_snapshot(LAB_LIST_STANDARD, &(DWORD){0});
    ours_cancelled = lab_count_ours(std, 8001, 8200) - ours_before;
    free(std);
    line = wait_new_line(lines, 10000);
    check_line_fields(line, "pasvports.exe Apply", "cancelled", ours_cancelled, 0, 0);
    ok(ours_cancelled > 0 && ours_cancelled < 200, "Stop came midway: %u of 200 ports open", ours_cancelled);
    free(line);
    lines++;
    click(IDC_ROLLBACK);
    start = GetTickCount();
    while (GetTickCount() - start < 480000 && phase() == PASV_APP_RUNNING) {
        if (read_counts(&x, &y, &z, got, 512)) {
            if (!samples++) {
                first_x = x;
                first_y = y;
            }
            undo_text = undo_text && wcsstr(got, L"undone") != NULL;
        }
        Sleep(20);
    }
    ok(wait_phase(PASV_APP_IDLE, 1000), "rolled back");
    ok(samples > 0 && undo_text, "while rolling back the counter counts undos (%u samples, last \"%ls\")", samples,
       got);
    ok(first_x < first_y, "it started below its total: %u of %u", first_x, first_y);
    ok(read_counts(&x, &y, &z, got, 512) && x == y && z == 0 && y == rows_saying(L"Rolled back"),
       "at the end every change is undone: \"%ls\" (%u rows rolled back)", got, rows_saying(L"Rolled back"));
    std_after = lab_snapshot(LAB_LIST_STANDARD, &n2);
    ok(!wcscmp(std_before, std_after), "the firewall list is as before (%lu -> %lu values)", (unsigned long)n1,
       (unsigned long)n2);
    free(std_after);
    /* The rollback's line: the range put back (after=), nothing of ours left open, and what it
     * undid is what the rows say was rolled back. */
    line = wait_new_line(lines, 10000);
    check_line_fields(line, "pasvports.exe Roll back", "cancelled-rolled-back", 0, 0, rows_saying(L"Rolled back"));
    free(line);
done:
    lab_knob(L"Firewall", L"LatencyUs", ~0u);
    lab_knob(L"Firewall", L"LatencyWritesOnly", ~0u);
    free(std_before);
}

/* Finding 9: a rollback that itself fails said "could not undo 25 changes" with no way to retry
 * the undo. Roll back stays offered; run again it undoes the rest, and the lab is as before. */
static void dialog_retries_a_failed_rollback(void)
{
    WCHAR *std_before, *dom_before, *std_after, *dom_after, got[512];
    DWORD n1, n2, n3, n4;
    char range_before[PASV_RANGE_TEXT_MAX], range_after[PASV_RANGE_TEXT_MAX];
    unsigned x, y, z, lines, left_to_undo = 0;
    int edit;
    char *log, *line;

    test_read_range(range_before, sizeof(range_before), "", &edit);
    std_before = lab_snapshot(LAB_LIST_STANDARD, &n1);
    dom_before = lab_snapshot(LAB_LIST_DOMAIN, &n2);
    log = read_secure_file(L"changes.log");
    lines = log_lines(log) + 1; /* the failed apply's line */
    free(log);
    lab_knob(L"Firewall", L"FailAddPort", 8705);
    enter_range(L"8701", L"8710");
    apply_confirmed();
    if (!wait_phase(PASV_APP_DECIDE, 180000))
        goto done;
    lab_knob(L"Firewall", L"FailAddPort", ~0u);
    /* The rollback's first firewall change works, the next four fail. */
    lab_knob(L"Firewall", L"CallCount", 0);
    lab_knob(L"Firewall", L"FailAfterCalls", 1);
    lab_knob(L"Firewall", L"FailCalls", 4);
    click(IDC_ROLLBACK);
    if (!wait_phase(PASV_APP_DECIDE, 180000))
        goto done;
    lab_knob(L"Firewall", L"FailAfterCalls", ~0u);
    lab_knob(L"Firewall", L"FailCalls", ~0u);
    get_text(IDC_SUMMARY, got, 512);
    ok((wcsstr(got, L"could not undo") || wcsstr(got, L"could not be undone")) && wcsstr(got, L"Roll back again"),
       "the summary says what is left and offers to roll back again: \"%ls\"", got);
    ok(visible(IDC_ROLLBACK) && enabled(IDC_ROLLBACK) && visible(IDC_KEEP) && !visible(IDC_RETRY),
       "after a failed rollback Roll back and Keep are offered");
    /* What a kept range needs stays in effect too (neither undone nor failed): x + z <= y. */
    ok(read_counts(&x, &y, &z, got, 512) && z > 0 && x + z <= y && x < y, "the counter says what was not undone: \"%ls\"",
       got);
    left_to_undo = y - x;
    ok(rows_saying(L"Roll back failed") == z, "rows that could not be undone: %u", rows_saying(L"Roll back failed"));
    /* Finding 7: the failed rollback's line waits for the choice; after= is the range the
     * metabase holds now (restored, or kept for the ports still open), opened= the run's ports
     * the lab still holds, failed= the undos that failed. */
    line = wait_new_line(lines, 10000);
    {
        WCHAR *std = lab_snapshot(LAB_LIST_STANDARD, &(DWORD){0});
        unsigned left = lab_count_ours(std, 8701, 8710) - lab_count_ours(std_before, 8701, 8710);
        check_line_fields(line, "pasvports.exe Roll back", "failed-awaiting-choice", left, ~0u, ~0u);
        free(std);
    }
    {
        char failed[16];
        line_field(line, "failed", failed, sizeof(failed));
        /* the apply's refused port (8705) and the undos that failed */
        ok((unsigned)atoi(failed) == 1 + rows_saying(L"Roll back failed"), "rollback: failed=%s, 1 + %u undos failed",
           failed, rows_saying(L"Roll back failed"));
    }
    free(line);
    lines++;
    click(IDC_ROLLBACK);
    if (!wait_phase(PASV_APP_IDLE, 180000))
        goto done;
    get_text(IDC_SUMMARY, got, 512);
    ok(!wcsncmp(got, L"Rolled back", 11), "the second rollback finishes the undo: \"%ls\"", got);
    ok(read_counts(&x, &y, &z, got, 512) && x == y && z == 0, "counter \"%ls\"", got);
    std_after = lab_snapshot(LAB_LIST_STANDARD, &n3);
    dom_after = lab_snapshot(LAB_LIST_DOMAIN, &n4);
    ok(!wcscmp(std_before, std_after) && !wcscmp(dom_before, dom_after),
       "the firewall lists are byte for byte as before (%lu/%lu -> %lu/%lu values)", (unsigned long)n1,
       (unsigned long)n2, (unsigned long)n3, (unsigned long)n4);
    free(std_after);
    free(dom_after);
    test_read_range(range_after, sizeof(range_after), "", &edit);
    ok(!strcmp(range_before, range_after), "range \"%s\" as before (\"%s\")", range_after, range_before);
    line = wait_new_line(lines, 10000);
    /* The second rollback's line: the range as before, none of the run's ports left, and only
     * what this rollback undid (the first one's undos are not counted again). */
    check_line_fields(line, "pasvports.exe Roll back", "failed-rolled-back", 0, 1, left_to_undo);
    free(line);
done:
    lab_knob(L"Firewall", L"FailAddPort", ~0u);
    lab_knob(L"Firewall", L"FailAfterCalls", ~0u);
    lab_knob(L"Firewall", L"FailCalls", ~0u);
    free(std_before);
    free(dom_before);
}

/* Finding 9: rows said "Add firewall rule" when they replace one; and the dialog built its row
 * texts itself (src/app/lists.c beside src/win/trail.c). The row and pasvctl's line for the same
 * plan come from one builder: the same words. Windows 10 lab, after pasvctl put our rule for
 * 5001-5010: the dialog with another scope replaces that rule. */
static void dialog_row_says_replace_rule_as_pasvctl_does(void)
{
    static char out[1 << 16];
    WCHAR cmd[MAX_PATH + 96], row[512] = L"", want[512];
    char *line = NULL, row8[512];
    int i, n;

    ok((int)SendMessageW(item(IDC_MODE_RULE), BM_GETCHECK, 0, 0) == BST_CHECKED, "the range rule is in place");
    SendMessageW(item(IDC_SCOPE), CB_SETCURSEL, PASV_SCOPE_SUBNET, 0);
    SendMessageW(GetParent(item(IDC_SCOPE)), WM_COMMAND, MAKEWPARAM(IDC_SCOPE, CBN_SELCHANGE), (LPARAM)item(IDC_SCOPE));
    n = list_count(IDC_CHANGES_LIST);
    for (i = 0; i < n; i++) {
        list_text(IDC_CHANGES_LIST, i, 1, row, 512);
        if (wcsstr(row, L"firewall rule") && wcsstr(row, L"for ports 5001-5010"))
            break;
    }
    expected(PASV_MSG_ITEM_REPLACE_RULE, L"5001-5010", L"Passive FTP 5001-5010", NULL, want, 512);
    ok(i < n && !wcscmp(row, want), "the row says \"%ls\" (expected \"%ls\")", row, want);
    swprintf(cmd, MAX_PATH + 96, L"\"%ls\" apply 5001-5010 --mode range-rule --scope subnet --dry-run", pasvctl);
    test_run_capture(cmd, out, sizeof(out), 120000);
    WideCharToMultiByte(CP_UTF8, 0, row, -1, row8, sizeof(row8), NULL, NULL);
    line = strstr(out, row8);
    ok(line != NULL, "pasvctl --dry-run prints the same words \"%s\":\n%s", row8, out);
    ok(strstr(out, "Add firewall rule") == NULL, "and never \"Add firewall rule\" for it");
}

/* Finding 8: a program listening on a port inside the range: pasvctl status warned, the dialog
 * said nothing. The line under the range says it, in the words of one function. */
static void dialog_warns_about_a_port_in_use_as_pasvctl_does(void)
{
    WSADATA wsa;
    SOCKET sock;
    struct sockaddr_in sin;
    WCHAR got[512];

    if (!ok(WSAStartup(MAKEWORD(2, 2), &wsa) == 0, "winsock"))
        return;
    sock = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    memset(&sin, 0, sizeof(sin));
    sin.sin_family = AF_INET;
    sin.sin_port = htons(5150);
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (ok(sock != INVALID_SOCKET && bind(sock, (struct sockaddr *)&sin, sizeof(sin)) == 0 && listen(sock, 1) == 0,
           "listening on 127.0.0.1:5150")) {
        enter_range(L"5101", L"5200");
        get_text(IDC_SIZING, got, 512);
        ok(wcsstr(got, L"listening programs") && wcsstr(got, L"5150"), "the line under the range warns: \"%ls\"", got);
        enter_range(L"5151", L"5200");
        get_text(IDC_SIZING, got, 512);
        ok(!wcsstr(got, L"listening"), "and not for a range without one: \"%ls\"", got);
    }
    if (sock != INVALID_SOCKET)
        closesocket(sock);
    WSACleanup();
}

/* After a failed Apply the dialog asks Roll back / Keep / Retry: its line said failed-kept before
 * the admin chose. Now: failed-awaiting-choice, also after a Retry that fails again; Keep then
 * logs failed-kept with what stays in force. */
static void dialog_change_log_says_awaiting_choice_until_keep(void)
{
    WCHAR *std;
    char *log, *line;
    unsigned lines, ours_before, ours_after;

    std = lab_snapshot(LAB_LIST_STANDARD, &(DWORD){0});
    ours_before = lab_count_ours(std, 5301, 5330);
    free(std);
    lab_knob(L"Firewall", L"FailAddPort", 5320);
    lab_knob(L"Firewall", L"FailAddHr", 0x80070005);
    log = read_secure_file(L"changes.log");
    lines = log_lines(log);
    free(log);
    enter_range(L"5001", L"5330");
    apply_confirmed();
    if (!wait_phase(PASV_APP_DECIDE, 180000))
        goto done;
    std = lab_snapshot(LAB_LIST_STANDARD, &(DWORD){0});
    ours_after = lab_count_ours(std, 5301, 5330);
    free(std);
    line = wait_new_line(lines, 10000);
    check_dialog_line(line, "pasvports.exe Apply", "failed-awaiting-choice", ours_after - ours_before, 5301, 5330);
    free(line);

    lines++;
    click(IDC_RETRY);
    if (!wait_phase(PASV_APP_DECIDE, 180000))
        goto done;
    line = wait_new_line(lines, 10000);
    /* Finding 7: the retry's line counted the whole run's opened= (29 where the lab gained
     * none): it counts what the retry did, the ports the lab gained by it. */
    {
        unsigned ours_retry;
        std = lab_snapshot(LAB_LIST_STANDARD, &(DWORD){0});
        ours_retry = lab_count_ours(std, 5301, 5330);
        free(std);
        check_dialog_line(line, "pasvports.exe Retry failed", "failed-awaiting-choice", ours_retry - ours_after, 5301,
                          5330);
        ok(ours_retry == ours_after, "the retry of the refused port opened nothing (%u -> %u)", ours_after, ours_retry);
    }
    free(line);

    lines++;
    click(IDC_KEEP);
    ok(wait_phase(PASV_APP_IDLE, 10000), "Keep ends the choice");
    line = wait_new_line(lines, 10000);
    /* Keep's line says what stays in force: the ports the run opened. */
    check_dialog_line(line, "pasvports.exe Keep changes", "failed-kept", ours_after - ours_before, 5301, 5330);
    free(line);
    log = read_secure_file(L"changes.log");
    ok(log_lines(log) == lines + 1, "one line for Apply, one for Retry failed, one for Keep: %u", log_lines(log) - lines + 2);
    free(log);

    /* Back to 5001-5300 for the scenarios after this one. */
    lab_knob(L"Firewall", L"FailAddPort", ~0u);
    enter_range(L"5001", L"5300");
    apply_confirmed();
    ok(wait_phase(PASV_APP_IDLE, 180000), "5001-5300 again");
done:
    lab_knob(L"Firewall", L"FailAddPort", ~0u);
    lab_knob(L"Firewall", L"FailAddHr", ~0u);
}
