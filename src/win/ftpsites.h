/* pasvports: the IIS 7+ FTP sites (sites with an ftp binding) and their external IPv4 address
 * (ftpServer/firewallSupport/@externalIp4Address), through AHADMIN.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * "FTP Firewall Support for a Site <firewallSupport>"
 * (https://learn.microsoft.com/en-us/iis/configuration/system.applicationhost/sites/site/ftpserver/firewallsupport):
 * externalIp4Address is the address IIS announces in its PASV reply, an optional string with no
 * default. "FTP over SSL <ssl>" (.../sites/site/ftpserver/security/ssl): controlChannelPolicy
 * and dataChannelPolicy. Sites are matched by name ignoring case, as Microsoft's samples do. */
#ifndef PASV_FTPSITES_H
#define PASV_FTPSITES_H

#include "win.h"

#include <stddef.h>

#include "pasv/status.h"

#define PASV_SITE_NAME_MAX 260
#define PASV_SITE_IP_MAX 64
#define PASV_SITE_POLICY_MAX 40

typedef struct pasv_ftp_site {
    WCHAR name[PASV_SITE_NAME_MAX];
    DWORD id;
    WCHAR external_ip[PASV_SITE_IP_MAX];   /* "" when not set */
    WCHAR control_ssl[PASV_SITE_POLICY_MAX]; /* stored policy names (SslAllow, SslRequire, ...) */
    WCHAR data_ssl[PASV_SITE_POLICY_MAX];
} pasv_ftp_site;

typedef struct pasv_ftp_sites {
    pasv_ftp_site *items;
    size_t count;
} pasv_ftp_sites;

/* Every site with at least one binding whose protocol is "ftp", in configuration order. */
HRESULT pasv_ftp_sites_list(pasv_ftp_sites *out);
void pasv_ftp_sites_free(pasv_ftp_sites *sites);

/* The FTP site named name (ignoring case) in sites, or NULL. */
const pasv_ftp_site *pasv_ftp_sites_find(const pasv_ftp_sites *sites, const WCHAR *name);

/* Sets (ip) or clears (NULL) the site's externalIp4Address and commits. The caller validated ip
 * (pasv_addr_ipv4_host). HRESULT_FROM_WIN32(ERROR_NOT_FOUND) when no FTP site has that name;
 * when IIS refuses the value, its reason is copied to reason. */
HRESULT pasv_ftp_site_set_external_ip(const WCHAR *name, const WCHAR *ip, WCHAR *reason, size_t count);

/* The engine's write (issue 13): in one AppHost session, re-reads the site's address and writes
 * ip (NULL or "" clears it) only when it still is expected ("" not set). S_FALSE, nothing
 * written, when it already is ip; PASV_E_CHANGED, nothing written, when it is anything else or
 * no FTP site has that name any more. */
HRESULT pasv_ftp_site_set_external_ip_owned(const WCHAR *name, const WCHAR *expected, const WCHAR *ip, WCHAR *reason,
                                            size_t count);

#endif /* PASV_FTPSITES_H */
