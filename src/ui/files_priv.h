/*
 * files_priv.h: what the files of the file panes share, lowest first:
 * files.c (the model and its listings), columns.c (the columns after
 * the name), compare.c (the panes compared), files_draw.c (titles and
 * rows), chmod_dlg.c (the permissions dialog), files_keys.c (the mc
 * keys), files_act.c (the keys and the actions, each a command line,
 * and the pane). Each calls only the files before it.
 */
#ifndef JANGADA_UI_FILES_PRIV_H
#define JANGADA_UI_FILES_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "ui/keymap.h"
#include "ui/ui_priv.h"

#define UP_ROW	SIZE_MAX	/* the ".." row in the view */

enum fkind {
	FK_DIR,
	FK_FILE,
	FK_LINK,
	FK_OTHER,
	FK_RAW
};

struct fitem {
	char		*name;		/* raw bytes in the arena */
	size_t		 namelen;
	char		*target;	/* a link's target, or NULL */
	enum fkind	 kind;
	bool		 isdir;		/* a directory or a link to one */
	bool		 has_size;
	bool		 has_mtime;
	bool		 mtime_has_time;
	uint64_t	 size;
	time_t		 mtime;
	bool		 marked;
	char		 cmp;		/* compare's letter, or 0 */
	bool		 has_mode;
	unsigned	 mode;		/* permission bits, 07777 */
	bool		 mtime_has_sec;	/* the seconds are known */
	bool		 has_uid;	/* local: uid is the owner */
	uid_t		 uid;
	char		*owner;		/* remote: the owner (raw), or NULL */
	char		*disp;		/* sanitized name, made when drawn */
};

struct files {
	struct ui_pane	 pane;
	bool		 remote;
	char		*path;		/* the directory listed (raw) */
	char		*left;		/* remote: the one left, while loading */
	char		*site;		/* remote: user, host, port listed */
	uint64_t	 when;		/* remote: the listing's time */
	bool		 have;		/* items hold a listing of path */
	struct fitem	*items;
	size_t		 nitems;
	char		*arena;
	size_t		*view;
	size_t		 nview;
	size_t		 cur, top;
	enum ld_sortby	 sortby;
	bool		 reverse;
	char		 filter[256];
	bool		 filtering;
	size_t		 nmarked;
	char		*note;		/* display-safe: loading, an error */
	bool		 note_bad;
	bool		 truncated;
	const char	*readme;
	bool		 compared;	/* the letters are shown */
};

/* A pane this high or higher keeps its last row for the mini-status. */
#define FP_STATUS_MIN	6

/* The model of a pane. */
static inline struct files *
model(struct ui_pane *p)
{
	return p->model;
}

/* files.c */
bool	 fp_has_parent(const struct files *);
bool	 fp_matches(const struct files *, const struct fitem *);
/* The item under the cursor, or NULL (none, or the ".." row). */
struct fitem *fp_current(struct files *);
size_t	 fp_rows(struct files *);
size_t	 fp_first_row(const struct files *, size_t h);
void	 fp_clamp(struct files *);
size_t	 fp_row_of(struct files *, const char *name, size_t len);
void	 fp_view_build(struct files *);
void	 fp_sort(struct files *);
void	 files_free(struct ui_pane *);
void	 fp_unmark_all(struct files *);

/* columns.c: the columns of a row after the name, fitted to the width */
struct fp_cols {
	int		 namew, sizew, timew, permw, ownerw;
	bool		 exact;		/* time-exact: seconds when known */
};
void	 fp_cols_fit(struct fp_cols *, int w, unsigned mask);
int	 fp_cols_draw(const struct fp_cols *, const struct fitem *, bool remote,
	    int y, int x, enum ui_color);
void	 fp_perm_string(char out[11], const struct fitem *);

/* compare.c: the colour of a compare letter; the = key and Ctrl-Y
   (true: act was one of them) */
enum ui_color compare_color(char letter);
bool	 ui_compare_key(struct ui *, enum ui_act);

/* files_draw.c */
void	 files_draw(struct ui *, struct ui_pane *);
void	 files_resize(struct ui *, struct ui_pane *);

/* chmod_dlg.c: the permissions dialog (the key m) */
void	 chmod_dlg_open(struct ui *, struct files *);

/* files_keys.c: the pattern marks, *, F4, F6, Ctrl-O, ! and m */
bool	 files_key_more(struct ui *, struct files *, enum ui_act);

/* files_act.c */
bool	 files_key(struct ui *, struct ui_pane *, const struct ui_key *);

#endif
