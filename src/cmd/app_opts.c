/*
 * app_opts.c: the options of set and show, one table: a name, a kind
 * (number, seconds, size, switch, text, or one of a few words), where the
 * value lives in struct app_opts, its bounds and its one-line help; set,
 * show, completion and help all read it, and app_opts_apply hands the
 * values to the browsing session and the queue.
 */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "base/limits.h"
#include "base/log.h"
#include "base/sanitize.h"
#include "base/secret.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "cmd/app.h"
#include "ftp/explain.h"
#include "cmd/cmd.h"
#include "cmd/cmd_priv.h"
#include "cmd/verify.h"
#include "ev/loop.h"


enum opt_kind {
	OK_INT,		/* a number between min and max */
	OK_BOOL,	/* on/off */
	OK_SIZE,	/* a size with K/M/G, 0 none */
	OK_WORD,	/* one of words[] */
	OK_FILE,	/* a path (char[512]); "none" clears it */
	OK_FP,		/* a SHA-256 fingerprint (char[80]); "none" clears */
	OK_CHARSET,	/* one of words[] or any iconv name (char[32]) */
	OK_COLS		/* the panes' columns (unsigned, APP_COL_*) */
};

struct opt {
	const char	*name;
	enum opt_kind	 kind;
	size_t		 off;
	int		 min, max;
	const char	*words[6];
	const char	*help;
};

#define O(f)	offsetof(struct app_opts, f)

static const struct opt opts[] = {
	{ "arrow-nav", OK_BOOL, O(arrow_nav), 0, 0, { NULL },
	  N_("the screen: Right enters a directory, Left goes up") },
	{ "autolist", OK_BOOL, O(autolist), 0, 0, { NULL },
	  N_("list the remote directory after cd") },
	{ "charset", OK_CHARSET, O(charset), 0, 0,
	  { "auto", "utf-8", "cp1252", "latin1", "latin9", NULL },
	  N_("the server's names: auto, utf-8, cp1252, latin1, latin9 or "
	  "any iconv name") },
	{ "columns", OK_COLS, O(columns), 0, 0, { NULL },
	  N_("the file panes' columns: name,size,time,perm,owner, time-exact "
	  "(seconds), +perm,-size to add and take away") },
	{ "connect-timeout", OK_INT, O(connect_timeout), 1, 3600, { NULL },
	  N_("seconds to wait for a connection") },
	{ "debug", OK_BOOL, O(debug), 0, 0, { NULL },
	  N_("show the protocol transcript") },
	{ "epsv", OK_BOOL, O(epsv), 0, 0, { NULL },
	  N_("try EPSV before PASV") },
	{ "explain", OK_BOOL, O(explain), 0, 0, { NULL },
	  N_("explain each command and reply of the transcript") },
	{ "fail-exit", OK_BOOL, O(fail_exit), 0, 0, { NULL },
	  N_("batch mode: stop at the first failed command") },
	{ "keep-time", OK_BOOL, O(keep_time), 0, 0, { NULL },
	  N_("give transferred files the remote time") },
	{ "keepalive", OK_INT, O(keepalive), 0, 3600, { NULL },
	  N_("seconds between NOOPs while idle (0: never)") },
	{ "max-dirs", OK_INT, O(max_dirs), 1, 100000000, { NULL },
	  N_("directories a recursive download may make, in all") },
	{ "max-entries", OK_INT, O(max_entries), 1, 1000000000, { NULL },
	  N_("files and directories a recursive download may take, in all") },
	{ "mlsd", OK_BOOL, O(mlsd), 0, 0, { NULL },
	  N_("use MLSD for listings when the server offers it") },
	{ "mouse", OK_BOOL, O(mouse), 0, 0, { NULL },
	  N_("the screen takes the mouse: click, double click, wheel, right "
	  "click marks") },
	{ "overwrite", OK_WORD, O(overwrite), 0, 0,
	  { "ask", "skip", "rename", "overwrite", "resume", NULL },
	  N_("when a target exists: ask, skip, rename, overwrite, resume") },
	{ "parallel", OK_INT, O(parallel), 1, 10, { NULL },
	  N_("transfers at once, each on its own connection") },
	{ "passive", OK_BOOL, O(passive), 0, 0, { NULL },
	  N_("passive data connections (off: active)") },
	{ "progress", OK_BOOL, O(progress), 0, 0, { NULL },
	  N_("batch mode: a progress meter on a terminal") },
	{ "rate-limit", OK_SIZE, O(rate_limit), 0, 0, { NULL },
	  N_("bytes per second for all transfers (500K, 2M; 0: none)") },
	{ "reconnect", OK_INT, O(reconnect), 0, 10, { NULL },
	  N_("times the browsing session reconnects after a drop (0: never)") },
	{ "retries", OK_INT, O(retries), 0, 100, { NULL },
	  N_("times a failed transfer is tried again") },
	{ "segment-min", OK_SIZE, O(segment_min), 0, 0, { NULL },
	  N_("pget: files under this size use one connection (16M)") },
	{ "segments", OK_INT, O(segments), 1, 16, { NULL },
	  N_("pget: connections for one file") },
	{ "symlinks", OK_WORD, O(symlinks), 0, 0,
	  { "skip", "follow", "keep", NULL },
	  N_("get -r: symbolic links followed, skipped, or kept as links") },
	{ "sync-browse", OK_BOOL, O(sync_browse), 0, 0, { NULL },
	  N_("the screen: a cd on one side follows on the other "
	  "(synchronized browsing)") },
	{ "timeout", OK_INT, O(timeout), 1, 3600, { NULL },
	  N_("seconds to wait for a reply or for data") },
	{ "tls", OK_WORD, O(tls), 0, 0, { "off", "auto", "require", NULL },
	  N_("TLS (FTPS): off, auto (a login with a password), require") },
	{ "tls-ca-file", OK_FILE, O(tls_ca_file), 0, 0, { NULL },
	  N_("PEM file of CAs trusted besides the system's") },
	{ "tls-data", OK_BOOL, O(tls_data), 0, 0, { NULL },
	  N_("under TLS, protect the data connections too (PROT P)") },
	{ "tls-trust", OK_FP, O(tls_trust), 0, 0, { NULL },
	  N_("trust the certificate with this SHA256: fingerprint") },
	{ "type", OK_WORD, O(type), 0, 0,
	  { "binary", "ascii", "auto", NULL },
	  N_("transfer type: binary, ascii, auto (text by name)") },
	{ "udp-wait", OK_INT, O(udp_wait), 0, 60, { NULL },
	  N_("seconds udp send waits for replies (0: none)") },
	{ "verify", OK_WORD, O(verify), 0, 0, { "off", "auto", NULL },
	  N_("check downloads against the SHA256SUMS, MD5SUMS ... beside "
	  "them: auto, off") },
	{ "view-limit", OK_INT, O(view_kib), 1, 16384, { NULL },
	  N_("KiB that cat and view show") },
};

