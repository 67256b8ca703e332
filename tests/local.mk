# tests/: unit tests (C, TAP), and scripts against real and fake servers.
# Every test speaks TAP; tap-driver.sh turns it into results.

LOG_DRIVER = env AM_TAP_AWK='$(AWK)' $(SHELL) $(top_srcdir)/build-aux/tap-driver.sh
TEST_EXTENSIONS = .py .sh
PY_LOG_DRIVER = $(LOG_DRIVER)
PY_LOG_COMPILER = $(PYTHON)
SH_LOG_DRIVER = $(LOG_DRIVER)
SH_LOG_COMPILER = $(SHELL)

AM_TESTS_ENVIRONMENT = \
	JANGADA='$(abs_top_builddir)/src/jangada'; export JANGADA; \
	TOP_SRCDIR='$(abs_top_srcdir)'; export TOP_SRCDIR; \
	TOP_BUILDDIR='$(abs_top_builddir)'; export TOP_BUILDDIR; \
	PYTHONPATH='$(abs_top_srcdir)/tests/lib'; export PYTHONPATH; \
	PYTHONDONTWRITEBYTECODE=1; export PYTHONDONTWRITEBYTECODE; \
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1; export ASAN_OPTIONS; \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1; export UBSAN_OPTIONS;

# Unit tests: each includes the module it tests.
UNIT_LDADD = $(JANGADA_LIBS) $(LIBINTL)
UNIT_TESTS = \
	tests/unit/test_buf \
	tests/unit/test_str \
	tests/unit/test_sanitize \
	tests/unit/test_loop \
	tests/unit/test_resolve
check_PROGRAMS += $(UNIT_TESTS)
TESTS += $(UNIT_TESTS)
tests_unit_test_buf_LDADD = $(UNIT_LDADD)
tests_unit_test_str_LDADD = $(UNIT_LDADD)
tests_unit_test_sanitize_LDADD = $(UNIT_LDADD)
tests_unit_test_loop_LDADD = $(UNIT_LDADD)
tests_unit_test_resolve_LDADD = $(UNIT_LDADD)

EXTRA_DIST += tests/tap.h
