/* compose.c — the model of each article to styled, broken, paginated
 * lines, and those to a display list.
 *
 * One document at a time: its blocks become "pieces" (a run of text in one
 * style, or a photo frame, or a rule), each piece becomes rows (its lines),
 * and rows are grouped into flow blocks for the paginator (a figure's
 * frame, caption and credit are one block that never splits). Positions
 * come back per row and are turned into drawing operations.
 */
#include "compose.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conv/core/mem.h"
#include "glyphs.h"
#include "layout.h"
#include "shape.h"

typedef struct paper_geometry {
	double width, height;
	double scale;         /* type sizes relative to A4 */
} paper_geometry;

static const paper_geometry papers[] = {
	[DOCCONV_PAPER_A4] = { 595.28, 841.89, 1.0 },
	[DOCCONV_PAPER_A5] = { 419.53, 595.28, 0.86 },
	[DOCCONV_PAPER_B5] = { 498.90, 708.66, 0.93 },
	[DOCCONV_PAPER_LETTER] = { 612.0, 792.0, 1.0 },
};

enum {
	ST_KICKER, ST_TITLE, ST_SUBTITLE, ST_BYLINE, ST_DATELINE, ST_HEADING,
	ST_PARAGRAPH, ST_CAPTION, ST_CREDIT, ST_LATE_BYLINE, ST_RUNNING_HEAD,
	ST_FOLIO, N_STYLES
};

typedef struct style {
	double size;          /* points on A4 */
	double leading;       /* line height over size */
	pdf_face_style face;  /* body (Song), heading (Hei), caption (Kai) */
	pdf_align align;
	double indent;        /* first line, in em */
	double before, after; /* points on A4 */
	float gray;
	int keep_with_next;
} style;

/* Chinese: centred title block, 2-em indents, no space between
 * paragraphs, generous leading for ideographs. */
#define BODY PDF_STYLE_BODY
#define HEAD PDF_STYLE_HEADING
#define CAPTION PDF_STYLE_CAPTION

static const style styles_cjk[N_STYLES] = {
	[ST_KICKER] = { 10.5, 1.5, HEAD, PDF_ALIGN_CENTER, 0, 0, 2, 0.35f, 1 },
	[ST_TITLE] = { 22, 1.35, HEAD, PDF_ALIGN_CENTER, 0, 2, 4, 0, 1 },
	[ST_SUBTITLE] = { 14, 1.45, HEAD, PDF_ALIGN_CENTER, 0, 0, 4, 0.25f, 1 },
	[ST_BYLINE] = { 10.5, 1.6, BODY, PDF_ALIGN_CENTER, 0, 2, 2, 0.3f, 1 },
	[ST_DATELINE] = { 10.5, 1.75, HEAD, PDF_ALIGN_LEFT, 0, 2, 0, 0.2f, 1 },
	[ST_HEADING] = { 13.5, 1.5, HEAD, PDF_ALIGN_LEFT, 0, 14, 4, 0, 1 },
	[ST_PARAGRAPH] = { 11, 1.75, BODY, PDF_ALIGN_JUSTIFY, 2, 0, 0, 0, 0 },
	[ST_CAPTION] = { 9.5, 1.55, CAPTION, PDF_ALIGN_JUSTIFY, 0, 0, 0, 0.2f, 0 },
	[ST_CREDIT] = { 8, 1.5, CAPTION, PDF_ALIGN_RIGHT, 0, 0, 0, 0.45f, 0 },
	[ST_LATE_BYLINE] = { 10.5, 1.75, BODY, PDF_ALIGN_RIGHT, 0, 4, 0, 0.3f, 0 },
	[ST_RUNNING_HEAD] = { 8.5, 1.2, BODY, PDF_ALIGN_CENTER, 0, 0, 0, 0.45f, 0 },
	[ST_FOLIO] = { 9, 1.2, BODY, PDF_ALIGN_CENTER, 0, 0, 0, 0.35f, 0 },
};

/* Latin: flush-left title block, 1.2-em indents except after a break in
 * the text, tighter leading. */
static const style styles_latin[N_STYLES] = {
	[ST_KICKER] = { 10, 1.4, HEAD, PDF_ALIGN_LEFT, 0, 0, 2, 0.35f, 1 },
	[ST_TITLE] = { 22, 1.2, HEAD, PDF_ALIGN_LEFT, 0, 2, 4, 0, 1 },
	[ST_SUBTITLE] = { 14, 1.3, BODY, PDF_ALIGN_LEFT, 0, 0, 4, 0.25f, 1 },
	[ST_BYLINE] = { 10, 1.5, HEAD, PDF_ALIGN_LEFT, 0, 2, 2, 0.3f, 1 },
	[ST_DATELINE] = { 10, 1.5, HEAD, PDF_ALIGN_LEFT, 0, 2, 0, 0.2f, 1 },
	[ST_HEADING] = { 13, 1.35, HEAD, PDF_ALIGN_LEFT, 0, 12, 3, 0, 1 },
	[ST_PARAGRAPH] = { 11.5, 1.42, BODY, PDF_ALIGN_JUSTIFY, 1.2, 0, 0, 0, 0 },
	[ST_CAPTION] = { 9.5, 1.35, CAPTION, PDF_ALIGN_JUSTIFY, 0, 0, 0, 0.2f, 0 },
	[ST_CREDIT] = { 8, 1.4, CAPTION, PDF_ALIGN_RIGHT, 0, 0, 0, 0.45f, 0 },
	[ST_LATE_BYLINE] = { 10, 1.5, BODY, PDF_ALIGN_RIGHT, 0, 4, 0, 0.3f, 0 },
	[ST_RUNNING_HEAD] = { 8.5, 1.2, BODY, PDF_ALIGN_CENTER, 0, 0, 0, 0.45f, 0 },
	[ST_FOLIO] = { 9, 1.2, BODY, PDF_ALIGN_CENTER, 0, 0, 0, 0.35f, 0 },
};

