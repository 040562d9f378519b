/* pasvports: console output for pasvctl: WriteConsoleW on a console, UTF-8 when redirected.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#ifndef PASV_CONSOLE_H
#define PASV_CONSOLE_H

#include "win.h"

typedef enum console_stream { CONSOLE_OUT, CONSOLE_ERR } console_stream;

/* Writes text followed by a line break. */
void console_line(console_stream stream, const WCHAR *text);

/* Writes the string-table message id with inserts, followed by a line break. */
void console_message(console_stream stream, UINT id, const DWORD_PTR *args, DWORD count);

#endif /* PASV_CONSOLE_H */
