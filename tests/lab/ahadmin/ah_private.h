/* pasvports lab AHADMIN (lab_ahadmin.dll): declarations shared by its source files.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 * Test-only code. The interfaces are the product's own declarations (src/win/ahadmin.h), as the
 * lab ABO server uses the SDK's iadmw.h. */
#ifndef PASV_LAB_AH_PRIVATE_H
#define PASV_LAB_AH_PRIVATE_H

#include <windows.h>
#include <ole2.h>
#include <oleauto.h>
#include "win/ahadmin.h"
#include "ahstore.h"

/* Knobs: HKLM\SOFTWARE\PasvLab\AppHost (read at every call, README.md lists them). */
#define AH_KNOBS L"AppHost"

/* HRESULTs the lab answers (README.md says where each comes from). */
#define AH_E_INVALID_INDEX   HRESULT_FROM_WIN32(ERROR_INVALID_INDEX)      /* 0x80070585 */
#define AH_E_NO_SECTION      HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED)      /* 0x80070032 */
#define AH_E_FILE_LOCKED     HRESULT_FROM_WIN32(ERROR_SHARING_VIOLATION)  /* 0x80070020 */
#define AH_APPHOST_PATH      L"MACHINE/WEBROOT/APPHOST"

/* ---- schema (ahschema.c) ---- */
enum ah_type { AT_STRING, AT_INT, AT_UINT, AT_BOOL, AT_ENUM };
struct ah_enum { const char *name; LONG value; };
struct ah_prop_schema {
    const char *name;
    enum ah_type type;
    const char *dflt;                   /* as it would be written */
    const struct ah_enum *enums;        /* AT_ENUM, ends with a NULL name */
    /* Schema validation of a typed value: FALSE with IIS-style reason text. */
    BOOL (*validate)(LONG value, WCHAR *reason, size_t count);
};
struct ah_elem_schema {
    const char *name;
    const struct ah_prop_schema *props;          /* ends with a NULL name */
    const struct ah_elem_schema *const *kids;    /* ends with NULL */
    const struct ah_elem_schema *item;           /* collection item schema, or NULL */
    BOOL ftp;                                    /* defined by the FTP role's schema */
};
/* The section's schema and its element path below <configuration> ("a/b"), or NULL. */
const struct ah_elem_schema *ah_section_schema(const WCHAR *section, const char **path, BOOL *ftp);
const struct ah_prop_schema *ah_prop_find(const struct ah_elem_schema *e, const WCHAR *name);
const struct ah_elem_schema *ah_kid_find(const struct ah_elem_schema *e, const WCHAR *name);
BOOL ah_ftp_installed(void);

/* ---- the manager (ahadmin.c): one document per manager, loaded at its first section ---- */
struct ah_manager;
void ah_manager_addref(struct ah_manager *m);
void ah_manager_release(struct ah_manager *m);
void ah_enter(void);   /* one lock for every object: ThreadingModel Both */
void ah_leave(void);
void ah_object_added(void);
void ah_object_removed(void);

/* ---- objects (ahobjects.c) ---- */
HRESULT ah_element_create(struct ah_manager *m, struct ah_node *node,
                          const struct ah_elem_schema *schema, IAppHostElement **out);

/* UTF-8 <-> BSTR */
BSTR ah_bstr_utf8(const char *s);
char *ah_utf8(const WCHAR *s);

#endif /* PASV_LAB_AH_PRIVATE_H */
