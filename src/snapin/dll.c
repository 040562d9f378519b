/* pasvsnap.dll: the in-process server's entry points, its class factory and the counts that
 * decide DllCanUnloadNow.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * "DllGetClassObject", https://learn.microsoft.com/en-us/windows/win32/api/combaseapi/nf-combaseapi-dllgetclassobject
 * "DllCanUnloadNow", https://learn.microsoft.com/en-us/windows/win32/api/combaseapi/nf-combaseapi-dllcanunloadnow
 * Every live object of ours (component data, component, data object, about, class factory
 * handed out) counts in snap_objects; IClassFactory::LockServer counts in snap_locks. */
#include "snapin.h"

#include "text.h"

HINSTANCE snap_module;
static LONG snap_objects;
static LONG snap_locks;

void snap_object_created(void)
{
    InterlockedIncrement(&snap_objects);
}

void snap_object_destroyed(void)
{
    InterlockedDecrement(&snap_objects);
}

LPOLESTR snap_co_strdup(const WCHAR *s)
{
    size_t bytes = (wcslen(s) + 1) * sizeof(WCHAR);
    LPOLESTR out = CoTaskMemAlloc(bytes);
    if (out)
        memcpy(out, s, bytes);
    return out;
}

typedef HRESULT (*snap_creator)(REFIID riid, void **out);

typedef struct snap_factory {
    IClassFactory IClassFactory_iface;
    LONG refs;
    snap_creator create;
} snap_factory;

static snap_factory *impl_from_factory(IClassFactory *iface)
{
    return CONTAINING_RECORD(iface, snap_factory, IClassFactory_iface);
}

static HRESULT WINAPI factory_QueryInterface(IClassFactory *iface, REFIID riid, void **out)
{
    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IClassFactory)) {
        *out = iface;
        IClassFactory_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI factory_AddRef(IClassFactory *iface)
{
    return (ULONG)InterlockedIncrement(&impl_from_factory(iface)->refs);
}

static ULONG WINAPI factory_Release(IClassFactory *iface)
{
    snap_factory *self = impl_from_factory(iface);
    LONG refs = InterlockedDecrement(&self->refs);
    if (!refs) {
        HeapFree(GetProcessHeap(), 0, self);
        snap_object_destroyed();
    }
    return (ULONG)refs;
}

// cppcheck-suppress constParameter ; the signature is IClassFactory::CreateInstance's (unknwn.h)
static HRESULT WINAPI factory_CreateInstance(IClassFactory *iface, IUnknown *outer, REFIID riid, void **out)
{
    if (!out)
        return E_POINTER;
    *out = NULL;
    if (outer)
        return CLASS_E_NOAGGREGATION;
    return impl_from_factory(iface)->create(riid, out);
}

static HRESULT WINAPI factory_LockServer(IClassFactory *iface, BOOL lock)
{
    (void)iface;
    if (lock)
        InterlockedIncrement(&snap_locks);
    else
        InterlockedDecrement(&snap_locks);
    return S_OK;
}

static IClassFactoryVtbl factory_vtbl = {
    factory_QueryInterface, factory_AddRef, factory_Release, factory_CreateInstance, factory_LockServer,
};

HRESULT WINAPI DllGetClassObject(REFCLSID clsid, REFIID riid, void **out)
{
    snap_factory *factory = NULL;
    snap_creator create = NULL;
    HRESULT hr;

    if (!out)
        return E_POINTER;
    *out = NULL;
    if (IsEqualCLSID(clsid, &CLSID_PasvSnapin))
        create = snap_data_create;
    else if (IsEqualCLSID(clsid, &CLSID_PasvSnapinAbout))
        create = snap_about_create;
    else
        return CLASS_E_CLASSNOTAVAILABLE;
    factory = HeapAlloc(GetProcessHeap(), 0, sizeof(*factory));
    if (!factory)
        return E_OUTOFMEMORY;
    factory->IClassFactory_iface.lpVtbl = &factory_vtbl;
    factory->refs = 1;
    factory->create = create;
    snap_object_created();
    hr = IClassFactory_QueryInterface(&factory->IClassFactory_iface, riid, out);
    IClassFactory_Release(&factory->IClassFactory_iface);
    return hr;
}

HRESULT WINAPI DllCanUnloadNow(void)
{
    return snap_objects == 0 && snap_locks == 0 ? S_OK : S_FALSE;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, void *reserved)
{
    (void)reserved;
    if (reason == DLL_PROCESS_ATTACH) {
        snap_module = instance;
        DisableThreadLibraryCalls(instance);
        /* Every string the snap-in shows comes from this DLL's string table, not MMC's. */
        pasv_text_set_module(instance);
    }
    return TRUE;
}
