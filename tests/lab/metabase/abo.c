/* pasvports lab: lab_abo.dll, an in-proc IMSAdminBase (IIS 6 Admin Base Object) stand-in.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * Behaviour follows the IIS 6 SDK (learn.microsoft.com ms5xxxxx pages cited below) and MS-IMSA.
 * Lab differences from real IIS, on purpose: in-proc instead of DCOM in inetinfo (Wine has no
 * IISADMIN); the store is written through to MetaBase.xml on every change (mbstore.h); the
 * handle table lives in a named shared section (see below). */
#include <windows.h>
#include <ole2.h>
#include <initguid.h>
#include <iadmw.h>      /* before any COBJMACROS: mingw-w64 10's iadmw.h line 603 lacks a '#' */
#include <iiscnfg.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include "labfw.h"
#include "mbstore.h"

#define ABO_CLSID_KEY L"CLSID\\{A9E69610-B80D-11D0-B9B9-00A0C922E750}"

static HINSTANCE abo_instance;
static LONG abo_objects, abo_locks;

/* ---- knobs (HKLM\SOFTWARE\PasvLab\Metabase, read at every call) ---- */

static BOOL not_elevated(void)
{
    return lab_knob_dword(L"Metabase", L"NotElevated", 0) != 0;
}

/* ---- the handle table: machine-wide like inetinfo's, kept in a named shared section ----
 * Every process that loads lab_abo.dll maps the same table, so ERROR_PATH_BUSY and SaveData's
 * "write handle open" rule hold across processes as on Windows. Entries of dead processes are
 * dropped when seen (Windows drops them when the client's DCOM connection runs down). The table
 * is guarded by the metabase mutex; a handle can only be used by the process that opened it. */

struct abo_handle {
    DWORD id;               /* 0 = free slot */
    DWORD pid;
    DWORD perms;
    DWORD change_number;    /* system change number when opened (GetHandleInfo) */
    WCHAR path[MB_PATH_MAX];
};

#define MAX_HANDLES 128
struct handle_table {
    DWORD next_id;
    struct abo_handle h[MAX_HANDLES];
};
static struct handle_table *table;
static struct handle_table local_table;   /* fallback if the shared section cannot be made */
static struct mb_store store;

static void handle_lock(void)
{
    mb_lock();   /* on the (30 s) timeout the lab proceeds unlocked rather than hang a test */
    if (!table) {
        HANDLE map = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0,
                                        sizeof(struct handle_table), L"PasvLabMetabaseHandles");
        void *view = map ? MapViewOfFile(map, FILE_MAP_ALL_ACCESS, 0, 0, sizeof(struct handle_table)) : NULL;
        table = view ? view : &local_table;   /* the mapping handle stays open for the process */
    }
    if (!table->next_id)
        table->next_id = 0x1000;
}

static void handle_unlock(void)
{
    mb_unlock();
}

/* FALSE (and the slot freed) when the entry belongs to a process that has exited. */
static BOOL entry_alive(struct abo_handle *h)
{
    HANDLE p;
    DWORD code = 0;
    BOOL alive;
    if (h->pid == GetCurrentProcessId())
        return TRUE;
    p = OpenProcess(PROCESS_QUERY_INFORMATION, FALSE, h->pid);
    alive = p && GetExitCodeProcess(p, &code) && code == STILL_ACTIVE;
    if (p)
        CloseHandle(p);
    if (!alive)
        h->id = 0;
    return alive;
}

static struct abo_handle *find_handle(DWORD id)
{
    if (!id)
        return NULL;
    for (int i = 0; i < MAX_HANDLES; i++)
        if (table->h[i].id == id && table->h[i].pid == GetCurrentProcessId())
            return &table->h[i];
    return NULL;
}

/* OpenKey (ms525727, MS-IMSA 3.1.4.2): a write handle excludes every other handle on the same
 * key, its parents and its children; read handles share with each other. */
static BOOL conflicts(const WCHAR *path, DWORD perms, DWORD self)
{
    for (int i = 0; i < MAX_HANDLES; i++) {
        struct abo_handle *h = &table->h[i];
        if (!h->id || h->id == self)
            continue;
        if (!((perms | h->perms) & METADATA_PERMISSION_WRITE))
            continue;
        if ((mb_path_is_ancestor_or_self(h->path, path) || mb_path_is_ancestor_or_self(path, h->path)) &&
            entry_alive(h))
            return TRUE;
    }
    return FALSE;
}

static BOOL any_write_handle(void)
{
    BOOL found = FALSE;
    handle_lock();
    for (int i = 0; i < MAX_HANDLES; i++)
        if (table->h[i].id && (table->h[i].perms & METADATA_PERMISSION_WRITE) && entry_alive(&table->h[i]))
            found = TRUE;
    handle_unlock();
    return found;
}

/* Resolves handle + relative path to a canonical path and checks the handle's permission.
 * METADATA_MASTER_ROOT_HANDLE reads the whole tree but never writes (ms525811: "not valid for
 * this operation"; the SDK's return table gives E_ACCESSDENIED for "the open handle does not
 * have read or write permission as needed"). Unknown handle: E_HANDLE (= 0x80070006,
 * HRESULT_FROM_WIN32(ERROR_INVALID_HANDLE), MS-IMSA 3.1.4.16). */
static HRESULT resolve(METADATA_HANDLE hd, LPCWSTR rel, DWORD need, WCHAR *out)
{
    HRESULT hr = S_OK;
    if (hd == METADATA_MASTER_ROOT_HANDLE) {
        if (need & METADATA_PERMISSION_WRITE)
            return E_ACCESSDENIED;
        return mb_path_join(L"", rel, out, MB_PATH_MAX);
    }
    handle_lock();
    {
        struct abo_handle *h = find_handle(hd);
        if (!h)
            hr = E_HANDLE;
        else if ((h->perms & need) != need)
            hr = E_ACCESSDENIED;
        else
            hr = mb_path_join(h->path, rel, out, MB_PATH_MAX);
    }
    handle_unlock();
    return hr;
}

/* ---- the object ---- */

struct abo {
    IMSAdminBaseW IMSAdminBaseW_iface;
    LONG refs;
};

