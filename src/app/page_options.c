/* pasvports: the options page: firewall mode (one exception per port or one rule), scope and its
 * addresses (the core's validator, as pasvctl --scope), stale exceptions, the service restart
 * and turning the firewall on, each with the note that says what it means here.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "page_options7.h"

#include <commctrl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pasv/addr.h"
#include "resource.h"
#include "safe.h"
#include "text.h"

typedef struct options_state {
    bool scope_valid;
    char remote[PASV_ADDR_TEXT_MAX];
    bool rules_api;       /* the session's primary API is Vista+'s: the wider address syntax */
    bool remote_allowed;  /* idle and the firewall usable: the address field may be enabled */
    options7 iis7;        /* IIS 7+: a site's external address, the built-in passive rule */
    bool given_back;      /* app_page_options_give_back did shrink the frame */
} options_state;

static const layout_rule options_rules[] = {
    {IDC_OPTIONS_GROUP, 0, 0, 100, 0},
    {IDC_MODE_NOTE, 0, 0, 100, 0},
    {IDC_REMOTE, 0, 0, 100, 0},
    {IDC_SCOPE_STATUS, 0, 0, 100, 0},
    {IDC_RESTART_NOTE, 0, 0, 100, 0},
    {IDC_FIREWALL_WARNING, 0, 0, 100, 0},
    {IDC_EXTERNAL_STATUS, 0, 0, 100, 0},
    {IDC_BUILTIN_EXPLAIN, 0, 0, 100, 0},
};

static int scope_choice(const app_page *page)
{
    return (int)SendDlgItemMessageW(page->hwnd, IDC_SCOPE, CB_GETCURSEL, 0, 0);
}

/* The address list through the core's validator (the one pasvctl --scope uses): the reason
 * and the item when refused, the canonical list kept when not. */
static void validate_scope(app_page *page)
{
    options_state *st = page->state;
    int scope = scope_choice(page);
    WCHAR wremote[PASV_ADDR_INPUT_MAX + 2], item[48];
    char text[(PASV_ADDR_INPUT_MAX + 2) * 3];
    pasv_addr_result res;

    st->remote[0] = 0;
    page_enable(page->hwnd, IDC_REMOTE, scope == PASV_SCOPE_CUSTOM && st->remote_allowed);
    page_enable(page->hwnd, IDC_REMOTE_LABEL, scope == PASV_SCOPE_CUSTOM);
    if (scope != PASV_SCOPE_CUSTOM) {
        st->scope_valid = true;
        page_set_text_id(page->hwnd, IDC_SCOPE_STATUS, IDS_CUSTOM_NOT_SELECTED, NULL, 0);
        return;
    }
    GetDlgItemTextW(page->hwnd, IDC_REMOTE, wremote, (int)(sizeof(wremote) / sizeof(wremote[0])));
    if (!WideCharToMultiByte(CP_UTF8, 0, wremote, -1, text, (int)sizeof(text), NULL, NULL))
        text[0] = 0;
    /* Vista+ accepts IPv6, ranges and the other keywords in either API; XP/2003 does not. */
    st->scope_valid = pasv_addr_parse(text, st->rules_api ? PASV_ADDR_RULES : PASV_ADDR_LEGACY, st->remote,
                                      sizeof(st->remote), &res);
    if (st->scope_valid) {
        page_set_text_id(page->hwnd, IDC_SCOPE_STATUS, IDS_SCOPE_OK, NULL, 0);
        return;
    }
    st->remote[0] = 0;
    {
        char *bad = malloc(res.item_len + 1);
        DWORD_PTR args[2] = {(DWORD_PTR)item, res.limit};
        if (bad) {
            memcpy(bad, text + res.item_off, res.item_len);
            bad[res.item_len] = 0;
        }
        app_text_fit(bad ? bad : "", item, sizeof(item) / sizeof(item[0]));
        free(bad);
        page_set_text_id(page->hwnd, IDC_SCOPE_STATUS, res.msg, args, 2);
    }
}

