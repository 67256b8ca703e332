/*
 * ftpdrive: drive the FTP engine from a script, for the engine's tests.
 *
 * Reads one operation per line (stdin, or -e 'op; op; ...'), runs each on
 * one session through the event loop, and prints one result line per
 * operation on stdout: "ok OP ..." or "fail OP CODE: message". Listings
 * print one "entry TYPE SIZE NAME" line per entry. It keeps going after a
 * failure (fault tests run several operations) and exits 1 if any failed.
 *
 *   open HOST PORT [USER [PASS [ACCT]]]   quit          close
 *   opens HOST PORT ...  (the same with implicit TLS)
 *   cwd P | cdup | pwd | mkdir P | rmdir P | delete P | rename A B
 *   size P | mdtm P | mfmt P EPOCH | site ARGS | stat [P] | quote LINE
 *   type a|i | noop
 *   list [P] | mlsd [P] | nlst [P] | ls [P] (MLSD if offered, else LIST)
 *   get REMOTE DIR NAME [ascii] [resume] [overwrite] [mtime]
 *   getfd REMOTE FILE [ascii]        (to an fd: truncates FILE)
 *   cat REMOTE LIMIT                 (into memory, printed sanitized)
 *   put FILE REMOTE [ascii] [append] [rest=N]
 *   set passive|active | set epsv on|off | set mlsd on|off | set rate B/S
 *   set tls off|auto|require | set tls-data on|off
 *   set tls-ca-file FILE | set tls-trust SHA256:HEX
 *   set clear-ok on|off (tls auto: a password may go in clear)
 *   set timeout NAME MS  (connect reply data-connect data-idle final)
 *   cancel-after N       (the next transfer is cancelled after N bytes)
 *   sleep MS
 *
 * In words, \s is a space, \r \n \t and \xHH are those bytes, \\ a
 * backslash (so tests can pass CR/LF and 0xFF to the engine).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/log.h"
#include "base/sanitize.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "ev/loop.h"
#include "ftp/session.h"

static struct ev_loop *loop;
static struct ftp_session *sess;
static int pending, failures;
static long long cancel_after = -1;
static struct buf catbuf;
static char curop[64];
static int curfd = -1;

/* Decode the escapes of a word in place. */
static void
unescape(char *w)
{
	char *o = w;
	unsigned v;

	for (; *w != '\0'; w++) {
		if (*w != '\\' || w[1] == '\0') {
			*o++ = *w;
			continue;
		}
		switch (*++w) {
		case 's':
			*o++ = ' ';
			break;
		case 'r':
			*o++ = '\r';
			break;
		case 'n':
			*o++ = '\n';
			break;
		case 't':
			*o++ = '\t';
			break;
		case 'x':
			if (sscanf(w + 1, "%2x", &v) == 1 && v != 0) {
				*o++ = (char)v;
				w += 2;
			}
			break;
		default:
			*o++ = *w;
		}
	}
	*o = '\0';
}

static void
print_status(const char *op, struct ftp_status *st)
{
	if (st->ok)
		printf("ok %s", op);
	else {
		printf("fail %s %d: %s\n", op, st->code,
		    st->error ? st->error : "?");
		failures++;
		return;
	}
	if (st->path != NULL)
		printf(" path=%s", st->path);
	if (strcmp(op, "size") == 0)
		printf(" size=%llu", (unsigned long long)st->size);
	if (strcmp(op, "mdtm") == 0)
		printf(" mtime=%lld", (long long)st->mtime);
	if (st->bytes || st->offset)
		printf(" bytes=%llu offset=%llu",
		    (unsigned long long)st->bytes,
		    (unsigned long long)st->offset);
	if (st->reply != NULL)
		printf(" code=%d", st->reply->code);
	printf("\n");
}

static void
done(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	const char *op = arg;
	size_t i;

	print_status(op, st);
	if (st->ok && st->listing != NULL) {
		static const char *types = "fdlor";

		for (i = 0; i < st->listing->n; i++) {
			struct ftp_entry *e = &st->listing->entries[i];
			char *name = san_str(e->name, e->namelen, 0);

			printf("entry %c %llu %s%s%s\n", types[e->type],
			    (unsigned long long)e->size, name,
			    e->target ? " -> " : "", e->target ? e->target :
			    "");
			free(name);
		}
	}
	if (strcmp(op, "cat") == 0 && st->ok) {
		char *t = san_str(buf_data(&catbuf), buf_len(&catbuf),
		    SAN_KEEP_NL);

		printf("%s\n.\n", t);
		free(t);
	}
	if (curfd != -1) {
		close(curfd);
		curfd = -1;
	}
	fflush(stdout);
	pending--;
}

