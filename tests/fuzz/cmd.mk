# tests/fuzz: libFuzzer targets for the command language's parsers: URLs,
# .netrc (R57) and the tokenizer (with the glob matcher). Same style as
# tests/fuzz/local.mk, whose FUZZ_CFLAGS and FUZZ_LDFLAGS they use: each
# target #includes the .c files it exercises; seeds are in
# tests/fuzz/corpus/fuzz_NAME (distributed with tests/fuzz/corpus).
FUZZ_PROGS += tests/fuzz/fuzz_url tests/fuzz/fuzz_netrc tests/fuzz/fuzz_token

if FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_url tests/fuzz/fuzz_netrc \
	tests/fuzz/fuzz_token
tests_fuzz_fuzz_url_SOURCES = tests/fuzz/fuzz_url.c
tests_fuzz_fuzz_url_CFLAGS = $(FUZZ_CFLAGS)
tests_fuzz_fuzz_url_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_netrc_SOURCES = tests/fuzz/fuzz_netrc.c
tests_fuzz_fuzz_netrc_CFLAGS = $(FUZZ_CFLAGS)
tests_fuzz_fuzz_netrc_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_token_SOURCES = tests/fuzz/fuzz_token.c
tests_fuzz_fuzz_token_CFLAGS = $(FUZZ_CFLAGS)
tests_fuzz_fuzz_token_LDFLAGS = $(FUZZ_LDFLAGS)
endif
