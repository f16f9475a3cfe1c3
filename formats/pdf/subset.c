/* subset.c — HarfBuzz subsetting by glyph, and the CIDs of the result. */
#include "subset.h"

#include <hb-subset.h>
#include <stdlib.h>
#include <string.h>

/* The new CIDs: a TrueType program and a name-keyed CFF one select by
 * glyph index, a CID-keyed CFF one by its charset, in its CID system. */
static int subset_cids(pdf_font_program *p, const hb_map_t *old_to_new,
                       const uint32_t *gids, size_t n, uint16_t *cids)
{
	pdf_cff_info info;
	if (p->cff && pdf_cff_read(p->data, p->len, &info) != 0)
		return -1;
	if (p->cff && info.cid_keyed) {
		memcpy(p->registry, info.registry, sizeof p->registry);
		memcpy(p->ordering, info.ordering, sizeof p->ordering);
		p->supplement = info.supplement;
	}
	for (size_t i = 0; i < n; i++) {
		hb_codepoint_t g = hb_map_get(old_to_new, gids[i]);
		long cid = g == HB_MAP_VALUE_INVALID ? -1
		           : p->cff ? pdf_cff_cid(p->data, &info, g) : (long)g;
		if (cid < 0 || cid > 0xFFFF)
			return -1;
		cids[i] = (uint16_t)cid;
	}
	return 0;
}

docconv_status pdf_subset_build(pdf_face *f, const uint32_t *gids, size_t n,
                                pdf_font_program *out, uint16_t *cids,
                                docconv_diag *d)
{
	docconv_status st = DOCCONV_OK;
	hb_subset_input_t *in = NULL;
	hb_subset_plan_t *plan = NULL;
	hb_face_t *sub = NULL, *view = pdf_face_outlines(f);
	hb_blob_t *blob = NULL;

	memset(out, 0, sizeof *out);
	out->cff = f->cff;
	strcpy(out->registry, "Adobe");
	strcpy(out->ordering, "Identity");
	if (n == 0 || n > PDF_SUBSET_MAX_GLYPHS) {
		st = docconv_fail(d, DOCCONV_ERR_LIMIT,
		                  "a font is asked for %zu different glyphs; the "
		                  "PDF writer embeds 1 to %d per font", n,
		                  PDF_SUBSET_MAX_GLYPHS);
		goto out;
	}
	if (!view || !(in = hb_subset_input_create_or_fail())) {
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	hb_set_t *glyphs = hb_subset_input_glyph_set(in);
	for (size_t i = 0; i < n; i++)
		hb_set_add(glyphs, gids[i]);
	/* The unicode set stays empty: the subset needs no cmap. Hinting is
	 * for screens at small sizes; PDF viewers do without it. */
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING |
	                              HB_SUBSET_FLAGS_DESUBROUTINIZE);
	if (!(plan = hb_subset_plan_create_or_fail(view, in)) ||
	    !(sub = hb_subset_plan_execute_or_fail(plan)))
		goto fail;
	blob = f->cff ? hb_face_reference_table(sub, HB_TAG('C', 'F', 'F', ' '))
	              : hb_face_reference_blob(sub);
	unsigned len = 0;
	const char *data = hb_blob_get_data(blob, &len);
	if (len <= 12)
		goto fail;
	if (!(out->data = malloc(len))) {
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	memcpy(out->data, data, len);
	out->len = len;
	if (subset_cids(out, hb_subset_plan_old_to_new_glyph_mapping(plan), gids,
	                n, cids) != 0)
		goto fail;
	goto out;
fail:
	st = docconv_fail(d, DOCCONV_ERR_INTERNAL,
	                  "HarfBuzz could not subset the font %s for %zu glyphs",
	                  f->name, n);
out:
	if (st != DOCCONV_OK)
		pdf_font_program_free(out);
	hb_blob_destroy(blob);
	hb_face_destroy(sub);
	hb_subset_plan_destroy(plan);
	hb_subset_input_destroy(in);
	return st;
}

void pdf_font_program_free(pdf_font_program *p)
{
	free(p->data);
	p->data = NULL;
	p->len = 0;
}
