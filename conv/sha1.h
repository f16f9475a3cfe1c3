/* sha1.h — SHA-1 (FIPS 180-4), for name-based identifiers (RFC 4122
 * version 5 UUIDs). Not for anything that must resist an attacker.
 *
 * Our own rather than libcrypto's: OpenSSL 3 fetches a provider on the
 * first digest, which costs more than converting a whole article, and the
 * library itself takes a millisecond to load.
 */
#ifndef DOCCONV_SHA1_H
#define DOCCONV_SHA1_H

#include <stddef.h>
#include <stdint.h>

#define DOCCONV_SHA1_LEN 20

typedef struct docconv_sha1 {
	uint32_t h[5];
	uint64_t bytes;          /* hashed so far */
	unsigned char block[64];
	size_t used;             /* bytes waiting in block */
} docconv_sha1;

void docconv_sha1_init(docconv_sha1 *s);
void docconv_sha1_update(docconv_sha1 *s, const void *data, size_t n);
void docconv_sha1_final(docconv_sha1 *s, unsigned char md[DOCCONV_SHA1_LEN]);

#endif
