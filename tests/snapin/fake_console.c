/* pasvports tests: the fake MMC console (see fake_console.h).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * What each method does is what the MMC documentation says the console does, reduced to what a
 * test can check ("IConsole2 interface" and the others under
 * https://learn.microsoft.com/en-us/windows/win32/api/mmc/). Methods a snap-in of this kind has no
 * business calling log "UNEXPECTED" and return E_NOTIMPL. */
#include "fake_console.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

void fake_log(fake_world *w, const char *fmt, ...)
{
    size_t len = strlen(w->log);
    va_list ap;

    if (len + 2 >= sizeof(w->log))
        return;
    va_start(ap, fmt);
    vsnprintf(w->log + len, sizeof(w->log) - len - 1, fmt, ap);
    va_end(ap);
    strcat(w->log, ";");
}

bool fake_logged(const fake_world *w, const char *prefix)
{
    const char *p = w->log;
    size_t n = strlen(prefix);

    while (*p) {
        if (!strncmp(p, prefix, n))
            return true;
        p = strchr(p, ';');
        if (!p)
            break;
        p++;
    }
    return false;
}

static HRESULT unexpected(fake_world *w, const char *name)
{
    w->unexpected++;
    fake_log(w, "UNEXPECTED %s", name);
    return E_NOTIMPL;
}

static const char *iid_name(REFIID riid)
{
    static const struct {
        const IID *iid;
        const char *name;
    } names[] = {
        {&IID_IUnknown, "IUnknown"}, {&IID_IConsole, "IConsole"}, {&IID_IConsole2, "IConsole2"},
        {&IID_IConsoleNameSpace, "IConsoleNameSpace"}, {&IID_IConsoleNameSpace2, "IConsoleNameSpace2"},
        {&IID_IHeaderCtrl, "IHeaderCtrl"}, {&IID_IHeaderCtrl2, "IHeaderCtrl2"}, {&IID_IResultData, "IResultData"},
        {&IID_IPropertySheetProvider, "IPropertySheetProvider"}, {&IID_IConsoleVerb, "IConsoleVerb"},
        {&IID_IImageList, "IImageList"}, {&IID_IContextMenuCallback, "IContextMenuCallback"},
        {&IID_IPropertySheetCallback, "IPropertySheetCallback"},
    };
    size_t i;
    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (IsEqualIID(riid, names[i].iid))
            return names[i].name;
    return "other";
}

/* ---- the console ---- */

#define CONSOLE_FROM(field, iface) CONTAINING_RECORD(iface, fake_console, field)

static HRESULT console_qi(fake_console *c, REFIID riid, void **out)
{
    fake_log(c->world, "QI(%s)", iid_name(riid));
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IConsole) || IsEqualIID(riid, &IID_IConsole2))
        *out = &c->IConsole2_iface;
    else if (IsEqualIID(riid, &IID_IConsoleNameSpace) || IsEqualIID(riid, &IID_IConsoleNameSpace2))
        *out = &c->IConsoleNameSpace2_iface;
    else if (IsEqualIID(riid, &IID_IHeaderCtrl) || IsEqualIID(riid, &IID_IHeaderCtrl2))
        *out = &c->IHeaderCtrl2_iface;
    else if (IsEqualIID(riid, &IID_IResultData))
        *out = &c->IResultData_iface;
    else if (IsEqualIID(riid, &IID_IPropertySheetProvider))
        *out = &c->IPropertySheetProvider_iface;
    else {
        *out = NULL;
        return E_NOINTERFACE;
    }
    InterlockedIncrement(&c->refs);
    return S_OK;
}

static ULONG console_addref(fake_console *c)
{
    return (ULONG)InterlockedIncrement(&c->refs);
}

static ULONG console_release(fake_console *c)
{
    return (ULONG)InterlockedDecrement(&c->refs);
}

#define IUNKNOWN_OF(Iface, field)                                                                   \
    static HRESULT WINAPI field##_QueryInterface(Iface *i, REFIID riid, void **out)                 \
    {                                                                                               \
        return console_qi(CONSOLE_FROM(field, i), riid, out);                                       \
    }                                                                                               \
    static ULONG WINAPI field##_AddRef(Iface *i)                                                     \
    {                                                                                               \
        return console_addref(CONSOLE_FROM(field, i));                                              \
    }                                                                                               \
    static ULONG WINAPI field##_Release(Iface *i)                                                    \
    {                                                                                               \
        return console_release(CONSOLE_FROM(field, i));                                             \
    }

