/*
 * log.h: the logger.
 *
 * One call site style for everything: log_debug/info/warn/error with a
 * printf format. A line is sanitized, stamped and handed to every sink: the
 * debug log file (--log FILE), and whatever the program registers (the TUI's
 * protocol pane, batch mode's stderr). Nothing is written to the terminal by
 * the logger itself.
 */
#ifndef JANGADA_BASE_LOG_H
#define JANGADA_BASE_LOG_H

#include <stdarg.h>

enum log_level {
	LOG_DEBUG,
	LOG_INFO,
	LOG_WARN,
	LOG_ERROR
};

typedef void (*log_sink_fn)(enum log_level, const char *line, void *arg);

int	 log_open_file(const char *path);
void	 log_close(void);
int	 log_add_sink(log_sink_fn, enum log_level min, void *arg);
void	 log_remove_sink(log_sink_fn, void *arg);
void	 log_msg(enum log_level, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 log_vmsg(enum log_level, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));
const char *log_level_name(enum log_level);

#define log_debug(...)	log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_info(...)	log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...)	log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...)	log_msg(LOG_ERROR, __VA_ARGS__)

#endif
