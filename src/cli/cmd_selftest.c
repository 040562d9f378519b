/* pasvctl selftest: a passive FTP client that says which step breaks, with the server's replies.
 * The steps: connect, login, PASV, EPSV, announced address, port in range, data connection,
 * LIST.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * Winsock 1.1 calls only (inet_addr, gethostbyname), so it runs on Windows 2000 as well. */
#include <winsock2.h>

#include "win.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "cli.h"
#include "cli_util.h"
#include "console.h"
#include "ftpsites.h"
#include "resource.h"
#include "resource_iis7.h"
#include "text.h"

#define IO_TIMEOUT_MS 10000
#define CONNECT_TIMEOUT_S 5

typedef struct selftest {
    bool json;
    bool failed;
    char json_steps[8192];
    size_t json_len;
} selftest;

/* Prints one step: PASS/FAIL + text, then the reply or reason indented. */
static void step(selftest *t, bool pass, const WCHAR *what, const char *reply, const WCHAR *why)
{
    if (!pass)
        t->failed = true;
    if (t->json) {
        char w[256] = "", r[512] = "", y[256] = "";
        size_t i, j;
        WideCharToMultiByte(CP_UTF8, 0, what, -1, w, sizeof(w), NULL, NULL);
        if (why)
            WideCharToMultiByte(CP_UTF8, 0, why, -1, y, sizeof(y), NULL, NULL);
        for (i = 0, j = 0; reply && reply[i] && j + 7 < sizeof(r); i++) {
            unsigned char c = (unsigned char)reply[i];
            if (c == '"' || c == '\\') {
                r[j++] = '\\';
                r[j++] = (char)c;
            } else if (c >= 0x20)
                r[j++] = (char)c;
            else if (c == '\n') {
                r[j++] = '\\';
                r[j++] = 'n';
            }
        }
        r[j] = 0;
        for (i = 0; y[i]; i++)
            if (y[i] == '"')
                y[i] = '\'';
        for (i = 0; w[i]; i++)
            if (w[i] == '"')
                w[i] = '\'';
        t->json_len += (size_t)snprintf(t->json_steps + t->json_len, sizeof(t->json_steps) - t->json_len,
                                        "%s\n    {\"step\": \"%s\", \"result\": \"%s\", \"reply\": \"%s\", \"why\": \"%s\"}",
                                        t->json_len ? "," : "", w, pass ? "pass" : "fail", r, y);
        if (t->json_len >= sizeof(t->json_steps))
            t->json_len = sizeof(t->json_steps) - 1;
        return;
    }
    {
        DWORD_PTR a[1] = {(DWORD_PTR)what};
        console_message(CONSOLE_OUT, pass ? IDS_CLI_SELFTEST_PASS : IDS_CLI_SELFTEST_FAIL, a, 1);
    }
    if (reply && *reply) {
        /* Each reply line as the server sent it. */
        const char *p = reply;
        while (*p) {
            const char *e = strchr(p, '\n');
            size_t n = e ? (size_t)(e - p) : strlen(p);
            WCHAR wl[600];
            int k = MultiByteToWideChar(CP_UTF8, 0, p, (int)(n > 500 ? 500 : n), wl, 599);
            if (k < 0)
                k = 0;
            wl[k] = 0;
            if (k && wl[k - 1] == L'\r')
                wl[k - 1] = 0;
            {
                DWORD_PTR a[1] = {(DWORD_PTR)wl};
                console_message(CONSOLE_OUT, IDS_CLI_SELFTEST_INFO, a, 1);
            }
            p += n;
            if (*p == '\n')
                p++;
        }
    }
    if (why) {
        DWORD_PTR a[1] = {(DWORD_PTR)why};
        console_message(CONSOLE_OUT, IDS_CLI_SELFTEST_INFO, a, 1);
    }
}

