/* pasvports unit tests: the audit CSV/JSON writer (include/pasv/audit_out.h), under ASan.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * Issue 11 B8: pasvctl audit --csv sized its buffer as count*140+64 and ran past it with one
 * foreign name of 79 quotes in a 1-port range. These tests feed such names to the one writer
 * both front ends now use and read the output back with independent parsers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fakes.h"
#include "pasv/audit_out.h"
#include "testlib.h"

/* True when entries hold names of any length (the list owns them) rather than a fixed array. */
#define NAMES_UNBOUNDED (sizeof(((pasv_fw_entry *)0)->name) == sizeof(const char *))

/* RFC 4180: field number n (0-based) of the first record after the header, unquoted. */
static char *csv_field(const char *csv, unsigned n)
{
    const char *p = strstr(csv, "\r\n");
    char *out = calloc(strlen(csv) + 1, 1);
    size_t j = 0;
    unsigned field = 0;

    if (!p || !out)
        return out;
    for (p += 2; *p && field <= n;) {
        if (*p == '"') {
            for (p++; *p; p++) {
                if (*p == '"' && p[1] == '"') {
                    if (field == n)
                        out[j++] = '"';
                    p++;
                } else if (*p == '"') {
                    p++;
                    break;
                } else if (field == n) {
                    out[j++] = *p;
                }
            }
        } else {
            for (; *p && *p != ',' && *p != '\r'; p++)
                if (field == n)
                    out[j++] = *p;
        }
        if (*p == ',') {
            field++;
            p++;
        } else {
            break;
        }
    }
    out[j] = 0;
    return out;
}

/* The JSON string value after "name": in the first row, unescaped (only what the writer emits). */
static char *json_name(const char *json)
{
    const char *p = strstr(json, "\"name\": \"");
    char *out = calloc(strlen(json) + 1, 1);
    size_t j = 0;

    if (!p || !out)
        return out;
    for (p += 9; *p && *p != '"'; p++) {
        if (*p != '\\') {
            out[j++] = *p;
            continue;
        }
        p++;
        if (*p == 'u') {
            unsigned v = 0;
            sscanf(p + 1, "%4x", &v);
            out[j++] = (char)v; /* the tests only escape ASCII */
            p += 4;
        } else {
            out[j++] = *p == 'n' ? '\n' : *p == 'r' ? '\r' : *p == 't' ? '\t' : *p;
        }
    }
    out[j] = 0;
    return out;
}

static pasv_hr write_one(const char *name, uint16_t port, pasv_audit_format fmt, pasv_textbuf *out)
{
    pasv_fw_list list;
    pasv_fw_entry e = fake_port(name, port, 3, PASV_FW_ENABLED);
    pasv_range range = {port, port};
    pasv_audit audit;
    pasv_audit_out opt = {fmt, false, true, NULL, NULL, 0};
    pasv_hr hr;

    pasv_fw_list_init(&list);
    pasv_fw_list_push(&list, &e);
    pasv_fw_classify(&list, NULL);
    hr = pasv_audit_build(&range, &list, 0, &audit);
    if (hr == PASV_S_OK) {
        hr = pasv_audit_write(&audit, &list, &opt, out);
        pasv_audit_cleanup(&audit);
    }
    pasv_fw_list_cleanup(&list);
    return hr;
}

static void test_csv_79_quotes_in_one_port_range(void)
{
    char name[80];
    pasv_textbuf out;
    char *field;

    memset(name, '"', 79);
    name[79] = 0;
    pasv_textbuf_init(&out);
    ok(write_one(name, 5001, PASV_AUDIT_CSV, &out) == PASV_S_OK, "written");
    ok(out.len > 160 && !strncmp(out.data, "\xEF\xBB\xBFport,state,profiles,name\r\n", 29), "BOM and stable header");
    ok(!strncmp(out.data + 29, "5001,foreign,domain|standard,\"", 30), "row: %.60s", out.data + 29);
    field = csv_field(out.data + 3, 3);
    ok(strlen(field) == 79 && strspn(field, "\"") == 79, "the 79 quotes read back whole (%u)", (unsigned)strlen(field));
    ok(out.len == 29 + 30 + 158 + 1 + 2, "exact length %u: every quote doubled, nothing past", (unsigned)out.len);
    free(field);
    pasv_textbuf_cleanup(&out);
}

