/* pasvports: result codes and message identifiers shared by the engine and every front end.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * The core never produces English. It reports a 32-bit HRESULT-style code (so a Windows
 * backend can pass its HRESULT through unchanged) plus a message id. Message ids are plain
 * #defines because res/resource.h includes this header and windres cannot read enums; the
 * string tables in res/lang/<language>.rc give every id its text, with FormatMessage inserts. */
#ifndef PASV_STATUS_H
#define PASV_STATUS_H

#ifndef RC_INVOKED /* windres reads this header for the message ids only */
#include <stdint.h>

/* A 32-bit HRESULT-compatible code. Negative means failure, as with FAILED(). */
typedef int32_t pasv_hr;
#endif

#define PASV_S_OK            ((pasv_hr)0)
#define PASV_S_FALSE         ((pasv_hr)1)
#define PASV_E_FAIL          ((pasv_hr)0x80004005u)
#define PASV_E_NOTIMPL       ((pasv_hr)0x80004001u)
#define PASV_E_INVALIDARG    ((pasv_hr)0x80070057u)
#define PASV_E_OUTOFMEMORY   ((pasv_hr)0x8007000Eu)
#define PASV_E_ACCESSDENIED  ((pasv_hr)0x80070005u)
#define PASV_E_UNEXPECTED    ((pasv_hr)0x8000FFFFu)
#define PASV_E_ABORT         ((pasv_hr)0x80004004u) /* cancelled by the user */
#define PASV_E_NOT_FOUND     ((pasv_hr)0x80070002u) /* HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND) */
#define PASV_E_NOT_VERIFIED  ((pasv_hr)0xA0CA0001u) /* our own facility: write said S_OK, read-back disagrees */
#define PASV_E_SKIPPED       ((pasv_hr)0xA0CA0002u) /* not run because an earlier item failed */
#define PASV_E_CHANGED       ((pasv_hr)0xA0CA0003u) /* the entry changed since the plan was made: left alone */
/* Issue 11 repair (B12): ftp_config get_range found a value set by hand that is not a range
 * ("abc", "70000-80000"). A success code so that apply can replace it and remove clear it:
 * *is_set is true and *range is {0, 0} (never a valid range). Passing
 * that mark back to set_range writes the exact text read last (rollback restores it). */
#define PASV_S_RANGE_INVALID ((pasv_hr)0x20CA0001u)

#define PASV_SUCCEEDED(hr)   ((pasv_hr)(hr) >= 0)
#define PASV_FAILED(hr)      ((pasv_hr)(hr) < 0)
/* HRESULT_FROM_WIN32 for the Win32 error codes the engine names (SCM errors and the like). */
#define PASV_HR_FROM_WIN32(e) ((pasv_hr)((e) == 0 ? 0 : (((uint32_t)(e) & 0xFFFFu) | 0x80070000u)))

/* Message ids. Ranges: 1000 range errors, 1100 plan rows, 1200 item results,
 * 1300 engine summaries, 1400 sizing. Front-end-only strings live in res/resource.h
 * from 2000 up. Keep these in step with res/lang/en-US.rc (tests/win/test_strings.c checks that
 * every id loads in both programs and formats with the inserts its text declares). */
#ifndef RC_INVOKED
typedef uint32_t pasv_msg;
#endif

#define PASV_MSG_NONE                    0

/* Range parsing and validation (%1 = the text or number, %2/%3 = bounds) */
#define PASV_MSG_RANGE_OK                1000
#define PASV_MSG_RANGE_EMPTY             1001
#define PASV_MSG_RANGE_NOT_DIGIT         1002
#define PASV_MSG_RANGE_SIGN              1003
#define PASV_MSG_RANGE_TOO_LARGE         1004
#define PASV_MSG_RANGE_REVERSED          1005
#define PASV_MSG_RANGE_TRAILING          1006
#define PASV_MSG_RANGE_MULTI_DASH        1007
#define PASV_MSG_RANGE_MISSING_LOW       1008
#define PASV_MSG_RANGE_MISSING_HIGH      1009
#define PASV_MSG_RANGE_BELOW_MIN         1010
#define PASV_MSG_RANGE_ZERO_ONLY_BOTH    1011
#define PASV_MSG_RANGE_ZERO_NOT_ALLOWED  1012
#define PASV_MSG_RANGE_TOO_LONG          1013

