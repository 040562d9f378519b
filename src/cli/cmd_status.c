/* pasvctl status and audit: what is configured, what the firewall opens, and what is wrong.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "win.h"

#include <stdio.h>
#include <wchar.h>

#include "cli.h"
#include "cli_guard.h"
#include "cli_util.h"
#include "cmd_iis7.h"
#include "com_util.h"
#include "console.h"
#include "machine.h"
#include "pasv/audit.h"
#include "pasv/audit_out.h"
#include "pasv/plural.h"
#include "pasv/textbuf.h"
#include "resource.h"
#include "text.h"

/* ---- small output helpers ---- */

static void msg_out(UINT id, const DWORD_PTR *args, DWORD count)
{
    console_message(CONSOLE_OUT, id, args, count);
}

static void out_utf8(const char *s)
{
    console_utf8(CONSOLE_OUT, s, strlen(s));
}

static const UINT audit_msgs[PASV_AUDIT_STATE_COUNT] = {PASV_MSG_AUDIT_OPEN, PASV_MSG_AUDIT_PARTIAL,
                                                         PASV_MSG_AUDIT_MISSING, PASV_MSG_AUDIT_FOREIGN,
                                                         PASV_MSG_AUDIT_STALE, PASV_MSG_AUDIT_OVERRIDDEN};

/* ---- status ---- */

typedef struct profile_info {
    uint32_t bit;
    UINT name_id;
    const char *key;
} profile_info;

static const profile_info legacy_profiles[] = {
    {PASV_PROFILE_DOMAIN, IDS_CLI_ST_PROFILE_DOMAIN, "domain"},
    {PASV_PROFILE_STANDARD, IDS_CLI_ST_PROFILE_STANDARD, "standard"},
};
static const profile_info rule_profiles[] = {
    {PASV_PROFILE2_DOMAIN, IDS_CLI_ST_PROFILE_DOMAIN, "domain"},
    {PASV_PROFILE2_PRIVATE, IDS_CLI_ST_PROFILE_PRIVATE, "private"},
    {PASV_PROFILE2_PUBLIC, IDS_CLI_ST_PROFILE_PUBLIC, "public"},
};

static void profiles_of(const pasv_session *s, const profile_info **list, size_t *count)
{
    if (pasv_session_profiles_rules(s)) {
        *list = rule_profiles;
        *count = 3;
    } else {
        *list = legacy_profiles;
        *count = 2;
    }
}

/* What status prints, gathered once; each step below prints one part of it. */
typedef struct status_ctx {
    pasv_session *s;
    pasv_service_state state;
    pasv_audit audit;
    bool have_audit;
    char range_text[PASV_RANGE_TEXT_MAX], def_text[PASV_RANGE_TEXT_MAX], dyn_text[PASV_RANGE_TEXT_MAX];
    WCHAR wrange[PASV_RANGE_TEXT_MAX], wdef[PASV_RANGE_TEXT_MAX], wdyn[PASV_RANGE_TEXT_MAX];
    uint16_t listening[64];
    unsigned n_listening;
    const profile_info *profiles;
    size_t n_profiles;
    bool overlap;
} status_ctx;

static void status_gather(status_ctx *c)
{
    pasv_session *s = c->s;
    pasv_range def, dyn;

    c->state = PASV_SVC_UNKNOWN;
    if (s->service)
        s->service->vt->query(s->service, &c->state);
    /* An unset range leaves the choice to Windows: this machine's dynamic range (machine.c). */
    dyn = pasv_machine_dynamic_range(&s->env, NULL);
    def = dyn;
    pasv_range_format(&s->range, c->range_text, sizeof(c->range_text));
    pasv_range_format(&def, c->def_text, sizeof(c->def_text));
    pasv_range_format(&dyn, c->dyn_text, sizeof(c->dyn_text));
    swprintf(c->wrange, PASV_RANGE_TEXT_MAX, L"%hs", c->range_text);
    swprintf(c->wdef, PASV_RANGE_TEXT_MAX, L"%hs", c->def_text);
    swprintf(c->wdyn, PASV_RANGE_TEXT_MAX, L"%hs", c->dyn_text);
    c->overlap = s->range.low <= dyn.high && dyn.low <= s->range.high;
    c->n_listening = pasv_machine_listening(&s->range, c->listening, 64);
    if (s->firewall && SUCCEEDED(s->fw_hr))
        c->have_audit = pasv_session_audit(s, &c->audit) == PASV_S_OK;
    profiles_of(s, &c->profiles, &c->n_profiles);
}