/* Figures and the title block, in points on A4. */
#define FIGURE_SPACE 10.0      /* above and below a figure */
#define FIGURE_GAP 6.0         /* between the photo or frame and its caption */
#define FRAME_RATIO 0.22       /* the frame's height over its width: a band
                                  that marks the photo without a page of grey */
/* A photo's height at most, over the text's: a tall picture is narrowed
 * (aspect kept) so that it and a few lines of caption share a page. */
#define PHOTO_MAX_HEIGHT 0.62
/* A caption without its photo: set off by a bar at its left, as the
 * EPUB's border sets it off, the text this far in. */
#define CAPTION_BAR_WIDTH 1.2
#define CAPTION_BAR_GRAY 0.72f
#define CAPTION_INDENT 9.0
#define TITLE_RULE_HEIGHT 16.0 /* the rule under the title block */
/* Between two articles of a page run on one after the other: space, then
 * a rule across the measure (dropped where the article starts a page). */
#define ARTICLE_SPACE 18.0
#define ARTICLE_RULE_HEIGHT 14.0

typedef enum piece_kind {
	PIECE_TEXT, PIECE_FRAME, PIECE_RULE, PIECE_PHOTO, PIECE_BAR
} piece_kind;

/* A run of text in one style, a photo, a frame standing for one, the bar
 * beside a caption, or a rule. */
typedef struct piece {
	piece_kind kind;
	const style *st;
	double size, line_height;
	pdf_glyph *glyphs;
	size_t n_glyphs;
	pdf_shaping shaping;      /* what draws the glyphs */
	pdf_line *lines;
	size_t n_lines;
	double frame_height;      /* a photo, a frame, a bar */
	const docconv_photo *photo;
	const docconv_node *mark; /* a subhead: its outline entry */
	int between_articles;     /* a rule: the one before an article */
} piece;

typedef struct row {
	size_t piece;
	size_t line;              /* text rows */
	double advance;           /* to the next row's top */
	double x, width;          /* the column, from the measure's left */
} row;

typedef struct composer {
	pdf_fontset *fs;
	pdf_display *dl;
	docconv_diag *d;
	paper_geometry paper;
	double margin_left, margin_top, measure, text_height;
	const style *styles;
	pdf_glyph_picker pick;    /* knows the document's language */
	const char *lang;         /* the document's, for shaping and breaking */
	int photo_frames;         /* --photo-frames */
	hb_buffer_t *buf;         /* reused by every run shaped */
	/* one document's pieces, rows and flow blocks */
	piece *pieces;
	size_t n_pieces, cap_pieces;
	row *rows;
	size_t n_rows, cap_rows;
	pdf_flow_block *blocks;
	size_t n_blocks, cap_blocks;
	/* the page's articles: the first row of each, and its title */
	size_t *article_row;
	const char **article_title;
	size_t n_articles;
} composer;

/* A new zeroed element at the end of an array (grown by doubling); NULL
 * when out of memory. */
static void *append(void **p, size_t *n, size_t *cap, size_t size)
{
	if (docconv_array_reserve(p, cap, *n + 1, size) != 0)
		return NULL;
	void *e = (char *)*p + (*n)++ * size;
	return memset(e, 0, size);
}

/* --- pieces, rows and blocks ----------------------------------------- */

static int32_t hyphen_width(void *user, uint16_t font)
{
	int32_t w = 0;
	return pdf_fontset_glyph((pdf_fontset *)user, font, '-', &w) ? w : 0;
}

static piece *new_piece(composer *c, piece_kind kind, const style *st)
{
	piece *p = append((void **)&c->pieces, &c->n_pieces, &c->cap_pieces,
	                  sizeof *c->pieces);
	if (!p)
		return NULL;
	p->kind = kind;
	p->st = st;
	if (st) {
		p->size = st->size * c->paper.scale;
		p->line_height = p->size * st->leading;
	}
	return p;
}

/* A row of `piece` (its line `line`) in the column [x, x + width) of the
 * measure. `advance` is how far the next row starts below: 0 puts the next
 * row beside this one (the two columns of a figure pair). */
static docconv_status add_row(composer *c, size_t piece, size_t line,
                              double advance, double x, double width)
{
	row *r = append((void **)&c->rows, &c->n_rows, &c->cap_rows,
	                sizeof *c->rows);
	if (!r)
		return DOCCONV_ERR_NOMEM;
	*r = (row){ piece, line, advance, x, width };
	return DOCCONV_OK;
}

/* Opens a flow block starting at the next row. */
static pdf_flow_block *open_block(composer *c, double before)
{
	pdf_flow_block *b = append((void **)&c->blocks, &c->n_blocks,
	                           &c->cap_blocks, sizeof *c->blocks);
	if (!b)
		return NULL;
	b->first_row = c->n_rows;
	b->space_before = before * c->paper.scale;
	return b;
}

static pdf_flow_block *close_block(composer *c)
{
	pdf_flow_block *b = &c->blocks[c->n_blocks - 1];
	b->n_rows = c->n_rows - b->first_row;
	return b;
}

/* Sets text in a style, broken for `width`, as a new piece (no rows yet);
 * its index goes to *pi. */
