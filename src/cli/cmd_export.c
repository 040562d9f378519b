/* pasvctl export: the change as GPO strings, Registry.pol, .cmd or PowerShell (src/core/export.c).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "win.h"

#include <stdio.h>

#include "cli.h"
#include "cli_util.h"
#include "cmd_iis7.h"
#include "console.h"
#include "pasv/export.h"
#include "resource.h"
#include "text.h"

/* The range to export: the one given, else the one configured here; -1 when opt->range is set,
 * else the exit code after saying why. */
static int export_range(const pasv_cmdline *cmd, const pasv_session *s, pasv_export_options *opt)
{
    if (cmd->range_given) {
        pasv_range_error err = pasv_range_validate(&cmd->range, opt->server);
        if (err != PASV_RANGE_OK) {
            cli_range_error(err, cmd->range_text, opt->server);
            return EXIT_BAD_ARGS;
        }
        opt->range = cmd->range;
    } else if (s->config && SUCCEEDED(s->range_hr) && s->range_set) {
        opt->range = s->range;
    } else {
        console_message(CONSOLE_ERR, IDS_CLI_ERR_EXPORT_RANGE, NULL, 0);
        return EXIT_BAD_ARGS;
    }
    return -1;
}

/* Writes the export to path (replaced whole or not at all); the exit code. */
static int export_write(const char *path, const pasv_export_buf *buf)
{
    HRESULT hr = cli_write_file(path, buf->data, buf->len);
    WCHAR *wpath = cli_wide(path);
    int code = EXIT_DONE;

    if (FAILED(hr)) {
        cli_failure(IDS_CLI_ERR_WRITE_FILE, wpath, hr);
        code = EXIT_ENVIRONMENT;
    } else {
        DWORD_PTR a[2] = {(DWORD_PTR)(wpath ? wpath : L""), buf->len};
        console_message(CONSOLE_OUT, IDS_CLI_EX_WRITTEN, a, 2);
    }
    LocalFree(wpath);
    return code;
}

int cli_export(const pasv_cmdline *cmd, pasv_session *s)
{
    pasv_export_options opt;
    pasv_export_buf buf = {0};
    char site[PASV_SITE_NAME_MAX * 3];
    pasv_hr hr;
    int code;

    memset(&opt, 0, sizeof(opt));
    /* No FTP server here is fine (exporting for another machine): validate as IIS 6. */
    opt.server = s->config ? s->server : PASV_SERVER_IIS6;
    if ((code = export_range(cmd, s, &opt)) >= 0)
        return code;
    opt.prefix = s->prefix;
    opt.scope = cmd->scope >= 0 ? (pasv_scope)cmd->scope : PASV_SCOPE_ANY;
    opt.remote = cmd->remote;
    if ((code = cli_iis7_export_site(cmd, s, site, sizeof(site))) >= 0)
        return code;
    if (cmd->external_ip >= 0) { /* "none": the scripts clear the site's address */
        opt.site = site;
        opt.external_ip = cmd->external_ip == 1 ? cmd->external_ip_text : NULL;
        opt.clear_external = cmd->external_ip == 0;
    }
    hr = pasv_export_build(cmd->format, &opt, &buf);
    if (PASV_FAILED(hr)) {
        cli_failure(IDS_CLI_ERR_SESSION, NULL, hr);
        code = hr == PASV_E_INVALIDARG ? EXIT_BAD_ARGS : EXIT_ENVIRONMENT;
    } else {
        char name[64];
        const char *path;

        pasv_export_default_name(cmd->format, &opt.range, name, sizeof(name));
        path = cmd->out ? cmd->out : cmd->format == PASV_EXPORT_POL ? name : NULL;
        if (path) {
            code = export_write(path, &buf);
        } else {
            console_utf8(CONSOLE_OUT, (const char *)buf.data, buf.len);
            code = EXIT_DONE;
        }
    }
    pasv_export_buf_cleanup(&buf);
    return code;
}
