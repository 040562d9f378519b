/* pasvsnap.dll: DllRegisterServer and DllUnregisterServer (regsvr32). The MSI writes the same
 * keys through its Registry table instead (installer/pasvports.wxs): keep the two in step.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * "Registering and Unregistering a Snap-in", "SnapIns Key", "NodeTypes Key"
 * (https://learn.microsoft.com/en-us/previous-versions/windows/desktop/mmc/registering-and-unregistering-a-snap-in):
 *   HKLM\Software\Classes\CLSID\{snap-in}\InprocServer32 = path, ThreadingModel = Apartment
 *   HKLM\Software\Classes\CLSID\{about}\InprocServer32   = path, ThreadingModel = Apartment
 *   HKLM\Software\Microsoft\MMC\SnapIns\{snap-in}: NameString, NameStringIndirect ("@path,-id",
 *     the localizable name), About = {about}, Provider, Version; subkeys StandAlone (a
 *     standalone snap-in) and NodeTypes\{node type}
 *   HKLM\Software\Microsoft\MMC\NodeTypes\{node type}
 * Machine-wide keys: the snap-in is for administrators of this computer. */
#include "snapin.h"

#include <shlwapi.h>
#include <stdio.h>

#include "pasv/version.h"
#include "resource_snapin.h"
#include "text.h"

#define KEY_CLASSES L"Software\\Classes\\CLSID\\"
#define KEY_SNAPINS L"Software\\Microsoft\\MMC\\SnapIns"
#define KEY_NODETYPES L"Software\\Microsoft\\MMC\\NodeTypes"

HRESULT WINAPI DllUnregisterServer(void);

static HRESULT set_value(const WCHAR *subkey, const WCHAR *name, const WCHAR *data)
{
    HKEY key = NULL;
    LONG err = RegCreateKeyExW(HKEY_LOCAL_MACHINE, subkey, 0, NULL, 0, KEY_SET_VALUE, NULL, &key, NULL);

    if (err == ERROR_SUCCESS && data)
        err = RegSetValueExW(key, name, 0, REG_SZ, (const BYTE *)data, (DWORD)((wcslen(data) + 1) * sizeof(WCHAR)));
    if (key)
        RegCloseKey(key);
    return HRESULT_FROM_WIN32(err);
}

static HRESULT register_class(const WCHAR *clsid, const WCHAR *name, const WCHAR *path)
{
    WCHAR key[128];
    HRESULT hr;

    swprintf(key, 128, KEY_CLASSES L"%ls", clsid);
    hr = set_value(key, NULL, name);
    if (FAILED(hr))
        return hr;
    swprintf(key, 128, KEY_CLASSES L"%ls\\InprocServer32", clsid);
    hr = set_value(key, NULL, path);
    if (FAILED(hr))
        return hr;
    return set_value(key, L"ThreadingModel", L"Apartment");
}

static HRESULT register_mmc(const WCHAR *name, const WCHAR *provider, const WCHAR *path)
{
    WCHAR key[160], indirect[MAX_PATH + 16];
    HRESULT hr;

    swprintf(key, 160, KEY_SNAPINS L"\\%ls", PASV_SNAPIN_CLSID_STR);
    swprintf(indirect, MAX_PATH + 16, L"@%ls,-%u", path, (unsigned)IDS_SNAP_NAME);
    hr = set_value(key, L"NameString", name);
    if (SUCCEEDED(hr))
        hr = set_value(key, L"NameStringIndirect", indirect);
    if (SUCCEEDED(hr))
        hr = set_value(key, L"About", PASV_SNAPIN_ABOUT_STR);
    if (SUCCEEDED(hr))
        hr = set_value(key, L"Provider", provider);
    if (SUCCEEDED(hr))
        hr = set_value(key, L"Version", PASV_VERSION_WSTR);
    if (FAILED(hr))
        return hr;
    swprintf(key, 160, KEY_SNAPINS L"\\%ls\\StandAlone", PASV_SNAPIN_CLSID_STR);
    hr = set_value(key, NULL, NULL);
    if (FAILED(hr))
        return hr;
    swprintf(key, 160, KEY_SNAPINS L"\\%ls\\NodeTypes\\%ls", PASV_SNAPIN_CLSID_STR, PASV_NODETYPE_STR);
    hr = set_value(key, NULL, NULL);
    if (FAILED(hr))
        return hr;
    swprintf(key, 160, KEY_NODETYPES L"\\%ls", PASV_NODETYPE_STR);
    return set_value(key, NULL, name);
}

HRESULT WINAPI DllRegisterServer(void)
{
    WCHAR path[MAX_PATH], *name = NULL, *provider = NULL;
    DWORD len = GetModuleFileNameW(snap_module, path, MAX_PATH);
    HRESULT hr;

    if (len == 0 || len >= MAX_PATH)
        return HRESULT_FROM_WIN32(len ? ERROR_INSUFFICIENT_BUFFER : GetLastError());
    name = pasv_text_load(IDS_SNAP_NAME);
    provider = pasv_text_load(IDS_SNAP_PROVIDER);
    if (!name || !provider) {
        hr = E_OUTOFMEMORY;
        goto cleanup;
    }
    hr = register_class(PASV_SNAPIN_CLSID_STR, name, path);
    if (FAILED(hr))
        goto cleanup;
    hr = register_class(PASV_SNAPIN_ABOUT_STR, name, path);
    if (FAILED(hr))
        goto cleanup;
    hr = register_mmc(name, provider, path);

cleanup:
    LocalFree(name);
    LocalFree(provider);
    if (FAILED(hr))
        DllUnregisterServer();
    return hr;
}

/* Deletes subkey and everything under it; absent is fine. */
static HRESULT delete_tree(const WCHAR *subkey)
{
    DWORD err = SHDeleteKeyW(HKEY_LOCAL_MACHINE, subkey);
    return err == ERROR_SUCCESS || err == ERROR_FILE_NOT_FOUND ? S_OK : HRESULT_FROM_WIN32(err);
}

/* MMC's own keys are MMC's: they are removed only when nothing at all is left in them (a
 * machine without MMC, where registering created them). */
static void delete_if_empty(const WCHAR *subkey)
{
    HKEY key = NULL;
    DWORD subkeys = 1, values = 1;

    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, subkey, 0, KEY_QUERY_VALUE, &key) != ERROR_SUCCESS)
        return;
    RegQueryInfoKeyW(key, NULL, NULL, NULL, &subkeys, NULL, NULL, &values, NULL, NULL, NULL, NULL);
    RegCloseKey(key);
    if (subkeys == 0 && values == 0)
        RegDeleteKeyW(HKEY_LOCAL_MACHINE, subkey);
}

HRESULT WINAPI DllUnregisterServer(void)
{
    HRESULT hr = S_OK, one;
    const WCHAR *keys[] = {
        KEY_CLASSES PASV_SNAPIN_CLSID_STR,
        KEY_CLASSES PASV_SNAPIN_ABOUT_STR,
        KEY_SNAPINS L"\\" PASV_SNAPIN_CLSID_STR,
        KEY_NODETYPES L"\\" PASV_NODETYPE_STR,
    };
    size_t i;

    for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        one = delete_tree(keys[i]);
        if (FAILED(one) && SUCCEEDED(hr))
            hr = one;
    }
    delete_if_empty(KEY_SNAPINS);
    delete_if_empty(KEY_NODETYPES);
    delete_if_empty(L"Software\\Microsoft\\MMC");
    return hr;
}
