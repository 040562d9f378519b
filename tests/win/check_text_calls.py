#!/usr/bin/env python3
# pasvports tests: every call site of the string-table text functions passes at least as many
# inserts as the strings it names use, with the right kind for pasv_text_failure's one insert.
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the pasvports developers
#
# The declaration of a string's inserts is the string in res/lang/en-US*.rc (src/win/text.h).
# Checked: calls whose id argument names string ids (IDS_*, PASV_MSG_*, also in a ?: choice) and
# whose count is a literal number:
#   pasv_text_format(ID, args, N)            N >= the highest insert of ID
#   console_message(stream, ID, args, N)     the same (src/cli/console.c)
#   set_text_id(hwnd, control, ID, args, N)  the same (src/app/dlg_main.c)
#   msg_out(ID, args, N)                     the same (src/cli/cmd_status.c)
# and, where args is initialised in the same function, that an element passed without a
# (DWORD_PTR) cast (a number) does not meet a string insert, nor a wide literal a number insert.
#   fmt(ID, a1, a2)                          two string inserts (src/cli/cmd_selftest.c)
#   pasv_text_failure(ID, arg, hr)           one string insert at most; none when arg is NULL
#   pasv_text_load(ID)                       no inserts at all
# Calls with a computed id or count are counted and listed with -v; the Wine test
# (test_strings.c) and pasv_text_format's own check cover them at run time.
# Usage: check_text_calls.py [-v] SOURCE-DIR
import os
import re
import sys

SPEC_STRING = {"s", "ls", "ws"}
SPEC_NUMBER = {"u", "d", "i", "x", "X", "o", "lu", "ld", "li", "lx", "lX", "lo"}


def signature(text):
    """The insert types of a string ('s', 'u', '-' for unused), or None if it breaks the rules."""
    sig = {}
    for m in re.finditer(r"%(%|[^1-9]|([1-9][0-9]?)(?:!([^!]*)!)?)", text):
        if not m.group(2):
            continue
        n = int(m.group(2))
        spec = (m.group(3) or "s").lstrip("-+ #0123456789.")
        kind = "s" if spec in SPEC_STRING else "u" if spec in SPEC_NUMBER else None
        if kind is None or sig.get(n, kind) != kind:
            return None
        sig[n] = kind
    high = max(sig) if sig else 0
    return "".join(sig.get(i, "-") for i in range(1, high + 1))


def rc_strings(src):
    """{name: text} of every STRINGTABLE entry of the English string tables."""
    out = {}
    lang = os.path.join(src, "res", "lang")
    for f in sorted(os.listdir(lang)):
        if not f.endswith(".rc"):
            continue
        body = open(os.path.join(lang, f), encoding="utf-8").read()
        body = re.sub(r"/\*.*?\*/", "", body, flags=re.S)
        for table in re.findall(r"STRINGTABLE\s+BEGIN(.*?)\bEND\b", body, flags=re.S):
            for name, text in re.findall(r'^\s*([A-Z_][A-Z0-9_]*)\s+"((?:[^"]|"")*)"', table, flags=re.M):
                out[name] = text.replace('""', '"')
    return out


def strip_comments(code):
    code = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), code, flags=re.S)
    return re.sub(r"//[^\n]*", "", code)


def call_args(code, start):
    """The top-level arguments of the call whose '(' is at start, and the index after ')'."""
    depth, args, cur, i = 0, [], "", start
    while i < len(code):
        c = code[i]
        if c in "([{":
            depth += 1
            if depth > 1:
                cur += c
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                args.append(cur.strip())
                return args, i + 1
            cur += c
        elif c == "," and depth == 1:
            args.append(cur.strip())
            cur = ""
        elif c == '"' or c == "'":
            j = i + 1
            while code[j] != c:
                j += 2 if code[j] == "\\" else 1
            cur += code[i:j + 1]
            i = j
        else:
            cur += c
        i += 1
    return args, i


# name -> (index of the id argument, index of the count argument or a fixed count)
CALLS = {
    "pasv_text_format": (0, 2),
    "console_message": (1, 3),
    "set_text_id": (2, 4),
    "msg_out": (0, 2),
    "fmt": (0, "2s"),
    "pasv_text_failure": (0, "failure"),
    "pasv_text_load": (0, "0"),
}
# where the args array is, to read its initializer
ARGS_AT = {"pasv_text_format": 1, "console_message": 2, "set_text_id": 3, "msg_out": 1}


def initializer_kinds(code, before, name):
    """The kinds ('s', 'u', '?') of the nearest 'DWORD_PTR name[N] = {...}' before the call:
    an element without a (DWORD_PTR) cast is a number (a pointer needs the cast); a cast wide
    literal or a choice between one and something else is a string; any other cast is unknown."""
    found = None
    body = code.rfind("\n{", 0, before)  # the function's opening brace, in column 0
    decl = r"DWORD_PTR\s+" + re.escape(name) + r"\s*\[[^]]*\]\s*(=\s*\{)?"
    for m in re.finditer(decl, code[:before]):
        if m.start() > body:
            found = m
    if not found or not found.group(1):
        return None
    elems, _end = call_args(code, found.end() - 1)
    kinds = []
    for e in elems:
        if not e.startswith("(DWORD_PTR)"):
            kinds.append("u")
        elif 'L"' in e:
            kinds.append("s")
        else:
            kinds.append("?")
    return kinds


