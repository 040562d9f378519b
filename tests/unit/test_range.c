/* pasvports: unit tests for range parsing, validation and formatting.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 */
#include <string.h>

#include "pasv/range.h"
#include "testlib.h"

#define IIS5 PASV_SERVER_IIS5
#define IIS6 PASV_SERVER_IIS6
#define IIS7 PASV_SERVER_IIS7

typedef struct range_case {
    const char *text;
    pasv_server_kind kind;
    pasv_range_error err; /* of pasv_range_parse_for */
    uint16_t low, high;   /* expected when err is OK */
} range_case;

static const range_case cases[] = {
    /* Accepted */
    { "5001-5201", IIS6, PASV_RANGE_OK, 5001, 5201 },
    { "5001", IIS6, PASV_RANGE_OK, 5001, 5001 },
    { "  5001 - 5201  ", IIS6, PASV_RANGE_OK, 5001, 5201 },
    { "\t5001\t-\t5201\t", IIS6, PASV_RANGE_OK, 5001, 5201 },
    { "5001 -5201", IIS6, PASV_RANGE_OK, 5001, 5201 },
    { "5001- 5201", IIS6, PASV_RANGE_OK, 5001, 5201 },
    { "65535", IIS6, PASV_RANGE_OK, 65535, 65535 },
    { "5001-65535", IIS6, PASV_RANGE_OK, 5001, 65535 },
    { "5001-5001", IIS6, PASV_RANGE_OK, 5001, 5001 },
    { "005001-05201", IIS6, PASV_RANGE_OK, 5001, 5201 },
    { "5001-5201", IIS5, PASV_RANGE_OK, 5001, 5201 },
    { "1025-5000", IIS7, PASV_RANGE_OK, 1025, 5000 },
    { "0-0", IIS7, PASV_RANGE_OK, 0, 0 },
    { " 0 - 0 ", IIS7, PASV_RANGE_OK, 0, 0 },
    { "65535-65535", IIS7, PASV_RANGE_OK, 65535, 65535 },
    /* Syntax */
    { "", IIS6, PASV_RANGE_EMPTY, 0, 0 },
    { "   \t ", IIS6, PASV_RANGE_EMPTY, 0, 0 },
    { "50a1", IIS6, PASV_RANGE_NOT_DIGIT, 0, 0 },
    { "5001x", IIS6, PASV_RANGE_NOT_DIGIT, 0, 0 },
    { "x", IIS6, PASV_RANGE_NOT_DIGIT, 0, 0 },
    { "5001-52x1", IIS6, PASV_RANGE_NOT_DIGIT, 0, 0 },
    { "5001-x", IIS6, PASV_RANGE_NOT_DIGIT, 0, 0 },
    { "5001,5201", IIS6, PASV_RANGE_NOT_DIGIT, 0, 0 },
    { "5001\n", IIS6, PASV_RANGE_NOT_DIGIT, 0, 0 },
    { "\xef\xbc\x95\xef\xbc\x90", IIS6, PASV_RANGE_NOT_DIGIT, 0, 0 }, /* fullwidth digits */
    { "-5001", IIS6, PASV_RANGE_SIGN, 0, 0 },
    { "+5001", IIS6, PASV_RANGE_SIGN, 0, 0 },
    { " -5001", IIS6, PASV_RANGE_SIGN, 0, 0 },
    { "5001-+5201", IIS6, PASV_RANGE_SIGN, 0, 0 },
    { "+", IIS6, PASV_RANGE_SIGN, 0, 0 },
    { "70000", IIS6, PASV_RANGE_TOO_LARGE, 0, 0 },
    { "65536", IIS6, PASV_RANGE_TOO_LARGE, 0, 0 },
    { "5001-65536", IIS6, PASV_RANGE_TOO_LARGE, 0, 0 },
    { "99999999999999999999999999999999", IIS6, PASV_RANGE_TOO_LARGE, 0, 0 },
    { "5001-4294967297", IIS6, PASV_RANGE_TOO_LARGE, 0, 0 },
    { "5201-5001", IIS6, PASV_RANGE_REVERSED, 0, 0 },
    { "5001 x", IIS6, PASV_RANGE_TRAILING, 0, 0 },
    { "5001 5201", IIS6, PASV_RANGE_TRAILING, 0, 0 },
    { "5001-5201 x", IIS6, PASV_RANGE_TRAILING, 0, 0 },
    { "5001-5201 5300", IIS6, PASV_RANGE_TRAILING, 0, 0 },
    { "5001-5201-5300", IIS6, PASV_RANGE_MULTI_DASH, 0, 0 },
    { "5001--5201", IIS6, PASV_RANGE_MULTI_DASH, 0, 0 },
    { "5001- -5201", IIS6, PASV_RANGE_MULTI_DASH, 0, 0 },
    { "5001-5201 -", IIS6, PASV_RANGE_MULTI_DASH, 0, 0 },
    { "-", IIS6, PASV_RANGE_MISSING_LOW, 0, 0 },
    { "- 5201", IIS6, PASV_RANGE_MISSING_LOW, 0, 0 },
    { "5001-", IIS6, PASV_RANGE_MISSING_HIGH, 0, 0 },
    { "5001 -  ", IIS6, PASV_RANGE_MISSING_HIGH, 0, 0 },
    { "0123456789012345678901234567890123456789012345678901234567890123456789", IIS6, PASV_RANGE_TOO_LONG, 0, 0 },
    /* Validation per server */
    { "5000-5201", IIS6, PASV_RANGE_BELOW_MIN, 0, 0 },
    { "1025-5000", IIS6, PASV_RANGE_BELOW_MIN, 0, 0 },
    { "1025-5000", IIS5, PASV_RANGE_BELOW_MIN, 0, 0 },
    { "1024-5000", IIS7, PASV_RANGE_BELOW_MIN, 0, 0 },
    { "0-0", IIS6, PASV_RANGE_ZERO_NOT_ALLOWED, 0, 0 },
    { "0-0", IIS5, PASV_RANGE_ZERO_NOT_ALLOWED, 0, 0 },
    { "0", IIS6, PASV_RANGE_ZERO_NOT_ALLOWED, 0, 0 },
    { "0-5000", IIS7, PASV_RANGE_ZERO_ONLY_BOTH, 0, 0 },
    { "0-5000", IIS6, PASV_RANGE_BELOW_MIN, 0, 0 },
};

