/* layout.c — the PDF writer's line breaker, line placer and paginator.
 *
 * Greedy first-fit breaking: a line takes glyphs until the next one would
 * overflow, then ends at the last legal break before it. The legal breaks
 * are UAX #14's opportunities less those kinsoku forbids (a break before 。
 * is simply not legal), so a character that would start a line wrongly
 * pulls its neighbour down with it and the shorter line is justified by
 * character spacing.
 */
#include "layout.h"

#include <linebreak.h>
#include <pthread.h>
#include <stdlib.h>

#include "conv/core/mem.h"
#include "conv/core/text.h"

/* Widths are sums of doubles; this much overflow is rounding, not overflow. */
#define FIT_EPSILON 1e-6

static double advance(const pdf_glyph *g, double size)
{
	return g->width * size / 1000.0;
}

/* Dashes and ellipses are set in pairs (——, ……) that must not be parted. */
static int is_paired_mark(uint32_t cp)
{
	return cp == 0x2014 || cp == 0x2026 || cp == 0x2025 || cp == 0x2E3A;
}

/* A hyphen ending a line reads as a word broken there: extractors drop
 * it. Only the breaker's own hyphen may end a line. */
static int is_hyphen(uint32_t cp)
{
	return cp == '-' || cp == 0x2010 || cp == 0x2011;
}

/* What no line may start with: closing punctuation and the like, and a
 * combining mark, which belongs to what comes before it. */
static int no_start(uint32_t cp)
{
	return docconv_kinsoku_no_start(cp) || docconv_is_combining(cp);
}

/* Whether the kinsoku rules allow a break before glyph i, where UAX #14
 * finds an opportunity: the words on either side of any spaces there must
 * be able to end and start a line. */
static int kinsoku_allows(const pdf_glyph *g, size_t n, size_t i)
{
	size_t j = i, k = i;
	if (g[i].flags & PDF_GLYPH_CLUSTER)
		return 0;
	while (j < n && g[j].cp == ' ')
		j++;
	while (k > 0 && g[k - 1].cp == ' ')
		k--;
	if (j < n && no_start(g[j].cp))
		return 0;
	/* Not after the hyphen of a compound (well-|known) either: text
	 * extractors take a hyphen at a line's end for a break and drop it. */
	if (k > 0 && (docconv_kinsoku_no_end(g[k - 1].cp) ||
	              is_hyphen(g[k - 1].cp)))
		return 0;
	return !(j == i && k == i && g[i - 1].cp == g[i].cp &&
	         is_paired_mark(g[i].cp));
}

static pthread_once_t linebreak_once = PTHREAD_ONCE_INIT;

/* Paragraphs up to this many glyphs get their break table on the stack. */
#define STACK_BREAKS 512

docconv_status pdf_mark_breaks(pdf_glyph *g, size_t n, const char *lang)
{
	utf32_t stack_cps[STACK_BREAKS];
	char stack_brks[STACK_BREAKS];
	utf32_t *cps = stack_cps;
	char *brks = stack_brks;
	if (n > STACK_BREAKS) {
		cps = malloc(n * sizeof *cps);
		brks = malloc(n);
		if (!cps || !brks) {
			free(cps);
			free(brks);
			return DOCCONV_ERR_NOMEM;
		}
	}
	pthread_once(&linebreak_once, init_linebreak);
	for (size_t i = 0; i < n; i++)
		cps[i] = g[i].cp;
	if (n)
		set_linebreaks_utf32(cps, n, lang && *lang ? lang : NULL, brks);
	for (size_t i = 0; i < n; i++) {
		int opportunity = i > 0 && (brks[i - 1] == LINEBREAK_ALLOWBREAK ||
		                            brks[i - 1] == LINEBREAK_MUSTBREAK);
		if (opportunity && kinsoku_allows(g, n, i))
			g[i].flags |= PDF_GLYPH_BREAK;
		else
			g[i].flags &= (uint16_t)~PDF_GLYPH_BREAK;
	}
	if (cps != stack_cps) {
		free(cps);
		free(brks);
	}
	return DOCCONV_OK;
}

int pdf_can_break_before(const pdf_glyph *g, size_t n, size_t i)
{
	return i > 0 && i < n && (g[i].flags & PDF_GLYPH_BREAK);
}

static int push_line(pdf_line **lines, size_t *n, size_t *cap,
                     const pdf_line *line)
{
	if (docconv_array_reserve((void **)lines, cap, *n + 1, sizeof **lines) != 0)
		return -1;
	(*lines)[(*n)++] = *line;
	return 0;
}

