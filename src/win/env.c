/* pasvports: environment detection (Windows version, FTP server, metabase, firewall, elevation).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "env.h"

#include <netfw.h>

#include "backends.h"
#include "resource.h"
#include "resource_iis7.h"
#include "text.h"

typedef LONG(WINAPI *rtl_get_version_fn)(OSVERSIONINFOW *);

/* GetVersionEx reports what the manifest claims to support; RtlGetVersion tells the truth. */
static void detect_os(pasv_env *env)
{
    OSVERSIONINFOW info = {0};
    HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    rtl_get_version_fn get_version =
        ntdll ? (rtl_get_version_fn)(void (*)(void))GetProcAddress(ntdll, "RtlGetVersion") : NULL;

    info.dwOSVersionInfoSize = sizeof(info);
    if (!get_version || get_version(&info) != 0) {
        info.dwOSVersionInfoSize = sizeof(info);
        if (!GetVersionExW(&info))
            return;
    }
    env->os_major = info.dwMajorVersion;
    env->os_minor = info.dwMinorVersion;
    env->os_build = info.dwBuildNumber;
}

static bool service_exists(const WCHAR *name, pasv_service_state *state, HRESULT *hr)
{
    pasv_service *svc = NULL;
    pasv_service_state st = PASV_SVC_UNKNOWN;

    *hr = pasv_scm_create(name, &svc);
    if (FAILED(*hr))
        return false;
    *hr = svc->vt->query(svc, &st);
    pasv_scm_free(svc);
    if (SUCCEEDED(*hr))
        *state = st;
    /* Access denied still proves the service exists. */
    return SUCCEEDED(*hr) || *hr == HRESULT_FROM_WIN32(ERROR_ACCESS_DENIED);
}

static bool iis5_value_present(void)
{
    HKEY key = NULL;
    bool present = false;

    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"SYSTEM\\CurrentControlSet\\Services\\MSFTPSVC\\Parameters", 0,
                      KEY_QUERY_VALUE, &key) == ERROR_SUCCESS) {
        present = RegQueryValueExW(key, L"PassivePortRange", NULL, NULL, NULL, NULL) == ERROR_SUCCESS;
        RegCloseKey(key);
    }
    return present;
}

typedef BOOL(WINAPI *is_wow64_fn)(HANDLE, BOOL *);

/* IsWow64Process (XP SP2 and later; looked up so that Windows 2000 still starts us). */
static bool is_wow64(void)
{
    HMODULE k32 = GetModuleHandleW(L"kernel32.dll");
    is_wow64_fn fn = k32 ? (is_wow64_fn)(void (*)(void))GetProcAddress(k32, "IsWow64Process") : NULL;
    BOOL wow = FALSE;

    return fn && fn(GetCurrentProcess(), &wow) && wow;
}

/* IIS 7+ without its FTP role service: the web service or IIS's configuration file is there. */
static bool iis7_present(void)
{
    WCHAR path[MAX_PATH];
    pasv_service_state st = PASV_SVC_UNKNOWN;
    HRESULT hr;
    UINT n = GetSystemWindowsDirectoryW(path, MAX_PATH);

    if (service_exists(L"W3SVC", &st, &hr))
        return true;
    if (n == 0 || n + 48 >= MAX_PATH)
        return false;
    wcscat(path, L"\\system32\\inetsrv\\config\\applicationHost.config");
    return GetFileAttributesW(path) != INVALID_FILE_ATTRIBUTES;
}

HRESULT pasv_env_iis7_access(bool wow64, UINT *reason)
{
    if (reason)
        *reason = wow64 ? IDS_ENV_FTP_IIS7_WOW64 : IDS_ENV_FTP_IIS7;
    return wow64 ? HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED) : S_OK;
}

/* IIS 7+'s version as its setup records it: HKLM\SOFTWARE\Microsoft\InetStp, MajorVersion and
 * MinorVersion (REG_DWORD), "Discover Installed Components"
 * (https://learn.microsoft.com/en-us/iis/install/installing-iis-7/discover-installed-components).
 * Left 0 when the key or a value is missing or not a DWORD. */
static void detect_iis_version(pasv_env *env)
{
    DWORD major = 0, minor = 0, type = 0, size = sizeof(DWORD);
    HKEY key;

    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"SOFTWARE\\Microsoft\\InetStp", 0, KEY_QUERY_VALUE, &key) != ERROR_SUCCESS)
        return;
    if (RegQueryValueExW(key, L"MajorVersion", NULL, &type, (BYTE *)&major, &size) == ERROR_SUCCESS
        && type == REG_DWORD && size == sizeof(DWORD)) {
        size = sizeof(DWORD);
        if (RegQueryValueExW(key, L"MinorVersion", NULL, &type, (BYTE *)&minor, &size) == ERROR_SUCCESS
            && type == REG_DWORD && size == sizeof(DWORD) && major >= 7) {
            env->iis_major = major;
            env->iis_minor = minor;
        }
    }
    RegCloseKey(key);
}

