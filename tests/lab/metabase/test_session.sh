#!/bin/sh
# pasvports lab: checks tests/lab/session.sh: start records and prints what it started, stop
# ends exactly those processes.
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the pasvports developers
#
#   test_session.sh SCRATCH_DIR   (ctest; uses a scratch directory of its own, not a suite prefix)
set -u
here=$(cd "$(dirname "$0")" && pwd)
dir=$1
pass=0; fail=0
ok() { d=$1; shift; if "$@" >/dev/null 2>&1; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "test_session.sh: Test failed: $d"; fi; }
alive() { [ -n "$1" ] && [ -d "/proc/$1" ] && ! gone "$1"; }
# exited: no /proc entry, or a zombie waiting for init to reap it
gone() { ! [ -r "/proc/$1/stat" ] || sed 's/.*) //' "/proc/$1/stat" | grep -q '^Z'; }

rm -rf "$dir"; mkdir -p "$dir"
out=$(env -u DISPLAY sh "$here/../session.sh" start "$dir")
ok "start succeeds" test $? -eq 0
ok "prints the WINEPREFIX export" sh -c "printf '%s\n' \"\$1\" | grep -qx 'export WINEPREFIX=$dir'" - "$out"
ok "prints a DISPLAY export" sh -c "printf '%s\n' \"\$1\" | grep -q '^export DISPLAY=:[0-9]'" - "$out"
ok "records the session" test -f "$dir/.lab-session"
xvfb=$(sed -n 's/^XVFB_PID=//p' "$dir/.lab-session")
ws=$(sed -n 's/^WINESERVER_PID=//p' "$dir/.lab-session")
ok "Xvfb started (DISPLAY was unset)" alive "$xvfb"
ok "wineserver started" alive "$ws"
ok "a second start is refused" sh -c "! sh '$here/../session.sh' start '$dir'"
ok "stop succeeds" sh "$here/../session.sh" stop "$dir"
ok "Xvfb stopped" gone "$xvfb"
ok "wineserver stopped" gone "$ws"
ok "session record removed" test ! -e "$dir/.lab-session"
# with DISPLAY set, no Xvfb is started
out=$(DISPLAY=:4242 sh "$here/../session.sh" start "$dir")
ok "keeps an existing DISPLAY" sh -c "printf '%s\n' \"\$1\" | grep -qx 'export DISPLAY=:4242'" - "$out"
ok "no Xvfb recorded" grep -qx 'XVFB_PID=' "$dir/.lab-session"
sh "$here/../session.sh" stop "$dir"
rm -rf "$dir"
echo "lab.metabase.session: $pass passed, $fail failed, 0 skipped"
[ "$fail" -eq 0 ]
