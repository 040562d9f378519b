/* pasvports: the write-ahead journal's text format: formatting (see journal.h; parsing is in
 * journal_parse.c).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * Linear in the plan's size: a 60,535-port plan is about 60,540 item lines plus as many done
 * lines, formatted and parsed once each. */
#include "pasv/journal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NO_ENTRY UINT32_MAX

/* ---- growing buffer ---- */

void pasv_jbuf_init(pasv_jbuf *b)
{
    pasv_textbuf_init(b);
}

void pasv_jbuf_cleanup(pasv_jbuf *b)
{
    pasv_textbuf_cleanup(b);
}

static void put_raw(pasv_jbuf *b, const char *s, size_t n)
{
    (void)pasv_textbuf_append(b, s, n); /* a failure sets b->failed, checked once at the end */
}

static void put_str(pasv_jbuf *b, const char *s)
{
    put_raw(b, s, strlen(s));
}

static void put_fmt(pasv_jbuf *b, const char *fmt, unsigned long long a, unsigned long long c)
{
    char tmp[96];
    int n = snprintf(tmp, sizeof(tmp), fmt, a, c);
    if (n > 0)
        put_raw(b, tmp, (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

static bool needs_escape(unsigned char c)
{
    return c <= 0x20 || c >= 0x7F || c == '%' || c == '=';
}

/* " key=escaped-value" */
static void put_kv(pasv_jbuf *b, const char *key, const char *value)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *p = (const unsigned char *)(value ? value : "");

    put_str(b, " ");
    put_str(b, key);
    put_str(b, "=");
    while (*p) {
        const unsigned char *run = p;
        char esc[3];

        while (*p && !needs_escape(*p))
            p++;
        put_raw(b, (const char *)run, (size_t)(p - run)); /* a plain run at once */
        if (!*p)
            break;
        esc[0] = '%';
        esc[1] = hex[*p >> 4];
        esc[2] = hex[*p & 15];
        put_raw(b, esc, 3);
        p++;
    }
}

static void put_num(pasv_jbuf *b, const char *key, long long v)
{
    char tmp[48];
    snprintf(tmp, sizeof(tmp), " %s=%lld", key, v);
    put_str(b, tmp);
}

static void put_range(pasv_jbuf *b, const char *key, const pasv_range *r)
{
    char tmp[48];
    snprintf(tmp, sizeof(tmp), " %s=%u-%u", key, (unsigned)r->low, (unsigned)r->high);
    put_str(b, tmp);
}

/* ---- formatting ---- */

/* IIS 7+ (issue 13): the site, its new external address (has_* tell NULL from "") and whether
 * the built-in passive rule is to go off, so --resume re-plans the same run. Optional when
 * parsed: journals written before them read as NULL, NULL, false. */
static void put_iis7_options(pasv_jbuf *b, const pasv_options *o)
{
    if (!o->site && !o->external_ip && !o->disable_builtin_rule)
        return;
    put_num(b, "has_site", o->site != NULL);
    put_kv(b, "site", o->site);
    put_num(b, "has_ext", o->external_ip != NULL);
    put_kv(b, "ext", o->external_ip);
    put_num(b, "builtin_off", o->disable_builtin_rule);
}

static void put_options(pasv_jbuf *b, const pasv_options *o)
{
    put_str(b, "options");
    put_range(b, "range", &o->range);
    put_num(b, "clear", o->clear_range);
    put_num(b, "server", o->server);
    put_num(b, "mode", o->mode);
    put_kv(b, "prefix", o->prefix ? o->prefix : PASV_DEFAULT_PREFIX);
    put_num(b, "scope", o->scope);
    put_num(b, "has_remote", o->remote != NULL);
    put_kv(b, "remote", o->remote);
    put_num(b, "profiles", o->profiles);
    put_num(b, "stale", o->remove_stale);
    put_num(b, "restart", o->restart_service);
    put_num(b, "enable_fw", o->enable_firewall);
    put_num(b, "edit", o->edit_while_running);
    put_num(b, "on_error", o->on_error);
    put_num(b, "skip_config", o->skip_config);
    put_num(b, "skip_fw", o->skip_firewall);
    put_iis7_options(b, o);
    put_str(b, "\n");
}

static void put_entry(pasv_jbuf *b, const pasv_fw_entry *e)
{
    put_str(b, "entry");
    put_range(b, "ports", &e->ports);
    put_num(b, "profiles", e->profiles);
    put_num(b, "flags", e->flags);
    put_num(b, "proto", e->protocol);
    put_num(b, "kind", e->kind);
    put_num(b, "scope", e->scope);
    put_kv(b, "name", e->name);
    put_kv(b, "remote", e->remote);
    put_str(b, "\n");
}

static void put_item(pasv_jbuf *b, const pasv_plan_item *it)
{
    char tmp[160];
    int n = snprintf(tmp, sizeof(tmp), "item kind=%u status=%u port=%u profiles=%lu range=%u-%u hr=%08lX msg=%lu",
                     (unsigned)it->kind, (unsigned)it->status, (unsigned)it->port, (unsigned long)it->profiles,
                     (unsigned)it->range.low, (unsigned)it->range.high, (unsigned long)(uint32_t)it->hr,
                     (unsigned long)it->msg);
    if (n > 0)
        put_raw(b, tmp, (size_t)n);
    if (it->entry != NO_ENTRY)
        snprintf(tmp, sizeof(tmp), " entry=%lu\n", (unsigned long)it->entry);
    put_str(b, it->entry == NO_ENTRY ? " entry=-\n" : tmp);
}

pasv_hr pasv_journal_format_started(pasv_jbuf *b, const pasv_journal_who *who, const pasv_plan *plan,
                                    const pasv_journal_state *before)
{
    size_t i;

    if (!b || !who || !plan || !before)
        return PASV_E_INVALIDARG;
    put_str(b, "journal");
    put_num(b, "version", PASV_JOURNAL_VERSION);
    put_kv(b, "program", who->program);
    put_num(b, "pid", who->pid);
    put_kv(b, "time", who->time);
    put_kv(b, "command", who->command);
    put_str(b, "\n");
    put_options(b, &plan->opt);
    put_str(b, "before");
    put_range(b, "range", &before->range);
    put_num(b, "set", before->range_set);
    put_num(b, "service", before->service_state);
    put_num(b, "fw_enabled", before->fw_enabled);
    put_num(b, "edit", before->edit_while_running);
    put_kv(b, "raw", before->range_raw);
    put_num(b, "raw_type", before->range_raw_type);
    /* A plan that already read the range before its change (the dialog's rollback or retry of
     * a run): what its rollback restores, not the range now (issue 12, finding 7). */
    if (plan->prev_known) {
        put_range(b, "prev", &plan->prev_range);
        put_num(b, "prev_set", plan->prev_range_set);
    }
    put_str(b, "\n");
    for (i = 0; i < plan->entries.count; i++)
        put_entry(b, &plan->entries.items[i]);
    for (i = 0; i < plan->count; i++)
        put_item(b, &plan->items[i]);
    put_fmt(b, "begin items=%llu entries=%llu\n", plan->count, plan->entries.count);
    return b->failed ? PASV_E_OUTOFMEMORY : PASV_S_OK;
}

size_t pasv_journal_format_item(char *line, size_t cap, size_t index, const pasv_plan_item *item)
{
    int n = snprintf(line, cap, "done %lu %u %08lX\n", (unsigned long)index, (unsigned)item->status,
                     (unsigned long)(uint32_t)item->hr);
    return n > 0 && (size_t)n < cap ? (size_t)n : 0;
}

size_t pasv_journal_format_finished(char *line, size_t cap, pasv_hr result)
{
    int n = snprintf(line, cap, "finished hr=%08lX\n", (unsigned long)(uint32_t)result);
    return n > 0 && (size_t)n < cap ? (size_t)n : 0;
}
