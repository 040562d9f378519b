/* pasvports: one picture of the firewall, shared by the plan, the audit and the verification.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * The list is sorted once (n log n) into: our single-port TCP exceptions by port, foreign
 * single-port TCP exceptions by port, our TCP rules and foreign enabled TCP rules as port
 * spans. A cursor then walks ports in ascending order and answers, per port and per profile
 * bit, what of ours and what of others is there, in amortised O(1) per port, so the whole
 * 5001-65535 range (60,535 ports) never scans the list per port.
 *
 * What counts as foreign, decided here once for everyone:
 *   - another program's single-port exception blocks the port in its profiles whether enabled
 *     or not (INetFwOpenPorts::Add overwrites the existing entry, so writing there would hijack
 *     it), but only an enabled one opens the port;
 *   - another program's rule opens its ports when enabled; a disabled rule opens nothing and
 *     blocks nothing (our entries never modify it);
 *   - Group Policy entries are never ours (pasv_fw_classify). */
#ifndef PASV_FWINDEX_H
#define PASV_FWINDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pasv/firewall.h"

#define PASV_FWX_NONE UINT32_MAX

typedef struct pasv_fwx_port {
    uint16_t port;
    uint32_t idx; /* index into the list */
} pasv_fwx_port;

typedef struct pasv_fwx_span {
    uint16_t low, high;
    uint32_t present; /* profiles the entry is in */
    uint32_t enabled; /* profiles it opens (0 when disabled) */
    uint32_t idx;
} pasv_fwx_span;

typedef struct pasv_fw_index {
    const pasv_fw_list *list;
    pasv_fwx_port *ours, *foreign;    /* by port, then list order */
    size_t n_ours, n_foreign;
    pasv_fwx_span *rules_lo, *rules_hi; /* our TCP rules, by start and by end */
    size_t n_rules;
    pasv_fwx_span *frules_lo, *frules_hi; /* foreign enabled TCP rules */
    size_t n_frules;
} pasv_fw_index;

/* Builds the index of a classified list (NULL: an empty firewall). Returns false on OOM
 * (index cleaned up). The list must outlive the index and not change while it is used. */
bool pasv_fw_index_build(pasv_fw_index *ix, const pasv_fw_list *list);
void pasv_fw_index_cleanup(pasv_fw_index *ix);

/* Our single-port exceptions at port (binary search): *first is an index into ix->ours. */
size_t pasv_fw_index_ours_at(const pasv_fw_index *ix, uint16_t port, size_t *first);

/* What is at one port, per profile bit. */
typedef struct pasv_fw_port_view {
    uint16_t port;
    const pasv_fwx_port *ours;  /* our single-port exceptions here (n_ours of them) */
    size_t n_ours;
    uint32_t ours_present, ours_enabled;
    uint32_t foreign_present, foreign_enabled; /* foreign single-port exceptions */
    uint32_t foreign_idx;       /* the first foreign exception here, or PASV_FWX_NONE */
    uint32_t frule_enabled;     /* profiles opened by foreign enabled rules covering the port */
    uint32_t frule_idx;         /* the covering foreign rule reaching furthest, or NONE */
    uint32_t rule_present, rule_enabled; /* our rules covering the port */
    uint32_t rule_idx;          /* the covering rule of ours reaching furthest, or NONE */
} pasv_fw_port_view;

typedef struct pasv_fwx_sweep {
    const pasv_fwx_span *by_low, *by_high;
    size_t count, next_start, next_end;
    uint32_t present_count[32], enabled_count[32];
    int32_t best_high;
    uint32_t best_idx;
} pasv_fwx_sweep;

typedef struct pasv_fw_cursor {
    const pasv_fw_index *ix;
    size_t pos_ours, pos_foreign;
    pasv_fwx_sweep rules, frules;
} pasv_fw_cursor;

void pasv_fw_cursor_init(pasv_fw_cursor *c, const pasv_fw_index *ix);
/* Ports must be asked in ascending order. */
void pasv_fw_cursor_at(pasv_fw_cursor *c, uint32_t port, pasv_fw_port_view *v);

/* How a port of the range stands, for target profiles (0: any profile counts). */
typedef enum pasv_fw_class {
    PASV_FWC_OPEN = 0,  /* ours grants what is wanted in every target profile */
    PASV_FWC_PARTIAL,   /* something of ours is there, but it does not grant every target profile
                         * (missing in some, disabled, another scope or remote list) */
    PASV_FWC_MISSING,   /* nothing opens it (a disabled foreign exception may still be there:
                         * recorded as the entry, and never written over) */
    PASV_FWC_FOREIGN    /* nothing of ours; another program's enabled entry opens it */
} pasv_fw_class;

/* What the desired state asks of a port: the target profiles (0: any profile counts) and the
 * scope and remote list an opening of ours must grant. any_scope: any enabled opening of ours
 * counts (an audit that does not know the desired scope). */
typedef struct pasv_fw_want {
    uint32_t target;
    uint8_t scope;
    bool any_scope;
    const char *remote;
} pasv_fw_want;

/* The one answer for a port that the plan, the audit and the verification share. */
typedef struct pasv_fw_verdict {
    pasv_fw_class cls;
    uint32_t entry;    /* deciding list index: ours first, else another program's, else NONE */
    uint32_t profiles; /* profiles where the port is open (ours when ours is there, else others') */
    uint32_t granted;  /* target profiles our single-port exceptions grant as wanted */
    uint32_t write;    /* target profiles a per-port plan writes: not granted, and not held by
                        * another program's exception, enabled or not (Add overwrites) */
    uint32_t held;     /* target profiles held by another program's exception */
    uint32_t foreign;  /* another program's entry to report (exception first, else an enabled
                        * rule), or NONE: never one of ours */
} pasv_fw_verdict;

/* Judges the view's port against what is wanted. */
void pasv_fw_view_judge(const pasv_fw_index *ix, const pasv_fw_port_view *v, const pasv_fw_want *want,
                        pasv_fw_verdict *out);

/* True when e grants what the desired state asks: enabled, with that scope and remote list. */
bool pasv_fw_entry_grants(const pasv_fw_entry *e, uint8_t scope, const char *remote);

/* True when e, a rule, opens exactly range and grants what w asks (enabled, with w's scope and
 * remote list unless w->any_scope) in every target profile (any profile when w->target is 0).
 * The one judgement of a range rule the plan and the verification share. */
bool pasv_fw_rule_grants(const pasv_fw_entry *e, const pasv_range *range, const pasv_fw_want *w);

/* Our rule named name (pasv_fw_rule_name_equal) from position *pos of ix->rules_lo on: its list
 * index, with *pos past it, or PASV_FWX_NONE. Start with *pos = 0 to walk every rule so named. */
uint32_t pasv_fw_index_rule_named(const pasv_fw_index *ix, const char *name, size_t *pos);

#endif /* PASV_FWINDEX_H */
