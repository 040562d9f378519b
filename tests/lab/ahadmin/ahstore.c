/* pasvports lab: applicationHost.config store (see ahstore.h).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 * The reader knows elements, attributes, text, comments, processing instructions and CDATA
 * (the last three are kept as text); that is all applicationHost.config uses. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ahstore.h"

struct ah_attr_rec {
    char *name;
    char *value;        /* NULL: absent (removed; keeps its place) */
    char *orig_raw;     /* text as read, leading blanks included; NULL for new attributes */
    char *orig_value;   /* value as read */
};

struct ah_node {
    BOOL is_text;
    char *text;                     /* text node: raw text */
    char *name;
    struct ah_attr_rec *attrs;
    unsigned nattrs;
    struct ah_node **kids;
    unsigned nkids;
    struct ah_node *parent;
    size_t src_begin, src_end;      /* whole element in the source (untouched elements) */
    char *tag_tail;                 /* blanks before '>' or '/>' as read */
    BOOL self_closing;              /* <x ... /> as read */
    BOOL created;                   /* made by the lab, not read */
    BOOL dirty;                     /* something inside changed */
};

struct ah_doc {
    char *src;
    size_t len;
    BOOL crlf;                      /* the file's line ends, for the lines the lab adds */
    struct ah_node top;             /* pseudo node: prolog text, the root element, trailing text */
};

/* ---------- small helpers ---------- */

static char *dup_n(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = 0;
    }
    return p;
}

static char *dup_s(const char *s)
{
    return s ? dup_n(s, strlen(s)) : NULL;
}

struct buf {
    char *p;
    size_t n, cap;
    BOOL oom;
};

