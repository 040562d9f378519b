#!/bin/sh
# pasvports tests: the built MSI's tables, row by row (msitools' msiinfo; no Wine needed).
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the pasvports developers
#   test_msi_tables.sh MSI VERSION WXS PASVPORTS_EXE PASVCTL_EXE PASVSNAP_DLL CONSOLE_MSC
# The GUIDs are read from the <?define?> block of WXS, so the test proves the MSI uses them.
set -u
[ $# -eq 7 ] || { echo "usage: test_msi_tables.sh MSI VERSION WXS PASVPORTS_EXE PASVCTL_EXE PASVSNAP_DLL CONSOLE_MSC" >&2; exit 2; }
msi=$1; version=$2; wxs=$3; app_exe=$4; cli_exe=$5; snap_dll=$6; console_msc=$7
[ -f "$msi" ] || { echo "test_msi_tables.sh: $msi not built" >&2; exit 2; }
case "$msi" in /*) ;; *) msi="$(pwd)/$msi" ;; esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pasv-msi-tables.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
passed=0; failed=0
T=$(printf '\t')
ok() {   # ok RESULT(0/1) MESSAGE
    if [ "$1" = 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "test_msi_tables.sh: FAILED: $2"; fi
}

# One table as exported text ($tmp/t/TABLE), without its three header lines (names, types, table
# name). msiinfo export writes a table's binary streams (the Icon) into ./TABLE/, so it runs in
# $tmp/streams.
mkdir -p "$tmp/t" "$tmp/streams"
table() {
    f="$tmp/t/$1"
    [ -f "$f" ] || { (cd "$tmp/streams" && msiinfo export "$msi" "$1") >"$f.raw" 2>"$f.err" &&
                     tail -n +4 "$f.raw" | tr -d '\r' >"$f"; } || : >"$f"
    cat "$f"
}
# row TABLE FIELD... : exactly this row (fields joined by tabs) is in TABLE.
row() {
    t=$1; shift
    line=$(printf '%s\t' "$@"); line=${line%"$T"}
    table "$t" | grep -qxF -- "$line"
    ok $? "$t lacks the row [$(printf '%s | ' "$@")]; it has:
$(table "$t")"
}
count() {   # count TABLE N
    n=$(table "$1" | grep -c .)
    [ "$n" = "$2" ]; ok $? "$1 has $n rows, expected $2"
}
guid() {    # the value of <?define NAME = "..." ?> in the wxs, braced as in the tables
    g=$(sed -n "s/^<?define $1 = \"\([0-9A-F-]*\)\" ?>.*/\1/p" "$wxs")
    [ -n "$g" ] || { ok 1 "no <?define $1?> in $wxs"; g=MISSING; }
    echo "{$g}"
}
size() { wc -c <"$1" | tr -d ' '; }

upgrade=$(guid UpgradeCode)
eventlog_key='SYSTEM\CurrentControlSet\Services\EventLog\Application\pasvports'

# Directory: 64-bit Program Files\pasvports, and Windows Installer's own AdminToolsFolder.
row Directory TARGETDIR '' SourceDir
row Directory ProgramFiles64Folder TARGETDIR .
row Directory INSTALLDIR ProgramFiles64Folder pasvports
row Directory AdminToolsFolder TARGETDIR .
count Directory 4

# Component: the defined GUIDs; 256 = msidbComponentAttributes64bit, +4 = registry key path.
row Component cmp_pasvports_exe "$(guid GuidPasvportsExe)" INSTALLDIR 256 '' file_pasvports_exe
row Component cmp_pasvctl_exe "$(guid GuidPasvctlExe)" INSTALLDIR 256 '' file_pasvctl_exe
ev_key=$(table Registry | awk -F"$T" '$4 == "EventMessageFile" { print $1 }')
row Component cmp_eventlog "$(guid GuidEventLog)" INSTALLDIR 260 '' "$ev_key"
row Component cmp_pasvsnap_dll "$(guid GuidPasvsnapDll)" INSTALLDIR 256 '' file_pasvsnap_dll
row Component cmp_pasvports_msc "$(guid GuidPasvportsMsc)" INSTALLDIR 256 '' file_pasvports_msc
count Component 5
# Every component in the one feature.
row FeatureComponents feature_complete cmp_pasvports_exe
row FeatureComponents feature_complete cmp_pasvctl_exe
row FeatureComponents feature_complete cmp_eventlog
row FeatureComponents feature_complete cmp_pasvsnap_dll
row FeatureComponents feature_complete cmp_pasvports_msc
count FeatureComponents 5