/* The first glyph from k on that is not a space, or n - 1. */
static size_t next_inked(const pdf_glyph *g, size_t n, size_t k)
{
	while (k + 1 < n && g[k].cp == ' ')
		k++;
	return k;
}

/* Whether a hyphen may split a Latin word before glyph k: a letter or
 * digit (with any accents it carries) before, a letter or digit after,
 * not inside a cluster. */
static int can_hyphenate_before(const pdf_glyph *g, size_t k)
{
	return (docconv_is_alnum_latin(g[k - 1].cp) ||
	        docconv_is_combining(g[k - 1].cp)) &&
	       docconv_is_alnum_latin(g[k].cp) &&
	       !(g[k].flags & PDF_GLYPH_CLUSTER);
}

/* No legal break fits: cut the overlong run [start, over) + glyph `over`.
 * A Latin word is split with a hyphen; anything else is cut bare. */
static void force_split(const pdf_glyph *g, size_t n, size_t start,
                        size_t over, double avail, const pdf_break_opts *o,
                        pdf_line *line)
{
	size_t k = over > start ? over : start + 1;
	double w = 0;
	for (size_t j = start; j < k; j++)
		w += advance(&g[j], o->size);
	line->hyphen = 0;
	if (k > start + 1 && can_hyphenate_before(g, k) && o->hyphen_width) {
		double hw = o->hyphen_width(o->user, g[k - 1].font) * o->size /
		            1000.0;
		size_t h = k;
		double hw_line = w;
		while (h > start + 1 &&
		       (hw_line + hw > avail + FIT_EPSILON ||
		        !can_hyphenate_before(g, h))) {
			h--;
			hw_line -= advance(&g[h], o->size);
		}
		if (can_hyphenate_before(g, h)) {
			k = h;
			w = hw_line + hw;
			line->hyphen = 1;
		}
	}
	/* A bare cut keeps the kinsoku rules where the run allows, and
	 * clusters whole, and leaves no hyphen at the end; what starts the
	 * next line is the first glyph after any spaces. */
	while (!line->hyphen && k > start + 1 &&
	       ((k < n && (g[k].flags & PDF_GLYPH_CLUSTER)) ||
	        no_start(g[next_inked(g, n, k)].cp) ||
	        docconv_kinsoku_no_end(g[k - 1].cp) || is_hyphen(g[k - 1].cp) ||
	        g[k - 1].cp == ' ')) {
		k--;
		w -= advance(&g[k], o->size);
	}
	line->end = k;
	line->width = w;
}

int pdf_gap_stretches(const pdf_glyph *g, size_t k)
{
	if ((g[k].flags & PDF_GLYPH_CLUSTER) || docconv_is_combining(g[k].cp) ||
	    docconv_is_invisible(g[k].cp))
		return 0;
	return docconv_is_cjk(g[k - 1].cp) || docconv_is_cjk(g[k].cp);
}

/* Whether glyphs [i, n) are one ideograph and its closing punctuation:
 * a paragraph's last line that short (a runt) is better squeezed in. */
static int is_runt(const pdf_glyph *g, size_t n, size_t i)
{
	if (i >= n || !docconv_is_cjk_letter(g[i].cp) ||
	    n - i - 1 > PDF_MAX_SQUEEZED_MARKS)
		return 0;
	while (++i < n)
		if (!docconv_kinsoku_no_start(g[i].cp))
			return 0;
	return 1;
}

/* Closing punctuation that overflows a CJK line by a little is squeezed in
 * (oikomi) rather than pulling its neighbour down (oidashi), and so is a
 * paragraph's runt, when the line's CJK gaps can absorb it: glyphs
 * [i, *end) join the line, whose natural width becomes *width (more than
 * `avail`). `w` is the width of [pos, i), with any space before glyph i:
 * that space is inside the line once the punctuation joins it. */
static int squeeze_in(const pdf_glyph *g, size_t n, size_t pos, size_t i,
                      double w, double avail, double size, size_t *end,
                      double *width)
{
	size_t j = i;
	if (is_runt(g, n, i)) {
		for (; j < n; j++)
			w += advance(&g[j], size);
	}
	while (j < n && j - i < PDF_MAX_SQUEEZED_MARKS &&
	       docconv_kinsoku_no_start(g[j].cp) &&
	       !pdf_can_break_before(g, n, j)) {
		w += advance(&g[j], size);
		j++;
	}
	/* The line must end at a legal break: at a space too, since the word
	 * after it may start with closing punctuation. */
	if (j == i || (j < n && !pdf_can_break_before(g, n, j)))
		return 0;
	size_t gaps = 0;
	for (size_t k = pos + 1; k < j; k++)
		gaps += g[k].cp != ' ' && g[k - 1].cp != ' ' &&
		        pdf_gap_stretches(g, k);
	if (w - avail > PDF_MAX_SQUEEZE * size * (double)gaps)
		return 0;
	*end = j;
	*width = w;
	return 1;
}

