# Unit tests of the src/ftp parsers: each includes the module it tests.
FTP_UNIT_TESTS = \
	tests/unit/test_reply \
	tests/unit/test_parse \
	tests/unit/test_list \
	tests/unit/test_ascii \
	tests/unit/test_throttle \
	tests/unit/test_explain \
	tests/unit/test_charset
check_PROGRAMS += $(FTP_UNIT_TESTS)
TESTS += $(FTP_UNIT_TESTS)
tests_unit_test_reply_LDADD = $(UNIT_LDADD)
tests_unit_test_parse_LDADD = $(UNIT_LDADD)
tests_unit_test_list_LDADD = $(UNIT_LDADD)
tests_unit_test_ascii_LDADD = $(UNIT_LDADD)
tests_unit_test_throttle_LDADD = $(UNIT_LDADD)
tests_unit_test_explain_LDADD = $(UNIT_LDADD)
tests_unit_test_charset_LDADD = $(UNIT_LDADD)
