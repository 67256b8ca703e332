/*
 * xqdrive: drive the transfer queue from a script, for the queue's tests.
 *
 * Reads one operation per line (stdin, or -e 'op; op; ...'). Operations
 * that add or change jobs return at once; "wait" runs the loop until the
 * queue is idle. A browsing session of its own runs beside the queue.
 * stdout gets one line per event it cares about, each with the time in
 * ms since the start:
 *
 *   added ID get|put REMOTE LOCAL
 *   state ID STATE t=MS [error]      every state change of a job
 *   ask ID TARGET t=MS               the overwrite question
 *   idle t=MS
 *   job ID PARENT KIND STATE DONE TOTAL ATTEMPTS dir|file TYPE [error]
 *   stats done=.. failed=.. skipped=.. cancelled=.. queued=.. active=..
 *         bytes=.. elapsed=..
 *   browse OP ok|fail [N] t=MS [error]
 *   warning ID MSG t=MS              a transfer connection's warning
 *
 * and stderr the transcripts ("[N] > CMD", "[N] < REPLY"; N is the queue
 * connection, B the browsing session). Exit status 1 if any job ended
 * failed, 2 on a usage error, 3 when a wait ran out.
 *
 *   server HOST PORT [USER PASS]        (first: makes the queue)
 *   set ask none|manual|POLICY[,all]    (before server; none = batch)
 *   set parallel N | set rate B/S | set retries N | set retry-delay MS
 *   set idle MS | set timeout NAME MS (reply data-idle data-connect final)
 *   get [-r] [-a|-b|-A] [-L] [--no-time] [--policy=P] REMOTE DIR [NAME]
 *   put [-r] [-a|-b|-A] [-L] [--no-time] [--policy=P] LOCAL [REMOTE]
 *   batch begin | batch end
 *   wait [SECS] | sleep MS | until ID bytes N | until ID STATE
 *   cancel ID | pause ID | resume ID | retry ID | cancel-all | clear
 *   move ID up|down|top|bottom | priority ID N | pause-all | resume-all
 *   answer ID POLICY [all] | list | stats
 *   until-jobs N                        (until N jobs exist)
 *   events ID            ("events ID N": changed events seen for it)
 *   type NAME...         ("type NAME text|binary": xq_type_for_name)
 *   watch-fds | fds     (count open descriptors every 10 ms; print the
 *                        most seen: "fds max=N now=N")
 *   browse open | browse ls PATH | browse cd PATH | browse wait
 *   lcd DIR              (chdir: queued jobs must not move)
 *
 * In words, \s is a space and \xHH a byte.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
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
#include "xfer/queue.h"

static struct ev_loop *loop;
static struct xq *q;
static struct ftp_session *browse;
static struct ftp_options opts;
static struct ftp_login login;
static char *host, *port, *user, *pass;
static uint64_t t0;
static int browse_pending;
static int usage;
static enum { ASK_NONE, ASK_MANUAL, ASK_AUTO } ask_mode = ASK_NONE;
static enum xq_policy ask_policy = XQ_SKIP;
static bool ask_all;
static enum xq_state *seen;
static unsigned *nevents;
static size_t nseen;
static struct ev_timer *fdwatch;
static int fds_max;

/* Milliseconds since the start. */
static unsigned long long
now_ms(void)
{
	return (unsigned long long)(ev_clock_ms() - t0);
}

/* Decode \s and \xHH in place. */
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
		w++;
		if (*w == 's')
			*o++ = ' ';
		else if (*w == 'x' && sscanf(w + 1, "%2x", &v) == 1 && v != 0) {
			*o++ = (char)v;
			w += 2;
		} else
			*o++ = *w;
	}
	*o = '\0';
}

