# tests/batch: batch mode (the command language) against real servers.
BATCH_TESTS = tests/batch/batch.py tests/batch/net.py tests/batch/args.py \
	tests/batch/pipes.py tests/batch/integrity.py tests/batch/queue.py \
	tests/batch/relpath.py tests/batch/charset.py
TESTS += $(BATCH_TESTS)
EXTRA_DIST += $(BATCH_TESTS) tests/lib/jrun.py
