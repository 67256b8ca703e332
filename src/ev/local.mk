# src/ev: the event loop and the off-loop resolver.
noinst_LIBRARIES += src/ev/libev.a
src_ev_libev_a_SOURCES = \
	src/ev/loop.c src/ev/loop.h \
	src/ev/resolve.c src/ev/resolve.h
