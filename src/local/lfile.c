/*
 * lfile.c: safe local files for downloads (see lfile.h, RELIABILITY.md
 * section 5, R46-R51).
 *
 * The rules, in the order a download meets them:
 *   - a server's name becomes one component (lf_safe_name) or nothing;
 *   - files are only ever opened as one name relative to a directory fd,
 *     through lf_openat: openat2 with RESOLVE_BENEATH|RESOLVE_NO_SYMLINKS
 *     where the kernel has it, openat with O_NOFOLLOW otherwise (for a
 *     single component the two refuse the same things);
 *   - a new .part is created with O_EXCL, so nothing already there (a
 *     planted link, dangling or not, a FIFO) is ever opened; a stale one
 *     is unlinked (which removes a link, never its target) and created
 *     again with O_EXCL;
 *   - a .part is reused for resume only if lstat and fstat after an
 *     O_NOFOLLOW|O_NONBLOCK open agree it is the same regular file, ours,
 *     with one link;
 *   - the final name is reached by one atomic rename that does not
 *     replace anything unless the user said so, and never a directory.
 * A failure anywhere leaves the existing file as it was and the .part in
 * place for a resume; only lf_part_discard removes it.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if defined(__linux__) && defined(SYS_openat2) && defined(__has_include)
#if __has_include(<linux/openat2.h>)
#include <linux/openat2.h>
#define LF_HAVE_OPENAT2 1
#endif
#endif

#include "base/i18n.h"
#include "base/log.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "local/lfile.h"

#ifndef O_NOFOLLOW
#error "O_NOFOLLOW is needed to create files safely"
#endif

#if defined(HAVE_RENAMEAT2) && defined(HAVE_DECL_RENAME_NOREPLACE) && \
    HAVE_DECL_RENAME_NOREPLACE
#define LF_HAVE_RENAMEAT2 1
#endif

/*
 * Set once openat2 turned out to be missing (old kernel, seccomp); the
 * unit test also sets it to run everything through the openat fallback.
 */
static int lf_no_openat2;
/* Set by the unit test only: use the linkat fallback of renameat2. */
static int lf_no_renameat2;

/*
 * A name for dirfd in messages: its path from /proc, or "." for the
 * current directory. Keeps errno.
 */
static const char *
lf_dir_name(int dirfd, char *buf, size_t size)
{
	char proc[64];
	ssize_t n;
	int saved = errno;

	if (dirfd == AT_FDCWD) {
		str_lcpy(buf, ".", size);
		errno = saved;
		return buf;
	}
	snprintf(proc, sizeof proc, "/proc/self/fd/%d", dirfd);
	n = readlink(proc, buf, size - 1);
	if (n <= 0)
		str_lcpy(buf, _("the download directory"), size);
	else
		buf[n] = '\0';
	errno = saved;
	return buf;
}

/*
 * Open one name in dirfd, never through a symbolic link: openat2 with
 * RESOLVE_BENEATH|RESOLVE_NO_SYMLINKS where there is one, otherwise
 * openat with O_NOFOLLOW added.
 */
static int
lf_openat(int dirfd, const char *name, int flags, mode_t mode)
{
	int fd;
#ifdef LF_HAVE_OPENAT2
	struct open_how how;
	int tries;

	if (!lf_no_openat2) {
		memset(&how, 0, sizeof how);
		how.flags = (uint64_t)(flags | O_NOFOLLOW);
		how.mode = (flags & O_CREAT) ? mode : 0;
		how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS |
		    RESOLVE_NO_MAGICLINKS;
		for (tries = 0; tries < 3; tries++) {
			fd = (int)syscall(SYS_openat2, dirfd, name, &how,
			    sizeof how);
			if (fd != -1 || (errno != EAGAIN && errno != EINTR))
				break;
		}
		if (fd != -1 || (errno != ENOSYS && errno != EPERM))
			return fd;
		if (errno == ENOSYS)
			lf_no_openat2 = 1;
	}
#endif
	do
		fd = openat(dirfd, name, flags | O_NOFOLLOW, mode);
	while (fd == -1 && errno == EINTR);
	return fd;
}

/* Open the directory downloads go to (see lfile.h). */
int
lf_dir_open(const char *path, char *err, size_t errlen)
{
	int fd;

	if (path == NULL || *path == '\0') {
		snprintf(err, errlen, "%s", _("no directory given"));
		errno = EINVAL;
		return -1;
	}
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd == -1) {
		int saved = errno;

		snprintf(err, errlen, _("cannot open directory %s: %s"), path,
		    strerror(saved));
		errno = saved;
	}
	return fd;
}

