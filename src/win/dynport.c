/* pasvports: the dynamic TCP port range (see dynport.h).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * "The default dynamic port range for TCP/IP has changed since Windows Vista and in Windows
 * Server 2008" (https://learn.microsoft.com/en-us/troubleshoot/windows-server/networking/default-dynamic-port-range-tcpip-chang):
 * 49152-65535 from Vista on, 1025-5000 before, where the MaxUserPort value raises the top. */
#include "dynport.h"

HRESULT pasv_tcp_dynamic_port_range(DWORD os_major, pasv_range *out)
{
    HKEY key = NULL;
    DWORD value = 0, size = sizeof(value), type = 0;
    LONG rc;

    if (os_major >= 6) {
        out->low = 49152;
        out->high = 65535;
        return S_FALSE;
    }
    out->low = 1025;
    out->high = 5000;
    rc = RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters", 0,
                       KEY_QUERY_VALUE, &key);
    if (rc != ERROR_SUCCESS)
        return S_FALSE;
    rc = RegQueryValueExW(key, L"MaxUserPort", NULL, &type, (BYTE *)&value, &size);
    RegCloseKey(key);
    if (rc != ERROR_SUCCESS || type != REG_DWORD || value < 5000 || value > 65534)
        return S_FALSE;
    out->high = (uint16_t)value;
    return S_OK;
}
