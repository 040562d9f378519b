/* pasvports tests: our Vista+ range rule beside a person's rule of the same name (issue 11, B1),
 * with pasvctl.exe black-box in a Windows 10 lab (the lab firewall's INetFwPolicy2), asserting
 * the rule strings the lab stored under FirewallPolicy\FirewallRules byte for byte.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * The person's rule is written where Windows keeps it (a FirewallRules REG_SZ value in Windows'
 * "v2.10|..." form, as the control panel stores a hand-made rule): the lab reads that store at
 * every call, so pasvctl meets it exactly as it would on a real machine. */
#include "win.h"

#include <stdio.h>

#include "../testlib.h"
#include "lab_util.h"
#include "winpath.h"

#define PERSON_ID L"{0DDBA11D-0000-4000-8000-0000000000B1}"
#define PERSON_SZ L"v2.10|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=40000-40100|Name=Passive FTP|"
/* What marks a stored rule as ours (src/win/fw_rule.h): Grouping and the description tag. */
#define OUR_GROUP L"|EmbedCtxt=FTP Passive Ports|"
#define OUR_TAG   L"|Desc=[pasvports] "

static WCHAR exe[MAX_PATH];
static char out[1 << 20];

static DWORD run(const WCHAR *args)
{
    static WCHAR cmd[1024];

    swprintf(cmd, 1024, L"\"%ls\" %ls", exe, args);
    return test_run_capture(cmd, out, sizeof(out), 120000);
}

static void set_person_rule(void)
{
    HKEY key = NULL;

    if (RegCreateKeyExW(HKEY_LOCAL_MACHINE, LAB_RULES, 0, NULL, 0, KEY_SET_VALUE, NULL, &key, NULL) == ERROR_SUCCESS) {
        RegSetValueExW(key, PERSON_ID, 0, REG_SZ, (const BYTE *)PERSON_SZ, (DWORD)sizeof(PERSON_SZ));
        RegCloseKey(key);
    }
}

static bool person_rule_identical(void)
{
    WCHAR data[1024];

    return lab_reg_string(LAB_RULES, PERSON_ID, data, 1024) && wcscmp(data, PERSON_SZ) == 0;
}

/* Stored rules of ours (grouping and tag), and the data of the last one in data. */
static unsigned our_rules(WCHAR *data, size_t cap)
{
    DWORD n;
    WCHAR *snap = lab_snapshot(LAB_RULES, &n), *line = snap;
    unsigned ours = 0;

    data[0] = 0;
    while (line && *line) {
        WCHAR *end = wcschr(line, L'\n');

        if (end)
            *end = 0;
        if (wcsstr(line, OUR_GROUP) && wcsstr(line, OUR_TAG)) {
            ours++;
            swprintf(data, cap, L"%ls", wcschr(line, L'=') + 1);
        }
        line = end ? end + 1 : NULL;
    }
    free(snap);
    return ours;
}

/* Stored rules whose Name is exactly name. */
static unsigned named(const WCHAR *name)
{
    DWORD n;
    WCHAR *snap = lab_snapshot(LAB_RULES, &n), needle[256];
    const WCHAR *p = snap;
    unsigned count = 0;

    swprintf(needle, 256, L"|Name=%ls|", name);
    while ((p = wcsstr(p, needle)) != NULL) {
        count++;
        p += wcslen(needle);
    }
    free(snap);
    return count;
}

/* Before this change our rule was named "Passive FTP" and the backend refused to replace the
 * person's rule of that name: the item failed, "changed by someone else", exit 1. */
static void foreign_rule_sharing_our_name_survives_range_rule_apply(void)
{
    WCHAR ours[1024];
    DWORD code;

    set_person_rule();
    ok(person_rule_identical() && our_rules(ours, 1024) == 0, "a person's rule \"Passive FTP\" and none of ours");
    code = run(L"apply 5001-5010 --mode range-rule --yes");
    ok(code == 0, "apply beside it: exit %lu\n%s", (unsigned long)code, out);
    ok(!strstr(out, "changed by someone else"), "nothing reported as changed by someone else");
    ok(our_rules(ours, 1024) == 1 && wcsstr(ours, L"|Name=Passive FTP 5001-5010|") && wcsstr(ours, L"|LPort=5001-5010|")
           && wcsstr(ours, L"|Active=TRUE|"),
       "ours is \"Passive FTP 5001-5010\", tagged: %ls", ours);
    ok(person_rule_identical() && named(L"Passive FTP") == 1, "the person's rule is byte-identical");
}

