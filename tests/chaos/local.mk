# tests/chaos: interrupt every server command at many points (issue 12).
CHAOS_TESTS = tests/chaos/chaos.py tests/chaos/bounds.py tests/chaos/screen.py
TESTS += $(CHAOS_TESTS)
EXTRA_DIST += $(CHAOS_TESTS)
