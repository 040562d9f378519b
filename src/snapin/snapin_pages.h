/* pasvsnap.dll: the property sheet of the scope node and the node's other commands.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#ifndef PASV_SNAPIN_PAGES_H
#define PASV_SNAPIN_PAGES_H

#include "snapin.h"

/* Whether this build has pages to show (the dialog's pages, src/app). */
bool snap_pages_available(void);
/* Adds the pages to MMC's sheet. A page that changed something posts msg to notify (a window on
 * MMC's thread) when its run ends. */
HRESULT snap_pages_create(IPropertySheetCallback *cb, HWND notify, UINT msg);
/* "Change passive port range...": the node's sheet through MMC's IPropertySheetProvider (brought
 * to the front when it is open already). */
HRESULT snap_pages_show(IConsole2 *console, IComponentData *owner, IDataObject *obj);

/* "Export audit...": asks for a file name and writes the audit as CSV (export.c). */
HRESULT snap_export(IConsole2 *console, snap_model *model);

#endif /* PASV_SNAPIN_PAGES_H */
