/* pasvports: string-table text with FormatMessage inserts, and HRESULT descriptions.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "text.h"

#include "resource.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
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

/* FormatMessage's printf-like spec between the '!' marks: 's' for a wide string, 'u' for a
 * number, 0 for anything this project does not allow. FormatMessage function,
 * https://learn.microsoft.com/windows/win32/api/winbase/nf-winbase-formatmessagew */
static char spec_type(const WCHAR *spec, size_t len)
{
    size_t i = 0;
    while (i < len && wcschr(L"-+ #0123456789.", spec[i]))
        i++;
    spec += i;
    len -= i;
    if ((len == 1 && spec[0] == L's') || (len == 2 && (spec[0] == L'l' || spec[0] == L'w') && spec[1] == L's'))
        return 's';
    if (len == 2 && spec[0] == L'l')
        spec++, len--;
    if (len == 1 && wcschr(L"udixXo", spec[0]))
        return 'u';
    return 0;
}

int pasv_text_signature(const WCHAR *pattern, char *sig, size_t cap)
{
    int high = 0;
    size_t i;

    if (!pattern || cap < 1)
        return -1;
    memset(sig, '-', cap);
    for (; *pattern; pattern++) {
        unsigned n;
        char type = 's';
        if (*pattern != L'%')
            continue;
        pattern++;
        if (*pattern < L'1' || *pattern > L'9') {
            if (!*pattern)
                break;
            continue; /* %%, %n, %r, %0, %space, %., %! */
        }
        n = (unsigned)(*pattern - L'0');
        if (pattern[1] >= L'0' && pattern[1] <= L'9')
            n = n * 10 + (unsigned)(*++pattern - L'0');
        if (pattern[1] == L'!') {
            const WCHAR *end = wcschr(pattern + 2, L'!');
            if (!end)
                return -1;
            type = spec_type(pattern + 2, (size_t)(end - (pattern + 2)));
            if (!type)
                return -1;
            pattern = end;
        }
        if (n >= cap || (sig[n - 1] != '-' && sig[n - 1] != type))
            return -1;
        sig[n - 1] = type;
        if ((int)n > high)
            high = (int)n;
    }
    sig[high] = 0;
    for (i = (size_t)high + 1; i < cap; i++)
        sig[i] = 0;
    return high;
}

static volatile LONG last_misuse;

UINT pasv_text_last_misuse(void)
{
    return (UINT)last_misuse;
}

static void report_misuse(UINT id, const char *why, DWORD count, int high)
{
    WCHAR line[160];
    InterlockedExchange(&last_misuse, (LONG)id);
    swprintf(line, 160, L"pasvports: string %u misused: %hs (%lu arguments, highest insert %d)\n", id, why,
             (unsigned long)count, high);
    OutputDebugStringW(line);
#ifndef NDEBUG
    fputws(line, stderr);
#endif
}

WCHAR *pasv_text_format(UINT id, const DWORD_PTR *args, DWORD count)
{
    WCHAR *pattern = pasv_text_load(id);
    WCHAR *out = NULL;
    DWORD_PTR none = 0;
    char sig[100];
    int high, i;
    DWORD n;

    if (!pattern)
        return NULL;
    high = pasv_text_signature(pattern, sig, sizeof(sig));
    if (high < 0 || (DWORD)high > count || (high > 0 && !args)) {
        report_misuse(id, high < 0 ? "unsupported insert" : "too few arguments", count, high);
        LocalFree(pattern);
        return NULL;
    }
    for (i = 0; i < high; i++) {
        /* The first 64 KiB of the address space are never mapped: such a "string" is a number. */
        if (sig[i] == 's' && args[i] < 0x10000) {
            report_misuse(id, "a number or NULL for a string insert", count, high);
            LocalFree(pattern);
            return NULL;
        }
    }
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

WCHAR *pasv_text_describe(const WCHAR *what, HRESULT hr, UINT why_id)
{
    WCHAR code[16];
    WCHAR *why = why_id ? pasv_text_load(why_id) : pasv_text_system(hr);
    WCHAR *out = NULL;

    swprintf(code, 16, L"%08lX", (unsigned long)(uint32_t)hr);
    if (why && what) {
        DWORD_PTR args[3] = {(DWORD_PTR)what, (DWORD_PTR)why, (DWORD_PTR)code};
        out = pasv_text_format(IDS_ERROR_WHAT_FAILED, args, 3);
    } else if (why) {
        DWORD_PTR args[2] = {(DWORD_PTR)why, (DWORD_PTR)code};
        out = pasv_text_format(IDS_ERROR_WHY, args, 2);
    }
    LocalFree(why);
    return out;
}

WCHAR *pasv_text_failure(UINT what_id, const WCHAR *what_arg, HRESULT hr)
{
    DWORD_PTR what_args[1] = {(DWORD_PTR)(what_arg ? what_arg : L"")};
    WCHAR *what = pasv_text_format(what_id, what_args, 1);
    WCHAR *out = what ? pasv_text_describe(what, hr, 0) : NULL;

    LocalFree(what);
    return out;
}
