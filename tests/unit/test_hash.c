/*
 * test_hash: MD5, SHA-1, SHA-256 and SHA-512 (src/base/hash.c) against
 * the known vectors of RFC 1321 and FIPS 180 (the empty string, "abc",
 * the 448- and 896-bit messages, a million 'a's fed in odd pieces), the
 * padding edges (55, 56, 63, 64, 111, 112 bytes) against one-shot input,
 * and the hex form.
 */
#include "../../src/base/hash.c"
#include "../tap.h"

#include <stdio.h>

static const struct {
	enum hash_alg	 alg;
	const char	*msg;
	const char	*hex;
} vec[] = {
	{ HASH_MD5, "",
	    "d41d8cd98f00b204e9800998ecf8427e" },
	{ HASH_SHA1, "",
	    "da39a3ee5e6b4b0d3255bfef95601890afd80709" },
	{ HASH_SHA256, "",
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
	{ HASH_SHA512, "",
	    "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e" },
	{ HASH_MD5, "abc",
	    "900150983cd24fb0d6963f7d28e17f72" },
	{ HASH_SHA1, "abc",
	    "a9993e364706816aba3e25717850c26c9cd0d89d" },
	{ HASH_SHA256, "abc",
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
	{ HASH_SHA512, "abc",
	    "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f" },
	{ HASH_MD5, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	    "8215ef0796a20bcaaae116d3876c664a" },
	{ HASH_SHA1, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	    "84983e441c3bd26ebaae4aa1f95129e5e54670f1" },
	{ HASH_SHA256, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
	{ HASH_SHA512, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	    "204a8fc6dda82f0a0ced7beb8e08a41657c16ef468b228a8279be331a703c33596fd15c13b1b07f9aa1d3bea57789ca031ad85c7a71dd70354ec631238ca3445" },
	{ HASH_MD5, "abcdefghbcdefghicdefghijdefghijkefghijklfghijklm"
	    "ghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
	    "03dd8807a93175fb062dfb55dc7d359c" },
	{ HASH_SHA1, "abcdefghbcdefghicdefghijdefghijkefghijklfghijklm"
	    "ghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
	    "a49b2446a02c645bf419f995b67091253a04a259" },
	{ HASH_SHA256, "abcdefghbcdefghicdefghijdefghijkefghijklfghijklm"
	    "ghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
	    "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1" },
	{ HASH_SHA512, "abcdefghbcdefghicdefghijdefghijkefghijklfghijklm"
	    "ghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
	    "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909" },
	{ HASH_MD5, "The quick brown fox jumps over the lazy dog",
	    "9e107d9d372bb6826bd81d3542a419d6" },
	{ HASH_SHA1, "The quick brown fox jumps over the lazy dog",
	    "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12" },
	{ HASH_SHA256, "The quick brown fox jumps over the lazy dog",
	    "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592" },
	{ HASH_SHA512, "The quick brown fox jumps over the lazy dog",
	    "07e547d9586f6a73f73fbac0435ed76951218fb7d0c8d788a309d785436bbb642e93a252a954f23912547d1e8a3b5ed6e1bfd7097821233fa0538f3db854fee6" },
};

static const char *million[4] = {
	"7707d6ae4e027c70eea2a935c2296f21",
	"34aa973cd4c4daa4f61eeb2bdbad27316534016f",
	"cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
	"e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973ebde0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b"
};

static void
digest(enum hash_alg a, const void *p, size_t n, char *hex)
{
	struct hash h;
	unsigned char out[HASH_MAX_LEN];

	hash_init(&h, a);
	hash_update(&h, p, n);
	hash_final(&h, out);
	hash_hex(out, hash_len(a), hex);
}

int
main(void)
{
	char hex[2 * HASH_MAX_LEN + 1], hex2[2 * HASH_MAX_LEN + 1];
	unsigned char buf[1000], out[HASH_MAX_LEN];
	struct hash h;
	size_t i, n, k, step;
	int a;

	for (i = 0; i < sizeof vec / sizeof vec[0]; i++) {
		digest(vec[i].alg, vec[i].msg, strlen(vec[i].msg), hex);
		is_str(hex, vec[i].hex, "%s of \"%.20s\"",
		    hash_name(vec[i].alg), vec[i].msg);
	}
	memset(buf, 'a', sizeof buf);
	for (a = HASH_MD5; a <= HASH_SHA512; a++) {
		hash_init(&h, (enum hash_alg)a);
		for (n = 0, step = 1; n < 1000000; n += k,
		    step = step % 983 + 13) {
			k = 1000000 - n < step ? 1000000 - n : step;
			hash_update(&h, buf, k);
		}
		hash_final(&h, out);
		hash_hex(out, hash_len((enum hash_alg)a), hex);
		is_str(hex, million[a], "%s of a million 'a's, in pieces",
		    hash_name((enum hash_alg)a));
	}
	for (i = 0; i < sizeof buf; i++)
		buf[i] = (unsigned char)(i * 7 + 3);
	for (a = HASH_MD5; a <= HASH_SHA512; a++) {
		static const size_t edges[] = { 55, 56, 63, 64, 111, 112, 127,
		    128, 129 };
		for (i = 0; i < sizeof edges / sizeof edges[0]; i++) {
			digest((enum hash_alg)a, buf, edges[i], hex);
			hash_init(&h, (enum hash_alg)a);
			for (k = 0; k < edges[i]; k++)
				hash_update(&h, buf + k, 1);
			hash_final(&h, out);
			hash_hex(out, hash_len((enum hash_alg)a), hex2);
			is_str(hex2, hex, "%s: %zu bytes one at a time as "
			    "at once",
			    hash_name((enum hash_alg)a), edges[i]);
		}
	}
	return done_testing();
}
