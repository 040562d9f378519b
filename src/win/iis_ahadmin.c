/* pasvports: IIS 7+ FTP (FTPSVC) configuration through AHADMIN: the server-level data channel
 * range in applicationHost.config, system.ftpServer/firewallSupport lowDataChannelPort /
 * highDataChannelPort at MACHINE/WEBROOT/APPHOST.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * "FTP Firewall Support <firewallSupport>" in the IIS configuration reference
 * (https://learn.microsoft.com/en-us/iis/configuration/system.ftpserver/firewallsupport):
 * both attributes are optional ints, default 0; 0 and 0 means the Windows dynamic port range.
 * The range is a server-level setting only ("Configuring FTP Firewall Settings in IIS 7",
 * https://learn.microsoft.com/en-us/iis/publish/using-the-ftp-service/configuring-ftp-firewall-settings-in-iis-7).
 *
 * Backup: before every write, applicationHost.config is copied whole to
 * %windir%\system32\inetsrv\backup\pasvports-<UTC time>\ (the folder IIS keeps its own
 * configuration backups in, "appcmd add backup"); the newest PASV_AH_BACKUPS_KEPT of ours are
 * kept. The engine's journal keeps the previous values, and the rollback writes them back here:
 * values that were not set are cleared again (IAppHostProperty::Clear), so the file's element
 * is as it was. */
#include "backends.h"

#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

#include "ahcall.h"
#include "com_util.h"
#include "ftpsites.h"

#define SECTION_FW L"system.ftpServer/firewallSupport"
#define PROP_LOW   L"lowDataChannelPort"
#define PROP_HIGH  L"highDataChannelPort"
#define CONFIG_FILE L"\\system32\\inetsrv\\config\\applicationHost.config"
#define BACKUP_DIR L"\\system32\\inetsrv\\backup"
#define BACKUP_PREFIX L"pasvports-"

typedef struct iis_ahadmin {
    pasv_ftp_config iface;
    BOOL invalid;               /* the last get_range found a pair that is not a valid range */
    LONG raw_low, raw_high;     /* ... this one, written back by set_range({0, 0}) */
    WCHAR raw[PASV_RAW_RANGE_MAX];
    WCHAR reason[PASV_AH_REASON_MAX]; /* IIS's reason for refusing the last write, or "" */
    WCHAR backup[MAX_PATH];     /* the last backup made, or "" */
} iis_ahadmin;

static iis_ahadmin *impl_from_config(pasv_ftp_config *cfg)
{
    return PASV_CONTAINER_OF(cfg, iis_ahadmin, iface);
}

/* ---- read ---- */

typedef struct range_read {
    LONG low, high;
} range_read;

static HRESULT read_work(IAppHostWritableAdminManager *mgr, void *arg)
{
    range_read *r = arg;
    IAppHostElement *sec = NULL;
    HRESULT hr = pasv_ah_section(mgr, SECTION_FW, &sec);

    if (SUCCEEDED(hr))
        hr = pasv_ah_get_long(sec, PROP_LOW, &r->low);
    if (SUCCEEDED(hr))
        hr = pasv_ah_get_long(sec, PROP_HIGH, &r->high);
    if (sec)
        IAppHostElement_Release(sec);
    return hr;
}

static pasv_hr ah_get_range(pasv_ftp_config *cfg, pasv_range *range, bool *is_set)
{
    iis_ahadmin *self = impl_from_config(cfg);
    range_read r = {0, 0};
    pasv_range pair;
    HRESULT hr = pasv_ah_run(read_work, &r);

    if (FAILED(hr))
        return hr;
    if (r.low == 0 && r.high == 0) {
        /* Not set (or set to the default, which means the same): the Windows dynamic range. */
        self->invalid = FALSE;
        *range = pasv_range_server_default(PASV_SERVER_IIS7);
        *is_set = false;
        return S_OK;
    }
    pair.low = (uint16_t)(r.low >= 0 && r.low <= 65535 ? r.low : 0);
    pair.high = (uint16_t)(r.high >= 0 && r.high <= 65535 ? r.high : 0);
    if (pair.low != r.low || pair.high != r.high || pasv_range_validate(&pair, PASV_SERVER_IIS7) != PASV_RANGE_OK) {
        /* Set by hand to a pair FTPSVC cannot use ("6000" and "5000", or "0" and "5000"):
         * reported as such and kept, so a rollback puts back exactly this pair. */
        self->invalid = TRUE;
        self->raw_low = r.low;
        self->raw_high = r.high;
        swprintf(self->raw, PASV_RAW_RANGE_MAX, L"%ld-%ld", (long)r.low, (long)r.high);
        range->low = range->high = 0;
        *is_set = true;
        return PASV_S_RANGE_INVALID;
    }
    self->invalid = FALSE;
    *range = pair;
    *is_set = true;
    return S_OK;
}

/* ---- write ---- */

typedef struct range_write {
    BOOL clear;
    LONG low, high;
    WCHAR *reason;
} range_write;

