/* assemble.c — the lines' classes → blocks and articles in reading order.
 *
 * The decoder has said what each line is; what is left is mechanical:
 * - lines of one block are joined (Chinese with no space, Latin with one,
 *   a wrap hyphen removed when the word goes on);
 * - a "paragraph+" line after a caption goes on with the paragraph the
 *   caption interrupted, and the caption follows that paragraph;
 * - a caption whose lines came out of order (the line ending its sentence
 *   first) is put back; a credit at the end of a caption line is split off;
 * - a dateline opening a paragraph is split off; a title that carries its
 *   deck (`标题——副题`) is cut in two;
 * - in each article the title block (kicker, title, decks, bylines before
 *   the body) comes first; captions that stood above the headline follow
 *   it, in their order; everything else keeps its place.
 */
#include "article.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Caption lines kept for putting a caption's lines back in order. */
#define CAPTION_MAX_PIECES 16

/* --- units ------------------------------------------------------------ */

static article_unit *new_unit(article_units *u, unit_kind kind, size_t first,
                              size_t article)
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
	x->first = x->last = first;
	x->article = article;
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

/* Whether a line-end hyphen between `left` (ending in "-", or in a soft
 * hyphen) and `right` is a wrap hyphen to remove: lowercase on both sides,
 * and the document does not spell the word with a hyphen elsewhere while
 * it does without. `hl` is the hyphen's length in bytes. */
