# src/ftp: the protocol engine (see doc/architecture.md)
noinst_LIBRARIES += src/ftp/libftp.a
src_ftp_libftp_a_SOURCES = src/ftp/codes.h
