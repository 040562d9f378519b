/* pasvports: pasvctl's command-line parser (table-driven, portable, no allocation).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "pasv/cmdline.h"

#include <string.h>

#define CMD_BIT(c) (1u << (c))
#define ON_APPLY CMD_BIT(PASV_CMD_APPLY)
#define ON_REMOVE CMD_BIT(PASV_CMD_REMOVE)
#define ON_STATUS CMD_BIT(PASV_CMD_STATUS)
#define ON_AUDIT CMD_BIT(PASV_CMD_AUDIT)
#define ON_EXPORT CMD_BIT(PASV_CMD_EXPORT)
#define ON_SELFTEST CMD_BIT(PASV_CMD_SELFTEST)

typedef enum opt_id {
    OPT_MODE, OPT_SCOPE, OPT_PREFIX, OPT_KEEP_STALE, OPT_NO_RESTART, OPT_ENABLE_FIREWALL,
    OPT_DIRECT_EDIT, OPT_DRY_RUN, OPT_YES, OPT_ON_ERROR, OPT_JSON, OPT_CSV, OPT_FORMAT, OPT_OUT,
    OPT_HOST, OPT_PORT, OPT_USER, OPT_PASSWORD, OPT_RESUME, OPT_ROLLBACK_UNFINISHED, OPT_SITE, OPT_EXTERNAL_IP,
    OPT_DISABLE_BUILTIN, OPT_COUNT
} opt_id;

static const struct option_def {
    const char *name;
    opt_id id;
    bool takes_value;
    unsigned commands;
} option_table[] = {
    {"--mode", OPT_MODE, true, ON_APPLY},
    {"--scope", OPT_SCOPE, true, ON_APPLY | ON_EXPORT},
    {"--prefix", OPT_PREFIX, true, ON_APPLY | ON_REMOVE | ON_STATUS | ON_AUDIT | ON_EXPORT},
    {"--keep-stale", OPT_KEEP_STALE, false, ON_APPLY},
    {"--no-restart", OPT_NO_RESTART, false, ON_APPLY | ON_REMOVE},
    {"--enable-firewall", OPT_ENABLE_FIREWALL, false, ON_APPLY},
    {"--direct-metabase-edit", OPT_DIRECT_EDIT, true, ON_APPLY},
    {"--dry-run", OPT_DRY_RUN, false, ON_APPLY | ON_REMOVE},
    {"--yes", OPT_YES, false, ON_APPLY | ON_REMOVE},
    {"-y", OPT_YES, false, ON_APPLY | ON_REMOVE},
    {"--on-error", OPT_ON_ERROR, true, ON_APPLY | ON_REMOVE},
    {"--json", OPT_JSON, false, ON_STATUS | ON_AUDIT | ON_SELFTEST},
    {"--csv", OPT_CSV, true, ON_AUDIT},
    {"--format", OPT_FORMAT, true, ON_EXPORT},
    {"--out", OPT_OUT, true, ON_EXPORT | ON_AUDIT},
    {"--host", OPT_HOST, true, ON_SELFTEST},
    {"--port", OPT_PORT, true, ON_SELFTEST},
    {"--user", OPT_USER, true, ON_SELFTEST},
    {"--password", OPT_PASSWORD, true, ON_SELFTEST},
    /* Recovery of an interrupted run (the journal, issue 11). */
    {"--resume", OPT_RESUME, false, ON_APPLY | ON_REMOVE},
    {"--rollback-unfinished", OPT_ROLLBACK_UNFINISHED, false, ON_APPLY | ON_REMOVE},
    /* IIS 7+ (issue 13). */
    {"--site", OPT_SITE, true, ON_APPLY | ON_EXPORT},
    {"--external-ip", OPT_EXTERNAL_IP, true, ON_APPLY | ON_EXPORT},
    {"--disable-builtin-passive-rule", OPT_DISABLE_BUILTIN, false, ON_APPLY},
};

static const char *const command_names[PASV_CMD_COUNT] = {
    "", "help", "", "status", "apply", "remove", "audit", "export", "selftest",
};

const char *pasv_command_name(pasv_command command)
{
    if (command <= PASV_CMD_VERSION || command >= PASV_CMD_COUNT)
        return "";
    return command_names[command];
}

static pasv_command command_from(const char *word)
{
    int c;
    for (c = PASV_CMD_STATUS; c < PASV_CMD_COUNT; c++)
        if (!strcmp(word, command_names[c]))
            return (pasv_command)c;
    return PASV_CMD_NONE;
}

static bool is_help(const char *arg)
{
    return !strcmp(arg, "-h") || !strcmp(arg, "--help") || !strcmp(arg, "/?") || !strcmp(arg, "-?");
}

