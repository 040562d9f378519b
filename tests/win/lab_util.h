/* pasvports tests: reading and steering the lab (tests/lab) from Windows-side tests: registry
 * snapshots of the firewall state the lab recorded, and the lab's fault knobs.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * Product code never knows the lab exists; only tests include this. */
#ifndef PASV_TEST_LAB_UTIL_H
#define PASV_TEST_LAB_UTIL_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <windows.h>

#define LAB_FW_POLICY L"SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy"
#define LAB_LIST_STANDARD LAB_FW_POLICY L"\\StandardProfile\\GloballyOpenPorts\\List"
#define LAB_LIST_DOMAIN LAB_FW_POLICY L"\\DomainProfile\\GloballyOpenPorts\\List"
#define LAB_RULES LAB_FW_POLICY L"\\FirewallRules"

/* A sorted, newline-separated "name=data" dump of one key's string values (exact bytes, so two
 * snapshots compare byte for byte). Returns a malloc'd string ("" when the key is absent). */
static int lab_cmp_wstr(const void *a, const void *b)
{
    return wcscmp(*(const WCHAR *const *)a, *(const WCHAR *const *)b);
}

static inline WCHAR *lab_snapshot(const WCHAR *subkey, DWORD *count)
{
    HKEY key = NULL;
    WCHAR **lines = NULL;
    WCHAR *out;
    DWORD n = 0, cap = 0, i;
    size_t total = 1;

    *count = 0;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, subkey, 0, KEY_QUERY_VALUE, &key) == ERROR_SUCCESS) {
        for (i = 0;; i++) {
            WCHAR name[256], data[512];
            DWORD name_len = 256, data_len = sizeof(data) - sizeof(WCHAR), type = 0;
            LONG err = RegEnumValueW(key, i, name, &name_len, NULL, &type, (BYTE *)data, &data_len);
            if (err == ERROR_NO_MORE_ITEMS)
                break;
            if (err != ERROR_SUCCESS)
                continue;
            data[data_len / sizeof(WCHAR)] = 0;
            if (n == cap) {
                cap = cap ? cap * 2 : 256;
                lines = realloc(lines, cap * sizeof(*lines));
            }
            lines[n] = malloc((name_len + wcslen(data) + 3) * sizeof(WCHAR));
            swprintf(lines[n], name_len + wcslen(data) + 3, L"%ls=%ls", name, data);
            total += wcslen(lines[n]) + 1;
            n++;
        }
        RegCloseKey(key);
    }
    if (n)
        qsort(lines, n, sizeof(*lines), lab_cmp_wstr);
    out = malloc(total * sizeof(WCHAR));
    out[0] = 0;
    for (i = 0; i < n; i++) {
        wcscat(out, lines[i]);
        wcscat(out, L"\n");
        free(lines[i]);
    }
    free(lines);
    *count = n;
    return out;
}

/* The data of one value ("" if absent) into buf. */
static inline bool lab_reg_string(const WCHAR *subkey, const WCHAR *name, WCHAR *buf, DWORD cap)
{
    DWORD bytes = (cap - 1) * sizeof(WCHAR), type = 0;
    HKEY key = NULL;
    LONG err;

    buf[0] = 0;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, subkey, 0, KEY_QUERY_VALUE, &key) != ERROR_SUCCESS)
        return false;
    err = RegQueryValueExW(key, name, NULL, &type, (BYTE *)buf, &bytes);
    RegCloseKey(key);
    if (err != ERROR_SUCCESS)
        return false;
    buf[bytes / sizeof(WCHAR)] = 0;
    return true;
}

/* Sets (value != ~0u) or deletes a DWORD knob under HKLM\SOFTWARE\PasvLab\<component>. */
static inline void lab_knob(const WCHAR *component, const WCHAR *name, DWORD value)
{
    WCHAR path[128];
    HKEY key = NULL;

    swprintf(path, 128, L"SOFTWARE\\PasvLab\\%ls", component);
    if (RegCreateKeyExW(HKEY_LOCAL_MACHINE, path, 0, NULL, 0, KEY_SET_VALUE, NULL, &key, NULL) != ERROR_SUCCESS)
        return;
    if (value == ~0u)
        RegDeleteValueW(key, name);
    else
        RegSetValueExW(key, name, 0, REG_DWORD, (const BYTE *)&value, sizeof(value));
    RegCloseKey(key);
}

/* Ports low..high that are ours in a snapshot, written exactly as the seed's loop names them:
 * "N:TCP=N:TCP:*:Enabled:Passive FTPN". */
static inline unsigned lab_count_ours(const WCHAR *snap, unsigned low, unsigned high)
{
    unsigned port, n = 0;
    WCHAR line[128];

    for (port = low; port <= high; port++) {
        swprintf(line, 128, L"%u:TCP=%u:TCP:*:Enabled:Passive FTP%u\n", port, port, port);
        n += wcsstr(snap, line) != NULL;
    }
    return n;
}

