/*
 * check.c: xq_set_check, the result of checking a finished download
 * against the checksum published beside it (the command layer does the
 * checking; the job keeps the words for its row).
 */
#include "config.h"

#include <stdlib.h>

#include "base/sanitize.h"
#include "xfer/xq_priv.h"

void
xq_set_check(struct xq *q, unsigned id, const char *text)
{
	struct job *job = job_find(q, id);

	if (job == NULL)
		return;
	free(job->check);
	job->check = text != NULL ? san_cstr(text) : NULL;
	job->pub.check = job->check;
	job_changed(job, true);
}
