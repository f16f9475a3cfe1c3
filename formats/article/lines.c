/* lines.c — the text cut into lines, each with its shape (width, script,
 * end punctuation, indentation) and the patterns of the genre it matches.
 * A long line is also cut where a full-width indent `　　` starts a new
 * paragraph inside it (pages flattened to one line keep their indents).
 */
#include "article.h"

#include <stdlib.h>
#include <string.h>

static void measure(article_line *ln)
{
	size_t i = 0, l;
	const char *s = ln->s;
	size_t n = ln->len;
	uint32_t prev = 0;
	while (i < n) {
		uint32_t cp = article_cp_at(s, n, i, &l);
		if (i == 0)
			ln->first = cp;
		ln->chars++;
		int wide = docconv_is_cjk(cp);
		ln->width += wide ? 2 : 1;
		/* (a CJK letter or mark has no case and no alphabet: nothing more
		 * to ask of it) */
		if (docconv_is_cjk_letter(cp))
			ln->cjk++;
		else if (wide)
			;
		else if (cp < 0x80 ? cp >= 'A' && cp <= 'Z' : docconv_is_upper_latin(cp)) {
			ln->latin++;
			ln->upper++;
		} else if (cp < 0x80 ? cp >= 'a' && cp <= 'z' : docconv_is_lower_latin(cp)) {
			ln->latin++;
			ln->lower++;
		} else if (cp >= 0x0590 && docconv_is_caseless_letter(cp)) {
			/* Arabic, Hebrew, Devanagari, Thai: words spaced
			 * as Latin ones are, read by the same signs */
			ln->latin++;
		}
		if (cp == 0xFF0C || cp == ',' || cp == 0x3001 || cp == ';' ||
		    cp == 0xFF1B || cp == 0x060C || cp == 0x061B)
			ln->commas++;
		if (i + l < n && (cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F))
			ln->inner_ends++;
		/* ". Next", "? Next": a sentence ends inside the line. */
		if ((cp == '.' || cp == '?' || cp == '!') && i + 2 < n &&
		    s[i + 1] == ' ' && s[i + 2] >= 'A' && s[i + 2] <= 'Z' && i >= 2 &&
		    s[i - 1] >= 'a' && s[i - 1] <= 'z')
			ln->inner_ends++;
		prev = cp;
		i += l;
	}
	ln->last = prev;
	ln->ends_sentence = article_ends_sentence(s, n);
	/* A wrap hyphen: ASCII `-` or a soft hyphen (U+00AD, OCR) after a
	 * letter. */
	if (n >= 2 && s[n - 1] == '-' && s[n - 2] != '-' && s[n - 2] != ' ') {
		uint32_t b = docconv_utf8_last(s, n - 1, NULL);
		ln->ends_hyphen = docconv_is_alnum_latin(b);
	} else if (prev == 0xAD && n >= 3) {
		uint32_t b = docconv_utf8_last(s, n - 2, NULL);
		ln->ends_hyphen = docconv_is_alnum_latin(b);
	}
}

static void classify(article_line *ln)
{
	size_t at;
	ln->kind = LINE_TEXT;
	if (ln->len == 0) {
		ln->kind = LINE_BLANK;
		return;
	}
	if (article_match_credit(ln->s, ln->len, &at)) {
		ln->credit_at = at;
		ln->kind = at == 0 ? LINE_CREDIT : LINE_CAPTION_CREDIT;
		ln->credit_first = at == 0 && article_credit_first(ln->s, ln->len);
		return;
	}
	if (article_match_byline(ln->s, ln->len, &at)) {
		ln->byline_at = at;
		ln->kind = LINE_BYLINE;
		return;
	}
	if (article_match_caption_lead(ln->s, ln->len))
		ln->kind = LINE_CAPTION_LEAD;
}

static int push(article_lines *out, const char *s, size_t n, unsigned long no,
                unsigned indent)
{
	if (out->n >= ARTICLE_MAX_LINES)
		return -2;
	if (out->n == out->cap) {
		size_t cap = out->cap ? out->cap * 2 : 64;
		article_line *v = realloc(out->v, cap * sizeof *v);
		if (!v)
			return -1;
		out->v = v;
		out->cap = cap;
	}
	article_line *ln = &out->v[out->n++];
	memset(ln, 0, sizeof *ln);
	article_trim(&s, &n);
	ln->s = s;
	ln->len = n;
	ln->no = no;
	ln->indent = indent;
	measure(ln);
	classify(ln);
	if (ln->kind != LINE_BLANK)
		ln->dateline_len = article_match_dateline(ln->s, ln->len);
	return 0;
}

