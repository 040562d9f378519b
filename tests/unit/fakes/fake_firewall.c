/* pasvports: a fake firewall with real state and fault knobs, for unit tests.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * Single-port exceptions are stored one entry per profile bit, as the legacy API keeps one
 * GloballyOpenPorts list per profile; Add on an existing port overwrites it ("If the port is
 * already open, the existing settings are overwritten": INetFwOpenPorts::Add,
 * https://learn.microsoft.com/windows/win32/api/netfw/nf-netfw-inetfwopenports-add).
 * Removal keeps order, so open-then-close restores a byte-identical state. Like the real
 * backends, every mutator re-reads what it is about to change and refuses (PASV_E_CHANGED)
 * where that is not what the engine expects (see backend.h). */
#include <stdlib.h>
#include <string.h>

#include "fakes.h"

static fake_firewall *impl(pasv_firewall *f)
{
    return PASV_CONTAINER_OF(f, fake_firewall, base);
}

static bool is_port(const pasv_fw_entry *e, uint16_t port, uint32_t bit)
{
    return e->kind == PASV_FW_PORT && e->protocol == PASV_PROTO_TCP && e->ports.low == port && e->profiles == bit;
}

static void remove_at(fake_firewall *fw, size_t i)
{
    memmove(&fw->state.items[i], &fw->state.items[i + 1], (fw->state.count - i - 1) * sizeof(*fw->state.items));
    fw->state.count--;
}

/* Searches from the end: rollback closes the most recently opened ports first. */
static size_t find_port(const fake_firewall *fw, uint16_t port, uint32_t bit)
{
    size_t i = fw->state.count;

    if (!(fw->port_bits[port] & bit))
        return SIZE_MAX;
    while (i-- > 0)
        if (is_port(&fw->state.items[i], port, bit))
            return i;
    return SIZE_MAX;
}

static void store_port(fake_firewall *fw, const pasv_fw_entry *entry)
{
    unsigned b;

    for (b = 0; b < 32; b++) {
        uint32_t bit = 1u << b;
        pasv_fw_entry e;
        size_t at;

        if (!(entry->profiles & bit))
            continue;
        e = *entry;
        e.profiles = bit;
        e.ports.high = e.ports.low;
        e.flags &= (uint16_t)~PASV_FW_OURS;
        at = find_port(fw, e.ports.low, bit);
        if (at != SIZE_MAX) {
            if (!pasv_fw_list_replace(&fw->state, at, &e))
                abort();
        } else {
            if (!pasv_fw_list_push(&fw->state, &e))
                abort();
            if (e.protocol == PASV_PROTO_TCP)
                fw->port_bits[e.ports.low] |= bit;
        }
    }
}

/* Counts a mutating call and says whether a fault knob makes it fail. */
static bool faulted(fake_firewall *fw, int port, pasv_hr *hr)
{
    fw->calls++;
    if (fw->outside_call && fw->calls == fw->outside_call)
        fake_firewall_seed(fw, &fw->outside);
    if ((fw->fail_call && fw->calls == fw->fail_call) || (port >= 0 && port == fw->fail_port)) {
        *hr = fw->fail_hr;
        return true;
    }
    return false;
}

static pasv_hr list(pasv_firewall *f, pasv_fw_list *out)
{
    fake_firewall *fw = impl(f);
    size_t i;

    fake_log_add(fw->log, "fw.list");
    if (PASV_FAILED(fw->list_hr))
        return fw->list_hr;
    for (i = 0; i < fw->state.count; i++)
        if (!pasv_fw_list_push(out, &fw->state.items[i]))
            return PASV_E_OUTOFMEMORY;
    return PASV_S_OK;
}

static pasv_hr get_state(pasv_firewall *f, pasv_fw_state *state)
{
    fake_firewall *fw = impl(f);

    fake_log_add(fw->log, "fw.get_state");
    if (PASV_FAILED(fw->state_hr))
        return fw->state_hr;
    *state = fw->fw_state;
    return PASV_S_OK;
}

/* What the port holds in one profile bit, or NULL. */
static const pasv_fw_entry *port_at(const fake_firewall *fw, uint16_t port, uint32_t bit)
{
    size_t at = find_port(fw, port, bit);

    return at == SIZE_MAX ? NULL : &fw->state.items[at];
}

