/*
 * ldir.c: local directory scanning and listing sorts (see ldir.h).
 *
 * A scan opens its own description of the directory (so a caller's dirfd
 * keeps its offset), reads it with readdir and lstats every entry relative
 * to it: nothing is followed except, for a link, one stat to learn whether
 * its target is a directory or missing. An entry that vanishes between
 * readdir and lstat is left out; one that cannot be lstat'ed is kept with
 * its errno. The number of entries is bounded (ld_max_entries, which the
 * unit test lowers).
 *
 * Sorting builds an array of keys once (a listing's key function is
 * called n times, not n log n), merge sorts it (stable, no qsort_r), and
 * moves the elements into the new order.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/limits.h"
#include "base/xmalloc.h"
#include "local/ldir.h"

/* The most entries a scan keeps. */
static size_t ld_max_entries = LIM_LIST_ENTRIES;

/* A key and the index of its element, for ld_sort. */
struct ld_skey {
	struct ld_sortkey	k;
	size_t			idx;
};

/* Free the entries and path of a list and empty it. */
void
ld_list_free(struct ld_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->entries[i].name);
		free(l->entries[i].target);
	}
	free(l->entries);
	free(l->path);
	memset(l, 0, sizeof *l);
}

/* Fill e for name in dfd from lstat (and, for a link, its target). */
static int
ld_fill(int dfd, const char *name, unsigned char dtype, struct ld_entry *e,
    char *linkbuf)
{
	struct stat st, tst;
	ssize_t n;

	memset(e, 0, sizeof *e);
	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == -1) {
		if (errno == ENOENT)
			return -1;	/* gone since readdir */
		e->error = errno;
		switch (dtype) {
		case DT_REG:
			e->type = LD_FILE;
			break;
		case DT_DIR:
			e->type = LD_DIR;
			break;
		case DT_LNK:
			e->type = LD_LINK;
			break;
		default:
			e->type = LD_OTHER;
			break;
		}
	} else {
		e->size = st.st_size > 0 ? (uint64_t)st.st_size : 0;
		e->mtime = st.st_mtime;
		e->mode = st.st_mode;
		e->uid = st.st_uid;
		if (S_ISREG(st.st_mode))
			e->type = LD_FILE;
		else if (S_ISDIR(st.st_mode))
			e->type = LD_DIR;
		else if (S_ISLNK(st.st_mode))
			e->type = LD_LINK;
		else
			e->type = LD_OTHER;
	}
	if (e->type == LD_LINK) {
		n = readlinkat(dfd, name, linkbuf, LIM_PATH);
		if (n >= 0)
			e->target = xstrndup(linkbuf, (size_t)n);
		if (fstatat(dfd, name, &tst, 0) == 0)
			e->target_dir = S_ISDIR(tst.st_mode);
		else
			e->dangling = errno == ENOENT || errno == ENOTDIR ||
			    errno == ELOOP;
	}
	e->namelen = strlen(name);
	e->name = xmemdup(name, e->namelen + 1);
	return 0;
}

/* Read the open directory fd (which this closes) into l. */
static int
ld_read(int fd, const char *path, struct ld_list *l, char *err,
    size_t errlen)
{
	struct dirent *d;
	char *linkbuf;
	DIR *dir;
	int saved;

	if ((dir = fdopendir(fd)) == NULL) {
		saved = errno;
		close(fd);
		snprintf(err, errlen, _("cannot read directory %s: %s"), path,
		    strerror(saved));
		errno = saved;
		return -1;
	}
	l->path = xstrdup(path);
	linkbuf = xmalloc(LIM_PATH + 1);
	for (;;) {
		errno = 0;
		if ((d = readdir(dir)) == NULL) {
			if (errno == 0)
				break;
			saved = errno;
			snprintf(err, errlen, _("error reading directory %s: "
			    "%s"), path, strerror(saved));
			free(linkbuf);
			closedir(dir);
			ld_list_free(l);
			errno = saved;
			return -1;
		}
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		if (l->n == ld_max_entries) {
			l->truncated = true;
			break;
		}
		if (l->n == l->cap) {
			l->cap = l->cap == 0 ? 64 : l->cap * 2;
			if (l->cap > ld_max_entries)
				l->cap = ld_max_entries;
			l->entries = xreallocarray(l->entries, l->cap,
			    sizeof *l->entries);
		}
		if (ld_fill(dirfd(dir), d->d_name, d->d_type,
		    &l->entries[l->n], linkbuf) == 0)
			l->n++;
	}
	free(linkbuf);
	closedir(dir);
	return 0;
}

/*
 * Read the directory just opened as fd (-1: the open failed, errno says
 * why); path names it in messages.
 */
static int
ld_scan_fd(int fd, const char *path, struct ld_list *l, char *err,
    size_t errlen)
{
	int saved;

	if (fd == -1) {
		saved = errno;
		snprintf(err, errlen, _("cannot open directory %s: %s"), path,
		    strerror(saved));
		errno = saved;
		return -1;
	}
	return ld_read(fd, path, l, err, errlen);
}

/* Scan the directory at path (see ldir.h). */
int
ld_scan(const char *path, struct ld_list *l, char *err, size_t errlen)
{
	memset(l, 0, sizeof *l);
	return ld_scan_fd(open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC),
	    path, l, err, errlen);
}

