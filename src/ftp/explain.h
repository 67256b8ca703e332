/*
 * explain.h: what a line of the FTP transcript means, in the user's
 * language, for the protocol pane's explain toggle and `set explain on`
 * (pure: a line in, a sentence out).
 */
#ifndef JANGADA_FTP_EXPLAIN_H
#define JANGADA_FTP_EXPLAIN_H

#include <stdbool.h>

/*
 * The meaning of a transcript line (sent: a command jangada sent, else a
 * server's reply line), translated; allocated, or NULL when there is
 * nothing to say (the inner lines of a multi-line reply, an unknown
 * command). The line is display-safe; so is the sentence.
 */
char	*ftp_explain(bool sent, const char *line);
/* The meaning of a command verb ("RETR"), or NULL. */
const char *ftp_explain_verb(const char *verb);
/* The meaning of a reply code (its class's, for a code not listed). */
char	*ftp_explain_code(int code, const char *text);

#endif
