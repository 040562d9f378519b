/* pasvports: the firewall state the engine reasons about, independent of the Windows API used.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * A backend lists what the firewall holds as pasv_fw_entry records: legacy (XP SP2/2003)
 * "GloballyOpenPorts" exceptions are single ports; Vista+ rules carry a port range. Profiles
 * are a bitmask whose bits the backend defines (legacy: PASV_PROFILE_DOMAIN|STANDARD; Vista+:
 * NET_FW_PROFILE2 bits); the engine only combines and compares masks. */
#ifndef PASV_FIREWALL_H
#define PASV_FIREWALL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pasv/range.h"

/* Longest exception-name prefix we accept (bytes): "<prefix>65535" must stay a name a person can
 * read in the Windows Firewall control panel. Names read from the firewall have no limit. */
#define PASV_PREFIX_MAX     200
/* Longest remote-address list (bytes) the front ends accept from a person; lists read from the
 * firewall have no limit. */
#define PASV_REMOTE_TEXT_MAX 4096
#define PASV_DEFAULT_PREFIX "Passive FTP"
#define PASV_RULE_GROUPING  "FTP Passive Ports"

/* Legacy profile bits (INetFwPolicy::GetProfileByType). */
#define PASV_PROFILE_DOMAIN   0x1u
#define PASV_PROFILE_STANDARD 0x2u
/* Vista+ profile bits (NET_FW_PROFILE2_*). */
#define PASV_PROFILE2_DOMAIN  0x1u
#define PASV_PROFILE2_PRIVATE 0x2u
#define PASV_PROFILE2_PUBLIC  0x4u

#define PASV_PROTO_TCP 6u
#define PASV_PROTO_UDP 17u

typedef enum pasv_fw_kind {
    PASV_FW_PORT = 0, /* legacy INetFwOpenPort: one port */
    PASV_FW_RULE = 1  /* Vista+ INetFwRule: LocalPorts as a range */
} pasv_fw_kind;

typedef enum pasv_scope {
    PASV_SCOPE_ANY = 0,    /* NET_FW_SCOPE_ALL, RemoteAddresses "*" */
    PASV_SCOPE_SUBNET = 1, /* NET_FW_SCOPE_LOCAL_SUBNET, "LocalSubnet" */
    PASV_SCOPE_CUSTOM = 2  /* NET_FW_SCOPE_CUSTOM, RemoteAddresses list */
} pasv_scope;

/* Entry flags. */
#define PASV_FW_ENABLED 0x1u /* the exception or rule is enabled */
#define PASV_FW_GP      0x2u /* defined by Group Policy: read-only for us */
#define PASV_FW_TAGGED  0x4u /* the backend recognised our tag (Vista+ Grouping) */
#define PASV_FW_OURS    0x8u /* set by pasv_fw_classify(): created by pasvports or the seed loop */

typedef struct pasv_fw_entry {
    pasv_range ports;     /* low == high for a legacy exception */
    uint32_t profiles;    /* where this entry is present */
    uint16_t flags;       /* PASV_FW_* */
    uint8_t protocol;     /* PASV_PROTO_TCP / UDP */
    uint8_t kind;         /* pasv_fw_kind */
    uint8_t scope;        /* pasv_scope */
    /* UTF-8, whole: never cut, so a name is compared and written exactly as the firewall holds
     * it. In a list both point into the list's own string store; an entry built on the stack
     * may point anywhere. NULL reads as "". */
    const char *name;
    const char *remote;   /* RemoteAddresses text for PASV_SCOPE_CUSTOM, else "" */
} pasv_fw_entry;

typedef struct pasv_fw_strings pasv_fw_strings;

/* A growable array of entries, owned by whoever initialised it, with the strings its entries
 * point at (kept in blocks that never move, so pointers stay valid as the list grows). */
typedef struct pasv_fw_list {
    pasv_fw_entry *items;
    size_t count;
    size_t cap;
    pasv_fw_strings *strings;
} pasv_fw_list;

