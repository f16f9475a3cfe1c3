/* subset.h — a per-book subset of one face, for embedding.
 *
 * HarfBuzz's subsetter keeps only the glyphs a book draws (and the
 * components of composite glyphs), drops glyph names and every table
 * libharu does not embed. The subset's cmap is then replaced by one that
 * maps compact codes, PDF_SUBSET_FIRST_CODE + i, to the glyph of the i-th
 * character: those codes are what the page content shows through libharu's
 * UTF-8 encoder (which writes each code as its CID), and the ToUnicode map
 * turns them back into the text. Compact codes keep libharu's per-font
 * tables (it walks all 65,536 BMP codes) cheap, let characters outside the
 * BMP be drawn, and let a placeholder glyph stand for a character no font
 * has while the text keeps the character itself.
 */
#ifndef DOCCONV_PDF_SUBSET_H
#define DOCCONV_PDF_SUBSET_H

#include <stddef.h>
#include <stdint.h>

#include <hb.h>

#include "conv/core/diag.h"

/* Codes start above ASCII so no code is taken for a space (which PDF word
 * spacing would stretch) or a control character. */
#define PDF_SUBSET_FIRST_CODE 0x0100
/* A format-4 cmap subtable has a 16-bit length: 2 bytes per character. */
#define PDF_SUBSET_MAX_CHARS 32000

typedef struct pdf_subset_char {
	uint32_t unicode;    /* the character in the text */
	uint32_t glyph_cp;   /* the character whose glyph is drawn for it */
} pdf_subset_char;

/* The subset of `face` for chars[0..n) (n <= PDF_SUBSET_MAX_CHARS), as a
 * TrueType file in a new buffer (free it). chars[i] gets the code
 * PDF_SUBSET_FIRST_CODE + i. `font` is `face` at its own scale. */
docconv_status pdf_subset_build(hb_face_t *face, hb_font_t *font,
                                const pdf_subset_char *chars, size_t n,
                                unsigned char **ttf, size_t *len,
                                docconv_diag *d);

#endif
