/* pipeline.c — one input through read, decode, reader, finish, writer
 * (pipeline.h). */
#include "pipeline.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conv/core/decode.h"

static const docconv_reader *reader_of(const docconv_pipeline *p)
{
	return p->reader ? p->reader : docconv_find_reader("article");
}

/* The input's bytes, within its limit. */
static docconv_status read_input(const docconv_input *in, unsigned char **bytes,
                                 size_t *n, docconv_diag *d)
{
	int over;
	docconv_status st = docconv_source_read_all(in->source, in->limit,
	                                            in->size_hint, bytes, n, &over);
	if (st == DOCCONV_ERR_READ)
		return docconv_fail(d, st, "cannot read: %s", strerror(errno));
	if (st == DOCCONV_OK && over)
		st = docconv_fail(d, DOCCONV_ERR_LIMIT,
		                  "input is over the limit of %llu bytes for one "
		                  "article%s%s%s",
		                  (unsigned long long)in->limit,
		                  in->limit_option ? " (" : "",
		                  in->limit_option ? in->limit_option : "",
		                  in->limit_option ? ")" : "");
	return st;
}

static docconv_status apply_overrides(const docconv_pipeline *p,
                                      docconv_doc *doc, int with_title,
                                      const char *source_name,
                                      const char *encoding, docconv_diag *d)
{
	docconv_status st = DOCCONV_OK;
	if (p->title && with_title)
		st = docconv_doc_set_meta(doc, DOCCONV_META_TITLE, p->title,
		                          strlen(p->title));
	if (!st && p->lang)
		st = docconv_doc_set_meta(doc, DOCCONV_META_LANG, p->lang,
		                          strlen(p->lang));
	if (!st && p->n_authors) {
		docconv_doc_clear_authors(doc);
		for (size_t i = 0; i < p->n_authors && !st; i++)
			st = docconv_doc_add_author(doc, p->authors[i],
			                            strlen(p->authors[i]));
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

/* The input's bytes decoded and read into a model, with the overrides
 * applied to every article of it. */
static docconv_status read_model(const docconv_pipeline *p,
                                 const docconv_input *in,
                                 const unsigned char *bytes, size_t n,
                                 docconv_doc **out, docconv_diag *d)
{
	docconv_status st;
	docconv_decoded dec;
	docconv_doc *doc = NULL;
	const docconv_reader *r = reader_of(p);
	*out = NULL;
	if ((st = docconv_decode(bytes, n, p->encoding, &dec, d)) != DOCCONV_OK)
		return st;
	docconv_read_opts ro = { in->name, dec.encoding, 0, p->one_article };
	st = r->read(dec.text, dec.len, &ro, &doc, d);
	/* Every article of a page gets the overrides but the title, which
	 * names a page of several as a whole. */
	for (docconv_doc *a = doc; a && st == DOCCONV_OK; a = docconv_doc_next(a))
		st = apply_overrides(p, a, !docconv_doc_next(doc), in->name,
		                     r->own_source ? NULL : dec.encoding, d);
	docconv_decoded_free(&dec);
	if (st != DOCCONV_OK)
		docconv_doc_free(doc);
	else
		*out = doc;
	return st;
}

docconv_status docconv_load(const docconv_pipeline *p, const docconv_input *in,
                            docconv_doc **out, docconv_diag *d)
{
	docconv_status st;
	unsigned char *bytes = NULL;
	size_t n = 0;
	docconv_doc *doc = NULL;
	*out = NULL;
	if ((st = read_input(in, &bytes, &n, d)) != DOCCONV_OK ||
	    (st = read_model(p, in, bytes, n, &doc, d)) != DOCCONV_OK)
		goto out;
	/* Photos follow the captions across the page, before finishing (a
	 * photo past the captions makes a new figure); then every article
	 * is finished. */
	st = docconv_photos_attach(doc, in->photos, NULL, d);
	for (docconv_doc *a = doc; a && st == DOCCONV_OK; a = docconv_doc_next(a))
		st = docconv_doc_finish(a, d);
out:
	if (st != DOCCONV_OK) {
		docconv_doc_free(doc);
		doc = NULL;
	}
	free(bytes);
	*out = doc;
	return st;
}

docconv_status docconv_check_strict(const docconv_pipeline *p, docconv_diag *d)
{
	if (!p->strict || d->n_warnings == 0)
		return DOCCONV_OK;
	return docconv_fail(d, DOCCONV_ERR_STRICT,
	                    "warnings are errors under --strict");
}

docconv_status docconv_convert(const docconv_pipeline *p,
                               const docconv_input *in, void *ctx,
                               docconv_sink *sink, docconv_diag *d)
{
	docconv_status st;
	docconv_doc *doc = NULL;
	if ((st = docconv_load(p, in, &doc, d)) != DOCCONV_OK)
		goto out;
	size_t n_docs = docconv_doc_count(doc);
	docconv_doc **docs = malloc(n_docs * sizeof *docs);
	if (!docs) {
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	n_docs = 0;
	for (docconv_doc *a = doc; a; a = docconv_doc_next(a))
		docs[n_docs++] = a;
	docconv_book book = { docs, n_docs, n_docs > 1 ? p->title : NULL, NULL,
	                      docconv_output_timestamp(in->mtime) };
	st = p->writer->write(ctx, &book, p->write, sink, d);
	free(docs);
	if (st != DOCCONV_OK)
		goto out;
	st = docconv_check_strict(p, d);
out:
	docconv_doc_free(doc);
	return st;
}

void docconv_parts_free(docconv_part *parts, size_t n)
{
	for (size_t i = 0; parts && i < n; i++)
		free(parts[i].data);
	free(parts);
}

docconv_status docconv_convert_split(const docconv_pipeline *p,
                                     const docconv_input *in, void *ctx,
                                     docconv_part **parts, size_t *n_parts,
                                     docconv_diag *d)
{
	docconv_status st;
	docconv_doc *doc = NULL;
	docconv_sink *sink = NULL;
	docconv_part *out = NULL;
	size_t n = 0;
	*parts = NULL;
	*n_parts = 0;
	if ((st = docconv_load(p, in, &doc, d)) != DOCCONV_OK)
		goto out;
	if (!(out = calloc(docconv_doc_count(doc), sizeof *out))) {
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	for (docconv_doc *a = doc; a; a = docconv_doc_next(a), n++) {
		docconv_doc *one[1] = { a };
		docconv_book book = { one, 1, NULL, NULL,
		                      docconv_output_timestamp(in->mtime) };
		if ((st = docconv_sink_open_memory(&sink)) != DOCCONV_OK ||
		    (st = p->writer->write(ctx, &book, p->write, sink, d)) !=
		            DOCCONV_OK)
			goto out;
		if (!(out[n].data = docconv_sink_take(sink, &out[n].n))) {
			st = DOCCONV_ERR_NOMEM;
			goto out;
		}
		st = docconv_sink_close(sink, d);
		sink = NULL;
		if (st != DOCCONV_OK)
			goto out;
	}
	st = docconv_check_strict(p, d);
out:
	docconv_sink_discard(sink);
	if (st == DOCCONV_OK) {
		*parts = out;
		*n_parts = n;
	} else {
		docconv_parts_free(out, n);
	}
	docconv_doc_free(doc);
	return st;
}

/* The photos' lines of --explain: the model read again from the bytes
 * (quietly: the reader's messages were given already), its photos matched
 * with their warnings, and where each went. */
static docconv_status explain_photos(const docconv_pipeline *p,
                                     const docconv_input *in,
                                     const unsigned char *bytes, size_t n,
                                     docconv_sink *sink, docconv_diag *d)
{
	docconv_status st;
	docconv_doc *doc = NULL;
	docconv_buf lines;
	docconv_diag quiet;
	docconv_buf_init(&lines);
	docconv_diag_init(&quiet, d->file);
	if ((st = read_model(p, in, bytes, n, &doc, &quiet)) == DOCCONV_OK &&
	    (st = docconv_photos_attach(doc, in->photos, &lines, d)) ==
	            DOCCONV_OK && lines.len)
		st = docconv_sink_write(sink, lines.data, lines.len);
	docconv_doc_free(doc);
	docconv_diag_free(&quiet);
	docconv_buf_free(&lines);
	return st;
}

docconv_status docconv_explain(const docconv_pipeline *p,
                               const docconv_input *in, docconv_sink *sink,
                               docconv_diag *d)
{
	docconv_status st;
	unsigned char *bytes = NULL;
	size_t n = 0;
	docconv_decoded dec;
	if ((st = read_input(in, &bytes, &n, d)) != DOCCONV_OK)
		goto out;
	if ((st = docconv_decode(bytes, n, p->encoding, &dec, d)) != DOCCONV_OK)
		goto out;
	docconv_read_opts ro = { in->name, dec.encoding, p->explain_features,
	                          p->one_article };
	st = docconv_explain_article(dec.text, dec.len, &ro, sink, d);
	docconv_decoded_free(&dec);
	if (st == DOCCONV_OK && in->photos && !p->explain_features)
		st = explain_photos(p, in, bytes, n, sink, d);
	if (st == DOCCONV_OK)
		st = docconv_check_strict(p, d);
out:
	free(bytes);
	return st;
}

docconv_status docconv_open_input(const char *path, uint64_t limit, int *fd,
                                  size_t *size, int64_t *mtime,
                                  docconv_diag *d)
{
	struct stat sb;
	*size = 0;
	*mtime = 0;
	if (strcmp(path, "-") == 0)
		*fd = STDIN_FILENO;
	else if ((*fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) < 0)
		return docconv_fail(d, DOCCONV_ERR_READ, "cannot open: %s",
		                    strerror(errno));
	if (fstat(*fd, &sb) != 0)
		return DOCCONV_OK;   /* read it as a stream */
	if (S_ISDIR(sb.st_mode))
		return docconv_fail(d, DOCCONV_ERR_READ,
		                    "is a directory; give a file, or convert the "
		                    "folder as a batch with -o OUTDIR/");
	if (S_ISREG(sb.st_mode)) {
		if ((unsigned long long)sb.st_size > limit)
			return docconv_fail(d, DOCCONV_ERR_LIMIT,
			                    "file is %lld bytes, over the limit of %llu "
			                    "bytes for one article",
			                    (long long)sb.st_size,
			                    (unsigned long long)limit);
		*size = (size_t)sb.st_size;
	}
	if (*fd != STDIN_FILENO)
		*mtime = (int64_t)sb.st_mtime;
	return DOCCONV_OK;
}

docconv_status docconv_read_path(const char *path, uint64_t limit,
                                 unsigned char **bytes, size_t *n, int *over,
                                 docconv_diag *d)
{
	int fd = -1;
	size_t size;
	int64_t mtime;
	docconv_source src;
	*bytes = NULL;
	*n = 0;
	*over = 0;
	docconv_status st = docconv_open_input(path, UINT64_MAX, &fd, &size,
	                                       &mtime, d);
	if (st == DOCCONV_OK) {
		docconv_source_fd(&src, fd);
		st = docconv_source_read_all(&src, limit, size, bytes, n, over);
		if (st == DOCCONV_ERR_READ)
			st = docconv_fail(d, st, "cannot read: %s", strerror(errno));
	}
	if (fd > STDIN_FILENO)
		close(fd);
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
