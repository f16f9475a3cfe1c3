/* assemble.c — the structure rules: lines → units in reading order → model.
 *
 * 1. Figures: a credit line and the short caption lines above it (put back
 *    in order when the line ending in 。 came first); caption lines with no
 *    credit (`1 of 4. ...`, a caption doubled by the extraction).
 * 2. The title block: kicker, title (maybe wrapped), `——subtitle`, and the
 *    bylines before the first paragraph.
 * 3. The body: runs of text lines cut into paragraphs (blank lines,
 *    indentation, short last lines of hard-wrapped text) and subheads.
 * 4. Datelines split from the start of their paragraph.
 * 5. Paragraphs cut by a column break rejoined, across captions.
 * 6. Reading order: the title block first, then everything else in input
 *    order (captions that stood before the title follow the title block).
 */
#include "article.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A chunk of lines counts as hard-wrapped when its non-last lines mostly
 * reach this share of its widest line. */
#define WRAP_FULL_SHARE 0.75
/* In wrapped text, a line narrower than this share of the widest that ends
 * a sentence ends its paragraph. */
#define WRAP_SHORT_SHARE 0.8
/* Lines wider than this are not hard-wrapped: a paragraph per line. */
#define WRAP_MAX_WIDTH 200

/* --- units ------------------------------------------------------------ */

static article_unit *new_unit(article_units *u, unit_kind kind, size_t first,
                              size_t last, const char *rule)
{
	if (u->n == u->cap) {
		size_t cap = u->cap ? u->cap * 2 : 32;
		article_unit *v = realloc(u->v, cap * sizeof *v);
		if (!v)
			return NULL;
		u->v = v;
		u->cap = cap;
	}
	article_unit *x = &u->v[u->n++];
	memset(x, 0, sizeof *x);
	x->kind = kind;
	x->first = first;
	x->last = last;
	x->rule = rule;
	docconv_buf_init(&x->text);
	docconv_buf_init(&x->credit);
	return x;
}

void article_units_free(article_units *u)
{
	for (size_t i = 0; i < u->n; i++) {
		docconv_buf_free(&u->v[i].text);
		docconv_buf_free(&u->v[i].credit);
	}
	free(u->v);
	memset(u, 0, sizeof *u);
}

/* --- text joining ----------------------------------------------------- */

static uint32_t first_cp(const char *s, size_t n)
{
	uint32_t cp = 0;
	return n && docconv_utf8_decode(s, n, &cp) ? cp : 0;
}

/* Appends s[0..n) collapsing runs of ASCII white space to one space. */
static int put_collapsed(docconv_buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '\t' || c == ' ') {
			if (b->len && b->data[b->len - 1] == ' ')
				continue;
			c = ' ';
		}
		if (docconv_buf_putc(b, c))
			return -1;
	}
	return 0;
}

static int is_ascii_lower(uint32_t c) { return c >= 'a' && c <= 'z'; }

static int word_in(const char *w, size_t n, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (strlen(list[i]) == n && strncasecmp(w, list[i], n) == 0)
			return 1;
	return 0;
}

/* Whether `left-right` reads as a hyphenated compound: a number or one of
 * the prefixes English hyphenates (two-lane, self-made), or a second part
 * that makes compound adjectives (member-owned, long-term). */
static int is_compound(const char *left, size_t ln, const char *right,
                       size_t rn)
{
	static const char *const prefixes[] = {
		"one", "two", "three", "four", "five", "six", "seven", "eight",
		"nine", "ten", "eleven", "twelve", "twenty", "thirty", "forty",
		"fifty", "hundred", "first", "second", "third", "self", "well",
		"half", "all", "ex", "cross", "full", "part", "long", "short",
		"high", "low", "top", "so", "vice", "great", NULL
	};
	static const char *const suffixes[] = {
		"owned", "based", "run", "led", "related", "free", "friendly",
		"style", "like", "wide", "term", "time", "old", "year", "made",
		"born", "sized", "level", "scale", "class", "minded", "looking",
		"aged", "specific", "oriented", "controlled", "funded", "backed",
		"bound", "proof", "lane", "story", "day", "week", "month", "hour",
		"mile", "page", "member", "known", NULL
	};
	return word_in(left, ln, prefixes) || word_in(right, rn, suffixes);
}

/* Whether a line-end hyphen between `left` (ending in "-") and `right` is a
 * wrap hyphen to remove: lowercase on both sides, and the document does not
 * spell the word with a hyphen elsewhere while it does without. */
