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
    SIZE min_window;   /* smallest window size: the template's, less shrink_y */
    int shrink_y;      /* how far below the base client height the controls may follow */
    layout_item *items;
    size_t count;
} layout;

/* Captures the controls named in rules at the dialog's current size. The controls that take
 * all of the vertical growth (grow_y 100, move_y 0: the lists) may also give up half their
 * height: shrink_y is set so, and the window may be that much lower than the template. */
bool layout_init(layout *lay, HWND dialog, const layout_rule *rules, size_t count);
/* Caps how far below the template the layout may shrink (a host whose growing control is a
 * page: what that page's own lists can give up). */
void layout_cap_shrink(layout *lay, int pixels);
void layout_cleanup(layout *lay);
/* Repositions every control for the current client size. */
void layout_apply(layout *lay);
/* After a DPI change: scales the captured geometry by num/den (new dpi / old dpi). */
void layout_rescale(layout *lay, int num, int den);

#endif /* PASV_APP_LAYOUT_H */
