/* Lab FTP service tests: drives MSFTPSVC through Wine's real SCM and talks FTP to it.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 * Runs in a lab prefix (provision.sh --iis6); changes knobs, the metabase value, the IIS 5
 * registry value and the lab firewall switch of its own throwaway prefix only. */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <initguid.h>
#include <iadmw.h>
#include <iiscnfg.h>
#include <stdio.h>
#include <string.h>
#include "testlib.h"
#include "ftpsvc.h"

#define KNOB_KEY L"SOFTWARE\\PasvLab\\FtpSvc"
#define IIS5_KEY L"SYSTEM\\CurrentControlSet\\Services\\MSFTPSVC\\Parameters"
#define FW_STD_KEY L"SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy\\StandardProfile"
#define FW_DOM_KEY L"SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy\\DomainProfile"

static SC_HANDLE scm, svc;
static BOOL have_metabase;
static USHORT ctrl_port = 2121;   /* replaced by a free port: labs may run side by side */

/* ---------- registry helpers ---------- */

static void reg_set_dword(const WCHAR *path, const WCHAR *name, DWORD value)
{
    HKEY key;
    if (!RegCreateKeyExW(HKEY_LOCAL_MACHINE, path, 0, NULL, 0, KEY_SET_VALUE, NULL, &key, NULL)) {
        RegSetValueExW(key, name, 0, REG_DWORD, (const BYTE *)&value, sizeof(value));
        RegCloseKey(key);
    }
}

static DWORD reg_get_dword(const WCHAR *path, const WCHAR *name, DWORD dflt)
{
    DWORD value = dflt, size = sizeof(value);
    if (RegGetValueW(HKEY_LOCAL_MACHINE, path, name, RRF_RT_REG_DWORD, NULL, &value, &size))
        return dflt;
    return value;
}

static void reg_set_string(const WCHAR *path, const WCHAR *name, const WCHAR *value)
{
    HKEY key;
    if (!RegCreateKeyExW(HKEY_LOCAL_MACHINE, path, 0, NULL, 0, KEY_SET_VALUE, NULL, &key, NULL)) {
        RegSetValueExW(key, name, 0, REG_SZ, (const BYTE *)value, (DWORD)(wcslen(value) + 1) * sizeof(WCHAR));
        RegCloseKey(key);
    }
}

static void reg_delete(const WCHAR *path, const WCHAR *name)
{
    HKEY key;
    if (!RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, KEY_SET_VALUE, &key)) {
        RegDeleteValueW(key, name);
        RegCloseKey(key);
    }
}

#define knob_set(name, value) reg_set_dword(KNOB_KEY, name, value)
#define knob_clear(name)      reg_delete(KNOB_KEY, name)

/* ---------- metabase (lab ABO) ---------- */

/* value NULL deletes PassivePortRange. Returns the HRESULT of the write. */
static HRESULT metabase_set_range(const WCHAR *value)
{
    IMSAdminBaseW *abo = NULL;
    METADATA_HANDLE h = 0;
    METADATA_RECORD rec;
    HRESULT hr;

    hr = CoCreateInstance(&CLSID_MSAdminBase_W, NULL, CLSCTX_ALL, &IID_IMSAdminBase_W, (void **)&abo);
    if (FAILED(hr))
        return hr;
    hr = abo->lpVtbl->OpenKey(abo, METADATA_MASTER_ROOT_HANDLE, L"/LM/MSFTPSVC",
                              METADATA_PERMISSION_READ | METADATA_PERMISSION_WRITE, 10000, &h);
    if (SUCCEEDED(hr)) {
        if (value) {
            memset(&rec, 0, sizeof(rec));
            rec.dwMDIdentifier = MD_PASSIVE_PORT_RANGE;
            rec.dwMDAttributes = METADATA_INHERIT;
            rec.dwMDUserType = IIS_MD_UT_SERVER;
            rec.dwMDDataType = STRING_METADATA;
            rec.dwMDDataLen = (DWORD)(wcslen(value) + 1) * sizeof(WCHAR);
            rec.pbMDData = (BYTE *)value;
            hr = abo->lpVtbl->SetData(abo, h, L"", &rec);
        } else {
            hr = abo->lpVtbl->DeleteData(abo, h, L"", MD_PASSIVE_PORT_RANGE, ALL_METADATA);
            if (hr == (HRESULT)MD_ERROR_DATA_NOT_FOUND)
                hr = S_OK;
        }
        abo->lpVtbl->CloseKey(abo, h);
    }
    abo->lpVtbl->Release(abo);
    return hr;
}