IUNKNOWN_OF(IConsole2, IConsole2_iface)
IUNKNOWN_OF(IConsoleNameSpace2, IConsoleNameSpace2_iface)
IUNKNOWN_OF(IHeaderCtrl2, IHeaderCtrl2_iface)
IUNKNOWN_OF(IResultData, IResultData_iface)
IUNKNOWN_OF(IPropertySheetProvider, IPropertySheetProvider_iface)

#define C2(i) CONSOLE_FROM(IConsole2_iface, i)

static HRESULT WINAPI con_SetHeader(IConsole2 *i, LPHEADERCTRL h)
{
    (void)h;
    fake_log(C2(i)->world, "IConsole::SetHeader");
    return S_OK;
}

static HRESULT WINAPI con_SetToolbar(IConsole2 *i, LPTOOLBAR t)
{
    (void)t;
    return unexpected(C2(i)->world, "IConsole::SetToolbar");
}

static HRESULT WINAPI con_QueryResultView(IConsole2 *i, LPUNKNOWN *u)
{
    (void)u;
    return unexpected(C2(i)->world, "IConsole::QueryResultView");
}

static HRESULT WINAPI con_QueryScopeImageList(IConsole2 *i, LPIMAGELIST *out)
{
    fake_console *c = C2(i);
    fake_log(c->world, "IConsole::QueryScopeImageList");
    *out = &c->scope_images.IImageList_iface;
    IImageList_AddRef(*out);
    return S_OK;
}

static HRESULT WINAPI con_QueryResultImageList(IConsole2 *i, LPIMAGELIST *out)
{
    fake_console *c = C2(i);
    fake_log(c->world, "IConsole::QueryResultImageList");
    *out = &c->scope_images.IImageList_iface;
    IImageList_AddRef(*out);
    return S_OK;
}

/* Synchronously, as MMC does on its own thread: MMCN_VIEW_CHANGE to every view. */
static HRESULT WINAPI con_UpdateAllViews(IConsole2 *i, LPDATAOBJECT obj, LPARAM data, LONG_PTR hint)
{
    fake_world *w = C2(i)->world;
    int k;

    fake_log(w, "IConsole::UpdateAllViews(hint %ld)", (long)hint);
    for (k = 0; k < w->view_count; k++) {
        HRESULT hr = IComponent_Notify(w->views[k], obj, MMCN_VIEW_CHANGE, data, hint);
        fake_log(w, "MMCN_VIEW_CHANGE -> 0x%08lx", (unsigned long)hr);
    }
    return S_OK;
}

static HRESULT WINAPI con_MessageBox(IConsole2 *i, LPCWSTR text, LPCWSTR title, UINT style, int *ret)
{
    fake_world *w = C2(i)->world;
    (void)title;
    fake_log(w, "IConsole::MessageBox(style 0x%x)", style);
    swprintf(w->last_box, 1024, L"%ls", text ? text : L"");
    if (ret)
        *ret = w->box_answer;
    return S_OK;
}

static HRESULT WINAPI con_QueryConsoleVerb(IConsole2 *i, LPCONSOLEVERB *out)
{
    fake_world *w = C2(i)->world;
    fake_log(w, "IConsole::QueryConsoleVerb");
    *out = &w->verbs.IConsoleVerb_iface;
    IConsoleVerb_AddRef(*out);
    return S_OK;
}

static HRESULT WINAPI con_SelectScopeItem(IConsole2 *i, HSCOPEITEM item)
{
    fake_log(C2(i)->world, "IConsole::SelectScopeItem(%ld)", (long)item);
    return S_OK;
}

static HRESULT WINAPI con_GetMainWindow(IConsole2 *i, HWND *out)
{
    fake_world *w = C2(i)->world;
    fake_log(w, "IConsole::GetMainWindow");
    *out = w->main;
    return S_OK;
}

static HRESULT WINAPI con_NewWindow(IConsole2 *i, HSCOPEITEM item, ULONG options)
{
    (void)item;
    (void)options;
    return unexpected(C2(i)->world, "IConsole::NewWindow");
}

static HRESULT WINAPI con_Expand(IConsole2 *i, HSCOPEITEM item, WINBOOL expand)
{
    fake_log(C2(i)->world, "IConsole2::Expand(%ld, %d)", (long)item, expand);
    return S_OK;
}

static HRESULT WINAPI con_IsTaskpadViewPreferred(IConsole2 *i)
{
    fake_log(C2(i)->world, "IConsole2::IsTaskpadViewPreferred");
    return S_FALSE;
}

static HRESULT WINAPI con_SetStatusText(IConsole2 *i, LPOLESTR text)
{
    (void)text;
    fake_log(C2(i)->world, "IConsole2::SetStatusText");
    return S_OK;
}