static docconv_status set_text(composer *c, const style *sty, const char *s,
                               size_t len, int indent, double width,
                               size_t *pi)
{
	docconv_status st;
	piece *p = new_piece(c, PIECE_TEXT, sty);
	if (!p)
		return DOCCONV_ERR_NOMEM;
	*pi = c->n_pieces - 1;
	st = pdf_text_glyphs(&c->pick, sty->face, s, len, &p->glyphs,
	                     &p->n_glyphs);
	if (st == DOCCONV_OK)
		st = pdf_shape_text(c->fs, c->buf, c->lang, p->glyphs, p->n_glyphs,
		                    &p->shaping);
	if (st != DOCCONV_OK)
		return st;
	pdf_break_opts o = { p->size, width, indent ? sty->indent * p->size : 0,
	                     hyphen_width, c->fs, c->lang };
	return pdf_break_lines(p->glyphs, p->n_glyphs, &o, &p->lines,
	                       &p->n_lines);
}

static docconv_status set_node_text(composer *c, const style *st,
                                    const docconv_node *n, int indent,
                                    double width, size_t *pi)
{
	size_t len = 0;
	char *t = docconv_node_text(n, &len);
	if (!t)
		return DOCCONV_ERR_NOMEM;
	docconv_status s = set_text(c, st, t, len, indent, width, pi);
	free(t);
	return s;
}

/* A block's text across the measure, one row per line. */
static docconv_status add_node_text(composer *c, const style *st,
                                    const docconv_node *n, int indent)
{
	size_t pi = 0;
	docconv_status s = set_node_text(c, st, n, indent, c->measure, &pi);
	for (size_t i = 0; s == DOCCONV_OK && i < c->pieces[pi].n_lines; i++)
		s = add_row(c, pi, i, c->pieces[pi].line_height, 0, c->measure);
	return s;
}

/* A figure's caption and credit pieces, set for a column. */
typedef struct figure_parts {
	const docconv_node *node;
	size_t caption, credit;   /* pieces; SIZE_MAX when absent */
	double x, width;          /* the column, from the measure's left */
} figure_parts;

static docconv_status set_figure_parts(composer *c, figure_parts *f)
{
	docconv_status st = DOCCONV_OK;
	f->caption = f->credit = SIZE_MAX;
	const docconv_node *cap = docconv_figure_part(f->node,
	                                              DOCCONV_NODE_CAPTION);
	const docconv_node *cred = docconv_figure_part(f->node,
	                                               DOCCONV_NODE_CREDIT);
	if (cap)
		st = set_node_text(c, &c->styles[ST_CAPTION], cap, 0, f->width,
		                   &f->caption);
	if (st == DOCCONV_OK && cred)
		st = set_node_text(c, &c->styles[ST_CREDIT], cred, 0, f->width,
		                   &f->credit);
	return st;
}

static size_t lines_of(const composer *c, size_t pi)
{
	return pi == SIZE_MAX ? 0 : c->pieces[pi].n_lines;
}

/* The height of a figure's caption and credit lines. */
static double caption_height(const composer *c, const figure_parts *f)
{
	double h = 0;
	for (int part = 0; part < 2; part++) {
		size_t pi = part ? f->credit : f->caption;
		h += (double)lines_of(c, pi) * (pi == SIZE_MAX ? 0
		                                : c->pieces[pi].line_height);
	}
	return h;
}

/* A piece drawn in a box (a photo, a frame, a bar) `height` tall. */
static size_t box_piece(composer *c, piece_kind kind, double height,
                        const docconv_photo *photo)
{
	piece *p = new_piece(c, kind, NULL);
	if (!p)
		return SIZE_MAX;
	p->frame_height = height;
	p->photo = photo;
	return c->n_pieces - 1;
}

/* A figure: its photo across the measure (narrower when tall, centred;
 * aspect kept), the caption under it and the credit set apart, kept
 * together on one page. With no photo, the caption alone, set off by a
 * bar at its left, or under a frame standing for the photo with
 * --photo-frames. Figures are never set side by side: text extractors
 * (and screen readers) would interleave the two captions line by line. */
static docconv_status add_figure(composer *c, const docconv_node *node)
{
	docconv_status st;
	const docconv_photo *photo = docconv_figure_photo(node);
	int has_photo = photo && photo->data && photo->width && photo->height;
	int compact = !has_photo && !c->photo_frames;
	double indent = compact ? CAPTION_INDENT * c->paper.scale : 0;
	figure_parts f = { node, 0, 0, indent, c->measure - indent };
	double box_w = c->measure, box_h = 0, gap = FIGURE_GAP * c->paper.scale;
	size_t box = SIZE_MAX;
	if ((st = set_figure_parts(c, &f)) != DOCCONV_OK)
		return st;
	double text_h = caption_height(c, &f);
	if (has_photo) {
		box_h = box_w * photo->height / photo->width;
		if (box_h > c->text_height * PHOTO_MAX_HEIGHT) {
			box_h = c->text_height * PHOTO_MAX_HEIGHT;
			box_w = box_h * photo->width / photo->height;
		}
		box = box_piece(c, PIECE_PHOTO, box_h, photo);
	} else if (c->photo_frames) {
		box_h = c->measure * FRAME_RATIO;
		if (box_h > c->text_height * 0.4)
			box_h = c->text_height * 0.4;
		box = box_piece(c, PIECE_FRAME, box_h, NULL);
	} else if (text_h > 0) {
		/* The bar beside the lines: a row that takes no height. */
		box_w = CAPTION_BAR_WIDTH * c->paper.scale;
		box = box_piece(c, PIECE_BAR, text_h, NULL);
		gap = box_h = 0;
	} else {
		return DOCCONV_OK;   /* nothing to show */
	}
	if (box == SIZE_MAX || !open_block(c, FIGURE_SPACE))
		return DOCCONV_ERR_NOMEM;
	st = add_row(c, box, 0, box_h + gap,
	             compact ? 0 : (c->measure - box_w) / 2, box_w);
	for (int part = 0; part < 2 && st == DOCCONV_OK; part++) {
		size_t pi = part ? f.credit : f.caption;
		for (size_t line = 0; line < lines_of(c, pi) && st == DOCCONV_OK; line++)
			st = add_row(c, pi, line, c->pieces[pi].line_height, f.x, f.width);
	}
	close_block(c)->keep_together = 1;
	return st;
}