/* The three foreign exceptions provision.sh seeds, byte for byte. */
static inline bool lab_has_foreign(const WCHAR *snap)
{
    return wcsstr(snap, L"3389:TCP=3389:TCP:*:Enabled:Remote Desktop\n") &&
           wcsstr(snap, L"80:TCP=80:TCP:*:Enabled:HTTP\n") &&
           wcsstr(snap, L"5100:TCP=5100:TCP:*:Enabled:Backup agent\n");
}

/* pasvports' metabase backups in %windir%\system32\inetsrv\MetaBack. */
static inline unsigned lab_count_backups(void)
{
    WIN32_FIND_DATAW fd;
    WCHAR pattern[MAX_PATH];
    HANDLE find;
    unsigned n = 0;

    GetSystemDirectoryW(pattern, MAX_PATH);
    wcscat(pattern, L"\\inetsrv\\MetaBack\\pasvports.MD*");
    find = FindFirstFileW(pattern, &fd);
    if (find == INVALID_HANDLE_VALUE)
        return 0;
    do
        n++;
    while (FindNextFileW(find, &fd));
    FindClose(find);
    return n;
}

/* Starts "exe" args without waiting, its output to %TEMP%\logname (read it after it ends); the
 * caller ends it (only this process, by its handle) or waits for it. The kill-and-recover tests
 * use it to hold a run mid-restart with the lab FTP service's SlowStopMs knob. */
static inline bool lab_start_logged(const WCHAR *exe, const WCHAR *args, const WCHAR *logname, PROCESS_INFORMATION *pi)
{
    SECURITY_ATTRIBUTES sa = {sizeof(sa), NULL, TRUE};
    STARTUPINFOW si;
    WCHAR cmd[4096], log[MAX_PATH];
    HANDLE f;
    BOOL started;

    GetTempPathW(MAX_PATH, log);
    wcscat(log, logname);
    f = CreateFileW(log, GENERIC_WRITE, FILE_SHARE_READ, &sa, CREATE_ALWAYS, 0, NULL);
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    si.hStdOutput = si.hStdError = f;
    swprintf(cmd, 4096, L"\"%ls\" %ls", exe, args);
    started = CreateProcessW(NULL, cmd, NULL, NULL, TRUE, CREATE_NO_WINDOW, NULL, NULL, &si, pi);
    CloseHandle(f);
    return started != 0;
}

/* ---- The IIS 10 lab: applicationHost.config and FTPSVC ---- */

/* A whole file as text, NUL-terminated ("" when it cannot be read; NULL when out of memory). */
static inline char *lab_read_file(const WCHAR *path)
{
    HANDLE f = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);
    DWORD size, got = 0;
    char *buf;

    if (f == INVALID_HANDLE_VALUE)
        return calloc(1, 1);
    size = GetFileSize(f, NULL);
    buf = calloc(1, size + 1);
    if (buf && !ReadFile(f, buf, size, &got, NULL))
        got = 0;
    CloseHandle(f);
    if (buf)
        buf[got] = 0;
    return buf;
}

/* applicationHost.config as the lab's FTPSVC reads it. */
static inline char *lab_apphost_text(void)
{
    WCHAR path[MAX_PATH];

    GetSystemWindowsDirectoryW(path, MAX_PATH);
    wcscat(path, L"\\system32\\inetsrv\\config\\applicationHost.config");
    return lab_read_file(path);
}

/* The server-level <firewallSupport .../> under <system.ftpServer>, as text ("" when absent). */
static inline void lab_apphost_firewall_support(const char *cfg, char *buf, size_t cap)
{
    const char *sec = strstr(cfg, "<system.ftpServer"), *start, *end;

    buf[0] = 0;
    if (!sec || !(start = strstr(sec, "<firewallSupport")) || !(end = strchr(start, '>')))
        return;
    snprintf(buf, cap, "%.*s", (int)(end - start + 1), start);
}

/* Lines of a lab_snapshot() holding needle. */
static inline unsigned lab_lines_with(const WCHAR *snap, const WCHAR *needle)
{
    unsigned n = 0;
    const WCHAR *p = snap, *nl;

    for (; *p; p = nl + 1) {
        const WCHAR *hit = wcsstr(p, needle);
        nl = wcschr(p, L'\n');
        if (!nl)
            break;
        n += hit && hit < nl;
    }
    return n;
}

/* Starts the lab's FTPSVC and waits (up to 30 s) until it runs; false when there is none. */
static inline bool lab_start_ftpsvc(void)
{
    SC_HANDLE scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT), svc = NULL;
    SERVICE_STATUS st;
    int i;

    if (scm)
        svc = OpenServiceW(scm, L"FTPSVC", SERVICE_START | SERVICE_QUERY_STATUS);
    if (svc) {
        StartServiceW(svc, 0, NULL);
        for (i = 0; i < 300 && QueryServiceStatus(svc, &st) && st.dwCurrentState != SERVICE_RUNNING; i++)
            Sleep(100);
        CloseServiceHandle(svc);
    }
    if (scm)
        CloseServiceHandle(scm);
    return svc != NULL;
}

#endif /* PASV_TEST_LAB_UTIL_H */