static IConsole2Vtbl console_vtbl = {
    IConsole2_iface_QueryInterface, IConsole2_iface_AddRef, IConsole2_iface_Release, con_SetHeader, con_SetToolbar,
    con_QueryResultView, con_QueryScopeImageList, con_QueryResultImageList, con_UpdateAllViews, con_MessageBox,
    con_QueryConsoleVerb, con_SelectScopeItem, con_GetMainWindow, con_NewWindow, con_Expand,
    con_IsTaskpadViewPreferred, con_SetStatusText,
};

/* ---- IConsoleNameSpace2: a flat list of scope items with parents ---- */

#define NS(i) CONSOLE_FROM(IConsoleNameSpace2_iface, i)

static fake_scope_item *find_scope(fake_world *w, HSCOPEITEM id)
{
    int k;
    for (k = 0; k < w->scope_count; k++)
        if (w->scope[k].id == id)
            return &w->scope[k];
    return NULL;
}

HSCOPEITEM fake_insert_static_node(fake_world *w)
{
    fake_scope_item *it = &w->scope[w->scope_count++];
    memset(it, 0, sizeof(*it));
    it->id = ++w->next_id;
    it->cookie = 0; /* the static node's cookie */
    it->children = -1;
    return it->id;
}

static HRESULT WINAPI ns_InsertItem(IConsoleNameSpace2 *i, LPSCOPEDATAITEM item)
{
    fake_world *w = NS(i)->world;
    fake_scope_item *it;

    fake_log(w, "IConsoleNameSpace::InsertItem");
    if (w->scope_count >= FAKE_MAX_SCOPE)
        return E_OUTOFMEMORY;
    it = &w->scope[w->scope_count++];
    memset(it, 0, sizeof(*it));
    it->id = ++w->next_id;
    it->parent = item->relativeID;
    it->cookie = item->lParam;
    it->image = item->nImage;
    it->children = item->cChildren;
    item->ID = it->id;
    return S_OK;
}

static HRESULT WINAPI ns_DeleteItem(IConsoleNameSpace2 *i, HSCOPEITEM item, LONG self)
{
    fake_log(NS(i)->world, "IConsoleNameSpace::DeleteItem(%ld, %ld)", (long)item, (long)self);
    return S_OK;
}

static HRESULT WINAPI ns_SetItem(IConsoleNameSpace2 *i, LPSCOPEDATAITEM item)
{
    fake_world *w = NS(i)->world;
    fake_scope_item *it = find_scope(w, item->ID);

    fake_log(w, "IConsoleNameSpace::SetItem(mask 0x%x)", item->mask);
    if (!it)
        return E_INVALIDARG;
    if (item->mask & SDI_IMAGE)
        it->image = item->nImage;
    if (item->mask & SDI_OPENIMAGE)
        it->open_image = item->nOpenImage;
    if (item->mask & SDI_CHILDREN) {
        it->children = item->cChildren;
        it->children_set = true;
    }
    if (item->mask & SDI_PARAM)
        it->cookie = item->lParam;
    return S_OK;
}

static HRESULT WINAPI ns_GetItem(IConsoleNameSpace2 *i, LPSCOPEDATAITEM item)
{
    fake_world *w = NS(i)->world;
    fake_scope_item *it = find_scope(w, item->ID);

    fake_log(w, "IConsoleNameSpace::GetItem");
    if (!it)
        return E_INVALIDARG;
    item->nImage = it->image;
    item->nOpenImage = it->open_image;
    item->cChildren = it->children;
    item->lParam = it->cookie;
    item->relativeID = it->parent;
    return S_OK;
}

static HRESULT WINAPI ns_GetChildItem(IConsoleNameSpace2 *i, HSCOPEITEM item, HSCOPEITEM *child, MMC_COOKIE *cookie)
{
    fake_world *w = NS(i)->world;
    int k;

    fake_log(w, "IConsoleNameSpace::GetChildItem");
    *child = 0;
    *cookie = 0;
    for (k = 0; k < w->scope_count; k++)
        if (w->scope[k].parent == item && w->scope[k].id != item) {
            *child = w->scope[k].id;
            *cookie = w->scope[k].cookie;
            break;
        }
    return S_OK;
}

static HRESULT WINAPI ns_GetNextItem(IConsoleNameSpace2 *i, HSCOPEITEM item, HSCOPEITEM *next, MMC_COOKIE *cookie)
{
    (void)item;
    fake_log(NS(i)->world, "IConsoleNameSpace::GetNextItem");
    *next = 0;
    *cookie = 0;
    return S_OK;
}

