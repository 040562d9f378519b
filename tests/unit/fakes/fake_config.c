/* pasvports: a fake FTP configuration store (IIS 6 metabase / IIS 5 registry) for unit tests.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 */
#include <string.h>

#include "fakes.h"

static fake_config *impl(pasv_ftp_config *c)
{
    return PASV_CONTAINER_OF(c, fake_config, base);
}

static pasv_hr get_range(pasv_ftp_config *c, pasv_range *range, bool *is_set)
{
    fake_config *cfg = impl(c);

    cfg->gets++;
    fake_log_add(cfg->log, "cfg.get_range");
    if (PASV_FAILED(cfg->get_hr))
        return cfg->get_hr;
    *range = cfg->is_set ? cfg->range : pasv_range_server_default(cfg->kind);
    *is_set = cfg->is_set;
    return PASV_S_OK;
}

static pasv_hr backup(pasv_ftp_config *c)
{
    fake_config *cfg = impl(c);

    fake_log_add(cfg->log, "cfg.backup");
    if (PASV_FAILED(cfg->backup_hr))
        return cfg->backup_hr;
    cfg->backups++;
    return cfg->kind == PASV_SERVER_IIS5 ? PASV_S_FALSE : PASV_S_OK;
}

static pasv_hr set_range(pasv_ftp_config *c, const pasv_range *range)
{
    fake_config *cfg = impl(c);
    char text[PASV_RANGE_TEXT_MAX];

    cfg->sets++;
    if (range)
        pasv_range_format(range, text, sizeof(text));
    fake_log_add(cfg->log, "cfg.set_range %s", range ? text : "(delete)");
    if (cfg->fail_set_call && cfg->sets == cfg->fail_set_call)
        return cfg->set_hr;
    if (range) {
        cfg->range = *range;
        cfg->is_set = true;
    } else {
        memset(&cfg->range, 0, sizeof(cfg->range));
        cfg->is_set = false;
    }
    return PASV_S_OK;
}

static pasv_hr get_ewr(pasv_ftp_config *c, bool *on)
{
    fake_config *cfg = impl(c);

    fake_log_add(cfg->log, "cfg.get_ewr");
    if (cfg->edit_while_running < 0)
        return PASV_E_NOTIMPL;
    *on = cfg->edit_while_running != 0;
    return PASV_S_OK;
}

static pasv_hr set_ewr(pasv_ftp_config *c, bool on)
{
    fake_config *cfg = impl(c);

    fake_log_add(cfg->log, "cfg.set_ewr %d", on ? 1 : 0);
    if (cfg->edit_while_running < 0)
        return PASV_E_NOTIMPL;
    cfg->edit_while_running = on ? 1 : 0;
    return PASV_S_OK;
}

static pasv_hr get_ip(pasv_ftp_config *c, const char *site, char *ip, size_t cap)
{
    fake_config *cfg = impl(c);

    fake_log_add(cfg->log, "cfg.get_external_ip %s", site);
    if (strcmp(site, cfg->site) != 0)
        return PASV_E_NOT_FOUND;
    if (strlen(cfg->external_ip) >= cap)
        return PASV_E_INVALIDARG;
    strcpy(ip, cfg->external_ip);
    return PASV_S_OK;
}

/* Proves ownership as the AppHost backend does: re-read, write only over what was expected. */
static pasv_hr set_ip(pasv_ftp_config *c, const char *site, const char *expected, const char *ip)
{
    fake_config *cfg = impl(c);

    fake_log_add(cfg->log, "cfg.set_external_ip %s %s->%s", site, *expected ? expected : "-", *ip ? ip : "-");
    if (cfg->outside_ip[0]) {
        strcpy(cfg->external_ip, cfg->outside_ip);
        cfg->outside_ip[0] = 0;
    }
    if (PASV_FAILED(cfg->ip_hr))
        return cfg->ip_hr;
    if (strcmp(site, cfg->site) != 0)
        return PASV_E_CHANGED;
    if (strcmp(cfg->external_ip, ip) == 0)
        return PASV_S_FALSE;
    if (strcmp(cfg->external_ip, expected) != 0 || strlen(ip) >= sizeof(cfg->external_ip))
        return PASV_E_CHANGED;
    strcpy(cfg->external_ip, ip);
    cfg->ip_sets++;
    return PASV_S_OK;
}

static const pasv_ftp_config_vtable vtable = { get_range, backup, set_range, get_ewr, set_ewr, NULL, NULL };
static const pasv_ftp_config_vtable vtable_iis7 = { get_range, backup, set_range, get_ewr, set_ewr, get_ip, set_ip };

void fake_config_init(fake_config *cfg, fake_log *log, pasv_server_kind kind)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->base.vt = kind == PASV_SERVER_IIS7 ? &vtable_iis7 : &vtable;
    cfg->log = log;
    cfg->kind = kind;
    cfg->edit_while_running = kind == PASV_SERVER_IIS6 ? 0 : -1;
}
