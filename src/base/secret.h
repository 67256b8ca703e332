/*
 * secret.h: passwords in memory and on the control connection.
 *
 * secret_free is the one wipe-and-free of a string that may hold a
 * password. secret_ftp_line says whether an FTP command line carries a
 * secret (PASS, ACCT, in any case spelling, also after SITE) and how much
 * of it may be shown: the transcript and the log show "PASS ****".
 */
#ifndef JANGADA_BASE_SECRET_H
#define JANGADA_BASE_SECRET_H

#include <stdbool.h>
#include <stddef.h>

/* Overwrite and free s (NULL is fine). */
void	secret_free(char *s);
/*
 * Does the command line (without CRLF) carry a secret? Then *keep is the
 * length of its visible start ("PASS", "site acct"), to show followed by
 * " ****".
 */
bool	secret_ftp_line(const char *line, size_t *keep);
/* The line as a log or transcript may show it (allocated). */
char	*secret_ftp_shown(const char *line);

#endif
