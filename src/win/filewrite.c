/* pasvports: output files replaced whole or not at all (filewrite.h).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "filewrite.h"

#include <stdlib.h>
#include <wchar.h>

static HRESULT last_error(void)
{
    DWORD err = GetLastError();
    return HRESULT_FROM_WIN32(err ? err : ERROR_WRITE_FAULT);
}

/* Creates the temporary file; one left by a crashed run with the same process id is replaced. */
static HANDLE create_temp(const WCHAR *tmp)
{
    /* CREATE_NEW: never write through an existing file (or a link someone placed there). */
    HANDLE file = CreateFileW(tmp, GENERIC_WRITE, 0, NULL, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, NULL);
    if (file == INVALID_HANDLE_VALUE && GetLastError() == ERROR_FILE_EXISTS && DeleteFileW(tmp))
        file = CreateFileW(tmp, GENERIC_WRITE, 0, NULL, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, NULL);
    return file;
}

static HRESULT write_all(HANDLE file, const void *data, size_t len)
{
    const char *p = data;
    while (len) {
        DWORD chunk = len > (1u << 24) ? (1u << 24) : (DWORD)len, written = 0;
        if (!WriteFile(file, p, chunk, &written, NULL))
            return last_error();
        if (!written)
            return HRESULT_FROM_WIN32(ERROR_WRITE_FAULT);
        p += written;
        len -= written;
    }
    /* The data must be on disk before the rename makes it the file (write-through covers only
     * the rename itself). */
    return FlushFileBuffers(file) ? S_OK : last_error();
}

HRESULT pasv_file_replace(const WCHAR *path, const void *data, size_t len)
{
    size_t n;
    WCHAR *tmp;
    HANDLE file;
    HRESULT hr;

    if (!path || !*path || (len && !data))
        return E_INVALIDARG;
    n = wcslen(path) + 32;
    tmp = malloc(n * sizeof(WCHAR));
    if (!tmp)
        return E_OUTOFMEMORY;
    swprintf(tmp, n, L"%ls.tmp-%lu", path, (unsigned long)GetCurrentProcessId());
    file = create_temp(tmp);
    if (file == INVALID_HANDLE_VALUE) {
        hr = last_error();
        free(tmp);
        return hr;
    }
    hr = write_all(file, data, len);
    if (!CloseHandle(file) && SUCCEEDED(hr))
        hr = last_error();
    if (SUCCEEDED(hr) && !MoveFileExW(tmp, path, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH))
        hr = last_error();
    if (FAILED(hr))
        DeleteFileW(tmp);
    free(tmp);
    return hr;
}
