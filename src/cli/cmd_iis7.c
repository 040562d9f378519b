/* pasvctl on IIS 7+ FTP: status lines (sites, stateful FTP, built-in rules) and the checks of
 * --site and --external-ip before a run (see cmd_iis7.h).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "cmd_iis7.h"

#include <stdio.h>
#include <wchar.h>

#include "backends.h"
#include "cli_util.h"
#include "console.h"
#include "machine.h"
#include "com_util.h"
#include "ftprules.h"
#include "resource.h"
#include "resource_iis7.h"
#include "text.h"

/* "why (0x80070005)", LocalAlloc'd (NULL when out of memory). */
static WCHAR *why_text(HRESULT hr)
{
    WCHAR *sys = pasv_text_system(hr), *out;
    size_t n = (sys ? wcslen(sys) : 1) + 16;

    out = LocalAlloc(LMEM_FIXED, n * sizeof(WCHAR));
    if (out)
        swprintf(out, n, L"%ls (0x%08lX)", sys ? sys : L"?", (unsigned long)hr);
    LocalFree(sys);
    return out;
}

static void say(console_stream stream, UINT id, const WCHAR *a1, const WCHAR *a2)
{
    DWORD_PTR a[2] = {(DWORD_PTR)(a1 ? a1 : L""), (DWORD_PTR)(a2 ? a2 : L"")};
    console_message(stream, id, a, a2 ? 2 : a1 ? 1 : 0);
}

bool cli_iis7_range_unset(const pasv_session *s)
{
    pasv_range dyn;
    char text[PASV_RANGE_TEXT_MAX];
    WCHAR wdyn[PASV_RANGE_TEXT_MAX], *how;
    bool read = false;

    if (s->env.ftp != PASV_FTP_IIS7 || s->range_set || FAILED(s->range_hr) || s->range_hr == PASV_S_RANGE_INVALID)
        return false;
    dyn = pasv_machine_dynamic_range(&s->env, &read);
    pasv_range_format(&dyn, text, sizeof(text));
    swprintf(wdyn, PASV_RANGE_TEXT_MAX, L"%hs", text);
    how = pasv_text_load(read ? IDS_I7_DYN_READ : IDS_I7_DYN_DEFAULT);
    say(CONSOLE_OUT, IDS_I7_RANGE_NOT_SET, wdyn, how ? how : L"");
    LocalFree(how);
    return true;
}

static void status_sites(void)
{
    pasv_ftp_sites sites = {NULL, 0};
    HRESULT hr = pasv_ftp_sites_list(&sites);
    WCHAR *unset = pasv_text_load(IDS_I7_SITE_NO_EXTERNAL), *unknown = pasv_text_load(IDS_I7_TLS_UNKNOWN);
    size_t i;

    if (FAILED(hr)) {
        WCHAR *why = why_text(hr);
        say(CONSOLE_OUT, IDS_I7_SITES_FAILED, why, NULL);
        LocalFree(why);
    } else if (!sites.count) {
        console_message(CONSOLE_OUT, IDS_I7_SITES_NONE, NULL, 0);
    } else {
        console_message(CONSOLE_OUT, IDS_I7_SITES_HEAD, NULL, 0);
    }
    for (i = 0; SUCCEEDED(hr) && i < sites.count; i++) {
        const pasv_ftp_site *f = &sites.items[i];
        const WCHAR *no_ip = unset ? unset : L"-", *no_tls = unknown ? unknown : L"?";
        DWORD_PTR a[5] = {(DWORD_PTR)f->name, f->id, (DWORD_PTR)(f->external_ip[0] ? f->external_ip : no_ip),
                          (DWORD_PTR)(f->control_ssl[0] ? f->control_ssl : no_tls),
                          (DWORD_PTR)(f->data_ssl[0] ? f->data_ssl : no_tls)};
        console_message(CONSOLE_OUT, IDS_I7_SITE_LINE, a, 5);
    }
    LocalFree(unset);
    LocalFree(unknown);
    pasv_ftp_sites_free(&sites);
}

static void status_builtin_rules(void)
{
    pasv_ftp_rules rules;
    WCHAR *on = pasv_text_load(IDS_I7_BUILTIN_ON), *off = pasv_text_load(IDS_I7_BUILTIN_OFF);
    WCHAR *wide = pasv_text_load(IDS_I7_BUILTIN_WIDE);

    if (FAILED(pasv_ftp_builtin_rules(&rules)) || !rules.count) {
        console_message(CONSOLE_OUT, IDS_I7_BUILTIN_NONE, NULL, 0);
    } else {
        size_t i;
        console_message(CONSOLE_OUT, IDS_I7_BUILTIN_HEAD, NULL, 0);
        for (i = 0; i < rules.count; i++) {
            const pasv_ftp_rule *r = &rules.items[i];
            const WCHAR *state = r->enabled ? on : off;
            DWORD_PTR a[4] = {(DWORD_PTR)r->name, (DWORD_PTR)(state ? state : L"?"), (DWORD_PTR)r->ports,
                              (DWORD_PTR)(r->passive && wide ? wide : L"")};
            console_message(CONSOLE_OUT, IDS_I7_BUILTIN_LINE, a, 4);
        }
    }
    LocalFree(on);
    LocalFree(off);
    LocalFree(wide);
}

void cli_iis7_status(const pasv_session *s)
{
    int stateful;

    if (s->env.ftp != PASV_FTP_IIS7 || !s->config)
        return;
    status_sites();
    stateful = pasv_stateful_ftp_policy();
    console_message(CONSOLE_OUT, stateful > 0 ? IDS_I7_STATEFUL_ON : stateful == 0 ? IDS_I7_STATEFUL_OFF
                                                                                    : IDS_I7_STATEFUL_UNKNOWN,
                    NULL, 0);
    console_message(CONSOLE_OUT, IDS_I7_FTPS_NOTE, NULL, 0);
    status_builtin_rules();
}

