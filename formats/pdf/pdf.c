/* pdf.c — `--to pdf`: a book typeset by compose.c, drawn with libharu.
 *
 * The context made by docconv_pdf_create holds the fonts (found once per
 * thread); each book is composed, then every face it uses is subset to the
 * glyphs drawn (subset.c) and embedded with a code for each glyph and the
 * text it stands for (haru_fix.c), the pages are drawn, the outline and
 * the document information are added, and the saved bytes go to the sink.
 * libharu never writes a file here, and every libharu call is checked: its
 * error handler records the first error, and the error state is read after
 * each step, since some calls raise an error while returning success.
 */
#include "formats/formats.h"

#include <hb-ot.h>
#include <hpdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "conv/core/mem.h"
#include "conv/core/text.h"
#include "compose.h"
#include "fonts.h"
#include "haru_fix.h"
#include "photos.h"
#include "subset.h"
#include "version.h"

/* Authors named in the document information, at most. */
#define PDF_MAX_INFO_AUTHORS 16

typedef struct pdf_ctx {
	pdf_fontset *fonts;
	pdf_deflater *deflater;
} pdf_ctx;

typedef struct haru_state {
	HPDF_STATUS error, detail;
} haru_state;

/* A glyph as one book uses it: the glyph and the characters it stands
 * for, which together take one code of the font. */
typedef struct glyph_key {
	uint32_t gid;
	uint32_t n_text;
	const uint32_t *text;    /* in the display list */
	int32_t width;           /* as the font's /W gives it, 1/1000 em */
	uint16_t code;           /* what shows it */
} glyph_key;

/* A face as used by one book: its libharu font and the glyphs drawn with
 * it, sorted. */
typedef struct font_use {
	HPDF_Font font;
	glyph_key *keys;
	size_t n, cap;
} font_use;

typedef struct writer {
	HPDF_Doc pdf;
	haru_state haru;
	pdf_fontset *fonts;
	pdf_deflater *deflater;
	pdf_display dl;
	font_use *uses;
	size_t n_uses;
	HPDF_Page *pages;
	HPDF_Image *images;      /* one per placed photo */
	docconv_diag *d;
} writer;

static void on_haru_error(HPDF_STATUS error, HPDF_STATUS detail, void *user)
{
	haru_state *s = user;
	if (!s->error) {
		s->error = error;
		s->detail = detail;
	}
}

/* OK when the libharu call returned OK and left no error behind. */
static docconv_status haru_check(writer *w, HPDF_STATUS r, const char *what)
{
	/* The handler's record first: a status OR-ed over several calls only
	 * says that one failed. */
	HPDF_STATUS e = w->haru.error;
	if (e == HPDF_OK)
		e = HPDF_GetError(w->pdf);
	if (e == HPDF_OK)
		e = r;
	if (e == HPDF_OK)
		return DOCCONV_OK;
	return docconv_fail(w->d, DOCCONV_ERR_INTERNAL,
	                    "libharu failed to %s (error 0x%04X, detail %u)",
	                    what, (unsigned)e,
	                    (unsigned)(w->haru.detail ? w->haru.detail
	                                              : HPDF_GetErrorDetail(w->pdf)));
}

/* --- context --------------------------------------------------------- */

docconv_status docconv_pdf_create(const docconv_write_opts *opts, void **ctx,
                                  docconv_diag *d)
{
	docconv_status st;
	pdf_ctx *c = calloc(1, sizeof *c);
	*ctx = NULL;
	if (!c)
		return DOCCONV_ERR_NOMEM;
	if ((st = pdf_fontset_open(opts, &c->fonts, d)) != DOCCONV_OK) {
		free(c);
		return st;
	}
	if (!(c->deflater = pdf_deflater_new())) {
		pdf_fontset_free(c->fonts);
		free(c);
		return DOCCONV_ERR_NOMEM;
	}
	*ctx = c;
	return DOCCONV_OK;
}

void docconv_pdf_destroy(void *ctx)
{
	pdf_ctx *c = ctx;
	if (!c)
		return;
	pdf_fontset_free(c->fonts);
	pdf_deflater_free(c->deflater);
	free(c);
}

