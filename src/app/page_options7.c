/* pasvports: the options page's IIS 7+ part (page_options7.h): the FTP site whose external address
 * IIS announces in its PASV reply (ftpServer/firewallSupport/@externalIp4Address), validated by the
 * core's validator as pasvctl --external-ip is, and the box that turns the FTP Server role's
 * built-in passive rule off once ours is in place. Both go to the engine through pasv_options.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "page_options7.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pasv/addr.h"
#include "resource.h"
#include "text.h"

static const int site_controls[] = {IDC_SITE_LABEL, IDC_SITE, IDC_EXTERNAL_LABEL, IDC_EXTERNAL_IP,
                                    IDC_EXTERNAL_STATUS};

static int selected_site(const app_page *page, const options7 *o)
{
    LRESULT i = SendDlgItemMessageW(page->hwnd, IDC_SITE, CB_GETCURSEL, 0, 0);
    return i >= 0 && (size_t)i < o->count ? (int)i : -1;
}

/* The field's whole text as UTF-8 (malloc'd; NULL when out of memory). Pasted text is not cut to
 * the field's limit (WM_SETTEXT ignores it), so the validator sees all of it. */
static char *field_text(const app_page *page)
{
    HWND edit = GetDlgItem(page->hwnd, IDC_EXTERNAL_IP);
    int n = GetWindowTextLengthW(edit);
    WCHAR *w = calloc((size_t)n + 2, sizeof(WCHAR));
    char *u = NULL;

    if (w && GetWindowTextW(edit, w, n + 1) >= 0) {
        int need = WideCharToMultiByte(CP_UTF8, 0, w, -1, NULL, 0, NULL, NULL);
        u = need > 0 ? calloc((size_t)need, 1) : NULL;
        if (u && !WideCharToMultiByte(CP_UTF8, 0, w, -1, u, need, NULL, NULL))
            u[0] = 0;
    }
    free(w);
    return u;
}

static bool blank(const char *t)
{
    for (; *t; t++)
        if (*t != ' ' && *t != '\t')
            return false;
    return true;
}

/* The address through pasv_addr_ipv4_host (pasvctl --external-ip's validator): refused with the
 * core's reason, accepted with its warning (private, loopback), empty clears. */
static void validate(app_page *page, options7 *o)
{
    int i = selected_site(page, o);
    char *text;
    pasv_addr_result res;
    pasv_ipv4_kind kind;
    WCHAR item[48], now[PASV_SITE_IP_MAX];
    DWORD_PTR args[2];

    o->valid = true;
    o->changed = false;
    o->ip[0] = 0;
    if (!o->shown || i < 0)
        return;
    text = field_text(page);
    if (!text) {
        o->valid = false;
        return;
    }
    MultiByteToWideChar(CP_UTF8, 0, o->sites[i].ip, -1, now, PASV_SITE_IP_MAX);
    if (blank(text)) {
        o->changed = o->sites[i].ip[0] != 0;
        page_set_text_id(page->hwnd, IDC_EXTERNAL_STATUS, o->changed ? IDS_PG_EXT_CLEAR : IDS_PG_EXT_NONE, NULL, 0);
    } else if (!pasv_addr_ipv4_host(text, o->ip, sizeof(o->ip), &kind, &res)) {
        o->valid = false;
        o->ip[0] = 0;
        app_text_fit(text, item, sizeof(item) / sizeof(item[0]));
        args[0] = (DWORD_PTR)item;
        args[1] = res.limit;
        page_set_text_id(page->hwnd, IDC_EXTERNAL_STATUS, res.msg, args, 2);
    } else {
        WCHAR ip[PASV_SITE_IP_MAX];
        MultiByteToWideChar(CP_UTF8, 0, o->ip, -1, ip, PASV_SITE_IP_MAX);
        o->changed = strcmp(o->ip, o->sites[i].ip) != 0;
        args[0] = (DWORD_PTR)ip;
        args[1] = (DWORD_PTR)now;
        if (res.msg != PASV_MSG_ADDR_OK) /* loopback or private: a warning, not a refusal */
            page_set_text_id(page->hwnd, IDC_EXTERNAL_STATUS, res.msg, args, 1);
        else
            page_set_text_id(page->hwnd, IDC_EXTERNAL_STATUS, o->changed ? IDS_PG_EXT_NEW : IDS_PG_EXT_SAME, args, 1);
    }
    free(text);
}

/* The selected site's address now goes into the field (it validates itself through EN_CHANGE). */
static void prefill(app_page *page, options7 *o)
{
    int i = selected_site(page, o);
    WCHAR ip[PASV_SITE_IP_MAX] = L"";

    if (i >= 0)
        MultiByteToWideChar(CP_UTF8, 0, o->sites[i].ip, -1, ip, PASV_SITE_IP_MAX);
    o->filling = true; /* its EN_CHANGE is ours, not the user's: no "changed" for the host */
    SetDlgItemTextW(page->hwnd, IDC_EXTERNAL_IP, ip);
    o->filling = false;
    validate(page, o);
}

void opt7_init(app_page *page, options7 *o)
{
    size_t i;

    SendDlgItemMessageW(page->hwnd, IDC_EXTERNAL_IP, EM_LIMITTEXT, PASV_SITE_IP_MAX - 1, 0);
    for (i = 0; i < sizeof(site_controls) / sizeof(site_controls[0]); i++)
        page_show(page->hwnd, site_controls[i], false);
    page_show(page->hwnd, IDC_DISABLE_BUILTIN, false);
    page_show(page->hwnd, IDC_BUILTIN_EXPLAIN, false);
    o->valid = true;
}

