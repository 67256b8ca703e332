/*
 * segment.h: one file fetched over several connections at once (pget).
 *
 * The file (SIZE first) is cut into n ranges; each runs on a connection of
 * its own with REST at its start, written at its offset into the one .part
 * (an open file description per range), and is stopped (ABOR) once it has
 * its bytes; a connection that finished its range takes the next one left.
 * A file under min_size, or n < 2, goes over one connection. A server that
 * refuses the extra connections leaves the ranges to the ones it allowed
 * (note says so); one that refuses REST gets one ordinary download (note).
 * The .part is renamed into place when every range is complete; it is
 * never renamed over an existing file.
 */
#ifndef JANGADA_XFER_SEGMENT_H
#define JANGADA_XFER_SEGMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ftp/session.h"

struct ev_loop;
struct xseg;

struct xseg_result {
	bool		 ok;
	const char	*error;		/* translated, or NULL */
	uint64_t	 size;
	int		 conns;		/* connections that moved bytes */
};

typedef void (*xseg_done_fn)(struct xseg *, const struct xseg_result *,
    void *);
typedef void (*xseg_note_fn)(struct xseg *, const char *msg, void *);

/* Start; NULL with err. dir: an absolute directory; name: a safe name. */
struct xseg	*xseg_start(struct ev_loop *, const struct ftp_login *,
		    const struct ftp_options *, const char *remote,
		    const char *dir, const char *name, int n,
		    uint64_t min_size, xseg_done_fn, xseg_note_fn, void *arg,
		    char *err, size_t errlen);
/* Stop (the .part is kept) and free; safe from its callbacks. */
void		 xseg_free(struct xseg *);

#endif
