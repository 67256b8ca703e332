/*
 * fuzz_list: the listing parser on hostile data, in all three modes.
 *
 * The whole input is a listing (LIST, MLSD and NLST in turn), parsed whole
 * and in chunks whose size is the first byte plus one; both must give the
 * same entries. Every entry must be NUL-terminated at its length, no
 * longer than a line may be, and, unless raw, free of NUL bytes.
 */
#include "../../src/base/date.c"
#include "../../src/base/xmalloc.c"
#include "../../src/ftp/parse.c"
#include "../../src/ftp/list.c"
#include "../../src/ftp/list_arena.c"
#include "../../src/ftp/list_date.c"
#include "../../src/ftp/list_unix.c"
#include "../../src/ftp/list_eplf.c"
#include "../../src/ftp/list_dos.c"
#include "../../src/ftp/list_mlsd.c"
#include "../../src/ftp/list_vms.c"
#include "../../src/ftp/list_as400.c"
#include "../../src/ftp/list_mvs.c"

#include <stdint.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* A digest of a listing: FNV-1a over every field of every entry. */
static uint64_t
fuzz_digest(const struct ftp_listing *l)
{
	uint64_t h = 14695981039346656037ULL;
	const struct ftp_entry *e;
	size_t i, j;

#define FUZZ_MIX(x) do { h ^= (uint64_t)(x); h *= 1099511628211ULL; } while (0)
	for (i = 0; i < l->n; i++) {
		e = &l->entries[i];
		if (e->name == NULL || e->name[e->namelen] != '\0' ||
		    e->namelen > LIM_LIST_LINE)
			abort();
		if (e->type != FTP_ENT_RAW && strlen(e->name) != e->namelen)
			abort();
		if (e->type != FTP_ENT_RAW && e->namelen == 0)
			abort();
		if (e->target != NULL && strlen(e->target) > LIM_LIST_LINE)
			abort();
		if (e->has_mode && e->mode > 07777)
			abort();
		FUZZ_MIX(e->type);
		FUZZ_MIX(e->namelen);
		for (j = 0; j < e->namelen; j++)
			FUZZ_MIX((unsigned char)e->name[j]);
		if (e->target != NULL)
			for (j = 0; e->target[j] != '\0'; j++)
				FUZZ_MIX((unsigned char)e->target[j]);
		FUZZ_MIX(e->has_size);
		FUZZ_MIX(e->size);
		FUZZ_MIX(e->has_mtime);
		FUZZ_MIX(e->mtime);
		FUZZ_MIX(e->mtime_has_time);
		FUZZ_MIX(e->mode);
	}
#undef FUZZ_MIX
	return h ^ l->n;
}

/* Parse data in one mode with chunks of chunk bytes; return the digest. */
static uint64_t
fuzz_parse(const uint8_t *data, size_t size, enum ftp_list_mode mode,
    size_t chunk)
{
	struct ftp_list_parser *p = ftp_list_new(mode, 1700000000);
	struct ftp_listing l;
	size_t off, len;
	uint64_t h;

	for (off = 0; off < size; off += len) {
		len = size - off < chunk ? size - off : chunk;
		if (ftp_list_feed(p, data + off, len) == -1)
			abort();	/* no input this small passes a limit */
	}
	if (ftp_list_finish(p, &l) == -1)
		abort();
	h = fuzz_digest(&l);
	ftp_listing_free(&l);
	ftp_list_free(p);
	return h;
}

/* libFuzzer entry point. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum ftp_list_mode modes[] = {
		FTP_LIST_LIST, FTP_LIST_MLSD, FTP_LIST_NLST
	};
	size_t i, chunk;

	if (size == 0 || size > 1024 * 1024)
		return 0;
	chunk = (size_t)data[0] + 1;
	for (i = 0; i < 3; i++)
		if (fuzz_parse(data, size, modes[i], size) !=
		    fuzz_parse(data, size, modes[i], chunk))
			abort();
	return 0;
}