/* How deep a line is indented: each U+3000 counts one, two ASCII spaces
 * count one, a tab two. */
static unsigned indent_of(const char *s, size_t n)
{
	unsigned full = 0, spaces = 0;
	size_t i = 0, l;
	while (i < n) {
		uint32_t cp = article_cp_at(s, n, i, &l);
		if (cp == 0x3000)
			full++;
		else if (cp == ' ' || cp == 0xA0)
			spaces++;
		else if (cp == '\t')
			spaces += 4;
		else
			break;
		i += l;
	}
	return full + spaces / 2;
}

/* A line this long holds a whole page flattened: its runs of spaces mark
 * where its blocks were (an OCR'd page saved on one line). */
#define FLATTENED_PAGE_BYTES 2000
/* Spaces in a row that part the blocks of a flattened page. */
#define FLATTENED_GAP_SPACES 3

/* A page flattened with single spaces only (its blocks' ends lost too) is
 * cut at its sentences where a short one stands: a headline, a subhead, a
 * dateline or a byline is one sentence of at most this many words (or in
 * capitals), where running text's are longer. */
#define FLATTENED_SHORT_WORDS 5
/* Letters the word before a sentence's stop has at least, unless it is in
 * capitals or a number (`p.m.` ends no sentence); a capital and at most
 * two letters more is an abbreviation (`St.`, `Mr.`, `Dec.`). */
#define SENTENCE_WORD_MIN 3
#define ABBREVIATION_MAX 3

