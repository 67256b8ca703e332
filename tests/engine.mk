# tests/engine: the FTP engine against the fake server and real servers.
check_PROGRAMS += tests/engine/ftpdrive
tests_engine_ftpdrive_LDADD = $(UNIT_LDADD)

ENGINE_TESTS = \
	tests/engine/faults.py \
	tests/engine/datapath.py \
	tests/engine/real.py \
	tests/engine/tls.py
TESTS += $(ENGINE_TESTS)
EXTRA_DIST += $(ENGINE_TESTS) tests/lib/drive.py tests/lib/testca.py \
	tests/lib/tlspeer.py