/* "range": the configured range; null when it is not a range (set by hand to "abc": the text
 * is in "range_invalid") or could not be read ("range_hr" says why). */
static void status_json_range(const status_ctx *c, pasv_textbuf *tb)
{
    const pasv_session *s = c->s;
    bool invalid = s->range_hr == PASV_S_RANGE_INVALID;

    pasv_textbuf_puts(tb, "  \"range\": ");
    if (invalid || FAILED(s->range_hr))
        pasv_textbuf_puts(tb, "null");
    else
        pasv_textbuf_put_json(tb, c->range_text);
    if (invalid) {
        char raw[PASV_RAW_RANGE_MAX * 3];
        if (!pasv_utf8_from_wide(s->range_invalid, raw, sizeof(raw)))
            raw[0] = 0;
        pasv_textbuf_puts(tb, ",\n  \"range_invalid\": ");
        pasv_textbuf_put_json(tb, raw);
    }
    pasv_textbuf_printf(tb, ",\n  \"range_set\": %s,\n  \"default_range\": ", s->range_set ? "true" : "false");
    pasv_textbuf_put_json(tb, c->def_text);
    pasv_textbuf_printf(tb, ",\n  \"range_hr\": \"0x%08lX\",\n", (unsigned long)s->range_hr);
}

static void status_json(const status_ctx *c)
{
    const pasv_session *s = c->s;
    pasv_textbuf tb;
    size_t i;

    pasv_textbuf_init(&tb);
    pasv_textbuf_printf(&tb, "{\n  \"server\": \"%s\",\n  \"server_state\": \"%s\",\n",
                        s->env.ftp == PASV_FTP_IIS6 ? "IIS6" : s->env.ftp == PASV_FTP_IIS5 ? "IIS5"
                        : s->env.ftp == PASV_FTP_IIS7 ? "IIS7" : "none",
                        c->state == PASV_SVC_RUNNING ? "running" : c->state == PASV_SVC_STOPPED ? "stopped"
                        : c->state == PASV_SVC_UNKNOWN ? "unknown" : "pending");
    status_json_range(c, &tb);
    pasv_textbuf_printf(&tb,
                        "  \"firewall\": {\n    \"api\": \"%s\",\n    \"hr\": \"0x%08lX\",\n    \"gp_override\": %s,\n"
                        "    \"profiles\": [",
                        !s->firewall ? "none" : s->env.fw_rules_api ? "rules" : "legacy",
                        (unsigned long)s->fw_state_hr, s->fw_state.gp_override ? "true" : "false");
    for (i = 0; i < c->n_profiles; i++)
        pasv_textbuf_printf(&tb,
                            "%s\n      {\"name\": \"%s\", \"enabled\": %s, \"current\": %s, \"exceptions_allowed\": %s}",
                            i ? "," : "", c->profiles[i].key,
                            s->fw_state.profiles_enabled & c->profiles[i].bit ? "true" : "false",
                            s->fw_state.profiles_current & c->profiles[i].bit ? "true" : "false",
                            s->fw_state.profiles_no_exceptions & c->profiles[i].bit ? "false" : "true");
    pasv_textbuf_puts(&tb, "\n    ]\n  },\n");
    if (c->have_audit)
        pasv_textbuf_printf(&tb,
                            "  \"audit\": {\"in_range\": %u, \"open\": %u, \"partial\": %u, \"missing\": %u, "
                            "\"stale\": %u, \"foreign\": %u, \"overridden\": %u},\n",
                            (unsigned)pasv_range_count(&s->range), c->audit.totals[PASV_AUDIT_OPEN],
                            c->audit.totals[PASV_AUDIT_PARTIAL], c->audit.totals[PASV_AUDIT_MISSING],
                            c->audit.totals[PASV_AUDIT_STALE], c->audit.totals[PASV_AUDIT_FOREIGN],
                            c->audit.totals[PASV_AUDIT_OVERRIDDEN]);
    pasv_textbuf_printf(&tb, "  \"dynamic_range\": \"%s\",\n  \"overlaps_dynamic\": %s,\n  \"listening\": [",
                        c->dyn_text, c->overlap ? "true" : "false");
    for (i = 0; i < c->n_listening; i++)
        pasv_textbuf_printf(&tb, "%s%u", i ? ", " : "", (unsigned)c->listening[i]);
    pasv_textbuf_puts(&tb, "]\n}\n");
    if (!tb.failed)
        out_utf8(tb.data);
    else
        cli_failure(IDS_CLI_ERR_SESSION, NULL, E_OUTOFMEMORY);
    pasv_textbuf_cleanup(&tb);
}