static void put_n(struct buf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 4096;
        char *p;
        while (cap < b->n + n + 1)
            cap *= 2;
        p = realloc(b->p, cap);
        if (!p) {
            b->oom = TRUE;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = 0;
}

static void put(struct buf *b, const char *s)
{
    put_n(b, s, strlen(s));
}

static BOOL add_kid(struct ah_node *parent, struct ah_node *kid, unsigned at)
{
    struct ah_node **k = realloc(parent->kids, (parent->nkids + 1) * sizeof(*k));
    if (!k)
        return FALSE;
    parent->kids = k;
    memmove(k + at + 1, k + at, (parent->nkids - at) * sizeof(*k));
    k[at] = kid;
    parent->nkids++;
    kid->parent = parent;
    return TRUE;
}

static void node_free(struct ah_node *n)
{
    unsigned i;
    if (!n)
        return;
    for (i = 0; i < n->nkids; i++) {
        node_free(n->kids[i]);
        free(n->kids[i]);
    }
    for (i = 0; i < n->nattrs; i++) {
        free(n->attrs[i].name);
        free(n->attrs[i].value);
        free(n->attrs[i].orig_raw);
        free(n->attrs[i].orig_value);
    }
    free(n->attrs);
    free(n->kids);
    free(n->text);
    free(n->name);
    free(n->tag_tail);
}

/* ---------- reading ---------- */

struct parser {
    const char *s;
    size_t len, pos;
};

static BOOL is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static BOOL is_name_char(char c)
{
    return c && !is_blank(c) && c != '/' && c != '>' && c != '=' && c != '<' && c != '"' && c != '\'';
}

static BOOL starts(const struct parser *p, const char *what)
{
    size_t n = strlen(what);
    return p->pos + n <= p->len && !memcmp(p->s + p->pos, what, n);
}

/* &lt; &gt; &amp; &quot; &apos; &#N; &#xN; (UTF-8 out); anything else is kept as written. */
static char *unescape(const char *s, size_t n)
{
    char *o = malloc(n + 1), *q = o;
    size_t i = 0;
    if (!o)
        return NULL;
    while (i < n) {
        if (s[i] == '&') {
            const char *semi = memchr(s + i, ';', n - i);
            size_t en = semi ? (size_t)(semi - (s + i)) + 1 : 0;
            unsigned long cp = 0;
            if (en == 4 && !memcmp(s + i, "&lt;", 4)) { *q++ = '<'; i += 4; continue; }
            if (en == 4 && !memcmp(s + i, "&gt;", 4)) { *q++ = '>'; i += 4; continue; }
            if (en == 5 && !memcmp(s + i, "&amp;", 5)) { *q++ = '&'; i += 5; continue; }
            if (en == 6 && !memcmp(s + i, "&quot;", 6)) { *q++ = '"'; i += 6; continue; }
            if (en == 6 && !memcmp(s + i, "&apos;", 6)) { *q++ = '\''; i += 6; continue; }
            if (en > 3 && s[i + 1] == '#') {
                char *end;
                cp = s[i + 2] == 'x' ? strtoul(s + i + 3, &end, 16) : strtoul(s + i + 2, &end, 10);
                if (end == semi && cp && cp < 0x110000) {
                    if (cp < 0x80) *q++ = (char)cp;
                    else if (cp < 0x800) { *q++ = (char)(0xC0 | (cp >> 6)); *q++ = (char)(0x80 | (cp & 0x3F)); }
                    else if (cp < 0x10000) { *q++ = (char)(0xE0 | (cp >> 12)); *q++ = (char)(0x80 | ((cp >> 6) & 0x3F)); *q++ = (char)(0x80 | (cp & 0x3F)); }
                    else { *q++ = (char)(0xF0 | (cp >> 18)); *q++ = (char)(0x80 | ((cp >> 12) & 0x3F)); *q++ = (char)(0x80 | ((cp >> 6) & 0x3F)); *q++ = (char)(0x80 | (cp & 0x3F)); }
                    i += en;
                    continue;
                }
            }
        }
        *q++ = s[i++];
    }
    *q = 0;
    return o;
}

/* Appends raw text to the last kid when it is text, else adds a text node. */
static BOOL add_text(struct ah_node *parent, const char *s, size_t n)
{
    struct ah_node *t;
    if (!n)
        return TRUE;
    if (parent->nkids && parent->kids[parent->nkids - 1]->is_text) {
        struct ah_node *last = parent->kids[parent->nkids - 1];
        size_t old = strlen(last->text);
        char *p = realloc(last->text, old + n + 1);
        if (!p)
            return FALSE;
        memcpy(p + old, s, n);
        p[old + n] = 0;
        last->text = p;
        return TRUE;
    }
    t = calloc(1, sizeof(*t));
    if (!t)
        return FALSE;
    t->is_text = TRUE;
    t->text = dup_n(s, n);
    if (!t->text || !add_kid(parent, t, parent->nkids)) {
        free(t->text);
        free(t);
        return FALSE;
    }
    return TRUE;
}

/* Comments, PIs, CDATA and declarations, copied as text. */
static BOOL skip_markup(struct parser *p)
{
    const char *end = NULL, *close;
    size_t closelen;
    if (starts(p, "<!--")) { close = "-->"; closelen = 3; }
    else if (starts(p, "<?")) { close = "?>"; closelen = 2; }
    else if (starts(p, "<![CDATA[")) { close = "]]>"; closelen = 3; }
    else { close = ">"; closelen = 1; }
    for (size_t i = p->pos + 2; i + closelen <= p->len; i++)
        if (!memcmp(p->s + i, close, closelen)) {
            end = p->s + i + closelen;
            break;
        }
    if (!end)
        return FALSE;
    p->pos = (size_t)(end - p->s);
    return TRUE;
}

static BOOL parse_attrs(struct parser *p, struct ah_node *n)
{
    for (;;) {
        size_t ws = p->pos, nb, ne, vb;
        char q;
        struct ah_attr_rec *a;
        while (p->pos < p->len && is_blank(p->s[p->pos]))
            p->pos++;
        if (p->pos >= p->len)
            return FALSE;
        if (p->s[p->pos] == '>' || starts(p, "/>")) {
            n->tag_tail = dup_n(p->s + ws, p->pos - ws);
            if (!n->tag_tail)
                return FALSE;
            n->self_closing = p->s[p->pos] == '/';
            p->pos += n->self_closing ? 2 : 1;
            return TRUE;
        }
        nb = p->pos;
        while (p->pos < p->len && is_name_char(p->s[p->pos]))
            p->pos++;
        ne = p->pos;
        while (p->pos < p->len && is_blank(p->s[p->pos]))
            p->pos++;
        if (ne == nb || p->pos >= p->len || p->s[p->pos] != '=')
            return FALSE;
        p->pos++;
        while (p->pos < p->len && is_blank(p->s[p->pos]))
            p->pos++;
        if (p->pos >= p->len || (p->s[p->pos] != '"' && p->s[p->pos] != '\''))
            return FALSE;
        q = p->s[p->pos++];
        vb = p->pos;
        while (p->pos < p->len && p->s[p->pos] != q)
            p->pos++;
        if (p->pos >= p->len)
            return FALSE;
        p->pos++;
        a = realloc(n->attrs, (n->nattrs + 1) * sizeof(*a));
        if (!a)
            return FALSE;
        n->attrs = a;
        a += n->nattrs++;
        a->name = dup_n(p->s + nb, ne - nb);
        a->value = unescape(p->s + vb, p->pos - 1 - vb);
        a->orig_value = dup_s(a->value);
        a->orig_raw = dup_n(p->s + ws, p->pos - ws);
        if (!a->name || !a->value || !a->orig_value || !a->orig_raw)
            return FALSE;
    }
}

static BOOL parse_element(struct parser *p, struct ah_node *parent, int depth);

/* Content up to the parent's end tag (or the end of the input for the pseudo node). */
static BOOL parse_content(struct parser *p, struct ah_node *parent, int depth)
{
    while (p->pos < p->len) {
        size_t t = p->pos;
        while (p->pos < p->len && p->s[p->pos] != '<')
            p->pos++;
        if (!add_text(parent, p->s + t, p->pos - t))
            return FALSE;
        if (p->pos >= p->len)
            break;
        if (starts(p, "</")) {
            size_t nb;
            if (!parent->name)
                return FALSE;
            p->pos += 2;
            nb = p->pos;
            while (p->pos < p->len && is_name_char(p->s[p->pos]))
                p->pos++;
            if (p->pos - nb != strlen(parent->name) || memcmp(p->s + nb, parent->name, p->pos - nb))
                return FALSE;
            while (p->pos < p->len && is_blank(p->s[p->pos]))
                p->pos++;
            if (p->pos >= p->len || p->s[p->pos] != '>')
                return FALSE;
            p->pos++;
            return TRUE;
        }
        if (starts(p, "<!") || starts(p, "<?")) {
            t = p->pos;
            if (!skip_markup(p) || !add_text(parent, p->s + t, p->pos - t))
                return FALSE;
            continue;
        }
        if (!parse_element(p, parent, depth + 1))
            return FALSE;
    }
    return parent->name == NULL;   /* only the pseudo node may end at the end of input */
}

static BOOL parse_element(struct parser *p, struct ah_node *parent, int depth)
{
    struct ah_node *n;
    size_t nb;

    if (depth > 64)
        return FALSE;
    n = calloc(1, sizeof(*n));
    if (!n || !add_kid(parent, n, parent->nkids)) {
        free(n);
        return FALSE;
    }
    n->src_begin = p->pos;
    p->pos++;
    nb = p->pos;
    while (p->pos < p->len && is_name_char(p->s[p->pos]))
        p->pos++;
    if (p->pos == nb)
        return FALSE;
    n->name = dup_n(p->s + nb, p->pos - nb);
    if (!n->name || !parse_attrs(p, n))
        return FALSE;
    if (!n->self_closing && !parse_content(p, n, depth))
        return FALSE;
    n->src_end = p->pos;
    return TRUE;
}

HRESULT ah_doc_parse(const char *text, size_t len, struct ah_doc **out)
{
    struct ah_doc *d = calloc(1, sizeof(*d));
    struct parser p;

    *out = NULL;
    if (!d || !(d->src = dup_n(text, len))) {
        free(d);
        return E_OUTOFMEMORY;
    }
    d->len = len;
    d->crlf = memchr(text, '\r', len) != NULL;
    p.s = d->src;
    p.len = len;
    p.pos = 0;
    if (!parse_content(&p, &d->top, 0) || !ah_doc_root(d)) {
        ah_doc_free(d);
        return HRESULT_FROM_WIN32(ERROR_INVALID_DATA);
    }
    *out = d;
    return S_OK;
}

void ah_doc_free(struct ah_doc *d)
{
    if (!d)
        return;
    node_free(&d->top);
    free(d->src);
    free(d);
}

/* ---------- writing ---------- */

static void put_escaped(struct buf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': put(b, "&amp;"); break;
        case '<': put(b, "&lt;"); break;
        case '>': put(b, "&gt;"); break;
        case '"': put(b, "&quot;"); break;
        case '\r': put(b, "&#xD;"); break;
        case '\n': put(b, "&#xA;"); break;
        case '\t': put(b, "&#x9;"); break;
        default: put_n(b, s, 1);
        }
    }
}

