/*
 * lfile_part.c: the life of a download's .part file (see lfile.h and the
 * rules at the top of lfile.c): lf_part_open creates it with O_EXCL or
 * reuses it for a resume only after the lstat/fstat checks (lf_resumable),
 * lf_part_write and lf_part_splice fill it, lf_part_commit renames it
 * into place without replacing anything unless the user said so, and
 * lf_part_abort keeps it for a resume while lf_part_discard removes it.
 * The opening helpers and the messages are lfile.c's (lfile_priv.h).
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/log.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "local/lfile.h"
#include "local/lfile_priv.h"

/* Empty a struct lf_part, closing what is open; keeps errno. */
static void
lf_part_clear(struct lf_part *p)
{
	int saved = errno;

	if (p->fd != -1)
		close(p->fd);
	p->fd = -1;
	free(p->name);
	p->name = NULL;
	free(p->partname);
	p->partname = NULL;
	errno = saved;
}

/* Why lf_part_reuse refuses a .part. */
enum lf_refusal {
	LF_REFUSE_LINK,
	LF_REFUSE_NOTREG,
	LF_REFUSE_CHANGED,
	LF_REFUSE_OWNER,
	LF_REFUSE_LINKS
};

/* Say in err why the .part file in dirfd is not resumed into. */
static void
lf_refuse(char *err, size_t errlen, enum lf_refusal why, const char *file,
    int dirfd)
{
	char dir[PATH_MAX];

	lf_dir_name(dirfd, dir, sizeof dir);
	switch (why) {
	case LF_REFUSE_LINK:
		snprintf(err, errlen, _("%s in %s is a symbolic link; refusing "
		    "to resume into it"), file, dir);
		break;
	case LF_REFUSE_NOTREG:
		snprintf(err, errlen, _("%s in %s is not a regular file; "
		    "refusing to resume into it"), file, dir);
		break;
	case LF_REFUSE_CHANGED:
		snprintf(err, errlen, _("%s in %s changed while it was opened; "
		    "refusing to resume into it"), file, dir);
		break;
	case LF_REFUSE_OWNER:
		snprintf(err, errlen, _("%s in %s belongs to another user; "
		    "refusing to resume into it"), file, dir);
		break;
	case LF_REFUSE_LINKS:
		snprintf(err, errlen, _("%s in %s has other hard links; "
		    "refusing to resume into it"), file, dir);
		break;
	}
}

/*
 * May the file st (file in dirfd, as lstat saw it) be resumed into: a
 * regular file (not a link) of ours with one link? 0, or -1 and err.
 */
int
lf_resumable(const struct stat *st, const char *file, int dirfd, char *err,
    size_t errlen)
{
	if (S_ISLNK(st->st_mode))
		lf_refuse(err, errlen, LF_REFUSE_LINK, file, dirfd);
	else if (!S_ISREG(st->st_mode))
		lf_refuse(err, errlen, LF_REFUSE_NOTREG, file, dirfd);
	else if (st->st_uid != geteuid())
		lf_refuse(err, errlen, LF_REFUSE_OWNER, file, dirfd);
	else if (st->st_nlink != 1)
		lf_refuse(err, errlen, LF_REFUSE_LINKS, file, dirfd);
	else
		return 0;
	return -1;
}

/*
 * Reopen an existing .part for resume, refusing anything that is not our
 * own regular file with one link (R50). Returns the fd; -1 if there is no
 * .part (the caller makes one); -2 with err and errno if it is refused or
 * cannot be opened.
 */
