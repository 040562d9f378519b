/* pasvports tests: what the MSI left on the machine, seen through the Windows APIs: the
 * Administrative Tools shortcut resolved with IShellLinkW, and the Event Log source's message file
 * loaded the way the Event Viewer does. Run by test_msi_lab.sh.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *   msi_probe shortcut LNK TARGET WORKDIR DESCRIPTION   the .lnk resolves as the MSI's Shortcut row says
 *   msi_probe eventsource                               EventMessageFile carries the trail's messages
 *   msi_probe snapin DLL                                the snap-in's classes load from DLL through the
 *                                                       MSI's registry rows, MMC's keys are there
 *   msi_probe snapin-gone                               none of the snap-in's keys is left */
#define COBJMACROS
#include <windows.h>
#include <objbase.h>
#include <shlobj.h>
#include <shobjidl.h>
#include <stdbool.h>
#include <wchar.h>

#include "../testlib.h"
#include "messages.h" /* generated from res/messages.mc (src/win/CMakeLists.txt) */

/* Wine marks its ntdll with this export; Windows has none. */
static bool running_under_wine(void)
{
    HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    return ntdll && GetProcAddress(ntdll, "wine_get_version");
}

/* Case-insensitive path comparison that ignores one trailing backslash on either side. */
static bool same_path(const WCHAR *a, const WCHAR *b)
{
    size_t la = wcslen(a), lb = wcslen(b);
    if (la && a[la - 1] == L'\\')
        la--;
    if (lb && b[lb - 1] == L'\\')
        lb--;
    return la == lb && CompareStringOrdinal(a, (int)la, b, (int)lb, TRUE) == CSTR_EQUAL;
}

static void check_shortcut(const WCHAR *lnk, const WCHAR *target, const WCHAR *workdir, const WCHAR *description)
{
    IShellLinkW *link = NULL;
    IPersistFile *file = NULL;
    WCHAR buf[MAX_PATH * 2], folder[MAX_PATH], common[MAX_PATH];
    WCHAR *slash;
    int icon = -1;
    HRESULT hr;

    ok(GetFileAttributesW(lnk) != INVALID_FILE_ATTRIBUTES, "shortcut %ls does not exist (%lu)", lnk,
       (unsigned long)GetLastError());

    /* Per-machine, the shortcut belongs in the all-users Administrative Tools. Wine 8's msi
     * resolves AdminToolsFolder to the per-user folder even with ALLUSERS=1 (a Wine gap). */
    wcsncpy(folder, lnk, MAX_PATH - 1);
    folder[MAX_PATH - 1] = 0;
    slash = wcsrchr(folder, L'\\');
    if (slash)
        *slash = 0;
    hr = SHGetFolderPathW(NULL, CSIDL_COMMON_ADMINTOOLS, NULL, SHGFP_TYPE_CURRENT, common);
    ok(hr == S_OK, "SHGetFolderPath(CSIDL_COMMON_ADMINTOOLS): 0x%08lx", (unsigned long)hr);
    todo_if(running_under_wine())
    ok(hr == S_OK && same_path(folder, common), "shortcut folder %ls is not the common Administrative Tools %ls",
       folder, common);

    hr = CoCreateInstance(&CLSID_ShellLink, NULL, CLSCTX_INPROC_SERVER, &IID_IShellLinkW, (void **)&link);
    ok(hr == S_OK, "CoCreateInstance(CLSID_ShellLink): 0x%08lx", (unsigned long)hr);
    if (FAILED(hr))
        goto cleanup;
    hr = IShellLinkW_QueryInterface(link, &IID_IPersistFile, (void **)&file);
    ok(hr == S_OK, "IShellLinkW -> IPersistFile: 0x%08lx", (unsigned long)hr);
    if (FAILED(hr))
        goto cleanup;
    hr = IPersistFile_Load(file, lnk, STGM_READ);
    ok(hr == S_OK, "IPersistFile::Load(%ls): 0x%08lx", lnk, (unsigned long)hr);
    if (FAILED(hr))
        goto cleanup;

    hr = IShellLinkW_GetPath(link, buf, MAX_PATH * 2, NULL, SLGP_RAWPATH);
    ok(hr == S_OK && same_path(buf, target), "shortcut target \"%ls\" (0x%08lx), expected \"%ls\"", buf,
       (unsigned long)hr, target);
    ok(GetFileAttributesW(buf) != INVALID_FILE_ATTRIBUTES, "shortcut target %ls does not exist", buf);

    hr = IShellLinkW_GetWorkingDirectory(link, buf, MAX_PATH * 2);
    ok(hr == S_OK && same_path(buf, workdir), "working directory \"%ls\" (0x%08lx), expected \"%ls\"", buf,
       (unsigned long)hr, workdir);

    hr = IShellLinkW_GetDescription(link, buf, MAX_PATH * 2);
    ok(hr == S_OK && !wcscmp(buf, description), "description \"%ls\" (0x%08lx), expected \"%ls\"", buf,
       (unsigned long)hr, description);

    /* The icon is the MSI's Icon stream, which Windows Installer extracts beside its own copy of
     * the package (%WINDIR%\Installer\{ProductCode}\pasvports.ico). */
    hr = IShellLinkW_GetIconLocation(link, buf, MAX_PATH * 2, &icon);
    ok(hr == S_OK && wcsstr(buf, L"pasvports.ico") != NULL && icon == 0, "icon \"%ls\",%d (0x%08lx)", buf, icon,
       (unsigned long)hr);
    ok(GetFileAttributesW(buf) != INVALID_FILE_ATTRIBUTES, "icon file %ls does not exist", buf);

cleanup:
    if (file)
        IPersistFile_Release(file);
    if (link)
        IShellLinkW_Release(link);
}

