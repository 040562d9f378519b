/* pasvports lab: tests of lab_abo.dll through real COM activation, across separate processes.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 *   test_abo.exe all           the suite (spawns itself as child processes)
 *   test_abo.exe classnotreg   CoCreateInstance(CLSID_MSAdminBase) must be REGDB_E_CLASSNOTREG
 *   test_abo.exe child ...     helper modes used by "all" (see child_main) */
#include <windows.h>
#include <ole2.h>
#include <initguid.h>
#include <iadmw.h>      /* no COBJMACROS: mingw-w64 10's iadmw.h line 603 lacks a '#' */
#include <iiscnfg.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include "testlib.h"

#define FTP L"/LM/MSFTPSVC"
#define TIMEOUT 200
#define HR_PATH_BUSY HRESULT_FROM_WIN32(ERROR_PATH_BUSY)
#define HR_PATH_NOT_FOUND HRESULT_FROM_WIN32(ERROR_PATH_NOT_FOUND)
#define HR_INSUFFICIENT HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER)
#define HR_NO_MORE HRESULT_FROM_WIN32(ERROR_NO_MORE_ITEMS)
#define LOC L"pasvlabtest"
#define HR_DATA_NOT_FOUND ((HRESULT)MD_ERROR_DATA_NOT_FOUND)

static HRESULT create_abo(IMSAdminBaseW **abo)
{
    *abo = NULL;
    return CoCreateInstance(&CLSID_MSAdminBase_W, NULL, CLSCTX_ALL, &IID_IMSAdminBase_W, (void **)abo);
}

static HRESULT get_string(IMSAdminBaseW *abo, METADATA_HANDLE h, const WCHAR *path, DWORD id,
                          WCHAR *buf, DWORD count, METADATA_RECORD *out)
{
    METADATA_RECORD r = { id, METADATA_INHERIT, IIS_MD_UT_SERVER, STRING_METADATA,
                          count * sizeof(WCHAR), (BYTE *)buf, 0 };
    DWORD req = 0;
    HRESULT hr = abo->lpVtbl->GetData(abo, h, path, &r, &req);
    if (out)
        *out = r;
    return hr;
}

static HRESULT get_dword(IMSAdminBaseW *abo, const WCHAR *path, DWORD id, DWORD *value)
{
    METADATA_RECORD r = { id, METADATA_NO_ATTRIBUTES, IIS_MD_UT_SERVER, DWORD_METADATA,
                          sizeof(DWORD), (BYTE *)value, 0 };
    DWORD req = 0;
    return abo->lpVtbl->GetData(abo, METADATA_MASTER_ROOT_HANDLE, path, &r, &req);
}

static HRESULT set_string(IMSAdminBaseW *abo, METADATA_HANDLE h, const WCHAR *path, DWORD id, const WCHAR *s)
{
    METADATA_RECORD r = { id, METADATA_INHERIT, IIS_MD_UT_SERVER, STRING_METADATA,
                          (DWORD)((wcslen(s) + 1) * sizeof(WCHAR)), (BYTE *)s, 0 };
    return abo->lpVtbl->SetData(abo, h, path, &r);
}

static HRESULT set_dword(IMSAdminBaseW *abo, METADATA_HANDLE h, const WCHAR *path, DWORD id, DWORD v)
{
    METADATA_RECORD r = { id, METADATA_NO_ATTRIBUTES, IIS_MD_UT_SERVER, DWORD_METADATA, sizeof(v), (BYTE *)&v, 0 };
    return abo->lpVtbl->SetData(abo, h, path, &r);
}

/* Writes PassivePortRange the way the product does: OpenKey(write), SetData, CloseKey. */
static HRESULT write_range(IMSAdminBaseW *abo, const WCHAR *s)
{
    METADATA_HANDLE h;
    HRESULT hr = abo->lpVtbl->OpenKey(abo, METADATA_MASTER_ROOT_HANDLE, FTP,
                                      METADATA_PERMISSION_READ | METADATA_PERMISSION_WRITE, 10000, &h);
    if (FAILED(hr))
        return hr;
    hr = s ? set_string(abo, h, L"", MD_PASSIVE_PORT_RANGE, s)
           : abo->lpVtbl->DeleteData(abo, h, L"", MD_PASSIVE_PORT_RANGE, ALL_METADATA);
    abo->lpVtbl->CloseKey(abo, h);
    return hr;
}

static void set_knob(const WCHAR *name, DWORD value, BOOL present)
{
    HKEY key;
    if (RegCreateKeyExW(HKEY_LOCAL_MACHINE, L"SOFTWARE\\PasvLab\\Metabase", 0, NULL, 0, KEY_WRITE, NULL, &key, NULL))
        return;
    if (present)
        RegSetValueExW(key, name, 0, REG_DWORD, (const BYTE *)&value, sizeof(value));
    else
        RegDeleteValueW(key, name);
    RegCloseKey(key);
}

/* Runs this exe with "child ARGS" (or any command line) and returns its exit code. */
static DWORD run(const WCHAR *cmdline)
{
    WCHAR cmd[2048];
    STARTUPINFOW si;
    PROCESS_INFORMATION pi;
    DWORD code = 0xdead;
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    lstrcpynW(cmd, cmdline, ARRAYSIZE(cmd));
    if (!CreateProcessW(NULL, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi))
        return 0xbad;
    if (WaitForSingleObject(pi.hProcess, 60000) == WAIT_OBJECT_0)
        GetExitCodeProcess(pi.hProcess, &code);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    return code;
}