static void put_indent(struct buf *b, BOOL crlf, int depth)
{
    put(b, crlf ? "\r\n" : "\n");
    while (depth-- > 0)
        put(b, "    ");
}

static int node_depth(const struct ah_node *n)
{
    int d = -1;
    for (n = n->parent; n; n = n->parent)
        d++;
    return d;   /* <configuration> is 0 (its parent is the pseudo node) */
}

static BOOL attr_present(const struct ah_node *n)
{
    unsigned i;
    for (i = 0; i < n->nattrs; i++)
        if (n->attrs[i].value)
            return TRUE;
    return FALSE;
}

static BOOL blank_text(const char *t)
{
    for (; *t; t++)
        if (!is_blank(*t))
            return FALSE;
    return TRUE;
}

/* IIS writes no empty elements: an element the lab created or changed is written only when it
 * holds an attribute, a written child or text. Untouched elements are written as read. */
static BOOL node_written(const struct ah_node *n)
{
    unsigned i;
    if (n->is_text || (!n->created && !n->dirty))
        return TRUE;
    if (attr_present(n))
        return TRUE;
    for (i = 0; i < n->nkids; i++)
        if (n->kids[i]->is_text ? !blank_text(n->kids[i]->text) : node_written(n->kids[i]))
            return TRUE;
    return FALSE;
}

