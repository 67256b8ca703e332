/*
 * xq_priv.h: the inside of the transfer queue, shared by the files of
 * src/xfer (their order and concerns: the comment above the declarations,
 * at the end). Nothing outside src/xfer includes it.
 *
 * Ownership in one place:
 *   - the queue owns every job (an array in id order, kept until
 *     xq_clear_finished), the connections (a slot each, at most
 *     XQ_MAX_PARALLEL), the batches and the timers;
 *   - a job not yet ended is on at most one of the run queue (ready to
 *     start), the wait queue (a retry's backoff) and the ask queue (the
 *     overwrite question is out), or on a connection (job->conn), or on
 *     none (paused);
 *   - a download's local directory is a struct xq_dnode shared by the
 *     files of that directory and opened only while one of them needs it,
 *     so a tree of 100,000 files holds a handful of descriptors.
 */
#ifndef JANGADA_XFER_XQ_PRIV_H
#define JANGADA_XFER_XQ_PRIV_H

#include <sys/queue.h>
#include <sys/types.h>

#include "base/limits.h"
#include "local/lpath.h"
#include "xfer/journal.h"
#include "xfer/queue.h"

struct ev_timer;
struct ftp_listing;
struct conn;
struct walk;

/* A local directory of a download: the root the user named, or below. */
struct xq_dnode {
	struct xq_dnode	*parent;	/* NULL: the root (path as given) */
	char		*name;		/* a safe component; root: NULL */
	char		*path;		/* for messages and job->local */
	char		*abs;		/* the root: its absolute path, bound
					   when the job was queued */
	int		 fd;		/* open while opens > 0 */
	unsigned	 opens;
	unsigned	 refs;
};

/* Jobs added together share their "for all" answer. */
struct batch {
	unsigned	 refs;
	bool		 have_all;
	enum xq_policy	 all;
};

enum job_list {
	L_NONE,
	L_RUN,
	L_WAIT,
	L_ASK
};

enum job_want {
	WANT_NONE,
	WANT_PAUSE,
	WANT_CANCEL
};

struct rate_sample {
	uint64_t	 t;
	uint64_t	 done;
};

struct job {
	struct xq_job	 pub;		/* first: what the user sees */
	struct xq	*q;
	struct job	*dir;		/* the directory job it came from */
	struct batch	*batch;
	struct xq_opts	 opts;

	char		*remote;	/* raw bytes */
	char		*local;		/* display path */
	char		*error;		/* sanitized */
	char		*warning;	/* sanitized: the last warning */
	char		*check;		/* sanitized: xq_set_check */
	/* a finished download waiting for its check (check.c): the .part,
	   not yet committed */
	struct lf_part	 held;
	bool		 checking;

	/* download: where to */
	struct xq_dnode	*dnode;
	char		*name;		/* the local file name */
	bool		 dn_open;	/* dnode is open for this job */
	/* upload: from where */
	char		*lpath;
	int		 fd;
	uint64_t	 lsize;
	time_t		 lmtime;

	/* the overwrite decision, made once per job */
	bool		 decided;
	bool		 resume;	/* continue the .part / REST */
	bool		 replace;	/* may replace the target at the end */
	bool		 adopt;		/* the short target becomes the .part */
	bool		 adopted;	/* ... it did: give the name back */
	bool		 has_answer;
	enum xq_policy	 answer;
	unsigned	 probe;		/* put rename: trying NAME.probe */
	uint64_t	 rest;		/* put: REST offset */

	/* the target this job writes, kept from one to the other */
	bool		 reserved;
	dev_t		 res_dev;	/* download: the directory */
	ino_t		 res_ino;
	char		*res_name;	/* get: the name; put: the path */
	TAILQ_ENTRY(job) res_entry;

