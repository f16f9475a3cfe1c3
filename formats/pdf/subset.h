/* subset.h — a per-book subset of one face, for embedding.
 *
 * HarfBuzz's subsetter keeps only the glyphs a book draws (glyph indices,
 * already shaped: ligatures and alternates included) and the components
 * of composite glyphs, without hinting, glyph names or layout tables.
 * A TrueType face becomes a TrueType font program (FontFile2), its glyphs
 * selected by CID = glyph index; a CFF face becomes its bare CFF table
 * (FontFile3 /CIDFontType0C), desubroutinized, which is smaller once
 * deflated and much faster to make; its glyphs are selected by the CIDs
 * its charset gives (cff.h).
 */
#ifndef DOCCONV_PDF_SUBSET_H
#define DOCCONV_PDF_SUBSET_H

#include <stddef.h>
#include <stdint.h>

#include "conv/core/diag.h"
#include "cff.h"
#include "fonts.h"

/* The most glyphs one embedded font holds: CIDs are 16-bit. */
#define PDF_SUBSET_MAX_GLYPHS 65535

typedef struct pdf_font_program {
	unsigned char *data;
	size_t len;
	int cff;                 /* bare CFF, else a TrueType font */
	char registry[PDF_CFF_MAX_NAME], ordering[PDF_CFF_MAX_NAME];
	int supplement;          /* the CID system: Adobe-Identity-0 but for a
	                            CID-keyed CFF font's own */
} pdf_font_program;

/* The subset of face f for glyphs gids[0..n) (distinct; at most
 * PDF_SUBSET_MAX_GLYPHS), with cids[i] the CID that selects gids[i] in it.
 * The program's data is a new buffer: pdf_font_program_free. */
docconv_status pdf_subset_build(pdf_face *f, const uint32_t *gids, size_t n,
                                pdf_font_program *out, uint16_t *cids,
                                docconv_diag *d);
void pdf_font_program_free(pdf_font_program *p);

#endif