/* The profile bits of mask where the port holds exactly `want` (NULL: nothing). */
static uint32_t bits_holding(const fake_firewall *fw, uint16_t port, uint32_t mask, const pasv_fw_entry *want)
{
    uint32_t ok = 0;
    unsigned b;

    for (b = 0; b < 32; b++) {
        uint32_t bit = 1u << b;
        const pasv_fw_entry *now;

        if (!(mask & bit))
            continue;
        now = port_at(fw, port, bit);
        if (want ? (now && pasv_fw_entry_same(now, want)) : !now)
            ok |= bit;
    }
    return ok;
}

static pasv_hr open_port(pasv_firewall *f, const pasv_fw_entry *entry, const pasv_fw_entry *prior)
{
    fake_firewall *fw = impl(f);
    pasv_fw_entry e = *entry;
    pasv_hr hr;

    fake_log_add(fw->log, "fw.open %u p=%u '%s'", entry->ports.low, entry->profiles, entry->name);
    if (faulted(fw, entry->ports.low, &hr))
        return hr;
    if (fw->stub)
        return PASV_S_OK;
    /* A profile that already holds exactly this entry needs no write either. */
    e.profiles = bits_holding(fw, entry->ports.low, entry->profiles, prior)
                 | bits_holding(fw, entry->ports.low, entry->profiles, entry);
    store_port(fw, &e);
    if (e.profiles != entry->profiles) {
        fw->refused++;
        return PASV_E_CHANGED;
    }
    return PASV_S_OK;
}

static pasv_hr close_port(pasv_firewall *f, const pasv_fw_entry *entry)
{
    fake_firewall *fw = impl(f);
    uint16_t port = entry->ports.low;
    uint32_t mine, absent;
    unsigned b;
    pasv_hr hr;

    fake_log_add(fw->log, "fw.close %u p=%u", port, entry->profiles);
    if (faulted(fw, port, &hr))
        return hr;
    if (fw->stub)
        return PASV_S_OK;
    mine = bits_holding(fw, port, entry->profiles, entry);
    absent = bits_holding(fw, port, entry->profiles, NULL);
    for (b = 0; b < 32; b++) {
        uint32_t bit = 1u << b;
        size_t at;

        if (!(mine & bit))
            continue;
        at = find_port(fw, port, bit);
        if (at != SIZE_MAX) {
            remove_at(fw, at);
            fw->port_bits[port] &= ~bit;
        }
    }
    if ((mine | absent) != entry->profiles) {
        fw->refused++;
        return PASV_E_CHANGED;
    }
    return PASV_S_OK;
}

/* Index of the rule named name, or SIZE_MAX; *count gets how many rules carry that name. */
static size_t find_rule(const fake_firewall *fw, const char *name, size_t *count)
{
    size_t i, at = SIZE_MAX;

    *count = 0;
    for (i = 0; i < fw->state.count; i++) {
        const pasv_fw_entry *e = &fw->state.items[i];

        if (e->kind == PASV_FW_RULE && strcmp(e->name, name) == 0) {
            if (at == SIZE_MAX)
                at = i;
            (*count)++;
        }
    }
    return at;
}

/* The rules API removes by name only, so a rule is removed only when it is the one rule of that
 * name and is exactly the one expected; anything else of that name is left alone. */
static pasv_hr drop_rule(fake_firewall *fw, const pasv_fw_entry *want)
{
    size_t n, at = find_rule(fw, want->name, &n);

    if (n == 0)
        return PASV_S_OK;
    if (n > 1 || !(fw->state.items[at].flags & PASV_FW_TAGGED) || !pasv_fw_entry_same(&fw->state.items[at], want)) {
        fw->refused++;
        return PASV_E_CHANGED;
    }
    remove_at(fw, at);
    return PASV_S_OK;
}

static pasv_hr put_rule(pasv_firewall *f, const pasv_fw_entry *rule, const pasv_fw_entry *prior)
{
    fake_firewall *fw = impl(f);
    pasv_fw_entry e = *rule;
    size_t n;
    pasv_hr hr;

    fake_log_add(fw->log, "fw.put_rule '%s' %u-%u p=%u", rule->name, rule->ports.low, rule->ports.high,
                 rule->profiles);
    if (faulted(fw, -1, &hr))
        return hr;
    if (fw->stub)
        return PASV_S_OK;
    if (prior) {
        hr = drop_rule(fw, prior);
        if (PASV_FAILED(hr))
            return hr;
    }
    if (find_rule(fw, rule->name, &n) != SIZE_MAX) {
        fw->refused++;
        return PASV_E_CHANGED; /* a rule of that name appeared since the plan was made */
    }
    e.flags &= (uint16_t)~PASV_FW_OURS;
    if (fw->rule_scope_stored >= 0) {
        e.scope = (uint8_t)fw->rule_scope_stored;
        e.remote = "";
    }
    if (fw->rule_keeps_name && prior && pasv_fw_rule_name_equal(prior->name, rule->name))
        e.name = prior->name;
    if (!pasv_fw_list_push(&fw->state, &e))
        abort();
    return PASV_S_OK;
}

