#!/bin/sh
# pasvports tests: `pasvctl selftest` against a real FTP server (vsftpd, native on this host, on
# loopback): passes when the server announces ports inside the range configured in the lab, and
# fails naming the port when the server announces a port outside it.
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the pasvports developers
#
#   selftest_vsftpd.sh PASVCTL.EXE     (run by ctest in a lab prefix: WINEPREFIX is set)
# vsftpd runs in the foreground from a private config under the build dir; we kill it by PID.
set -u
exe=$1
[ -n "${WINEPREFIX:-}" ] || { echo "WINEPREFIX not set" >&2; exit 2; }
VSFTPD=$(command -v vsftpd || echo /usr/sbin/vsftpd)
if [ ! -x "$VSFTPD" ]; then echo "SKIP: vsftpd not installed (tests/install-deps.sh)"; exit 0; fi
work=$(mktemp -d "${PASV_BUILD_DIR:-/tmp}/vsftpd.XXXXXX")
pid=
fails=0; passes=0
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
check() { if eval "$2"; then passes=$((passes+1)); else fails=$((fails+1)); echo "FAIL: $1"; echo "--- output:"; cat "$work/out.txt"; fi; }
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

mkdir -p "$work/root" "$work/empty"
echo hello >"$work/root/readme.txt"
chmod 755 "$work" "$work/root"
start_vsftpd() { # $1 min port, $2 max port
    [ -n "$pid" ] && { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; pid=; }
    port=$(free_port)
    cat >"$work/vsftpd.conf" <<CONF
listen=YES
listen_ipv6=NO
listen_address=127.0.0.1
listen_port=$port
background=NO
anonymous_enable=YES
no_anon_password=YES
anon_root=$work/root
local_enable=NO
write_enable=NO
pasv_enable=YES
pasv_address=127.0.0.1
pasv_min_port=$1
pasv_max_port=$2
run_as_launching_user=YES
secure_chroot_dir=$work/empty
seccomp_sandbox=NO
xferlog_enable=NO
CONF
    "$VSFTPD" "$work/vsftpd.conf" >"$work/vsftpd.log" 2>&1 &
    pid=$!
    i=0
    while [ $i -lt 50 ] && ! /usr/bin/python3 -c "import socket; socket.create_connection(('127.0.0.1',$port),1)" 2>/dev/null; do
        sleep 0.1; i=$((i+1))
    done
}
pasvctl() { wine "$exe" "$@" </dev/null >"$work/out.txt" 2>&1; }

# The lab's configured range: what selftest compares the announced ports with.
pasvctl apply 47001-47020 --yes
check "apply 47001-47020 in the lab (exit $?)" 'grep -q "changes were made" "$work/out.txt"'

start_vsftpd 47001 47020
pasvctl selftest --port "$port"; rc=$?
check "selftest vs vsftpd in range: exit $rc" '[ $rc -eq 0 ]'
check "PASV 227 reply shown" 'grep -q "227 Entering Passive Mode (127,0,0,1," "$work/out.txt"'
check "EPSV 229 reply shown" 'grep -q "229 Entering Extended Passive Mode (|||470" "$work/out.txt"'
check "port inside the range" 'grep -q "PASS  Announced port 470[0-2][0-9] is inside the configured range 47001-47020" "$work/out.txt"'
check "LIST passes with 226" 'grep -q "PASS  LIST over the data connection" "$work/out.txt" && grep -q "^      226 " "$work/out.txt"'
check "overall pass" 'grep -q "Passive FTP works." "$work/out.txt"'

start_vsftpd 47101 47110
pasvctl selftest --port "$port"; rc=$?
check "selftest vs vsftpd outside the range: exit $rc" '[ $rc -eq 1 ]'
check "the port outside the range is named" 'grep -q "FAIL  Announced port 471[01][0-9] is inside the configured range 47001-47020" "$work/out.txt" && grep -q "port 471[01][0-9] is outside the configured range 47001-47020" "$work/out.txt"'

pasvctl selftest --port "$port" --json; rc=$?
check "--json: exit $rc and result fail" '[ $rc -eq 1 ] && grep -q "\"result\": \"fail\"" "$work/out.txt"'

pasvctl remove --yes
echo "selftest_vsftpd: $passes passed, $fails failed"
[ $fails -eq 0 ]
