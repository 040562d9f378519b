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

static HANDLE stream_handle(console_stream stream)
{
    HANDLE out = GetStdHandle(stream == CONSOLE_ERR ? STD_ERROR_HANDLE : STD_OUTPUT_HANDLE);
    return out == INVALID_HANDLE_VALUE ? NULL : out;
}

void console_text(console_stream stream, const WCHAR *text)
{
    HANDLE out = stream_handle(stream);
    if (out)
        write_wide(out, text, (DWORD)wcslen(text));
}

void console_utf8(console_stream stream, const char *text, size_t len)
{
    HANDLE out = stream_handle(stream);
    DWORD mode, written;
    if (!out || !len)
        return;
    if (GetConsoleMode(out, &mode)) {
        int n = MultiByteToWideChar(CP_UTF8, 0, text, (int)len, NULL, 0);
        WCHAR *w = n > 0 ? HeapAlloc(GetProcessHeap(), 0, (SIZE_T)n * sizeof(WCHAR)) : NULL;
        if (!w)
            return;
        MultiByteToWideChar(CP_UTF8, 0, text, (int)len, w, n);
        WriteConsoleW(out, w, (DWORD)n, &written, NULL);
        HeapFree(GetProcessHeap(), 0, w);
        return;
    }
    WriteFile(out, text, (DWORD)len, &written, NULL);
}

bool console_input_is_console(void)
{
    DWORD mode;
    HANDLE in = GetStdHandle(STD_INPUT_HANDLE);
    return in && in != INVALID_HANDLE_VALUE && GetConsoleMode(in, &mode);
}

bool console_read_yes(void)
{
    WCHAR line[64];
    DWORD got = 0;
    HANDLE in = GetStdHandle(STD_INPUT_HANDLE);
    if (!ReadConsoleW(in, line, 63, &got, NULL) || !got)
        return false;
    return line[0] == L'y' || line[0] == L'Y';
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