static int drop_wrap_hyphen(const article_lines *L, const char *left,
                            size_t ln, const char *right, size_t rn)
{
	if (ln < 2 || !is_ascii_lower(first_cp(right, rn)))
		return 0;
	uint32_t before = docconv_utf8_last(left, ln - 1, NULL);
	if (!docconv_is_alnum_latin(before) || (before >= '0' && before <= '9'))
		return 0;
	/* The word fragments on each side. */
	size_t ws = ln - 1;
	while (ws > 0 && ((left[ws - 1] >= 'a' && left[ws - 1] <= 'z') ||
	                  (left[ws - 1] >= 'A' && left[ws - 1] <= 'Z')))
		ws--;
	size_t we = 0;
	while (we < rn && ((right[we] >= 'a' && right[we] <= 'z') ||
	                   (right[we] >= 'A' && right[we] <= 'Z')))
		we++;
	char word[128];
	size_t a = ln - 1 - ws;
	if (a + we + 1 >= sizeof word || a == 0)
		return 1;
	memcpy(word, left + ws, a);
	word[a] = '-';
	memcpy(word + a + 1, right, we);
	int hyphened = article_text_has_word(L, word, a + 1 + we);
	memcpy(word + a, right, we);
	int joined = article_text_has_word(L, word, a + we);
	/* The article's own spelling elsewhere decides; failing that, the
	 * usual shape of an English compound does. */
	if (hyphened != joined)
		return joined;
	return !is_compound(left + ws, a, right, we);
}

/* Appends a line's text to a unit's text, joining as the scripts want:
 * no space around CJK, one space between Latin words, a wrap hyphen
 * removed. */
static int join_piece(const article_lines *L, docconv_buf *b, const char *s,
                      size_t n)
{
	if (n == 0)
		return 0;
	if (b->len) {
		size_t pl;
		uint32_t prev = docconv_utf8_last(b->data, b->len, &pl);
		uint32_t next = first_cp(s, n);
		if (prev == '-' && drop_wrap_hyphen(L, b->data, b->len, s, n)) {
			b->len -= 1;
			b->data[b->len] = '\0';
		} else if (prev == '-' && b->len >= 2 &&
		           docconv_is_alnum_latin(docconv_utf8_last(b->data, b->len - 1, NULL))) {
			/* a real hyphen at the end of a line: keep, no space */
		} else if (!docconv_is_cjk(prev) && !docconv_is_cjk(next) &&
		           !docconv_is_space(prev)) {
			if (docconv_buf_putc(b, ' '))
				return -1;
		}
	}
	return put_collapsed(b, s, n);
}

static int set_text(article_unit *u, const char *s, size_t n)
{
	u->text.len = 0;
	if (u->text.data)
		u->text.data[0] = '\0';
	return put_collapsed(&u->text, s, n);
}

/* --- line predicates -------------------------------------------------- */

static int latin_line(const article_line *ln)
{
	return ln->latin > ln->cjk * 2;
}

static int ends_with_any(const article_line *ln, const uint32_t *set)
{
	for (; *set; set++)
		if (ln->last == *set)
			return 1;
	return 0;
}

static const uint32_t clause_enders[] = {
	0xFF0C, ',', 0x3001, 0xFF1B, ';', 0xFF1A, ':', 0
};

/* A Chinese line cut at the end of a column stops in mid-clause; a line
 * ending in a period or a comma is not a title or a subhead. */
static int is_title_like(const article_line *ln, int continuation)
{
	if (ln->kind != LINE_TEXT || ln->width > ARTICLE_TITLE_MAX_WIDTH ||
	    ln->len == 0)
		return 0;
	if (ends_with_any(ln, clause_enders) || ln->last == 0x3002 ||
	    ln->last == '.' || ln->commas > 2)
		return 0;
	size_t dl = article_match_dateline(ln->s, ln->len);
	if (dl && dl < ln->len)
		return 0;
	if (latin_line(ln)) {
		uint32_t f = ln->first;
		if (!(docconv_is_upper_latin(f) || (f >= '0' && f <= '9') ||
		      f == '"' || f == 0x201C || f == '\'' ||
		      (continuation && is_ascii_lower(f))))
			return 0;
		if (ln->width > 120 || ln->latin < 3)
			return 0;
	}
	return 1;
}

static int is_all_caps(const article_line *ln)
{
	return ln->latin >= 3 && ln->upper * 10 >= ln->latin * 8 && ln->cjk == 0;
}

/* A line ending in "the", "of", "would" stops in mid-sentence. */
static int ends_in_function_word(const article_line *ln)
{
	static const char *const words[] = {
		"a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "with",
		"and", "or", "but", "that", "which", "who", "would", "will", "could",
		"should", "is", "are", "was", "were", "has", "have", "had", "be",
		"from", "as", "than", "its", "their", "his", "her", NULL
	};
	size_t start = ln->len;
	while (start > 0 && ln->s[start - 1] >= 'a' && ln->s[start - 1] <= 'z')
		start--;
	if (start == ln->len || (start > 0 && ln->s[start - 1] != ' '))
		return 0;
	for (size_t i = 0; words[i]; i++)
		if (strlen(words[i]) == ln->len - start &&
		    memcmp(ln->s + start, words[i], ln->len - start) == 0)
			return 1;
	return 0;
}

/* Whether every opening quote or bracket in s is closed: a line that
 * leaves one open stops in mid-sentence. */
