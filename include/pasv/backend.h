/* pasvports: the backend vtables the engine drives (FTP configuration, firewall, service) and
 * the progress sink it reports through.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * Each backend is a struct whose first member points at a const vtable; an implementation
 * embeds it in its own struct and recovers itself with PASV_CONTAINER_OF. Every method returns
 * a pasv_hr; on failure its outputs are untouched. Methods are called from one thread (the
 * caller's worker), so backends need no locking. Windows implementations are in src/win,
 * recording fakes in tests/unit/fakes. */
#ifndef PASV_BACKEND_H
#define PASV_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pasv/firewall.h"
#include "pasv/range.h"
#include "pasv/status.h"

#define PASV_CONTAINER_OF(ptr, type, member) \
    ((type *)((char *)(1 ? (ptr) : &((type *)0)->member) - offsetof(type, member)))

/* ---- FTP server configuration store (IIS 6 metabase, IIS 5 registry) ---- */

typedef struct pasv_ftp_config pasv_ftp_config;
typedef struct pasv_ftp_config_vtable {
    /* The configured range. *is_set false (and *range the server default) when the value is
     * absent, e.g. ABO MD_ERROR_DATA_NOT_FOUND. */
    pasv_hr (*get_range)(pasv_ftp_config *cfg, pasv_range *range, bool *is_set);
    /* Saves a restorable copy before a write (ABO Backup). PASV_S_FALSE when the store has no
     * backup facility of its own (IIS 5 registry: the engine's remembered value is the backup). */
    pasv_hr (*backup)(pasv_ftp_config *cfg);
    /* Writes the range; NULL removes the value so the server uses its default. */
    pasv_hr (*set_range)(pasv_ftp_config *cfg, const pasv_range *range);
    /* IIS 6 "Enable Direct Metabase Edit" (/LM EnableEditWhileRunning). PASV_E_NOTIMPL elsewhere. */
    pasv_hr (*get_edit_while_running)(pasv_ftp_config *cfg, bool *on);
    pasv_hr (*set_edit_while_running)(pasv_ftp_config *cfg, bool on);
    /* IIS 7+ (NULL elsewhere): an FTP site's external IPv4 address (UTF-8, "" when not set).
     * set_external_ip proves ownership at write time: it re-reads the address and writes ip
     * ("" clears it) only when it still is expected (what the plan saw); PASV_S_FALSE, nothing
     * written, when it already is ip (an undo of a write that never happened); PASV_E_CHANGED,
     * nothing written, when it is anything else or the site is gone. */
    pasv_hr (*get_external_ip)(pasv_ftp_config *cfg, const char *site, char *ip, size_t cap);
    pasv_hr (*set_external_ip)(pasv_ftp_config *cfg, const char *site, const char *expected, const char *ip);
} pasv_ftp_config_vtable;
struct pasv_ftp_config {
    const pasv_ftp_config_vtable *vt;
};

/* ---- Firewall ---- */

