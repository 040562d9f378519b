/* Lab FTP service: the FTP server (control listener, one thread per session, passive data).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 * Replies follow IIS 6's wording where known. Passive ports come only from PassivePortRange,
 * round-robin, skipping ports in use; the lab firewall decides whether a data connection
 * "gets through" (blocked -> 425, as a client behind a real firewall would end up seeing). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "ftpsvc.h"
#include "labfw.h"

#define MAX_SESSIONS   64
#define LINE_MAX_LEN   1024
#define VPATH_MAX      512
#define DATA_WAIT_MS   15000     /* how long a data command waits for the client's connect */
#define IDLE_TIMEOUT_MS 300000

typedef struct {
    SOCKET ctrl;
    SOCKET pasv;                 /* listening data socket, or INVALID_SOCKET */
    USHORT pasv_port;
    BOOL logged_in, anonymous, user_given;
    char user[64];
    char cwd[VPATH_MAX];         /* virtual path, '/'-separated, always starts with '/' */
    char type;                   /* 'A' or 'I' */
    char rxbuf[LINE_MAX_LEN * 2];
    int rxlen;
} session;

static SOCKET listener = INVALID_SOCKET;
static HANDLE accept_thread;
static WCHAR root_dir[MAX_PATH];
static passive_range prange;
static CRITICAL_SECTION lock;          /* guards sessions[], next_port_index */
static SOCKET sessions[MAX_SESSIONS];
static DWORD next_port_index;
static volatile LONG active_sessions;
static volatile LONG stopping;
static WCHAR fw_service[16] = L"MSFTPSVC";   /* for Svc= rules */
static ULONG announce_addr;                  /* network order; 0: 127.0.0.1 */

void ftp_server_set_identity(const WCHAR *service, ULONG announce)
{
    lstrcpynW(fw_service, service, ARRAYSIZE(fw_service));
    announce_addr = announce;
}

/* ---------- control connection I/O ---------- */

static BOOL send_all(SOCKET s, const char *data, int len)
{
    while (len > 0) {
        int n = send(s, data, len, 0);
        if (n <= 0)
            return FALSE;
        data += n;
        len -= n;
    }
    return TRUE;
}