static void status_server_range(const status_ctx *c)
{
    const pasv_session *s = c->s;

    if (s->config) {
        WCHAR *name = pasv_env_ftp_name(&s->env), *st = pasv_text_load(cli_state_id(c->state));
        DWORD_PTR args[2] = {(DWORD_PTR)(name ? name : L"?"), (DWORD_PTR)(st ? st : L"?")};
        msg_out(IDS_CLI_ST_SERVER, args, 2);
        LocalFree(name);
        LocalFree(st);
    } else {
        WCHAR *why = pasv_text_load(s->env.ftp_reason);
        DWORD_PTR args[1] = {(DWORD_PTR)(why ? why : L"?")};
        msg_out(IDS_CLI_ST_NO_SERVER, args, 1);
        LocalFree(why);
    }

    if (FAILED(s->range_hr) && s->config) {
        cli_failure(IDS_CLI_ERR_READ_RANGE, NULL, s->range_hr);
    } else if (s->range_hr == PASV_S_RANGE_INVALID) {
        DWORD_PTR args[1] = {(DWORD_PTR)s->range_invalid};
        msg_out(IDS_REP_ST_RANGE_INVALID, args, 1);
    } else if (s->range_set) {
        DWORD_PTR args[2] = {(DWORD_PTR)c->wrange, (DWORD_PTR)pasv_range_count(&s->range)};
        msg_out(pasv_plural_id(IDS_CLI_ST_RANGE_ONE, IDS_CLI_ST_RANGE, pasv_range_count(&s->range)), args, 2);
    } else if (!cli_iis7_range_unset(s)) {
        DWORD_PTR args[1] = {(DWORD_PTR)c->wdef};
        msg_out(IDS_CLI_ST_RANGE_UNSET, args, 1);
    }
}

static void status_firewall_down(const pasv_session *s)
{
    WCHAR *why = pasv_text_failure(IDS_CLI_ERR_FIREWALL, NULL, s->firewall ? s->fw_state_hr : s->firewall_hr);
    DWORD_PTR a1[1] = {(DWORD_PTR)(why ? why : L"?")};
    WCHAR *st = pasv_text_format(IDS_CLI_ST_NO_FIREWALL, a1, 1);
    DWORD_PTR a2[1] = {(DWORD_PTR)(st ? st : L"?")};

    msg_out(IDS_CLI_ST_FIREWALL, a2, 1);
    LocalFree(why);
    LocalFree(st);
}

