#!/bin/sh
# pasvports GUI suite: after gui.apply set 5001-5201 through the dialog, a real FTP client
# (curl, passive mode, PASV and EPSV) lists through the lab FTP service, and the data port the
# server announced lies in 5001-5201.
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the pasvports developers
set -u
: "${WINEPREFIX:?WINEPREFIX must name the lab prefix}"
case "$WINEPREFIX" in "$HOME/.wine"|"$HOME/.wine/") echo "gui_ftp.sh: refusing ~/.wine" >&2; exit 2 ;; esac
export WINEDEBUG="${WINEDEBUG:--all}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pasv-guiftp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
passed=0; failed=0
check() { if [ "$1" = 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "gui_ftp.sh: FAILED: $2"; fi; }
# wine's children inherit our descriptors: always files, never pipes
w() { timeout 120 wine "$@" </dev/null; }

w reg query 'HKLM\SOFTWARE\PasvLab\FtpSvc' /v Port >"$tmp/reg.out" 2>&1
hex=$(sed -n 's/.*REG_DWORD *0x\([0-9a-fA-F]*\).*/\1/p' "$tmp/reg.out" | head -n 1)
[ -n "$hex" ] || { echo "gui_ftp.sh: no FtpSvc\\Port knob"; cat "$tmp/reg.out"; exit 1; }
port=$((0x$hex))
answers() { python3 -c "import socket,sys; s=socket.create_connection(('127.0.0.1', $port), 1); sys.exit(0 if s.recv(100).startswith(b'220') else 1)" >/dev/null 2>&1; }
i=0
if ! answers; then
    # the service was restarted by the dialog's process; if that process took it down on exit,
    # start it again: it reads the range the dialog wrote
    w net start MSFTPSVC >"$tmp/netstart.out" 2>&1
    while ! answers && [ $i -lt 30 ]; do sleep 0.5; i=$((i + 1)); done
fi
answers
check $? "the lab FTP service answers on 127.0.0.1:$port"

for mode in pasv epsv; do
    extra=""; [ "$mode" = pasv ] && extra="--disable-epsv"
    timeout 30 curl -sS -v --ftp-pasv $extra --connect-timeout 5 --max-time 20 \
        -o "$tmp/$mode.list" "ftp://127.0.0.1:$port/" >"$tmp/$mode.log" 2>&1
    rc=$?
    grep -q 'hello\.txt' "$tmp/$mode.list"
    check $(( rc != 0 || $? != 0 )) "curl --ftp-pasv ($mode) lists hello.txt (rc $rc)"
    p=$(grep -oE '227 Entering Passive Mode \(([0-9]+,){5}[0-9]+\)' "$tmp/$mode.log" |
        sed -E 's/.*\(([0-9]+,){4}([0-9]+),([0-9]+)\)/\2 \3/' | awk '{ print $1 * 256 + $2 }')
    [ -z "$p" ] && p=$(grep -oE '229 Entering Extended Passive Mode \(\|\|\|[0-9]+\|\)' "$tmp/$mode.log" |
        sed -E 's/.*\|\|\|([0-9]+)\|.*/\1/')
    [ -n "$p" ] && [ "$p" -ge 5001 ] && [ "$p" -le 5201 ]
    check $? "$mode: the announced data port [$p] lies in 5001-5201"
    echo "gui_ftp: $mode: rc $rc, data port $p"
done
echo "gui.ftp: $passed passed, $failed failed, 0 skipped"
[ "$failed" = 0 ] || { tail -n 20 "$tmp"/*.log; exit 1; }
