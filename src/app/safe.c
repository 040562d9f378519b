/* pasvports: safe by default (issue 12): the one-sentence confirmation before Apply, the
 * firewall mode already in place, one dialog per desktop session.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "safe.h"

#include <stdio.h>
#include <wchar.h>

#include "pasv/range.h"
#include "resource.h"
#include "text.h"

#define INSTANCE_MUTEX L"Local\\pasvports.dialog" /* per session: another admin's dialog is theirs */
#define WINDOW_PROP L"pasvports.main"

/* ---- the confirmation ---- */

typedef struct clause_list {
    WCHAR text[2048];
    bool any;
} clause_list;

static void add_clause(clause_list *cl, WCHAR *clause)
{
    size_t used = wcslen(cl->text);

    if (!clause)
        return;
    if (cl->any) {
        WCHAR *sep = pasv_text_load(IDS_CONFIRM_SEP);
        swprintf(cl->text + used, sizeof(cl->text) / sizeof(cl->text[0]) - used, L"%ls", sep ? sep : L", ");
        LocalFree(sep);
        used = wcslen(cl->text);
    }
    swprintf(cl->text + used, sizeof(cl->text) / sizeof(cl->text[0]) - used, L"%ls", clause);
    cl->any = true;
    LocalFree(clause);
}

static WCHAR *count_clause(UINT one, UINT many, uint32_t n)
{
    DWORD_PTR args[1] = {n};
    return n ? pasv_text_format(n == 1 ? one : many, args, 1) : NULL;
}

static WCHAR *range_clause(UINT id, const pasv_range *range)
{
    char buf[PASV_RANGE_TEXT_MAX];
    WCHAR wide[PASV_RANGE_TEXT_MAX];
    DWORD_PTR args[1];

    pasv_range_format(range, buf, sizeof(buf));
    args[0] = (DWORD_PTR)(MultiByteToWideChar(CP_UTF8, 0, buf, -1, wide, PASV_RANGE_TEXT_MAX) ? wide : L"");
    return pasv_text_format(id, args, 1);
}

WCHAR *app_safe_confirm_text(const pasv_plan *plan)
{
    clause_list cl;
    uint32_t open = 0, stale = 0, removed = 0;
    const pasv_plan_item *set = NULL, *rule = NULL;
    bool restart = false, clear = false, edit = false, fw_on = false;
    DWORD_PTR args[1];
    size_t i;

    for (i = 0; i < plan->count; i++) {
        const pasv_plan_item *it = &plan->items[i];
        open += it->kind == PASV_ITEM_OPEN_PORT;
        stale += it->kind == PASV_ITEM_CLOSE_STALE;
        removed += it->kind == PASV_ITEM_REMOVE_RULE;
        set = it->kind == PASV_ITEM_SET_RANGE ? it : set;
        rule = it->kind == PASV_ITEM_PUT_RULE ? it : rule;
        clear |= it->kind == PASV_ITEM_CLEAR_RANGE;
        edit |= it->kind == PASV_ITEM_EDIT_WHILE_RUNNING;
        fw_on |= it->kind == PASV_ITEM_ENABLE_FIREWALL;
        restart |= it->kind == PASV_ITEM_RESTART_SERVICE;
    }
    memset(&cl, 0, sizeof(cl));
    add_clause(&cl, count_clause(IDS_CONFIRM_OPEN_ONE, IDS_CONFIRM_OPEN, open));
    if (rule)
        add_clause(&cl, range_clause(IDS_CONFIRM_PUT_RULE, &rule->range));
    add_clause(&cl, count_clause(IDS_CONFIRM_CLOSE_ONE, IDS_CONFIRM_CLOSE, stale));
    add_clause(&cl, count_clause(IDS_CONFIRM_REMOVE_RULE_ONE, IDS_CONFIRM_REMOVE_RULES, removed));
    if (set)
        add_clause(&cl, range_clause(IDS_CONFIRM_SET_RANGE, &set->range));
    if (clear)
        add_clause(&cl, pasv_text_load(IDS_CONFIRM_CLEAR_RANGE));
    if (edit)
        add_clause(&cl, pasv_text_load(plan->opt.edit_while_running == 1 ? IDS_CONFIRM_EDIT_ON : IDS_CONFIRM_EDIT_OFF));
    if (fw_on)
        add_clause(&cl, pasv_text_load(IDS_CONFIRM_FIREWALL_ON));
    /* Only when the plan restarts: nothing the service reads changed, or it stays stopped. */
    if (restart)
        add_clause(&cl, pasv_text_load(IDS_CONFIRM_RESTART));
    /* The clauses are lower-case so they can be joined in any order; the sentence starts with
     * a capital. */
    if (cl.text[0])
        CharUpperBuffW(cl.text, 1);
    args[0] = (DWORD_PTR)cl.text;
    return pasv_text_format(IDS_CONFIRM_TEXT, args, 1);
}

