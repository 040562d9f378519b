/* pasvports: the one translation unit that defines the COM GUIDs no mingw import library has
 * (Windows Firewall in netfw.h, IIS ABO in iadmw.h, IIS 7+ AHADMIN in our own ahadmin.h: each
 * declares them with DEFINE_GUID, and nm finds none of them in mingw-w64's lib*.a, so one file
 * includes initguid.h first).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */

/* Deliberately not win.h: win.h defines COBJMACROS, and iadmw.h does not compile under
 * COBJMACROS (a '#' is missing in front of one of its macro definitions: mingw-w64 10's iadmw.h
 * line 603, "  define AsyncIMSAdminBaseSinkW_QueryInterface").
 * Only the GUID definitions are wanted here, so no interface macros are needed. */
#ifdef COBJMACROS
#error "guids.c must be compiled without COBJMACROS (iadmw.h breaks under it)"
#endif
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
#include <ole2.h>

/* After initguid.h every DEFINE_GUID in the headers below becomes a definition. Headers pulled
 * in before it (ole2.h above) keep their GUIDs as declarations, satisfied by libuuid. */
#include <initguid.h>
#include <iadmw.h> /* CLSID_MSAdminBase_W, IID_IMSAdminBase_W (used by iis_abo.c) */
#include <netfw.h> /* CLSID_NetFwMgr, CLSID_NetFwOpenPort, CLSID_NetFwPolicy2, CLSID_NetFwRule, ... */
#include "ahadmin.h" /* CLSID_AppHostWritableAdminManager, IID_IAppHost* (used by iis_ahadmin.c) */
