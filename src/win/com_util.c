/* pasvports: UTF-8 <-> BSTR / UTF-16 conversion for the COM backends.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "com_util.h"

#include <stdlib.h>

HRESULT pasv_bstr_from_utf8(const char *s, BSTR *out)
{
    WCHAR *wide;
    BSTR bstr;

    if (!out)
        return E_POINTER;
    wide = pasv_wide_from_utf8(s ? s : "");
    if (!wide)
        return s && MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, NULL, 0) == 0
                   ? E_INVALIDARG
                   : E_OUTOFMEMORY;
    bstr = SysAllocString(wide);
    free(wide);
    if (!bstr)
        return E_OUTOFMEMORY;
    *out = bstr;
    return S_OK;
}

WCHAR *pasv_wide_from_utf8(const char *s)
{
    WCHAR *wide;
    int n;

    if (!s)
        return NULL;
    /* MB_ERR_INVALID_CHARS: a malformed name is refused rather than silently altered, so what
     * the firewall stores is exactly what the engine asked for. */
    n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, NULL, 0);
    if (n <= 0)
        return NULL;
    wide = malloc((size_t)n * sizeof(WCHAR));
    if (!wide)
        return NULL;
    if (MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, wide, n) != n) {
        free(wide);
        return NULL;
    }
    return wide;
}

/* Encoded by hand rather than with WideCharToMultiByte: that call fails outright when the
 * buffer is too small, and the engine wants a cut name (display only) instead of none. */
bool pasv_utf8_from_wide(const WCHAR *s, char *buf, size_t cap)
{
    size_t used = 0;

    buf[0] = '\0';
    if (!s)
        return true;
    while (*s) {
        unsigned long cp = *s++;
        unsigned char seq[4];
        size_t len, i;

        if (cp >= 0xD800 && cp <= 0xDBFF && *s >= 0xDC00 && *s <= 0xDFFF)
            cp = 0x10000 + ((cp - 0xD800) << 10) + (unsigned long)(*s++ - 0xDC00);
        else if (cp >= 0xD800 && cp <= 0xDFFF)
            cp = 0xFFFD;
        if (cp < 0x80) {
            seq[0] = (unsigned char)cp;
            len = 1;
        } else if (cp < 0x800) {
            seq[0] = (unsigned char)(0xC0 | (cp >> 6));
            seq[1] = (unsigned char)(0x80 | (cp & 0x3F));
            len = 2;
        } else if (cp < 0x10000) {
            seq[0] = (unsigned char)(0xE0 | (cp >> 12));
            seq[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
            seq[2] = (unsigned char)(0x80 | (cp & 0x3F));
            len = 3;
        } else {
            seq[0] = (unsigned char)(0xF0 | (cp >> 18));
            seq[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
            seq[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
            seq[3] = (unsigned char)(0x80 | (cp & 0x3F));
            len = 4;
        }
        if (len >= cap - used) {
            buf[used] = '\0';
            return false;
        }
        for (i = 0; i < len; i++)
            buf[used++] = (char)seq[i];
    }
    buf[used] = '\0';
    return true;
}

char *pasv_utf8_dup_wide(const WCHAR *s)
{
    size_t units = s ? wcslen(s) : 0;
    char *out;

    /* A UTF-16 unit never takes more than 3 UTF-8 bytes (a surrogate pair: 4 for 2 units). */
    if (units > (SIZE_MAX - 1) / 3)
        return NULL;
    out = malloc(units * 3 + 1);
    if (out)
        pasv_utf8_from_wide(s, out, units * 3 + 1);
    return out;
}