static HRESULT WINAPI ns_GetParentItem(IConsoleNameSpace2 *i, HSCOPEITEM item, HSCOPEITEM *parent, MMC_COOKIE *cookie)
{
    fake_scope_item *it = find_scope(NS(i)->world, item);
    fake_log(NS(i)->world, "IConsoleNameSpace::GetParentItem");
    *parent = it ? it->parent : 0;
    *cookie = 0;
    return it ? S_OK : E_INVALIDARG;
}

static HRESULT WINAPI ns_Expand(IConsoleNameSpace2 *i, HSCOPEITEM item)
{
    fake_log(NS(i)->world, "IConsoleNameSpace2::Expand(%ld)", (long)item);
    return S_OK;
}

static HRESULT WINAPI ns_AddExtension(IConsoleNameSpace2 *i, HSCOPEITEM item, LPCLSID clsid)
{
    (void)item;
    (void)clsid;
    return unexpected(NS(i)->world, "IConsoleNameSpace2::AddExtension");
}

static IConsoleNameSpace2Vtbl ns_vtbl = {
    IConsoleNameSpace2_iface_QueryInterface, IConsoleNameSpace2_iface_AddRef, IConsoleNameSpace2_iface_Release,
    ns_InsertItem, ns_DeleteItem, ns_SetItem, ns_GetItem, ns_GetChildItem, ns_GetNextItem, ns_GetParentItem,
    ns_Expand, ns_AddExtension,
};

/* ---- IHeaderCtrl2: a column list ---- */

#define HC(i) CONSOLE_FROM(IHeaderCtrl2_iface, i)

static HRESULT WINAPI hc_InsertColumn(IHeaderCtrl2 *i, int col, LPCWSTR title, int format, int width)
{
    fake_console *c = HC(i);
    (void)format;
    fake_log(c->world, "IHeaderCtrl::InsertColumn(%d)", col);
    if (col < 0 || col >= FAKE_MAX_COLS || col > c->column_count)
        return E_INVALIDARG;
    swprintf(c->columns[col], 64, L"%ls", title ? title : L"");
    c->widths[col] = width;
    if (col == c->column_count)
        c->column_count++;
    return S_OK;
}

static HRESULT WINAPI hc_DeleteColumn(IHeaderCtrl2 *i, int col)
{
    fake_console *c = HC(i);
    fake_log(c->world, "IHeaderCtrl::DeleteColumn(%d)", col);
    if (col < 0 || col >= c->column_count)
        return E_INVALIDARG;
    c->column_count--;
    return S_OK;
}

static HRESULT WINAPI hc_SetColumnText(IHeaderCtrl2 *i, int col, LPCWSTR title)
{
    (void)col;
    (void)title;
    return unexpected(HC(i)->world, "IHeaderCtrl::SetColumnText");
}

static HRESULT WINAPI hc_GetColumnText(IHeaderCtrl2 *i, int col, LPOLESTR *text)
{
    (void)col;
    (void)text;
    return unexpected(HC(i)->world, "IHeaderCtrl::GetColumnText");
}

static HRESULT WINAPI hc_SetColumnWidth(IHeaderCtrl2 *i, int col, int width)
{
    fake_console *c = HC(i);
    fake_log(c->world, "IHeaderCtrl::SetColumnWidth(%d)", col);
    if (col < 0 || col >= c->column_count)
        return E_INVALIDARG;
    c->widths[col] = width;
    return S_OK;
}

static HRESULT WINAPI hc_GetColumnWidth(IHeaderCtrl2 *i, int col, int *width)
{
    fake_console *c = HC(i);
    fake_log(c->world, "IHeaderCtrl::GetColumnWidth(%d)", col);
    if (col < 0 || col >= c->column_count)
        return E_INVALIDARG;
    *width = c->widths[col];
    return S_OK;
}

static HRESULT WINAPI hc_SetChangeTimeOut(IHeaderCtrl2 *i, ULONG timeout)
{
    (void)timeout;
    return unexpected(HC(i)->world, "IHeaderCtrl2::SetChangeTimeOut");
}

static HRESULT WINAPI hc_SetColumnFilter(IHeaderCtrl2 *i, UINT col, DWORD type, MMC_FILTERDATA *data)
{
    (void)col;
    (void)type;
    (void)data;
    return unexpected(HC(i)->world, "IHeaderCtrl2::SetColumnFilter");
}

static HRESULT WINAPI hc_GetColumnFilter(IHeaderCtrl2 *i, UINT col, LPDWORD type, MMC_FILTERDATA *data)
{
    (void)col;
    (void)type;
    (void)data;
    return unexpected(HC(i)->world, "IHeaderCtrl2::GetColumnFilter");
}