docconv_status pdf_break_lines(pdf_glyph *g, size_t n,
                               const pdf_break_opts *o, pdf_line **lines_out,
                               size_t *n_lines)
{
	pdf_line *lines = NULL;
	size_t count = 0, cap = 0;
	size_t pos = 0;
	docconv_status st = pdf_mark_breaks(g, n, o->lang);

	if (st != DOCCONV_OK)
		goto out;
	while (pos < n && g[pos].cp == ' ')
		pos++;
	while (pos < n) {
		pdf_line line = { pos, pos, count ? 0 : o->first_indent, 0, 0, 0 };
		double avail = o->width - line.indent;
		double w = 0, w_inked = 0;   /* with and without trailing spaces */
		size_t brk = 0, i;
		double brk_w = 0;
		size_t inked_end = pos;

		for (i = pos; i < n; i++) {
			if (i > pos && pdf_can_break_before(g, n, i)) {
				brk = i;
				brk_w = w_inked;
			}
			double a = advance(&g[i], o->size);
			if (g[i].cp == ' ') {   /* a space never overflows a line */
				w += a;
				continue;
			}
			if (w + a > avail + FIT_EPSILON)
				break;
			w += a;
			w_inked = w;
			inked_end = i + 1;
		}
		if (i == n) {
			line.end = inked_end;
			line.width = w_inked;
			line.last = 1;
		} else if (squeeze_in(g, n, pos, i, w, avail, o->size,
		                      &line.end, &line.width)) {
			/* the line ends after the squeezed punctuation */
		} else if (brk > pos) {
			line.end = brk;
			while (line.end > pos && g[line.end - 1].cp == ' ')
				line.end--;
			line.width = brk_w;
		} else {
			force_split(g, n, pos, i, avail, o, &line);
		}
		if (push_line(&lines, &count, &cap, &line) != 0) {
			st = DOCCONV_ERR_NOMEM;
			goto out;
		}
		pos = line.last ? n : line.end;
		while (pos < n && g[pos].cp == ' ')
			pos++;
	}
	if (count)
		lines[count - 1].last = 1;
out:
	if (st != DOCCONV_OK) {
		free(lines);
		lines = NULL;
		count = 0;
	}
	*lines_out = lines;
	*n_lines = count;
	return st;
}

size_t pdf_place_line(const pdf_glyph *g, const pdf_line *line, double size,
                      double width, pdf_align align, pdf_piece *pieces)
{
	size_t s = line->start, e = line->end, np = 0;
	double avail = width - line->indent;
	double slack = avail - line->width;
	double extra = 0, x = line->indent;

	/* Justified lines stretch; an overfull one (squeezed punctuation)
	 * shrinks whatever its alignment. */
	if ((align == PDF_ALIGN_JUSTIFY && !line->last && slack > 0) ||
	    slack < 0) {
		size_t stretch = 0;
		for (size_t k = s + 1; k < e; k++)
			if (g[k].cp == ' ' ||
			    (g[k - 1].cp != ' ' && pdf_gap_stretches(g, k)))
				stretch++;
		if (stretch)
			extra = slack / (double)stretch;
		/* Rivers of white are worse than a ragged line. */
		if (extra > PDF_MAX_STRETCH * size)
			extra = 0;
	} else if (align == PDF_ALIGN_CENTER && slack > 0) {
		x += slack / 2;
	} else if (align == PDF_ALIGN_RIGHT && slack > 0) {
		x += slack;
	}

	pdf_piece *cur = NULL;
	for (size_t k = s; k < e; k++) {
		if (g[k].cp == ' ') {
			x += advance(&g[k], size) + extra;
			cur = NULL;
			continue;
		}
		if (k > s && g[k - 1].cp != ' ' && pdf_gap_stretches(g, k))
			x += extra;
		/* A piece is one font; a cluster's characters stay in the
		 * piece of its first, which draws them. */
		if (cur && (cur->font == g[k].font ||
		            (g[k].flags & PDF_GLYPH_CLUSTER))) {
			cur->count++;
		} else {
			cur = &pieces[np++];
			cur->first = k;
			cur->count = 1;
			cur->x = x;
			cur->char_space = extra;
			cur->font = g[k].font;
			cur->hyphen = 0;
		}
		x += advance(&g[k], size);
	}
	if (np && line->hyphen)
		pieces[np - 1].hyphen = 1;
	/* A piece without a gap that stretches (a Latin word) has no
	 * character spacing. */
	for (size_t i = 0; i < np; i++) {
		pdf_piece *pc = &pieces[i];
		int stretches = 0;
		for (size_t k = pc->first + 1; k < pc->first + pc->count && !stretches;
		     k++)
			stretches = pdf_gap_stretches(g, k);
		if (!stretches)
			pc->char_space = 0;
	}
	return np;
}

