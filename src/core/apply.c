/* pasvports: the engine that applies a plan item by item, verifies it and rolls it back.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * Runs on the caller's worker thread; everything visible goes through the sink. Must stay
 * linear (or n log n) in the number of items: a full 5001-65535 plan has 60,535 of them. */
#include <stdlib.h>
#include <string.h>
#include "pasv/fwindex.h"
#include "pasv/plan.h"

#include "engine.h"

/* ---- Entries handed to the firewall ---- */

/* Room for "<prefix><port>" with the longest prefix pasv_plan_build accepts. */
#define PORT_NAME_CAP (PASV_PREFIX_MAX + 8)

static void port_entry(const pasv_plan *plan, uint16_t port, uint32_t profiles, pasv_fw_entry *e,
                       char name[PORT_NAME_CAP])
{
    pasv_fw_entry_init(e);
    e->ports.low = e->ports.high = port;
    e->profiles = profiles;
    e->flags = PASV_FW_ENABLED;
    e->protocol = PASV_PROTO_TCP;
    e->kind = PASV_FW_PORT;
    e->scope = (uint8_t)plan->opt.scope;
    if (plan->opt.remote)
        e->remote = plan->opt.remote;
    /* Cannot fail: pasv_plan_build checked the prefix against PASV_PREFIX_MAX. */
    (void)pasv_fw_port_name(plan->opt.prefix, port, name, PORT_NAME_CAP);
    e->name = name;
}

/* The one Vista+ rule of range-rule mode, named "<prefix> <low>-<high>" (pasv_fw_rule_name): a
 * name that says what it opens and is not the bare prefix a person gives a rule by hand. The
 * name follows from the plan's prefix and the item's range, so a plan read back from the journal
 * names it the same. */
static void rule_entry(const pasv_plan *plan, const pasv_plan_item *it, pasv_fw_entry *e,
                       char name[PASV_FW_RULE_NAME_CAP])
{
    /* Cannot fail: pasv_plan_build checked the prefix against PASV_PREFIX_MAX. */
    (void)pasv_fw_rule_name(plan->opt.prefix, &it->range, name, PASV_FW_RULE_NAME_CAP);
    pasv_fw_entry_init(e);
    e->ports = it->range;
    e->profiles = it->profiles;
    e->flags = PASV_FW_ENABLED | PASV_FW_TAGGED;
    e->protocol = PASV_PROTO_TCP;
    e->kind = PASV_FW_RULE;
    e->scope = (uint8_t)plan->opt.scope;
    if (plan->opt.remote)
        e->remote = plan->opt.remote;
    e->name = name;
}

static const pasv_fw_entry *item_entry(const pasv_plan *plan, const pasv_plan_item *it)
{
    return it->entry < plan->entries.count ? &plan->entries.items[it->entry] : NULL;
}

/* ---- Verification ---- */

/* True when our exceptions at the item's port grant what the plan asks in every profile of the
 * item, by the shared judgement (pasv_fw_view_judge). The cursor wants ascending ports: a port
 * lower than the last one asked starts it again. */
static bool port_verified(const pasv_fw_index *ix, pasv_fw_cursor *c, uint32_t *last, const pasv_plan *plan,
                          const pasv_plan_item *it)
{
    pasv_fw_want w = {it->profiles, (uint8_t)plan->opt.scope, false, plan->opt.remote};
    pasv_fw_port_view v;
    pasv_fw_verdict vd;

    if (*last != NO_ENTRY && it->port < *last)
        pasv_fw_cursor_init(c, ix);
    *last = it->port;
    pasv_fw_cursor_at(c, it->port, &v);
    pasv_fw_view_judge(ix, &v, &w, &vd);
    return (vd.granted & it->profiles) == it->profiles;
}

/* The very entry a CLOSE_STALE closed is still there (another of ours may own the port's other
 * value, one row per distinct value). */
static bool stale_still_there(const pasv_fw_index *ix, const pasv_plan_item *it, const pasv_fw_entry *old)
{
    size_t first, n = pasv_fw_index_ours_at(ix, it->port, &first), j;

    for (j = first; j < first + n; j++) {
        const pasv_fw_entry *f = &ix->list->items[ix->ours[j].idx];

        if ((f->profiles & it->profiles) && pasv_fw_entry_same(f, old))
            return true;
    }
    return false;
}