/* ---------- SCM helpers ---------- */

typedef struct {
    DWORD pending_seen;       /* how many pending states were observed */
    DWORD max_checkpoint;
    BOOL checkpoints_increase;
} observation;

static BOOL query(SERVICE_STATUS_PROCESS *st)
{
    DWORD needed;
    return QueryServiceStatusEx(svc, SC_STATUS_PROCESS_INFO, (BYTE *)st, sizeof(*st), &needed);
}

/* Polls every 50 ms (faster than the documented loop, to observe checkpoints) until the
 * service leaves pending; fails when the checkpoint stalls longer than the wait hint. */
static DWORD wait_settled(DWORD pending, SERVICE_STATUS_PROCESS *st, observation *obs, DWORD timeout_ms)
{
    DWORD start = GetTickCount(), last_progress = start, last_cp = 0;

    memset(obs, 0, sizeof(*obs));
    obs->checkpoints_increase = TRUE;
    for (;;) {
        if (!query(st))
            return 0;
        if (st->dwCurrentState != pending)
            return st->dwCurrentState;
        obs->pending_seen++;
        if (st->dwCheckPoint > last_cp) {
            last_cp = st->dwCheckPoint;
            last_progress = GetTickCount();
        } else if (st->dwCheckPoint < last_cp) {
            obs->checkpoints_increase = FALSE;
        }
        if (st->dwCheckPoint > obs->max_checkpoint)
            obs->max_checkpoint = st->dwCheckPoint;
        if (GetTickCount() - last_progress > st->dwWaitHint + 1000 || GetTickCount() - start > timeout_ms)
            return st->dwCurrentState;
        Sleep(50);
    }
}

static BOOL stop_service(observation *obs)
{
    SERVICE_STATUS ss;
    SERVICE_STATUS_PROCESS st;
    observation dummy;

    if (!obs)
        obs = &dummy;
    memset(obs, 0, sizeof(*obs));
    if (!query(&st))
        return FALSE;
    if (st.dwCurrentState == SERVICE_STOPPED)
        return TRUE;
    if (st.dwCurrentState != SERVICE_STOP_PENDING && !ControlService(svc, SERVICE_CONTROL_STOP, &ss))
        return FALSE;
    return wait_settled(SERVICE_STOP_PENDING, &st, obs, 30000) == SERVICE_STOPPED;
}

/* Starts MSFTPSVC and returns the settled state (RUNNING or STOPPED); st holds the status. */
static DWORD start_service(SERVICE_STATUS_PROCESS *st, observation *obs)
{
    observation dummy;
    if (!obs)
        obs = &dummy;
    memset(st, 0, sizeof(*st));
    if (!StartServiceW(svc, 0, NULL)) {
        DWORD err = GetLastError();
        trace("StartService failed: %lu", (unsigned long)err);
        query(st);
        if (st->dwCurrentState == SERVICE_START_PENDING)
            return wait_settled(SERVICE_START_PENDING, st, obs, 30000);
        return st->dwCurrentState;
    }
    return wait_settled(SERVICE_START_PENDING, st, obs, 30000);
}

/* ---------- log file ---------- */

static void log_path(WCHAR *path)
{
    WCHAR dir[MAX_PATH];
    GetSystemDirectoryW(dir, MAX_PATH);
    wsprintfW(path, L"%s\\LogFiles\\MSFTPSVC\\lab.log", dir);
}

