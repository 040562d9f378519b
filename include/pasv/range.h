/* pasvports: passive port ranges: parse, validate per FTP server, format.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * Grammar accepted by pasv_range_parse(), after stripping ASCII spaces and tabs at both ends
 * and around the dash:   DIGITS  |  DIGITS "-" DIGITS
 * Everything else is rejected with its own code, so the user is told exactly what is wrong:
 * "" -> EMPTY, "+5001" / "-5001"-like leading signs -> SIGN, "50a1" -> NOT_DIGIT,
 * "70000" -> TOO_LARGE, "5201-5001" -> REVERSED, "5001-" -> MISSING_HIGH,
 * "5001-5201-5300" -> MULTI_DASH, "5001 x" -> TRAILING, absurdly long input -> TOO_LONG.
 *
 * Parsing is server-independent; pasv_range_validate() then applies the target's bounds:
 * IIS 5 and IIS 6 accept 5001-65535 (MSDN cc738280), IIS 7+ accepts 1025-65535 or the
 * special "0-0", meaning "use the operating system's dynamic range". */
#ifndef PASV_RANGE_H
#define PASV_RANGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pasv/status.h"

/* An inclusive port range. A single port has low == high. {0,0} only for IIS 7+ "0-0". */
typedef struct pasv_range {
    uint16_t low;
    uint16_t high;
} pasv_range;

typedef enum pasv_range_error {
    PASV_RANGE_OK = 0,
    PASV_RANGE_EMPTY,            /* nothing but spaces */
    PASV_RANGE_NOT_DIGIT,        /* a character that is not a digit, dash or space */
    PASV_RANGE_SIGN,             /* a leading '+' or '-' on a number */
    PASV_RANGE_TOO_LARGE,        /* a number above 65535 */
    PASV_RANGE_REVERSED,         /* low > high */
    PASV_RANGE_TRAILING,         /* junk after a complete range ("5001-5201 x", "5001 5201") */
    PASV_RANGE_MULTI_DASH,       /* more than one dash */
    PASV_RANGE_MISSING_LOW,      /* " -5201" after a space-only prefix is SIGN; "x" never reaches here */
    PASV_RANGE_MISSING_HIGH,     /* "5001-" */
    PASV_RANGE_BELOW_MIN,        /* valid syntax, below the server's minimum */
    PASV_RANGE_ZERO_ONLY_BOTH,   /* "0-5000": 0 is only allowed as "0-0" (IIS 7+) */
    PASV_RANGE_ZERO_NOT_ALLOWED, /* "0-0" for a server that has no such meaning (IIS 5/6) */
    PASV_RANGE_TOO_LONG,         /* input longer than PASV_RANGE_MAX_INPUT */
    PASV_RANGE_ERROR_COUNT
} pasv_range_error;

/* Longest input considered; longer text is TOO_LONG without being scanned further. */
#define PASV_RANGE_MAX_INPUT 64
/* Longest canonical text, "65535-65535" plus NUL. */
#define PASV_RANGE_TEXT_MAX 12

typedef enum pasv_server_kind {
    PASV_SERVER_IIS5 = 0, /* Windows 2000 SP4: registry value MSFTPSVC\Parameters\PassivePortRange */
    PASV_SERVER_IIS6,     /* Windows Server 2003: metabase /LM/MSFTPSVC PassivePortRange (5016) */
    PASV_SERVER_IIS7      /* IIS 7+: applicationHost.config system.ftpServer/firewallSupport */
} pasv_server_kind;

/* What one configuration store accepts: ports min..max, and whether {0,0} is a value of its own
 * (IIS 7+: lowDataChannelPort = highDataChannelPort = 0, "use the Windows dynamic range";
 * "firewallSupport" in the IIS configuration reference,
 * https://learn.microsoft.com/en-us/iis/configuration/system.ftpserver/firewallsupport).
 * IIS 5/6 PassivePortRange: 5001-65535, no 0-0 (cc738280). IIS 7+: 1025-65535 and 0-0. */
typedef struct pasv_range_limits {
    uint16_t min;
    uint16_t max;
    bool zero_zero; /* "0-0" is accepted as the store's "not set" */
} pasv_range_limits;

/* The limits of a server's store. */
pasv_range_limits pasv_range_limits_of(pasv_server_kind kind);

/* The limits for a range a person types for apply: the store's, without "0-0" (a run opens the
 * firewall for the range it writes; "back to the default" is pasvctl remove). */
pasv_range_limits pasv_range_limits_typed(pasv_server_kind kind);

/* Checks a parsed range against limits: REVERSED, BELOW_MIN, TOO_LARGE (above max),
 * ZERO_ONLY_BOTH ("0-5000" where 0-0 is a value), ZERO_NOT_ALLOWED ("0-0" where it is not). */
pasv_range_error pasv_range_check(const pasv_range *range, const pasv_range_limits *limits);

/* The range a server uses when none is configured (IIS 5/6: 1025-5000). */
pasv_range pasv_range_server_default(pasv_server_kind kind);

/* Parses text (NUL-terminated UTF-8 or ASCII). On success fills *out and returns
 * PASV_RANGE_OK; on failure returns the error and leaves *out untouched. */
pasv_range_error pasv_range_parse(const char *text, pasv_range *out);

/* Checks a parsed range against the server's accepted values: pasv_range_check with
 * pasv_range_limits_of(kind). */
pasv_range_error pasv_range_validate(const pasv_range *range, pasv_server_kind kind);

/* Parse then validate, in one call. *out is written only on full success. */
pasv_range_error pasv_range_parse_for(const char *text, pasv_server_kind kind, pasv_range *out);

/* Canonical text: "5001" for a single port, "5001-5201" otherwise. Returns the length written
 * (without NUL), or 0 if cap is too small (then buf holds "" when cap > 0). */
size_t pasv_range_format(const pasv_range *range, char *buf, size_t cap);

/* Number of ports in the range (0 for the IIS 7+ "0-0"). */
uint32_t pasv_range_count(const pasv_range *range);

static inline bool pasv_range_contains(const pasv_range *range, uint32_t port)
{
    return port >= range->low && port <= range->high && range->high != 0;
}

/* The message id explaining an error (PASV_MSG_RANGE_*). Inserts, in order: %1 the input
 * text or offending number, %2 the server's minimum, %3 the maximum (65535). */
pasv_msg pasv_range_error_msg(pasv_range_error err);

/* Smallest port the server accepts, for messages and up-down controls (5001 or 1025). */
uint16_t pasv_range_server_min(pasv_server_kind kind);

#endif /* PASV_RANGE_H */