void docconv_pdf_library_versions(FILE *f)
{
	fprintf(f, "libharu %s\n", HPDF_GetVersion());
	fprintf(f, "harfbuzz %s\n", hb_version_string());
}

/* --- fonts ----------------------------------------------------------- */

static int compare_keys(const void *a, const void *b)
{
	const glyph_key *x = a, *y = b;
	if (x->gid != y->gid)
		return x->gid < y->gid ? -1 : 1;
	if (x->n_text != y->n_text)
		return x->n_text < y->n_text ? -1 : 1;
	for (uint32_t i = 0; i < x->n_text; i++)
		if (x->text[i] != y->text[i])
			return x->text[i] < y->text[i] ? -1 : 1;
	return 0;
}

static glyph_key key_of(const pdf_display *dl, const pdf_drawn *g)
{
	glyph_key k = { g->gid, g->n_text, dl->chars + g->text, 0, 0 };
	return k;
}

/* Gathers, per face, the distinct glyphs (with their text) the display
 * list draws. */
static docconv_status collect_glyphs(writer *w)
{
	w->n_uses = pdf_fontset_count(w->fonts);
	if (!(w->uses = calloc(w->n_uses ? w->n_uses : 1, sizeof *w->uses)))
		return DOCCONV_ERR_NOMEM;
	for (size_t i = 0; i < w->dl.n_ops; i++) {
		const pdf_op *op = &w->dl.ops[i];
		if (op->kind != PDF_OP_TEXT || op->count == 0)
			continue;
		font_use *u = &w->uses[op->font];
		if (docconv_array_reserve((void **)&u->keys, &u->cap,
		                          u->n + op->count, sizeof *u->keys) != 0)
			return DOCCONV_ERR_NOMEM;
		for (size_t k = 0; k < op->count; k++)
			u->keys[u->n++] = key_of(&w->dl, &w->dl.glyphs[op->first + k]);
	}
	for (size_t f = 0; f < w->n_uses; f++) {
		font_use *u = &w->uses[f];
		if (u->n == 0)
			continue;
		qsort(u->keys, u->n, sizeof *u->keys, compare_keys);
		size_t k = 0;
		for (size_t i = 0; i < u->n; i++)
			if (k == 0 || compare_keys(&u->keys[i], &u->keys[k - 1]) != 0)
				u->keys[k++] = u->keys[i];
		u->n = k;
	}
	return DOCCONV_OK;
}

/* The subset tag: six capitals from a hash of the face and its glyphs,
 * so the same book gives the same name. */