static LONGLONG log_size(void)
{
    WCHAR path[MAX_PATH];
    WIN32_FILE_ATTRIBUTE_DATA fa;
    log_path(path);
    if (!GetFileAttributesExW(path, GetFileExInfoStandard, &fa))
        return 0;
    return ((LONGLONG)fa.nFileSizeHigh << 32) | fa.nFileSizeLow;
}

/* TRUE if the log, from byte offset `from`, contains needle. */
static BOOL log_contains(LONGLONG from, const char *needle)
{
    WCHAR path[MAX_PATH];
    static char buf[1 << 20];
    HANDLE f;
    DWORD got = 0;
    LARGE_INTEGER li;

    log_path(path);
    f = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                    OPEN_EXISTING, 0, NULL);
    if (f == INVALID_HANDLE_VALUE)
        return FALSE;
    li.QuadPart = from;
    SetFilePointerEx(f, li, NULL, FILE_BEGIN);
    ReadFile(f, buf, sizeof(buf) - 1, &got, NULL);
    CloseHandle(f);
    buf[got] = 0;
    return strstr(buf, needle) != NULL;
}

/* ---------- a tiny FTP client ---------- */

typedef struct {
    SOCKET s;
    char buf[4096];
    int len;
} ftp_conn;

/* Reads one reply (multi-line aware); returns its code (-1 when the connection is gone); the
 * last line of the reply is left in line. */
static int ftp_reply(ftp_conn *c, char *line, int line_len)
{
    char code[4] = "";
    for (;;) {
        char *nl = memchr(c->buf, '\n', c->len);
        int n, copy;
        if (!nl) {
            n = recv(c->s, c->buf + c->len, sizeof(c->buf) - c->len, 0);
            if (n <= 0)
                return -1;
            c->len += n;
            continue;
        }
        n = (int)(nl - c->buf) + 1;
        copy = n < line_len ? n : line_len - 1;
        memcpy(line, c->buf, copy);
        line[copy] = 0;
        memmove(c->buf, c->buf + n, c->len - n);
        c->len -= n;
        while (copy > 0 && (line[copy - 1] == '\n' || line[copy - 1] == '\r'))
            line[--copy] = 0;
        if (copy < 4)
            continue;
        if (!code[0])
            memcpy(code, line, 3);
        if (!strncmp(line, code, 3) && line[3] == ' ')
            return atoi(code);
    }
}

static int ftp_cmd(ftp_conn *c, char *line, int line_len, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int ftp_cmd(ftp_conn *c, char *line, int line_len, const char *fmt, ...)
{
    char out[512];
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(out, sizeof(out) - 2, fmt, ap);
    va_end(ap);
    out[n++] = '\r';
    out[n++] = '\n';
    send(c->s, out, n, 0);
    return ftp_reply(c, line, line_len);
}

static SOCKET tcp_connect(USHORT port)
{
    struct sockaddr_in sa;
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    DWORD timeout = 20000;
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    sa.sin_port = htons(port);
    setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, (const char *)&timeout, sizeof(timeout));
    if (connect(s, (struct sockaddr *)&sa, sizeof(sa))) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    return s;
}

static BOOL ftp_login(ftp_conn *c, const char *user, const char *pass)
{
    char line[512];
    memset(c, 0, sizeof(*c));
    c->s = tcp_connect(ctrl_port);
    if (c->s == INVALID_SOCKET)
        return FALSE;
    if (ftp_reply(c, line, sizeof(line)) != 220)
        return FALSE;
    if (ftp_cmd(c, line, sizeof(line), "USER %s", user) != 331)
        return FALSE;
    return ftp_cmd(c, line, sizeof(line), "PASS %s", pass) == 230;
}

