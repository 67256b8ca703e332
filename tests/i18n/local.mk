# tests/i18n: the Portuguese catalogue (complete, checked, true to the
# code), jangada itself, in batch mode and on the screen, in pt_BR.UTF-8
# and in C, and the Portuguese manual page (issue 8).
I18N_TESTS = \
	tests/i18n/po.py \
	tests/i18n/batch.py \
	tests/i18n/screen.py \
	tests/i18n/manpage.py
TESTS += $(I18N_TESTS)
EXTRA_DIST += $(I18N_TESTS) tests/i18n/i18nlib.py
