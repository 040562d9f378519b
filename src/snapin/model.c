/* pasvsnap.dll: what the result pane shows: the audit of the local computer, read through the
 * session every front end uses (src/win/session.c: pasv_session_refresh, pasv_session_audit),
 * so the snap-in, the dialog and pasvctl audit judge every port the same way.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * Runs on MMC's main thread (an STA, as MMC initialises it): reading is a snapshot, nothing is
 * written here. Changes run on the page worker (pages.c). */
#include "snapin.h"

#include <stdio.h>
#include <wchar.h>

#include "com_util.h"
#include "machine.h"
#include "pasv/audit_out.h"
#include "resource.h"
#include "resource_iis7.h"
#include "resource_snapin.h"
#include "text.h"

static const UINT state_ids[PASV_AUDIT_STATE_COUNT] = {PASV_MSG_AUDIT_OPEN, PASV_MSG_AUDIT_PARTIAL,
                                                        PASV_MSG_AUDIT_MISSING, PASV_MSG_AUDIT_FOREIGN,
                                                        PASV_MSG_AUDIT_STALE};

static void drop_audit(snap_model *m)
{
    if (m->have_audit)
        pasv_audit_cleanup(&m->audit);
    m->have_audit = false;
    memset(&m->audit, 0, sizeof(m->audit));
}

/* "IIS 6.0 - FTP Publishing Service - passive range 5001-5201 - Windows Firewall (...) - 201 of
 * 201 open - ...": the summary the dialog's header and pasvctl status show, in one line. */
static WCHAR *summary_text(const snap_model *m)
{
    const pasv_session *s = m->session;
    const pasv_audit *a = &m->audit;
    char range8[PASV_RANGE_TEXT_MAX];
    WCHAR range[PASV_RANGE_TEXT_MAX + 8], *server = NULL, *fw = NULL, *totals = NULL, *range_text = NULL;
    WCHAR *out = NULL;
    DWORD_PTR counts[6] = {a->totals[PASV_AUDIT_OPEN], pasv_range_count(&s->range), a->totals[PASV_AUDIT_MISSING],
                           a->totals[PASV_AUDIT_STALE], a->totals[PASV_AUDIT_FOREIGN], a->totals[PASV_AUDIT_PARTIAL]};

    pasv_range_format(&s->range, range8, sizeof(range8));
    swprintf(range, PASV_RANGE_TEXT_MAX + 8, L"%hs", range8);
    if (!s->range_set && s->env.ftp == PASV_FTP_IIS7) {
        /* IIS 7+ stores 0-0 for "not set": FTPSVC then uses the machine's dynamic range, which the
         * dialog and pasvctl status name (src/app/dlg_status.c show_range). */
        pasv_range dyn = pasv_machine_dynamic_range(&s->env, NULL);
        DWORD_PTR r[1] = {(DWORD_PTR)range};
        pasv_range_format(&dyn, range8, sizeof(range8));
        swprintf(range, PASV_RANGE_TEXT_MAX + 8, L"%hs", range8);
        range_text = pasv_text_format(IDS_I7_DLG_RANGE_NOT_SET, r, 1);
    } else if (!s->range_set) {
        DWORD_PTR r[1] = {(DWORD_PTR)range};
        range_text = pasv_text_format(IDS_SNAP_RANGE_DEFAULT, r, 1);
    }
    server = pasv_env_ftp_name(&s->env);
    fw = pasv_text_load(s->env.fw_rules_api ? IDS_ENV_FW_RULES : IDS_ENV_FW_LEGACY);
    totals = pasv_text_format(PASV_MSG_AUDIT_SUMMARY, counts, 6);
    if (server && fw && totals) {
        DWORD_PTR args[4] = {(DWORD_PTR)server, (DWORD_PTR)(range_text ? range_text : range), (DWORD_PTR)fw,
                             (DWORD_PTR)totals};
        out = pasv_text_format(IDS_SNAP_SUMMARY, args, 4);
    }
    LocalFree(server);
    LocalFree(fw);
    LocalFree(totals);
    LocalFree(range_text);
    return out;
}

/* Why there is no audit: no supported server, the range unreadable, or the firewall. */
static WCHAR *failure_text(const snap_model *m)
{
    const pasv_session *s = m->session;

    if (!s)
        return pasv_text_failure(IDS_SNAP_ERR_SESSION, NULL, m->hr);
    if (!s->config)
        return pasv_text_load(s->env.ftp_reason);
    if (FAILED(s->range_hr))
        return pasv_text_failure(IDS_SNAP_ERR_RANGE, NULL, s->range_hr);
    if (!s->firewall)
        return pasv_text_failure(IDS_SNAP_ERR_FIREWALL, NULL, s->firewall_hr);
    return pasv_text_failure(IDS_SNAP_ERR_FIREWALL, NULL, FAILED(s->fw_hr) ? s->fw_hr : m->hr);
}

