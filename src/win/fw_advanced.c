/* pasvports: the Vista+ Windows Firewall with Advanced Security backend (INetFwPolicy2 rules):
 * one inbound TCP allow rule per range, or one single-port rule per port in per-port mode.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "win.h"

#include <netfw.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "backends.h"
#include "com_util.h"
#include "ftprules.h"
#include "fw_rule.h"

#define E_NOT_FOUND   HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND)
/* Bound for a rule enumerator, far above what any firewall holds. */
#define MAX_ENUM_ITEMS 1000000u

typedef struct fw_advanced {
    pasv_firewall base;
    INetFwPolicy2 *policy;
    INetFwRules *rules; /* kept after the first successful get_Rules */
} fw_advanced;

static fw_advanced *impl_from_firewall(pasv_firewall *base)
{
    return PASV_CONTAINER_OF(base, fw_advanced, base);
}

static HRESULT get_rules(fw_advanced *fw, INetFwRules **rules)
{
    if (!fw->rules) {
        HRESULT hr = INetFwPolicy2_get_Rules(fw->policy, &fw->rules);

        if (FAILED(hr)) {
            fw->rules = NULL;
            return hr; /* e.g. 0x800706D9: the firewall service is stopped */
        }
    }
    *rules = fw->rules;
    return S_OK;
}

/* ---- rule enumeration ---- */

/* What a rule says, read once for list(). */
typedef struct rule_info {
    BSTR name, ports, grouping, desc, remote;
    LONG profiles;
    VARIANT_BOOL enabled;
} rule_info;

/* Called with every rule of the collection, whatever its direction, protocol or action. */
typedef HRESULT (*rule_cb)(void *ctx, INetFwRule *rule);

/* Reads one rule; S_FALSE when it is not an inbound TCP allow rule with a port list. */
static HRESULT read_rule(INetFwRule *rule, rule_info *info)
{
    NET_FW_RULE_DIRECTION dir;
    NET_FW_ACTION action;
    LONG protocol;
    HRESULT hr;

    hr = INetFwRule_get_Direction(rule, &dir);
    if (FAILED(hr) || dir != NET_FW_RULE_DIR_IN)
        return FAILED(hr) ? hr : S_FALSE;
    hr = INetFwRule_get_Protocol(rule, &protocol);
    if (FAILED(hr) || protocol != NET_FW_IP_PROTOCOL_TCP)
        return FAILED(hr) ? hr : S_FALSE;
    /* Block rules are skipped: they open nothing, and the engine only reasons about openings
     * (whether a block rule shadows our range is a question for the administrator, not for an
     * audit of openings). They are deliberately not counted anywhere either. */
    hr = INetFwRule_get_Action(rule, &action);
    if (FAILED(hr) || action != NET_FW_ACTION_ALLOW)
        return FAILED(hr) ? hr : S_FALSE;
    hr = INetFwRule_get_LocalPorts(rule, &info->ports);
    if (FAILED(hr) || !info->ports || !*info->ports)
        return FAILED(hr) ? hr : S_FALSE; /* no port list: every port, not a port rule */
    hr = INetFwRule_get_Name(rule, &info->name);
    if (SUCCEEDED(hr))
        hr = INetFwRule_get_Profiles(rule, &info->profiles);
    if (SUCCEEDED(hr))
        hr = INetFwRule_get_Grouping(rule, &info->grouping);
    if (SUCCEEDED(hr))
        hr = INetFwRule_get_Description(rule, &info->desc);
    if (SUCCEEDED(hr))
        hr = INetFwRule_get_Enabled(rule, &info->enabled);
    if (SUCCEEDED(hr))
        hr = INetFwRule_get_RemoteAddresses(rule, &info->remote);
    return FAILED(hr) ? hr : S_OK;
}

static void rule_info_clear(rule_info *info)
{
    SysFreeString(info->remote);
    SysFreeString(info->desc);
    SysFreeString(info->grouping);
    SysFreeString(info->ports);
    SysFreeString(info->name);
    memset(info, 0, sizeof(*info));
}

