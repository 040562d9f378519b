/* pasvports: unit tests of the write-ahead journal's text format: every field of the started
 * record survives a round trip (names with quotes, newlines, invalid UTF-8, long names), a
 * truncated last line is ignored, malformed journals are refused, and a journal cut where a run
 * was killed rolls the fakes back to the state before.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fakes.h"
#include "pasv/journal.h"
#include "pasv/plan.h"
#include "testlib.h"

#define BOTH (PASV_PROFILE_DOMAIN | PASV_PROFILE_STANDARD)
#define EN PASV_FW_ENABLED

/* Foreign names a person or a program could give an exception. */
static const char *const odd_names[] = {
    "say \"hi\" 'there'", "two\nlines\r\n", "bad utf8 \xff\xfe\xc3", "100% = sure", "tab\tand space ",
    "",
};

typedef struct rig {
    fake_log log;
    fake_config cfg;
    fake_firewall fw;
    fake_service svc;
    fake_sink sink;
    pasv_backends be;
    pasv_fw_list list;
    pasv_plan *plan;
} rig;

static void rig_init(rig *r)
{
    size_t i;
    static char longname[1001];

    memset(r, 0, sizeof(*r));
    fake_log_init(&r->log);
    fake_config_init(&r->cfg, &r->log, PASV_SERVER_IIS6);
    fake_firewall_init(&r->fw, &r->log, BOTH);
    fake_service_init(&r->svc, &r->log);
    r->svc.cfg = &r->cfg;
    fake_sink_init(&r->sink);
    for (i = 0; i < sizeof(odd_names) / sizeof(odd_names[0]); i++) {
        pasv_fw_entry e = fake_port(odd_names[i], (uint16_t)(5003 + i), BOTH, EN);
        fake_firewall_seed(&r->fw, &e);
    }
    /* A 1000-byte name, every byte value but NUL in it: names are kept whole. */
    for (i = 0; i + 1 < sizeof(longname); i++)
        longname[i] = (char)(1 + i % 255);
    longname[sizeof(longname) - 1] = 0;
    {
        pasv_fw_entry e = fake_port(longname, 5015, PASV_PROFILE_DOMAIN, 0);
        fake_firewall_seed(&r->fw, &e);
    }
    {
        pasv_fw_entry e = fake_port("Passive FTP 4000", 4000, BOTH, EN); /* ours, stale */
        e.remote = "10.0.0.0/255.0.0.0,LocalSubnet";
        e.scope = PASV_SCOPE_CUSTOM;
        fake_firewall_seed(&r->fw, &e);
    }
    r->cfg.is_set = true;
    r->cfg.range.low = 4000;
    r->cfg.range.high = 4001;
    r->be.config = &r->cfg.base;
    r->be.firewall = &r->fw.base;
    r->be.service = &r->svc.base;
    pasv_fw_list_init(&r->list);
}

static void rig_cleanup(rig *r)
{
    pasv_plan_free(r->plan);
    pasv_fw_list_cleanup(&r->list);
    fake_sink_cleanup(&r->sink);
    fake_firewall_cleanup(&r->fw);
    fake_log_cleanup(&r->log);
}

static pasv_hr rig_plan(rig *r, const pasv_options *opt, pasv_journal_state *before)
{
    pasv_current cur;
    bool ewr = false;

    memset(&cur, 0, sizeof(cur));
    memset(before, 0, sizeof(*before));
    r->fw.base.vt->list(&r->fw.base, &r->list);
    pasv_fw_classify(&r->list, opt->prefix);
    r->fw.base.vt->get_state(&r->fw.base, &cur.fw_state);
    r->cfg.base.vt->get_range(&r->cfg.base, &cur.range, &cur.range_set);
    cur.edit_while_running = PASV_SUCCEEDED(r->cfg.base.vt->get_edit_while_running(&r->cfg.base, &ewr)) ? ewr : -1;
    cur.fw = &r->list;
    before->range = cur.range;
    before->range_set = cur.range_set;
    before->service_state = PASV_SVC_RUNNING;
    before->fw_enabled = cur.fw_state.profiles_enabled;
    before->edit_while_running = cur.edit_while_running;
    return pasv_plan_build(opt, &cur, &r->plan);
}

/* A sink that journals each finished item, as the Windows front ends' wrapper does. */
static const pasv_sink_vtable js_vt;
typedef struct journal_sink {
    pasv_sink iface;
    pasv_sink *inner;
    pasv_jbuf *buf;
    /* A kill while kill_item runs: cut is the journal's length when it started; the run stops
     * once it finished (its done line is then cut off: the process died before writing it). */
    size_t kill_item, cut;
    bool killed;
} journal_sink;

