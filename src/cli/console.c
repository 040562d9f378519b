/* pasvports: console output for pasvctl: WriteConsoleW on a console, UTF-8 when redirected.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * On a console, WriteConsoleW shows every character whatever the code page. Redirected to a
 * file or pipe, the text is written as UTF-8 (what scripts and PowerShell 7 expect) with CRLF.
 *
 * Everything pasvctl writes passes through write_safe: names come from the firewall, where any
 * program can put ESC sequences, BEL, a lone CR or a right-to-left override into them, and a
 * console would act on them (issue 11, B19). Control characters are shown as \x1b and the like
 * (pasv_textbuf_put_escaped); only tab and the line ends of our own messages pass. Names
 * themselves go through cli_display, which escapes their line breaks too. */
#include "console.h"

#include <wchar.h>

#include "pasv/textbuf.h"
#include "text.h"

/* UTF-16 -> UTF-8 (unpaired surrogates become U+FFFD), appended to tb. */
static bool put_wide(pasv_textbuf *tb, const WCHAR *text, int len)
{
    int bytes = len ? WideCharToMultiByte(CP_UTF8, 0, text, len, NULL, 0, NULL, NULL) : 0;
    char *buf;
    bool done;

    if (bytes <= 0)
        return len == 0;
    buf = HeapAlloc(GetProcessHeap(), 0, (SIZE_T)bytes);
    if (!buf)
        return false;
    WideCharToMultiByte(CP_UTF8, 0, text, len, buf, bytes, NULL, NULL);
    done = pasv_textbuf_append(tb, buf, (size_t)bytes);
    HeapFree(GetProcessHeap(), 0, buf);
    return done;
}

/* Writes UTF-8 with control characters escaped (lines kept). */
static void write_safe(HANDLE out, const char *text, size_t len)
{
    pasv_textbuf safe;
    DWORD mode, written;

    pasv_textbuf_init(&safe);
    if (!pasv_textbuf_put_escaped(&safe, text, len, PASV_ESCAPE_KEEP_LINES) || !safe.len) {
        pasv_textbuf_cleanup(&safe);
        return;
    }
    if (GetConsoleMode(out, &mode)) {
        int n = MultiByteToWideChar(CP_UTF8, 0, safe.data, (int)safe.len, NULL, 0);
        WCHAR *w = n > 0 ? HeapAlloc(GetProcessHeap(), 0, (SIZE_T)n * sizeof(WCHAR)) : NULL;
        if (w) {
            MultiByteToWideChar(CP_UTF8, 0, safe.data, (int)safe.len, w, n);
            WriteConsoleW(out, w, (DWORD)n, &written, NULL);
            HeapFree(GetProcessHeap(), 0, w);
        }
    } else {
        WriteFile(out, safe.data, (DWORD)safe.len, &written, NULL);
    }
    pasv_textbuf_cleanup(&safe);
}

static void write_wide(HANDLE out, const WCHAR *text, DWORD len)
{
    pasv_textbuf utf8;

    pasv_textbuf_init(&utf8);
    if (put_wide(&utf8, text, (int)len) && utf8.len)
        write_safe(out, utf8.data, utf8.len);
    pasv_textbuf_cleanup(&utf8);
}

WCHAR *cli_display(const char *utf8)
{
    pasv_textbuf tb;
    WCHAR *w = NULL;
    int n;

    pasv_textbuf_init(&tb);
    if (!pasv_textbuf_put_escaped(&tb, utf8 ? utf8 : "", utf8 ? strlen(utf8) : 0, 0) ||
        !pasv_textbuf_puts(&tb, "")) {
        pasv_textbuf_cleanup(&tb);
        return NULL;
    }
    n = MultiByteToWideChar(CP_UTF8, 0, tb.data, -1, NULL, 0);
    if (n > 0 && (w = LocalAlloc(LMEM_FIXED, (SIZE_T)n * sizeof(WCHAR))) != NULL)
        MultiByteToWideChar(CP_UTF8, 0, tb.data, -1, w, n);
    pasv_textbuf_cleanup(&tb);
    return w;
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
    if (out && len)
        write_safe(out, text, len);
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
    HANDLE out = stream_handle(stream);
    if (!out)
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
