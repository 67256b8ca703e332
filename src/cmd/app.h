/*
 * app.h: the state every front end drives: the browsing session, the
 * transfer queue, the console sessions, the options, the local and remote
 * directories and the remote listing cache.
 *
 * The command language (cmd.h) changes it; the TUI draws it and batch mode
 * prints it. What changed is reported through struct app_hooks, which the
 * front end fills in; the app never writes to the terminal itself.
 * Every string handed to a hook is display-safe (already sanitized).
 */
#ifndef JANGADA_CMD_APP_H
#define JANGADA_CMD_APP_H

#include <stdbool.h>
#include <stdint.h>

#include "base/limits.h"
#include "ftp/list.h"
#include "ftp/session.h"
#include "console/console.h"
#include "console/tools.h"
#include "local/lpath.h"
#include "xfer/queue.h"

struct ev_loop;
struct app;
struct verify;
struct vheld;

enum app_out {
	APP_OUT,		/* command output (stdout in batch) */
	APP_INFO,		/* a message (stderr in batch, unless -q) */
	APP_WARN,
	APP_ERROR
};

/* What changed, for app_hooks.changed. */
#define APP_CH_CONN	0x01	/* connected, closed, state, user, type */
#define APP_CH_RCWD	0x02	/* remote directory */
#define APP_CH_RLIST	0x04	/* remote listing (loaded, failed) */
#define APP_CH_LCWD	0x08	/* local directory */
#define APP_CH_OPTS	0x10	/* an option */
#define APP_CH_CONSOLE	0x20	/* console sessions opened or closed */
#define APP_CH_QUEUE	0x40	/* jobs added or removed */
#define APP_CH_COMPARE	0x200	/* compare ran: the panes mark the differences */

typedef void (*app_secret_cb)(struct app *, const char *secret, void *arg);
/* A yes/no answer: 1 yes, 0 no, -1 nobody can answer (no terminal). */
typedef void (*app_yesno_cb)(struct app *, int answer, void *arg);
/* A trust answer: 0 no, 1 once, 2 always (pin the certificate). */
typedef void (*app_trust_cb)(struct app *, int answer, void *arg);

struct app_hooks {
	/* A line of output. */
	void	(*out)(struct app *, enum app_out, const char *text, void *);
	/* Something shown changed (APP_CH_* bits). */
	void	(*changed)(struct app *, unsigned what, void *);
	/* A protocol transcript line: conn 0 is the browsing session. */
	void	(*transcript)(struct app *, int conn, bool sent,
		    const char *line, void *);
	/* A job changed (the transfers pane, batch progress). */
	void	(*job)(struct app *, const struct xq_job *, void *);
	/* The queue has no job left. */
	void	(*queue_idle)(struct app *, void *);
	/* A job's target exists and the policy is ask: answer with
	   xq_answer(app->queue, ...). NULL: skip. */
	void	(*ask_overwrite)(struct app *, const struct xq_job *,
		    const char *target, void *);
	/* Ask for a secret without echo; cb(NULL) if the user gives up.
	   NULL: reading it is impossible (no terminal). */
	void	(*ask_secret)(struct app *, const char *prompt,
		    app_secret_cb cb, void *cbarg, void *);
	/* A console session's line. */
	void	(*console)(struct app *, struct con *,
		    const struct con_line *, void *);
	/* A yes/no question (rm -r); cb may come from inside the call.
	   NULL: nobody can answer. */
	void	(*ask_yesno)(struct app *, const char *question,
		    app_yesno_cb cb, void *cbarg, void *);
	/* Give the terminal to a child process (suspend true: !, edit,
	   the pager) and take it back (false). NULL: nothing to do. */
	void	(*suspend)(struct app *, bool suspend, void *);
	/* The start of a file for a viewer (view): title display-safe,
	   bytes raw; cut: the limit it stopped at, or 0. NULL: view
	   prints the text as cat does. */
	void	(*view)(struct app *, const char *title, const void *,
		    size_t len, size_t cut, void *);
	/* A "bind KEY ACTION" line of the config file: 0, or -1 with a
	   message in err. NULL: no keys (batch), the line is ignored. */
	int	(*bind)(struct app *, const char *key, const char *action,
		    char *err, size_t errlen, void *);
	/* The screen's trust questions (cmd_trust.c): a certificate that
	   does not verify (cert: once, always or no) or a password about
	   to go in clear (yes once or no); title and text display-safe.
	   NULL: refused (batch). */
	void	(*ask_trust)(struct app *, bool cert, const char *title,
		    const char *text, app_trust_cb cb, void *cbarg, void *);
};

