/* pasvports tests: a fake MMC console, what mmc.exe gives a snap-in (Wine has no mmc.exe).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * Interfaces and vtable order: mingw-w64's mmc.h (the Windows SDK's mmc.h layout). One
 * fake_console object answers IConsole/IConsole2, IConsoleNameSpace/2, IHeaderCtrl/2,
 * IResultData and IPropertySheetProvider, as the console MMC hands to IComponentData::Initialize
 * and IComponent::Initialize does; the test makes one for the component data and one per
 * component, sharing one fake_world (the scope tree, the verbs, the call log). IConsoleVerb, MMC's
 * IImageList, IContextMenuCallback and IPropertySheetCallback are separate small objects.
 * Every object counts its references: the test checks that each is back to the one it holds.
 * Every call is logged by name ("IResultData::SetItemCount(3976)"); unexpected ones say so. */
#ifndef PASV_FAKE_CONSOLE_H
#define PASV_FAKE_CONSOLE_H

#ifndef COBJMACROS
#define COBJMACROS
#endif
#include <windows.h>
#include <commctrl.h>
#include <mmc.h>
#include <stdbool.h>

#define FAKE_MAX_SCOPE 16
#define FAKE_MAX_COLS 8
#define FAKE_MAX_MENU 16
#define FAKE_MAX_PAGES 8

typedef struct fake_scope_item {
    HSCOPEITEM id;
    HSCOPEITEM parent;
    LPARAM cookie;
    int image, open_image, children;
    bool children_set;
} fake_scope_item;

typedef struct fake_menu_item {
    WCHAR name[128];
    WCHAR tip[256];
    LONG command;
    LONG insertion;
} fake_menu_item;

/* IConsoleVerb: MMC resets the table before every MMCN_SELECT (fake_verbs_reset). */
typedef struct fake_verbs {
    IConsoleVerb IConsoleVerb_iface;
    LONG refs;
    BOOL state[16][8]; /* [verb - MMC_VERB_OPEN][button state bit] */
    MMC_CONSOLE_VERB default_verb;
} fake_verbs;

/* MMC's IImageList (not the shell's). */
typedef struct fake_images {
    IImageList IImageList_iface;
    LONG refs;
    int strips, icons;
    int small_w, small_h, large_w, large_h; /* the strip at index 0 */
    COLORREF mask;
    int state_start, state_small_w, state_large_w; /* a second strip, at state_start > 0 */
    HBITMAP state_small;                           /* a copy of its small bitmap (the test frees it) */
} fake_images;

typedef struct fake_menu {
    IContextMenuCallback IContextMenuCallback_iface;
    LONG refs;
    fake_menu_item items[FAKE_MAX_MENU];
    int count;
} fake_menu;

typedef struct fake_pages {
    IPropertySheetCallback IPropertySheetCallback_iface;
    LONG refs;
    HPROPSHEETPAGE pages[FAKE_MAX_PAGES];
    int count;
} fake_pages;

typedef struct fake_world {
    char log[16384];          /* "name;name;..." of every call */
    int unexpected;           /* calls the fake does not implement */
    fake_scope_item scope[FAKE_MAX_SCOPE];
    int scope_count;
    HSCOPEITEM next_id;
    IComponent *views[4];     /* not referenced: MMC's own list, for UpdateAllViews */
    int view_count;
    IComponentData *data;     /* not referenced: for IPropertySheetProvider::AddPrimaryPages */
    fake_verbs verbs;
    HWND main;                /* GetMainWindow */
    WCHAR last_box[1024];     /* IConsole::MessageBox */
    int box_answer;
    /* IPropertySheetProvider */
    WCHAR sheet_title[128];
    fake_pages sheet_pages;
    HWND sheet;               /* the sheet Show made (modeless) */
    int sheets_shown;
} fake_world;

typedef struct fake_console {
    IConsole2 IConsole2_iface;
    IConsoleNameSpace2 IConsoleNameSpace2_iface;
    IHeaderCtrl2 IHeaderCtrl2_iface;
    IResultData IResultData_iface;
    IPropertySheetProvider IPropertySheetProvider_iface;
    LONG refs;
    fake_world *world;
    fake_images scope_images;   /* QueryScopeImageList */
    /* the result pane of this view */
    WCHAR columns[FAKE_MAX_COLS][64];
    int widths[FAKE_MAX_COLS];
    int column_count;
    int item_count;             /* SetItemCount */
    int set_item_count_calls;
    WCHAR desc[1024];           /* SetDescBarText */
} fake_console;

void fake_world_init(fake_world *w);
void fake_console_init(fake_console *c, fake_world *w);
void fake_images_init(fake_images *i);
void fake_menu_init(fake_menu *m);
void fake_pages_init(fake_pages *p);
void fake_verbs_reset(fake_verbs *v);
BOOL fake_verb_enabled(const fake_verbs *v, MMC_CONSOLE_VERB verb);
/* Whether the log has a call whose text starts with prefix. */
bool fake_logged(const fake_world *w, const char *prefix);
void fake_log(fake_world *w, const char *fmt, ...);
/* Inserts the static node as MMC does before MMCN_EXPAND; returns its HSCOPEITEM. */
HSCOPEITEM fake_insert_static_node(fake_world *w);

#endif /* PASV_FAKE_CONSOLE_H */
