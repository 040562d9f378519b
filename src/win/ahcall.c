/* pasvports: AHADMIN work on an MTA thread, and the small property helpers every caller needs.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "ahcall.h"

#include <wchar.h>

typedef struct ah_job {
    pasv_ah_work work;
    void *arg;
    HRESULT hr;
} ah_job;

static HRESULT with_manager(ah_job *job)
{
    IAppHostWritableAdminManager *mgr = NULL;
    BSTR path = NULL;
    HRESULT hr;

    hr = CoCreateInstance(&CLSID_AppHostWritableAdminManager, NULL, CLSCTX_INPROC_SERVER,
                          &IID_IAppHostWritableAdminManager, (void **)&mgr);
    if (FAILED(hr))
        goto cleanup;
    path = SysAllocString(PASV_APPHOST_PATH);
    if (!path) {
        hr = E_OUTOFMEMORY;
        goto cleanup;
    }
    hr = IAppHostWritableAdminManager_put_CommitPath(mgr, path);
    if (FAILED(hr))
        goto cleanup;
    hr = job->work(mgr, job->arg);
cleanup:
    SysFreeString(path);
    if (mgr)
        IAppHostWritableAdminManager_Release(mgr);
    return hr;
}

static DWORD WINAPI ah_thread(void *param)
{
    ah_job *job = param;
    HRESULT hr = CoInitializeEx(NULL, COINIT_MULTITHREADED);

    if (FAILED(hr)) {
        job->hr = hr;
        return 0;
    }
    job->hr = with_manager(job);
    CoUninitialize();
    return 0;
}

HRESULT pasv_ah_run(pasv_ah_work work, void *arg)
{
    ah_job job;
    HANDLE thread;

    job.work = work;
    job.arg = arg;
    job.hr = E_UNEXPECTED;
    thread = CreateThread(NULL, 0, ah_thread, &job, 0, NULL);
    if (!thread)
        return HRESULT_FROM_WIN32(GetLastError());
    WaitForSingleObject(thread, INFINITE);
    CloseHandle(thread);
    return job.hr;
}

/* The three lookups by name share one shape: the name as a BSTR, one call, and a NULL result
 * with S_OK turned into E_POINTER so that callers can trust *out after SUCCEEDED. */
typedef enum ah_lookup { AH_SECTION, AH_CHILD, AH_PROPERTY } ah_lookup;

static HRESULT lookup_by_name(ah_lookup kind, void *from, const WCHAR *name, void **out)
{
    BSTR b = SysAllocString(name), path = NULL;
    HRESULT hr = E_OUTOFMEMORY;

    *out = NULL;
    if (kind == AH_SECTION)
        path = SysAllocString(PASV_APPHOST_PATH);
    if (b && (kind != AH_SECTION || path)) {
        switch (kind) {
        case AH_SECTION:
            hr = IAppHostWritableAdminManager_GetAdminSection((IAppHostWritableAdminManager *)from, b, path,
                                                              (IAppHostElement **)out);
            break;
        case AH_CHILD:
            hr = IAppHostElement_GetElementByName((IAppHostElement *)from, b, (IAppHostElement **)out);
            break;
        case AH_PROPERTY:
            hr = IAppHostElement_GetPropertyByName((IAppHostElement *)from, b, (IAppHostProperty **)out);
            break;
        }
    }
    SysFreeString(b);
    SysFreeString(path);
    if (SUCCEEDED(hr) && !*out)
        hr = E_POINTER;
    return hr;
}

HRESULT pasv_ah_section(IAppHostWritableAdminManager *mgr, const WCHAR *name, IAppHostElement **out)
{
    return lookup_by_name(AH_SECTION, mgr, name, (void **)out);
}

HRESULT pasv_ah_child(IAppHostElement *elem, const WCHAR *name, IAppHostElement **out)
{
    return lookup_by_name(AH_CHILD, elem, name, (void **)out);
}

HRESULT pasv_ah_property(IAppHostElement *elem, const WCHAR *name, IAppHostProperty **out)
{
    return lookup_by_name(AH_PROPERTY, elem, name, (void **)out);
}

HRESULT pasv_ah_get_long(IAppHostElement *elem, const WCHAR *name, LONG *value)
{
    IAppHostProperty *prop = NULL;
    VARIANT v;
    HRESULT hr;

    VariantInit(&v);
    hr = pasv_ah_property(elem, name, &prop);
    if (SUCCEEDED(hr))
        hr = IAppHostProperty_get_Value(prop, &v);
    /* The type get_Value returns for an "int" attribute is not documented: accept any number. */
    if (SUCCEEDED(hr))
        hr = VariantChangeType(&v, &v, 0, VT_I4);
    if (SUCCEEDED(hr))
        *value = V_I4(&v);
    VariantClear(&v);
    if (prop)
        IAppHostProperty_Release(prop);
    return hr;
}