static void reply(session *ss, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void reply(session *ss, const char *fmt, ...)
{
    char line[LINE_MAX_LEN + 2];
    va_list ap;
    int len;

    va_start(ap, fmt);
    len = vsnprintf(line, sizeof(line) - 2, fmt, ap);
    va_end(ap);
    if (len < 0)
        return;
    if (len > (int)sizeof(line) - 3)
        len = sizeof(line) - 3;
    if (lab_knob_dword(FTPSVC_KNOBS, L"LogCommands", 0))
        ftplog("session %lu -> %.*s", (unsigned long)ss->ctrl, len, line);
    line[len++] = '\r';
    line[len++] = '\n';
    send_all(ss->ctrl, line, len);
}

/* Reads one command line (without CR LF); FALSE when the connection is gone. */
static BOOL read_line(session *ss, char *out, int out_len)
{
    for (;;) {
        char *nl = memchr(ss->rxbuf, '\n', ss->rxlen);
        int n;
        if (nl) {
            int len = (int)(nl - ss->rxbuf);
            int copy = len;
            if (copy > 0 && ss->rxbuf[copy - 1] == '\r')
                copy--;
            if (copy >= out_len)
                copy = out_len - 1;
            memcpy(out, ss->rxbuf, copy);
            out[copy] = 0;
            memmove(ss->rxbuf, nl + 1, ss->rxlen - len - 1);
            ss->rxlen -= len + 1;
            return TRUE;
        }
        if (ss->rxlen >= (int)sizeof(ss->rxbuf))
            ss->rxlen = 0;   /* overlong line: drop it */
        n = recv(ss->ctrl, ss->rxbuf + ss->rxlen, sizeof(ss->rxbuf) - ss->rxlen, 0);
        if (n <= 0)
            return FALSE;
        ss->rxlen += n;
    }
}

/* ---------- virtual paths ---------- */

/* Resolves arg against cwd into a normalized virtual path ("/", "/pub", ...); ".." never
 * climbs above the FTP root. */
static void resolve_vpath(const session *ss, const char *arg, char *out, size_t out_len)
{
    char tmp[VPATH_MAX * 2];
    char *parts[64];
    int nparts = 0, i;
    char *p, *tok;
    size_t used;

    if (!arg || !*arg)
        snprintf(tmp, sizeof(tmp), "%s", ss->cwd);
    else if (arg[0] == '/' || arg[0] == '\\')
        snprintf(tmp, sizeof(tmp), "%s", arg);
    else
        snprintf(tmp, sizeof(tmp), "%s/%s", ss->cwd, arg);
    for (p = tmp; *p; p++)
        if (*p == '\\')
            *p = '/';
    for (tok = strtok(tmp, "/"); tok; tok = strtok(NULL, "/")) {
        if (!strcmp(tok, ".") || !*tok)
            continue;
        if (!strcmp(tok, "..")) {
            if (nparts)
                nparts--;
            continue;
        }
        if (nparts < (int)ARRAYSIZE(parts))
            parts[nparts++] = tok;
    }
    out[0] = '/';
    out[1] = 0;
    used = 1;
    for (i = 0; i < nparts; i++) {
        size_t len = strlen(parts[i]);
        if (used + len + 2 >= out_len)
            break;
        if (used > 1)
            out[used++] = '/';
        memcpy(out + used, parts[i], len);
        used += len;
        out[used] = 0;
    }
}

static void vpath_to_native(const char *vpath, WCHAR *out, DWORD out_count)
{
    WCHAR rel[VPATH_MAX];
    WCHAR *p;

    MultiByteToWideChar(CP_UTF8, 0, vpath, -1, rel, ARRAYSIZE(rel));
    for (p = rel; *p; p++)
        if (*p == L'/')
            *p = L'\\';
    if (rel[0] == L'\\' && rel[1] == 0)
        rel[0] = 0;
    _snwprintf(out, out_count, L"%s%s", root_dir, rel);
    out[out_count - 1] = 0;
}

/* ---------- passive data connections ---------- */

static void close_pasv(session *ss)
{
    if (ss->pasv != INVALID_SOCKET) {
        closesocket(ss->pasv);
        ss->pasv = INVALID_SOCKET;
        ss->pasv_port = 0;
    }
}

/* Listens on the next free port of PassivePortRange (round-robin over the whole range). */
static BOOL open_pasv(session *ss)
{
    DWORD count = (DWORD)prange.high - prange.low + 1, tried;
    BOOL found = FALSE;

    close_pasv(ss);
    EnterCriticalSection(&lock);
    for (tried = 0; tried < count && !found; tried++) {
        DWORD index = (next_port_index + tried) % count;
        USHORT port = (USHORT)(prange.low + index);
        struct sockaddr_in sa;
        SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        BOOL exclusive = TRUE;

        if (s == INVALID_SOCKET)
            break;
        /* Windows semantics: without this another socket could share the port. */
        setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&exclusive, sizeof(exclusive));
        memset(&sa, 0, sizeof(sa));
        sa.sin_family = AF_INET;
        sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        sa.sin_port = htons(port);
        if (bind(s, (struct sockaddr *)&sa, sizeof(sa)) == 0 && listen(s, 1) == 0) {
            ss->pasv = s;
            ss->pasv_port = port;
            next_port_index = (index + 1) % count;
            found = TRUE;
        } else {
            ftplog("passive port %u in use (error %d), skipped", port, WSAGetLastError());
            closesocket(s);
        }
    }
    LeaveCriticalSection(&lock);
    return found;
}

/* Waits for the client's data connection. When the lab firewall would drop inbound
 * connections to the port, the connection never "arrives": the listener is closed and
 * the command fails with 425, which is what the client of a firewalled IIS gets. */
