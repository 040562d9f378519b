/* pasvsnap.dll: IComponentData, the snap-in object MMC creates from our CLSID: the one scope
 * node "FTP Passive Ports" (the local computer), its context menu and its property sheet.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * "IComponentData interface", https://learn.microsoft.com/en-us/windows/win32/api/mmc/nn-mmc-icomponentdata
 * "IExtendContextMenu interface", https://learn.microsoft.com/en-us/windows/win32/api/mmc/nn-mmc-iextendcontextmenu
 * "IExtendPropertySheet2 interface", https://learn.microsoft.com/en-us/windows/win32/api/mmc/nn-mmc-iextendpropertysheet2
 *
 * Property pages run on their own thread and cannot call into MMC's objects. A page that
 * changed something posts SNAP_WM_CHANGED to a message-only window this object creates on
 * MMC's thread in Initialize; its window procedure re-reads the audit and calls
 * IConsole::UpdateAllViews there. (MMCPropertyChangeNotify, MMC's own route, is in the SDK's
 * static mmc.lib only: mingw-w64 has no import library for it, and mmc.h alone cannot link it.) */
#include "snapin.h"

#include "resource_snapin.h"
#include "snapin_pages.h"
#include "text.h"

#define SNAP_WM_CHANGED (WM_APP + 40)
static const WCHAR notify_class[] = L"pasvsnap_notify";

struct snap_data {
    IComponentData IComponentData_iface;
    IExtendContextMenu IExtendContextMenu_iface;
    IExtendPropertySheet2 IExtendPropertySheet2_iface;
    LONG refs;
    IConsole2 *console;
    IConsoleNameSpace2 *ns;
    HSCOPEITEM root;
    HWND notify;
    snap_remove *remove;   /* the last "Remove our firewall exceptions..." (remove.c) */
    snap_model model;
    bool loaded;
    WCHAR *node_name;
};

static snap_data *impl_from_cd(IComponentData *iface)
{
    return CONTAINING_RECORD(iface, snap_data, IComponentData_iface);
}

static snap_data *impl_from_menu(IExtendContextMenu *iface)
{
    return CONTAINING_RECORD(iface, snap_data, IExtendContextMenu_iface);
}

static snap_data *impl_from_sheet(IExtendPropertySheet2 *iface)
{
    return CONTAINING_RECORD(iface, snap_data, IExtendPropertySheet2_iface);
}

snap_model *snap_data_model(snap_data *d)
{
    if (!d->loaded) {
        d->loaded = true;
        snap_model_refresh(&d->model);
    }
    return &d->model;
}

IComponentData *snap_data_iface(snap_data *d)
{
    return &d->IComponentData_iface;
}

bool snap_data_has_pages(void)
{
    return snap_pages_available();
}

IExtendContextMenu *snap_data_menu(snap_data *d)
{
    return &d->IExtendContextMenu_iface;
}

WCHAR *snap_data_node_name(snap_data *d)
{
    if (!d->node_name)
        d->node_name = pasv_text_load(IDS_SNAP_NAME);
    return d->node_name;
}

void snap_data_refresh(snap_data *d)
{
    d->loaded = true;
    snap_model_refresh(&d->model);
    if (d->console)
        IConsole2_UpdateAllViews(d->console, NULL, 0, SNAP_HINT_REFRESHED);
}

static LRESULT CALLBACK notify_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    if (msg == SNAP_WM_CHANGED) {
        snap_data *d = (snap_data *)GetWindowLongPtrW(hwnd, GWLP_USERDATA);
        if (d)
            snap_data_refresh(d);
        return 0;
    }
    return DefWindowProcW(hwnd, msg, wp, lp);
}

static HWND create_notify_window(snap_data *d)
{
    WNDCLASSW wc;
    HWND hwnd;

    memset(&wc, 0, sizeof(wc));
    wc.lpfnWndProc = notify_proc;
    wc.hInstance = snap_module;
    wc.lpszClassName = notify_class;
    RegisterClassW(&wc); /* fails harmlessly when a second instance registered it already */
    hwnd = CreateWindowExW(0, notify_class, L"", 0, 0, 0, 0, 0, HWND_MESSAGE, NULL, snap_module, NULL);
    if (hwnd)
        SetWindowLongPtrW(hwnd, GWLP_USERDATA, (LONG_PTR)d);
    return hwnd;
}

/* ---- IComponentData ---- */

static HRESULT WINAPI cd_QueryInterface(IComponentData *iface, REFIID riid, void **out)
{
    snap_data *self = impl_from_cd(iface);

    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IComponentData))
        *out = &self->IComponentData_iface;
    else if (IsEqualIID(riid, &IID_IExtendContextMenu))
        *out = &self->IExtendContextMenu_iface;
    else if (IsEqualIID(riid, &IID_IExtendPropertySheet) || IsEqualIID(riid, &IID_IExtendPropertySheet2))
        *out = &self->IExtendPropertySheet2_iface;
    else {
        *out = NULL;
        return E_NOINTERFACE;
    }
    IUnknown_AddRef((IUnknown *)*out);
    return S_OK;
}

