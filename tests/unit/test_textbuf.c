/* pasvports unit tests: the growing text buffer and its escapings (include/pasv/textbuf.h).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pasv/textbuf.h"
#include "testlib.h"

/* An independent strict UTF-8 check (RFC 3629), so the writer is not checked against itself. */
static bool utf8_valid(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        unsigned c = u[i];
        size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        unsigned long cp;
        size_t k;
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

static void test_growth_has_no_capacity_guess(void)
{
    pasv_textbuf tb;
    size_t i;
    bool all = true;

    pasv_textbuf_init(&tb);
    for (i = 0; i < 100000; i++)
        all &= pasv_textbuf_printf(&tb, "%05u,", (unsigned)(i % 100000));
    ok(all && !tb.failed && tb.len == 600000 && strlen(tb.data) == tb.len, "600,000 bytes appended in 100,000 printfs");
    ok(!memcmp(tb.data + 599994, "99999,", 6), "last append intact");
    pasv_textbuf_reset(&tb);
    ok(tb.len == 0 && tb.data[0] == 0 && !tb.failed, "reset empties");
    ok(pasv_textbuf_append(&tb, "", 0) && tb.len == 0, "empty append");
    pasv_textbuf_cleanup(&tb);
    ok(tb.data == NULL && tb.len == 0 && tb.cap == 0, "cleanup frees");
}

static void test_failure_is_sticky_and_keeps_text(void)
{
    pasv_textbuf tb;
    pasv_textbuf_init(&tb);
    pasv_textbuf_puts(&tb, "kept");
    ok(!pasv_textbuf_append(&tb, "x", PASV_TEXTBUF_MAX), "an append past PASV_TEXTBUF_MAX fails");
    ok(tb.failed && tb.len == 4 && !strcmp(tb.data, "kept"), "the text is as it was");
    ok(!pasv_textbuf_puts(&tb, "more") && tb.len == 4, "later appends do nothing");
    pasv_textbuf_cleanup(&tb);
}

static void test_utf8_decode(void)
{
    static const struct {
        const char *bytes;
        size_t len;
        unsigned long cp;
        size_t used;
    } t[] = {
        {"A", 1, 'A', 1},
        {"\xC3\xA9", 2, 0xE9, 2},
        {"\xE2\x82\xAC", 3, 0x20AC, 3},
        {"\xF0\x9F\x98\x80", 4, 0x1F600, 4},
        {"\xC0\x80", 2, 0xFFFD, 1},         /* overlong NUL */
        {"\xE0\x80\xAF", 3, 0xFFFD, 1},     /* overlong */
        {"\xED\xA0\x80", 3, 0xFFFD, 1},     /* surrogate (CESU-8 from an unpaired UTF-16 half) */
        {"\xF4\x90\x80\x80", 4, 0xFFFD, 1}, /* beyond U+10FFFF */
        {"\x80", 1, 0xFFFD, 1},             /* stray continuation */
        {"\xE2\x82", 2, 0xFFFD, 1},         /* cut */
        {"\xFF", 1, 0xFFFD, 1},
    };
    size_t i;
    for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        uint32_t cp = 0;
        size_t used = pasv_utf8_decode(t[i].bytes, t[i].len, &cp);
        ok(cp == t[i].cp && used == t[i].used, "decode case %u: U+%04lX in %u, expected U+%04lX in %u", (unsigned)i,
           (unsigned long)cp, (unsigned)used, t[i].cp, (unsigned)t[i].used);
    }
}