typedef struct pasv_firewall pasv_firewall;
typedef struct pasv_firewall_vtable {
    /* Appends every TCP opening and rule, across all profiles, to *out (not classified). */
    pasv_hr (*list)(pasv_firewall *fw, pasv_fw_list *out);
    pasv_hr (*get_state)(pasv_firewall *fw, pasv_fw_state *state);
    /* Ownership is proven at the moment of writing: each mutator re-reads what it is about to
     * change, right before changing it, and changes nothing where that is not what the engine
     * expects. Such a profile is left alone and the call returns PASV_E_CHANGED ("changed by
     * someone else"), after doing the profiles that were as expected.
     *
     * Opens entry->ports.low named entry->name in entry->profiles with entry->scope/remote.
     * prior is what the port held there when the plan was made (NULL: nothing): if it now holds
     * anything else, that profile is not written. */
    pasv_hr (*open_port)(pasv_firewall *fw, const pasv_fw_entry *entry, const pasv_fw_entry *prior);
    /* Closes our single-port entry (as listed: name, scope, profiles) in entry->profiles. A port
     * already closed there succeeds; a port that now holds something else is left alone. */
    pasv_hr (*close_port)(pasv_firewall *fw, const pasv_fw_entry *entry);
    /* Adds a Vista+ rule of ours. prior: our rule it replaces (removed first), or NULL when
     * there is none; a rule of the same name that is not ours is never removed or replaced.
     * PASV_E_NOTIMPL on the legacy API. */
    pasv_hr (*put_rule)(pasv_firewall *fw, const pasv_fw_entry *rule, const pasv_fw_entry *prior);
    /* Removes our rule (as listed). An absent rule succeeds; a rule of that name that is not
     * ours, or ours but changed since it was listed, is left alone (PASV_E_CHANGED). */
    pasv_hr (*remove_rule)(pasv_firewall *fw, const pasv_fw_entry *rule);
    pasv_hr (*set_enabled)(pasv_firewall *fw, uint32_t profiles, bool enabled);
    /* Vista+ (NULL on the legacy API): turns the FTP role's built-in passive rule (rule, as
     * listed: its name) on or off, and nothing else about it. Re-reads the rule by name first:
     * when it is not the built-in passive rule any more (gone, or not the service ftpsvc's
     * inbound TCP 1024-65535 rule), PASV_E_CHANGED, nothing written; when it already is in the
     * state asked, PASV_S_FALSE, nothing written (an undo of a change that never happened). */
    pasv_hr (*set_builtin_rule)(pasv_firewall *fw, const pasv_fw_entry *rule, bool enabled);
} pasv_firewall_vtable;
struct pasv_firewall {
    const pasv_firewall_vtable *vt;
};

/* ---- Service control (MSFTPSVC) ---- */

typedef enum pasv_service_state {
    PASV_SVC_UNKNOWN = 0,
    PASV_SVC_STOPPED = 1, /* same numbers as SERVICE_STOPPED .. SERVICE_PAUSED */
    PASV_SVC_START_PENDING = 2,
    PASV_SVC_STOP_PENDING = 3,
    PASV_SVC_RUNNING = 4
} pasv_service_state;

typedef struct pasv_sink pasv_sink;
typedef struct pasv_service pasv_service;
typedef struct pasv_service_vtable {
    pasv_hr (*query)(pasv_service *svc, pasv_service_state *state);
    /* Stops (if running) then starts, waiting as Microsoft's samples do; reports waits through
     * pasv_sink_note(sink, item, PASV_NOTE_SERVICE_STATE, state). Ends RUNNING or fails. */
    pasv_hr (*restart)(pasv_service *svc, pasv_sink *sink, size_t item);
    /* Starts a stopped service (used after restoring a range the service would not start with). */
    pasv_hr (*start)(pasv_service *svc, pasv_sink *sink, size_t item);
} pasv_service_vtable;
struct pasv_service {
    const pasv_service_vtable *vt;
};

/* ---- Progress sink ---- */

typedef struct pasv_plan pasv_plan;

/* Notes: sub-progress within one item. */
typedef enum pasv_note {
    PASV_NOTE_SERVICE_STATE = 1, /* value: pasv_service_state */
    PASV_NOTE_RETRY = 2          /* value: attempt number (e.g. ERROR_PATH_BUSY retry) */
} pasv_note;

typedef struct pasv_sink_vtable {
    void (*item_started)(pasv_sink *sink, const pasv_plan *plan, size_t item);
    /* Every item's outcome is reported here. An item that does not run (SKIPPED, CANCELLED)
     * is reported finished without a started: the journal must know it will not run. */
    void (*item_finished)(pasv_sink *sink, const pasv_plan *plan, size_t item);
    /* Polled between items; true stops the run (remaining items become CANCELLED). */
    bool (*should_cancel)(pasv_sink *sink);
    void (*note)(pasv_sink *sink, size_t item, pasv_note note, uint32_t value);
} pasv_sink_vtable;
struct pasv_sink {
    const pasv_sink_vtable *vt;
};

static inline void pasv_sink_note(pasv_sink *sink, size_t item, pasv_note note, uint32_t value)
{
    if (sink && sink->vt->note)
        sink->vt->note(sink, item, note, value);
}

/* The set of backends one run uses. Any may be NULL when that part is not involved
 * (then the plan has no items for it). */
typedef struct pasv_backends {
    pasv_ftp_config *config;
    pasv_firewall *firewall;
    pasv_service *service;
} pasv_backends;

#endif /* PASV_BACKEND_H */