static inline struct abo *impl_from_IMSAdminBaseW(IMSAdminBaseW *iface)
{
    return CONTAINING_RECORD(iface, struct abo, IMSAdminBaseW_iface);
}

static HRESULT WINAPI abo_QueryInterface(IMSAdminBaseW *iface, REFIID riid, void **out)
{
    if (!out)
        return E_POINTER;
    /* IMSAdminBase2/3 (BackupWithPasswd, Export/Import, GetChildPaths) are not implemented. */
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMSAdminBase_W)) {
        *out = iface;
        iface->lpVtbl->AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI abo_AddRef(IMSAdminBaseW *iface)
{
    return InterlockedIncrement(&impl_from_IMSAdminBaseW(iface)->refs);
}

static ULONG WINAPI abo_Release(IMSAdminBaseW *iface)
{
    struct abo *abo = impl_from_IMSAdminBaseW(iface);
    ULONG refs = InterlockedDecrement(&abo->refs);
    if (!refs) {
        free(abo);
        InterlockedDecrement(&abo_objects);
    }
    return refs;
}

static HRESULT WINAPI abo_AddKey(IMSAdminBaseW *iface, METADATA_HANDLE hd, LPCWSTR rel)
{
    WCHAR path[MB_PATH_MAX];
    HRESULT hr;
    (void)iface;
    if (not_elevated())
        return E_ACCESSDENIED;
    if (FAILED(hr = resolve(hd, rel, METADATA_PERMISSION_WRITE, path)))
        return hr;
    if (FAILED(hr = mb_lock()))
        return hr;
    if (SUCCEEDED(hr = mb_sync(&store))) {
        /* UNVERIFIED which code IIS returns for an existing key; ERROR_ALREADY_EXISTS is the
         * documented-most-likely Win32 code. */
        if (mb_find_key(&store, path))
            hr = HRESULT_FROM_WIN32(ERROR_ALREADY_EXISTS);
        else if (!mb_add_key(&store, path))
            hr = E_OUTOFMEMORY;
        else
            hr = mb_commit(&store);
    }
    mb_unlock();
    return hr;
}

static HRESULT WINAPI abo_DeleteKey(IMSAdminBaseW *iface, METADATA_HANDLE hd, LPCWSTR rel)
{
    WCHAR path[MB_PATH_MAX];
    HRESULT hr;
    (void)iface;
    if (not_elevated())
        return E_ACCESSDENIED;
    if (FAILED(hr = resolve(hd, rel, METADATA_PERMISSION_WRITE, path)))
        return hr;
    if (!path[0])
        return E_INVALIDARG;
    if (FAILED(hr = mb_lock()))
        return hr;
    if (SUCCEEDED(hr = mb_sync(&store))) {
        if (!mb_find_key(&store, path))
            hr = HRESULT_FROM_WIN32(ERROR_PATH_NOT_FOUND);
        else {
            mb_delete_key(&store, path);
            hr = mb_commit(&store);
        }
    }
    mb_unlock();
    return hr;
}

static HRESULT WINAPI abo_DeleteChildKeys(IMSAdminBaseW *iface, METADATA_HANDLE hd, LPCWSTR rel)
{
    (void)iface; (void)hd; (void)rel;
    return E_NOTIMPL;
}

static HRESULT WINAPI abo_EnumKeys(IMSAdminBaseW *iface, METADATA_HANDLE hd, LPCWSTR rel,
                                   LPWSTR name, DWORD index)
{
    WCHAR path[MB_PATH_MAX];
    HRESULT hr;
    (void)iface;
    if (!name)
        return E_INVALIDARG;
    if (FAILED(hr = resolve(hd, rel, METADATA_PERMISSION_READ, path)))
        return hr;
    if (FAILED(hr = mb_lock()))
        return hr;
    if (SUCCEEDED(hr = mb_sync(&store))) {
        if (!mb_find_key(&store, path))
            hr = HRESULT_FROM_WIN32(ERROR_PATH_NOT_FOUND);
        else if (!mb_child_name(&store, path, index, name, METADATA_MAX_NAME_LEN))
            hr = HRESULT_FROM_WIN32(ERROR_NO_MORE_ITEMS);   /* ms524544-style end of list */
    }
    mb_unlock();
    return hr;
}

static HRESULT WINAPI abo_CopyKey(IMSAdminBaseW *iface, METADATA_HANDLE hs, LPCWSTR ps,
                                  METADATA_HANDLE hdst, LPCWSTR pd, WINBOOL ow, WINBOOL copy)
{
    (void)iface; (void)hs; (void)ps; (void)hdst; (void)pd; (void)ow; (void)copy;
    return E_NOTIMPL;
}

static HRESULT WINAPI abo_RenameKey(IMSAdminBaseW *iface, METADATA_HANDLE hd, LPCWSTR rel, LPCWSTR nn)
{
    (void)iface; (void)hd; (void)rel; (void)nn;
    return E_NOTIMPL;
}

/* Length of a string value as the metabase stores it. UNVERIFIED: IIS measures STRING /
 * EXPANDSZ / MULTISZ data itself (bytes incl. the terminating NUL(s)) rather than trusting
 * dwMDDataLen; the lab does the same, bounded by dwMDDataLen when that is larger than 0. */
static DWORD string_len(const METADATA_RECORD *r)
{
    const WCHAR *w = (const WCHAR *)r->pbMDData;
    size_t max = r->dwMDDataLen ? r->dwMDDataLen / sizeof(WCHAR) : 65536;
    size_t n = 0;
    if (r->dwMDDataType == MULTISZ_METADATA) {
        while (n < max && w[n])
            n += wcsnlen(w + n, max - n) + 1;
        return (DWORD)((n + 1) * sizeof(WCHAR));
    }
    n = wcsnlen(w, max);
    return (DWORD)((n + 1) * sizeof(WCHAR));
}

static HRESULT WINAPI abo_SetData(IMSAdminBaseW *iface, METADATA_HANDLE hd, LPCWSTR rel,
                                  PMETADATA_RECORD rec)
{
    WCHAR path[MB_PATH_MAX];
    struct mb_key *k;
    HRESULT hr;
    DWORD fail, len;
    (void)iface;
    /* ms525811: needs a handle with write permission; METADATA_MASTER_ROOT_HANDLE is not valid */
    if (FAILED(hr = resolve(hd, rel, METADATA_PERMISSION_WRITE, path)))
        return hr;
    if (not_elevated())
        return E_ACCESSDENIED;
    if ((fail = lab_knob_dword(L"Metabase", L"FailSetData", 0)) != 0)
        return (HRESULT)fail;
    if (!rec || rec->dwMDDataType == ALL_METADATA || rec->dwMDDataType >= INVALID_END_METADATA)
        return E_INVALIDARG;
    if (!rec->pbMDData && (rec->dwMDDataLen || rec->dwMDDataType != BINARY_METADATA))
        return E_INVALIDARG;
    switch (rec->dwMDDataType) {
    case STRING_METADATA: case EXPANDSZ_METADATA: case MULTISZ_METADATA:
        len = string_len(rec);
        break;
    case DWORD_METADATA:
        len = sizeof(DWORD);
        break;
    default:
        len = rec->dwMDDataLen;
    }
    if (FAILED(hr = mb_lock()))
        return hr;
    if (SUCCEEDED(hr = mb_sync(&store))) {
        if (!(k = mb_find_key(&store, path)))
            hr = HRESULT_FROM_WIN32(ERROR_PATH_NOT_FOUND);
        else {
            const BYTE *data = rec->pbMDData;
            DWORD one = 1;
            /* ms525359 / cc759312: EnableHistory cannot be turned off while EnableEditWhileRunning
             * is on; IIS logs a warning and resets it to true. */
            if (rec->dwMDIdentifier == MD_ROOT_ENABLE_HISTORY && rec->dwMDDataType == DWORD_METADATA &&
                *(const DWORD *)data == 0) {
                struct mb_value *e = mb_find_value(k, MD_ROOT_ENABLE_EDIT_WHILE_RUNNING);
                if (e && e->dtype == DWORD_METADATA && e->len >= 4 && *(const DWORD *)e->data)
                    data = (const BYTE *)&one;
            }
            hr = mb_set_value(k, rec->dwMDIdentifier, rec->dwMDAttributes & ~METADATA_ISINHERITED,
                              rec->dwMDUserType, rec->dwMDDataType, data, len);
            if (SUCCEEDED(hr))
                hr = mb_commit(&store);
        }
    }
    mb_unlock();
    return hr;
}

static BOOL value_matches(const struct mb_value *v, const METADATA_RECORD *rec, BOOL by_id)
{
    if (by_id && v->id != rec->dwMDIdentifier)
        return FALSE;
    if (rec->dwMDDataType != ALL_METADATA && v->dtype != rec->dwMDDataType)
        return FALSE;
    if (rec->dwMDUserType != ALL_METADATA && v->utype != rec->dwMDUserType)
        return FALSE;
    return TRUE;
}

static HRESULT copy_out(const struct mb_value *v, BOOL inherited, PMETADATA_RECORD rec, DWORD *req)
{
    if (rec->dwMDDataLen < v->len || (!rec->pbMDData && v->len)) {
        if (req)
            *req = v->len;
        return HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER);
    }
    if (v->len)
        memcpy(rec->pbMDData, v->data, v->len);
    rec->dwMDIdentifier = v->id;
    rec->dwMDAttributes = v->attrs | (inherited ? METADATA_ISINHERITED : 0);
    rec->dwMDUserType = v->utype;
    rec->dwMDDataType = v->dtype;
    rec->dwMDDataLen = v->len;
    rec->dwMDDataTag = 0;
    return S_OK;
}

