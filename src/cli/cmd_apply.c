/* pasvctl apply and remove: plan, show, confirm, apply with one line per item, summary, trail.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "win.h"

#include <stdio.h>
#include <wchar.h>

#include "cli.h"
#include "cli_guard.h"
#include "cli_util.h"
#include "cmd_iis7.h"
#include "console.h"
#include "pasv/plural.h"
#include "resource.h"
#include "text.h"
#include "preflight.h"
#include "recovery.h"
#include "runlock.h"
#include "trail.h"

/* Set by the console control handler (another thread), polled between items. */
static volatile LONG cancel_requested;

static BOOL WINAPI on_ctrl(DWORD type)
{
    if (type == CTRL_C_EVENT || type == CTRL_BREAK_EVENT) {
        InterlockedExchange(&cancel_requested, 1);
        return TRUE; /* keep running: the engine stops between items and we roll back */
    }
    return FALSE;
}

typedef struct console_sink {
    pasv_sink iface;
} console_sink;

/* "  Done        Open port 5001", then the failure on its own line. */
static void print_item(const pasv_plan *plan, size_t i, bool with_status)
{
    /* Names through cli_display: a foreign name holding CR LF stays on its row. */
    WCHAR *action = pasv_trail_item_action_shown(plan, i, cli_display);
    WCHAR *status = with_status ? pasv_text_load(pasv_item_status_msg(&plan->items[i])) : NULL;
    WCHAR *failure = with_status ? pasv_trail_item_failure_shown(plan, i, cli_display) : NULL;
    WCHAR head[64];

    /* The head, then the texts whole: a long name is never cut by a fixed line buffer. */
    if (with_status)
        swprintf(head, 64, L"  %-12ls ", status ? status : L"?");
    else
        swprintf(head, 64, L"  ");
    console_text(CONSOLE_OUT, head);
    console_line(CONSOLE_OUT, action ? action : L"?");
    if (failure) {
        console_text(CONSOLE_OUT, L"               ");
        console_line(CONSOLE_OUT, failure);
    }
    LocalFree(action);
    LocalFree(status);
    LocalFree(failure);
}

static void sink_started(pasv_sink *sink, const pasv_plan *plan, size_t item)
{
    (void)sink;
    (void)plan;
    (void)item;
}

static void sink_finished(pasv_sink *sink, const pasv_plan *plan, size_t item)
{
    uint8_t st = plan->items[item].status;

    (void)sink;
    /* Items that did not run are reported too (for the journal); the console lists what ran. */
    if (st == PASV_ST_SKIPPED || st == PASV_ST_CANCELLED)
        return;
    print_item(plan, item, true);
}

static bool sink_cancel(pasv_sink *sink)
{
    (void)sink;
    return InterlockedCompareExchange(&cancel_requested, 0, 0) != 0;
}

static void sink_note(pasv_sink *sink, size_t item, pasv_note note, uint32_t value)
{
    (void)sink;
    (void)item;
    (void)note;
    (void)value;
}

static const pasv_sink_vtable console_sink_vt = {sink_started, sink_finished, sink_cancel, sink_note};

static void print_number(WCHAR *buf, uint32_t n)
{
    swprintf(buf, 12, L"%u", (unsigned)n);
}