static int brackets_balanced(const char *s, size_t n)
{
	static const uint32_t pairs[][2] = {
		{ 0x201C, 0x201D }, { 0x2018, 0x2019 }, { 0xFF08, 0xFF09 },
		{ '(', ')' }, { 0x300A, 0x300B }, { 0x300C, 0x300D },
		{ 0x300E, 0x300F }, { 0x3010, 0x3011 }, { '[', ']' },
	};
	int depth[sizeof pairs / sizeof *pairs] = { 0 };
	size_t i = 0;
	while (i < n) {
		uint32_t cp = 0;
		size_t l = docconv_utf8_decode(s + i, n - i, &cp);
		i += l ? l : 1;
		for (size_t k = 0; k < sizeof pairs / sizeof *pairs; k++) {
			if (cp == pairs[k][0])
				depth[k]++;
			else if (cp == pairs[k][1])
				depth[k]--;
		}
	}
	for (size_t k = 0; k < sizeof pairs / sizeof *pairs; k++)
		if (depth[k] != 0)
			return 0;
	return 1;
}

/* A line wholly inside brackets, `（编辑：严玉洁）`, is a note, not a subhead. */
static int is_bracketed(const article_line *ln)
{
	return (ln->first == 0xFF08 && ln->last == 0xFF09) ||
	       (ln->first == '(' && ln->last == ')') ||
	       (ln->first == 0x3010 && ln->last == 0x3011) ||
	       (ln->first == '[' && ln->last == ']');
}

/* `责任编辑：方圆`: the page's staff credit, a note rather than a subhead. */
static int is_staff_credit(const article_line *ln)
{
	static const char *const roles[] = {
		"责任编辑", "責任編輯", "编辑", "編輯", "责编", "責編", "校对",
		"校對", "审校", "審校", "美编", "美編", "值班编辑", "监制", "統籌",
		"统筹", "策划", "策劃", "制图", "製圖", NULL
	};
	for (size_t i = 0; roles[i]; i++) {
		size_t rl = strlen(roles[i]);
		if (ln->len > rl && memcmp(ln->s, roles[i], rl) == 0 &&
		    (memcmp(ln->s + rl, "\xEF\xBC\x9A", 3) == 0 || ln->s[rl] == ':' ||
		     ln->s[rl] == ' ' || memcmp(ln->s + rl, "\xE3\x80\x80", 3) == 0))
			return 1;
	}
	return 0;
}

/* `标签：说明`: a short label before a full-width colon. */
static int colon_label(const article_line *ln)
{
	const char *c = NULL;
	for (size_t i = 0; i + 3 <= ln->len; i++)
		if (memcmp(ln->s + i, "\xEF\xBC\x9A", 3) == 0) {
			c = ln->s + i;
			break;
		}
	return c && article_width(ln->s, (size_t)(c - ln->s)) <= 30 &&
	       (size_t)(c - ln->s) + 3 < ln->len;
}

/* A subhead: short, no sentence punctuation in it, at most one comma;
 * in English also ALL CAPS lines. */
static int is_heading_like(const article_line *ln)
{
	if (ln->kind != LINE_TEXT || ln->len == 0)
		return 0;
	if (ends_with_any(ln, clause_enders))
		return 0;
	size_t dl = article_match_dateline(ln->s, ln->len);
	if (dl && dl < ln->len)
		return 0;
	if (latin_line(ln)) {
		if (is_all_caps(ln) && ln->width <= ARTICLE_HEADING_MAX_WIDTH_LATIN)
			return 1;
		/* A short question may head a section ("Will winds whip parade
		 * balloons?"); a quoted one is speech. */
		int question = ln->last == '?' && ln->first != '"' &&
		               ln->first != 0x201C;
		if (ln->width > 60 || ln->latin < 3 || ln->inner_ends > 0 ||
		    (ln->ends_sentence && !question) || ln->last == '-' ||
		    ends_in_function_word(ln))
			return 0;
		uint32_t f = ln->first;
		return docconv_is_upper_latin(f) || (f >= '0' && f <= '9') ||
		       f == '"' || f == 0x201C;
	}
	if (ln->commas > 1 || ln->inner_ends > 0 || ln->cjk < 2 ||
	    !brackets_balanced(ln->s, ln->len) || is_bracketed(ln) ||
	    is_staff_credit(ln))
		return 0;
	/* A label and a colon (`法律用美国的：……`) makes a longer subhead. */
	if (ln->width > ARTICLE_HEADING_MAX_WIDTH &&
	    !(ln->width <= ARTICLE_LABEL_HEADING_MAX_WIDTH && colon_label(ln)))
		return 0;
	/* A question or exclamation may head a section; a full stop may not. */
	if (ln->ends_sentence && ln->last != 0xFF1F && ln->last != 0xFF01)
		return 0;
	return 1;
}

/* A line that is one string twice (`XYXY`): a caption the extraction doubled. */
static int is_doubled(const article_line *ln)
{
	if (ln->len < 12 || ln->len % 2)
		return 0;
	size_t h = ln->len / 2;
	return memcmp(ln->s, ln->s + h, h) == 0 &&
	       (((unsigned char)ln->s[h] & 0xC0) != 0x80);
}

/* --- 1. figures ------------------------------------------------------- */

typedef struct assembly {
	const article_lines *L;
	article_units *U;
	long *owner;            /* per line: unit index or -1 */
	size_t title_first;     /* first line of the title block, or SIZE_MAX */
	docconv_diag *d;
} assembly;

static int line_free(const assembly *a, size_t i)
{
	return a->owner[i] < 0 && a->L->v[i].kind != LINE_BLANK;
}

/* `last`: the line right above a credit alone, which holds the whole
 * caption when it was not wrapped. */
