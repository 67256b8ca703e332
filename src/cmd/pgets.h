/*
 * pgets.h: the segmented downloads (pget, and the saved ones queue resume
 * runs again), which run outside the transfer queue, as rows a front end
 * shows beside the queue's: the local name, the progress of the whole and
 * of each range, the rate and the state. cmd_pget.c makes a row for each
 * download it starts, hands it its xseg, and ends it; the last few ended
 * rows stay (done, failed, cancelled) until "queue clear".
 */
#ifndef JANGADA_CMD_PGETS_H
#define JANGADA_CMD_PGETS_H

#include <stddef.h>
#include <stdint.h>

#include "xfer/queue.h"
#include "xfer/segment.h"

struct app;
struct pget_row;

/* A row as it is now (app_pgets fills them in). */
struct app_pget {
	unsigned	 id;
	const char	*local;		/* the local path (raw: sanitize) */
	enum xq_state	 state;		/* active, done, failed, cancelled */
	const char	*error;		/* translated, display-safe, or NULL */
	uint64_t	 done, total;	/* total 0: not known yet */
	double		 rate;		/* bytes per second, recent */
	int		 eta;		/* seconds, -1 unknown */
	struct xseg_progress p;		/* the ranges (p.nr 0: none) */
};

/* The rows of app, running ones first, into out (at most max). */
size_t		 app_pgets(struct app *, struct app_pget *out, size_t max);
/* Free every row (app_free). */
void		 app_pgets_free(struct app *);
/* Forget the ended rows (queue clear). */
void		 app_pgets_clear(struct app *);

/* cmd_pget.c's side: a row for a download into dir/name; its xseg (NULL:
   none yet); its end (the row stays, ended, without g). */
struct pget_row	*pget_row_new(struct app *, const char *dir,
		    const char *name);
void		 pget_row_attach(struct pget_row *, struct xseg *);
void		 pget_row_end(struct pget_row *, enum xq_state,
		    const char *error);

#endif
