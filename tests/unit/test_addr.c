/* pasvports unit tests: the remote-address validator (include/pasv/addr.h), table-driven.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include <stdio.h>
#include <string.h>

#include "pasv/addr.h"
#include "testlib.h"

typedef struct addr_case {
    const char *text;
    pasv_addr_api api;
    pasv_msg msg;          /* PASV_MSG_ADDR_OK or the reason */
    const char *expect;    /* OK: the canonical form; refused: the item named (NULL: not checked) */
} addr_case;

#define L PASV_ADDR_LEGACY
#define R PASV_ADDR_RULES

static const addr_case cases[] = {
    /* The garbage pasvctl used to write into 200 exceptions (issue 11, B15). */
    {"----", R, PASV_MSG_ADDR_NOT_ADDRESS, "----"},
    {",,,", R, PASV_MSG_ADDR_EMPTY_ITEM, ",,,"},
    {"300.1.1.1", R, PASV_MSG_ADDR_OCTET_RANGE, "300.1.1.1"},
    {"10.0.0.0/33", R, PASV_MSG_ADDR_PREFIX_RANGE, "10.0.0.0/33"},
    {"", R, PASV_MSG_ADDR_EMPTY, NULL},
    {"   ", R, PASV_MSG_ADDR_EMPTY, NULL},
    {NULL, R, PASV_MSG_ADDR_EMPTY, NULL},
    /* Empty items anywhere. */
    {"10.0.0.1,", R, PASV_MSG_ADDR_EMPTY_ITEM, NULL},
    {",10.0.0.1", R, PASV_MSG_ADDR_EMPTY_ITEM, NULL},
    {"10.0.0.1,,10.0.0.2", R, PASV_MSG_ADDR_EMPTY_ITEM, NULL},
    {"10.0.0.1, ,10.0.0.2", R, PASV_MSG_ADDR_EMPTY_ITEM, NULL},
    /* "*" */
    {"*", L, PASV_MSG_ADDR_OK, "*"},
    {" * ", R, PASV_MSG_ADDR_OK, "*"},
    {"*,10.0.0.1", R, PASV_MSG_ADDR_STAR_NOT_ALONE, "*"},
    {"10.0.0.1,*", R, PASV_MSG_ADDR_STAR_NOT_ALONE, "*"},
    {"*,*", R, PASV_MSG_ADDR_STAR_NOT_ALONE, "*"},
    {"**", R, PASV_MSG_ADDR_NOT_ADDRESS, "**"},
    /* Keywords: not case-sensitive, written one way. */
    {"localsubnet", L, PASV_MSG_ADDR_OK, "LocalSubnet"},
    {"LOCALSUBNET,LocalSubnet", L, PASV_MSG_ADDR_OK, "LocalSubnet"},
    {"dns,dhcp,wins,defaultgateway", R, PASV_MSG_ADDR_OK, "DNS,DHCP,WINS,DefaultGateway"},
    {"DNS", L, PASV_MSG_ADDR_NEEDS_RULES, "DNS"},
    {"LocalSubnet,DefaultGateway", L, PASV_MSG_ADDR_NEEDS_RULES, "DefaultGateway"},
    {"Local Subnet", R, PASV_MSG_ADDR_BLANK_INSIDE, "Local Subnet"},
    {"Internet", R, PASV_MSG_ADDR_NOT_ADDRESS, "Internet"},
    /* IPv4 addresses and subnets (the documented examples first). */
    {"10.0.0.2/255.0.0.0", L, PASV_MSG_ADDR_OK, "10.0.0.2/8"},
    {"10.0.0.2/8", L, PASV_MSG_ADDR_OK, "10.0.0.2/8"},
    {"10.0.0.2", L, PASV_MSG_ADDR_OK, "10.0.0.2"},
    {"10.0.0.2/32", L, PASV_MSG_ADDR_OK, "10.0.0.2"},
    {"10.0.0.2/255.255.255.255", L, PASV_MSG_ADDR_OK, "10.0.0.2"},
    {"0.0.0.0/0", L, PASV_MSG_ADDR_OK, "0.0.0.0/0"},
    {"0.0.0.0/0.0.0.0", L, PASV_MSG_ADDR_OK, "0.0.0.0/0"},
    {"255.255.255.255", L, PASV_MSG_ADDR_OK, "255.255.255.255"},
    {" 10.0.0.1 , 192.168.1.0/24 ", L, PASV_MSG_ADDR_OK, "10.0.0.1,192.168.1.0/24"},
    {"10.0.0.1,10.0.0.1/32,10.0.0.1", L, PASV_MSG_ADDR_OK, "10.0.0.1"},
    {"10.0.0.0/8,LocalSubnet", L, PASV_MSG_ADDR_OK, "10.0.0.0/8,LocalSubnet"},
    {"256.0.0.0", L, PASV_MSG_ADDR_OCTET_RANGE, NULL},
    {"1.2.3.1000", L, PASV_MSG_ADDR_OCTET_RANGE, NULL},
    {"1.2.3", L, PASV_MSG_ADDR_NOT_ADDRESS, "1.2.3"},
    {"1.2.3.4.5", L, PASV_MSG_ADDR_NOT_ADDRESS, NULL},
    {"1..3.4", L, PASV_MSG_ADDR_NOT_ADDRESS, NULL},
    {".1.2.3", L, PASV_MSG_ADDR_NOT_ADDRESS, NULL},
    {"1.2.3.4.", L, PASV_MSG_ADDR_NOT_ADDRESS, NULL},
    {"1.2.3.a", L, PASV_MSG_ADDR_NOT_ADDRESS, NULL},
    {"010.1.1.1", L, PASV_MSG_ADDR_LEADING_ZERO, "010.1.1.1"},
    {"10.01.1.1", L, PASV_MSG_ADDR_LEADING_ZERO, NULL},
    {"10.0.0.0/08", L, PASV_MSG_ADDR_LEADING_ZERO, NULL},
    {"10.0.0.0/255.0.255.0", L, PASV_MSG_ADDR_BAD_MASK, "10.0.0.0/255.0.255.0"},
    {"10.0.0.0/255.0.0.1", L, PASV_MSG_ADDR_BAD_MASK, NULL},
    {"10.0.0.0/256.0.0.0", L, PASV_MSG_ADDR_OCTET_RANGE, NULL},
    {"10.0.0.0/", L, PASV_MSG_ADDR_NOT_ADDRESS, NULL},
    {"10.0.0.0/8/8", L, PASV_MSG_ADDR_NOT_ADDRESS, NULL},
    {"10.0.0.0/-1", L, PASV_MSG_ADDR_NOT_ADDRESS, NULL},
    {"10.0.0.0/1000", L, PASV_MSG_ADDR_PREFIX_RANGE, NULL},
    {"10.0.0.1 10.0.0.2", L, PASV_MSG_ADDR_BLANK_INSIDE, NULL},
    {"10.0.0.1;10.0.0.2", L, PASV_MSG_ADDR_NOT_ADDRESS, NULL},
    {"evil;rm", L, PASV_MSG_ADDR_NOT_ADDRESS, "evil;rm"},
    {"10.0.0.1\"", L, PASV_MSG_ADDR_NOT_ADDRESS, NULL},
    {"10.0.0.1|Action=Block", L, PASV_MSG_ADDR_NOT_ADDRESS, NULL},
    {"10.0.0.1\n", L, PASV_MSG_ADDR_NOT_ADDRESS, NULL},
    /* IPv4 ranges: rules API only. */
    {"10.0.0.1-10.0.0.9", R, PASV_MSG_ADDR_OK, "10.0.0.1-10.0.0.9"},
    {"10.0.0.5-10.0.0.5", R, PASV_MSG_ADDR_OK, "10.0.0.5"},
    {"10.0.0.1-10.0.0.9", L, PASV_MSG_ADDR_NEEDS_RULES, "10.0.0.1-10.0.0.9"},
    {"10.0.0.5-10.0.0.5", L, PASV_MSG_ADDR_OK, "10.0.0.5"}, /* written as the address (fuzzer finding) */
    {"10.0.0.9-10.0.0.1", R, PASV_MSG_ADDR_RANGE_REVERSED, "10.0.0.9-10.0.0.1"},
    {"10.0.0.1-", R, PASV_MSG_ADDR_NOT_ADDRESS, NULL},
    {"-10.0.0.1", R, PASV_MSG_ADDR_NOT_ADDRESS, NULL},
    {"10.0.0.1-10.0.0.2-10.0.0.3", R, PASV_MSG_ADDR_NOT_ADDRESS, NULL},
    {"10.0.0.0/8-10.0.0.9", R, PASV_MSG_ADDR_NOT_ADDRESS, NULL},
    {"10.0.0.1 - 10.0.0.9", R, PASV_MSG_ADDR_BLANK_INSIDE, NULL},
    {"10.0.0.1-::1", R, PASV_MSG_ADDR_RANGE_MIXED, NULL},
    /* IPv6: rules API only; RFC 5952 output. */
    {"2001:DB8::1", R, PASV_MSG_ADDR_OK, "2001:db8::1"},
    {"2001:0db8:0000:0000:0000:0000:0000:0001", R, PASV_MSG_ADDR_OK, "2001:db8::1"},
    {"::", R, PASV_MSG_ADDR_OK, "::"},
    {"::1", R, PASV_MSG_ADDR_OK, "::1"},
    {"1::", R, PASV_MSG_ADDR_OK, "1::"},
    {"1:0:0:2:0:0:0:3", R, PASV_MSG_ADDR_OK, "1:0:0:2::3"},
    {"1:0:2:3:4:5:6:7", R, PASV_MSG_ADDR_OK, "1:0:2:3:4:5:6:7"},
    {"1::2:3:4:5:6:7", R, PASV_MSG_ADDR_OK, "1:0:2:3:4:5:6:7"},
    {"::ffff:10.1.2.3", R, PASV_MSG_ADDR_OK, "::ffff:a01:203"},
    {"fe80::/10", R, PASV_MSG_ADDR_OK, "fe80::/10"},
    {"2001:db8::/128", R, PASV_MSG_ADDR_OK, "2001:db8::"},
    {"2001:db8::1-2001:db8::ff", R, PASV_MSG_ADDR_OK, "2001:db8::1-2001:db8::ff"},
    {"2001:db8::ff-2001:db8::1", R, PASV_MSG_ADDR_RANGE_REVERSED, NULL},
    {"2001:db8::/129", R, PASV_MSG_ADDR_PREFIX_RANGE, NULL},
    {"2001:db8::1", L, PASV_MSG_ADDR_NEEDS_RULES, "2001:db8::1"},
    {"1:2:3:4:5:6:7:8:9", R, PASV_MSG_ADDR_BAD_IPV6, NULL},
    {"1::2::3", R, PASV_MSG_ADDR_BAD_IPV6, NULL},
    {"12345::1", R, PASV_MSG_ADDR_BAD_IPV6, NULL},
    {":1", R, PASV_MSG_ADDR_BAD_IPV6, NULL},
    {"1:", R, PASV_MSG_ADDR_BAD_IPV6, NULL},
    {":::", R, PASV_MSG_ADDR_BAD_IPV6, NULL},
    {"1:2:3:4:5:6:7", R, PASV_MSG_ADDR_BAD_IPV6, NULL},
    {"g::1", R, PASV_MSG_ADDR_BAD_IPV6, NULL},
    {"fe80::1%3", R, PASV_MSG_ADDR_BAD_IPV6, NULL},
    {"::1.2.3", R, PASV_MSG_ADDR_BAD_IPV6, NULL},
    {"1.2.3.4::", R, PASV_MSG_ADDR_BAD_IPV6, NULL},
    {"1:2:3:4:5:6:7:1.2.3.4", R, PASV_MSG_ADDR_BAD_IPV6, NULL},
};

