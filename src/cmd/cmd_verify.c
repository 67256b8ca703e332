/*
 * cmd_verify.c: verify [FILE...]: check local files against the checksum
 * files (SHA256SUMS, MD5SUMS, NAME.sha256 ...) in the remote directory
 * (src/cmd/verify.c does the work). Each FILE is taken to have come from
 * the remote directory under its own name; with none, every file of the
 * local directory is, and those the checksum files do not name are
 * passed over. A mismatch is said and fails the command; the file stays
 * as it is (only a download just made is set apart as its .part).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/xmalloc.h"
#include "cmd/cmd_priv.h"
#include "cmd/verify.h"
#include "local/ldir.h"
#include "local/lfile.h"

struct vcmd {
	struct cmd_call	*c;
	struct verify	*v;
};

static void
vcmd_free(void *p)
{
	struct vcmd *vc = p;

	verify_stop(vc->v);
	free(vc);
}

static void
vcmd_done(void *arg, const struct verify_result *r)
{
	struct vcmd *vc = arg;
	struct cmd_call *c = vc->c;

	if (!c->app->quiet)
		app_out(c->app, APP_INFO, _("%s: %u verified, %u mismatched, "
		    "%u without a checksum, %u unreadable"), c->desc->name,
		    r->verified, r->mismatched, r->unchecked, r->errors);
	cmd_finish(c, r->mismatched + r->errors > 0 ? CMD_FAILED : CMD_OK);
}

/* verify [FILE...] */
int
cmd_verify(struct cmd_call *c)
{
	struct vcmd *vc;
	struct verify_file *f;
	struct ld_list l;
	char err[512], **names = NULL;
	const char *slash;
	size_t n = 0, i;
	int k;

	if (c->argc > 1) {
		names = xcalloc((size_t)c->argc, sizeof *names);
		for (k = 1; k < c->argc; k++)
			names[n++] = app_lpath(c->app, c->argv[k]);
	} else {
		if (ld_scan(app_lcwd(c->app), &l, err, sizeof err) == -1) {
			cmd_fail(c, CMD_FAILED, "%s", err);
			return 0;
		}
		names = xcalloc(l.n + 1, sizeof *names);
		for (i = 0; i < l.n; i++)
			if (l.entries[i].type == LD_FILE &&
			    !lf_is_part_name(l.entries[i].name))
				names[n++] = app_lpath(c->app,
				    l.entries[i].name);
		ld_list_free(&l);
	}
	f = xcalloc(n + 1, sizeof *f);
	for (i = 0; i < n; i++) {
		slash = strrchr(names[i], '/');
		f[i].local = names[i];
		f[i].remote = app_rpath(c->app, slash != NULL ? slash + 1 :
		    names[i]);
	}
	vc = xcalloc(1, sizeof *vc);
	vc->c = c;
	c->priv = vc;
	c->priv_free = vcmd_free;
	vc->v = verify_start(c->app, c->desc->name, f, n, vcmd_done,
	    vc);
	for (i = 0; i < n; i++) {
		free(names[i]);
		free((char *)f[i].remote);
	}
	free(names);
	free(f);
	if (vc->v == NULL)
		cmd_fail(c, CMD_FAILED, "%s", _("not connected"));
	return 0;
}