static void test_table(void)
{
    size_t i;

    ok(sizeof(cases) / sizeof(cases[0]) >= 40, "table has %zu cases", sizeof(cases) / sizeof(cases[0]));
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const range_case *c = &cases[i];
        pasv_range r = { 1, 2 };
        pasv_range_error err = pasv_range_parse_for(c->text, c->kind, &r);

        ok(err == c->err, "case %zu \"%s\" (kind %d): got error %d, expected %d", i, c->text, (int)c->kind, (int)err,
           (int)c->err);
        if (c->err == PASV_RANGE_OK)
            ok(r.low == c->low && r.high == c->high, "case %zu \"%s\": got %u-%u, expected %u-%u", i, c->text, r.low,
               r.high, c->low, c->high);
        else
            ok(r.low == 1 && r.high == 2, "case %zu \"%s\": output was written on failure", i, c->text);
    }
}

static void test_too_long_boundary(void)
{
    char buf[PASV_RANGE_MAX_INPUT + 2];
    pasv_range r;

    /* Exactly the limit is still parsed (then rejected or accepted on its merits). */
    memset(buf, ' ', PASV_RANGE_MAX_INPUT);
    memcpy(buf, "5001", 4);
    buf[PASV_RANGE_MAX_INPUT] = '\0';
    ok(pasv_range_parse(buf, &r) == PASV_RANGE_OK && r.low == 5001, "64 chars with spaces parse");
    buf[PASV_RANGE_MAX_INPUT] = ' ';
    buf[PASV_RANGE_MAX_INPUT + 1] = '\0';
    ok(pasv_range_parse(buf, &r) == PASV_RANGE_TOO_LONG, "65 chars are TOO_LONG even if blank-padded");
    ok(pasv_range_parse(NULL, &r) == PASV_RANGE_EMPTY, "NULL is EMPTY");
    /* A 64-digit string: the capped accumulator reports TOO_LARGE without overflow (UBSan watches). */
    memset(buf, '9', PASV_RANGE_MAX_INPUT);
    buf[PASV_RANGE_MAX_INPUT] = '\0';
    ok(pasv_range_parse(buf, &r) == PASV_RANGE_TOO_LARGE, "64 nines are TOO_LARGE");
}

