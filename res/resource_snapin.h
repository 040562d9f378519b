/* pasvsnap.dll (the MMC snap-in) resource ids: strings (5000-5099).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#ifndef PASV_RESOURCE_SNAPIN_H
#define PASV_RESOURCE_SNAPIN_H

/* Names and the About box (5000-5009) */
#define IDS_SNAP_NAME            5000 /* the scope node, Add/Remove Snap-in (NameStringIndirect) */
#define IDS_SNAP_DESCRIPTION     5001
#define IDS_SNAP_PROVIDER        5002

/* Result pane columns (5010-5019) */
#define IDS_SNAP_COL_PORT        5010
#define IDS_SNAP_COL_STATE       5011
#define IDS_SNAP_COL_PROFILES    5012
#define IDS_SNAP_COL_NAME        5013

/* Description bar (5020-5029): %1 server, %2 range, %3 firewall, %4 audit totals */
#define IDS_SNAP_SUMMARY         5020
#define IDS_SNAP_RANGE_DEFAULT   5021 /* %1 range */
#define IDS_SNAP_ERR_RANGE       5022
#define IDS_SNAP_ERR_FIREWALL    5023
#define IDS_SNAP_ERR_SESSION     5024

/* Context menu and Action pane tasks (5030-5039): name, then status-bar text */
#define IDS_SNAP_MENU_RANGE      5030
#define IDS_SNAP_MENU_RANGE_TIP  5031
#define IDS_SNAP_MENU_EXPORT     5032
#define IDS_SNAP_MENU_EXPORT_TIP 5033
#define IDS_SNAP_MENU_REMOVE     5034
#define IDS_SNAP_MENU_REMOVE_TIP 5035

/* Remove our firewall exceptions (5060-5069) */
#define IDS_SNAP_REMOVE_CAPTION  5060
#define IDS_SNAP_REMOVE_CONFIRM  5061 /* %1 what closes (IDS_SNAP_REMOVE_ONE/BOTH) */
#define IDS_SNAP_REMOVE_ONE      5062 /* %1 a clause (IDS_CONFIRM_CLOSE*, IDS_CONFIRM_REMOVE_RULE*) */
#define IDS_SNAP_REMOVE_BOTH     5063 /* %1 ports clause, %2 rules clause */
#define IDS_SNAP_REMOVE_NOTHING  5064
#define IDS_SNAP_REMOVE_FAILED   5065

/* Export audit (5050-5059) */
#define IDS_SNAP_EXPORT_FILTER   5050 /* "|"-separated GetSaveFileName filter */
#define IDS_SNAP_EXPORT_DONE     5051 /* %1 rows, %2 path */
#define IDS_SNAP_EXPORT_FAILED   5052 /* %1 path */
#define IDS_SNAP_EXPORT_NOTHING  5053

/* Property pages: each hosts one of the dialog's pages (res/resource_pages.h) */
#define IDD_SNAP_PAGE_RANGE      120
#define IDD_SNAP_PAGE_OPTIONS    121
#define IDD_SNAP_PAGE_PROGRESS   122

/* Property sheet (5040-5049) */
#define IDS_SNAP_SHEET_TITLE     5040

#endif /* PASV_RESOURCE_SNAPIN_H */