static IHeaderCtrl2Vtbl hc_vtbl = {
    IHeaderCtrl2_iface_QueryInterface, IHeaderCtrl2_iface_AddRef, IHeaderCtrl2_iface_Release, hc_InsertColumn,
    hc_DeleteColumn, hc_SetColumnText, hc_GetColumnText, hc_SetColumnWidth, hc_GetColumnWidth, hc_SetChangeTimeOut,
    hc_SetColumnFilter, hc_GetColumnFilter,
};

/* ---- IResultData: a virtual list (owner data): only the count and the description bar ---- */

#define RD(i) CONSOLE_FROM(IResultData_iface, i)

static HRESULT WINAPI rd_InsertItem(IResultData *i, LPRESULTDATAITEM item)
{
    (void)item;
    return unexpected(RD(i)->world, "IResultData::InsertItem (an owner-data list has no items to insert)");
}

static HRESULT WINAPI rd_DeleteItem(IResultData *i, HRESULTITEM id, int col)
{
    (void)id;
    (void)col;
    return unexpected(RD(i)->world, "IResultData::DeleteItem");
}

static HRESULT WINAPI rd_FindItemByLParam(IResultData *i, LPARAM lp, HRESULTITEM *id)
{
    (void)lp;
    (void)id;
    return unexpected(RD(i)->world, "IResultData::FindItemByLParam");
}

static HRESULT WINAPI rd_DeleteAllRsltItems(IResultData *i)
{
    fake_console *c = RD(i);
    fake_log(c->world, "IResultData::DeleteAllRsltItems");
    c->item_count = 0;
    return S_OK;
}

static HRESULT WINAPI rd_SetItem(IResultData *i, LPRESULTDATAITEM item)
{
    (void)item;
    return unexpected(RD(i)->world, "IResultData::SetItem");
}

static HRESULT WINAPI rd_GetItem(IResultData *i, LPRESULTDATAITEM item)
{
    (void)item;
    return unexpected(RD(i)->world, "IResultData::GetItem");
}

static HRESULT WINAPI rd_GetNextItem(IResultData *i, LPRESULTDATAITEM item)
{
    (void)item;
    return unexpected(RD(i)->world, "IResultData::GetNextItem");
}

static HRESULT WINAPI rd_ModifyItemState(IResultData *i, int index, HRESULTITEM id, UINT add, UINT remove)
{
    (void)index;
    (void)id;
    (void)add;
    (void)remove;
    fake_log(RD(i)->world, "IResultData::ModifyItemState");
    return S_OK;
}

static HRESULT WINAPI rd_ModifyViewStyle(IResultData *i, MMC_RESULT_VIEW_STYLE add, MMC_RESULT_VIEW_STYLE remove)
{
    (void)add;
    (void)remove;
    fake_log(RD(i)->world, "IResultData::ModifyViewStyle");
    return S_OK;
}

static HRESULT WINAPI rd_SetViewMode(IResultData *i, LONG mode)
{
    fake_log(RD(i)->world, "IResultData::SetViewMode(%ld)", (long)mode);
    return S_OK;
}

static HRESULT WINAPI rd_GetViewMode(IResultData *i, LONG *mode)
{
    fake_log(RD(i)->world, "IResultData::GetViewMode");
    *mode = MMCLV_VIEWSTYLE_REPORT;
    return S_OK;
}

static HRESULT WINAPI rd_UpdateItem(IResultData *i, HRESULTITEM id)
{
    fake_log(RD(i)->world, "IResultData::UpdateItem(%ld)", (long)id);
    return S_OK;
}

static HRESULT WINAPI rd_Sort(IResultData *i, int col, DWORD options, LPARAM lp)
{
    (void)lp;
    fake_log(RD(i)->world, "IResultData::Sort(%d, 0x%lx)", col, (unsigned long)options);
    return S_OK;
}

static HRESULT WINAPI rd_SetDescBarText(IResultData *i, LPOLESTR text)
{
    fake_console *c = RD(i);
    fake_log(c->world, "IResultData::SetDescBarText");
    swprintf(c->desc, 1024, L"%ls", text ? text : L"");
    return S_OK;
}

static HRESULT WINAPI rd_SetItemCount(IResultData *i, int count, DWORD options)
{
    fake_console *c = RD(i);
    fake_log(c->world, "IResultData::SetItemCount(%d, 0x%lx)", count, (unsigned long)options);
    if (count < 0)
        return E_INVALIDARG;
    c->item_count = count;
    c->set_item_count_calls++;
    return S_OK;
}

