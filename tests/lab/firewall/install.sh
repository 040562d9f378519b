#!/bin/sh
# pasvports lab firewall: installs the lab hnetcfg.dll into an existing Wine prefix (the same
# two steps provision.sh performs): copy over system32\hnetcfg.dll, DllOverrides hnetcfg=native.
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the pasvports developers
#   install.sh PREFIX-DIR      (lab binaries from "$PASV_BUILD_DIR/lab", default build/win/lab)
set -eu
dir=${1:?usage: install.sh PREFIX-DIR}
case "$dir" in /*) ;; *) echo "install.sh: PREFIX-DIR must be absolute" >&2; exit 2 ;; esac
[ "$dir" = "$HOME/.wine" ] && { echo "install.sh: refusing ~/.wine" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
lab=${PASV_BUILD_DIR:-$(cd "$here/../../.." && pwd)/build/win}/lab
[ -f "$lab/hnetcfg.dll" ] || { echo "install.sh: $lab/hnetcfg.dll missing (build lab_hnetcfg)" >&2; exit 1; }
cp "$lab/hnetcfg.dll" "$dir/drive_c/windows/system32/hnetcfg.dll"
WINEPREFIX="$dir" WINEDEBUG=-all wine reg add 'HKCU\Software\Wine\DllOverrides' /v hnetcfg /d native /f >/dev/null
