/* pasvports resource ids of the run lock, the secure directory and the journal (1600-1699).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#ifndef PASV_RESOURCE_JOURNAL_H
#define PASV_RESOURCE_JOURNAL_H

/* Run lock (1600-1609): %1 program, %2 process id, %3 start time */
#define IDS_JRN_LOCKED              1600
#define IDS_JRN_LOCKED_UNKNOWN      1601
#define IDS_JRN_STALE_LOCK          1602
#define IDS_JRN_STALE_LOCK_UNKNOWN  1603
#define IDS_JRN_LOCK_FAILED         1604

/* Secure directory and files (1610-1619): %1 the path */
#define IDS_JRN_UNSAFE_OWNER        1610
#define IDS_JRN_UNSAFE_DACL         1611
#define IDS_JRN_CANNOT_JOURNAL      1612
#define IDS_JRN_CANNOT_LOG          1613
#define IDS_JRN_UNREADABLE          1614

/* Interrupted runs (1620-1649): %1 program, %2 pid, %3 time, %4 command, %5 items recorded,
 * %6 items planned, %7 the last item, %8 its status */
#define IDS_JRN_UNFINISHED          1620
#define IDS_JRN_UNFINISHED_REFUSE   1621
#define IDS_JRN_NONE_TO_RECOVER     1622
#define IDS_JRN_RESUMING            1623
#define IDS_JRN_ROLLING_BACK        1624
#define IDS_JRN_ROLLED_BACK         1625
#define IDS_JRN_ROLLBACK_INCOMPLETE 1626
#define IDS_JRN_SERVICE_STARTED     1627
#define IDS_JRN_SERVICE_NOT_STARTED 1628
#define IDS_JRN_STATUS_LINE         1629
#define IDS_JRN_STATUS_NONE         1630
#define IDS_JRN_NOTHING_RECORDED    1631
#define IDS_JRN_STATUS_RUNNING      1632

/* The dialog (1650-1669) */
#define IDS_JRN_DLG_LOCKED          1650
#define IDS_JRN_DLG_UNFINISHED      1651
#define IDS_JRN_DLG_CANNOT_START    1652
#define IDS_JRN_TRAIL_ROLLBACK      1653
#define IDS_JRN_TRAIL_RESUME        1654

/* The dialog's run guard and recovery (1655-1669; src/win/runguard.c, src/app/guard.c) */
#define IDS_JRN_DLG_UNFINISHED_REFUSE 1655
#define IDS_JRN_DLG_WITH_CODE       1656 /* %1 the message, %2 the code in hex */
#define IDS_JRN_DLG_FINISH          1658
#define IDS_JRN_DLG_UNDO            1659
#define IDS_JRN_DLG_CONFIRM_FINISH  1660 /* %1 the command of the interrupted run */
#define IDS_JRN_DLG_CONFIRM_UNDO    1661 /* %1 the command of the interrupted run */
#define IDS_JRN_DLG_RECOVERING      1662
#define IDS_JRN_DLG_UNDONE          1663
#define IDS_JRN_DLG_UNDO_INCOMPLETE 1664
#define IDS_JRN_DLG_FINISHED        1665

/* The dialog's interrupted-run banner (1670-1689; src/app/guard.c) */
#define IDS_JRN_DLG_BANNER_SHORT    1670 /* %1 program, %2 pid, %3 start time, %4 steps done, %5 planned */
#define IDS_JRN_DLG_FINISH_INCOMPLETE 1671

#endif /* PASV_RESOURCE_JOURNAL_H */
