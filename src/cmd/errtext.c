/*
 * errtext.c: error lines of commands, "NAME: SUBJECT: ERROR", and a call
 * ended by the failed operation it waited for (cmd_fail_status; a look cut
 * by a dropped connection runs again after the reconnection instead).
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
#include "base/i18n.h"
#include "base/limits.h"
#include "base/sanitize.h"
#include "cmd/cmd_priv.h"

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
		san_append_once(&b, error, SAN_KEEP_TAB);
	app_out_clean(app, APP_ERROR, buf_cstr(&b));
	buf_free(&b);
}

/* End a call with the status of an operation that failed. */
void
cmd_fail_status(struct cmd_call *c, const struct ftp_status *st)
{
	/* A look (ls, cd) cut by a dropped connection: again, reconnected. */
	if (app_reconnect_repeat(c))
		return;
	if (c->interrupted) {
		/* cmd_cancel said "interrupted" already: say it once. */
		cmd_finish(c, CMD_FAILED);
		return;
	}
	cmd_err(c->app, c->desc->name, NULL, st->error != NULL ? st->error :
	    _("failed"));
	cmd_finish(c, CMD_FAILED);
}
