# Unit tests of src/local: safe download files, directory scanning.
LFILE_TESTS = \
	tests/unit/test_lfile \
	tests/unit/test_ldir
check_PROGRAMS += $(LFILE_TESTS)
TESTS += $(LFILE_TESTS)
tests_unit_test_lfile_LDADD = $(UNIT_LDADD)
tests_unit_test_ldir_LDADD = $(UNIT_LDADD)
