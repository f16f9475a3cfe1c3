/* shape.c — runs of one face through hb_shape, mapped back to the
 * characters they came from. */
#include "shape.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "conv/core/mem.h"

static int push_glyph(pdf_shaping *s, const pdf_shaped *g)
{
	if (docconv_array_reserve((void **)&s->glyphs, &s->cap, s->n + 1,
	                          sizeof *s->glyphs) != 0)
		return -1;
	s->glyphs[s->n++] = *g;
	return 0;
}

static int32_t thousandths(hb_position_t v, unsigned upem)
{
	return (int32_t)lround((double)v * 1000.0 / upem);
}

/* The placeholder mark the face has, and its width. */
static hb_codepoint_t placeholder_glyph(const pdf_face *f, int32_t *width)
{
	static const uint32_t marks[] = PDF_PLACEHOLDER_MARKS;
	hb_codepoint_t gid = 0;
	for (size_t m = 0; m < sizeof marks / sizeof *marks; m++)
		if (hb_font_get_nominal_glyph(f->font, marks[m], &gid) && gid)
			break;
	*width = thousandths(hb_font_get_glyph_h_advance(f->font, gid), f->upem);
	return gid;
}

static int is_mark(uint32_t cp)
{
	hb_unicode_general_category_t gc = hb_unicode_general_category(
	        hb_unicode_funcs_get_default(), cp);
	return gc == HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK ||
	       gc == HB_UNICODE_GENERAL_CATEGORY_SPACING_MARK ||
	       gc == HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK;
}

/* A letter and its marks drawn in several glyphs, or a cluster drawn in
 * more glyphs than it has characters, is a span whose characters are given
 * together (ActualText): text extractors place a mark by where its glyph
 * starts, and a mark drawn back over its letter reads to them as a new
 * word after it. The run's glyphs are s->glyphs[s->start[first] .. s->n). */
static void mark_spans(const pdf_glyph *chars, size_t first, size_t end,
                       pdf_shaping *s)
{
	for (size_t c = first; c < end;) {
		size_t e = c + 1;
		int marked = 0;
		while (e < end && ((chars[e].flags & PDF_GLYPH_CLUSTER) ||
		                   is_mark(chars[e].cp))) {
			marked |= is_mark(chars[e].cp);
			e++;
		}
		size_t g0 = s->start[c], g1 = e < end ? s->start[e] : s->n;
		int unmapped = 0;
		for (size_t g = g0; g < g1; g++)
			unmapped |= s->glyphs[g].n_text == 0;
		if (g1 - g0 > 1 && (marked || unmapped)) {
			s->glyphs[g0].span_glyphs = (uint32_t)(g1 - g0);
			s->glyphs[g0].span_text = (uint32_t)(e - c);
		}
		c = e;
	}
}

