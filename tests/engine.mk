# tests/engine: the FTP engine against the fake server and real servers.
check_PROGRAMS += tests/engine/ftpdrive
tests_engine_ftpdrive_LDADD = $(UNIT_LDADD)