static WCHAR *fmt(UINT id, const WCHAR *a1, const WCHAR *a2)
{
    DWORD_PTR a[2] = {(DWORD_PTR)(a1 ? a1 : L""), (DWORD_PTR)(a2 ? a2 : L"")};
    return pasv_text_format(id, a, 2);
}

/* Reads one complete reply (multi-line "NNN-" ... "NNN ") into buf; returns its code or 0. */
static int read_reply(SOCKET s, char *buf, size_t cap)
{
    size_t len = 0;
    buf[0] = 0;
    for (;;) {
        char *line_start, *nl;
        int got = recv(s, buf + len, (int)(cap - 1 - len), 0);
        if (got <= 0)
            return 0;
        len += (size_t)got;
        buf[len] = 0;
        /* Complete when the last full line is "NNN " with the first line's code. */
        if (len < 4 || buf[len - 1] != '\n')
            continue;
        buf[len - 1] = 0;
        nl = strrchr(buf, '\n');
        line_start = nl ? nl + 1 : buf;
        buf[len - 1] = '\n';
        if (strlen(line_start) >= 4 && line_start[3] == ' ' && !strncmp(line_start, buf, 3))
            break;
        if (len + 1 >= cap)
            break;
    }
    /* Every way out of the loop leaves at least "NNN " before the line ends, so len stays >= 4. */
    while (buf[len - 1] == '\n' || buf[len - 1] == '\r')
        buf[--len] = 0;
    return atoi(buf);
}

static int command(SOCKET s, const char *line, char *reply, size_t cap)
{
    char out[600];
    int n = snprintf(out, sizeof(out), "%s\r\n", line);
    if (n <= 0 || send(s, out, n, 0) != n)
        return 0;
    return read_reply(s, reply, cap);
}

static bool is_private(unsigned long addr_host_order)
{
    unsigned a = (addr_host_order >> 24) & 0xFF, b = (addr_host_order >> 16) & 0xFF;
    return a == 10 || (a == 172 && b >= 16 && b <= 31) || (a == 192 && b == 168) || a == 127 ||
           (a == 169 && b == 254);
}

/* Connects with a timeout; returns INVALID_SOCKET and sets *err on failure. */
static SOCKET connect_to(unsigned long addr, uint16_t port, int *err)
{
    struct sockaddr_in sa;
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    u_long nb = 1;
    DWORD tmo = IO_TIMEOUT_MS;
    fd_set wr, ex;
    struct timeval tv = {CONNECT_TIMEOUT_S, 0};

    *err = 0;
    if (s == INVALID_SOCKET) {
        *err = WSAGetLastError();
        return s;
    }
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = addr;
    sa.sin_port = htons(port);
    ioctlsocket(s, FIONBIO, &nb);
    if (connect(s, (struct sockaddr *)&sa, sizeof(sa)) == SOCKET_ERROR && WSAGetLastError() != WSAEWOULDBLOCK) {
        *err = WSAGetLastError();
        closesocket(s);
        return INVALID_SOCKET;
    }
    FD_ZERO(&wr);
    FD_ZERO(&ex);
    FD_SET(s, &wr);
    FD_SET(s, &ex);
    if (select(0, NULL, &wr, &ex, &tv) <= 0 || FD_ISSET(s, &ex)) {
        int e = 0, el = sizeof(e);
        getsockopt(s, SOL_SOCKET, SO_ERROR, (char *)&e, &el);
        *err = e ? e : WSAETIMEDOUT;
        closesocket(s);
        return INVALID_SOCKET;
    }
    nb = 0;
    ioctlsocket(s, FIONBIO, &nb);
    setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, (const char *)&tmo, sizeof(tmo));
    setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, (const char *)&tmo, sizeof(tmo));
    return s;
}

