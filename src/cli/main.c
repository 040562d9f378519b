/* pasvctl.exe: wmain parses the command line, opens the one session and dispatches to a command.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * wmain converts the arguments to UTF-8, parses them with the portable pasv_cmdline_parse and
 * dispatches; run() opens the session for the commands that read the machine and hands it over. Argument errors are reported before anything is opened (exit 2). Exit codes: 0 all
 * done, 1 some items failed, 2 bad arguments or invalid range (nothing changed), 3 environment,
 * 4 cancelled. */
#include "win.h"

#include <stdio.h>
#include <wchar.h>

#include "cli.h"
#include "cli_util.h"
#include "console.h"
#include "pasv/version.h"
#include "resource.h"
#include "security.h"
#include "text.h"

static const UINT help_ids[PASV_CMD_COUNT] = {
    [PASV_CMD_STATUS] = IDS_CLI_HELP_STATUS,   [PASV_CMD_APPLY] = IDS_CLI_HELP_APPLY,
    [PASV_CMD_REMOVE] = IDS_CLI_HELP_REMOVE,   [PASV_CMD_AUDIT] = IDS_CLI_HELP_AUDIT,
    [PASV_CMD_EXPORT] = IDS_CLI_HELP_EXPORT,   [PASV_CMD_SELFTEST] = IDS_CLI_HELP_SELFTEST,
};

static void report_scope_error(const pasv_cmdline *cmd, const WCHAR *command)
{
    cli_scope_error(command, cmd->bad_value ? cmd->bad_value : "", &cmd->scope_result);
}

/* One line naming what is wrong with the arguments. Long arguments are shown cut, so a
 * 10,000-character argument still gives one readable line. */
static void report_cmdline_error(pasv_cmdline_error err, const pasv_cmdline *cmd)
{
    WCHAR *arg = cmd->bad_arg ? cli_shown(cmd->bad_arg, strlen(cmd->bad_arg), 40) : NULL;
    WCHAR *value = cmd->bad_value ? cli_shown(cmd->bad_value, strlen(cmd->bad_value), 40) : NULL;
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
        if (cmd->bad_arg && !strcmp(cmd->bad_arg, "--external-ip") && cmd->external_ip_result.msg != PASV_MSG_NONE &&
            cmd->external_ip_result.msg != PASV_MSG_ADDR_OK)
            cli_addr_error(name ? name : L"", L"--external-ip", cmd->bad_value ? cmd->bad_value : "",
                           &cmd->external_ip_result);
        else if (cmd->scope_result.msg != PASV_MSG_NONE && cmd->scope_result.msg != PASV_MSG_ADDR_OK)
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
        arg = cli_shown(cmd->bad_arg, strlen(cmd->bad_arg), 20);
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

/* Opens and refreshes the one session a command is handed (prefix NULL: the default); on
 * failure prints why and returns the exit code, else -1. */
static int open_session(const char *prefix, pasv_session **out)
{
    HRESULT hr = pasv_session_open(prefix, out);
    if (FAILED(hr)) {
        *out = NULL;
        cli_failure(IDS_CLI_ERR_SESSION, NULL, hr);
        return EXIT_ENVIRONMENT;
    }
    pasv_session_refresh(*out);
    return -1;
}

/* The commands that read the machine: the session is opened here, once, and handed to the
 * command. apply and remove take the run lock and read the journal first, so the session reads
 * the machine under the lock and classifies an interrupted run's entries with its prefix. */
static int run_with_session(const pasv_cmdline *cmd)
{
    bool applies = cmd->command == PASV_CMD_APPLY || cmd->command == PASV_CMD_REMOVE;
    const char *prefix = cmd->prefix;
    pasv_session *s = NULL;
    cli_apply_guard guard;
    int code = -1;

    memset(&guard, 0, sizeof(guard));
    if (applies) {
        code = cli_apply_begin(cmd, &guard);
        if (guard.unfinished)
            prefix = guard.journal.prefix;
    }
    if (code < 0)
        code = open_session(prefix, &s);
    if (code < 0) {
        switch (cmd->command) {
        case PASV_CMD_STATUS: code = cli_status(cmd, s); break;
        case PASV_CMD_APPLY:
        case PASV_CMD_REMOVE: code = cli_apply(cmd, s, &guard, command_line()); break;
        case PASV_CMD_AUDIT: code = cli_audit(cmd, s); break;
        case PASV_CMD_EXPORT: code = cli_export(cmd, s); break;
        default: code = EXIT_BAD_ARGS; break;
        }
    }
    pasv_session_close(s);
    if (applies)
        cli_apply_end(&guard);
    return code;
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
    case PASV_CMD_STATUS:
    case PASV_CMD_APPLY:
    case PASV_CMD_REMOVE:
    case PASV_CMD_AUDIT:
    case PASV_CMD_EXPORT:
        break;
    default:
        return EXIT_BAD_ARGS;
    }
    /* The session's COM objects are apartment-threaded and live on this thread. */
    hr = CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);
    if (FAILED(hr)) {
        cli_failure(IDS_CLI_ERR_COM, NULL, hr);
        return EXIT_ENVIRONMENT;
    }
    code = run_with_session(cmd);
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
