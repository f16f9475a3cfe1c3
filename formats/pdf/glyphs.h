/* glyphs.h — characters to faces: the face that draws each character.
 *
 * Ideographs and CJK punctuation go to the CJK face of the style (body,
 * heading or caption) in the document's script (Simplified or
 * Traditional glyph forms), Latin letters and digits to the style's Latin
 * face; in a Chinese text the quotes, dashes and dots shared with Latin
 * take the CJK face, and ASCII punctuation keeps the face of the character
 * before it. A character neither has is looked for in the body faces, then
 * among all installed fonts; one no font has becomes a placeholder box,
 * with a warning naming it (U+1F600) once per book. The faces are picked
 * here; shape.h then measures and shapes the runs.
 */
#ifndef DOCCONV_PDF_GLYPHS_H
#define DOCCONV_PDF_GLYPHS_H

#include <stddef.h>
#include <stdint.h>

#include "conv/core/diag.h"
#include "fonts.h"
#include "layout.h"

/* Characters warned about per book; more only add to the count. */
#define PDF_MAX_WARNED_CHARS 64
/* A block longer than this many bytes is refused: the breaker and the
 * display list hold it whole. */
#define PDF_MAX_BLOCK_BYTES (16 * 1024 * 1024)

typedef struct pdf_glyph_picker {
	pdf_fontset *fs;
	docconv_diag *d;
	int cjk;                 /* the text is Chinese (or Japanese, Korean) */
	pdf_face_script script;  /* its Chinese glyph forms: HANS or HANT */
	uint32_t warned[PDF_MAX_WARNED_CHARS];
	size_t n_warned, n_unwarned;
} pdf_glyph_picker;

/* The face for cp in a style; `prev` is the face of the character before
 * it (-1 at the start of a text). */
pdf_glyph pdf_pick_glyph(pdf_glyph_picker *p, pdf_face_style style,
                         uint32_t cp, int prev);

/* UTF-8 to characters with their faces (a new array in *out): white space
 * collapses to single spaces (an ideographic space keeps its em); an
 * invisible character (docconv_is_invisible) takes the face of the
 * character it follows, or after a space the next one's, so that shaping
 * keeps it in the text layer without drawing anything. Widths are the
 * nominal glyphs' until the text is shaped. */
docconv_status pdf_text_glyphs(pdf_glyph_picker *p, pdf_face_style style,
                               const char *utf8, size_t len, pdf_glyph **out,
                               size_t *n_out);

/* Adds the count of missing characters not warned about one by one. */
void pdf_glyph_picker_report(pdf_glyph_picker *p);

#endif