static SOCKET accept_data(session *ss, const char *what)
{
    DWORD why = 0;
    BOOL allowed;
    SOCKET data = INVALID_SOCKET;
    fd_set rd;
    struct timeval tv;

    if (ss->pasv == INVALID_SOCKET) {
        reply(ss, "425 Can't open data connection.");
        return INVALID_SOCKET;
    }
    /* Stateful FTP filtering opens what a plain-text PASV reply announced (the lab has no TLS,
     * so every control channel is plain). */
    allowed = labfw_port_allowed_for(ss->pasv_port, fw_service, &why);
    if (!allowed && labfw_stateful_ftp(NULL)) {
        ftplog("%s: port %u has no rule; stateful FTP filtering lets it through", what, ss->pasv_port);
        allowed = TRUE;
    }
    if (!allowed) {
        ftplog("%s: data connection to port %u blocked by the lab firewall (%s); 425",
               what, ss->pasv_port, labfw_why_text(why));
        close_pasv(ss);
        reply(ss, "425 Can't open data connection.");
        return INVALID_SOCKET;
    }
    FD_ZERO(&rd);
    FD_SET(ss->pasv, &rd);
    tv.tv_sec = DATA_WAIT_MS / 1000;
    tv.tv_usec = 0;
    if (select(0, &rd, NULL, NULL, &tv) == 1)
        data = accept(ss->pasv, NULL, NULL);
    close_pasv(ss);
    if (data == INVALID_SOCKET) {
        ftplog("%s: the client did not connect to the data port", what);
        reply(ss, "425 Can't open data connection.");
    }
    return data;
}

static void finish_data(SOCKET data)
{
    shutdown(data, SD_SEND);
    closesocket(data);
}

/* ---------- commands ---------- */

