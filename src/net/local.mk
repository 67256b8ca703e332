# src/net: sockets for the loop: non-blocking connect, listen, addresses;
# the transport (plain or TLS) the connections read and write through.
noinst_LIBRARIES += src/net/libnet.a
src_net_libnet_a_SOURCES = \
	src/net/addr.c src/net/connect.c src/net/net.h \
	src/net/tls.c src/net/tls.h
