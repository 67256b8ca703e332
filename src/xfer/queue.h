/*
 * queue.h: the transfer queue.
 *
 * Jobs (downloads and uploads of files or whole trees) run in the
 * background on a pool of their own control connections to the server the
 * browsing session is logged in to, so browsing stays free. N jobs run at
 * once (xq_set_parallel); idle connections are reused and closed after a
 * while; a server that refuses more connections (421, or 530 "too many")
 * makes the queue use fewer and wait, never fail the job. A dropped
 * connection or a 4xx retries the job with backoff, resuming with REST;
 * a 5xx fails it with the server's words. Directory jobs walk the tree
 * (MLSD or LIST), create directories, and add a job per file.
 *
 * Used the same way by the TUI and by batch mode; it reports through
 * struct xq_events and never writes to the terminal.
 *
 * A job owns its places: its local directory (xq_get) or file (xq_put)
 * is bound to an absolute path when it is queued (against xq_set_ldir), so lcd
 * never moves it. Remote paths are used as given: the queue's
 * connections never change directory, so a relative path is relative to
 * the login directory (give absolute ones; a cd never moves a job). xq_busy and the idle event count queued and active
 * jobs; a paused job waits for the user. A job asking its question is
 * queued. xq_stats counts files (a directory job that could not walk its
 * tree counts as one failure).
 */
#ifndef JANGADA_XFER_QUEUE_H
#define JANGADA_XFER_QUEUE_H

#include <stdbool.h>
#include <stdint.h>

#include "ftp/session.h"

struct ev_loop;
struct jq_file;
struct jq_job;
struct xq;

enum xq_kind {
	XQ_GET,
	XQ_PUT
};

enum xq_state {
	XQ_QUEUED,
	XQ_ACTIVE,
	XQ_PAUSED,
	XQ_DONE,
	XQ_FAILED,
	XQ_CANCELLED,
	XQ_SKIPPED
};

/* What to do when the target exists. */
enum xq_policy {
	XQ_ASK,			/* ask through events->ask (batch: skip) */
	XQ_SKIP,
	XQ_RENAME,		/* NAME.1, NAME.2, ... */
	XQ_OVERWRITE,
	XQ_RESUME		/* resume when the target is shorter */
};

enum xq_type {
	XQ_TYPE_BINARY,
	XQ_TYPE_ASCII,
	XQ_TYPE_AUTO		/* ASCII for text names (xq_type_for_name) */
};

/* Symbolic links in a recursive download (set symlinks). */
enum xq_symlinks {
	XQ_LINKS_SKIP,		/* left out, said and counted */
	XQ_LINKS_FOLLOW,	/* what they point to (a loop is left out) */
	XQ_LINKS_KEEP		/* made here as links (relative, inside the
				   tree; any other is left out) */
};

struct xq_opts {
	enum xq_type	 type;
	enum xq_policy	 policy;
	bool		 recursive;	/* a directory: the whole tree */
	bool		 follow_links;	/* recursive: follow symlinks */
	enum xq_symlinks symlinks;	/* get -r: follow, skip, keep */
	bool		 keep_time;	/* MDTM (get) / MFMT (put) */
	unsigned	 group;		/* xq_group_new's tree, or 0 */
};

/* A job as the user sees it; valid until the next loop pass. */
struct xq_job {
	unsigned	 id;
	unsigned	 parent;	/* the directory job it came from, or 0 */
	enum xq_kind	 kind;
	enum xq_state	 state;
	bool		 is_dir;
	const char	*remote;	/* raw bytes; sanitize to show */
	const char	*local;		/* local path */
	enum ftp_type	 type;		/* as decided (auto resolved) */
	uint64_t	 done;		/* bytes */
	uint64_t	 moved;		/* bytes moved (a resume's start not
					   counted), every attempt */
	uint64_t	 total;		/* 0: unknown */
	double		 rate;		/* bytes per second, recent */
	int		 eta;		/* seconds, -1 unknown */
	const char	*error;		/* translated, sanitized, or NULL */
	/* The last warning of its transfer connection (translated,
	   sanitized), or NULL: more bytes than announced, no resume ... */
	const char	*warning;
	int		 attempts;
	unsigned	 links_left;	/* a tree: symbolic links left out */
	unsigned	 links_kept;	/* ... and made as links (keep) */
	/* A finished download's check against the checksum published
	   beside it ("✓ verified sha256", "✗ sha256 mismatch": translated,
	   sanitized; xq_set_check), or NULL */
	const char	*check;
	int		 priority;	/* higher runs first (default 0) */
	unsigned	 group;		/* the tree it belongs to (a mirror:
					   xq_group_new), or 0 */
};

