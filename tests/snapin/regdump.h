/* pasvports tests: a whole registry subtree as sorted text, so two states compare exactly.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * One line per key ("[path]") and per value ("path:name=type:data"), REG_SZ data as text,
 * other types in hex; "" when the key is absent. */
#ifndef PASV_TEST_REGDUMP_H
#define PASV_TEST_REGDUMP_H

#include <stdlib.h>
#include <wchar.h>
#include <windows.h>

typedef struct regdump {
    WCHAR *text;
    size_t len, cap;
} regdump;

static void regdump_put(regdump *d, const WCHAR *s)
{
    size_t n = wcslen(s);
    if (d->len + n + 2 > d->cap) {
        d->cap = (d->len + n + 2) * 2;
        d->text = realloc(d->text, d->cap * sizeof(WCHAR));
    }
    wcscpy(d->text + d->len, s);
    d->len += n;
    d->text[d->len++] = L'\n';
    d->text[d->len] = 0;
}

static void regdump_key(regdump *d, HKEY root, const WCHAR *path)
{
    HKEY key = NULL;
    DWORD i;
    static WCHAR line[4096];

    if (RegOpenKeyExW(root, path, 0, KEY_READ, &key) != ERROR_SUCCESS)
        return;
    swprintf(line, 4096, L"[%ls]", path);
    regdump_put(d, line);
    for (i = 0;; i++) {
        WCHAR name[256];
        BYTE data[2048];
        DWORD name_len = 256, data_len = sizeof(data) - 2, type = 0, k;
        LONG err = RegEnumValueW(key, i, name, &name_len, NULL, &type, data, &data_len);
        if (err == ERROR_NO_MORE_ITEMS)
            break;
        if (err != ERROR_SUCCESS)
            continue;
        if (type == REG_SZ || type == REG_EXPAND_SZ) {
            data[data_len] = data[data_len + 1] = 0;
            swprintf(line, 4096, L"%ls:%ls=%lu:%ls", path, name, type, (WCHAR *)data);
        } else {
            size_t at = (size_t)swprintf(line, 4096, L"%ls:%ls=%lu:", path, name, type);
            for (k = 0; k < data_len && at + 3 < 4096; k++)
                at += (size_t)swprintf(line + at, 4096 - at, L"%02x", data[k]);
        }
        regdump_put(d, line);
    }
    for (i = 0;; i++) {
        WCHAR sub[256], child[2048];
        DWORD sub_len = 256;
        LONG err = RegEnumKeyExW(key, i, sub, &sub_len, NULL, NULL, NULL, NULL);
        if (err == ERROR_NO_MORE_ITEMS)
            break;
        if (err != ERROR_SUCCESS)
            continue;
        swprintf(child, 2048, L"%ls\\%ls", path, sub);
        regdump_key(d, root, child);
    }
    RegCloseKey(key);
}

/* The subtree under HKLM\path; free() the result. */
static WCHAR *regdump_hklm(const WCHAR *path)
{
    regdump d = {NULL, 0, 0};
    regdump_put(&d, L"");
    regdump_key(&d, HKEY_LOCAL_MACHINE, path);
    return d.text;
}

#endif /* PASV_TEST_REGDUMP_H */
