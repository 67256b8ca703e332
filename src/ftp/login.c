/*
 * login.c: connecting, the greeting, USER/PASS/ACCT, the setup that
 * follows (FEAT, OPTS UTF8, OPTS MLST, SYST, PWD, TYPE I), and QUIT.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/limits.h"
#include "base/log.h"
#include "base/sanitize.h"
#include "base/secret.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "ev/loop.h"
#include "ftp/codes.h"
#include "ftp/parse.h"
#include "ftp/session_priv.h"
#include "net/net.h"

static void	login_user(struct ftp_session *);
static void	setup_feat(struct ftp_session *);

/* ------------------------------------------------------------ connect */

/* Fail the login with the server's words and drop the connection. */
static void
login_failed(struct ftp_session *s, const struct ftp_reply *r,
    const char *what)
{
	session_hold(s);
	op_refused(s, r, what);
	if (!s->dead)
		ftp_close(s);
	session_release(s);
}

/* Login and setup are complete. */
static void
setup_done(struct ftp_session *s)
{
	session_set_state(s, FTP_ST_READY);
	log_info("ftp %s: logged in as %s", s->host, s->user);
	op_finish(s, true, NULL, NULL);
}

/* TYPE I at login: binary is the default. */
static void
setup_type_reply(struct ftp_session *s, const struct ftp_reply *r)
{
	if (FTP_IS_OK(r->code)) {
		s->type = FTP_TYPE_I;
		s->type_known = true;
	}
	setup_done(s);
}

/* The 257 reply to PWD. */
static void
setup_pwd_reply(struct ftp_session *s, const struct ftp_reply *r)
{
	char *path;

	if (r->code == FTP_PATH_CREATED && ftp_parse_257(r->msg, &path) == 0) {
		path = charset_in(s, path);
		free(s->cwd);
		s->cwd = path;
		path_set_cwd(s, path);
	} else
		log_warn("ftp %s: cannot understand the PWD reply; the "
		    "directory is unknown", s->host);
	op_send(s, setup_type_reply, false, "TYPE", "I");
}

/* SYST: remembered for the status line and listing hints. */
static void
setup_syst_reply(struct ftp_session *s, const struct ftp_reply *r)
{
	if (r->code == FTP_SYSTEM_TYPE) {
		free(s->system);
		s->system = san_str(r->msg, strlen(r->msg), 0);
	}
	op_send(s, setup_pwd_reply, false, "PWD", NULL);
}

/* OPTS MLST: whatever the answer, go on (the listing has what it has). */
static void
setup_mlst_reply(struct ftp_session *s, const struct ftp_reply *r)
{
	if (FTP_IS_OK(r->code))
		s->feat.mlst_on = s->feat.mlst_offered;
	op_send(s, setup_syst_reply, false, "SYST", NULL);
}

/*
 * Ask for the MLST facts the listings read (permissions above all: a
 * server such as pyftpdlib offers unix.mode but does not send it by
 * default), then SYST.
 */
static void
setup_mlst(struct ftp_session *s)
{
	char arg[128];

	if (ftp_mlst_opts(&s->feat, arg, sizeof arg - 5) == 1) {
		memmove(arg + 5, arg, strlen(arg) + 1);
		memcpy(arg, "MLST ", 5);
		op_send(s, setup_mlst_reply, false, "OPTS", arg);
	} else
		op_send(s, setup_syst_reply, false, "SYST", NULL);
}

/* OPTS UTF8 ON: whatever the answer, go on. */
static void
setup_opts_reply(struct ftp_session *s, const struct ftp_reply *r)
{
	setup_mlst(s);
}

/* FEAT: learn what the server offers. */
static void
setup_feat_reply(struct ftp_session *s, const struct ftp_reply *r)
{
	memset(&s->feat, 0, sizeof s->feat);
	s->feat_known = r->code == FTP_SYSTEM_STATUS;
	if (s->feat_known)
		ftp_parse_feat(r->text, &s->feat);
	if (s->feat.utf8)
		op_send(s, setup_opts_reply, false, "OPTS", "UTF8 ON");
	else
		setup_mlst(s);
}

static void
setup_feat_send(struct ftp_session *s)
{
	op_send(s, setup_feat_reply, false, "FEAT", NULL);
}

/* The reply to PROT: P protects the data connections from now on. */
static void
setup_prot_reply(struct ftp_session *s, const struct ftp_reply *r)
{
	if (!FTP_IS_OK(r->code)) {
		if (s->opt.tls_data) {
			login_failed(s, r, _("the server refused to protect "
			    "the data connections (PROT P)"));
			return;
		}
	} else
		s->prot_p = s->opt.tls_data;
	setup_feat_send(s);
}

