/* pasvports unit tests: export generators (GPO strings, Registry.pol bytes, .cmd, PowerShell).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * The Registry.pol is walked here by an independent reader of the PReg layout; tests/cli also
 * feeds a generated file to Samba's parser. */
#include <stdio.h>
#include <string.h>

#include "pasv/export.h"
#include "pasv/firewall.h"
#include "testlib.h"

static pasv_export_options opts(uint16_t low, uint16_t high)
{
    pasv_export_options o;
    memset(&o, 0, sizeof(o));
    o.range.low = low;
    o.range.high = high;
    o.server = PASV_SERVER_IIS6;
    o.scope = PASV_SCOPE_ANY;
    return o;
}

static char *text_of(pasv_export_format fmt, const pasv_export_options *o)
{
    pasv_export_buf b = {0};
    pasv_hr hr = pasv_export_build(fmt, o, &b);
    char *s;
    ok(hr == PASV_S_OK, "build format %d: 0x%08x", fmt, (unsigned)hr);
    s = malloc(b.len + 1);
    memcpy(s, b.data ? (const char *)b.data : "", b.len);
    s[b.len] = 0;
    pasv_export_buf_cleanup(&b);
    return s;
}

static unsigned count_lines(const char *s)
{
    unsigned n = 0;
    for (; *s; s++)
        if (*s == '\n')
            n++;
    return n;
}

static void test_gpo(void)
{
    pasv_export_options o = opts(5001, 5201);
    char *s = text_of(PASV_EXPORT_GPO, &o);
    ok(count_lines(s) == 201, "201 lines for 5001-5201: %u", count_lines(s));
    ok(!strncmp(s, "5001:TCP:*:enabled:Passive FTP5001\r\n", 36), "first line: %.40s", s);
    ok(strstr(s, "\r\n5201:TCP:*:enabled:Passive FTP5201\r\n") != NULL, "last line");
    free(s);

    o = opts(6000, 6000);
    o.scope = PASV_SCOPE_SUBNET;
    o.prefix = "Data";
    s = text_of(PASV_EXPORT_GPO, &o);
    ok(!strcmp(s, "6000:TCP:localsubnet:enabled:Data6000\r\n"), "subnet, prefix: \"%s\"", s);
    free(s);

    o.scope = PASV_SCOPE_CUSTOM;
    o.remote = "10.0.0.0/8,192.168.1.5";
    s = text_of(PASV_EXPORT_GPO, &o);
    ok(!strcmp(s, "6000:TCP:10.0.0.0/8,192.168.1.5:enabled:Data6000\r\n"), "custom: \"%s\"", s);
    free(s);
}

/* An independent PReg walker: returns the number of entries, or -1 when malformed. */
typedef struct pol_seen {
    unsigned enabled, list_domain, list_standard, rules;
    int first_ok, rule_ok;
} pol_seen;

static size_t u16_to_ascii(const unsigned char *p, size_t avail, char *out, size_t cap)
{
    size_t i = 0;
    while (i + 1 < avail) {
        unsigned c = p[i] | (p[i + 1] << 8);
        i += 2;
        if (!c) {
            *out = 0;
            return i;
        }
        if (cap > 1) {
            *out++ = c < 128 ? (char)c : '?';
            cap--;
        }
    }
    return 0;
}

