/* html.c — `--to html`: one standalone HTML5 page, the stylesheet inline,
 * each document of the book in its own <article>. The markup is the EPUB
 * content documents' (epub/xhtml.c), serialised so that it is both valid
 * HTML and well-formed XML.
 */
#include "formats.h"

#include <stdio.h>

#include "epub/xhtml.h"

/* Ids in a page of several articles: "a2-s3" is the third subhead of the
 * second article. */
#define ARTICLE_PREFIX_MAX 24

static int write_articles(xmlTextWriterPtr w, const docconv_book *book)
{
	for (size_t i = 0; i < book->n_docs; i++) {
		char prefix[ARTICLE_PREFIX_MAX] = "";
		const char *lang = docconv_doc_lang(book->docs[i]);
		if (book->n_docs > 1)
			snprintf(prefix, sizeof prefix, "a%zu-", i + 1);
		if (!lang)
			lang = docconv_book_lang(book);
		if (docconv_xhtml_article(w, book->docs[i], prefix, lang) < 0)
			return -1;
	}
	return 0;
}

docconv_status docconv_write_html(void *ctx, const docconv_book *book,
                                  const docconv_write_opts *opts,
                                  docconv_sink *sink, docconv_diag *d)
{
	(void)ctx;
	docconv_status st;
	docconv_xml x = { NULL, NULL };
	const char *title = docconv_book_title(book);
	if ((st = docconv_check_user_css(opts, d)) != DOCCONV_OK)
		goto out;
	docconv_page page = { 0, docconv_book_lang(book), title,
	                      docconv_book_vertical(book, opts, d), opts };
	if (docconv_xml_open(&x) < 0 || docconv_xhtml_begin(x.w, &page) < 0 ||
	    write_articles(x.w, book) < 0 || docconv_xml_finish(&x) < 0) {
		st = docconv_xml_failed(d, "the HTML page");
		goto out;
	}
	st = docconv_sink_write(sink, xmlBufferContent(x.buf),
	                        (size_t)xmlBufferLength(x.buf));
out:
	docconv_xml_free(&x);
	return st;
}
