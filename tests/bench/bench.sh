#!/bin/sh
# pasvports benchmarks, in the lab: the seed's one-process-per-port method against one pasvctl
# run, cost against size (1,000 / 10,000 / 60,535 ports, per-port and range-rule), the GUI's
# worst stall, and the binaries' footprint. Prints a table and a final machine-readable line
# "BENCH {json}". Ratios matter here, not absolute times: these machines are noisy.
#
#   sh tests/bench/bench.sh            full run (after sh tests/run-all.sh; about 15-25 minutes)
#   sh tests/bench/bench.sh --smoke    footprint only, a few seconds (run-all.sh runs this)
#   options: --build DIR (default build/win), --latency-us N (default 1000), --skip-seed,
#            --skip-scale, --skip-gui
#
# Latency model: the lab firewall sleeps LatencyUs in every call that touches state. 1000 us
# models one cross-process call into the firewall service (hnetcfg -> SharedAccess/MpsSvc RPC
# plus its registry write and policy reload), the cost a real Add pays and Wine's stub does not.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
build="$top/build/win"
smoke=0; latency=1000; do_seed=1; do_scale=1; do_gui=1
while [ $# -gt 0 ]; do
    case "$1" in
    --smoke) smoke=1 ;;
    --build) build=$2; shift ;;
    --latency-us) latency=$2; shift ;;
    --skip-seed) do_seed=0 ;;
    --skip-scale) do_scale=0 ;;
    --skip-gui) do_gui=0 ;;
    *) echo "bench.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
. "$top/tests/xvfb.sh"

json=""
add_json() { json="${json:+$json,}\"$1\":$2"; }
row() { printf '%-44s %14s %14s %s\n' "$1" "$2" "$3" "${4:-}"; }
fail=0

# ---- Footprint: sizes and imports of the shipped binaries ----
objdump=x86_64-w64-mingw32-objdump
allowed="kernel32.dll user32.dll gdi32.dll comctl32.dll comdlg32.dll ole32.dll oleaut32.dll advapi32.dll
shell32.dll shlwapi.dll ws2_32.dll iphlpapi.dll msvcrt.dll version.dll uxtheme.dll psapi.dll"
echo "== footprint"
row "binary" "bytes" "target" "imports"
for exe in pasvports.exe pasvctl.exe; do
    f="$build/$exe"
    [ -f "$f" ] || { echo "bench.sh: $f not built" >&2; exit 1; }
    size=$(stat -c %s "$f")
    imports=$($objdump -p "$f" | sed -n 's/^\s*DLL Name: //p' | tr 'A-Z' 'a-z' | sort -u | tr '\n' ' ')
    target="-"
    if [ "$exe" = pasvports.exe ]; then
        target="< 524288"
        [ "$size" -lt 524288 ] || { echo "bench.sh: $exe is $size bytes, over the 512 KB target" >&2; fail=1; }
    fi
    for dll in $imports; do
        case " $(echo $allowed) " in
        *" $dll "*) ;;
        *) echo "bench.sh: $exe imports $dll, which is not a system DLL" >&2; fail=1 ;;
        esac
    done
    row "$exe" "$size" "$target" "$imports"
    add_json "$(echo "$exe" | tr . _)_bytes" "$size"
done
if [ "$smoke" = 1 ]; then
    echo "BENCH {$json}"
    exit $fail
fi

# ---- Lab helpers ----
prefixes="$build/prefixes-bench"
mkdir -p "$prefixes"
started_xvfb=0
if [ -z "${DISPLAY:-}" ]; then start_xvfb 70; started_xvfb=1; fi
current=""
cleanup() {
    [ -n "$current" ] && WINEPREFIX="$current" wineserver -k 2>/dev/null || true
    [ "$started_xvfb" = 1 ] && stop_xvfb
}
trap cleanup EXIT INT TERM

new_lab() { # new_lab NAME [provision args]
    name=$1; shift
    [ -n "$current" ] && { WINEPREFIX="$current" wineserver -k 2>/dev/null || true; rm -rf "$current"; }
    current="$prefixes/$name"
    PASV_BUILD_DIR="$build" sh "$top/tests/wine-prefix.sh" create "$current" --lab "$@" >/dev/null
    export WINEPREFIX="$current" WINEDEBUG=-all
}
knob() { # knob NAME VALUE: lab firewall knob
    wine reg add 'HKLM\SOFTWARE\PasvLab\Firewall' /v "$1" /t REG_DWORD /d "$2" /f >/dev/null 2>&1
}
winpath() { printf 'Z:%s' "$1" | tr / '\\'; }
run_measured() { # run_measured OUTFILE COMMAND...: wine bench_run COMMAND; echoes "wall_ms peak_kb exit"
    out=$1; shift
    wine "$build/bench/bench_run.exe" "$@" >"$out" 2>&1 || true
    tr -d '\r' <"$out" | sed -n 's/^bench_run: wall_ms=\([0-9.]*\) peak_ws_kb=\([0-9]*\) exit=\([0-9]*\)$/\1 \2 \3/p' | tail -n 1
}
ours_count() { # ports of ours in the Standard profile list
    wine reg query 'HKLM\SYSTEM\CurrentControlSet\Services\SharedAccess\Parameters\FirewallPolicy\StandardProfile\GloballyOpenPorts\List' \
        >"$prefixes/q.txt" 2>&1 || true
    grep -c 'Passive FTP' "$prefixes/q.txt" || true
}
ctl=$(winpath "$build/pasvctl.exe")
log="$prefixes/bench.log"