/* The configured range when the server is this machine (read through the session). */
static bool local_range(pasv_range *range)
{
    pasv_session *s = NULL;
    bool ok = false;
    HRESULT hr = CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);
    if (FAILED(hr))
        return false;
    if (SUCCEEDED(pasv_session_open(NULL, &s))) {
        pasv_session_refresh(s);
        if (s->config && SUCCEEDED(s->range_hr)) {
            *range = s->range;
            ok = true;
        }
        pasv_session_close(s);
    }
    CoUninitialize();
    return ok;
}

static void check_port(selftest *t, uint16_t port, bool have_range, const pasv_range *range)
{
    WCHAR wport[8], wrange[PASV_RANGE_TEXT_MAX], *what, *why = NULL;
    char text[PASV_RANGE_TEXT_MAX] = "?";
    swprintf(wport, 8, L"%u", (unsigned)port);
    if (have_range)
        pasv_range_format(range, text, sizeof(text));
    swprintf(wrange, PASV_RANGE_TEXT_MAX, L"%hs", text);
    what = fmt(IDS_CLI_STEP_IN_RANGE, wport, wrange);
    if (!have_range) {
        why = pasv_text_load(IDS_CLI_WHY_RANGE_UNKNOWN);
        if (!t->json) {
            DWORD_PTR a[1] = {(DWORD_PTR)(why ? why : L"")};
            console_message(CONSOLE_OUT, IDS_CLI_SELFTEST_INFO, a, 1);
        }
    } else if (pasv_range_contains(range, port)) {
        step(t, true, what, NULL, NULL);
    } else {
        why = fmt(IDS_CLI_WHY_OUT_OF_RANGE, wport, wrange);
        step(t, false, what, NULL, why);
    }
    LocalFree(what);
    LocalFree(why);
}

/* One selftest run: the connections and what the steps found so far. */
typedef struct selftest_run {
    selftest t;
    const pasv_cmdline *cmd;
    const char *host;
    uint16_t port;
    unsigned long addr;
    SOCKET ctl, data;
    char reply[4096];
    WCHAR *whost, *what, *why;
    bool host_local, have_range;
    pasv_range range;
    unsigned long pasv_addr;
    uint16_t pasv_port, epsv_port;
} selftest_run;

/* Frees the step's text ("what"); the last reason ("why") is kept until the next one. */
static void step_done(selftest_run *r)
{
    LocalFree(r->what);
    r->what = NULL;
}

static void set_why(selftest_run *r, WCHAR *why)
{
    LocalFree(r->why);
    r->why = why;
}

static bool run_connect(selftest_run *r)
{
    WCHAR wport[8];
    int err;

    swprintf(wport, 8, L"%u", (unsigned)r->port);
    r->what = fmt(IDS_CLI_STEP_CONNECT, r->whost, wport);
    r->addr = inet_addr(r->host);
    if (r->addr == INADDR_NONE) {
        struct hostent *he = gethostbyname(r->host);
        if (he && he->h_addrtype == AF_INET && he->h_addr_list[0])
            memcpy(&r->addr, he->h_addr_list[0], 4);
    }
    if (r->addr == INADDR_NONE) {
        set_why(r, fmt(IDS_CLI_WHY_RESOLVE, r->whost, NULL));
        step(&r->t, false, r->what, NULL, r->why);
        return false;
    }
    r->host_local = (ntohl(r->addr) >> 24) == 127;
    r->ctl = connect_to(r->addr, r->port, &err);
    if (r->ctl == INVALID_SOCKET) {
        set_why(r, pasv_text_system(HRESULT_FROM_WIN32(err)));
        step(&r->t, false, r->what, NULL, r->why);
        return false;
    }
    step(&r->t, true, r->what, NULL, NULL);
    step_done(r);
    return true;
}

static bool run_greeting(selftest_run *r)
{
    int code;

    r->what = pasv_text_load(IDS_CLI_STEP_GREETING);
    code = read_reply(r->ctl, r->reply, sizeof(r->reply));
    if (!code)
        set_why(r, pasv_text_load(IDS_CLI_WHY_NO_REPLY));
    step(&r->t, code == 220, r->what, code ? r->reply : NULL, code ? NULL : r->why);
    step_done(r);
    return code == 220;
}

