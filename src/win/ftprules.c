/* pasvports: the FTP Server role's built-in firewall rules and the stateful FTP policy (see
 * ftprules.h).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "ftprules.h"

#include <netfw.h>
#include <wchar.h>

#define MAX_RULES_SCANNED 100000

static void copy_text(WCHAR *dst, size_t cap, const WCHAR *src)
{
    wcsncpy(dst, src ? src : L"", cap - 1);
    dst[cap - 1] = 0;
}

/* Adds rule to out when it is a TCP rule of the service ftpsvc. */
static HRESULT consider(INetFwRule *rule, pasv_ftp_rules *out)
{
    BSTR service = NULL, name = NULL, ports = NULL;
    LONG protocol = 0;
    NET_FW_RULE_DIRECTION dir = NET_FW_RULE_DIR_IN;
    VARIANT_BOOL enabled = VARIANT_FALSE;
    HRESULT hr = INetFwRule_get_ServiceName(rule, &service);

    if (FAILED(hr) || !service || _wcsicmp(service, L"ftpsvc") != 0)
        goto cleanup;
    hr = INetFwRule_get_Protocol(rule, &protocol);
    if (FAILED(hr) || protocol != NET_FW_IP_PROTOCOL_TCP || out->count >= PASV_FTP_RULES_MAX)
        goto cleanup;
    hr = INetFwRule_get_Name(rule, &name);
    if (SUCCEEDED(hr))
        hr = INetFwRule_get_LocalPorts(rule, &ports);
    if (SUCCEEDED(hr))
        hr = INetFwRule_get_Direction(rule, &dir);
    if (SUCCEEDED(hr))
        hr = INetFwRule_get_Enabled(rule, &enabled);
    if (SUCCEEDED(hr)) {
        pasv_ftp_rule *r = &out->items[out->count++];
        copy_text(r->name, PASV_FTP_RULE_NAME_MAX, name);
        copy_text(r->ports, PASV_FTP_RULE_PORTS_MAX, ports);
        r->enabled = enabled != VARIANT_FALSE;
        r->inbound = dir == NET_FW_RULE_DIR_IN;
        r->passive = r->inbound && !wcscmp(r->ports, L"1024-65535");
    }
cleanup:
    SysFreeString(service);
    SysFreeString(name);
    SysFreeString(ports);
    return hr;
}

HRESULT pasv_ftp_builtin_rules(pasv_ftp_rules *out)
{
    INetFwPolicy2 *policy = NULL;
    INetFwRules *rules = NULL;
    IUnknown *unk = NULL;
    IEnumVARIANT *items = NULL;
    unsigned scanned = 0;
    VARIANT v;
    HRESULT hr;

    out->count = 0;
    VariantInit(&v);
    hr = CoCreateInstance(&CLSID_NetFwPolicy2, NULL, CLSCTX_INPROC_SERVER, &IID_INetFwPolicy2, (void **)&policy);
    if (SUCCEEDED(hr))
        hr = INetFwPolicy2_get_Rules(policy, &rules);
    if (SUCCEEDED(hr))
        hr = INetFwRules_get__NewEnum(rules, &unk);
    if (SUCCEEDED(hr))
        hr = IUnknown_QueryInterface(unk, &IID_IEnumVARIANT, (void **)&items);
    while (SUCCEEDED(hr)) {
        ULONG got = 0;
        INetFwRule *rule = NULL;

        hr = IEnumVARIANT_Next(items, 1, &v, &got);
        if (FAILED(hr) || hr == S_FALSE || got == 0) {
            hr = FAILED(hr) ? hr : S_OK; /* S_FALSE is the end, not a failure */
            break;
        }
        if (++scanned > MAX_RULES_SCANNED) {
            hr = E_UNEXPECTED;
            break;
        }
        if (V_VT(&v) == VT_DISPATCH && V_DISPATCH(&v) &&
            SUCCEEDED(IDispatch_QueryInterface(V_DISPATCH(&v), &IID_INetFwRule, (void **)&rule))) {
            (void)consider(rule, out); /* a rule that cannot be read is not one we can show */
            INetFwRule_Release(rule);
        }
        VariantClear(&v);
    }
    VariantClear(&v);
    if (items)
        IEnumVARIANT_Release(items);
    if (unk)
        IUnknown_Release(unk);
    if (rules)
        INetFwRules_Release(rules);
    if (policy)
        INetFwPolicy2_Release(policy);
    return hr;
}

