/*
 * test_lfile: safe local files for downloads (R46-R51).
 *
 * Everything happens in a fresh directory under $TMPDIR (or /tmp) with an
 * "outside" directory next to the download directory: every planted link
 * points there, and the test checks that nothing there was created or
 * changed. The directory is removed at the end without following links.
 *
 * R51 (a full or read-only disk) is tested three ways, from the most to
 * the least real: a 64 KiB tmpfs mounted in a private mount namespace
 * (needs root and unshare; skipped, and said so, otherwise), writes to
 * /dev/full through a .part's fd (the kernel's own ENOSPC, always), and
 * the message function for the errors no test can cause (EIO, EDQUOT).
 */
#include "../../src/local/lfile.c"
#include "../../src/local/lfile_part.c"
#include "../tap.h"

#include <sys/mount.h>
#include <ftw.h>
#include <sched.h>

static char top[PATH_MAX - 64];		/* the temporary directory */
static char dlpath[PATH_MAX];		/* top/dl: downloads go here */
static int dl = -1;			/* fd of dlpath */
static int outside = -1;		/* fd of top/outside */

/* Report a skipped test, TAP style. */
static void
skip(const char *why)
{
	tap_count++;
	printf("ok %d # SKIP %s\n", tap_count, why);
}

/* Write s to name in dirfd (replacing it). */
static void
put_file(int dirfd, const char *name, const char *s)
{
	int fd;

	fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW,
	    0644);
	if (fd == -1 || write(fd, s, strlen(s)) != (ssize_t)strlen(s)) {
		perror(name);
		exit(99);
	}
	close(fd);
}

/* The content of name in dirfd (not following a link), or "(none)". */
static const char *
get_file(int dirfd, const char *name)
{
	static char buf[4096];
	ssize_t n;
	int fd;

	fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
	if (fd == -1)
		return "(none)";
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	buf[n < 0 ? 0 : n] = '\0';
	return buf;
}

/* Is name in dirfd a regular file (not following a link)? */
static bool
is_regular(int dirfd, const char *name)
{
	struct stat st;

	return fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISREG(st.st_mode);
}

/* Is name in dirfd a symbolic link pointing at target? */
static bool
is_link_to(int dirfd, const char *name, const char *target)
{
	char buf[PATH_MAX];
	ssize_t n;

	n = readlinkat(dirfd, name, buf, sizeof buf - 1);
	if (n < 0)
		return false;
	buf[n] = '\0';
	return strcmp(buf, target) == 0;
}

/* Does err hold needle? */
static bool
has(const char *err, const char *needle)
{
	return strstr(err, needle) != NULL;
}

/* Remove one file found by nftw (links themselves, never followed). */
static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	if (flag == FTW_DP)
		chmod(path, 0700);
	if (remove(path) == -1)
		perror(path);
	return 0;
}

/* Make the download directory top/sub (opened by the tests). */
static void
make_dl(const char *sub)
{
	snprintf(dlpath, sizeof dlpath, "%s/%s", top, sub);
	if (mkdir(dlpath, 0755) == -1) {
		perror(dlpath);
		exit(99);
	}
}

/* Make the temporary tree. */
static void
setup(void)
{
	const char *tmp = getenv("TMPDIR");
	char path[PATH_MAX];

	if (tmp == NULL || *tmp == '\0')
		tmp = "/tmp";
	snprintf(top, sizeof top, "%s/jangada-lfile.XXXXXX", tmp);
	if (mkdtemp(top) == NULL) {
		perror(top);
		exit(99);
	}
	snprintf(path, sizeof path, "%s/outside", top);
	if (mkdir(path, 0755) == -1) {
		perror("mkdir");
		exit(99);
	}
	outside = open(path, O_RDONLY | O_DIRECTORY);
	put_file(outside, "target", "secret");
	make_dl("dl");
}