/* Finds the key for path; with METADATA_PARTIAL_PATH (and INHERIT) a missing tail is allowed and
 * the deepest existing ancestor answers (ms525079 / mddefw.h). *partial tells the caller. */
static struct mb_key *lookup(const WCHAR *path, DWORD attrs, BOOL *partial)
{
    WCHAR buf[MB_PATH_MAX];
    struct mb_key *k = mb_find_key(&store, path);
    *partial = FALSE;
    if (k || !(attrs & METADATA_PARTIAL_PATH) || !(attrs & METADATA_INHERIT))
        return k;
    lstrcpynW(buf, path, MB_PATH_MAX);
    while (!k) {
        WCHAR *slash = wcsrchr(buf, L'/');
        if (!slash)
            return NULL;
        *slash = 0;
        k = mb_find_key(&store, buf);
    }
    *partial = TRUE;
    return k;
}

static HRESULT WINAPI abo_GetData(IMSAdminBaseW *iface, METADATA_HANDLE hd, LPCWSTR rel,
                                  PMETADATA_RECORD rec, DWORD *req)
{
    WCHAR path[MB_PATH_MAX];
    struct mb_key *k;
    HRESULT hr;
    BOOL partial;
    (void)iface;
    if (!rec || !req)
        return E_INVALIDARG;
    if (FAILED(hr = resolve(hd, rel, METADATA_PERMISSION_READ, path)))
        return hr;
    if (FAILED(hr = mb_lock()))
        return hr;
    if (SUCCEEDED(hr = mb_sync(&store))) {
        if (!(k = lookup(path, rec->dwMDAttributes, &partial)))
            hr = HRESULT_FROM_WIN32(ERROR_PATH_NOT_FOUND);
        else {
            struct mb_value *v = mb_find_value(k, rec->dwMDIdentifier);
            BOOL inherited = partial;
            if (v && (!value_matches(v, rec, TRUE) || (partial && !(v->attrs & METADATA_INHERIT))))
                v = NULL;
            /* inheritance: walk up for an INHERIT-flagged item (ms525079, METADATA_INHERIT) */
            if (!v && (rec->dwMDAttributes & METADATA_INHERIT)) {
                WCHAR up[MB_PATH_MAX];
                lstrcpynW(up, k->path, MB_PATH_MAX);
                while (!v) {
                    WCHAR *slash = wcsrchr(up, L'/');
                    struct mb_key *pk;
                    if (!slash)
                        break;
                    *slash = 0;
                    if ((pk = mb_find_key(&store, up)) && (v = mb_find_value(pk, rec->dwMDIdentifier)) &&
                        (!(v->attrs & METADATA_INHERIT) || !value_matches(v, rec, TRUE)))
                        v = NULL;
                }
                inherited = TRUE;
            }
            hr = v ? copy_out(v, inherited, rec, req) : (HRESULT)MD_ERROR_DATA_NOT_FOUND;
        }
    }
    mb_unlock();
    return hr;
}

