/* pasvports: the options page's IIS 7+ part (issue 13 item 6): an FTP site's external address
 * and the FTP Server role's built-in passive rule. Not for hosts: they use page.h.
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#ifndef PASV_APP_PAGE_OPTIONS7_H
#define PASV_APP_PAGE_OPTIONS7_H

#include "page_impl.h"

typedef struct opt7_site {
    WCHAR name[PASV_SITE_NAME_MAX];
    char ip[PASV_SITE_IP_MAX]; /* the site's address now, canonical UTF-8 ("" when not set) */
} opt7_site;

typedef struct options7 {
    bool shown;          /* IIS 7+ with FTP sites: the site, address and status controls show */
    bool builtin_shown;  /* the built-in passive rule exists: its box and explanation show */
    bool builtin_on;     /* ... and it is enabled (there is something to turn off) */
    opt7_site *sites;    /* a copy of the snapshot's FTP sites (the page outlives snapshots) */
    size_t count;
    bool valid;          /* the typed address is accepted (or the field is not shown) */
    bool changed;        /* it differs from the selected site's address now */
    char ip[PASV_SITE_IP_MAX]; /* canonical; "" clears the address */
    bool filling;        /* the page is putting the site's address in the field */
} options7;

void opt7_init(app_page *page, options7 *o);
/* Handles the part's commands; true when the user changed one of its inputs (the page then
 * reports a change to the host); the page's own filling of the field is not a change. */
bool opt7_command(app_page *page, options7 *o, int id, int code);
void opt7_snapshot(app_page *page, options7 *o, const app_snapshot *s);
void opt7_enable(app_page *page, const options7 *o, bool idle, bool fw);
void opt7_get(const app_page *page, const options7 *o, app_page_choice *out);
void opt7_destroy(options7 *o);

#endif /* PASV_APP_PAGE_OPTIONS7_H */
