/* pasvports lab: lab_ahadmin.dll, an in-proc stand-in for IIS 7+'s AppHost writable admin
 * manager (CLSID_AppHostWritableAdminManager), persisting to applicationHost.config.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * Test-only code. Behaviour follows IIS's "Native Code API Reference"
 * (learn.microsoft.com/iis/web-development-reference/native-code-api-reference/) and Microsoft's
 * C++ samples for it (GetAdminSection(section, "MACHINE/WEBROOT/APPHOST"), put_CommitPath,
 * CommitChanges); the knobs and lab choices are in README.md. The one file of the DLL that
 * includes <initguid.h>. */
#include <windows.h>
#include <ole2.h>
#include <initguid.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include "ah_private.h"
#include "labfw.h"

#define AH_CLSID_KEY L"CLSID\\{2B72133B-3F5B-4602-8952-803546CE3344}"
#define AH_PROGID    L"Microsoft.ApplicationHost.WritableAdminManager"

static HINSTANCE ah_instance;
static LONG ah_objects, ah_locks;
static CRITICAL_SECTION ah_cs;

void ah_enter(void) { EnterCriticalSection(&ah_cs); }
void ah_leave(void) { LeaveCriticalSection(&ah_cs); }
void ah_object_added(void) { InterlockedIncrement(&ah_objects); }
void ah_object_removed(void) { InterlockedDecrement(&ah_objects); }

struct ah_manager {
    IAppHostWritableAdminManager iface;
    LONG refs;
    struct ah_doc *doc;     /* loaded at the first GetAdminSection; what CommitChanges writes */
    BSTR commit_path;
};

static struct ah_manager *mgr_impl(IAppHostWritableAdminManager *iface)
{
    return CONTAINING_RECORD(iface, struct ah_manager, iface);
}

void ah_manager_addref(struct ah_manager *m)
{
    InterlockedIncrement(&m->refs);
}

void ah_manager_release(struct ah_manager *m)
{
    if (InterlockedDecrement(&m->refs))
        return;
    ah_doc_free(m->doc);
    SysFreeString(m->commit_path);
    free(m);
    ah_object_removed();
}