static HRESULT WINAPI abo_DeleteData(IMSAdminBaseW *iface, METADATA_HANDLE hd, LPCWSTR rel,
                                     DWORD id, DWORD dtype)
{
    WCHAR path[MB_PATH_MAX];
    struct mb_key *k;
    HRESULT hr;
    (void)iface;
    if (FAILED(hr = resolve(hd, rel, METADATA_PERMISSION_WRITE, path)))
        return hr;
    if (not_elevated())
        return E_ACCESSDENIED;
    if (FAILED(hr = mb_lock()))
        return hr;
    if (SUCCEEDED(hr = mb_sync(&store))) {
        if (!(k = mb_find_key(&store, path)))
            hr = HRESULT_FROM_WIN32(ERROR_PATH_NOT_FOUND);
        else if (!mb_delete_value(k, id, dtype))
            hr = MD_ERROR_DATA_NOT_FOUND;
        else
            hr = mb_commit(&store);
    }
    mb_unlock();
    return hr;
}

static HRESULT WINAPI abo_EnumData(IMSAdminBaseW *iface, METADATA_HANDLE hd, LPCWSTR rel,
                                   PMETADATA_RECORD rec, DWORD index, DWORD *req)
{
    WCHAR path[MB_PATH_MAX];
    struct mb_key *k;
    HRESULT hr;
    BOOL partial;
    (void)iface;
    if (!rec || !req)
        return E_INVALIDARG;
    if (FAILED(hr = resolve(hd, rel, METADATA_PERMISSION_READ, path)))
        return hr;
    if (FAILED(hr = mb_lock()))
        return hr;
    if (SUCCEEDED(hr = mb_sync(&store))) {
        if (!(k = lookup(path, rec->dwMDAttributes, &partial)))
            hr = HRESULT_FROM_WIN32(ERROR_PATH_NOT_FOUND);
        else {
            /* the key's own items (in storage order), then with METADATA_INHERIT the
             * inheritable items of its ancestors that it does not shadow */
            const struct mb_value *found = NULL;
            BOOL inherited = FALSE;
            DWORD n = 0;
            for (DWORD i = 0; i < k->count && !found; i++)
                if (value_matches(&k->values[i], rec, FALSE) && (!partial || (k->values[i].attrs & METADATA_INHERIT)) &&
                    n++ == index)
                    found = &k->values[i];
            if (!found && (rec->dwMDAttributes & METADATA_INHERIT)) {
                WCHAR up[MB_PATH_MAX];
                lstrcpynW(up, k->path, MB_PATH_MAX);
                while (!found) {
                    WCHAR *slash = wcsrchr(up, L'/');
                    struct mb_key *pk;
                    if (!slash)
                        break;
                    *slash = 0;
                    if (!(pk = mb_find_key(&store, up)))
                        continue;
                    for (DWORD i = 0; i < pk->count && !found; i++) {
                        const struct mb_value *v = &pk->values[i];
                        WCHAR below[MB_PATH_MAX];
                        BOOL shadowed = FALSE;
                        if (!(v->attrs & METADATA_INHERIT) || !value_matches(v, rec, FALSE))
                            continue;
                        /* shadowed by the key itself or by a key between it and pk? */
                        lstrcpynW(below, k->path, MB_PATH_MAX);
                        while (wcslen(below) > wcslen(up)) {
                            struct mb_key *bk = mb_find_key(&store, below);
                            if (bk && mb_find_value(bk, v->id))
                                shadowed = TRUE;
                            *wcsrchr(below, L'/') = 0;
                        }
                        if (!shadowed && n++ == index) {
                            found = v;
                            inherited = TRUE;
                        }
                    }
                }
            }
            hr = found ? copy_out(found, inherited || partial, rec, req) : HRESULT_FROM_WIN32(ERROR_NO_MORE_ITEMS);
        }
    }
    mb_unlock();
    return hr;
}

static HRESULT WINAPI abo_GetAllData(IMSAdminBaseW *iface, METADATA_HANDLE hd, LPCWSTR rel, DWORD attrs,
                                     DWORD utype, DWORD dtype, DWORD *num, DWORD *dsn, DWORD size,
                                     unsigned char *buf, DWORD *req)
{
    (void)iface; (void)hd; (void)rel; (void)attrs; (void)utype; (void)dtype; (void)num; (void)dsn;
    (void)size; (void)buf; (void)req;
    return E_NOTIMPL;
}

static HRESULT WINAPI abo_DeleteAllData(IMSAdminBaseW *iface, METADATA_HANDLE hd, LPCWSTR rel,
                                        DWORD utype, DWORD dtype)
{
    (void)iface; (void)hd; (void)rel; (void)utype; (void)dtype;
    return E_NOTIMPL;
}

static HRESULT WINAPI abo_CopyData(IMSAdminBaseW *iface, METADATA_HANDLE hs, LPCWSTR ps, METADATA_HANDLE hdst,
                                   LPCWSTR pd, DWORD attrs, DWORD utype, DWORD dtype, WINBOOL copy)
{
    (void)iface; (void)hs; (void)ps; (void)hdst; (void)pd; (void)attrs; (void)utype; (void)dtype; (void)copy;
    return E_NOTIMPL;
}

static HRESULT WINAPI abo_GetDataPaths(IMSAdminBaseW *iface, METADATA_HANDLE hd, LPCWSTR rel, DWORD id,
                                       DWORD dtype, DWORD size, WCHAR *buf, DWORD *req)
{
    (void)iface; (void)hd; (void)rel; (void)id; (void)dtype; (void)size; (void)buf; (void)req;
    return E_NOTIMPL;
}

