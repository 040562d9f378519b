/* pasvports lab: tests of lab_ahadmin.dll through real COM activation, asserting what
 * applicationHost.config holds afterwards.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 *   lab_test_ahadmin.exe all          (in a prefix from provision.sh --iis10)
 *   lab_test_ahadmin.exe store        (the XML store alone; any prefix)
 *   lab_test_ahadmin.exe classnotreg  (in a prefix without IIS 10: REGDB_E_CLASSNOTREG)
 *   lab_test_ahadmin.exe set LOW HIGH IP|-|clear   (e2e helper: writes the range and the FTP
 *       site's externalIp4Address through the lab AHADMIN; "clear" Clears both ports and the
 *       address; exit 0 on success) */
#define COBJMACROS
#include <windows.h>
#include <ole2.h>
#include <oleauto.h>
#include <initguid.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include "win/ahadmin.h"
#include "ahstore.h"
#include "testlib.h"

#define APPHOST L"MACHINE/WEBROOT/APPHOST"
#define E_INVALID_INDEX HRESULT_FROM_WIN32(ERROR_INVALID_INDEX)

/* ---------- helpers ---------- */

static char *read_config(size_t *len)
{
    WCHAR path[MAX_PATH];
    HANDLE h;
    DWORD size, got = 0;
    char *text;

    *len = 0;
    if (FAILED(ah_config_path(L"applicationHost.config", path, MAX_PATH)))
        return NULL;
    h = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                    OPEN_EXISTING, 0, NULL);
    if (h == INVALID_HANDLE_VALUE)
        return NULL;
    size = GetFileSize(h, NULL);
    text = calloc(size + 1, 1);
    if (text && (!ReadFile(h, text, size, &got, NULL) || got != size)) {
        free(text);
        text = NULL;
    }
    CloseHandle(h);
    *len = size;
    return text;
}

static BOOL config_equals(const char *before, size_t before_len)
{
    size_t len;
    char *now = read_config(&len);
    BOOL same = now && len == before_len && !memcmp(now, before, len);
    free(now);
    return same;
}

static BOOL config_contains(const char *what)
{
    size_t len;
    char *now = read_config(&len);
    BOOL found = now && strstr(now, what) != NULL;
    free(now);
    return found;
}

static void knob(const WCHAR *name, DWORD value, BOOL set)
{
    HKEY key;
    if (RegCreateKeyExW(HKEY_LOCAL_MACHINE, L"SOFTWARE\\PasvLab\\AppHost", 0, NULL, 0, KEY_SET_VALUE,
                        NULL, &key, NULL))
        return;
    if (set)
        RegSetValueExW(key, name, 0, REG_DWORD, (const BYTE *)&value, sizeof(value));
    else
        RegDeleteValueW(key, name);
    RegCloseKey(key);
}

static HRESULT new_manager(IAppHostWritableAdminManager **mgr)
{
    *mgr = NULL;
    return CoCreateInstance(&CLSID_AppHostWritableAdminManager, NULL, CLSCTX_INPROC_SERVER,
                            &IID_IAppHostWritableAdminManager, (void **)mgr);
}

static HRESULT section(IAppHostWritableAdminManager *mgr, const WCHAR *name, IAppHostElement **out)
{
    BSTR s = SysAllocString(name), p = SysAllocString(APPHOST);
    HRESULT hr = IAppHostWritableAdminManager_GetAdminSection(mgr, s, p, out);
    SysFreeString(s);
    SysFreeString(p);
    return hr;
}

static HRESULT prop(IAppHostElement *e, const WCHAR *name, IAppHostProperty **out)
{
    BSTR n = SysAllocString(name);
    HRESULT hr = IAppHostElement_GetPropertyByName(e, n, out);
    SysFreeString(n);
    return hr;
}

static HRESULT child(IAppHostElement *e, const WCHAR *name, IAppHostElement **out)
{
    BSTR n = SysAllocString(name);
    HRESULT hr = IAppHostElement_GetElementByName(e, n, out);
    SysFreeString(n);
    return hr;
}

