/* pasvports lab: the lab metabase store (keys, values, MetaBase.xml persistence, backups).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * Real IIS 6 keeps ONE in-memory metabase inside inetinfo.exe (IISADMIN) and every ABO client
 * talks to it over DCOM; MetaBase.xml is only written by SaveData / 60 s after a change / at
 * IISADMIN stop. The lab ABO is an in-proc server, so every process has its own copy of this
 * store. To keep them coherent the lab writes every change through to MetaBase.xml (under a
 * named mutex) and re-reads the file at the start of every call: the file IS the shared
 * in-memory metabase. SaveData's "flush" is therefore trivially satisfied. */
#ifndef PASV_LAB_MBSTORE_H
#define PASV_LAB_MBSTORE_H

#include <windows.h>

/* One data item (a METADATA_RECORD without the tag). */
struct mb_value {
    DWORD id, attrs, utype, dtype, len;
    BYTE *data;
};

/* One key; path is canonical: "" for the root, else "/LM", "/LM/MSFTPSVC", ... */
struct mb_key {
    WCHAR *path;
    struct mb_value *values;
    DWORD count, cap;
};

struct mb_store {
    struct mb_key *keys;
    DWORD count, cap;
    DWORD change_number;
    char *raw;          /* the file bytes last parsed, to skip re-parsing an unchanged file */
    DWORD raw_len;
};

#define MB_PATH_MAX 1024

/* Cross-process lock around every metabase call (named mutex). */
HRESULT mb_lock(void);
void mb_unlock(void);

/* %windir%\system32\inetsrv\<name> (name may be NULL for the directory itself). */
HRESULT mb_inetsrv_path(const WCHAR *name, WCHAR *buf, DWORD count);

/* Re-read MetaBase.xml if it changed (defaults when absent). Call with the lock held. */
HRESULT mb_sync(struct mb_store *s);
/* Bump the change number and write MetaBase.xml. Call with the lock held. */
HRESULT mb_commit(struct mb_store *s);
/* Reset to the default IIS 6 tree (used when no MetaBase.xml exists). */
void mb_defaults(struct mb_store *s);
/* Write the current store to MetaBase.xml without bumping the change number. */
HRESULT mb_write_file(struct mb_store *s);

/* Joins base (canonical) and a relative ABO path into out; E_INVALIDARG if too long or bad. */
HRESULT mb_path_join(const WCHAR *base, const WCHAR *rel, WCHAR *out, DWORD count);
/* TRUE if a is b or one of b's ancestors (case-insensitive). */
BOOL mb_path_is_ancestor_or_self(const WCHAR *a, const WCHAR *b);

struct mb_key *mb_find_key(struct mb_store *s, const WCHAR *path);
/* Creates the key and missing parents; returns the key (existing one if already there). */
struct mb_key *mb_add_key(struct mb_store *s, const WCHAR *path);
/* Deletes the key and its subtree. */
void mb_delete_key(struct mb_store *s, const WCHAR *path);
/* index-th direct child name of path (sorted as stored); FALSE at the end. */
BOOL mb_child_name(struct mb_store *s, const WCHAR *path, DWORD index, WCHAR *name, DWORD count);

struct mb_value *mb_find_value(struct mb_key *k, DWORD id);
HRESULT mb_set_value(struct mb_key *k, DWORD id, DWORD attrs, DWORD utype, DWORD dtype,
                     const BYTE *data, DWORD len);
BOOL mb_delete_value(struct mb_key *k, DWORD id, DWORD dtype);

#endif /* PASV_LAB_MBSTORE_H */