/* Calls cb for every rule. E_NOTIMPL (Wine's get__NewEnum) reaches the caller, which then knows
 * the list is incomplete, or that it cannot prove what a name holds. */
static HRESULT enumerate_rules(fw_advanced *fw, rule_cb cb, void *ctx)
{
    INetFwRules *rules;
    IUnknown *unk = NULL;
    IEnumVARIANT *items = NULL;
    INetFwRule *rule = NULL;
    VARIANT v;
    unsigned count = 0;
    HRESULT hr;

    VariantInit(&v);
    hr = get_rules(fw, &rules);
    if (FAILED(hr))
        goto cleanup;
    hr = INetFwRules_get__NewEnum(rules, &unk);
    if (FAILED(hr))
        goto cleanup;
    hr = IUnknown_QueryInterface(unk, &IID_IEnumVARIANT, (void **)&items);
    if (FAILED(hr))
        goto cleanup;
    for (;;) {
        ULONG got = 0;

        hr = IEnumVARIANT_Next(items, 1, &v, &got);
        if (FAILED(hr))
            goto cleanup;
        if (hr == S_FALSE || got == 0) /* the end, not a failure */
            break;
        if (++count > MAX_ENUM_ITEMS) {
            hr = E_UNEXPECTED;
            goto cleanup;
        }
        hr = S_OK;
        if (V_VT(&v) == VT_DISPATCH && V_DISPATCH(&v)) {
            hr = IDispatch_QueryInterface(V_DISPATCH(&v), &IID_INetFwRule, (void **)&rule);
            if (SUCCEEDED(hr))
                hr = cb(ctx, rule);
        }
        if (rule)
            INetFwRule_Release(rule);
        rule = NULL;
        VariantClear(&v);
        if (FAILED(hr))
            goto cleanup;
    }
    hr = S_OK;

cleanup:
    VariantClear(&v);
    if (items)
        IEnumVARIANT_Release(items);
    if (unk)
        IUnknown_Release(unk);
    return hr;
}

/* ---- list ---- */

typedef struct list_ctx {
    pasv_fw_list *tmp;
    pasv_fw_entry proto; /* everything but the ports */
    char *name, *remote; /* the strings proto points at while one rule is listed */
} list_ctx;

static HRESULT list_add_range(void *ctx, uint16_t low, uint16_t high)
{
    list_ctx *lc = ctx;

    lc->proto.ports.low = low;
    lc->proto.ports.high = high;
    return pasv_fw_list_push(lc->tmp, &lc->proto) ? S_OK : E_OUTOFMEMORY;
}

static HRESULT list_rule(void *ctx, INetFwRule *rule)
{
    list_ctx *lc = ctx;
    pasv_fw_entry *e = &lc->proto;
    rule_info store, *info = &store;
    HRESULT hr;

    memset(info, 0, sizeof(*info));
    hr = read_rule(rule, info);
    if (hr != S_OK) {
        rule_info_clear(info);
        return FAILED(hr) ? hr : S_OK;
    }
    pasv_fw_entry_init(e);
    e->profiles = fwa_profiles_from_api(info->profiles);
    e->protocol = PASV_PROTO_TCP;
    e->kind = PASV_FW_RULE;
    if (info->enabled)
        e->flags |= PASV_FW_ENABLED;
    if (fwa_identity_is_ours(info->grouping, info->desc))
        e->flags |= PASV_FW_TAGGED;
    lc->name = pasv_utf8_dup_wide(info->name);
    hr = lc->name ? fwa_scope_from_remote(info->remote, e, &lc->remote) : E_OUTOFMEMORY;
    if (SUCCEEDED(hr)) {
        e->name = lc->name;
        hr = fwa_parse_local_ports(info->ports, list_add_range, lc); /* the list copies the strings */
    }
    free(lc->remote);
    free(lc->name);
    lc->remote = lc->name = NULL;
    rule_info_clear(info);
    return hr;
}