/* value of an int property (VT_I4 expected), -1 on failure */
static LONG get_int(IAppHostElement *e, const WCHAR *name, VARTYPE *vt)
{
    IAppHostProperty *p = NULL;
    VARIANT v;
    LONG r = -1;
    VariantInit(&v);
    if (SUCCEEDED(prop(e, name, &p)) && SUCCEEDED(IAppHostProperty_get_Value(p, &v))) {
        if (vt)
            *vt = V_VT(&v);
        if (V_VT(&v) == VT_I4 || V_VT(&v) == VT_UI4)
            r = V_I4(&v);
    }
    VariantClear(&v);
    if (p)
        IAppHostProperty_Release(p);
    return r;
}

static HRESULT put_int(IAppHostElement *e, const WCHAR *name, LONG value)
{
    IAppHostProperty *p = NULL;
    VARIANT v;
    HRESULT hr = prop(e, name, &p);
    if (FAILED(hr))
        return hr;
    VariantInit(&v);
    V_VT(&v) = VT_I4;
    V_I4(&v) = value;
    hr = IAppHostProperty_put_Value(p, v);
    IAppHostProperty_Release(p);
    return hr;
}

static HRESULT get_str(IAppHostElement *e, const WCHAR *name, WCHAR *buf, size_t count)
{
    IAppHostProperty *p = NULL;
    VARIANT v;
    HRESULT hr = prop(e, name, &p);
    buf[0] = 0;
    if (FAILED(hr))
        return hr;
    VariantInit(&v);
    hr = IAppHostProperty_get_Value(p, &v);
    if (SUCCEEDED(hr) && V_VT(&v) == VT_BSTR)
        lstrcpynW(buf, V_BSTR(&v), (int)count);
    else if (SUCCEEDED(hr))
        hr = DISP_E_TYPEMISMATCH;
    VariantClear(&v);
    IAppHostProperty_Release(p);
    return hr;
}

static HRESULT put_str(IAppHostElement *e, const WCHAR *name, const WCHAR *value)
{
    IAppHostProperty *p = NULL;
    VARIANT v;
    HRESULT hr = prop(e, name, &p);
    if (FAILED(hr))
        return hr;
    VariantInit(&v);
    V_VT(&v) = VT_BSTR;
    V_BSTR(&v) = SysAllocString(value);
    hr = IAppHostProperty_put_Value(p, v);
    VariantClear(&v);
    IAppHostProperty_Release(p);
    return hr;
}

static HRESULT clear_prop(IAppHostElement *e, const WCHAR *name)
{
    IAppHostProperty *p = NULL;
    HRESULT hr = prop(e, name, &p);
    if (FAILED(hr))
        return hr;
    hr = IAppHostProperty_Clear(p);
    IAppHostProperty_Release(p);
    return hr;
}

static HRESULT item(IAppHostElement *e, VARTYPE vt, LONG index, IAppHostElement **out)
{
    IAppHostElementCollection *c = NULL;
    VARIANT v;
    HRESULT hr = IAppHostElement_get_Collection(e, &c);
    *out = NULL;
    if (FAILED(hr))
        return hr;
    VariantInit(&v);
    V_VT(&v) = vt;
    if (vt == VT_I2)
        V_I2(&v) = (SHORT)index;
    else
        V_I4(&v) = index;
    hr = IAppHostElementCollection_get_Item(c, v, out);
    IAppHostElementCollection_Release(c);
    return hr;
}

/* The ftp site element (sites item 1 in the provisioned file). */
static HRESULT ftp_site(IAppHostWritableAdminManager *mgr, LONG index, IAppHostElement **out)
{
    IAppHostElement *sites = NULL;
    HRESULT hr = section(mgr, L"system.applicationHost/sites", &sites);
    *out = NULL;
    if (SUCCEEDED(hr)) {
        hr = item(sites, VT_I4, index, out);
        IAppHostElement_Release(sites);
    }
    return hr;
}