static docconv_status add_rule(composer *c, double before, double height,
                               int between_articles)
{
	pdf_flow_block *b = open_block(c, before);
	piece *p = b ? new_piece(c, PIECE_RULE, NULL) : NULL;
	if (!p)
		return DOCCONV_ERR_NOMEM;
	p->between_articles = between_articles;
	docconv_status st = add_row(c, c->n_pieces - 1, 0,
	                            height * c->paper.scale, 0, c->measure);
	close_block(c)->keep_with_next = 1;
	return st;
}

static int style_of(docconv_node_type t, int title_group)
{
	switch (t) {
	case DOCCONV_NODE_KICKER: return ST_KICKER;
	case DOCCONV_NODE_TITLE: return ST_TITLE;
	case DOCCONV_NODE_SUBTITLE: return ST_SUBTITLE;
	case DOCCONV_NODE_BYLINE: return title_group ? ST_BYLINE : ST_LATE_BYLINE;
	case DOCCONV_NODE_DATELINE: return ST_DATELINE;
	case DOCCONV_NODE_HEADING: return ST_HEADING;
	default: return ST_PARAGRAPH;
	}
}

/* Every block of a document as pieces, rows and flow blocks. */
static docconv_status build_document(composer *c, const docconv_doc *doc)
{
	docconv_status st = DOCCONV_OK;
	/* Chinese indents every paragraph; Latin only one that follows
	 * another paragraph. */
	int indent_next = c->pick.cjk;
	size_t title_block = docconv_doc_title_block(doc), index = 0;
	double pending_space = 0;
	for (docconv_node *n = docconv_node_first_child(docconv_doc_root(doc));
	     n && st == DOCCONV_OK; n = docconv_node_next(n), index++) {
		docconv_node_type t = docconv_node_get_type(n);
		int title_group = index < title_block;
		if (index == title_block && index > 0) {
			if (c->n_blocks)
				st = add_rule(c, 0, TITLE_RULE_HEIGHT, 0);
			if (st != DOCCONV_OK)
				break;
		}
		if (t == DOCCONV_NODE_FIGURE) {
			st = add_figure(c, n);
			pending_space = FIGURE_SPACE;
			indent_next = c->pick.cjk;
			continue;
		}
		const style *sty = &c->styles[style_of(t, title_group)];
		double before = sty->before > pending_space ? sty->before
		                                            : pending_space;
		if (!open_block(c, before))
			return DOCCONV_ERR_NOMEM;
		st = add_node_text(c, sty, n,
		                   t == DOCCONV_NODE_PARAGRAPH && indent_next);
		close_block(c)->keep_with_next = (unsigned)sty->keep_with_next;
		if (st == DOCCONV_OK && t == DOCCONV_NODE_HEADING)
			c->pieces[c->n_pieces - 1].mark = n;
		pending_space = sty->after;
		indent_next = t == DOCCONV_NODE_PARAGRAPH || c->pick.cjk;
	}
	if (st == DOCCONV_OK && c->n_blocks)
		c->blocks[0].new_page = 1;
	return st;
}

/* --- drawing operations ---------------------------------------------- */

static pdf_op *new_op(composer *c, pdf_op_kind kind, size_t page)
{
	pdf_display *dl = c->dl;
	pdf_op *op = append((void **)&dl->ops, &dl->n_ops, &dl->cap_ops,
	                    sizeof *dl->ops);
	if (!op)
		return NULL;
	op->kind = kind;
	op->page = page;
	op->phase = 1;
	return op;
}

static docconv_status rule_op(composer *c, size_t page, double x, double y,
                              double width, float line_width, float gray)
{
	pdf_op *op = new_op(c, PDF_OP_RULE, page);
	if (!op)
		return DOCCONV_ERR_NOMEM;
	op->x = (float)x;
	op->y = (float)y;
	op->w = (float)width;
	op->h = line_width;
	op->gray = gray;
	return DOCCONV_OK;
}

/* The characters of one text operation at most: its glyphs and their
 * adjustments go into one TJ array, and PDF readers may hold arrays to
 * 8,191 elements (PDF 32000, annex C); a line of zero-width marks could
 * otherwise exceed that. */
#define PDF_MAX_OP_CHARS 2048

/* The characters chars[0..n) into the display list; their index in
 * *at. */
static int push_text(composer *c, const pdf_glyph *chars, size_t n,
                     uint32_t *at)
{
	pdf_display *dl = c->dl;
	*at = (uint32_t)dl->n_chars;
	for (size_t i = 0; i < n; i++) {
		uint32_t *e = append((void **)&dl->chars, &dl->n_chars,
		                     &dl->cap_chars, sizeof *dl->chars);
		if (!e)
			return -1;
		*e = chars[i].cp;
	}
	return 0;
}

/* A drawn glyph standing for the characters chars[0..n), and for a span
 * of glyphs from it standing for span[0..span_n) together. */
