#!/bin/sh
# pasvports lab: checks that tests/lab/provision.sh made exactly what the lab contract says.
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the pasvports developers
#
#   test_provision.sh iis6|iis5|iis10 [--no-ftpsvc] [--no-firewall]   (run by ctest in the suite prefix)
set -u
flavour=$1; shift
ftpsvc=1; firewall=1
for a in "$@"; do
    case "$a" in --no-ftpsvc) ftpsvc=0 ;; --no-firewall) firewall=0 ;; esac
done
: "${WINEPREFIX:?}"
export WINEDEBUG=-all
pass=0; fail=0; skipped=0
ok() { # ok DESCRIPTION COMMAND...
    d=$1; shift
    if "$@" >/dev/null 2>&1; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "test_provision.sh: Test failed: $d"; fi
}
skip() { skipped=$((skipped + 1)); echo "test_provision.sh: Tests skipped: $*"; }

# All registry checks from one `wine reg export`-free pass: each `wine reg query` is a process,
# so query whole keys once and grep the text.
q() { wine reg query "$1" 2>/dev/null | tr -d '\r'; }
has() { printf '%s\n' "$1" | grep -q "$2"; }
lacks() { ! printf '%s\n' "$1" | grep -q "$2"; }

sys32="$WINEPREFIX/drive_c/windows/system32"
fwp='HKLM\SYSTEM\CurrentControlSet\Services\SharedAccess\Parameters\FirewallPolicy'
clsid='HKCR\CLSID\{A9E69610-B80D-11D0-B9B9-00A0C922E750}\InprocServer32'

wine_key=$(q 'HKCU\Software\Wine')
case "$flavour" in iis6) want=win2003 ;; iis5) want=win2k ;; iis10) want=win10 ;; esac
ok "Windows version $want" has "$wine_key" "Version.*REG_SZ.*$want"
case "$want" in win2003) ver=5.2 ;; win2k) ver=5.0 ;; win10) ver=10.0 ;; esac
ok "Wine reports Windows $ver" sh -c "wine cmd /c ver 2>/dev/null | grep -q 'Windows $ver'"

if [ "$firewall" = 1 ]; then
    ok "lab hnetcfg.dll copied over system32" cmp "$sys32/hnetcfg.dll" "${PASV_BUILD_DIR:?}/lab/hnetcfg.dll"
    ok "DllOverrides hnetcfg=native" has "$(q 'HKCU\Software\Wine\DllOverrides')" 'hnetcfg.*REG_SZ.*native'
    for p in StandardProfile DomainProfile; do
        k=$(q "$fwp\\$p")
        ok "$p EnableFirewall=1" has "$k" 'EnableFirewall.*REG_DWORD.*0x1'
        l=$(q "$fwp\\$p\\GloballyOpenPorts\\List")
        ok "$p 3389 Remote Desktop" has "$l" '3389:TCP.*REG_SZ.*3389:TCP:\*:Enabled:Remote Desktop'
        ok "$p 80 HTTP" has "$l" '80:TCP.*REG_SZ.*80:TCP:\*:Enabled:HTTP'
        ok "$p 5100 Backup agent" has "$l" '5100:TCP.*REG_SZ.*5100:TCP:\*:Enabled:Backup agent'
        ok "$p no passive FTP exceptions yet" lacks "$l" 'Passive FTP'
        ok "$p exactly 3 exceptions" test "$(printf '%s\n' "$l" | grep -c ':TCP.*REG_SZ')" -eq 3
    done
else
    skip "firewall (--no-firewall)"
fi

