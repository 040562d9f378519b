/* pasvsnap.dll: "Export audit...": the audit the result pane shows, as CSV, through the core's
 * writer (src/core/audit_out.c: the same file as pasvctl audit --csv and the dialog's Export),
 * replaced whole or not at all (src/win/filewrite.c).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * "GetSaveFileNameW function", https://learn.microsoft.com/en-us/windows/win32/api/commdlg/nf-commdlg-getsavefilenamew */
#include "snapin_pages.h"

#include <commdlg.h>

#include "filewrite.h"
#include "pasv/audit_out.h"
#include "pasv/textbuf.h"
#include "resource_snapin.h"
#include "text.h"

static HRESULT write_csv(const snap_model *m, const WCHAR *path)
{
    pasv_audit_out opt = {PASV_AUDIT_CSV, m->rules_api, m->session->range_set, NULL, NULL, 0};
    pasv_textbuf doc;
    HRESULT hr;

    pasv_textbuf_init(&doc);
    hr = pasv_audit_write(&m->audit, &m->session->fw, &opt, &doc) == PASV_S_OK ? S_OK : E_OUTOFMEMORY;
    if (SUCCEEDED(hr))
        hr = pasv_file_replace(path, doc.data, doc.len);
    pasv_textbuf_cleanup(&doc);
    return hr;
}

static void tell(IConsole2 *console, WCHAR *text, UINT style)
{
    WCHAR *title = pasv_text_load(IDS_SNAP_NAME);
    int ret = 0;

    if (text)
        IConsole2_MessageBox(console, text, title ? title : L"", style, &ret);
    LocalFree(title);
    LocalFree(text);
}

HRESULT snap_export(IConsole2 *console, snap_model *m)
{
    OPENFILENAMEW ofn;
    WCHAR path[MAX_PATH] = L"pasvports-audit.csv", *filter = NULL, *p;
    HWND main = NULL;
    HRESULT hr;

    if (!console)
        return E_UNEXPECTED;
    if (!m->have_audit) {
        tell(console, pasv_text_load(IDS_SNAP_EXPORT_NOTHING), MB_OK | MB_ICONWARNING);
        return S_OK;
    }
    hr = IConsole2_GetMainWindow(console, &main);
    if (FAILED(hr))
        return hr;
    filter = pasv_text_load(IDS_SNAP_EXPORT_FILTER); /* "CSV files (*.csv)|*.csv|" */
    if (!filter)
        return E_OUTOFMEMORY;
    for (p = filter; *p; p++)
        if (*p == L'|')
            *p = 0;
    memset(&ofn, 0, sizeof(ofn));
    ofn.lStructSize = sizeof(ofn);
    ofn.hwndOwner = main;
    ofn.lpstrFilter = filter;
    ofn.lpstrFile = path;
    ofn.nMaxFile = MAX_PATH;
    ofn.lpstrDefExt = L"csv";
    ofn.Flags = OFN_OVERWRITEPROMPT | OFN_PATHMUSTEXIST | OFN_NOCHANGEDIR;
    if (!GetSaveFileNameW(&ofn)) {
        LocalFree(filter);
        return S_OK; /* cancelled (or the dialog failed: CommDlgExtendedError; nothing written) */
    }
    LocalFree(filter);
    hr = write_csv(m, path);
    if (FAILED(hr)) {
        tell(console, pasv_text_failure(IDS_SNAP_EXPORT_FAILED, path, hr), MB_OK | MB_ICONERROR);
    } else {
        DWORD_PTR args[2] = {(DWORD_PTR)m->audit.count, (DWORD_PTR)path};
        tell(console, pasv_text_format(IDS_SNAP_EXPORT_DONE, args, 2), MB_OK | MB_ICONINFORMATION);
    }
    return S_OK;
}