static int drop_wrap_hyphen(const article_lines *L, const char *left,
                            size_t ln, size_t hl, const char *right, size_t rn)
{
	/* An OCR'd speck read as a quote before the word's rest (`can-` /
	 * `‘pot`) is no quote that opens a word broken at a hyphen. */
	size_t speck = rn > 3 && memcmp(right, "\xE2\x80\x98", 3) == 0 ? 3 : 0;
	if (speck && is_ascii_lower(first_cp(right + speck, rn - speck)) &&
	    hl == 1 && ln >= 2 && is_ascii_lower(docconv_utf8_last(left, ln - 1, NULL)))
		return 1;
	if (ln < hl + 1 || !is_ascii_lower(first_cp(right, rn)))
		return 0;
	uint32_t before = docconv_utf8_last(left, ln - hl, NULL);
	if (!docconv_is_alnum_latin(before) || (before >= '0' && before <= '9'))
		return 0;
	if (hl == 2)  /* a soft hyphen only ever marks a break */
		return 1;
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

/* Text around a line join looked at to tell its script. */
#define JOIN_CONTEXT_BYTES 48

static void count_script(const char *s, size_t n, size_t *cjk, size_t *latin)
{
	size_t i = 0;
	while (i < n) {
		uint32_t cp = 0;
		size_t l = docconv_utf8_decode(s + i, n - i, &cp);
		i += l ? l : 1;
		if (docconv_is_cjk_letter(cp))
			(*cjk)++;
		else if (docconv_is_alnum_latin(cp))
			(*latin)++;
	}
}

/* Whether the text around a join is mostly Chinese: lines then join with
 * no space between digits or punctuation (`2` / `3处`), only between two
 * Latin words. */
static int cjk_join(const docconv_buf *b, const char *s, size_t n)
{
	size_t cjk = 0, latin = 0, from = b->len > JOIN_CONTEXT_BYTES ? b->len - JOIN_CONTEXT_BYTES : 0;
	while (from < b->len && ((unsigned char)b->data[from] & 0xC0) == 0x80)
		from++;
	count_script(b->data + from, b->len - from, &cjk, &latin);
	count_script(s, n < JOIN_CONTEXT_BYTES ? n : JOIN_CONTEXT_BYTES, &cjk, &latin);
	return cjk > latin;
}

/* Appends a line's text to a block's text, joining as the scripts want:
 * no space around CJK, one space between Latin words (or `sep` when the
 * block joins its lines with a space whatever the script), a wrap hyphen
 * removed. */
static int join_text(const article_lines *L, docconv_buf *b, const char *s,
                     size_t n, int space_always)
{
	if (n == 0)
		return 0;
	if (b->len) {
		size_t pl;
		uint32_t prev = docconv_utf8_last(b->data, b->len, &pl);
		uint32_t next = first_cp(s, n);
		if ((prev == '-' || prev == 0xAD) &&
		    drop_wrap_hyphen(L, b->data, b->len, pl, s, n)) {
			b->len -= pl;
			b->data[b->len] = '\0';
		} else if (prev == '-' && b->len >= 2 &&
		           docconv_is_alnum_latin(docconv_utf8_last(b->data, b->len - 1, NULL))) {
			/* a real hyphen at the end of a line: keep, no space */
		} else if (space_always ||
		           (!docconv_is_cjk(prev) && !docconv_is_cjk(next) &&
		            !docconv_is_space(prev) &&
		            !(cjk_join(b, s, n) && !(docconv_is_alnum_latin(prev) &&
		                               !(prev >= '0' && prev <= '9') &&
		                               docconv_is_alnum_latin(next) &&
		                               !(next >= '0' && next <= '9'))))) {
			if (!docconv_is_space(prev) && docconv_buf_putc(b, ' '))
				return -1;
		}
	}
	return put_collapsed(b, s, n);
}

static int join_piece(const article_lines *L, docconv_buf *b, const char *s,
                      size_t n)
{
	return join_text(L, b, s, n, 0);
}

/* Trims trailing spaces and a trailing U+3000 from s[0..n). */
static size_t trim_end(const char *s, size_t n)
{
	for (;;) {
		if (n && s[n - 1] == ' ')
			n--;
		else if (n >= 3 && memcmp(s + n - 3, "\xE3\x80\x80", 3) == 0)
			n -= 3;
		else
			return n;
	}
}

/* --- figures ------------------------------------------------------------ */

typedef struct caption_piece {
	const char *s;
	size_t n;
} caption_piece;

typedef struct open_figure {
	long unit;              /* -1: none open */
	caption_piece piece[CAPTION_MAX_PIECES];
	size_t n;
	int closed;             /* has its credit */
} open_figure;

/* Joins a figure's caption lines into its text, first putting back a line
 * order in which the line ending the sentence came first. */
static int finish_figure(const article_lines *L, article_units *U,
                         open_figure *f)
{
	if (f->unit < 0)
		return 0;
	article_unit *u = &U->v[f->unit];
	size_t k = f->n, rot = 0;
	if (k >= 2 && !article_ends_sentence(f->piece[k - 1].s, f->piece[k - 1].n))
		for (size_t m = k - 1; m-- > 0;)
			if (article_ends_sentence(f->piece[m].s, f->piece[m].n)) {
				rot = m + 1;
				break;
			}
	if (rot)
		u->note = "caption lines put back in order (the line ending the sentence came first)";
	for (size_t m = 0; m < k; m++) {
		size_t p = (rot + m) % k;
		if (join_piece(L, &u->text, f->piece[p].s, f->piece[p].n))
			return -1;
	}
	f->unit = -1;
	f->n = 0;
	f->closed = 0;
	return 0;
}

static void add_caption_piece(open_figure *f, article_unit *u, const char *s,
                              size_t n)
{
	n = trim_end(s, n);
	if (!n)
		return;
	if (f->n < CAPTION_MAX_PIECES) {
		f->piece[f->n].s = s;
		f->piece[f->n++].n = n;
	} else {
		/* Past the pieces kept for reordering: join in place. */
		f->piece[f->n - 1].n = (size_t)(s + n - f->piece[f->n - 1].s);
	}
	(void)u;
}

/* A caption line: its caption part and, when it ends in a credit, the
 * credit, which closes the figure. */
static int caption_line(article_units *U, open_figure *f, const article_line *ln,
                        size_t i)
{
	article_unit *u = &U->v[f->unit];
	u->last = i;
	if (ln->kind == LINE_CAPTION_CREDIT || ln->kind == LINE_CREDIT) {
		add_caption_piece(f, u, ln->s, ln->credit_at);
		if (put_collapsed(&u->credit, ln->s + ln->credit_at,
		                  ln->len - ln->credit_at))
			return -1;
		f->closed = 1;
		return 0;
	}
	add_caption_piece(f, u, ln->s, ln->len);
	return 0;
}

/* --- building the blocks ------------------------------------------------ */

typedef struct builder {
	article_lines *L;
	article_units *U;
	size_t article;
	long last_of[ARTICLE_N_LABELS];  /* last unit begun by each class */
	long paragraph;                  /* the paragraph a "paragraph+" joins */
	open_figure fig;
} builder;

static void new_article(builder *b)
{
	for (int l = 0; l < ARTICLE_N_LABELS; l++)
		b->last_of[l] = -1;
	b->paragraph = -1;
}

static unit_kind kind_of(article_label l)
{
	switch (l) {
	case LABEL_KICKER:
	case LABEL_KICKER_CONT: return UNIT_KICKER;
	case LABEL_TITLE:
	case LABEL_TITLE_CONT: return UNIT_TITLE;
	case LABEL_SUBTITLE:
	case LABEL_SUBTITLE_CONT: return UNIT_SUBTITLE;
	case LABEL_BYLINE:
	case LABEL_BYLINE_CONT: return UNIT_BYLINE;
	case LABEL_DATELINE: return UNIT_DATELINE;
	case LABEL_HEADING:
	case LABEL_HEADING_CONT: return UNIT_HEADING;
	case LABEL_PARAGRAPH:
	case LABEL_PARAGRAPH_CONT: return UNIT_PARAGRAPH;
	default: return UNIT_FIGURE;
	}
}

static docconv_status add_line(builder *b, size_t i)
{
	article_lines *L = b->L;
	article_units *U = b->U;
	const article_line *ln = &L->v[i];
	article_label l = ln->label;
	/* A dateline that opens a paragraph on its line: the paragraph, whose
	 * dateline split_datelines takes off. */
	if (l == LABEL_DATELINE && ln->dateline_len && ln->dateline_len < ln->len)
		l = LABEL_PARAGRAPH;
	/* The words a dateline's line runs on to (`…报道：　眼` / `下正值…`)
	 * are a paragraph the next line goes on with. */
	if (l == LABEL_PARAGRAPH && b->paragraph >= 0 &&
	    (size_t)b->paragraph + 1 == U->n && ln->blank_before == 0 &&
	    U->v[b->paragraph].last + 1 == i) {
		const article_line *p = &L->v[U->v[b->paragraph].last];
		/* (a wrapped line: the words after the dateline no longer than
		 * it, not a flattened paragraph) */
		if (U->v[b->paragraph].first == U->v[b->paragraph].last &&
		    p->dateline_len && p->dateline_len < p->len && !p->ends_sentence &&
		    article_width(p->s + p->dateline_len, p->len - p->dateline_len) <=
		            article_width(p->s, p->dateline_len))
			l = LABEL_PARAGRAPH_CONT;
	}
	/* A paragraph cannot open in lowercase after one left on "and" or
	 * "the": a column break cut it, whatever the lines around suggest. */
	if (l == LABEL_PARAGRAPH && b->paragraph >= 0 &&
	    (size_t)b->paragraph + 1 == U->n &&
	    docconv_is_lower_latin(ln->first) &&
	    article_ends_in_function_word(&L->v[U->v[b->paragraph].last]))
		l = LABEL_PARAGRAPH_CONT;
	article_label begin = article_label_begin(l);

	if (l != LABEL_CAPTION_CONT && l != LABEL_CREDIT && b->fig.unit >= 0 &&
	    finish_figure(L, U, &b->fig))
		return DOCCONV_ERR_NOMEM;

	if (l == LABEL_CAPTION_CONT || l == LABEL_CREDIT) {
		if (b->fig.unit >= 0 && !b->fig.closed) {
			if (l == LABEL_CREDIT && ln->kind != LINE_CREDIT &&
			    ln->kind != LINE_CAPTION_CREDIT) {
				/* a credit the patterns do not know: the whole line */
				article_unit *u = &U->v[b->fig.unit];
				u->last = i;
				b->fig.closed = 1;
				return put_collapsed(&u->credit, ln->s, ln->len)
				           ? DOCCONV_ERR_NOMEM : DOCCONV_OK;
			}
			return caption_line(U, &b->fig, ln, i) ? DOCCONV_ERR_NOMEM
			                                        : DOCCONV_OK;
		}
		if (b->fig.unit >= 0 && finish_figure(L, U, &b->fig))
			return DOCCONV_ERR_NOMEM;
		/* A credit with no caption open: a figure of its own. */
		article_unit *u = new_unit(U, UNIT_FIGURE, i, b->article);
		if (!u)
			return DOCCONV_ERR_NOMEM;
		b->fig.unit = (long)(U->n - 1);
		if (l == LABEL_CREDIT && ln->kind != LINE_CREDIT &&
		    ln->kind != LINE_CAPTION_CREDIT) {
			b->fig.closed = 1;
			return put_collapsed(&u->credit, ln->s, ln->len)
			           ? DOCCONV_ERR_NOMEM : DOCCONV_OK;
		}
		return caption_line(U, &b->fig, ln, i) ? DOCCONV_ERR_NOMEM : DOCCONV_OK;
	}
	if (l == LABEL_CAPTION) {
		/* The caption under a credit printed over it (`Image copyright
		 * X` / `Image caption …`): that credit's figure. */
		article_unit *c = U->n ? &U->v[U->n - 1] : NULL;
		if (c && c->kind == UNIT_FIGURE && c->article == b->article &&
		    c->text.len == 0 && c->credit.len && L->v[c->first].credit_first &&
		    ln->kind != LINE_CREDIT && ln->kind != LINE_CAPTION_CREDIT) {
			b->fig.unit = (long)(U->n - 1);
			b->fig.closed = 1;
			return caption_line(U, &b->fig, ln, i) ? DOCCONV_ERR_NOMEM : DOCCONV_OK;
		}
		article_unit *u = new_unit(U, UNIT_FIGURE, i, b->article);
		if (!u)
			return DOCCONV_ERR_NOMEM;
		b->fig.unit = (long)(U->n - 1);
		return caption_line(U, &b->fig, ln, i) ? DOCCONV_ERR_NOMEM : DOCCONV_OK;
	}

	long target = -1;
	if (l == LABEL_PARAGRAPH_CONT)
		target = b->paragraph;
	else if (l != begin)
		target = b->last_of[begin];
	if (target >= 0) {
		article_unit *u = &U->v[target];
		int spaced = u->kind == UNIT_HEADING || u->kind == UNIT_BYLINE ||
		             u->kind == UNIT_KICKER;
		const char *s = ln->s;
		size_t n = ln->len;
		if (join_text(L, &u->text, s, n, spaced))
			return DOCCONV_ERR_NOMEM;
		if (u->kind == UNIT_PARAGRAPH && u->last + 1 < i) {
			/* lines between (blank, or a caption) cut it */
			for (size_t j = u->last + 1; j < i; j++)
				if (L->v[j].kind != LINE_BLANK) {
					u->note = "a caption stood inside it; rejoined, the caption follows";
					break;
				}
			if (!u->note)
				u->note = "a column break cut it; rejoined";
		}
		u->last = i;
		u->ends_sentence = ln->ends_sentence;
		return DOCCONV_OK;
	}
	article_unit *u = new_unit(U, kind_of(l), i, b->article);
	if (!u)
		return DOCCONV_ERR_NOMEM;
	b->last_of[begin] = (long)(U->n - 1);
	if (u->kind == UNIT_PARAGRAPH)
		b->paragraph = (long)(U->n - 1);
	u->ends_sentence = ln->ends_sentence;
	const char *s = ln->s;
	size_t n = ln->len;
	if (u->kind == UNIT_BYLINE && ln->kind == LINE_BYLINE) {
		s += ln->byline_at;
		n -= ln->byline_at;
	} else if (u->kind == UNIT_BYLINE) {
		/* a □ marker the byline pattern did not know */
		size_t cl;
		uint32_t c = article_cp_at(s, n, 0, &cl);
		if (c == 0x25A1 || c == 0x25A0) {
			s += cl;
			n -= cl;
			article_trim(&s, &n);
		}
	}
	return put_collapsed(&u->text, s, n) ? DOCCONV_ERR_NOMEM : DOCCONV_OK;
}

/* --- splits ----------------------------------------------------------- */

/* Inserts a unit right after unit `at` (same lines, same article). */
static article_unit *insert_after(article_units *U, size_t at, unit_kind kind)
{
	if (!new_unit(U, kind, 0, 0))
		return NULL;
	article_unit x = U->v[U->n - 1];
	memmove(&U->v[at + 2], &U->v[at + 1], (U->n - at - 2) * sizeof *U->v);
	x.first = U->v[at].first;
	x.last = U->v[at].last;
	x.article = U->v[at].article;
	U->v[at + 1] = x;
	return &U->v[at + 1];
}

/* Unit i's text from `at` to `end` goes to a new unit of `kind` after it;
 * unit i keeps what comes before `at`, trimmed at its end. The new unit,
 * or NULL when memory ran out (the units may have moved: take pointers to
 * them again). */
static article_unit *split_unit(article_units *U, size_t i, size_t at,
                                size_t end, unit_kind kind)
{
	article_unit *q = insert_after(U, i, kind);
	if (!q)
		return NULL;
	article_unit *p = &U->v[i];
	if (put_collapsed(&q->text, p->text.data + at, end - at))
		return NULL;
	p->text.len = trim_end(p->text.data, at);
	p->text.data[p->text.len] = '\0';
	return q;
}

/* The digits of a date code closing a wire story (CNA's 1080328: the
 * year of the Republic of China, month, day). */
#define DATE_CODE_DIGITS 7

/* Where a date code closing a paragraph after its last sentence starts,
 * or 0. */
static size_t date_code_at(const char *s, size_t n)
{
	size_t i = n;
	while (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9')
		i--;
	if (n - i != DATE_CODE_DIGITS || s[i] != '1' || i == 0 ||
	    !article_ends_sentence(s, i))
		return 0;
	return i;
}

/* A byline, a source or a staff note closing a paragraph becomes a block
 * of its own, after it; so does a date code. */
static docconv_status split_closing_groups(article_units *U)
{
	static const unit_kind kinds[] = {
		[ARTICLE_CLOSING_BYLINE] = UNIT_BYLINE, [ARTICLE_CLOSING_SOURCE] = UNIT_DATELINE,
		[ARTICLE_CLOSING_NOTE] = UNIT_PARAGRAPH
	};
	for (size_t i = 0; i < U->n; i++) {
		article_unit *p = &U->v[i];
		size_t at = 0, tail = 0;
		article_closing c;
		if (p->kind != UNIT_PARAGRAPH || !p->text.len)
			continue;
		if (!(c = article_closing_group(p->text.data, p->text.len, &at))) {
			/* a byline followed, after a space, by the page's own words
			 * (`…上。”(塞尔吉奥/任语之) 新闻图片博客视频分享到:…`), or
			 * right after its bracket by a notice the page runs under
			 * every story (`…釐清。（突發中心X／台北報導）《蘋果》關心你…`) */
			for (size_t k = 0, l; k < p->text.len && !c; k += l) {
				uint32_t cp = article_cp_at(p->text.data, p->text.len, k, &l);
				size_t end = cp == 0xFF09 ? k + l : k;
				if (!docconv_is_space(cp) && (end == k || end >= p->text.len))
					continue;
				if ((c = article_closing_group(p->text.data, end, &at)) != ARTICLE_CLOSING_BYLINE ||
				    at == 0)
					c = ARTICLE_CLOSING_NONE;
				else
					tail = end;
			}
			if (!c) {
				size_t dc = date_code_at(p->text.data, p->text.len);
				if (dc) {
					article_unit *q = split_unit(U, i, dc, p->text.len,
					                             UNIT_PARAGRAPH);
					if (!q)
						return DOCCONV_ERR_NOMEM;
					q->note = "a date code closing the story, split off";
					i++;
				}
				continue;
			}
		}
		if (at == 0 && !tail) {
			/* the whole paragraph: it becomes what it is */
			if (kinds[c] != UNIT_PARAGRAPH) {
				p->kind = kinds[c];
				p->note = "a byline or a source alone in brackets";
			}
			continue;
		}
		if (tail) {
			/* the words after it first, then the byline between */
			size_t from = tail, l;
			while (from < p->text.len &&
			       docconv_is_space(article_cp_at(p->text.data, p->text.len, from, &l)))
				from += l;
			article_unit *r = split_unit(U, i, from, p->text.len,
			                             UNIT_PARAGRAPH);
			if (!r)
				return DOCCONV_ERR_NOMEM;
			r->note = "what followed the closing byline";
			p = &U->v[i];
		}
		article_unit *q = split_unit(U, i, at, tail ? tail : p->text.len,
		                             kinds[c]);
		if (!q)
			return DOCCONV_ERR_NOMEM;
		q->note = "closing the paragraph in brackets, split off";
		i += tail ? 2 : 1;
	}
	return DOCCONV_OK;
}

/* A dateline opening a paragraph becomes a block of its own, before it;
 * so does a byline in brackets. A dateline on a line of its own takes the
 * reporters that open the next line (`本报北京5月9日电` / `董宾、高立英报道：…`). */
static docconv_status split_datelines(article_units *U)
{
	for (size_t i = 0; i < U->n; i++) {
		article_unit *p = &U->v[i];
		if (p->kind != UNIT_PARAGRAPH || !p->text.len)
			continue;
		if (i > 0 && U->v[i - 1].kind == UNIT_DATELINE &&
		    U->v[i - 1].article == p->article) {
			size_t rl = article_match_reporters(p->text.data, p->text.len);
			if (rl && rl < p->text.len) {
				article_unit *dl = &U->v[i - 1];
				if (docconv_buf_putc(&dl->text, ' ') ||
				    put_collapsed(&dl->text, p->text.data, rl))
					return DOCCONV_ERR_NOMEM;
				memmove(p->text.data, p->text.data + rl, p->text.len - rl + 1);
				p->text.len -= rl;
				size_t lead = 0;
				while (lead < p->text.len && p->text.data[lead] == ' ')
					lead++;
				memmove(p->text.data, p->text.data + lead, p->text.len - lead + 1);
				p->text.len -= lead;
				dl->note = "took the reporters that open the next line";
				continue;
			}
		}
		unit_kind kind = UNIT_DATELINE;
		size_t dl = article_match_dateline(p->text.data, p->text.len);
		if (!dl) {
			dl = article_match_byline_lead(p->text.data, p->text.len);
			kind = UNIT_BYLINE;
		}
		if (!dl || dl >= p->text.len)
			continue;
		/* p keeps the dateline, q the rest of the paragraph */
		article_unit *q = split_unit(U, i, dl, p->text.len, UNIT_PARAGRAPH);
		if (!q)
			return DOCCONV_ERR_NOMEM;
		p = &U->v[i];
		q->ends_sentence = p->ends_sentence;
		q->note = p->note;
		p->note = "split from the paragraph it opens";
		p->kind = kind;
		i++;
	}
	return DOCCONV_OK;
}

/* Bytes a speaker's name before a headline's `：` has at most (six
 * Chinese letters). */
#define SPEAKER_MAX_BYTES 18

/* Where a Chinese headline that opens on a speaker (`穆里尼奥：…`) gives
 * the same speaker again, opening its deck run on with no mark between
 * (`穆里尼奥：皇马已死穆里尼奥：今天…`), or 0. */
static size_t speaker_deck(const char *s, size_t n)
{
	const char *colon = NULL;
	for (size_t k = 3; k <= SPEAKER_MAX_BYTES && k + 3 <= n; k++)
		if (memcmp(s + k, "\xEF\xBC\x9A", 3) == 0) {
			colon = s + k;
			break;
		}
	if (!colon)
		return 0;
	size_t name = (size_t)(colon - s), head = name + 3, l;
	for (size_t i = 0; i < name; i += l)
		if (!docconv_is_cjk_letter(article_cp_at(s, name, i, &l)))
			return 0;
	const char *again = memmem(s + head, n - head, s, head);
	return again && again + head < s + n ? (size_t)(again - s) : 0;
}

/* `标题——副题`: a Chinese title with its deck on the same line; so is a
 * deck that gives the title's speaker again (speaker_deck). */
static docconv_status split_title_decks(article_units *U)
{
	for (size_t i = 0; i < U->n; i++) {
		article_unit *t = &U->v[i];
		if (t->kind != UNIT_TITLE || t->text.len < 9)
			continue;
		const char *s = t->text.data;
		size_t n = t->text.len, at = 0;
		for (size_t k = 3; k + 6 < n; k++)
			if (memcmp(s + k, "\xE2\x80\x94\xE2\x80\x94", 6) == 0) {
				at = k;
				break;
			}
		if (!at)
			at = speaker_deck(s, n);
		if (!at || !docconv_is_cjk(docconv_utf8_last(s, at, NULL)))
			continue;
		article_unit *q = split_unit(U, i, at, n, UNIT_SUBTITLE);
		if (!q)
			return DOCCONV_ERR_NOMEM;
		q->note = "the deck on the title's line, split off";
		i++;
	}
	return DOCCONV_OK;
}

/* --- order ------------------------------------------------------------- */

static int in_title_block(unit_kind k)
{
	return k == UNIT_KICKER || k == UNIT_TITLE || k == UNIT_SUBTITLE ||
	       k == UNIT_BYLINE;
}

/* Reading order, article by article: the title block (kicker, title,
 * decks, and the bylines before the body) first, then the rest in input
 * order; units are already in input order within an article. */
static void order_units(article_units *U)
{
	size_t pos = 0;
	size_t start = 0;
	while (start < U->n) {
		size_t end = start;
		while (end < U->n && U->v[end].article == U->v[start].article)
			end++;
		size_t body = end;
		for (size_t i = start; i < end; i++)
			if (!in_title_block(U->v[i].kind) && U->v[i].kind != UNIT_FIGURE) {
				body = i;
				break;
			}
		int has_title = 0;
		for (size_t i = start; i < body; i++)
			if (U->v[i].kind == UNIT_TITLE || U->v[i].kind == UNIT_KICKER)
				has_title = 1;
		if (has_title)
			for (size_t i = start; i < body; i++)
				if (in_title_block(U->v[i].kind))
					U->v[i].order = ++pos;
		for (size_t i = start; i < end; i++) {
			if (U->v[i].order)
				continue;
			if (U->v[i].kind == UNIT_FIGURE && has_title && i < body && !U->v[i].note)
				U->v[i].note = "stood above the title block; moved after it";
			U->v[i].order = ++pos;
		}
		start = end;
	}
}

/* On a page of several articles, its front matter (the paper's name and
 * date over the first headline, read as paragraphs) is an article of its
 * own, where the page's furniture goes too; a page of one article keeps
 * it over its headline. Returns the page's articles after. */
static size_t front_article(const article_lines *L, article_units *U, size_t articles)
{
	size_t front = 0;
	while (front < U->n && U->v[front].article == 0 &&
	       U->v[front].kind == UNIT_PARAGRAPH && L->v[U->v[front].first].front)
		front++;
	if (articles < 2 || articles >= ARTICLE_MAX_ARTICLES || front == 0 ||
	    front == U->n || U->v[front].article != 0)
		return articles;
	for (size_t i = front; i < U->n; i++)
		U->v[i].article++;
	return articles + 1;
}

/* Units a weather box holds at most: its head, forecasts, small heads. */
#define WEATHER_BOX_MAX_UNITS 10

static int ascii_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Whether a paragraph speaks of the weather, as a box's forecasts do: a
 * word that opens with one of these (`Fair`, `temperatures`; not the
 * `rain` of `train`). */
static int tells_weather(const article_unit *u)
{
	static const char *const words[] = {
		"weather", "temperature", "fair", "cloudy", "rain", "snow", "showers",
		"colder", "warmer", "wind", "frost", "forecast", "precipitation",
		"humidity", "barometer", NULL
	};
	const char *s = u->text.data;
	for (size_t k = 0; words[k]; k++) {
		size_t wl = strlen(words[k]);
		for (size_t i = 0; i + wl <= u->text.len; i++)
			if ((i == 0 || !ascii_letter(s[i - 1])) &&
			    strncasecmp(s + i, words[k], wl) == 0)
				return 1;
	}
	return 0;
}

/* A page's furniture: the weather box of an old front page, set wherever
 * the page had room and so read into whatever article its column ran
 * through, goes with the page's masthead to the first article when that
 * one is the page's front matter (it has no headline): the box's head and
 * what follows it in its article, its small heads and the paragraphs that
 * speak of the weather. */
static docconv_status gather_furniture(article_units *U)
{
	size_t front_end = 0;
	while (front_end < U->n && U->v[front_end].article == 0) {
		unit_kind k = U->v[front_end].kind;
		if (k == UNIT_TITLE || k == UNIT_KICKER)
			return DOCCONV_OK;
		front_end++;
	}
	if (front_end == 0 || front_end == U->n)
		return DOCCONV_OK;
	for (size_t h = front_end; h < U->n; h++) {
		if (U->v[h].kind != UNIT_HEADING ||
		    !article_match_weather_head(U->v[h].text.data, U->v[h].text.len))
			continue;
		size_t end = h + 1;
		while (end < U->n && end - h < WEATHER_BOX_MAX_UNITS &&
		       U->v[end].article == U->v[h].article &&
		       (U->v[end].kind == UNIT_HEADING ||
		        (U->v[end].kind == UNIT_PARAGRAPH && tells_weather(&U->v[end]))))
			end++;
		/* the box's units, after the front matter's */
		size_t n = end - h;
		article_unit *box = malloc(n * sizeof *box);
		if (!box)
			return DOCCONV_ERR_NOMEM;
		memcpy(box, &U->v[h], n * sizeof *box);
		memmove(&U->v[front_end + n], &U->v[front_end], (h - front_end) * sizeof *box);
		for (size_t k = 0; k < n; k++) {
			box[k].article = 0;
			box[k].note = "a weather box: the page's furniture, moved to its front matter";
		}
		memcpy(&U->v[front_end], box, n * sizeof *box);
		free(box);
		return DOCCONV_OK;
	}
	return DOCCONV_OK;
}

/* --one-article: the articles after the first become part of its body.
 * Their headlines become subheads and their kickers and decks paragraphs
 * (a document has one title block); bylines stay bylines. */
static void merge_articles(article_units *U)
{
	for (size_t i = 0; i < U->n; i++) {
		article_unit *u = &U->v[i];
		if (u->article > 0 && u->kind == UNIT_TITLE)
			u->kind = UNIT_HEADING;
		else if (u->article > 0 &&
		         (u->kind == UNIT_KICKER || u->kind == UNIT_SUBTITLE))
			u->kind = UNIT_PARAGRAPH;
		u->article = 0;
	}
}

/* A Chinese "subhead" with a clause mark inside and none at its end, that
 * the next line (no blank between) finishes as a sentence, is the first
 * line of that paragraph: `农业农村部有关负责人介绍，截至目前，全国春播粮食` /
 * `已完成一成多，进度快于去年同期。` */
static void heading_runs_on(article_lines *L)
{
	for (size_t i = 0; i + 1 < L->n; i++) {
		article_line *h = &L->v[i], *n = &L->v[i + 1];
		if (h->label != LABEL_HEADING ||
		    (n->label != LABEL_PARAGRAPH && n->label != LABEL_HEADING_CONT) ||
		    n->kind == LINE_BLANK || n->blank_before || h->ends_sentence ||
		    h->cjk <= h->latin || n->cjk <= n->latin || !n->ends_sentence ||
		    (!memmem(h->s, h->len, "\xEF\xBC\x8C", 3) &&
		     !memmem(h->s, h->len, "\xE3\x80\x81", 3)) ||
		    n->width >= h->width)
			continue;
		h->label = LABEL_PARAGRAPH;
		n->label = LABEL_PARAGRAPH_CONT;
	}
}

docconv_status article_assemble(article_lines *L, article_units *U,
                                int one_article, docconv_diag *d)
{
	docconv_status st;
	unsigned char *starts = malloc(L->n + 1);
	memset(U, 0, sizeof *U);
	if (!starts)
		return DOCCONV_ERR_NOMEM;
	if ((st = article_line_features(L)) ||
	    (st = article_decode(L, &article_weights, starts)))
		goto out;

	heading_runs_on(L);
	builder b;
	memset(&b, 0, sizeof b);
	b.L = L;
	b.U = U;
	b.fig.unit = -1;
	new_article(&b);
	int any = 0, warned = 0;
	for (size_t i = 0; i < L->n && !st; i++) {
		if (L->v[i].kind == LINE_BLANK)
			continue;
		if (starts[i] && any && b.article + 1 >= ARTICLE_MAX_ARTICLES &&
		    !one_article && !warned) {
			docconv_diag_add(d, DOCCONV_SEV_WARNING, L->v[i].no, -1,
			                 "more than %d articles on the page; the rest "
			                 "are read as one", ARTICLE_MAX_ARTICLES);
			warned = 1;
		}
		if (starts[i] && any &&
		    (one_article || b.article + 1 < ARTICLE_MAX_ARTICLES)) {
			if (b.fig.unit >= 0 && finish_figure(L, U, &b.fig)) {
				st = DOCCONV_ERR_NOMEM;
				break;
			}
			b.article++;
			new_article(&b);
		}
		any = 1;
		st = add_line(&b, i);
	}
	if (!st && b.fig.unit >= 0 && finish_figure(L, U, &b.fig))
		st = DOCCONV_ERR_NOMEM;
	if (!st)
		st = split_datelines(U);
	if (!st)
		st = split_title_decks(U);
	if (!st)
		st = split_closing_groups(U);
	if (st)
		goto out;
	U->n_articles = !any ? 0 : one_article ? 1 : b.article + 1;
	if (one_article)
		merge_articles(U);
	else if (any) {
		U->n_articles = front_article(L, U, U->n_articles);
		if ((st = gather_furniture(U)))
			goto out;
	}
	order_units(U);
out:
	free(starts);
	return st;
}
