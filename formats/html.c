/* html.c — `--to html`: one standalone HTML5 page, the stylesheet inline,
 * each document of the book in its own <article>, its photos inside it
 * as data: URLs (the page needs no file beside it). The markup is the
 * EPUB content documents' (epub/xhtml.c), serialised so that it is both
 * valid HTML and well-formed XML. A page of several articles (or a
 * combined book) opens with their contents, a link to each.
 */
#include "formats.h"

#include <stdio.h>
#include <string.h>

#include "epub/a11y.h"
#include "epub/xhtml.h"

/* Ids in a page of several articles: "a2" is the second article, "a2-s3"
 * its third subhead. */
#define ARTICLE_ID_MAX 24

static void article_id(char id[ARTICLE_ID_MAX], size_t i)
{
	snprintf(id, ARTICLE_ID_MAX, "a%zu", i + 1);
}

/* <nav class="contents"><ol><li><a href="#a1">title</a></li>...</ol></nav>,
 * in the page's language; a title in another says so. */
static int write_contents(xmlTextWriterPtr w, const docconv_book *book)
{
	const char *page_lang = docconv_book_lang(book);
	if (docconv_xml_start(w, "nav") < 0 ||
	    docconv_xml_attr(w, "class", "contents") < 0 ||
	    docconv_xml_attr(w, "aria-label",
	                     epub_words_for(page_lang)->contents) < 0 ||
	    docconv_xml_start(w, "ol") < 0)
		return -1;
	for (size_t i = 0; i < book->n_docs; i++) {
		char id[ARTICLE_ID_MAX + 1] = "#";
		const char *lang = docconv_doc_lang(book->docs[i]);
		const char *title = docconv_doc_title(book->docs[i]);
		article_id(id + 1, i);
		if (docconv_xml_start(w, "li") < 0 ||
		    docconv_xml_start(w, "a") < 0 ||
		    docconv_xml_attr(w, "href", id) < 0 ||
		    (strcmp(lang, page_lang) != 0 &&
		     (docconv_xml_attr(w, "lang", lang) < 0 ||
		      docconv_xml_attr(w, "xml:lang", lang) < 0)) ||
		    docconv_xml_text(w, title, strlen(title)) < 0 ||
		    docconv_xml_end(w) < 0 || docconv_xml_end(w) < 0)
			return -1;
	}
	if (docconv_xml_end(w) < 0 || docconv_xml_end(w) < 0)
		return -1;
	return xmlTextWriterWriteString(w, BAD_CAST "\n") < 0 ? -1 : 0;
}

/* src="data:image/jpeg;base64,...": the picture itself, in base64. */
static int photo_src(void *user, xmlTextWriterPtr w, const docconv_node *fig)
{
	static const char digits[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const docconv_photo *p = docconv_figure_photo(fig);
	docconv_buf b;
	(void)user;
	docconv_buf_init(&b);
	int r = docconv_buf_puts(&b, "data:") | docconv_buf_puts(&b, p->media_type) |
	        docconv_buf_puts(&b, ";base64,") |
	        docconv_buf_reserve(&b, (p->size + 2) / 3 * 4 + 1);
	for (size_t i = 0; i < p->size && !r; i += 3) {
		size_t k = p->size - i < 3 ? p->size - i : 3;
		uint32_t v = (uint32_t)p->data[i] << 16 |
		             (k > 1 ? (uint32_t)p->data[i + 1] << 8 : 0) |
		             (k > 2 ? p->data[i + 2] : 0);
		char q[4] = { digits[v >> 18], digits[(v >> 12) & 63],
		              k > 1 ? digits[(v >> 6) & 63] : '=',
		              k > 2 ? digits[v & 63] : '=' };
		r = docconv_buf_put(&b, q, 4);
	}
	r = r || docconv_buf_putc(&b, '\0') ||
	    docconv_xml_attr(w, "src", b.data) < 0;
	docconv_buf_free(&b);
	return r ? -1 : 0;
}

static int write_articles(xmlTextWriterPtr w, const docconv_book *book)
{
	static const docconv_xhtml_photos photos = { photo_src, NULL };
	if (book->n_docs > 1 && write_contents(w, book) < 0)
		return -1;
	for (size_t i = 0; i < book->n_docs; i++) {
		char id[ARTICLE_ID_MAX];
		article_id(id, i);
		if (docconv_xhtml_article(w, book->docs[i],
		                          book->n_docs > 1 ? id : NULL,
		                          docconv_doc_lang(book->docs[i]),
		                          &photos) < 0)
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
