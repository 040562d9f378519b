/* pasvports: the write-ahead journal's text format: parsing, and the plan a journal rolls back
 * (see journal.h; formatting is in journal.c).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * Linear in the journal's size: every line is read once, fields are found by a scan of it. */
#include "pasv/journal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NO_ENTRY UINT32_MAX

/* ---- parsing ---- */

typedef struct line_parser {
    pasv_journal *j;
    pasv_plan_item *items;
    size_t count, cap;
    bool header, options, before;
} line_parser;

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* The unescaped value as a new string, NULL on a bad escape or no memory. */
static char *unescape(const char *s, size_t n)
{
    char *out = malloc(n + 1);
    size_t i, k = 0;

    if (!out)
        return NULL;
    for (i = 0; i < n; i++) {
        int hi, lo;
        if (s[i] != '%') {
            out[k++] = s[i];
            continue;
        }
        hi = i + 2 < n ? hexval(s[i + 1]) : -1;
        lo = i + 2 < n ? hexval(s[i + 2]) : -1;
        if (hi < 0 || lo < 0) {
            free(out);
            return NULL;
        }
        out[k++] = (char)(hi * 16 + lo);
        i += 2;
    }
    out[k] = 0;
    return out;
}

/* Finds the field "key=" in the line; *v and *n receive the raw value. */
static bool field(const char *line, size_t len, const char *key, const char **v, size_t *n)
{
    size_t klen = strlen(key), i = 0;

    while (i < len) {
        size_t start = i, end;
        while (i < len && line[i] != ' ')
            i++;
        end = i;
        if (end - start > klen && !memcmp(line + start, key, klen) && line[start + klen] == '=') {
            *v = line + start + klen + 1;
            *n = end - start - klen - 1;
            return true;
        }
        i++;
    }
    return false;
}

static bool num_field(const char *line, size_t len, const char *key, long long lo, long long hi, long long *out)
{
    const char *v;
    size_t n;
    char tmp[24], *end;
    long long x;

    if (!field(line, len, key, &v, &n) || n == 0 || n >= sizeof(tmp))
        return false;
    memcpy(tmp, v, n);
    tmp[n] = 0;
    x = strtoll(tmp, &end, 10);
    if (*end || x < lo || x > hi)
        return false;
    *out = x;
    return true;
}

static bool hex_field(const char *v, size_t n, uint32_t *out)
{
    char tmp[12], *end;
    unsigned long x;

    if (n == 0 || n > 8)
        return false;
    memcpy(tmp, v, n);
    tmp[n] = 0;
    x = strtoul(tmp, &end, 16);
    if (*end)
        return false;
    *out = (uint32_t)x;
    return true;
}

static bool range_field(const char *line, size_t len, const char *key, pasv_range *r)
{
    const char *v;
    size_t n;
    char tmp[16];
    unsigned lo, hi;
    char extra;

    if (!field(line, len, key, &v, &n) || n == 0 || n >= sizeof(tmp))
        return false;
    memcpy(tmp, v, n);
    tmp[n] = 0;
    if (sscanf(tmp, "%u-%u%c", &lo, &hi, &extra) != 2 || lo > 65535 || hi > 65535)
        return false;
    r->low = (uint16_t)lo;
    r->high = (uint16_t)hi;
    return true;
}

static char *str_field(const char *line, size_t len, const char *key)
{
    const char *v;
    size_t n;
    if (!field(line, len, key, &v, &n))
        return NULL;
    return unescape(v, n);
}

/* The entry points at the parsed text; pasv_fw_list_push copies it whole. */
static void entry_strings(pasv_fw_entry *e, const char *name, const char *remote)
{
    e->name = name;
    e->remote = remote;
}

static pasv_hr parse_header(pasv_journal *j, const char *l, size_t n)
{
    long long v, pid;

    if (!num_field(l, n, "version", 1, 1000000, &v) || v != PASV_JOURNAL_VERSION ||
        !num_field(l, n, "pid", 0, UINT32_MAX, &pid))
        return PASV_E_INVALIDARG;
    j->pid = (uint32_t)pid;
    j->program = str_field(l, n, "program");
    j->time = str_field(l, n, "time");
    j->command = str_field(l, n, "command");
    return j->program && j->time && j->command ? PASV_S_OK : PASV_E_INVALIDARG;
}

