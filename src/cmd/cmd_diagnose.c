/*
 * cmd_diagnose.c: diagnose, what works on the current server and why not.
 *
 * On the browsing session, one after another: a small LIST of the current
 * directory with each data mode forced through the session's options
 * (passive with EPSV first, passive with PASV only, active with EPRT then
 * PORT), the engine's data report (ftp_data_report) telling which command
 * got which reply and whether the data connection could be opened; then
 * MLSD, SIZE and MDTM on a file of the listing; AUTH TLS as this login
 * used it (else as FEAT offers it), UTF8, REST and MFMT as FEAT lists
 * them. Each step runs under short timeouts; one line per
 * step says the outcome in plain words and its likely cause (NAT, a
 * firewall, EPSV refused, the PASV address rewritten, active mode
 * blocked); the end gives the set lines that suit this server. The
 * session's options are put back however the command ends (Ctrl-C too:
 * priv_free).
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/log.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "cmd/cmd_priv.h"

/* Each step's own deadline, at most (the user's timeouts when shorter). */
#define DIAG_CONNECT_MS	5000
#define DIAG_REPLY_MS	10000

enum diag_step {
	DS_EPSV, DS_PASV, DS_ACTIVE, DS_MLSD, DS_SIZE, DS_MDTM, DS_END
};

struct diag {
	struct cmd_call		*c;
	struct ftp_options	 saved;
	enum diag_step		 step;
	bool			 epsv_ok, pasv_ok, active_ok;
	bool			 mlsd_ok, mlsd_failed;
	bool			 list_done;	/* the directory's line said */
	char			*file;		/* a file of the listing */
};

static void	diag_next(struct diag *);

static void
diag_free(void *p)
{
	struct diag *g = p;
	struct ftp_options *o = ftp_session_options(g->c->app->ftp);

	/* Put the options back, whatever ended the command. */
	o->data_mode = g->saved.data_mode;
	o->use_epsv = g->saved.use_epsv;
	o->use_mlsd = g->saved.use_mlsd;
	o->connect_ms = g->saved.connect_ms;
	o->data_connect_ms = g->saved.data_connect_ms;
	o->data_idle_ms = g->saved.data_idle_ms;
	o->final_reply_ms = g->saved.final_reply_ms;
	o->reply_ms = g->saved.reply_ms;
	free(g->file);
	free(g);
}

static int
diag_min(int a, int b)
{
	return a > 0 && a < b ? a : b;
}

/* One line of the report. */
static void
say(struct diag *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
say(struct diag *g, const char *fmt, ...)
{
	va_list ap;
	char *line;

	va_start(ap, fmt);
	if (vasprintf(&line, fmt, ap) == -1)
		line = NULL;
	va_end(ap);
	if (line != NULL) {
		app_out(g->c->app, APP_OUT, "%s", line);
		free(line);
	}
}

/* The error of a status, or a reply code's words. */
static const char *
why(const struct ftp_status *st)
{
	return st->error != NULL ? st->error : _("no answer");
}

/* The listing of the current directory: said once, from the first mode
   that brought it. */
static void
diag_listing(struct diag *g, struct ftp_status *st)
{
	struct ftp_listing *l = st->listing;
	size_t i, raw = 0;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++) {
		if (l->entries[i].type == FTP_ENT_RAW)
			raw++;
		else if (g->file == NULL &&
		    l->entries[i].type == FTP_ENT_FILE)
			g->file = xstrdup(l->entries[i].name);
	}
	if (!g->list_done) {
		g->list_done = true;
		if (raw == 0)
			say(g, ngettext("listing of %s: %zu entry, every line "
			    "understood.", "listing of %s: %zu entries, every "
			    "line understood.", l->n), app_rcwd(g->c->app),
			    l->n);
		else
			say(g, ngettext("listing of %s: %zu entry, %zu lines "
			    "not understood (shown as they came): an unusual "
			    "listing format.", "listing of %s: %zu entries, "
			    "%zu lines not understood (shown as they came): an "
			    "unusual listing format.", l->n),
			    app_rcwd(g->c->app), l->n, raw);
	}
	ftp_listing_free(l);
	free(l);
	st->listing = NULL;
}

