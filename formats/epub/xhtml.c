/* xhtml.c — the XHTML both the EPUB and the HTML writer emit: the page frame
 * (<html>, <head>, the stylesheet), an article's markup, and whether a
 * book is set vertically. See xhtml.h.
 */
#include "xhtml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conv/core/text.h"
#include "style_css.h"

#define XHTML_NS "http://www.w3.org/1999/xhtml"
#define EPUB_NS "http://www.idpf.org/2007/ops"

/* --- text ------------------------------------------------------------- */

/* Copies s[0..n) into `out` without the characters XML 1.0 forbids. With
 * `in_style`, "</" becomes "<\/" (the same thing to CSS), so no stylesheet
 * can close an HTML <style> element early. */
static int clean_text(const char *s, size_t n, docconv_buf *out, int in_style)
{
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		size_t len = docconv_utf8_decode(s + i, n - i, &cp);
		if (len == 0) {
			i++;  /* not UTF-8: cannot happen past the decoder */
			continue;
		}
		if (docconv_is_xml_char(cp) &&
		    docconv_buf_put(out, s + i, len) < 0)
			return -1;
		if (in_style && cp == '<' && i + 1 < n && s[i + 1] == '/' &&
		    docconv_buf_putc(out, '\\') < 0)
			return -1;
		i += len;
	}
	/* libxml2 takes NUL-terminated strings; the cleaned text has no NUL. */
	return docconv_buf_putc(out, '\0') < 0 ? -1 : 0;
}

int docconv_xml_text(xmlTextWriterPtr w, const char *s, size_t n)
{
	docconv_buf b;
	docconv_buf_init(&b);
	int r = clean_text(s, n, &b, 0);
	if (r == 0 && b.len > 1)
		r = xmlTextWriterWriteString(w, BAD_CAST b.data);
	docconv_buf_free(&b);
	return r < 0 ? -1 : 0;
}

int docconv_xml_start(xmlTextWriterPtr w, const char *name)
{
	return xmlTextWriterStartElement(w, BAD_CAST name);
}

int docconv_xml_attr(xmlTextWriterPtr w, const char *name, const char *value)
{
	docconv_buf b;
	docconv_buf_init(&b);
	int r = clean_text(value, strlen(value), &b, 0);
	if (r == 0)
		r = xmlTextWriterWriteAttribute(w, BAD_CAST name, BAD_CAST b.data);
	docconv_buf_free(&b);
	return r < 0 ? -1 : 0;
}

int docconv_xml_end(xmlTextWriterPtr w)
{
	return xmlTextWriterFullEndElement(w);
}

int docconv_xml_end_void(xmlTextWriterPtr w)
{
	return xmlTextWriterEndElement(w);
}

int docconv_xml_element(xmlTextWriterPtr w, const char *name,
                        const char *cls, const char *text)
{
	if (docconv_xml_start(w, name) < 0 ||
	    (cls && docconv_xml_attr(w, "class", cls) < 0) ||
	    docconv_xml_text(w, text, strlen(text)) < 0)
		return -1;
	return docconv_xml_end(w);
}

/* A line break between blocks, so the files read well in an editor. */
static int newline(xmlTextWriterPtr w)
{
	return xmlTextWriterWriteString(w, BAD_CAST "\n");
}

int docconv_xhtml_inlines(xmlTextWriterPtr w, const docconv_node *block)
{
	docconv_iter it;
	docconv_iter_init(&it, (docconv_node *)block);
	while (docconv_iter_next(&it) != DOCCONV_EVENT_DONE) {
		if (docconv_node_get_type(it.node) != DOCCONV_NODE_TEXT)
			continue;
		size_t n;
		const char *s = docconv_node_literal(it.node, &n);
		if (docconv_xml_text(w, s, n) < 0)
			return -1;
	}
	return 0;
}

int docconv_xhtml_has_text(const docconv_node *block)
{
	docconv_iter it;
	docconv_iter_init(&it, (docconv_node *)block);
	while (docconv_iter_next(&it) != DOCCONV_EVENT_DONE) {
		if (docconv_node_get_type(it.node) != DOCCONV_NODE_TEXT)
			continue;
		size_t n, i = 0;
		const char *s = docconv_node_literal(it.node, &n);
		while (i < n) {
			uint32_t cp;
			size_t len = docconv_utf8_decode(s + i, n - i, &cp);
			if (len == 0)
				len = 1;
			else if (docconv_is_xml_char(cp) && !docconv_is_space(cp))
				return 1;
			i += len;
		}
	}
	return 0;
}