static void ftp_close(ftp_conn *c)
{
    char line[512];
    if (c->s != INVALID_SOCKET) {
        ftp_cmd(c, line, sizeof(line), "QUIT");
        closesocket(c->s);
        c->s = INVALID_SOCKET;
    }
}

/* Sends PASV (or EPSV) and returns the announced port, 0 on failure. */
static int ftp_passive(ftp_conn *c, BOOL epsv)
{
    char line[512];
    int code = ftp_cmd(c, line, sizeof(line), epsv ? "EPSV" : "PASV");
    unsigned h1, h2, h3, h4, p1, p2, port;
    char *p;
    if (!epsv && code == 227 && (p = strchr(line, '('))
        && sscanf(p, "(%u,%u,%u,%u,%u,%u)", &h1, &h2, &h3, &h4, &p1, &p2) == 6) {
        ok(h1 == 127 && h2 == 0 && h3 == 0 && h4 == 1, "227 announces %u.%u.%u.%u", h1, h2, h3, h4);
        return (int)(p1 * 256 + p2);
    }
    if (epsv && code == 229 && (p = strstr(line, "(|||")) && sscanf(p, "(|||%u|)", &port) == 1)
        return (int)port;
    trace("passive command failed: %s", line);
    return 0;
}

/* Runs a data command over passive mode; returns the final reply code, data in out. */
static int ftp_transfer(ftp_conn *c, BOOL epsv, const char *cmd, char *out, int out_len, int *port_out)
{
    char line[512];
    int port = ftp_passive(c, epsv), code, total = 0, n;
    SOCKET d;

    if (port_out)
        *port_out = port;
    if (!port)
        return -1;
    d = tcp_connect((USHORT)port);
    code = ftp_cmd(c, line, sizeof(line), "%s", cmd);
    if (code != 125 && code != 150) {
        if (d != INVALID_SOCKET)
            closesocket(d);
        return code;
    }
    while (d != INVALID_SOCKET && (n = recv(d, out + total, out_len - 1 - total, 0)) > 0)
        total += n;
    out[total] = 0;
    if (d != INVALID_SOCKET)
        closesocket(d);
    return ftp_reply(c, line, sizeof(line));
}

static void set_firewall(DWORD enabled)
{
    reg_set_dword(FW_STD_KEY, L"EnableFirewall", enabled);
    reg_set_dword(FW_DOM_KEY, L"EnableFirewall", enabled);
}

/* ---------- tests ---------- */

static void expect_running(const char *what)
{
    SERVICE_STATUS_PROCESS st;
    observation obs;
    DWORD state = start_service(&st, &obs);
    ok(state == SERVICE_RUNNING, "%s: state %lu, exit %lu/%lu", what, (unsigned long)state,
       (unsigned long)st.dwWin32ExitCode, (unsigned long)st.dwServiceSpecificExitCode);
}

/* Starts with the current configuration and checks that PASV/EPSV stay in [low, high]. */
static void check_announced(const char *what, int low, int high)
{
    ftp_conn c;
    int i, port, prev = 0;
    BOOL in_range = TRUE, distinct = TRUE;

    expect_running(what);
    if (!ok(ftp_login(&c, "anonymous", "lab@"), "%s: anonymous login", what))
        return;
    for (i = 0; i < 4; i++) {
        port = ftp_passive(&c, i & 1);
        if (port < low || port > high)
            in_range = FALSE;
        if (port == prev)
            distinct = FALSE;
        trace("%s: %s announced %d", what, i & 1 ? "EPSV" : "PASV", port);
        prev = port;
    }
    ok(in_range, "%s: announced ports lie in %d-%d", what, low, high);
    ok(distinct || low == high, "%s: consecutive announcements rotate through the range", what);
    ftp_close(&c);
    ok(stop_service(NULL), "%s: stopped", what);
}