static HRESULT WINAPI abo_OpenKey(IMSAdminBaseW *iface, METADATA_HANDLE hd, LPCWSTR rel, DWORD access,
                                  DWORD timeout, PMETADATA_HANDLE out)
{
    WCHAR path[MB_PATH_MAX];
    DWORD start = GetTickCount(), change;
    HRESULT hr;
    (void)iface;
    if (!out || !access || (access & ~(METADATA_PERMISSION_READ | METADATA_PERMISSION_WRITE)))
        return E_INVALIDARG;
    if ((access & METADATA_PERMISSION_WRITE) && not_elevated())
        return E_ACCESSDENIED;
    /* MS-IMSA 3.1.4.2: the parent handle needs read permission (or is the master root) */
    if (FAILED(hr = resolve(hd, rel, METADATA_PERMISSION_READ, path)))
        return hr;
    if (FAILED(hr = mb_lock()))
        return hr;
    if (SUCCEEDED(hr = mb_sync(&store)) && !mb_find_key(&store, path))
        hr = HRESULT_FROM_WIN32(ERROR_PATH_NOT_FOUND);
    change = store.change_number;
    mb_unlock();
    if (FAILED(hr))
        return hr;
    /* wait up to timeout ms for conflicting handles to go away (ms525727) */
    for (;;) {
        handle_lock();
        if (!conflicts(path, access, 0)) {
            for (int i = 0; i < MAX_HANDLES; i++) {
                struct abo_handle *h = &table->h[i];
                if (h->id && entry_alive(h))
                    continue;
                h->id = table->next_id++;
                h->pid = GetCurrentProcessId();
                h->perms = access;
                h->change_number = change;
                lstrcpynW(h->path, path, MB_PATH_MAX);
                *out = h->id;
                handle_unlock();
                return S_OK;
            }
            handle_unlock();
            return HRESULT_FROM_WIN32(ERROR_NOT_ENOUGH_MEMORY);
        }
        handle_unlock();
        if (GetTickCount() - start >= timeout)
            return HRESULT_FROM_WIN32(ERROR_PATH_BUSY);
        Sleep(min(20, timeout - (GetTickCount() - start)) + 1);
    }
}

static HRESULT WINAPI abo_CloseKey(IMSAdminBaseW *iface, METADATA_HANDLE hd)
{
    struct abo_handle *h;
    HRESULT hr = S_OK;
    (void)iface;
    handle_lock();
    if ((h = find_handle(hd)))
        h->id = 0;
    else
        hr = E_HANDLE;
    handle_unlock();
    return hr;
}

static HRESULT WINAPI abo_ChangePermissions(IMSAdminBaseW *iface, METADATA_HANDLE hd, DWORD timeout,
                                            DWORD access)
{
    DWORD start = GetTickCount();
    (void)iface;
    if (!access || (access & ~(METADATA_PERMISSION_READ | METADATA_PERMISSION_WRITE)))
        return E_INVALIDARG;
    if ((access & METADATA_PERMISSION_WRITE) && not_elevated())
        return E_ACCESSDENIED;
    for (;;) {
        struct abo_handle *h;
        handle_lock();
        if (!(h = find_handle(hd))) {
            handle_unlock();
            return E_HANDLE;
        }
        if (!conflicts(h->path, access, hd)) {
            h->perms = access;
            handle_unlock();
            return S_OK;
        }
        handle_unlock();
        if (GetTickCount() - start >= timeout)
            return HRESULT_FROM_WIN32(ERROR_PATH_BUSY);
        Sleep(min(20, timeout - (GetTickCount() - start)) + 1);
    }
}

/* SaveData (ms525823, MS-IMSA 3.1.4.30): ERROR_PATH_BUSY while any write handle is open. The
 * lab's store is already on disk (write-through), so a successful save rewrites the same file. */
static HRESULT save_data(void)
{
    HRESULT hr;
    if (any_write_handle())
        return HRESULT_FROM_WIN32(ERROR_PATH_BUSY);
    if (FAILED(hr = mb_lock()))
        return hr;
    if (SUCCEEDED(hr = mb_sync(&store)))
        hr = mb_write_file(&store);
    mb_unlock();
    return hr;
}

static HRESULT WINAPI abo_SaveData(IMSAdminBaseW *iface)
{
    (void)iface;
    if (not_elevated())
        return E_ACCESSDENIED;
    return save_data();
}

static HRESULT WINAPI abo_GetHandleInfo(IMSAdminBaseW *iface, METADATA_HANDLE hd, PMETADATA_HANDLE_INFO info)
{
    struct abo_handle *h;
    HRESULT hr = S_OK;
    (void)iface;
    if (!info)
        return E_INVALIDARG;
    if (hd == METADATA_MASTER_ROOT_HANDLE) {
        info->dwMDPermissions = METADATA_PERMISSION_READ;
        info->dwMDSystemChangeNumber = store.change_number;
        return S_OK;
    }
    handle_lock();
    if ((h = find_handle(hd))) {
        info->dwMDPermissions = h->perms;
        info->dwMDSystemChangeNumber = h->change_number;
    } else
        hr = E_HANDLE;
    handle_unlock();
    return hr;
}

static HRESULT WINAPI abo_GetSystemChangeNumber(IMSAdminBaseW *iface, DWORD *out)
{
    HRESULT hr;
    (void)iface;
    if (!out)
        return E_INVALIDARG;
    if (FAILED(hr = mb_lock()))
        return hr;
    if (SUCCEEDED(hr = mb_sync(&store)))
        *out = store.change_number;
    mb_unlock();
    return hr;
}

static HRESULT WINAPI abo_GetDataSetNumber(IMSAdminBaseW *iface, METADATA_HANDLE hd, LPCWSTR rel, DWORD *out)
{
    (void)iface; (void)hd; (void)rel; (void)out;
    return E_NOTIMPL;
}

static HRESULT WINAPI abo_SetLastChangeTime(IMSAdminBaseW *iface, METADATA_HANDLE hd, LPCWSTR rel,
                                            PFILETIME ft, WINBOOL local)
{
    (void)iface; (void)hd; (void)rel; (void)ft; (void)local;
    return E_NOTIMPL;
}

static HRESULT WINAPI abo_GetLastChangeTime(IMSAdminBaseW *iface, METADATA_HANDLE hd, LPCWSTR rel,
                                            PFILETIME ft, WINBOOL local)
{
    (void)iface; (void)hd; (void)rel; (void)ft; (void)local;
    return E_NOTIMPL;
}

