/* pasvports lab AHADMIN: IAppHostElement, IAppHostProperty, IAppHostElementCollection and
 * IAppHostPropertyException over the applicationHost.config store.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * Behaviour follows IIS's "Native Code API Reference" (learn.microsoft.com/iis/web-development-
 * reference/native-code-api-reference/): an unset attribute reads as its schema default; put_Value
 * checks the schema and, when the value is refused, fails and leaves the reason in get_Exception
 * ("IAppHostProperty::Value Property", remarks); Clear removes the locally set value so the
 * default applies again ("IAppHostProperty::Clear Method"). Lab choices are marked "lab:". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include "ah_private.h"

BSTR ah_bstr_utf8(const char *s)
{
    int n = MultiByteToWideChar(CP_UTF8, 0, s, -1, NULL, 0);
    BSTR b = n > 0 ? SysAllocStringLen(NULL, (UINT)(n - 1)) : NULL;
    if (b)
        MultiByteToWideChar(CP_UTF8, 0, s, -1, b, n);
    return b;
}

char *ah_utf8(const WCHAR *s)
{
    int n = WideCharToMultiByte(CP_UTF8, 0, s ? s : L"", -1, NULL, 0, NULL, NULL);
    char *p = n > 0 ? malloc((size_t)n) : NULL;
    if (p)
        WideCharToMultiByte(CP_UTF8, 0, s ? s : L"", -1, p, n, NULL, NULL);
    return p;
}

static HRESULT bstr_out(const WCHAR *s, BSTR *out)
{
    if (!out)
        return E_POINTER;
    *out = SysAllocString(s ? s : L"");
    return *out ? S_OK : E_OUTOFMEMORY;
}

/* ================= IAppHostPropertyException ================= */

struct ah_exception {
    IAppHostPropertyException iface;
    LONG refs;
    BSTR invalid_value, reason, file;
};

static struct ah_exception *exc_impl(IAppHostPropertyException *iface)
{
    return CONTAINING_RECORD(iface, struct ah_exception, iface);
}

