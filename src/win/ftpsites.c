/* pasvports: IIS 7+ FTP sites and their external IPv4 address (see ftpsites.h).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * The walk is the one Microsoft's sample for this element does
 * (.../sites/site/ftpserver/firewallsupport, "Sample Code"): the sites section's collection,
 * each site's "name", then ftpServer -> firewallSupport -> externalIp4Address. */
#include "ftpsites.h"

#include <stdlib.h>
#include <wchar.h>

#include "ahcall.h"

#define SECTION_SITES L"system.applicationHost/sites"

static HRESULT item_at(IAppHostElementCollection *coll, DWORD i, IAppHostElement **out)
{
    VARIANT index;

    VariantInit(&index);
    V_VT(&index) = VT_I4; /* a position, zero-based */
    V_I4(&index) = (LONG)i;
    *out = NULL;
    return IAppHostElementCollection_get_Item(coll, index, out);
}

/* S_OK with *yes when one of the site's bindings has protocol "ftp". */
static HRESULT has_ftp_binding(IAppHostElement *site, BOOL *yes)
{
    IAppHostElement *bindings = NULL, *binding = NULL;
    IAppHostElementCollection *coll = NULL;
    DWORD n = 0, i;
    HRESULT hr;

    *yes = FALSE;
    hr = pasv_ah_child(site, L"bindings", &bindings);
    if (SUCCEEDED(hr))
        hr = IAppHostElement_get_Collection(bindings, &coll);
    if (SUCCEEDED(hr) && !coll)
        hr = E_POINTER;
    if (SUCCEEDED(hr))
        hr = IAppHostElementCollection_get_Count(coll, &n);
    for (i = 0; SUCCEEDED(hr) && i < n && !*yes; i++) {
        BSTR protocol = NULL;
        hr = item_at(coll, i, &binding);
        if (SUCCEEDED(hr))
            hr = pasv_ah_get_text(binding, L"protocol", &protocol);
        if (SUCCEEDED(hr) && protocol && !_wcsicmp(protocol, L"ftp"))
            *yes = TRUE;
        SysFreeString(protocol);
        if (binding)
            IAppHostElement_Release(binding);
        binding = NULL;
    }
    if (coll)
        IAppHostElementCollection_Release(coll);
    if (bindings)
        IAppHostElement_Release(bindings);
    return hr;
}

static void copy_text(WCHAR *dst, size_t cap, const WCHAR *src)
{
    wcsncpy(dst, src ? src : L"", cap - 1);
    dst[cap - 1] = 0;
}

/* The site's ftpServer/<path...> element: "firewallSupport" or "security", "ssl". */
static HRESULT ftp_element(IAppHostElement *site, const WCHAR *first, const WCHAR *second, IAppHostElement **out)
{
    IAppHostElement *ftp = NULL, *mid = NULL;
    HRESULT hr = pasv_ah_child(site, L"ftpServer", &ftp);

    *out = NULL;
    if (SUCCEEDED(hr))
        hr = pasv_ah_child(ftp, first, second ? &mid : out);
    if (SUCCEEDED(hr) && second)
        hr = pasv_ah_child(mid, second, out);
    if (mid)
        IAppHostElement_Release(mid);
    if (ftp)
        IAppHostElement_Release(ftp);
    return hr;
}

