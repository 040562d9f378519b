/* pasvports tests: pasvsnap.dll driven by a fake MMC console in an IIS 6 lab, as mmc.exe drives a
 * snap-in (Wine has no mmc.exe). The snap-in is registered with regsvr32 and loaded through its
 * registered CLSID; the result pane is read back through IComponent::GetDisplayInfo and compared
 * with pasvctl audit --json on the same lab; every reference the snap-in took on the console's
 * objects is given back and DllCanUnloadNow says S_OK at the end; DllUnregisterServer leaves the
 * registry as it was.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * Usage: test_snapin PATH-TO-pasvsnap.dll PATH-TO-pasvctl.exe [iis10]
 * With iis10 the console's sequence is the IIS 10 lab's (snapin_iis10.c) instead of IIS 6's.
 * Screenshots (BMP) go to $PASV_BUILD_DIR/snapin-shots; snapin_shots.sh converts and checks them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../testlib.h"
#include "fake_console.h"
#include "lab_util.h"
#include "pasv/version.h"
#include "regdump.h"
#include "resource.h"
#include "session.h"
#include "snapin.h"
#include "winpath.h"

static WCHAR dll_path[MAX_PATH], ctl_path[MAX_PATH];
static HMODULE snap_dll;
static fake_world world;
static fake_console cd_console, view_console;

/* ---- pasvctl ---- */

typedef struct audit_row {
    unsigned port;
    char state[16];
    char profiles[64];
    char name[256];
} audit_row;

typedef struct audit_doc {
    audit_row *rows;
    size_t count;
} audit_doc;

/* The rows of pasvctl audit --json (src/core/audit_out.c writes one per line). */
static bool read_audit_json(audit_doc *doc)
{
    static char out[4096];
    WCHAR cmd[2 * MAX_PATH + 64], file[MAX_PATH];
    char line[1024];
    FILE *f;
    DWORD code;

    doc->rows = NULL;
    doc->count = 0;
    GetTempPathW(MAX_PATH, file);
    wcscat(file, L"snapin-audit.json");
    swprintf(cmd, 2 * MAX_PATH + 64, L"\"%ls\" audit --json --out \"%ls\"", ctl_path, file);
    code = test_run_capture(cmd, out, sizeof(out), 120000);
    if (!ok(code == 0 || code == 1, "pasvctl audit --json ran (exit %lu): %s", code, out))
        return false;
    f = _wfopen(file, L"r");
    if (!ok(f != NULL, "pasvctl wrote %ls", file))
        return false;
    while (fgets(line, sizeof(line), f)) {
        audit_row r;
        int used = 0;
        char *p, *q;
        memset(&r, 0, sizeof(r));
        if (sscanf(line, " {\"port\": %u, \"state\": \"%15[^\"]\", \"profiles\": \"%63[^\"]\", \"name\": \"%n", &r.port,
                   r.state, r.profiles, &used) < 2 || !used) {
            /* profiles may be "" (nothing open): %[ matches no empty field */
            if (sscanf(line, " {\"port\": %u, \"state\": \"%15[^\"]\", \"profiles\": \"\", \"name\": \"%n", &r.port,
                       r.state, &used) < 2 || !used)
                continue;
        }
        for (p = line + used, q = r.name; *p && *p != '"' && q < r.name + sizeof(r.name) - 1; p++)
            *q++ = *p == '\\' && p[1] ? *++p : *p; /* the lab's names need no \uXXXX */
        *q = 0;
        doc->rows = realloc(doc->rows, (doc->count + 1) * sizeof(*doc->rows));
        doc->rows[doc->count++] = r;
    }
    fclose(f);
    return ok(doc->count > 0, "pasvctl audit --json has %u rows", (unsigned)doc->count);
}

static DWORD run_ctl(const WCHAR *args)
{
    static char out[1 << 16];
    WCHAR cmd[MAX_PATH + 256];
    DWORD code;

    swprintf(cmd, MAX_PATH + 256, L"\"%ls\" %ls", ctl_path, args);
    code = test_run_capture(cmd, out, sizeof(out), 300000);
    trace("pasvctl %ls -> %lu\n%s", args, code, out);
    return code;
}

/* ---- the result pane, read back ---- */

/* The snap-in's own text for a JSON state word (the DLL's string table, as it shows them). */
static void state_text(const char *word, WCHAR *buf, int cap)
{
    static const char *words[] = {"open", "partial", "missing", "foreign", "stale"};
    UINT k;
    buf[0] = 0;
    for (k = 0; k < 5; k++)
        if (!strcmp(word, words[k]))
            LoadStringW(snap_dll, PASV_MSG_AUDIT_OPEN + k, buf, cap);
}

static bool cell(IComponent *comp, int row, int col, WCHAR *buf, size_t cap)
{
    RESULTDATAITEM item;
    HRESULT hr;

    memset(&item, 0, sizeof(item));
    item.mask = RDI_STR;
    item.nIndex = row;
    item.nCol = col;
    hr = IComponent_GetDisplayInfo(comp, &item);
    buf[0] = 0;
    if (FAILED(hr) || !item.str)
        return false;
    swprintf(buf, cap, L"%ls", item.str);
    return true;
}

/* The image of a row (RDI_IMAGE), -1 when GetDisplayInfo fails. */
static int row_image(IComponent *comp, int row)
{
    RESULTDATAITEM item;

    memset(&item, 0, sizeof(item));
    item.mask = RDI_IMAGE;
    item.nIndex = row;
    return SUCCEEDED(IComponent_GetDisplayInfo(comp, &item)) ? item.nImage : -1;
}

/* The audit states in their order (pasv_audit_state) with the dialog's colours (src/app/lists.c). */
static const struct {
    const WCHAR *word;
    COLORREF colour;
} state_colours[] = {
    {L"Open", RGB(30, 150, 60)},
    {L"Partly open", RGB(230, 190, 0)},
    {L"Missing", RGB(210, 30, 30)},
    {L"Another program's exception", RGB(40, 110, 220)},
    {L"Stale (ours, outside the range)", RGB(150, 150, 150)},
    {L"Open locally, overridden by policy", RGB(200, 90, 160)},
};
#define STATE_COUNT ((int)(sizeof(state_colours) / sizeof(state_colours[0])))
static fake_images images;

/* Every square of the state strip has its state's colour at its centre. */
static void check_state_strip(void)
{
    HDC dc = CreateCompatibleDC(NULL);
    HGDIOBJ old = images.state_small ? SelectObject(dc, images.state_small) : NULL;
    int k, bad = 0;

    for (k = 0; k < STATE_COUNT && old; k++)
        bad += GetPixel(dc, k * 16 + 8, 8) != state_colours[k].colour;
    if (old)
        SelectObject(dc, old);
    DeleteDC(dc);
    ok(old && bad == 0, "the result images from %d are one square per audit state in the dialog's colours "
       "(%d wrong)", images.state_start, bad);
}

/* Every row's image is its state's square (the State column's word says which). */
static void check_row_images(IComponent *comp, const char *when)
{
    WCHAR word[512];
    int row, k, bad = 0, rows = 0;

    for (row = 0; cell(comp, row, 1, word, 512); row++, rows++) {
        for (k = 0; k < STATE_COUNT && wcscmp(word, state_colours[k].word); k++)
            ;
        bad += k == STATE_COUNT || row_image(comp, row) != images.state_start + k;
    }
    ok(rows > 0 && bad == 0, "%s: every row's image is its state's square (%d rows, %d wrong)", when, rows, bad);
}