static enum xq_policy
policy_of(const char *s)
{
	if (strcmp(s, "skip") == 0)
		return XQ_SKIP;
	if (strcmp(s, "rename") == 0)
		return XQ_RENAME;
	if (strcmp(s, "overwrite") == 0)
		return XQ_OVERWRITE;
	if (strcmp(s, "resume") == 0)
		return XQ_RESUME;
	return XQ_ASK;
}

/* A job changed: print its state when that changed. */
static void
on_changed(struct xq *xq, const struct xq_job *j, void *arg)
{
	char *r, *l;

	if (j->id >= nseen) {
		size_t n = nseen == 0 ? 64 : nseen;

		while (n <= j->id)
			n *= 2;
		seen = xreallocarray(seen, n, sizeof *seen);
		memset(seen + nseen, 0xff, (n - nseen) * sizeof *seen);
		nevents = xreallocarray(nevents, n, sizeof *nevents);
		memset(nevents + nseen, 0, (n - nseen) * sizeof *nevents);
		nseen = n;
	}
	nevents[j->id]++;
	if ((int)seen[j->id] == -1) {
		r = san_cstr(j->remote);
		l = san_cstr(j->local);
		printf("added %u %s %s %s\n", j->id, j->kind == XQ_GET ? "get" :
		    "put", r, l);
		free(r);
		free(l);
	}
	if (seen[j->id] == j->state)
		return;
	seen[j->id] = j->state;
	printf("state %u %s t=%llu%s%s\n", j->id, xq_state_name(j->state),
	    now_ms(), j->error != NULL ? " " : "",
	    j->error != NULL ? j->error : "");
}

static void
on_ask(struct xq *xq, const struct xq_job *j, const char *target, void *arg)
{
	char *t = san_cstr(target);

	printf("ask %u %s t=%llu\n", j->id, t, now_ms());
	free(t);
	if (ask_mode == ASK_AUTO)
		xq_answer(xq, j->id, ask_policy, ask_all);
}

static void
on_warning(struct xq *xq, const struct xq_job *j, const char *msg, void *arg)
{
	printf("warning %u %s t=%llu\n", j->id, msg, now_ms());
}

static void
on_idle(struct xq *xq, void *arg)
{
	printf("idle t=%llu\n", now_ms());
}

static void
on_transcript(struct xq *xq, int conn, bool sent, const char *line,
    void *arg)
{
	char *t = san_cstr(line);

	fprintf(stderr, "[%d] %s %s\n", conn, sent ? ">" : "<", t);
	free(t);
}

static void
b_transcript(struct ftp_session *s, bool sent, const char *line, void *a)
{
	char *t = san_cstr(line);

	fprintf(stderr, "[B] %s %s\n", sent ? ">" : "<", t);
	free(t);
}

/* A browsing operation finished. */
static void
b_done(struct ftp_session *s, struct ftp_status *st, void *arg)
{
	const char *op = arg;

	browse_pending--;
	if (!st->ok) {
		printf("browse %s fail t=%llu %s\n", op, now_ms(),
		    st->error != NULL ? st->error : "?");
		return;
	}
	if (st->listing != NULL)
		printf("browse %s ok %zu t=%llu\n", op, st->listing->n,
		    now_ms());
	else
		printf("browse %s ok t=%llu\n", op, now_ms());
}

/* How many descriptors are open. */
static int
count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	if (d == NULL)
		return -1;
	while (readdir(d) != NULL)
		n++;
	closedir(d);
	return n - 3;	/* ".", ".." and the DIR itself */
}

static void
fdwatch_fire(struct ev_timer *t, void *arg)
{
	int n = count_fds();

	if (n > fds_max)
		fds_max = n;
	ev_timer_start(t, 10);
}

/* Make the queue (at "server"). */
static void
make_queue(void)
{
	static struct xq_events ev = {
		.changed = on_changed,
		.idle = on_idle,
		.warning = on_warning,
		.transcript = on_transcript
	};

	if (q != NULL)
		return;
	if (ask_mode != ASK_NONE)
		ev.ask = on_ask;
	q = xq_new(loop, &ev, NULL);
}

