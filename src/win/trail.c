/* pasvports: the change trail (changes.log + Event Log).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "trail.h"

#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

#include "com_util.h"
#include "messages.h"
#include "securedir.h"
#include "resource.h"
#include "resource_iis7.h"
#include "text.h"

#define TRAIL_SOURCE L"pasvports"

HRESULT pasv_trail_path(WCHAR *buf, DWORD cap)
{
    WCHAR dir[MAX_PATH];
    HRESULT hr = pasv_secure_dir_path(dir, MAX_PATH);
    if (FAILED(hr))
        return hr;
    if (_snwprintf(buf, cap, L"%ls\\changes.log", dir) < 0) {
        if (cap)
            buf[0] = 0;
        return HRESULT_FROM_WIN32(ERROR_BUFFER_OVERFLOW);
    }
    buf[cap - 1] = 0;
    return S_OK;
}

static void utf8_to_wide(const char *s, WCHAR *out, int cap)
{
    if (!MultiByteToWideChar(CP_UTF8, 0, s, -1, out, cap) && cap)
        out[0] = 0;
    out[cap - 1] = 0;
}

WCHAR *pasv_trail_item_action(const pasv_plan *plan, size_t index)
{
    return pasv_trail_item_action_shown(plan, index, NULL);
}

WCHAR *pasv_trail_item_action_shown(const pasv_plan *plan, size_t index, pasv_trail_show_fn show)
{
    return pasv_item_action_text(&plan->items[index], &plan->entries, plan->opt.prefix, plan->opt.server, show);
}

WCHAR *pasv_ftp_service_display_name(pasv_server_kind server)
{
    return pasv_text_load(server == PASV_SERVER_IIS7 ? IDS_SVC_NAME_FTPSVC : IDS_SVC_NAME_MSFTPSVC);
}

/* SET_EXTERNAL_IP (issue 13): "Set the external address of FTP site "%2" to %1 (was %3)" from the
 * item's two records (the site as it was, as the item leaves it; plan.h), or "Clear ...". */
static WCHAR *external_ip_text(const pasv_plan_item *item, const pasv_fw_list *entries, pasv_trail_show_fn show)
{
    const pasv_fw_entry *was, *now;
    WCHAR *site, *none, *wold, *wnew, *out;
    DWORD_PTR args[3];

    if (item->entry == UINT32_MAX || !entries || item->entry + 1 >= entries->count) {
        args[0] = args[1] = args[2] = (DWORD_PTR)L"?"; /* no records: never the raw %1 */
        return pasv_text_format(PASV_MSG_ITEM_SET_EXTERNAL_IP, args, 3);
    }
    was = &entries->items[item->entry];
    now = &entries->items[item->entry + 1];
    site = show ? show(was->name) : pasv_wide_from_utf8(was->name);
    none = pasv_text_load(IDS_I7_EXTERNAL_NONE);
    wold = pasv_wide_from_utf8(was->remote && *was->remote ? was->remote : "");
    wnew = pasv_wide_from_utf8(now->remote ? now->remote : "");
    args[0] = (DWORD_PTR)(wnew ? wnew : L"?");
    args[1] = (DWORD_PTR)(site ? site : L"?");
    args[2] = (DWORD_PTR)(wold && *wold ? wold : none ? none : L"-");
    out = pasv_text_format(now->remote && *now->remote ? PASV_MSG_ITEM_SET_EXTERNAL_IP
                                                        : PASV_MSG_ITEM_CLEAR_EXTERNAL_IP, args, 3);
    if (show)
        LocalFree(site);
    else
        free(site);
    free(wold);
    free(wnew);
    LocalFree(none);
    return out;
}