static void serialize(const struct ah_doc *d, const struct ah_node *n, struct buf *b)
{
    unsigned i;
    BOOL any_kid = FALSE;

    if (n->is_text) {
        put(b, n->text);
        return;
    }
    if (!n->dirty && !n->created) {
        put_n(b, d->src + n->src_begin, n->src_end - n->src_begin);
        return;
    }
    if (!node_written(n))
        return;
    if (n->created)
        put_indent(b, d->crlf, node_depth(n));
    put(b, "<");
    put(b, n->name);
    for (i = 0; i < n->nattrs; i++) {
        const struct ah_attr_rec *a = &n->attrs[i];
        if (!a->value)
            continue;
        if (a->orig_raw && !strcmp(a->value, a->orig_value)) {
            put(b, a->orig_raw);
            continue;
        }
        if (a->orig_raw) {   /* keep the blanks that stood before it */
            const char *r = a->orig_raw;
            while (is_blank(*r))
                put_n(b, r++, 1);
        } else {
            put(b, " ");
        }
        put(b, a->name);
        put(b, "=\"");
        put_escaped(b, a->value);
        put(b, "\"");
    }
    for (i = 0; i < n->nkids; i++)
        if (!n->kids[i]->is_text && node_written(n->kids[i]))
            any_kid = TRUE;
    if (!any_kid && (n->self_closing || n->created)) {
        put(b, n->created ? " " : n->tag_tail);
        put(b, "/>");
        return;
    }
    if (!n->created)
        put(b, n->tag_tail);
    put(b, ">");
    for (i = 0; i < n->nkids; i++) {
        const struct ah_node *k = n->kids[i];
        /* an element that is not written takes the line break and indentation before it along */
        if (k->is_text && i + 1 < n->nkids && !n->kids[i + 1]->is_text && !node_written(n->kids[i + 1])
            && blank_text(k->text))
            continue;
        serialize(d, k, b);
    }
    if (n->self_closing || n->created)
        put_indent(b, d->crlf, node_depth(n));
    put(b, "</");
    put(b, n->name);
    put(b, ">");
}