static void print_plan(const pasv_plan *plan, const pasv_session *s)
{
    pasv_plan_counts c;
    size_t i;
    WCHAR n[5][12], wrange[PASV_RANGE_TEXT_MAX];
    char text[PASV_RANGE_TEXT_MAX];
    pasv_range def = pasv_range_server_default(s->server);

    pasv_plan_count(plan, &c);
    if (plan->opt.skip_config && plan->opt.skip_firewall) {
        /* apply --external-ip alone: no range, no firewall; the rows say what changes. */
    } else if (plan->opt.clear_range) {
        pasv_range_format(&def, text, sizeof(text));
        swprintf(wrange, PASV_RANGE_TEXT_MAX, L"%hs", text);
        {
            DWORD_PTR a[4] = {(DWORD_PTR)wrange, c.stale, c.rules_removed, c.foreign};
            console_message(CONSOLE_OUT, IDS_CLI_AP_REMOVE_PLAN, a, 4);
        }
    } else {
        pasv_range_format(&plan->opt.range, text, sizeof(text));
        swprintf(wrange, PASV_RANGE_TEXT_MAX, L"%hs", text);
        print_number(n[0], c.open + c.rules_put);
        print_number(n[1], c.keep);
        print_number(n[2], c.stale + c.rules_removed);
        print_number(n[3], c.foreign);
        {
            DWORD_PTR a[5] = {(DWORD_PTR)wrange, (DWORD_PTR)n[0], (DWORD_PTR)n[1], (DWORD_PTR)n[2], (DWORD_PTR)n[3]};
            console_message(CONSOLE_OUT, PASV_MSG_SUMMARY_PLAN, a, 5);
        }
    }
    {
        DWORD_PTR a[1] = {plan->count};
        console_message(CONSOLE_OUT, pasv_plural_id(IDS_CLI_AP_PLAN_ONE, IDS_CLI_AP_PLAN, plan->count), a, 1);
    }
    for (i = 0; i < plan->count; i++)
        print_item(plan, i, false);
}

/* One apply or remove, as its steps below share it. */
typedef struct apply_ctx {
    const pasv_cmdline *cmd;
    pasv_session *s;
    const pasv_journal *resume; /* the interrupted run's journal (--resume), else NULL */
    pasv_guard *run;            /* the shared run guard, its lock held */
    bool ran;                   /* the journal began: the plan was run */
    const WCHAR *command_line;  /* as typed, for the change trail */
    pasv_preflight pf;          /* the findings of the run's options */
    pasv_plan *plan;
    cli_iis7_change site;       /* --site / --external-ip (IIS 7+), for pasv_options */
} apply_ctx;

/* remove with no FTP configuration to touch (IIS or its metabase gone, or the range unreadable):
 * only our firewall entries are cleaned (issue 11, B13). */
static bool remove_firewall_only(const pasv_cmdline *cmd, const pasv_session *s)
{
    return cmd->command == PASV_CMD_REMOVE && (!s->config || FAILED(s->range_hr));
}

/* Exit code 3 for problems of the machine, printed here; -1 when apply may go ahead. */
static int check_environment(const apply_ctx *c)
{
    const pasv_cmdline *cmd = c->cmd;
    const pasv_session *s = c->s;

    if (remove_firewall_only(cmd, s)) {
        WCHAR *why = !s->config ? pasv_text_load(s->env.ftp_reason) : pasv_text_failure(IDS_CLI_ERR_READ_RANGE, NULL, s->range_hr);
        DWORD_PTR a[1] = {(DWORD_PTR)(why ? why : L"?")};
        console_message(CONSOLE_OUT, IDS_REP_NO_FTP_RANGE, a, 1);
        LocalFree(why);
    } else if (!s->config) {
        WCHAR *why = pasv_text_load(s->env.ftp_reason);
        DWORD_PTR a[1] = {(DWORD_PTR)(why ? why : L"?")};
        console_message(CONSOLE_ERR, IDS_CLI_ERR_NO_SERVER, a, 1);
        LocalFree(why);
        return EXIT_ENVIRONMENT;
    }
    if (FAILED(s->range_hr) && !remove_firewall_only(cmd, s)) {
        cli_failure(IDS_CLI_ERR_READ_RANGE, NULL, s->range_hr);
        return EXIT_ENVIRONMENT;
    }
    /* A firewall that does not answer (its service stopped) is the preflight's to explain. */
    if (!s->firewall || (SUCCEEDED(s->fw_state_hr) && FAILED(s->fw_hr))) {
        HRESULT hr = !s->firewall ? s->firewall_hr : s->fw_hr;
        cli_failure(IDS_CLI_ERR_FIREWALL, NULL, hr);
        return EXIT_ENVIRONMENT;
    }
    return -1;
}

