/* pasvports: recording fakes of the backends and the progress sink, for the native unit tests.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * Every fake appends one line per call to a shared fake_log, so tests can assert the order of
 * calls across backends, and has fault knobs. The fake firewall keeps real state (one entry
 * per port and profile bit, as the legacy API stores them) so tests assert the final state. */
#ifndef PASV_TEST_FAKES_H
#define PASV_TEST_FAKES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pasv/backend.h"
#include "pasv/plan.h"

/* ---- Call log shared by the fakes ---- */

#define FAKE_LINE 128

typedef struct fake_log {
    char (*lines)[FAKE_LINE];
    size_t count, cap;
} fake_log;

void fake_log_init(fake_log *log);
void fake_log_cleanup(fake_log *log);
void fake_log_add(fake_log *log, const char *fmt, ...);
/* Index of the first line containing needle at or after start, or SIZE_MAX. */
size_t fake_log_find(const fake_log *log, size_t start, const char *needle);
/* Number of lines containing needle. */
size_t fake_log_count(const fake_log *log, const char *needle);

/* ---- FTP configuration ---- */

typedef struct fake_config {
    pasv_ftp_config base;
    fake_log *log;
    pasv_server_kind kind;
    pasv_range range;      /* meaningful when is_set */
    bool is_set;
    int edit_while_running; /* -1: the store has no such setting (E_NOTIMPL) */
    unsigned backups, gets, sets;
    /* Faults */
    pasv_hr get_hr, backup_hr;
    unsigned fail_set_call; /* 1-based index of the set_range call that fails with set_hr */
    pasv_hr set_hr;
    /* IIS 7+ (kind PASV_SERVER_IIS7 only): one FTP site and its external address ("" unset). */
    char site[64];
    char external_ip[64];
    unsigned ip_sets;       /* set_external_ip calls that wrote */
    pasv_hr ip_hr;          /* set_external_ip fails with this (before writing) */
    /* Someone else's address, written just before the next set_external_ip re-reads ("" none). */
    char outside_ip[64];
} fake_config;

void fake_config_init(fake_config *cfg, fake_log *log, pasv_server_kind kind);

/* ---- Firewall ---- */

typedef struct fake_firewall {
    pasv_firewall base;
    fake_log *log;
    pasv_fw_list state;      /* what the firewall holds, in insertion order */
    pasv_fw_state fw_state;
    uint32_t *port_bits;     /* 65536 masks: profiles holding a TCP single-port entry (fast path) */
    unsigned calls;          /* mutating calls so far */
    /* Faults */
    bool stub;               /* Wine's hnetcfg: mutators return S_OK and store nothing */
    unsigned fail_call;      /* 1-based index of the mutating call that fails with fail_hr */
    int fail_port;           /* open/close of this port fails with fail_hr (-1: never) */
    pasv_hr fail_hr;
    pasv_hr list_hr, state_hr, enable_hr;
    /* put_rule stores the rule with this scope and no remote list (-1: as given): a backend
     * whose RemoteAddresses write was lost. */
    int rule_scope_stored;
    /* put_rule over a prior of the same name but for case edits that rule in place, so it keeps
     * its stored name (Windows finds rules by name without regard to case). */
    bool rule_keeps_name;
    /* Someone else's change, made just before the n-th (1-based) mutating call re-reads the
     * firewall: the race that ownership at write time must win. */
    unsigned outside_call;
    pasv_fw_entry outside;   /* seeded (a port entry overwrites that port) at outside_call */
    /* Counters of what the ownership checks refused (PASV_E_CHANGED). */
    unsigned refused;
    /* The FTP role's built-in passive rule (kept apart from state: never ours, never listed as
     * a port opening). builtin_swapped: someone else replaced it by a rule of the same name that
     * is not the built-in passive one, just before the next set_builtin_rule re-reads. */
    bool has_builtin, builtin_enabled, builtin_swapped;
    char builtin_name[80];
    unsigned builtin_sets;  /* set_builtin_rule calls that wrote */
    pasv_hr builtin_hr;     /* set_builtin_rule fails with this (before writing) */
} fake_firewall;

void fake_firewall_init(fake_firewall *fw, fake_log *log, uint32_t profiles_all);
void fake_firewall_cleanup(fake_firewall *fw);
/* Seeds state directly (no log line, no fault): a port entry is split per profile bit. */
void fake_firewall_seed(fake_firewall *fw, const pasv_fw_entry *entry);

/* ---- Service ---- */

typedef struct fake_service {
    pasv_service base;
    fake_log *log;
    pasv_service_state state;
    unsigned restarts, starts;
    /* Faults: the service will not start while cfg holds bad_range (is_set and equal). */
    const fake_config *cfg;
    bool has_bad_range;
    pasv_range bad_range;
    pasv_hr fail_hr;
    pasv_hr restart_hr;      /* restart fails with this regardless of the range */
    pasv_hr start_hr;        /* start fails with this regardless of the range */
} fake_service;

void fake_service_init(fake_service *svc, fake_log *log);

/* ---- Progress sink ---- */

typedef struct fake_sink {
    pasv_sink base;
    size_t *started, *finished;
    size_t n_started, n_finished, cap_started, cap_finished;
    size_t open_item;        /* SIZE_MAX when no item is between started and finished */
    bool pairing_ok;         /* every finished matched the preceding started (or, for a
                              * SKIPPED or CANCELLED item, came alone) */
    size_t not_run;          /* finished reports of SKIPPED or CANCELLED items */
    unsigned polls, notes;
    size_t cancel_after;     /* should_cancel returns true once this many items finished (0: never) */
} fake_sink;

void fake_sink_init(fake_sink *sink);
void fake_sink_cleanup(fake_sink *sink);

/* ---- Entry helpers ---- */

pasv_fw_entry fake_port(const char *name, uint16_t port, uint32_t profiles, uint16_t flags);
pasv_fw_entry fake_rule(const char *name, uint16_t low, uint16_t high, uint32_t profiles, uint16_t flags);
/* The built-in passive rule as a front end lists it (pasv_current.builtin_rule). */
pasv_fw_entry fake_builtin_entry(const fake_firewall *fw);

#endif /* PASV_TEST_FAKES_H */
