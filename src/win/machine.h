/* pasvports: facts about this machine that both front ends show: its TCP dynamic (ephemeral)
 * port range and the ports of a range that programs listen on.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * One implementation for pasvctl status and the dialog (issue 12, findings 8 and 9): the
 * "Windows default" a server without a passive range uses is this machine's dynamic range, and
 * the port-in-use warning comes from one read of the TCP listener table. */
#ifndef PASV_MACHINE_H
#define PASV_MACHINE_H

#include "win.h"

#include <stdbool.h>
#include <stdint.h>

#include "env.h"
#include "pasv/range.h"

/* The TCP dynamic port range of this machine (what bind() to port 0 hands out, so what IIS 5/6
 * use without a PassivePortRange and what IIS 7+ "0-0" means). *from_registry (may be NULL)
 * says whether a configured value was read; otherwise the documented default of the version. */
pasv_range pasv_machine_dynamic_range(const pasv_env *env, bool *from_registry);

/* Ports of range that some program listens on (IPv4), ascending as the table lists them, at
 * most cap. Returns how many were found (0 also when the table cannot be read). */
unsigned pasv_machine_listening(const pasv_range *range, uint16_t *ports, unsigned cap);

/* The port-in-use warning in the caller's words: one (one port) or many (any other count) takes
 * %1!u! (how many) and %2 (the ports, "5050, 5051"). NULL when no program listens in range (or
 * out of memory); LocalFree it. */
WCHAR *pasv_machine_listening_text(const pasv_range *range, UINT one, UINT many);

#endif /* PASV_MACHINE_H */
