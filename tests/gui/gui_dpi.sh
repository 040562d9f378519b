#!/bin/sh
# pasvports GUI suite: runs the dialog's "texts fit" scenario with the lab prefix at another DPI
# (HKCU\Control Panel\Desktop LogPixels, read by each new Wine process), then puts 96 back.
# Usage: gui_dpi.sh test_gui_driver.exe DPI [SCENARIO] (default dialog_texts_fit)
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the pasvports developers
set -u
: "${WINEPREFIX:?WINEPREFIX must name the lab prefix}"
case "$WINEPREFIX" in "$HOME/.wine"|"$HOME/.wine/") echo "gui_dpi.sh: refusing ~/.wine" >&2; exit 2 ;; esac
export WINEDEBUG="${WINEDEBUG:--all}"
driver="$1"; dpi="$2"; scenario="${3:-dialog_texts_fit}"
# wine's children inherit our descriptors: always files, never pipes
w() { timeout 240 wine "$@" </dev/null; }
logpixels() { w reg add 'HKCU\Control Panel\Desktop' /v LogPixels /t REG_DWORD /d "$1" /f >/dev/null 2>&1; }
logpixels "$dpi"
PASV_GUI_DPI="$dpi" w "$driver" "$scenario"
rc=$?
logpixels 96
exit $rc
