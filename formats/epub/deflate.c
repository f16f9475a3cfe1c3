/* deflate.c — zip entries deflated once, handed to libzip compressed. */
#include "deflate.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* The zip general purpose flags for deflate's options (APPNOTE 4.4.4). */
#define DEFLATE_FLAGS_MASK 0x0006
#define DEFLATE_FLAGS_MAXIMUM 0x0002

/* What one source gives libzip: the deflated bytes and what they stand
 * for. */
typedef struct packed_source {
	unsigned char *data;
	size_t len, pos;
	zip_uint64_t size;             /* of the bytes before deflating */
	uint32_t crc;
	zip_error_t error;
} packed_source;

static zip_int64_t packed_callback(void *ud, void *data, zip_uint64_t len,
                                   zip_source_cmd_t cmd)
{
	packed_source *s = ud;
	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		s->pos = 0;
		return 0;
	case ZIP_SOURCE_READ: {
		size_t n = s->len - s->pos;
		if (len < n)
			n = (size_t)len;
		memcpy(data, s->data + s->pos, n);
		s->pos += n;
		return (zip_int64_t)n;
	}
	case ZIP_SOURCE_CLOSE:
		return 0;
	case ZIP_SOURCE_STAT: {
		zip_stat_t *st = ZIP_SOURCE_GET_ARGS(zip_stat_t, data, len,
		                                     &s->error);
		if (!st)
			return -1;
		zip_stat_init(st);
		st->valid = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE |
		            ZIP_STAT_COMP_METHOD | ZIP_STAT_CRC |
		            ZIP_STAT_ENCRYPTION_METHOD;
		st->size = s->size;
		st->comp_size = s->len;
		st->comp_method = ZIP_CM_DEFLATE;
		st->crc = s->crc;
		st->encryption_method = ZIP_EM_NONE;
		return sizeof *st;
	}
	case ZIP_SOURCE_GET_FILE_ATTRIBUTES: {
		/* Bits 1-2 of the flags say how hard deflate worked: as libzip
		 * marks its own level 9, "maximum". */
		zip_file_attributes_t *a = ZIP_SOURCE_GET_ARGS(
		        zip_file_attributes_t, data, len, &s->error);
		if (!a)
			return -1;
		zip_file_attributes_init(a);
		a->valid = ZIP_FILE_ATTRIBUTES_GENERAL_PURPOSE_BIT_FLAGS;
		a->general_purpose_bit_flags = DEFLATE_FLAGS_MAXIMUM;
		a->general_purpose_bit_mask = DEFLATE_FLAGS_MASK;
		return sizeof *a;
	}
	case ZIP_SOURCE_ERROR:
		return zip_error_to_data(&s->error, data, len);
	case ZIP_SOURCE_FREE:
		free(s->data);
		zip_error_fini(&s->error);
		free(s);
		return 0;
	case ZIP_SOURCE_SUPPORTS:
		return zip_source_make_command_bitmap(
		        ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
		        ZIP_SOURCE_STAT, ZIP_SOURCE_GET_FILE_ATTRIBUTES,
		        ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
	default:
		zip_error_set(&s->error, ZIP_ER_OPNOTSUPP, 0);
		return -1;
	}
}

void epub_deflater_init(epub_deflater *f)
{
	memset(f, 0, sizeof *f);
}

static void cached_free(epub_cached *c)
{
	free(c->name);
	free(c->plain);
	free(c->packed);
	memset(c, 0, sizeof *c);
}

void epub_deflater_free(epub_deflater *f)
{
	if (f->ready)
		deflateEnd(&f->z);
	for (size_t i = 0; i < EPUB_DEFLATE_CACHED; i++)
		cached_free(&f->cache[i]);
	memset(f, 0, sizeof *f);
}

/* data[0..len) deflated (raw, as zip stores it) into a new buffer. */
static int pack(epub_deflater *f, const void *data, size_t len,
                unsigned char **out, size_t *out_len)
{
	*out = NULL;
	if (len > UINT_MAX)
		return -1;
	if (!f->ready) {
		memset(&f->z, 0, sizeof f->z);
		if (deflateInit2(&f->z, EPUB_DEFLATE_LEVEL, Z_DEFLATED, -MAX_WBITS,
		                 EPUB_DEFLATE_MEM_LEVEL, Z_DEFAULT_STRATEGY) != Z_OK)
			return -1;
		f->ready = 1;
	} else if (deflateReset(&f->z) != Z_OK) {
		return -1;
	}
	uLong bound = deflateBound(&f->z, (uLong)len);
	if (bound > UINT_MAX || !(*out = malloc(bound)))
		return -1;
	f->z.next_in = data;
	f->z.avail_in = (uInt)len;
	f->z.next_out = *out;
	f->z.avail_out = (uInt)bound;
	if (deflate(&f->z, Z_FINISH) != Z_STREAM_END) {
		free(*out);
		*out = NULL;
		return -1;
	}
	*out_len = (size_t)f->z.total_out;
	return 0;
}

static void *copy_of(const void *p, size_t n)
{
	void *c = malloc(n ? n : 1);
	return c ? memcpy(c, p, n) : NULL;
}

/* Remembers name, data and its result in a slot (the least recently
 * filled when the name is new); a failure only leaves the slot empty. */
static void remember(epub_deflater *f, epub_cached *slot, const char *name,
                     const void *data, size_t len, const unsigned char *packed,
                     size_t packed_len, uint32_t crc)
{
	if (!slot) {
		slot = &f->cache[f->next_slot];
		f->next_slot = (f->next_slot + 1) % EPUB_DEFLATE_CACHED;
	}
	cached_free(slot);
	slot->name = copy_of(name, strlen(name) + 1);
	slot->plain = copy_of(data, len);
	slot->packed = copy_of(packed, packed_len);
	if (!slot->name || !slot->plain || !slot->packed) {
		cached_free(slot);
		return;
	}
	slot->plain_len = len;
	slot->packed_len = packed_len;
	slot->crc = crc;
}

zip_source_t *epub_deflated_source(epub_deflater *f, zip_t *zip,
                                   const char *name, const void *data,
                                   size_t len, int cache)
{
	packed_source *s = calloc(1, sizeof *s);
	epub_cached *slot = NULL;
	if (!s)
		return NULL;
	zip_error_init(&s->error);
	for (size_t i = 0; i < EPUB_DEFLATE_CACHED && !slot; i++)
		if (f->cache[i].name && strcmp(f->cache[i].name, name) == 0)
			slot = &f->cache[i];
	if (slot && slot->plain_len == len &&
	    memcmp(slot->plain, data, len) == 0) {
		s->data = copy_of(slot->packed, slot->packed_len);
		s->len = slot->packed_len;
		s->crc = slot->crc;
	} else if (pack(f, data, len, &s->data, &s->len) == 0) {
		s->crc = (uint32_t)crc32_z(0, data, len);
		if (cache)
			remember(f, slot, name, data, len, s->data, s->len, s->crc);
	}
	s->size = len;
	zip_source_t *src = s->data ? zip_source_function(zip, packed_callback, s)
	                            : NULL;
	if (!src) {
		free(s->data);
		zip_error_fini(&s->error);
		free(s);
	}
	return src;
}