static int
lf_part_reuse(struct lf_part *p, char *err, size_t errlen)
{
	struct stat before, st;
	int fd, fl, saved;

	if (fstatat(p->dirfd, p->partname, &before, AT_SYMLINK_NOFOLLOW) == -1) {
		if (errno == ENOENT)
			return -1;
		saved = errno;
		lf_open_error(err, errlen, saved, p->partname, p->dirfd,
		    false);
		errno = saved;
		return -2;
	}
	if (S_ISLNK(before.st_mode)) {
		lf_refuse(err, errlen, LF_REFUSE_LINK, p->partname, p->dirfd);
		errno = ELOOP;
		return -2;
	}
	if (!S_ISREG(before.st_mode)) {
		lf_refuse(err, errlen, LF_REFUSE_NOTREG, p->partname,
		    p->dirfd);
		errno = S_ISDIR(before.st_mode) ? EISDIR : EINVAL;
		return -2;
	}

	/* O_NONBLOCK: if a FIFO was swapped in, do not wait on it. */
	fd = lf_openat(p->dirfd, p->partname, O_WRONLY | O_NONBLOCK |
	    O_CLOEXEC | O_NOCTTY, 0);
	if (fd == -1) {
		saved = errno;
		lf_open_error(err, errlen, saved, p->partname, p->dirfd,
		    false);
		errno = saved;
		return -2;
	}
	if (fstat(fd, &st) == -1) {
		saved = errno;
		lf_open_error(err, errlen, saved, p->partname, p->dirfd,
		    false);
		goto fail;
	}
	saved = EPERM;
	if (st.st_dev != before.st_dev || st.st_ino != before.st_ino ||
	    !S_ISREG(st.st_mode)) {
		lf_refuse(err, errlen, LF_REFUSE_CHANGED, p->partname,
		    p->dirfd);
		goto fail;
	}
	if (st.st_uid != geteuid()) {
		lf_refuse(err, errlen, LF_REFUSE_OWNER, p->partname, p->dirfd);
		goto fail;
	}
	if (st.st_nlink != 1) {
		lf_refuse(err, errlen, LF_REFUSE_LINKS, p->partname, p->dirfd);
		goto fail;
	}
	if ((fl = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) == -1 ||
	    lseek(fd, 0, SEEK_END) == (off_t)-1) {
		saved = errno;
		lf_open_error(err, errlen, saved, p->partname, p->dirfd,
		    false);
		goto fail;
	}
	p->offset = (uint64_t)st.st_size;
	return fd;

fail:
	close(fd);
	errno = saved;
	return -2;
}

/*
 * Create a new, empty .part with O_EXCL. A stale one is unlinked first if
 * replace (unlink removes a link, never what it points to). Returns the
 * fd or -1.
 */
static int
lf_part_create(struct lf_part *p, bool replace, char *err, size_t errlen)
{
	char dir[PATH_MAX];
	int fd, saved, tries;

	for (tries = 0; tries < 2; tries++) {
		fd = lf_openat(p->dirfd, p->partname, O_WRONLY | O_CREAT |
		    O_EXCL | O_CLOEXEC | O_NOCTTY, 0600);
		if (fd != -1) {
			p->offset = 0;
			return fd;
		}
		if (errno != EEXIST || !replace)
			break;
		if (tries == 0 && unlinkat(p->dirfd, p->partname, 0) == -1 &&
		    errno != ENOENT) {
			saved = errno;
			snprintf(err, errlen, _("cannot remove the old %s in "
			    "%s: %s"), p->partname,
			    lf_dir_name(p->dirfd, dir, sizeof dir),
			    strerror(saved));
			errno = saved;
			return -1;
		}
	}
	saved = errno;
	if (saved == EEXIST)
		snprintf(err, errlen, _("%s in %s was made by someone else "
		    "meanwhile; giving up"), p->partname,
		    lf_dir_name(p->dirfd, dir, sizeof dir));
	else
		lf_open_error(err, errlen, saved, p->partname, p->dirfd,
		    true);
	errno = saved;
	return -1;
}

/* Open the .part for name in dirfd (see lfile.h). */
int
lf_part_open(struct lf_part *p, int dirfd, const char *name, bool resume,
    char *err, size_t errlen)
{
	int fd = -1;

	memset(p, 0, sizeof *p);
	p->dirfd = dirfd;
	p->fd = -1;
	if (!lf_name_ok(name)) {
		snprintf(err, errlen, _("refusing the file name \"%s\""),
		    name != NULL ? name : "");
		errno = EINVAL;
		return -1;
	}
	p->name = xstrdup(name);
	p->partname = xmalloc(NAME_MAX + 8);
	(void)lf_part_name(name, p->partname, NAME_MAX + 8);

	if (resume) {
		fd = lf_part_reuse(p, err, errlen);
		if (fd == -2)
			goto fail;
	}
	if (fd < 0 && (fd = lf_part_create(p, !resume, err, errlen)) == -1)
		goto fail;
	p->fd = fd;
	return 0;

fail:
	lf_part_clear(p);
	return -1;
}

/* Write all of buf to the .part, retrying short writes (see lfile.h). */
int
lf_part_write(struct lf_part *p, const void *buf, size_t len, char *err,
    size_t errlen)
{
	const unsigned char *b = buf;
	ssize_t n;
	int saved;

	if (p->fd == -1) {
		snprintf(err, errlen, "%s", _("the partial file is not open"));
		errno = EBADF;
		return -1;
	}
	while (len > 0) {
		n = write(p->fd, b, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			saved = n == 0 ? EIO : errno;
			lf_write_error(err, errlen, saved, p->partname,
			    p->dirfd);
			errno = saved;
			return -1;
		}
		b += n;
		len -= (size_t)n;
		p->offset += (uint64_t)n;
	}
	return 0;
}

