/* pasvports: our own declarations of the IIS 7+ configuration COM API (AHADMIN, the "AppHost
 * admin" objects behind applicationHost.config) for C. mingw-w64 10 ships no ahadmin.h, so the
 * subset pasvports calls is declared here: the class ID of the writable admin manager, the IIDs
 * and the vtables of the interfaces it calls, and opaque types for the interfaces it only passes
 * through. The slot order (QueryInterface, AddRef, Release, then the methods below in this order)
 * and the GUIDs follow the Windows SDK header ahadmin.h (um/ahadmin.h) and the opnum tables of
 * [MS-IISA] "Internet Information Services (IIS) Application Host COM Protocol"
 * (https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-iisa/). Method reference:
 * IIS "Native Code API Reference", e.g. "IAppHostProperty::Value Property"
 * (https://learn.microsoft.com/en-us/iis/web-development-reference/native-code-api-reference/iapphostproperty-value-property).
 *
 * The GUIDs are DEFINE_GUID declarations: exactly one translation unit of a binary includes
 * <initguid.h> before this header to define them (src/win/guids.c in the product).
 * The IAppHost*_Method(p, ...) call macros exist when COBJMACROS is defined.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#ifndef PASV_AHADMIN_H
#define PASV_AHADMIN_H

#include <windows.h>
#include <objbase.h>
#include <oleauto.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Microsoft.ApplicationHost.WritableAdminManager: in-proc, MTA in Microsoft's samples. */
DEFINE_GUID(CLSID_AppHostWritableAdminManager, 0x2b72133b, 0x3f5b, 0x4602, 0x89, 0x52, 0x80, 0x35,
            0x46, 0xce, 0x33, 0x44);
/* Microsoft.ApplicationHost.AdminManager (read-only); declared for completeness. */
DEFINE_GUID(CLSID_AppHostAdminManager, 0x228fb8f7, 0xfb53, 0x4fd5, 0x8c, 0x7b, 0xff, 0x59, 0xde,
            0x60, 0x6c, 0x5b);
DEFINE_GUID(IID_IAppHostAdminManager, 0x9be77978, 0x73ed, 0x4a9a, 0x87, 0xfd, 0x13, 0xf0, 0x9f,
            0xec, 0x1b, 0x13);
DEFINE_GUID(IID_IAppHostWritableAdminManager, 0xfa7660f6, 0x7b3f, 0x4237, 0xa8, 0xbf, 0xed, 0x0a,
            0xd0, 0xdc, 0xbb, 0xd9);
DEFINE_GUID(IID_IAppHostElement, 0x64ff8ccc, 0xb287, 0x4dae, 0xb0, 0x8a, 0xa7, 0x2c, 0xbf, 0x45,
            0xf4, 0x53);
DEFINE_GUID(IID_IAppHostProperty, 0xed35f7a1, 0x5024, 0x4e7b, 0xa4, 0x4d, 0x07, 0xdd, 0xaf, 0x4b,
            0x52, 0x4d);
DEFINE_GUID(IID_IAppHostElementCollection, 0xc8550bff, 0x5281, 0x4b1e, 0xac, 0x34, 0x99, 0xb6,
            0xfa, 0x38, 0x46, 0x4d);
DEFINE_GUID(IID_IAppHostConfigException, 0x4dfa1df3, 0x8900, 0x4bc7, 0xbb, 0xb5, 0xd1, 0xa4, 0x58,
            0xc5, 0x24, 0x10);
DEFINE_GUID(IID_IAppHostPropertyException, 0xeafe4895, 0xa929, 0x41ea, 0xb1, 0x4d, 0x61, 0x3e,
            0x23, 0xf6, 0x2b, 0x71);

/* Interfaces pasvports never calls: only passed through as pointers. */
typedef struct IAppHostConfigManager IAppHostConfigManager;
typedef struct IAppHostPropertyCollection IAppHostPropertyCollection;
typedef struct IAppHostChildElementCollection IAppHostChildElementCollection;
typedef struct IAppHostElementSchema IAppHostElementSchema;
typedef struct IAppHostMethodCollection IAppHostMethodCollection;
typedef struct IAppHostPropertySchema IAppHostPropertySchema;
typedef struct IAppHostCollectionSchema IAppHostCollectionSchema;

