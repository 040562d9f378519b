#!/bin/sh
# pasvports lab: pasvctl end to end in an IIS 10 lab with real clients (curl, lftp, Python ftplib)
# on loopback only; every client connects the data channel to the control host (curl
# --ftp-skip-pasv-ip, lftp ftp:ignore-pasv-address, ftplib's default), never to a 227 address.
# Proves: with the built-in passive rule disabled and no rule of ours, passive LIST fails (425);
# after one `pasvctl apply 5001-5201 --yes` it works and the data port is inside the range; after
# `pasvctl apply --external-ip 203.0.113.7 --yes` the 227 reply announces that address and LIST
# still works (before it, selftest's one line names the clients that still work without one); `pasvctl remove --yes` leaves the FTP role's built-in rules byte-identical.
# Prints a client x state table.
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the pasvports developers
# Needs WINEPREFIX (provision.sh --iis10, wineserver running), PASV_BUILD_DIR; PASVCTL (pasvctl.exe).
set -u
: "${WINEPREFIX:?WINEPREFIX must name the lab prefix}"
case "$WINEPREFIX" in "$HOME/.wine"|"$HOME/.wine/") echo "e2e_pasvctl.sh: refusing ~/.wine" >&2; exit 2 ;; esac
export WINEDEBUG="${WINEDEBUG:--all}"
build=${PASV_BUILD_DIR:?}
pasvctl=${PASVCTL:-$build/pasvctl.exe}
[ -f "$pasvctl" ] || { echo "e2e_pasvctl.sh: $pasvctl not built" >&2; exit 2; }
ftplib="$(cd "$(dirname "$0")" && pwd)/../e2e/ftplib_client.py"
config="$WINEPREFIX/drive_c/windows/system32/inetsrv/config/applicationHost.config"
rules='HKLM\SYSTEM\CurrentControlSet\Services\SharedAccess\Parameters\FirewallPolicy\FirewallRules'
builtin=IIS-WebServerRole-FTP-Passive-In-TCP
LOW=5001; HIGH=5201; EXT=203.0.113.7
clients="curl lftp ftplib"
states="before apply external"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pasv-e2e-ctl.XXXXXX")
passed=0; failed=0
w() { timeout 180 wine "$@" </dev/null; }   # wine's services inherit fds: files, never pipes
check() { if [ "$1" = 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "e2e_pasvctl.sh: FAILED: $2"; fi; }

rule_data() { w reg query "$rules" /v "$1" 2>/dev/null | tr -d '\r' | sed -n "s/^ *$1 *REG_SZ *//p"; }
set_rule() { w reg add "$rules" /v "$1" /t REG_SZ /d "$2" /f >/dev/null 2>&1; }
builtin_rules() {   # every IIS-WebServerRole-FTP-* value as stored, one a line, sorted
    w reg query "$rules" 2>/dev/null | tr -d '\r' | grep '^ *IIS-WebServerRole-FTP-' | sed 's/^ *//' | sort
}
ctl() {   # ctl NAME ARGS... -> pasvctl's exit code; output in $tmp/ctl-NAME.out
    n=$1; shift
    w "$pasvctl" "$@" >"$tmp/ctl-$n.out" 2>&1
}

port=$(sed -n 's/.*protocol="ftp" bindingInformation="\*:\([0-9]*\):".*/\1/p' "$config" | head -n 1)
[ -n "$port" ] || { echo "e2e_pasvctl.sh: no ftp binding in $config (not an --iis10 lab?)" >&2; exit 2; }
builtin_orig=$(rule_data "$builtin")
[ -n "$builtin_orig" ] || { echo "e2e_pasvctl.sh: built-in rule $builtin missing" >&2; exit 2; }
cp "$config" "$tmp/config.orig"

cleanup() {
    w net stop FTPSVC >/dev/null 2>&1
    set_rule "$builtin" "$builtin_orig"
    cp "$tmp/config.orig" "$config" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# client NAME LOG OUT -> exit status; LIST of / in passive mode (PASV, not EPSV)
client() {
    case "$1" in
    curl) timeout 30 curl -sS -v --ftp-pasv --disable-epsv --ftp-skip-pasv-ip --connect-timeout 5 \
              --max-time 25 -o "$3" "ftp://127.0.0.1:$port/" >"$2" 2>&1 ;;
    lftp) timeout 30 lftp -d -c "set ftp:passive-mode on; set ftp:prefer-epsv no; \
              set ftp:ignore-pasv-address yes; set net:max-retries 1; set net:timeout 5; \
              set net:reconnect-interval-base 1; open -p $port 127.0.0.1; ls" >"$3" 2>"$2" ;;
    ftplib) timeout 30 python3 "$ftplib" "$port" pasv list "$3" >"$2" 2>&1 ;;
    esac
}
announced() {   # "h1.h2.h3.h4 port" of the first 227 in a client log
    grep -oE '227 Entering Passive Mode \(([0-9]+,){5}[0-9]+\)' "$1" | head -n 1 |
        sed -E 's/.*\(([0-9]+),([0-9]+),([0-9]+),([0-9]+),([0-9]+),([0-9]+)\).*/\1.\2.\3.\4 \5 \6/' |
        awk '{ printf "%s %d", $1, $2 * 256 + $3 }'
}
listed() { grep -q 'pub' "$1" 2>/dev/null; }   # the lab's FTP root holds a pub folder