void pasv_fw_list_init(pasv_fw_list *list);
void pasv_fw_list_cleanup(pasv_fw_list *list);
/* Appends a copy of the entry and of its strings; returns false (list unchanged) when memory
 * runs out. */
bool pasv_fw_list_push(pasv_fw_list *list, const pasv_fw_entry *entry);
/* Overwrites item index with a copy of entry and its strings (false, item unchanged, on OOM). */
bool pasv_fw_list_replace(pasv_fw_list *list, size_t index, const pasv_fw_entry *entry);
/* Copies s into the list's string store and returns the copy (NULL on OOM; NULL s gives ""). */
const char *pasv_fw_list_intern(pasv_fw_list *list, const char *s);
/* Makes room for extra more entries at once (a backend that knows its count avoids the
 * doubling's slack: 2 x 60,535 entries are 21 MB). Returns false (list unchanged) on failure. */
bool pasv_fw_list_reserve(pasv_fw_list *list, size_t extra);

/* Fills name with "<prefix><port>" exactly as the seed's netsh loop does ("Passive FTP5001").
 * Returns false if it does not fit (cap >= strlen(prefix) + 6 always does). */
bool pasv_fw_port_name(const char *prefix, uint16_t port, char *name, size_t cap);

/* Room for any name pasv_fw_rule_name() writes: a prefix we accept, a space, a range, a NUL. */
#define PASV_FW_RULE_NAME_CAP (PASV_PREFIX_MAX + 1 + PASV_RANGE_TEXT_MAX)
/* Fills name with the display name of our one Vista+ rule for range: "<prefix> <low>-<high>"
 * ("Passive FTP 5001-5201"; a one-port range is "<prefix> <port>"), the name the PowerShell and
 * Group Policy exports give the same rule. It says what the rule opens in the Windows Firewall
 * console and never equals the bare prefix a person types for a rule of their own. Returns false
 * (name "") if it does not fit; PASV_FW_RULE_NAME_CAP always fits a prefix we accept. */
bool pasv_fw_rule_name(const char *prefix, const pasv_range *range, char *name, size_t cap);

/* An entry with every field zero and both strings "". */
void pasv_fw_entry_init(pasv_fw_entry *entry);

/* True when a and b are the same opening apart from where it is present (profiles) and our own
 * classification bits: same kind, protocol, ports, name, scope, remote addresses and enabled
 * state. Used to prove at write time that a port still holds what the plan saw. */
bool pasv_fw_entry_same(const pasv_fw_entry *a, const pasv_fw_entry *b);

/* Rule names as Windows compares them (INetFwRules::Item and Remove find a rule by name without
 * regard to case): ASCII case-insensitive, bytes otherwise equal. NULL equals only NULL. */
bool pasv_fw_rule_name_equal(const char *a, const char *b);

/* True when name is one of ours for that port: "<prefix><port>" or "<prefix> <port>". */
bool pasv_fw_name_is_ours(const char *prefix, const char *name, uint16_t port);

/* Sets PASV_FW_OURS on every TCP entry that is ours: legacy ports by name, rules by
 * PASV_FW_TAGGED. Group Policy entries are never ours (we cannot change them). */
void pasv_fw_classify(pasv_fw_list *list, const char *prefix);

/* Firewall-wide facts a backend reports, for warnings and the preview. */
typedef struct pasv_fw_state {
    uint32_t profiles_all;        /* every profile bit this API knows */
    uint32_t profiles_current;    /* profile(s) in force now */
    uint32_t profiles_enabled;    /* profiles with the firewall on */
    uint32_t profiles_no_exceptions; /* ExceptionsNotAllowed: openings have no effect there */
    bool gp_override;             /* Group Policy ignores local openings (AllowUserPrefMerge=0 / GP_OVERRIDE) */
    bool rules_api;               /* Vista+ INetFwPolicy2 usable: one rule per range is possible */
    bool profiles_by_type;        /* GetProfileByType works; otherwise only the current profile */
} pasv_fw_state;

#endif /* PASV_FIREWALL_H */