int pasv_stateful_ftp_policy(void)
{
    HKEY key = NULL;
    DWORD value = 0, size = sizeof(value), type = 0;
    LONG rc = RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"SOFTWARE\\Policies\\Microsoft\\WindowsFirewall", 0,
                            KEY_QUERY_VALUE, &key);

    if (rc != ERROR_SUCCESS)
        return -1;
    rc = RegQueryValueExW(key, L"DisableStatefulFTP", NULL, &type, (BYTE *)&value, &size);
    RegCloseKey(key);
    if (rc != ERROR_SUCCESS || type != REG_DWORD)
        return -1;
    return value ? 0 : 1;
}

#define MARK_KEY L"SOFTWARE\\pasvports"
#define MARK_VALUE L"BuiltinPassiveRuleDisabled"

/* Enables or disables the rule named name (Item takes the name as listed). */
static HRESULT set_rule_enabled(const WCHAR *name, bool enabled)
{
    INetFwPolicy2 *policy = NULL;
    INetFwRules *rules = NULL;
    INetFwRule *rule = NULL;
    BSTR b = SysAllocString(name);
    HRESULT hr = b ? S_OK : E_OUTOFMEMORY;

    if (SUCCEEDED(hr))
        hr = CoCreateInstance(&CLSID_NetFwPolicy2, NULL, CLSCTX_INPROC_SERVER, &IID_INetFwPolicy2, (void **)&policy);
    if (SUCCEEDED(hr))
        hr = INetFwPolicy2_get_Rules(policy, &rules);
    if (SUCCEEDED(hr))
        hr = INetFwRules_Item(rules, b, &rule);
    if (SUCCEEDED(hr) && !rule)
        hr = E_POINTER;
    if (SUCCEEDED(hr))
        hr = INetFwRule_put_Enabled(rule, enabled ? VARIANT_TRUE : VARIANT_FALSE);
    if (rule)
        INetFwRule_Release(rule);
    if (rules)
        INetFwRules_Release(rules);
    if (policy)
        INetFwPolicy2_Release(policy);
    SysFreeString(b);
    return hr;
}

HRESULT pasv_ftp_builtin_passive_disable(WCHAR *name, size_t cap)
{
    pasv_ftp_rules rules;
    const pasv_ftp_rule *passive = NULL;
    HKEY key = NULL;
    size_t i;
    LONG rc;
    HRESULT hr = pasv_ftp_builtin_rules(&rules);

    if (FAILED(hr))
        return hr;
    for (i = 0; i < rules.count && !passive; i++)
        if (rules.items[i].passive && rules.items[i].enabled)
            passive = &rules.items[i];
    if (!passive)
        return S_FALSE;
    copy_text(name, cap, passive->name);
    /* The record first: a rule turned off without it could never be turned on by remove. */
    rc = RegCreateKeyExW(HKEY_LOCAL_MACHINE, MARK_KEY, 0, NULL, 0, KEY_SET_VALUE, NULL, &key, NULL);
    if (rc == ERROR_SUCCESS) {
        rc = RegSetValueExW(key, MARK_VALUE, 0, REG_SZ, (const BYTE *)passive->name,
                            (DWORD)((wcslen(passive->name) + 1) * sizeof(WCHAR)));
        RegCloseKey(key);
    }
    if (rc != ERROR_SUCCESS)
        return HRESULT_FROM_WIN32(rc);
    hr = set_rule_enabled(passive->name, false);
    if (FAILED(hr) && RegOpenKeyExW(HKEY_LOCAL_MACHINE, MARK_KEY, 0, KEY_SET_VALUE, &key) == ERROR_SUCCESS) {
        RegDeleteValueW(key, MARK_VALUE);
        RegCloseKey(key);
    }
    return hr;
}

HRESULT pasv_ftp_builtin_passive_restore(WCHAR *name, size_t cap)
{
    WCHAR recorded[PASV_FTP_RULE_NAME_MAX];
    DWORD size = sizeof(recorded) - sizeof(WCHAR), type = 0;
    HKEY key = NULL;
    LONG rc = RegOpenKeyExW(HKEY_LOCAL_MACHINE, MARK_KEY, 0, KEY_QUERY_VALUE | KEY_SET_VALUE, &key);
    HRESULT hr;

    if (rc != ERROR_SUCCESS)
        return S_FALSE;
    rc = RegQueryValueExW(key, MARK_VALUE, NULL, &type, (BYTE *)recorded, &size);
    if (rc != ERROR_SUCCESS || type != REG_SZ || size < sizeof(WCHAR)) {
        RegCloseKey(key);
        return S_FALSE;
    }
    recorded[size / sizeof(WCHAR)] = 0;
    copy_text(name, cap, recorded);
    hr = set_rule_enabled(recorded, true);
    if (SUCCEEDED(hr))
        RegDeleteValueW(key, MARK_VALUE);
    RegCloseKey(key);
    return hr;
}
