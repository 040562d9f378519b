#!/bin/sh
# pasvports tests: the Registry.pol `pasvctl export --format pol` writes, read back by an
# independent parser (Samba's PReg NDR code from Debian's python3-samba), and the PowerShell
# export checked for structure (no PowerShell parser is packaged for Debian).
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the pasvports developers
#
#   export_pol_samba.sh PASVCTL.EXE         (an IIS 6 lab: the XP/2003 list and the Vista+ rule)
#   export_pol_samba.sh PASVCTL.EXE iis7    (an IIS 10 lab: the Vista+ rule alone, and --format gpo)
# Run by ctest in a Wine prefix: WINEPREFIX is set.
set -u
exe=$1
mode=${2:-iis6}
[ -n "${WINEPREFIX:-}" ] || { echo "WINEPREFIX not set" >&2; exit 2; }
work=$(mktemp -d "${PASV_BUILD_DIR:-/tmp}/polcheck.XXXXXX")
trap 'rm -rf "$work"' EXIT
if [ "$mode" = iis7 ]; then
    # The lab's pasvctl sees IIS 10, so the export is for IIS 7+: one Vista+ rule.
    wine "$exe" export --format pol 5001-5201 --scope 10.0.0.0/8,2001:db8::/32 --out "Z:$work/Registry.pol" \
        </dev/null >"$work/out.txt" 2>&1 || { echo "FAIL: export pol exit $?"; cat "$work/out.txt"; exit 1; }
    wine "$exe" export --format gpo 5001-5201 --scope 10.0.0.0/8,2001:db8::/32 </dev/null >"$work/gpo.txt" 2>&1 || {
        echo "FAIL: export gpo exit $?"; cat "$work/gpo.txt"; exit 1; }
    wine "$exe" export --format pol 5001-5201 --external-ip none </dev/null >"$work/conflict.txt" 2>&1
    rc=$?
    /usr/bin/python3 - "$work/Registry.pol" "$work/gpo.txt" "$rc" "$work/conflict.txt" <<'PY'
import sys
fails = 0
def check(cond, what):
    global fails
    print(("ok: " if cond else "FAIL: ") + what)
    fails += 0 if cond else 1
try:
    from samba.dcerpc import preg
    from samba.ndr import ndr_unpack
except ImportError:
    print("SKIP: python3-samba not installed (tests/install-deps.sh)")
    sys.exit(0)
f = ndr_unpack(preg.file, open(sys.argv[1], "rb").read())
check(f.header.signature == "PReg" and f.header.version == 1, "PReg header, version 1")
check(f.num_entries == 1, "one entry, no XP/2003 GloballyOpenPorts: %d" % f.num_entries)
rule = ("v2.10|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=5001-5201|RA4=10.0.0.0/8|RA6=2001:db8::/32|"
        "Name=Passive FTP 5001-5201|Desc=FTP passive data ports (pasvports)|EmbedCtxt=FTP Passive Ports|")
if f.entries:
    e = f.entries[0]
    check(e.keyname == "Software\\Policies\\Microsoft\\WindowsFirewall\\FirewallRules", "key: %s" % e.keyname)
    check(e.valuename == "pasvports-5001-5201", "value name = the rule ID: %s" % e.valuename)
    check(e.type == 1, "REG_SZ")
    check(e.data == rule, "the [MS-GPFAS] rule string: %r" % e.data)
gpo = open(sys.argv[2], encoding="utf-8", errors="replace").read().replace("\r", "")
check("Windows Defender Firewall with Advanced Security > Inbound Rules > New Rule" in gpo, "gpo: where the rule goes")
check("Specific local ports: 5001-5201" in gpo and rule in gpo, "gpo: the settings and the same rule string")
check(":TCP:" not in gpo, "gpo: no XP/2003 port exception strings")
out = open(sys.argv[4], encoding="utf-8", errors="replace").read()
check(sys.argv[3] == "2" and "--external-ip" in out, "pol with --external-ip: exit 2, says why (%s)" % sys.argv[3])
print("export_pol_samba iis7: %d failed" % fails)
sys.exit(1 if fails else 0)
PY
    exit $?
