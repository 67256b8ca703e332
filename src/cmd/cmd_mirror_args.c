/*
 * cmd_mirror_args.c: the options of mirror (its spec is CMD_ARGS_RAW: the
 * --long options are read here, in order, as the words come).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/xmalloc.h"
#include "cmd/cmd.h"
#include "cmd/mirror_priv.h"
#include "cmd/parse.h"

/* ------------------------------------------------------------ rules */

/*
 * Is rel (a relative path, its last component name) left in? The rules
 * are tried in order and the first that matches decides; none matching:
 * in, unless the first rule is an --include. A pattern with a '/' is
 * matched against the whole relative path, else against the name.
 * Directories are only ever left out by --exclude (an --include of
 * "*.txt" still goes down into every directory).
 */
bool
mirror_keep(const struct mirror *m, const char *rel, bool isdir)
{
	const char *name = strrchr(rel, '/');
	const char *subj;
	size_t i;

	name = name != NULL ? name + 1 : rel;
	for (i = 0; i < m->nrules; i++) {
		if (isdir && m->rules[i].include)
			continue;
		subj = strchr(m->rules[i].glob, '/') != NULL ? rel : name;
		if (glob_match(m->rules[i].glob, subj, strlen(subj)))
			return m->rules[i].include;
	}
	return isdir || m->nrules == 0 || !m->rules[0].include;
}

/* Is rel under a directory left out? */
bool
under_excluded(const struct mirror *m, const char *rel)
{
	size_t i, l;

	for (i = 0; i < m->nxdirs; i++) {
		l = strlen(m->xdirs[i]);
		if (strncmp(rel, m->xdirs[i], l) == 0 && rel[l] == '/')
			return true;
	}
	return false;
}

/* A number for --parallel or --max-depth, within lo..hi. */
static int
num_arg(const char *s, int lo, int hi, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

/* The words of argv (every word a raw operand); -1: usage given. */
int
mirror_parse(struct cmd_call *c, struct mirror *m, const char **ops,
    int *nops)
{
	const char *a, *v;
	int i;
	bool done = false;

	*nops = 0;
	for (i = 1; i < c->argc; i++) {
		a = c->argv[i];
		if (done || a[0] != '-' || a[1] == '\0') {
			if (*nops == 2) {
				cmd_usage(c, _("too many operands"));
				return -1;
			}
			ops[(*nops)++] = a;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			done = true;
			continue;
		}
		if (strcmp(a, "-R") == 0 || strcmp(a, "--reverse") == 0)
			m->reverse = true;
		else if (strcmp(a, "--delete") == 0)
			m->del = m->mo.del = true;
		else if (strcmp(a, "--dry-run") == 0)
			m->dry = true;
		else if (strcmp(a, "--only-newer") == 0)
			m->mo.only_newer = true;
		else if (strcmp(a, "--only-missing") == 0)
			m->mo.only_missing = true;
		else if (strcmp(a, "--symlinks") == 0) {
			v = i + 1 < c->argc ? c->argv[++i] : "";
			if (strcmp(v, "follow") == 0)
				m->symlinks = XQ_LINKS_FOLLOW;
			else if (strcmp(v, "skip") == 0)
				m->symlinks = XQ_LINKS_SKIP;
			else if (strcmp(v, "keep") == 0)
				m->symlinks = XQ_LINKS_KEEP;
			else {
				cmd_usage(c, _("--symlinks takes follow, skip "
				    "or keep"));
				return -1;
			}
		}
		else if (strcmp(a, "--exclude") == 0 ||
		    strcmp(a, "--include") == 0 ||
		    strcmp(a, "--parallel") == 0 ||
		    strcmp(a, "--max-depth") == 0) {
			if (i + 1 >= c->argc) {
				cmd_usage(c, _("an option needs a value"));
				return -1;
			}
			v = c->argv[++i];
			if (a[2] == 'e' || a[2] == 'i') {
				m->rules = xreallocarray(m->rules,
				    m->nrules + 1, sizeof *m->rules);
				m->rules[m->nrules].include = a[2] == 'i';
				m->rules[m->nrules++].glob = v;
			} else if (a[2] == 'p' ? num_arg(v, 1, 10,
			    &m->parallel) == -1 : num_arg(v, 0, MIRROR_DEPTH,
			    &m->max_depth) == -1) {
				cmd_usage(c, _("not a number in range"));
				return -1;
			}
		} else {
			cmd_usage(c, _("unknown option"));
			return -1;
		}
	}
	return 0;
}

/* The last component of a path ("." for "/", "." or ""). */
char *
mirror_base_of(const char *p)
{
	char *s = xstrdup(p), *slash;
	size_t n = strlen(s);

	while (n > 1 && s[n - 1] == '/')
		s[--n] = '\0';
	slash = strrchr(s, '/');
	if (slash != NULL) {
		char *b = xstrdup(slash + 1);

		free(s);
		s = b;
	}
	if (*s == '\0' || strcmp(s, "..") == 0 || strcmp(s, "/") == 0) {
		free(s);
		s = xstrdup(".");
	}
	return s;
}

