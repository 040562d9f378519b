/* Lab end-to-end test driver (test-only, NOT the product): sets PassivePortRange through ABO,
 * opens ports through the legacy firewall COM API and restarts MSFTPSVC through the SCM.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 * Usage: lab_e2e_driver.exe set-range R | open-ports R | restart | start | stop | apply R */
#include <windows.h>
#include <initguid.h>
#include <iadmw.h>      /* before COBJMACROS: mingw-w64 10's iadmw.h line 603 lacks a '#' */
#include <iiscnfg.h>
#define COBJMACROS
#include <netfw.h>
#include <stdio.h>
#include <wchar.h>

/* ---------- range argument ---------- */

static BOOL parse_range(const WCHAR *s, LONG *low, LONG *high)
{
    WCHAR *end;
    *low = wcstol(s, &end, 10);
    *high = *low;
    if (*end == L'-')
        *high = wcstol(end + 1, &end, 10);
    return !*end && *low >= 1 && *low <= *high && *high <= 65535;
}

/* ---------- metabase ---------- */

static HRESULT set_range(const WCHAR *range)
{
    IMSAdminBaseW *abo = NULL;
    METADATA_HANDLE h = 0;
    METADATA_RECORD rec;
    HRESULT hr;

    hr = CoCreateInstance(&CLSID_MSAdminBase_W, NULL, CLSCTX_ALL, &IID_IMSAdminBase_W, (void **)&abo);
    if (FAILED(hr))
        goto done;
    hr = abo->lpVtbl->OpenKey(abo, METADATA_MASTER_ROOT_HANDLE, L"/LM/MSFTPSVC",
                              METADATA_PERMISSION_READ | METADATA_PERMISSION_WRITE, 10000, &h);
    if (FAILED(hr))
        goto done;
    memset(&rec, 0, sizeof(rec));
    rec.dwMDIdentifier = MD_PASSIVE_PORT_RANGE;
    rec.dwMDAttributes = METADATA_INHERIT;
    rec.dwMDUserType = IIS_MD_UT_SERVER;
    rec.dwMDDataType = STRING_METADATA;
    rec.dwMDDataLen = (DWORD)(wcslen(range) + 1) * sizeof(WCHAR);
    rec.pbMDData = (BYTE *)range;
    hr = abo->lpVtbl->SetData(abo, h, L"", &rec);
    abo->lpVtbl->CloseKey(abo, h);
    h = 0;
    if (SUCCEEDED(hr))
        hr = abo->lpVtbl->SaveData(abo);   /* no write handle open any more */
done:
    if (h)
        abo->lpVtbl->CloseKey(abo, h);
    if (abo)
        abo->lpVtbl->Release(abo);
    printf("metabase /LM/MSFTPSVC PassivePortRange = \"%ls\": 0x%08lx\n", range, (unsigned long)hr);
    return hr;
}

/* ---------- firewall (legacy INetFwMgr, both profiles) ---------- */

static HRESULT open_ports_in(INetFwProfile *profile, const char *name, LONG low, LONG high)
{
    INetFwOpenPorts *ports = NULL;
    HRESULT hr;
    LONG port;

    hr = INetFwProfile_get_GloballyOpenPorts(profile, &ports);
    if (FAILED(hr))
        return hr;
    for (port = low; port <= high && SUCCEEDED(hr); port++) {
        INetFwOpenPort *p = NULL;
        WCHAR label[64];
        BSTR bname;

        hr = CoCreateInstance(&CLSID_NetFwOpenPort, NULL, CLSCTX_INPROC_SERVER, &IID_INetFwOpenPort, (void **)&p);
        if (FAILED(hr))
            break;
        /* the seed procedure's naming: "Passive FTP" immediately followed by the number */
        swprintf(label, 64, L"Passive FTP%ld", port);
        bname = SysAllocString(label);
        hr = bname ? INetFwOpenPort_put_Name(p, bname) : E_OUTOFMEMORY;
        if (SUCCEEDED(hr))
            hr = INetFwOpenPort_put_Port(p, port);
        if (SUCCEEDED(hr))
            hr = INetFwOpenPort_put_Protocol(p, NET_FW_IP_PROTOCOL_TCP);
        if (SUCCEEDED(hr))
            hr = INetFwOpenPort_put_Enabled(p, VARIANT_TRUE);
        if (SUCCEEDED(hr)) {
            hr = INetFwOpenPorts_Add(ports, p);
            if (hr == E_UNEXPECTED)   /* documented "already in the collection" */
                hr = S_OK;
        }
        SysFreeString(bname);
        INetFwOpenPort_Release(p);
    }
    INetFwOpenPorts_Release(ports);
    printf("firewall %s profile: open TCP %ld-%ld: 0x%08lx\n", name, low, high, (unsigned long)hr);
    return hr;
}

