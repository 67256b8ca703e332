# src/base: allocation, buffers, strings, the sanitizer, the logger, limits.
noinst_LIBRARIES += src/base/libbase.a
src_base_libbase_a_SOURCES = \
	src/base/buf.c src/base/buf.h \
	src/base/count.c src/base/count.h \
	src/base/date.c src/base/date.h \
	src/base/hash.c src/base/hash.h \
	src/base/i18n.h \
	src/base/limits.h \
	src/base/log.c src/base/log.h \
	src/base/mode.c src/base/mode.h \
	src/base/sanitize.c src/base/sanitize.h \
	src/base/secret.c src/base/secret.h \
	src/base/str.c src/base/str.h \
	src/base/sums.c src/base/sums.h \
	src/base/xmalloc.c src/base/xmalloc.h
