/*
 * mirror.h: the plan of a mirror: what to transfer, create and delete to
 * make a destination tree the same as a source tree (mirror, mirror -R).
 *
 * Pure: no I/O. The caller walks both trees (filtered by its --exclude
 * and --include, so what is left out is neither copied nor deleted) and
 * gives each as an array of entries with a path relative to the root
 * ("a", "a/b.txt", '/' between components). mir_plan compares them
 * and orders the work: directories to create parents first, files to
 * transfer in path order, entries to delete children before parents.
 *
 * Two files are the same when their sizes are equal and their times are
 * equal to the coarser grain of the two sides: an MLSD or local time is
 * exact (grain 1 s), a LIST time "Mon DD HH:MM" is to the minute (60),
 * a LIST date "Mon DD YYYY" to the day (86400); both are cut down
 * (floored) to that grain before they are compared. A side without a
 * time (or without a size) never makes a file differ by it.
 */
#ifndef JANGADA_XFER_MIRROR_H
#define JANGADA_XFER_MIRROR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define MIR_GRAIN_EXACT	1
#define MIR_GRAIN_MIN	60
#define MIR_GRAIN_DAY	86400

enum mir_type {
	MIR_FILE,
	MIR_DIR
};

struct mir_entry {
	char		*path;		/* relative, the key on both sides */
	char		*src;		/* the source side's own path (raw
					   bytes), or NULL: path */
	enum mir_type	 type;
	bool		 has_size;
	bool		 has_mtime;
	uint64_t	 size;
	time_t		 mtime;		/* UTC */
	int		 grain;		/* seconds: MIR_GRAIN_* */
};

enum mir_action {
	MIR_MKDIR,		/* a directory only on the source side */
	MIR_NEW,		/* a file only on the source side */
	MIR_UPDATE,		/* a file on both sides that differs */
	MIR_DELETE,		/* only on the destination side (--delete) */
	MIR_CONFLICT		/* a file on one side, a directory on the
				   other: left alone, reported */
};

struct mir_item {
	enum mir_action	 act;
	const struct mir_entry *e;	/* source side (MIR_DELETE: dest) */
	const struct mir_entry *d;	/* destination side, or NULL */
};

struct mir_opts {
	bool		 only_newer;	/* update only if the source is newer */
	bool		 only_missing;	/* never update, only add */
	bool		 del;		/* plan the deletions */
};

struct mir_plan {
	struct mir_item	*items;		/* in the order to do them */
	size_t		 n;
	unsigned	 dirs;		/* to create */
	unsigned	 news;		/* files to add */
	unsigned	 updates;	/* files to replace */
	unsigned	 deletes;	/* files and directories to remove */
	unsigned	 conflicts;
	unsigned	 same;		/* files left as they are */
	uint64_t	 bytes;		/* to transfer (known sizes) */
};

/* How a file or directory here stands against the one of the same path
   there (NULL: none): the rule mir_differs and the panes' compare use. */
enum mir_cmp {
	MIR_CMP_SAME,		/* same size and time at the grain, or two
				   directories */
	MIR_CMP_ONLY,		/* only here */
	MIR_CMP_MISSING,	/* only there (the other side's ONLY) */
	MIR_CMP_NEWER,		/* newer here (sizes aside) */
	MIR_CMP_OLDER,		/* newer there */
	MIR_CMP_SIZE,		/* same time (or none), another size */
	MIR_CMP_KIND,		/* a file against a directory (the letter
				   of SIZE; nothing to copy over it) */
	MIR_CMP_LINK		/* a symbolic link: not compared (mirror
				   follows, keeps or skips it by
				   --symlinks); the caller's to give */
};

enum mir_cmp mir_compare(const struct mir_entry *here,
	    const struct mir_entry *there);
/* The letter of a result: + only here, - only there, > newer here,
   < newer there, ! another size or kind, @ a link, ' ' the same. */
char	mir_cmp_letter(enum mir_cmp);
/*
 * Compare two sides by path (any order; not moved): ra[i] is how a[i]
 * stands against b, rb[j] how b[j] stands against a (each ONLY when
 * its path is not on the other side).
 */
void	mir_compare_sides(const struct mir_entry *a, size_t na,
	    const struct mir_entry *b, size_t nb, enum mir_cmp *ra,
	    enum mir_cmp *rb);
/* The grain of a listing's time: to the minute with a time of day, to
   the day with a year only (MLSD and LIST alike: the cache keeps no
   seconds apart). */
int	mir_list_grain(bool mtime_has_time);
/*
 * 1 if the source file src should be copied over dst (both files), 0 if
 * not, given the options (only_missing: never).
 */
int	mir_differs(const struct mir_entry *src, const struct mir_entry *dst,
	    const struct mir_opts *);
/* Compare two times each at its grain: -1 a older, 0 same, 1 a newer. */
int	mir_time_cmp(time_t a, int agrain, time_t b, int bgrain);
/*
 * Make the plan. The arrays are sorted in place by path; the plan points
 * into them (keep them until mir_plan_free).
 */
void	mir_plan_make(struct mir_entry *src, size_t nsrc,
	    struct mir_entry *dst, size_t ndst, const struct mir_opts *,
	    struct mir_plan *);
void	mir_plan_free(struct mir_plan *);
/*
 * The zone of a listing: servers such as IIS show LIST times in their
 * own zone but answer MDTM in UTC. Given one file's LIST time (to the
 * minute, read as UTC) and its exact MDTM time, the offset (seconds, a
 * multiple of 15 minutes within 14 hours) the listing is ahead of UTC,
 * or 0 if they agree or the difference is no zone's.
 */
long	mir_zone_offset(time_t list_time, time_t mdtm);
/*
 * The file to ask MDTM about to learn that zone, or NULL: one of rem
 * (the remote side) listed to the minute (a LIST time of day) with a file
 * of the same path and size in loc whose time differs at the grain, the
 * difference a zone would explain. The first such by path.
 */
const struct mir_entry *mir_zone_probe(const struct mir_entry *rem,
	    size_t nrem, const struct mir_entry *loc, size_t nloc);
/* Take off from the LIST times (minute grain) of n entries. */
void	mir_shift(struct mir_entry *, size_t n, long off);
/* Free the strings of n entries and the array. */
void	mir_entries_free(struct mir_entry *, size_t n);

/*
 * Symbolic links, read as set symlinks reads them (walk_link.c): how
 * many levels a relative target climbs above its directory (its leading
 * "../" run; -1 absolute or empty; INT_MAX a ".." after a name), and
 * whether target, read from dir, names dir or one of its ancestors.
 */
int	 xq_link_climb(const char *target);
bool	 xq_link_loops(const char *dir, const char *target);

#endif
