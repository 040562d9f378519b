/* pasvports: the same change as files for machines without pasvports: Group Policy port
 * exception strings, a Registry.pol, a .cmd script and a PowerShell script.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * Text formats are UTF-8 with CRLF line ends (what Notepad, cmd.exe and PowerShell 5 read).
 * The Registry.pol is the binary PReg format (MS-GPREG 2.2.1): the signature "PReg", version 1
 * (little-endian DWORD), then entries "[key;value;type;size;data]" where the brackets and
 * semicolons are UTF-16LE characters, key and value NUL-terminated UTF-16LE strings, type and
 * size little-endian DWORDs and data size bytes. Keys are relative to HKLM (machine policy):
 *   Software\Policies\Microsoft\WindowsFirewall\{DomainProfile,StandardProfile}\GloballyOpenPorts
 *     Enabled = 1 (REG_DWORD), List\"<port>:TCP" = "<port>:TCP:<scope>:enabled:<prefix><port>"
 *   Software\Policies\Microsoft\WindowsFirewall\FirewallRules
 *     "<prefix> <low>-<high>" = "v2.10|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=...|..."
 * The first for XP/2003 (the "Define port exceptions" setting), the second for Vista+. For IIS 7+
 * (server PASV_SERVER_IIS7: always Vista or later) the file holds the Vista+ rule alone, and the
 * GPO text says where that rule goes in the Group Policy Management Editor and gives its string.
 * Scope: the rule string writes each custom address as its own field, RA4= for IPv4 and RA6= for
 * IPv6 (MS-GPFAS 2.2.2.19), as PowerShell's -RemoteAddress takes each as its own string. The
 * XP/2003 forms (GP port exception strings, Registry.pol's GloballyOpenPorts, "netsh firewall")
 * carry only the items that firewall can hold (IPv4 addresses and subnets): with
 * "10.0.0.0/8,2001:db8::/32" a 2003 server lets 10.0.0.0/8 in and no IPv6 client, never more. A
 * custom list with no such item cannot be written for it: PASV_E_INVALIDARG for gpo, pol, netsh. */
#ifndef PASV_EXPORT_H
#define PASV_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pasv/cmdline.h"
#include "pasv/firewall.h"
#include "pasv/range.h"
#include "pasv/status.h"

typedef struct pasv_export_options {
    pasv_range range;          /* validated by the caller */
    const char *prefix;        /* NULL: PASV_DEFAULT_PREFIX */
    pasv_scope scope;
    const char *remote;        /* CUSTOM: comma-separated addresses */
    pasv_server_kind server;   /* which IIS setting the scripts write */
    /* IIS 7+ only: an FTP site's external IPv4 address (dotted, validated by the caller) and the
     * site's name; both NULL (and clear_external false): no site line. A name with a quote, a control character or one of
     * % & | < > ^ $ ` cannot be written safely into cmd.exe/appcmd/PowerShell: PASV_E_INVALIDARG. */
    const char *site;
    const char *external_ip;
    /* IIS 7+ only: clear the site's external address (external_ip NULL, site named). */
    bool clear_external;
} pasv_export_options;

/* A growable byte buffer owned by the caller (init zeroed, free with pasv_export_buf_cleanup). */
typedef struct pasv_export_buf {
    unsigned char *data;
    size_t len;
    size_t cap;
} pasv_export_buf;

void pasv_export_buf_cleanup(pasv_export_buf *buf);

/* Appends the export in format fmt to *out. Returns PASV_S_OK, PASV_E_INVALIDARG (no such format,
 * an empty or "0-0" range, CUSTOM scope without addresses, or none the XP/2003 firewall can hold
 * for a format that writes for it) or PASV_E_OUTOFMEMORY (then *out may
 * hold part of the text: discard it). */
pasv_hr pasv_export_build(pasv_export_format fmt, const pasv_export_options *opt, pasv_export_buf *out);

/* The usual file name for a format ("pasvports-5001-5201.cmd"); "" for GPO strings. */
void pasv_export_default_name(pasv_export_format fmt, const pasv_range *range, char *buf, size_t cap);

#endif /* PASV_EXPORT_H */
