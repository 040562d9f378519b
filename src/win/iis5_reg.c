/* pasvports: IIS 5 (Windows 2000 SP4) FTP configuration: the PassivePortRange registry value.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * HKLM\SYSTEM\CurrentControlSet\Services\MSFTPSVC\Parameters\PassivePortRange, REG_SZ, the same
 * syntax and 5001-65535 bounds as the IIS 6 metabase property. There is no backup facility of
 * its own: the engine reads and remembers the previous value before writing, and rolls back by
 * writing it again (or deleting the value when there was none). */
#include "backends.h"

#include <stdlib.h>
#include <wchar.h>

#include "winrange.h"

#define PARAMETERS_KEY L"SYSTEM\\CurrentControlSet\\Services\\MSFTPSVC\\Parameters"
#define VALUE_NAME     L"PassivePortRange"

typedef struct iis5_reg {
    pasv_ftp_config iface;
    BOOL invalid;                    /* the last get_range found a value that is not a range */
    DWORD raw_type;                  /* REG_SZ or REG_EXPAND_SZ, as it was */
    WCHAR raw[PASV_RAW_RANGE_MAX];   /* ... this text, written back by set_range({0, 0}) */
} iis5_reg;

static iis5_reg *impl_from_config(pasv_ftp_config *cfg)
{
    return PASV_CONTAINER_OF(cfg, iis5_reg, iface);
}

static pasv_hr reg_get_range(pasv_ftp_config *cfg, pasv_range *range, bool *is_set)
{
    iis5_reg *self = impl_from_config(cfg);
    WCHAR text[PASV_RAW_RANGE_MAX + 1] = L"";
    DWORD type = 0, bytes = sizeof(text) - sizeof(WCHAR);
    HKEY key = NULL;
    pasv_range parsed = pasv_range_server_default(PASV_SERVER_IIS5);
    bool set = false;
    LONG err;

    self->invalid = FALSE;
    err = RegOpenKeyExW(HKEY_LOCAL_MACHINE, PARAMETERS_KEY, 0, KEY_QUERY_VALUE, &key);
    if (err == ERROR_FILE_NOT_FOUND) {
        *range = parsed; /* no Parameters key: nothing configured */
        *is_set = false;
        return S_OK;
    }
    if (err != ERROR_SUCCESS)
        return HRESULT_FROM_WIN32(err);
    err = RegQueryValueExW(key, VALUE_NAME, NULL, &type, (BYTE *)text, &bytes);
    RegCloseKey(key);
    if (err == ERROR_FILE_NOT_FOUND) {
        *range = parsed;
        *is_set = false;
        return S_OK;
    }
    if (err == ERROR_MORE_DATA)
        return HRESULT_FROM_WIN32(ERROR_INVALID_DATA); /* too long to keep and restore exactly */
    if (err != ERROR_SUCCESS)
        return HRESULT_FROM_WIN32(err);
    if (type != REG_SZ && type != REG_EXPAND_SZ)
        return HRESULT_FROM_WIN32(ERROR_INVALID_DATATYPE);
    text[bytes / sizeof(WCHAR)] = 0;
    if (!pasv_range_from_wide(text, &parsed, &set)) {
        /* Set by hand and not a range (IIS will not start with it, cc738280): reported as
         * such and kept verbatim, so apply can replace it and a rollback restore it. */
        if (wcslen(text) >= PASV_RAW_RANGE_MAX)
            return HRESULT_FROM_WIN32(ERROR_INVALID_DATA);
        wcscpy(self->raw, text);
        self->raw_type = type;
        self->invalid = TRUE;
        range->low = range->high = 0;
        *is_set = true;
        return PASV_S_RANGE_INVALID;
    }
    *range = set ? parsed : pasv_range_server_default(PASV_SERVER_IIS5);
    *is_set = set;
    return S_OK;
}

static pasv_hr reg_backup(pasv_ftp_config *cfg)
{
    (void)cfg;
    return PASV_S_FALSE;
}

