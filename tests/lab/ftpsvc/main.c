/* Lab FTP service: a real Win32 service standing in for IIS 6 MSFTPSVC (and IISADMIN).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 * Test-only code (tests/lab), never part of the product.
 *
 * Service command lines for provisioning (SERVICE_WIN32_OWN_PROCESS, one process each):
 *   MSFTPSVC  "FTP Publishing Service", depends on IISADMIN:  "<lab dir>\lab_ftpsvc.exe"
 *   IISADMIN  "IIS Admin Service":                           "<lab dir>\lab_ftpsvc.exe" --iisadmin
 *   FTPSVC    "Microsoft FTP Service" (IIS 7+ lab):           "<lab dir>\lab_ftpsvc.exe" --ftpsvc
 *             reads the range, control port and external address from applicationHost.config
 *   (an explicit `--msftpsvc` is accepted too; `--console` runs the FTP server in the foreground
 *   for manual debugging, outside the SCM, until Enter is pressed).
 *
 * Knobs, HKLM\SOFTWARE\PasvLab\FtpSvc (read when used): DWORD Port (2121), string Root
 * (C:\ftproot), DWORD Iis5 (1: PassivePortRange from the IIS 5 registry value, else the
 * metabase through ABO), DWORD SlowStartMs / SlowStopMs (stay START_/STOP_PENDING that long,
 * with checkpoints), DWORD FailStart (1: stop at once with a service-specific error), DWORD
 * LogCommands (1: log every command and reply). Log: %windir%\system32\LogFiles\MSFTPSVC\lab.log.
 * Exit codes: ERROR_SERVICE_SPECIFIC_ERROR with the FTPSVC_EXIT_* codes of ftpsvc.h. */
#include <stdio.h>
#include "ftpsvc.h"
#include "labfw.h"

#define PENDING_STEP_MS 200
#define PENDING_WAIT_HINT 2000   /* > one step, so a checkpoint always lands within the hint */

static WCHAR service_name[16] = L"MSFTPSVC";
static BOOL iisadmin_mode, ftpsvc_mode;
static SERVICE_STATUS_HANDLE status_handle;
static SERVICE_STATUS status;
static CRITICAL_SECTION status_lock;
static HANDLE stop_event;

static void report(DWORD state, DWORD win32_exit, DWORD specific_exit)
{
    EnterCriticalSection(&status_lock);
    status.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
    if (state == SERVICE_START_PENDING || state == SERVICE_STOP_PENDING) {
        /* Pending: a new checkpoint on every report; controls are not accepted meanwhile. */
        status.dwCheckPoint = status.dwCurrentState == state ? status.dwCheckPoint + 1 : 1;
        status.dwWaitHint = PENDING_WAIT_HINT;
        status.dwControlsAccepted = 0;
    } else {
        status.dwCheckPoint = 0;
        status.dwWaitHint = 0;
        status.dwControlsAccepted = state == SERVICE_RUNNING ? SERVICE_ACCEPT_STOP | SERVICE_ACCEPT_SHUTDOWN : 0;
    }
    status.dwCurrentState = state;
    status.dwWin32ExitCode = win32_exit;
    status.dwServiceSpecificExitCode = specific_exit;
    if (status_handle)
        SetServiceStatus(status_handle, &status);
    LeaveCriticalSection(&status_lock);
}

static void tick_start(void) { report(SERVICE_START_PENDING, NO_ERROR, 0); }
static void tick_stop(void)  { report(SERVICE_STOP_PENDING, NO_ERROR, 0); }

/* Stays pending for the knob's duration, one checkpoint per step. */
static void slow_pending(const WCHAR *knob, void (*tick)(void))
{
    DWORD ms = lab_knob_dword(FTPSVC_KNOBS, knob, 0), waited;

    if (!ms)
        return;
    ftplog("%ls: staying pending for %lu ms", knob, (unsigned long)ms);
    for (waited = 0; waited < ms; waited += PENDING_STEP_MS) {
        Sleep(PENDING_STEP_MS);
        tick();
    }
}

