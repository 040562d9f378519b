/* pasvports: the plan the pages describe (page_plan.h), for the dialog and the snap-in alike.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "page_plan.h"

#include <string.h>

#include "com_util.h"
#include "resource.h"

bool app_snapshot_server_usable(const app_snapshot *snap)
{
    return snap && SUCCEEDED(snap->open_hr) && SUCCEEDED(snap->config_hr);
}

bool app_snapshot_firewall_usable(const app_snapshot *snap)
{
    return snap && SUCCEEDED(snap->firewall_hr) && SUCCEEDED(snap->fw_hr) && SUCCEEDED(snap->fw_state_hr);
}

void app_page_plan_options(const app_page *range_page, const app_page_choice *ch, const pasv_range *range,
                           const app_snapshot *snap, pasv_options *opt)
{
    int want = app_page_range_edit_while_running(range_page, snap);

    pasv_options_init(opt, snap->server);
    opt->range = *range;
    opt->prefix = snap->prefix[0] ? snap->prefix : NULL;
    opt->mode = ch->mode;
    opt->scope = ch->scope;
    opt->remote = ch->scope == PASV_SCOPE_CUSTOM ? ch->remote : NULL;
    opt->remove_stale = ch->remove_stale;
    /* A stopped (or disabled) service stays so, as pasvctl leaves it (src/win/preflight.c). */
    opt->restart_service = ch->restart && SUCCEEDED(snap->service_hr) && !snap->keep_stopped;
    opt->enable_firewall = ch->enable_firewall;
    /* The GUI decides after a failure (roll back / keep / retry), so the engine continues. */
    opt->on_error = PASV_ON_ERROR_CONTINUE;
    /* Only so that the plan can be shown: Apply refuses such a plan before any change, as
     * pasvctl refuses to run without the firewall (app_guard_preflight, issue 12). */
    opt->skip_firewall = !app_snapshot_firewall_usable(snap);
    if (want >= 0)
        opt->edit_while_running = want != snap->edit_while_running ? want : -1;
    /* IIS 7+: NULL leaves the site's address as it is; "" clears it. ch outlives the build. */
    opt->site = ch->external_set ? ch->site : NULL;
    opt->external_ip = ch->external_set ? ch->external_ip : NULL;
    opt->disable_builtin_rule = ch->disable_builtin_rule;
}

/* The address the snapshot read for the FTP site named site (UTF-8), "" when not set. */
static bool site_address(const app_snapshot *snap, const char *site, char *ip, size_t cap)
{
    char name[PASV_SITE_NAME_MAX * 3];
    size_t i;

    if (FAILED(snap->sites_hr))
        return false;
    for (i = 0; i < snap->sites.count; i++) {
        if (pasv_utf8_from_wide(snap->sites.items[i].name, name, sizeof(name)) && !strcmp(name, site))
            return pasv_utf8_from_wide(snap->sites.items[i].external_ip, ip, cap);
    }
    return false;
}

bool app_page_build_plan(const app_page *range_page, const app_page *options_page, const app_snapshot *snap,
                         pasv_plan **out, UINT *why, pasv_hr *hr)
{
    app_page_choice ch; /* the plan copies the remote list, site and address: ch may go after the build */
    pasv_range range;
    pasv_options opt;
    pasv_current cur;
    char site_ip[PASV_SITE_IP_MAX];
    bool range_valid = app_page_range_get(range_page, &range);

    *out = NULL;
    *why = 0;
    *hr = PASV_S_OK;
    app_page_options_get(options_page, &ch);
    if (!snap)
        *why = IDS_STILL_READING;
    else if (!app_snapshot_server_usable(snap))
        *why = IDS_NO_SERVER_APPLY;
    else if (!snap->env.elevated)
        *why = IDS_NOT_ELEVATED_APPLY;
    else if (!range_valid)
        *why = IDS_PLAN_INVALID;
    if (*why || !ch.scope_valid || !ch.external_valid)
        return false;
    app_page_plan_options(range_page, &ch, &range, snap, &opt);
    memset(&cur, 0, sizeof(cur));
    cur.range = snap->range;
    cur.range_set = snap->range_set;
    cur.fw = opt.skip_firewall ? NULL : &snap->fw;
    cur.fw_state = opt.mode == PASV_MODE_RANGE_RULE ? snap->fw_state_rules : snap->fw_state;
    cur.edit_while_running = snap->edit_while_running;
    /* IIS 7+: the chosen site's address as the snapshot read it (the engine writes only over
     * that value), and the built-in passive rule. */
    if (opt.site && !site_address(snap, opt.site, site_ip, sizeof(site_ip))) {
        *why = IDS_PLAN_INVALID;
        return false;
    }
    cur.external_ip = opt.site ? site_ip : NULL;
    cur.builtin_rule = snap->has_builtin ? &snap->builtin_rule : NULL;
    cur.builtin_off_by_us = snap->builtin_off_by_us;
    *hr = pasv_plan_build(&opt, &cur, out);
    if (PASV_FAILED(*hr) || !*out) {
        pasv_plan_free(*out);
        *out = NULL;
        *why = IDS_PLAN_INVALID;
        return false;
    }
    return true;
}
