# tests/net: the console sessions and network tools of src/console, driven by
# condrive against small Python peers written as a sockets course writes
# them (tests/net/peers), on loopback only.
check_PROGRAMS += tests/net/condrive tests/net/test_console
tests_net_condrive_LDADD = $(UNIT_LDADD)
tests_net_test_console_LDADD = $(UNIT_LDADD)

NET_TESTS = \
	tests/net/test_console \
	tests/net/tools.py \
	tests/net/tcp.py \
	tests/net/udp.py \
	tests/net/bad.py \
	tests/net/console_cmd.py
TESTS += $(NET_TESTS)

NET_PEERS = \
	tests/net/peers/chat_client.py \
	tests/net/peers/file_client.py \
	tests/net/peers/file_server.py \
	tests/net/peers/fixed_server.py \
	tests/net/peers/line_server.py \
	tests/net/peers/misbehave_server.py \
	tests/net/peers/tcp_client.py \
	tests/net/peers/udp_client.py \
	tests/net/peers/udp_server.py \
	tests/net/peers/upper_server.py
EXTRA_DIST += tests/net/tools.py tests/net/tcp.py tests/net/udp.py \
	tests/net/bad.py tests/net/console_cmd.py tests/net/netlib.py \
	$(NET_PEERS)