# run_state STATE: every client lists once; result cell "ok|425|fail <addr>:<port>" in $tmp/cell-*
run_state() {
    for c in $clients; do
        log="$tmp/$c.$1.log"; out="$tmp/$c.$1.out"
        client "$c" "$log" "$out"; rc=$?
        a=$(announced "$log")
        if [ $rc -eq 0 ] && listed "$out"; then r=ok
        elif grep -q '425' "$log"; then r=425
        else r="fail(rc $rc)"; fi
        printf '%s' "$r ${a% *}:${a#* }" >"$tmp/cell-$c-$1"
        eval "rc_$c=$rc; addr_$c='${a% *}'; port_$c='${a#* }'; res_$c='$r'"
    done
}
in_range() { [ -n "$1" ] && [ "$1" -ge "$2" ] 2>/dev/null && [ "$1" -le "$3" ]; }

# ---- the plan with the built-in passive rule on: one row for the ports of the range it covers ----
ctl dry apply $LOW-$HIGH --dry-run; rc=$?
check $rc "pasvctl apply $LOW-$HIGH --dry-run: exit $rc"
n=$(tr -d '\r' <"$tmp/ctl-dry.out" | grep -c "^.*Ports $LOW-$HIGH are opened by another program's rule (\"FTP Server Passive")
[ "$n" = 1 ]; check $? "the plan names the built-in passive rule once, for $LOW-$HIGH (got $n lines): $(tr -d '\r' <"$tmp/ctl-dry.out" | grep -i "another program" | head -n 3 | tr '\n' ' ')"
n=$(tr -d '\r' <"$tmp/ctl-dry.out" | grep "Port [0-9]* is opened by another program" | grep -vc '("Backup agent")')
[ "$n" = 0 ]; check $? "no row a port for the built-in rule, only the lab's Backup agent exception has its own (got $n)"
cmp -s "$config" "$tmp/config.orig"; check $? "a dry run leaves applicationHost.config byte-identical"

# ---- before: the built-in passive rule off, no rule of ours, range not set ----
set_rule "$builtin" "$(printf '%s' "$builtin_orig" | sed 's/|Active=TRUE|/|Active=FALSE|/')"
builtin_rules >"$tmp/builtin.before"
w net start FTPSVC >"$tmp/netstart.out" 2>&1; check $? "net start FTPSVC"
run_state before
for c in $clients; do
    eval "r=\$res_$c; p=\$port_$c"
    [ "$r" = 425 ]; check $? "$c: passive LIST fails with 425 before pasvctl (got $r)"
    in_range "$p" 1024 65535 && ! in_range "$p" $LOW $HIGH
    check $? "$c: before, the data port $p is outside $LOW-$HIGH"
