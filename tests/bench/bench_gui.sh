#!/bin/sh
# pasvports GUI benchmark (called by bench.sh): launch to visible dialog (the first launch
# after the prefix's wineserver was stopped, then a second one; bench_launch.exe itself starts
# the wineserver, so neither includes the server's own start), the worst stall of the dialog during a whole 5001-65535 apply (WM_NULL sampled
# every 50 ms against the 100 ms target), and the audit view of the range painted.
# Prints a table and, last, one JSON object.
#   bench_gui.sh BUILD-DIR WORK-DIR      (DISPLAY must be set)
set -eu
build=$1; work=$2
top=$(cd "$(dirname "$0")/../.." && pwd)
prefix="$work/gui"
log="$work/gui-bench.log"
WINEPREFIX="$prefix" wineserver -k 2>/dev/null || true
PASV_BUILD_DIR="$build" sh "$top/tests/wine-prefix.sh" create "$prefix" --lab --iis6 >"$log" 2>&1
export WINEPREFIX="$prefix" WINEDEBUG=-all
trap 'WINEPREFIX="$prefix" wineserver -k 2>/dev/null || true' EXIT INT TERM

launch() {
    wine "$build/bench/bench_launch.exe" "$build/pasvports.exe" >"$work/launch.txt" 2>&1 || true
    tr -d '\r' <"$work/launch.txt" | sed -n 's/^bench_launch: visible_ms=\([0-9.]*\)$/\1/p'
}
wineserver -k 2>/dev/null || true
cold=$(launch)
warm=$(launch)
printf '%-44s %14s\n' "launch to visible, first launch (ms)" "${cold:-?}"
printf '%-44s %14s\n' "launch to visible, second launch (ms)" "${warm:-?}"

# The whole range, sampled throughout, against the product's 100 ms target.
PASV_GUI_STALL_MS=1200000 PASV_GUI_STALL_LIMIT_MS=100 \
    wine "$build/tests/gui/test_gui_driver.exe" stall >"$work/stall.raw" 2>&1 || true
tr -d '\r' <"$work/stall.raw" >"$work/stall.txt"
resp=$(grep '^responsiveness:' "$work/stall.txt" | tail -n 1)
worst=$(echo "$resp" | sed -n 's/.*worst WM_NULL round trip \([0-9]*\) ms, \([0-9]*\) timeouts.*/\1/p')
misses=$(echo "$resp" | sed -n 's/.*worst WM_NULL round trip \([0-9]*\) ms, \([0-9]*\) timeouts.*/\2/p')
samples=$(echo "$resp" | sed -n 's/^responsiveness: \([0-9]*\) samples over \([0-9]*\) ms.*/\1/p')
run_ms=$(echo "$resp" | sed -n 's/^responsiveness: \([0-9]*\) samples over \([0-9]*\) ms.*/\2/p')
paint=$(sed -n 's/^audit_paint: rows=\([0-9]*\) ms=\([0-9.]*\)$/\1 \2/p' "$work/stall.txt" | tail -n 1)
rows=${paint% *}; paint_ms=${paint#* }
printf '%-44s %14s\n' "60,535-port apply: run sampled (ms)" "${run_ms:-?}"
printf '%-44s %14s %s\n' "worst WM_NULL round trip (ms)" "${worst:-?}" "${misses:-?} over 100 ms in ${samples:-?} samples (target: none)"
printf '%-44s %14s %s\n' "audit view painted (ms)" "${paint_ms:-?}" "${rows:-?} rows (target < 1000)"
echo "{\"launch_first_ms\":${cold:-null},\"launch_second_ms\":${warm:-null},\"stall_worst_ms\":${worst:-null},\"stall_over_100ms\":${misses:-null},\"stall_samples\":${samples:-null},\"audit_rows\":${rows:-null},\"audit_paint_ms\":${paint_ms:-null}}"
