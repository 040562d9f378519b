/* pasvports resource ids of the dialog's preflight texts (issue 11 item 4, 4300-4319).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * The decisions are src/win/preflight.c's, shared with pasvctl (whose texts are IDS_REP_*). */
#ifndef PASV_RESOURCE_PREFLIGHT_H
#define PASV_RESOURCE_PREFLIGHT_H

#define IDS_PF_DLG_SERVICE_DISABLED 4300
#define IDS_PF_DLG_GP_OVERRIDE      4301
#define IDS_PF_DLG_NO_EXCEPTIONS    4302 /* %1 profile */
#define IDS_PF_DLG_SERVICE_STOPPED  4303 /* the result of a run that left the service stopped */
#define IDS_PF_DLG_STOPPED_NOTE     4304 /* beside "Restart the FTP service" while it is stopped */
#define IDS_PF_DLG_SERVICE_CHANGED  4305 /* stopped after the plan was made */
#define IDS_PF_DLG_NOT_ELEVATED     4306
#define IDS_PF_DLG_FIREWALL_UNREACHABLE 4307 /* %1 system text, %2 code */
#define IDS_PF_DLG_FOREIGN_IN_RANGE 4308 /* %1!u! count, %2!u! first port */

#endif /* PASV_RESOURCE_PREFLIGHT_H */