static int push_glyph(composer *c, uint32_t gid, const pdf_glyph *chars,
                      size_t n, uint32_t span_glyphs, const pdf_glyph *span,
                      size_t span_n, double x, double y)
{
	pdf_display *dl = c->dl;
	pdf_drawn *d = append((void **)&dl->glyphs, &dl->n_glyphs,
	                      &dl->cap_glyphs, sizeof *dl->glyphs);
	if (!d || push_text(c, chars, n, &d->text) != 0 ||
	    push_text(c, span, span_n, &d->span_text) != 0)
		return -1;
	d->gid = gid;
	d->n_text = (uint32_t)n;
	d->span_glyphs = span_glyphs;
	d->span_n = (uint32_t)span_n;
	d->x = (float)x;
	d->y = (float)y;
	return 0;
}

/* Characters [first, first + count) of a run as one text operation at x;
 * *end gets the pen position after them. */
static docconv_status text_op(composer *c, const piece *p,
                              const pdf_piece *run, size_t first,
                              size_t count, double x, double baseline,
                              size_t page, int phase, int hyphen, double *end)
{
	pdf_op *op = new_op(c, PDF_OP_TEXT, page);
	if (!op)
		return DOCCONV_ERR_NOMEM;
	op->phase = (uint8_t)phase;
	op->font = run->font;
	op->size = (float)p->size;
	op->x = (float)x;
	op->y = (float)baseline;
	op->gray = p->st->gray;
	op->first = c->dl->n_glyphs;
	double em = p->size / 1000.0, pen = 0;
	for (size_t k = first; k < first + count; k++) {
		for (size_t i = p->shaping.start[k]; i < p->shaping.start[k + 1];
		     i++) {
			const pdf_shaped *sg = &p->shaping.glyphs[i];
			if (push_glyph(c, sg->gid, &p->glyphs[sg->text], sg->n_text,
			               sg->span_glyphs, &p->glyphs[sg->text],
			               sg->span_text, pen + sg->x * em,
			               sg->y * em) != 0)
				return DOCCONV_ERR_NOMEM;
		}
		pen += p->glyphs[k].width * em;
		if (k + 1 < first + count && pdf_gap_stretches(p->glyphs, k + 1))
			pen += run->char_space;
	}
	hb_codepoint_t gid = 0;
	const pdf_face *f = pdf_fontset_face(c->fs, run->font);
	if (hyphen && hb_font_get_nominal_glyph(f->font, '-', &gid) && gid) {
		const pdf_glyph minus = { '-', run->font, 0, 0 };
		if (push_glyph(c, gid, &minus, 1, 0, NULL, 0, pen, 0) != 0)
			return DOCCONV_ERR_NOMEM;
	}
	op->count = c->dl->n_glyphs - op->first;
	*end = x + pen;
	if (count && first + count < run->first + run->count &&
	    pdf_gap_stretches(p->glyphs, first + count))
		*end += run->char_space;
	return DOCCONV_OK;
}

/* One line of a piece as text operations, its baseline at `baseline`. */
static docconv_status emit_line(composer *c, const piece *p,
                                const pdf_line *line, size_t page,
                                double left, double width, pdf_align align,
                                double baseline, int phase)
{
	size_t cap = line->end - line->start + 1;
	pdf_piece *runs = malloc(cap * sizeof *runs);
	if (!runs)
		return DOCCONV_ERR_NOMEM;
	size_t nr = pdf_place_line(p->glyphs, line, p->size, width, align, runs);
	docconv_status st = DOCCONV_OK;
	for (size_t i = 0; i < nr && st == DOCCONV_OK; i++) {
		const pdf_piece *run = &runs[i];
		double x = left + run->x;
		for (size_t at = 0; at < run->count && st == DOCCONV_OK;
		     at += PDF_MAX_OP_CHARS) {
			size_t n = run->count - at < PDF_MAX_OP_CHARS
			                   ? run->count - at : PDF_MAX_OP_CHARS;
			int last = at + n == run->count;
			st = text_op(c, p, run, run->first + at, n, x, baseline, page,
			             phase, last && run->hyphen, &x);
		}
	}
	free(runs);
	return st;
}

static docconv_status add_mark(composer *c, int level, const char *title,
                               size_t page, double top)
{
	pdf_display *dl = c->dl;
	char *t = docconv_strdup(title);
	pdf_mark *m = t ? append((void **)&dl->marks, &dl->n_marks,
	                         &dl->cap_marks, sizeof *dl->marks) : NULL;
	if (!m) {
		free(t);
		return DOCCONV_ERR_NOMEM;
	}
	*m = (pdf_mark){ level, t, page, (float)top };
	return DOCCONV_OK;
}

/* The baseline of a text row whose top is at `top` (PDF coordinates): the
 * em box centred in the line height, the baseline 0.86 em below its top
 * (ideographs sit on a 0.88/0.12 split, Latin capitals reach 0.7). */
static double baseline_in_row(double top, double row_height, double size)
{
	return top - (row_height - size) / 2 - 0.86 * size;
}

/* The outline entry of each article of the page whose first row is `r`
 * (or, with r = c->n_rows, of those that have none), before its subheads'.
 * The first article's goes to the top of its first page. */
