/* pasvports: IIS 6 FTP configuration through the metabase's Admin Base Objects (IMSAdminBase).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * iadmw.h does not compile with COBJMACROS defined (mingw-w64 10's line 603 reads "  define
 * AsyncIMSAdminBaseSinkW_QueryInterface..."), so this file includes it before COBJMACROS and calls
 * ABO through the small ABO_* macros below. */
#ifndef UNICODE
#define UNICODE
#endif
#ifndef _UNICODE
#define _UNICODE
#endif
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
#include <objbase.h>
#include <iadmw.h>
#include <iiscnfg.h>
#include <mdmsg.h>

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "backends.h"
#include "winrange.h"

#define ABO_OpenKey(p, h, path, access, timeout, out) (p)->lpVtbl->OpenKey(p, h, path, access, timeout, out)
#define ABO_CloseKey(p, h)                   (p)->lpVtbl->CloseKey(p, h)
#define ABO_GetData(p, h, path, rec, need)   (p)->lpVtbl->GetData(p, h, path, rec, need)
#define ABO_SetData(p, h, path, rec)         (p)->lpVtbl->SetData(p, h, path, rec)
#define ABO_DeleteData(p, h, path, id, type) (p)->lpVtbl->DeleteData(p, h, path, id, type)
#define ABO_SaveData(p)                      (p)->lpVtbl->SaveData(p)
#define ABO_Backup(p, loc, ver, flags)       (p)->lpVtbl->Backup(p, loc, ver, flags)
#define ABO_EnumBackups(p, loc, ver, ft, i)  (p)->lpVtbl->EnumBackups(p, loc, ver, ft, i)
#define ABO_DeleteBackup(p, loc, ver)        (p)->lpVtbl->DeleteBackup(p, loc, ver)
#define ABO_Release(p)                       (p)->lpVtbl->Release(p)

/* mdmsg.h spells it as an unsigned long; HRESULTs are signed. */
#define ABO_E_DATA_NOT_FOUND ((HRESULT)MD_ERROR_DATA_NOT_FOUND)

#define FTP_SERVICE_PATH L"/LM/MSFTPSVC"
#define COMPUTER_PATH    L"/LM"
#define BACKUP_LOCATION  L"pasvports"
#define OPEN_TIMEOUT_MS  10000
/* ERROR_PATH_BUSY: another administrator tool holds the key. A few short retries ride out a
 * brief hold; a longer one is reported, not waited out, so the UI stays honest. */
#define BUSY_RETRIES     5
#define BUSY_SLEEP_MS    400

typedef struct iis_abo {
    pasv_ftp_config iface;
    IMSAdminBaseW *abo;
    BOOL invalid;                    /* the last get_range found a value that is not a range */
    WCHAR raw[PASV_RAW_RANGE_MAX];   /* ... this one, written back by set_range({0, 0}) */
} iis_abo;

/* One backup of ours, as EnumBackups lists it. */
typedef struct our_backup {
    DWORD version;
    FILETIME when;
} our_backup;

static iis_abo *impl_from_config(pasv_ftp_config *cfg)
{
    return PASV_CONTAINER_OF(cfg, iis_abo, iface);
}

static BOOL is_busy(HRESULT hr)
{
    return hr == HRESULT_FROM_WIN32(ERROR_PATH_BUSY);
}

static HRESULT open_key(iis_abo *self, const WCHAR *path, DWORD access, METADATA_HANDLE *handle)
{
    HRESULT hr = E_FAIL;
    int attempt;

    for (attempt = 0; attempt < BUSY_RETRIES; attempt++) {
        hr = ABO_OpenKey(self->abo, METADATA_MASTER_ROOT_HANDLE, path, access, OPEN_TIMEOUT_MS, handle);
        if (!is_busy(hr))
            break;
        Sleep(BUSY_SLEEP_MS);
    }
    return hr;
}

static HRESULT save_data(iis_abo *self)
{
    HRESULT hr = E_FAIL;
    int attempt;

    for (attempt = 0; attempt < BUSY_RETRIES; attempt++) {
        hr = ABO_SaveData(self->abo);
        if (!is_busy(hr))
            break;
        Sleep(BUSY_SLEEP_MS);
    }
    return hr;
}

