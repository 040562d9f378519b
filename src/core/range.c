/* pasvports: passive port ranges: parse, validate per FTP server, format (see range.h).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 */
#include <string.h>

#include "pasv/range.h"

#define PORT_MAX 65535u

/* Numbers are accumulated with this cap so that an absurdly long digit string can never
 * overflow: anything above PORT_MAX stays at PORT_MAX + 1 and is reported as TOO_LARGE. */
#define NUMBER_CAP (PORT_MAX + 1u)

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* ASCII only: isdigit() depends on the locale and is undefined for negative chars. */
static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static const char *skip_blanks(const char *p, const char *end)
{
    while (p < end && is_blank(*p))
        p++;
    return p;
}

/* Reads the digits at *pp (at least one is there) and advances past them. */
static uint32_t read_number(const char **pp, const char *end)
{
    const char *p = *pp;
    uint32_t value = 0;

    while (p < end && is_digit(*p)) {
        value = value * 10u + (uint32_t)(*p - '0');
        if (value > NUMBER_CAP)
            value = NUMBER_CAP;
        p++;
    }
    *pp = p;
    return value;
}

pasv_range pasv_range_server_default(pasv_server_kind kind)
{
    pasv_range r;

    if (kind == PASV_SERVER_IIS7) {
        /* IIS 7+: "0-0" hands the choice to the operating system's dynamic range. */
        r.low = 0;
        r.high = 0;
    } else {
        /* IIS 5/6 without PassivePortRange use the Winsock ephemeral range (cc738280). */
        r.low = 1025;
        r.high = 5000;
    }
    return r;
}

uint16_t pasv_range_server_min(pasv_server_kind kind)
{
    return kind == PASV_SERVER_IIS7 ? 1025 : 5001;
}

/* Decisions beyond range.h's grammar:
 *   - Syntax errors win over value errors: "70000-x" is NOT_DIGIT, "70000" is TOO_LARGE.
 *   - A non-digit touching a number ("50a1", "5001x") is NOT_DIGIT; junk after a complete
 *     number and a blank ("5001 x", "5001 5201", "5001-5201 x") is TRAILING.
 *   - A leading '+' is always SIGN. A leading '-' is SIGN when a digit follows at once
 *     ("-5001"); a dash with no number in front and none attached ("-", "- 5201", "--5001")
 *     is MISSING_LOW.
 *   - After the range dash, '+' is SIGN ("5001-+5201") and another dash is MULTI_DASH
 *     ("5001--5201", "5001- -5201"), as is a dash after the high number. */
pasv_range_error pasv_range_parse(const char *text, pasv_range *out)
{
    const char *p, *end;
    size_t len = 0;
    uint32_t low, high;

    if (!text)
        return PASV_RANGE_EMPTY;
    /* Bounded scan: never look further than one byte past the limit. */
    while (len <= PASV_RANGE_MAX_INPUT && text[len] != '\0')
        len++;
    if (len > PASV_RANGE_MAX_INPUT)
        return PASV_RANGE_TOO_LONG;

    p = text;
    end = text + len;
    p = skip_blanks(p, end);
    while (end > p && is_blank(end[-1]))
        end--;
    if (p == end)
        return PASV_RANGE_EMPTY;

    if (*p == '+')
        return PASV_RANGE_SIGN;
    if (*p == '-')
        return (p + 1 < end && is_digit(p[1])) ? PASV_RANGE_SIGN : PASV_RANGE_MISSING_LOW;
    if (!is_digit(*p))
        return PASV_RANGE_NOT_DIGIT;

    low = read_number(&p, end);
    high = low;
    if (p < end && !is_blank(*p) && *p != '-')
        return PASV_RANGE_NOT_DIGIT;
    p = skip_blanks(p, end);
    if (p < end) {
        if (*p != '-')
            return PASV_RANGE_TRAILING;
        p = skip_blanks(p + 1, end);
        if (p == end)
            return PASV_RANGE_MISSING_HIGH;
        if (*p == '+')
            return PASV_RANGE_SIGN;
        if (*p == '-')
            return PASV_RANGE_MULTI_DASH;
        if (!is_digit(*p))
            return PASV_RANGE_NOT_DIGIT;
        high = read_number(&p, end);
        if (p < end && !is_blank(*p) && *p != '-')
            return PASV_RANGE_NOT_DIGIT;
        p = skip_blanks(p, end);
        if (p < end)
            return *p == '-' ? PASV_RANGE_MULTI_DASH : PASV_RANGE_TRAILING;
    }

    if (low > PORT_MAX || high > PORT_MAX)
        return PASV_RANGE_TOO_LARGE;
    if (low > high)
        return PASV_RANGE_REVERSED;
    out->low = (uint16_t)low;
    out->high = (uint16_t)high;
    return PASV_RANGE_OK;
}