HRESULT pasv_ah_get_text(IAppHostElement *elem, const WCHAR *name, BSTR *value)
{
    IAppHostProperty *prop = NULL;
    VARIANT v;
    HRESULT hr;

    VariantInit(&v);
    hr = pasv_ah_property(elem, name, &prop);
    if (SUCCEEDED(hr))
        hr = IAppHostProperty_get_Value(prop, &v);
    if (SUCCEEDED(hr) && V_VT(&v) == VT_EMPTY) {
        *value = SysAllocString(L"");
        hr = *value ? S_OK : E_OUTOFMEMORY;
    } else {
        if (SUCCEEDED(hr))
            hr = VariantChangeType(&v, &v, 0, VT_BSTR);
        if (SUCCEEDED(hr)) {
            *value = V_BSTR(&v) ? V_BSTR(&v) : SysAllocString(L"");
            V_VT(&v) = VT_EMPTY; /* the BSTR is the caller's now */
            hr = *value ? S_OK : E_OUTOFMEMORY;
        }
    }
    VariantClear(&v);
    if (prop)
        IAppHostProperty_Release(prop);
    return hr;
}

HRESULT pasv_ah_get_stored_text(IAppHostElement *elem, const WCHAR *name, BSTR *value)
{
    IAppHostProperty *prop = NULL;
    BSTR text = NULL;
    HRESULT hr;

    hr = pasv_ah_property(elem, name, &prop);
    if (SUCCEEDED(hr))
        hr = IAppHostProperty_get_StringValue(prop, &text);
    if (SUCCEEDED(hr) && !text) {
        text = SysAllocString(L"");
        hr = text ? S_OK : E_OUTOFMEMORY;
    }
    if (SUCCEEDED(hr))
        *value = text;
    if (prop)
        IAppHostProperty_Release(prop);
    return hr;
}

/* IIS's reason for refusing the value last put (empty when it gives none). */
static void copy_reason(IAppHostProperty *prop, WCHAR *reason, size_t count)
{
    IAppHostPropertyException *exc = NULL;
    BSTR text = NULL;

    if (!reason || !count)
        return;
    reason[0] = 0;
    if (FAILED(IAppHostProperty_get_Exception(prop, &exc)) || !exc)
        return;
    if (SUCCEEDED(IAppHostPropertyException_get_ValidationFailureReason(exc, &text)) && text)
        wcsncpy(reason, text, count - 1);
    reason[count - 1] = 0;
    SysFreeString(text);
    IAppHostPropertyException_Release(exc);
}

static HRESULT put_variant(IAppHostElement *elem, const WCHAR *name, VARIANT v, WCHAR *reason, size_t count)
{
    IAppHostProperty *prop = NULL;
    HRESULT hr;

    if (reason && count)
        reason[0] = 0;
    hr = pasv_ah_property(elem, name, &prop);
    if (SUCCEEDED(hr)) {
        hr = IAppHostProperty_put_Value(prop, v);
        if (FAILED(hr))
            copy_reason(prop, reason, count);
    }
    if (prop)
        IAppHostProperty_Release(prop);
    return hr;
}

HRESULT pasv_ah_put_long(IAppHostElement *elem, const WCHAR *name, LONG value, WCHAR *reason, size_t count)
{
    VARIANT v;

    VariantInit(&v);
    V_VT(&v) = VT_I4; /* what Microsoft's firewallSupport script sample writes (a number) */
    V_I4(&v) = value;
    return put_variant(elem, name, v, reason, count);
}

HRESULT pasv_ah_put_text(IAppHostElement *elem, const WCHAR *name, const WCHAR *text, WCHAR *reason, size_t count)
{
    VARIANT v;
    HRESULT hr;

    if (!text)
        return pasv_ah_clear(elem, name);
    VariantInit(&v);
    V_VT(&v) = VT_BSTR;
    V_BSTR(&v) = SysAllocString(text);
    if (!V_BSTR(&v))
        return E_OUTOFMEMORY;
    hr = put_variant(elem, name, v, reason, count);
    VariantClear(&v);
    return hr;
}

HRESULT pasv_ah_clear(IAppHostElement *elem, const WCHAR *name)
{
    IAppHostProperty *prop = NULL;
    HRESULT hr = pasv_ah_property(elem, name, &prop);

    /* "IAppHostProperty::Clear Method": removes the value set here, so the default applies. */
    if (SUCCEEDED(hr))
        hr = IAppHostProperty_Clear(prop);
    if (prop)
        IAppHostProperty_Release(prop);
    return hr;
}
