# Unit tests of src/ui's pure helpers (no terminal): they link the
# libraries and curses (draw.c's other functions draw).
UI_TESTS = \
	tests/unit/test_wrap
check_PROGRAMS += $(UI_TESTS)
TESTS += $(UI_TESTS)
tests_unit_test_wrap_LDADD = $(UNIT_LDADD) $(NCURSES_LIBS)
