/* pasvports: firewall entry lists, the names of our exceptions, and telling ours from others.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 */
#include <stdlib.h>
#include <string.h>

#include "pasv/firewall.h"

/* The string store: blocks that are never moved or freed before the list, so an entry's
 * pointers stay valid however the item array grows. */
struct pasv_fw_strings {
    pasv_fw_strings *next;
    size_t used, cap;
    char data[];
};

#define STRING_BLOCK 65536

void pasv_fw_list_init(pasv_fw_list *list)
{
    list->items = NULL;
    list->count = 0;
    list->cap = 0;
    list->strings = NULL;
}

void pasv_fw_list_cleanup(pasv_fw_list *list)
{
    if (!list)
        return;
    while (list->strings) {
        pasv_fw_strings *next = list->strings->next;

        free(list->strings);
        list->strings = next;
    }
    free(list->items);
    pasv_fw_list_init(list);
}

const char *pasv_fw_list_intern(pasv_fw_list *list, const char *s)
{
    pasv_fw_strings *b = list->strings;
    size_t len;
    char *out;

    if (!s || !*s)
        return "";
    len = strlen(s) + 1;
    if (!b || b->cap - b->used < len) {
        size_t cap = len > STRING_BLOCK ? len : STRING_BLOCK;

        if (cap > SIZE_MAX - sizeof(*b))
            return NULL;
        b = malloc(sizeof(*b) + cap);
        if (!b)
            return NULL;
        b->used = 0;
        b->cap = cap;
        /* A block made for one long string goes behind the current one, which keeps its room. */
        if (list->strings && cap > STRING_BLOCK) {
            b->next = list->strings->next;
            list->strings->next = b;
        } else {
            b->next = list->strings;
            list->strings = b;
        }
    }
    out = b->data + b->used;
    memcpy(out, s, len);
    b->used += len;
    return out;
}

static bool intern_entry(pasv_fw_list *list, const pasv_fw_entry *entry, pasv_fw_entry *out)
{
    *out = *entry;
    out->name = pasv_fw_list_intern(list, entry->name);
    out->remote = pasv_fw_list_intern(list, entry->remote);
    return out->name && out->remote;
}

bool pasv_fw_list_reserve(pasv_fw_list *list, size_t extra)
{
    pasv_fw_entry *items;
    size_t cap;

    if (extra <= list->cap - list->count)
        return true;
    if (extra > SIZE_MAX / sizeof(*items) - list->count)
        return false;
    cap = list->count + extra;
    items = realloc(list->items, cap * sizeof(*items));
    if (!items)
        return false;
    list->items = items;
    list->cap = cap;
    return true;
}

bool pasv_fw_list_push(pasv_fw_list *list, const pasv_fw_entry *entry)
{
    pasv_fw_entry copy;

    if (list->count == list->cap) {
        size_t grow = list->cap ? list->cap : 16; /* doubles */
        if (grow > SIZE_MAX / 2 || !pasv_fw_list_reserve(list, grow))
            return false;
    }
    if (!intern_entry(list, entry, &copy))
        return false;
    list->items[list->count++] = copy;
    return true;
}

bool pasv_fw_list_replace(pasv_fw_list *list, size_t index, const pasv_fw_entry *entry)
{
    pasv_fw_entry copy;

    if (index >= list->count || !intern_entry(list, entry, &copy))
        return false;
    list->items[index] = copy;
    return true;
}

void pasv_fw_entry_init(pasv_fw_entry *entry)
{
    memset(entry, 0, sizeof(*entry));
    entry->name = "";
    entry->remote = "";
}

static const char *text_or_empty(const char *s)
{
    return s ? s : "";
}

bool pasv_fw_entry_same(const pasv_fw_entry *a, const pasv_fw_entry *b)
{
    if (a->kind != b->kind || a->protocol != b->protocol || a->scope != b->scope)
        return false;
    if (a->ports.low != b->ports.low
        || (a->kind == PASV_FW_RULE && a->ports.high != b->ports.high))
        return false;
    if ((a->flags & PASV_FW_ENABLED) != (b->flags & PASV_FW_ENABLED))
        return false;
    if (strcmp(text_or_empty(a->name), text_or_empty(b->name)) != 0)
        return false;
    return a->scope != PASV_SCOPE_CUSTOM || strcmp(text_or_empty(a->remote), text_or_empty(b->remote)) == 0;
}

