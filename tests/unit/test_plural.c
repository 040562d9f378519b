/* pasvports: unit test of the engine's singular/plural pick (issue 12): every counted summary
 * takes its _ONE id for a count of 1 and its own id for 0 and 2; a message without a singular
 * form is itself for any count. The texts are checked in Wine (win.strings).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "pasv/plural.h"
#include "testlib.h"

static const struct {
    pasv_msg many, one;
} cases[] = {
    {PASV_MSG_SUMMARY_DONE, PASV_MSG_SUMMARY_DONE_ONE},
    {PASV_MSG_SUMMARY_FAILED_ROLLED, PASV_MSG_SUMMARY_FAILED_ROLLED_ONE},
    {PASV_MSG_SUMMARY_FAILED_KEPT, PASV_MSG_SUMMARY_FAILED_KEPT_ONE},
    {PASV_MSG_SUMMARY_CANCELLED, PASV_MSG_SUMMARY_CANCELLED_ONE},
    {PASV_MSG_SUMMARY_RANGE_KEPT, PASV_MSG_SUMMARY_RANGE_KEPT_ONE},
    {PASV_MSG_SUMMARY_CHANGED, PASV_MSG_SUMMARY_CHANGED_ONE},
    {PASV_MSG_SIZING_SMALL, PASV_MSG_SIZING_SMALL_ONE},
    {PASV_MSG_SUMMARY_RANGE_RESTORED, PASV_MSG_SUMMARY_RANGE_RESTORED}, /* no count: one form */
};

int main(void)
{
    size_t i;
    unsigned long n;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        for (n = 0; n <= 2; n++) {
            pasv_msg want = n == 1 ? cases[i].one : cases[i].many;
            ok(pasv_msg_for_count(cases[i].many, n) == want, "message %u with %lu: %u, expected %u",
               (unsigned)cases[i].many, n, (unsigned)pasv_msg_for_count(cases[i].many, n), (unsigned)want);
        }
    for (n = 0; n <= 2; n++)
        ok(pasv_plural_id(7, 8, n) == (n == 1 ? 7u : 8u), "pasv_plural_id with %lu", n);
    return test_summary("plural");
}
