/*
 * cmd_lrename.c: lrename FROM TO (alias lmv): rename or move a local file
 * or directory; TO an existing directory moves FROM into it, as mv does.
 * The screen's F6 runs it in the local pane (rename in the remote one).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/i18n.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "cmd/cmd_priv.h"

int
cmd_lrename(struct cmd_call *c)
{
	char *from = app_lpath(c->app, c->argv[1]);
	char *to = app_lpath(c->app, c->argv[2]);
	struct stat sb;

	if (stat(to, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		const char *base = strrchr(from, '/');
		char *in = xasprintf("%s/%s", to, base != NULL ? base + 1 :
		    from);

		free(to);
		to = in;
	}
	if (rename(from, to) == -1) {
		int e = errno;

		free(from);
		free(to);
		/* cmd_fail ends the call: c is gone after it */
		cmd_fail(c, CMD_FAILED, "%s: %s", c->argv[1], strerror(e));
		return 0;
	}
	free(from);
	free(to);
	app_changed(c->app, APP_CH_LCWD);
	cmd_finish(c, CMD_OK);
	return 0;
}
