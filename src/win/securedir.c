/* pasvports: the secure directory %ProgramData%\pasvports (explicit DACL, refuses foreign ones).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * What Wine 8 does (probed, and shown by tests/win/test_journal_lab.c): CreateDirectoryW
 * ignores the SECURITY_ATTRIBUTES' descriptor (the directory gets SYSTEM + the user, owner the
 * user S-1-5-21-0-0-0-1000), so the DACL is set again with SetNamedSecurityInfoW, which Wine
 * stores and GetNamedSecurityInfoW returns. Wine also lets a process set any owner. Wine does not
 * enforce DACLs when a file is opened (Unix permissions decide) and every process runs as one
 * user, so under Wine the refusal of a foreign directory is proven,
 * the protection it gives on Windows is not. */
#include "securedir.h"

#include <aclapi.h>
#include <sddl.h>
#include <shlobj.h>
#include <wchar.h>

/* Owner and DACL of a new directory: Administrators and SYSTEM full control, Users read and
 * traverse (status works without elevation), inherited by files and subdirectories; P = protected,
 * so nothing is inherited from ProgramData (whose Users may create files). The owner is left to
 * the token's default (Administrators for an elevated administrator, SYSTEM for a service).
 * Security Descriptor String Format:
 * https://learn.microsoft.com/windows/win32/secauthz/security-descriptor-string-format */
#define DIR_DACL L"D:P(A;OICI;FA;;;BA)(A;OICI;FA;;;SY)(A;OICI;0x1200a9;;;BU)"

/* Rights that let a holder change the file or what it says. */
#define WRITE_RIGHTS                                                                                          \
    (FILE_WRITE_DATA | FILE_APPEND_DATA | FILE_WRITE_EA | FILE_WRITE_ATTRIBUTES | FILE_DELETE_CHILD | DELETE | \
     WRITE_DAC | WRITE_OWNER | GENERIC_WRITE | GENERIC_ALL)

HRESULT pasv_secure_dir_path(WCHAR *dir, DWORD cap)
{
    WCHAR base[MAX_PATH];
    /* SHGetFolderPathW exists from Windows 2000 on and maps CSIDL_COMMON_APPDATA to ProgramData
     * on Vista+; SHGetKnownFolderPath would exclude XP/2003. */
    HRESULT hr = SHGetFolderPathW(NULL, CSIDL_COMMON_APPDATA, NULL, SHGFP_TYPE_CURRENT, base);
    if (FAILED(hr))
        return hr;
    if (_snwprintf(dir, cap, L"%ls\\pasvports", base) < 0) {
        dir[0] = 0;
        return HRESULT_FROM_WIN32(ERROR_BUFFER_OVERFLOW);
    }
    dir[cap - 1] = 0;
    return S_OK;
}

HRESULT pasv_secure_join(const WCHAR *dir, const WCHAR *name, WCHAR *out)
{
    if (_snwprintf(out, MAX_PATH, L"%ls\\%ls", dir, name) < 0) {
        out[0] = 0;
        return HRESULT_FROM_WIN32(ERROR_BUFFER_OVERFLOW);
    }
    out[MAX_PATH - 1] = 0;
    return S_OK;
}

/* The token's own user, when it is not the default owner: XP's "object creator" owner policy
 * makes an administrator's files theirs rather than Administrators'. Only an elevated run writes
 * here, so that user is an administrator. */
static bool is_own_user(PSID sid)
{
    HANDLE token = NULL;
    BYTE info[256];
    DWORD len = 0;
    bool same = false;

    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token))
        return false;
    if (GetTokenInformation(token, TokenUser, info, sizeof(info), &len))
        same = EqualSid(sid, ((TOKEN_USER *)info)->User.Sid) != 0;
    CloseHandle(token);
    return same;
}

/* EqualSid against a well-known SID built here: IsWellKnownSid is XP+, and Windows 2000 (IIS 5)
 * is still a target. */
static bool sid_is(PSID sid, SID_IDENTIFIER_AUTHORITY auth, BYTE count, DWORD sub0, DWORD sub1)
{
    PSID known = NULL;
    bool same;

    if (!AllocateAndInitializeSid(&auth, count, sub0, sub1, 0, 0, 0, 0, 0, 0, &known))
        return false;
    same = EqualSid(sid, known) != 0;
    FreeSid(known);
    return same;
}

static bool is_trusted(PSID sid)
{
    SID_IDENTIFIER_AUTHORITY nt = {SECURITY_NT_AUTHORITY};
    return sid_is(sid, nt, 2, SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_ADMINS) ||
           sid_is(sid, nt, 1, SECURITY_LOCAL_SYSTEM_RID, 0);
}