static void js_init(journal_sink *js, pasv_sink *inner, pasv_jbuf *buf)
{
    memset(js, 0, sizeof(*js));
    js->iface.vt = &js_vt;
    js->inner = inner;
    js->buf = buf;
    js->kill_item = SIZE_MAX;
}

static void js_started(pasv_sink *s, const pasv_plan *plan, size_t item)
{
    journal_sink *js = PASV_CONTAINER_OF(s, journal_sink, iface);
    if (item == js->kill_item)
        js->cut = js->buf->len;
    js->inner->vt->item_started(js->inner, plan, item);
}

static void js_finished(pasv_sink *s, const pasv_plan *plan, size_t item)
{
    journal_sink *js = PASV_CONTAINER_OF(s, journal_sink, iface);
    char line[64];
    size_t n = pasv_journal_format_item(line, sizeof(line), item, &plan->items[item]);
    char *end;

    ok(n > 0, "item line formatted");
    if (js->buf->len + n + 1 > js->buf->cap) {
        /* grow through the started formatter's buffer: append by hand */
        char *grown = realloc(js->buf->data, js->buf->len + n + 4096);
        if (!grown)
            return;
        js->buf->data = grown;
        js->buf->cap = js->buf->len + n + 4096;
    }
    end = js->buf->data + js->buf->len;
    memcpy(end, line, n + 1);
    js->buf->len += n;
    js->killed |= item == js->kill_item;
    js->inner->vt->item_finished(js->inner, plan, item);
}

static bool js_cancel(pasv_sink *s)
{
    journal_sink *js = PASV_CONTAINER_OF(s, journal_sink, iface);
    return js->killed || js->inner->vt->should_cancel(js->inner);
}

static void js_note(pasv_sink *s, size_t item, pasv_note note, uint32_t value)
{
    journal_sink *js = PASV_CONTAINER_OF(s, journal_sink, iface);
    pasv_sink_note(js->inner, item, note, value);
}

static const pasv_sink_vtable js_vt = {js_started, js_finished, js_cancel, js_note};

static bool same_entry(const pasv_fw_entry *a, const pasv_fw_entry *b)
{
    return a->ports.low == b->ports.low && a->ports.high == b->ports.high && a->profiles == b->profiles &&
           a->flags == b->flags && a->protocol == b->protocol && a->kind == b->kind && a->scope == b->scope &&
           !strcmp(a->name, b->name) && !strcmp(a->remote, b->remote);
}

static bool same_item(const pasv_plan_item *a, const pasv_plan_item *b)
{
    return a->kind == b->kind && a->status == b->status && a->port == b->port && a->profiles == b->profiles &&
           a->range.low == b->range.low && a->range.high == b->range.high && a->hr == b->hr && a->msg == b->msg &&
           a->entry == b->entry;
}

