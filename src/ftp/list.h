/*
 * list.h: the listing parser: a push parser fed arbitrary chunks of a
 * LIST, MLSD or NLST data stream, producing entries.
 *
 * Formats recognised per line (LIST): Unix "ls -l" (both date forms,
 * "->" links, names with leading/trailing/repeated spaces kept byte-exact,
 * device files "c/b" with "major, minor", numeric-only owners, a missing
 * group column, "total N" skipped), DOS/IIS ("<DIR>", 12h AM/PM and 24h),
 * EPLF ("+facts\tname"), NetWare, VMS (also two-line entries), AS/400,
 * z/OS data sets and members. MLSD: "fact=value;...; name" (type=cdir/pdir
 * skipped, names with ';' and spaces kept). NLST: one name per line. A
 * line that no format parses becomes an entry of type FTP_ENT_RAW holding
 * the line, never dropped (R41, R42). "." and ".." are skipped.
 *
 * Memory is bounded: a line longer than LIM_LIST_LINE is cut and kept as a
 * raw entry (a raw entry's bytes may include NUL: use namelen), and more
 * than LIM_LIST_BYTES bytes or LIM_LIST_ENTRIES entries is an error.
 * Entries' strings live in one arena owned by the listing, so 100,000
 * entries cost a few MiB. LIST dates name no time zone: read as UTC.
 */
#ifndef JANGADA_FTP_LIST_H
#define JANGADA_FTP_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

enum ftp_list_mode {
	FTP_LIST_LIST,
	FTP_LIST_MLSD,
	FTP_LIST_NLST
};

enum ftp_ent_type {
	FTP_ENT_FILE,
	FTP_ENT_DIR,
	FTP_ENT_LINK,
	FTP_ENT_OTHER,		/* device, socket, fifo */
	FTP_ENT_RAW		/* unparsed: name is the whole line */
};

struct ftp_entry {
	const char	*name;		/* raw bytes, NUL-terminated */
	size_t		 namelen;
	const char	*target;	/* link target, or NULL */
	enum ftp_ent_type type;
	bool		 has_size;
	bool		 has_mtime;
	bool		 mtime_has_time;	/* false: a year-only ls date */
	bool		 has_mode;
	uint64_t	 size;
	time_t		 mtime;		/* UTC */
	uint16_t	 mode;		/* permission bits, 07777 */
	bool		 mtime_has_sec;	/* the seconds are the server's */
	/*
	 * The owner (ls -l's column, MLSD's unix.owner or unix.uid), raw:
	 * ownerlen bytes (0: unknown) owneroff bytes before the name in the
	 * line parsed; in a listing, after the name's NUL (ftp_entry_owner).
	 * Kept in the padding: an entry stays 56 bytes (R45).
	 */
	uint8_t		 ownerlen;
	uint16_t	 owneroff;
};

/* The owner of an entry of a listing, NUL-ended, or NULL. */
static inline const char *
ftp_entry_owner(const struct ftp_entry *e)
{
	return e->ownerlen > 0 ? e->name + e->namelen + 1 : NULL;
}

struct ftp_listing {
	struct ftp_entry *entries;
	size_t		  n;
	/* private */
	size_t		  cap;
	struct ftp_arena *arena;
};

struct ftp_list_parser;

struct ftp_list_parser *ftp_list_new(enum ftp_list_mode, time_t now);
int	ftp_list_feed(struct ftp_list_parser *, const void *, size_t);
int	ftp_list_finish(struct ftp_list_parser *, struct ftp_listing *out);
const char *ftp_list_error(const struct ftp_list_parser *);
/* The entries parsed so far; valid until the next feed or finish. */
const struct ftp_listing *ftp_list_parsed(const struct ftp_list_parser *);
void	ftp_list_drop(struct ftp_list_parser *);
void	ftp_list_free(struct ftp_list_parser *);
void	ftp_listing_free(struct ftp_listing *);
/*
 * Convert each line before it is parsed (the server's charset): conv
 * writes the line converted into out (at most cap bytes) and returns its
 * length, or (size_t)-1 to keep the line as it is.
 */
typedef size_t (*ftp_list_conv_fn)(void *arg, const char *in, size_t n,
    char *out, size_t cap);
void	ftp_list_set_conv(struct ftp_list_parser *, ftp_list_conv_fn, void *);
/*
 * A raw entry that is an error ls wrote into the listing ("x: No such
 * file or directory", "Permission denied"): a listing of only these is
 * no empty directory.
 */
bool	ftp_entry_is_error(const struct ftp_entry *);

/*
 * Parse one line (no CR/LF) into *e; strings point into line itself
 * (which the function may modify). line must have len + 1 writable bytes:
 * on success a NUL is written at line[len] (and after a link's name); on
 * -1 the line is left as it was. now is for the year of "Mon DD HH:MM"
 * dates. Returns 1 for an entry, 0 for a line to skip ("total", ".",
 * "..", cdir/pdir, blank), -1 if no format matched (or the line holds a
 * NUL byte).
 */
int	ftp_list_parse_line(char *line, size_t len, enum ftp_list_mode,
	    time_t now, struct ftp_entry *e);

#endif
