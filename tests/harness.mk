# tests/harness: the test fixtures every later test uses, each exercised for
# real: the scripted fake FTP server (tests/lib/fakeftpd.py, case files in
# tests/cases/), real servers on loopback (tests/lib/servers.py: pyftpdlib,
# vsftpd, proftpd), the sample tree (tests/lib/sampletree.py) and the tmux helper
# (tests/lib/tui.py). Each test is a Python script printing TAP.

HARNESS_TESTS = \
	tests/harness/fakeftpd-basic.py \
	tests/harness/fakeftpd-faults.py \
	tests/harness/sample-tree.py \
	tests/harness/servers-pyftpd.py \
	tests/harness/servers-vsftpd.py \
	tests/harness/servers-proftpd.py \
	tests/harness/tui-jangada.py
TESTS += $(HARNESS_TESTS)

EXTRA_DIST += $(HARNESS_TESTS) \
	tests/lib/tap.py \
	tests/lib/fakeftpd.py \
	tests/lib/ftpraw.py \
	tests/lib/manopts.py \
	tests/lib/ftpchecks.py \
	tests/lib/servers.py \
	tests/lib/pyftpd_run.py \
	tests/lib/sampletree.py \
	tests/lib/linktree.py \
	tests/lib/tui.py \
	tests/cases/README \
	tests/cases/226-before-data.case \
	tests/cases/421-at-login.case \
	tests/cases/abort-426.case \
	tests/cases/drop-mid-reply.case \
	tests/cases/epsv-port-refused.case \
	tests/cases/glued-150-226.case \
	tests/cases/greeting-multiline.case \
	tests/cases/listing-unix.case \
	tests/cases/no-data-connection.case \
	tests/cases/pasv-bad-ip.case \
	tests/cases/short-data.case \
	tests/cases/slowdown.case \
	tests/cases/stall-data.case \
	tests/cases/upload-resume.case \
	scripts/sample-tree \
	.ci/run

# Servers, trees and screens of the tests live in tests/tmp of the build.
clean-local: clean-local-harness
clean-local-harness:
	-rm -rf tests/tmp
.PHONY: clean-local-harness
