#!/bin/sh
# Opens the real pasvports.exe dialog: installs what is missing, builds, provisions a lab
# prefix (a simulated Windows Server 2003 FTP host, tests/lab) and runs the dialog in it.
# With a DISPLAY the dialog opens in a real window; without one it runs under a private Xvfb,
# saves a PNG screenshot of the dialog and prints its path.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. "$top/tests/xvfb.sh"

sh tests/install-deps.sh
mkdir -p build
cmake -S . -B build/win -DCMAKE_TOOLCHAIN_FILE=cmake/mingw-w64-x86_64.cmake \
    -DCMAKE_BUILD_TYPE=Release >build/win.cmake.log 2>&1 || { cat build/win.cmake.log; exit 1; }
cmake --build build/win -j"$(nproc 2>/dev/null || echo 2)"

prefix="$top/build/demo/prefix"
shot="$top/build/demo/pasvports.png"
mkdir -p "$top/build/demo"
headless=0
if [ -z "${DISPLAY:-}" ]; then
    headless=1
    start_xvfb
fi
cleanup() {
    WINEPREFIX="$prefix" wineserver -k 2>/dev/null || true
    stop_xvfb
}
trap cleanup EXIT INT TERM

if [ -f tests/lab/provision.sh ]; then
    echo "demo: provisioning a lab prefix in $prefix"
    PASV_BUILD_DIR="$top/build/win" sh tests/wine-prefix.sh create "$prefix" --lab
else
    sh tests/wine-prefix.sh create "$prefix"
fi
export WINEPREFIX="$prefix" WINEDEBUG=-all

if [ "$headless" = 0 ]; then
    echo "demo: opening pasvports.exe on $DISPLAY"
    wine "$top/build/win/pasvports.exe"
    exit 0
fi

# Xvfb has no window manager: let Wine draw the title bar itself so the screenshot shows it.
wine reg add 'HKCU\Software\Wine\X11 Driver' /v Decorated /d N /f >/dev/null 2>&1 || true
wine "$top/build/win/pasvports.exe" &
app=$!
win=""
i=0
while [ -z "$win" ] && [ $i -lt 300 ]; do
    win=$(xdotool search --onlyvisible --name '^FTP Passive Ports$' 2>/dev/null | head -n 1 || true)
    [ -n "$win" ] || { sleep 0.2; i=$((i + 1)); }
done
if [ -z "$win" ]; then
    echo "demo: the dialog did not appear within 60 s" >&2
    kill "$app" 2>/dev/null || true
    exit 1
fi
sleep 1 # let the dialog finish painting
import -window "$win" "$shot"
xdotool windowclose "$win" 2>/dev/null || true
kill "$app" 2>/dev/null || true
wait "$app" 2>/dev/null || true
echo "demo: screenshot of the dialog: $shot"
