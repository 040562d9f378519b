/* Lab FTP service, FTPSVC mode (IIS 7+): reads the data channel range, the FTP site's control
 * port and its external IPv4 address from applicationHost.config when the service starts.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * What IIS documents (learn.microsoft.com/iis/configuration/): the range is
 * system.ftpServer/firewallSupport @lowDataChannelPort/@highDataChannelPort, 0/0 meaning the
 * Windows dynamic port range (49152-65535 since Windows Vista / Server 2008: "The default dynamic
 * port range for TCP/IP has changed since Windows Vista and in Windows Server 2008",
 * learn.microsoft.com/troubleshoot/windows-server/networking/default-dynamic-port-range-tcpip-chang);
 * the address a PASV reply announces is the site's ftpServer/firewallSupport/@externalIp4Address
 * (or siteDefaults'), else the local address; FTPSVC reads the range at start ("Configuring FTP
 * Firewall Settings in IIS 7": restart the Microsoft FTP Service after changing it).
 * Lab: the FTP site is the first site with an ftp binding; its binding "*:PORT:" is the control
 * port (the lab always listens on 127.0.0.1). A pair that is not 0/0 or 1025 <= low <= high <=
 * 65535 stops the service with FTPSVC_EXIT_BAD_RANGE (what FTPSVC does then is not documented). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ftpsvc.h"
#include "ahstore.h"

#define DYNAMIC_LOW  49152
#define DYNAMIC_HIGH 65535

static BOOL parse_port_attr(const char *text, DWORD *value)
{
    char *end;
    unsigned long v;
    if (!text) {
        *value = 0;   /* unset: the schema default 0 */
        return TRUE;
    }
    v = strtoul(text, &end, 10);
    if (end == text || *end || v > 65535)
        return FALSE;
    *value = (DWORD)v;
    return TRUE;
}

/* Strict dotted quad; FALSE for anything else. */
static BOOL parse_ipv4(const char *s, ULONG *addr)
{
    unsigned long part[4];
    int i;
    for (i = 0; i < 4; i++) {
        char *end;
        if (*s < '0' || *s > '9')
            return FALSE;
        part[i] = strtoul(s, &end, 10);
        if (part[i] > 255 || end - s > 3)
            return FALSE;
        s = end;
        if (i < 3 && *s++ != '.')
            return FALSE;
    }
    if (*s)
        return FALSE;
    *addr = htonl((ULONG)((part[0] << 24) | (part[1] << 16) | (part[2] << 8) | part[3]));
    return TRUE;
}

static const char *site_external(struct ah_node *site)
{
    struct ah_node *ftp = site ? ah_child(site, "ftpServer", 0) : NULL;
    struct ah_node *fw = ftp ? ah_child(ftp, "firewallSupport", 0) : NULL;
    return fw ? ah_attr(fw, "externalIp4Address") : NULL;
}

/* The first site with an ftp binding, and that binding's port. */
static struct ah_node *ftp_site(struct ah_node *sites, DWORD *port)
{
    unsigned i, j;
    for (i = 0; sites && i < ah_child_count(sites, "site"); i++) {
        struct ah_node *site = ah_child(sites, "site", i);
        struct ah_node *bindings = ah_child(site, "bindings", 0);
        for (j = 0; bindings && j < ah_child_count(bindings, "binding"); j++) {
            struct ah_node *b = ah_child(bindings, "binding", j);
            const char *proto = ah_attr(b, "protocol"), *info = ah_attr(b, "bindingInformation");
            const char *colon = info ? strchr(info, ':') : NULL;
            if (proto && !_stricmp(proto, "ftp") && colon) {
                *port = strtoul(colon + 1, NULL, 10);
                return site;
            }
        }
    }
    return NULL;
}

static BOOL bad_config(DWORD *exit_code, DWORD code, const char *fmt, const char *detail)
{
    ftplog_event_error(1000 + code, fmt, detail);
    *exit_code = code;
    return FALSE;
}

BOOL apphost_config_load(passive_range *range, USHORT *control_port, ULONG *external, DWORD *exit_code)
{
    struct ah_doc *doc = NULL;
    struct ah_node *root, *node, *site, *sites;
    DWORD low, high, port = 0;
    const char *ext, *site_name;
    char shown[64];
    HRESULT hr;
    BOOL result = FALSE;

    *external = 0;
    hr = ah_doc_load(&doc);
    if (FAILED(hr)) {
        snprintf(shown, sizeof(shown), "0x%08lX", (unsigned long)hr);
        return bad_config(exit_code, FTPSVC_EXIT_CONFIG,
                          "FTPSVC cannot start: applicationHost.config cannot be read (%s)", shown);
    }
    root = ah_doc_root(doc);
    node = ah_child(root, "system.ftpServer", 0);
    node = node ? ah_child(node, "firewallSupport", 0) : NULL;
    if (!parse_port_attr(node ? ah_attr(node, "lowDataChannelPort") : NULL, &low)
        || !parse_port_attr(node ? ah_attr(node, "highDataChannelPort") : NULL, &high)
        || !((low == 0 && high == 0) || (low >= 1025 && low <= high && high <= 65535))) {
        snprintf(shown, sizeof(shown), "%s-%s", node && ah_attr(node, "lowDataChannelPort") ? ah_attr(node, "lowDataChannelPort") : "0",
                 node && ah_attr(node, "highDataChannelPort") ? ah_attr(node, "highDataChannelPort") : "0");
        bad_config(exit_code, FTPSVC_EXIT_BAD_RANGE,
                   "FTPSVC cannot start: data channel range %s is invalid (0-0 or 1025 <= low <= high <= 65535)", shown);
        goto done;
    }
    range->is_default = low == 0;
    range->low = (USHORT)(low ? low : DYNAMIC_LOW);
    range->high = (USHORT)(high ? high : DYNAMIC_HIGH);

    sites = ah_child(root, "system.applicationHost", 0);
    sites = sites ? ah_child(sites, "sites", 0) : NULL;
    site = ftp_site(sites, &port);
    if (!site || !port || port > 65535) {
        bad_config(exit_code, FTPSVC_EXIT_CONFIG, "FTPSVC cannot start: %s", "no site with an ftp binding *:PORT:");
        goto done;
    }
    *control_port = (USHORT)port;
    site_name = ah_attr(site, "name");
    ext = site_external(site);
    if (!ext && sites)
        ext = site_external(ah_child(sites, "siteDefaults", 0));
    if (ext && *ext && !parse_ipv4(ext, external))
        ftplog("externalIp4Address \"%s\" is not an IPv4 address; PASV replies announce the local address", ext);
    ftplog("applicationHost.config: site \"%s\" on port %lu, data channel %u-%u%s, external address %s",
           site_name ? site_name : "?", (unsigned long)port, range->low, range->high,
           range->is_default ? " (0-0: dynamic range)" : "", *external ? ext : "(none)");
    result = TRUE;
done:
    ah_doc_free(doc);
    return result;
}
