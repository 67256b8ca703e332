# tests/xfer: the transfer queue against the fake server and real servers.
# xqdrive links only the layers under the queue.
check_PROGRAMS += tests/xfer/xqdrive
tests_xfer_xqdrive_LDADD = src/xfer/libxfer.a src/ftp/libftp.a \
	src/local/liblocal.a src/net/libnet.a src/ev/libev.a \
	src/base/libbase.a $(LIBINTL)

XFER_TESTS = \
	tests/xfer/faults.py \
	tests/xfer/policy.py \
	tests/xfer/real.py \
	tests/xfer/places.py \
	tests/xfer/pqueue.py \
	tests/xfer/qorder.py \
	tests/xfer/segments.py \
	tests/xfer/presume.py
TESTS += $(XFER_TESTS)
EXTRA_DIST += $(XFER_TESTS) tests/xfer/xqlib.py

# The saved queue's format (src/xfer/journal.c), pure.
check_PROGRAMS += tests/unit/test_journal
TESTS += tests/unit/test_journal
tests_unit_test_journal_LDADD = $(UNIT_LDADD)