/*
 * Move exactly len bytes, already waiting in the pipe pipefd, into the
 * .part with splice(2): the data never passes through user memory. The
 * errors and the offset are those of lf_part_write.
 */
int
lf_part_splice(struct lf_part *p, int pipefd, size_t len, char *err,
    size_t errlen)
{
	ssize_t n;
	int saved;

	if (p->fd == -1) {
		snprintf(err, errlen, "%s", _("the partial file is not open"));
		errno = EBADF;
		return -1;
	}
	while (len > 0) {
		n = splice(pipefd, NULL, p->fd, NULL, len, SPLICE_F_MOVE);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			saved = n == 0 ? EIO : errno;
			lf_write_error(err, errlen, saved, p->partname,
			    p->dirfd);
			errno = saved;
			return -1;
		}
		len -= (size_t)n;
		p->offset += (uint64_t)n;
	}
	return 0;
}

/* Truncate the .part to 0 and write from the start again. */
int
lf_part_restart(struct lf_part *p)
{
	if (p->fd == -1) {
		errno = EBADF;
		return -1;
	}
	if (ftruncate(p->fd, 0) == -1 || lseek(p->fd, 0, SEEK_SET) == -1)
		return -1;
	p->offset = 0;
	return 0;
}

/* Rename the .part to newname (see lf_part_commit in lfile.h). */
int
lf_part_commit_as(struct lf_part *p, const char *newname,
    enum lf_exists how, char *err, size_t errlen)
{
	char dir[PATH_MAX];
	int saved, r;

	if (p->partname == NULL) {
		snprintf(err, errlen, "%s", _("no partial file to complete"));
		errno = EBADF;
		return -1;
	}
	if (!lf_name_ok(newname)) {
		snprintf(err, errlen, _("refusing the file name \"%s\""),
		    newname != NULL ? newname : "");
		errno = EINVAL;
		return -1;
	}
	if (p->fd != -1) {
		/* The mode is cosmetic: a failure is not worth a download. */
		(void)fchmod(p->fd, 0644 & ~lf_umask());
		if (fsync(p->fd) == -1 && errno != EINVAL) {
			saved = errno;
			lf_write_error(err, errlen, saved, p->partname,
			    p->dirfd);
			close(p->fd);
			p->fd = -1;
			errno = saved;
			return -1;
		}
		r = close(p->fd);
		p->fd = -1;
		if (r == -1 && errno != EINTR) {
			saved = errno;
			lf_write_error(err, errlen, saved, p->partname,
			    p->dirfd);
			errno = saved;
			return -1;
		}
	}

	if (how == LF_NOREPLACE)
		r = lf_rename_noreplace(p->dirfd, p->partname, newname);
	else
		r = renameat(p->dirfd, p->partname, p->dirfd, newname);
	if (r == -1) {
		saved = errno;
		lf_dir_name(p->dirfd, dir, sizeof dir);
		if (saved == EEXIST)
			snprintf(err, errlen, _("%s already exists in %s; not "
			    "replaced (the download is kept in %s)"), newname,
			    dir, p->partname);
		else if (saved == EISDIR)
			snprintf(err, errlen, _("%s in %s is a directory; not "
			    "replaced (the download is kept in %s)"), newname,
			    dir, p->partname);
		else
			snprintf(err, errlen, _("cannot rename %s to %s in %s: "
			    "%s"), p->partname, newname, dir, strerror(saved));
		errno = saved;
		return -1;
	}
	lf_part_clear(p);
	return 0;
}

/* Complete the download: fsync, close, rename into place. */
int
lf_part_commit(struct lf_part *p, enum lf_exists how, char *err,
    size_t errlen)
{
	if (p->name == NULL) {
		snprintf(err, errlen, "%s", _("no partial file to complete"));
		errno = EBADF;
		return -1;
	}
	return lf_part_commit_as(p, p->name, how, err, errlen);
}

/* Give up, keeping the .part for a resume. */
void
lf_part_abort(struct lf_part *p)
{
	lf_part_clear(p);
}

/* Give up and remove the .part. */
void
lf_part_discard(struct lf_part *p)
{
	int saved = errno;

	if (p->partname != NULL)
		(void)unlinkat(p->dirfd, p->partname, 0);
	lf_part_clear(p);
	errno = saved;
}
