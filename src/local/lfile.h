/*
 * lfile.h: safe local files for downloads (RELIABILITY.md section 5).
 *
 * A remote name becomes a local name only through lf_safe_name, which
 * reduces it to one safe component. A download is written to a hidden
 * ".NAME.part" in the target directory, created with O_CREAT|O_EXCL|
 * O_NOFOLLOW (no planted link is ever followed, R50), and renamed into
 * place only after a complete transfer, without replacing an existing
 * file unless asked (renameat2 RENAME_NOREPLACE, R49). A failed transfer
 * leaves the .part for resume and never touches the existing file (R51).
 */
#ifndef JANGADA_LOCAL_LFILE_H
#define JANGADA_LOCAL_LFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * Reduce a remote name (raw bytes, len) to one safe local component in
 * out: the part after the last '/' (or '\'); control bytes (< 0x20, 0x7f)
 * become '_'; a leading '-' or '|' gets a '_' in front. Refused (-1): an
 * empty result, ".", "..", a name longer than NAME_MAX. R46-R48.
 */
int	lf_safe_name(const char *remote, size_t len, char *out, size_t outsz);

enum lf_exists {
	LF_NOREPLACE,		/* never replace an existing file */
	LF_REPLACE		/* the user said overwrite */
};

struct lf_part {
	int		 dirfd;		/* the target directory (not owned) */
	int		 fd;		/* the open .part, or -1 */
	char		*name;		/* final name (a safe component) */
	char		*partname;	/* ".NAME.part" */
	uint64_t	 offset;	/* bytes already in the .part */
};

/*
 * Open the .part for name in dirfd. resume: reuse an existing .part (it
 * must be a regular file we own, not a link) and set offset to its size;
 * otherwise start empty (an old .part is removed first, never followed).
 * On error returns -1 with a translated reason in err.
 */
int	lf_part_open(struct lf_part *, int dirfd, const char *name,
	    bool resume, char *err, size_t errlen);
/* Write all of buf (retrying short writes); -1 and err on failure. */
int	lf_part_write(struct lf_part *, const void *, size_t, char *err,
	    size_t errlen);
/* Truncate the .part to 0 (a server that refused REST, R33). */
int	lf_part_restart(struct lf_part *);
/*
 * Complete: fsync, close, rename .part to name. With LF_NOREPLACE an
 * existing name makes it fail with EEXIST (the .part stays).
 */
int	lf_part_commit(struct lf_part *, enum lf_exists, char *err,
	    size_t errlen);
/* Give up: close, keep the .part for resume. */
void	lf_part_abort(struct lf_part *);
/* Give up and remove the .part. */
void	lf_part_discard(struct lf_part *);

/* The first of NAME.1, NAME.2, ... that does not exist in dirfd. */
int	lf_unique_name(int dirfd, const char *name, char *out, size_t outsz);
/* Does name exist in dirfd (without following a link)? */
bool	lf_exists(int dirfd, const char *name, off_t *size);

#endif