static HRESULT site_fw(IAppHostWritableAdminManager *mgr, LONG index, IAppHostElement **out)
{
    IAppHostElement *site = NULL, *ftp = NULL;
    HRESULT hr = ftp_site(mgr, index, &site);
    *out = NULL;
    if (SUCCEEDED(hr))
        hr = child(site, L"ftpServer", &ftp);
    if (SUCCEEDED(hr))
        hr = child(ftp, L"firewallSupport", out);
    if (ftp)
        IAppHostElement_Release(ftp);
    if (site)
        IAppHostElement_Release(site);
    return hr;
}

/* ---------- the store alone ---------- */

static void test_store_round_trip(void)
{
    static const char text[] =
        "<?xml version='1.0'?>\r\n<!-- hand <kept> -->\r\n<configuration>\r\n"
        "  <a   x = 'one'  y=\"t&amp;o\"\t/>\r\n"
        "  <b><![CDATA[<raw>]]></b>\r\n"
        "  <system.ftpServer>\r\n        <log />\r\n  </system.ftpServer>\r\n"
        "</configuration>\r\n";
    struct ah_doc *d = NULL;
    struct ah_node *root, *a, *fw, *site;
    char *out = NULL;
    size_t len = 0;
    HRESULT hr = ah_doc_parse(text, sizeof(text) - 1, &d);

    ok(hr == S_OK, "store: parse a hand-written file: 0x%08lx", hr);
    if (FAILED(hr))
        return;
    ah_doc_serialize(d, &out, &len);
    ok(out && len == sizeof(text) - 1 && !memcmp(out, text, len), "store: unchanged document written back byte for byte");
    free(out);
    root = ah_doc_root(d);
    a = ah_child(root, "a", 0);
    ok(a && !strcmp(ah_attr(a, "y"), "t&o"), "store: entities unescaped in values");
    ah_attr_set(a, "y", "2");
    ah_doc_serialize(d, &out, &len);
    ok(out && strstr(out, "<a   x = 'one'  y=\"2\"\t/>") != NULL, "store: a changed attribute keeps its neighbours' text: %s", out);
    free(out);
    ah_attr_set(a, "y", "t&o");
    ah_doc_serialize(d, &out, &len);
    ok(out && len == sizeof(text) - 1 && !memcmp(out, text, len), "store: value set back gives the original text");
    free(out);
    fw = ah_child_get_or_create(ah_child(root, "system.ftpServer", 0), "firewallSupport");
    ah_attr_set(fw, "lowDataChannelPort", "5001");
    ah_doc_serialize(d, &out, &len);
    ok(out && strstr(out, "<log />\r\n        <firewallSupport lowDataChannelPort=\"5001\" />\r\n  </system.ftpServer>") != NULL,
       "store: created element with an attribute written after its last sibling: %s", out);
    free(out);
    ah_attr_set(fw, "lowDataChannelPort", NULL);
    site = ah_child_get_or_create(ah_child_get_or_create(root, "sites"), "site");
    ah_doc_serialize(d, &out, &len);
    ok(out && len == sizeof(text) - 1 && !memcmp(out, text, len), "store: removed attribute and empty created elements leave the file as it was");
    free(out);
    ah_attr_set(site, "name", "x");
    ah_doc_serialize(d, &out, &len);
    ok(out && strstr(out, "</system.ftpServer>\r\n    <sites>\r\n        <site name=\"x\" />\r\n    </sites>\r\n</configuration>") != NULL,
       "store: created elements indented like IIS: %s", out);
    free(out);
    ah_doc_free(d);
    ok(ah_doc_parse("<a><b></a>", 10, &d) == HRESULT_FROM_WIN32(ERROR_INVALID_DATA), "store: mismatched end tag refused");
}

/* ---------- through COM ---------- */

