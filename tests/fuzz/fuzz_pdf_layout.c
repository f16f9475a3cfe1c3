/* fuzz_pdf_layout.c — the PDF line breaker and line placer
 * (formats/pdf/layout.h) on any text, measured with fixed widths instead
 * of a font, so the rules are fuzzed without libharu or font files.
 *
 * Input: two bytes of measure (0 to 400 points), one of first-line indent,
 * one of options (a hyphen or not, the alignment, the language UAX #14 is
 * tailored for, whether "fi" and "fl" are set as ligatures), then the
 * text. Bytes that are not UTF-8 are skipped and white space collapses to
 * single spaces, as pdf_text_glyphs hands text to the breaker; a ligature's
 * second letter is flagged as shape.c flags it (PDF_GLYPH_CLUSTER, no
 * width of its own).
 *
 * Checked for every paragraph:
 *   - every character is on exactly one line, in order; only spaces fall
 *     between lines, and no line starts or ends with one;
 *   - a line's width is what its glyphs (and its hyphen) measure, and it
 *     fits the measure unless it is a single glyph wider than the measure,
 *     or closing punctuation squeezed in within PDF_MAX_SQUEEZE per gap;
 *   - a hyphen is added only inside a Latin word, and no line starts
 *     with a combining mark, parted from its letter, nor inside a
 *     ligature;
 *   - kinsoku: a line of more than one glyph that is not the paragraph's
 *     last ends neither with an opening bracket nor a hyphen, and the next
 *     line does not start with closing punctuation (a single glyph wider
 *     than the line is the one cut layout.c cannot avoid);
 *   - placed, a line's pieces draw each of its non-space glyphs once, in
 *     order, in the glyph's own font, at finite positions.
 * A slow input (the breaker must stay near linear) fails by libFuzzer's
 * timeout.
 */
#include <math.h>
#include <string.h>

#include "fuzz.h"
#include "formats/pdf/layout.h"
#include "conv/core/text.h"

/* The font size in points; widths are in thousandths of it. */
#define FONT_SIZE 10.0
/* The measure is read from two bytes in tenths of a point, up to 40 em. */
#define MAX_MEASURE_TENTHS 4000
/* The first-line indent, up to 4 em: more than a narrow measure. */
#define MAX_INDENT_POINTS 40
/* Rounding in sums of widths; layout.c allows the same. */
#define EPSILON 1e-6

enum { FONT_CJK = 0, FONT_LATIN = 1 };
enum { SPACE_WIDTH = 250, CJK_WIDTH = 1000, HYPHEN_WIDTH = 333 };

/* Widths of the other characters, by the low bits of the code point:
 * the range of a Latin face, from a thin space to an em. */
static const int32_t latin_widths[8] = { 250, 278, 333, 444, 500, 556, 722,
                                         1000 };

static int32_t hyphen_width(void *user, uint16_t font)
{
	(void)user;
	(void)font;
	return HYPHEN_WIDTH;
}

static int32_t measure(uint32_t cp)
{
	if (docconv_is_cjk(cp))
		return CJK_WIDTH;
	if (cp >= 0x300 && cp <= 0x36F)   /* combining marks take no room */
		return 0;
	return latin_widths[cp & 7];
}

/* The glyphs of s[0..n) in g (room for n), as pdf_text_glyphs makes them
 * (with ligatures of f and i or l, as shape.c would mark them); returns
 * the count. */
static size_t make_glyphs(const char *s, size_t n, pdf_glyph *g,
                          int ligatures)
{
	size_t count = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t l = docconv_utf8_decode(s + i, n - i, &cp);
		if (l == 0) {
			i++;
			continue;
		}
		i += l;
		if (docconv_is_space(cp) || cp == 0x2028 || cp == 0x2029) {
			if (count && g[count - 1].cp != ' ')
				g[count++] = (pdf_glyph){ ' ', FONT_LATIN, 0,
				                          cp == 0x3000 ? CJK_WIDTH
				                                       : SPACE_WIDTH };
			continue;
		}
		g[count++] = (pdf_glyph){ cp, docconv_is_cjk(cp) ? FONT_CJK
		                                                 : FONT_LATIN,
		                          0, measure(cp) };
		if (ligatures && count >= 2 && g[count - 2].cp == 'f' &&
		    (cp == 'i' || cp == 'l')) {
			g[count - 2].width += g[count - 1].width;
			g[count - 1].width = 0;
			g[count - 1].flags = PDF_GLYPH_CLUSTER;
		}
	}
	return count;
}

static double advance(const pdf_glyph *g)
{
	return g->width * FONT_SIZE / 1000.0;
}

/* The hyphens layout.c keeps from a line's end. */
static int is_hyphen(uint32_t cp)
{
	return cp == '-' || cp == 0x2010 || cp == 0x2011;
}

/* The gaps of a line that may shrink to squeeze punctuation in, counted
 * as layout.c counts them: between two non-spaces, one of them CJK, not
 * before a mark or inside a cluster. */
static size_t squeeze_gaps(const pdf_glyph *g, const pdf_line *l)
{
	size_t gaps = 0;
	for (size_t k = l->start + 1; k < l->end; k++)
		gaps += g[k].cp != ' ' && g[k - 1].cp != ' ' &&
		        !(g[k].flags & PDF_GLYPH_CLUSTER) &&
		        !docconv_is_combining(g[k].cp) &&
		        (docconv_is_cjk(g[k - 1].cp) || docconv_is_cjk(g[k].cp));
	return gaps;
}