static int is_caption_line(const article_line *ln, int last)
{
	size_t limit = last ? ARTICLE_CAPTION_SINGLE_MAX_WIDTH
	               : latin_line(ln) ? 90 : ARTICLE_CAPTION_LINE_MAX_WIDTH;
	return (ln->kind == LINE_TEXT || ln->kind == LINE_CAPTION_LEAD) &&
	       ln->width <= limit;
}

static docconv_status add_figure(assembly *a, size_t credit_line)
{
	const article_lines *L = a->L;
	const article_line *cl = &L->v[credit_line];
	size_t first = credit_line;
	/* Caption lines above the credit, in the same chunk. */
	while (first > 0 && credit_line - first < ARTICLE_CAPTION_MAX_LINES - 1) {
		size_t j = first - 1;
		const article_line *ln = &L->v[j];
		if (!line_free(a, j))
			break;
		int chunk_start = j == 0 || L->v[j - 1].kind == LINE_BLANK;
		/* The line right above a credit alone may end the caption's
		 * sentence; higher up, a finished sentence belongs to the text
		 * before, unless it opens the chunk (a caption whose lines came
		 * out of order). */
		int caption_end = j + 1 == credit_line && cl->kind == LINE_CREDIT;
		if (ln->ends_sentence && !chunk_start && !caption_end)
			break;
		if (!is_caption_line(ln, caption_end))
			break;
		first = j;
		if (ln->ends_sentence && !caption_end)
			break;
	}
	/* A credit alone under a caption set off by a blank line: the chunk
	 * above, when it is a few short lines that finish a sentence. */
	if (first == credit_line && cl->kind == LINE_CREDIT && credit_line >= 2 &&
	    L->v[credit_line - 1].kind == LINE_BLANK) {
		size_t end = credit_line - 2, j = end;
		int sentence = 0;
		while (line_free(a, j) && is_caption_line(&L->v[j], 0) &&
		       end - j < ARTICLE_CAPTION_MAX_LINES - 1) {
			sentence |= L->v[j].ends_sentence;
			if (j == 0 || L->v[j - 1].kind == LINE_BLANK) {
				if (sentence)
					first = j;
				break;
			}
			j--;
		}
	}

	article_unit *u = new_unit(a->U, UNIT_FIGURE, first, credit_line,
	                           cl->kind == LINE_CREDIT && first == credit_line
	                               ? "credit-alone: a photo credit with no caption"
	                               : "caption-credit: short caption lines ending in a photo credit");
	if (!u)
		return DOCCONV_ERR_NOMEM;
	/* The caption pieces, then the rotation that undoes a line order in
	 * which the line ending a sentence came first. */
	const char *piece[ARTICLE_CAPTION_MAX_LINES + 1];
	size_t plen[ARTICLE_CAPTION_MAX_LINES + 1], k = 0;
	for (size_t j = first; j <= credit_line; j++) {
		if (L->v[j].kind == LINE_BLANK)
			continue;
		size_t n = j == credit_line ? cl->credit_at : L->v[j].len;
		const char *s = L->v[j].s;
		while (n && (s[n - 1] == ' '))
			n--;
		if (j == credit_line && n >= 3 && memcmp(s + n - 3, "\xE3\x80\x80", 3) == 0)
			n -= 3;
		if (n) {
			piece[k] = s;
			plen[k++] = n;
		}
	}
	size_t rot = 0;
	if (k >= 2 && !article_ends_sentence(piece[k - 1], plen[k - 1]))
		for (size_t m = k - 1; m-- > 0;)
			if (article_ends_sentence(piece[m], plen[m])) {
				rot = m + 1;
				break;
			}
	if (rot)
		u->note = "lines put back in order (the line ending the sentence came first)";
	for (size_t m = 0; m < k; m++) {
		size_t p = (rot + m) % k;
		if (join_piece(L, &u->text, piece[p], plen[p]))
			return DOCCONV_ERR_NOMEM;
	}
	if (put_collapsed(&u->credit, cl->s + cl->credit_at,
	                  cl->len - cl->credit_at))
		return DOCCONV_ERR_NOMEM;
	u->ends_sentence = 1;
	for (size_t j = first; j <= credit_line; j++)
		a->owner[j] = (long)(a->U->n - 1);
	return DOCCONV_OK;
}

static docconv_status find_figures(assembly *a)
{
	const article_lines *L = a->L;
	docconv_status st = DOCCONV_OK;
	for (size_t i = 0; i < L->n && !st; i++) {
		const article_line *ln = &L->v[i];
		if (a->owner[i] >= 0)
			continue;
		if (ln->kind == LINE_CREDIT || ln->kind == LINE_CAPTION_CREDIT) {
			st = add_figure(a, i);
		} else if (ln->kind == LINE_CAPTION_LEAD || is_doubled(ln)) {
			article_unit *u = new_unit(a->U, UNIT_FIGURE, i, i,
			                           ln->kind == LINE_CAPTION_LEAD
			                               ? "caption-lead: a photo caption's wording, no credit"
			                               : "caption-doubled: a caption repeated on its line by the extraction");
			if (!u || put_collapsed(&u->text, ln->s, ln->len))
				return DOCCONV_ERR_NOMEM;
			u->ends_sentence = 1;
			a->owner[i] = (long)(a->U->n - 1);
		}
	}
	return st;
}

