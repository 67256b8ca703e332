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
 *
 * Every function that takes a dirfd works on one name inside that
 * directory, never on a path: the directory is opened once (lf_dir_open,
 * or lf_mkdir_at for the subdirectories of a recursive download) and
 * nothing a server says can move a file outside it. Error messages in err
 * are translated and name the file and the directory; names in them are
 * raw bytes (safe names have no control bytes, but a user's directory may),
 * so sanitize err before display, as the logger and the panes do.
 */
#ifndef JANGADA_LOCAL_LFILE_H
#define JANGADA_LOCAL_LFILE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct stat;

/*
 * The longest safe name: NAME_MAX less the room for ".NAME.part", so every
 * name lf_safe_name accepts can also be downloaded.
 */
#define LF_NAME_MAX	(NAME_MAX - 6)
/* lf_unique_name tries NAME.1 up to NAME.LF_UNIQUE_MAX. */
#define LF_UNIQUE_MAX	999

/*
 * Reduce a remote name (raw bytes, len) to one safe local component in
 * out (src/local/lname.c): the part after the last '/' (or '\'); what
 * the screen escapes is escaped the same way (C0 controls, DEL, NUL and
 * invalid UTF-8 become \xHH; C1 controls, bidi overrides and isolates,
 * U+2028/9 and U+FEFF become \uHHHH); a leading '-' or '|' gets a '_' in
 * front; a name of the shape ".X.part" starts "\x2e" instead of "." (it
 * can never be a partial file). Other bytes (spaces, ':', valid UTF-8)
 * are kept. Returns 0 if out is the component unchanged, 1 if it was
 * changed (tell the user). Refused (-1, errno EINVAL): an empty result,
 * ".", ".."; (-1, ENAMETOOLONG): a result longer than LF_NAME_MAX or than
 * outsz - 1. R46-R48.
 */
int	lf_safe_name(const char *remote, size_t len, char *out, size_t outsz);
/* ".NAME.part", the partial file of name, in out; -1, ENAMETOOLONG. */
int	lf_part_name(const char *name, char *out, size_t outsz);
/* Is name of the shape ".X.part" (lf_safe_name never makes one)? */
bool	lf_is_part_name(const char *name);
/*
 * Is name one component lf_part_open and lf_mkdir_at accept: not empty,
 * not "." or "..", no '/', at most LF_NAME_MAX bytes? (A name the user
 * typed may hold anything else; a name from a server goes through
 * lf_safe_name first.)
 */
bool	lf_name_ok(const char *name);

/*
 * Open the directory downloads go to. The user chose the path, so links
 * in it are followed. Returns the fd (O_DIRECTORY|O_CLOEXEC) or -1 and err.
 */
int	lf_dir_open(const char *path, char *err, size_t errlen);
/*
 * Make (or reuse) the subdirectory name in dirfd for a recursive download
 * and open it in *newfd. A link at name is refused, never followed, so a
 * planted symlinked subdirectory cannot send files elsewhere (R50). An
 * existing directory is reused. Returns 0, or -1 and err.
 */
int	lf_mkdir_at(int dirfd, const char *name, int *newfd, char *err,
	    size_t errlen);
/*
 * Open a local file to upload: name in dirfd (a path, or AT_FDCWD and a
 * path, which may go through links: the user chose it), read-only,
 * regular files only (a FIFO or device is refused without blocking).
 * Sets *size (may be NULL). Returns the fd or -1 and err.
 */
int	lf_open_read(int dirfd, const char *name, uint64_t *size, char *err,
	    size_t errlen);
/* Bytes free for an unprivileged user on dirfd's file system; -1, errno. */
int	lf_free_space(int dirfd, uint64_t *bytes);

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
 *
 * name must pass lf_name_ok. A new .part is made with O_CREAT|O_EXCL|
 * O_NOFOLLOW and mode 0600. Resuming with no .part starts an empty one
 * (offset 0); resuming refuses, and leaves as it was, a link (dangling or
 * not), a FIFO, a device, a directory, a file of another user and a file
 * with other hard links (appending to it would change another file).
 * After an error the struct holds nothing to free; lf_part_abort is
 * harmless on it.
 */
int	lf_part_open(struct lf_part *, int dirfd, const char *name,
	    bool resume, char *err, size_t errlen);
/* Write all of buf (retrying short writes); -1 and err on failure. */
int	lf_part_write(struct lf_part *, const void *, size_t, char *err,
	    size_t errlen);
/* Move len bytes waiting in a pipe into the .part (splice); as above. */
int	lf_part_splice(struct lf_part *, int pipefd, size_t len, char *err,
	    size_t errlen);
/* Truncate the .part to 0 (a server that refused REST, R33); -1, errno. */
int	lf_part_restart(struct lf_part *);
/*
 * Complete: fsync, close, rename .part to name. With LF_NOREPLACE an
 * existing name makes it fail with EEXIST (the .part stays).
 *
 * The file gets mode 0644 & ~umask first (a .part is 0600). LF_NOREPLACE
 * is atomic: renameat2(RENAME_NOREPLACE), or linkat + unlinkat where the
 * file system lacks it. LF_REPLACE never replaces a directory (EISDIR);
 * if name is a symbolic link the link itself is replaced, its target is
 * never written. On failure errno says why, the .part is closed (fd -1)
 * and kept, and the struct stays valid: commit again (the user chose
 * LF_REPLACE), lf_part_commit_as another name, lf_part_abort or
 * lf_part_discard. On success the struct is emptied (nothing to free).
 */
int	lf_part_commit(struct lf_part *, enum lf_exists, char *err,
	    size_t errlen);
/*
 * lf_part_commit to another final name in the same directory (say the
 * one lf_unique_name found); newname must pass lf_name_ok.
 */
int	lf_part_commit_as(struct lf_part *, const char *newname,
	    enum lf_exists, char *err, size_t errlen);
/* Give up: close, keep the .part for resume. */
void	lf_part_abort(struct lf_part *);
/* Give up and remove the .part. */
void	lf_part_discard(struct lf_part *);

/*
 * Rename from to to in dirfd without replacing anything: renameat2 with
 * RENAME_NOREPLACE, or linkat + unlinkat where the file system lacks it.
 * -1 and errno (EEXIST) on failure.
 */
int	lf_rename_noreplace(int dirfd, const char *from, const char *to);
/*
 * May st (file in dirfd, from lstat) be resumed into: a regular file, not
 * a link, of ours, with one link? 0, or -1 with err (R50).
 */
int	lf_resumable(const struct stat *st, const char *file, int dirfd,
	    char *err, size_t errlen);
/*
 * A resume of a short file the user has (src/local/lpart.c): make name
 * in dirfd the .part of its own download, so the engine continues it
 * (only a file lf_resumable accepts, never over an existing .part); give
 * it its name back when the job gives up; drop the .part of name when it
 * is an empty regular file of ours (nothing to resume).
 */
int	lf_part_adopt(int dirfd, const char *name, char *err, size_t errlen);
void	lf_part_give_back(int dirfd, const char *name);
void	lf_part_drop_empty(int dirfd, const char *name);

/*
 * The first of NAME.1, NAME.2, ... NAME.LF_UNIQUE_MAX that does not exist
 * in dirfd. -1 with ENAMETOOLONG if it would be longer than LF_NAME_MAX
 * or outsz - 1, EEXIST if every one exists.
 */
int	lf_unique_name(int dirfd, const char *name, char *out, size_t outsz);
/*
 * Does name exist in dirfd (without following a link)? size (may be
 * NULL) gets the size of a regular file, else 0. A name that cannot be
 * checked (EACCES, EIO) counts as existing: never clobber on a doubt.
 */
bool	lf_exists(int dirfd, const char *name, off_t *size);

#endif