static bool nothing_changed(const pasv_plan *plan)
{
    size_t i;
    for (i = 0; i < plan->count; i++)
        if (plan->items[i].status == PASV_ST_DONE || plan->items[i].status == PASV_ST_ROLLBACK_FAILED ||
            plan->items[i].status == PASV_ST_NOT_VERIFIED)
            return false;
    return true;
}

/* A run killed in its restart left the service stopped; a resumed plan whose range is already in
 * place has no restart of its own. */
static void cli_resume_service(pasv_session *s, const pasv_journal *j)
{
    HRESULT hr = pasv_recovery_restore_service(s, j);
    if (hr == S_OK)
        console_message(CONSOLE_OUT, IDS_JRN_SERVICE_STARTED, NULL, 0);
    else if (FAILED(hr))
        cli_failure(IDS_JRN_SERVICE_NOT_STARTED, NULL, hr);
}

/* One preflight finding, as console_message prints a message. */
static void print_finding(console_stream stream, const pasv_preflight_finding *f)
{
    WCHAR *text = pasv_preflight_text(f);
    WCHAR fallback[32];

    if (!text)
        swprintf(fallback, 32, L"[message %u]", f->msg);
    console_line(stream, text ? text : fallback);
    LocalFree(text);
}

/* The preflight's warnings (the service left stopped, other programs' exceptions in the range),
 * before the question, so --yes never hides them. */
static void print_warnings(const pasv_preflight *pf)
{
    size_t i;
    for (i = 0; i < pf->count; i++)
        if (!pf->items[i].blocking)
            print_finding(CONSOLE_OUT, &pf->items[i]);
}

/* Issue 11 (B14): the shared preflight (src/win/preflight.c) decides what stops apply before
 * the first change: one plain message and exit 3. remove is never stopped (cleaning up is
 * always allowed). */
static int preflight(const pasv_options *opt, const pasv_session *s, pasv_preflight *pf)
{
    const pasv_preflight_finding *f;

    pasv_preflight_check(s, opt, &pasv_preflight_ids_cli, pf);
    f = pasv_preflight_blocking(pf);
    if (!f)
        return -1;
    print_finding(CONSOLE_ERR, f);
    return EXIT_ENVIRONMENT;
}

/* The options of the run: from the command line, or, for --resume, the interrupted run's. */
static void build_options(const apply_ctx *c, pasv_options *opt)
{
    const pasv_cmdline *cmd = c->cmd;
    const pasv_session *s = c->s;
    bool remove = cmd->command == PASV_CMD_REMOVE;

    if (c->resume) {
        *opt = c->resume->opt;
        return;
    }
    pasv_options_init(opt, s->server);
    opt->clear_range = remove;
    opt->range = remove ? pasv_range_server_default(s->server) : cmd->range;
    if (cmd->mode >= 0)
        opt->mode = (pasv_fw_mode)cmd->mode;
    else if (s->env.ftp == PASV_FTP_IIS7 && s->env.fw_rules_api)
        opt->mode = PASV_MODE_RANGE_RULE; /* IIS 7+ runs on Vista and later: one rule for the range */
    if (cmd->scope >= 0) {
        opt->scope = (pasv_scope)cmd->scope;
        opt->remote = cmd->remote;
    }
    opt->prefix = s->prefix;
    opt->remove_stale = remove || !cmd->keep_stale;
    /* A service the admin stopped (or disabled) stays so (issue 11, B14). */
    opt->restart_service = !cmd->no_restart && !pasv_preflight_keep_stopped(s);
    opt->skip_config = remove_firewall_only(cmd, s);
    opt->enable_firewall = cmd->enable_firewall;
    opt->edit_while_running = cmd->direct_edit;
    if (cmd->on_error >= 0)
        opt->on_error = (pasv_on_error)cmd->on_error;
    /* IIS 7+ (issue 13): the engine writes the address and switches the built-in rule. */
    if (c->site.given) {
        opt->site = c->site.site;
        opt->external_ip = c->site.ip;
    }
    opt->disable_builtin_rule = cmd->disable_builtin_rule && !remove;
    /* apply --external-ip without a range: the address only (and the restart that reads it). */
    if (!remove && !cmd->range_given)
        opt->skip_config = opt->skip_firewall = true;
}

