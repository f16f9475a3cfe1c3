/* test_sha1.c — SHA-1 against the FIPS 180 examples, fed whole and in
 * pieces that cross block boundaries. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "sha1.h"

static const char *hex(const unsigned char md[DOCCONV_SHA1_LEN])
{
	static char s[2 * DOCCONV_SHA1_LEN + 1];
	for (int i = 0; i < DOCCONV_SHA1_LEN; i++)
		snprintf(s + 2 * i, 3, "%02x", md[i]);
	return s;
}

/* The digest of s fed in pieces of `step` bytes (0: whole). */
static const char *digest(const char *s, size_t step)
{
	unsigned char md[DOCCONV_SHA1_LEN];
	docconv_sha1 h;
	size_t n = strlen(s);
	docconv_sha1_init(&h);
	if (!step)
		step = n ? n : 1;
	for (size_t i = 0; i < n; i += step)
		docconv_sha1_update(&h, s + i, n - i < step ? n - i : step);
	docconv_sha1_final(&h, md);
	return hex(md);
}

int main(void)
{
	static const struct { const char *in, *want; } v[] = {
		{ "", "da39a3ee5e6b4b0d3255bfef95601890afd80709" },
		{ "abc", "a9993e364706816aba3e25717850c26c9cd0d89d" },
		{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		  "84983e441c3bd26ebaae4aa1f95129e5e54670f1" },
		{ "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
		  "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
		  "a49b2446a02c645bf419f995b67091253a04a259" },
	};
	for (size_t i = 0; i < sizeof v / sizeof *v; i++)
		for (size_t step = 0; step < 70; step += 7)
			CHECK_STR(digest(v[i].in, step), v[i].want);

	/* A million 'a', the longest FIPS example. */
	static char block[1000];
	memset(block, 'a', sizeof block);
	docconv_sha1 h;
	unsigned char md[DOCCONV_SHA1_LEN];
	docconv_sha1_init(&h);
	for (int i = 0; i < 1000; i++)
		docconv_sha1_update(&h, block, sizeof block);
	docconv_sha1_final(&h, md);
	CHECK_STR(hex(md), "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
	return check_report("test_sha1");
}
