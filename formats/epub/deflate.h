/* deflate.h — zip entries deflated by the EPUB writer itself, and handed
 * to libzip already compressed.
 *
 * libzip deflates each entry with a fresh zlib stream at its largest
 * memory level: about 400 KiB set up and a 128 KiB hash table cleared per
 * entry, a seventh of a whole EPUB's work for an article of a few KB. Here
 * one stream (memory level 8) is reset between entries, and the last bytes
 * deflated under each entry name are kept with their result: the
 * stylesheet and the container, the same in every book of a batch, are
 * deflated once per writer context. libzip writes what it is given as it
 * is, with the CRC and sizes computed here (the way it copies an entry
 * from one archive to another).
 */
#ifndef DOCCONV_EPUB_DEFLATE_H
#define DOCCONV_EPUB_DEFLATE_H

#include <stddef.h>
#include <stdint.h>
#include <zip.h>
#ifndef ZLIB_CONST
#define ZLIB_CONST   /* next_in points to const bytes */
#endif
#include <zlib.h>

/* Entries whose bytes and result are remembered (the unchanging ones). */
#define EPUB_DEFLATE_CACHED 2
/* zlib: the smallest output, and a fixed level keeps the bytes stable. */
#define EPUB_DEFLATE_LEVEL 9
#define EPUB_DEFLATE_MEM_LEVEL 8

typedef struct epub_cached {
	char *name;
	unsigned char *plain, *packed;
	size_t plain_len, packed_len;
	uint32_t crc;
} epub_cached;

typedef struct epub_deflater {
	z_stream z;
	int ready;                     /* z is initialised */
	epub_cached cache[EPUB_DEFLATE_CACHED];
	size_t next_slot;              /* the slot a new name replaces */
} epub_deflater;

void epub_deflater_init(epub_deflater *f);
void epub_deflater_free(epub_deflater *f);

/* A libzip source of data[0..len) deflated, for the entry `name` (whose
 * earlier result is reused when the bytes are the same, and which is
 * remembered when `cache` is set); NULL when out of memory or zlib fails.
 * The source owns its bytes: libzip frees it. */
zip_source_t *epub_deflated_source(epub_deflater *f, zip_t *zip,
                                   const char *name, const void *data,
                                   size_t len, int cache);

#endif