struct xq_stats {
	unsigned	 done, failed, skipped, cancelled, queued, active;
	uint64_t	 bytes;
	uint64_t	 elapsed_ms;
};

typedef void (*xq_answer_fn)(struct xq *, unsigned id, enum xq_policy,
    bool for_all);

struct xq_events {
	/* A job was added, changed state, or moved (at most ~10/s each). */
	void	(*changed)(struct xq *, const struct xq_job *, void *arg);
	/*
	 * XQ_ASK: the target exists; answer (now or later) with
	 * xq_answer. NULL: treated as XQ_SKIP (never clobber).
	 */
	void	(*ask)(struct xq *, const struct xq_job *, const char *target,
		    void *arg);
	/* Every job has ended. */
	void	(*idle)(struct xq *, void *arg);
	/*
	 * A transfer connection warned about this job (msg translated and
	 * sanitized; job->warning holds it too). NULL: not reported.
	 */
	void	(*warning)(struct xq *, const struct xq_job *, const char *msg,
		    void *arg);
	/*
	 * A download is complete in part (its .part, the path given) and
	 * waits, not committed, for xq_verdict (xq_set_verify on). NULL:
	 * nothing is held.
	 */
	void	(*check)(struct xq *, const struct xq_job *, const char *part,
		    void *arg);
	/* A line for the protocol transcript (connection N). */
	void	(*transcript)(struct xq *, int conn, bool sent,
		    const char *line, void *arg);
};

struct xq	*xq_new(struct ev_loop *, const struct xq_events *, void *);
void		 xq_free(struct xq *);
/* The local directory relative local paths are bound to (the queue holds
 * a descriptor of its own: renamed, its new name is bound). */
struct lp_dir;
void		 xq_set_ldir(struct xq *, const struct lp_dir *);

/* The server and login to use (copied), and the connection options. */
void		 xq_set_server(struct xq *, const struct ftp_login *,
		    const struct ftp_options *);
/* New connection options (copied): every connection, from its next command. */
void		 xq_set_options(struct xq *, const struct ftp_options *);
void		 xq_set_parallel(struct xq *, int);	/* 1..10 */
void		 xq_set_rate_limit(struct xq *, uint64_t bytes_per_s);
/* The queue's rate limit, for a transfer of the caller's to share. */
struct ftp_throttle *xq_throttle(struct xq *);
void		 xq_set_retries(struct xq *, int);
/* A recursive download's tree, in all: directories, entries (0: keep). */
void		 xq_set_tree_limits(struct xq *, unsigned dirs,
		    unsigned entries);
void		 xq_set_idle_close(struct xq *, int ms);
/* The first backoff before a retry, in ms (default 1000; it doubles). */
void		 xq_set_retry_delay(struct xq *, int ms);
/*
 * Jobs added between these two (one mget, one F5 on a selection) are one
 * batch: an ask answered "for all" covers the rest of it. Without them
 * each xq_get/xq_put is its own batch (a directory job with its tree).
 */
void		 xq_begin_batch(struct xq *);
void		 xq_end_batch(struct xq *);

/*
 * Download remote (a path, raw bytes) into local_dir, as local_name (a
 * name the user chose) or as lf_safe_name(basename(remote)). Returns the
 * job id, or 0 with err set.
 */
unsigned	 xq_get(struct xq *, const char *remote, const char *local_dir,
		    const char *local_name, const struct xq_opts *,
		    char *err, size_t errlen);
/* Upload local_path to remote (a path; NULL: the cwd + basename). */
unsigned	 xq_put(struct xq *, const char *local_path, const char *remote,
		    const struct xq_opts *, char *err, size_t errlen);

/*
 * A tree of file jobs queued one by one (a mirror) that the views show
 * as one row with its totals (group.c): a new group, named by label
 * (copied, raw bytes; sanitize to show), for xq_opts.group; what the
 * tree did besides its transfers (deletions), and both, for a view.
 * 0 / NULL: no such group.
 */
unsigned	 xq_group_new(struct xq *, const char *label);
void		 xq_group_deleted(struct xq *, unsigned group, unsigned n);
const char	*xq_group_label(struct xq *, unsigned group, unsigned *deleted);

