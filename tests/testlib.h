/* pasvports: a small test harness in the Wine conformance-test style, written for this project.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 *   ok(cond, fmt, ...)      records a check; on failure prints "file:line: Test failed: ..."
 *   skip(fmt, ...)          records a skipped part with its reason
 *   todo_if(cond) ok(...)   expected failure while cond holds (a known gap, e.g. a Wine stub);
 *                           an unexpected pass is itself a failure, so fixed gaps get noticed
 *   ok_at(file, line, ...)  for helpers that assert on behalf of a caller, so failures name the
 *                           caller's line: `#define check_x(a) check_x_(__FILE__, __LINE__, a)`
 *   test_summary()          prints "N passed, N failed, N skipped" and returns the exit code
 *
 * Header-only; one test program = one .c file with main() calling test_summary(). Works with
 * Linux gcc and mingw-w64 alike. */
#ifndef PASV_TESTLIB_H
#define PASV_TESTLIB_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

static int test_passed_count;
static int test_failed_count;
static int test_skipped_count;
static int test_todo_count;
static int test_todo_active;
static int test_verbose = -1;

static inline bool test_is_verbose(void)
{
    if (test_verbose < 0) {
        const char *v = getenv("PASV_TEST_VERBOSE");
        test_verbose = (v && *v && *v != '0') ? 1 : 0;
    }
    return test_verbose == 1;
}

#if defined(__GNUC__)
#define TEST_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define TEST_PRINTF(a, b)
#endif

static inline TEST_PRINTF(4, 5) bool ok_at(const char *file, int line, bool cond, const char *fmt, ...)
{
    va_list ap;
    bool todo = test_todo_active != 0;
    test_todo_active = 0;
    if (todo) {
        if (cond) {
            test_failed_count++;
            printf("%s:%d: Test succeeded inside todo block: ", file, line);
        } else {
            test_todo_count++;
            if (!test_is_verbose())
                return false;
            printf("%s:%d: Test marked todo: ", file, line);
        }
    } else if (cond) {
        test_passed_count++;
        if (!test_is_verbose())
            return true;
        printf("%s:%d: Test succeeded: ", file, line);
    } else {
        test_failed_count++;
        printf("%s:%d: Test failed: ", file, line);
    }
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    fflush(stdout);
    return cond;
}

static inline TEST_PRINTF(3, 4) void skip_at(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    test_skipped_count++;
    printf("%s:%d: Tests skipped: ", file, line);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    fflush(stdout);
}

static inline TEST_PRINTF(3, 4) void trace_at(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    printf("%s:%d: ", file, line);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    fflush(stdout);
}

#define ok(cond, ...)   ok_at(__FILE__, __LINE__, (cond) ? true : false, __VA_ARGS__)
#define skip(...)       skip_at(__FILE__, __LINE__, __VA_ARGS__)
#define trace(...)      trace_at(__FILE__, __LINE__, __VA_ARGS__)
#define todo_if(cond)   if ((cond) ? (test_todo_active = 1) : (test_todo_active = 0), 1)

/* Prints the closing line ctest logs and our CI reads; returns the process exit code. */
static inline int test_summary(const char *suite)
{
    printf("%s: %d passed, %d failed, %d skipped", suite, test_passed_count, test_failed_count,
           test_skipped_count);
    if (test_todo_count)
        printf(" (%d todo)", test_todo_count);
    putchar('\n');
    fflush(stdout);
    return test_failed_count ? 1 : 0;
}

#endif /* PASV_TESTLIB_H */
