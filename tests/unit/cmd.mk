# Unit tests of the command language's parsers (src/cmd): each includes the
# module it tests.
CMD_TESTS = \
	tests/unit/test_token \
	tests/unit/test_url \
	tests/unit/test_netrc \
	tests/unit/test_glob \
	tests/unit/test_rc \
	tests/unit/test_args \
	tests/unit/test_complete
check_PROGRAMS += $(CMD_TESTS)
TESTS += $(CMD_TESTS)
tests_unit_test_token_LDADD = $(UNIT_LDADD)
tests_unit_test_url_LDADD = $(UNIT_LDADD)
tests_unit_test_netrc_LDADD = $(UNIT_LDADD)
tests_unit_test_glob_LDADD = $(UNIT_LDADD)
tests_unit_test_rc_LDADD = $(UNIT_LDADD)
# test_args links the libraries: the spec parser needs the command table.
tests_unit_test_args_LDADD = $(UNIT_LDADD)
tests_unit_test_complete_LDADD = $(UNIT_LDADD)