static void test_validate_direct(void)
{
    pasv_range r;

    r.low = 6000;
    r.high = 5001;
    ok(pasv_range_validate(&r, IIS6) == PASV_RANGE_REVERSED, "validate catches reversed structs");
    r.low = 5000;
    r.high = 0;
    ok(pasv_range_validate(&r, IIS7) == PASV_RANGE_ZERO_ONLY_BOTH, "x-0 on IIS 7 is ZERO_ONLY_BOTH");
    r.low = 5001;
    r.high = 65535;
    ok(pasv_range_validate(&r, IIS5) == PASV_RANGE_OK, "full range valid on IIS 5");
    ok(pasv_range_validate(NULL, IIS6) != PASV_RANGE_OK, "NULL is not valid");
}

/* The limits are a parameter of each store: IIS 5/6 5001-65535 without 0-0, IIS 7+ 1025-65535
 * with 0-0 as its own "not set" value, and a typed IIS 7+ range without 0-0. */
static void test_limits_per_store(void)
{
    static const struct {
        pasv_server_kind kind;
        bool typed;
        uint16_t low, high;
        pasv_range_error err;
    } t[] = {
        {IIS7, false, 1025, 65535, PASV_RANGE_OK},
        {IIS7, false, 1024, 5000, PASV_RANGE_BELOW_MIN},
        {IIS7, false, 0, 0, PASV_RANGE_OK},
        {IIS7, true, 0, 0, PASV_RANGE_ZERO_NOT_ALLOWED},
        {IIS7, true, 1024, 1024, PASV_RANGE_BELOW_MIN},
        {IIS7, true, 1025, 1025, PASV_RANGE_OK},
        {IIS7, true, 0, 5000, PASV_RANGE_BELOW_MIN},
        {IIS7, false, 0, 5000, PASV_RANGE_ZERO_ONLY_BOTH},
        {IIS6, false, 5000, 5201, PASV_RANGE_BELOW_MIN},
        {IIS6, false, 5001, 65535, PASV_RANGE_OK},
        {IIS6, true, 0, 0, PASV_RANGE_ZERO_NOT_ALLOWED},
        {IIS5, false, 0, 0, PASV_RANGE_ZERO_NOT_ALLOWED},
        {IIS5, false, 1025, 5000, PASV_RANGE_BELOW_MIN},
    };
    pasv_range_limits lim = pasv_range_limits_of(IIS7), narrow = {2000, 3000, false};
    pasv_range r;
    size_t i;

    ok(lim.min == 1025 && lim.max == 65535 && lim.zero_zero, "IIS 7+ store: 1025-65535 and 0-0");
    lim = pasv_range_limits_of(IIS6);
    ok(lim.min == 5001 && lim.max == 65535 && !lim.zero_zero, "IIS 6 store: 5001-65535, no 0-0");
    lim = pasv_range_limits_typed(IIS7);
    ok(lim.min == 1025 && !lim.zero_zero, "typed for IIS 7+: 1025 and no 0-0");
    for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        pasv_range_error err;
        r.low = t[i].low;
        r.high = t[i].high;
        lim = t[i].typed ? pasv_range_limits_typed(t[i].kind) : pasv_range_limits_of(t[i].kind);
        err = pasv_range_check(&r, &lim);
        ok(err == t[i].err, "limits case %zu (%u-%u, kind %d, typed %d): got %d, expected %d", i, t[i].low,
           t[i].high, (int)t[i].kind, (int)t[i].typed, (int)err, (int)t[i].err);
        if (!t[i].typed)
            ok(pasv_range_validate(&r, t[i].kind) == err, "limits case %zu: validate agrees with check", i);
    }
    r.low = 2500;
    r.high = 3001;
    ok(pasv_range_check(&r, &narrow) == PASV_RANGE_TOO_LARGE, "above a store's max is TOO_LARGE");
    r.high = 3000;
    ok(pasv_range_check(&r, &narrow) == PASV_RANGE_OK, "inside a store's own limits is OK");
    ok(pasv_range_check(NULL, &narrow) != PASV_RANGE_OK && pasv_range_check(&r, NULL) != PASV_RANGE_OK,
       "NULL range or limits are not valid");
}