/* --- pagination ------------------------------------------------------ */

static double rows_height(const double *rh, size_t first, size_t n)
{
	double h = 0;
	for (size_t r = first; r < first + n; r++)
		h += rh[r];
	return h;
}

/* The height block k needs of its own to start a page: all of it when it
 * cannot be split, else its first lines. */
static double own_need(const pdf_flow_block *k, const double *rh)
{
	size_t rows = k->n_rows;
	if (!k->keep_together && rows >= 2 * PDF_MIN_LINES_AT_BREAK)
		rows = PDF_MIN_LINES_AT_BREAK;
	return rows_height(rh, k->first_row, rows);
}

/* need[i]: the height block i needs on a page to start there, its own
 * plus, for a heading, the start of what it keeps with (up to a new
 * page). A chain taller than a page asks only for its block's first
 * lines. Computed from the last block back, each chain's sum from the one
 * after it, so a chain of n headings costs n steps, not n * n / 2. */
static void start_needs(const pdf_flow_block *b, size_t nb, const double *rh,
                        double page_height, double *need)
{
	double after = 0;   /* the chain sum of block i + 1 */
	for (size_t i = nb; i-- > 0;) {
		const pdf_flow_block *k = &b[i];
		double sum = own_need(k, rh);
		if (k->keep_with_next && i + 1 < nb && !b[i + 1].new_page)
			sum += b[i + 1].space_before + after;
		after = sum;
		need[i] = sum > page_height
		                  ? rows_height(rh, k->first_row,
		                                k->n_rows < PDF_MIN_LINES_AT_BREAK
		                                        ? k->n_rows
		                                        : PDF_MIN_LINES_AT_BREAK)
		                  : sum;
	}
}

docconv_status pdf_paginate(const pdf_flow_block *b, size_t nb,
                            const double *rh, double page_height,
                            pdf_row_pos *pos, size_t *n_pages)
{
	size_t page = 0;
	double y = 0;
	int empty = 1;
	double *needs = malloc((nb ? nb : 1) * sizeof *needs);
	if (!needs)
		return DOCCONV_ERR_NOMEM;
	start_needs(b, nb, rh, page_height, needs);

	for (size_t bi = 0; bi < nb; bi++) {
		const pdf_flow_block *blk = &b[bi];
		if (blk->new_page && !empty) {
			page++;
			y = 0;
			empty = 1;
		}
		double need = needs[bi];
		if (!empty && y + blk->space_before + need >
		                      page_height + FIT_EPSILON) {
			page++;
			y = 0;
			empty = 1;
		}
		if (!empty)
			y += blk->space_before;

		size_t r = blk->first_row, end = r + blk->n_rows;
		while (r < end) {
			size_t left = end - r, fit = 0;
			double h = y;
			while (fit < left && h + rh[r + fit] <= page_height + FIT_EPSILON)
				h += rh[r + fit++];
			size_t take = fit;
			if (fit < left && !blk->keep_together) {
				if (left - take < PDF_MIN_LINES_AT_BREAK)
					take = left > PDF_MIN_LINES_AT_BREAK
					               ? left - PDF_MIN_LINES_AT_BREAK : 0;
				if (take < PDF_MIN_LINES_AT_BREAK && !empty) {
					page++;
					y = 0;
					empty = 1;
					continue;
				}
			}
			if (take == 0 && empty)   /* taller than a page: overfull */
				take = fit ? fit : 1;
			for (size_t k = 0; k < take; k++, r++) {
				pos[r].page = page;
				pos[r].top = y;
				y += rh[r];
			}
			empty = 0;
			if (r < end) {
				page++;
				y = 0;
				empty = 1;
			}
		}
	}
	*n_pages = empty && page > 0 ? page : page + 1;
	free(needs);
	return DOCCONV_OK;
}