WCHAR *pasv_item_action_text(const pasv_plan_item *item, const pasv_fw_list *entries, const char *prefix,
                             pasv_server_kind server, pasv_trail_show_fn show)
{
    char what[PASV_RANGE_TEXT_MAX], port_name[PASV_FW_RULE_NAME_CAP] = "";
    const char *name = port_name;
    WCHAR wwhat[PASV_RANGE_TEXT_MAX];
    WCHAR *wname, *out;
    DWORD_PTR args[3]; /* every item message takes at most three inserts (%3 only the address's) */

    if (item->kind == PASV_ITEM_SET_EXTERNAL_IP)
        return external_ip_text(item, entries, show);
    switch (item->kind) {
    case PASV_ITEM_SET_RANGE:
    case PASV_ITEM_PUT_RULE:
    case PASV_ITEM_REMOVE_RULE:
    case PASV_ITEM_DISABLE_BUILTIN_RULE:
    case PASV_ITEM_ENABLE_BUILTIN_RULE:
        pasv_range_format(&item->range, what, sizeof(what));
        break;
    case PASV_ITEM_FOREIGN: /* another program's rule over several ports: the ports it covers */
        if (pasv_item_action_msg(item) == PASV_MSG_ITEM_FOREIGN_RULE)
            pasv_range_format(&item->range, what, sizeof(what));
        else
            snprintf(what, sizeof(what), "%u", (unsigned)item->port);
        break;
    default:
        snprintf(what, sizeof(what), "%u", (unsigned)item->port);
        break;
    }
    /* Names are used whole: a cut name could read as another program's (show may shorten one
     * for a cell that has a tooltip with it whole). */
    if (item->kind == PASV_ITEM_PUT_RULE) /* the rule it writes, whatever it replaces */
        pasv_fw_rule_name(prefix, &item->range, port_name, sizeof(port_name));
    else if (item->entry != UINT32_MAX && entries && item->entry < entries->count && item->kind != PASV_ITEM_OPEN_PORT)
        name = entries->items[item->entry].name;
    else if (item->kind == PASV_ITEM_OPEN_PORT || item->kind == PASV_ITEM_KEEP_PORT)
        pasv_fw_port_name(prefix, item->port, port_name, sizeof(port_name));
    utf8_to_wide(what, wwhat, PASV_RANGE_TEXT_MAX);
    if (item->kind == PASV_ITEM_RESTART_SERVICE) { /* "Restart the %1": the service of this server */
        WCHAR *svc = pasv_ftp_service_display_name(server);
        args[0] = (DWORD_PTR)(svc ? svc : L"FTP service");
        args[1] = args[2] = (DWORD_PTR)L"";
        out = pasv_text_format(pasv_item_action_msg(item), args, 3);
        LocalFree(svc);
        return out;
    }
    wname = show ? show(name) : pasv_wide_from_utf8(name);
    if (!wname)
        return NULL;
    args[0] = (DWORD_PTR)wwhat;
    args[1] = (DWORD_PTR)wname;
    args[2] = (DWORD_PTR)L"";
    out = pasv_text_format(pasv_item_action_msg(item), args, 3);
    if (show)
        LocalFree(wname);
    else
        free(wname);
    return out;
}

WCHAR *pasv_item_why_text(const pasv_plan_item *item)
{
    /* Our own facility (not verified, skipped) has no system text: the status says it. */
    bool own = ((uint32_t)item->hr & 0xFFFF0000u) == 0xA0CA0000u;
    return pasv_text_describe(NULL, (HRESULT)item->hr, own ? pasv_item_status_msg(item) : 0);
}

WCHAR *pasv_trail_item_failure(const pasv_plan *plan, size_t index)
{
    return pasv_trail_item_failure_shown(plan, index, NULL);
}

WCHAR *pasv_trail_item_failure_shown(const pasv_plan *plan, size_t index, pasv_trail_show_fn show)
{
    const pasv_plan_item *item = &plan->items[index];
    WCHAR *what, *out = NULL;
    bool own = ((uint32_t)item->hr & 0xFFFF0000u) == 0xA0CA0000u;

    if (item->status != PASV_ST_FAILED && item->status != PASV_ST_ROLLBACK_FAILED &&
        item->status != PASV_ST_NOT_VERIFIED)
        return NULL;
    what = pasv_trail_item_action_shown(plan, index, show);
    if (what)
        out = pasv_text_describe(what, (HRESULT)item->hr, own ? pasv_item_status_msg(item) : 0);
    LocalFree(what);
    return out;
}

/* DOMAIN\user of the process token (what the Security log would name). */
static void current_user(WCHAR *buf, DWORD cap)
{
    HANDLE token = NULL;
    BYTE info[256];
    DWORD len = 0;
    WCHAR name[128], domain[128];
    DWORD name_len = 128, domain_len = 128;
    SID_NAME_USE use;

    swprintf(buf, cap, L"?");
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token))
        return;
    if (GetTokenInformation(token, TokenUser, info, sizeof(info), &len) &&
        LookupAccountSidW(NULL, ((TOKEN_USER *)info)->User.Sid, name, &name_len, domain, &domain_len, &use))
        swprintf(buf, cap, L"%ls\\%ls", domain, name);
    CloseHandle(token);
}