static void test_commit_path(IAppHostWritableAdminManager *mgr)
{
    BSTR path = NULL, other = SysAllocString(L"MACHINE/WEBROOT");
    HRESULT hr = IAppHostWritableAdminManager_get_CommitPath(mgr, &path);
    ok(hr == S_OK && path && !wcscmp(path, APPHOST), "CommitPath defaults to MACHINE/WEBROOT/APPHOST: 0x%08lx", hr);
    SysFreeString(path);
    path = SysAllocString(APPHOST);
    ok(IAppHostWritableAdminManager_put_CommitPath(mgr, path) == S_OK, "put_CommitPath(MACHINE/WEBROOT/APPHOST)");
    ok(IAppHostWritableAdminManager_put_CommitPath(mgr, other) == E_INVALIDARG, "put_CommitPath(other) refused (lab)");
    SysFreeString(path);
    SysFreeString(other);
}

static void test_range_round_trip(void)
{
    IAppHostWritableAdminManager *mgr = NULL, *mgr2 = NULL;
    IAppHostElement *fw = NULL, *fw2 = NULL;
    VARTYPE vt = VT_EMPTY;
    size_t before_len;
    char *before = read_config(&before_len);
    HRESULT hr;

    ok(before != NULL, "applicationHost.config readable");
    hr = new_manager(&mgr);
    ok(hr == S_OK, "CoCreateInstance(CLSID_AppHostWritableAdminManager, CLSCTX_INPROC_SERVER): 0x%08lx", hr);
    if (FAILED(hr))
        goto done;
    test_commit_path(mgr);
    hr = section(mgr, L"system.ftpServer/firewallSupport", &fw);
    ok(hr == S_OK, "GetAdminSection(system.ftpServer/firewallSupport): 0x%08lx", hr);
    if (FAILED(hr))
        goto done;
    ok(get_int(fw, L"lowDataChannelPort", &vt) == 0 && vt == VT_I4, "unset lowDataChannelPort reads 0 as VT_I4 (vt %u)", vt);
    ok(get_int(fw, L"highDataChannelPort", NULL) == 0, "unset highDataChannelPort reads 0");
    ok(put_int(fw, L"lowDataChannelPort", 5001) == S_OK, "put lowDataChannelPort 5001");
    ok(put_int(fw, L"highDataChannelPort", 5201) == S_OK, "put highDataChannelPort 5201");
    ok(config_equals(before, before_len), "nothing written before CommitChanges");
    hr = IAppHostWritableAdminManager_CommitChanges(mgr);
    ok(hr == S_OK, "CommitChanges: 0x%08lx", hr);
    ok(config_contains("        </log>\r\n        <firewallSupport lowDataChannelPort=\"5001\" highDataChannelPort=\"5201\" />\r\n    </system.ftpServer>"),
       "applicationHost.config holds the range in IIS's shape");
    {
        WCHAR tmp[MAX_PATH];
        ah_config_path(L"applicationHost.config.labtmp", tmp, MAX_PATH);
        ok(GetFileAttributesW(tmp) == INVALID_FILE_ATTRIBUTES, "no temporary file left after the atomic write");
    }
    ok(new_manager(&mgr2) == S_OK && section(mgr2, L"system.ftpServer/firewallSupport", &fw2) == S_OK,
       "a second manager opens the section");
    if (fw2) {
        ok(get_int(fw2, L"lowDataChannelPort", NULL) == 5001 && get_int(fw2, L"highDataChannelPort", NULL) == 5201,
           "a second manager reads 5001-5201 from the file");
        ok(clear_prop(fw2, L"lowDataChannelPort") == S_OK && clear_prop(fw2, L"highDataChannelPort") == S_OK, "Clear both");
        ok(get_int(fw2, L"lowDataChannelPort", NULL) == 0, "cleared property reads its default 0");
        ok(IAppHostWritableAdminManager_CommitChanges(mgr2) == S_OK, "CommitChanges after Clear");
        ok(config_equals(before, before_len), "set then cleared: applicationHost.config byte-identical to before");
    }
done:
    if (fw2) IAppHostElement_Release(fw2);
    if (mgr2) IAppHostWritableAdminManager_Release(mgr2);
    if (fw) IAppHostElement_Release(fw);
    if (mgr) IAppHostWritableAdminManager_Release(mgr);
    free(before);
}

