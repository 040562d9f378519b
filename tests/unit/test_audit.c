/* pasvports: unit tests for the audit of firewall openings against the range.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 */
#include <string.h>

#include "fakes.h"
#include "pasv/audit.h"
#include "testlib.h"

static void push(pasv_fw_list *l, pasv_fw_entry e)
{
    pasv_fw_list_push(l, &e);
}

static const pasv_audit_row *row_for(const pasv_audit *a, uint16_t port, uint8_t state)
{
    size_t i;

    for (i = 0; i < a->count; i++)
        if (a->rows[i].port == port && a->rows[i].state == state)
            return &a->rows[i];
    return NULL;
}

static void test_mixed(void)
{
    pasv_fw_list list;
    pasv_audit a;
    pasv_range r = { 5001, 5010 };
    const pasv_audit_row *row;
    size_t i;
    bool sorted = true;

    pasv_fw_list_init(&list);
    push(&list, fake_port("Passive FTP5001", 5001, 1, PASV_FW_ENABLED));  /* 0 */
    push(&list, fake_port("Passive FTP 5001", 5001, 2, PASV_FW_ENABLED)); /* 1 -> OPEN in 3 */
    push(&list, fake_port("Passive FTP5002", 5002, 1, PASV_FW_ENABLED));  /* 2 PARTIAL */
    push(&list, fake_port("Passive FTP5003", 5003, 3, 0));                /* 3 PARTIAL (disabled) */
    push(&list, fake_port("Web", 5004, 3, PASV_FW_ENABLED));              /* 4 FOREIGN */
    push(&list, fake_port("Passive FTP5005", 5005, 3, PASV_FW_ENABLED | PASV_FW_GP)); /* 5 GP: FOREIGN */
    push(&list, fake_port("Passive FTP4000", 4000, 3, PASV_FW_ENABLED));  /* 6 STALE */
    push(&list, fake_port("Passive FTP 3999", 3999, 1, PASV_FW_ENABLED)); /* 7 STALE */
    push(&list, fake_rule("pasv", 5008, 5009, 3, PASV_FW_ENABLED | PASV_FW_TAGGED)); /* 8 OPEN by rule */
    push(&list, fake_rule("old", 6000, 6100, 3, PASV_FW_ENABLED | PASV_FW_TAGGED));  /* 9 STALE rule */
    push(&list, fake_rule("other", 5009, 5010, 3, PASV_FW_ENABLED));                 /* 10 foreign rule */
    push(&list, fake_rule("other-off", 5006, 5006, 3, 0));                           /* 11 disabled: nothing */
    pasv_fw_classify(&list, NULL);

    ok(pasv_audit_build(&r, &list, 3, &a) == PASV_S_OK, "audit builds");
    ok(a.count == 10 + 3, "10 range rows + 3 stale, got %zu", a.count);
    for (i = 0; i < 10; i++)
        ok(a.rows[i].port == 5001 + i, "row %zu is port %zu", i, 5001 + i);
    ok((row = row_for(&a, 5001, PASV_AUDIT_OPEN)) && row->profiles == 3, "5001 open in both profiles by two names");
    ok((row = row_for(&a, 5002, PASV_AUDIT_PARTIAL)) && row->profiles == 1, "5002 partial");
    ok(row_for(&a, 5003, PASV_AUDIT_PARTIAL) != NULL, "5003 disabled is partial");
    ok((row = row_for(&a, 5004, PASV_AUDIT_FOREIGN)) && row->entry == 4, "5004 foreign, entry 4");
    ok(row_for(&a, 5005, PASV_AUDIT_FOREIGN) != NULL, "5005 Group Policy counts as foreign");
    ok(row_for(&a, 5006, PASV_AUDIT_MISSING) != NULL, "5006 missing (disabled foreign rule opens nothing)");
    ok(row_for(&a, 5007, PASV_AUDIT_MISSING) != NULL, "5007 missing");
    ok((row = row_for(&a, 5008, PASV_AUDIT_OPEN)) && row->entry == 8, "5008 open by our rule");
    ok(row_for(&a, 5009, PASV_AUDIT_OPEN) != NULL, "5009: ours wins over a foreign rule");
    ok((row = row_for(&a, 5010, PASV_AUDIT_FOREIGN)) && row->entry == 10, "5010 foreign rule");
    for (i = 11; i < a.count; i++)
        sorted &= a.rows[i - 1].port <= a.rows[i].port;
    ok(sorted && a.rows[10].port == 3999 && a.rows[11].port == 4000 && a.rows[12].port == 6000,
       "stale rows ascending: %u %u %u", a.rows[10].port, a.rows[11].port, a.rows[12].port);
    ok(a.totals[PASV_AUDIT_OPEN] == 3 && a.totals[PASV_AUDIT_PARTIAL] == 2 && a.totals[PASV_AUDIT_MISSING] == 2
           && a.totals[PASV_AUDIT_FOREIGN] == 3 && a.totals[PASV_AUDIT_STALE] == 3,
       "totals %u %u %u %u %u", a.totals[0], a.totals[1], a.totals[2], a.totals[3], a.totals[4]);
    pasv_audit_cleanup(&a);
    ok(a.rows == NULL && a.count == 0, "cleanup");

    /* Target 0: any profile counts, so 5002 becomes open. */
    ok(pasv_audit_build(&r, &list, 0, &a) == PASV_S_OK && row_for(&a, 5002, PASV_AUDIT_OPEN), "target 0: any profile");
    pasv_audit_cleanup(&a);
    pasv_fw_list_cleanup(&list);
}