static DWORD run_child(const WCHAR *args)
{
    WCHAR self[MAX_PATH], cmd[2048];
    GetModuleFileNameW(NULL, self, MAX_PATH);
    _snwprintf(cmd, ARRAYSIZE(cmd), L"\"%ls\" child %ls", self, args);
    cmd[ARRAYSIZE(cmd) - 1] = 0;
    return run(cmd);
}

static HANDLE start_child(const WCHAR *args)
{
    WCHAR self[MAX_PATH], cmd[2048];
    STARTUPINFOW si;
    PROCESS_INFORMATION pi;
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    GetModuleFileNameW(NULL, self, MAX_PATH);
    _snwprintf(cmd, ARRAYSIZE(cmd), L"\"%ls\" child %ls", self, args);
    cmd[ARRAYSIZE(cmd) - 1] = 0;
    if (!CreateProcessW(NULL, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi))
        return NULL;
    CloseHandle(pi.hThread);
    return pi.hProcess;
}

static DWORD wait_child(HANDLE p)
{
    DWORD code = 0xdead;
    if (!p)
        return 0xbad;
    if (WaitForSingleObject(p, 60000) == WAIT_OBJECT_0)
        GetExitCodeProcess(p, &code);
    CloseHandle(p);
    return code;
}

static char *read_file(const WCHAR *path)
{
    HANDLE h = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                           OPEN_EXISTING, 0, NULL);
    DWORD size, got = 0;
    char *buf;
    if (h == INVALID_HANDLE_VALUE)
        return NULL;
    size = GetFileSize(h, NULL);
    buf = calloc(1, size + 1);
    if (buf)
        ReadFile(h, buf, size, &got, NULL);
    CloseHandle(h);
    return buf;
}

static void inetsrv(const WCHAR *name, WCHAR *out)
{
    GetSystemDirectoryW(out, MAX_PATH);
    wcscat(out, L"\\inetsrv\\");
    wcscat(out, name);
}

static BOOL file_exists(const WCHAR *name)
{
    WCHAR p[MAX_PATH];
    inetsrv(name, p);
    return GetFileAttributesW(p) != INVALID_FILE_ATTRIBUTES;
}

/* The element <TAG ... Location="LOC" ...> in MetaBase.xml contains ATTR="VALUE" before its '>'. */
static BOOL xml_has(const char *xml, const char *tag, const char *loc, const char *attr)
{
    char open[64], where[128];
    const char *p = xml;
    snprintf(open, sizeof(open), "<%s", tag);
    snprintf(where, sizeof(where), "Location=\"%s\"", loc);
    while ((p = strstr(p, open))) {
        const char *end = strchr(p, '>');
        const char *l = strstr(p, where), *a = strstr(p, attr);
        if (!end)
            return FALSE;
        if (l && l < end)
            return a && a < end;
        p = end;
    }
    return FALSE;
}

/* ---- child modes ---- */

static int child_main(int argc, WCHAR **argv)
{
    IMSAdminBaseW *abo;
    WCHAR buf[64];
    METADATA_HANDLE h;
    HRESULT hr;
    int rc = 1;
    CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);
    hr = create_abo(&abo);
    if (argc >= 3 && !wcscmp(argv[2], L"create"))
        rc = hr == S_OK ? 0 : hr == REGDB_E_CLASSNOTREG ? 3 : 1;
    else if (FAILED(hr))
        rc = 100;
    else if (argc >= 4 && !wcscmp(argv[2], L"read")) {
        /* read EXPECTED|-: 0 when PassivePortRange equals EXPECTED ("-" = unset) */
        hr = get_string(abo, METADATA_MASTER_ROOT_HANDLE, FTP, MD_PASSIVE_PORT_RANGE, buf, 64, NULL);
        if (!wcscmp(argv[3], L"-"))
            rc = hr == HR_DATA_NOT_FOUND ? 0 : 2;
        else
            rc = hr == S_OK && !wcscmp(buf, argv[3]) ? 0 : 2;
    } else if (argc >= 4 && !wcscmp(argv[2], L"write")) {
        rc = write_range(abo, argv[3]) == S_OK ? 0 : 2;
    } else if (argc >= 4 && !wcscmp(argv[2], L"holdwrite")) {
        /* holdwrite MS|exit: hold a write handle on /LM/MSFTPSVC, signal the parent, then close
         * it after MS ms, or ("exit") exit without closing it */
        HANDLE held = CreateEventW(NULL, TRUE, FALSE, L"PasvLabTestHeld");
        hr = abo->lpVtbl->OpenKey(abo, METADATA_MASTER_ROOT_HANDLE, FTP, METADATA_PERMISSION_WRITE, 10000, &h);
        if (hr == S_OK) {
            SetEvent(held);
            if (!wcscmp(argv[3], L"exit"))
                ExitProcess(0);
            Sleep(_wtoi(argv[3]));
            abo->lpVtbl->CloseKey(abo, h);
            rc = 0;
        }
        CloseHandle(held);
    } else if (argc >= 5 && !wcscmp(argv[2], L"hammer")) {
        /* hammer VALUE N: N write+read rounds racing another process; every call must succeed
         * and every read must give one of the two racing values */
        int n = _wtoi(argv[4]);
        rc = 0;
        for (int i = 0; i < n && !rc; i++) {
            if (write_range(abo, argv[3]) != S_OK)
                rc = 2;
            else if (get_string(abo, METADATA_MASTER_ROOT_HANDLE, FTP, MD_PASSIVE_PORT_RANGE, buf, 64, NULL) != S_OK ||
                     (wcscmp(buf, L"5001-5201") && wcscmp(buf, L"6001-6201")))
                rc = 3;
        }
    } else if (argc >= 3 && !wcscmp(argv[2], L"openwrite")) {
        /* 0 = S_OK, 5 = E_ACCESSDENIED */
        hr = abo->lpVtbl->OpenKey(abo, METADATA_MASTER_ROOT_HANDLE, FTP, METADATA_PERMISSION_WRITE, TIMEOUT, &h);
        rc = hr == S_OK ? 0 : hr == E_ACCESSDENIED ? 5 : 2;
        if (hr == S_OK)
            abo->lpVtbl->CloseKey(abo, h);
    }
    if (abo)
        abo->lpVtbl->Release(abo);
    CoUninitialize();
    return rc;
}

