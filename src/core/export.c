/* pasvports: export generators (GPO strings, Registry.pol, .cmd, PowerShell).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "pasv/export.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pasv/addr.h"

#define POLICY_ROOT "Software\\Policies\\Microsoft\\WindowsFirewall"
#define REG_SZ_TYPE 1u
#define REG_DWORD_TYPE 4u

void pasv_export_buf_cleanup(pasv_export_buf *buf)
{
    free(buf->data);
    buf->data = NULL;
    buf->len = buf->cap = 0;
}

static bool put(pasv_export_buf *b, const void *data, size_t len)
{
    if (b->len + len > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        unsigned char *p;
        while (cap < b->len + len)
            cap *= 2;
        p = realloc(b->data, cap);
        if (!p)
            return false;
        b->data = p;
        b->cap = cap;
    }
    memcpy(b->data + b->len, data, len);
    b->len += len;
    return true;
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static bool putf(pasv_export_buf *b, const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof(line))
        return false;
    return put(b, line, (size_t)n);
}

/* ---- UTF-16LE for the PReg format ---- */

/* Appends text (UTF-8) as UTF-16LE, with the terminating NUL when nul is true. Invalid
 * sequences become U+FFFD so a bad byte can never shift the record structure. */
static bool put_utf16(pasv_export_buf *b, const char *text, bool nul)
{
    const unsigned char *s = (const unsigned char *)text;
    while (*s) {
        uint32_t cp;
        int extra;
        unsigned char u[4];
        if (*s < 0x80) {
            cp = *s++;
            extra = 0;
        } else if ((*s & 0xE0) == 0xC0) {
            cp = *s++ & 0x1Fu;
            extra = 1;
        } else if ((*s & 0xF0) == 0xE0) {
            cp = *s++ & 0x0Fu;
            extra = 2;
        } else if ((*s & 0xF8) == 0xF0) {
            cp = *s++ & 0x07u;
            extra = 3;
        } else {
            s++;
            cp = 0xFFFD;
            extra = 0;
        }
        for (; extra; extra--) {
            if ((*s & 0xC0) != 0x80) {
                cp = 0xFFFD;
                break;
            }
            cp = (cp << 6) | (*s++ & 0x3Fu);
        }
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            cp = 0xFFFD;
        if (cp >= 0x10000) {
            uint32_t v = cp - 0x10000, hi = 0xD800 | (v >> 10), lo = 0xDC00 | (v & 0x3FF);
            u[0] = (unsigned char)hi;
            u[1] = (unsigned char)(hi >> 8);
            u[2] = (unsigned char)lo;
            u[3] = (unsigned char)(lo >> 8);
            if (!put(b, u, 4))
                return false;
        } else {
            u[0] = (unsigned char)cp;
            u[1] = (unsigned char)(cp >> 8);
            if (!put(b, u, 2))
                return false;
        }
    }
    return nul ? put(b, "\0\0", 2) : true;
}

static bool put_u32(pasv_export_buf *b, uint32_t v)
{
    unsigned char u[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16), (unsigned char)(v >> 24)};
    return put(b, u, 4);
}

/* Size in bytes of text as UTF-16LE with its NUL. */
static uint32_t utf16_size(const char *text)
{
    pasv_export_buf tmp = {0};
    uint32_t n;
    if (!put_utf16(&tmp, text, true)) {
        pasv_export_buf_cleanup(&tmp);
        return 0;
    }
    n = (uint32_t)tmp.len;
    pasv_export_buf_cleanup(&tmp);
    return n;
}

static bool pol_entry(pasv_export_buf *b, const char *key, const char *value, uint32_t type, const void *data,
                      uint32_t size, const char *sz)
{
    if (!put_utf16(b, "[", false) || !put_utf16(b, key, true) || !put_utf16(b, ";", false) ||
        !put_utf16(b, value, true) || !put_utf16(b, ";", false) || !put_u32(b, type) || !put_utf16(b, ";", false))
        return false;
    if (sz) {
        size = utf16_size(sz);
        if (!size || !put_u32(b, size) || !put_utf16(b, ";", false) || !put_utf16(b, sz, true))
            return false;
    } else if (!put_u32(b, size) || !put_utf16(b, ";", false) || !put(b, data, size)) {
        return false;
    }
    return put_utf16(b, "]", false);
}

