/* pasvports: growing text buffer and output escapings (textbuf.h).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "pasv/textbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pasv_textbuf_init(pasv_textbuf *tb)
{
    memset(tb, 0, sizeof(*tb));
}

void pasv_textbuf_cleanup(pasv_textbuf *tb)
{
    free(tb->data);
    pasv_textbuf_init(tb);
}

void pasv_textbuf_reset(pasv_textbuf *tb)
{
    tb->len = 0;
    tb->failed = false;
    if (tb->data)
        tb->data[0] = 0;
}

/* Room for extra more bytes plus the NUL. */
static bool reserve(pasv_textbuf *tb, size_t extra)
{
    size_t need, cap;
    char *grown;

    if (tb->failed)
        return false;
    if (extra > PASV_TEXTBUF_MAX - tb->len) {
        tb->failed = true;
        return false;
    }
    need = tb->len + extra + 1;
    if (need <= tb->cap)
        return true;
    cap = tb->cap ? tb->cap : 256;
    while (cap < need)
        cap = cap > PASV_TEXTBUF_MAX / 2 ? PASV_TEXTBUF_MAX + 1 : cap * 2;
    grown = realloc(tb->data, cap);
    if (!grown) {
        tb->failed = true;
        return false;
    }
    tb->data = grown;
    tb->cap = cap;
    return true;
}

bool pasv_textbuf_append(pasv_textbuf *tb, const void *bytes, size_t len)
{
    if (!reserve(tb, len))
        return false;
    if (len)
        memcpy(tb->data + tb->len, bytes, len);
    tb->len += len;
    tb->data[tb->len] = 0;
    return true;
}

bool pasv_textbuf_puts(pasv_textbuf *tb, const char *s)
{
    return pasv_textbuf_append(tb, s, strlen(s));
}

bool pasv_textbuf_printf(pasv_textbuf *tb, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        tb->failed = true;
        return false;
    }
    if (!reserve(tb, (size_t)n))
        return false;
    va_start(ap, fmt);
    vsnprintf(tb->data + tb->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    tb->len += (size_t)n;
    return true;
}

/* ---- UTF-8 ---- */

size_t pasv_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    uint32_t c = u[0], min;
    size_t need, i;

    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        need = 2;
        c &= 0x1F;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        c &= 0x0F;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        c &= 0x07;
        min = 0x10000;
    } else {
        *cp = 0xFFFD;
        return 1;
    }
    if (len < need) {
        *cp = 0xFFFD;
        return 1;
    }
    for (i = 1; i < need; i++) {
        if ((u[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        c = c << 6 | (u[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
        *cp = 0xFFFD;
        return 1;
    }
    *cp = c;
    return need;
}

static bool put_cp(pasv_textbuf *tb, uint32_t cp)
{
    char b[4];
    size_t n;
    if (cp < 0x80) {
        b[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | cp >> 6);
        b[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | cp >> 12);
        b[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        b[0] = (char)(0xF0 | cp >> 18);
        b[1] = (char)(0x80 | (cp >> 12 & 0x3F));
        b[2] = (char)(0x80 | (cp >> 6 & 0x3F));
        b[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    return pasv_textbuf_append(tb, b, n);
}

/* Appends the valid run s[0..n) at once, so clean text costs one copy. */
typedef bool (*special_fn)(pasv_textbuf *tb, uint32_t cp, const char *rest, size_t left, unsigned flags);

static bool put_filtered(pasv_textbuf *tb, const char *s, size_t len, special_fn special, unsigned flags)
{
    size_t i = 0, run = 0;

    while (i < len) {
        uint32_t cp;
        size_t n = pasv_utf8_decode(s + i, len - i, &cp);
        bool invalid = cp == 0xFFFD && n == 1 && (unsigned char)s[i] >= 0x80;
        if (!invalid && !special(NULL, cp, s + i + n, len - i - n, flags)) {
            i += n;
            continue;
        }
        if (!pasv_textbuf_append(tb, s + run, i - run))
            return false;
        if (invalid ? !put_cp(tb, 0xFFFD) : !special(tb, cp, s + i + n, len - i - n, flags))
            return false;
        i += n;
        run = i;
    }
    return pasv_textbuf_append(tb, s + run, i - run);
}

/* With tb NULL: whether cp needs treatment. Otherwise: appends its replacement. */
static bool plain_special(pasv_textbuf *tb, uint32_t cp, const char *rest, size_t left, unsigned flags)
{
    (void)tb;
    (void)cp;
    (void)rest;
    (void)left;
    (void)flags;
    return false;
}

bool pasv_textbuf_put_utf8(pasv_textbuf *tb, const char *s, size_t len)
{
    return put_filtered(tb, s, len, plain_special, 0);
}

static bool is_display_control(uint32_t cp)
{
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

static bool escape_special(pasv_textbuf *tb, uint32_t cp, const char *rest, size_t left, unsigned flags)
{
    bool keep = (flags & PASV_ESCAPE_KEEP_LINES) &&
                (cp == '\t' || cp == '\n' || (cp == '\r' && left && rest[0] == '\n'));
    if (!tb)
        return is_display_control(cp) && !keep;
    return cp < 0x80 ? pasv_textbuf_printf(tb, "\\x%02x", (unsigned)cp)
                     : pasv_textbuf_printf(tb, "\\u{%04x}", (unsigned)cp);
}

bool pasv_textbuf_put_escaped(pasv_textbuf *tb, const char *s, size_t len, unsigned flags)
{
    return put_filtered(tb, s, len, escape_special, flags);
}

static bool json_special(pasv_textbuf *tb, uint32_t cp, const char *rest, size_t left, unsigned flags)
{
    (void)rest;
    (void)left;
    (void)flags;
    if (!tb)
        return cp < 0x20 || cp == '"' || cp == '\\' || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029;
    switch (cp) {
    case '"': return pasv_textbuf_puts(tb, "\\\"");
    case '\\': return pasv_textbuf_puts(tb, "\\\\");
    case '\n': return pasv_textbuf_puts(tb, "\\n");
    case '\r': return pasv_textbuf_puts(tb, "\\r");
    case '\t': return pasv_textbuf_puts(tb, "\\t");
    default: return pasv_textbuf_printf(tb, "\\u%04x", (unsigned)cp);
    }
}

bool pasv_textbuf_put_json(pasv_textbuf *tb, const char *s)
{
    return pasv_textbuf_puts(tb, "\"") && put_filtered(tb, s, strlen(s), json_special, 0) &&
           pasv_textbuf_puts(tb, "\"");
}

static bool csv_special(pasv_textbuf *tb, uint32_t cp, const char *rest, size_t left, unsigned flags)
{
    (void)rest;
    (void)left;
    (void)flags;
    if (!tb)
        return cp == '"';
    return pasv_textbuf_puts(tb, "\"\"");
}

bool pasv_textbuf_put_csv(pasv_textbuf *tb, const char *s)
{
    size_t n = strlen(s);
    bool quote = strpbrk(s, ",\"\r\n") != NULL ||
                 (n && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t'));

    if (!quote)
        return pasv_textbuf_put_utf8(tb, s, n);
    return pasv_textbuf_puts(tb, "\"") && put_filtered(tb, s, n, csv_special, 0) && pasv_textbuf_puts(tb, "\"");
}