/* --- documents in memory ---------------------------------------------- */

int docconv_xml_open(docconv_xml *x)
{
	x->w = NULL;
	if (!(x->buf = xmlBufferCreate()))
		return -1;
	if (!(x->w = xmlNewTextWriterMemory(x->buf, 0)))
		return -1;
	return 0;
}

int docconv_xml_finish(docconv_xml *x)
{
	return xmlTextWriterEndDocument(x->w) < 0 ? -1 : 0;
}

void docconv_xml_free(docconv_xml *x)
{
	if (x->w)
		xmlFreeTextWriter(x->w);
	if (x->buf)
		xmlBufferFree(x->buf);
	x->w = NULL;
	x->buf = NULL;
}

docconv_status docconv_xml_failed(docconv_diag *d, const char *what)
{
	return docconv_fail(d, DOCCONV_ERR_NOMEM,
	                    "out of memory while writing %s", what);
}

/* --- articles --------------------------------------------------------- */

int docconv_xhtml_anchor(docconv_anchors *a, const docconv_node *block,
                         char id[DOCCONV_XHTML_ID_MAX])
{
	switch (docconv_node_get_type(block)) {
	case DOCCONV_NODE_TITLE:
		if (a->titles++)
			return 0;
		snprintf(id, DOCCONV_XHTML_ID_MAX, "%sh1", a->prefix);
		return 1;
	case DOCCONV_NODE_HEADING:
		snprintf(id, DOCCONV_XHTML_ID_MAX, "%ss%u", a->prefix, ++a->headings);
		return 1;
	default:
		return 0;
	}
}

/* The blocks that keep their type as a class wherever they stand. */
static int is_classed(docconv_node_type t)
{
	return t == DOCCONV_NODE_KICKER || t == DOCCONV_NODE_SUBTITLE ||
	       t == DOCCONV_NODE_BYLINE || t == DOCCONV_NODE_DATELINE;
}

/* <img src=".." alt="caption"/>: the caption is the photo's text
 * alternative. */
static int write_photo(xmlTextWriterPtr w, const docconv_node *fig,
                       const docconv_node *cap,
                       const docconv_xhtml_photos *photos)
{
	char *alt = cap ? docconv_node_text(cap, NULL) : NULL;
	int r = (cap && !alt) || docconv_xml_start(w, "img") < 0 ||
	        photos->src(photos->user, w, fig) < 0 ||
	        docconv_xml_attr(w, "alt", alt ? alt : "") < 0 ||
	        docconv_xml_end_void(w) < 0;
	free(alt);
	return r ? -1 : 0;
}

/* <figure class="photo"><img .../><figcaption>caption <span
 * class="credit">credit</span></figcaption></figure>; an empty part is
 * left out, an empty figure altogether. */
static int write_figure(xmlTextWriterPtr w, const docconv_node *fig,
                        const docconv_xhtml_photos *photos)
{
	const docconv_node *cap = docconv_figure_part(fig, DOCCONV_NODE_CAPTION);
	const docconv_node *cred = docconv_figure_part(fig, DOCCONV_NODE_CREDIT);
	const docconv_photo *photo = docconv_figure_photo(fig);
	int has_cap = cap && docconv_xhtml_has_text(cap);
	int has_cred = cred && docconv_xhtml_has_text(cred);
	int has_photo = photos && photo && photo->data;
	if (!has_cap && !has_cred && !has_photo)
		return 0;
	if (docconv_xml_start(w, "figure") < 0 ||
	    docconv_xml_attr(w, "class", "photo") < 0 ||
	    (has_photo && write_photo(w, fig, has_cap ? cap : NULL, photos) < 0))
		return -1;
	if (!has_cap && !has_cred)
		return docconv_xml_end(w) < 0 ? -1 : newline(w);
	if (docconv_xml_start(w, "figcaption") < 0 ||
	    (has_cap && docconv_xhtml_inlines(w, cap) < 0))
		return -1;
	if (has_cred &&
	    ((has_cap && xmlTextWriterWriteString(w, BAD_CAST " ") < 0) ||
	     docconv_xml_start(w, "span") < 0 ||
	     docconv_xml_attr(w, "class", "credit") < 0 ||
	     docconv_xhtml_inlines(w, cred) < 0 || docconv_xml_end(w) < 0))
		return -1;
	if (docconv_xml_end(w) < 0 || docconv_xml_end(w) < 0)
		return -1;
	return newline(w);
}