/* True when a rule of ours named for the item's range (names compare as Windows does) opens the
 * range with the plan's scope and remote list in every profile of the item. */
static bool rule_verified(const pasv_fw_index *ix, const pasv_plan *plan, const pasv_plan_item *it)
{
    pasv_fw_want w = {it->profiles, (uint8_t)plan->opt.scope, false, plan->opt.remote};
    char name[PASV_FW_RULE_NAME_CAP];
    size_t pos = 0;
    uint32_t idx;

    (void)pasv_fw_rule_name(plan->opt.prefix, &it->range, name, sizeof(name));
    while ((idx = pasv_fw_index_rule_named(ix, name, &pos)) != PASV_FWX_NONE)
        if (pasv_fw_rule_grants(&ix->list->items[idx], &it->range, &w))
            return true;
    return false;
}

static void mark_not_verified(pasv_plan_item *it, bool *bad)
{
    set_status(it, PASV_ST_NOT_VERIFIED, PASV_E_NOT_VERIFIED);
    *bad = true;
}

/* Re-reads the firewall and the configuration and checks what the run claims. A backend can
 * say S_OK and store nothing: Wine does exactly that for INetFwOpenPorts::Add (Wine 8.0
 * dlls/hnetcfg/port.c, fw_ports_Add is a FIXME stub returning S_OK), so a success is only
 * believed once it reads back. */
static pasv_hr verify_firewall(engine *e, bool *bad)
{
    pasv_plan *plan = e->plan;
    pasv_fw_list list;
    pasv_fw_index ix;
    pasv_fw_cursor cursor;
    uint32_t last = NO_ENTRY;
    size_t i;
    pasv_hr hr;

    if (!e->fw)
        return PASV_E_UNEXPECTED;
    if (!e->fw->vt->list)
        return PASV_E_NOTIMPL;
    memset(&ix, 0, sizeof(ix));
    pasv_fw_list_init(&list);
    hr = e->fw->vt->list(e->fw, &list);
    if (PASV_FAILED(hr))
        goto cleanup;
    pasv_fw_classify(&list, plan->opt.prefix);
    if (!pasv_fw_index_build(&ix, &list)) {
        hr = PASV_E_OUTOFMEMORY;
        goto cleanup;
    }

    pasv_fw_cursor_init(&cursor, &ix);
    for (i = 0; i < plan->count; i++) {
        pasv_plan_item *it = &plan->items[i];
        const pasv_fw_entry *old = item_entry(plan, it);
        bool claimed = it->status == PASV_ST_DONE || it->status == PASV_ST_UNCHANGED;
        size_t pos = 0;

        switch (it->kind) {
        case PASV_ITEM_OPEN_PORT:
        case PASV_ITEM_KEEP_PORT:
            if (claimed && !port_verified(&ix, &cursor, &last, plan, it))
                mark_not_verified(it, bad);
            break;
        case PASV_ITEM_CLOSE_STALE:
            if (it->status == PASV_ST_DONE && old && stale_still_there(&ix, it, old))
                mark_not_verified(it, bad);
            break;
        case PASV_ITEM_PUT_RULE:
            if (claimed && !rule_verified(&ix, plan, it))
                mark_not_verified(it, bad);
            break;
        case PASV_ITEM_REMOVE_RULE:
            if (it->status == PASV_ST_DONE && old && pasv_fw_index_rule_named(&ix, old->name, &pos) != PASV_FWX_NONE)
                mark_not_verified(it, bad);
            break;
        default:
            break;
        }
    }
    hr = PASV_S_OK;

cleanup:
    pasv_fw_index_cleanup(&ix);
    pasv_fw_list_cleanup(&list);
    return hr;
}

static pasv_hr verify_config(engine *e, pasv_plan_item *it, bool *bad)
{
    pasv_range r;
    bool set = false;
    pasv_hr hr;

    if (!e->cfg)
        return PASV_E_UNEXPECTED;
    if (!e->cfg->vt->get_range)
        return PASV_E_NOTIMPL;
    hr = e->cfg->vt->get_range(e->cfg, &r, &set);
    if (PASV_FAILED(hr))
        return hr;
    if (it->kind == PASV_ITEM_SET_RANGE ? !(set && r.low == it->range.low && r.high == it->range.high) : set)
        mark_not_verified(it, bad);
    return PASV_S_OK;
}