static void check_width(const pdf_glyph *g, const pdf_line *l, double avail)
{
	double w = 0;
	for (size_t k = l->start; k < l->end; k++)
		w += advance(&g[k]);
	if (l->hyphen)
		w += HYPHEN_WIDTH * FONT_SIZE / 1000.0;
	FUZZ_CHECK(fabs(l->width - w) <= EPSILON * (1 + w));
	if (l->width <= avail + EPSILON || l->end - l->start == 1)
		return;
	double squeeze = PDF_MAX_SQUEEZE * FONT_SIZE * (double)squeeze_gaps(g, l);
	FUZZ_CHECK(l->width - avail <= squeeze + EPSILON);
}

/* The break between line l and the next one, which starts at glyph next. */
static void check_break(const pdf_glyph *g, size_t n, const pdf_line *l,
                        size_t next, int hyphens)
{
	if (l->hyphen) {
		FUZZ_CHECK(hyphens);
		FUZZ_CHECK(docconv_is_alnum_latin(g[l->end - 1].cp) ||
		           docconv_is_combining(g[l->end - 1].cp));
		FUZZ_CHECK(l->end < n && docconv_is_alnum_latin(g[l->end].cp));
	}
	if (l->end - l->start == 1)
		return;
	FUZZ_CHECK(!docconv_kinsoku_no_end(g[l->end - 1].cp));
	FUZZ_CHECK(l->hyphen || !is_hyphen(g[l->end - 1].cp));
	FUZZ_CHECK(!docconv_kinsoku_no_start(g[next].cp));
	FUZZ_CHECK(!docconv_is_combining(g[next].cp));
	FUZZ_CHECK(!(g[next].flags & PDF_GLYPH_CLUSTER));
}

static void check_pieces(const pdf_glyph *g, const pdf_line *l,
                         double measure_pt, pdf_align align,
                         pdf_piece *pieces)
{
	size_t np = pdf_place_line(g, l, FONT_SIZE, measure_pt, align, pieces);
	size_t k = l->start;
	FUZZ_CHECK(np >= 1 && np <= l->end - l->start + 1);
	for (size_t p = 0; p < np; p++) {
		const pdf_piece *pc = &pieces[p];
		while (k < l->end && g[k].cp == ' ')
			k++;
		FUZZ_CHECK(pc->first == k && pc->count > 0);
		FUZZ_CHECK(pc->first + pc->count <= l->end);
		FUZZ_CHECK(!(g[pc->first].flags & PDF_GLYPH_CLUSTER) ||
		           pc->first == l->start);
		for (size_t j = pc->first; j < pc->first + pc->count; j++)
			FUZZ_CHECK(g[j].cp != ' ' && g[j].font == pc->font);
		FUZZ_CHECK(isfinite(pc->x) && isfinite(pc->char_space));
		FUZZ_CHECK(pc->hyphen == (l->hyphen && p == np - 1));
		k = pc->first + pc->count;
	}
	while (k < l->end && g[k].cp == ' ')
		k++;
	FUZZ_CHECK(k == l->end);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum { HEADER = 4 };
	pdf_glyph *g = NULL;
	pdf_piece *pieces = NULL;
	pdf_line *lines = NULL;
	size_t n_lines = 0;
	if (size < HEADER)
		return 0;
	double measure_pt = ((data[0] << 8 | data[1]) % (MAX_MEASURE_TENTHS + 1))
	                    / 10.0;
	double indent = data[2] % (MAX_INDENT_POINTS + 1);
	int hyphens = data[3] & 1;
	pdf_align align = (pdf_align)((data[3] >> 1) & 3);
	const char *lang = data[3] & 8 ? "en" : "zh";
	int ligatures = (data[3] >> 4) & 1;
	const char *text = (const char *)data + HEADER;
	size_t len = size - HEADER;

	g = malloc((len ? len : 1) * sizeof *g);
	pieces = malloc((len + 1) * sizeof *pieces);
	FUZZ_CHECK(g != NULL && pieces != NULL);
	size_t n = make_glyphs(text, len, g, ligatures);
	pdf_break_opts o = { FONT_SIZE, measure_pt, indent,
	                     hyphens ? hyphen_width : NULL, NULL, lang };
	FUZZ_CHECK(pdf_break_lines(g, n, &o, &lines, &n_lines) == DOCCONV_OK);

	size_t pos = 0;
	for (size_t i = 0; i < n_lines; i++) {
		const pdf_line *l = &lines[i];
		FUZZ_CHECK(l->start >= pos && l->start < l->end && l->end <= n);
		for (size_t k = pos; k < l->start; k++)
			FUZZ_CHECK(g[k].cp == ' ');
		FUZZ_CHECK(g[l->start].cp != ' ' && g[l->end - 1].cp != ' ');
		FUZZ_CHECK(l->indent == (i == 0 ? indent : 0));
		FUZZ_CHECK(l->last == (i == n_lines - 1));
		check_width(g, l, measure_pt - l->indent);
		if (!l->last)
			check_break(g, n, l, lines[i + 1].start, hyphens);
		else
			FUZZ_CHECK(!l->hyphen);
		check_pieces(g, l, measure_pt, align, pieces);
		pos = l->end;
	}
	/* Nothing left over: a paragraph of text gives lines, one of spaces
	 * gives none. */
	for (; pos < n; pos++)
		FUZZ_CHECK(g[pos].cp == ' ');
	free(lines);
	free(pieces);
	free(g);
	return 0;
}