/* Every cell of the view equals pasvctl's row, in pasvctl's order (ports ascending, then stale). */
static void compare_with_pasvctl(IComponent *comp, const char *when)
{
    audit_doc doc;
    size_t i, bad = 0;

    if (!read_audit_json(&doc))
        return;
    ok(view_console.item_count == (int)doc.count, "%s: the view has %d rows, pasvctl audit %u", when,
       view_console.item_count, (unsigned)doc.count);
    for (i = 0; i < doc.count && (int)i < view_console.item_count; i++) {
        WCHAR port[16], state[64], profiles[64], name[256], want_port[16], want_state[64], want_profiles[64], want_name[256];
        const audit_row *r = &doc.rows[i];
        bool got = cell(comp, (int)i, SNAP_COL_PORT, port, 16) && cell(comp, (int)i, SNAP_COL_STATE, state, 64) &&
                   cell(comp, (int)i, SNAP_COL_PROFILES, profiles, 64) && cell(comp, (int)i, SNAP_COL_NAME, name, 256);
        swprintf(want_port, 16, L"%u", r->port);
        state_text(r->state, want_state, 64);
        swprintf(want_profiles, 64, L"%hs", r->profiles);
        MultiByteToWideChar(CP_UTF8, 0, r->name, -1, want_name, 256);
        if (!got || wcscmp(port, want_port) || wcscmp(state, want_state) || wcscmp(profiles, want_profiles) ||
            wcscmp(name, want_name)) {
            if (bad++ < 5)
                ok(0, "%s: row %u is [%ls|%ls|%ls|%ls], pasvctl says [%ls|%ls|%ls|%ls]", when, (unsigned)i, port, state,
                   profiles, name, want_port, want_state, want_profiles, want_name);
        }
    }
    ok(bad == 0, "%s: all %u rows (Port, State, Profiles, Name) read through GetDisplayInfo equal pasvctl audit --json "
       "(%u differ)", when, (unsigned)doc.count, (unsigned)bad);
    free(doc.rows);
}

/* ---- screenshots: the fake console draws the result pane into an owner-data list view ---- */

static IComponent *drawn;

static LRESULT CALLBACK pane_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    if (msg == WM_NOTIFY && ((NMHDR *)lp)->code == LVN_GETDISPINFOW && drawn) {
        NMLVDISPINFOW *di = (NMLVDISPINFOW *)lp;
        static WCHAR text[512];
        if (di->item.mask & LVIF_TEXT) {
            cell(drawn, di->item.iItem, di->item.iSubItem, text, 512);
            di->item.pszText = text;
        }
        if (di->item.mask & LVIF_IMAGE)
            di->item.iImage = row_image(drawn, di->item.iItem) - images.state_start;
        return 0;
    }
    return DefWindowProcW(hwnd, msg, wp, lp);
}

static void pump(DWORD ms)
{
    DWORD end = GetTickCount() + ms;
    MSG msg;
    do {
        while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE)) {
            if (!world.sheet || !IsWindow(world.sheet) || !PropSheet_IsDialogMessage(world.sheet, &msg)) {
                TranslateMessage(&msg);
                DispatchMessageW(&msg);
            }
        }
        Sleep(10);
    } while ((LONG)(end - GetTickCount()) > 0);
}

static void screenshot_window(HWND win, const char *name)
{
    const char *dir = getenv("PASV_BUILD_DIR");
    WCHAR wdir[MAX_PATH], path[MAX_PATH];
    BITMAPINFOHEADER bih;
    BITMAPFILEHEADER bfh;
    HDC screen, mem;
    HBITMAP bmp;
    void *bits = NULL;
    RECT rc;
    int w, h;
    DWORD size, written;
    HANDLE file;

    if (!dir)
        return;
    MultiByteToWideChar(CP_UTF8, 0, dir, -1, path, MAX_PATH);
    test_winpath(path, wdir, MAX_PATH);
    wcscat(wdir, L"\\snapin-shots");
    CreateDirectoryW(wdir, NULL);
    swprintf(path, MAX_PATH, L"%ls\\%hs.bmp", wdir, name);
    SetForegroundWindow(win);
    RedrawWindow(win, NULL, NULL, RDW_INVALIDATE | RDW_UPDATENOW | RDW_ALLCHILDREN | RDW_ERASE);
    pump(400); /* let the X server show what was painted */
    GetWindowRect(win, &rc);
    w = rc.right - rc.left;
    h = rc.bottom - rc.top;
    screen = GetDC(NULL);
    mem = CreateCompatibleDC(screen);
    memset(&bih, 0, sizeof(bih));
    bih.biSize = sizeof(bih);
    bih.biWidth = w;
    bih.biHeight = h;
    bih.biPlanes = 1;
    bih.biBitCount = 24;
    bih.biCompression = BI_RGB;
    bmp = CreateDIBSection(screen, (BITMAPINFO *)&bih, DIB_RGB_COLORS, &bits, NULL, 0);
    SelectObject(mem, bmp);
    BitBlt(mem, 0, 0, w, h, screen, rc.left, rc.top, SRCCOPY);
    GdiFlush();
    size = (DWORD)(((w * 3 + 3) & ~3) * h);
    memset(&bfh, 0, sizeof(bfh));
    bfh.bfType = 0x4D42;
    bfh.bfOffBits = sizeof(bfh) + sizeof(bih);
    bfh.bfSize = bfh.bfOffBits + size;
    file = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    if (file != INVALID_HANDLE_VALUE) {
        WriteFile(file, &bfh, sizeof(bfh), &written, NULL);
        WriteFile(file, &bih, sizeof(bih), &written, NULL);
        WriteFile(file, bits, size, &written, NULL);
        CloseHandle(file);
    }
    DeleteDC(mem);
    DeleteObject(bmp);
    ReleaseDC(NULL, screen);
    printf("screenshot %s: %ls\n", name, path);
}

/* The main window (GetMainWindow) with the description bar and the list, as MMC lays them out. */
static HWND pane, pane_desc, pane_list;

static void make_pane(void)
{
    WNDCLASSW wc;

    memset(&wc, 0, sizeof(wc));
    wc.lpfnWndProc = pane_proc;
    wc.hInstance = GetModuleHandleW(NULL);
    wc.hbrBackground = (HBRUSH)(COLOR_BTNFACE + 1);
    wc.lpszClassName = L"fake_mmc_main";
    RegisterClassW(&wc);
    pane = CreateWindowExW(0, L"fake_mmc_main", L"Console Root\\FTP Passive Ports (fake console)",
                           WS_OVERLAPPEDWINDOW, 20, 20, 1010, 520, NULL, NULL, wc.hInstance, NULL);
    pane_desc = CreateWindowExW(0, L"STATIC", L"", WS_CHILD | WS_VISIBLE | SS_LEFTNOWORDWRAP | SS_SUNKEN, 4, 4, 986,
                                22, pane, NULL, wc.hInstance, NULL);
    pane_list = CreateWindowExW(WS_EX_CLIENTEDGE, WC_LISTVIEWW, L"",
                                WS_CHILD | WS_VISIBLE | LVS_REPORT | LVS_OWNERDATA | LVS_SHOWSELALWAYS, 4, 30, 986,
                                440, pane, NULL, wc.hInstance, NULL);
    SendMessageW(pane_desc, WM_SETFONT, (WPARAM)GetStockObject(DEFAULT_GUI_FONT), TRUE);
    world.main = pane;
}

static void draw_pane(IComponent *comp, const char *shot)
{
    LVCOLUMNW col;
    int k;
    static bool have_images;

    if (images.state_small && !have_images) { /* the squares the snap-in gave for its rows */
        HIMAGELIST il = ImageList_Create(16, 16, ILC_COLOR24 | ILC_MASK, STATE_COUNT, 0);
        have_images = il && ImageList_AddMasked(il, images.state_small, RGB(255, 0, 255)) >= 0;
        if (have_images)
            SendMessageW(pane_list, LVM_SETIMAGELIST, LVSIL_SMALL, (LPARAM)il);
    }
    drawn = comp;
    while (SendMessageW(pane_list, LVM_DELETECOLUMN, 0, 0))
        ;
    for (k = 0; k < view_console.column_count; k++) {
        memset(&col, 0, sizeof(col));
        col.mask = LVCF_TEXT | LVCF_WIDTH;
        col.pszText = view_console.columns[k];
        col.cx = view_console.widths[k];
        SendMessageW(pane_list, LVM_INSERTCOLUMNW, k, (LPARAM)&col);
    }
    SendMessageW(pane_list, LVM_SETITEMCOUNT, view_console.item_count, 0);
    SetWindowTextW(pane_desc, view_console.desc);
    ShowWindow(pane, SW_SHOW);
    screenshot_window(pane, shot);
}