static int walk_pol(const unsigned char *d, size_t len, pol_seen *seen)
{
    size_t i = 8;
    int n = 0;
    memset(seen, 0, sizeof(*seen));
    if (len < 8 || memcmp(d, "PReg", 4) || d[4] != 1 || d[5] || d[6] || d[7])
        return -1;
    while (i < len) {
        char key[256], value[64], data[512];
        size_t used;
        unsigned type, size;
        if (i + 2 > len || d[i] != '[' || d[i + 1])
            return -1;
        i += 2;
        if (!(used = u16_to_ascii(d + i, len - i, key, sizeof(key))))
            return -1;
        i += used;
        if (d[i] != ';' || d[i + 1])
            return -1;
        i += 2;
        if (!(used = u16_to_ascii(d + i, len - i, value, sizeof(value))))
            return -1;
        i += used;
        if (d[i] != ';' || d[i + 1])
            return -1;
        i += 2;
        type = d[i] | d[i + 1] << 8 | d[i + 2] << 16 | (unsigned)d[i + 3] << 24;
        i += 4;
        if (d[i] != ';' || d[i + 1])
            return -1;
        i += 2;
        size = d[i] | d[i + 1] << 8 | d[i + 2] << 16 | (unsigned)d[i + 3] << 24;
        i += 4;
        if (d[i] != ';' || d[i + 1])
            return -1;
        i += 2;
        if (i + size + 2 > len)
            return -1;
        data[0] = 0;
        if (type == 1 && !u16_to_ascii(d + i, size, data, sizeof(data)))
            return -1;
        if (type == 4 && !strcmp(value, "Enabled") && size == 4 && d[i] == 1)
            seen->enabled++;
        if (type == 1 && strstr(key, "DomainProfile\\GloballyOpenPorts\\List"))
            seen->list_domain++;
        if (type == 1 && strstr(key, "StandardProfile\\GloballyOpenPorts\\List")) {
            seen->list_standard++;
            if (!strcmp(value, "5001:TCP") && !strcmp(data, "5001:TCP:*:enabled:Passive FTP5001"))
                seen->first_ok = 1;
        }
        if (type == 1 && !strcmp(key, "Software\\Policies\\Microsoft\\WindowsFirewall\\FirewallRules")) {
            seen->rules++;
            seen->rule_ok = strstr(data, "LPort=5001-5010|") && strstr(data, "Protocol=6|") &&
                            strstr(data, "Dir=In|") && strstr(data, "Action=Allow|");
        }
        i += size;
        if (d[i] != ']' || d[i + 1])
            return -1;
        i += 2;
        n++;
    }
    return n;
}

static void test_pol(void)
{
    pasv_export_options o = opts(5001, 5010);
    pasv_export_buf b = {0};
    pol_seen seen;
    int n;

    ok(pasv_export_build(PASV_EXPORT_POL, &o, &b) == PASV_S_OK, "pol build");
    n = walk_pol(b.data, b.len, &seen);
    ok(n == 2 + 20 + 1, "entries: %d (2 Enabled + 2x10 ports + 1 rule)", n);
    ok(seen.enabled == 2 && seen.list_domain == 10 && seen.list_standard == 10 && seen.rules == 1,
       "enabled %u domain %u standard %u rules %u", seen.enabled, seen.list_domain, seen.list_standard, seen.rules);
    ok(seen.first_ok, "5001:TCP = the GP string");
    ok(seen.rule_ok, "Vista+ rule string");
    pasv_export_buf_cleanup(&b);

    /* Non-ASCII prefix: encoded as UTF-16 (walker maps it to '?'), structure intact. */
    o.prefix = "P\xc3\xa4ssiv \xf0\x9f\x93\x81";
    ok(pasv_export_build(PASV_EXPORT_POL, &o, &b) == PASV_S_OK, "pol build, non-ASCII prefix");
    ok(walk_pol(b.data, b.len, &seen) == 23, "non-ASCII prefix still well-formed");
    pasv_export_buf_cleanup(&b);

    /* A broken UTF-8 byte must not shift the records. */
    o.prefix = "bad\xff\xc3";
    ok(pasv_export_build(PASV_EXPORT_POL, &o, &b) == PASV_S_OK && walk_pol(b.data, b.len, &seen) == 23,
       "invalid UTF-8 prefix still well-formed");
    pasv_export_buf_cleanup(&b);
}