static HRESULT WINAPI mgr_QueryInterface(IAppHostWritableAdminManager *iface, REFIID riid, void **out)
{
    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IAppHostAdminManager)
        || IsEqualIID(riid, &IID_IAppHostWritableAdminManager)) {
        *out = iface;   /* the writable vtable starts with IAppHostAdminManager's */
        ah_manager_addref(mgr_impl(iface));
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI mgr_AddRef(IAppHostWritableAdminManager *iface)
{
    return (ULONG)InterlockedIncrement(&mgr_impl(iface)->refs);
}

static ULONG WINAPI mgr_Release(IAppHostWritableAdminManager *iface)
{
    struct ah_manager *m = mgr_impl(iface);
    LONG left = m->refs - 1;
    ah_manager_release(m);
    return (ULONG)left;
}

/* The section element below <configuration>, made in memory when the file lacks it. */
static struct ah_node *section_node(struct ah_doc *doc, const char *path)
{
    struct ah_node *n = ah_doc_root(doc);
    char part[64];

    while (n && *path) {
        const char *slash = strchr(path, '/');
        size_t len = slash ? (size_t)(slash - path) : strlen(path);
        if (len >= sizeof(part))
            return NULL;
        memcpy(part, path, len);
        part[len] = 0;
        n = ah_child_get_or_create(n, part);
        path += len + (slash ? 1 : 0);
    }
    return n;
}

/* Not elevated: E_ACCESSDENIED (Microsoft's sample IAppHostElementGetCollection.cpp tells the
 * user to run as administrator on exactly that). Unknown section, or an FTP section while the
 * FTP role is not installed: 0x80070032, what IIS's configuration system reports for a section
 * without a declaration (the "missing a section declaration" 500.19 error; UNVERIFIED for
 * GetAdminSection itself). lab: a path other than MACHINE/WEBROOT/APPHOST is E_INVALIDARG. */
static HRESULT WINAPI mgr_GetAdminSection(IAppHostWritableAdminManager *iface, BSTR section,
                                          BSTR path, IAppHostElement **out)
{
    struct ah_manager *m = mgr_impl(iface);
    const struct ah_elem_schema *schema;
    const char *node_path = NULL;
    struct ah_node *node;
    BOOL ftp = FALSE;
    HRESULT hr;

    if (!out)
        return E_POINTER;
    *out = NULL;
    if (lab_knob_dword(AH_KNOBS, L"NotElevated", 0))
        return E_ACCESSDENIED;
    if (!section || !path)
        return E_INVALIDARG;
    if (!(schema = ah_section_schema(section, &node_path, &ftp)) || (ftp && !ah_ftp_installed()))
        return AH_E_NO_SECTION;
    if (_wcsicmp(path, AH_APPHOST_PATH))
        return E_INVALIDARG;
    ah_enter();
    hr = S_OK;
    if (!m->doc)
        hr = ah_doc_load(&m->doc);
    if (SUCCEEDED(hr)) {
        node = section_node(m->doc, node_path);
        hr = node ? ah_element_create(m, node, schema, out) : E_OUTOFMEMORY;
    }
    ah_leave();
    return hr;
}

static HRESULT WINAPI mgr_GetMetadata(IAppHostWritableAdminManager *iface, BSTR name, VARIANT *out)
{
    (void)iface; (void)name; (void)out;
    return E_NOTIMPL;
}

static HRESULT WINAPI mgr_SetMetadata(IAppHostWritableAdminManager *iface, BSTR name, VARIANT value)
{
    (void)iface; (void)name; (void)value;
    return E_NOTIMPL;
}

static HRESULT WINAPI mgr_get_ConfigManager(IAppHostWritableAdminManager *iface, IAppHostConfigManager **out)
{
    (void)iface;
    if (out)
        *out = NULL;
    return E_NOTIMPL;
}

/* Knobs first (NotElevated, FileLocked, CommitFails), then one atomic write of the whole file.
 * A failed commit leaves the file as it was and keeps the changes in memory. */
static HRESULT WINAPI mgr_CommitChanges(IAppHostWritableAdminManager *iface)
{
    struct ah_manager *m = mgr_impl(iface);
    DWORD fail;
    HRESULT hr;

    if (lab_knob_dword(AH_KNOBS, L"NotElevated", 0))
        return E_ACCESSDENIED;
    if (lab_knob_dword(AH_KNOBS, L"FileLocked", 0))
        return AH_E_FILE_LOCKED;
    if ((fail = lab_knob_dword(AH_KNOBS, L"CommitFails", 0)) != 0)
        return (HRESULT)fail;
    ah_enter();
    hr = m->doc ? ah_doc_save(m->doc) : S_OK;
    ah_leave();
    return hr;
}

static HRESULT WINAPI mgr_get_CommitPath(IAppHostWritableAdminManager *iface, BSTR *out)
{
    struct ah_manager *m = mgr_impl(iface);
    if (!out)
        return E_POINTER;
    *out = SysAllocString(m->commit_path ? m->commit_path : AH_APPHOST_PATH);
    return *out ? S_OK : E_OUTOFMEMORY;
}

/* lab: applicationHost.config is the only file, so MACHINE/WEBROOT/APPHOST is the only path. */
static HRESULT WINAPI mgr_put_CommitPath(IAppHostWritableAdminManager *iface, BSTR path)
{
    struct ah_manager *m = mgr_impl(iface);
    BSTR copy;
    if (!path || _wcsicmp(path, AH_APPHOST_PATH))
        return E_INVALIDARG;
    if (!(copy = SysAllocString(path)))
        return E_OUTOFMEMORY;
    SysFreeString(m->commit_path);
    m->commit_path = copy;
    return S_OK;
}

static const IAppHostWritableAdminManagerVtbl mgr_vtbl = {
    mgr_QueryInterface, mgr_AddRef, mgr_Release, mgr_GetAdminSection, mgr_GetMetadata,
    mgr_SetMetadata, mgr_get_ConfigManager, mgr_CommitChanges, mgr_get_CommitPath,
    mgr_put_CommitPath,
};

static HRESULT mgr_create(REFIID riid, void **out)
{
    struct ah_manager *m = calloc(1, sizeof(*m));
    HRESULT hr;
    if (!m)
        return E_OUTOFMEMORY;
    m->iface.lpVtbl = &mgr_vtbl;
    m->refs = 1;
    ah_object_added();
    hr = mgr_QueryInterface(&m->iface, riid, out);
    mgr_Release(&m->iface);
    return hr;
}

/* ---- class factory and DLL exports ---- */

static HRESULT WINAPI cf_QueryInterface(IClassFactory *iface, REFIID riid, void **out)
{
    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IClassFactory)) {
        *out = iface;
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI cf_AddRef(IClassFactory *iface)
{
    (void)iface;
    return 2;   /* static object */
}

static ULONG WINAPI cf_Release(IClassFactory *iface)
{
    (void)iface;
    return 1;
}

static HRESULT WINAPI cf_CreateInstance(IClassFactory *iface, IUnknown *outer, REFIID riid, void **out)
{
    (void)iface;
    if (!out)
        return E_POINTER;
    *out = NULL;
    if (outer)
        return CLASS_E_NOAGGREGATION;
    return mgr_create(riid, out);
}

static HRESULT WINAPI cf_LockServer(IClassFactory *iface, BOOL lock)
{
    (void)iface;
    if (lock)
        InterlockedIncrement(&ah_locks);
    else
        InterlockedDecrement(&ah_locks);
    return S_OK;
}

static const IClassFactoryVtbl cf_vtbl = {
    cf_QueryInterface, cf_AddRef, cf_Release, cf_CreateInstance, cf_LockServer,
};
static IClassFactory ah_factory = { (IClassFactoryVtbl *)&cf_vtbl };

BOOL WINAPI DllMain(HINSTANCE inst, DWORD reason, void *reserved)
{
    (void)reserved;
    if (reason == DLL_PROCESS_ATTACH) {
        ah_instance = inst;
        InitializeCriticalSection(&ah_cs);
        DisableThreadLibraryCalls(inst);
    }
    return TRUE;
}

HRESULT WINAPI DllGetClassObject(REFCLSID clsid, REFIID riid, void **out)
{
    if (!out)
        return E_POINTER;
    *out = NULL;
    if (!IsEqualCLSID(clsid, &CLSID_AppHostWritableAdminManager))
        return CLASS_E_CLASSNOTAVAILABLE;
    return cf_QueryInterface(&ah_factory, riid, out);
}

HRESULT WINAPI DllCanUnloadNow(void)
{
    return (ah_objects || ah_locks) ? S_FALSE : S_OK;
}

static LONG set_sz(HKEY root, const WCHAR *path, const WCHAR *name, const WCHAR *value)
{
    HKEY key;
    LONG rc = RegCreateKeyExW(root, path, 0, NULL, 0, KEY_WRITE, NULL, &key, NULL);
    if (rc)
        return rc;
    rc = RegSetValueExW(key, name, 0, REG_SZ, (const BYTE *)value, (DWORD)((wcslen(value) + 1) * sizeof(WCHAR)));
    RegCloseKey(key);
    return rc;
}

/* Registers the class like IIS setup (InprocServer32, ThreadingModel Both, the ProgID) and writes
 * inetsrv\config\applicationHost.config when there is none, its FTP binding on the lab's
 * control port (HKLM\SOFTWARE\PasvLab\FtpSvc Port, set by provision.sh before regsvr32). */
HRESULT WINAPI DllRegisterServer(void)
{
    WCHAR module[MAX_PATH];
    LONG rc;
    HRESULT hr;

    if (!GetModuleFileNameW(ah_instance, module, MAX_PATH))
        return HRESULT_FROM_WIN32(GetLastError());
    rc = set_sz(HKEY_CLASSES_ROOT, AH_CLSID_KEY, NULL, L"AppHost writable admin manager (pasvports lab)");
    if (!rc)
        rc = set_sz(HKEY_CLASSES_ROOT, AH_CLSID_KEY L"\\InprocServer32", NULL, module);
    if (!rc)
        rc = set_sz(HKEY_CLASSES_ROOT, AH_CLSID_KEY L"\\InprocServer32", L"ThreadingModel", L"Both");
    if (!rc)
        rc = set_sz(HKEY_CLASSES_ROOT, AH_CLSID_KEY L"\\ProgID", NULL, AH_PROGID);
    if (!rc)
        rc = set_sz(HKEY_CLASSES_ROOT, AH_PROGID L"\\CLSID", NULL, L"{2B72133B-3F5B-4602-8952-803546CE3344}");
    if (rc)
        return HRESULT_FROM_WIN32(rc);
    hr = ah_write_default(lab_knob_dword(L"FtpSvc", L"Port", 21));
    return FAILED(hr) ? hr : S_OK;
}

HRESULT WINAPI DllUnregisterServer(void)
{
    LONG rc = RegDeleteTreeW(HKEY_CLASSES_ROOT, AH_CLSID_KEY);
    if (rc && rc != ERROR_FILE_NOT_FOUND)
        return HRESULT_FROM_WIN32(rc);
    RegDeleteTreeW(HKEY_CLASSES_ROOT, AH_PROGID);
    return S_OK;
}