static docconv_status article_marks(composer *c, const pdf_row_pos *pos,
                                    size_t page_base, size_t r, size_t *next)
{
	docconv_status st = DOCCONV_OK;
	double page_top = c->paper.height - c->margin_top;
	for (; *next < c->n_articles && st == DOCCONV_OK &&
	       (c->article_row[*next] <= r || r == c->n_rows);
	     (*next)++) {
		size_t at = r < c->n_rows ? r : c->n_rows - 1;
		int on_row = *next > 0 && c->n_rows > 0;
		st = add_mark(c, 0, c->article_title[*next],
		              page_base + (on_row ? pos[at].page : 0),
		              page_top - (on_row ? pos[at].top : 0));
	}
	return st;
}

/* A photo, a frame or a bar: its operation, in the box x, y, w and the
 * piece's height. */
static docconv_status box_op(composer *c, const piece *p, size_t page,
                             double x, double y, double w)
{
	pdf_display *dl = c->dl;
	pdf_op *op = new_op(c, p->kind == PIECE_PHOTO ? PDF_OP_IMAGE
	                       : p->kind == PIECE_BAR ? PDF_OP_BAR
	                                              : PDF_OP_FRAME, page);
	if (!op)
		return DOCCONV_ERR_NOMEM;
	op->x = (float)x;
	op->y = (float)y;
	op->w = (float)w;
	op->h = (float)p->frame_height;
	op->gray = CAPTION_BAR_GRAY;
	if (p->kind != PIECE_PHOTO)
		return DOCCONV_OK;
	pdf_placed_photo *placed = append((void **)&dl->photos, &dl->n_photos,
	                                  &dl->cap_photos, sizeof *dl->photos);
	if (!placed)
		return DOCCONV_ERR_NOMEM;
	*placed = (pdf_placed_photo){ p->photo, w, p->frame_height };
	op->first = dl->n_photos - 1;
	return DOCCONV_OK;
}

static docconv_status emit_rows(composer *c, const pdf_row_pos *pos,
                                size_t page_base)
{
	docconv_status st = DOCCONV_OK;
	double page_top = c->paper.height - c->margin_top;
	size_t next_article = 0;
	for (size_t r = 0; r < c->n_rows && st == DOCCONV_OK; r++) {
		const row *rw = &c->rows[r];
		const piece *p = &c->pieces[rw->piece];
		size_t page = page_base + pos[r].page;
		double top = page_top - pos[r].top;
		if ((st = article_marks(c, pos, page_base, r, &next_article)) !=
		    DOCCONV_OK)
			break;
		if (p->kind == PIECE_FRAME || p->kind == PIECE_PHOTO ||
		    p->kind == PIECE_BAR) {
			st = box_op(c, p, page, c->margin_left + rw->x,
			            top - p->frame_height, rw->width);
		} else if (p->kind == PIECE_RULE && p->between_articles) {
			/* At the head of a page nothing is above it to rule off. */
			if (pos[r].top > 0)
				st = rule_op(c, page, c->margin_left,
				             top - rw->advance / 2, c->measure, 0.75f,
				             0.45f);
		} else if (p->kind == PIECE_RULE) {
			st = rule_op(c, page, c->margin_left, top - rw->advance / 2,
			             c->measure, 0.5f, 0.6f);
		} else {
			st = emit_line(c, p, &p->lines[rw->line], page,
			               c->margin_left + rw->x, rw->width, p->st->align,
			               baseline_in_row(top, p->line_height, p->size), 1);
		}
		if (st == DOCCONV_OK && p->mark && rw->line == 0) {
			char *t = docconv_node_text(p->mark, NULL);
			if (!t)
				return DOCCONV_ERR_NOMEM;
			st = add_mark(c, 1, t, page, top);
			free(t);
		}
	}
	if (st == DOCCONV_OK)
		st = article_marks(c, pos, page_base, c->n_rows, &next_article);
	return st;
}

/* --- running heads and page numbers ---------------------------------- */

/* One line of text in a style, centred at `baseline`, cut with an
 * ellipsis when wider than the measure. */
static double line_width(const piece *p, size_t n)
{
	double w = 0;
	for (size_t i = 0; i < n; i++)
		w += p->glyphs[i].width * p->size / 1000.0;
	return w;
}

static docconv_status emit_single_line(composer *c, const style *sty,
                                       const char *text, size_t page,
                                       double baseline, int phase)
{
	piece p;
	memset(&p, 0, sizeof p);
	p.st = sty;
	p.size = sty->size * c->paper.scale;
	docconv_status st = pdf_text_glyphs(&c->pick, sty->face, text,
	                                    strlen(text), &p.glyphs, &p.n_glyphs);
	if (st == DOCCONV_OK)
		st = pdf_shape_text(c->fs, c->buf, c->lang, p.glyphs, p.n_glyphs,
		                    &p.shaping);
	pdf_line line = { 0, p.n_glyphs, 0, 0, 0, 1 };
	line.width = line_width(&p, p.n_glyphs);
	if (st == DOCCONV_OK && line.width > c->measure) {
		/* Keep what fits before "…", whole clusters and no space. */
		pdf_glyph dots = pdf_pick_glyph(&c->pick, sty->face, 0x2026, -1);
		double limit = c->measure - dots.width * p.size / 1000.0;
		size_t k = 0;
		double w = 0;
		while (w + p.glyphs[k].width * p.size / 1000.0 <= limit)
			w += p.glyphs[k++].width * p.size / 1000.0;
		while (k > 0 && (p.glyphs[k - 1].cp == ' ' ||
		                 (p.glyphs[k].flags & PDF_GLYPH_CLUSTER)))
			k--;
		p.glyphs[k] = dots;
		line.end = k + 1;
		pdf_shaping_free(&p.shaping);
		st = pdf_shape_text(c->fs, c->buf, c->lang, p.glyphs, line.end,
		                    &p.shaping);
		line.width = line_width(&p, line.end);
	}
	if (st == DOCCONV_OK)
		st = emit_line(c, &p, &line, page, c->margin_left, c->measure,
		               sty->align, baseline, phase);
	pdf_shaping_free(&p.shaping);
	free(p.glyphs);
	return st;
}

