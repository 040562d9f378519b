/* pasvports: unit tests for firewall lists, exception names and classification.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 */
#include <string.h>

#include "fakes.h"
#include "pasv/firewall.h"
#include "testlib.h"

static void test_list(void)
{
    pasv_fw_list list;
    pasv_fw_entry e = fake_port("x", 1, 1, 0);
    size_t i;
    bool all = true;

    pasv_fw_list_init(&list);
    ok(list.items == NULL && list.count == 0 && list.cap == 0, "init empties");
    for (i = 0; i < 1000; i++) {
        e.ports.low = e.ports.high = (uint16_t)i;
        all &= pasv_fw_list_push(&list, &e);
    }
    ok(all && list.count == 1000 && list.cap >= 1000, "1000 pushes: count %zu cap %zu", list.count, list.cap);
    ok(list.items[999].ports.low == 999 && list.items[0].ports.low == 0, "pushed in order");
    pasv_fw_list_cleanup(&list);
    ok(list.items == NULL && list.count == 0, "cleanup empties");
    pasv_fw_list_cleanup(&list); /* twice is fine */
    pasv_fw_list_cleanup(NULL);
}

static void test_port_name(void)
{
    char name[PASV_PREFIX_MAX + 8];
    char small[8];

    ok(pasv_fw_port_name(NULL, 5001, name, sizeof(name)) && strcmp(name, "Passive FTP5001") == 0,
       "default prefix, seed form: \"%s\"", name);
    ok(pasv_fw_port_name("FTP data ", 65535, name, sizeof(name)) && strcmp(name, "FTP data 65535") == 0,
       "custom prefix: \"%s\"", name);
    ok(pasv_fw_port_name("", 0, name, sizeof(name)) && strcmp(name, "0") == 0, "empty prefix, port 0");
    strcpy(small, "keep");
    ok(!pasv_fw_port_name("Passive FTP", 5001, small, sizeof(small)) && strcmp(small, "keep") == 0,
       "does not fit: false, output untouched");
    ok(pasv_fw_port_name("abc", 5001, small, sizeof(small)) && strcmp(small, "abc5001") == 0, "exact fit");
    ok(!pasv_fw_port_name("abc", 5001, small, 7), "one byte short");
    ok(!pasv_fw_port_name("abc", 5001, name, 0), "zero capacity");
}

/* Our one Vista+ rule is named for its range, never by the bare prefix a person types. */
static void test_rule_name(void)
{
    char name[PASV_FW_RULE_NAME_CAP], small[16], prefix[PASV_PREFIX_MAX + 1];
    pasv_range r = { 5001, 5201 }, one = { 5001, 5001 };

    ok(pasv_fw_rule_name(NULL, &r, name, sizeof(name)) && strcmp(name, "Passive FTP 5001-5201") == 0,
       "default prefix: \"%s\"", name);
    ok(pasv_fw_rule_name("FTP data", &one, name, sizeof(name)) && strcmp(name, "FTP data 5001") == 0,
       "one port: \"%s\"", name);
    ok(pasv_fw_rule_name("abc", &r, small, sizeof(small)) && strcmp(small, "abc 5001-5201") == 0, "fits in 14 bytes");
    ok(!pasv_fw_rule_name("abc", &r, small, 13) && small[0] == 0, "one byte short: false, \"\"");
    ok(!pasv_fw_rule_name("abc", NULL, small, sizeof(small)) && small[0] == 0, "no range");
    memset(prefix, 'x', PASV_PREFIX_MAX);
    prefix[PASV_PREFIX_MAX] = 0;
    r.low = 10000;
    r.high = 65535;
    ok(pasv_fw_rule_name(prefix, &r, name, sizeof(name)) && strlen(name) == PASV_PREFIX_MAX + 12,
       "the longest prefix and range fit PASV_FW_RULE_NAME_CAP");
}

