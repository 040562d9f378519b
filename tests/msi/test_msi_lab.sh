#!/bin/sh
# pasvports tests: the MSI's whole life in an IIS 6 lab: refused on unsupported Windows, silent
# install, what it installed (files, shortcut, Event Log source, Add/Remove Programs), the
# installed pasvctl.exe running against the lab, major upgrade to a higher version, refused
# downgrade, silent uninstall removing all of it, and the FTP range and firewall exceptions the
# server had left exactly as they were: those the lab's test driver set before the install, and
# those the installed pasvctl.exe applied (the uninstall must not undo the tool's work).
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the pasvports developers
#   test_msi_lab.sh MSI1 VERSION1 MSI2 VERSION2 PROBE_EXE DRIVER_EXE
# Needs WINEPREFIX (a lab from provision.sh --iis6 with its wineserver running; ctest sets it).
# MSI2 is the same source built with a higher VERSION2. Cleans up only what it started
# (KEEP_TMP=1 keeps its logs and msiexec logs in TMPDIR for a look).
set -u
[ $# -eq 6 ] || { echo "usage: test_msi_lab.sh MSI1 VERSION1 MSI2 VERSION2 PROBE_EXE DRIVER_EXE" >&2; exit 2; }
: "${WINEPREFIX:?WINEPREFIX must name the lab prefix}"
case "$WINEPREFIX" in "$HOME/.wine"|"$HOME/.wine/") echo "test_msi_lab.sh: refusing ~/.wine" >&2; exit 2; esac
export WINEDEBUG="${WINEDEBUG:--all}"
msi1=$1; v1=$2; msi2=$3; v2=$4; probe=$5; driver=$6
for f in "$msi1" "$msi2" "$probe" "$driver"; do
    [ -f "$f" ] || { echo "test_msi_lab.sh: $f not built" >&2; exit 2; }
done

RANGE=5001-5010
RANGE2=5020-5029
PRODUCT='FTP Passive Ports'
INSTALLDIR_WIN='C:\Program Files\pasvports'
installdir="$WINEPREFIX/drive_c/Program Files/pasvports"
EVENTLOG_KEY='HKLM\SYSTEM\CurrentControlSet\Services\EventLog\Application\pasvports'
UNINSTALL_KEY='HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall'
FWP='HKLM\SYSTEM\CurrentControlSet\Services\SharedAccess\Parameters\FirewallPolicy'
metabase="$WINEPREFIX/drive_c/windows/system32/inetsrv/MetaBase.xml"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pasv-msi-lab.XXXXXX")
started_service=0
installed=""        # the MSI this script last installed, to remove if it stops half-way
passed=0; failed=0; skipped=0