/* ---- shared pieces ---- */

static const char *prefix_of(const pasv_export_options *opt)
{
    return opt->prefix && *opt->prefix ? opt->prefix : PASV_DEFAULT_PREFIX;
}

/* The next item of a comma-separated address list (canonical: no blanks, no empty items):
 * [*item, *item + *len), *at moved past it. false at the end. */
static bool next_item(const char **at, const char **item, size_t *len)
{
    const char *end;

    if (!*at || !**at)
        return false;
    end = strchr(*at, ',');
    *item = *at;
    *len = end ? (size_t)(end - *at) : strlen(*at);
    *at = end ? end + 1 : *at + *len;
    return true;
}

/* The scope field of a GP port exception string and of "netsh firewall" (the XP/2003 firewall,
 * INetFwOpenPort::RemoteAddresses syntax): "*", "localsubnet" or the custom list's items that
 * firewall can hold (IPv4 addresses and subnets; an IPv6 item would also break the
 * colon-separated GP string). false when a custom list has no such item. */
static bool legacy_scope(const pasv_export_options *opt, char *buf, size_t cap)
{
    const char *at = opt->remote, *start;
    size_t len, used = 0;

    if (opt->scope != PASV_SCOPE_CUSTOM) {
        snprintf(buf, cap, "%s", opt->scope == PASV_SCOPE_SUBNET ? "localsubnet" : "*");
        return true;
    }
    buf[0] = 0;
    while (next_item(&at, &start, &len)) {
        char item[PASV_ADDR_TEXT_MAX], canon[PASV_ADDR_TEXT_MAX];
        pasv_addr_result res;
        if (len >= sizeof(item) || used + len + 2 > cap)
            continue;
        memcpy(item, start, len);
        item[len] = 0;
        if (!pasv_addr_parse(item, PASV_ADDR_LEGACY, canon, sizeof(canon), &res))
            continue;
        used += (size_t)snprintf(buf + used, cap - used, "%s%s", used ? "," : "", item);
    }
    return used > 0;
}

/* A malloc'd formatted string (no length guess: prefixes and address lists can be long), or
 * NULL when memory runs out. */
