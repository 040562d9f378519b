/* pasvports: the main dialog's size kept between runs, stored at 96 dpi so that a monitor with
 * another scale keeps the proportions.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "dlg_parts.h"

#include <string.h>

#define SETTINGS_KEY L"Software\\pasvports"

UINT app_place_dpi(HWND hwnd)
{
    typedef UINT(WINAPI * get_dpi_fn)(HWND);
    get_dpi_fn get_dpi = (get_dpi_fn)(void *)GetProcAddress(GetModuleHandleW(L"user32.dll"), "GetDpiForWindow");
    UINT dpi = get_dpi ? get_dpi(hwnd) : 0;
    if (!dpi) {
        HDC dc = GetDC(hwnd);
        dpi = (UINT)GetDeviceCaps(dc, LOGPIXELSY);
        ReleaseDC(hwnd, dc);
    }
    return dpi ? dpi : 96;
}

void app_place_restore(HWND dialog, UINT dpi, const layout *lay)
{
    DWORD w = 0, h = 0, size = sizeof(DWORD);
    HKEY key;
    RECT work;

    if (RegOpenKeyExW(HKEY_CURRENT_USER, SETTINGS_KEY, 0, KEY_QUERY_VALUE, &key) != ERROR_SUCCESS)
        return;
    RegQueryValueExW(key, L"WindowWidth", NULL, NULL, (BYTE *)&w, &size);
    size = sizeof(DWORD);
    RegQueryValueExW(key, L"WindowHeight", NULL, NULL, (BYTE *)&h, &size);
    RegCloseKey(key);
    w = (DWORD)MulDiv((int)w, (int)dpi, 96);
    h = (DWORD)MulDiv((int)h, (int)dpi, 96);
    if ((LONG)w < lay->min_window.cx || (LONG)h < lay->min_window.cy)
        return;
    SystemParametersInfoW(SPI_GETWORKAREA, 0, &work, 0);
    if ((LONG)w > work.right - work.left || (LONG)h > work.bottom - work.top)
        return;
    SetWindowPos(dialog, NULL, work.left + ((work.right - work.left) - (LONG)w) / 2,
                 work.top + ((work.bottom - work.top) - (LONG)h) / 2, (int)w, (int)h, SWP_NOZORDER);
}

void app_place_fit(HWND dialog, const layout *lay)
{
    MONITORINFO mi;
    RECT wr;
    LONG work_h, h;

    mi.cbSize = sizeof(mi);
    if (!GetWindowRect(dialog, &wr) || !GetMonitorInfoW(MonitorFromWindow(dialog, MONITOR_DEFAULTTONEAREST), &mi))
        return;
    work_h = mi.rcWork.bottom - mi.rcWork.top;
    if (wr.bottom - wr.top <= work_h)
        return;
    /* Taller than the work area (a high DPI on a small screen): the lists give up height, down
     * to the layout's minimum; the top stays on the screen. */
    h = work_h > lay->min_window.cy ? work_h : lay->min_window.cy;
    SetWindowPos(dialog, NULL, wr.left, mi.rcWork.top, wr.right - wr.left, (int)h, SWP_NOZORDER);
}

void app_place_save(HWND dialog, UINT dpi)
{
    WINDOWPLACEMENT wp;
    DWORD w, h;
    HKEY key;

    memset(&wp, 0, sizeof(wp));
    wp.length = sizeof(wp);
    if (!dpi || !GetWindowPlacement(dialog, &wp))
        return;
    w = (DWORD)MulDiv(wp.rcNormalPosition.right - wp.rcNormalPosition.left, 96, (int)dpi);
    h = (DWORD)MulDiv(wp.rcNormalPosition.bottom - wp.rcNormalPosition.top, 96, (int)dpi);
    if (RegCreateKeyExW(HKEY_CURRENT_USER, SETTINGS_KEY, 0, NULL, 0, KEY_SET_VALUE, NULL, &key, NULL)
        != ERROR_SUCCESS)
        return;
    RegSetValueExW(key, L"WindowWidth", 0, REG_DWORD, (const BYTE *)&w, sizeof(w));
    RegSetValueExW(key, L"WindowHeight", 0, REG_DWORD, (const BYTE *)&h, sizeof(h));
    RegCloseKey(key);
}
