/* pasvports: a fake MSFTPSVC that can refuse to start with a given range, for unit tests.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 */
#include <string.h>

#include "fakes.h"

static fake_service *impl(pasv_service *s)
{
    return PASV_CONTAINER_OF(s, fake_service, base);
}

/* IIS 6 "will invalidate it and will not restart" with a value it dislikes (cc738280). */
static bool range_is_bad(const fake_service *svc)
{
    return svc->has_bad_range && svc->cfg && svc->cfg->is_set && svc->cfg->range.low == svc->bad_range.low
           && svc->cfg->range.high == svc->bad_range.high;
}

static pasv_hr query(pasv_service *s, pasv_service_state *state)
{
    fake_service *svc = impl(s);

    fake_log_add(svc->log, "svc.query");
    *state = svc->state;
    return PASV_S_OK;
}

static pasv_hr start(pasv_service *s, pasv_sink *sink, size_t item)
{
    fake_service *svc = impl(s);

    svc->starts++;
    fake_log_add(svc->log, "svc.start");
    pasv_sink_note(sink, item, PASV_NOTE_SERVICE_STATE, PASV_SVC_START_PENDING);
    if (PASV_FAILED(svc->start_hr)) {
        svc->state = PASV_SVC_STOPPED;
        return svc->start_hr;
    }
    if (range_is_bad(svc)) {
        svc->state = PASV_SVC_STOPPED;
        return svc->fail_hr;
    }
    svc->state = PASV_SVC_RUNNING;
    return PASV_S_OK;
}

static pasv_hr restart(pasv_service *s, pasv_sink *sink, size_t item)
{
    fake_service *svc = impl(s);

    svc->restarts++;
    fake_log_add(svc->log, "svc.restart");
    pasv_sink_note(sink, item, PASV_NOTE_SERVICE_STATE, PASV_SVC_STOP_PENDING);
    svc->state = PASV_SVC_STOPPED;
    if (PASV_FAILED(svc->restart_hr))
        return svc->restart_hr;
    if (range_is_bad(svc))
        return svc->fail_hr;
    svc->state = PASV_SVC_RUNNING;
    return PASV_S_OK;
}

static const pasv_service_vtable vtable = { query, restart, start };

void fake_service_init(fake_service *svc, fake_log *log)
{
    memset(svc, 0, sizeof(*svc));
    svc->base.vt = &vtable;
    svc->log = log;
    svc->state = PASV_SVC_RUNNING;
    /* ERROR_SERVICE_SPECIFIC_ERROR-like failure by default. */
    svc->fail_hr = PASV_HR_FROM_WIN32(1066);
}
