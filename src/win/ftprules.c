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

/* The mark (issue 13): the engine's journal says what a run did while the run is recovered, but
 * remove, later and from a fresh plan, must know whether the built-in rule is off because of us
 * (turn it on again) or because an administrator turned it off (leave it): the journal of the run
 * that did it is gone by then, so the rule's name is kept here while it is off because of us. */
#define MARK_KEY L"SOFTWARE\\pasvports"
#define MARK_VALUE L"BuiltinPassiveRuleDisabled"

static HRESULT mark_set(const WCHAR *name)
{
    HKEY key = NULL;
    LONG rc = RegCreateKeyExW(HKEY_LOCAL_MACHINE, MARK_KEY, 0, NULL, 0, KEY_SET_VALUE, NULL, &key, NULL);

    if (rc == ERROR_SUCCESS) {
        rc = RegSetValueExW(key, MARK_VALUE, 0, REG_SZ, (const BYTE *)name, (DWORD)((wcslen(name) + 1) * sizeof(WCHAR)));
        RegCloseKey(key);
    }
    return HRESULT_FROM_WIN32(rc);
}

static void mark_clear(void)
{
    HKEY key = NULL;

    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, MARK_KEY, 0, KEY_SET_VALUE, &key) == ERROR_SUCCESS) {
        RegDeleteValueW(key, MARK_VALUE);
        RegCloseKey(key);
    }
}

bool pasv_ftp_builtin_passive_marked(const WCHAR *name)
{
    WCHAR recorded[PASV_FTP_RULE_NAME_MAX];
    DWORD size = sizeof(recorded) - sizeof(WCHAR), type = 0;
    HKEY key = NULL;
    LONG rc = RegOpenKeyExW(HKEY_LOCAL_MACHINE, MARK_KEY, 0, KEY_QUERY_VALUE, &key);

    if (rc != ERROR_SUCCESS)
        return false;
    rc = RegQueryValueExW(key, MARK_VALUE, NULL, &type, (BYTE *)recorded, &size);
    RegCloseKey(key);
    if (rc != ERROR_SUCCESS || type != REG_SZ)
        return false;
    recorded[size / sizeof(WCHAR)] = 0;
    return name && !_wcsicmp(recorded, name);
}

HRESULT pasv_ftp_builtin_passive_find(pasv_ftp_rule *out)
{
    pasv_ftp_rules rules;
    size_t i;
    HRESULT hr = pasv_ftp_builtin_rules(&rules);

    if (FAILED(hr))
        return hr;
    for (i = 0; i < rules.count; i++)
        if (rules.items[i].passive) {
            *out = rules.items[i];
            return S_OK;
        }
    return S_FALSE;
}

/* The rule named name, re-read and proven to be the built-in passive one (consider()). */
static HRESULT open_passive(INetFwPolicy2 *policy, const WCHAR *name, INetFwRule **rule, pasv_ftp_rule *seen)
{
    INetFwRules *rules = NULL;
    pasv_ftp_rules one;
    BSTR b = SysAllocString(name);
    HRESULT hr = b ? INetFwPolicy2_get_Rules(policy, &rules) : E_OUTOFMEMORY;

    *rule = NULL;
    one.count = 0;
    if (SUCCEEDED(hr))
        hr = INetFwRules_Item(rules, b, rule);
    /* Gone ("The system cannot find the file specified."): someone else's change. */
    if (hr == HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND) || (SUCCEEDED(hr) && !*rule))
        hr = (HRESULT)PASV_E_CHANGED;
    if (SUCCEEDED(hr))
        hr = consider(*rule, &one);
    if (SUCCEEDED(hr) && (one.count != 1 || !one.items[0].passive || wcscmp(one.items[0].name, name)))
        hr = (HRESULT)PASV_E_CHANGED;
    if (SUCCEEDED(hr))
        *seen = one.items[0];
    if (FAILED(hr) && *rule) {
        INetFwRule_Release(*rule);
        *rule = NULL;
    }
    if (rules)
        INetFwRules_Release(rules);
    SysFreeString(b);
    return hr;
}

HRESULT pasv_ftp_builtin_passive_set(const WCHAR *name, bool enabled)
{
    INetFwPolicy2 *policy = NULL;
    INetFwRule *rule = NULL;
    pasv_ftp_rule seen;
    HRESULT hr = CoCreateInstance(&CLSID_NetFwPolicy2, NULL, CLSCTX_INPROC_SERVER, &IID_INetFwPolicy2,
                                  (void **)&policy);

    if (SUCCEEDED(hr))
        hr = open_passive(policy, name, &rule, &seen);
    if (SUCCEEDED(hr) && seen.enabled == enabled) {
        hr = S_FALSE; /* already so: nothing written */
        if (enabled)
            mark_clear();
        goto cleanup;
    }
    /* Turning off: the mark first, so that a rule off because of us is never unmarked. */
    if (SUCCEEDED(hr) && !enabled)
        hr = mark_set(name);
    if (SUCCEEDED(hr))
        hr = INetFwRule_put_Enabled(rule, enabled ? VARIANT_TRUE : VARIANT_FALSE);
    if (SUCCEEDED(hr) ? enabled : !enabled)
        mark_clear(); /* on again, or not turned off after all */

cleanup:
    if (rule)
        INetFwRule_Release(rule);
    if (policy)
        INetFwPolicy2_Release(policy);
    return hr;
}