/* Reads one FTP site's facts into *s. */
static HRESULT read_site(IAppHostElement *site, pasv_ftp_site *s)
{
    IAppHostElement *fw = NULL, *ssl = NULL;
    BSTR name = NULL, ip = NULL, ctl = NULL, data = NULL;
    LONG id = 0;
    HRESULT hr = pasv_ah_get_text(site, L"name", &name);

    if (SUCCEEDED(hr))
        hr = pasv_ah_get_long(site, L"id", &id);
    if (SUCCEEDED(hr))
        hr = ftp_element(site, L"firewallSupport", NULL, &fw);
    if (SUCCEEDED(hr))
        hr = pasv_ah_get_text(fw, L"externalIp4Address", &ip);
    /* The TLS policy is shown, not needed: a site without the element reads as unknown. */
    if (SUCCEEDED(hr) && SUCCEEDED(ftp_element(site, L"security", L"ssl", &ssl))) {
        (void)pasv_ah_get_stored_text(ssl, L"controlChannelPolicy", &ctl);
        (void)pasv_ah_get_stored_text(ssl, L"dataChannelPolicy", &data);
    }
    if (SUCCEEDED(hr)) {
        copy_text(s->name, PASV_SITE_NAME_MAX, name);
        s->id = (DWORD)id;
        copy_text(s->external_ip, PASV_SITE_IP_MAX, ip);
        copy_text(s->control_ssl, PASV_SITE_POLICY_MAX, ctl);
        copy_text(s->data_ssl, PASV_SITE_POLICY_MAX, data);
    }
    SysFreeString(name);
    SysFreeString(ip);
    SysFreeString(ctl);
    SysFreeString(data);
    if (ssl)
        IAppHostElement_Release(ssl);
    if (fw)
        IAppHostElement_Release(fw);
    return hr;
}

/* The sites collection's count and the collection itself. */
static HRESULT open_sites(IAppHostWritableAdminManager *mgr, IAppHostElement **sec, IAppHostElementCollection **coll,
                          DWORD *n)
{
    HRESULT hr = pasv_ah_section(mgr, SECTION_SITES, sec);

    *coll = NULL;
    if (SUCCEEDED(hr))
        hr = IAppHostElement_get_Collection(*sec, coll);
    if (SUCCEEDED(hr) && !*coll)
        hr = E_POINTER;
    if (SUCCEEDED(hr))
        hr = IAppHostElementCollection_get_Count(*coll, n);
    return hr;
}

static HRESULT list_work(IAppHostWritableAdminManager *mgr, void *arg)
{
    pasv_ftp_sites *out = arg;
    IAppHostElement *sec = NULL, *site = NULL;
    IAppHostElementCollection *coll = NULL;
    DWORD n = 0, i;
    HRESULT hr = open_sites(mgr, &sec, &coll, &n);

    if (SUCCEEDED(hr) && n) {
        out->items = calloc(n, sizeof(*out->items));
        if (!out->items)
            hr = E_OUTOFMEMORY;
    }
    for (i = 0; SUCCEEDED(hr) && i < n; i++) {
        BOOL ftp = FALSE;
        hr = item_at(coll, i, &site);
        if (SUCCEEDED(hr))
            hr = has_ftp_binding(site, &ftp);
        if (SUCCEEDED(hr) && ftp) {
            hr = read_site(site, &out->items[out->count]);
            if (SUCCEEDED(hr))
                out->count++;
        }
        if (site)
            IAppHostElement_Release(site);
        site = NULL;
    }
    if (coll)
        IAppHostElementCollection_Release(coll);
    if (sec)
        IAppHostElement_Release(sec);
    return hr;
}

HRESULT pasv_ftp_sites_list(pasv_ftp_sites *out)
{
    pasv_ftp_sites got = {NULL, 0};
    HRESULT hr = pasv_ah_run(list_work, &got);

    if (FAILED(hr)) {
        free(got.items);
        return hr;
    }
    *out = got;
    return S_OK;
}

void pasv_ftp_sites_free(pasv_ftp_sites *sites)
{
    if (!sites)
        return;
    free(sites->items);
    sites->items = NULL;
    sites->count = 0;
}

const pasv_ftp_site *pasv_ftp_sites_find(const pasv_ftp_sites *sites, const WCHAR *name)
{
    size_t i;

    for (i = 0; sites && name && i < sites->count; i++)
        if (!_wcsicmp(sites->items[i].name, name))
            return &sites->items[i];
    return NULL;
}

typedef struct ip_write {
    const WCHAR *name;
    const WCHAR *expected; /* NULL: write whatever is there */
    const WCHAR *ip;
    WCHAR *reason;
    size_t count;
} ip_write;

