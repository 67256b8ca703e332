/*
 * log.c: the logger (see log.h).
 *
 * The file sink writes "YYYY-mm-ddTHH:MM:SS.mmm LEVEL text" lines and is
 * opened O_APPEND|O_NOFOLLOW with mode 0600: a debug log may hold server
 * replies and must not be readable by others nor follow a planted link.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/limits.h"
#include "base/log.h"
#include "base/sanitize.h"
#include "base/xmalloc.h"

#define LOG_MAX_SINKS 8

static struct {
	log_sink_fn	 fn;
	enum log_level	 min;
	void		*arg;
} sinks[LOG_MAX_SINKS];

static FILE		*log_file;
static enum log_level	 log_file_level = LOG_DEBUG;
static int		 log_busy;

/* The name of a level, as written in the log file. */
const char *
log_level_name(enum log_level l)
{
	switch (l) {
	case LOG_DEBUG:
		return "debug";
	case LOG_INFO:
		return "info";
	case LOG_WARN:
		return "warn";
	case LOG_ERROR:
		return "error";
	}
	return "?";
}

/* Open (append to) the debug log file. */
int
log_open_file(const char *path)
{
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd == -1)
		return -1;
	if ((log_file = fdopen(fd, "a")) == NULL) {
		close(fd);
		return -1;
	}
	setvbuf(log_file, NULL, _IOLBF, 0);
	return 0;
}

/* Close the file sink. */
void
log_close(void)
{
	if (log_file != NULL)
		fclose(log_file);
	log_file = NULL;
}

/* Register a sink for lines at level min or above. */
int
log_add_sink(log_sink_fn fn, enum log_level min, void *arg)
{
	int i;

	for (i = 0; i < LOG_MAX_SINKS; i++) {
		if (sinks[i].fn == NULL) {
			sinks[i].fn = fn;
			sinks[i].min = min;
			sinks[i].arg = arg;
			return 0;
		}
	}
	return -1;
}

/* Unregister a sink. */
void
log_remove_sink(log_sink_fn fn, void *arg)
{
	int i;

	for (i = 0; i < LOG_MAX_SINKS; i++)
		if (sinks[i].fn == fn && sinks[i].arg == arg)
			sinks[i].fn = NULL;
}

/* Format, sanitize and dispatch one line. */
void
log_vmsg(enum log_level level, const char *fmt, va_list ap)
{
	struct buf b;
	struct timeval tv;
	struct tm tm;
	char *raw, stamp[32];
	int i, any = 0;

	if (log_file != NULL && level >= log_file_level)
		any = 1;
	for (i = 0; i < LOG_MAX_SINKS; i++)
		if (sinks[i].fn != NULL && level >= sinks[i].min)
			any = 1;
	/* A sink that logs must not recurse into itself. */
	if (!any || log_busy)
		return;
	log_busy = 1;

	raw = xvasprintf(fmt, ap);
	buf_init(&b, LIM_LOG_LINE * 6);
	if (strlen(raw) > LIM_LOG_LINE) {
		san_append(&b, raw, LIM_LOG_LINE, 0);
		buf_append_str(&b, "...");
	} else
		san_append(&b, raw, strlen(raw), 0);
	free(raw);
	buf_cstr(&b);

	if (log_file != NULL && level >= log_file_level) {
		gettimeofday(&tv, NULL);
		localtime_r(&tv.tv_sec, &tm);
		strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
		fprintf(log_file, "%s.%03ld %s %s\n", stamp,
		    (long)(tv.tv_usec / 1000), log_level_name(level),
		    (char *)buf_data(&b));
	}
	for (i = 0; i < LOG_MAX_SINKS; i++)
		if (sinks[i].fn != NULL && level >= sinks[i].min)
			sinks[i].fn(level, (char *)buf_data(&b), sinks[i].arg);
	buf_free(&b);
	log_busy = 0;
}

/* printf-style log_vmsg. */
void
log_msg(enum log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(level, fmt, ap);
	va_end(ap);
}