static void format_entry(const WIN32_FIND_DATAW *fd, BOOL long_form, char *out, size_t out_len)
{
    static const char months[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    char name[MAX_PATH * 3];
    SYSTEMTIME st;
    BOOL dir = (fd->dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) != 0;
    unsigned long long size = ((unsigned long long)fd->nFileSizeHigh << 32) | fd->nFileSizeLow;

    WideCharToMultiByte(CP_UTF8, 0, fd->cFileName, -1, name, sizeof(name), NULL, NULL);
    if (!long_form) {
        snprintf(out, out_len, "%s\r\n", name);
        return;
    }
    FileTimeToSystemTime(&fd->ftLastWriteTime, &st);
    /* IIS's "UNIX" listing style, which every client under test parses. */
    snprintf(out, out_len, "%s   1 owner    group    %15llu %s %2u %02u:%02u %s\r\n",
             dir ? "drwxrwxrwx" : "-rwxrwxrwx", size, months[(st.wMonth + 11) % 12], st.wDay,
             st.wHour, st.wMinute, name);
}

static void cmd_list(session *ss, const char *arg, BOOL long_form)
{
    char vpath[VPATH_MAX], line[MAX_PATH * 3 + 100];
    WCHAR native[MAX_PATH], pattern[MAX_PATH + 4];
    WIN32_FIND_DATAW fd;
    HANDLE find;
    DWORD attrs;
    SOCKET data;
    BOOL is_dir;

    /* "LIST -la" / "LIST -a dir": options are accepted and ignored, as IIS does. */
    while (arg && *arg == '-') {
        arg = strchr(arg, ' ');
        if (arg)
            while (*arg == ' ')
                arg++;
    }
    resolve_vpath(ss, arg, vpath, sizeof(vpath));
    vpath_to_native(vpath, native, MAX_PATH);
    attrs = GetFileAttributesW(native);
    if (attrs == INVALID_FILE_ATTRIBUTES) {
        close_pasv(ss);
        reply(ss, "550 %s: The system cannot find the file specified.", arg && *arg ? arg : vpath);
        return;
    }
    is_dir = (attrs & FILE_ATTRIBUTE_DIRECTORY) != 0;
    data = accept_data(ss, long_form ? "LIST" : "NLST");
    if (data == INVALID_SOCKET)
        return;
    reply(ss, "125 Data connection already open; Transfer starting.");
    _snwprintf(pattern, ARRAYSIZE(pattern), is_dir ? L"%s\\*" : L"%s", native);
    pattern[ARRAYSIZE(pattern) - 1] = 0;
    find = FindFirstFileW(pattern, &fd);
    if (find != INVALID_HANDLE_VALUE) {
        do {
            if (!wcscmp(fd.cFileName, L".") || !wcscmp(fd.cFileName, L".."))
                continue;
            format_entry(&fd, long_form, line, sizeof(line));
            if (!send_all(data, line, (int)strlen(line)))
                break;
        } while (FindNextFileW(find, &fd));
        FindClose(find);
    }
    finish_data(data);
    reply(ss, "226 Transfer complete.");
}

static void cmd_retr(session *ss, const char *arg)
{
    char vpath[VPATH_MAX], buf[16384];
    WCHAR native[MAX_PATH];
    HANDLE f;
    DWORD got;
    SOCKET data;
    BOOL sent_ok = TRUE;

    resolve_vpath(ss, arg, vpath, sizeof(vpath));
    vpath_to_native(vpath, native, MAX_PATH);
    f = CreateFileW(native, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING,
                    FILE_ATTRIBUTE_NORMAL, NULL);
    if (f == INVALID_HANDLE_VALUE || (GetFileAttributesW(native) & FILE_ATTRIBUTE_DIRECTORY)) {
        if (f != INVALID_HANDLE_VALUE)
            CloseHandle(f);
        close_pasv(ss);
        reply(ss, "550 %s: The system cannot find the file specified.", arg);
        return;
    }
    data = accept_data(ss, "RETR");
    if (data == INVALID_SOCKET) {
        CloseHandle(f);
        return;
    }
    reply(ss, "125 Data connection already open; Transfer starting.");
    /* Sent as stored in both TYPE A and TYPE I: the lab's files already use CR LF. */
    while (ReadFile(f, buf, sizeof(buf), &got, NULL) && got)
        if (!(sent_ok = send_all(data, buf, (int)got)))
            break;
    CloseHandle(f);
    finish_data(data);
    if (sent_ok)
        reply(ss, "226 Transfer complete.");
    else
        reply(ss, "426 Connection closed; transfer aborted.");
}

static void cmd_stor(session *ss, const char *arg)
{
    char vpath[VPATH_MAX], buf[16384];
    WCHAR native[MAX_PATH];
    HANDLE f;
    SOCKET data;
    DWORD written;
    int n;
    BOOL ok = TRUE;

    /* IIS 6 default: anonymous users get read access only. */
    if (ss->anonymous) {
        close_pasv(ss);
        reply(ss, "550 %s: Access is denied.", arg);
        return;
    }
    resolve_vpath(ss, arg, vpath, sizeof(vpath));
    vpath_to_native(vpath, native, MAX_PATH);
    f = CreateFileW(native, GENERIC_WRITE, FILE_SHARE_READ, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (f == INVALID_HANDLE_VALUE) {
        close_pasv(ss);
        reply(ss, "550 %s: Access is denied.", arg);
        return;
    }
    data = accept_data(ss, "STOR");
    if (data == INVALID_SOCKET) {
        CloseHandle(f);
        DeleteFileW(native);
        return;
    }
    reply(ss, "125 Data connection already open; Transfer starting.");
    while ((n = recv(data, buf, sizeof(buf), 0)) > 0)
        if (!WriteFile(f, buf, (DWORD)n, &written, NULL) || written != (DWORD)n) {
            ok = FALSE;
            break;
        }
    CloseHandle(f);
    closesocket(data);
    if (ok && n == 0)
        reply(ss, "226 Transfer complete.");
    else
        reply(ss, "426 Connection closed; transfer aborted.");
}

static void cmd_size(session *ss, const char *arg)
{
    char vpath[VPATH_MAX];
    WCHAR native[MAX_PATH];
    WIN32_FILE_ATTRIBUTE_DATA fa;

    resolve_vpath(ss, arg, vpath, sizeof(vpath));
    vpath_to_native(vpath, native, MAX_PATH);
    if (!GetFileAttributesExW(native, GetFileExInfoStandard, &fa)
        || (fa.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)) {
        reply(ss, "550 %s: The system cannot find the file specified.", arg);
        return;
    }
    reply(ss, "213 %llu", ((unsigned long long)fa.nFileSizeHigh << 32) | fa.nFileSizeLow);
}

static void cmd_cwd(session *ss, const char *arg)
{
    char vpath[VPATH_MAX];
    WCHAR native[MAX_PATH];
    DWORD attrs;

    resolve_vpath(ss, arg, vpath, sizeof(vpath));
    vpath_to_native(vpath, native, MAX_PATH);
    attrs = GetFileAttributesW(native);
    if (attrs == INVALID_FILE_ATTRIBUTES || !(attrs & FILE_ATTRIBUTE_DIRECTORY)) {
        reply(ss, "550 %s: The system cannot find the file specified.", arg);
        return;
    }
    snprintf(ss->cwd, sizeof(ss->cwd), "%s", vpath);
    reply(ss, "250 CWD command successful.");
}

/* Returns FALSE when the session should end. */
static BOOL dispatch(session *ss, char *line)
{
    char *arg = strchr(line, ' ');
    char verb[8];
    size_t i;

    if (arg)
        *arg++ = 0;
    else
        arg = line + strlen(line);
    for (i = 0; line[i] && i < sizeof(verb) - 1; i++)
        verb[i] = (char)((line[i] >= 'a' && line[i] <= 'z') ? line[i] - 32 : line[i]);
    verb[i] = 0;
    if (lab_knob_dword(FTPSVC_KNOBS, L"LogCommands", 0))
        ftplog("session %lu <- %s %s", (unsigned long)ss->ctrl, verb,
               !strcmp(verb, "PASS") ? "****" : arg);

    if (!strcmp(verb, "QUIT")) {
        reply(ss, "221 Goodbye.");
        return FALSE;
    }
    if (!strcmp(verb, "USER")) {
        snprintf(ss->user, sizeof(ss->user), "%s", arg);
        ss->user_given = TRUE;
        ss->logged_in = FALSE;
        ss->anonymous = !_stricmp(arg, "anonymous") || !_stricmp(arg, "ftp");
        if (ss->anonymous)
            reply(ss, "331 Anonymous access allowed, send identity (e-mail name) as password.");
        else
            reply(ss, "331 Password required for %s.", arg);
        return TRUE;
    }
    if (!strcmp(verb, "PASS")) {
        if (!ss->user_given) {
            reply(ss, "503 Login with USER first.");
        } else if (ss->anonymous) {
            ss->logged_in = TRUE;
            reply(ss, "230 Anonymous user logged in.");
        } else if (!strcmp(ss->user, "labuser") && !strcmp(arg, "labpass")) {
            ss->logged_in = TRUE;
            reply(ss, "230 User %s logged in.", ss->user);
        } else {
            ss->user_given = FALSE;
            reply(ss, "530 User %s cannot log in.", ss->user);
        }
        return TRUE;
    }
    if (!strcmp(verb, "SYST")) {
        reply(ss, "215 Windows_NT");
        return TRUE;
    }
    if (!strcmp(verb, "NOOP")) {
        reply(ss, "200 NOOP command successful.");
        return TRUE;
    }
    if (!strcmp(verb, "FEAT")) {
        /* Real IIS 6 lists no EPSV (its EPSV support is UNVERIFIED, probably absent). The
         * lab serves EPSV anyway so clients that try it first can be tested. */
        static const char feat[] = "211-Extensions supported:\r\n SIZE\r\n EPSV\r\n211 END\r\n";
        send_all(ss->ctrl, feat, (int)strlen(feat));
        return TRUE;
    }
    if (!ss->logged_in) {
        if (!strcmp(verb, "PWD") || !strcmp(verb, "CWD") || !strcmp(verb, "CDUP") || !strcmp(verb, "TYPE")
            || !strcmp(verb, "PASV") || !strcmp(verb, "EPSV") || !strcmp(verb, "LIST")
            || !strcmp(verb, "NLST") || !strcmp(verb, "RETR") || !strcmp(verb, "STOR")
            || !strcmp(verb, "SIZE"))
            reply(ss, "530 Please login with USER and PASS.");
        else
            reply(ss, "502 Command not implemented.");
        return TRUE;
    }
    if (!strcmp(verb, "PWD")) {
        reply(ss, "257 \"%s\" is current directory.", ss->cwd);
    } else if (!strcmp(verb, "CWD")) {
        cmd_cwd(ss, arg);
    } else if (!strcmp(verb, "CDUP")) {
        cmd_cwd(ss, "..");
    } else if (!strcmp(verb, "TYPE")) {
        char t = (char)((*arg >= 'a' && *arg <= 'z') ? *arg - 32 : *arg);
        if (t == 'A' || t == 'I') {
            ss->type = t;
            reply(ss, "200 Type set to %c.", t);
        } else {
            reply(ss, "504 Command not implemented for that parameter.");
        }
    } else if (!strcmp(verb, "PASV")) {
        if (!open_pasv(ss)) {
            reply(ss, "425 Can't open data connection.");
        } else {
            /* The data socket listens on 127.0.0.1 either way; with an external address the
             * reply announces it instead (IIS: the site's externalIp4Address), and clients
             * behind the same NAT connect to the control host. */
            const BYTE *a = (const BYTE *)&announce_addr;
            unsigned h1 = 127, h2 = 0, h3 = 0, h4 = 1;
            if (announce_addr) {
                h1 = a[0]; h2 = a[1]; h3 = a[2]; h4 = a[3];
            }
            ftplog("PASV announces %u.%u.%u.%u port %u", h1, h2, h3, h4, ss->pasv_port);
            reply(ss, "227 Entering Passive Mode (%u,%u,%u,%u,%u,%u).", h1, h2, h3, h4,
                  ss->pasv_port >> 8, ss->pasv_port & 0xff);
        }
    } else if (!strcmp(verb, "EPSV")) {
        /* RFC 2428: EPSV, EPSV 1 (IPv4), EPSV ALL; the lab listens on IPv4 only. Microsoft does
         * not document whether IIS 6 answers EPSV (probably not); the lab does, so clients that
         * try EPSV first can be tested (lab_ftpsvc answers 229 from the same passive range). */
        if (!_stricmp(arg, "ALL")) {
            reply(ss, "200 EPSV ALL command successful.");
        } else if (*arg && strcmp(arg, "1")) {
            reply(ss, "522 Network protocol not supported, use (1)");
        } else if (!open_pasv(ss)) {
            reply(ss, "425 Can't open data connection.");
        } else {
            ftplog("EPSV announces port %u", ss->pasv_port);
            reply(ss, "229 Entering Extended Passive Mode (|||%u|)", ss->pasv_port);
        }
    } else if (!strcmp(verb, "LIST")) {
        cmd_list(ss, arg, TRUE);
    } else if (!strcmp(verb, "NLST")) {
        cmd_list(ss, arg, FALSE);
    } else if (!strcmp(verb, "RETR")) {
        cmd_retr(ss, arg);
    } else if (!strcmp(verb, "STOR")) {
        cmd_stor(ss, arg);
    } else if (!strcmp(verb, "SIZE")) {
        cmd_size(ss, arg);
    } else {
        reply(ss, "502 Command not implemented.");
    }
    return TRUE;
}

/* ---------- sessions and the listener ---------- */

static DWORD WINAPI session_thread(void *param)
{
    session *ss = param;
    char line[LINE_MAX_LEN];
    DWORD timeout = IDLE_TIMEOUT_MS;
    int slot = -1, i;

    EnterCriticalSection(&lock);
    for (i = 0; i < MAX_SESSIONS; i++)
        if (sessions[i] == INVALID_SOCKET) {
            sessions[i] = ss->ctrl;
            slot = i;
            break;
        }
    LeaveCriticalSection(&lock);

    setsockopt(ss->ctrl, SOL_SOCKET, SO_RCVTIMEO, (const char *)&timeout, sizeof(timeout));
    if (slot < 0) {
        reply(ss, "421 Too many users, try again later.");
    } else {
        reply(ss, "220 Microsoft FTP Service");
        while (!stopping && read_line(ss, line, sizeof(line)))
            if (!dispatch(ss, line))
                break;
    }
    close_pasv(ss);
    EnterCriticalSection(&lock);
    if (slot >= 0)
        sessions[slot] = INVALID_SOCKET;
    LeaveCriticalSection(&lock);
    shutdown(ss->ctrl, SD_BOTH);
    closesocket(ss->ctrl);
    HeapFree(GetProcessHeap(), 0, ss);
    InterlockedDecrement(&active_sessions);
    return 0;
}

static DWORD WINAPI accept_loop(void *param)
{
    (void)param;
    while (!stopping) {
        SOCKET c = INVALID_SOCKET;
        struct timeval tv = { 0, 250000 };
        fd_set rd;
        session *ss;
        HANDLE t;

        /* Polls so that STOP never depends on closesocket() waking a blocked accept(). */
        FD_ZERO(&rd);
        FD_SET(listener, &rd);
        if (select(0, &rd, NULL, NULL, &tv) == 1)
            c = accept(listener, NULL, NULL);
        if (c == INVALID_SOCKET) {
            continue;
        }
        ss = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*ss));
        if (!ss) {
            closesocket(c);
            continue;
        }
        ss->ctrl = c;
        ss->pasv = INVALID_SOCKET;
        ss->type = 'A';
        strcpy(ss->cwd, "/");
        InterlockedIncrement(&active_sessions);
        t = CreateThread(NULL, 0, session_thread, ss, 0, NULL);
        if (t) {
            CloseHandle(t);
        } else {
            InterlockedDecrement(&active_sessions);
            closesocket(c);
            HeapFree(GetProcessHeap(), 0, ss);
        }
    }
    return 0;
}