/* Ownership at write time (pasv_ftp_site_set_external_ip_owned): *found becomes S_FALSE when the
 * address already is the one to write, PASV_E_CHANGED when it is not the one expected. */
static HRESULT owned(IAppHostElement *fw, const ip_write *w, HRESULT *found)
{
    BSTR now = NULL;
    HRESULT hr;

    if (!w->expected)
        return S_OK;
    hr = pasv_ah_get_text(fw, L"externalIp4Address", &now);
    if (FAILED(hr))
        return hr;
    if (!wcscmp(now ? now : L"", w->ip ? w->ip : L""))
        *found = S_FALSE;
    else if (wcscmp(now ? now : L"", w->expected))
        *found = (HRESULT)PASV_E_CHANGED;
    SysFreeString(now);
    return S_OK;
}

static HRESULT set_ip_work(IAppHostWritableAdminManager *mgr, void *arg)
{
    ip_write *w = arg;
    IAppHostElement *sec = NULL, *site = NULL, *fw = NULL;
    IAppHostElementCollection *coll = NULL;
    DWORD n = 0, i;
    BOOL matched = FALSE;
    HRESULT hr = open_sites(mgr, &sec, &coll, &n), found = HRESULT_FROM_WIN32(ERROR_NOT_FOUND);

    for (i = 0; SUCCEEDED(hr) && i < n && !matched; i++) {
        BSTR name = NULL;
        BOOL ftp = FALSE;
        hr = item_at(coll, i, &site);
        if (SUCCEEDED(hr))
            hr = pasv_ah_get_text(site, L"name", &name);
        if (SUCCEEDED(hr) && !_wcsicmp(name, w->name))
            hr = has_ftp_binding(site, &ftp);
        SysFreeString(name);
        if (SUCCEEDED(hr) && ftp) {
            hr = ftp_element(site, L"firewallSupport", NULL, &fw);
            found = S_OK;
            matched = TRUE;
            if (SUCCEEDED(hr))
                hr = owned(fw, w, &found);
            if (SUCCEEDED(hr) && found == S_OK)
                hr = pasv_ah_put_text(fw, L"externalIp4Address", w->ip, w->reason, w->count);
            if (SUCCEEDED(hr) && found == S_OK)
                hr = IAppHostWritableAdminManager_CommitChanges(mgr);
        }
        if (fw)
            IAppHostElement_Release(fw);
        fw = NULL;
        if (site)
            IAppHostElement_Release(site);
        site = NULL;
    }
    if (coll)
        IAppHostElementCollection_Release(coll);
    if (sec)
        IAppHostElement_Release(sec);
    return FAILED(hr) ? hr : found;
}

HRESULT pasv_ftp_site_set_external_ip(const WCHAR *name, const WCHAR *ip, WCHAR *reason, size_t count)
{
    ip_write w;

    if (reason && count)
        reason[0] = 0;
    if (!name)
        return E_INVALIDARG;
    w.name = name;
    w.expected = NULL;
    w.ip = ip;
    w.reason = reason;
    w.count = count;
    return pasv_ah_run(set_ip_work, &w);
}

HRESULT pasv_ftp_site_set_external_ip_owned(const WCHAR *name, const WCHAR *expected, const WCHAR *ip, WCHAR *reason,
                                            size_t count)
{
    ip_write w;
    HRESULT hr;

    if (reason && count)
        reason[0] = 0;
    if (!name || !expected)
        return E_INVALIDARG;
    w.name = name;
    w.expected = expected;
    w.ip = ip && *ip ? ip : NULL;
    w.reason = reason;
    w.count = count;
    hr = pasv_ah_run(set_ip_work, &w);
    /* A site that is gone is a change by someone else: nothing was written. */
    return hr == HRESULT_FROM_WIN32(ERROR_NOT_FOUND) ? (HRESULT)PASV_E_CHANGED : hr;
}