/* The running head (from the second page on, the title of the article
 * the page begins in) and the page number; heads[p] is page p's head,
 * NULL for none. */
static docconv_status emit_page_furniture(composer *c, const char **heads,
                                          size_t first_page, size_t n_pages)
{
	docconv_status st = DOCCONV_OK;
	double s = c->paper.scale;
	double head_base = c->paper.height - c->margin_top + 18 * s;
	double folio_base = c->margin_top * 0.55;
	for (size_t p = first_page; p < first_page + n_pages && st == DOCCONV_OK;
	     p++) {
		const char *title = heads[p - first_page];
		if (title && *title) {
			st = emit_single_line(c, &c->styles[ST_RUNNING_HEAD], title, p,
			                      head_base, 0);
			if (st == DOCCONV_OK)
				st = rule_op(c, p, c->margin_left, head_base - 6 * s,
				             c->measure, 0.4f, 0.7f);
		}
		char num[24];
		snprintf(num, sizeof num, "%zu", p + 1);
		if (st == DOCCONV_OK)
			st = emit_single_line(c, &c->styles[ST_FOLIO], num, p,
			                      folio_base, 2);
	}
	return st;
}

/* --- the book -------------------------------------------------------- */

static void reset_document(composer *c)
{
	for (size_t i = 0; i < c->n_pieces; i++) {
		free(c->pieces[i].glyphs);
		pdf_shaping_free(&c->pieces[i].shaping);
		free(c->pieces[i].lines);
	}
	c->n_pieces = c->n_rows = c->n_blocks = 0;
}

/* Ideographic scripts, by the document's language. */
static int is_cjk_document(const docconv_doc *doc)
{
	const char *lang = docconv_doc_lang(doc);
	return strncmp(lang, "zh", 2) == 0 || strncmp(lang, "ja", 2) == 0 ||
	       strncmp(lang, "ko", 2) == 0;
}

/* zh-Hant, zh-TW, zh-HK, zh-MO: set in Taiwan's glyph forms, with
 * punctuation centred in the em. */
static int is_traditional(const docconv_doc *doc)
{
	const char *lang = docconv_doc_meta(doc)->lang;
	return lang && strncmp(lang, "zh-", 3) == 0 &&
	       (strstr(lang, "Hant") || strstr(lang, "TW") || strstr(lang, "HK") ||
	        strstr(lang, "MO"));
}

/* The document's language and script, and the body face they need: an
 * article in a script no installed font has is an error (a page of boxes
 * helps nobody), a stray character of another script is not. */
static docconv_status set_language(composer *c, const docconv_doc *doc)
{
	const char *lang = docconv_doc_meta(doc)->lang;
	c->pick.cjk = is_cjk_document(doc);
	c->pick.script = c->pick.cjk && is_traditional(doc) ? PDF_SCRIPT_HANT
	                                                    : PDF_SCRIPT_HANS;
	c->styles = c->pick.cjk ? styles_cjk : styles_latin;
	c->lang = lang && *lang ? lang : "zh";
	pdf_face_script script = c->pick.cjk ? c->pick.script : PDF_SCRIPT_LATIN;
	if (pdf_fontset_role(c->fs, PDF_ROLE(PDF_STYLE_BODY, script)) ==
	    PDF_NO_FACE)
		return pdf_fontset_missing(script, c->d);
	return DOCCONV_OK;
}

static void set_geometry(composer *c, docconv_paper paper)
{
	c->paper = papers[(size_t)paper < sizeof papers / sizeof *papers
	                  ? paper : DOCCONV_PAPER_A4];
	double w = c->paper.width, h = c->paper.height;
	double body = c->styles[ST_PARAGRAPH].size * c->paper.scale;
	/* Chinese: a whole number of ems, so full lines need no spacing.
	 * Latin: a narrower measure, about 75 characters. */
	double measure = c->pick.cjk ? w * 0.76 : w * 0.70;
	if (c->pick.cjk)
		measure = (double)(long)(measure / body) * body;
	c->measure = measure;
	c->margin_left = (w - measure) / 2;
	c->margin_top = h * 0.095;
	c->text_height = h - c->margin_top - h * 0.095;
}

/* Orders the operations by page, then phase, keeping their order within. */
static docconv_status sort_ops(pdf_display *dl)
{
	size_t keys = dl->n_pages * 3;
	size_t *count = calloc(keys + 1, sizeof *count);
	pdf_op *sorted = malloc((dl->n_ops ? dl->n_ops : 1) * sizeof *sorted);
	if (!count || !sorted) {
		free(count);
		free(sorted);
		return DOCCONV_ERR_NOMEM;
	}
	for (size_t i = 0; i < dl->n_ops; i++)
		count[dl->ops[i].page * 3 + dl->ops[i].phase + 1]++;
	for (size_t k = 1; k <= keys; k++)
		count[k] += count[k - 1];
	for (size_t i = 0; i < dl->n_ops; i++)
		sorted[count[dl->ops[i].page * 3 + dl->ops[i].phase]++] = dl->ops[i];
	free(count);
	free(dl->ops);
	dl->ops = sorted;
	dl->cap_ops = dl->n_ops ? dl->n_ops : 1;
	return DOCCONV_OK;
}

/* Each page's running head: the title of the article its first row is
 * of, unless the article starts there (none on the first page). */
