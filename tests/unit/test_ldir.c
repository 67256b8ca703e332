/*
 * test_ldir: scanning a local directory and sorting listings (R43-R45).
 *
 * The tree, in a fresh directory under $TMPDIR (or /tmp): files of known
 * sizes and dates, a directory, links to a file and to the directory, a
 * dangling link, a FIFO, a hidden file, a UTF-8 name and a name with an
 * escape sequence and a newline in it. Sorting is tested on the scan and
 * on a made-up "remote" element type with unknown sizes and dates.
 */
#include "../../src/local/ldir.c"
#include "../tap.h"

#include <ftw.h>

static char top[PATH_MAX - 64];

/* Report a skipped test, TAP style. */
static void
skip(const char *why)
{
	tap_count++;
	printf("ok %d # SKIP %s\n", tap_count, why);
}

/* Make name in dirfd with size bytes and modification time mtime. */
static void
mkfile(int dirfd, const char *name, size_t size, time_t mtime)
{
	struct timespec ts[2];
	char buf[1024];
	size_t n;
	int fd;

	fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd == -1) {
		perror(name);
		exit(99);
	}
	memset(buf, 'x', sizeof buf);
	while (size > 0) {
		n = size < sizeof buf ? size : sizeof buf;
		if (write(fd, buf, n) != (ssize_t)n)
			exit(99);
		size -= n;
	}
	close(fd);
	ts[0].tv_sec = ts[1].tv_sec = mtime;
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	utimensat(dirfd, name, ts, AT_SYMLINK_NOFOLLOW);
}

/* Set the time of a link or directory. */
static void
set_time(int dirfd, const char *name, time_t mtime)
{
	struct timespec ts[2];

	ts[0].tv_sec = ts[1].tv_sec = mtime;
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	utimensat(dirfd, name, ts, AT_SYMLINK_NOFOLLOW);
}

/* The entry called name in l, or NULL. */
static const struct ld_entry *
find(const struct ld_list *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (strcmp(l->entries[i].name, name) == 0)
			return &l->entries[i];
	}
	return NULL;
}

/* The names of l, joined with commas, for order checks. */
static const char *
order(const struct ld_list *l)
{
	static char buf[4096];
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < l->n; i++) {
		if (i > 0)
			strcat(buf, ",");
		if (strlen(buf) + l->entries[i].namelen + 2 >= sizeof buf)
			break;
		strcat(buf, l->entries[i].name);
	}
	return buf;
}

/* Remove one file found by nftw. */
static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	if (remove(path) == -1)
		perror(path);
	return 0;
}

#define CTRL_NAME	"bad\x1b[2J\nname"
#define UTF8_NAME	"caf\xc3\xa9.txt"

