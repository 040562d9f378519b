/* pasvctl on IIS 7+ FTP (FTPSVC): status lines of its own (the unset range, FTP sites with
 * their external address and TLS policy, stateful FTP, the built-in rules) and apply's
 * --site / --external-ip step.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#ifndef PASV_CMD_IIS7_H
#define PASV_CMD_IIS7_H

#include "win.h"

#include <stdbool.h>

#include "ftpsites.h"
#include "pasv/cmdline.h"
#include "session.h"

/* status: "not set: Windows dynamic range A-B (...)" when the IIS 7+ range is not set; false
 * (nothing printed) otherwise. */
bool cli_iis7_range_unset(const pasv_session *s);

/* status: the FTP sites, stateful FTP, the FTPS note and the built-in rules (IIS 7+ only). */
void cli_iis7_status(const pasv_session *s);

/* One site's external address change, resolved before anything changes. */
typedef struct cli_iis7_change {
    bool wanted;                        /* --external-ip given and different from now */
    WCHAR site[PASV_SITE_NAME_MAX];
    WCHAR old_ip[PASV_SITE_IP_MAX];     /* "" when not set */
    WCHAR new_ip[PASV_SITE_IP_MAX];     /* "" to clear */
    bool done;                          /* written: undo puts old_ip back */
} cli_iis7_change;

/* Checks --site/--external-ip against the server and its FTP sites and prints the planned
 * change. -1 when apply may go on (ch->wanted says whether there is a change), else the exit
 * code after one line: 2 for bad input (not IIS 7+, no FTP site, several and no --site, an
 * unknown --site), 3 when the sites cannot be read. Changes nothing. */
int cli_iis7_resolve(const pasv_cmdline *cmd, const pasv_session *s, cli_iis7_change *ch);

/* export --external-ip on IIS 7+: the FTP site the scripts name (UTF-8), chosen as apply
 * chooses it (--site, or the only FTP site). -1 to go on ("" without --external-ip), else the
 * exit code after one line on stderr (2 for bad input, 3 when the sites cannot be read). */
int cli_iis7_export_site(const pasv_cmdline *cmd, const pasv_session *s, char *site, size_t cap);

/* Makes a copy of applicationHost.config (the store's backup) and writes the change; prints
 * the outcome (with IIS's own reason when it refused the value). */
HRESULT cli_iis7_write(pasv_session *s, cli_iis7_change *ch);

/* Puts the old address back after a failed run; prints the outcome. */
HRESULT cli_iis7_undo(cli_iis7_change *ch);

/* Restarts FTPSVC (when it runs) so that it announces the new address; prints the outcome. */
HRESULT cli_iis7_restart(pasv_session *s);

/* --disable-builtin-passive-rule after a run that put our rule in place (ok true), or the
 * sentence that it was left on (ok false); prints the outcome. */
HRESULT cli_iis7_disable_builtin(bool ok);

/* remove: turns on again the built-in rule an earlier apply turned off; prints the outcome. */
HRESULT cli_iis7_restore_builtin(const pasv_session *s);

#endif /* PASV_CMD_IIS7_H */
