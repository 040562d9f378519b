#!/bin/sh
# pasvports tests: the built MSI's tables, row by row (msitools' msiinfo; no Wine needed).
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the pasvports developers
#   test_msi_tables.sh MSI VERSION WXS PASVPORTS_EXE PASVCTL_EXE
# The GUIDs are read from the <?define?> block of WXS, so the test proves the MSI uses them.
set -u
[ $# -eq 5 ] || { echo "usage: test_msi_tables.sh MSI VERSION WXS PASVPORTS_EXE PASVCTL_EXE" >&2; exit 2; }
msi=$1; version=$2; wxs=$3; app_exe=$4; cli_exe=$5
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
count Component 3
# Every component in the one feature; nothing the snap-in will need is shipped yet.
row FeatureComponents feature_complete cmp_pasvports_exe
row FeatureComponents feature_complete cmp_pasvctl_exe
row FeatureComponents feature_complete cmp_eventlog
count FeatureComponents 3

# File: the exes just built (sizes match), in cabinet order.
row File file_pasvports_exe cmp_pasvports_exe pasvports.exe "$(size "$app_exe")" '' '' 512 1
row File file_pasvctl_exe cmp_pasvctl_exe pasvctl.exe "$(size "$cli_exe")" '' '' 512 2
count File 2

# Shortcut: not advertised (Target is the file), icon from the Icon table, working dir INSTALLDIR.
row Shortcut shortcut_admintools AdminToolsFolder 'FTP Passive Ports' cmp_pasvports_exe '[#file_pasvports_exe]' '' \
    'Set the IIS FTP passive port range and open it in Windows Firewall' '' pasvports.ico 0 '' INSTALLDIR '' '' '' ''
count Shortcut 1
row Icon pasvports.ico Icon.pasvports.ico
cmp -s "$tmp/streams/Icon/Icon.pasvports.ico" "$(dirname "$wxs")/../res/pasvports.ico"
ok $? "the Icon stream is not res/pasvports.ico"

# Registry: the Event Log source in HKLM (2); #% = REG_EXPAND_SZ, #7 = REG_DWORD 7.
row Registry "$ev_key" 2 "$eventlog_key" EventMessageFile '#%[INSTALLDIR]pasvctl.exe' cmp_eventlog
ts_key=$(table Registry | awk -F"$T" '$4 == "TypesSupported" { print $1 }')
row Registry "$ts_key" 2 "$eventlog_key" TypesSupported '#7' cmp_eventlog
count Registry 2

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