/* Scan the tree and check every entry. */
static void
test_scan(int d)
{
	const struct ld_entry *e;
	struct ld_list l;
	char err[512], path[PATH_MAX];
	int fd;

	ok(ld_scan(top, &l, err, sizeof err) == 0, "scan the tree");
	is_int(l.n, 12, "12 entries, no . or ..");
	ok(!l.truncated, "not truncated");
	is_str(l.path, top, "path kept");

	e = find(&l, "a.txt");
	ok(e != NULL && e->type == LD_FILE && e->size == 10 &&
	    e->mtime == 1000000 && S_ISREG(e->mode) &&
	    (e->mode & 0777) == 0644 && e->target == NULL,
	    "a.txt: file, size, mtime, mode");
	e = find(&l, "sub");
	ok(e != NULL && e->type == LD_DIR && S_ISDIR(e->mode), "sub: dir");
	e = find(&l, "lnk_dir");
	ok(e != NULL && e->type == LD_LINK && e->target_dir && !e->dangling &&
	    e->target != NULL && strcmp(e->target, "sub") == 0,
	    "lnk_dir: link to a directory, target \"sub\"");
	e = find(&l, "lnk_file");
	ok(e != NULL && e->type == LD_LINK && !e->target_dir && !e->dangling &&
	    strcmp(e->target, "a.txt") == 0 && e->size == 5,
	    "lnk_file: link to a file (its own size)");
	e = find(&l, "dead");
	ok(e != NULL && e->type == LD_LINK && e->dangling &&
	    !e->target_dir && strcmp(e->target, "../nowhere/at all") == 0,
	    "dead: a dangling link, target kept");
	e = find(&l, "loop");
	ok(e != NULL && e->type == LD_LINK && e->dangling,
	    "loop: a link to itself counts as dangling");
	e = find(&l, "fifo");
	if (e != NULL)
		ok(e->type == LD_OTHER && S_ISFIFO(e->mode), "fifo: other");
	else
		skip("no fifo");
	ok(find(&l, ".hidden") != NULL, "hidden files are listed");
	e = find(&l, UTF8_NAME);
	ok(e != NULL && e->namelen == strlen(UTF8_NAME),
	    "UTF-8 name byte-exact");
	e = find(&l, CTRL_NAME);
	ok(e != NULL && e->namelen == strlen(CTRL_NAME),
	    "R43: control bytes in a name kept as they are (display escapes)");
	ok(find(&l, ".") == NULL && find(&l, "..") == NULL, "no . and ..");
	ld_list_free(&l);
	ok(l.entries == NULL && l.n == 0 && l.path == NULL, "free empties");
	ld_list_free(&l);

	/* Through a dirfd, whose own offset is not moved. */
	ok(ld_scan_at(d, "the tree", &l, err, sizeof err) == 0 && l.n == 12,
	    "scan_at");
	is_str(l.path, "the tree", "scan_at: path for messages");
	ld_list_free(&l);
	ok(ld_scan_at(d, "again", &l, err, sizeof err) == 0 && l.n == 12,
	    "scan_at twice on the same fd");
	ld_list_free(&l);

	/* Errors name the directory and say why. */
	snprintf(path, sizeof path, "%s/missing", top);
	ok(ld_scan(path, &l, err, sizeof err) == -1 && errno == ENOENT &&
	    strstr(err, path) != NULL && strstr(err, strerror(ENOENT)) != NULL,
	    "missing directory: \"%s\"", err);
	snprintf(path, sizeof path, "%s/a.txt", top);
	ok(ld_scan(path, &l, err, sizeof err) == -1 && errno == ENOTDIR,
	    "a file is not a directory: \"%s\"", err);
	fd = openat(d, "a.txt", O_RDONLY);
	ok(ld_scan_at(fd, "a.txt", &l, err, sizeof err) == -1 &&
	    errno == ENOTDIR, "scan_at a file's fd fails");
	close(fd);
	ok(ld_scan_at(-1, "bad fd", &l, err, sizeof err) == -1 &&
	    errno == EBADF, "scan_at a bad fd fails");

	/* R45: bounded. */
	ld_max_entries = 3;
	ok(ld_scan(top, &l, err, sizeof err) == 0 && l.n == 3 && l.truncated,
	    "R45: cut at the entry limit, and says so");
	ld_list_free(&l);
	ld_max_entries = 0;
	ok(ld_scan(top, &l, err, sizeof err) == 0 && l.n == 0 && l.truncated,
	    "R45: a limit of 0");
	ld_list_free(&l);
	ld_max_entries = LIM_LIST_ENTRIES;
}

/* Sort the scan every way. */
static void
test_sort_scan(void)
{
	struct ld_list l;
	char err[512];

	if (ld_scan(top, &l, err, sizeof err) == -1) {
		skip(err);
		return;
	}
	ld_list_sort(&l, LD_SORT_NAME, 0);
	is_str(order(&l), ".hidden,B.txt,a.txt," CTRL_NAME ",big.bin,"
	    UTF8_NAME ",dead,fifo,lnk_dir,lnk_file,loop,sub",
	    "by name, as bytes");
	ld_list_sort(&l, LD_SORT_NAME, LD_SORT_DIRS_FIRST);
	is_str(order(&l), "lnk_dir,sub,.hidden,B.txt,a.txt," CTRL_NAME
	    ",big.bin," UTF8_NAME ",dead,fifo,lnk_file,loop",
	    "by name, directories (and links to them) first");
	ld_list_sort(&l, LD_SORT_NAME, LD_SORT_DIRS_FIRST | LD_SORT_REVERSE);
	is_str(order(&l), "sub,lnk_dir,loop,lnk_file,fifo,dead," UTF8_NAME
	    ",big.bin," CTRL_NAME ",a.txt,B.txt,.hidden",
	    "reversed, directories still first");
	ld_list_sort(&l, LD_SORT_NAME, LD_SORT_DIRS_FIRST | LD_SORT_ICASE);
	is_str(order(&l), "lnk_dir,sub,.hidden,a.txt,B.txt," CTRL_NAME
	    ",big.bin," UTF8_NAME ",dead,fifo,lnk_file,loop",
	    "by name without case");
	ld_list_free(&l);
}

