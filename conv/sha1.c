/* sha1.c — SHA-1 as FIPS 180-4 section 6.1 gives it. */
#include "sha1.h"

#include <string.h>

static uint32_t rol(uint32_t x, unsigned n)
{
	return x << n | x >> (32 - n);
}

static void compress(uint32_t h[5], const unsigned char *p)
{
	uint32_t w[80];
	for (int t = 0; t < 16; t++)
		w[t] = (uint32_t)p[4 * t] << 24 | (uint32_t)p[4 * t + 1] << 16 |
		       (uint32_t)p[4 * t + 2] << 8 | p[4 * t + 3];
	for (int t = 16; t < 80; t++)
		w[t] = rol(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
	uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], tmp;
	/* One round: f and k change every 20 rounds. */
#define SHA1_ROUND(f, k) \
	do { \
		tmp = rol(a, 5) + (f) + e + (k) + w[t]; \
		e = d; \
		d = c; \
		c = rol(b, 30); \
		b = a; \
		a = tmp; \
	} while (0)
	int t = 0;
	for (; t < 20; t++)
		SHA1_ROUND((b & c) | (~b & d), 0x5A827999u);
	for (; t < 40; t++)
		SHA1_ROUND(b ^ c ^ d, 0x6ED9EBA1u);
	for (; t < 60; t++)
		SHA1_ROUND((b & c) | (b & d) | (c & d), 0x8F1BBCDCu);
	for (; t < 80; t++)
		SHA1_ROUND(b ^ c ^ d, 0xCA62C1D6u);
#undef SHA1_ROUND
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
	h[4] += e;
}

void docconv_sha1_init(docconv_sha1 *s)
{
	static const uint32_t h0[5] = { 0x67452301, 0xEFCDAB89, 0x98BADCFE,
	                                 0x10325476, 0xC3D2E1F0 };
	memcpy(s->h, h0, sizeof h0);
	s->bytes = 0;
	s->used = 0;
}

void docconv_sha1_update(docconv_sha1 *s, const void *data, size_t n)
{
	const unsigned char *p = data;
	s->bytes += n;
	if (s->used) {
		size_t k = sizeof s->block - s->used;
		if (k > n)
			k = n;
		memcpy(s->block + s->used, p, k);
		s->used += k;
		p += k;
		n -= k;
		if (s->used < sizeof s->block)
			return;
		compress(s->h, s->block);
		s->used = 0;
	}
	/* Whole blocks straight from the input. */
	for (; n >= sizeof s->block; p += sizeof s->block, n -= sizeof s->block)
		compress(s->h, p);
	memcpy(s->block, p, n);
	s->used = n;
}

void docconv_sha1_final(docconv_sha1 *s, unsigned char md[DOCCONV_SHA1_LEN])
{
	uint64_t bits = s->bytes * 8;
	unsigned char pad[72] = { 0x80 };
	/* 0x80, zeros up to 56 mod 64, then the length in bits. */
	size_t n = (s->used < 56 ? 56 : 120) - s->used;
	for (int i = 0; i < 8; i++)
		pad[n + i] = (unsigned char)(bits >> (56 - 8 * i));
	docconv_sha1_update(s, pad, n + 8);
	for (int i = 0; i < 5; i++) {
		md[4 * i] = (unsigned char)(s->h[i] >> 24);
		md[4 * i + 1] = (unsigned char)(s->h[i] >> 16);
		md[4 * i + 2] = (unsigned char)(s->h[i] >> 8);
		md[4 * i + 3] = (unsigned char)s->h[i];
	}
}