/* --- 2. the title block ----------------------------------------------- */

static int is_subtitle_mark(const article_line *ln)
{
	return ln->first == 0x2014 || ln->first == 0x2015 || ln->first == 0x2500 ||
	       (ln->len >= 6 && memcmp(ln->s, "\xEF\xBC\x8D\xEF\xBC\x8D", 6) == 0);
}

static int ends_with_dash(const article_line *ln)
{
	return ln->last == 0x2014 || ln->last == 0x2015;
}

static article_unit *line_unit(assembly *a, unit_kind kind, size_t i,
                               const char *rule)
{
	const article_line *ln = &a->L->v[i];
	article_unit *u = new_unit(a->U, kind, i, i, rule);
	if (!u || put_collapsed(&u->text, ln->s, ln->len))
		return NULL;
	u->ends_sentence = ln->ends_sentence;
	u->starts_indented = ln->indent > 0;
	a->owner[i] = (long)(a->U->n - 1);
	return u;
}

/* A short line naming a news agency or a reporter's post. */
static int is_agency_line(const article_line *ln)
{
	static const char *const words[] = {
		"Associated Press", "Reuters", "Agence France-Presse", "AFP",
		"Bloomberg", "Writer", "Correspondent", "Staff", "Bureau", NULL
	};
	if (ln->kind != LINE_TEXT || !latin_line(ln) || ln->width > 48 ||
	    ln->ends_sentence || ln->commas > 1)
		return 0;
	for (size_t k = 0; words[k]; k++) {
		size_t wl = strlen(words[k]);
		for (size_t i = 0; i + wl <= ln->len; i++)
			if (memcmp(ln->s + i, words[k], wl) == 0)
				return 1;
	}
	return 0;
}

static docconv_status byline_unit(assembly *a, size_t i)
{
	const article_line *ln = &a->L->v[i];
	article_unit *u = new_unit(a->U, UNIT_BYLINE, i, i,
	                           ln->byline_at ? "byline: a □ marker and a name (marker dropped)"
	                                         : "byline: a reporter's name with its role");
	if (!u || put_collapsed(&u->text, ln->s + ln->byline_at,
	                        ln->len - ln->byline_at))
		return DOCCONV_ERR_NOMEM;
	a->owner[i] = (long)(a->U->n - 1);
	/* "By JANE DOE" over "Associated Press": the agency line is part of
	 * the byline. */
	if (i + 1 < a->L->n && line_free(a, i + 1) &&
	    is_agency_line(&a->L->v[i + 1])) {
		const article_line *next = &a->L->v[i + 1];
		if (join_piece(a->L, &u->text, next->s, next->len))
			return DOCCONV_ERR_NOMEM;
		u->last = i + 1;
		a->owner[i + 1] = (long)(a->U->n - 1);
	}
	return DOCCONV_OK;
}

