# src/ftp: the protocol engine (see doc/architecture.md)
noinst_LIBRARIES += src/ftp/libftp.a
src_ftp_libftp_a_SOURCES = \
	src/ftp/codes.h \
	src/ftp/ascii.c src/ftp/ascii.h \
	src/ftp/list.c src/ftp/list.h src/ftp/list_priv.h \
	src/ftp/list_arena.c src/ftp/list_date.c src/ftp/list_unix.c \
	src/ftp/list_eplf.c src/ftp/list_dos.c src/ftp/list_mlsd.c \
	src/ftp/list_vms.c src/ftp/list_as400.c src/ftp/list_mvs.c \
	src/ftp/parse.c src/ftp/parse.h \
	src/ftp/explain.c src/ftp/explain.h \
	src/ftp/reply.c src/ftp/reply.h
# The session engine: control connection, operations, login, single
# commands, transfers and their data connections, TLS, paths, charsets.
src_ftp_libftp_a_SOURCES += \
	src/ftp/charset.c src/ftp/cmds.c src/ftp/complete.c src/ftp/ctrl.c \
	src/ftp/data.c src/ftp/datamove.c src/ftp/dconn.c src/ftp/state.c \
	src/ftp/steps.c src/ftp/tlsctl.c src/ftp/tlsdata.c src/ftp/xfercmd.c \
	src/ftp/login.c src/ftp/op.c src/ftp/path.c src/ftp/report.c \
	src/ftp/session.c src/ftp/session.h \
	src/ftp/session_priv.h \
	src/ftp/output.c src/ftp/output.h \
	src/ftp/throttle.c src/ftp/throttle.h
