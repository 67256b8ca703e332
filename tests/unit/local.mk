# Unit tests of src/base and src/ev: each includes the module it tests.
UNIT_TESTS = \
	tests/unit/test_buf \
	tests/unit/test_str \
	tests/unit/test_date \
	tests/unit/test_sanitize \
	tests/unit/test_loop \
	tests/unit/test_resolve \
	tests/unit/test_mirror \
	tests/unit/test_hash \
	tests/unit/test_sums \
	tests/unit/test_mode
check_PROGRAMS += $(UNIT_TESTS)
TESTS += $(UNIT_TESTS)
tests_unit_test_buf_LDADD = $(UNIT_LDADD)
tests_unit_test_str_LDADD = $(UNIT_LDADD)
tests_unit_test_date_LDADD = $(UNIT_LDADD)
tests_unit_test_sanitize_LDADD = $(UNIT_LDADD)
tests_unit_test_loop_LDADD = $(UNIT_LDADD)
tests_unit_test_resolve_LDADD = $(UNIT_LDADD)
tests_unit_test_mirror_LDADD = $(UNIT_LDADD)
tests_unit_test_hash_LDADD = $(UNIT_LDADD)
tests_unit_test_sums_LDADD = $(UNIT_LDADD)
tests_unit_test_mode_LDADD = $(UNIT_LDADD)
