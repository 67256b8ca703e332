/*
 * hash.h: the digests that published checksum files use (MD5, SHA-1,
 * SHA-256, SHA-512), for verify: a thin wrapper over OpenSSL's EVP
 * digests (hash.c). MD5 and SHA-1 are broken for collisions; they only
 * tell whether a download is the file the server describes.
 *
 *	struct hash h;
 *	hash_init(&h, HASH_SHA256);
 *	hash_update(&h, data, len);	(as often as needed)
 *	hash_final(&h, out);		(hash_len(HASH_SHA256) bytes)
 *
 * hash_init allocates (EVP_MD_CTX); hash_final frees, and so does
 * hash_clear, for a hash given up before its end (harmless on a struct
 * that is zeroed or already final).
 */
#ifndef JANGADA_BASE_HASH_H
#define JANGADA_BASE_HASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct evp_md_ctx_st;

enum hash_alg {
	HASH_MD5,
	HASH_SHA1,
	HASH_SHA256,
	HASH_SHA512
};

#define HASH_MAX_LEN	64	/* SHA-512 */

struct hash {
	enum hash_alg	 alg;
	struct evp_md_ctx_st *ctx;	/* EVP_MD_CTX */
	bool		 failed;	/* EVP failed: the digest is zeros */
};

void	 hash_init(struct hash *, enum hash_alg);
void	 hash_update(struct hash *, const void *, size_t);
/* Write hash_len(alg) bytes to out; h must be initialized again after. */
void	 hash_final(struct hash *, unsigned char *out);
/* Free a hash not taken to hash_final. */
void	 hash_clear(struct hash *);
size_t	 hash_len(enum hash_alg);
/* "md5", "sha1", "sha256", "sha512". */
const char *hash_name(enum hash_alg);
/* Lower-case hex of n bytes into out (2n + 1 bytes). */
void	 hash_hex(const unsigned char *, size_t n, char *out);

#endif
