/*
 * cmd_priv.h: what the files of the command language share: the command
 * families' run functions and the helpers they use. Nothing outside
 * src/cmd includes it.
 *
 * The files call only files below them; the order, bottom to top (the
 * files on one line do not call each other; a file's other header, when
 * it has one, is named):
 *
 *   glob.c netrc.c place.c token.c url.c optcols.c optval.c qgroup.c
 *   rwalk.c verify_store.c
 *                  pure parsers and helpers (parse.h, qgroup.h, rwalk.h);
 *                  what the held checks keep between runs
 *   app.c rc.c alias.c
 *                  the state every command uses (app.h); the config and
 *                  bookmark files; the aliases in memory
 *   child.c pgets.c pins.c recent.c verify.c zone.c
 *                  child processes (child.h), pget rows (pgets.h), pinned
 *                  certificates, recent sites, a check run (verify.h),
 *                  the listing's time zone (app.h)
 *   call.c verify_held.c
 *                  a call made, checked, run, ended, and the helpers every
 *                  command uses (cmd.h); the held downloads' check runs
 *   reconnect.c cmd_trust.c cmd_tree.c cmd_qorder.c cmd_find.c
 *   cmd_lrename.c cmd_verify.c cmd_compare.c cmd_net.c cmd_mirror_args.c
 *   cmd_chmod.c
 *                  the reconnection; the trust questions; trees (rm -r,
 *                  mkdir -p, lrm); the job controls; find, du; lrename;
 *                  verify; compare; the network tools; mirror's options;
 *                  chmod's symbolic modes on a remote path
 *   app_opts.c cmd_local.c errtext.c
 *                  set and show; the local commands; error lines, and a
 *                  call ended by a failed operation
 *   qwait.c cmd_bookmark.c cmd_edit.c cmd_view.c cmd_mirror_links.c
 *                  a transfer command waiting for its jobs; bookmarks;
 *                  edit, the pager; view; mirror's remote tree and links
 *   cmd_remote.c cmd_pget.c cmd_mirror.c
 *                  the remote commands; pget; mirror
 *   cmd_qsave.c cmd_shell.c
 *                  the saved queue; the shell and redirections
 *   cmd_conn.c cmd_xfer.c
 *                  the connection commands; the transfer commands
 *   app_life.c cmd_diagnose.c
 *                  the app made and freed, its events wired; diagnose
 *   cmd_table.c secret.c cmd_alias.c
 *                  the table of every command (with finding a name in
 *                  it, and help); the rule for secret lines; alias and
 *                  unalias. One knot is left here: the table names
 *                  cmd_alias, which refuses a text that secret.c finds
 *                  secret, which finds a word's command in the table.
 *   cmd.c complete.c
 *                  running a typed line; Tab completion (complete.h)
 *   batch.c        batch mode (batch.h)
 *
 * Below, the declarations by file, in that order.
 */
#ifndef JANGADA_CMD_CMD_PRIV_H
#define JANGADA_CMD_CMD_PRIV_H

#include "cmd/app.h"
#include "cmd/cmd.h"

#define CMD_RUN(name)	int cmd_##name(struct cmd_call *)

/* alias.c: the aliases in memory. */
struct alias {
	char	*name;
	char	*text;
};
/* Define or redefine; -1 and err. secret: the text may hold a password. */
int	 alias_define(const char *name, const char *text, bool secret,
	    char *err, size_t errlen);
/* The alias of name[0..len), or NULL. */
struct alias *alias_get(const char *name, size_t len);
bool	 alias_remove(const char *name);
/* Alias i (definition order), NULL past the last. */
const struct alias *alias_at(size_t i);
/* "alias NAME TEXT" as the config and the list write it (allocated). */
char	*alias_line(const char *name, const char *text);
/* The line with its first word's alias expanded, or NULL. */
char	*cmd_alias_expand(const char *line);
/* "NAME (TEXT), ..." for help, or NULL. */
char	*cmd_alias_list(void);

/* call.c: a call (cmd.h has the rest: finish, fail, usage, options). */
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
/* Output every line of text (modified in place). */
void	 cmd_out_lines(struct app *, char *text);

/* reconnect.c: in app.h (app_reconnect_*). */

/*
 * cmd_trust.c: a login refused for a certificate or a password in clear:
 * on the screen, ask, then again(c) (open connecting again with what was
 * accepted) or fail; true if asked (the call goes on). cmd_trust_apply
 * puts what was accepted into o.
 */
bool	 cmd_open_refused(struct cmd_call *, const struct ftp_status *,
	    void (*again)(struct cmd_call *));
void	 cmd_trust_apply(struct app *, struct ftp_options *o);

/* cmd_tree.c: lrm, and the forms of rm, rmdir (-r, -f; dirs: rmdir),
   mkdir, lmkdir (-p) that cmd_rm, cmd_rmdir, cmd_mkdir, cmd_lmkdir give
   over to by their parsed options. */
CMD_RUN(lrm); CMD_RUN(mkdir_tree); CMD_RUN(lmkdir_tree);
int	 cmd_rm_tree(struct cmd_call *, bool dirs);

/* cmd_chmod.c: one path of chmod with a symbolic mode (argv[1]): the
   mode from the path's listed permissions, then SITE CHMOD; cb(arg) when
   it ends, failed when the listing gives no mode. *memo (NULL at first,
   cmd_chmod_memo_free at the end): the modes of the last directory
   listed, kept for the call's next paths. */