static const struct {
    const char *prefix, *name;
    uint16_t port;
    bool ours;
} names[] = {
    { NULL, "Passive FTP5001", 5001, true },
    { NULL, "Passive FTP 5001", 5001, true },
    { "Passive FTP", "Passive FTP5001", 5001, true },
    { NULL, "Passive FTP5001", 5002, false },
    { NULL, "Passive FTP50010", 5001, false },
    { NULL, "Passive FTP500", 5001, false },
    { NULL, "Passive FTP05001", 5001, false },
    { NULL, "Passive FTP  5001", 5001, false },
    { NULL, "Passive FTP5001 ", 5001, false },
    { NULL, "Passive FTP5001x", 5001, false },
    { NULL, "passive ftp5001", 5001, false }, /* case-sensitive on purpose */
    { NULL, "Passive FTP", 5001, false },
    { NULL, "", 5001, false },
    { NULL, "Remote Desktop", 3389, false },
    { "MyFTP-", "MyFTP-7000", 7000, true },
    { "MyFTP-", "Passive FTP7000", 7000, false },
    { "", "5001", 5001, true },
};

static void test_name_is_ours(void)
{
    size_t i;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        ok(pasv_fw_name_is_ours(names[i].prefix, names[i].name, names[i].port) == names[i].ours,
           "name %zu \"%s\" port %u: expected %d", i, names[i].name, names[i].port, names[i].ours);
    ok(!pasv_fw_name_is_ours(NULL, NULL, 5001), "NULL name");
}

static void rule_names_compare_ascii_case_insensitively(void)
{
    ok(pasv_fw_rule_name_equal("Passive FTP 5001-5010", "passive ftp 5001-5010"), "ASCII case folds");
    ok(!pasv_fw_rule_name_equal("Passive FTP 5001", "Passive FTP 5001 "), "length matters");
    ok(!pasv_fw_rule_name_equal("Passive FTP", "Passive_FTP"), "other bytes must match");
    ok(!pasv_fw_rule_name_equal("\xc3\x89", "\xc3\xa9"), "non-ASCII is compared as bytes");
    ok(pasv_fw_rule_name_equal(NULL, NULL) && !pasv_fw_rule_name_equal("a", NULL) && pasv_fw_rule_name_equal(NULL, ""), "NULL reads as an empty name");
}

static void test_classify(void)
{
    pasv_fw_list list;
    pasv_fw_entry e;
    size_t i;
    static const bool expect[] = { true, true, false, false, false, true, false, false, false, false };

    pasv_fw_list_init(&list);
    e = fake_port("Passive FTP5001", 5001, 3, PASV_FW_ENABLED);
    pasv_fw_list_push(&list, &e); /* 0 seed form */
    e = fake_port("Passive FTP 5002", 5002, 1, 0);
    pasv_fw_list_push(&list, &e); /* 1 spaced form, disabled: still ours */
    e = fake_port("Passive FTP5003", 5003, 3, PASV_FW_ENABLED);
    e.protocol = PASV_PROTO_UDP;
    pasv_fw_list_push(&list, &e); /* 2 UDP never */
    e = fake_port("Passive FTP5004", 5004, 3, PASV_FW_ENABLED | PASV_FW_GP);
    pasv_fw_list_push(&list, &e); /* 3 Group Policy never */
    e = fake_port("Remote Desktop", 3389, 3, PASV_FW_ENABLED | PASV_FW_OURS);
    pasv_fw_list_push(&list, &e); /* 4 stale OURS flag is cleared */
    e = fake_rule("whatever", 5001, 5201, 7, PASV_FW_ENABLED | PASV_FW_TAGGED);
    pasv_fw_list_push(&list, &e); /* 5 tagged rule */
    e = fake_rule("Passive FTP", 5001, 5201, 7, PASV_FW_ENABLED);
    pasv_fw_list_push(&list, &e); /* 6 untagged rule: not ours, even with our name */
    e = fake_rule("x", 5001, 5201, 7, PASV_FW_ENABLED | PASV_FW_TAGGED | PASV_FW_GP);
    pasv_fw_list_push(&list, &e); /* 7 GP rule */
    e = fake_port("Passive FTP5009", 5009, 3, PASV_FW_ENABLED);
    e.ports.high = 5010;
    pasv_fw_list_push(&list, &e); /* 8 a "port" entry spanning two ports is malformed */
    {
        char longname[400];

        memset(longname, 'x', sizeof(longname) - 1);
        longname[sizeof(longname) - 1] = 0;
        memcpy(longname, "Passive FTP5010", 15);
        e = fake_port(longname, 5010, 3, PASV_FW_ENABLED);
        pasv_fw_list_push(&list, &e); /* 9 "<prefix><port>" followed by 384 more bytes: whole, foreign */
    }

    pasv_fw_classify(&list, NULL);
    for (i = 0; i < list.count; i++)
        ok(((list.items[i].flags & PASV_FW_OURS) != 0) == expect[i], "entry %zu \"%.20s\": ours expected %d", i,
           list.items[i].name, expect[i]);
    ok((list.items[1].flags & PASV_FW_ENABLED) == 0, "classify keeps other flags");
    pasv_fw_classify(&list, "Other");
    ok(!(list.items[0].flags & PASV_FW_OURS) && (list.items[5].flags & PASV_FW_OURS),
       "another prefix: names no longer ours, tagged rule still is");
    pasv_fw_classify(NULL, NULL);
    pasv_fw_list_cleanup(&list);
}