static void test_round_trip(void)
{
    rig r;
    pasv_options opt;
    pasv_journal_state before;
    pasv_journal_who who;
    pasv_jbuf b;
    pasv_journal j;
    char command[1001];
    size_t i, bad = 0;

    rig_init(&r);
    pasv_options_init(&opt, PASV_SERVER_IIS6);
    opt.range.low = 5001;
    opt.range.high = 5020;
    opt.prefix = "Passive FTP";
    opt.scope = PASV_SCOPE_CUSTOM;
    opt.remote = "10.0.0.0/8,192.168.1.1";
    opt.enable_firewall = true;
    opt.edit_while_running = 1;
    opt.on_error = PASV_ON_ERROR_CONTINUE;
    opt.profiles = PASV_PROFILE_DOMAIN | PASV_PROFILE_STANDARD;
    ok(rig_plan(&r, &opt, &before) == PASV_S_OK, "plan");
    ok(r.plan->entries.count >= 7, "the plan refers to the odd foreign entries and the stale one: %zu",
       r.plan->entries.count);

    /* 1000 bytes of every non-NUL value, quotes and newlines included. */
    for (i = 0; i < 1000; i++)
        command[i] = (char)(1 + (i * 7) % 255);
    command[1000] = 0;
    who.program = "pasv ctl \"x\"";
    who.pid = 4294967295u;
    who.time = "2026-03-01T12:00:00Z";
    who.command = command;
    pasv_jbuf_init(&b);
    ok(pasv_journal_format_started(&b, &who, r.plan, &before) == PASV_S_OK, "format started");
    ok(b.len > 0 && b.data[b.len - 1] == '\n', "ends with a line break");
    for (i = 0; i < b.len; i++)
        bad += (unsigned char)b.data[i] >= 0x7F || ((unsigned char)b.data[i] < 0x20 && b.data[i] != '\n');
    ok(bad == 0, "only printable ASCII and line breaks in the journal (%zu other bytes)", bad);

    ok(pasv_journal_parse(b.data, b.len, &j) == PASV_S_OK, "parse");
    ok(j.begun && !j.finished && j.done_lines == 0, "begun, not finished, no item done");
    ok(!strcmp(j.program, who.program) && j.pid == who.pid && !strcmp(j.time, who.time), "who");
    ok(!strcmp(j.command, command), "a 1000-byte command with every byte value survives");
    ok(j.opt.range.low == 5001 && j.opt.range.high == 5020 && !j.opt.clear_range && j.opt.server == PASV_SERVER_IIS6 &&
           j.opt.mode == PASV_MODE_PER_PORT && !strcmp(j.opt.prefix, "Passive FTP") &&
           j.opt.scope == PASV_SCOPE_CUSTOM && j.opt.remote && !strcmp(j.opt.remote, opt.remote) &&
           j.opt.profiles == opt.profiles && j.opt.remove_stale && j.opt.restart_service && j.opt.enable_firewall &&
           j.opt.edit_while_running == 1 && j.opt.on_error == PASV_ON_ERROR_CONTINUE && !j.opt.skip_config &&
           !j.opt.skip_firewall,
       "every option");
    ok(j.before.range.low == 4000 && j.before.range.high == 4001 && j.before.range_set &&
           j.before.service_state == PASV_SVC_RUNNING && j.before.fw_enabled == before.fw_enabled &&
           j.before.edit_while_running == before.edit_while_running,
       "the state before");
    ok(j.entries.count == r.plan->entries.count, "entries %zu", j.entries.count);
    bad = 0;
    for (i = 0; i < j.entries.count && i < r.plan->entries.count; i++)
        bad += !same_entry(&j.entries.items[i], &r.plan->entries.items[i]);
    ok(bad == 0, "every entry field, names with quotes, newlines, invalid UTF-8 and %u bytes (%zu differ)",
       1000u, bad);
    ok(j.count == r.plan->count, "items %zu", j.count);
    bad = 0;
    for (i = 0; i < j.count && i < r.plan->count; i++)
        bad += !same_item(&j.items[i], &r.plan->items[i]);
    ok(bad == 0, "every item field (%zu differ)", bad);
    pasv_journal_cleanup(&j);

    /* Not a clear-range run and no remote: NULL stays NULL. */
    pasv_plan_free(r.plan);
    r.plan = NULL;
    pasv_fw_list_cleanup(&r.list);
    pasv_options_init(&opt, PASV_SERVER_IIS5);
    opt.clear_range = true;
    ok(rig_plan(&r, &opt, &before) == PASV_S_OK, "remove plan");
    pasv_jbuf_cleanup(&b);
    pasv_journal_format_started(&b, &who, r.plan, &before);
    ok(pasv_journal_parse(b.data, b.len, &j) == PASV_S_OK, "parse remove");
    ok(j.opt.clear_range && j.opt.remote == NULL && j.opt.server == PASV_SERVER_IIS5 &&
           !strcmp(j.opt.prefix, PASV_DEFAULT_PREFIX),
       "clear range, no remote, default prefix");
    pasv_journal_cleanup(&j);
    pasv_jbuf_cleanup(&b);
    rig_cleanup(&r);
}

/* Issue 11 (B12): a range value set by hand that is not a range ("abc") is journaled as its exact
 * text (and IIS 5 registry type), so a rollback in another process can write it back. */
