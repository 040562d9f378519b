/* pasvports.exe resource ids: dialogs (100-199), controls (3000-3999), strings (2300-2999).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#ifndef PASV_RESOURCE_APP_H
#define PASV_RESOURCE_APP_H

/* Dialogs */
#define IDD_MAIN                 100

/* Controls of IDD_MAIN (1000-1099 is taken by messages only in string tables, so controls
 * use 3000+ to keep one number meaning one thing) */
#define IDC_SERVER_TEXT          3001
#define IDC_RANGE_LOW_LABEL      3002
#define IDC_RANGE_LOW            3003
#define IDC_RANGE_LOW_SPIN       3004
#define IDC_RANGE_HIGH_LABEL     3005
#define IDC_RANGE_HIGH           3006
#define IDC_RANGE_HIGH_SPIN      3007
#define IDC_RANGE_STATUS         3008
#define IDC_SIZING               3009
#define IDC_SERVER_LABEL         3010
#define IDC_RANGE_GROUP          3011

/* Strings */
#define IDS_APP_TITLE            2300
#define IDS_SERVER_NOT_DETECTED  2301
#define IDS_RANGE_VALID          2302

#endif /* PASV_RESOURCE_APP_H */
