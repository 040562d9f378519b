/* pasvports tests: the string-table contract of both programs (issue 12).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * Loads pasvports.exe and pasvctl.exe as data files and walks their RT_STRING blocks: every
 * string id named in include/pasv/status.h and res/resource*.h loads, non-empty, from each
 * program that must have it; every string in a program has a name there; every string's
 * inserts follow the rules of src/win/text.h; and each formats through pasv_text_format with
 * dummy arguments of its declared types, every declared insert appearing in the result, while
 * one argument fewer, or a number for a string insert, is refused and reported.
 * The snap-in (pasvsnap.dll) is checked the same way when its path is given.
 * Usage: test_strings PATH-TO-pasvports.exe PATH-TO-pasvctl.exe SOURCE-DIR [PATH-TO-pasvsnap.dll] */
#include <stdio.h>
#include <string.h>

#include "../testlib.h"
#include "pasv/plural.h"
#include "resource.h"
#include "resource_app.h"
#include "resource_cli.h"
#include "text.h"
#include "winpath.h"

#define MAX_IDS 1024
#define PROG_APP 1u
#define PROG_CLI 2u
#define PROG_SNAP 4u

typedef struct {
    char name[64];
    UINT id;
    unsigned programs; /* PROG_* that must have it */
} named_id;

static named_id names[MAX_IDS];
static size_t name_count;

/* "#define IDS_X 1234" and "#define PASV_MSG_X 1234" lines of one header. */
static void read_header(const WCHAR *src, const WCHAR *rel, unsigned programs)
{
    WCHAR path[MAX_PATH];
    char line[512];
    FILE *f;

    swprintf(path, MAX_PATH, L"%ls\\%ls", src, rel);
    f = _wfopen(path, L"r");
    if (!ok(f != NULL, "%ls can be read", path))
        return;
    while (fgets(line, sizeof(line), f) && name_count < MAX_IDS) {
        named_id *n = &names[name_count];
        unsigned id;
        if (sscanf(line, "#define %63s %u", n->name, &id) != 2)
            continue;
        if (strncmp(n->name, "IDS_", 4) != 0 && strncmp(n->name, "PASV_MSG_", 9) != 0)
            continue;
        if (strcmp(n->name, "PASV_MSG_NONE") == 0)
            continue;
        n->id = id;
        n->programs = programs;
        name_count++;
    }
    fclose(f);
}

static const named_id *find_name(UINT id)
{
    size_t i;
    for (i = 0; i < name_count; i++)
        if (names[i].id == id)
            return &names[i];
    return NULL;
}

typedef struct {
    WORD blocks[512];
    size_t count;
} block_list;

static BOOL CALLBACK on_block(HMODULE module, LPCWSTR type, LPWSTR name, LONG_PTR param)
{
    block_list *list = (block_list *)param;
    (void)module;
    (void)type;
    if (IS_INTRESOURCE(name) && list->count < 512)
        list->blocks[list->count++] = (WORD)(ULONG_PTR)name;
    return TRUE;
}