bool opt7_command(app_page *page, options7 *o, int id, int code)
{
    switch (id) {
    case IDC_SITE:
        if (code != CBN_SELCHANGE)
            return false;
        prefill(page, o);
        return true;
    case IDC_EXTERNAL_IP:
        if (code != EN_CHANGE || o->filling)
            return false;
        validate(page, o);
        return true;
    case IDC_DISABLE_BUILTIN:
        return code == BN_CLICKED;
    default:
        return false;
    }
}

static void copy_sites(options7 *o, const pasv_ftp_sites *sites)
{
    size_t i;

    free(o->sites);
    o->sites = sites->count ? calloc(sites->count, sizeof(*o->sites)) : NULL;
    o->count = o->sites ? sites->count : 0;
    for (i = 0; i < o->count; i++) {
        pasv_addr_result res;
        pasv_ipv4_kind kind;
        char ip[PASV_SITE_IP_MAX];

        wcscpy(o->sites[i].name, sites->items[i].name);
        if (!WideCharToMultiByte(CP_UTF8, 0, sites->items[i].external_ip, -1, ip, sizeof(ip), NULL, NULL))
            ip[0] = 0;
        /* Compared in canonical form; a stored value the validator refuses is shown as stored. */
        if (!ip[0] || !pasv_addr_ipv4_host(ip, o->sites[i].ip, sizeof(o->sites[i].ip), &kind, &res))
            snprintf(o->sites[i].ip, sizeof(o->sites[i].ip), "%s", ip);
    }
}

void opt7_snapshot(app_page *page, options7 *o, const app_snapshot *s)
{
    WCHAR keep[PASV_SITE_NAME_MAX] = L"";
    int i = selected_site(page, o);
    size_t k;
    LRESULT at = 0;
    bool iis7 = SUCCEEDED(s->open_hr) && s->env.ftp == PASV_FTP_IIS7;

    if (i >= 0)
        wcscpy(keep, o->sites[i].name);
    SendDlgItemMessageW(page->hwnd, IDC_SITE, CB_RESETCONTENT, 0, 0);
    copy_sites(o, iis7 && SUCCEEDED(s->sites_hr) ? &s->sites : &(pasv_ftp_sites){NULL, 0});
    for (k = 0; k < o->count; k++) {
        SendDlgItemMessageW(page->hwnd, IDC_SITE, CB_ADDSTRING, 0, (LPARAM)o->sites[k].name);
        if (!_wcsicmp(o->sites[k].name, keep)) /* sites are matched ignoring case (ftpsites.h) */
            at = (LRESULT)k;
    }
    SendDlgItemMessageW(page->hwnd, IDC_SITE, CB_SETCURSEL, (WPARAM)at, 0);
    o->shown = o->count > 0;
    for (k = 0; k < sizeof(site_controls) / sizeof(site_controls[0]); k++)
        page_show(page->hwnd, site_controls[k], o->shown);
    prefill(page, o); /* a new reading: the field shows the site's address now */

    o->builtin_shown = o->builtin_on = false;
    for (k = 0; iis7 && SUCCEEDED(s->builtin_hr) && k < s->builtin.count; k++) {
        if (s->builtin.items[k].passive) {
            o->builtin_shown = true;
            o->builtin_on |= s->builtin.items[k].enabled;
        }
    }
    if (!o->builtin_on)
        CheckDlgButton(page->hwnd, IDC_DISABLE_BUILTIN, BST_UNCHECKED);
    page_set_text_id(page->hwnd, IDC_BUILTIN_EXPLAIN, o->builtin_on ? IDS_PG_BUILTIN_EXPLAIN : IDS_PG_BUILTIN_OFF,
                     NULL, 0);
    page_show(page->hwnd, IDC_DISABLE_BUILTIN, o->builtin_shown);
    page_show(page->hwnd, IDC_BUILTIN_EXPLAIN, o->builtin_shown);
}

void opt7_enable(app_page *page, const options7 *o, bool idle, bool fw)
{
    page_enable(page->hwnd, IDC_SITE, idle && o->shown);
    page_enable(page->hwnd, IDC_EXTERNAL_IP, idle && o->shown);
    page_enable(page->hwnd, IDC_DISABLE_BUILTIN, idle && fw && o->builtin_on);
}

void opt7_get(const app_page *page, const options7 *o, app_page_choice *out)
{
    int i = selected_site(page, o);

    out->external_valid = o->valid;
    out->external_set = o->shown && o->valid && o->changed && i >= 0;
    if (out->external_set) {
        if (!WideCharToMultiByte(CP_UTF8, 0, o->sites[i].name, -1, out->site, (int)sizeof(out->site), NULL, NULL))
            out->external_set = false;
        snprintf(out->external_ip, sizeof(out->external_ip), "%s", o->ip);
    }
    out->disable_builtin_rule = o->builtin_on && page_checked(page->hwnd, IDC_DISABLE_BUILTIN);
}

void opt7_destroy(options7 *o)
{
    free(o->sites);
    o->sites = NULL;
    o->count = 0;
}
