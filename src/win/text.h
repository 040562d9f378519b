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

/* The string-table contract (issue 12). The declaration of a string's inserts is the string
 * itself, in res/lang/en-US*.rc: each insert's FormatMessage spec says its type, and every
 * language must use the same inserts with the same types.
 *   %1, %1!s!, %1!ls!, %1!ws!                a string: args[0] is a const WCHAR *, never NULL
 *   %1!u!, !d!, !i!, !x!, !X!, !o!, !lu!, ...  a number: args[0] is the value (32 bits used)
 * Widths and flags are allowed (%1!5u!); '*' widths, ANSI strings (!S!, !hs!), characters and
 * 64-bit specs (!I64u!) are not, and neither is one insert used with two types.
 * tests/win/test_strings.c loads every id of both programs and formats each with its declared
 * inserts; tests/win/check_text_calls.py checks every call site's literal count. */

/* The signature of a string: sig[i] is 's' (string), 'u' (number) or '-' (not used) for insert
 * i+1, NUL-terminated after the highest insert. Returns the highest insert number (0 when
 * none), or -1 when the string breaks the rules above or its signature does not fit in cap. */
int pasv_text_signature(const WCHAR *pattern, char *sig, size_t cap);

/* The string with that id, its %1..%n inserts replaced by args (each a DWORD_PTR, as declared
 * above). count is how many args there are; more than the string uses is fine (a translation may
 * leave an insert out). Refuses, returning NULL without calling FormatMessage, when count is
 * lower than the highest insert, when a string insert's argument cannot be a pointer (below
 * 64 KiB: a number passed for a string, which would crash FormatMessage) or when the string
 * breaks the rules; then it reports the id with OutputDebugString (and on stderr in debug
 * builds) and pasv_text_last_misuse() returns it. */
WCHAR *pasv_text_format(UINT id, const DWORD_PTR *args, DWORD count);

/* The id pasv_text_format last refused (0 when none), for tests. */
UINT pasv_text_last_misuse(void);

/* The system's text for hr, without the trailing newline ("Access is denied."); for codes the
 * system does not know, "Unknown error". Win32 errors wrapped in HRESULTs are unwrapped. */
WCHAR *pasv_text_system(HRESULT hr);

/* "what: why (0x80070005)" with what from the string table (id) and why from the system. */
WCHAR *pasv_text_failure(UINT what_id, const WCHAR *what_arg, HRESULT hr);

/* The one "what: why (0xCODE)" builder (issue 12): every failure text of both programs comes
 * from here. what may be NULL ("why (0xCODE)", where the what is shown beside it, as in the
 * dialog's Detail column). why is why_id's string when why_id is not 0 (our own codes, which
 * the system does not know), else the system's text for hr. NULL when out of memory. */
WCHAR *pasv_text_describe(const WCHAR *what, HRESULT hr, UINT why_id);

#endif /* PASV_TEXT_H */
