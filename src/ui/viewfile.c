/*
 * viewfile.c: the viewer's side of the view command (src/cmd/cmd_view.c
 * reads the start of the file, remote or local, and hands the bytes to
 * the app's view hook): NULs shown as \x01, the cut said in the title.
 */
#include "config.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "base/limits.h"
#include "base/log.h"
#include "base/sanitize.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "cmd/batch.h"
#include "cmd/parse.h"
#include "ev/loop.h"
#include "ui/ui.h"
#include "ui/ui_priv.h"

/* ------------------------------------------------------------ viewer */

/* Open the viewer on bytes read (NULs shown, the limit said). */
static void
view_bytes(struct ui *ui, const char *title, const void *p, size_t len,
    bool cut, size_t limit)
{
	char *text = xmalloc(len + 1), *note;
	size_t i;

	if (len > 0)
		memcpy(text, p, len);
	text[len] = '\0';
	/* a NUL would end the text early: show it as \x01 */
	for (i = 0; i < len; i++)
		if (text[i] == '\0')
			text[i] = '\x01';
	if (cut) {
		note = xasprintf(_("%s (the first %zu KiB)"), title,
		    limit / 1024);
		view_open(ui, note, text, true);
		free(note);
	} else
		view_open(ui, title, text, true);
	free(text);
}

/* The app's view hook: the view command read the start of a file. */
void
ui_h_view(struct app *app, const char *title, const void *p, size_t len,
    size_t cut, void *arg)
{
	view_bytes(arg, title, p, len, cut != 0, cut);
}
