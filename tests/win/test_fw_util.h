/* pasvports tests: registry and list helpers shared by the firewall backend tests
 * (test_fw_legacy.c, test_fw_advanced.c, test_fw_stub.c).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 * The tests read back what the lab firewall persisted (tests/lab, labfw.h) and flip its knobs. */
#ifndef PASV_TEST_FW_UTIL_H
#define PASV_TEST_FW_UTIL_H

#include "win.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "backends.h"
#include "com_util.h"

#define FW_POLICY L"SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy"
#define FW_LIST_DOMAIN   FW_POLICY L"\\DomainProfile\\GloballyOpenPorts\\List"
#define FW_LIST_STANDARD FW_POLICY L"\\StandardProfile\\GloballyOpenPorts\\List"
#define FW_RULES         FW_POLICY L"\\FirewallRules"
#define FW_KNOBS         L"SOFTWARE\\PasvLab\\Firewall"
#define FW_GP            L"SOFTWARE\\Policies\\Microsoft\\WindowsFirewall"

/* A key's REG_SZ values, "name=data" each, in registry order: byte-for-byte comparisons. */
typedef struct reg_snapshot {
    WCHAR **items;
    size_t count;
} reg_snapshot;

static inline void snapshot_free(reg_snapshot *s)
{
    size_t i;

    for (i = 0; i < s->count; i++)
        free(s->items[i]);
    free(s->items);
    s->items = NULL;
    s->count = 0;
}

static inline bool snapshot_take(const WCHAR *path, reg_snapshot *s)
{
    HKEY key;
    DWORD i;

    s->items = NULL;
    s->count = 0;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, KEY_QUERY_VALUE, &key) != ERROR_SUCCESS)
        return true; /* no key: no values */
    for (i = 0;; i++) {
        WCHAR name[256], data[2048], **grown;
        DWORD nlen = 256, size = sizeof(data) - sizeof(WCHAR), type;
        size_t len;
        LONG rc = RegEnumValueW(key, i, name, &nlen, NULL, &type, (BYTE *)data, &size);

        if (rc == ERROR_NO_MORE_ITEMS)
            break;
        if (rc != ERROR_SUCCESS)
            continue;
        data[size / sizeof(WCHAR)] = 0;
        grown = realloc(s->items, (s->count + 1) * sizeof(*grown));
        if (!grown)
            break;
        s->items = grown;
        len = wcslen(name) + wcslen(data) + 2;
        s->items[s->count] = malloc(len * sizeof(WCHAR));
        if (!s->items[s->count])
            break;
        swprintf(s->items[s->count], len, L"%ls=%ls", name, data);
        s->count++;
    }
    RegCloseKey(key);
    return true;
}

static inline bool snapshot_has(const reg_snapshot *s, const WCHAR *item)
{
    size_t i;

    for (i = 0; i < s->count; i++)
        if (wcscmp(s->items[i], item) == 0)
            return true;
    return false;
}

/* Every item of before is in after, unchanged (order aside). */
static inline bool snapshot_kept(const reg_snapshot *before, const reg_snapshot *after)
{
    size_t i;

    for (i = 0; i < before->count; i++)
        if (!snapshot_has(after, before->items[i]))
            return false;
    return true;
}

static inline bool reg_get_sz(const WCHAR *path, const WCHAR *name, WCHAR *buf, DWORD cap)
{
    DWORD size = (cap - 1) * sizeof(WCHAR), type;
    HKEY key;
    LONG rc;

    buf[0] = 0;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, KEY_QUERY_VALUE, &key) != ERROR_SUCCESS)
        return false;
    rc = RegQueryValueExW(key, name, NULL, &type, (BYTE *)buf, &size);
    RegCloseKey(key);
    if (rc != ERROR_SUCCESS || type != REG_SZ)
        return false;
    buf[size / sizeof(WCHAR)] = 0;
    return true;
}

static inline DWORD reg_get_dword(const WCHAR *path, const WCHAR *name, DWORD dflt)
{
    DWORD value = dflt, size = sizeof(value), type;
    HKEY key;

    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, KEY_QUERY_VALUE, &key) != ERROR_SUCCESS)
        return dflt;
    if (RegQueryValueExW(key, name, NULL, &type, (BYTE *)&value, &size) != ERROR_SUCCESS ||
        type != REG_DWORD)
        value = dflt;
    RegCloseKey(key);
    return value;
}

static inline bool reg_set(const WCHAR *path, const WCHAR *name, DWORD type, const void *data,
                           DWORD size)
{
    HKEY key;
    LONG rc;

    if (RegCreateKeyExW(HKEY_LOCAL_MACHINE, path, 0, NULL, 0, KEY_SET_VALUE, NULL, &key, NULL))
        return false;
    rc = RegSetValueExW(key, name, 0, type, (const BYTE *)data, size);
    RegCloseKey(key);
    return rc == ERROR_SUCCESS;
}