int		 xq_cancel(struct xq *, unsigned id);
void		 xq_cancel_all(struct xq *);
int		 xq_pause(struct xq *, unsigned id);
int		 xq_resume(struct xq *, unsigned id);
int		 xq_retry(struct xq *, unsigned id);
/*
 * The order (queue_order.c): jobs run by priority (higher first), then in
 * their place; xq_list shows that order. A move takes the place (and the
 * priority) of the unfinished neighbour, or goes past every unfinished
 * job (top, bottom). -1: no such unfinished job (or a priority out of
 * XQ_PRIO_MIN..XQ_PRIO_MAX).
 */
enum xq_move {
	XQ_MOVE_UP,
	XQ_MOVE_DOWN,
	XQ_MOVE_TOP,
	XQ_MOVE_BOTTOM
};
#define XQ_PRIO_MIN	(-100)
#define XQ_PRIO_MAX	100
int		 xq_move(struct xq *, unsigned id, enum xq_move);
int		 xq_set_priority(struct xq *, unsigned id, int prio);
/* Pause every unfinished job, resume every paused one: how many. */
unsigned	 xq_pause_all(struct xq *);
unsigned	 xq_resume_all(struct xq *);
void		 xq_answer(struct xq *, unsigned id, enum xq_policy,
		    bool for_all);
void		 xq_clear_finished(struct xq *);
/* The check of a finished job (a changed event follows); NULL clears. */
void		 xq_set_check(struct xq *, unsigned id, const char *text);
/*
 * On: a download of a file (not a checksum list such as SHA256SUMS or
 * NAME.sha256) is held as its finished .part and handed to the check
 * event; it stays active until xq_verdict: XQ_CHECK_OK or XQ_CHECK_NONE
 * commit it (rename to its name), XQ_CHECK_BAD leaves the .part and
 * fails the job with text as its error. text (may be NULL) becomes the
 * job's check. Off (the default): every download is committed at once.
 */
enum xq_check {
	XQ_CHECK_OK,
	XQ_CHECK_NONE,		/* nothing to check it against */
	XQ_CHECK_BAD
};
void		 xq_set_verify(struct xq *, bool);
void		 xq_verdict(struct xq *, unsigned id, enum xq_check,
		    const char *check, const char *error);

const struct xq_job *xq_find(struct xq *, unsigned id);
/* Every job in order; the array is valid until the next loop pass. */
const struct xq_job *const *xq_list(struct xq *, size_t *n);
void		 xq_stats(struct xq *, struct xq_stats *);
bool		 xq_busy(struct xq *);

/*
 * The saved queue (qjournal.c, qjresume.c, format in journal.h): every
 * unfinished job is kept in the file at path as it changes, never with a
 * password.
 * xq_journal_open reads the last run's unfinished jobs (pending) first;
 * -1 with err when the file is refused (damaged: moved aside to
 * PATH.damaged, the .part files untouched); the queue saves from now on
 * either way. xq_journal_pending counts them and names the server of the
 * first; xq_journal_resume queues again those of the queue's server (set
 * it first, xq_set_server), in their order, as "get -c" would, ids
 * first..last (0: none), report called for each that cannot be queued;
 * xq_journal_drop forgets them all.
 */
int		 xq_journal_open(struct xq *, const char *path, char *err,
		    size_t errlen);
size_t		 xq_journal_pending(struct xq *, const char **host,
		    const char **port, const char **user);
int		 xq_journal_resume(struct xq *, unsigned *first,
		    unsigned *last, unsigned *failed,
		    void (*report)(const char *remote, const char *err,
		    void *), void *);
void		 xq_journal_drop(struct xq *);
/* The pending records (struct jq_job, xfer/journal.h), n of them. */
const struct jq_job *xq_journal_jobs(struct xq *, size_t *n);
/*
 * A download outside the queue (pget) kept in the saved queue by key: its
 * record (with its ranges) set or replaced, written within a second (now:
 * as soon as a state change is), or cleared when it ends. take_ranges
 * moves the pending segmented records of the queue's server into out
 * (jq_free it); the caller runs them (and sets them as side records).
 */
void		 xq_journal_side(struct xq *, const void *key,
		    const struct jq_job *, bool now);
void		 xq_journal_side_clear(struct xq *, const void *key,
		    bool keep);
void		 xq_journal_take_ranges(struct xq *, struct jq_file *out);
/* The queue's server's login (valid until the next xq_set_server). */
void		 xq_login_of(struct xq *, struct ftp_login *);
/* Quitting: save what is unfinished now, then stop following the queue
   (the quit's own cancellations are not saved). */
void		 xq_journal_close(struct xq *);

/* Text by name: .txt .c .h .md .html README ... (for XQ_TYPE_AUTO). */
bool		 xq_type_for_name(const char *name);
const char	*xq_state_name(enum xq_state);

#endif
