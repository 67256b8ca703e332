/*
 * fuzz_netrc: the .netrc parser on hostile files (R56, R57).
 *
 * The first byte of the input chooses how the file is looked at: bit 0
 * gives it mode 0644 (else 0600), bit 1 asks for user "u" (else any user),
 * bit 2 asks for host "H" (else "h"); the rest is the file. The promises:
 * found (1) gives an entry, not found (0) gives an empty one, an error
 * (-1) gives a message and an empty entry; a file of mode 0644 never gives
 * a password or an account, and always says so when it drops one; when a
 * user is asked for, the entry's login is that user or none.
 */
#include "../../src/base/secret.c"
#include "../../src/base/str.c"
#include "../../src/base/xmalloc.c"
#include "../../src/cmd/netrc.c"

#include <stdint.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* libFuzzer entry point. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct netrc_entry e;
	char warn[512], err[512];
	unsigned mode;
	const char *user, *host;
	int r;

	if (size < 1 || size > LIM_RCFILE + 2)
		return 0;
	mode = (data[0] & 1) ? 0644 : 0600;
	user = (data[0] & 2) ? "u" : NULL;
	host = (data[0] & 4) ? "H" : "h";
	r = netrc_parse((const char *)data + 1, size - 1, mode, host, user,
	    &e, warn, sizeof warn, err, sizeof err);
	switch (r) {
	case 1:
		if (mode == 0644 && (e.password != NULL || e.account != NULL))
			abort();
		if (user != NULL && e.login != NULL && strcmp(e.login, user))
			abort();
		if ((e.login != NULL && strlen(e.login) > LIM_RC_TOKEN) ||
		    (e.password != NULL && strlen(e.password) > LIM_RC_TOKEN))
			abort();
		break;
	case 0:
		if (e.login != NULL || e.password != NULL ||
		    e.account != NULL || warn[0] != '\0')
			abort();
		break;
	case -1:
		if (err[0] == '\0' || e.login != NULL || e.password != NULL ||
		    e.account != NULL)
			abort();
		break;
	default:
		abort();
	}
	/* The same file, private: the same entry, and its secrets. */
	if (mode == 0644) {
		struct netrc_entry p;
		char warn2[512];
		int r2;

		r2 = netrc_parse((const char *)data + 1, size - 1, 0600, host,
		    user, &p, warn2, sizeof warn2, err, sizeof err);
		if (r2 != r || (r == 1 && (e.login == NULL) !=
		    (p.login == NULL)))
			abort();
		if (r == 1 && (p.password != NULL || p.account != NULL) &&
		    warn[0] == '\0')
			abort();
		if (r == 1 && p.password == NULL && p.account == NULL &&
		    warn[0] != '\0')
			abort();
		netrc_free(&p);
	}
	netrc_free(&e);
	return 0;
}