/* ftp_cancel is not called from inside the progress callback: a timer. */
static void
cancel_fire(struct ev_timer *t, void *arg)
{
	ftp_cancel(arg);
}

static struct ev_timer *cancel_timer;

static void
on_progress(struct ftp_session *s, uint64_t d, uint64_t total, void *arg)
{
	struct ev_timer *t = cancel_timer;

	if (cancel_after >= 0 && d >= (uint64_t)cancel_after) {
		cancel_after = -1;
		if (t == NULL)
			t = cancel_timer = ev_timer_new(loop, cancel_fire, s);
		ev_timer_start(t, 0);
	}
}

static void
on_warning(struct ftp_session *s, const char *msg, void *arg)
{
	printf("warning %s\n", msg);
}

static void
on_transcript(struct ftp_session *s, bool sent, const char *line, void *a)
{
	char *t = san_cstr(line);

	fprintf(stderr, "%s %s\n", sent ? ">" : "<", t);
	free(t);
}

static void
on_closed(struct ftp_session *s, const char *err, void *arg)
{
	printf("closed %s\n", err ? err : "(quit)");
}

static void
wait_pending(void)
{
	while (pending > 0)
		ev_run_once(loop, 1000);
}

static int
has(char **av, int ac, const char *w)
{
	int i;

	for (i = 0; i < ac; i++)
		if (strcmp(av[i], w) == 0)
			return 1;
	return 0;
}

