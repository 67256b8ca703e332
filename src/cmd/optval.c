/*
 * optval.c: parsing option values that are more than a word or a number:
 * sizes ("500K", "2M"), paths, and certificate fingerprints.
 */
#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "base/str.h"
#include "cmd/app.h"

/* Parse "500K", "2M", "1G", "123": bytes. */
int
app_parse_size(const char *s, uint64_t *out)
{
	char num[32];
	size_t n = strlen(s);
	uint64_t v, mul = 1;

	if (n == 0 || n >= sizeof num)
		return -1;
	memcpy(num, s, n + 1);
	switch (num[n - 1]) {
	case 'k': case 'K':
		mul = 1024;
		break;
	case 'm': case 'M':
		mul = 1024 * 1024;
		break;
	case 'g': case 'G':
		mul = 1024 * 1024 * 1024;
		break;
	}
	if (mul != 1)
		num[n - 1] = '\0';
	if (str_to_u64(num, &v) == -1 || v > UINT64_MAX / mul)
		return -1;
	*out = v * mul;
	return 0;
}

/*
 * A fingerprint as the user may paste it: "SHA256:" then 64 hex digits,
 * with or without colons between the pairs, any case. Stored as
 * "SHA256:" and lower-case hex, as jangada prints it.
 */
static int
fp_normal(const char *value, char *out, size_t outlen)
{
	const char *p;
	size_t n = 0;

	if (strncasecmp(value, "SHA256:", 7) != 0 || outlen < 7 + 64 + 1)
		return -1;
	memcpy(out, "SHA256:", 7);
	for (p = value + 7; *p != '\0'; p++) {
		if (*p == ':')
			continue;
		if (!isxdigit((unsigned char)*p) || n == 64)
			return -1;
		out[7 + n++] = (char)tolower((unsigned char)*p);
	}
	if (n != 64)
		return -1;
	out[7 + n] = '\0';
	return 0;
}

/* A text option's value into out; "none" (or "") clears it. */
int
app_opt_text(const char *name, bool fp, const char *value, char *out,
    size_t outlen, char *err, size_t errlen)
{
	if (*value == '\0' || strcasecmp(value, "none") == 0) {
		*out = '\0';
		return 0;
	}
	if (fp) {
		if (fp_normal(value, out, outlen) == -1) {
			snprintf(err, errlen, _("%s: give a fingerprint such as "
			    "SHA256:ab12... (64 hex digits), as the refusal "
			    "names it, or none"), name);
			return -1;
		}
		return 0;
	}
	if (strlen(value) >= outlen) {
		snprintf(err, errlen, _("%s: the path is too long"), name);
		return -1;
	}
	str_lcpy(out, value, outlen);
	return 0;
}
