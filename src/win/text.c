/* pasvports: string-table text with FormatMessage inserts, and HRESULT descriptions.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "text.h"

#include "resource.h"

#include <wchar.h>

static HINSTANCE text_module;

void pasv_text_set_module(HINSTANCE module)
{
    text_module = module;
}

HINSTANCE pasv_text_module(void)
{
    return text_module ? text_module : GetModuleHandleW(NULL);
}

static WCHAR *dup_local(const WCHAR *src, size_t len)
{
    WCHAR *copy = LocalAlloc(LMEM_FIXED, (len + 1) * sizeof(WCHAR));
    if (!copy)
        return NULL;
    memcpy(copy, src, len * sizeof(WCHAR));
    copy[len] = 0;
    return copy;
}

WCHAR *pasv_text_load(UINT id)
{
    const WCHAR *res = NULL;
    /* With a zero buffer size LoadStringW returns a read-only pointer into the resource. */
    int len = LoadStringW(pasv_text_module(), id, (WCHAR *)&res, 0);
    if (len <= 0 || !res)
        return NULL;
    return dup_local(res, (size_t)len);
}

WCHAR *pasv_text_format(UINT id, const DWORD_PTR *args, DWORD count)
{
    WCHAR *pattern = pasv_text_load(id);
    WCHAR *out = NULL;
    DWORD_PTR none = 0;
    DWORD n;

    (void)count;
    if (!pattern)
        return NULL;
    n = FormatMessageW(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_ALLOCATE_BUFFER |
                           FORMAT_MESSAGE_ARGUMENT_ARRAY,
                       pattern, 0, 0, (WCHAR *)&out, 0, (va_list *)(args ? args : &none));
    LocalFree(pattern);
    return n ? out : NULL;
}

WCHAR *pasv_text_system(HRESULT hr)
{
    WCHAR *text = NULL;
    DWORD code = (DWORD)hr;
    DWORD n;

    /* FormatMessage knows Win32 codes better than their HRESULT wrapping on older systems. */
    if (HRESULT_FACILITY(hr) == FACILITY_WIN32)
        code = HRESULT_CODE(hr);
    n = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_ALLOCATE_BUFFER |
                           FORMAT_MESSAGE_IGNORE_INSERTS,
                       NULL, code, 0, (WCHAR *)&text, 0, NULL);
    if (!n && code != (DWORD)hr)
        n = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_ALLOCATE_BUFFER |
                               FORMAT_MESSAGE_IGNORE_INSERTS,
                           NULL, (DWORD)hr, 0, (WCHAR *)&text, 0, NULL);
    if (!n)
        return dup_local(L"Unknown error", wcslen(L"Unknown error"));
    while (n > 0 && (text[n - 1] == L'\n' || text[n - 1] == L'\r' || text[n - 1] == L' '))
        text[--n] = 0;
    return text;
}

WCHAR *pasv_text_failure(UINT what_id, const WCHAR *what_arg, HRESULT hr)
{
    WCHAR code[16];
    DWORD_PTR what_args[1] = {(DWORD_PTR)what_arg};
    WCHAR *what = pasv_text_format(what_id, what_args, 1);
    WCHAR *why = pasv_text_system(hr);
    WCHAR *out = NULL;

    swprintf(code, 16, L"%08lX", (unsigned long)hr);
    if (what && why) {
        DWORD_PTR args[3] = {(DWORD_PTR)what, (DWORD_PTR)why, (DWORD_PTR)code};
        out = pasv_text_format(IDS_ERROR_WHAT_FAILED, args, 3);
    }
    LocalFree(what);
    LocalFree(why);
    return out;
}
