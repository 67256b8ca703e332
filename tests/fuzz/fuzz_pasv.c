/*
 * fuzz_pasv: the single-reply parsers (227, 229, 257, SIZE, MDTM, FEAT,
 * the 150 size) on the same hostile text.
 *
 * The input, cut at its first NUL, is given to every parser; each result
 * that claims success must be in range (ports 1..65535, a dotted address,
 * a 257 path free of control bytes, sizes within an off_t).
 */
#include "../../src/base/date.c"
#include "../../src/base/xmalloc.c"
#include "../../src/ftp/parse.c"

#include <stdint.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* libFuzzer entry point. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ftp_features f;
	char *text, addr[16], *path, *p;
	unsigned port, a, b, c, d;
	uint64_t v;
	time_t t;

	if (size > LIM_REPLY_TOTAL)
		return 0;
	text = xmalloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';

	if (ftp_parse_pasv(text, addr, &port) == 0) {
		if (port < 1 || port > 65535 || strlen(addr) > 15 ||
		    sscanf(addr, "%u.%u.%u.%u", &a, &b, &c, &d) != 4 ||
		    a > 255 || b > 255 || c > 255 || d > 255)
			abort();
	}
	if (ftp_parse_epsv(text, &port) == 0 && (port < 1 || port > 65535))
		abort();
	path = NULL;
	if (ftp_parse_257(text, &path) == 0) {
		if (path == NULL || *path == '\0' || strlen(path) > size)
			abort();
		for (p = path; *p != '\0'; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				abort();
		free(path);
	} else if (path != NULL)
		abort();
	if (ftp_parse_size(text, &v) == 0 && v > (uint64_t)INT64_MAX)
		abort();
	(void)ftp_parse_mdtm(text, &t);
	ftp_parse_feat(text, &f);
	if (ftp_parse_150_size(text, &v) == 0 && v > (uint64_t)INT64_MAX)
		abort();
	free(text);
	return 0;
}
