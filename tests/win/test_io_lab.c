/* pasvports tests: pasvctl's input and output hardening in an IIS 6 lab (issue 11, B15 B18 B19):
 * garbage --scope values are refused with one line and change nothing; a foreign exception
 * whose name holds escape sequences, a lone CR, BEL, an unpaired surrogate, quotes and
 * backslashes is audited as valid UTF-8 JSON and CSV and printed with its control characters
 * escaped. Run by tests/cli/io_lab.sh, which also parses the JSON with python3 and checks that a
 * failed write keeps the old file (B22).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 *   test_io_lab PASVCTL.EXE OUTDIR    (OUTDIR receives audit.json, audit-stdout.json, audit.csv) */
#include "win.h"

#include <stdio.h>

#include "../testlib.h"
#include "lab_util.h"
#include "session.h"
#include "winpath.h"

static WCHAR exe[MAX_PATH], outdir[MAX_PATH];
static char out[1 << 20];

/* The odd foreign name, as the registry holds it (UTF-16): ESC [31m, BEL, a lone CR, an unpaired
 * surrogate, a quote, a backslash, 26 SOH, then euro signs. The SOH run puts pasvctl's old JSON
 * cut (192 bytes) inside a euro sign. No colon: the lab splits the stored string at colons. */
static void odd_name(WCHAR *name, size_t cap)
{
    size_t j;
    swprintf(name, cap, L"Odd\x1b[31m\x07\r%lc\"q\\", (wint_t)0xD800);
    j = wcslen(name);
    while (j < 14 + 26 && j + 1 < cap)
        name[j++] = 0x01;
    name[j] = 0;
    wcsncat(name, L"a\x20AC\x20AC\x20AC end", cap - wcslen(name) - 1);
}

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

/* Firewall lists (both profiles, rules) + the range, as one comparable string. */
static WCHAR *state_snapshot(void)
{
    DWORD n1, n2, n3;
    WCHAR *a = lab_snapshot(LAB_LIST_STANDARD, &n1), *b = lab_snapshot(LAB_LIST_DOMAIN, &n2);
    WCHAR *c = lab_snapshot(LAB_RULES, &n3);
    size_t cap = wcslen(a) + wcslen(b) + wcslen(c) + 64;
    WCHAR *all = malloc(cap * sizeof(WCHAR));
    pasv_session *s = NULL;
    char range[PASV_RANGE_TEXT_MAX] = "unset";

    if (SUCCEEDED(pasv_session_open(NULL, &s))) {
        pasv_session_refresh(s);
        if (s->range_set)
            pasv_range_format(&s->range, range, sizeof(range));
        pasv_session_close(s);
    }
    swprintf(all, cap, L"%ls--\n%ls--\n%ls--\nrange=%hs", a, b, c, range);
    free(a);
    free(b);
    free(c);
    return all;
}

/* Strict UTF-8 (RFC 3629). */
static bool utf8_valid(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        unsigned c = u[i];
        size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0, k;
        unsigned long cp;
        if (!n || i + n > len)
            return false;
        cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
        for (k = 1; k < n; k++) {
            if ((u[i + k] & 0xC0) != 0x80)
                return false;
            cp = cp << 6 | (u[i + k] & 0x3F);
        }
        if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += n;
    }
    return true;
}

/* Raw control characters other than tab and CRLF line ends (what a terminal would act on). */
static bool has_raw_control(const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c < 0x20 && c != '\t' && c != '\n' && !(c == '\r' && s[1] == '\n')) || c == 0x7f)
            return true;
        if (c == 0xC2 && (unsigned char)s[1] >= 0x80 && (unsigned char)s[1] <= 0x9F)
            return true; /* C1 */
    }
    return false;
}

static char *read_file(const WCHAR *path, size_t *len)
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

static void save(const WCHAR *name, const char *data)
{
    WCHAR path[MAX_PATH];
    HANDLE f;
    DWORD written;
    swprintf(path, MAX_PATH, L"%ls\\%ls", outdir, name);
    f = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    if (f != INVALID_HANDLE_VALUE) {
        WriteFile(f, data, (DWORD)strlen(data), &written, NULL);
        CloseHandle(f);
    }
}

static void scope_garbage_is_refused_and_changes_nothing(void)
{
    static const struct {
        const WCHAR *value;
        const char *expect;
    } cases[] = {
        {L"----", "'----' is not an address"},
        {L",,,", "',,,' has an empty item"},
        {L"300.1.1.1", "'300.1.1.1' is not an IPv4 address: each of the four numbers is 0 to 255"},
        {L"10.0.0.0/33", "'10.0.0.0/33' has a network prefix out of range: 0 to 32"},
    };
    WCHAR *before = state_snapshot(), *after;
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        WCHAR args[256];
        DWORD code;
        swprintf(args, 256, L"apply 5001-5200 --scope \"%ls\" --yes", cases[i].value);
        code = run(args);
        ok(code == 2, "--scope %ls: exit %lu, expected 2: %s", cases[i].value, (unsigned long)code, out);
        ok(count_lines(out) == 1, "--scope %ls: one line, got %u: %s", cases[i].value, count_lines(out), out);
        ok(strstr(out, cases[i].expect) && strstr(out, "pasvctl apply: --scope: ") &&
               strstr(out, "Nothing was changed."),
           "--scope %ls: the reason: %s", cases[i].value, out);
    }
    after = state_snapshot();
    ok(!wcscmp(before, after), "firewall lists and metabase range unchanged");
    free(before);
    free(after);
}

