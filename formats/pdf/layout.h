/* layout.h — line breaking, justification and pagination for the PDF writer.
 *
 * Pure logic on advance widths: nothing here knows libharu or a font file,
 * so the rules can be tested on crafted strings. A paragraph arrives as an
 * array of glyphs (a character, the font slot that will draw it, its
 * advance in thousandths of an em); the breaker cuts it into lines, the
 * placer turns one line into positioned pieces (runs of one font with one
 * character spacing), and the paginator puts rows of given heights onto
 * pages.
 *
 * Break rules: the break opportunities of Unicode's line breaking
 * algorithm (UAX #14, through libunibreak, tailored by language: in
 * Chinese, curly quotes open and close), and on top of them kinsoku: no
 * line starts with a character of docconv_kinsoku_no_start (。，」…) or a
 * combining mark, none ends with one of docconv_kinsoku_no_end (“（《) or
 * a hyphen, paired marks (——, ……) and shaped clusters (a ligature) stay
 * whole. A word longer than the line is split with a hyphen. Closing
 * punctuation (and a paragraph's last lone ideograph) that overflows by a
 * little is squeezed into the line instead.
 */
#ifndef DOCCONV_PDF_LAYOUT_H
#define DOCCONV_PDF_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include "conv/core/diag.h"

typedef struct pdf_glyph {
	uint32_t cp;       /* the character; ' ' is the only space left */
	uint16_t font;     /* the font slot that draws it */
	uint16_t flags;    /* PDF_GLYPH_* */
	int32_t width;     /* advance in 1/1000 em (a cluster's: see below) */
} pdf_glyph;

/* The font has no glyph for the character: a placeholder box is drawn. */
#define PDF_GLYPH_PLACEHOLDER 1u
/* Drawn by the glyphs of the character before it (a ligature, a letter
 * composed with its mark), whose width is that of the whole cluster: it
 * has none of its own, and no line breaks or stretches before it. */
#define PDF_GLYPH_CLUSTER 2u
/* Set by pdf_mark_breaks: a line may break before this character. */
#define PDF_GLYPH_BREAK 4u

typedef enum pdf_align {
	PDF_ALIGN_JUSTIFY = 0,  /* both edges, last line flush left */
	PDF_ALIGN_LEFT,
	PDF_ALIGN_CENTER,
	PDF_ALIGN_RIGHT
} pdf_align;

typedef struct pdf_line {
	size_t start, end;   /* glyphs [start, end) are drawn */
	double indent;       /* points before the first glyph */
	double width;        /* natural width in points, with the hyphen;
	                        over the measure when punctuation is squeezed */
	int hyphen;          /* a hyphen follows glyph end-1 (a split word) */
	int last;            /* the paragraph's last line: never stretched */
} pdf_line;

/* How much each CJK gap of a line may shrink, in em, to squeeze closing
 * punctuation in rather than push a character to the next line: a tenth
 * is not seen as crowding. */
#define PDF_MAX_SQUEEZE 0.1

/* The most closing punctuation squeezed in at one line's end, as in ……」）;
 * a longer run moves down with the character before it. Also keeps a
 * paragraph of nothing but punctuation from costing a walk over the whole
 * run for every line. */
#define PDF_MAX_SQUEEZED_MARKS 4

/* The most a justified line adds at one space or CJK gap, in em; a line
 * that would need more is set flush left instead. */
#define PDF_MAX_STRETCH 0.5

/* The width of a hyphen in the font of a split word, in 1/1000 em. */
typedef int32_t (*pdf_hyphen_width_fn)(void *user, uint16_t font);

typedef struct pdf_break_opts {
	double size;             /* font size in points */
	double width;            /* the measure in points */
	double first_indent;     /* first line only, in points */
	pdf_hyphen_width_fn hyphen_width;
	void *user;
	const char *lang;        /* BCP 47, for UAX #14's tailoring; may be NULL */
} pdf_break_opts;

/* Sets PDF_GLYPH_BREAK on every glyph of glyphs[0..n) a line may break
 * before, by the rules above. DOCCONV_ERR_NOMEM when out of memory. */
docconv_status pdf_mark_breaks(pdf_glyph *glyphs, size_t n, const char *lang);

/* Cuts glyphs[0..n) into lines (a new array in *lines, free it), marking
 * the breaks first (pdf_mark_breaks). An empty or all-space paragraph gives
 * no lines. */
docconv_status pdf_break_lines(pdf_glyph *glyphs, size_t n,
                               const pdf_break_opts *opts, pdf_line **lines,
                               size_t *n_lines);

/* Whether a line may break between glyphs[i-1] and glyphs[i] (0 < i < n),
 * once the breaks are marked. */
int pdf_can_break_before(const pdf_glyph *glyphs, size_t n, size_t i);

/* Whether the gap before glyph k (no space on either side) takes part of
 * a justified line's slack: gaps next to CJK characters do; gaps inside a
 * Latin word, inside a cluster, before a combining mark or before an
 * invisible character (which has no gap of its own to give) do not. */
int pdf_gap_stretches(const pdf_glyph *glyphs, size_t k);

/* One run of a line: glyphs of one font, drawn from x, with `char_space`
 * points added at each gap inside it that stretches (how CJK lines are
 * justified). */
typedef struct pdf_piece {
	size_t first, count;
	double x;            /* from the left edge of the measure, points */
	double char_space;
	uint16_t font;
	int hyphen;          /* draw a hyphen after the last glyph */
} pdf_piece;

/* Splits a line into pieces and places them for `align` within `width`
 * points. Spaces are not drawn (their advance, stretched when justifying,
 * separates the pieces). `pieces` must hold line->end - line->start + 1
 * entries; the count is returned. */
size_t pdf_place_line(const pdf_glyph *glyphs, const pdf_line *line,
                      double size, double width, pdf_align align,
                      pdf_piece *pieces);

/* --- pagination ------------------------------------------------------ */

/* A block on the page: rows [first_row, first_row + n_rows) of the row
 * heights given to pdf_paginate. */
typedef struct pdf_flow_block {
	size_t first_row, n_rows;
	double space_before;      /* dropped at the top of a page */
	unsigned keep_together:1; /* never split (a figure, a title) */
	unsigned keep_with_next:1;/* on the page of the next block's start */
	unsigned new_page:1;      /* starts a page (a new article) */
} pdf_flow_block;

typedef struct pdf_row_pos {
	size_t page;      /* 0-based */
	double top;       /* from the top of the text area, points */
} pdf_row_pos;

/* The fewest lines of a paragraph left alone at the foot or the head of a
 * page: one is an orphan or a widow. */
#define PDF_MIN_LINES_AT_BREAK 2

/* Places every row on pages of text height `page_height`: pos[r] for row r.
 * A paragraph splits only where both parts keep PDF_MIN_LINES_AT_BREAK
 * lines, a keep_together block moves whole to the next page, a heading
 * stays with the first lines of what follows. *n_pages gets the count.
 * Linear in the blocks and rows, however long a chain of headings. */
docconv_status pdf_paginate(const pdf_flow_block *blocks, size_t n_blocks,
                            const double *row_height, double page_height,
                            pdf_row_pos *pos, size_t *n_pages);

#endif
