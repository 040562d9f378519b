/* pasvports: the operating system's dynamic (ephemeral) TCP port range, which IIS 7+ FTP uses
 * when its data channel range is not set (0-0).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * Minimal version (issue 13): the branch that reads the machine's configured range is not merged
 * yet; until it is, this reads what is readable without parsing localized netsh output. */
#ifndef PASV_DYNPORT_H
#define PASV_DYNPORT_H

#include "win.h"

#include "pasv/range.h"

/* The dynamic TCP range. S_OK when read from the machine (before Vista: 1025 to the
 * Tcpip\Parameters MaxUserPort value), S_FALSE when it is the documented default of this
 * Windows version (Vista and later: 49152-65535; before: 1025-5000). */
HRESULT pasv_tcp_dynamic_port_range(DWORD os_major, pasv_range *out);

#endif /* PASV_DYNPORT_H */