/* FTPSVC: IIS 7.5-10 (or FTP 7.x on IIS 7.0). Detection order: MSFTPSVC first, so IIS 7.0 with
 * the FTP 6 compatibility service stays on the metabase path (the IIS 6 backend). */
static void detect_ftpsvc(pasv_env *env)
{
    pasv_service_state state = PASV_SVC_UNKNOWN;
    HRESULT ftpsvc_hr;

    env->iis7 = iis7_present();
    if (service_exists(L"FTPSVC", &state, &ftpsvc_hr)) {
        env->ftp = PASV_FTP_IIS7;
        env->ftp_state = state;
        env->ftp_hr = pasv_env_iis7_access(env->wow64, &env->ftp_reason);
        env->iis7 = true;
        detect_iis_version(env);
    } else if (env->iis7) {
        /* OpenService("ftpsvc") -> ERROR_SERVICE_DOES_NOT_EXIST: IIS without FTP. */
        env->ftp_reason = IDS_ENV_IIS7_NO_FTP;
    }
}

static void detect_ftp(pasv_env *env)
{
    pasv_ftp_config *abo = NULL;
    HRESULT hr;

    env->ftp = PASV_FTP_NONE;
    env->ftp_reason = IDS_ENV_FTP_NOT_INSTALLED;
    env->ftp_state = PASV_SVC_UNKNOWN;
    if (!service_exists(L"MSFTPSVC", &env->ftp_state, &env->ftp_hr)) {
        detect_ftpsvc(env);
        return;
    }
    env->ftp_hr = S_OK;
    hr = pasv_iis_abo_create(&abo);
    env->metabase_hr = hr;
    env->metabase = SUCCEEDED(hr);
    pasv_iis_abo_free(abo);
    /* IIS 5 has a metabase too, but its FTP service reads PassivePortRange from the registry
     * (Windows 2000 SP4). So: Windows 2000, or no metabase with the IIS 5 value present. */
    if ((env->os_major == 5 && env->os_minor == 0) || (!env->metabase && iis5_value_present())) {
        env->ftp = PASV_FTP_IIS5;
        env->ftp_reason = IDS_ENV_FTP_IIS5;
    } else if (env->metabase) {
        env->ftp = PASV_FTP_IIS6;
        env->ftp_reason = IDS_ENV_FTP_IIS6;
    } else {
        env->ftp = PASV_FTP_NONE;
        env->ftp_reason = IDS_ENV_METABASE_UNREACHABLE;
        env->ftp_hr = hr;
    }
}

static void detect_firewall(pasv_env *env)
{
    INetFwPolicy2 *policy = NULL;
    INetFwRules *rules = NULL;
    HRESULT hr;

    env->fw_rules_api = false;
    /* INetFwPolicy2 exists from Vista on; on 2003 the class is not registered. */
    if (env->os_major < 6) {
        env->fw_rules_hr = REGDB_E_CLASSNOTREG;
        return;
    }
    hr = CoCreateInstance(&CLSID_NetFwPolicy2, NULL, CLSCTX_INPROC_SERVER, &IID_INetFwPolicy2, (void **)&policy);
    if (SUCCEEDED(hr))
        hr = INetFwPolicy2_get_Rules(policy, &rules);
    env->fw_rules_hr = hr;
    env->fw_rules_api = SUCCEEDED(hr);
    if (rules)
        INetFwRules_Release(rules);
    if (policy)
        INetFwPolicy2_Release(policy);
}

static void detect_elevation(pasv_env *env)
{
    SID_IDENTIFIER_AUTHORITY nt = {SECURITY_NT_AUTHORITY};
    PSID admins = NULL;
    BOOL member = FALSE;

    /* A UAC-filtered token has Administrators as deny-only, so this is FALSE until elevated. */
    if (AllocateAndInitializeSid(&nt, 2, SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_ADMINS, 0, 0, 0, 0,
                                 0, 0, &admins)) {
        if (!CheckTokenMembership(NULL, admins, &member))
            member = FALSE;
        FreeSid(admins);
    }
    env->elevated = member != FALSE;
}

void pasv_env_detect(pasv_env *env)
{
    ZeroMemory(env, sizeof(*env));
    detect_os(env);
    env->wow64 = is_wow64();
    detect_ftp(env);
    detect_firewall(env);
    detect_elevation(env);
}

pasv_server_kind pasv_env_server_kind(const pasv_env *env)
{
    switch (env->ftp) {
    case PASV_FTP_IIS5: return PASV_SERVER_IIS5;
    case PASV_FTP_IIS7: return PASV_SERVER_IIS7;
    default: return PASV_SERVER_IIS6;
    }
}

WCHAR *pasv_env_ftp_name(const pasv_env *env)
{
    if (env->ftp == PASV_FTP_IIS7 && !env->wow64 && env->iis_major) {
        DWORD_PTR args[2] = {env->iis_major, env->iis_minor};
        return pasv_text_format(IDS_ENV_FTP_IIS_VERSION, args, 2);
    }
    return pasv_text_load(env->ftp_reason);
}
