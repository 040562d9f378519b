/* pasvports lab: metabase store, MetaBase.xml-shaped persistence (write-through, see mbstore.h).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include <windows.h>
#include <mddefw.h>
#include <iiscnfg.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include "mbstore.h"

/* The few properties the lab knows by name, as IIS 6's MBSchema.xml names them. Known properties
 * are written as XML attributes of their key element (like the real MetaBase.xml); anything else,
 * or a known id stored with non-schema attributes/types, becomes a <Custom .../> child. */
struct mb_schema { DWORD id; const WCHAR *name; DWORD dtype, attrs, utype; };
static const struct mb_schema schema[] = {
    { MD_PASSIVE_PORT_RANGE, L"PassivePortRange", STRING_METADATA, METADATA_INHERIT, IIS_MD_UT_SERVER },
    { MD_ROOT_ENABLE_EDIT_WHILE_RUNNING, L"EnableEditWhileRunning", DWORD_METADATA, METADATA_NO_ATTRIBUTES, IIS_MD_UT_SERVER },
    { MD_ROOT_ENABLE_HISTORY, L"EnableHistory", DWORD_METADATA, METADATA_NO_ATTRIBUTES, IIS_MD_UT_SERVER },
    { MD_SERVER_COMMENT, L"ServerComment", STRING_METADATA, METADATA_INHERIT, IIS_MD_UT_SERVER },
};
/* MD_KEY_TYPE (1002) is the element name itself (<IIsFtpService Location=...>). */

static HANDLE mb_mutex;

HRESULT mb_lock(void)
{
    DWORD rc;
    if (!mb_mutex) {
        HANDLE h = CreateMutexW(NULL, FALSE, L"PasvLabMetabaseMutex");
        if (!h)
            return HRESULT_FROM_WIN32(GetLastError());
        if (InterlockedCompareExchangePointer(&mb_mutex, h, NULL) != NULL)
            CloseHandle(h);
    }
    rc = WaitForSingleObject(mb_mutex, 30000);
    if (rc == WAIT_OBJECT_0 || rc == WAIT_ABANDONED)
        return S_OK;
    return HRESULT_FROM_WIN32(ERROR_PATH_BUSY);
}

void mb_unlock(void)
{
    ReleaseMutex(mb_mutex);
}

HRESULT mb_inetsrv_path(const WCHAR *name, WCHAR *buf, DWORD count)
{
    UINT n = GetSystemDirectoryW(buf, count);
    if (!n || n >= count)
        return E_FAIL;
    if (name) {
        if (n + 9 + wcslen(name) + 1 > count)
            return E_INVALIDARG;
        wcscat(buf, L"\\inetsrv\\");
        wcscat(buf, name);
    } else {
        if (n + 8 + 1 > count)
            return E_INVALIDARG;
        wcscat(buf, L"\\inetsrv");
    }
    return S_OK;
}

/* ---- paths ---- */

HRESULT mb_path_join(const WCHAR *base, const WCHAR *rel, WCHAR *out, DWORD count)
{
    DWORD n = 0;
    const WCHAR *parts[2] = { base, rel };
    for (int i = 0; i < 2; i++) {
        const WCHAR *p = parts[i];
        if (!p)
            continue;
        while (*p) {
            while (*p == L'/' || *p == L'\\')
                p++;
            if (!*p)
                break;
            if (n + 1 >= count)
                return E_INVALIDARG;
            out[n++] = L'/';
            while (*p && *p != L'/' && *p != L'\\') {
                if (n + 1 >= count)
                    return E_INVALIDARG;
                out[n++] = *p++;
            }
        }
    }
    out[n] = 0;
    return S_OK;
}

BOOL mb_path_is_ancestor_or_self(const WCHAR *a, const WCHAR *b)
{
    size_t la = wcslen(a);
    if (la > wcslen(b) || _wcsnicmp(a, b, la) != 0)
        return FALSE;
    return b[la] == 0 || b[la] == L'/';
}

/* ---- keys and values ---- */

static void free_key(struct mb_key *k)
{
    for (DWORD i = 0; i < k->count; i++)
        free(k->values[i].data);
    free(k->values);
    free(k->path);
}

static void clear_store(struct mb_store *s)
{
    for (DWORD i = 0; i < s->count; i++)
        free_key(&s->keys[i]);
    free(s->keys);
    s->keys = NULL;
    s->count = s->cap = 0;
}

