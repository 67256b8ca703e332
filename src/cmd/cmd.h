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
#include <stdint.h>

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
#define CMD_REPEAT	0x04	/* only looks: run again after the browsing
				   session reconnected by itself */

/* Exit statuses of a command (and of batch mode). */
#define CMD_OK		0
#define CMD_FAILED	1
#define CMD_USAGE	2

/*
 * The argument spec of a command or a subcommand, checked by cmd_run_line
 * before anything runs:
 *
 *   opts	the option letters, getopt style: "la1" are flags, "o:" takes
 *		a value. Flags may be bundled (-la); a value may be attached
 *		(-oFILE) or be the next word. "--" ends the options, a lone
 *		"-" is an operand, and so is every word after the first
 *		operand (options come first, as POSIX says).
 *   min, max	how many operands (CMD_ANY: no upper limit).
 *   flags	CMD_ARGS_RAW: no options at all, every word is an operand
 *		(quote, site, set, user: a password may start with '-'; the
 *		console commands that read their own --long options).
 *
 * An unknown option, a missing value or a wrong count ends the call
 * through cmd_usage (the usage line, status CMD_USAGE) and the run
 * function never runs. Otherwise the options are taken out of argv
 * before run is called: argv[0] is the command's name as typed, then
 * (for a command with subcommands) the subcommand's name, then the
 * operands only. cmd_opt and cmd_optarg give the options.
 *
 * Subcommands (queue cancel, bookmark add, ...) are a table of struct
 * cmd_sub ending with a NULL name; argv[1] picks one by name or alias
 * (with none given, sub_default is used and put in argv[1]), and its own
 * spec and run function apply. Example, for a new command:
 *
 *	{ "tcp", A(NULL), N_("tcp connect HOST PORT | tcp listen PORT"),
 *	  N_("a raw TCP session"), CF_NETWORK, 0, CC_NONE, NULL,
 *	  ARGS(NULL, 0, 0, 0), tcp_subs, NULL },
 *	static const struct cmd_sub tcp_subs[] = {
 *		{ "connect", A(NULL), N_("tcp connect [-s FILE] HOST PORT"),
 *		  ARGS("s:", 2, 2, 0), cmd_tcp_connect },
 *		{ NULL } };
 */
#define CMD_ANY		(-1)
#define CMD_ARGS_RAW	0x01

struct cmd_args {
	const char	*opts;		/* "la1o:", or NULL: none */
	int		 min;
	int		 max;		/* CMD_ANY: unbounded */
	unsigned	 flags;		/* CMD_ARGS_RAW */
};

struct cmd_sub {
	const char	*name;		/* NULL ends a table */
	const char	*aliases[4];	/* NULL-ended */
	const char	*usage;		/* N_("queue cancel ID|all") */
	struct cmd_args	 args;
	int		(*run)(struct cmd_call *);
};

struct cmd_desc {
	const char	*name;
	const char	*aliases[4];	/* NULL-ended */
	const char	*usage;		/* N_("get [-a|-b] REMOTE...") */
	const char	*help;		/* N_("download files"), one line */
	enum cmd_family	 family;
	unsigned	 flags;
	enum cmd_complete complete;
	int		(*run)(struct cmd_call *);	/* NULL with subs */
	struct cmd_args	 args;
	const struct cmd_sub *subs;	/* NULL, or a table (see above) */
	const char	*sub_default;	/* the subcommand of a bare command */
};

typedef void (*cmd_done_cb)(struct cmd_call *, int status, void *arg);

struct cmd_call {
	struct app		*app;
	const struct cmd_desc	*desc;
	int			 argc;
	char			**argv;		/* name(s), operands */
	char			**argv_all;	/* every word, as typed */
	int			 status;
	cmd_done_cb		 done;
	void			*done_arg;
	void			*priv;		/* the command's own state */
	void			(*priv_free)(void *);
	bool			 finished;
	bool			 interrupted;	/* cmd_cancel: ends quietly */
	bool			 run_long;	/* ls: the long form */
	bool			 repeated;	/* run again after a reconnection */
	size_t			 shown;		/* ls: entries printed so far */
	const struct cmd_sub	*sub;		/* the subcommand, or NULL */
	/* batch, the jobs it waited for ended: after the queue's summary
	   line (mirror's own totals), or NULL */
	void			(*jobs_summary)(struct cmd_call *,
				    unsigned files, uint64_t bytes,
				    unsigned failed);
	struct verify		*verify;	/* checking its downloads */
	unsigned		 vfailed;	/* ... that failed the check */
	unsigned		 xfailed;	/* its own failures beside the
						   jobs' (mirror) */
	unsigned char		 optn[128];	/* times each option was given */
	const char		*optv[128];	/* the last value of each */
};

/* The table, in the order help lists it. */
const struct cmd_desc *cmd_table(size_t *n);
/* A usage as help shows it (a bare command name untranslated). */
const char *cmd_usage_text(const char *usage);
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
 * The one usage error: "NAME: why" (if why is not NULL), then the usage
 * line of the command (or subcommand); the call ends with CMD_USAGE.
 */
void		 cmd_usage(struct cmd_call *, const char *why);
/* How many times option letter was given (0: not given). */
unsigned	 cmd_opt(const struct cmd_call *, int letter);
/* The value of an option that takes one, or NULL if not given. */
const char	*cmd_optarg(const struct cmd_call *, int letter);
/*
 * Check argv against a spec and take the options out of it (what
 * cmd_run_line does before calling run); first is the index of the first
 * word after the command (and subcommand) name. Returns 0, or -1 with a
 * message in err.
 */
int		 cmd_args_parse(struct cmd_call *, const struct cmd_args *,
		    int first, char *err, size_t errlen);

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
/* Define an alias (the config's "alias NAME TEXT"); -1 and err if bad. */
int		 cmd_alias_define(const char *name, const char *text,
		    char *err, size_t errlen);
/* The name of alias i (definition order), NULL past the last. */
const char	*cmd_alias_name(size_t i);
/*
 * The one rule for secrets in typed lines (src/cmd/secret.c): does this
 * line (maybe several commands split by ';') carry a password in any
 * form? Such a line is never kept in the history, logged, or echoed.
 * A line's alias is expanded for the question, and an alias line is
 * always secret (it defines a line that other lines run).
 */
bool		 cmd_line_is_secret(const char *line);

#endif
