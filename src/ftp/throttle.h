/*
 * throttle.h: the rate limit of the transfers (struct ftp_throttle, in
 * session.h, shared by every session that points at it), shared fairly.
 *
 * Each transfer moving data under a limit is a user of it. Every refill
 * splits the new bytes evenly between the users; what a user cannot hold
 * (it has not asked for its share: its server is slow, its output is
 * full) goes evenly to the users with room, or to a common pool any user
 * may draw on when all are full. So each running transfer gets its fair
 * share, and what one leaves is not lost.
 */
#ifndef JANGADA_FTP_THROTTLE_H
#define JANGADA_FTP_THROTTLE_H

#include <stddef.h>
#include <stdint.h>

struct ftp_throttle;

struct ftp_throttle_user {
	struct ftp_throttle	*t;	/* NULL: not under a limit */
	struct ftp_throttle_user *next;
	double			 tokens;	/* this user's share */
};

/* Start or stop counting as a transfer under t (t may be NULL). */
void	throttle_join(struct ftp_throttle_user *, struct ftp_throttle *);
void	throttle_leave(struct ftp_throttle_user *);
/* Is a limit in force? */
int	throttle_on(const struct ftp_throttle_user *);
/* How many bytes the user may move now (at most want); 0: wait. */
size_t	throttle_take(struct ftp_throttle_user *, size_t want);
/* Bytes taken but not moved go back to the user's share. */
void	throttle_give(struct ftp_throttle_user *, size_t n);
/* Of want bytes taken, n were moved (-1: none, an error): the rest go back. */
void	throttle_moved(struct ftp_throttle_user *, size_t want, ssize_t n);
/* How long to wait before asking again, in ms (1 to 100). */
uint64_t throttle_wait_ms(const struct ftp_throttle_user *);

#endif