/* ---- registration ---- */

#define KEY_SNAP L"Software\\Classes\\CLSID\\" PASV_SNAPIN_CLSID_STR
#define KEY_ABOUT L"Software\\Classes\\CLSID\\" PASV_SNAPIN_ABOUT_STR
#define KEY_MMC L"Software\\Microsoft\\MMC"

static WCHAR *before_snap, *before_about, *before_mmc;

static DWORD regsvr32(const WCHAR *flags)
{
    static char out[4096];
    WCHAR cmd[MAX_PATH + 64];
    swprintf(cmd, MAX_PATH + 64, L"regsvr32 %ls \"%ls\"", flags, dll_path);
    return test_run_capture(cmd, out, sizeof(out), 60000);
}

/* What DllRegisterServer must have written, exactly: the CLSIDs and MMC's keys. */
static void check_registered(void)
{
    WCHAR *snap = regdump_hklm(KEY_SNAP), *about = regdump_hklm(KEY_ABOUT), *mmc = regdump_hklm(KEY_MMC);
    WCHAR want[4096], path[MAX_PATH];
    const WCHAR *clsids[2] = {PASV_SNAPIN_CLSID_STR, PASV_SNAPIN_ABOUT_STR};
    WCHAR *dumps[2] = {snap, about};
    int k;

    GetFullPathNameW(dll_path, MAX_PATH, path, NULL);
    for (k = 0; k < 2; k++) {
        swprintf(want, 4096,
                 L"\n[Software\\Classes\\CLSID\\%ls]\nSoftware\\Classes\\CLSID\\%ls:=1:FTP Passive Ports\n"
                 L"[Software\\Classes\\CLSID\\%ls\\InprocServer32]\nSoftware\\Classes\\CLSID\\%ls\\InprocServer32:=1:%ls\n"
                 L"Software\\Classes\\CLSID\\%ls\\InprocServer32:ThreadingModel=1:Apartment\n",
                 clsids[k], clsids[k], clsids[k], clsids[k], path, clsids[k]);
        ok(!_wcsicmp(dumps[k], want), "HKLM\\Software\\Classes\\CLSID\\%ls is exactly the in-process server "
           "(ThreadingModel Apartment):\n%ls\nwanted:\n%ls", clsids[k], dumps[k], want);
    }
    swprintf(want, 4096,
             L"[" KEY_MMC L"\\SnapIns\\" PASV_SNAPIN_CLSID_STR L"]\n"
             KEY_MMC L"\\SnapIns\\" PASV_SNAPIN_CLSID_STR L":About=1:" PASV_SNAPIN_ABOUT_STR L"\n"
             KEY_MMC L"\\SnapIns\\" PASV_SNAPIN_CLSID_STR L":NameString=1:FTP Passive Ports\n"
             KEY_MMC L"\\SnapIns\\" PASV_SNAPIN_CLSID_STR L":NameStringIndirect=1:@%ls,-5000\n"
             KEY_MMC L"\\SnapIns\\" PASV_SNAPIN_CLSID_STR L":Provider=1:The pasvports developers\n"
             KEY_MMC L"\\SnapIns\\" PASV_SNAPIN_CLSID_STR L":Version=1:" PASV_VERSION_WSTR L"\n"
             L"[" KEY_MMC L"\\SnapIns\\" PASV_SNAPIN_CLSID_STR L"\\NodeTypes]\n"
             L"[" KEY_MMC L"\\SnapIns\\" PASV_SNAPIN_CLSID_STR L"\\NodeTypes\\" PASV_NODETYPE_STR L"]\n"
             L"[" KEY_MMC L"\\SnapIns\\" PASV_SNAPIN_CLSID_STR L"\\StandAlone]\n",
             path);
    ok(wcsstr(mmc, want) != NULL, "SnapIns\\{clsid} has NameString, NameStringIndirect, About, Provider, Version, "
       "NodeTypes\\{node} and StandAlone:\n%ls", mmc);
    ok(wcsstr(mmc, L"[" KEY_MMC L"\\NodeTypes\\" PASV_NODETYPE_STR L"]\n" KEY_MMC L"\\NodeTypes\\" PASV_NODETYPE_STR
                   L":=1:FTP Passive Ports\n") != NULL, "MMC\\NodeTypes\\{node} names the node type");
    free(snap);
    free(about);
    free(mmc);
}

static bool step_register(void)
{
    DWORD code;

    before_snap = regdump_hklm(KEY_SNAP);
    before_about = regdump_hklm(KEY_ABOUT);
    before_mmc = regdump_hklm(KEY_MMC);
    ok(!wcscmp(before_snap, L"\n") && !wcscmp(before_about, L"\n"), "the lab has no pasvsnap CLSID before regsvr32");
    code = regsvr32(L"/s");
    if (!ok(code == 0, "regsvr32 /s pasvsnap.dll exits 0 (%lu)", code))
        return false;
    check_registered();
    return true;
}

static void step_unregister(void)
{
    WCHAR *snap, *about, *mmc;
    DWORD code = regsvr32(L"/u /s");

    ok(code == 0, "regsvr32 /u /s pasvsnap.dll exits 0 (%lu)", code);
    snap = regdump_hklm(KEY_SNAP);
    about = regdump_hklm(KEY_ABOUT);
    mmc = regdump_hklm(KEY_MMC);
    ok(!wcscmp(snap, before_snap) && !wcscmp(about, before_about),
       "DllUnregisterServer removed both CLSIDs: left\n%ls%ls", snap, about);
    ok(!wcscmp(mmc, before_mmc), "DllUnregisterServer left HKLM\\Software\\Microsoft\\MMC as it was before "
       "DllRegisterServer:\nbefore:\n%ls\nafter:\n%ls", before_mmc, mmc);
    free(snap);
    free(about);
    free(mmc);
}

/* ---- data objects ---- */

static HRESULT get_here(IDataObject *obj, const WCHAR *format, void *buf, SIZE_T size, SIZE_T cap)
{
    FORMATETC fmt = {(CLIPFORMAT)RegisterClipboardFormatW(format), NULL, DVASPECT_CONTENT, -1, TYMED_HGLOBAL};
    STGMEDIUM medium;
    HRESULT hr;
    void *p;

    memset(&medium, 0, sizeof(medium));
    medium.tymed = TYMED_HGLOBAL;
    medium.hGlobal = GlobalAlloc(GMEM_MOVEABLE | GMEM_ZEROINIT, cap);
    hr = IDataObject_GetDataHere(obj, &fmt, &medium);
    if (SUCCEEDED(hr) && (p = GlobalLock(medium.hGlobal)) != NULL) {
        memcpy(buf, p, size < cap ? size : cap);
        GlobalUnlock(medium.hGlobal);
    }
    GlobalFree(medium.hGlobal);
    return hr;
}

