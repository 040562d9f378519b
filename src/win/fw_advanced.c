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

#define ALL_PROFILES2 (PASV_PROFILE2_DOMAIN | PASV_PROFILE2_PRIVATE | PASV_PROFILE2_PUBLIC)
#define E_NOT_FOUND   HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND)
/* Several rules may share a name; Remove(name) may take only one of them (WINDOWS-APIS.md 4.3).
 * Past this many, Remove is not making progress and we stop rather than loop for ever. */
#define MAX_SAME_NAME 64
/* Bound for a rule enumerator, far above what any firewall holds. */
#define MAX_ENUM_ITEMS 1000000u
#define RULE_DESCRIPTION L"Passive FTP data connections (opened by pasvports)"

/* One of our single-port rules, for close_port (which is given a port, not a name). */
typedef struct port_rule {
    struct port_rule *next;
    uint32_t profiles;
    BSTR name;
} port_rule;

#define PORT_SLOTS 65536u

typedef struct fw_advanced {
    pasv_firewall base;
    INetFwPolicy2 *policy;
    INetFwRules *rules; /* kept after the first successful get_Rules */
    /* Index of our single-port rules, built by one enumeration on the first close_port and kept
     * up to date by this backend's own changes: closing 60,535 ports must not enumerate every
     * rule 60,535 times. Rules another program adds meanwhile are not seen until the backend is
     * recreated (the engine builds a new one for every run). A table by port number keeps every
     * lookup and update O(1) however many rules there are. */
    port_rule **by_port; /* PORT_SLOTS list heads; NULL until built */
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

/* NET_FW_PROFILE2_ALL is 0x7FFFFFFF; the engine only knows the three real bits. */
static uint32_t profiles_from_api(LONG profiles)
{
    return (uint32_t)profiles & ALL_PROFILES2;
}

/* ---- LocalPorts parsing ---- */

static const WCHAR *skip_spaces(const WCHAR *p)
{
    while (*p == L' ' || *p == L'\t')
        p++;
    return p;
}

/* Reads a decimal port at *p; false when there is none or it is above 65535. */
static bool read_port(const WCHAR **p, unsigned long *value)
{
    const WCHAR *s = *p;
    unsigned long v = 0;

    if (*s < L'0' || *s > L'9')
        return false;
    while (*s >= L'0' && *s <= L'9') {
        v = v * 10 + (unsigned long)(*s++ - L'0');
        if (v > 65535)
            return false;
    }
    *p = s;
    *value = v;
    return true;
}

/* Splits a LocalPorts list ("5001-5201", "21,5001-5201") into ranges and calls add() for each.
 * Keywords ("*", "Any", "RPC", "RPC-EPMap", "IPHTTPS", ...) and malformed elements are not port
 * ranges for us and are skipped. */
typedef HRESULT (*range_cb)(void *ctx, uint16_t low, uint16_t high);

static HRESULT parse_local_ports(const WCHAR *list, range_cb add, void *ctx)
{
    const WCHAR *p = list;
    HRESULT hr;

    if (!p)
        return S_OK;
    while (*p) {
        unsigned long low, high;
        const WCHAR *q = skip_spaces(p);
        bool good = read_port(&q, &low);

        high = low;
        if (good) {
            q = skip_spaces(q);
            if (*q == L'-') {
                q = skip_spaces(q + 1);
                good = read_port(&q, &high);
                q = skip_spaces(q);
            }
        }
        if (good && (*q == L',' || *q == 0) && high >= 1 && low <= high) {
            if (low == 0)
                low = 1; /* "0-65535" style: port 0 is never a listening port */
            hr = add(ctx, (uint16_t)low, (uint16_t)high);
            if (FAILED(hr))
                return hr;
        }
        while (*q && *q != L',')
            q++;
        p = *q == L',' ? q + 1 : q;
    }
    return S_OK;
}

/* ---- rule enumeration ---- */

/* What a rule says, read once and shared by list() and the close_port index. */
typedef struct rule_info {
    INetFwRule *rule;
    BSTR name, ports, grouping, remote;
    LONG profiles;
    VARIANT_BOOL enabled;
} rule_info;

typedef HRESULT (*rule_cb)(void *ctx, const rule_info *info);

/* Reads one rule; S_FALSE when it is not an inbound TCP allow rule with a port list. */
static HRESULT read_rule(IDispatch *disp, rule_info *info)
{
    NET_FW_RULE_DIRECTION dir;
    NET_FW_ACTION action;
    LONG protocol;
    HRESULT hr;

    hr = IDispatch_QueryInterface(disp, &IID_INetFwRule, (void **)&info->rule);
    if (FAILED(hr))
        return hr;
    hr = INetFwRule_get_Direction(info->rule, &dir);
    if (FAILED(hr) || dir != NET_FW_RULE_DIR_IN)
        return FAILED(hr) ? hr : S_FALSE;
    hr = INetFwRule_get_Protocol(info->rule, &protocol);
    if (FAILED(hr) || protocol != NET_FW_IP_PROTOCOL_TCP)
        return FAILED(hr) ? hr : S_FALSE;
    /* Block rules are skipped: they open nothing, and the engine only reasons about openings
     * (whether a block rule shadows our range is a question for the administrator, not for an
     * audit of openings). They are deliberately not counted anywhere either. */
    hr = INetFwRule_get_Action(info->rule, &action);
    if (FAILED(hr) || action != NET_FW_ACTION_ALLOW)
        return FAILED(hr) ? hr : S_FALSE;
    hr = INetFwRule_get_LocalPorts(info->rule, &info->ports);
    if (FAILED(hr) || !info->ports || !*info->ports)
        return FAILED(hr) ? hr : S_FALSE; /* no port list: every port, not a port rule */
    hr = INetFwRule_get_Name(info->rule, &info->name);
    if (SUCCEEDED(hr))
        hr = INetFwRule_get_Profiles(info->rule, &info->profiles);
    if (SUCCEEDED(hr))
        hr = INetFwRule_get_Grouping(info->rule, &info->grouping);
    if (SUCCEEDED(hr))
        hr = INetFwRule_get_Enabled(info->rule, &info->enabled);
    if (SUCCEEDED(hr))
        hr = INetFwRule_get_RemoteAddresses(info->rule, &info->remote);
    return FAILED(hr) ? hr : S_OK;
}

static void rule_info_clear(rule_info *info)
{
    SysFreeString(info->remote);
    SysFreeString(info->grouping);
    SysFreeString(info->ports);
    SysFreeString(info->name);
    if (info->rule)
        INetFwRule_Release(info->rule);
    memset(info, 0, sizeof(*info));
}

/* Calls cb for every inbound TCP allow rule with a port list. E_NOTIMPL (Wine's get__NewEnum)
 * reaches the caller, which then knows the list is incomplete. */
static HRESULT enumerate_rules(fw_advanced *fw, rule_cb cb, void *ctx)
{
    INetFwRules *rules;
    IUnknown *unk = NULL;
    IEnumVARIANT *items = NULL;
    rule_info info;
    VARIANT v;
    unsigned count = 0;
    HRESULT hr;

    memset(&info, 0, sizeof(info));
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
        hr = S_FALSE;
        if (V_VT(&v) == VT_DISPATCH && V_DISPATCH(&v))
            hr = read_rule(V_DISPATCH(&v), &info);
        if (hr == S_OK)
            hr = cb(ctx, &info);
        rule_info_clear(&info);
        VariantClear(&v);
        if (FAILED(hr))
            goto cleanup;
    }
    hr = S_OK;

cleanup:
    rule_info_clear(&info);
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

/* Sets e->scope; a custom list is copied whole into *copy (malloc'd) and e->remote points at it. */
static HRESULT scope_from_remote(const WCHAR *remote, pasv_fw_entry *e, char **copy)
{
    if (!remote || !*remote || wcscmp(remote, L"*") == 0) {
        e->scope = PASV_SCOPE_ANY;
    } else if (_wcsicmp(remote, L"LocalSubnet") == 0) {
        e->scope = PASV_SCOPE_SUBNET;
    } else {
        e->scope = PASV_SCOPE_CUSTOM;
        *copy = pasv_utf8_dup_wide(remote);
        if (!*copy)
            return E_OUTOFMEMORY;
        e->remote = *copy;
    }
    return S_OK;
}

static HRESULT list_rule(void *ctx, const rule_info *info)
{
    list_ctx *lc = ctx;
    pasv_fw_entry *e = &lc->proto;
    HRESULT hr;

    pasv_fw_entry_init(e);
    e->profiles = profiles_from_api(info->profiles);
    e->protocol = PASV_PROTO_TCP;
    e->kind = PASV_FW_RULE;
    if (info->enabled)
        e->flags |= PASV_FW_ENABLED;
    if (info->grouping && wcscmp(info->grouping, L"" PASV_RULE_GROUPING) == 0)
        e->flags |= PASV_FW_TAGGED;
    lc->name = pasv_utf8_dup_wide(info->name);
    hr = lc->name ? scope_from_remote(info->remote, e, &lc->remote) : E_OUTOFMEMORY;
    if (SUCCEEDED(hr)) {
        e->name = lc->name;
        hr = parse_local_ports(info->ports, list_add_range, lc); /* the list copies the strings */
    }
    free(lc->remote);
    free(lc->name);
    lc->remote = lc->name = NULL;
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
    st.profiles_current = SUCCEEDED(hr) ? profiles_from_api(current) : ALL_PROFILES2;
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

/* ---- rules ---- */

/* Rule names must not contain '|' and must not be "all" (INetFwRule remarks). */
static bool rule_name_valid(const char *name)
{
    return name && *name && !strchr(name, '|') && _stricmp(name, "all") != 0;
}

static HRESULT build_rule(const pasv_fw_entry *e, INetFwRule **out)
{
    INetFwRule *rule = NULL;
    BSTR name = NULL, desc = NULL, ports = NULL, grouping = NULL, remote = NULL;
    WCHAR text[16];
    HRESULT hr;

    if (e->ports.low == e->ports.high)
        swprintf(text, sizeof(text) / sizeof(text[0]), L"%u", (unsigned)e->ports.low);
    else
        swprintf(text, sizeof(text) / sizeof(text[0]), L"%u-%u", (unsigned)e->ports.low,
                 (unsigned)e->ports.high);
    hr = pasv_bstr_from_utf8(e->name, &name);
    if (FAILED(hr))
        goto cleanup;
    desc = SysAllocString(RULE_DESCRIPTION);
    ports = SysAllocString(text);
    grouping = SysAllocString(L"" PASV_RULE_GROUPING);
    if (!desc || !ports || !grouping) {
        hr = E_OUTOFMEMORY;
        goto cleanup;
    }
    if (e->scope == PASV_SCOPE_CUSTOM)
        hr = pasv_bstr_from_utf8(e->remote, &remote);
    else if (!(remote = SysAllocString(e->scope == PASV_SCOPE_SUBNET ? L"LocalSubnet" : L"*")))
        hr = E_OUTOFMEMORY;
    if (FAILED(hr))
        goto cleanup;

    /* The order is the documented one: the rule is validated on every change, so Protocol
     * must be TCP before LocalPorts is accepted, and Enabled (default FALSE) comes last. */
    hr = CoCreateInstance(&CLSID_NetFwRule, NULL, CLSCTX_INPROC_SERVER, &IID_INetFwRule,
                          (void **)&rule);
    if (FAILED(hr))
        goto cleanup;
    hr = INetFwRule_put_Name(rule, name);
    if (FAILED(hr))
        goto cleanup;
    hr = INetFwRule_put_Description(rule, desc);
    if (FAILED(hr))
        goto cleanup;
    hr = INetFwRule_put_Protocol(rule, NET_FW_IP_PROTOCOL_TCP);
    if (FAILED(hr))
        goto cleanup;
    hr = INetFwRule_put_LocalPorts(rule, ports);
    if (FAILED(hr))
        goto cleanup;
    hr = INetFwRule_put_Direction(rule, NET_FW_RULE_DIR_IN);
    if (FAILED(hr))
        goto cleanup;
    hr = INetFwRule_put_Action(rule, NET_FW_ACTION_ALLOW); /* default undocumented: set it */
    if (FAILED(hr))
        goto cleanup;
    hr = INetFwRule_put_Profiles(rule, e->profiles ? (LONG)(e->profiles & ALL_PROFILES2)
                                                   : (LONG)NET_FW_PROFILE2_ALL);
    if (FAILED(hr))
        goto cleanup;
    hr = INetFwRule_put_Grouping(rule, grouping);
    if (FAILED(hr))
        goto cleanup;
    hr = INetFwRule_put_RemoteAddresses(rule, remote);
    if (FAILED(hr))
        goto cleanup;
    hr = INetFwRule_put_Enabled(rule, VARIANT_TRUE);
    if (FAILED(hr))
        goto cleanup;
    *out = rule;
    rule = NULL;

cleanup:
    if (rule)
        INetFwRule_Release(rule);
    SysFreeString(remote);
    SysFreeString(grouping);
    SysFreeString(ports);
    SysFreeString(desc);
    SysFreeString(name);
    return hr;
}

/* Removes every rule called name. When kept is given, the removed rules are handed back
 * (up to MAX_SAME_NAME) so that a failed replacement can put them back. */
static HRESULT remove_named(INetFwRules *rules, BSTR name, INetFwRule **kept, int *kept_count)
{
    HRESULT hr = S_OK;
    int i;

    for (i = 0;; i++) {
        INetFwRule *old = NULL;

        hr = INetFwRules_Item(rules, name, &old);
        if (hr == E_NOT_FOUND) {
            hr = S_OK;
            break;
        }
        if (hr == E_NOTIMPL) {
            /* Wine's Item is a stub: remove once, which is documented to be harmless when
             * there is no such rule (and is itself a no-op in Wine 8). */
            hr = INetFwRules_Remove(rules, name);
            break;
        }
        if (FAILED(hr))
            break;
        if (i >= MAX_SAME_NAME) {
            INetFwRule_Release(old);
            hr = E_UNEXPECTED; /* Remove said S_OK yet the rule stays: do not spin */
            break;
        }
        hr = INetFwRules_Remove(rules, name);
        if (FAILED(hr)) {
            INetFwRule_Release(old);
            break;
        }
        if (kept && *kept_count < MAX_SAME_NAME)
            kept[(*kept_count)++] = old;
        else
            INetFwRule_Release(old);
    }
    return hr;
}

static void index_drop(fw_advanced *fw, const WCHAR *name, uint16_t port);
static HRESULT index_note(fw_advanced *fw, const pasv_fw_entry *e);

static pasv_hr advanced_put_rule(pasv_firewall *base, const pasv_fw_entry *entry, const pasv_fw_entry *prior)
{
    fw_advanced *fw = impl_from_firewall(base);
    INetFwRules *rules;
    INetFwRule *rule = NULL;
    INetFwRule *kept[MAX_SAME_NAME];
    int kept_count = 0, i;
    BSTR name = NULL;
    HRESULT hr;

    (void)prior;
    if (!entry || !rule_name_valid(entry->name) || entry->ports.low == 0 ||
        entry->ports.low > entry->ports.high ||
        (entry->protocol != 0 && entry->protocol != PASV_PROTO_TCP) ||
        (entry->scope == PASV_SCOPE_CUSTOM && (!entry->remote || !entry->remote[0])))
        return PASV_E_INVALIDARG;
    hr = get_rules(fw, &rules);
    if (FAILED(hr))
        goto cleanup;
    hr = build_rule(entry, &rule);
    if (FAILED(hr))
        goto cleanup;
    hr = pasv_bstr_from_utf8(entry->name, &name);
    if (FAILED(hr))
        goto cleanup;
    /* Add with an existing Name creates a duplicate (the identity is internal, not the Name),
     * so a re-put first removes every rule of that name. */
    hr = remove_named(rules, name, kept, &kept_count);
    if (FAILED(hr))
        goto cleanup;
    hr = INetFwRules_Add(rules, rule);
    if (FAILED(hr)) {
        /* Best effort: put the replaced rules back so a failed put changes nothing. */
        for (i = 0; i < kept_count; i++)
            INetFwRules_Add(rules, kept[i]);
        goto cleanup;
    }
    /* Single-port rules can only be indexed under their own port; a range rule may replace a
     * single-port rule of the same name anywhere (rare: a full scan is fine). */
    index_drop(fw, name, entry->ports.low == entry->ports.high ? entry->ports.low : 0);
    if (entry->ports.low == entry->ports.high)
        hr = index_note(fw, entry);

cleanup:
    for (i = kept_count - 1; i >= 0; i--)
        INetFwRule_Release(kept[i]);
    SysFreeString(name);
    if (rule)
        INetFwRule_Release(rule);
    return (pasv_hr)hr;
}

static pasv_hr advanced_remove_rule(pasv_firewall *base, const pasv_fw_entry *rule)
{
    fw_advanced *fw = impl_from_firewall(base);
    const char *name = rule ? rule->name : NULL;
    INetFwRules *rules;
    BSTR bname = NULL;
    HRESULT hr;

    if (!name || !*name)
        return PASV_E_INVALIDARG;
    hr = get_rules(fw, &rules);
    if (FAILED(hr))
        return (pasv_hr)hr;
    hr = pasv_bstr_from_utf8(name, &bname);
    if (FAILED(hr))
        return (pasv_hr)hr;
    hr = remove_named(rules, bname, NULL, NULL);
    if (SUCCEEDED(hr))
        index_drop(fw, bname, 0);
    SysFreeString(bname);
    return (pasv_hr)hr;
}

/* ---- per-port mode: single-port rules and their index ---- */

static void index_free(fw_advanced *fw)
{
    size_t i;

    if (!fw->by_port)
        return;
    for (i = 0; i < PORT_SLOTS; i++) {
        while (fw->by_port[i]) {
            port_rule *r = fw->by_port[i];

            fw->by_port[i] = r->next;
            SysFreeString(r->name);
            free(r);
        }
    }
    free(fw->by_port);
    fw->by_port = NULL;
}

static HRESULT index_push(fw_advanced *fw, uint16_t port, uint32_t profiles, const WCHAR *name)
{
    port_rule *r = malloc(sizeof(*r));

    if (!r)
        return E_OUTOFMEMORY;
    r->name = SysAllocString(name);
    if (!r->name) {
        free(r);
        return E_OUTOFMEMORY;
    }
    r->profiles = profiles;
    r->next = fw->by_port[port];
    fw->by_port[port] = r;
    return S_OK;
}

/* A rule this backend just added; only tracked once the index exists (else the enumeration
 * that builds it will see the rule anyway). */
static HRESULT index_note(fw_advanced *fw, const pasv_fw_entry *e)
{
    WCHAR *name;
    HRESULT hr;

    if (!fw->by_port)
        return S_OK;
    name = pasv_wide_from_utf8(e->name);
    if (!name)
        return E_OUTOFMEMORY;
    hr = index_push(fw, e->ports.low, e->profiles ? e->profiles & ALL_PROFILES2 : ALL_PROFILES2,
                    name);
    free(name);
    return hr;
}

/* Forgets indexed rules of that name (removed or replaced): under port only, or everywhere
 * when port is 0. */
static void index_drop(fw_advanced *fw, const WCHAR *name, uint16_t port)
{
    size_t i, first = port ? port : 0, last = port ? port : PORT_SLOTS - 1;

    if (!fw->by_port)
        return;
    for (i = first; i <= last; i++) {
        port_rule **link = &fw->by_port[i];

        while (*link) {
            port_rule *r = *link;

            if (wcscmp(r->name, name) == 0) {
                *link = r->next;
                SysFreeString(r->name);
                free(r);
            } else {
                link = &r->next;
            }
        }
    }
}

static HRESULT index_collect(void *ctx, const rule_info *info)
{
    fw_advanced *fw = ctx;
    const WCHAR *p = info->ports;
    unsigned long port;

    if (!info->grouping || wcscmp(info->grouping, L"" PASV_RULE_GROUPING) != 0)
        return S_OK; /* never touch other programs' rules */
    p = skip_spaces(p);
    if (!read_port(&p, &port) || *skip_spaces(p) || port == 0)
        return S_OK; /* a range rule: managed by put_rule/remove_rule, not by close_port */
    return index_push(fw, (uint16_t)port, profiles_from_api(info->profiles), info->name);
}

static HRESULT index_build(fw_advanced *fw)
{
    HRESULT hr;

    if (fw->by_port)
        return S_OK;
    fw->by_port = calloc(PORT_SLOTS, sizeof(fw->by_port[0]));
    if (!fw->by_port)
        return E_OUTOFMEMORY;
    hr = enumerate_rules(fw, index_collect, fw);
    if (FAILED(hr))
        index_free(fw);
    return hr;
}

static pasv_hr advanced_open_port(pasv_firewall *base, const pasv_fw_entry *entry, const pasv_fw_entry *prior)
{
    pasv_fw_entry single;

    if (!entry)
        return PASV_E_INVALIDARG;
    single = *entry;
    single.ports.high = single.ports.low;
    return advanced_put_rule(base, &single, prior);
}

/* Takes the closed profiles out of one single-port rule, or removes it when none remain. */
static HRESULT close_in_rule(INetFwRules *rules, port_rule *r, uint32_t profiles)
{
    INetFwRule *rule = NULL;
    uint32_t remaining = r->profiles & ~profiles;
    HRESULT hr;

    if (!remaining)
        return remove_named(rules, r->name, NULL, NULL);
    /* A rule object from Item is live: changing its Profiles changes the stored rule. */
    hr = INetFwRules_Item(rules, r->name, &rule);
    if (SUCCEEDED(hr))
        hr = INetFwRule_put_Profiles(rule, (LONG)remaining);
    if (rule)
        INetFwRule_Release(rule);
    return hr;
}

static pasv_hr advanced_close_port(pasv_firewall *base, const pasv_fw_entry *entry)
{
    fw_advanced *fw = impl_from_firewall(base);
    INetFwRules *rules;
    port_rule **link;
    uint16_t port = entry ? entry->ports.low : 0;
    uint32_t profiles;
    HRESULT hr;

    if (port == 0 || !entry->name)
        return PASV_E_INVALIDARG;
    profiles = entry->profiles ? entry->profiles & ALL_PROFILES2 : ALL_PROFILES2;
    hr = get_rules(fw, &rules);
    if (FAILED(hr))
        return (pasv_hr)hr;
    hr = index_build(fw);
    if (hr == E_NOTIMPL) {
        /* Wine cannot enumerate rules: remove by the entry's name; removing an absent rule is
         * harmless. */
        return advanced_remove_rule(base, entry);
    }
    if (FAILED(hr))
        return (pasv_hr)hr;
    link = &fw->by_port[port];
    while (*link) {
        port_rule *r = *link;

        hr = close_in_rule(rules, r, profiles);
        if (FAILED(hr))
            return (pasv_hr)hr;
        if (r->profiles & ~profiles) {
            r->profiles &= ~profiles;
            link = &r->next;
        } else {
            *link = r->next;
            SysFreeString(r->name);
            free(r);
        }
    }
    return PASV_S_OK;
}

static const pasv_firewall_vtable advanced_vtable = {
    advanced_list,     advanced_get_state,   advanced_open_port,   advanced_close_port,
    advanced_put_rule, advanced_remove_rule, advanced_set_enabled,
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
    index_free(fw);
    if (fw->rules)
        INetFwRules_Release(fw->rules);
    INetFwPolicy2_Release(fw->policy);
    free(fw);
}
