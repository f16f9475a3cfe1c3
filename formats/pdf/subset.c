/* subset.c — HarfBuzz subsetting with a cmap of compact codes. */
#include "subset.h"

#include <hb-subset.h>
#include <stdlib.h>
#include <string.h>

/* The tables libharu 2.3.0 writes into an embedded TrueType font; the
 * subsetter drops every other one. */
static const hb_tag_t kept_tables[] = {
	HB_TAG('O', 'S', '/', '2'), HB_TAG('c', 'm', 'a', 'p'),
	HB_TAG('c', 'v', 't', ' '), HB_TAG('f', 'p', 'g', 'm'),
	HB_TAG('g', 'l', 'y', 'f'), HB_TAG('h', 'e', 'a', 'd'),
	HB_TAG('h', 'h', 'e', 'a'), HB_TAG('h', 'm', 't', 'x'),
	HB_TAG('l', 'o', 'c', 'a'), HB_TAG('m', 'a', 'x', 'p'),
	HB_TAG('n', 'a', 'm', 'e'), HB_TAG('p', 'o', 's', 't'),
	HB_TAG('p', 'r', 'e', 'p'),
};
#define N_KEPT (sizeof kept_tables / sizeof *kept_tables)

/* libharu 2.3.0 writes all thirteen tables, a missing one as empty at the
 * offset it has reached, and then seeks there in its own buffer of 4 KiB
 * blocks: when that offset is a whole number of blocks the block does not
 * exist and saving fails (HPDF_INVALID_OBJECT). The hinting tables, which
 * the subsetter drops, are therefore given one harmless entry each: a
 * control value of 0, and programs of one FLIPON, which sets what is
 * already the default. No glyph has instructions, so nothing runs them. */
static const unsigned char stand_in_cvt[] = { 0x00, 0x00 };
static const unsigned char stand_in_program[] = { 0x4D };   /* FLIPON[] */

static hb_blob_t *stand_in(hb_tag_t tag)
{
	if (tag == HB_TAG('c', 'v', 't', ' '))
		return hb_blob_create((const char *)stand_in_cvt,
		                      sizeof stand_in_cvt, HB_MEMORY_MODE_READONLY,
		                      NULL, NULL);
	if (tag == HB_TAG('f', 'p', 'g', 'm') || tag == HB_TAG('p', 'r', 'e', 'p'))
		return hb_blob_create((const char *)stand_in_program,
		                      sizeof stand_in_program,
		                      HB_MEMORY_MODE_READONLY, NULL, NULL);
	return hb_blob_get_empty();
}

/* A face has far fewer tables than this. */
#define MAX_FACE_TABLES 256

static int is_kept(hb_tag_t tag)
{
	for (size_t i = 0; i < N_KEPT; i++)
		if (kept_tables[i] == tag)
			return 1;
	return 0;
}

static void put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
}

/* A cmap with one (3,1) format-4 subtable of two segments: the codes
 * FIRST..FIRST+n-1 through a glyph array, and the closing 0xFFFF. */
static unsigned char *make_cmap(const uint16_t *gids, size_t n, size_t *len)
{
	size_t sub = 16 + 2 * 2 * 4 + 2 * n;
	unsigned char *c = calloc(1, 12 + sub);
	if (!c)
		return NULL;
	put16(c + 2, 1);               /* one encoding record */
	put16(c + 4, 3);               /* Windows */
	put16(c + 6, 1);               /* Unicode BMP */
	put16(c + 10, 12);             /* subtable offset (low half) */
	unsigned char *t = c + 12;
	put16(t, 4);                   /* format */
	put16(t + 2, (unsigned)sub);
	put16(t + 6, 4);               /* segCountX2 */
	put16(t + 8, 4);               /* searchRange */
	put16(t + 10, 1);              /* entrySelector */
	put16(t + 12, 0);              /* rangeShift */
	unsigned char *p = t + 14;
	put16(p, (unsigned)(PDF_SUBSET_FIRST_CODE + n - 1));   /* endCode */
	put16(p + 2, 0xFFFF);
	put16(p + 6, PDF_SUBSET_FIRST_CODE);                   /* startCode */
	put16(p + 8, 0xFFFF);
	put16(p + 12, 1);              /* idDelta of the closing segment */
	put16(p + 14, 4);              /* idRangeOffset: to glyphIdArray */
	p += 18;
	for (size_t i = 0; i < n; i++)
		put16(p + 2 * i, gids[i]);
	*len = 12 + sub;
	return c;
}