static HRESULT WINAPI abo_KeyExchangePhase1(IMSAdminBaseW *iface)
{
    (void)iface;
    return E_NOTIMPL;
}

static HRESULT WINAPI abo_KeyExchangePhase2(IMSAdminBaseW *iface)
{
    (void)iface;
    return E_NOTIMPL;
}

/* ---- backups: %windir%\system32\inetsrv\MetaBack\<location>.MD<version> + .SC<version>
 * (ms525180: "metabase backups are stored as files in the system32\inetsrv\MetaBack
 * directory"; file naming as IIS 6 does it). ---- */

static HRESULT backup_location(LPCWSTR in, WCHAR *out)
{
    if (!in || !*in)
        in = MD_DEFAULT_BACKUP_LOCATION;
    if (wcslen(in) > MD_BACKUP_MAX_LEN)
        return E_INVALIDARG;
    if (wcspbrk(in, L"\\/:*?\"<>|"))
        return E_INVALIDARG;
    wcscpy(out, in);
    return S_OK;
}

static HRESULT backup_file(const WCHAR *loc, const WCHAR *kind, DWORD version, WCHAR *out)
{
    WCHAR name[MD_BACKUP_MAX_LEN + 32];
    _snwprintf(name, ARRAYSIZE(name), L"MetaBack\\%ls.%ls%lu", loc, kind, (unsigned long)version);
    name[ARRAYSIZE(name) - 1] = 0;
    return mb_inetsrv_path(name, out, MAX_PATH);
}

struct backup_entry { WCHAR loc[MD_BACKUP_MAX_LEN + 1]; DWORD version; FILETIME ft; };

static int cmp_backup(const void *a, const void *b)
{
    const struct backup_entry *x = a, *y = b;
    int c = _wcsicmp(x->loc, y->loc);
    if (c)
        return c;
    return x->version < y->version ? -1 : x->version > y->version;
}

/* All backups (optionally of one location), sorted by location then version; caller frees. */
static DWORD list_backups(const WCHAR *only, struct backup_entry **out)
{
    WCHAR pattern[MAX_PATH];
    WIN32_FIND_DATAW fd;
    struct backup_entry *list = NULL;
    DWORD n = 0, cap = 0;
    HANDLE f;
    *out = NULL;
    if (FAILED(mb_inetsrv_path(L"MetaBack\\*.MD*", pattern, MAX_PATH)))
        return 0;
    f = FindFirstFileW(pattern, &fd);
    if (f == INVALID_HANDLE_VALUE)
        return 0;
    do {
        WCHAR *dot = NULL, *p, *end;
        for (p = fd.cFileName; (p = wcsstr(p, L".MD")); p++)
            dot = p;
        if (!dot || !iswdigit(dot[3]) || dot - fd.cFileName > MD_BACKUP_MAX_LEN)
            continue;
        unsigned long v = wcstoul(dot + 3, &end, 10);
        if (*end || v > MD_BACKUP_MAX_VERSION)
            continue;
        *dot = 0;
        if (only && _wcsicmp(only, fd.cFileName))
            continue;
        if (n == cap) {
            struct backup_entry *l = realloc(list, (cap = cap ? cap * 2 : 16) * sizeof(*l));
            if (!l)
                break;
            list = l;
        }
        wcscpy(list[n].loc, fd.cFileName);
        list[n].version = v;
        list[n].ft = fd.ftLastWriteTime;
        n++;
    } while (FindNextFileW(f, &fd));
    FindClose(f);
    if (n)
        qsort(list, n, sizeof(*list), cmp_backup);
    *out = list;
    return n;
}

static BOOL highest_version(const WCHAR *loc, DWORD *version)
{
    struct backup_entry *list;
    DWORD n = list_backups(loc, &list);
    if (n)
        *version = list[n - 1].version;
    free(list);
    return n != 0;
}