static inline bool reg_set_dword(const WCHAR *path, const WCHAR *name, DWORD value)
{
    return reg_set(path, name, REG_DWORD, &value, sizeof(value));
}

static inline bool reg_set_sz(const WCHAR *path, const WCHAR *name, const WCHAR *value)
{
    return reg_set(path, name, REG_SZ, value, (DWORD)((wcslen(value) + 1) * sizeof(WCHAR)));
}

static inline void reg_delete(const WCHAR *path, const WCHAR *name)
{
    HKEY key;

    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, KEY_SET_VALUE, &key) == ERROR_SUCCESS) {
        RegDeleteValueW(key, name);
        RegCloseKey(key);
    }
}

/* Lab knobs (HKLM\SOFTWARE\PasvLab\Firewall), read by the lab at every call. */
static inline bool knob_set(const WCHAR *name, DWORD value)
{
    return reg_set_dword(FW_KNOBS, name, value);
}

static inline void knob_clear(const WCHAR *name)
{
    reg_delete(FW_KNOBS, name);
}

/* Is the lab installed in this prefix (provision.sh records nothing else we can ask)? The lab's
 * hnetcfg answers GetProfileByType, Wine's stub does not. */
static inline bool lab_present(void)
{
    return reg_get_dword(FW_POLICY L"\\StandardProfile", L"EnableFirewall", 0xFFFFFFFFu) !=
           0xFFFFFFFFu;
}

/* How many entries of list cover port (low <= port <= high) and are called name (NULL: any). */
static inline size_t count_entries(const pasv_fw_list *list, uint16_t port, const char *name)
{
    size_t i, n = 0;

    for (i = 0; i < list->count; i++)
        if (list->items[i].ports.low <= port && port <= list->items[i].ports.high &&
            (!name || strcmp(list->items[i].name, name) == 0))
            n++;
    return n;
}

static inline const pasv_fw_entry *find_entry(const pasv_fw_list *list, uint16_t port,
                                              const char *name)
{
    size_t i;

    for (i = 0; i < list->count; i++)
        if (list->items[i].ports.low <= port && port <= list->items[i].ports.high &&
            (!name || strcmp(list->items[i].name, name) == 0))
            return &list->items[i];
    return NULL;
}

/* Our default entry for a port. Its name lives in one of a few rotating static buffers, enough
 * for the entries a test holds at once. */
static inline pasv_fw_entry port_entry(uint16_t port, uint32_t profiles)
{
    static char names[8][PASV_PREFIX_MAX + 8];
    static unsigned next;
    char *name = names[next++ % 8];
    pasv_fw_entry e;

    pasv_fw_entry_init(&e);
    e.ports.low = e.ports.high = port;
    e.profiles = profiles;
    e.flags = PASV_FW_ENABLED;
    e.protocol = PASV_PROTO_TCP;
    e.kind = PASV_FW_PORT;
    e.scope = PASV_SCOPE_ANY;
    pasv_fw_port_name(PASV_DEFAULT_PREFIX, port, name, PASV_PREFIX_MAX + 8);
    e.name = name;
    return e;
}

/* Closes what the firewall lists at port (as the engine does: close_port is given the listed
 * entry), or our default entry when nothing is listed there. */
static inline pasv_hr close_listed(pasv_firewall *fw, uint16_t port, uint32_t profiles)
{
    pasv_fw_list list;
    pasv_fw_entry e = port_entry(port, profiles);
    pasv_hr hr;
    size_t i;

    pasv_fw_list_init(&list);
    if (PASV_SUCCEEDED(fw->vt->list(fw, &list))) {
        for (i = 0; i < list.count; i++) {
            if (list.items[i].kind == PASV_FW_PORT && list.items[i].ports.low == port) {
                e = list.items[i];
                break;
            }
        }
    }
    e.profiles = profiles;
    hr = fw->vt->close_port(fw, &e);
    pasv_fw_list_cleanup(&list);
    return hr;
}

/* Removes the rule called name as listed (or a tagged rule of that name when none is). */
static inline pasv_hr remove_listed_rule(pasv_firewall *fw, const char *name)
{
    pasv_fw_list list;
    pasv_fw_entry e;
    pasv_hr hr;
    size_t i;

    pasv_fw_entry_init(&e);
    e.kind = PASV_FW_RULE;
    e.protocol = PASV_PROTO_TCP;
    e.flags = PASV_FW_ENABLED | PASV_FW_TAGGED;
    e.name = name;
    pasv_fw_list_init(&list);
    if (PASV_SUCCEEDED(fw->vt->list(fw, &list))) {
        for (i = 0; i < list.count; i++) {
            if (list.items[i].kind == PASV_FW_RULE && strcmp(list.items[i].name, name) == 0) {
                e = list.items[i];
                break;
            }
        }
    }
    hr = fw->vt->remove_rule(fw, &e);
    pasv_fw_list_cleanup(&list);
    return hr;
}

#endif /* PASV_TEST_FW_UTIL_H */
