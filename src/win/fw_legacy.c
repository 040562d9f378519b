/* pasvports: the legacy Windows Firewall backend (XP SP2 / Server 2003 SP1 INetFwMgr API, still
 * present on Vista+): one GloballyOpenPorts exception per port in the Domain and Standard
 * profiles, plus the Group Policy port list read from the registry.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "fw_legacy.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "com_util.h"

typedef struct fw_legacy {
    pasv_firewall base;
    INetFwMgr *mgr;
    /* The result of the first successful policy walk, kept for the backend's lifetime: opening
     * 60,535 ports must not redo get_LocalPolicy/GetProfileByType/get_GloballyOpenPorts for each
     * one. A failed walk caches nothing, so the next call tries again. */
    bool walked;
    bool by_type;   /* GetProfileByType worked; otherwise only the current profile is held */
    uint32_t avail; /* profile bits held in profile[]/ports[] */
    INetFwProfile *profile[PROFILE_COUNT];
    INetFwOpenPorts *ports[PROFILE_COUNT];
} fw_legacy;

static fw_legacy *impl_from_firewall(pasv_firewall *base)
{
    return PASV_CONTAINER_OF(base, fw_legacy, base);
}

/* Which profile (index) the current profile is, when GetProfileByType is unavailable. */
static int current_profile_index(INetFwMgr *mgr, INetFwProfile *current)
{
    NET_FW_PROFILE_TYPE type;

    if (SUCCEEDED(INetFwMgr_get_CurrentProfileType(mgr, &type)) &&
        (type == NET_FW_PROFILE_DOMAIN || type == NET_FW_PROFILE_STANDARD))
        return (int)type;
    if (SUCCEEDED(INetFwProfile_get_Type(current, &type)) &&
        (type == NET_FW_PROFILE_DOMAIN || type == NET_FW_PROFILE_STANDARD))
        return (int)type;
    /* Wine answers neither query: fw_manager_get_CurrentProfileType (dlls/hnetcfg/manager.c) and
     * fw_profile_get_Type (dlls/hnetcfg/profile.c) are E_NOTIMPL stubs. Standard is the profile
     * of a machine that is not in a domain, the usual case where these stubs are met. */
    return NET_FW_PROFILE_STANDARD;
}

static HRESULT walk_policy(fw_legacy *fw)
{
    INetFwPolicy *policy = NULL;
    INetFwProfile *profile[PROFILE_COUNT] = {NULL, NULL};
    INetFwOpenPorts *ports[PROFILE_COUNT] = {NULL, NULL};
    bool by_type = true;
    uint32_t avail = 0;
    HRESULT hr;
    int i;

    if (fw->walked)
        return S_OK;
    hr = INetFwMgr_get_LocalPolicy(fw->mgr, &policy);
    if (FAILED(hr))
        goto cleanup;
    for (i = 0; i < PROFILE_COUNT; i++) {
        hr = INetFwPolicy_GetProfileByType(policy, (NET_FW_PROFILE_TYPE)i, &profile[i]);
        if (FAILED(hr))
            break;
    }
    if (hr == E_NOTIMPL) {
        /* Wine's INetFwPolicy implements only get_CurrentProfile. Work on that one profile and
         * say so through profiles_by_type, so the engine does not claim the other. */
        INetFwProfile *current = NULL;

        for (i = 0; i < PROFILE_COUNT; i++) {
            if (profile[i])
                INetFwProfile_Release(profile[i]);
            profile[i] = NULL;
        }
        by_type = false;
        hr = INetFwPolicy_get_CurrentProfile(policy, &current);
        if (FAILED(hr))
            goto cleanup;
        profile[current_profile_index(fw->mgr, current)] = current;
    } else if (FAILED(hr)) {
        goto cleanup;
    }
    for (i = 0; i < PROFILE_COUNT; i++) {
        if (!profile[i])
            continue;
        hr = INetFwProfile_get_GloballyOpenPorts(profile[i], &ports[i]);
        if (FAILED(hr))
            goto cleanup;
        avail |= bit_of(i);
    }
    for (i = 0; i < PROFILE_COUNT; i++) {
        fw->profile[i] = profile[i];
        fw->ports[i] = ports[i];
        profile[i] = NULL;
        ports[i] = NULL;
    }
    fw->by_type = by_type;
    fw->avail = avail;
    fw->walked = true;
    hr = S_OK;

cleanup:
    for (i = PROFILE_COUNT - 1; i >= 0; i--) {
        if (ports[i])
            INetFwOpenPorts_Release(ports[i]);
        if (profile[i])
            INetFwProfile_Release(profile[i]);
    }
    if (policy)
        INetFwPolicy_Release(policy);
    return hr;
}