static void check_data_object(IComponentData *cd, DATA_OBJECT_TYPES type, const char *what)
{
    IDataObject *obj = NULL;
    GUID guid;
    WCHAR text[128], want[64];
    HRESULT hr = IComponentData_QueryDataObject(cd, 0, type, &obj);

    if (!ok(hr == S_OK && obj, "QueryDataObject(0, %s) 0x%08lx", what, (unsigned long)hr))
        return;
    hr = get_here(obj, CCF_NODETYPE, &guid, sizeof(guid), sizeof(guid));
    ok(hr == S_OK && IsEqualGUID(&guid, &NODETYPE_PasvRoot), "%s: CCF_NODETYPE is the node type GUID (0x%08lx)", what,
       (unsigned long)hr);
    StringFromGUID2(&NODETYPE_PasvRoot, want, 64);
    memset(text, 0, sizeof(text));
    hr = get_here(obj, CCF_SZNODETYPE, text, sizeof(text), sizeof(text));
    ok(hr == S_OK && !wcscmp(text, want) && !wcscmp(text, PASV_NODETYPE_STR),
       "%s: CCF_SZNODETYPE is \"%ls\" (0x%08lx)", what, text, (unsigned long)hr);
    memset(text, 0, sizeof(text));
    hr = get_here(obj, CCF_DISPLAY_NAME, text, sizeof(text), sizeof(text));
    ok(hr == S_OK && !wcscmp(text, L"FTP Passive Ports"), "%s: CCF_DISPLAY_NAME is \"%ls\"", what, text);
    hr = get_here(obj, CCF_SNAPIN_CLASSID, &guid, sizeof(guid), sizeof(guid));
    ok(hr == S_OK && IsEqualGUID(&guid, &CLSID_PasvSnapin), "%s: CCF_SNAPIN_CLASSID is our CLSID", what);
    hr = get_here(obj, CCF_DISPLAY_NAME, text, 4, 4);
    ok(hr == STG_E_MEDIUMFULL, "%s: a 4-byte HGLOBAL for the display name is STG_E_MEDIUMFULL, never reallocated "
       "(0x%08lx)", what, (unsigned long)hr);
    hr = get_here(obj, CCF_WINDOW_TITLE, text, sizeof(text), sizeof(text));
    ok(hr == DV_E_FORMATETC, "%s: a format it does not offer is DV_E_FORMATETC (0x%08lx)", what, (unsigned long)hr);
    IDataObject_Release(obj);
}

/* ---- the context menu ---- */

static void check_menu(IComponent *comp, IComponentData *cd)
{
    IExtendContextMenu *menu = NULL;
    IDataObject *scope = NULL, *row = NULL;
    fake_menu m;
    LONG allowed = CCM_INSERTIONALLOWED_TOP | CCM_INSERTIONALLOWED_TASK;
    HRESULT hr = IComponent_QueryInterface(comp, &IID_IExtendContextMenu, (void **)&menu);
    int k, top = 0, task = 0, exports = 0, ranges = 0, removes = 0;

    if (!ok(hr == S_OK, "the component has IExtendContextMenu (0x%08lx)", (unsigned long)hr))
        return;
    IComponentData_QueryDataObject(cd, 0, CCT_SCOPE, &scope);
    IComponent_QueryDataObject(comp, 3, CCT_RESULT, &row);
    fake_menu_init(&m);
    hr = IExtendContextMenu_AddMenuItems(menu, scope, &m.IContextMenuCallback_iface, &allowed);
    ok(hr == S_OK, "AddMenuItems on the node 0x%08lx", (unsigned long)hr);
    for (k = 0; k < m.count; k++) {
        trace("menu item %d: \"%ls\" (%ld) at 0x%lx: %ls\n", k, m.items[k].name, (long)m.items[k].command,
              (unsigned long)m.items[k].insertion, m.items[k].tip);
        top += m.items[k].insertion == (LONG)CCM_INSERTIONPOINTID_PRIMARY_TOP;
        task += m.items[k].insertion == (LONG)CCM_INSERTIONPOINTID_PRIMARY_TASK;
        exports += !wcscmp(m.items[k].name, L"Export audit...") && m.items[k].command == SNAP_CMD_EXPORT &&
                   m.items[k].tip[0];
        ranges += !wcscmp(m.items[k].name, L"Change passive port range...");
        removes += !wcscmp(m.items[k].name, L"Remove our firewall exceptions...") &&
                   m.items[k].command == SNAP_CMD_REMOVE && m.items[k].tip[0];
    }
    ok(top == 3 && task == 3, "three items on the menu and three tasks (%d, %d)", top, task);
    ok(removes == 2, "\"Remove our firewall exceptions...\" is on the menu and under All Tasks, with status-bar text (%d)",
       removes);
    ok(exports == 2, "\"Export audit...\" is on the menu and under All Tasks, with status-bar text (%d)", exports);
    ok(top == task && top >= 1, "every item is both on the menu (%d) and a task (%d)", top, task);
    ok(ranges == 2, "\"Change passive port range...\" is on the menu and under All Tasks (%d)", ranges);
    ok(m.refs == 1, "the menu callback's references are given back (%ld)", (long)m.refs);
    fake_menu_init(&m);
    allowed = CCM_INSERTIONALLOWED_TOP | CCM_INSERTIONALLOWED_TASK;
    hr = IExtendContextMenu_AddMenuItems(menu, row, &m.IContextMenuCallback_iface, &allowed);
    ok(hr == S_OK && m.count == 0, "a row of the audit has no commands (%d items)", m.count);
    fake_menu_init(&m);
    allowed = 0;
    hr = IExtendContextMenu_AddMenuItems(menu, scope, &m.IContextMenuCallback_iface, &allowed);
    ok(hr == S_OK && m.count == 0, "nothing is added where MMC allows no insertion (%d items)", m.count);
    if (row)
        IDataObject_Release(row);
    if (scope)
        IDataObject_Release(scope);
    IExtendContextMenu_Release(menu);
}

/* ---- "Export audit...": the save dialog answered by a helper thread, the file compared ---- */

typedef struct save_answer {
    WCHAR path[MAX_PATH];
    bool answered;
} save_answer;

static BOOL CALLBACK find_save_dialog(HWND hwnd, LPARAM lp)
{
    WCHAR cls[16];
    DWORD pid = 0;
    GetWindowThreadProcessId(hwnd, &pid);
    if (pid == GetCurrentProcessId() && IsWindowVisible(hwnd) && GetClassNameW(hwnd, cls, 16) &&
        !wcscmp(cls, L"#32770") && (GetDlgItem(hwnd, 0x47c) || GetDlgItem(hwnd, 0x480))) {
        *(HWND *)lp = hwnd;
        return FALSE;
    }
    return TRUE;
}

/* Types the path into the common Save dialog's file name (cmb13, or edt1 in the old style) and
 * presses Save, as an administrator would. */
static DWORD WINAPI answer_save_dialog(void *param)
{
    save_answer *a = param;
    HWND dlg = NULL;
    int tries;

    for (tries = 0; tries < 300 && !dlg; tries++) {
        EnumWindows(find_save_dialog, (LPARAM)&dlg);
        if (!dlg)
            Sleep(50);
    }
    if (!dlg)
        return 1;
    Sleep(200);
    SetDlgItemTextW(dlg, GetDlgItem(dlg, 0x47c) ? 0x47c : 0x480, a->path);
    PostMessageW(dlg, WM_COMMAND, MAKEWPARAM(IDOK, BN_CLICKED), 0);
    a->answered = true;
    return 0;
}

static char *read_file_bytes(const WCHAR *path, size_t *len)
{
    FILE *f = _wfopen(path, L"rb");
    char *buf = NULL;
    long n;

    *len = 0;
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) == (size_t)n)
        *len = (size_t)n;
    fclose(f);
    return buf;
}

