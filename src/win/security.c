/* pasvports: process hardening: DLL search limited to System32 where the system allows it.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "security.h"

#ifndef LOAD_LIBRARY_SEARCH_SYSTEM32
#define LOAD_LIBRARY_SEARCH_SYSTEM32 0x00000800
#endif

typedef BOOL(WINAPI *set_default_dll_directories_fn)(DWORD);
typedef BOOL(WINAPI *set_dll_directory_fn)(const WCHAR *);

void pasv_harden_dll_search(void)
{
    HMODULE kernel32 = GetModuleHandleW(L"kernel32.dll");
    set_default_dll_directories_fn set_default;
    set_dll_directory_fn set_dir;

    if (!kernel32)
        return;
    /* Cast through FARPROC's generic pointer: GetProcAddress returns a different signature. */
    set_default = (set_default_dll_directories_fn)(void (*)(void))GetProcAddress(kernel32, "SetDefaultDllDirectories");
    if (set_default)
        set_default(LOAD_LIBRARY_SEARCH_SYSTEM32);
    set_dir = (set_dll_directory_fn)(void (*)(void))GetProcAddress(kernel32, "SetDllDirectoryW");
    if (set_dir)
        set_dir(L""); /* drop the current directory from the search path (XP SP1+) */
}