# ---- Seed method (one process per port) against one run ----
if [ "$do_seed" = 1 ]; then
    echo "== seed method vs one run (5001-5201)"
    row "case" "wall ms" "ports of ours"
    for lat in 0 "$latency"; do
        new_lab "seed$lat" --iis6
        knob LatencyUs "$lat"
        t0=$(date +%s%N)
        wine cmd /c "FOR /L %I IN (5001,1,5201) DO $ctl apply %I-%I --keep-stale --no-restart --yes" >"$log" 2>&1 || true
        t1=$(date +%s%N)
        seed_ms=$(( (t1 - t0) / 1000000 ))
        seed_ports=$(ours_count)
        new_lab "one$lat" --iis6
        knob LatencyUs "$lat"
        set -- $(run_measured "$log" "$ctl" apply 5001-5201 --no-restart --yes)
        one_ms=${1%.*}
        one_ports=$(ours_count)
        ratio=$(awk -v a="$seed_ms" -v b="$one_ms" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')
        row "per-port processes, latency ${lat}us" "$seed_ms" "$seed_ports"
        row "one pasvctl run, latency ${lat}us" "$one_ms" "$one_ports" "ratio ${ratio}x (target >= 20x)"
        add_json "seed_ms_lat$lat" "$seed_ms"; add_json "one_ms_lat$lat" "$one_ms"; add_json "ratio_lat$lat" "$ratio"
        awk -v r="$ratio" 'BEGIN { exit !(r >= 20) }' || echo "bench.sh: ratio ${ratio}x at latency ${lat}us misses the 20x target" >&2
    done
fi

# ---- Scale: cost against size ----
if [ "$do_scale" = 1 ]; then
    echo "== scale (lab latency 0)"
    row "case" "wall ms" "peak KB" "ports/s"
    for n in 1000 10000 60535; do
        high=$((5000 + n))
        new_lab "scale$n" --iis6
        set -- $(run_measured "$log" "$ctl" apply "5001-$high" --no-restart --yes)
        ms=${1%.*}; kb=$2; rc=$3
        pps=$(awk -v n="$n" -v ms="$ms" 'BEGIN { printf "%.0f", (ms > 0 ? n * 1000 / ms : 0) }')
        row "apply 5001-$high (per-port), exit $rc" "$ms" "$kb" "$pps"
        add_json "apply_${n}_ms" "$ms"; add_json "apply_${n}_peak_kb" "$kb"
        set -- $(run_measured "$log" "$ctl" audit --json)
        row "audit after it" "${1%.*}" "$2"
        add_json "audit_${n}_ms" "${1%.*}"; add_json "audit_${n}_peak_kb" "$2"
        if [ "$n" = 60535 ] && [ "$kb" -ge 65536 ]; then
            echo "bench.sh: peak working set ${kb} KB misses the 64 MB target" >&2
        fi
    done
    echo "== range rule (Vista+ lab)"
    for n in 1000 10000 60535; do
        high=$((5000 + n))
        new_lab "rule$n" --iis6 --windows win10
        set -- $(run_measured "$log" "$ctl" apply "5001-$high" --mode range-rule --no-restart --yes)
        row "apply 5001-$high (range-rule), exit $3" "${1%.*}" "$2"
        add_json "rule_${n}_ms" "${1%.*}"
    done
fi

# ---- GUI: launch, worst stall during the whole range, audit paint (bench_gui.sh) ----
if [ "$do_gui" = 1 ]; then
    echo "== GUI"
    [ -n "$current" ] && { WINEPREFIX="$current" wineserver -k 2>/dev/null || true; rm -rf "$current"; current=""; }
    sh "$top/tests/bench/bench_gui.sh" "$build" "$prefixes" >"$prefixes/gui.txt" 2>>"$log" || true
    head -n -1 "$prefixes/gui.txt"
    gui=$(tail -n 1 "$prefixes/gui.txt")
    case "$gui" in \{*) add_json gui "$gui" ;; esac
fi

echo "BENCH {$json}"
exit $fail
