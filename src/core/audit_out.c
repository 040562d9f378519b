/* pasvports: the audit as CSV or JSON (audit_out.h).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include "pasv/audit_out.h"

#include <string.h>

static const char *const state_words[PASV_AUDIT_STATE_COUNT] = {"open",    "partial", "missing",
                                                                  "foreign", "stale",   "overridden"};

const char *pasv_audit_state_word(unsigned state)
{
    return state < PASV_AUDIT_STATE_COUNT ? state_words[state] : "";
}

const char *pasv_audit_profiles_text(uint32_t profiles, bool rules_api, char *buf, size_t cap)
{
    static const char *const legacy[] = {"domain", "standard"};
    static const char *const rules[] = {"domain", "private", "public"};
    const char *const *names = rules_api ? rules : legacy;
    size_t count = rules_api ? 3 : 2, i, used = 0;

    if (!cap)
        return "";
    buf[0] = 0;
    for (i = 0; i < count; i++) {
        size_t n = strlen(names[i]);
        if (!(profiles & (1u << i)))
            continue;
        if (used + (used ? 1 : 0) + n + 1 > cap)
            break;
        if (used)
            buf[used++] = '|';
        memcpy(buf + used, names[i], n + 1);
        used += n;
    }
    return buf;
}

/* The deciding entry's name; "" for a missing port. */
static const char *row_name(const pasv_fw_list *list, const pasv_audit_row *row)
{
    if (list && row->entry != UINT32_MAX && row->entry < list->count)
        return list->items[row->entry].name;
    return "";
}

static void write_row(const pasv_audit_row *r, const pasv_fw_list *list, const pasv_audit_out *opt, bool last,
                      pasv_textbuf *out)
{
    char profiles[32];

    pasv_audit_profiles_text(r->profiles, opt->rules_api, profiles, sizeof(profiles));
    if (opt->format == PASV_AUDIT_CSV) {
        pasv_textbuf_printf(out, "%u,%s,%s,", (unsigned)r->port, pasv_audit_state_word(r->state), profiles);
        pasv_textbuf_put_csv(out, row_name(list, r));
        pasv_textbuf_puts(out, "\r\n");
    } else {
        pasv_textbuf_printf(out, "    {\"port\": %u, \"state\": \"%s\", \"profiles\": \"%s\", \"name\": ",
                            (unsigned)r->port, pasv_audit_state_word(r->state), profiles);
        pasv_textbuf_put_json(out, row_name(list, r));
        pasv_textbuf_puts(out, last ? "}\n" : "},\n");
    }
}

pasv_hr pasv_audit_write(const pasv_audit *audit, const pasv_fw_list *list, const pasv_audit_out *opt,
                         pasv_textbuf *out)
{
    size_t i, count = opt->rows ? opt->row_count : audit->count;

    for (i = 0; opt->rows && i < count; i++)
        if (opt->rows[i] >= audit->count)
            return PASV_E_INVALIDARG;
    if (opt->format == PASV_AUDIT_CSV) {
        pasv_textbuf_puts(out, "\xEF\xBB\xBF");
        if (opt->csv_header)
            pasv_textbuf_put_utf8(out, opt->csv_header, strlen(opt->csv_header));
        else
            pasv_textbuf_puts(out, "port,state,profiles,name");
        pasv_textbuf_puts(out, "\r\n");
    } else {
        char range[PASV_RANGE_TEXT_MAX];
        if (!pasv_range_format(&audit->range, range, sizeof(range)))
            range[0] = 0;
        pasv_textbuf_printf(out,
                            "{\n  \"range\": \"%s\",\n  \"range_set\": %s,\n  \"totals\": {\"open\": %u, "
                            "\"partial\": %u, \"missing\": %u, \"foreign\": %u, \"stale\": %u, \"overridden\": %u},\n"
                            "  \"rows\": [\n",
                            range, opt->range_set ? "true" : "false", (unsigned)audit->totals[PASV_AUDIT_OPEN],
                            (unsigned)audit->totals[PASV_AUDIT_PARTIAL], (unsigned)audit->totals[PASV_AUDIT_MISSING],
                            (unsigned)audit->totals[PASV_AUDIT_FOREIGN], (unsigned)audit->totals[PASV_AUDIT_STALE],
                            (unsigned)audit->totals[PASV_AUDIT_OVERRIDDEN]);
    }
    for (i = 0; i < count && !out->failed; i++)
        write_row(&audit->rows[opt->rows ? opt->rows[i] : i], list, opt, i + 1 == count, out);
    if (opt->format == PASV_AUDIT_JSON)
        pasv_textbuf_puts(out, "  ]\n}\n");
    return out->failed ? PASV_E_OUTOFMEMORY : PASV_S_OK;
}