static void test_table(void)
{
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const addr_case *c = &cases[i];
        char canon[PASV_ADDR_TEXT_MAX] = "untouched";
        pasv_addr_result res;
        bool valid = pasv_addr_parse(c->text, c->api, canon, sizeof(canon), &res);

        ok(valid == (c->msg == PASV_MSG_ADDR_OK) && res.msg == c->msg, "'%s' (%s): msg %u, expected %u",
           c->text ? c->text : "(null)", c->api == L ? "legacy" : "rules", (unsigned)res.msg, (unsigned)c->msg);
        if (valid && c->expect) {
            char again[PASV_ADDR_TEXT_MAX];
            pasv_addr_result res2;
            ok(!strcmp(canon, c->expect), "'%s': canonical '%s', expected '%s'", c->text, canon, c->expect);
            /* Canonical is a fixed point. */
            ok(pasv_addr_parse(canon, c->api, again, sizeof(again), &res2) && !strcmp(again, canon),
               "'%s': canonical parses to itself", canon);
        } else if (!valid) {
            ok(!strcmp(canon, "untouched"), "'%s': output untouched on failure", c->text ? c->text : "(null)");
            if (c->expect)
                ok(res.item_off + res.item_len <= strlen(c->text) && res.item_len == strlen(c->expect) &&
                       !memcmp(c->text + res.item_off, c->expect, res.item_len),
                   "'%s': names the item '%.*s', expected '%s'", c->text, (int)res.item_len, c->text + res.item_off,
                   c->expect);
        }
    }
}

