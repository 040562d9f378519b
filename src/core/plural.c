/* pasvports: singular and plural forms of the engine's counted sentences (issue 12).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "pasv/plural.h"

#include <stddef.h>

static const struct {
    pasv_msg many, one;
} forms[] = {
    {PASV_MSG_SUMMARY_DONE, PASV_MSG_SUMMARY_DONE_ONE},
    {PASV_MSG_SUMMARY_FAILED_ROLLED, PASV_MSG_SUMMARY_FAILED_ROLLED_ONE},
    {PASV_MSG_SUMMARY_FAILED_KEPT, PASV_MSG_SUMMARY_FAILED_KEPT_ONE},
    {PASV_MSG_SUMMARY_CANCELLED, PASV_MSG_SUMMARY_CANCELLED_ONE},
    {PASV_MSG_SUMMARY_RANGE_KEPT, PASV_MSG_SUMMARY_RANGE_KEPT_ONE},
    {PASV_MSG_SUMMARY_CHANGED, PASV_MSG_SUMMARY_CHANGED_ONE},
    {PASV_MSG_SIZING_SMALL, PASV_MSG_SIZING_SMALL_ONE},
};

pasv_msg pasv_msg_for_count(pasv_msg msg, unsigned long n)
{
    size_t i;

    if (n != 1)
        return msg;
    for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++)
        if (forms[i].many == msg)
            return forms[i].one;
    return msg;
}

unsigned pasv_plural_id(unsigned one, unsigned many, unsigned long n)
{
    return n == 1 ? one : many;
}
