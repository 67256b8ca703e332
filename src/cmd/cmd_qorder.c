/*
 * cmd_qorder.c: the controls of the queue's jobs: "queue cancel ID|all",
 * "queue retry ID", "queue pause ID", "queue resume ID"; the order,
 * "queue move ID up|down|top|bottom" and "queue priority ID N"; and the
 * whole queue paused, "queue pause all" and "queue resume all"
 * (src/xfer/queue_order.c does the ordering; "queue list" shows it).
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/str.h"
#include "cmd/cmd_priv.h"

/* The job number of argv[2], or 0 (the call has failed). */
static unsigned
job_id(struct cmd_call *c)
{
	uint64_t id;

	if (str_to_u64(c->argv[2], &id) == -1 || id == 0 || id > UINT32_MAX) {
		cmd_fail(c, CMD_USAGE, _("bad job number: %s"), c->argv[2]);
		return 0;
	}
	return (unsigned)id;
}

/* queue cancel ID|all, retry ID, pause ID, resume ID. */
int
cmd_queue_ctl(struct cmd_call *c)
{
	struct app *app = c->app;
	const char *what = c->sub->name;
	unsigned id;
	int rc = 0;

	if (strcmp(what, "cancel") == 0 && strcmp(c->argv[2], "all") == 0) {
		xq_cancel_all(app->queue);
		cmd_finish(c, CMD_OK);
		return 0;
	}
	if ((id = job_id(c)) == 0)
		return 0;
	if (strcmp(what, "cancel") == 0)
		rc = xq_cancel(app->queue, id);
	else if (strcmp(what, "retry") == 0)
		rc = xq_retry(app->queue, id);
	else if (strcmp(what, "pause") == 0)
		rc = xq_pause(app->queue, id);
	else
		rc = xq_resume(app->queue, id);
	if (rc == -1) {
		cmd_fail(c, CMD_FAILED, _("no job %s that can be %s"),
		    c->argv[2], what);
		return 0;
	}
	app_changed(app, APP_CH_QUEUE);
	cmd_finish(c, CMD_OK);
	return 0;
}

/* queue pause ID|all */
int
cmd_queue_pause(struct cmd_call *c)
{
	struct app *app = c->app;
	unsigned n;

	if (strcmp(c->argv[2], "all") != 0)
		return cmd_queue_ctl(c);
	n = xq_pause_all(app->queue);
	if (!app->quiet)
		app_out(app, APP_INFO, ngettext("%u job paused.",
		    "%u jobs paused.", n), n);
	app_changed(app, APP_CH_QUEUE);
	cmd_finish(c, CMD_OK);
	return 0;
}

/* queue resume all */
int
cmd_queue_resume_all(struct cmd_call *c)
{
	struct app *app = c->app;
	unsigned n = xq_resume_all(app->queue);

	if (!app->quiet)
		app_out(app, APP_INFO, ngettext("%u job resumed.",
		    "%u jobs resumed.", n), n);
	app_changed(app, APP_CH_QUEUE);
	cmd_finish(c, CMD_OK);
	return 0;
}

/* queue move ID up|down|top|bottom */
int
cmd_queue_move(struct cmd_call *c)
{
	static const char *const where[] = { "up", "down", "top", "bottom" };
	unsigned id, i;

	if ((id = job_id(c)) == 0)
		return 0;
	for (i = 0; i < 4; i++)
		if (strcmp(c->argv[3], where[i]) == 0)
			break;
	if (i == 4) {
		cmd_usage(c, _("move a job up, down, top or bottom"));
		return 0;
	}
	if (xq_move(c->app->queue, id, (enum xq_move)i) == -1) {
		cmd_fail(c, CMD_FAILED, _("no unfinished job %s"), c->argv[2]);
		return 0;
	}
	app_changed(c->app, APP_CH_QUEUE);
	cmd_finish(c, CMD_OK);
	return 0;
}

/* queue priority ID N */
int
cmd_queue_priority(struct cmd_call *c)
{
	const char *s = c->argv[3];
	uint64_t v;
	long prio;
	unsigned id;

	if ((id = job_id(c)) == 0)
		return 0;
	if (str_to_u64(s[0] == '-' || s[0] == '+' ? s + 1 : s, &v) == -1 ||
	    v > (uint64_t)XQ_PRIO_MAX) {
		cmd_fail(c, CMD_USAGE, _("a priority is a number from %d to "
		    "%d"), XQ_PRIO_MIN, XQ_PRIO_MAX);
		return 0;
	}
	prio = s[0] == '-' ? -(long)v : (long)v;
	if (xq_set_priority(c->app->queue, id, (int)prio) == -1) {
		cmd_fail(c, CMD_FAILED, _("no unfinished job %s"), c->argv[2]);
		return 0;
	}
	app_changed(c->app, APP_CH_QUEUE);
	cmd_finish(c, CMD_OK);
	return 0;
}
