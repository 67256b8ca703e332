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
 *
 * This file holds opening directories and files by one name, the error
 * messages, the rename that replaces nothing and unique names; the .part
 * lifecycle (lf_part_*) is lfile_part.c, the .part rules of the queue
 * lpart.c, and what lfile.c shares with lfile_part.c lfile_priv.h.
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
#include "local/lfile_priv.h"

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
const char *
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
int
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
mode_t
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
void
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
void
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