static void test_full_range(void)
{
    pasv_fw_list list;
    pasv_audit a;
    pasv_range r = { 5001, 65535 };
    uint32_t p;

    pasv_fw_list_init(&list);
    for (p = 5001; p <= 65535; p += 2) {
        char name[32];

        pasv_fw_port_name(NULL, (uint16_t)p, name, sizeof(name));
        push(&list, fake_port(name, (uint16_t)p, 3, PASV_FW_ENABLED));
    }
    push(&list, fake_rule("big foreign", 1, 65535, 3, PASV_FW_ENABLED));
    pasv_fw_classify(&list, NULL);
    ok(pasv_audit_build(&r, &list, 3, &a) == PASV_S_OK, "60535-port audit builds");
    ok(a.count == 60535 && a.totals[PASV_AUDIT_OPEN] == 30268 && a.totals[PASV_AUDIT_FOREIGN] == 30267,
       "count %zu open %u foreign %u", a.count, a.totals[PASV_AUDIT_OPEN], a.totals[PASV_AUDIT_FOREIGN]);
    pasv_audit_cleanup(&a);

    {
        pasv_range z = { 0, 0 };

        ok(pasv_audit_build(&z, &list, 3, &a) == PASV_S_OK && a.count == 30268 && a.totals[PASV_AUDIT_STALE] == 30268,
           "0-0: every one of ours is stale (%zu)", a.count);
        pasv_audit_cleanup(&a);
    }
    pasv_fw_list_cleanup(&list);
    ok(pasv_audit_build(&r, NULL, 0, &a) == PASV_S_OK && a.totals[PASV_AUDIT_MISSING] == 60535, "no list: all missing");
    pasv_audit_cleanup(&a);
    ok(pasv_audit_build(NULL, NULL, 0, &a) == PASV_E_INVALIDARG, "NULL range");
}

static void test_port_open_in_one_profile_is_partial(void)
{
    pasv_fw_list list;
    pasv_audit a;
    pasv_range r = { 5001, 5002 };

    pasv_fw_list_init(&list);
    push(&list, fake_port("Passive FTP5001", 5001, 1, PASV_FW_ENABLED));
    push(&list, fake_port("Passive FTP5002", 5002, 3, PASV_FW_ENABLED));
    pasv_fw_classify(&list, NULL);
    ok(pasv_audit_build(&r, &list, 3, &a) == PASV_S_OK, "built");
    ok(a.rows[0].state == PASV_AUDIT_PARTIAL && a.rows[0].profiles == 1, "open in one of two target profiles: PARTIAL");
    ok(a.rows[1].state == PASV_AUDIT_OPEN, "open in both: OPEN");
    pasv_audit_cleanup(&a);
    pasv_fw_list_cleanup(&list);
}

