#!/bin/sh
# The one test command: installs what is missing, builds native and Windows, runs every suite.
#   native: core + unit tests under ASan/UBSan, cppcheck over src/, a short libFuzzer smoke
#   windows: cross build with mingw-w64, every suite under Wine in its own throwaway prefix
# Ends with ctest's own summary line; exits non-zero on any failure.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
. "$top/tests/xvfb.sh"

sh tests/install-deps.sh || { echo "run-all: could not install the build tools" >&2; exit 1; }

jobs=$(nproc 2>/dev/null || echo 2)
status=0
step() { echo; echo "=== $*"; }

mkdir -p build
step "native build (gcc, ASan+UBSan)"
if cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Debug >build/native.cmake.log 2>&1 ||
   { cat build/native.cmake.log; false; }; then
    cmake --build build/native -j"$jobs" || status=1
    ctest --test-dir build/native --output-on-failure -j"$jobs" || status=1
else
    status=1
fi

step "cppcheck over src/"
sh tests/cppcheck.sh || status=1

if command -v clang >/dev/null 2>&1 && [ -f tests/fuzz/run.sh ]; then
    step "fuzz smoke (range parser and command line, 10 s each)"
    sh tests/fuzz/run.sh 10 || status=1
fi

step "windows build (mingw-w64 x86_64)"
if cmake -S . -B build/win -DCMAKE_TOOLCHAIN_FILE=cmake/mingw-w64-x86_64.cmake \
        -DCMAKE_BUILD_TYPE=Release >build/win.cmake.log 2>&1 || { cat build/win.cmake.log; false; }; then
    cmake --build build/win -j"$jobs" || status=1
else
    status=1
fi

# Windows 2000 and most Server 2003 machines are 32-bit: the product is built for x86 too.
# (Its tests run in the 64-bit lab; a 32-bit lab needs Debian's wine32:i386.)
step "windows build (mingw-w64 i686: pasvports.exe, pasvctl.exe)"
if cmake -S . -B build/win32 -DCMAKE_TOOLCHAIN_FILE=cmake/mingw-w64-i686.cmake -DPASV_WITH_LAB=OFF \
        -DCMAKE_BUILD_TYPE=Release >build/win32.cmake.log 2>&1 || { cat build/win32.cmake.log; false; }; then
    cmake --build build/win32 -j"$jobs" --target pasvports pasvctl pasvsnap || status=1
else
    status=1
fi

step "windows tests under Wine"
# A DISPLAY inherited from a shell whose X server has gone would fail every GUI suite: use it
# only when it answers, else start our own.
if [ -z "${DISPLAY:-}" ] || ! xdpyinfo >/dev/null 2>&1; then
    start_xvfb || status=1
fi
trap stop_xvfb EXIT INT TERM
ctest --test-dir build/win --output-on-failure -j"$jobs" || status=1
stop_xvfb
exit $status
