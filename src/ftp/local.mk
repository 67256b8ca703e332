# src/ftp: the protocol engine (see doc/architecture.md)
noinst_LIBRARIES += src/ftp/libftp.a
src_ftp_libftp_a_SOURCES = \
	src/ftp/codes.h \
	src/ftp/ascii.c src/ftp/ascii.h \
	src/ftp/list.c src/ftp/list.h \
	src/ftp/parse.c src/ftp/parse.h \
	src/ftp/reply.c src/ftp/reply.h
