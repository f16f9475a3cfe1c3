/* haru_fix.h — the one place that reaches into libharu 2.3.0's internals.
 *
 * libharu loads TrueType fonts only from files and, on its UTF-8 path,
 * writes a ToUnicode map poppler rejects and drops composite glyphs'
 * components (Hangul renders blank). These functions load a subset font
 * held in memory (subset.h) and repair what 2.3.0 writes for it, through
 * the installed internal headers (hpdf_font.h, hpdf_fontdef.h,
 * hpdf_objects.h, hpdf_streams.h, hpdf_pages.h): they are tied to 2.3.0's
 * structures and
 * are tested by tests/unit/test_pdf_fonts.c.
 */
#ifndef DOCCONV_PDF_HARU_FIX_H
#define DOCCONV_PDF_HARU_FIX_H

#include <stddef.h>
#include <stdint.h>

#include <hpdf.h>

#include "conv/core/diag.h"

/* Six capitals and '+' name an embedded subset (PDF 32000 9.6.4). */
#define PDF_SUBSET_TAG_LEN 6

/* The encoder the subset fonts of a document are shown through. */
#define PDF_HARU_CODES_ENCODER "DocconvCodes"

/* Registers that encoder in pdf, for the codes first_code ..
 * first_code + n_codes - 1 (the most any subset font of the document
 * has), with the CID system of the UTF-8 encoder, which the document must
 * have set up (HPDF_UseUTFEncodings). Once per document, before
 * pdf_haru_load_font. */
docconv_status pdf_haru_codes_encoder(HPDF_Doc pdf, uint16_t first_code,
                                      size_t n_codes, docconv_diag *d);

/* Registers the TrueType font ttf[0..len) (a subset whose glyphs are all
 * used, whose cmap maps its compact codes) as an embedded font named
 * "TAG+Name" for the encoder above, and returns it in *font. Every glyph
 * of the subset is marked as used, so composite glyphs keep their
 * components whatever their index. */
docconv_status pdf_haru_load_font(HPDF_Doc pdf, const unsigned char *ttf,
                                  size_t len,
                                  const char tag[PDF_SUBSET_TAG_LEN + 1],
                                  HPDF_Font *font, docconv_diag *d);

/* Rewrites the font's maps for the codes in use (ascending): ToUnicode as
 * one bfchar entry per code (codes[i] → unicodes[i], characters outside
 * the BMP as surrogate pairs), CIDToGIDMap cut after the highest code, /W
 * with the commonest advance as /DW. */
docconv_status pdf_haru_fix_maps(HPDF_Font font, const uint16_t *codes,
                                 const uint32_t *unicodes, size_t n,
                                 docconv_diag *d);

/* Shows codes[0..n) in the current font at the text position: "<...> Tj".
 * HPDF_Page_ShowText cannot be used: it silently draws nothing when the
 * text's advance is zero (a run of combining marks), takes UTF-8 (so the
 * codes would be decoded again) and refuses strings over 65,535 bytes
 * while returning success. DOCCONV_ERR_INTERNAL outside a text object or
 * without a font. */
docconv_status pdf_haru_show_codes(HPDF_Page page, const uint16_t *codes,
                                   size_t n, docconv_diag *d);

#endif
