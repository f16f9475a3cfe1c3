/* test_pdf_layout.c — the PDF line breaker, placer and paginator on crafted
 * strings: kinsoku, long Latin words, mixed runs, widows and orphans. */
#include <stdlib.h>

#include "check.h"
#include "formats/pdf/layout.h"
#include "conv/core/text.h"

enum { CJK_FONT = 0, LATIN_FONT = 1 };

/* A CJK character takes 1000/1000 em, a Latin letter 500, a space 250. */
static size_t glyphs_of(const char *s, pdf_glyph *g, size_t cap)
{
	size_t n = 0, len = strlen(s), i = 0;
	while (i < len && n < cap) {
		uint32_t cp;
		size_t l = docconv_utf8_decode(s + i, len - i, &cp);
		if (!l)
			break;
		int cjk = docconv_is_cjk(cp);
		g[n].cp = cp;
		g[n].font = cjk ? CJK_FONT : LATIN_FONT;
		g[n].flags = 0;
		g[n].width = cp == ' ' ? 250 : cjk ? 1000 : 500;
		n++;
		i += l;
	}
	return n;
}

static int32_t hyphen_width(void *user, uint16_t font)
{
	(void)user;
	(void)font;
	return 333;
}

static pdf_line *breaks(const char *s, double width_em, pdf_glyph *g,
                        size_t *n_glyphs, size_t *n_lines)
{
	pdf_break_opts o = { 10, width_em * 10, 0, hyphen_width, NULL, "zh" };
	pdf_line *lines = NULL;
	*n_glyphs = glyphs_of(s, g, 512);
	CHECK(pdf_break_lines(g, *n_glyphs, &o, &lines, n_lines) == DOCCONV_OK);
	return lines;
}

/* No line starts with a no-start character or ends with a no-end one, and
 * every line fits. */
static void check_kinsoku(const pdf_glyph *g, const pdf_line *l, size_t n,
                          double width)
{
	for (size_t i = 0; i < n; i++) {
		CHECK(l[i].end > l[i].start);
		CHECK(!docconv_kinsoku_no_start(g[l[i].start].cp));
		CHECK(!docconv_kinsoku_no_end(g[l[i].end - 1].cp));
		CHECK(l[i].width <= width + 1e-6);
	}
}

static void test_kinsoku(void)
{
	pdf_glyph g[512];
	size_t n, nl;
	/* The 11th character 。 may not start line 2: on a short line 五 goes
	 * down with it (5 gaps cannot absorb a whole em)... */
	pdf_line *l = breaks("一二三四五。六七", 5, g, &n, &nl);
	CHECK(nl == 2);
	CHECK(l[0].end == 4);
	CHECK(g[l[1].start].cp == 0x4E94);  /* 五 */
	check_kinsoku(g, l, nl, 50);
	free(l);

	/* ...on a long one it is squeezed in, a tenth of an em per gap. */
	pdf_piece p[32];
	l = breaks("一二三四五六七八九十。后面", 10, g, &n, &nl);
	CHECK(nl == 2);
	CHECK(l[0].end == 11 && l[0].width > 100);
	CHECK(g[l[1].start].cp == 0x540E);  /* 后 */
	size_t np = pdf_place_line(g, &l[0], 10, 100, PDF_ALIGN_JUSTIFY, p);
	CHECK(np == 1 && p[0].char_space < 0 && p[0].char_space >= -1.0);
	CHECK(110 + 10 * p[0].char_space < 100.01);
	check_kinsoku(g, l, nl, 110);
	free(l);

	/* A runt (one ideograph and its full stop) joins the line above. */
	l = breaks("一二三四五六七八九十一二三四五六七八九十千。", 20, g, &n,
	           &nl);
	CHECK(nl == 1 && l[0].end == 22 && l[0].last);
	free(l);
	/* Not when the gaps cannot take it: 百 and 千。 go down. */
	l = breaks("一二三四五六七八九十百千。", 10, g, &n, &nl);
	CHECK(nl == 2 && l[0].end == 10);
	free(l);

	/* “ may not end line 1: it starts line 2 with its quotation. */
	l = breaks("一二三四五六七八九“十”", 10, g, &n, &nl);
	CHECK(nl == 2);
	CHECK(g[l[0].end - 1].cp == 0x4E5D);  /* 九 */
	CHECK(g[l[1].start].cp == 0x201C);
	check_kinsoku(g, l, nl, 100);
	free(l);

	/* A run of closing marks and an ellipsis pair stay on one line. */
	l = breaks("一二三四五六七八九“十”……。后面还有很多字呢。", 10, g, &n, &nl);
	check_kinsoku(g, l, nl, 100);
	for (size_t i = 1; i < nl; i++)
		CHECK(!(g[l[i].start].cp == 0x2026));
	free(l);

	/* ——: the pair is never parted. */
	l = breaks("一二三四五六七八九——十", 10, g, &n, &nl);
	CHECK(nl == 2);
	CHECK(l[0].end == 9 && g[l[1].start].cp == 0x2014);
	free(l);
}

