/*
 * cmd_trust.c: the screen's say over a login the engine refused, so that
 * nothing is trusted silently and nothing is refused without a choice:
 * a certificate that does not verify (self-signed, unknown CA, wrong
 * name, expired) is shown with its subject, issuer, validity, SHA-256
 * fingerprint and why, and the user answers once (trusted for this run,
 * not pinned), always (pinned for host:port, pins.c) or no; a password
 * about to go in clear under 'set tls auto' is sent once or not at all.
 * A yes connects again with that trust (the again of cmd_open_refused,
 * which open hands in: this file is below the connection commands); the refused
 * connection is gone by then, so nothing waits on the dialog. Batch has
 * no ask_trust: the engine's refusal stands, naming the option. A pinned
 * host showing another certificate is never asked about (tlsctl.c
 * refuses it loudly, as ssh does).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "base/sanitize.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "cmd/cmd_priv.h"

struct trust_ask {
	struct cmd_call	*c;
	void		(*again)(struct cmd_call *);	/* on a yes */
	bool		 cert;
	char		 fp[80];
	char		*error;		/* the refusal, if the answer is no */
};

/* "host:port" of the app's server. */
static char *
trust_key(const struct app *app)
{
	return xasprintf("%s:%s", app->host, app->port);
}

void
cmd_trust_apply(struct app *app, struct ftp_options *o)
{
	char *key;

	o->tls_once[0] = '\0';
	o->clear_ok = false;
	if (app->once_for == NULL || app->host == NULL || app->port == NULL)
		return;
	key = trust_key(app);
	if (strcmp(key, app->once_for) == 0) {
		str_lcpy(o->tls_once, app->tls_once, sizeof o->tls_once);
		o->clear_ok = app->clear_once;
	}
	free(key);
}

/* What the user accepted is for this server: forget another's. */
static void
trust_for(struct app *app)
{
	char *key = trust_key(app);

	if (app->once_for != NULL && strcmp(app->once_for, key) == 0) {
		free(key);
		return;
	}
	free(app->once_for);
	app->once_for = key;
	app->tls_once[0] = '\0';
	app->clear_once = false;
}

static void
trust_answer(struct app *app, int answer, void *arg)
{
	struct trust_ask *t = arg;
	struct cmd_call *c = t->c;
	void (*again)(struct cmd_call *);

	if (answer <= 0 || app->host == NULL || app->port == NULL) {
		cmd_fail(c, CMD_FAILED, "%s", t->error);
		free(t->error);
		free(t);
		return;
	}
	trust_for(app);
	if (!t->cert)
		app->clear_once = true;
	else if (answer == 2 && pins_add(app->host, app->port, t->fp) == 0)
		app_out(app, APP_INFO, _("The certificate %s of %s:%s is "
		    "pinned: from now on only it is accepted there."), t->fp,
		    app->host, app->port);
	else {
		if (answer == 2)
			app_out(app, APP_WARN, _("cannot pin the certificate "
			    "of %s: %s"), app->host, strerror(errno));
		str_lcpy(app->tls_once, t->fp, sizeof app->tls_once);
	}
	again = t->again;
	free(t->error);
	free(t);
	again(c);
}

/* Server data, one line, escaped, to the text. */
static void
add_clean(struct buf *b, const char *line, size_t len)
{
	san_append(b, line, len, 0);
	buf_append(b, "\n", 1);
}

/* The certificate dialog's text (display-safe). */
static char *
cert_text(const struct app *app, const char *fp, const char *cert)
{
	struct buf b;
	const char *p, *nl, *last = NULL, *hex;
	char *host = san_cstr(app->host), *head, *text;

	buf_init(&b, 16384);
	/* the engine's text: the certificate's lines, then why */
	for (p = cert; (nl = strchr(p, '\n')) != NULL; p = nl + 1)
		last = nl + 1;
	head = xasprintf(_("The certificate of %s:%s is not trusted: "),
	    host, app->port);
	buf_append_str(&b, head);
	free(head);
	add_clean(&b, last != NULL ? last : cert, strlen(last != NULL ? last :
	    cert));
	buf_append(&b, "\n", 1);
	for (p = cert; last != NULL && p < last; p = nl + 1) {
		nl = strchr(p, '\n');
		if (strstr(p, fp) != NULL && strstr(p, fp) < nl)
			continue;	/* shown below, in two halves */
		add_clean(&b, p, (size_t)(nl - p));
	}
	hex = strncmp(fp, "SHA256:", 7) == 0 ? fp + 7 : fp;
	head = xasprintf(_("SHA-256 fingerprint:\n  %.32s\n  %s\n\nConnect "
	    "trusting this certificate?"), hex, strlen(hex) > 32 ? hex + 32 :
	    "");
	buf_append_str(&b, head);
	free(head);
	free(host);
	text = xstrdup(buf_cstr(&b));
	buf_free(&b);
	return text;
}

bool
cmd_open_refused(struct cmd_call *c, const struct ftp_status *st,
    void (*again)(struct cmd_call *))
{
	struct app *app = c->app;
	struct trust_ask *t;
	enum ftp_refusal r;
	char fp[80], cert[4096], *text, *host, *user;

	r = ftp_session_refusal(app->ftp, fp, sizeof fp, cert, sizeof cert);
	if (r == FTP_REFUSED_NONE || app->hooks.ask_trust == NULL ||
	    app->batch || app->host == NULL || app->port == NULL || c->interrupted)
		return false;
	t = xcalloc(1, sizeof *t);
	t->c = c;
	t->again = again;
	t->cert = r == FTP_REFUSED_CERT;
	str_lcpy(t->fp, fp, sizeof t->fp);
	t->error = xstrdup(st->error != NULL ? st->error : _("failed"));
	if (t->cert) {
		text = cert_text(app, fp, cert);
		app->hooks.ask_trust(app, true, _("Untrusted certificate"),
		    text, trust_answer, t, app->hooks_arg);
	} else {
		host = san_cstr(app->host);
		user = san_cstr(app->user != NULL ? app->user : "");
		text = xasprintf(_("%s:%s does not take TLS: the password of "
		    "%s would go in clear text, readable by anyone on the "
		    "way.\n\nSend it in clear this time? ('set tls off' "
		    "stops this question)"), host, app->port, user);
		free(host);
		free(user);
		app->hooks.ask_trust(app, false, _("Password in clear"), text,
		    trust_answer, t, app->hooks_arg);
	}
	free(text);
	return true;
}
