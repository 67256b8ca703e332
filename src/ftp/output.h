/*
 * output.h: a download into a file descriptor of the caller's (standard
 * output, a pipe, a FIFO, a socket, a terminal, /dev/null), whatever its
 * reader's pace: the bytes go by splice(2) where the target takes it and
 * by write otherwise; a full target is waited for through the loop
 * (POLLOUT) with the data connection's reading paused meanwhile, never
 * by blocking. The transfer files call these; a target that drained (or
 * failed) while the data waited is reported to the drained callback.
 */
#ifndef JANGADA_FTP_OUTPUT_H
#define JANGADA_FTP_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

struct ev_io;
struct ftp_session;

struct ftp_output {
	int		 fd;		/* where the bytes go; -1 none */
	int		 own;		/* a non-blocking reopening of fd */
	int		 restore;	/* fd's flags to put back, or -1 */
	bool		 sock;		/* a socket: send(MSG_DONTWAIT) */
	bool		 can_splice;
	size_t		 in_pipe;	/* waiting in the session's pipe */
	unsigned char	*buf;		/* waiting bytes (copies) */
	size_t		 off, len, size;
	struct ev_io	*io;		/* POLLOUT while something waits */
	/* Everything that waited went out (err 0), or writing failed. */
	void		(*drained)(struct ftp_session *, int err);
};

/* Get ready to write into fd; -1 (errno) if it can't be. */
int	out_open(struct ftp_session *, int fd,
	    void (*drained)(struct ftp_session *, int err));
/* Done: what still waits is dropped, a reopened fd closed. */
void	out_close(struct ftp_session *);
/* Write (or keep) n bytes; -1 (errno) on a write error. */
int	out_write(struct ftp_session *, const unsigned char *, size_t);
/* n bytes are in the session's splice pipe: move them on; -1 (errno). */
int	out_splice(struct ftp_session *, size_t n);
/* Do bytes wait for the reader? (The data connection is paused.) */
bool	out_waiting(const struct ftp_session *);

#endif
