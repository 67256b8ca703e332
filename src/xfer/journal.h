/*
 * journal.h: the on-disk format of the saved transfer queue
 * ($XDG_STATE_HOME/jangada/queue), pure: records in, text out, and back.
 *
 * Version 2, one record a line, fields separated by one space, every field
 * escaped (%XX for the bytes up to space, '%', DEL; "-" alone is the empty
 * field, a literal "-" is %2D):
 *
 *	jangada-queue 2
 *	job KIND STATE TYPE FLAGS POLICY TOTAL DONE MTIME HOST PORT USER
 *	    REMOTE LDIR LNAME LPATH PRIO RANGES
 *	...
 *	end COUNT CRC32
 *
 * KIND get|put; STATE queued|paused; TYPE binary|ascii|auto; FLAGS a set
 * of letters (r recursive, l follow links, t keep the time, s started: the
 * job had decided and written its target); POLICY ask|skip|rename|
 * overwrite|resume. MTIME is the remote file's time (MDTM, seconds since
 * the epoch, 0 unknown) when the download began; PRIO the job's priority
 * (a signed number); RANGES, for a segmented download (pget) only, its
 * ranges START-GOT-END joined by ",": bytes START..GOT of the range are
 * known written, GOT..END are to fetch. Version 1 (the same without PRIO
 * and RANGES) is still read. The last line holds the number of jobs and the CRC-32
 * (hex) of every byte before it: a journal without it, or with a wrong
 * one, is refused whole. No password is ever part of a record.
 */
#ifndef JANGADA_XFER_JOURNAL_H
#define JANGADA_XFER_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JQ_VERSION	2
#define JQ_MAX_RANGES	16

struct jq_range {
	uint64_t	 start, got, end;
};

struct jq_job {
	bool		 put;		/* else get */
	bool		 paused;
	int		 type;		/* enum xq_type */
	int		 policy;	/* enum xq_policy */
	bool		 recursive, follow_links, keep_time, started;
	uint64_t	 total;		/* 0: unknown */
	uint64_t	 done;
	int64_t		 mtime;		/* 0: unknown */
	char		*host, *port, *user;	/* user NULL: anonymous */
	char		*remote;
	char		*ldir, *lname;	/* get: absolute directory, name */
	char		*lpath;		/* put: absolute local path */
	int		 priority;
	int		 nranges;	/* >0: a segmented download */
	struct jq_range	 ranges[JQ_MAX_RANGES];
};

struct jq_file {
	struct jq_job	*jobs;
	size_t		 n, cap;
};

/* Append a copy of job (its strings copied). */
void	 jq_add(struct jq_file *, const struct jq_job *);
void	 jq_job_free(struct jq_job *);
void	 jq_free(struct jq_file *);
/* The text of f (malloc'd, NUL-terminated), its length in *len. */
char	*jq_encode(const struct jq_file *, size_t *len);
/* Parse buf into f (empty first); -1 with err: nothing is kept. */
int	 jq_decode(const char *buf, size_t len, struct jq_file *,
	    char *err, size_t errlen);
uint32_t jq_crc32(const void *, size_t);

#endif
