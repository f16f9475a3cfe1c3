/* zipwrite.c — streaming zip output (zipwrite.h); the record layouts are
 * those of PKWARE's APPNOTE.TXT, sections 4.3.7 (local file header), 4.3.12
 * (central directory header) and 4.3.16 (end of central directory). */
#include "zipwrite.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#define SIG_LOCAL 0x04034b50u
#define SIG_CENTRAL 0x02014b50u
#define SIG_END 0x06054b50u
#define LOCAL_HEADER_SIZE 30
#define CENTRAL_HEADER_SIZE 46
#define END_RECORD_SIZE 22
/* Version 2.0: deflate; "made by" Unix so that the mode bits are read. */
#define VERSION_NEEDED 20
#define VERSION_MADE_BY ((3u << 8) | 20)
/* General purpose flag bit 11: the name is UTF-8. */
#define FLAG_UTF8 0x0800u
#define METHOD_STORE 0
#define METHOD_DEFLATE 8
/* A regular file, rw-r--r--, in the high half of the external attributes. */
#define UNIX_FILE_ATTRIBUTES (0100644u << 16)
/* Deflate settings; fixed so that the same input gives the same bytes. */
#define DEFLATE_LEVEL 6
#define DEFLATE_RAW_WINDOW (-15)
#define DEFLATE_MEM_LEVEL 8

typedef struct zipw_entry {
	char *name;
	uint32_t crc, csize, usize, offset;
	uint16_t method, time, date;
} zipw_entry;

struct docconv_zipw {
	docconv_sink *sink;
	const char *name;
	uint64_t offset;
	zipw_entry *entries;
	size_t n, cap;
};

static void put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)(v & 0xff);
	p[1] = (unsigned char)((v >> 8) & 0xff);
}

static void put32(unsigned char *p, uint32_t v)
{
	put16(p, v & 0xffff);
	put16(p + 2, v >> 16);
}

/* MS-DOS date and time of `t`, in UTC so that the time zone of the machine
 * does not change the bytes; clamped to the range DOS can hold. */
static void dos_time(int64_t t, uint16_t *dtime, uint16_t *ddate)
{
	/* 1980-01-01 and 2107-12-31 23:59:58, the ends of the DOS range. */
	const int64_t lo = 315532800, hi = 4354819198LL;
	time_t tt = (time_t)(t < lo ? lo : t > hi ? hi : t);
	struct tm tm;
	gmtime_r(&tt, &tm);
	*dtime = (uint16_t)((tm.tm_hour << 11) | (tm.tm_min << 5) | (tm.tm_sec / 2));
	*ddate = (uint16_t)(((tm.tm_year - 80) << 9) | ((tm.tm_mon + 1) << 5) |
	                    tm.tm_mday);
}

docconv_status docconv_zipw_new(docconv_zipw **out, docconv_sink *sink,
                                const char *name)
{
	*out = calloc(1, sizeof **out);
	if (!*out)
		return DOCCONV_ERR_NOMEM;
	(*out)->sink = sink;
	(*out)->name = name;
	return DOCCONV_OK;
}

static docconv_status too_big(docconv_zipw *z, docconv_diag *d)
{
	return docconv_fail(d, DOCCONV_ERR_LIMIT,
	                    "%s would need zip64 (over %u entries or 4 GiB), "
	                    "which docconv does not write; write to a folder "
	                    "with -o OUTDIR/", z->name, DOCCONV_ZIPW_MAX_ENTRIES);
}

static docconv_status put_bytes(docconv_zipw *z, const void *p, size_t n,
                                docconv_diag *d)
{
	if (z->offset + n > DOCCONV_ZIPW_MAX_OFFSET)
		return too_big(z, d);
	z->offset += n;
	return docconv_sink_write(z->sink, p, n);
}

/* Deflates data into a new buffer; *out is NULL when deflating does not
 * make it smaller (the entry is then stored). */
