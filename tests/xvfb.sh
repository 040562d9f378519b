#!/bin/sh
# Sourced by the test scripts: start_xvfb starts a private Xvfb on a free display unless one is
# given, and remembers its PID; stop_xvfb ends exactly that process.
PASV_XVFB_PID=""
start_xvfb() {
    n=${1:-90}
    while [ -e "/tmp/.X$n-lock" ] || [ -e "/tmp/.X11-unix/X$n" ]; do n=$((n + 1)); done
    Xvfb ":$n" -screen 0 1280x900x24 -nolisten tcp >/dev/null 2>&1 &
    PASV_XVFB_PID=$!
    i=0
    while [ ! -e "/tmp/.X11-unix/X$n" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    if ! kill -0 "$PASV_XVFB_PID" 2>/dev/null; then
        echo "xvfb: Xvfb :$n did not start" >&2
        PASV_XVFB_PID=""
        return 1
    fi
    DISPLAY=":$n"
    export DISPLAY
}
stop_xvfb() {
    if [ -n "$PASV_XVFB_PID" ]; then
        kill "$PASV_XVFB_PID" 2>/dev/null || true
        wait "$PASV_XVFB_PID" 2>/dev/null || true
        PASV_XVFB_PID=""
    fi
}