static void test_raw_range_round_trip(void)
{
    static const char raw[] = "a b=c%25 \"q\"\t\xff\xfe 70000-80000\\";
    rig r;
    pasv_options opt;
    pasv_journal_state before;
    pasv_journal_who who = {"pasvctl", 7, "2026-03-01T12:00:00Z", "apply 5001-5010 --yes"};
    pasv_jbuf b;
    pasv_journal j;
    pasv_plan *plan = NULL;
    char *line, *cut, big[PASV_JOURNAL_RAW_MAX * 3 + 64];
    size_t i, bad = 0;

    rig_init(&r);
    pasv_options_init(&opt, PASV_SERVER_IIS5);
    opt.range.low = 5001;
    opt.range.high = 5010;
    ok(rig_plan(&r, &opt, &before) == PASV_S_OK, "raw: plan");
    before.range.low = before.range.high = 0; /* the backend's mark for "not a range" */
    before.range_set = true;
    strcpy(before.range_raw, raw);
    before.range_raw_type = 2; /* REG_EXPAND_SZ */
    pasv_jbuf_init(&b);
    ok(pasv_journal_format_started(&b, &who, r.plan, &before) == PASV_S_OK, "raw: format");
    for (i = 0; i < b.len; i++)
        bad += (unsigned char)b.data[i] >= 0x7F || ((unsigned char)b.data[i] < 0x20 && b.data[i] != '\n');
    ok(bad == 0, "raw: escaped like every other string (%zu raw bytes)", bad);
    ok(strstr(b.data, " raw=a%20b%3Dc%2525%20\"q\"%09%FF%FE%2070000-80000\\ raw_type=2\n") != NULL,
       "raw: on the before line, escaped: %.300s", b.data);
    ok(pasv_journal_parse(b.data, b.len, &j) == PASV_S_OK, "raw: parse");
    ok(!strcmp(j.before.range_raw, raw) && j.before.range_raw_type == 2 && j.before.range_set &&
           j.before.range.low == 0 && j.before.range.high == 0,
       "raw: the exact text and type come back: '%s' %u", j.before.range_raw, (unsigned)j.before.range_raw_type);
    ok(pasv_journal_to_plan(&j, &plan) == PASV_S_OK && plan->prev_range_set && plan->prev_range.low == 0 &&
           plan->prev_range.high == 0,
       "raw: the rollback plan restores the not-a-range mark the backend writes the text for");
    pasv_plan_free(plan);
    pasv_journal_cleanup(&j);

    /* A journal written before the field existed: "" and 0. */
    line = strstr(b.data, " raw=");
    cut = line ? strchr(line, '\n') : NULL;
    if (ok(line && cut, "raw: field found")) {
        memmove(line, cut, strlen(cut) + 1);
        ok(pasv_journal_parse(b.data, strlen(b.data), &j) == PASV_S_OK && j.before.range_raw[0] == 0 &&
               j.before.range_raw_type == 0,
           "raw: a journal without the field reads as no raw value");
        pasv_journal_cleanup(&j);
    }

    /* Longer than any backend keeps: refused, never cut. */
    memset(big, 0, sizeof(big));
    strcpy(big, "journal version=1 program=x pid=1 time=t command=c\n"
                "options range=5001-5010 clear=0 server=1 mode=0 prefix=P scope=0 has_remote=0 remote= profiles=0 "
                "stale=1 restart=1 enable_fw=0 edit=-1 on_error=0 skip_config=0 skip_fw=0\n"
                "before range=0-0 set=1 service=4 fw_enabled=3 edit=0 raw_type=1 raw=");
    ok(pasv_journal_parse(big, strlen(big), &j) == PASV_S_OK && !j.begun, "raw: a cut before line is no line");
    pasv_journal_cleanup(&j);
    for (i = strlen(big); i < PASV_JOURNAL_RAW_MAX + 400; i++)
        big[i] = 'x';
    strcat(big, "\nbegin items=0 entries=0\n");
    ok(pasv_journal_parse(big, strlen(big), &j) == PASV_E_INVALIDARG, "raw: a value longer than %d bytes is refused",
       PASV_JOURNAL_RAW_MAX);
    pasv_jbuf_cleanup(&b);
    rig_cleanup(&r);
}

static void test_malformed(void)
{
    static const char *const bad[] = {
        "",
        "hello\n",
        "journal version=2 program=x pid=1 time=t command=c\n",
        "journal version=1 program=x pid=1 time=t command=c\noptions range=1-2\n",
        "journal version=1 program=x%G1 pid=1 time=t command=c\n",
        "journal version=1 program=x pid=1 time=t command=c\nbegin items=0 entries=0\n", /* no options */
    };
    pasv_journal j;
    size_t i;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        ok(pasv_journal_parse(bad[i], strlen(bad[i]), &j) == PASV_E_INVALIDARG, "malformed journal %zu refused", i);
    ok(pasv_journal_parse("journal version=1 program=x pid=1 time=t command=c\noptions", 56, &j) == PASV_S_OK &&
           !j.begun,
       "a journal killed while its started record was written never began");
    pasv_journal_cleanup(&j);
}