/* ---- the suite ---- */

static void test_activation(IMSAdminBaseW *abo)
{
    IUnknown *unk = NULL;
    void *p = NULL;
    ok(abo->lpVtbl->QueryInterface(abo, &IID_IUnknown, (void **)&unk) == S_OK, "QI IUnknown");
    if (unk)
        unk->lpVtbl->Release(unk);
    ok(abo->lpVtbl->QueryInterface(abo, &IID_IMSAdminBase2_W, &p) == E_NOINTERFACE && !p, "QI IMSAdminBase2 -> E_NOINTERFACE");
    ok(abo->lpVtbl->QueryInterface(abo, &IID_IMSAdminBase3_W, &p) == E_NOINTERFACE && !p, "QI IMSAdminBase3 -> E_NOINTERFACE");
}

static void test_defaults(IMSAdminBaseW *abo)
{
    WCHAR buf[64];
    DWORD d = 0xdead;
    HRESULT hr;
    hr = get_string(abo, METADATA_MASTER_ROOT_HANDLE, FTP, MD_PASSIVE_PORT_RANGE, buf, 64, NULL);
    ok(hr == HR_DATA_NOT_FOUND, "unset PassivePortRange: got 0x%08lx, want 0x800CC801", hr);
    hr = get_dword(abo, L"/LM", MD_ROOT_ENABLE_HISTORY, &d);
    ok(hr == S_OK && d == 1, "/LM EnableHistory: 0x%08lx %lu, want 1", hr, d);
    d = 0xdead;
    hr = get_dword(abo, L"/LM", MD_ROOT_ENABLE_EDIT_WHILE_RUNNING, &d);
    ok(hr == S_OK && d == 0, "/LM EnableEditWhileRunning: 0x%08lx %lu, want 0", hr, d);
    hr = get_string(abo, METADATA_MASTER_ROOT_HANDLE, FTP, MD_KEY_TYPE, buf, 64, NULL);
    ok(hr == S_OK && !wcscmp(buf, L"IIsFtpService"), "KeyType of /LM/MSFTPSVC: 0x%08lx %ls", hr, hr == S_OK ? buf : L"");
    ok(run_child(L"read -") == 0, "another process also sees PassivePortRange unset");
}

