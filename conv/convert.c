/* convert.c — one input through decode and a reader into a model. */
#include "convert.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "decode.h"
#include "text.h"

/* Bytes read per read(2) from a pipe whose size is not known. */
#define READ_CHUNK (64 * 1024)

docconv_status docconv_read_file(const char *path, unsigned char **bytes,
                                 size_t *n, docconv_diag *d)
{
	docconv_status st = DOCCONV_OK;
	int fd = -1;
	docconv_buf b;
	docconv_buf_init(&b);
	*bytes = NULL;
	*n = 0;

	if (strcmp(path, "-") == 0) {
		fd = STDIN_FILENO;
	} else if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) < 0) {
		st = docconv_fail(d, DOCCONV_ERR_READ, "cannot open: %s",
		                  strerror(errno));
		goto out;
	}
	struct stat sb;
	if (fstat(fd, &sb) == 0) {
		if (S_ISDIR(sb.st_mode)) {
			st = docconv_fail(d, DOCCONV_ERR_READ,
			                  "is a directory; give a file, or convert "
			                  "the folder as a batch with -o OUTDIR/");
			goto out;
		}
		if (S_ISREG(sb.st_mode) &&
		    (unsigned long long)sb.st_size > DOCCONV_MAX_INPUT_BYTES) {
			st = docconv_fail(d, DOCCONV_ERR_LIMIT,
			                  "file is %lld bytes, over the limit of %u "
			                  "bytes for one article",
			                  (long long)sb.st_size,
			                  DOCCONV_MAX_INPUT_BYTES);
			goto out;
		}
		if (S_ISREG(sb.st_mode) && docconv_buf_reserve(&b, (size_t)sb.st_size)) {
			st = DOCCONV_ERR_NOMEM;
			goto out;
		}
	}
	for (;;) {
		if (docconv_buf_reserve(&b, READ_CHUNK)) {
			st = DOCCONV_ERR_NOMEM;
			goto out;
		}
		ssize_t r = read(fd, b.data + b.len, b.cap - b.len - 1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			st = docconv_fail(d, DOCCONV_ERR_READ, "cannot read: %s",
			                  strerror(errno));
			goto out;
		}
		if (r == 0)
			break;
		b.len += (size_t)r;
		if (b.len > DOCCONV_MAX_INPUT_BYTES) {
			st = docconv_fail(d, DOCCONV_ERR_LIMIT,
			                  "input is over the limit of %u bytes for "
			                  "one article", DOCCONV_MAX_INPUT_BYTES);
			goto out;
		}
	}
	*n = b.len;
	*bytes = (unsigned char *)docconv_buf_detach(&b, NULL);
	if (!*bytes)
		st = DOCCONV_ERR_NOMEM;
out:
	if (fd > STDIN_FILENO)
		close(fd);
	docconv_buf_free(&b);
	return st;
}

static docconv_status apply_overrides(docconv_doc *doc,
                                      const docconv_convert_opts *o,
                                      const char *source_name,
                                      const char *encoding, docconv_diag *d)
{
	docconv_status st = DOCCONV_OK;
	if (o->title)
		st = docconv_doc_set_meta(doc, DOCCONV_META_TITLE, o->title,
		                          strlen(o->title));
	if (!st && o->lang)
		st = docconv_doc_set_meta(doc, DOCCONV_META_LANG, o->lang,
		                          strlen(o->lang));
	if (!st && o->n_authors) {
		docconv_doc_clear_authors(doc);
		for (size_t i = 0; i < o->n_authors && !st; i++)
			st = docconv_doc_add_author(doc, o->authors[i],
			                            strlen(o->authors[i]));
		if (st == DOCCONV_ERR_LIMIT)
			st = docconv_fail(d, DOCCONV_ERR_USAGE,
			                  "more than %d authors given; name at most %d",
			                  DOCCONV_MAX_AUTHORS, DOCCONV_MAX_AUTHORS);
	}
	if (!st && source_name && !docconv_doc_meta(doc)->source)
		st = docconv_doc_set_meta(doc, DOCCONV_META_SOURCE, source_name,
		                          strlen(source_name));
	if (!st && encoding && !docconv_doc_meta(doc)->encoding)
		st = docconv_doc_set_meta(doc, DOCCONV_META_ENCODING, encoding,
		                          strlen(encoding));
	return st;
}

docconv_status docconv_convert_bytes(const unsigned char *bytes, size_t n,
                                     const char *source_name,
                                     const docconv_convert_opts *opts,
                                     docconv_doc **out, docconv_diag *d)
{
	docconv_status st;
	docconv_decoded dec;
	docconv_doc *doc = NULL;
	*out = NULL;

	if ((st = docconv_decode(bytes, n, opts->encoding, &dec, d)) != DOCCONV_OK)
		return st;
	docconv_read_opts ro = { source_name, dec.encoding };
	if (opts->from == DOCCONV_FROM_JSON)
		st = docconv_read_json(dec.text, dec.len, &ro, &doc, d);
	else
		st = docconv_read_article(dec.text, dec.len, &ro, &doc, d);
	if (st == DOCCONV_OK)
		st = apply_overrides(doc, opts, source_name,
		                     opts->from == DOCCONV_FROM_JSON ? NULL
		                                                     : dec.encoding,
		                     d);
	if (st != DOCCONV_OK) {
		docconv_doc_free(doc);
		doc = NULL;
	}
	docconv_decoded_free(&dec);
	*out = doc;
	return st;
}

docconv_status docconv_explain_bytes(const unsigned char *bytes, size_t n,
                                     const char *source_name,
                                     const docconv_convert_opts *opts,
                                     docconv_sink *sink, docconv_diag *d)
{
	docconv_status st;
	docconv_decoded dec;
	if ((st = docconv_decode(bytes, n, opts->encoding, &dec, d)) != DOCCONV_OK)
		return st;
	docconv_read_opts ro = { source_name, dec.encoding };
	st = docconv_explain_article(dec.text, dec.len, &ro, sink, d);
	docconv_decoded_free(&dec);
	return st;
}

int64_t docconv_output_timestamp(int64_t fallback)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	if (e && *e) {
		char *end;
		errno = 0;
		long long v = strtoll(e, &end, 10);
		if (!errno && *end == '\0' && v >= 0 && v < 253402300800LL)
			return v;
	}
	return fallback;
}
