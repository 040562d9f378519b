#!/bin/sh
# pasvports: build and run the fuzzers (libFuzzer + ASan + UBSan).
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the pasvports developers
#
# Usage: tests/fuzz/run.sh [seconds] [target]   (default 10 seconds each, every target).
# Targets: range (the range parser), cmdline (pasvctl's command line and the address validator).
# Exits non-zero on a crash or a build failure. Needs clang with the libFuzzer runtime (Debian:
# libclang-rt-14-dev). The corpus grows in build/fuzz/corpus-TARGET; findings are written to
# build/fuzz/crash-* (replay one with: build/fuzz/fuzz_TARGET build/fuzz/crash-...).
set -eu

cd "$(dirname "$0")/../.."
seconds=${1:-10}
only=${2:-}
out=build/fuzz
mkdir -p "$out/corpus-range" "$out/corpus-cmdline"
flags="-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -g -O1 -std=c11 -Wall -Wextra -Werror -Iinclude"

seed() { # seed DIR NAME TEXT (printf format: \000 separates arguments)
    printf -- "$3" > "$1/$2"
}

run_range() {
    # shellcheck disable=SC2086
    clang $flags src/core/range.c tests/fuzz/fuzz_range.c -o "$out/fuzz_range"
    # Seeds: one of each accepted shape and each error, so mutation starts from the grammar.
    i=0
    for s in "5001-5201" "5001" " 5001 - 5201 " "0-0" "1025-5000" "" "50a1" "-5001" "+5001" "5001-+5201" \
             "70000" "5201-5001" "5001 x" "5001-5201-5300" "5001--5201" "- 5201" "5001-" \
             "99999999999999999999999999" "005001-065535"; do
        printf '%s' "$s" > "$out/corpus-range/seed$i"
        i=$((i + 1))
    done
    # libFuzzer exits non-zero and writes crash-* on the first failure.
    "$out/fuzz_range" -max_total_time="$seconds" -max_len=128 -artifact_prefix="$out/" "$out/corpus-range"
}

run_cmdline() {
    # shellcheck disable=SC2086
    clang $flags src/core/range.c src/core/addr.c src/core/cmdline.c tests/fuzz/fuzz_cmdline.c \
        -o "$out/fuzz_cmdline"
    d=$out/corpus-cmdline
    seed "$d" apply 'apply\0005001-5201\000--scope\00010.0.0.0/8,192.168.1.5\000--yes'
    seed "$d" garbage 'apply\0005001-5201\000--scope\000----'
    seed "$d" commas 'apply\0005001\000--scope=,,,'
    seed "$d" octet 'export\000--format\000gpo\0005001\000--scope\000300.1.1.1'
    seed "$d" prefix 'apply\0005001\000--scope\00010.0.0.0/33'
    seed "$d" v6 'apply\0005001-5010\000--scope\0002001:db8::1-2001:db8::ff,fe80::/10,::ffff:1.2.3.4'
    seed "$d" mask 'apply\0005001\000--scope\00010.0.0.2/255.0.0.0, LocalSubnet,dns,DHCP,wins,DefaultGateway'
    seed "$d" ranges 'apply\0005001\000--scope\00010.0.0.1-10.0.0.9,*'
    seed "$d" audit 'audit\000--json\000--out\000a.json\000--prefix\000X'
    seed "$d" csv 'audit\000--csv\000a.csv\000--json'
    seed "$d" remove 'remove\000--dry-run\000-y\000--on-error=continue\000--no-restart'
    seed "$d" mode 'apply\000 5001 - 5201 \000--mode\000range-rule\000--direct-metabase-edit\000on\000--keep-stale'
    seed "$d" selftest 'selftest\000--host\000h\000--port\0002121\000--user\000u\000--password\000p\000--json'
    seed "$d" help 'help\000apply'
    seed "$d" version '--version'
    "$out/fuzz_cmdline" -max_total_time="$seconds" -max_len=1200 -artifact_prefix="$out/" "$d"
}

case "$only" in
    "") run_range; run_cmdline ;;
    range) run_range ;;
    cmdline) run_cmdline ;;
    *) echo "unknown fuzz target: $only" >&2; exit 2 ;;
esac