/* Plan rows (%1 = port or range, %2 = name) */
#define PASV_MSG_ITEM_BACKUP             1100
#define PASV_MSG_ITEM_SET_RANGE          1101
#define PASV_MSG_ITEM_CLEAR_RANGE        1102
#define PASV_MSG_ITEM_EDIT_WHILE_RUNNING 1103
#define PASV_MSG_ITEM_OPEN_PORT          1104
#define PASV_MSG_ITEM_KEEP_PORT          1105
#define PASV_MSG_ITEM_CLOSE_STALE        1106
#define PASV_MSG_ITEM_FOREIGN            1107
#define PASV_MSG_ITEM_PUT_RULE           1108
#define PASV_MSG_ITEM_REMOVE_RULE        1109
#define PASV_MSG_ITEM_ENABLE_FIREWALL    1110
#define PASV_MSG_ITEM_RESTART_SERVICE    1111
#define PASV_MSG_ITEM_VERIFY             1112
#define PASV_MSG_ITEM_REPLACE_RULE       1113 /* PUT_RULE over a rule of ours with the same name */
#define PASV_MSG_ITEM_FOREIGN_RULE       1114 /* FOREIGN: another program's rule over ports %1 of the range */

/* Item results */
#define PASV_MSG_RESULT_PENDING          1200
#define PASV_MSG_RESULT_DONE             1201
#define PASV_MSG_RESULT_FAILED           1202
#define PASV_MSG_RESULT_SKIPPED          1203
#define PASV_MSG_RESULT_CANCELLED        1204
#define PASV_MSG_RESULT_ROLLED_BACK      1205
#define PASV_MSG_RESULT_ROLLBACK_FAILED  1206
#define PASV_MSG_RESULT_UNCHANGED        1207
#define PASV_MSG_RESULT_NOT_VERIFIED     1208
#define PASV_MSG_RESULT_REPORTED         1209

/* Engine summaries (%1.. counts) */
#define PASV_MSG_SUMMARY_PLAN            1300 /* "Set range %1 - open %2 - keep %3 - remove %4 stale - %5 foreign in range" */
#define PASV_MSG_SUMMARY_DONE            1301
#define PASV_MSG_SUMMARY_FAILED_ROLLED   1302
#define PASV_MSG_SUMMARY_FAILED_KEPT     1303
#define PASV_MSG_SUMMARY_CANCELLED       1304
#define PASV_MSG_SUMMARY_RANGE_RESTORED  1305

/* Sizing (%1 = ports, %2 = concurrent transfers, %3 = new transfers per minute) */
#define PASV_MSG_SIZING                  1400
#define PASV_MSG_SIZING_SMALL            1401

/* Audit (%1 open, %2 in range, %3 missing, %4 stale, %5 foreign, %6 partial) */
#define PASV_MSG_AUDIT_SUMMARY           1500
#define PASV_MSG_AUDIT_OPEN              1501
#define PASV_MSG_AUDIT_PARTIAL           1502
#define PASV_MSG_AUDIT_MISSING           1503
#define PASV_MSG_AUDIT_FOREIGN           1504
#define PASV_MSG_AUDIT_STALE             1505
#define PASV_MSG_AUDIT_OVERRIDDEN        1506 /* open locally, overridden by policy */

/* I/O hardening (issue 11 item 7): remote-address validation (include/pasv/addr.h; %1 the item,
 * %2 a limit) 1700-1729, output writers 1730-1759, front-end lines 1790-1799. */