/* The profiles a request acts on. Without GetProfileByType the current profile is the only one
 * reachable, so every request lands there; 0 means every profile. */
static uint32_t effective_profiles(const fw_legacy *fw, uint32_t requested)
{
    if (!fw->by_type || requested == 0)
        return fw->avail;
    return requested & fw->avail;
}

/* ---- list ---- */

static pasv_hr legacy_list(pasv_firewall *base, pasv_fw_list *out)
{
    fw_legacy *fw = impl_from_firewall(base);
    HRESULT hr = walk_policy(fw);

    return (pasv_hr)(FAILED(hr) ? hr : pasv_legacy_list_ports(fw->ports, out));
}

/* ---- state ---- */

static bool policy_ignores_local_list(void)
{
    int i;

    for (i = 0; i < PROFILE_COUNT; i++) {
        WCHAR path[128];
        DWORD value = 1, size = sizeof(value), type;
        HKEY key;

        swprintf(path, sizeof(path) / sizeof(path[0]), GP_ROOT L"%ls\\GloballyOpenPorts",
                 pasv_legacy_profile_key[i]);
        if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, KEY_QUERY_VALUE, &key) != ERROR_SUCCESS)
            continue;
        if (RegQueryValueExW(key, L"AllowUserPrefMerge", NULL, &type, (BYTE *)&value, &size) ==
                ERROR_SUCCESS &&
            type == REG_DWORD && value == 0) {
            RegCloseKey(key);
            return true;
        }
        RegCloseKey(key);
    }
    return false;
}

/* Whether the Vista+ rules API is there: NetFwPolicy2 created and its rule collection reachable. */
static bool rules_api_usable(void)
{
    INetFwPolicy2 *policy = NULL;
    INetFwRules *rules = NULL;
    bool usable = false;

    if (SUCCEEDED(CoCreateInstance(&CLSID_NetFwPolicy2, NULL, CLSCTX_INPROC_SERVER,
                                   &IID_INetFwPolicy2, (void **)&policy)) &&
        SUCCEEDED(INetFwPolicy2_get_Rules(policy, &rules)))
        usable = true;
    if (rules)
        INetFwRules_Release(rules);
    if (policy)
        INetFwPolicy2_Release(policy);
    return usable;
}

static HRESULT current_profiles(fw_legacy *fw, uint32_t *bits)
{
    INetFwPolicy *policy = NULL;
    INetFwProfile *current = NULL;
    NET_FW_PROFILE_TYPE type;
    HRESULT hr;

    hr = INetFwMgr_get_CurrentProfileType(fw->mgr, &type);
    if (SUCCEEDED(hr) && (type == NET_FW_PROFILE_DOMAIN || type == NET_FW_PROFILE_STANDARD)) {
        *bits = bit_of((int)type);
        return S_OK;
    }
    if (FAILED(hr) && hr != E_NOTIMPL)
        return hr; /* e.g. the SharedAccess service is not running: the caller must know */
    if (!fw->by_type) {
        *bits = fw->avail; /* the profile we hold is the current one by construction */
        return S_OK;
    }
    /* Wine has no get_CurrentProfileType; ask the current profile for its type instead. */
    hr = INetFwMgr_get_LocalPolicy(fw->mgr, &policy);
    if (SUCCEEDED(hr))
        hr = INetFwPolicy_get_CurrentProfile(policy, &current);
    if (SUCCEEDED(hr))
        hr = INetFwProfile_get_Type(current, &type);
    if (SUCCEEDED(hr) && (type == NET_FW_PROFILE_DOMAIN || type == NET_FW_PROFILE_STANDARD))
        *bits = bit_of((int)type);
    else
        *bits = fw->avail; /* unknown: every profile may be the current one */
    if (current)
        INetFwProfile_Release(current);
    if (policy)
        INetFwPolicy_Release(policy);
    return S_OK;
}

