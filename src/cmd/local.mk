# src/cmd: the command language. The files in the order they call, bottom
# first: each line calls only the lines above it (cmd_priv.h says what
# each holds). The pure parsers first, batch mode last.
noinst_LIBRARIES += src/cmd/libcmd.a
src_cmd_libcmd_a_SOURCES = \
	src/cmd/parse.h \
	src/cmd/glob.c src/cmd/netrc.c src/cmd/place.c src/cmd/token.c \
	src/cmd/url.c src/cmd/optcols.c src/cmd/optval.c \
	src/cmd/qgroup.c src/cmd/qgroup.h src/cmd/rwalk.c src/cmd/rwalk.h \
	src/cmd/verify_store.c src/cmd/verify_priv.h \
	src/cmd/app.c src/cmd/app.h src/cmd/rc.c src/cmd/alias.c \
	src/cmd/child.c src/cmd/child.h src/cmd/pgets.c src/cmd/pgets.h \
	src/cmd/pins.c src/cmd/recent.c src/cmd/verify.c src/cmd/verify.h \
	src/cmd/zone.c \
	src/cmd/call.c src/cmd/cmd.h src/cmd/cmd_priv.h src/cmd/verify_held.c \
	src/cmd/reconnect.c src/cmd/cmd_trust.c src/cmd/cmd_tree.c src/cmd/cmd_chmod.c \
	src/cmd/cmd_qorder.c src/cmd/cmd_find.c src/cmd/cmd_lrename.c \
	src/cmd/cmd_verify.c src/cmd/cmd_compare.c src/cmd/cmd_net.c \
	src/cmd/cmd_mirror_args.c src/cmd/mirror_priv.h \
	src/cmd/app_opts.c src/cmd/cmd_local.c src/cmd/errtext.c \
	src/cmd/qwait.c src/cmd/cmd_bookmark.c src/cmd/cmd_edit.c \
	src/cmd/cmd_view.c src/cmd/cmd_mirror_links.c \
	src/cmd/cmd_remote.c src/cmd/cmd_pget.c src/cmd/cmd_mirror.c \
	src/cmd/cmd_qsave.c src/cmd/cmd_shell.c \
	src/cmd/cmd_conn.c src/cmd/cmd_xfer.c \
	src/cmd/app_life.c src/cmd/cmd_diagnose.c \
	src/cmd/cmd_table.c src/cmd/secret.c src/cmd/cmd_alias.c \
	src/cmd/cmd.c src/cmd/complete.c src/cmd/complete.h \
	src/cmd/batch.c src/cmd/batch.h