	enum job_want	 want;
	struct conn	*conn;
	enum job_list	 list;
	TAILQ_ENTRY(job) entry;		/* run, wait or ask queue */
	bool		 dirty;
	TAILQ_ENTRY(job) dirty_entry;
	uint64_t	 not_before;	/* retry backoff */
	uint64_t	 last_emit;
	uint64_t	 base;		/* bytes already there at the start */
	bool		 moving;	/* a transfer is out (xq_stats) */
	uint64_t	 started_ms;
	uint64_t	 active_ms;	/* time spent active (for the rate) */
	uint64_t	 moved;		/* bytes moved, every attempt */
	struct rate_sample *samples;	/* while active */
	unsigned	 nsamples;

	/* a directory job */
	struct walk	*walk;
	unsigned	 n_children;
	unsigned	 n_ended;
	unsigned	 n_failed;
	unsigned	 n_cancelled;
	bool		 walk_failed;	/* part of the tree was not walked */

	/* the journal (qjournal.c, job_get.c) */
	char		*jroot, *jname;	/* a tree's local directory, name */
	bool		 jcheck;	/* resumed: is the remote unchanged? */
	/* its place (order.c): rank, once moved; else its id */
	bool		 ranked;
	double		 rank;
	uint64_t	 jsize;		/* ... its size when saved */
	int64_t		 jmtime;	/* the remote time (MDTM), 0 unknown */
	uint64_t	 jcsize;	/* the check: the size SIZE gave */
};

enum conn_state {
	C_CONNECTING,
	C_IDLE,
	C_BUSY,
	C_QUITTING,
	C_DEAD
};

struct conn {
	struct xq	*q;
	int		 slot;		/* 1..XQ_MAX_PARALLEL: its number */
	struct ftp_session *s;
	enum conn_state	 st;
	struct job	*job;
	struct ev_timer	*idle;
	bool		 stale;		/* another server: close when idle */
	bool		 logged_in;
};

TAILQ_HEAD(job_q, job);

struct xq {
	struct ev_loop	*loop;
	struct xq_events ev;
	void		*arg;
	int		 hold;
	bool		 dead;

	/* the server */
	bool		 have_server;
	char		*host, *port, *user, *pass, *acct;
	bool		 tls_implicit;	/* the login's ftps:// */
	struct ftp_options opt;
	bool		 have_opt;
	struct ftp_throttle throttle;

	/* settings */
	struct lp_dir	 ldir;		/* the app's local directory (a dup) */
	int		 parallel;
	int		 retries;
	int		 idle_ms;
	int		 retry_ms;
	unsigned	 max_dirs;	/* a tree, in all (walk_get.c) */
	unsigned	 max_entries;
	int		 limit;		/* connections the server allows */

	/* jobs */
	unsigned	 next_id;
	struct job	**jobs;		/* in id order */
	size_t		 njobs, capjobs;
	const struct xq_job **view;	/* xq_list */
	size_t		 capview;
	bool		 view_stale;
	struct job_q	 runq, waitq, askq, dirtyq;
	TAILQ_HEAD(, job) resq;		/* jobs that reserved a target */
	unsigned	 nstate[XQ_SKIPPED + 1];	/* every job */
	unsigned	 fstate[XQ_SKIPPED + 1];	/* file jobs */
	unsigned	 walk_failures;
	struct batch	*cur_batch;	/* xq_begin_batch */

	/* does "LIST -a PATH" work here (hidden files)? */
	enum { LIST_A_UNKNOWN, LIST_A_YES, LIST_A_NO } list_a;

	/* connections */
	struct conn	*conns[XQ_MAX_PARALLEL];
	uint64_t	 connect_not_before;
	bool		 logged_in_once;	/* since xq_set_server */
	int		 connect_failures;
	int		 drops;		/* connections lost since a file was done */
	uint64_t	 no_conn_since;	/* refused as "too many" with none up */
	char		*connect_error;

	struct ev_timer	*kick;		/* run the scheduler from the loop */
	struct ev_timer	*wake;		/* backoffs over */
	struct ev_timer	*flush;		/* throttled changed events */

