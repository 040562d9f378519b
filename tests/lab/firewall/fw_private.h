/* pasvports lab firewall (hnetcfg.dll stand-in): private declarations shared by its files.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 * State lives only in the registry (labfw.h describes the layout); objects cache nothing that
 * another process could change, so every call re-reads it. */
#ifndef PASV_LAB_FW_PRIVATE_H
#define PASV_LAB_FW_PRIVATE_H

#define COBJMACROS
#define CONST_VTABLE
#include <windows.h>
#include <ole2.h>
#include <oleauto.h>
#include <netfw.h>
#include "labfw.h"

#ifndef NET_FW_IP_PROTOCOL_ANY
/* Windows SDK icftypes.h: NET_FW_IP_PROTOCOL_ANY = 256; mingw-w64 10 has only TCP and UDP. */
#define NET_FW_IP_PROTOCOL_ANY 256
#endif

#define FW_E_NOT_FOUND       HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND)       /* 0x80070002 */
#define FW_E_VISTA_STOPPED   ((HRESULT)0x800706D9)                          /* EPT_S_NOT_REGISTERED */
#define FW_E_LEGACY_STOPPED  HRESULT_FROM_WIN32(RPC_S_SERVER_UNAVAILABLE)   /* 0x800706BA */

/* Module object count, for DllCanUnloadNow. */
void fw_object_added(void);
void fw_object_removed(void);
LONG fw_object_count(void);

/* The gate every state-touching call passes first: LatencyUs, ServiceStopped and, for mutators,
 * NotElevated and FailAfterCalls (with the persisted CallCount). */
enum fw_family { FW_LEGACY, FW_VISTA };
HRESULT fw_enter(enum fw_family family, BOOL mutating);

/* IDispatch members shared by every object: no type library in the lab. */
HRESULT fw_get_type_info_count(UINT *count);
#define FW_IDISPATCH_IMPL(prefix, type)                                                           \
    static HRESULT WINAPI prefix##_GetTypeInfoCount(type *iface, UINT *count)                     \
    { (void)iface; return fw_get_type_info_count(count); }                                        \
    static HRESULT WINAPI prefix##_GetTypeInfo(type *iface, UINT index, LCID lcid, ITypeInfo **ti) \
    { (void)iface; (void)index; (void)lcid; if (ti) *ti = NULL; return DISP_E_BADINDEX; }         \
    static HRESULT WINAPI prefix##_GetIDsOfNames(type *iface, REFIID riid, LPOLESTR *names,       \
                                                 UINT count, LCID lcid, DISPID *ids)              \
    { (void)iface; (void)riid; (void)names; (void)count; (void)lcid; (void)ids; return E_NOTIMPL; } \
    static HRESULT WINAPI prefix##_Invoke(type *iface, DISPID id, REFIID riid, LCID lcid,         \
                                          WORD flags, DISPPARAMS *params, VARIANT *result,        \
                                          EXCEPINFO *excep, UINT *arg_err)                        \
    { (void)iface; (void)id; (void)riid; (void)lcid; (void)flags; (void)params; (void)result;     \
      (void)excep; (void)arg_err; return E_NOTIMPL; }

HRESULT fw_bstr_out(const WCHAR *s, BSTR *out);
WCHAR *fw_strdup(const WCHAR *s);
/* Replaces *dst by a copy of s (NULL or "" -> NULL). */
HRESULT fw_set_string(WCHAR **dst, const WCHAR *s);

/* Legacy GloballyOpenPorts entries ("5001:TCP" = "5001:TCP:*:Enabled:Passive FTP5001"). */
struct fw_port_data {
    LONG port;
    NET_FW_IP_PROTOCOL protocol;
    WCHAR scope[512];     /* "*", "LocalSubnet" or an address list */
    BOOL enabled;
    WCHAR name[256];
};
void fw_port_defaults(struct fw_port_data *d);
HRESULT fw_port_find(DWORD profile, LONG port, NET_FW_IP_PROTOCOL protocol, struct fw_port_data *d);
HRESULT fw_port_write(DWORD profile, const struct fw_port_data *d);
HRESULT fw_port_delete(DWORD profile, LONG port, NET_FW_IP_PROTOCOL protocol);
DWORD fw_profile_dword(const WCHAR *profile_key, const WCHAR *name, DWORD dflt);
HRESULT fw_profile_set_dword(const WCHAR *profile_key, const WCHAR *name, DWORD value);