/* Reads a DWORD at path; *found false (and S_OK) when the value is not set. */
static HRESULT read_dword(iis_abo *self, const WCHAR *path, DWORD id, DWORD *value, BOOL *found)
{
    METADATA_HANDLE handle = 0;
    METADATA_RECORD rec = {0};
    DWORD data = 0, need = 0;
    HRESULT hr;

    hr = open_key(self, path, METADATA_PERMISSION_READ, &handle);
    if (FAILED(hr))
        return hr;
    rec.dwMDIdentifier = id;
    rec.dwMDAttributes = METADATA_NO_ATTRIBUTES;
    rec.dwMDUserType = IIS_MD_UT_SERVER;
    rec.dwMDDataType = DWORD_METADATA;
    rec.dwMDDataLen = sizeof(data);
    rec.pbMDData = (unsigned char *)&data;
    hr = ABO_GetData(self->abo, handle, L"", &rec, &need);
    ABO_CloseKey(self->abo, handle);
    if (hr == ABO_E_DATA_NOT_FOUND) {
        *found = FALSE;
        return S_OK;
    }
    if (FAILED(hr))
        return hr;
    *value = data;
    *found = TRUE;
    return S_OK;
}

static pasv_hr abo_get_range(pasv_ftp_config *cfg, pasv_range *range, bool *is_set)
{
    iis_abo *self = impl_from_config(cfg);
    METADATA_HANDLE handle = 0;
    METADATA_RECORD rec = {0};
    WCHAR small[64] = L"";
    WCHAR *buf = small;
    DWORD need = 0;
    pasv_range parsed = pasv_range_server_default(PASV_SERVER_IIS6);
    bool set = false;
    HRESULT hr;

    hr = open_key(self, FTP_SERVICE_PATH, METADATA_PERMISSION_READ, &handle);
    if (FAILED(hr))
        return hr;
    rec.dwMDIdentifier = MD_PASSIVE_PORT_RANGE;
    rec.dwMDAttributes = METADATA_INHERIT;
    rec.dwMDUserType = IIS_MD_UT_SERVER;
    rec.dwMDDataType = STRING_METADATA;
    rec.dwMDDataLen = sizeof(small);
    rec.pbMDData = (unsigned char *)small;
    hr = ABO_GetData(self->abo, handle, L"", &rec, &need);
    if (hr == HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER) && need > 0 && need < 65536) {
        /* Only a corrupt value is this long, but read it to report it rather than guess. */
        buf = calloc(need / sizeof(WCHAR) + 1, sizeof(WCHAR));
        if (!buf) {
            hr = E_OUTOFMEMORY;
            goto cleanup;
        }
        rec.dwMDDataLen = need;
        rec.pbMDData = (unsigned char *)buf;
        hr = ABO_GetData(self->abo, handle, L"", &rec, &need);
    }
    if (hr == ABO_E_DATA_NOT_FOUND) {
        hr = S_OK; /* never set: the server uses its default, 1025-5000 */
    } else if (SUCCEEDED(hr)) {
        DWORD chars = rec.dwMDDataLen / sizeof(WCHAR);
        buf[chars ? chars - 1 : 0] = 0; /* trust no terminator */
        if (!pasv_range_from_wide(buf, &parsed, &set)) {
            /* Set by hand and not a range: "the service will invalidate it and will not
             * restart" (PassivePortRange, https://learn.microsoft.com/previous-versions/windows/
             * it-pro/windows-server-2003/cc738280(v=ws.10)). Reported as such, kept verbatim so
             * that apply can replace it and a rollback put back exactly what was there. */
            if (wcslen(buf) >= PASV_RAW_RANGE_MAX) {
                hr = HRESULT_FROM_WIN32(ERROR_INVALID_DATA); /* too long to restore exactly */
                goto cleanup;
            }
            wcscpy(self->raw, buf);
            self->invalid = TRUE;
            range->low = range->high = 0;
            *is_set = true;
            hr = PASV_S_RANGE_INVALID;
            goto cleanup;
        }
        if (!set)
            parsed = pasv_range_server_default(PASV_SERVER_IIS6);
    }
    if (SUCCEEDED(hr)) {
        self->invalid = FALSE;
        *range = parsed;
        *is_set = set;
    }
cleanup:
    ABO_CloseKey(self->abo, handle);
    if (buf != small)
        free(buf);
    return hr;
}

/* Our backups (location exactly BACKUP_LOCATION), in EnumBackups order. Other locations are
 * someone else's and are never listed here, so never pruned. */
static HRESULT list_our_backups(iis_abo *self, our_backup **out, DWORD *count)
{
    our_backup *list = NULL;
    DWORD n = 0, cap = 0, index;
    HRESULT hr = S_OK;

    for (index = 0;; index++) {
        WCHAR loc[MD_BACKUP_MAX_LEN + 1] = BACKUP_LOCATION;
        DWORD version = 0;
        FILETIME when = {0, 0};

        hr = ABO_EnumBackups(self->abo, loc, &version, &when, index);
        if (hr == HRESULT_FROM_WIN32(ERROR_NO_MORE_ITEMS)) {
            hr = S_OK;
            break;
        }
        if (FAILED(hr))
            break;
        if (_wcsicmp(loc, BACKUP_LOCATION) != 0)
            continue;
        if (n == cap) {
            our_backup *grown = realloc(list, (cap ? cap * 2 : 16) * sizeof(*list));
            if (!grown) {
                hr = E_OUTOFMEMORY;
                break;
            }
            list = grown;
            cap = cap ? cap * 2 : 16;
        }
        list[n].version = version;
        list[n].when = when;
        n++;
    }
    if (FAILED(hr)) {
        free(list);
        return hr;
    }
    *out = list;
    *count = n;
    return S_OK;
}

