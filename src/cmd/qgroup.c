/*
 * qgroup.c: a mirror's tree as one row of the queue, with its totals
 * (see qgroup.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/sanitize.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "cmd/app.h"
#include "cmd/qgroup.h"

void
qgroup_sum(struct app *app, const struct xq_job *const *jobs, size_t n,
    unsigned group, struct qgroup_tot *t)
{
	size_t i;

	memset(t, 0, sizeof *t);
	xq_group_label(app->queue, group, &t->deleted);
	for (i = 0; i < n; i++) {
		const struct xq_job *j = jobs[i];

		if (j->group != group || j->is_dir)
			continue;
		t->files++;
		t->bytes += j->done;
		t->total += j->total > j->done ? j->total : j->done;
		switch (j->state) {
		case XQ_DONE:
			t->done++;
			break;
		case XQ_SKIPPED:
			t->skipped++;
			break;
		case XQ_FAILED:
		case XQ_CANCELLED:
			t->failed++;
			break;
		case XQ_ACTIVE:
			t->active++;
			break;
		case XQ_PAUSED:
			t->paused++;
			break;
		default:
			t->queued++;
			break;
		}
	}
	t->state = t->active > 0 ? XQ_ACTIVE : t->queued > 0 ? XQ_QUEUED :
	    t->paused > 0 ? XQ_PAUSED : t->failed > 0 ? XQ_FAILED : XQ_DONE;
}

char *
qgroup_text(struct app *app, unsigned group, const struct qgroup_tot *t)
{
	const char *label = xq_group_label(app->queue, group, NULL);
	char bytes[32], total[32], *clean, *s;

	str_human_size(bytes, sizeof bytes, t->bytes);
	str_human_size(total, sizeof total, t->total);
	clean = san_cstr(label != NULL ? label : "?");
	/* Labels, not counted words: "1 files" reads wrong in any language. */
	s = xasprintf(_("%s: files %u, %s of %s, done %u, skipped %u, "
	    "deleted %u, failed %u"), clean, t->files, bytes, total, t->done,
	    t->skipped, t->deleted, t->failed);
	free(clean);
	return s;
}

size_t
qgroup_visible(const struct xq_job *const *jobs, size_t n,
    const struct xq_job **out)
{
	unsigned max = 0;
	unsigned char *seen;
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		if (jobs[i]->group > max)
			max = jobs[i]->group;
	seen = xcalloc((size_t)max + 1, 1);
	for (i = 0; i < n; i++) {
		if (jobs[i]->group != 0) {
			if (seen[jobs[i]->group])
				continue;
			seen[jobs[i]->group] = 1;
		}
		out[k++] = jobs[i];
	}
	free(seen);
	return k;
}