static IResultDataVtbl rd_vtbl = {
    IResultData_iface_QueryInterface, IResultData_iface_AddRef, IResultData_iface_Release, rd_InsertItem,
    rd_DeleteItem, rd_FindItemByLParam, rd_DeleteAllRsltItems, rd_SetItem, rd_GetItem, rd_GetNextItem,
    rd_ModifyItemState, rd_ModifyViewStyle, rd_SetViewMode, rd_GetViewMode, rd_UpdateItem, rd_Sort,
    rd_SetDescBarText, rd_SetItemCount,
};

/* ---- IPropertySheetProvider: collects the pages through the snap-in's IExtendPropertySheet and
 * shows them in a real modeless property sheet ---- */

#define PSP(i) CONSOLE_FROM(IPropertySheetProvider_iface, i)

static HRESULT WINAPI psp_CreatePropertySheet(IPropertySheetProvider *i, LPCWSTR title, boolean type, MMC_COOKIE cookie,
                                              LPDATAOBJECT obj, DWORD options)
{
    fake_world *w = PSP(i)->world;
    (void)obj;
    (void)options;
    fake_log(w, "IPropertySheetProvider::CreatePropertySheet(type %d, cookie %ld)", (int)type, (long)cookie);
    swprintf(w->sheet_title, 128, L"%ls", title ? title : L"");
    fake_pages_init(&w->sheet_pages);
    return S_OK;
}

static HRESULT WINAPI psp_FindPropertySheet(IPropertySheetProvider *i, MMC_COOKIE cookie, LPCOMPONENT comp, LPDATAOBJECT obj)
{
    fake_world *w = PSP(i)->world;
    (void)comp;
    (void)obj;
    fake_log(w, "IPropertySheetProvider::FindPropertySheet(cookie %ld)", (long)cookie);
    if (w->sheet && IsWindow(w->sheet)) {
        SetForegroundWindow(w->sheet);
        return S_OK;
    }
    return S_FALSE;
}

static HRESULT WINAPI psp_AddPrimaryPages(IPropertySheetProvider *i, LPUNKNOWN unk, WINBOOL handle, HWND notify,
                                          WINBOOL scope)
{
    fake_world *w = PSP(i)->world;
    IExtendPropertySheet2 *ext = NULL;
    IDataObject *obj = NULL;
    HRESULT hr;

    (void)handle;
    (void)notify;
    fake_log(w, "IPropertySheetProvider::AddPrimaryPages(scope %d)", scope);
    hr = IUnknown_QueryInterface(unk, &IID_IExtendPropertySheet2, (void **)&ext);
    if (FAILED(hr))
        goto cleanup;
    hr = IComponentData_QueryDataObject(w->data, 0, CCT_SCOPE, &obj);
    if (FAILED(hr))
        goto cleanup;
    hr = IExtendPropertySheet2_CreatePropertyPages(ext, &w->sheet_pages.IPropertySheetCallback_iface, 0x5151, obj);

cleanup:
    if (obj)
        IDataObject_Release(obj);
    if (ext)
        IExtendPropertySheet2_Release(ext);
    return hr;
}

static HRESULT WINAPI psp_AddExtensionPages(IPropertySheetProvider *i)
{
    fake_log(PSP(i)->world, "IPropertySheetProvider::AddExtensionPages");
    return S_OK;
}

static HRESULT WINAPI psp_Show(IPropertySheetProvider *i, LONG_PTR window, int page)
{
    fake_world *w = PSP(i)->world;
    PROPSHEETHEADERW psh;

    fake_log(w, "IPropertySheetProvider::Show(page %d)", page);
    if (!w->sheet_pages.count)
        return E_UNEXPECTED;
    memset(&psh, 0, sizeof(psh));
    psh.dwSize = sizeof(psh);
    psh.dwFlags = PSH_MODELESS;
    psh.hwndParent = (HWND)window;
    psh.pszCaption = w->sheet_title;
    psh.nPages = (UINT)w->sheet_pages.count;
    psh.nStartPage = (UINT)page;
    psh.phpage = w->sheet_pages.pages;
    w->sheet = (HWND)PropertySheetW(&psh);
    w->sheets_shown++;
    return w->sheet ? S_OK : E_FAIL;
}

static IPropertySheetProviderVtbl psp_vtbl = {
    IPropertySheetProvider_iface_QueryInterface, IPropertySheetProvider_iface_AddRef,
    IPropertySheetProvider_iface_Release, psp_CreatePropertySheet, psp_FindPropertySheet, psp_AddPrimaryPages,
    psp_AddExtensionPages, psp_Show,
};

