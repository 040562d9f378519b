/* pasvports lab firewall: the FTP Server role's built-in passive rule as Windows stores it
 * (v2.29, LPort2_10, Svc=FTPSVC, indirect Name): what INetFwRule shows of it, which listener it
 * opens ports for, and that turning it off and on again restores its stored string exactly.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include <initguid.h>
#include "fwtest.h"

#define RULE_ID  L"IIS-WebServerRole-FTP-Passive-In-TCP"
#define FA       L"@%SystemRoot%\\system32\\firewallapi.dll"
#define STORED   L"v2.29|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort2_10=1024-65535|" \
                 L"App=C:\\Windows\\system32\\svchost.exe|Svc=FTPSVC|Name=" FA L",-38543|" \
                 L"Desc=" FA L",-38544|EmbedCtxt=" FA L",-38525|"
#define DISPLAY  L"FTP Server Passive (FTP Passive Traffic-In)"
#define STRINGS  LAB_KNOB_ROOT L"\\Firewall\\IndirectStrings"

static BOOL bstr_eq(BSTR b, const WCHAR *s)
{
    return b && !wcscmp(b, s);
}

int main(void)
{
    INetFwRules *rules = NULL;
    INetFwRule *rule = NULL;
    WCHAR data[1024];
    VARIANT_BOOL en = VARIANT_FALSE;
    BSTR s = NULL, name = SysAllocString(DISPLAY), id_name = SysAllocString(FA L",-38543");
    DWORD why = 0;

    CoInitializeEx(NULL, COINIT_MULTITHREADED);
    reg_set_sz(LABFW_RULES_KEY, RULE_ID, STORED);
    reg_set_sz(STRINGS, FA L",-38543", DISPLAY);

    ok(labfw_port_allowed_for(5001, L"FTPSVC", &why) && why == LABFW_WHY_RULE, "opens 5001 for FTPSVC (%s)", labfw_why_text(why));
    ok(labfw_port_allowed_for(65535, L"ftpsvc", NULL) && labfw_port_allowed_for(1024, L"FTPSVC", NULL),
       "LPort2_10=1024-65535 covers both ends; service names compare case-insensitively");
    ok(!labfw_port_allowed_for(1023, L"FTPSVC", NULL), "not below 1024");
    ok(!labfw_port_allowed_for(5001, L"MSFTPSVC", NULL) && !labfw_port_allowed(5001, NULL),
       "Svc=FTPSVC opens nothing for another service or a non-service listener");

    if (fw_rules(&rules) != S_OK) {
        ok(FALSE, "INetFwPolicy2::get_Rules");
        goto done;
    }
    ok(INetFwRules_Item(rules, name, &rule) == S_OK && rule, "Item(display name) finds the built-in rule");
    if (!rule)
        goto done;
    INetFwRule_get_Name(rule, &s);
    ok(bstr_eq(s, DISPLAY), "get_Name gives the display text: %ls", s ? s : L"(null)");
    SysFreeString(s);
    s = NULL;
    INetFwRule_get_LocalPorts(rule, &s);
    ok(bstr_eq(s, L"1024-65535"), "get_LocalPorts from LPort2_10: %ls", s ? s : L"(null)");
    SysFreeString(s);
    s = NULL;
    INetFwRule_get_ServiceName(rule, &s);
    ok(bstr_eq(s, L"FTPSVC"), "get_ServiceName");
    SysFreeString(s);
    s = NULL;
    INetFwRule_get_Grouping(rule, &s);
    ok(bstr_eq(s, FA L",-38525"), "get_Grouping as stored (indirect): %ls", s ? s : L"(null)");
    SysFreeString(s);
    s = NULL;
    ok(INetFwRule_get_Enabled(rule, &en) == S_OK && en == VARIANT_TRUE, "enabled");

    ok(INetFwRule_put_Enabled(rule, VARIANT_FALSE) == S_OK, "put_Enabled(FALSE)");
    reg_sz(LABFW_RULES_KEY, RULE_ID, data, 1024);
    ok(!wcsncmp(data, L"v2.29|Action=Allow|Active=FALSE|Dir=In|Protocol=6|LPort2_10=1024-65535|", 71)
       && !wcscmp(data + 71, STORED + 70), "disabled: only Active changed in the stored string: %ls", data);
    ok(!labfw_port_allowed_for(5001, L"FTPSVC", NULL), "a disabled rule opens nothing");
    ok(INetFwRule_put_Enabled(rule, VARIANT_TRUE) == S_OK, "put_Enabled(TRUE)");
    reg_sz(LABFW_RULES_KEY, RULE_ID, data, 1024);
    ok(!wcscmp(data, STORED), "enabled again: the stored string is byte-identical to Windows' form: %ls", data);
    INetFwRule_Release(rule);
    rule = NULL;
    ok(INetFwRules_Item(rules, id_name, &rule) == S_OK, "Item also takes the indirect name");
done:
    if (rule) INetFwRule_Release(rule);
    if (rules) INetFwRules_Release(rules);
    reg_del(LABFW_RULES_KEY, RULE_ID);
    reg_del(STRINGS, FA L",-38543");
    SysFreeString(name);
    SysFreeString(id_name);
    CoUninitialize();
    return test_summary("lab.fw.builtin");
}