static void test_netsh(void)
{
    pasv_export_options o = opts(5001, 5201);
    char *s = text_of(PASV_EXPORT_NETSH, &o);
    ok(strstr(s, "FOR /L %%I IN (5001,1,5201) DO (\r\n  netsh firewall add portopening protocol=TCP port=%%I "
                 "name=\"Passive FTP\"%%I mode=ENABLE scope=ALL profile=ALL >nul\r\n  if errorlevel 1 set "
                 "PASV_FAILED=1\r\n)\r\n") != NULL,
       "the seed's loop with %%%%I: %s", s);
    ok(strstr(s, "adsutil.vbs\" set /MSFTPSVC/PassivePortRange \"5001-5201\"") != NULL, "adsutil line");
    ok(strstr(s, "net stop msftpsvc\r\nnet start msftpsvc\r\n") != NULL, "restart");
    ok(!strstr(s, "\n\n") && !strstr(s, "\r\r"), "CRLF only");
    free(s);

    o.server = PASV_SERVER_IIS5;
    o.scope = PASV_SCOPE_CUSTOM;
    o.remote = "10.0.0.1";
    s = text_of(PASV_EXPORT_NETSH, &o);
    ok(strstr(s, "scope=CUSTOM addresses=10.0.0.1 ") != NULL, "custom scope");
    ok(strstr(s, "reg add HKLM\\SYSTEM\\CurrentControlSet\\Services\\MSFTPSVC\\Parameters /v PassivePortRange "
                 "/t REG_SZ /d 5001-5201 /f") != NULL,
       "IIS 5 registry");
    ok(!strstr(s, "adsutil"), "no adsutil for IIS 5");
    free(s);
}

static void test_powershell(void)
{
    pasv_export_options o = opts(5001, 5201);
    char *s = text_of(PASV_EXPORT_POWERSHELL, &o);
    const char *p;
    int quotes = 0, parens = 0, braces = 0;

    ok(strstr(s, "New-NetFirewallRule -DisplayName $ruleName -Group 'FTP Passive Ports' -Direction Inbound "
                 "-Action Allow -Protocol TCP -LocalPort 5001-5201 -RemoteAddress Any -Profile Any") != NULL,
       "rule: %s", s);
    ok(strstr(s, "set /MSFTPSVC/PassivePortRange '5001-5201'") != NULL, "IIS 6 setting");
    {
        /* The exported rule and the one pasvctl writes carry the same name. */
        char name[PASV_FW_RULE_NAME_CAP], line[PASV_FW_RULE_NAME_CAP + 32];

        ok(pasv_fw_rule_name(NULL, &o.range, name, sizeof(name)), "rule name");
        snprintf(line, sizeof(line), "$ruleName = '%s'", name);
        ok(strstr(s, line) != NULL, "export names the rule as the engine does: %s", line);
    }
    ok(strstr(s, "Restart-Service -Name 'MSFTPSVC'") != NULL, "restart");
    for (p = s; *p; p++) {
        if (*p == '\'')
            quotes++;
        parens += *p == '(' ? 1 : *p == ')' ? -1 : 0;
        braces += *p == '{' ? 1 : *p == '}' ? -1 : 0;
    }
    ok(quotes % 2 == 0 && parens == 0 && braces == 0, "balanced: quotes %d parens %d braces %d", quotes, parens, braces);
    free(s);

    o.scope = PASV_SCOPE_CUSTOM;
    o.remote = "10.0.0.1,10.0.0.2";
    o.server = PASV_SERVER_IIS7;
    s = text_of(PASV_EXPORT_POWERSHELL, &o);
    ok(strstr(s, "-RemoteAddress '10.0.0.1','10.0.0.2' ") != NULL, "custom addresses quoted one by one");
    ok(strstr(s, "'lowDataChannelPort' -Value 5001") && strstr(s, "'highDataChannelPort' -Value 5201") &&
           strstr(s, "Restart-Service -Name 'ftpsvc'"),
       "IIS 7 settings");
    free(s);
}