/* Newest first: by time, then (same time) the higher version. */
static int newer_first(const void *a, const void *b)
{
    const our_backup *x = a, *y = b;
    ULONGLONG tx = ((ULONGLONG)x->when.dwHighDateTime << 32) | x->when.dwLowDateTime;
    ULONGLONG ty = ((ULONGLONG)y->when.dwHighDateTime << 32) | y->when.dwLowDateTime;

    if (tx != ty)
        return tx > ty ? -1 : 1;
    return x->version > y->version ? -1 : x->version < y->version ? 1 : 0;
}

/* The version of the next backup: one past the newest while that fits (MD_BACKUP_NEXT_VERSION
 * would fail forever once version 9999 exists), else the lowest version not in use. */
static DWORD next_backup_version(const our_backup *kept, DWORD n)
{
    DWORD v, i;

    if (n == 0)
        return 0;
    if (kept[0].version < MD_BACKUP_MAX_VERSION)
        return kept[0].version + 1;
    for (v = 0; v < MD_BACKUP_MAX_VERSION; v++) {
        for (i = 0; i < n && kept[i].version != v; i++)
            ;
        if (i == n)
            return v;
    }
    return MD_BACKUP_MAX_VERSION; /* unreachable: at most PASV_ABO_BACKUPS_KEPT are kept */
}

static HRESULT backup_version(iis_abo *self, DWORD version)
{
    HRESULT hr = E_FAIL;
    int attempt;

    /* No write handle is open here: SAVE_FIRST runs SaveData, which fails while one is. */
    for (attempt = 0; attempt < BUSY_RETRIES; attempt++) {
        hr = ABO_Backup(self->abo, BACKUP_LOCATION, version,
                        MD_BACKUP_SAVE_FIRST | MD_BACKUP_FORCE_BACKUP | MD_BACKUP_OVERWRITE);
        if (!is_busy(hr))
            break;
        Sleep(BUSY_SLEEP_MS);
    }
    return hr;
}

/* IMSAdminBase::Backup, https://learn.microsoft.com/previous-versions/iis/6.0-sdk/ms525180(v=vs.90):
 * versions run 0..MD_BACKUP_MAX_VERSION (9999). Keeps the newest PASV_ABO_BACKUPS_KEPT of ours:
 * the older ones go through IMSAdminBase::DeleteBackup before the new one is made, so a slot is
 * always free. A backup that cannot be pruned is left (reported only if the new one then fails). */
static pasv_hr abo_backup(pasv_ftp_config *cfg)
{
    iis_abo *self = impl_from_config(cfg);
    our_backup *list = NULL;
    DWORD n = 0, i, keep = PASV_ABO_BACKUPS_KEPT - 1;
    HRESULT hr;

    hr = list_our_backups(self, &list, &n);
    if (FAILED(hr))
        return hr;
    qsort(list, n, sizeof(*list), newer_first);
    for (i = keep; i < n; i++)
        (void)ABO_DeleteBackup(self->abo, BACKUP_LOCATION, list[i].version);
    hr = backup_version(self, next_backup_version(list, n < keep ? n : keep));
    free(list);
    return hr;
}

static pasv_hr abo_set_range(pasv_ftp_config *cfg, const pasv_range *range)
{
    iis_abo *self = impl_from_config(cfg);
    METADATA_HANDLE handle = 0;
    METADATA_RECORD rec = {0};
    WCHAR text[PASV_RANGE_TEXT_MAX];
    HRESULT hr;

    hr = open_key(self, FTP_SERVICE_PATH, METADATA_PERMISSION_READ | METADATA_PERMISSION_WRITE, &handle);
    if (FAILED(hr))
        return hr;
    if (range) {
        const WCHAR *value = text;
        if (pasv_range_is_invalid_mark(range)) {
            if (!self->invalid) {
                hr = E_INVALIDARG; /* no invalid value was read: nothing to put back */
                goto cleanup;
            }
            value = self->raw; /* rollback over a value set by hand: the same text again */
        } else {
            pasv_range_to_wide(range, text, PASV_RANGE_TEXT_MAX);
        }
        rec.dwMDIdentifier = MD_PASSIVE_PORT_RANGE;
        rec.dwMDAttributes = METADATA_INHERIT;
        rec.dwMDUserType = IIS_MD_UT_SERVER;
        rec.dwMDDataType = STRING_METADATA;
        rec.dwMDDataLen = (DWORD)((wcslen(value) + 1) * sizeof(WCHAR)); /* bytes, with the NUL */
        rec.pbMDData = (unsigned char *)value;
        hr = ABO_SetData(self->abo, handle, L"", &rec);
    } else {
        hr = ABO_DeleteData(self->abo, handle, L"", MD_PASSIVE_PORT_RANGE, ALL_METADATA);
        if (hr == ABO_E_DATA_NOT_FOUND)
            hr = S_OK; /* already the default */
    }
cleanup:
    ABO_CloseKey(self->abo, handle);
    if (FAILED(hr))
        return hr;
    /* Closed first: SaveData fails with ERROR_PATH_BUSY while a write handle is open. */
    return save_data(self);
}