/* Sort by size and date on a scan of files only. */
static void
test_sort_files(int d)
{
	struct ld_list l;
	char err[512];
	int sub;

	mkdirat(d, "sizes", 0755);
	sub = openat(d, "sizes", O_RDONLY | O_DIRECTORY);
	mkfile(sub, "small", 1, 300);
	mkfile(sub, "medium", 100, 100);
	mkfile(sub, "large", 10000, 200);
	mkfile(sub, "same1", 100, 100);
	mkdirat(sub, "zdir", 0755);
	mkdirat(sub, "adir", 0755);
	set_time(sub, "zdir", 50);
	set_time(sub, "adir", 400);
	if (ld_scan_at(sub, "sizes", &l, err, sizeof err) == -1) {
		skip(err);
		close(sub);
		return;
	}
	ld_list_sort(&l, LD_SORT_SIZE, LD_SORT_DIRS_FIRST);
	is_str(order(&l), "adir,zdir,large,medium,same1,small",
	    "by size: largest first, ties by name, directories by name");
	ld_list_sort(&l, LD_SORT_SIZE, LD_SORT_DIRS_FIRST | LD_SORT_REVERSE);
	is_str(order(&l), "zdir,adir,small,same1,medium,large",
	    "by size reversed");
	ld_list_sort(&l, LD_SORT_MTIME, LD_SORT_DIRS_FIRST);
	is_str(order(&l), "adir,zdir,small,large,medium,same1",
	    "by date: newest first, ties by name");
	ld_list_sort(&l, LD_SORT_MTIME, 0);
	is_str(order(&l), "adir,small,large,medium,same1,zdir",
	    "by date, directories mixed in");
	ld_list_sort(&l, LD_SORT_MTIME, LD_SORT_REVERSE);
	is_str(order(&l), "zdir,same1,medium,large,small,adir",
	    "by date reversed");
	ld_list_free(&l);
	close(sub);
}

/* A remote listing's element type, sorted with the same code. */
struct remote {
	const char	*name;
	int		 isdir;
	int		 size;		/* -1: unknown */
	int		 mtime;		/* -1: unknown */
	int		 id;
};

/* The key of a struct remote. */
static void
remote_key(const void *elem, struct ld_sortkey *k)
{
	const struct remote *r = elem;

	k->name = r->name;
	k->namelen = strlen(r->name);
	k->isdir = r->isdir;
	k->has_size = r->size >= 0;
	k->size = r->size >= 0 ? (uint64_t)r->size : 0;
	k->has_mtime = r->mtime >= 0;
	k->mtime = r->mtime;
}

/* The ids of a remote array, joined. */
static const char *
ids(const struct remote *r, size_t n)
{
	static char buf[256];
	size_t i, o = 0;

	for (i = 0; i < n && o + 4 < sizeof buf; i++)
		o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%d",
		    i ? "," : "", r[i].id);
	buf[o] = '\0';
	return buf;
}