#define NOPTS (sizeof opts / sizeof opts[0])

/* Option names, NULL-ended. */
const char *const *
app_opt_names(void)
{
	static const char *names[NOPTS + 1];
	size_t i;

	if (names[0] == NULL)
		for (i = 0; i < NOPTS; i++)
			names[i] = opts[i].name;
	return names;
}

/* The values Tab offers for option name (NULL-ended), or NULL. */
const char *const *
app_opt_words(const char *name)
{
	static const char *const onoff[] = { "on", "off", NULL };
	size_t i;

	for (i = 0; i < NOPTS; i++)
		if (strcmp(opts[i].name, name) == 0)
			return opts[i].kind == OK_COLS ? app_cols_words() :
			    opts[i].kind == OK_BOOL ? onoff :
			    opts[i].kind == OK_WORD ||
			    opts[i].kind == OK_CHARSET ? opts[i].words : NULL;
	return NULL;
}

/* Find an option by name or unique prefix. */
static const struct opt *
opt_find(const char *name, char *err, size_t errlen)
{
	const struct opt *found = NULL;
	size_t i, n = strlen(name);

	for (i = 0; i < NOPTS; i++) {
		if (strcmp(opts[i].name, name) == 0)
			return &opts[i];
		if (strncmp(opts[i].name, name, n) == 0) {
			if (found != NULL) {
				snprintf(err, errlen, _("ambiguous option: "
				    "%s"), name);
				return NULL;
			}
			found = &opts[i];
		}
	}
	if (found == NULL)
		snprintf(err, errlen, _("no such option: %s (try 'show')"),
		    name);
	return found;
}

/*
 * set charset VALUE: one of the words (kept as given, lower case), or any
 * name this system's iconv converts both ways (kept as given).
 */
static int
opt_charset(const struct opt *o, const char *value, char *p, char *err,
    size_t errlen)
{
	int i;

	for (i = 0; o->words[i] != NULL; i++)
		if (strcasecmp(o->words[i], value) == 0 ||
		    (i == 1 && strcasecmp(value, "utf8") == 0)) {
			str_lcpy(p, o->words[i], sizeof ((struct app_opts *)0)->charset);
			return 0;
		}
	if (strlen(value) >= sizeof ((struct app_opts *)0)->charset ||
	    value[strspn(value, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
	    "qrstuvwxyz0123456789-_.:/")] != '\0' ||
	    !ftp_charset_known(value)) {
		snprintf(err, errlen, _("%s: this system cannot convert that "
		    "character set; give auto, utf-8, cp1252, latin1, latin9 "
		    "or a name that 'iconv -l' lists"), o->name);
		return -1;
	}
	str_lcpy(p, value, sizeof ((struct app_opts *)0)->charset);
	return 0;
}