/* One of the listed words, or -1. */
static int pick(const char *value, const char *const *words, int count)
{
    int i;
    for (i = 0; i < count; i++)
        if (!strcmp(value, words[i]))
            return i;
    return -1;
}

/* A prefix ends up in exception names, GP strings ("port:TCP:*:enabled:NAME"), rule strings
 * ("|Name=...|") and quoted script arguments, so the characters special to any of them are
 * refused rather than escaped differently in each. */
static bool prefix_ok(const char *s)
{
    size_t n = strlen(s);
    if (!n || n > PASV_PREFIX_MAX)
        return false;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c < 0x20 || c == 0x7f || c == '"' || c == ':' || c == '|' || c == '%' || c == '\'' || c == '`' ||
            c == '$' || c == '&' || c == '<' || c == '>' || c == '^')
            return false;
    }
    return true;
}

/* An IIS site name as a person types it: not empty, no control characters (the name is compared
 * with the configuration's, case-insensitively, by the front end). */
static bool site_ok(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return false;
    return true;
}

static bool port_ok(const char *s, uint16_t *port)
{
    uint32_t v = 0;
    size_t n = 0;
    for (; *s; s++, n++) {
        if (*s < '0' || *s > '9' || n >= 5)
            return false;
        v = v * 10 + (uint32_t)(*s - '0');
    }
    if (!n || v == 0 || v > 65535)
        return false;
    *port = (uint16_t)v;
    return true;
}

static pasv_cmdline_error fail(pasv_cmdline *cmd, pasv_cmdline_error err, const char *arg, const char *value)
{
    cmd->bad_arg = arg;
    cmd->bad_value = value;
    return err;
}

static pasv_cmdline_error set_option(pasv_cmdline *cmd, const struct option_def *def, const char *name,
                                     const char *value)
{
    static const char *const modes[] = {"per-port", "range-rule"};
    static const char *const errors[] = {"rollback", "continue"};
    static const char *const onoff[] = {"off", "on"};
    static const char *const formats[] = {"gpo", "pol", "netsh", "powershell"};
    int v;

    switch (def->id) {
    case OPT_MODE:
        if ((v = pick(value, modes, 2)) < 0)
            return fail(cmd, PASV_CMDLINE_BAD_VALUE, name, value);
        cmd->mode = v;
        break;
    case OPT_SCOPE:
        if (!strcmp(value, "any"))
            cmd->scope = PASV_SCOPE_ANY;
        else if (!strcmp(value, "subnet"))
            cmd->scope = PASV_SCOPE_SUBNET;
        else if (pasv_addr_parse(value, PASV_ADDR_RULES, cmd->remote, sizeof(cmd->remote), &cmd->scope_result)) {
            /* Syntax of the rules API: the firewall's own API is known only once a session is
             * open, where the caller checks again with PASV_ADDR_LEGACY when it has to. */
            if (cmd->scope_result.any)
                cmd->scope = PASV_SCOPE_ANY;
            else if (!strcmp(cmd->remote, "LocalSubnet"))
                cmd->scope = PASV_SCOPE_SUBNET;
            else
                cmd->scope = PASV_SCOPE_CUSTOM;
            if (cmd->scope != PASV_SCOPE_CUSTOM)
                cmd->remote[0] = 0;
        } else
            return fail(cmd, PASV_CMDLINE_BAD_VALUE, name, value);
        break;
    case OPT_PREFIX:
        if (!prefix_ok(value))
            return fail(cmd, PASV_CMDLINE_BAD_VALUE, name, value);
        cmd->prefix = value;
        break;
    case OPT_KEEP_STALE: cmd->keep_stale = true; break;
    case OPT_NO_RESTART: cmd->no_restart = true; break;
    case OPT_ENABLE_FIREWALL: cmd->enable_firewall = true; break;
    case OPT_DRY_RUN: cmd->dry_run = true; break;
    case OPT_YES: cmd->yes = true; break;
    case OPT_JSON: cmd->json = true; break;
    case OPT_DIRECT_EDIT:
        if ((v = pick(value, onoff, 2)) < 0)
            return fail(cmd, PASV_CMDLINE_BAD_VALUE, name, value);
        cmd->direct_edit = v;
        break;
    case OPT_ON_ERROR:
        if ((v = pick(value, errors, 2)) < 0)
            return fail(cmd, PASV_CMDLINE_BAD_VALUE, name, value);
        cmd->on_error = v;
        break;
    case OPT_CSV:
        if (!*value)
            return fail(cmd, PASV_CMDLINE_BAD_VALUE, name, value);
        cmd->csv = value;
        break;
    case OPT_OUT:
        if (!*value)
            return fail(cmd, PASV_CMDLINE_BAD_VALUE, name, value);
        cmd->out = value;
        break;
    case OPT_FORMAT:
        if ((v = pick(value, formats, 4)) < 0)
            return fail(cmd, PASV_CMDLINE_BAD_VALUE, name, value);
        cmd->format = (pasv_export_format)(v + 1);
        break;
    case OPT_HOST:
        if (!*value)
            return fail(cmd, PASV_CMDLINE_BAD_VALUE, name, value);
        cmd->host = value;
        break;
    case OPT_PORT:
        if (!port_ok(value, &cmd->port))
            return fail(cmd, PASV_CMDLINE_BAD_VALUE, name, value);
        break;
    case OPT_USER:
        if (!*value)
            return fail(cmd, PASV_CMDLINE_BAD_VALUE, name, value);
        cmd->user = value;
        break;
    case OPT_PASSWORD:
        cmd->password = value;
        break;
    case OPT_RESUME: cmd->resume = true; break;
    case OPT_ROLLBACK_UNFINISHED: cmd->rollback_unfinished = true; break;
    case OPT_SITE:
        if (!site_ok(value))
            return fail(cmd, PASV_CMDLINE_BAD_VALUE, name, value);
        cmd->site = value;
        break;
    case OPT_EXTERNAL_IP:
        if (!strcmp(value, "none")) {
            cmd->external_ip = 0;
        } else {
            pasv_ipv4_kind kind;
            if (!pasv_addr_ipv4_host(value, cmd->external_ip_text, sizeof(cmd->external_ip_text), &kind,
                                     &cmd->external_ip_result))
                return fail(cmd, PASV_CMDLINE_BAD_VALUE, name, value);
            cmd->external_ip = 1;
        }
        break;
    case OPT_DISABLE_BUILTIN: cmd->disable_builtin_rule = true; break;
    case OPT_COUNT:
        break;
    }
    return PASV_CMDLINE_OK;
}