static pasv_hr advanced_list(pasv_firewall *base, pasv_fw_list *out)
{
    fw_advanced *fw = impl_from_firewall(base);
    pasv_fw_list tmp;
    list_ctx lc;
    size_t old_count = out->count, i;
    bool partial = false;
    HRESULT hr;

    pasv_fw_list_init(&tmp);
    memset(&lc, 0, sizeof(lc));
    lc.tmp = &tmp;
    hr = enumerate_rules(fw, list_rule, &lc);
    if (hr == E_NOTIMPL) {
        /* Wine: INetFwRules::get__NewEnum is a stub (and Add stores nothing). Say the list is
         * incomplete rather than pretend the firewall is empty. */
        partial = true;
        hr = S_OK;
    }
    if (FAILED(hr))
        goto cleanup;
    for (i = 0; i < tmp.count; i++) {
        if (!pasv_fw_list_push(out, &tmp.items[i])) {
            out->count = old_count; /* outputs untouched on failure */
            hr = E_OUTOFMEMORY;
            goto cleanup;
        }
    }
    hr = partial ? S_FALSE : S_OK;

cleanup:
    pasv_fw_list_cleanup(&tmp);
    return (pasv_hr)hr;
}

/* ---- state ---- */

static pasv_hr advanced_get_state(pasv_firewall *base, pasv_fw_state *state)
{
    fw_advanced *fw = impl_from_firewall(base);
    NET_FW_MODIFY_STATE modify;
    pasv_fw_state st;
    LONG current;
    HRESULT hr;
    uint32_t bit;

    memset(&st, 0, sizeof(st));
    st.profiles_all = ALL_PROFILES2;
    st.rules_api = true;
    st.profiles_by_type = true;
    /* As Microsoft's Add_LAN_Rule sample does: when the current profiles cannot be read (Wine's
     * stub says E_NOTIMPL) assume all. A stopped service still surfaces below. */
    hr = INetFwPolicy2_get_CurrentProfileTypes(fw->policy, &current);
    st.profiles_current = SUCCEEDED(hr) ? fwa_profiles_from_api(current) : ALL_PROFILES2;
    for (bit = PASV_PROFILE2_DOMAIN; bit <= PASV_PROFILE2_PUBLIC; bit <<= 1) {
        VARIANT_BOOL on = VARIANT_FALSE;

        /* E_NOTIMPL only from Wine's stubs: unknown, reported as off / not blocking. */
        hr = INetFwPolicy2_get_FirewallEnabled(fw->policy, (NET_FW_PROFILE_TYPE2)bit, &on);
        if (FAILED(hr) && hr != E_NOTIMPL)
            return (pasv_hr)hr;
        if (SUCCEEDED(hr) && on)
            st.profiles_enabled |= bit;
        on = VARIANT_FALSE;
        /* BlockAllInboundTraffic is the Vista+ "ExceptionsNotAllowed": rules are ignored. */
        hr = INetFwPolicy2_get_BlockAllInboundTraffic(fw->policy, (NET_FW_PROFILE_TYPE2)bit, &on);
        if (FAILED(hr) && hr != E_NOTIMPL)
            return (pasv_hr)hr;
        if (SUCCEEDED(hr) && on)
            st.profiles_no_exceptions |= bit;
    }
    hr = INetFwPolicy2_get_LocalPolicyModifyState(fw->policy, &modify);
    if (FAILED(hr) && hr != E_NOTIMPL)
        return (pasv_hr)hr;
    st.gp_override = SUCCEEDED(hr) && modify == NET_FW_MODIFY_STATE_GP_OVERRIDE;
    *state = st;
    return PASV_S_OK;
}