/* The reply to PBSZ 0, then PROT P (or PROT C: set tls-data off). */
static void
setup_pbsz_reply(struct ftp_session *s, const struct ftp_reply *r)
{
	op_send(s, setup_prot_reply, false, "PROT",
	    s->opt.tls_data ? "P" : "C");
}

/* Logged in: PBSZ and PROT under TLS, then FEAT (after AUTH: again). */
static void
setup_feat(struct ftp_session *s)
{
	session_set_state(s, FTP_ST_SETUP);
	if (s->tls_up)
		op_send(s, setup_pbsz_reply, false, "PBSZ", "0");
	else
		setup_feat_send(s);
}

/* The reply to ACCT. */
static void
login_acct_reply(struct ftp_session *s, const struct ftp_reply *r)
{
	if (FTP_IS_OK(r->code))
		setup_feat(s);
	else
		login_failed(s, r, _("account refused"));
}

/* Send ACCT if we have one. */
static void
login_acct(struct ftp_session *s, const struct ftp_reply *r)
{
	if (s->acct == NULL) {
		login_failed(s, r, _("the server asks for an account "
		    "(ACCT); give one with the user command or in .netrc"));
		return;
	}
	op_send(s, login_acct_reply, false, "ACCT", s->acct);
}

/* The reply to PASS. */
static void
login_pass_reply(struct ftp_session *s, const struct ftp_reply *r)
{
	if (FTP_IS_OK(r->code))
		setup_feat(s);
	else if (r->code == FTP_NEED_ACCOUNT)
		login_acct(s, r);
	else
		login_failed(s, r, _("login incorrect"));
}

/* The reply to USER. */
static void
login_user_reply(struct ftp_session *s, const struct ftp_reply *r)
{
	if (FTP_IS_OK(r->code)) {
		setup_feat(s);
		return;
	}
	if (r->code == FTP_NEED_ACCOUNT) {
		login_acct(s, r);
		return;
	}
	if (r->code != FTP_NEED_PASSWORD) {
		login_failed(s, r, _("user refused"));
		return;
	}
	if (!s->anonymous && !s->tls_up && s->opt.tls == FTP_TLS_AUTO &&
	    !s->opt.clear_ok && s->pass != NULL && *s->pass != '\0') {
		/* Never silently: the front end asks, batch refuses. */
		s->refusal = FTP_REFUSED_CLEAR;
		session_fail(s, _("%s:%s does not take TLS (AUTH TLS): the "
		    "password of %s would go in clear text and was not sent; "
		    "'set tls off' (or --tls off) sends it in clear"),
		    s->host, s->port, s->user);
		return;
	}
	if (!s->anonymous && !s->tls_up && s->cb.warning != NULL)
		s->cb.warning(s, _("the password is sent in clear text (plain "
		    "FTP has no encryption)"), s->cbarg);
	op_send(s, login_pass_reply, false, "PASS",
	    s->pass != NULL ? s->pass : "");
}

/* Log in with USER. */
static void
login_user(struct ftp_session *s)
{
	session_set_state(s, FTP_ST_LOGIN);
	op_send(s, login_user_reply, false, "USER", s->user);
}

/* The greeting: 220 (after any 120 "ready in N minutes"). */
/* The reply to AUTH TLS: 234 upgrades; else on in clear, or not. */
static void
auth_reply(struct ftp_session *s, const struct ftp_reply *r)
{
	char *words;

	s->auth_code = r->code;
	if (r->code == FTP_AUTH_OK) {
		tls_ctl_start(s, login_user);
		return;
	}
	if (s->opt.tls == FTP_TLS_REQUIRE) {
		words = ftp_reply_words(r);
		session_hold(s);
		op_finish(s, false, r, _("%s refused TLS (AUTH TLS: %s); "
		    "nothing was sent in clear. 'set tls auto' or 'set tls off' "
		    "logs in without it"), s->host, words);
		free(words);
		if (!s->dead)
			ftp_close(s);
		session_release(s);
		return;
	}
	log_info("ftp %s: AUTH TLS refused (%d); going on in clear", s->host,
	    r->code);
	login_user(s);
}

/* Greeted: TLS first when it is on or wanted, then USER. */
static void
login_start(struct ftp_session *s)
{
	if (!s->tls_up && (s->opt.tls == FTP_TLS_REQUIRE ||
	    (s->opt.tls == FTP_TLS_AUTO && !s->anonymous))) {
		session_set_state(s, FTP_ST_LOGIN);
		op_send(s, auth_reply, false, "AUTH", "TLS");
		return;
	}
	login_user(s);
}

