# tests/batch: batch mode (the command language) against real servers.
BATCH_TESTS = tests/batch/batch.py tests/batch/net.py tests/batch/args.py \
	tests/batch/pipes.py tests/batch/integrity.py tests/batch/queue.py \
	tests/batch/view.py \
	tests/batch/tls.py \
	tests/batch/relpath.py tests/batch/charset.py tests/batch/legacy.py \
	tests/batch/bmsettings.py
TESTS += $(BATCH_TESTS)
EXTRA_DIST += $(BATCH_TESTS) tests/lib/jrun.py
# issue 15: servers that are not the lab's (OPTS MLST, diagnose, the
# browsing session's reconnection, symlinks in recursion).
INTEROP_TESTS = tests/batch/mlst.py tests/batch/diagnose.py \
	tests/batch/reconnect.py tests/batch/symlinks.py
TESTS += $(INTEROP_TESTS)
EXTRA_DIST += $(INTEROP_TESTS)