/* The command line checks --scope in the syntax of the Vista+ rules API. A run that writes
 * through INetFwOpenPort (per-port mode where there is no rules API: XP/2003) checks it again in
 * that API's narrower syntax, so "10.0.0.1-10.0.0.9" or an IPv6 address is refused with the
 * validator's reason before any change, not failed on each of 200 ports. -1 when fine. */
static int check_legacy_scope(const apply_ctx *c, const pasv_options *opt)
{
    const pasv_session *s = c->s;
    char canon[PASV_ADDR_TEXT_MAX];
    pasv_addr_result res;
    WCHAR *name;

    if (opt->scope != PASV_SCOPE_CUSTOM || !opt->remote || opt->skip_firewall || opt->mode != PASV_MODE_PER_PORT ||
        s->env.fw_rules_api)
        return -1;
    if (pasv_addr_parse(opt->remote, PASV_ADDR_LEGACY, canon, sizeof(canon), &res))
        return -1;
    name = cli_wide(pasv_command_name(c->cmd->command));
    cli_scope_error(name ? name : L"", opt->remote, &res);
    LocalFree(name);
    return EXIT_BAD_ARGS;
}

/* The run's options, checked: the range, --scope in the API that will be written, the
 * preflight. -1 and opt filled when a plan may be built, else the exit code. */
static int options_checked(apply_ctx *c, pasv_options *opt)
{
    const pasv_cmdline *cmd = c->cmd;
    int code;

    if (!c->resume && cmd->command != PASV_CMD_REMOVE && cmd->range_given) {
        /* What a person types: the store's limits without "0-0" (remove goes back to it). */
        pasv_range_limits lim = pasv_range_limits_typed(c->s->server);
        pasv_range_error err = pasv_range_check(&cmd->range, &lim);
        if (err != PASV_RANGE_OK) {
            cli_range_error(err, cmd->range_text, c->s->server);
            return EXIT_BAD_ARGS;
        }
    }
    build_options(c, opt);
    if ((code = check_legacy_scope(c, opt)) >= 0)
        return code;
    /* Firewall-wide state (profiles, on/off) in the profile bits of the chosen API. */
    pasv_session_set_mode(c->s, opt->mode);
    return preflight(opt, c->s, &c->pf);
}

/* Builds and shows the plan; -1 when it may be applied, else the exit code. */
static int plan_and_show(apply_ctx *c)
{
    pasv_options opt;
    pasv_current cur;
    pasv_hr hr;
    int code;

    if ((code = options_checked(c, &opt)) >= 0)
        return code;
    /* The site's address now: what the plan compares with, and what the write must still find. */
    if (opt.site && opt.external_ip && FAILED(hr = pasv_session_read_site(c->s, opt.site))) {
        cli_failure(IDS_CLI_ERR_SESSION, NULL, hr);
        return EXIT_ENVIRONMENT;
    }
    pasv_session_current(c->s, &cur);
    hr = pasv_plan_build(&opt, &cur, &c->plan);
    if (hr == PASV_E_INVALIDARG) {
        cli_failure(IDS_CLI_ERR_SESSION, NULL, hr);
        return EXIT_BAD_ARGS;
    }
    if (hr == PASV_E_NOTIMPL) {
        console_message(CONSOLE_ERR, IDS_CLI_ERR_NO_RULES_API, NULL, 0);
        return EXIT_ENVIRONMENT;
    }
    if (PASV_FAILED(hr)) {
        cli_failure(IDS_CLI_ERR_SESSION, NULL, hr);
        return EXIT_ENVIRONMENT;
    }
    print_plan(c->plan, c->s);
    if (pasv_plan_is_noop(c->plan)) {
        console_message(CONSOLE_OUT, IDS_CLI_AP_NOTHING, NULL, 0);
        return EXIT_DONE;
    }
    print_warnings(&c->pf);
    if (c->cmd->dry_run) {
        console_message(CONSOLE_OUT, IDS_CLI_AP_DRY_RUN, NULL, 0);
        return EXIT_DONE;
    }
    return -1;
}