static pasv_hr run_verify(engine *e, pasv_plan_item *vit)
{
    pasv_plan *plan = e->plan;
    bool need_fw = false, bad = false;
    pasv_plan_item *range_it = NULL, *ip_it = NULL;
    size_t i;
    pasv_hr hr;

    for (i = 0; i < plan->count; i++) {
        pasv_plan_item *it = &plan->items[i];

        switch (it->kind) {
        case PASV_ITEM_OPEN_PORT:
        case PASV_ITEM_CLOSE_STALE:
        case PASV_ITEM_PUT_RULE:
        case PASV_ITEM_REMOVE_RULE:
            need_fw |= it->status == PASV_ST_DONE;
            break;
        case PASV_ITEM_SET_RANGE:
        case PASV_ITEM_CLEAR_RANGE:
            if (it->status == PASV_ST_DONE)
                range_it = it;
            break;
        case PASV_ITEM_SET_EXTERNAL_IP:
            if (it->status == PASV_ST_DONE)
                ip_it = it;
            break;
        default:
            break;
        }
    }
    if (need_fw) {
        hr = verify_firewall(e, &bad);
        if (PASV_FAILED(hr))
            return hr;
    }
    if (range_it) {
        hr = verify_config(e, range_it, &bad);
        if (PASV_FAILED(hr))
            return hr;
    }
    if (ip_it && PASV_FAILED(hr = iis7_verify_address(e, ip_it, &bad)))
        return hr;
    set_status(vit, bad ? PASV_ST_NOT_VERIFIED : PASV_ST_DONE, bad ? PASV_E_NOT_VERIFIED : PASV_S_OK);
    return vit->hr;
}

/* ---- Running one item ---- */

static pasv_hr read_prev_range(engine *e)
{
    pasv_range r;
    bool set = false;
    pasv_hr hr;

    if (!e->cfg->vt->get_range)
        return PASV_E_NOTIMPL;
    hr = e->cfg->vt->get_range(e->cfg, &r, &set);
    if (PASV_FAILED(hr))
        return hr;
    e->plan->prev_range = r;
    e->plan->prev_range_set = set;
    e->plan->prev_known = true;
    return PASV_S_OK;
}

static pasv_hr set_range(engine *e, const pasv_range *r)
{
    return e->cfg->vt->set_range ? e->cfg->vt->set_range(e->cfg, r) : PASV_E_NOTIMPL;
}

static pasv_hr restore_prev_range(engine *e)
{
    if (!e->plan->prev_known)
        return PASV_E_UNEXPECTED;
    return set_range(e, e->plan->prev_range_set ? &e->plan->prev_range : NULL);
}

/* The service would not start with the new range. Whatever the policy, FTP must not be left
 * down: put the previous range back and start the service on it. */
static void restore_after_restart_failure(engine *e, size_t restart_index)
{
    pasv_plan *plan = e->plan;
    size_t i;

    for (i = 0; i < plan->count; i++) {
        pasv_plan_item *it = &plan->items[i];
        pasv_hr hr;

        if (!is_range_item(it) || (it->status != PASV_ST_DONE && it->status != PASV_ST_NOT_VERIFIED))
            continue;
        hr = restore_prev_range(e);
        if (PASV_SUCCEEDED(hr)) {
            set_status(it, PASV_ST_ROLLED_BACK, PASV_S_OK);
            plan->range_restored = true;
        } else {
            set_status(it, PASV_ST_ROLLBACK_FAILED, hr);
        }
        iis7_restore_address(e); /* IIS 7+: the site's address goes back with the range */
        /* The RESTART item keeps the original failure; whether the service came back is
         * recorded, so no front end can claim it did when it did not. */
        plan->restore_start_hr = e->svc->vt->start ? e->svc->vt->start(e->svc, e->sink, restart_index)
                                                   : PASV_E_NOTIMPL;
        plan->service_restarted_after_restore = PASV_SUCCEEDED(plan->restore_start_hr);
        return;
    }
}