static int write_block(xmlTextWriterPtr w, const docconv_node *block,
                       docconv_anchors *a, const docconv_xhtml_photos *photos)
{
	docconv_node_type t = docconv_node_get_type(block);
	if (t == DOCCONV_NODE_FIGURE)
		return write_figure(w, block, photos);
	char id[DOCCONV_XHTML_ID_MAX];
	int has_id = docconv_xhtml_anchor(a, block, id);
	char name[3] = "p";
	const char *cls = NULL;
	if (t == DOCCONV_NODE_TITLE) {
		strcpy(name, "h1");
	} else if (t == DOCCONV_NODE_HEADING) {
		int level = docconv_node_heading_level(block);
		level = level < 2 ? 2 : level > 6 ? 6 : level;
		name[0] = 'h';
		name[1] = (char)('0' + level);
		name[2] = '\0';
	} else if (is_classed(t)) {
		cls = docconv_node_type_name(t);  /* kicker, byline, ... */
	}
	if (docconv_xml_start(w, name) < 0 ||
	    (has_id && docconv_xml_attr(w, "id", id) < 0) ||
	    (cls && docconv_xml_attr(w, "class", cls) < 0) ||
	    docconv_xhtml_inlines(w, block) < 0 || docconv_xml_end(w) < 0)
		return -1;
	return newline(w);
}

/* The language, and the direction of one written right to left. */
static int lang_attrs(xmlTextWriterPtr w, const char *lang)
{
	if (docconv_xml_attr(w, "lang", lang) < 0 ||
	    docconv_xml_attr(w, "xml:lang", lang) < 0 ||
	    (docconv_lang_rtl(lang) && docconv_xml_attr(w, "dir", "rtl") < 0))
		return -1;
	return 0;
}

int docconv_xhtml_article(xmlTextWriterPtr w, const docconv_doc *doc,
                          const char *id, const char *lang,
                          const docconv_xhtml_photos *photos)
{
	char prefix[DOCCONV_XHTML_ID_MAX] = "";
	if (id)
		snprintf(prefix, sizeof prefix, "%s-", id);
	docconv_anchors a = { prefix, 0, 0 };
	docconv_node *n = docconv_node_first_child(docconv_doc_root(doc));
	size_t title_block = docconv_doc_title_block(doc);
	if (docconv_xml_start(w, "article") < 0 ||
	    (id && docconv_xml_attr(w, "id", id) < 0) ||
	    (lang && lang_attrs(w, lang) < 0) || newline(w) < 0)
		return -1;
	if (n && title_block) {
		if (docconv_xml_start(w, "header") < 0 || newline(w) < 0)
			return -1;
		for (size_t i = 0; n && i < title_block; i++, n = docconv_node_next(n))
			if (write_block(w, n, &a, photos) < 0)
				return -1;
		if (docconv_xml_end(w) < 0 || newline(w) < 0)
			return -1;
	}
	for (; n; n = docconv_node_next(n))
		if (write_block(w, n, &a, photos) < 0)
			return -1;
	if (docconv_xml_end(w) < 0)
		return -1;
	return newline(w);
}

/* --- pages ------------------------------------------------------------ */

int docconv_xhtml_stylesheet(const docconv_write_opts *opts, docconv_buf *out)
{
	if (docconv_buf_put(out, docconv_style_css, docconv_style_css_len) < 0)
		return -1;
	if (opts && opts->user_css && opts->user_css_len &&
	    (docconv_buf_puts(out, "\n/* --css */\n") < 0 ||
	     docconv_buf_put(out, opts->user_css, opts->user_css_len) < 0 ||
	     docconv_buf_putc(out, '\n') < 0))
		return -1;
	return 0;
}

