/*
 * errtext.c: error lines of commands, "NAME: SUBJECT: ERROR".
 *
 * An error from the engine may already be partly sanitized (the server's
 * words, by the session or the queue) and partly raw (a path): printed
 * through app_out it would be escaped twice ("\\x1b" for one ESC). Here
 * the raw bytes are escaped and the sanitizer's escapes (\\, \xHH,
 * \uHHHH) are kept as they are, so every byte shows escaped exactly once.
 * And a subject the error already starts with ("get: /pub/x: /pub/x: ...")
 * is printed once.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/limits.h"
#include "base/sanitize.h"
#include "cmd/cmd_priv.h"

/* n hex digits at p? */
static bool
is_hex(const char *p, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (!((p[i] >= '0' && p[i] <= '9') ||
		    (p[i] >= 'a' && p[i] <= 'f') || (p[i] >= 'A' && p[i] <= 'F')))
			return false;
	return true;
}

/* Append s, escaping raw bytes and keeping the sanitizer's escapes. */
static void
err_append(struct buf *b, const char *s)
{
	const char *p = s, *run = s;
	size_t len;

	while (*p != '\0') {
		len = 0;
		if (p[0] == '\\' && p[1] == '\\')
			len = 2;
		else if (p[0] == '\\' && p[1] == 'x' && is_hex(p + 2, 2))
			len = 4;
		else if (p[0] == '\\' && p[1] == 'u' && is_hex(p + 2, 4))
			len = 6;
		if (len == 0) {
			p++;
			continue;
		}
		san_append(b, run, (size_t)(p - run), SAN_KEEP_TAB);
		buf_append(b, p, len);
		p += len;
		run = p;
	}
	san_append(b, run, (size_t)(p - run), SAN_KEEP_TAB);
}

/* Does error start with subject (raw or as shown) and ": "? */
static bool
err_names_subject(const char *subject, const char *error)
{
	char *shown;
	size_t n = strlen(subject);
	bool named;

	if (strncmp(error, subject, n) == 0 && strncmp(error + n, ": ", 2) == 0)
		return true;
	shown = san_cstr(subject);
	n = strlen(shown);
	named = strncmp(error, shown, n) == 0 &&
	    strncmp(error + n, ": ", 2) == 0;
	free(shown);
	return named;
}

void
cmd_err(struct app *app, const char *name, const char *subject,
    const char *error)
{
	struct buf b;

	buf_init(&b, 8 * (LIM_PATH + LIM_COMMAND));
	buf_append_str(&b, name);
	buf_append(&b, ": ", 2);
	/* The error names the subject already: print it once. */
	if (subject != NULL && (error == NULL ||
	    !err_names_subject(subject, error))) {
		san_append(&b, subject, strlen(subject), 0);
		if (error != NULL)
			buf_append(&b, ": ", 2);
	}
	if (error != NULL)
		err_append(&b, error);
	app_out_clean(app, APP_ERROR, buf_cstr(&b));
	buf_free(&b);
}
