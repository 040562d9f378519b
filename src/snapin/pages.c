/* pasvsnap.dll: the scope node's property sheet, shown through MMC's IPropertySheetProvider.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * "IPropertySheetProvider interface", https://learn.microsoft.com/en-us/windows/win32/api/mmc/nn-mmc-ipropertysheetprovider
 * The pages themselves are the dialog's (src/app): until they can be embedded, this build has
 * none, QueryPagesFor says so and the menu does not offer "Change passive port range...". */
#include "snapin_pages.h"

#include "resource_snapin.h"
#include "text.h"

bool snap_pages_available(void)
{
    return false;
}

HRESULT snap_pages_create(IPropertySheetCallback *cb, HWND notify, UINT msg)
{
    (void)cb;
    (void)notify;
    (void)msg;
    return S_FALSE;
}

HRESULT snap_pages_show(IConsole2 *console, IComponentData *owner, IDataObject *obj)
{
    IPropertySheetProvider *provider = NULL;
    WCHAR *title = NULL;
    HWND main = NULL;
    HRESULT hr;

    if (!console)
        return E_UNEXPECTED;
    hr = IConsole2_QueryInterface(console, &IID_IPropertySheetProvider, (void **)&provider);
    if (FAILED(hr))
        goto cleanup;
    /* S_OK: the sheet is open and MMC brought it to the front. */
    hr = IPropertySheetProvider_FindPropertySheet(provider, 0, NULL, obj);
    if (hr == S_OK)
        goto cleanup;
    title = pasv_text_load(IDS_SNAP_SHEET_TITLE);
    if (!title) {
        hr = E_OUTOFMEMORY;
        goto cleanup;
    }
    hr = IPropertySheetProvider_CreatePropertySheet(provider, title, TRUE, 0, obj, 0);
    if (FAILED(hr))
        goto cleanup;
    hr = IPropertySheetProvider_AddPrimaryPages(provider, (IUnknown *)owner, TRUE, NULL, TRUE);
    if (FAILED(hr))
        goto cleanup;
    hr = IConsole2_GetMainWindow(console, &main);
    if (FAILED(hr))
        goto cleanup;
    hr = IPropertySheetProvider_Show(provider, (LONG_PTR)main, 0);

cleanup:
    LocalFree(title);
    if (provider)
        IPropertySheetProvider_Release(provider);
    return hr;
}
