/* pasvports lab AHADMIN: the schema subset the lab knows (types, defaults, validation).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * Sources (IIS configuration reference, https://learn.microsoft.com/iis/configuration/ ...):
 *   system.ftpServer/firewallSupport: lowDataChannelPort, highDataChannelPort, optional int,
 *     default 0 (".../system.ftpserver/firewallsupport"; settings schema ff713772).
 *   sites/site: name (string), id (uint), serverAutoStart (bool, true); bindings/binding:
 *     protocol, bindingInformation (".../system.applicationhost/sites/site").
 *   sites/site/ftpServer/firewallSupport/@externalIp4Address: optional string, no default
 *     (".../sites/site/ftpserver/firewallsupport"; ff713760).
 *   sites/site/ftpServer/security/ssl: controlChannelPolicy SslAllow 0, SslRequire 1,
 *     SslRequireCredentialsOnly 2; dataChannelPolicy SslAllow 0, SslRequire 1, SslDeny 2;
 *     both default SslRequire (".../sites/site/ftpserver/security/ssl"; ff713801).
 *   sites/site/ftpServer/security/dataChannelSecurity: matchClientAddressForPort/Pasv, bool,
 *     default true (ff713742).
 *
 * The data channel port validator. FTP_schema.xml's validation of the two ports is not
 * published. The firewallSupport page says the data channel range is "1025 through 65535" in
 * IIS Manager's words ("Configuring FTP Firewall Settings in IIS 7", learn.microsoft.com/iis/
 * publish/using-the-ftp-service/configuring-ftp-firewall-settings-in-iis-7) and that 0 is the
 * default (meaning: the Windows dynamic range). The lab therefore accepts, per attribute, 0 or
 * 1025..65535, and refuses anything else with a reason. It cannot check low <= high (IIS
 * validates one attribute at a time); the lab FTPSVC refuses to start on such a pair. */
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include "ah_private.h"
#include "labfw.h"

static BOOL validate_port(LONG v, WCHAR *reason, size_t count)
{
    if (v == 0 || (v >= 1025 && v <= 65535))
        return TRUE;
    swprintf(reason, count, L"Integer value must be 0 or between 1025 and 65535 inclusive");
    return FALSE;
}

static const struct ah_enum ctl_policy[] = {
    { "SslAllow", 0 }, { "SslRequire", 1 }, { "SslRequireCredentialsOnly", 2 }, { NULL, 0 } };
static const struct ah_enum data_policy[] = {
    { "SslAllow", 0 }, { "SslRequire", 1 }, { "SslDeny", 2 }, { NULL, 0 } };

static const struct ah_prop_schema fw_server_props[] = {
    { "lowDataChannelPort", AT_INT, "0", NULL, validate_port },
    { "highDataChannelPort", AT_INT, "0", NULL, validate_port },
    { NULL, 0, NULL, NULL, NULL } };
static const struct ah_elem_schema fw_server = { "firewallSupport", fw_server_props, NULL, NULL, TRUE };

static const struct ah_prop_schema binding_props[] = {
    { "protocol", AT_STRING, "", NULL, NULL },
    { "bindingInformation", AT_STRING, "", NULL, NULL },
    { NULL, 0, NULL, NULL, NULL } };
static const struct ah_elem_schema binding = { "binding", binding_props, NULL, NULL, FALSE };
static const struct ah_prop_schema no_props[] = { { NULL, 0, NULL, NULL, NULL } };
static const struct ah_elem_schema bindings = { "bindings", no_props, NULL, &binding, FALSE };

static const struct ah_prop_schema fw_site_props[] = {
    { "externalIp4Address", AT_STRING, "", NULL, NULL },
    { NULL, 0, NULL, NULL, NULL } };
static const struct ah_elem_schema fw_site = { "firewallSupport", fw_site_props, NULL, NULL, TRUE };

