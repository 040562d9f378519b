/* pasvports: the one validator of Windows Firewall remote-address lists (--scope, the dialog).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * Syntax, as Microsoft documents it:
 *   INetFwOpenPort::put_RemoteAddresses (XP SP2 / Server 2003)
 *     https://learn.microsoft.com/en-us/windows/win32/api/netfw/nf-netfw-inetfwopenport-put_remoteaddresses
 *   INetFwRule::put_RemoteAddresses (Vista / Server 2008 and later)
 *     https://learn.microsoft.com/en-us/windows/win32/api/netfw/nf-netfw-inetfwrule-put_remoteaddresses
 * One or more comma-delimited items:
 *   "*"                          any address; must be the only item
 *   LocalSubnet                  (not case-sensitive)
 *   DefaultGateway, DHCP, DNS, WINS            rules API only
 *   a.b.c.d, a.b.c.d/N (0-32), a.b.c.d/m.m.m.m (mask defaults to /32)
 *   IPv6 address, IPv6/N (0-128)               rules API only
 *   a.b.c.d-e.f.g.h, IPv6-IPv6 ranges          rules API only (no spaces)
 *
 * Our decisions where the documentation is silent:
 *   - An IPv4 part with a leading zero ("010") is refused: Windows' own parsers read it as octal
 *     (010 = 8), so what the admin typed and what the firewall stores would differ. The same for
 *     prefix lengths ("/08").
 *   - A dotted mask must be contiguous (ones, then zeros); it is written back as /N.
 *   - Blanks around an item are dropped; blanks inside one are refused.
 *   - At most PASV_ADDR_INPUT_MAX bytes and PASV_ADDR_ITEMS_MAX items (far more than a person
 *     types; a longer list is a mistake or an attack on a fixed buffer somewhere).
 *
 * Canonical form (what the engine writes and compares): items in the order given, exact
 * duplicates dropped, joined by "," with no blanks; keywords spelled LocalSubnet, DefaultGateway,
 * DHCP, DNS, WINS; IPv4 without leading zeros, /32 dropped, masks as /N; IPv6 as RFC 5952
 * (lower case, longest run of zero groups as "::"), /128 dropped; a range whose ends are equal
 * becomes one address. Parsing the canonical form gives the same canonical form. */
#ifndef PASV_ADDR_H
#define PASV_ADDR_H

#include <stdbool.h>
#include <stddef.h>

#include "pasv/status.h"

#define PASV_ADDR_INPUT_MAX 1000 /* bytes of input text, blanks included */
#define PASV_ADDR_ITEMS_MAX 100
#define PASV_ADDR_TEXT_MAX  1024 /* bytes a canonical list can need, NUL included */

typedef enum pasv_addr_api {
    PASV_ADDR_LEGACY = 0, /* INetFwOpenPort: "*", LocalSubnet, IPv4 and IPv4 subnets */
    PASV_ADDR_RULES = 1   /* INetFwRule: everything above */
} pasv_addr_api;

typedef struct pasv_addr_result {
    pasv_msg msg;       /* PASV_MSG_ADDR_OK or why the text was refused (%1 item, %2 limit) */
    size_t item_off;    /* the offending item: byte offset and length in the input */
    size_t item_len;
    unsigned limit;     /* the number for %2 (a maximum) when msg names one */
    unsigned items;     /* items in the canonical list */
    bool any;           /* the list is "*" */
    bool needs_rules;   /* uses syntax only the rules API accepts */
} pasv_addr_result;

/* Checks text against api and writes its canonical form to canon (cap bytes; PASV_ADDR_TEXT_MAX
 * always suffices). Returns true when valid; on failure canon is untouched and res says why.
 * res is always filled. */
bool pasv_addr_parse(const char *text, pasv_addr_api api, char *canon, size_t cap, pasv_addr_result *res);

/* ---- One IPv4 host address (IIS 7+ ftpServer/firewallSupport/@externalIp4Address) ----
 * "The external IPv4 address of the firewall" that IIS announces in its PASV reply
 * (https://learn.microsoft.com/en-us/iis/configuration/system.applicationhost/sites/site/ftpserver/firewallsupport).
 * Dotted decimal a.b.c.d only, by the same rules as above (no leading zeros, 0-255), blanks
 * around it dropped. Refused: anything else (names, IPv6, lists, "/N"), 0.0.0.0/8 ("this
 * network"), multicast and reserved (224.0.0.0 and up). Accepted with a warning (kind below):
 * loopback and private/shared/link-local addresses, which clients outside cannot reach. */
typedef enum pasv_ipv4_kind {
    PASV_IPV4_PUBLIC = 0,
    PASV_IPV4_PRIVATE,  /* 10/8, 172.16/12, 192.168/16, 100.64/10 (shared), 169.254/16 (link-local) */
    PASV_IPV4_LOOPBACK  /* 127/8 */
} pasv_ipv4_kind;

/* Checks text; on success writes the canonical dotted form to canon (cap >= 16) and *kind, and
 * res->msg is PASV_MSG_ADDR_OK or the warning to show. On failure returns false, canon and
 * *kind untouched, res->msg says why (PASV_MSG_ADDR_OCTET_RANGE, _LEADING_ZERO, _NOT_IPV4,
 * _NOT_HOST, _TOO_LONG; empty text is _NOT_IPV4). */
bool pasv_addr_ipv4_host(const char *text, char *canon, size_t cap, pasv_ipv4_kind *kind, pasv_addr_result *res);

#endif /* PASV_ADDR_H */