static docconv_status find_title_block(assembly *a)
{
	const article_lines *L = a->L;
	size_t cand[4], nc = 0;
	int adjacent[4] = { 0 };
	size_t i = 0;
	/* The first free line that is text (bylines before the title wait). */
	for (; i < L->n; i++)
		if (line_free(a, i) && L->v[i].kind != LINE_BYLINE)
			break;
	size_t prev = SIZE_MAX;
	for (; i < L->n && nc < 4; i++) {
		if (!line_free(a, i))
			continue;
		const article_line *ln = &L->v[i];
		/* An English headline wrapped onto a line that starts in
		 * lowercase continues the line above it. */
		int continuation = nc > 0 && prev + 1 == i;
		if (ln->kind == LINE_BYLINE || !is_title_like(ln, continuation))
			break;
		adjacent[nc] = prev != SIZE_MAX && prev + 1 == i;
		cand[nc++] = i;
		prev = i;
		/* A subtitle closes the block. */
		if (nc >= 2 && is_subtitle_mark(ln))
			break;
	}
	/* The line after the candidates must not continue the last one: a
	 * "title" that a column break cut off from its paragraph is text. */
	if (nc == 0)
		return DOCCONV_OK;
	/* A lone short line followed by nothing is not a title block. */
	size_t title = cand[0], kicker = SIZE_MAX, subtitle = SIZE_MAX, wrap = SIZE_MAX;
	if (nc >= 2) {
		size_t s = SIZE_MAX;
		for (size_t k = 1; k < nc; k++)
			if (is_subtitle_mark(&L->v[cand[k]])) {
				s = k;
				break;
			}
		if (s != SIZE_MAX) {
			subtitle = cand[s];
			title = cand[s - 1];
			if (s >= 2)
				kicker = cand[s - 2];
			if (s >= 3 && adjacent[s - 1])  /* wrapped title above */
				kicker = cand[s - 3], wrap = cand[s - 2],
				title = cand[s - 1];
		} else if (ends_with_dash(&L->v[cand[0]]) ||
		           L->v[cand[0]].last == 0xFF1A) {
			kicker = cand[0];
			title = cand[1];
		} else {
			/* Two short lines on top: a headline wrapped onto a shorter
			 * second line (English: going on in lowercase), else, in
			 * Chinese, a kicker above the title, in English a title and
			 * its deck. */
			const article_line *l0 = &L->v[cand[0]], *l1 = &L->v[cand[1]];
			int wrapped = adjacent[1] &&
			              (latin_line(l0) ? is_ascii_lower(l1->first)
			                              : l0->width > l1->width);
			if (wrapped) {
				wrap = cand[0];
				title = cand[1];
			} else if (latin_line(l0)) {
				title = cand[0];
				subtitle = cand[1];
			} else {
				kicker = cand[0];
				title = cand[1];
				if (nc >= 3 && adjacent[2])
					subtitle = cand[2];
			}
		}
	}
	/* Build the units: kicker, title, subtitle. */
	a->title_first = kicker != SIZE_MAX ? kicker : wrap != SIZE_MAX ? wrap : title;
	if (kicker != SIZE_MAX &&
	    !line_unit(a, UNIT_KICKER, kicker, "kicker: a short line above the title"))
		return DOCCONV_ERR_NOMEM;
	if (wrap != SIZE_MAX) {
		article_unit *u = new_unit(a->U, UNIT_TITLE, wrap, title,
		                           "title: the first short lines, wrapped, without end punctuation");
		if (!u || join_piece(a->L, &u->text, L->v[wrap].s, L->v[wrap].len) ||
		    join_piece(a->L, &u->text, L->v[title].s, L->v[title].len))
			return DOCCONV_ERR_NOMEM;
		a->owner[wrap] = a->owner[title] = (long)(a->U->n - 1);
	} else if (!line_unit(a, UNIT_TITLE, title,
	                      "title: the first short line without end punctuation")) {
		return DOCCONV_ERR_NOMEM;
	}
	if (subtitle != SIZE_MAX &&
	    !line_unit(a, UNIT_SUBTITLE, subtitle,
	               is_subtitle_mark(&L->v[subtitle])
	                   ? "subtitle: a line below the title starting with ——"
	                   : "subtitle: a second short line below the title"))
		return DOCCONV_ERR_NOMEM;
	/* Bylines before the first paragraph belong to the title block. */
	for (size_t j = 0; j < L->n; j++) {
		if (!line_free(a, j))
			continue;
		if (L->v[j].kind != LINE_BYLINE) {
			if (j > a->title_first)
				break;
			continue;
		}
		docconv_status st = byline_unit(a, j);
		if (st)
			return st;
	}
	return DOCCONV_OK;
}

/* --- 3. the body ------------------------------------------------------ */

static docconv_status emit_segment(assembly *a, size_t first, size_t last,
                                   const char *rule)
{
	const article_lines *L = a->L;
	unit_kind kind = UNIT_PARAGRAPH;
	if (first == last && is_heading_like(&L->v[first])) {
		kind = UNIT_HEADING;
		rule = is_all_caps(&L->v[first]) && latin_line(&L->v[first])
		           ? "subhead: a short line in capitals"
		           : "subhead: a short line without sentence punctuation";
	}
	article_unit *u = new_unit(a->U, kind, first, last, rule);
	if (!u)
		return DOCCONV_ERR_NOMEM;
	for (size_t j = first; j <= last; j++) {
		if (join_piece(L, &u->text, L->v[j].s, L->v[j].len))
			return DOCCONV_ERR_NOMEM;
		a->owner[j] = (long)(a->U->n - 1);
	}
	u->ends_sentence = L->v[last].ends_sentence;
	u->starts_indented = L->v[first].indent > 0;
	return DOCCONV_OK;
}

/* Cuts a run of consecutive text lines into paragraphs and subheads. */
static docconv_status segment_run(assembly *a, size_t first, size_t last)
{
	const article_lines *L = a->L;
	size_t widest = 0, full = 0, indented = 0;
	for (size_t j = first; j <= last; j++) {
		if (L->v[j].width > widest)
			widest = L->v[j].width;
		if (L->v[j].indent)
			indented++;
	}
	for (size_t j = first; j < last; j++)
		if (L->v[j].width >= WRAP_FULL_SHARE * (double)widest)
			full++;
	size_t nonlast = last - first;
	/* Two lines say too little about a wrap width: they join unless the
	 * first ends a sentence. */
	int wrapped = nonlast >= 2 && widest <= WRAP_MAX_WIDTH && full * 2 >= nonlast;
	/* Indentation marks paragraphs only when some lines are not indented
	 * (a wrapped paragraph's other lines). */
	int by_indent = indented > 0 && indented < last - first + 1;
	const char *rule = by_indent ? "paragraph: starts at an indented line"
	                   : wrapped ? "paragraph: hard-wrapped lines joined"
	                             : "paragraph: a line of text";

	size_t start = first;
	for (size_t j = first; j < last; j++) {
		const article_line *ln = &L->v[j], *next = &L->v[j + 1];
		int cut;
		size_t dl = article_match_dateline(next->s, next->len);
		if (by_indent)
			cut = next->indent > 0 ||
			      (is_heading_like(ln) && ln->indent == 0 && j == start);
		else if (ln->ends_hyphen && latin_line(ln))
			cut = 0;
		else if (wrapped)
			cut = (ln->ends_sentence &&
			       ln->width < WRAP_SHORT_SHARE * (double)widest) ||
			      (j == start && is_heading_like(ln) &&
			       ln->width < 0.5 * (double)widest);
		else if (latin_line(next) && is_ascii_lower(next->first))
			cut = 0;  /* an English line going on in lowercase */
		else
			cut = ln->ends_sentence || is_heading_like(ln) ||
			      is_heading_like(next) || indented == last - first + 1;
		if (dl && dl < next->len)
			cut = 1;
		if (cut) {
			docconv_status st = emit_segment(a, start, j, rule);
			if (st)
				return st;
			start = j + 1;
		}
	}
	return emit_segment(a, start, last, rule);
}