/* EPSV, with PASV as the engine's fallback. */
static void
diag_epsv(struct diag *g, struct ftp_status *st)
{
	const struct ftp_data_report *r = ftp_data_report(g->c->app->ftp);

	if (r->epsv_code == 229 && !r->epsv_connect_failed && st->ok) {
		g->epsv_ok = true;
		say(g, "%s", _("EPSV (passive): works: the data connections go "
		    "to the server, the best mode through NAT and "
		    "firewalls."));
	} else if (r->epsv_code >= 500)
		say(g, _("EPSV (passive): refused by the server (%d): an "
		    "older server, or a firewall that does not let it "
		    "through; PASV is the way to go."), r->epsv_code);
	else if (r->epsv_connect_failed)
		say(g, _("EPSV (passive): the server gave a port but it "
		    "cannot be reached (%s): a firewall between here and the "
		    "server blocks its data ports."), r->connect_err);
	else if (r->epsv_code == 0)
		say(g, _("EPSV (passive): no answer (%s)."), why(st));
	else
		say(g, _("EPSV (passive): failed (%s)."), why(st));
}

/* PASV alone, and whether its address is the server's. */
static void
diag_pasv(struct diag *g, struct ftp_status *st)
{
	const struct ftp_data_report *r = ftp_data_report(g->c->app->ftp);
	char peer[64];

	ftp_session_peer(g->c->app->ftp, peer, sizeof peer);
	if (r->pasv_code == 227 && !r->pasv_connect_failed && st->ok) {
		g->pasv_ok = true;
		if (r->pasv_other)
			say(g, _("PASV (passive): works, but the reply names "
			    "the address %s, not the server's %s: the server "
			    "is behind NAT (or misconfigured); jangada "
			    "connects to the server's own address, which "
			    "works here."), r->pasv_addr, peer);
		else
			say(g, "%s", _("PASV (passive): works."));
	} else if (r->pasv_code >= 500)
		say(g, _("PASV (passive): refused by the server (%d): "
		    "passive mode is off on this server; use active mode."),
		    r->pasv_code);
	else if (r->pasv_connect_failed && r->pasv_other)
		say(g, _("PASV (passive): the data port cannot be reached "
		    "(%s), and the reply names the address %s, not the "
		    "server's %s: the server is behind NAT with its passive "
		    "address rewritten, or a firewall blocks its passive "
		    "ports."), r->connect_err, r->pasv_addr, peer);
	else if (r->pasv_connect_failed)
		say(g, _("PASV (passive): the server gave a port but it "
		    "cannot be reached (%s): a firewall between here and the "
		    "server blocks its passive ports."), r->connect_err);
	else if (r->pasv_code == 0)
		say(g, _("PASV (passive): no answer (%s)."), why(st));
	else
		say(g, _("PASV (passive): failed (%s)."), why(st));
}

/* Active: EPRT, then PORT when EPRT is refused. */
static void
diag_active(struct diag *g, struct ftp_status *st)
{
	const struct ftp_data_report *r = ftp_data_report(g->c->app->ftp);
	int refused = r->port_code != 0 ? r->port_code : r->eprt_code;

	if (st->ok && r->connected) {
		g->active_ok = true;
		if (r->eprt_code >= 200 && r->eprt_code < 300)
			say(g, "%s", _("EPRT (active): works: the server "
			    "connects back to this machine."));
		else
			say(g, _("EPRT (active): refused by the server (%d); "
			    "PORT works: the server connects back to this "
			    "machine."), r->eprt_code);
	} else if (refused >= 500)
		say(g, _("EPRT and PORT (active): refused by the server (%d): "
		    "it does not allow active mode (common, for safety); use "
		    "passive mode."), refused);
	else if ((r->eprt_code >= 200 && r->eprt_code < 300) ||
	    (r->port_code >= 200 && r->port_code < 300))
		say(g, _("EPRT and PORT (active): the server accepted the "
		    "address but could not connect back (%s): a firewall or "
		    "NAT on this side blocks incoming connections; use "
		    "passive mode."), why(st));
	else
		say(g, _("EPRT and PORT (active): failed (%s)."), why(st));
}

/* A step's operation ended. */
static void
diag_done(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	struct diag *g = arg;
	char human[32];
	size_t n;

	if (st->interrupted || g->c->interrupted)
		return;		/* cmd_cancel ends the call */
	switch (g->step) {
	case DS_EPSV:
		diag_epsv(g, st);
		break;
	case DS_PASV:
		diag_pasv(g, st);
		break;
	case DS_ACTIVE:
		diag_active(g, st);
		break;
	case DS_MLSD:
		if (st->ok) {
			g->mlsd_ok = true;
			n = st->listing != NULL ? st->listing->n : 0;
			say(g, ngettext("MLSD: works (%zu entry): listings "
			    "exact to the byte and the second, in any "
			    "language.", "MLSD: works (%zu entries): listings "
			    "exact to the byte and the second, in any "
			    "language.", n), n);
		} else {
			g->mlsd_failed = true;
			say(g, _("MLSD: offered but failed (%s): turn it off "
			    "for this server."), why(st));
		}
		break;
	case DS_SIZE:
		if (st->ok)
			say(g, _("SIZE: works (%s: %s): transfers know their "
			    "size and show how much is left."), g->file,
			    str_human_size(human, sizeof human, st->size));
		else
			say(g, _("SIZE: failed on %s (%s): transfers show no "
			    "total."), g->file, why(st));
		break;
	case DS_MDTM:
		if (st->ok)
			say(g, _("MDTM: works (%s): downloads can keep the "
			    "server's dates."), g->file);
		else
			say(g, _("MDTM: failed on %s (%s): downloads get "
			    "today's date."), g->file, why(st));
		break;
	case DS_END:
		break;
	}
	diag_listing(g, st);
	g->step++;
	diag_next(g);
}