static void test_latin(void)
{
	pdf_glyph g[512];
	size_t n, nl;
	/* 20 Latin letters to the line (10 em at 500). */
	pdf_line *l = breaks("the quick brown fox jumps over the lazy dog", 10,
	                     g, &n, &nl);
	CHECK(nl == 3);
	for (size_t i = 0; i < nl; i++) {
		CHECK(g[l[i].start].cp != ' ');
		CHECK(g[l[i].end - 1].cp != ' ');
		CHECK(!l[i].hyphen);
		CHECK(l[i].end == n || g[l[i].end].cp == ' ');
	}
	free(l);

	/* A word longer than the line is split with a hyphen that fits. */
	l = breaks("Supercalifragilisticexpialidocious word", 10, g, &n, &nl);
	CHECK(nl == 2);
	CHECK(l[0].hyphen && l[0].end == 19);
	CHECK(l[0].width <= 100 + 1e-6);
	CHECK(l[0].width > 95);
	check_kinsoku(g, l, nl, 100);
	free(l);

	/* No line starts with closing punctuation after a space, nor ends
	 * with an opening bracket or a hyphen before one. */
	l = breaks("aaaa bbbbbbbb ...cccccc dd", 9, g, &n, &nl);
	CHECK(nl == 3 && g[l[1].start].cp == 'b' && g[l[2].start].cp == 'd');
	free(l);
	l = breaks("aaaaaaaaaaaaaa ( cccc", 8, g, &n, &nl);
	for (size_t i = 0; i < nl; i++)
		CHECK(g[l[i].end - 1].cp != '(' && g[l[i].start].cp != ' ');
	free(l);
	l = breaks("aaaaaaaaaaaaa -- bbbbb", 8, g, &n, &nl);
	for (size_t i = 0; i < nl; i++)
		CHECK(g[l[i].end - 1].cp != '-');
	free(l);

	/* A compound is not broken at its hyphen (extractors would take it
	 * for a break and drop it): it goes down whole. */
	l = breaks("aaaaaaaaaaaa well-known", 10, g, &n, &nl);
	CHECK(nl == 2);
	CHECK(g[l[1].start].cp == 'w');
	CHECK(!l[0].hyphen && !l[1].hyphen);
	free(l);

	/* An accent written as a combining mark stays with its letter: a
	 * forced split puts its hyphen after the pair, and no break at a
	 * space leaves a mark to start a line. */
	l = breaks("e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301", 3, g, &n, &nl);
	CHECK(nl >= 2 && l[0].hyphen && l[0].end == 4);
	for (size_t i = 0; i < nl; i++)
		CHECK(!docconv_is_combining(g[l[i].start].cp));
	free(l);
	l = breaks("aaaa \u0301bbbb", 3, g, &n, &nl);
	for (size_t i = 0; i < nl; i++)
		CHECK(!docconv_is_combining(g[l[i].start].cp));
	free(l);

	/* A forced cut looks past a space for what starts the next line:
	 * 」 after the space is no more a line's start than without it. */
	l = breaks("。」』 」一", 3, g, &n, &nl);
	for (size_t i = 1; i < nl; i++)
		CHECK(l[i - 1].end - l[i - 1].start == 1 ||
		      !docconv_kinsoku_no_start(g[l[i].start].cp));
	free(l);
}

