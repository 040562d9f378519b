/* pasvports: the progress page: the Changes list (the plan before a run, every item's result
 * during and after it), the progress bar and counts, the summary sentence of the run and the
 * decision buttons (Roll back, Keep changes, Retry failed) whose actions the host performs.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "page_impl.h"

#include <commctrl.h>
#include <stdio.h>
#include <stdlib.h>

#include "pasv/plural.h"
#include "resource.h"
#include "text.h"

typedef struct progress_state {
    app_rows rows;
    HIMAGELIST images;
} progress_state;

/* The list takes the extra height; everything under it moves down. */
static const layout_rule progress_rules[] = {
    {IDC_CHANGES_LIST, 0, 0, 100, 100},
    {IDC_PROGRESS, 0, 100, 50, 0},
    {IDC_COUNTS, 50, 100, 50, 0},
    {IDC_SUMMARY, 0, 100, 100, 0},
    {IDC_ROLLBACK, 0, 100, 0, 0},
    {IDC_KEEP, 0, 100, 0, 0},
    {IDC_RETRY, 0, 100, 0, 0},
};

static HWND list_of(const app_page *page)
{
    return GetDlgItem(page->hwnd, IDC_CHANGES_LIST);
}

static void progress_init(app_page *page)
{
    progress_state *st = page->state;

    app_rows_init(&st->rows);
    st->images = app_lists_images(page->dpi);
    app_lists_init_changes(list_of(page), st->images, page->dpi);
    app_page_progress_buttons(page, false, false, false, false);
}

static void progress_destroy(app_page *page)
{
    progress_state *st = page->state;

    app_rows_cleanup(&st->rows);
    ListView_SetImageList(list_of(page), NULL, LVSIL_SMALL);
    if (st->images)
        ImageList_Destroy(st->images);
    st->images = NULL;
}

static void progress_command(app_page *page, int id, int code)
{
    if ((id == IDC_ROLLBACK || id == IDC_KEEP || id == IDC_RETRY) && code == BN_CLICKED && page->host.command)
        page->host.command(page->host.ctx, page, id);
}

static LRESULT progress_notify(app_page *page, NMHDR *nm)
{
    progress_state *st = page->state;

    if (nm->idFrom == IDC_CHANGES_LIST && nm->code == LVN_GETDISPINFOW)
        app_rows_dispinfo(&st->rows, (NMLVDISPINFOW *)nm);
    else if (nm->idFrom == IDC_CHANGES_LIST && nm->code == LVN_GETINFOTIPW)
        app_rows_infotip(&st->rows, (NMLVGETINFOTIPW *)nm); /* the whole name a cell shortens */
    return 0;
}

static const app_page_class progress_class = {
    IDD_PAGE_PROGRESS, progress_rules, sizeof(progress_rules) / sizeof(progress_rules[0]), sizeof(progress_state),
    progress_init, progress_command, progress_notify, NULL, NULL, progress_destroy,
};

app_page *app_page_progress_create(HINSTANCE res, HWND parent, const app_page_host *host)
{
    return app_page_create(&progress_class, res, parent, host);
}

app_rows *app_page_progress_rows(app_page *page)
{
    return &((progress_state *)page->state)->rows;
}

void app_page_progress_show_plan(app_page *page, const pasv_plan *plan)
{
    progress_state *st = page->state;

    if (plan)
        app_rows_set(&st->rows, plan);
    else
        app_rows_clear(&st->rows);
    ListView_SetItemCountEx(list_of(page), (int)st->rows.count, 0);
    InvalidateRect(list_of(page), NULL, TRUE);
    SendDlgItemMessageW(page->hwnd, IDC_PROGRESS, PBM_SETPOS, 0, 0);
    SetDlgItemTextW(page->hwnd, IDC_COUNTS, L"");
}