pasv_range_limits pasv_range_limits_of(pasv_server_kind kind)
{
    pasv_range_limits lim;

    lim.min = pasv_range_server_min(kind);
    lim.max = PORT_MAX;
    /* No IIS 5/6 meaning for 0-0: "PassivePortRange Metabase Property" validates 5001-65535 only
     * (https://learn.microsoft.com/previous-versions/windows/it-pro/windows-server-2003/
     * cc738280(v=ws.10)); 0-0 is an IIS 7+ idiom, so never write it there. */
    lim.zero_zero = kind == PASV_SERVER_IIS7;
    return lim;
}

pasv_range_limits pasv_range_limits_typed(pasv_server_kind kind)
{
    pasv_range_limits lim = pasv_range_limits_of(kind);

    lim.zero_zero = false;
    return lim;
}

pasv_range_error pasv_range_check(const pasv_range *range, const pasv_range_limits *limits)
{
    if (!range || !limits)
        return PASV_RANGE_EMPTY;
    if (range->low == 0 && range->high == 0)
        return limits->zero_zero ? PASV_RANGE_OK : PASV_RANGE_ZERO_NOT_ALLOWED;
    if (limits->zero_zero && (range->low == 0 || range->high == 0))
        return PASV_RANGE_ZERO_ONLY_BOTH;
    if (range->low > range->high)
        return PASV_RANGE_REVERSED;
    if (range->low < limits->min)
        return PASV_RANGE_BELOW_MIN;
    if (range->high > limits->max)
        return PASV_RANGE_TOO_LARGE;
    return PASV_RANGE_OK;
}

pasv_range_error pasv_range_validate(const pasv_range *range, pasv_server_kind kind)
{
    pasv_range_limits lim = pasv_range_limits_of(kind);

    return pasv_range_check(range, &lim);
}

pasv_range_error pasv_range_parse_for(const char *text, pasv_server_kind kind, pasv_range *out)
{
    pasv_range r;
    pasv_range_error err = pasv_range_parse(text, &r);

    if (err == PASV_RANGE_OK)
        err = pasv_range_validate(&r, kind);
    if (err == PASV_RANGE_OK)
        *out = r;
    return err;
}

size_t pasv_range_format(const pasv_range *range, char *buf, size_t cap)
{
    char tmp[PASV_RANGE_TEXT_MAX];
    char digits[6];
    size_t len = 0;
    int pass;

    if (!buf || cap == 0)
        return 0;
    buf[0] = '\0';
    if (!range)
        return 0;
    /* Hand-rolled instead of snprintf: no locale, no format-truncation warnings. "0-0" keeps
     * its two-number form because that is how IIS 7+ spells "OS dynamic range". */
    for (pass = 0; pass < 2; pass++) {
        unsigned v = pass == 0 ? range->low : range->high;
        size_t n = 0;

        if (pass == 1) {
            if (range->low == range->high && range->low != 0)
                break;
            tmp[len++] = '-';
        }
        do {
            digits[n++] = (char)('0' + v % 10u);
            v /= 10u;
        } while (v != 0);
        while (n > 0)
            tmp[len++] = digits[--n];
    }
    if (len + 1 > cap)
        return 0;
    memcpy(buf, tmp, len);
    buf[len] = '\0';
    return len;
}

uint32_t pasv_range_count(const pasv_range *range)
{
    if (!range || range->high == 0 || range->low > range->high)
        return 0;
    return (uint32_t)range->high - range->low + 1u;
}

pasv_msg pasv_range_error_msg(pasv_range_error err)
{
    switch (err) {
    case PASV_RANGE_OK: return PASV_MSG_RANGE_OK;
    case PASV_RANGE_EMPTY: return PASV_MSG_RANGE_EMPTY;
    case PASV_RANGE_NOT_DIGIT: return PASV_MSG_RANGE_NOT_DIGIT;
    case PASV_RANGE_SIGN: return PASV_MSG_RANGE_SIGN;
    case PASV_RANGE_TOO_LARGE: return PASV_MSG_RANGE_TOO_LARGE;
    case PASV_RANGE_REVERSED: return PASV_MSG_RANGE_REVERSED;
    case PASV_RANGE_TRAILING: return PASV_MSG_RANGE_TRAILING;
    case PASV_RANGE_MULTI_DASH: return PASV_MSG_RANGE_MULTI_DASH;
    case PASV_RANGE_MISSING_LOW: return PASV_MSG_RANGE_MISSING_LOW;
    case PASV_RANGE_MISSING_HIGH: return PASV_MSG_RANGE_MISSING_HIGH;
    case PASV_RANGE_BELOW_MIN: return PASV_MSG_RANGE_BELOW_MIN;
    case PASV_RANGE_ZERO_ONLY_BOTH: return PASV_MSG_RANGE_ZERO_ONLY_BOTH;
    case PASV_RANGE_ZERO_NOT_ALLOWED: return PASV_MSG_RANGE_ZERO_NOT_ALLOWED;
    case PASV_RANGE_TOO_LONG: return PASV_MSG_RANGE_TOO_LONG;
    case PASV_RANGE_ERROR_COUNT: break;
    }
    return PASV_MSG_NONE;
}
