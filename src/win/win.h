/* pasvports: the one entry header for Windows code (all of src/win, src/app, src/cli except
 * iis_abo.c, whose iadmw.h breaks under COBJMACROS: mingw-w64 10's iadmw.h line 603 reads
 * "  define AsyncIMSAdminBaseSinkW_QueryInterface...", the '#' missing).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#ifndef PASV_WIN_H
#define PASV_WIN_H

#ifndef UNICODE
#define UNICODE
#endif
#ifndef _UNICODE
#define _UNICODE
#endif
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#ifndef COBJMACROS
#define COBJMACROS
#endif

#include <windows.h>
#include <objbase.h>
#include <oleauto.h>

#endif /* PASV_WIN_H */
