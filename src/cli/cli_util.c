/* pasvctl: the helpers every command shares (UTF-8, error lines, service state, file writes).
 * UTF-8 to UTF-16, "what: why (0xCODE)" lines, range and --scope errors, the service state's
 * name, writing a file whole.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "win.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "cli_util.h"
#include "console.h"
#include "filewrite.h"
#include "resource.h"
#include "text.h"

WCHAR *cli_wide(const char *utf8)
{
    int n = MultiByteToWideChar(CP_UTF8, 0, utf8 ? utf8 : "", -1, NULL, 0);
    WCHAR *w = n > 0 ? LocalAlloc(LMEM_FIXED, (SIZE_T)n * sizeof(WCHAR)) : NULL;
    if (w)
        MultiByteToWideChar(CP_UTF8, 0, utf8 ? utf8 : "", -1, w, n);
    return w;
}

/* An argument as shown in an error: control characters escaped, cut to at most max characters
 * on a UTF-16 character boundary (never half a surrogate pair), "..." marking the cut. */
WCHAR *cli_shown(const char *utf8, size_t len, size_t max)
{
    char *part = malloc(len + 1);
    WCHAR *w;

    if (!part)
        return NULL;
    memcpy(part, utf8 ? utf8 : "", utf8 ? len : 0);
    part[utf8 ? len : 0] = 0;
    w = cli_display(part);
    free(part);
    if (w && wcslen(w) > max && max > 3) {
        size_t n = max - 3;
        if (IS_HIGH_SURROGATE(w[n - 1]))
            n--;
        wcscpy(w + n, L"...");
    }
    return w;
}

void cli_failure(UINT what_id, const WCHAR *what_arg, HRESULT hr)
{
    WCHAR *text = pasv_text_failure(what_id, what_arg, hr);
    WCHAR line[64];
    if (!text) {
        swprintf(line, 64, L"pasvctl: [message %u] 0x%08lX", what_id, (unsigned long)hr);
        console_line(CONSOLE_ERR, line);
        return;
    }
    console_text(CONSOLE_ERR, L"pasvctl: ");
    console_line(CONSOLE_ERR, text);
    LocalFree(text);
}

void cli_range_error(pasv_range_error err, const char *text, pasv_server_kind server)
{
    WCHAR min[8], max[8], *wtext = cli_wide(text), *msg;
    DWORD_PTR args[3];
    swprintf(min, 8, L"%u", (unsigned)pasv_range_server_min(server));
    swprintf(max, 8, L"65535");
    args[0] = (DWORD_PTR)(wtext ? wtext : L"");
    args[1] = (DWORD_PTR)min;
    args[2] = (DWORD_PTR)max;
    msg = pasv_text_format(pasv_range_error_msg(err), args, 3);
    if (msg) {
        DWORD_PTR one[1] = {(DWORD_PTR)msg};
        console_message(CONSOLE_ERR, IDS_CLI_ERR_PREFIX, one, 1);
        LocalFree(msg);
    }
    LocalFree(wtext);
}

void cli_scope_error(const WCHAR *command, const char *value, const pasv_addr_result *r)
{
    cli_addr_error(command, L"--scope", value, r);
}

void cli_addr_error(const WCHAR *command, const WCHAR *option, const char *value, const pasv_addr_result *r)
{
    size_t off = r->item_off <= strlen(value) ? r->item_off : 0;
    size_t len = off + r->item_len <= strlen(value) ? r->item_len : 0;
    WCHAR *item = cli_shown(value + off, len, 40), *why;
    DWORD_PTR a[2] = {(DWORD_PTR)(item ? item : L""), r->limit};

    why = pasv_text_format(r->msg, a, 2);
    {
        DWORD_PTR b[3] = {(DWORD_PTR)command, (DWORD_PTR)option, (DWORD_PTR)(why ? why : L"")};
        console_message(CONSOLE_ERR, PASV_MSG_ADDR_CLI_REFUSED, b, 3);
    }
    LocalFree(why);
    LocalFree(item);
}

UINT cli_state_id(pasv_service_state state)
{
    switch (state) {
    case PASV_SVC_RUNNING: return IDS_CLI_ST_RUNNING;
    case PASV_SVC_STOPPED: return IDS_CLI_ST_STOPPED;
    case PASV_SVC_START_PENDING:
    case PASV_SVC_STOP_PENDING: return IDS_CLI_ST_PENDING;
    default: return IDS_CLI_ST_UNKNOWN;
    }
}

HRESULT cli_write_file(const char *path_utf8, const void *data, size_t len)
{
    WCHAR *path = cli_wide(path_utf8);
    HRESULT hr;

    if (!path)
        return E_OUTOFMEMORY;
    /* A failed write must not leave the old file truncated (issue 11, B22). */
    hr = pasv_file_replace(path, data, len);
    LocalFree(path);
    return hr;
}
