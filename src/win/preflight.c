/* pasvports: the preflight of a run, shared by pasvctl and the dialog (see preflight.h).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "preflight.h"

#include <string.h>
#include <wchar.h>

#include "resource.h"
#include "text.h"

const pasv_preflight_ids pasv_preflight_ids_cli = {
    {
        [PASV_PF_SERVICE_DISABLED] = IDS_REP_SERVICE_DISABLED,
        [PASV_PF_GP_OVERRIDE] = IDS_REP_GP_OVERRIDE,
        [PASV_PF_NO_EXCEPTIONS] = IDS_REP_NO_EXCEPTIONS,
        [PASV_PF_SERVICE_STOPPED] = IDS_REP_SERVICE_STOPPED,
        [PASV_PF_NOT_ELEVATED] = IDS_CLI_ERR_NOT_ELEVATED,
        [PASV_PF_FIREWALL_UNREACHABLE] = IDS_REP_FIREWALL_UNREACHABLE,
        [PASV_PF_FOREIGN_IN_RANGE] = IDS_REP_FOREIGN_IN_RANGE,
    },
    IDS_CLI_ST_PROFILE_DOMAIN, IDS_CLI_ST_PROFILE_STANDARD, IDS_CLI_ST_PROFILE_PRIVATE, IDS_CLI_ST_PROFILE_PUBLIC,
};

const pasv_preflight_ids pasv_preflight_ids_dialog = {
    {
        [PASV_PF_SERVICE_DISABLED] = IDS_PF_DLG_SERVICE_DISABLED,
        [PASV_PF_GP_OVERRIDE] = IDS_PF_DLG_GP_OVERRIDE,
        [PASV_PF_NO_EXCEPTIONS] = IDS_PF_DLG_NO_EXCEPTIONS,
        [PASV_PF_SERVICE_STOPPED] = IDS_PF_DLG_SERVICE_STOPPED,
        [PASV_PF_NOT_ELEVATED] = IDS_PF_DLG_NOT_ELEVATED,
        [PASV_PF_FIREWALL_UNREACHABLE] = IDS_PF_DLG_FIREWALL_UNREACHABLE,
        [PASV_PF_FOREIGN_IN_RANGE] = IDS_PF_DLG_FOREIGN_IN_RANGE,
    },
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

static pasv_preflight_finding *add(pasv_preflight *pf, const pasv_preflight_ids *ids, pasv_preflight_code code,
                                   bool blocking, UINT insert)
{
    pasv_preflight_finding *f = &pf->items[pf->count++];
    f->code = code;
    f->blocking = blocking;
    f->msg = ids->msg[code];
    f->insert = insert;
    return f;
}

/* Another program's exceptions (not ours, Group Policy's included) that open ports of range:
 * how many, and the first one's lowest port in the range. */
static unsigned foreign_in_range(const pasv_fw_list *fw, const pasv_range *range, unsigned *first)
{
    unsigned n = 0;
    size_t i;

    *first = 0;
    for (i = 0; i < fw->count; i++) {
        const pasv_fw_entry *e = &fw->items[i];
        unsigned low = e->ports.low > range->low ? e->ports.low : range->low;
        if ((e->flags & PASV_FW_OURS) || e->ports.high < range->low || e->ports.low > range->high)
            continue;
        if (!n || low < *first)
            *first = low;
        n++;
    }
    return n;
}

void pasv_preflight_check(const pasv_session *s, const pasv_options *opt, const pasv_preflight_ids *ids,
                          pasv_preflight *out)
{
    bool firewall = !opt->clear_range && !opt->skip_firewall && s->firewall && SUCCEEDED(s->fw_state_hr);
    bool config = !opt->clear_range && !opt->skip_config;
    uint32_t target, blocked;
    unsigned first, n;

    memset(out, 0, sizeof(*out));
    out->keep_stopped = pasv_preflight_keep_stopped(s);
    if (!s->env.elevated)
        add(out, ids, PASV_PF_NOT_ELEVATED, true, 0);
    if (config && SUCCEEDED(s->service_state_hr) && s->service_start_type == SERVICE_DISABLED)
        add(out, ids, PASV_PF_SERVICE_DISABLED, true, 0);
    /* The firewall service stopped (an RPC failure reading its state): nothing could be opened
     * or closed, remove included. */
    if (!opt->skip_firewall && s->firewall && FAILED(s->fw_state_hr))
        add(out, ids, PASV_PF_FIREWALL_UNREACHABLE, true, 0)->hr = s->fw_state_hr;
    if (firewall && s->fw_state.gp_override)
        add(out, ids, PASV_PF_GP_OVERRIDE, true, 0);
    target = opt->profiles ? opt->profiles : s->fw_state.profiles_all;
    blocked = s->fw_state.profiles_no_exceptions & target;
    if (firewall && blocked)
        add(out, ids, PASV_PF_NO_EXCEPTIONS, true, profile_name_id(ids, blocked, opt->mode == PASV_MODE_RANGE_RULE));
    if (!opt->skip_config && out->keep_stopped)
        add(out, ids, PASV_PF_SERVICE_STOPPED, false, 0);
    if (firewall && (n = foreign_in_range(&s->fw, &opt->range, &first)) != 0) {
        pasv_preflight_finding *f = add(out, ids, PASV_PF_FOREIGN_IN_RANGE, false, 0);
        f->num[0] = n;
        f->num[1] = first;
    }
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
    WCHAR *insert = NULL, *text, code[16];
    DWORD_PTR a[2] = {0, 0};
    DWORD n = 0;

    if (f->code == PASV_PF_FIREWALL_UNREACHABLE) {
        insert = pasv_text_system(f->hr);
        swprintf(code, 16, L"0x%08lX", (unsigned long)f->hr);
        a[0] = (DWORD_PTR)(insert ? insert : L"?");
        a[1] = (DWORD_PTR)code;
        n = 2;
    } else if (f->code == PASV_PF_FOREIGN_IN_RANGE) {
        a[0] = f->num[0];
        a[1] = f->num[1];
        n = 2;
    } else if (f->insert) {
        insert = pasv_text_load(f->insert);
        a[0] = (DWORD_PTR)(insert ? insert : L"?");
        n = 1;
    }
    text = pasv_text_format(f->msg, a, n);
    LocalFree(insert);
    return text;
}