typedef struct IAppHostAdminManager IAppHostAdminManager;
typedef struct IAppHostWritableAdminManager IAppHostWritableAdminManager;
typedef struct IAppHostElement IAppHostElement;
typedef struct IAppHostProperty IAppHostProperty;
typedef struct IAppHostElementCollection IAppHostElementCollection;
typedef struct IAppHostConfigException IAppHostConfigException;
typedef struct IAppHostPropertyException IAppHostPropertyException;

/* ---- IAppHostAdminManager ---- */
typedef struct IAppHostAdminManagerVtbl {
    HRESULT(STDMETHODCALLTYPE *QueryInterface)(IAppHostAdminManager *This, REFIID riid, void **ppv);
    ULONG(STDMETHODCALLTYPE *AddRef)(IAppHostAdminManager *This);
    ULONG(STDMETHODCALLTYPE *Release)(IAppHostAdminManager *This);
    /* 3 */ HRESULT(STDMETHODCALLTYPE *GetAdminSection)(IAppHostAdminManager *This, BSTR bstrSectionName,
                                                        BSTR bstrPath, IAppHostElement **ppAdminSection);
    /* 4 */ HRESULT(STDMETHODCALLTYPE *GetMetadata)(IAppHostAdminManager *This, BSTR bstrMetadataName,
                                                    VARIANT *pValue);
    /* 5 */ HRESULT(STDMETHODCALLTYPE *SetMetadata)(IAppHostAdminManager *This, BSTR bstrMetadataName,
                                                    VARIANT value);
    /* 6 */ HRESULT(STDMETHODCALLTYPE *get_ConfigManager)(IAppHostAdminManager *This,
                                                          IAppHostConfigManager **ppConfigManager);
} IAppHostAdminManagerVtbl;
struct IAppHostAdminManager {
    const IAppHostAdminManagerVtbl *lpVtbl;
};

/* ---- IAppHostWritableAdminManager : IAppHostAdminManager ---- */
typedef struct IAppHostWritableAdminManagerVtbl {
    HRESULT(STDMETHODCALLTYPE *QueryInterface)(IAppHostWritableAdminManager *This, REFIID riid,
                                               void **ppv);
    ULONG(STDMETHODCALLTYPE *AddRef)(IAppHostWritableAdminManager *This);
    ULONG(STDMETHODCALLTYPE *Release)(IAppHostWritableAdminManager *This);
    /* 3 */ HRESULT(STDMETHODCALLTYPE *GetAdminSection)(IAppHostWritableAdminManager *This,
                                                        BSTR bstrSectionName, BSTR bstrPath,
                                                        IAppHostElement **ppAdminSection);
    /* 4 */ HRESULT(STDMETHODCALLTYPE *GetMetadata)(IAppHostWritableAdminManager *This,
                                                    BSTR bstrMetadataName, VARIANT *pValue);
    /* 5 */ HRESULT(STDMETHODCALLTYPE *SetMetadata)(IAppHostWritableAdminManager *This,
                                                    BSTR bstrMetadataName, VARIANT value);
    /* 6 */ HRESULT(STDMETHODCALLTYPE *get_ConfigManager)(IAppHostWritableAdminManager *This,
                                                          IAppHostConfigManager **ppConfigManager);
    /* 7 */ HRESULT(STDMETHODCALLTYPE *CommitChanges)(IAppHostWritableAdminManager *This);
    /* 8 */ HRESULT(STDMETHODCALLTYPE *get_CommitPath)(IAppHostWritableAdminManager *This,
                                                       BSTR *pbstrCommitPath);
    /* 9 */ HRESULT(STDMETHODCALLTYPE *put_CommitPath)(IAppHostWritableAdminManager *This,
                                                       BSTR bstrCommitPath);
} IAppHostWritableAdminManagerVtbl;
struct IAppHostWritableAdminManager {
    const IAppHostWritableAdminManagerVtbl *lpVtbl;
};