void app_page_progress_refresh(app_page *page, bool running)
{
    progress_state *st = page->state;
    DWORD_PTR args[3];
    UINT id = app_rows_progress(&st->rows, args); /* the engine's count (issue 12, finding 4) */

    SendDlgItemMessageW(page->hwnd, IDC_PROGRESS, PBM_SETRANGE32, 0, (LPARAM)args[1]);
    SendDlgItemMessageW(page->hwnd, IDC_PROGRESS, PBM_SETPOS, args[0], 0);
    page_set_text_id(page->hwnd, IDC_COUNTS, id, args, 3);
    if (running && st->rows.current < st->rows.count)
        ListView_EnsureVisible(list_of(page), (int)st->rows.current, FALSE);
    InvalidateRect(list_of(page), NULL, FALSE);
}

void app_page_progress_say(app_page *page, const WCHAR *text)
{
    SetDlgItemTextW(page->hwnd, IDC_SUMMARY, text ? text : L"");
}

void app_page_progress_say_id(app_page *page, UINT id)
{
    page_set_text_id(page->hwnd, IDC_SUMMARY, id, NULL, 0);
}

/* "extra trail" joined with a space (either may be NULL); frees both, LocalFree the result. */
static WCHAR *join_owned(WCHAR *first, WCHAR *second)
{
    size_t m;
    WCHAR *both;

    if (!first || !second)
        return first ? first : second;
    m = wcslen(first) + wcslen(second) + 2;
    both = LocalAlloc(LMEM_FIXED, m * sizeof(WCHAR));
    if (both)
        swprintf(both, m, L"%ls %ls", first, second);
    LocalFree(first);
    LocalFree(second);
    return both;
}

/* The run's own sentence and the question or note that follows it. */
static void summary_parts(const app_rows *rows, const app_run_done *rec, WCHAR **main_text, WCHAR **extra)
{
    const pasv_plan_counts *c = &rows->counts;

    if (rec->op == APP_OP_RECOVER_UNDO || rec->op == APP_OP_RECOVER_FINISH) {
        bool whole = PASV_SUCCEEDED(rec->hr); /* a failed finish is never "finished" */
        UINT finish_id = whole ? IDS_JRN_DLG_FINISHED : IDS_JRN_DLG_FINISH_INCOMPLETE;
        *main_text = pasv_text_load(rec->op == APP_OP_RECOVER_FINISH ? finish_id
                                    : whole ? IDS_JRN_DLG_UNDONE : IDS_JRN_DLG_UNDO_INCOMPLETE);
    } else if (rec->op == APP_OP_ROLLBACK && rec->in_effect) {
        DWORD_PTR a[1] = {rec->in_effect};
        *main_text = pasv_text_format(page_plural(IDS_SUMMARY_RANGE_KEPT_ONE, PASV_MSG_SUMMARY_RANGE_KEPT, rec->in_effect), a, 1);
        *extra = c->rollback_failed ? pasv_text_load(IDS_ROLLBACK_AGAIN) : NULL;
    } else if (rec->op == APP_OP_ROLLBACK) {
        DWORD_PTR a[1] = {c->rollback_failed ? c->rollback_failed : c->rolled_back};
        *main_text = pasv_text_format(c->rollback_failed ? page_plural(IDS_ROLLBACK_INCOMPLETE_ONE, IDS_ROLLBACK_INCOMPLETE, a[0])
                                                         : page_plural(IDS_ROLLBACK_DONE_ONE, IDS_ROLLBACK_DONE, a[0]),
                                      a, 1);
        *extra = c->rollback_failed ? pasv_text_load(IDS_ROLLBACK_AGAIN) : NULL;
    } else if (rec->cancelled) {
        DWORD_PTR a[2] = {c->done, rows->count};
        *main_text = pasv_text_format(pasv_msg_for_count(PASV_MSG_SUMMARY_CANCELLED, rows->count), a, 2);
        *extra = pasv_text_load(IDS_ASK_CANCELLED);
    } else if (c->failed || c->rollback_failed) {
        DWORD_PTR a[2] = {c->failed, rows->count};
        /* Not the engine's FAILED_KEPT ("run Apply again"): here the buttons offer the choice. */
        *main_text = pasv_text_format(page_plural(IDS_RUN_FAILED_ONE, IDS_RUN_FAILED, rows->count), a, 2);
        *extra = pasv_text_load(IDS_ASK_FAILED);
    } else if (rec->hr == PASV_E_NOT_VERIFIED || c->not_verified) {
        *main_text = pasv_text_load(IDS_RUN_DONE_VERIFY);
    } else {
        DWORD_PTR a[1] = {c->done};
        *main_text = pasv_text_format(page_plural(IDS_SUMMARY_DONE_ONE, PASV_MSG_SUMMARY_DONE, c->done), a, 1);
        *extra = pasv_text_load(rec->kept_stopped ? IDS_PF_DLG_SERVICE_STOPPED : IDS_DONE_OK);
    }
}