static HRESULT write_work(IAppHostWritableAdminManager *mgr, void *arg)
{
    range_write *w = arg;
    IAppHostElement *sec = NULL;
    HRESULT hr = pasv_ah_section(mgr, SECTION_FW, &sec);

    if (SUCCEEDED(hr) && w->clear) {
        hr = pasv_ah_clear(sec, PROP_LOW);
        if (SUCCEEDED(hr))
            hr = pasv_ah_clear(sec, PROP_HIGH);
    } else if (SUCCEEDED(hr)) {
        hr = pasv_ah_put_long(sec, PROP_LOW, w->low, w->reason, PASV_AH_REASON_MAX);
        if (SUCCEEDED(hr))
            hr = pasv_ah_put_long(sec, PROP_HIGH, w->high, w->reason, PASV_AH_REASON_MAX);
    }
    /* Nothing reaches the file unless both values were accepted. */
    if (SUCCEEDED(hr))
        hr = IAppHostWritableAdminManager_CommitChanges(mgr);
    if (sec)
        IAppHostElement_Release(sec);
    return hr;
}

static pasv_hr ah_set_range(pasv_ftp_config *cfg, const pasv_range *range)
{
    iis_ahadmin *self = impl_from_config(cfg);
    range_write w = {FALSE, 0, 0, self->reason};

    self->reason[0] = 0;
    if (!range) {
        w.clear = TRUE;
    } else if (pasv_range_is_invalid_mark(range) && self->invalid) {
        w.low = self->raw_low; /* rollback over a pair set by hand: the same pair again */
        w.high = self->raw_high;
    } else {
        w.low = range->low;
        w.high = range->high;
    }
    return pasv_ah_run(write_work, &w);
}

/* ---- backup ---- */

static HRESULT windows_path(const WCHAR *tail, WCHAR *buf, size_t cap)
{
    UINT n = GetSystemWindowsDirectoryW(buf, (UINT)cap);

    if (n == 0 || n >= cap)
        return n == 0 ? HRESULT_FROM_WIN32(GetLastError()) : HRESULT_FROM_WIN32(ERROR_BUFFER_OVERFLOW);
    if (wcslen(buf) + wcslen(tail) + 1 > cap)
        return HRESULT_FROM_WIN32(ERROR_BUFFER_OVERFLOW);
    wcscat(buf, tail);
    return S_OK;
}

static int name_order(const void *a, const void *b)
{
    return wcscmp((const WCHAR *)a, (const WCHAR *)b);
}

/* Deletes our oldest backups so that at most keep remain (names sort by time). Other folders
 * in the backup directory are never touched. */
static void prune_backups(const WCHAR *dir, size_t keep)
{
    WCHAR pattern[MAX_PATH], (*names)[MAX_PATH] = NULL;
    WIN32_FIND_DATAW fd;
    HANDLE find;
    size_t n = 0, cap = 0, i;

    if (swprintf(pattern, MAX_PATH, L"%ls\\" BACKUP_PREFIX L"*", dir) < 0)
        return;
    find = FindFirstFileW(pattern, &fd);
    if (find == INVALID_HANDLE_VALUE)
        return;
    do {
        if (!(fd.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY))
            continue;
        if (n == cap) {
            void *grown = realloc(names, (cap ? cap * 2 : 16) * sizeof(*names));
            if (!grown)
                break;
            names = grown;
            cap = cap ? cap * 2 : 16;
        }
        wcsncpy(names[n], fd.cFileName, MAX_PATH - 1);
        names[n++][MAX_PATH - 1] = 0;
    } while (FindNextFileW(find, &fd));
    FindClose(find);
    if (names)
        qsort(names, n, sizeof(*names), name_order);
    for (i = 0; n > keep && i < n - keep; i++) {
        WCHAR path[MAX_PATH];
        if (swprintf(path, MAX_PATH, L"%ls\\%ls\\applicationHost.config", dir, names[i]) > 0)
            DeleteFileW(path);
        if (swprintf(path, MAX_PATH, L"%ls\\%ls", dir, names[i]) > 0)
            RemoveDirectoryW(path);
    }
    free(names);
}

static pasv_hr ah_backup(pasv_ftp_config *cfg)
{
    iis_ahadmin *self = impl_from_config(cfg);
    WCHAR config[MAX_PATH], dir[MAX_PATH], folder[MAX_PATH], copy[MAX_PATH];
    SYSTEMTIME t;
    HRESULT hr;

    hr = windows_path(CONFIG_FILE, config, MAX_PATH);
    if (SUCCEEDED(hr))
        hr = windows_path(BACKUP_DIR, dir, MAX_PATH);
    if (FAILED(hr))
        return hr;
    if (!CreateDirectoryW(dir, NULL) && GetLastError() != ERROR_ALREADY_EXISTS)
        return HRESULT_FROM_WIN32(GetLastError());
    prune_backups(dir, PASV_AH_BACKUPS_KEPT - 1);
    GetSystemTime(&t);
    swprintf(folder, MAX_PATH, L"%ls\\" BACKUP_PREFIX L"%04u%02u%02u-%02u%02u%02u-%03u", dir, t.wYear, t.wMonth,
             t.wDay, t.wHour, t.wMinute, t.wSecond, t.wMilliseconds);
    if (!CreateDirectoryW(folder, NULL) && GetLastError() != ERROR_ALREADY_EXISTS)
        return HRESULT_FROM_WIN32(GetLastError());
    swprintf(copy, MAX_PATH, L"%ls\\applicationHost.config", folder);
    if (!CopyFileW(config, copy, FALSE))
        return HRESULT_FROM_WIN32(GetLastError());
    wcscpy(self->backup, copy);
    return S_OK;
}