/* ---- IAppHostElement ---- */
typedef struct IAppHostElementVtbl {
    HRESULT(STDMETHODCALLTYPE *QueryInterface)(IAppHostElement *This, REFIID riid, void **ppv);
    ULONG(STDMETHODCALLTYPE *AddRef)(IAppHostElement *This);
    ULONG(STDMETHODCALLTYPE *Release)(IAppHostElement *This);
    /* 3 */ HRESULT(STDMETHODCALLTYPE *get_Name)(IAppHostElement *This, BSTR *pbstrName);
    /* 4 */ HRESULT(STDMETHODCALLTYPE *get_Collection)(IAppHostElement *This,
                                                       IAppHostElementCollection **ppCollection);
    /* 5 */ HRESULT(STDMETHODCALLTYPE *get_Properties)(IAppHostElement *This,
                                                       IAppHostPropertyCollection **ppProperties);
    /* 6 */ HRESULT(STDMETHODCALLTYPE *get_ChildElements)(IAppHostElement *This,
                                                          IAppHostChildElementCollection **ppElements);
    /* 7 */ HRESULT(STDMETHODCALLTYPE *GetMetadata)(IAppHostElement *This, BSTR bstrMetadataName,
                                                    VARIANT *pValue);
    /* 8 */ HRESULT(STDMETHODCALLTYPE *SetMetadata)(IAppHostElement *This, BSTR bstrMetadataName,
                                                    VARIANT value);
    /* 9 */ HRESULT(STDMETHODCALLTYPE *get_Schema)(IAppHostElement *This,
                                                   IAppHostElementSchema **ppSchema);
    /* 10 */ HRESULT(STDMETHODCALLTYPE *GetElementByName)(IAppHostElement *This, BSTR bstrSubName,
                                                          IAppHostElement **ppElement);
    /* 11 */ HRESULT(STDMETHODCALLTYPE *GetPropertyByName)(IAppHostElement *This,
                                                           BSTR bstrSubName,
                                                           IAppHostProperty **ppProperty);
    /* 12 */ HRESULT(STDMETHODCALLTYPE *Clear)(IAppHostElement *This);
    /* 13 */ HRESULT(STDMETHODCALLTYPE *get_Methods)(IAppHostElement *This,
                                                     IAppHostMethodCollection **ppMethods);
} IAppHostElementVtbl;
struct IAppHostElement {
    const IAppHostElementVtbl *lpVtbl;
};

/* ---- IAppHostProperty ---- */
typedef struct IAppHostPropertyVtbl {
    HRESULT(STDMETHODCALLTYPE *QueryInterface)(IAppHostProperty *This, REFIID riid, void **ppv);
    ULONG(STDMETHODCALLTYPE *AddRef)(IAppHostProperty *This);
    ULONG(STDMETHODCALLTYPE *Release)(IAppHostProperty *This);
    /* 3 */ HRESULT(STDMETHODCALLTYPE *get_Name)(IAppHostProperty *This, BSTR *pbstrName);
    /* 4 */ HRESULT(STDMETHODCALLTYPE *get_Value)(IAppHostProperty *This, VARIANT *pVariant);
    /* 5: the VARIANT is passed by value */
    /* 5 */ HRESULT(STDMETHODCALLTYPE *put_Value)(IAppHostProperty *This, VARIANT value);
    /* 6 */ HRESULT(STDMETHODCALLTYPE *Clear)(IAppHostProperty *This);
    /* 7 */ HRESULT(STDMETHODCALLTYPE *get_StringValue)(IAppHostProperty *This, BSTR *pbstrValue);
    /* 8 */ HRESULT(STDMETHODCALLTYPE *get_Exception)(IAppHostProperty *This,
                                                      IAppHostPropertyException **ppException);
    /* 9 */ HRESULT(STDMETHODCALLTYPE *GetMetadata)(IAppHostProperty *This, BSTR bstrMetadataName,
                                                    VARIANT *pValue);
    /* 10 */ HRESULT(STDMETHODCALLTYPE *SetMetadata)(IAppHostProperty *This, BSTR bstrMetadataName,
                                                     VARIANT value);
    /* 11 */ HRESULT(STDMETHODCALLTYPE *get_Schema)(IAppHostProperty *This,
                                                    IAppHostPropertySchema **ppSchema);
} IAppHostPropertyVtbl;
struct IAppHostProperty {
    const IAppHostPropertyVtbl *lpVtbl;
};