void app_page_progress_summary(app_page *page, const app_run_done *rec)
{
    progress_state *st = page->state;
    WCHAR *main_text = NULL, *extra = NULL, *line;
    size_t n;

    summary_parts(&st->rows, rec, &main_text, &extra);
    if (rec->range_restored) {
        /* Only what the engine saw: the service may not have started again. */
        LocalFree(extra);
        extra = pasv_text_load(rec->restore_started ? PASV_MSG_SUMMARY_RANGE_RESTORED
                                                    : PASV_MSG_SUMMARY_RESTORED_NOT_STARTED);
    }
    if (rec->changed) {
        DWORD_PTR a[1] = {rec->changed};
        LocalFree(extra);
        extra = pasv_text_format(page_plural(IDS_SUMMARY_CHANGED_ONE, PASV_MSG_SUMMARY_CHANGED, rec->changed), a, 1);
    }
    if (FAILED(rec->trail_hr)) /* the change itself is done; say that the record of it is missing */
        extra = join_owned(extra, pasv_text_failure(IDS_WHAT_TRAIL, NULL, rec->trail_hr));
    n = (main_text ? wcslen(main_text) : 0) + (extra ? wcslen(extra) : 0) + wcslen(rec->warning) + 3;
    line = LocalAlloc(LMEM_FIXED, n * sizeof(WCHAR));
    if (line) /* a taken-over lock's warning first: it concerns the run before this one */
        swprintf(line, n, L"%ls%ls%ls%ls%ls", rec->warning, rec->warning[0] ? L" " : L"", main_text ? main_text : L"",
                 extra ? L" " : L"", extra ? extra : L"");
    page_set_text_owned(page->hwnd, IDC_SUMMARY, line);
    LocalFree(main_text);
    LocalFree(extra);
}

/* After a run the first failed row is what the user needs to see, not the last row. */
void app_page_progress_show_first_problem(app_page *page)
{
    progress_state *st = page->state;
    size_t i;

    for (i = 0; i < st->rows.count; i++) {
        uint8_t status = st->rows.items[i].status;
        if (status == PASV_ST_FAILED || status == PASV_ST_ROLLBACK_FAILED || status == PASV_ST_NOT_VERIFIED) {
            ListView_EnsureVisible(list_of(page), (int)i, FALSE);
            ListView_SetItemState(list_of(page), (int)i, LVIS_SELECTED | LVIS_FOCUSED, LVIS_SELECTED | LVIS_FOCUSED);
            return;
        }
    }
}

void app_page_progress_buttons(app_page *page, bool deciding, bool offered_retry, bool recovery, bool busy)
{
    page_show(page->hwnd, IDC_ROLLBACK, deciding || recovery);
    page_show(page->hwnd, IDC_KEEP, deciding);
    page_show(page->hwnd, IDC_RETRY, (deciding && offered_retry) || recovery);
    page_enable(page->hwnd, IDC_ROLLBACK, deciding || (recovery && !busy));
    page_enable(page->hwnd, IDC_KEEP, deciding);
    page_enable(page->hwnd, IDC_RETRY, (deciding && offered_retry) || (recovery && !busy));
}

void app_page_progress_focus(app_page *page)
{
    SetFocus(list_of(page));
}