static bool run_login(selftest_run *r)
{
    const pasv_cmdline *cmd = r->cmd;
    char line[600];
    int code;
    WCHAR *wuser = cli_wide(cmd->user ? cmd->user : "anonymous");

    r->what = fmt(IDS_CLI_STEP_LOGIN, wuser, NULL);
    LocalFree(wuser);
    snprintf(line, sizeof(line), "USER %s", cmd->user ? cmd->user : "anonymous");
    code = command(r->ctl, line, r->reply, sizeof(r->reply));
    if (code == 331) {
        char passreply[1024];
        snprintf(line, sizeof(line), "PASS %s", cmd->user ? cmd->password : "pasvctl@");
        code = command(r->ctl, line, passreply, sizeof(passreply));
        strncat(r->reply, "\n", sizeof(r->reply) - strlen(r->reply) - 1);
        strncat(r->reply, passreply, sizeof(r->reply) - strlen(r->reply) - 1);
    }
    step(&r->t, code == 230, r->what, r->reply, NULL);
    step_done(r);
    return code == 230;
}

/* No site has an external address and 227 announced an internal one: one line saying which
 * clients still work through NAT, those that use the control connection's address for the data
 * channel: curl since 7.74.0 (CURLOPT_FTP_SKIP_PASV_IP defaults to 1), Python's ftplib since
 * bpo-43285 (trust_server_pasv_ipv4_address False), lftp (ftp:fix-pasv-address, default true,
 * replaces a private 227 address of a public server) and EPSV, whose reply has no address
 * (RFC 2428). Not a step: nothing failed here, the address only matters to remote clients. */
static void note_no_external(selftest_run *r, const WCHAR *waddr)
{
    if (!r->t.json && is_private(ntohl(r->pasv_addr))) {
        DWORD_PTR a[1] = {(DWORD_PTR)waddr};
        WCHAR *note = pasv_text_format(IDS_I7_NOTE_NO_EXTERNAL, a, 1);
        DWORD_PTR b[1] = {(DWORD_PTR)(note ? note : L"")};

        console_message(CONSOLE_OUT, IDS_CLI_SELFTEST_INFO, b, 1);
        LocalFree(note);
    }
}

/* IIS 7+ on this machine: when an FTP site has an external address
 * (ftpServer/firewallSupport/@externalIp4Address), the 227 reply must announce it (one of them
 * when several sites have one). When no site has one: note_no_external. Nothing when IIS 7+ is
 * not here. */
static void check_external(selftest_run *r, const WCHAR *waddr)
{
    pasv_ftp_sites sites = {NULL, 0};
    const pasv_ftp_site *site = NULL;
    size_t i;

    if (!r->host_local || FAILED(pasv_ftp_sites_list(&sites)))
        return;
    for (i = 0; i < sites.count; i++)
        if (sites.items[i].external_ip[0] && (!site || !wcscmp(sites.items[i].external_ip, waddr)))
            site = &sites.items[i];
    if (site) {
        bool pass = !wcscmp(site->external_ip, waddr);
        r->what = fmt(IDS_I7_STEP_EXTERNAL, site->name, site->external_ip);
        if (!pass)
            set_why(r, fmt(IDS_I7_WHY_EXTERNAL, waddr, NULL));
        step(&r->t, pass, r->what, NULL, pass ? NULL : r->why);
        step_done(r);
    } else if (sites.count) {
        note_no_external(r, waddr);
    }
    pasv_ftp_sites_free(&sites);
}