/* start/stop, checkpoints, and the whole command set over Winsock. */
static void test_start_stop_and_commands(void)
{
    SERVICE_STATUS_PROCESS st;
    SERVICE_STATUS ss;
    observation obs;
    ftp_conn c;
    char line[512], data[8192];
    int code, port;
    LONGLONG mark = log_size();

    knob_set(L"LogCommands", 1);
    ok(start_service(&st, &obs) == SERVICE_RUNNING, "start: RUNNING (state %lu, exit %lu/%lu)",
       (unsigned long)st.dwCurrentState, (unsigned long)st.dwWin32ExitCode,
       (unsigned long)st.dwServiceSpecificExitCode);
    ok(st.dwProcessId != 0, "running service has a process id");
    ok(st.dwControlsAccepted & SERVICE_ACCEPT_STOP, "running service accepts STOP");
    ok(st.dwCheckPoint == 0 && st.dwWaitHint == 0, "RUNNING has no checkpoint/hint");

    ok(ftp_login(&c, "anonymous", "lab@"), "anonymous login");
    ok(ftp_cmd(&c, line, sizeof(line), "SYST") == 215, "SYST: %s", line);
    ok(ftp_cmd(&c, line, sizeof(line), "FEAT") == 211, "FEAT: %s", line);
    ok(ftp_cmd(&c, line, sizeof(line), "PWD") == 257 && strstr(line, "\"/\""), "PWD: %s", line);
    ok(ftp_cmd(&c, line, sizeof(line), "CWD pub") == 250, "CWD pub: %s", line);
    ok(ftp_cmd(&c, line, sizeof(line), "PWD") == 257 && strstr(line, "\"/pub\""), "PWD in pub: %s", line);
    ok(ftp_cmd(&c, line, sizeof(line), "CDUP") == 250, "CDUP: %s", line);
    ok(ftp_cmd(&c, line, sizeof(line), "CWD ../..") == 250, "CWD above root stays in root: %s", line);
    ok(ftp_cmd(&c, line, sizeof(line), "CWD nosuchdir") == 550, "CWD missing dir: %s", line);
    ok(ftp_cmd(&c, line, sizeof(line), "TYPE I") == 200, "TYPE I: %s", line);
    ok(ftp_cmd(&c, line, sizeof(line), "SIZE hello.txt") == 213
       && atoi(line + 4) == (int)strlen(FTPSVC_HELLO_LINE), "SIZE hello.txt: %s", line);
    ok(ftp_cmd(&c, line, sizeof(line), "SIZE nosuch.txt") == 550, "SIZE missing: %s", line);
    ok(ftp_cmd(&c, line, sizeof(line), "NOOP") == 200, "NOOP: %s", line);
    ok(ftp_cmd(&c, line, sizeof(line), "MDTM hello.txt") == 502, "unimplemented MDTM -> 502: %s", line);
    ok(ftp_cmd(&c, line, sizeof(line), "EPSV 2") == 522, "EPSV 2 -> 522: %s", line);

    /* Lab firewall on (provisioned) and no exception for default-range ports: 425. */
    mark = log_size();
    code = ftp_transfer(&c, FALSE, "LIST", data, sizeof(data), &port);
    ok(code == 425, "LIST with the data port firewalled -> 425 (got %d, port %d)", code, port);
    ok(port >= 1025 && port <= 5000, "unset range: PASV port %d in 1025-5000", port);
    code = ftp_transfer(&c, TRUE, "RETR hello.txt", data, sizeof(data), &port);
    ok(code == 425, "RETR over EPSV with the data port firewalled -> 425 (got %d)", code);
    ok(port >= 1025 && port <= 5000, "unset range: EPSV port %d in 1025-5000", port);
    ok(log_contains(mark, "blocked by the lab firewall"), "log says why the data connection failed");

    /* Firewall off in both profiles: transfers work. */
    set_firewall(0);
    code = ftp_transfer(&c, FALSE, "LIST", data, sizeof(data), NULL);
    ok(code == 226 && strstr(data, "hello.txt") && strstr(data, "pub"), "LIST: %d\n%s", code, data);
    code = ftp_transfer(&c, TRUE, "NLST", data, sizeof(data), NULL);
    ok(code == 226 && strstr(data, "hello.txt\r"), "NLST over EPSV: %d\n%s", code, data);
    code = ftp_transfer(&c, FALSE, "LIST pub", data, sizeof(data), NULL);
    ok(code == 226 && strstr(data, "readme.txt"), "LIST pub: %d\n%s", code, data);
    code = ftp_transfer(&c, FALSE, "RETR hello.txt", data, sizeof(data), NULL);
    ok(code == 226 && !strcmp(data, FTPSVC_HELLO_LINE), "RETR hello.txt: %d [%s]", code, data);
    code = ftp_transfer(&c, FALSE, "RETR nosuch.txt", data, sizeof(data), NULL);
    ok(code == 550, "RETR missing -> 550 (got %d)", code);
    ok(ftp_cmd(&c, line, sizeof(line), "STOR up.txt") == 550, "anonymous STOR denied: %s", line);
    ftp_close(&c);

    /* The lab user may upload. */
    ok(!ftp_login(&c, "labuser", "wrong"), "labuser with a wrong password is refused");
    if (c.s != INVALID_SOCKET)
        closesocket(c.s);
    if (ok(ftp_login(&c, "labuser", "labpass"), "labuser login")) {
        SOCKET d;
        port = ftp_passive(&c, FALSE);
        d = tcp_connect((USHORT)port);
        code = ftp_cmd(&c, line, sizeof(line), "STOR upload.txt");
        ok(code == 125 || code == 150, "STOR accepted: %s", line);
        send(d, "uploaded\r", 10, 0);
        closesocket(d);
        ok(ftp_reply(&c, line, sizeof(line)) == 226, "STOR complete: %s", line);
        ok(ftp_cmd(&c, line, sizeof(line), "SIZE upload.txt") == 213 && atoi(line + 4) == 10,
           "uploaded file has 10 bytes: %s", line);
        ftp_close(&c);
    }
    ok(ftp_login(&c, "anonymous", "x"), "second anonymous login");
    ok(ftp_cmd(&c, line, sizeof(line), "QUIT") == 221, "QUIT: %s", line);
    closesocket(c.s);

    /* Not logged in. */
    memset(&c, 0, sizeof(c));
    c.s = tcp_connect(ctrl_port);
    ftp_reply(&c, line, sizeof(line));
    ok(ftp_cmd(&c, line, sizeof(line), "PASV") == 530, "PASV before login -> 530: %s", line);
    closesocket(c.s);
    set_firewall(1);
    ok(log_contains(mark, "<- SYST") || log_contains(0, "<- SYST"), "LogCommands logs commands");
    knob_clear(L"LogCommands");

    ok(ControlService(svc, SERVICE_CONTROL_STOP, &ss), "ControlService(STOP): %lu", (unsigned long)GetLastError());
    ok(ss.dwCurrentState == SERVICE_STOP_PENDING || ss.dwCurrentState == SERVICE_STOPPED,
       "STOP answers STOP_PENDING (state %lu, checkpoint %lu, hint %lu)", (unsigned long)ss.dwCurrentState,
       (unsigned long)ss.dwCheckPoint, (unsigned long)ss.dwWaitHint);
    ok(ss.dwCurrentState != SERVICE_STOP_PENDING || ss.dwWaitHint > 0, "STOP_PENDING carries a wait hint");
    ok(wait_settled(SERVICE_STOP_PENDING, &st, &obs, 30000) == SERVICE_STOPPED, "service STOPPED");
    ok(st.dwWin32ExitCode == NO_ERROR, "clean stop exit code %lu", (unsigned long)st.dwWin32ExitCode);
}