done

# ---- one pasvctl apply ----
ctl apply apply $LOW-$HIGH --yes; rc=$?
check $rc "pasvctl apply $LOW-$HIGH --yes: exit $rc: $(tr -d '\r' <"$tmp/ctl-apply.out" | tail -n 3 | tr '\n' ' ')"
grep -q "lowDataChannelPort=\"$LOW\"" "$config" && grep -q "highDataChannelPort=\"$HIGH\"" "$config"
check $? "applicationHost.config holds $LOW-$HIGH"
run_state apply
for c in $clients; do
    eval "r=\$res_$c; p=\$port_$c; a=\$addr_$c"
    [ "$r" = ok ]; check $? "$c: passive LIST works after pasvctl apply (got $r)"
    in_range "$p" $LOW $HIGH; check $? "$c: the data port $p is inside $LOW-$HIGH"
    [ "$a" = 127.0.0.1 ]; check $? "$c: with no external address, 227 announces the local address ($a)"
done

# ---- selftest with no external address: 227 announces the internal 127.0.0.1, and one line says
# which clients still work through NAT (every client above connected to the control host) ----
ctl selftest0 selftest --port "$port"; rc=$?
check $rc "pasvctl selftest with no external address: exit $rc"
tr -d '\r' <"$tmp/ctl-selftest0.out" | grep -qF "No FTP site has an external address, so 227 announces the internal address 127.0.0.1: through NAT, only clients that connect to the server's address instead still work (curl 7.74 or later, Python ftplib"
check $? "pasvctl selftest says which clients still work: $(tr -d '\r' <"$tmp/ctl-selftest0.out" | grep -F 'No FTP site' | head -n 1)"
[ "$(tr -d '\r' <"$tmp/ctl-selftest0.out" | grep -c 'No FTP site has an external address')" = 1 ]
check $? "the note is one line"
! grep -q "227 announces the external address" "$tmp/ctl-selftest0.out"
check $? "no external-address step when no site has one"

# ---- the site's external address ----
ctl ext apply --external-ip $EXT --yes; rc=$?
check $rc "pasvctl apply --external-ip $EXT --yes: exit $rc: $(tr -d '\r' <"$tmp/ctl-ext.out" | tail -n 3 | tr '\n' ' ')"
grep -q "externalIp4Address=\"$EXT\"" "$config"; check $? "applicationHost.config: the site's externalIp4Address is $EXT"
run_state external
for c in $clients; do
    eval "r=\$res_$c; p=\$port_$c; a=\$addr_$c"
    [ "$a" = $EXT ]; check $? "$c: 227 announces $EXT ($a)"
    [ "$r" = ok ]; check $? "$c: LIST works, the data channel to the control host (got $r)"
    in_range "$p" $LOW $HIGH; check $? "$c: the data port $p is inside $LOW-$HIGH"
done

# ---- selftest checks the announced address against the site's ----
ctl selftest selftest --port "$port"
tr -d '\r' <"$tmp/ctl-selftest.out" | grep -qF "PASS  227 announces the external address $EXT of FTP site 'Default FTP Site'"
check $? "pasvctl selftest: the 227 reply announces the site's external address: $(tr -d '\r' <"$tmp/ctl-selftest.out" | grep -F 'external address' | head -n 1)"

# The file names another address than the running FTPSVC announces (not restarted): the step fails.
cp "$config" "$tmp/config.st"
sed -i "s/externalIp4Address=\"$EXT\"/externalIp4Address=\"198.51.100.20\"/" "$config"
ctl selftest2 selftest --port "$port"
tr -d '\r' <"$tmp/ctl-selftest2.out" | grep -qF "FAIL  227 announces the external address 198.51.100.20 of FTP site 'Default FTP Site'"
check $? "pasvctl selftest fails the step when FTPSVC announces another address than the site's"
cp "$tmp/config.st" "$config"