/* What the Event Viewer does with an entry of source "pasvports": read EventMessageFile, expand
 * it, load that file as data and format the entry's message id from its message table. */
static void check_eventsource(void)
{
    static const WCHAR key_path[] = L"SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\pasvports";
    /* The change trail's entries (res/messages.mc, ids as windmc made them, severity included). */
    static const DWORD ids[] = {MSG_TRAIL_CHANGED, MSG_TRAIL_FAILED, MSG_TRAIL_CANCELLED};
    WCHAR raw[MAX_PATH], path[MAX_PATH];
    DWORD type = 0, bytes = sizeof(raw) - sizeof(WCHAR);
    size_t i;
    HMODULE module = NULL;
    HKEY key = NULL;
    LONG err;

    err = RegOpenKeyExW(HKEY_LOCAL_MACHINE, key_path, 0, KEY_QUERY_VALUE, &key);
    ok(err == ERROR_SUCCESS, "open HKLM\\%ls: %ld", key_path, (long)err);
    if (err != ERROR_SUCCESS)
        return;
    err = RegQueryValueExW(key, L"EventMessageFile", NULL, &type, (BYTE *)raw, &bytes);
    RegCloseKey(key);
    ok(err == ERROR_SUCCESS && type == REG_EXPAND_SZ, "EventMessageFile: error %ld, type %lu", (long)err,
       (unsigned long)type);
    if (err != ERROR_SUCCESS)
        return;
    raw[bytes / sizeof(WCHAR)] = 0;
    ok(ExpandEnvironmentStringsW(raw, path, MAX_PATH) != 0, "ExpandEnvironmentStrings(%ls): %lu", raw,
       (unsigned long)GetLastError());
    module = LoadLibraryExW(path, NULL, LOAD_LIBRARY_AS_DATAFILE);
    ok(module != NULL, "LoadLibraryEx(%ls, AS_DATAFILE): %lu", path, (unsigned long)GetLastError());
    if (!module)
        return;
    for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
        WCHAR text[1024];
        DWORD len = FormatMessageW(FORMAT_MESSAGE_FROM_HMODULE | FORMAT_MESSAGE_IGNORE_INSERTS, module, ids[i], 0,
                                   text, 1024, NULL);
        ok(len > 0, "message 0x%08lx in %ls: error %lu", (unsigned long)ids[i], path, (unsigned long)GetLastError());
    }
    FreeLibrary(module);
}

#define SNAP_CLSID L"{ED8E2017-734A-425B-B90F-44929D6DCE59}"
#define SNAP_ABOUT L"{A08E9542-8EA9-4FFA-A016-AA3104EAB114}"
#define SNAP_NODE L"{7E75C860-D2B7-4C35-9691-D02CAC3084AE}"
static const WCHAR *const snap_keys[] = {
    L"Software\\Classes\\CLSID\\" SNAP_CLSID,
    L"Software\\Classes\\CLSID\\" SNAP_ABOUT,
    L"Software\\Microsoft\\MMC\\SnapIns\\" SNAP_CLSID,
    L"Software\\Microsoft\\MMC\\SnapIns\\" SNAP_CLSID L"\\StandAlone",
    L"Software\\Microsoft\\MMC\\SnapIns\\" SNAP_CLSID L"\\NodeTypes\\" SNAP_NODE,
    L"Software\\Microsoft\\MMC\\NodeTypes\\" SNAP_NODE,
};

static bool key_exists(const WCHAR *path)
{
    HKEY key = NULL;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, KEY_READ, &key) != ERROR_SUCCESS)
        return false;
    RegCloseKey(key);
    return true;
}

