#!/bin/sh
# pasvports snap-in suite: converts the screenshots test_snapin wrote
# ($PASV_BUILD_DIR/snapin-shots/*.bmp) to PNG and checks each one was taken and is not blank.
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the pasvports developers
# A blank window has one or two colours; the list view, drawn without font smoothing, about seven.
set -u
dir="${PASV_BUILD_DIR:?}/snapin-shots"
passed=0; failed=0
for s in ${PASV_SNAPIN_SHOTS:-snapin-result-pane-default snapin-result-pane-applied snapin-result-pane-removed snapin-page-range snapin-page-options snapin-page-progress snapin-page-progress-done}; do
    if [ -f "$dir/$s.bmp" ] && convert "$dir/$s.bmp" "$dir/$s.png" 2>/dev/null; then
        colours=$(convert "$dir/$s.png" -format '%k' info: 2>/dev/null || echo 0)
        if [ "${colours:-0}" -gt 3 ]; then passed=$((passed + 1)); echo "snapin.shots: $dir/$s.png ($colours colours)"
        else failed=$((failed + 1)); echo "snapin.shots: FAILED: $s.png looks blank ($colours colours)"; fi
    else
        failed=$((failed + 1)); echo "snapin.shots: FAILED: no screenshot $s"
    fi
done
echo "snapin.shots: $passed passed, $failed failed, 0 skipped"
[ "$failed" = 0 ]