static void test_schema_validation(void)
{
    static const struct { LONG value; BOOL accepted; } cases[] = {
        { 0, TRUE }, { 1, FALSE }, { 1024, FALSE }, { 1025, TRUE }, { 5001, TRUE },
        { 65535, TRUE }, { 65536, FALSE }, { -1, FALSE }, { 70000, FALSE },
    };
    IAppHostWritableAdminManager *mgr = NULL;
    IAppHostElement *fw = NULL;
    IAppHostProperty *p = NULL;
    size_t before_len, i;
    char *before = read_config(&before_len);

    if (new_manager(&mgr) != S_OK || section(mgr, L"system.ftpServer/firewallSupport", &fw) != S_OK
        || prop(fw, L"lowDataChannelPort", &p) != S_OK) {
        ok(FALSE, "schema: section and property open");
        goto done;
    }
    for (i = 0; i < ARRAYSIZE(cases); i++) {
        IAppHostPropertyException *exc = NULL;
        BSTR reason = NULL, invalid = NULL;
        VARIANT v;
        HRESULT hr;
        WCHAR shown[16];
        VariantInit(&v);
        V_VT(&v) = VT_I4;
        V_I4(&v) = cases[i].value;
        hr = IAppHostProperty_put_Value(p, v);
        IAppHostProperty_get_Exception(p, &exc);
        if (cases[i].accepted) {
            ok(hr == S_OK && !exc, "schema: %ld accepted (0x%08lx)", cases[i].value, hr);
        } else {
            ok(hr == E_INVALIDARG, "schema: %ld refused with E_INVALIDARG (0x%08lx)", cases[i].value, hr);
            ok(exc != NULL, "schema: %ld leaves an IAppHostPropertyException", cases[i].value);
            if (exc) {
                IAppHostPropertyException_get_ValidationFailureReason(exc, &reason);
                IAppHostPropertyException_get_InvalidValue(exc, &invalid);
                swprintf(shown, 16, L"%ld", cases[i].value);
                ok(reason && wcsstr(reason, L"1025") && wcsstr(reason, L"65535"),
                   "schema: reason names the valid range: %ls", reason ? reason : L"(null)");
                ok(invalid && !wcscmp(invalid, shown), "schema: InvalidValue %ls", invalid ? invalid : L"(null)");
                ok(get_int(fw, L"lowDataChannelPort", NULL) != cases[i].value, "schema: refused value not taken");
            }
        }
        SysFreeString(reason);
        SysFreeString(invalid);
        if (exc)
            IAppHostPropertyException_Release(exc);
    }
    {
        VARIANT v;
        VariantInit(&v);
        V_VT(&v) = VT_BSTR;
        V_BSTR(&v) = SysAllocString(L"abc");
        ok(FAILED(IAppHostProperty_put_Value(p, v)), "schema: \"abc\" refused for an int");
        VariantClear(&v);
    }
    ok(config_equals(before, before_len), "schema: nothing committed, file unchanged");
done:
    if (p) IAppHostProperty_Release(p);
    if (fw) IAppHostElement_Release(fw);
    if (mgr) IAppHostWritableAdminManager_Release(mgr);
    free(before);
}

