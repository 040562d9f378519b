/* pasvports unit tests: pasvctl's command-line parser, table-driven.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include <stdio.h>
#include <string.h>

#include "pasv/cmdline.h"
#include "testlib.h"

#define MAXARGS 12

typedef struct parse_case {
    const char *args[MAXARGS]; /* after the program name, NULL-terminated */
    pasv_cmdline_error err;
    pasv_command command;
    const char *bad_arg;       /* expected detail, or NULL not checked */
} parse_case;

static const parse_case cases[] = {
    {{NULL}, PASV_CMDLINE_NO_COMMAND, PASV_CMD_NONE, NULL},
    {{"-h"}, PASV_CMDLINE_OK, PASV_CMD_HELP, NULL},
    {{"/?"}, PASV_CMDLINE_OK, PASV_CMD_HELP, NULL},
    {{"--help"}, PASV_CMDLINE_OK, PASV_CMD_HELP, NULL},
    {{"help", "apply"}, PASV_CMDLINE_OK, PASV_CMD_HELP, NULL},
    {{"help", "frob"}, PASV_CMDLINE_UNKNOWN_COMMAND, PASV_CMD_HELP, "frob"},
    {{"apply", "abc", "/?"}, PASV_CMDLINE_OK, PASV_CMD_HELP, NULL},
    {{"--version"}, PASV_CMDLINE_OK, PASV_CMD_VERSION, NULL},
    {{"/version"}, PASV_CMDLINE_OK, PASV_CMD_VERSION, NULL},
    {{"--version", "x"}, PASV_CMDLINE_EXTRA_ARGUMENT, PASV_CMD_VERSION, "x"},
    {{"frobnicate"}, PASV_CMDLINE_UNKNOWN_COMMAND, PASV_CMD_NONE, "frobnicate"},
    {{"status"}, PASV_CMDLINE_OK, PASV_CMD_STATUS, NULL},
    {{"status", "--json"}, PASV_CMDLINE_OK, PASV_CMD_STATUS, NULL},
    {{"status", "5001"}, PASV_CMDLINE_EXTRA_ARGUMENT, PASV_CMD_STATUS, "5001"},
    {{"apply"}, PASV_CMDLINE_MISSING_RANGE, PASV_CMD_APPLY, NULL},
    {{"apply", "5001-5201"}, PASV_CMDLINE_OK, PASV_CMD_APPLY, NULL},
    {{"apply", "abc"}, PASV_CMDLINE_BAD_RANGE, PASV_CMD_APPLY, "abc"},
    {{"apply", "5201-5001"}, PASV_CMDLINE_BAD_RANGE, PASV_CMD_APPLY, "5201-5001"},
    {{"apply", "70000"}, PASV_CMDLINE_BAD_RANGE, PASV_CMD_APPLY, "70000"},
    {{"apply", "4999"}, PASV_CMDLINE_OK, PASV_CMD_APPLY, NULL}, /* syntax fine: the server check is later */
    {{"apply", "-5001"}, PASV_CMDLINE_BAD_RANGE, PASV_CMD_APPLY, "-5001"},
    {{"apply", "5001-5201", "6001"}, PASV_CMDLINE_EXTRA_ARGUMENT, PASV_CMD_APPLY, "6001"},
    {{"apply", "5001-5201", "--frob"}, PASV_CMDLINE_UNKNOWN_OPTION, PASV_CMD_APPLY, "--frob"},
    {{"apply", "5001-5201", "--csv", "x"}, PASV_CMDLINE_UNKNOWN_OPTION, PASV_CMD_APPLY, "--csv"},
    {{"apply", "5001-5201", "--mode"}, PASV_CMDLINE_MISSING_VALUE, PASV_CMD_APPLY, "--mode"},
    {{"apply", "5001-5201", "--mode", "fast"}, PASV_CMDLINE_BAD_VALUE, PASV_CMD_APPLY, "--mode"},
    {{"apply", "5001-5201", "--mode=range-rule"}, PASV_CMDLINE_OK, PASV_CMD_APPLY, NULL},
    {{"apply", "5001-5201", "--yes", "--yes"}, PASV_CMDLINE_DUPLICATE, PASV_CMD_APPLY, "--yes"},
    {{"apply", "5001-5201", "--yes=1"}, PASV_CMDLINE_BAD_VALUE, PASV_CMD_APPLY, "--yes"},
    {{"apply", "5001-5201", "--scope", "any"}, PASV_CMDLINE_OK, PASV_CMD_APPLY, NULL},
    {{"apply", "5001-5201", "--scope", "10.0.0.0/8,192.168.1.5"}, PASV_CMDLINE_OK, PASV_CMD_APPLY, NULL},
    {{"apply", "5001-5201", "--scope", "evil;rm"}, PASV_CMDLINE_BAD_VALUE, PASV_CMD_APPLY, "--scope"},
    {{"apply", "5001-5201", "--prefix", "My FTP"}, PASV_CMDLINE_OK, PASV_CMD_APPLY, NULL},
    {{"apply", "5001-5201", "--prefix", "a\"b"}, PASV_CMDLINE_BAD_VALUE, PASV_CMD_APPLY, "--prefix"},
    {{"apply", "5001-5201", "--prefix", ""}, PASV_CMDLINE_BAD_VALUE, PASV_CMD_APPLY, "--prefix"},
    {{"apply", "5001-5201", "--direct-metabase-edit", "on"}, PASV_CMDLINE_OK, PASV_CMD_APPLY, NULL},
    {{"apply", "5001-5201", "--direct-metabase-edit", "maybe"}, PASV_CMDLINE_BAD_VALUE, PASV_CMD_APPLY,
     "--direct-metabase-edit"},
    {{"apply", "5001-5201", "--on-error", "continue", "--dry-run", "-y", "--keep-stale", "--no-restart",
      "--enable-firewall"},
     PASV_CMDLINE_OK, PASV_CMD_APPLY, NULL},
    {{"remove", "--yes"}, PASV_CMDLINE_OK, PASV_CMD_REMOVE, NULL},
    {{"remove", "5001"}, PASV_CMDLINE_EXTRA_ARGUMENT, PASV_CMD_REMOVE, "5001"},
    {{"audit", "--csv", "out.csv"}, PASV_CMDLINE_OK, PASV_CMD_AUDIT, NULL},
    {{"audit", "--csv", "out.csv", "--json"}, PASV_CMDLINE_CONFLICT, PASV_CMD_AUDIT, "--csv"},
    {{"apply", "--dry-run", "--rollback-unfinished"}, PASV_CMDLINE_CONFLICT, PASV_CMD_APPLY, "--dry-run"},
    {{"apply", "--rollback-unfinished", "--dry-run"}, PASV_CMDLINE_CONFLICT, PASV_CMD_APPLY, "--dry-run"},
    {{"apply", "--dry-run", "--resume"}, PASV_CMDLINE_CONFLICT, PASV_CMD_APPLY, "--dry-run"},
    {{"apply", "--resume", "--yes"}, PASV_CMDLINE_OK, PASV_CMD_APPLY, NULL},
    {{"export", "--format", "gpo", "5001-5010"}, PASV_CMDLINE_OK, PASV_CMD_EXPORT, NULL},
    {{"export", "5001-5010"}, PASV_CMDLINE_MISSING_VALUE, PASV_CMD_EXPORT, "--format"},
    {{"export", "--format", "xml"}, PASV_CMDLINE_BAD_VALUE, PASV_CMD_EXPORT, "--format"},
    {{"export", "--format=pol", "--out", "Registry.pol"}, PASV_CMDLINE_OK, PASV_CMD_EXPORT, NULL},
    {{"selftest", "--host", "ftp.example.com", "--port", "2121"}, PASV_CMDLINE_OK, PASV_CMD_SELFTEST, NULL},
    {{"selftest", "--port", "0"}, PASV_CMDLINE_BAD_VALUE, PASV_CMD_SELFTEST, "--port"},
    {{"selftest", "--port", "65536"}, PASV_CMDLINE_BAD_VALUE, PASV_CMD_SELFTEST, "--port"},
    {{"selftest", "--port", "21x"}, PASV_CMDLINE_BAD_VALUE, PASV_CMD_SELFTEST, "--port"},
    {{"selftest", "--user", "bob"}, PASV_CMDLINE_MISSING_VALUE, PASV_CMD_SELFTEST, "--password"},
    {{"selftest", "--user", "bob", "--password", "pw"}, PASV_CMDLINE_OK, PASV_CMD_SELFTEST, NULL},
    /* IIS 7+ (issue 13): --site, --external-ip, --disable-builtin-passive-rule; the bad-input table. */
    {{"apply", "5001-5201", "--external-ip", "203.0.113.7"}, PASV_CMDLINE_OK, PASV_CMD_APPLY, NULL},
    {{"apply", "--external-ip", "203.0.113.7", "--site", "Default FTP Site"}, PASV_CMDLINE_OK, PASV_CMD_APPLY, NULL},
    {{"apply", "--external-ip=none"}, PASV_CMDLINE_OK, PASV_CMD_APPLY, NULL},
    {{"export", "5001-5201", "--format", "netsh", "--external-ip", "203.0.113.7", "--site", "Default FTP Site"},
     PASV_CMDLINE_OK, PASV_CMD_EXPORT, NULL},
    {{"export", "5001-5201", "--format", "netsh", "--external-ip", "300.1.1.1"}, PASV_CMDLINE_BAD_VALUE,
     PASV_CMD_EXPORT, "--external-ip"},
    {{"status", "--external-ip", "203.0.113.7"}, PASV_CMDLINE_UNKNOWN_OPTION, PASV_CMD_STATUS, "--external-ip"},
    {{"apply", "5001-5201", "--external-ip", "10.0.0.5"}, PASV_CMDLINE_OK, PASV_CMD_APPLY, NULL},
    {{"apply", "5001-5201", "--external-ip", "300.1.1.1"}, PASV_CMDLINE_BAD_VALUE, PASV_CMD_APPLY, "--external-ip"},
    {{"apply", "5001-5201", "--external-ip", "::1"}, PASV_CMDLINE_BAD_VALUE, PASV_CMD_APPLY, "--external-ip"},
    {{"apply", "5001-5201", "--external-ip", ""}, PASV_CMDLINE_BAD_VALUE, PASV_CMD_APPLY, "--external-ip"},
    {{"apply", "5001-5201", "--external-ip"}, PASV_CMDLINE_MISSING_VALUE, PASV_CMD_APPLY, "--external-ip"},
    {{"apply", "5001-5201", "--external-ip", "None"}, PASV_CMDLINE_BAD_VALUE, PASV_CMD_APPLY, "--external-ip"},
    {{"apply", "5001-5201", "--site", ""}, PASV_CMDLINE_BAD_VALUE, PASV_CMD_APPLY, "--site"},
    {{"apply", "5001-5201", "--site", "a\nb", "--external-ip", "none"}, PASV_CMDLINE_BAD_VALUE, PASV_CMD_APPLY,
     "--site"},
    {{"apply", "5001-5201", "--site", "Default FTP Site"}, PASV_CMDLINE_MISSING_VALUE, PASV_CMD_APPLY,
     "--external-ip"},
    {{"apply", "--site", "x", "--external-ip", "none", "--resume"}, PASV_CMDLINE_CONFLICT, PASV_CMD_APPLY,
     "--resume"},
    {{"status", "--external-ip", "none"}, PASV_CMDLINE_UNKNOWN_OPTION, PASV_CMD_STATUS, "--external-ip"},
    {{"export", "--format", "pol", "--external-ip", "none"}, PASV_CMDLINE_CONFLICT, PASV_CMD_EXPORT, "--external-ip"},
    {{"export", "--external-ip", "203.0.113.7", "--format", "gpo"}, PASV_CMDLINE_CONFLICT, PASV_CMD_EXPORT,
     "--external-ip"},
    {{"export", "--format", "netsh", "--external-ip", "none"}, PASV_CMDLINE_OK, PASV_CMD_EXPORT, NULL},
    {{"export", "--format", "powershell", "--site", "x", "--external-ip", "none"}, PASV_CMDLINE_OK, PASV_CMD_EXPORT,
     NULL},
    {{"remove", "--site", "x"}, PASV_CMDLINE_UNKNOWN_OPTION, PASV_CMD_REMOVE, "--site"},
    {{"apply", "5001-5201", "--disable-builtin-passive-rule", "--yes"}, PASV_CMDLINE_OK, PASV_CMD_APPLY, NULL},
    {{"apply", "5001-5201", "--disable-builtin-passive-rule=1"}, PASV_CMDLINE_BAD_VALUE, PASV_CMD_APPLY,
     "--disable-builtin-passive-rule"},
    {{"apply", "1024"}, PASV_CMDLINE_OK, PASV_CMD_APPLY, NULL}, /* the IIS 7+ minimum is checked later */
    {{"apply", "0-0"}, PASV_CMDLINE_OK, PASV_CMD_APPLY, NULL},  /* so is "0-0" (pasv_range_limits_typed) */
};