static void subset_tag(const pdf_face *face, const font_use *u,
                       char tag[PDF_SUBSET_TAG_LEN + 1])
{
	uint64_t h = 1469598103934665603u;   /* FNV-1a */
	for (const char *p = face->path; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211u;
	h = (h ^ face->index) * 1099511628211u;
	for (size_t i = 0; i < u->n; i++) {
		h = (h ^ u->keys[i].gid) * 1099511628211u;
		for (uint32_t t = 0; t < u->keys[i].n_text; t++)
			h = (h ^ u->keys[i].text[t]) * 1099511628211u;
	}
	for (int i = 0; i < PDF_SUBSET_TAG_LEN; i++) {
		tag[i] = (char)('A' + h % 26);
		h /= 26;
	}
	tag[PDF_SUBSET_TAG_LEN] = '\0';
}

static int compare_codes(const void *a, const void *b)
{
	const pdf_haru_code *x = a, *y = b;
	return x->code != y->code ? (x->code < y->code ? -1 : 1) : 0;
}

/* Font units to 1/1000 em. */
static int32_t per_mille(const pdf_face *f, double v)
{
	return (int32_t)lround(v * 1000.0 / f->upem);
}

/* "TAG+PostScriptName": the name table's PostScript name, else the
 * family's, kept to the characters a PDF name takes plainly. */
static void font_name(const pdf_face *face, const char *tag, char *out,
                      size_t cap)
{
	char ps[128];
	unsigned len = sizeof ps;
	hb_ot_name_get_utf8(face->face, HB_OT_NAME_ID_POSTSCRIPT_NAME,
	                    HB_LANGUAGE_INVALID, &len, ps);
	const char *src = len ? ps : face->name;
	size_t n = (size_t)snprintf(out, cap, "%s+", tag);
	for (const char *p = src; *p && n + 1 < cap; p++)
		if (*p > ' ' && *p < 0x7F && !strchr("()<>[]{}/%#", *p))
			out[n++] = *p;
	out[n] = '\0';
}

/* The font descriptor's metrics from the face's tables. */
static void face_metrics(const pdf_face *f, pdf_haru_font *spec)
{
	hb_position_t v = 0;
	hb_blob_t *head = hb_face_reference_table(f->face,
	                                          HB_TAG('h', 'e', 'a', 'd'));
	unsigned len = 0;
	const unsigned char *h = (const unsigned char *)hb_blob_get_data(head,
	                                                                  &len);
	for (int i = 0; i < 4 && len >= 44; i++)
		spec->bbox[i] = per_mille(f, (int16_t)(h[36 + 2 * i] << 8 |
		                                       h[37 + 2 * i]));
	hb_blob_destroy(head);
	hb_ot_metrics_get_position_with_fallback(
	        f->font, HB_OT_METRICS_TAG_HORIZONTAL_ASCENDER, &v);
	spec->ascent = per_mille(f, v);
	hb_ot_metrics_get_position_with_fallback(
	        f->font, HB_OT_METRICS_TAG_HORIZONTAL_DESCENDER, &v);
	spec->descent = per_mille(f, v);
	hb_ot_metrics_get_position_with_fallback(
	        f->font, HB_OT_METRICS_TAG_CAP_HEIGHT, &v);
	spec->cap_height = per_mille(f, v);
	spec->italic_angle = hb_style_get_value(f->font,
	                                        HB_STYLE_TAG_SLANT_ANGLE);
}

static docconv_status embed_font(writer *w, uint16_t slot)
{
	docconv_status st = DOCCONV_OK;
	font_use *u = &w->uses[slot];
	pdf_face *face = pdf_fontset_face(w->fonts, slot);
	uint32_t *gids = malloc(u->n * sizeof *gids);
	uint16_t *cids = malloc(u->n * sizeof *cids);
	pdf_haru_code *codes = malloc(u->n * sizeof *codes);
	pdf_font_program program = { 0 };
	char tag[PDF_SUBSET_TAG_LEN + 1], name[PDF_SUBSET_TAG_LEN + 64];

	if (!gids || !cids || !codes) {
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	if (u->n > PDF_MAX_CODES) {
		st = docconv_fail(w->d, DOCCONV_ERR_LIMIT,
		                  "a book draws %zu different glyphs with one "
		                  "font; the PDF writer embeds at most %d", u->n,
		                  PDF_MAX_CODES);
		goto out;
	}
	/* The keys are sorted by glyph: its distinct glyphs in order. */
	size_t n_gids = 0;
	for (size_t i = 0; i < u->n; i++)
		if (n_gids == 0 || u->keys[i].gid != gids[n_gids - 1])
			gids[n_gids++] = u->keys[i].gid;
	if ((st = pdf_subset_build(face, gids, n_gids, &program, cids, w->d)) !=
	    DOCCONV_OK)
		goto out;
	/* A glyph's code is its CID unless it stands for two texts. */
	int identity = n_gids == u->n;
	for (size_t i = 0, g = 0; i < u->n; i++) {
		while (gids[g] != u->keys[i].gid)
			g++;
		glyph_key *k = &u->keys[i];
		k->width = per_mille(face, hb_font_get_glyph_h_advance(face->font,
		                                                       gids[g]));
		k->code = identity ? cids[g] : (uint16_t)(PDF_FIRST_CODE + i);
		codes[i] = (pdf_haru_code){ k->code, cids[g], k->width, k->text,
		                            k->n_text };
	}
	if (identity)   /* ascending codes */
		qsort(codes, u->n, sizeof *codes, compare_codes);
	subset_tag(face, u, tag);
	font_name(face, tag, name, sizeof name);
	pdf_haru_font spec = { name, &program, { 0, 0, 0, 0 }, 0, 0, 0, 0,
	                       codes, u->n };
	face_metrics(face, &spec);
	st = pdf_haru_embed_font(w->pdf, w->deflater, &spec, &u->font, w->d);
out:
	if (st != DOCCONV_OK && w->d->n_errors)
		docconv_diag_add(w->d, DOCCONV_SEV_NOTE, 0, -1,
		                 "while embedding the font %s (%s)", face->name,
		                 face->path);
	pdf_font_program_free(&program);
	free(codes);
	free(cids);
	free(gids);
	return st;
}

static int compare_faces(const pdf_face *x, const pdf_face *y)
{
	int c = strcmp(x->path, y->path);
	return c ? c : (x->index > y->index) - (x->index < y->index);
}

static docconv_status embed_fonts(writer *w)
{
	docconv_status st = collect_glyphs(w);
	uint16_t *order = malloc((w->n_uses ? w->n_uses : 1) * sizeof *order);
	size_t n = 0;
	if (!order)
		return DOCCONV_ERR_NOMEM;
	/* By file and index: the fontset numbers faces in the order a batch
	 * happened to need them, and the PDF must not depend on that. A few
	 * faces: an insertion sort. */
	for (size_t f = 0; f < w->n_uses; f++) {
		if (!w->uses[f].n)
			continue;
		const pdf_face *face = pdf_fontset_face(w->fonts, (uint16_t)f);
		size_t k = n++;
		while (k > 0 && compare_faces(pdf_fontset_face(w->fonts, order[k - 1]),
		                              face) > 0) {
			order[k] = order[k - 1];
			k--;
		}
		order[k] = (uint16_t)f;
	}
	for (size_t i = 0; i < n && st == DOCCONV_OK; i++)
		st = embed_font(w, order[i]);
	free(order);
	return st;
}

/* --- pages ----------------------------------------------------------- */

/* The codes that show op's glyphs in its font, each placed where the
 * display list puts it: a TJ adjustment wherever the font's advance of the
 * glyph before leaves the pen elsewhere (kerning, marks, justification). */
static int encode_glyphs(const writer *w, const pdf_op *op,
                         pdf_haru_glyph *out)
{
	const font_use *u = &w->uses[op->font];
	double pen = 0;   /* 1/1000 of the font size, from the op's origin */
	for (size_t i = 0; i < op->count; i++) {
		const pdf_drawn *g = &w->dl.glyphs[op->first + i];
		glyph_key k = key_of(&w->dl, g);
		const glyph_key *at = bsearch(&k, u->keys, u->n, sizeof *u->keys,
		                              compare_keys);
		if (!at)
			return -1;
		double target = g->x * 1000.0 / op->size;
		double adjust = pen - target;
		out[i].code = at->code;
		out[i].adjust = fabs(adjust) < 0.01 ? 0 : (float)adjust;
		out[i].rise = g->y;
		out[i].span_glyphs = g->span_glyphs;
		out[i].span_text = w->dl.chars + g->span_text;
		out[i].span_n = g->span_n;
		pen = (out[i].adjust ? target : pen) + at->width;
	}
	return 0;
}

/* A light frame standing for the photo, with a faint picture sign (a sun
 * over two hills) in its middle. */
static HPDF_STATUS draw_frame(HPDF_Page page, const pdf_op *op)
{
	double s = op->h * 0.28, cx = op->x + op->w / 2, cy = op->y + op->h / 2;
	HPDF_STATUS r = HPDF_Page_SetGrayFill(page, 0.94f);
	r |= HPDF_Page_SetGrayStroke(page, 0.78f);
	r |= HPDF_Page_SetLineWidth(page, 0.6f);
	r |= HPDF_Page_Rectangle(page, op->x, op->y, op->w, op->h);
	r |= HPDF_Page_FillStroke(page);
	r |= HPDF_Page_SetGrayFill(page, 0.84f);
	r |= HPDF_Page_MoveTo(page, (float)(cx - s), (float)(cy - s * 0.5));
	r |= HPDF_Page_LineTo(page, (float)(cx - s * 0.35), (float)(cy + s * 0.3));
	r |= HPDF_Page_LineTo(page, (float)(cx), (float)(cy - s * 0.1));
	r |= HPDF_Page_LineTo(page, (float)(cx + s * 0.35), (float)(cy + s * 0.45));
	r |= HPDF_Page_LineTo(page, (float)(cx + s), (float)(cy - s * 0.5));
	r |= HPDF_Page_ClosePath(page);
	r |= HPDF_Page_Fill(page);
	r |= HPDF_Page_Circle(page, (float)(cx - s * 0.45), (float)(cy + s * 0.6),
	                      (float)(s * 0.16));
	r |= HPDF_Page_Fill(page);
	return r;
}

static HPDF_STATUS draw_bar(HPDF_Page page, const pdf_op *op)
{
	HPDF_STATUS r = HPDF_Page_SetGrayFill(page, op->gray);
	r |= HPDF_Page_Rectangle(page, op->x, op->y, op->w, op->h);
	r |= HPDF_Page_Fill(page);
	return r;
}

static HPDF_STATUS draw_rule(HPDF_Page page, const pdf_op *op)
{
	HPDF_STATUS r = HPDF_Page_SetGrayStroke(page, op->gray);
	r |= HPDF_Page_SetLineWidth(page, op->h);
	r |= HPDF_Page_MoveTo(page, op->x, op->y);
	r |= HPDF_Page_LineTo(page, op->x + op->w, op->y);
	r |= HPDF_Page_Stroke(page);
	return r;
}

/* Text state kept across the operations of a page, to set only changes. */
typedef struct text_state {
	int font;
	float size, gray;
} text_state;

static docconv_status draw_text(writer *w, HPDF_Page page, const pdf_op *op,
                                text_state *ts, pdf_haru_glyph *codes)
{
	docconv_status st;
	HPDF_STATUS r = HPDF_OK;
	if (ts->font != op->font || ts->size != op->size) {
		r |= HPDF_Page_SetFontAndSize(page, w->uses[op->font].font, op->size);
		ts->font = op->font;
		ts->size = op->size;
	}
	if (ts->gray != op->gray) {
		r |= HPDF_Page_SetGrayFill(page, op->gray);
		ts->gray = op->gray;
	}
	r |= HPDF_Page_SetTextMatrix(page, 1, 0, 0, 1, op->x, op->y);
	if ((st = haru_check(w, r, "set the text state")) != DOCCONV_OK)
		return st;
	if (encode_glyphs(w, op, codes) != 0)
		return docconv_fail(w->d, DOCCONV_ERR_INTERNAL,
		                    "a glyph drawn is missing from its font");
	if ((st = pdf_haru_show_glyphs(page, codes, op->count, w->d)) !=
	    DOCCONV_OK)
		return st;
	return haru_check(w, HPDF_OK, "show text");
}

static docconv_status draw_page(writer *w, size_t p, size_t *next_op,
                                pdf_haru_glyph *codes)
{
	docconv_status st = DOCCONV_OK;
	HPDF_Page page = HPDF_AddPage(w->pdf);
	w->pages[p] = page;
	if (!page)
		return haru_check(w, HPDF_INVALID_PAGE, "add a page");
	HPDF_STATUS r = HPDF_Page_SetWidth(page, (float)w->dl.page_width);
	r |= HPDF_Page_SetHeight(page, (float)w->dl.page_height);
	if ((st = haru_check(w, r, "size a page")) != DOCCONV_OK)
		return st;
	size_t first = *next_op, end = first;
	while (end < w->dl.n_ops && w->dl.ops[end].page == p)
		end++;
	*next_op = end;

	/* Frames and rules under the text; then one text object, in reading
	 * order. */
	for (size_t i = first; i < end && st == DOCCONV_OK; i++) {
		const pdf_op *op = &w->dl.ops[i];
		if (op->kind == PDF_OP_FRAME)
			st = haru_check(w, draw_frame(page, op), "draw a frame");
		else if (op->kind == PDF_OP_BAR)
			st = haru_check(w, draw_bar(page, op), "draw a bar");
		else if (op->kind == PDF_OP_IMAGE)
			st = haru_check(w, HPDF_Page_DrawImage(page,
			                                       w->images[op->first],
			                                       op->x, op->y, op->w,
			                                       op->h),
			                "draw a photo");
		else if (op->kind == PDF_OP_RULE)
			st = haru_check(w, draw_rule(page, op), "draw a rule");
	}
	if (st != DOCCONV_OK)
		return st;
	text_state ts = { -1, -1, -1 };   /* nothing known: set all */
	if ((st = haru_check(w, HPDF_Page_BeginText(page), "begin text")) !=
	    DOCCONV_OK)
		return st;
	for (size_t i = first; i < end && st == DOCCONV_OK; i++)
		if (w->dl.ops[i].kind == PDF_OP_TEXT)
			st = draw_text(w, page, &w->dl.ops[i], &ts, codes);
	if (st == DOCCONV_OK)
		st = haru_check(w, HPDF_Page_EndText(page), "end text");
	return st;
}

static docconv_status draw_pages(writer *w)
{
	docconv_status st = DOCCONV_OK;
	size_t next_op = 0, longest = 1;
	for (size_t i = 0; i < w->dl.n_ops; i++)
		if (w->dl.ops[i].count > longest)
			longest = w->dl.ops[i].count;
	pdf_haru_glyph *codes = malloc(longest * sizeof *codes);
	if (!codes || !(w->pages = calloc(w->dl.n_pages, sizeof *w->pages))) {
		free(codes);
		return DOCCONV_ERR_NOMEM;
	}
	for (size_t p = 0; p < w->dl.n_pages && st == DOCCONV_OK; p++)
		st = draw_page(w, p, &next_op, codes);
	for (size_t p = 0; p < w->dl.n_pages && st == DOCCONV_OK; p++)
		st = pdf_haru_pack_contents(w->pages[p], w->deflater, w->d);
	free(codes);
	return st;
}

/* --- outline and information ----------------------------------------- */

static docconv_status add_outline(writer *w)
{
	HPDF_Outline article = NULL;
	docconv_status st = DOCCONV_OK;
	for (size_t i = 0; i < w->dl.n_marks && st == DOCCONV_OK; i++) {
		const pdf_mark *m = &w->dl.marks[i];
		HPDF_Outline parent = m->level > 0 ? article : NULL;
		HPDF_Outline o = HPDF_CreateOutline(w->pdf, parent, "", NULL);
		HPDF_Destination dst = o ? HPDF_Page_CreateDestination(
		                                   w->pages[m->page]) : NULL;
		HPDF_STATUS r = o && dst ? HPDF_OK : HPDF_FAILD_TO_ALLOC_MEM;
		if (dst) {
			r |= HPDF_Destination_SetFitH(dst, m->top);
			r |= HPDF_Outline_SetDestination(o, dst);
		}
		if (o && m->level == 0) {
			r |= HPDF_Outline_SetOpened(o, HPDF_TRUE);
			article = o;
		}
		if ((st = haru_check(w, r, "add a bookmark")) == DOCCONV_OK)
			st = pdf_haru_set_text(w->pdf, o, "Title", m->title, w->d);
	}
	if (st == DOCCONV_OK && w->dl.n_marks)
		st = haru_check(w, HPDF_SetPageMode(w->pdf, HPDF_PAGE_MODE_USE_OUTLINE),
		                "show the bookmarks");
	return st;
}

/* "a, b, c": the authors of every article, each once. */
static int join_authors(const docconv_book *book, docconv_buf *b)
{
	int r = 0;
	size_t n = 0;
	for (size_t i = 0; i < book->n_docs; i++) {
		const docconv_meta *m = docconv_doc_meta(book->docs[i]);
		for (size_t k = 0; k < m->n_authors && n < PDF_MAX_INFO_AUTHORS;
		     k++) {
			const char *a = m->authors[k];
			int seen = 0;
			for (size_t j = 0; j < i + 1 && !seen; j++) {
				const docconv_meta *o = docconv_doc_meta(book->docs[j]);
				for (size_t q = 0; q < (j == i ? k : o->n_authors); q++)
					seen |= strcmp(o->authors[q], a) == 0;
			}
			if (seen)
				continue;
			if (n++)
				r |= docconv_buf_puts(b, ", ");
			r |= docconv_buf_puts(b, a);
		}
	}
	return r | docconv_buf_putc(b, '\0');
}

static docconv_status set_info(writer *w, const docconv_book *book)
{
	const char *title = docconv_book_title(book);
	/* The creator first: it makes the information dictionary. */
	HPDF_STATUS r = HPDF_SetInfoAttr(w->pdf, HPDF_INFO_CREATOR,
	                                 "docconv " DOCCONV_VERSION);

	/* The book's time, in UTC, so the bytes depend on nothing else. */
	time_t t = (time_t)book->timestamp;
	struct tm tm;
	if (!gmtime_r(&t, &tm))
		memset(&tm, 0, sizeof tm);
	HPDF_Date date = { tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
	                   tm.tm_hour, tm.tm_min, tm.tm_sec, 'Z', 0, 0 };
	if (date.year < 1 || date.year > 9999)
		date = (HPDF_Date){ 1970, 1, 1, 0, 0, 0, 'Z', 0, 0 };
	r |= HPDF_SetInfoDateAttr(w->pdf, HPDF_INFO_CREATION_DATE, date);
	r |= HPDF_SetInfoDateAttr(w->pdf, HPDF_INFO_MOD_DATE, date);
	docconv_status st = haru_check(w, r, "set the document information");
	if (st == DOCCONV_OK && title)
		st = pdf_haru_set_text(w->pdf, NULL, "Title", title, w->d);
	docconv_buf authors;
	docconv_buf_init(&authors);
	if (st == DOCCONV_OK && join_authors(book, &authors) != 0)
		st = DOCCONV_ERR_NOMEM;
	if (st == DOCCONV_OK && authors.data[0])
		st = pdf_haru_set_text(w->pdf, NULL, "Author", authors.data, w->d);
	docconv_buf_free(&authors);
	return st;
}

/* --- the writer ------------------------------------------------------ */

docconv_status docconv_write_pdf(void *ctx, const docconv_book *book,
                                 const docconv_write_opts *opts,
                                 docconv_sink *sink, docconv_diag *d)
{
	pdf_ctx *c = ctx;
	docconv_status st = DOCCONV_OK;
	writer w;
	memset(&w, 0, sizeof w);
	w.d = d;
	if (!c)
		return docconv_fail(d, DOCCONV_ERR_INTERNAL,
		                    "the pdf writer was called without its context");
	w.fonts = c->fonts;
	w.deflater = c->deflater;
	if ((st = pdf_compose(book, c->fonts, opts->paper, opts->photo_frames,
	                      &w.dl, d)) != DOCCONV_OK)
		goto out;
	if (!(w.pdf = HPDF_New(on_haru_error, &w.haru))) {
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	/* No compression by libharu: the writer deflates its streams itself
	 * (haru_fix.c), as it writes its own fonts and text strings. */
	if ((st = embed_fonts(&w)) != DOCCONV_OK ||
	    (st = pdf_photos_embed(w.pdf, w.deflater, &w.dl, &w.images, d)) !=
	            DOCCONV_OK ||
	    (st = haru_check(&w, HPDF_OK, "load the photos")) != DOCCONV_OK ||
	    (st = draw_pages(&w)) != DOCCONV_OK ||
	    (st = add_outline(&w)) != DOCCONV_OK ||
	    (st = set_info(&w, book)) != DOCCONV_OK)
		goto out;
	st = pdf_haru_save(w.pdf, sink, d);
out:
	if (w.pdf)
		HPDF_Free(w.pdf);
	for (size_t i = 0; i < w.n_uses; i++)
		free(w.uses[i].keys);
	free(w.uses);
	free(w.pages);
	free(w.images);
	pdf_display_free(&w.dl);
	return st;
}