/* Asks unless --yes; -1 when confirmed, else the exit code. */
static int confirm(const apply_ctx *c)
{
    const pasv_cmdline *cmd = c->cmd;
    const pasv_session *s = c->s;

    if (!s->env.elevated) {
        console_message(CONSOLE_ERR, IDS_CLI_ERR_NOT_ELEVATED, NULL, 0);
        return EXIT_ENVIRONMENT;
    }
    if (cmd->yes)
        return -1;
    if (!console_input_is_console()) {
        WCHAR *name = cli_wide(pasv_command_name(cmd->command));
        DWORD_PTR a[1] = {(DWORD_PTR)(name ? name : L"")};
        console_message(CONSOLE_ERR, IDS_CLI_ERR_NEED_YES, a, 1);
        LocalFree(name);
        return EXIT_BAD_ARGS;
    }
    {
        WCHAR *q = pasv_text_load(IDS_CLI_AP_CONFIRM);
        console_text(CONSOLE_OUT, q ? q : L"[y/N] ");
        LocalFree(q);
    }
    if (!console_read_yes()) {
        console_message(CONSOLE_OUT, IDS_CLI_AP_NOT_CONFIRMED, NULL, 0);
        return EXIT_CANCELLED;
    }
    return -1;
}

/* What a rollback could not undo, and what someone else changed meanwhile: the engine's counts. */
static void report_left(const pasv_plan *plan, const pasv_plan_counts *c)
{
    DWORD_PTR a[1];

    if (c->in_effect) {
        a[0] = c->in_effect;
        console_message(CONSOLE_OUT,
                        plan->range_kept ? pasv_msg_for_count(PASV_MSG_SUMMARY_RANGE_KEPT, c->in_effect)
                                         : IDS_CLI_AP_ROLLBACK_FAILED,
                        a, plan->range_kept ? 1 : 0);
    }
    if (c->changed) {
        a[0] = c->changed;
        console_message(CONSOLE_OUT, pasv_msg_for_count(PASV_MSG_SUMMARY_CHANGED, c->changed), a, 1);
    }
}

/* Cancelled between items: undo what this run did, as the help promises; the exit code. */
static int finish_cancelled(pasv_plan *plan, const pasv_backends *be, pasv_sink *sink)
{
    pasv_plan_counts c;
    pasv_hr undo;

    console_message(CONSOLE_OUT, IDS_CLI_AP_CANCELLING, NULL, 0);
    undo = pasv_plan_rollback(plan, be, sink);
    pasv_plan_count(plan, &c);
    {
        DWORD_PTR a[2] = {c.rolled_back + c.rollback_failed, plan->count};
        console_message(CONSOLE_OUT, pasv_msg_for_count(PASV_MSG_SUMMARY_CANCELLED, plan->count), a, 2);
    }
    report_left(plan, &c);
    if (!c.in_effect)
        console_message(CONSOLE_OUT, PASV_SUCCEEDED(undo) ? IDS_CLI_AP_ROLLED_BACK : IDS_CLI_AP_ROLLBACK_FAILED,
                        NULL, 0);
    return EXIT_CANCELLED;
}