# File: the exes just built (sizes match), in cabinet order.
row File file_pasvports_exe cmp_pasvports_exe pasvports.exe "$(size "$app_exe")" '' '' 512 1
row File file_pasvctl_exe cmp_pasvctl_exe pasvctl.exe "$(size "$cli_exe")" '' '' 512 2
row File file_pasvsnap_dll cmp_pasvsnap_dll pasvsnap.dll "$(size "$snap_dll")" '' '' 512 3
row File file_pasvports_msc cmp_pasvports_msc pasvports.msc "$(size "$console_msc")" '' '' 512 4
count File 4

# Shortcut: not advertised (Target is the file), icon from the Icon table, working dir INSTALLDIR.
row Shortcut shortcut_admintools AdminToolsFolder 'FTP Passive Ports' cmp_pasvports_exe '[#file_pasvports_exe]' '' \
    'Set the IIS FTP passive port range and open it in Windows Firewall' '' pasvports.ico 0 '' INSTALLDIR '' '' '' ''
# The saved console's shortcut beside the dialog's (both stay).
row Shortcut shortcut_console AdminToolsFolder 'FTP Passive Ports Console' cmp_pasvports_msc '[#file_pasvports_msc]' '' \
    'FTP Passive Ports in Microsoft Management Console' '' pasvports.ico 0 '' INSTALLDIR '' '' '' ''
count Shortcut 2
row Icon pasvports.ico Icon.pasvports.ico
cmp -s "$tmp/streams/Icon/Icon.pasvports.ico" "$(dirname "$wxs")/../res/pasvports.ico"
ok $? "the Icon stream is not res/pasvports.ico"

# Registry: the Event Log source in HKLM (2); #% = REG_EXPAND_SZ, #7 = REG_DWORD 7.
row Registry "$ev_key" 2 "$eventlog_key" EventMessageFile '#%[INSTALLDIR]pasvctl.exe' cmp_eventlog
ts_key=$(table Registry | awk -F"$T" '$4 == "TypesSupported" { print $1 }')
row Registry "$ts_key" 2 "$eventlog_key" TypesSupported '#7' cmp_eventlog
# The snap-in (HKLM, 2): the same keys DllRegisterServer writes (src/snapin/register.c), every one in
# the DLL's component. regrow KEY NAME VALUE: one row with exactly these fields (its id is wixl's).
regrow() {
    n=$(table Registry | awk -F"$T" -v k="$1" -v n="$2" -v v="$3" \
        '$2 == "2" && $3 == k && $4 == n && $5 == v && $6 == "cmp_pasvsnap_dll"' | grep -c .)
    [ "$n" = 1 ]; ok $? "Registry has $n rows [HKLM | $1 | $2 | $3 | cmp_pasvsnap_dll], expected 1"
}
snap=$(sed -n 's/^<?define SnapinClsid = "\({[0-9A-F-]*}\)" ?>.*/\1/p' "$wxs")
about=$(sed -n 's/^<?define SnapinAboutClsid = "\({[0-9A-F-]*}\)" ?>.*/\1/p' "$wxs")
node=$(sed -n 's/^<?define SnapinNodeType = "\({[0-9A-F-]*}\)" ?>.*/\1/p' "$wxs")
[ "$snap" = '{ED8E2017-734A-425B-B90F-44929D6DCE59}' ] && [ "$about" = '{A08E9542-8EA9-4FFA-A016-AA3104EAB114}' ] &&
    [ "$node" = '{7E75C860-D2B7-4C35-9691-D02CAC3084AE}' ]
ok $? "the wxs's snap-in GUIDs [$snap $about $node] are not src/snapin/snapin.h's"
for c in "$snap" "$about"; do
    regrow "Software\\Classes\\CLSID\\$c" '' 'FTP Passive Ports'
    regrow "Software\\Classes\\CLSID\\$c\\InprocServer32" '' '[#file_pasvsnap_dll]'
    regrow "Software\\Classes\\CLSID\\$c\\InprocServer32" ThreadingModel Apartment