static pasv_hr run_item(engine *e, size_t i)
{
    pasv_plan *plan = e->plan;
    pasv_plan_item *it = &plan->items[i];
    pasv_fw_entry entry;
    const pasv_fw_entry *old = item_entry(plan, it);
    char name[PORT_NAME_CAP], rname[PASV_FW_RULE_NAME_CAP];
    pasv_fw_state state;
    bool on = false;
    pasv_hr hr;

    switch (it->kind) {
    case PASV_ITEM_BACKUP:
        if (!e->cfg)
            return PASV_E_UNEXPECTED;
        /* PASV_S_FALSE (no backup facility, IIS 5 registry) is a success: the remembered
         * previous value is the backup then. */
        return e->cfg->vt->backup ? e->cfg->vt->backup(e->cfg) : PASV_S_FALSE;
    case PASV_ITEM_OPEN_PORT:
        if (!e->fw)
            return PASV_E_UNEXPECTED;
        if (!e->fw->vt->open_port)
            return PASV_E_NOTIMPL;
        port_entry(plan, it->port, it->profiles, &entry, name);
        return e->fw->vt->open_port(e->fw, &entry, old);
    case PASV_ITEM_PUT_RULE:
        if (!e->fw)
            return PASV_E_UNEXPECTED;
        if (!e->fw->vt->put_rule)
            return PASV_E_NOTIMPL;
        rule_entry(plan, it, &entry, rname);
        return e->fw->vt->put_rule(e->fw, &entry, old);
    case PASV_ITEM_SET_RANGE:
    case PASV_ITEM_CLEAR_RANGE:
        if (!e->cfg)
            return PASV_E_UNEXPECTED;
        /* Read first: the value being replaced is what rollback and restart failure restore. */
        hr = read_prev_range(e);
        if (PASV_FAILED(hr))
            return hr;
        return set_range(e, it->kind == PASV_ITEM_SET_RANGE ? &it->range : NULL);
    case PASV_ITEM_EDIT_WHILE_RUNNING:
        if (!e->cfg)
            return PASV_E_UNEXPECTED;
        if (!e->cfg->vt->get_edit_while_running || !e->cfg->vt->set_edit_while_running)
            return PASV_E_NOTIMPL;
        hr = e->cfg->vt->get_edit_while_running(e->cfg, &on);
        if (PASV_FAILED(hr))
            return hr;
        plan->prev_edit_while_running = on ? 1 : 0;
        return e->cfg->vt->set_edit_while_running(e->cfg, plan->opt.edit_while_running != 0);
    case PASV_ITEM_RESTART_SERVICE:
        if (!e->svc)
            return PASV_E_UNEXPECTED;
        if (!e->svc->vt->restart)
            return PASV_E_NOTIMPL;
        hr = e->svc->vt->restart(e->svc, e->sink, i);
        if (PASV_FAILED(hr) && e->cfg)
            restore_after_restart_failure(e, i);
        return hr;
    case PASV_ITEM_CLOSE_STALE:
        if (!e->fw)
            return PASV_E_UNEXPECTED;
        if (!e->fw->vt->close_port)
            return PASV_E_NOTIMPL;
        if (!old)
            return PASV_E_UNEXPECTED;
        entry = *old;
        entry.profiles = it->profiles;
        return e->fw->vt->close_port(e->fw, &entry);
    case PASV_ITEM_REMOVE_RULE:
        if (!e->fw || !old)
            return PASV_E_UNEXPECTED;
        if (!e->fw->vt->remove_rule)
            return PASV_E_NOTIMPL;
        return e->fw->vt->remove_rule(e->fw, old);
    case PASV_ITEM_ENABLE_FIREWALL:
        if (!e->fw)
            return PASV_E_UNEXPECTED;
        if (!e->fw->vt->get_state || !e->fw->vt->set_enabled)
            return PASV_E_NOTIMPL;
        hr = e->fw->vt->get_state(e->fw, &state);
        if (PASV_FAILED(hr))
            return hr;
        plan->prev_profiles_enabled = state.profiles_enabled;
        return e->fw->vt->set_enabled(e->fw, it->profiles, true);
    case PASV_ITEM_VERIFY:
        return run_verify(e, it);
    default:
        return iis7_is_item(it) ? iis7_run_item(e, it) : PASV_E_UNEXPECTED;
    }
}

/* ---- Undoing one item ---- */

