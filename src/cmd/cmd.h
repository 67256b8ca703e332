/*
 * cmd.h: the command language: a table of command descriptors, matched by
 * unique prefix, each run asynchronously on the app.
 *
 * A command runs from the loop: cmd_run_line tokenizes a line, finds the
 * command, and calls its run function, which starts whatever operations it
 * needs and returns; the command ends later with cmd_finish, which calls
 * the caller's done callback exactly once. One command runs at a time per
 * app (transfers go on in the queue behind it).
 */
#ifndef JANGADA_CMD_CMD_H
#define JANGADA_CMD_CMD_H

#include <stdbool.h>
#include <stddef.h>

struct app;
struct cmd_call;

enum cmd_family {
	CF_CONNECTION,
	CF_REMOTE,
	CF_LOCAL,
	CF_TRANSFER,
	CF_BOOKMARK,
	CF_NETWORK,
	CF_OTHER
};

/* What Tab completes for a command's arguments. */
enum cmd_complete {
	CC_NONE,
	CC_REMOTE,		/* remote paths (the cached listing) */
	CC_REMOTE_DIR,
	CC_LOCAL,		/* local paths */
	CC_LOCAL_DIR,
	CC_COMMAND,		/* command names (help) */
	CC_OPTION,		/* set/show option names */
	CC_BOOKMARK
};

/* Flags of a descriptor. */
#define CMD_CONN	0x01	/* needs a logged-in browsing session */
#define CMD_SECRET	0x02	/* the line may hold a password: never in
				   history */

/* Exit statuses of a command (and of batch mode). */
#define CMD_OK		0
#define CMD_FAILED	1
#define CMD_USAGE	2

struct cmd_desc {
	const char	*name;
	const char	*aliases[4];	/* NULL-ended */
	const char	*usage;		/* N_("get [-a|-b] REMOTE...") */
	const char	*help;		/* N_("download files"), one line */
	enum cmd_family	 family;
	unsigned	 flags;
	enum cmd_complete complete;
	int		(*run)(struct cmd_call *);
};

typedef void (*cmd_done_cb)(struct cmd_call *, int status, void *arg);

struct cmd_call {
	struct app		*app;
	const struct cmd_desc	*desc;
	int			 argc;
	char			**argv;
	int			 status;
	cmd_done_cb		 done;
	void			*done_arg;
	void			*priv;		/* the command's own state */
	void			(*priv_free)(void *);
	bool			 finished;
	bool			 interrupted;	/* cmd_cancel: ends quietly */
	bool			 run_long;	/* ls: the long form */
	size_t			 shown;		/* ls: entries printed so far */
};

/* The table, in the order help lists it. */
const struct cmd_desc *cmd_table(size_t *n);
/* By exact name, alias or unique prefix; NULL and err otherwise. */
const struct cmd_desc *cmd_find(const char *name, char *err, size_t errlen);
const char	*cmd_family_name(enum cmd_family);

/*
 * Run one command line. done is called exactly once, from the loop or
 * from inside this call for a line that fails at once (usage errors).
 * An empty or comment line finishes with CMD_OK.
 */
void		 cmd_run_line(struct app *, const char *line, cmd_done_cb,
		    void *);
/* End the command (status CMD_OK, CMD_FAILED or CMD_USAGE). */
void		 cmd_finish(struct cmd_call *, int status);
/* Report an error of the command ("get: ...") and end it. */
void		 cmd_fail(struct cmd_call *, int status, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
/*
 * Interrupt the running command (Ctrl-C, Esc, SIGTERM): "NAME:
 * interrupted" is said once, every operation of the browsing session ends
 * (ftp_cancel: no callback of theirs runs later) and the command ends
 * failed, before this returns. The session stays usable: the next command
 * works. With no command running, what runs on the browsing session (a
 * directory loading on the screen) is interrupted all the same: its
 * callbacks see st->interrupted; nothing is said. The transfer queue is
 * not touched.
 */
void		 cmd_cancel(struct app *);
/* Does this line hold a secret (never keep it in history)? */
bool		 cmd_line_is_secret(const char *line);

#endif