static void test_slow_pending(void)
{
    SERVICE_STATUS_PROCESS st;
    observation obs;
    DWORD state;

    knob_set(L"SlowStartMs", 2000);
    state = start_service(&st, &obs);
    ok(state == SERVICE_RUNNING, "slow start ends RUNNING (state %lu)", (unsigned long)state);
    ok(obs.pending_seen >= 5, "START_PENDING observed %lu times", (unsigned long)obs.pending_seen);
    ok(obs.max_checkpoint >= 5 && obs.checkpoints_increase, "START_PENDING checkpoints rise to %lu",
       (unsigned long)obs.max_checkpoint);
    knob_clear(L"SlowStartMs");

    knob_set(L"SlowStopMs", 2000);
    ok(stop_service(&obs), "slow stop ends STOPPED");
    ok(obs.pending_seen >= 5, "STOP_PENDING observed %lu times", (unsigned long)obs.pending_seen);
    ok(obs.max_checkpoint >= 5 && obs.checkpoints_increase, "STOP_PENDING checkpoints rise to %lu",
       (unsigned long)obs.max_checkpoint);
    knob_clear(L"SlowStopMs");
}

static void test_fail_start(void)
{
    SERVICE_STATUS_PROCESS st;
    observation obs;
    DWORD state;
    LONGLONG mark = log_size();

    knob_set(L"FailStart", 1);
    state = start_service(&st, &obs);
    ok(state == SERVICE_STOPPED, "FailStart: ends STOPPED (state %lu)", (unsigned long)state);
    ok(st.dwWin32ExitCode == ERROR_SERVICE_SPECIFIC_ERROR && st.dwServiceSpecificExitCode == FTPSVC_EXIT_FAIL_START,
       "FailStart: exit %lu / specific %lu", (unsigned long)st.dwWin32ExitCode,
       (unsigned long)st.dwServiceSpecificExitCode);
    ok(log_contains(mark, "FailStart"), "FailStart is logged");
    knob_clear(L"FailStart");
}

