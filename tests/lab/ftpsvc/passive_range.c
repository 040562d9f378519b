/* Lab FTP service: reads and validates PassivePortRange like IIS 6 (metabase) or IIS 5 (registry).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 * The one file of lab_ftpsvc.exe that includes <initguid.h>; <iadmw.h> breaks under COBJMACROS
 * (mingw-w64 10's iadmw.h line 603 lacks a '#'), so nothing here defines it and ABO is called
 * through lpVtbl. */
#include <stdio.h>
#include "ftpsvc.h"
#include <initguid.h>
#include <iadmw.h>
#include <iiscnfg.h>
#include <mdmsg.h>
#include "labfw.h"

/* Winsock's ephemeral range, which IIS 6 uses when the value is unset (cc738280). */
#define DEFAULT_LOW  1025
#define DEFAULT_HIGH 5000

static const WCHAR *skip_blanks(const WCHAR *p)
{
    while (*p == L' ' || *p == L'\t')
        p++;
    return p;
}

/* Reads a decimal number of at most 5 digits; FALSE if there is none. */
static BOOL read_number(const WCHAR **pp, DWORD *value)
{
    const WCHAR *p = *pp;
    DWORD v = 0;
    int digits = 0;

    while (*p >= L'0' && *p <= L'9') {
        if (++digits > 5)
            return FALSE;
        v = v * 10 + (DWORD)(*p - L'0');
        p++;
    }
    if (!digits)
        return FALSE;
    *value = v;
    *pp = p;
    return TRUE;
}

BOOL passive_range_parse(const WCHAR *text, passive_range *out, char *why, size_t why_len)
{
    const WCHAR *p = skip_blanks(text);
    DWORD low, high;

    /* cc738280: "may be a range or a single number", 5001-65535; unset/empty = 1025-5000.
     * Blanks around the numbers are tolerated (UNVERIFIED what IIS does with them; the
     * product strips them before writing anyway). */
    if (!*p) {
        out->low = DEFAULT_LOW;
        out->high = DEFAULT_HIGH;
        out->is_default = TRUE;
        return TRUE;
    }
    if (!read_number(&p, &low)) {
        snprintf(why, why_len, "not a number or range");
        return FALSE;
    }
    p = skip_blanks(p);
    high = low;
    if (*p == L'-') {
        p = skip_blanks(p + 1);
        if (!read_number(&p, &high)) {
            snprintf(why, why_len, "missing upper bound after '-'");
            return FALSE;
        }
        p = skip_blanks(p);
    }
    if (*p) {
        snprintf(why, why_len, "unexpected characters after the range");
        return FALSE;
    }
    if (low < 5001 || high > 65535 || low > high) {
        snprintf(why, why_len, "%lu-%lu is outside 5001-65535 or reversed",
                 (unsigned long)low, (unsigned long)high);
        return FALSE;
    }
    out->low = (USHORT)low;
    out->high = (USHORT)high;
    out->is_default = FALSE;
    return TRUE;
}

static BOOL validate(const WCHAR *value, const char *source, passive_range *out, DWORD *exit_code)
{
    char why[128], shown[128];

    WideCharToMultiByte(CP_UTF8, 0, value, -1, shown, sizeof(shown), NULL, NULL);
    if (!passive_range_parse(value, out, why, sizeof(why))) {
        ftplog_event_error(1000 + FTPSVC_EXIT_BAD_RANGE,
                           "MSFTPSVC cannot start: PassivePortRange \"%s\" (%s) is invalid: %s; "
                           "valid values are N or N-M with 5001 <= N <= M <= 65535",
                           shown, source, why);
        *exit_code = FTPSVC_EXIT_BAD_RANGE;
        return FALSE;
    }
    ftplog("PassivePortRange \"%s\" from %s -> passive ports %u-%u%s", shown, source,
           out->low, out->high, out->is_default ? " (default)" : "");
    return TRUE;
}

