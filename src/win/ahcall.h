/* pasvports: calling the IIS 7+ configuration system (AHADMIN) from any thread.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * Microsoft's AHADMIN samples initialise COM as MTA ("IAppHostProperty::Value Property",
 * https://learn.microsoft.com/en-us/iis/web-development-reference/native-code-api-reference/iapphostproperty-value-property:
 * CoInitializeEx(NULL, COINIT_MULTITHREADED), CoCreateInstance(AppHostWritableAdminManager,
 * CLSCTX_INPROC_SERVER), put_CommitPath("MACHINE/WEBROOT/APPHOST")). pasvports' front ends
 * run on STA threads, so each piece of AHADMIN work runs on a short-lived thread of its own that
 * joins the MTA, creates the writable admin manager with that commit path, does the work and
 * releases everything before it ends; the caller waits for it. No AHADMIN pointer ever crosses
 * threads. */
#ifndef PASV_AHCALL_H
#define PASV_AHCALL_H

#include "win.h"

#include "ahadmin.h"

#define PASV_APPHOST_PATH L"MACHINE/WEBROOT/APPHOST"

/* Work done with a fresh writable admin manager whose commit path is MACHINE/WEBROOT/APPHOST.
 * It commits itself (IAppHostWritableAdminManager_CommitChanges) when it wrote anything. */
typedef HRESULT (*pasv_ah_work)(IAppHostWritableAdminManager *mgr, void *arg);

/* Runs work(mgr, arg) on an MTA thread and returns its result, or the failure that stopped it
 * earlier: REGDB_E_CLASSNOTREG when AHADMIN is not registered (IIS absent), E_OUTOFMEMORY,
 * HRESULT_FROM_WIN32(GetLastError()) when no thread could be started. */
HRESULT pasv_ah_run(pasv_ah_work work, void *arg);

/* The named section at MACHINE/WEBROOT/APPHOST ("system.ftpServer/firewallSupport"). */
HRESULT pasv_ah_section(IAppHostWritableAdminManager *mgr, const WCHAR *name, IAppHostElement **out);
/* A child element / a property of elem by name. */
HRESULT pasv_ah_child(IAppHostElement *elem, const WCHAR *name, IAppHostElement **out);
HRESULT pasv_ah_property(IAppHostElement *elem, const WCHAR *name, IAppHostProperty **out);
/* A property's value as a LONG (VT_I4 or VT_UI4 and the like, through VariantChangeType). */
HRESULT pasv_ah_get_long(IAppHostElement *elem, const WCHAR *name, LONG *value);
/* A property's value as text (a new BSTR, "" when the value is empty). */
HRESULT pasv_ah_get_text(IAppHostElement *elem, const WCHAR *name, BSTR *value);
/* A property's stored text (IAppHostProperty::StringValue: enumerations by name). */
HRESULT pasv_ah_get_stored_text(IAppHostElement *elem, const WCHAR *name, BSTR *value);
/* Writes a property (VT_I4 / VT_BSTR; NULL text clears it: IAppHostProperty::Clear). When IIS
 * refuses the value, its own reason (IAppHostPropertyException::ValidationFailureReason) is
 * copied to reason (count characters, "" when there is none). */
HRESULT pasv_ah_put_long(IAppHostElement *elem, const WCHAR *name, LONG value, WCHAR *reason, size_t count);
HRESULT pasv_ah_put_text(IAppHostElement *elem, const WCHAR *name, const WCHAR *text, WCHAR *reason, size_t count);
HRESULT pasv_ah_clear(IAppHostElement *elem, const WCHAR *name);

#endif /* PASV_AHCALL_H */