static pasv_hr abo_get_edit_while_running(pasv_ftp_config *cfg, bool *on)
{
    iis_abo *self = impl_from_config(cfg);
    DWORD value = 0;
    BOOL found = FALSE;
    HRESULT hr = read_dword(self, COMPUTER_PATH, MD_ROOT_ENABLE_EDIT_WHILE_RUNNING, &value, &found);

    if (SUCCEEDED(hr))
        *on = found && value != 0; /* internal default 0 */
    return hr;
}

static pasv_hr abo_set_edit_while_running(pasv_ftp_config *cfg, bool on)
{
    iis_abo *self = impl_from_config(cfg);
    METADATA_HANDLE handle = 0;
    METADATA_RECORD rec = {0};
    DWORD value = on ? 1 : 0, history = 1;
    HRESULT hr;

    hr = open_key(self, COMPUTER_PATH, METADATA_PERMISSION_READ | METADATA_PERMISSION_WRITE, &handle);
    if (FAILED(hr))
        return hr;
    rec.dwMDAttributes = METADATA_NO_ATTRIBUTES;
    rec.dwMDUserType = IIS_MD_UT_SERVER;
    rec.dwMDDataType = DWORD_METADATA;
    rec.dwMDDataLen = sizeof(DWORD);
    if (on) {
        /* Edit-while-running needs EnableHistory on (IIS resets it and logs a warning otherwise). */
        rec.dwMDIdentifier = MD_ROOT_ENABLE_HISTORY;
        rec.pbMDData = (unsigned char *)&history;
        hr = ABO_SetData(self->abo, handle, L"", &rec);
    }
    if (SUCCEEDED(hr)) {
        rec.dwMDIdentifier = MD_ROOT_ENABLE_EDIT_WHILE_RUNNING;
        rec.pbMDData = (unsigned char *)&value;
        hr = ABO_SetData(self->abo, handle, L"", &rec);
    }
    ABO_CloseKey(self->abo, handle);
    if (FAILED(hr))
        return hr;
    return save_data(self);
}

const WCHAR *pasv_iis_abo_invalid_text(pasv_ftp_config *cfg)
{
    iis_abo *self = cfg ? impl_from_config(cfg) : NULL;
    return self && self->invalid ? self->raw : NULL;
}

HRESULT pasv_iis_abo_restore_raw(pasv_ftp_config *cfg, const WCHAR *text)
{
    iis_abo *self = cfg ? impl_from_config(cfg) : NULL;

    if (!self || !text || !text[0] || wcslen(text) >= PASV_RAW_RANGE_MAX)
        return E_INVALIDARG;
    wcscpy(self->raw, text);
    self->invalid = TRUE;
    return S_OK;
}

static const pasv_ftp_config_vtable abo_vtable = {
    abo_get_range,
    abo_backup,
    abo_set_range,
    abo_get_edit_while_running,
    abo_set_edit_while_running,
    NULL, /* get_external_ip: IIS 7+ only */
    NULL,
};

HRESULT pasv_iis_abo_create(pasv_ftp_config **out)
{
    iis_abo *self;
    HRESULT hr;

    *out = NULL;
    self = calloc(1, sizeof(*self));
    if (!self)
        return E_OUTOFMEMORY;
    self->iface.vt = &abo_vtable;
    /* ABO is a DCOM server hosted by inetinfo.exe: CLSCTX_ALL reaches it out of process on
     * Windows, and an in-process server where one is registered. */
    hr = CoCreateInstance(&CLSID_MSAdminBase_W, NULL, CLSCTX_ALL, &IID_IMSAdminBase_W, (void **)&self->abo);
    if (FAILED(hr)) {
        free(self);
        return hr;
    }
    *out = &self->iface;
    return S_OK;
}

void pasv_iis_abo_free(pasv_ftp_config *cfg)
{
    iis_abo *self;

    if (!cfg)
        return;
    self = impl_from_config(cfg);
    if (self->abo)
        ABO_Release(self->abo);
    free(self);
}