static void check_export(IComponent *comp, IComponentData *cd)
{
    IExtendContextMenu *menu = NULL;
    IDataObject *scope = NULL;
    save_answer answer;
    WCHAR ctl_csv[MAX_PATH], args[MAX_PATH + 32];
    HANDLE thread;
    char *ours, *theirs;
    size_t ours_len, theirs_len;
    HRESULT hr;

    memset(&answer, 0, sizeof(answer));
    GetTempPathW(MAX_PATH, answer.path);
    wcscpy(ctl_csv, answer.path);
    wcscat(answer.path, L"snapin-export.csv");
    wcscat(ctl_csv, L"pasvctl-audit.csv");
    DeleteFileW(answer.path);
    if (FAILED(IComponent_QueryInterface(comp, &IID_IExtendContextMenu, (void **)&menu)))
        return;
    IComponentData_QueryDataObject(cd, 0, CCT_SCOPE, &scope);
    thread = CreateThread(NULL, 0, answer_save_dialog, &answer, 0, NULL);
    world.last_box[0] = 0;
    hr = IExtendContextMenu_Command(menu, SNAP_CMD_EXPORT, scope);
    WaitForSingleObject(thread, 30000);
    CloseHandle(thread);
    ok(hr == S_OK && answer.answered, "Export audit...: the save dialog was answered (0x%08lx)", (unsigned long)hr);
    swprintf(args, MAX_PATH + 32, L"audit --csv \"%ls\"", ctl_csv);
    ok(run_ctl(args) <= 1, "pasvctl audit --csv wrote its file");
    ours = read_file_bytes(answer.path, &ours_len);
    theirs = read_file_bytes(ctl_csv, &theirs_len);
    ok(ours && theirs && ours_len == theirs_len && ours_len > 100 && !memcmp(ours, theirs, ours_len),
       "the snap-in's CSV (%u bytes) is byte for byte pasvctl audit --csv's (%u bytes)", (unsigned)ours_len,
       (unsigned)theirs_len);
    ok(wcsstr(world.last_box, L"rows of the audit written to") && wcsstr(world.last_box, L"snapin-export.csv"),
       "the console's message box said where: \"%ls\"", world.last_box);
    free(ours);
    free(theirs);
    if (scope)
        IDataObject_Release(scope);
    IExtendContextMenu_Release(menu);
}

/* The page's route back to MMC's thread (src/snapin/compdata.c): a message to the snap-in's
 * message-only window re-reads the audit and updates every view, as after an Apply. */
static void check_change_notice(void)
{
    HWND notify = FindWindowExW(HWND_MESSAGE, NULL, L"pasvsnap_notify", NULL);

    if (!ok(notify != NULL, "the snap-in made its message-only window on the console's thread"))
        return;
    world.log[0] = 0;
    PostMessageW(notify, WM_APP + 40, 0, 0);
    pump(300);
    ok(fake_logged(&world, "IConsole::UpdateAllViews(hint 1)") && fake_logged(&world, "IResultData::SetItemCount("),
       "a change posted from another thread refreshed every view on the console's thread: %s", world.log);
}

/* ---- the property sheet: the dialog's pages in a real modeless PropertySheet ---- */

/* Presses Yes in the first message box of this process (the Apply question, safe.c). */
static BOOL CALLBACK find_question(HWND hwnd, LPARAM lp)
{
    WCHAR cls[16];
    DWORD pid = 0;
    GetWindowThreadProcessId(hwnd, &pid);
    if (pid == GetCurrentProcessId() && IsWindowVisible(hwnd) && GetClassNameW(hwnd, cls, 16) &&
        !wcscmp(cls, L"#32770") && GetDlgItem(hwnd, IDYES) && GetDlgItem(hwnd, IDNO)) {
        *(HWND *)lp = hwnd;
        return FALSE;
    }
    return TRUE;
}

typedef struct question {
    WCHAR text[2048];
    bool answered;
} question;

static DWORD WINAPI answer_yes(void *param)
{
    question *q = param;
    HWND box = NULL;
    int tries;

    for (tries = 0; tries < 1200 && !box; tries++) {
        EnumWindows(find_question, (LPARAM)&box);
        if (!box)
            Sleep(50);
    }
    if (!box)
        return 1;
    Sleep(200);
    GetDlgItemTextW(box, 0xFFFF, q->text, 2048); /* the static text of a message box */
    PostMessageW(box, WM_COMMAND, MAKEWPARAM(IDYES, BN_CLICKED), 0);
    q->answered = true;
    return 0;
}

static question remove_question;

static HWND page_control(int page, int id)
{
    HWND dlg = PropSheet_IndexToHwnd(world.sheet, page), found = NULL, child = dlg ? GetWindow(dlg, GW_CHILD) : NULL;
    for (; child && !found; child = GetWindow(child, GW_HWNDNEXT))
        found = GetDlgItem(child, id);
    return found;
}

static bool wait_for(bool (*cond)(void), DWORD ms)
{
    DWORD end = GetTickCount() + ms;
    while (!cond() && (LONG)(end - GetTickCount()) > 0)
        pump(50);
    return cond();
}

static bool range_page_ready(void)
{
    HWND low = page_control(0, IDC_RANGE_LOW);
    return low && IsWindowEnabled(low);
}

static bool views_updated(void)
{
    return fake_logged(&world, "IConsole::UpdateAllViews(hint 1)");
}

static WCHAR *state_now(void)
{
    DWORD n1, n2;
    WCHAR *a = lab_snapshot(LAB_LIST_STANDARD, &n1), *b = lab_snapshot(LAB_LIST_DOMAIN, &n2);
    WCHAR *all = malloc((wcslen(a) + wcslen(b) + 64) * sizeof(WCHAR));
    pasv_session *s = NULL;
    char range[PASV_RANGE_TEXT_MAX] = "unset";

    if (SUCCEEDED(pasv_session_open(NULL, &s))) {
        pasv_session_refresh(s);
        if (s->range_set)
            pasv_range_format(&s->range, range, sizeof(range));
        pasv_session_close(s);
    }
    swprintf(all, wcslen(a) + wcslen(b) + 64, L"%ls--\n%ls--\nrange=%hs", a, b, range);
    free(a);
    free(b);
    return all;
}

