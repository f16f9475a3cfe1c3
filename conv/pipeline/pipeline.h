/* pipeline.h — one input through the flow:
 *
 *   source ─► bytes ─► decode ─► reader ─► overrides ─► photos ─► finish ─► writer ─► sink
 *   (a file,  (bounded) (UTF-8)  (--from)   (--title,   (photos.h) (doc.h)  (--to)
 *    a pipe,                                 --lang...)
 *    an entry)
 *
 * The command line (one file) and the batch engine (every article of a
 * folder, an archive or a list) both call docconv_convert, so an input
 * gives the same bytes, the same messages and the same --strict outcome
 * either way.
 */
#ifndef DOCCONV_PIPELINE_H
#define DOCCONV_PIPELINE_H

#include <stddef.h>
#include <stdint.h>

#include "conv/core/diag.h"
#include "conv/core/doc.h"
#include "conv/core/sink.h"
#include "conv/core/source.h"
#include "formats/formats.h"
#include "photos.h"

typedef struct docconv_pipeline {
	const docconv_reader *reader;  /* NULL: the article reader */
	const char *encoding;          /* --encoding, NULL to detect */
	/* Metadata overrides (--title, --author, --lang); NULL/0 keep the
	 * reader's. */
	const char *title;
	const char *const *authors;
	size_t n_authors;
	const char *lang;
	const docconv_writer *writer;
	const docconv_write_opts *write;
	/* An input whose conversion gave warnings fails with
	 * DOCCONV_ERR_STRICT, and its output is not kept. */
	int strict;
	int explain_features;          /* --explain=features */
	int one_article;               /* --one-article: a page is one article */
} docconv_pipeline;

/* One input: where its bytes come from and what it is called. */
typedef struct docconv_input {
	docconv_source *source;
	const char *name;              /* its file name, for the metadata */
	uint64_t limit;                /* the most bytes read from it */
	const char *limit_option;      /* the option that sets it, for the
	                                  message; NULL when none does */
	size_t size_hint;              /* its size when known, else 0 */
	int64_t mtime;                 /* for dates in the output when
	                                  SOURCE_DATE_EPOCH is not set */
	const docconv_photo_place *photos;  /* where its photos are; NULL:
	                                  nowhere (standard input) */
} docconv_input;

/* Reads, decodes, reads the model, applies the overrides, puts the photos
 * at their captions and finishes it: the finished document in *out, the
 * first of a chain for a page of several articles (doc.h). Every article
 * gets the overrides but the title, which names a page of several as a
 * whole (docconv_convert makes it the book's). */
docconv_status docconv_load(const docconv_pipeline *p, const docconv_input *in,
                            docconv_doc **out, docconv_diag *d);

/* docconv_load, then the writer (`ctx` is its context, may be NULL when it
 * has none) into `sink`, then the --strict check. On failure the caller
 * discards the sink. */
docconv_status docconv_convert(const docconv_pipeline *p,
                               const docconv_input *in, void *ctx,
                               docconv_sink *sink, docconv_diag *d);

/* --split: one output an article of the page, each made in memory. */
typedef struct docconv_part {
	unsigned char *data;
	size_t n;
} docconv_part;

/* docconv_load, then the writer once for each article of the page (`ctx`
 * as for docconv_convert): (*parts)[i] is article i's output, *n_parts
 * of them (one for a page of one article), then the --strict check. The
 * caller names them and writes them out, all or none; free them with
 * docconv_parts_free. */
docconv_status docconv_convert_split(const docconv_pipeline *p,
                                     const docconv_input *in, void *ctx,
                                     docconv_part **parts, size_t *n_parts,
                                     docconv_diag *d);
void docconv_parts_free(docconv_part *parts, size_t n);

/* --explain: reads and decodes, then the reader's explanation to `sink`,
 * then which photo went to which caption and why. */
docconv_status docconv_explain(const docconv_pipeline *p,
                               const docconv_input *in, docconv_sink *sink,
                               docconv_diag *d);

/* The --strict check, for a run that writes after loading (a book):
 * DOCCONV_ERR_STRICT with its message when there were warnings. */
docconv_status docconv_check_strict(const docconv_pipeline *p,
                                    docconv_diag *d);

/* Opens a file named on the command line or in a list ("-": standard
 * input) for reading as an article: refuses a folder and a file over
 * `limit`; *fd is then the caller's to close (unless it is 0), *size its
 * size when it is a regular file, *mtime its time. */
docconv_status docconv_open_input(const char *path, uint64_t limit, int *fd,
                                  size_t *size, int64_t *mtime,
                                  docconv_diag *d);

/* A whole file named on the command line ("-": standard input), at most
 * `limit` bytes: *over says it had more (the bytes are then NULL). For a
 * file that is not an article (a stylesheet) and the fuzz replays. */
docconv_status docconv_read_path(const char *path, uint64_t limit,
                                 unsigned char **bytes, size_t *n, int *over,
                                 docconv_diag *d);

/* The time written into outputs: SOURCE_DATE_EPOCH when set and valid, else
 * `fallback` (the input's modification time). */
int64_t docconv_output_timestamp(int64_t fallback);

#endif
