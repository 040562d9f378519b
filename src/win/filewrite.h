/* pasvports: output files replaced whole or not at all (pasvctl audit/export, the dialog's
 * audit export).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#ifndef PASV_FILEWRITE_H
#define PASV_FILEWRITE_H

#include "win.h"

/* Writes len bytes to "<path>.tmp-<pid>" in the same directory, flushes them, then renames the
 * temporary file over path with MoveFileExW(MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)
 * ("MoveFileExW function", https://learn.microsoft.com/en-us/windows/win32/api/winbase/nf-winbase-movefileexw).
 * Same directory, so the rename never becomes a copy across volumes. On any failure the file
 * at path is as it was (byte for byte, or still absent) and the temporary file is removed.
 * Returns S_OK or the failure (HRESULT_FROM_WIN32 of the first error). */
HRESULT pasv_file_replace(const WCHAR *path, const void *data, size_t len);

#endif /* PASV_FILEWRITE_H */
