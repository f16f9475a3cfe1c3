/* shape.h — HarfBuzz shaping of a text's runs.
 *
 * The characters of a text, each with the face that draws it (glyphs.h),
 * are cut into runs of one face without spaces, and each run is shaped
 * with hb_shape: kerning, ligatures, combining marks placed on their base.
 * What the line breaker sees stays one entry per character: the advance
 * of a cluster (a ligature, a letter and the marks composed with it) goes
 * to its first character, and the characters after it in the cluster are
 * flagged PDF_GLYPH_CLUSTER so that no line breaks inside it. What the
 * drawing needs is kept beside: the glyphs of each character, their
 * offsets, and the characters each glyph stands for in the text layer, so
 * that the text extracted from the PDF is exactly the text set: all of a
 * ligature's; for a cluster of several glyphs, one each in order and the
 * rest to the first; for a cluster of more glyphs than characters (a
 * character the font draws in two pieces), none. A letter and its marks
 * drawn in several glyphs, and such a cluster, also give their characters
 * for all their glyphs together (PDF's ActualText), which is how text
 * extractors read them as one.
 */
#ifndef DOCCONV_PDF_SHAPE_H
#define DOCCONV_PDF_SHAPE_H

#include <stddef.h>
#include <stdint.h>

#include <hb.h>

#include "conv/core/diag.h"
#include "fonts.h"
#include "layout.h"

typedef struct pdf_shaped {
	uint32_t gid;      /* the glyph, in the face of its characters */
	uint32_t text;     /* the first character it stands for */
	uint32_t n_text;   /* how many it stands for (may be 0) */
	/* A span starts here: span_glyphs glyphs standing together for the
	 * span_text characters from `text` on. */
	uint32_t span_glyphs, span_text;
	uint16_t font;
	float x, y;        /* from its character's pen position, 1/1000 em */
} pdf_shaped;

typedef struct pdf_shaping {
	pdf_shaped *glyphs;
	size_t n, cap;
	/* n_chars + 1 entries: the glyphs of character i are
	 * glyphs[start[i] .. start[i + 1]) (none for a space, nor for a
	 * character drawn by its cluster's first one) */
	size_t *start;
} pdf_shaping;

/* Shapes chars[0..n) (faces already picked) in `lang` (a BCP 47 tag, may
 * be NULL) with `buf`, a buffer kept for reuse: sets each character's
 * width and cluster flag, and fills *out (free it with pdf_shaping_free).
 * A placeholder (PDF_GLYPH_PLACEHOLDER) is not shaped: it is drawn as its
 * face's placeholder mark and stands for its character. */
docconv_status pdf_shape_text(pdf_fontset *fs, hb_buffer_t *buf,
                              const char *lang, pdf_glyph *chars, size_t n,
                              pdf_shaping *out);
void pdf_shaping_free(pdf_shaping *s);

#endif
