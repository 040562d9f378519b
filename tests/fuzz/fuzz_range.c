/* pasvports: libFuzzer target for range parsing, validation and formatting.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * Invariants: parsing never reads past the NUL-terminated copy (ASan), a parsed range formats
 * and parses back to itself, parse_for agrees with parse + validate and leaves its output
 * untouched on failure, and every error has a message. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pasv/range.h"

#define CHECK(cond) \
    do { \
        if (!(cond)) \
            abort(); \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    pasv_range r = { 11, 22 }, back, sentinel = { 33, 44 }, via_for;
    pasv_range_error err, err_for;
    char buf[PASV_RANGE_TEXT_MAX];
    size_t len;
    int kind;

    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0'; /* exactly size + 1 bytes: ASan catches any read beyond */

    err = pasv_range_parse(text, &r);
    CHECK(err >= PASV_RANGE_OK && err < PASV_RANGE_ERROR_COUNT);
    CHECK(pasv_range_error_msg(err) != PASV_MSG_NONE);
    if (err != PASV_RANGE_OK) {
        CHECK(r.low == 11 && r.high == 22); /* untouched on failure */
    } else {
        CHECK(r.low <= r.high);
        CHECK(strlen(text) <= PASV_RANGE_MAX_INPUT);
        len = pasv_range_format(&r, buf, sizeof(buf));
        CHECK(len > 0 && len < sizeof(buf) && strlen(buf) == len);
        CHECK(pasv_range_parse(buf, &back) == PASV_RANGE_OK);
        CHECK(back.low == r.low && back.high == r.high);
        CHECK(pasv_range_count(&r) == (r.high == 0 ? 0u : (uint32_t)r.high - r.low + 1u));
    }
    for (kind = PASV_SERVER_IIS5; kind <= PASV_SERVER_IIS7; kind++) {
        via_for = sentinel;
        err_for = pasv_range_parse_for(text, (pasv_server_kind)kind, &via_for);
        if (err != PASV_RANGE_OK) {
            CHECK(err_for == err);
        } else {
            CHECK(err_for == pasv_range_validate(&r, (pasv_server_kind)kind));
        }
        if (err_for == PASV_RANGE_OK) {
            CHECK(via_for.low == r.low && via_for.high == r.high);
            CHECK(r.low == 0 || r.low >= pasv_range_server_min((pasv_server_kind)kind));
        } else {
            CHECK(via_for.low == sentinel.low && via_for.high == sentinel.high);
        }
    }
    /* Formatting into every short buffer either fits or yields "" and 0. */
    if (err == PASV_RANGE_OK) {
        size_t cap;

        for (cap = 1; cap <= sizeof(buf); cap++) {
            size_t n = pasv_range_format(&r, buf, cap);
            CHECK(n < cap && strlen(buf) == n);
        }
    }
    free(text);
    return 0;
}