/* ---- IAppHostElementCollection ---- */
typedef struct IAppHostElementCollectionVtbl {
    HRESULT(STDMETHODCALLTYPE *QueryInterface)(IAppHostElementCollection *This, REFIID riid,
                                               void **ppv);
    ULONG(STDMETHODCALLTYPE *AddRef)(IAppHostElementCollection *This);
    ULONG(STDMETHODCALLTYPE *Release)(IAppHostElementCollection *This);
    /* 3: a DWORD count, not a LONG */
    /* 3 */ HRESULT(STDMETHODCALLTYPE *get_Count)(IAppHostElementCollection *This, DWORD *pcElementCount);
    /* 4 */ HRESULT(STDMETHODCALLTYPE *get_Item)(IAppHostElementCollection *This, VARIANT cIndex,
                                                 IAppHostElement **ppElement);
    /* 5 */ HRESULT(STDMETHODCALLTYPE *AddElement)(IAppHostElementCollection *This,
                                                   IAppHostElement *pElement, INT cPosition);
    /* 6 */ HRESULT(STDMETHODCALLTYPE *DeleteElement)(IAppHostElementCollection *This, VARIANT cIndex);
    /* 7 */ HRESULT(STDMETHODCALLTYPE *Clear)(IAppHostElementCollection *This);
    /* 8 */ HRESULT(STDMETHODCALLTYPE *CreateNewElement)(IAppHostElementCollection *This,
                                                         BSTR bstrElementName,
                                                         IAppHostElement **ppElement);
    /* 9 */ HRESULT(STDMETHODCALLTYPE *get_Schema)(IAppHostElementCollection *This,
                                                   IAppHostCollectionSchema **ppSchema);
} IAppHostElementCollectionVtbl;
struct IAppHostElementCollection {
    const IAppHostElementCollectionVtbl *lpVtbl;
};

/* ---- IAppHostConfigException ---- */
typedef struct IAppHostConfigExceptionVtbl {
    HRESULT(STDMETHODCALLTYPE *QueryInterface)(IAppHostConfigException *This, REFIID riid, void **ppv);
    ULONG(STDMETHODCALLTYPE *AddRef)(IAppHostConfigException *This);
    ULONG(STDMETHODCALLTYPE *Release)(IAppHostConfigException *This);
    /* 3 */ HRESULT(STDMETHODCALLTYPE *get_LineNumber)(IAppHostConfigException *This, ULONG *pcLineNumber);
    /* 4 */ HRESULT(STDMETHODCALLTYPE *get_FileName)(IAppHostConfigException *This, BSTR *pbstrFileName);
    /* 5 */ HRESULT(STDMETHODCALLTYPE *get_ConfigPath)(IAppHostConfigException *This,
                                                       BSTR *pbstrConfigPath);
    /* 6 */ HRESULT(STDMETHODCALLTYPE *get_ErrorLine)(IAppHostConfigException *This, BSTR *pbstrErrorLine);
    /* 7 */ HRESULT(STDMETHODCALLTYPE *get_PreErrorLine)(IAppHostConfigException *This,
                                                         BSTR *pbstrPreErrorLine);
    /* 8 */ HRESULT(STDMETHODCALLTYPE *get_PostErrorLine)(IAppHostConfigException *This,
                                                          BSTR *pbstrPostErrorLine);
    /* 9 */ HRESULT(STDMETHODCALLTYPE *get_ErrorString)(IAppHostConfigException *This,
                                                        BSTR *pbstrErrorString);
} IAppHostConfigExceptionVtbl;
struct IAppHostConfigException {
    const IAppHostConfigExceptionVtbl *lpVtbl;
};