/* A bookmark's charset= and tls=, checked (see app.h). */
int
app_site_parse(const char *charset, const char *tls, char *cs, int *tlsv,
    char *err, size_t errlen)
{
	const struct opt *o;
	int i;

	cs[0] = '\0';
	*tlsv = -1;
	if (charset != NULL && ((o = opt_find("charset", err, errlen)) ==
	    NULL || opt_charset(o, charset, cs, err, errlen) == -1))
		return -1;
	if (tls == NULL)
		return 0;
	if ((o = opt_find("tls", err, errlen)) == NULL)
		return -1;
	for (i = 0; o->words[i] != NULL; i++)
		if (strcasecmp(o->words[i], tls) == 0) {
			*tlsv = i;
			return 0;
		}
	snprintf(err, errlen, _("%s: give one of: %s, %s, %s"), "tls",
	    o->words[0], o->words[1], o->words[2]);
	return -1;
}

/* set NAME VALUE. */
int
app_opt_set(struct app *app, const char *name, const char *value,
    char *err, size_t errlen)
{
	const struct opt *o;
	char *p;
	uint64_t v;
	int i;

	if ((o = opt_find(name, err, errlen)) == NULL)
		return -1;
	/* the user's set wins over the opened bookmark's setting */
	if (strcmp(o->name, "charset") == 0)
		app->site_charset[0] = '\0';
	else if (strcmp(o->name, "tls") == 0)
		app->site_tls = -1;
	p = (char *)&app->opts + o->off;
	switch (o->kind) {
	case OK_INT:
		if (str_to_u64(value, &v) == -1 || v < (uint64_t)o->min ||
		    v > (uint64_t)o->max) {
			snprintf(err, errlen, _("%s: give a number from %d to "
			    "%d"), o->name, o->min, o->max);
			return -1;
		}
		*(int *)p = (int)v;
		break;
	case OK_BOOL:
		if (strcasecmp(value, "on") == 0 || strcmp(value, "1") == 0 ||
		    strcasecmp(value, "yes") == 0 ||
		    strcasecmp(value, "true") == 0)
			*(bool *)p = true;
		else if (strcasecmp(value, "off") == 0 ||
		    strcmp(value, "0") == 0 || strcasecmp(value, "no") == 0 ||
		    strcasecmp(value, "false") == 0)
			*(bool *)p = false;
		else {
			snprintf(err, errlen, _("%s: give on or off"),
			    o->name);
			return -1;
		}
		break;
	case OK_SIZE:
		if (app_parse_size(value, &v) == -1) {
			snprintf(err, errlen, _("%s: give a size such as 500K "
			    "or 2M"), o->name);
			return -1;
		}
		*(uint64_t *)p = v;
		break;
	case OK_WORD:
		for (i = 0; o->words[i] != NULL; i++)
			if (strcasecmp(o->words[i], value) == 0)
				break;
		if (o->words[i] == NULL) {
			snprintf(err, errlen, _("%s: give one of: %s%s%s%s%s"
			    "%s%s%s%s"), o->name, o->words[0],
			    o->words[1] ? ", " : "", o->words[1] ? o->words[1] :
			    "", o->words[2] ? ", " : "", o->words[2] ?
			    o->words[2] : "", o->words[3] ? ", " : "",
			    o->words[3] ? o->words[3] : "", o->words[4] ?
			    ", " : "", o->words[4] ? o->words[4] : "");
			return -1;
		}
		*(int *)p = i;
		break;
	case OK_CHARSET:
		if (opt_charset(o, value, p, err, errlen) == -1)
			return -1;
		break;
	case OK_COLS:
		if (app_cols_parse(value, (unsigned *)p, err, errlen) == -1)
			return -1;
		break;
	case OK_FILE:
	case OK_FP:
		if (app_opt_text(o->name, o->kind == OK_FP, value, p,
		    o->kind == OK_FP ? sizeof app->opts.tls_trust :
		    sizeof app->opts.tls_ca_file, err, errlen) == -1)
			return -1;
		break;
	}
	app_opts_apply(app);
	app_changed(app, APP_CH_OPTS);
	return 0;
}