/* A list of IPv4 and IPv6 items: the rule string gives each its own RA4= or RA6= field (MS-GPFAS
 * 2.2.2.19), the XP/2003 forms keep only what that firewall can hold. */
static void mixed_address_list_is_split_into_ra4_and_ra6_fields(void)
{
    pasv_export_options o = opts(5001, 5002);
    pasv_export_buf b = {0};
    char *s;

    o.scope = PASV_SCOPE_CUSTOM;
    o.remote = "10.0.0.0/8,2001:db8::/32,192.168.1.5,DNS,fe80::1-fe80::9";
    s = text_of(PASV_EXPORT_GPO, &o);
    ok(!strcmp(s, "5001:TCP:10.0.0.0/8,192.168.1.5:enabled:Passive FTP5001\r\n"
                  "5002:TCP:10.0.0.0/8,192.168.1.5:enabled:Passive FTP5002\r\n"),
       "GP strings: the IPv4 items only, colon fields intact: %s", s);
    free(s);
    s = text_of(PASV_EXPORT_NETSH, &o);
    ok(strstr(s, "scope=CUSTOM addresses=10.0.0.0/8,192.168.1.5 profile=ALL") != NULL, "netsh firewall: IPv4 items");
    free(s);
    s = text_of(PASV_EXPORT_POWERSHELL, &o);
    ok(strstr(s, "-RemoteAddress '10.0.0.0/8','2001:db8::/32','192.168.1.5','DNS','fe80::1-fe80::9' -Profile") != NULL,
       "PowerShell: every item, one string each");
    free(s);
    ok(pasv_export_build(PASV_EXPORT_POL, &o, &b) == PASV_S_OK, "pol build, mixed list");
    {
        /* The rule string is UTF-16LE in the file: narrow it back (ASCII only here). */
        char *narrow = calloc(1, b.len / 2 + 1);
        size_t i;
        for (i = 0; i + 1 < b.len; i += 2)
            narrow[i / 2] = b.data[i] && !b.data[i + 1] ? (char)b.data[i] : '\n';
        ok(strstr(narrow, "|LPort=5001-5002|RA4=10.0.0.0/8|RA6=2001:db8::/32|RA4=192.168.1.5|RA4=DNS|RA6=DNS|"
                          "RA6=fe80::1-fe80::9|Name=") != NULL,
           "rule string: one RA4=/RA6= field per item");
        ok(!strstr(narrow, "RA6=10.0.0.0") && !strstr(narrow, ",2001"), "no IPv4 item under RA6, no comma list");
        ok(strstr(narrow, "10.0.0.0/8,192.168.1.5:enabled:") != NULL, "GloballyOpenPorts: the IPv4 items");
        free(narrow);
    }
    pasv_export_buf_cleanup(&b);

    o.remote = "2001:db8::/32";
    ok(pasv_export_build(PASV_EXPORT_GPO, &o, &b) == PASV_E_INVALIDARG && b.len == 0,
       "GP strings: an IPv6-only list cannot be written for XP/2003");
    ok(pasv_export_build(PASV_EXPORT_POWERSHELL, &o, &b) == PASV_S_OK, "PowerShell: an IPv6-only list is fine");
    pasv_export_buf_cleanup(&b);
}

/* IIS 7+: appcmd for the server range (/commit:apphost), one advfirewall rule for the range, the
 * site's external address only when one is given, FTPSVC restarted; no XP-era netsh firewall. */
