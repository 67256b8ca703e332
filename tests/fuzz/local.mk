# tests/fuzz: libFuzzer targets for the protocol parsers (R59).
#
# Built only by "CC=clang ./configure --enable-fuzzing" (add
# --enable-sanitizers for ASan and UBSan). Each target #includes the .c
# files it exercises, so they are compiled with the fuzzer's coverage
# instrumentation. "make fuzz FUZZ_SECONDS=N" runs each target for N
# seconds on a copy of its seed corpus; tests/fuzz/run does the whole
# thing (configure, build, run, TAP) from any tree.
#
# FUZZ_PROGS names every fuzz target "make fuzz" and tests/fuzz/run run
# (another fragment may append its own; a target's seeds live in
# tests/fuzz/corpus/<name>/).
FUZZ_PROGS = tests/fuzz/fuzz_reply tests/fuzz/fuzz_pasv \
	tests/fuzz/fuzz_list tests/fuzz/fuzz_ascii
FUZZ_SECONDS = 60
EXTRA_DIST += tests/fuzz/run tests/fuzz/corpus

if FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_reply tests/fuzz/fuzz_pasv \
	tests/fuzz/fuzz_list tests/fuzz/fuzz_ascii
FUZZ_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer
FUZZ_LDFLAGS = -fsanitize=fuzzer
tests_fuzz_fuzz_reply_SOURCES = tests/fuzz/fuzz_reply.c
tests_fuzz_fuzz_reply_CFLAGS = $(FUZZ_CFLAGS)
tests_fuzz_fuzz_reply_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_pasv_SOURCES = tests/fuzz/fuzz_pasv.c
tests_fuzz_fuzz_pasv_CFLAGS = $(FUZZ_CFLAGS)
tests_fuzz_fuzz_pasv_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_list_SOURCES = tests/fuzz/fuzz_list.c
tests_fuzz_fuzz_list_CFLAGS = $(FUZZ_CFLAGS)
tests_fuzz_fuzz_list_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_ascii_SOURCES = tests/fuzz/fuzz_ascii.c
tests_fuzz_fuzz_ascii_CFLAGS = $(FUZZ_CFLAGS)
tests_fuzz_fuzz_ascii_LDFLAGS = $(FUZZ_LDFLAGS)

fuzz: $(FUZZ_PROGS)
	@fail=0; for p in $(FUZZ_PROGS); do \
	  t=`basename $$p`; dir=`mktemp -d "$${TMPDIR:-/tmp}/$$t.XXXXXX"` || exit 1; \
	  cp $(srcdir)/tests/fuzz/corpus/$$t/* "$$dir"/ 2>/dev/null; \
	  echo "== $$t: $(FUZZ_SECONDS) s on $$dir"; \
	  if ./$$p -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
	      -rss_limit_mb=2048 -print_final_stats=1 \
	      -artifact_prefix="$$dir/" "$$dir"; then \
	    rm -rf "$$dir"; \
	  else \
	    echo "== $$t: FINDING, input kept in $$dir"; fail=1; \
	  fi; \
	done; exit $$fail
else
fuzz:
	@echo "make fuzz needs a fuzzing build:" \
	  "CC=clang ./configure --enable-fuzzing --enable-sanitizers"; exit 1
endif

# The fuzz targets of this build, one line (tests/fuzz/run asks).
fuzz-progs:
	@echo $(FUZZ_PROGS)
.PHONY: fuzz fuzz-progs