/* Killed after k items: the journal says what happened; rollback from it restores the state. */
static void test_killed_run_rolls_back(size_t k)
{
    rig r;
    pasv_options opt;
    pasv_journal_state before;
    pasv_journal_who who = {"pasvctl", 42, "2026-03-01T12:00:00Z", "pasvctl apply 5001-5020 --yes"};
    pasv_jbuf b;
    journal_sink js;
    pasv_journal j;
    pasv_plan *back = NULL;
    pasv_fw_entry *state_before;
    size_t n_before, truncated_len;
    pasv_hr hr;

    rig_init(&r);
    pasv_options_init(&opt, PASV_SERVER_IIS6);
    opt.range.low = 5001;
    opt.range.high = 5020;
    ok(rig_plan(&r, &opt, &before) == PASV_S_OK, "plan");
    n_before = r.fw.state.count;
    state_before = malloc(n_before * sizeof(*state_before));
    memcpy(state_before, r.fw.state.items, n_before * sizeof(*state_before));

    pasv_jbuf_init(&b);
    pasv_journal_format_started(&b, &who, r.plan, &before);
    js_init(&js, &r.sink.base, &b);
    r.sink.cancel_after = k; /* the process "dies" here: the engine stops, nothing is undone */
    hr = pasv_plan_apply(r.plan, &r.be, &js.iface);
    ok(hr == PASV_E_ABORT, "stopped after %zu items: 0x%08x", k, (unsigned)hr);
    ok(r.fw.state.count != n_before || r.cfg.range.low != 4000, "the run changed something before it stopped");

    /* The kill also cut the last line in half. */
    truncated_len = b.len;
    memcpy(b.data + b.len, "done 99", 7);
    b.len += 7;
    ok(pasv_journal_parse(b.data, b.len, &j) == PASV_S_OK, "parse the killed run's journal");
    ok(j.begun && !j.finished, "begun, not finished");
    ok(j.done_lines >= k, "%zu item lines for %zu items", j.done_lines, k);

    hr = pasv_journal_to_plan(&j, &back);
    ok(hr == PASV_S_OK, "plan from the journal");
    if (back) {
        fake_sink_cleanup(&r.sink);
        fake_sink_init(&r.sink);
        hr = pasv_plan_rollback(back, &r.be, &r.sink.base);
        ok(hr == PASV_S_OK, "rollback from the journal: 0x%08x", (unsigned)hr);
        ok(r.cfg.is_set && r.cfg.range.low == 4000 && r.cfg.range.high == 4001, "range before put back: %u-%u",
           r.cfg.range.low, r.cfg.range.high);
        ok(r.fw.state.count == n_before, "firewall entries as before: %zu, was %zu", r.fw.state.count, n_before);
        {
            size_t i, missing = 0;
            for (i = 0; i < n_before; i++) {
                size_t m;
                bool found = false;
                for (m = 0; m < r.fw.state.count && !found; m++)
                    found = !memcmp(&r.fw.state.items[m], &state_before[i], sizeof(pasv_fw_entry));
                missing += !found;
            }
            ok(missing == 0, "every entry byte-identical to before (%zu missing)", missing);
        }
    }
    ok(truncated_len < b.len, "the cut line was there");
    pasv_plan_free(back);
    pasv_journal_cleanup(&j);
    pasv_jbuf_cleanup(&b);
    free(state_before);
    rig_cleanup(&r);
}

static size_t find_kind(const pasv_plan *plan, pasv_item_kind kind)
{
    size_t i;

    for (i = 0; i < plan->count; i++)
        if (plan->items[i].kind == kind)
            return i;
    return SIZE_MAX;
}

/* The range cannot be written, so the stale port's close is skipped; the run is killed while the
 * next item (turning the firewall on) runs. The journal must say the skipped close did nothing
 * and the firewall item may have happened: rollback from it gives exactly the state before. */