/* A long prefix once made the list cut foreign names to 95 bytes, and "<prefix>5001-backup" cut
 * to "<prefix>5001" passed for ours. Names are whole now. */
static void test_long_foreign_name_is_never_ours(void)
{
    char prefix[PASV_PREFIX_MAX + 1], ours[PASV_PREFIX_MAX + 8], foreign[PASV_PREFIX_MAX + 32];
    pasv_fw_list list;
    pasv_fw_entry e;

    memset(prefix, 'P', sizeof(prefix) - 1);
    prefix[sizeof(prefix) - 1] = 0;
    snprintf(ours, sizeof(ours), "%s5001", prefix);
    snprintf(foreign, sizeof(foreign), "%s5001-backup agent", prefix);
    pasv_fw_list_init(&list);
    e = fake_port(foreign, 5001, 1, PASV_FW_ENABLED);
    pasv_fw_list_push(&list, &e);
    e = fake_port(ours, 5001, 2, PASV_FW_ENABLED);
    pasv_fw_list_push(&list, &e);
    pasv_fw_classify(&list, prefix);
    ok(!(list.items[0].flags & PASV_FW_OURS) && strcmp(list.items[0].name, foreign) == 0,
       "foreign name kept whole (%zu bytes) and foreign", strlen(list.items[0].name));
    ok((list.items[1].flags & PASV_FW_OURS) != 0, "\"<200-byte prefix>5001\" is ours");
    pasv_fw_list_cleanup(&list);
}

