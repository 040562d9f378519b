#!/bin/sh
# pasvports: build and run the range fuzzer (libFuzzer + ASan + UBSan).
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the pasvports developers
#
# Usage: tests/fuzz/run.sh [seconds]   (default 10). Exits non-zero on a crash or a build
# failure. Needs clang with the libFuzzer runtime (Debian: libclang-rt-14-dev).
set -eu

cd "$(dirname "$0")/../.."
seconds=${1:-10}
out=build/fuzz
mkdir -p "$out/corpus"

clang -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -g -O1 -std=c11 -Wall -Wextra -Werror \
    -Iinclude src/core/range.c tests/fuzz/fuzz_range.c -o "$out/fuzz_range"

# Seeds: one of each accepted shape and each error, so mutation starts from the grammar.
i=0
for s in "5001-5201" "5001" " 5001 - 5201 " "0-0" "1025-5000" "" "50a1" "-5001" "+5001" "5001-+5201" \
         "70000" "5201-5001" "5001 x" "5001-5201-5300" "5001--5201" "- 5201" "5001-" \
         "99999999999999999999999999" "005001-065535"; do
    printf '%s' "$s" > "$out/corpus/seed$i"
    i=$((i + 1))
done

# libFuzzer exits non-zero and writes crash-* on the first failure.
exec "$out/fuzz_range" -max_total_time="$seconds" -max_len=128 -artifact_prefix="$out/" "$out/corpus"
