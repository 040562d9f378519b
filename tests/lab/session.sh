#!/bin/sh
# pasvports lab: starts/stops what a manual lab session needs around a provisioned prefix.
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the pasvports developers
#
#   session.sh start DIR   Xvfb on a free display (only if DISPLAY is unset) and a persistent
#                          wineserver for DIR; records their PIDs in DIR/.lab-session; prints
#                          the exports to eval
#   session.sh stop DIR    `WINEPREFIX=DIR wineserver -k`, then kills exactly the recorded PIDs
# Wine kills services without notice when its wineserver exits, so a session keeps one alive.
set -eu
die() { echo "session.sh: $*" >&2; exit 1; }
[ $# -eq 2 ] || die "usage: session.sh start|stop DIR"
cmd=$1; dir=$2
case "$dir" in /*) ;; *) die "DIR must be absolute" ;; esac
[ "$dir" = "$HOME/.wine" ] && die "refusing ~/.wine"
state="$dir/.lab-session"

# Is PID alive and running the program named NAME? (guards against recycled PIDs)
alive() { [ -r "/proc/$1/cmdline" ] && tr '\0' ' ' < "/proc/$1/cmdline" | grep -q "$2"; }   # a zombie has no cmdline

case "$cmd" in
start)
    [ -d "$dir" ] || die "$dir is not a prefix (run tests/lab/provision.sh first)"
    [ -f "$state" ] && die "a session is already recorded in $state (session.sh stop first)"
    xvfb_pid=; display=${DISPLAY:-}
    if [ -z "$display" ]; then
        command -v Xvfb >/dev/null || die "Xvfb not found"
        n=90
        while [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ]; do n=$((n + 1)); done
        Xvfb ":$n" -nolisten tcp -screen 0 1280x1024x24 >/dev/null 2>&1 &
        xvfb_pid=$!
        i=0
        while [ ! -e "/tmp/.X11-unix/X$n" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
        alive "$xvfb_pid" Xvfb || die "Xvfb :$n did not start"
        display=":$n"
    fi
    # -f keeps the server in the foreground of its own background job, so $! is its real PID.
    WINEPREFIX="$dir" wineserver -f -p >/dev/null 2>&1 &
    ws_pid=$!
    sleep 0.3
    if ! alive "$ws_pid" wineserver; then
        ws_pid=   # a server for this prefix was already running; it is not ours to stop
    fi
    printf 'XVFB_PID=%s\nWINESERVER_PID=%s\nDISPLAY=%s\n' "$xvfb_pid" "$ws_pid" "$display" > "$state"
    echo "export WINEPREFIX=$dir"
    echo "export DISPLAY=$display"
    ;;
stop)
    [ -f "$state" ] || die "no session recorded in $state"
    xvfb_pid=$(sed -n 's/^XVFB_PID=//p' "$state")
    ws_pid=$(sed -n 's/^WINESERVER_PID=//p' "$state")
    WINEPREFIX="$dir" wineserver -k 2>/dev/null || true
    if [ -n "$ws_pid" ] && alive "$ws_pid" wineserver; then kill "$ws_pid" 2>/dev/null || true; fi
    if [ -n "$xvfb_pid" ] && alive "$xvfb_pid" Xvfb; then kill "$xvfb_pid" 2>/dev/null || true; fi
    # Return only once they are gone. Xvfb and the server take a moment to exit, longer on a
    # loaded two-core machine (a clean-clone run once saw Xvfb outlive 5 s): after 10 s our own
    # PIDs get SIGKILL, then a last wait.
    still_running() {
        { [ -n "$ws_pid" ] && alive "$ws_pid" wineserver; } || { [ -n "$xvfb_pid" ] && alive "$xvfb_pid" Xvfb; }
    }
    i=0
    while [ $i -lt 100 ] && still_running; do sleep 0.1; i=$((i + 1)); done
    if still_running; then
        if [ -n "$ws_pid" ] && alive "$ws_pid" wineserver; then kill -9 "$ws_pid" 2>/dev/null || true; fi
        if [ -n "$xvfb_pid" ] && alive "$xvfb_pid" Xvfb; then kill -9 "$xvfb_pid" 2>/dev/null || true; fi
        i=0
        while [ $i -lt 20 ] && still_running; do sleep 0.1; i=$((i + 1)); done
    fi
    rm -f "$state"
    ;;
*) die "usage: session.sh start|stop DIR" ;;
esac