static HRESULT open_ports(LONG low, LONG high)
{
    INetFwMgr *mgr = NULL;
    INetFwPolicy *policy = NULL;
    INetFwProfile *profile = NULL;
    HRESULT hr;
    int type;

    hr = CoCreateInstance(&CLSID_NetFwMgr, NULL, CLSCTX_INPROC_SERVER, &IID_INetFwMgr, (void **)&mgr);
    if (FAILED(hr))
        goto done;
    hr = INetFwMgr_get_LocalPolicy(mgr, &policy);
    if (FAILED(hr))
        goto done;
    for (type = NET_FW_PROFILE_DOMAIN; type <= NET_FW_PROFILE_STANDARD; type++) {
        hr = INetFwPolicy_GetProfileByType(policy, (NET_FW_PROFILE_TYPE)type, &profile);
        if (hr == E_NOTIMPL) {   /* Wine's stub; fall back to the current profile */
            hr = INetFwPolicy_get_CurrentProfile(policy, &profile);
            if (SUCCEEDED(hr))
                hr = open_ports_in(profile, "current (GetProfileByType not implemented)", low, high);
            break;
        }
        if (FAILED(hr))
            goto done;
        hr = open_ports_in(profile, type == NET_FW_PROFILE_DOMAIN ? "Domain" : "Standard", low, high);
        INetFwProfile_Release(profile);
        profile = NULL;
        if (FAILED(hr))
            goto done;
    }
done:
    if (profile)
        INetFwProfile_Release(profile);
    if (policy)
        INetFwPolicy_Release(policy);
    if (mgr)
        INetFwMgr_Release(mgr);
    if (FAILED(hr))
        printf("firewall: 0x%08lx\n", (unsigned long)hr);
    return hr;
}

/* ---------- SCM (Microsoft's "Stopping/Starting a Service" wait loops) ---------- */

static DWORD wait_time(const SERVICE_STATUS_PROCESS *st)
{
    DWORD t = st->dwWaitHint / 10;
    return t < 1000 ? 1000 : t > 10000 ? 10000 : t;
}

static BOOL query(SC_HANDLE svc, SERVICE_STATUS_PROCESS *st)
{
    DWORD needed;
    return QueryServiceStatusEx(svc, SC_STATUS_PROCESS_INFO, (BYTE *)st, sizeof(*st), &needed);
}

static BOOL stop_service(SC_HANDLE svc)
{
    SERVICE_STATUS_PROCESS st;
    SERVICE_STATUS ss;
    DWORD start = GetTickCount();

    if (!query(svc, &st))
        return FALSE;
    if (st.dwCurrentState == SERVICE_STOPPED) {
        printf("MSFTPSVC already stopped\n");
        return TRUE;
    }
    if (st.dwCurrentState != SERVICE_STOP_PENDING && !ControlService(svc, SERVICE_CONTROL_STOP, &ss)) {
        printf("ControlService(STOP) failed: %lu\n", (unsigned long)GetLastError());
        return FALSE;
    }
    for (;;) {
        if (!query(svc, &st))
            return FALSE;
        if (st.dwCurrentState == SERVICE_STOPPED)
            break;
        if (GetTickCount() - start > 30000) {
            printf("MSFTPSVC did not stop within 30 s\n");
            return FALSE;
        }
        printf("  STOP_PENDING checkpoint %lu hint %lu\n", (unsigned long)st.dwCheckPoint,
               (unsigned long)st.dwWaitHint);
        Sleep(wait_time(&st));
    }
    printf("MSFTPSVC stopped\n");
    return TRUE;
}