static BOOL load_from_registry(passive_range *out, DWORD *exit_code)
{
    static const WCHAR key_path[] = L"SYSTEM\\CurrentControlSet\\Services\\MSFTPSVC\\Parameters";
    static const char source[] = "registry HKLM\\SYSTEM\\CurrentControlSet\\Services\\MSFTPSVC\\Parameters (IIS 5)";
    WCHAR value[256];
    DWORD type, size = sizeof(value) - sizeof(WCHAR);
    HKEY key;
    LONG rc;

    rc = RegOpenKeyExW(HKEY_LOCAL_MACHINE, key_path, 0, KEY_QUERY_VALUE, &key);
    if (rc == ERROR_SUCCESS) {
        rc = RegQueryValueExW(key, L"PassivePortRange", NULL, &type, (BYTE *)value, &size);
        RegCloseKey(key);
    }
    if (rc == ERROR_FILE_NOT_FOUND)
        return validate(L"", source, out, exit_code);
    if (rc == ERROR_MORE_DATA) {
        return validate(L"(too long)", source, out, exit_code);
    }
    if (rc != ERROR_SUCCESS) {
        ftplog("cannot read %s: error %ld; using the default", source, rc);
        return validate(L"", source, out, exit_code);
    }
    if (type != REG_SZ && type != REG_EXPAND_SZ) {
        ftplog_event_error(1000 + FTPSVC_EXIT_BAD_RANGE,
                           "MSFTPSVC cannot start: PassivePortRange in the %s has type %lu, not REG_SZ",
                           source, (unsigned long)type);
        *exit_code = FTPSVC_EXIT_BAD_RANGE;
        return FALSE;
    }
    value[size / sizeof(WCHAR)] = 0;
    return validate(value, source, out, exit_code);
}

static BOOL load_from_metabase(passive_range *out, DWORD *exit_code)
{
    static const char source[] = "metabase /LM/MSFTPSVC id 5016 (IIS 6)";
    IMSAdminBaseW *abo = NULL;
    METADATA_HANDLE handle = 0;
    METADATA_RECORD rec;
    WCHAR value[256];
    DWORD required = 0;
    BOOL com_initialized = FALSE, result = FALSE;
    HRESULT hr;

    hr = CoInitializeEx(NULL, COINIT_MULTITHREADED);
    if (SUCCEEDED(hr))
        com_initialized = TRUE;
    else if (hr != RPC_E_CHANGED_MODE)
        goto fail;
    hr = CoCreateInstance(&CLSID_MSAdminBase_W, NULL, CLSCTX_ALL, &IID_IMSAdminBase_W, (void **)&abo);
    if (FAILED(hr))
        goto fail;
    hr = abo->lpVtbl->OpenKey(abo, METADATA_MASTER_ROOT_HANDLE, L"/LM/MSFTPSVC",
                              METADATA_PERMISSION_READ, 10000, &handle);
    if (hr == HRESULT_FROM_WIN32(ERROR_PATH_NOT_FOUND)) {
        ftplog("metabase: /LM/MSFTPSVC does not exist; PassivePortRange counts as unset");
        result = validate(L"", source, out, exit_code);
        goto done;
    }
    if (FAILED(hr))
        goto fail;

    memset(&rec, 0, sizeof(rec));
    rec.dwMDIdentifier = MD_PASSIVE_PORT_RANGE;
    rec.dwMDAttributes = METADATA_INHERIT;
    rec.dwMDUserType = IIS_MD_UT_SERVER;
    rec.dwMDDataType = STRING_METADATA;
    rec.dwMDDataLen = sizeof(value) - sizeof(WCHAR);
    rec.pbMDData = (BYTE *)value;
    memset(value, 0, sizeof(value));
    hr = abo->lpVtbl->GetData(abo, handle, L"", &rec, &required);
    if (hr == (HRESULT)MD_ERROR_DATA_NOT_FOUND) {
        result = validate(L"", source, out, exit_code);
    } else if (hr == HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER)) {
        result = validate(L"(too long)", source, out, exit_code);
    } else if (FAILED(hr)) {
        goto fail;
    } else {
        value[ARRAYSIZE(value) - 1] = 0;
        result = validate(value, source, out, exit_code);
    }
    goto done;

fail:
    ftplog_event_error(1000 + FTPSVC_EXIT_METABASE,
                       "MSFTPSVC cannot start: the metabase is not available (HRESULT 0x%08lX)",
                       (unsigned long)hr);
    *exit_code = FTPSVC_EXIT_METABASE;
    result = FALSE;
done:
    if (handle)
        abo->lpVtbl->CloseKey(abo, handle);
    if (abo)
        abo->lpVtbl->Release(abo);
    if (com_initialized)
        CoUninitialize();
    return result;
}

BOOL passive_range_load(passive_range *out, DWORD *exit_code)
{
    if (lab_knob_dword(FTPSVC_KNOBS, L"Iis5", 0) == 1)
        return load_from_registry(out, exit_code);
    return load_from_metabase(out, exit_code);
}