fi
wine "$exe" export --format pol 5001-5201 --scope subnet --out "Z:$work/Registry.pol" </dev/null >"$work/out.txt" 2>&1 || {
    echo "FAIL: export pol exit $?"; cat "$work/out.txt"; exit 1; }
wine "$exe" export --format powershell 5001-5201 --out "Z:$work/p.ps1" </dev/null >"$work/out2.txt" 2>&1 || {
    echo "FAIL: export powershell exit $?"; cat "$work/out2.txt"; exit 1; }
# Debian's python3, where python3-samba lives (another python3 may come first on PATH).
/usr/bin/python3 - "$work/Registry.pol" "$work/p.ps1" <<'PY'
import sys
fails = 0
def check(cond, what):
    global fails
    if cond:
        print("ok:", what)
    else:
        fails += 1
        print("FAIL:", what)
try:
    from samba.dcerpc import preg
    from samba.ndr import ndr_unpack
except ImportError:
    print("SKIP: python3-samba not installed (tests/install-deps.sh)")
    sys.exit(0)
data = open(sys.argv[1], "rb").read()
f = ndr_unpack(preg.file, data)
check(f.header.signature == "PReg" and f.header.version == 1, "PReg header, version 1")
check(f.num_entries == 2 + 2 * 201 + 1, "entries: %d" % f.num_entries)
root = "Software\\Policies\\Microsoft\\WindowsFirewall\\"
by = {}
for e in f.entries:
    by.setdefault(e.keyname, []).append(e)
for prof in ("DomainProfile", "StandardProfile"):
    en = [e for e in by.get(root + prof + "\\GloballyOpenPorts", []) if e.valuename == "Enabled"]
    check(len(en) == 1 and en[0].type == 4 and en[0].data == 1, prof + " GloballyOpenPorts Enabled=1 REG_DWORD")
    lst = by.get(root + prof + "\\GloballyOpenPorts\\List", [])
    check(len(lst) == 201, prof + " list has 201 ports: %d" % len(lst))
    first = [e for e in lst if e.valuename == "5001:TCP"]
    check(len(first) == 1 and first[0].type == 1 and first[0].data == "5001:TCP:localsubnet:enabled:Passive FTP5001",
          prof + " 5001:TCP = %r" % (first[0].data if first else None))
    check(all(e.data == "%s:localsubnet:enabled:Passive FTP%s" % (e.valuename, e.valuename.split(":")[0]) for e in lst),
          prof + " every value matches its name")
rules = by.get(root + "FirewallRules", [])
check(len(rules) == 1 and rules[0].type == 1, "one Vista+ rule")
if rules:
    r = rules[0].data
    for part in ("v2.10|", "Action=Allow|", "Dir=In|", "Protocol=6|", "LPort=5001-5201|", "RA4=LocalSubnet|",
                 "Name=Passive FTP 5001-5201|", "EmbedCtxt=FTP Passive Ports|"):
        check(part in r, "rule has " + part)
ps = open(sys.argv[2], encoding="utf-8", newline="").read()
check("\r\n" in ps and "\n" not in ps.replace("\r\n", ""), "ps1: CRLF lines")
code = "".join(l.split("#")[0] if not l.startswith("#Requires") else "" for l in ps.split("\r\n"))
check(code.count("'") % 2 == 0 and code.count('"') % 2 == 0, "ps1: balanced quotes")
check(code.count("(") == code.count(")") and code.count("{") == code.count("}"), "ps1: balanced brackets")
check("New-NetFirewallRule -DisplayName $ruleName" in ps and "-LocalPort 5001-5201" in ps and
      "-RemoteAddress Any" in ps, "ps1: the rule")
check("Restart-Service -Name 'MSFTPSVC'" in ps, "ps1: restart")
print("export_pol_samba: %d failed" % fails)
sys.exit(1 if fails else 0)
PY