static void status_firewall(const status_ctx *c)
{
    const pasv_session *s = c->s;
    WCHAR *api;
    size_t i;

    if (!s->firewall || FAILED(s->fw_state_hr)) {
        status_firewall_down(s);
        return;
    }
    api = pasv_text_load(s->env.fw_rules_api ? IDS_ENV_FW_RULES : IDS_ENV_FW_LEGACY);
    {
        DWORD_PTR a[1] = {(DWORD_PTR)(api ? api : L"?")};
        msg_out(IDS_CLI_ST_FIREWALL, a, 1);
    }
    LocalFree(api);
    for (i = 0; i < c->n_profiles; i++) {
        uint32_t bit = c->profiles[i].bit;
        WCHAR *name = pasv_text_load(c->profiles[i].name_id);
        WCHAR *on = pasv_text_load((s->fw_state.profiles_enabled & bit) ? IDS_CLI_ST_ON : IDS_CLI_ST_OFF);
        WCHAR *cur = (s->fw_state.profiles_current & bit) ? pasv_text_load(IDS_CLI_ST_CURRENT) : NULL;
        WCHAR *noex = (s->fw_state.profiles_no_exceptions & bit) ? pasv_text_load(IDS_CLI_ST_NO_EXCEPTIONS) : NULL;
        DWORD_PTR args[4] = {(DWORD_PTR)(name ? name : L"?"), (DWORD_PTR)(on ? on : L"?"),
                             (DWORD_PTR)(noex ? noex : L""), (DWORD_PTR)(cur ? cur : L"")};
        msg_out(IDS_CLI_ST_PROFILE, args, 4);
        LocalFree(name);
        LocalFree(on);
        LocalFree(cur);
        LocalFree(noex);
    }
}

static void status_audit_summary(const status_ctx *c)
{
    const pasv_audit *audit = &c->audit;
    DWORD_PTR args[6] = {audit->totals[PASV_AUDIT_OPEN], pasv_range_count(&c->s->range),
                         audit->totals[PASV_AUDIT_MISSING], audit->totals[PASV_AUDIT_STALE],
                         audit->totals[PASV_AUDIT_FOREIGN], audit->totals[PASV_AUDIT_PARTIAL]};
    WCHAR *sum;

    if (!c->have_audit)
        return;
    sum = pasv_text_format(PASV_MSG_AUDIT_SUMMARY, args, 6);
    if (sum) {
        DWORD_PTR a[1] = {(DWORD_PTR)sum};
        msg_out(IDS_CLI_ST_AUDIT, a, 1);
        LocalFree(sum);
    }
}

/* The firewall's own warnings: profiles without exceptions or switched off, a policy override. */
static void status_firewall_warnings(const status_ctx *c)
{
    const pasv_fw_state *st = &c->s->fw_state;
    size_t i;

    for (i = 0; i < c->n_profiles; i++) {
        WCHAR *name = pasv_text_load(c->profiles[i].name_id);
        DWORD_PTR a[1] = {(DWORD_PTR)(name ? name : L"?")};
        if (st->profiles_no_exceptions & c->profiles[i].bit)
            msg_out(IDS_CLI_WARN_NO_EXCEPTIONS, a, 1);
        if ((st->profiles_all & c->profiles[i].bit) && !(st->profiles_enabled & c->profiles[i].bit))
            msg_out(IDS_CLI_WARN_FIREWALL_OFF, a, 1);
        LocalFree(name);
    }
    if (st->gp_override)
        msg_out(IDS_CLI_WARN_GP_OVERRIDE, NULL, 0);
}