static void test_escapes(void)
{
    static const struct {
        const char *in;
        unsigned flags;
        const char *escaped; /* put_escaped */
        const char *json;    /* put_json */
        const char *csv;     /* put_csv */
    } t[] = {
        {"plain", 0, "plain", "\"plain\"", "plain"},
        {"\x1b[31mred\x07", 0, "\\x1b[31mred\\x07", "\"\\u001b[31mred\\u0007\"", "\x1b[31mred\x07"},
        {"a\r\nb", 0, "a\\x0d\\x0ab", "\"a\\r\\nb\"", "\"a\r\nb\""},
        {"a\r\nb\tc\rd", PASV_ESCAPE_KEEP_LINES, "a\r\nb\tc\\x0dd", NULL, NULL},
        {"q\"uote\\", 0, "q\"uote\\", "\"q\\\"uote\\\\\"", "\"q\"\"uote\\\""},
        {"a,b", 0, "a,b", "\"a,b\"", "\"a,b\""},
        {" lead", 0, " lead", "\" lead\"", "\" lead\""},
        {"bad\xFF\xC0z", 0, "bad\xEF\xBF\xBD\xEF\xBF\xBDz", "\"bad\xEF\xBF\xBD\xEF\xBF\xBDz\"",
         "bad\xEF\xBF\xBD\xEF\xBF\xBDz"},
        {"\xC2\x9B" "2J", 0, "\\u{009b}2J", "\"\\u009b2J\"", "\xC2\x9B" "2J"},    /* C1 CSI */
        {"abc\xE2\x80\xAE" "fdp.exe", 0, "abc\\u{202e}fdp.exe", NULL, NULL},         /* RTL override */
        {"\xE2\x80\xA8", 0, "\\u{2028}", "\"\\u2028\"", NULL},
        {"caf\xC3\xA9 \xF0\x9F\x98\x80", 0, "caf\xC3\xA9 \xF0\x9F\x98\x80", "\"caf\xC3\xA9 \xF0\x9F\x98\x80\"", NULL},
        {"\x7f", 0, "\\x7f", "\"\\u007f\"", "\x7f"},
    };
    size_t i;
    for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        pasv_textbuf a, b, c;
        pasv_textbuf_init(&a);
        pasv_textbuf_init(&b);
        pasv_textbuf_init(&c);
        pasv_textbuf_put_escaped(&a, t[i].in, strlen(t[i].in), t[i].flags);
        pasv_textbuf_put_json(&b, t[i].in);
        pasv_textbuf_put_csv(&c, t[i].in);
        ok(a.data && !strcmp(a.data, t[i].escaped), "escaped case %u: '%s'", (unsigned)i, a.data ? a.data : "");
        if (t[i].json)
            ok(b.data && !strcmp(b.data, t[i].json), "json case %u: '%s'", (unsigned)i, b.data ? b.data : "");
        if (t[i].csv)
            ok(c.data && !strcmp(c.data, t[i].csv), "csv case %u: '%s'", (unsigned)i, c.data ? c.data : "");
        ok(utf8_valid(a.data, a.len) && utf8_valid(b.data, b.len) && utf8_valid(c.data, c.len),
           "case %u: every output is valid UTF-8", (unsigned)i);
        pasv_textbuf_cleanup(&a);
        pasv_textbuf_cleanup(&b);
        pasv_textbuf_cleanup(&c);
    }
}

/* Every byte value, every position: output always valid UTF-8, no raw control in escaped text. */
static void test_all_bytes(void)
{
    char in[512];
    pasv_textbuf a, b;
    size_t i;
    bool raw_control = false;

    for (i = 0; i < 256; i++) {
        in[2 * i] = (char)(i ? i : 1);
        in[2 * i + 1] = (char)(255 - i);
    }
    in[511] = 0;
    pasv_textbuf_init(&a);
    pasv_textbuf_init(&b);
    pasv_textbuf_put_escaped(&a, in, 511, 0);
    pasv_textbuf_put_json(&b, in);
    for (i = 0; i < a.len; i++)
        raw_control |= (unsigned char)a.data[i] < 0x20 || a.data[i] == 0x7f;
    ok(utf8_valid(a.data, a.len) && utf8_valid(b.data, b.len), "all byte values: valid UTF-8");
    ok(!raw_control, "all byte values: no raw control character in escaped text");
    pasv_textbuf_cleanup(&a);
    pasv_textbuf_cleanup(&b);
}

int main(void)
{
    test_growth_has_no_capacity_guess();
    test_failure_is_sticky_and_keeps_text();
    test_utf8_decode();
    test_escapes();
    test_all_bytes();
    return test_summary("textbuf");
}