static docconv_status running_heads(const composer *c, const pdf_row_pos *pos,
                                    size_t n_pages, const char ***heads)
{
	size_t k = 0, page = 0;
	if (!(*heads = calloc(n_pages ? n_pages : 1, sizeof **heads)))
		return DOCCONV_ERR_NOMEM;
	for (size_t r = 0; r < c->n_rows; r++) {
		while (k + 1 < c->n_articles && c->article_row[k + 1] <= r)
			k++;
		if (pos[r].page == page)
			continue;
		page = pos[r].page;
		if (page < n_pages && c->article_row[k] != r)
			(*heads)[page] = c->article_title[k];
	}
	return DOCCONV_OK;
}

/* The documents docs[first..end) of a book, the articles of one page: run
 * on one after another from a new page, set apart by space and a rule;
 * an article starts a page only when its title block and first lines do
 * not fit at the foot of the one before. */
static docconv_status compose_page(composer *c, const docconv_book *book,
                                   size_t first, size_t end, docconv_paper paper)
{
	docconv_status st = DOCCONV_OK;
	pdf_row_pos *pos = NULL;
	double *heights = NULL;
	const char **heads = NULL;
	size_t n_pages = 0, first_page = c->dl->n_pages;

	c->n_articles = 0;
	c->article_row = malloc((end - first) * sizeof *c->article_row);
	c->article_title = malloc((end - first) * sizeof *c->article_title);
	if (!c->article_row || !c->article_title) {
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	for (size_t i = first; i < end && st == DOCCONV_OK; i++) {
		const docconv_doc *doc = book->docs[i];
		/* The page's measure is its first article's. */
		if ((st = set_language(c, doc)) != DOCCONV_OK)
			break;
		if (i == first)
			set_geometry(c, paper);
		c->article_row[c->n_articles] = c->n_rows;
		c->article_title[c->n_articles++] = docconv_doc_title(doc);
		if (i > first)
			st = add_rule(c, ARTICLE_SPACE, ARTICLE_RULE_HEIGHT, 1);
		if (st == DOCCONV_OK)
			st = build_document(c, doc);
	}
	if (st != DOCCONV_OK)
		goto out;
	pos = malloc((c->n_rows ? c->n_rows : 1) * sizeof *pos);
	heights = malloc((c->n_rows ? c->n_rows : 1) * sizeof *heights);
	if (!pos || !heights) {
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	for (size_t r = 0; r < c->n_rows; r++)
		heights[r] = c->rows[r].advance;
	if ((st = pdf_paginate(c->blocks, c->n_blocks, heights, c->text_height,
	                       pos, &n_pages)) != DOCCONV_OK)
		goto out;
	for (size_t k = 0; k < c->n_articles; k++)
		c->dl->doc_first_page[first + k] =
		        first_page + (c->article_row[k] < c->n_rows
		                              ? pos[c->article_row[k]].page : 0);
	c->dl->n_pages += n_pages;
	if ((st = emit_rows(c, pos, first_page)) != DOCCONV_OK ||
	    (st = running_heads(c, pos, n_pages, &heads)) != DOCCONV_OK)
		goto out;
	st = emit_page_furniture(c, heads, first_page, n_pages);
out:
	reset_document(c);
	free(c->article_row);
	free(c->article_title);
	c->article_row = NULL;
	c->article_title = NULL;
	c->n_articles = 0;
	free(heads);
	free(heights);
	free(pos);
	return st;
}

docconv_status pdf_compose(const docconv_book *book, pdf_fontset *fs,
                           docconv_paper paper, int photo_frames,
                           pdf_display *dl, docconv_diag *d)
{
	docconv_status st = DOCCONV_OK;
	composer c;
	memset(&c, 0, sizeof c);
	memset(dl, 0, sizeof *dl);
	c.fs = fs;
	c.dl = dl;
	c.d = d;
	c.photo_frames = photo_frames;
	c.pick.fs = fs;
	c.pick.d = d;
	if (!(dl->doc_first_page = calloc(book->n_docs ? book->n_docs : 1,
	                                  sizeof *dl->doc_first_page)) ||
	    !hb_buffer_allocation_successful(c.buf = hb_buffer_create())) {
		hb_buffer_destroy(c.buf);
		free(dl->doc_first_page);
		dl->doc_first_page = NULL;
		return DOCCONV_ERR_NOMEM;
	}
	for (size_t i = 0, end; i < book->n_docs && st == DOCCONV_OK; i = end) {
		for (end = i + 1; end < book->n_docs &&
		                  docconv_book_same_page(book, end);
		     end++)
			;
		st = compose_page(&c, book, i, end, paper);
	}
	dl->page_width = c.paper.width ? c.paper.width : papers[0].width;
	dl->page_height = c.paper.height ? c.paper.height : papers[0].height;
	if (dl->n_pages == 0)
		dl->n_pages = 1;   /* an empty book is one blank page */
	if (st == DOCCONV_OK)
		st = sort_ops(dl);
	if (st == DOCCONV_OK)
		pdf_glyph_picker_report(&c.pick);
	hb_buffer_destroy(c.buf);
	free(c.pieces);
	free(c.rows);
	free(c.blocks);
	if (st != DOCCONV_OK)
		pdf_display_free(dl);
	return st;
}

void pdf_display_free(pdf_display *dl)
{
	for (size_t i = 0; i < dl->n_marks; i++)
		free(dl->marks[i].title);
	free(dl->marks);
	free(dl->photos);
	free(dl->ops);
	free(dl->glyphs);
	free(dl->chars);
	free(dl->doc_first_page);
	memset(dl, 0, sizeof *dl);
}
