/* haru_fix.h — the one place that reaches into libharu 2.3.0's internals.
 *
 * libharu 2.3.0 embeds TrueType fonts only, from files, and on its UTF-8
 * path writes a ToUnicode map poppler rejects, drops composite glyphs'
 * components (Hangul renders blank), writes widths and a CID map for every
 * BMP code, and fails saves at its 4 KiB block ends. So the writer builds
 * its fonts itself, as objects of libharu's document (which numbers,
 * compresses and writes them with the rest): a Type0 font whose CMap maps
 * compact codes to CIDs, a CIDFontType2 (TrueType, FontFile2) or
 * CIDFontType0 (CFF, FontFile3 /CIDFontType0C) descendant with /W widths,
 * and a ToUnicode map with one bfchar entry per code. Text is shown as
 * glyph codes with their positions (TJ). This goes through the installed
 * internal headers (hpdf_font.h, hpdf_objects.h, hpdf_streams.h,
 * hpdf_pages.h, hpdf_doc.h): it is tied to 2.3.0's structures and is
 * tested by tests/unit/test_pdf_fonts.c.
 */
#ifndef DOCCONV_PDF_HARU_FIX_H
#define DOCCONV_PDF_HARU_FIX_H

#include <stddef.h>
#include <stdint.h>

#include <hpdf.h>

#include "conv/core/diag.h"
#include "conv/core/sink.h"
#include "subset.h"

/* Six capitals and '+' name an embedded subset (PDF 32000 9.6.4). */
#define PDF_SUBSET_TAG_LEN 6
/* Codes are two bytes. When a font draws one glyph for two texts (the
 * placeholder box for two missing characters), each pair takes its own
 * code from this one on, mapped to CIDs by an embedded CMap; otherwise a
 * glyph's code is its CID (Identity-H), which needs no CMap. The first is
 * above ASCII, so that no code reads as a space a viewer might stretch. */
#define PDF_FIRST_CODE 0x0100
/* Codes per font, at most. */
#define PDF_MAX_CODES (0xFFFF - PDF_FIRST_CODE)

/* The deflater of a writer context (one per thread), reused for every
 * stream of every book. Streams are deflated by the writer with libdeflate
 * at its fastest level, not by libharu (zlib at level 6, a new state per
 * stream): the seed's body font (132 KB of CFF, whose charstrings hold few
 * repeated strings) takes 6.6M instructions instead of 22.3M and comes out
 * 1.3% larger, a TrueType one 2.6M instead of 9.5M, 2% larger. The
 * compressor is kept, as each page of a fresh one costs a page fault when
 * first touched. */
typedef struct pdf_deflater pdf_deflater;

pdf_deflater *pdf_deflater_new(void);   /* NULL when out of memory */
void pdf_deflater_free(pdf_deflater *z);

/* A code of an embedded font. */
typedef struct pdf_haru_code {
	uint16_t code;           /* ascending */
	uint16_t cid;            /* the glyph it draws, by CID */
	int32_t width;           /* its advance, 1/1000 em */
	const uint32_t *text;    /* the characters it stands for (ToUnicode) */
	size_t n_text;           /* 0: none (a second glyph of a cluster) */
} pdf_haru_code;

/* A font to embed. Metrics in 1/1000 em. */
typedef struct pdf_haru_font {
	const char *name;        /* BaseFont: "TAG+PostScriptName" */
	const pdf_font_program *program;
	int32_t bbox[4], ascent, descent, cap_height;
	double italic_angle;
	const pdf_haru_code *codes;   /* all with code == cid: Identity-H */
	size_t n_codes;          /* 1 .. PDF_MAX_CODES */
} pdf_haru_font;

/* Adds the font to the document and returns it for
 * HPDF_Page_SetFontAndSize in *font. */
docconv_status pdf_haru_embed_font(HPDF_Doc pdf, pdf_deflater *z,
                                   const pdf_haru_font *spec, HPDF_Font *font,
                                   docconv_diag *d);

/* A glyph shown: its code, how far before it the pen moves back (a TJ
 * adjustment, 1/1000 of the font size: negative moves right), and its
 * baseline's rise (points). */
typedef struct pdf_haru_glyph {
	uint16_t code;
	float adjust;
	float rise;
	/* this glyph and span_glyphs - 1 after it stand together for
	 * span_text[0..span_n): marked content with an ActualText */
	uint32_t span_glyphs;
	const uint32_t *span_text;
	size_t span_n;
} pdf_haru_glyph;

/* Shows glyphs[0..n) in the current font from the text position, as TJ
 * arrays (a rise changes with Ts between them, and is set back to 0; a
 * span of glyphs with an ActualText is marked content around its own).
 * HPDF_Page_ShowText cannot be used: it takes UTF-8 through libharu's
 * encoders and silently draws nothing for text of zero advance.
 * DOCCONV_ERR_INTERNAL outside a text object or without a font. */
docconv_status pdf_haru_show_glyphs(HPDF_Page page,
                                    const pdf_haru_glyph *glyphs, size_t n,
                                    docconv_diag *d);

/* Deflates the page's contents, once drawn (nothing may be drawn on it
 * after): libharu's own deflating (zlib at level 6) is three times
 * slower. */
docconv_status pdf_haru_pack_contents(HPDF_Page page, pdf_deflater *z,
                                      docconv_diag *d);

/* Deflates the pixels of an image libharu loaded raw
 * (HPDF_LoadRawImageFromMem), which it would otherwise store as they
 * are. */
docconv_status pdf_haru_pack_image(HPDF_Image image, pdf_deflater *z,
                                   docconv_diag *d);

/* Sets dict[key] (dict NULL: the document information, which an entry
 * set with HPDF_SetInfoAttr must have made) to the text utf8 as a UTF-16
 * string. libharu's strings take single bytes (or go through
 * its UTF-8 encoder, whose tables for 65,536 codes cost more than
 * drawing a page). */
docconv_status pdf_haru_set_text(HPDF_Doc pdf, HPDF_Dict dict,
                                 const char *key, const char *utf8,
                                 docconv_diag *d);

/* Saves the document into libharu's memory and hands its blocks to the
 * sink as they are: reading them back through HPDF_ReadFromStream copies
 * every byte once more, one at a time. */
docconv_status pdf_haru_save(HPDF_Doc pdf, docconv_sink *sink,
                             docconv_diag *d);

#endif