static void test_limits_and_flags(void)
{
    char text[PASV_ADDR_INPUT_MAX + 64], canon[PASV_ADDR_TEXT_MAX], small[8];
    pasv_addr_result res;
    size_t i, n = 0;

    /* 101 items: too many, though short. */
    for (i = 0; i < 101; i++)
        n += (size_t)snprintf(text + n, sizeof(text) - n, "%s10.0.%u.%u", i ? "," : "", (unsigned)(i / 200),
                              (unsigned)(i % 200));
    ok(!pasv_addr_parse(text, PASV_ADDR_RULES, canon, sizeof(canon), &res) && res.msg == PASV_MSG_ADDR_TOO_MANY &&
           res.limit == PASV_ADDR_ITEMS_MAX,
       "101 items refused (%u, limit %u)", (unsigned)res.msg, res.limit);
    /* Exactly 100 is accepted, and counted. */
    text[n - strlen(",10.0.0.100")] = 0;
    ok(pasv_addr_parse(text, PASV_ADDR_RULES, canon, sizeof(canon), &res) && res.items == 100 && !res.any,
       "100 items accepted (%u items)", res.items);
    /* Longer than the input limit. */
    memset(text, ' ', PASV_ADDR_INPUT_MAX + 1);
    memcpy(text, "10.0.0.1", 8);
    text[PASV_ADDR_INPUT_MAX + 1] = 0;
    ok(!pasv_addr_parse(text, PASV_ADDR_RULES, canon, sizeof(canon), &res) && res.msg == PASV_MSG_ADDR_TOO_LONG &&
           res.limit == PASV_ADDR_INPUT_MAX,
       "over %u bytes refused", PASV_ADDR_INPUT_MAX);
    /* A caller buffer too small: refused, untouched. */
    strcpy(small, "x");
    ok(!pasv_addr_parse("192.168.100.100", PASV_ADDR_RULES, small, sizeof(small), &res) &&
           res.msg == PASV_MSG_ADDR_TOO_LONG && !strcmp(small, "x"),
       "small buffer: refused, untouched");
    /* The result's facts. */
    ok(pasv_addr_parse("*", PASV_ADDR_LEGACY, canon, sizeof(canon), &res) && res.any && res.items == 1 &&
           !res.needs_rules,
       "'*' is any");
    ok(pasv_addr_parse("10.0.0.1-10.0.0.2,::1", PASV_ADDR_RULES, canon, sizeof(canon), &res) && res.needs_rules &&
           res.items == 2,
       "ranges and IPv6 need the rules API");
    ok(pasv_addr_parse("10.0.0.0/8,LocalSubnet", PASV_ADDR_RULES, canon, sizeof(canon), &res) && !res.needs_rules,
       "IPv4 subnets and LocalSubnet do not");
    /* Every message id is in the block of this feature. */
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        if (cases[i].msg < PASV_MSG_ADDR_OK || cases[i].msg > PASV_MSG_ADDR_NEEDS_RULES)
            ok(false, "case %u: message id %u outside 1700-1715", (unsigned)i, (unsigned)cases[i].msg);
}