done
sk="Software\\Microsoft\\MMC\\SnapIns\\$snap"
regrow "$sk" NameString 'FTP Passive Ports'
regrow "$sk" NameStringIndirect '@[#file_pasvsnap_dll],-5000'
regrow "$sk" About "$about"
regrow "$sk" Provider 'The pasvports developers'
regrow "$sk" Version "$version"
regrow "$sk\\StandAlone" '*' ''
regrow "$sk\\NodeTypes\\$node" '*' ''
regrow "Software\\Microsoft\\MMC\\NodeTypes\\$node" '' 'FTP Passive Ports'
count Registry 16
# The console file names the snap-in it opens.
python3 - "$console_msc" "$snap" <<'PY'
import sys, xml.dom.minidom
doc = xml.dom.minidom.parse(sys.argv[1])
root = doc.documentElement
assert root.tagName == "MMC_ConsoleFile" and root.getAttribute("ConsoleVersion") == "3.0", root.tagName
cached = [s.getAttribute("CLSID") for s in doc.getElementsByTagName("Snapin")]
nodes = [n.getAttribute("CLSID") for n in doc.getElementsByTagName("Node")]
assert cached == [sys.argv[2]] and nodes == [sys.argv[2]], (cached, nodes)
PY
ok $? "pasvports.msc is not an MMC 3.0 console naming the snap-in $snap (SnapinCache and its one Node)"

# Upgrade (MajorUpgrade): older versions are removed (1 = migrate features), newer are only
# detected (2 = only detect) and refused by the launch condition below.
row Upgrade "$upgrade" '' "$version" '' 1 '' WIX_UPGRADE_DETECTED
row Upgrade "$upgrade" "$version" '' '' 2 '' WIX_DOWNGRADE_DETECTED
count Upgrade 2
# RemoveExistingProducts right after InstallValidate: the old product goes before the new files.
seq=$(table InstallExecuteSequence | awk -F"$T" '{ print $3, $1 }' | sort -n | awk '{ print $2 }' | tr '\n' ' ')
case "$seq" in *"InstallValidate RemoveExistingProducts InstallInitialize "*) r=0 ;; *) r=1 ;; esac
ok $r "InstallExecuteSequence order: $seq"

# LaunchCondition: each with the sentence an administrator sees.
row LaunchCondition Privileged 'FTP Passive Ports must be installed by an administrator. Run the installer from an elevated command prompt or deploy it through Group Policy.'
row LaunchCondition 'Installed OR (VersionNT >= 501)' 'FTP Passive Ports needs Windows XP, Windows Server 2003 or later.'
row LaunchCondition 'Installed OR VersionNT64' 'This is the 64-bit (x64) package of FTP Passive Ports and needs a 64-bit edition of Windows.'
row LaunchCondition 'NOT WIX_DOWNGRADE_DETECTED' 'A newer version of FTP Passive Ports is already installed. Remove it first if you really want this older version.'
count LaunchCondition 4

# Property: per-machine, versioned, Add/Remove Programs entries, never a reboot.
row Property ALLUSERS 1
row Property ProductVersion "$version"
row Property ProductName 'FTP Passive Ports'
row Property Manufacturer 'The pasvports developers'
row Property UpgradeCode "$upgrade"
row Property ARPPRODUCTICON pasvports.ico
row Property ARPHELPLINK 'https://pasvports.example/README'
row Property ARPURLINFOABOUT 'https://pasvports.example/README'
row Property ARPNOMODIFY 1
row Property REBOOT ReallySuppress
table Property | grep -q "^ARPCOMMENTS${T}.*pasvctl remove"
ok $? "ARPCOMMENTS does not say how to undo the FTP settings (pasvctl remove)"
table Property | grep -qE "^ProductCode${T}\{[0-9A-F-]{36}\}$"
ok $? "no ProductCode"

# No custom actions at all: a silent GPO install runs only Windows Installer's standard actions.
count CustomAction 0

# Summary information: a 64-bit package (Template x64), compressed, English.
msiinfo suminfo "$msi" >"$tmp/suminfo" 2>&1
grep -qx 'Template: x64;1033' "$tmp/suminfo"; ok $? "summary Template is not x64;1033: $(cat "$tmp/suminfo")"
grep -qx "Subject: FTP Passive Ports $version (x64)" "$tmp/suminfo"; ok $? "summary Subject lacks the version"

echo "msi_tables: $passed passed, $failed failed, 0 skipped"
[ "$failed" = 0 ]