/* One option's value as text. */
static void
opt_value(struct app *app, const struct opt *o, char *out, size_t n)
{
	const char *p = (const char *)&app->opts + o->off;
	uint64_t v;

	switch (o->kind) {
	case OK_INT:
		snprintf(out, n, "%d", *(const int *)p);
		break;
	case OK_BOOL:
		snprintf(out, n, "%s", *(const bool *)p ? "on" : "off");
		break;
	case OK_SIZE:
		v = *(const uint64_t *)p;
		if (v != 0 && v % (1024 * 1024) == 0)
			snprintf(out, n, "%lluM", (unsigned long long)(v >>
			    20));
		else if (v != 0 && v % 1024 == 0)
			snprintf(out, n, "%lluK", (unsigned long long)(v >>
			    10));
		else
			snprintf(out, n, "%llu", (unsigned long long)v);
		break;
	case OK_WORD:
		snprintf(out, n, "%s", o->words[*(const int *)p]);
		break;
	case OK_CHARSET:
		snprintf(out, n, "%s", *p != '\0' ? p : "auto");
		break;
	case OK_COLS:
		app_cols_format(*(const unsigned *)p, out, n);
		break;
	case OK_FILE:
	case OK_FP:
		snprintf(out, n, "%s", *p != '\0' ? p : "none");
		break;
	}
}

/* show [NAME]: "name value  # help" lines. */
int
app_opt_show(struct app *app, const char *name, char *out, size_t outlen)
{
	const struct opt *o;
	char val[600], line[800];
	size_t i;

	out[0] = '\0';
	if (name != NULL) {
		if ((o = opt_find(name, out, outlen)) == NULL)
			return -1;
		opt_value(app, o, val, sizeof val);
		snprintf(out, outlen, "%s %s", o->name, val);
		return 0;
	}
	for (i = 0; i < NOPTS; i++) {
		opt_value(app, &opts[i], val, sizeof val);
		snprintf(line, sizeof line, "%-16s %-10s # %s\n", opts[i].name,
		    val, _(opts[i].help));
		str_lcat(out, line, outlen);
	}
	return 0;
}

/*
 * Push the options into the browsing session and every connection of the
 * queue (they apply from each connection's next command).
 */
void
app_opts_apply(struct app *app)
{
	struct ftp_options *o = ftp_session_options(app->ftp);
	int keepalive = o->keepalive_ms;
	const char *cs;

	o->connect_ms = app->opts.connect_timeout * 1000;
	o->reply_ms = app->opts.timeout * 1000;
	o->data_connect_ms = app->opts.timeout * 1000;
	o->data_idle_ms = app->opts.timeout * 1000;
	o->keepalive_ms = app->opts.keepalive * 1000;
	o->data_mode = app->opts.passive ? FTP_DATA_PASSIVE :
	    FTP_DATA_ACTIVE;
	o->use_epsv = app->opts.epsv;
	o->use_mlsd = app->opts.mlsd;
	/* an opened bookmark's charset= and tls= win over the options */
	cs = app->site_charset[0] != '\0' ? app->site_charset :
	    app->opts.charset;
	snprintf(o->charset, sizeof o->charset, "%s",
	    strcasecmp(cs, "cp1252") == 0 ? "CP1252" :
	    strcasecmp(cs, "latin1") == 0 ? "ISO-8859-1" :
	    strcasecmp(cs, "latin9") == 0 ? "ISO-8859-15" :
	    cs[0] != '\0' ? cs : "auto");
	/* ftpes:// requires TLS whatever the option says. */
	o->tls = app->tls_url == 'e' ? FTP_TLS_REQUIRE :
	    (enum ftp_tls)(app->site_tls >= 0 ? app->site_tls :
	    app->opts.tls);
	o->tls_data = app->opts.tls_data;
	str_lcpy(o->tls_ca_file, app->opts.tls_ca_file, sizeof o->tls_ca_file);
	str_lcpy(o->tls_trust, app->opts.tls_trust, sizeof o->tls_trust);
	cmd_trust_apply(app, o);
	if (app->host == NULL || app->port == NULL ||
	    pins_lookup(app->host, app->port, o->tls_pin,
	    sizeof o->tls_pin) == -1)
		o->tls_pin[0] = '\0';
	/* A new keepalive interval starts now: a NOOP re-arms the timer. */
	if (keepalive != o->keepalive_ms && o->keepalive_ms > 0 &&
	    ftp_session_connected(app->ftp) && !ftp_session_busy(app->ftp))
		(void)ftp_noop(app->ftp, NULL, NULL);
	/* Every connection of the queue too, idle or not. */
	xq_set_options(app->queue, o);
	xq_set_parallel(app->queue, app->opts.parallel);
	xq_set_retries(app->queue, app->opts.retries);
	xq_set_verify(app->queue, app->opts.verify != 0);
	xq_set_tree_limits(app->queue, (unsigned)app->opts.max_dirs,
	    (unsigned)app->opts.max_entries);
	xq_set_rate_limit(app->queue, app->opts.rate_limit);
}
