/* pasvports: one administrative session: the detected environment, the backends that fit it,
 * and a snapshot of the current state. The dialog, pasvctl and the snap-in all go through this,
 * so none of them talks to Windows on its own.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * Created, used and freed on one COM-initialised thread (the GUI's worker, pasvctl's main). */
#ifndef PASV_SESSION_H
#define PASV_SESSION_H

#include "win.h"

#include "backends.h"
#include "env.h"
#include "pasv/audit.h"
#include "pasv/plan.h"

typedef struct pasv_session {
    pasv_env env;
    pasv_server_kind server;

    pasv_ftp_config *config;    /* NULL when no supported server: config_hr says why */
    HRESULT config_hr;
    pasv_firewall *firewall;    /* the combined firewall (legacy ports + Vista+ rules) */
    HRESULT firewall_hr;
    pasv_service *service;
    HRESULT service_hr;

    /* Snapshot, filled by pasv_session_refresh(). */
    pasv_range range;           /* configured range, or the server default */
    bool range_set;
    HRESULT range_hr;
    int edit_while_running;     /* -1 when not applicable or unreadable */
    HRESULT edit_hr;
    pasv_fw_list fw;            /* classified with the session's prefix */
    HRESULT fw_hr;              /* PASV_S_FALSE: the firewall could not list everything */
    pasv_fw_state fw_state;
    HRESULT fw_state_hr;
    char prefix[PASV_PREFIX_MAX + 1];
    pasv_fw_mode mode;          /* set with pasv_session_set_mode(); per-port by default */
    /* Issue 11 (B12): range_hr PASV_S_RANGE_INVALID: the text set by hand ("abc"), else "". */
    WCHAR range_invalid[PASV_RAW_RANGE_MAX];
    /* Issue 11 (B14): the FTP service as found at refresh (service_state_hr says why not). */
    pasv_service_state service_state;
    DWORD service_start_type;   /* SERVICE_AUTO_START .. SERVICE_DISABLED; 0 when unknown */
    HRESULT service_state_hr;
    /* IIS 7+ (issue 13): the FTP role's built-in passive rule as refresh found it (has_builtin),
     * as pasv_current wants it, and whether it is off because a run of ours turned it off (the
     * mark ftprules.h keeps); the external address of the site pasv_session_read_site read. */
    bool has_builtin, builtin_off_by_us;
    pasv_fw_entry builtin;      /* name points at builtin_name */
    char builtin_name[1024];
    bool site_read;
    char site_ip[64];

    /* Private: the two firewall APIs behind the combined one. */
    pasv_firewall *fw_legacy;
    pasv_firewall *fw_rules;
} pasv_session;

/* Detects the environment and creates the backends. Fails only when memory runs out; the
 * parts that are not usable stay NULL with their HRESULT recorded. */
HRESULT pasv_session_open(const char *prefix, pasv_session **out);
void pasv_session_close(pasv_session *session);

/* Re-reads the range, edit-while-running, firewall list and state. Returns the first failure
 * (each part also records its own). */
HRESULT pasv_session_refresh(pasv_session *session);

/* Re-reads only the FTP service's state and start type (service_state*, a run's preflight). */
HRESULT pasv_session_refresh_service(pasv_session *session);

/* Chooses the firewall mode of the next plan. The firewall-wide state (profiles, on/off) is
 * re-read in the profile bits of that mode's API: legacy Domain|Standard for per-port,
 * Vista+ Domain|Private|Public for range-rule. Call it after refresh when the mode changes. */
void pasv_session_set_mode(pasv_session *session, pasv_fw_mode mode);

/* IIS 7+: reads the external address of the FTP site named site (UTF-8) for the next plan
 * (pasv_current.external_ip). HRESULT_FROM_WIN32(ERROR_NOT_FOUND) when there is no such FTP site;
 * E_NOTIMPL on other servers. */
HRESULT pasv_session_read_site(pasv_session *session, const char *site);

/* The snapshot as the engine wants it (pointers into the session: valid until refresh/close). */
void pasv_session_current(const pasv_session *session, pasv_current *cur);

/* The backends for one run. */
void pasv_session_backends(pasv_session *session, pasv_backends *be);

/* The audit of the snapshot as a run would judge it (the profiles and scope apply writes):
 * pasvctl status/audit and the snap-in show this one. PASV_S_OK or PASV_E_OUTOFMEMORY. */
pasv_hr pasv_session_audit(const pasv_session *session, pasv_audit *audit);
/* Whether the audit's profile bits are the Vista+ ones (domain|private|public) rather than the
 * legacy domain|standard (pasv_audit_profiles_text's rules_api). */
bool pasv_session_profiles_rules(const pasv_session *session);

#endif /* PASV_SESSION_H */
