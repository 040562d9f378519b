#!/bin/sh
# Lab end-to-end test: native curl, Python ftplib and lftp list/download from the lab MSFTPSVC in
# passive mode, before (range unset, data ports firewalled: every client must fail with 425) and
# after lab_e2e_driver.exe sets 5001-5010 via ABO, opens those ports and restarts the service.
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the pasvports developers
# Needs WINEPREFIX (a lab from provision.sh --iis6 with its wineserver running), PASV_BUILD_DIR,
# PASV_SOURCE_DIR (ctest sets all three). Cleans up only what it started.
set -u
: "${WINEPREFIX:?WINEPREFIX must name the lab prefix}"
case "$WINEPREFIX" in "$HOME/.wine"|"$HOME/.wine/") echo "e2e.sh: refusing ~/.wine" >&2; exit 2 ;; esac
export WINEDEBUG="${WINEDEBUG:--all}"
here=$(cd "$(dirname "$0")" && pwd)
build=${PASV_BUILD_DIR:-$here/../../../build/win}
driver="$build/lab/lab_e2e_driver.exe"
[ -f "$driver" ] || { echo "e2e.sh: $driver not built" >&2; exit 2; }

AFTER_RANGE_LOW=5001
AFTER_RANGE_HIGH=5010
CLIENT_TIMEOUT=20

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pasv-e2e.XXXXXX")
started_service=0
set_port_knob=0
passed=0
failed=0

# wine's children (services) inherit our fds: always redirect to files, never pipe.
w() { timeout 120 wine "$@" </dev/null; }

cleanup() {
    if [ "$started_service" = 1 ]; then
        w "$driver" stop >"$tmp/cleanup-stop.out" 2>&1 || true
    fi
    if [ "$set_port_knob" = 1 ]; then
        w reg delete 'HKLM\SOFTWARE\PasvLab\FtpSvc' /v Port /f >/dev/null 2>&1 || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

check() {   # check COND-RESULT(0/1) MESSAGE
    if [ "$1" = 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "e2e.sh: FAILED: $2"; fi
}

# Passive ports announced in a client's debug output (227 h1,h2,h3,h4,p1,p2 and 229 (|||p|)).
announced_ports() {
    grep -oE '227 Entering Passive Mode \(([0-9]+,){5}[0-9]+\)' "$1" |
        sed -E 's/.*\(([0-9]+,){4}([0-9]+),([0-9]+)\)/\2 \3/' | awk '{ printf "%d ", $1 * 256 + $2 }'
    grep -oE '229 Entering Extended Passive Mode \(\|\|\|[0-9]+\|\)' "$1" |
        sed -E 's/.*\|\|\|([0-9]+)\|.*/\1/' | awk '{ printf "%d ", $1 }'
}

ports_in_range() {   # ports_in_range "P1 P2 ..." LOW HIGH  -> 0 if non-empty and all inside
    [ -n "$1" ] || return 1
    for p in $1; do [ "$p" -ge "$2" ] && [ "$p" -le "$3" ] || return 1; done
    return 0
}

# run_client CLIENT ACTION(list|get) OUTFILE LOGFILE -> exit status of the client
run_client() {
    c=$1; action=$2; out=$3; log=$4
    url="ftp://127.0.0.1:$ctrl_port/"
    [ "$action" = get ] && url="${url}hello.txt"
    lftp_cmd="ls"
    [ "$action" = get ] && lftp_cmd="get hello.txt -o $out"
    case "$c" in
    curl-epsv) timeout $CLIENT_TIMEOUT curl -sS -v --ftp-pasv --connect-timeout 5 --max-time $CLIENT_TIMEOUT \
                   -o "$out" "$url" >"$log" 2>&1 ;;
    curl-pasv) timeout $CLIENT_TIMEOUT curl -sS -v --ftp-pasv --disable-epsv --connect-timeout 5 \
                   --max-time $CLIENT_TIMEOUT -o "$out" "$url" >"$log" 2>&1 ;;
    ftplib-pasv) timeout $CLIENT_TIMEOUT python3 "$here/ftplib_client.py" "$ctrl_port" pasv "$action" "$out" >"$log" 2>&1 ;;
    ftplib-epsv) timeout $CLIENT_TIMEOUT python3 "$here/ftplib_client.py" "$ctrl_port" epsv "$action" "$out" >"$log" 2>&1 ;;
    lftp-pasv)
        if [ "$action" = list ]; then
            timeout $CLIENT_TIMEOUT lftp -d -c "set ftp:passive-mode on; set ftp:prefer-epsv no; set net:max-retries 1; \
                set net:timeout 5; set net:reconnect-interval-base 1; set xfer:clobber on; \
                open -p $ctrl_port 127.0.0.1; $lftp_cmd" >"$out" 2>"$log"
        else
            timeout $CLIENT_TIMEOUT lftp -d -c "set ftp:passive-mode on; set ftp:prefer-epsv no; set net:max-retries 1; \
                set net:timeout 5; set net:reconnect-interval-base 1; set xfer:clobber on; \
                open -p $ctrl_port 127.0.0.1; $lftp_cmd" >"$log" 2>&1
        fi ;;
    esac
}

clients="curl-epsv curl-pasv ftplib-pasv ftplib-epsv lftp-pasv"

wait_for_control_port() {
    i=0
    while [ $i -lt 30 ]; do
        python3 -c "import socket,sys; s=socket.create_connection(('127.0.0.1', $ctrl_port), 1); d=s.recv(100); sys.exit(0 if d.startswith(b'220') else 1)" \
            >/dev/null 2>&1 && return 0
        sleep 0.5; i=$((i + 1))
    done
    return 1
}