static void options_init(app_page *page)
{
    static const UINT scope_ids[] = {IDS_SCOPE_ANY, IDS_SCOPE_SUBNET, IDS_SCOPE_CUSTOM};
    options_state *st = page->state;

    st->scope_valid = true;
    st->remote_allowed = true;
    SendDlgItemMessageW(page->hwnd, IDC_REMOTE, EM_LIMITTEXT, PASV_ADDR_INPUT_MAX, 0);
    page_fill_combo(page->hwnd, IDC_SCOPE, scope_ids, 3, PASV_SCOPE_ANY);
    CheckDlgButton(page->hwnd, IDC_MODE_PER_PORT, BST_CHECKED);
    CheckDlgButton(page->hwnd, IDC_REMOVE_STALE, BST_CHECKED);
    CheckDlgButton(page->hwnd, IDC_RESTART, BST_CHECKED);
    page_set_text_id(page->hwnd, IDC_RESTART_NOTE, IDS_RESTART_NOTE, NULL, 0);
    opt7_init(page, &st->iis7);
    validate_scope(page);
}

static void options_command(app_page *page, int id, int code)
{
    options_state *st = page->state;

    if (opt7_command(page, &st->iis7, id, code)) {
        app_page_changed(page, id);
        return;
    }
    switch (id) {
    case IDC_REMOTE:
        if (code != EN_CHANGE)
            return;
        break;
    case IDC_SCOPE:
        if (code != CBN_SELCHANGE)
            return;
        break;
    case IDC_MODE_PER_PORT:
    case IDC_MODE_RULE:
    case IDC_REMOVE_STALE:
    case IDC_RESTART:
    case IDC_ENABLE_FIREWALL:
        if (code != BN_CLICKED)
            return;
        if (id == IDC_RESTART)
            page_set_text_id(page->hwnd, IDC_RESTART_NOTE,
                             page_checked(page->hwnd, IDC_RESTART) ? IDS_RESTART_NOTE : IDS_NO_RESTART_NOTE, NULL, 0);
        break;
    default:
        return;
    }
    validate_scope(page);
    app_page_changed(page, id);
}

static void options_destroy(app_page *page)
{
    options_state *st = page->state;
    opt7_destroy(&st->iis7);
}

static const app_page_class options_class = {
    IDD_PAGE_OPTIONS, options_rules, sizeof(options_rules) / sizeof(options_rules[0]), sizeof(options_state),
    options_init, options_command, NULL, NULL, NULL, options_destroy,
};

app_page *app_page_options_create(HINSTANCE res, HWND parent, const app_page_host *host)
{
    return app_page_create(&options_class, res, parent, host);
}

void app_page_options_get(const app_page *page, app_page_choice *out)
{
    const options_state *st = page->state;

    memset(out, 0, sizeof(*out));
    out->mode = page_checked(page->hwnd, IDC_MODE_RULE) ? PASV_MODE_RANGE_RULE : PASV_MODE_PER_PORT;
    out->scope = (pasv_scope)scope_choice(page);
    out->scope_valid = st->scope_valid;
    snprintf(out->remote, sizeof(out->remote), "%s", out->scope == PASV_SCOPE_CUSTOM ? st->remote : "");
    out->remove_stale = page_checked(page->hwnd, IDC_REMOVE_STALE);
    out->restart = page_checked(page->hwnd, IDC_RESTART);
    out->enable_firewall = page_checked(page->hwnd, IDC_ENABLE_FIREWALL);
    opt7_get(page, &st->iis7, out);
}

/* Warnings next to the options that depend on the firewall. */
static void firewall_notes(app_page *page, const app_snapshot *s)
{
    if (FAILED(s->firewall_hr) || FAILED(s->fw_state_hr))
        return;
    if ((s->fw_state.profiles_enabled & s->fw_state.profiles_all) != s->fw_state.profiles_all) {
        WCHAR off[96];
        DWORD_PTR a[1] = {(DWORD_PTR)off};
        app_profile_names(s->fw_state.profiles_all & ~s->fw_state.profiles_enabled, s->env.fw_rules_api, off, 96);
        page_set_text_id(page->hwnd, IDC_FIREWALL_WARNING, IDS_FW_OFF_WARNING, a, 1);
    } else {
        page_set_text_id(page->hwnd, IDC_FIREWALL_WARNING, IDS_FW_ON_ALREADY, NULL, 0);
    }
    page_set_text_id(page->hwnd, IDC_MODE_NOTE, s->fw_state.rules_api ? IDS_RULES_AVAILABLE : IDS_RULES_NOT_AVAILABLE,
                     NULL, 0);
}

