/* pasvports: the audit: how the firewall's openings line up with the FTP passive range.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * One row per port of the range plus one per stale entry of ours outside it. Rows are
 * compact (the whole 5001-65535 range is 60,535 rows) and refer to the firewall list by index
 * for names, so views can be virtual. */
#ifndef PASV_AUDIT_H
#define PASV_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "pasv/firewall.h"
#include "pasv/range.h"
#include "pasv/status.h"

typedef enum pasv_audit_state {
    PASV_AUDIT_OPEN = 0,  /* ours, open in every target profile (or covered by our rule) */
    PASV_AUDIT_PARTIAL,   /* ours, but missing in some target profile or disabled */
    PASV_AUDIT_MISSING,   /* in the range, nothing opens it (entry: a disabled foreign exception
                           * there, which opens nothing and which we never write over) */
    PASV_AUDIT_FOREIGN,   /* in the range, opened by another program's enabled entry: left alone */
    PASV_AUDIT_STALE,     /* ours, outside the range */
    PASV_AUDIT_OVERRIDDEN, /* ours and open locally, but a policy makes the opening ineffective in a
                            * target profile where it is open: Group Policy overrides the local
                            * lists, or the profile allows no exceptions (pasv_audit_apply_policy) */
    PASV_AUDIT_STATE_COUNT
} pasv_audit_state;

typedef struct pasv_audit_row {
    uint16_t port;
    uint8_t state;     /* pasv_audit_state */
    uint8_t reserved;
    uint32_t profiles; /* profiles where it is open */
    uint32_t entry;    /* index into the firewall list of the deciding entry, or UINT32_MAX */
} pasv_audit_row;

typedef struct pasv_audit {
    pasv_range range;
    uint32_t target_profiles;
    pasv_audit_row *rows; /* range ports ascending, then stale ports ascending */
    size_t count;
    uint32_t totals[PASV_AUDIT_STATE_COUNT];
} pasv_audit;

/* Builds the audit of range against list (classified with pasv_fw_classify), through the same
 * firewall index as the plan (fwindex.h). target_profiles are the profiles the port must be open
 * in (pass the plan's target, e.g. pasv_fw_state.profiles_all): a port open in only some of them
 * is PARTIAL. 0 (legacy callers) means "any profile counts". Returns PASV_S_OK or PASV_E_OUTOFMEMORY (audit untouched). */
pasv_hr pasv_audit_build(const pasv_range *range, const pasv_fw_list *list,
                         uint32_t target_profiles, pasv_audit *audit);
/* The same, judged against the desired scope and remote list too (as the plan judges it): an
 * opening of ours with another scope or remote list is PARTIAL, as the plan rewrites it. */
pasv_hr pasv_audit_build_for(const pasv_range *range, const pasv_fw_list *list, uint32_t target_profiles,
                             pasv_scope scope, const char *remote, pasv_audit *audit);
void pasv_audit_cleanup(pasv_audit *audit);

/* The profiles in which the firewall ignores local openings, from its state: every profile when
 * Group Policy overrides the local policy (legacy: the policy's AllowUserPrefMerge off; Vista+:
 * INetFwPolicy2::get_LocalPolicyModifyState = NET_FW_MODIFY_STATE_GP_OVERRIDE), else those
 * whose inbound exceptions are not allowed (ExceptionsNotAllowed / NET_FW_MODIFY_STATE_INBOUND_BLOCKED). */
uint32_t pasv_fw_state_ineffective(const pasv_fw_state *state);

/* Issue 12, finding 6: "open" only where the opening takes effect. Every OPEN row open in one of
 * the ineffective profiles becomes OVERRIDDEN ("open locally, overridden by policy"), totals
 * follow. Both front ends call it after building, with pasv_fw_state_ineffective of the state
 * the audit was judged in. */
void pasv_audit_apply_policy(pasv_audit *audit, uint32_t ineffective_profiles);

/* "201 of 201 open - 0 missing - 3 stale - 1 foreign in range": the numbers for
 * PASV_MSG_AUDIT_SUMMARY are totals[] plus pasv_range_count(). */

#endif /* PASV_AUDIT_H */
