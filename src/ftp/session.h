/*
 * session.h: one FTP control connection and the operations run on it.
 *
 * A session is driven entirely by the event loop: every call here starts
 * an operation and returns at once; the operation's callback runs later,
 * from the loop, exactly once (also when the session closes under it).
 * Operations queue up and run one at a time, in order. Several sessions
 * to the same server run side by side (browsing and transfers use their
 * own connections).
 *
 * The engine knows nothing of curses: it reports through the callbacks in
 * struct ftp_session_cb (transcript lines, state changes, progress,
 * warnings, closed) and through each operation's completion status.
 */
#ifndef JANGADA_FTP_SESSION_H
#define JANGADA_FTP_SESSION_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>
#include <time.h>

#include "base/buf.h"
#include "ftp/list.h"
#include "ftp/parse.h"
#include "ftp/reply.h"
#include "local/lfile.h"

struct ev_loop;
struct ftp_session;

enum ftp_state {
	FTP_ST_IDLE,		/* no connection */
	FTP_ST_CONNECTING,	/* resolving and connecting */
	FTP_ST_GREETING,	/* waiting for 220 */
	FTP_ST_LOGIN,		/* USER/PASS/ACCT */
	FTP_ST_SETUP,		/* FEAT, OPTS, PWD, TYPE */
	FTP_ST_READY,		/* logged in, nothing in flight */
	FTP_ST_BUSY,		/* a command in flight */
	FTP_ST_TRANSFER,	/* a data transfer in flight */
	FTP_ST_ABORTING,	/* ABOR sent, draining replies */
	FTP_ST_QUITTING,	/* QUIT sent */
	FTP_ST_CLOSED		/* connection gone; may connect again */
};

enum ftp_type {
	FTP_TYPE_I,		/* binary, byte-exact */
	FTP_TYPE_A		/* ASCII: CRLF on the wire, LF locally */
};

enum ftp_data_mode {
	FTP_DATA_PASSIVE,	/* EPSV, then PASV */
	FTP_DATA_ACTIVE		/* EPRT, then PORT */
};

/*
 * TLS on the control connection (explicit: AUTH TLS after the greeting).
 * off: never; auto: when the login has a password (not anonymous) and
 * the server accepts AUTH TLS; require: always, and the connection ends
 * before USER when the server refuses it. Implicit TLS (ftps://, port
 * 990) is the login's, not an option.
 */
enum ftp_tls {
	FTP_TLS_OFF,
	FTP_TLS_AUTO,
	FTP_TLS_REQUIRE
};

/*
 * A rate limit shared by every session that points at it (the transfer
 * queue's): a token bucket in bytes per second; 0 is no limit. The
 * running transfers share it fairly (ftp/throttle.c); only rate is the
 * caller's to set.
 */
struct ftp_throttle_user;
struct ftp_throttle {
	uint64_t	 rate;
	double		 pool;		/* bytes no transfer's share holds */
	uint64_t	 last_ms;
	struct ftp_throttle_user *users;	/* transfers moving data */
	unsigned	 nusers;
};

/*
 * What the data connections since the last ftp_data_report_reset tried
 * and got (for diagnose): the reply code to each of EPSV, PASV, EPRT and
 * PORT (0: not sent), whether the 227 named an address other than the
 * control connection's peer, why a passive connection could not be
 * opened, and whether one was.
 */
struct ftp_data_report {
	int		 epsv_code, pasv_code, eprt_code, port_code;
	bool		 pasv_other;	/* the 227 named pasv_addr */
	char		 pasv_addr[16];
	bool		 epsv_connect_failed;	/* EPSV's port could not be */
	bool		 pasv_connect_failed;	/* ... PASV's port */
	char		 connect_err[128];
	bool		 connected;	/* a data connection was opened */
};

/* Tunables; ftp_session_new fills the defaults from base/limits.h. */
struct ftp_options {
	int		 connect_ms;
	int		 reply_ms;	/* any reply we wait for */
	int		 data_connect_ms;
	int		 data_idle_ms;	/* no data byte for this long */
	int		 final_reply_ms; /* 226 after data EOF */
	int		 keepalive_ms;	/* NOOP when idle; 0 never */
	enum ftp_data_mode data_mode;
	bool		 use_epsv;	/* try EPSV first */
	bool		 use_mlsd;	/* MLSD when FEAT offers it */
	int		 family;	/* AF_UNSPEC, AF_INET, AF_INET6 */
	struct ftp_throttle *throttle;	/* NULL: no rate limit */
	enum ftp_tls	 tls;
	bool		 tls_data;	/* PROT P (else PROT C) under TLS */
	char		 tls_ca_file[512];	/* PEM, besides the system's */
	char		 tls_trust[80];	/* "SHA256:hex": accept this one */
	char		 tls_pin[80];	/* pinned for this host:port: only
					   this one, verified or not */
	char		 tls_once[80];	/* "SHA256:hex" the user accepted
					   for this run only (not pinned) */
	bool		 clear_ok;	/* tls auto: a password may go in
					   clear (the user said so once) */
	/* the server's names: "auto", "utf-8" or an iconv name (charset.c) */
	char		 charset[32];
};