HRESULT ah_doc_serialize(struct ah_doc *d, char **text, size_t *len)
{
    struct buf b = { 0 };
    unsigned i;

    for (i = 0; i < d->top.nkids; i++)
        serialize(d, d->top.kids[i], &b);
    if (b.oom || !b.p) {
        free(b.p);
        return E_OUTOFMEMORY;
    }
    *text = b.p;
    *len = b.n;
    return S_OK;
}

/* ---------- the tree ---------- */

struct ah_node *ah_doc_root(struct ah_doc *d)
{
    return ah_child(&d->top, NULL, 0);
}

const char *ah_node_name(const struct ah_node *n)
{
    return n->name;
}

struct ah_node *ah_child(const struct ah_node *n, const char *name, unsigned index)
{
    unsigned i;
    for (i = 0; i < n->nkids; i++) {
        struct ah_node *k = n->kids[i];
        if (k->is_text || (name && strcmp(k->name, name)))
            continue;
        if (index-- == 0)
            return k;
    }
    return NULL;
}

unsigned ah_child_count(const struct ah_node *n, const char *name)
{
    unsigned i, count = 0;
    for (i = 0; i < n->nkids; i++)
        if (!n->kids[i]->is_text && (!name || !strcmp(n->kids[i]->name, name)))
            count++;
    return count;
}

static void mark_dirty(struct ah_node *n)
{
    for (; n; n = n->parent)
        n->dirty = TRUE;
}

struct ah_node *ah_child_get_or_create(struct ah_node *n, const char *name)
{
    struct ah_node *k = ah_child(n, name, 0);
    unsigned at = 0, i;

    if (k)
        return k;
    k = calloc(1, sizeof(*k));
    if (!k || !(k->name = dup_s(name))) {
        free(k);
        return NULL;
    }
    k->created = TRUE;
    for (i = 0; i < n->nkids; i++)   /* after the last element child */
        if (!n->kids[i]->is_text)
            at = i + 1;
    if (!add_kid(n, k, at)) {
        free(k->name);
        free(k);
        return NULL;
    }
    mark_dirty(n);
    return k;
}

const char *ah_attr(const struct ah_node *n, const char *name)
{
    unsigned i;
    for (i = 0; i < n->nattrs; i++)
        if (!strcmp(n->attrs[i].name, name))
            return n->attrs[i].value;
    return NULL;
}

HRESULT ah_attr_set(struct ah_node *n, const char *name, const char *value)
{
    struct ah_attr_rec *a = NULL;
    char *v = NULL;
    unsigned i;

    for (i = 0; i < n->nattrs; i++)
        if (!strcmp(n->attrs[i].name, name))
            a = &n->attrs[i];
    if (value && !(v = dup_s(value)))
        return E_OUTOFMEMORY;
    if (!a) {
        if (!value)
            return S_OK;
        a = realloc(n->attrs, (n->nattrs + 1) * sizeof(*a));
        if (!a) {
            free(v);
            return E_OUTOFMEMORY;
        }
        n->attrs = a;
        a += n->nattrs;
        memset(a, 0, sizeof(*a));
        if (!(a->name = dup_s(name))) {
            free(v);
            return E_OUTOFMEMORY;
        }
        n->nattrs++;
    }
    free(a->value);
    a->value = v;
    mark_dirty(n);
    return S_OK;
}