static pasv_hr legacy_get_state(pasv_firewall *base, pasv_fw_state *state)
{
    fw_legacy *fw = impl_from_firewall(base);
    pasv_fw_state st;
    HRESULT hr;
    int i;

    memset(&st, 0, sizeof(st));
    hr = walk_policy(fw);
    if (FAILED(hr))
        return (pasv_hr)hr;
    st.profiles_by_type = fw->by_type;
    st.profiles_all = fw->avail;
    hr = current_profiles(fw, &st.profiles_current);
    if (FAILED(hr))
        return (pasv_hr)hr;
    for (i = 0; i < PROFILE_COUNT; i++) {
        VARIANT_BOOL on = VARIANT_FALSE;

        if (!fw->profile[i])
            continue;
        hr = INetFwProfile_get_FirewallEnabled(fw->profile[i], &on);
        if (FAILED(hr))
            return (pasv_hr)hr;
        if (on)
            st.profiles_enabled |= bit_of(i);
        on = VARIANT_FALSE;
        hr = INetFwProfile_get_ExceptionsNotAllowed(fw->profile[i], &on);
        /* Wine's stub answers E_NOTIMPL; treat it as "exceptions allowed", the default. */
        if (FAILED(hr) && hr != E_NOTIMPL)
            return (pasv_hr)hr;
        if (SUCCEEDED(hr) && on)
            st.profiles_no_exceptions |= bit_of(i);
    }
    st.gp_override = policy_ignores_local_list();
    st.rules_api = rules_api_usable();
    *state = st;
    return PASV_S_OK;
}

/* ---- changes ---- */

/* put_IpVersion/put_Scope answer E_NOTIMPL in Wine's stub. Only acceptable when the value we
 * set is the documented default of a new port (IpVersion ANY, Scope ALL), so nothing is lost. */
static HRESULT tolerate_default(HRESULT hr)
{
    return hr == E_NOTIMPL ? S_OK : hr;
}

/* What one profile's list holds at a port, read right before a write. */
typedef struct port_now {
    bool found;
    pasv_fw_entry e; /* name and remote point at the two strings below */
    char *name, *remote;
} port_now;

static void port_now_clear(port_now *now)
{
    free(now->name);
    free(now->remote);
    memset(now, 0, sizeof(*now));
}

/* Item of a missing port is documented as HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND)
 * (INetFwOpenPorts::Item, https://learn.microsoft.com/windows/win32/api/netfw/nf-netfw-inetfwopenports-item). */
static HRESULT read_port(INetFwOpenPorts *ports, uint16_t number, port_now *now)
{
    INetFwOpenPort *port = NULL;
    BSTR name = NULL, remote = NULL;
    NET_FW_SCOPE scope;
    VARIANT_BOOL enabled;
    HRESULT hr;

    memset(now, 0, sizeof(*now));
    pasv_fw_entry_init(&now->e);
    hr = INetFwOpenPorts_Item(ports, number, NET_FW_IP_PROTOCOL_TCP, &port);
    if (hr == E_NOT_FOUND)
        return S_OK;
    if (FAILED(hr))
        return hr;
    if (!port)
        return E_POINTER;
    now->found = true;
    hr = INetFwOpenPort_get_Name(port, &name);
    if (SUCCEEDED(hr))
        hr = INetFwOpenPort_get_Enabled(port, &enabled);
    if (SUCCEEDED(hr))
        hr = INetFwOpenPort_get_Scope(port, &scope);
    if (SUCCEEDED(hr) && scope == NET_FW_SCOPE_CUSTOM)
        hr = INetFwOpenPort_get_RemoteAddresses(port, &remote);
    if (FAILED(hr))
        goto cleanup;
    now->e.ports.low = now->e.ports.high = number;
    now->e.flags = enabled ? PASV_FW_ENABLED : 0;
    now->e.protocol = PASV_PROTO_TCP;
    now->e.kind = PASV_FW_PORT;
    now->name = pasv_utf8_dup_wide(name);
    if (!now->name) {
        hr = E_OUTOFMEMORY;
        goto cleanup;
    }
    now->e.name = now->name;
    if (scope == NET_FW_SCOPE_CUSTOM)
        hr = pasv_legacy_scope_from_text(remote, &now->e, &now->remote);
    else
        now->e.scope = scope == NET_FW_SCOPE_LOCAL_SUBNET ? PASV_SCOPE_SUBNET : PASV_SCOPE_ANY;

cleanup:
    SysFreeString(remote);
    SysFreeString(name);
    INetFwOpenPort_Release(port);
    if (FAILED(hr))
        port_now_clear(now);
    return hr;
}

