/* pdf_book.c — writes a book of three articles to the PDF file named on
 * the command line, through the writer interface as batch --combine will
 * call it; with "page" after the file name the three are the articles of
 * one page (a chain, as the reader returns them). pdf_check.py book and
 * page check the result. */
#include <stdio.h>
#include <string.h>

#include "conv/core/doc.h"
#include "formats/formats.h"
#include "conv/core/sink.h"

static docconv_status text(docconv_doc *doc, docconv_node_type t,
                           const char *s)
{
	return docconv_doc_append_text_block(doc, t, s, strlen(s), NULL);
}

static docconv_status article(docconv_doc *doc, const char *title,
                              const char *lang, const char *heading,
                              const char *body)
{
	docconv_status st = docconv_doc_set_meta(doc, DOCCONV_META_TITLE, title,
	                                         strlen(title));
	if (st == DOCCONV_OK)
		st = docconv_doc_set_meta(doc, DOCCONV_META_LANG, lang, strlen(lang));
	if (st == DOCCONV_OK)
		st = text(doc, DOCCONV_NODE_TITLE, title);
	for (int i = 0; i < 3 && st == DOCCONV_OK; i++)
		st = text(doc, DOCCONV_NODE_PARAGRAPH, body);
	if (st == DOCCONV_OK && heading)
		st = docconv_doc_append_heading(doc, 2, heading, strlen(heading),
		                                NULL);
	if (st == DOCCONV_OK)
		st = text(doc, DOCCONV_NODE_PARAGRAPH, body);
	return st;
}

int main(int argc, char **argv)
{
	int page = argc == 3 && strcmp(argv[2], "page") == 0;
	if (argc != 2 && !page) {
		fprintf(stderr, "usage: pdf_book OUT.pdf [page]\n");
		return 2;
	}
	docconv_status st = DOCCONV_OK;
	docconv_doc *docs[3] = { docconv_doc_new(), docconv_doc_new(),
	                         docconv_doc_new() };
	docconv_diag d;
	docconv_diag_init(&d, argv[1]);
	docconv_write_opts opts;
	memset(&opts, 0, sizeof opts);
	void *ctx = NULL;
	docconv_sink *sink = NULL;

	if (!docs[0] || !docs[1] || !docs[2]) {
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	if ((st = article(docs[0], "Article one", "en", NULL,
	                  "A short paragraph of English text.")) != DOCCONV_OK ||
	    (st = article(docs[1], "Article two 第二篇", "zh", "小标题",
	                  "第二篇文章的正文，短短一段。")) != DOCCONV_OK ||
	    (st = article(docs[2], "Article three", "en", NULL,
	                  "The third one.")) != DOCCONV_OK)
		goto out;
	if (page) {
		docconv_doc_append(docs[0], docs[1]);
		docconv_doc_append(docs[0], docs[2]);
	}
	for (int i = 0; i < 3 && st == DOCCONV_OK; i++)
		st = docconv_doc_finish(docs[i], &d);
	if (st != DOCCONV_OK)
		goto out;
	docconv_book book = { docs, 3, "A book", "en", 1700000000 };
	/* One context for two books, as a batch worker uses it: the second
	 * goes to the file. */
	for (int pass = 0; pass < 2 && st == DOCCONV_OK; pass++) {
		if (pass == 0)
			st = docconv_pdf_create(&opts, &ctx, &d);
		if (st == DOCCONV_OK)
			st = pass == 0 ? docconv_sink_open_memory(&sink)
			               : docconv_sink_open_path(&sink, argv[1], DOCCONV_SINK_REPLACE, &d);
		if (st == DOCCONV_OK)
			st = docconv_write_pdf(ctx, &book, &opts, sink, &d);
		if (st == DOCCONV_OK && pass == 0) {
			docconv_sink_discard(sink);
			sink = NULL;
		}
	}
	if (st == DOCCONV_OK) {
		st = docconv_sink_close(sink, &d);
		sink = NULL;
	}
out:
	docconv_sink_discard(sink);
	docconv_pdf_destroy(ctx);
	/* A page's first article frees the chain. */
	for (int i = 0; i < (page ? 1 : 3); i++)
		docconv_doc_free(docs[i]);
	for (size_t i = 0; i < d.n_entries; i++)
		fprintf(stderr, "pdf_book: %s\n", d.entries[i].message);
	docconv_diag_free(&d);
	return st == DOCCONV_OK ? 0 : 1;
}
