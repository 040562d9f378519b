#!/bin/sh
# cppcheck over src/: fails on any finding not suppressed inline with a reason
# (`// cppcheck-suppress id ; why`) or in tests/cppcheck-suppressions.txt (each with a reason).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
cppcheck --quiet --error-exitcode=1 --inline-suppr \
    --enable=warning,style,performance,portability \
    --suppressions-list=tests/cppcheck-suppressions.txt \
    --std=c11 -D__GNUC__ -DUNICODE -D_UNICODE -D_WIN32 \
    -I include -I res -I src/win \
    src/
echo "cppcheck: no findings in src/"
