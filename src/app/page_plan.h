/* pasvports: the plan the pages describe: what the dialog and the snap-in's property sheet both
 * apply, made in one place from the range page, the options page and the worker's snapshot.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#ifndef PASV_APP_PAGE_PLAN_H
#define PASV_APP_PAGE_PLAN_H

#include "win.h"

#include <stdbool.h>

#include "page.h"
#include "pasv/plan.h"
#include "worker.h"

/* The server's configuration can be changed (the session opened and found one). */
bool app_snapshot_server_usable(const app_snapshot *snap);
/* The firewall could be read whole (a plan then includes it). */
bool app_snapshot_firewall_usable(const app_snapshot *snap);

/* The engine's options for range and the options page's choice ch, as a run from the pages does
 * them (the engine continues after a failure: the host offers Roll back / Keep / Retry). */
void app_page_plan_options(const app_page *range_page, const app_page_choice *ch, const pasv_range *range,
                           const app_snapshot *snap, pasv_options *opt);

/* The plan of the pages' inputs against snap. True with *out set (the caller frees it); false
 * with *why the string id that says why there is none (0: the options page shows why itself)
 * and *hr the engine's failure when pasv_plan_build failed (else PASV_S_OK). */
bool app_page_build_plan(const app_page *range_page, const app_page *options_page, const app_snapshot *snap,
                         pasv_plan **out, UINT *why, pasv_hr *hr);

#endif /* PASV_APP_PAGE_PLAN_H */
