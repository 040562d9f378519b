/* pasvports: a recording progress sink with a cancel knob, for unit tests.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 */
#include <stdlib.h>
#include <string.h>

#include "fakes.h"

static fake_sink *impl(pasv_sink *s)
{
    return PASV_CONTAINER_OF(s, fake_sink, base);
}

static void push(size_t **arr, size_t *n, size_t *cap, size_t v)
{
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 64;
        size_t *a = realloc(*arr, c * sizeof(*a));

        if (!a)
            abort();
        *arr = a;
        *cap = c;
    }
    (*arr)[(*n)++] = v;
}

static void item_started(pasv_sink *s, const pasv_plan *plan, size_t item)
{
    fake_sink *sink = impl(s);

    if (sink->open_item != SIZE_MAX || item >= plan->count)
        sink->pairing_ok = false;
    sink->open_item = item;
    push(&sink->started, &sink->n_started, &sink->cap_started, item);
}

static void item_finished(pasv_sink *s, const pasv_plan *plan, size_t item)
{
    fake_sink *sink = impl(s);
    bool not_run = item < plan->count && (plan->items[item].status == PASV_ST_SKIPPED
                                          || plan->items[item].status == PASV_ST_CANCELLED);

    /* An item that does not run is reported finished alone, while no other item is open. */
    if (item >= plan->count || (not_run ? sink->open_item != SIZE_MAX : sink->open_item != item))
        sink->pairing_ok = false;
    if (not_run)
        sink->not_run++;
    sink->open_item = SIZE_MAX;
    push(&sink->finished, &sink->n_finished, &sink->cap_finished, item);
}

static bool should_cancel(pasv_sink *s)
{
    fake_sink *sink = impl(s);

    sink->polls++;
    return sink->cancel_after && sink->n_finished >= sink->cancel_after;
}

static void note(pasv_sink *s, size_t item, pasv_note n, uint32_t value)
{
    (void)item;
    (void)n;
    (void)value;
    impl(s)->notes++;
}

static const pasv_sink_vtable vtable = { item_started, item_finished, should_cancel, note };

void fake_sink_init(fake_sink *sink)
{
    memset(sink, 0, sizeof(*sink));
    sink->base.vt = &vtable;
    sink->open_item = SIZE_MAX;
    sink->pairing_ok = true;
}

void fake_sink_cleanup(fake_sink *sink)
{
    free(sink->started);
    free(sink->finished);
    fake_sink_init(sink);
}
