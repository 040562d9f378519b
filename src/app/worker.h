/* pasvports: the dialog's worker thread. It owns the session (COM STA on the worker), reads the
 * configuration, applies, rolls back and retries plans, and reports only by posting WM_APP
 * messages with self-contained heap records that the dialog applies and frees.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * The worker never touches a window except through PostMessageW to the dialog. Cancel is an
 * atomic flag the progress sink polls between items. Progress is batched: at most one
 * WM_APP_PROGRESS is in the dialog's queue at any time, so a 60,535-item run cannot flood it. */
#ifndef PASV_APP_WORKER_H
#define PASV_APP_WORKER_H

#include "win.h"

#include <stdbool.h>

#include "ftprules.h"
#include "ftpsites.h"
#include "pasv/plan.h"
#include "session.h"

/* Posted to the dialog; lParam is the record (the dialog frees it with app_record_free). */
#define WM_APP_SNAPSHOT  (WM_APP + 1) /* app_snapshot */
#define WM_APP_PROGRESS  (WM_APP + 2) /* app_progress */
#define WM_APP_RUN_DONE  (WM_APP + 3) /* app_run_done */
#define WM_APP_REFUSED   (WM_APP + 4) /* app_refusal (guard.h): a run refused before any change */
#define WM_APP_UNFINISHED (WM_APP + 5) /* app_unfinished (guard.h): an interrupted run waits */

/* What the worker read: a copy of the session's snapshot, detached from the session. */
typedef struct app_snapshot {
    HRESULT open_hr;            /* pasv_session_open; nothing below is valid when it failed */
    pasv_env env;
    pasv_server_kind server;
    HRESULT config_hr;          /* S_OK when the configuration backend exists */
    HRESULT firewall_hr;
    HRESULT service_hr;
    pasv_service_state svc_state;
    HRESULT svc_state_hr;
    pasv_range range;
    bool range_set;
    HRESULT range_hr;
    int edit_while_running;
    HRESULT edit_hr;
    pasv_fw_list fw;            /* owned; classified */
    HRESULT fw_hr;
    pasv_fw_state fw_state;     /* in the per-port (legacy) API's profile bits */
    HRESULT fw_state_hr;
    pasv_fw_state fw_state_rules; /* in the Vista+ rules API's bits; valid when fw_state.rules_api */
    HRESULT fw_state_rules_hr;
    char prefix[PASV_PREFIX_MAX + 1];
    bool keep_stopped;          /* the FTP service is stopped or disabled: a run leaves it so */
    pasv_range dynamic_range;   /* this machine's TCP dynamic range: the "Windows default" (machine.h) */
    /* IIS 7+ only (E_NOTIMPL elsewhere): its FTP sites (owned), the FTP Server role's built-in
     * firewall rules and the stateful FTP filter's policy (ftprules.h: 1 on, 0 off, -1 unknown). */
    pasv_ftp_sites sites;
    HRESULT sites_hr;
    pasv_ftp_rules builtin;
    HRESULT builtin_hr;
    int stateful_ftp;
    /* The built-in passive rule as the engine wants it (pasv_current.builtin_rule; name points at
     * builtin_name) when has_builtin, and whether a run of ours turned it off. */
    bool has_builtin, builtin_off_by_us;
    pasv_fw_entry builtin_rule;
    char builtin_name[1024];
} app_snapshot;

/* One item's new state. note is a pasv_service_state when the item reported one, else 0. */
typedef struct app_update {
    uint32_t index;
    uint8_t status;
    uint8_t note;
    uint16_t reserved;
    pasv_hr hr;
    pasv_msg msg;
} app_update;

typedef struct app_progress {
    size_t count;
    app_update updates[];
} app_progress;

typedef enum app_op {
    APP_OP_APPLY = 1,
    APP_OP_ROLLBACK,
    APP_OP_RETRY,
    APP_OP_RECOVER_UNDO,      /* undo an interrupted run (pasvctl --rollback-unfinished) */
    APP_OP_RECOVER_FINISH     /* finish it (pasvctl --resume) */
} app_op;

/* The end of a run: the result and every item's final state. */
typedef struct app_run_done {
    app_op op;
    pasv_hr hr;
    bool range_restored;
    bool restore_started;       /* after range_restored: the service did start again */
    bool cancelled;
    bool kept_stopped;          /* the service was stopped and left so: the range takes effect at its next start */
    uint32_t in_effect;         /* the engine's count of changes still in effect after a rollback */
    uint32_t changed;           /* items left alone because someone else changed them */
    HRESULT trail_hr;           /* recording the change trail (pasv_trail_record) */
    WCHAR warning[512];         /* a dead run's lock taken over ("" when none) */
    size_t count;
    app_update items[];
} app_run_done;

typedef struct app_worker app_worker;

/* Starts the worker, which opens the session and posts a first WM_APP_SNAPSHOT to notify. */
app_worker *app_worker_start(HWND notify);
/* Hands a plan to the worker (ownership moves) and applies it. */
bool app_worker_apply(app_worker *w, pasv_plan *plan);
bool app_worker_rollback(app_worker *w);
bool app_worker_retry(app_worker *w);
/* The admin kept a failed or cancelled run's changes: the change log's line of that decision. */
bool app_worker_keep(app_worker *w);
bool app_worker_refresh(app_worker *w);
/* Finishes or undoes the interrupted run the worker reported (WM_APP_UNFINISHED). */
bool app_worker_recover(app_worker *w, app_op op);
/* The dialog calls this when it took a WM_APP_PROGRESS record: the worker may post the next. */
void app_worker_progress_taken(app_worker *w);
/* Asks a running apply to stop between items. */
void app_worker_cancel(app_worker *w);
bool app_worker_busy(const app_worker *w);
/* Stops the thread (after the current command), closes the session and frees everything. */
void app_worker_stop(app_worker *w);

void app_snapshot_free(app_snapshot *snap);

#endif /* PASV_APP_WORKER_H */