static pasv_hr advanced_set_enabled(pasv_firewall *base, uint32_t profiles, bool enabled)
{
    fw_advanced *fw = impl_from_firewall(base);
    VARIANT_BOOL before[3];
    uint32_t done = 0, bit;
    HRESULT hr = S_OK;
    int i;

    profiles = profiles ? profiles & ALL_PROFILES2 : ALL_PROFILES2;
    for (i = 0, bit = 1; i < 3; i++, bit <<= 1) {
        if (!(profiles & bit))
            continue;
        hr = INetFwPolicy2_get_FirewallEnabled(fw->policy, (NET_FW_PROFILE_TYPE2)bit, &before[i]);
        if (SUCCEEDED(hr))
            hr = INetFwPolicy2_put_FirewallEnabled(fw->policy, (NET_FW_PROFILE_TYPE2)bit,
                                                   enabled ? VARIANT_TRUE : VARIANT_FALSE);
        if (FAILED(hr))
            break;
        done |= bit;
    }
    if (FAILED(hr)) {
        /* Put back what this call already switched, so a failure changes nothing. */
        for (i = 2; i >= 0; i--)
            if (done & (1u << i))
                INetFwPolicy2_put_FirewallEnabled(fw->policy, (NET_FW_PROFILE_TYPE2)(1u << i),
                                                  before[i]);
        return (pasv_hr)hr;
    }
    return PASV_S_OK;
}

/* ---- proving what a name holds, right before writing ---- */

/* Every rule called name (Windows compares rule names without case, and so does Remove). */
typedef struct name_check {
    const char *name;
    const pasv_fw_entry *want; /* NULL: no rule of that name may exist */
    size_t found;
    bool changed;
} name_check;

static HRESULT check_one(void *ctx, INetFwRule *rule)
{
    name_check *nc = ctx;
    BSTR name = NULL;
    char *utf8;
    bool same;
    rule_now now;
    HRESULT hr = INetFwRule_get_Name(rule, &name);

    if (FAILED(hr) || !name) {
        SysFreeString(name);
        return FAILED(hr) ? hr : S_OK;
    }
    utf8 = pasv_utf8_dup_wide(name);
    SysFreeString(name);
    if (!utf8)
        return E_OUTOFMEMORY;
    same = pasv_fw_rule_name_equal(utf8, nc->name);
    free(utf8);
    if (!same)
        return S_OK;
    hr = fwa_read_now(rule, &now);
    if (FAILED(hr))
        return hr;
    nc->found++;
    if (!nc->want || !fwa_now_is(&now, nc->want, true))
        nc->changed = true;
    fwa_rule_now_clear(&now);
    return S_OK;
}

/* INetFwRules::Remove takes a name only and Item returns one rule of that name
 * (https://learn.microsoft.com/windows/win32/api/netfw/nf-netfw-inetfwrules-remove), so before a
 * range rule is removed or replaced, every rule is enumerated: S_OK only when each rule of that
 * name is ours and exactly want (or there is none); otherwise PASV_E_CHANGED and nothing is
 * written. Where the collection cannot be enumerated (Wine's stub: E_NOTIMPL) that code comes
 * back: ownership that cannot be read is not assumed. */
static HRESULT prove_name(fw_advanced *fw, const char *name, const pasv_fw_entry *want)
{
    name_check nc;
    HRESULT hr;

    memset(&nc, 0, sizeof(nc));
    nc.name = name;
    nc.want = want;
    hr = enumerate_rules(fw, check_one, &nc);
    if (FAILED(hr))
        return hr;
    return nc.changed ? (HRESULT)PASV_E_CHANGED : S_OK;
}

/* Removes the rules called name one at a time, each re-read just before its Remove and removed
 * only while it is ours and want; the first that is not stops the loop (PASV_E_CHANGED). What
 * was removed is recorded in u, so the caller can put it back when it fails. */
static HRESULT remove_as(INetFwRules *rules, BSTR name, const pasv_fw_entry *want,
                         bool profiles_too, fw_undo *u)
{
    for (;;) {
        INetFwRule *rule = NULL;
        rule_now now;
        bool mine;
        HRESULT hr = fwa_item_now(rules, name, &now, &rule);

        if (hr == S_FALSE)
            return S_OK;
        if (FAILED(hr))
            return hr;
        mine = fwa_now_is(&now, want, profiles_too);
        fwa_rule_now_clear(&now);
        hr = mine ? fwa_remove_live(rules, rule, u) : (HRESULT)PASV_E_CHANGED;
        INetFwRule_Release(rule);
        if (FAILED(hr))
            return hr;
    }
}

