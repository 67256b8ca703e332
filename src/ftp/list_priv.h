/*
 * list_priv.h: what the files of the listing parser share (list.c and its
 * line parsers); nothing outside src/ftp/list*.c includes it.
 *
 * A line parser returns 1 with the entry filled in, 0 for a line that is
 * no entry, -1 when the line is not its format (nothing in it is changed
 * then, so the next parser sees it intact).
 */
#ifndef JANGADA_FTP_LIST_PRIV_H
#define JANGADA_FTP_LIST_PRIV_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct ftp_arena;
struct ftp_entry;

/* Columns looked at before and within a date. */
#define LIST_MAXTOK		16

/* A column of a line: bytes [s, e). */
struct list_tok {
	size_t	s;
	size_t	e;
};

/* A date read from columns. */
struct list_date {
	int64_t	 year;		/* 0: not given */
	unsigned mon, day, hour, min, sec;
	int	 has_time;
	long	 tzoff;		/* seconds east of UTC */
	size_t	 ntok;		/* columns it took */
};

/* list_arena.c */
struct ftp_arena *list_arena_new(void);
char	*list_arena_alloc(struct ftp_arena *, size_t);
char	*list_arena_copy(struct ftp_arena *, const char *, size_t);
void	 list_arena_free(struct ftp_arena *);
void	 list_arena_reset(struct ftp_arena *);

/* list_date.c */
int	 list_in(int c, const char *set);
int	 list_perm_char(int c);
int	 list_digit(int c);
int	 list_num(const char *s, const char *e, uint64_t max, uint64_t *v);
int	 list_num_commas(const char *s, const char *e, uint64_t *v);
size_t	 list_tokens(const char *line, size_t pos, size_t len,
	    struct list_tok *t, size_t max);
int	 list_time(const char *s, const char *e, struct list_date *d);
int	 list_numdate(const char *s, const char *e, struct list_date *d,
	    int want_year);
int	 list_date_at(const char *line, const struct list_tok *t, size_t nt,
	    size_t k, struct list_date *d);
void	 list_set_mtime(const struct list_date *d, time_t now,
	    struct ftp_entry *e);

/* list_unix.c */
int	 list_dot(const char *s, size_t n);
int	 list_name_to_end(char *line, size_t len, size_t name,
	    const struct list_date *d, time_t now, struct ftp_entry *e);
int	 list_unix(char *line, size_t len, time_t now, struct ftp_entry *e);
int	 list_netware(char *line, size_t len, time_t now,
	    struct ftp_entry *e);

/* list_eplf.c */
int	 list_eplf(char *line, size_t len, struct ftp_entry *e);

/* list_dos.c */
int	 list_dos(char *line, size_t len, time_t now, struct ftp_entry *e);

/* list_vms.c */
int	 list_vms(char *line, size_t len, time_t now, struct ftp_entry *e);
int	 list_vms_lone(const char *line, size_t len);

/* list_as400.c */
int	 list_as400(char *line, size_t len, time_t now, struct ftp_entry *e);

/* list_mvs.c */
int	 list_mvs(char *line, size_t len, time_t now, struct ftp_entry *e);

/* list_mlsd.c */
int	 list_mlsd(char *line, size_t len, struct ftp_entry *e);

#endif