static void range_words(const pasv_plan *plan, const pasv_range *r, bool set, WCHAR *buf, DWORD cap)
{
    char text[PASV_RANGE_TEXT_MAX];
    pasv_range def = pasv_range_server_default(plan->opt.server);
    if (set) {
        pasv_range_format(r, text, sizeof(text));
        swprintf(buf, cap, L"%hs", text);
    } else {
        pasv_range_format(&def, text, sizeof(text));
        swprintf(buf, cap, L"default(%hs)", text);
    }
}

/* Where the range ended: the new value if the write is still in force (done, or its undo
 * failed), the range the rollback put back if it was undone (the plan's prev_range: the
 * original run's, which a rollback's own journal carries, issue 12 finding 7), else as before. */
static void range_after(const pasv_plan *plan, const pasv_range *before, bool before_set, pasv_range *after,
                        bool *after_set)
{
    size_t i;
    *after = *before;
    *after_set = before_set;
    if (plan->range_restored)
        return;
    for (i = 0; i < plan->count; i++) {
        const pasv_plan_item *it = &plan->items[i];
        if (it->kind != PASV_ITEM_SET_RANGE && it->kind != PASV_ITEM_CLEAR_RANGE)
            continue;
        if (it->status == PASV_ST_ROLLED_BACK && plan->prev_known) {
            *after = plan->prev_range;
            *after_set = plan->prev_range_set;
            continue;
        }
        if (it->status != PASV_ST_DONE && it->status != PASV_ST_NOT_VERIFIED && it->status != PASV_ST_ROLLBACK_FAILED)
            continue;
        if (it->kind == PASV_ITEM_SET_RANGE) {
            *after = it->range;
            *after_set = true;
        } else {
            *after_set = false;
        }
    }
}

/* What the run did (issue 11, B17): an item counts once it is in force, DONE, written but not
 * read back (NOT_VERIFIED), or done and its undo failed (ROLLBACK_FAILED: still in force, issue 12
 * finding 7); planned, failed, skipped and rolled-back items do not. */
static void outcome_counts(const pasv_plan *plan, pasv_plan_counts *c)
{
    size_t i;

    memset(c, 0, sizeof(*c));
    for (i = 0; i < plan->count; i++) {
        const pasv_plan_item *it = &plan->items[i];
        if (it->status != PASV_ST_DONE && it->status != PASV_ST_NOT_VERIFIED && it->status != PASV_ST_ROLLBACK_FAILED)
            continue;
        switch (it->kind) {
        case PASV_ITEM_OPEN_PORT: c->open++; break;
        case PASV_ITEM_CLOSE_STALE: c->stale++; break;
        case PASV_ITEM_PUT_RULE: c->rules_put++; break;
        case PASV_ITEM_REMOVE_RULE: c->rules_removed++; break;
        default: break;
        }
    }
}

static const WCHAR *result_word(const pasv_plan_counts *c, pasv_hr result, pasv_trail_when when)
{
    if (result == PASV_E_ABORT || c->cancelled)
        return c->rolled_back ? L"cancelled-rolled-back" : when == PASV_TRAIL_KEPT ? L"cancelled-kept" : L"cancelled";
    if (c->failed || c->rollback_failed || c->not_verified || PASV_FAILED(result)) {
        if (c->rolled_back && !c->rollback_failed)
            return L"failed-rolled-back";
        return when == PASV_TRAIL_AWAITING ? L"failed-awaiting-choice" : L"failed-kept";
    }
    return L"done";
}

/* Opens changes.log for appending, in the secure directory (created with its DACL, or refused
 * when someone else owns or may write it), refusing a changes.log someone else could have
 * written (issue 11, S1). */
static HANDLE open_log(const WCHAR *path, HRESULT *hr)
{
    WCHAR dir[MAX_PATH];
    HANDLE file;

    *hr = pasv_secure_dir(dir, NULL);
    if (SUCCEEDED(*hr))
        *hr = pasv_secure_file_check(path);
    if (FAILED(*hr))
        return INVALID_HANDLE_VALUE;
    /* FILE_APPEND_DATA without FILE_WRITE_DATA: every write lands at the end, so two runs that
     * finish together interleave whole lines, never overwrite each other. */
    file = CreateFileW(path, FILE_APPEND_DATA | SYNCHRONIZE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_ALWAYS,
                       FILE_ATTRIBUTE_NORMAL, NULL);
    if (file == INVALID_HANDLE_VALUE)
        *hr = HRESULT_FROM_WIN32(GetLastError());
    return file;
}

