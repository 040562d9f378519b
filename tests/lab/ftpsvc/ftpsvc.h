/* Lab FTP service (stand-in for IIS 6 MSFTPSVC): declarations shared by its source files.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 * Test-only code: built into ${CMAKE_BINARY_DIR}/lab/lab_ftpsvc.exe, never part of the product. */
#ifndef LAB_FTPSVC_H
#define LAB_FTPSVC_H

#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>

/* Knob key: HKLM\SOFTWARE\PasvLab\FtpSvc (read through lab_knob_dword/lab_knob_string). */
#define FTPSVC_KNOBS L"FtpSvc"

/* Service-specific exit codes (dwServiceSpecificExitCode with ERROR_SERVICE_SPECIFIC_ERROR). */
#define FTPSVC_EXIT_BAD_RANGE     1   /* PassivePortRange invalid: IIS "will not restart" */
#define FTPSVC_EXIT_FAIL_START    2   /* knob FailStart = 1 */
#define FTPSVC_EXIT_LISTEN        3   /* control port could not be bound */
#define FTPSVC_EXIT_METABASE      4   /* metabase (ABO) unreachable: IIS FTP needs IISADMIN */
#define FTPSVC_EXIT_ROOT          5   /* the FTP root folder could not be prepared */
#define FTPSVC_EXIT_CONFIG        6   /* FTPSVC: applicationHost.config unreadable or no FTP site */

/* The line hello.txt holds; tests compare the downloaded file against it. */
#define FTPSVC_HELLO_LINE "Hello from the pasvports lab FTP service.\r\n"

/* log.c: appends to C:\windows\system32\LogFiles\MSFTPSVC\lab.log (created on demand). */
void ftplog_init(void);
void ftplog(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Also reports to the Application event log (Wine accepts and traces it). */
void ftplog_event_error(DWORD event_id, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* passive_range.c */
typedef struct {
    USHORT low, high;
    BOOL is_default;      /* value unset or empty: Winsock ephemeral range 1025-5000 */
} passive_range;

/* Parses an IIS PassivePortRange value: "N" or "N-M" with 5001 <= N <= M <= 65535.
 * "" (after trimming blanks) means unset. Returns FALSE with a reason on anything else. */
BOOL passive_range_parse(const WCHAR *text, passive_range *out, char *why, size_t why_len);
/* Reads PassivePortRange the way the configured IIS flavour does (knob Iis5: registry,
 * else the metabase through ABO). On failure *exit_code is the service-specific code. */
BOOL passive_range_load(passive_range *out, DWORD *exit_code);

/* apphost_config.c (FTPSVC mode): range (0-0 -> dynamic 49152-65535, is_default TRUE), the FTP
 * site's control port and external IPv4 address (network order, 0 = none). */
BOOL apphost_config_load(passive_range *range, USHORT *control_port, ULONG *external, DWORD *exit_code);

/* ftp_server.c */
/* Which service the listener is (for Svc= firewall rules) and the address PASV replies announce
 * (network order; 0 = the local 127.0.0.1). Call before ftp_server_start. */
void ftp_server_set_identity(const WCHAR *service, ULONG announce);
BOOL ftp_server_start(USHORT control_port, const WCHAR *root, const passive_range *range);
/* Closes the listener and every session; calls tick() between waits so the caller can
 * report STOP_PENDING checkpoints. */
void ftp_server_stop(void (*tick)(void));

#endif /* LAB_FTPSVC_H */
