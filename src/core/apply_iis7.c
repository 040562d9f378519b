/* pasvports: the engine's IIS 7+ items (issue 13): a site's external address and the FTP role's
 * built-in passive rule, run, undone and verified like every other item (see plan.h).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * Each item's data is in plan->entries (plan.h, pasv_item_kind), so a plan read back from a
 * journal runs and undoes them without the front end that planned them. */
#include <string.h>

#include "engine.h"

bool iis7_is_item(const pasv_plan_item *it)
{
    return it->kind == PASV_ITEM_SET_EXTERNAL_IP || it->kind == PASV_ITEM_DISABLE_BUILTIN_RULE
           || it->kind == PASV_ITEM_ENABLE_BUILTIN_RULE;
}

/* The site as it was (which = 0) or as the item leaves it (which = 1); NULL when the plan does
 * not hold both records. */
static const pasv_fw_entry *site_record(const pasv_plan *plan, const pasv_plan_item *it, uint32_t which)
{
    if (it->entry == NO_ENTRY || it->entry + 1 >= plan->entries.count)
        return NULL;
    return &plan->entries.items[it->entry + which];
}

static const pasv_fw_entry *rule_record(const pasv_plan *plan, const pasv_plan_item *it)
{
    return it->entry < plan->entries.count ? &plan->entries.items[it->entry] : NULL;
}

static const char *text_or_empty(const char *s)
{
    return s ? s : "";
}

/* Writes to, expecting from, as the backend proves it (backend.h). PASV_S_FALSE (already so) is
 * a success: an undo of a write that never happened. */
static pasv_hr write_address(engine *e, const pasv_fw_entry *from, const pasv_fw_entry *to)
{
    if (!e->cfg || !from || !to)
        return PASV_E_UNEXPECTED;
    if (!e->cfg->vt->set_external_ip)
        return PASV_E_NOTIMPL;
    return e->cfg->vt->set_external_ip(e->cfg, text_or_empty(from->name), text_or_empty(from->remote),
                                       text_or_empty(to->remote));
}

static pasv_hr switch_rule(engine *e, const pasv_fw_entry *rule, bool enabled)
{
    if (!e->fw || !rule)
        return PASV_E_UNEXPECTED;
    if (!e->fw->vt->set_builtin_rule)
        return PASV_E_NOTIMPL;
    return e->fw->vt->set_builtin_rule(e->fw, rule, enabled);
}

pasv_hr iis7_run_item(engine *e, const pasv_plan_item *it)
{
    const pasv_plan *plan = e->plan;

    switch (it->kind) {
    case PASV_ITEM_SET_EXTERNAL_IP:
        return write_address(e, site_record(plan, it, 0), site_record(plan, it, 1));
    case PASV_ITEM_DISABLE_BUILTIN_RULE:
        return switch_rule(e, rule_record(plan, it), false);
    case PASV_ITEM_ENABLE_BUILTIN_RULE:
        return switch_rule(e, rule_record(plan, it), true);
    default:
        return PASV_E_UNEXPECTED;
    }
}

pasv_hr iis7_undo_item(engine *e, const pasv_plan_item *it)
{
    const pasv_plan *plan = e->plan;

    switch (it->kind) {
    case PASV_ITEM_SET_EXTERNAL_IP:
        return write_address(e, site_record(plan, it, 1), site_record(plan, it, 0));
    case PASV_ITEM_DISABLE_BUILTIN_RULE:
        return switch_rule(e, rule_record(plan, it), true);
    case PASV_ITEM_ENABLE_BUILTIN_RULE:
        return switch_rule(e, rule_record(plan, it), false);
    default:
        return PASV_S_OK;
    }
}

/* The address a SET_EXTERNAL_IP wrote reads back (VERIFY). */
pasv_hr iis7_verify_address(engine *e, pasv_plan_item *it, bool *bad)
{
    const pasv_fw_entry *to = site_record(e->plan, it, 1);
    char now[64];
    pasv_hr hr;

    if (!e->cfg || !to)
        return PASV_E_UNEXPECTED;
    if (!e->cfg->vt->get_external_ip)
        return PASV_E_NOTIMPL;
    hr = e->cfg->vt->get_external_ip(e->cfg, text_or_empty(to->name), now, sizeof(now));
    if (PASV_FAILED(hr))
        return hr;
    if (strcmp(now, text_or_empty(to->remote)) != 0) {
        set_status(it, PASV_ST_NOT_VERIFIED, PASV_E_NOT_VERIFIED);
        *bad = true;
    }
    return PASV_S_OK;
}

/* The built-in passive rule goes off only once ours is in place: never after anything in the
 * run failed or did not read back, nor while an opening of ours is not done. */
bool iis7_builtin_blocked(const pasv_plan *plan, size_t index)
{
    size_t i;

    for (i = 0; i < index; i++) {
        const pasv_plan_item *it = &plan->items[i];

        if (it->status == PASV_ST_FAILED || it->status == PASV_ST_NOT_VERIFIED
            || it->status == PASV_ST_ROLLBACK_FAILED || it->status == PASV_ST_ROLLED_BACK)
            return true;
        if ((it->kind == PASV_ITEM_PUT_RULE || it->kind == PASV_ITEM_OPEN_PORT) && it->status != PASV_ST_DONE
            && it->status != PASV_ST_UNCHANGED)
            return true;
    }
    return false;
}

/* The service would not start after a range change: the range goes back, and so does an address
 * this run wrote, before the service starts again (it reads both then). */
void iis7_restore_address(engine *e)
{
    size_t i;

    for (i = 0; i < e->plan->count; i++) {
        pasv_plan_item *it = &e->plan->items[i];
        pasv_hr hr;

        if (it->kind != PASV_ITEM_SET_EXTERNAL_IP || (it->status != PASV_ST_DONE && it->status != PASV_ST_NOT_VERIFIED))
            continue;
        hr = iis7_undo_item(e, it);
        set_status(it, PASV_SUCCEEDED(hr) ? PASV_ST_ROLLED_BACK : PASV_ST_ROLLBACK_FAILED, hr);
    }
}