static void test_mixed(void)
{
	pdf_glyph g[512];
	pdf_piece p[513];
	size_t n, nl;
	/* 使用 iPhone 手机: three pieces, fonts switching per run. */
	pdf_line *l = breaks("我们使用iPhone手机拍照，效果很好。再来一些字", 12,
	                     g, &n, &nl);
	CHECK(nl >= 2);
	size_t np = pdf_place_line(g, &l[0], 10, 120, PDF_ALIGN_JUSTIFY, p);
	CHECK(np >= 3);
	CHECK(p[0].font == CJK_FONT && p[1].font == LATIN_FONT &&
	      p[2].font == CJK_FONT);
	CHECK(p[1].count == 6);           /* iPhone */
	CHECK(p[1].char_space == 0);      /* a Latin word is never spaced out */
	/* Justified: the last glyph ends at the right edge. */
	const pdf_piece *last = &p[np - 1];
	double end = last->x;
	for (size_t k = last->first; k < last->first + last->count; k++)
		end += g[k].width * 10 / 1000.0 +
		       (k + 1 < last->first + last->count &&
		                pdf_gap_stretches(g, k + 1) ? last->char_space : 0);
	CHECK(end > 119.99 && end < 120.01);
	check_kinsoku(g, l, nl, 120);
	/* The last line stays flush left, unstretched. */
	np = pdf_place_line(g, &l[nl - 1], 10, 120, PDF_ALIGN_JUSTIFY, p);
	CHECK(np >= 1 && p[0].x == 0 && p[0].char_space == 0);
	free(l);

	/* Centred: equal space on both sides. */
	l = breaks("标题", 10, g, &n, &nl);
	np = pdf_place_line(g, &l[0], 10, 100, PDF_ALIGN_CENTER, p);
	CHECK(np == 1 && p[0].x > 39.99 && p[0].x < 40.01);
	free(l);

	/* A line that would gape is left ragged: one space for 3.75 em. */
	l = breaks("aa aaaaaaaaaa bbbbbbbbbbbbbbbbbbb", 10, g, &n, &nl);
	CHECK(nl == 2 && l[0].end == 13);
	np = pdf_place_line(g, &l[0], 10, 100, PDF_ALIGN_JUSTIFY, p);
	CHECK(np == 2 && p[1].x > 12.49 && p[1].x < 12.51);
	free(l);

	/* A Latin line justifies at its spaces only. */
	l = breaks("aaaa bbbb cccc dddd eeee", 10, g, &n, &nl);
	CHECK(nl == 2);
	np = pdf_place_line(g, &l[0], 10, 100, PDF_ALIGN_JUSTIFY, p);
	CHECK(np == 4);
	for (size_t i = 0; i < np; i++)
		CHECK(p[i].char_space == 0);
	CHECK(p[3].x + 20 > 99.99 && p[3].x + 20 < 100.01);
	free(l);
}

/* Whether a line may break before each glyph of s, as a string of '|'
 * (may) and '.' (may not), one per glyph. */
static void check_breaks(const char *s, const char *lang, const char *want)
{
	pdf_glyph g[128];
	size_t n = glyphs_of(s, g, 128);
	char got[129];
	CHECK(pdf_mark_breaks(g, n, lang) == DOCCONV_OK);
	for (size_t i = 0; i < n; i++)
		got[i] = pdf_can_break_before(g, n, i) ? '|' : '.';
	got[n] = '\0';
	CHECK_STR(got, want);
}

/* UAX #14's opportunities, with kinsoku and the writer's own rules on
 * top. */