static int
run_op(char *line)
{
	char *av[16], *p, *save = NULL;
	int ac = 0, rc = 0;
	struct ftp_options *o = ftp_session_options(sess);
	struct ftp_xfer x;

	for (p = strtok_r(line, " \t", &save); p != NULL && ac < 15;
	    p = strtok_r(NULL, " \t", &save))
		av[ac++] = p;
	av[ac] = NULL;
	if (ac == 0 || av[0][0] == '#')
		return 0;
	for (int i = 1; i < ac; i++)
		unescape(av[i]);
	str_lcpy(curop, av[0], sizeof curop);
	memset(&x, 0, sizeof x);
	x.dirfd = x.fd = -1;
	pending++;
	if ((strcmp(av[0], "open") == 0 || strcmp(av[0], "opens") == 0) &&
	    ac >= 3) {
		struct ftp_login l = { av[1], av[2], ac > 3 ? av[3] : NULL,
		    ac > 4 ? av[4] : NULL, ac > 5 ? av[5] : NULL,
		    strcmp(av[0], "opens") == 0 };

		rc = ftp_connect(sess, &l, done, curop);
	} else if (strcmp(av[0], "quit") == 0)
		rc = ftp_quit(sess, done, curop);
	else if (strcmp(av[0], "close") == 0) {
		ftp_close(sess);
		pending--;
	} else if (strcmp(av[0], "cwd") == 0 && ac == 2)
		rc = ftp_cwd(sess, av[1], done, curop);
	else if (strcmp(av[0], "cdup") == 0)
		rc = ftp_cdup(sess, done, curop);
	else if (strcmp(av[0], "pwd") == 0)
		rc = ftp_pwd(sess, done, curop);
	else if (strcmp(av[0], "mkdir") == 0 && ac == 2)
		rc = ftp_mkdir(sess, av[1], done, curop);
	else if (strcmp(av[0], "rmdir") == 0 && ac == 2)
		rc = ftp_rmdir(sess, av[1], done, curop);
	else if (strcmp(av[0], "delete") == 0 && ac == 2)
		rc = ftp_delete(sess, av[1], done, curop);
	else if (strcmp(av[0], "rename") == 0 && ac == 3)
		rc = ftp_rename(sess, av[1], av[2], done, curop);
	else if (strcmp(av[0], "size") == 0 && ac == 2)
		rc = ftp_size(sess, av[1], done, curop);
	else if (strcmp(av[0], "mdtm") == 0 && ac == 2)
		rc = ftp_mdtm(sess, av[1], done, curop);
	else if (strcmp(av[0], "mfmt") == 0 && ac == 3)
		rc = ftp_mfmt(sess, av[1], (time_t)atoll(av[2]), done, curop);
	else if (strcmp(av[0], "site") == 0 && ac >= 2)
		rc = ftp_site(sess, av[1], done, curop); else if (strcmp(av[0], "stat") == 0)
		rc = ftp_stat(sess, ac > 1 ? av[1] : NULL, done, curop);
	else if (strcmp(av[0], "noop") == 0)
		rc = ftp_noop(sess, done, curop);
	else if (strcmp(av[0], "quote") == 0 && ac >= 2) {
		/* strtok cut the line: glue the words back. */
		char q[1024] = "";
		int i;

		for (i = 1; i < ac; i++) {
			if (i > 1)
				str_lcat(q, " ", sizeof q);
			str_lcat(q, av[i], sizeof q);
		}
		rc = ftp_quote(sess, q, done, curop);
	} else if (strcmp(av[0], "type") == 0 && ac == 2)
		rc = ftp_set_type(sess, av[1][0] == 'a' ? FTP_TYPE_A :
		    FTP_TYPE_I, done, curop);
	else if (strcmp(av[0], "list") == 0 || strcmp(av[0], "mlsd") == 0 ||
	    strcmp(av[0], "nlst") == 0 || strcmp(av[0], "ls") == 0) {
		enum ftp_list_mode m = av[0][0] == 'm' ? FTP_LIST_MLSD :
		    av[0][0] == 'n' ? FTP_LIST_NLST : FTP_LIST_LIST;

		rc = ftp_list(sess, ac > 1 ? av[1] : NULL, m,
		    strcmp(av[0], "ls") == 0, done, curop);
	} else if (strcmp(av[0], "get") == 0 && ac >= 4) {
		static int dirfd = -1;

		if (dirfd != -1)
			close(dirfd);
		dirfd = open(av[2], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dirfd == -1) {
			printf("fail get 0: %s: %s\n", av[2], strerror(errno));
			failures++;
			pending--;
			return 0;
		}
		x.remote = av[1];
		x.dirfd = dirfd;
		x.name = av[3];
		x.type = has(av, ac, "ascii") ? FTP_TYPE_A : FTP_TYPE_I;
		x.resume = has(av, ac, "resume");
		x.exists = has(av, ac, "overwrite") ? LF_REPLACE :
		    LF_NOREPLACE;
		x.set_mtime = has(av, ac, "mtime");
		rc = ftp_get(sess, &x, done, curop);
	} else if (strcmp(av[0], "getfd") == 0 && ac >= 3) {
		curfd = open(av[2], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
		    0644);
		x.remote = av[1];
		x.fd = curfd;
		x.type = has(av, ac, "ascii") ? FTP_TYPE_A : FTP_TYPE_I;
		rc = ftp_get(sess, &x, done, curop);
	} else if (strcmp(av[0], "cat") == 0 && ac == 3) {
		buf_free(&catbuf);
		buf_init(&catbuf, (size_t)atol(av[2]));
		x.remote = av[1];
		x.mem = &catbuf;
		x.type = FTP_TYPE_A;
		rc = ftp_get(sess, &x, done, curop);
	} else if (strcmp(av[0], "put") == 0 && ac >= 3) {
		int i;

		curfd = open(av[1], O_RDONLY | O_CLOEXEC);
		if (curfd == -1) {
			printf("fail put 0: %s: %s\n", av[1], strerror(errno));
			failures++;
			pending--;
			return 0;
		}
		x.remote = av[2];
		x.type = has(av, ac, "ascii") ? FTP_TYPE_A : FTP_TYPE_I;
		x.append = has(av, ac, "append");
		for (i = 3; i < ac; i++)
			if (strncmp(av[i], "rest=", 5) == 0)
				x.rest = (uint64_t)atoll(av[i] + 5);
		rc = ftp_put(sess, curfd, &x, done, curop);
	} else if (strcmp(av[0], "set") == 0 && ac >= 2) {
		pending--;
		if (strcmp(av[1], "passive") == 0)
			o->data_mode = FTP_DATA_PASSIVE;
		else if (strcmp(av[1], "active") == 0)
			o->data_mode = FTP_DATA_ACTIVE;
		else if (strcmp(av[1], "epsv") == 0 && ac == 3)
			o->use_epsv = strcmp(av[2], "on") == 0;
		else if (strcmp(av[1], "rate") == 0 && ac == 3) {
			static struct ftp_throttle th;

			th.rate = (uint64_t)atoll(av[2]);
			o->throttle = &th;
		} else if (strcmp(av[1], "mlsd") == 0 && ac == 3)
			o->use_mlsd = strcmp(av[2], "on") == 0;
		else if (strcmp(av[1], "tls") == 0 && ac == 3)
			o->tls = strcmp(av[2], "require") == 0 ?
			    FTP_TLS_REQUIRE : strcmp(av[2], "auto") == 0 ?
			    FTP_TLS_AUTO : FTP_TLS_OFF;
		else if (strcmp(av[1], "tls-data") == 0 && ac == 3)
			o->tls_data = strcmp(av[2], "on") == 0;
		else if (strcmp(av[1], "tls-ca-file") == 0 && ac == 3)
			str_lcpy(o->tls_ca_file, av[2], sizeof o->tls_ca_file);
		else if (strcmp(av[1], "tls-trust") == 0 && ac == 3)
			str_lcpy(o->tls_trust, av[2], sizeof o->tls_trust);
		else if (strcmp(av[1], "clear-ok") == 0 && ac == 3)
			o->clear_ok = strcmp(av[2], "on") == 0;
		else if (strcmp(av[1], "timeout") == 0 && ac == 4) {
			int ms = atoi(av[3]);

			if (strcmp(av[2], "connect") == 0)
				o->connect_ms = ms;
			else if (strcmp(av[2], "reply") == 0)
				o->reply_ms = ms;
			else if (strcmp(av[2], "data-connect") == 0)
				o->data_connect_ms = ms;
			else if (strcmp(av[2], "data-idle") == 0)
				o->data_idle_ms = ms;
			else if (strcmp(av[2], "final") == 0)
				o->final_reply_ms = ms;
			else if (strcmp(av[2], "keepalive") == 0)
				o->keepalive_ms = ms;
		}
		return 0;
	} else if (strcmp(av[0], "cancel-after") == 0 && ac == 2) {
		pending--;
		cancel_after = atoll(av[1]);
		return 0;
	} else if (strcmp(av[0], "sleep") == 0 && ac == 2) {
		uint64_t until = ev_clock_ms() + (uint64_t)atoi(av[1]);

		pending--;
		while (ev_clock_ms() < until)
			ev_run_once(loop, (int)(until - ev_clock_ms()));
		return 0;
	} else {
		printf("usage error: %s\n", av[0]);
		pending--;
		return -1;
	}
	if (rc == -1) {
		printf("fail %s 0: %s\n", av[0], strerror(errno));
		failures++;
		pending--;
	}
	wait_pending();
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct ftp_session_cb cb = {
		.transcript = on_transcript,
		.progress = on_progress,
		.warning = on_warning,
		.closed = on_closed
	};
	char line[4096], *p, *save = NULL;
	int usage = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (getenv("FTPDRIVE_LOG") != NULL)
		log_open_file(getenv("FTPDRIVE_LOG"));
	loop = ev_loop_new();
	sess = ftp_session_new(loop, &cb, NULL);
	buf_init(&catbuf, 65536);
	if (argc == 3 && strcmp(argv[1], "-e") == 0) {
		for (p = strtok_r(argv[2], ";\n", &save); p != NULL;
		    p = strtok_r(NULL, ";\n", &save)) {
			while (*p == ' ')
				p++;
			if (run_op(p) == -1)
				usage = 1;
		}
	} else {
		while (fgets(line, sizeof line, stdin) != NULL) {
			str_rtrim(line);
			if (run_op(line) == -1)
				usage = 1;
		}
	}
	ftp_session_free(sess);
	ev_timer_free(cancel_timer);
	ev_loop_free(loop);
	buf_free(&catbuf);
	log_close();
	return usage ? 2 : failures ? 1 : 0;
}
