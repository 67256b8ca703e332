/*
 * hash.c: MD5, SHA-1, SHA-256 and SHA-512 through OpenSSL's EVP digests
 * (libcrypto is already there for FTPS); see hash.h. A thin wrapper: the
 * context is EVP's, made by hash_init and freed by hash_final or
 * hash_clear. A failure inside EVP (out of memory, a provider that lacks
 * the digest) is not worth a code path of its own in every caller: the
 * digest then comes out all zero bytes, which matches no published sum,
 * so the file is reported as a mismatch, never as verified.
 */
#include "config.h"

#include <string.h>

#include <openssl/evp.h>

#include "base/hash.h"

static const EVP_MD *
md_of(enum hash_alg a)
{
	switch (a) {
	case HASH_MD5:
		return EVP_md5();
	case HASH_SHA1:
		return EVP_sha1();
	case HASH_SHA256:
		return EVP_sha256();
	default:
		return EVP_sha512();
	}
}

size_t
hash_len(enum hash_alg a)
{
	switch (a) {
	case HASH_MD5:
		return 16;
	case HASH_SHA1:
		return 20;
	case HASH_SHA256:
		return 32;
	default:
		return 64;
	}
}

const char *
hash_name(enum hash_alg a)
{
	switch (a) {
	case HASH_MD5:
		return "md5";
	case HASH_SHA1:
		return "sha1";
	case HASH_SHA256:
		return "sha256";
	default:
		return "sha512";
	}
}

void
hash_clear(struct hash *h)
{
	EVP_MD_CTX_free(h->ctx);
	h->ctx = NULL;
	h->failed = false;
}

void
hash_init(struct hash *h, enum hash_alg a)
{
	memset(h, 0, sizeof *h);
	h->alg = a;
	h->ctx = EVP_MD_CTX_new();
	if (h->ctx == NULL || EVP_DigestInit_ex(h->ctx, md_of(a), NULL) != 1)
		h->failed = true;
}

void
hash_update(struct hash *h, const void *data, size_t len)
{
	if (!h->failed && len > 0 &&
	    EVP_DigestUpdate(h->ctx, data, len) != 1)
		h->failed = true;
}

void
hash_final(struct hash *h, unsigned char *out)
{
	unsigned int n = 0;

	if (h->failed || EVP_DigestFinal_ex(h->ctx, out, &n) != 1 ||
	    n != hash_len(h->alg))
		memset(out, 0, hash_len(h->alg));
	hash_clear(h);
}

void
hash_hex(const unsigned char *p, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hex[p[i] >> 4];
		out[2 * i + 1] = hex[p[i] & 15];
	}
	out[2 * n] = '\0';
}