static void test_json_invalid_utf8_becomes_replacement(void)
{
    pasv_textbuf out;
    size_t i;
    bool controls = false;

    pasv_textbuf_init(&out);
    ok(write_one("a\xFF\xC0\x80\xED\xA0\x80\x1b[2J\"\\\r\n", 5001, PASV_AUDIT_JSON, &out) == PASV_S_OK, "written");
    ok(strstr(out.data, "\"name\": \"a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
                        "\\u001b[2J\\\"\\\\\\r\\n\"") != NULL,
       "invalid bytes are U+FFFD, controls escaped: %s", out.data);
    for (i = 0; i < out.len; i++)
        controls |= (unsigned char)out.data[i] < 0x20 && out.data[i] != '\n';
    ok(!controls, "no raw control character but the line ends");
    ok(strstr(out.data, "\"profiles\": \"domain|standard\"") && strstr(out.data, "\"range\": \"5001\"") &&
           strstr(out.data, "\"foreign\": 1"),
       "profiles spelled out, range and totals: %s", out.data);
    pasv_textbuf_cleanup(&out);
}

static void test_10000_byte_name_written_whole(void)
{
    char *name = malloc(10001), *back;
    pasv_textbuf out;
    size_t i;

    if (!NAMES_UNBOUNDED) {
        skip("pasv_fw_entry still keeps names in a fixed array (the entries-own-their-names change is not merged)");
        free(name);
        return;
    }
    for (i = 0; i < 10000; i++)
        name[i] = "ab,\"c\n"[i % 6];
    name[10000] = 0;
    pasv_textbuf_init(&out);
    ok(write_one(name, 5001, PASV_AUDIT_CSV, &out) == PASV_S_OK, "CSV written");
    back = csv_field(out.data + 3, 3);
    ok(!strcmp(back, name), "CSV: the 10,000-byte name reads back whole (%u bytes)", (unsigned)strlen(back));
    free(back);
    pasv_textbuf_reset(&out);
    ok(write_one(name, 5001, PASV_AUDIT_JSON, &out) == PASV_S_OK, "JSON written");
    back = json_name(out.data);
    ok(!strcmp(back, name), "JSON: the 10,000-byte name reads back whole (%u bytes)", (unsigned)strlen(back));
    free(back);
    pasv_textbuf_cleanup(&out);
    free(name);
}

static void test_rows_subset_header_and_profiles(void)
{
    pasv_fw_list list;
    pasv_range range = {5001, 5003};
    pasv_audit audit;
    uint32_t rows[2] = {2, 0}, bad[1] = {99};
    pasv_audit_out opt = {PASV_AUDIT_CSV, true, true, "Port,State,Profiles,Exception", rows, 2};
    pasv_textbuf out;
    char buf[8];
    pasv_fw_entry e1 = fake_port("Passive FTP5001", 5001, 5, PASV_FW_ENABLED);

    pasv_fw_list_init(&list);
    pasv_fw_list_push(&list, &e1);
    pasv_fw_classify(&list, NULL);
    pasv_textbuf_init(&out);
    if (ok(pasv_audit_build(&range, &list, 0, &audit) == PASV_S_OK, "audit")) {
        ok(pasv_audit_write(&audit, &list, &opt, &out) == PASV_S_OK, "subset written");
        ok(!strcmp(out.data, "\xEF\xBB\xBFPort,State,Profiles,Exception\r\n5003,missing,,\r\n"
                             "5001,open,domain|public,Passive FTP5001\r\n"),
           "localized header, rows in the order asked, Vista+ profile names: %s", out.data);
        opt.rows = bad;
        opt.row_count = 1;
        ok(pasv_audit_write(&audit, &list, &opt, &out) == PASV_E_INVALIDARG, "a row index out of range is refused");
        pasv_audit_cleanup(&audit);
    }
    ok(!strcmp(pasv_audit_profiles_text(7, true, buf, sizeof(buf)), "domain"), "a short buffer holds whole names only");
    ok(!strcmp(pasv_audit_state_word(99), ""), "unknown state");
    pasv_textbuf_cleanup(&out);
    pasv_fw_list_cleanup(&list);
}

int main(void)
{
    test_csv_79_quotes_in_one_port_range();
    test_json_invalid_utf8_becomes_replacement();
    test_10000_byte_name_written_whole();
    test_rows_subset_header_and_profiles();
    return test_summary("audit_out");
}