static void foreign_rule_sharing_our_name_survives_remove(void)
{
    WCHAR ours[1024];
    DWORD code = run(L"remove --yes");

    ok(code == 0, "remove: exit %lu\n%s", (unsigned long)code, out);
    ok(our_rules(ours, 1024) == 0 && named(L"Passive FTP 5001-5010") == 0, "ours is gone (%ls)", ours);
    ok(person_rule_identical() && named(L"Passive FTP") == 1, "the person's rule is byte-identical");
}

/* A new range is a new rule and the removal of ours for the old one: never two of ours, never
 * the person's rule. */
static void range_change_replaces_our_rule_only(void)
{
    WCHAR ours[1024];
    DWORD code = run(L"apply 5001-5010 --mode range-rule --yes");

    ok(code == 0 && our_rules(ours, 1024) == 1, "apply 5001-5010: exit %lu\n%s", (unsigned long)code, out);
    code = run(L"apply 5001-5020 --mode range-rule --yes");
    ok(code == 0, "apply 5001-5020: exit %lu\n%s", (unsigned long)code, out);
    ok(our_rules(ours, 1024) == 1 && wcsstr(ours, L"|Name=Passive FTP 5001-5020|") && wcsstr(ours, L"|LPort=5001-5020|"),
       "exactly one rule of ours, for the new range: %ls", ours);
    ok(named(L"Passive FTP 5001-5010") == 0, "the old range's rule is gone");
    ok(person_rule_identical() && named(L"Passive FTP") == 1, "the person's rule is byte-identical");
    code = run(L"apply 5001-5020 --mode range-rule --yes");
    ok(code == 0 && strstr(out, "Nothing to change"), "a re-run changes nothing: exit %lu\n%s", (unsigned long)code,
       out);
}

/* Earlier versions named our rule "Passive FTP"; with the person's rule gone, such a rule
 * (tagged) is replaced by the range-named one. */
static void rule_of_ours_with_the_old_name_is_replaced(void)
{
    static const WCHAR old_sz[] = L"v2.10|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=5001-5020|"
                                  L"Name=Passive FTP|Desc=[pasvports] Passive FTP data connections.|"
                                  L"EmbedCtxt=FTP Passive Ports|";
    WCHAR ours[1024];
    HKEY key = NULL;
    DWORD code;

    ok(run(L"remove --yes") == 0 && our_rules(ours, 1024) == 0, "clean start");
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, LAB_RULES, 0, KEY_SET_VALUE, &key) == ERROR_SUCCESS) {
        RegDeleteValueW(key, PERSON_ID);
        RegSetValueExW(key, L"{0DDBA11D-0000-4000-8000-0000000000B2}", 0, REG_SZ, (const BYTE *)old_sz,
                       (DWORD)sizeof(old_sz));
        RegCloseKey(key);
    }
    code = run(L"apply 5001-5020 --mode range-rule --yes");
    ok(code == 0, "apply over the old-named rule: exit %lu\n%s", (unsigned long)code, out);
    ok(our_rules(ours, 1024) == 1 && wcsstr(ours, L"|Name=Passive FTP 5001-5020|") && named(L"Passive FTP") == 0,
       "the old-named rule is replaced: %ls", ours);
}

int wmain(int argc, WCHAR **argv)
{
    if (argc < 2) {
        skip("usage: test_rule_lab PATH-TO-pasvctl.exe");
        return test_summary("rule_lab_win10");
    }
    test_winpath(argv[1], exe, MAX_PATH);
    foreign_rule_sharing_our_name_survives_range_rule_apply();
    foreign_rule_sharing_our_name_survives_remove();
    range_change_replaces_our_rule_only();
    rule_of_ours_with_the_old_name_is_replaced();
    return test_summary("rule_lab_win10");
}