HRESULT pasv_trail_check(WCHAR *path)
{
    HRESULT hr = pasv_trail_path(path, MAX_PATH);
    HANDLE file;

    if (FAILED(hr))
        return hr;
    file = open_log(path, &hr);
    if (file != INVALID_HANDLE_VALUE)
        CloseHandle(file);
    return hr;
}

static HRESULT append_line(const WCHAR *path, const WCHAR *line)
{
    HANDLE file;
    char *utf8;
    int bytes;
    DWORD written = 0;
    HRESULT hr = S_OK;

    file = open_log(path, &hr);
    if (file == INVALID_HANDLE_VALUE)
        return hr;
    bytes = WideCharToMultiByte(CP_UTF8, 0, line, -1, NULL, 0, NULL, NULL);
    utf8 = bytes > 0 ? HeapAlloc(GetProcessHeap(), 0, (SIZE_T)bytes + 2) : NULL;
    if (!utf8) {
        CloseHandle(file);
        return E_OUTOFMEMORY;
    }
    WideCharToMultiByte(CP_UTF8, 0, line, -1, utf8, bytes, NULL, NULL);
    utf8[bytes - 1] = '\r';
    utf8[bytes] = '\n';
    if (!WriteFile(file, utf8, (DWORD)bytes + 1, &written, NULL))
        hr = HRESULT_FROM_WIN32(GetLastError());
    HeapFree(GetProcessHeap(), 0, utf8);
    CloseHandle(file);
    return hr;
}

/* Tabs and line breaks inside a field would break the one-line-per-run format. */
static void flatten(WCHAR *s)
{
    for (; *s; s++)
        if (*s == L'\t' || *s == L'\r' || *s == L'\n')
            *s = L' ';
}

/* Issue 13: the IIS 7+ items by name with their outcome, "iis7=<row>: <status>; ...", so the
 * change log says which site address and which built-in rule a run changed or put back; NULL
 * when the plan has none (the line is then as before). LocalAlloc'd, flattened. */
static WCHAR *iis7_field(const pasv_plan *plan)
{
    WCHAR *out = NULL, *grown;
    size_t len = 0, i;

    for (i = 0; i < plan->count; i++) {
        const pasv_plan_item *it = &plan->items[i];
        WCHAR *what, *st;
        size_t n;

        if (it->kind != PASV_ITEM_SET_EXTERNAL_IP && it->kind != PASV_ITEM_DISABLE_BUILTIN_RULE
            && it->kind != PASV_ITEM_ENABLE_BUILTIN_RULE)
            continue;
        what = pasv_trail_item_action(plan, i);
        st = pasv_text_load(pasv_item_status_msg(it));
        n = (what ? wcslen(what) : 1) + (st ? wcslen(st) : 1) + 8;
        grown = out ? LocalReAlloc(out, (len + n) * sizeof(WCHAR), LMEM_MOVEABLE)
                    : LocalAlloc(LMEM_FIXED, (len + n + 6) * sizeof(WCHAR));
        if (grown) {
            if (!out)
                len = (size_t)swprintf(grown, 6, L"iis7=");
            out = grown;
            len += (size_t)swprintf(out + len, n, L"%ls%ls: %ls", len > 5 ? L"; " : L"", what ? what : L"?",
                                    st ? st : L"?");
        }
        LocalFree(what);
        LocalFree(st);
    }
    if (out)
        flatten(out);
    return out;
}

HRESULT pasv_trail_record(const pasv_plan *plan, const WCHAR *command, const pasv_range *before, bool before_set,
                          pasv_hr result, pasv_trail_result *out)
{
    return pasv_trail_record_when(plan, command, before, before_set, result, PASV_TRAIL_DECIDED, out);
}

