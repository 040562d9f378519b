#!/bin/sh
# Installs, via apt-get, whatever of the project's build and test tools is missing (idempotent:
# a machine that has everything is left alone and nothing is downloaded). Debian 12, as root.
set -eu
packages="cmake make gcc mingw-w64 wine wine64 fonts-wine xvfb x11-utils xdotool imagemagick wixl msitools
curl lftp python3 cppcheck clang libclang-rt-14-dev python3-samba vsftpd"
missing=""
for p in $packages; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
if [ -z "$missing" ]; then
    exit 0
fi
echo "install-deps: installing:$missing"
if [ "$(id -u)" != 0 ]; then
    echo "install-deps: these packages are missing and installing them needs root:$missing" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq $missing >/dev/null
