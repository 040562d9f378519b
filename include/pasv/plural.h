/* pasvports: singular and plural forms of the engine's counted sentences (issue 12).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * English needs two forms ("1 change", "2 changes", "0 changes"); the string table has the
 * plural one under the message's id and the singular under its _ONE id (status.h). Every front
 * end asks here which to load, with the count that governs the noun: for "%1 of %2 changes" that
 * is %2. */
#ifndef PASV_PLURAL_H
#define PASV_PLURAL_H

#include "pasv/status.h"

/* msg's singular id when n is 1 and msg has one, else msg. */
pasv_msg pasv_msg_for_count(pasv_msg msg, unsigned long n);

/* one when n is 1, else many: for a front end's own pairs of ids. */
unsigned pasv_plural_id(unsigned one, unsigned many, unsigned long n);

#endif /* PASV_PLURAL_H */