static docconv_status find_body(assembly *a)
{
	const article_lines *L = a->L;
	docconv_status st = DOCCONV_OK;
	size_t i = 0;
	while (i < L->n && !st) {
		if (!line_free(a, i)) {
			i++;
			continue;
		}
		if (L->v[i].kind == LINE_BYLINE) {
			st = byline_unit(a, i++);
			continue;
		}
		size_t dl = article_match_dateline(L->v[i].s, L->v[i].len);
		if (dl == L->v[i].len) {
			if (!line_unit(a, UNIT_DATELINE, i, "dateline: a line naming place and date"))
				return DOCCONV_ERR_NOMEM;
			i++;
			continue;
		}
		size_t j = i;
		while (j + 1 < L->n && line_free(a, j + 1) &&
		       L->v[j + 1].kind == LINE_TEXT &&
		       article_match_dateline(L->v[j + 1].s, L->v[j + 1].len) !=
		           L->v[j + 1].len)
			j++;
		st = segment_run(a, i, j);
		i = j + 1;
	}
	return st;
}

/* --- 4. datelines ----------------------------------------------------- */

static docconv_status split_datelines(assembly *a)
{
	size_t n = a->U->n;
	for (size_t i = 0; i < n; i++) {
		article_unit *p = &a->U->v[i];
		if (p->kind != UNIT_PARAGRAPH)
			continue;
		size_t dl = article_match_dateline(p->text.data, p->text.len);
		if (!dl || dl >= p->text.len)
			continue;
		size_t first = p->first;
		article_unit *u = new_unit(a->U, UNIT_DATELINE, first, first,
		                           "dateline: place and date opening the paragraph, split off");
		if (!u)
			return DOCCONV_ERR_NOMEM;
		p = &a->U->v[i];  /* the array may have moved */
		size_t keep = dl;
		const char *s = p->text.data;
		while (keep > 0 && (s[keep - 1] == ' '))
			keep--;
		if (keep >= 3 && memcmp(s + keep - 3, "\xE3\x80\x80", 3) == 0)
			keep -= 3;
		if (put_collapsed(&u->text, s, keep))
			return DOCCONV_ERR_NOMEM;
		docconv_buf rest;
		docconv_buf_init(&rest);
		if (docconv_buf_put(&rest, s + dl, p->text.len - dl))
			return DOCCONV_ERR_NOMEM;
		int r = set_text(p, rest.data, rest.len);
		docconv_buf_free(&rest);
		if (r)
			return DOCCONV_ERR_NOMEM;
	}
	return DOCCONV_OK;
}

/* --- 5. column breaks ------------------------------------------------- */

static int opens_text(uint32_t c)
{
	return docconv_is_cjk_letter(c) || (c >= '0' && c <= '9') ||
	       (c >= 0xFF10 && c <= 0xFF19) || docconv_kinsoku_no_start(c);
}

/* Whether paragraph `q` continues paragraph `p` cut by a column break. */
static int continues(const article_unit *p, const article_unit *q,
                     int doc_indents)
{
	if (p->ends_sentence || p->text.len == 0 || q->text.len == 0)
		return 0;
	if (doc_indents && q->starts_indented)
		return 0;
	uint32_t last = docconv_utf8_last(p->text.data, p->text.len, NULL);
	uint32_t next = first_cp(q->text.data, q->text.len);
	if (last == 0xFF1A || last == ':')
		return 0;
	/* Cut after a comma (full- or half-width, as Chinese pages often set
	 * ASCII punctuation): the sentence goes on in the next block. */
	if (docconv_is_clause_punct(last))
		return opens_text(next) || docconv_is_alnum_latin(next);
	if (docconv_is_cjk(last) || docconv_is_cjk(next))
		return docconv_is_cjk(last) && opens_text(next);
	if (last == '-' || last == ',')
		return 1;
	return is_ascii_lower(next);
}

static int has_comma(const docconv_buf *b)
{
	for (size_t i = 0; i + 3 <= b->len; i++)
		if (memcmp(b->data + i, "\xEF\xBC\x8C", 3) == 0 ||  /* ， */
		    memcmp(b->data + i, "\xE3\x80\x81", 3) == 0)    /* 、 */
			return 1;
	return memchr(b->data ? b->data : "", ',', b->len) != NULL;
}