static bool entry_valid(const pasv_fw_entry *e)
{
    return e && fwa_rule_name_valid(e->name) && e->ports.low != 0 &&
           (e->kind != PASV_FW_RULE || e->ports.low <= e->ports.high) &&
           (e->protocol == 0 || e->protocol == PASV_PROTO_TCP) &&
           (e->scope != PASV_SCOPE_CUSTOM || (e->remote && e->remote[0]));
}

/* Replaces the rules called name (each ours and want) by rule; with want NULL there must be
 * none. u holds what the caller already changed; on failure all of it and everything removed
 * here is put back, so a failed put changes nothing. */
static HRESULT replace_rule(INetFwRules *rules, BSTR name, const pasv_fw_entry *rule,
                            const pasv_fw_entry *want, bool profiles_too, fw_undo *u)
{
    INetFwRule *added = NULL;
    HRESULT hr = fwa_build_rule(rule, &added);

    if (SUCCEEDED(hr) && want)
        hr = remove_as(rules, name, want, profiles_too, u);
    if (SUCCEEDED(hr))
        hr = INetFwRules_Add(rules, added);
    if (added)
        INetFwRule_Release(added);
    return hr;
}

static pasv_hr advanced_put_rule(pasv_firewall *base, const pasv_fw_entry *entry, const pasv_fw_entry *prior)
{
    fw_advanced *fw = impl_from_firewall(base);
    INetFwRules *rules = NULL;
    BSTR name = NULL, old = NULL;
    fw_undo undo;
    HRESULT hr;

    if (!entry_valid(entry) || entry->kind != PASV_FW_RULE || (prior && !prior->name))
        return PASV_E_INVALIDARG;
    memset(&undo, 0, sizeof(undo));
    hr = get_rules(fw, &rules);
    if (SUCCEEDED(hr))
        hr = pasv_bstr_from_utf8(entry->name, &name);
    if (FAILED(hr))
        goto cleanup;
    if (prior && !pasv_fw_rule_name_equal(prior->name, entry->name)) {
        /* Ours under another name: prove and remove it first, then the new name must be free. */
        hr = pasv_bstr_from_utf8(prior->name, &old);
        if (SUCCEEDED(hr))
            hr = prove_name(fw, prior->name, prior);
        if (SUCCEEDED(hr))
            hr = prove_name(fw, entry->name, NULL);
        if (SUCCEEDED(hr))
            hr = remove_as(rules, old, prior, true, &undo);
        prior = NULL;
    } else {
        hr = prove_name(fw, entry->name, prior);
    }
    if (SUCCEEDED(hr))
        hr = replace_rule(rules, name, entry, prior, true, &undo);
    if (FAILED(hr))
        fwa_undo_apply(rules, &undo);

cleanup:
    fwa_undo_clear(&undo);
    SysFreeString(old);
    SysFreeString(name);
    return (pasv_hr)hr;
}

static pasv_hr advanced_remove_rule(pasv_firewall *base, const pasv_fw_entry *rule)
{
    fw_advanced *fw = impl_from_firewall(base);
    INetFwRules *rules = NULL;
    BSTR name = NULL;
    fw_undo undo;
    HRESULT hr;

    if (!rule || !rule->name || !*rule->name)
        return PASV_E_INVALIDARG;
    memset(&undo, 0, sizeof(undo));
    hr = get_rules(fw, &rules);
    if (SUCCEEDED(hr))
        hr = pasv_bstr_from_utf8(rule->name, &name);
    if (SUCCEEDED(hr))
        hr = prove_name(fw, rule->name, rule);
    if (SUCCEEDED(hr))
        hr = remove_as(rules, name, rule, true, &undo);
    if (FAILED(hr))
        fwa_undo_apply(rules, &undo); /* e.g. the second of two rules of ours failed */
    fwa_undo_clear(&undo);
    SysFreeString(name);
    return (pasv_hr)hr;
}

