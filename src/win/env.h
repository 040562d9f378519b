/* pasvports: what this machine has: Windows version, FTP server, metabase, firewall API,
 * elevation. Each answer carries the HRESULT and a string-table id that explains it, so the
 * UI can show a disabled control with its reason instead of hiding it.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#ifndef PASV_ENV_H
#define PASV_ENV_H

#include "win.h"

#include <stdbool.h>

#include "pasv/backend.h"
#include "pasv/range.h"

typedef enum pasv_ftp_kind {
    PASV_FTP_NONE = 0,      /* neither MSFTPSVC nor FTPSVC is installed */
    PASV_FTP_IIS5,          /* MSFTPSVC, PassivePortRange in the registry (Windows 2000) */
    PASV_FTP_IIS6,          /* MSFTPSVC, PassivePortRange in the metabase */
    PASV_FTP_IIS7           /* FTPSVC (FTP 7.5, IIS 7.5-10): applicationHost.config through AHADMIN */
} pasv_ftp_kind;

typedef struct pasv_env {
    DWORD os_major, os_minor, os_build;
    pasv_ftp_kind ftp;
    UINT ftp_reason;             /* IDS_ENV_* explaining ftp */
    HRESULT ftp_hr;              /* the failure behind the reason (S_OK when found) */
    pasv_service_state ftp_state;
    bool metabase;               /* CLSID_MSAdminBase answered */
    HRESULT metabase_hr;
    bool fw_rules_api;           /* INetFwPolicy2 rules usable (Vista+) */
    HRESULT fw_rules_hr;
    bool elevated;               /* member of Administrators with the group enabled */
    /* A 32-bit process on 64-bit Windows (IsWow64Process): it cannot configure IIS 7+ (WOW64
     * redirects system32\inetsrv\config to a copy IIS never reads); ftp_reason says so. */
    bool wow64;
    bool iis7;                   /* IIS 7+ is installed (W3SVC or applicationHost.config) */
    /* IIS 7+'s own version (HKLM\SOFTWARE\Microsoft\InetStp MajorVersion, MinorVersion):
     * iis_major 0 when the values are absent. */
    DWORD iis_major, iis_minor;
} pasv_env;

/* Fills *env. Never fails as a whole: every part records its own result. Needs COM. */
void pasv_env_detect(pasv_env *env);

/* May this process configure IIS 7+? A 32-bit process on 64-bit Windows (wow64) may not: the
 * File System Redirector gives it SysWOW64\inetsrv\config, a copy of applicationHost.config
 * that IIS never reads ("File System Redirector",
 * https://learn.microsoft.com/en-us/windows/win32/winprog64/file-system-redirector).
 * S_OK, or HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED); *reason (when not NULL) the string id that
 * says so, IDS_ENV_FTP_IIS7_WOW64 naming the 64-bit programs. One decision for env and session. */
HRESULT pasv_env_iis7_access(bool wow64, UINT *reason);

/* The FTP server's name for status lines: "IIS 10.0 - Microsoft FTP Service" when IIS 7+ says
 * its version, else the text of ftp_reason. LocalAlloc'd (NULL when out of memory). */
WCHAR *pasv_env_ftp_name(const pasv_env *env);

/* The server kind the engine validates against (IIS 6 when nothing is found). */
pasv_server_kind pasv_env_server_kind(const pasv_env *env);

#endif /* PASV_ENV_H */