/* A LIST of the current directory in the mode the options force. */
static void
diag_list(struct diag *g, enum ftp_data_mode mode, bool epsv)
{
	struct ftp_session *s = g->c->app->ftp;
	struct ftp_options *o = ftp_session_options(s);

	o->data_mode = mode;
	o->use_epsv = epsv;
	ftp_data_report_reset(s);
	ftp_list(s, app_rcwd(g->c->app), FTP_LIST_LIST, false, diag_done, g);
}

/* AUTH TLS: what this login did with it, else what FEAT offers. */
static void
diag_tls(struct diag *g)
{
	struct ftp_session *s = g->c->app->ftp;
	const char *tls = ftp_session_tls(s);
	int code = ftp_session_auth_code(s);

	if (tls != NULL)
		say(g, _("AUTH TLS: works: the control connection is "
		    "encrypted (%s), the password went under TLS; data "
		    "connections too unless 'set tls-data off'."), tls);
	else if (code != 0)
		say(g, _("AUTH TLS: refused (%d): the password and the files "
		    "travel in clear; on an untrusted network use another "
		    "server or a VPN."), code);
	else if (ftp_session_features(s)->auth_tls)
		say(g, "%s", _("AUTH TLS: offered, not used by this login "
		    "(anonymous, or 'set tls off'): 'set tls require' "
		    "encrypts it."));
	else
		say(g, "%s", _("AUTH TLS: not offered: the password and the "
		    "files travel in clear (plain FTP)."));
}

/* The lines that need no command: what FEAT says. */
static void
diag_features(struct diag *g)
{
	const struct ftp_features *f = ftp_session_features(g->c->app->ftp);

	diag_tls(g);
	if (f->utf8)
		say(g, "%s", _("UTF8: offered: names with accents travel as "
		    "UTF-8."));
	else
		say(g, "%s", _("UTF8: not offered: names may be in another "
		    "character set (accents may show escaped)."));
	if (f->rest_stream)
		say(g, "%s", _("REST: offered: an interrupted download "
		    "resumes where it stopped."));
	else
		say(g, "%s", _("REST: not offered: an interrupted download "
		    "starts again from zero."));
	if (f->mfmt)
		say(g, "%s", _("MFMT: offered: uploads can keep their "
		    "dates."));
	else
		say(g, "%s", _("MFMT: not offered: uploaded files get the "
		    "server's current time."));
}

/* The end: the settings that work best here. */
static void
diag_end(struct diag *g)
{
	diag_features(g);
	say(g, "%s", _("Best settings for this server:"));
	if (g->epsv_ok)
		say(g, "  set passive on");
	else if (g->pasv_ok)
		say(g, "  set passive on");
	else if (g->active_ok)
		say(g, "  set passive off");
	if (g->epsv_ok)
		say(g, "  set epsv on");
	else if (g->pasv_ok)
		say(g, "  set epsv off");
	if (g->mlsd_ok)
		say(g, "  set mlsd on");
	else if (g->mlsd_failed)
		say(g, "  set mlsd off");
	if (!g->epsv_ok && !g->pasv_ok && !g->active_ok) {
		say(g, "%s", _("No data connection works: ask the server's "
		    "administrator, or check the firewall on this side."));
		cmd_finish(g->c, CMD_FAILED);
		return;
	}
	cmd_finish(g->c, CMD_OK);
}

