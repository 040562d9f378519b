#!/bin/sh
# pasvports tests: pasvctl's input/output hardening in an IIS 6 lab (issue 11, B15 B18 B19 B22).
# tests/win/test_io_lab.c checks --scope refusals, the odd foreign name in JSON/CSV/console;
# here python3's json module parses what audit --json wrote, and a write that fails half-way
# (RLIMIT_FSIZE, SIGXFSZ ignored: write() returns EFBIG) must leave the old file byte-identical.
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the pasvports developers
#
#   io_lab.sh TEST_IO_LAB.EXE PASVCTL.EXE    (run by ctest in a Wine prefix: WINEPREFIX is set)
set -u
test_exe=$1
exe=$2
[ -n "${WINEPREFIX:-}" ] || { echo "WINEPREFIX not set" >&2; exit 2; }
work=$(mktemp -d "${PASV_BUILD_DIR:-/tmp}/iolab.XXXXXX")
trap 'rm -rf "$work"' EXIT
fails=0
check() { # check CONDITION-EXIT-STATUS TEXT
    if [ "$1" -eq 0 ]; then echo "ok: $2"; else echo "FAIL: $2"; fails=$((fails + 1)); fi
}

# Wine's helper processes (wineserver, services) outlive the call: they must not hold ctest's
# output pipe, so every wine call writes to a file.
wine "$test_exe" "$exe" "$work" </dev/null >"$work/test_io_lab.txt" 2>&1
code=$?
cat "$work/test_io_lab.txt"
[ "$code" -eq 0 ]
check $? "test_io_lab (scope_garbage_is_refused_and_changes_nothing, audit_json_is_valid_utf8, console_escapes_control_characters)"

# audit_json_is_valid_utf8: Python's strict decoder and JSON parser, on both outputs.
for f in audit.json audit-stdout.json; do
    /usr/bin/python3 - "$work/$f" <<'PY'
import json, sys
data = open(sys.argv[1], "rb").read()
doc = json.loads(data.decode("utf-8", errors="strict"))
rows = [r for r in doc["rows"] if r["port"] == 5005]
assert len(rows) == 1 and rows[0]["state"] == "foreign", rows
name = rows[0]["name"]
assert name.startswith("Odd\x1b[31m\x07\r\ufffd\"q\\\x01"), repr(name)
assert name.endswith("a\u20ac\u20ac\u20ac end"), repr(name)
assert doc["totals"]["foreign"] == 1 and doc["range"] == "5001-5010", doc["totals"]
print("json ok:", sys.argv[1], len(doc["rows"]), "rows")
PY
    check $? "audit_json_is_valid_utf8: python3 json.loads($f)"
done

# failed_output_write_keeps_old_file: a 60,535-line export into a file under a 256 KiB size
# limit. The wineserver must not inherit the limit (it saves the registry), so it is started
# first and kept for a minute.
out="$work/gpo.txt"
printf 'OLD CONTENT\r\n' > "$out"
cp "$out" "$work/gpo.before"
wineserver -p60 </dev/null >/dev/null 2>&1
wine "$exe" status </dev/null >/dev/null 2>&1
(
    trap '' XFSZ
    ulimit -f 512
    wine "$exe" export --format gpo 5001-65535 --out "Z:$out" </dev/null >"$work/export.txt" 2>&1
)
code=$?
cat "$work/export.txt"
[ "$code" -ne 0 ]
check $? "failed_output_write_keeps_old_file: the export fails (exit $code)"
cmp -s "$out" "$work/gpo.before"
check $? "failed_output_write_keeps_old_file: the old file is byte-identical"
ls "$work" | grep -q 'gpo.txt.tmp-'
[ $? -ne 0 ]
check $? "failed_output_write_keeps_old_file: no temporary file left"
# Without the limit the same export replaces the file whole.
wine "$exe" export --format gpo 5001-65535 --out "Z:$out" </dev/null >/dev/null 2>&1
check $? "the same export without the limit succeeds"
[ "$(wc -l < "$out")" -eq 60535 ]
check $? "and the file has all 60,535 lines"

echo "io_lab: $fails failed"
[ "$fails" -eq 0 ]