static void test_sites(void)
{
    IAppHostWritableAdminManager *mgr = NULL;
    IAppHostElement *sites = NULL, *site = NULL, *bindings = NULL, *binding = NULL, *sec = NULL, *ssl = NULL;
    IAppHostElementCollection *coll = NULL;
    WCHAR text[256], want[64];
    DWORD count = 0;
    BSTR name = NULL;
    IAppHostElement *miss = NULL;

    if (new_manager(&mgr) != S_OK || section(mgr, L"system.applicationHost/sites", &sites) != S_OK) {
        ok(FALSE, "sites: section opens");
        goto done;
    }
    ok(IAppHostElement_get_Collection(sites, &coll) == S_OK && IAppHostElementCollection_get_Count(coll, &count) == S_OK
       && count == 2, "sites: two sites (%lu)", count);
    ok(item(sites, VT_I4, 0, &site) == S_OK && get_str(site, L"name", text, 256) == S_OK
       && !wcscmp(text, L"Default Web Site") && get_int(site, L"id", NULL) == 1, "sites: item 0 is Default Web Site id 1");
    ok(IAppHostElement_get_Name(site, &name) == S_OK && name && !wcscmp(name, L"site"), "sites: item name is \"site\"");
    SysFreeString(name);
    IAppHostElement_Release(site);
    site = NULL;
    ok(item(sites, VT_I2, 1, &site) == S_OK && get_str(site, L"name", text, 256) == S_OK
       && !wcscmp(text, L"Default FTP Site") && get_int(site, L"id", NULL) == 2, "sites: item 1 (VT_I2) is Default FTP Site id 2");
    ok(item(sites, VT_I4, 2, &miss) == E_INVALID_INDEX && !miss, "sites: item 2 is ERROR_INVALID_INDEX");
    ok(item(sites, VT_I4, -1, &miss) == E_INVALID_INDEX, "sites: item -1 is ERROR_INVALID_INDEX");
    if (site && child(site, L"bindings", &bindings) == S_OK && item(bindings, VT_I4, 0, &binding) == S_OK) {
        DWORD port = 0, size = sizeof(port);
        RegGetValueW(HKEY_LOCAL_MACHINE, L"SOFTWARE\\PasvLab\\FtpSvc", L"Port", RRF_RT_REG_DWORD, NULL, &port, &size);
        swprintf(want, 64, L"*:%lu:", (unsigned long)port);
        ok(get_str(binding, L"protocol", text, 256) == S_OK && !wcscmp(text, L"ftp"), "sites: ftp site binding protocol ftp");
        ok(get_str(binding, L"bindingInformation", text, 256) == S_OK && port && !wcscmp(text, want),
           "sites: ftp binding is the lab's control port: %ls (want %ls)", text, want);
    } else {
        ok(FALSE, "sites: bindings of the ftp site");
    }
    ok(site && prop(site, L"noSuchAttribute", (IAppHostProperty **)&miss) == E_INVALID_INDEX, "sites: unknown property ERROR_INVALID_INDEX");
    ok(site && child(site, L"noSuchElement", &miss) == E_INVALID_INDEX, "sites: unknown child element ERROR_INVALID_INDEX");
    if (site && child(site, L"ftpServer", &sec) == S_OK) {
        IAppHostElement *security = sec;
        sec = NULL;
        if (child(security, L"security", &sec) == S_OK && child(sec, L"ssl", &ssl) == S_OK) {
            IAppHostProperty *p = NULL;
            BSTR s = NULL;
            VARTYPE vt = VT_EMPTY;
            ok(get_int(ssl, L"controlChannelPolicy", &vt) == 0 && vt == VT_I4, "ssl: controlChannelPolicy SslAllow reads 0");
            ok(prop(ssl, L"dataChannelPolicy", &p) == S_OK && IAppHostProperty_get_StringValue(p, &s) == S_OK
               && s && !wcscmp(s, L"SslAllow"), "ssl: dataChannelPolicy string value SslAllow");
            SysFreeString(s);
            if (p) IAppHostProperty_Release(p);
        } else {
            ok(FALSE, "ssl element of the ftp site");
        }
        IAppHostElement_Release(security);
    }
done:
    if (ssl) IAppHostElement_Release(ssl);
    if (sec) IAppHostElement_Release(sec);
    if (binding) IAppHostElement_Release(binding);
    if (bindings) IAppHostElement_Release(bindings);
    if (site) IAppHostElement_Release(site);
    if (coll) IAppHostElementCollection_Release(coll);
    if (sites) IAppHostElement_Release(sites);
    if (mgr) IAppHostWritableAdminManager_Release(mgr);
}