struct mb_key *mb_find_key(struct mb_store *s, const WCHAR *path)
{
    for (DWORD i = 0; i < s->count; i++)
        if (!_wcsicmp(s->keys[i].path, path))
            return &s->keys[i];
    return NULL;
}

static struct mb_key *add_one_key(struct mb_store *s, const WCHAR *path)
{
    struct mb_key *k = mb_find_key(s, path);
    if (k)
        return k;
    if (s->count == s->cap) {
        DWORD cap = s->cap ? s->cap * 2 : 16;
        struct mb_key *keys = realloc(s->keys, cap * sizeof(*keys));
        if (!keys)
            return NULL;
        s->keys = keys;
        s->cap = cap;
    }
    k = &s->keys[s->count];
    memset(k, 0, sizeof(*k));
    k->path = _wcsdup(path);
    if (!k->path)
        return NULL;
    s->count++;
    return k;
}

struct mb_key *mb_add_key(struct mb_store *s, const WCHAR *path)
{
    WCHAR buf[MB_PATH_MAX];
    size_t len = wcslen(path);
    if (len >= MB_PATH_MAX)
        return NULL;
    if (!add_one_key(s, L""))
        return NULL;
    /* parents first, so enumeration order is creation order */
    for (size_t i = 1; i <= len; i++) {
        if (path[i] == L'/' || path[i] == 0) {
            memcpy(buf, path, i * sizeof(WCHAR));
            buf[i] = 0;
            if (!add_one_key(s, buf))
                return NULL;
        }
    }
    return mb_find_key(s, path);
}

void mb_delete_key(struct mb_store *s, const WCHAR *path)
{
    DWORD j = 0;
    for (DWORD i = 0; i < s->count; i++) {
        if (mb_path_is_ancestor_or_self(path, s->keys[i].path))
            free_key(&s->keys[i]);
        else
            s->keys[j++] = s->keys[i];
    }
    s->count = j;
}

BOOL mb_child_name(struct mb_store *s, const WCHAR *path, DWORD index, WCHAR *name, DWORD count)
{
    size_t lp = wcslen(path);
    for (DWORD i = 0; i < s->count; i++) {
        const WCHAR *c = s->keys[i].path;
        if (wcslen(c) <= lp || !mb_path_is_ancestor_or_self(path, c) || wcschr(c + lp + 1, L'/'))
            continue;
        if (index-- == 0) {
            lstrcpynW(name, c + lp + 1, count);
            return TRUE;
        }
    }
    return FALSE;
}

struct mb_value *mb_find_value(struct mb_key *k, DWORD id)
{
    for (DWORD i = 0; i < k->count; i++)
        if (k->values[i].id == id)
            return &k->values[i];
    return NULL;
}

HRESULT mb_set_value(struct mb_key *k, DWORD id, DWORD attrs, DWORD utype, DWORD dtype,
                     const BYTE *data, DWORD len)
{
    struct mb_value *v = mb_find_value(k, id);
    BYTE *copy = malloc(len ? len : 1);
    if (!copy)
        return E_OUTOFMEMORY;
    if (len)
        memcpy(copy, data, len);
    if (!v) {
        if (k->count == k->cap) {
            DWORD cap = k->cap ? k->cap * 2 : 8;
            struct mb_value *vals = realloc(k->values, cap * sizeof(*vals));
            if (!vals) {
                free(copy);
                return E_OUTOFMEMORY;
            }
            k->values = vals;
            k->cap = cap;
        }
        v = &k->values[k->count++];
    } else {
        free(v->data);
    }
    v->id = id;
    v->attrs = attrs;
    v->utype = utype;
    v->dtype = dtype;
    v->len = len;
    v->data = copy;
    return S_OK;
}

BOOL mb_delete_value(struct mb_key *k, DWORD id, DWORD dtype)
{
    for (DWORD i = 0; i < k->count; i++) {
        if (k->values[i].id != id || (dtype != ALL_METADATA && k->values[i].dtype != dtype))
            continue;
        free(k->values[i].data);
        k->values[i] = k->values[--k->count];
        return TRUE;
    }
    return FALSE;
}

static HRESULT set_string(struct mb_key *k, DWORD id, DWORD attrs, DWORD utype, const WCHAR *s)
{
    return mb_set_value(k, id, attrs, utype, STRING_METADATA, (const BYTE *)s,
                        (DWORD)((wcslen(s) + 1) * sizeof(WCHAR)));
}

