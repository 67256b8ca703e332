# The program: main.c wires the layers together.
bin_PROGRAMS += src/jangada
src_jangada_SOURCES = src/main.c
src_jangada_LDADD = $(JANGADA_LIBS) $(NCURSES_LIBS) $(READLINE_LIBS) $(LIBINTL)

# Every library, in link order (higher layers first).
JANGADA_LIBS = src/ui/libui.a src/cmd/libcmd.a src/console/libconsole.a \
	src/xfer/libxfer.a \
	src/ftp/libftp.a src/net/libnet.a src/local/liblocal.a src/ev/libev.a \
	src/base/libbase.a
