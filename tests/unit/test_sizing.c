/* pasvports: unit tests for the sizing estimate.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 */
#include "pasv/sizing.h"
#include "testlib.h"

static const struct {
    uint16_t low, high;
    uint32_t time_wait;
    uint32_t ports, concurrent, per_minute;
    pasv_msg msg;
} cases[] = {
    { 5001, 5201, 0, 201, 200, 50, PASV_MSG_SIZING },       /* the seed's range, default 240 s */
    { 5001, 5201, 240, 201, 200, 50, PASV_MSG_SIZING },
    { 5001, 5201, 30, 201, 200, 402, PASV_MSG_SIZING },
    { 5001, 6000, 0, 1000, 1000, 250, PASV_MSG_SIZING },
    { 5001, 65535, 0, 60535, 60000, 15133, PASV_MSG_SIZING },
    { 5001, 6234, 0, 1234, 1200, 308, PASV_MSG_SIZING },
    { 5001, 5099, 0, 99, 99, 24, PASV_MSG_SIZING },
    { 5001, 5100, 0, 100, 100, 25, PASV_MSG_SIZING },
    { 5001, 5010, 0, 10, 10, 2, PASV_MSG_SIZING },
    { 5001, 5009, 0, 9, 9, 2, PASV_MSG_SIZING_SMALL },
    { 5001, 5001, 0, 1, 1, 0, PASV_MSG_SIZING_SMALL },
    { 5001, 65535, 1, 60535, 60000, 3632100, PASV_MSG_SIZING },
    { 0, 0, 0, 0, 0, 0, PASV_MSG_SIZING_SMALL },
};

int main(void)
{
    size_t i;
    pasv_sizing s;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        pasv_range r = { cases[i].low, cases[i].high };

        pasv_sizing_compute(&r, cases[i].time_wait, &s);
        ok(s.ports == cases[i].ports, "case %zu: ports %u, expected %u", i, s.ports, cases[i].ports);
        ok(s.concurrent == cases[i].concurrent, "case %zu: concurrent %u, expected %u", i, s.concurrent,
           cases[i].concurrent);
        ok(s.per_minute == cases[i].per_minute, "case %zu: per_minute %u, expected %u", i, s.per_minute,
           cases[i].per_minute);
        ok(s.msg == cases[i].msg, "case %zu: msg %u, expected %u", i, s.msg, cases[i].msg);
        ok(s.concurrent <= s.ports, "case %zu: never promises more transfers than ports", i);
    }
    pasv_sizing_compute(NULL, 0, &s);
    ok(s.ports == 0 && s.msg == PASV_MSG_SIZING_SMALL, "NULL range counts as empty");
    pasv_sizing_compute(NULL, 0, NULL); /* must not crash */
    return test_summary("sizing");
}
