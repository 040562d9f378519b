/* pasvports: the main dialog.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#ifndef PASV_DLG_MAIN_H
#define PASV_DLG_MAIN_H

#include "win.h"

/* Shows the main dialog modally; returns the DialogBoxParam result. */
INT_PTR pasv_main_dialog_run(HINSTANCE instance);

#endif /* PASV_DLG_MAIN_H */