static void journal_of_a_killed_run_marks_the_running_item_not_a_skipped_one(void)
{
    rig r;
    pasv_options opt;
    pasv_journal_state before;
    pasv_journal_who who = {"pasvctl", 42, "2026-03-01T12:00:00Z", "pasvctl apply 5001-5020 --yes"};
    pasv_jbuf b;
    journal_sink js;
    pasv_journal j;
    pasv_plan *back = NULL;
    pasv_fw_entry *state_before;
    size_t n_before, stale, enable, i, missing = 0;
    pasv_hr hr;

    rig_init(&r);
    r.fw.fw_state.profiles_enabled = PASV_PROFILE_DOMAIN;
    pasv_options_init(&opt, PASV_SERVER_IIS6);
    opt.range.low = 5001;
    opt.range.high = 5020;
    opt.remove_stale = true;
    opt.enable_firewall = true;
    opt.on_error = PASV_ON_ERROR_CONTINUE;
    ok(rig_plan(&r, &opt, &before) == PASV_S_OK, "plan");
    stale = find_kind(r.plan, PASV_ITEM_CLOSE_STALE);
    enable = find_kind(r.plan, PASV_ITEM_ENABLE_FIREWALL);
    ok(find_kind(r.plan, PASV_ITEM_SET_RANGE) < stale && stale < enable && enable != SIZE_MAX,
       "the plan sets the range, then closes a stale port, then turns the firewall on");
    n_before = r.fw.state.count;
    state_before = malloc(n_before * sizeof(*state_before));
    memcpy(state_before, r.fw.state.items, n_before * sizeof(*state_before));

    r.cfg.fail_set_call = 1;
    r.cfg.set_hr = PASV_E_FAIL;
    pasv_jbuf_init(&b);
    pasv_journal_format_started(&b, &who, r.plan, &before);
    js_init(&js, &r.sink.base, &b);
    js.kill_item = enable;
    hr = pasv_plan_apply(r.plan, &r.be, &js.iface);
    ok(hr == PASV_E_ABORT, "the run stopped after the firewall item: 0x%08x", (unsigned)hr);
    ok(r.plan->items[stale].status == PASV_ST_SKIPPED, "the stale close was skipped");
    ok(r.fw.fw_state.profiles_enabled == BOTH, "the firewall item ran before the kill");
    ok(r.sink.pairing_ok, "sink pairing");

    b.len = js.cut; /* killed before the firewall item's done line */
    ok(pasv_journal_parse(b.data, b.len, &j) == PASV_S_OK && j.begun && !j.finished, "parse the killed run");
    hr = pasv_journal_to_plan(&j, &back);
    ok(hr == PASV_S_OK, "plan from the journal");
    if (back) {
        ok(back->items[stale].status == PASV_ST_SKIPPED, "the skipped close is SKIPPED in the journal (%u)",
           back->items[stale].status);
        ok(back->items[enable].status == PASV_ST_DONE, "the running firewall item is taken as done (%u)",
           back->items[enable].status);
        fake_sink_cleanup(&r.sink);
        fake_sink_init(&r.sink);
        hr = pasv_plan_rollback(back, &r.be, &r.sink.base);
        ok(hr == PASV_S_OK, "rollback from the journal: 0x%08x", (unsigned)hr);
        ok(r.fw.fw_state.profiles_enabled == PASV_PROFILE_DOMAIN, "the firewall is off where it was: %u",
           r.fw.fw_state.profiles_enabled);
        ok(r.cfg.is_set && r.cfg.range.low == 4000 && r.cfg.range.high == 4001, "range as before: %u-%u",
           r.cfg.range.low, r.cfg.range.high);
        ok(r.fw.state.count == n_before, "firewall entries as before: %zu, was %zu", r.fw.state.count, n_before);
        for (i = 0; i < n_before && i < r.fw.state.count; i++)
            missing += memcmp(&r.fw.state.items[i], &state_before[i], sizeof(pasv_fw_entry)) != 0;
        ok(missing == 0, "every entry byte-identical and in place (%zu differ)", missing);
    }
    pasv_plan_free(back);
    pasv_journal_cleanup(&j);
    pasv_jbuf_cleanup(&b);
    free(state_before);
    rig_cleanup(&r);
}

/* Counts of one run's journal, from the plan its change-log line is written from. */
static void run_counts(const pasv_jbuf *b, pasv_plan_counts *c, pasv_range *prev, bool *prev_set)
{
    pasv_journal j;
    pasv_plan *plan = NULL;

    memset(c, 0, sizeof(*c));
    if (pasv_journal_parse(b->data, b->len, &j) != PASV_S_OK)
        return;
    if (pasv_journal_to_run_plan(&j, &plan) == PASV_S_OK) {
        size_t i;
        pasv_plan_count(plan, c);
        c->open = 0; /* opened= counts the openings in force, as the change log does */
        for (i = 0; i < plan->count; i++)
            c->open += plan->items[i].kind == PASV_ITEM_OPEN_PORT &&
                       (plan->items[i].status == PASV_ST_DONE || plan->items[i].status == PASV_ST_ROLLBACK_FAILED);
        *prev = plan->prev_range;
        *prev_set = plan->prev_range_set;
    }
    pasv_plan_free(plan);
    pasv_journal_cleanup(&j);
}