/* Units sorted by their first line (input order). */
static int by_first_line(const void *x, const void *y)
{
	const article_unit *a = *(const article_unit *const *)x;
	const article_unit *b = *(const article_unit *const *)y;
	if (a->first != b->first)
		return a->first < b->first ? -1 : 1;
	/* A dateline split from a paragraph goes before it. */
	if (a->kind == UNIT_DATELINE && b->kind != UNIT_DATELINE)
		return -1;
	if (b->kind == UNIT_DATELINE && a->kind != UNIT_DATELINE)
		return 1;
	return a < b ? -1 : 1;
}

static docconv_status join_column_breaks(assembly *a, article_unit **seq,
                                         size_t n)
{
	int doc_indents = 0;
	for (size_t i = 0; i < a->L->n; i++)
		if (a->L->v[i].indent)
			doc_indents = 1;
	/* Two subheads in a row are rare; when the second reads as prose (it
	 * has a comma) and the next paragraph continues it, it is the start of
	 * that paragraph, cut off by a column break. */
	for (size_t i = 1; i + 1 < n; i++) {
		article_unit *h = seq[i];
		if (h->kind != UNIT_HEADING || !has_comma(&h->text))
			continue;
		size_t before = i, after = i + 1;
		while (before > 0 && seq[before - 1]->kind == UNIT_FIGURE)
			before--;
		while (after < n && seq[after]->kind == UNIT_FIGURE)
			after++;
		if (before == 0 || seq[before - 1]->kind != UNIT_HEADING ||
		    after >= n || seq[after]->kind != UNIT_PARAGRAPH ||
		    !continues(h, seq[after], doc_indents))
			continue;
		h->kind = UNIT_PARAGRAPH;
		h->rule = "paragraph: prose after a subhead, cut by a column break";
	}
	for (size_t i = 0; i < n; i++) {
		article_unit *p = seq[i];
		if (p->dropped || p->kind != UNIT_PARAGRAPH)
			continue;
		/* The search goes on from the last piece joined rather than
		 * from i: a long chain of joins stays linear. */
		size_t j = i + 1;
		for (;;) {
			while (j < n && (seq[j]->dropped || seq[j]->kind == UNIT_FIGURE))
				j++;
			if (j >= n || seq[j]->kind != UNIT_PARAGRAPH ||
			    !continues(p, seq[j], doc_indents))
				break;
			article_unit *q = seq[j];
			if (join_piece(a->L, &p->text, q->text.data, q->text.len))
				return DOCCONV_ERR_NOMEM;
			p->ends_sentence = q->ends_sentence;
			p->last = q->last;
			p->note = "a column break cut it; rejoined with the block that continues it";
			q->dropped = 1;
		}
	}
	return DOCCONV_OK;
}

/* --- 6. order --------------------------------------------------------- */

docconv_status article_assemble(const article_lines *lines,
                                article_units *units, docconv_diag *d)
{
	docconv_status st = DOCCONV_OK;
	article_unit **seq = NULL;
	assembly a = { lines, units, NULL, SIZE_MAX, d };
	memset(units, 0, sizeof *units);
	if (!(a.owner = malloc((lines->n + 1) * sizeof *a.owner)))
		return DOCCONV_ERR_NOMEM;
	for (size_t i = 0; i < lines->n; i++)
		a.owner[i] = -1;

	if ((st = find_figures(&a)) || (st = find_title_block(&a)) ||
	    (st = find_body(&a)) || (st = split_datelines(&a)))
		goto out;

	/* Input order, then the column-break joins over it. */
	size_t n = units->n;
	if (!(seq = malloc((n + 1) * sizeof *seq))) {
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		seq[i] = &units->v[i];
	qsort(seq, n, sizeof *seq, by_first_line);
	if ((st = join_column_breaks(&a, seq, n)))
		goto out;

	/* Reading order: the title block (kicker, title, subtitle, its
	 * bylines) first, then the rest in input order. */
	size_t pos = 0;
	static const unit_kind head[] = { UNIT_KICKER, UNIT_TITLE, UNIT_SUBTITLE };
	for (size_t k = 0; k < 3; k++)
		for (size_t i = 0; i < n; i++)
			if (seq[i]->kind == head[k])
				seq[i]->order = ++pos;
	/* Bylines before the first paragraph or subhead join the title
	 * block. */
	if (a.title_first != SIZE_MAX)
		for (size_t i = 0; i < n && seq[i]->kind != UNIT_PARAGRAPH &&
		                   seq[i]->kind != UNIT_HEADING; i++)
			if (seq[i]->kind == UNIT_BYLINE && !seq[i]->dropped &&
			    seq[i]->order == 0)
				seq[i]->order = ++pos;
	for (size_t i = 0; i < n; i++) {
		if (seq[i]->kind == UNIT_FIGURE && a.title_first != SIZE_MAX &&
		    seq[i]->first < a.title_first && !seq[i]->note)
			seq[i]->note = "stood before the title; moved after the title block";
		else if (seq[i]->kind == UNIT_FIGURE && a.title_first != SIZE_MAX &&
		         seq[i]->first < a.title_first)
			seq[i]->note = "lines put back in order; moved after the title block";
		if (!seq[i]->dropped && seq[i]->order == 0)
			seq[i]->order = ++pos;
		else if (seq[i]->dropped)
			seq[i]->order = 0;
	}
out:
	free(seq);
	free(a.owner);
	return st;
}
