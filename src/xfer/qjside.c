/*
 * qjside.c: downloads outside the queue kept in the saved queue too: a
 * segmented download (pget, segment.c) is one record with its ranges
 * (journal.h), set again as its ranges advance and cleared when it ends.
 * At resume the caller takes the pending segmented records of the queue's
 * server (xq_journal_take_ranges) and runs them itself.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/xmalloc.h"
#include "xfer/xq_priv.h"

static size_t
side_find(struct xq *q, const void *key)
{
	size_t i;

	for (i = 0; i < q->jside.n; i++)
		if (q->jside_keys[i] == key)
			return i;
	return (size_t)-1;
}

void
xq_journal_side(struct xq *q, const void *key, const struct jq_job *rec,
    bool now)
{
	size_t i = side_find(q, key);
	struct jq_job copy;

	if (q->jpath == NULL)
		return;
	if (i == (size_t)-1) {
		jq_add(&q->jside, rec);
		q->jside_keys = xreallocarray(q->jside_keys, q->jside.cap,
		    sizeof *q->jside_keys);
		q->jside_keys[q->jside.n - 1] = key;
	} else {
		/* the copy first: rec may share strings with the old one */
		memset(&copy, 0, sizeof copy);
		{
			struct jq_file tmp = { NULL, 0, 0 };

			jq_add(&tmp, rec);
			copy = tmp.jobs[0];
			free(tmp.jobs);
		}
		jq_job_free(&q->jside.jobs[i]);
		q->jside.jobs[i] = copy;
	}
	jnl_touch(q, now);
}

void
xq_journal_side_clear(struct xq *q, const void *key, bool keep)
{
	size_t i = side_find(q, key);

	if (i == (size_t)-1)
		return;
	if (keep)
		jq_add(&q->jpending, &q->jside.jobs[i]);
	jq_job_free(&q->jside.jobs[i]);
	memmove(&q->jside.jobs[i], &q->jside.jobs[i + 1],
	    (q->jside.n - i - 1) * sizeof *q->jside.jobs);
	memmove(&q->jside_keys[i], &q->jside_keys[i + 1],
	    (q->jside.n - i - 1) * sizeof *q->jside_keys);
	q->jside.n--;
	jnl_touch(q, true);
}

static bool
same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

void
xq_journal_take_ranges(struct xq *q, struct jq_file *out)
{
	struct jq_file keep;
	size_t i;

	memset(out, 0, sizeof *out);
	memset(&keep, 0, sizeof keep);
	for (i = 0; i < q->jpending.n; i++) {
		const struct jq_job *r = &q->jpending.jobs[i];

		if (r->nranges > 0 && same(r->host, q->host) &&
		    same(r->port, q->port) && same(r->user, q->user))
			jq_add(out, r);
		else
			jq_add(&keep, r);
	}
	jq_free(&q->jpending);
	q->jpending = keep;
	/* the caller sets them again as side records, in this loop pass */
	jnl_touch(q, true);
}

void
xq_login_of(struct xq *q, struct ftp_login *l)
{
	memset(l, 0, sizeof *l);
	l->host = q->host;
	l->port = q->port;
	l->user = q->user;
	l->pass = q->pass;
	l->acct = q->acct;
	l->tls_implicit = q->tls_implicit;
}