static void test_errors(IMSAdminBaseW *abo)
{
    METADATA_HANDLE h = 0, h2 = 0, ro = 0;
    WCHAR buf[64];
    DWORD t0;
    HRESULT hr;

    hr = abo->lpVtbl->OpenKey(abo, METADATA_MASTER_ROOT_HANDLE, L"/LM/NOSUCH", METADATA_PERMISSION_READ, TIMEOUT, &h);
    ok(hr == HR_PATH_NOT_FOUND, "OpenKey bad path: 0x%08lx, want 0x80070003", hr);
    hr = get_string(abo, METADATA_MASTER_ROOT_HANDLE, L"/LM/NOSUCH", MD_PASSIVE_PORT_RANGE, buf, 64, NULL);
    ok(hr == HR_PATH_NOT_FOUND, "GetData bad path: 0x%08lx", hr);

    /* SetData: master root handle and read-only handle -> E_ACCESSDENIED (ms525811) */
    hr = set_string(abo, METADATA_MASTER_ROOT_HANDLE, FTP, MD_PASSIVE_PORT_RANGE, L"5001-5201");
    ok(hr == E_ACCESSDENIED, "SetData with METADATA_MASTER_ROOT_HANDLE: 0x%08lx", hr);
    hr = abo->lpVtbl->OpenKey(abo, METADATA_MASTER_ROOT_HANDLE, FTP, METADATA_PERMISSION_READ, TIMEOUT, &ro);
    ok(hr == S_OK, "OpenKey read: 0x%08lx", hr);
    hr = set_string(abo, ro, L"", MD_PASSIVE_PORT_RANGE, L"5001-5201");
    ok(hr == E_ACCESSDENIED, "SetData with a read-only handle: 0x%08lx", hr);
    hr = set_string(abo, 0x7777777, L"", MD_PASSIVE_PORT_RANGE, L"5001-5201");
    ok(hr == E_HANDLE, "SetData with an unknown handle: 0x%08lx", hr);

    /* read handles share; a write request waits for the timeout, then ERROR_PATH_BUSY */
    hr = abo->lpVtbl->OpenKey(abo, METADATA_MASTER_ROOT_HANDLE, FTP, METADATA_PERMISSION_READ, TIMEOUT, &h2);
    ok(hr == S_OK, "second read handle on the same key: 0x%08lx", hr);
    if (hr == S_OK)
        abo->lpVtbl->CloseKey(abo, h2);
    t0 = GetTickCount();
    hr = abo->lpVtbl->OpenKey(abo, METADATA_MASTER_ROOT_HANDLE, L"/LM/MSFTPSVC/1", METADATA_PERMISSION_WRITE, TIMEOUT, &h2);
    ok(hr == HR_PATH_BUSY, "write on a child of a read-open key: 0x%08lx", hr);
    ok(GetTickCount() - t0 >= TIMEOUT - 20, "OpenKey waited the timeout (%lu ms)", GetTickCount() - t0);
    ok(abo->lpVtbl->CloseKey(abo, ro) == S_OK, "CloseKey");
    ok(abo->lpVtbl->CloseKey(abo, ro) == E_HANDLE, "CloseKey twice -> E_HANDLE");

    hr = abo->lpVtbl->OpenKey(abo, METADATA_MASTER_ROOT_HANDLE, FTP, METADATA_PERMISSION_READ | METADATA_PERMISSION_WRITE, TIMEOUT, &h);
    ok(hr == S_OK, "OpenKey write: 0x%08lx", hr);
    hr = abo->lpVtbl->OpenKey(abo, METADATA_MASTER_ROOT_HANDLE, FTP, METADATA_PERMISSION_READ, TIMEOUT, &h2);
    ok(hr == HR_PATH_BUSY, "read on a write-open key: 0x%08lx, want 0x80070094", hr);
    hr = abo->lpVtbl->OpenKey(abo, METADATA_MASTER_ROOT_HANDLE, L"/LM", METADATA_PERMISSION_READ, TIMEOUT, &h2);
    ok(hr == HR_PATH_BUSY, "read on the parent of a write-open key: 0x%08lx", hr);
    hr = abo->lpVtbl->OpenKey(abo, METADATA_MASTER_ROOT_HANDLE, L"/LM/MSFTPSVC/1", METADATA_PERMISSION_READ, TIMEOUT, &h2);
    ok(hr == HR_PATH_BUSY, "read on a child of a write-open key: 0x%08lx", hr);
    hr = abo->lpVtbl->OpenKey(abo, METADATA_MASTER_ROOT_HANDLE, L"/LM/W3SVC", METADATA_PERMISSION_READ | METADATA_PERMISSION_WRITE, TIMEOUT, &h2);
    ok(hr == S_OK, "write on a sibling: 0x%08lx", hr);
    if (hr == S_OK)
        abo->lpVtbl->CloseKey(abo, h2);

    hr = set_string(abo, h, L"", MD_PASSIVE_PORT_RANGE, L"5001-5201");
    ok(hr == S_OK, "SetData PassivePortRange: 0x%08lx", hr);
    hr = abo->lpVtbl->SaveData(abo);
    ok(hr == HR_PATH_BUSY, "SaveData with a write handle open: 0x%08lx, want 0x80070094", hr);
    hr = abo->lpVtbl->Backup(abo, LOC, MD_BACKUP_NEXT_VERSION, MD_BACKUP_SAVE_FIRST);
    ok(hr == HR_PATH_BUSY, "Backup SAVE_FIRST with a write handle open: 0x%08lx", hr);
    ok(!file_exists(L"MetaBack\\" LOC L".MD0"), "no backup made when the save failed");
    hr = abo->lpVtbl->Backup(abo, LOC, MD_BACKUP_NEXT_VERSION, MD_BACKUP_SAVE_FIRST | MD_BACKUP_FORCE_BACKUP);
    ok(SUCCEEDED(hr), "Backup SAVE_FIRST|FORCE_BACKUP with a write handle open: 0x%08lx", hr);
    ok(hr == MD_WARNING_SAVE_FAILED, "... reports MD_WARNING_SAVE_FAILED: 0x%08lx", hr);
    ok(file_exists(L"MetaBack\\" LOC L".MD0") && file_exists(L"MetaBack\\" LOC L".SC0"), "forced backup made version 0");
    ok(abo->lpVtbl->CloseKey(abo, h) == S_OK, "CloseKey write handle");
    hr = abo->lpVtbl->SaveData(abo);
    ok(hr == S_OK, "SaveData after CloseKey: 0x%08lx", hr);

    /* buffer too small -> ERROR_INSUFFICIENT_BUFFER with the byte count incl. NUL */
    {
        WCHAR small[4];
        METADATA_RECORD r = { MD_PASSIVE_PORT_RANGE, METADATA_INHERIT, IIS_MD_UT_SERVER, STRING_METADATA,
                              sizeof(small), (BYTE *)small, 0 };
        DWORD req = 0;
        hr = abo->lpVtbl->GetData(abo, METADATA_MASTER_ROOT_HANDLE, FTP, &r, &req);
        ok(hr == HR_INSUFFICIENT, "small buffer: 0x%08lx, want 0x8007007A", hr);
        ok(req == 20, "required length %lu, want 20 bytes", req);
    }
}