/* The XP/2003 firewall (INetFwOpenPort) takes no address ranges and no IPv6: pasvctl, which
 * accepted them on the command line in the rules API's syntax, refuses them once it knows the run
 * writes per-port exceptions without the rules API, with the validator's reason, before any change. */
static void scope_the_legacy_firewall_cannot_hold_is_refused_before_any_change(void)
{
    static const WCHAR *const values[] = {L"10.0.0.1-10.0.0.9", L"10.0.0.0/8,2001:db8::/32", L"DNS"};
    WCHAR *before = state_snapshot(), *after;
    size_t i;

    for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
        WCHAR args[256];
        DWORD code;
        swprintf(args, 256, L"apply 5001-5200 --scope \"%ls\" --yes", values[i]);
        code = run(args);
        ok(code == 2, "legacy --scope %ls: exit %lu, expected 2: %s", values[i], (unsigned long)code, out);
        ok(count_lines(out) == 1 && strstr(out, "pasvctl apply: --scope: ") &&
               strstr(out, "needs Windows Firewall with Advanced Security") && strstr(out, "Nothing was changed."),
           "legacy --scope %ls: the validator's reason, one line: %s", values[i], out);
    }
    after = state_snapshot();
    ok(!wcscmp(before, after), "legacy --scope: firewall lists and metabase range unchanged");
    free(before);
    free(after);
}

static void seed_odd_foreign(void)
{
    static const WCHAR *const lists[] = {LAB_LIST_STANDARD, LAB_LIST_DOMAIN};
    WCHAR name[96], data[160];
    size_t i;

    odd_name(name, 96);
    swprintf(data, 160, L"5005:TCP:*:Enabled:%ls", name);
    for (i = 0; i < 2; i++) {
        HKEY key = NULL;
        LONG err = RegCreateKeyExW(HKEY_LOCAL_MACHINE, lists[i], 0, NULL, 0, KEY_SET_VALUE, NULL, &key, NULL);
        if (err == ERROR_SUCCESS) {
            err = RegSetValueExW(key, L"5005:TCP", 0, REG_SZ, (const BYTE *)data,
                                 (DWORD)((wcslen(data) + 1) * sizeof(WCHAR)));
            RegCloseKey(key);
        }
        ok(err == ERROR_SUCCESS, "seed the odd foreign exception: %ld", err);
    }
}

/* A foreign exception at 5012 named "Two" CR LF "Lines", in both profiles. */
static void seed_crlf_foreign(void)
{
    static const WCHAR *const lists[] = {LAB_LIST_STANDARD, LAB_LIST_DOMAIN};
    static const WCHAR two[] = L"5012:TCP:*:Enabled:Two\r\nLines";
    size_t i;

    for (i = 0; i < 2; i++) {
        HKEY key = NULL;
        LONG err = RegCreateKeyExW(HKEY_LOCAL_MACHINE, lists[i], 0, NULL, 0, KEY_SET_VALUE, NULL, &key, NULL);
        if (err == ERROR_SUCCESS) {
            err = RegSetValueExW(key, L"5012:TCP", 0, REG_SZ, (const BYTE *)two, sizeof(two));
            RegCloseKey(key);
        }
        ok(err == ERROR_SUCCESS, "seed the foreign exception named \"Two\\r\\nLines\": %ld", err);
    }
}

/* No line of the output starts with text (a name's second half on a line of its own). */
static bool no_line_starts_with(const char *s, const char *text)
{
    size_t n = strlen(text);
    const char *p;
    if (!strncmp(s, text, n))
        return false;
    for (p = strchr(s, '\n'); p; p = strchr(p + 1, '\n'))
        if (!strncmp(p + 1, text, n))
            return false;
    return true;
}

static void apply_rows_keep_a_name_with_crlf_on_one_line(void)
{
    DWORD code;
    const char *row;

    seed_crlf_foreign();
    code = run(L"apply 5001-5012 --yes");
    row = strstr(out, "Port 5012 is opened by another program");

    ok(code == 0, "apply: exit %lu: %.300s", (unsigned long)code, out);
    ok(row && strstr(row, "(\"Two\\x0d\\x0aLines\")") != NULL && strstr(row, "(\"Two\\x0d\\x0aLines\")") < strchr(row, '\n'),
       "apply rows: CR LF in the name shown as \\x0d\\x0a on the row: %.200s", row ? row : out);
    ok(no_line_starts_with(out, "Lines"), "apply rows: no line begins with the name's second half");
}