/* Characters [first, end) of `cps`, all in face f, shaped into s. */
static docconv_status shape_run(pdf_fontset *fs, hb_buffer_t *buf,
                                hb_language_t lang, const uint32_t *cps,
                                pdf_glyph *chars, size_t n, size_t first,
                                size_t end, pdf_shaping *s)
{
	uint16_t font = chars[first].font;
	const pdf_face *f = pdf_fontset_face(fs, font);
	hb_buffer_clear_contents(buf);
	hb_buffer_set_cluster_level(buf,
	                            HB_BUFFER_CLUSTER_LEVEL_MONOTONE_CHARACTERS);
	/* The whole text is the run's context (what comes before and after
	 * it may change its shapes); only the run is shaped. */
	hb_buffer_add_codepoints(buf, cps, (int)n, (unsigned)first,
	                         (int)(end - first));
	hb_buffer_set_direction(buf, HB_DIRECTION_LTR);
	hb_buffer_set_language(buf, lang);
	/* A mark after a space stays a mark: no dotted circle is drawn for
	 * a character the text does not have. */
	hb_buffer_set_flags(buf, HB_BUFFER_FLAG_DO_NOT_INSERT_DOTTED_CIRCLE);
	hb_buffer_guess_segment_properties(buf);
	hb_shape(f->font, buf, NULL, 0);
	if (!hb_buffer_allocation_successful(buf))
		return DOCCONV_ERR_NOMEM;

	unsigned count = 0;
	const hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &count);
	const hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, NULL);
	for (size_t k = first; k < end; k++) {
		chars[k].width = 0;
		chars[k].flags |= PDF_GLYPH_CLUSTER;
		s->start[k] = s->n;
	}
	for (unsigned i = 0; i < count;) {
		/* A character HarfBuzz deleted at the run's start joins the
		 * first cluster, so it keeps its place in the text layer. */
		size_t c = i == 0 ? first : info[i].cluster;
		if (c < first || c >= end)   /* cannot happen for an LTR run */
			return DOCCONV_ERR_INTERNAL;
		unsigned j = i;
		while (j < count && info[j].cluster == info[i].cluster)
			j++;
		/* The cluster's characters run to the next cluster's first. */
		size_t next = j < count ? info[j].cluster : end;
		if (next <= c)
			return DOCCONV_ERR_INTERNAL;
		hb_position_t pen = 0;
		s->start[c] = s->n;
		size_t glyphs = j - i, n_chars = next - c, at = c;
		for (unsigned k = i; k < j; k++) {
			/* The cluster's characters in order, the first glyph
			 * taking what the others do not. */
			size_t n_text = glyphs > n_chars ? 0
			                : k == i ? n_chars - glyphs + 1 : 1;
			pdf_shaped g = {
				info[k].codepoint, (uint32_t)at, (uint32_t)n_text, 0, 0,
				font,
				(float)((pen + pos[k].x_offset) * 1000.0 / f->upem),
				(float)(pos[k].y_offset * 1000.0 / f->upem),
			};
			if (push_glyph(s, &g) != 0)
				return DOCCONV_ERR_NOMEM;
			pen += pos[k].x_advance;
			at += n_text;
		}
		chars[c].width = thousandths(pen, f->upem);
		chars[c].flags &= (uint16_t)~PDF_GLYPH_CLUSTER;
		for (size_t k = c + 1; k < next; k++)
			s->start[k] = s->n;
		i = j;
	}
	mark_spans(chars, first, end, s);
	return DOCCONV_OK;
}

docconv_status pdf_shape_text(pdf_fontset *fs, hb_buffer_t *buf,
                              const char *lang, pdf_glyph *chars, size_t n,
                              pdf_shaping *out)
{
	docconv_status st = DOCCONV_OK;
	uint32_t *cps = malloc((n ? n : 1) * sizeof *cps);
	memset(out, 0, sizeof *out);
	out->start = malloc((n + 1) * sizeof *out->start);
	if (!cps || !out->start) {
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	hb_language_t language = lang && *lang
	                                 ? hb_language_from_string(lang, -1)
	                                 : HB_LANGUAGE_INVALID;
	for (size_t i = 0; i < n; i++) {
		cps[i] = chars[i].cp;
		chars[i].flags &= (uint16_t)~PDF_GLYPH_CLUSTER;
	}
	for (size_t i = 0; i < n && st == DOCCONV_OK;) {
		out->start[i] = out->n;
		if (chars[i].cp == ' ') {
			i++;
			continue;
		}
		if (chars[i].flags & PDF_GLYPH_PLACEHOLDER) {
			const pdf_face *f = pdf_fontset_face(fs, chars[i].font);
			pdf_shaped g = { placeholder_glyph(f, &chars[i].width),
			                 (uint32_t)i, 1, 0, 0, chars[i].font, 0, 0 };
			if (push_glyph(out, &g) != 0)
				st = DOCCONV_ERR_NOMEM;
			i++;
			continue;
		}
		size_t end = i + 1;
		while (end < n && chars[end].cp != ' ' &&
		       chars[end].font == chars[i].font &&
		       !(chars[end].flags & PDF_GLYPH_PLACEHOLDER))
			end++;
		st = shape_run(fs, buf, language, cps, chars, n, i, end, out);
		i = end;
	}
	if (st == DOCCONV_OK)
		out->start[n] = out->n;
out:
	free(cps);
	if (st != DOCCONV_OK)
		pdf_shaping_free(out);
	return st;
}

void pdf_shaping_free(pdf_shaping *s)
{
	free(s->glyphs);
	free(s->start);
	memset(s, 0, sizeof *s);
}