static void test_uax14(void)
{
	/* At spaces, before the word after them; not inside numbers. */
	check_breaks("a 1,000.5 b", "en", "..|.......|");
	/* Between ideographs, and between them and Latin; not before
	 * closing punctuation nor after opening brackets, nor between a
	 * letter and the bracket it opens. */
	check_breaks("中文abc（注）。", "zh", ".||......");
	/* In Chinese curly quotes open and close (no break after “, none
	 * before ”); in English they cling to their words, in any language
	 * the compound's hyphen holds. */
	check_breaks("说“好”了", "zh", ".|..|");
	check_breaks("say \"hi\" now", "en", "....|....|..");
	check_breaks("well-known", "en", "..........");
	/* After a slash, as in a URL; small kana never start a line. */
	check_breaks("a/b", "en", "..|");
	check_breaks("かっこ", "ja", "..|");
	/* A ligature's second letter is never a line's start, even where a
	 * forced cut must fall inside a word. */
	pdf_glyph g[16];
	size_t n = glyphs_of("offfice", g, 16), nl = 0;
	g[3].flags = PDF_GLYPH_CLUSTER;   /* f|fi: the i drawn by the f */
	g[4].flags = PDF_GLYPH_CLUSTER;
	g[2].width += g[3].width + g[4].width;
	g[3].width = g[4].width = 0;
	pdf_line *l = NULL;
	pdf_break_opts o = { 10, 26, 0, NULL, NULL, "en" };
	CHECK(pdf_break_lines(g, n, &o, &l, &nl) == DOCCONV_OK && nl >= 2);
	for (size_t i = 0; i < nl; i++)
		CHECK(!(g[l[i].start].flags & PDF_GLYPH_CLUSTER));
	CHECK(!pdf_can_break_before(g, n, 3) && !pdf_can_break_before(g, n, 4));
	free(l);
}

static void test_indent(void)
{
	pdf_glyph g[512];
	pdf_line *l = NULL;
	size_t nl, n = glyphs_of("一二三四五六七八九十一二三四五", g, 512);
	pdf_break_opts o = { 10, 100, 20, hyphen_width, NULL, "zh" };
	CHECK(pdf_break_lines(g, n, &o, &l, &nl) == DOCCONV_OK);
	CHECK(nl == 2 && l[0].end == 8 && l[0].indent == 20 && l[1].indent == 0);
	free(l);
	/* Nothing but spaces: no lines. */
	n = glyphs_of("   ", g, 512);
	CHECK(pdf_break_lines(g, n, &o, &l, &nl) == DOCCONV_OK && nl == 0);
	free(l);
}