static void status_warnings(const status_ctx *c)
{
    const pasv_session *s = c->s;
    bool fw_ok = s->firewall && SUCCEEDED(s->fw_state_hr);
    bool any = (fw_ok && (s->fw_state.profiles_no_exceptions || s->fw_state.gp_override ||
                          (s->fw_state.profiles_all & ~s->fw_state.profiles_enabled))) ||
               c->overlap || c->n_listening || s->range_hr == PASV_S_RANGE_INVALID;

    msg_out(any ? IDS_CLI_ST_WARNINGS : IDS_CLI_ST_NO_WARNINGS, NULL, 0);
    if (s->range_hr == PASV_S_RANGE_INVALID) {
        DWORD_PTR a[1] = {(DWORD_PTR)s->range_invalid};
        msg_out(IDS_REP_WARN_RANGE_INVALID, a, 1);
    }
    if (fw_ok)
        status_firewall_warnings(c);
    if (c->overlap) {
        DWORD_PTR a[2] = {(DWORD_PTR)c->wrange, (DWORD_PTR)c->wdyn};
        msg_out(IDS_CLI_WARN_DYNAMIC, a, 2);
    }
    if (c->n_listening) {
        /* The dialog shows the same warning through the same function (machine.c). */
        WCHAR *text = pasv_machine_listening_text(&s->range, IDS_CLI_WARN_LISTENING_ONE, IDS_CLI_WARN_LISTENING);
        if (text) {
            console_line(CONSOLE_OUT, text);
            LocalFree(text);
        }
    }
}

int cli_status(const pasv_cmdline *cmd, pasv_session *s)
{
    status_ctx c;

    memset(&c, 0, sizeof(c));
    c.s = s;
    status_gather(&c);
    if (cmd->json) {
        status_json(&c);
    } else {
        status_server_range(&c);
        status_firewall(&c);
        status_audit_summary(&c);
        cli_iis7_status(s); /* IIS 7+: FTP sites, stateful FTP, the built-in rules */
        cli_status_runs(); /* the run going on now, and an interrupted one */
        status_warnings(&c);
    }
    if (c.have_audit)
        pasv_audit_cleanup(&c.audit);
    return s->config || cmd->json ? EXIT_DONE : EXIT_ENVIRONMENT;
}

/* ---- audit ---- */

/* The deciding entry's name; "" for a missing port. */
static const char *row_name(const pasv_session *s, const pasv_audit_row *row)
{
    if (row->entry != UINT32_MAX && row->entry < s->fw.count)
        return s->fw.items[row->entry].name;
    return "";
}

/* CSV or JSON through the one writer the dialog uses too (src/core/audit_out.c), to FILE
 * (replaced whole or not at all) or, for JSON without --out, to standard output. */
static int audit_document(const pasv_cmdline *cmd, const pasv_session *s, const pasv_audit *audit)
{
    pasv_audit_out opt = {cmd->csv ? PASV_AUDIT_CSV : PASV_AUDIT_JSON, false, s->range_set, NULL, NULL, 0};
    const char *path = cmd->csv ? cmd->csv : cmd->out;
    pasv_textbuf doc;
    HRESULT hr;
    WCHAR *wpath;

    opt.rules_api = pasv_session_profiles_rules(s);
    pasv_textbuf_init(&doc);
    if (pasv_audit_write(audit, &s->fw, &opt, &doc) != PASV_S_OK) {
        pasv_textbuf_cleanup(&doc);
        cli_failure(IDS_CLI_ERR_FIREWALL, NULL, E_OUTOFMEMORY);
        return EXIT_ENVIRONMENT;
    }
    if (!path) {
        console_utf8(CONSOLE_OUT, doc.data, doc.len);
        pasv_textbuf_cleanup(&doc);
        return EXIT_DONE;
    }
    hr = cli_write_file(path, doc.data, doc.len);
    pasv_textbuf_cleanup(&doc);
    wpath = cli_wide(path);
    if (FAILED(hr)) {
        cli_failure(IDS_CLI_ERR_WRITE_FILE, wpath, hr);
        LocalFree(wpath);
        return EXIT_ENVIRONMENT;
    }
    {
        DWORD_PTR a[2] = {(DWORD_PTR)audit->count, (DWORD_PTR)(wpath ? wpath : L"")};
        console_message(CONSOLE_OUT, pasv_plural_id(IDS_CLI_AU_WRITTEN_ONE, IDS_CLI_AU_WRITTEN, audit->count), a, 2);
    }
    LocalFree(wpath);
    return EXIT_DONE;
}