static int ascii_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static int ascii_alnum(char c)
{
	return ascii_upper(c) || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* Where the next sentence of a flattened Latin page begins after `from`
 * (the offset after a stop, its closing quotes and the spaces), or n. */
static size_t next_sentence(const char *s, size_t n, size_t from)
{
	for (size_t i = from; i < n; i++) {
		if (s[i] != '.' && s[i] != '!' && s[i] != '?')
			continue;
		size_t w = i, upper = 0, digits = 0;
		if (w > from + 1 && s[w - 1] == ' ')   /* `Correspondent .` */
			w--;
		size_t end = w;
		while (w > from && ascii_alnum(s[w - 1])) {
			w--;
			upper += ascii_upper(s[w]);
			digits += s[w] >= '0' && s[w] <= '9';
		}
		size_t word = end - w;
		int caps = word >= 2 && upper == word, number = word > 0 && digits == word;
		if (!caps && !number &&
		    (word < SENTENCE_WORD_MIN || (upper && word <= ABBREVIATION_MAX)))
			continue;
		size_t k = i + 1;
		while (k < n && (s[k] == '"' || s[k] == '\'' || s[k] == ')'))
			k++;
		if (k >= n || s[k] != ' ')
			continue;
		while (k < n && s[k] == ' ')
			k++;
		if (k < n && (ascii_upper(s[k]) || s[k] == '"' || s[k] == '\'' ||
		              (number && s[k] >= '0' && s[k] <= '9')))
			return k;
	}
	return n;
}

/* Whether s[from, to) is a short sentence (flattened_cut). */
static int short_sentence(const char *s, size_t from, size_t to)
{
	size_t words = 1, lower = 0;
	for (size_t i = from; i < to; i++) {
		if (s[i] == ' ' && i + 1 < to && s[i + 1] != ' ')
			words++;
		lower += s[i] >= 'a' && s[i] <= 'z';
	}
	return words <= FLATTENED_SHORT_WORDS || lower == 0;
}

/* The next cut of a page flattened with single spaces: before or after
 * a short sentence, before a dateline. */
static size_t flattened_cut(const char *s, size_t n, size_t from)
{
	size_t a = from, b = next_sentence(s, n, from);
	while (b < n) {
		size_t c = next_sentence(s, n, b);
		if (short_sentence(s, a, b) || short_sentence(s, b, c) ||
		    article_match_dateline(s + b, n - b))
			return b;
		a = b;
		b = c;
	}
	return n;
}

/* Tenths of a text's bytes a page flattened by sentence holds at least:
 * a long paragraph among others is no page. */
#define FLATTENED_SHARE 9

/* Whether a line is a page flattened with single spaces: long, in Latin
 * letters, with no run of spaces that parts its blocks, and nearly the
 * whole text (FLATTENED_SHARE). */
static int flattened_by_sentence(const char *s, size_t n, size_t text_len)
{
	if (n < FLATTENED_PAGE_BYTES || n * 10 < text_len * FLATTENED_SHARE)
		return 0;
	size_t ascii = 0, run = 0;
	for (size_t i = 0; i < n; i++) {
		run = s[i] == ' ' ? run + 1 : 0;
		if (run >= FLATTENED_GAP_SPACES)
			return 0;
		ascii += (unsigned char)s[i] < 0x80;
	}
	return ascii * 10 >= n * 9;
}

/* A web page's prompt to read on, which a crawl runs into the paragraphs
 * around it when it flattens them: a paragraph of its own. */
static const char *const read_on[] = {
	"\xE8\xAB\x8B\xE7\xB9\xBC\xE7\xBA\x8C\xE5\xBE\x80\xE4\xB8\x8B"
	"\xE9\x96\xB1\xE8\xAE\x80...",   /* 請繼續往下閱讀... */
	"\xE8\xAF\xB7\xE7\xBB\xA7\xE7\xBB\xAD\xE5\xBE\x80\xE4\xB8\x8B"
	"\xE9\x98\x85\xE8\xAF\xBB...",   /* 请继续往下阅读... */
	NULL
};

/* The byte every prompt to read on opens with (請, 请). */
#define READ_ON_LEAD 0xE8

/* The length of the prompt to read on at s[i], or 0. */
static size_t read_on_at(const char *s, size_t n, size_t i)
{
	/* most letters that open on READ_ON_LEAD are no 請 or 请 */
	if (i + 3 > n || (memcmp(s + i, "\xE8\xAB\x8B", 3) != 0 &&
	                  memcmp(s + i, "\xE8\xAF\xB7", 3) != 0))
		return 0;
	for (const char *const *p = read_on; *p; p++) {
		size_t l = strlen(*p);
		if (i + l <= n && memcmp(s + i, *p, l) == 0)
			return l;
	}
	return 0;
}

/* Whether a literal `\n` at s[i] (a line break a crawl escaped twice)
 * follows a sentence's end, and so ends its paragraph. */
static int escaped_break_at(const char *s, size_t from, size_t n, size_t i)
{
	if (i + 2 > n || s[i] != '\\' || s[i + 1] != 'n' || i == from)
		return 0;
	size_t e = i;
	while (e > from && s[e - 1] == ' ')
		e--;
	return e > from && article_ends_sentence(s + from, e - from);
}

/* Bytes a caption's credit in brackets runs to at most (`（記者X攝）`). */
#define CREDIT_PARENS_MAX_BYTES 96

/* Whether the code point at s[i] is a Chinese sentence's stop (。！？). */
static int full_stop_at(const char *s, size_t n, size_t i)
{
	const unsigned char *u = (const unsigned char *)s + i;
	return i + 3 <= n &&
	       ((u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x82) ||
	        (u[0] == 0xEF && u[1] == 0xBC && (u[2] == 0x81 || u[2] == 0x9F)));
}

/* Whether the sentence at s[i] is the caption of the credit that closes
 * it (`李明翰掀開…求救。（記者X攝）`; on a page flattened to one line also a
 * credit that ends its block, `…出来的。记者X／攝影   分享`). */
static int caption_sentence_at(const char *s, size_t n, size_t i)
{
	size_t at, e = i;
	if (i + 3 <= n && memcmp(s + i, "\xEF\xBC\x88", 3) == 0)   /* （ */
		return 0;
	const unsigned char *u = (const unsigned char *)s;
	while (e < n && !((u[e] == 0xE3 || u[e] == 0xEF) && full_stop_at(s, n, e)))
		e++;
	if (e >= n)
		return 0;
	size_t c = e + 3, end;
	if (c + 3 <= n && memcmp(s + c, "\xEF\xBC\x88", 3) == 0) {   /* （…） */
		const char *close = memmem(s + c, n - c < CREDIT_PARENS_MAX_BYTES ? n - c
		                                                         : CREDIT_PARENS_MAX_BYTES,
		                           "\xEF\xBC\x89", 3);
		if (!close)
			return 0;
		end = (size_t)(close - s) + 3;
	} else {
		if (n < FLATTENED_PAGE_BYTES)
			return 0;
		end = c;
		while (end < n && end - c < CREDIT_PARENS_MAX_BYTES &&
		       !(end + FLATTENED_GAP_SPACES <= n &&
		         memcmp(s + end, "   ", FLATTENED_GAP_SPACES) == 0))
			end++;
		if (end - c >= CREDIT_PARENS_MAX_BYTES)
			return 0;
	}
	return article_match_credit(s + i, end - i, &at) && i + at == c;
}

/* Where a crawl that lost a page's line breaks ran a block on into the
 * text, judged at the full-width mark at s[i]: a reporter's byline in
 * brackets begins at it (`…已能站立〔記者X／花蓮報導〕在…`); the next block
 * begins after a caption's credit in brackets that follows a sentence's
 * end (`…爬山。（記者X攝）李明翰…`), and after a sentence's stop that a
 * caption with its credit follows. Returns the cut, or 0. */
static size_t run_on_cut(const char *s, size_t from, size_t n, size_t i)
{
	size_t at;
	if (i + 3 >= n)
		return 0;
	if (i > from && (memcmp(s + i, "\xE3\x80\x94", 3) == 0 ||    /* 〔 */
	                 memcmp(s + i, "\xE3\x80\x90", 3) == 0))      /* 【 */
		return article_match_byline_lead(s + i, n - i) ? i : 0;
	if (memcmp(s + i, "\xEF\xBC\x89", 3) == 0)                    /* ） */
		return article_match_credit(s + from, i + 3 - from, &at) && at > 0 &&
		       memcmp(s + from + at, "\xEF\xBC\x88", 3) == 0 &&      /* （ */
		       article_ends_sentence(s + from, at) ? i + 3 : 0;
	return full_stop_at(s, n, i) && caption_sentence_at(s, n, i + 3) ? i + 3 : 0;
}

/* A portal's video widget that a crawl ran into a sentence: its title
 * after 视频- and its source (`…再一次杀死视频-穆帅竖大拇指讽裁判 鸟叔被罚上
 * 看台媒体来源：新浪体育了我们。`), a caption and its credit. The words a
 * portal's channel names itself with, longest first. */
static const char *const video_sources[] = {
	"\xE6\x96\xB0\xE6\xB5\xAA\xE4\xBD\x93\xE8\x82\xB2",   /* 新浪体育 */
	"\xE6\x96\xB0\xE6\xB5\xAA\xE5\xA8\xB1\xE4\xB9\x90",   /* 新浪娱乐 */
	"\xE6\x96\xB0\xE6\xB5\xAA\xE8\xB4\xA2\xE7\xBB\x8F",   /* 新浪财经 */
	"\xE6\x96\xB0\xE6\xB5\xAA\xE7\xA7\x91\xE6\x8A\x80",   /* 新浪科技 */
	"\xE6\x96\xB0\xE6\xB5\xAA\xE6\x96\xB0\xE9\x97\xBB",   /* 新浪新闻 */
	"\xE6\x96\xB0\xE6\xB5\xAA\xE8\xA7\x86\xE9\xA2\x91",   /* 新浪视频 */
	NULL
};

/* The widget's marks: 视频- before its title, 媒体来源： before its source. */
#define VIDEO_MARK "\xE8\xA7\x86\xE9\xA2\x91-"
#define VIDEO_SOURCE_MARK "\xE5\xAA\x92\xE4\xBD\x93\xE6\x9D\xA5\xE6\xBA\x90\xEF\xBC\x9A"
/* Bytes from 视频- to its source's mark at most. */
#define VIDEO_TITLE_MAX_BYTES 120

/* The end of a video widget's source at s[i] (after its mark), or 0. */
static size_t video_source_end(const char *s, size_t n, size_t i)
{
	for (const char *const *v = video_sources; *v; v++) {
		size_t l = strlen(*v);
		if (i + l <= n && memcmp(s + i, *v, l) == 0)
			return i + l;
	}
	return 0;
}

/* Where a video widget run into a sentence cuts it, judged at s[i]: before
 * 视频- (inside a line) when its source's mark and a channel follow it;
 * after that channel when the widget opens the line. Returns the cut, or
 * 0. */
static size_t video_cut(const char *s, size_t from, size_t n, size_t i)
{
	size_t ml = strlen(VIDEO_MARK), sl = strlen(VIDEO_SOURCE_MARK);
	if (i + ml > n || memcmp(s + i, VIDEO_MARK, ml) != 0)
		return 0;
	size_t span = n - i < VIDEO_TITLE_MAX_BYTES ? n - i : VIDEO_TITLE_MAX_BYTES;
	const char *m = memmem(s + i, span, VIDEO_SOURCE_MARK, sl);
	if (!m)
		return 0;
	size_t end = video_source_end(s, n, (size_t)(m - s) + sl);
	if (!end)
		return 0;
	if (i > from)
		return i;
	return end < n ? end : 0;
}

/* A run of two or more U+3000 inside a line starts a new paragraph (pages
 * flattened to one line keep their indents); so does a run of spaces in a
 * page flattened to one line, and where it has none, a short sentence
 * (flattened_cut). A prompt to read on stands alone, and a literal `\n`
 * after a sentence's end starts a paragraph. Returns the offset of the
 * cut, or n. */
static size_t inner_indent(const char *s, size_t n, size_t from, int by_sentence)
{
	size_t marker = read_on_at(s, n, from);
	if (marker && from + marker < n)
		return from + marker;
	if (by_sentence)
		return flattened_cut(s, n, from);
	int flattened = n >= FLATTENED_PAGE_BYTES;
	for (size_t i = from; i < n; i++) {
		/* the marks looked for all open on one of these bytes */
		unsigned char c = (unsigned char)s[i];
		if (c == 0xE3 && i + 6 <= n && memcmp(s + i, "\xE3\x80\x80\xE3\x80\x80", 6) == 0)
			return i;
		if (i > from && ((c == READ_ON_LEAD && read_on_at(s, n, i)) ||
		                 (c == '\\' && escaped_break_at(s, from, n, i))))
			return i;
		size_t cut = c == 0xE3 || c == 0xEF ? run_on_cut(s, from, n, i)
		             : c == 0xE8            ? video_cut(s, from, n, i)
		                                    : 0;
		if (cut)
			return cut;
		if (flattened && s[i] == ' ') {
			size_t j = i;
			while (j < n && s[j] == ' ')
				j++;
			if (j - i >= FLATTENED_GAP_SPACES && j < n)
				return i;
			i = j - 1;
		}
	}
	return n;
}

/* Word-segmented Chinese: at least this many pairs of Chinese letters
 * with white space between them, and at least one in SEGMENTED_SHARE of
 * all such pairs (in running text, next to none is). */
#define SEGMENTED_MIN_GAPS 16
#define SEGMENTED_SHARE 3

/* White space inside a line: ASCII spaces and tabs, U+3000. */
static int is_gap(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == 0x3000;
}

static int gap_at(const char *s, size_t n, size_t i, size_t *len)
{
	return is_gap(article_cp_at(s, n, i, len));
}

/* Bytes read to tell segmented text: its first few thousand characters
 * show it as well as the whole. */
#define SEGMENTED_SAMPLE_BYTES 4096

/* Whether the text is Chinese segmented into words. */
static int segmented(const char *s, size_t n)
{
	size_t joined = 0, gaps = 0, i = 0, l;
	uint32_t prev = 0;
	int gap = 0;
	if (n > SEGMENTED_SAMPLE_BYTES)
		n = SEGMENTED_SAMPLE_BYTES;
	while (i < n) {
		uint32_t cp = (unsigned char)s[i] < 0x80 ? (unsigned char)s[i]
		                                          : article_cp_at(s, n, i, &l);
		if ((unsigned char)s[i] < 0x80)
			l = 1;
		if (is_gap(cp)) {
			gap = 1;
		} else if (cp == '\n') {
			prev = 0;
			gap = 0;
		} else {
			if (docconv_is_cjk_letter(cp) && docconv_is_cjk_letter(prev)) {
				if (gap)
					gaps++;
				else
					joined++;
			}
			prev = cp;
			gap = 0;
		}
		i += l;
	}
	return gaps >= SEGMENTED_MIN_GAPS && gaps * SEGMENTED_SHARE >= gaps + joined;
}

/* The text with the white space inside a line beside a Chinese character
 * (or mark) taken out; an indent at a line's start stays. NULL when out of
 * memory. */
static char *join_words(const char *s, size_t n, size_t *out_n)
{
	char *o = malloc(n + 1);
	if (!o)
		return NULL;
	size_t k = 0, i = 0, l;
	uint32_t prev = 0;   /* the last code point kept on this line, 0 at its start */
	while (i < n) {
		if (prev && gap_at(s, n, i, &l)) {
			size_t j = i;
			while (j < n && gap_at(s, n, j, &l))
				j += l;
			uint32_t next = j < n ? article_cp_at(s, n, j, &l) : '\n';
			if (next != '\n' && next != '\r' &&
			    !docconv_is_cjk(prev) && !docconv_is_cjk(next)) {
				memcpy(o + k, s + i, j - i);
				k += j - i;
			}
			i = j;
			continue;
		}
		uint32_t cp = article_cp_at(s, n, i, &l);
		memcpy(o + k, s + i, l);
		k += l;
		prev = cp == '\n' ? 0 : cp;
		i += l;
	}
	o[k] = '\0';
	*out_n = k;
	return o;
}

docconv_status article_split_lines(const char *text, size_t n,
                                   article_lines *out, docconv_diag *d)
{
	memset(out, 0, sizeof *out);
	if (segmented(text, n)) {
		if (!(out->joined = join_words(text, n, &n)))
			return DOCCONV_ERR_NOMEM;
		text = out->joined;
	}
	out->text = text;
	out->text_len = n;
	size_t i = 0;
	unsigned long no = 0;
	while (i < n || (i == n && no == 0)) {
		const char *nl = memchr(text + i, '\n', n - i);
		size_t end = nl ? (size_t)(nl - text) : n;
		no++;
		if (end - i > ARTICLE_MAX_LINE_BYTES) {
			docconv_diag_add(d, DOCCONV_SEV_ERROR, no, -1,
			                 "line is %zu bytes long, over the limit of %d; "
			                 "this does not look like article text",
			                 end - i, ARTICLE_MAX_LINE_BYTES);
			return DOCCONV_ERR_LIMIT;
		}
		const char *s = text + i;
		size_t len = end - i;
		/* Skip the leading indent to find inner paragraph marks. */
		size_t lead = 0, l;
		while (lead < len && docconv_is_space(article_cp_at(s, len, lead, &l)))
			lead += l;
		int by_sentence = flattened_by_sentence(s, len, n);
		size_t from = 0, cut = inner_indent(s, len, lead, by_sentence);
		int r = 0;
		while (cut < len && !r) {
			r = push(out, s + from, cut - from, no,
			         indent_of(s + from, cut - from));
			from = cut;
			size_t skip = from;
			while (skip < len && docconv_is_space(article_cp_at(s, len, skip, &l)))
				skip += l;
			cut = inner_indent(s, len, skip, by_sentence);
		}
		if (!r)
			r = push(out, s + from, len - from, no,
			         indent_of(s + from, len - from));
		if (r == -1)
			return DOCCONV_ERR_NOMEM;
		if (r == -2) {
			docconv_diag_add(d, DOCCONV_SEV_ERROR, no, -1,
			                 "more than %d lines; this does not look like "
			                 "one article", ARTICLE_MAX_LINES);
			return DOCCONV_ERR_LIMIT;
		}
		if (!nl)
			break;
		i = end + 1;
	}
	return article_index_words(out) ? DOCCONV_ERR_NOMEM : DOCCONV_OK;
}

void article_lines_free(article_lines *l)
{
	free(l->v);
	free(l->words.slots);
	free(l->feat);
	free(l->joined);
	memset(l, 0, sizeof *l);
}