static void drop_other_tables(hb_face_t *face, hb_subset_input_t *in)
{
	hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
	hb_tag_t tags[MAX_FACE_TABLES];
	unsigned count = MAX_FACE_TABLES;
	hb_face_get_table_tags(face, 0, &count, tags);
	for (unsigned i = 0; i < count; i++)
		if (!is_kept(tags[i]))
			hb_set_add(drop, tags[i]);
}

docconv_status pdf_subset_build(hb_face_t *face, hb_font_t *font,
                                const pdf_subset_char *chars, size_t n,
                                unsigned char **ttf, size_t *len,
                                docconv_diag *d)
{
	docconv_status st = DOCCONV_OK;
	hb_subset_input_t *in = NULL;
	hb_subset_plan_t *plan = NULL;
	hb_face_t *sub = NULL, *builder = NULL;
	hb_blob_t *cmap_blob = NULL, *out = NULL;
	uint16_t *gids = NULL;
	unsigned char *cmap = NULL;
	size_t cmap_len = 0;

	*ttf = NULL;
	*len = 0;
	if (n == 0 || n > PDF_SUBSET_MAX_CHARS) {
		st = docconv_fail(d, DOCCONV_ERR_LIMIT,
		                  "a font is asked for %zu different characters; "
		                  "the PDF writer embeds 1 to %d per font", n,
		                  PDF_SUBSET_MAX_CHARS);
		goto out;
	}
	if (!(in = hb_subset_input_create_or_fail()) ||
	    !(gids = malloc(n * sizeof *gids))) {
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	hb_set_t *unicodes = hb_subset_input_unicode_set(in);
	for (size_t i = 0; i < n; i++)
		hb_set_add(unicodes, chars[i].glyph_cp);
	drop_other_tables(face, in);
	/* Hinting is for screens at small sizes; PDF viewers do without it
	 * and it is a fair part of a CJK font. */
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
	if (!(plan = hb_subset_plan_create_or_fail(face, in)))
		goto fail;
	const hb_map_t *old_to_new = hb_subset_plan_old_to_new_glyph_mapping(plan);
	for (size_t i = 0; i < n; i++) {
		hb_codepoint_t old = 0, new_gid;
		if (!hb_font_get_nominal_glyph(font, chars[i].glyph_cp, &old) ||
		    (new_gid = hb_map_get(old_to_new, old)) == HB_MAP_VALUE_INVALID)
			goto fail;
		gids[i] = (uint16_t)new_gid;
	}
	if (!(sub = hb_subset_plan_execute_or_fail(plan)) ||
	    !(cmap = make_cmap(gids, n, &cmap_len)))
		goto fail;
	cmap_blob = hb_blob_create((const char *)cmap, (unsigned)cmap_len,
	                           HB_MEMORY_MODE_READONLY, NULL, NULL);
	builder = hb_face_builder_create();
	for (size_t i = 0; i < N_KEPT; i++) {
		hb_blob_t *t = kept_tables[i] == HB_TAG('c', 'm', 'a', 'p')
		                       ? hb_blob_reference(cmap_blob)
		                       : hb_face_reference_table(sub, kept_tables[i]);
		if (hb_blob_get_length(t) == 0) {
			hb_blob_destroy(t);
			t = stand_in(kept_tables[i]);
		}
		int ok = hb_blob_get_length(t) == 0 ||
		         hb_face_builder_add_table(builder, kept_tables[i], t);
		hb_blob_destroy(t);
		if (!ok)
			goto fail;
	}
	out = hb_face_reference_blob(builder);
	unsigned out_len = 0;
	const char *data = hb_blob_get_data(out, &out_len);
	if (out_len <= 12)
		goto fail;
	if (!(*ttf = malloc(out_len))) {
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	memcpy(*ttf, data, out_len);
	*len = out_len;
	goto out;
fail:
	st = docconv_fail(d, DOCCONV_ERR_INTERNAL,
	                  "HarfBuzz could not subset a font for %zu characters",
	                  n);
out:
	hb_blob_destroy(out);
	hb_blob_destroy(cmap_blob);
	hb_face_destroy(builder);
	hb_face_destroy(sub);
	hb_subset_plan_destroy(plan);
	hb_subset_input_destroy(in);
	free(cmap);
	free(gids);
	return st;
}