static void test_read_write(IMSAdminBaseW *abo)
{
    WCHAR buf[64];
    WCHAR path[MAX_PATH];
    METADATA_RECORD r;
    DWORD scn1 = 0, scn2 = 0;
    HRESULT hr;
    char *xml;

    hr = get_string(abo, METADATA_MASTER_ROOT_HANDLE, FTP, MD_PASSIVE_PORT_RANGE, buf, 64, &r);
    ok(hr == S_OK && !wcscmp(buf, L"5001-5201"), "read back: 0x%08lx", hr);
    ok(r.dwMDDataType == STRING_METADATA && r.dwMDUserType == IIS_MD_UT_SERVER &&
       r.dwMDAttributes == METADATA_INHERIT && r.dwMDDataLen == 20,
       "record: type %lu utype %lu attrs 0x%lx len %lu", r.dwMDDataType, r.dwMDUserType, r.dwMDAttributes, r.dwMDDataLen);
    {
        METADATA_RECORD a = { MD_PASSIVE_PORT_RANGE, 0, ALL_METADATA, ALL_METADATA, sizeof(buf), (BYTE *)buf, 0 };
        DWORD req;
        hr = abo->lpVtbl->GetData(abo, METADATA_MASTER_ROOT_HANDLE, FTP, &a, &req);
        ok(hr == S_OK && a.dwMDDataType == STRING_METADATA, "GetData ALL_METADATA: 0x%08lx", hr);
        a.dwMDDataType = DWORD_METADATA;
        a.dwMDDataLen = sizeof(buf);
        hr = abo->lpVtbl->GetData(abo, METADATA_MASTER_ROOT_HANDLE, FTP, &a, &req);
        ok(hr == HR_DATA_NOT_FOUND, "GetData with the wrong type: 0x%08lx", hr);
    }
    /* inheritance: the site below /LM/MSFTPSVC inherits the INHERIT-flagged value */
    hr = get_string(abo, METADATA_MASTER_ROOT_HANDLE, FTP L"/1", MD_PASSIVE_PORT_RANGE, buf, 64, &r);
    ok(hr == S_OK && !wcscmp(buf, L"5001-5201") && (r.dwMDAttributes & METADATA_ISINHERITED),
       "inherited at /LM/MSFTPSVC/1: 0x%08lx attrs 0x%lx", hr, r.dwMDAttributes);
    {
        METADATA_RECORD n = { MD_PASSIVE_PORT_RANGE, 0, IIS_MD_UT_SERVER, STRING_METADATA, sizeof(buf), (BYTE *)buf, 0 };
        DWORD req;
        hr = abo->lpVtbl->GetData(abo, METADATA_MASTER_ROOT_HANDLE, FTP L"/1", &n, &req);
        ok(hr == HR_DATA_NOT_FOUND, "not inherited without METADATA_INHERIT: 0x%08lx", hr);
    }

    /* across processes: B reads what A wrote, A reads what B wrote */
    ok(run_child(L"read 5001-5201") == 0, "another process reads 5001-5201");
    ok(abo->lpVtbl->GetSystemChangeNumber(abo, &scn1) == S_OK, "GetSystemChangeNumber");
    ok(run_child(L"write 5002-5202") == 0, "another process writes 5002-5202");
    hr = get_string(abo, METADATA_MASTER_ROOT_HANDLE, FTP, MD_PASSIVE_PORT_RANGE, buf, 64, NULL);
    ok(hr == S_OK && !wcscmp(buf, L"5002-5202"), "this process sees the other's write: 0x%08lx %ls", hr, hr == S_OK ? buf : L"");
    ok(abo->lpVtbl->GetSystemChangeNumber(abo, &scn2) == S_OK && scn2 > scn1, "change number grew: %lu -> %lu", scn1, scn2);

    /* MetaBase.xml holds it (write-through) */
    inetsrv(L"MetaBase.xml", path);
    xml = read_file(path);
    ok(xml != NULL, "MetaBase.xml exists");
    if (xml) {
        ok(xml_has(xml, "IIsFtpService", "/LM/MSFTPSVC", "PassivePortRange=\"5002-5202\""), "MetaBase.xml: IIsFtpService PassivePortRange");
        ok(xml_has(xml, "IIsComputer", "/LM", "EnableHistory=\"1\""), "MetaBase.xml: IIsComputer EnableHistory=1");
        ok(xml_has(xml, "IIsComputer", "/LM", "EnableEditWhileRunning=\"0\""), "MetaBase.xml: IIsComputer EnableEditWhileRunning=0");
        ok(strstr(xml, "<configuration") && strstr(xml, "<MBProperty>"), "MetaBase.xml shape");
        free(xml);
    }
}

/* Handles are machine-wide as in inetinfo: another process's write handle blocks this one. */
static void test_cross_process_locks(IMSAdminBaseW *abo)
{
    HANDLE held = CreateEventW(NULL, TRUE, FALSE, L"PasvLabTestHeld");
    METADATA_HANDLE h;
    HANDLE child;
    DWORD t0;
    HRESULT hr;

    ResetEvent(held);
    child = start_child(L"holdwrite 1500");
    ok(WaitForSingleObject(held, 30000) == WAIT_OBJECT_0, "child holds a write handle");
    hr = abo->lpVtbl->OpenKey(abo, METADATA_MASTER_ROOT_HANDLE, FTP, METADATA_PERMISSION_READ, TIMEOUT, &h);
    ok(hr == HR_PATH_BUSY, "another process's write handle: OpenKey read -> 0x%08lx, want 0x80070094", hr);
    hr = abo->lpVtbl->OpenKey(abo, METADATA_MASTER_ROOT_HANDLE, L"/LM", METADATA_PERMISSION_READ, TIMEOUT, &h);
    ok(hr == HR_PATH_BUSY, "... and on its parent: 0x%08lx", hr);
    hr = abo->lpVtbl->SaveData(abo);
    ok(hr == HR_PATH_BUSY, "SaveData while another process has a write handle: 0x%08lx", hr);
    t0 = GetTickCount();
    hr = abo->lpVtbl->OpenKey(abo, METADATA_MASTER_ROOT_HANDLE, FTP, METADATA_PERMISSION_READ, 20000, &h);
    ok(hr == S_OK, "OpenKey waits until the other process closes its handle: 0x%08lx after %lu ms", hr, GetTickCount() - t0);
    if (hr == S_OK)
        abo->lpVtbl->CloseKey(abo, h);
    ok(wait_child(child) == 0, "holdwrite child");

    ResetEvent(held);
    child = start_child(L"holdwrite exit");
    ok(WaitForSingleObject(held, 30000) == WAIT_OBJECT_0, "child holds a write handle and exits");
    ok(wait_child(child) == 0, "holdwrite exit child");
    hr = abo->lpVtbl->OpenKey(abo, METADATA_MASTER_ROOT_HANDLE, FTP, METADATA_PERMISSION_WRITE, TIMEOUT, &h);
    ok(hr == S_OK, "a dead process's handle does not block: 0x%08lx", hr);
    if (hr == S_OK)
        abo->lpVtbl->CloseKey(abo, h);
    CloseHandle(held);
}