static pasv_hr ah_get_edit_while_running(pasv_ftp_config *cfg, bool *on)
{
    (void)cfg;
    (void)on;
    return PASV_E_NOTIMPL; /* an IIS 6 metabase setting */
}

static pasv_hr ah_set_edit_while_running(pasv_ftp_config *cfg, bool on)
{
    (void)cfg;
    (void)on;
    return PASV_E_NOTIMPL;
}

/* ---- a site's external address (issue 13; ftpsites.c does the AppHost walk) ---- */

static pasv_hr ah_get_external_ip(pasv_ftp_config *cfg, const char *site, char *ip, size_t cap)
{
    pasv_ftp_sites sites = {NULL, 0};
    WCHAR *wsite = pasv_wide_from_utf8(site);
    HRESULT hr = wsite ? pasv_ftp_sites_list(&sites) : E_OUTOFMEMORY;

    (void)cfg;
    if (SUCCEEDED(hr)) {
        const pasv_ftp_site *found = pasv_ftp_sites_find(&sites, wsite);
        if (!found)
            hr = HRESULT_FROM_WIN32(ERROR_NOT_FOUND);
        else if (!pasv_utf8_from_wide(found->external_ip, ip, cap))
            hr = E_OUTOFMEMORY;
    }
    pasv_ftp_sites_free(&sites);
    free(wsite);
    return (pasv_hr)hr;
}

static pasv_hr ah_set_external_ip(pasv_ftp_config *cfg, const char *site, const char *expected, const char *ip)
{
    iis_ahadmin *self = impl_from_config(cfg);
    WCHAR *wsite = pasv_wide_from_utf8(site), *wexp = pasv_wide_from_utf8(expected), *wip = pasv_wide_from_utf8(ip);
    HRESULT hr = E_OUTOFMEMORY;

    if (wsite && wexp && wip)
        hr = pasv_ftp_site_set_external_ip_owned(wsite, wexp, wip, self->reason, PASV_AH_REASON_MAX);
    free(wsite);
    free(wexp);
    free(wip);
    return (pasv_hr)hr;
}

static const pasv_ftp_config_vtable ahadmin_vtable = {
    ah_get_range,
    ah_backup,
    ah_set_range,
    ah_get_edit_while_running,
    ah_set_edit_while_running,
    ah_get_external_ip,
    ah_set_external_ip,
};

const WCHAR *pasv_iis_ahadmin_invalid_text(pasv_ftp_config *cfg)
{
    iis_ahadmin *self = cfg ? impl_from_config(cfg) : NULL;
    return self && self->invalid ? self->raw : NULL;
}

HRESULT pasv_iis_ahadmin_restore_raw(pasv_ftp_config *cfg, const WCHAR *text)
{
    iis_ahadmin *self = cfg ? impl_from_config(cfg) : NULL;
    long low, high;
    WCHAR tail;

    if (!self || !text || wcslen(text) >= PASV_RAW_RANGE_MAX || swscanf(text, L"%ld-%ld%lc", &low, &high, &tail) != 2)
        return E_INVALIDARG;
    wcscpy(self->raw, text);
    self->raw_low = low;
    self->raw_high = high;
    self->invalid = TRUE;
    return S_OK;
}

const WCHAR *pasv_iis_ahadmin_reason(pasv_ftp_config *cfg)
{
    iis_ahadmin *self = cfg ? impl_from_config(cfg) : NULL;
    return self && self->reason[0] ? self->reason : NULL;
}

const WCHAR *pasv_iis_ahadmin_last_backup(pasv_ftp_config *cfg)
{
    iis_ahadmin *self = cfg ? impl_from_config(cfg) : NULL;
    return self && self->backup[0] ? self->backup : NULL;
}

HRESULT pasv_iis_ahadmin_create(pasv_ftp_config **out)
{
    iis_ahadmin *self;

    /* Nothing is read here: get_range says what is wrong (REGDB_E_CLASSNOTREG without IIS,
     * E_ACCESSDENIED when not elevated), as each read and write does. */
    *out = NULL;
    self = calloc(1, sizeof(*self));
    if (!self)
        return E_OUTOFMEMORY;
    self->iface.vt = &ahadmin_vtable;
    *out = &self->iface;
    return S_OK;
}

void pasv_iis_ahadmin_free(pasv_ftp_config *cfg)
{
    if (cfg)
        free(impl_from_config(cfg));
}