static void test_external_ip(LONG index, const char *desc)
{
    IAppHostWritableAdminManager *mgr = NULL, *mgr2 = NULL;
    IAppHostElement *fw = NULL, *fw2 = NULL;
    WCHAR text[64];
    size_t before_len;
    char *before = read_config(&before_len);

    if (new_manager(&mgr) != S_OK || site_fw(mgr, index, &fw) != S_OK) {
        ok(FALSE, "%s: site firewallSupport opens", desc);
        goto done;
    }
    ok(get_str(fw, L"externalIp4Address", text, 64) == S_OK && !text[0], "%s: externalIp4Address unset reads \"\"", desc);
    ok(put_str(fw, L"externalIp4Address", L"203.0.113.7") == S_OK, "%s: put externalIp4Address", desc);
    ok(IAppHostWritableAdminManager_CommitChanges(mgr) == S_OK, "%s: CommitChanges", desc);
    ok(config_contains("<firewallSupport externalIp4Address=\"203.0.113.7\" />"), "%s: file holds the address", desc);
    if (new_manager(&mgr2) == S_OK && site_fw(mgr2, index, &fw2) == S_OK) {
        ok(get_str(fw2, L"externalIp4Address", text, 64) == S_OK && !wcscmp(text, L"203.0.113.7"),
           "%s: a second manager reads it back", desc);
        ok(clear_prop(fw2, L"externalIp4Address") == S_OK && IAppHostWritableAdminManager_CommitChanges(mgr2) == S_OK,
           "%s: Clear and commit", desc);
        ok(config_equals(before, before_len), "%s: cleared, the file is byte-identical to before", desc);
    } else {
        ok(FALSE, "%s: second manager", desc);
    }
done:
    if (fw2) IAppHostElement_Release(fw2);
    if (mgr2) IAppHostWritableAdminManager_Release(mgr2);
    if (fw) IAppHostElement_Release(fw);
    if (mgr) IAppHostWritableAdminManager_Release(mgr);
    free(before);
}

static void test_knobs(void)
{
    IAppHostWritableAdminManager *mgr = NULL;
    IAppHostElement *fw = NULL, *site = NULL, *x = NULL;
    size_t before_len;
    char *before = read_config(&before_len);
    HRESULT hr;

    if (new_manager(&mgr) != S_OK) {
        ok(FALSE, "knobs: manager");
        goto done;
    }
    knob(L"NotElevated", 1, TRUE);
    hr = section(mgr, L"system.ftpServer/firewallSupport", &x);
    ok(hr == E_ACCESSDENIED && !x, "knob NotElevated: GetAdminSection E_ACCESSDENIED (0x%08lx)", hr);
    knob(L"NotElevated", 0, FALSE);

    knob(L"FtpNotInstalled", 1, TRUE);
    hr = section(mgr, L"system.ftpServer/firewallSupport", &x);
    ok(hr == HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED), "knob FtpNotInstalled: FTP section unknown 0x80070032 (0x%08lx)", hr);
    ok(ftp_site(mgr, 1, &site) == S_OK, "knob FtpNotInstalled: sites still readable");
    ok(site && child(site, L"ftpServer", &x) == E_INVALID_INDEX, "knob FtpNotInstalled: site has no ftpServer element");
    knob(L"FtpNotInstalled", 0, FALSE);
    ok(section(mgr, L"system.noSuch/section", &x) == HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED), "unknown section 0x80070032");

    if (section(mgr, L"system.ftpServer/firewallSupport", &fw) == S_OK) {
        put_int(fw, L"lowDataChannelPort", 6001);
        put_int(fw, L"highDataChannelPort", 6010);
        knob(L"CommitFails", (DWORD)E_FAIL, TRUE);
        hr = IAppHostWritableAdminManager_CommitChanges(mgr);
        ok(hr == E_FAIL, "knob CommitFails: CommitChanges returns it (0x%08lx)", hr);
        ok(config_equals(before, before_len), "knob CommitFails: file unchanged");
        knob(L"CommitFails", 0, FALSE);
        knob(L"FileLocked", 1, TRUE);
        hr = IAppHostWritableAdminManager_CommitChanges(mgr);
        ok(hr == HRESULT_FROM_WIN32(ERROR_SHARING_VIOLATION), "knob FileLocked: 0x80070020 (0x%08lx)", hr);
        ok(config_equals(before, before_len), "knob FileLocked: file unchanged");
        knob(L"FileLocked", 0, FALSE);
        knob(L"NotElevated", 1, TRUE);
        ok(IAppHostWritableAdminManager_CommitChanges(mgr) == E_ACCESSDENIED, "knob NotElevated: CommitChanges E_ACCESSDENIED");
        ok(config_equals(before, before_len), "knob NotElevated: file unchanged");
        knob(L"NotElevated", 0, FALSE);
    } else {
        ok(FALSE, "knobs: section");
    }
