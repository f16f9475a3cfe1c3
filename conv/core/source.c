/* source.c — input bytes, peeked and read within a limit (source.h). */
#include "source.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "text.h"

/* Bytes asked for per read when the size is not known in advance: a pipe
 * gives at most this much at once anyway. */
#define READ_CHUNK (64 * 1024)

static long long read_fd(void *ctx, void *buf, size_t n)
{
	for (;;) {
		ssize_t r = read(*(const int *)ctx, buf, n);
		if (r >= 0 || errno != EINTR)
			return r;
	}
}

void docconv_source_fd(docconv_source *s, int fd)
{
	memset(s, 0, sizeof *s);
	s->fd = fd;
	s->read = read_fd;
	s->ctx = &s->fd;
}

void docconv_source_fn(docconv_source *s, docconv_read_fn read, void *ctx)
{
	memset(s, 0, sizeof *s);
	s->fd = -1;
	s->read = read;
	s->ctx = ctx;
}

const unsigned char *docconv_source_peek(docconv_source *s, size_t *n)
{
	/* A pipe may give the head in pieces: read until it is full or ends. */
	while (s->head_len < sizeof s->head) {
		long long r = s->read(s->ctx, s->head + s->head_len,
		                      sizeof s->head - s->head_len);
		if (r < 0)
			return NULL;
		if (r == 0)
			break;
		s->head_len += (size_t)r;
	}
	*n = s->head_len;
	return s->head;
}

long long docconv_source_read(docconv_source *s, void *buf, size_t n)
{
	if (s->head_at < s->head_len) {
		size_t k = s->head_len - s->head_at;
		if (k > n)
			k = n;
		memcpy(buf, s->head + s->head_at, k);
		s->head_at += k;
		return (long long)k;
	}
	return s->read(s->ctx, buf, n);
}

docconv_status docconv_source_read_all(docconv_source *s, uint64_t limit,
                                       size_t size_hint, unsigned char **bytes,
                                       size_t *n, int *over)
{
	docconv_status st = DOCCONV_OK;
	docconv_buf b;
	docconv_buf_init(&b);
	*bytes = NULL;
	*n = 0;
	*over = 0;
	if (size_hint && size_hint <= limit && docconv_buf_reserve(&b, size_hint)) {
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	for (;;) {
		if (docconv_buf_reserve(&b, READ_CHUNK)) {
			st = DOCCONV_ERR_NOMEM;
			goto out;
		}
		size_t want = b.cap - b.len - 1;
		if (want > limit + 1 - b.len)
			want = (size_t)(limit + 1 - b.len);
		long long r = docconv_source_read(s, b.data + b.len, want);
		if (r < 0) {
			st = DOCCONV_ERR_READ;
			goto out;
		}
		if (r == 0)
			break;
		b.len += (size_t)r;
		if (b.len > limit) {
			*over = 1;
			goto out;
		}
	}
	if (!(*bytes = (unsigned char *)docconv_buf_detach(&b, n)))
		st = DOCCONV_ERR_NOMEM;
out:
	docconv_buf_free(&b);
	return st;
}
