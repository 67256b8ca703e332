/*
 * fuzz_url: the ftp:// URL parser on hostile URLs.
 *
 * The input, cut at its first NUL, is one URL. When it parses, every part
 * must keep the parser's promises: no NUL, CR or LF in any part (R53), a
 * host that is not empty, a port of 1..65535 in plain digits, a path no
 * longer than the URL. Then url_format must give a URL that parses again
 * to the same parts, without the password. When it does not parse, there
 * must be a message and nothing left allocated.
 */
#include "../../src/base/secret.c"
#include "../../src/base/str.c"
#include "../../src/base/xmalloc.c"
#include "../../src/cmd/url.c"

#include <stdint.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Two parts are the same (both NULL, or equal strings). */
static int
fuzz_same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* The parts of a parsed URL keep their promises. */
static void
fuzz_check(const struct ftp_url *u, size_t len)
{
	unsigned port;

	if (u->host == NULL || u->host[0] == '\0' || u->port == NULL ||
	    u->path == NULL)
		abort();
	if (str_to_port(u->port, &port) == -1 || port < 1 || port > 65535)
		abort();
	if (strlen(u->path) > len || strlen(u->host) > URL_HOST_MAX)
		abort();
	if (strpbrk(u->host, "\r\n") != NULL ||
	    strpbrk(u->path, "\r\n") != NULL ||
	    (u->user != NULL && strpbrk(u->user, "\r\n") != NULL) ||
	    (u->pass != NULL && strpbrk(u->pass, "\r\n") != NULL))
		abort();
	if (u->type != 0 && u->type != 'a' && u->type != 'i' &&
	    u->type != 'd')
		abort();
}

/* libFuzzer entry point. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ftp_url u, v;
	char *s, *f, err[256];
	size_t len;

	if (size > LIM_PATH + 16)
		return 0;
	s = xmalloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	len = strlen(s);

	err[0] = '\0';
	if (url_parse(s, &u, err, sizeof err) == -1) {
		if (err[0] == '\0' || u.user != NULL || u.pass != NULL ||
		    u.host != NULL || u.port != NULL || u.path != NULL)
			abort();
		free(s);
		return 0;
	}
	fuzz_check(&u, len);

	f = url_format(&u, true);
	if (strlen(f) <= LIM_PATH) {
		if (url_parse(f, &v, err, sizeof err) == -1)
			abort();
		fuzz_check(&v, strlen(f));
		if (v.pass != NULL || !fuzz_same(u.user, v.user) ||
		    !fuzz_same(u.host, v.host) || !fuzz_same(u.port, v.port) ||
		    !fuzz_same(u.path, v.path) || u.type != v.type ||
		    u.path_is_dir != v.path_is_dir)
			abort();
		url_free(&v);
	}
	free(f);
	f = url_format(&u, false);
	if (url_parse(f, &v, err, sizeof err) == -1 ||
	    !fuzz_same(u.host, v.host) || !fuzz_same(u.port, v.port))
		abort();
	url_free(&v);
	free(f);
	url_free(&u);
	free(s);
	return 0;
}
