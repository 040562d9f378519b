/* pasvports.exe resource ids: dialogs (100-199), controls (3000-3999), strings (2300-2999).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#ifndef PASV_RESOURCE_APP_H
#define PASV_RESOURCE_APP_H

/* Dialogs */
#define IDD_MAIN                 100

/* Controls of IDD_MAIN and its pages (1000-1099 is taken by messages only in string tables, so controls
 * use 3000+ to keep one number meaning one thing) */
#define IDC_SERVER_TEXT          3001
#define IDC_SERVER_LABEL         3010
#define IDC_CURRENT_LABEL        3012
#define IDC_CURRENT_RANGE        3013
#define IDC_FIREWALL_LABEL       3014
#define IDC_FIREWALL_TEXT        3015
#define IDC_AUDIT_LABEL          3016
#define IDC_AUDIT_TEXT           3017
#define IDC_PLAN_TEXT            3035
#define IDC_VIEW_CHANGES         3036
#define IDC_VIEW_AUDIT           3037
#define IDC_HELP_BUTTON          3050
#define IDC_PREVIEW              3051
#define IDC_STOP                 3052
#define IDC_REFRESH              3053
/* Where the pages (resource_pages.h) go: placeholders their pages replace at WM_INITDIALOG */
#define IDC_PAGE_RANGE           3060
#define IDC_PAGE_OPTIONS         3061
#define IDC_PAGE_PROGRESS        3062
#define IDC_PAGE_AUDIT           3063
/* The controls of the pages are in resource_pages.h; one id means one control in the dialog. */
/* IDOK is Apply, a plain button that always asks first (src/app/safe.c); Enter previews the
 * plan (Preview is the default button while editing). IDCANCEL is Close (Esc). */

/* Strings */
#define IDS_APP_TITLE            2300
#define IDS_SERVER_NOT_DETECTED  2301
#define IDS_RANGE_VALID          2302
#define IDS_READING              2303
#define IDS_SERVER_STATE         2304 /* %1 server, %2 service state */
#define IDS_SVC_UNKNOWN          2305
#define IDS_SVC_STOPPED          2306
#define IDS_SVC_START_PENDING    2307
#define IDS_SVC_STOP_PENDING     2308
#define IDS_SVC_RUNNING          2309
#define IDS_RANGE_CURRENT_DEFAULT 2310 /* %1 default range */
#define IDS_WHAT_SESSION         2311
#define IDS_WHAT_CONFIG          2312
#define IDS_WHAT_READ_RANGE      2313
#define IDS_WHAT_FIREWALL        2314
#define IDS_WHAT_LIST_FIREWALL   2315
#define IDS_WHAT_SERVICE         2316
#define IDS_WHAT_EDIT            2317
#define IDS_WHAT_SAVE_CSV        2318
#define IDS_FW_STATE             2319 /* %1 on/off, %2 profiles, %3 API */
#define IDS_FW_ON                2320
#define IDS_FW_OFF               2321
#define IDS_PROFILE_DOMAIN       2322
#define IDS_PROFILE_STANDARD     2323
#define IDS_PROFILE_PRIVATE      2324
#define IDS_PROFILE_PUBLIC       2325
#define IDS_FW_GP_OVERRIDE       2326
#define IDS_EDIT_EXPLAIN         2327
#define IDS_EDIT_NOT_IIS6        2328
#define IDS_FW_OFF_WARNING       2329 /* %1 profiles */
#define IDS_FW_ON_ALREADY        2330
#define IDS_RESTART_NOTE         2331
#define IDS_NO_RESTART_NOTE      2332
#define IDS_RULES_NOT_AVAILABLE  2333
#define IDS_RULES_AVAILABLE      2334
#define IDS_SCOPE_ANY            2335
#define IDS_SCOPE_SUBNET         2336
#define IDS_SCOPE_CUSTOM         2337
#define IDS_SCOPE_OK             2341
#define IDS_PLAN_INVALID         2342
#define IDS_PLAN_NOOP            2343
#define IDS_COL_PORT             2344
#define IDS_COL_ACTION           2345
#define IDS_COL_RESULT           2346
#define IDS_COL_DETAIL           2347
#define IDS_COL_STATE            2348
#define IDS_COL_PROFILES         2349
#define IDS_COL_NAME             2350
#define IDS_PROGRESS_COUNTS      2351 /* %1 finished, %2 total, %3 failed */
#define IDS_ASK_FAILED           2352
#define IDS_ASK_CANCELLED        2353
#define IDS_ROLLBACK_DONE        2354 /* %1 undone */
#define IDS_ROLLBACK_INCOMPLETE  2355 /* %1 not undone */
#define IDS_KEPT                 2356
#define IDS_CLOSE_RUNNING        2357
#define IDS_HELP_TEXT            2358
#define IDS_HELP_CAPTION         2359
#define IDS_FILTER_ALL           2360
#define IDS_FILTER_PROBLEMS      2361
#define IDS_CSV_FILTER           2362
#define IDS_CSV_DEFAULT_NAME     2363
#define IDS_CSV_SAVED            2364 /* %1 rows, %2 path */
#define IDS_AUDIT_UNAVAILABLE    2365 /* %1 reason */
#define IDS_APPLYING             2366
#define IDS_ROLLING_BACK         2367
#define IDS_CANCELLING           2368
#define IDS_NO_SERVER_APPLY      2369
#define IDS_LEGEND               2370
#define IDS_RUN_DONE_VERIFY      2375
#define IDS_CUSTOM_NOT_SELECTED  2376
#define IDS_RANGE_EDITOR_NO_SERVER 2377 /* %1 reason */
#define IDS_NOTE_SERVICE         2378 /* %1 service state */
#define IDS_STILL_READING        2379
#define IDS_NOT_ELEVATED_APPLY   2381
#define IDS_ROW_RUNNING          2382
#define IDS_DONE_OK              2383
#define IDS_FW_UNUSABLE_PLAN     2384 /* %1 reason */
#define IDS_RUN_FAILED           2385 /* %1 failed, %2 total */
#define IDS_TRAIL_APPLY          2386
#define IDS_TRAIL_RETRY          2387
#define IDS_TRAIL_ROLLBACK       2388
#define IDS_WHAT_TRAIL           2389
#define IDS_REFRESHING           2390
#define IDS_TRAIL_KEEP           2391 /* the change log's command of Keep changes after a failure */