static bool has_undo(const pasv_plan_item *it)
{
    switch (it->kind) {
    case PASV_ITEM_OPEN_PORT:
    case PASV_ITEM_PUT_RULE:
    case PASV_ITEM_SET_RANGE:
    case PASV_ITEM_CLEAR_RANGE:
    case PASV_ITEM_EDIT_WHILE_RUNNING:
    case PASV_ITEM_CLOSE_STALE:
    case PASV_ITEM_REMOVE_RULE:
    case PASV_ITEM_ENABLE_FIREWALL:
    case PASV_ITEM_SET_EXTERNAL_IP:
    case PASV_ITEM_DISABLE_BUILTIN_RULE:
    case PASV_ITEM_ENABLE_BUILTIN_RULE:
        /* NOT_VERIFIED: the backend said it did it, so undo it anyway. A port refused with
         * PASV_E_CHANGED may have been written in the profiles that were as expected: undo
         * those (the undo leaves the changed profiles alone in turn). */
        if (it->status == PASV_ST_FAILED && it->hr == PASV_E_CHANGED)
            return it->kind == PASV_ITEM_OPEN_PORT || it->kind == PASV_ITEM_CLOSE_STALE;
        return it->status == PASV_ST_DONE || it->status == PASV_ST_NOT_VERIFIED /* a failed undo: again */
               || it->status == PASV_ST_ROLLBACK_FAILED;
    default:
        /* BACKUP leaves a backup behind (that is its point), VERIFY only read, KEEP and
         * FOREIGN did nothing; RESTART_SERVICE is redone after the range is back. */
        return false;
    }
}

static pasv_hr undo_item(engine *e, pasv_plan_item *it)
{
    pasv_plan *plan = e->plan;
    pasv_fw_entry entry, ours;
    const pasv_fw_entry *old = item_entry(plan, it);
    char name[PORT_NAME_CAP], rname[PASV_FW_RULE_NAME_CAP];
    uint32_t mask;
    pasv_hr hr;

    switch (it->kind) {
    case PASV_ITEM_OPEN_PORT:
        if (!e->fw || !e->fw->vt->close_port || !e->fw->vt->open_port)
            return PASV_E_UNEXPECTED;
        port_entry(plan, it->port, it->profiles, &ours, name);
        if (!old)
            return e->fw->vt->close_port(e->fw, &ours);
        /* It replaced an entry of ours (disabled, or another scope): put that back as it was. */
        entry = *old;
        entry.profiles = it->profiles;
        entry.flags &= (uint16_t)~PASV_FW_OURS;
        return e->fw->vt->open_port(e->fw, &entry, &ours);
    case PASV_ITEM_PUT_RULE:
        if (!e->fw || !e->fw->vt->remove_rule || !e->fw->vt->put_rule)
            return PASV_E_UNEXPECTED;
        rule_entry(plan, it, &ours, rname);
        hr = e->fw->vt->remove_rule(e->fw, &ours);
        if (PASV_SUCCEEDED(hr) && old) {
            entry = *old;
            entry.flags &= (uint16_t)~PASV_FW_OURS;
            hr = e->fw->vt->put_rule(e->fw, &entry, NULL);
        }
        return hr;
    case PASV_ITEM_SET_RANGE:
    case PASV_ITEM_CLEAR_RANGE:
        if (!e->cfg)
            return PASV_E_UNEXPECTED;
        return restore_prev_range(e);
    case PASV_ITEM_EDIT_WHILE_RUNNING:
        if (!e->cfg || !e->cfg->vt->set_edit_while_running || plan->prev_edit_while_running < 0)
            return PASV_E_UNEXPECTED;
        return e->cfg->vt->set_edit_while_running(e->cfg, plan->prev_edit_while_running != 0);
    case PASV_ITEM_CLOSE_STALE:
        if (!e->fw || !e->fw->vt->open_port || !old)
            return PASV_E_UNEXPECTED;
        /* Re-open exactly what was there: original name (maybe "Passive FTP 5001"), scope,
         * remote addresses and profiles. */
        entry = *old;
        entry.profiles = it->profiles;
        entry.flags &= (uint16_t)~PASV_FW_OURS;
        return e->fw->vt->open_port(e->fw, &entry, NULL);
    case PASV_ITEM_REMOVE_RULE:
        if (!e->fw || !e->fw->vt->put_rule || !old)
            return PASV_E_UNEXPECTED;
        entry = *old;
        entry.flags &= (uint16_t)~PASV_FW_OURS;
        return e->fw->vt->put_rule(e->fw, &entry, NULL);
    case PASV_ITEM_ENABLE_FIREWALL:
        if (!e->fw || !e->fw->vt->set_enabled)
            return PASV_E_UNEXPECTED;
        mask = it->profiles & ~plan->prev_profiles_enabled;
        return mask ? e->fw->vt->set_enabled(e->fw, mask, false) : PASV_S_OK;
    default:
        return iis7_undo_item(e, it);
    }
}

