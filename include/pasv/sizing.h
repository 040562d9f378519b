/* pasvports: how many passive transfers a range supports.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * A passive session uses the shared control port plus one server data port for each data
 * transfer in progress, directory listings included (not "two ports per connection" as the
 * KB 555022 paraphrase says). After a transfer, the side that closes first keeps the port's
 * 4-tuple in TIME_WAIT (Windows default 240 s, TcpTimedWaitDelay), so a port is not instantly
 * reusable for the same client: sustained throughput is bounded by ports / TIME_WAIT. */
#ifndef PASV_SIZING_H
#define PASV_SIZING_H

#include <stdint.h>

#include "pasv/range.h"
#include "pasv/status.h"

#define PASV_TIME_WAIT_DEFAULT_S 240u

typedef struct pasv_sizing {
    uint32_t ports;              /* ports in the range */
    uint32_t concurrent;         /* simultaneous transfers, rounded down to a friendly figure */
    uint32_t per_minute;         /* sustained new transfers a minute to one client under TIME_WAIT */
    pasv_msg msg;                /* PASV_MSG_SIZING or PASV_MSG_SIZING_SMALL (under 10 ports) */
} pasv_sizing;

/* time_wait_s 0 means PASV_TIME_WAIT_DEFAULT_S. */
void pasv_sizing_compute(const pasv_range *range, uint32_t time_wait_s, pasv_sizing *out);

#endif /* PASV_SIZING_H */
