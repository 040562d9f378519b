/* pasvports: a growing, bounds-checked text buffer and the escapings every output needs
 * (valid UTF-8, JSON strings, RFC 4180 CSV fields, control characters shown visibly).
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the pasvports developers
 *
 * There is no capacity to guess: every append checks its length and grows the buffer. A failed
 * append (out of memory, or past PASV_TEXTBUF_MAX) leaves the text as it was and makes the buffer
 * "failed": later appends do nothing, so a writer can append a whole document and check
 * tb->failed once at the end. data is NUL-terminated whenever it is not NULL. */
#ifndef PASV_TEXTBUF_H
#define PASV_TEXTBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest text a buffer holds (1 GiB): a DWORD-sized WriteFile always takes it whole. */
#define PASV_TEXTBUF_MAX ((size_t)1 << 30)

typedef struct pasv_textbuf {
    char *data;   /* NULL until the first append */
    size_t len;   /* bytes, the NUL excluded */
    size_t cap;
    bool failed;  /* an append failed: the text is incomplete */
} pasv_textbuf;

#if defined(__GNUC__)
#define PASV_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define PASV_PRINTF(a, b)
#endif

void pasv_textbuf_init(pasv_textbuf *tb);
void pasv_textbuf_cleanup(pasv_textbuf *tb);
/* Empties the text and clears failed; keeps the memory. */
void pasv_textbuf_reset(pasv_textbuf *tb);

/* Appends len bytes as they are. Returns false (and sets failed) when they do not fit. */
bool pasv_textbuf_append(pasv_textbuf *tb, const void *bytes, size_t len);
bool pasv_textbuf_puts(pasv_textbuf *tb, const char *s);
/* printf-style; the formatted length is measured first, then appended whole or not at all. */
bool pasv_textbuf_printf(pasv_textbuf *tb, const char *fmt, ...) PASV_PRINTF(2, 3);

/* Decodes one UTF-8 character of s[0..len) (len > 0) into *cp and returns the bytes it used.
 * Anything that is not well-formed UTF-8 (RFC 3629: stray continuation bytes, overlong forms,
 * surrogates, beyond U+10FFFF, a cut sequence) gives U+FFFD for one byte. */
size_t pasv_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Appends s as well-formed UTF-8: every invalid byte becomes U+FFFD. */
bool pasv_textbuf_put_utf8(pasv_textbuf *tb, const char *s, size_t len);

/* Appends s for a console or a screen: valid UTF-8 (U+FFFD for invalid bytes) with control
 * characters written visibly: C0 and DEL as \xHH (ESC is "\x1b"), C1 controls, the line and
 * paragraph separators and the bidirectional overrides/isolates (U+202A-202E, U+2066-2069,
 * which reorder what follows them) as \u{XXXX}. With PASV_ESCAPE_KEEP_LINES, tab, LF and a CR
 * directly before LF stay as they are (whole messages); without it they are escaped too (a
 * name). A backslash is not escaped: this is for reading, not for parsing back. */
#define PASV_ESCAPE_KEEP_LINES 0x1u
bool pasv_textbuf_put_escaped(pasv_textbuf *tb, const char *s, size_t len, unsigned flags);

/* Appends s as a JSON string with its quotes (RFC 8259): valid UTF-8 always (U+FFFD for invalid
 * bytes), " and \ escaped, control characters (C0, DEL, C1), U+2028 and U+2029 as \uXXXX. */
bool pasv_textbuf_put_json(pasv_textbuf *tb, const char *s);

/* Appends s as one CSV field (RFC 4180): quoted, with quotes doubled, when it holds a comma, a
 * quote, CR or LF or starts or ends with a blank; valid UTF-8 (U+FFFD for invalid bytes). */
bool pasv_textbuf_put_csv(pasv_textbuf *tb, const char *s);

#endif /* PASV_TEXTBUF_H */