/* Can this system convert names to and from charset name (iconv)? */
bool	 ftp_charset_known(const char *name);
/*
 * The locale's charset (nl_langinfo(CODESET), MB_CUR_MAX): a single-byte
 * one but ASCII (ISO-8859-1, ...) becomes the charset of every name above
 * the engine, shown and saved; true then. Else names stay UTF-8.
 */
bool	 ftp_charset_set_local(const char *codeset, size_t mb_max);

/* Do two option sets give connections the same security (CVE-2023-27535)? */
bool	 ftp_options_same_security(const struct ftp_options *,
	    const struct ftp_options *);

/* How an operation ended. Valid only during the callback. */
struct ftp_status {
	bool		 ok;
	bool		 interrupted;	/* ended by ftp_cancel (error says so) */
	int		 code;		/* last reply code, 0 if none */
	const char	*error;		/* translated: what failed and why */
	const struct ftp_reply *reply;	/* the last reply, or NULL */
	/* results, by operation */
	const char	*path;		/* pwd, cwd, mkdir: the path */
	uint64_t	 size;		/* size */
	time_t		 mtime;		/* mtime */
	struct ftp_listing *listing;	/* list: take it (set to NULL) */
	uint64_t	 bytes;		/* transfers: bytes moved */
	uint64_t	 offset;	/* transfers: resumed from */
	bool		 partial;	/* transfers: a .part was kept */
	bool		 local;		/* transfers: failed on our side (the
					   local file): no retry can help */
};

typedef void (*ftp_done_cb)(struct ftp_session *, struct ftp_status *,
    void *arg);
/*
 * While a listing arrives: the entries parsed so far (the ones the final
 * listing will hold first, in its order). The callback keeps no pointer
 * into them and calls nothing of the session. Returning true drops them
 * (they were shown): the next call and the final listing start after
 * them. Returning false keeps them: the callback counts what it has seen.
 */
typedef bool (*ftp_entries_cb)(struct ftp_session *,
    const struct ftp_listing *so_far, void *arg);

struct ftp_session_cb {
	/* A transcript line: "> CMD" sent (PASS masked) or "< reply". */
	void	(*transcript)(struct ftp_session *, bool sent,
		    const char *line, void *arg);
	void	(*state)(struct ftp_session *, enum ftp_state old,
		    enum ftp_state new, void *arg);
	/* A transfer moved bytes: done so far, total (0 unknown). */
	void	(*progress)(struct ftp_session *, uint64_t done,
		    uint64_t total, void *arg);
	/* Something the user should see that is not an error. */
	void	(*warning)(struct ftp_session *, const char *msg, void *arg);
	/* The connection closed (error NULL after QUIT). */
	void	(*closed)(struct ftp_session *, const char *error, void *arg);
	/* A certificate that does not verify was accepted because
	 * tls_trust names it (the caller may pin it). */
	void	(*tls_trusted)(struct ftp_session *, const char *fp,
		    void *arg);
};

/* Where a download goes, or where an upload comes from. */
struct ftp_xfer {
	const char	*remote;	/* path for RETR/STOR, raw bytes */
	enum ftp_type	 type;
	/* download into a file: a .part in dirfd, renamed to name */
	int		 dirfd;		/* -1: not to a file */
	const char	*name;		/* a safe component (lf_safe_name) */
	bool		 resume;	/* REST from the .part's size */
	enum lf_exists	 exists;	/* at commit */
	bool		 set_mtime;	/* MDTM, and set it on the file */
	uint64_t	 mtime_min;	/* >0: MDTM too when SIZE says at least
					   this (ftp_xfer_mtime tells it) */
	/*
	 * or NULL; else a download that completes is not renamed: the
	 * finished .part (fd open, times set) is moved into *held, for the
	 * caller to check, then lf_part_commit or lf_part_abort it
	 */
	struct lf_part	*held;
	/*
	 * or download into an fd (stdout, a pipe, a socket, /dev/null): not
	 * closed; a slow reader is waited for through the loop
	 */
	int		 fd;		/* -1: unused */
	struct ftp_throttle *throttle;	/* NULL: the session's */
	/* or download into memory, at most mem_limit bytes (cat/view) */
	struct buf	*mem;
	/* upload: read from fd (ftp_put), append (APPE) or REST offset */
	bool		 append;
	uint64_t	 rest;		/* upload resume offset, or 0; a
					   download into fd: REST there (a
					   range; refused REST fails it) */
};

struct ftp_login {
	const char	*host;
	const char	*port;		/* NULL: "21" */
	const char	*user;		/* NULL: anonymous */
	const char	*pass;		/* NULL: "anonymous@" for anonymous */
	const char	*acct;
	bool		 tls_implicit;	/* ftps://: TLS from the first byte */
};

struct ftp_session *ftp_session_new(struct ev_loop *,
		    const struct ftp_session_cb *, void *arg);
void		 ftp_session_free(struct ftp_session *);
struct ftp_options *ftp_session_options(struct ftp_session *);