static char *alloc_printf(const char *fmt, ...)
{
    va_list ap;
    char *buf;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    buf = malloc((size_t)n + 1);
    if (!buf)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(buf, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return buf;
}

static char *gp_string(const pasv_export_options *opt, const char *scope, unsigned port)
{
    return alloc_printf("%u:TCP:%s:enabled:%s%u", port, scope, prefix_of(opt), port);
}

static void range_text(const pasv_range *r, char *buf, size_t cap)
{
    if (!pasv_range_format(r, buf, cap) && cap)
        buf[0] = 0;
}

/* ---- formats ---- */

static pasv_hr build_gpo(const pasv_export_options *opt, pasv_export_buf *out)
{
    char scope[PASV_ADDR_TEXT_MAX];
    unsigned port;

    if (!legacy_scope(opt, scope, sizeof(scope)))
        return PASV_E_INVALIDARG;
    for (port = opt->range.low; port <= opt->range.high; port++) {
        char *line = gp_string(opt, scope, port);
        bool ok = line && put(out, line, strlen(line)) && put(out, "\r\n", 2);
        free(line);
        if (!ok)
            return PASV_E_OUTOFMEMORY;
    }
    return PASV_S_OK;
}

/* The remote-address fields of a rule string (MS-GPFAS 2.2.2.19 "Firewall Rule and the Firewall
 * Rule Grammar Rule",
 * https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-gpfas/2efe0b76-7b4a-41ff-9050-1023f8196d16):
 * each RA4= or RA6= field holds one address, subnet or range, so a list becomes one field per
 * item: "RA6=" for an IPv6 item (the one with a colon), "RA4=" for an IPv4 one; a keyword
 * (LocalSubnet, DNS, ...) means both families and is written as both. */
static bool put_remote_fields(const pasv_export_options *opt, pasv_export_buf *b)
{
    const char *at = opt->remote, *item;
    size_t len;
    bool ok = true;

    if (opt->scope == PASV_SCOPE_SUBNET)
        return put(b, "RA4=LocalSubnet|RA6=LocalSubnet|", 32);
    if (opt->scope != PASV_SCOPE_CUSTOM)
        return true;
    while (ok && next_item(&at, &item, &len)) {
        bool v6 = memchr(item, ':', len) != NULL;
        bool v4 = !v6 && memchr(item, '.', len) != NULL;
        if (!v6)
            ok = put(b, "RA4=", 4) && put(b, item, len) && put(b, "|", 1);
        if (ok && !v4)
            ok = put(b, "RA6=", 4) && put(b, item, len) && put(b, "|", 1);
    }
    return ok;
}

static char *rule_string(const pasv_export_options *opt)
{
    char ports[PASV_RANGE_TEXT_MAX];
    pasv_export_buf ra = {0};
    char *text;

    range_text(&opt->range, ports, sizeof(ports));
    if (!put_remote_fields(opt, &ra) || !put(&ra, "", 1)) {
        pasv_export_buf_cleanup(&ra);
        return NULL;
    }
    text = alloc_printf("v2.10|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=%s|%sName=%s %s|Desc=FTP "
                        "passive data ports (pasvports)|EmbedCtxt=%s|",
                        ports, (const char *)ra.data, prefix_of(opt), ports, PASV_RULE_GROUPING);
    pasv_export_buf_cleanup(&ra);
    return text;
}

/* The registry value name of the Vista+ rule: its rule ID (MS-GPFAS 2.2.2.19: "the wszRuleId field
 * of the FW_RULE structure ... is instead represented by the name of the registry value"). */
static void rule_id(const pasv_export_options *opt, char *buf, size_t cap)
{
    char ports[PASV_RANGE_TEXT_MAX];

    range_text(&opt->range, ports, sizeof(ports));
    snprintf(buf, cap, "pasvports-%s", ports);
}

/* IIS 7+ runs on Vista or later, whose firewall takes Group Policy rules as values under
 * Software\Policies\Microsoft\WindowsFirewall\FirewallRules ([MS-GPFAS] 2.2.2.19 "Firewall Rule
 * and the Firewall Rule Grammar Rule",
 * https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-gpfas/2efe0b76-7b4a-41ff-9050-1023f8196d16):
 * one REG_SZ value, named by the rule ID, holding the rule string. No GloballyOpenPorts: that is
 * the XP/2003 firewall's per-port list. */
static pasv_hr build_pol_vista(const pasv_export_options *opt, pasv_export_buf *out)
{
    char name[32];
    char *text = rule_string(opt);
    bool ok;

    rule_id(opt, name, sizeof(name));
    ok = text && put(out, "PReg", 4) && put_u32(out, 1) &&
         pol_entry(out, POLICY_ROOT "\\FirewallRules", name, REG_SZ_TYPE, NULL, 0, text);
    free(text);
    return ok ? PASV_S_OK : PASV_E_OUTOFMEMORY;
}

/* The same rule for a person at the Group Policy Management Editor: where it goes, the settings
 * of the New Inbound Rule Wizard, then the value Registry.pol carries. */
static pasv_hr build_gpo_vista(const pasv_export_options *opt, pasv_export_buf *out)
{
    char ports[PASV_RANGE_TEXT_MAX], name[32];
    char *text = rule_string(opt);
    bool ok = text != NULL;

    range_text(&opt->range, ports, sizeof(ports));
    rule_id(opt, name, sizeof(name));
    ok = ok && putf(out, "FTP passive ports %s for IIS 7 and later: one inbound Windows Firewall rule for Group "
                         "Policy (Windows Vista / Server 2008 and later).\r\n", ports);
    ok = ok && putf(out, "In the Group Policy Management Editor: Computer Configuration > Policies > Windows "
                         "Settings > Security Settings > Windows Defender Firewall with Advanced Security > "
                         "Inbound Rules > New Rule, with these settings:\r\n");
    ok = ok && putf(out, "  Rule Type: Port\r\n  Protocol: TCP, Specific local ports: %s\r\n", ports);
    ok = ok && putf(out, "  Action: Allow the connection\r\n  Profile: Domain, Private, Public\r\n");
    ok = ok && putf(out, "  Name: %s %s\r\n", prefix_of(opt), ports);
    ok = ok && putf(out, "  Scope (in the rule's Properties), remote IP addresses: ");
    if (opt->scope == PASV_SCOPE_SUBNET) {
        ok = ok && putf(out, "Local subnet\r\n");
    } else if (opt->scope == PASV_SCOPE_CUSTOM) {
        ok = ok && put(out, opt->remote, strlen(opt->remote)) && putf(out, "\r\n");
    } else {
        ok = ok && putf(out, "Any IP address\r\n");
    }
    ok = ok && putf(out, "The same rule as the value Registry.pol (pasvctl export --format pol) writes under "
                         "HKLM\\%s\\FirewallRules, name %s, REG_SZ:\r\n", POLICY_ROOT, name);
    ok = ok && put(out, text, strlen(text)) && putf(out, "\r\n");
    free(text);
    return ok ? PASV_S_OK : PASV_E_OUTOFMEMORY;
}

static pasv_hr build_pol(const pasv_export_options *opt, pasv_export_buf *out)
{
    static const char *const profiles[] = {"DomainProfile", "StandardProfile"};
    const uint32_t one = 1;
    char key[160], name[32], scope[PASV_ADDR_TEXT_MAX];
    char *text;
    size_t p;
    unsigned port;
    bool ok;

    if (!legacy_scope(opt, scope, sizeof(scope)))
        return PASV_E_INVALIDARG;
    if (!put(out, "PReg", 4) || !put_u32(out, 1))
        return PASV_E_OUTOFMEMORY;
    for (p = 0; p < 2; p++) {
        snprintf(key, sizeof(key), POLICY_ROOT "\\%s\\GloballyOpenPorts", profiles[p]);
        if (!pol_entry(out, key, "Enabled", REG_DWORD_TYPE, &one, 4, NULL))
            return PASV_E_OUTOFMEMORY;
        snprintf(key, sizeof(key), POLICY_ROOT "\\%s\\GloballyOpenPorts\\List", profiles[p]);
        for (port = opt->range.low; port <= opt->range.high; port++) {
            snprintf(name, sizeof(name), "%u:TCP", port);
            text = gp_string(opt, scope, port);
            ok = text && pol_entry(out, key, name, REG_SZ_TYPE, NULL, 0, text);
            free(text);
            if (!ok)
                return PASV_E_OUTOFMEMORY;
        }
    }
    rule_id(opt, name, sizeof(name));
    text = rule_string(opt);
    ok = text && pol_entry(out, POLICY_ROOT "\\FirewallRules", name, REG_SZ_TYPE, NULL, 0, text);
    free(text);
    return ok ? PASV_S_OK : PASV_E_OUTOFMEMORY;
}

static pasv_hr build_netsh(const pasv_export_options *opt, pasv_export_buf *out)
{
    char ports[PASV_RANGE_TEXT_MAX];
    const char *prefix = prefix_of(opt);
    const char *scope = "scope=ALL", *addresses = "";
    char legacy[PASV_ADDR_TEXT_MAX];
    bool ok = true;

    range_text(&opt->range, ports, sizeof(ports));
    if (!legacy_scope(opt, legacy, sizeof(legacy)))
        return PASV_E_INVALIDARG;
    if (opt->scope == PASV_SCOPE_SUBNET) {
        scope = "scope=SUBNET";
    } else if (opt->scope == PASV_SCOPE_CUSTOM) {
        /* "netsh firewall" is the XP/2003 firewall: its part of the list (see legacy_scope). */
        scope = "scope=CUSTOM addresses=";
        addresses = legacy;
    }

    ok = ok && putf(out, "@echo off\r\n");
    ok = ok && putf(out, "rem FTP passive ports %s for IIS, written by pasvports (pasvctl export --format netsh).\r\n", ports);
    ok = ok && putf(out, "rem Run as an administrator. Opens one Windows Firewall exception per port, named like\r\n");
    ok = ok && putf(out, "rem \"%s%u\", sets the FTP passive port range and restarts the FTP service.\r\n", prefix,
                    (unsigned)opt->range.low);
    ok = ok && putf(out, "setlocal\r\n");
    ok = ok && putf(out, "set PASV_FAILED=0\r\n");
    ok = ok && putf(out, "echo Opening ports %s in Windows Firewall...\r\n", ports);
    /* The seed's loop, with %%I as a .cmd file needs it and the name written exactly as the seed
     * does ("Passive FTP"%%I -> Passive FTP5001), so pasvports recognises these later. */
    /* "if errorlevel" inside a block rather than "|| set": Wine's cmd runs the || branch even
     * after success, and the block form means the same on every Windows. */
    ok = ok && putf(out, "FOR /L %%%%I IN (%u,1,%u) DO (\r\n", (unsigned)opt->range.low, (unsigned)opt->range.high);
    ok = ok && putf(out,
                    "  netsh firewall add portopening protocol=TCP port=%%%%I name=\"%s\"%%%%I mode=ENABLE %s%s "
                    "profile=ALL >nul\r\n",
                    prefix, scope, addresses);
    ok = ok && putf(out, "  if errorlevel 1 set PASV_FAILED=1\r\n)\r\n");
    ok = ok && putf(out, "if \"%%PASV_FAILED%%\"==\"1\" (echo Some ports could not be opened. & exit /b 1)\r\n");
    ok = ok && putf(out, "echo Setting the FTP passive port range to %s...\r\n", ports);
    if (opt->server == PASV_SERVER_IIS5) {
        ok = ok && putf(out,
                        "reg add HKLM\\SYSTEM\\CurrentControlSet\\Services\\MSFTPSVC\\Parameters /v PassivePortRange "
                        "/t REG_SZ /d %s /f >nul\r\n",
                        ports);
    } else {
        ok = ok && putf(out,
                        "cscript //nologo \"%%SystemDrive%%\\Inetpub\\AdminScripts\\adsutil.vbs\" set "
                        "/MSFTPSVC/PassivePortRange \"%s\"\r\n",
                        ports);
    }
    ok = ok && putf(out, "if errorlevel 1 (echo The passive port range could not be set. & exit /b 1)\r\n");
    ok = ok && putf(out, "echo Restarting the FTP service...\r\n");
    ok = ok && putf(out, "net stop msftpsvc\r\n");
    ok = ok && putf(out, "net start msftpsvc\r\n");
    ok = ok && putf(out, "if errorlevel 1 (echo The FTP service did not start. & exit /b 1)\r\n");
    ok = ok && putf(out, "echo Done.\r\n");
    ok = ok && putf(out, "exit /b 0\r\n");
    return ok ? PASV_S_OK : PASV_E_OUTOFMEMORY;
}

/* The site and address an IIS 7+ script writes, checked: a site name goes into appcmd's
 * [name='...'] unquoted (as Microsoft's own examples write it) and into a PowerShell '...' string,
 * so quotes, control characters and cmd.exe/PowerShell syntax characters are refused. */
static bool site_line_ok(const pasv_export_options *opt)
{
    const char *c;

    if (!opt->external_ip && !opt->site && !opt->clear_external)
        return true;
    if (!opt->site || !*opt->site || strlen(opt->site) > 256)
        return false;
    /* Exactly one of: an address to set, the address to clear. */
    if (opt->clear_external ? opt->external_ip != NULL
                            : !opt->external_ip || !*opt->external_ip || strlen(opt->external_ip) > 15)
        return false;
    for (c = opt->site; *c; c++)
        if ((unsigned char)*c < 0x20 || strchr("'\"%&|<>^$`", *c))
            return false;
    for (c = opt->external_ip ? opt->external_ip : ""; *c; c++)
        if (!strchr("0123456789.", *c))
            return false;
    return true;
}

/* The IIS 7+ .cmd: the server-level data channel range and a site's external address through
 * appcmd ("FTP Firewall Support <firewallSupport>",
 * https://learn.microsoft.com/en-us/iis/configuration/system.ftpserver/firewallsupport and, for a
 * site, https://learn.microsoft.com/en-us/iis/configuration/system.applicationhost/sites/site/ftpserver/firewallsupport;
 * "Getting Started with AppCmd.exe",
 * https://learn.microsoft.com/en-us/iis/get-started/getting-started-with-iis/getting-started-with-appcmdexe),
 * and one Windows Firewall with Advanced Security rule for the range ("Use the netsh advfirewall
 * firewall context instead of the netsh firewall context to control Windows Firewall behavior",
 * https://learn.microsoft.com/en-us/troubleshoot/windows-server/networking/netsh-advfirewall-firewall-control-firewall-behavior). */
static pasv_hr build_netsh_iis7(const pasv_export_options *opt, pasv_export_buf *out)
{
    char ports[PASV_RANGE_TEXT_MAX];
    const char *remote = opt->scope == PASV_SCOPE_SUBNET ? "localsubnet"
                       : opt->scope == PASV_SCOPE_CUSTOM ? opt->remote : "any";
    bool ok = true;

    range_text(&opt->range, ports, sizeof(ports));
    ok = ok && putf(out, "@echo off\r\n");
    ok = ok && putf(out, "rem FTP passive ports %s for IIS 7 and later (Microsoft FTP Service), written by pasvports\r\n", ports);
    ok = ok && putf(out, "rem (pasvctl export --format netsh). Run as an administrator. Opens the range in Windows\r\n");
    ok = ok && putf(out, "rem Firewall, sets the FTP server's data channel range and restarts the FTP service.\r\n");
    ok = ok && putf(out, "setlocal\r\n");
    ok = ok && putf(out, "echo Opening ports %s in Windows Firewall...\r\n", ports);
    ok = ok && putf(out,
                    "netsh advfirewall firewall add rule name=\"%s %s\" dir=in action=allow protocol=TCP "
                    "localport=%s remoteip=%s profile=any >nul\r\n",
                    prefix_of(opt), ports, ports, remote);
    ok = ok && putf(out, "if errorlevel 1 (echo The firewall rule could not be added. & exit /b 1)\r\n");
    ok = ok && putf(out, "echo Setting the FTP data channel range to %s...\r\n", ports);
    ok = ok && putf(out,
                    "%%windir%%\\system32\\inetsrv\\appcmd.exe set config -section:system.ftpServer/firewallSupport "
                    "/lowDataChannelPort:%u /highDataChannelPort:%u /commit:apphost\r\n",
                    (unsigned)opt->range.low, (unsigned)opt->range.high);
    ok = ok && putf(out, "if errorlevel 1 (echo The data channel range could not be set. & exit /b 1)\r\n");
    if (opt->external_ip) {
        ok = ok && putf(out, "echo Setting the external address of FTP site %s to %s...\r\n", opt->site, opt->external_ip);
        ok = ok && putf(out,
                        "%%windir%%\\system32\\inetsrv\\appcmd.exe set config -section:system.applicationHost/sites "
                        "/[name='%s'].ftpServer.firewallSupport.externalIp4Address:%s /commit:apphost\r\n",
                        opt->site, opt->external_ip);
        ok = ok && putf(out, "if errorlevel 1 (echo The external address could not be set. & exit /b 1)\r\n");
    } else if (opt->clear_external) {
        /* appcmd has no verb that removes one attribute; the empty value is the schema's "no
         * default value" (firewallSupport for a site, IIS Settings Schema,
         * https://learn.microsoft.com/en-us/previous-versions/iis/settings-schema/ff713760(v=vs.90)),
         * so the 227 reply announces the server's own address again, as after pasvctl apply
         * --external-ip none. */
        ok = ok && putf(out, "echo Clearing the external address of FTP site %s...\r\n", opt->site);
        ok = ok && putf(out,
                        "%%windir%%\\system32\\inetsrv\\appcmd.exe set config -section:system.applicationHost/sites "
                        "/[name='%s'].ftpServer.firewallSupport.externalIp4Address:\"\" /commit:apphost\r\n",
                        opt->site);
        ok = ok && putf(out, "if errorlevel 1 (echo The external address could not be cleared. & exit /b 1)\r\n");
    }
    ok = ok && putf(out, "echo Restarting the FTP service...\r\n");
    ok = ok && putf(out, "net stop ftpsvc\r\n");
    ok = ok && putf(out, "net start ftpsvc\r\n");
    ok = ok && putf(out, "if errorlevel 1 (echo The FTP service did not start. & exit /b 1)\r\n");
    ok = ok && putf(out, "echo Done.\r\n");
    ok = ok && putf(out, "exit /b 0\r\n");
    return ok ? PASV_S_OK : PASV_E_OUTOFMEMORY;
}

/* PowerShell single-quoted string: only ' needs doubling (the prefix refuses it anyway). */
static pasv_hr build_powershell(const pasv_export_options *opt, pasv_export_buf *out)
{
    char ports[PASV_RANGE_TEXT_MAX];
    const char *prefix = prefix_of(opt);
    bool ok = true;

    range_text(&opt->range, ports, sizeof(ports));
    ok = ok && putf(out, "# FTP passive ports %s for IIS, written by pasvports (pasvctl export --format powershell).\r\n", ports);
    ok = ok && putf(out, "# Run in an elevated PowerShell (Windows Server 2012 or later for New-NetFirewallRule).\r\n");
    ok = ok && putf(out, "#Requires -RunAsAdministrator\r\n");
    ok = ok && putf(out, "$ErrorActionPreference = 'Stop'\r\n");
    ok = ok && putf(out, "$ruleName = '%s %s'\r\n", prefix, ports);
    ok = ok && putf(out, "Get-NetFirewallRule -DisplayName $ruleName -ErrorAction SilentlyContinue | Remove-NetFirewallRule\r\n");
    ok = ok && putf(out,
                    "New-NetFirewallRule -DisplayName $ruleName -Group '%s' -Direction Inbound -Action Allow "
                    "-Protocol TCP -LocalPort %s -RemoteAddress ",
                    PASV_RULE_GROUPING, ports);
    if (opt->scope == PASV_SCOPE_SUBNET) {
        ok = ok && putf(out, "LocalSubnet");
    } else if (opt->scope == PASV_SCOPE_CUSTOM) {
        /* 'a','b': one quoted string per address */
        const char *s;

        ok = ok && put(out, "'", 1);
        for (s = opt->remote; ok && *s; s++)
            ok = *s == ',' ? put(out, "','", 3) : put(out, s, 1);
        ok = ok && put(out, "'", 1);
    } else {
        ok = ok && putf(out, "Any");
    }
    ok = ok && putf(out, " -Profile Any | Out-Null\r\n");
    if (opt->server == PASV_SERVER_IIS7) {
        ok = ok && putf(out, "Import-Module WebAdministration\r\n");
        ok = ok && putf(out,
                        "Set-WebConfigurationProperty -PSPath 'MACHINE/WEBROOT/APPHOST' -Filter "
                        "'system.ftpServer/firewallSupport' -Name 'lowDataChannelPort' -Value %u\r\n",
                        (unsigned)opt->range.low);
        ok = ok && putf(out,
                        "Set-WebConfigurationProperty -PSPath 'MACHINE/WEBROOT/APPHOST' -Filter "
                        "'system.ftpServer/firewallSupport' -Name 'highDataChannelPort' -Value %u\r\n",
                        (unsigned)opt->range.high);
        /* The same settings as the .cmd (see build_netsh_iis7 for the configuration reference). */
        if (opt->external_ip)
            ok = ok && putf(out,
                            "Set-WebConfigurationProperty -PSPath 'MACHINE/WEBROOT/APPHOST' -Filter "
                            "'system.applicationHost/sites/site[@name=\"%s\"]/ftpServer/firewallSupport' -Name "
                            "'externalIp4Address' -Value '%s'\r\n",
                            opt->site, opt->external_ip);
        /* Removes the attribute, as pasvctl apply --external-ip none does (IAppHostProperty::Clear):
         * "Clear-WebConfiguration", example "Remove a configuration property",
         * https://learn.microsoft.com/en-us/powershell/module/webadministration/clear-webconfiguration */
        if (opt->clear_external)
            ok = ok && putf(out,
                            "Clear-WebConfiguration -PSPath 'MACHINE/WEBROOT/APPHOST' -Filter "
                            "'system.applicationHost/sites/site[@name=\"%s\"]/ftpServer/firewallSupport/"
                            "@externalIp4Address'\r\n",
                            opt->site);
        ok = ok && putf(out, "Restart-Service -Name 'ftpsvc'\r\n");
    } else if (opt->server == PASV_SERVER_IIS5) {
        ok = ok && putf(out,
                        "Set-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\MSFTPSVC\\Parameters' "
                        "-Name 'PassivePortRange' -Value '%s' -Type String\r\n",
                        ports);
        ok = ok && putf(out, "Restart-Service -Name 'MSFTPSVC'\r\n");
    } else {
        ok = ok && putf(out,
                        "& cscript.exe //nologo \"$env:SystemDrive\\Inetpub\\AdminScripts\\adsutil.vbs\" set "
                        "/MSFTPSVC/PassivePortRange '%s'\r\n",
                        ports);
        ok = ok && putf(out, "if ($LASTEXITCODE -ne 0) { throw 'The passive port range could not be set.' }\r\n");
        ok = ok && putf(out, "Restart-Service -Name 'MSFTPSVC'\r\n");
    }
    ok = ok && putf(out, "Write-Output 'Done.'\r\n");
    return ok ? PASV_S_OK : PASV_E_OUTOFMEMORY;
}

pasv_hr pasv_export_build(pasv_export_format fmt, const pasv_export_options *opt, pasv_export_buf *out)
{
    if (!opt || opt->range.low == 0 || opt->range.high < opt->range.low)
        return PASV_E_INVALIDARG;
    if (opt->scope == PASV_SCOPE_CUSTOM && (!opt->remote || !*opt->remote))
        return PASV_E_INVALIDARG;
    if ((opt->external_ip || opt->site || opt->clear_external) &&
        (opt->server != PASV_SERVER_IIS7 || !site_line_ok(opt)))
        return PASV_E_INVALIDARG;
    if (opt->server == PASV_SERVER_IIS7) {
        if (fmt == PASV_EXPORT_NETSH)
            return build_netsh_iis7(opt, out);
        if (fmt == PASV_EXPORT_POL)
            return build_pol_vista(opt, out);
        if (fmt == PASV_EXPORT_GPO)
            return build_gpo_vista(opt, out);
    }
    switch (fmt) {
    case PASV_EXPORT_GPO: return build_gpo(opt, out);
    case PASV_EXPORT_POL: return build_pol(opt, out);
    case PASV_EXPORT_NETSH: return build_netsh(opt, out);
    case PASV_EXPORT_POWERSHELL: return build_powershell(opt, out);
    default: return PASV_E_INVALIDARG;
    }
}

void pasv_export_default_name(pasv_export_format fmt, const pasv_range *range, char *buf, size_t cap)
{
    char ports[PASV_RANGE_TEXT_MAX];
    const char *ext = fmt == PASV_EXPORT_POL ? "Registry.pol"
                    : fmt == PASV_EXPORT_NETSH ? ".cmd"
                    : fmt == PASV_EXPORT_POWERSHELL ? ".ps1" : NULL;
    if (!cap)
        return;
    buf[0] = 0;
    if (!ext)
        return;
    if (fmt == PASV_EXPORT_POL) {
        snprintf(buf, cap, "%s", ext);
        return;
    }
    range_text(range, ports, sizeof(ports));
    snprintf(buf, cap, "pasvports-%s%s", ports, ext);
}