void fake_console_init(fake_console *c, fake_world *w)
{
    memset(c, 0, sizeof(*c));
    c->IConsole2_iface.lpVtbl = &console_vtbl;
    c->IConsoleNameSpace2_iface.lpVtbl = &ns_vtbl;
    c->IHeaderCtrl2_iface.lpVtbl = &hc_vtbl;
    c->IResultData_iface.lpVtbl = &rd_vtbl;
    c->IPropertySheetProvider_iface.lpVtbl = &psp_vtbl;
    c->refs = 1;
    c->world = w;
    fake_images_init(&c->scope_images);
}

/* ---- IConsoleVerb ---- */

static fake_verbs *verbs_from(IConsoleVerb *i)
{
    return CONTAINING_RECORD(i, fake_verbs, IConsoleVerb_iface);
}

static HRESULT WINAPI verb_QueryInterface(IConsoleVerb *i, REFIID riid, void **out)
{
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IConsoleVerb)) {
        *out = i;
        IConsoleVerb_AddRef(i);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI verb_AddRef(IConsoleVerb *i)
{
    return (ULONG)InterlockedIncrement(&verbs_from(i)->refs);
}

static ULONG WINAPI verb_Release(IConsoleVerb *i)
{
    return (ULONG)InterlockedDecrement(&verbs_from(i)->refs);
}

static int state_bit(MMC_BUTTON_STATE s)
{
    int b = 0;
    while (b < 8 && !((unsigned)s & (1u << b)))
        b++;
    return b;
}

static HRESULT WINAPI verb_GetVerbState(IConsoleVerb *i, MMC_CONSOLE_VERB verb, MMC_BUTTON_STATE state, WINBOOL *out)
{
    int v = (int)verb - MMC_VERB_OPEN, b = state_bit(state);
    if (v < 0 || v >= 16 || b >= 8)
        return E_INVALIDARG;
    *out = verbs_from(i)->state[v][b];
    return S_OK;
}

static HRESULT WINAPI verb_SetVerbState(IConsoleVerb *i, MMC_CONSOLE_VERB verb, MMC_BUTTON_STATE state, WINBOOL on)
{
    int v = (int)verb - MMC_VERB_OPEN, b = state_bit(state);
    if (v < 0 || v >= 16 || b >= 8)
        return E_INVALIDARG;
    verbs_from(i)->state[v][b] = on;
    return S_OK;
}

static HRESULT WINAPI verb_SetDefaultVerb(IConsoleVerb *i, MMC_CONSOLE_VERB verb)
{
    verbs_from(i)->default_verb = verb;
    return S_OK;
}

static HRESULT WINAPI verb_GetDefaultVerb(IConsoleVerb *i, MMC_CONSOLE_VERB *verb)
{
    *verb = verbs_from(i)->default_verb;
    return S_OK;
}

static IConsoleVerbVtbl verb_vtbl = {
    verb_QueryInterface, verb_AddRef, verb_Release, verb_GetVerbState, verb_SetVerbState, verb_SetDefaultVerb,
    verb_GetDefaultVerb,
};

void fake_verbs_reset(fake_verbs *v)
{
    memset(v->state, 0, sizeof(v->state));
    v->default_verb = MMC_VERB_NONE;
}

BOOL fake_verb_enabled(const fake_verbs *v, MMC_CONSOLE_VERB verb)
{
    return v->state[verb - MMC_VERB_OPEN][0];
}

void fake_world_init(fake_world *w)
{
    memset(w, 0, sizeof(*w));
    w->verbs.IConsoleVerb_iface.lpVtbl = &verb_vtbl;
    w->verbs.refs = 1;
    w->box_answer = IDOK;
    fake_pages_init(&w->sheet_pages);
}

/* ---- MMC's IImageList ---- */

static fake_images *images_from(IImageList *i)
{
    return CONTAINING_RECORD(i, fake_images, IImageList_iface);
}

static HRESULT WINAPI img_QueryInterface(IImageList *i, REFIID riid, void **out)
{
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IImageList)) {
        *out = i;
        IImageList_AddRef(i);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI img_AddRef(IImageList *i)
{
    return (ULONG)InterlockedIncrement(&images_from(i)->refs);
}

static ULONG WINAPI img_Release(IImageList *i)
{
    return (ULONG)InterlockedDecrement(&images_from(i)->refs);
}

static HRESULT WINAPI img_ImageListSetIcon(IImageList *i, LONG_PTR *icon, LONG loc)
{
    (void)loc;
    if (!icon)
        return E_INVALIDARG;
    images_from(i)->icons++;
    return S_OK;
}

/* The bitmaps are the caller's (it frees them after the call): only their sizes are kept. */
static HRESULT WINAPI img_ImageListSetStrip(IImageList *i, LONG_PTR *small, LONG_PTR *large, LONG start, COLORREF mask)
{
    fake_images *self = images_from(i);
    BITMAP bs, bl;

    if (!GetObjectW((HBITMAP)small, sizeof(bs), &bs) || !GetObjectW((HBITMAP)large, sizeof(bl), &bl))
        return E_INVALIDARG;
    self->strips++;
    if (start > 0) {
        self->state_start = (int)start;
        self->state_small_w = bs.bmWidth;
        self->state_large_w = bl.bmWidth;
        if (self->state_small)
            DeleteObject(self->state_small);
        self->state_small = CopyImage((HBITMAP)small, IMAGE_BITMAP, 0, 0, 0);
        return S_OK;
    }
    self->small_w = bs.bmWidth;
    self->small_h = bs.bmHeight;
    self->large_w = bl.bmWidth;
    self->large_h = bl.bmHeight;
    self->mask = mask;
    return S_OK;
}

static IImageListVtbl img_vtbl = {
    img_QueryInterface, img_AddRef, img_Release, img_ImageListSetIcon, img_ImageListSetStrip,
};

void fake_images_init(fake_images *i)
{
    memset(i, 0, sizeof(*i));
    i->IImageList_iface.lpVtbl = &img_vtbl;
    i->refs = 1;
}

/* ---- IContextMenuCallback ---- */

static fake_menu *menu_from(IContextMenuCallback *i)
{
    return CONTAINING_RECORD(i, fake_menu, IContextMenuCallback_iface);
}

static HRESULT WINAPI menu_QueryInterface(IContextMenuCallback *i, REFIID riid, void **out)
{
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IContextMenuCallback)) {
        *out = i;
        IContextMenuCallback_AddRef(i);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI menu_AddRef(IContextMenuCallback *i)
{
    return (ULONG)InterlockedIncrement(&menu_from(i)->refs);
}

static ULONG WINAPI menu_Release(IContextMenuCallback *i)
{
    return (ULONG)InterlockedDecrement(&menu_from(i)->refs);
}

static HRESULT WINAPI menu_AddItem(IContextMenuCallback *i, CONTEXTMENUITEM *item)
{
    fake_menu *m = menu_from(i);
    fake_menu_item *it;

    if (!item || !item->strName || m->count >= FAKE_MAX_MENU)
        return E_INVALIDARG;
    it = &m->items[m->count++];
    swprintf(it->name, 128, L"%ls", item->strName);
    swprintf(it->tip, 256, L"%ls", item->strStatusBarText ? item->strStatusBarText : L"");
    it->command = item->lCommandID;
    it->insertion = item->lInsertionPointID;
    return S_OK;
}

static IContextMenuCallbackVtbl menu_vtbl = {menu_QueryInterface, menu_AddRef, menu_Release, menu_AddItem};

void fake_menu_init(fake_menu *m)
{
    memset(m, 0, sizeof(*m));
    m->IContextMenuCallback_iface.lpVtbl = &menu_vtbl;
    m->refs = 1;
}

/* ---- IPropertySheetCallback ---- */

static fake_pages *pages_from(IPropertySheetCallback *i)
{
    return CONTAINING_RECORD(i, fake_pages, IPropertySheetCallback_iface);
}

static HRESULT WINAPI pages_QueryInterface(IPropertySheetCallback *i, REFIID riid, void **out)
{
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IPropertySheetCallback)) {
        *out = i;
        IPropertySheetCallback_AddRef(i);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI pages_AddRef(IPropertySheetCallback *i)
{
    return (ULONG)InterlockedIncrement(&pages_from(i)->refs);
}

static ULONG WINAPI pages_Release(IPropertySheetCallback *i)
{
    return (ULONG)InterlockedDecrement(&pages_from(i)->refs);
}

static HRESULT WINAPI pages_AddPage(IPropertySheetCallback *i, HPROPSHEETPAGE page)
{
    fake_pages *p = pages_from(i);
    if (!page || p->count >= FAKE_MAX_PAGES)
        return E_INVALIDARG;
    p->pages[p->count++] = page;
    return S_OK;
}

static HRESULT WINAPI pages_RemovePage(IPropertySheetCallback *i, HPROPSHEETPAGE page)
{
    (void)i;
    (void)page;
    return E_NOTIMPL;
}

static IPropertySheetCallbackVtbl pages_vtbl = {
    pages_QueryInterface, pages_AddRef, pages_Release, pages_AddPage, pages_RemovePage,
};

void fake_pages_init(fake_pages *p)
{
    memset(p, 0, sizeof(*p));
    p->IPropertySheetCallback_iface.lpVtbl = &pages_vtbl;
    p->refs = 1;
}
