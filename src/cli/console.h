/* pasvports: console output for pasvctl: WriteConsoleW on a console, UTF-8 when redirected.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#ifndef PASV_CONSOLE_H
#define PASV_CONSOLE_H

#include "win.h"

#include <stdbool.h>

typedef enum console_stream { CONSOLE_OUT, CONSOLE_ERR } console_stream;

/* Every function here writes control characters visibly (\x1b), keeping only tab and line
 * ends; see console.c. */

/* A name from the firewall (UTF-8) for display: control characters, line breaks included,
 * escaped visibly; LocalAlloc'd, NULL when out of memory. Use it for every name pasvctl prints. */
WCHAR *cli_display(const char *utf8);

/* Writes text followed by a line break. */
void console_line(console_stream stream, const WCHAR *text);

/* Writes text as it is (no line break added). */
void console_text(console_stream stream, const WCHAR *text);

/* Writes UTF-8 bytes as they are (JSON, exported scripts); on a console they are shown through
 * WriteConsoleW so every character survives. */
void console_utf8(console_stream stream, const char *text, size_t len);

/* Writes the string-table message id with inserts, followed by a line break. */
void console_message(console_stream stream, UINT id, const DWORD_PTR *args, DWORD count);

/* True when standard input is an interactive console (so a question can be asked). */
bool console_input_is_console(void);

/* Reads one line from the console and returns true when it starts with y or Y. */
bool console_read_yes(void);

#endif /* PASV_CONSOLE_H */