/* Scan the directory open at dirfd; path names it in messages. */
int
ld_scan_at(int dirfd, const char *path, struct ld_list *l, char *err,
    size_t errlen)
{
	memset(l, 0, sizeof *l);
	return ld_scan_fd(openat(dirfd, ".", O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC), path, l, err, errlen);
}

/* Compare two names as bytes, ASCII letters folded if icase. */
static int
ld_namecmp(const struct ld_sortkey *a, const struct ld_sortkey *b,
    bool icase)
{
	const unsigned char *p = (const unsigned char *)a->name;
	const unsigned char *q = (const unsigned char *)b->name;
	size_t i, n = a->namelen < b->namelen ? a->namelen : b->namelen;
	int c, d;

	for (i = 0; i < n; i++) {
		c = p[i];
		d = q[i];
		if (icase) {
			if (c >= 'A' && c <= 'Z')
				c += 'a' - 'A';
			if (d >= 'A' && d <= 'Z')
				d += 'a' - 'A';
		}
		if (c != d)
			return c < d ? -1 : 1;
	}
	if (a->namelen != b->namelen)
		return a->namelen < b->namelen ? -1 : 1;
	return 0;
}

/* Compare two sort keys (see ldir.h). */
int
ld_sortkey_cmp(const struct ld_sortkey *a, const struct ld_sortkey *b,
    enum ld_sortby by, int flags)
{
	int r = 0;

	if ((flags & LD_SORT_DIRS_FIRST) && a->isdir != b->isdir)
		return a->isdir ? -1 : 1;
	/* Directories have no meaningful size: by name among themselves. */
	if (by == LD_SORT_SIZE && !(a->isdir && b->isdir &&
	    (flags & LD_SORT_DIRS_FIRST))) {
		if (a->has_size != b->has_size)
			return a->has_size ? -1 : 1;
		if (a->has_size && a->size != b->size)
			r = a->size > b->size ? -1 : 1;
	} else if (by == LD_SORT_MTIME) {
		if (a->has_mtime != b->has_mtime)
			return a->has_mtime ? -1 : 1;
		if (a->has_mtime && a->mtime != b->mtime)
			r = a->mtime > b->mtime ? -1 : 1;
	}
	if (r == 0 && (flags & LD_SORT_ICASE))
		r = ld_namecmp(a, b, true);
	if (r == 0)
		r = ld_namecmp(a, b, false);
	return (flags & LD_SORT_REVERSE) ? -r : r;
}

/* Merge sort keys (n of them) using tmp, by the order of ld_sortkey_cmp. */
static void
ld_msort(struct ld_skey *keys, struct ld_skey *tmp, size_t n,
    enum ld_sortby by, int flags)
{
	size_t width, lo, mid, hi, i, j, k;

	for (width = 1; width < n; width *= 2) {
		for (lo = 0; lo < n; lo += 2 * width) {
			mid = lo + width < n ? lo + width : n;
			hi = mid + width < n ? mid + width : n;
			i = lo;
			j = mid;
			k = lo;
			while (i < mid && j < hi) {
				if (ld_sortkey_cmp(&keys[j].k, &keys[i].k, by,
				    flags) < 0)
					tmp[k++] = keys[j++];
				else
					tmp[k++] = keys[i++];
			}
			while (i < mid)
				tmp[k++] = keys[i++];
			while (j < hi)
				tmp[k++] = keys[j++];
		}
		memcpy(keys, tmp, n * sizeof *keys);
	}
}

/* Sort n elements of size bytes at base, stable (see ldir.h). */
void
ld_sort(void *base, size_t n, size_t size, ld_key_fn key, enum ld_sortby by,
    int flags)
{
	struct ld_skey *keys, *tmp;
	unsigned char *b = base, *out;
	size_t i;

	if (n < 2 || size == 0)
		return;
	keys = xreallocarray(NULL, n, sizeof *keys);
	tmp = xreallocarray(NULL, n, sizeof *tmp);
	for (i = 0; i < n; i++) {
		memset(&keys[i].k, 0, sizeof keys[i].k);
		key(b + i * size, &keys[i].k);
		keys[i].idx = i;
	}
	ld_msort(keys, tmp, n, by, flags);
	free(tmp);
	out = xreallocarray(NULL, n, size);
	for (i = 0; i < n; i++)
		memcpy(out + i * size, b + keys[i].idx * size, size);
	memcpy(b, out, n * size);
	free(out);
	free(keys);
}

/* The sort key of a struct ld_entry. */
void
ld_entry_key(const void *elem, struct ld_sortkey *k)
{
	const struct ld_entry *e = elem;

	k->name = e->name;
	k->namelen = e->namelen;
	k->isdir = e->type == LD_DIR || (e->type == LD_LINK && e->target_dir);
	k->has_size = e->error == 0;
	k->has_mtime = e->error == 0;
	k->size = e->size;
	k->mtime = e->mtime;
}

/* Sort a scanned list. */
void
ld_list_sort(struct ld_list *l, enum ld_sortby by, int flags)
{
	ld_sort(l->entries, l->n, sizeof *l->entries, ld_entry_key, by, flags);
}
