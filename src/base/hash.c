/*
 * hash.c: MD5 (RFC 1321), SHA-1, SHA-256 and SHA-512 (FIPS 180-4); see
 * hash.h. One buffer and one padding routine serve all four: MD5 counts
 * its length little-endian, the SHA family big-endian; SHA-512 works on
 * 128-byte blocks with a 128-bit length (inputs here stay below 2^61
 * bytes, so its high word is 0).
 */
#include "config.h"

#include <string.h>

#include "base/hash.h"

#define ROL32(x, n)	(((x) << (n)) | ((x) >> (32 - (n))))
#define ROR32(x, n)	(((x) >> (n)) | ((x) << (32 - (n))))
#define ROR64(x, n)	(((x) >> (n)) | ((x) << (64 - (n))))

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[1] << 8 | p[0];
}

static uint64_t
be64(const unsigned char *p)
{
	return (uint64_t)be32(p) << 32 | be32(p + 4);
}

/* ------------------------------------------------------------- MD5 */

static const uint32_t md5_k[64] = {
	0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf,
	0x4787c62a, 0xa8304613, 0xfd469501, 0x698098d8, 0x8b44f7af,
	0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e,
	0x49b40821, 0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa,
	0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8, 0x21e1cde6,
	0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8,
	0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122,
	0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
	0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039,
	0xe6db99e5, 0x1fa27cf8, 0xc4ac5665, 0xf4292244, 0x432aff97,
	0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d,
	0x85845dd1, 0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1,
	0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391
};

static const unsigned char md5_r[64] = {
	7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
	5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
	4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
	6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21
};

static void
md5_block(uint32_t *s, const unsigned char *p)
{
	uint32_t m[16], a = s[0], b = s[1], c = s[2], d = s[3], f, t;
	int i, g;

	for (i = 0; i < 16; i++)
		m[i] = le32(p + 4 * i);
	for (i = 0; i < 64; i++) {
		if (i < 16) {
			f = (b & c) | (~b & d);
			g = i;
		} else if (i < 32) {
			f = (d & b) | (~d & c);
			g = (5 * i + 1) & 15;
		} else if (i < 48) {
			f = b ^ c ^ d;
			g = (3 * i + 5) & 15;
		} else {
			f = c ^ (b | ~d);
			g = (7 * i) & 15;
		}
		t = d;
		d = c;
		c = b;
		b = b + ROL32(a + f + md5_k[i] + m[g], md5_r[i]);
		a = t;
	}
	s[0] += a;
	s[1] += b;
	s[2] += c;
	s[3] += d;
}

/* ----------------------------------------------------------- SHA-1 */

static void
sha1_block(uint32_t *s, const unsigned char *p)
{
	uint32_t w[80], a = s[0], b = s[1], c = s[2], d = s[3], e = s[4];
	uint32_t f, k, t;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = be32(p + 4 * i);
	for (; i < 80; i++)
		w[i] = ROL32(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
	for (i = 0; i < 80; i++) {
		if (i < 20) {
			f = (b & c) | (~b & d);
			k = 0x5a827999;
		} else if (i < 40) {
			f = b ^ c ^ d;
			k = 0x6ed9eba1;
		} else if (i < 60) {
			f = (b & c) | (b & d) | (c & d);
			k = 0x8f1bbcdc;
		} else {
			f = b ^ c ^ d;
			k = 0xca62c1d6;
		}
		t = ROL32(a, 5) + f + e + k + w[i];
		e = d;
		d = c;
		c = ROL32(b, 30);
		b = a;
		a = t;
	}
	s[0] += a;
	s[1] += b;
	s[2] += c;
	s[3] += d;
	s[4] += e;
}

/* --------------------------------------------------------- SHA-256 */

static const uint32_t sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b,
	0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
	0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7,
	0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
	0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152,
	0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
	0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
	0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
	0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f,
	0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
};

static void
sha256_block(uint32_t *s, const unsigned char *p)
{
	uint32_t w[64], v[8], t1, t2, s0, s1;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = be32(p + 4 * i);
	for (; i < 64; i++) {
		s0 = ROR32(w[i - 15], 7) ^ ROR32(w[i - 15], 18) ^
		    (w[i - 15] >> 3);
		s1 = ROR32(w[i - 2], 17) ^ ROR32(w[i - 2], 19) ^
		    (w[i - 2] >> 10);
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	memcpy(v, s, sizeof v);
	for (i = 0; i < 64; i++) {
		s1 = ROR32(v[4], 6) ^ ROR32(v[4], 11) ^ ROR32(v[4], 25);
		t1 = v[7] + s1 + ((v[4] & v[5]) ^ (~v[4] & v[6])) +
		    sha256_k[i] + w[i];
		s0 = ROR32(v[0], 2) ^ ROR32(v[0], 13) ^ ROR32(v[0], 22);
		t2 = s0 + ((v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]));
		memmove(v + 1, v, 7 * sizeof *v);
		v[4] += t1;
		v[0] = t1 + t2;
	}
	for (i = 0; i < 8; i++)
		s[i] += v[i];
}

