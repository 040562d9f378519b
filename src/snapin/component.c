/* pasvsnap.dll: IComponent, one per view of the node: the result pane is the audit (Port, State,
 * Profiles, Name) as a virtual list, with the summary in the description bar.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * "IComponent interface", https://learn.microsoft.com/en-us/windows/win32/api/mmc/nn-mmc-icomponent
 * "Using Virtual Lists", https://learn.microsoft.com/en-us/previous-versions/windows/desktop/mmc/using-virtual-lists
 * The whole range can be 60,535 ports, so rows are not inserted one by one: GetResultViewType
 * asks for an owner-data list, MMCN_SHOW sets the count (IResultData::SetItemCount) and MMC asks
 * GetDisplayInfo for the cells it draws (nIndex = the row). IResultOwnerData::SortItems sorts a
 * permutation of the rows; the audit itself stays in the order the engine built it. */
#include "snapin.h"

#include <stdlib.h>

#include "resource_snapin.h"
#include "lists.h"
#include "snapin_pages.h"
#include "text.h"

typedef struct snap_component {
    IComponent IComponent_iface;
    IResultOwnerData IResultOwnerData_iface;
    IExtendContextMenu IExtendContextMenu_iface;
    LONG refs;
    snap_data *owner;           /* holds a reference on the IComponentData */
    IConsole2 *console;
    IResultData *result;
    IHeaderCtrl2 *header;
    uint32_t *order;            /* view row -> audit row */
    size_t order_count;
    unsigned generation;        /* the model's, when order was made */
    int sort_col;
    bool sort_desc;
    WCHAR cells[SNAP_COL_COUNT][512]; /* GetDisplayInfo's strings stay valid after the call */
} snap_component;

static snap_component *impl_from_comp(IComponent *iface)
{
    return CONTAINING_RECORD(iface, snap_component, IComponent_iface);
}

static snap_component *impl_from_owner_data(IResultOwnerData *iface)
{
    return CONTAINING_RECORD(iface, snap_component, IResultOwnerData_iface);
}

static snap_component *impl_from_menu(IExtendContextMenu *iface)
{
    return CONTAINING_RECORD(iface, snap_component, IExtendContextMenu_iface);
}

/* ---- rows in view order ---- */

static const snap_model *sort_model; /* qsort has no context argument; MMC's thread only */
static int sort_col;
static bool sort_desc;

static int compare_rows(const void *a, const void *b)
{
    int c = snap_model_compare(sort_model, *(const uint32_t *)a, *(const uint32_t *)b, sort_col);
    return sort_desc ? -c : c;
}

static HRESULT sync_order(snap_component *self, const snap_model *m)
{
    size_t n = snap_model_rows(m);
    uint32_t *order = NULL;

    if (self->order && self->generation == m->generation)
        return S_OK;
    if (n) {
        size_t i;
        order = malloc(n * sizeof(*order));
        if (!order)
            return E_OUTOFMEMORY;
        for (i = 0; i < n; i++)
            order[i] = (uint32_t)i;
    }
    free(self->order);
    self->order = order;
    self->order_count = n;
    self->generation = m->generation;
    if (n && (self->sort_col != SNAP_COL_PORT || self->sort_desc)) {
        sort_model = m;
        sort_col = self->sort_col;
        sort_desc = self->sort_desc;
        qsort(self->order, n, sizeof(*self->order), compare_rows);
    }
    return S_OK;
}

static HRESULT show_rows(snap_component *self)
{
    snap_model *m = snap_data_model(self->owner);
    HRESULT hr = sync_order(self, m);

    if (FAILED(hr))
        return hr;
    hr = IResultData_SetItemCount(self->result, (int)self->order_count, 0);
    if (FAILED(hr))
        return hr;
    return IResultData_SetDescBarText(self->result, m->summary ? m->summary : (LPOLESTR)L"");
}

static const struct {
    UINT title;
    int width;
} columns[SNAP_COL_COUNT] = {
    {IDS_SNAP_COL_PORT, 70},
    {IDS_SNAP_COL_STATE, 190},
    {IDS_SNAP_COL_PROFILES, 150},
    {IDS_SNAP_COL_NAME, 260},
};

static HRESULT on_show(snap_component *self)
{
    HRESULT hr = S_OK;
    int col;

    for (col = 0; col < SNAP_COL_COUNT && SUCCEEDED(hr); col++) {
        WCHAR *title = pasv_text_load(columns[col].title);
        hr = title ? IHeaderCtrl2_InsertColumn(self->header, col, title, LVCFMT_LEFT, columns[col].width) : E_OUTOFMEMORY;
        LocalFree(title);
    }
    if (SUCCEEDED(hr))
        hr = show_rows(self);
    return hr;
}

