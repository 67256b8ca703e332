# tests/cmds: the commands of issue 14 (trees, find/du, the shell, edit,
# aliases) in batch mode against pyftpdlib and vsftpd.
CMDS_TESTS = \
	tests/cmds/trees.py \
	tests/cmds/find.py \
	tests/cmds/shell.py \
	tests/cmds/edit.py \
	tests/cmds/alias.py \
	tests/cmds/recursive.py \
	tests/cmds/mirror.py \
	tests/cmds/mirror_links.py \
	tests/cmds/verify.py \
	tests/cmds/compare.py \
	tests/cmds/lrename.py \
	tests/cmds/lcwd.py \
	tests/cmds/chmod.py
TESTS += $(CMDS_TESTS)
EXTRA_DIST += $(CMDS_TESTS)