static ULONG WINAPI cd_AddRef(IComponentData *iface)
{
    return (ULONG)InterlockedIncrement(&impl_from_cd(iface)->refs);
}

static void release_console(snap_data *self)
{
    if (self->ns)
        IConsoleNameSpace2_Release(self->ns);
    self->ns = NULL;
    if (self->console)
        IConsole2_Release(self->console);
    self->console = NULL;
    snap_remove_free(self->remove); /* waits for a run in progress: it is never cut short */
    self->remove = NULL;
    if (self->notify)
        DestroyWindow(self->notify);
    self->notify = NULL;
}

static ULONG WINAPI cd_Release(IComponentData *iface)
{
    snap_data *self = impl_from_cd(iface);
    LONG refs = InterlockedDecrement(&self->refs);
    if (!refs) {
        release_console(self);
        snap_model_cleanup(&self->model);
        LocalFree(self->node_name);
        HeapFree(GetProcessHeap(), 0, self);
        snap_object_destroyed();
    }
    return (ULONG)refs;
}

static HRESULT WINAPI cd_Initialize(IComponentData *iface, IUnknown *unknown)
{
    snap_data *self = impl_from_cd(iface);
    IImageList *images = NULL;
    HBITMAP small = NULL, large = NULL;
    HRESULT hr;

    if (!unknown)
        return E_POINTER;
    if (self->console)
        return E_UNEXPECTED;
    hr = IUnknown_QueryInterface(unknown, &IID_IConsole2, (void **)&self->console);
    if (FAILED(hr))
        goto cleanup;
    hr = IUnknown_QueryInterface(unknown, &IID_IConsoleNameSpace2, (void **)&self->ns);
    if (FAILED(hr))
        goto cleanup;
    /* The scope pane's image of our node: image 0 of the strip. */
    hr = IConsole2_QueryScopeImageList(self->console, &images);
    if (FAILED(hr))
        goto cleanup;
    small = snap_icon_bitmap(16);
    large = snap_icon_bitmap(32);
    if (!small || !large) {
        hr = E_OUTOFMEMORY;
        goto cleanup;
    }
    hr = IImageList_ImageListSetStrip(images, (LONG_PTR *)small, (LONG_PTR *)large, 0, SNAP_MASK_COLOR);
    if (FAILED(hr))
        goto cleanup;
    self->notify = create_notify_window(self);
    if (!self->notify)
        hr = HRESULT_FROM_WIN32(GetLastError());

cleanup:
    if (images)
        IImageList_Release(images);
    if (small)
        DeleteObject(small);
    if (large)
        DeleteObject(large);
    if (FAILED(hr))
        release_console(self);
    return hr;
}

static HRESULT WINAPI cd_CreateComponent(IComponentData *iface, IComponent **out)
{
    return snap_component_create(impl_from_cd(iface), out);
}

/* The static node was inserted by MMC; it has no children. On its first expansion, remember it
 * and tell the console so (no "+" beside it) with its image. */
static HRESULT on_expand(snap_data *self, BOOL expanding, HSCOPEITEM item)
{
    SCOPEDATAITEM sdi;

    if (!expanding)
        return S_OK;
    self->root = item;
    memset(&sdi, 0, sizeof(sdi));
    sdi.mask = SDI_IMAGE | SDI_OPENIMAGE | SDI_CHILDREN;
    sdi.ID = item;
    sdi.nImage = 0;
    sdi.nOpenImage = 0;
    sdi.cChildren = 0;
    return IConsoleNameSpace2_SetItem(self->ns, &sdi);
}

static HRESULT WINAPI cd_Notify(IComponentData *iface, IDataObject *obj, MMC_NOTIFY_TYPE event, LPARAM arg,
                                LPARAM param)
{
    snap_data *self = impl_from_cd(iface);

    (void)obj;
    switch (event) {
    case MMCN_EXPAND:
        return self->ns ? on_expand(self, (BOOL)arg, (HSCOPEITEM)param) : E_UNEXPECTED;
    case MMCN_REMOVE_CHILDREN:
        return S_OK;
    case MMCN_PROPERTY_CHANGE:
        snap_data_refresh(self);
        return S_OK;
    default:
        return S_FALSE;
    }
}

static HRESULT WINAPI cd_Destroy(IComponentData *iface)
{
    snap_data *self = impl_from_cd(iface);
    release_console(self);
    snap_model_cleanup(&self->model);
    self->loaded = false;
    return S_OK;
}

