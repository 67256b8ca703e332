/*
 * segment.h: one file fetched over several connections at once (pget).
 *
 * The file (SIZE first) is cut into n ranges; each runs on a connection of
 * its own with REST at its start, written at its offset into the one .part
 * (an open file description per range), and is stopped (ABOR) once it has
 * its bytes; a connection that finished its range takes the next one left,
 * or, none left, half of the rest of the busiest range (a split). The
 * other connections log in while the first asks SIZE and MDTM.
 * A file under min_size, or n < 2, goes over one connection. A server that
 * refuses the extra connections leaves the ranges to the ones it allowed
 * (note says so); one that refuses REST gets one ordinary download (note).
 * The .part is renamed into place when every range is complete; it is
 * never renamed over an existing file.
 *
 * Its state (size, remote time, each range's START-GOT-END: the bytes
 * START..GOT are written) goes to save: once the ranges are cut, at most
 * once a second while bytes arrive, and at the end of each range (now
 * true). Started again with that state (resume), it first compares the
 * remote size and time (MDTM) with it: unchanged, each range goes on from
 * its GOT (never past what the .part holds); changed, it starts again
 * from zero and note says why.
 */
#ifndef JANGADA_XFER_SEGMENT_H
#define JANGADA_XFER_SEGMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ftp/session.h"
#include "xfer/journal.h"

struct ev_loop;
struct xseg;

struct xseg_result {
	bool		 ok;
	const char	*error;		/* translated, or NULL */
	uint64_t	 size;
	int		 conns;		/* connections that moved bytes */
	uint64_t	 moved;		/* bytes fetched by this run */
	bool		 resumed;	/* ranges went on from a saved state */
};

struct xseg_state {
	uint64_t	 size;
	int64_t		 mtime;		/* MDTM; 0 unknown */
	int		 nr;
	struct jq_range	 r[JQ_MAX_RANGES];
};

typedef void (*xseg_done_fn)(struct xseg *, const struct xseg_result *,
    void *);
typedef void (*xseg_note_fn)(struct xseg *, const char *msg, void *);
typedef void (*xseg_save_fn)(struct xseg *, const struct xseg_state *,
    bool now, void *);

/* Start; NULL with err. dir: an absolute directory; name: a safe name. */
struct xseg	*xseg_start(struct ev_loop *, const struct ftp_login *,
		    const struct ftp_options *, const char *remote,
		    const char *dir, const char *name, int n,
		    uint64_t min_size, const struct xseg_state *resume,
		    xseg_done_fn, xseg_note_fn, xseg_save_fn, void *arg,
		    char *err, size_t errlen);
/*
 * Its progress as it is now, for a front end to show: size (0 until SIZE
 * answered), bytes written, and each range's START-GOT-END (none while
 * the ranges are not cut, or for one ordinary download: single).
 */
struct xseg_progress {
	uint64_t	 size;
	uint64_t	 done;
	bool		 single;
	int		 nr;
	struct jq_range	 r[JQ_MAX_RANGES];
};

void		 xseg_progress(const struct xseg *, struct xseg_progress *);
/* Stop (the .part is kept) and free; safe from its callbacks. */
void		 xseg_free(struct xseg *);

#endif
