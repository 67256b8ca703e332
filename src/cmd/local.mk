# src/cmd: the command language. The pure parsers (tokenizer, URLs, .netrc,
# glob, config and bookmark files) are here; the commands are added to the
# same library from their own fragment.
noinst_LIBRARIES += src/cmd/libcmd.a
src_cmd_libcmd_a_SOURCES = \
	src/cmd/parse.h \
	src/cmd/glob.c \
	src/cmd/netrc.c \
	src/cmd/place.c \
	src/cmd/rc.c \
	src/cmd/token.c \
	src/cmd/url.c
