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

/* Strings shared by every front end: errors (2000-2099) */
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

/* Program-specific ids: the dialog's in resource_app.h, pasvctl's in resource_cli.h. */
#include "resource_app.h"
#include "resource_pages.h" /* the dialog's embeddable pages (src/app/page.h) */
#include "resource_cli.h"
#include "resource_journal.h" /* run lock, secure directory, journal */
#include "resource_preflight.h" /* the dialog's preflight texts (issue 11 item 4) */

#endif /* PASV_RESOURCE_H */