/* Formats id with dummies of its declared types; checks the result and the refusals. */
static void check_format(const char *prog, UINT id, const WCHAR *text)
{
    static WCHAR markers[99][8];
    DWORD_PTR args[99];
    char sig[100];
    int high = pasv_text_signature(text, sig, sizeof(sig)), i, first_string = -1;
    WCHAR *out;

    if (!ok(high >= 0, "%s: string %u uses only the inserts text.h allows: \"%ls\"", prog, id, text))
        return;
    for (i = 0; i < high; i++) {
        swprintf(markers[i], 8, L"<S%d>", i + 1);
        args[i] = sig[i] == 's' ? (DWORD_PTR)markers[i] : (DWORD_PTR)(70001 + i);
        if (sig[i] == 's' && first_string < 0)
            first_string = i;
    }
    out = pasv_text_format(id, high ? args : NULL, (DWORD)high);
    if (!ok(out != NULL, "%s: string %u (%s) formats with %d inserts \"%s\"", prog, id, find_name(id) ? find_name(id)->name : "?",
            high, sig))
        return;
    for (i = 0; i < high; i++) {
        WCHAR want[16];
        if (sig[i] == 's')
            wcscpy(want, markers[i]);
        else if (sig[i] == 'u')
            swprintf(want, 16, L"%d", 70001 + i);
        else
            continue;
        ok(wcsstr(out, want) != NULL, "%s: string %u: insert %%%d (%c) appears in \"%ls\"", prog, id, i + 1, sig[i], out);
    }
    LocalFree(out);
    if (high > 0) {
        out = pasv_text_format(id, args, (DWORD)high - 1);
        ok(out == NULL && pasv_text_last_misuse() == id, "%s: string %u with %d of its %d arguments is refused", prog, id,
           high - 1, high);
        LocalFree(out);
    }
    if (first_string >= 0) {
        DWORD_PTR saved = args[first_string];
        args[first_string] = 5;
        out = pasv_text_format(id, args, (DWORD)high);
        ok(out == NULL && pasv_text_last_misuse() == id, "%s: string %u with a number for string insert %%%d is refused",
           prog, id, first_string + 1);
        LocalFree(out);
        args[first_string] = saved;
    }
}

/* Every string of one program; marks found[] with prog_bit. */
static void check_program(const WCHAR *path_unix, const char *prog, unsigned prog_bit, unsigned char *found)
{
    WCHAR path[MAX_PATH];
    HMODULE module;
    block_list blocks = {{0}, 0};
    size_t b;
    unsigned strings = 0;

    test_winpath(path_unix, path, MAX_PATH);
    module = LoadLibraryExW(path, NULL, LOAD_LIBRARY_AS_DATAFILE);
    if (!ok(module != NULL, "%ls loads as a data file (error %lu)", path, GetLastError()))
        return;
    ok(EnumResourceNamesW(module, (LPCWSTR)RT_STRING, on_block, (LONG_PTR)&blocks) && blocks.count > 0,
       "%s has string-table blocks", prog);
    pasv_text_set_module((HINSTANCE)module);
    for (b = 0; b < blocks.count; b++) {
        UINT k;
        for (k = 0; k < 16; k++) {
            UINT id = (UINT)(blocks.blocks[b] - 1) * 16 + k;
            const WCHAR *res = NULL;
            int len = LoadStringW((HINSTANCE)module, id, (WCHAR *)&res, 0);
            WCHAR *text;
            if (len <= 0)
                continue;
            strings++;
            if (id < 65536)
                found[id] |= (unsigned char)prog_bit;
            ok(find_name(id) != NULL, "%s: string %u has a name in status.h or res/resource*.h", prog, id);
            text = pasv_text_load(id);
            if (ok(text != NULL && text[0], "%s: string %u loads through pasv_text_load", prog, id))
                check_format(prog, id, text);
            LocalFree(text);
        }
    }
    printf("%s: %u strings in %u blocks\n", prog, strings, (unsigned)blocks.count);
    pasv_text_set_module(NULL);
    FreeLibrary(module);
}

/* Issue 12: a counted sentence in its singular form for 1 and its plural for 0 and 2, in the
 * program that shows it. one == 0: an engine message, picked by pasv_msg_for_count; else the
 * front end's own pair, picked by pasv_plural_id as the dialog's page_plural does. The count n
 * goes into every insert of counts (a bit per insert); the others take other[]. */
typedef struct {
    unsigned prog;
    UINT one, many;
    unsigned counts;
    DWORD argc;
    DWORD_PTR other[2];
    const WCHAR *want[3];
} plural_case;