/* Run the loop for ms. */
static void
run_for(int ms)
{
	uint64_t until = ev_clock_ms() + (uint64_t)ms;

	while (ev_clock_ms() < until)
		ev_run_once(loop, (int)(until - ev_clock_ms()));
}

/* Run the loop until cond() or secs; false when the time ran out. */
static bool
run_until(bool (*cond)(void *), void *arg, int secs)
{
	uint64_t until = ev_clock_ms() + (uint64_t)secs * 1000;

	while (!cond(arg)) {
		if (ev_clock_ms() >= until)
			return false;
		ev_run_once(loop, 100);
	}
	return true;
}

static bool
cond_idle(void *arg)
{
	return q == NULL || !xq_busy(q);
}

static bool
cond_njobs(void *arg)
{
	size_t n;

	xq_list(q, &n);
	return n >= *(size_t *)arg;
}

static bool
cond_browse(void *arg)
{
	return browse_pending == 0;
}

struct until {
	unsigned	 id;
	bool		 bytes;
	uint64_t	 n;
	enum xq_state	 st;
};

static bool
cond_job(void *arg)
{
	struct until *u = arg;
	const struct xq_job *j = xq_find(q, u->id);

	if (j == NULL)
		return true;
	if (u->bytes)
		return j->done >= u->n || (j->state != XQ_QUEUED &&
		    j->state != XQ_ACTIVE);
	return j->state == u->st;
}

/* Parse the options of get/put; returns the index of the first word. */
static int
xfer_opts(char **av, int ac, struct xq_opts *o)
{
	int i;

	memset(o, 0, sizeof *o);
	o->type = XQ_TYPE_BINARY;
	o->policy = XQ_ASK;
	o->keep_time = true;
	for (i = 1; i < ac && av[i][0] == '-'; i++) {
		if (strcmp(av[i], "-r") == 0)
			o->recursive = true;
		else if (strcmp(av[i], "-a") == 0)
			o->type = XQ_TYPE_ASCII;
		else if (strcmp(av[i], "-b") == 0)
			o->type = XQ_TYPE_BINARY;
		else if (strcmp(av[i], "-A") == 0)
			o->type = XQ_TYPE_AUTO;
		else if (strcmp(av[i], "-L") == 0)
			o->follow_links = true;
		else if (strcmp(av[i], "--no-time") == 0)
			o->keep_time = false;
		else if (strncmp(av[i], "--policy=", 9) == 0)
			o->policy = policy_of(av[i] + 9);
		else
			return -1;
	}
	return i;
}

static void
print_list(void)
{
	const struct xq_job *const *jobs;
	size_t n, i;
	char *e;

	jobs = xq_list(q, &n);
	for (i = 0; i < n; i++) {
		const struct xq_job *j = jobs[i];

		e = j->error != NULL ? san_cstr(j->error) : NULL;
		printf("job %u %u %s %s %llu %llu %d %s %s%s%s\n", j->id,
		    j->parent, j->kind == XQ_GET ? "get" : "put",
		    xq_state_name(j->state), (unsigned long long)j->done,
		    (unsigned long long)j->total, j->attempts,
		    j->is_dir ? "dir" : "file",
		    j->type == FTP_TYPE_A ? "A" : "I", e ? " " : "",
		    e ? e : "");
		free(e);
	}
}

static void
print_stats(void)
{
	struct xq_stats st;

	xq_stats(q, &st);
	printf("stats done=%u failed=%u skipped=%u cancelled=%u queued=%u "
	    "active=%u bytes=%llu elapsed=%llu\n", st.done, st.failed,
	    st.skipped, st.cancelled, st.queued, st.active,
	    (unsigned long long)st.bytes, (unsigned long long)st.elapsed_ms);
}

static bool
need_queue(void)
{
	if (q != NULL)
		return true;
	printf("usage error: no server yet\n");
	usage = 1;
	return false;
}