static BOOL start_service(SC_HANDLE svc)
{
    SERVICE_STATUS_PROCESS st;
    DWORD start, old_checkpoint;

    if (!StartServiceW(svc, 0, NULL) && GetLastError() != ERROR_SERVICE_ALREADY_RUNNING) {
        printf("StartService failed: %lu\n", (unsigned long)GetLastError());
        return FALSE;
    }
    if (!query(svc, &st))
        return FALSE;
    start = GetTickCount();
    old_checkpoint = st.dwCheckPoint;
    while (st.dwCurrentState == SERVICE_START_PENDING) {
        printf("  START_PENDING checkpoint %lu hint %lu\n", (unsigned long)st.dwCheckPoint,
               (unsigned long)st.dwWaitHint);
        Sleep(wait_time(&st));
        if (!query(svc, &st))
            return FALSE;
        if (st.dwCheckPoint > old_checkpoint) {
            start = GetTickCount();
            old_checkpoint = st.dwCheckPoint;
        } else if (GetTickCount() - start > st.dwWaitHint) {
            break;   /* no progress within the wait hint */
        }
    }
    if (st.dwCurrentState != SERVICE_RUNNING) {
        printf("MSFTPSVC not running: state %lu, exit %lu, service-specific %lu\n",
               (unsigned long)st.dwCurrentState, (unsigned long)st.dwWin32ExitCode,
               (unsigned long)st.dwServiceSpecificExitCode);
        return FALSE;
    }
    printf("MSFTPSVC running (pid %lu)\n", (unsigned long)st.dwProcessId);
    return TRUE;
}

static BOOL control(BOOL do_stop, BOOL do_start)
{
    SC_HANDLE scm, svc;
    BOOL ok = TRUE;

    scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT);
    if (!scm) {
        printf("OpenSCManager failed: %lu\n", (unsigned long)GetLastError());
        return FALSE;
    }
    svc = OpenServiceW(scm, L"MSFTPSVC", SERVICE_START | SERVICE_STOP | SERVICE_QUERY_STATUS);
    if (!svc) {
        printf("OpenService(MSFTPSVC) failed: %lu\n", (unsigned long)GetLastError());
        CloseServiceHandle(scm);
        return FALSE;
    }
    if (do_stop)
        ok = stop_service(svc);
    if (ok && do_start)
        ok = start_service(svc);
    CloseServiceHandle(svc);
    CloseServiceHandle(scm);
    return ok;
}

int wmain(int argc, WCHAR **argv)
{
    LONG low = 0, high = 0;
    BOOL ok = TRUE, com = FALSE;
    const WCHAR *cmd = argc > 1 ? argv[1] : L"";
    BOOL needs_range = !wcscmp(cmd, L"set-range") || !wcscmp(cmd, L"open-ports") || !wcscmp(cmd, L"apply");

    setvbuf(stdout, NULL, _IONBF, 0);
    if (needs_range && (argc < 3 || !parse_range(argv[2], &low, &high))) {
        fprintf(stderr, "lab_e2e_driver: %ls needs a range N or N-M\n", cmd);
        return 2;
    }
    if (needs_range) {
        HRESULT hr = CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);
        if (FAILED(hr)) {
            printf("CoInitializeEx: 0x%08lx\n", (unsigned long)hr);
            return 1;
        }
        com = TRUE;
    }
    if (!wcscmp(cmd, L"set-range")) {
        ok = SUCCEEDED(set_range(argv[2]));
    } else if (!wcscmp(cmd, L"open-ports")) {
        ok = SUCCEEDED(open_ports(low, high));
    } else if (!wcscmp(cmd, L"apply")) {
        ok = SUCCEEDED(set_range(argv[2])) && SUCCEEDED(open_ports(low, high)) && control(TRUE, TRUE);
    } else if (!wcscmp(cmd, L"restart")) {
        ok = control(TRUE, TRUE);
    } else if (!wcscmp(cmd, L"start")) {
        ok = control(FALSE, TRUE);
    } else if (!wcscmp(cmd, L"stop")) {
        ok = control(TRUE, FALSE);
    } else {
        fprintf(stderr, "usage: lab_e2e_driver.exe set-range R | open-ports R | restart | start | stop | apply R\n");
        return 2;
    }
    if (com)
        CoUninitialize();
    return ok ? 0 : 1;
}