static int count_args(const char *const *args)
{
    int n = 0;
    while (n < MAXARGS && args[n])
        n++;
    return n;
}

static void test_table(void)
{
    size_t i;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *argv[MAXARGS + 1];
        char line[256] = "";
        pasv_cmdline cmd;
        pasv_cmdline_error err;
        int n = count_args(cases[i].args), k;

        argv[0] = (char *)"pasvctl";
        for (k = 0; k < n; k++) {
            argv[k + 1] = (char *)cases[i].args[k];
            strncat(line, cases[i].args[k], sizeof(line) - strlen(line) - 2);
            strcat(line, " ");
        }
        err = pasv_cmdline_parse(n + 1, argv, &cmd);
        ok(err == cases[i].err, "case %zu \"%s\": error %d, expected %d", i, line, err, cases[i].err);
        ok(cmd.command == cases[i].command, "case %zu \"%s\": command %d, expected %d", i, line, cmd.command,
           cases[i].command);
        if (cases[i].bad_arg)
            ok(cmd.bad_arg && !strcmp(cmd.bad_arg, cases[i].bad_arg), "case %zu \"%s\": bad_arg \"%s\", expected \"%s\"",
               i, line, cmd.bad_arg ? cmd.bad_arg : "(null)", cases[i].bad_arg);
    }
}

