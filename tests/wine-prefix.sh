#!/bin/sh
# Creates or destroys one test suite's throwaway Wine prefix (ctest fixture setup/cleanup).
#   wine-prefix.sh create DIR [--lab PROVISION-ARGS...]   plain prefix, or a lab (tests/lab/provision.sh)
#   wine-prefix.sh destroy DIR                            stops that prefix's wineserver, removes DIR
# Never touches ~/.wine.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cmd=$1; dir=$2; shift 2
case "$dir" in /*) ;; *) echo "wine-prefix.sh: DIR must be absolute" >&2; exit 2 ;; esac
[ "$dir" = "$HOME/.wine" ] && { echo "wine-prefix.sh: refusing ~/.wine" >&2; exit 2; }
export WINEDEBUG=-all
case "$cmd" in
create)
    mkdir -p "$(dirname "$dir")"
    # Wine's long-lived processes (wineserver, winedevice, services) inherit stdout; ctest
    # waits for its pipe to close, so everything below writes to a log, shown at the end.
    log="$dir.log"
    lab=0
    if [ "${1:-}" = "--lab" ]; then lab=1; shift; fi
    : >"$log"
    # wineboot now and then fails to start its first program when several prefixes boot at
    # once on two cores ("ShellExecuteEx failed: Internal error"): a fresh start is the cure,
    # so a failed creation is retried from scratch, twice at most, and each attempt is logged.
    attempt=1
    while :; do
        if [ -d "$dir" ]; then WINEPREFIX="$dir" wineserver -k 2>/dev/null || true; rm -rf "$dir"; fi
        rc=0
        echo "--- creating $dir (attempt $attempt)" >>"$log"
        if [ "$lab" = 1 ]; then
            sh "$here/lab/provision.sh" "$dir" "$@" </dev/null >>"$log" 2>&1 || rc=$?
        else
            # mscoree/mshtml off: no Mono/Gecko install dialogs in a headless prefix.
            { WINEPREFIX="$dir" WINEDLLOVERRIDES="mscoree,mshtml=" wineboot -i &&
              WINEPREFIX="$dir" wineserver -w; } </dev/null >>"$log" 2>&1 || rc=$?
        fi
        # A persistent wineserver for the suite: services (the lab FTP service) live as long
        # as it does, and every wine call in the suite starts faster. destroy stops it.
        [ $rc -eq 0 ] && { WINEPREFIX="$dir" wineserver -p </dev/null >>"$log" 2>&1 || rc=$?; }
        [ $rc -eq 0 ] || [ $attempt -ge 3 ] && break
        attempt=$((attempt + 1))
    done
    cat "$log"
    [ $rc -eq 0 ] || { echo "wine-prefix.sh: creating $dir failed ($rc)" >&2; exit $rc; }
    echo "prefix ready: $dir"
    ;;
destroy)
    if [ -d "$dir" ]; then
        WINEPREFIX="$dir" wineserver -k 2>/dev/null || true
        if [ -z "${PASV_KEEP_PREFIXES:-}" ]; then rm -rf "$dir"; fi
    fi
    ;;
*) echo "usage: wine-prefix.sh create|destroy DIR [--lab ARGS]" >&2; exit 2 ;;
esac
