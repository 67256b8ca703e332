/*
 * cmd_priv.h: what the command families share: their run functions and a
 * few helpers. Nothing outside src/cmd includes it.
 */
#ifndef JANGADA_CMD_CMD_PRIV_H
#define JANGADA_CMD_CMD_PRIV_H

#include "cmd/app.h"
#include "cmd/cmd.h"

#define CMD_RUN(name)	int cmd_##name(struct cmd_call *)

/* connection */
CMD_RUN(open); CMD_RUN(user); CMD_RUN(close); CMD_RUN(quit);
CMD_RUN(status); CMD_RUN(passive); CMD_RUN(active); CMD_RUN(set);
CMD_RUN(show); CMD_RUN(debug); CMD_RUN(quote); CMD_RUN(site);
CMD_RUN(diagnose);
/* remote */
CMD_RUN(ls); CMD_RUN(nlist); CMD_RUN(cd); CMD_RUN(cdup); CMD_RUN(pwd);
CMD_RUN(mkdir); CMD_RUN(rmdir); CMD_RUN(rm); CMD_RUN(rename);
CMD_RUN(chmod); CMD_RUN(size); CMD_RUN(mtime); CMD_RUN(cat);
/* local */
CMD_RUN(lcd); CMD_RUN(lpwd); CMD_RUN(lls); CMD_RUN(lmkdir);
CMD_RUN(lchmod);
/* transfers */
CMD_RUN(get); CMD_RUN(mget); CMD_RUN(put); CMD_RUN(mput); CMD_RUN(reget);
CMD_RUN(ascii); CMD_RUN(binary); CMD_RUN(type);
CMD_RUN(queue_list); CMD_RUN(queue_ctl); CMD_RUN(queue_clear);
CMD_RUN(mirror); CMD_RUN(verify); CMD_RUN(compare);
/* the saved queue (cmd_qsave.c) */
CMD_RUN(queue_resume); CMD_RUN(queue_drop); CMD_RUN(queue_review);
/* the queue's order, pausing it whole (cmd_qorder.c) */
CMD_RUN(queue_pause); CMD_RUN(queue_move); CMD_RUN(queue_priority);
/* a file over several connections (cmd_pget.c) */
CMD_RUN(pget);
int	 cmd_queue_resume_all(struct cmd_call *);
void	 cmd_queue_list_saved(struct app *);
void	 cmd_queue_saved_hint(struct app *);
/* bookmarks */
CMD_RUN(bookmark_list); CMD_RUN(bookmark_add); CMD_RUN(bookmark_del);
/* network tools */
CMD_RUN(resolve); CMD_RUN(port); CMD_RUN(probe); CMD_RUN(tcp);
CMD_RUN(udp); CMD_RUN(console);
/* the screen's viewer and refresh (cmd_view.c) */
CMD_RUN(view); CMD_RUN(refresh);
/* other */
CMD_RUN(help);
/* trees (cmd_tree.c): lrm, and the forms of rm, rmdir (-r, -f), mkdir,
   lmkdir (-p) that cmd_rm, cmd_rmdir, cmd_mkdir, cmd_lmkdir give over to
   by their parsed options */
CMD_RUN(lrm); CMD_RUN(lrename); CMD_RUN(mkdir_tree); CMD_RUN(lmkdir_tree);
int	 cmd_rm_tree(struct cmd_call *, bool dirs);
/* find and du (cmd_find.c) */
CMD_RUN(rfind); CMD_RUN(du);
/* the shell, pipes and redirections (cmd_shell.c) */
CMD_RUN(shell);
/* edit and the pager (cmd_edit.c) */
CMD_RUN(edit); CMD_RUN(pager);
/* aliases (cmd_alias.c) */
CMD_RUN(alias); CMD_RUN(unalias);
/* The line with its first word's alias expanded, or NULL. */
char	*cmd_alias_expand(const char *line);
/* "NAME (TEXT), ..." for help, or NULL. */
char	*cmd_alias_list(void);
/* cmd_shell.c: where a line's first unquoted '|' or '>' is, or NULL; run
   the command d on argv (taken) with its output to what op names. */
const char *cmd_redirect_at(const char *line);
void	 cmd_redirect(struct app *, const struct cmd_desc *d, char **argv,
	    int argc, const char *op, cmd_done_cb, void *);
/* The -n KIB of cat and view (set viewkib by default) in bytes; -1: usage. */
int	 cmd_view_limit(struct cmd_call *, size_t *limit);
/* A fresh call of d (NULL: none yet) on argv; done hears how it ended. */
struct cmd_call *cmd_call_new(struct app *, const struct cmd_desc *d,
	    char **argv, int argc, cmd_done_cb done, void *arg);
/*
 * Check a found command's words (subcommand, argument spec, connection)
 * as cmd_run_line does; 0: run it; -1: the call has ended.
 */
int	 cmd_call_check(struct cmd_call *);
/* cmd_call_check, then run the command (it is app->running). */
void	 cmd_call_run(struct cmd_call *);

/*
 * cmd_trust.c: a login refused for a certificate or a password in clear:
 * on the screen, ask, then again(c) (open connecting again with what was
 * accepted) or fail; true if asked (the call goes on). cmd_trust_apply
 * puts what was accepted into o.
 */
bool	 cmd_open_refused(struct cmd_call *, const struct ftp_status *,
	    void (*again)(struct cmd_call *));
void	 cmd_trust_apply(struct app *, struct ftp_options *o);

/*
 * "NAME: SUBJECT: ERROR" (subject may be NULL): an error of the engine,
 * every byte escaped once, the subject once (errtext.c).
 */
void	 cmd_err(struct app *, const char *name, const char *subject,
	    const char *error);
/* "name: message" for an operation status, and end the call failed. */
void	 cmd_fail_status(struct cmd_call *, const struct ftp_status *);
/* Print a listing's entries (ls) or names (nlist). */
void	 cmd_print_listing(struct app *, const struct ftp_listing *,
	    size_t from, bool long_);
/* Wait for the queue jobs of this call (batch); finish when they end. */
void	 cmd_wait_jobs(struct cmd_call *, unsigned first, unsigned last);
/* The jobs first..last were queued (first 0: none); failed could not be. */
struct jq_file;
/* queue resume: run the saved segmented downloads (taken), then wait for
   the queue's jobs first..last (cmd_pget.c). */
void	 cmd_pget_resume_saved(struct cmd_call *, struct jq_file *,
	    unsigned first, unsigned last, int failed);
void	 cmd_queued(struct cmd_call *, unsigned first, unsigned last,
	    int failed);
/* Output every line of text (modified in place). */
void	 cmd_out_lines(struct app *, char *text);
/* The queue is idle: end the waiting transfer command. */
void	 cmd_jobs_ended(struct app *);

#endif