static HRESULT WINAPI cd_QueryDataObject(IComponentData *iface, MMC_COOKIE cookie, DATA_OBJECT_TYPES type,
                                         IDataObject **out)
{
    (void)iface;
    return snap_dataobject_create(cookie, type, out);
}

static HRESULT WINAPI cd_GetDisplayInfo(IComponentData *iface, SCOPEDATAITEM *item)
{
    snap_data *self = impl_from_cd(iface);

    if (!item)
        return E_POINTER;
    if (item->mask & SDI_STR) {
        item->displayname = snap_data_node_name(self);
        if (!item->displayname)
            return E_OUTOFMEMORY;
    }
    if (item->mask & SDI_IMAGE)
        item->nImage = 0;
    if (item->mask & SDI_OPENIMAGE)
        item->nOpenImage = 0;
    return S_OK;
}

static HRESULT WINAPI cd_CompareObjects(IComponentData *iface, IDataObject *a, IDataObject *b)
{
    MMC_COOKIE ca, cb;
    DATA_OBJECT_TYPES ta, tb;

    (void)iface;
    if (!snap_dataobject_info(a, &ca, &ta) || !snap_dataobject_info(b, &cb, &tb))
        return S_FALSE;
    return ca == cb && (ta == CCT_RESULT) == (tb == CCT_RESULT) ? S_OK : S_FALSE;
}

/* mmc.h declares lpVtbl without const */
static IComponentDataVtbl cd_vtbl = {
    cd_QueryInterface, cd_AddRef,          cd_Release,        cd_Initialize,     cd_CreateComponent,
    cd_Notify,         cd_Destroy,         cd_QueryDataObject, cd_GetDisplayInfo, cd_CompareObjects,
};

/* ---- IExtendContextMenu: on the node's menu (top) and under All Tasks / the Action pane ---- */

static HRESULT WINAPI menu_QueryInterface(IExtendContextMenu *iface, REFIID riid, void **out)
{
    return cd_QueryInterface(&impl_from_menu(iface)->IComponentData_iface, riid, out);
}

static ULONG WINAPI menu_AddRef(IExtendContextMenu *iface)
{
    return cd_AddRef(&impl_from_menu(iface)->IComponentData_iface);
}

static ULONG WINAPI menu_Release(IExtendContextMenu *iface)
{
    return cd_Release(&impl_from_menu(iface)->IComponentData_iface);
}

static const struct {
    LONG command;
    UINT name, tip;
} menu_items[] = {
    {SNAP_CMD_CHANGE_RANGE, IDS_SNAP_MENU_RANGE, IDS_SNAP_MENU_RANGE_TIP},
    {SNAP_CMD_EXPORT, IDS_SNAP_MENU_EXPORT, IDS_SNAP_MENU_EXPORT_TIP},
    {SNAP_CMD_REMOVE, IDS_SNAP_MENU_REMOVE, IDS_SNAP_MENU_REMOVE_TIP},
};

static HRESULT add_items(IContextMenuCallback *cb, LONG insertion)
{
    HRESULT hr = S_OK;
    size_t i;

    for (i = 0; i < sizeof(menu_items) / sizeof(menu_items[0]) && SUCCEEDED(hr); i++) {
        CONTEXTMENUITEM item;
        WCHAR *name, *tip;
        if (menu_items[i].command == SNAP_CMD_CHANGE_RANGE && !snap_pages_available())
            continue; /* no pages in this build */
        name = pasv_text_load(menu_items[i].name);
        tip = pasv_text_load(menu_items[i].tip);
        memset(&item, 0, sizeof(item));
        item.strName = name;
        item.strStatusBarText = tip;
        item.lCommandID = menu_items[i].command;
        item.lInsertionPointID = insertion;
        hr = name && tip ? IContextMenuCallback_AddItem(cb, &item) : E_OUTOFMEMORY;
        LocalFree(name);
        LocalFree(tip);
    }
    return hr;
}

/* allowed is in/out in IExtendContextMenu::AddMenuItems (mmc.h): MMC reads the insertion points it
 * allows, and a snap-in may clear the bits of MMC's own points; this one only reads it. */
static HRESULT WINAPI menu_AddMenuItems(IExtendContextMenu *iface, IDataObject *obj, IContextMenuCallback *cb,
                                        // cppcheck-suppress constParameter ; the signature is mmc.h's
                                        LONG *allowed)
{
    MMC_COOKIE cookie;
    DATA_OBJECT_TYPES type;
    HRESULT hr = S_OK;

    (void)iface;
    if (!cb || !allowed)
        return E_POINTER;
    /* Only the node itself has these commands, not a row of the audit. */
    if (!snap_dataobject_info(obj, &cookie, &type) || type == CCT_RESULT)
        return S_OK;
    if (*allowed & CCM_INSERTIONALLOWED_TOP)
        hr = add_items(cb, CCM_INSERTIONPOINTID_PRIMARY_TOP);
    if (SUCCEEDED(hr) && (*allowed & CCM_INSERTIONALLOWED_TASK))
        hr = add_items(cb, CCM_INSERTIONPOINTID_PRIMARY_TASK);
    return hr;
}