/* True when now is exactly want (NULL: nothing there). */
static bool holds(const port_now *now, const pasv_fw_entry *want)
{
    return want ? now->found && pasv_fw_entry_same(&now->e, want) : !now->found;
}

static HRESULT add_utf8(INetFwOpenPorts *ports, const pasv_fw_entry *e, const pasv_fw_entry *expect);

/* Puts back an entry read by read_port (nothing when it found none). Best effort. */
static void restore_port(INetFwOpenPorts *ports, const port_now *now)
{
    if (now->found)
        add_utf8(ports, &now->e, NULL);
}

/* Writes e at its port. expect is what the caller proved the port holds (NULL: nothing); it is
 * only used when Add answers E_UNEXPECTED. */
static HRESULT add_one(INetFwOpenPorts *ports, const pasv_fw_entry *e, BSTR name, BSTR remote,
                       const pasv_fw_entry *expect)
{
    INetFwOpenPort *port = NULL;
    HRESULT hr;

    hr = CoCreateInstance(&CLSID_NetFwOpenPort, NULL, CLSCTX_INPROC_SERVER, &IID_INetFwOpenPort,
                          (void **)&port);
    if (FAILED(hr))
        goto cleanup;
    hr = INetFwOpenPort_put_Port(port, e->ports.low);
    if (FAILED(hr))
        goto cleanup;
    hr = INetFwOpenPort_put_Name(port, name);
    if (FAILED(hr))
        goto cleanup;
    hr = INetFwOpenPort_put_Protocol(port, NET_FW_IP_PROTOCOL_TCP);
    if (FAILED(hr))
        goto cleanup;
    hr = tolerate_default(INetFwOpenPort_put_IpVersion(port, NET_FW_IP_VERSION_ANY));
    if (FAILED(hr))
        goto cleanup;
    switch (e->scope) {
    case PASV_SCOPE_SUBNET:
        hr = INetFwOpenPort_put_Scope(port, NET_FW_SCOPE_LOCAL_SUBNET);
        break;
    case PASV_SCOPE_CUSTOM:
        /* put_Scope accepts only ALL and LOCAL_SUBNET; a custom list goes in RemoteAddresses. */
        hr = INetFwOpenPort_put_RemoteAddresses(port, remote);
        break;
    default:
        hr = tolerate_default(INetFwOpenPort_put_Scope(port, NET_FW_SCOPE_ALL));
        break;
    }
    if (FAILED(hr))
        goto cleanup;
    /* A rollback puts a disabled exception of ours back disabled. */
    hr = INetFwOpenPort_put_Enabled(port, (e->flags & PASV_FW_ENABLED) ? VARIANT_TRUE : VARIANT_FALSE);
    if (FAILED(hr))
        goto cleanup;
    hr = INetFwOpenPorts_Add(ports, port);
    if (hr == E_UNEXPECTED) {
        /* The docs say Add overwrites an existing port, but also list E_UNEXPECTED as "already
         * in the collection" (INetFwOpenPorts::Add). Something is on the port: re-read it and
         * replace it only while it is still what the caller proved (expect); anything else
         * (with expect NULL: whatever appeared since the proof) is left alone. */
        port_now now;

        hr = read_port(ports, e->ports.low, &now);
        if (SUCCEEDED(hr) && (!expect || !holds(&now, expect)))
            hr = PASV_E_CHANGED;
        if (SUCCEEDED(hr))
            hr = INetFwOpenPorts_Remove(ports, e->ports.low, NET_FW_IP_PROTOCOL_TCP);
        if (SUCCEEDED(hr)) {
            hr = INetFwOpenPorts_Add(ports, port);
            if (FAILED(hr))
                restore_port(ports, &now); /* put back what was removed */
        }
        port_now_clear(&now);
    }

cleanup:
    if (port)
        INetFwOpenPort_Release(port);
    return hr;
}

/* add_one from an entry's UTF-8 strings. */
static HRESULT add_utf8(INetFwOpenPorts *ports, const pasv_fw_entry *e, const pasv_fw_entry *expect)
{
    BSTR name = NULL, remote = NULL;
    HRESULT hr = pasv_bstr_from_utf8(e->name ? e->name : "", &name);

    if (SUCCEEDED(hr) && e->scope == PASV_SCOPE_CUSTOM)
        hr = pasv_bstr_from_utf8(e->remote ? e->remote : "", &remote);
    if (SUCCEEDED(hr))
        hr = add_one(ports, e, name, remote, expect);
    SysFreeString(remote);
    SysFreeString(name);
    return hr;
}

