/* pasvctl.exe: the pasvports engine from the command line.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * Exit codes: 0 all done, 1 some items failed, 2 bad arguments or invalid range (nothing
 * changed), 3 environment, 4 cancelled. */
#include "win.h"

#include <wchar.h>

#include "console.h"
#include "pasv/version.h"
#include "resource.h"
#include "security.h"

enum { EXIT_DONE = 0, EXIT_ITEMS_FAILED = 1, EXIT_BAD_ARGS = 2, EXIT_ENVIRONMENT = 3, EXIT_CANCELLED = 4 };

static int is_help(const WCHAR *arg)
{
    return !wcscmp(arg, L"-h") || !wcscmp(arg, L"--help") || !wcscmp(arg, L"/?") || !wcscmp(arg, L"-?");
}

int wmain(int argc, WCHAR **argv)
{
    pasv_harden_dll_search();
    if (argc < 2 || is_help(argv[1])) {
        console_message(CONSOLE_OUT, IDS_CLI_USAGE, NULL, 0);
        return argc < 2 ? EXIT_BAD_ARGS : EXIT_DONE;
    }
    if (!wcscmp(argv[1], L"--version") || !wcscmp(argv[1], L"/version")) {
        DWORD_PTR args[1] = {(DWORD_PTR)PASV_VERSION_WSTR};
        console_message(CONSOLE_OUT, IDS_CLI_VERSION, args, 1);
        return EXIT_DONE;
    }
    {
        DWORD_PTR args[1] = {(DWORD_PTR)argv[1]};
        console_message(CONSOLE_ERR, IDS_CLI_UNKNOWN_COMMAND, args, 1);
    }
    return EXIT_BAD_ARGS;
}
