/* pasvports: the Vista+ firewall backend's rule-level helpers (fw_rule.c), shared with
 * fw_advanced.c: what a rule of ours looks like, reading one rule as it is now, writing one.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#ifndef PASV_WIN_FW_RULE_H
#define PASV_WIN_FW_RULE_H

#include "win.h"

#include <netfw.h>

#include "backends.h"

#define ALL_PROFILES2 (PASV_PROFILE2_DOMAIN | PASV_PROFILE2_PRIVATE | PASV_PROFILE2_PUBLIC)
/* Our identity (issue 11, B1). A rule's Name is whatever a person or a program chose and several
 * rules may share it, so a name proves nothing. Ours carry two marks a person does not type by
 * accident: Grouping PASV_RULE_GROUPING and a Description starting with RULE_TAG. Both are plain
 * INetFwRule properties that Windows stores and returns as written (INetFwRule interface,
 * https://learn.microsoft.com/windows/win32/api/netfw/nn-netfw-inetfwrule: Grouping "specifies
 * the group to which an individual rule belongs", Description "specifies the description of this
 * rule"). Grouping alone is not enough: "FTP Passive Ports" is a plain phrase someone may reuse
 * for their own rules in the control panel. Every earlier version wrote the same Grouping with
 * exactly OLD_DESCRIPTION (no tag), so a rule with both is also ours: upgrades can still clean
 * what they left. The engine names the range rule "<prefix> <low>-<high>" (pasv_fw_rule_name;
 * earlier versions used the bare prefix, which a person also types): a rule of that name that is
 * not ours is never removed or replaced, the item fails with PASV_E_CHANGED instead. */
#define RULE_TAG         L"[pasvports] "
#define RULE_DESCRIPTION RULE_TAG L"Passive FTP data connections. Managed by pasvports: a copy " \
                         L"changed by hand is no longer treated as its own."
#define OLD_DESCRIPTION  L"Passive FTP data connections (opened by pasvports)"

/* NET_FW_PROFILE2_ALL is 0x7FFFFFFF; the engine only knows the three real bits. */
uint32_t fwa_profiles_from_api(LONG profiles);
/* entry->profiles, 0 meaning all. */
uint32_t fwa_want_profiles(const pasv_fw_entry *e);

/* Splits a LocalPorts list ("5001-5201", "21,5001-5201") into ranges and calls add() for each.
 * Keywords ("*", "Any", "RPC", "RPC-EPMap", "IPHTTPS", ...) and malformed elements are not port
 * ranges for us and are skipped. */
typedef HRESULT (*range_cb)(void *ctx, uint16_t low, uint16_t high);
HRESULT fwa_parse_local_ports(const WCHAR *list, range_cb add, void *ctx);

/* Grouping PASV_RULE_GROUPING and our description (tagged, or the one earlier versions wrote). */
bool fwa_identity_is_ours(const WCHAR *grouping, const WCHAR *desc);
/* Sets e->scope; a custom list is copied whole into *copy (malloc'd) and e->remote points at it. */
HRESULT fwa_scope_from_remote(const WCHAR *remote, pasv_fw_entry *e, char **copy);
/* Rule names must not contain '|' and must not be "all" (INetFwRule remarks). */
bool fwa_rule_name_valid(const char *name);
/* A new rule object with our identity and e's name, ports, profiles, scope and enabled state. */
HRESULT fwa_build_rule(const pasv_fw_entry *e, INetFwRule **out);

/* One rule as it is now, reduced to what decides whether it is ours and as the engine saw it. */
typedef struct rule_now {
    bool ours;        /* Grouping and description tag (identity_is_ours) */
    bool simple;      /* an inbound TCP allow rule whose LocalPorts is exactly one range */
    pasv_range ports;
    uint32_t profiles;
    bool enabled;
    pasv_fw_entry scope; /* only scope and remote are used */
    char *remote;
} rule_now;

HRESULT fwa_read_now(INetFwRule *rule, rule_now *now);
void fwa_rule_now_clear(rule_now *now);
/* True when now is our rule and says what want says: ports (a single-port entry has no high),
 * enabled state, scope and remote addresses, and, with profiles_too, the same profiles. */
bool fwa_now_is(const rule_now *now, const pasv_fw_entry *want, bool profiles_too);

/* Several rules may share a name and Remove(name) may take only one of them per call.
 * Past this many, Remove is not making progress and we stop rather than loop for ever. */
#define MAX_SAME_NAME 64

/* What a mutator changed, so a failure can put it back: rules it removed (with the names they
 * had) and a rule whose profiles it narrowed. */
typedef struct fw_undo {
    INetFwRule *removed[MAX_SAME_NAME];
    BSTR names[MAX_SAME_NAME];
    int count;
    INetFwRule *narrowed;
    LONG narrowed_from;
} fw_undo;

/* The first rule called name, read (S_FALSE: there is none); *live is that rule's object when
 * asked for (INetFwRules::Item hands out the stored rule: puts on it change the firewall). */
HRESULT fwa_item_now(INetFwRules *rules, BSTR name, rule_now *now, INetFwRule **live);
/* Puts back everything u records, newest first (best effort: the caller is already failing). */
void fwa_undo_apply(INetFwRules *rules, fw_undo *u);
void fwa_undo_clear(fw_undo *u);
/* Removes exactly the rule live is, by a name no other rule has; recorded in u. */
HRESULT fwa_remove_live(INetFwRules *rules, INetFwRule *live, fw_undo *u);

#endif /* PASV_WIN_FW_RULE_H */