/* Run one line. */
static void
run_op(char *line)
{
	char *av[64], *p, *save = NULL, err[1024];
	struct xq_opts o;
	unsigned id;
	int ac = 0, i, rc = 0;

	for (p = strtok_r(line, " \t", &save); p != NULL && ac < 63;
	    p = strtok_r(NULL, " \t", &save))
		av[ac++] = p;
	av[ac] = NULL;
	if (ac == 0 || av[0][0] == '#')
		return;
	for (i = 1; i < ac; i++)
		unescape(av[i]);

	if (strcmp(av[0], "server") == 0 && (ac == 3 || ac == 5)) {
		free(host);
		free(port);
		free(user);
		free(pass);
		host = xstrdup(av[1]);
		port = xstrdup(av[2]);
		user = ac == 5 ? xstrdup(av[3]) : NULL;
		pass = ac == 5 ? xstrdup(av[4]) : NULL;
		login.host = host;
		login.port = port;
		login.user = user;
		login.pass = pass;
		make_queue();
		xq_set_server(q, &login, &opts);
	} else if (strcmp(av[0], "set") == 0 && ac >= 3) {
		if (strcmp(av[1], "ask") == 0) {
			if (strcmp(av[2], "none") == 0)
				ask_mode = ASK_NONE;
			else if (strcmp(av[2], "manual") == 0)
				ask_mode = ASK_MANUAL;
			else {
				ask_mode = ASK_AUTO;
				ask_all = strstr(av[2], ",all") != NULL;
				if ((p = strchr(av[2], ',')) != NULL)
					*p = '\0';
				ask_policy = policy_of(av[2]);
			}
		} else if (strcmp(av[1], "timeout") == 0 && ac == 4) {
			int ms = atoi(av[3]);

			if (strcmp(av[2], "reply") == 0)
				opts.reply_ms = ms;
			else if (strcmp(av[2], "data-idle") == 0)
				opts.data_idle_ms = ms;
			else if (strcmp(av[2], "data-connect") == 0)
				opts.data_connect_ms = ms;
			else if (strcmp(av[2], "final") == 0)
				opts.final_reply_ms = ms;
			if (q != NULL && host != NULL)
				xq_set_server(q, &login, &opts);
		} else if (!need_queue())
			return;
		else if (strcmp(av[1], "parallel") == 0)
			xq_set_parallel(q, atoi(av[2]));
		else if (strcmp(av[1], "rate") == 0)
			xq_set_rate_limit(q, strtoull(av[2], NULL, 10));
		else if (strcmp(av[1], "retries") == 0)
			xq_set_retries(q, atoi(av[2]));
		else if (strcmp(av[1], "retry-delay") == 0)
			xq_set_retry_delay(q, atoi(av[2]));
		else if (strcmp(av[1], "idle") == 0)
			xq_set_idle_close(q, atoi(av[2]));
		else
			rc = -1;
	} else if (strcmp(av[0], "get") == 0 || strcmp(av[0], "put") == 0) {
		if (!need_queue())
			return;
		i = xfer_opts(av, ac, &o);
		if (i < 0 || ac - i < 1 || ac - i > 3 ||
		    (av[0][0] == 'g' && ac - i < 2)) {
			rc = -1;
		} else {
			if (av[0][0] == 'g')
				id = xq_get(q, av[i], av[i + 1], ac - i == 3 ?
				    av[i + 2] : NULL, &o, err, sizeof err);
			else
				id = xq_put(q, av[i], ac - i >= 2 ? av[i + 1] :
				    NULL, &o, err, sizeof err);
			if (id == 0)
				printf("refused %s: %s\n", av[0], err);
		}
	} else if (strcmp(av[0], "batch") == 0 && ac == 2 && need_queue()) {
		if (strcmp(av[1], "begin") == 0)
			xq_begin_batch(q);
		else
			xq_end_batch(q);
	} else if (strcmp(av[0], "wait") == 0) {
		if (!run_until(cond_idle, NULL, ac > 1 ? atoi(av[1]) : 300)) {
			printf("timeout wait t=%llu\n", now_ms());
			if (q != NULL)
				print_list();
			fflush(stdout);
			exit(3);
		}
	} else if (strcmp(av[0], "sleep") == 0 && ac == 2)
		run_for(atoi(av[1]));
	else if (strcmp(av[0], "until") == 0 && ac >= 3 && need_queue()) {
		struct until u;

		memset(&u, 0, sizeof u);
		u.id = (unsigned)atoi(av[1]);
		if (strcmp(av[2], "bytes") == 0 && ac == 4) {
			u.bytes = true;
			u.n = strtoull(av[3], NULL, 10);
		} else {
			for (i = XQ_QUEUED; i <= XQ_SKIPPED; i++)
				if (strcmp(av[2], xq_state_name(i)) == 0)
					u.st = (enum xq_state)i;
		}
		if (!run_until(cond_job, &u, 120)) {
			printf("timeout until t=%llu\n", now_ms());
			fflush(stdout);
			exit(3);
		}
	} else if (strcmp(av[0], "cancel") == 0 && ac == 2 && need_queue())
		printf("cancel %s %d\n", av[1], xq_cancel(q, atoi(av[1])));
	else if (strcmp(av[0], "pause") == 0 && ac == 2 && need_queue())
		printf("pause %s %d\n", av[1], xq_pause(q, atoi(av[1])));
	else if (strcmp(av[0], "resume") == 0 && ac == 2 && need_queue())
		printf("resume %s %d\n", av[1], xq_resume(q, atoi(av[1])));
	else if (strcmp(av[0], "move") == 0 && ac == 3 && need_queue())
		printf("move %s %d\n", av[1], xq_move(q, atoi(av[1]),
		    strcmp(av[2], "up") == 0 ? XQ_MOVE_UP :
		    strcmp(av[2], "down") == 0 ? XQ_MOVE_DOWN :
		    strcmp(av[2], "top") == 0 ? XQ_MOVE_TOP : XQ_MOVE_BOTTOM));
	else if (strcmp(av[0], "priority") == 0 && ac == 3 && need_queue())
		printf("priority %s %d\n", av[1], xq_set_priority(q,
		    atoi(av[1]), atoi(av[2])));
	else if (strcmp(av[0], "pause-all") == 0 && need_queue())
		printf("pause-all %u\n", xq_pause_all(q));
	else if (strcmp(av[0], "resume-all") == 0 && need_queue())
		printf("resume-all %u\n", xq_resume_all(q));
	else if (strcmp(av[0], "retry") == 0 && ac == 2 && need_queue())
		printf("retry %s %d\n", av[1], xq_retry(q, atoi(av[1])));
	else if (strcmp(av[0], "cancel-all") == 0 && need_queue())
		xq_cancel_all(q);
	else if (strcmp(av[0], "clear") == 0 && need_queue())
		xq_clear_finished(q);
	else if (strcmp(av[0], "answer") == 0 && ac >= 3 && need_queue())
		xq_answer(q, (unsigned)atoi(av[1]), policy_of(av[2]),
		    ac > 3 && strcmp(av[3], "all") == 0);
	else if (strcmp(av[0], "list") == 0 && need_queue())
		print_list();
	else if (strcmp(av[0], "stats") == 0 && need_queue())
		print_stats();
	else if (strcmp(av[0], "events") == 0 && ac == 2) {
		size_t i2 = strtoul(av[1], NULL, 10);

		printf("events %zu %u\n", i2, i2 < nseen ? nevents[i2] : 0);
	} else if (strcmp(av[0], "type") == 0) {
		for (i = 1; i < ac; i++)
			printf("type %s %s\n", av[i], xq_type_for_name(av[i]) ?
			    "text" : "binary");
	} else if (strcmp(av[0], "until-jobs") == 0 && ac == 2 && need_queue()) {
		size_t want = strtoul(av[1], NULL, 10);

		if (!run_until(cond_njobs, &want, 120)) {
			printf("timeout until-jobs t=%llu\n", now_ms());
			fflush(stdout);
			exit(3);
		}
	} else if (strcmp(av[0], "watch-fds") == 0) {
		if (fdwatch == NULL)
			fdwatch = ev_timer_new(loop, fdwatch_fire, NULL);
		fds_max = count_fds();
		ev_timer_start(fdwatch, 10);
	} else if (strcmp(av[0], "lcd") == 0 && ac == 2) {
		if (chdir(av[1]) == -1) {
			fprintf(stderr, "lcd %s: %s\n", av[1], strerror(errno));
			usage = 1;
		}
	} else if (strcmp(av[0], "fds") == 0)
		printf("fds max=%d now=%d\n", fds_max, count_fds());
	else if (strcmp(av[0], "browse") == 0 && ac >= 2) {
		static const struct ftp_session_cb bcb = {
			.transcript = b_transcript
		};
		static char op_open[] = "open", op_ls[] = "ls", op_cd[] = "cd";

		if (browse == NULL) {
			browse = ftp_session_new(loop, &bcb, NULL);
			if (opts.reply_ms != 0)
				*ftp_session_options(browse) = opts;
		}
		browse_pending++;
		if (strcmp(av[1], "open") == 0 && host != NULL)
			rc = ftp_connect(browse, &login, b_done, op_open);
		else if (strcmp(av[1], "ls") == 0)
			rc = ftp_list(browse, ac > 2 ? av[2] : NULL,
			    FTP_LIST_LIST, true, b_done, op_ls);
		else if (strcmp(av[1], "cd") == 0 && ac == 3)
			rc = ftp_cwd(browse, av[2], b_done, op_cd);
		else if (strcmp(av[1], "wait") == 0) {
			browse_pending--;
			if (!run_until(cond_browse, NULL, 60)) {
				printf("timeout browse t=%llu\n", now_ms());
				exit(3);
			}
		} else {
			browse_pending--;
			rc = -1;
		}
		if (rc == -1)
			browse_pending--;
	} else
		rc = -1;
	if (rc == -1) {
		printf("usage error: %s\n", av[0]);
		usage = 1;
	}
}

