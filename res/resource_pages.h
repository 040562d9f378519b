/* pasvports: resource ids of the embeddable pages (src/app/page.h): their dialogs (101-109), their
 * controls (3000-3999, shared with IDD_MAIN's in resource_app.h: one id is one control) and the
 * strings only the pages and their help use (2500-2599).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#ifndef PASV_RESOURCE_PAGES_H
#define PASV_RESOURCE_PAGES_H

/* Dialogs: DS_CONTROL | WS_CHILD pages (res/lang/en-US-pages.rc) */
#define IDD_PAGE_RANGE           101
#define IDD_PAGE_OPTIONS         102
#define IDD_PAGE_PROGRESS        103
#define IDD_PAGE_AUDIT           104

/* Controls of the pages */
#define IDC_RANGE_LOW_LABEL      3002
#define IDC_RANGE_LOW            3003
#define IDC_RANGE_LOW_SPIN       3004
#define IDC_RANGE_HIGH_LABEL     3005
#define IDC_RANGE_HIGH           3006
#define IDC_RANGE_HIGH_SPIN      3007
#define IDC_RANGE_STATUS         3008
#define IDC_SIZING               3009
#define IDC_RANGE_GROUP          3011
#define IDC_EDIT_WHILE_RUNNING   3018
#define IDC_EDIT_EXPLAIN         3019
#define IDC_OPTIONS_GROUP        3020
#define IDC_MODE_LABEL           3021
#define IDC_MODE_PER_PORT        3022
#define IDC_MODE_RULE            3023
#define IDC_MODE_NOTE            3024
#define IDC_SCOPE_LABEL          3025
#define IDC_SCOPE                3026
#define IDC_REMOTE_LABEL         3027
#define IDC_REMOTE               3028
#define IDC_SCOPE_STATUS         3029
#define IDC_REMOVE_STALE         3030
#define IDC_RESTART              3031
#define IDC_RESTART_NOTE         3032
#define IDC_ENABLE_FIREWALL      3033
#define IDC_FIREWALL_WARNING     3034
#define IDC_FILTER_LABEL         3038
#define IDC_FILTER               3039
#define IDC_LEGEND               3040
#define IDC_CHANGES_LIST         3041
#define IDC_AUDIT_LIST           3042
#define IDC_PROGRESS             3043
#define IDC_COUNTS               3044
#define IDC_SUMMARY              3045
#define IDC_ROLLBACK             3046
#define IDC_KEEP                 3047
#define IDC_RETRY                3048
#define IDC_EXPORT               3049
#define IDC_FIND_LABEL           3054
#define IDC_FIND_PORT            3055
#define IDC_FIND                 3056
#define IDC_AUDIT_STATUS         3057
/* IIS 7+ (issue 13): the options page's site, external address and built-in passive rule; the
 * range page's FTPS and stateful filtering note */
#define IDC_SITE_LABEL           3070
#define IDC_SITE                 3071
#define IDC_EXTERNAL_LABEL       3072
#define IDC_EXTERNAL_IP          3073
#define IDC_EXTERNAL_STATUS      3074
#define IDC_DISABLE_BUILTIN      3075
#define IDC_BUILTIN_EXPLAIN      3076
#define IDC_FTPS_NOTE            3077

/* Strings: find a port in the audit */
#define IDS_FIND_NOT_A_PORT      2500
#define IDS_FIND_NOT_FOUND       2501 /* %1!u! port */
#define IDS_FIND_FOUND           2502 /* %1!u! port, %2!u! row, %3!u! rows */

/* Strings: help on one control (F1, WM_HELP; src/app/help.c) */
#define IDS_HELP_CONTROL_CAPTION 2510
#define IDS_HELP_SERVER          2511
#define IDS_HELP_CURRENT         2512
#define IDS_HELP_FIREWALL        2513
#define IDS_HELP_AUDIT_LINE      2514
#define IDS_HELP_REFRESH         2515
#define IDS_HELP_RANGE           2516
#define IDS_HELP_SIZING          2517
#define IDS_HELP_EDIT            2518
#define IDS_HELP_MODE            2519
#define IDS_HELP_MODE_PER_PORT   2520
#define IDS_HELP_MODE_RULE       2521
#define IDS_HELP_SCOPE           2522
#define IDS_HELP_REMOTE          2523
#define IDS_HELP_STALE           2524
#define IDS_HELP_RESTART         2525
#define IDS_HELP_FIREWALL_ON     2526
#define IDS_HELP_PLAN            2527
#define IDS_HELP_VIEW_CHANGES    2528
#define IDS_HELP_VIEW_AUDIT      2529
#define IDS_HELP_CHANGES_LIST    2530
#define IDS_HELP_PROGRESS        2531
#define IDS_HELP_SUMMARY         2532
#define IDS_HELP_ROLLBACK        2533
#define IDS_HELP_KEEP            2534
#define IDS_HELP_RETRY           2535
#define IDS_HELP_FILTER          2536
#define IDS_HELP_EXPORT          2537
#define IDS_HELP_FIND            2538
#define IDS_HELP_AUDIT_LIST      2539
#define IDS_HELP_HELP            2540
#define IDS_HELP_PREVIEW         2541
#define IDS_HELP_APPLY           2542
#define IDS_HELP_STOP            2543
#define IDS_HELP_CLOSE           2544
#define IDS_HELP_SITE            2545
#define IDS_HELP_EXTERNAL        2546
#define IDS_HELP_BUILTIN         2547
#define IDS_HELP_FTPS            2548

/* Strings: singular forms of counts the pages show (the plural is the general string) */
#define IDS_SIZING_ONE_PORT      2550 /* %1!u! ports, %2!u! transfers */
#define IDS_ROLLBACK_DONE_ONE    2551 /* %1!u! undone */
#define IDS_ROLLBACK_INCOMPLETE_ONE 2552 /* %1!u! not undone */
#define IDS_CSV_SAVED_ONE        2553 /* %1!u! rows, %2 path */
#define IDS_SUMMARY_DONE_ONE     2554 /* %1!u! changes */
#define IDS_SUMMARY_RANGE_KEPT_ONE 2555 /* %1!u! changes */
#define IDS_SUMMARY_CHANGED_ONE  2556 /* %1!u! items */

/* Strings: the IIS 7+ options and notes (src/app/page_options7.c, page_range.c) */
#define IDS_PG_EXT_NONE          2560
#define IDS_PG_EXT_CLEAR         2561
#define IDS_PG_EXT_SAME          2562 /* %1 the address */
#define IDS_PG_EXT_NEW           2563 /* %1 the new address */
#define IDS_PG_BUILTIN_EXPLAIN   2564
#define IDS_PG_BUILTIN_OFF       2565
#define IDS_PG_FTPS_NOTE         2566 /* %1 the FTPS sentence, %2 stateful filtering, %3 TLS sites */
#define IDS_PG_STATEFUL_ON       2567
#define IDS_PG_STATEFUL_OFF      2568
#define IDS_PG_STATEFUL_UNKNOWN  2569
#define IDS_PG_TLS_REQUIRED      2570 /* %1 the site names */
#define IDS_PG_TLS_NONE          2571
#define IDS_PG_TLS_UNKNOWN       2572

#endif /* PASV_RESOURCE_PAGES_H */
