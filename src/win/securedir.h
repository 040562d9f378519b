/* pasvports: the secure directory %ProgramData%\pasvports, where the change log, the run lock's
 * holder record and the write-ahead journal live.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * Only Administrators and SYSTEM may write there: the directory is created with an explicit,
 * protected DACL (no inherited entries), and a directory or file that already exists is used
 * only when its owner is Administrators or SYSTEM and its DACL lets nobody else write. A
 * standard user who pre-creates the directory or changes.log (S1 in issue 11) is refused, never
 * trusted. Wine 8 stores and returns the security descriptors set here (in a Unix extended
 * attribute) but does not enforce DACLs on file access; see securedir.c. */
#ifndef PASV_SECUREDIR_H
#define PASV_SECUREDIR_H

#include "win.h"

#include <stdbool.h>

/* Our own facility (0xA0CA, as PASV_E_NOT_VERIFIED), 0x06xx for the journal and the lock. */
#define PASV_E_UNSAFE_OWNER ((HRESULT)0xA0CA0601u) /* owned by someone other than Administrators/SYSTEM */
#define PASV_E_UNSAFE_DACL  ((HRESULT)0xA0CA0602u) /* someone other than Administrators/SYSTEM may write */
#define PASV_E_RUN_LOCKED   ((HRESULT)0xA0CA0603u) /* another run holds the machine-wide lock */
#define PASV_E_UNFINISHED   ((HRESULT)0xA0CA0604u) /* an interrupted run's journal is waiting */

/* %ProgramData%\pasvports (CSIDL_COMMON_APPDATA), without creating it. */
HRESULT pasv_secure_dir_path(WCHAR *dir, DWORD cap);

/* Creates the directory with the explicit DACL, or checks the one that is there. dir (MAX_PATH)
 * receives its path. On PASV_E_UNSAFE_*, bad (MAX_PATH, may be NULL) names the offending path. */
HRESULT pasv_secure_dir(WCHAR *dir, WCHAR *bad);

/* A file in the secure directory: S_OK when absent, or present with a safe owner and DACL;
 * PASV_E_UNSAFE_* otherwise. */
HRESULT pasv_secure_file_check(const WCHAR *path);

/* dir + "\\" + name into out (MAX_PATH). */
HRESULT pasv_secure_join(const WCHAR *dir, const WCHAR *name, WCHAR *out);

#endif /* PASV_SECUREDIR_H */