static HRESULT WINAPI exc_QueryInterface(IAppHostPropertyException *iface, REFIID riid, void **out)
{
    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IAppHostConfigException)
        || IsEqualIID(riid, &IID_IAppHostPropertyException)) {
        *out = iface;   /* the property exception's vtable starts with the config exception's */
        InterlockedIncrement(&exc_impl(iface)->refs);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI exc_AddRef(IAppHostPropertyException *iface)
{
    return (ULONG)InterlockedIncrement(&exc_impl(iface)->refs);
}

static ULONG WINAPI exc_Release(IAppHostPropertyException *iface)
{
    struct ah_exception *e = exc_impl(iface);
    LONG refs = InterlockedDecrement(&e->refs);
    if (!refs) {
        SysFreeString(e->invalid_value);
        SysFreeString(e->reason);
        SysFreeString(e->file);
        free(e);
        ah_object_removed();
    }
    return (ULONG)refs;
}

static HRESULT WINAPI exc_get_LineNumber(IAppHostPropertyException *iface, ULONG *out)
{
    (void)iface;
    if (!out)
        return E_POINTER;
    *out = 0;   /* lab: a refused put_Value is not a line of the file */
    return S_OK;
}

static HRESULT WINAPI exc_get_FileName(IAppHostPropertyException *iface, BSTR *out)
{
    return bstr_out(exc_impl(iface)->file, out);
}

static HRESULT WINAPI exc_get_ConfigPath(IAppHostPropertyException *iface, BSTR *out)
{
    (void)iface;
    return bstr_out(AH_APPHOST_PATH, out);
}

static HRESULT WINAPI exc_get_empty(IAppHostPropertyException *iface, BSTR *out)
{
    (void)iface;
    return bstr_out(L"", out);
}

static HRESULT WINAPI exc_get_ErrorString(IAppHostPropertyException *iface, BSTR *out)
{
    return bstr_out(exc_impl(iface)->reason, out);
}

static HRESULT WINAPI exc_get_InvalidValue(IAppHostPropertyException *iface, BSTR *out)
{
    return bstr_out(exc_impl(iface)->invalid_value, out);
}

static HRESULT WINAPI exc_get_ValidationFailureReason(IAppHostPropertyException *iface, BSTR *out)
{
    return bstr_out(exc_impl(iface)->reason, out);
}

static HRESULT WINAPI exc_get_ValidationFailureParameters(IAppHostPropertyException *iface, SAFEARRAY **out)
{
    (void)iface;
    if (out)
        *out = NULL;
    return E_NOTIMPL;   /* lab: not modelled */
}

static const IAppHostPropertyExceptionVtbl exc_vtbl = {
    exc_QueryInterface, exc_AddRef, exc_Release, exc_get_LineNumber, exc_get_FileName,
    exc_get_ConfigPath, exc_get_empty, exc_get_empty, exc_get_empty, exc_get_ErrorString,
    exc_get_InvalidValue, exc_get_ValidationFailureReason, exc_get_ValidationFailureParameters,
};

static struct ah_exception *exc_create(const WCHAR *value, const WCHAR *reason)
{
    struct ah_exception *e = calloc(1, sizeof(*e));
    WCHAR path[MAX_PATH];
    if (!e)
        return NULL;
    e->iface.lpVtbl = &exc_vtbl;
    e->refs = 1;
    e->invalid_value = SysAllocString(value);
    e->reason = SysAllocString(reason);
    if (SUCCEEDED(ah_config_path(L"applicationHost.config", path, MAX_PATH)))
        e->file = SysAllocString(path);
    ah_object_added();
    return e;
}

/* ================= IAppHostProperty ================= */

struct ah_property {
    IAppHostProperty iface;
    LONG refs;
    struct ah_manager *mgr;
    struct ah_node *node;
    const struct ah_prop_schema *schema;
    struct ah_exception *exc;   /* from the last refused put_Value */
};

static struct ah_property *prop_impl(IAppHostProperty *iface)
{
    return CONTAINING_RECORD(iface, struct ah_property, iface);
}

static HRESULT WINAPI prop_QueryInterface(IAppHostProperty *iface, REFIID riid, void **out)
{
    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IAppHostProperty)) {
        *out = iface;
        InterlockedIncrement(&prop_impl(iface)->refs);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI prop_AddRef(IAppHostProperty *iface)
{
    return (ULONG)InterlockedIncrement(&prop_impl(iface)->refs);
}

static ULONG WINAPI prop_Release(IAppHostProperty *iface)
{
    struct ah_property *p = prop_impl(iface);
    LONG refs = InterlockedDecrement(&p->refs);
    if (!refs) {
        if (p->exc)
            exc_Release(&p->exc->iface);
        ah_manager_release(p->mgr);
        free(p);
        ah_object_removed();
    }
    return (ULONG)refs;
}

static HRESULT WINAPI prop_get_Name(IAppHostProperty *iface, BSTR *out)
{
    if (!out)
        return E_POINTER;
    *out = ah_bstr_utf8(prop_impl(iface)->schema->name);
    return *out ? S_OK : E_OUTOFMEMORY;
}

/* The stored text (or the default) as a typed VARIANT. */
static HRESULT typed_value(const struct ah_prop_schema *s, const char *text, VARIANT *v)
{
    char *end = NULL;
    VariantInit(v);
    switch (s->type) {
    case AT_STRING:
        V_VT(v) = VT_BSTR;
        V_BSTR(v) = ah_bstr_utf8(text);
        return V_BSTR(v) ? S_OK : E_OUTOFMEMORY;
    case AT_INT:
        V_VT(v) = VT_I4;
        V_I4(v) = strtol(text, &end, 10);
        break;
    case AT_UINT:
        V_VT(v) = VT_UI4;
        V_UI4(v) = strtoul(text, &end, 10);
        break;
    case AT_BOOL:
        V_VT(v) = VT_BOOL;
        if (!_stricmp(text, "true"))
            V_BOOL(v) = VARIANT_TRUE;
        else if (!_stricmp(text, "false"))
            V_BOOL(v) = VARIANT_FALSE;
        else
            return HRESULT_FROM_WIN32(ERROR_INVALID_DATA);
        return S_OK;
    case AT_ENUM: {
        const struct ah_enum *e;
        for (e = s->enums; e->name; e++)
            if (!_stricmp(e->name, text)) {
                V_VT(v) = VT_I4;   /* lab: enums read as their numeric value */
                V_I4(v) = e->value;
                return S_OK;
            }
        return HRESULT_FROM_WIN32(ERROR_INVALID_DATA);
    }
    }
    if (end == text || *end) {
        VariantInit(v);
        return HRESULT_FROM_WIN32(ERROR_INVALID_DATA);   /* a hand-edited "abc" */
    }
    return S_OK;
}

static const char *stored_text(const struct ah_property *p)
{
    const char *t = ah_attr(p->node, p->schema->name);
    return t ? t : p->schema->dflt;
}

static HRESULT WINAPI prop_get_Value(IAppHostProperty *iface, VARIANT *out)
{
    struct ah_property *p = prop_impl(iface);
    HRESULT hr;
    if (!out)
        return E_POINTER;
    ah_enter();
    hr = typed_value(p->schema, stored_text(p), out);
    ah_leave();
    return hr;
}

static void refuse(struct ah_property *p, const WCHAR *value, const WCHAR *reason)
{
    if (p->exc)
        exc_Release(&p->exc->iface);
    p->exc = exc_create(value, reason);
}

/* The text to store for value, or a failure (with the exception set). */
static HRESULT text_for(struct ah_property *p, VARIANT *value, char *text, size_t count)
{
    const struct ah_prop_schema *s = p->schema;
    WCHAR reason[160] = L"", shown[64] = L"";
    VARIANT v;
    HRESULT hr;

    VariantInit(&v);
    if (SUCCEEDED(VariantChangeType(&v, value, 0, VT_BSTR)))
        lstrcpynW(shown, V_BSTR(&v) ? V_BSTR(&v) : L"", 64);
    VariantClear(&v);
    switch (s->type) {
    case AT_INT:
    case AT_UINT:
        hr = VariantChangeType(&v, value, 0, s->type == AT_INT ? VT_I4 : VT_UI4);
        if (FAILED(hr)) {
            refuse(p, shown, L"The value is not a number of the attribute's type");
            return hr;
        }
        if (s->validate && !s->validate(V_I4(&v), reason, ARRAYSIZE(reason))) {
            refuse(p, shown, reason);
            return E_INVALIDARG;
        }
        snprintf(text, count, s->type == AT_INT ? "%ld" : "%lu", (long)V_I4(&v));
        return S_OK;
    case AT_BOOL:
        if (FAILED(hr = VariantChangeType(&v, value, 0, VT_BOOL))) {
            refuse(p, shown, L"The value is not a Boolean");
            return hr;
        }
        snprintf(text, count, "%s", V_BOOL(&v) ? "true" : "false");
        return S_OK;
    case AT_ENUM: {
        const struct ah_enum *e;
        LONG n = -1;
        char *name = ah_utf8(shown);
        if (V_VT(value) != VT_BSTR && SUCCEEDED(VariantChangeType(&v, value, 0, VT_I4)))
            n = V_I4(&v);
        for (e = s->enums; e->name; e++)
            if ((name && V_VT(value) == VT_BSTR && !_stricmp(name, e->name)) || e->value == n)
                break;
        free(name);
        if (!e->name) {
            refuse(p, shown, L"The value is not one of the attribute's enumeration values");
            return E_INVALIDARG;
        }
        snprintf(text, count, "%s", e->name);
        return S_OK;
    }
    case AT_STRING:
    default: {
        char *utf8;
        if (FAILED(hr = VariantChangeType(&v, value, 0, VT_BSTR)))
            return hr;
        utf8 = ah_utf8(V_BSTR(&v));
        VariantClear(&v);
        if (!utf8)
            return E_OUTOFMEMORY;
        if (strlen(utf8) >= count) {
            free(utf8);
            refuse(p, shown, L"The value is too long for the lab store");
            return E_INVALIDARG;
        }
        strcpy(text, utf8);
        free(utf8);
        return S_OK;
    }
    }
}

static HRESULT WINAPI prop_put_Value(IAppHostProperty *iface, VARIANT value)
{
    struct ah_property *p = prop_impl(iface);
    char *text = malloc(32768);
    HRESULT hr;

    if (!text)
        return E_OUTOFMEMORY;
    ah_enter();
    hr = text_for(p, &value, text, 32768);
    if (SUCCEEDED(hr)) {
        if (p->exc) {
            exc_Release(&p->exc->iface);
            p->exc = NULL;
        }
        hr = ah_attr_set(p->node, p->schema->name, text);
    }
    ah_leave();
    free(text);
    return hr;
}

static HRESULT WINAPI prop_Clear(IAppHostProperty *iface)
{
    struct ah_property *p = prop_impl(iface);
    HRESULT hr;
    ah_enter();
    hr = ah_attr_set(p->node, p->schema->name, NULL);
    ah_leave();
    return hr;
}

static HRESULT WINAPI prop_get_StringValue(IAppHostProperty *iface, BSTR *out)
{
    struct ah_property *p = prop_impl(iface);
    if (!out)
        return E_POINTER;
    ah_enter();
    *out = ah_bstr_utf8(stored_text(p));   /* enums by name, numbers in decimal, as stored */
    ah_leave();
    return *out ? S_OK : E_OUTOFMEMORY;
}

static HRESULT WINAPI prop_get_Exception(IAppHostProperty *iface, IAppHostPropertyException **out)
{
    struct ah_property *p = prop_impl(iface);
    if (!out)
        return E_POINTER;
    *out = p->exc ? &p->exc->iface : NULL;
    if (*out)
        exc_AddRef(*out);
    return S_OK;
}

static HRESULT WINAPI prop_GetMetadata(IAppHostProperty *iface, BSTR name, VARIANT *out)
{
    (void)iface; (void)name; (void)out;
    return E_NOTIMPL;
}

static HRESULT WINAPI prop_SetMetadata(IAppHostProperty *iface, BSTR name, VARIANT value)
{
    (void)iface; (void)name; (void)value;
    return E_NOTIMPL;
}

static HRESULT WINAPI prop_get_Schema(IAppHostProperty *iface, IAppHostPropertySchema **out)
{
    (void)iface;
    if (out)
        *out = NULL;
    return E_NOTIMPL;
}

static const IAppHostPropertyVtbl prop_vtbl = {
    prop_QueryInterface, prop_AddRef, prop_Release, prop_get_Name, prop_get_Value, prop_put_Value,
    prop_Clear, prop_get_StringValue, prop_get_Exception, prop_GetMetadata, prop_SetMetadata,
    prop_get_Schema,
};

/* ================= IAppHostElementCollection ================= */

struct ah_collection {
    IAppHostElementCollection iface;
    LONG refs;
    struct ah_manager *mgr;
    struct ah_node *node;
    const struct ah_elem_schema *item;
};

static struct ah_collection *coll_impl(IAppHostElementCollection *iface)
{
    return CONTAINING_RECORD(iface, struct ah_collection, iface);
}

static HRESULT WINAPI coll_QueryInterface(IAppHostElementCollection *iface, REFIID riid, void **out)
{
    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IAppHostElementCollection)) {
        *out = iface;
        InterlockedIncrement(&coll_impl(iface)->refs);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI coll_AddRef(IAppHostElementCollection *iface)
{
    return (ULONG)InterlockedIncrement(&coll_impl(iface)->refs);
}

static ULONG WINAPI coll_Release(IAppHostElementCollection *iface)
{
    struct ah_collection *c = coll_impl(iface);
    LONG refs = InterlockedDecrement(&c->refs);
    if (!refs) {
        ah_manager_release(c->mgr);
        free(c);
        ah_object_removed();
    }
    return (ULONG)refs;
}

static HRESULT WINAPI coll_get_Count(IAppHostElementCollection *iface, DWORD *out)
{
    struct ah_collection *c = coll_impl(iface);
    if (!out)
        return E_POINTER;
    ah_enter();
    *out = ah_child_count(c->node, c->item->name);
    ah_leave();
    return S_OK;
}

/* Integer indexes (VT_I1..VT_UI4, VT_INT, VT_UINT) select by zero-based position ("IAppHost
 * ElementCollection::Item"); a miss is HRESULT_FROM_WIN32(ERROR_INVALID_INDEX), the code the
 * property and schema collection pages name. lab: a VT_BSTR index is not supported. */
static HRESULT WINAPI coll_get_Item(IAppHostElementCollection *iface, VARIANT index, IAppHostElement **out)
{
    struct ah_collection *c = coll_impl(iface);
    struct ah_node *n;
    VARIANT v;
    HRESULT hr;

    if (!out)
        return E_POINTER;
    *out = NULL;
    switch (V_VT(&index)) {
    case VT_I1: case VT_I2: case VT_I4: case VT_INT:
    case VT_UI1: case VT_UI2: case VT_UI4: case VT_UINT:
        break;
    default:
        return E_INVALIDARG;
    }
    VariantInit(&v);
    if (FAILED(hr = VariantChangeType(&v, &index, 0, VT_I4)))
        return hr;
    if (V_I4(&v) < 0)
        return AH_E_INVALID_INDEX;
    ah_enter();
    n = ah_child(c->node, c->item->name, (unsigned)V_I4(&v));
    hr = n ? ah_element_create(c->mgr, n, c->item, out) : AH_E_INVALID_INDEX;
    ah_leave();
    return hr;
}

static HRESULT WINAPI coll_AddElement(IAppHostElementCollection *iface, IAppHostElement *e, INT pos)
{
    (void)iface; (void)e; (void)pos;
    return E_NOTIMPL;
}

static HRESULT WINAPI coll_DeleteElement(IAppHostElementCollection *iface, VARIANT index)
{
    (void)iface; (void)index;
    return E_NOTIMPL;
}

static HRESULT WINAPI coll_Clear(IAppHostElementCollection *iface)
{
    (void)iface;
    return E_NOTIMPL;
}

static HRESULT WINAPI coll_CreateNewElement(IAppHostElementCollection *iface, BSTR name, IAppHostElement **out)
{
    (void)iface; (void)name;
    if (out)
        *out = NULL;
    return E_NOTIMPL;
}

static HRESULT WINAPI coll_get_Schema(IAppHostElementCollection *iface, IAppHostCollectionSchema **out)
{
    (void)iface;
    if (out)
        *out = NULL;
    return E_NOTIMPL;
}

static const IAppHostElementCollectionVtbl coll_vtbl = {
    coll_QueryInterface, coll_AddRef, coll_Release, coll_get_Count, coll_get_Item, coll_AddElement,
    coll_DeleteElement, coll_Clear, coll_CreateNewElement, coll_get_Schema,
};

/* ================= IAppHostElement ================= */

struct ah_element {
    IAppHostElement iface;
    LONG refs;
    struct ah_manager *mgr;
    struct ah_node *node;
    const struct ah_elem_schema *schema;
};

static struct ah_element *elem_impl(IAppHostElement *iface)
{
    return CONTAINING_RECORD(iface, struct ah_element, iface);
}

static HRESULT WINAPI elem_QueryInterface(IAppHostElement *iface, REFIID riid, void **out)
{
    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IAppHostElement)) {
        *out = iface;
        InterlockedIncrement(&elem_impl(iface)->refs);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI elem_AddRef(IAppHostElement *iface)
{
    return (ULONG)InterlockedIncrement(&elem_impl(iface)->refs);
}

static ULONG WINAPI elem_Release(IAppHostElement *iface)
{
    struct ah_element *e = elem_impl(iface);
    LONG refs = InterlockedDecrement(&e->refs);
    if (!refs) {
        ah_manager_release(e->mgr);
        free(e);
        ah_object_removed();
    }
    return (ULONG)refs;
}

static HRESULT WINAPI elem_get_Name(IAppHostElement *iface, BSTR *out)
{
    if (!out)
        return E_POINTER;
    *out = ah_bstr_utf8(elem_impl(iface)->schema->name);
    return *out ? S_OK : E_OUTOFMEMORY;
}

static HRESULT WINAPI elem_get_Collection(IAppHostElement *iface, IAppHostElementCollection **out)
{
    struct ah_element *e = elem_impl(iface);
    struct ah_collection *c;

    if (!out)
        return E_POINTER;
    *out = NULL;
    if (!e->schema->item)
        return E_NOTIMPL;   /* lab: only sites and bindings are collections here */
    if (!(c = calloc(1, sizeof(*c))))
        return E_OUTOFMEMORY;
    c->iface.lpVtbl = &coll_vtbl;
    c->refs = 1;
    c->mgr = e->mgr;
    c->node = e->node;
    c->item = e->schema->item;
    ah_manager_addref(c->mgr);
    ah_object_added();
    *out = &c->iface;
    return S_OK;
}

static HRESULT WINAPI elem_get_Properties(IAppHostElement *iface, IAppHostPropertyCollection **out)
{
    (void)iface;
    if (out)
        *out = NULL;
    return E_NOTIMPL;
}

static HRESULT WINAPI elem_get_ChildElements(IAppHostElement *iface, IAppHostChildElementCollection **out)
{
    (void)iface;
    if (out)
        *out = NULL;
    return E_NOTIMPL;
}

static HRESULT WINAPI elem_GetMetadata(IAppHostElement *iface, BSTR name, VARIANT *out)
{
    (void)iface; (void)name; (void)out;
    return E_NOTIMPL;
}

static HRESULT WINAPI elem_SetMetadata(IAppHostElement *iface, BSTR name, VARIANT value)
{
    (void)iface; (void)name; (void)value;
    return E_NOTIMPL;
}

static HRESULT WINAPI elem_get_Schema(IAppHostElement *iface, IAppHostElementSchema **out)
{
    (void)iface;
    if (out)
        *out = NULL;
    return E_NOTIMPL;
}

/* A child element the schema knows; when the file has none it is created in memory and written
 * only once something is set in it. lab: an unknown name (or ftpServer while the FTP role is not
 * installed) answers ERROR_INVALID_INDEX. */
static HRESULT WINAPI elem_GetElementByName(IAppHostElement *iface, BSTR name, IAppHostElement **out)
{
    struct ah_element *e = elem_impl(iface);
    const struct ah_elem_schema *k;
    struct ah_node *n;
    HRESULT hr;

    if (!out)
        return E_POINTER;
    *out = NULL;
    if (!(k = ah_kid_find(e->schema, name)))
        return AH_E_INVALID_INDEX;
    ah_enter();
    n = ah_child_get_or_create(e->node, k->name);
    hr = n ? ah_element_create(e->mgr, n, k, out) : E_OUTOFMEMORY;
    ah_leave();
    return hr;
}

/* An attribute the schema knows; unknown: ERROR_INVALID_INDEX (as the property collection's
 * Item page says for a name that does not exist). */
static HRESULT WINAPI elem_GetPropertyByName(IAppHostElement *iface, BSTR name, IAppHostProperty **out)
{
    struct ah_element *e = elem_impl(iface);
    const struct ah_prop_schema *s;
    struct ah_property *p;

    if (!out)
        return E_POINTER;
    *out = NULL;
    if (!(s = ah_prop_find(e->schema, name)))
        return AH_E_INVALID_INDEX;
    if (!(p = calloc(1, sizeof(*p))))
        return E_OUTOFMEMORY;
    p->iface.lpVtbl = &prop_vtbl;
    p->refs = 1;
    p->mgr = e->mgr;
    p->node = e->node;
    p->schema = s;
    ah_manager_addref(p->mgr);
    ah_object_added();
    *out = &p->iface;
    return S_OK;
}

static HRESULT WINAPI elem_Clear(IAppHostElement *iface)
{
    (void)iface;
    return E_NOTIMPL;
}

static HRESULT WINAPI elem_get_Methods(IAppHostElement *iface, IAppHostMethodCollection **out)
{
    (void)iface;
    if (out)
        *out = NULL;
    return E_NOTIMPL;
}

static const IAppHostElementVtbl elem_vtbl = {
    elem_QueryInterface, elem_AddRef, elem_Release, elem_get_Name, elem_get_Collection,
    elem_get_Properties, elem_get_ChildElements, elem_GetMetadata, elem_SetMetadata,
    elem_get_Schema, elem_GetElementByName, elem_GetPropertyByName, elem_Clear, elem_get_Methods,
};

HRESULT ah_element_create(struct ah_manager *m, struct ah_node *node,
                          const struct ah_elem_schema *schema, IAppHostElement **out)
{
    struct ah_element *e = calloc(1, sizeof(*e));
    if (!e)
        return E_OUTOFMEMORY;
    e->iface.lpVtbl = &elem_vtbl;
    e->refs = 1;
    e->mgr = m;
    e->node = node;
    e->schema = schema;
    ah_manager_addref(m);
    ah_object_added();
    *out = &e->iface;
    return S_OK;
}
