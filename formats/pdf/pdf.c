/* pdf.c — `--to pdf`: a book typeset by compose.c, drawn with libharu.
 *
 * The context made by docconv_pdf_create holds the fonts (found once per
 * thread); each book is composed, then every face it uses is subset to the
 * characters drawn (subset.c) and embedded through libharu's UTF-8 encoder
 * (haru_fix.c), the pages are drawn, the outline and the document
 * information are added, and the saved bytes go to the sink. libharu never
 * writes a file here, and every libharu call is checked: its error handler
 * records the first error, and the error state is read after each step,
 * since some calls raise an error while returning success.
 */
#include "formats/formats.h"

#include <hpdf.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "conv/core/text.h"
#include "compose.h"
#include "fonts.h"
#include "haru_fix.h"
#include "subset.h"
#include "version.h"

/* Bytes copied from libharu's memory stream to the sink at a time. */
#define SAVE_CHUNK (64 * 1024)
/* Authors named in the document information, at most. */
#define PDF_MAX_INFO_AUTHORS 16

typedef struct pdf_ctx {
	pdf_fontset *fonts;
} pdf_ctx;

typedef struct haru_state {
	HPDF_STATUS error, detail;
} haru_state;

/* A face as used by one book: its libharu font and the characters drawn
 * with it, sorted; character i is shown with code FIRST_CODE + i. */
typedef struct font_use {
	HPDF_Font font;
	uint32_t *chars;     /* as in the display list, placeholder bit kept */
	size_t n, cap;
} font_use;

typedef struct writer {
	HPDF_Doc pdf;
	haru_state haru;
	pdf_fontset *fonts;
	pdf_display dl;
	font_use *uses;
	size_t n_uses;
	HPDF_Page *pages;
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
	*ctx = c;
	return DOCCONV_OK;
}

void docconv_pdf_destroy(void *ctx)
{
	pdf_ctx *c = ctx;
	if (!c)
		return;
	pdf_fontset_free(c->fonts);
	free(c);
}

void docconv_pdf_library_versions(FILE *f)
{
	fprintf(f, "libharu %s\n", HPDF_GetVersion());
	fprintf(f, "harfbuzz %s\n", hb_version_string());
}

/* --- fonts ----------------------------------------------------------- */