done:
    knob(L"NotElevated", 0, FALSE);
    knob(L"FtpNotInstalled", 0, FALSE);
    knob(L"CommitFails", 0, FALSE);
    knob(L"FileLocked", 0, FALSE);
    if (site) IAppHostElement_Release(site);
    if (fw) IAppHostElement_Release(fw);
    if (mgr) IAppHostWritableAdminManager_Release(mgr);
    free(before);
}

static void test_classnotreg(void)
{
    IAppHostWritableAdminManager *mgr = NULL;
    HRESULT hr = new_manager(&mgr);
    ok(hr == REGDB_E_CLASSNOTREG && !mgr, "no IIS 7+: CoCreateInstance gives REGDB_E_CLASSNOTREG (0x%08lx)", hr);
    if (mgr)
        IAppHostWritableAdminManager_Release(mgr);
}

/* The e2e helper: what an admin tool does, through the same COM calls. */
static int set_config(int argc, WCHAR **argv)
{
    IAppHostWritableAdminManager *mgr = NULL;
    IAppHostElement *fw = NULL, *site = NULL;
    BOOL clear = argc > 2 && !wcscmp(argv[2], L"clear");
    HRESULT hr;

    if (!clear && argc < 5) {
        fprintf(stderr, "usage: lab_test_ahadmin set LOW HIGH IP|- | set clear\n");
        return 2;
    }
    hr = new_manager(&mgr);
    if (SUCCEEDED(hr))
        hr = section(mgr, L"system.ftpServer/firewallSupport", &fw);
    if (SUCCEEDED(hr))
        hr = clear ? clear_prop(fw, L"lowDataChannelPort") : put_int(fw, L"lowDataChannelPort", wcstol(argv[2], NULL, 10));
    if (SUCCEEDED(hr))
        hr = clear ? clear_prop(fw, L"highDataChannelPort") : put_int(fw, L"highDataChannelPort", wcstol(argv[3], NULL, 10));
    if (SUCCEEDED(hr))
        hr = site_fw(mgr, 1, &site);
    if (SUCCEEDED(hr))
        hr = (clear || !wcscmp(argv[4], L"-")) ? clear_prop(site, L"externalIp4Address")
                                                : put_str(site, L"externalIp4Address", argv[4]);
    if (SUCCEEDED(hr))
        hr = IAppHostWritableAdminManager_CommitChanges(mgr);
    if (site) IAppHostElement_Release(site);
    if (fw) IAppHostElement_Release(fw);
    if (mgr) IAppHostWritableAdminManager_Release(mgr);
    if (FAILED(hr))
        fprintf(stderr, "lab_test_ahadmin set: failed 0x%08lx\n", (unsigned long)hr);
    return FAILED(hr) ? 1 : 0;
}

int wmain(int argc, WCHAR **argv)
{
    const WCHAR *mode = argc > 1 ? argv[1] : L"all";
    int rc;

    CoInitializeEx(NULL, COINIT_MULTITHREADED);
    if (!wcscmp(mode, L"set")) {
        rc = set_config(argc, argv);
        CoUninitialize();
        return rc;
    }
    if (!wcscmp(mode, L"classnotreg")) {
        test_classnotreg();
    } else {
        test_store_round_trip();
        if (wcscmp(mode, L"store")) {
            test_range_round_trip();
            test_schema_validation();
            test_sites();
            test_external_ip(1, "ftp site");
            test_external_ip(0, "web site (no ftpServer element yet)");
            test_knobs();
        }
    }
    CoUninitialize();
    return test_summary("lab.ahadmin");
}
