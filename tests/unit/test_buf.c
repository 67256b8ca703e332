/* test_buf: the bounded buffer never grows past its limit (issue 2). */
#include "../../src/base/buf.c"
#include "../tap.h"

int
main(void)
{
	struct buf b;
	size_t got, i;
	void *p;

	buf_init(&b, 16);
	is_int(buf_len(&b), 0, "new buffer is empty");
	is_int(buf_append(&b, "0123456789", 10), 0, "append 10 of 16");
	is_int(buf_append(&b, "abcdef", 6), 0, "append up to the limit");
	is_int(buf_len(&b), 16, "holds 16");
	errno = 0;
	is_int(buf_append(&b, "x", 1), -1, "one byte past the limit fails");
	is_int(errno, ENOBUFS, "with ENOBUFS");
	is_int(buf_len(&b), 16, "and leaves the buffer as it was");
	is_mem(buf_data(&b), 16, "0123456789abcdef", 16, "content intact");

	buf_consume(&b, 10);
	is_mem(buf_data(&b), buf_len(&b), "abcdef", 6, "consume from front");
	is_int(buf_append(&b, "ghijklmnop", 10), 0,
	    "room comes back after consume");
	is_mem(buf_data(&b), buf_len(&b), "abcdefghijklmnop", 16,
	    "moved down, content intact");
	ok(b.cap <= 17, "allocation stays within limit+1 (%zu)", b.cap);
	buf_consume(&b, 16);
	is_int(b.off, 0, "empty buffer rewinds");

	p = buf_reserve(&b, 8, &got);
	ok(p != NULL && got >= 8 && got <= 16, "reserve gives room (%zu)", got);
	memcpy(p, "12345678", 8);
	buf_commit(&b, 8);
	is_str(buf_cstr(&b), "12345678", "reserve/commit/cstr");
	ok(buf_reserve(&b, 9, &got) == NULL, "reserve past limit refused");
	buf_free(&b);

	/* A large limit grows geometrically and byte-at-a-time works. */
	buf_init(&b, 1 << 20);
	for (i = 0; i < 100000; i++)
		if (buf_append(&b, "z", 1) == -1)
			break;
	is_int(buf_len(&b), 100000, "100000 single-byte appends");
	ok(b.cap < 2 * 100000 + 512, "geometric growth (%zu)", b.cap);
	is_int(buf_printf(&b, "%d-%s", 42, "x"), 0, "printf");
	is_mem(buf_data(&b) + 100000, 4, "42-x", 4, "printf content");
	buf_free(&b);

	buf_init(&b, 4);
	is_int(buf_printf(&b, "%s", "12345"), -1, "printf past limit fails");
	is_int(buf_len(&b), 0, "and appends nothing");
	is_int(buf_append(&b, "", 0), 0, "empty append is fine");
	buf_free(&b);
	return done_testing();
}