# Computed ids from one family: the expression, the ids it can return and the inserts every
# such call passes ('s' a string, 'u' a number, in order).
FAMILIES = [
    (r"pasv_range_error_msg\(", r"PASV_MSG_RANGE_", "sss"),
    (r"pasv_item_action_msg\(", r"PASV_MSG_ITEM_", "sss"),  # trail.c passes three strings (the third "" but for the address)
    (r"pasv_item_status_msg\(|it->msg", r"PASV_MSG_RESULT_", "ss"),
    (r"sizing\.msg", r"PASV_MSG_SIZING", "uuu"),
    (r"\b(res|r)(\.|->)msg\b", r"PASV_MSG_ADDR_(?!CLI)", "su"),
]


def check_types(where, name, sig, passed, problems):
    for i, kind in enumerate(sig):
        if kind == "-":
            continue
        if i >= len(passed):
            problems.append("%s: %s uses %d inserts (%s), the call passes %d" % (where, name, len(sig), sig, len(passed)))
            return
        if kind != passed[i]:
            problems.append("%s: %s insert %%%d is a %s, the call passes a %s" %
                            (where, name, i + 1, "string" if kind == "s" else "number",
                             "string" if passed[i] == "s" else "number"))


def main():
    verbose = "-v" in sys.argv[1:]
    args = [a for a in sys.argv[1:] if a != "-v"]
    src = args[0] if args else os.path.join(os.path.dirname(__file__), "..", "..")
    strings = rc_strings(src)
    sigs = {name: signature(text) for name, text in strings.items()}
    problems, checked, dynamic = [], 0, []
    for name, sig in sorted(sigs.items()):
        if sig is None:
            problems.append("res/lang: %s uses an insert spec text.h does not allow: %r" % (name, strings[name]))
    pattern = re.compile(r"\b(" + "|".join(CALLS) + r")\s*\(")
    for root, _dirs, files in os.walk(os.path.join(src, "src")):
        for f in sorted(files):
            if not f.endswith(".c"):
                continue
            path = os.path.join(root, f)
            rel = os.path.relpath(path, src)
            code = strip_comments(open(path, encoding="utf-8").read())
            for m in pattern.finditer(code):
                func = m.group(1)
                line = code.count("\n", 0, m.start()) + 1
                a, _end = call_args(code, m.end() - 1)
                id_at, count_at = CALLS[func]
                if len(a) <= id_at or re.match(r"^\s*(WCHAR|void|static|UINT|const)\b", a[0]):
                    continue  # the definition or a declaration
                if (func == "fmt" and f != "cmd_selftest.c") or (func == "msg_out" and f != "cmd_status.c"):
                    continue
                ids = re.findall(r"\b(IDS_[A-Z0-9_]+|PASV_MSG_[A-Z0-9_]+)\b", a[id_at])
                where = "%s:%d: %s(%s)" % (rel, line, func, ", ".join(a))
                if not ids:
                    fam = [f for f in FAMILIES if re.search(f[0], a[id_at])]
                    if not fam or func == "pasv_text_load":
                        dynamic.append(where)
                        continue
                    for name in sorted(n for n in sigs if re.match(fam[0][1], n)):
                        checked += 1
                        if sigs[name] is not None:
                            check_types(where, name, sigs[name], fam[0][2], problems)
                    continue
                if func in ARGS_AT and len(a) > ARGS_AT[func]:
                    kinds = initializer_kinds(code, m.start(), a[ARGS_AT[func]])
                    for name in ids:
                        sig = sigs.get(name) or ""
                        for i, kind in enumerate(kinds or []):
                            if i < len(sig) and kind != "?" and sig[i] != "-" and kind != sig[i]:
                                problems.append("%s: %s insert %%%d is a %s, the call passes a %s" %
                                                (where, name, i + 1, "string" if sig[i] == "s" else "number",
                                                 "string" if kind == "s" else "number"))
                if count_at == "failure":
                    count = 0 if a[1] == "NULL" else 1
                elif isinstance(count_at, str):
                    count = int(count_at[0])
                elif len(a) > count_at and re.fullmatch(r"[0-9]+", a[count_at]):
                    count = int(a[count_at])
                else:
                    dynamic.append(where)
                    continue
                for name in ids:
                    checked += 1
                    sig = sigs.get(name)
                    if name not in strings:
                        problems.append("%s: %s has no string in res/lang" % (where, name))
                    elif sig is None:
                        continue  # reported above
                    elif len(sig) > count:
                        problems.append("%s: %s uses %d inserts (%s), the call passes %d" %
                                        (where, name, len(sig), sig, count))
                    elif func in ("fmt", "pasv_text_failure") and "u" in sig:
                        problems.append("%s: %s has a number insert (%s), the call passes strings" %
                                        (where, name, sig))
    for p in problems:
        print("check_text_calls: " + p)
    print("check_text_calls: %d literal ids at call sites checked, %d calls with a computed id or count "
          "(checked at run time), %d problems" % (checked, len(dynamic), len(problems)))
    if verbose:
        for d in dynamic:
            print("  computed: " + d)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