#define PASV_MSG_ADDR_OK                 1700
#define PASV_MSG_ADDR_EMPTY              1701
#define PASV_MSG_ADDR_TOO_LONG           1702
#define PASV_MSG_ADDR_TOO_MANY           1703
#define PASV_MSG_ADDR_EMPTY_ITEM         1704
#define PASV_MSG_ADDR_STAR_NOT_ALONE     1705
#define PASV_MSG_ADDR_BLANK_INSIDE       1706
#define PASV_MSG_ADDR_NOT_ADDRESS        1707
#define PASV_MSG_ADDR_OCTET_RANGE        1708
#define PASV_MSG_ADDR_LEADING_ZERO       1709
#define PASV_MSG_ADDR_PREFIX_RANGE       1710
#define PASV_MSG_ADDR_BAD_MASK           1711
#define PASV_MSG_ADDR_RANGE_REVERSED     1712
#define PASV_MSG_ADDR_RANGE_MIXED        1713
#define PASV_MSG_ADDR_BAD_IPV6           1714
#define PASV_MSG_ADDR_NEEDS_RULES        1715
/* pasv_addr_ipv4_host (%1 the text as given) */
#define PASV_MSG_ADDR_NOT_IPV4           1716 /* refused: not one dotted IPv4 address */
#define PASV_MSG_ADDR_NOT_HOST           1717 /* refused: 0.x.x.x, multicast or reserved */
#define PASV_MSG_ADDR_WARN_PRIVATE       1718 /* accepted: private, clients outside cannot reach it */
#define PASV_MSG_ADDR_WARN_LOOPBACK      1719 /* accepted: loopback, only this machine reaches it */
/* pasvctl: "%1 command, %2 option, %3 reason" for a refused address list */
#define PASV_MSG_ADDR_CLI_REFUSED        1790

/* Engine (issue 11: ownership at write time, exact rollback), 1800-1899 */
#define PASV_MSG_RESULT_CHANGED          1800 /* an item refused with PASV_E_CHANGED */
#define PASV_MSG_SUMMARY_RESTORED_NOT_STARTED 1801 /* range restored, service start failed */
#define PASV_MSG_SUMMARY_RANGE_KEPT      1802 /* %1 = changes still in effect after a partial rollback */
#define PASV_MSG_SUMMARY_CHANGED         1803 /* %1 = items changed by someone else */

/* IIS 7+ plan rows (issue 13), in the IIS 7+ string range (res/resource_iis7.h keeps 4780-4789
 * free for them; texts in res/lang/en-US-iis7.rc). %1 the new address or the rule's ports, %2
 * the site or the rule's name, %3 the site's address before. */
#define PASV_MSG_ITEM_SET_EXTERNAL_IP    4780
#define PASV_MSG_ITEM_CLEAR_EXTERNAL_IP  4781
#define PASV_MSG_ITEM_DISABLE_BUILTIN_RULE 4782
#define PASV_MSG_ITEM_ENABLE_BUILTIN_RULE 4783

/* Singular forms (issue 12): the engine's summaries when the count that governs the noun is 1
 * ("Cancelled after 1 of 1 change."). pasv_msg_for_count (pasv/plural.h) picks them. 1320-1339 */
#define PASV_MSG_SUMMARY_DONE_ONE          1320 /* %1 = 1 */
#define PASV_MSG_SUMMARY_FAILED_ROLLED_ONE 1321 /* %2 = 1 */
#define PASV_MSG_SUMMARY_FAILED_KEPT_ONE   1322 /* %2 = 1 */
#define PASV_MSG_SUMMARY_CANCELLED_ONE     1323 /* %2 = 1 */
#define PASV_MSG_SUMMARY_RANGE_KEPT_ONE    1324 /* %1 = 1 */
#define PASV_MSG_SUMMARY_CHANGED_ONE       1325 /* %1 = 1 */
#define PASV_MSG_SIZING_SMALL_ONE          1326 /* %1 = 1 port, %2 = 1 transfer */

#endif /* PASV_STATUS_H */
