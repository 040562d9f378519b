/* pasvports: restart of the FTP service through the Service Control Manager.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * Follows Microsoft's "Stopping a Service" / "Starting a Service" samples: poll every
 * dwWaitHint/10 (clamped to 1-10 s), reset the patience whenever dwCheckPoint advances, give up
 * when a wait hint passes without progress or after 30 s overall. Every state change is reported
 * to the sink, so a progress row can say "stopping... starting...". Only MSFTPSVC is restarted:
 * IISADMIN (and with it W3SVC, SMTP, ...) is never stopped. */
#include "backends.h"

#include <stdlib.h>
#include <wchar.h>

#define OVERALL_TIMEOUT_MS 30000
#define MIN_POLL_MS        1000
#define MAX_POLL_MS        10000
/* A service that reports no wait hint still gets this long between checkpoints. */
#define MIN_PATIENCE_MS    3000

typedef struct scm_service {
    pasv_service iface;
    WCHAR name[64];
} scm_service;

static scm_service *impl_from_service(pasv_service *svc)
{
    return PASV_CONTAINER_OF(svc, scm_service, iface);
}

static HRESULT last_error_hr(void)
{
    DWORD err = GetLastError();
    return HRESULT_FROM_WIN32(err ? err : ERROR_GEN_FAILURE);
}

static HRESULT open_service(scm_service *self, DWORD access, SC_HANDLE *scm, SC_HANDLE *svc)
{
    *scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT);
    if (!*scm)
        return last_error_hr();
    *svc = OpenServiceW(*scm, self->name, access);
    if (!*svc) {
        HRESULT hr = last_error_hr(); /* 1060 not installed, 5 access denied */
        CloseServiceHandle(*scm);
        *scm = NULL;
        return hr;
    }
    return S_OK;
}

static HRESULT query(SC_HANDLE svc, SERVICE_STATUS_PROCESS *status)
{
    DWORD needed = 0;
    if (!QueryServiceStatusEx(svc, SC_STATUS_PROCESS_INFO, (BYTE *)status, sizeof(*status), &needed))
        return last_error_hr();
    return S_OK;
}

static DWORD poll_interval(const SERVICE_STATUS_PROCESS *status)
{
    DWORD wait = status->dwWaitHint / 10;
    if (wait < MIN_POLL_MS)
        wait = MIN_POLL_MS;
    if (wait > MAX_POLL_MS)
        wait = MAX_POLL_MS;
    return wait;
}

/* Waits while the service is in the pending state, reporting each state seen. */
static HRESULT wait_while(SC_HANDLE svc, DWORD pending, SERVICE_STATUS_PROCESS *status,
                          pasv_sink *sink, size_t item)
{
    DWORD began = GetTickCount(), progress_at = began, checkpoint = status->dwCheckPoint;
    HRESULT hr;

    while (status->dwCurrentState == pending) {
        DWORD now;
        Sleep(poll_interval(status));
        hr = query(svc, status);
        if (FAILED(hr))
            return hr;
        pasv_sink_note(sink, item, PASV_NOTE_SERVICE_STATE, status->dwCurrentState);
        now = GetTickCount();
        if (status->dwCheckPoint > checkpoint) {
            checkpoint = status->dwCheckPoint;
            progress_at = now;
        } else if (now - progress_at > max(status->dwWaitHint, MIN_PATIENCE_MS) &&
                   status->dwCurrentState == pending) {
            return HRESULT_FROM_WIN32(ERROR_SERVICE_REQUEST_TIMEOUT); /* no progress within a hint */
        }
        if (now - began > OVERALL_TIMEOUT_MS && status->dwCurrentState == pending)
            return HRESULT_FROM_WIN32(ERROR_SERVICE_REQUEST_TIMEOUT);
    }
    return S_OK;
}

static HRESULT stop(SC_HANDLE svc, pasv_sink *sink, size_t item)
{
    SERVICE_STATUS_PROCESS status = {0};
    SERVICE_STATUS plain = {0};
    HRESULT hr = query(svc, &status);

    if (FAILED(hr))
        return hr;
    if (status.dwCurrentState == SERVICE_STOPPED)
        return S_OK;
    if (status.dwCurrentState != SERVICE_STOP_PENDING) {
        if (!ControlService(svc, SERVICE_CONTROL_STOP, &plain)) {
            DWORD err = GetLastError();
            /* ERROR_DEPENDENT_SERVICES_RUNNING is reported, not forced: nothing in IIS depends on
             * MSFTPSVC, so a dependent is someone else's service and theirs to stop. */
            if (err != ERROR_SERVICE_NOT_ACTIVE)
                return HRESULT_FROM_WIN32(err);
        }
        pasv_sink_note(sink, item, PASV_NOTE_SERVICE_STATE, SERVICE_STOP_PENDING);
        hr = query(svc, &status);
        if (FAILED(hr))
            return hr;
    }
    hr = wait_while(svc, SERVICE_STOP_PENDING, &status, sink, item);
    if (FAILED(hr))
        return hr;
    return status.dwCurrentState == SERVICE_STOPPED ? S_OK : HRESULT_FROM_WIN32(ERROR_SERVICE_REQUEST_TIMEOUT);
}