void app_page_options_snapshot(app_page *page, const app_snapshot *s, bool first)
{
    options_state *st = page->state;

    st->rules_api = s->env.fw_rules_api;
    opt7_snapshot(page, &st->iis7, s);
    if (FAILED(s->open_hr)) {
        validate_scope(page);
        return;
    }
    firewall_notes(page, s);
    if (FAILED(s->service_hr)) {
        CheckDlgButton(page->hwnd, IDC_RESTART, BST_UNCHECKED);
        page_set_failure(page->hwnd, IDC_RESTART_NOTE, IDS_WHAT_SERVICE, s->service_hr);
    } else {
        page_set_text_id(page->hwnd, IDC_RESTART_NOTE, s->keep_stopped ? IDS_PF_DLG_STOPPED_NOTE
                         : page_checked(page->hwnd, IDC_RESTART) ? IDS_RESTART_NOTE : IDS_NO_RESTART_NOTE, NULL, 0);
    }
    if (first) { /* open with the mode in place (issue 12); later, the user's */
        bool rule = app_safe_mode_in_place(s) == PASV_MODE_RANGE_RULE;
        CheckDlgButton(page->hwnd, IDC_MODE_RULE, rule ? BST_CHECKED : BST_UNCHECKED);
        CheckDlgButton(page->hwnd, IDC_MODE_PER_PORT, rule ? BST_UNCHECKED : BST_CHECKED);
    }
    if (!s->fw_state.rules_api && page_checked(page->hwnd, IDC_MODE_RULE)) {
        CheckDlgButton(page->hwnd, IDC_MODE_RULE, BST_UNCHECKED);
        CheckDlgButton(page->hwnd, IDC_MODE_PER_PORT, BST_CHECKED);
    }
    validate_scope(page);
}

int app_page_options_give_back(app_page *page)
{
    options_state *st = page->state;
    RECT rows = {0, 0, 0, 38}; /* the template's two IIS 7+ rows: 84 -> 122 dialog units */
    size_t i;

    if (st->given_back || st->iis7.shown || st->iis7.builtin_shown || !MapDialogRect(page->hwnd, &rows))
        return 0;
    st->given_back = true;
    for (i = 0; i < page->lay.count; i++)
        if (GetDlgCtrlID(page->lay.items[i].hwnd) == IDC_OPTIONS_GROUP)
            page->lay.items[i].rect.bottom -= rows.bottom;
    layout_apply(&page->lay);
    return rows.bottom;
}

void app_page_options_enable(app_page *page, bool idle, const app_snapshot *s)
{
    options_state *st = page->state;
    bool fw = s && SUCCEEDED(s->firewall_hr) && SUCCEEDED(s->fw_hr) && SUCCEEDED(s->fw_state_hr);

    st->remote_allowed = idle && fw;
    page_enable(page->hwnd, IDC_MODE_RULE, idle && fw && s->fw_state.rules_api);
    page_enable(page->hwnd, IDC_MODE_PER_PORT, idle && fw);
    page_enable(page->hwnd, IDC_SCOPE, idle && fw);
    page_enable(page->hwnd, IDC_REMOVE_STALE, idle && fw);
    page_enable(page->hwnd, IDC_REMOTE, st->remote_allowed && scope_choice(page) == PASV_SCOPE_CUSTOM);
    page_enable(page->hwnd, IDC_ENABLE_FIREWALL,
                idle && fw && (s->fw_state.profiles_enabled & s->fw_state.profiles_all) != s->fw_state.profiles_all);
    page_enable(page->hwnd, IDC_RESTART, idle && s && SUCCEEDED(s->service_hr) && !s->keep_stopped);
    opt7_enable(page, &st->iis7, idle && s, fw);
}
