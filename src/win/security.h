/* pasvports: process hardening and privilege checks.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#ifndef PASV_SECURITY_H
#define PASV_SECURITY_H

#include "win.h"

/* Restricts DLL loading to System32 (SetDefaultDllDirectories, looked up at run time because
 * Windows XP/2003 without KB2533623 lack it) and removes the current directory from the search. */
void pasv_harden_dll_search(void);

#endif /* PASV_SECURITY_H */
