/* pasvports: the audit as CSV or JSON, written the same way by pasvctl and the dialog.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * CSV (RFC 4180): a UTF-8 byte order mark (so Excel reads non-ASCII names), then the header
 *   port,state,profiles,name
 * and one CRLF-ended row per audit row. JSON (RFC 8259, UTF-8 without a BOM):
 *   {"range": "5001-5201", "range_set": true,
 *    "totals": {"open": N, "partial": N, "missing": N, "foreign": N, "stale": N, "overridden": N},
 *    "rows": [{"port": 5100, "state": "foreign", "profiles": "domain|standard", "name": "..."}, ...]}
 * state is one of open, partial, missing, foreign, stale, overridden (open locally, but Group
 * Policy or "no exceptions" makes the opening ineffective). profiles spells out the profiles where
 * the port is open, joined by "|" in bit order: domain|standard for the Windows XP/2003 firewall,
 * domain|private|public for the Vista+ one; "" when none. Names are written whole, as the
 * firewall holds them, except that bytes which are not UTF-8 become U+FFFD (both formats are
 * always valid UTF-8). Column and key names never change with the language: the dialog may
 * pass a localized CSV header line, nothing else. */
#ifndef PASV_AUDIT_OUT_H
#define PASV_AUDIT_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pasv/audit.h"
#include "pasv/firewall.h"
#include "pasv/status.h"
#include "pasv/textbuf.h"

typedef enum pasv_audit_format {
    PASV_AUDIT_CSV = 0,
    PASV_AUDIT_JSON = 1
} pasv_audit_format;

typedef struct pasv_audit_out {
    pasv_audit_format format;
    bool rules_api;             /* profile bits are NET_FW_PROFILE2 (Vista+) rather than legacy */
    bool range_set;             /* JSON: whether the server has a range configured */
    const char *csv_header;     /* NULL: "port,state,profiles,name"; else a header line (no CRLF) */
    const uint32_t *rows;       /* NULL: every row; else indexes into audit->rows, in this order */
    size_t row_count;
} pasv_audit_out;

/* "domain|private|public" for a mask (bits beyond the API's are ignored). */
const char *pasv_audit_profiles_text(uint32_t profiles, bool rules_api, char *buf, size_t cap);

/* "open", "partial", ... ("" for an unknown state). */
const char *pasv_audit_state_word(unsigned state);

/* Appends the audit (entry names from list, the one it was built from) to out. Returns
 * PASV_S_OK, PASV_E_INVALIDARG (a row index out of range) or PASV_E_OUTOFMEMORY (out is failed;
 * discard it). */
pasv_hr pasv_audit_write(const pasv_audit *audit, const pasv_fw_list *list, const pasv_audit_out *opt,
                         pasv_textbuf *out);

#endif /* PASV_AUDIT_OUT_H */
