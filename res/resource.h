/* pasvports: resource identifiers shared by the .rc files and the C sources.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * Hand-kept, grouped by prefix and range. Message ids the core reports (PASV_MSG_*, 1000-1999)
 * come from include/pasv/status.h; this file adds front-end ids from 2000 up. */
#ifndef PASV_RESOURCE_H
#define PASV_RESOURCE_H

#include "pasv/status.h"

/* Icons */
#define IDI_PASVPORTS            1

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

/* Strings: application (2000-2099) */
#define IDS_APP_TITLE            2000
#define IDS_SERVER_NOT_DETECTED  2001
#define IDS_RANGE_VALID          2002
#define IDS_ERROR_WHAT_FAILED    2003 /* "%1: %2 (0x%3)" what + system text + code */
#define IDS_ERROR_CAPTION        2004

/* Strings: environment detection (2200-2299) */
#define IDS_ENV_FTP_NOT_INSTALLED     2200
#define IDS_ENV_FTP_IIS5              2201
#define IDS_ENV_FTP_IIS6              2202
#define IDS_ENV_FTP_IIS7              2203
#define IDS_ENV_METABASE_UNREACHABLE  2204
#define IDS_ENV_NOT_ELEVATED          2205
#define IDS_ENV_FW_LEGACY             2206
#define IDS_ENV_FW_RULES              2207

/* Strings: pasvctl (2100-2199) */
#define IDS_CLI_VERSION          2100
#define IDS_CLI_USAGE            2101
#define IDS_CLI_UNKNOWN_COMMAND  2102

#endif /* PASV_RESOURCE_H */