/* Make or reuse a subdirectory, never through a link (see lfile.h). */
int
lf_mkdir_at(int dirfd, const char *name, int *newfd, char *err,
    size_t errlen)
{
	char dir[PATH_MAX];
	struct stat st;
	int fd, saved;

	*newfd = -1;
	if (!lf_name_ok(name)) {
		snprintf(err, errlen, _("refusing the directory name \"%s\""),
		    name != NULL ? name : "");
		errno = EINVAL;
		return -1;
	}
	if (mkdirat(dirfd, name, 0777) == -1 && errno != EEXIST) {
		saved = errno;
		snprintf(err, errlen, _("cannot make directory %s in %s: %s"),
		    name, lf_dir_name(dirfd, dir, sizeof dir), strerror(saved));
		errno = saved;
		return -1;
	}
	fd = lf_openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
	if (fd == -1) {
		saved = errno;
		if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISLNK(st.st_mode)) {
			snprintf(err, errlen, _("%s in %s is a symbolic link; "
			    "refusing to follow it"), name,
			    lf_dir_name(dirfd, dir, sizeof dir));
			saved = ELOOP;
		} else if (saved == ENOTDIR) {
			snprintf(err, errlen, _("%s in %s exists and is not a "
			    "directory"), name,
			    lf_dir_name(dirfd, dir, sizeof dir));
		} else {
			snprintf(err, errlen, _("cannot open directory %s in "
			    "%s: %s"), name, lf_dir_name(dirfd, dir,
			    sizeof dir), strerror(saved));
		}
		errno = saved;
		return -1;
	}
	*newfd = fd;
	return 0;
}

/* Open a regular file to upload (see lfile.h). */
int
lf_open_read(int dirfd, const char *name, uint64_t *size, char *err,
    size_t errlen)
{
	struct stat st;
	int fd, fl, saved;

	if (name == NULL || *name == '\0') {
		snprintf(err, errlen, "%s", _("no file given"));
		errno = EINVAL;
		return -1;
	}
	/* O_NONBLOCK: opening a FIFO must not wait for a writer. */
	do
		fd = openat(dirfd, name, O_RDONLY | O_NONBLOCK | O_CLOEXEC |
		    O_NOCTTY);
	while (fd == -1 && errno == EINTR);
	if (fd == -1) {
		saved = errno;
		snprintf(err, errlen, _("cannot open %s: %s"), name,
		    strerror(saved));
		errno = saved;
		return -1;
	}
	if (fstat(fd, &st) == -1) {
		saved = errno;
		snprintf(err, errlen, _("cannot read the status of %s: %s"),
		    name, strerror(saved));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		saved = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		if (S_ISDIR(st.st_mode))
			snprintf(err, errlen, _("%s is a directory"), name);
		else
			snprintf(err, errlen, _("%s is not a regular file"),
			    name);
		goto fail;
	}
	if ((fl = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) == -1) {
		saved = errno;
		snprintf(err, errlen, _("cannot open %s: %s"), name,
		    strerror(saved));
		goto fail;
	}
	if (size != NULL)
		*size = (uint64_t)st.st_size;
	return fd;

fail:
	close(fd);
	errno = saved;
	return -1;
}

/* Bytes free for an unprivileged user on dirfd's file system. */
int
lf_free_space(int dirfd, uint64_t *bytes)
{
	struct statvfs sv;
	uint64_t unit;

	if (fstatvfs(dirfd, &sv) == -1)
		return -1;
	unit = sv.f_frsize != 0 ? sv.f_frsize : sv.f_bsize;
	if (unit != 0 && (uint64_t)sv.f_bavail > UINT64_MAX / unit)
		*bytes = UINT64_MAX;
	else
		*bytes = (uint64_t)sv.f_bavail * unit;
	return 0;
}

/* The umask, without changing it where /proc can tell. */
static mode_t
lf_umask(void)
{
	char line[128];
	unsigned int m;
	mode_t old;
	FILE *f;

	if ((f = fopen("/proc/self/status", "re")) != NULL) {
		while (fgets(line, sizeof line, f) != NULL) {
			if (sscanf(line, "Umask: %o", &m) == 1) {
				fclose(f);
				return (mode_t)(m & 0777);
			}
		}
		fclose(f);
	}
	old = umask(077);
	umask(old);
	return old;
}