/* --------------------------------------------------------- SHA-512 */

static const uint64_t sha512_k[80] = {
	0x428a2f98d728ae22ULL, 0x7137449123ef65cdULL, 0xb5c0fbcfec4d3b2fULL,
	0xe9b5dba58189dbbcULL, 0x3956c25bf348b538ULL, 0x59f111f1b605d019ULL,
	0x923f82a4af194f9bULL, 0xab1c5ed5da6d8118ULL, 0xd807aa98a3030242ULL,
	0x12835b0145706fbeULL, 0x243185be4ee4b28cULL, 0x550c7dc3d5ffb4e2ULL,
	0x72be5d74f27b896fULL, 0x80deb1fe3b1696b1ULL, 0x9bdc06a725c71235ULL,
	0xc19bf174cf692694ULL, 0xe49b69c19ef14ad2ULL, 0xefbe4786384f25e3ULL,
	0x0fc19dc68b8cd5b5ULL, 0x240ca1cc77ac9c65ULL, 0x2de92c6f592b0275ULL,
	0x4a7484aa6ea6e483ULL, 0x5cb0a9dcbd41fbd4ULL, 0x76f988da831153b5ULL,
	0x983e5152ee66dfabULL, 0xa831c66d2db43210ULL, 0xb00327c898fb213fULL,
	0xbf597fc7beef0ee4ULL, 0xc6e00bf33da88fc2ULL, 0xd5a79147930aa725ULL,
	0x06ca6351e003826fULL, 0x142929670a0e6e70ULL, 0x27b70a8546d22ffcULL,
	0x2e1b21385c26c926ULL, 0x4d2c6dfc5ac42aedULL, 0x53380d139d95b3dfULL,
	0x650a73548baf63deULL, 0x766a0abb3c77b2a8ULL, 0x81c2c92e47edaee6ULL,
	0x92722c851482353bULL, 0xa2bfe8a14cf10364ULL, 0xa81a664bbc423001ULL,
	0xc24b8b70d0f89791ULL, 0xc76c51a30654be30ULL, 0xd192e819d6ef5218ULL,
	0xd69906245565a910ULL, 0xf40e35855771202aULL, 0x106aa07032bbd1b8ULL,
	0x19a4c116b8d2d0c8ULL, 0x1e376c085141ab53ULL, 0x2748774cdf8eeb99ULL,
	0x34b0bcb5e19b48a8ULL, 0x391c0cb3c5c95a63ULL, 0x4ed8aa4ae3418acbULL,
	0x5b9cca4f7763e373ULL, 0x682e6ff3d6b2b8a3ULL, 0x748f82ee5defb2fcULL,
	0x78a5636f43172f60ULL, 0x84c87814a1f0ab72ULL, 0x8cc702081a6439ecULL,
	0x90befffa23631e28ULL, 0xa4506cebde82bde9ULL, 0xbef9a3f7b2c67915ULL,
	0xc67178f2e372532bULL, 0xca273eceea26619cULL, 0xd186b8c721c0c207ULL,
	0xeada7dd6cde0eb1eULL, 0xf57d4f7fee6ed178ULL, 0x06f067aa72176fbaULL,
	0x0a637dc5a2c898a6ULL, 0x113f9804bef90daeULL, 0x1b710b35131c471bULL,
	0x28db77f523047d84ULL, 0x32caab7b40c72493ULL, 0x3c9ebe0a15c9bebcULL,
	0x431d67c49c100d4cULL, 0x4cc5d4becb3e42b6ULL, 0x597f299cfc657e2aULL,
	0x5fcb6fab3ad6faecULL, 0x6c44198c4a475817ULL
};