/* Entries own nothing; the list copies their strings, so a pushed entry outlives its source. */
static void test_list_owns_strings(void)
{
    pasv_fw_list list;
    pasv_fw_entry e;
    char name[32], big[100000];
    size_t i, pushed = 0;

    pasv_fw_list_init(&list);
    for (i = 0; i < 20000; i++) {
        snprintf(name, sizeof(name), "entry %zu", i);
        e = fake_port(name, (uint16_t)(i + 1), 1, PASV_FW_ENABLED);
        e.remote = "10.0.0.0/8";
        pushed += pasv_fw_list_push(&list, &e);
    }
    ok(pushed == 20000, "20,000 pushes");
    memset(big, 'b', sizeof(big) - 1);
    big[sizeof(big) - 1] = 0;
    e = fake_port(big, 1, 1, 0);
    ok(pasv_fw_list_push(&list, &e), "a 99,999-byte name is stored");
    strcpy(name, "changed");
    ok(strcmp(list.items[0].name, "entry 0") == 0 && strcmp(list.items[19999].name, "entry 19999") == 0
       && strcmp(list.items[5].remote, "10.0.0.0/8") == 0 && strlen(list.items[20000].name) == sizeof(big) - 1,
       "strings are the list's own copies");
    e = fake_port("replaced", 7, 2, 0);
    ok(pasv_fw_list_replace(&list, 3, &e) && strcmp(list.items[3].name, "replaced") == 0
       && strcmp(list.items[4].name, "entry 4") == 0, "replace copies too");
    ok(!pasv_fw_list_replace(&list, list.count, &e), "replace past the end fails");
    e = fake_port(NULL, 9, 1, 0);
    ok(pasv_fw_list_push(&list, &e) && strcmp(list.items[list.count - 1].name, "") == 0,
       "a NULL name is stored as \"\"");
    pasv_fw_list_cleanup(&list);
    ok(list.strings == NULL, "cleanup frees the strings");
}

static void test_entry_same(void)
{
    pasv_fw_entry a = fake_port("Passive FTP5001", 5001, 1, PASV_FW_ENABLED), b = a;

    b.profiles = 2;
    b.flags |= PASV_FW_OURS | PASV_FW_TAGGED;
    ok(pasv_fw_entry_same(&a, &b), "profiles and our own bits do not count");
    b = a;
    b.flags = 0;
    ok(!pasv_fw_entry_same(&a, &b), "enabled state counts");
    b = a;
    b.name = "Passive FTP5001 ";
    ok(!pasv_fw_entry_same(&a, &b), "the whole name counts");
    b = a;
    b.scope = PASV_SCOPE_CUSTOM;
    b.remote = "10.0.0.0/8";
    ok(!pasv_fw_entry_same(&a, &b), "scope counts");
    a.scope = PASV_SCOPE_CUSTOM;
    a.remote = "10.0.0.0/16";
    ok(!pasv_fw_entry_same(&a, &b), "remote addresses count");
    a.remote = "10.0.0.0/8";
    ok(pasv_fw_entry_same(&a, &b), "same custom scope");
}

/* Reserving room once: later pushes reuse it (the items never move), and an impossible request
 * fails without touching the list. */
static void test_reserve(void)
{
    pasv_fw_list l;
    pasv_fw_entry e;
    pasv_fw_entry *items;
    size_t i;

    memset(&e, 0, sizeof(e));
    pasv_fw_list_init(&l);
    ok(pasv_fw_list_reserve(&l, 1000) && l.cap == 1000 && l.count == 0, "reserve 1000: cap %zu", l.cap);
    items = l.items;
    for (i = 0; i < 1000; i++) {
        e.ports.low = e.ports.high = (uint16_t)(5001 + i);
        pasv_fw_list_push(&l, &e);
    }
    ok(l.items == items && l.cap == 1000 && l.count == 1000, "1000 pushes fit without moving (cap %zu)", l.cap);
    ok(pasv_fw_list_reserve(&l, 0) && l.cap == 1000, "reserving nothing changes nothing");
    ok(!pasv_fw_list_reserve(&l, SIZE_MAX / 2) && l.items == items && l.count == 1000 && l.cap == 1000,
       "an impossible reservation fails and leaves the list as it was");
    ok(pasv_fw_list_push(&l, &e) && l.count == 1001 && l.cap == 2000, "the next push doubles: cap %zu", l.cap);
    ok(l.items[999].ports.low == 6000 && l.items[1000].ports.low == 6000, "contents kept across the growth");
    pasv_fw_list_cleanup(&l);
}

int main(void)
{
    test_list();
    test_reserve();
    test_port_name();
    test_rule_name();
    test_name_is_ours();
    rule_names_compare_ascii_case_insensitively();
    test_classify();
    test_long_foreign_name_is_never_ours();
    test_list_owns_strings();
    test_entry_same();
    return test_summary("firewall");
}
