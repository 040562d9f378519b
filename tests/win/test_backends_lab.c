/* pasvports tests: each Windows backend module on its own, in a lab: the IIS 6 metabase (ABO)
 * or IIS 5 registry configuration store, and the SCM restart with normal, slow, failing,
 * disabled and missing services. Run as "test_backends_lab iis6" or "... iis5".
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "win.h"

#include <stdio.h>

#include "../testlib.h"
#include "backends.h"
#include "env.h"
#include "lab_util.h"

#define IIS5_PARAMS L"SYSTEM\\CurrentControlSet\\Services\\MSFTPSVC\\Parameters"

typedef struct note_sink {
    pasv_sink iface;
    unsigned states[8]; /* how often each service state was reported */
} note_sink;

static void ns_started(pasv_sink *s, const pasv_plan *p, size_t i) { (void)s; (void)p; (void)i; }
static void ns_finished(pasv_sink *s, const pasv_plan *p, size_t i) { (void)s; (void)p; (void)i; }
static bool ns_cancel(pasv_sink *s) { (void)s; return false; }
static void ns_note(pasv_sink *s, size_t i, pasv_note n, uint32_t v)
{
    note_sink *self = PASV_CONTAINER_OF(s, note_sink, iface);
    (void)i;
    if (n == PASV_NOTE_SERVICE_STATE && v < 8)
        self->states[v]++;
}
static const pasv_sink_vtable note_sink_vt = {ns_started, ns_finished, ns_cancel, ns_note};

/* Reads the range through a fresh backend object, as another process would see it. */
static void check_range_(const char *file, int line, bool iis5, bool expect_set, unsigned low, unsigned high)
{
    pasv_ftp_config *cfg = NULL;
    pasv_range r = {0, 0};
    bool set = !expect_set;
    HRESULT hr = iis5 ? pasv_iis5_reg_create(&cfg) : pasv_iis_abo_create(&cfg);

    if (!ok_at(file, line, hr == S_OK, "create config backend: 0x%08lx", (unsigned long)hr))
        return;
    hr = cfg->vt->get_range(cfg, &r, &set);
    ok_at(file, line, hr == S_OK && set == expect_set && r.low == low && r.high == high,
          "get_range: hr 0x%08lx set %d %u-%u, expected set %d %u-%u", (unsigned long)hr, set, r.low, r.high,
          expect_set, low, high);
    if (iis5)
        pasv_iis5_reg_free(cfg);
    else
        pasv_iis_abo_free(cfg);
}
#define check_range(iis5, set, low, high) check_range_(__FILE__, __LINE__, iis5, set, low, high)

static void test_config(bool iis5)
{
    pasv_ftp_config *cfg = NULL;
    pasv_range r = {5001, 5201}, single = {6000, 6000};
    WCHAR value[64];
    unsigned backups;
    bool on = true;
    HRESULT hr = iis5 ? pasv_iis5_reg_create(&cfg) : pasv_iis_abo_create(&cfg);

    if (!ok(hr == S_OK, "create: 0x%08lx", (unsigned long)hr))
        return;
    check_range(iis5, false, 1025, 5000);

    backups = lab_count_backups();
    hr = cfg->vt->backup(cfg);
    if (iis5) {
        ok(hr == PASV_S_FALSE, "IIS 5 has no backup facility of its own: 0x%08lx", (unsigned long)hr);
    } else {
        ok(hr == S_OK, "metabase backup: 0x%08lx", (unsigned long)hr);
        ok(lab_count_backups() == backups + 1, "one more pasvports backup in MetaBack: %u -> %u", backups, lab_count_backups());
    }

    ok(cfg->vt->set_range(cfg, &r) == S_OK, "set 5001-5201");
    check_range(iis5, true, 5001, 5201);
    if (iis5) {
        ok(lab_reg_string(IIS5_PARAMS, L"PassivePortRange", value, 64) && !wcscmp(value, L"5001-5201"),
           "registry value is \"%ls\"", value);
    }
    ok(cfg->vt->set_range(cfg, &single) == S_OK, "set a single port");
    check_range(iis5, true, 6000, 6000);
    if (iis5)
        ok(lab_reg_string(IIS5_PARAMS, L"PassivePortRange", value, 64) && !wcscmp(value, L"6000"),
           "a single port is written as \"6000\", not \"%ls\"", value);
    ok(cfg->vt->set_range(cfg, NULL) == S_OK, "clear");
    check_range(iis5, false, 1025, 5000);
    if (iis5)
        ok(!lab_reg_string(IIS5_PARAMS, L"PassivePortRange", value, 64), "value deleted, not emptied");
    ok(cfg->vt->set_range(cfg, NULL) == S_OK, "clearing an unset range succeeds");

    hr = cfg->vt->get_edit_while_running(cfg, &on);
    if (iis5) {
        ok(hr == PASV_E_NOTIMPL, "no direct metabase edit on IIS 5: 0x%08lx", (unsigned long)hr);
    } else {
        ok(hr == S_OK && !on, "EnableEditWhileRunning starts off: 0x%08lx %d", (unsigned long)hr, on);
        ok(cfg->vt->set_edit_while_running(cfg, true) == S_OK, "turn it on");
        ok(cfg->vt->get_edit_while_running(cfg, &on) == S_OK && on, "reads back on");
        ok(cfg->vt->set_edit_while_running(cfg, false) == S_OK, "turn it off");
        ok(cfg->vt->get_edit_while_running(cfg, &on) == S_OK && !on, "reads back off");

        lab_knob(L"Metabase", L"NotElevated", 1);
        hr = cfg->vt->set_range(cfg, &r);
        ok(hr == E_ACCESSDENIED, "not elevated: set_range 0x%08lx", (unsigned long)hr);
        lab_knob(L"Metabase", L"NotElevated", ~0u);
        check_range(iis5, false, 1025, 5000);
    }
    if (iis5)
        pasv_iis5_reg_free(cfg);
    else
        pasv_iis_abo_free(cfg);
}