static const plural_case plural_cases[] = {
    {PROG_CLI, 0, PASV_MSG_SUMMARY_DONE, 1, 1, {0, 0},
     {L"All 0 changes were made.", L"The 1 change was made.", L"All 2 changes were made."}},
    {PROG_CLI, 0, PASV_MSG_SUMMARY_CANCELLED, 2, 2, {0, 0},
     {L"Cancelled after 0 of 0 changes.", L"Cancelled after 0 of 1 change.", L"Cancelled after 0 of 2 changes."}},
    {PROG_CLI, 0, PASV_MSG_SUMMARY_FAILED_ROLLED, 3, 2, {0, 0},
     {L"0 of 0 changes failed; everything this run changed was rolled back.",
      L"1 of 1 change failed; everything this run changed was rolled back.",
      L"2 of 2 changes failed; everything this run changed was rolled back."}},
    {PROG_CLI, 0, PASV_MSG_SUMMARY_FAILED_KEPT, 3, 2, {0, 0},
     {L"0 of 0 changes failed; the others were kept. Run Apply again to retry the failed ones.",
      L"1 of 1 change failed. Run Apply again to retry it.",
      L"2 of 2 changes failed; the others were kept. Run Apply again to retry the failed ones."}},
    {PROG_CLI, 0, PASV_MSG_SUMMARY_RANGE_KEPT, 1, 1, {0, 0},
     {L"Some firewall changes could not be undone, so the new range was kept; 0 changes are still in effect.",
      L"Some firewall changes could not be undone, so the new range was kept; 1 change is still in effect.",
      L"Some firewall changes could not be undone, so the new range was kept; 2 changes are still in effect."}},
    {PROG_CLI, 0, PASV_MSG_SUMMARY_CHANGED, 1, 1, {0, 0},
     {L"0 items were changed by someone else while this run was going; they were left alone.",
      L"1 item was changed by someone else while this run was going; it was left alone.",
      L"2 items were changed by someone else while this run was going; they were left alone."}},
    {PROG_CLI, 0, PASV_MSG_SIZING_SMALL, 3, 2, {0, 0},
     {L"0 ports: only 0 simultaneous passive transfers; busy servers need more.",
      L"1 port: only 1 simultaneous passive transfer; busy servers need more.",
      L"2 ports: only 2 simultaneous passive transfers; busy servers need more."}},
    {PROG_CLI, IDS_CLI_ST_RANGE_ONE, IDS_CLI_ST_RANGE, 2, 2, {(DWORD_PTR)L"5001-5002", 0},
     {L"Passive range:   5001-5002 (0 ports)", L"Passive range:   5001-5002 (1 port)",
      L"Passive range:   5001-5002 (2 ports)"}},
    {PROG_CLI, IDS_CLI_WARN_LISTENING_ONE, IDS_CLI_WARN_LISTENING, 1, 2, {0, (DWORD_PTR)L"5050"},
     {L"  0 ports of the range are already in use by listening programs: 5050",
      L"  1 port of the range is already in use by a listening program: 5050",
      L"  2 ports of the range are already in use by listening programs: 5050"}},
    {PROG_CLI, IDS_CLI_AP_PLAN_ONE, IDS_CLI_AP_PLAN, 1, 1, {0, 0},
     {L"Plan (0 items):", L"Plan (1 item):", L"Plan (2 items):"}},
    {PROG_CLI, IDS_CLI_AU_WRITTEN_ONE, IDS_CLI_AU_WRITTEN, 1, 2, {0, (DWORD_PTR)L"a.csv"},
     {L"Wrote 0 rows to a.csv.", L"Wrote 1 row to a.csv.", L"Wrote 2 rows to a.csv."}},
    {PROG_APP, 0, PASV_MSG_SUMMARY_CANCELLED, 2, 2, {0, 0},
     {L"Cancelled after 0 of 0 changes.", L"Cancelled after 0 of 1 change.", L"Cancelled after 0 of 2 changes."}},
    {PROG_APP, IDS_RUN_FAILED_ONE, IDS_RUN_FAILED, 2, 2, {1, 0},
     {L"1 of 0 changes failed; the others were made.", L"1 of 1 change failed.",
      L"1 of 2 changes failed; the others were made."}},
};