/* The IIS 7+ options (journal.c put_iis7_options): optional, all or none. */
static pasv_hr parse_iis7_options(pasv_journal *j, const char *l, size_t n)
{
    long long has_site, has_ext, off;

    if (!num_field(l, n, "has_site", 0, 1, &has_site))
        return PASV_S_OK;
    if (!num_field(l, n, "has_ext", 0, 1, &has_ext) || !num_field(l, n, "builtin_off", 0, 1, &off))
        return PASV_E_INVALIDARG;
    if (has_site && !(j->site = str_field(l, n, "site")))
        return PASV_E_INVALIDARG;
    if (has_ext && !(j->external_ip = str_field(l, n, "ext")))
        return PASV_E_INVALIDARG;
    j->opt.site = j->site;
    j->opt.external_ip = j->external_ip;
    j->opt.disable_builtin_rule = off != 0;
    return PASV_S_OK;
}

static pasv_hr parse_options(pasv_journal *j, const char *l, size_t n)
{
    pasv_options *o = &j->opt;
    long long v[13];
    static const char *const keys[13] = {"clear", "server", "mode", "scope", "has_remote", "profiles", "stale",
                                         "restart", "enable_fw", "edit", "on_error", "skip_config", "skip_fw"};
    size_t i;

    for (i = 0; i < 13; i++)
        if (!num_field(l, n, keys[i], -1, UINT32_MAX, &v[i]))
            return PASV_E_INVALIDARG;
    if (!range_field(l, n, "range", &o->range))
        return PASV_E_INVALIDARG;
    j->prefix = str_field(l, n, "prefix");
    j->remote = str_field(l, n, "remote");
    if (!j->prefix || !j->remote)
        return PASV_E_INVALIDARG;
    o->clear_range = v[0] != 0;
    o->server = (pasv_server_kind)v[1];
    o->mode = (pasv_fw_mode)v[2];
    o->scope = (pasv_scope)v[3];
    o->prefix = j->prefix;
    o->remote = v[4] ? j->remote : NULL;
    o->profiles = (uint32_t)v[5];
    o->remove_stale = v[6] != 0;
    o->restart_service = v[7] != 0;
    o->enable_firewall = v[8] != 0;
    o->edit_while_running = (int)v[9];
    o->on_error = (pasv_on_error)v[10];
    o->skip_config = v[11] != 0;
    o->skip_firewall = v[12] != 0;
    return parse_iis7_options(j, l, n);
}

/* The raw range value (issue 11, B12): optional, so journals written before it still read. */
static pasv_hr parse_before_raw(pasv_journal *j, const char *l, size_t n)
{
    const char *v;
    size_t vn;
    long long type = 0;
    char *raw;

    if (field(l, n, "raw_type", &v, &vn) && !num_field(l, n, "raw_type", 0, UINT32_MAX, &type))
        return PASV_E_INVALIDARG;
    j->before.range_raw_type = (uint32_t)type;
    if (!field(l, n, "raw", &v, &vn))
        return PASV_S_OK;
    raw = unescape(v, vn);
    if (!raw)
        return PASV_E_INVALIDARG;
    /* Longer than any backend keeps: not written by us. */
    if (strlen(raw) >= sizeof(j->before.range_raw)) {
        free(raw);
        return PASV_E_INVALIDARG;
    }
    strcpy(j->before.range_raw, raw);
    free(raw);
    return PASV_S_OK;
}

