#!/bin/sh
# pasvports lab: creates a throwaway Wine prefix that looks like the Windows server pasvports
# manages (IIS 6, IIS 5 or IIS 10 FTP, Windows Firewall), using the lab's stand-in components.
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the pasvports developers
#
#   provision.sh DIR [--iis6|--iis5|--iis10] [--windows win2003|win2k|win10|win2008r2] [--no-ftpsvc] [--no-firewall]
#
# Default: --iis6 --windows win2003; --iis10 defaults to --windows win10 (Wine has no Server 2016
# version; Windows 10 reports the same NT 10.0 as Server 2016-2025) and needs a Vista+ version. Lab binaries come from "$PASV_BUILD_DIR/lab" (default: the
# repo's build/win/lab). A missing component is an error unless its --no-* flag skips it.
# What it makes (the lab contract, tests/lab/metabase/test_provision.sh checks it):
#   - the prefix (one `wineboot -i`, Mono/Gecko off), Windows version via HKCU\Software\Wine
#   - lab firewall: lab/hnetcfg.dll over system32\hnetcfg.dll + DllOverrides hnetcfg=native;
#     EnableFirewall=1 in StandardProfile and DomainProfile (and PublicProfile), foreign
#     exceptions 3389 "Remote Desktop", 80 "HTTP", 5100 "Backup agent" in both profiles' lists
#     (win10: also as Vista+ FirewallRules)
#   - IIS 6: lab_abo.dll registered (regsvr32), which writes inetsrv\MetaBase.xml with /LM
#     EnableHistory=1, EnableEditWhileRunning=0 and no PassivePortRange (unset = default)
#   - IIS 5: no ABO (CoCreateInstance(CLSID_MSAdminBase) -> REGDB_E_CLASSNOTREG), no
#     PassivePortRange under MSFTPSVC\Parameters, HKLM\SOFTWARE\PasvLab\FtpSvc Iis5=1
#   - HKLM\SOFTWARE\PasvLab\FtpSvc Port = a free loopback port chosen now (labs run side by side)
#   - services IISADMIN (lab_iisadmin.exe) and MSFTPSVC "FTP Publishing Service" (lab_ftpsvc.exe,
#     depends on IISADMIN); IISADMIN auto-start, MSFTPSVC demand-start (see lab_setup.c)
#   - IIS 10 instead: lab_ahadmin.dll registered (regsvr32) at CLSID_AppHostWritableAdminManager,
#     which writes inetsrv\config\applicationHost.config (Default Web Site id 1 http *:80:, Default
#     FTP Site id 2 ftp *:PORT:, SSL SslAllow, an empty server-level <firewallSupport />); service
#     FTPSVC "Microsoft FTP Service" (lab_ftpsvc.exe --ftpsvc, demand-start); no IISADMIN, no
#     MSFTPSVC, no ABO; the FTP Server role's five built-in firewall rules as Windows stores them
#     (FirewallRules values IIS-WebServerRole-FTP-*, the passive one Active=TRUE LPort2_10=1024-65535
#     Svc=FTPSVC), their display strings in HKLM\SOFTWARE\PasvLab\Firewall\IndirectStrings;
#     HKLM\SOFTWARE\Microsoft\InetStp MajorVersion=10 MinorVersion=0 as IIS 10's setup writes them
# Prints `export WINEPREFIX=...` (and DISPLAY when set), then waits for the wineserver to exit
# (the caller starts the persistent one).
set -eu

usage() {
    echo "usage: provision.sh DIR [--iis6|--iis5|--iis10] [--windows win2003|win2k|win10|win2008r2] [--no-ftpsvc] [--no-firewall]" >&2
    exit 2
}
die() { echo "provision.sh: $*" >&2; exit 1; }