/* Two processes writing at once: every call succeeds and the store never tears. */
static void test_concurrent_writers(IMSAdminBaseW *abo)
{
    WCHAR buf[64];
    HANDLE a = start_child(L"hammer 5001-5201 25"), b = start_child(L"hammer 6001-6201 25");
    DWORD ra = wait_child(a), rb = wait_child(b);
    HRESULT hr;
    ok(ra == 0 && rb == 0, "concurrent writers: exit codes %lu %lu", ra, rb);
    hr = get_string(abo, METADATA_MASTER_ROOT_HANDLE, FTP, MD_PASSIVE_PORT_RANGE, buf, 64, NULL);
    ok(hr == S_OK && (!wcscmp(buf, L"5001-5201") || !wcscmp(buf, L"6001-6201")), "final value is one writer's: 0x%08lx", hr);
}

static void test_enum(IMSAdminBaseW *abo)
{
    WCHAR name[METADATA_MAX_NAME_LEN];
    WCHAR buf[64];
    METADATA_RECORD r;
    DWORD req, seen = 0;
    HRESULT hr;
    hr = abo->lpVtbl->EnumKeys(abo, METADATA_MASTER_ROOT_HANDLE, FTP, name, 0);
    ok(hr == S_OK && !wcscmp(name, L"1"), "EnumKeys 0 of /LM/MSFTPSVC: 0x%08lx", hr);
    hr = abo->lpVtbl->EnumKeys(abo, METADATA_MASTER_ROOT_HANDLE, FTP, name, 1);
    ok(hr == HR_NO_MORE, "EnumKeys end: 0x%08lx, want 0x80070103", hr);
    hr = abo->lpVtbl->EnumKeys(abo, METADATA_MASTER_ROOT_HANDLE, L"/LM/NOSUCH", name, 0);
    ok(hr == HR_PATH_NOT_FOUND, "EnumKeys bad path: 0x%08lx", hr);
    for (DWORD i = 0;; i++) {
        memset(&r, 0, sizeof(r));
        r.dwMDDataLen = sizeof(buf);
        r.pbMDData = (BYTE *)buf;
        hr = abo->lpVtbl->EnumData(abo, METADATA_MASTER_ROOT_HANDLE, FTP, &r, i, &req);
        if (hr != S_OK)
            break;
        if (r.dwMDIdentifier == MD_PASSIVE_PORT_RANGE)
            seen++;
    }
    ok(hr == HR_NO_MORE && seen == 1, "EnumData lists PassivePortRange once, ends 0x%08lx", hr);
}

static void test_delete(IMSAdminBaseW *abo)
{
    METADATA_HANDLE h;
    WCHAR buf[64];
    HRESULT hr;
    hr = abo->lpVtbl->OpenKey(abo, METADATA_MASTER_ROOT_HANDLE, FTP, METADATA_PERMISSION_WRITE, TIMEOUT, &h);
    ok(hr == S_OK, "OpenKey write: 0x%08lx", hr);
    if (hr != S_OK)
        return;
    ok(abo->lpVtbl->DeleteData(abo, h, L"", MD_PASSIVE_PORT_RANGE, ALL_METADATA) == S_OK, "DeleteData");
    hr = abo->lpVtbl->DeleteData(abo, h, L"", MD_PASSIVE_PORT_RANGE, ALL_METADATA);
    ok(hr == HR_DATA_NOT_FOUND, "DeleteData again: 0x%08lx", hr);
    abo->lpVtbl->CloseKey(abo, h);
    hr = get_string(abo, METADATA_MASTER_ROOT_HANDLE, FTP, MD_PASSIVE_PORT_RANGE, buf, 64, NULL);
    ok(hr == HR_DATA_NOT_FOUND, "unset again: 0x%08lx", hr);
}