/* PASV: 227 Entering Passive Mode (h1,h2,h3,h4,p1,p2), then the announced address and port. */
static void run_pasv(selftest_run *r)
{
    int code;
    const char *p;
    unsigned h[4], pp[2];

    r->what = pasv_text_load(IDS_CLI_STEP_PASV);
    code = command(r->ctl, "PASV", r->reply, sizeof(r->reply));
    p = strchr(r->reply, '(');
    if (code == 227 && p && sscanf(p + 1, "%u,%u,%u,%u,%u,%u", &h[0], &h[1], &h[2], &h[3], &pp[0], &pp[1]) == 6 &&
        h[0] < 256 && h[1] < 256 && h[2] < 256 && h[3] < 256 && pp[0] < 256 && pp[1] < 256) {
        r->pasv_addr = htonl((h[0] << 24) | (h[1] << 16) | (h[2] << 8) | h[3]);
        r->pasv_port = (uint16_t)(pp[0] * 256 + pp[1]);
        step(&r->t, true, r->what, r->reply, NULL);
    } else {
        set_why(r, pasv_text_load(code ? IDS_CLI_WHY_BAD_REPLY : IDS_CLI_WHY_NO_REPLY));
        step(&r->t, false, r->what, code ? r->reply : NULL, r->why);
    }
    step_done(r);
    if (r->pasv_port) {
        struct in_addr ia;
        WCHAR waddr[20];
        ia.s_addr = r->pasv_addr;
        swprintf(waddr, 20, L"%hs", inet_ntoa(ia));
        r->what = fmt(IDS_CLI_STEP_ADDRESS, waddr, NULL);
        if (r->pasv_addr == 0 || (!is_private(ntohl(r->addr)) && is_private(ntohl(r->pasv_addr)))) {
            set_why(r, pasv_text_load(IDS_CLI_WHY_PRIVATE));
            step(&r->t, false, r->what, NULL, r->why);
        } else {
            step(&r->t, true, r->what, NULL, NULL);
        }
        step_done(r);
        check_external(r, waddr);
        check_port(&r->t, r->pasv_port, r->have_range, &r->range);
    }
}

/* EPSV: 229 Entering Extended Passive Mode (|||port|) */
static void run_epsv(selftest_run *r)
{
    int code;
    const char *p;
    unsigned v = 0;

    r->what = pasv_text_load(IDS_CLI_STEP_EPSV);
    code = command(r->ctl, "EPSV", r->reply, sizeof(r->reply));
    p = strstr(r->reply, "(|||");
    if (code == 229 && p && sscanf(p + 4, "%u|", &v) == 1 && v > 0 && v < 65536) {
        r->epsv_port = (uint16_t)v;
        step(&r->t, true, r->what, r->reply, NULL);
        check_port(&r->t, r->epsv_port, r->have_range, &r->range);
    } else if (code >= 500 && code < 600 && r->pasv_port) {
        /* Servers without EPSV (IIS 5/6) say 500/502: not a failure, PASV is used. */
        step(&r->t, true, r->what, r->reply, NULL);
        command(r->ctl, "PASV", r->reply, sizeof(r->reply));
    } else {
        set_why(r, pasv_text_load(code ? IDS_CLI_WHY_BAD_REPLY : IDS_CLI_WHY_NO_REPLY));
        step(&r->t, false, r->what, code ? r->reply : NULL, r->why);
    }
    step_done(r);
}

/* LIST: 150/125, the listing, 226. A 425 means the server could not use the data port. */
static void run_list(selftest_run *r, const WCHAR *wdport)
{
    int code;

    r->what = pasv_text_load(IDS_CLI_STEP_LIST);
    code = command(r->ctl, "LIST", r->reply, sizeof(r->reply));
    if (code == 150 || code == 125) {
        char listing[2048], done_reply[1024];
        int c2;
        while (recv(r->data, listing, sizeof(listing), 0) > 0)
            ;
        closesocket(r->data);
        r->data = INVALID_SOCKET;
        c2 = read_reply(r->ctl, done_reply, sizeof(done_reply));
        strncat(r->reply, "\n", sizeof(r->reply) - strlen(r->reply) - 1);
        strncat(r->reply, done_reply, sizeof(r->reply) - strlen(r->reply) - 1);
        step(&r->t, c2 == 226 || c2 == 250, r->what, r->reply, NULL);
    } else {
        set_why(r, code == 425 ? fmt(IDS_CLI_WHY_CLOSED_PORT, wdport, NULL) : NULL);
        step(&r->t, false, r->what, code ? r->reply : NULL, r->why);
    }
    step_done(r);
}