bool app_safe_confirm(HWND owner, const pasv_plan *plan)
{
    WCHAR *text = app_safe_confirm_text(plan), *caption = pasv_text_load(IDS_CONFIRM_CAPTION);
    int answer = 0;

    if (text) /* never apply on a question that could not be asked */
        answer = MessageBoxW(owner, text, caption ? caption : L"", MB_YESNO | MB_ICONQUESTION | MB_DEFBUTTON2);
    LocalFree(text);
    LocalFree(caption);
    return answer == IDYES;
}

/* ---- the firewall mode in place ---- */

pasv_fw_mode app_safe_mode_in_place(const app_snapshot *snap)
{
    bool rule = false, port = false;
    size_t i;

    if (!snap || FAILED(snap->open_hr) || FAILED(snap->fw_state_hr) || !snap->fw_state.rules_api
        || FAILED(snap->fw_state_rules_hr))
        return PASV_MODE_PER_PORT;
    if (FAILED(snap->fw_hr))
        return PASV_MODE_RANGE_RULE;
    for (i = 0; i < snap->fw.count; i++) {
        const pasv_fw_entry *e = &snap->fw.items[i];
        if (!(e->flags & PASV_FW_OURS) || e->protocol != PASV_PROTO_TCP)
            continue;
        rule |= e->kind == PASV_FW_RULE;
        port |= e->kind == PASV_FW_PORT;
    }
    return port && !rule ? PASV_MODE_PER_PORT : PASV_MODE_RANGE_RULE;
}

/* ---- one instance ---- */

void app_safe_mark(HWND dialog)
{
    SetPropW(dialog, WINDOW_PROP, (HANDLE)(INT_PTR)GetCurrentProcessId());
}

void app_safe_unmark(HWND dialog)
{
    RemovePropW(dialog, WINDOW_PROP);
}

static BOOL CALLBACK find_marked(HWND hwnd, LPARAM lparam)
{
    if (GetPropW(hwnd, WINDOW_PROP)) {
        *(HWND *)lparam = hwnd;
        return FALSE;
    }
    return TRUE;
}

bool app_safe_forward_to_first(void)
{
    HANDLE mutex = CreateMutexW(NULL, FALSE, INSTANCE_MUTEX);
    HWND first = NULL;
    int tries;

    if (!mutex || GetLastError() != ERROR_ALREADY_EXISTS)
        return false; /* the first (or the mutex failed: better two dialogs than none) */
    CloseHandle(mutex);
    /* The first instance may still be creating its window. */
    for (tries = 0; tries < 50 && !first; tries++) {
        EnumWindows(find_marked, (LPARAM)&first);
        if (!first)
            Sleep(100);
    }
    if (!first)
        return false;
    if (IsIconic(first))
        ShowWindow(first, SW_RESTORE);
    SetForegroundWindow(first);
    return true;
}