/* ---- per-port mode: one single-port rule per port, named by the entry ---- */

/* Takes profiles out of our single-port rule called name when it is still want (ignoring its
 * profiles); removes that very rule (remove_live) when none remain. Absent, or already closed
 * there: S_OK. What it changed is recorded in u. */
static HRESULT take_out(INetFwRules *rules, BSTR name, const pasv_fw_entry *want, uint32_t profiles,
                        fw_undo *u)
{
    INetFwRule *live = NULL;
    rule_now now;
    uint32_t remaining;
    LONG before = 0;
    HRESULT hr = fwa_item_now(rules, name, &now, &live);

    if (hr == S_FALSE)
        return S_OK;
    if (FAILED(hr))
        return hr;
    remaining = now.profiles & ~profiles;
    if (!fwa_now_is(&now, want, false)) {
        hr = PASV_E_CHANGED;
    } else if (remaining == now.profiles) {
        hr = S_OK;
    } else if (remaining) {
        hr = INetFwRule_get_Profiles(live, &before);
        if (SUCCEEDED(hr))
            hr = INetFwRule_put_Profiles(live, (LONG)remaining);
        if (SUCCEEDED(hr) && !u->narrowed) {
            INetFwRule_AddRef(live);
            u->narrowed = live;
            u->narrowed_from = before;
        }
    } else {
        hr = fwa_remove_live(rules, live, u);
    }
    fwa_rule_now_clear(&now);
    INetFwRule_Release(live);
    return hr;
}

/* Per-port mode writes one rule per port, so these calls come by the thousand: the name is read
 * with Item (one rule) rather than by enumerating the whole collection each time, and the rule
 * Item returned, once proven, is the one changed or removed (remove_live), never "a rule of that
 * name". A foreign rule sharing the name is therefore never taken. */
static HRESULT open_single(INetFwRules *rules, BSTR name, const pasv_fw_entry *e,
                           const pasv_fw_entry *prior, fw_undo *u)
{
    INetFwRule *live = NULL, *added = NULL;
    pasv_fw_entry merged;
    rule_now now;
    uint32_t p = fwa_want_profiles(e);
    HRESULT hr = fwa_item_now(rules, name, &now, &live);

    if (hr == S_FALSE)
        return replace_rule(rules, name, e, NULL, false, u);
    if (FAILED(hr))
        return hr;
    if (fwa_now_is(&now, e, false)) {
        /* Already this rule: add the profiles it lacks (one rule holds every profile). */
        hr = (now.profiles & p) == p ? S_OK : INetFwRule_put_Profiles(live, (LONG)(now.profiles | p));
    } else if (prior && fwa_now_is(&now, prior, false)) {
        /* Ours as the plan saw it: replaced, keeping the profiles it was open in. */
        merged = *e;
        merged.profiles = now.profiles | p;
        hr = fwa_build_rule(&merged, &added);
        if (SUCCEEDED(hr))
            hr = fwa_remove_live(rules, live, u);
        if (SUCCEEDED(hr))
            hr = INetFwRules_Add(rules, added);
        if (added)
            INetFwRule_Release(added);
    } else {
        hr = PASV_E_CHANGED; /* another program's rule, or ours changed by someone */
    }
    fwa_rule_now_clear(&now);
    INetFwRule_Release(live);
    return hr;
}