static void
sha512_block(uint64_t *s, const unsigned char *p)
{
	uint64_t w[80], v[8], t1, t2, s0, s1;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = be64(p + 8 * i);
	for (; i < 80; i++) {
		s0 = ROR64(w[i - 15], 1) ^ ROR64(w[i - 15], 8) ^
		    (w[i - 15] >> 7);
		s1 = ROR64(w[i - 2], 19) ^ ROR64(w[i - 2], 61) ^
		    (w[i - 2] >> 6);
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	memcpy(v, s, sizeof v);
	for (i = 0; i < 80; i++) {
		s1 = ROR64(v[4], 14) ^ ROR64(v[4], 18) ^ ROR64(v[4], 41);
		t1 = v[7] + s1 + ((v[4] & v[5]) ^ (~v[4] & v[6])) +
		    sha512_k[i] + w[i];
		s0 = ROR64(v[0], 28) ^ ROR64(v[0], 34) ^ ROR64(v[0], 39);
		t2 = s0 + ((v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]));
		memmove(v + 1, v, 7 * sizeof *v);
		v[4] += t1;
		v[0] = t1 + t2;
	}
	for (i = 0; i < 8; i++)
		s[i] += v[i];
}

/* ---------------------------------------------------------- common */

static size_t
block_size(enum hash_alg a)
{
	return a == HASH_SHA512 ? 128 : 64;
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
hash_init(struct hash *h, enum hash_alg a)
{
	static const uint32_t md5_iv[4] = { 0x67452301, 0xefcdab89,
	    0x98badcfe, 0x10325476 };
	static const uint32_t sha1_iv[5] = { 0x67452301, 0xefcdab89,
	    0x98badcfe, 0x10325476, 0xc3d2e1f0 };
	static const uint32_t sha256_iv[8] = { 0x6a09e667, 0xbb67ae85,
	    0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
	    0x5be0cd19 };
	static const uint64_t sha512_iv[8] = { 0x6a09e667f3bcc908ULL,
	    0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL,
	    0xa54ff53a5f1d36f1ULL, 0x510e527fade682d1ULL,
	    0x9b05688c2b3e6c1fULL, 0x1f83d9abfb41bd6bULL,
	    0x5be0cd19137e2179ULL };

	memset(h, 0, sizeof *h);
	h->alg = a;
	switch (a) {
	case HASH_MD5:
		memcpy(h->s.w32, md5_iv, sizeof md5_iv);
		break;
	case HASH_SHA1:
		memcpy(h->s.w32, sha1_iv, sizeof sha1_iv);
		break;
	case HASH_SHA256:
		memcpy(h->s.w32, sha256_iv, sizeof sha256_iv);
		break;
	default:
		memcpy(h->s.w64, sha512_iv, sizeof sha512_iv);
		break;
	}
}

static void
block(struct hash *h, const unsigned char *p)
{
	switch (h->alg) {
	case HASH_MD5:
		md5_block(h->s.w32, p);
		break;
	case HASH_SHA1:
		sha1_block(h->s.w32, p);
		break;
	case HASH_SHA256:
		sha256_block(h->s.w32, p);
		break;
	default:
		sha512_block(h->s.w64, p);
		break;
	}
}

void
hash_update(struct hash *h, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t bs = block_size(h->alg), take;

	h->len += len;
	if (h->nbuf > 0) {
		take = bs - h->nbuf < len ? bs - h->nbuf : len;
		memcpy(h->buf + h->nbuf, p, take);
		h->nbuf += take;
		p += take;
		len -= take;
		if (h->nbuf < bs)
			return;
		block(h, h->buf);
		h->nbuf = 0;
	}
	for (; len >= bs; p += bs, len -= bs)
		block(h, p);
	memcpy(h->buf, p, len);
	h->nbuf = len;
}

void
hash_final(struct hash *h, unsigned char *out)
{
	size_t bs = block_size(h->alg), lenbytes = bs == 128 ? 16 : 8, i;
	uint64_t bits = h->len * 8;

	h->buf[h->nbuf++] = 0x80;
	if (h->nbuf > bs - lenbytes) {
		memset(h->buf + h->nbuf, 0, bs - h->nbuf);
		block(h, h->buf);
		h->nbuf = 0;
	}
	memset(h->buf + h->nbuf, 0, bs - h->nbuf);
	for (i = 0; i < 8; i++) {
		if (h->alg == HASH_MD5)
			h->buf[bs - 8 + i] = (unsigned char)(bits >> (8 * i));
		else
			h->buf[bs - 1 - i] = (unsigned char)(bits >> (8 * i));
	}
	block(h, h->buf);
	switch (h->alg) {
	case HASH_MD5:
		for (i = 0; i < 16; i++)
			out[i] = (unsigned char)(h->s.w32[i / 4] >>
			    (8 * (i % 4)));
		break;
	case HASH_SHA512:
		for (i = 0; i < 64; i++)
			out[i] = (unsigned char)(h->s.w64[i / 8] >>
			    (56 - 8 * (i % 8)));
		break;
	default:
		for (i = 0; i < hash_len(h->alg); i++)
			out[i] = (unsigned char)(h->s.w32[i / 4] >>
			    (24 - 8 * (i % 4)));
		break;
	}
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
