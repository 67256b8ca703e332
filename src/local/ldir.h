/*
 * ldir.h: local directory scanning, and sorting for any listing.
 *
 * ld_scan reads one local directory into a list of entries for the local
 * pane, lls and put -r: each with its name bytes (as they are: the display
 * sanitizes), its type as lstat sees it, and for a symbolic link the
 * target and whether that is a directory. At most LIM_LIST_ENTRIES entries
 * are kept; past that the list says it was cut.
 *
 * Sorting is shared with remote listings: a listing gives a function that
 * fills a struct ld_sortkey from one of its elements, and ld_sort orders
 * an array of any element type by name, size or date, directories first
 * if asked, reversed if asked. Unknown sizes and dates (remote listings
 * may lack them) always go last.
 */
#ifndef JANGADA_LOCAL_LDIR_H
#define JANGADA_LOCAL_LDIR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

enum ld_type {
	LD_FILE,
	LD_DIR,
	LD_LINK,
	LD_OTHER		/* FIFO, socket, device */
};

struct ld_entry {
	char		*name;		/* raw bytes, NUL-terminated */
	size_t		 namelen;
	enum ld_type	 type;
	char		*target;	/* a link's target (raw bytes), or NULL */
	bool		 target_dir;	/* a link to a directory */
	bool		 dangling;	/* a link whose target is missing */
	uint64_t	 size;		/* of the entry itself (lstat) */
	time_t		 mtime;
	mode_t		 mode;		/* st_mode: type and permissions */
	uid_t		 uid;		/* the owner */
	int		 error;		/* errno if lstat failed, else 0 */
};

struct ld_list {
	char		*path;		/* the directory, as given */
	struct ld_entry	*entries;
	size_t		 n;
	bool		 truncated;	/* more than LIM_LIST_ENTRIES */
	/* private */
	size_t		 cap;
};

/*
 * Read the directory path (or dirfd, with path used in messages) into
 * list, "." and ".." left out, in directory order. list is overwritten
 * (free an old one first); free it with ld_list_free. Returns 0, or -1
 * with errno and a translated message naming the directory in err (and
 * an empty list).
 */
int	ld_scan(const char *path, struct ld_list *, char *err, size_t errlen);
int	ld_scan_at(int dirfd, const char *path, struct ld_list *, char *err,
	    size_t errlen);
void	ld_list_free(struct ld_list *);

enum ld_sortby {
	LD_SORT_NAME,		/* by bytes, ascending */
	LD_SORT_SIZE,		/* largest first, as ls -S */
	LD_SORT_MTIME		/* newest first, as ls -t */
};

#define LD_SORT_REVERSE		0x1	/* reverse the order (not dirs first) */
#define LD_SORT_DIRS_FIRST	0x2	/* directories before everything */
#define LD_SORT_ICASE		0x4	/* names: ASCII letters without case */

/* The fields a listing is sorted on, local or remote. */
struct ld_sortkey {
	const char	*name;
	size_t		 namelen;
	bool		 isdir;		/* a directory, or a link to one */
	bool		 has_size;
	bool		 has_mtime;
	uint64_t	 size;
	time_t		 mtime;
};

/* Fill a sort key from one element of an array being sorted. */
typedef void	(*ld_key_fn)(const void *elem, struct ld_sortkey *);

/* Compare two keys: < 0 if a goes first, > 0 if b, 0 only if equal. */
int	ld_sortkey_cmp(const struct ld_sortkey *, const struct ld_sortkey *,
	    enum ld_sortby, int flags);
/* Sort n elements of size bytes at base (stable). */
void	ld_sort(void *base, size_t n, size_t size, ld_key_fn, enum ld_sortby,
	    int flags);
/* The key of a struct ld_entry. */
void	ld_entry_key(const void *, struct ld_sortkey *);
/* Sort a scanned list. */
void	ld_list_sort(struct ld_list *, enum ld_sortby, int flags);

#endif