static DWORD WINAPI control_handler(DWORD control, DWORD type, void *data, void *context)
{
    (void)type; (void)data; (void)context;
    switch (control) {
    case SERVICE_CONTROL_STOP:
    case SERVICE_CONTROL_SHUTDOWN:
        ftplog("%ls: stop requested", service_name);
        report(SERVICE_STOP_PENDING, NO_ERROR, 0);
        SetEvent(stop_event);
        return NO_ERROR;
    case SERVICE_CONTROL_INTERROGATE:
        return NO_ERROR;
    default:
        return ERROR_CALL_NOT_IMPLEMENTED;
    }
}

/* Creates the lab root with hello.txt and a subfolder; existing content is kept. */
static BOOL prepare_root(const WCHAR *root)
{
    static const char readme[] = "Files for the pasvports lab.\r\n";
    WCHAR path[MAX_PATH];
    HANDLE f;
    DWORD written;

    if (!CreateDirectoryW(root, NULL) && GetLastError() != ERROR_ALREADY_EXISTS)
        return FALSE;
    _snwprintf(path, MAX_PATH, L"%s\\hello.txt", root);
    path[MAX_PATH - 1] = 0;
    f = CreateFileW(path, GENERIC_WRITE, FILE_SHARE_READ, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (f == INVALID_HANDLE_VALUE)
        return FALSE;
    WriteFile(f, FTPSVC_HELLO_LINE, sizeof(FTPSVC_HELLO_LINE) - 1, &written, NULL);
    CloseHandle(f);
    _snwprintf(path, MAX_PATH, L"%s\\pub", root);
    if (!CreateDirectoryW(path, NULL) && GetLastError() != ERROR_ALREADY_EXISTS)
        return FALSE;
    _snwprintf(path, MAX_PATH, L"%s\\pub\\readme.txt", root);
    f = CreateFileW(path, GENERIC_WRITE, FILE_SHARE_READ, NULL, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, NULL);
    if (f != INVALID_HANDLE_VALUE) {
        WriteFile(f, readme, sizeof(readme) - 1, &written, NULL);
        CloseHandle(f);
    }
    return TRUE;
}

/* Start-up shared by the service and --console: range, root, listener. */
static DWORD ftp_start(void (*tick)(void))
{
    passive_range range;
    WCHAR root[MAX_PATH];
    DWORD exit_code = 0, port;
    USHORT site_port = 0;
    ULONG external = 0;

    tick();
    if (ftpsvc_mode ? !apphost_config_load(&range, &site_port, &external, &exit_code)
                    : !passive_range_load(&range, &exit_code))
        return exit_code;
    ftp_server_set_identity(service_name, external);
    tick();
    if (!lab_knob_string(FTPSVC_KNOBS, L"Root", root, MAX_PATH) || !root[0])
        lstrcpyW(root, L"C:\\ftproot");
    if (!prepare_root(root)) {
        ftplog_event_error(1000 + FTPSVC_EXIT_ROOT, "MSFTPSVC cannot start: cannot prepare the root %ls (error %lu)",
                           root, (unsigned long)GetLastError());
        return FTPSVC_EXIT_ROOT;
    }
    port = ftpsvc_mode ? site_port : lab_knob_dword(FTPSVC_KNOBS, L"Port", 2121);
    if (!port || port > 65535 || !ftp_server_start((USHORT)port, root, &range)) {
        ftplog_event_error(1000 + FTPSVC_EXIT_LISTEN, "MSFTPSVC cannot start: cannot listen on 127.0.0.1:%lu",
                           (unsigned long)port);
        return FTPSVC_EXIT_LISTEN;
    }
    return 0;
}

static void WINAPI service_main(DWORD argc, WCHAR **argv)
{
    DWORD exit_code;

    (void)argc; (void)argv;
    status_handle = RegisterServiceCtrlHandlerExW(service_name, control_handler, NULL);
    if (!status_handle) {
        ftplog("RegisterServiceCtrlHandlerEx failed: %lu", (unsigned long)GetLastError());
        return;
    }
    report(SERVICE_START_PENDING, NO_ERROR, 0);
    ftplog("%ls: starting (pid %lu)", service_name, (unsigned long)GetCurrentProcessId());

    if (iisadmin_mode) {
        /* IISADMIN stand-in: the lab metabase is an in-process COM server, so this service
         * only has to exist, run and stop (MSFTPSVC depends on it). */
        report(SERVICE_RUNNING, NO_ERROR, 0);
        WaitForSingleObject(stop_event, INFINITE);
        report(SERVICE_STOPPED, NO_ERROR, 0);
        ftplog("%ls: stopped", service_name);
        return;
    }

    if (lab_knob_dword(FTPSVC_KNOBS, L"FailStart", 0) == 1) {
        ftplog_event_error(1000 + FTPSVC_EXIT_FAIL_START, "MSFTPSVC cannot start: knob FailStart is set");
        report(SERVICE_STOPPED, ERROR_SERVICE_SPECIFIC_ERROR, FTPSVC_EXIT_FAIL_START);
        return;
    }
    slow_pending(L"SlowStartMs", tick_start);
    exit_code = ftp_start(tick_start);
    if (exit_code) {
        report(SERVICE_STOPPED, ERROR_SERVICE_SPECIFIC_ERROR, exit_code);
        ftplog("%ls: stopped with service-specific error %lu", service_name, (unsigned long)exit_code);
        return;
    }
    report(SERVICE_RUNNING, NO_ERROR, 0);
    ftplog("%ls: running", service_name);

    WaitForSingleObject(stop_event, INFINITE);
    tick_stop();
    slow_pending(L"SlowStopMs", tick_stop);
    ftp_server_stop(tick_stop);
    ftplog("%ls: stopped", service_name);
    report(SERVICE_STOPPED, NO_ERROR, 0);
}

static void noop_tick(void) {}

static int run_console(void)
{
    DWORD exit_code = ftp_start(noop_tick);

    if (exit_code) {
        fprintf(stderr, "lab_ftpsvc: start failed with service-specific code %lu (see lab.log)\n",
                (unsigned long)exit_code);
        return (int)exit_code;
    }
    printf("lab_ftpsvc: FTP server running; press Enter to stop\n");
    fflush(stdout);
    getchar();
    ftp_server_stop(noop_tick);
    return 0;
}

int wmain(int argc, WCHAR **argv)
{
    SERVICE_TABLE_ENTRYW table[2];
    BOOL console = FALSE;
    int i;

    for (i = 1; i < argc; i++) {
        if (!lstrcmpiW(argv[i], L"--iisadmin")) {
            iisadmin_mode = TRUE;
            lstrcpyW(service_name, L"IISADMIN");
        } else if (!lstrcmpiW(argv[i], L"--msftpsvc")) {
            iisadmin_mode = FALSE;
        } else if (!lstrcmpiW(argv[i], L"--ftpsvc")) {
            ftpsvc_mode = TRUE;
            lstrcpyW(service_name, L"FTPSVC");
        } else if (!lstrcmpiW(argv[i], L"--console")) {
            console = TRUE;
        } else {
            fprintf(stderr, "usage: lab_ftpsvc.exe [--msftpsvc | --ftpsvc | --iisadmin] [--console]\n");
            return 2;
        }
    }
    ftplog_init();
    InitializeCriticalSection(&status_lock);
    stop_event = CreateEventW(NULL, TRUE, FALSE, NULL);
    if (console)
        return run_console();

    table[0].lpServiceName = service_name;
    table[0].lpServiceProc = service_main;
    table[1].lpServiceName = NULL;
    table[1].lpServiceProc = NULL;
    if (!StartServiceCtrlDispatcherW(table)) {
        DWORD err = GetLastError();
        fprintf(stderr, "lab_ftpsvc: StartServiceCtrlDispatcher failed (%lu); this program is a "
                "service (run it through the SCM, or use --console)\n", (unsigned long)err);
        return 1;
    }
    return 0;
}