int
main(int argc, char **argv)
{
	char line[8192], *p, *save = NULL;
	const struct xq_job *const *jobs;
	size_t n, i;
	int failed = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (getenv("XQDRIVE_LOG") != NULL)
		log_open_file(getenv("XQDRIVE_LOG"));
	loop = ev_loop_new();
	t0 = ev_clock_ms();
	{
		/* The engine's defaults, to change with "set timeout". */
		struct ftp_session *tmp = ftp_session_new(loop, NULL, NULL);

		opts = *ftp_session_options(tmp);
		ftp_session_free(tmp);
	}
	if (argc == 3 && strcmp(argv[1], "-e") == 0) {
		for (p = strtok_r(argv[2], ";\n", &save); p != NULL;
		    p = strtok_r(NULL, ";\n", &save)) {
			while (*p == ' ')
				p++;
			run_op(p);
		}
	} else {
		while (fgets(line, sizeof line, stdin) != NULL) {
			str_rtrim(line);
			run_op(line);
		}
	}
	if (q != NULL) {
		jobs = xq_list(q, &n);
		for (i = 0; i < n; i++)
			if (jobs[i]->state == XQ_FAILED)
				failed = 1;
		xq_free(q);
	}
	if (browse != NULL)
		ftp_session_free(browse);
	ev_timer_free(fdwatch);
	ev_loop_free(loop);
	free(seen);
	free(nevents);
	free(host);
	free(port);
	free(user);
	free(pass);
	log_close();
	return usage ? 2 : failed;
}