/* "'Default FTP Site', 'Other'": the names for a message. */
static void site_names(const pasv_ftp_sites *sites, WCHAR *buf, size_t cap)
{
    size_t i, used = 0;

    buf[0] = 0;
    for (i = 0; i < sites->count && used + 8 < cap; i++) {
        int n = swprintf(buf + used, cap - used, L"%ls'%ls'", i ? L", " : L"", sites->items[i].name);
        if (n < 0)
            break;
        used += (size_t)n;
    }
}

/* The FTP site --site names, or the only one; -1 and *out filled, else the exit code after one
 * line (2: no FTP site, several and no --site, an unknown --site). */
static int resolve_site(const pasv_cmdline *cmd, const pasv_ftp_sites *sites, pasv_ftp_site *out)
{
    WCHAR names[1024];
    const pasv_ftp_site *site = NULL;

    site_names(sites, names, 1024);
    if (!sites->count) {
        console_message(CONSOLE_ERR, IDS_I7_NO_FTP_SITE, NULL, 0);
        return EXIT_BAD_ARGS;
    }
    if (cmd->site) {
        WCHAR *wanted = cli_wide(cmd->site);
        site = wanted ? pasv_ftp_sites_find(sites, wanted) : NULL;
        if (!site) {
            WCHAR *shown = cli_shown(cmd->site, strlen(cmd->site), 60);
            say(CONSOLE_ERR, IDS_I7_SITE_UNKNOWN, shown ? shown : L"", names);
            LocalFree(shown);
        }
        LocalFree(wanted);
        if (!site)
            return EXIT_BAD_ARGS;
    } else if (sites->count > 1) {
        say(CONSOLE_ERR, IDS_I7_SITE_REQUIRED, names, NULL);
        return EXIT_BAD_ARGS;
    } else {
        site = &sites->items[0];
    }
    *out = *site;
    return -1;
}

/* What export and apply share for --external-ip: IIS 7+ only, the FTP sites read, the site
 * chosen. -1 and *out filled, else the exit code after one line on stderr (2 bad input, 3 when
 * the sites cannot be read). Changes nothing. */
static int pick_site(const pasv_cmdline *cmd, const pasv_session *s, pasv_ftp_site *out)
{
    pasv_ftp_sites sites = {NULL, 0};
    HRESULT hr;
    int code;

    if (s->env.ftp != PASV_FTP_IIS7 || !s->config) {
        say(CONSOLE_ERR, IDS_I7_ONLY_IIS7, L"--external-ip", NULL);
        return EXIT_BAD_ARGS;
    }
    hr = pasv_ftp_sites_list(&sites);
    if (FAILED(hr)) {
        WCHAR *why = why_text(hr);
        say(CONSOLE_ERR, IDS_I7_READ_SITES_FAILED, why, NULL);
        LocalFree(why);
        return EXIT_ENVIRONMENT;
    }
    code = resolve_site(cmd, &sites, out);
    pasv_ftp_sites_free(&sites);
    return code;
}

int cli_iis7_export_site(const pasv_cmdline *cmd, const pasv_session *s, char *site, size_t cap)
{
    pasv_ftp_site f;
    int code;

    site[0] = 0;
    if (cmd->external_ip < 0)
        return -1;
    if ((code = pick_site(cmd, s, &f)) >= 0)
        return code;
    return pasv_utf8_from_wide(f.name, site, cap) ? -1 : EXIT_ENVIRONMENT;
}

int cli_iis7_resolve(const pasv_cmdline *cmd, const pasv_session *s, cli_iis7_change *ch)
{
    pasv_ftp_site f;
    WCHAR *none;
    int code;

    memset(ch, 0, sizeof(*ch));
    if (cmd->disable_builtin_rule && (s->env.ftp != PASV_FTP_IIS7 || !s->config)) {
        say(CONSOLE_ERR, IDS_I7_ONLY_IIS7, L"--disable-builtin-passive-rule", NULL);
        return EXIT_BAD_ARGS;
    }
    if (cmd->external_ip < 0)
        return -1;
    if ((code = pick_site(cmd, s, &f)) >= 0)
        return code;
    if (!pasv_utf8_from_wide(f.name, ch->site, sizeof(ch->site)))
        return EXIT_ENVIRONMENT;
    if (cmd->external_ip == 1)
        snprintf(ch->ip, sizeof(ch->ip), "%s", cmd->external_ip_text);
    ch->given = true;
    none = pasv_text_load(IDS_I7_EXTERNAL_NONE);
    if (!none)
        return EXIT_ENVIRONMENT; /* out of memory */
    /* Already so: said here, since the plan then has no row for it. */
    if (cmd->external_ip == 0 && !f.external_ip[0]) {
        say(CONSOLE_OUT, IDS_I7_EXTERNAL_SAME, f.name, none);
    } else if (cmd->external_ip == 1) {
        WCHAR wip[PASV_SITE_IP_MAX];
        swprintf(wip, PASV_SITE_IP_MAX, L"%hs", cmd->external_ip_text);
        if (!wcscmp(wip, f.external_ip))
            say(CONSOLE_OUT, IDS_I7_EXTERNAL_SAME, f.name, wip);
        /* Private or loopback: allowed, with the validator's warning. */
        if (cmd->external_ip_result.msg != PASV_MSG_ADDR_OK) {
            DWORD_PTR a[1] = {(DWORD_PTR)wip};
            console_message(CONSOLE_OUT, cmd->external_ip_result.msg, a, 1);
        }
    }
    LocalFree(none);
    return -1;
}
