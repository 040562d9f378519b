/* pasvports: the plan (what one run will change, item by item) and the engine that applies it.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * Plan, show, apply. pasv_plan_build() turns the desired options and a snapshot of the current
 * state into items; front ends list the items before anything changes; pasv_plan_apply() runs
 * every PENDING item through the backends, reporting start and finish of each through a sink.
 *
 * Item order is chosen so that a failure at any point leaves FTP working:
 *   BACKUP, OPEN_PORT/KEEP_PORT/FOREIGN (by port) or PUT_RULE, SET_RANGE, EDIT_WHILE_RUNNING,
 *   SET_EXTERNAL_IP, RESTART_SERVICE, CLOSE_STALE (by port) or REMOVE_RULE, ENABLE_FIREWALL,
 *   DISABLE_BUILTIN_RULE, VERIFY.
 * IIS 7+ (issue 13): the site's external address is written before the restart (FTPSVC reads it
 * when it starts), and the restart runs when this run wrote the range or the address. The FTP
 * role's built-in passive rule (1024-65535, opt.disable_builtin_rule) goes off last, once our
 * rule or exceptions are in place, and never in a run that failed; remove turns it on again
 * (ENABLE_BUILTIN_RULE, first, before ours close) when an earlier run of ours turned it off.
 * New ports are open before the server announces them; old ports close only after the server
 * stopped announcing them. In range-rule mode the rule is named for its range
 * ("<prefix> <low>-<high>", pasv_fw_rule_name), so a new range is a new rule: PUT_RULE with no
 * prior value, then REMOVE_RULE of ours for the old range (or of the bare-prefix name earlier
 * versions wrote) after the restart. PUT_RULE replaces (prior = the listed rule) only a rule of
 * ours that already has the new name.
 *
 * Failure policy: ROLLBACK stops at the first failure, marks the rest SKIPPED and undoes every
 * DONE item in reverse; CONTINUE runs everything and reports. Either way the plan afterwards
 * says exactly what state each item is in, and pasv_plan_retry_failed() + pasv_plan_apply()
 * resumes. If the service will not start after a range change, the engine always restores the
 * previous range and starts the service again, and says so (PASV_MSG_SUMMARY_RANGE_RESTORED). */
#ifndef PASV_PLAN_H
#define PASV_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pasv/backend.h"
#include "pasv/firewall.h"
#include "pasv/range.h"
#include "pasv/status.h"

typedef enum pasv_fw_mode {
    PASV_MODE_PER_PORT = 0,  /* one exception per port (legacy API; works on every Windows) */
    PASV_MODE_RANGE_RULE = 1 /* one Vista+ rule for the whole range */
} pasv_fw_mode;

typedef enum pasv_on_error {
    PASV_ON_ERROR_ROLLBACK = 0,
    PASV_ON_ERROR_CONTINUE = 1
} pasv_on_error;

/* What the user asked for. */
typedef struct pasv_options {
    pasv_range range;          /* desired range (ignored when clear_range) */
    bool clear_range;          /* "remove": delete the value, close all of ours */
    pasv_server_kind server;
    pasv_fw_mode mode;
    const char *prefix;        /* exception name prefix; NULL = PASV_DEFAULT_PREFIX */
    pasv_scope scope;
    const char *remote;        /* custom remote addresses when scope is CUSTOM */
    uint32_t profiles;         /* profiles to open in (0 = every profile the firewall knows) */
    bool remove_stale;         /* close our exceptions outside the range */
    bool restart_service;
    bool enable_firewall;
    int edit_while_running;    /* -1 leave alone, 0 off, 1 on (IIS 6 only) */
    pasv_on_error on_error;
    bool skip_config;          /* firewall only: leave the FTP range alone */
    bool skip_firewall;        /* range only */
    /* IIS 7+ only (the engine refuses them elsewhere). */
    const char *site;          /* FTP site whose external address is set; NULL with external_ip NULL */
    const char *external_ip;   /* NULL: leave the site's address alone; "": clear it; else dotted IPv4 */
    bool disable_builtin_rule; /* turn the FTP role's built-in passive rule off once our rule is in place */
} pasv_options;

/* Sets the defaults a polished tool would: per-port, scope any, all profiles, remove stale,
 * restart, leave the firewall switch and direct-edit alone, roll back on error. */
void pasv_options_init(pasv_options *opt, pasv_server_kind server);

/* What is there now (read by the front end through the backends before building). */
typedef struct pasv_current {
    pasv_range range;          /* configured range, or the server default when !range_set */
    bool range_set;
    const pasv_fw_list *fw;    /* classified with pasv_fw_classify(); may be NULL (no firewall) */
    pasv_fw_state fw_state;
    int edit_while_running;    /* -1 unknown/not applicable, 0, 1 */
    /* IIS 7+ only. The address opt.site has now (UTF-8, "" when not set); NULL when not read
     * (then opt.external_ip cannot be planned: PASV_E_INVALIDARG). */
    const char *external_ip;
    /* The FTP role's built-in passive rule as the firewall lists it (name, 1024-65535, flags
     * with PASV_FW_ENABLED as it is now), NULL when there is none or it cannot be read. */
    const pasv_fw_entry *builtin_rule;
    /* An earlier run of ours turned that rule off and nothing turned it on since: remove plans
     * ENABLE_BUILTIN_RULE. */
    bool builtin_off_by_us;
} pasv_current;