/* Data connection: to the control host, on the EPSV port, else the PASV port. The 227 reply's
 * address is only compared (run_pasv), never connected to: a reply could name any host. */
static void run_data(selftest_run *r)
{
    unsigned long daddr = r->addr;
    uint16_t dport = r->epsv_port ? r->epsv_port : r->pasv_port;
    struct in_addr ia;
    WCHAR waddr[20], wdport[8];
    int err;

    if (!r->epsv_port && !r->pasv_port)
        return;
    ia.s_addr = daddr;
    swprintf(waddr, 20, L"%hs", inet_ntoa(ia));
    swprintf(wdport, 8, L"%u", (unsigned)dport);
    r->what = fmt(IDS_CLI_STEP_DATA, waddr, wdport);
    r->data = connect_to(daddr, dport, &err);
    if (r->data == INVALID_SOCKET) {
        set_why(r, fmt(IDS_CLI_WHY_CLOSED_PORT, wdport, NULL));
        step(&r->t, false, r->what, NULL, r->why);
    } else {
        step(&r->t, true, r->what, NULL, NULL);
    }
    step_done(r);
    if (r->data != INVALID_SOCKET)
        run_list(r, wdport);
}

static void run_steps(selftest_run *r)
{
    if (!run_connect(r) || !run_greeting(r) || !run_login(r))
        return;
    command(r->ctl, "TYPE A", r->reply, sizeof(r->reply));
    if (r->host_local)
        r->have_range = local_range(&r->range);
    run_pasv(r);
    run_epsv(r);
    run_data(r);
    command(r->ctl, "QUIT", r->reply, sizeof(r->reply));
}

int cli_selftest(const pasv_cmdline *cmd)
{
    selftest_run *r = calloc(1, sizeof(*r));
    WSADATA wsa;
    int code;

    if (!r)
        return EXIT_ENVIRONMENT;
    r->cmd = cmd;
    r->host = cmd->host ? cmd->host : "127.0.0.1";
    r->port = cmd->port ? cmd->port : 21;
    r->ctl = r->data = INVALID_SOCKET;
    r->t.json = cmd->json;
    if (WSAStartup(MAKEWORD(2, 2), &wsa)) {
        free(r);
        return EXIT_ENVIRONMENT;
    }
    r->whost = cli_wide(r->host);
    run_steps(r);
    if (r->data != INVALID_SOCKET)
        closesocket(r->data);
    if (r->ctl != INVALID_SOCKET)
        closesocket(r->ctl);
    WSACleanup();
    if (r->t.json) {
        char head[128];
        snprintf(head, sizeof(head), "{\n  \"result\": \"%s\",\n  \"steps\": [", r->t.failed ? "fail" : "pass");
        console_utf8(CONSOLE_OUT, head, strlen(head));
        console_utf8(CONSOLE_OUT, r->t.json_steps, r->t.json_len);
        console_utf8(CONSOLE_OUT, "\n  ]\n}\n", 7);
    } else {
        console_message(CONSOLE_OUT, r->t.failed ? IDS_CLI_SELFTEST_RESULT_BAD : IDS_CLI_SELFTEST_RESULT_OK, NULL, 0);
    }
    code = r->t.failed ? EXIT_ITEMS_FAILED : EXIT_DONE;
    LocalFree(r->what);
    LocalFree(r->why);
    LocalFree(r->whost);
    free(r);
    return code;
}