HRESULT pasv_trail_record_when(const pasv_plan *plan, const WCHAR *command, const pasv_range *before,
                               bool before_set, pasv_hr result, pasv_trail_when when, pasv_trail_result *out)
{
    pasv_trail_result local;
    pasv_plan_counts c, done;
    SYSTEMTIME now;
    WCHAR user[260], wbefore[32], wafter[32], counts[256], stamp[32];
    WCHAR *failures = NULL, *line = NULL, *cmd = NULL, *iis7 = NULL;
    size_t fcap = 1, flen = 0, i, lcap;
    pasv_range after;
    bool after_set;
    const WCHAR *word;

    if (!out)
        out = &local;
    memset(out, 0, sizeof(*out));
    out->log_hr = out->event_hr = E_FAIL;

    pasv_plan_count(plan, &c);
    GetSystemTime(&now);
    swprintf(stamp, 32, L"%04u-%02u-%02uT%02u:%02u:%02uZ", now.wYear, now.wMonth, now.wDay, now.wHour, now.wMinute,
             now.wSecond);
    current_user(user, 260);
    range_words(plan, before, before_set, wbefore, 32);
    range_after(plan, before, before_set, &after, &after_set);
    range_words(plan, &after, after_set, wafter, 32);
    word = result_word(&c, result, when);
    outcome_counts(plan, &done);
    swprintf(counts, 256, L"opened=%u kept=%u closed=%u rules_put=%u rules_removed=%u failed=%u rolled_back=%u",
             done.open, c.keep, done.stale, done.rules_put, done.rules_removed,
             c.failed + c.rollback_failed + c.not_verified, c.rolled_back);

    failures = LocalAlloc(LMEM_FIXED | LMEM_ZEROINIT, fcap * sizeof(WCHAR));
    for (i = 0; failures && i < plan->count; i++) {
        WCHAR *f = pasv_trail_item_failure(plan, i), *grown;
        size_t n;
        if (!f)
            continue;
        n = wcslen(f);
        grown = LocalReAlloc(failures, (fcap + n + 3) * sizeof(WCHAR), LMEM_MOVEABLE);
        if (grown) {
            failures = grown;
            fcap += n + 3;
            if (flen)
                wcscat(failures, L"; ");
            wcscat(failures, f);
            flen += n + 2;
        }
        LocalFree(f);
    }
    if (!failures)
        return E_OUTOFMEMORY;
    flatten(failures);
    cmd = LocalAlloc(LMEM_FIXED, (wcslen(command) + 1) * sizeof(WCHAR));
    if (!cmd) {
        LocalFree(failures);
        return E_OUTOFMEMORY;
    }
    wcscpy(cmd, command);
    flatten(cmd);

    lcap = wcslen(failures) + wcslen(cmd) + 700;
    iis7 = iis7_field(plan);
    lcap += iis7 ? wcslen(iis7) + 2 : 0;
    line = LocalAlloc(LMEM_FIXED, lcap * sizeof(WCHAR));
    if (line) {
        swprintf(line, lcap, L"%ls\t%ls\t%ls\tbefore=%ls\tafter=%ls\tresult=%ls\t%ls\tfailures=%ls", stamp, user, cmd,
                 wbefore, wafter, word, counts, flen ? failures : L"none");
        if (iis7) { /* the IIS 7+ items, last: the fields before keep their places */
            wcscat(line, L"\t");
            wcscat(line, iis7);
        }
        out->log_hr = pasv_trail_path(out->path, MAX_PATH);
        if (SUCCEEDED(out->log_hr))
            out->log_hr = append_line(out->path, line);
    } else {
        out->log_hr = E_OUTOFMEMORY;
    }

    {
        HANDLE source = RegisterEventSourceW(NULL, TRAIL_SOURCE);
        const WCHAR *strings[7] = {cmd, user, wbefore, wafter, counts, flen ? failures : L"none", out->path};
        DWORD id = !wcscmp(word, L"done") ? MSG_TRAIL_CHANGED
                   : !wcsncmp(word, L"cancelled", 9) ? MSG_TRAIL_CANCELLED : MSG_TRAIL_FAILED;
        WORD type = id == MSG_TRAIL_FAILED ? EVENTLOG_WARNING_TYPE : EVENTLOG_INFORMATION_TYPE;
        if (!source) {
            out->event_hr = HRESULT_FROM_WIN32(GetLastError());
        } else {
            out->event_hr = ReportEventW(source, type, 0, id, NULL, 7, 0, strings, NULL)
                                ? S_OK
                                : HRESULT_FROM_WIN32(GetLastError());
            DeregisterEventSource(source);
        }
    }
    LocalFree(line);
    LocalFree(iis7);
    LocalFree(cmd);
    LocalFree(failures);
    return FAILED(out->log_hr) ? out->log_hr : out->event_hr;
}
