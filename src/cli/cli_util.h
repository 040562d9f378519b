/* pasvports: the helpers every pasvctl command shares (exit codes, UTF-8, errors, files).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#ifndef PASV_CLI_UTIL_H
#define PASV_CLI_UTIL_H

#include "win.h"

#include "pasv/addr.h"
#include "pasv/range.h"
#include "session.h"

/* Exit codes, documented in pasvctl -h. */
enum {
    EXIT_DONE = 0,
    EXIT_ITEMS_FAILED = 1,
    EXIT_BAD_ARGS = 2,
    EXIT_ENVIRONMENT = 3,
    EXIT_CANCELLED = 4
};

/* UTF-8 -> LocalAlloc'd UTF-16 (NULL when out of memory). */
WCHAR *cli_wide(const char *utf8);

/* An argument as shown in an error: len bytes of utf8, control characters escaped, cut to at
 * most max characters on a UTF-16 character boundary, "..." marking the cut; LocalAlloc'd. */
WCHAR *cli_shown(const char *utf8, size_t len, size_t max);

/* Prints "pasvctl: what: why (0xCODE)" to standard error. */
void cli_failure(UINT what_id, const WCHAR *what_arg, HRESULT hr);

/* Prints a range error (PASV_MSG_RANGE_*) for text against server, prefixed "pasvctl: ". */
void cli_range_error(pasv_range_error err, const char *text, pasv_server_kind server);

/* "pasvctl apply: --scope: '300.1.1.1' is not an IPv4 address: ... Nothing was changed." (one
 * line to standard error) for value as the address validator refused it (r). */
void cli_scope_error(const WCHAR *command, const char *value, const pasv_addr_result *r);

/* The same line for another option that takes an address (--external-ip). */
void cli_addr_error(const WCHAR *command, const WCHAR *option, const char *value, const pasv_addr_result *r);

/* The server's name and state as status prints them. */
UINT cli_state_id(pasv_service_state state);

/* Writes bytes to a file (created or replaced); returns S_OK or the failure. */
HRESULT cli_write_file(const char *path_utf8, const void *data, size_t len);

#endif /* PASV_CLI_UTIL_H */
