/* a11y.h — what an EPUB book says about its own accessibility (the
 * schema.org properties of EPUB Accessibility 1.1 in the package
 * metadata), and the words of the pages the book adds itself (contents,
 * landmarks, cover), in the book's language.
 *
 * The conformance claim (dcterms:conformsTo "EPUB Accessibility 1.1 -
 * WCAG 2.1 Level AA") is made only for what docconv can stand behind:
 * markup and stylesheet of its own, which the tests check with Ace by
 * DAISY. A book of undetermined language fails WCAG 3.1.1, and a --css
 * stylesheet may change colours and sizes past what was checked: neither
 * gets the claim; the rest of the metadata stays true for both.
 */
#ifndef DOCCONV_EPUB_A11Y_H
#define DOCCONV_EPUB_A11Y_H

#include <libxml/xmlwriter.h>

/* The words of the book's own pages in one language. */
typedef struct epub_words {
	const char *contents;      /* the table of contents' heading */
	const char *landmarks;     /* the landmarks' heading */
	const char *cover;
	const char *start;         /* where the text begins */
	const char *summary;       /* schema:accessibilitySummary, no cover */
	const char *summary_cover; /* the same, with a cover picture */
	const char *summary_photos;/* the same, with photos (and a cover) */
	const char *lang;          /* the language they are in (BCP 47) */
} epub_words;

/* The words for a BCP 47 tag: Simplified or Traditional Chinese, Japanese,
 * else English. */
const epub_words *epub_words_for(const char *lang);

typedef struct epub_a11y {
	const char *lang;          /* the book's */
	int cover;                 /* the book has the cover picture */
	int photos;                /* the book has photos */
	int conforms;              /* make the conformance claim */
} epub_a11y;

/* Whether the book may claim conformance: see the header comment (the
 * writer also withholds it when a photo has no caption to describe it). */
int epub_a11y_conforms(const char *book_lang, int user_css);
/* The <meta> elements, inside an open <metadata>. Negative on failure. */
int epub_a11y_metadata(xmlTextWriterPtr w, const epub_a11y *a);

#endif
