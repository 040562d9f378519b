/* pasvports lab: lab_iisadmin.exe, the stand-in IIS Admin Service (IISADMIN) the lab's MSFTPSVC
 * depends on. Real IISADMIN is inetinfo.exe hosting the metabase; the lab metabase is in-proc
 * (lab_abo.dll), so this service only has to exist, start, report running and stop.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include <windows.h>

static SERVICE_STATUS_HANDLE status_handle;
static SERVICE_STATUS status;
static HANDLE stop_event;

static void report(DWORD state, DWORD wait_hint)
{
    status.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
    status.dwCurrentState = state;
    status.dwControlsAccepted = state == SERVICE_RUNNING ? SERVICE_ACCEPT_STOP | SERVICE_ACCEPT_SHUTDOWN : 0;
    status.dwWin32ExitCode = NO_ERROR;
    status.dwWaitHint = wait_hint;
    status.dwCheckPoint = (state == SERVICE_RUNNING || state == SERVICE_STOPPED) ? 0 : status.dwCheckPoint + 1;
    SetServiceStatus(status_handle, &status);
}

static DWORD WINAPI handler(DWORD control, DWORD type, void *data, void *context)
{
    (void)type; (void)data; (void)context;
    switch (control) {
    case SERVICE_CONTROL_STOP:
    case SERVICE_CONTROL_SHUTDOWN:
        report(SERVICE_STOP_PENDING, 3000);
        SetEvent(stop_event);
        return NO_ERROR;
    case SERVICE_CONTROL_INTERROGATE:
        return NO_ERROR;
    default:
        return ERROR_CALL_NOT_IMPLEMENTED;
    }
}

static void WINAPI service_main(DWORD argc, WCHAR **argv)
{
    (void)argc;
    status_handle = RegisterServiceCtrlHandlerExW(argv && argv[0] ? argv[0] : L"IISADMIN", handler, NULL);
    if (!status_handle)
        return;
    stop_event = CreateEventW(NULL, TRUE, FALSE, NULL);
    report(SERVICE_START_PENDING, 3000);
    report(SERVICE_RUNNING, 0);
    WaitForSingleObject(stop_event, INFINITE);
    report(SERVICE_STOPPED, 0);
}

int wmain(void)
{
    static SERVICE_TABLE_ENTRYW table[] = {
        { (WCHAR *)L"IISADMIN", service_main },
        { NULL, NULL },
    };
    return StartServiceCtrlDispatcherW(table) ? 0 : 1;
}
