/* pasvports: the preflight of a run: what stops apply before its first change and what it must
 * warn about, decided once for every front end (pasvctl apply, the dialog's Apply and Retry).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * Issue 11 (B14), issue 12. Blocking: not elevated; the FTP service is disabled (it would never
 * use the new range; a missing one is no FTP server at all, which the session reports first); the firewall service cannot be reached (nothing could be
 * opened); Group Policy overrides the local firewall lists, or a target profile allows no
 * exceptions (either way the exceptions would have no effect). Warnings: the service is stopped
 * (or disabled) and is left so, the range takes effect at its next start; another program's
 * exceptions lie inside the range (they stay as they are and are not ours to close). remove
 * (clear_range) is only blocked when not elevated: cleaning up is otherwise always allowed. The findings carry message ids from the front end's own table
 * (pasvctl says "run pasvctl apply again", the dialog "click Apply again"); nothing here prints. */
#ifndef PASV_PREFLIGHT_H
#define PASV_PREFLIGHT_H

#include "win.h"

#include <stdbool.h>
#include <stddef.h>

#include "pasv/plan.h"
#include "session.h"

typedef enum pasv_preflight_code {
    PASV_PF_SERVICE_DISABLED = 0, /* blocking */
    PASV_PF_GP_OVERRIDE,          /* blocking */
    PASV_PF_NO_EXCEPTIONS,        /* blocking; insert: the first such target profile's name */
    PASV_PF_SERVICE_STOPPED,      /* warning: left stopped, the range takes effect at its next start */
    PASV_PF_NOT_ELEVATED,         /* blocking (checked first) */
    PASV_PF_FIREWALL_UNREACHABLE, /* blocking: the firewall service does not answer; insert: why */
    PASV_PF_FOREIGN_IN_RANGE,     /* warning; numbers: how many, the first one's port */
    PASV_PF_CODE_COUNT
} pasv_preflight_code;

/* A front end's message ids: msg[code], and the profile names for PASV_PF_NO_EXCEPTIONS. */
typedef struct pasv_preflight_ids {
    UINT msg[PASV_PF_CODE_COUNT];
    UINT profile_domain, profile_standard, profile_private, profile_public;
} pasv_preflight_ids;

extern const pasv_preflight_ids pasv_preflight_ids_cli;    /* pasvctl's texts (res/lang/en-US-cli.rc) */
extern const pasv_preflight_ids pasv_preflight_ids_dialog; /* the dialog's (res/lang/en-US-preflight.rc) */

typedef struct pasv_preflight_finding {
    pasv_preflight_code code;
    bool blocking;
    UINT msg;     /* the message, from the front end's table */
    UINT insert;  /* a string id for %1, or 0 when the message takes none */
    HRESULT hr;   /* PASV_PF_FIREWALL_UNREACHABLE: the failure (%1 its system text, %2 the code) */
    unsigned num[2]; /* PASV_PF_FOREIGN_IN_RANGE: %1!u! count, %2!u! the first port */
} pasv_preflight_finding;

typedef struct pasv_preflight {
    pasv_preflight_finding items[PASV_PF_CODE_COUNT]; /* blocking ones first, in the order above */
    size_t count;
    bool keep_stopped; /* the service must be left stopped: the plan has no restart */
} pasv_preflight;

/* The FTP service as the session last read it is stopped or disabled: a run leaves it so. */
bool pasv_preflight_keep_stopped(const pasv_session *s);

/* Judges the run of opt against the session (after pasv_session_set_mode(s, opt->mode), so
 * the firewall state speaks in that mode's profile bits). Always fills *out. */
void pasv_preflight_check(const pasv_session *s, const pasv_options *opt, const pasv_preflight_ids *ids,
                          pasv_preflight *out);

/* The first blocking finding, or NULL when the run may go ahead. Blocking findings come first,
 * so the warnings are items[i] for i from the first non-blocking one on. */
const pasv_preflight_finding *pasv_preflight_blocking(const pasv_preflight *pf);
/* The first finding of code, or NULL. */
const pasv_preflight_finding *pasv_preflight_find(const pasv_preflight *pf, pasv_preflight_code code);

/* A finding's text with its insert loaded (LocalFree it); NULL when out of memory. */
WCHAR *pasv_preflight_text(const pasv_preflight_finding *f);

#endif /* PASV_PREFLIGHT_H */
