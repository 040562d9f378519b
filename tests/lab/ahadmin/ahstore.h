/* pasvports lab: applicationHost.config store (a small XML reader/writer that keeps what it does
 * not change byte for byte). Shared by lab_ahadmin.dll and the lab FTPSVC.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * Test-only code. The file is %windir%\system32\inetsrv\config\applicationHost.config, IIS's
 * configuration file for MACHINE/WEBROOT/APPHOST ("IIS 7 and IIS 8 Configuration Reference",
 * https://learn.microsoft.com/iis/configuration/). Values are UTF-8 strings, unescaped.
 *
 * Rewriting: an element nothing changed inside is written back exactly as read; a changed
 * element keeps the text of every attribute it did not change (quotes, spacing, order) and the
 * text between its children. An attribute removed and set again takes its old place. Elements
 * the lab creates or changes are written only when they end up with an attribute, a written
 * child or text (IIS writes no empty elements; an element read empty and left alone stays), with
 * IIS's four-space indentation, so setting and then clearing leaves the file as it was. */
#ifndef PASV_LAB_AHSTORE_H
#define PASV_LAB_AHSTORE_H

#include <windows.h>

struct ah_doc;
struct ah_node;

/* Reads and parses the file (under the lab mutex). HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND)
 * when it does not exist, HRESULT_FROM_WIN32(ERROR_INVALID_DATA) when it is not well-formed. */
HRESULT ah_doc_load(struct ah_doc **out);
/* Parses text (len bytes) without touching the file. */
HRESULT ah_doc_parse(const char *text, size_t len, struct ah_doc **out);
/* Writes the document atomically (temporary file in the same folder, then MoveFileEx). */
HRESULT ah_doc_save(struct ah_doc *d);
/* The serialized document (malloc'd, NUL-terminated; *len without the NUL). */
HRESULT ah_doc_serialize(struct ah_doc *d, char **text, size_t *len);
void ah_doc_free(struct ah_doc *d);

/* The root element (<configuration>), or NULL. */
struct ah_node *ah_doc_root(struct ah_doc *d);
const char *ah_node_name(const struct ah_node *n);
/* The index-th child element named name (any name when name is NULL), or NULL. */
struct ah_node *ah_child(const struct ah_node *n, const char *name, unsigned index);
unsigned ah_child_count(const struct ah_node *n, const char *name);
/* The first child element named name; created (unwritten while empty) when there is none.
 * NULL only when out of memory. */
struct ah_node *ah_child_get_or_create(struct ah_node *n, const char *name);
/* The attribute's value, or NULL when the attribute is absent. */
const char *ah_attr(const struct ah_node *n, const char *name);
/* Sets (value) or removes (NULL) an attribute. E_OUTOFMEMORY is the only failure. */
HRESULT ah_attr_set(struct ah_node *n, const char *name, const char *value);

/* Path helpers: %windir%\system32\inetsrv\config\<name> (name NULL: the folder). */
HRESULT ah_config_path(const WCHAR *name, WCHAR *buf, DWORD count);
/* The machine-wide lab mutex ("PasvLabAppHostMutex") around file reads and writes. */
HRESULT ah_lock(void);
void ah_unlock(void);

/* What provisioning writes when there is no file yet: a Default Web Site (id 1, http *:80:)
 * and a Default FTP Site (id 2, ftp *:PORT:, SSL SslAllow), <system.ftpServer> with <log> and no
 * <firewallSupport> (range unset). Written only when the file does not exist. */
HRESULT ah_write_default(DWORD ftp_port);

#endif /* PASV_LAB_AHSTORE_H */