/* Writes port in decimal without leading zeros; returns the number of digits (1..5). */
static size_t port_digits(uint16_t port, char out[6])
{
    char rev[5];
    size_t n = 0, i;
    unsigned v = port;

    do {
        rev[n++] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v != 0);
    for (i = 0; i < n; i++)
        out[i] = rev[n - 1 - i];
    out[n] = '\0';
    return n;
}

bool pasv_fw_port_name(const char *prefix, uint16_t port, char *name, size_t cap)
{
    char digits[6];
    size_t plen, dlen;

    if (!prefix)
        prefix = PASV_DEFAULT_PREFIX;
    if (!name)
        return false;
    plen = strlen(prefix);
    dlen = port_digits(port, digits);
    /* No space: the seed's loop writes "Passive FTP"%I, which yields "Passive FTP5001". */
    if (plen > cap || dlen + 1 > cap - plen)
        return false;
    memcpy(name, prefix, plen);
    memcpy(name + plen, digits, dlen + 1);
    return true;
}

bool pasv_fw_rule_name(const char *prefix, const pasv_range *range, char *name, size_t cap)
{
    char ports[PASV_RANGE_TEXT_MAX];
    size_t plen, rlen;

    if (!name || cap == 0)
        return false;
    name[0] = '\0';
    if (!prefix)
        prefix = PASV_DEFAULT_PREFIX;
    if (!range)
        return false;
    rlen = pasv_range_format(range, ports, sizeof(ports));
    plen = strlen(prefix);
    if (rlen == 0 || plen >= cap || rlen + 2 > cap - plen)
        return false;
    memcpy(name, prefix, plen);
    name[plen] = ' ';
    memcpy(name + plen + 1, ports, rlen + 1);
    return true;
}

/* The prefix comparison is case-sensitive on purpose: the seed and pasvports both write the
 * prefix verbatim, and a looser match would risk claiming another program's "passive ftp..."
 * entry, which we must never touch. The port must be written exactly (no leading zeros, no
 * sign) and nothing may follow it. */
bool pasv_fw_rule_name_equal(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    for (;; a++, b++) {
        int x = (unsigned char)*a, y = (unsigned char)*b;

        if (x >= 'A' && x <= 'Z')
            x += 'a' - 'A';
        if (y >= 'A' && y <= 'Z')
            y += 'a' - 'A';
        if (x != y)
            return false;
        if (x == 0)
            return true;
    }
}

bool pasv_fw_name_is_ours(const char *prefix, const char *name, uint16_t port)
{
    char digits[6];
    size_t plen, dlen;

    if (!prefix)
        prefix = PASV_DEFAULT_PREFIX;
    if (!name)
        return false;
    plen = strlen(prefix);
    if (strncmp(name, prefix, plen) != 0)
        return false;
    name += plen;
    if (*name == ' ')
        name++;
    dlen = port_digits(port, digits);
    return strncmp(name, digits, dlen) == 0 && name[dlen] == '\0';
}

void pasv_fw_classify(pasv_fw_list *list, const char *prefix)
{
    size_t i;

    if (!list)
        return;
    for (i = 0; i < list->count; i++) {
        pasv_fw_entry *e = &list->items[i];
        bool ours = false;

        /* Names are whole (never cut), so a foreign "<prefix>5001 backup" can never pass for
         * our "<prefix>5001". */
        if (e->protocol == PASV_PROTO_TCP && !(e->flags & PASV_FW_GP) && e->name) {
            if (e->kind == PASV_FW_PORT)
                ours = e->ports.low == e->ports.high && pasv_fw_name_is_ours(prefix, e->name, e->ports.low);
            else if (e->kind == PASV_FW_RULE)
                ours = (e->flags & PASV_FW_TAGGED) != 0;
        }
        if (ours)
            e->flags |= PASV_FW_OURS;
        else
            e->flags &= (uint16_t)~PASV_FW_OURS;
    }
}
