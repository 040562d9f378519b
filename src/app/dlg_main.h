/* pasvports: the main dialog.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * Besides the user interface, the dialog answers two private messages so that tests (and
 * accessibility tools) can follow its asynchronous state without guessing from control text. */
#ifndef PASV_DLG_MAIN_H
#define PASV_DLG_MAIN_H

#include "win.h"

/* What the dialog is doing (PASV_APP_MSG_PHASE's result). */
typedef enum pasv_app_phase {
    PASV_APP_READING = 1,     /* the worker is reading the configuration */
    PASV_APP_IDLE = 2,        /* editing; Apply enabled when the input is valid */
    PASV_APP_RUNNING = 3,     /* applying, retrying or rolling back */
    PASV_APP_DECIDE = 4       /* a run failed or was cancelled: roll back / keep / retry offered */
} pasv_app_phase;

/* SendMessage(dialog, PASV_APP_MSG_PHASE, 0, 0) returns a pasv_app_phase. */
#define PASV_APP_MSG_PHASE   (WM_APP + 20)
/* SendMessage(dialog, PASV_APP_MSG_EXPORT, 0, (LPARAM)L"C:\\path.csv") writes the audit view
 * (as filtered) to that file without asking; returns the rows written, or -1. */
#define PASV_APP_MSG_EXPORT  (WM_APP + 21)

/* Shows the main dialog modally; returns the DialogBoxParam result. */
INT_PTR pasv_main_dialog_run(HINSTANCE instance);

#endif /* PASV_DLG_MAIN_H */
