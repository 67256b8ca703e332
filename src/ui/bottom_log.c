/*
 * bottom_log.c: the protocol view of the bottom pane: a ring of lines
 * (the transcript of every connection, passwords masked by the engine,
 * the commands typed, their output and the messages), scrolled back
 * from its end. e turns the explain option on or off: a line of meaning
 * under each command and reply (src/ftp/explain.c, added by ui.c's
 * transcript hook).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/i18n.h"
#include "base/sanitize.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "ui/keymap.h"
#include "ui/bottom_priv.h"

/* Draw the protocol view. */
static void
log_draw(struct ui *ui, struct bottom *b, const struct ui_rect *r)
{
	ring_draw(&b->log, b->log_back, r);
}

/* A key: scroll. */
static bool
log_key(struct ui *ui, struct bottom *b, size_t h, const struct ui_key *k)
{
	if (keymap_find(k, KX_PROTOCOL) == KA_EXPLAIN) {
		/* a command like any other: set explain on|off */
		ui_command(ui, ui->app->opts.explain ? "set explain off" :
		    "set explain on", false, NULL, NULL);
		return true;
	}
	return scroll_key(&b->log_back, b->log.n, h, k);
}

/* The note on the tabs row: how far back it is scrolled. */
static void
log_note(struct ui *ui, struct bottom *b, char *out, size_t len)
{
	if (b->log_back > 0)
		snprintf(out, len, ngettext(" %zu line back (End follows) ",
		    " %zu lines back (End follows) ", b->log_back),
		    b->log_back);
}

const struct bot_view bot_protocol = { log_draw, log_key, log_note };