typedef enum pasv_item_kind {
    PASV_ITEM_BACKUP = 0,
    PASV_ITEM_OPEN_PORT,
    PASV_ITEM_KEEP_PORT,        /* already open and ours: nothing to do, listed for the record */
    PASV_ITEM_FOREIGN,          /* another program's exception inside the range: reported, never touched */
    PASV_ITEM_PUT_RULE,
    PASV_ITEM_SET_RANGE,
    PASV_ITEM_CLEAR_RANGE,
    PASV_ITEM_EDIT_WHILE_RUNNING,
    PASV_ITEM_RESTART_SERVICE,
    PASV_ITEM_CLOSE_STALE,
    PASV_ITEM_REMOVE_RULE,
    PASV_ITEM_ENABLE_FIREWALL,
    PASV_ITEM_VERIFY,
    /* IIS 7+ (issue 13). Appended: journals store kinds by number. */
    PASV_ITEM_SET_EXTERNAL_IP,      /* entry: the site as it was (name, remote = its address, "" unset);
                                     * entry + 1: as the item leaves it (remote = the new address) */
    PASV_ITEM_DISABLE_BUILTIN_RULE, /* entry: the built-in passive rule as listed (enabled) */
    PASV_ITEM_ENABLE_BUILTIN_RULE,  /* entry: the built-in passive rule as listed (disabled, by us) */
    PASV_ITEM_KIND_COUNT
} pasv_item_kind;

typedef enum pasv_item_status {
    PASV_ST_PENDING = 0,
    PASV_ST_RUNNING,
    PASV_ST_DONE,
    PASV_ST_FAILED,
    PASV_ST_SKIPPED,         /* not run because the run stopped at an earlier failure */
    PASV_ST_CANCELLED,       /* not run because the user cancelled */
    PASV_ST_ROLLED_BACK,     /* was DONE, then undone */
    PASV_ST_ROLLBACK_FAILED, /* was DONE, undo failed: hr says why */
    PASV_ST_UNCHANGED,       /* KEEP/FOREIGN rows: nothing to do */
    PASV_ST_NOT_VERIFIED,    /* the backend said success but a read-back disagrees */
    PASV_ST_COUNT
} pasv_item_status;

typedef struct pasv_plan_item {
    uint8_t kind;      /* pasv_item_kind */
    uint8_t status;    /* pasv_item_status */
    uint16_t port;     /* OPEN/KEEP/FOREIGN/CLOSE_STALE */
    uint32_t profiles; /* OPEN/CLOSE_STALE/PUT_RULE/ENABLE_FIREWALL: profiles acted on */
    pasv_range range;  /* SET_RANGE/PUT_RULE/REMOVE_RULE */
    pasv_hr hr;        /* result of the last action (or of the undo) */
    pasv_msg msg;      /* PASV_MSG_RESULT_* or a more specific message */
    uint32_t entry;    /* FOREIGN/CLOSE_STALE/REMOVE_RULE, PUT_RULE when it replaces a rule of ours, and
                        * OPEN_PORT when it overwrites an entry of ours (the prior value):
                        * index into plan->entries, else UINT32_MAX */
} pasv_plan_item;

typedef struct pasv_plan_counts {
    uint32_t open, keep, stale, foreign, rules_put, rules_removed;
    uint32_t done, failed, skipped, cancelled, rolled_back, rollback_failed, not_verified;
    /* Items refused because someone else changed the entry (status FAILED, hr PASV_E_CHANGED,
     * PASV_MSG_RESULT_CHANGED); counted in failed too. Never reset by pasv_plan_retry_failed. */
    uint32_t changed;
    /* Items whose change is in effect now: DONE or NOT_VERIFIED changes, plus undos that failed
     * (ROLLBACK_FAILED). After a rollback, 0 means "everything was rolled back"; anything else
     * is exactly what is left (with plan->range_kept saying whether the new range stayed). */
    uint32_t in_effect;
} pasv_plan_counts;