static void check_sheet(IComponent *comp, IComponentData *cd)
{
    IExtendContextMenu *menu = NULL;
    IExtendPropertySheet2 *ext = NULL;
    IDataObject *scope = NULL;
    question q;
    HANDLE thread;
    WCHAR *before, *after, status[512];
    DWORD n;
    HRESULT hr;
    int k;

    IComponentData_QueryDataObject(cd, 0, CCT_SCOPE, &scope);
    hr = IComponentData_QueryInterface(cd, &IID_IExtendPropertySheet2, (void **)&ext);
    ok(hr == S_OK && IExtendPropertySheet2_QueryPagesFor(ext, scope) == S_OK, "the node has property pages");
    if (ext)
        IExtendPropertySheet2_Release(ext);
    IComponent_QueryInterface(comp, &IID_IExtendContextMenu, (void **)&menu);
    world.log[0] = 0;
    hr = menu ? IExtendContextMenu_Command(menu, SNAP_CMD_CHANGE_RANGE, scope) : E_NOINTERFACE;
    ok(hr == S_OK && world.sheet && IsWindow(world.sheet) && world.sheet_pages.count == 3,
       "Change passive port range... opened MMC's sheet with 3 pages (0x%08lx, %d pages): %s", (unsigned long)hr,
       world.sheet_pages.count, world.log);
    if (!world.sheet)
        goto cleanup;
    ok(wait_for(range_page_ready, 60000), "the range page got the configuration from the worker");
    for (k = 0; k < 3; k++) {
        static const char *names[3] = {"snapin-page-range", "snapin-page-options", "snapin-page-progress"};
        PropSheet_SetCurSel(world.sheet, NULL, k);
        screenshot_window(world.sheet, names[k]);
    }
    PropSheet_SetCurSel(world.sheet, NULL, 0);

    /* Bad input: refused on the page with the dialog's (the engine's) words, and Apply with it
     * changes nothing and asks nothing. The same table as the dialog's gui.inputs. */
    {
        static const struct {
            const WCHAR *low, *high, *says;
        } bad[] = {
            {L"abc", L"5201", L"is not a port number"},
            {L"5000", L"5201", L"is too low"},
            {L"5001", L"70000", L"is too large"},
            {L"5300", L"5201", L"is reversed"},
            {L"", L"5201", L"Enter a port or a range"},
        };
        size_t b;

        for (b = 0; b < sizeof(bad) / sizeof(bad[0]); b++) {
            before = state_now();
            SetWindowTextW(page_control(0, IDC_RANGE_LOW), bad[b].low);
            SetWindowTextW(page_control(0, IDC_RANGE_HIGH), bad[b].high);
            pump(200);
            GetWindowTextW(page_control(0, IDC_RANGE_STATUS), status, 512);
            ok(status[0] && wcsstr(status, bad[b].says) != NULL, "\"%ls\"-\"%ls\": the page says \"%ls\" (wanted \"%ls\")",
               bad[b].low, bad[b].high, status, bad[b].says);
            world.log[0] = 0;
            PropSheet_Apply(world.sheet);
            pump(500);
            after = state_now();
            ok(!wcscmp(before, after) && !views_updated(), "Apply with \"%ls\"-\"%ls\" changed nothing and asked nothing",
               bad[b].low, bad[b].high);
            free(before);
            free(after);
        }
        before = NULL;
    }

    /* A range typed and applied: the worker runs the engine, the console is told. */
    SetWindowTextW(page_control(0, IDC_RANGE_LOW), L"5120");
    SetWindowTextW(page_control(0, IDC_RANGE_HIGH), L"5130");
    pump(200);
    memset(&q, 0, sizeof(q));
    thread = CreateThread(NULL, 0, answer_yes, &q, 0, NULL);
    world.log[0] = 0;
    PropSheet_Apply(world.sheet);
    WaitForSingleObject(thread, 30000);
    CloseHandle(thread);
    ok(q.answered, "Apply asked the dialog's question and was answered Yes: \"%ls\"", q.text);
    ok(wait_for(views_updated, 120000), "the run ended and the console refreshed every view: %s", world.log);
    screenshot_window(world.sheet, "snapin-page-progress-done");
    after = state_now();
    {
        WCHAR *std = lab_snapshot(LAB_LIST_STANDARD, &n), *dom = lab_snapshot(LAB_LIST_DOMAIN, &n);
        ok(wcsstr(after, L"range=5120-5130") != NULL, "the lab's FTP range is 5120-5130");
        ok(lab_count_ours(std, 5120, 5130) == 11 && lab_count_ours(dom, 5120, 5130) == 11,
           "our 11 exceptions are open in both profiles (%u, %u)", lab_count_ours(std, 5120, 5130),
           lab_count_ours(dom, 5120, 5130));
        ok(lab_count_ours(std, 5095, 5105) == 0 && lab_count_ours(dom, 5095, 5105) == 0,
           "the old range's exceptions of ours are gone");
        ok(lab_has_foreign(std) && lab_has_foreign(dom), "the foreign exceptions are untouched");
        free(std);
        free(dom);
    }
    free(after);
    free(before);
    ok(wcsstr(view_console.desc, L"passive range 5120-5130") != NULL, "the view shows the new range: \"%ls\"",
       view_console.desc);
    compare_with_pasvctl(comp, "after Apply in the property sheet");
    PropSheet_PressButton(world.sheet, PSBTN_CANCEL);
    pump(500);
    if (IsWindow(world.sheet))
        DestroyWindow(world.sheet);
    pump(500);
    world.sheet = NULL;

cleanup:
    if (menu)
        IExtendContextMenu_Release(menu);
    if (scope)
        IDataObject_Release(scope);
}

/* ---- "Remove our firewall exceptions...": the worker reads, the question, the run, the lab ---- */

static bool question_answered(void)
{
    return remove_question.answered;
}

static void check_remove(IComponent *comp, IComponentData *cd)
{
    IExtendContextMenu *menu = NULL;
    IDataObject *scope = NULL;
    HWND box = NULL;
    HANDLE thread;
    WCHAR *before, *after, *std, *dom;
    DWORD n;
    HRESULT hr;

    IComponentData_QueryDataObject(cd, 0, CCT_SCOPE, &scope);
    IComponent_QueryInterface(comp, &IID_IExtendContextMenu, (void **)&menu);
    before = state_now();
    ok(wcsstr(before, L"range=5120-5130") != NULL, "before Remove: the lab's FTP range is 5120-5130");
    memset(&remove_question, 0, sizeof(remove_question));
    thread = CreateThread(NULL, 0, answer_yes, &remove_question, 0, NULL);
    world.log[0] = 0;
    hr = menu ? IExtendContextMenu_Command(menu, SNAP_CMD_REMOVE, scope) : E_NOINTERFACE;
    EnumWindows(find_question, (LPARAM)&box);
    ok(hr == S_OK && !box, "IExtendContextMenu::Command(Remove) returned 0x%08lx at once, asking nothing on MMC's call "
       "(the question waits for the worker's snapshot)", (unsigned long)hr);
    ok(wait_for(question_answered, 60000), "Remove asked a Yes/No question and was answered Yes: \"%ls\"",
       remove_question.text);
    WaitForSingleObject(thread, 30000);
    CloseHandle(thread);
    ok(wcsstr(remove_question.text, L"Close 11 ports of ours in Windows Firewall; the FTP passive port range and "
              L"other programs' exceptions stay as they are.") != NULL,
       "the question says in one sentence what changes: \"%ls\"", remove_question.text);
    ok(wait_for(views_updated, 120000), "the run ended and the console refreshed every view: %s", world.log);
    after = state_now();
    std = lab_snapshot(LAB_LIST_STANDARD, &n);
    dom = lab_snapshot(LAB_LIST_DOMAIN, &n);
    ok(lab_count_ours(std, 1024, 65535) == 0 && lab_count_ours(dom, 1024, 65535) == 0,
       "every exception of ours is gone in both profiles (%u, %u left)", lab_count_ours(std, 1024, 65535),
       lab_count_ours(dom, 1024, 65535));
    ok(lab_has_foreign(std) && lab_has_foreign(dom), "the foreign exceptions (3389, 80, 5100) are untouched in both "
       "profiles");
    ok(wcsstr(after, L"range=5120-5130") != NULL, "the metabase's passive range is still 5120-5130");
    ok(wcsstr(view_console.desc, L"passive range 5120-5130") != NULL, "the refreshed view still shows the range: "
       "\"%ls\"", view_console.desc);
    compare_with_pasvctl(comp, "after Remove our firewall exceptions");
    check_row_images(comp, "after Remove our firewall exceptions");
    free(std);
    free(dom);
    free(after);
    free(before);
    if (menu)
        IExtendContextMenu_Release(menu);
    if (scope)
        IDataObject_Release(scope);
}

/* ---- sorting (IResultOwnerData) ---- */

static void check_sort(IComponent *comp)
{
    IResultOwnerData *od = NULL;
    HRESULT hr = IComponent_QueryInterface(comp, &IID_IResultOwnerData, (void **)&od);
    WCHAR first[16], last[16], a[64], b[64], seen[5][64];
    int n = view_console.item_count, k, runs = 1, distinct = 0, d;

    if (!ok(hr == S_OK, "the component has IResultOwnerData (0x%08lx)", (unsigned long)hr) || n < 2)
        return;
    hr = IResultOwnerData_SortItems(od, SNAP_COL_PORT, RSI_DESCENDING, 0);
    cell(comp, 0, SNAP_COL_PORT, first, 16);
    cell(comp, n - 1, SNAP_COL_PORT, last, 16);
    ok(hr == S_OK && _wtoi(first) > _wtoi(last), "sorted by port descending: %ls first, %ls last", first, last);
    hr = IResultOwnerData_SortItems(od, SNAP_COL_STATE, 0, 0);
    for (k = 0; k < n; k++) {
        cell(comp, k, SNAP_COL_STATE, b, 64);
        for (d = 0; d < distinct && wcscmp(seen[d], b); d++)
            ;
        if (d == distinct && distinct < 5)
            wcscpy(seen[distinct++], b);
        if (k > 0) {
            cell(comp, k - 1, SNAP_COL_STATE, a, 64);
            runs += wcscmp(a, b) != 0;
        }
    }
    ok(hr == S_OK && runs == distinct, "sorted by state: one run of rows per state (%d runs, %d states)", runs,
       distinct);
    hr = IResultOwnerData_SortItems(od, SNAP_COL_PORT, 0, 0);
    ok(hr == S_OK, "sorted back by port 0x%08lx", (unsigned long)hr);
    IResultOwnerData_Release(od);
}

