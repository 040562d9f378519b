/* pasvports: anchoring for a resizable dialog: a table says which controls stretch and which
 * move when the dialog grows; everything else keeps its place.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#ifndef PASV_APP_LAYOUT_H
#define PASV_APP_LAYOUT_H

#include "win.h"

#include <stdbool.h>
#include <stddef.h>

/* Share of the growth (0..100 percent) applied to a control's position and size. */
typedef struct layout_rule {
    int id;
    unsigned char move_x, move_y, grow_x, grow_y;
} layout_rule;

typedef struct layout_item {
    HWND hwnd;
    RECT rect; /* in client coordinates at the base size */
    const layout_rule *rule;
} layout_item;

typedef struct layout {
    HWND dialog;
    SIZE base;         /* client size the rects were captured at */
    SIZE min_window;   /* smallest window size (the template's) */
    layout_item *items;
    size_t count;
} layout;

/* Captures the controls named in rules at the dialog's current size. */
bool layout_init(layout *lay, HWND dialog, const layout_rule *rules, size_t count);
void layout_cleanup(layout *lay);
/* Repositions every control for the current client size. */
void layout_apply(layout *lay);
/* After a DPI change: scales the captured geometry by num/den (new dpi / old dpi). */
void layout_rescale(layout *lay, int num, int den);

#endif /* PASV_APP_LAYOUT_H */