static void test_backup_restore(IMSAdminBaseW *abo)
{
    WCHAR loc[MD_BACKUP_MAX_LEN + 1], buf[64];
    DWORD ver, n;
    FILETIME ft;
    HRESULT hr;

    ok(write_range(abo, L"5001-5201") == S_OK, "write 5001-5201");
    hr = abo->lpVtbl->Backup(abo, LOC, MD_BACKUP_NEXT_VERSION, MD_BACKUP_SAVE_FIRST | MD_BACKUP_FORCE_BACKUP);
    ok(hr == S_OK, "Backup NEXT_VERSION: 0x%08lx", hr);
    ok(file_exists(L"MetaBack\\" LOC L".MD1") && file_exists(L"MetaBack\\" LOC L".SC1"), "version 1 files");
    hr = abo->lpVtbl->Backup(abo, LOC, 1, 0);
    ok(FAILED(hr), "Backup over an existing version without OVERWRITE fails: 0x%08lx", hr);
    hr = abo->lpVtbl->Backup(abo, LOC, 1, MD_BACKUP_OVERWRITE);
    ok(hr == S_OK, "Backup with OVERWRITE: 0x%08lx", hr);
    hr = abo->lpVtbl->Backup(abo, LOC, MD_BACKUP_MAX_VERSION + 1, 0);
    ok(hr == E_INVALIDARG, "Backup version > MD_BACKUP_MAX_VERSION: 0x%08lx", hr);
    hr = abo->lpVtbl->Backup(abo, L"", MD_BACKUP_NEXT_VERSION, MD_BACKUP_SAVE_FIRST);
    ok(hr == S_OK && file_exists(L"MetaBack\\MDBackUp.MD0"), "empty location = MDBackUp: 0x%08lx", hr);

    /* EnumBackups of one location: versions 0 and 1, then ERROR_NO_MORE_ITEMS */
    for (n = 0;; n++) {
        wcscpy(loc, LOC);
        hr = abo->lpVtbl->EnumBackups(abo, loc, &ver, &ft, n);
        if (hr != S_OK)
            break;
        ok(ver == n && !wcscmp(loc, LOC), "EnumBackups %lu: version %lu", n, ver);
    }
    ok(n == 2 && hr == HR_NO_MORE, "EnumBackups: %lu entries, end 0x%08lx", n, hr);
    for (n = 0;; n++) {
        loc[0] = 0;
        if (abo->lpVtbl->EnumBackups(abo, loc, &ver, &ft, n) != S_OK)
            break;
    }
    ok(n == 3, "EnumBackups of every location: %lu", n);

    ok(write_range(abo, L"6000-6100") == S_OK, "write 6000-6100");
    hr = abo->lpVtbl->Restore(abo, LOC, 1, 0);
    ok(hr == S_OK, "Restore version 1: 0x%08lx", hr);
    hr = get_string(abo, METADATA_MASTER_ROOT_HANDLE, FTP, MD_PASSIVE_PORT_RANGE, buf, 64, NULL);
    ok(hr == S_OK && !wcscmp(buf, L"5001-5201"), "restored value: 0x%08lx %ls", hr, hr == S_OK ? buf : L"");
    ok(run_child(L"read 5001-5201") == 0, "another process sees the restored value");
    hr = abo->lpVtbl->Restore(abo, LOC, 77, 0);
    ok(FAILED(hr), "Restore of a missing version fails: 0x%08lx", hr);
    hr = abo->lpVtbl->DeleteBackup(abo, L"", 0);
    ok(hr == S_OK && !file_exists(L"MetaBack\\MDBackUp.MD0"), "DeleteBackup: 0x%08lx", hr);
}

static void test_knobs(IMSAdminBaseW *abo)
{
    METADATA_HANDLE w = 0, r = 0;
    HRESULT hr;

    hr = abo->lpVtbl->OpenKey(abo, METADATA_MASTER_ROOT_HANDLE, FTP, METADATA_PERMISSION_READ | METADATA_PERMISSION_WRITE, TIMEOUT, &w);
    ok(hr == S_OK, "OpenKey write before NotElevated: 0x%08lx", hr);
    set_knob(L"NotElevated", 1, TRUE);
    ok(set_string(abo, w, L"", MD_PASSIVE_PORT_RANGE, L"5003-5203") == E_ACCESSDENIED, "NotElevated: SetData");
    ok(abo->lpVtbl->DeleteData(abo, w, L"", MD_PASSIVE_PORT_RANGE, ALL_METADATA) == E_ACCESSDENIED, "NotElevated: DeleteData");
    abo->lpVtbl->CloseKey(abo, w);
    hr = abo->lpVtbl->OpenKey(abo, METADATA_MASTER_ROOT_HANDLE, FTP, METADATA_PERMISSION_READ | METADATA_PERMISSION_WRITE, TIMEOUT, &w);
    ok(hr == E_ACCESSDENIED, "NotElevated: OpenKey write: 0x%08lx", hr);
    hr = abo->lpVtbl->OpenKey(abo, METADATA_MASTER_ROOT_HANDLE, FTP, METADATA_PERMISSION_READ, TIMEOUT, &r);
    ok(hr == S_OK, "NotElevated: OpenKey read still works: 0x%08lx", hr);
    if (hr == S_OK)
        abo->lpVtbl->CloseKey(abo, r);
    ok(abo->lpVtbl->SaveData(abo) == E_ACCESSDENIED, "NotElevated: SaveData");
    ok(abo->lpVtbl->Backup(abo, LOC, MD_BACKUP_NEXT_VERSION, 0) == E_ACCESSDENIED, "NotElevated: Backup");
    ok(abo->lpVtbl->Restore(abo, LOC, 1, 0) == E_ACCESSDENIED, "NotElevated: Restore");
    ok(run_child(L"openwrite") == 5, "NotElevated seen by another process at its next call");
    set_knob(L"NotElevated", 0, FALSE);
    ok(run_child(L"openwrite") == 0, "knob cleared: another process may write again");

    set_knob(L"FailSetData", (DWORD)E_FAIL, TRUE);
    hr = abo->lpVtbl->OpenKey(abo, METADATA_MASTER_ROOT_HANDLE, FTP, METADATA_PERMISSION_WRITE, TIMEOUT, &w);
    ok(hr == S_OK, "OpenKey write: 0x%08lx", hr);
    hr = set_string(abo, w, L"", MD_PASSIVE_PORT_RANGE, L"5003-5203");
    ok(hr == E_FAIL, "FailSetData: SetData returns the knob's HRESULT: 0x%08lx", hr);
    set_knob(L"FailSetData", 0, FALSE);
    hr = set_string(abo, w, L"", MD_PASSIVE_PORT_RANGE, L"5003-5203");
    ok(hr == S_OK, "knob cleared: SetData works: 0x%08lx", hr);
    abo->lpVtbl->CloseKey(abo, w);
}