/* ---- MMC's sequence ---- */

typedef HRESULT(WINAPI *can_unload_fn)(void);

static HRESULT can_unload(void)
{
    can_unload_fn fn = snap_dll ? (can_unload_fn)(void *)GetProcAddress(snap_dll, "DllCanUnloadNow") : NULL;
    return fn ? fn() : E_FAIL;
}

/* Initialize, the static node, MMCN_EXPAND; returns the node's HSCOPEITEM (0 on failure). */
static HSCOPEITEM open_snapin(IComponentData *cd)
{
    SCOPEDATAITEM sdi;
    HSCOPEITEM root;
    HRESULT hr = IComponentData_Initialize(cd, (IUnknown *)&cd_console.IConsole2_iface);

    if (!ok(hr == S_OK, "IComponentData::Initialize 0x%08lx", (unsigned long)hr))
        return 0;
    ok(fake_logged(&world, "QI(IConsole2)") && fake_logged(&world, "QI(IConsoleNameSpace2)"),
       "Initialize asked the console for IConsole2 and IConsoleNameSpace2: %s", world.log);
    ok(cd_console.scope_images.strips == 1 && cd_console.scope_images.small_w == 16 &&
       cd_console.scope_images.small_h == 16 && cd_console.scope_images.large_w == 32 &&
       cd_console.scope_images.large_h == 32, "the scope image list got one strip of 16x16 and 32x32 images "
       "(%d strips, %dx%d, %dx%d)", cd_console.scope_images.strips, cd_console.scope_images.small_w,
       cd_console.scope_images.small_h, cd_console.scope_images.large_w, cd_console.scope_images.large_h);
    check_data_object(cd, CCT_SNAPIN_MANAGER, "CCT_SNAPIN_MANAGER");
    check_data_object(cd, CCT_SCOPE, "CCT_SCOPE");

    root = fake_insert_static_node(&world); /* MMC inserts the static node itself */
    hr = IComponentData_Notify(cd, NULL, MMCN_EXPAND, TRUE, (LPARAM)root);
    ok(hr == S_OK, "MMCN_EXPAND 0x%08lx", (unsigned long)hr);
    ok(world.scope_count == 1 && !fake_logged(&world, "IConsoleNameSpace::InsertItem"),
       "MMCN_EXPAND inserted no child scope item (%d items)", world.scope_count);
    ok(world.scope[0].children_set && world.scope[0].children == 0, "the node says it has no children");
    memset(&sdi, 0, sizeof(sdi));
    sdi.mask = SDI_STR;
    sdi.ID = root;
    hr = IComponentData_GetDisplayInfo(cd, &sdi);
    ok(hr == S_OK && sdi.displayname && !wcscmp(sdi.displayname, L"FTP Passive Ports"),
       "the scope node is \"%ls\"", sdi.displayname ? sdi.displayname : L"(null)");
    return root;
}

/* CreateComponent, Initialize, GetResultViewType, MMCN_ADD_IMAGES, MMCN_SHOW. */
static IComponent *open_view(IComponentData *cd, HSCOPEITEM root)
{
    IComponent *comp = NULL;
    LPOLESTR view_type = (LPOLESTR)L"x";
    LONG options = -1;
    HRESULT hr = IComponentData_CreateComponent(cd, &comp);

    if (!ok(hr == S_OK && comp, "CreateComponent 0x%08lx", (unsigned long)hr))
        return NULL;
    world.views[world.view_count++] = comp;
    world.log[0] = 0;
    hr = IComponent_Initialize(comp, (IConsole *)&view_console.IConsole2_iface);
    ok(hr == S_OK, "IComponent::Initialize 0x%08lx", (unsigned long)hr);
    ok(fake_logged(&world, "QI(IResultData)") && fake_logged(&world, "QI(IHeaderCtrl2)"),
       "IComponent::Initialize asked for IResultData and IHeaderCtrl2: %s", world.log);
    hr = IComponent_GetResultViewType(comp, 0, &view_type, &options);
    ok((hr == S_OK || hr == S_FALSE) && view_type == NULL, "GetResultViewType: the standard list view (0x%08lx)",
       (unsigned long)hr);
    ok(options == MMC_VIEW_OPTIONS_OWNERDATALIST, "GetResultViewType: a virtual (owner-data) list (options 0x%lx)",
       (unsigned long)options);
    fake_images_init(&images);
    hr = IComponent_Notify(comp, NULL, MMCN_ADD_IMAGES, (LPARAM)&images.IImageList_iface, (LPARAM)root);
    ok(hr == S_OK && images.strips == 2 && images.small_w == 16 && images.large_w == 32 && images.refs == 1,
       "MMCN_ADD_IMAGES: the icon's strip, 16 and 32 pixels, and the states' strip, the list not kept (0x%08lx)",
       (unsigned long)hr);
    ok(images.state_start == SNAP_IMAGE_STATE && images.state_small_w == 16 * STATE_COUNT &&
       images.state_large_w == 32 * STATE_COUNT, "the states' strip: %d squares from image %d (%d, %d pixels wide)",
       STATE_COUNT, images.state_start, images.state_small_w, images.state_large_w);
    check_state_strip();
    hr = IComponent_Notify(comp, NULL, MMCN_SHOW, TRUE, (LPARAM)root);
    ok(hr == S_OK, "MMCN_SHOW(TRUE) 0x%08lx", (unsigned long)hr);
    ok(view_console.column_count == 4 && !wcscmp(view_console.columns[0], L"Port") &&
       !wcscmp(view_console.columns[1], L"State") && !wcscmp(view_console.columns[2], L"Profiles") &&
       !wcscmp(view_console.columns[3], L"Name"), "MMCN_SHOW inserted the columns Port, State, Profiles, Name (%d)",
       view_console.column_count);
    ok(!fake_logged(&world, "UNEXPECTED IResultData::InsertItem") && view_console.set_item_count_calls == 1,
       "MMCN_SHOW set the row count once, inserting no items (%s)", world.log);
    return comp;
}

static void check_verbs(IComponent *comp, IComponentData *cd)
{
    IDataObject *scope = NULL;
    HRESULT hr;

    IComponentData_QueryDataObject(cd, 0, CCT_SCOPE, &scope);
    fake_verbs_reset(&world.verbs); /* as MMC does before every MMCN_SELECT */
    hr = IComponent_Notify(comp, scope, MMCN_SELECT, MAKELONG(TRUE, TRUE), 0);
    ok(hr == S_OK, "MMCN_SELECT 0x%08lx", (unsigned long)hr);
    ok(fake_verb_enabled(&world.verbs, MMC_VERB_REFRESH), "MMCN_SELECT enabled Refresh");
    ok(fake_verb_enabled(&world.verbs, MMC_VERB_PROPERTIES), "MMCN_SELECT enabled Properties");
    ok(world.verbs.default_verb == MMC_VERB_PROPERTIES, "Properties is the default verb (double-click)");
    ok(world.verbs.refs == 1, "the console verb's references are given back (%ld)", (long)world.verbs.refs);
    if (scope)
        IDataObject_Release(scope);
}

static void check_refresh(IComponent *comp)
{
    HRESULT hr;
    DWORD code = run_ctl(L"apply 5095-5105 --yes");

    ok(code == 0, "pasvctl apply 5095-5105 --yes changed the lab (exit %lu)", code);
    world.log[0] = 0;
    hr = IComponent_Notify(comp, NULL, MMCN_REFRESH, 0, 0);
    ok(hr == S_OK, "MMCN_REFRESH 0x%08lx", (unsigned long)hr);
    ok(fake_logged(&world, "IConsole::UpdateAllViews") && fake_logged(&world, "MMCN_VIEW_CHANGE -> 0x00000000") &&
       fake_logged(&world, "IResultData::SetItemCount(11,"), "Refresh told every view through UpdateAllViews, "
       "which showed the 11 ports of the new range: %s", world.log);
    ok(wcsstr(view_console.desc, L"passive range 5095-5105") && wcsstr(view_console.desc, L"10 of 11 open") &&
       wcsstr(view_console.desc, L"1 foreign"), "the description bar says the new range: \"%ls\"", view_console.desc);
    compare_with_pasvctl(comp, "after Refresh");
}