# wine's children (services) inherit our fds: always redirect to files, never pipe; bounded.
w() { timeout 180 wine "$@" </dev/null; }
winpath() { printf 'Z:%s' "$1" | tr / '\\'; }
# A C:\ path in the prefix as a Unix path.
unixpath() { printf '%s/drive_c/%s' "$WINEPREFIX" "$(printf '%s' "${1#?:\\}" | tr '\\' /)"; }

cleanup() {
    if [ -n "$installed" ]; then
        w msiexec /x "$(winpath "$installed")" /qn >"$tmp/cleanup-x.out" 2>&1 || true
    fi
    if [ "$started_service" = 1 ]; then
        w "$driver" stop >"$tmp/cleanup-stop.out" 2>&1 || true
    fi
    [ -n "${KEEP_TMP:-}" ] || rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ok() {   # ok RESULT(0/1) MESSAGE
    if [ "$1" = 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "test_msi_lab.sh: FAILED: $2"; fi
}
skip() { skipped=$((skipped + 1)); echo "test_msi_lab.sh: skipped: $1"; }
# A Windows exit code as the Unix side sees a Wine process's: the low 8 bits.
code8() { echo $(($1 % 256)); }
ERROR_SUCCESS=0; ERROR_INSTALL_FAILURE=$(code8 1603); ERROR_UNKNOWN_PRODUCT=$(code8 1605)

msiexec() {   # msiexec NAME ARGS... : runs msiexec with a verbose log $tmp/NAME.log, sets rc
    name=$1; shift
    w msiexec "$@" /qn /l*v "$(winpath "$tmp/$name.log")" >"$tmp/$name.out" 2>&1
    rc=$?
    [ -f "$tmp/$name.log" ] && tr -d '\000\r' <"$tmp/$name.log" >"$tmp/$name.txt"
}
product_code() { msiinfo export "$1" Property | tr -d '\r' | awk -F'\t' '$1 == "ProductCode" { print $2 }'; }

# "name=version" of every Add/Remove Programs entry called $PRODUCT (64-bit view), one a line.
arp_entries() {
    w reg query "$UNINSTALL_KEY" /s >"$tmp/arp.out" 2>&1
    tr -d '\r' <"$tmp/arp.out" | awk -v want="$PRODUCT" '
        function flush() { if (name == want) print key "=" ver; name = ""; ver = "" }
        /^HKEY_/ { flush(); key = $0; sub(/.*\\/, "", key); next }
        $1 == "DisplayName" { name = $0; sub(/^ *DisplayName +REG_SZ +/, "", name) }
        $1 == "DisplayVersion" { ver = $3 }
        END { flush() }'
}
arp_value() {   # arp_value PRODUCTCODE NAME -> "TYPE DATA"
    w reg query "$UNINSTALL_KEY\\$1" /v "$2" >"$tmp/arpv.out" 2>&1
    tr -d '\r' <"$tmp/arpv.out" | awk -v n="$2" '$1 == n { $1 = ""; sub(/^ +/, ""); print }'
}

# The server's FTP settings: both profiles' open-port lists and the metabase's range.
snapshot() {
    w reg query "$FWP\\StandardProfile\\GloballyOpenPorts\\List" >"$tmp/$1.std" 2>&1
    w reg query "$FWP\\DomainProfile\\GloballyOpenPorts\\List" >"$tmp/$1.dom" 2>&1
    grep -o 'PassivePortRange="[^"]*"' "$metabase" >"$tmp/$1.mb" 2>&1
    cat "$tmp/$1.std" "$tmp/$1.dom" "$tmp/$1.mb" | tr -d '\r' >"$tmp/$1.all"
}
same_as_baseline() {   # same_as_baseline NAME WHEN
    snapshot "$1"
    cmp -s "$tmp/baseline.all" "$tmp/$1.all"
    ok $? "$2 changed the FTP range or firewall exceptions:
$(diff "$tmp/baseline.all" "$tmp/$1.all")"
}

# What one installed version must look like.
check_installed() {   # check_installed LOGNAME VERSION
    when="after $1"
    for exe in pasvports.exe pasvctl.exe pasvsnap.dll pasvports.msc; do
        [ -f "$installdir/$exe" ]; ok $? "$when: $INSTALLDIR_WIN\\$exe missing"
    done
    [ ! -e "$WINEPREFIX/drive_c/Program Files (x86)/pasvports" ]
    ok $? "$when: installed into the 32-bit Program Files (x86)"

    # The shortcut: where Windows Installer resolved AdminToolsFolder (from its log), then
    # resolved through IShellLinkW by the probe.
    admintools=$(sed -n 's/^Property(S): AdminToolsFolder = //p' "$tmp/$1.txt" | tail -n 1)
    [ -n "$admintools" ]; ok $? "$when: no AdminToolsFolder in the msiexec log"
    lnk="${admintools%\\}\\$PRODUCT.lnk"
    [ -f "$(unixpath "$lnk")" ]; ok $? "$when: no shortcut $lnk"
    w "$probe" shortcut "$lnk" "$INSTALLDIR_WIN\\pasvports.exe" "$INSTALLDIR_WIN" \
        'Set the IIS FTP passive port range and open it in Windows Firewall' >"$tmp/probe.out" 2>&1
    ok $? "$when: msi_probe shortcut: $(tr -d '\r' <"$tmp/probe.out")"
    # The saved console's shortcut, beside the dialog's.
    mscl="${admintools%\\}\\$PRODUCT Console.lnk"
    [ -f "$(unixpath "$mscl")" ]; ok $? "$when: no shortcut $mscl"
    w "$probe" shortcut "$mscl" "$INSTALLDIR_WIN\\pasvports.msc" "$INSTALLDIR_WIN" \
        'FTP Passive Ports in Microsoft Management Console' >"$tmp/probe-msc.out" 2>&1
    ok $? "$when: msi_probe shortcut (console): $(tr -d '\r' <"$tmp/probe-msc.out")"
    # The snap-in registered by the MSI's Registry rows, loadable by CLSID as MMC loads it.
    w "$probe" snapin "$INSTALLDIR_WIN\\pasvsnap.dll" >"$tmp/probe-snap.out" 2>&1
    ok $? "$when: msi_probe snapin: $(tr -d '\r' <"$tmp/probe-snap.out")"

    # The Event Log source.
    w reg query "$EVENTLOG_KEY" >"$tmp/eventlog.out" 2>&1
    tr -d '\r' <"$tmp/eventlog.out" >"$tmp/eventlog.txt"
    grep -qxF "    EventMessageFile    REG_EXPAND_SZ    $INSTALLDIR_WIN\\pasvctl.exe" "$tmp/eventlog.txt"
    ok $? "$when: EventMessageFile: $(cat "$tmp/eventlog.txt")"
    grep -qxF "    TypesSupported    REG_DWORD    0x7" "$tmp/eventlog.txt"
    ok $? "$when: TypesSupported: $(cat "$tmp/eventlog.txt")"
    w "$probe" eventsource >"$tmp/probe-ev.out" 2>&1
    ok $? "$when: msi_probe eventsource: $(tr -d '\r' <"$tmp/probe-ev.out")"

    # Exactly one Add/Remove Programs entry, this MSI's product at this version.
    arp_entries >"$tmp/arp.txt"
    [ "$(cat "$tmp/arp.txt")" = "$code=$2" ]
    ok $? "$when: Add/Remove Programs entries [$(cat "$tmp/arp.txt")], expected [$code=$2]"
    [ "$(arp_value "$code" Publisher)" = "REG_SZ The pasvports developers" ]; ok $? "$when: Publisher"
    [ "$(arp_value "$code" HelpLink)" = "REG_SZ https://pasvports.example/README" ]; ok $? "$when: HelpLink"
    [ "$(arp_value "$code" URLInfoAbout)" = "REG_SZ https://pasvports.example/README" ]; ok $? "$when: URLInfoAbout"
    [ "$(arp_value "$code" NoModify)" = "REG_DWORD 0x1" ]; ok $? "$when: NoModify"
    arp_value "$code" Comments | grep -q 'pasvctl remove'; ok $? "$when: Comments"

    # The installed pasvctl.exe runs, reports this build's version (the exes' own, from
    # pasv/version.h, so VERSION1 in both packages) and, where it has one, its status against the lab.
    w "$(unixpath "$INSTALLDIR_WIN\\pasvctl.exe")" --version >"$tmp/version.out" 2>&1
    vrc=$?
    [ $vrc = 0 ] && grep -q "^pasvctl $v1 " "$tmp/version.out"
    ok $? "$when: installed pasvctl --version (rc $vrc): $(cat "$tmp/version.out")"
    w "$(unixpath "$INSTALLDIR_WIN\\pasvctl.exe")" status >"$tmp/status.out" 2>&1
    src=$?
    if grep -q "unknown command" "$tmp/status.out"; then
        skip "$when: this pasvctl has no status command yet"
    else
        [ $src = 0 ] && grep -q "${RANGE%-*}" "$tmp/status.out"
        ok $? "$when: installed pasvctl status (rc $src) does not report $RANGE: $(cat "$tmp/status.out")"
    fi
}

echo "test_msi_lab.sh: $msi1 ($v1), upgrade to $msi2 ($v2), in $WINEPREFIX"

# 0. The server before: the lab's test driver (not the product) sets the range, opens the ports
#    and restarts the FTP service; that state is the baseline the installer must never change.
w "$driver" apply "$RANGE" >"$tmp/driver.out" 2>&1
drc=$?
started_service=1
ok $drc "lab_e2e_driver apply $RANGE (rc $drc): $(cat "$tmp/driver.out")"
snapshot baseline
grep -q "PassivePortRange=\"$RANGE\"" "$tmp/baseline.mb"; ok $? "baseline: metabase range is not $RANGE"
grep -q "${RANGE%-*}:TCP" "$tmp/baseline.std"; ok $? "baseline: port ${RANGE%-*} not open in StandardProfile"

# 1. Unsupported Windows (Windows 2000, VersionNT 500): refused by the launch condition, nothing
#    installed. Wine reads its Windows version from HKCU\Software\Wine at each process start.
w reg add 'HKCU\Software\Wine' /v Version /d win2k /f >"$tmp/ver.out" 2>&1
msiexec win2k /i "$(winpath "$msi1")"
w reg add 'HKCU\Software\Wine' /v Version /d win2003 /f >"$tmp/ver.out" 2>&1
[ "$rc" = "$ERROR_INSTALL_FAILURE" ]; ok $? "install on Windows 2000: rc $rc, expected 1603"
grep -q 'VersionNT = 500' "$tmp/win2k.txt"; ok $? "install on Windows 2000: the log does not show VersionNT 500"
[ ! -e "$installdir" ]; ok $? "install on Windows 2000 left $installdir"
[ -z "$(arp_entries)" ]; ok $? "install on Windows 2000 registered the product"

# 2. Silent install of VERSION1.
code=$(product_code "$msi1"); code1=$code
msiexec install /i "$(winpath "$msi1")"
installed=$msi1
[ "$rc" = "$ERROR_SUCCESS" ]; ok $? "msiexec /i $msi1 /qn: rc $rc"
grep -q '^Property(S): ALLUSERS = 1$' "$tmp/install.txt"; ok $? "install: not per-machine (ALLUSERS)"
grep -q '^Property(S): VersionNT64 = ' "$tmp/install.txt"; ok $? "install: the lab is not 64-bit (VersionNT64)"
check_installed install "$v1"
same_as_baseline after-install "installing"

# 3. Major upgrade to VERSION2 over it. The installed pasvctl.exe is altered first: MSI2's own
#    bytes there afterwards prove the new package wrote its file (the old product was removed
#    before the new one installed, as RemoveExistingProducts is scheduled).
mkdir "$tmp/msi2"
msiextract -C "$tmp/msi2" "$msi2" >"$tmp/msiextract.out" 2>&1
[ -f "$tmp/msi2/pasvports/pasvctl.exe" ]; ok $? "msiextract $msi2: $(cat "$tmp/msiextract.out")"
printf 'altered' >>"$installdir/pasvctl.exe"
code=$(product_code "$msi2"); code2=$code
msiexec upgrade /i "$(winpath "$msi2")"
installed=$msi2
[ "$rc" = "$ERROR_SUCCESS" ]; ok $? "upgrade msiexec /i $msi2 /qn: rc $rc"
[ "$code1" != "$code2" ]; ok $? "the two MSIs share ProductCode $code1"
check_installed upgrade "$v2"
for exe in pasvports.exe pasvctl.exe; do
    cmp -s "$installdir/$exe" "$tmp/msi2/pasvports/$exe"; ok $? "upgrade: $exe is not the one $v2 carries"
done
msiexec old-x /x "$code1"
[ "$rc" = "$ERROR_UNKNOWN_PRODUCT" ]; ok $? "msiexec /x $code1 (the replaced $v1): rc $rc, expected 1605 (not installed)"
same_as_baseline after-upgrade "upgrading"

# 3b. The product's own change: the installed pasvctl.exe applies another range. From here that
#     is the baseline: uninstalling must keep what the tool did to the server.
w "$(unixpath "$INSTALLDIR_WIN\\pasvctl.exe")" apply "$RANGE2" --yes >"$tmp/apply.out" 2>&1
arc=$?
if grep -q "unknown command" "$tmp/apply.out"; then
    skip "this pasvctl has no apply command yet"
else
    ok $arc "installed pasvctl apply $RANGE2 --yes (rc $arc): $(tr -d '\r' <"$tmp/apply.out")"
    snapshot baseline
    grep -q "PassivePortRange=\"$RANGE2\"" "$tmp/baseline.mb"; ok $? "after pasvctl apply: metabase range is not $RANGE2"
    grep -q "${RANGE2%-*}:TCP" "$tmp/baseline.std"; ok $? "after pasvctl apply: port ${RANGE2%-*} not open"
fi

# 4. Downgrade: VERSION1 over VERSION2 is refused; VERSION2 stays, alone.
msiexec downgrade /i "$(winpath "$msi1")"
[ "$rc" = "$ERROR_INSTALL_FAILURE" ]; ok $? "downgrade to $v1: rc $rc, expected 1603"
grep -q "^Property(S): WIX_DOWNGRADE_DETECTED = $code2" "$tmp/downgrade.txt"
ok $? "downgrade: the newer product was not detected"
[ "$(arp_entries)" = "$code2=$v2" ]; ok $? "after the refused downgrade: entries [$(arp_entries)]"
[ -f "$installdir/pasvctl.exe" ]; ok $? "the refused downgrade removed files"
same_as_baseline after-downgrade "the refused downgrade"

# 5. Silent uninstall: every file, the shortcut, the Event Log source and the product entry go;
#    the server's FTP range and firewall exceptions stay.
msiexec uninstall /x "$(winpath "$msi2")"
[ "$rc" = "$ERROR_SUCCESS" ]; ok $? "msiexec /x $msi2 /qn: rc $rc"
installed=""
[ ! -e "$installdir" ]; ok $? "uninstall left $installdir: $(ls -A "$installdir" 2>&1)"
[ ! -e "$(unixpath "$lnk")" ]; ok $? "uninstall left the shortcut $lnk"
[ ! -e "$(unixpath "$mscl")" ]; ok $? "uninstall left the shortcut $mscl"
w "$probe" snapin-gone >"$tmp/probe-gone.out" 2>&1
ok $? "uninstall left the snap-in's registration: $(tr -d '\r' <"$tmp/probe-gone.out")"
w reg query "$EVENTLOG_KEY" >"$tmp/eventlog-x.out" 2>&1
[ $? != 0 ]; ok $? "uninstall left $EVENTLOG_KEY: $(tr -d '\r' <"$tmp/eventlog-x.out")"
[ -z "$(arp_entries)" ]; ok $? "uninstall left Add/Remove Programs entries: $(arp_entries)"
msiexec gone-x /x "$code2"
[ "$rc" = "$ERROR_UNKNOWN_PRODUCT" ]; ok $? "msiexec /x $code2 after uninstall: rc $rc, expected 1605"
same_as_baseline after-uninstall "uninstalling"

echo "msi_lab: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