/* ---------- the file ---------- */

static HANDLE ah_mutex;

HRESULT ah_lock(void)
{
    DWORD rc;
    if (!ah_mutex) {
        HANDLE h = CreateMutexW(NULL, FALSE, L"PasvLabAppHostMutex");
        if (!h)
            return HRESULT_FROM_WIN32(GetLastError());
        if (InterlockedCompareExchangePointer(&ah_mutex, h, NULL) != NULL)
            CloseHandle(h);
    }
    rc = WaitForSingleObject(ah_mutex, 30000);
    return (rc == WAIT_OBJECT_0 || rc == WAIT_ABANDONED) ? S_OK : HRESULT_FROM_WIN32(ERROR_TIMEOUT);
}

void ah_unlock(void)
{
    ReleaseMutex(ah_mutex);
}

HRESULT ah_config_path(const WCHAR *name, WCHAR *buf, DWORD count)
{
    UINT n = GetSystemDirectoryW(buf, count);
    size_t need = n + wcslen(L"\\inetsrv\\config\\") + (name ? wcslen(name) : 0) + 1;
    if (!n || need > count)
        return E_INVALIDARG;
    wcscat(buf, L"\\inetsrv\\config");
    if (name) {
        wcscat(buf, L"\\");
        wcscat(buf, name);
    }
    return S_OK;
}

HRESULT ah_doc_load(struct ah_doc **out)
{
    WCHAR path[MAX_PATH];
    HANDLE h;
    DWORD size, got = 0;
    char *text;
    HRESULT hr;

    *out = NULL;
    if (FAILED(hr = ah_config_path(L"applicationHost.config", path, MAX_PATH)) || FAILED(hr = ah_lock()))
        return hr;
    h = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        hr = HRESULT_FROM_WIN32(GetLastError());
        ah_unlock();
        return hr;
    }
    size = GetFileSize(h, NULL);
    text = size == INVALID_FILE_SIZE ? NULL : malloc(size + 1);
    if (!text || !ReadFile(h, text, size, &got, NULL) || got != size)
        hr = text ? HRESULT_FROM_WIN32(GetLastError()) : E_OUTOFMEMORY;
    CloseHandle(h);
    ah_unlock();
    if (SUCCEEDED(hr))
        hr = ah_doc_parse(text, size, out);
    free(text);
    return FAILED(hr) ? hr : S_OK;
}

