/* pasvports: passive ranges as the wide strings Windows stores (metabase, registry).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "winrange.h"

bool pasv_range_from_wide(const wchar_t *text, pasv_range *range, bool *is_set)
{
    char narrow[PASV_RANGE_MAX_INPUT + 2];
    pasv_range parsed;
    size_t i;
    bool blank = true;

    for (i = 0; text[i]; i++) {
        /* Ranges are ASCII; anything wider is as wrong as a letter, and too long is too long. */
        if (i > PASV_RANGE_MAX_INPUT)
            return false;
        narrow[i] = (text[i] < 0x80) ? (char)text[i] : '?';
        if (text[i] != L' ' && text[i] != L'\t')
            blank = false;
    }
    narrow[i] = 0;
    if (blank) {
        *is_set = false;
        return true;
    }
    if (pasv_range_parse(narrow, &parsed) != PASV_RANGE_OK)
        return false;
    *range = parsed;
    *is_set = true;
    return true;
}

void pasv_range_to_wide(const pasv_range *range, wchar_t *buf, size_t cap)
{
    char narrow[PASV_RANGE_TEXT_MAX];
    size_t i, len = pasv_range_format(range, narrow, sizeof(narrow));

    if (!cap)
        return;
    for (i = 0; i < len && i + 1 < cap; i++)
        buf[i] = (wchar_t)(unsigned char)narrow[i];
    buf[i] = 0;
}
