/* pasvports: Windows Firewall remote-address lists: validation and canonical form (addr.h).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "pasv/addr.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define TOKEN_MAX 96 /* the longest canonical item: an IPv6 range, 79 bytes */

typedef struct item_ctx {
    bool needs_rules;
} item_ctx;

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool same_word(const char *s, size_t n, const char *word)
{
    size_t i;
    if (strlen(word) != n)
        return false;
    for (i = 0; i < n; i++)
        if (lower(s[i]) != lower(word[i]))
            return false;
    return true;
}

/* ---- IPv4 ---- */

static pasv_msg parse_v4(const char *s, size_t n, uint32_t *out)
{
    uint32_t value = 0;
    size_t i, start = 0;
    unsigned parts = 0;

    for (i = 0; i < n; i++)
        if (!(s[i] >= '0' && s[i] <= '9') && s[i] != '.')
            return PASV_MSG_ADDR_NOT_ADDRESS;
    for (i = 0; i <= n; i++) {
        if (i < n && s[i] != '.')
            continue;
        if (i == start || ++parts > 4)
            return PASV_MSG_ADDR_NOT_ADDRESS;
        start = i + 1;
    }
    if (parts != 4)
        return PASV_MSG_ADDR_NOT_ADDRESS;
    for (i = 0, start = 0; i <= n; i++) {
        uint32_t part = 0;
        size_t k;
        if (i < n && s[i] != '.')
            continue;
        if (i - start > 1 && s[start] == '0')
            return PASV_MSG_ADDR_LEADING_ZERO;
        if (i - start > 3)
            return PASV_MSG_ADDR_OCTET_RANGE;
        for (k = start; k < i; k++)
            part = part * 10 + (uint32_t)(s[k] - '0');
        if (part > 255)
            return PASV_MSG_ADDR_OCTET_RANGE;
        value = value << 8 | part;
        start = i + 1;
    }
    *out = value;
    return PASV_MSG_ADDR_OK;
}

static int format_v4(uint32_t a, char *buf, size_t cap)
{
    return snprintf(buf, cap, "%u.%u.%u.%u", (unsigned)(a >> 24), (unsigned)(a >> 16 & 0xFF),
                    (unsigned)(a >> 8 & 0xFF), (unsigned)(a & 0xFF));
}

