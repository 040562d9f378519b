/* pasvports: the main dialog's own parts besides the pages: the status lines at its top
 * (dlg_status.c), its size and DPI kept between runs (dlg_place.c). Help is the pages' (page.h).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#ifndef PASV_APP_DLG_PARTS_H
#define PASV_APP_DLG_PARTS_H

#include "win.h"

#include <stdbool.h>

#include "layout.h"
#include "lists.h"
#include "worker.h"

/* ---- status lines: FTP server, passive ports, firewall, audit (IDC_*_TEXT of IDD_MAIN) ---- */

/* All four lines say id ("Reading the server configuration...", "Refreshing..."). */
void app_status_reading(HWND dialog, UINT id);
/* The server, range and firewall lines from a snapshot (or why they could not be read). */
void app_status_show(HWND dialog, const app_snapshot *snap);
/* The audit line: the totals of av, or why there is no audit. */
void app_status_audit(HWND dialog, const app_snapshot *snap, const app_audit_view *av);
/* Gives each status line whose text does not fit a tooltip with the whole text (and takes it
 * away when it fits again); call after the texts or the size changed. */
void app_status_tips(HWND dialog);
/* Called at WM_DESTROY: drops the window property that finds the tooltip. */
void app_status_forget_tips(HWND dialog);

/* ---- size and DPI ---- */

/* The window's DPI (GetDpiForWindow where it exists, else the screen's). */
UINT app_place_dpi(HWND hwnd);

/* The size the user left the dialog at (stored at 96 dpi), when it fits the work area and is
 * not below lay's minimum. */
void app_place_restore(HWND dialog, UINT dpi, const layout *lay);
/* A window taller than its monitor's work area is made as low as the work area (not below the
 * layout's minimum), its top on the screen. */
void app_place_fit(HWND dialog, const layout *lay);
void app_place_save(HWND dialog, UINT dpi);

#endif /* PASV_APP_DLG_PARTS_H */
