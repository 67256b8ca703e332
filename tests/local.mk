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

UNIT_LDADD = $(JANGADA_LIBS) $(LIBINTL)
EXTRA_DIST += tests/tap.h

include $(top_srcdir)/tests/unit/local.mk
include $(top_srcdir)/tests/unit/ftp.mk
include $(top_srcdir)/tests/unit/lfile.mk
include $(top_srcdir)/tests/unit/cmd.mk
include $(top_srcdir)/tests/unit/ui.mk
include $(top_srcdir)/tests/fuzz/local.mk
include $(top_srcdir)/tests/fuzz/cmd.mk
include $(top_srcdir)/tests/harness.mk
include $(top_srcdir)/tests/engine.mk
include $(top_srcdir)/tests/net/local.mk
include $(top_srcdir)/tests/xfer/local.mk
include $(top_srcdir)/tests/batch/local.mk
include $(top_srcdir)/tests/cmds/local.mk
include $(top_srcdir)/tests/chaos/local.mk
include $(top_srcdir)/tests/doc/local.mk
include $(top_srcdir)/tests/tui/local.mk
include $(top_srcdir)/tests/i18n/local.mk