/* Run the next step (skipping those that cannot run here). */
static void
diag_next(struct diag *g)
{
	struct ftp_session *s = g->c->app->ftp;
	const struct ftp_features *f = ftp_session_features(s);
	struct ftp_options *o = ftp_session_options(s);

	if (!ftp_session_connected(s)) {
		cmd_fail(g->c, CMD_FAILED, "%s", _("the connection was lost"));
		return;
	}
	for (;;) {
		switch (g->step) {
		case DS_EPSV:
			diag_list(g, FTP_DATA_PASSIVE, true);
			return;
		case DS_PASV:
			diag_list(g, FTP_DATA_PASSIVE, false);
			return;
		case DS_ACTIVE:
			diag_list(g, FTP_DATA_ACTIVE, false);
			return;
		case DS_MLSD:
			if (!f->mlsd) {
				say(g, "%s", _("MLSD: not offered: listings use "
				    "LIST, whose format is guessed."));
				break;
			}
			/* In the best mode found so far. */
			o->data_mode = g->epsv_ok || g->pasv_ok ?
			    FTP_DATA_PASSIVE : g->active_ok ? FTP_DATA_ACTIVE :
			    g->saved.data_mode;
			o->use_epsv = g->epsv_ok;
			if (!g->epsv_ok && !g->pasv_ok && !g->active_ok) {
				say(g, "%s", _("MLSD: not tried: no data "
				    "connection works."));
				break;
			}
			ftp_list(s, app_rcwd(g->c->app), FTP_LIST_MLSD, false,
			    diag_done, g);
			return;
		case DS_SIZE:
		case DS_MDTM:
			if (g->file == NULL) {
				say(g, g->step == DS_SIZE ?
				    _("SIZE: %s (no file here to try it on).") :
				    _("MDTM: %s (no file here to try it on)."),
				    (g->step == DS_SIZE ? f->size : f->mdtm) ?
				    _("offered") : _("not offered"));
				break;
			}
			if (g->step == DS_SIZE)
				ftp_size(s, g->file, diag_done, g);
			else
				ftp_mdtm(s, g->file, diag_done, g);
			return;
		case DS_END:
			diag_end(g);
			return;
		}
		g->step++;
	}
}

/* diagnose HOST: the open before it. */
struct diag_open {
	cmd_done_cb	 done;
	void		*done_arg;
};

/*
 * The open of "diagnose HOST" ended (its call is about to be freed): on
 * success, run a bare diagnose on the new connection, which reports to
 * the first call's caller; else report the failure to it.
 */
static void
diag_opened(struct cmd_call *c, int status, void *arg)
{
	struct diag_open *d = arg;
	cmd_done_cb done = d->done;
	void *done_arg = d->done_arg;
	char **argv;

	free(d);
	if (status != CMD_OK || !ftp_session_connected(c->app->ftp)) {
		if (done != NULL)
			done(c, status != CMD_OK ? status : CMD_FAILED,
			    done_arg);
		return;
	}
	/* diagnose again, on the server now open (as the line would) */
	log_info("command: %s", "diagnose");
	argv = xcalloc(2, sizeof *argv);
	argv[0] = xstrdup("diagnose");
	cmd_call_run(cmd_call_new(c->app, c->desc, argv, 1, done, done_arg));
}

/*
 * diagnose [open's arguments]: what works on this server; with a host,
 * open it first (as open does: anonymous unless a user is given) and
 * stay connected to it afterwards.
 */
int
cmd_diagnose(struct cmd_call *c)
{
	struct app *app = c->app;
	struct ftp_options *o = ftp_session_options(app->ftp);
	struct diag *g;
	struct diag_open *d;
	const char *sys = ftp_session_system(app->ftp);
	char peer[64];

	if (c->argc > 1) {
		d = xcalloc(1, sizeof *d);
		d->done = c->done;
		d->done_arg = c->done_arg;
		c->done = diag_opened;
		c->done_arg = d;
		return cmd_open(c);
	}
	if (!ftp_session_connected(app->ftp)) {
		cmd_fail(c, CMD_FAILED, "%s", _("not connected (use open, or "
		    "give diagnose a host)"));
		return 0;
	}
	g = xcalloc(1, sizeof *g);

	g->c = c;
	g->saved = *o;
	c->priv = g;
	c->priv_free = diag_free;
	o->data_connect_ms = diag_min(o->data_connect_ms, DIAG_CONNECT_MS);
	o->data_idle_ms = diag_min(o->data_idle_ms, DIAG_REPLY_MS);
	o->final_reply_ms = diag_min(o->final_reply_ms, DIAG_REPLY_MS);
	o->reply_ms = diag_min(o->reply_ms, DIAG_REPLY_MS);
	ftp_session_peer(app->ftp, peer, sizeof peer);
	say(g, _("diagnose: %s (address %s, system %s)"),
	    ftp_session_host(app->ftp), peer,
	    sys != NULL ? sys : _("unknown"));
	diag_next(g);
	return 0;
}