static pasv_cmdline parse(int argc, const char **args)
{
    char *argv[MAXARGS + 1];
    pasv_cmdline cmd;
    int k;
    argv[0] = (char *)"pasvctl";
    for (k = 0; k < argc; k++)
        argv[k + 1] = (char *)args[k];
    pasv_cmdline_parse(argc + 1, argv, &cmd);
    return cmd;
}

static void test_values(void)
{
    const char *a1[] = {"apply", " 5001 - 5201 ", "--mode", "range-rule", "--scope", "subnet", "--prefix", "X",
                        "--on-error=continue", "--direct-metabase-edit", "off", "--dry-run"};
    const char *a2[] = {"apply", "6000", "--scope", "10.1.2.3", "-y", "--keep-stale", "--no-restart", "--enable-firewall"};
    const char *a3[] = {"selftest", "--host", "h", "--port", "2121", "--user", "u", "--password", "", "--json"};
    const char *a4[] = {"export", "--format", "powershell", "5001-5010", "--out", "x.ps1", "--scope", "any"};
    const char *a5[] = {"apply", "5001-5201"};
    const char *a6[] = {"apply", "5001", "--help"};
    pasv_cmdline c;

    c = parse(12, a1);
    ok(c.range_given && c.range.low == 5001 && c.range.high == 5201, "range with spaces %u-%u", c.range.low, c.range.high);
    ok(c.mode == PASV_MODE_RANGE_RULE && c.scope == PASV_SCOPE_SUBNET && c.prefix && !strcmp(c.prefix, "X"),
       "mode %d scope %d prefix %s", c.mode, c.scope, c.prefix);
    ok(c.on_error == PASV_ON_ERROR_CONTINUE && c.direct_edit == 0 && c.dry_run && !c.yes, "on_error %d edit %d dry %d",
       c.on_error, c.direct_edit, c.dry_run);

    c = parse(8, a2);
    ok(c.range.low == 6000 && c.range.high == 6000, "single port");
    ok(c.scope == PASV_SCOPE_CUSTOM && !strcmp(c.remote, "10.1.2.3"), "custom scope %s", c.remote);
    ok(c.yes && c.keep_stale && c.no_restart && c.enable_firewall, "flags");

    c = parse(10, a3);
    ok(c.command == PASV_CMD_SELFTEST && c.port == 2121 && !strcmp(c.host, "h") && !strcmp(c.user, "u") &&
           c.password && !*c.password && c.json,
       "selftest values");

    c = parse(8, a4);
    ok(c.format == PASV_EXPORT_POWERSHELL && !strcmp(c.out, "x.ps1") && c.scope == PASV_SCOPE_ANY && c.range.low == 5001,
       "export values");

    c = parse(2, a5);
    ok(c.mode == -1 && c.scope == -1 && c.direct_edit == -1 && c.on_error == -1 && !c.prefix && !c.yes,
       "unset options stay unset");

    c = parse(3, a6);
    ok(c.command == PASV_CMD_HELP && c.help_topic == PASV_CMD_APPLY, "help topic %d", c.help_topic);
}