/* ---- IAppHostPropertyException : IAppHostConfigException ---- */
typedef struct IAppHostPropertyExceptionVtbl {
    HRESULT(STDMETHODCALLTYPE *QueryInterface)(IAppHostPropertyException *This, REFIID riid,
                                               void **ppv);
    ULONG(STDMETHODCALLTYPE *AddRef)(IAppHostPropertyException *This);
    ULONG(STDMETHODCALLTYPE *Release)(IAppHostPropertyException *This);
    /* 3 */ HRESULT(STDMETHODCALLTYPE *get_LineNumber)(IAppHostPropertyException *This,
                                                       ULONG *pcLineNumber);
    /* 4 */ HRESULT(STDMETHODCALLTYPE *get_FileName)(IAppHostPropertyException *This,
                                                     BSTR *pbstrFileName);
    /* 5 */ HRESULT(STDMETHODCALLTYPE *get_ConfigPath)(IAppHostPropertyException *This,
                                                       BSTR *pbstrConfigPath);
    /* 6 */ HRESULT(STDMETHODCALLTYPE *get_ErrorLine)(IAppHostPropertyException *This,
                                                      BSTR *pbstrErrorLine);
    /* 7 */ HRESULT(STDMETHODCALLTYPE *get_PreErrorLine)(IAppHostPropertyException *This,
                                                         BSTR *pbstrPreErrorLine);
    /* 8 */ HRESULT(STDMETHODCALLTYPE *get_PostErrorLine)(IAppHostPropertyException *This,
                                                          BSTR *pbstrPostErrorLine);
    /* 9 */ HRESULT(STDMETHODCALLTYPE *get_ErrorString)(IAppHostPropertyException *This,
                                                        BSTR *pbstrErrorString);
    /* 10 */ HRESULT(STDMETHODCALLTYPE *get_InvalidValue)(IAppHostPropertyException *This,
                                                          BSTR *pbstrValue);
    /* 11 */ HRESULT(STDMETHODCALLTYPE *get_ValidationFailureReason)(IAppHostPropertyException *This,
                                                                     BSTR *pbstrReason);
    /* 12 */ HRESULT(STDMETHODCALLTYPE *get_ValidationFailureParameters)(
        IAppHostPropertyException *This, SAFEARRAY **pParameterArray);
} IAppHostPropertyExceptionVtbl;
struct IAppHostPropertyException {
    const IAppHostPropertyExceptionVtbl *lpVtbl;
};

/* The slot of the last method of each vtable: a declaration that drifts from the SDK fails here. */
#define PASV_AH_SLOT(vtbl, m, n) _Static_assert(offsetof(vtbl, m) == (n) * sizeof(void *), #vtbl "." #m)
PASV_AH_SLOT(IAppHostAdminManagerVtbl, get_ConfigManager, 6);
PASV_AH_SLOT(IAppHostWritableAdminManagerVtbl, put_CommitPath, 9);
PASV_AH_SLOT(IAppHostElementVtbl, get_Methods, 13);
PASV_AH_SLOT(IAppHostPropertyVtbl, get_Schema, 11);
PASV_AH_SLOT(IAppHostElementCollectionVtbl, get_Schema, 9);
PASV_AH_SLOT(IAppHostConfigExceptionVtbl, get_ErrorString, 9);
PASV_AH_SLOT(IAppHostPropertyExceptionVtbl, get_ValidationFailureParameters, 12);
#undef PASV_AH_SLOT

#ifdef COBJMACROS
#define IAppHostAdminManager_QueryInterface(p, a, b) ((p)->lpVtbl->QueryInterface(p, a, b))
#define IAppHostAdminManager_AddRef(p) ((p)->lpVtbl->AddRef(p))
#define IAppHostAdminManager_Release(p) ((p)->lpVtbl->Release(p))
#define IAppHostAdminManager_GetAdminSection(p, a, b, c) ((p)->lpVtbl->GetAdminSection(p, a, b, c))
#define IAppHostAdminManager_GetMetadata(p, a, b) ((p)->lpVtbl->GetMetadata(p, a, b))
#define IAppHostAdminManager_SetMetadata(p, a, b) ((p)->lpVtbl->SetMetadata(p, a, b))
#define IAppHostAdminManager_get_ConfigManager(p, a) ((p)->lpVtbl->get_ConfigManager(p, a))

