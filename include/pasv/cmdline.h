/* pasvports: pasvctl's command line, parsed portably (UTF-8 argv in, a filled struct out).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * Grammar: pasvctl COMMAND [RANGE] [OPTIONS]   with options written --name VALUE or --name=VALUE.
 * Help is "-h", "--help", "/?" or "-?" anywhere, or "help [COMMAND]"; "--version" and "/version"
 * alone print the version. The parser only checks syntax: the range is parsed
 * (pasv_range_parse) but validated against the server by the caller, which knows the server.
 * Errors come back as a pasv_cmdline_error plus the offending argument (cmd->bad_arg), which the
 * front end turns into one line of text; nothing here produces English. */
#ifndef PASV_CMDLINE_H
#define PASV_CMDLINE_H

#include <stdbool.h>
#include <stdint.h>

#include "pasv/addr.h"
#include "pasv/firewall.h"
#include "pasv/plan.h"
#include "pasv/range.h"

/* Longest argument accepted; longer ones are rejected whole (PASV_CMDLINE_TOO_LONG). */
#define PASV_CMDLINE_ARG_MAX 512

typedef enum pasv_command {
    PASV_CMD_NONE = 0,  /* no command given */
    PASV_CMD_HELP,      /* -h, /?, help [COMMAND]: topic in help_topic */
    PASV_CMD_VERSION,
    PASV_CMD_STATUS,
    PASV_CMD_APPLY,
    PASV_CMD_REMOVE,
    PASV_CMD_AUDIT,
    PASV_CMD_EXPORT,
    PASV_CMD_SELFTEST,
    PASV_CMD_COUNT
} pasv_command;

typedef enum pasv_cmdline_error {
    PASV_CMDLINE_OK = 0,
    PASV_CMDLINE_NO_COMMAND,      /* nothing but the program name */
    PASV_CMDLINE_UNKNOWN_COMMAND, /* bad_arg: the word */
    PASV_CMDLINE_UNKNOWN_OPTION,  /* bad_arg: the option (or an option of another command) */
    PASV_CMDLINE_MISSING_VALUE,   /* bad_arg: the option that needs a value */
    PASV_CMDLINE_BAD_VALUE,       /* bad_arg: the option; bad_value: what was given */
    PASV_CMDLINE_MISSING_RANGE,   /* apply without RANGE */
    PASV_CMDLINE_EXTRA_ARGUMENT,  /* bad_arg: a second positional argument */
    PASV_CMDLINE_DUPLICATE,       /* bad_arg: an option given twice */
    PASV_CMDLINE_CONFLICT,        /* bad_arg and bad_value: two options that exclude each other */
    PASV_CMDLINE_TOO_LONG,        /* an argument over PASV_CMDLINE_ARG_MAX bytes */
    PASV_CMDLINE_BAD_RANGE,       /* range_error says why; bad_arg: the text */
    PASV_CMDLINE_ERROR_COUNT
} pasv_cmdline_error;

typedef enum pasv_export_format {
    PASV_EXPORT_NONE = 0,
    PASV_EXPORT_GPO,        /* Group Policy "Define port exceptions" strings */
    PASV_EXPORT_POL,        /* Registry.pol (PReg) */
    PASV_EXPORT_NETSH,      /* .cmd: netsh firewall + adsutil.vbs + net stop/start */
    PASV_EXPORT_POWERSHELL  /* .ps1: New-NetFirewallRule + IIS setting + Restart-Service */
} pasv_export_format;

typedef struct pasv_cmdline {
    pasv_command command;
    pasv_command help_topic;   /* HELP: the command asked about, PASV_CMD_NONE for the overview */

    /* RANGE (apply, export): text as given, parsed when range_given. */
    const char *range_text;
    bool range_given;
    pasv_range range;
    pasv_range_error range_error;

    /* apply / remove */
    int mode;                  /* -1 not given, else pasv_fw_mode */
    int scope;                 /* -1 not given, else pasv_scope */
    /* --scope ADDRS: the canonical list (pasv_addr_parse), "" when not CUSTOM. An array, not a
     * pointer into argv, so the struct can be copied. */
    char remote[PASV_ADDR_TEXT_MAX];
    pasv_addr_result scope_result; /* --scope refused: why (PASV_MSG_ADDR_*) and which item */
    const char *prefix;        /* NULL: PASV_DEFAULT_PREFIX */
    bool keep_stale, no_restart, enable_firewall, dry_run, yes;
    int direct_edit;           /* -1 leave alone, 0 off, 1 on */
    int on_error;              /* -1 not given, else pasv_on_error */
    /* apply / remove: an interrupted run (journal) is finished (--resume: its options re-planned
     * against the current state) or undone (--rollback-unfinished); no RANGE with either. */
    bool resume, rollback_unfinished;

    /* apply on IIS 7+ (FTPSVC): an FTP site's external IPv4 address (ftpServer/firewallSupport/
     * @externalIp4Address). --site NAME picks the site (may be left out when there is one FTP
     * site: the front end knows); --external-ip A.B.C.D sets it, "--external-ip none" clears it.
     * With --external-ip, RANGE may be left out (the configured range is kept). */
    const char *site;          /* NULL: not given */
    int external_ip;           /* -1 not given, 0 clear ("none"), 1 set to external_ip_text */
    char external_ip_text[16]; /* canonical dotted form when external_ip == 1 */
    pasv_addr_result external_ip_result; /* accepted: PASV_MSG_ADDR_OK or its warning; refused: why */
    /* --disable-builtin-passive-rule: turn the FTP role's built-in "FTP Server Passive" rule
     * (1024-65535) off once our rule is in place; remove and rollback turn it back on. */
    bool disable_builtin_rule;

    /* output */
    bool json;
    const char *csv;           /* audit --csv FILE */
    const char *out;           /* export --out FILE; audit --out FILE: the JSON to FILE */
    pasv_export_format format;

    /* selftest */
    const char *host;          /* NULL: 127.0.0.1 */
    uint16_t port;             /* 0: the configured/lab control port or 21 */
    const char *user;          /* NULL: anonymous */
    const char *password;

    /* Error detail (pointers into argv). */
    const char *bad_arg;
    const char *bad_value;
} pasv_cmdline;

/* Parses argv[1..argc-1] (argv[0] is the program). Fills *cmd in every case (on error with the
 * detail fields set); returns the first error found. Pointers in *cmd point into argv; the
 * remote list is a canonical copy. */
pasv_cmdline_error pasv_cmdline_parse(int argc, char **argv, pasv_cmdline *cmd);

/* The command's name as typed ("apply"), or "" for NONE/HELP/VERSION. */
const char *pasv_command_name(pasv_command command);

#endif /* PASV_CMDLINE_H */