/*
 * Describe a failed write of file in dirfd into err: the common faults
 * of a full or failing disk get their own words (R51).
 */
static void
lf_write_error(char *err, size_t errlen, int error, const char *file,
    int dirfd)
{
	char dir[PATH_MAX];

	lf_dir_name(dirfd, dir, sizeof dir);
	switch (error) {
	case ENOSPC:
		snprintf(err, errlen, _("no space left on device writing %s "
		    "in %s"), file, dir);
		break;
#ifdef EDQUOT
	case EDQUOT:
		snprintf(err, errlen, _("disk quota exceeded writing %s in "
		    "%s"), file, dir);
		break;
#endif
	case EIO:
		snprintf(err, errlen, _("input/output error writing %s in %s "
		    "(the disk or network file system failed)"), file, dir);
		break;
	case EROFS:
		snprintf(err, errlen, _("read-only file system: cannot write "
		    "%s in %s"), file, dir);
		break;
	case EFBIG:
		snprintf(err, errlen, _("file too large for the file system "
		    "writing %s in %s"), file, dir);
		break;
	default:
		snprintf(err, errlen, _("cannot write %s in %s: %s"), file, dir,
		    strerror(error));
		break;
	}
}

/*
 * Describe a failed creation (create) or open for writing of file in
 * dirfd into err.
 */
static void
lf_open_error(char *err, size_t errlen, int error, const char *file,
    int dirfd, bool create)
{
	char dir[PATH_MAX];

	lf_dir_name(dirfd, dir, sizeof dir);
	if (!create) {
		if (error == EROFS)
			snprintf(err, errlen, _("read-only file system: cannot "
			    "write %s in %s"), file, dir);
		else
			snprintf(err, errlen, _("cannot open %s in %s for "
			    "writing: %s"), file, dir, strerror(error));
		return;
	}
	switch (error) {
	case ENOSPC:
		snprintf(err, errlen, _("no space left on device creating %s "
		    "in %s"), file, dir);
		break;
	case EROFS:
		snprintf(err, errlen, _("read-only file system: cannot create "
		    "%s in %s"), file, dir);
		break;
	case ELOOP:
		snprintf(err, errlen, _("%s in %s is a symbolic link; refusing "
		    "to follow it"), file, dir);
		break;
	default:
		snprintf(err, errlen, _("cannot create %s in %s: %s"), file,
		    dir, strerror(error));
		break;
	}
}

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

/*
 * Rename from to to in dirfd without replacing anything: renameat2 with
 * RENAME_NOREPLACE, or a hard link and an unlink where the file system
 * has no RENAME_NOREPLACE. -1 and errno (EEXIST) on failure.
 */
int
lf_rename_noreplace(int dirfd, const char *from, const char *to)
{
	int saved;

#ifdef LF_HAVE_RENAMEAT2
	if (!lf_no_renameat2) {
		if (renameat2(dirfd, from, dirfd, to, RENAME_NOREPLACE) == 0)
			return 0;
		if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
			return -1;
	}
#endif
	/* link(2) never replaces and never follows a link at to. */
	if (linkat(dirfd, from, dirfd, to, 0) == -1)
		return -1;
	if (unlinkat(dirfd, from, 0) == -1) {
		/*
		 * The file is in place; the .part left behind is a second
		 * link to it, which lf_part_open refuses to resume into.
		 */
		saved = errno;
		log_warn("cannot remove %s after linking it to %s: %s", from,
		    to, strerror(saved));
	}
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

/* The first NAME.N that does not exist in dirfd (see lfile.h). */
int
lf_unique_name(int dirfd, const char *name, char *out, size_t outsz)
{
	char cand[NAME_MAX + 1];
	int i, n;

	for (i = 1; i <= LF_UNIQUE_MAX; i++) {
		n = snprintf(cand, sizeof cand, "%s.%d", name, i);
		if (n < 0 || (size_t)n > LF_NAME_MAX || (size_t)n >= outsz) {
			errno = ENAMETOOLONG;
			return -1;
		}
		if (!lf_exists(dirfd, cand, NULL)) {
			memcpy(out, cand, (size_t)n + 1);
			return 0;
		}
	}
	errno = EEXIST;
	return -1;
}

/* Does name exist in dirfd, without following a link? */
bool
lf_exists(int dirfd, const char *name, off_t *size)
{
	struct stat st;

	if (size != NULL)
		*size = 0;
	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == -1)
		return errno != ENOENT;
	if (size != NULL && S_ISREG(st.st_mode))
		*size = st.st_size;
	return true;
}