/* Remove the temporary tree. */
static void
teardown(void)
{
	if (dl != -1)
		close(dl);
	if (outside != -1)
		close(outside);
	nftw(top, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* R46-R48: remote names reduced to one safe component, or refused. */
static void
test_safe_name(void)
{
	static const struct {
		const char	*in;
		size_t		 len;	/* 0: strlen */
		const char	*want;	/* NULL: refused */
		int		 err;
	} t[] = {
		{ "../../.bashrc", 0, ".bashrc", 0 },		/* R47 */
		{ "/etc/passwd", 0, "passwd", 0 },		/* R47 */
		{ "..", 0, NULL, EINVAL },			/* R47 */
		{ "", 0, NULL, EINVAL },			/* R47 */
		{ "a/b", 0, "b", 0 },				/* R47 */
		{ "C:\\x", 0, "x", 0 },				/* R47 */
		{ "..\\..\\win.ini", 0, "win.ini", 0 },
		{ "|sh -c id", 0, "_|sh -c id", 0 },		/* R48 */
		{ "-rf", 0, "_-rf", 0 },			/* R48 */
		{ "file:", 0, "file:", 0 },			/* R48 */
		{ "foobar/file:", 0, "file:", 0 },		/* lftp #452 */
		{ ".", 0, NULL, EINVAL },
		{ "a/", 0, NULL, EINVAL },
		{ "a/.", 0, NULL, EINVAL },
		{ "a/..", 0, NULL, EINVAL },
		{ "/", 0, NULL, EINVAL },
		{ "\\", 0, NULL, EINVAL },
		{ "...", 0, "...", 0 },
		{ ".hidden", 0, ".hidden", 0 },
		{ "-", 0, "_-", 0 },
		{ "dir/-rf", 0, "_-rf", 0 },
		{ "a-b", 0, "a-b", 0 },
		{ "a|b", 0, "a|b", 0 },
		{ "$(id)`id`", 0, "$(id)`id`", 0 },
		{ "~", 0, "~", 0 },
		{ " spaced  out ", 0, " spaced  out ", 0 },	/* R39 */
		{ "a\x1b[2Jb", 0, "a\\x1b[2Jb", 0 },		/* R43 */
		{ "x\ry\nz", 0, "x\\x0dy\\x0az", 0 },			/* R53 */
		{ "\x1b]52;c;aGk=\x07", 0, "\\x1b]52;c;aGk=\\x07", 0 },
		{ "del\x7f", 0, "del\\x7f", 0 },
		{ "\t-x", 0, "\\x09-x", 0 },
		{ "a\0b", 3, "a\\x00b", 0 },
		{ "/x\0", 3, "x\\x00", 0 },
		{ "caf\xc3\xa9", 0, "caf\xc3\xa9", 0 },		/* R44 */
		{ "\xff\xfe\x9b", 0, "\\xff\\xfe\\x9b", 0 },	/* invalid UTF-8 */
		{ "a\xc2\x9b" "2J", 0, "a\\u009b2J", 0 },	/* C1 CSI */
		{ "x\xe2\x80\xaetxt.exe", 0, "x\\u202etxt.exe", 0 }, /* RLO */
		{ "\xe2\x81\xa6y\xe2\x81\xa9", 0, "\\u2066y\\u2069", 0 },
		{ "\xe2\x80\xaa", 0, "\\u202a", 0 },		/* LRE */
		{ "caf\xc3\xa9 \xe6\x97\xa5", 0, "caf\xc3\xa9 \xe6\x97\xa5", 0 },
		{ ".x.part", 0, "\\x2ex.part", 0 },		/* never a .part */
		{ "d/.tar.gz.part", 0, "\\x2etar.gz.part", 0 },
		{ ".part", 0, ".part", 0 },
		{ "x.part", 0, "x.part", 0 },
	};
	char out[LF_NAME_MAX + 1], big[5000], small[4];
	size_t i, len;
	int r;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		len = t[i].len != 0 ? t[i].len : strlen(t[i].in);
		errno = 0;
		r = lf_safe_name(t[i].in, len, out, sizeof out);
		if (t[i].want == NULL) {
			ok(r == -1 && errno == t[i].err,
			    "safe_name: case %zu refused (errno %d)", i, errno);
		} else {
			/* 1 when out is not the last component as it was. */
			size_t c = len;

			while (c > 0 && t[i].in[c - 1] != '/' &&
			    t[i].in[c - 1] != '\\')
				c--;
			is_int(r, strlen(t[i].want) != len - c ||
			    memcmp(t[i].want, t[i].in + c, len - c) != 0,
			    "safe_name: case %zu accepted, changed told", i);
			is_str(out, t[i].want, "safe_name: case %zu result", i);
		}
	}

	/* R45/R47: a 5,000-byte name is refused, not cut. */
	memset(big, 'n', sizeof big);
	errno = 0;
	ok(lf_safe_name(big, sizeof big, out, sizeof out) == -1 &&
	    errno == ENAMETOOLONG, "safe_name: 5000-byte name refused");
	ok(lf_safe_name(big, LF_NAME_MAX, out, sizeof out) == 0 &&
	    strlen(out) == LF_NAME_MAX, "safe_name: LF_NAME_MAX bytes kept");
	big[0] = '\x01';
	ok(lf_safe_name(big, LF_NAME_MAX, out, sizeof out) == -1 &&
	    errno == ENAMETOOLONG, "safe_name: an escape counts towards the "
	    "limit");
	big[0] = 'a';
	ok(lf_safe_name(big, LF_NAME_MAX + 1, out, sizeof out) == -1,
	    "safe_name: LF_NAME_MAX + 1 bytes refused");
	big[0] = '-';
	ok(lf_safe_name(big, LF_NAME_MAX, out, sizeof out) == -1,
	    "safe_name: the '_' in front counts towards the limit");
	/* A long path whose last component is short is fine. */
	memset(big, '/', 100);
	memcpy(big + 4990, "/short.txt", 10);
	ok(lf_safe_name(big, sizeof big, out, sizeof out) == 0 &&
	    strcmp(out, "short.txt") == 0, "safe_name: long path, short name");
	ok(lf_safe_name("abcd", 4, small, sizeof small) == -1 &&
	    errno == ENAMETOOLONG, "safe_name: output too small refused");
	ok(lf_safe_name("abc", 3, small, sizeof small) == 0 &&
	    strcmp(small, "abc") == 0, "safe_name: output just big enough");
	ok(lf_safe_name(NULL, 0, out, sizeof out) == -1,
	    "safe_name: NULL, 0 refused");
}

/* lf_name_ok accepts one component only. */
static void
test_name_ok(void)
{
	char big[LF_NAME_MAX + 2];

	ok(lf_name_ok("x"), "name_ok: x");
	ok(lf_name_ok("-rf"), "name_ok: a user's -rf");
	ok(!lf_name_ok(""), "name_ok: empty");
	ok(!lf_name_ok("."), "name_ok: .");
	ok(!lf_name_ok(".."), "name_ok: ..");
	ok(!lf_name_ok("a/b"), "name_ok: a/b");
	ok(!lf_name_ok("/x"), "name_ok: /x");
	ok(!lf_name_ok(NULL), "name_ok: NULL");
	memset(big, 'x', sizeof big);
	big[LF_NAME_MAX] = '\0';
	ok(lf_name_ok(big), "name_ok: LF_NAME_MAX bytes");
	big[LF_NAME_MAX] = 'x';
	big[LF_NAME_MAX + 1] = '\0';
	ok(!lf_name_ok(big), "name_ok: LF_NAME_MAX + 1 bytes");
}

/* lf_dir_open and lf_open_read. */
static void
test_open(void)
{
	char err[512], path[PATH_MAX];
	uint64_t size;
	int fd;

	dl = lf_dir_open(dlpath, err, sizeof err);
	ok(dl != -1, "dir_open: the download directory");
	snprintf(path, sizeof path, "%s/missing", top);
	ok(lf_dir_open(path, err, sizeof err) == -1 && errno == ENOENT &&
	    has(err, path) && has(err, strerror(ENOENT)),
	    "dir_open: missing directory: \"%s\"", err);
	snprintf(path, sizeof path, "%s/outside/target", top);
	ok(lf_dir_open(path, err, sizeof err) == -1 && errno == ENOTDIR,
	    "dir_open: a file refused");
	ok(lf_dir_open("", err, sizeof err) == -1, "dir_open: empty path");

	fd = lf_open_read(outside, "target", &size, err, sizeof err);
	ok(fd != -1 && size == 6, "open_read: regular file and its size");
	if (fd != -1)
		close(fd);
	ok(lf_open_read(outside, "nope", &size, err, sizeof err) == -1 &&
	    errno == ENOENT && has(err, "nope"), "open_read: missing: \"%s\"",
	    err);
	ok(lf_open_read(AT_FDCWD, top, &size, err, sizeof err) == -1 &&
	    errno == EISDIR, "open_read: a directory refused: \"%s\"", err);
	if (mkfifoat(outside, "fifo", 0600) == 0) {
		ok(lf_open_read(outside, "fifo", &size, err, sizeof err) == -1,
		    "open_read: a FIFO refused without blocking: \"%s\"", err);
		unlinkat(outside, "fifo", 0);
	} else
		skip("mkfifo failed");
	if (symlinkat("target", outside, "tlink") == 0) {
		fd = lf_open_read(outside, "tlink", &size, err, sizeof err);
		ok(fd != -1 && size == 6, "open_read: a link the user named "
		    "is followed");
		if (fd != -1)
			close(fd);
		unlinkat(outside, "tlink", 0);
	}
	ok(lf_free_space(dl, &size) == 0 && size > 0,
	    "free_space: %llu bytes", (unsigned long long)size);
	ok(lf_free_space(-1, &size) == -1 && errno == EBADF,
	    "free_space: bad fd");
}

/* A plain download: create, write, commit. */
static void
test_basic(void)
{
	struct lf_part p;
	struct stat st;
	char err[512];
	mode_t want = 0644 & ~lf_umask();

	ok(lf_part_open(&p, dl, "plain", false, err, sizeof err) == 0,
	    "part_open: new");
	ok(p.fd != -1 && p.offset == 0 && strcmp(p.partname, ".plain.part")
	    == 0, "part_open: .plain.part, offset 0");
	ok(fstat(p.fd, &st) == 0 && (st.st_mode & 07777) == 0600,
	    "part_open: mode 0600 while incomplete");
	ok(lf_part_write(&p, "hello ", 6, err, sizeof err) == 0 &&
	    lf_part_write(&p, "world", 5, err, sizeof err) == 0 &&
	    p.offset == 11, "part_write: offset counts bytes");
	ok(lf_part_write(&p, "", 0, err, sizeof err) == 0,
	    "part_write: nothing to write");
	ok(lf_part_commit(&p, LF_NOREPLACE, err, sizeof err) == 0,
	    "part_commit: into an empty place");
	is_str(get_file(dl, "plain"), "hello world", "commit: content");
	ok(!lf_exists(dl, ".plain.part", NULL), "commit: .part gone");
	ok(fstatat(dl, "plain", &st, 0) == 0 && (st.st_mode & 07777) == want,
	    "commit: mode 0644 & ~umask (%o)", (unsigned)(st.st_mode & 07777));
	ok(p.fd == -1 && p.name == NULL && p.partname == NULL,
	    "commit: struct emptied");
	lf_part_abort(&p);
	ok(lf_part_commit(&p, LF_NOREPLACE, err, sizeof err) == -1,
	    "commit twice refused");
	ok(lf_part_write(&p, "x", 1, err, sizeof err) == -1 && errno == EBADF,
	    "write after commit refused");
	ok(lf_part_restart(&p) == -1 && errno == EBADF,
	    "restart after commit refused");

	/* Names that are not one component are refused outright. */
	ok(lf_part_open(&p, dl, "../escape", false, err, sizeof err) == -1 &&
	    errno == EINVAL && p.fd == -1 && p.name == NULL,
	    "part_open: ../escape refused");
	ok(lf_part_open(&p, dl, "..", false, err, sizeof err) == -1,
	    "part_open: .. refused");
	ok(lf_part_open(&p, dl, "", false, err, sizeof err) == -1,
	    "part_open: empty refused");
	ok(!lf_exists(outside, ".escape.part", NULL) &&
	    !lf_exists(dl, "...escape.part", NULL), "nothing was created");
	lf_part_abort(&p);

	/* Zero bytes (R26). */
	ok(lf_part_open(&p, dl, "empty", false, err, sizeof err) == 0 &&
	    lf_part_commit(&p, LF_NOREPLACE, err, sizeof err) == 0 &&
	    lf_exists(dl, "empty", NULL), "an empty file");
}

/* R49: an existing file is never replaced unless asked. */
static void
test_noreplace(void)
{
	struct lf_part p;
	char err[512], name[64];
	off_t size;

	put_file(dl, "exists", "old");
	ok(lf_part_open(&p, dl, "exists", false, err, sizeof err) == 0 &&
	    lf_part_write(&p, "new data", 8, err, sizeof err) == 0,
	    "R49: download next to an existing file");
	errno = 0;
	ok(lf_part_commit(&p, LF_NOREPLACE, err, sizeof err) == -1 &&
	    errno == EEXIST, "R49: NOREPLACE fails with EEXIST");
	ok(has(err, "exists") && has(err, dlpath) && has(err,
	    ".exists.part"), "R49: message names both: \"%s\"", err);
	is_str(get_file(dl, "exists"), "old", "R49: existing file intact");
	is_str(get_file(dl, ".exists.part"), "new data",
	    "R49: the download kept in .part");
	ok(p.fd == -1 && p.partname != NULL, "R49: struct still usable");

	/* The user picks another name. */
	ok(lf_unique_name(dl, "exists", name, sizeof name) == 0 &&
	    strcmp(name, "exists.1") == 0, "unique_name: exists.1");
	ok(lf_part_commit_as(&p, name, LF_NOREPLACE, err, sizeof err) == 0,
	    "commit_as exists.1");
	is_str(get_file(dl, "exists.1"), "new data", "exists.1 content");
	is_str(get_file(dl, "exists"), "old", "exists still intact");

	/* Or says overwrite. */
	ok(lf_part_open(&p, dl, "exists", false, err, sizeof err) == 0 &&
	    lf_part_write(&p, "newer", 5, err, sizeof err) == 0 &&
	    lf_part_commit(&p, LF_NOREPLACE, err, sizeof err) == -1,
	    "R49: second download refused by default");
	ok(lf_part_commit(&p, LF_REPLACE, err, sizeof err) == 0,
	    "R49: then LF_REPLACE after the prompt");
	is_str(get_file(dl, "exists"), "newer", "R49: replaced on request");
	ok(!lf_exists(dl, ".exists.part", NULL), "R49: no .part left");

	/* A directory is never replaced. */
	mkdirat(dl, "adir", 0755);
	put_file(dl, "adir/inside", "keep");
	ok(lf_part_open(&p, dl, "adir", false, err, sizeof err) == 0 &&
	    lf_part_commit(&p, LF_REPLACE, err, sizeof err) == -1 &&
	    errno == EISDIR, "REPLACE onto a directory fails: \"%s\"", err);
	is_str(get_file(dl, "adir/inside"), "keep", "the directory intact");
	lf_part_discard(&p);
	ok(!lf_exists(dl, ".adir.part", NULL), "discard removes the .part");

	/* lf_exists and lf_unique_name. */
	ok(lf_exists(dl, "exists", &size) && size == 5, "exists: size");
	ok(lf_exists(dl, "adir", &size) && size == 0, "exists: a directory");
	ok(!lf_exists(dl, "nothing", &size), "exists: missing");
	put_file(dl, "exists.2", "");
	ok(lf_unique_name(dl, "exists", name, sizeof name) == 0 &&
	    strcmp(name, "exists.3") == 0, "unique_name skips .1 and .2");
	ok(lf_unique_name(dl, "exists", name, 8) == -1 &&
	    errno == ENAMETOOLONG, "unique_name: output too small");
}

/* lf_unique_name gives up after LF_UNIQUE_MAX and at LF_NAME_MAX. */
static void
test_unique_bound(void)
{
	char err[512], name[NAME_MAX + 1], big[LF_NAME_MAX + 1];
	int sub, i;

	if (lf_mkdir_at(dl, "many", &sub, err, sizeof err) == -1) {
		skip(err);
		return;
	}
	put_file(sub, "f", "");
	for (i = 1; i <= LF_UNIQUE_MAX; i++) {
		snprintf(name, sizeof name, "f.%d", i);
		put_file(sub, name, "");
	}
	errno = 0;
	ok(lf_unique_name(sub, "f", name, sizeof name) == -1 &&
	    errno == EEXIST, "unique_name: all %d taken", LF_UNIQUE_MAX);
	memset(big, 'b', sizeof big);
	big[LF_NAME_MAX - 2] = '\0';
	ok(lf_unique_name(sub, big, name, sizeof name) == 0 &&
	    strlen(name) == LF_NAME_MAX, "unique_name: up to LF_NAME_MAX");
	big[LF_NAME_MAX - 2] = 'b';
	big[LF_NAME_MAX - 1] = '\0';
	ok(lf_unique_name(sub, big, name, sizeof name) == -1 &&
	    errno == ENAMETOOLONG, "unique_name: past LF_NAME_MAX refused");
	close(sub);
}

/* Resume, abort, restart, and a stale .part. */
static void
test_resume(void)
{
	struct lf_part p;
	char err[512];
	struct stat st;

	ok(lf_part_open(&p, dl, "res", true, err, sizeof err) == 0 &&
	    p.offset == 0, "resume with no .part starts empty");
	ok(lf_part_write(&p, "abc", 3, err, sizeof err) == 0,
	    "write 3 bytes");
	lf_part_abort(&p);
	ok(p.fd == -1 && p.name == NULL, "abort empties the struct");
	is_str(get_file(dl, ".res.part"), "abc", "abort keeps the .part");

	ok(lf_part_open(&p, dl, "res", true, err, sizeof err) == 0 &&
	    p.offset == 3, "resume: offset is the .part size (%llu)",
	    (unsigned long long)p.offset);
	ok(lf_part_write(&p, "def", 3, err, sizeof err) == 0 &&
	    p.offset == 6, "resume appends");
	ok(lf_part_commit(&p, LF_NOREPLACE, err, sizeof err) == 0,
	    "commit the resumed file");
	is_str(get_file(dl, "res"), "abcdef", "resumed content");

	/* R33: REST refused, start again from zero in the same .part. */
	put_file(dl, ".rst.part", "xyz");
	fchmodat(dl, ".rst.part", 0600, 0);
	ok(lf_part_open(&p, dl, "rst", true, err, sizeof err) == 0 &&
	    p.offset == 3, "restart: resumed at 3");
	ok(lf_part_restart(&p) == 0 && p.offset == 0, "restart: offset 0");
	ok(fstat(p.fd, &st) == 0 && st.st_size == 0, "restart: truncated");
	ok(lf_part_write(&p, "12", 2, err, sizeof err) == 0 &&
	    lf_part_commit(&p, LF_NOREPLACE, err, sizeof err) == 0,
	    "restart: write and commit");
	is_str(get_file(dl, "rst"), "12", "restart: no old bytes left");

	/* Not resuming: a stale .part is thrown away. */
	put_file(dl, ".stale.part", "stale bytes");
	ok(lf_part_open(&p, dl, "stale", false, err, sizeof err) == 0 &&
	    p.offset == 0 && fstat(p.fd, &st) == 0 && st.st_size == 0 &&
	    (st.st_mode & 07777) == 0600, "a stale .part is made new, 0600");
	lf_part_discard(&p);

	/* A directory at .NAME.part: refused both ways, left alone. */
	mkdirat(dl, ".pdir.part", 0755);
	ok(lf_part_open(&p, dl, "pdir", true, err, sizeof err) == -1 &&
	    has(err, "not a regular file"), "resume into a directory "
	    "refused: \"%s\"", err);
	ok(lf_part_open(&p, dl, "pdir", false, err, sizeof err) == -1 &&
	    has(err, ".pdir.part"), "a directory .part is not removed: "
	    "\"%s\"", err);
	ok(fstatat(dl, ".pdir.part", &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISDIR(st.st_mode), "the directory is still there");
}

/* R46, R50: planted links are never followed. */
static void
test_links(void)
{
	struct lf_part p;
	char err[512];
	struct stat st;
	int sub;

	/* A link at .NAME.part to a file outside. */
	symlinkat("../outside/target", dl, ".f.part");
	errno = 0;
	ok(lf_part_open(&p, dl, "f", true, err, sizeof err) == -1 &&
	    errno == ELOOP && has(err, "symbolic link"),
	    "R50: resume into a linked .part refused: \"%s\"", err);
	ok(is_link_to(dl, ".f.part", "../outside/target"),
	    "R50: the refused link is left as it was");
	ok(lf_part_open(&p, dl, "f", false, err, sizeof err) == 0,
	    "R50: a new download replaces the link itself");
	ok(is_regular(dl, ".f.part"), "R50: .f.part is now a regular file");
	ok(lf_part_write(&p, "evil", 4, err, sizeof err) == 0 &&
	    lf_part_commit(&p, LF_NOREPLACE, err, sizeof err) == 0,
	    "R50: written and committed");
	is_str(get_file(outside, "target"), "secret",
	    "R50: the link target untouched");
	is_str(get_file(dl, "f"), "evil", "R50: the data went to dl/f");

	/* A dangling link at .NAME.part pointing outside. */
	symlinkat("../outside/created", dl, ".g.part");
	ok(lf_part_open(&p, dl, "g", true, err, sizeof err) == -1 &&
	    errno == ELOOP, "R50: resume into a dangling link refused");
	ok(lf_part_open(&p, dl, "g", false, err, sizeof err) == 0 &&
	    lf_part_write(&p, "x", 1, err, sizeof err) == 0,
	    "R50: new download over a dangling link");
	lf_part_abort(&p);
	ok(!lf_exists(outside, "created", NULL),
	    "R50: nothing created through the dangling link");

	/* A link at NAME (R46: the same name listed as a link and a file). */
	symlinkat("../outside/target", dl, "h");
	ok(lf_part_open(&p, dl, "h", false, err, sizeof err) == 0 &&
	    lf_part_write(&p, "over", 4, err, sizeof err) == 0 &&
	    lf_part_commit(&p, LF_NOREPLACE, err, sizeof err) == -1 &&
	    errno == EEXIST, "R50: NOREPLACE onto a link fails with EEXIST");
	ok(is_link_to(dl, "h", "../outside/target"),
	    "R50: the link stays");
	ok(lf_part_commit(&p, LF_REPLACE, err, sizeof err) == 0,
	    "R50: REPLACE onto a link");
	ok(is_regular(dl, "h"), "R50: the link itself was replaced");
	is_str(get_file(dl, "h"), "over", "R50: with the download");
	is_str(get_file(outside, "target"), "secret",
	    "R50: the link's target untouched");

	/* A dangling link at NAME. */
	symlinkat("../outside/created", dl, "k");
	ok(lf_part_open(&p, dl, "k", false, err, sizeof err) == 0 &&
	    lf_part_commit(&p, LF_NOREPLACE, err, sizeof err) == -1 &&
	    errno == EEXIST, "R50: NOREPLACE onto a dangling link: EEXIST");
	ok(!lf_exists(outside, "created", NULL) && is_link_to(dl, "k",
	    "../outside/created"), "R50: nothing created, link intact");
	lf_part_discard(&p);

	/* A hard link at .NAME.part to another file we own. */
	if (linkat(outside, "target", dl, ".m.part", 0) == 0) {
		ok(lf_part_open(&p, dl, "m", true, err, sizeof err) == -1 &&
		    has(err, "hard links"), "R50: resume into a hard-linked "
		    ".part refused: \"%s\"", err);
		is_str(get_file(outside, "target"), "secret",
		    "R50: hard link target untouched");
	} else
		skip("linkat failed");

	/* A FIFO at .NAME.part: refused without blocking. */
	if (mkfifoat(dl, ".q.part", 0600) == 0) {
		ok(lf_part_open(&p, dl, "q", true, err, sizeof err) == -1 &&
		    has(err, "not a regular file"),
		    "R50: resume into a FIFO refused");
		ok(lf_part_open(&p, dl, "q", false, err, sizeof err) == 0 &&
		    is_regular(dl, ".q.part"), "a new download replaces it");
		lf_part_discard(&p);
	} else
		skip("mkfifo failed");

	/* A .part that belongs to someone else (needs root to plant). */
	put_file(dl, ".o.part", "theirs");
	if (geteuid() == 0 && fchownat(dl, ".o.part", 4242, 4242, 0) == 0) {
		ok(lf_part_open(&p, dl, "o", true, err, sizeof err) == -1 &&
		    has(err, "another user"), "R50: resume into another "
		    "user's .part refused: \"%s\"", err);
		is_str(get_file(dl, ".o.part"), "theirs", "and left as it was");
	} else
		skip("chown needs root");

	/* R50: a symlinked subdirectory is refused by lf_mkdir_at. */
	symlinkat("../outside", dl, "sub");
	sub = -2;
	errno = 0;
	ok(lf_mkdir_at(dl, "sub", &sub, err, sizeof err) == -1 &&
	    errno == ELOOP && sub == -1 && has(err, "symbolic link"),
	    "R50: symlinked subdirectory refused: \"%s\"", err);
	symlinkat("../outside/newdir", dl, "sub2");
	ok(lf_mkdir_at(dl, "sub2", &sub, err, sizeof err) == -1,
	    "R50: dangling symlinked subdirectory refused");
	ok(!lf_exists(outside, "newdir", NULL),
	    "R50: no directory made through it");
	put_file(dl, "afile", "");
	ok(lf_mkdir_at(dl, "afile", &sub, err, sizeof err) == -1 &&
	    errno == ENOTDIR, "mkdir_at: a file in the way: \"%s\"", err);
	ok(lf_mkdir_at(dl, "..", &sub, err, sizeof err) == -1 &&
	    errno == EINVAL, "mkdir_at: .. refused");
	ok(lf_mkdir_at(dl, "a/b", &sub, err, sizeof err) == -1 &&
	    errno == EINVAL, "mkdir_at: a/b refused");

	ok(lf_mkdir_at(dl, "real", &sub, err, sizeof err) == 0 && sub >= 0,
	    "mkdir_at: a new subdirectory");
	ok(fstatat(dl, "real", &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISDIR(st.st_mode), "mkdir_at: it is a directory");
	ok(lf_part_open(&p, sub, "in", false, err, sizeof err) == 0 &&
	    lf_part_commit(&p, LF_NOREPLACE, err, sizeof err) == 0 &&
	    is_regular(dl, "real/in"), "a download inside it lands there");
	close(sub);
	ok(lf_mkdir_at(dl, "real", &sub, err, sizeof err) == 0 &&
	    lf_exists(sub, "in", NULL), "mkdir_at: an existing one reused");
	close(sub);
	is_str(get_file(outside, "target"), "secret",
	    "R50: outside/target never changed");
}

/* R51: the messages for a failing disk, for every errno. */
static void
test_messages(void)
{
	char err[512], want[PATH_MAX + 128];

	lf_write_error(err, sizeof err, ENOSPC, ".big.part", dl);
	snprintf(want, sizeof want, "no space left on device writing "
	    ".big.part in %s", dlpath);
	is_str(err, want, "R51: ENOSPC message");
	lf_write_error(err, sizeof err, EDQUOT, ".big.part", dl);
	ok(has(err, "quota") && has(err, ".big.part") && has(err, dlpath),
	    "R51: EDQUOT message: \"%s\"", err);
	lf_write_error(err, sizeof err, EIO, ".big.part", dl);
	ok(has(err, "input/output error") && has(err, dlpath),
	    "R51: EIO message: \"%s\"", err);
	lf_write_error(err, sizeof err, EROFS, ".big.part", dl);
	ok(has(err, "read-only file system") && has(err, dlpath),
	    "R51: EROFS message: \"%s\"", err);
	lf_write_error(err, sizeof err, EBADF, ".big.part", dl);
	ok(has(err, strerror(EBADF)), "other errors: strerror");
	lf_open_error(err, sizeof err, EROFS, ".big.part", dl, true);
	ok(has(err, "read-only file system: cannot create .big.part"),
	    "R51: EROFS on create: \"%s\"", err);
	lf_open_error(err, sizeof err, EACCES, ".big.part", dl, false);
	ok(has(err, "cannot open .big.part in ") && has(err, "for writing: ")
	    && has(err, strerror(EACCES)), "open for resume: \"%s\"", err);
	lf_write_error(err, 16, ENOSPC, ".big.part", dl);
	ok(strlen(err) == 15, "a small err buffer is cut, terminated");
}

/* R51: ENOSPC from the kernel, through /dev/full. */
static void
test_dev_full(void)
{
	struct lf_part p;
	char err[512];
	int full;

	if ((full = open("/dev/full", O_WRONLY | O_CLOEXEC)) == -1) {
		skip("no /dev/full");
		return;
	}
	put_file(dl, "full", "precious");
	ok(lf_part_open(&p, dl, "full", false, err, sizeof err) == 0,
	    "R51: .part for the /dev/full test");
	close(p.fd);
	p.fd = full;	/* every write now fails with ENOSPC */
	errno = 0;
	ok(lf_part_write(&p, "data", 4, err, sizeof err) == -1 &&
	    errno == ENOSPC && has(err, "no space left on device writing "
	    ".full.part in "), "R51: ENOSPC reported: \"%s\"", err);
	ok(p.offset == 0, "R51: offset counts only what was written");
	lf_part_abort(&p);
	is_str(get_file(dl, "full"), "precious", "R51: existing file intact");
	ok(lf_exists(dl, ".full.part", NULL), "R51: the .part is kept");
}

/*
 * Without root: a directory without write permission refuses the .part
 * with a clear message (root would not be refused, so it is skipped).
 */
static void
test_readonly_dir(const char *path)
{
	struct lf_part p;
	char err[512];
	int fd;

	if (geteuid() == 0) {
		skip("root ignores directory permissions");
		return;
	}
	fd = lf_dir_open(path, err, sizeof err);
	chmod(path, 0555);
	errno = 0;
	ok(lf_part_open(&p, fd, "new", false, err, sizeof err) == -1 &&
	    errno == EACCES && has(err, "cannot create .new.part in ") &&
	    has(err, path), "R51: unwritable directory: \"%s\"", err);
	chmod(path, 0755);
	close(fd);
}

/*
 * R51 on a real file system: a 64 KiB tmpfs that fills up, then the same
 * tmpfs read-only. Needs root and a private mount namespace.
 */
static void
test_tmpfs(void)
{
	struct lf_part p;
	char err[512], mnt[PATH_MAX], chunk[8192];
	struct stat st;
	int fd, i, r;

	snprintf(mnt, sizeof mnt, "%s/mnt", top);
	if (mkdir(mnt, 0755) == -1) {
		skip("mkdir mnt");
		return;
	}
	if (unshare(CLONE_NEWNS) == -1 ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == -1 ||
	    mount("jangada-test", mnt, "tmpfs", MS_NOSUID | MS_NODEV,
	    "size=64k,mode=0755") == -1) {
		snprintf(err, sizeof err, "cannot mount a private tmpfs: %s",
		    strerror(errno));
		skip(err);
		test_readonly_dir(mnt);
		return;
	}
	fd = lf_dir_open(mnt, err, sizeof err);
	put_file(fd, "big", "the old big file");
	ok(lf_part_open(&p, fd, "big", false, err, sizeof err) == 0,
	    "R51: .part on a 64 KiB tmpfs");
	memset(chunk, 'z', sizeof chunk);
	r = 0;
	for (i = 0; i < 32 && r == 0; i++)
		r = lf_part_write(&p, chunk, sizeof chunk, err, sizeof err);
	ok(r == -1 && errno == ENOSPC, "R51: the disk fills up (ENOSPC)");
	snprintf(chunk, sizeof chunk, "no space left on device writing "
	    ".big.part in %s", mnt);
	is_str(err, chunk, "R51: the message says what, where and why");
	ok(fstat(p.fd, &st) == 0 && (uint64_t)st.st_size == p.offset,
	    "R51: offset %llu is what reached the disk (short writes "
	    "counted)", (unsigned long long)p.offset);
	lf_part_abort(&p);
	is_str(get_file(fd, "big"), "the old big file",
	    "R51: the existing file unchanged");
	ok(lf_exists(fd, ".big.part", NULL), "R51: .part kept for resume");

	/* The same file system read-only (nothing is open for writing). */
	if (mount(NULL, mnt, NULL, MS_REMOUNT | MS_RDONLY, NULL) == -1) {
		skip("remount read-only failed");
	} else {
		errno = 0;
		ok(lf_part_open(&p, fd, "new", false, err, sizeof err) == -1 &&
		    errno == EROFS && has(err, "read-only file system: "
		    "cannot create .new.part in ") && has(err, mnt),
		    "R51: read-only directory: \"%s\"", err);
		ok(lf_part_open(&p, fd, "big", true, err, sizeof err) == -1 &&
		    errno == EROFS && has(err, "read-only file system: "
		    "cannot write .big.part in "),
		    "R51: resume on read-only: \"%s\"", err);
		is_str(get_file(fd, "big"), "the old big file",
		    "R51: existing file unchanged on read-only");
	}
	close(fd);
	umount2(mnt, MNT_DETACH);
}

int
main(void)
{
	char err[512];

	setup();
	test_safe_name();
	test_name_ok();
	test_open();
	if (dl == -1) {
		teardown();
		return done_testing();
	}
	test_basic();
	test_noreplace();
	test_unique_bound();
	test_resume();
	test_links();
	test_messages();
	test_dev_full();

	/* Again without openat2 and renameat2: the fallbacks must hold. */
	tap_diag("the same with openat + O_NOFOLLOW and linkat + unlinkat");
	lf_no_openat2 = 1;
	lf_no_renameat2 = 1;
	close(dl);
	make_dl("dl2");
	put_file(outside, "target", "secret");
	if ((dl = lf_dir_open(dlpath, err, sizeof err)) == -1) {
		ok(0, "%s", err);
		teardown();
		return done_testing();
	}
	test_basic();
	test_noreplace();
	test_resume();
	test_links();
	lf_no_openat2 = 0;
	lf_no_renameat2 = 0;

	test_tmpfs();
	teardown();
	return done_testing();
}