/* Issue 12 finding 7: the dialog's Retry and Roll back journal the plan as the failed run left
 * it. The retry's line counted the whole run's opened= (the items done before), and the
 * rollback's journal only knew the range it found (the attempted one), not the one it restores. */
static void retry_and_rollback_journals_count_their_own_work(void)
{
    rig r;
    pasv_options opt;
    pasv_journal_state before, now;
    pasv_journal_who who = {"pasvports", 7, "2026-03-01T12:00:00Z", "pasvports.exe Apply"};
    pasv_jbuf b;
    journal_sink js;
    pasv_plan_counts c;
    pasv_range prev = {0, 0};
    bool prev_set = false;
    pasv_hr hr;

    rig_init(&r);
    pasv_options_init(&opt, PASV_SERVER_IIS6);
    opt.range.low = 5021;
    opt.range.high = 5030;
    opt.on_error = PASV_ON_ERROR_CONTINUE;
    ok(rig_plan(&r, &opt, &before) == PASV_S_OK, "plan");
    r.fw.fail_port = 5025;
    r.fw.fail_hr = PASV_E_ACCESSDENIED;
    pasv_jbuf_init(&b);
    pasv_journal_format_started(&b, &who, r.plan, &before);
    js_init(&js, &r.sink.base, &b);
    hr = pasv_plan_apply(r.plan, &r.be, &js.iface);
    ok(PASV_FAILED(hr) || hr == PASV_S_FALSE, "the run failed on one port: 0x%08x", (unsigned)hr);
    run_counts(&b, &c, &prev, &prev_set);
    ok(c.open == 9 && c.failed == 1, "the run's line: opened=%u failed=%u (9 and 1)", c.open, c.failed);
    pasv_jbuf_cleanup(&b);

    /* Retry: the port fails again; nothing else runs. The state before is the state now. */
    now = before;
    now.range = opt.range;
    now.range_set = true;
    who.command = "pasvports.exe Retry failed";
    pasv_jbuf_init(&b);
    pasv_journal_format_started(&b, &who, r.plan, &now);
    js_init(&js, &r.sink.base, &b);
    pasv_plan_retry_failed(r.plan);
    pasv_plan_apply(r.plan, &r.be, &js.iface);
    run_counts(&b, &c, &prev, &prev_set);
    ok(c.open == 0 && c.failed == 1 && c.keep == 0, "the retry's line: opened=%u failed=%u kept=%u (0, 1, 0)", c.open,
       c.failed, c.keep);
    pasv_jbuf_cleanup(&b);

    /* Roll back: its journal starts where the retry left; it puts back the range read before
     * the first run (4000-4001), not the one it found (5021-5030). */
    who.command = "pasvports.exe Roll back";
    pasv_jbuf_init(&b);
    pasv_journal_format_started(&b, &who, r.plan, &now);
    js_init(&js, &r.sink.base, &b);
    hr = pasv_plan_rollback(r.plan, &r.be, &js.iface);
    ok(hr == PASV_S_OK, "rolled back: 0x%08x", (unsigned)hr);
    ok(r.cfg.is_set && r.cfg.range.low == 4000 && r.cfg.range.high == 4001, "range put back: %u-%u", r.cfg.range.low,
       r.cfg.range.high);
    run_counts(&b, &c, &prev, &prev_set);
    ok(prev_set && prev.low == 4000 && prev.high == 4001, "the rollback's journal restores 4000-4001: %s%u-%u",
       prev_set ? "" : "unset ", prev.low, prev.high);
    {
        size_t i, undone = 0;
        for (i = 0; i < r.plan->count; i++)
            undone += r.plan->items[i].status == PASV_ST_ROLLED_BACK;
        ok(c.rolled_back == undone && undone >= 10 && c.open == 0 && c.failed == 1,
           "the rollback's line: rolled_back=%u (%zu undone: the range, 9 ports, ...) opened=%u failed=%u",
           c.rolled_back, undone, c.open, c.failed);
    }
    pasv_jbuf_cleanup(&b);
    rig_cleanup(&r);
}

/* A rollback whose first firewall undo fails keeps the new range and the openings it needs
 * (those items stay DONE, with no line of the rollback's own): its line still counts them as
 * in effect, and its plan keeps the range item so after= says the range kept. */
