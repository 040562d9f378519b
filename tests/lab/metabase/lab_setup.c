/* pasvports lab: lab_setup.exe, creates the lab's services through the SCM, as IIS setup does.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 *   lab_setup.exe services IISADMIN_EXE [FTPSVC_EXE]
 * creates IISADMIN ("IIS Admin Service") running IISADMIN_EXE and, when FTPSVC_EXE is given,
 * MSFTPSVC ("FTP Publishing Service", depends on IISADMIN) running FTPSVC_EXE. Used by
 * tests/lab/provision.sh (Wine's sc.exe cannot set dependencies).
 *   lab_setup.exe ftpsvc FTPSVC_EXE
 * creates the IIS 7+ FTP service FTPSVC ("Microsoft FTP Service") running FTPSVC_EXE --ftpsvc
 * (on Windows: svchost.exe -k ftpsvc, auto-start; demand-start in the lab, as MSFTPSVC).
 * Start types: IISADMIN auto-start as on Windows. MSFTPSVC is demand-start in the lab (Windows:
 * auto-start) so that parallel lab prefixes do not race for the FTP port whenever a wineserver
 * starts; tests and the product start it through the SCM, which handles both states. */
#include <windows.h>
#include <stdio.h>
#include <wchar.h>

static int create(SC_HANDLE scm, const WCHAR *name, const WCHAR *display, const WCHAR *exe,
                  DWORD start, const WCHAR *depends, const WCHAR *description)
{
    WCHAR cmd[MAX_PATH + 16];
    SERVICE_DESCRIPTIONW desc = { (WCHAR *)description };
    SC_HANDLE svc;
    _snwprintf(cmd, ARRAYSIZE(cmd), wcscmp(name, L"FTPSVC") ? L"\"%ls\"" : L"\"%ls\" --ftpsvc", exe);
    cmd[ARRAYSIZE(cmd) - 1] = 0;
    svc = CreateServiceW(scm, name, display, SERVICE_ALL_ACCESS, SERVICE_WIN32_OWN_PROCESS,
                         start, SERVICE_ERROR_NORMAL, cmd, NULL, NULL, depends, NULL, NULL);
    if (!svc && GetLastError() == ERROR_SERVICE_EXISTS) {
        svc = OpenServiceW(scm, name, SERVICE_ALL_ACCESS);
        if (svc && !ChangeServiceConfigW(svc, SERVICE_WIN32_OWN_PROCESS, start,
                                         SERVICE_ERROR_NORMAL, cmd, NULL, NULL, depends, NULL, NULL, display)) {
            CloseServiceHandle(svc);
            svc = NULL;
        }
    }
    if (!svc) {
        fwprintf(stderr, L"lab_setup: cannot create service %ls: error %lu\n", name, GetLastError());
        return 1;
    }
    ChangeServiceConfig2W(svc, SERVICE_CONFIG_DESCRIPTION, &desc);
    CloseServiceHandle(svc);
    return 0;
}

int wmain(int argc, WCHAR **argv)
{
    SC_HANDLE scm;
    int rc = 0;
    if (argc < 3 || (wcscmp(argv[1], L"services") && wcscmp(argv[1], L"ftpsvc"))) {
        fwprintf(stderr, L"usage: lab_setup.exe services IISADMIN_EXE [FTPSVC_EXE] | ftpsvc FTPSVC_EXE\n");
        return 2;
    }
    scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_ALL_ACCESS);
    if (!scm) {
        fwprintf(stderr, L"lab_setup: OpenSCManager failed: error %lu\n", GetLastError());
        return 1;
    }
    if (!wcscmp(argv[1], L"ftpsvc")) {
        rc = create(scm, L"FTPSVC", L"Microsoft FTP Service", argv[2], SERVICE_DEMAND_START, NULL,
                    L"pasvports lab stand-in for the IIS 7+ Microsoft FTP Service.");
        CloseServiceHandle(scm);
        return rc;
    }
    rc |= create(scm, L"IISADMIN", L"IIS Admin Service", argv[2], SERVICE_AUTO_START, NULL,
                 L"pasvports lab stand-in for the IIS Admin Service.");
    if (argc > 3)
        rc |= create(scm, L"MSFTPSVC", L"FTP Publishing Service", argv[3], SERVICE_DEMAND_START, L"IISADMIN\0",
                     L"pasvports lab stand-in for the IIS FTP Publishing Service.");
    CloseServiceHandle(scm);
    return rc;
}