/* One row per line; names shown with their control characters escaped (cli_display). */
static void audit_text(const pasv_session *s, const pasv_audit *audit)
{
    bool rules_api = pasv_session_profiles_rules(s);
    WCHAR *words[PASV_AUDIT_STATE_COUNT];
    size_t i, k;

    for (k = 0; k < PASV_AUDIT_STATE_COUNT; k++)
        words[k] = pasv_text_load(audit_msgs[k]);
    console_message(CONSOLE_OUT, IDS_CLI_AU_HEADER, NULL, 0);
    for (i = 0; i < audit->count; i++) {
        const pasv_audit_row *r = &audit->rows[i];
        WCHAR head[96], *name = cli_display(row_name(s, r));
        char profiles[32];
        /* Spelled out as the CSV and JSON say it (pasv_audit_profiles_text): domain|standard. */
        pasv_audit_profiles_text(r->profiles, rules_api, profiles, sizeof(profiles));
        swprintf(head, 96, L"%-6u %-32ls %-22hs ", (unsigned)r->port, words[r->state] ? words[r->state] : L"?",
                 profiles);
        console_text(CONSOLE_OUT, head);
        console_line(CONSOLE_OUT, name ? name : L"");
        LocalFree(name);
    }
    {
        DWORD_PTR args[6] = {audit->totals[PASV_AUDIT_OPEN], pasv_range_count(&s->range),
                             audit->totals[PASV_AUDIT_MISSING], audit->totals[PASV_AUDIT_STALE],
                             audit->totals[PASV_AUDIT_FOREIGN], audit->totals[PASV_AUDIT_PARTIAL]};
        WCHAR *sum = pasv_text_format(PASV_MSG_AUDIT_SUMMARY, args, 6);
        if (sum) {
            console_line(CONSOLE_OUT, sum);
            LocalFree(sum);
        }
    }
    for (k = 0; k < PASV_AUDIT_STATE_COUNT; k++)
        LocalFree(words[k]);
}

/* Exit code 3 after saying why, when there is nothing to audit; -1 when the audit can run. */
static int audit_check(const pasv_session *s)
{
    if (!s->config) {
        WCHAR *why = pasv_text_load(s->env.ftp_reason);
        DWORD_PTR a[1] = {(DWORD_PTR)(why ? why : L"?")};
        console_message(CONSOLE_ERR, IDS_CLI_ERR_NO_SERVER, a, 1);
        LocalFree(why);
        return EXIT_ENVIRONMENT;
    }
    if (FAILED(s->range_hr)) {
        cli_failure(IDS_CLI_ERR_READ_RANGE, NULL, s->range_hr);
        return EXIT_ENVIRONMENT;
    }
    if (!s->firewall || FAILED(s->fw_hr)) {
        cli_failure(IDS_CLI_ERR_FIREWALL, NULL, s->firewall ? s->fw_hr : s->firewall_hr);
        return EXIT_ENVIRONMENT;
    }
    return -1;
}

int cli_audit(const pasv_cmdline *cmd, pasv_session *s)
{
    pasv_audit audit;
    int code = audit_check(s);

    if (code >= 0)
        return code;
    if (pasv_session_audit(s, &audit) != PASV_S_OK) {
        cli_failure(IDS_CLI_ERR_FIREWALL, NULL, E_OUTOFMEMORY);
        return EXIT_ENVIRONMENT;
    }
    if (cmd->csv || cmd->json || cmd->out) {
        code = audit_document(cmd, s, &audit);
    } else {
        audit_text(s, &audit);
        code = EXIT_DONE;
    }
    if (code == EXIT_DONE && (audit.totals[PASV_AUDIT_MISSING] || audit.totals[PASV_AUDIT_PARTIAL]
                              || audit.totals[PASV_AUDIT_OVERRIDDEN]))
        code = EXIT_ITEMS_FAILED;
    pasv_audit_cleanup(&audit);
    return code;
}