static pasv_hr parse_before(pasv_journal *j, const char *l, size_t n)
{
    long long set, svc, fw, edit;
    const char *v;
    size_t vn;

    if (!range_field(l, n, "range", &j->before.range) || !num_field(l, n, "set", 0, 1, &set) ||
        !num_field(l, n, "service", 0, 7, &svc) || !num_field(l, n, "fw_enabled", 0, UINT32_MAX, &fw) ||
        !num_field(l, n, "edit", -1, 1, &edit))
        return PASV_E_INVALIDARG;
    j->before.range_set = set != 0;
    j->before.service_state = (int)svc;
    j->before.fw_enabled = (uint32_t)fw;
    j->before.edit_while_running = (int)edit;
    /* Optional (issue 12, finding 7): the range a rollback restores, when the plan knew it. */
    if (field(l, n, "prev", &v, &vn)) {
        if (!range_field(l, n, "prev", &j->restores) || !num_field(l, n, "prev_set", 0, 1, &set))
            return PASV_E_INVALIDARG;
        j->restores_set = set != 0;
        j->restores_known = true;
    }
    return parse_before_raw(j, l, n);
}

static pasv_hr parse_entry(pasv_journal *j, const char *l, size_t n)
{
    pasv_fw_entry e;
    long long profiles, flags, proto, kind, scope;
    char *name, *remote;
    pasv_hr hr = PASV_E_INVALIDARG;

    memset(&e, 0, sizeof(e));
    if (!range_field(l, n, "ports", &e.ports) || !num_field(l, n, "profiles", 0, UINT32_MAX, &profiles) ||
        !num_field(l, n, "flags", 0, UINT16_MAX, &flags) || !num_field(l, n, "proto", 0, 255, &proto) ||
        !num_field(l, n, "kind", 0, 255, &kind) || !num_field(l, n, "scope", 0, 255, &scope))
        return PASV_E_INVALIDARG;
    name = str_field(l, n, "name");
    remote = str_field(l, n, "remote");
    if (name && remote) {
        e.profiles = (uint32_t)profiles;
        e.flags = (uint16_t)flags;
        e.protocol = (uint8_t)proto;
        e.kind = (uint8_t)kind;
        e.scope = (uint8_t)scope;
        entry_strings(&e, name, remote);
        hr = pasv_fw_list_push(&j->entries, &e) ? PASV_S_OK : PASV_E_OUTOFMEMORY;
    }
    free(name);
    free(remote);
    return hr;
}

static pasv_hr parse_item(line_parser *p, const char *l, size_t n)
{
    pasv_plan_item it;
    long long kind, status, port, profiles, msg, entry = -1;
    const char *v;
    size_t vn;
    uint32_t hr;

    memset(&it, 0, sizeof(it));
    if (!num_field(l, n, "kind", 0, PASV_ITEM_KIND_COUNT - 1, &kind) ||
        !num_field(l, n, "status", 0, PASV_ST_COUNT - 1, &status) || !num_field(l, n, "port", 0, 65535, &port) ||
        !num_field(l, n, "profiles", 0, UINT32_MAX, &profiles) || !num_field(l, n, "msg", 0, UINT32_MAX, &msg) ||
        !range_field(l, n, "range", &it.range) || !field(l, n, "hr", &v, &vn) || !hex_field(v, vn, &hr) ||
        !field(l, n, "entry", &v, &vn))
        return PASV_E_INVALIDARG;
    if (!(vn == 1 && v[0] == '-') && !num_field(l, n, "entry", 0, UINT32_MAX - 1, &entry))
        return PASV_E_INVALIDARG;
    it.kind = (uint8_t)kind;
    it.status = (uint8_t)status;
    it.port = (uint16_t)port;
    it.profiles = (uint32_t)profiles;
    it.hr = (pasv_hr)hr;
    it.msg = (pasv_msg)msg;
    it.entry = entry < 0 ? NO_ENTRY : (uint32_t)entry;
    if (p->count == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 64;
        pasv_plan_item *grown = realloc(p->items, cap * sizeof(*grown));
        if (!grown)
            return PASV_E_OUTOFMEMORY;
        p->items = grown;
        p->cap = cap;
    }
    p->items[p->count++] = it;
    return PASV_S_OK;
}

