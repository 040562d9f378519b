/* pasvports lab firewall: DLL entry points and class factories of the hnetcfg.dll stand-in.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 * Serves NetFwMgr, NetFwOpenPort, NetFwPolicy2, NetFwRule, NetFwAuthorizedApplication; every
 * other CLSID (UPnPNAT included) gets CLASS_E_CLASSNOTAVAILABLE. The one file with initguid.h. */
#define COBJMACROS
#define CONST_VTABLE
#include <windows.h>
#include <initguid.h>
#include "fw_private.h"

static HINSTANCE fw_instance;
static LONG server_locks;

struct fw_class {
    const CLSID *clsid;
    HRESULT (*create)(REFIID riid, void **out);
    const WCHAR *progid;
};

static const struct fw_class classes[] = {
    { &CLSID_NetFwMgr, fw_mgr_create, L"HNetCfg.FwMgr" },
    { &CLSID_NetFwOpenPort, fw_open_port_create, L"HNetCfg.FWOpenPort" },
    { &CLSID_NetFwPolicy2, fw_policy2_create, L"HNetCfg.FwPolicy2" },
    { &CLSID_NetFwRule, fw_rule_create, L"HNetCfg.FWRule" },
    { &CLSID_NetFwAuthorizedApplication, fw_auth_app_create, L"HNetCfg.FwAuthorizedApplication" },
};

struct fw_factory {
    IClassFactory IClassFactory_iface;
    const struct fw_class *cls;
};

static inline struct fw_factory *impl_from_IClassFactory(IClassFactory *iface)
{
    return CONTAINING_RECORD(iface, struct fw_factory, IClassFactory_iface);
}

static HRESULT WINAPI factory_QueryInterface(IClassFactory *iface, REFIID riid, void **out)
{
    if (!out)
        return E_POINTER;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IClassFactory)) {
        *out = iface;
        IClassFactory_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

/* Factories are static: their counts are the module lock. */
static ULONG WINAPI factory_AddRef(IClassFactory *iface)
{
    (void)iface;
    return InterlockedIncrement(&server_locks) + 1;
}

static ULONG WINAPI factory_Release(IClassFactory *iface)
{
    (void)iface;
    return InterlockedDecrement(&server_locks) + 1;
}

static HRESULT WINAPI factory_CreateInstance(IClassFactory *iface, IUnknown *outer, REFIID riid,
                                             void **out)
{
    if (!out)
        return E_POINTER;
    *out = NULL;
    if (outer)
        return CLASS_E_NOAGGREGATION;
    return impl_from_IClassFactory(iface)->cls->create(riid, out);
}

static HRESULT WINAPI factory_LockServer(IClassFactory *iface, BOOL lock)
{
    (void)iface;
    if (lock)
        InterlockedIncrement(&server_locks);
    else
        InterlockedDecrement(&server_locks);
    return S_OK;
}

static const IClassFactoryVtbl factory_vtbl = {
    factory_QueryInterface, factory_AddRef, factory_Release, factory_CreateInstance,
    factory_LockServer,
};

static struct fw_factory factories[ARRAYSIZE(classes)];

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, void *reserved)
{
    size_t i;

    (void)reserved;
    if (reason == DLL_PROCESS_ATTACH) {
        fw_instance = instance;
        DisableThreadLibraryCalls(instance);
        for (i = 0; i < ARRAYSIZE(classes); i++) {
            factories[i].IClassFactory_iface.lpVtbl = &factory_vtbl;
            factories[i].cls = &classes[i];
        }
    }
    return TRUE;
}

HRESULT WINAPI DllGetClassObject(REFCLSID clsid, REFIID riid, void **out)
{
    size_t i;

    if (!out)
        return E_POINTER;
    *out = NULL;
    for (i = 0; i < ARRAYSIZE(classes); i++)
        if (IsEqualGUID(clsid, classes[i].clsid))
            return IClassFactory_QueryInterface(&factories[i].IClassFactory_iface, riid, out);
    return CLASS_E_CLASSNOTAVAILABLE;
}

HRESULT WINAPI DllCanUnloadNow(void)
{
    return (fw_object_count() == 0 && server_locks == 0) ? S_OK : S_FALSE;
}

/* Registration is only a convenience: the lab normally replaces system32\hnetcfg.dll, whose
 * CLSIDs the prefix already registers. This points the five CLSIDs at this file. */
HRESULT WINAPI DllRegisterServer(void)
{
    WCHAR path[MAX_PATH], key_name[128], clsid[40];
    size_t i;
    HKEY key;
    LONG rc;

    if (!GetModuleFileNameW(fw_instance, path, MAX_PATH))
        return HRESULT_FROM_WIN32(GetLastError());
    for (i = 0; i < ARRAYSIZE(classes); i++) {
        StringFromGUID2(classes[i].clsid, clsid, ARRAYSIZE(clsid));
        wsprintfW(key_name, L"CLSID\\%s\\InprocServer32", clsid);
        rc = RegCreateKeyExW(HKEY_CLASSES_ROOT, key_name, 0, NULL, 0, KEY_SET_VALUE, NULL, &key, NULL);
        if (rc)
            return HRESULT_FROM_WIN32(rc);
        RegSetValueExW(key, NULL, 0, REG_SZ, (const BYTE *)path,
                       (DWORD)((lstrlenW(path) + 1) * sizeof(WCHAR)));
        RegSetValueExW(key, L"ThreadingModel", 0, REG_SZ, (const BYTE *)L"Both", 5 * sizeof(WCHAR));
        RegCloseKey(key);
        wsprintfW(key_name, L"CLSID\\%s\\ProgID", clsid);
        if (!RegCreateKeyExW(HKEY_CLASSES_ROOT, key_name, 0, NULL, 0, KEY_SET_VALUE, NULL, &key, NULL)) {
            RegSetValueExW(key, NULL, 0, REG_SZ, (const BYTE *)classes[i].progid,
                           (DWORD)((lstrlenW(classes[i].progid) + 1) * sizeof(WCHAR)));
            RegCloseKey(key);
        }
    }
    return S_OK;
}

HRESULT WINAPI DllUnregisterServer(void)
{
    WCHAR key_name[128], clsid[40];
    size_t i;

    for (i = 0; i < ARRAYSIZE(classes); i++) {
        StringFromGUID2(classes[i].clsid, clsid, ARRAYSIZE(clsid));
        wsprintfW(key_name, L"CLSID\\%s", clsid);
        RegDeleteTreeW(HKEY_CLASSES_ROOT, key_name);
    }
    return S_OK;
}