/* Add overwrites whatever holds the port ("If the port is already open, the existing settings
 * are overwritten": INetFwOpenPorts::Add,
 * https://learn.microsoft.com/windows/win32/api/netfw/nf-netfw-inetfwopenports-add), so each
 * profile's port is re-read right before the write and written only when it still holds what
 * the plan saw (prior, or nothing). Another program's exception that appeared since is left
 * exactly as it is: PASV_E_CHANGED. */
static pasv_hr legacy_open_port(pasv_firewall *base, const pasv_fw_entry *entry, const pasv_fw_entry *prior)
{
    fw_legacy *fw = impl_from_firewall(base);
    BSTR name = NULL, remote = NULL;
    uint32_t profiles, written = 0;
    bool changed = false;
    HRESULT hr;
    int i;

    if (!entry || entry->ports.low == 0 || !entry->name ||
        (entry->protocol != 0 && entry->protocol != PASV_PROTO_TCP) ||
        (entry->scope == PASV_SCOPE_CUSTOM && (!entry->remote || !entry->remote[0])))
        return PASV_E_INVALIDARG;
    hr = walk_policy(fw);
    if (FAILED(hr))
        goto cleanup;
    hr = pasv_bstr_from_utf8(entry->name, &name);
    if (FAILED(hr))
        goto cleanup;
    if (entry->scope == PASV_SCOPE_CUSTOM) {
        hr = pasv_bstr_from_utf8(entry->remote, &remote);
        if (FAILED(hr))
            goto cleanup;
    }
    profiles = effective_profiles(fw, entry->profiles);
    for (i = 0; i < PROFILE_COUNT; i++) {
        port_now now;

        if (!(profiles & bit_of(i)))
            continue;
        hr = read_port(fw->ports[i], entry->ports.low, &now);
        if (FAILED(hr))
            goto cleanup;
        if (holds(&now, entry)) {
            port_now_clear(&now); /* already exactly this: nothing to write */
            continue;
        }
        if (!holds(&now, prior)) {
            port_now_clear(&now);
            changed = true;
            continue;
        }
        port_now_clear(&now);
        hr = add_one(fw->ports[i], entry, name, remote, prior);
        if (hr == (HRESULT)PASV_E_CHANGED) {
            changed = true; /* something appeared on the port since it was read: left alone */
            continue;
        }
        if (FAILED(hr))
            goto cleanup;
        written |= bit_of(i);
    }
    hr = changed ? (HRESULT)PASV_E_CHANGED : S_OK;

cleanup:
    if (FAILED(hr) && hr != (HRESULT)PASV_E_CHANGED) {
        /* Best effort: a failure changes nothing. Each profile already written gets back what it
         * held (prior, or nothing), where it still holds what this call wrote. */
        for (i = PROFILE_COUNT - 1; i >= 0; i--) {
            port_now now;

            if (!(written & bit_of(i)) || FAILED(read_port(fw->ports[i], entry->ports.low, &now)))
                continue;
            if (holds(&now, entry)) {
                if (prior) {
                    pasv_fw_entry back = *prior;

                    back.ports.low = back.ports.high = entry->ports.low;
                    add_utf8(fw->ports[i], &back, entry);
                } else {
                    INetFwOpenPorts_Remove(fw->ports[i], entry->ports.low, NET_FW_IP_PROTOCOL_TCP);
                }
            }
            port_now_clear(&now);
        }
    }
    SysFreeString(remote);
    SysFreeString(name);
    return (pasv_hr)hr;
}

/* Closes our entry where the port still holds exactly it; a port that now holds something else
 * (another program's exception, or ours changed by someone) is left alone. */
