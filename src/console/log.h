/*
 * log.h: the kept log of a console session, a bounded buffer of lines
 * (log.c). The buffer is made with buf_init(log, LIM_CONSOLE_LOG).
 */
#ifndef JANGADA_CONSOLE_LOG_H
#define JANGADA_CONSOLE_LOG_H

struct buf;
struct con_line;

/* Add a line (copied); the oldest lines go when it is full. */
void	con_log_add(struct buf *log, const struct con_line *);
/* Each line kept, oldest first; a line is valid during its call only. */
void	con_log_each(const struct buf *log,
	    void (*)(const struct con_line *, void *), void *);

#endif