static pasv_hr remove_rule(pasv_firewall *f, const pasv_fw_entry *rule)
{
    fake_firewall *fw = impl(f);
    pasv_hr hr;

    fake_log_add(fw->log, "fw.remove_rule '%s'", rule->name);
    if (faulted(fw, -1, &hr))
        return hr;
    return fw->stub ? PASV_S_OK : drop_rule(fw, rule);
}

static pasv_hr set_enabled(pasv_firewall *f, uint32_t profiles, bool enabled)
{
    fake_firewall *fw = impl(f);
    pasv_hr hr;

    fake_log_add(fw->log, "fw.set_enabled p=%u %s", profiles, enabled ? "on" : "off");
    if (faulted(fw, -1, &hr))
        return hr;
    if (PASV_FAILED(fw->enable_hr))
        return fw->enable_hr;
    if (enabled)
        fw->fw_state.profiles_enabled |= profiles;
    else
        fw->fw_state.profiles_enabled &= ~profiles;
    return PASV_S_OK;
}

/* Proves ownership as the Windows backend does: the rule of that name must still be the built-in
 * passive one; the state asked already: nothing written. */
static pasv_hr set_builtin(pasv_firewall *f, const pasv_fw_entry *rule, bool enabled)
{
    fake_firewall *fw = impl(f);

    fake_log_add(fw->log, "fw.set_builtin_rule %s %s", rule->name ? rule->name : "", enabled ? "on" : "off");
    if (PASV_FAILED(fw->builtin_hr))
        return fw->builtin_hr;
    if (fw->builtin_swapped) {
        fw->has_builtin = false;
        fw->refused++;
    }
    if (!fw->has_builtin || !rule->name || strcmp(rule->name, fw->builtin_name) != 0)
        return PASV_E_CHANGED;
    if (fw->builtin_enabled == enabled)
        return PASV_S_FALSE;
    fw->builtin_enabled = enabled;
    fw->builtin_sets++;
    return PASV_S_OK;
}

pasv_fw_entry fake_builtin_entry(const fake_firewall *fw)
{
    pasv_fw_entry e = fake_rule(fw->builtin_name, 1024, 65535, fw->fw_state.profiles_all,
                                fw->builtin_enabled ? PASV_FW_ENABLED : 0);
    return e;
}

static const pasv_firewall_vtable vtable = { list, get_state, open_port, close_port, put_rule, remove_rule,
                                             set_enabled, set_builtin };

void fake_firewall_init(fake_firewall *fw, fake_log *log, uint32_t profiles_all)
{
    memset(fw, 0, sizeof(*fw));
    fw->base.vt = &vtable;
    fw->log = log;
    pasv_fw_list_init(&fw->state);
    fw->port_bits = calloc(65536, sizeof(*fw->port_bits));
    if (!fw->port_bits)
        abort();
    fw->fail_port = -1;
    fw->rule_scope_stored = -1;
    fw->fail_hr = PASV_E_ACCESSDENIED;
    fw->fw_state.profiles_all = profiles_all;
    fw->fw_state.profiles_current = profiles_all & (0u - profiles_all); /* lowest bit */
    fw->fw_state.profiles_enabled = profiles_all;
    fw->fw_state.profiles_by_type = true;
    fw->fw_state.rules_api = true; /* a Vista+ firewall: both modes are possible */
}

void fake_firewall_cleanup(fake_firewall *fw)
{
    pasv_fw_list_cleanup(&fw->state);
    free(fw->port_bits);
    fw->port_bits = NULL;
}

void fake_firewall_seed(fake_firewall *fw, const pasv_fw_entry *entry)
{
    if (entry->kind == PASV_FW_PORT) {
        store_port(fw, entry);
    } else if (!pasv_fw_list_push(&fw->state, entry)) {
        abort();
    }
}