/* CREATOR OWNER on an inherit-only entry only shapes the children's DACLs; the children are
 * checked by their own owner. */
static bool harmless_creator_owner(const ACE_HEADER *h, PSID sid)
{
    SID_IDENTIFIER_AUTHORITY creator = {SECURITY_CREATOR_SID_AUTHORITY};
    return (h->AceFlags & INHERIT_ONLY_ACE) && sid_is(sid, creator, 1, SECURITY_CREATOR_OWNER_RID, 0);
}

static HRESULT check_descriptor(PSID owner, PACL dacl)
{
    ACL_SIZE_INFORMATION info;
    DWORD i;

    if (!owner || !IsValidSid(owner) || (!is_trusted(owner) && !is_own_user(owner)))
        return PASV_E_UNSAFE_OWNER;
    if (!dacl)
        return PASV_E_UNSAFE_DACL; /* a NULL DACL grants everyone everything */
    if (!GetAclInformation(dacl, &info, sizeof(info), AclSizeInformation))
        return HRESULT_FROM_WIN32(GetLastError());
    for (i = 0; i < info.AceCount; i++) {
        ACE_HEADER *h = NULL;
        PSID sid;
        if (!GetAce(dacl, i, (void **)&h))
            return HRESULT_FROM_WIN32(GetLastError());
        if (h->AceType != ACCESS_ALLOWED_ACE_TYPE)
            continue; /* deny entries only take rights away */
        sid = (PSID)&((ACCESS_ALLOWED_ACE *)h)->SidStart;
        if (!(((ACCESS_ALLOWED_ACE *)h)->Mask & WRITE_RIGHTS) || is_trusted(sid) || is_own_user(sid) ||
            harmless_creator_owner(h, sid))
            continue;
        return PASV_E_UNSAFE_DACL;
    }
    return S_OK;
}

static HRESULT check_path(const WCHAR *path)
{
    PSECURITY_DESCRIPTOR sd = NULL;
    PSID owner = NULL;
    PACL dacl = NULL;
    DWORD err = GetNamedSecurityInfoW(path, SE_FILE_OBJECT, OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION,
                                      &owner, NULL, &dacl, NULL, &sd);
    HRESULT hr;

    if (err != ERROR_SUCCESS)
        return HRESULT_FROM_WIN32(err);
    hr = check_descriptor(owner, dacl);
    LocalFree(sd);
    return hr;
}

HRESULT pasv_secure_file_check(const WCHAR *path)
{
    if (GetFileAttributesW(path) == INVALID_FILE_ATTRIBUTES) {
        DWORD err = GetLastError();
        return err == ERROR_FILE_NOT_FOUND || err == ERROR_PATH_NOT_FOUND ? S_OK : HRESULT_FROM_WIN32(err);
    }
    return check_path(path);
}

HRESULT pasv_secure_dir(WCHAR *dir, WCHAR *bad)
{
    SECURITY_ATTRIBUTES sa = {sizeof(sa), NULL, FALSE};
    HRESULT hr = pasv_secure_dir_path(dir, MAX_PATH);

    if (bad)
        bad[0] = 0;
    if (FAILED(hr))
        return hr;
    if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(DIR_DACL, SDDL_REVISION_1, &sa.lpSecurityDescriptor,
                                                              NULL))
        return HRESULT_FROM_WIN32(GetLastError());
    if (CreateDirectoryW(dir, &sa)) {
        /* Set it again by name: Wine 8 ignores the descriptor given to CreateDirectoryW (the
         * directory gets SYSTEM + the user, inherited) but stores one set afterwards. */
        PACL dacl = NULL;
        BOOL present = FALSE, defaulted = FALSE;
        DWORD err = ERROR_SUCCESS;
        if (GetSecurityDescriptorDacl(sa.lpSecurityDescriptor, &present, &dacl, &defaulted) && present)
            err = SetNamedSecurityInfoW(dir, SE_FILE_OBJECT,
                                        DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION, NULL, NULL,
                                        dacl, NULL);
        hr = err == ERROR_SUCCESS ? check_path(dir) : HRESULT_FROM_WIN32(err);
    } else if (GetLastError() == ERROR_ALREADY_EXISTS) {
        /* Someone made it before us: use it only if it is as safe as the one we would make. */
        hr = check_path(dir);
    } else {
        hr = HRESULT_FROM_WIN32(GetLastError());
    }
    LocalFree(sa.lpSecurityDescriptor);
    if (bad && (hr == PASV_E_UNSAFE_OWNER || hr == PASV_E_UNSAFE_DACL))
        wcsncpy(bad, dir, MAX_PATH - 1), bad[MAX_PATH - 1] = 0;
    return hr;
}