	/* stats */
	uint64_t	 bytes;
	uint64_t	 busy_since;
	uint64_t	 elapsed;
	bool		 busy;

	/* the journal (qjournal.c) */
	char		*jpath;		/* NULL: none */
	struct jq_file	 jpending;	/* the last run's, not yet resumed */
	bool		 jdirty, jfailed;
	uint64_t	 jlast, jdue;	/* the last write, the next */
	uint64_t	 jgap;		/* ms at least between writes */
	struct ev_timer	*jtimer;
	bool		 ordered;	/* a job was moved or given a priority */
	struct jq_file	 jside;		/* downloads outside the queue (pget) */
	const void	**jside_keys;
	bool		 verify;	/* xq_set_verify: check before commit */
	/* the groups (group.c), id i + 1 */
	struct xq_group	*groups;
	unsigned	 ngroups;
};

/*
 * The declarations below go by file, lowest first; a file calls only the
 * files above it in this list (and reaches higher ones only through the
 * events, timers and walk visits they registered). The order, bottom ->
 * top, one line per layer of files that do not call each other:
 *
 *   dnode.c group.c job_type.c journal.c order.c   data, nothing else
 *     (segment.c mirror.c: their own headers)
 *   job_list.c job_local.c walk_stack.c    lists, local holds, walk stack
 *   conn.c job_state.c                 a connection's state, a job's state
 *   qjournal.c qjside.c walk_link.c        writing the journal; links
 *   queue.c                            the queue's lifetime and settings
 *   job_conn.c queue_order.c           a job on its connection; moving
 *   check.c job_put.c walk.c           verify, upload, a walk's life
 *   job_get.c walk_get.c walk_put.c    download, a tree down, a tree up
 *   job.c queue_add.c                  start/stop any job; adding jobs
 *   pool.c queue_ctl.c                 connections and scheduler; controls
 *   qjresume.c queue_new.c             resuming the journal; xq_new
 */

/* dnode.c: the local directories of downloads */
struct xq_dnode *dnode_root(const char *path, const char *abs);
struct xq_dnode *dnode_child(struct xq_dnode *, const char *name);
void	 dnode_ref(struct xq_dnode *);
void	 dnode_unref(struct xq_dnode *);
int	 dnode_open(struct xq_dnode *, char *err, size_t errlen);
void	 dnode_close(struct xq_dnode *);

/* group.c: the groups go with the queue */
void	 xq_groups_free(struct xq *);

/* job_type.c: text or binary (and xq_type_for_name, queue.h) */
enum ftp_type job_type_for(const struct xq_opts *, const char *name);

/* order.c: the queue's order */
double	 order_rank(const struct job *);
int	 order_cmp(const struct job *, const struct job *);
void	 order_insert_run(struct xq *, struct job *);
void	 order_resort_run(struct xq *);
void	 order_sort_view(struct xq *);
struct job **order_jobs(struct xq *, size_t *n);

/* job_list.c: the run, wait and ask lists; reserved targets */
void	 job_unlist(struct job *);
void	 job_queue_run(struct job *, bool head);
bool	 job_ask(struct job *, const char *target);
void	 job_wait_blocked(struct job *);
bool	 res_taken(struct xq *, const struct job *self, dev_t, ino_t,
	    const char *name);
void	 res_take(struct job *, dev_t, ino_t, const char *name);
void	 res_drop(struct job *);
void	 xq_kick(struct xq *);
void	 xq_arm_wake(struct xq *);

/* job_local.c: what a job holds locally */
void	 job_hold_drop(struct job *);
void	 job_release_local(struct job *);
void	 job_give_back(struct job *);
void	 job_drop_empty_part(struct job *);

/* walk_stack.c: what a directory job has still to visit (and
   walk_priv.h) */
void	 walk_free(struct walk *);
bool	 walk_done(const struct walk *);
bool	 walk_started(const struct walk *);
void	 walk_abandon(struct job *);
void	 walk_retry(struct job *);

