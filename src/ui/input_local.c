/*
 * input_local.c: completing local names in the app's local directory.
 *
 * The process's directory never moves (lcd changes app->lcwd), so a
 * relative word is completed as lcwd/word and shown without the prefix;
 * readline's stat of a match (the '/' of a directory) gets the prefix too.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <readline/readline.h>

#include "base/xmalloc.h"
#include "cmd/app.h"
#include "ui/ui_priv.h"

static char *pre;	/* "lcwd/" for this completion */

/* Start a local completion (see ui_priv.h). */
void
input_local_begin(struct ui *ui)
{
	free(pre);
	pre = xasprintf("%s/", app_lcwd(ui->app));
	rl_filename_stat_hook = input_local_stat;
}

/* End it: readline's stat is its own again. */
void
input_local_end(void)
{
	rl_filename_stat_hook = NULL;
}

/* The matches of text, relative ones in the local directory. */
char *
input_local_gen(const char *text, int state)
{
	char *t, *m;
	size_t n;

	if (pre == NULL || text[0] == '/' || text[0] == '~')
		return rl_filename_completion_function(text, state);
	t = xasprintf("%s%s", pre, text);
	m = rl_filename_completion_function(t, state);
	free(t);
	n = strlen(pre);
	if (m != NULL && strncmp(m, pre, n) == 0)
		memmove(m, m + n, strlen(m + n) + 1);
	return m;
}

/* A match's name for stat(2): relative ones in the local directory. */
int
input_local_stat(char **name)
{
	char *t;

	if (pre == NULL || *name == NULL || (*name)[0] == '/' ||
	    (*name)[0] == '~')
		return 0;
	t = xasprintf("%s%s", pre, *name);
	free(*name);
	*name = t;
	return 1;
}