static HRESULT set_dword(struct mb_key *k, DWORD id, DWORD value)
{
    return mb_set_value(k, id, METADATA_NO_ATTRIBUTES, IIS_MD_UT_SERVER, DWORD_METADATA,
                        (const BYTE *)&value, sizeof(value));
}

/* What a fresh IIS 6 install with the FTP service has (a subset). */
void mb_defaults(struct mb_store *s)
{
    struct mb_key *k;
    clear_store(s);
    s->change_number = 1;
    mb_add_key(s, L"");
    if ((k = mb_add_key(s, L"/LM"))) {
        set_string(k, MD_KEY_TYPE, METADATA_NO_ATTRIBUTES, IIS_MD_UT_SERVER, L"IIsComputer");
        set_dword(k, MD_ROOT_ENABLE_EDIT_WHILE_RUNNING, 0);
        set_dword(k, MD_ROOT_ENABLE_HISTORY, 1);
    }
    if ((k = mb_add_key(s, L"/LM/MSFTPSVC")))
        set_string(k, MD_KEY_TYPE, METADATA_NO_ATTRIBUTES, IIS_MD_UT_SERVER, L"IIsFtpService");
    if ((k = mb_add_key(s, L"/LM/MSFTPSVC/1"))) {
        set_string(k, MD_KEY_TYPE, METADATA_NO_ATTRIBUTES, IIS_MD_UT_SERVER, L"IIsFtpServer");
        set_string(k, MD_SERVER_COMMENT, METADATA_INHERIT, IIS_MD_UT_SERVER, L"Default FTP Site");
    }
    if ((k = mb_add_key(s, L"/LM/MSFTPSVC/1/ROOT")))
        set_string(k, MD_KEY_TYPE, METADATA_NO_ATTRIBUTES, IIS_MD_UT_SERVER, L"IIsFtpVirtualDir");
    if ((k = mb_add_key(s, L"/LM/W3SVC")))
        set_string(k, MD_KEY_TYPE, METADATA_NO_ATTRIBUTES, IIS_MD_UT_SERVER, L"IIsWebService");
}

/* ---- writing MetaBase.xml ---- */

struct wbuf { WCHAR *p; size_t n, cap; BOOL oom; };

