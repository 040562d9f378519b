/* pasvports tests: what the product itself reads back, through a fresh session (as another
 * process, or the next run, would see it).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#ifndef PASV_TEST_SESSION_UTIL_H
#define PASV_TEST_SESSION_UTIL_H

#include <stdio.h>

#include "session.h"

/* The configured passive range into buf, or unset_text when none is configured (or it cannot be
 * read). edit, when not NULL, gets EnableEditWhileRunning (-1 unknown, -2 no session). */
static inline void test_read_range(char *buf, size_t cap, const char *unset_text, int *edit)
{
    pasv_session *s = NULL;

    snprintf(buf, cap, "%s", unset_text);
    if (edit)
        *edit = -2;
    if (FAILED(pasv_session_open(NULL, &s)))
        return;
    pasv_session_refresh(s);
    if (SUCCEEDED(s->range_hr) && s->range_set)
        pasv_range_format(&s->range, buf, cap);
    if (edit)
        *edit = s->edit_while_running;
    pasv_session_close(s);
}

#endif /* PASV_TEST_SESSION_UTIL_H */
