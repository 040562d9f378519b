/* pasvports resource ids of IIS 7+ FTP (issue 13, 4700-4799): detection texts shared by both
 * programs, and pasvctl's lines for sites, external addresses and the IIS 7+ firewall facts.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#ifndef PASV_RESOURCE_IIS7_H
#define PASV_RESOURCE_IIS7_H

/* Detection (src/win/env.c), both programs */
#define IDS_ENV_FTP_IIS7_WOW64      4700
#define IDS_ENV_IIS7_NO_FTP         4701
#define IDS_ENV_FTP_IIS_VERSION     4702 /* %1!u! major, %2!u! minor (InetStp) */
/* The FTP service's display name (src/win/trail.c: the restart item "Restart the %1") */
#define IDS_SVC_NAME_MSFTPSVC       4703
#define IDS_SVC_NAME_FTPSVC         4704

/* pasvctl status */
#define IDS_I7_RANGE_NOT_SET        4710 /* %1 the dynamic range, %2 how it is known */
#define IDS_I7_DYN_READ             4711
#define IDS_I7_DYN_DEFAULT          4712
#define IDS_I7_SITES_NONE           4713
#define IDS_I7_SITES_FAILED         4714 /* %1 why */
#define IDS_I7_SITES_HEAD           4715
#define IDS_I7_SITE_LINE            4716 /* %1 name, %2!u! id, %3 external address, %4 control, %5 data */
#define IDS_I7_SITE_NO_EXTERNAL     4717
#define IDS_I7_STATEFUL_ON          4718
#define IDS_I7_STATEFUL_OFF         4719
#define IDS_I7_STATEFUL_UNKNOWN     4720
#define IDS_I7_FTPS_NOTE            4721
#define IDS_I7_TLS_UNKNOWN          4722
#define IDS_I7_BUILTIN_HEAD         4723
#define IDS_I7_BUILTIN_LINE         4724 /* %1 name, %2 on/off, %3 ports, %4 note */
#define IDS_I7_BUILTIN_NONE         4725
#define IDS_I7_BUILTIN_ON           4726
#define IDS_I7_BUILTIN_OFF          4727
#define IDS_I7_BUILTIN_WIDE         4728 /* the passive rule's note: 1024-65535 whatever the range */

/* pasvctl apply --site / --external-ip */
#define IDS_I7_ONLY_IIS7            4740 /* %1 option */
#define IDS_I7_NO_FTP_SITE          4741
#define IDS_I7_SITE_REQUIRED        4742 /* %1 the site names */
#define IDS_I7_SITE_UNKNOWN         4743 /* %1 the name given, %2 the site names */
#define IDS_I7_EXTERNAL_NONE        4749 /* "not set" */
#define IDS_I7_EXTERNAL_SAME        4752 /* %1 site, %2 value */
#define IDS_I7_READ_SITES_FAILED    4754 /* %1 why */

/* pasvctl apply --disable-builtin-passive-rule, remove */

/* 4780-4789: the engine's IIS 7+ plan rows, PASV_MSG_ITEM_* in include/pasv/status.h */

/* The dialog (pasvports.exe) */
#define IDS_I7_DLG_RANGE_NOT_SET    4770 /* %1 the machine's dynamic range */
/* pasvctl selftest against this machine's IIS 7+ */
#define IDS_I7_STEP_EXTERNAL        4765 /* %1 site, %2 its external address */
#define IDS_I7_WHY_EXTERNAL         4766 /* %1 the address the 227 reply announced */
#define IDS_I7_NOTE_NO_EXTERNAL     4767 /* %1 the internal address the 227 reply announced */

#endif /* PASV_RESOURCE_IIS7_H */