static pasv_hr parse_begin(line_parser *p, const char *l, size_t n)
{
    long long items, entries;
    size_t i;

    if (!num_field(l, n, "items", 0, INT32_MAX, &items) || !num_field(l, n, "entries", 0, INT32_MAX, &entries) ||
        (size_t)items != p->count || (size_t)entries != p->j->entries.count || !p->header || !p->options ||
        !p->before)
        return PASV_E_INVALIDARG;
    for (i = 0; i < p->count; i++)
        if (p->items[i].entry != NO_ENTRY && p->items[i].entry >= p->j->entries.count)
            return PASV_E_INVALIDARG;
    p->j->ran = calloc(p->count ? p->count : 1, sizeof(*p->j->ran));
    if (!p->j->ran)
        return PASV_E_OUTOFMEMORY;
    p->j->begun = true;
    return PASV_S_OK;
}

/* "done I STATUS HR" */
static pasv_hr parse_done(line_parser *p, const char *l, size_t n)
{
    char tmp[64], *end;
    unsigned long index, status;
    uint32_t hr;
    char *hex;

    if (n >= sizeof(tmp))
        return PASV_E_INVALIDARG;
    memcpy(tmp, l, n);
    tmp[n] = 0;
    index = strtoul(tmp + 5, &end, 10);
    if (*end != ' ')
        return PASV_E_INVALIDARG;
    status = strtoul(end + 1, &end, 10);
    if (*end != ' ' || index >= p->count || status >= PASV_ST_COUNT)
        return PASV_E_INVALIDARG;
    hex = end + 1;
    if (!hex_field(hex, strlen(hex), &hr))
        return PASV_E_INVALIDARG;
    p->items[index].status = (uint8_t)status;
    p->items[index].hr = (pasv_hr)hr;
    p->items[index].msg = pasv_item_status_msg(&p->items[index]);
    p->j->ran[index] = true;
    p->j->done_lines++;
    p->j->last_index = index;
    return PASV_S_OK;
}

static bool starts(const char *l, size_t n, const char *word)
{
    size_t k = strlen(word);
    return n >= k && !memcmp(l, word, k) && (n == k || l[k] == ' ');
}

static pasv_hr parse_line(line_parser *p, const char *l, size_t n)
{
    pasv_journal *j = p->j;
    const char *v;
    size_t vn;
    uint32_t result;

    if (!p->header) {
        if (!starts(l, n, "journal"))
            return PASV_E_INVALIDARG;
        p->header = true;
        return parse_header(j, l, n);
    }
    if (j->finished)
        return PASV_E_INVALIDARG; /* nothing follows the end */
    if (j->begun) {
        if (starts(l, n, "done"))
            return parse_done(p, l, n);
        if (starts(l, n, "finished") && field(l, n, "hr", &v, &vn) && hex_field(v, vn, &result)) {
            j->finished = true;
            j->result = (pasv_hr)result;
            return PASV_S_OK;
        }
        return PASV_E_INVALIDARG;
    }
    if (starts(l, n, "options") && !p->options) {
        p->options = true;
        return parse_options(j, l, n);
    }
    if (starts(l, n, "before") && !p->before) {
        p->before = true;
        return parse_before(j, l, n);
    }
    if (starts(l, n, "entry"))
        return p->count ? PASV_E_INVALIDARG : parse_entry(j, l, n);
    if (starts(l, n, "item"))
        return parse_item(p, l, n);
    if (starts(l, n, "begin"))
        return parse_begin(p, l, n);
    return PASV_E_INVALIDARG;
}

void pasv_journal_cleanup(pasv_journal *j)
{
    if (!j)
        return;
    free(j->program);
    free(j->time);
    free(j->command);
    free(j->prefix);
    free(j->remote);
    free(j->site);
    free(j->external_ip);
    free(j->items);
    free(j->ran);
    pasv_fw_list_cleanup(&j->entries);
    memset(j, 0, sizeof(*j));
}

static char *dup_text(const char *s)
{
    char *out = malloc(strlen(s) + 1);
    return out ? strcpy(out, s) : NULL;
}

static char *dup_or_empty(char *s)
{
    if (s)
        return s;
    s = malloc(1);
    if (s)
        s[0] = 0;
    return s;
}