static void test_format(void)
{
    static const struct {
        uint16_t low, high;
        const char *text;
    } fmt[] = {
        { 5001, 5201, "5001-5201" }, { 5001, 5001, "5001" },   { 65535, 65535, "65535" },
        { 1, 65535, "1-65535" },     { 0, 0, "0-0" },           { 1025, 5000, "1025-5000" },
    };
    char buf[PASV_RANGE_TEXT_MAX];
    size_t i;

    for (i = 0; i < sizeof(fmt) / sizeof(fmt[0]); i++) {
        pasv_range r = { fmt[i].low, fmt[i].high }, back = { 7, 7 };
        size_t n = pasv_range_format(&r, buf, sizeof(buf));

        ok(n == strlen(fmt[i].text) && strcmp(buf, fmt[i].text) == 0, "format %u-%u: got \"%s\" (%zu)", r.low, r.high,
           buf, n);
        ok(pasv_range_parse(buf, &back) == PASV_RANGE_OK && back.low == r.low && back.high == r.high,
           "round trip of \"%s\"", buf);
    }
    {
        pasv_range r = { 65535, 65535 }, wide = { 10000, 65535 };

        ok(pasv_range_format(&wide, buf, sizeof(buf)) == 11, "longest text fits PASV_RANGE_TEXT_MAX");
        ok(pasv_range_format(&r, buf, 5) == 0 && buf[0] == '\0', "too small a buffer gives 0 and \"\"");
        ok(pasv_range_format(&r, buf, 6) == 5 && strcmp(buf, "65535") == 0, "exact fit");
        ok(pasv_range_format(&r, NULL, 0) == 0, "NULL buffer");
    }
}

static void test_counts_and_defaults(void)
{
    pasv_range r = { 5001, 65535 }, z = { 0, 0 }, one = { 5001, 5001 };
    pasv_range d6 = pasv_range_server_default(IIS6), d5 = pasv_range_server_default(IIS5);
    pasv_range d7 = pasv_range_server_default(IIS7);

    ok(pasv_range_count(&r) == 60535, "5001-65535 is 60535 ports, got %u", pasv_range_count(&r));
    ok(pasv_range_count(&z) == 0, "0-0 counts 0");
    ok(pasv_range_count(&one) == 1, "single port counts 1");
    ok(d6.low == 1025 && d6.high == 5000 && d5.low == 1025 && d5.high == 5000, "IIS 5/6 default 1025-5000");
    ok(d7.low == 0 && d7.high == 0, "IIS 7 default 0-0");
    ok(pasv_range_server_min(IIS6) == 5001 && pasv_range_server_min(IIS5) == 5001, "IIS 5/6 minimum 5001");
    ok(pasv_range_server_min(IIS7) == 1025, "IIS 7 minimum 1025");
    ok(pasv_range_contains(&r, 5001) && pasv_range_contains(&r, 65535) && !pasv_range_contains(&r, 5000),
       "contains at the edges");
    ok(!pasv_range_contains(&z, 0), "0-0 contains nothing");
}

static void test_messages(void)
{
    pasv_msg seen[PASV_RANGE_ERROR_COUNT];
    int e, f;

    for (e = 0; e < PASV_RANGE_ERROR_COUNT; e++) {
        seen[e] = pasv_range_error_msg((pasv_range_error)e);
        ok(seen[e] >= 1000 && seen[e] < 1100, "error %d has a range message id (%u)", e, seen[e]);
        for (f = 0; f < e; f++)
            ok(seen[f] != seen[e], "errors %d and %d share message %u", f, e, seen[e]);
    }
    ok(pasv_range_error_msg(PASV_RANGE_OK) == PASV_MSG_RANGE_OK, "OK maps to PASV_MSG_RANGE_OK");
    ok(pasv_range_error_msg(PASV_RANGE_TOO_LONG) == PASV_MSG_RANGE_TOO_LONG, "TOO_LONG mapping");
    ok(pasv_range_error_msg(PASV_RANGE_ERROR_COUNT) == PASV_MSG_NONE, "out of range error has no message");
}

/* Every single port 1..65535 formats and parses back. */
static void test_exhaustive_round_trip(void)
{
    uint32_t p;
    unsigned bad = 0;
    char buf[PASV_RANGE_TEXT_MAX];

    for (p = 1; p <= 65535; p++) {
        pasv_range r = { (uint16_t)p, (uint16_t)p }, back;

        if (!pasv_range_format(&r, buf, sizeof(buf)) || pasv_range_parse(buf, &back) != PASV_RANGE_OK
            || back.low != p || back.high != p)
            bad++;
    }
    ok(bad == 0, "%u single ports failed the round trip", bad);
}

int main(void)
{
    test_table();
    test_too_long_boundary();
    test_validate_direct();
    test_limits_per_store();
    test_format();
    test_counts_and_defaults();
    test_messages();
    test_exhaustive_round_trip();
    return test_summary("range");
}
