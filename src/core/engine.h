/* pasvports: the engine's private parts (src/core only): one run's context and the
 * bookkeeping every item goes through (the sink's started/finished/cancel, an item's status).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#ifndef PASV_CORE_ENGINE_H
#define PASV_CORE_ENGINE_H

#include "pasv/plan.h"

#define NO_ENTRY UINT32_MAX

typedef struct engine {
    pasv_plan *plan;
    pasv_ftp_config *cfg;
    pasv_firewall *fw;
    pasv_service *svc;
    pasv_sink *sink;
} engine;

/* ---- Sink and item bookkeeping ---- */

static inline void sink_started(engine *e, size_t i)
{
    if (e->sink && e->sink->vt && e->sink->vt->item_started)
        e->sink->vt->item_started(e->sink, e->plan, i);
}

static inline void sink_finished(engine *e, size_t i)
{
    if (e->sink && e->sink->vt && e->sink->vt->item_finished)
        e->sink->vt->item_finished(e->sink, e->plan, i);
}

static inline bool sink_cancel(engine *e)
{
    return e->sink && e->sink->vt && e->sink->vt->should_cancel && e->sink->vt->should_cancel(e->sink);
}

static inline void set_status(pasv_plan_item *it, pasv_item_status st, pasv_hr hr)
{
    it->status = (uint8_t)st;
    it->hr = hr;
    it->msg = pasv_item_status_msg(it);
}

static inline bool is_range_item(const pasv_plan_item *it)
{
    return it->kind == PASV_ITEM_SET_RANGE || it->kind == PASV_ITEM_CLEAR_RANGE;
}

/* What the FTP service reads when it starts: the range, and on IIS 7+ a site's external address. */
static inline bool needs_restart(const pasv_plan_item *it)
{
    return is_range_item(it) || it->kind == PASV_ITEM_SET_EXTERNAL_IP;
}

/* ---- IIS 7+ items (apply_iis7.c) ---- */

bool iis7_is_item(const pasv_plan_item *it);
pasv_hr iis7_run_item(engine *e, const pasv_plan_item *it);
pasv_hr iis7_undo_item(engine *e, const pasv_plan_item *it);
pasv_hr iis7_verify_address(engine *e, pasv_plan_item *it, bool *bad);
bool iis7_builtin_blocked(const pasv_plan *plan, size_t index);
void iis7_restore_address(engine *e);

#endif /* PASV_CORE_ENGINE_H */