static HRESULT write_atomic(const char *text, size_t len)
{
    WCHAR path[MAX_PATH], tmp[MAX_PATH], dir[MAX_PATH];
    HANDLE h;
    DWORD written = 0;
    HRESULT hr;

    if (FAILED(hr = ah_config_path(NULL, dir, MAX_PATH)) ||
        FAILED(hr = ah_config_path(L"applicationHost.config", path, MAX_PATH)) ||
        FAILED(hr = ah_config_path(L"applicationHost.config.labtmp", tmp, MAX_PATH)))
        return hr;
    h = CreateFileW(tmp, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE)
        return HRESULT_FROM_WIN32(GetLastError());
    if (!WriteFile(h, text, (DWORD)len, &written, NULL) || written != len) {
        hr = HRESULT_FROM_WIN32(GetLastError());
        CloseHandle(h);
        DeleteFileW(tmp);
        return FAILED(hr) ? hr : E_FAIL;
    }
    FlushFileBuffers(h);
    CloseHandle(h);
    if (!MoveFileExW(tmp, path, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) {
        hr = HRESULT_FROM_WIN32(GetLastError());
        DeleteFileW(tmp);
        return hr;
    }
    return S_OK;
}

HRESULT ah_doc_save(struct ah_doc *d)
{
    char *text = NULL;
    size_t len = 0;
    HRESULT hr = ah_doc_serialize(d, &text, &len);

    if (FAILED(hr))
        return hr;
    if (SUCCEEDED(hr = ah_lock())) {
        hr = write_atomic(text, len);
        ah_unlock();
    }
    free(text);
    return hr;
}

/* The shape of a fresh IIS 10 applicationHost.config, reduced to what the lab models. */
HRESULT ah_write_default(DWORD ftp_port)
{
    static const char fmt[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n"
        "<!--\r\n"
        "    pasvports lab: stand-in for %%windir%%\\system32\\inetsrv\\config\\applicationHost.config\r\n"
        "    (written by lab_ahadmin.dll at registration; only what the lab models).\r\n"
        "-->\r\n"
        "<configuration>\r\n"
        "\r\n"
        "    <system.applicationHost>\r\n"
        "\r\n"
        "        <sites>\r\n"
        "            <site name=\"Default Web Site\" id=\"1\">\r\n"
        "                <application path=\"/\">\r\n"
        "                    <virtualDirectory path=\"/\" physicalPath=\"%%SystemDrive%%\\inetpub\\wwwroot\" />\r\n"
        "                </application>\r\n"
        "                <bindings>\r\n"
        "                    <binding protocol=\"http\" bindingInformation=\"*:80:\" />\r\n"
        "                </bindings>\r\n"
        "            </site>\r\n"
        "            <site name=\"Default FTP Site\" id=\"2\">\r\n"
        "                <application path=\"/\">\r\n"
        "                    <virtualDirectory path=\"/\" physicalPath=\"C:\\ftproot\" />\r\n"
        "                </application>\r\n"
        "                <bindings>\r\n"
        "                    <binding protocol=\"ftp\" bindingInformation=\"*:%lu:\" />\r\n"
        "                </bindings>\r\n"
        "                <ftpServer>\r\n"
        "                    <security>\r\n"
        "                        <ssl controlChannelPolicy=\"SslAllow\" dataChannelPolicy=\"SslAllow\" />\r\n"
        "                        <authentication>\r\n"
        "                            <anonymousAuthentication enabled=\"true\" />\r\n"
        "                        </authentication>\r\n"
        "                    </security>\r\n"
        "                </ftpServer>\r\n"
        "            </site>\r\n"
        "            <siteDefaults>\r\n"
        "                <logFile logFormat=\"W3C\" directory=\"%%SystemDrive%%\\inetpub\\logs\\LogFiles\" />\r\n"
        "            </siteDefaults>\r\n"
        "        </sites>\r\n"
        "\r\n"
        "    </system.applicationHost>\r\n"
        "\r\n"
        "    <system.ftpServer>\r\n"
        "        <log>\r\n"
        "            <centralLogFile enabled=\"true\" />\r\n"
        "        </log>\r\n"
        "    </system.ftpServer>\r\n"
        "\r\n"
        "</configuration>\r\n";
    char text[sizeof(fmt) + 16];
    WCHAR path[MAX_PATH];
    int len;
    HRESULT hr;

    len = snprintf(text, sizeof(text), fmt, (unsigned long)ftp_port);
    if (len < 0 || len >= (int)sizeof(text))
        return E_FAIL;
    if (FAILED(hr = ah_config_path(NULL, path, MAX_PATH)))
        return hr;
    /* inetsrv, then inetsrv\config */
    *wcsrchr(path, L'\\') = 0;
    CreateDirectoryW(path, NULL);
    wcscat(path, L"\\config");
    CreateDirectoryW(path, NULL);
    if (FAILED(hr = ah_config_path(L"applicationHost.config", path, MAX_PATH)))
        return hr;
    if (GetFileAttributesW(path) != INVALID_FILE_ATTRIBUTES)
        return S_FALSE;
    if (FAILED(hr = ah_lock()))
        return hr;
    hr = write_atomic(text, (size_t)len);
    ah_unlock();
    return hr;
}
