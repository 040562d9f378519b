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
    char name[PASV_FW_NAME_MAX];
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
    e = fake_port("", 5010, 3, PASV_FW_ENABLED);
    memset(e.name, 'A', sizeof(e.name));
    pasv_fw_list_push(&list, &e); /* 9 unterminated name */

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
    test_name_is_ours();
    test_classify();
    return test_summary("firewall");
}