static void step_console_sequence(void)
{
    IComponentData *cd = NULL;
    IComponent *comp = NULL;
    HSCOPEITEM root;
    HRESULT hr;
    ULONG refs;

    fake_console_init(&cd_console, &world);
    fake_console_init(&view_console, &world);
    hr = CoCreateInstance(&CLSID_PasvSnapin, NULL, CLSCTX_INPROC_SERVER, &IID_IComponentData, (void **)&cd);
    if (!ok(hr == S_OK && cd, "CoCreateInstance(the registered CLSID, IComponentData) 0x%08lx", (unsigned long)hr))
        return;
    snap_dll = GetModuleHandleW(L"pasvsnap.dll");
    ok(snap_dll != NULL, "COM loaded pasvsnap.dll from its InprocServer32");
    world.data = cd;
    root = open_snapin(cd);
    if (root && (comp = open_view(cd, root)) != NULL) {
        ok(wcsstr(view_console.desc, L"IIS 6.0") && wcsstr(view_console.desc, L"passive range 1025-5000") &&
           wcsstr(view_console.desc, L"Windows Firewall") && wcsstr(view_console.desc, L"0 of 3976 open") &&
           wcsstr(view_console.desc, L"1 foreign"), "the description bar has the server, the (default) range, the "
           "firewall and the totals: \"%ls\"", view_console.desc);
        compare_with_pasvctl(comp, "first MMCN_SHOW");
        check_row_images(comp, "first MMCN_SHOW");
        draw_pane(comp, "snapin-result-pane-default");
        check_verbs(comp, cd);
        check_menu(comp, cd);
        check_refresh(comp);
        check_change_notice();
        check_export(comp, cd);
        check_sheet(comp, cd);
        check_sort(comp);
        draw_pane(comp, "snapin-result-pane-applied");
        check_remove(comp, cd);
        draw_pane(comp, "snapin-result-pane-removed");
        drawn = NULL;
        hr = IComponent_Notify(comp, NULL, MMCN_SHOW, FALSE, (LPARAM)root);
        ok(hr == S_OK, "MMCN_SHOW(FALSE) 0x%08lx", (unsigned long)hr);
        hr = IComponent_Destroy(comp, 0);
        ok(hr == S_OK, "IComponent::Destroy 0x%08lx", (unsigned long)hr);
        world.view_count = 0;
        refs = IComponent_Release(comp);
        ok(refs == 0, "the component is gone after MMC's Release (%lu left)", refs);
    }
    ok(can_unload() == S_FALSE, "DllCanUnloadNow is S_FALSE while the component data lives");
    hr = IComponentData_Destroy(cd);
    ok(hr == S_OK, "IComponentData::Destroy 0x%08lx", (unsigned long)hr);
    refs = IComponentData_Release(cd);
    ok(refs == 0, "the component data is gone after MMC's Release (%lu left)", refs);
    ok(cd_console.refs == 1 && view_console.refs == 1, "every console reference was released (%ld, %ld)",
       (long)cd_console.refs, (long)view_console.refs);
    ok(cd_console.scope_images.refs == 1 && view_console.scope_images.refs == 1 && world.verbs.refs == 1,
       "image lists and verbs released (%ld, %ld, %ld)", (long)cd_console.scope_images.refs,
       (long)view_console.scope_images.refs, (long)world.verbs.refs);
    ok(world.unexpected == 0, "the snap-in made no call a snap-in of its kind should not make: %s", world.log);
    ok(can_unload() == S_OK, "DllCanUnloadNow is S_OK once every object is released");
    if (images.state_small)
        DeleteObject(images.state_small);
    images.state_small = NULL;
}

/* ---- ISnapinAbout ---- */

static void step_about(void)
{
    ISnapinAbout *about = NULL;
    LPOLESTR s = NULL;
    HICON icon = NULL;
    HBITMAP small = NULL, open = NULL, large = NULL;
    COLORREF mask = 0;
    ICONINFO ii;
    BITMAP b;
    HRESULT hr = CoCreateInstance(&CLSID_PasvSnapinAbout, NULL, CLSCTX_INPROC_SERVER, &IID_ISnapinAbout, (void **)&about);

    if (!ok(hr == S_OK && about, "CoCreateInstance(the About CLSID, ISnapinAbout) 0x%08lx", (unsigned long)hr))
        return;
    hr = ISnapinAbout_GetSnapinDescription(about, &s);
    ok(hr == S_OK && s && wcsstr(s, L"passive port range"), "description: \"%ls\"", s ? s : L"");
    CoTaskMemFree(s);
    s = NULL;
    hr = ISnapinAbout_GetProvider(about, &s);
    ok(hr == S_OK && s && !wcscmp(s, L"The pasvports developers"), "provider: \"%ls\"", s ? s : L"");
    CoTaskMemFree(s);
    s = NULL;
    hr = ISnapinAbout_GetSnapinVersion(about, &s);
    ok(hr == S_OK && s && !wcscmp(s, PASV_VERSION_WSTR), "version: \"%ls\"", s ? s : L"");
    CoTaskMemFree(s);
    hr = ISnapinAbout_GetSnapinImage(about, &icon);
    ok(hr == S_OK && icon && GetIconInfo(icon, &ii), "GetSnapinImage is an icon");
    if (icon && GetIconInfo(icon, &ii)) {
        ok(GetObjectW(ii.hbmColor ? ii.hbmColor : ii.hbmMask, sizeof(b), &b) && b.bmWidth == 32,
           "the About icon is 32 pixels wide (%ld)", (long)b.bmWidth);
        DeleteObject(ii.hbmColor);
        DeleteObject(ii.hbmMask);
    }
    hr = ISnapinAbout_GetStaticFolderImage(about, &small, &open, &large, &mask);
    ok(hr == S_OK && small && open && large && mask == RGB(255, 0, 255), "GetStaticFolderImage: three bitmaps and "
       "the mask colour");
    ok(small && GetObjectW(small, sizeof(b), &b) && b.bmWidth == 16 && b.bmHeight == 16, "small image 16x16");
    ok(large && GetObjectW(large, sizeof(b), &b) && b.bmWidth == 32 && b.bmHeight == 32, "large image 32x32");
    ok(can_unload() == S_FALSE, "DllCanUnloadNow is S_FALSE while the About object lives");
    ok(ISnapinAbout_Release(about) == 0, "the About object is gone after its Release");
    ok(can_unload() == S_OK, "DllCanUnloadNow is S_OK after the About object");
}

#include "snapin_iis10.c"

int wmain(int argc, WCHAR **argv)
{
    INITCOMMONCONTROLSEX icc = {sizeof(icc), ICC_LISTVIEW_CLASSES | ICC_STANDARD_CLASSES};
    HRESULT hr;

    if (argc < 3) {
        skip("usage: test_snapin PATH-TO-pasvsnap.dll PATH-TO-pasvctl.exe");
        return test_summary("snapin");
    }
    test_winpath(argv[1], dll_path, MAX_PATH);
    test_winpath(argv[2], ctl_path, MAX_PATH);
    hr = CoInitializeEx(NULL, COINIT_APARTMENTTHREADED); /* MMC's main thread is an STA */
    if (!ok(SUCCEEDED(hr), "CoInitializeEx(STA) 0x%08lx", (unsigned long)hr))
        return test_summary("snapin");
    InitCommonControlsEx(&icc);
    fake_world_init(&world);
    make_pane();

    if (step_register()) {
        if (argc > 3 && !wcscmp(argv[3], L"iis10")) {
            step_console_sequence_iis10();
        } else {
            step_console_sequence();
            step_about();
        }
        step_unregister();
    }
    DestroyWindow(pane);
    CoUninitialize();
    return test_summary("snapin");
}