#define IAppHostWritableAdminManager_QueryInterface(p, a, b) ((p)->lpVtbl->QueryInterface(p, a, b))
#define IAppHostWritableAdminManager_AddRef(p) ((p)->lpVtbl->AddRef(p))
#define IAppHostWritableAdminManager_Release(p) ((p)->lpVtbl->Release(p))
#define IAppHostWritableAdminManager_GetAdminSection(p, a, b, c) \
    ((p)->lpVtbl->GetAdminSection(p, a, b, c))
#define IAppHostWritableAdminManager_GetMetadata(p, a, b) ((p)->lpVtbl->GetMetadata(p, a, b))
#define IAppHostWritableAdminManager_SetMetadata(p, a, b) ((p)->lpVtbl->SetMetadata(p, a, b))
#define IAppHostWritableAdminManager_get_ConfigManager(p, a) ((p)->lpVtbl->get_ConfigManager(p, a))
#define IAppHostWritableAdminManager_CommitChanges(p) ((p)->lpVtbl->CommitChanges(p))
#define IAppHostWritableAdminManager_get_CommitPath(p, a) ((p)->lpVtbl->get_CommitPath(p, a))
#define IAppHostWritableAdminManager_put_CommitPath(p, a) ((p)->lpVtbl->put_CommitPath(p, a))

#define IAppHostElement_QueryInterface(p, a, b) ((p)->lpVtbl->QueryInterface(p, a, b))
#define IAppHostElement_AddRef(p) ((p)->lpVtbl->AddRef(p))
#define IAppHostElement_Release(p) ((p)->lpVtbl->Release(p))
#define IAppHostElement_get_Name(p, a) ((p)->lpVtbl->get_Name(p, a))
#define IAppHostElement_get_Collection(p, a) ((p)->lpVtbl->get_Collection(p, a))
#define IAppHostElement_get_Properties(p, a) ((p)->lpVtbl->get_Properties(p, a))
#define IAppHostElement_get_ChildElements(p, a) ((p)->lpVtbl->get_ChildElements(p, a))
#define IAppHostElement_GetMetadata(p, a, b) ((p)->lpVtbl->GetMetadata(p, a, b))
#define IAppHostElement_SetMetadata(p, a, b) ((p)->lpVtbl->SetMetadata(p, a, b))
#define IAppHostElement_get_Schema(p, a) ((p)->lpVtbl->get_Schema(p, a))
#define IAppHostElement_GetElementByName(p, a, b) ((p)->lpVtbl->GetElementByName(p, a, b))
#define IAppHostElement_GetPropertyByName(p, a, b) ((p)->lpVtbl->GetPropertyByName(p, a, b))
#define IAppHostElement_Clear(p) ((p)->lpVtbl->Clear(p))
#define IAppHostElement_get_Methods(p, a) ((p)->lpVtbl->get_Methods(p, a))

#define IAppHostProperty_QueryInterface(p, a, b) ((p)->lpVtbl->QueryInterface(p, a, b))
#define IAppHostProperty_AddRef(p) ((p)->lpVtbl->AddRef(p))
#define IAppHostProperty_Release(p) ((p)->lpVtbl->Release(p))
#define IAppHostProperty_get_Name(p, a) ((p)->lpVtbl->get_Name(p, a))
#define IAppHostProperty_get_Value(p, a) ((p)->lpVtbl->get_Value(p, a))
#define IAppHostProperty_put_Value(p, a) ((p)->lpVtbl->put_Value(p, a))
#define IAppHostProperty_Clear(p) ((p)->lpVtbl->Clear(p))
#define IAppHostProperty_get_StringValue(p, a) ((p)->lpVtbl->get_StringValue(p, a))
#define IAppHostProperty_get_Exception(p, a) ((p)->lpVtbl->get_Exception(p, a))
#define IAppHostProperty_GetMetadata(p, a, b) ((p)->lpVtbl->GetMetadata(p, a, b))
#define IAppHostProperty_SetMetadata(p, a, b) ((p)->lpVtbl->SetMetadata(p, a, b))
#define IAppHostProperty_get_Schema(p, a) ((p)->lpVtbl->get_Schema(p, a))