static pasv_hr reg_set_range(pasv_ftp_config *cfg, const pasv_range *range)
{
    iis5_reg *self = impl_from_config(cfg);
    WCHAR text[PASV_RANGE_TEXT_MAX];
    const WCHAR *value = text;
    DWORD type = REG_SZ;
    HKEY key = NULL;
    LONG err;

    if (range && pasv_range_is_invalid_mark(range)) {
        if (!self->invalid)
            return E_INVALIDARG; /* no invalid value was read: nothing to put back */
        value = self->raw;
        type = self->raw_type;
    } else if (range) {
        pasv_range_to_wide(range, text, PASV_RANGE_TEXT_MAX);
    }
    if (!range) {
        err = RegOpenKeyExW(HKEY_LOCAL_MACHINE, PARAMETERS_KEY, 0, KEY_SET_VALUE, &key);
        if (err == ERROR_FILE_NOT_FOUND)
            return S_OK;
        if (err != ERROR_SUCCESS)
            return HRESULT_FROM_WIN32(err);
        err = RegDeleteValueW(key, VALUE_NAME);
        RegCloseKey(key);
        return (err == ERROR_SUCCESS || err == ERROR_FILE_NOT_FOUND) ? S_OK : HRESULT_FROM_WIN32(err);
    }
    err = RegCreateKeyExW(HKEY_LOCAL_MACHINE, PARAMETERS_KEY, 0, NULL, 0, KEY_SET_VALUE, NULL, &key, NULL);
    if (err != ERROR_SUCCESS)
        return HRESULT_FROM_WIN32(err);
    err = RegSetValueExW(key, VALUE_NAME, 0, type, (const BYTE *)value, (DWORD)((wcslen(value) + 1) * sizeof(WCHAR)));
    RegCloseKey(key);
    return err == ERROR_SUCCESS ? S_OK : HRESULT_FROM_WIN32(err);
}

static pasv_hr reg_get_edit_while_running(pasv_ftp_config *cfg, bool *on)
{
    (void)cfg;
    (void)on;
    return PASV_E_NOTIMPL; /* an IIS 6 metabase setting; IIS 5 has no MetaBase.xml */
}

static pasv_hr reg_set_edit_while_running(pasv_ftp_config *cfg, bool on)
{
    (void)cfg;
    (void)on;
    return PASV_E_NOTIMPL;
}

const WCHAR *pasv_iis5_reg_invalid_text(pasv_ftp_config *cfg)
{
    iis5_reg *self = cfg ? impl_from_config(cfg) : NULL;
    return self && self->invalid ? self->raw : NULL;
}

DWORD pasv_iis5_reg_invalid_type(pasv_ftp_config *cfg)
{
    iis5_reg *self = cfg ? impl_from_config(cfg) : NULL;
    return self && self->invalid ? self->raw_type : 0;
}

HRESULT pasv_iis5_reg_restore_raw(pasv_ftp_config *cfg, const WCHAR *text, DWORD type)
{
    iis5_reg *self = cfg ? impl_from_config(cfg) : NULL;

    if (!self || !text || !text[0] || wcslen(text) >= PASV_RAW_RANGE_MAX || (type != REG_SZ && type != REG_EXPAND_SZ))
        return E_INVALIDARG;
    wcscpy(self->raw, text);
    self->raw_type = type;
    self->invalid = TRUE;
    return S_OK;
}

static const pasv_ftp_config_vtable reg_vtable = {
    reg_get_range,
    reg_backup,
    reg_set_range,
    reg_get_edit_while_running,
    reg_set_edit_while_running,
    NULL, /* get_external_ip: IIS 7+ only */
    NULL,
};

HRESULT pasv_iis5_reg_create(pasv_ftp_config **out)
{
    iis5_reg *self = calloc(1, sizeof(*self));

    *out = NULL;
    if (!self)
        return E_OUTOFMEMORY;
    self->iface.vt = &reg_vtable;
    *out = &self->iface;
    return S_OK;
}

void pasv_iis5_reg_free(pasv_ftp_config *cfg)
{
    if (cfg)
        free(impl_from_config(cfg));
}
