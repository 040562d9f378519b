/* Lab FTP service: the log file C:\windows\system32\LogFiles\MSFTPSVC\lab.log and event log.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 * Each line is opened, appended and closed, so tests in other processes can read it any time. */
#include <stdarg.h>
#include <stdio.h>
#include "ftpsvc.h"

static CRITICAL_SECTION log_lock;
static WCHAR log_path[MAX_PATH];

void ftplog_init(void)
{
    WCHAR dir[MAX_PATH];
    UINT n;

    InitializeCriticalSection(&log_lock);
    n = GetSystemDirectoryW(dir, MAX_PATH);
    if (!n || n > MAX_PATH - 40)
        lstrcpyW(dir, L"C:\\windows\\system32");
    lstrcatW(dir, L"\\LogFiles");
    CreateDirectoryW(dir, NULL);
    lstrcatW(dir, L"\\MSFTPSVC");
    CreateDirectoryW(dir, NULL);
    wsprintfW(log_path, L"%s\\lab.log", dir);
}

static void log_write(const char *text)
{
    char line[1200];
    SYSTEMTIME st;
    HANDLE f;
    DWORD written;
    int len;

    if (!log_path[0])
        return;
    GetLocalTime(&st);
    len = snprintf(line, sizeof(line), "%04u-%02u-%02u %02u:%02u:%02u.%03u [%lu] %s\r\n",
                   st.wYear, st.wMonth, st.wDay, st.wHour, st.wMinute, st.wSecond,
                   st.wMilliseconds, (unsigned long)GetCurrentProcessId(), text);
    if (len < 0)
        return;
    if (len >= (int)sizeof(line))
        len = sizeof(line) - 1;
    EnterCriticalSection(&log_lock);
    f = CreateFileW(log_path, FILE_APPEND_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                    NULL, OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (f != INVALID_HANDLE_VALUE) {
        WriteFile(f, line, (DWORD)len, &written, NULL);
        CloseHandle(f);
    }
    LeaveCriticalSection(&log_lock);
}

void ftplog(const char *fmt, ...)
{
    char text[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    log_write(text);
}

void ftplog_event_error(DWORD event_id, const char *fmt, ...)
{
    char text[1024];
    WCHAR wtext[1024];
    const WCHAR *strings[1];
    HANDLE source;
    BOOL reported = FALSE;
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    log_write(text);

    MultiByteToWideChar(CP_UTF8, 0, text, -1, wtext, ARRAYSIZE(wtext));
    strings[0] = wtext;
    source = RegisterEventSourceW(NULL, L"MSFTPSVC");
    if (source) {
        reported = ReportEventW(source, EVENTLOG_ERROR_TYPE, 0, event_id, NULL, 1, 0, strings, NULL);
        DeregisterEventSource(source);
    }
    ftplog("event log: ReportEvent(id %lu) %s", (unsigned long)event_id,
           reported ? "accepted" : "not available");
}
