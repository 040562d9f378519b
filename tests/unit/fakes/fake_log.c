/* pasvports: the call log the fakes share, and entry constructors for tests.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fakes.h"

void fake_log_init(fake_log *log)
{
    log->lines = NULL;
    log->count = log->cap = 0;
}

void fake_log_cleanup(fake_log *log)
{
    free(log->lines);
    fake_log_init(log);
}

void fake_log_add(fake_log *log, const char *fmt, ...)
{
    va_list ap;

    if (!log)
        return;
    if (log->count == log->cap) {
        size_t cap = log->cap ? log->cap * 2 : 64;
        char (*lines)[FAKE_LINE] = realloc(log->lines, cap * sizeof(*lines));

        if (!lines)
            abort(); /* a test harness may stop here; the engine's OOM paths are not under test */
        log->lines = lines;
        log->cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(log->lines[log->count], FAKE_LINE, fmt, ap);
    va_end(ap);
    log->count++;
}

size_t fake_log_find(const fake_log *log, size_t start, const char *needle)
{
    size_t i;

    for (i = start; i < log->count; i++)
        if (strstr(log->lines[i], needle))
            return i;
    return SIZE_MAX;
}

size_t fake_log_count(const fake_log *log, const char *needle)
{
    size_t i, n = 0;

    for (i = 0; i < log->count; i++)
        if (strstr(log->lines[i], needle))
            n++;
    return n;
}

pasv_fw_entry fake_port(const char *name, uint16_t port, uint32_t profiles, uint16_t flags)
{
    pasv_fw_entry e;

    pasv_fw_entry_init(&e);
    e.ports.low = e.ports.high = port;
    e.profiles = profiles;
    e.flags = flags;
    e.protocol = PASV_PROTO_TCP;
    e.kind = PASV_FW_PORT;
    e.scope = PASV_SCOPE_ANY;
    e.name = name; /* literal or caller's storage: lists copy it when the entry is pushed */
    return e;
}

pasv_fw_entry fake_rule(const char *name, uint16_t low, uint16_t high, uint32_t profiles, uint16_t flags)
{
    pasv_fw_entry e = fake_port(name, low, profiles, flags);

    e.ports.high = high;
    e.kind = PASV_FW_RULE;
    return e;
}
