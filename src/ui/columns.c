/*
 * columns.c: the columns of a file pane's rows after the name (set
 * columns): size, time (or the exact time), permissions and owner, in
 * that order. They are fitted to the pane's width from the most
 * important (the size) to the least (the owner): what does not leave the
 * name its room is dropped, so no row ever overflows.
 */
#include "config.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/str.h"
#include "base/xmalloc.h"
#include "cmd/app.h"
#include "ui/files_priv.h"

#define SIZE_W		9
#define TIME_W		10	/* 2026-12-02 */
#define TIME_LONG_W	16	/* 2026-12-02 07:05 */
#define TIME_EXACT_W	19	/* 2026-12-02 07:05:33 */
#define PERM_W		10	/* drwxr-xr-x */
#define OWNER_W		8

/* Take cols (and the blank before it) if the name keeps min columns. */
static bool
take(int *namew, int cols, int min)
{
	if (*namew - (cols + 1) < min)
		return false;
	*namew -= cols + 1;
	return true;
}

/* Fit the columns of mask (APP_COL_*) into a row w columns wide. */
void
fp_cols_fit(struct fp_cols *c, int w, unsigned mask)
{
	int extra;

	memset(c, 0, sizeof *c);
	c->namew = w - 1;		/* the mark's column first */
	c->exact = (mask & APP_COL_TIME_EXACT) != 0;
	if ((mask & APP_COL_SIZE) && take(&c->namew, SIZE_W, 13))
		c->sizew = SIZE_W;
	if ((mask & APP_COL_TIME) && take(&c->namew, TIME_W, 30)) {
		c->timew = TIME_W;
		extra = (c->exact ? TIME_EXACT_W : TIME_LONG_W) - TIME_W;
		if (c->namew - extra >= 44) {
			c->namew -= extra;
			c->timew += extra;
		}
	}
	if ((mask & APP_COL_PERM) && take(&c->namew, PERM_W, 24))
		c->permw = PERM_W;
	if ((mask & APP_COL_OWNER) && take(&c->namew, OWNER_W, 24))
		c->ownerw = OWNER_W;
	if (c->namew < 0)
		c->namew = 0;
}

/* The permission bits as ls shows them, with the type first. */
void
fp_perm_string(char out[11], const struct fitem *it)
{
	static const char rwx[] = "rwxrwxrwx";
	int i;

	out[0] = it->kind == FK_DIR ? 'd' : it->kind == FK_LINK ? 'l' :
	    it->kind == FK_OTHER ? '?' : '-';
	for (i = 0; i < 9; i++)
		out[i + 1] = it->mode & (0400u >> i) ? rwx[i] : '-';
	if (it->mode & 04000)
		out[3] = out[3] == 'x' ? 's' : 'S';
	if (it->mode & 02000)
		out[6] = out[6] == 'x' ? 's' : 'S';
	if (it->mode & 01000)
		out[9] = out[9] == 'x' ? 't' : 'T';
	out[10] = '\0';
}

/* A local owner's name (a few remembered), or its number. */
static char *
local_owner(uid_t uid)
{
	static struct {
		bool	 used;
		uid_t	 uid;
		char	 name[33];
	} cache[8];
	static unsigned next;
	struct passwd *pw;
	size_t i;

	for (i = 0; i < 8; i++)
		if (cache[i].used && cache[i].uid == uid)
			return ui_sanc(cache[i].name);
	i = next++ % 8;
	cache[i].used = true;
	cache[i].uid = uid;
	if ((pw = getpwuid(uid)) != NULL && pw->pw_name != NULL)
		str_lcpy(cache[i].name, pw->pw_name, sizeof cache[i].name);
	else
		snprintf(cache[i].name, sizeof cache[i].name, "%lu",
		    (unsigned long)uid);
	return ui_sanc(cache[i].name);
}

/* The time in w columns: the date, the minute, or the second. */
static void
time_text(char *out, size_t n, const struct fitem *it, bool remote, int w,
    bool exact)
{
	struct tm tm;
	size_t r;

	out[0] = '\0';
	if (!it->has_mtime || (remote ? gmtime_r(&it->mtime, &tm) :
	    localtime_r(&it->mtime, &tm)) == NULL)
		return;
	if (w < TIME_LONG_W || !it->mtime_has_time)
		r = strftime(out, n, "%Y-%m-%d", &tm);
	else if (exact && it->mtime_has_sec)
		r = strftime(out, n, "%Y-%m-%d %H:%M:%S", &tm);
	else
		r = strftime(out, n, "%Y-%m-%d %H:%M", &tm);
	if (r == 0)
		str_lcpy(out, "?", n);
}

/*
 * Draw the columns after the name of item it (NULL: the ".." row) from
 * x (after the name and the size) in colour cc. Returns the columns used.
 */
int
fp_cols_draw(const struct fp_cols *c, const struct fitem *it, bool remote,
    int y, int x, enum ui_color cc)
{
	char buf[40], perm[11];
	char *owner;
	int x0 = x;

	if (it == NULL)
		return 0;
	if (c->timew) {
		time_text(buf, sizeof buf, it, remote, c->timew, c->exact);
		draw_text(y, x + 1, c->timew, buf, cc == UC_NORMAL ? UC_HINT :
		    cc, A_NORMAL, false);
		x += c->timew + 1;
	}
	if (c->permw) {
		if (it->has_mode) {
			fp_perm_string(perm, it);
			draw_text(y, x + 1, c->permw, perm, cc, A_NORMAL,
			    false);
		}
		x += c->permw + 1;
	}
	if (c->ownerw) {
		owner = remote ? (it->owner != NULL ? ui_sanc(it->owner) :
		    NULL) : it->has_uid ? local_owner(it->uid) : NULL;
		if (owner != NULL)
			draw_text(y, x + 1, c->ownerw, owner, cc, A_NORMAL,
			    false);
		free(owner);
		x += c->ownerw + 1;
	}
	return x - x0;
}