svc='HKLM\SYSTEM\CurrentControlSet\Services'
if [ "$flavour" = iis10 ]; then
    ahclsid='HKCR\CLSID\{2B72133B-3F5B-4602-8952-803546CE3344}'
    ahcfg="$sys32/inetsrv/config/applicationHost.config"
    port=$(q 'HKLM\SOFTWARE\PasvLab\FtpSvc' | sed -n 's/.*Port.*REG_DWORD *0x\([0-9a-fA-F]*\).*/\1/p')
    port=$((0x${port:-0}))
    ok "AHADMIN InprocServer32 lab_ahadmin.dll" has "$(q "$ahclsid\\InprocServer32")" 'lab_ahadmin.dll'
    ok "AHADMIN ThreadingModel Both" has "$(q "$ahclsid\\InprocServer32")" 'ThreadingModel.*REG_SZ.*Both'
    ok "AHADMIN ProgID" has "$(q 'HKCR\Microsoft.ApplicationHost.WritableAdminManager\CLSID')" '2B72133B-3F5B-4602-8952-803546CE3344'
    ok "applicationHost.config present" test -f "$ahcfg"
    ok "Default Web Site id 1, http *:80:" sh -c "grep -q '<site name=\"Default Web Site\" id=\"1\">' '$ahcfg' && grep -q 'protocol=\"http\" bindingInformation=\"\*:80:\"' '$ahcfg'"
    ok "Default FTP Site id 2 on the lab's control port $port" sh -c "grep -q '<site name=\"Default FTP Site\" id=\"2\">' '$ahcfg' && grep -q 'protocol=\"ftp\" bindingInformation=\"\*:$port:\"' '$ahcfg'"
    ok "FTP site SSL policies SslAllow" grep -q '<ssl controlChannelPolicy="SslAllow" dataChannelPolicy="SslAllow" />' "$ahcfg"
    ok "data channel range unset" sh -c "! grep -q 'DataChannelPort' '$ahcfg'"
    ok "no external address set" sh -c "! grep -q 'externalIp4Address' '$ahcfg'"
    ok "no ABO (IIS 6 metabase) registered" sh -c "! wine reg query '$clsid' >/dev/null 2>&1"
    ok "no MetaBase.xml" test ! -e "$sys32/inetsrv/MetaBase.xml"
    ok "no IISADMIN service" sh -c "! wine reg query '$svc\\IISADMIN' >/dev/null 2>&1"
    ok "no MSFTPSVC service" sh -c "! wine reg query '$svc\\MSFTPSVC' >/dev/null 2>&1"
    if [ "$ftpsvc" = 1 ]; then
        ftp=$(q "$svc\\FTPSVC")
        ok "FTPSVC runs lab_ftpsvc.exe --ftpsvc" has "$ftp" 'ImagePath.*lab_ftpsvc.exe" --ftpsvc'
        ok "FTPSVC display name Microsoft FTP Service" has "$ftp" 'DisplayName.*REG_SZ.*Microsoft FTP Service'
        ok "FTPSVC demand-start (lab)" has "$ftp" 'Start.*REG_DWORD.*0x3'
    else
        skip "FTPSVC (--no-ftpsvc)"
    fi
    if [ "$firewall" = 1 ]; then
        r=$(q "$fwp\\FirewallRules")
        ok "built-in passive rule as Windows stores it" has "$r" 'IIS-WebServerRole-FTP-Passive-In-TCP *REG_SZ *v2.29|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort2_10=1024-65535|App=C:\\Windows\\system32\\svchost.exe|Svc=FTPSVC|Name=@%SystemRoot%\\system32\\firewallapi.dll,-38543|Desc=@%SystemRoot%\\system32\\firewallapi.dll,-38544|EmbedCtxt=@%SystemRoot%\\system32\\firewallapi.dll,-38525|$'
        for id in IIS-WebServerRole-FTP-In-TCP-21 IIS-WebServerRole-FTP-In-TCP-990 IIS-WebServerRole-FTP-Out-TCP-20 IIS-WebServerRole-FTP-Out-TCP-989; do
            ok "built-in rule $id" has "$r" "$id *REG_SZ *v2.29|Action=Allow|Active=TRUE|"
        done
        ok "foreign Vista+ rules seeded too" has "$r" 'LPort=3389|'
        ok "indirect string for the passive rule's name" has "$(q 'HKLM\SOFTWARE\PasvLab\Firewall\IndirectStrings')" 'firewallapi.dll,-38543 *REG_SZ *FTP Server Passive (FTP Passive Traffic-In)'
    fi
    echo "lab.ahadmin.provision ($flavour): $pass passed, $fail failed, $skipped skipped"
    [ "$fail" -eq 0 ]
    exit
fi
iisadmin=$(q "$svc\\IISADMIN")
ok "IISADMIN service" has "$iisadmin" 'ImagePath.*lab_iisadmin.exe'
ok "IISADMIN auto-start" has "$iisadmin" 'Start.*REG_DWORD.*0x2'
if [ "$ftpsvc" = 1 ]; then
    ftp=$(q "$svc\\MSFTPSVC")
    ok "MSFTPSVC service runs lab_ftpsvc.exe" has "$ftp" 'ImagePath.*lab_ftpsvc.exe'
    ok "MSFTPSVC demand-start (lab)" has "$ftp" 'Start.*REG_DWORD.*0x3'
    ok "MSFTPSVC display name" has "$ftp" 'DisplayName.*REG_SZ.*FTP Publishing Service'
    ok "MSFTPSVC depends on IISADMIN" has "$ftp" 'DependOnService.*IISADMIN'
    ok "MSFTPSVC Parameters exists without PassivePortRange" sh -c "wine reg query '$svc\\MSFTPSVC\\Parameters' >/dev/null 2>&1 && ! wine reg query '$svc\\MSFTPSVC\\Parameters' /v PassivePortRange >/dev/null 2>&1"
else
    skip "MSFTPSVC (--no-ftpsvc)"
fi

ftpknob=$(q 'HKLM\SOFTWARE\PasvLab\FtpSvc')
ok "FtpSvc Port knob set for this prefix" has "$ftpknob" 'Port.*REG_DWORD.*0x'
mbxml="$sys32/inetsrv/MetaBase.xml"
if [ "$flavour" = iis6 ]; then
    ok "FtpSvc Iis5=0" has "$ftpknob" 'Iis5.*REG_DWORD.*0x0'
    ok "ABO registered" has "$(q "$clsid")" 'lab_abo.dll'
    ok "ABO ThreadingModel Both" has "$(q "$clsid")" 'ThreadingModel.*REG_SZ.*Both'
    ok "MetaBase.xml present" test -f "$mbxml"
    ok "MetaBack directory present" test -d "$sys32/inetsrv/MetaBack"
    ok "MetaBase.xml /LM EnableHistory=1" grep -q 'EnableHistory="1"' "$mbxml"
    ok "MetaBase.xml /LM EnableEditWhileRunning=0" grep -q 'EnableEditWhileRunning="0"' "$mbxml"
    ok "MetaBase.xml has IIsFtpService /LM/MSFTPSVC" grep -q '<IIsFtpService.*Location="/LM/MSFTPSVC"' "$mbxml"
    ok "MetaBase.xml: PassivePortRange unset" sh -c "! grep -q PassivePortRange '$mbxml'"
else
    ok "FtpSvc Iis5=1" has "$ftpknob" 'Iis5.*REG_DWORD.*0x1'
    ok "ABO not registered" sh -c "! wine reg query '$clsid' >/dev/null 2>&1"
    ok "no MetaBase.xml" test ! -e "$mbxml"
fi

echo "lab.metabase.provision ($flavour): $pass passed, $fail failed, $skipped skipped"
[ "$fail" -eq 0 ]
