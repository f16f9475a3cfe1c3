/* xhtml.h — the XHTML the EPUB and HTML writers share: one code path builds
 * an article's markup, whichever file it lands in.
 *
 * An article is written as
 *
 *   <article>
 *     <header>
 *       <p class="kicker">..</p> <h1 id="h1">..</h1> <p class="subtitle">..</p>
 *       <p class="byline">..</p> <p class="dateline">..</p>
 *     </header>
 *     <p>..</p> <h2 id="s1">..</h2> <p class="dateline">..</p>
 *     <figure class="photo"><img src=".." alt="caption"/>
 *       <figcaption>caption <span class="credit">credit</span></figcaption>
 *     </figure>
 *   </article>
 *
 * where the header holds the document's title block (doc.h: the kicker,
 * title, subtitles and bylines it starts with), in their order. A figure
 * with a photo shows it first, its caption as the text alternative; a
 * photo with no caption has an empty one. Every string goes through
 * docconv_xml_text, which
 * drops the characters XML 1.0 forbids; libxml2 does the escaping.
 *
 * The functions that extend libxml2's xmlTextWriter follow its convention:
 * a negative result means the writer failed, which in practice means out of
 * memory. The writers turn that into a status with docconv_xml_failed.
 */
#ifndef DOCCONV_XHTML_H
#define DOCCONV_XHTML_H

#include <libxml/xmlwriter.h>
#include <stddef.h>

#include "conv/core/text.h"
#include "formats/formats.h"

/* The longest id we make: a prefix ("a1000000-") and "s" plus a count. */
#define DOCCONV_XHTML_ID_MAX 48

/* An XML document being built in memory. */
typedef struct docconv_xml {
	xmlBufferPtr buf;
	xmlTextWriterPtr w;
} docconv_xml;

/* A new, empty document; negative when out of memory. */
int docconv_xml_open(docconv_xml *x);
/* Closes every open element and flushes; the bytes are then in x->buf. */
int docconv_xml_finish(docconv_xml *x);
void docconv_xml_free(docconv_xml *x);
/* Records that a writer failed and returns the status to give back. */
docconv_status docconv_xml_failed(docconv_diag *d, const char *what);

/* Text, with the characters XML 1.0 forbids left out. */
int docconv_xml_text(xmlTextWriterPtr w, const char *s, size_t n);
/* An element's start, an attribute (its value cleaned like text), and its
 * end: written out in full (<p></p>, never <p/>, which HTML reads as an
 * open tag) or, for void elements such as <meta>, as <meta/>. */
int docconv_xml_start(xmlTextWriterPtr w, const char *name);
int docconv_xml_attr(xmlTextWriterPtr w, const char *name, const char *value);
int docconv_xml_end(xmlTextWriterPtr w);
int docconv_xml_end_void(xmlTextWriterPtr w);
/* <name class="cls">text</name>; `cls` may be NULL. */
int docconv_xml_element(xmlTextWriterPtr w, const char *name,
                        const char *cls, const char *text);
/* The inline content of a block (its text, for now). */
int docconv_xhtml_inlines(xmlTextWriterPtr w, const docconv_node *block);
/* Whether a block has any text a reader would see. */
int docconv_xhtml_has_text(const docconv_node *block);

/* The anchors of an article: the first title is `h1`, the n-th heading is
 * `sn`, each after a prefix that keeps them unique in a page holding several
 * articles. Walk the blocks in order with one counter, as the article writer
 * and the navigation both do, and they agree. */
typedef struct docconv_anchors {
	const char *prefix;
	unsigned titles, headings;
} docconv_anchors;

/* The id of `block` in id[DOCCONV_XHTML_ID_MAX]; 0 when it gets none. */
int docconv_xhtml_anchor(docconv_anchors *a, const docconv_node *block,
                         char id[DOCCONV_XHTML_ID_MAX]);

/* What a page's <html> and <head> say. */
typedef struct docconv_page {
	int epub;           /* XHTML content document with a linked stylesheet;
	                       else a standalone HTML page with the CSS inline */
	const char *lang;   /* BCP 47 */
	const char *title;
	int vertical;       /* vertical-rl writing */
	const docconv_write_opts *opts;
} docconv_page;

/* style.css with the --css text after it. */
int docconv_xhtml_stylesheet(const docconv_write_opts *opts, docconv_buf *out);
/* Doctype, <html>, <head> and an open <body>; docconv_xml_finish closes
 * them. */
int docconv_xhtml_begin(xmlTextWriterPtr w, const docconv_page *page);
/* How a writer shows a figure's photo: `src` writes the src attribute of
 * its <img> (the photo's file in a book, the picture itself in a page). */
typedef struct docconv_xhtml_photos {
	int (*src)(void *user, xmlTextWriterPtr w, const docconv_node *figure);
	void *user;
} docconv_xhtml_photos;

/* One finished document (doc.h) as an <article> in language `lang` (may
 * be NULL), its photos shown through `photos` (NULL: none shown). The
 * stylesheet picks Chinese and Japanese typography by the article's lang,
 * so give it whenever it is known, even where the page says the same.
 * `id` (NULL for none) is the article's id on a page of several, and the
 * prefix of its anchors ("a2" gives "a2-h1", "a2-s1"). */
int docconv_xhtml_article(xmlTextWriterPtr w, const docconv_doc *doc,
                          const char *id, const char *lang,
                          const docconv_xhtml_photos *photos);

/* --- what the book says, the same for both writers ------------------- */

/* Whether to write vertically: --vertical and a language written that way;
 * otherwise a warning says why not. */
int docconv_book_vertical(const docconv_book *book,
                          const docconv_write_opts *opts, docconv_diag *d);
/* Checks the --css text can be used (valid UTF-8). */
docconv_status docconv_check_user_css(const docconv_write_opts *opts,
                                      docconv_diag *d);

#endif
