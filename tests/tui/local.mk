# tests/tui: screen tests of the TUI (issue 6): jangada in a private tmux
# (tests/lib/tui.py) against pyftpdlib serving the sample tree, the fake
# server, and small Python peers; keys in, screen text out.
TUI_TESTS = \
	tests/tui/browse.py \
	tests/tui/keys.py \
	tests/tui/names.py \
	tests/tui/resize.py \
	tests/tui/cmdline.py \
	tests/tui/complete.py \
	tests/tui/console.py \
	tests/tui/lang.py \
	tests/tui/colors.py \
	tests/tui/lost.py \
	tests/tui/responsive.py \
	tests/tui/secrets.py \
	tests/tui/tls.py \
	tests/tui/shell.py \
	tests/tui/trees.py \
	tests/tui/queue.py \
	tests/tui/interrupt.py \
	tests/tui/feedback.py \
	tests/tui/actions.py \
	tests/tui/mirror.py \
	tests/tui/compare.py \
	tests/tui/pqueue.py \
	tests/tui/qkeys.py \
	tests/tui/qdialog.py \
	tests/tui/viewer.py \
	tests/tui/explain.py \
	tests/tui/mouse.py \
	tests/tui/marks.py \
	tests/tui/picker.py \
	tests/tui/keybind.py \
	tests/tui/typeahead.py \
	tests/tui/reopen.py \
	tests/tui/middlecut.py \
	tests/tui/columns.py \
	tests/tui/keynames.py \
	tests/tui/sortfilter.py \
	tests/tui/messages.py \
	tests/tui/xferrows.py \
	tests/tui/segbars.py
TESTS += $(TUI_TESTS)
EXTRA_DIST += $(TUI_TESTS) tests/tui/tuitest.py
