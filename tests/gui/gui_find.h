/* pasvports tests: a control of the dialog by its id, wherever it is: the dialog's own controls
 * and those of its pages (child dialogs, src/app/page.h) share one id space.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#ifndef PASV_TESTS_GUI_FIND_H
#define PASV_TESTS_GUI_FIND_H

#include "win.h"

typedef struct gui_find_ctl {
    int id;
    HWND found;
} gui_find_ctl;

static BOOL CALLBACK gui_find_ctl_proc(HWND hwnd, LPARAM lparam)
{
    gui_find_ctl *f = (gui_find_ctl *)lparam;
    if (GetDlgCtrlID(hwnd) == f->id) {
        f->found = hwnd;
        return FALSE;
    }
    return TRUE;
}

/* The dialog's own control id, else the first descendant with that id (EnumChildWindows walks
 * every level), else NULL. Works across processes. */
static inline HWND gui_find_control(HWND dialog, int id)
{
    gui_find_ctl f = {id, NULL};
    HWND direct = GetDlgItem(dialog, id);
    if (direct)
        return direct;
    EnumChildWindows(dialog, gui_find_ctl_proc, (LPARAM)&f);
    return f.found;
}

#endif /* PASV_TESTS_GUI_FIND_H */