pasv_hr pasv_journal_parse(const char *text, size_t len, pasv_journal *out)
{
    pasv_journal j;
    line_parser p;
    size_t pos = 0;
    pasv_hr hr = PASV_S_OK;

    if (!text || !out)
        return PASV_E_INVALIDARG;
    memset(&j, 0, sizeof(j));
    memset(&p, 0, sizeof(p));
    pasv_fw_list_init(&j.entries);
    j.before.edit_while_running = -1;
    p.j = &j;
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t n;
        if (!nl)
            break; /* the writer was stopped mid-line: that line never happened */
        n = (size_t)(nl - (text + pos));
        if (n && text[pos + n - 1] == '\r')
            n--;
        hr = parse_line(&p, text + pos, n);
        if (PASV_FAILED(hr))
            break;
        pos += (size_t)(nl - (text + pos)) + 1;
    }
    if (PASV_SUCCEEDED(hr) && !p.header)
        hr = PASV_E_INVALIDARG;
    j.items = p.items;
    j.count = p.count;
    if (PASV_SUCCEEDED(hr)) {
        j.program = dup_or_empty(j.program);
        j.time = dup_or_empty(j.time);
        j.command = dup_or_empty(j.command);
        j.prefix = dup_or_empty(j.prefix);
        j.remote = dup_or_empty(j.remote);
        if (!j.program || !j.time || !j.command || !j.prefix || !j.remote)
            hr = PASV_E_OUTOFMEMORY;
        j.opt.prefix = j.prefix;
        if (j.opt.remote)
            j.opt.remote = j.remote;
    }
    if (PASV_FAILED(hr)) {
        pasv_journal_cleanup(&j);
        return hr;
    }
    *out = j;
    return PASV_S_OK;
}

pasv_hr pasv_journal_to_plan(const pasv_journal *j, pasv_plan **out)
{
    pasv_plan *plan;
    size_t i, next;

    if (!j || !out || !j->begun)
        return PASV_E_INVALIDARG;
    plan = calloc(1, sizeof(*plan));
    if (!plan)
        return PASV_E_OUTOFMEMORY;
    pasv_fw_list_init(&plan->entries);
    plan->opt = j->opt;
    plan->prefix_buf = dup_text(j->prefix);
    plan->remote_buf = dup_text(j->remote);
    plan->opt.prefix = plan->prefix_buf;
    plan->opt.remote = j->opt.remote ? plan->remote_buf : NULL;
    plan->site_buf = j->site ? dup_text(j->site) : NULL;
    plan->external_ip_buf = j->external_ip ? dup_text(j->external_ip) : NULL;
    plan->opt.site = plan->site_buf;
    plan->opt.external_ip = plan->external_ip_buf;
    plan->items = malloc((j->count ? j->count : 1) * sizeof(*plan->items));
    if (!plan->items || !plan->prefix_buf || !plan->remote_buf || (j->site && !plan->site_buf)
        || (j->external_ip && !plan->external_ip_buf)) {
        pasv_plan_free(plan);
        return PASV_E_OUTOFMEMORY;
    }
    if (j->count)
        memcpy(plan->items, j->items, j->count * sizeof(*plan->items));
    plan->count = j->count;
    for (i = 0; i < j->entries.count; i++) {
        if (!pasv_fw_list_push(&plan->entries, &j->entries.items[i])) {
            pasv_plan_free(plan);
            return PASV_E_OUTOFMEMORY;
        }
    }
    /* What rollback restores: the state before the run. */
    plan->prev_range = j->restores_known ? j->restores : j->before.range;
    plan->prev_range_set = j->restores_known ? j->restores_set : j->before.range_set;
    plan->prev_known = true;
    plan->prev_edit_while_running = j->before.edit_while_running;
    plan->prev_profiles_enabled = j->before.fw_enabled;
    /* The item in progress when the run stopped may have happened. */
    next = j->done_lines ? j->last_index + 1 : 0;
    for (i = next; !j->finished && i < plan->count; i++) {
        pasv_plan_item *it = &plan->items[i];
        if (it->status == PASV_ST_UNCHANGED)
            continue;
        if (it->status == PASV_ST_PENDING || it->status == PASV_ST_RUNNING) {
            it->status = PASV_ST_DONE;
            it->hr = PASV_S_OK;
            it->msg = pasv_item_status_msg(it);
        }
        break;
    }
    *out = plan;
    return PASV_S_OK;
}
