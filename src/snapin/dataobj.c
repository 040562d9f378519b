/* pasvsnap.dll: the data objects MMC asks for (IComponentData/IComponent::QueryDataObject).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * MMC reads them with IDataObject::GetDataHere into an HGLOBAL it allocated ("Data Objects and
 * MMC" and "Clipboard Formats", https://learn.microsoft.com/en-us/previous-versions/windows/desktop/mmc/clipboard-formats):
 * CCF_NODETYPE (the node type GUID), CCF_SZNODETYPE (the same as a string), CCF_DISPLAY_NAME
 * and CCF_SNAPIN_CLASSID. Other formats answer DV_E_FORMATETC; GetData and the rest E_NOTIMPL. */
#include "snapin.h"

#include "resource_snapin.h"
#include "text.h"

typedef struct snap_dataobj {
    IDataObject IDataObject_iface;
    LONG refs;
    MMC_COOKIE cookie;
    DATA_OBJECT_TYPES type;
} snap_dataobj;

static IDataObjectVtbl dataobj_vtbl; /* objidl.h declares lpVtbl without const (no CONST_VTABLE) */

static UINT cf_nodetype, cf_sznodetype, cf_display_name, cf_snapin_clsid;

static void register_formats(void)
{
    if (cf_nodetype)
        return;
    cf_nodetype = RegisterClipboardFormatW(CCF_NODETYPE);
    cf_sznodetype = RegisterClipboardFormatW(CCF_SZNODETYPE);
    cf_display_name = RegisterClipboardFormatW(CCF_DISPLAY_NAME);
    cf_snapin_clsid = RegisterClipboardFormatW(CCF_SNAPIN_CLASSID);
}

static snap_dataobj *impl_from_dataobj(IDataObject *iface)
{
    return CONTAINING_RECORD(iface, snap_dataobj, IDataObject_iface);
}

bool snap_dataobject_info(IDataObject *obj, MMC_COOKIE *cookie, DATA_OBJECT_TYPES *type)
{
    if (!obj || IS_SPECIAL_DATAOBJECT(obj) || obj->lpVtbl != &dataobj_vtbl)
        return false;
    if (cookie)
        *cookie = impl_from_dataobj(obj)->cookie;
    if (type)
        *type = impl_from_dataobj(obj)->type;
    return true;
}