static const struct ah_prop_schema ssl_props[] = {
    { "controlChannelPolicy", AT_ENUM, "SslRequire", ctl_policy, NULL },
    { "dataChannelPolicy", AT_ENUM, "SslRequire", data_policy, NULL },
    { "serverCertHash", AT_STRING, "", NULL, NULL },
    { NULL, 0, NULL, NULL, NULL } };
static const struct ah_elem_schema ssl = { "ssl", ssl_props, NULL, NULL, TRUE };
static const struct ah_prop_schema dcs_props[] = {
    { "matchClientAddressForPort", AT_BOOL, "true", NULL, NULL },
    { "matchClientAddressForPasv", AT_BOOL, "true", NULL, NULL },
    { NULL, 0, NULL, NULL, NULL } };
static const struct ah_elem_schema dcs = { "dataChannelSecurity", dcs_props, NULL, NULL, TRUE };
static const struct ah_elem_schema *const security_kids[] = { &ssl, &dcs, NULL };
static const struct ah_elem_schema security = { "security", no_props, security_kids, NULL, TRUE };

static const struct ah_prop_schema ftp_site_props[] = {
    { "allowUTF8", AT_BOOL, "true", NULL, NULL },
    { "serverAutoStart", AT_BOOL, "true", NULL, NULL },
    { NULL, 0, NULL, NULL, NULL } };
static const struct ah_elem_schema *const ftp_site_kids[] = { &fw_site, &security, NULL };
static const struct ah_elem_schema ftp_site = { "ftpServer", ftp_site_props, ftp_site_kids, NULL, TRUE };

static const struct ah_prop_schema site_props[] = {
    { "name", AT_STRING, "", NULL, NULL },
    { "id", AT_UINT, "0", NULL, NULL },
    { "serverAutoStart", AT_BOOL, "true", NULL, NULL },
    { NULL, 0, NULL, NULL, NULL } };
static const struct ah_elem_schema *const site_kids[] = { &bindings, &ftp_site, NULL };
static const struct ah_elem_schema site = { "site", site_props, site_kids, NULL, FALSE };
static const struct ah_elem_schema sites = { "sites", no_props, NULL, &site, FALSE };

static const struct {
    const WCHAR *section;
    const char *path;
    const struct ah_elem_schema *schema;
    BOOL ftp;
} sections[] = {
    { L"system.ftpServer/firewallSupport", "system.ftpServer/firewallSupport", &fw_server, TRUE },
    { L"system.applicationHost/sites", "system.applicationHost/sites", &sites, FALSE },
};

BOOL ah_ftp_installed(void)
{
    return lab_knob_dword(AH_KNOBS, L"FtpNotInstalled", 0) == 0;
}

const struct ah_elem_schema *ah_section_schema(const WCHAR *section, const char **path, BOOL *ftp)
{
    size_t i;
    for (i = 0; section && i < ARRAYSIZE(sections); i++)
        if (!wcscmp(section, sections[i].section)) {   /* section names are case-sensitive */
            *path = sections[i].path;
            *ftp = sections[i].ftp;
            return sections[i].schema;
        }
    return NULL;
}

static BOOL name_is(const char *a, const WCHAR *w)
{
    for (; *a && *w; a++, w++)
        if ((WCHAR)(unsigned char)*a != *w)
            return FALSE;
    return !*a && !*w;
}

const struct ah_prop_schema *ah_prop_find(const struct ah_elem_schema *e, const WCHAR *name)
{
    const struct ah_prop_schema *p;
    for (p = e->props; name && p->name; p++)
        if (name_is(p->name, name))
            return p;
    return NULL;
}

const struct ah_elem_schema *ah_kid_find(const struct ah_elem_schema *e, const WCHAR *name)
{
    const struct ah_elem_schema *const *k;
    for (k = e->kids; name && k && *k; k++)
        if (name_is((*k)->name, name)) {
            if ((*k)->ftp && !ah_ftp_installed())
                return NULL;
            return *k;
        }
    return NULL;
}
