/* pasvsnap.dll: FTP Passive Ports as an MMC snap-in. Private declarations of its COM objects.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * One file per COM role: dll.c (DllMain, class factory, object and lock counts), register.c
 * (DllRegisterServer/DllUnregisterServer), compdata.c (IComponentData and the scope node's
 * context menu and property sheet), component.c (IComponent: the result pane, a virtual list),
 * dataobj.c (IDataObject), about.c (ISnapinAbout), model.c (the audit through the one session
 * code every front end uses, src/win/session.c).
 *
 * Interfaces and their vtable order: mingw-w64's mmc.h. It declares the MMC IIDs as extern
 * without defining them (and no import library has them), so guids.c defines them. Never
 * include <commoncontrols.h> here: it shares mmc.h's include guard for IImageList and would
 * silently replace MMC's IImageList (ImageListSetStrip) with the shell's. */
#ifndef PASV_SNAPIN_H
#define PASV_SNAPIN_H

#include "win.h"

#include <commctrl.h>
#include <mmc.h>
#include <stdbool.h>

#include "pasv/audit.h"
#include "session.h"

/* Our class ids (registered by register.c and the MSI, installer/pasvports.wxs). */
extern const CLSID CLSID_PasvSnapin;      /* the snap-in: IComponentData */
extern const CLSID CLSID_PasvSnapinAbout; /* ISnapinAbout, created alone by Add/Remove Snap-in */
extern const GUID NODETYPE_PasvRoot;      /* the node type of the one scope node */
#define PASV_SNAPIN_CLSID_STR L"{ED8E2017-734A-425B-B90F-44929D6DCE59}"
#define PASV_SNAPIN_ABOUT_STR L"{A08E9542-8EA9-4FFA-A016-AA3104EAB114}"
#define PASV_NODETYPE_STR     L"{7E75C860-D2B7-4C35-9691-D02CAC3084AE}"

/* ---- dll.c ---- */
extern HINSTANCE snap_module;
void snap_object_created(void);
void snap_object_destroyed(void);

/* ---- model.c: the audit the result pane shows ---- */
enum { SNAP_COL_PORT, SNAP_COL_STATE, SNAP_COL_PROFILES, SNAP_COL_NAME, SNAP_COL_COUNT };

typedef struct snap_model {
    pasv_session *session;   /* opened on first refresh, on MMC's thread; closed by cleanup */
    HRESULT hr;              /* the last refresh: S_OK, or why there is no audit */
    bool have_audit;
    bool rules_api;          /* profile bits are Vista+ ones */
    pasv_audit audit;
    WCHAR *state_words[PASV_AUDIT_STATE_COUNT];
    WCHAR *summary;          /* the description bar (LocalAlloc'd) */
    unsigned generation;     /* bumped by every refresh: views re-read their rows */
} snap_model;

HRESULT snap_model_refresh(snap_model *m);
void snap_model_cleanup(snap_model *m);
size_t snap_model_rows(const snap_model *m);
/* The text of one cell into buf (always terminated). */
void snap_model_cell(const snap_model *m, size_t row, int col, WCHAR *buf, size_t cap);
int snap_model_compare(const snap_model *m, size_t a, size_t b, int col);

/* ---- compdata.c ---- */
typedef struct snap_data snap_data;
HRESULT snap_data_create(REFIID riid, void **out);
IComponentData *snap_data_iface(snap_data *d);
bool snap_data_has_pages(void);
snap_model *snap_data_model(snap_data *d);
/* Re-reads the audit and tells every view (IConsole::UpdateAllViews). */
void snap_data_refresh(snap_data *d);
IExtendContextMenu *snap_data_menu(snap_data *d);
WCHAR *snap_data_node_name(snap_data *d);

/* ---- component.c ---- */
HRESULT snap_component_create(snap_data *owner, IComponent **out);
#define SNAP_HINT_REFRESHED 1
/* The result images: 0 the program's icon, SNAP_IMAGE_STATE + state the audit state's square,
 * the colours of the dialog's audit (src/app/lists.c). */
#define SNAP_IMAGE_STATE 1
/* The state of one row (PASV_AUDIT_STATE_COUNT when there is no such row). */
unsigned snap_model_state(const snap_model *m, size_t row);

/* ---- dataobj.c ---- */
HRESULT snap_dataobject_create(MMC_COOKIE cookie, DATA_OBJECT_TYPES type, IDataObject **out);
/* The cookie and type of one of our data objects; false for anyone else's (or a special one). */
bool snap_dataobject_info(IDataObject *obj, MMC_COOKIE *cookie, DATA_OBJECT_TYPES *type);

/* ---- about.c ---- */
HRESULT snap_about_create(REFIID riid, void **out);

/* ---- icons (about.c): the program icon drawn on the mask colour, size x size ---- */
#define SNAP_MASK_COLOR RGB(255, 0, 255)
HBITMAP snap_icon_bitmap(int size);

/* ---- remove.c: "Remove our firewall exceptions..." on the dialog's worker thread ---- */
typedef struct snap_remove snap_remove;
/* Starts the worker; the question follows its snapshot, on this (MMC's) thread. When a run ends,
 * notify_msg is posted to notify. NULL when the worker could not start. */
snap_remove *snap_remove_start(HWND owner, HWND notify, UINT notify_msg);
bool snap_remove_busy(const snap_remove *r);
/* Waits for the worker's current command and frees everything. */
void snap_remove_free(snap_remove *r);

/* ---- menu command ids (compdata.c) ---- */
enum { SNAP_CMD_CHANGE_RANGE = 1, SNAP_CMD_EXPORT, SNAP_CMD_REMOVE };

/* CoTaskMemAlloc'd copy of s (NULL when memory runs out). */
LPOLESTR snap_co_strdup(const WCHAR *s);

#endif /* PASV_SNAPIN_H */