static void put(struct wbuf *b, const WCHAR *s)
{
    size_t l = wcslen(s);
    if (b->n + l + 1 > b->cap) {
        size_t cap = (b->cap + l + 1) * 2;
        WCHAR *p = realloc(b->p, cap * sizeof(WCHAR));
        if (!p) {
            b->oom = TRUE;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, (l + 1) * sizeof(WCHAR));
    b->n += l;
}

static void put_escaped(struct wbuf *b, const WCHAR *s, size_t len)
{
    WCHAR one[2] = { 0, 0 };
    for (size_t i = 0; i < len && s[i]; i++) {
        switch (s[i]) {
        case L'&': put(b, L"&amp;"); break;
        case L'<': put(b, L"&lt;"); break;
        case L'>': put(b, L"&gt;"); break;
        case L'"': put(b, L"&quot;"); break;
        default: one[0] = s[i]; put(b, one); break;
        }
    }
}

static void put_uint(struct wbuf *b, DWORD v)
{
    WCHAR num[16];
    _snwprintf(num, 16, L"%lu", (unsigned long)v);
    num[15] = 0;
    put(b, num);
}

/* The value as attribute text: decimal DWORD, escaped string, MULTISZ joined with "&#10;"
 * (real MetaBase.xml puts one string per line), BINARY as hex digits. */
static void put_value_text(struct wbuf *b, const struct mb_value *v)
{
    const WCHAR *w = (const WCHAR *)v->data;
    size_t wl = v->len / sizeof(WCHAR);
    switch (v->dtype) {
    case DWORD_METADATA:
        put_uint(b, v->len >= 4 ? *(const DWORD *)v->data : 0);
        break;
    case STRING_METADATA:
    case EXPANDSZ_METADATA:
        put_escaped(b, w, wl);
        break;
    case MULTISZ_METADATA: {
        size_t i = 0;
        BOOL first = TRUE;
        while (i < wl && w[i]) {
            size_t l = wcsnlen(w + i, wl - i);
            if (!first)
                put(b, L"&#10;");
            put_escaped(b, w + i, l);
            first = FALSE;
            i += l + 1;
        }
        break;
    }
    default: {
        WCHAR hex[3];
        for (DWORD i = 0; i < v->len; i++) {
            _snwprintf(hex, 3, L"%02X", v->data[i]);
            put(b, hex);
        }
        break;
    }
    }
}

static const struct mb_schema *schema_by_id(DWORD id)
{
    for (size_t i = 0; i < ARRAYSIZE(schema); i++)
        if (schema[i].id == id)
            return &schema[i];
    return NULL;
}

static const struct mb_schema *schema_by_name(const WCHAR *name)
{
    for (size_t i = 0; i < ARRAYSIZE(schema); i++)
        if (!wcscmp(schema[i].name, name))
            return &schema[i];
    return NULL;
}

static const WCHAR *type_name(DWORD t)
{
    switch (t) {
    case DWORD_METADATA: return L"DWORD";
    case STRING_METADATA: return L"STRING";
    case BINARY_METADATA: return L"BINARY";
    case EXPANDSZ_METADATA: return L"EXPANDSZ";
    case MULTISZ_METADATA: return L"MULTISZ";
    default: return L"BINARY";
    }
}

static BOOL is_tag_name(const WCHAR *s)
{
    if (!*s)
        return FALSE;
    for (; *s; s++)
        if (!iswalnum(*s) && *s != L'_')
            return FALSE;
    return TRUE;
}

static void put_key(struct wbuf *b, const struct mb_key *k)
{
    const WCHAR *tag = L"IIsConfigObject";
    struct mb_value *kt = mb_find_value((struct mb_key *)k, MD_KEY_TYPE);
    BOOL custom = FALSE;
    if (kt && kt->dtype == STRING_METADATA && kt->len >= 2 && is_tag_name((const WCHAR *)kt->data))
        tag = (const WCHAR *)kt->data;
    else
        kt = NULL;
    put(b, L"<");
    put(b, tag);
    put(b, L"\tLocation=\"");
    put_escaped(b, k->path[0] ? k->path : L"/", (size_t)-1);
    put(b, L"\"\n");
    for (DWORD i = 0; i < k->count; i++) {
        const struct mb_value *v = &k->values[i];
        const struct mb_schema *sc = schema_by_id(v->id);
        if (v == kt)
            continue;
        if (!sc || sc->dtype != v->dtype || sc->attrs != v->attrs || sc->utype != v->utype) {
            custom = TRUE;
            continue;
        }
        put(b, L"\t\t");
        put(b, sc->name);
        put(b, L"=\"");
        put_value_text(b, v);
        put(b, L"\"\n");
    }
    put(b, L"\t>\n");
    if (custom) {
        for (DWORD i = 0; i < k->count; i++) {
            const struct mb_value *v = &k->values[i];
            const struct mb_schema *sc = schema_by_id(v->id);
            if (v == kt || (sc && sc->dtype == v->dtype && sc->attrs == v->attrs && sc->utype == v->utype))
                continue;
            put(b, L"\t<Custom\tName=\"");
            if (sc)
                put(b, sc->name);
            else {
                put(b, L"ID");
                put_uint(b, v->id);
            }
            put(b, L"\" ID=\"");
            put_uint(b, v->id);
            put(b, L"\" Value=\"");
            put_value_text(b, v);
            put(b, L"\" Type=\"");
            put(b, type_name(v->dtype));
            put(b, L"\" UserType=\"");
            put_uint(b, v->utype);
            put(b, L"\" Attributes=\"");
            put_uint(b, v->attrs);
            put(b, L"\"/>\n");
        }
    }
    put(b, L"</");
    put(b, tag);
    put(b, L">\n");
}

HRESULT mb_write_file(struct mb_store *s)
{
    WCHAR path[MAX_PATH], tmp[MAX_PATH], dir[MAX_PATH];
    struct wbuf b = { 0 };
    char *utf8 = NULL;
    int len;
    HANDLE h;
    DWORD written;
    HRESULT hr;

    if (FAILED(hr = mb_inetsrv_path(NULL, dir, MAX_PATH)) ||
        FAILED(hr = mb_inetsrv_path(L"MetaBase.xml", path, MAX_PATH)) ||
        FAILED(hr = mb_inetsrv_path(L"MetaBase.xml.tmp", tmp, MAX_PATH)))
        return hr;
    CreateDirectoryW(dir, NULL);

    put(&b, L"<?xml version =\"1.0\"?>\n<configuration xmlns=\"urn:microsoft-catalog:XML_Metabase_V64_0\">\n"
            L"<MBProperty>\n<IIS_Global\tLocation=\".\"\n\t\tChangeNumber=\"");
    put_uint(&b, s->change_number);
    put(&b, L"\"\n\t>\n</IIS_Global>\n");
    for (DWORD i = 0; i < s->count; i++) {
        /* the root needs no element unless it holds values */
        if (!s->keys[i].path[0] && !s->keys[i].count)
            continue;
        put_key(&b, &s->keys[i]);
    }
    put(&b, L"</MBProperty>\n</configuration>\n");
    if (b.oom) {
        free(b.p);
        return E_OUTOFMEMORY;
    }
    len = WideCharToMultiByte(CP_UTF8, 0, b.p, (int)b.n, NULL, 0, NULL, NULL);
    utf8 = malloc(len + 1);
    if (!utf8) {
        free(b.p);
        return E_OUTOFMEMORY;
    }
    WideCharToMultiByte(CP_UTF8, 0, b.p, (int)b.n, utf8, len, NULL, NULL);
    free(b.p);

    h = CreateFileW(tmp, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        free(utf8);
        return HRESULT_FROM_WIN32(GetLastError());
    }
    if (!WriteFile(h, utf8, (DWORD)len, &written, NULL) || written != (DWORD)len) {
        hr = HRESULT_FROM_WIN32(GetLastError());
        CloseHandle(h);
        free(utf8);
        return FAILED(hr) ? hr : E_FAIL;
    }
    CloseHandle(h);
    if (!MoveFileExW(tmp, path, MOVEFILE_REPLACE_EXISTING)) {
        free(utf8);
        return HRESULT_FROM_WIN32(GetLastError());
    }
    /* remember what we wrote, so our own next sync does not re-parse it */
    free(s->raw);
    s->raw = utf8;
    s->raw_len = (DWORD)len;
    return S_OK;
}

HRESULT mb_commit(struct mb_store *s)
{
    s->change_number++;
    return mb_write_file(s);
}

/* ---- reading MetaBase.xml ---- */

static WCHAR *unescape(const WCHAR *s, size_t len, size_t *outlen)
{
    WCHAR *o = malloc((len + 1) * sizeof(WCHAR));
    size_t n = 0;
    if (!o)
        return NULL;
    for (size_t i = 0; i < len;) {
        if (s[i] == L'&') {
            static const struct { const WCHAR *e; WCHAR c; } ents[] = {
                { L"&amp;", L'&' }, { L"&lt;", L'<' }, { L"&gt;", L'>' }, { L"&quot;", L'"' },
                { L"&apos;", L'\'' }, { L"&#10;", L'\n' }, { L"&#xA;", L'\n' },
            };
            size_t e;
            for (e = 0; e < ARRAYSIZE(ents); e++) {
                size_t el = wcslen(ents[e].e);
                if (i + el <= len && !wcsncmp(s + i, ents[e].e, el)) {
                    o[n++] = ents[e].c;
                    i += el;
                    break;
                }
            }
            if (e < ARRAYSIZE(ents))
                continue;
        }
        o[n++] = s[i++];
    }
    o[n] = 0;
    *outlen = n;
    return o;
}

static DWORD type_from_name(const WCHAR *s)
{
    if (!wcscmp(s, L"DWORD")) return DWORD_METADATA;
    if (!wcscmp(s, L"STRING")) return STRING_METADATA;
    if (!wcscmp(s, L"EXPANDSZ")) return EXPANDSZ_METADATA;
    if (!wcscmp(s, L"MULTISZ")) return MULTISZ_METADATA;
    return BINARY_METADATA;
}

static DWORD flags_from_text(const WCHAR *s)
{
    /* numbers, or IIS' symbolic forms ("INHERIT", "IIS_MD_UT_SERVER", "INHERIT | SECURE") */
    DWORD v = 0;
    if (iswdigit(*s))
        return wcstoul(s, NULL, 0);
    if (wcsstr(s, L"IIS_MD_UT_SERVER")) v |= IIS_MD_UT_SERVER;
    if (wcsstr(s, L"IIS_MD_UT_FILE")) v |= IIS_MD_UT_FILE;
    if (wcsstr(s, L"INHERIT")) v |= METADATA_INHERIT;
    if (wcsstr(s, L"SECURE")) v |= METADATA_SECURE;
    if (wcsstr(s, L"VOLATILE")) v |= METADATA_VOLATILE;
    return v;
}

static HRESULT value_from_text(struct mb_key *k, DWORD id, DWORD attrs, DWORD utype, DWORD dtype,
                               const WCHAR *text, size_t tl)
{
    switch (dtype) {
    case DWORD_METADATA: {
        DWORD d = wcstoul(text, NULL, 0);
        return mb_set_value(k, id, attrs, utype, dtype, (const BYTE *)&d, sizeof(d));
    }
    case STRING_METADATA:
    case EXPANDSZ_METADATA:
        return mb_set_value(k, id, attrs, utype, dtype, (const BYTE *)text, (DWORD)((tl + 1) * sizeof(WCHAR)));
    case MULTISZ_METADATA: {
        WCHAR *m = malloc((tl + 2) * sizeof(WCHAR));
        HRESULT hr;
        if (!m)
            return E_OUTOFMEMORY;
        for (size_t i = 0; i < tl; i++)
            m[i] = text[i] == L'\n' ? 0 : text[i];
        m[tl] = 0;
        m[tl + 1] = 0;
        hr = mb_set_value(k, id, attrs, utype, dtype, (const BYTE *)m,
                          (DWORD)((tl ? tl + 2 : 1) * sizeof(WCHAR)));
        free(m);
        return hr;
    }
    default: {
        BYTE *bin = malloc(tl / 2 + 1);
        HRESULT hr;
        if (!bin)
            return E_OUTOFMEMORY;
        for (size_t i = 0; i + 1 < tl; i += 2) {
            WCHAR two[3] = { text[i], text[i + 1], 0 };
            bin[i / 2] = (BYTE)wcstoul(two, NULL, 16);
        }
        hr = mb_set_value(k, id, attrs, utype, dtype, bin, (DWORD)(tl / 2));
        free(bin);
        return hr;
    }
    }
}

#define MAX_ATTRS 64
struct xml_attr { WCHAR name[64]; WCHAR *value; size_t len; };

/* Parses the subset of XML MetaBase.xml uses: elements with quoted attributes. */
static void parse(struct mb_store *s, const WCHAR *x)
{
    struct mb_key *cur = NULL;
    const WCHAR *p = x;
    while ((p = wcschr(p, L'<'))) {
        WCHAR tag[128];
        size_t tl = 0;
        struct xml_attr attrs[MAX_ATTRS];
        int na = 0;
        p++;
        if (*p == L'?' || *p == L'!') {
            const WCHAR *e = (*p == L'!' && !wcsncmp(p, L"!--", 3)) ? wcsstr(p, L"-->") : wcschr(p, L'>');
            if (!e)
                break;
            p = e + 1;
            continue;
        }
        if (*p == L'/') {
            cur = NULL;
            continue;
        }
        while (*p && !iswspace(*p) && *p != L'>' && *p != L'/' && tl < 127)
            tag[tl++] = *p++;
        tag[tl] = 0;
        for (;;) {
            size_t nl = 0;
            WCHAR q;
            const WCHAR *v;
            while (iswspace(*p))
                p++;
            if (!*p || *p == L'>' || *p == L'/')
                break;
            if (na == MAX_ATTRS)
                break;
            while (*p && !iswspace(*p) && *p != L'=' && *p != L'>' && nl < 63)
                attrs[na].name[nl++] = *p++;
            attrs[na].name[nl] = 0;
            while (iswspace(*p))
                p++;
            if (*p != L'=')
                continue;
            p++;
            while (iswspace(*p))
                p++;
            q = *p;
            if (q != L'"' && q != L'\'')
                break;
            v = ++p;
            while (*p && *p != q)
                p++;
            attrs[na].value = unescape(v, (size_t)(p - v), &attrs[na].len);
            if (*p)
                p++;
            if (attrs[na].value)
                na++;
        }
        if (!wcscmp(tag, L"IIS_Global")) {
            for (int i = 0; i < na; i++)
                if (!wcscmp(attrs[i].name, L"ChangeNumber"))
                    s->change_number = wcstoul(attrs[i].value, NULL, 10);
        } else if (!wcscmp(tag, L"Custom") && cur) {
            DWORD id = 0, dtype = BINARY_METADATA, utype = IIS_MD_UT_SERVER, at = 0;
            const struct xml_attr *val = NULL;
            for (int i = 0; i < na; i++) {
                if (!wcscmp(attrs[i].name, L"ID")) id = wcstoul(attrs[i].value, NULL, 10);
                else if (!wcscmp(attrs[i].name, L"Type")) dtype = type_from_name(attrs[i].value);
                else if (!wcscmp(attrs[i].name, L"UserType")) utype = flags_from_text(attrs[i].value);
                else if (!wcscmp(attrs[i].name, L"Attributes")) at = flags_from_text(attrs[i].value);
                else if (!wcscmp(attrs[i].name, L"Value")) val = &attrs[i];
            }
            if (id)
                value_from_text(cur, id, at, utype, dtype, val ? val->value : L"", val ? val->len : 0);
        } else {
            const WCHAR *loc = NULL;
            for (int i = 0; i < na; i++)
                if (!wcscmp(attrs[i].name, L"Location"))
                    loc = attrs[i].value;
            if (loc) {
                WCHAR path[MB_PATH_MAX];
                if (SUCCEEDED(mb_path_join(L"", loc, path, MB_PATH_MAX)) && (cur = mb_add_key(s, path))) {
                    if (wcscmp(tag, L"IIsConfigObject"))
                        set_string(cur, MD_KEY_TYPE, METADATA_NO_ATTRIBUTES, IIS_MD_UT_SERVER, tag);
                    for (int i = 0; i < na; i++) {
                        const struct mb_schema *sc = schema_by_name(attrs[i].name);
                        if (sc)
                            value_from_text(cur, sc->id, sc->attrs, sc->utype, sc->dtype,
                                            attrs[i].value, attrs[i].len);
                    }
                }
            }
        }
        for (int i = 0; i < na; i++)
            free(attrs[i].value);
        if (!*p)
            break;
    }
}

HRESULT mb_sync(struct mb_store *s)
{
    WCHAR path[MAX_PATH];
    HANDLE h;
    LARGE_INTEGER size;
    char *raw;
    WCHAR *wide;
    DWORD got = 0;
    int wl, skip = 0;
    HRESULT hr;

    if (FAILED(hr = mb_inetsrv_path(L"MetaBase.xml", path, MAX_PATH)))
        return hr;
    h = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                    NULL, OPEN_EXISTING, 0, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        /* no file yet: a fresh install's tree, written on the first change */
        if (!s->count || s->raw) {
            free(s->raw);
            s->raw = NULL;
            s->raw_len = 0;
            mb_defaults(s);
        }
        return S_OK;
    }
    if (!GetFileSizeEx(h, &size) || size.QuadPart > 16 * 1024 * 1024) {
        CloseHandle(h);
        return MD_ERROR_READ_METABASE_FILE;
    }
    raw = malloc((size_t)size.QuadPart + 1);
    if (!raw) {
        CloseHandle(h);
        return E_OUTOFMEMORY;
    }
    if (!ReadFile(h, raw, (DWORD)size.QuadPart, &got, NULL)) {
        CloseHandle(h);
        free(raw);
        return MD_ERROR_READ_METABASE_FILE;
    }
    CloseHandle(h);
    if (s->raw && got == s->raw_len && !memcmp(raw, s->raw, got)) {
        free(raw);
        return S_OK;
    }
    if (got >= 3 && (BYTE)raw[0] == 0xEF && (BYTE)raw[1] == 0xBB && (BYTE)raw[2] == 0xBF)
        skip = 3;
    wl = MultiByteToWideChar(CP_UTF8, 0, raw + skip, (int)got - skip, NULL, 0);
    wide = malloc((wl + 1) * sizeof(WCHAR));
    if (!wide) {
        free(raw);
        return E_OUTOFMEMORY;
    }
    MultiByteToWideChar(CP_UTF8, 0, raw + skip, (int)got - skip, wide, wl);
    wide[wl] = 0;
    clear_store(s);
    s->change_number = 0;
    mb_add_key(s, L"");
    parse(s, wide);
    free(wide);
    free(s->raw);
    s->raw = raw;
    s->raw_len = got;
    return S_OK;
}