static docconv_status deflate_data(const unsigned char *data, size_t n,
                                   unsigned char **out, size_t *out_n)
{
	docconv_status st = DOCCONV_OK;
	z_stream zs;
	memset(&zs, 0, sizeof zs);
	*out = NULL;
	*out_n = 0;
	if (n == 0 || n > UINT32_MAX)
		return DOCCONV_OK;
	if (deflateInit2(&zs, DEFLATE_LEVEL, Z_DEFLATED, DEFLATE_RAW_WINDOW,
	                 DEFLATE_MEM_LEVEL, Z_DEFAULT_STRATEGY) != Z_OK)
		return DOCCONV_ERR_NOMEM;
	uLong bound = deflateBound(&zs, (uLong)n);
	unsigned char *buf = malloc(bound ? bound : 1);
	if (!buf) {
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	zs.next_in = (Bytef *)data;
	zs.avail_in = (uInt)n;
	zs.next_out = buf;
	zs.avail_out = (uInt)bound;
	if (deflate(&zs, Z_FINISH) != Z_STREAM_END) {
		st = DOCCONV_ERR_INTERNAL;
		goto out;
	}
	if (zs.total_out < n) {
		*out = buf;
		*out_n = zs.total_out;
		buf = NULL;
	}
out:
	free(buf);
	deflateEnd(&zs);
	return st;
}

docconv_status docconv_zipw_add(docconv_zipw *z, const char *path,
                                const unsigned char *data, size_t n,
                                int64_t mtime, docconv_diag *d)
{
	docconv_status st = DOCCONV_OK;
	unsigned char *packed = NULL;
	size_t packed_n = 0;
	size_t name_len = strlen(path);
	zipw_entry e;
	memset(&e, 0, sizeof e);

	if (z->n >= DOCCONV_ZIPW_MAX_ENTRIES || n > DOCCONV_ZIPW_MAX_OFFSET ||
	    name_len > 0xffff || z->offset > DOCCONV_ZIPW_MAX_OFFSET) {
		st = too_big(z, d);
		goto out;
	}
	if (z->n == z->cap) {
		size_t cap = z->cap ? 2 * z->cap : 64;
		zipw_entry *grown = realloc(z->entries, cap * sizeof *grown);
		if (!grown) {
			st = DOCCONV_ERR_NOMEM;
			goto out;
		}
		z->entries = grown;
		z->cap = cap;
	}
	if ((st = deflate_data(data, n, &packed, &packed_n)) != DOCCONV_OK)
		goto out;
	if (!(e.name = malloc(name_len + 1))) {
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	memcpy(e.name, path, name_len + 1);
	e.crc = (uint32_t)crc32(crc32(0L, Z_NULL, 0), data, (uInt)n);
	e.usize = (uint32_t)n;
	e.method = packed ? METHOD_DEFLATE : METHOD_STORE;
	e.csize = (uint32_t)(packed ? packed_n : n);
	e.offset = (uint32_t)z->offset;
	dos_time(mtime, &e.time, &e.date);

	unsigned char h[LOCAL_HEADER_SIZE];
	put32(h, SIG_LOCAL);
	put16(h + 4, VERSION_NEEDED);
	put16(h + 6, FLAG_UTF8);
	put16(h + 8, e.method);
	put16(h + 10, e.time);
	put16(h + 12, e.date);
	put32(h + 14, e.crc);
	put32(h + 18, e.csize);
	put32(h + 22, e.usize);
	put16(h + 26, (unsigned)name_len);
	put16(h + 28, 0);
	if ((st = put_bytes(z, h, sizeof h, d)) != DOCCONV_OK ||
	    (st = put_bytes(z, path, name_len, d)) != DOCCONV_OK ||
	    (st = put_bytes(z, packed ? packed : data, e.csize, d)) != DOCCONV_OK)
		goto out;
	z->entries[z->n++] = e;
	e.name = NULL;
out:
	free(e.name);
	free(packed);
	return st;
}

docconv_status docconv_zipw_finish(docconv_zipw *z, docconv_diag *d)
{
	docconv_status st = DOCCONV_OK;
	uint64_t start = z->offset;
	for (size_t i = 0; i < z->n && st == DOCCONV_OK; i++) {
		const zipw_entry *e = &z->entries[i];
		size_t name_len = strlen(e->name);
		unsigned char h[CENTRAL_HEADER_SIZE];
		put32(h, SIG_CENTRAL);
		put16(h + 4, VERSION_MADE_BY);
		put16(h + 6, VERSION_NEEDED);
		put16(h + 8, FLAG_UTF8);
		put16(h + 10, e->method);
		put16(h + 12, e->time);
		put16(h + 14, e->date);
		put32(h + 16, e->crc);
		put32(h + 20, e->csize);
		put32(h + 24, e->usize);
		put16(h + 28, (unsigned)name_len);
		put16(h + 30, 0);   /* extra field length */
		put16(h + 32, 0);   /* comment length */
		put16(h + 34, 0);   /* disk number */
		put16(h + 36, 0);   /* internal attributes */
		put32(h + 38, UNIX_FILE_ATTRIBUTES);
		put32(h + 42, e->offset);
		if ((st = put_bytes(z, h, sizeof h, d)) == DOCCONV_OK)
			st = put_bytes(z, e->name, name_len, d);
	}
	if (st != DOCCONV_OK)
		goto out;
	unsigned char end[END_RECORD_SIZE];
	put32(end, SIG_END);
	put16(end + 4, 0);     /* this disk */
	put16(end + 6, 0);     /* disk with the central directory */
	put16(end + 8, (unsigned)z->n);
	put16(end + 10, (unsigned)z->n);
	put32(end + 12, (uint32_t)(z->offset - start));
	put32(end + 16, (uint32_t)start);
	put16(end + 20, 0);    /* comment length */
	st = put_bytes(z, end, sizeof end, d);
out:
	return st;
}

void docconv_zipw_free(docconv_zipw *z)
{
	if (!z)
		return;
	for (size_t i = 0; i < z->n; i++)
		free(z->entries[i].name);
	free(z->entries);
	free(z);
}
