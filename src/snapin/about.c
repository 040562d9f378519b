/* pasvsnap.dll: ISnapinAbout, what Add/Remove Snap-in and the About box show, and the icon
 * bitmaps the scope pane and the About box use.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * "ISnapinAbout interface", https://learn.microsoft.com/en-us/windows/win32/api/mmc/nn-mmc-isnapinabout:
 * strings are CoTaskMemAlloc'd for MMC to free; the icon and bitmaps stay ours, freed when the
 * object goes. MMC may create this class alone (CLSID in the SnapIns key's About value). */
#include "snapin.h"

#include "pasv/version.h"
#include "resource.h"
#include "resource_snapin.h"
#include "text.h"

typedef struct snap_about {
    ISnapinAbout ISnapinAbout_iface;
    LONG refs;
    HICON icon;
    HBITMAP small, small_open, large;
} snap_about;

HBITMAP snap_icon_bitmap(int size)
{
    HDC screen = NULL, dc = NULL;
    HBITMAP bmp = NULL, old = NULL;
    HICON icon = NULL;
    HBRUSH brush = NULL;
    RECT r = {0, 0, size, size};

    icon = LoadImageW(snap_module, MAKEINTRESOURCEW(IDI_PASVPORTS), IMAGE_ICON, size, size, 0);
    screen = GetDC(NULL);
    if (!icon || !screen)
        goto cleanup;
    dc = CreateCompatibleDC(screen);
    bmp = CreateCompatibleBitmap(screen, size, size);
    brush = CreateSolidBrush(SNAP_MASK_COLOR);
    if (!dc || !bmp || !brush)
        goto cleanup;
    old = SelectObject(dc, bmp);
    FillRect(dc, &r, brush);
    DrawIconEx(dc, 0, 0, icon, size, size, 0, NULL, DI_NORMAL);
    SelectObject(dc, old);
cleanup:
    if (brush)
        DeleteObject(brush);
    if (dc)
        DeleteDC(dc);
    if (screen)
        ReleaseDC(NULL, screen);
    if (icon)
        DestroyIcon(icon);
    if (bmp && !old) {
        DeleteObject(bmp);
        bmp = NULL;
    }
    return bmp;
}

static snap_about *impl_from_about(ISnapinAbout *iface)
{
    return CONTAINING_RECORD(iface, snap_about, ISnapinAbout_iface);
}

static HRESULT WINAPI about_QueryInterface(ISnapinAbout *iface, REFIID riid, void **out)
{
    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_ISnapinAbout)) {
        *out = iface;
        ISnapinAbout_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI about_AddRef(ISnapinAbout *iface)
{
    return (ULONG)InterlockedIncrement(&impl_from_about(iface)->refs);
}

static ULONG WINAPI about_Release(ISnapinAbout *iface)
{
    snap_about *self = impl_from_about(iface);
    LONG refs = InterlockedDecrement(&self->refs);
    if (!refs) {
        if (self->icon)
            DestroyIcon(self->icon);
        if (self->small)
            DeleteObject(self->small);
        if (self->small_open)
            DeleteObject(self->small_open);
        if (self->large)
            DeleteObject(self->large);
        HeapFree(GetProcessHeap(), 0, self);
        snap_object_destroyed();
    }
    return (ULONG)refs;
}

static HRESULT string_out(UINT id, LPOLESTR *out)
{
    WCHAR *text = NULL;
    HRESULT hr = S_OK;

    if (!out)
        return E_POINTER;
    *out = NULL;
    text = pasv_text_load(id);
    if (!text)
        return HRESULT_FROM_WIN32(ERROR_RESOURCE_NAME_NOT_FOUND);
    *out = snap_co_strdup(text);
    if (!*out)
        hr = E_OUTOFMEMORY;
    LocalFree(text);
    return hr;
}

static HRESULT WINAPI about_GetSnapinDescription(ISnapinAbout *iface, LPOLESTR *out)
{
    (void)iface;
    return string_out(IDS_SNAP_DESCRIPTION, out);
}

static HRESULT WINAPI about_GetProvider(ISnapinAbout *iface, LPOLESTR *out)
{
    (void)iface;
    return string_out(IDS_SNAP_PROVIDER, out);
}

static HRESULT WINAPI about_GetSnapinVersion(ISnapinAbout *iface, LPOLESTR *out)
{
    (void)iface;
    if (!out)
        return E_POINTER;
    *out = snap_co_strdup(PASV_VERSION_WSTR);
    return *out ? S_OK : E_OUTOFMEMORY;
}

static HRESULT WINAPI about_GetSnapinImage(ISnapinAbout *iface, HICON *out)
{
    snap_about *self = impl_from_about(iface);

    if (!out)
        return E_POINTER;
    if (!self->icon)
        self->icon = LoadImageW(snap_module, MAKEINTRESOURCEW(IDI_PASVPORTS), IMAGE_ICON, 32, 32, 0);
    *out = self->icon;
    return self->icon ? S_OK : HRESULT_FROM_WIN32(GetLastError());
}

static HRESULT WINAPI about_GetStaticFolderImage(ISnapinAbout *iface, HBITMAP *small, HBITMAP *small_open,
                                                 HBITMAP *large, COLORREF *mask)
{
    snap_about *self = impl_from_about(iface);

    if (!small || !small_open || !large || !mask)
        return E_POINTER;
    if (!self->small)
        self->small = snap_icon_bitmap(16);
    if (!self->small_open)
        self->small_open = snap_icon_bitmap(16);
    if (!self->large)
        self->large = snap_icon_bitmap(32);
    if (!self->small || !self->small_open || !self->large)
        return E_OUTOFMEMORY;
    *small = self->small;
    *small_open = self->small_open;
    *large = self->large;
    *mask = SNAP_MASK_COLOR;
    return S_OK;
}

/* mmc.h declares lpVtbl without const */
static ISnapinAboutVtbl about_vtbl = {
    about_QueryInterface, about_AddRef,         about_Release,        about_GetSnapinDescription,
    about_GetProvider,    about_GetSnapinVersion, about_GetSnapinImage, about_GetStaticFolderImage,
};

HRESULT snap_about_create(REFIID riid, void **out)
{
    snap_about *self;
    HRESULT hr;

    self = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*self));
    if (!self)
        return E_OUTOFMEMORY;
    self->ISnapinAbout_iface.lpVtbl = &about_vtbl;
    self->refs = 1;
    snap_object_created();
    hr = ISnapinAbout_QueryInterface(&self->ISnapinAbout_iface, riid, out);
    ISnapinAbout_Release(&self->ISnapinAbout_iface);
    return hr;
}