/* Vista+ rules (REG_SZ under LABFW_RULES_KEY, value name = rule id). */
struct fw_rule_data {
    WCHAR *name, *desc, *app, *svc, *lports, *rports, *laddrs, *raddrs, *icmp, *iftypes, *grouping;
    LONG protocol;            /* NET_FW_IP_PROTOCOL_ANY (256) when unset */
    NET_FW_RULE_DIRECTION dir;
    BOOL enabled;
    LONG profiles;            /* NET_FW_PROFILE2 bits, NET_FW_PROFILE2_ALL for all */
    BOOL edge;
    NET_FW_ACTION action;
    /* How the stored string said it, so a rule Windows wrote (the FTP role's v2.29 rules) is
     * written back the same way when only Active changes: */
    WCHAR version[12];        /* "v2.10" for new rules */
    BOOL lport2_10;           /* ports in LPort2_10 fields (ranges, newer Windows) */
    BOOL implicit_profiles;   /* no Profile field = all profiles */
};
/* Display text of an indirect string ("@%SystemRoot%\system32\firewallapi.dll,-38543") from
 * HKLM\SOFTWARE\PasvLab\Firewall\IndirectStrings (English, as the .mui would give it); any other
 * string, or one not in the table, is returned as it is. */
const WCHAR *fw_display_string(const WCHAR *s, WCHAR *buf, DWORD count);
void fw_rule_defaults(struct fw_rule_data *r);
void fw_rule_clear(struct fw_rule_data *r);
HRESULT fw_rule_copy(struct fw_rule_data *dst, const struct fw_rule_data *src);
HRESULT fw_rule_load(const WCHAR *id, struct fw_rule_data *r);      /* FW_E_NOT_FOUND if absent */
HRESULT fw_rule_store(const WCHAR *id, const struct fw_rule_data *r);
HRESULT fw_rule_delete(const WCHAR *id);
/* Rule ids in registry order (caller frees each id and the array). */
HRESULT fw_rule_ids(WCHAR ***ids, LONG *count);
void fw_rule_ids_free(WCHAR **ids, LONG count);

/* IEnumVARIANT over a snapshot of VT_DISPATCH items (takes ownership of the references). */
HRESULT fw_enum_create(IDispatch **items, ULONG count, IUnknown **out);

/* IEnumVARIANT over count items that make(ctx, index) creates only when Next reaches them, so
 * enumerating 60,535 ports keeps one port object alive at a time, as a caller that releases
 * each one expects (the eager snapshot cost about 3 KB per port). ctx is shared by clones:
 * ctx_ref(ctx, +1/-1) counts its users and frees it at zero. */
typedef HRESULT (*fw_enum_make_fn)(void *ctx, ULONG index, IDispatch **out);
typedef void (*fw_enum_ref_fn)(void *ctx, int delta);
HRESULT fw_enum_create_lazy(ULONG count, fw_enum_make_fn make, fw_enum_ref_fn ctx_ref, void *ctx,
                            IUnknown **out);

/* The (port, protocol) of each entry of a profile's local list, from the value names alone. */
struct fw_port_key {
    LONG port;
    NET_FW_IP_PROTOCOL protocol;
};
HRESULT fw_port_keys(DWORD profile, struct fw_port_key **keys, LONG *count);

/* Objects. */
HRESULT fw_mgr_create(REFIID riid, void **out);
HRESULT fw_open_port_create(REFIID riid, void **out);
HRESULT fw_open_port_attached(DWORD profile, const struct fw_port_data *d, INetFwOpenPort **out);
HRESULT fw_auth_app_create(REFIID riid, void **out);
HRESULT fw_policy2_create(REFIID riid, void **out);
HRESULT fw_rule_create(REFIID riid, void **out);
HRESULT fw_rule_attached(const WCHAR *id, INetFwRule **out);

#endif /* PASV_LAB_FW_PRIVATE_H */