/* Some items failed (hr, the engine's result): the summary; the exit code. */
static int finish_failed(const pasv_plan *plan, const pasv_plan_counts *c, pasv_hr hr)
{
    uint32_t bad = c->failed + c->not_verified + c->rollback_failed;
    uint32_t total = c->done + c->failed + c->skipped + c->rolled_back + c->rollback_failed + c->not_verified;
    DWORD_PTR a[2] = {bad ? bad : 1, total};
    /* "Everything rolled back" only when the engine says nothing is left in effect. */
    bool rolled = plan->opt.on_error == PASV_ON_ERROR_ROLLBACK && hr != PASV_S_FALSE &&
                  hr != PASV_E_NOT_VERIFIED && c->in_effect == 0;

    console_message(CONSOLE_OUT,
                    pasv_msg_for_count(rolled ? PASV_MSG_SUMMARY_FAILED_ROLLED : PASV_MSG_SUMMARY_FAILED_KEPT, total),
                    a, 2);
    report_left(plan, c);
    /* Refused for lack of rights and fully undone: an environment problem, not a half-done
     * change. */
    if (hr == (pasv_hr)E_ACCESSDENIED && nothing_changed(plan)) {
        console_message(CONSOLE_ERR, IDS_CLI_ERR_NOT_ELEVATED, NULL, 0);
        return EXIT_ENVIRONMENT;
    }
    return EXIT_ITEMS_FAILED;
}

/* The run went to its end (hr, the engine's result): the summary; the exit code. */
static int finish_applied(const apply_ctx *c, pasv_hr hr)
{
    const pasv_plan *plan = c->plan;
    pasv_plan_counts n;

    pasv_plan_count(plan, &n);
    if (plan->range_restored)
        console_message(CONSOLE_OUT, plan->service_restarted_after_restore ? PASV_MSG_SUMMARY_RANGE_RESTORED
                                                                          : PASV_MSG_SUMMARY_RESTORED_NOT_STARTED,
                        NULL, 0);
    if (hr != PASV_S_OK)
        return finish_failed(plan, &n, hr);
    {
        DWORD_PTR a[1] = {n.done};
        console_message(CONSOLE_OUT, pasv_msg_for_count(PASV_MSG_SUMMARY_DONE, n.done), a, 1);
    }
    if (c->cmd->command == PASV_CMD_REMOVE && n.foreign)
        console_message(CONSOLE_OUT, IDS_CLI_AP_FOREIGN_KEPT, NULL, 0);
    return EXIT_DONE;
}

/* Runs the plan with the console sink (journaled through sink), prints the summary; returns the
 * exit code and the engine's result. */
static int run_plan(apply_ctx *c, pasv_sink *sink, pasv_hr *result)
{
    pasv_backends be;
    pasv_hr hr;
    int code;

    SetConsoleCtrlHandler(on_ctrl, TRUE);
    console_message(CONSOLE_OUT, IDS_CLI_AP_APPLYING, NULL, 0);
    pasv_session_backends(c->s, &be);
    hr = pasv_plan_apply(c->plan, &be, sink);
    if (hr == PASV_E_ABORT)
        code = finish_cancelled(c->plan, &be, sink);
    else
        code = finish_applied(c, hr);
    SetConsoleCtrlHandler(on_ctrl, FALSE);
    *result = hr;
    return code;
}

static void report_trail(HRESULT thr, const pasv_trail_result *tr)
{
    if (FAILED(thr)) {
        WCHAR *why = pasv_text_failure(IDS_CLI_ERR_WRITE_FILE, tr->path, thr);
        DWORD_PTR a[1] = {(DWORD_PTR)(why ? why : L"?")};
        console_message(CONSOLE_ERR, IDS_CLI_AP_TRAIL_FAILED, a, 1);
        LocalFree(why);
    } else {
        DWORD_PTR a[1] = {(DWORD_PTR)tr->path};
        console_message(CONSOLE_OUT, IDS_CLI_AP_LOGGED, a, 1);
    }
}

/* Applies a confirmed plan between a journal that begins before the first change and the
 * trail written from that journal (the shared run guard: a resume's journal begins before the
 * interrupted run's is closed). */