enum ftp_state	 ftp_session_state(const struct ftp_session *);
const char	*ftp_state_name(enum ftp_state);
bool		 ftp_session_connected(const struct ftp_session *);
bool		 ftp_session_busy(const struct ftp_session *);
const struct ftp_features *ftp_session_features(const struct ftp_session *);
const char	*ftp_session_cwd(const struct ftp_session *);
const char	*ftp_session_host(const struct ftp_session *);
const char	*ftp_session_system(const struct ftp_session *);
/* "TLSv1.3 TLS_AES_256_GCM_SHA384" while the control connection is
 * protected, else NULL; the certificate (subject, issuer, validity,
 * fingerprint), one item per line, into out ("" if none). */
const char	*ftp_session_tls(const struct ftp_session *);
/* The reply code to this login's AUTH TLS (0: not sent: anonymous under
 * tls auto, tls off, or implicit TLS). */
int		 ftp_session_auth_code(const struct ftp_session *);
/*
 * Why the last connect failed when the user may decide otherwise: the
 * certificate did not verify (fp, and the certificate's text with why it
 * failed, one item a line, raw server data: sanitize it), or, under tls
 * auto, a password was about to go in clear and was not sent.
 */
enum ftp_refusal {
	FTP_REFUSED_NONE,
	FTP_REFUSED_CERT,
	FTP_REFUSED_CLEAR
};
enum ftp_refusal ftp_session_refusal(const struct ftp_session *,
		    char *fp, size_t fplen, char *cert, size_t certlen);
void		 ftp_session_cert(const struct ftp_session *, char *out,
		    size_t outlen);
/* The data connections' report (report.c); reset also forgets that EPSV
   failed, so the next passive connection tries it again. */
const struct ftp_data_report *ftp_data_report(const struct ftp_session *);
void		 ftp_data_report_reset(struct ftp_session *);
/* The control connection's peer address, "1.2.3.4" or "::1" ("" none). */
void		 ftp_session_peer(const struct ftp_session *, char *,
		    size_t);

/* The remote time of the transfer under way, if MDTM gave it. */
bool	ftp_xfer_mtime(const struct ftp_session *, time_t *);

int	ftp_connect(struct ftp_session *, const struct ftp_login *,
	    ftp_done_cb, void *);
int	ftp_quit(struct ftp_session *, ftp_done_cb, void *);
void	ftp_close(struct ftp_session *);

/* Single commands. */
int	ftp_cwd(struct ftp_session *, const char *, ftp_done_cb, void *);
int	ftp_cdup(struct ftp_session *, ftp_done_cb, void *);
int	ftp_pwd(struct ftp_session *, ftp_done_cb, void *);
int	ftp_mkdir(struct ftp_session *, const char *, ftp_done_cb, void *);
int	ftp_rmdir(struct ftp_session *, const char *, ftp_done_cb, void *);
int	ftp_delete(struct ftp_session *, const char *, ftp_done_cb, void *);
int	ftp_rename(struct ftp_session *, const char *, const char *,
	    ftp_done_cb, void *);
int	ftp_size(struct ftp_session *, const char *, ftp_done_cb, void *);
int	ftp_mdtm(struct ftp_session *, const char *, ftp_done_cb, void *);
int	ftp_mfmt(struct ftp_session *, const char *, time_t, ftp_done_cb,
	    void *);
int	ftp_site(struct ftp_session *, const char *, ftp_done_cb, void *);
int	ftp_stat(struct ftp_session *, const char *, ftp_done_cb, void *);
int	ftp_quote(struct ftp_session *, const char *, ftp_done_cb, void *);
int	ftp_noop(struct ftp_session *, ftp_done_cb, void *);
int	ftp_set_type(struct ftp_session *, enum ftp_type, ftp_done_cb,
	    void *);

/* Data transfers. */
int	ftp_list(struct ftp_session *, const char *path,
	    enum ftp_list_mode, bool any_mode, ftp_done_cb, void *);
/* ftp_list that also shows the entries as they are parsed. */
int	ftp_list_stream(struct ftp_session *, const char *path,
	    enum ftp_list_mode, bool any_mode, ftp_entries_cb, ftp_done_cb,
	    void *);
int	ftp_get(struct ftp_session *, const struct ftp_xfer *, ftp_done_cb,
	    void *);
int	ftp_put(struct ftp_session *, int fd, const struct ftp_xfer *,
	    ftp_done_cb, void *);
/*
 * Interrupt the session (Ctrl-C): the running operation and every queued
 * one end now, before this returns, each callback called once with
 * st->interrupted and the error "interrupted" (operations queued by those
 * callbacks meanwhile end the same way); no callback of theirs runs
 * later. A transfer is stopped with ABOR and a download's .part is kept,
 * never renamed into place; the replies still due are read and dropped
 * before the next operation starts, so the next command works. A connect,
 * a login or a QUIT in progress drops the connection (closed is called
 * with no error). Not to be called from the progress or entries callback.
 */
void	ftp_cancel(struct ftp_session *);

#endif