static void iis7_cmd_writes_appcmd_advfirewall_and_the_site_address(void)
{
    pasv_export_options o = opts(5001, 5201);
    char *s;

    o.server = PASV_SERVER_IIS7;
    s = text_of(PASV_EXPORT_NETSH, &o);
    ok(strstr(s, "\r\n%windir%\\system32\\inetsrv\\appcmd.exe set config -section:system.ftpServer/firewallSupport "
                 "/lowDataChannelPort:5001 /highDataChannelPort:5201 /commit:apphost\r\n") != NULL,
       "appcmd server range: %s", s);
    ok(strstr(s, "\r\nnetsh advfirewall firewall add rule name=\"Passive FTP 5001-5201\" dir=in action=allow "
                 "protocol=TCP localport=5001-5201 remoteip=any profile=any >nul\r\n") != NULL,
       "one advfirewall rule for the range: %s", s);
    ok(!strstr(s, "portopening") && !strstr(s, "FOR /L") && !strstr(s, "adsutil"), "no netsh firewall, no adsutil");
    ok(!strstr(s, "externalIp4Address"), "no site line without an external address");
    ok(strstr(s, "\r\nnet stop ftpsvc\r\nnet start ftpsvc\r\n") != NULL, "FTPSVC restarted");
    free(s);

    o.site = "Default FTP Site";
    o.external_ip = "203.0.113.7";
    o.scope = PASV_SCOPE_CUSTOM;
    o.remote = "10.0.0.0/8,2001:db8::/32";
    s = text_of(PASV_EXPORT_NETSH, &o);
    ok(strstr(s, "\r\n%windir%\\system32\\inetsrv\\appcmd.exe set config -section:system.applicationHost/sites "
                 "/[name='Default FTP Site'].ftpServer.firewallSupport.externalIp4Address:203.0.113.7 "
                 "/commit:apphost\r\n") != NULL,
       "appcmd site line: %s", s);
    ok(strstr(s, " remoteip=10.0.0.0/8,2001:db8::/32 ") != NULL, "advfirewall takes both families");
    ok(strstr(s, "lowDataChannelPort") < strstr(s, "externalIp4Address") &&
           strstr(s, "externalIp4Address") < strstr(s, "net stop ftpsvc"),
       "range, then the site, then the restart");
    free(s);

    s = text_of(PASV_EXPORT_POWERSHELL, &o);
    ok(strstr(s, "\r\nSet-WebConfigurationProperty -PSPath 'MACHINE/WEBROOT/APPHOST' -Filter "
                 "'system.applicationHost/sites/site[@name=\"Default FTP Site\"]/ftpServer/firewallSupport' "
                 "-Name 'externalIp4Address' -Value '203.0.113.7'\r\nRestart-Service -Name 'ftpsvc'\r\n") != NULL,
       "PowerShell site line before the restart: %s", s);
    ok(strstr(s, "New-NetFirewallRule -DisplayName $ruleName") != NULL, "PowerShell rule");
    free(s);
}

/* Site names and addresses the scripts cannot carry are refused, with nothing written. */
static void iis7_unwritable_site_or_address_is_refused(void)
{
    static const struct {
        const char *site, *ip;
        pasv_server_kind server;
        const char *why;
    } cases[] = {
        {"It's mine", "203.0.113.7", PASV_SERVER_IIS7, "a quote in the name"},
        {"a\"b", "203.0.113.7", PASV_SERVER_IIS7, "a double quote"},
        {"100%", "203.0.113.7", PASV_SERVER_IIS7, "a percent sign"},
        {"a&b", "203.0.113.7", PASV_SERVER_IIS7, "cmd's &"},
        {"$env:x", "203.0.113.7", PASV_SERVER_IIS7, "PowerShell's $"},
        {"a\tb", "203.0.113.7", PASV_SERVER_IIS7, "a control character"},
        {"", "203.0.113.7", PASV_SERVER_IIS7, "an empty name"},
        {NULL, "203.0.113.7", PASV_SERVER_IIS7, "an address without a site"},
        {"Default FTP Site", NULL, PASV_SERVER_IIS7, "a site without an address"},
        {"Default FTP Site", "203.0.113.7 & x", PASV_SERVER_IIS7, "an address that is not dotted digits"},
        {"Default FTP Site", "", PASV_SERVER_IIS7, "an empty address"},
        {"Default FTP Site", "203.0.113.7", PASV_SERVER_IIS6, "a site address for IIS 6"},
    };
    size_t i;
    int f;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        for (f = PASV_EXPORT_NETSH; f <= PASV_EXPORT_POWERSHELL; f++) {
            pasv_export_options o = opts(5001, 5201);
            pasv_export_buf b = {0};
            o.server = cases[i].server;
            o.site = cases[i].site;
            o.external_ip = cases[i].ip;
            ok(pasv_export_build((pasv_export_format)f, &o, &b) == PASV_E_INVALIDARG && b.len == 0,
               "format %d, %s: refused, nothing written", f, cases[i].why);
            pasv_export_buf_cleanup(&b);
        }
}

