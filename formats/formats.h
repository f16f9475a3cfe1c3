/* formats.h — the readers and writers, and the tables that map `--from X`
 * to a reader and `--to X` to a writer.
 *
 * A reader turns UTF-8 text into a document model and never prints or
 * writes files. A writer walks a book of finished documents (doc.h) and
 * sends bytes to a sink; it never guesses structure. Adding a format means
 * one file (or folder), one entry in a table in formats.c and one line in
 * the build: the command line learns its name, its extension and where its
 * output may go from the table.
 */
#ifndef DOCCONV_FORMATS_H
#define DOCCONV_FORMATS_H

#include <stddef.h>
#include <stdio.h>

#include "conv/core/diag.h"
#include "conv/core/doc.h"
#include "conv/core/sink.h"

typedef struct docconv_read_opts {
	const char *source_name;   /* the input's name for the metadata */
	const char *encoding;      /* the encoding the text was decoded from */
	int explain_features;      /* --explain=features: the decoder's input */
	/* --one-article: the page is one article (article starts found in the
	 * text are not acted on; later headlines become subheads). */
	int one_article;
} docconv_read_opts;

/* A reader in the table: `--from NAME`. */
typedef struct docconv_reader {
	const char *name;
	docconv_status (*read)(const char *utf8, size_t n,
	                       const docconv_read_opts *opts, docconv_doc **out,
	                       docconv_diag *d);
	/* The input names its own source and encoding (a model read back),
	 * which the input's file name and decoding must not replace. */
	int own_source;
	int alias;                 /* another name for the row before; not listed */
} docconv_reader;

/* NULL when there is no reader of that name. */
const docconv_reader *docconv_find_reader(const char *name);
/* The names, for --help and error messages: "article, json". */
const char *docconv_reader_names(void);

/* Raw article text (UTF-8, LF line ends) to a model: see
 * formats/article/article.h for the rules. */
docconv_status docconv_read_article(const char *utf8, size_t n,
                                    const docconv_read_opts *opts,
                                    docconv_doc **out, docconv_diag *d);
/* The --to json shape read back (--from json). */
docconv_status docconv_read_json(const char *utf8, size_t n,
                                 const docconv_read_opts *opts,
                                 docconv_doc **out, docconv_diag *d);
/* --explain: one line per input line range with the class it got and the
 * rule that decided it. */
docconv_status docconv_explain_article(const char *utf8, size_t n,
                                       const docconv_read_opts *opts,
                                       docconv_sink *sink, docconv_diag *d);

typedef enum docconv_paper {
	DOCCONV_PAPER_A4 = 0,
	DOCCONV_PAPER_A5,
	DOCCONV_PAPER_B5,
	DOCCONV_PAPER_LETTER
} docconv_paper;

typedef struct docconv_write_opts {
	/* EPUB and HTML */
	int vertical;              /* CJK vertical writing (vertical-rl) */
	const char *user_css;      /* appended to the stylesheet; may be NULL */
	size_t user_css_len;
	/* EPUB */
	int no_cover;              /* no generated cover picture and page */
	/* PDF */
	docconv_paper paper;
	const char *font;          /* body font: a family name or a file */
	const char *heading_font;
	const char *caption_font;
	const char *latin_font;
	int photo_frames;          /* a frame where a caption has no photo */
} docconv_write_opts;

/* A writer in lowdown's manner: an optional context made once (per thread
 * in a batch) and reused for every book, so costly set-up such as loading
 * fonts is paid once. */
typedef struct docconv_writer {
	const char *name;          /* the --to name */
	const char *extension;     /* for output file names, without the dot */
	/* Bytes no terminal should get: written there only to a file or pipe. */
	int binary;
	/* One article's output goes to standard output unless -o says
	 * otherwise (else it goes beside the input, with the extension). */
	int to_stdout;
	docconv_status (*create)(const docconv_write_opts *opts, void **ctx,
	                         docconv_diag *d);
	docconv_status (*write)(void *ctx, const docconv_book *book,
	                        const docconv_write_opts *opts,
	                        docconv_sink *sink, docconv_diag *d);
	void (*destroy)(void *ctx);
} docconv_writer;

/* NULL when there is no writer of that name. */
const docconv_writer *docconv_find_writer(const char *name);
/* The names, for --help and error messages: "json, epub, html, pdf". */
const char *docconv_writer_names(void);

/* The writers, each in its own file. */
docconv_status docconv_write_json(void *ctx, const docconv_book *book,
                                  const docconv_write_opts *opts,
                                  docconv_sink *sink, docconv_diag *d);
docconv_status docconv_epub_create(const docconv_write_opts *opts, void **ctx,
                                   docconv_diag *d);
void docconv_epub_destroy(void *ctx);
docconv_status docconv_write_epub(void *ctx, const docconv_book *book,
                                  const docconv_write_opts *opts,
                                  docconv_sink *sink, docconv_diag *d);
docconv_status docconv_write_html(void *ctx, const docconv_book *book,
                                  const docconv_write_opts *opts,
                                  docconv_sink *sink, docconv_diag *d);
docconv_status docconv_pdf_create(const docconv_write_opts *opts, void **ctx,
                                  docconv_diag *d);
docconv_status docconv_write_pdf(void *ctx, const docconv_book *book,
                                 const docconv_write_opts *opts,
                                 docconv_sink *sink, docconv_diag *d);
void docconv_pdf_destroy(void *ctx);
/* The versions of the libraries the PDF writer uses, one a line. */
void docconv_pdf_library_versions(FILE *f);

/* The PDF writer as the program calls it: the same functions, reached
 * through its module (pdf_module.c), loaded on first use. */
docconv_status docconv_pdf_module_create(const docconv_write_opts *opts,
                                         void **ctx, docconv_diag *d);
docconv_status docconv_pdf_module_write(void *ctx, const docconv_book *book,
                                        const docconv_write_opts *opts,
                                        docconv_sink *sink, docconv_diag *d);
void docconv_pdf_module_destroy(void *ctx);
void docconv_pdf_module_versions(FILE *f);

#endif
