/*
 * queue_add.c: adding jobs to the transfer queue: xq_get and xq_put
 * (see queue.h).
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/log.h"
#include "base/sanitize.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "ev/loop.h"
#include "ftp/codes.h"
#include "local/lfile.h"
#include "local/lpath.h"
#include "xfer/xq_priv.h"

/* ------------------------------------------------------- adding jobs */

/* The default options: binary, ask, keep the time. */
static void
opts_default(struct xq_opts *o)
{
	memset(o, 0, sizeof *o);
	o->type = XQ_TYPE_BINARY;
	o->policy = XQ_ASK;
	o->keep_time = true;
}

/* A copy of path without trailing slashes ("/" stays "/"). */
static char *
path_trim(const char *path)
{
	char *p = xstrdup(path);
	size_t n = strlen(p);

	while (n > 1 && p[n - 1] == '/')
		p[--n] = '\0';
	return p;
}

/* The last component of a trimmed path. */
static const char *
path_base(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

/* Download remote into local_dir (see queue.h). */
unsigned
xq_get(struct xq *q, const char *remote, const char *local_dir,
    const char *local_name, const struct xq_opts *opts, char *err,
    size_t errlen)
{
	struct xq_opts o;
	struct xq_dnode *root;
	struct job *job;
	char name[NAME_MAX + 1], *path, *abs;
	const char *base;
	int fd, changed = 0;

	if (opts != NULL)
		o = *opts;
	else
		opts_default(&o);
	if (local_dir == NULL || *local_dir == '\0')
		local_dir = ".";
	if (remote == NULL || *remote == '\0') {
		snprintf(err, errlen, "%s", _("no remote file given"));
		return 0;
	}
	if (str_has_crlfnul(remote, strlen(remote))) {
		snprintf(err, errlen, "%s", _("refusing a remote name with a "
		    "line break"));
		return 0;
	}
	/* Bound now: a later lcd never moves the job. */
	if ((abs = lp_absolute_at(lp_dir_name(&q->ldir), local_dir, err, errlen)) == NULL)
		return 0;
	if ((fd = lf_dir_open(abs, err, errlen)) == -1) {
		free(abs);
		return 0;
	}
	close(fd);
	path = path_trim(remote);
	base = path_base(path);
	if (local_name != NULL) {
		/* A name of the shape ".X.part" could be X's partial file. */
		if (!lf_name_ok(local_name) || lf_is_part_name(local_name)) {
			snprintf(err, errlen, _("refusing the local name "
			    "\"%s\""), local_name);
			free(path);
			free(abs);
			return 0;
		}
		str_lcpy(name, local_name, sizeof name);
	} else if ((changed = lf_safe_name(base, strlen(base), name,
	    sizeof name)) == -1) {
		char *shown = san_cstr(path);

		snprintf(err, errlen, _("cannot make a local name from %s; "
		    "give one"), shown);
		free(shown);
		free(path);
		free(abs);
		return 0;
	}
	root = dnode_root(local_dir, abs);
	free(abs);
	job = job_new(q, XQ_GET, NULL, path, &o);
	if (changed == 1)
		job_warn_name(job, path, name);
	if (o.recursive) {
		job_set_dir(job);
		job->jroot = xstrdup(root->abs);
		job->jname = xstrdup(name);
		if (walk_new_get(job, root, name, err, errlen) == -1) {
			/* Cannot happen with a checked name; be safe. */
			job_finish(job, XQ_FAILED, err);
		}
	} else
		job_set_target(job, root, name);
	dnode_unref(root);
	free(path);
	if (!job_ended(job))
		job_queue_run(job, false);
	job_changed(job, true);
	return job->pub.id;
}

/* Upload local_path to remote (see queue.h). */
unsigned
xq_put(struct xq *q, const char *local_path, const char *remote,
    const struct xq_opts *opts, char *err, size_t errlen)
{
	struct xq_opts o;
	struct stat st;
	struct job *job;
	char *lpath, *rpath, *shown, *at;

	if (opts != NULL)
		o = *opts;
	else
		opts_default(&o);
	if (local_path == NULL || *local_path == '\0') {
		snprintf(err, errlen, "%s", _("no local file given"));
		return 0;
	}
	if ((at = lp_absolute_at(lp_dir_name(&q->ldir), local_path, err, errlen)) == NULL)
		return 0;
	if (stat(at, &st) == -1) {
		snprintf(err, errlen, _("cannot read %s: %s"), local_path,
		    strerror(errno));
		free(at);
		return 0;
	}
	free(at);
	if (S_ISDIR(st.st_mode) && !o.recursive) {
		snprintf(err, errlen, _("%s is a directory (a recursive "
		    "transfer sends it)"), local_path);
		return 0;
	}
	if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, _("%s is not a regular file"),
		    local_path);
		return 0;
	}
	shown = path_trim(local_path);
	if (remote == NULL || *remote == '\0')
		rpath = xstrdup(path_base(shown));
	else
		rpath = path_trim(remote);
	/* Bound now: a later lcd never moves the job. */
	if ((lpath = lp_absolute_at(lp_dir_name(&q->ldir), local_path, err, errlen)) ==
	    NULL) {
		free(shown);
		free(rpath);
		return 0;
	}
	if (*rpath == '\0' || strcmp(rpath, "/") == 0 ||
	    strcmp(rpath, ".") == 0 || strcmp(rpath, "..") == 0) {
		snprintf(err, errlen, _("cannot send %s: give a remote name"),
		    local_path);
		free(lpath);
		free(shown);
		free(rpath);
		return 0;
	}
	if (str_has_crlfnul(rpath, strlen(rpath))) {
		snprintf(err, errlen, "%s", _("refusing a remote name with a "
		    "line break"));
		free(lpath);
		free(shown);
		free(rpath);
		return 0;
	}
	job = job_new(q, XQ_PUT, NULL, rpath, &o);
	job->lpath = lpath;
	job_set_local(job, shown);
	free(shown);
	if (S_ISDIR(st.st_mode)) {
		job_set_dir(job);
		walk_new_put(job);
	} else {
		job->lsize = (uint64_t)st.st_size;
		job->pub.type = job_type_for(&o, path_base(lpath));
		job_set_total(job, job->lsize);
	}
	free(rpath);
	job_queue_run(job, false);
	job_changed(job, true);
	return job->pub.id;
}