static void test_range_errors(void)
{
    static const struct {
        const char *text;
        pasv_range_error err;
    } t[] = {
        {"abc", PASV_RANGE_NOT_DIGIT},
        {"5201-5001", PASV_RANGE_REVERSED},
        {"70000", PASV_RANGE_TOO_LARGE},
        {"5001-", PASV_RANGE_MISSING_HIGH},
    };
    size_t i;
    for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        const char *args[] = {"apply", t[i].text};
        pasv_cmdline c = parse(2, args);
        ok(c.range_error == t[i].err && !c.range_given, "\"%s\": range error %d, expected %d", t[i].text,
           c.range_error, t[i].err);
    }
}

static void test_too_long(void)
{
    static char big[10001];
    const char *args[] = {"apply", big};
    pasv_cmdline c;

    memset(big, '5', sizeof(big) - 1);
    c = parse(2, args);
    ok(!c.range_given, "10,000 digits not taken as a range");
    {
        char *argv[3] = {(char *)"pasvctl", (char *)"apply", big};
        ok(pasv_cmdline_parse(3, argv, &c) == PASV_CMDLINE_TOO_LONG && c.bad_arg == big, "10,000 digits: TOO_LONG");
    }
    memset(big, 'x', sizeof(big) - 1);
    big[0] = '-';
    big[1] = '-';
    {
        char *argv[4] = {(char *)"pasvctl", (char *)"apply", (char *)"5001", big};
        ok(pasv_cmdline_parse(4, argv, &c) == PASV_CMDLINE_TOO_LONG, "10,000-character option: TOO_LONG");
    }
}