struct pasv_plan {
    pasv_options opt;          /* copy; prefix/remote point at the plan's own copies */
    char *prefix_buf;
    char *remote_buf;          /* NULL unless the scope is CUSTOM */
    char *site_buf;            /* opt.site's copy, NULL when opt.site is NULL */
    char *external_ip_buf;     /* opt.external_ip's copy, NULL when opt.external_ip is NULL */
    pasv_plan_item *items;
    size_t count;
    pasv_fw_list entries;      /* copies of the foreign/stale/replaced entries rows refer to */
    /* Filled while applying, used by rollback. */
    pasv_range prev_range;
    bool prev_range_set;
    bool prev_known;
    int prev_edit_while_running;
    uint32_t prev_profiles_enabled;
    bool range_restored;       /* the service would not start: previous range put back */
    /* After range_restored: whether start() brought the service back (and its result). When
     * false the service is stopped: say PASV_MSG_SUMMARY_RESTORED_NOT_STARTED, never
     * PASV_MSG_SUMMARY_RANGE_RESTORED. */
    bool service_restarted_after_restore;
    pasv_hr restore_start_hr;
    /* A rollback could not undo a firewall change that the previous range needs (re-opening a
     * closed port or rule), so it left the new range and the openings for it in place (those
     * items stay DONE): the server keeps announcing ports that are open. */
    bool range_kept;
};

/* Builds the plan. Returns PASV_S_OK, PASV_E_INVALIDARG (range invalid for the server: nothing
 * to apply; also an empty prefix or one longer than PASV_PREFIX_MAX, CUSTOM scope without remote
 * addresses, or a firewall snapshot with no target profile; opt.site, opt.external_ip or
 * opt.disable_builtin_rule on a server other than IIS 7+, an external address that is not one
 * IPv4 host address, or one without opt.site or without cur->external_ip),
 * PASV_E_NOTIMPL (range-rule mode on a firewall without the Vista+ rules API) or
 * PASV_E_OUTOFMEMORY. *out is set only on success; free with pasv_plan_free(). */
pasv_hr pasv_plan_build(const pasv_options *opt, const pasv_current *cur, pasv_plan **out);
void pasv_plan_free(pasv_plan *plan);

void pasv_plan_count(const pasv_plan *plan, pasv_plan_counts *counts);
/* The same over a copy of a plan's items (a front end's rows, kept up to date from the sink). */
void pasv_items_count(const pasv_plan_item *items, size_t count, pasv_plan_counts *counts);

/* How far a run is, from its items' states alone, for a progress bar and its counter: the one
 * count every front end shows (issue 12, finding 4: after Stop the counter said every item was
 * done). Applying: total is every item, done those that ran or had nothing to do (SKIPPED and
 * CANCELLED items did not run), failed those that failed. Undoing (undoing true, a rollback):
 * total is every change that is or was in effect, done those undone, failed those whose undo
 * failed (a rollback run again tries them again and moves them to done). */
typedef struct pasv_plan_progress {
    uint32_t done, total, failed;
} pasv_plan_progress;
void pasv_items_progress(const pasv_plan_item *items, size_t count, bool undoing, pasv_plan_progress *p);

/* True when applying would change nothing (a re-run of the same apply). */
bool pasv_plan_is_noop(const pasv_plan *plan);

/* Runs every PENDING item. Returns PASV_S_OK when all ran, PASV_S_FALSE when some failed under
 * CONTINUE, the first failure's code under ROLLBACK (after rolling back), PASV_E_ABORT when
 * cancelled (nothing rolled back: the caller asks the user, then calls pasv_plan_rollback),
 * PASV_E_NOT_VERIFIED when everything ran but VERIFY's read-back disagreed (never rolled back
 * automatically: the backend reported success). When a range change or restart failed, stale
 * closes are SKIPPED under either policy, since the server may still announce those ports. */
pasv_hr pasv_plan_apply(pasv_plan *plan, const pasv_backends *be, pasv_sink *sink);

/* Undoes every DONE item in reverse order. Returns PASV_S_OK or the first undo failure
 * (the remaining undos are still attempted; each item records its own result). A rollback that
 * failed can be run again: it retries every ROLLBACK_FAILED item (and a restart that failed). When an undo
 * that re-opens what the previous range needs fails, the range change and the openings of the
 * new range are not undone (they stay DONE, plan->range_kept); pasv_plan_counts.in_effect says
 * how many changes are left. */
pasv_hr pasv_plan_rollback(pasv_plan *plan, const pasv_backends *be, pasv_sink *sink);

/* Marks FAILED, SKIPPED, CANCELLED, NOT_VERIFIED and ROLLED_BACK items PENDING again (and a
 * passed VERIFY, which must re-check) so that pasv_plan_apply() retries just those. Items that
 * failed with PASV_E_CHANGED (someone else changed the entry) are never retried blindly: the
 * plan was made from a state that no longer holds; re-plan instead. Returns how many were
 * reset. */
size_t pasv_plan_retry_failed(pasv_plan *plan);

/* Message id describing an item's action (PASV_MSG_ITEM_*) and its status (PASV_MSG_RESULT_*). */
pasv_msg pasv_item_action_msg(const pasv_plan_item *item);
/* True when the item was refused because someone else had changed what it would write
 * (PASV_E_CHANGED), whether or not what it did write was rolled back since. */
bool pasv_item_changed_by_others(const pasv_plan_item *item);
pasv_msg pasv_item_status_msg(const pasv_plan_item *item);

#endif /* PASV_PLAN_H */