/* Strings: safe by default (issue 12, src/app/safe.c): the confirmation before Apply, one
 * clause per kind of change joined into one sentence (2450-2479) */
#define IDS_CONFIRM_CAPTION        2450
#define IDS_CONFIRM_TEXT           2451 /* %1 the sentence */
#define IDS_CONFIRM_SEP            2452
#define IDS_CONFIRM_OPEN_ONE       2453 /* %1!u! ports */
#define IDS_CONFIRM_OPEN           2454 /* %1!u! ports */
#define IDS_CONFIRM_CLOSE_ONE      2455 /* %1!u! ports */
#define IDS_CONFIRM_CLOSE          2456 /* %1!u! ports */
#define IDS_CONFIRM_REMOVE_RULE_ONE 2457 /* %1!u! rules */
#define IDS_CONFIRM_REMOVE_RULES   2458 /* %1!u! rules */
#define IDS_CONFIRM_PUT_RULE       2459 /* %1 range */
#define IDS_CONFIRM_SET_RANGE      2460 /* %1 range */
#define IDS_CONFIRM_CLEAR_RANGE    2461
#define IDS_CONFIRM_EDIT_ON        2462
#define IDS_CONFIRM_EDIT_OFF       2463
#define IDS_CONFIRM_FIREWALL_ON    2464
#define IDS_CONFIRM_RESTART        2465

/* Strings: one source of truth for a run (issue 12, branch truth: 2900-2919) */
#define IDS_PROGRESS_UNDO_COUNTS   2900 /* %1!u! undone, %2!u! to undo, %3!u! failed */
#define IDS_ROLLBACK_AGAIN         2901
#define IDS_RANGE_IN_USE           2902 /* %1!u! ports, %2 the ports */
#define IDS_RUN_FAILED_ONE         2903 /* IDS_RUN_FAILED when the total is 1 */

#endif /* PASV_RESOURCE_APP_H */
