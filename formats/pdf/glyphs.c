/* glyphs.c — picking a face for each character of a text. */
#include "glyphs.h"

#include <stdlib.h>

#include "conv/core/text.h"

/* Whether cp is set in the CJK face: ideographs and CJK punctuation, and in
 * a Chinese text also the quotes, dashes and dots it shares with Latin. */
static int wants_cjk_face(const pdf_glyph_picker *p, uint32_t cp)
{
	if (docconv_is_cjk_letter(cp) || (cp >= 0x3000 && cp <= 0x303F) ||
	    (cp >= 0xFF00 && cp <= 0xFFEF) || (cp >= 0xFE30 && cp <= 0xFE4F))
		return 1;
	return p->cjk && docconv_is_cjk(cp);
}

/* ASCII punctuation between ideographs, as in "史万钧(前中)深入": set in the
 * face of the character before it, so the run keeps one face. */
static int follows_face(const pdf_glyph_picker *p, uint32_t cp)
{
	return p->cjk && cp < 0x80 && cp > ' ' && !docconv_is_alnum_latin(cp);
}

static void warn_missing(pdf_glyph_picker *p, uint32_t cp)
{
	for (size_t i = 0; i < p->n_warned; i++)
		if (p->warned[i] == cp)
			return;
	if (p->n_warned == PDF_MAX_WARNED_CHARS) {
		p->n_unwarned++;
		return;
	}
	p->warned[p->n_warned++] = cp;
	docconv_diag_add(p->d, DOCCONV_SEV_WARNING, 0, -1,
	                 "U+%04X is in no installed font: the PDF shows a box "
	                 "in its place (its text layer keeps the character)",
	                 (unsigned)cp);
}

void pdf_glyph_picker_report(pdf_glyph_picker *p)
{
	if (p->n_unwarned)
		docconv_diag_add(p->d, DOCCONV_SEV_WARNING, 0, -1,
		                 "%zu more characters are in no installed font and "
		                 "show as boxes", p->n_unwarned);
}

pdf_glyph pdf_pick_glyph(pdf_glyph_picker *p, pdf_face_style style,
                         uint32_t cp, int prev)
{
	pdf_font_role cjk = PDF_ROLE(style, p->script);
	pdf_font_role latin = PDF_ROLE(style, PDF_SCRIPT_LATIN);
	int first_cjk = wants_cjk_face(p, cp);
	const pdf_font_role order[] = {
		first_cjk ? cjk : latin, first_cjk ? latin : cjk,
		PDF_ROLE(PDF_STYLE_BODY, p->script),
		PDF_ROLE(PDF_STYLE_BODY, PDF_SCRIPT_LATIN),
	};
	size_t n = style == PDF_STYLE_BODY ? 2 : 4;

	pdf_glyph g = { cp, 0, 0, 0 };
	if (prev >= 0 && follows_face(p, cp) &&
	    pdf_fontset_glyph(p->fs, (uint16_t)prev, cp, &g.width)) {
		g.font = (uint16_t)prev;
		return g;
	}
	for (size_t i = 0; i < n; i++) {
		uint16_t slot = pdf_fontset_role(p->fs, order[i]);
		if (pdf_fontset_glyph(p->fs, slot, cp, &g.width)) {
			g.font = slot;
			return g;
		}
	}
	if (pdf_fontset_fallback(p->fs, order[0], cp, &g.font) &&
	    pdf_fontset_glyph(p->fs, g.font, cp, &g.width))
		return g;
	uint32_t box = 0;
	g.font = 0;
	pdf_fontset_placeholder(p->fs, order[0], &g.font, &box);
	pdf_fontset_glyph(p->fs, g.font, box, &g.width);
	g.flags = PDF_GLYPH_PLACEHOLDER;
	warn_missing(p, cp);
	return g;
}

docconv_status pdf_text_glyphs(pdf_glyph_picker *p, pdf_face_style style,
                               const char *s, size_t len, pdf_glyph **out,
                               size_t *n_out)
{
	size_t n = 0, i = 0;
	uint16_t latin = pdf_fontset_role(p->fs,
	                                  PDF_ROLE(style, PDF_SCRIPT_LATIN));
	int32_t space_width = 250;   /* a quarter em: when no face has one */
	pdf_fontset_glyph(p->fs, latin, ' ', &space_width);
	if (latin == PDF_NO_FACE)
		latin = 0;

	*out = NULL;
	*n_out = 0;
	if (len > PDF_MAX_BLOCK_BYTES)
		return docconv_fail(p->d, DOCCONV_ERR_LIMIT,
		                    "a block of %zu bytes is more than the PDF "
		                    "writer sets in one piece (%d)", len,
		                    PDF_MAX_BLOCK_BYTES);
	/* No more glyphs than bytes. */
	pdf_glyph *g = malloc((len ? len : 1) * sizeof *g);
	if (!g)
		return DOCCONV_ERR_NOMEM;
	while (i < len) {
		uint32_t cp;
		size_t l = docconv_utf8_decode(s + i, len - i, &cp);
		if (l == 0) {   /* the model is valid UTF-8; be safe anyway */
			i++;
			continue;
		}
		i += l;
		/* Nothing to draw (control characters are not among them: no
		 * font has them, so they show as boxes, with a warning). In the
		 * face of the character it follows, shaped with it, it rides in
		 * its cluster's text into the PDF's text layer; after a space
		 * or at the start, the face of the next one (below). */
		if (docconv_is_invisible(cp)) {
			uint16_t font = n && g[n - 1].cp != ' ' ? g[n - 1].font
			                                        : PDF_NO_FACE;
			g[n++] = (pdf_glyph){ cp, font, 0, 0 };
			continue;
		}
		if (docconv_is_space(cp) || cp == 0x2028 || cp == 0x2029) {
			if (n && g[n - 1].cp != ' ')
				g[n++] = (pdf_glyph){ ' ', latin, 0,
				                      cp == 0x3000 ? 1000 : space_width };
			continue;
		}
		int prev = n && g[n - 1].cp != ' ' ? g[n - 1].font : -1;
		g[n] = pdf_pick_glyph(p, style, cp, prev);
		n++;
	}
	/* Invisible characters after a space take the face of what follows
	 * them, or at the end of the text of what came before. */
	uint16_t next = latin;
	for (size_t k = n; k-- > 0;) {
		if (g[k].font == PDF_NO_FACE && g[k].cp != ' ')
			g[k].font = next;
		else if (g[k].cp != ' ')
			next = g[k].font;
	}
	*out = g;
	*n_out = n;
	return DOCCONV_OK;
}