HRESULT snap_model_refresh(snap_model *m)
{
    HRESULT hr = S_OK;
    size_t k;

    drop_audit(m);
    LocalFree(m->summary);
    m->summary = NULL;
    m->generation++;
    for (k = 0; k < PASV_AUDIT_STATE_COUNT; k++)
        if (!m->state_words[k])
            m->state_words[k] = pasv_text_load(state_ids[k]);
    if (!m->session) {
        hr = pasv_session_open(NULL, &m->session);
        if (FAILED(hr))
            goto cleanup;
    }
    pasv_session_refresh(m->session);
    if (!m->session->config || FAILED(m->session->range_hr)) {
        hr = m->session->config ? m->session->range_hr : E_FAIL;
        goto cleanup;
    }
    if (!m->session->firewall || FAILED(m->session->fw_hr)) {
        hr = m->session->firewall ? m->session->fw_hr : m->session->firewall_hr;
        goto cleanup;
    }
    if (pasv_session_audit(m->session, &m->audit) != PASV_S_OK) {
        hr = E_OUTOFMEMORY;
        goto cleanup;
    }
    m->have_audit = true;
    m->rules_api = pasv_session_profiles_rules(m->session);
    m->summary = summary_text(m);

cleanup:
    m->hr = hr;
    if (FAILED(hr))
        m->summary = failure_text(m);
    return hr;
}

void snap_model_cleanup(snap_model *m)
{
    size_t k;

    drop_audit(m);
    LocalFree(m->summary);
    m->summary = NULL;
    for (k = 0; k < PASV_AUDIT_STATE_COUNT; k++) {
        LocalFree(m->state_words[k]);
        m->state_words[k] = NULL;
    }
    pasv_session_close(m->session);
    m->session = NULL;
}

size_t snap_model_rows(const snap_model *m)
{
    return m->have_audit ? m->audit.count : 0;
}

static const char *row_name(const snap_model *m, const pasv_audit_row *r)
{
    const pasv_fw_list *fw = &m->session->fw;
    if (r->entry == UINT32_MAX || r->entry >= fw->count || !fw->items[r->entry].name)
        return "";
    return fw->items[r->entry].name;
}

unsigned snap_model_state(const snap_model *m, size_t row)
{
    return row < snap_model_rows(m) ? (unsigned)m->audit.rows[row].state : PASV_AUDIT_STATE_COUNT;
}

void snap_model_cell(const snap_model *m, size_t row, int col, WCHAR *buf, size_t cap)
{
    const pasv_audit_row *r;
    char profiles[64];

    buf[0] = 0;
    if (row >= snap_model_rows(m) || cap == 0)
        return;
    r = &m->audit.rows[row];
    switch (col) {
    case SNAP_COL_PORT:
        swprintf(buf, cap, L"%u", (unsigned)r->port);
        break;
    case SNAP_COL_STATE:
        swprintf(buf, cap, L"%ls", r->state < PASV_AUDIT_STATE_COUNT && m->state_words[r->state] ? m->state_words[r->state] : L"?");
        break;
    case SNAP_COL_PROFILES:
        /* Spelled out as pasvctl audit and the CSV/JSON writer say it: domain|standard. */
        pasv_audit_profiles_text(r->profiles, m->rules_api, profiles, sizeof(profiles));
        swprintf(buf, cap, L"%hs", profiles);
        break;
    case SNAP_COL_NAME:
        /* Whole UTF-8 names; a name longer than the cell is cut only on screen. */
        if (!MultiByteToWideChar(CP_UTF8, 0, row_name(m, r), -1, buf, (int)cap))
            buf[cap - 1] = 0;
        break;
    default:
        break;
    }
}

/* For IResultOwnerData::SortItems: <0, 0, >0 like strcmp; ports break ties. */
int snap_model_compare(const snap_model *m, size_t a, size_t b, int col)
{
    const pasv_audit_row *ra = &m->audit.rows[a], *rb = &m->audit.rows[b];
    int c = 0;

    switch (col) {
    case SNAP_COL_STATE:
        c = (int)ra->state - (int)rb->state;
        break;
    case SNAP_COL_PROFILES:
        c = ra->profiles < rb->profiles ? -1 : ra->profiles > rb->profiles;
        break;
    case SNAP_COL_NAME:
        c = strcmp(row_name(m, ra), row_name(m, rb));
        break;
    default:
        break;
    }
    if (c == 0)
        c = (int)ra->port - (int)rb->port;
    return c;
}
