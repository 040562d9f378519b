/* pasvports: libFuzzer target for pasvctl's command-line parser (src/core/cmdline.c) and the
 * remote-address validator it uses (src/core/addr.c).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * The input is split at NUL bytes into an argv vector (at most 16 arguments; the first is the
 * command). Invariants: the parser never crashes or reads past an argument (ASan: each argument
 * is its own exact-size allocation); the error is in range and its detail fields point into
 * argv; a successful parse yields a valid range when one was given, option values within their
 * enums, and a --scope list that the validator accepts and that is already canonical. The
 * address validator is also fed each argument directly: acceptance is stable (the canonical form
 * is a fixed point, legacy acceptance implies rules acceptance) and refusals leave the output
 * untouched and name an item inside the input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pasv/addr.h"
#include "pasv/cmdline.h"

#define CHECK(cond) \
    do { \
        if (!(cond)) \
            abort(); \
    } while (0)

#define MAX_ARGS 16

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool points_into(const char *p, char **argv, int argc)
{
    int i;
    for (i = 0; i < argc; i++)
        if (p >= argv[i] && p <= argv[i] + strlen(argv[i]))
            return true;
    return false;
}

static void check_addr(const char *text)
{
    char canon[PASV_ADDR_TEXT_MAX], again[PASV_ADDR_TEXT_MAX], legacy[PASV_ADDR_TEXT_MAX];
    pasv_addr_result res, res2, res3;
    bool ok;

    memset(canon, 0x5A, sizeof(canon));
    ok = pasv_addr_parse(text, PASV_ADDR_RULES, canon, sizeof(canon), &res);
    if (!ok) {
        CHECK(res.msg >= PASV_MSG_ADDR_EMPTY && res.msg <= PASV_MSG_ADDR_NEEDS_RULES);
        CHECK(res.item_off + res.item_len <= strlen(text));
        CHECK((unsigned char)canon[0] == 0x5A); /* untouched */
        CHECK(!pasv_addr_parse(text, PASV_ADDR_LEGACY, legacy, sizeof(legacy), &res3));
        return;
    }
    CHECK(res.msg == PASV_MSG_ADDR_OK && res.items >= 1 && res.items <= PASV_ADDR_ITEMS_MAX);
    CHECK(strlen(canon) < PASV_ADDR_TEXT_MAX && strlen(canon) > 0);
    CHECK(!strpbrk(canon, " \t"));
    CHECK(!res.any || !strcmp(canon, "*"));
    CHECK(pasv_addr_parse(canon, PASV_ADDR_RULES, again, sizeof(again), &res2));
    CHECK(!strcmp(again, canon) && res2.items == res.items && res2.needs_rules == res.needs_rules);
    if (pasv_addr_parse(text, PASV_ADDR_LEGACY, legacy, sizeof(legacy), &res3))
        CHECK(!res.needs_rules && !strcmp(legacy, canon));
    else
        CHECK(res.needs_rules && res3.msg == PASV_MSG_ADDR_NEEDS_RULES);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *argv[MAX_ARGS + 1];
    int argc = 1, i;
    size_t at = 0;
    pasv_cmdline cmd;
    pasv_cmdline_error err;

    argv[0] = malloc(8);
    if (!argv[0])
        return 0;
    memcpy(argv[0], "pasvctl", 8);
    while (at <= size && argc < MAX_ARGS) {
        const uint8_t *nul = memchr(data + at, 0, size - at);
        size_t n = nul ? (size_t)(nul - (data + at)) : size - at;
        argv[argc] = malloc(n + 1); /* exact size: ASan catches any read beyond */
        if (!argv[argc])
            break;
        memcpy(argv[argc], data + at, n);
        argv[argc][n] = 0;
        argc++;
        at += n + 1;
        if (!nul)
            break;
    }
    argv[argc] = NULL;

    err = pasv_cmdline_parse(argc, argv, &cmd);
    CHECK(err >= PASV_CMDLINE_OK && err < PASV_CMDLINE_ERROR_COUNT);
    CHECK(cmd.command >= PASV_CMD_NONE && cmd.command < PASV_CMD_COUNT);
    if (cmd.bad_arg)
        CHECK(points_into(cmd.bad_arg, argv, argc) || cmd.bad_arg[0] == '-'); /* or an option's table name */
    if (cmd.bad_value)
        CHECK(points_into(cmd.bad_value, argv, argc) || !strncmp(cmd.bad_value, "--", 2));
    if (err == PASV_CMDLINE_OK) {
        if (cmd.range_given) {
            CHECK(cmd.range_error == PASV_RANGE_OK && cmd.range.low <= cmd.range.high);
            CHECK(cmd.range_text && points_into(cmd.range_text, argv, argc));
        }
        /* apply needs a range, except to finish or undo an interrupted run (the journal's). */
        CHECK(cmd.command != PASV_CMD_APPLY || cmd.range_given || cmd.resume || cmd.rollback_unfinished);
        CHECK(!(cmd.resume && cmd.rollback_unfinished));
        CHECK(!((cmd.resume || cmd.rollback_unfinished) && cmd.range_given));
        CHECK(cmd.mode >= -1 && cmd.mode <= 1);
        CHECK(cmd.scope >= -1 && cmd.scope <= PASV_SCOPE_CUSTOM);
        CHECK(cmd.on_error >= -1 && cmd.on_error <= 1 && cmd.direct_edit >= -1 && cmd.direct_edit <= 1);
        CHECK(!(cmd.csv && cmd.json));
        CHECK(cmd.command != PASV_CMD_EXPORT || cmd.format != PASV_EXPORT_NONE);
        if (cmd.scope == PASV_SCOPE_CUSTOM) {
            char canon[PASV_ADDR_TEXT_MAX];
            pasv_addr_result res;
            CHECK(cmd.remote[0]);
            CHECK(pasv_addr_parse(cmd.remote, PASV_ADDR_RULES, canon, sizeof(canon), &res));
            CHECK(!strcmp(canon, cmd.remote) && !res.any && strcmp(canon, "LocalSubnet"));
        } else {
            CHECK(!cmd.remote[0]);
        }
        if (cmd.prefix)
            CHECK(*cmd.prefix && !strpbrk(cmd.prefix, "\":|%'`$&<>^"));
    } else if (err == PASV_CMDLINE_BAD_RANGE) {
        CHECK(cmd.range_error != PASV_RANGE_OK);
    }
    for (i = 1; i < argc; i++)
        check_addr(argv[i]);
    for (i = 0; i < argc; i++)
        free(argv[i]);
    return 0;
}
