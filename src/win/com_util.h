/* pasvports: conversions between the engine's UTF-8 text and COM's BSTR / UTF-16 strings.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#ifndef PASV_COM_UTIL_H
#define PASV_COM_UTIL_H

#include "win.h"

#include <stdbool.h>
#include <stddef.h>

/* A new BSTR holding s (UTF-8; NULL gives ""). E_INVALIDARG for malformed UTF-8,
 * E_OUTOFMEMORY; *out is set only on success. Free with SysFreeString. */
HRESULT pasv_bstr_from_utf8(const char *s, BSTR *out);

/* A malloc'd UTF-16 copy of s (UTF-8), or NULL (malformed or out of memory). */
WCHAR *pasv_wide_from_utf8(const char *s);

/* Writes s (UTF-16, NUL-terminated; NULL gives "") as UTF-8 into buf, always NUL-terminated.
 * Text that does not fit is cut at a character boundary, never inside a UTF-8 sequence or a
 * surrogate pair; unpaired surrogates become U+FFFD. Returns false when it was truncated.
 * cap must be at least 1. */
bool pasv_utf8_from_wide(const WCHAR *s, char *buf, size_t cap);

/* A malloc'd UTF-8 copy of s (UTF-16; NULL gives ""), whole; unpaired surrogates become U+FFFD.
 * NULL when out of memory. This is how names read from the firewall reach the engine: a cut
 * name could pass for another (see pasv_fw_classify). */
char *pasv_utf8_dup_wide(const WCHAR *s);

#endif /* PASV_COM_UTIL_H */