static HRESULT WINAPI abo_Backup(IMSAdminBaseW *iface, LPCWSTR location, DWORD version, DWORD flags)
{
    WCHAR loc[MD_BACKUP_MAX_LEN + 1], md[MAX_PATH], sc[MAX_PATH], src[MAX_PATH], dir[MAX_PATH];
    HRESULT hr, result = S_OK;
    (void)iface;
    if (not_elevated())
        return E_ACCESSDENIED;
    if (FAILED(hr = backup_location(location, loc)))
        return hr;
    if (flags & ~(MD_BACKUP_OVERWRITE | MD_BACKUP_SAVE_FIRST | MD_BACKUP_FORCE_BACKUP))
        return E_INVALIDARG;
    if (version != MD_BACKUP_NEXT_VERSION && version != MD_BACKUP_HIGHEST_VERSION &&
        version > MD_BACKUP_MAX_VERSION)
        return E_INVALIDARG;
    /* MD_BACKUP_SAVE_FIRST runs SaveData first; if that fails, MD_BACKUP_FORCE_BACKUP backs up
     * anyway (MS-IMSA 3.1.4.13, ms525180). UNVERIFIED: the success code of a forced backup after
     * a failed save; the lab returns mdmsg.h's MD_WARNING_SAVE_FAILED (a success code). FORCE
     * without SAVE_FIRST is documented as "only valid with SAVE_FIRST"; the lab ignores it. */
    if (flags & MD_BACKUP_SAVE_FIRST) {
        hr = save_data();
        if (FAILED(hr)) {
            if (!(flags & MD_BACKUP_FORCE_BACKUP))
                return hr;
            result = MD_WARNING_SAVE_FAILED;
        }
    }
    if (FAILED(hr = mb_lock()))
        return hr;
    if (version == MD_BACKUP_NEXT_VERSION) {
        version = highest_version(loc, &version) ? version + 1 : 0;
        if (version > MD_BACKUP_MAX_VERSION)
            hr = E_INVALIDARG;
    } else if (version == MD_BACKUP_HIGHEST_VERSION) {
        /* "Overwrite the highest existing backup version": overwrite implied; 0 if none */
        if (!highest_version(loc, &version))
            version = 0;
        flags |= MD_BACKUP_OVERWRITE;
    }
    if (SUCCEEDED(hr))
        hr = mb_sync(&store);
    if (SUCCEEDED(hr) && SUCCEEDED(hr = backup_file(loc, L"MD", version, md)) &&
        SUCCEEDED(hr = backup_file(loc, L"SC", version, sc)) &&
        SUCCEEDED(hr = mb_inetsrv_path(L"MetaBase.xml", src, MAX_PATH)) &&
        SUCCEEDED(hr = mb_inetsrv_path(L"MetaBack", dir, MAX_PATH))) {
        CreateDirectoryW(dir, NULL);
        if (GetFileAttributesW(src) == INVALID_FILE_ATTRIBUTES)
            hr = mb_write_file(&store);
        /* UNVERIFIED: the code for "backup exists and no MD_BACKUP_OVERWRITE" */
        if (SUCCEEDED(hr) && !(flags & MD_BACKUP_OVERWRITE) && GetFileAttributesW(md) != INVALID_FILE_ATTRIBUTES)
            hr = HRESULT_FROM_WIN32(ERROR_FILE_EXISTS);
        if (SUCCEEDED(hr) && !CopyFileW(src, md, FALSE))
            hr = HRESULT_FROM_WIN32(GetLastError());
        if (SUCCEEDED(hr)) {
            /* the schema companion file; the lab has no MBSchema.xml, so it records a stub */
            static const char stub[] = "<?xml version =\"1.0\"?>\n<!-- pasvports lab: schema placeholder -->\n<MetabaseSchema/>\n";
            HANDLE h = CreateFileW(sc, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
            DWORD w;
            if (h == INVALID_HANDLE_VALUE)
                hr = HRESULT_FROM_WIN32(GetLastError());
            else {
                WriteFile(h, stub, sizeof(stub) - 1, &w, NULL);
                CloseHandle(h);
            }
        }
    }
    mb_unlock();
    return FAILED(hr) ? hr : result;
}

static HRESULT WINAPI abo_Restore(IMSAdminBaseW *iface, LPCWSTR location, DWORD version, DWORD flags)
{
    WCHAR loc[MD_BACKUP_MAX_LEN + 1], md[MAX_PATH], dst[MAX_PATH];
    DWORD before;
    HRESULT hr;
    (void)iface;
    if (not_elevated())
        return E_ACCESSDENIED;
    if (FAILED(hr = backup_location(location, loc)))
        return hr;
    if (flags)
        return E_INVALIDARG;      /* "reserved, must be 0" */
    if (version == MD_BACKUP_NEXT_VERSION || (version != MD_BACKUP_HIGHEST_VERSION && version > MD_BACKUP_MAX_VERSION))
        return E_INVALIDARG;
    if (FAILED(hr = mb_lock()))
        return hr;
    if (version == MD_BACKUP_HIGHEST_VERSION && !highest_version(loc, &version))
        hr = HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND);
    if (SUCCEEDED(hr))
        hr = mb_sync(&store);
    before = store.change_number;
    if (SUCCEEDED(hr) && SUCCEEDED(hr = backup_file(loc, L"MD", version, md)) &&
        SUCCEEDED(hr = mb_inetsrv_path(L"MetaBase.xml", dst, MAX_PATH))) {
        /* UNVERIFIED: the code for a missing backup; ERROR_FILE_NOT_FOUND is the likely one */
        if (GetFileAttributesW(md) == INVALID_FILE_ATTRIBUTES)
            hr = HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND);
        else if (!CopyFileW(md, dst, FALSE))
            hr = HRESULT_FROM_WIN32(GetLastError());
        else if (SUCCEEDED(hr = mb_sync(&store))) {
            /* the restored tree is a new state of the metabase: its change number moves on */
            if (store.change_number <= before)
                store.change_number = before;
            hr = mb_commit(&store);
        }
    }
    mb_unlock();
    if (SUCCEEDED(hr)) {
        /* a restore replaces the whole metabase: every open handle is stale */
        handle_lock();
        for (int i = 0; i < MAX_HANDLES; i++)
            table->h[i].id = 0;
        handle_unlock();
    }
    return hr;
}

static HRESULT WINAPI abo_EnumBackups(IMSAdminBaseW *iface, LPWSTR location, DWORD *version,
                                      PFILETIME ft, DWORD index)
{
    struct backup_entry *list;
    DWORD n;
    (void)iface;
    if (!location || !version || !ft)
        return E_INVALIDARG;
    if (wcslen(location) > MD_BACKUP_MAX_LEN)
        return E_INVALIDARG;
    n = list_backups(*location ? location : NULL, &list);
    if (index >= n) {
        free(list);
        return HRESULT_FROM_WIN32(ERROR_NO_MORE_ITEMS);   /* ms524544 */
    }
    wcscpy(location, list[index].loc);
    *version = list[index].version;
    *ft = list[index].ft;
    free(list);
    return S_OK;
}

static HRESULT WINAPI abo_DeleteBackup(IMSAdminBaseW *iface, LPCWSTR location, DWORD version)
{
    WCHAR loc[MD_BACKUP_MAX_LEN + 1], md[MAX_PATH], sc[MAX_PATH];
    HRESULT hr;
    (void)iface;
    if (not_elevated())
        return E_ACCESSDENIED;
    if (FAILED(hr = backup_location(location, loc)))
        return hr;
    if (version == MD_BACKUP_HIGHEST_VERSION && !highest_version(loc, &version))
        return HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND);
    if (version > MD_BACKUP_MAX_VERSION)
        return E_INVALIDARG;
    if (FAILED(hr = backup_file(loc, L"MD", version, md)) || FAILED(hr = backup_file(loc, L"SC", version, sc)))
        return hr;
    if (!DeleteFileW(md))
        return HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND);
    DeleteFileW(sc);
    return S_OK;
}

static HRESULT WINAPI abo_UnmarshalInterface(IMSAdminBaseW *iface, IMSAdminBaseW **out)
{
    (void)iface; (void)out;
    return E_NOTIMPL;
}

static HRESULT WINAPI abo_GetServerGuid(IMSAdminBaseW *iface)
{
    (void)iface;
    return E_NOTIMPL;
}

