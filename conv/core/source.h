/* source.h — where an input's bytes come from, and the one loop that reads
 * a whole input within a limit.
 *
 * A source is a file descriptor (a file, a pipe, standard input) or any
 * read function (an entry of an archive). Its first bytes can be looked at
 * before it is read (docconv_source_peek): that is how standard input is
 * told to be an archive or an article, and they are read again after.
 * Sinks (sink.h) are the other end.
 */
#ifndef DOCCONV_SOURCE_H
#define DOCCONV_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"

/* Bytes into buf[0..n): the count, 0 at the end, -1 on an error (errno
 * says which). */
typedef long long (*docconv_read_fn)(void *ctx, void *buf, size_t n);

/* The most bytes docconv_source_peek looks at: enough for every archive
 * signature (a tar's is at byte 257). */
#define DOCCONV_SOURCE_PEEK 512

typedef struct docconv_source {
	docconv_read_fn read;
	void *ctx;
	int fd;                   /* for docconv_source_fd, else -1 */
	unsigned char head[DOCCONV_SOURCE_PEEK];
	size_t head_len, head_at; /* peeked bytes, and how many were read */
} docconv_source;

/* A source reading `fd` (which stays the caller's to close). */
void docconv_source_fd(docconv_source *s, int fd);
/* A source reading through `read`. */
void docconv_source_fn(docconv_source *s, docconv_read_fn read, void *ctx);

/* The first bytes (at most DOCCONV_SOURCE_PEEK, fewer at the end of a short
 * input), without consuming them; NULL with errno on a read error. Only
 * before the first docconv_source_read. */
const unsigned char *docconv_source_peek(docconv_source *s, size_t *n);
/* As docconv_read_fn: the peeked bytes first, then the rest. */
long long docconv_source_read(docconv_source *s, void *buf, size_t n);

/* Reads the rest of the source into a new NUL-terminated buffer (free it),
 * never holding more than limit + 1 bytes: *over tells the source had more
 * than `limit` (the bytes are then NULL). `size_hint` (0: none) is the size
 * the caller expects, allocated at once. DOCCONV_ERR_READ with errno on a
 * read error; the caller says what could not be read. */
docconv_status docconv_source_read_all(docconv_source *s, uint64_t limit,
                                       size_t size_hint, unsigned char **bytes,
                                       size_t *n, int *over);

#endif
