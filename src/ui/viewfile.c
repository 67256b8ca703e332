/*
 * viewfile.c: the viewer's side of the view command (src/cmd/cmd_view.c
 * reads the start of the file, remote or local, and hands the bytes to
 * the app's view hook): the bytes kept for hex mode, the cut said in the
 * title, a local file's path kept for follow.
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

/* The app's view hook: the view command read the start of a file. */
void
ui_h_view(struct app *app, const char *title, const void *p, size_t len,
    size_t cut, void *arg)
{
	char *note;

	if (cut != 0) {
		note = xasprintf(_("%s (the first %zu KiB)"), title,
		    cut / 1024);
		view_open_bytes(arg, note, p, len, true, app->view_local);
		free(note);
	} else
		view_open_bytes(arg, title, p, len, false, app->view_local);
}