static void counted_sentences_take_the_singular_for_one(const WCHAR *app, const WCHAR *cli)
{
    size_t c;
    unsigned prog;

    for (prog = PROG_APP; prog <= PROG_CLI; prog <<= 1) {
        HMODULE module = LoadLibraryExW(prog == PROG_APP ? app : cli, NULL, LOAD_LIBRARY_AS_DATAFILE);
        if (!ok(module != NULL, "load %ls as data", prog == PROG_APP ? app : cli))
            continue;
        pasv_text_set_module(module);
        for (c = 0; c < sizeof(plural_cases) / sizeof(plural_cases[0]); c++) {
            const plural_case *pc = &plural_cases[c];
            unsigned long n;
            if (pc->prog != prog)
                continue;
            for (n = 0; n <= 2; n++) {
                DWORD_PTR args[2];
                DWORD i;
                UINT id = pc->one ? pasv_plural_id(pc->one, pc->many, n) : pasv_msg_for_count(pc->many, n);
                WCHAR *out;
                for (i = 0; i < pc->argc; i++)
                    args[i] = (pc->counts & (1u << i)) ? (DWORD_PTR)n : pc->other[i];
                out = pasv_text_format(id, args, pc->argc);
                ok(out && !wcscmp(out, pc->want[n]), "string %u with %lu: \"%ls\" (expected \"%ls\")", pc->many, n,
                   out ? out : L"(null)", pc->want[n]);
                LocalFree(out);
            }
        }
        pasv_text_set_module(NULL);
        FreeLibrary(module);
    }
}

int wmain(int argc, WCHAR **argv)
{
    static unsigned char found[65536];
    WCHAR src[MAX_PATH];
    size_t i;

    if (argc < 4) {
        skip("usage: test_strings PATH-TO-pasvports.exe PATH-TO-pasvctl.exe SOURCE-DIR");
        return test_summary("strings");
    }
    test_winpath(argv[3], src, MAX_PATH);
    read_header(src, L"include\\pasv\\status.h", PROG_APP | PROG_CLI);
    read_header(src, L"res\\resource.h", PROG_APP | PROG_CLI);
    read_header(src, L"res\\resource_journal.h", PROG_APP | PROG_CLI);
    read_header(src, L"res\\resource_preflight.h", PROG_APP); /* only the dialog has these texts */
    read_header(src, L"res\\resource_app.h", PROG_APP);
    read_header(src, L"res\\resource_pages.h", PROG_APP);
    read_header(src, L"res\\resource_cli.h", PROG_CLI);
    read_header(src, L"res\\resource_snapin.h", PROG_SNAP);
    read_header(src, L"res\\resource_iis7.h", PROG_APP | PROG_CLI);
    ok(name_count > 300, "the headers name %u string ids", (unsigned)name_count);

    check_program(argv[1], "pasvports.exe", PROG_APP, found);
    check_program(argv[2], "pasvctl.exe", PROG_CLI, found);
    counted_sentences_take_the_singular_for_one(argv[1], argv[2]);
    if (argc > 4)
        check_program(argv[4], "pasvsnap.dll", PROG_SNAP, found);

    for (i = 0; i < name_count; i++) {
        const named_id *n = &names[i];
        if (n->programs & PROG_APP)
            ok(found[n->id] & PROG_APP, "%s (%u) loads, non-empty, from pasvports.exe", n->name, n->id);
        if (n->programs & PROG_CLI)
            ok(found[n->id] & PROG_CLI, "%s (%u) loads, non-empty, from pasvctl.exe", n->name, n->id);
        if ((n->programs & PROG_SNAP) && argc > 4)
            ok(found[n->id] & PROG_SNAP, "%s (%u) loads, non-empty, from pasvsnap.dll", n->name, n->id);
    }
    return test_summary("strings");
}
