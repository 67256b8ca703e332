# tests/doc: the documentation is complete and true to the command table.
DOC_TESTS = tests/doc/manpage.py tests/doc/layout.py tests/doc/keys.py
TESTS += $(DOC_TESTS)
EXTRA_DIST += $(DOC_TESTS)
