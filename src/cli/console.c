/* pasvports: console output for pasvctl.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * On a console, WriteConsoleW shows every character whatever the code page. Redirected to a
 * file or pipe, the text is written as UTF-8 (what scripts and PowerShell 7 expect) with CRLF. */
#include "console.h"

#include <wchar.h>

#include "text.h"

static void write_wide(HANDLE out, const WCHAR *text, DWORD len)
{
    DWORD mode, written;

    if (GetConsoleMode(out, &mode)) {
        WriteConsoleW(out, text, len, &written, NULL);
        return;
    }
    {
        int bytes = WideCharToMultiByte(CP_UTF8, 0, text, (int)len, NULL, 0, NULL, NULL);
        char *buf;
        if (bytes <= 0)
            return;
        buf = HeapAlloc(GetProcessHeap(), 0, (SIZE_T)bytes);
        if (!buf)
            return;
        WideCharToMultiByte(CP_UTF8, 0, text, (int)len, buf, bytes, NULL, NULL);
        WriteFile(out, buf, (DWORD)bytes, &written, NULL);
        HeapFree(GetProcessHeap(), 0, buf);
    }
}

void console_line(console_stream stream, const WCHAR *text)
{
    HANDLE out = GetStdHandle(stream == CONSOLE_ERR ? STD_ERROR_HANDLE : STD_OUTPUT_HANDLE);
    if (out == INVALID_HANDLE_VALUE || !out)
        return;
    write_wide(out, text, (DWORD)wcslen(text));
    write_wide(out, L"\r\n", 2);
}

void console_message(console_stream stream, UINT id, const DWORD_PTR *args, DWORD count)
{
    WCHAR *text = pasv_text_format(id, args, count);
    WCHAR fallback[32];

    if (!text) {
        /* A missing string must still say something a support engineer can look up. */
        swprintf(fallback, 32, L"[message %u]", id);
        console_line(stream, fallback);
        return;
    }
    console_line(stream, text);
    LocalFree(text);
}
