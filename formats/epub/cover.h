/* cover.h — the cover of an EPUB book: an SVG picture drawn from what the
 * book says about itself (kicker, title, date, source), for the library
 * views of reading systems and as the book's first page.
 *
 * The picture is made of text on a plain ground, so it is the same bytes
 * for the same book, and its text alternative says everything it shows.
 * Lines are broken by an estimate of each character's width (a full em
 * for CJK, less for Latin letters), since an SVG 1.1 renderer does not
 * wrap text; a title too long for the page at the smallest size ends in
 * an ellipsis there, and stays whole in the alternative text and the
 * metadata.
 *
 * A book with photos shows its first photo in the upper part of the
 * cover (filling the band, centred, cut at its edges as needed) and the
 * kicker and title under it, in less room; the alternative text then
 * ends with the photo's caption.
 */
#ifndef DOCCONV_EPUB_COVER_H
#define DOCCONV_EPUB_COVER_H

#include <libxml/xmlwriter.h>

#include "conv/core/doc.h"
#include "conv/core/text.h"

typedef struct epub_cover {
	const char *lang;      /* BCP 47, the book's */
	const char *kicker;    /* each may be NULL or empty: left out */
	const char *title;
	const char *date;      /* W3CDTF: YYYY, YYYY-MM or YYYY-MM-DD */
	const char *source;
	const char *photo;     /* the first photo's file in the book, or NULL */
	const docconv_node *photo_figure;   /* its figure (for its caption) */
	uint32_t photo_width, photo_height;
} epub_cover;

/* The SVG document. Negative when the writer fails (out of memory). */
int epub_cover_svg(xmlTextWriterPtr w, const epub_cover *c);
/* The date as the cover prints it, in the book's language ("2024年10月8日",
 * "8 October 2024"), into out[size]; "" for a date that is not W3CDTF. */
void epub_cover_date(const char *lang, const char *date, char *out,
                     size_t size);
/* What the cover shows, as one line of text for its alt attribute: the
 * kicker, title, date and source, joined by " · ". 0, or -1 when out of
 * memory. */
int epub_cover_alt(const epub_cover *c, docconv_buf *out);

#endif
