/* pasvports: what the legacy firewall backend's files share (fw_legacy.c: state and changes;
 * fw_legacy_list.c: listing).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#ifndef PASV_FW_LEGACY_H
#define PASV_FW_LEGACY_H

#include "win.h"

#include <netfw.h>

#include "backends.h"

#define PROFILE_COUNT 2 /* array index = NET_FW_PROFILE_TYPE: 0 Domain, 1 Standard */
#define ALL_PROFILES  (PASV_PROFILE_DOMAIN | PASV_PROFILE_STANDARD)
#define E_NOT_FOUND   HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND) /* Item/Remove: no such port */
/* A profile holds at most one exception per port and protocol; an enumerator that yields more
 * than this is broken, and we stop instead of looping for ever. */
#define MAX_ENUM_ITEMS (2u * 65536u)

#define GP_ROOT L"SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\"

/* The registry key of each profile under the firewall policy keys, by profile index. */
extern const WCHAR *const pasv_legacy_profile_key[PROFILE_COUNT];

static inline uint32_t bit_of(int index)
{
    return 1u << index;
}

/* Sets e->scope from a RemoteAddresses text; a custom list is copied whole into *remote
 * (malloc'd, the caller frees it after pushing e) and e->remote points at it. */
HRESULT pasv_legacy_scope_from_text(const WCHAR *text, pasv_fw_entry *e, char **remote);

/* Appends the TCP openings of each profile's list (NULL slots skipped) and Group Policy's, merged
 * across profiles where they are the same opening. S_FALSE when a list could not be enumerated
 * (Wine's stub): what could be read is there. On failure out is as it was. */
HRESULT pasv_legacy_list_ports(INetFwOpenPorts *const ports[PROFILE_COUNT], pasv_fw_list *out);

#endif /* PASV_FW_LEGACY_H */