service_state() {
    w sc query MSFTPSVC >"$tmp/sc.out" 2>&1
    sed -n 's/.*STATE *: *[0-9]* *\([A-Z_]*\).*/\1/p' "$tmp/sc.out" | head -n 1
}

# ---------- set-up: own control port, start MSFTPSVC ----------
ctrl_port=$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
w reg add 'HKLM\SOFTWARE\PasvLab\FtpSvc' /v Port /t REG_DWORD /d "$ctrl_port" /f >"$tmp/reg.out" 2>&1
set_port_knob=1
state=$(service_state)
echo "e2e: lab prefix $WINEPREFIX, MSFTPSVC state before: ${state:-unknown}, control port $ctrl_port"
if [ "$state" = RUNNING ]; then
    # someone else's instance: restart it so it listens on our port; leave it running at the end
    w "$driver" restart >"$tmp/restart0.out" 2>&1
else
    w net start MSFTPSVC >"$tmp/netstart.out" 2>&1
    started_service=1
fi
wait_for_control_port
check $? "MSFTPSVC answers on 127.0.0.1:$ctrl_port after 'wine net start MSFTPSVC'"
[ "$failed" = 0 ] || { cat "$tmp"/netstart.out "$tmp"/sc.out 2>/dev/null; exit 1; }

# ---------- BEFORE: range unset (1025-5000), data ports firewalled ----------
for c in $clients; do
    run_client "$c" list "$tmp/$c.before.list" "$tmp/$c.before.log"
    rc=$?
    ports=$(announced_ports "$tmp/$c.before.log")
    eval "before_rc_$(echo $c | tr - _)=$rc; before_ports_$(echo $c | tr - _)=\"$ports\""
    [ $rc -ne 0 ] && [ $rc -ne 124 ] && grep -q '425' "$tmp/$c.before.log"
    check $? "$c: listing must fail with 425 while the data ports are closed (rc $rc)"
    ports_in_range "$ports" 1025 5000
    check $? "$c: announced ports [$ports] must lie in the default range 1025-5000"
done

# ---------- the admin step (test driver: ABO + firewall COM + SCM) ----------
w "$driver" apply "$AFTER_RANGE_LOW-$AFTER_RANGE_HIGH" >"$tmp/driver.out" 2>&1
drc=$?
sed 's/^/  driver: /' "$tmp/driver.out"
check $drc "lab_e2e_driver apply $AFTER_RANGE_LOW-$AFTER_RANGE_HIGH (rc $drc)"
wait_for_control_port
check $? "MSFTPSVC answers again after the restart"

# ---------- AFTER: 5001-5010 set, opened, service restarted ----------
printf 'Hello from the pasvports lab FTP service.\r\n' >"$tmp/expected.txt"
for c in $clients; do
    v=$(echo $c | tr - _)
    run_client "$c" list "$tmp/$c.after.list" "$tmp/$c.after.log"
    lrc=$?
    grep -q 'hello\.txt' "$tmp/$c.after.list" "$tmp/$c.after.log" 2>/dev/null
    listed=$?
    [ $lrc -eq 0 ] && [ $listed -eq 0 ]
    check $? "$c: listing must succeed after the change (rc $lrc)"
    run_client "$c" get "$tmp/$c.hello.txt" "$tmp/$c.after.get.log"
    grc=$?
    cmp -s "$tmp/expected.txt" "$tmp/$c.hello.txt"
    same=$?
    [ $grc -eq 0 ] && [ $same -eq 0 ]
    check $? "$c: hello.txt must download with the known content (rc $grc)"
    ports="$(announced_ports "$tmp/$c.after.log")$(announced_ports "$tmp/$c.after.get.log")"
    ports_in_range "$ports" $AFTER_RANGE_LOW $AFTER_RANGE_HIGH
    check $? "$c: announced ports [$ports] must lie in $AFTER_RANGE_LOW-$AFTER_RANGE_HIGH"
    eval "after_list_$v=$lrc; after_get_$v=$grc; after_same_$v=$same; after_ports_$v=\"$ports\""
done

# ---------- report ----------
echo
echo "Passive FTP through the lab: before = PassivePortRange unset, firewall on, no data ports open;"
echo "after = lab_e2e_driver set 5001-5010 (ABO), opened TCP 5001-5010 (INetFwOpenPorts, both profiles), restarted MSFTPSVC (SCM)"
printf '%-12s | %-34s | %-44s\n' client "before: LIST / announced ports" "after: LIST, RETR hello.txt / announced ports"
printf '%-12s-+-%-34s-+-%-44s\n' ------------ ---------------------------------- --------------------------------------------
for c in $clients; do
    v=$(echo $c | tr - _)
    eval "brc=\$before_rc_$v; bports=\$before_ports_$v; alist=\$after_list_$v; aget=\$after_get_$v; asame=\$after_same_$v; aports=\$after_ports_$v"
    if grep -q '425' "$tmp/$c.before.log"; then b="FAIL 425 (rc $brc)"; else b="rc $brc (no 425!)"; fi
    [ "$alist" = 0 ] && al="LIST ok" || al="LIST FAIL($alist)"
    [ "$aget" = 0 ] && [ "$asame" = 0 ] && ag="RETR ok, content ok" || ag="RETR FAIL($aget/$asame)"
    printf '%-12s | %-34s | %-44s\n' "$c" "$b / $bports" "$al, $ag / $aports"
done
echo
echo "lab.e2e.pasv: $passed passed, $failed failed, 0 skipped"
if [ "$failed" != 0 ]; then
    for f in "$tmp"/*.log; do echo "---- $(basename "$f")"; tail -n 15 "$f"; done
    exit 1
fi
exit 0