/* Issue 11 B15: garbage addresses were accepted and written into 200 exceptions. */
static void test_scope_garbage_refused_with_reason(void)
{
    static const struct {
        const char *value;
        pasv_msg msg;
    } t[] = {
        {"----", PASV_MSG_ADDR_NOT_ADDRESS},
        {",,,", PASV_MSG_ADDR_EMPTY_ITEM},
        {"300.1.1.1", PASV_MSG_ADDR_OCTET_RANGE},
        {"10.0.0.0/33", PASV_MSG_ADDR_PREFIX_RANGE},
        {"", PASV_MSG_ADDR_EMPTY},
        {"010.0.0.1", PASV_MSG_ADDR_LEADING_ZERO},
    };
    size_t i;

    for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        char *argv[5] = {(char *)"pasvctl", (char *)"apply", (char *)"5001-5010", (char *)"--scope", (char *)t[i].value};
        pasv_cmdline c;
        ok(pasv_cmdline_parse(5, argv, &c) == PASV_CMDLINE_BAD_VALUE && c.scope_result.msg == t[i].msg &&
               c.bad_arg && !strcmp(c.bad_arg, "--scope") && c.scope == -1 && !c.remote[0],
           "--scope '%s': refused with %u (expected %u)", t[i].value, (unsigned)c.scope_result.msg,
           (unsigned)t[i].msg);
    }
    {
        char *argv[5] = {(char *)"pasvctl", (char *)"apply", (char *)"5001", (char *)"--scope",
                         (char *)" 10.0.0.0/255.0.0.0 , LOCALSUBNET,10.0.0.0/8"};
        pasv_cmdline c;
        ok(pasv_cmdline_parse(5, argv, &c) == PASV_CMDLINE_OK && c.scope == PASV_SCOPE_CUSTOM &&
               !strcmp(c.remote, "10.0.0.0/8,LocalSubnet"),
           "accepted lists are kept canonical: '%s'", c.remote);
        argv[4] = (char *)"*";
        ok(pasv_cmdline_parse(5, argv, &c) == PASV_CMDLINE_OK && c.scope == PASV_SCOPE_ANY && !c.remote[0], "'*' is any");
        argv[4] = (char *)"localsubnet";
        ok(pasv_cmdline_parse(5, argv, &c) == PASV_CMDLINE_OK && c.scope == PASV_SCOPE_SUBNET && !c.remote[0],
           "'localsubnet' alone is the subnet scope");
    }
}