static void expect_refused(const WCHAR *value, BOOL iis5)
{
    SERVICE_STATUS_PROCESS st;
    observation obs;
    DWORD state;
    LONGLONG mark = log_size();
    char shown[64];

    WideCharToMultiByte(CP_UTF8, 0, value, -1, shown, sizeof(shown), NULL, NULL);
    if (iis5)
        reg_set_string(IIS5_KEY, L"PassivePortRange", value);
    else
        ok(metabase_set_range(value) == S_OK, "metabase accepts \"%s\"", shown);
    state = start_service(&st, &obs);
    ok(state == SERVICE_STOPPED, "%s \"%s\": refuses to start (state %lu)", iis5 ? "IIS5" : "IIS6", shown,
       (unsigned long)state);
    ok(st.dwWin32ExitCode == ERROR_SERVICE_SPECIFIC_ERROR && st.dwServiceSpecificExitCode == FTPSVC_EXIT_BAD_RANGE,
       "\"%s\": exit %lu / specific %lu", shown, (unsigned long)st.dwWin32ExitCode,
       (unsigned long)st.dwServiceSpecificExitCode);
    ok(log_contains(mark, "is invalid") && log_contains(mark, shown), "log says why \"%s\" was refused", shown);
    if (state != SERVICE_STOPPED)
        stop_service(NULL);
}

static void test_metabase_range(void)
{
    if (!have_metabase) {
        skip("lab metabase (CLSID_MSAdminBase_W) not available: IIS 6 range tests");
        return;
    }
    ok(metabase_set_range(NULL) == S_OK, "unset PassivePortRange");
    check_announced("metabase unset", 1025, 5000);
    expect_refused(L"4000-5000", FALSE);
    expect_refused(L"abc", FALSE);
    expect_refused(L"6000-5001", FALSE);
    expect_refused(L"5001-70000", FALSE);
    ok(metabase_set_range(L"5001-5010") == S_OK, "set 5001-5010");
    check_announced("metabase 5001-5010", 5001, 5010);
    ok(metabase_set_range(L"6000") == S_OK, "set 6000");
    check_announced("metabase single 6000", 6000, 6000);
    ok(metabase_set_range(L"") == S_OK, "set empty string");
    check_announced("metabase empty string", 1025, 5000);
    metabase_set_range(NULL);
}