/* A prefix length: digits only, no leading zero, at most max. */
static pasv_msg parse_prefix(const char *s, size_t n, unsigned max, unsigned *out)
{
    unsigned v = 0;
    size_t i;
    if (!n)
        return PASV_MSG_ADDR_NOT_ADDRESS;
    for (i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return PASV_MSG_ADDR_NOT_ADDRESS;
    if (n > 1 && s[0] == '0')
        return PASV_MSG_ADDR_LEADING_ZERO;
    if (n > 3)
        return PASV_MSG_ADDR_PREFIX_RANGE;
    for (i = 0; i < n; i++)
        v = v * 10 + (unsigned)(s[i] - '0');
    if (v > max)
        return PASV_MSG_ADDR_PREFIX_RANGE;
    *out = v;
    return PASV_MSG_ADDR_OK;
}

/* ---- IPv6 (RFC 4291 section 2.2 text forms; RFC 5952 output) ---- */

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = lower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static pasv_msg parse_v6(const char *s, size_t n, uint8_t out[16])
{
    uint16_t groups[8];
    size_t i = 0, count = 0;
    int gap = -1; /* index in groups where "::" stands */
    size_t k;

    if (n < 2)
        return PASV_MSG_ADDR_BAD_IPV6;
    if (s[0] == ':') {
        if (s[1] != ':')
            return PASV_MSG_ADDR_BAD_IPV6;
        gap = 0;
        i = 2;
        if (i == n)
            goto done;
    }
    for (;;) {
        size_t start = i, digits;
        unsigned v = 0;
        while (i < n && hex_value(s[i]) >= 0)
            i++;
        digits = i - start;
        if (i < n && s[i] == '.') {
            /* An IPv4 tail takes the last two groups. */
            uint32_t v4;
            if (count > 6 || parse_v4(s + start, n - start, &v4) != PASV_MSG_ADDR_OK)
                return PASV_MSG_ADDR_BAD_IPV6;
            groups[count++] = (uint16_t)(v4 >> 16);
            groups[count++] = (uint16_t)(v4 & 0xFFFF);
            break;
        }
        if (!digits || digits > 4 || count >= 8)
            return PASV_MSG_ADDR_BAD_IPV6;
        for (k = start; k < i; k++)
            v = v << 4 | (unsigned)hex_value(s[k]);
        groups[count++] = (uint16_t)v;
        if (i == n)
            break;
        if (s[i] != ':')
            return PASV_MSG_ADDR_BAD_IPV6;
        i++;
        if (i < n && s[i] == ':') {
            if (gap >= 0)
                return PASV_MSG_ADDR_BAD_IPV6;
            gap = (int)count;
            i++;
            if (i == n)
                break;
        } else if (i == n) {
            return PASV_MSG_ADDR_BAD_IPV6; /* a trailing single colon */
        }
    }
done:
    if (gap < 0 ? count != 8 : count > 7)
        return PASV_MSG_ADDR_BAD_IPV6;
    memset(out, 0, 16);
    for (k = 0; k < count; k++) {
        size_t at = gap >= 0 && k >= (size_t)gap ? k + (8 - count) : k;
        out[2 * at] = (uint8_t)(groups[k] >> 8);
        out[2 * at + 1] = (uint8_t)(groups[k] & 0xFF);
    }
    return PASV_MSG_ADDR_OK;
}

static int format_v6(const uint8_t a[16], char *buf, size_t cap)
{
    unsigned g[8];
    int best = -1, best_len = 0, run = -1, run_len = 0, i;
    size_t used = 0;

    for (i = 0; i < 8; i++) {
        g[i] = (unsigned)a[2 * i] << 8 | a[2 * i + 1];
        if (!g[i]) {
            if (run < 0)
                run = i, run_len = 0;
            if (++run_len > best_len)
                best = run, best_len = run_len;
        } else {
            run = -1;
        }
    }
    if (best_len < 2)
        best = -1; /* RFC 5952 4.2.2: "::" never stands for one group */
    if (cap)
        buf[0] = 0;
    for (i = 0; i < 8; i++) {
        int n;
        if (i == best) {
            n = snprintf(buf + used, cap - used, "::");
            i += best_len - 1;
        } else {
            n = snprintf(buf + used, cap - used, "%s%x", i && i != best + best_len ? ":" : "", g[i]);
        }
        if (n < 0 || (size_t)n >= cap - used)
            return -1;
        used += (size_t)n;
    }
    return (int)used;
}

/* ---- one item ---- */

typedef struct address {
    bool v6;
    uint32_t v4;
    uint8_t bytes[16];
} address;

static pasv_msg parse_address(const char *s, size_t n, address *a)
{
    a->v6 = memchr(s, ':', n) != NULL;
    return a->v6 ? parse_v6(s, n, a->bytes) : parse_v4(s, n, &a->v4);
}

static int format_address(const address *a, char *buf, size_t cap)
{
    return a->v6 ? format_v6(a->bytes, buf, cap) : format_v4(a->v4, buf, cap);
}

static int compare(const address *x, const address *y)
{
    if (!x->v6)
        return x->v4 < y->v4 ? -1 : x->v4 > y->v4;
    return memcmp(x->bytes, y->bytes, 16);
}

/* A dotted mask as a prefix length, or -1 when its ones are not contiguous. */
static int mask_bits(uint32_t mask)
{
    int bits = 0;
    while (bits < 32 && (mask & (0x80000000u >> bits)))
        bits++;
    return bits < 32 && (mask << bits) ? -1 : bits;
}

static pasv_msg parse_range(const char *s, size_t n, const char *dash, char *tok, item_ctx *ctx)
{
    address lo, hi;
    size_t ln = (size_t)(dash - s);
    pasv_msg m;
    int used;

    if (memchr(s, '/', n) || memchr(dash + 1, '-', n - ln - 1))
        return PASV_MSG_ADDR_NOT_ADDRESS;
    if ((m = parse_address(s, ln, &lo)) != PASV_MSG_ADDR_OK ||
        (m = parse_address(dash + 1, n - ln - 1, &hi)) != PASV_MSG_ADDR_OK)
        return m;
    if (lo.v6 != hi.v6)
        return PASV_MSG_ADDR_RANGE_MIXED;
    if (compare(&lo, &hi) > 0)
        return PASV_MSG_ADDR_RANGE_REVERSED;
    /* needs_rules describes what is written: a range of one address is written as the address. */
    ctx->needs_rules = compare(&lo, &hi) != 0 || lo.v6;
    used = format_address(&lo, tok, TOKEN_MAX);
    if (used > 0 && compare(&lo, &hi) != 0) {
        tok[used++] = '-';
        used = format_address(&hi, tok + used, TOKEN_MAX - (size_t)used) < 0 ? -1 : used;
    }
    return used < 0 ? PASV_MSG_ADDR_NOT_ADDRESS : PASV_MSG_ADDR_OK;
}

static pasv_msg parse_subnet(const char *s, size_t n, char *tok, item_ctx *ctx)
{
    const char *slash = memchr(s, '/', n);
    size_t an = slash ? (size_t)(slash - s) : n, mn = slash ? n - an - 1 : 0;
    unsigned bits;
    address a;
    pasv_msg m;
    int used;

    if ((m = parse_address(s, an, &a)) != PASV_MSG_ADDR_OK)
        return m;
    bits = a.v6 ? 128 : 32;
    if (slash) {
        uint32_t mask;
        if (!a.v6 && memchr(slash + 1, '.', mn)) {
            int b;
            if ((m = parse_v4(slash + 1, mn, &mask)) != PASV_MSG_ADDR_OK)
                return m;
            if ((b = mask_bits(mask)) < 0)
                return PASV_MSG_ADDR_BAD_MASK;
            bits = (unsigned)b;
        } else if ((m = parse_prefix(slash + 1, mn, a.v6 ? 128 : 32, &bits)) != PASV_MSG_ADDR_OK) {
            return m;
        }
    }
    ctx->needs_rules |= a.v6;
    used = format_address(&a, tok, TOKEN_MAX);
    if (used > 0 && bits != (a.v6 ? 128u : 32u))
        used = snprintf(tok + used, TOKEN_MAX - (size_t)used, "/%u", bits) < 0 ? -1 : used;
    return used < 0 ? PASV_MSG_ADDR_NOT_ADDRESS : PASV_MSG_ADDR_OK;
}

/* One item, blanks already trimmed, into its canonical token. */
static pasv_msg parse_item(const char *s, size_t n, char *tok, item_ctx *ctx)
{
    static const struct { const char *word; bool rules_only; } keywords[] = {
        {"LocalSubnet", false}, {"DefaultGateway", true}, {"DHCP", true}, {"DNS", true}, {"WINS", true},
    };
    const char *dash;
    size_t i;

    ctx->needs_rules = false;
    for (i = 0; i < n; i++)
        if (is_blank(s[i]))
            return PASV_MSG_ADDR_BLANK_INSIDE;
    if (n == 1 && s[0] == '*') {
        strcpy(tok, "*");
        return PASV_MSG_ADDR_OK;
    }
    for (i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++) {
        if (same_word(s, n, keywords[i].word)) {
            strcpy(tok, keywords[i].word);
            ctx->needs_rules = keywords[i].rules_only;
            return PASV_MSG_ADDR_OK;
        }
    }
    dash = memchr(s, '-', n);
    return dash ? parse_range(s, n, dash, tok, ctx) : parse_subnet(s, n, tok, ctx);
}

/* ---- the list ---- */

static bool has_token(const char *list, size_t len, const char *tok)
{
    size_t tn = strlen(tok), at = 0;
    while (at < len) {
        const char *comma = memchr(list + at, ',', len - at);
        size_t n = comma ? (size_t)(comma - (list + at)) : len - at;
        if (n == tn && !memcmp(list + at, tok, tn))
            return true;
        at += n + 1;
    }
    return false;
}

static bool refuse(pasv_addr_result *res, pasv_msg msg, size_t off, size_t len)
{
    res->msg = msg;
    res->item_off = off;
    res->item_len = len;
    res->items = 0;
    res->any = res->needs_rules = false;
    return false;
}

bool pasv_addr_parse(const char *text, pasv_addr_api api, char *canon, size_t cap, pasv_addr_result *res)
{
    char out[PASV_ADDR_TEXT_MAX];
    size_t len, used = 0, at = 0, all_start, all_end;
    unsigned items = 0;
    bool any = false, needs_rules = false;

    memset(res, 0, sizeof(*res));
    if (!text)
        return refuse(res, PASV_MSG_ADDR_EMPTY, 0, 0);
    len = strlen(text);
    if (len > PASV_ADDR_INPUT_MAX) {
        res->limit = PASV_ADDR_INPUT_MAX;
        return refuse(res, PASV_MSG_ADDR_TOO_LONG, 0, len);
    }
    for (all_start = 0; all_start < len && is_blank(text[all_start]); all_start++)
        ;
    for (all_end = len; all_end > all_start && is_blank(text[all_end - 1]); all_end--)
        ;
    if (all_start == all_end)
        return refuse(res, PASV_MSG_ADDR_EMPTY, 0, len);
    out[0] = 0;
    for (;;) {
        const char *comma = memchr(text + at, ',', len - at);
        size_t end = comma ? (size_t)(comma - text) : len, s = at, e = end, tn;
        char tok[TOKEN_MAX];
        item_ctx ctx = {false};
        pasv_msg m;

        while (s < e && is_blank(text[s]))
            s++;
        while (e > s && is_blank(text[e - 1]))
            e--;
        if (s == e)
            return refuse(res, PASV_MSG_ADDR_EMPTY_ITEM, all_start, all_end - all_start);
        if (++items > PASV_ADDR_ITEMS_MAX) {
            res->limit = PASV_ADDR_ITEMS_MAX;
            return refuse(res, PASV_MSG_ADDR_TOO_MANY, all_start, all_end - all_start);
        }
        m = parse_item(text + s, e - s, tok, &ctx);
        if (m == PASV_MSG_ADDR_PREFIX_RANGE)
            res->limit = memchr(text + s, ':', e - s) ? 128 : 32;
        if (m != PASV_MSG_ADDR_OK)
            return refuse(res, m, s, e - s);
        if (ctx.needs_rules && api != PASV_ADDR_RULES)
            return refuse(res, PASV_MSG_ADDR_NEEDS_RULES, s, e - s);
        if (!strcmp(tok, "*")) {
            if (comma || at != 0)
                return refuse(res, PASV_MSG_ADDR_STAR_NOT_ALONE, s, e - s);
            any = true;
        }
        needs_rules |= ctx.needs_rules;
        tn = strlen(tok);
        if (!has_token(out, used, tok)) {
            if (used + (used ? 1 : 0) + tn + 1 > sizeof(out)) {
                res->limit = PASV_ADDR_INPUT_MAX;
                return refuse(res, PASV_MSG_ADDR_TOO_LONG, all_start, all_end - all_start);
            }
            if (used)
                out[used++] = ',';
            memcpy(out + used, tok, tn + 1);
            used += tn;
        }
        if (!comma)
            break;
        at = end + 1;
    }
    if (used + 1 > cap) {
        res->limit = (unsigned)(cap ? cap - 1 : 0);
        return refuse(res, PASV_MSG_ADDR_TOO_LONG, all_start, all_end - all_start);
    }
    memcpy(canon, out, used + 1);
    res->msg = PASV_MSG_ADDR_OK;
    res->any = any;
    res->needs_rules = needs_rules;
    /* Count the canonical items, duplicates dropped. */
    {
        size_t i;
        res->items = 1;
        for (i = 0; i < used; i++)
            res->items += out[i] == ',';
    }
    return true;
}

/* ---- One IPv4 host (externalIp4Address) ---- */

#define IPV4_INPUT_MAX 64 /* far more than "255.255.255.255" with blanks */

static pasv_ipv4_kind ipv4_kind(uint32_t a)
{
    if ((a >> 24) == 127)
        return PASV_IPV4_LOOPBACK;
    if ((a >> 24) == 10 || (a >> 20) == 0xAC1 || (a >> 16) == 0xC0A8 || (a >> 22) == (100u << 2 | 1u) ||
        (a >> 16) == 0xA9FE)
        return PASV_IPV4_PRIVATE;
    return PASV_IPV4_PUBLIC;
}

bool pasv_addr_ipv4_host(const char *text, char *canon, size_t cap, pasv_ipv4_kind *kind, pasv_addr_result *res)
{
    size_t len, s = 0, e;
    uint32_t a = 0;
    pasv_msg m;
    pasv_ipv4_kind k;

    memset(res, 0, sizeof(*res));
    /* Empty is "not an IPv4 address" here: the list validator's EMPTY text asks for a list. */
    if (!text)
        return refuse(res, PASV_MSG_ADDR_NOT_IPV4, 0, 0);
    for (len = 0; len <= IPV4_INPUT_MAX && text[len]; len++)
        ;
    if (len > IPV4_INPUT_MAX) {
        res->limit = IPV4_INPUT_MAX;
        return refuse(res, PASV_MSG_ADDR_TOO_LONG, 0, len);
    }
    e = len;
    while (s < e && is_blank(text[s]))
        s++;
    while (e > s && is_blank(text[e - 1]))
        e--;
    if (s == e)
        return refuse(res, PASV_MSG_ADDR_NOT_IPV4, 0, len);
    m = parse_v4(text + s, e - s, &a);
    if (m == PASV_MSG_ADDR_NOT_ADDRESS)
        m = PASV_MSG_ADDR_NOT_IPV4;
    if (m != PASV_MSG_ADDR_OK)
        return refuse(res, m, s, e - s);
    if ((a >> 24) == 0 || (a >> 24) >= 224)
        return refuse(res, PASV_MSG_ADDR_NOT_HOST, s, e - s);
    if (cap < 16)
        return refuse(res, PASV_MSG_ADDR_TOO_LONG, s, e - s);
    k = ipv4_kind(a);
    format_v4(a, canon, cap);
    *kind = k;
    res->msg = k == PASV_IPV4_LOOPBACK ? PASV_MSG_ADDR_WARN_LOOPBACK
               : k == PASV_IPV4_PRIVATE ? PASV_MSG_ADDR_WARN_PRIVATE
                                        : PASV_MSG_ADDR_OK;
    res->item_off = s;
    res->item_len = e - s;
    res->items = 1;
    return true;
}
