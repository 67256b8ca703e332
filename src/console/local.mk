# src/console: the raw TCP and UDP sessions of the console pane and the
# network tools beside them (resolve, probe, port); above net and local,
# below cmd.
noinst_LIBRARIES += src/console/libconsole.a
src_console_libconsole_a_SOURCES = \
	src/console/console.c src/console/console.h \
	src/console/tools.c src/console/tools.h