static int apply_journaled(apply_ctx *c)
{
    console_sink sink = {{&console_sink_vt}};
    pasv_guard_refusal why;
    pasv_trail_result tr;
    HRESULT hr;
    pasv_hr result;
    int code;

    c->run->resume = c->resume;
    if (FAILED(pasv_guard_begin(c->run, c->s, L"pasvctl", c->command_line, c->plan, &sink.iface, &why)))
        return cli_refused(&why);
    c->ran = true;
    code = run_plan(c, pasv_guard_sink(c->run), &result);
    memset(&tr, 0, sizeof(tr));
    hr = pasv_guard_end(c->run, result, &tr);
    report_trail(hr, &tr);
    return code;
}

int cli_apply_begin(const pasv_cmdline *cmd, cli_apply_guard *g)
{
    int code;

    memset(g, 0, sizeof(g[0]));
    /* One run at a time; a dry run changes nothing and needs no lock (the command line refuses
     * --dry-run with --resume or --rollback-unfinished, which change the machine). */
    if (!cmd->dry_run) {
        if ((code = cli_guard_lock(&g->run)) >= 0)
            return code;
        g->locked = true;
    }
    if ((code = cli_load_unfinished(&g->journal, g->locked, &g->unfinished)) >= 0)
        return code;
    if (!g->unfinished && (cmd->resume || cmd->rollback_unfinished)) {
        console_message(CONSOLE_OUT, IDS_JRN_NONE_TO_RECOVER, NULL, 0);
        return EXIT_DONE;
    }
    if (g->unfinished) {
        cli_print_unfinished(&g->journal);
        if (!cmd->resume && !cmd->rollback_unfinished) {
            console_message(CONSOLE_ERR, IDS_JRN_UNFINISHED_REFUSE, NULL, 0);
            return EXIT_ENVIRONMENT;
        }
    }
    return -1;
}

int cli_apply(const pasv_cmdline *cmd, pasv_session *s, cli_apply_guard *g, const WCHAR *command_line)
{
    apply_ctx c;
    int code;

    memset(&c, 0, sizeof(c));
    c.cmd = cmd;
    c.s = s;
    c.resume = g->unfinished ? &g->journal : NULL;
    c.run = &g->run;
    c.command_line = command_line;
    /* Nothing that changes the machine runs without the lock. */
    if (!g->locked && (c.resume || !cmd->dry_run)) {
        cli_failure(IDS_JRN_LOCK_FAILED, NULL, E_UNEXPECTED);
        return EXIT_ENVIRONMENT;
    }
    if ((code = check_environment(&c)) >= 0)
        return code;
    if (c.resume && cmd->rollback_unfinished)
        return cli_rollback_unfinished(cmd, s, c.resume);
    if (c.resume)
        console_message(CONSOLE_OUT, IDS_JRN_RESUMING, NULL, 0);
    /* --site / --external-ip / --disable-builtin-passive-rule are checked before anything
     * changes (exit 2 on bad input); the engine then plans, journals and undoes them. */
    if (!c.resume && (code = cli_iis7_resolve(cmd, s, &c.site)) >= 0)
        return code;
    if (!c.resume && cmd->command == PASV_CMD_APPLY && !cmd->range_given && !c.site.given)
        return EXIT_DONE;
    if ((code = plan_and_show(&c)) >= 0) {
        /* --resume with nothing left to do still closes the interrupted run. */
        if (c.resume && code == EXIT_DONE && SUCCEEDED(pasv_recovery_close_for_resume(c.resume)))
            cli_resume_service(s, c.resume);
    } else if ((code = confirm(&c)) < 0) {
        code = apply_journaled(&c);
        /* Only after a run that ran: a refused one left the interrupted run waiting as it was. */
        if (c.resume && c.ran)
            cli_resume_service(s, c.resume);
    }
    pasv_plan_free(c.plan);
    return code;
}

void cli_apply_end(cli_apply_guard *g)
{
    pasv_journal_cleanup(&g->journal);
    if (g->locked)
        pasv_guard_unlock(&g->run);
    g->locked = false;
}
