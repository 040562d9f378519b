/* pasvports: anchoring for a resizable dialog (see layout.h).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "layout.h"

#include <stdlib.h>

bool layout_init(layout *lay, HWND dialog, const layout_rule *rules, size_t count)
{
    RECT client, window;
    size_t i;

    lay->dialog = dialog;
    lay->items = calloc(count, sizeof(*lay->items));
    lay->count = 0;
    if (!lay->items)
        return false;
    GetClientRect(dialog, &client);
    GetWindowRect(dialog, &window);
    lay->base.cx = client.right;
    lay->base.cy = client.bottom;
    lay->min_window.cx = window.right - window.left;
    lay->min_window.cy = window.bottom - window.top;
    for (i = 0; i < count; i++) {
        HWND ctl = GetDlgItem(dialog, rules[i].id);
        if (!ctl)
            continue;
        GetWindowRect(ctl, &lay->items[lay->count].rect);
        MapWindowPoints(NULL, dialog, (POINT *)&lay->items[lay->count].rect, 2);
        lay->items[lay->count].hwnd = ctl;
        lay->items[lay->count].rule = &rules[i];
        lay->count++;
    }
    lay->shrink_y = 0;
    for (i = 0; i < lay->count; i++) {
        const RECT *rc = &lay->items[i].rect;
        int half = (rc->bottom - rc->top) / 2;
        if (lay->items[i].rule->grow_y != 100 || lay->items[i].rule->move_y != 0)
            continue;
        if (lay->shrink_y == 0 || half < lay->shrink_y)
            lay->shrink_y = half;
    }
    lay->min_window.cy -= lay->shrink_y;
    return true;
}

void layout_cap_shrink(layout *lay, int pixels)
{
    if (pixels < 0)
        pixels = 0;
    if (pixels < lay->shrink_y) {
        lay->min_window.cy += lay->shrink_y - pixels;
        lay->shrink_y = pixels;
    }
}

void layout_cleanup(layout *lay)
{
    free(lay->items);
    lay->items = NULL;
    lay->count = 0;
}

void layout_apply(layout *lay)
{
    RECT client;
    int dx, dy;
    size_t i;
    HDWP dwp;

    if (!lay->items)
        return;
    GetClientRect(lay->dialog, &client);
    dx = client.right - lay->base.cx;
    dy = client.bottom - lay->base.cy;
    /* Below the template width, lower than the lists can give up, or minimised: the controls
     * stop following rather than overlap. */
    if (dx < 0)
        dx = 0;
    if (client.bottom == 0) /* minimised */
        dy = 0;
    else if (dy < -lay->shrink_y)
        dy = -lay->shrink_y;
    dwp = BeginDeferWindowPos((int)lay->count);
    for (i = 0; i < lay->count; i++) {
        const layout_rule *r = lay->items[i].rule;
        const RECT *rc = &lay->items[i].rect;
        int x = rc->left + dx * r->move_x / 100, y = rc->top + dy * r->move_y / 100;
        int w = rc->right - rc->left + dx * r->grow_x / 100, h = rc->bottom - rc->top + dy * r->grow_y / 100;
        if (dwp)
            dwp = DeferWindowPos(dwp, lay->items[i].hwnd, NULL, x, y, w, h, SWP_NOZORDER | SWP_NOACTIVATE);
        else
            SetWindowPos(lay->items[i].hwnd, NULL, x, y, w, h, SWP_NOZORDER | SWP_NOACTIVATE);
    }
    if (dwp)
        EndDeferWindowPos(dwp);
    /* Group boxes and static text do not always repaint their moved parts on their own. */
    InvalidateRect(lay->dialog, NULL, TRUE);
}

void layout_rescale(layout *lay, int num, int den)
{
    size_t i;

    if (den <= 0 || num <= 0)
        return;
    lay->base.cx = MulDiv(lay->base.cx, num, den);
    lay->base.cy = MulDiv(lay->base.cy, num, den);
    lay->min_window.cx = MulDiv(lay->min_window.cx, num, den);
    lay->min_window.cy = MulDiv(lay->min_window.cy, num, den);
    lay->shrink_y = MulDiv(lay->shrink_y, num, den);
    for (i = 0; i < lay->count; i++) {
        RECT *rc = &lay->items[i].rect;
        rc->left = MulDiv(rc->left, num, den);
        rc->top = MulDiv(rc->top, num, den);
        rc->right = MulDiv(rc->right, num, den);
        rc->bottom = MulDiv(rc->bottom, num, den);
    }
}
