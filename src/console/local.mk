# src/console: the raw TCP and UDP sessions of the console pane and the
# network tools beside them (resolve, probe, port); above net and local,
# below cmd. text.c and log.c are the pure parts (tests/net/test_console).
# The files in the order they call (bottom first): see con_priv.h.
noinst_LIBRARIES += src/console/libconsole.a
src_console_libconsole_a_SOURCES = \
	src/console/console.h src/console/con_priv.h \
	src/console/text.c src/console/text.h \
	src/console/log.c src/console/log.h \
	src/console/tools.c src/console/tools.h \
	src/console/report.c \
	src/console/save.c src/console/endpoint.c \
	src/console/session.c \
	src/console/peer.c \
	src/console/client.c src/console/server.c src/console/send.c