/* A remote directory listing, as cached. */
struct app_dir {
	char		*path;		/* absolute remote path (raw bytes) */
	struct ftp_listing list;
	bool		 loading;
	bool		 loaded;
	char		*error;		/* sanitized, or NULL */
	uint64_t	 when;		/* ev_clock_ms when loaded */
};

/* The options of set/show (see the table in app_opts.c for their names). */
struct app_opts {
	int		 connect_timeout;	/* seconds */
	int		 timeout;		/* reply and data, seconds */
	int		 keepalive;		/* seconds, 0 off */
	int		 parallel;		/* 1..10 */
	int		 retries;
	uint64_t	 rate_limit;		/* bytes/s, 0 none */
	int		 segments;		/* pget: 1..16 */
	uint64_t	 segment_min;		/* pget: one connection under */
	enum xq_policy	 overwrite;
	enum xq_type	 type;
	char		 charset[32];	/* the server's: auto, utf-8, an iconv name */
	bool		 passive;
	bool		 epsv;
	bool		 mlsd;
	bool		 fail_exit;		/* batch: stop at a failure */
	bool		 debug;			/* transcript to the output */
	bool		 explain;		/* a line of meaning under each */
	bool		 mouse;			/* the screen takes the mouse */
	bool		 arrow_nav;		/* Right enters, Left goes up */
	unsigned	 columns;		/* APP_COL_*: the panes' columns */
	bool		 progress;		/* batch progress meter */
	bool		 keep_time;
	int		 view_kib;		/* cat/view limit */
	bool		 autolist;		/* list the remote dir on cd */
	bool		 sync_browse;		/* the screen: cd follows */
	int		 udp_wait;		/* udp send: seconds for replies */
	int		 max_dirs;		/* get -r: a tree, in all */
	int		 max_entries;
	int		 reconnect;		/* tries after a drop */
	enum xq_symlinks symlinks;		/* get -r: follow, skip, keep */
	int		 verify;		/* 0 off, 1 auto */
	int		 tls;			/* enum ftp_tls */
	bool		 tls_data;		/* PROT P */
	char		 tls_ca_file[512];
	char		 tls_trust[80];		/* "SHA256:hex" or "" */
};

/* What the browsing session's listing zone is known to be (zone.c). */
enum app_zone {
	APP_ZONE_UNKNOWN,	/* not asked yet */
	APP_ZONE_KNOWN,		/* zone_off (0: the listing is in UTC) */
	APP_ZONE_NONE		/* MDTM refused: never asked again */
};

#define APP_MAX_CONS	LIM_APP_CONSOLES
#define APP_DIR_CACHE	LIM_APP_DIR_CACHE

struct app {
	struct ev_loop		*loop;
	struct app_hooks	 hooks;
	void			*hooks_arg;
	bool			 batch;		/* no screen */
	bool			 quiet;

	struct ftp_session	*ftp;		/* browsing */
	struct xq		*queue;
	struct app_opts		 opts;

	/* the login of the current (or last) connection */
	char			*host;
	char			*port;
	char			*user;		/* NULL: anonymous */
	char			*pass;		/* wiped when freed */
	char			*acct;
	char			 tls_url;	/* the URL's: 0, 'e' ftpes, 's' ftps */
	/* the opened bookmark's charset= and tls= (over the options until
	   the next open of another place or a set of that option) */
	char			 site_charset[32];	/* "": none */
	int			 site_tls;		/* -1: none */
	char			*rcwd_login;	/* where the login landed (cd) */
	char			*rcwd_prev;	/* before the last cd (cd -) */
	char			*open_file;	/* open's URL named a file */
	struct lp_dir		 lcwd;		/* the local directory, held by
						   a descriptor (the process's
						   never moves) */
	struct lp_dir		 lcwd_prev;	/* before the last lcd (lcd -) */
	struct pget_row		*pget_rows;	/* pgets.c, newest first */
	unsigned		 pget_last_id;

	struct app_dir		 dirs[APP_DIR_CACHE];
	size_t			 ndirs;

	struct con		*cons[APP_MAX_CONS];
	struct con		*con_current;
	int			 con_target;	/* servers: client, 0 all */
	struct cmd_call		*con_wait;	/* "console wait" */
	struct con		*con_waiting;
	struct ev_timer		*con_wait_timer;

	/* view -l: the local file being handed to the view hook (for the
	   viewer's follow), NULL otherwise */
	const char		*view_local;