static void engine_init(engine *e, pasv_plan *plan, const pasv_backends *be, pasv_sink *sink)
{
    e->plan = plan;
    e->cfg = be ? be->config : NULL;
    e->fw = be ? be->firewall : NULL;
    e->svc = be ? be->service : NULL;
    e->sink = sink;
}

/* reopens_old: undos that re-open what the previous range needs (closed ports, removed rules);
 * serves_new_range: changes kept with the new range when the old range cannot come back. */
static bool reopens_old(const pasv_plan_item *it)
{
    return it->kind == PASV_ITEM_CLOSE_STALE || it->kind == PASV_ITEM_REMOVE_RULE;
}
static bool serves_new_range(const pasv_plan_item *it)
{
    return is_range_item(it) || it->kind == PASV_ITEM_OPEN_PORT || it->kind == PASV_ITEM_PUT_RULE;
}

pasv_hr pasv_plan_rollback(pasv_plan *plan, const pasv_backends *be, pasv_sink *sink)
{
    engine e;
    size_t i, restart = NO_ENTRY;
    bool range_undone = false, reopen_failed = false;
    pasv_hr first = PASV_S_OK;

    if (!plan)
        return PASV_E_INVALIDARG;
    engine_init(&e, plan, be, sink);
    plan->range_kept = false;
    for (i = plan->count; i-- > 0;) {
        pasv_plan_item *it = &plan->items[i];
        bool was_changed;
        pasv_hr hr;

        if (it->kind == PASV_ITEM_RESTART_SERVICE
            && (it->status == PASV_ST_DONE || it->status == PASV_ST_ROLLBACK_FAILED)) {
            /* Last, after the range is undone (a restart that failed before is tried again). */
            restart = i;
            range_undone |= it->status == PASV_ST_ROLLBACK_FAILED;
            continue;
        }
        if (!has_undo(it))
            continue;
        /* The previous range announces ports that could not be re-opened: restoring it would
         * break FTP. The new range stays, with the openings it needs; the plan says so. */
        if (reopen_failed && serves_new_range(it)) {
            if (it->status == PASV_ST_DONE || it->status == PASV_ST_NOT_VERIFIED)
                plan->range_kept = true;
            continue;
        }
        was_changed = it->status == PASV_ST_FAILED; /* has_undo: only a PASV_E_CHANGED refusal */
        sink_started(&e, i);
        hr = undo_item(&e, it);
        if (PASV_SUCCEEDED(hr) || (was_changed && hr == PASV_E_CHANGED)) {
            /* A partly refused item: what it wrote is undone, someone else's profile untouched. */
            /* The item keeps saying someone else changed it: that outlives our own undo. */
            set_status(it, PASV_ST_ROLLED_BACK, was_changed ? PASV_E_CHANGED : hr);
            range_undone |= needs_restart(it);
        } else {
            set_status(it, PASV_ST_ROLLBACK_FAILED, hr);
            reopen_failed |= reopens_old(it);
            if (PASV_SUCCEEDED(first))
                first = hr;
        }
        sink_finished(&e, i);
    }
    if (restart != NO_ENTRY && range_undone) {
        pasv_plan_item *it = &plan->items[restart];
        pasv_hr hr;

        sink_started(&e, restart);
        hr = (e.svc && e.svc->vt->restart) ? e.svc->vt->restart(e.svc, sink, restart) : PASV_E_UNEXPECTED;
        set_status(it, PASV_SUCCEEDED(hr) ? PASV_ST_ROLLED_BACK : PASV_ST_ROLLBACK_FAILED, hr);
        if (PASV_FAILED(hr) && PASV_SUCCEEDED(first))
            first = hr;
        sink_finished(&e, restart);
    }
    return first;
}

/* An item that will not run still has its outcome reported (without a started), so a journal
 * knows the first item with no outcome after the last one reported was running at a kill. */
static void set_not_run(engine *e, size_t i, pasv_item_status st, pasv_hr hr)
{
    set_status(&e->plan->items[i], st, hr);
    sink_finished(e, i);
}

/* Marks every still-PENDING item from index start on with st. */
static void mark_rest(engine *e, size_t start, pasv_item_status st, pasv_hr hr)
{
    size_t i;

    for (i = start; i < e->plan->count; i++)
        if (e->plan->items[i].status == PASV_ST_PENDING)
            set_not_run(e, i, st, hr);
}