/* conn.c: one connection: its state, release, QUIT, end */
void	 conn_set_state(struct conn *, enum conn_state);
void	 conn_free(struct conn *);
void	 conn_quit(struct conn *);
void	 conn_release(struct conn *);
void	 pool_close_all(struct xq *, bool now);
void	 pool_free(struct xq *);

/* job_state.c: jobs, their states and events */
bool	 job_ended(const struct job *);
struct job *job_new(struct xq *, enum xq_kind, struct job *dir,
	    const char *remote, const struct xq_opts *);
void	 job_free(struct job *);
void	 job_set_dir(struct job *);
void	 job_set_remote(struct job *, const char *);
void	 job_set_local(struct job *, const char *);
void	 job_set_target(struct job *, struct xq_dnode *, const char *name);
void	 job_set_error(struct job *, const char *);
void	 job_warn(struct job *, const char *msg);
void	 job_warn_name(struct job *, const char *remote, const char *safe);
enum xq_policy job_policy(struct job *);
int	 xq_code(struct ftp_session *, const struct ftp_status *);
void	 jnl_touch(struct xq *, bool state);
void	 job_changed(struct job *, bool force);
void	 job_set_total(struct job *, uint64_t total);
void	 job_progress(struct job *, uint64_t done, uint64_t total);
void	 job_set_state(struct job *, enum xq_state);
void	 job_finish(struct job *, enum xq_state, const char *error);
void	 job_fail(struct job *, const char *error);
void	 job_attempt_failed(struct job *, int code, bool permanent,
	    const char *error);
void	 dir_check_done(struct job *dir);
/* the journal is written no sooner than this after a state change, or
   progress (jnl_touch) */
#define JNL_MIN_MS	100
#define JNL_PROGRESS_MS	1000

/* qjournal.c: writing the saved queue */
void	 jnl_open(struct xq *, const char *path);
void	 jnl_close(struct xq *);
/* a download at least this big has its remote time recorded (MDTM) */
#define JNL_MTIME_MIN	(256u * 1024)

/* walk_link.c: symbolic links in a download's tree */
struct ftp_entry;
void	 walk_link_left(struct job *, const char *remote, const char *why);
bool	 walk_link_other(struct job *, const char *dir, int depth,
	    struct xq_dnode *, const struct ftp_entry *);

/* queue.c: the queue's lifetime, settings, reading */
void	 xq_hold(struct xq *);
void	 xq_release(struct xq *);
struct job *job_find(struct xq *, unsigned id);

/* job_conn.c: a job on its connection: callback prologue, endings */
void	 job_end(struct job *, enum xq_state, const char *error);
void	 job_end_attempt(struct job *, int code, bool permanent,
	    const char *error);
bool	 job_wanted(struct job *);
struct job *job_enter(struct conn *, bool stop);
void	 job_leave(struct job *);
struct job *job_enter_reply(struct conn *, struct ftp_session *,
	    const struct ftp_status *, bool retry);
struct job *job_xfer_over(struct conn *, const struct ftp_status *);

/* check.c: should the download be checked before its commit? */
bool	 job_holds(const struct job *);
void	 job_check_begin(struct job *);

/* job_put.c: an upload */
void	 job_put_start(struct job *);

/* walk.c: a directory job's walk on its connection */
void	 walk_start(struct job *, struct conn *);
void	 walk_release(struct job *);

/* job_get.c: a download */
int	 job_prepare(struct job *);	/* 1 ready, 0 not (finished/asking) */
void	 job_dl_start(struct job *);

/* walk_get.c, walk_put.c: a tree downloaded, uploaded */
int	 walk_new_get(struct job *, struct xq_dnode *parent, const char *name,
	    char *err, size_t errlen);
void	 walk_new_put(struct job *);

/* job.c: start and stop any job */
void	 job_start(struct job *, struct conn *);
void	 job_stop(struct job *);

/* pool.c: the connections' sessions and the scheduler */
void	 pool_schedule(struct xq *);

#endif