	struct cmd_call		*running;	/* the command in progress */
	int			 failures;	/* commands that failed */
	bool			 quit;		/* quit was asked for */

	/* reconnect.c: the browsing session reconnects by itself */
	struct ev_timer		*rc_timer;
	int			 rc_tries;	/* made so far */
	bool			 rc_armed;	/* a reconnection is under way */
	char			*rcwd_lost;	/* where the user was when the
						   connection dropped */
	struct cmd_call		*rc_wait;	/* a command waiting for it */
	bool			 rc_wait_repeat;	/* ... to run again */
	bool			 rc_logged_in;	/* the session got to ready */
	bool			 rc_hold;	/* open drops it: no reconnection */
	/* cmd_trust.c: what the user accepted on the screen for one
	   server ("host:port") for this run: a certificate, the password
	   in clear */
	char			*once_for;
	char			 tls_once[80];
	bool			 clear_once;
	/* downloads held for their check before the commit (verify.h):
	   the run, the ones waiting for the next, the checksum files read */
	struct verify		*bg_verify;
	struct vheld		*vheld;

	/* zone.c: the zone of the connection's LIST times */
	enum app_zone		 zone;
	long			 zone_off;	/* seconds ahead of UTC */

	/* batch: the transfer command waiting for its jobs */
	struct cmd_call		*wait_call;
	unsigned		 wait_first;
	uint64_t		 wait_start;
};

/*
 * The declarations below are grouped by the file that defines them, in
 * the order of src/cmd (see cmd_priv.h), lowest first: app.c is below
 * every command, app_life.c above them.
 */

/* optval.c: a size; a text option's value (a path, or a fingerprint: fp). */
/* "500K", "2M", "1G", "123" as bytes; -1 if not a size. */
int		 app_parse_size(const char *, uint64_t *);
int		 app_opt_text(const char *name, bool fp, const char *value,
		    char *out, size_t outlen, char *err, size_t errlen);
/* optcols.c: set columns: the file panes' columns after the name. */
#define APP_COL_SIZE		0x01u
#define APP_COL_TIME		0x02u
#define APP_COL_TIME_EXACT	0x04u	/* with APP_COL_TIME: seconds */
#define APP_COL_PERM		0x08u
#define APP_COL_OWNER		0x10u
#define APP_COLS_DEFAULT	(APP_COL_SIZE | APP_COL_TIME)
int		 app_cols_parse(const char *value, unsigned *mask, char *err,
		    size_t errlen);
void		 app_cols_format(unsigned mask, char *out, size_t n);
const char *const *app_cols_words(void);

