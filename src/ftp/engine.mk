# src/ftp: the session engine (control connection, data, transfers).
src_ftp_libftp_a_SOURCES += \
	src/ftp/charset.c src/ftp/cmds.c src/ftp/ctrl.c src/ftp/data.c \
	src/ftp/datamove.c src/ftp/dconn.c src/ftp/steps.c src/ftp/tlsctl.c \
	src/ftp/login.c src/ftp/op.c src/ftp/path.c src/ftp/report.c \
	src/ftp/session.c src/ftp/session.h \
	src/ftp/session_priv.h \
	src/ftp/output.c src/ftp/output.h \
	src/ftp/throttle.c src/ftp/throttle.h