static void audit_text_spells_out_profiles(void)
{
    DWORD code = run(L"audit");
    const char *row = strstr(out, "\n5005 ");

    ok(code == 0, "audit: exit %lu", (unsigned long)code);
    ok(strstr(out, "Profiles               Name") != NULL, "audit text: the header: %.200s", out);
    ok(row && strstr(row, "Another program's exception      domain|standard        Odd") &&
           strstr(row, " domain|standard ") < strchr(row + 1, '\n'),
       "audit text: the foreign port's profiles as domain|standard (CSV/JSON words), in their column: %.200s",
       row ? row + 1 : out);
    row = strstr(out, "\n5002 ");
    ok(row && strstr(row, " domain|standard ") && strstr(row, " domain|standard ") < strchr(row + 1, '\n'),
       "audit text: our open port's profiles spelled out: %.120s", row ? row + 1 : out);
}

static void audit_json_is_valid_utf8(void)
{
    WCHAR args[MAX_PATH + 64], path[MAX_PATH];
    char *json;
    size_t len;
    DWORD code;

    code = run(L"audit --json");
    ok(code == 0, "audit --json: exit %lu", (unsigned long)code);
    ok(utf8_valid(out, strlen(out)), "audit --json on standard output is valid UTF-8");
    ok(!has_raw_control(out), "no raw control character in the JSON");
    ok(strstr(out, "{\"port\": 5005, \"state\": \"foreign\", \"profiles\": \"domain|standard\", \"name\": \"Odd"
                   "\\u001b[31m\\u0007\\r\xEF\xBF\xBD\\\"q\\\\\\u0001") != NULL,
       "the foreign name, escaped and whole: %.400s", strstr(out, "5005") ? strstr(out, "5005") : out);
    ok(strstr(out, "a\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC end\"}") != NULL, "the end of the name is there");
    save(L"audit-stdout.json", out);

    swprintf(path, MAX_PATH, L"%ls\\audit.json", outdir);
    swprintf(args, MAX_PATH + 64, L"audit --json --out \"%ls\"", path);
    code = run(args);
    ok(code == 0 && strstr(out, "Wrote 10 rows"), "audit --json --out: exit %lu: %s", (unsigned long)code, out);
    json = read_file(path, &len);
    ok(len > 100 && utf8_valid(json, len) && strstr(json, "\"rows\": [") != NULL, "audit.json: %u bytes, valid UTF-8",
       (unsigned)len);
    free(json);

    swprintf(path, MAX_PATH, L"%ls\\audit.csv", outdir);
    swprintf(args, MAX_PATH + 64, L"audit --csv \"%ls\"", path);
    code = run(args);
    ok(code == 0, "audit --csv: exit %lu: %s", (unsigned long)code, out);
    json = read_file(path, &len);
    ok(len > 3 && !memcmp(json, "\xEF\xBB\xBFport,state,profiles,name\r\n", 29) && utf8_valid(json, len),
       "audit.csv: BOM, stable header, valid UTF-8");
    ok(strstr(json, "5005,foreign,domain|standard,\"Odd\x1b[31m\x07\r\xEF\xBF\xBD\"\"q\\") != NULL,
       "CSV: the name whole in one quoted field, quote doubled");
    free(json);
}

static void console_escapes_control_characters(void)
{
    DWORD code = run(L"audit");
    ok(code == 0, "audit: exit %lu", (unsigned long)code);
    ok(!has_raw_control(out), "audit text: no raw ESC, BEL or lone CR reaches the console");
    ok(strstr(out, "Odd\\x1b[31m\\x07\\x0d\xEF\xBF\xBD\"q\\\\x01") != NULL, "audit text: the name, escaped visibly: %.300s",
       strstr(out, "5005") ? strstr(out, "5005") : out);

    code = run(L"apply 5001-5011 --yes");
    ok(code == 0, "apply: exit %lu: %.300s", (unsigned long)code, out);
    ok(!has_raw_control(out), "apply rows: no raw control character");
    ok(strstr(out, "Port 5005 is opened by another program (\"Odd\\x1b[31m") != NULL,
       "apply rows: the foreign name escaped: %.300s", strstr(out, "5005") ? strstr(out, "5005") : out);

    code = run(L"status");
    ok(!has_raw_control(out), "status: no raw control character (exit %lu)", (unsigned long)code);
}

int wmain(int argc, WCHAR **argv)
{
    HRESULT hr;

    if (argc < 3) {
        skip("usage: test_io_lab PATH-TO-pasvctl.exe OUTDIR");
        return test_summary("io_lab");
    }
    test_winpath(argv[1], exe, MAX_PATH);
    test_winpath(argv[2], outdir, MAX_PATH);
    hr = CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);
    if (!ok(SUCCEEDED(hr), "CoInitializeEx"))
        return test_summary("io_lab");

    scope_garbage_is_refused_and_changes_nothing();
    seed_odd_foreign();
    ok(run(L"apply 5001-5010 --yes") == 0, "apply 5001-5010: %.300s", out);
    audit_json_is_valid_utf8();
    console_escapes_control_characters();
    audit_text_spells_out_profiles();
    apply_rows_keep_a_name_with_crlf_on_one_line();
    scope_the_legacy_firewall_cannot_hold_is_refused_before_any_change();
    CoUninitialize();
    return test_summary("io_lab");
}