/* The node selected (in either pane): Refresh always; Properties when this build has pages. */
static HRESULT on_select(snap_component *self, IDataObject *obj, LPARAM arg)
{
    IConsoleVerb *verbs = NULL;
    DATA_OBJECT_TYPES type;
    bool pages = snap_data_has_pages();
    HRESULT hr;

    if (!HIWORD(arg) || !snap_dataobject_info(obj, NULL, &type) || type == CCT_RESULT)
        return S_OK;
    hr = IConsole2_QueryConsoleVerb(self->console, &verbs);
    if (FAILED(hr))
        goto cleanup;
    hr = IConsoleVerb_SetVerbState(verbs, MMC_VERB_REFRESH, ENABLED, TRUE);
    if (FAILED(hr))
        goto cleanup;
    hr = IConsoleVerb_SetVerbState(verbs, MMC_VERB_PROPERTIES, ENABLED, pages ? TRUE : FALSE);
    if (FAILED(hr))
        goto cleanup;
    hr = IConsoleVerb_SetDefaultVerb(verbs, pages ? MMC_VERB_PROPERTIES : MMC_VERB_OPEN);

cleanup:
    if (verbs)
        IConsoleVerb_Release(verbs);
    return hr;
}

/* The audit states' squares side by side, size pixels each, on the mask colour. */
static HBITMAP state_strip(int size)
{
    HDC screen = GetDC(NULL), dc = screen ? CreateCompatibleDC(screen) : NULL;
    HBITMAP bmp = dc ? CreateCompatibleBitmap(screen, size * PASV_AUDIT_STATE_COUNT, size) : NULL;

    if (bmp) {
        HGDIOBJ old = SelectObject(dc, bmp);
        unsigned k;
        for (k = 0; k < PASV_AUDIT_STATE_COUNT; k++)
            app_lists_draw_square(dc, (int)k * size, size, app_lists_audit_colour(k));
        SelectObject(dc, old);
    }
    if (dc)
        DeleteDC(dc);
    if (screen)
        ReleaseDC(NULL, screen);
    return bmp;
}

/* Image 0: the program's icon (the node); from SNAP_IMAGE_STATE: one square per audit state. */
static HRESULT on_add_images(IImageList *images)
{
    HBITMAP small = snap_icon_bitmap(16), large = snap_icon_bitmap(32);
    HBITMAP small_states = state_strip(16), large_states = state_strip(32);
    HRESULT hr = E_OUTOFMEMORY;

    if (images && small && large && small_states && large_states) {
        hr = IImageList_ImageListSetStrip(images, (LONG_PTR *)small, (LONG_PTR *)large, 0, SNAP_MASK_COLOR);
        if (SUCCEEDED(hr))
            hr = IImageList_ImageListSetStrip(images, (LONG_PTR *)small_states, (LONG_PTR *)large_states,
                                              SNAP_IMAGE_STATE, SNAP_MASK_COLOR);
    }
    if (small)
        DeleteObject(small);
    if (large)
        DeleteObject(large);
    if (small_states)
        DeleteObject(small_states);
    if (large_states)
        DeleteObject(large_states);
    return hr;
}

/* ---- IComponent ---- */

static HRESULT WINAPI comp_QueryInterface(IComponent *iface, REFIID riid, void **out)
{
    snap_component *self = impl_from_comp(iface);

    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IComponent))
        *out = &self->IComponent_iface;
    else if (IsEqualIID(riid, &IID_IResultOwnerData))
        *out = &self->IResultOwnerData_iface;
    else if (IsEqualIID(riid, &IID_IExtendContextMenu))
        *out = &self->IExtendContextMenu_iface;
    else {
        *out = NULL;
        return E_NOINTERFACE;
    }
    IUnknown_AddRef((IUnknown *)*out);
    return S_OK;
}

static ULONG WINAPI comp_AddRef(IComponent *iface)
{
    return (ULONG)InterlockedIncrement(&impl_from_comp(iface)->refs);
}

static void release_console(snap_component *self)
{
    if (self->header)
        IHeaderCtrl2_Release(self->header);
    self->header = NULL;
    if (self->result)
        IResultData_Release(self->result);
    self->result = NULL;
    if (self->console)
        IConsole2_Release(self->console);
    self->console = NULL;
}