static const IMSAdminBaseWVtbl abo_vtbl = {
    abo_QueryInterface, abo_AddRef, abo_Release,
    abo_AddKey, abo_DeleteKey, abo_DeleteChildKeys, abo_EnumKeys, abo_CopyKey, abo_RenameKey,
    abo_SetData, abo_GetData, abo_DeleteData, abo_EnumData, abo_GetAllData, abo_DeleteAllData,
    abo_CopyData, abo_GetDataPaths, abo_OpenKey, abo_CloseKey, abo_ChangePermissions, abo_SaveData,
    abo_GetHandleInfo, abo_GetSystemChangeNumber, abo_GetDataSetNumber, abo_SetLastChangeTime,
    abo_GetLastChangeTime, abo_KeyExchangePhase1, abo_KeyExchangePhase2, abo_Backup, abo_Restore,
    abo_EnumBackups, abo_DeleteBackup, abo_UnmarshalInterface, abo_GetServerGuid,
};

static HRESULT abo_create(REFIID riid, void **out)
{
    struct abo *abo = calloc(1, sizeof(*abo));
    HRESULT hr;
    if (!abo)
        return E_OUTOFMEMORY;
    abo->IMSAdminBaseW_iface.lpVtbl = (IMSAdminBaseWVtbl *)&abo_vtbl;
    abo->refs = 1;
    InterlockedIncrement(&abo_objects);
    hr = abo_QueryInterface(&abo->IMSAdminBaseW_iface, riid, out);
    abo_Release(&abo->IMSAdminBaseW_iface);
    return hr;
}

/* ---- class factory and DLL exports ---- */

static HRESULT WINAPI cf_QueryInterface(IClassFactory *iface, REFIID riid, void **out)
{
    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IClassFactory)) {
        *out = iface;
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI cf_AddRef(IClassFactory *iface)
{
    (void)iface;
    return 2;   /* static object */
}

static ULONG WINAPI cf_Release(IClassFactory *iface)
{
    (void)iface;
    return 1;
}

static HRESULT WINAPI cf_CreateInstance(IClassFactory *iface, IUnknown *outer, REFIID riid, void **out)
{
    (void)iface;
    if (!out)
        return E_POINTER;
    *out = NULL;
    if (outer)
        return CLASS_E_NOAGGREGATION;
    return abo_create(riid, out);
}

static HRESULT WINAPI cf_LockServer(IClassFactory *iface, BOOL lock)
{
    (void)iface;
    if (lock)
        InterlockedIncrement(&abo_locks);
    else
        InterlockedDecrement(&abo_locks);
    return S_OK;
}

static const IClassFactoryVtbl cf_vtbl = {
    cf_QueryInterface, cf_AddRef, cf_Release, cf_CreateInstance, cf_LockServer,
};
static IClassFactory abo_factory = { (IClassFactoryVtbl *)&cf_vtbl };

BOOL WINAPI DllMain(HINSTANCE inst, DWORD reason, void *reserved)
{
    (void)reserved;
    if (reason == DLL_PROCESS_ATTACH) {
        abo_instance = inst;
        DisableThreadLibraryCalls(inst);
    }
    return TRUE;
}

HRESULT WINAPI DllGetClassObject(REFCLSID clsid, REFIID riid, void **out)
{
    if (!out)
        return E_POINTER;
    *out = NULL;
    if (!IsEqualCLSID(clsid, &CLSID_MSAdminBase_W))
        return CLASS_E_CLASSNOTAVAILABLE;
    return cf_QueryInterface(&abo_factory, riid, out);
}

HRESULT WINAPI DllCanUnloadNow(void)
{
    return (abo_objects || abo_locks) ? S_FALSE : S_OK;
}

static LONG set_sz(HKEY key, const WCHAR *name, const WCHAR *value)
{
    return RegSetValueExW(key, name, 0, REG_SZ, (const BYTE *)value, (DWORD)((wcslen(value) + 1) * sizeof(WCHAR)));
}

/* Registers the CLSID (InprocServer32 = this DLL, ThreadingModel Both) and, like IIS setup,
 * creates inetsrv\MetaBase.xml and inetsrv\MetaBack when they do not exist yet. */
HRESULT WINAPI DllRegisterServer(void)
{
    WCHAR module[MAX_PATH], dir[MAX_PATH];
    HKEY clsid, inproc;
    LONG rc;
    HRESULT hr;

    if (!GetModuleFileNameW(abo_instance, module, MAX_PATH))
        return HRESULT_FROM_WIN32(GetLastError());
    rc = RegCreateKeyExW(HKEY_CLASSES_ROOT, ABO_CLSID_KEY, 0, NULL, 0, KEY_WRITE, NULL, &clsid, NULL);
    if (rc)
        return HRESULT_FROM_WIN32(rc);
    set_sz(clsid, NULL, L"IIS Admin Base Object (pasvports lab)");
    rc = RegCreateKeyExW(clsid, L"InprocServer32", 0, NULL, 0, KEY_WRITE, NULL, &inproc, NULL);
    RegCloseKey(clsid);
    if (rc)
        return HRESULT_FROM_WIN32(rc);
    rc = set_sz(inproc, NULL, module);
    if (!rc)
        rc = set_sz(inproc, L"ThreadingModel", L"Both");
    RegCloseKey(inproc);
    if (rc)
        return HRESULT_FROM_WIN32(rc);

    if (FAILED(hr = mb_inetsrv_path(NULL, dir, MAX_PATH)))
        return hr;
    CreateDirectoryW(dir, NULL);
    if (FAILED(hr = mb_inetsrv_path(L"MetaBack", dir, MAX_PATH)))
        return hr;
    CreateDirectoryW(dir, NULL);
    if (FAILED(hr = mb_lock()))
        return hr;
    if (SUCCEEDED(hr = mb_inetsrv_path(L"MetaBase.xml", dir, MAX_PATH)) &&
        GetFileAttributesW(dir) == INVALID_FILE_ATTRIBUTES) {
        mb_defaults(&store);
        hr = mb_write_file(&store);
    }
    mb_unlock();
    return hr;
}

HRESULT WINAPI DllUnregisterServer(void)
{
    LONG rc = RegDeleteTreeW(HKEY_CLASSES_ROOT, ABO_CLSID_KEY);
    if (rc && rc != ERROR_FILE_NOT_FOUND)
        return HRESULT_FROM_WIN32(rc);
    return S_OK;
}