static void test_names(void)
{
    ok(!strcmp(pasv_command_name(PASV_CMD_APPLY), "apply"), "apply name");
    ok(!strcmp(pasv_command_name(PASV_CMD_SELFTEST), "selftest"), "selftest name");
    ok(!strcmp(pasv_command_name(PASV_CMD_HELP), ""), "help has no command name");
    ok(!strcmp(pasv_command_name(PASV_CMD_COUNT), ""), "out of range");
}

/* The values --site and --external-ip leave in the struct, and their defaults. */
static void test_iis7_values(void)
{
    pasv_cmdline cmd;
    char *a1[] = {"pasvctl", "apply", "5001-5201", NULL};
    char *a2[] = {"pasvctl", "apply", "--external-ip", " 192.168.1.10 ", "--site", "Default FTP Site", NULL};
    char *a3[] = {"pasvctl", "apply", "5001-5201", "--external-ip", "none", NULL};
    char *a4[] = {"pasvctl", "apply", "5001-5201", "--external-ip", "300.1.1.1", NULL};

    ok(pasv_cmdline_parse(3, a1, &cmd) == PASV_CMDLINE_OK && cmd.external_ip == -1 && !cmd.site &&
           !cmd.disable_builtin_rule,
       "no --external-ip: -1, no site, built-in rule left alone");
    ok(pasv_cmdline_parse(6, a2, &cmd) == PASV_CMDLINE_OK && cmd.external_ip == 1 &&
           !strcmp(cmd.external_ip_text, "192.168.1.10") && cmd.external_ip_result.msg == PASV_MSG_ADDR_WARN_PRIVATE &&
           cmd.site && !strcmp(cmd.site, "Default FTP Site") && !cmd.range_given,
       "--external-ip without RANGE: canonical text, the private warning, the site");
    ok(pasv_cmdline_parse(5, a3, &cmd) == PASV_CMDLINE_OK && cmd.external_ip == 0 && cmd.range_given,
       "--external-ip none clears");
    ok(pasv_cmdline_parse(5, a4, &cmd) == PASV_CMDLINE_BAD_VALUE && cmd.external_ip == -1 &&
           cmd.external_ip_result.msg == PASV_MSG_ADDR_OCTET_RANGE && !strcmp(cmd.bad_value, "300.1.1.1"),
       "300.1.1.1 refused with the validator's reason");
}

int main(void)
{
    test_table();
    test_values();
    test_range_errors();
    test_too_long();
    test_scope_garbage_refused_with_reason();
    test_names();
    test_iis7_values();
    return test_summary("cmdline");
}
