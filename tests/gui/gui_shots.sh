#!/bin/sh
# pasvports GUI suite: converts the screenshots the driver wrote ($PASV_BUILD_DIR/gui-shots/*.bmp)
# to PNG and checks every main state was captured and is not blank.
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the pasvports developers
set -u
dir="${PASV_BUILD_DIR:?}/gui-shots"
passed=0; failed=0
# Names given as arguments (the IIS 10 lab's shots): those only; else the IIS 6 suite's.
[ $# -gt 0 ] || set -- opened invalid-input preview in-progress done-with-failure audit \
         refused-locked refused-log unfinished confirm-undo undone \
         unfinished-finish confirm-finish finished \
         stopped-service-kept refused-gp-override refused-service-disabled audit-other-scope \
         fresh-focus confirm-apply refreshed-stopped audit-found help-f1 help \
         opened-96dpi audit-96dpi opened-144dpi audit-144dpi
for s in "$@"; do
    if [ -f "$dir/$s.bmp" ] && convert "$dir/$s.bmp" "$dir/$s.png" 2>/dev/null; then
        colours=$(convert "$dir/$s.png" -format '%k' info: 2>/dev/null || echo 0)
        if [ "${colours:-0}" -gt 8 ]; then passed=$((passed + 1)); echo "gui.shots: $dir/$s.png ($colours colours)"
        else failed=$((failed + 1)); echo "gui.shots: FAILED: $s.png looks blank ($colours colours)"; fi
    else
        failed=$((failed + 1)); echo "gui.shots: FAILED: no screenshot $s"
    fi
done
echo "gui.shots: $passed passed, $failed failed, 0 skipped"
[ "$failed" = 0 ]