static void
greeting_reply(struct ftp_session *s, const struct ftp_reply *r)
{
	if (r->code == FTP_READY_IN_MINUTES) {
		/* Wait on, but no longer than for the first reply. */
		ctl_wait_on(s);
		return;
	}
	if (r->code != FTP_SERVICE_READY) {
		login_failed(s, r, _("the server refused the connection"));
		return;
	}
	login_start(s);
}

/* Connected (and, for ftps://, under TLS): wait for the greeting. */
static void
greeting_wait(struct ftp_session *s)
{
	session_set_state(s, FTP_ST_GREETING);
	s->on_reply = greeting_reply;
	s->want_prelim = true;
	ctl_wait(s, "");
}

/* The TCP connection is up (or failed). */
static void
ctl_connected(int fd, const struct sockaddr *sa, socklen_t salen,
    const char *err, void *arg)
{
	struct ftp_session *s = arg;
	char addr[NET_ADDRSTRLEN];

	s->connecting = NULL;
	if (fd == -1) {
		session_fail(s, _("cannot connect to %s: %s"), s->host, err);
		return;
	}
	s->fd = fd;
	memcpy(&s->peer, sa, salen);
	s->peerlen = salen;
	s->locallen = sizeof s->local;
	getsockname(fd, (struct sockaddr *)&s->local, &s->locallen);
	net_addr_str(sa, salen, addr, sizeof addr, true);
	log_info("ftp %s: connected to %s", s->host, addr);
	s->io = ev_io_new(s->loop, fd, POLLIN, ctl_writable, s);
	if (s->tls_implicit)
		tls_ctl_start(s, greeting_wait);
	else
		greeting_wait(s);
}

/* Start OP_CONNECT. */
static void
connect_start(struct ftp_session *s, struct ftp_op *op)
{
	session_set_state(s, FTP_ST_CONNECTING);
	s->connecting = net_connect_start(s->loop, s->host, s->port,
	    s->opt.family, SOCK_STREAM, s->opt.connect_ms, ctl_connected, s);
	if (s->connecting == NULL)
		session_fail(s, _("cannot connect to %s: %s"), s->host,
		    strerror(errno));
}

/*
 * Connect and log in (anonymous unless login->user is given). Any
 * connection the session had is dropped first.
 */
int
ftp_connect(struct ftp_session *s, const struct ftp_login *login,
    ftp_done_cb cb, void *arg)
{
	if (s->fd != -1 || s->connecting != NULL)
		ftp_close(s);
	if (s->dead)
		return -1;
	session_forget_login(s);
	path_set_cwd(s, NULL);
	charset_reset(s);
	s->cs_want[0] = '\0';
	s->host = xstrdup(login->host);
	s->tls_implicit = login->tls_implicit;
	s->port = xstrdup(login->port != NULL ? login->port :
	    login->tls_implicit ? "990" : "21");
	s->anonymous = login->user == NULL ||
	    strcmp(login->user, "anonymous") == 0 ||
	    strcmp(login->user, "ftp") == 0;
	s->user = xstrdup(login->user != NULL ? login->user : "anonymous");
	s->pass = login->pass != NULL ? xstrdup(login->pass) :
	    s->anonymous ? xstrdup("anonymous@") : NULL;
	s->acct = login->acct != NULL ? xstrdup(login->acct) : NULL;
	if (s->reply_timer == NULL) {
		s->reply_timer = ev_timer_new(s->loop, ctl_reply_timeout, s);
		s->keepalive = ev_timer_new(s->loop, cmds_keepalive, s);
		s->kick = ev_timer_new(s->loop, op_kick, s);
	}
	/* A connect goes before anything queued for the old connection. */
	session_set_state(s, FTP_ST_IDLE);
	return op_queue(s, op_new(OP_CONNECT, connect_start, cb, arg));
}

/* The reply to QUIT (or EOF, handled by the reader). */
static void
quit_reply(struct ftp_session *s, const struct ftp_reply *r)
{
	op_keep_reply(s->op, r);
	session_quit_done(s);
}

/* Start OP_QUIT. */
static void
quit_start(struct ftp_session *s, struct ftp_op *op)
{
	session_set_state(s, FTP_ST_QUITTING);
	op_send(s, quit_reply, false, "QUIT", NULL);
}

/* Say goodbye after the queued operations; the session can connect again. */
int
ftp_quit(struct ftp_session *s, ftp_done_cb cb, void *arg)
{
	return op_queue(s, op_new(OP_QUIT, quit_start, cb, arg));
}