/* --external-ip none: each IIS 7+ script clears the site's address (the empty value pasvctl
 * apply --external-ip none writes), after the range and before the restart. */
static void iis7_scripts_clear_the_site_address_for_external_ip_none(void)
{
    static const struct {
        pasv_export_format fmt;
        const char *line;
    } cases[] = {
        {PASV_EXPORT_NETSH,
         "\r\n%windir%\\system32\\inetsrv\\appcmd.exe set config -section:system.applicationHost/sites "
         "/[name='Default FTP Site'].ftpServer.firewallSupport.externalIp4Address:\"\" /commit:apphost\r\n"
         "if errorlevel 1 (echo The external address could not be cleared. & exit /b 1)\r\n"},
        {PASV_EXPORT_POWERSHELL,
         "\r\nClear-WebConfiguration -PSPath 'MACHINE/WEBROOT/APPHOST' -Filter "
         "'system.applicationHost/sites/site[@name=\"Default FTP Site\"]/ftpServer/firewallSupport/"
         "@externalIp4Address'\r\nRestart-Service -Name 'ftpsvc'\r\n"},
    };
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        pasv_export_options o = opts(5001, 5201);
        pasv_export_buf b = {0};
        char *s;

        o.server = PASV_SERVER_IIS7;
        o.site = "Default FTP Site";
        o.clear_external = true;
        s = text_of(cases[i].fmt, &o);
        ok(strstr(s, cases[i].line) != NULL, "format %d clears the address: %s", cases[i].fmt, s);
        ok(strstr(s, "DataChannelPort") < strstr(s, "externalIp4Address") &&
               strstr(s, "externalIp4Address") < strstr(s, "ftpsvc"),
           "format %d: range, then the site, then the restart", cases[i].fmt);
        ok(!strstr(s, "203.0.113"), "format %d: no address set", cases[i].fmt);
        free(s);

        /* Clearing and setting at once, or clearing without a site or on IIS 6: refused. */
        o.external_ip = "203.0.113.7";
        ok(pasv_export_build(cases[i].fmt, &o, &b) == PASV_E_INVALIDARG && b.len == 0,
           "format %d: clear and set at once refused", cases[i].fmt);
        o.external_ip = NULL;
        o.site = NULL;
        ok(pasv_export_build(cases[i].fmt, &o, &b) == PASV_E_INVALIDARG && b.len == 0,
           "format %d: clear without a site refused", cases[i].fmt);
        o.site = "Default FTP Site";
        o.server = PASV_SERVER_IIS6;
        ok(pasv_export_build(cases[i].fmt, &o, &b) == PASV_E_INVALIDARG && b.len == 0,
           "format %d: clear for IIS 6 refused", cases[i].fmt);
        pasv_export_buf_cleanup(&b);
    }
}

/* Appends ASCII text as UTF-16LE (with the NUL when nul is set): the test's own PReg writer. */
static size_t u16(unsigned char *d, size_t at, const char *text, int nul)
{
    size_t i, n = strlen(text) + (nul ? 1 : 0);
    for (i = 0; i < n; i++) {
        d[at++] = (unsigned char)text[i];
        d[at++] = 0;
    }
    return at;
}

