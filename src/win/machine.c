/* pasvports: this machine's dynamic port range and listening ports (machine.h).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "machine.h"

#include <winsock2.h>
#include <iphlpapi.h>
#include <stdlib.h>
#include <wchar.h>

#include "pasv/plural.h"

#include "text.h"

/* ---- the dynamic port range ---- */

/* Windows 2000, XP and Server 2003 hand out 1025 up to MaxUserPort (REG_DWORD under
 * HKLM\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters; default 5000, valid 5000-65534):
 * Microsoft KB 196271, "When you try to connect from TCP ports greater than 5000 you receive the
 * error 'WSAENOBUFS (10055)'", http://support.microsoft.com/kb/196271. Windows Vista / Server
 * 2008 and later use 49152-65535: Microsoft KB 929851, "The default dynamic port range for TCP/IP
 * has changed in Windows Vista and in Windows Server 2008", http://support.microsoft.com/kb/929851.
 * There the range is changed with `netsh int ipv4 set dynamicport tcp start=N num=M`; Microsoft
 * documents the command, not where it keeps the values nor an API that reads them, so on Vista+
 * this is the documented default (*from_registry false). */
#define TCPIP_PARAMETERS L"SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters"

pasv_range pasv_machine_dynamic_range(const pasv_env *env, bool *from_registry)
{
    pasv_range r = {1025, 5000};
    HKEY key;
    DWORD value = 0, size = sizeof(value), type = 0;

    if (from_registry)
        *from_registry = false;
    if (env->os_major >= 6) {
        r.low = 49152;
        r.high = 65535;
        return r;
    }
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, TCPIP_PARAMETERS, 0, KEY_QUERY_VALUE, &key) != ERROR_SUCCESS)
        return r;
    if (RegQueryValueExW(key, L"MaxUserPort", NULL, &type, (BYTE *)&value, &size) == ERROR_SUCCESS
        && type == REG_DWORD && size == sizeof(value) && value >= 5000 && value <= 65534) {
        r.high = (uint16_t)value;
        if (from_registry)
            *from_registry = true;
    }
    RegCloseKey(key);
    return r;
}

/* ---- listening ports (iphlpapi, loaded at run time) ---- */

typedef DWORD(WINAPI *get_extended_tcp_table_fn)(PVOID, PDWORD, BOOL, ULONG, TCP_TABLE_CLASS, ULONG);
typedef DWORD(WINAPI *get_tcp_table_fn)(PMIB_TCPTABLE, PDWORD, BOOL);

/* MIB_TCPROW's dwLocalPort holds the port in network byte order in its low 16 bits. */
static uint16_t net_port(DWORD raw)
{
    return (uint16_t)(((raw & 0xFF) << 8) | ((raw >> 8) & 0xFF));
}

/* One table read: GetExtendedTcpTable with TCP_TABLE_BASIC_LISTENER (XP SP2+) lists listeners
 * only; GetTcpTable (every version) lists every connection, so its rows are filtered by state. */
static unsigned scan(void *buf, const pasv_range *range, bool listeners_only, uint16_t *ports, unsigned cap)
{
    const MIB_TCPTABLE *t = buf;
    unsigned n = 0;
    DWORD i;

    for (i = 0; i < t->dwNumEntries && n < cap; i++) {
        uint16_t port = net_port(t->table[i].dwLocalPort);
        if ((listeners_only || t->table[i].dwState == MIB_TCP_STATE_LISTEN) && pasv_range_contains(range, port))
            ports[n++] = port;
    }
    return n;
}

unsigned pasv_machine_listening(const pasv_range *range, uint16_t *ports, unsigned cap)
{
    HMODULE lib = LoadLibraryW(L"iphlpapi.dll");
    get_extended_tcp_table_fn ext;
    get_tcp_table_fn basic;
    DWORD size = 0;
    unsigned n = 0;
    void *buf = NULL;

    if (!lib)
        return 0;
    ext = (get_extended_tcp_table_fn)(void *)GetProcAddress(lib, "GetExtendedTcpTable");
    basic = (get_tcp_table_fn)(void *)GetProcAddress(lib, "GetTcpTable");
    if (ext && ext(NULL, &size, FALSE, AF_INET, TCP_TABLE_BASIC_LISTENER, 0) == ERROR_INSUFFICIENT_BUFFER
        && (buf = malloc(size + 1024)) != NULL) {
        size += 1024; /* the table may grow between the two calls */
        if (ext(buf, &size, FALSE, AF_INET, TCP_TABLE_BASIC_LISTENER, 0) == NO_ERROR) {
            n = scan(buf, range, true, ports, cap);
            goto done;
        }
        free(buf);
        buf = NULL;
    }
    size = 0;
    if (basic && basic(NULL, &size, FALSE) == ERROR_INSUFFICIENT_BUFFER && (buf = malloc(size + 1024)) != NULL) {
        size += 1024;
        if (basic(buf, &size, FALSE) == NO_ERROR)
            n = scan(buf, range, false, ports, cap);
    }
done:
    free(buf);
    FreeLibrary(lib);
    return n;
}

WCHAR *pasv_machine_listening_text(const pasv_range *range, UINT one, UINT many)
{
    uint16_t ports[64];
    WCHAR list[64 * 7] = L"";
    unsigned n = pasv_machine_listening(range, ports, 64), i;
    size_t len = 0;

    if (!n)
        return NULL;
    for (i = 0; i < n; i++) {
        int w = swprintf(list + len, 64 * 7 - len, i ? L", %u" : L"%u", (unsigned)ports[i]);
        if (w < 0)
            break;
        len += (size_t)w;
    }
    {
        DWORD_PTR a[2] = {n, (DWORD_PTR)list};
        return pasv_text_format(pasv_plural_id(one, many, n), a, 2);
    }
}
