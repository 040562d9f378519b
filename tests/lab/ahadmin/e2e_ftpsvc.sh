#!/bin/sh
# pasvports lab: the IIS 10 lab's FTPSVC end to end with real clients (Python ftplib, curl), on
# loopback only. Proves: 425 with the built-in passive rule disabled and no other rule; LIST works
# once a rule allows the configured range (data port inside it); a disabled rule opens nothing;
# the built-in passive rule (Svc=FTPSVC, LPort2_10=1024-65535) opens the data port for FTPSVC;
# the 227 reply announces the site's externalIp4Address when set (clients connect to the control
# host); stateful FTP filtering (Group Policy DisableStatefulFTP=0) lets plain FTP through without
# a rule. Leaves applicationHost.config and the firewall rules byte-identical.
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the pasvports developers
# Needs WINEPREFIX (provision.sh --iis10, wineserver running), PASV_BUILD_DIR, PASV_SOURCE_DIR.
set -u
: "${WINEPREFIX:?WINEPREFIX must name the lab prefix}"
case "$WINEPREFIX" in "$HOME/.wine"|"$HOME/.wine/") echo "e2e_ftpsvc.sh: refusing ~/.wine" >&2; exit 2 ;; esac
export WINEDEBUG="${WINEDEBUG:--all}"
here=$(cd "$(dirname "$0")" && pwd)
build=${PASV_BUILD_DIR:?}
helper="$build/lab/lab_test_ahadmin.exe"
ftplib="$here/../e2e/ftplib_client.py"
config="$WINEPREFIX/drive_c/windows/system32/inetsrv/config/applicationHost.config"
rules='HKLM\SYSTEM\CurrentControlSet\Services\SharedAccess\Parameters\FirewallPolicy\FirewallRules'
gp='HKLM\Software\Policies\Microsoft\WindowsFirewall'
builtin=IIS-WebServerRole-FTP-Passive-In-TCP
ours='{E2E10000-0000-0000-0000-000000005001}'
LOW=5001; HIGH=5010

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pasv-e2e10.XXXXXX")
passed=0; failed=0
w() { timeout 120 wine "$@" </dev/null; }
check() { if [ "$1" = 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "e2e_ftpsvc.sh: FAILED: $2"; fi; }

rule_data() { w reg query "$rules" /v "$1" 2>/dev/null | tr -d '\r' | sed -n "s/^ *$1 *REG_SZ *//p"; }
set_rule() { w reg add "$rules" /v "$1" /t REG_SZ /d "$2" /f >/dev/null 2>&1; }
svc() { w net "$1" FTPSVC >"$tmp/net-$1.out" 2>&1; }
restart() { svc stop; svc start; }

cp "$config" "$tmp/config.before"
builtin_before=$(rule_data "$builtin")
[ -n "$builtin_before" ] || { echo "e2e_ftpsvc.sh: built-in rule $builtin missing (not an --iis10 lab?)" >&2; exit 2; }
port=$(sed -n 's/.*protocol="ftp" bindingInformation="\*:\([0-9]*\):".*/\1/p' "$config" | head -n 1)
[ -n "$port" ] || { echo "e2e_ftpsvc.sh: no ftp binding in $config" >&2; exit 2; }

cleanup() {
    svc stop
    w reg delete "$rules" /v "$ours" /f >/dev/null 2>&1
    w reg delete "$gp" /v DisableStatefulFTP /f >/dev/null 2>&1
    set_rule "$builtin" "$builtin_before"
    w "$helper" set clear >/dev/null 2>&1
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

list() {   # list NAME -> 0 when the LIST worked; client output in $tmp/NAME.log
    timeout 30 python3 "$ftplib" "$port" pasv list "$tmp/$1.out" >"$tmp/$1.log" 2>&1
}
announced() {   # "h1.h2.h3.h4 port" of the first 227 in a client log
    grep -oE '227 Entering Passive Mode \(([0-9]+,){5}[0-9]+\)' "$1" | head -n 1 |
        sed -E 's/.*\(([0-9]+),([0-9]+),([0-9]+),([0-9]+),([0-9]+),([0-9]+)\).*/\1.\2.\3.\4 \5 \6/' |
        awk '{ printf "%s %d", $1, $2 * 256 + $3 }'
}

# 1. Built-in passive rule disabled, no rule of ours, range unset (dynamic 49152-65535): 425.
set_rule "$builtin" "$(printf '%s' "$builtin_before" | sed 's/|Active=TRUE|/|Active=FALSE|/')"
svc start; check $? "net start FTPSVC"
list before; rc=$?
check $((rc == 0)) "LIST fails with the built-in passive rule disabled and no rule (rc $rc)"
grep -q "425" "$tmp/before.log"; check $? "the client saw 425: $(tail -n 2 "$tmp/before.log" | tr '\n' ' ')"
a=$(announced "$tmp/before.log"); p=${a#* }
[ -n "$p" ] && [ "$p" -ge 49152 ] && [ "$p" -le 65535 ]; check $? "0-0: the data port is in the dynamic range 49152-65535 ($a)"

# 2. Range 5001-5010 through the lab AHADMIN, a rule for exactly that range, FTPSVC restarted: works.
w "$helper" set $LOW $HIGH - >"$tmp/set.out" 2>&1; check $? "range $LOW-$HIGH written through AHADMIN"
set_rule "$ours" "v2.10|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=$LOW-$HIGH|Name=e2e data range|Desc=pasvports lab e2e|"
restart
list after; rc=$?
check $rc "LIST works once a rule allows $LOW-$HIGH: $(tail -n 2 "$tmp/after.log" | tr '\n' ' ')"
grep -q 'pub' "$tmp/after.out"; check $? "the listing shows the lab's pub folder"
a=$(announced "$tmp/after.log"); p=${a#* }
[ -n "$p" ] && [ "$p" -ge $LOW ] && [ "$p" -le $HIGH ] && [ "${a% *}" = 127.0.0.1 ]
check $? "227 announces 127.0.0.1 and a port inside $LOW-$HIGH ($a)"

# 3. Our rule disabled (Active=FALSE): nothing opens the range any more.
set_rule "$ours" "v2.10|Action=Allow|Active=FALSE|Dir=In|Protocol=6|LPort=$LOW-$HIGH|Name=e2e data range|Desc=pasvports lab e2e|"
list disabled; rc=$?
check $((rc == 0)) "a disabled rule opens nothing (rc $rc)"

# 4. The built-in passive rule enabled again: it covers 1024-65535 for FTPSVC.
set_rule "$builtin" "$builtin_before"
list builtin; check $? "the built-in passive rule (Svc=FTPSVC, 1024-65535) lets LIST through"

# 5. External address: the 227 reply announces it; the client connects to the control host.
set_rule "$builtin" "$(printf '%s' "$builtin_before" | sed 's/|Active=TRUE|/|Active=FALSE|/')"
set_rule "$ours" "v2.10|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=$LOW-$HIGH|Name=e2e data range|Desc=pasvports lab e2e|"
w "$helper" set $LOW $HIGH 203.0.113.7 >"$tmp/set2.out" 2>&1; check $? "externalIp4Address 203.0.113.7 written"
restart
list external; check $? "LIST works with an external address (ftplib connects to the control host)"
a=$(announced "$tmp/external.log")
[ "${a% *}" = 203.0.113.7 ]; check $? "227 announces 203.0.113.7 ($a)"
timeout 30 curl -sS -v --ftp-pasv --disable-epsv --ftp-skip-pasv-ip --connect-timeout 5 --max-time 25 \
    -o "$tmp/curl.out" "ftp://127.0.0.1:$port/hello.txt" >"$tmp/curl.log" 2>&1
check $? "curl --ftp-skip-pasv-ip downloads hello.txt: $(tail -n 1 "$tmp/curl.log")"
grep -q 'Hello from the pasvports lab' "$tmp/curl.out"; check $? "hello.txt content"

# 6. Stateful FTP filtering by Group Policy: no rule at all, DisableStatefulFTP=0 lets plain FTP
#    through, =1 does not.
w reg delete "$rules" /v "$ours" /f >/dev/null 2>&1
w reg add "$gp" /v DisableStatefulFTP /t REG_DWORD /d 0 /f >/dev/null 2>&1
list stateful; check $? "stateful FTP on (policy DisableStatefulFTP=0): LIST works without a rule"
w reg add "$gp" /v DisableStatefulFTP /t REG_DWORD /d 1 /f >/dev/null 2>&1
list stateless; rc=$?
check $((rc == 0)) "stateful FTP off (DisableStatefulFTP=1), no rule: 425 (rc $rc)"

# 7. Everything put back: the configuration and the built-in rule as they were.
svc stop
w reg delete "$gp" /v DisableStatefulFTP /f >/dev/null 2>&1
set_rule "$builtin" "$builtin_before"
w "$helper" set clear >"$tmp/clear.out" 2>&1; check $? "range and address cleared through AHADMIN"
cmp -s "$config" "$tmp/config.before"; check $? "applicationHost.config byte-identical to before"
[ "$(rule_data "$builtin")" = "$builtin_before" ]; check $? "built-in passive rule as it was"

echo "lab.ahadmin.e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