static ULONG WINAPI comp_Release(IComponent *iface)
{
    snap_component *self = impl_from_comp(iface);
    LONG refs = InterlockedDecrement(&self->refs);
    if (!refs) {
        release_console(self);
        free(self->order);
        IComponentData_Release(snap_data_iface(self->owner));
        HeapFree(GetProcessHeap(), 0, self);
        snap_object_destroyed();
    }
    return (ULONG)refs;
}

static HRESULT WINAPI comp_Initialize(IComponent *iface, IConsole *console)
{
    snap_component *self = impl_from_comp(iface);
    HRESULT hr;

    if (!console)
        return E_POINTER;
    if (self->console)
        return E_UNEXPECTED;
    hr = IConsole_QueryInterface(console, &IID_IConsole2, (void **)&self->console);
    if (FAILED(hr))
        goto cleanup;
    hr = IConsole_QueryInterface(console, &IID_IResultData, (void **)&self->result);
    if (FAILED(hr))
        goto cleanup;
    hr = IConsole_QueryInterface(console, &IID_IHeaderCtrl2, (void **)&self->header);

cleanup:
    if (FAILED(hr))
        release_console(self);
    return hr;
}

static HRESULT WINAPI comp_Notify(IComponent *iface, IDataObject *obj, MMC_NOTIFY_TYPE event, LPARAM arg, LPARAM param)
{
    snap_component *self = impl_from_comp(iface);

    if (!self->console)
        return E_UNEXPECTED;
    switch (event) {
    case MMCN_SHOW:
        return arg ? on_show(self) : S_OK;
    case MMCN_ADD_IMAGES:
        return on_add_images((IImageList *)arg);
    case MMCN_SELECT:
        return on_select(self, obj, arg);
    case MMCN_REFRESH:
        snap_data_refresh(self->owner); /* UpdateAllViews: every view gets MMCN_VIEW_CHANGE */
        return S_OK;
    case MMCN_VIEW_CHANGE:
        return param == SNAP_HINT_REFRESHED ? show_rows(self) : S_OK;
    default:
        return S_FALSE;
    }
}

static HRESULT WINAPI comp_Destroy(IComponent *iface, MMC_COOKIE cookie)
{
    (void)cookie;
    release_console(impl_from_comp(iface));
    return S_OK;
}

static HRESULT WINAPI comp_QueryDataObject(IComponent *iface, MMC_COOKIE cookie, DATA_OBJECT_TYPES type,
                                           IDataObject **out)
{
    (void)iface;
    return snap_dataobject_create(cookie, type, out);
}

static HRESULT WINAPI comp_GetResultViewType(IComponent *iface, MMC_COOKIE cookie, LPOLESTR *view_type, LONG *options)
{
    (void)iface;
    (void)cookie;
    if (!view_type || !options)
        return E_POINTER;
    *view_type = NULL;
    *options = MMC_VIEW_OPTIONS_OWNERDATALIST; /* the standard list view, rows from GetDisplayInfo */
    return S_FALSE;
}

static HRESULT WINAPI comp_GetDisplayInfo(IComponent *iface, RESULTDATAITEM *item)
{
    snap_component *self = impl_from_comp(iface);
    snap_model *m;

    if (!item)
        return E_POINTER;
    if (item->bScopeItem) {
        if (item->mask & RDI_STR)
            item->str = snap_data_node_name(self->owner);
        if (item->mask & RDI_IMAGE)
            item->nImage = 0;
        return S_OK;
    }
    m = snap_data_model(self->owner);
    if (FAILED(sync_order(self, m)) || item->nIndex < 0 || (size_t)item->nIndex >= self->order_count ||
        item->nCol < 0 || item->nCol >= SNAP_COL_COUNT)
        return E_INVALIDARG;
    if (item->mask & RDI_STR) {
        snap_model_cell(m, self->order[item->nIndex], item->nCol, self->cells[item->nCol], 512);
        item->str = self->cells[item->nCol];
    }
    if (item->mask & RDI_IMAGE)
        item->nImage = SNAP_IMAGE_STATE + (int)snap_model_state(m, self->order[item->nIndex]);
    return S_OK;
}

static HRESULT WINAPI comp_CompareObjects(IComponent *iface, IDataObject *a, IDataObject *b)
{
    MMC_COOKIE ca, cb;
    DATA_OBJECT_TYPES ta, tb;

    (void)iface;
    if (!snap_dataobject_info(a, &ca, &ta) || !snap_dataobject_info(b, &cb, &tb))
        return S_FALSE;
    return ca == cb && (ta == CCT_RESULT) == (tb == CCT_RESULT) ? S_OK : S_FALSE;
}

