/* pasvports: help for a junior administrator: the Help button's text (what passive mode needs,
 * how to size the range, where the change log and the backup are, what each option does) and
 * one explanation per control for F1 / WM_HELP.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "page.h"

#include <stdlib.h>

#include "resource.h"
#include "text.h"

/* Control -> its help string. A label shares the help of the control it names. */
static const struct {
    int control;
    UINT text;
} control_help[] = {
    {IDC_SERVER_LABEL, IDS_HELP_SERVER},          {IDC_SERVER_TEXT, IDS_HELP_SERVER},
    {IDC_CURRENT_LABEL, IDS_HELP_CURRENT},        {IDC_CURRENT_RANGE, IDS_HELP_CURRENT},
    {IDC_FIREWALL_LABEL, IDS_HELP_FIREWALL},      {IDC_FIREWALL_TEXT, IDS_HELP_FIREWALL},
    {IDC_AUDIT_LABEL, IDS_HELP_AUDIT_LINE},       {IDC_AUDIT_TEXT, IDS_HELP_AUDIT_LINE},
    {IDC_REFRESH, IDS_HELP_REFRESH},
    {IDC_RANGE_LOW_LABEL, IDS_HELP_RANGE},        {IDC_RANGE_LOW, IDS_HELP_RANGE},
    {IDC_RANGE_LOW_SPIN, IDS_HELP_RANGE},         {IDC_RANGE_HIGH_LABEL, IDS_HELP_RANGE},
    {IDC_RANGE_HIGH, IDS_HELP_RANGE},             {IDC_RANGE_HIGH_SPIN, IDS_HELP_RANGE},
    {IDC_RANGE_STATUS, IDS_HELP_RANGE},           {IDC_SIZING, IDS_HELP_SIZING},
    {IDC_EDIT_WHILE_RUNNING, IDS_HELP_EDIT},      {IDC_EDIT_EXPLAIN, IDS_HELP_EDIT},
    {IDC_MODE_LABEL, IDS_HELP_MODE},              {IDC_MODE_PER_PORT, IDS_HELP_MODE_PER_PORT},
    {IDC_MODE_RULE, IDS_HELP_MODE_RULE},          {IDC_MODE_NOTE, IDS_HELP_MODE},
    {IDC_SCOPE_LABEL, IDS_HELP_SCOPE},            {IDC_SCOPE, IDS_HELP_SCOPE},
    {IDC_REMOTE_LABEL, IDS_HELP_REMOTE},          {IDC_REMOTE, IDS_HELP_REMOTE},
    {IDC_SCOPE_STATUS, IDS_HELP_REMOTE},          {IDC_REMOVE_STALE, IDS_HELP_STALE},
    {IDC_RESTART, IDS_HELP_RESTART},              {IDC_RESTART_NOTE, IDS_HELP_RESTART},
    {IDC_ENABLE_FIREWALL, IDS_HELP_FIREWALL_ON},  {IDC_FIREWALL_WARNING, IDS_HELP_FIREWALL_ON},
    {IDC_PLAN_TEXT, IDS_HELP_PLAN},               {IDC_VIEW_CHANGES, IDS_HELP_VIEW_CHANGES},
    {IDC_VIEW_AUDIT, IDS_HELP_VIEW_AUDIT},        {IDC_CHANGES_LIST, IDS_HELP_CHANGES_LIST},
    {IDC_PROGRESS, IDS_HELP_PROGRESS},            {IDC_COUNTS, IDS_HELP_PROGRESS},
    {IDC_SUMMARY, IDS_HELP_SUMMARY},              {IDC_ROLLBACK, IDS_HELP_ROLLBACK},
    {IDC_KEEP, IDS_HELP_KEEP},                    {IDC_RETRY, IDS_HELP_RETRY},
    {IDC_FILTER_LABEL, IDS_HELP_FILTER},          {IDC_FILTER, IDS_HELP_FILTER},
    {IDC_EXPORT, IDS_HELP_EXPORT},                {IDC_FIND_LABEL, IDS_HELP_FIND},
    {IDC_FIND_PORT, IDS_HELP_FIND},               {IDC_FIND, IDS_HELP_FIND},
    {IDC_AUDIT_LIST, IDS_HELP_AUDIT_LIST},        {IDC_LEGEND, IDS_HELP_AUDIT_LIST},
    {IDC_AUDIT_STATUS, IDS_HELP_FIND},            {IDC_HELP_BUTTON, IDS_HELP_HELP},
    {IDC_PREVIEW, IDS_HELP_PREVIEW},              {IDOK, IDS_HELP_APPLY},
    {IDC_STOP, IDS_HELP_STOP},                    {IDCANCEL, IDS_HELP_CLOSE},
    {IDC_SITE_LABEL, IDS_HELP_SITE},              {IDC_SITE, IDS_HELP_SITE},
    {IDC_EXTERNAL_LABEL, IDS_HELP_EXTERNAL},      {IDC_EXTERNAL_IP, IDS_HELP_EXTERNAL},
    {IDC_EXTERNAL_STATUS, IDS_HELP_EXTERNAL},     {IDC_DISABLE_BUILTIN, IDS_HELP_BUILTIN},
    {IDC_BUILTIN_EXPLAIN, IDS_HELP_BUILTIN},      {IDC_FTPS_NOTE, IDS_HELP_FTPS},
};

bool app_page_help(HWND owner, int control)
{
    WCHAR *text = NULL, *caption;
    size_t i;

    for (i = 0; i < sizeof(control_help) / sizeof(control_help[0]) && !text; i++)
        if (control_help[i].control == control)
            text = pasv_text_load(control_help[i].text);
    if (!text)
        return false;
    caption = pasv_text_load(IDS_HELP_CONTROL_CAPTION);
    MessageBoxW(owner, text, caption ? caption : L"", MB_OK | MB_ICONINFORMATION);
    LocalFree(text);
    LocalFree(caption);
    return true;
}

void app_page_help_all(HWND owner)
{
    WCHAR *text = pasv_text_load(IDS_HELP_TEXT), *caption = pasv_text_load(IDS_HELP_CAPTION);
    MessageBoxW(owner, text ? text : L"", caption ? caption : L"", MB_OK | MB_ICONINFORMATION);
    LocalFree(text);
    LocalFree(caption);
}