/* The external IPv4 address of an IIS 7+ FTP site: one dotted host address, private and loopback
 * accepted with their warning, everything else refused with its reason (the bad-input table of
 * pasvctl --external-ip). */
static void test_ipv4_host(void)
{
    static const struct {
        const char *text;
        bool accepted;
        pasv_msg msg;
        const char *canon;
        pasv_ipv4_kind kind;
    } t[] = {
        {"203.0.113.7", true, PASV_MSG_ADDR_OK, "203.0.113.7", PASV_IPV4_PUBLIC},
        {"  198.51.100.1\t", true, PASV_MSG_ADDR_OK, "198.51.100.1", PASV_IPV4_PUBLIC},
        {"10.1.2.3", true, PASV_MSG_ADDR_WARN_PRIVATE, "10.1.2.3", PASV_IPV4_PRIVATE},
        {"172.16.0.1", true, PASV_MSG_ADDR_WARN_PRIVATE, "172.16.0.1", PASV_IPV4_PRIVATE},
        {"172.31.255.255", true, PASV_MSG_ADDR_WARN_PRIVATE, "172.31.255.255", PASV_IPV4_PRIVATE},
        {"172.32.0.1", true, PASV_MSG_ADDR_OK, "172.32.0.1", PASV_IPV4_PUBLIC},
        {"192.168.1.10", true, PASV_MSG_ADDR_WARN_PRIVATE, "192.168.1.10", PASV_IPV4_PRIVATE},
        {"100.64.0.1", true, PASV_MSG_ADDR_WARN_PRIVATE, "100.64.0.1", PASV_IPV4_PRIVATE},
        {"100.128.0.1", true, PASV_MSG_ADDR_OK, "100.128.0.1", PASV_IPV4_PUBLIC},
        {"169.254.1.1", true, PASV_MSG_ADDR_WARN_PRIVATE, "169.254.1.1", PASV_IPV4_PRIVATE},
        {"127.0.0.1", true, PASV_MSG_ADDR_WARN_LOOPBACK, "127.0.0.1", PASV_IPV4_LOOPBACK},
        {"223.255.255.254", true, PASV_MSG_ADDR_OK, "223.255.255.254", PASV_IPV4_PUBLIC},
        {"300.1.1.1", false, PASV_MSG_ADDR_OCTET_RANGE, NULL, PASV_IPV4_PUBLIC},
        {"1.2.3.256", false, PASV_MSG_ADDR_OCTET_RANGE, NULL, PASV_IPV4_PUBLIC},
        {"010.1.1.1", false, PASV_MSG_ADDR_LEADING_ZERO, NULL, PASV_IPV4_PUBLIC},
        {"::1", false, PASV_MSG_ADDR_NOT_IPV4, NULL, PASV_IPV4_PUBLIC},
        {"2001:db8::1", false, PASV_MSG_ADDR_NOT_IPV4, NULL, PASV_IPV4_PUBLIC},
        {"", false, PASV_MSG_ADDR_NOT_IPV4, NULL, PASV_IPV4_PUBLIC},
        {"   ", false, PASV_MSG_ADDR_NOT_IPV4, NULL, PASV_IPV4_PUBLIC},
        {"1.2.3", false, PASV_MSG_ADDR_NOT_IPV4, NULL, PASV_IPV4_PUBLIC},
        {"1.2.3.4.5", false, PASV_MSG_ADDR_NOT_IPV4, NULL, PASV_IPV4_PUBLIC},
        {"1.2.3.4/32", false, PASV_MSG_ADDR_NOT_IPV4, NULL, PASV_IPV4_PUBLIC},
        {"1.2.3.4,5.6.7.8", false, PASV_MSG_ADDR_NOT_IPV4, NULL, PASV_IPV4_PUBLIC},
        {"ftp.example.com", false, PASV_MSG_ADDR_NOT_IPV4, NULL, PASV_IPV4_PUBLIC},
        {"1.2.3.4 x", false, PASV_MSG_ADDR_NOT_IPV4, NULL, PASV_IPV4_PUBLIC},
        {"0.0.0.0", false, PASV_MSG_ADDR_NOT_HOST, NULL, PASV_IPV4_PUBLIC},
        {"0.1.2.3", false, PASV_MSG_ADDR_NOT_HOST, NULL, PASV_IPV4_PUBLIC},
        {"224.0.0.1", false, PASV_MSG_ADDR_NOT_HOST, NULL, PASV_IPV4_PUBLIC},
        {"255.255.255.255", false, PASV_MSG_ADDR_NOT_HOST, NULL, PASV_IPV4_PUBLIC},
    };
    char canon[PASV_ADDR_TEXT_MAX], big[10001];
    pasv_addr_result res;
    pasv_ipv4_kind kind;
    size_t i;

    for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        bool got;
        strcpy(canon, "untouched");
        kind = (pasv_ipv4_kind)99;
        got = pasv_addr_ipv4_host(t[i].text, canon, sizeof(canon), &kind, &res);
        ok(got == t[i].accepted && res.msg == t[i].msg, "ipv4 host '%s': accepted %d msg %u, expected %d %u",
           t[i].text, (int)got, (unsigned)res.msg, (int)t[i].accepted, (unsigned)t[i].msg);
        if (t[i].accepted)
            ok(!strcmp(canon, t[i].canon) && kind == t[i].kind, "ipv4 host '%s': canon '%s' kind %d", t[i].text,
               canon, (int)kind);
        else
            ok(!strcmp(canon, "untouched") && kind == (pasv_ipv4_kind)99, "ipv4 host '%s': outputs untouched",
               t[i].text);
    }
    memset(big, '1', sizeof(big) - 1);
    big[sizeof(big) - 1] = 0;
    ok(!pasv_addr_ipv4_host(big, canon, sizeof(canon), &kind, &res) && res.msg == PASV_MSG_ADDR_TOO_LONG,
       "10,000 characters refused as too long");
    ok(!pasv_addr_ipv4_host(NULL, canon, sizeof(canon), &kind, &res) && res.msg == PASV_MSG_ADDR_NOT_IPV4,
       "NULL is not an address");
    ok(!pasv_addr_ipv4_host("1.2.3.4", canon, 8, &kind, &res), "a buffer under 16 bytes is refused");
}

int main(void)
{
    test_table();
    test_limits_and_flags();
    test_ipv4_host();
    return test_summary("addr");
}
