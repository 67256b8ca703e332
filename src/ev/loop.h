/*
 * loop.h: the one event loop.
 *
 * poll() over registered fds, one-shot timers, and signals delivered as loop
 * events through a self-pipe. Callbacks run on the loop; nothing else runs
 * jangada's code (the resolver thread only calls getaddrinfo). Watchers may
 * be freed from inside any callback, including their own.
 */
#ifndef JANGADA_EV_LOOP_H
#define JANGADA_EV_LOOP_H

#include <poll.h>
#include <stdbool.h>
#include <stdint.h>

struct ev_loop;
struct ev_io;
struct ev_timer;

typedef void (*ev_io_cb)(struct ev_io *, int fd, short revents, void *arg);
typedef void (*ev_timer_cb)(struct ev_timer *, void *arg);
typedef void (*ev_signal_cb)(int signo, void *arg);

struct ev_loop	*ev_loop_new(void);
void		 ev_loop_free(struct ev_loop *);
int		 ev_run_once(struct ev_loop *, int max_wait_ms);
int		 ev_run_due(struct ev_loop *);
void		 ev_run(struct ev_loop *);
void		 ev_break(struct ev_loop *);
bool		 ev_broken(struct ev_loop *);
uint64_t	 ev_now(struct ev_loop *);
/* The monotonic clock in ms and in µs; the wall clock (Unix time) in ms. */
uint64_t	 ev_clock_ms(void);
uint64_t	 ev_clock_us(void);
uint64_t	 ev_wall_ms(void);
void		 ev_add_prepare(struct ev_loop *, void (*)(void *), void *);

struct ev_io	*ev_io_new(struct ev_loop *, int fd, short events, ev_io_cb,
		    void *);
void		 ev_io_set(struct ev_io *, short events);
short		 ev_io_events(const struct ev_io *);
void		 ev_io_free(struct ev_io *);

struct ev_timer	*ev_timer_new(struct ev_loop *, ev_timer_cb, void *);
void		 ev_timer_start(struct ev_timer *, uint64_t ms);
void		 ev_timer_stop(struct ev_timer *);
bool		 ev_timer_pending(const struct ev_timer *);
void		 ev_timer_free(struct ev_timer *);

int		 ev_signal_watch(struct ev_loop *, int signo, ev_signal_cb,
		    void *);

#endif
