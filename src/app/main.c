/* pasvports.exe: entry point: harden DLL loading, initialise common controls, show the dialog.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "win.h"

#include <commctrl.h>

#include "dlg_main.h"
#include "safe.h"
#include "security.h"

int WINAPI wWinMain(HINSTANCE instance, HINSTANCE prev, WCHAR *cmdline, int show)
{
    INITCOMMONCONTROLSEX icc = {sizeof(icc), ICC_STANDARD_CLASSES | ICC_UPDOWN_CLASS |
                                                 ICC_LISTVIEW_CLASSES | ICC_PROGRESS_CLASS};
    INT_PTR result;

    (void)prev;
    (void)cmdline;
    (void)show;
    pasv_harden_dll_search();
    if (app_safe_forward_to_first())
        return 0; /* the dialog already open is in front now */
    InitCommonControlsEx(&icc);
    result = pasv_main_dialog_run(instance);
    return result == -1 ? 1 : 0;
}