# ---- export for this server: the only FTP site is named, nothing is changed ----
cp "$config" "$tmp/config.export"
ctl export export $LOW-$HIGH --format netsh --external-ip 198.51.100.9; rc=$?
check $rc "pasvctl export --format netsh --external-ip: exit $rc"
tr -d '\r' <"$tmp/ctl-export.out" | grep -qF "appcmd.exe set config -section:system.applicationHost/sites /[name='Default FTP Site'].ftpServer.firewallSupport.externalIp4Address:198.51.100.9 /commit:apphost"
check $? "export names the lab's only FTP site in the appcmd site line"
tr -d '\r' <"$tmp/ctl-export.out" | grep -qF "appcmd.exe set config -section:system.ftpServer/firewallSupport /lowDataChannelPort:$LOW /highDataChannelPort:$HIGH /commit:apphost"
check $? "export sets the range with appcmd /commit:apphost"
ctl export3 export $LOW-$HIGH --format netsh --external-ip none; rc=$?
check $rc "pasvctl export --format netsh --external-ip none: exit $rc"
tr -d '\r' <"$tmp/ctl-export3.out" | grep -qF "appcmd.exe set config -section:system.applicationHost/sites /[name='Default FTP Site'].ftpServer.firewallSupport.externalIp4Address:\"\" /commit:apphost"
check $? "export --external-ip none clears the lab's only FTP site's address with appcmd"
ctl export4 export $LOW-$HIGH --format powershell --external-ip none; rc=$?
tr -d '\r' <"$tmp/ctl-export4.out" | grep -qF "Clear-WebConfiguration -PSPath 'MACHINE/WEBROOT/APPHOST' -Filter 'system.applicationHost/sites/site[@name=\"Default FTP Site\"]/ftpServer/firewallSupport/@externalIp4Address'"
check $? "export --format powershell --external-ip none removes the attribute (exit $rc)"
ctl export2 export $LOW-$HIGH --format powershell --site "No Such Site" --external-ip 198.51.100.9; rc=$?
[ $rc = 2 ] && grep -q "No Such Site" "$tmp/ctl-export2.out"; check $? "export --site unknown: exit 2 naming it (exit $rc)"
cmp -s "$config" "$tmp/config.export"; check $? "export left applicationHost.config byte-identical"

# ---- remove ----
ctl remove remove --yes; rc=$?
check $rc "pasvctl remove --yes: exit $rc: $(tr -d '\r' <"$tmp/ctl-remove.out" | tail -n 3 | tr '\n' ' ')"
builtin_rules >"$tmp/builtin.after"
[ -s "$tmp/builtin.before" ] && cmp -s "$tmp/builtin.before" "$tmp/builtin.after"
check $? "remove leaves the $(wc -l <"$tmp/builtin.before") built-in IIS-WebServerRole-FTP-* rules byte-identical"
grep -q "lowDataChannelPort=\"$LOW\"" "$config"; check $((! $?)) "remove took $LOW-$HIGH out of applicationHost.config"

# ---- the table ----
echo
echo "before   = built-in 'FTP Server Passive' rule disabled, no rule of ours, range not set"
echo "apply    = after 'pasvctl apply $LOW-$HIGH --yes'"
echo "external = after 'pasvctl apply --external-ip $EXT --yes' (clients connect to the control host)"
echo "cell: LIST result, then the 227 reply's address:port"
printf '%-7s | %-28s | %-28s | %-28s\n' client before apply external
printf '%-7s-+-%-28s-+-%-28s-+-%-28s\n' ------- ---------------------------- ---------------------------- ----------------------------
for c in $clients; do
    printf '%-7s | %-28s | %-28s | %-28s\n' "$c" "$(cat "$tmp/cell-$c-before")" \
        "$(cat "$tmp/cell-$c-apply")" "$(cat "$tmp/cell-$c-external")"
done
echo
echo "lab.ahadmin.e2e_pasvctl: $passed passed, $failed failed"
if [ "$failed" -ne 0 ]; then
    for f in "$tmp"/ctl-*.out "$tmp"/*.log; do echo "---- $(basename "$f")"; tr -d '\r' <"$f" | tail -n 12; done
    exit 1
fi
exit 0