static void partial_rollback_journal_counts_what_it_left(void)
{
    rig r;
    pasv_options opt;
    pasv_journal_state before, now;
    pasv_journal_who who = {"pasvports", 7, "2026-03-01T12:00:00Z", "pasvports.exe Apply"};
    pasv_jbuf b;
    journal_sink js;
    pasv_journal j;
    pasv_plan *plan = NULL;
    size_t i, in_effect = 0, counted = 0;
    bool range_done = false;

    rig_init(&r);
    pasv_options_init(&opt, PASV_SERVER_IIS6);
    opt.range.low = 5021;
    opt.range.high = 5030;
    opt.on_error = PASV_ON_ERROR_CONTINUE;
    ok(rig_plan(&r, &opt, &before) == PASV_S_OK, "plan");
    ok(PASV_SUCCEEDED(pasv_plan_apply(r.plan, &r.be, &r.sink.base)), "applied");
    now = before;
    now.range = opt.range;
    now.range_set = true;
    r.fw.fail_call = r.fw.calls + 1; /* the rollback's first firewall change fails */
    r.fw.fail_hr = PASV_E_ACCESSDENIED;
    who.command = "pasvports.exe Roll back";
    pasv_jbuf_init(&b);
    pasv_journal_format_started(&b, &who, r.plan, &now);
    js_init(&js, &r.sink.base, &b);
    pasv_plan_rollback(r.plan, &r.be, &js.iface);
    for (i = 0; i < r.plan->count; i++)
        in_effect += r.plan->items[i].kind == PASV_ITEM_OPEN_PORT && (r.plan->items[i].status == PASV_ST_DONE ||
                                                                     r.plan->items[i].status == PASV_ST_ROLLBACK_FAILED);
    ok(in_effect > 0, "the rollback left %zu openings in effect", in_effect);
    if (pasv_journal_parse(b.data, b.len, &j) == PASV_S_OK && pasv_journal_to_run_plan(&j, &plan) == PASV_S_OK) {
        for (i = 0; i < plan->count; i++) {
            const pasv_plan_item *it = &plan->items[i];
            counted += it->kind == PASV_ITEM_OPEN_PORT &&
                       (it->status == PASV_ST_DONE || it->status == PASV_ST_ROLLBACK_FAILED);
            range_done |= it->kind == PASV_ITEM_SET_RANGE && it->status == PASV_ST_DONE;
        }
        ok(counted == in_effect, "the rollback's line counts %zu openings in effect, the fakes hold %zu", counted,
           in_effect);
        ok(range_done == (r.cfg.range.low == 5021), "its plan has the range item as the fakes say (%u-%u)",
           r.cfg.range.low, r.cfg.range.high);
        pasv_journal_cleanup(&j);
    } else {
        ok(0, "parse the rollback's journal");
    }
    pasv_plan_free(plan);
    pasv_jbuf_cleanup(&b);
    rig_cleanup(&r);
}

static void test_finished(void)
{
    const char *text = "journal version=1 program=p pid=1 time=t command=c\n"
                       "options range=5001-5001 clear=0 server=1 mode=0 prefix=P scope=0 has_remote=0 remote= "
                       "profiles=0 stale=1 restart=1 enable_fw=0 edit=-1 on_error=0 skip_config=0 skip_fw=0\n"
                       "before range=1025-5000 set=0 service=4 fw_enabled=3 edit=-1\n"
                       "item kind=1 status=0 port=5001 profiles=3 range=0-0 hr=00000000 msg=1200 entry=-\n"
                       "begin items=1 entries=0\n"
                       "done 0 2 00000000\n"
                       "finished hr=80004005\n";
    pasv_journal j;

    ok(pasv_journal_parse(text, strlen(text), &j) == PASV_S_OK, "parse a finished journal");
    ok(j.finished && j.result == PASV_E_FAIL, "finished with its result");
    ok(j.count == 1 && j.items[0].status == PASV_ST_DONE, "the item's last status");
    pasv_journal_cleanup(&j);
}

int main(void)
{
    test_round_trip();
    test_raw_range_round_trip();
    test_malformed();
    test_killed_run_rolls_back(3);
    test_killed_run_rolls_back(12);
    test_killed_run_rolls_back(20);
    journal_of_a_killed_run_marks_the_running_item_not_a_skipped_one();
    test_finished();
    retry_and_rollback_journals_count_their_own_work();
    partial_rollback_journal_counts_what_it_left();
    return test_summary("journal");
}
