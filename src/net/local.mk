# src/net: non-blocking connect, listen, addresses; the console sessions
# and the network tools.
noinst_LIBRARIES += src/net/libnet.a
src_net_libnet_a_SOURCES = \
	src/net/addr.c src/net/connect.c src/net/net.h \
	src/net/console.c src/net/tools.c src/net/console.h