/* A disabled foreign exception opens nothing: MISSING, with the entry recorded; the plan agrees
 * (a FOREIGN row, never written over). */
static void test_disabled_foreign_exception_opens_nothing(void)
{
    pasv_fw_list list;
    pasv_audit a;
    pasv_range r = { 5001, 5001 };

    pasv_fw_list_init(&list);
    push(&list, fake_port("Veeam", 5001, 3, 0));
    pasv_fw_classify(&list, NULL);
    ok(pasv_audit_build(&r, &list, 3, &a) == PASV_S_OK, "built");
    ok(a.rows[0].state == PASV_AUDIT_MISSING && a.rows[0].entry == 0, "MISSING, foreign entry recorded");
    ok(a.totals[PASV_AUDIT_FOREIGN] == 0, "not counted as opened by another program");
    pasv_audit_cleanup(&a);
    pasv_fw_list_cleanup(&list);
}

/* Finding 6 of issue 12: with the local policy overridden by Group Policy the audit showed every
 * port green "Open" while clients got "425 Can't open data connection". Table: the firewall's
 * state -> what a port of ours open in both profiles is. */
static void audit_says_overridden_where_policy_makes_openings_ineffective(void)
{
    static const struct {
        bool gp_override;
        uint32_t no_exceptions;
        uint8_t want;
        const char *what;
    } cases[] = {
        {false, 0, PASV_AUDIT_OPEN, "nothing overrides: open"},
        {true, 0, PASV_AUDIT_OVERRIDDEN, "Group Policy overrides the local lists"},
        {false, 2, PASV_AUDIT_OVERRIDDEN, "one target profile allows no exceptions"},
        {false, 4, PASV_AUDIT_OPEN, "a profile it is not open in allows none: open where it is"},
    };
    pasv_range r = {5001, 5003};
    pasv_fw_list list;
    size_t i;

    pasv_fw_list_init(&list);
    push(&list, fake_port("Passive FTP5001", 5001, 3, PASV_FW_ENABLED));
    push(&list, fake_port("Passive FTP5002", 5002, 1, PASV_FW_ENABLED)); /* partial: stays partial */
    pasv_fw_classify(&list, NULL);
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        pasv_fw_state st;
        pasv_audit a;

        memset(&st, 0, sizeof(st));
        st.profiles_all = 3;
        st.gp_override = cases[i].gp_override;
        st.profiles_no_exceptions = cases[i].no_exceptions;
        if (!ok(pasv_audit_build(&r, &list, 3, &a) == PASV_S_OK, "case %zu builds", i))
            continue;
        pasv_audit_apply_policy(&a, pasv_fw_state_ineffective(&st));
        ok(row_for(&a, 5001, cases[i].want) != NULL, "case %zu (%s): 5001 is %u", i, cases[i].what, a.rows[0].state);
        ok(row_for(&a, 5002, PASV_AUDIT_PARTIAL) && row_for(&a, 5003, PASV_AUDIT_MISSING), "case %zu: the others as they were", i);
        ok(a.totals[PASV_AUDIT_OPEN] + a.totals[PASV_AUDIT_OVERRIDDEN] == 1
               && a.totals[cases[i].want] == 1, "case %zu: totals follow (open %u, overridden %u)", i,
           a.totals[PASV_AUDIT_OPEN], a.totals[PASV_AUDIT_OVERRIDDEN]);
        pasv_audit_cleanup(&a);
    }
    pasv_fw_list_cleanup(&list);
}

int main(void)
{
    test_port_open_in_one_profile_is_partial();
    test_disabled_foreign_exception_opens_nothing();
    test_mixed();
    test_full_range();
    audit_says_overridden_where_policy_makes_openings_ineffective();
    return test_summary("audit");
}
