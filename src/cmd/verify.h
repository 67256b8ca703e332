/*
 * verify.h: checking downloads against the checksum files published
 * beside them (src/cmd only): the verify command, and set verify auto,
 * which checks every download before it is committed (issue 17).
 *
 * Files are taken a remote directory at a time: its listing (the cache,
 * or one LIST), then each checksum file found there fetched once into
 * memory on the browsing session (SHA512SUMS, SHA256SUMS, SHA1SUMS,
 * MD5SUMS, and NAME.sha512, NAME.sha256, NAME.sha1, NAME.md5 for a file
 * of its own; at most VERIFY_SUMS_MAX bytes each). A file's digest comes
 * from its own NAME.* first, then from the lists, strongest first; a
 * file with none is not checked (and not counted as verified). The local
 * file is hashed a slice per loop pass, so the loop never blocks. Each
 * result is said ("✓ NAME: verified sha256" or "✗ NAME: sha256
 * mismatch"); the verify command leaves the user's files as they are.
 *
 * set verify auto: the queue holds every finished download as its .part
 * (xq_set_verify) and verify_held checks it before the commit: the file
 * hashed is the .part, the verdict goes to the job (xq_verdict), which
 * commits it or leaves it as .part, failed. Held files wait while a run
 * is out and go together in the next one; the checksum files read stay
 * in memory (a few directories) until the queue goes idle, so each is
 * fetched once per directory however the files arrive.
 */
#ifndef JANGADA_CMD_VERIFY_H
#define JANGADA_CMD_VERIFY_H

#include <stdbool.h>
#include <stddef.h>

struct app;
struct verify;
struct xq_job;

#define VERIFY_SUMS_MAX	(1024 * 1024)

struct verify_file {
	const char	*remote;	/* the remote path it came from */
	const char	*local;		/* the local file */
	unsigned	 job;		/* its queue job (the result goes to
					   xq_set_check), or 0 */
	const char	*part;		/* NULL, or the held .part to hash
					   (the verdict goes to xq_verdict) */
};

struct verify_result {
	unsigned	 verified;
	unsigned	 mismatched;
	unsigned	 unchecked;	/* no checksum found */
	unsigned	 errors;	/* could not be read */
};

typedef void	(*verify_done_cb)(void *arg, const struct verify_result *);

/*
 * Check n files (copied); name is the command's, for messages. done
 * comes from the loop, never from inside this call. NULL: not connected.
 */
struct verify	*verify_start(struct app *, const char *name,
		    const struct verify_file *, size_t n,
		    verify_done_cb done, void *arg);
/* Stop: no callback after this (NULL is fine). */
void		 verify_stop(struct verify *);
/*
 * The queue holds a finished download (the check event): check part,
 * then xq_verdict the job (see above). One run at a time.
 */
void		 verify_held(struct app *, const struct xq_job *,
		    const char *part);
/* The queue went idle: forget the checksum files read. */
void		 verify_idle(struct app *);
/* The app goes away: stop the run (the held .part files stay). */
void		 verify_held_free(struct app *);

#endif
