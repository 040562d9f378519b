/* pasvports: passive ranges as the wide strings Windows stores (metabase, registry).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers */
#ifndef PASV_WINRANGE_H
#define PASV_WINRANGE_H

#include <stdbool.h>
#include <wchar.h>

#include "pasv/range.h"

/* Parses a stored value. An empty (or all-blank) value sets *is_set false, which servers treat
 * as "not configured". Returns false (outputs untouched) when the text is not a range at all. */
bool pasv_range_from_wide(const wchar_t *text, pasv_range *range, bool *is_set);

/* Canonical text ("5001-5201", "5001") into buf (at least PASV_RANGE_TEXT_MAX wide chars). */
void pasv_range_to_wide(const pasv_range *range, wchar_t *buf, size_t cap);

#endif /* PASV_WINRANGE_H */