int	 cmd_chmod_sym(struct cmd_call *, const char *path, void **memo,
	    ftp_done_cb cb, void *arg);
void	 cmd_chmod_memo_free(void *);

/* cmd_qorder.c: the job controls, the order, the queue paused whole. */
CMD_RUN(queue_ctl); CMD_RUN(queue_pause); CMD_RUN(queue_move);
CMD_RUN(queue_priority);
int	 cmd_queue_resume_all(struct cmd_call *);

/* cmd_find.c, cmd_lrename.c, cmd_verify.c, cmd_compare.c */
CMD_RUN(rfind); CMD_RUN(du);
CMD_RUN(lrename);
CMD_RUN(verify);
CMD_RUN(compare);

/* cmd_net.c: the network tools. */
CMD_RUN(resolve); CMD_RUN(port); CMD_RUN(probe); CMD_RUN(tcp);
CMD_RUN(udp); CMD_RUN(console);

/* cmd_local.c */
CMD_RUN(lcd); CMD_RUN(lpwd); CMD_RUN(lls); CMD_RUN(lmkdir);
CMD_RUN(lchmod);

/* errtext.c */
/*
 * "NAME: SUBJECT: ERROR" (subject may be NULL): an error of the engine,
 * every byte escaped once, the subject once.
 */
void	 cmd_err(struct app *, const char *name, const char *subject,
	    const char *error);
/* "name: message" for an operation status, and end the call failed (a
   look cut by a dropped connection runs again after the reconnection). */
void	 cmd_fail_status(struct cmd_call *, const struct ftp_status *);

/* qwait.c: the jobs a transfer command queued. */
/* Wait for the queue jobs of this call (batch); finish when they end. */
void	 cmd_wait_jobs(struct cmd_call *, unsigned first, unsigned last);
/* The jobs first..last were queued (first 0: none); failed could not be. */
void	 cmd_queued(struct cmd_call *, unsigned first, unsigned last,
	    int failed);
/* The queue is idle: end the waiting transfer command. */
void	 cmd_jobs_ended(struct app *);

/* cmd_bookmark.c */
CMD_RUN(bookmark_list); CMD_RUN(bookmark_add); CMD_RUN(bookmark_del);

/* cmd_edit.c: edit and the pager. */
CMD_RUN(edit); CMD_RUN(pager);

/* cmd_view.c: the screen's viewer and refresh. */
CMD_RUN(view); CMD_RUN(refresh);
/* The -n KIB of cat and view (set viewkib by default) in bytes; -1: usage. */
int	 cmd_view_limit(struct cmd_call *, size_t *limit);

/* cmd_remote.c */
CMD_RUN(ls); CMD_RUN(nlist); CMD_RUN(cd); CMD_RUN(cdup); CMD_RUN(pwd);
CMD_RUN(mkdir); CMD_RUN(rmdir); CMD_RUN(rm); CMD_RUN(rename);
CMD_RUN(chmod); CMD_RUN(size); CMD_RUN(mtime); CMD_RUN(cat);
/* Print a listing's entries (ls) or names (nlist). */
void	 cmd_print_listing(struct app *, const struct ftp_listing *,
	    size_t from, bool long_);

/* cmd_pget.c: a file over several connections. */
CMD_RUN(pget);
struct jq_file;
/* queue resume: run the saved segmented downloads (taken), then wait for
   the queue's jobs first..last. */
void	 cmd_pget_resume_saved(struct cmd_call *, struct jq_file *,
	    unsigned first, unsigned last, int failed);

/* cmd_mirror.c */
CMD_RUN(mirror);

/* cmd_qsave.c: the saved queue. */
CMD_RUN(queue_resume); CMD_RUN(queue_drop); CMD_RUN(queue_review);
void	 cmd_queue_list_saved(struct app *);
void	 cmd_queue_saved_hint(struct app *);

/* cmd_shell.c: the shell, pipes and redirections. */
CMD_RUN(shell);
/* Where a line's first unquoted '|' or '>' is, or NULL; run the command
   d on argv (taken) with its output to what op names. */
const char *cmd_redirect_at(const char *line);
void	 cmd_redirect(struct app *, const struct cmd_desc *d, char **argv,
	    int argc, const char *op, cmd_done_cb, void *);

/* cmd_conn.c: the connection commands. */
CMD_RUN(open); CMD_RUN(user); CMD_RUN(close); CMD_RUN(quit);
CMD_RUN(status); CMD_RUN(passive); CMD_RUN(active); CMD_RUN(set);
CMD_RUN(show); CMD_RUN(debug); CMD_RUN(quote); CMD_RUN(site);

/* cmd_xfer.c: the transfer commands, queue list and clear. */
CMD_RUN(get); CMD_RUN(mget); CMD_RUN(put); CMD_RUN(mput); CMD_RUN(reget);
CMD_RUN(ascii); CMD_RUN(binary); CMD_RUN(type);
CMD_RUN(queue_list); CMD_RUN(queue_clear);

/* cmd_diagnose.c */
CMD_RUN(diagnose);

/* cmd_table.c (the table, cmd_find and cmd_table in cmd.h) */
CMD_RUN(help);

/* secret.c: cmd_line_is_secret, in cmd.h. */

/* cmd_alias.c (cmd_alias_define in cmd.h) */
CMD_RUN(alias); CMD_RUN(unalias);

#endif