static int compare_chars(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* Gathers, per face, the distinct characters the display list draws. */
static docconv_status collect_chars(writer *w)
{
	w->n_uses = pdf_fontset_count(w->fonts);
	if (!(w->uses = calloc(w->n_uses, sizeof *w->uses)))
		return DOCCONV_ERR_NOMEM;
	for (size_t i = 0; i < w->dl.n_ops; i++) {
		const pdf_op *op = &w->dl.ops[i];
		if (op->kind != PDF_OP_TEXT || op->count == 0)
			continue;
		font_use *u = &w->uses[op->font];
		if (u->n + op->count > u->cap) {
			size_t nc = u->cap ? u->cap : 256;
			while (nc < u->n + op->count)
				nc *= 2;
			uint32_t *p = realloc(u->chars, nc * sizeof *p);
			if (!p)
				return DOCCONV_ERR_NOMEM;
			u->chars = p;
			u->cap = nc;
		}
		memcpy(u->chars + u->n, w->dl.chars + op->first,
		       op->count * sizeof *u->chars);
		u->n += op->count;
	}
	for (size_t f = 0; f < w->n_uses; f++) {
		font_use *u = &w->uses[f];
		if (u->n == 0)
			continue;
		qsort(u->chars, u->n, sizeof *u->chars, compare_chars);
		size_t k = 0;
		for (size_t i = 0; i < u->n; i++)
			if (k == 0 || u->chars[i] != u->chars[k - 1])
				u->chars[k++] = u->chars[i];
		u->n = k;
	}
	return DOCCONV_OK;
}

/* The subset tag: six capitals from a hash of the face and its characters,
 * so the same book gives the same name. */
static void subset_tag(const pdf_face *face, const font_use *u,
                       char tag[PDF_SUBSET_TAG_LEN + 1])
{
	uint64_t h = 1469598103934665603u;   /* FNV-1a */
	for (const char *p = face->path; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211u;
	h = (h ^ face->index) * 1099511628211u;
	for (size_t i = 0; i < u->n; i++)
		h = (h ^ u->chars[i]) * 1099511628211u;
	for (int i = 0; i < PDF_SUBSET_TAG_LEN; i++) {
		tag[i] = (char)('A' + h % 26);
		h /= 26;
	}
	tag[PDF_SUBSET_TAG_LEN] = '\0';
}

static docconv_status embed_font(writer *w, uint16_t slot)
{
	docconv_status st = DOCCONV_OK;
	font_use *u = &w->uses[slot];
	const pdf_face *face = pdf_fontset_face(w->fonts, slot);
	pdf_subset_char *sc = malloc(u->n * sizeof *sc);
	uint16_t *codes = malloc(u->n * sizeof *codes);
	uint32_t *unicodes = malloc(u->n * sizeof *unicodes);
	unsigned char *ttf = NULL;
	size_t len = 0;
	uint16_t box_slot;
	uint32_t box;
	char tag[PDF_SUBSET_TAG_LEN + 1];

	if (!sc || !codes || !unicodes) {
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	pdf_fontset_placeholder(w->fonts, &box_slot, &box);
	for (size_t i = 0; i < u->n; i++) {
		unicodes[i] = PDF_CHAR_CP(u->chars[i]);
		sc[i].unicode = unicodes[i];
		sc[i].glyph_cp = u->chars[i] & PDF_CHAR_PLACEHOLDER ? box
		                                                    : unicodes[i];
		codes[i] = (uint16_t)(PDF_SUBSET_FIRST_CODE + i);
	}
	if ((st = pdf_subset_build(face->face, face->font, sc, u->n, &ttf, &len,
	                           w->d)) != DOCCONV_OK)
		goto out;
	subset_tag(face, u, tag);
	if ((st = pdf_haru_load_font(w->pdf, ttf, len, tag, &u->font, w->d)) !=
	    DOCCONV_OK)
		goto out;
	st = pdf_haru_fix_maps(u->font, codes, unicodes, u->n, w->d);
out:
	if (st != DOCCONV_OK && w->d->n_errors)
		docconv_diag_add(w->d, DOCCONV_SEV_NOTE, 0, -1,
		                 "while embedding the font %s (%s)", face->name,
		                 face->path);
	free(ttf);
	free(unicodes);
	free(codes);
	free(sc);
	return st;
}

static docconv_status embed_fonts(writer *w)
{
	docconv_status st = collect_chars(w);
	size_t most = 0;
	for (size_t f = 0; f < w->n_uses; f++)
		if (w->uses[f].n > most)
			most = w->uses[f].n;
	if (st == DOCCONV_OK && most)
		st = pdf_haru_codes_encoder(w->pdf, PDF_SUBSET_FIRST_CODE, most,
		                            w->d);
	for (size_t f = 0; f < w->n_uses && st == DOCCONV_OK; f++)
		if (w->uses[f].n)
			st = embed_font(w, (uint16_t)f);
	return st;
}

/* --- pages ----------------------------------------------------------- */

/* The codes that show op's characters in its subset font. */
static int encode_text(const writer *w, const pdf_op *op, uint16_t *codes)
{
	const font_use *u = &w->uses[op->font];
	for (size_t i = 0; i < op->count; i++) {
		uint32_t ch = w->dl.chars[op->first + i];
		const uint32_t *at = bsearch(&ch, u->chars, u->n, sizeof *u->chars,
		                             compare_chars);
		if (!at)
			return -1;
		codes[i] = (uint16_t)(PDF_SUBSET_FIRST_CODE + (size_t)(at - u->chars));
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
	float size, char_space, gray;
} text_state;

static docconv_status draw_text(writer *w, HPDF_Page page, const pdf_op *op,
                                text_state *ts, uint16_t *codes)
{
	docconv_status st;
	HPDF_STATUS r = HPDF_OK;
	if (ts->font != op->font || ts->size != op->size) {
		r |= HPDF_Page_SetFontAndSize(page, w->uses[op->font].font, op->size);
		ts->font = op->font;
		ts->size = op->size;
	}
	if (ts->char_space != op->char_space) {
		r |= HPDF_Page_SetCharSpace(page, op->char_space);
		ts->char_space = op->char_space;
	}
	if (ts->gray != op->gray) {
		r |= HPDF_Page_SetGrayFill(page, op->gray);
		ts->gray = op->gray;
	}
	r |= HPDF_Page_SetTextMatrix(page, 1, 0, 0, 1, op->x, op->y);
	if ((st = haru_check(w, r, "set the text state")) != DOCCONV_OK)
		return st;
	if (encode_text(w, op, codes) != 0)
		return docconv_fail(w->d, DOCCONV_ERR_INTERNAL,
		                    "a character drawn is missing from its font");
	if ((st = pdf_haru_show_codes(page, codes, op->count, w->d)) !=
	    DOCCONV_OK)
		return st;
	return haru_check(w, HPDF_OK, "show text");
}

static docconv_status draw_page(writer *w, size_t p, size_t *next_op,
                                uint16_t *codes)
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
		else if (op->kind == PDF_OP_RULE)
			st = haru_check(w, draw_rule(page, op), "draw a rule");
	}
	if (st != DOCCONV_OK)
		return st;
	text_state ts = { -1, -1, -1, -1 };   /* nothing known: set all */
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
	uint16_t *codes = malloc(longest * sizeof *codes);
	if (!codes || !(w->pages = calloc(w->dl.n_pages, sizeof *w->pages))) {
		free(codes);
		return DOCCONV_ERR_NOMEM;
	}
	for (size_t p = 0; p < w->dl.n_pages && st == DOCCONV_OK; p++)
		st = draw_page(w, p, &next_op, codes);
	free(codes);
	return st;
}

/* --- outline and information ----------------------------------------- */

static docconv_status add_outline(writer *w)
{
	HPDF_Encoder utf8 = HPDF_GetEncoder(w->pdf, "UTF-8");
	HPDF_Outline article = NULL;
	docconv_status st = DOCCONV_OK;
	for (size_t i = 0; i < w->dl.n_marks && st == DOCCONV_OK; i++) {
		const pdf_mark *m = &w->dl.marks[i];
		HPDF_Outline parent = m->level > 0 ? article : NULL;
		HPDF_Outline o = HPDF_CreateOutline(w->pdf, parent, m->title, utf8);
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
		st = haru_check(w, r, "add a bookmark");
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
	HPDF_STATUS r = HPDF_SetInfoAttr(w->pdf, HPDF_INFO_TITLE,
	                                 docconv_book_title(book));
	docconv_buf authors;
	docconv_buf_init(&authors);
	if (join_authors(book, &authors) != 0) {
		docconv_buf_free(&authors);
		return DOCCONV_ERR_NOMEM;
	}
	if (authors.data[0])
		r |= HPDF_SetInfoAttr(w->pdf, HPDF_INFO_AUTHOR, authors.data);
	docconv_buf_free(&authors);
	r |= HPDF_SetInfoAttr(w->pdf, HPDF_INFO_CREATOR,
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
	return haru_check(w, r, "set the document information");
}

/* --- the writer ------------------------------------------------------ */

static docconv_status save(writer *w, docconv_sink *sink)
{
	docconv_status st = haru_check(w, HPDF_SaveToStream(w->pdf), "save");
	unsigned char *buf = NULL;
	if (st == DOCCONV_OK &&
	    (st = haru_check(w, HPDF_ResetStream(w->pdf), "rewind")) == DOCCONV_OK &&
	    !(buf = malloc(SAVE_CHUNK)))
		st = DOCCONV_ERR_NOMEM;
	while (st == DOCCONV_OK) {
		HPDF_UINT32 n = SAVE_CHUNK;
		HPDF_STATUS r = HPDF_ReadFromStream(w->pdf, buf, &n);
		if (r != HPDF_OK && r != HPDF_STREAM_EOF) {
			st = haru_check(w, r, "read the saved document");
			break;
		}
		if (n && (st = docconv_sink_write(sink, buf, n)) != DOCCONV_OK)
			break;
		if (r == HPDF_STREAM_EOF)
			break;
	}
	free(buf);
	return st;
}

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
	if ((st = pdf_compose(book, c->fonts, opts->paper, &w.dl, d)) !=
	    DOCCONV_OK)
		goto out;
	if (!(w.pdf = HPDF_New(on_haru_error, &w.haru))) {
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	HPDF_STATUS r = HPDF_SetCompressionMode(w.pdf, HPDF_COMP_ALL);
	r |= HPDF_UseUTFEncodings(w.pdf);
	r |= HPDF_SetCurrentEncoder(w.pdf, "UTF-8");
	if ((st = haru_check(&w, r, "set up the UTF-8 encoder")) != DOCCONV_OK ||
	    (st = embed_fonts(&w)) != DOCCONV_OK ||
	    (st = draw_pages(&w)) != DOCCONV_OK ||
	    (st = add_outline(&w)) != DOCCONV_OK ||
	    (st = set_info(&w, book)) != DOCCONV_OK)
		goto out;
	st = save(&w, sink);
out:
	if (w.pdf)
		HPDF_Free(w.pdf);
	for (size_t i = 0; i < w.n_uses; i++)
		free(w.uses[i].chars);
	free(w.uses);
	free(w.pages);
	pdf_display_free(&w.dl);
	return st;
}