static size_t le32(unsigned char *d, size_t at, unsigned v)
{
    d[at++] = (unsigned char)v;
    d[at++] = (unsigned char)(v >> 8);
    d[at++] = (unsigned char)(v >> 16);
    d[at++] = (unsigned char)(v >> 24);
    return at;
}

/* IIS 7+ (the Vista+ firewall): Registry.pol is exactly the PReg header and one REG_SZ value under
 * FirewallRules, named by the rule ID, holding the rule string of [MS-GPFAS] 2.2.2.19; no XP/2003
 * GloballyOpenPorts. Byte for byte against the file built here from the documented layout. */
static void iis7_pol_is_one_vista_rule_byte_for_byte(void)
{
    static const struct {
        uint16_t low, high;
        pasv_scope scope;
        const char *remote, *prefix, *id, *rule;
    } cases[] = {
        {5001, 5201, PASV_SCOPE_ANY, NULL, NULL, "pasvports-5001-5201",
         "v2.10|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=5001-5201|Name=Passive FTP 5001-5201|"
         "Desc=FTP passive data ports (pasvports)|EmbedCtxt=FTP Passive Ports|"},
        {6000, 6000, PASV_SCOPE_SUBNET, NULL, "Data", "pasvports-6000",
         "v2.10|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=6000|RA4=LocalSubnet|RA6=LocalSubnet|"
         "Name=Data 6000|Desc=FTP passive data ports (pasvports)|EmbedCtxt=FTP Passive Ports|"},
        {5001, 5002, PASV_SCOPE_CUSTOM, "2001:db8::/32", NULL, "pasvports-5001-5002",
         "v2.10|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=5001-5002|RA6=2001:db8::/32|"
         "Name=Passive FTP 5001-5002|Desc=FTP passive data ports (pasvports)|EmbedCtxt=FTP Passive Ports|"},
        {5001, 5002, PASV_SCOPE_CUSTOM, "10.0.0.0/8,2001:db8::1", NULL, "pasvports-5001-5002",
         "v2.10|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=5001-5002|RA4=10.0.0.0/8|RA6=2001:db8::1|"
         "Name=Passive FTP 5001-5002|Desc=FTP passive data ports (pasvports)|EmbedCtxt=FTP Passive Ports|"},
    };
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        pasv_export_options o = opts(cases[i].low, cases[i].high);
        pasv_export_buf b = {0};
        unsigned char want[2048];
        size_t n = 0;

        o.server = PASV_SERVER_IIS7;
        o.scope = cases[i].scope;
        o.remote = cases[i].remote;
        o.prefix = cases[i].prefix;
        memcpy(want, "PReg", 4);
        n = le32(want, 4, 1);
        n = u16(want, n, "[", 0);
        n = u16(want, n, "Software\\Policies\\Microsoft\\WindowsFirewall\\FirewallRules", 1);
        n = u16(want, n, ";", 0);
        n = u16(want, n, cases[i].id, 1);
        n = u16(want, n, ";", 0);
        n = le32(want, n, 1); /* REG_SZ */
        n = u16(want, n, ";", 0);
        n = le32(want, n, (unsigned)(strlen(cases[i].rule) + 1) * 2);
        n = u16(want, n, ";", 0);
        n = u16(want, n, cases[i].rule, 1);
        n = u16(want, n, "]", 0);
        ok(pasv_export_build(PASV_EXPORT_POL, &o, &b) == PASV_S_OK, "case %zu: pol build", i);
        ok(b.len == n && !memcmp(b.data, want, n), "case %zu: %zu bytes, want %zu, identical", i, b.len, n);
        pasv_export_buf_cleanup(&b);
    }
}

/* IIS 7+ GPO text: where the rule goes in the Group Policy Management Editor, its settings, and
 * the same rule string as Registry.pol; no XP/2003 port exception strings. */