[ $# -ge 1 ] || usage
dir=$1; shift
case "$dir" in /*) ;; *) die "DIR must be absolute" ;; esac
[ "$dir" = "$HOME/.wine" ] && die "refusing ~/.wine"

iis=6; windows=; ftpsvc=1; firewall=1
while [ $# -gt 0 ]; do
    case "$1" in
    --iis6) iis=6 ;;
    --iis5) iis=5 ;;
    --iis10) iis=10 ;;
    --windows) [ $# -ge 2 ] || usage; windows=$2; shift ;;
    --windows=*) windows=${1#--windows=} ;;
    --no-ftpsvc) ftpsvc=0 ;;
    --no-firewall) firewall=0 ;;
    *) usage ;;
    esac
    shift
done
if [ -z "$windows" ]; then
    if [ "$iis" = 10 ]; then windows=win10; else windows=win2003; fi
fi
case "$windows" in win2003|win2k|win10|win2008r2) ;; *) die "unknown --windows $windows" ;; esac
if [ "$iis" = 10 ]; then
    case "$windows" in win10|win2008r2) ;; *) die "--iis10 needs a Vista+ Windows (win10 or win2008r2), not $windows" ;; esac
fi

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
lab=${PASV_BUILD_DIR:-$repo/build/win}/lab

# Every binary this lab needs must exist now: the components are built by different people and a
# half-provisioned lab would make later tests fail far from the cause.
missing=
need() { [ -f "$lab/$1" ] || missing="$missing
  $lab/$1 ($2)"; }
need lab_setup.exe "build target lab_setup"
need lab_iisadmin.exe "build target lab_iisadmin"
[ "$iis" = 6 ] && need lab_abo.dll "build target lab_abo"
[ "$iis" = 10 ] && need lab_ahadmin.dll "build target lab_ahadmin"
[ "$firewall" = 1 ] && need hnetcfg.dll "the lab firewall; or pass --no-firewall"
[ "$ftpsvc" = 1 ] && need lab_ftpsvc.exe "the lab FTP service; or pass --no-ftpsvc"
[ -z "$missing" ] || die "missing lab binaries:$missing"

# Z:\ path of a Unix path (Wine maps / to Z:), without spawning winepath.
winpath() { printf 'Z:%s' "$1" | tr / '\\'; }

start=$(date +%s)
export WINEPREFIX="$dir" WINEDEBUG=-all
mkdir -p "$dir"
WINEDLLOVERRIDES="mscoree,mshtml=" wineboot -i >/dev/null 2>&1 || die "wineboot -i failed"

sys32="$dir/drive_c/windows/system32"
if [ "$firewall" = 1 ]; then
    cp "$lab/hnetcfg.dll" "$sys32/hnetcfg.dll"
fi

# Services first: the SCM must create the MSFTPSVC key itself before regedit adds Parameters.
if [ "$iis" = 10 ]; then
    # IIS 7+: FTPSVC only (no IISADMIN unless IIS 6 compatibility is installed).
    if [ "$ftpsvc" = 1 ]; then
        wine "$(winpath "$lab/lab_setup.exe")" ftpsvc "$(winpath "$lab/lab_ftpsvc.exe")" ||
            die "lab_setup.exe ftpsvc failed"
    fi
elif [ "$ftpsvc" = 1 ]; then
    wine "$(winpath "$lab/lab_setup.exe")" services "$(winpath "$lab/lab_iisadmin.exe")" \
        "$(winpath "$lab/lab_ftpsvc.exe")" || die "lab_setup.exe failed"
else
    wine "$(winpath "$lab/lab_setup.exe")" services "$(winpath "$lab/lab_iisadmin.exe")" \
        || die "lab_setup.exe failed"
fi

# A free loopback port for this lab's FTP control connection (the kernel picks it).
ftp_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])') ||
    die "could not find a free TCP port"

# The FTP Server role's built-in rules (IIS 7+), as a Windows Server 2019 registry shows them:
# value name = rule id, Name/Desc/EmbedCtxt indirect strings in firewallapi.dll. Only the passive
# rule's string ids (-38543/-38544, group -38525) are known from that dump; the other four rules
# carry their English display text directly (their string ids are not published). The lab
# firewall resolves the indirect strings through HKLM\SOFTWARE\PasvLab\Firewall\IndirectStrings
# (English, as firewallapi.dll.mui would). Active as on a server where the role was installed.
builtin_ftp_rules() {
    fa='@%SystemRoot%\\system32\\firewallapi.dll'
    app='App=C:\\Windows\\system32\\svchost.exe'
    svc="$app|Svc=FTPSVC"
    printf '[%s\\FirewallRules]\n' "$1"
    printf '"IIS-WebServerRole-FTP-Passive-In-TCP"="v2.29|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort2_10=1024-65535|%s|Name=%s,-38543|Desc=%s,-38544|EmbedCtxt=%s,-38525|"\n' "$svc" "$fa" "$fa" "$fa"
    printf '"IIS-WebServerRole-FTP-In-TCP-21"="v2.29|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=21|%s|Name=FTP Server (FTP Traffic-In)|Desc=An inbound rule to allow FTP traffic for Internet Information Services (IIS) [TCP 21]|EmbedCtxt=%s,-38525|"\n' "$svc" "$fa"
    printf '"IIS-WebServerRole-FTP-In-TCP-990"="v2.29|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=990|%s|Name=FTP Server Secure (FTP SSL Traffic-In)|Desc=An inbound rule to allow FTP over SSL traffic for Internet Information Services (IIS) [TCP 990]|EmbedCtxt=%s,-38525|"\n' "$svc" "$fa"
    printf '"IIS-WebServerRole-FTP-Out-TCP-20"="v2.29|Action=Allow|Active=TRUE|Dir=Out|Protocol=6|LPort=20|%s|Name=FTP Server (FTP Traffic-Out)|Desc=An outbound rule to allow FTP traffic for Internet Information Services (IIS) [TCP 20]|EmbedCtxt=%s,-38525|"\n' "$svc" "$fa"
    printf '"IIS-WebServerRole-FTP-Out-TCP-989"="v2.29|Action=Allow|Active=TRUE|Dir=Out|Protocol=6|LPort=989|%s|Name=FTP Server Secure (FTP SSL Traffic-Out)|Desc=An outbound rule to allow FTP over SSL traffic for Internet Information Services (IIS) [TCP 989]|EmbedCtxt=%s,-38525|"\n\n' "$svc" "$fa"
    printf '[HKEY_LOCAL_MACHINE\\SOFTWARE\\PasvLab\\Firewall\\IndirectStrings]\n'
    printf '"%s,-38543"="FTP Server Passive (FTP Passive Traffic-In)"\n' "$fa"
    printf '"%s,-38544"="An inbound rule to allow Passive FTP traffic for Internet Information Services (IIS)"\n' "$fa"
    printf '"%s,-38525"="FTP Server"\n\n' "$fa"
}

# All registry state in one regedit run.
reg="$dir/lab-provision.reg"
fwp='HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\SharedAccess\Parameters\FirewallPolicy'
{
    printf 'Windows Registry Editor Version 5.00\n\n'
    printf '[HKEY_CURRENT_USER\\Software\\Wine]\n"Version"="%s"\n\n' "$windows"
    if [ "$firewall" = 1 ]; then
        printf '[HKEY_CURRENT_USER\\Software\\Wine\\DllOverrides]\n"hnetcfg"="native"\n\n'
        for profile in StandardProfile DomainProfile; do
            printf '[%s\\%s]\n"EnableFirewall"=dword:00000001\n"DoNotAllowExceptions"=dword:00000000\n\n' "$fwp" "$profile"
            printf '[%s\\%s\\GloballyOpenPorts\\List]\n' "$fwp" "$profile"
            printf '"3389:TCP"="3389:TCP:*:Enabled:Remote Desktop"\n'
            printf '"80:TCP"="80:TCP:*:Enabled:HTTP"\n'
            printf '"5100:TCP"="5100:TCP:*:Enabled:Backup agent"\n\n'
        done
        printf '[%s\\PublicProfile]\n"EnableFirewall"=dword:00000001\n\n' "$fwp"
        if [ "$windows" = win10 ]; then
            all='Profile=Domain|Profile=Private|Profile=Public'
            printf '[%s\\FirewallRules]\n' "$fwp"
            printf '"{6C3C2F5A-0D55-4F3B-9D3E-5A1B00003389}"="v2.10|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=3389|%s|Name=Remote Desktop|Desc=Foreign rule seeded by the pasvports lab|EmbedCtxt=Remote Desktop|"\n' "$all"
            printf '"{6C3C2F5A-0D55-4F3B-9D3E-5A1B00000080}"="v2.10|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=80|%s|Name=HTTP|Desc=Foreign rule seeded by the pasvports lab|EmbedCtxt=World Wide Web Services|"\n' "$all"
            printf '"{6C3C2F5A-0D55-4F3B-9D3E-5A1B00005100}"="v2.10|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=5100|%s|Name=Backup agent|Desc=Foreign rule seeded by the pasvports lab|EmbedCtxt=Backup agent|"\n\n' "$all"
        fi
        if [ "$iis" = 10 ]; then
            builtin_ftp_rules "$fwp"
        fi
    fi
    printf '[HKEY_LOCAL_MACHINE\\SOFTWARE\\PasvLab\\Metabase]\n\n'
    [ "$iis" = 10 ] && printf '[HKEY_LOCAL_MACHINE\\SOFTWARE\\PasvLab\\AppHost]\n\n'
    # IIS 10's setup key as on Windows Server 2016-2022: the version the dialog and pasvctl status
    # name ("IIS 10.0 - Microsoft FTP Service").
    if [ "$iis" = 10 ]; then
        printf '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\InetStp]\n"MajorVersion"=dword:0000000a\n"MinorVersion"=dword:00000000\n'
        printf '"SetupString"="IIS 10.0"\n"VersionString"="Version 10.0"\n\n'
    fi
    # Every lab gets its own control port: prefixes run side by side (ctest -j) and all share
    # this host's loopback, so a fixed 2121 would let one lab's MSFTPSVC fail to bind.
    printf '[HKEY_LOCAL_MACHINE\\SOFTWARE\\PasvLab\\FtpSvc]\n"Iis5"=dword:%08x\n"Port"=dword:%08x\n\n' \
        $([ "$iis" = 5 ] && echo 1 || echo 0) "$ftp_port"
    # The FTP service's Parameters key exists on IIS 5 and 6; PassivePortRange stays unset.
    if [ "$ftpsvc" = 1 ] && [ "$iis" != 10 ]; then
        printf '[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\MSFTPSVC\\Parameters]\n\n'
    fi
} > "$reg"
wine regedit /S "$(winpath "$reg")" || die "regedit failed"

if [ "$iis" = 6 ]; then
    wine regsvr32 /s "$(winpath "$lab/lab_abo.dll")" || die "regsvr32 lab_abo.dll failed"
fi
if [ "$iis" = 10 ]; then
    # After regedit: DllRegisterServer writes the FTP binding with the FtpSvc Port knob.
    wine regsvr32 /s "$(winpath "$lab/lab_ahadmin.dll")" || die "regsvr32 lab_ahadmin.dll failed"
    [ -f "$sys32/inetsrv/config/applicationHost.config" ] || die "lab_ahadmin.dll wrote no applicationHost.config"
fi

wineserver -w
echo "provision.sh: lab ready in $(( $(date +%s) - start ))s (IIS $iis, $windows, ftpsvc=$ftpsvc, firewall=$firewall)" >&2
echo "export WINEPREFIX=$dir"
if [ -n "${DISPLAY:-}" ]; then
    echo "export DISPLAY=$DISPLAY"
else
    echo "# DISPLAY is not set: tests/lab/session.sh start $dir starts Xvfb"
fi