static void test_paginate(void)
{
	double rh[64];
	pdf_row_pos pos[64];
	size_t pages;
	for (size_t i = 0; i < 64; i++)
		rh[i] = 10;

	/* Page of 10 rows: 8 rows, then a 5-line paragraph. Two rows left:
	 * 2 + 3 is a legal split. */
	pdf_flow_block b[4] = {
		{ 0, 8, 0, 0, 0, 0 },
		{ 8, 5, 0, 0, 0, 0 },
	};
	CHECK(pdf_paginate(b, 2, rh, 100, pos, &pages) == DOCCONV_OK);
	CHECK(pages == 2);
	CHECK(pos[9].page == 0 && pos[10].page == 1 && pos[10].top == 0);

	/* 9 rows, then 5 lines: one line at the foot is an orphan. */
	b[0].n_rows = 9;
	b[1].first_row = 9;
	CHECK(pdf_paginate(b, 2, rh, 100, pos, &pages) == DOCCONV_OK);
	CHECK(pos[9].page == 1 && pos[9].top == 0);

	/* 7 rows, then 4 lines: 3 + 1 leaves a widow: 2 + 2. */
	b[0].n_rows = 7;
	b[1].first_row = 7;
	b[1].n_rows = 4;
	CHECK(pdf_paginate(b, 2, rh, 100, pos, &pages) == DOCCONV_OK);
	CHECK(pos[8].page == 0 && pos[9].page == 1 && pos[10].page == 1);

	/* A heading at the foot goes with its paragraph. */
	pdf_flow_block h[3] = {
		{ 0, 8, 0, 0, 0, 0 },
		{ 8, 1, 5, 0, 1, 0 },
		{ 9, 6, 0, 0, 0, 0 },
	};
	CHECK(pdf_paginate(h, 3, rh, 100, pos, &pages) == DOCCONV_OK);
	CHECK(pos[8].page == 1 && pos[8].top == 0);   /* space dropped at top */
	CHECK(pos[9].page == 1 && pos[9].top == 10);

	/* A figure too tall for what is left moves whole; a new article
	 * starts a page. */
	pdf_flow_block f[3] = {
		{ 0, 5, 0, 0, 0, 0 },
		{ 5, 6, 0, 1, 0, 0 },
		{ 11, 2, 0, 0, 0, 1 },
	};
	CHECK(pdf_paginate(f, 3, rh, 100, pos, &pages) == DOCCONV_OK);
	CHECK(pos[5].page == 1 && pos[10].page == 1);
	CHECK(pos[11].page == 2 && pos[11].top == 0);
	CHECK(pages == 3);

	/* Two headings kept with each other and a paragraph: they go
	 * together; a chain taller than a page asks only for its first
	 * block's lines, so the first heading stays where it is. */
	pdf_flow_block k[4] = {
		{ 0, 7, 0, 0, 0, 0 },
		{ 7, 1, 0, 0, 1, 0 },
		{ 8, 1, 0, 0, 1, 0 },
		{ 9, 4, 0, 0, 0, 0 },
	};
	CHECK(pdf_paginate(k, 4, rh, 100, pos, &pages) == DOCCONV_OK);
	CHECK(pos[6].page == 0 && pos[7].page == 1 && pos[8].page == 1 &&
	      pos[9].page == 1);
	k[0].n_rows = 6;   /* now the pair and two lines fit below it */
	for (size_t i = 1; i < 4; i++)
		k[i].first_row--;
	CHECK(pdf_paginate(k, 4, rh, 100, pos, &pages) == DOCCONV_OK);
	CHECK(pos[6].page == 0 && pos[7].page == 0 && pos[9].page == 0 &&
	      pos[10].page == 1);
	pdf_flow_block chain[12];
	for (size_t i = 0; i < 12; i++)
		chain[i] = (pdf_flow_block){ i, 1, 0, 0, i < 11, 0 };
	CHECK(pdf_paginate(chain, 12, rh, 100, pos, &pages) == DOCCONV_OK);
	CHECK(pos[0].page == 0 && pages == 2);

	/* A paragraph longer than a page runs over several. */
	pdf_flow_block lng[1] = { { 0, 25, 0, 0, 0, 0 } };
	CHECK(pdf_paginate(lng, 1, rh, 100, pos, &pages) == DOCCONV_OK);
	CHECK(pages == 3 && pos[24].page == 2);
	for (size_t p = 0; p < pages; p++) {
		size_t on = 0;
		for (size_t r = 0; r < 25; r++)
			on += pos[r].page == p;
		CHECK(on >= PDF_MIN_LINES_AT_BREAK);
	}
}

/* The gap before an invisible character does not stretch: a zero-width
 * space between two ideographs leaves them one gap, as without it. */
static void test_invisible_gaps(void)
{
	pdf_glyph g[8];
	size_t n = glyphs_of("段\u200b落", g, 8);
	CHECK(n == 3);
	CHECK(!pdf_gap_stretches(g, 1));
	CHECK(pdf_gap_stretches(g, 2));
	n = glyphs_of("段落", g, 8);
	CHECK(pdf_gap_stretches(g, 1));
}

int main(void)
{
	test_kinsoku();
	test_latin();
	test_mixed();
	test_uax14();
	test_indent();
	test_paginate();
	test_invisible_gaps();
	return check_report("test_pdf_layout");
}
