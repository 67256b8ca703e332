/*
 * sanitize.h: the display sanitizer.
 *
 * Every byte that came from a server, a file name or a raw socket goes
 * through here before it reaches the terminal, a log or stdout. The result
 * is printable text in which nothing can move the cursor, change modes or
 * reorder what follows:
 *   - C0 controls, DEL, and (as their own bytes) invalid UTF-8 become \xHH;
 *   - C1 controls (U+0080-U+009F), bidirectional overrides and isolates,
 *     U+2028/U+2029 and U+FEFF become \uHHHH;
 *   - a backslash becomes \\ so an escape is never ambiguous;
 *   - valid UTF-8 is kept when the terminal is UTF-8; otherwise every byte
 *     from 0x80 up is escaped (0x9B is CSI on an 8-bit terminal), but in
 *     a single-byte locale (san_set_latin: ISO-8859-1...) the letters of
 *     its charset, 0xA0 to 0xFF, are kept.
 * Escaping is byte-for-byte reversible in the reader's head: the original
 * bytes are kept by the caller for RETR/CWD (R44).
 */
#ifndef JANGADA_BASE_SANITIZE_H
#define JANGADA_BASE_SANITIZE_H

#include <stdbool.h>
#include <stddef.h>

struct buf;

#define SAN_KEEP_NL	0x01	/* keep LF (viewer, multi-line text) */
#define SAN_KEEP_TAB	0x02	/* keep TAB */
#define SAN_UTF8	0x04	/* valid UTF-8 kept whatever the terminal
				   (local file names, lf_safe_name); in
				   a single-byte locale, its letters */

void	 san_set_utf8(bool);
bool	 san_get_utf8(void);
void	 san_set_latin(bool);
int	 san_append(struct buf *, const void *, size_t, int flags);
char	*san_str(const void *, size_t, int flags);
char	*san_cstr(const char *);
bool	 san_is_clean(const void *, size_t);
/*
 * Text that may be partly sanitized already (an engine's error: the
 * server's words escaped, a path raw): raw bytes are escaped and the
 * sanitizer's own escapes (\\, \xHH, \uHHHH) kept, so every byte shows
 * escaped exactly once, never "\\x1b" for one ESC.
 */
int	 san_append_once(struct buf *, const char *, int flags);
char	*san_cstr_once(const char *);

#endif
