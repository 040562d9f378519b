/* pasvports: how many passive transfers a range supports (see sizing.h for the reasoning).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 */
#include <string.h>

#include "pasv/sizing.h"

/* A figure a person reads at a glance, never more than the truth: below 100 the exact number,
 * otherwise rounded down to two significant digits (201 -> 200, 1000 -> 1000, 1234 -> 1200,
 * 60535 -> 60000). */
static uint32_t friendly_floor(uint32_t n)
{
    uint32_t unit = 1;

    if (n < 100)
        return n;
    while (n / unit >= 100)
        unit *= 10;
    return n / unit * unit;
}

void pasv_sizing_compute(const pasv_range *range, uint32_t time_wait_s, pasv_sizing *out)
{
    pasv_sizing s;

    if (!out)
        return;
    memset(&s, 0, sizeof(s));
    if (time_wait_s == 0)
        time_wait_s = PASV_TIME_WAIT_DEFAULT_S;
    /* "0-0" (IIS 7+: the OS dynamic range) counts as 0 ports here: its size is not ours to know. */
    s.ports = pasv_range_count(range);
    /* One server data port per transfer in progress, listings included. */
    s.concurrent = friendly_floor(s.ports);
    /* Each port is reusable for the same client once its TIME_WAIT has passed. */
    s.per_minute = (uint32_t)((uint64_t)s.ports * 60u / time_wait_s);
    s.msg = s.ports < 10 ? PASV_MSG_SIZING_SMALL : PASV_MSG_SIZING;
    *out = s;
}