static void test_edit_while_running(IMSAdminBaseW *abo)
{
    METADATA_HANDLE h;
    DWORD d = 0;
    HRESULT hr = abo->lpVtbl->OpenKey(abo, METADATA_MASTER_ROOT_HANDLE, L"/LM", METADATA_PERMISSION_WRITE | METADATA_PERMISSION_READ, TIMEOUT, &h);
    ok(hr == S_OK, "OpenKey /LM write: 0x%08lx", hr);
    if (hr != S_OK)
        return;
    ok(set_dword(abo, h, L"", MD_ROOT_ENABLE_EDIT_WHILE_RUNNING, 1) == S_OK, "EnableEditWhileRunning=1");
    ok(set_dword(abo, h, L"", MD_ROOT_ENABLE_HISTORY, 0) == S_OK, "EnableHistory=0 accepted");
    abo->lpVtbl->CloseKey(abo, h);
    hr = get_dword(abo, L"/LM", MD_ROOT_ENABLE_HISTORY, &d);
    ok(hr == S_OK && d == 1, "EnableHistory reset to 1 while edit-while-running is on (ms525359): %lu", d);
    abo->lpVtbl->OpenKey(abo, METADATA_MASTER_ROOT_HANDLE, L"/LM", METADATA_PERMISSION_WRITE, TIMEOUT, &h);
    ok(set_dword(abo, h, L"", MD_ROOT_ENABLE_EDIT_WHILE_RUNNING, 0) == S_OK, "EnableEditWhileRunning=0 again");
    abo->lpVtbl->CloseKey(abo, h);
}

static void test_unregistered(void)
{
    WCHAR dll[MAX_PATH], cmd[MAX_PATH + 64];
    DWORD size = sizeof(dll);
    LONG rc = RegGetValueW(HKEY_CLASSES_ROOT, L"CLSID\\{A9E69610-B80D-11D0-B9B9-00A0C922E750}\\InprocServer32",
                           NULL, RRF_RT_REG_SZ, NULL, dll, &size);
    ok(rc == 0, "InprocServer32 registered: %ld", rc);
    if (rc)
        return;
    _snwprintf(cmd, ARRAYSIZE(cmd), L"regsvr32 /s /u \"%ls\"", dll);
    ok(run(cmd) == 0, "regsvr32 /u");
    ok(run_child(L"create") == 3, "unregistered: CoCreateInstance -> REGDB_E_CLASSNOTREG");
    _snwprintf(cmd, ARRAYSIZE(cmd), L"regsvr32 /s \"%ls\"", dll);
    ok(run(cmd) == 0, "regsvr32 again");
    ok(run_child(L"create") == 0, "registered again: CoCreateInstance works");
}

/* Backups left by an earlier run in the same prefix would shift the version numbers. */
static void remove_old_backups(void)
{
    static const WCHAR *patterns[] = { L"MetaBack\\" LOC L".*", L"MetaBack\\MDBackUp.*" };
    for (size_t i = 0; i < ARRAYSIZE(patterns); i++) {
        WCHAR pat[MAX_PATH], dir[MAX_PATH], file[MAX_PATH];
        WIN32_FIND_DATAW fd;
        HANDLE f;
        inetsrv(patterns[i], pat);
        inetsrv(L"MetaBack\\", dir);
        if ((f = FindFirstFileW(pat, &fd)) == INVALID_HANDLE_VALUE)
            continue;
        do {
            _snwprintf(file, MAX_PATH, L"%ls%ls", dir, fd.cFileName);
            DeleteFileW(file);
        } while (FindNextFileW(f, &fd));
        FindClose(f);
    }
}

static int suite(void)
{
    IMSAdminBaseW *abo = NULL;
    HRESULT hr;
    remove_old_backups();
    CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);
    hr = create_abo(&abo);
    ok(hr == S_OK && abo, "CoCreateInstance(CLSID_MSAdminBase_W, CLSCTX_ALL): 0x%08lx", hr);
    if (hr == S_OK) {
        test_activation(abo);
        test_defaults(abo);
        test_errors(abo);
        test_read_write(abo);
        test_cross_process_locks(abo);
        test_concurrent_writers(abo);
        test_enum(abo);
        test_delete(abo);
        test_backup_restore(abo);
        test_knobs(abo);
        test_edit_while_running(abo);
        /* leave the lab as provisioned: PassivePortRange unset */
        write_range(abo, NULL);
        abo->lpVtbl->Release(abo);
    }
    CoUninitialize();
    test_unregistered();
    return test_summary("lab.metabase.abo");
}

int wmain(int argc, WCHAR **argv)
{
    if (argc >= 2 && !wcscmp(argv[1], L"child"))
        return child_main(argc, argv);
    if (argc >= 2 && !wcscmp(argv[1], L"classnotreg")) {
        IMSAdminBaseW *abo;
        HRESULT hr;
        CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);
        hr = create_abo(&abo);
        ok(hr == REGDB_E_CLASSNOTREG, "IIS 5 lab: CoCreateInstance(CLSID_MSAdminBase) 0x%08lx, want 0x80040154", hr);
        if (SUCCEEDED(hr))
            abo->lpVtbl->Release(abo);
        CoUninitialize();
        return test_summary("lab.metabase.iis5");
    }
    return suite();
}