#define IAppHostElementCollection_QueryInterface(p, a, b) ((p)->lpVtbl->QueryInterface(p, a, b))
#define IAppHostElementCollection_AddRef(p) ((p)->lpVtbl->AddRef(p))
#define IAppHostElementCollection_Release(p) ((p)->lpVtbl->Release(p))
#define IAppHostElementCollection_get_Count(p, a) ((p)->lpVtbl->get_Count(p, a))
#define IAppHostElementCollection_get_Item(p, a, b) ((p)->lpVtbl->get_Item(p, a, b))
#define IAppHostElementCollection_AddElement(p, a, b) ((p)->lpVtbl->AddElement(p, a, b))
#define IAppHostElementCollection_DeleteElement(p, a) ((p)->lpVtbl->DeleteElement(p, a))
#define IAppHostElementCollection_Clear(p) ((p)->lpVtbl->Clear(p))
#define IAppHostElementCollection_CreateNewElement(p, a, b) ((p)->lpVtbl->CreateNewElement(p, a, b))
#define IAppHostElementCollection_get_Schema(p, a) ((p)->lpVtbl->get_Schema(p, a))

#define IAppHostConfigException_QueryInterface(p, a, b) ((p)->lpVtbl->QueryInterface(p, a, b))
#define IAppHostConfigException_AddRef(p) ((p)->lpVtbl->AddRef(p))
#define IAppHostConfigException_Release(p) ((p)->lpVtbl->Release(p))
#define IAppHostConfigException_get_LineNumber(p, a) ((p)->lpVtbl->get_LineNumber(p, a))
#define IAppHostConfigException_get_FileName(p, a) ((p)->lpVtbl->get_FileName(p, a))
#define IAppHostConfigException_get_ConfigPath(p, a) ((p)->lpVtbl->get_ConfigPath(p, a))
#define IAppHostConfigException_get_ErrorLine(p, a) ((p)->lpVtbl->get_ErrorLine(p, a))
#define IAppHostConfigException_get_PreErrorLine(p, a) ((p)->lpVtbl->get_PreErrorLine(p, a))
#define IAppHostConfigException_get_PostErrorLine(p, a) ((p)->lpVtbl->get_PostErrorLine(p, a))
#define IAppHostConfigException_get_ErrorString(p, a) ((p)->lpVtbl->get_ErrorString(p, a))

#define IAppHostPropertyException_QueryInterface(p, a, b) ((p)->lpVtbl->QueryInterface(p, a, b))
#define IAppHostPropertyException_AddRef(p) ((p)->lpVtbl->AddRef(p))
#define IAppHostPropertyException_Release(p) ((p)->lpVtbl->Release(p))
#define IAppHostPropertyException_get_LineNumber(p, a) ((p)->lpVtbl->get_LineNumber(p, a))
#define IAppHostPropertyException_get_FileName(p, a) ((p)->lpVtbl->get_FileName(p, a))
#define IAppHostPropertyException_get_ConfigPath(p, a) ((p)->lpVtbl->get_ConfigPath(p, a))
#define IAppHostPropertyException_get_ErrorLine(p, a) ((p)->lpVtbl->get_ErrorLine(p, a))
#define IAppHostPropertyException_get_PreErrorLine(p, a) ((p)->lpVtbl->get_PreErrorLine(p, a))
#define IAppHostPropertyException_get_PostErrorLine(p, a) ((p)->lpVtbl->get_PostErrorLine(p, a))
#define IAppHostPropertyException_get_ErrorString(p, a) ((p)->lpVtbl->get_ErrorString(p, a))
#define IAppHostPropertyException_get_InvalidValue(p, a) ((p)->lpVtbl->get_InvalidValue(p, a))
#define IAppHostPropertyException_get_ValidationFailureReason(p, a) \
    ((p)->lpVtbl->get_ValidationFailureReason(p, a))
#define IAppHostPropertyException_get_ValidationFailureParameters(p, a) \
    ((p)->lpVtbl->get_ValidationFailureParameters(p, a))
#endif /* COBJMACROS */

#ifdef __cplusplus
}
#endif

#endif /* PASV_AHADMIN_H */
