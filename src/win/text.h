/* pasvports: user-visible text from the string tables, with FormatMessage inserts, and
 * "what failed + why + code" descriptions of HRESULTs.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * Every returned string is allocated with LocalAlloc (as FormatMessage does) and freed with
 * LocalFree; NULL only when memory runs out or the id has no string (then the caller shows the
 * number). Strings come from pasv_text_module(), the exe by default. */
#ifndef PASV_TEXT_H
#define PASV_TEXT_H

#include "win.h"
#include <stdarg.h>

/* The module whose string tables are used (the snap-in DLL sets its own). */
void pasv_text_set_module(HINSTANCE module);
HINSTANCE pasv_text_module(void);

/* The string with that id, or NULL. */
WCHAR *pasv_text_load(UINT id);

/* The string with that id, its %1..%n inserts replaced by args (each a DWORD_PTR: a WCHAR*
 * for %n or %n!s!, a number for %n!u!). */
WCHAR *pasv_text_format(UINT id, const DWORD_PTR *args, DWORD count);

/* The system's text for hr, without the trailing newline ("Access is denied."); for codes the
 * system does not know, "Unknown error". Win32 errors wrapped in HRESULTs are unwrapped. */
WCHAR *pasv_text_system(HRESULT hr);

/* "what: why (0x80070005)" with what from the string table (id) and why from the system. */
WCHAR *pasv_text_failure(UINT what_id, const WCHAR *what_arg, HRESULT hr);

#endif /* PASV_TEXT_H */
