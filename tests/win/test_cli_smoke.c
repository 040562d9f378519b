/* pasvports tests: pasvctl.exe starts, prints its version and exits with the documented codes.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include <stdio.h>
#include <string.h>

#include "../testlib.h"
#include "pasv/version.h"
#include "winpath.h"

int wmain(int argc, WCHAR **argv)
{
    static const struct {
        const WCHAR *args;
        DWORD exit_code;
        const char *expect; /* substring of the output */
    } cases[] = {
        {L"--version", 0, "pasvctl " PASV_VERSION_STR " - FTP Passive Ports command line"},
        {L"/?", 0, "Usage: pasvctl"},
        {L"-h", 0, "Usage: pasvctl"},
        {L"", 2, "Usage: pasvctl"},
        {L"frobnicate", 2, "unknown command 'frobnicate'"},
        {L"-h", 0, "Exit codes:"},
        {L"-h", 0, "  3  Environment: not an administrator, no supported FTP server, firewall service stopped."},
        {L"help apply", 0, "Usage: pasvctl apply RANGE [options]"},
        {L"apply /?", 0, "--on-error rollback|continue"},
        {L"help remove", 0, "Usage: pasvctl remove [--yes]"},
        {L"help status", 0, "Usage: pasvctl status [--prefix NAME] [--json]"},
        {L"help audit", 0, "Usage: pasvctl audit [--prefix NAME] [--csv FILE | --json [--out FILE]]"},
        {L"export -h", 0, "Usage: pasvctl export --format gpo|pol|netsh|powershell"},
        {L"selftest --help", 0, "Usage: pasvctl selftest [--host HOST]"},
        {L"help frob", 2, "unknown command 'frob'"},
        {L"/version", 0, "pasvctl " PASV_VERSION_STR},
        {L"apply 5201-5001", 2, "'5201-5001' is reversed"},
        {L"export --format gpo 5001-5002", 0, "5002:TCP:*:enabled:Passive FTP5002"},
    };
    WCHAR exe[MAX_PATH], cmd[MAX_PATH + 64];
    char out[4096];
    size_t i;

    if (argc < 2) {
        skip("usage: test_cli_smoke PATH-TO-pasvctl.exe");
        return test_summary("cli_smoke");
    }
    test_winpath(argv[1], exe, MAX_PATH);
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        DWORD code;
        swprintf(cmd, sizeof(cmd) / sizeof(cmd[0]), L"\"%ls\" %ls", exe, cases[i].args);
        code = test_run_capture(cmd, out, sizeof(out), 30000);
        ok(code == cases[i].exit_code, "pasvctl %ls: exit %lu, expected %lu", cases[i].args,
           (unsigned long)code, (unsigned long)cases[i].exit_code);
        ok(strstr(out, cases[i].expect) != NULL, "pasvctl %ls: output \"%s\" lacks \"%s\"",
           cases[i].args, out, cases[i].expect);
    }
    return test_summary("cli_smoke");
}