/* Items the run must not do now: old ports close only once the server announces the new ones
 * (if the range did not change, or was put back, the server may still hand out the "stale"
 * ports), and the FTP service restarts only for a range (or IIS 7+ site address) this run wrote: a
 * restart drops every transfer, for nothing when the service would read what it reads now (issue
 * 12). The built-in passive rule goes off only in a run that has not failed (apply_iis7.c). */
static bool skipped_now(const pasv_plan *plan, const pasv_plan_item *it, bool config_failed)
{
    size_t i;

    if (it->kind == PASV_ITEM_CLOSE_STALE || it->kind == PASV_ITEM_REMOVE_RULE)
        return config_failed || plan->range_restored;
    if (it->kind == PASV_ITEM_DISABLE_BUILTIN_RULE)
        return iis7_builtin_blocked(plan, (size_t)(it - plan->items));
    if (it->kind != PASV_ITEM_RESTART_SERVICE)
        return false;
    for (i = 0; i < plan->count; i++)
        if (needs_restart(&plan->items[i]) && plan->items[i].status == PASV_ST_DONE)
            return false;
    return true;
}

/* Returns (see plan.h) S_OK, S_FALSE (failures under CONTINUE), the first failure under
 * ROLLBACK, E_ABORT when cancelled, and PASV_E_NOT_VERIFIED when every item ran but a
 * read-back disagreed. NOT_VERIFIED never triggers a rollback: the backend reported success,
 * the caller decides (pasv_plan_rollback or retry). */
pasv_hr pasv_plan_apply(pasv_plan *plan, const pasv_backends *be, pasv_sink *sink)
{
    engine e;
    size_t i;
    pasv_hr first = PASV_S_OK;
    bool failed = false, not_verified = false, config_failed = false;

    if (!plan)
        return PASV_E_INVALIDARG;
    engine_init(&e, plan, be, sink);
    plan->range_restored = false;
    plan->service_restarted_after_restore = false;
    plan->restore_start_hr = PASV_S_OK;

    for (i = 0; i < plan->count; i++) {
        pasv_plan_item *it = &plan->items[i];
        pasv_hr hr;

        if (it->status != PASV_ST_PENDING && it->status != PASV_ST_UNCHANGED)
            continue;
        if (sink_cancel(&e)) {
            mark_rest(&e, i, PASV_ST_CANCELLED, PASV_E_ABORT);
            return PASV_E_ABORT;
        }
        if (it->status == PASV_ST_UNCHANGED) {
            /* Nothing to do, but the progress list still fills row by row. */
            sink_started(&e, i);
            sink_finished(&e, i);
            continue;
        }
        if (skipped_now(plan, it, config_failed)) {
            set_not_run(&e, i, PASV_ST_SKIPPED, PASV_E_SKIPPED);
            continue;
        }

        it->status = PASV_ST_RUNNING;
        it->msg = pasv_item_status_msg(it);
        sink_started(&e, i);
        hr = run_item(&e, i);
        if (it->kind != PASV_ITEM_VERIFY)
            set_status(it, PASV_FAILED(hr) ? PASV_ST_FAILED : PASV_ST_DONE, hr);
        else if (PASV_FAILED(hr) && hr != PASV_E_NOT_VERIFIED)
            set_status(it, PASV_ST_FAILED, hr);
        sink_finished(&e, i);

        if (it->status == PASV_ST_NOT_VERIFIED) {
            not_verified = true;
            continue;
        }
        if (it->status != PASV_ST_FAILED)
            continue;
        if (!failed)
            first = hr;
        failed = true;
        config_failed |= is_range_item(it) || it->kind == PASV_ITEM_RESTART_SERVICE;
        /* No backup (access denied, say): nothing has changed yet and nothing may. */
        if (it->kind == PASV_ITEM_BACKUP) {
            mark_rest(&e, i + 1, PASV_ST_SKIPPED, PASV_E_SKIPPED);
            return first;
        }
        if (plan->opt.on_error == PASV_ON_ERROR_ROLLBACK) {
            mark_rest(&e, i + 1, PASV_ST_SKIPPED, PASV_E_SKIPPED);
            (void)pasv_plan_rollback(plan, be, sink); /* each item records its own undo result */
            return first;
        }
    }
    if (failed)
        return PASV_S_FALSE;
    return not_verified ? PASV_E_NOT_VERIFIED : PASV_S_OK;
}