static pasv_hr legacy_close_port(pasv_firewall *base, const pasv_fw_entry *entry)
{
    fw_legacy *fw = impl_from_firewall(base);
    uint32_t profiles;
    bool changed = false;
    HRESULT hr;
    int i;

    if (!entry || entry->ports.low == 0 || !entry->name)
        return PASV_E_INVALIDARG;
    hr = walk_policy(fw);
    if (FAILED(hr))
        return (pasv_hr)hr;
    profiles = effective_profiles(fw, entry->profiles);
    for (i = 0; i < PROFILE_COUNT; i++) {
        port_now now;
        bool mine;

        if (!(profiles & bit_of(i)))
            continue;
        hr = read_port(fw->ports[i], entry->ports.low, &now);
        if (FAILED(hr))
            return (pasv_hr)hr;
        mine = holds(&now, entry);
        changed |= now.found && !mine;
        port_now_clear(&now);
        if (!mine)
            continue;
        hr = INetFwOpenPorts_Remove(fw->ports[i], entry->ports.low, NET_FW_IP_PROTOCOL_TCP);
        /* Documented: removing a closed port has no effect. Some implementations still say
         * "not found"; for us both mean the port is closed. */
        if (hr == E_NOT_FOUND)
            hr = S_OK;
        if (FAILED(hr))
            return (pasv_hr)hr;
    }
    return changed ? PASV_E_CHANGED : PASV_S_OK;
}

static pasv_hr legacy_put_rule(pasv_firewall *base, const pasv_fw_entry *rule, const pasv_fw_entry *prior)
{
    (void)base;
    (void)rule;
    (void)prior;
    return PASV_E_NOTIMPL; /* the legacy API has single-port exceptions only */
}

static pasv_hr legacy_remove_rule(pasv_firewall *base, const pasv_fw_entry *rule)
{
    (void)base;
    (void)rule;
    return PASV_E_NOTIMPL;
}

static pasv_hr legacy_set_enabled(pasv_firewall *base, uint32_t profiles, bool enabled)
{
    fw_legacy *fw = impl_from_firewall(base);
    VARIANT_BOOL before[PROFILE_COUNT];
    uint32_t done = 0;
    HRESULT hr;
    int i;

    hr = walk_policy(fw);
    if (FAILED(hr))
        return (pasv_hr)hr;
    profiles = effective_profiles(fw, profiles);
    for (i = 0; i < PROFILE_COUNT; i++) {
        if (!(profiles & bit_of(i)))
            continue;
        hr = INetFwProfile_get_FirewallEnabled(fw->profile[i], &before[i]);
        if (SUCCEEDED(hr))
            hr = INetFwProfile_put_FirewallEnabled(fw->profile[i],
                                                   enabled ? VARIANT_TRUE : VARIANT_FALSE);
        if (FAILED(hr))
            break;
        done |= bit_of(i);
    }
    if (FAILED(hr)) {
        /* Put back the profiles already switched, so a failure changes nothing. */
        for (i = PROFILE_COUNT - 1; i >= 0; i--)
            if (done & bit_of(i))
                INetFwProfile_put_FirewallEnabled(fw->profile[i], before[i]);
        return (pasv_hr)hr;
    }
    return PASV_S_OK;
}

static const pasv_firewall_vtable legacy_vtable = {
    legacy_list,       legacy_get_state,   legacy_open_port,  legacy_close_port,
    legacy_put_rule,   legacy_remove_rule, legacy_set_enabled,
    NULL, /* set_builtin_rule: the FTP role's rules are Vista+ rules */
};

HRESULT pasv_fw_legacy_create(pasv_firewall **out)
{
    fw_legacy *fw;
    HRESULT hr;

    if (!out)
        return E_POINTER;
    *out = NULL;
    fw = calloc(1, sizeof(*fw));
    if (!fw)
        return E_OUTOFMEMORY;
    fw->base.vt = &legacy_vtable;
    hr = CoCreateInstance(&CLSID_NetFwMgr, NULL, CLSCTX_INPROC_SERVER, &IID_INetFwMgr,
                          (void **)&fw->mgr);
    if (FAILED(hr)) {
        free(fw);
        return hr;
    }
    *out = &fw->base;
    return S_OK;
}

void pasv_fw_legacy_free(pasv_firewall *base)
{
    fw_legacy *fw;
    int i;

    if (!base)
        return;
    fw = impl_from_firewall(base);
    for (i = PROFILE_COUNT - 1; i >= 0; i--) {
        if (fw->ports[i])
            INetFwOpenPorts_Release(fw->ports[i]);
        if (fw->profile[i])
            INetFwProfile_Release(fw->profile[i]);
    }
    INetFwMgr_Release(fw->mgr);
    free(fw);
}
