#!/bin/sh
# CMAKE_CROSSCOMPILING_EMULATOR for the cross build: runs a Windows program under Wine in the
# test's own throwaway prefix. Refuses to run without WINEPREFIX so nothing touches ~/.wine.
if [ -z "${WINEPREFIX:-}" ]; then
    echo "wine-run.sh: WINEPREFIX is not set; refusing to use ~/.wine" >&2
    exit 125
fi
case "$WINEPREFIX" in
    "$HOME/.wine"|"$HOME/.wine/") echo "wine-run.sh: refusing to use ~/.wine" >&2; exit 125 ;;
esac
export WINEDEBUG="${WINEDEBUG:--all}"
export PASV_UNDER_WINE=1
# Wine starts long-lived helpers (services.exe, winedevice.exe, explorer.exe) on demand, and
# they inherit our stdout; ctest would wait for that pipe until its timeout. So the program
# writes to a file that is copied to stdout once it exits.
out=$(mktemp "${TMPDIR:-/tmp}/pasv-wine-run.XXXXXX") || exit 125
wine "$@" </dev/null >"$out" 2>&1
rc=$?
cat "$out"
rm -f "$out"
exit $rc