/* What MMC does with the MSI's rows: read the SnapIns key, create the snap-in and its About
 * object by CLSID (both from dll), ask the About object for its provider. */
static void check_snapin(const WCHAR *dll)
{
    static const GUID clsid = {0xED8E2017, 0x734A, 0x425B, {0xB9, 0x0F, 0x44, 0x92, 0x9D, 0x6D, 0xCE, 0x59}};
    static const GUID about = {0xA08E9542, 0x8EA9, 0x4FFA, {0xA0, 0x16, 0xAA, 0x31, 0x04, 0xEA, 0xB1, 0x14}};
    WCHAR server[MAX_PATH], path[MAX_PATH];
    DWORD bytes = sizeof(server) - sizeof(WCHAR);
    IUnknown *unk = NULL;
    HMODULE loaded;
    size_t i;
    HRESULT hr;

    for (i = 0; i < sizeof(snap_keys) / sizeof(snap_keys[0]); i++)
        ok(key_exists(snap_keys[i]), "HKLM\\%ls exists", snap_keys[i]);
    server[0] = 0;
    ok(RegGetValueW(HKEY_LOCAL_MACHINE, L"Software\\Classes\\CLSID\\" SNAP_CLSID L"\\InprocServer32", NULL, RRF_RT_REG_SZ,
                    NULL, server, &bytes) == ERROR_SUCCESS && same_path(server, dll),
       "InprocServer32 is \"%ls\", expected \"%ls\"", server, dll);
    hr = CoCreateInstance(&clsid, NULL, CLSCTX_INPROC_SERVER, &IID_IUnknown, (void **)&unk);
    ok(hr == S_OK, "CoCreateInstance(the snap-in) through the MSI's rows: 0x%08lx", (unsigned long)hr);
    loaded = GetModuleHandleW(L"pasvsnap.dll");
    path[0] = 0;
    if (loaded)
        GetModuleFileNameW(loaded, path, MAX_PATH);
    ok(loaded && same_path(path, dll), "the snap-in ran from \"%ls\"", path);
    if (unk)
        IUnknown_Release(unk);
    unk = NULL;
    hr = CoCreateInstance(&about, NULL, CLSCTX_INPROC_SERVER, &IID_IUnknown, (void **)&unk);
    ok(hr == S_OK, "CoCreateInstance(the About object): 0x%08lx", (unsigned long)hr);
    if (unk)
        IUnknown_Release(unk);
}

static void check_snapin_gone(void)
{
    static const GUID clsid = {0xED8E2017, 0x734A, 0x425B, {0xB9, 0x0F, 0x44, 0x92, 0x9D, 0x6D, 0xCE, 0x59}};
    IUnknown *unk = NULL;
    size_t i;
    HRESULT hr;

    for (i = 0; i < sizeof(snap_keys) / sizeof(snap_keys[0]); i++)
        ok(!key_exists(snap_keys[i]), "HKLM\\%ls is gone", snap_keys[i]);
    hr = CoCreateInstance(&clsid, NULL, CLSCTX_INPROC_SERVER, &IID_IUnknown, (void **)&unk);
    ok(hr == REGDB_E_CLASSNOTREG, "the snap-in's class is no longer registered: 0x%08lx", (unsigned long)hr);
    if (unk)
        IUnknown_Release(unk);
}

int wmain(int argc, WCHAR **argv)
{
    HRESULT hr;

    if (argc == 6 && !wcscmp(argv[1], L"shortcut")) {
        hr = CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);
        ok(SUCCEEDED(hr), "CoInitializeEx: 0x%08lx", (unsigned long)hr);
        if (SUCCEEDED(hr)) {
            check_shortcut(argv[2], argv[3], argv[4], argv[5]);
            CoUninitialize();
        }
        return test_summary("msi_probe shortcut");
    }
    if (argc == 2 && !wcscmp(argv[1], L"eventsource")) {
        check_eventsource();
        return test_summary("msi_probe eventsource");
    }
    if ((argc == 3 && !wcscmp(argv[1], L"snapin")) || (argc == 2 && !wcscmp(argv[1], L"snapin-gone"))) {
        hr = CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);
        ok(SUCCEEDED(hr), "CoInitializeEx: 0x%08lx", (unsigned long)hr);
        if (SUCCEEDED(hr)) {
            if (argc == 3)
                check_snapin(argv[2]);
            else
                check_snapin_gone();
            CoUninitialize();
        }
        return test_summary(argc == 3 ? "msi_probe snapin" : "msi_probe snapin-gone");
    }
    ok(false, "usage: msi_probe shortcut LNK TARGET WORKDIR DESCRIPTION | eventsource | snapin DLL | snapin-gone");
    return test_summary("msi_probe");
}