static void set_start_type(const WCHAR *name, DWORD type)
{
    SC_HANDLE scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT);
    SC_HANDLE svc = scm ? OpenServiceW(scm, name, SERVICE_CHANGE_CONFIG) : NULL;
    ok(svc && ChangeServiceConfigW(svc, SERVICE_NO_CHANGE, type, SERVICE_NO_CHANGE, NULL, NULL, NULL, NULL, NULL,
                                   NULL, NULL),
       "ChangeServiceConfig(%lu): %lu", (unsigned long)type, GetLastError());
    if (svc)
        CloseServiceHandle(svc);
    if (scm)
        CloseServiceHandle(scm);
}

static void test_service(void)
{
    pasv_service *svc = NULL, *missing = NULL;
    pasv_service_state st = PASV_SVC_UNKNOWN;
    note_sink sink = {{&note_sink_vt}, {0}};
    HRESULT hr;

    ok(pasv_scm_create(L"MSFTPSVC", &svc) == S_OK, "create");
    if (!svc)
        return;
    hr = svc->vt->restart(svc, &sink.iface, 0);
    ok(hr == S_OK, "plain restart: 0x%08lx", (unsigned long)hr);
    ok(svc->vt->query(svc, &st) == S_OK && st == PASV_SVC_RUNNING, "running after restart (%d)", st);

    memset(sink.states, 0, sizeof(sink.states));
    lab_knob(L"FtpSvc", L"SlowStopMs", 3000);
    lab_knob(L"FtpSvc", L"SlowStartMs", 3000);
    hr = svc->vt->restart(svc, &sink.iface, 0);
    ok(hr == S_OK, "slow restart: 0x%08lx", (unsigned long)hr);
    ok(sink.states[PASV_SVC_STOP_PENDING] >= 2 && sink.states[PASV_SVC_START_PENDING] >= 2,
       "slow restart reported its waits: stop pending %u, start pending %u", sink.states[PASV_SVC_STOP_PENDING],
       sink.states[PASV_SVC_START_PENDING]);
    lab_knob(L"FtpSvc", L"SlowStopMs", ~0u);
    lab_knob(L"FtpSvc", L"SlowStartMs", ~0u);

    lab_knob(L"FtpSvc", L"FailStart", 1);
    hr = svc->vt->restart(svc, &sink.iface, 0);
    ok(FAILED(hr), "a service that will not start fails the restart: 0x%08lx", (unsigned long)hr);
    ok(svc->vt->query(svc, &st) == S_OK && st == PASV_SVC_STOPPED, "and it is stopped (%d)", st);
    lab_knob(L"FtpSvc", L"FailStart", ~0u);
    hr = svc->vt->start(svc, &sink.iface, 0);
    ok(hr == S_OK, "start after the fault clears: 0x%08lx", (unsigned long)hr);

    set_start_type(L"MSFTPSVC", SERVICE_DISABLED);
    hr = svc->vt->restart(svc, &sink.iface, 0);
    ok(hr == HRESULT_FROM_WIN32(ERROR_SERVICE_DISABLED), "disabled: 0x%08lx", (unsigned long)hr);
    set_start_type(L"MSFTPSVC", SERVICE_AUTO_START);
    ok(svc->vt->start(svc, &sink.iface, 0) == S_OK, "start again once enabled");

    ok(pasv_scm_create(L"PasvNoSuchService", &missing) == S_OK, "create for a missing service");
    hr = missing->vt->restart(missing, &sink.iface, 0);
    ok(hr == HRESULT_FROM_WIN32(ERROR_SERVICE_DOES_NOT_EXIST), "missing: 0x%08lx", (unsigned long)hr);
    pasv_scm_free(missing);
    pasv_scm_free(svc);
}

int wmain(int argc, WCHAR **argv)
{
    bool iis5 = argc > 1 && !wcscmp(argv[1], L"iis5");
    pasv_env env;
    HRESULT hr = CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);

    if (!ok(SUCCEEDED(hr), "CoInitializeEx: 0x%08lx", (unsigned long)hr))
        return test_summary("backends_lab");
    pasv_env_detect(&env);
    ok(env.ftp == (iis5 ? PASV_FTP_IIS5 : PASV_FTP_IIS6), "detected %d", env.ftp);
    if (iis5)
        ok(!env.metabase && env.metabase_hr == REGDB_E_CLASSNOTREG,
           "no metabase on the IIS 5 lab: 0x%08lx", (unsigned long)env.metabase_hr);
    ok(env.elevated, "the lab runs as an administrator");
    test_config(iis5);
    if (!iis5)
        test_service();
    CoUninitialize();
    return test_summary(iis5 ? "backends_lab_iis5" : "backends_lab_iis6");
}