static void test_iis5_range(void)
{
    knob_set(L"Iis5", 1);
    /* A metabase value must be ignored in IIS 5 mode. */
    if (have_metabase)
        metabase_set_range(L"abc");
    reg_delete(IIS5_KEY, L"PassivePortRange");
    check_announced("IIS5 unset", 1025, 5000);
    reg_set_string(IIS5_KEY, L"PassivePortRange", L"5020-5030");
    check_announced("IIS5 5020-5030", 5020, 5030);
    expect_refused(L"4000-5000", TRUE);
    expect_refused(L"abc", TRUE);
    reg_delete(IIS5_KEY, L"PassivePortRange");
    knob_set(L"Iis5", have_metabase ? 0 : 1);
    if (have_metabase)
        metabase_set_range(NULL);
}

/* A port nobody listens on now; the service gets it through the Port knob. */
static USHORT pick_free_port(void)
{
    struct sockaddr_in sa;
    int len = sizeof(sa);
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    USHORT port = 2121;

    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (!bind(s, (struct sockaddr *)&sa, sizeof(sa)) && !getsockname(s, (struct sockaddr *)&sa, &len))
        port = ntohs(sa.sin_port);
    closesocket(s);
    return port;
}

int main(void)
{
    WSADATA wsa;
    IUnknown *unk = NULL;
    SERVICE_STATUS_PROCESS st;
    DWORD fw_std, fw_dom, iis5;

    setvbuf(stdout, NULL, _IONBF, 0);
    WSAStartup(MAKEWORD(2, 2), &wsa);
    CoInitializeEx(NULL, COINIT_MULTITHREADED);
    fw_std = reg_get_dword(FW_STD_KEY, L"EnableFirewall", 1);
    fw_dom = reg_get_dword(FW_DOM_KEY, L"EnableFirewall", 1);
    iis5 = reg_get_dword(KNOB_KEY, L"Iis5", 0);

    scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT);
    ok(scm != NULL, "OpenSCManager: %lu", (unsigned long)GetLastError());
    svc = scm ? OpenServiceW(scm, L"MSFTPSVC", SERVICE_START | SERVICE_STOP | SERVICE_QUERY_STATUS) : NULL;
    if (!ok(svc != NULL, "OpenService(MSFTPSVC): %lu (provision.sh creates it)", (unsigned long)GetLastError()))
        return test_summary("lab.ftpsvc.scm");
    have_metabase = SUCCEEDED(CoCreateInstance(&CLSID_MSAdminBase_W, NULL, CLSCTX_ALL, &IID_IMSAdminBase_W,
                                               (void **)&unk));
    if (unk)
        unk->lpVtbl->Release(unk);
    if (!have_metabase)
        knob_set(L"Iis5", 1);   /* without the lab metabase only IIS 5 mode can start */
    else
        metabase_set_range(NULL);
    ok(stop_service(NULL), "MSFTPSVC stopped before the tests");
    ctrl_port = pick_free_port();
    knob_set(L"Port", ctrl_port);
    trace("control port %u", ctrl_port);
    set_firewall(1);

    test_start_stop_and_commands();
    test_slow_pending();
    test_fail_start();
    test_metabase_range();
    test_iis5_range();

    knob_set(L"Iis5", iis5);
    knob_clear(L"Port");
    set_firewall(fw_std);
    reg_set_dword(FW_DOM_KEY, L"EnableFirewall", fw_dom);
    if (query(&st) && st.dwCurrentState != SERVICE_STOPPED)
        stop_service(NULL);
    CloseServiceHandle(svc);
    CloseServiceHandle(scm);
    CoUninitialize();
    WSACleanup();
    return test_summary("lab.ftpsvc.scm");
}