BOOL ftp_server_start(USHORT control_port, const WCHAR *root, const passive_range *range)
{
    struct sockaddr_in sa;
    WSADATA wsa;
    BOOL exclusive = TRUE;
    int i;

    InitializeCriticalSection(&lock);
    for (i = 0; i < MAX_SESSIONS; i++)
        sessions[i] = INVALID_SOCKET;
    lstrcpynW(root_dir, root, MAX_PATH);
    prange = *range;
    next_port_index = 0;
    stopping = 0;
    if (WSAStartup(MAKEWORD(2, 2), &wsa))
        return FALSE;
    listener = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (listener == INVALID_SOCKET)
        return FALSE;
    setsockopt(listener, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&exclusive, sizeof(exclusive));
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    sa.sin_port = htons(control_port);
    if (bind(listener, (struct sockaddr *)&sa, sizeof(sa)) || listen(listener, 16)) {
        ftplog("cannot listen on 127.0.0.1:%u (error %d)", control_port, WSAGetLastError());
        closesocket(listener);
        listener = INVALID_SOCKET;
        return FALSE;
    }
    accept_thread = CreateThread(NULL, 0, accept_loop, NULL, 0, NULL);
    if (!accept_thread) {
        closesocket(listener);
        listener = INVALID_SOCKET;
        return FALSE;
    }
    ftplog("listening on 127.0.0.1:%u, passive ports %u-%u", control_port, prange.low, prange.high);
    return TRUE;
}

void ftp_server_stop(void (*tick)(void))
{
    int i, waited;

    InterlockedExchange(&stopping, 1);
    if (accept_thread) {
        while (WaitForSingleObject(accept_thread, 250) == WAIT_TIMEOUT)
            tick();
        CloseHandle(accept_thread);
        accept_thread = NULL;
    }
    if (listener != INVALID_SOCKET) {
        closesocket(listener);
        listener = INVALID_SOCKET;
    }
    /* Active sessions are dropped, as when MSFTPSVC stops. */
    EnterCriticalSection(&lock);
    for (i = 0; i < MAX_SESSIONS; i++)
        if (sessions[i] != INVALID_SOCKET)
            shutdown(sessions[i], SD_BOTH);
    LeaveCriticalSection(&lock);
    for (waited = 0; active_sessions > 0 && waited < 5000; waited += 100) {
        Sleep(100);
        if (waited % 500 == 0)
            tick();
    }
    ftplog("stopped; %ld session(s) still closing", (long)active_sessions);
    WSACleanup();
}