static HRESULT WINAPI dataobj_QueryInterface(IDataObject *iface, REFIID riid, void **out)
{
    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDataObject)) {
        *out = iface;
        IDataObject_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI dataobj_AddRef(IDataObject *iface)
{
    return (ULONG)InterlockedIncrement(&impl_from_dataobj(iface)->refs);
}

static ULONG WINAPI dataobj_Release(IDataObject *iface)
{
    snap_dataobj *self = impl_from_dataobj(iface);
    LONG refs = InterlockedDecrement(&self->refs);
    if (!refs) {
        HeapFree(GetProcessHeap(), 0, self);
        snap_object_destroyed();
    }
    return (ULONG)refs;
}

static HRESULT WINAPI dataobj_GetData(IDataObject *iface, FORMATETC *fmt, STGMEDIUM *medium)
{
    (void)iface;
    (void)fmt;
    (void)medium;
    return E_NOTIMPL;
}

/* Copies len bytes into the caller's HGLOBAL, which must be large enough (never reallocated). */
static HRESULT write_hglobal(STGMEDIUM *medium, const void *data, SIZE_T len)
{
    void *dst;

    if (GlobalSize(medium->hGlobal) < len)
        return STG_E_MEDIUMFULL;
    dst = GlobalLock(medium->hGlobal);
    if (!dst)
        return HRESULT_FROM_WIN32(GetLastError());
    memcpy(dst, data, len);
    GlobalUnlock(medium->hGlobal);
    return S_OK;
}

static HRESULT WINAPI dataobj_GetDataHere(IDataObject *iface, FORMATETC *fmt, STGMEDIUM *medium)
{
    WCHAR text[64], *name = NULL;
    HRESULT hr = DV_E_FORMATETC;

    (void)iface;
    if (!fmt || !medium)
        return E_POINTER;
    if (!(fmt->tymed & TYMED_HGLOBAL) || medium->tymed != TYMED_HGLOBAL || !medium->hGlobal)
        return DV_E_TYMED;
    register_formats();
    if (fmt->cfFormat == cf_nodetype) {
        hr = write_hglobal(medium, &NODETYPE_PasvRoot, sizeof(GUID));
    } else if (fmt->cfFormat == cf_sznodetype) {
        if (!StringFromGUID2(&NODETYPE_PasvRoot, text, 64))
            return E_UNEXPECTED;
        hr = write_hglobal(medium, text, (wcslen(text) + 1) * sizeof(WCHAR));
    } else if (fmt->cfFormat == cf_display_name) {
        name = pasv_text_load(IDS_SNAP_NAME);
        if (!name)
            return E_OUTOFMEMORY;
        hr = write_hglobal(medium, name, (wcslen(name) + 1) * sizeof(WCHAR));
        LocalFree(name);
    } else if (fmt->cfFormat == cf_snapin_clsid) {
        hr = write_hglobal(medium, &CLSID_PasvSnapin, sizeof(CLSID));
    }
    return hr;
}

static HRESULT WINAPI dataobj_QueryGetData(IDataObject *iface, FORMATETC *fmt)
{
    (void)iface;
    if (!fmt)
        return E_POINTER;
    register_formats();
    if (fmt->cfFormat != cf_nodetype && fmt->cfFormat != cf_sznodetype && fmt->cfFormat != cf_display_name &&
        fmt->cfFormat != cf_snapin_clsid)
        return DV_E_FORMATETC;
    return (fmt->tymed & TYMED_HGLOBAL) ? S_OK : DV_E_TYMED;
}

static HRESULT WINAPI dataobj_GetCanonicalFormatEtc(IDataObject *iface, FORMATETC *in, FORMATETC *out)
{
    (void)iface;
    (void)in;
    (void)out;
    return E_NOTIMPL;
}

static HRESULT WINAPI dataobj_SetData(IDataObject *iface, FORMATETC *fmt, STGMEDIUM *medium, BOOL release)
{
    (void)iface;
    (void)fmt;
    (void)medium;
    (void)release;
    return E_NOTIMPL;
}

static HRESULT WINAPI dataobj_EnumFormatEtc(IDataObject *iface, DWORD dir, IEnumFORMATETC **out)
{
    (void)iface;
    (void)dir;
    if (out)
        *out = NULL;
    return E_NOTIMPL;
}

static HRESULT WINAPI dataobj_DAdvise(IDataObject *iface, FORMATETC *fmt, DWORD flags, IAdviseSink *sink, DWORD *conn)
{
    (void)iface;
    (void)fmt;
    (void)flags;
    (void)sink;
    (void)conn;
    return OLE_E_ADVISENOTSUPPORTED;
}

static HRESULT WINAPI dataobj_DUnadvise(IDataObject *iface, DWORD conn)
{
    (void)iface;
    (void)conn;
    return OLE_E_ADVISENOTSUPPORTED;
}

static HRESULT WINAPI dataobj_EnumDAdvise(IDataObject *iface, IEnumSTATDATA **out)
{
    (void)iface;
    if (out)
        *out = NULL;
    return OLE_E_ADVISENOTSUPPORTED;
}

static IDataObjectVtbl dataobj_vtbl = {
    dataobj_QueryInterface, dataobj_AddRef,     dataobj_Release,       dataobj_GetData,
    dataobj_GetDataHere,    dataobj_QueryGetData, dataobj_GetCanonicalFormatEtc, dataobj_SetData,
    dataobj_EnumFormatEtc,  dataobj_DAdvise,    dataobj_DUnadvise,     dataobj_EnumDAdvise,
};

HRESULT snap_dataobject_create(MMC_COOKIE cookie, DATA_OBJECT_TYPES type, IDataObject **out)
{
    snap_dataobj *self;

    if (!out)
        return E_POINTER;
    *out = NULL;
    self = HeapAlloc(GetProcessHeap(), 0, sizeof(*self));
    if (!self)
        return E_OUTOFMEMORY;
    self->IDataObject_iface.lpVtbl = &dataobj_vtbl;
    self->refs = 1;
    self->cookie = cookie;
    self->type = type;
    snap_object_created();
    *out = &self->IDataObject_iface;
    return S_OK;
}