static pasv_hr advanced_open_port(pasv_firewall *base, const pasv_fw_entry *entry, const pasv_fw_entry *prior)
{
    fw_advanced *fw = impl_from_firewall(base);
    INetFwRules *rules = NULL;
    pasv_fw_entry single;
    BSTR name = NULL, old = NULL;
    fw_undo undo;
    HRESULT hr;

    if (!entry_valid(entry) || (prior && !prior->name))
        return PASV_E_INVALIDARG;
    memset(&undo, 0, sizeof(undo));
    single = *entry;
    single.kind = PASV_FW_RULE;
    single.ports.high = single.ports.low;
    hr = get_rules(fw, &rules);
    if (SUCCEEDED(hr))
        hr = pasv_bstr_from_utf8(entry->name, &name);
    if (SUCCEEDED(hr) && prior && !pasv_fw_rule_name_equal(prior->name, entry->name)) {
        /* The plan saw ours under another name ("<prefix> 5001"): close that one first. */
        hr = pasv_bstr_from_utf8(prior->name, &old);
        if (SUCCEEDED(hr))
            hr = take_out(rules, old, prior, fwa_want_profiles(entry), &undo);
        prior = NULL;
    }
    if (SUCCEEDED(hr))
        hr = open_single(rules, name, &single, prior, &undo);
    if (FAILED(hr) && rules)
        fwa_undo_apply(rules, &undo);
    fwa_undo_clear(&undo);
    SysFreeString(old);
    SysFreeString(name);
    return (pasv_hr)hr;
}

/* Closes our single-port rule as listed (name, ports, scope, enabled) in entry->profiles; a rule
 * of that name that is not ours, or ours but changed, is left alone (PASV_E_CHANGED). Wine's
 * Item is a stub: its E_NOTIMPL comes back and nothing is removed blind. */
static pasv_hr advanced_close_port(pasv_firewall *base, const pasv_fw_entry *entry)
{
    fw_advanced *fw = impl_from_firewall(base);
    INetFwRules *rules;
    BSTR name = NULL;
    fw_undo undo;
    HRESULT hr;

    if (!entry || entry->ports.low == 0 || !entry->name || !*entry->name)
        return PASV_E_INVALIDARG;
    memset(&undo, 0, sizeof(undo));
    hr = get_rules(fw, &rules);
    if (SUCCEEDED(hr))
        hr = pasv_bstr_from_utf8(entry->name, &name);
    if (SUCCEEDED(hr))
        hr = take_out(rules, name, entry, fwa_want_profiles(entry), &undo);
    fwa_undo_clear(&undo);
    SysFreeString(name);
    return (pasv_hr)hr;
}

/* The FTP role's built-in passive rule (issue 13): ftprules.c proves it is that rule at write time. */
static pasv_hr advanced_set_builtin_rule(pasv_firewall *base, const pasv_fw_entry *rule, bool enabled)
{
    WCHAR *name = pasv_wide_from_utf8(rule && rule->name ? rule->name : "");
    HRESULT hr = name ? pasv_ftp_builtin_passive_set(name, enabled) : E_OUTOFMEMORY;

    (void)base;
    free(name);
    return (pasv_hr)hr;
}

static const pasv_firewall_vtable advanced_vtable = {
    advanced_list,     advanced_get_state,   advanced_open_port,   advanced_close_port,
    advanced_put_rule, advanced_remove_rule, advanced_set_enabled, advanced_set_builtin_rule,
};

HRESULT pasv_fw_advanced_create(pasv_firewall **out)
{
    fw_advanced *fw;
    HRESULT hr;

    if (!out)
        return E_POINTER;
    *out = NULL;
    fw = calloc(1, sizeof(*fw));
    if (!fw)
        return E_OUTOFMEMORY;
    fw->base.vt = &advanced_vtable;
    /* REGDB_E_CLASSNOTREG on XP / Server 2003: the caller then uses the legacy backend. */
    hr = CoCreateInstance(&CLSID_NetFwPolicy2, NULL, CLSCTX_INPROC_SERVER, &IID_INetFwPolicy2,
                          (void **)&fw->policy);
    if (FAILED(hr)) {
        free(fw);
        return hr;
    }
    *out = &fw->base;
    return S_OK;
}

void pasv_fw_advanced_free(pasv_firewall *base)
{
    fw_advanced *fw;

    if (!base)
        return;
    fw = impl_from_firewall(base);
    if (fw->rules)
        INetFwRules_Release(fw->rules);
    INetFwPolicy2_Release(fw->policy);
    free(fw);
}
