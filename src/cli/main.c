/* pasvctl.exe: the pasvports engine from the command line.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * wmain converts the arguments to UTF-8, parses them with the portable pasv_cmdline_parse and
 * dispatches. Argument errors are reported before anything is opened (exit 2). Exit codes: 0 all
 * done, 1 some items failed, 2 bad arguments or invalid range (nothing changed), 3 environment,
 * 4 cancelled. */
#include "win.h"

#include <stdio.h>
#include <wchar.h>

#include "cli.h"
#include "console.h"
#include "filewrite.h"
#include "pasv/version.h"
#include "resource.h"
#include "security.h"
#include "text.h"

WCHAR *cli_wide(const char *utf8)
{
    int n = MultiByteToWideChar(CP_UTF8, 0, utf8 ? utf8 : "", -1, NULL, 0);
    WCHAR *w = n > 0 ? LocalAlloc(LMEM_FIXED, (SIZE_T)n * sizeof(WCHAR)) : NULL;
    if (w)
        MultiByteToWideChar(CP_UTF8, 0, utf8 ? utf8 : "", -1, w, n);
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

int cli_session(const pasv_cmdline *cmd, pasv_session **out)
{
    HRESULT hr = pasv_session_open(cmd->prefix, out);
    if (FAILED(hr)) {
        cli_failure(IDS_CLI_ERR_SESSION, NULL, hr);
        return EXIT_ENVIRONMENT;
    }
    pasv_session_refresh(*out);
    return -1;
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

static const UINT help_ids[PASV_CMD_COUNT] = {
    [PASV_CMD_STATUS] = IDS_CLI_HELP_STATUS,   [PASV_CMD_APPLY] = IDS_CLI_HELP_APPLY,
    [PASV_CMD_REMOVE] = IDS_CLI_HELP_REMOVE,   [PASV_CMD_AUDIT] = IDS_CLI_HELP_AUDIT,
    [PASV_CMD_EXPORT] = IDS_CLI_HELP_EXPORT,   [PASV_CMD_SELFTEST] = IDS_CLI_HELP_SELFTEST,
};

/* An argument as shown in an error: control characters escaped, cut to at most max characters
 * on a UTF-16 character boundary (never half a surrogate pair), "..." marking the cut. */
static WCHAR *shown(const char *utf8, size_t len, size_t max)
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

void cli_scope_error(const WCHAR *command, const char *value, const pasv_addr_result *r)
{
    size_t off = r->item_off <= strlen(value) ? r->item_off : 0;
    size_t len = off + r->item_len <= strlen(value) ? r->item_len : 0;
    WCHAR *item = shown(value + off, len, 40), *why;
    DWORD_PTR a[2] = {(DWORD_PTR)(item ? item : L""), r->limit};

    why = pasv_text_format(r->msg, a, 2);
    {
        DWORD_PTR b[3] = {(DWORD_PTR)command, (DWORD_PTR)L"--scope", (DWORD_PTR)(why ? why : L"")};
        console_message(CONSOLE_ERR, PASV_MSG_ADDR_CLI_REFUSED, b, 3);
    }
    LocalFree(why);
    LocalFree(item);
}

static void report_scope_error(const pasv_cmdline *cmd, const WCHAR *command)
{
    cli_scope_error(command, cmd->bad_value ? cmd->bad_value : "", &cmd->scope_result);
}

/* One line naming what is wrong with the arguments. Long arguments are shown cut, so a
 * 10,000-character argument still gives one readable line. */
static void report_cmdline_error(pasv_cmdline_error err, const pasv_cmdline *cmd)
{
    WCHAR *arg = cmd->bad_arg ? shown(cmd->bad_arg, strlen(cmd->bad_arg), 40) : NULL;
    WCHAR *value = cmd->bad_value ? shown(cmd->bad_value, strlen(cmd->bad_value), 40) : NULL;
    WCHAR *name = cli_wide(pasv_command_name(cmd->command));
    DWORD_PTR args[3];
    UINT id = 0;

    args[0] = (DWORD_PTR)(arg ? arg : L"");
    args[1] = (DWORD_PTR)(value ? value : L"");
    args[2] = (DWORD_PTR)(name ? name : L"");
    switch (err) {
    case PASV_CMDLINE_NO_COMMAND:
        console_message(CONSOLE_ERR, IDS_CLI_USAGE, NULL, 0);
        break;
    case PASV_CMDLINE_UNKNOWN_COMMAND: id = IDS_CLI_UNKNOWN_COMMAND; break;
    case PASV_CMDLINE_UNKNOWN_OPTION: id = IDS_CLI_ERR_UNKNOWN_OPTION; args[1] = args[2]; break;
    case PASV_CMDLINE_MISSING_VALUE: id = IDS_CLI_ERR_MISSING_VALUE; args[1] = args[2]; break;
    case PASV_CMDLINE_BAD_VALUE:
        if (cmd->scope_result.msg != PASV_MSG_NONE && cmd->scope_result.msg != PASV_MSG_ADDR_OK)
            report_scope_error(cmd, name ? name : L"");
        else
            id = IDS_CLI_ERR_BAD_VALUE;
        break;
    case PASV_CMDLINE_MISSING_RANGE: id = IDS_CLI_ERR_MISSING_RANGE; break;
    case PASV_CMDLINE_EXTRA_ARGUMENT: id = IDS_CLI_ERR_EXTRA_ARGUMENT; args[1] = args[2]; break;
    case PASV_CMDLINE_DUPLICATE: id = IDS_CLI_ERR_DUPLICATE; args[1] = args[2]; break;
    case PASV_CMDLINE_CONFLICT: id = IDS_CLI_ERR_CONFLICT; break;
    case PASV_CMDLINE_TOO_LONG:
        LocalFree(arg);
        arg = shown(cmd->bad_arg, strlen(cmd->bad_arg), 20);
        args[0] = (DWORD_PTR)(arg ? arg : L"");
        id = IDS_CLI_ERR_TOO_LONG;
        args[1] = (DWORD_PTR)strlen(cmd->bad_arg);
        break;
    case PASV_CMDLINE_BAD_RANGE:
        /* Syntax only: the server does not matter for these messages except BELOW_MIN. */
        cli_range_error(cmd->range_error, cmd->bad_arg, PASV_SERVER_IIS6);
        break;
    default: id = IDS_CLI_UNKNOWN_COMMAND; break;
    }
    if (id)
        console_message(CONSOLE_ERR, id, args, 3);
    LocalFree(arg);
    LocalFree(value);
    LocalFree(name);
}

/* The command line as typed, for the change trail. */
static const WCHAR *command_line(void)
{
    const WCHAR *line = GetCommandLineW();
    return line ? line : L"pasvctl";
}

static int run(const pasv_cmdline *cmd)
{
    HRESULT hr;
    int code;

    switch (cmd->command) {
    case PASV_CMD_HELP:
        console_message(CONSOLE_OUT, cmd->help_topic ? help_ids[cmd->help_topic] : IDS_CLI_USAGE, NULL, 0);
        return EXIT_DONE;
    case PASV_CMD_VERSION: {
        DWORD_PTR args[1] = {(DWORD_PTR)PASV_VERSION_WSTR};
        console_message(CONSOLE_OUT, IDS_CLI_VERSION, args, 1);
        return EXIT_DONE;
    }
    case PASV_CMD_SELFTEST:
        return cli_selftest(cmd);
    default:
        break;
    }
    /* The session's COM objects are apartment-threaded and live on this thread. */
    hr = CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);
    if (FAILED(hr)) {
        cli_failure(IDS_CLI_ERR_COM, NULL, hr);
        return EXIT_ENVIRONMENT;
    }
    switch (cmd->command) {
    case PASV_CMD_STATUS: code = cli_status(cmd); break;
    case PASV_CMD_APPLY:
    case PASV_CMD_REMOVE: code = cli_apply(cmd, command_line()); break;
    case PASV_CMD_AUDIT: code = cli_audit(cmd); break;
    case PASV_CMD_EXPORT: code = cli_export(cmd); break;
    default: code = EXIT_BAD_ARGS; break;
    }
    CoUninitialize();
    return code;
}

int wmain(int argc, WCHAR **argv)
{
    char **args;
    pasv_cmdline cmd;
    pasv_cmdline_error err;
    int i, code;

    pasv_harden_dll_search();
    args = calloc((size_t)argc + 1, sizeof(*args));
    if (!args)
        return EXIT_ENVIRONMENT;
    for (i = 0; i < argc; i++) {
        int n = WideCharToMultiByte(CP_UTF8, 0, argv[i], -1, NULL, 0, NULL, NULL);
        args[i] = n > 0 ? malloc((size_t)n) : NULL;
        if (!args[i])
            return EXIT_ENVIRONMENT;
        WideCharToMultiByte(CP_UTF8, 0, argv[i], -1, args[i], n, NULL, NULL);
    }
    err = pasv_cmdline_parse(argc, args, &cmd);
    if (err != PASV_CMDLINE_OK) {
        report_cmdline_error(err, &cmd);
        code = EXIT_BAD_ARGS;
    } else {
        code = run(&cmd);
    }
    for (i = 0; i < argc; i++)
        free(args[i]);
    free(args);
    return code;
}