/* Generic sorting: unknown values last, stability, many elements. */
static void
test_sort_generic(void)
{
	struct remote r[] = {
		{ "b", 0, -1, 5, 1 },
		{ "a", 0, 10, -1, 2 },
		{ "c", 0, 30, 7, 3 },
		{ "pub", 1, -1, -1, 4 },
		{ "d", 0, -1, 9, 5 },
	};
	struct ld_sortkey a, b;
	struct remote *many;
	size_t i, n = 20000, bad;

	ld_sort(r, 5, sizeof r[0], remote_key, LD_SORT_SIZE,
	    LD_SORT_DIRS_FIRST);
	is_str(ids(r, 5), "4,3,2,1,5", "remote by size: unknown sizes last");
	ld_sort(r, 5, sizeof r[0], remote_key, LD_SORT_SIZE,
	    LD_SORT_DIRS_FIRST | LD_SORT_REVERSE);
	is_str(ids(r, 5), "4,2,3,5,1", "reversed: unknown sizes still last");
	ld_sort(r, 5, sizeof r[0], remote_key, LD_SORT_MTIME, 0);
	is_str(ids(r, 5), "5,3,1,2,4", "remote by date: unknown dates last");
	ld_sort(r, 5, sizeof r[0], remote_key, LD_SORT_NAME, 0);
	is_str(ids(r, 5), "2,1,3,5,4", "remote by name");
	ld_sort(r, 0, sizeof r[0], remote_key, LD_SORT_NAME, 0);
	ld_sort(r, 1, sizeof r[0], remote_key, LD_SORT_NAME, 0);
	ok(1, "zero and one element are fine");

	/* Equal keys keep their order (stable). */
	{
		struct remote s[] = {
			{ "x", 0, 1, 1, 1 }, { "x", 0, 1, 1, 2 },
			{ "a", 0, 1, 1, 3 }, { "x", 0, 1, 1, 4 },
		};

		ld_sort(s, 4, sizeof s[0], remote_key, LD_SORT_NAME, 0);
		is_str(ids(s, 4), "3,1,2,4", "stable");
	}

	/* Names compare as bytes: a prefix first, high bytes last. */
	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	a.name = "ab";
	a.namelen = 2;
	b.name = "abc";
	b.namelen = 3;
	ok(ld_sortkey_cmp(&a, &b, LD_SORT_NAME, 0) < 0, "prefix first");
	b.name = "a\xff";
	b.namelen = 2;
	ok(ld_sortkey_cmp(&a, &b, LD_SORT_NAME, 0) < 0, "bytes unsigned");
	ok(ld_sortkey_cmp(&a, &a, LD_SORT_NAME, 0) == 0, "equal is 0");
	b.name = "a\0c";
	b.namelen = 3;
	a.name = "a\0b";
	a.namelen = 3;
	ok(ld_sortkey_cmp(&a, &b, LD_SORT_NAME, 0) < 0,
	    "lengths, not NUL, end a name");

	/* Many elements, pseudo-random: the result is ordered. */
	many = xreallocarray(NULL, n, sizeof *many);
	srand(42);
	for (i = 0; i < n; i++) {
		many[i].name = "same";
		many[i].isdir = rand() % 10 == 0;
		many[i].size = rand() % 50 == 0 ? -1 : rand() % 1000;
		many[i].mtime = rand();
		many[i].id = (int)i;
	}
	ld_sort(many, n, sizeof *many, remote_key, LD_SORT_SIZE,
	    LD_SORT_DIRS_FIRST);
	for (bad = 0, i = 1; i < n; i++) {
		struct ld_sortkey ka, kb;

		remote_key(&many[i - 1], &ka);
		remote_key(&many[i], &kb);
		if (ld_sortkey_cmp(&ka, &kb, LD_SORT_SIZE,
		    LD_SORT_DIRS_FIRST) > 0 ||
		    (ld_sortkey_cmp(&ka, &kb, LD_SORT_SIZE,
		    LD_SORT_DIRS_FIRST) == 0 && many[i - 1].id > many[i].id))
			bad++;
	}
	is_int(bad, 0, "%zu elements sorted and stable", n);
	free(many);
}

int
main(void)
{
	const char *tmp = getenv("TMPDIR");
	int d;

	if (tmp == NULL || *tmp == '\0')
		tmp = "/tmp";
	snprintf(top, sizeof top, "%s/jangada-ldir.XXXXXX", tmp);
	if (mkdtemp(top) == NULL || (d = open(top, O_RDONLY |
	    O_DIRECTORY)) == -1) {
		perror(top);
		return 99;
	}
	mkfile(d, "a.txt", 10, 1000000);
	mkfile(d, "B.txt", 20, 1000001);
	mkfile(d, "big.bin", 5000, 999);
	mkfile(d, ".hidden", 1, 1);
	mkfile(d, UTF8_NAME, 3, 3);
	mkfile(d, CTRL_NAME, 4, 4);
	mkdirat(d, "sub", 0755);
	symlinkat("sub", d, "lnk_dir");
	symlinkat("a.txt", d, "lnk_file");
	symlinkat("../nowhere/at all", d, "dead");
	symlinkat("loop", d, "loop");
	if (mkfifoat(d, "fifo", 0600) == -1)
		mkfile(d, "fifo", 0, 0);

	test_scan(d);
	test_sort_scan();
	test_sort_files(d);
	test_sort_generic();

	close(d);
	nftw(top, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return done_testing();
}
