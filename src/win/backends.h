/* pasvports: constructors of the Windows backends (the vtables of include/pasv/backend.h).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * Every constructor must be called on a thread where COM is initialised (STA, the GUI's worker
 * or pasvctl's main thread), and the backend used and freed on that thread. Constructors return
 * an HRESULT and leave *out NULL on failure; the HRESULT says why (REGDB_E_CLASSNOTREG when the
 * component is not installed, E_ACCESSDENIED when not elevated, ...). */
#ifndef PASV_BACKENDS_H
#define PASV_BACKENDS_H

#include "win.h"

#include "pasv/backend.h"

/* Legacy Windows Firewall (XP SP2 / 2003 SP1 API, still on Vista+): INetFwMgr, one
 * INetFwOpenPort per port, Domain and Standard profiles (PASV_PROFILE_DOMAIN|STANDARD), falling
 * back to the current profile when GetProfileByType is unavailable. put_rule/remove_rule are
 * PASV_E_NOTIMPL. */
HRESULT pasv_fw_legacy_create(pasv_firewall **out);
void pasv_fw_legacy_free(pasv_firewall *fw);

/* Vista+ Windows Firewall with Advanced Security: INetFwPolicy2 rules (profiles are
 * NET_FW_PROFILE2 bits). Our rules carry Grouping PASV_RULE_GROUPING and are listed with
 * PASV_FW_TAGGED. open_port/close_port manage one single-port rule per port (name
 * "<prefix><port>"), for the per-port mode on Vista+. */
HRESULT pasv_fw_advanced_create(pasv_firewall **out);
void pasv_fw_advanced_free(pasv_firewall *fw);

/* IIS 6 metabase through ABO (CLSID_MSAdminBase, CLSCTX_ALL): /LM/MSFTPSVC PassivePortRange
 * (5016) and /LM EnableEditWhileRunning (9998). backup() makes a named metabase backup
 * ("pasvports", next version, SAVE_FIRST|FORCE_BACKUP). */
HRESULT pasv_iis_abo_create(pasv_ftp_config **out);
void pasv_iis_abo_free(pasv_ftp_config *cfg);

/* Issue 11 (B12, backups): how many metabase backups of ours ("pasvports" location) backup()
 * keeps; older ones of ours are deleted with DeleteBackup, other locations are never touched. */
#define PASV_ABO_BACKUPS_KEPT 10

/* Issue 11 (B12): a PassivePortRange set by hand that is not a range. get_range returns
 * PASV_S_RANGE_INVALID with *range = {0, 0}; these give the text it read (NULL when the last
 * read was a valid range or no value), and set_range({0, 0}) writes that text back exactly. */
#define PASV_RAW_RANGE_MAX 256
static inline bool pasv_range_is_invalid_mark(const pasv_range *r)
{
    return r && r->low == 0 && r->high == 0;
}
const WCHAR *pasv_iis_abo_invalid_text(pasv_ftp_config *cfg);
const WCHAR *pasv_iis5_reg_invalid_text(pasv_ftp_config *cfg);
/* IIS 5: the registry type of that text (REG_SZ or REG_EXPAND_SZ), 0 when there is none. */
DWORD pasv_iis5_reg_invalid_type(pasv_ftp_config *cfg);
/* Issue 11 (B12): tells the backend the value set by hand that a run read before it was killed
 * (from the journal), so that set_range({0, 0}) in this process writes that text back exactly
 * (IIS 5: with that type, REG_SZ or REG_EXPAND_SZ). E_INVALIDARG for an empty text, one of
 * PASV_RAW_RANGE_MAX units or more, or another type; the backend is then unchanged. The next
 * get_range forgets it again. */
HRESULT pasv_iis_abo_restore_raw(pasv_ftp_config *cfg, const WCHAR *text);
HRESULT pasv_iis5_reg_restore_raw(pasv_ftp_config *cfg, const WCHAR *text, DWORD type);

/* IIS 5: HKLM\SYSTEM\CurrentControlSet\Services\MSFTPSVC\Parameters\PassivePortRange (REG_SZ).
 * backup() is PASV_S_FALSE (the engine remembers the previous value); edit-while-running is
 * PASV_E_NOTIMPL. */
HRESULT pasv_iis5_reg_create(pasv_ftp_config **out);
void pasv_iis5_reg_free(pasv_ftp_config *cfg);

/* IIS 7+ FTP (FTPSVC): applicationHost.config system.ftpServer/firewallSupport
 * lowDataChannelPort/highDataChannelPort at MACHINE/WEBROOT/APPHOST through AHADMIN
 * (CLSID_AppHostWritableAdminManager, on an MTA thread of its own: ahcall.h). get_range: both 0
 * is "not set" (*is_set false, {0, 0}: the Windows dynamic range); a pair FTPSVC cannot use is
 * PASV_S_RANGE_INVALID as for IIS 6. set_range(NULL) clears both attributes; set_range({0, 0})
 * writes back the pair set by hand that was read (or 0 and 0). backup() copies
 * applicationHost.config to %windir%\system32\inetsrv\backup\pasvports-<UTC time>\ (the newest
 * PASV_AH_BACKUPS_KEPT kept). Edit-while-running is PASV_E_NOTIMPL. */
HRESULT pasv_iis_ahadmin_create(pasv_ftp_config **out);
void pasv_iis_ahadmin_free(pasv_ftp_config *cfg);
#define PASV_AH_BACKUPS_KEPT 10
#define PASV_AH_REASON_MAX 512
const WCHAR *pasv_iis_ahadmin_invalid_text(pasv_ftp_config *cfg);
/* The "low-high" text of a pair set by hand, from an interrupted run's journal. */
HRESULT pasv_iis_ahadmin_restore_raw(pasv_ftp_config *cfg, const WCHAR *text);
/* IIS's own reason for refusing the last set_range (IAppHostPropertyException::
 * ValidationFailureReason), or NULL. */
const WCHAR *pasv_iis_ahadmin_reason(pasv_ftp_config *cfg);
/* The copy of applicationHost.config the last backup() made, or NULL. */
const WCHAR *pasv_iis_ahadmin_last_backup(pasv_ftp_config *cfg);

/* Service control through the SCM for one service (L"MSFTPSVC", L"FTPSVC"): Microsoft's stop/start sample
 * logic (wait hint / checkpoint polling clamped to 1-10 s, 30 s overall). */
HRESULT pasv_scm_create(const WCHAR *service_name, pasv_service **out);
void pasv_scm_free(pasv_service *svc);
/* Issue 11 (B14): the service's start type (SERVICE_AUTO_START .. SERVICE_DISABLED). */
HRESULT pasv_scm_start_type(pasv_service *svc, DWORD *start_type);

#endif /* PASV_BACKENDS_H */