/* The stylesheet inside <style>: raw text in HTML, so libxml2 must not
 * escape it, and clean_text keeps it from closing the element. */
static int write_inline_style(xmlTextWriterPtr w, const docconv_write_opts *o)
{
	docconv_buf css, clean;
	docconv_buf_init(&css);
	docconv_buf_init(&clean);
	int r = docconv_xhtml_stylesheet(o, &css);
	if (r == 0)
		r = clean_text(css.data, css.len, &clean, 1);
	if (r == 0)
		r = docconv_xml_start(w, "style");
	if (r == 0)
		r = xmlTextWriterWriteRaw(w, BAD_CAST clean.data);
	if (r >= 0)
		r = docconv_xml_end(w);
	docconv_buf_free(&css);
	docconv_buf_free(&clean);
	return r < 0 ? -1 : 0;
}

static int write_void(xmlTextWriterPtr w, const char *name, const char *k1,
                      const char *v1, const char *k2, const char *v2)
{
	if (docconv_xml_start(w, name) < 0 || docconv_xml_attr(w, k1, v1) < 0 ||
	    (k2 && docconv_xml_attr(w, k2, v2) < 0))
		return -1;
	return docconv_xml_end_void(w);
}

int docconv_xhtml_begin(xmlTextWriterPtr w, const docconv_page *p)
{
	/* Classes on <html> pick the rules of style.css that apply. */
	const char *cls = p->epub ? (p->vertical ? "vertical" : NULL)
	                          : (p->vertical ? "standalone vertical"
	                                         : "standalone");
	if ((p->epub &&
	     xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL) < 0) ||
	    xmlTextWriterWriteDTD(w, BAD_CAST "html", NULL, NULL, NULL) < 0 ||
	    xmlTextWriterWriteRaw(w, BAD_CAST "\n") < 0 ||
	    docconv_xml_start(w, "html") < 0 ||
	    docconv_xml_attr(w, "xmlns", XHTML_NS) < 0 ||
	    (p->epub && docconv_xml_attr(w, "xmlns:epub", EPUB_NS) < 0) ||
	    lang_attrs(w, p->lang) < 0 ||
	    (cls && docconv_xml_attr(w, "class", cls) < 0) ||
	    newline(w) < 0 || docconv_xml_start(w, "head") < 0 ||
	    newline(w) < 0 ||
	    write_void(w, "meta", "charset", "utf-8", NULL, NULL) < 0 ||
	    newline(w) < 0 ||
	    (!p->epub && (write_void(w, "meta", "name", "viewport", "content",
	                             "width=device-width, initial-scale=1") < 0 ||
	                  newline(w) < 0)) ||
	    docconv_xml_element(w, "title", NULL, p->title) < 0 ||
	    newline(w) < 0)
		return -1;
	if (p->epub ? write_void(w, "link", "rel", "stylesheet", "href",
	                         "style.css") < 0
	            : write_inline_style(w, p->opts) < 0)
		return -1;
	if (newline(w) < 0 || docconv_xml_end(w) < 0 || newline(w) < 0 ||
	    docconv_xml_start(w, "body") < 0)
		return -1;
	return newline(w);
}

/* --- the book --------------------------------------------------------- */

int docconv_book_vertical(const docconv_book *book,
                          const docconv_write_opts *opts, docconv_diag *d)
{
	if (!opts || !opts->vertical)
		return 0;
	const char *lang = docconv_book_lang(book);
	if (docconv_lang_is(lang, "zh") || docconv_lang_is(lang, "ja"))
		return 1;
	docconv_warn(d, "--vertical applies to Chinese and Japanese only; this "
	             "text is in '%s', so it is set horizontally", lang);
	return 0;
}

docconv_status docconv_check_user_css(const docconv_write_opts *opts,
                                      docconv_diag *d)
{
	size_t bad = 0;
	if (!opts || !opts->user_css ||
	    docconv_utf8_valid(opts->user_css, opts->user_css_len, &bad))
		return DOCCONV_OK;
	return docconv_fail(d, DOCCONV_ERR_INPUT,
	                    "the --css stylesheet is not UTF-8 (byte %zu); save "
	                    "it as UTF-8", bad);
}
