/* pasvports: the preflight of a run, shared by pasvctl and the dialog (see preflight.h).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "preflight.h"

#include <string.h>

#include "resource.h"
#include "text.h"

const pasv_preflight_ids pasv_preflight_ids_cli = {
    {IDS_REP_SERVICE_DISABLED, IDS_REP_GP_OVERRIDE, IDS_REP_NO_EXCEPTIONS, IDS_REP_SERVICE_STOPPED},
    IDS_CLI_ST_PROFILE_DOMAIN, IDS_CLI_ST_PROFILE_STANDARD, IDS_CLI_ST_PROFILE_PRIVATE, IDS_CLI_ST_PROFILE_PUBLIC,
};

const pasv_preflight_ids pasv_preflight_ids_dialog = {
    {IDS_PF_DLG_SERVICE_DISABLED, IDS_PF_DLG_GP_OVERRIDE, IDS_PF_DLG_NO_EXCEPTIONS, IDS_PF_DLG_SERVICE_STOPPED},
    IDS_PROFILE_DOMAIN, IDS_PROFILE_STANDARD, IDS_PROFILE_PRIVATE, IDS_PROFILE_PUBLIC,
};

bool pasv_preflight_keep_stopped(const pasv_session *s)
{
    return SUCCEEDED(s->service_state_hr) &&
           (s->service_state == PASV_SVC_STOPPED || s->service_start_type == SERVICE_DISABLED);
}

/* The name of the first profile in bits, in the profile bits of the mode's API. */
static UINT profile_name_id(const pasv_preflight_ids *ids, uint32_t bits, bool rules)
{
    if (rules)
        return (bits & PASV_PROFILE2_DOMAIN) ? ids->profile_domain
               : (bits & PASV_PROFILE2_PRIVATE) ? ids->profile_private : ids->profile_public;
    return (bits & PASV_PROFILE_DOMAIN) ? ids->profile_domain : ids->profile_standard;
}

static void add(pasv_preflight *pf, const pasv_preflight_ids *ids, pasv_preflight_code code, bool blocking,
                UINT insert)
{
    pasv_preflight_finding *f = &pf->items[pf->count++];
    f->code = code;
    f->blocking = blocking;
    f->msg = ids->msg[code];
    f->insert = insert;
}

void pasv_preflight_check(const pasv_session *s, const pasv_options *opt, const pasv_preflight_ids *ids,
                          pasv_preflight *out)
{
    bool firewall = !opt->clear_range && !opt->skip_firewall && s->firewall && SUCCEEDED(s->fw_state_hr);
    uint32_t target, blocked;

    memset(out, 0, sizeof(*out));
    out->keep_stopped = pasv_preflight_keep_stopped(s);
    if (!opt->clear_range && !opt->skip_config && SUCCEEDED(s->service_state_hr) &&
        s->service_start_type == SERVICE_DISABLED)
        add(out, ids, PASV_PF_SERVICE_DISABLED, true, 0);
    if (firewall && s->fw_state.gp_override)
        add(out, ids, PASV_PF_GP_OVERRIDE, true, 0);
    target = opt->profiles ? opt->profiles : s->fw_state.profiles_all;
    blocked = s->fw_state.profiles_no_exceptions & target;
    if (firewall && blocked)
        add(out, ids, PASV_PF_NO_EXCEPTIONS, true, profile_name_id(ids, blocked, opt->mode == PASV_MODE_RANGE_RULE));
    if (!opt->skip_config && out->keep_stopped)
        add(out, ids, PASV_PF_SERVICE_STOPPED, false, 0);
}

const pasv_preflight_finding *pasv_preflight_find(const pasv_preflight *pf, pasv_preflight_code code)
{
    size_t i;
    for (i = 0; i < pf->count; i++)
        if (pf->items[i].code == code)
            return &pf->items[i];
    return NULL;
}

const pasv_preflight_finding *pasv_preflight_blocking(const pasv_preflight *pf)
{
    return pf->count && pf->items[0].blocking ? &pf->items[0] : NULL;
}

WCHAR *pasv_preflight_text(const pasv_preflight_finding *f)
{
    WCHAR *insert = f->insert ? pasv_text_load(f->insert) : NULL, *text;
    DWORD_PTR a[1] = {(DWORD_PTR)(insert ? insert : L"?")};

    text = pasv_text_format(f->msg, a, f->insert ? 1 : 0);
    LocalFree(insert);
    return text;
}