/* mmc.h declares lpVtbl without const */
static IComponentVtbl comp_vtbl = {
    comp_QueryInterface, comp_AddRef,       comp_Release,          comp_Initialize,
    comp_Notify,         comp_Destroy,      comp_QueryDataObject,  comp_GetResultViewType,
    comp_GetDisplayInfo, comp_CompareObjects,
};

/* ---- IResultOwnerData ---- */

static HRESULT WINAPI od_QueryInterface(IResultOwnerData *iface, REFIID riid, void **out)
{
    return comp_QueryInterface(&impl_from_owner_data(iface)->IComponent_iface, riid, out);
}

static ULONG WINAPI od_AddRef(IResultOwnerData *iface)
{
    return comp_AddRef(&impl_from_owner_data(iface)->IComponent_iface);
}

static ULONG WINAPI od_Release(IResultOwnerData *iface)
{
    return comp_Release(&impl_from_owner_data(iface)->IComponent_iface);
}

static HRESULT WINAPI od_FindItem(IResultOwnerData *iface, LPRESULTFINDINFO info, int *found)
{
    (void)iface;
    (void)info;
    if (found)
        *found = -1;
    return S_FALSE; /* type-ahead search: not offered */
}

static HRESULT WINAPI od_CacheHint(IResultOwnerData *iface, int start, int end)
{
    (void)iface;
    (void)start;
    (void)end;
    return S_OK; /* every row is in memory already */
}

static HRESULT WINAPI od_SortItems(IResultOwnerData *iface, int column, DWORD options, LPARAM user)
{
    snap_component *self = impl_from_owner_data(iface);
    snap_model *m = snap_data_model(self->owner);

    (void)user;
    if (column < 0 || column >= SNAP_COL_COUNT)
        return E_INVALIDARG;
    self->sort_col = column;
    self->sort_desc = (options & RSI_DESCENDING) != 0;
    free(self->order);
    self->order = NULL; /* made again, sorted, from the model */
    return sync_order(self, m);
}

/* mmc.h declares lpVtbl without const */
static IResultOwnerDataVtbl od_vtbl = {
    od_QueryInterface, od_AddRef, od_Release, od_FindItem, od_CacheHint, od_SortItems,
};

/* ---- IExtendContextMenu: the node's commands, also when it is selected in the result pane ---- */

static HRESULT WINAPI menu_QueryInterface(IExtendContextMenu *iface, REFIID riid, void **out)
{
    return comp_QueryInterface(&impl_from_menu(iface)->IComponent_iface, riid, out);
}

static ULONG WINAPI menu_AddRef(IExtendContextMenu *iface)
{
    return comp_AddRef(&impl_from_menu(iface)->IComponent_iface);
}

static ULONG WINAPI menu_Release(IExtendContextMenu *iface)
{
    return comp_Release(&impl_from_menu(iface)->IComponent_iface);
}

static HRESULT WINAPI menu_AddMenuItems(IExtendContextMenu *iface, IDataObject *obj, IContextMenuCallback *cb, LONG *allowed)
{
    IExtendContextMenu *menu = snap_data_menu(impl_from_menu(iface)->owner);
    return IExtendContextMenu_AddMenuItems(menu, obj, cb, allowed);
}

static HRESULT WINAPI menu_Command(IExtendContextMenu *iface, LONG command, IDataObject *obj)
{
    IExtendContextMenu *menu = snap_data_menu(impl_from_menu(iface)->owner);
    return IExtendContextMenu_Command(menu, command, obj);
}

/* mmc.h declares lpVtbl without const */
static IExtendContextMenuVtbl menu_vtbl = {
    menu_QueryInterface, menu_AddRef, menu_Release, menu_AddMenuItems, menu_Command,
};

HRESULT snap_component_create(snap_data *owner, IComponent **out)
{
    snap_component *self;

    if (!out)
        return E_POINTER;
    *out = NULL;
    self = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*self));
    if (!self)
        return E_OUTOFMEMORY;
    self->IComponent_iface.lpVtbl = &comp_vtbl;
    self->IResultOwnerData_iface.lpVtbl = &od_vtbl;
    self->IExtendContextMenu_iface.lpVtbl = &menu_vtbl;
    self->refs = 1;
    self->owner = owner;
    IComponentData_AddRef(snap_data_iface(owner));
    snap_object_created();
    *out = &self->IComponent_iface;
    return S_OK;
}