/* "Remove our firewall exceptions...": one at a time; the worker reads, then remove.c asks. */
static HRESULT start_remove(snap_data *self)
{
    HWND main = NULL;
    HRESULT hr;

    if (!self->console || !self->notify)
        return E_UNEXPECTED;
    if (snap_remove_busy(self->remove))
        return S_FALSE; /* the one started before still asks or runs */
    hr = IConsole2_GetMainWindow(self->console, &main);
    if (FAILED(hr))
        return hr;
    snap_remove_free(self->remove);
    self->remove = snap_remove_start(main, self->notify, SNAP_WM_CHANGED);
    return self->remove ? S_OK : E_OUTOFMEMORY;
}

static HRESULT WINAPI menu_Command(IExtendContextMenu *iface, LONG command, IDataObject *obj)
{
    snap_data *self = impl_from_menu(iface);

    switch (command) {
    case SNAP_CMD_CHANGE_RANGE:
        return snap_pages_show(self->console, &self->IComponentData_iface, obj);
    case SNAP_CMD_EXPORT:
        return snap_export(self->console, snap_data_model(self));
    case SNAP_CMD_REMOVE:
        return start_remove(self);
    default:
        return E_INVALIDARG;
    }
}

/* mmc.h declares lpVtbl without const */
static IExtendContextMenuVtbl menu_vtbl = {
    menu_QueryInterface, menu_AddRef, menu_Release, menu_AddMenuItems, menu_Command,
};

/* ---- IExtendPropertySheet2: the pages of the scope node ---- */

static HRESULT WINAPI sheet_QueryInterface(IExtendPropertySheet2 *iface, REFIID riid, void **out)
{
    return cd_QueryInterface(&impl_from_sheet(iface)->IComponentData_iface, riid, out);
}

static ULONG WINAPI sheet_AddRef(IExtendPropertySheet2 *iface)
{
    return cd_AddRef(&impl_from_sheet(iface)->IComponentData_iface);
}

static ULONG WINAPI sheet_Release(IExtendPropertySheet2 *iface)
{
    return cd_Release(&impl_from_sheet(iface)->IComponentData_iface);
}

static HRESULT WINAPI sheet_CreatePropertyPages(IExtendPropertySheet2 *iface, IPropertySheetCallback *cb,
                                                LONG_PTR handle, IDataObject *obj)
{
    snap_data *self = impl_from_sheet(iface);
    DATA_OBJECT_TYPES type;

    (void)handle; /* never used: see the top of this file */
    if (!cb)
        return E_POINTER;
    if (!snap_dataobject_info(obj, NULL, &type) || type == CCT_RESULT)
        return S_FALSE;
    return snap_pages_create(cb, self->notify, SNAP_WM_CHANGED);
}

static HRESULT WINAPI sheet_QueryPagesFor(IExtendPropertySheet2 *iface, IDataObject *obj)
{
    DATA_OBJECT_TYPES type;

    (void)iface;
    if (!snap_dataobject_info(obj, NULL, &type) || type == CCT_RESULT)
        return S_FALSE;
    return snap_pages_available() ? S_OK : S_FALSE;
}

static HRESULT WINAPI sheet_GetWatermarks(IExtendPropertySheet2 *iface, IDataObject *obj, HBITMAP *watermark,
                                          HBITMAP *header, HPALETTE *palette, BOOL *stretch)
{
    (void)iface;
    (void)obj;
    if (watermark)
        *watermark = NULL;
    if (header)
        *header = NULL;
    if (palette)
        *palette = NULL;
    if (stretch)
        *stretch = FALSE;
    return S_FALSE; /* a property sheet, not a wizard: no watermarks */
}

/* mmc.h declares lpVtbl without const */
static IExtendPropertySheet2Vtbl sheet_vtbl = {
    sheet_QueryInterface,      sheet_AddRef,         sheet_Release,
    sheet_CreatePropertyPages, sheet_QueryPagesFor,  sheet_GetWatermarks,
};

HRESULT snap_data_create(REFIID riid, void **out)
{
    snap_data *self;
    HRESULT hr;

    self = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*self));
    if (!self)
        return E_OUTOFMEMORY;
    self->IComponentData_iface.lpVtbl = &cd_vtbl;
    self->IExtendContextMenu_iface.lpVtbl = &menu_vtbl;
    self->IExtendPropertySheet2_iface.lpVtbl = &sheet_vtbl;
    self->refs = 1;
    snap_object_created();
    hr = IComponentData_QueryInterface(&self->IComponentData_iface, riid, out);
    IComponentData_Release(&self->IComponentData_iface);
    return hr;
}