static void iis7_gpo_text_says_where_the_vista_rule_goes(void)
{
    pasv_export_options o = opts(5001, 5201);
    char *s;

    o.server = PASV_SERVER_IIS7;
    o.scope = PASV_SCOPE_CUSTOM;
    o.remote = "10.0.0.0/8,2001:db8::/32";
    s = text_of(PASV_EXPORT_GPO, &o);
    ok(strstr(s, "Computer Configuration > Policies > Windows Settings > Security Settings > Windows Defender "
                 "Firewall with Advanced Security > Inbound Rules > New Rule") != NULL,
       "where: %s", s);
    ok(strstr(s, "\r\n  Rule Type: Port\r\n  Protocol: TCP, Specific local ports: 5001-5201\r\n"
                 "  Action: Allow the connection\r\n  Profile: Domain, Private, Public\r\n"
                 "  Name: Passive FTP 5001-5201\r\n") != NULL,
       "the wizard's settings");
    ok(strstr(s, "remote IP addresses: 10.0.0.0/8,2001:db8::/32\r\n") != NULL, "scope, both families");
    ok(strstr(s, "FirewallRules, name pasvports-5001-5201, REG_SZ:\r\nv2.10|Action=Allow|Active=TRUE|Dir=In|"
                 "Protocol=6|LPort=5001-5201|RA4=10.0.0.0/8|RA6=2001:db8::/32|Name=Passive FTP 5001-5201|") != NULL,
       "the rule string Registry.pol carries");
    ok(!strstr(s, ":TCP:") && !strstr(s, ":enabled:"), "no XP/2003 port exception strings");
    ok(!strstr(s, "\n\n") && !strstr(s, "\r\r") && count_lines(s) == 10, "CRLF lines: %u", count_lines(s));
    free(s);
}

static void test_invalid(void)
{
    pasv_export_options o = opts(0, 0);
    pasv_export_buf b = {0};
    ok(pasv_export_build(PASV_EXPORT_GPO, &o, &b) == PASV_E_INVALIDARG && b.len == 0, "0-0 refused");
    o = opts(5001, 5010);
    ok(pasv_export_build(PASV_EXPORT_NONE, &o, &b) == PASV_E_INVALIDARG, "no format refused");
    o.scope = PASV_SCOPE_CUSTOM;
    ok(pasv_export_build(PASV_EXPORT_GPO, &o, &b) == PASV_E_INVALIDARG, "custom without addresses refused");
    pasv_export_buf_cleanup(&b);
}

static void test_names(void)
{
    pasv_range r = {5001, 5201};
    char name[64];
    pasv_export_default_name(PASV_EXPORT_NETSH, &r, name, sizeof(name));
    ok(!strcmp(name, "pasvports-5001-5201.cmd"), "cmd name %s", name);
    pasv_export_default_name(PASV_EXPORT_POWERSHELL, &r, name, sizeof(name));
    ok(!strcmp(name, "pasvports-5001-5201.ps1"), "ps1 name %s", name);
    pasv_export_default_name(PASV_EXPORT_POL, &r, name, sizeof(name));
    ok(!strcmp(name, "Registry.pol"), "pol name %s", name);
    pasv_export_default_name(PASV_EXPORT_GPO, &r, name, sizeof(name));
    ok(!strcmp(name, ""), "gpo to stdout");
}

int main(void)
{
    test_gpo();
    test_pol();
    test_netsh();
    test_powershell();
    test_invalid();
    iis7_cmd_writes_appcmd_advfirewall_and_the_site_address();
    iis7_unwritable_site_or_address_is_refused();
    mixed_address_list_is_split_into_ra4_and_ra6_fields();
    iis7_scripts_clear_the_site_address_for_external_ip_none();
    iis7_pol_is_one_vista_rule_byte_for_byte();
    iis7_gpo_text_says_where_the_vista_rule_goes();
    test_names();
    return test_summary("export");
}