/* app.c: the state's helpers. */
/* Output helpers: printf-style; the text is sanitized before the hook. */
void		 app_out(struct app *, enum app_out, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
/* A line built with san_append (already clean): to the hook as it is. */
void		 app_out_clean(struct app *, enum app_out, const char *);
void		 app_changed(struct app *, unsigned);

/* The local directory's name now (absolute; it follows the directory
 * when it is renamed); local paths are relative to it. */
const char	*app_lcwd(struct app *);
/* Its descriptor (O_PATH; -1 none): children fchdir there. */
int		 app_lcwd_fd(struct app *);
/* path relative to the local directory when under it (for messages). */
const char	*app_lshown(struct app *, const char *path);
/* Make dir the local directory; the old one is lcd -'s. 0, or -1 with
 * err (translated) and nothing changed. */
int		 app_set_lcwd(struct app *, const char *dir, char *err,
		    size_t errlen);
/* The remote directory: the session's cwd, or "/" unknown. */
const char	*app_rcwd(struct app *);
/* Join a remote path to the cwd (allocated). */
char		*app_rpath(struct app *, const char *);
/* The cached listing of a remote path (absolute), or NULL. */
struct app_dir	*app_dir(struct app *, const char *path);
typedef void	(*app_dir_cb)(struct app *, struct app_dir *, void *);
typedef void	(*app_entries_cb)(struct app *, const struct ftp_listing *,
		    void *);
/* List path (absolute) into the cache; done(app, dir, arg) when it ends. */
int		 app_dir_load(struct app *, const char *path, bool refresh,
		    app_dir_cb done, void *);
/*
 * A fresh listing of path into the cache, with entries(app, so_far, arg)
 * while it arrives (see ftp_entries_cb), then done as app_dir_load.
 */
int		 app_dir_stream(struct app *, const char *path,
		    app_entries_cb entries, app_dir_cb done, void *);
void		 app_dir_forget(struct app *, const char *path);
void		 app_dir_forget_all(struct app *);
/* Empty the cache, listings on their way too (app_free). */
void		 app_dirs_free(struct app *);
/* A local path as typed: "~" and "~/x" are in HOME, a relative one in
 * the local directory (allocated, absolute). */
char		*app_lpath(struct app *, const char *);
/* A local glob pattern made to match in the local directory. */
char		*app_lglob(struct app *, const char *);
/* The login of the browsing session, for the queue. */
void		 app_login_of(struct app *, struct ftp_login *);

/* pins.c: certificates pinned per host:port (trust on first use). */
int		 pins_lookup(const char *host, const char *port, char *out,
		    size_t outlen);
int		 pins_add(const char *host, const char *port, const char *fp);

/*
 * zone.c: the zone of the browsing session's LIST times, learned once per
 * connection (open forgets it) from one MDTM. app_zone_learn: before
 * comparing rem (the remote side; an entry's src, else dir/path, its
 * remote path) with loc, when the zone is not known and a file needs it
 * (mir_zone_probe), MDTM is sent and 1 returned: done(app, st, arg) comes
 * with the answer (said when an offset is found; who names the command),
 * then app_zone_shift. 0: nothing was asked (call app_zone_shift now).
 */
typedef void	(*app_zone_cb)(struct app *, const struct ftp_status *,
		    void *);
struct mir_entry;
int		 app_zone_learn(struct app *, const char *who, const char *dir,
		    const struct mir_entry *rem, size_t nrem,
		    const struct mir_entry *loc, size_t nloc, app_zone_cb done,
		    void *arg);
/* The offset known (seconds ahead of UTC; 0 none or not known). */
long		 app_zone_offset(const struct app *);
/* Move the LIST times (minute grain) of a remote side by it. */
void		 app_zone_shift(struct app *, struct mir_entry *rem,
		    size_t nrem);
void		 app_zone_forget(struct app *);

/*
 * reconnect.c: the browsing session's connection dropped (err: why) or
 * closed (err NULL): note where the user was, and unless the close was
 * asked for, reconnect by itself (set reconnect: tries, 1, 2, 4 s apart),
 * then go back to that directory and say so.
 */
void		 app_reconnect_lost(struct app *, const char *err);
/* The session's state changed: a new connection, a QUIT (only a session
   whose login succeeded reconnects: app->rc_logged_in). */
void		 app_reconnect_state(struct app *, enum ftp_state);
/* Stop reconnecting (open, close, quit); a waiting command fails. */
void		 app_reconnect_stop(struct app *);
/*
 * A command that needs the connection while there is none: if a
 * reconnection is under way (or due: the connection just dropped), it
 * waits for it and runs then (cmd_call_run); true. false: none is due.
 */
bool		 app_reconnect_wait(struct cmd_call *);
/*
 * A command that only looks (CMD_REPEAT) failed because the connection
 * dropped: it runs once more after the reconnection; true. false: it
 * fails as it is.
 */
bool		 app_reconnect_repeat(struct cmd_call *);
void		 app_reconnect_free(struct app *);

/* app_opts.c: options by name (set/show): value as text; -1 and err if
 * bad. */
/*
 * A bookmark's settings (either may be NULL): checked as set checks them,
 * the charset normalized into cs[32] ("" when none), the tls as its
 * option index into *tls (-1 when none). -1 with a message.
 */
int		 app_site_parse(const char *charset, const char *tls, char *cs,
		    int *tlsv, char *err, size_t errlen);
int		 app_opt_set(struct app *, const char *name, const char *value,
		    char *err, size_t errlen);
/* Every option as "name value" lines, or one (name not NULL). */
int		 app_opt_show(struct app *, const char *name, char *out,
		    size_t outlen);
/* The names, for help and completion. */
const char *const *app_opt_names(void);
/* The values of an option Tab offers (on/off, the words), or NULL. */
const char *const *app_opt_words(const char *name);
/* Apply the options to the browsing session and the queue. */
void		 app_opts_apply(struct app *);

/* cmd_qsave.c: open the saved queue; say what the last run left. */
void		 app_queue_journal(struct app *);

/* cmd_conn.c: a certificate trusted by tls-trust: pin it. */
void		 app_tls_trusted(struct ftp_session *, const char *fp,
		    void *app);

/* app_life.c: make the app (not connected), free it (connections are
 * dropped). */
struct app	*app_new(struct ev_loop *, const struct app_hooks *, void *,
		    bool batch);
void		 app_free(struct app *);

#endif
