/* pasvports: safe by default (issue 12): the one-sentence confirmation before Apply, the
 * firewall mode already in place, one dialog per desktop session.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#ifndef PASV_APP_SAFE_H
#define PASV_APP_SAFE_H

#include "win.h"

#include "pasv/plan.h"
#include "worker.h"

/* The sentence that says what plan will change ("Open 200 ports, set 5001-5201, restart the FTP
 * service: transfers in progress will drop.") followed by the question; LocalFree it. */
WCHAR *app_safe_confirm_text(const pasv_plan *plan);

/* Asks owner's user to confirm applying plan (Yes/No, No the default); true on Yes. */
bool app_safe_confirm(HWND owner, const pasv_plan *plan);

/* The firewall mode the dialog opens with: the range rule when a rule of ours is in place, per
 * port when only per-port exceptions of ours are, the range rule on a Vista+ firewall with
 * neither; per port when the rules API is missing (XP/2003: the only choice). */
pasv_fw_mode app_safe_mode_in_place(const app_snapshot *snap);

/* The main dialog marks its window (app_safe_mark on init, app_safe_unmark on destroy) so that
 * a second pasvports.exe can find it. */
void app_safe_mark(HWND dialog);
void app_safe_unmark(HWND dialog);

/* Called first by pasvports.exe: when another instance runs in this session, brings its window
 * to the front (restored if minimized) and returns true: the caller exits. Otherwise returns
 * false and holds the instance mutex until the process ends. */
bool app_safe_forward_to_first(void);

#endif /* PASV_APP_SAFE_H */