static void defaults(pasv_cmdline *cmd)
{
    memset(cmd, 0, sizeof(*cmd));
    cmd->mode = -1;
    cmd->scope = -1;
    cmd->direct_edit = -1;
    cmd->on_error = -1;
    cmd->external_ip = -1;
}

pasv_cmdline_error pasv_cmdline_parse(int argc, char **argv, pasv_cmdline *cmd)
{
    bool seen[OPT_COUNT] = {false};
    int i;

    defaults(cmd);
    if (argc < 2)
        return fail(cmd, PASV_CMDLINE_NO_COMMAND, NULL, NULL);

    /* Help anywhere wins, so "pasvctl apply 5001-5201 /?" explains apply instead of running it. */
    for (i = 1; i < argc; i++) {
        if (is_help(argv[i])) {
            cmd->command = PASV_CMD_HELP;
            cmd->help_topic = command_from(argv[1]);
            return PASV_CMDLINE_OK;
        }
    }
    for (i = 1; i < argc; i++)
        if (strlen(argv[i]) > PASV_CMDLINE_ARG_MAX)
            return fail(cmd, PASV_CMDLINE_TOO_LONG, argv[i], NULL);

    if (!strcmp(argv[1], "help")) {
        cmd->command = PASV_CMD_HELP;
        if (argc > 3)
            return fail(cmd, PASV_CMDLINE_EXTRA_ARGUMENT, argv[3], NULL);
        if (argc == 3 && (cmd->help_topic = command_from(argv[2])) == PASV_CMD_NONE)
            return fail(cmd, PASV_CMDLINE_UNKNOWN_COMMAND, argv[2], NULL);
        return PASV_CMDLINE_OK;
    }
    if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "/version") || !strcmp(argv[1], "version")) {
        cmd->command = PASV_CMD_VERSION;
        return argc > 2 ? fail(cmd, PASV_CMDLINE_EXTRA_ARGUMENT, argv[2], NULL) : PASV_CMDLINE_OK;
    }
    cmd->command = command_from(argv[1]);
    if (cmd->command == PASV_CMD_NONE)
        return fail(cmd, PASV_CMDLINE_UNKNOWN_COMMAND, argv[1], NULL);

    for (i = 2; i < argc; i++) {
        const char *arg = argv[i];
        const char *eq;
        size_t name_len;
        const struct option_def *def = NULL;
        const char *value = NULL;
        size_t k;
        pasv_cmdline_error err;

        if (arg[0] != '-' || !arg[1] || (arg[1] >= '0' && arg[1] <= '9')) {
            /* Positional: the RANGE of apply/export ("-5001" is a range typo, let the range
             * parser name it). */
            if ((cmd->command != PASV_CMD_APPLY && cmd->command != PASV_CMD_EXPORT) || cmd->range_text)
                return fail(cmd, PASV_CMDLINE_EXTRA_ARGUMENT, arg, NULL);
            cmd->range_text = arg;
            continue;
        }
        eq = strchr(arg, '=');
        name_len = eq ? (size_t)(eq - arg) : strlen(arg);
        for (k = 0; k < sizeof(option_table) / sizeof(option_table[0]); k++) {
            if (strlen(option_table[k].name) == name_len && !strncmp(option_table[k].name, arg, name_len)) {
                def = &option_table[k];
                break;
            }
        }
        if (!def || !(def->commands & CMD_BIT(cmd->command)))
            return fail(cmd, PASV_CMDLINE_UNKNOWN_OPTION, arg, NULL);
        if (seen[def->id])
            return fail(cmd, PASV_CMDLINE_DUPLICATE, arg, NULL);
        seen[def->id] = true;
        if (def->takes_value) {
            if (eq)
                value = eq + 1;
            else if (i + 1 < argc)
                value = argv[++i];
            else
                return fail(cmd, PASV_CMDLINE_MISSING_VALUE, def->name, NULL);
        } else if (eq) {
            return fail(cmd, PASV_CMDLINE_BAD_VALUE, def->name, eq + 1);
        }
        err = set_option(cmd, def, def->name, value ? value : "");
        if (err != PASV_CMDLINE_OK)
            return err;
    }

    if (seen[OPT_RESUME] && seen[OPT_ROLLBACK_UNFINISHED])
        return fail(cmd, PASV_CMDLINE_CONFLICT, "--resume", "--rollback-unfinished");
    /* A dry run changes nothing and takes no lock: a recovery (which changes the machine) is
     * never one. */
    if (seen[OPT_DRY_RUN] && (seen[OPT_RESUME] || seen[OPT_ROLLBACK_UNFINISHED]))
        return fail(cmd, PASV_CMDLINE_CONFLICT, "--dry-run", seen[OPT_RESUME] ? "--resume" : "--rollback-unfinished");
    if ((seen[OPT_RESUME] || seen[OPT_ROLLBACK_UNFINISHED]) && cmd->range_text)
        return fail(cmd, PASV_CMDLINE_EXTRA_ARGUMENT, cmd->range_text, NULL);
    /* A recovery replays or undoes the interrupted run's own options: nothing new with it. */
    if ((seen[OPT_RESUME] || seen[OPT_ROLLBACK_UNFINISHED]) && (seen[OPT_SITE] || seen[OPT_EXTERNAL_IP]))
        return fail(cmd, PASV_CMDLINE_CONFLICT, seen[OPT_RESUME] ? "--resume" : "--rollback-unfinished",
                    seen[OPT_SITE] ? "--site" : "--external-ip");
    if (seen[OPT_SITE] && !seen[OPT_EXTERNAL_IP])
        return fail(cmd, PASV_CMDLINE_MISSING_VALUE, "--external-ip", NULL);
    if (seen[OPT_CSV] && seen[OPT_JSON])
        return fail(cmd, PASV_CMDLINE_CONFLICT, "--csv", "--json");
    if (cmd->command == PASV_CMD_AUDIT && seen[OPT_CSV] && seen[OPT_OUT])
        return fail(cmd, PASV_CMDLINE_CONFLICT, "--csv", "--out");
    if (seen[OPT_USER] != seen[OPT_PASSWORD])
        return fail(cmd, PASV_CMDLINE_MISSING_VALUE, seen[OPT_USER] ? "--password" : "--user", NULL);
    if (cmd->command == PASV_CMD_EXPORT && cmd->format == PASV_EXPORT_NONE)
        return fail(cmd, PASV_CMDLINE_MISSING_VALUE, "--format", NULL);
    /* A site's external address is IIS configuration, not a Group Policy setting: the GPO
     * formats cannot carry it, and dropping it silently would export less than was asked. */
    if (cmd->command == PASV_CMD_EXPORT && seen[OPT_EXTERNAL_IP] &&
        (cmd->format == PASV_EXPORT_GPO || cmd->format == PASV_EXPORT_POL))
        return fail(cmd, PASV_CMDLINE_CONFLICT, "--external-ip",
                    cmd->format == PASV_EXPORT_GPO ? "--format gpo" : "--format pol");
    if (cmd->range_text) {
        cmd->range_error = pasv_range_parse(cmd->range_text, &cmd->range);
        if (cmd->range_error != PASV_RANGE_OK)
            return fail(cmd, PASV_CMDLINE_BAD_RANGE, cmd->range_text, NULL);
        cmd->range_given = true;
    } else if (cmd->command == PASV_CMD_APPLY && !cmd->resume && !cmd->rollback_unfinished && !seen[OPT_EXTERNAL_IP]) {
        return fail(cmd, PASV_CMDLINE_MISSING_RANGE, NULL, NULL);
    }
    return PASV_CMDLINE_OK;
}