static HRESULT start(SC_HANDLE svc, pasv_sink *sink, size_t item)
{
    SERVICE_STATUS_PROCESS status = {0};
    HRESULT hr;

    if (!StartServiceW(svc, 0, NULL)) {
        DWORD err = GetLastError();
        if (err != ERROR_SERVICE_ALREADY_RUNNING)
            return HRESULT_FROM_WIN32(err); /* 1058 disabled, 1068 dependency failed, ... */
    }
    pasv_sink_note(sink, item, PASV_NOTE_SERVICE_STATE, SERVICE_START_PENDING);
    hr = query(svc, &status);
    if (FAILED(hr))
        return hr;
    hr = wait_while(svc, SERVICE_START_PENDING, &status, sink, item);
    if (FAILED(hr))
        return hr;
    if (status.dwCurrentState == SERVICE_RUNNING)
        return S_OK;
    /* It stopped again: the service's own exit code says why (IIS refuses an invalid range). */
    if (status.dwWin32ExitCode == ERROR_SERVICE_SPECIFIC_ERROR)
        return HRESULT_FROM_WIN32(ERROR_SERVICE_SPECIFIC_ERROR);
    if (status.dwWin32ExitCode != NO_ERROR)
        return HRESULT_FROM_WIN32(status.dwWin32ExitCode);
    return HRESULT_FROM_WIN32(ERROR_SERVICE_NOT_ACTIVE);
}

static pasv_hr scm_query(pasv_service *iface, pasv_service_state *state)
{
    scm_service *self = impl_from_service(iface);
    SC_HANDLE scm = NULL, svc = NULL;
    SERVICE_STATUS_PROCESS status = {0};
    HRESULT hr = open_service(self, SERVICE_QUERY_STATUS, &scm, &svc);

    if (FAILED(hr))
        return hr;
    hr = query(svc, &status);
    if (SUCCEEDED(hr))
        *state = status.dwCurrentState <= SERVICE_RUNNING ? (pasv_service_state)status.dwCurrentState
                                                          : PASV_SVC_UNKNOWN;
    CloseServiceHandle(svc);
    CloseServiceHandle(scm);
    return hr;
}

static pasv_hr scm_restart(pasv_service *iface, pasv_sink *sink, size_t item)
{
    scm_service *self = impl_from_service(iface);
    SC_HANDLE scm = NULL, svc = NULL;
    HRESULT hr = open_service(self, SERVICE_STOP | SERVICE_START | SERVICE_QUERY_STATUS, &scm, &svc);

    if (FAILED(hr))
        return hr;
    hr = stop(svc, sink, item);
    if (SUCCEEDED(hr))
        hr = start(svc, sink, item);
    CloseServiceHandle(svc);
    CloseServiceHandle(scm);
    return hr;
}

static pasv_hr scm_start(pasv_service *iface, pasv_sink *sink, size_t item)
{
    scm_service *self = impl_from_service(iface);
    SC_HANDLE scm = NULL, svc = NULL;
    SERVICE_STATUS_PROCESS status = {0};
    HRESULT hr = open_service(self, SERVICE_START | SERVICE_QUERY_STATUS, &scm, &svc);

    if (FAILED(hr))
        return hr;
    hr = query(svc, &status);
    if (SUCCEEDED(hr) && status.dwCurrentState == SERVICE_STOP_PENDING)
        hr = wait_while(svc, SERVICE_STOP_PENDING, &status, sink, item);
    if (SUCCEEDED(hr) && status.dwCurrentState != SERVICE_RUNNING)
        hr = start(svc, sink, item);
    CloseServiceHandle(svc);
    CloseServiceHandle(scm);
    return hr;
}

/* QueryServiceConfigW, https://learn.microsoft.com/windows/win32/api/winsvc/nf-winsvc-queryserviceconfigw:
 * asked for the size first (ERROR_INSUFFICIENT_BUFFER), then read. */
HRESULT pasv_scm_start_type(pasv_service *iface, DWORD *start_type)
{
    scm_service *self;
    SC_HANDLE scm = NULL, svc = NULL;
    QUERY_SERVICE_CONFIGW *config = NULL;
    DWORD needed = 0;
    HRESULT hr;

    if (!iface || !start_type)
        return E_INVALIDARG;
    self = impl_from_service(iface);
    hr = open_service(self, SERVICE_QUERY_CONFIG, &scm, &svc);
    if (FAILED(hr))
        return hr;
    if (!QueryServiceConfigW(svc, NULL, 0, &needed) && GetLastError() != ERROR_INSUFFICIENT_BUFFER) {
        hr = last_error_hr();
        goto cleanup;
    }
    config = malloc(needed ? needed : sizeof(*config));
    if (!config) {
        hr = E_OUTOFMEMORY;
        goto cleanup;
    }
    if (!QueryServiceConfigW(svc, config, needed ? needed : sizeof(*config), &needed)) {
        hr = last_error_hr();
        goto cleanup;
    }
    *start_type = config->dwStartType;
cleanup:
    free(config);
    CloseServiceHandle(svc);
    CloseServiceHandle(scm);
    return hr;
}

static const pasv_service_vtable scm_vtable = {
    scm_query,
    scm_restart,
    scm_start,
};

HRESULT pasv_scm_create(const WCHAR *service_name, pasv_service **out)
{
    scm_service *self;

    *out = NULL;
    if (!service_name || wcslen(service_name) >= 64)
        return E_INVALIDARG;
    self = calloc(1, sizeof(*self));
    if (!self)
        return E_OUTOFMEMORY;
    self->iface.vt = &scm_vtable;
    wcscpy(self->name, service_name);
    *out = &self->iface;
    return S_OK;
}

void pasv_scm_free(pasv_service *svc)
{
    if (svc)
        free(impl_from_service(svc));
}
