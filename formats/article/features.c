/* features.c — what the decoder knows of each line: its shape, the patterns
 * of the genre it matches, its neighbours and the page it stands in. Each
 * is a yes/no feature named in features.h; the decoder weighs them per
 * class. The line predicates here were the reader's rules before it
 * decided globally: they are good evidence, and the weights say how good.
 */
#include "article.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Longest jump line (`(Continued on page 12, column 3)`), in characters. */
#define JUMP_LINE_MAX_CHARS 40
/* Lines on either side of a line that tell the width of its column. */
#define COLUMN_WINDOW 12
/* At most this many base features are active on one line (each counts
 * three times: alone, with the line's script, with its layout). */
#define MAX_ACTIVE_FEATURES 96
/* Lines of a caption skipped when looking back past one for the text it
 * interrupts. */
#define CAPTION_LOOKBACK_LINES 6

static const char *const feature_names[] = {
#define ARTICLE_FEATURE_NAME(id, name) name,
	ARTICLE_FEATURES(ARTICLE_FEATURE_NAME)
#undef ARTICLE_FEATURE_NAME
};

static const article_feature edge_base[] = {
#define ARTICLE_EDGE_BASE(id) FEAT_##id,
	ARTICLE_EDGE_FEATURES(ARTICLE_EDGE_BASE)
#undef ARTICLE_EDGE_BASE
};

article_feature article_edge_base(unsigned e)
{
	return edge_base[e % ARTICLE_N_BASE_EDGES];
}

unsigned article_edge_domain(unsigned e)
{
	static const unsigned domain[] = {
		0, ARTICLE_DOMAIN_WRAPPED, ARTICLE_DOMAIN_NARROW, ARTICLE_DOMAIN_FLAT
	};
	return domain[(e / ARTICLE_N_BASE_EDGES) % 4];
}

const char *article_feature_name(unsigned f, char *buf, size_t size)
{
	static const char *const script[] = { "", "&zh", "&en", "&wrap", "&narrow",
	                                      "&flat" };
	if (f >= ARTICLE_N_FEATURES)
		return "?";
	snprintf(buf, size, "%s%s", feature_names[f % ARTICLE_N_BASE_FEATURES],
	         script[f / ARTICLE_N_BASE_FEATURES]);
	return buf;
}

uint32_t article_features_hash(void)
{
	uint32_t h = 2166136261u;
	char name[64];
	for (unsigned i = 0; i < ARTICLE_N_FEATURES; i++) {
		for (const char *p = article_feature_name(i, name, sizeof name); *p; p++)
			h = (h ^ (unsigned char)*p) * 16777619u;
		h = (h ^ 0u) * 16777619u;
	}
	for (unsigned e = 0; e < ARTICLE_N_BASE_EDGES; e++)
		h = (h ^ (uint32_t)edge_base[e]) * 16777619u;
	return h;
}

/* --- line predicates ---------------------------------------------------- */

static int is_ascii_lower(uint32_t c) { return c >= 'a' && c <= 'z'; }

/* A digit, half- or full-width. */
static int is_digit_cp(uint32_t c)
{
	return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19);
}

static int latin_line(const article_line *ln)
{
	return ln->latin > ln->cjk * 2;
}

static int is_clause_end(uint32_t c)
{
	return c == 0xFF0C || c == ',' || c == 0x3001 || c == 0xFF1B ||
	       c == ';' || c == 0xFF1A || c == ':' || c == 0x060C || c == 0x061B;
}

static int is_dash(uint32_t c)
{
	return c == 0x2014 || c == 0x2015 || c == 0x2500 || c == 0x2013;
}

static int is_open_quote(uint32_t c)
{
	return c == 0x201C || c == '"' || c == 0x2018 || c == 0x300C ||
	       c == 0x300E || c == '\'';
}

static int is_open_paren(uint32_t c)
{
	return c == 0xFF08 || c == '(' || c == '[' || c == '{' || c == 0x3014 ||
	       c == 0x3016;
}

static int is_close_paren(uint32_t c)
{
	return c == 0xFF09 || c == ')' || c == ']' || c == '}' || c == 0x3011 ||
	       c == 0x3015 || c == 0x3017 || c == 0x300B;
}

static int is_close_quote(uint32_t c)
{
	return c == 0x201D || c == '"' || c == 0x2019 || c == 0x300D ||
	       c == 0x300F || c == '\'';
}

static int is_bullet(uint32_t c)
{
	return c == 0x25CE || c == 0x25CF || c == 0x25C6 || c == 0x25B2 ||
	       c == 0x2605 || c == 0x2022 || c == 0x00B7 || c == 0x203B ||
	       c == '*' || c == 0x25BA || c == 0x25B6 || c == 0x25C7 ||
	       c == 0x25CB || c == 0x2606 || c == 0x2666;
}

static int is_all_caps(const article_line *ln)
{
	return ln->latin >= 3 && ln->upper * 10 >= ln->latin * 8 && ln->cjk == 0;
}

/* Most words of an English line capitalised (a headline or deck, a small
 * head like `Steady Gains Made.`). */
static int is_title_case(const article_line *ln)
{
	size_t words = 0, caps = 0;
	for (size_t i = 0; i < ln->len;) {
		while (i < ln->len && ln->s[i] == ' ')
			i++;
		if (i >= ln->len)
			break;
		size_t w = i, letters = 0;
		while (i < ln->len && ln->s[i] != ' ') {
			char c = ln->s[i];
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
				letters++;
			i++;
		}
		if (letters < 4)
			continue;
		words++;
		char c = ln->s[w];
		if (c == '"' || c == '\'' || c == '(')
			c = w + 1 < ln->len ? ln->s[w + 1] : c;
		if (c >= 'A' && c <= 'Z')
			caps++;
	}
	return words >= 2 && caps * 10 >= words * 7;
}

/* A line ending in "the", "of", "would" stops in mid-sentence. */
int article_ends_in_function_word(const article_line *ln)
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

/* A line wholly inside brackets, `（编辑：严玉洁）`. */
static int is_bracketed(const article_line *ln)
{
	return (ln->first == 0xFF08 && ln->last == 0xFF09) ||
	       (ln->first == '(' && ln->last == ')') ||
	       (ln->first == 0x3010 && ln->last == 0x3011) ||
	       (ln->first == '[' && ln->last == ']');
}

/* The longest tag in lenticular brackets a portal sets before its staff
 * credit (`【纠错】 【责任编辑：X】`), in bytes. */
#define STAFF_TAG_MAX_BYTES 18

/* `责任编辑：方圆`, `（编辑：严玉洁）`, `【纠错】 【责任编辑：王萌】`: the
 * page's staff credit, a note rather than a subhead. */
static int is_staff_credit(const article_line *ln)
{
	const char *s = ln->s;
	size_t n = ln->len, l;
	uint32_t first = article_cp_at(s, n, 0, &l);
	/* a short tag first (`【纠错】 `): the credit in brackets after it */
	const char *close = first == 0x3010 ? memmem(s, n < STAFF_TAG_MAX_BYTES ? n : STAFF_TAG_MAX_BYTES,
	                                             "\xE3\x80\x91", 3) : NULL;
	if (close) {
		size_t k = (size_t)(close - s) + 3, cl;
		while (k < n && docconv_is_space(article_cp_at(s, n, k, &cl)))
			k += cl;
		if (k < n && article_cp_at(s, n, k, &cl) == 0x3010) {
			s += k;
			n -= k;
		}
	}
	if (first == 0xFF08 || first == '(' || first == 0x3010 || first == '[') {
		s += l;
		n -= l;
	}
	return article_match_staff(s, n);
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

static int is_subtitle_mark(const article_line *ln)
{
	return ln->first == 0x2014 || ln->first == 0x2015 || ln->first == 0x2500 ||
	       (ln->len >= 6 && memcmp(ln->s, "\xEF\xBC\x8D\xEF\xBC\x8D", 6) == 0);
}

static int ends_with_dash(const article_line *ln)
{
	return is_dash(ln->last) ||
	       (ln->len >= 2 && ln->s[ln->len - 1] == '-' && ln->s[ln->len - 2] == '-');
}

/* Whether a Chinese line ends in a word that leaves its phrase open: a
 * particle (的), a conjunction (和, 与), a preposition (对, 把, 从): a
 * column cut it, no headline ends so. */
static int cjk_ends_open(const article_line *ln)
{
	static const uint32_t open_words[] = {
		0x7684 /* 的 */, 0x548C /* 和 */, 0x4E0E /* 与 */, 0x8207 /* 與 */,
		0x53CA /* 及 */, 0x5BF9 /* 对 */, 0x5C0D /* 對 */, 0x628A /* 把 */,
		0x88AB /* 被 */, 0x4ECE /* 从 */, 0x5F9E /* 從 */, 0x5C06 /* 将 */,
		0x5C07 /* 將 */, 0x5E76 /* 并 */, 0x4E26 /* 並 */, 0x800C /* 而 */, 0
	};
	if (latin_line(ln) || !docconv_is_cjk_letter(ln->last))
		return 0;
	for (size_t k = 0; open_words[k]; k++)
		if (ln->last == open_words[k])
			return 1;
	return 0;
}

/* Whether a line ends in a word that leaves its sentence open: a Latin
 * function word (`the`, `of`), or one of cjk_ends_open's. */
static int ends_open_word(const article_line *ln)
{
	return latin_line(ln) ? article_ends_in_function_word(ln) : cjk_ends_open(ln);
}

/* A Chinese line cut at the end of a column stops in mid-clause; a line
 * ending in a period or a comma is not a title. */
static int is_title_like(const article_line *ln)
{
	if (ln->kind != LINE_TEXT || ln->width > ARTICLE_TITLE_MAX_WIDTH ||
	    ln->len == 0)
		return 0;
	if (is_clause_end(ln->last) || ln->last == 0x3002 || ln->last == '.' ||
	    ln->commas > 2 || cjk_ends_open(ln))
		return 0;
	if (ln->dateline_len && ln->dateline_len < ln->len)
		return 0;
	if (latin_line(ln)) {
		uint32_t f = ln->first;
		if (!(docconv_is_upper_latin(f) || (f >= '0' && f <= '9') ||
		      f == '"' || f == 0x201C || f == '\'' || docconv_is_caseless_letter(f)))
			return 0;
		if (ln->width > 120 || ln->latin < 3)
			return 0;
	}
	return 1;
}

/* A subhead: short, no sentence punctuation in it, at most one comma;
 * in English also ALL CAPS lines and short questions. */
static int is_heading_like(const article_line *ln)
{
	if (ln->kind != LINE_TEXT || ln->len == 0)
		return 0;
	if (is_clause_end(ln->last))
		return 0;
	if (ln->dateline_len && ln->dateline_len < ln->len)
		return 0;
	if (latin_line(ln)) {
		if (is_all_caps(ln) && ln->width <= ARTICLE_HEADING_MAX_WIDTH_LATIN)
			return 1;
		int question = ln->last == '?' && ln->first != '"' &&
		               ln->first != 0x201C;
		if (ln->width > 60 || ln->latin < 3 || ln->inner_ends > 0 ||
		    (ln->ends_sentence && !question) || ln->last == '-' ||
		    article_ends_in_function_word(ln))
			return 0;
		uint32_t f = ln->first;
		return docconv_is_upper_latin(f) || (f >= '0' && f <= '9') ||
		       f == '"' || f == 0x201C || docconv_is_caseless_letter(f);
	}
	if (ln->commas > 1 || ln->inner_ends > 0 || ln->cjk < 2 ||
	    !brackets_balanced(ln->s, ln->len) || is_bracketed(ln) ||
	    is_staff_credit(ln) || cjk_ends_open(ln))
		return 0;
	if (ln->width > ARTICLE_HEADING_MAX_WIDTH &&
	    !(ln->width <= ARTICLE_LABEL_HEADING_MAX_WIDTH && colon_label(ln)))
		return 0;
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

static int starts_with(const article_line *ln, const char *p)
{
	size_t n = strlen(p);
	return ln->len >= n && memcmp(ln->s, p, n) == 0;
}

static int ends_with(const article_line *ln, const char *p)
{
	size_t n = strlen(p);
	return ln->len >= n && memcmp(ln->s + ln->len - n, p, n) == 0;
}

static int has_text(const article_line *ln, const char *p)
{
	return memmem(ln->s, ln->len, p, strlen(p)) != NULL;
}

static int has_text_ci(const article_line *ln, const char *p)
{
	size_t pl = strlen(p);
	char first = p[0];
	for (size_t i = 0; i + pl <= ln->len; i++)
		if ((ln->s[i] | 0x20) == (first | 0x20) &&
		    strncasecmp(ln->s + i, p, pl) == 0)
			return 1;
	return 0;
}

/* `一、`, `（一）`, `1.`, `1、`, `第一`: a numbered subhead or list item. */
/* 一 to 十: the Chinese numerals a numbered line opens with. */
static const uint32_t cjk_numerals[] = {
	0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03, 0x516B,
	0x4E5D, 0x5341, 0
};

static int is_numbered(const article_line *ln)
{
	size_t l, i = 0;
	uint32_t c = article_cp_at(ln->s, ln->len, 0, &l);
	if (c == 0xFF08 || c == '(') {
		i = l;
		c = article_cp_at(ln->s, ln->len, i, &l);
	}
	int num = 0;
	for (size_t k = 0; cjk_numerals[k]; k++)
		if (c == cjk_numerals[k])
			num = 1;
	if (is_digit_cp(c))
		num = 2;
	if (c == 0x7B2C)  /* 第 */
		return 1;
	if (!num)
		return 0;
	i += l;
	while (i < ln->len && ln->s[i] >= '0' && ln->s[i] <= '9')
		i++;
	uint32_t after = article_cp_at(ln->s, ln->len, i, NULL);
	return after == 0x3001 || after == 0xFF0E || after == 0xFF09 ||
	       after == ')' || (num == 2 && after == '.' && i + 1 < ln->len &&
	                        ln->s[i + 1] == ' ');
}

/* A Chinese note in brackets: （转第二版）, （A、D版）, or what goes with
 * the story: （附图片1张）, （附表）. */
static int is_bracketed_note(const article_line *ln)
{
	if (!is_bracketed(ln) || ln->chars > 40)
		return 0;
	return (ln->chars <= 16 &&
	        (has_text(ln, "版") || has_text(ln, "转") || has_text(ln, "轉") ||
	         has_text(ln, "接"))) ||
	       has_text(ln, "（附") || has_text(ln, "(附");
}

/* The words of an English jump line, in any case. */
static const char *const jump_words[] = {
	"continued on", "continued from", "see page", "turn to page", NULL
};

/* A jump line or a note in brackets: `(Continued on page 4)`,
 * `（转第二版）`, `（A、D版）`, `（附图片1张）`; in English the words
 * anywhere in a short line. */
static int is_jump(const article_line *ln)
{
	if (ln->width > ARTICLE_HEADING_MAX_WIDTH_LATIN)
		return 0;
	for (size_t k = 0; jump_words[k]; k++)
		if (has_text_ci(ln, jump_words[k]))
			return 1;
	return is_bracketed_note(ln);
}

/* A jump line and nothing else: the words open it (`(Continued on page
 * 2)`, `Continued on Page Three.`, `See page 4`), or a Chinese note in
 * brackets. */
static int is_jump_line(const article_line *ln)
{
	if (ln->chars > JUMP_LINE_MAX_CHARS)
		return 0;
	size_t i = 0;
	while (i < ln->len && (ln->s[i] == '(' || ln->s[i] == '[' || ln->s[i] == ' '))
		i++;
	for (size_t k = 0; jump_words[k]; k++)
		if (ln->len - i >= strlen(jump_words[k]) &&
		    strncasecmp(ln->s + i, jump_words[k], strlen(jump_words[k])) == 0)
			return 1;
	return is_bracketed_note(ln);
}

/* The mark that ends a wire story: （完）, (END), -30-, ###. */
static int is_end_mark(const article_line *ln)
{
	static const char *const marks[] = {
		"（完）", "(完)", "（终）", "（終）", "（全文完）", "(END)", "(end)",
		"-30-", "###", "-0-", NULL
	};
	for (size_t i = 0; marks[i]; i++)
		if (ln->len == strlen(marks[i]) && memcmp(ln->s, marks[i], ln->len) == 0)
			return 1;
	return 0;
}

/* A wire or staff service line (`United Press Leased Wire Service`,
 * `Associated Press`, `Staff Correspondent`). */
static int is_service(const article_line *ln)
{
	static const char *const words[] = {
		"United Press", "Associated Press", "Leased Wire", "Correspondent",
		"Staff Writer", "Reuters", "Agence France", "Special to", "Bureau",
		"News Service", "Wire Service", NULL
	};
	if (!latin_line(ln) || ln->width > 70 || ln->upper < 2)
		return 0;
	for (size_t i = 0; words[i]; i++)
		if (has_text(ln, words[i]))
			return 1;
	return 0;
}

/* Words that name a picture (in a line as short as a caption). */
static int has_photo_word(const article_line *ln)
{
	/* Not 图 alone: 地图, 运行图, 意图 are not pictures. */
	static const char *const cjk_words[] = {
		"图为", "圖為", "图片", "圖片", "照片", "图：", "圖：", "图/", "圖/",
		"图／", "圖／", "左图", "右图", "上图", "下图", "左圖", "右圖", "上圖",
		"下圖", "摄影", "攝影", " 摄", " 攝", "视频", "視頻", "画面", "畫面",
		NULL
	};
	static const char *const latin_words[] = {
		"hoto", "icture", "shown", "above", "below", "left)", "right)", NULL
	};
	/* Nor 摄影机, 攝影機: a camera is no picture. */
	static const char *const not_pictures[] = {
		"摄影机", "攝影機", "摄影头", "攝影頭", NULL
	};
	if (ln->width > ARTICLE_CAPTION_SINGLE_MAX_WIDTH)
		return 0;
	for (size_t i = 0; ln->cjk && cjk_words[i]; i++) {
		const char *w = cjk_words[i], *at = ln->s, *end = ln->s + ln->len;
		while ((at = memmem(at, (size_t)(end - at), w, strlen(w))) != NULL) {
			int camera = 0;
			for (size_t k = 0; not_pictures[k]; k++)
				camera |= (size_t)(end - at) >= strlen(not_pictures[k]) &&
				          memcmp(at, not_pictures[k], strlen(not_pictures[k])) == 0;
			if (!camera)
				return 1;
			at += strlen(w);
		}
	}
	for (size_t i = 0; ln->latin && latin_words[i]; i++)
		if (has_text(ln, latin_words[i]))
			return 1;
	return 0;
}

/* A line that is a date and little else: `Tuesday, June 11, 2002`,
 * `2019/03/15 19:51`, `2018年3月5日 星期一` (a masthead's or a wire's
 * date, not text). */
static int is_date_only(const article_line *ln)
{
	static const char *const words[] = {
		"January", "February", "March", "April", "May", "June", "July",
		"August", "September", "October", "November", "December", "Jan.",
		"Feb.", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.", "Monday", "Tuesday",
		"Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "年", "月",
		"日", "星期", "GMT", "UTC", NULL
	};
	if (ln->chars > 40 || ln->ends_sentence)
		return 0;
	size_t digits = 0, covered = 0;
	for (size_t i = 0; i < ln->len; i++) {
		char c = ln->s[i];
		if (c >= '0' && c <= '9')
			digits++;
		if ((c >= '0' && c <= '9') || c == ' ' || c == ',' || c == '/' ||
		    c == ':' || c == '-' || c == '.')
			covered++;
	}
	if (digits < 2)
		return 0;
	for (size_t k = 0; words[k]; k++) {
		size_t wl = strlen(words[k]);
		for (size_t i = 0; i + wl <= ln->len; i++)
			if (memcmp(ln->s + i, words[k], wl) == 0)
				covered += wl;
	}
	return covered * 10 >= ln->len * 7;
}

/* Whether the line holds a month's name and a year of four digits (1800
 * to 2099). */
static int has_year(const article_line *ln)
{
	static const char *const months[] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
		"Nov", "Dec", NULL
	};
	int month = 0;
	for (size_t k = 0; months[k] && !month; k++)
		month = has_text(ln, months[k]);
	if (!month)
		return 0;
	for (size_t i = 0; i + 4 <= ln->len; i++)
		if ((i == 0 || ln->s[i - 1] < '0' || ln->s[i - 1] > '9') &&
		    (memcmp(ln->s + i, "18", 2) == 0 || memcmp(ln->s + i, "19", 2) == 0 ||
		     memcmp(ln->s + i, "20", 2) == 0) &&
		    ln->s[i + 2] >= '0' && ln->s[i + 2] <= '9' && ln->s[i + 3] >= '0' &&
		    ln->s[i + 3] <= '9' && (i + 4 == ln->len || ln->s[i + 4] < '0' || ln->s[i + 4] > '9'))
			return 1;
	return 0;
}

/* Whether the line holds a digit, half- or full-width. */
static int has_digit(const article_line *ln)
{
	for (size_t i = 0, l; i < ln->len; i += l)
		if (is_digit_cp(article_cp_at(ln->s, ln->len, i, &l)))
			return 1;
	return 0;
}

/* Few letters among many characters: OCR noise, rules, stray marks. */
static int is_junk(const article_line *ln)
{
	size_t letters = ln->cjk + ln->latin;
	return ln->chars >= 3 ? letters * 2 < ln->chars : letters == 0;
}

/* Digits and punctuation mostly: a table's row, a score line. */
static int is_digits(const article_line *ln)
{
	size_t digits = 0;
	for (size_t i = 0; i < ln->len; i++)
		if (ln->s[i] >= '0' && ln->s[i] <= '9')
			digits++;
	return digits >= 3 && digits * 3 >= ln->chars;
}

/* Whether a line opens with what can go on a sentence the line before
 * left open: a small letter, a Han character, a closing mark. */
static int continues_text(const article_line *ln)
{
	uint32_t f = ln->first;
	return is_ascii_lower(f) || docconv_is_cjk_letter(f) ||
	       docconv_kinsoku_no_start(f) || is_digit_cp(f);
}

/* Whether a line leaves its sentence open: no end punctuation, or a comma. */
static int open_end(const article_line *ln)
{
	if (ln->ends_sentence)
		return 0;
	uint32_t c = ln->last;
	return docconv_is_alnum_latin(c) || docconv_is_cjk_letter(c) ||
	       c == 0xFF0C || c == ',' || c == 0x3001 || c == '-' || c == 0xAD;
}

static int figure_end_line(const article_line *ln)
{
	return ln->kind == LINE_CREDIT || ln->kind == LINE_CAPTION_CREDIT ||
	       ln->kind == LINE_CAPTION_LEAD;
}

/* Body text: a line no title block or caption holds (long, or a
 * sentence with commas in it). */
static int is_body_text(const article_line *ln)
{
	if (figure_end_line(ln) || ln->kind == LINE_BYLINE)
		return 0;
	return ln->width > 120 || (ln->commas >= 2 && ln->ends_sentence) ||
	       ln->inner_ends >= 2;
}

static int has_url(const article_line *ln)
{
	return has_text(ln, "http://") || has_text(ln, "https://") ||
	       has_text(ln, "www.") || has_text(ln, ".com") || has_text(ln, ".cn/");
}

/* What is asked of a line again when it stands beside another: worked
 * out once a line. */
typedef struct line_marks {
	unsigned heading_like : 1, title_like : 1, all_caps : 1, date_only : 1,
	         bracketed : 1, subtitle_mark : 1, dash_end : 1;
} line_marks;

static line_marks marks_of(const article_line *ln)
{
	line_marks m;
	m.heading_like = (unsigned)is_heading_like(ln);
	m.title_like = (unsigned)is_title_like(ln);
	m.all_caps = (unsigned)is_all_caps(ln);
	m.date_only = (unsigned)is_date_only(ln);
	m.bracketed = (unsigned)is_bracketed(ln);
	m.subtitle_mark = (unsigned)is_subtitle_mark(ln);
	m.dash_end = (unsigned)ends_with_dash(ln);
	return m;
}

/* --- the page's columns ------------------------------------------------- */

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return x < y ? -1 : x > y;
}

/* Lines ahead looked at for a credit that ends a caption; twice as many
 * in a narrow column, where a caption takes twice the lines. */
#define CREDIT_LOOKAHEAD 4
#define CREDIT_LOOKAHEAD_NARROW 8
/* Lines ahead looked at for the byline under a title block. */
#define BYLINE_LOOKAHEAD 3

typedef struct line_ctx {
	size_t ref;        /* the column's width, 0 when the text is not wrapped */
	size_t chunk;      /* lines in its run between blank lines */
	size_t chunk_pos;  /* 0-based place in that run */
	size_t prev, next; /* neighbouring non-blank lines, SIZE_MAX when none */
	unsigned blank_after;
	size_t pos;        /* 1-based among non-blank lines */
} line_ctx;

/* The width of the column a line stands in: the 90th percentile of the
 * widths around it within its run of lines (between blank lines), when
 * most of them come near it (hard-wrapped text); else the page's, when the
 * page is mostly wrapped; else 0. */
static void column_widths(const article_lines *L, line_ctx *ctx,
                          size_t *page_ref)
{
	size_t w[2 * COLUMN_WINDOW + 1], sorted[2 * COLUMN_WINDOW + 1];
	int stops[2 * COLUMN_WINDOW + 1];
	size_t wrapped_lines = 0, nonblank = 0;
	size_t *all = malloc((L->n + 1) * sizeof *all);
	size_t nall = 0;
	for (size_t i = 0; i < L->n; i++) {
		const article_line *ln = &L->v[i];
		if (ln->kind == LINE_BLANK) {
			ctx[i].ref = 0;
			continue;
		}
		nonblank++;
		if (all && ln->chars >= 6)
			all[nall++] = ln->width;
		size_t k = 0;
		for (size_t j = i; j-- > 0 && i - j <= COLUMN_WINDOW;) {
			if (L->v[j].kind == LINE_BLANK)
				break;
			stops[k] = L->v[j].ends_sentence;
			w[k++] = L->v[j].width;
		}
		for (size_t j = i; j < L->n && j - i <= COLUMN_WINDOW; j++) {
			if (L->v[j].kind == LINE_BLANK)
				break;
			stops[k] = L->v[j].ends_sentence;
			w[k++] = L->v[j].width;
		}
		ctx[i].ref = 0;
		if (k < 3)
			continue;
		/* A few dozen widths: insertion sort. */
		for (size_t m = 0; m < k; m++) {
			size_t v = w[m], j = m;
			while (j > 0 && sorted[j - 1] > v) {
				sorted[j] = sorted[j - 1];
				j--;
			}
			sorted[j] = v;
		}
		size_t ref = sorted[(k * 9) / 10 < k ? (k * 9) / 10 : k - 1];
		/* A wrapped column's lines come near its width and mostly stop
		 * in mid-sentence; paragraphs of one line each may come near
		 * one another's widths too, but they end their sentences. */
		size_t near = 0;
		for (size_t m = 0; m < k; m++)
			if (w[m] * 4 >= ref * 3 && w[m] <= ref + ref / 8 && !stops[m])
				near++;
		if (ref <= ARTICLE_WRAP_MAX_WIDTH && ref >= 12 && near * 2 >= k) {
			ctx[i].ref = ref;
			wrapped_lines++;
		}
	}
	*page_ref = 0;
	if (all && nall) {
		qsort(all, nall, sizeof *all, cmp_size);
		size_t ref = all[(nall * 9) / 10];
		/* Short paragraphs of two lines each never make a run of three:
		 * the page is wrapped too when a third of its lines come near
		 * its width and stop in mid-sentence. */
		size_t open_near = 0;
		for (size_t i = 0; i < L->n; i++) {
			const article_line *ln = &L->v[i];
			if (ln->kind != LINE_BLANK && ln->chars >= 6 &&
			    ln->width * 4 >= ref * 3 && ln->width <= ref + ref / 8 &&
			    !ln->ends_sentence)
				open_near++;
		}
		if (ref <= ARTICLE_WRAP_MAX_WIDTH && ref >= 12 &&
		    (wrapped_lines * 3 >= nonblank || open_near * 3 >= nonblank))
			*page_ref = ref;
	}
	free(all);
	for (size_t i = 0; i < L->n; i++)
		if (L->v[i].kind != LINE_BLANK && !ctx[i].ref)
			ctx[i].ref = *page_ref;
}

/* --- greedy wrapping ------------------------------------------------------ */

/* Columns a line must have had left over for the next line's first word
 * before that line counts as ended (a wrap one or two columns short of
 * greedy is a justified or hand-set column, not a block's end). */
#define ROOM_MARGIN 2
/* On such a page, the room a sentence's last line must leave for the next
 * word before the sentence counts as its paragraph's last. */
#define TIGHT_MARGIN 1
/* A page is wrapped tightly when no more than one in TIGHT_SLACK of its
 * lines that the next goes on from in mid-sentence had room for the
 * next word, over at least TIGHT_MIN_PAIRS of them. */
#define TIGHT_SLACK 20
#define TIGHT_MIN_PAIRS 5

/* Columns a line takes, for the room test. A Latin line's code points
 * each take one (curly quotes and dashes too, which are wide in Chinese);
 * a Chinese line may have been cut at a count of characters, its
 * half-width digits and letters counted whole, so it takes two a code
 * point at least. */
static size_t text_width(const article_line *p)
{
	if (latin_line(p))
		return p->chars;
	return 2 * p->chars > p->width ? 2 * p->chars : p->width;
}

/* The same with its indent: an indent may stand inside the column's width
 * or outside it (added to a line wrapped before); the room test takes it
 * in, the column's width leaves it out, so that neither finds room that
 * may not be there. */
static size_t taken_width(const article_line *p)
{
	return text_width(p) + 2 * p->indent;
}

/* Columns the first word of a line takes, counted as text_width counts,
 * with the space before it; in Chinese, the first character and a mark
 * after it that may not begin a line. */
static size_t first_word_width(const article_line *ln)
{
	size_t l, i = 0, w = 0;
	if (!latin_line(ln)) {
		article_cp_at(ln->s, ln->len, 0, &l);
		w = 2;
		if (l < ln->len &&
		    docconv_kinsoku_no_start(article_cp_at(ln->s, ln->len, l, &l)))
			w += 2;
		return w;
	}
	while (i < ln->len) {
		uint32_t cp = article_cp_at(ln->s, ln->len, i, &l);
		if (docconv_is_space(cp))
			break;
		w++;
		i += l;
	}
	return w + 1;
}

/* Whether line p, in a column `ref` wide, had `margin` columns to spare
 * after the first word of the line after it (wrapping as a program does,
 * greedily, would have put that word on p). */
static int room_left(const article_line *p, const article_line *ln, size_t ref,
                     size_t margin)
{
	return ref && taken_width(p) + first_word_width(ln) + margin <= ref;
}

/* Whether line p, of a run wrapped `p_wrap` wide, ended a sentence with
 * room left for the first word of ln (of a run `wrap` wide) on a page
 * wrapped greedily: it ended its paragraph there. */
static int ended_with_room(const article_line *p, size_t p_wrap,
                           const article_line *ln, size_t wrap)
{
	return p->ends_sentence && !is_ascii_lower(ln->first) &&
	       room_left(p, ln, p_wrap > wrap ? p_wrap : wrap, TIGHT_MARGIN);
}

/* Whether a line ends a sentence and then its story's byline in brackets
 * (`…釐清。（王煌忠／台中報導）`); a credit closing a caption is none
 * (`…求救。（記者X攝）`). */
static int closes_with_byline(const article_line *ln)
{
	size_t at;
	return ln->kind == LINE_TEXT &&
	       article_closing_group(ln->s, ln->len, &at) == ARTICLE_CLOSING_BYLINE && at > 0;
}

/* Words a web subhead in sentence case has at most (short_head). */
#define SHORT_HEAD_MAX_WORDS 7

/* Whether a line trails off in an ellipsis (`Planes, trains ...`). */
static int trails_off(const article_line *ln)
{
	return ln->last == 0x2026 ||
	       (ln->len >= 3 && memcmp(ln->s + ln->len - 3, "...", 3) == 0);
}

/* Whether a Latin line opens on a quotation mark and a capital
 * (`"I went to…`). */
static int opens_quote(const article_line *ln)
{
	size_t l;
	if (ln->first != '"' && ln->first != 0x201C)
		return 0;
	article_cp_at(ln->s, ln->len, 0, &l);
	return l < ln->len && docconv_is_upper_latin(article_cp_at(ln->s, ln->len, l, &l));
}

/* Whether line i goes on from the line before in mid-sentence, surely:
 * no end before it, a lowercase word or a Chinese character after one. */
static int wrapped_pair(const article_lines *L, const line_ctx *ctx, size_t i)
{
	const article_line *ln = &L->v[i];
	if (ln->kind == LINE_BLANK || ln->blank_before || ctx[i].prev == SIZE_MAX)
		return 0;
	const article_line *p = &L->v[ctx[i].prev];
	return !p->ends_sentence &&
	       (is_ascii_lower(ln->first) ||
	        (docconv_is_cjk_letter(ln->first) && docconv_is_cjk_letter(p->last)));
}

/* The width each line's column is wrapped at, as far as the line's own
 * run of wrapped lines shows it (lines that each go on from the one before
 * in mid-sentence): the widest of them; 0 for a line alone. A caption
 * wrapped to its own width, a headline set apart, or the next column do
 * not count. */
static void wrap_widths(const article_lines *L, const line_ctx *ctx, size_t *wrap)
{
	for (size_t i = 0; i < L->n;) {
		if (L->v[i].kind == LINE_BLANK) {
			wrap[i++] = 0;
			continue;
		}
		size_t j = i, w = text_width(&L->v[i]), last = i;
		while (ctx[j].next != SIZE_MAX && wrapped_pair(L, ctx, ctx[j].next)) {
			j = ctx[j].next;
			if (text_width(&L->v[j]) > w)
				w = text_width(&L->v[j]);
			last = j;
		}
		for (size_t k = i; k <= last; k++)
			wrap[k] = last > i ? w : 0;
		i = last + 1;
	}
}

/* Whether a page is wrapped greedily: next to none of the lines a
 * mid-sentence line goes on from had room for the next word (a justified
 * or hand-set column's lines, and an OCR'd one's, vary more). */
static int wrapped_tightly(const article_lines *L, const line_ctx *ctx,
                           const size_t *wrap)
{
	size_t pairs = 0, roomy = 0;
	for (size_t i = 0; i < L->n; i++)
		if (wrapped_pair(L, ctx, i)) {
			size_t p = ctx[i].prev;
			pairs++;
			roomy += room_left(&L->v[p], &L->v[i], wrap[p], ROOM_MARGIN);
		}
	return pairs >= TIGHT_MIN_PAIRS && roomy * TIGHT_SLACK <= pairs;
}

/* --- the fields of an export ---------------------------------------------- */

/* Lines after a `标题：` title field that its record's other fields
 * (author, date, source, the body's label) come within. */
#define FIELD_WINDOW 6

#define ONLY(l) (1u << (l))
#define ANY_BUT(l) (((1u << ARTICLE_N_LABELS) - 1) & ~(1u << (l)))

/* A jump line or a note in brackets is a paragraph of its own
 * (STRUCTURE.md: layout notes are kept as paragraphs), and the line after
 * it begins a block. */
static void note_classes(article_lines *L)
{
	int after_note = 0;
	for (size_t i = 0; i < L->n; i++) {
		article_line *ln = &L->v[i];
		if (ln->kind == LINE_BLANK)
			continue;
		int note = !ln->allow && is_jump_line(ln);
		if (note)
			ln->allow = ONLY(LABEL_PARAGRAPH);
		else if (after_note && !ln->allow)
			ln->allow = ANY_BUT(LABEL_PARAGRAPH_CONT);
		after_note = note;
	}
}

/* The classes a line of a crawler's or a CMS's export may take: its title
 * field (or the line under a title label alone) is the title; the author,
 * date and source fields after it a byline and datelines; a label standing alone (`内容：`, `图片：`) a
 * paragraph, and the line after it begins a block of its own. */
static void field_classes(article_lines *L)
{
	size_t since_title = FIELD_WINDOW + 1;
	int after_label = 0;   /* the line before is a label alone */
	int after_title = 0;   /* ... the title's (`标题：` / the title) */
	for (size_t i = 0; i < L->n; i++) {
		article_line *ln = &L->v[i];
		if (ln->kind == LINE_BLANK)
			continue;
		int alone;
		article_field f = article_match_field(ln->s, ln->len, &alone);
		since_title++;
		if ((f == FIELD_TITLE && !alone) || (after_title && f == FIELD_NONE)) {
			ln->allow = ONLY(LABEL_TITLE);
			since_title = 0;
		} else if (f != FIELD_NONE && alone) {
			ln->allow = ONLY(LABEL_PARAGRAPH);
		} else if (f != FIELD_NONE && since_title <= FIELD_WINDOW) {
			ln->allow = f == FIELD_AUTHOR ? ONLY(LABEL_BYLINE)
			            : f == FIELD_BODY ? ONLY(LABEL_PARAGRAPH)
			            : ONLY(LABEL_DATELINE);
		} else if (after_label) {
			ln->allow = ANY_BUT(LABEL_PARAGRAPH_CONT);
		}
		after_label = f != FIELD_NONE && alone;
		after_title = f == FIELD_TITLE && alone;
	}
}

/* The paper's name heading a page (`New York Times January 8, 2002`) is
 * no headline: a paragraph, and so is the date line under it; both are
 * front matter of the article whose headline follows. */
static void masthead_classes(article_lines *L)
{
	size_t i = 0;
	while (i < L->n && L->v[i].kind == LINE_BLANK)
		i++;
	if (i >= L->n || L->v[i].allow)
		return;
	int name = article_match_masthead(L->v[i].s, L->v[i].len);
	size_t d = i;
	while (++d < L->n && L->v[d].kind == LINE_BLANK)
		;
	int dated = d < L->n && !L->v[d].allow && is_date_only(&L->v[d]);
	if (name < 2 && !(name && dated))
		return;
	L->v[i].allow = ONLY(LABEL_PARAGRAPH);
	L->v[i].front = 1;
	/* an e-paper's column under its page label (`专栏：热点解读`) */
	const article_line *c = d < L->n ? &L->v[d] : NULL;
	int column = c && !c->allow && c->width <= ARTICLE_HEADING_MAX_WIDTH &&
	             (starts_with(c, "专栏") || starts_with(c, "專欄")) &&
	             (has_text(c, "：") || has_text(c, ":"));
	if (dated || column) {
		L->v[d].allow = ONLY(LABEL_PARAGRAPH);
		L->v[d].front = 1;
	}
}

/* --- the features --------------------------------------------------------- */

typedef struct active {
	uint16_t f[MAX_ACTIVE_FEATURES];
	unsigned n;
} active;

static void on(active *a, article_feature f)
{
	if (a->n < MAX_ACTIVE_FEATURES)
		a->f[a->n++] = (uint16_t)f;
}

static void on_if(active *a, int cond, article_feature f)
{
	if (cond)
		on(a, f);
}

/* How many times a pattern of the genre counts (see line_shape). */
#define PATTERN_WEIGHT 2

static int is_blank_sign(uint16_t f)
{
	return f == FEAT_BB_0 || f == FEAT_BB_1 || f == FEAT_BB_2 || f == FEAT_BA_0 ||
	       f == FEAT_BA_1 || f == FEAT_BA_2;
}

static void on_n(active *a, int cond, article_feature f)
{
	for (int k = 0; cond && k < PATTERN_WEIGHT; k++)
		on(a, f);
}

static article_feature width_bucket(size_t w)
{
	return w <= 6 ? FEAT_W_6 : w <= 12 ? FEAT_W_12 : w <= 20 ? FEAT_W_20
	       : w <= 30 ? FEAT_W_30 : w <= 44 ? FEAT_W_44 : w <= 64 ? FEAT_W_64
	       : w <= 90 ? FEAT_W_90 : w <= 140 ? FEAT_W_140
	       : w <= 240 ? FEAT_W_240 : FEAT_W_MORE;
}

/* Width against the column: 0 none, 1 low, 2 mid, 3 high, 4 full. */
static int ratio_class(size_t w, size_t ref)
{
	if (!ref)
		return 0;
	if (w * 100 >= ref * 92)
		return 4;
	if (w * 100 >= ref * 78)
		return 3;
	if (w * 100 >= ref * 50)
		return 2;
	return 1;
}

/* `indented`: how many lines are indented. */
typedef struct page_flags {
	int wrapped, blanksep, indents, latin, tight;
	size_t indented;
} page_flags;

/* `indents`: whether indentation tells anything on this page (some lines
 * indented, some not). */
static void line_shape(active *a, const article_line *ln, line_marks mk,
                       size_t ref, int indents)
{
	size_t l;
	on_if(a, latin_line(ln), FEAT_S_LATIN);
	on_if(a, !latin_line(ln) && ln->cjk > 0, FEAT_S_CJK);
	on(a, width_bucket(ln->width));
	static const article_feature ratios[] = {
		FEAT_R_NONE, FEAT_R_LOW, FEAT_R_MID, FEAT_R_HIGH, FEAT_R_FULL
	};
	on(a, ratios[ratio_class(ln->width, ref)]);

	/* How it ends. */
	uint32_t last = ln->last;
	if (ln->ends_sentence) {
		on(a, FEAT_E_STOP);
		size_t n = ln->len;
		for (int steps = 0; n && steps < 3; steps++) {
			uint32_t c = docconv_utf8_last(ln->s, n, &l);
			if (c == '?' || c == 0xFF1F || c == '!' || c == 0xFF01) {
				on(a, FEAT_E_QX);
				break;
			}
			if (!is_close_quote(c) && !is_close_paren(c))
				break;
			n -= l;
		}
	} else if (last == 0xFF0C || last == ',' || last == 0x3001) {
		on(a, FEAT_E_COMMA);
	} else if (last == 0xFF1B || last == ';') {
		on(a, FEAT_E_SEMI);
	} else if (last == 0xFF1A || last == ':') {
		on(a, FEAT_E_COLON);
	} else if (mk.dash_end) {
		on(a, FEAT_E_DASH);
	} else if (ln->ends_hyphen) {
		on(a, FEAT_E_HYPHEN);
	} else if (is_close_paren(last)) {
		on(a, FEAT_E_CLOSE);
	} else if (is_close_quote(last)) {
		on(a, FEAT_E_QUOTE);
	} else if (is_digit_cp(last)) {
		on(a, FEAT_E_DIGIT);
	} else if (docconv_is_alnum_latin(last) || docconv_is_cjk_letter(last)) {
		on(a, FEAT_E_LETTER);
	}
	if (last == 0x2026 || (ln->len >= 3 && memcmp(ln->s + ln->len - 3, "...", 3) == 0))
		on(a, FEAT_E_ELLIPSIS);

	/* How it begins. */
	uint32_t f = ln->first;
	if (docconv_is_lower_latin(f))
		on(a, FEAT_B_LOWER);
	else if (docconv_is_upper_latin(f))
		on(a, FEAT_B_UPPER);
	else if (is_digit_cp(f))
		on(a, FEAT_B_DIGIT);
	else if (docconv_is_cjk_letter(f))
		on(a, FEAT_B_CJK);
	else if (is_open_quote(f))
		on(a, FEAT_B_QUOTE);
	else if (f == 0x3010)
		on(a, FEAT_B_LENT);
	else if (is_open_paren(f))
		on(a, FEAT_B_PAREN);
	else if (mk.subtitle_mark || (ln->len >= 2 && ln->s[0] == '-' && ln->s[1] == '-'))
		on(a, FEAT_B_DASH);
	else if (f == 0x25A1 || f == 0x25A0)
		on(a, FEAT_B_BOX);
	else if (is_bullet(f))
		on(a, FEAT_B_BULLET);
	else if (docconv_kinsoku_no_start(f))
		on(a, FEAT_B_NOSTART);

	on_if(a, mk.bracketed, FEAT_BRACKETED);
	on_if(a, ln->first == 0x3010 && ln->last == 0x3011, FEAT_LENT_WHOLE);
	on_if(a, mk.all_caps, FEAT_CAPS_ALL);
	on_if(a, latin_line(ln) && !mk.all_caps && is_title_case(ln),
	      FEAT_CAPS_TITLE);
	on_if(a, ln->commas == 1, FEAT_COMMAS_1);
	on_if(a, ln->commas >= 2, FEAT_COMMAS_2);
	on_if(a, ln->inner_ends > 0, FEAT_INNER_END);
	on_if(a, ln->indent > 0 && indents, FEAT_INDENT);
	on_if(a, ln->chars <= 2, FEAT_TINY);
	on_if(a, is_digits(ln), FEAT_DIGITS);
	on_if(a, is_junk(ln), FEAT_JUNK);
	on_if(a, !brackets_balanced(ln->s, ln->len), FEAT_UNBALANCED);
	on_if(a, ends_open_word(ln), FEAT_FUNCWORD_END);
	on_if(a, mk.heading_like, FEAT_HEADING_LIKE);
	on_if(a, mk.title_like, FEAT_TITLE_LIKE);
	on_if(a, colon_label(ln), FEAT_COLON_LABEL);
	on_n(a, is_staff_credit(ln), FEAT_STAFF);
	on_n(a, is_doubled(ln), FEAT_DOUBLED);
	on_if(a, is_numbered(ln), FEAT_NUMBERED);
	on_n(a, is_jump(ln), FEAT_JUMP);
	on_n(a, is_end_mark(ln), FEAT_END_MARK);
	on_if(a, is_service(ln), FEAT_SERVICE);
	on_if(a, has_photo_word(ln), FEAT_PHOTO_WORD);
	on_n(a, mk.date_only, FEAT_DATE_ONLY);
	on_if(a, !mk.subtitle_mark && !mk.dash_end &&
	      (has_text(ln, "——") || has_text(ln, "－－")), FEAT_INNER_DASH);

	/* The genre's patterns are the surest signs a line gives, and rare
	 * beside the signs of shape every line has: each counts several times
	 * over, so that it weighs as much in the decoding and is learned as
	 * fast. */
	on_n(a, ln->kind == LINE_CREDIT, FEAT_PAT_CREDIT);
	on_n(a, ln->kind == LINE_CAPTION_CREDIT, FEAT_PAT_CAPCREDIT);
	on_n(a, ln->kind == LINE_CAPTION_LEAD, FEAT_PAT_CAPLEAD);
	on_n(a, ln->kind == LINE_BYLINE, FEAT_PAT_BYLINE);
	on_n(a, ln->kind != LINE_BYLINE && article_match_byline_lead(ln->s, ln->len),
	     FEAT_PAT_BYLINE_LEAD);
	on_if(a, ln->kind == LINE_BYLINE && ln->byline_at > 0, FEAT_PAT_BYLINE_BOX);
	on_n(a, ln->dateline_len && ln->dateline_len >= ln->len, FEAT_PAT_DATELINE);
	on_n(a, ln->dateline_len && ln->dateline_len < ln->len,
	     FEAT_PAT_DATELINE_LEAD);
	on_n(a, mk.subtitle_mark, FEAT_PAT_SUBTITLE);
	on_if(a, mk.dash_end || (!latin_line(ln) && last == 0xFF1A &&
	                                ln->width <= ARTICLE_HEADING_MAX_WIDTH),
	      FEAT_PAT_KICKER);
}

static void prev_shape(active *a, const article_line *p, line_marks pm,
                       size_t pref, const article_line *ln, int indents)
{
	uint32_t last = p->last;
	on_if(a, p->ends_sentence, FEAT_P_STOP);
	on_if(a, !p->ends_sentence && (last == 0xFF0C || last == ',' || last == 0x3001),
	      FEAT_P_COMMA);
	on_if(a, !p->ends_sentence && (last == 0xFF1A || last == ':'), FEAT_P_COLON);
	on_if(a, !p->ends_sentence && pm.dash_end, FEAT_P_DASH);
	on_if(a, p->ends_hyphen, FEAT_P_HYPHEN);
	on_if(a, !p->ends_sentence && !p->ends_hyphen &&
	      (docconv_is_alnum_latin(last) || docconv_is_cjk_letter(last)),
	      FEAT_P_LETTER);
	on_if(a, !p->ends_sentence && is_close_paren(last), FEAT_P_CLOSE);
	int rc = ratio_class(p->width, pref);
	on_if(a, rc >= 3, FEAT_P_FULL);
	on_if(a, rc == 1 || rc == 2, FEAT_P_SHORT);
	on_if(a, p->kind == LINE_CREDIT || p->kind == LINE_CAPTION_CREDIT,
	      FEAT_P_CREDIT);
	on_if(a, p->kind == LINE_CAPTION_LEAD, FEAT_P_CAPLEAD);
	on_if(a, p->kind == LINE_BYLINE, FEAT_P_BYLINE);
	on_if(a, p->dateline_len && p->dateline_len >= p->len, FEAT_P_DATELINE);
	on_if(a, pm.heading_like, FEAT_P_HEADING_LIKE);
	on_if(a, pm.title_like, FEAT_P_TITLE_LIKE);
	on_if(a, pm.all_caps, FEAT_P_CAPS);
	on_if(a, pm.bracketed, FEAT_P_BRACKETED);
	on_if(a, pm.subtitle_mark, FEAT_P_SUBTITLE);
	on_if(a, pm.dash_end, FEAT_P_KICKER);
	on_if(a, p->indent > 0 && indents, FEAT_P_INDENT);
	on_if(a, p->width + 3 >= ln->width && ln->width + 3 >= p->width &&
	      ln->width >= 8, FEAT_P_SAMEWIDTH);
	on_if(a, p->width > ln->width + 3, FEAT_P_WIDER);
	on_if(a, pm.date_only, FEAT_P_DATE);
}

static void next_shape(active *a, const article_line *n, line_marks nm,
                       size_t nref, int indents)
{
	on_if(a, docconv_is_lower_latin(n->first), FEAT_N_LOWER);
	on_if(a, docconv_is_upper_latin(n->first), FEAT_N_UPPER);
	on_if(a, docconv_is_cjk_letter(n->first), FEAT_N_CJK);
	on_if(a, n->indent > 0 && indents, FEAT_N_INDENT);
	on_if(a, n->kind == LINE_CREDIT && !n->credit_first, FEAT_N_CREDIT);
	on_if(a, n->kind == LINE_CAPTION_CREDIT, FEAT_N_CAPCREDIT);
	on_if(a, n->kind == LINE_BYLINE, FEAT_N_BYLINE);
	on_if(a, n->dateline_len > 0, FEAT_N_DATELINE);
	on_if(a, nm.subtitle_mark, FEAT_N_SUBTITLE);
	on_if(a, nm.heading_like, FEAT_N_HEADING_LIKE);
	on_if(a, nm.title_like, FEAT_N_TITLE_LIKE);
	on_if(a, n->ends_sentence, FEAT_N_STOP);
	on_if(a, ratio_class(n->width, nref) >= 3, FEAT_N_FULL);
	on_if(a, nm.all_caps, FEAT_N_CAPS);
	on_if(a, nm.date_only, FEAT_N_DATE);
}

/* Looking back from line i past blank lines and one caption (a chunk
 * ending in a credit or a caption lead), the text line the caption
 * interrupted; SIZE_MAX when there is none. */
static size_t line_before_figure(const article_lines *L, size_t i)
{
	size_t j = i;
	while (j > 0 && L->v[j - 1].kind == LINE_BLANK)
		j--;
	if (j == 0 || !figure_end_line(&L->v[j - 1]))
		return SIZE_MAX;
	size_t k = j - 1, steps = 0;
	while (k > 0 && L->v[k - 1].kind != LINE_BLANK && steps < CAPTION_LOOKBACK_LINES) {
		k--;
		steps++;
		if (figure_end_line(&L->v[k]))
			break;
	}
	while (k > 0 && L->v[k - 1].kind == LINE_BLANK)
		k--;
	return k > 0 && !figure_end_line(&L->v[k - 1]) ? k - 1 : SIZE_MAX;
}

/* --- the decoder's rules ------------------------------------------------- */

/* The widest Chinese line the gap rule takes for a subhead or a title. */
#define GAP_HEAD_MAX_WIDTH_CJK 24

/* Whether a digit of the line stands in a date, a time or a number's
 * notation: followed by 年 月 日 号 时 点, a colon, a slash, a dash or a
 * point. */
static int has_date_digit(const article_line *ln)
{
	static const uint32_t after[] = {
		0x5E74, 0x6708, 0x65E5, 0x53F7, 0x865F, 0x65F6, 0x6642, 0x70B9,
		0x9EDE, ':', 0xFF1A, '/', 0xFF0F, '-', '.', 0
	};
	/* a decimal's stop before a count's unit is none (`4.66万座`) */
	static const uint32_t units[] = {
		0x4E07 /* 万 */, 0x4EBF /* 亿 */, '%', 0xFF05, 0x500D /* 倍 */,
		0x5143 /* 元 */, 0x5428 /* 吨 */, 0x7C73 /* 米 */, 0x5EA7 /* 座 */,
		0x4E2A /* 个 */, 0
	};
	size_t l;
	int digit = 0;
	for (size_t i = 0; i < ln->len; i += l) {
		uint32_t c = article_cp_at(ln->s, ln->len, i, &l);
		if (digit && c == '.') {
			size_t j = i + l, m;
			uint32_t u = 0;
			while (j < ln->len && is_digit_cp(u = article_cp_at(ln->s, ln->len, j, &m)))
				j += m;
			int count = 0;
			for (int k = 0; units[k] && j > i + l && j < ln->len; k++)
				count |= u == units[k];
			if (count) {
				digit = 0;
				continue;
			}
		}
		if (digit)
			for (int k = 0; after[k]; k++)
				if (c == after[k])
					return 1;
		digit = is_digit_cp(c);
	}
	return 0;
}

/* The mark a list's item opens with (`- `, `* `, `• `), 0 when none. */
static uint32_t item_mark(const article_line *ln)
{
	size_t l;
	uint32_t c = ln->first;
	if (!(c == '-' || c == '*' || c == 0x2022 || c == 0x2013 || c == 0x25AA ||
	      c == 0x25CF))
		return 0;
	article_cp_at(ln->s, ln->len, 0, &l);
	return l < ln->len && ln->s[l] == ' ' ? c : 0;
}

static int numbered_caption(const article_line *ln)
{
	return ln->kind == LINE_CAPTION_LEAD && article_numbered_photo(ln->s, ln->len);
}

/* The number a numbered line opens with (`3、`, `（三）`, `12.`), 0 when
 * none or past NUMBERED_MAX. */
#define NUMBERED_MAX 99

static unsigned leading_number(const article_line *ln)
{
	if (!is_numbered(ln))
		return 0;
	size_t l, i = 0;
	uint32_t c = article_cp_at(ln->s, ln->len, 0, &l);
	if (c == 0xFF08 || c == '(') {
		i = l;
		c = article_cp_at(ln->s, ln->len, i, &l);
	}
	for (unsigned k = 0; cjk_numerals[k]; k++)
		if (c == cjk_numerals[k])
			return k + 1;
	unsigned v = 0;
	while (i < ln->len && ln->s[i] >= '0' && ln->s[i] <= '9' && v <= NUMBERED_MAX)
		v = v * 10 + (unsigned)(ln->s[i++] - '0');
	return v <= NUMBERED_MAX ? v : 0;
}

/* The capitalised words of s[0..n) (`Jane`, `McCoy`, `O'Neil`, `J.`):
 * how many, or 0 when a word is not one. With `mixed`, a word in capitals
 * alone (`USA`) is none, unless an initial. */
static size_t capitalised_words(const char *s, size_t n, int mixed)
{
	size_t words = 0;
	for (size_t i = 0; i < n;) {
		while (i < n && s[i] == ' ')
			i++;
		if (i >= n)
			break;
		if (!(s[i] >= 'A' && s[i] <= 'Z'))
			return 0;
		size_t w = i++;
		int lower = 0;
		for (; i < n && s[i] != ' '; i++) {
			char c = s[i];
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' ||
			      c == '\'' || c == '-'))
				return 0;
			lower |= c >= 'a' && c <= 'z';
		}
		if (mixed && !lower && !(i - w == 2 && s[w + 1] == '.'))
			return 0;
		words++;
	}
	return words;
}

/* A line of one to five capitalised words and nothing else: a name. */
#define NAME_LINE_MAX_WORDS 5

static int name_line(const article_line *ln)
{
	size_t words = capitalised_words(ln->s, ln->len, 0);
	return words >= 1 && words <= NAME_LINE_MAX_WORDS;
}

/* names_byline (decoder_rules): two names or more of two words or three
 * each, joined by `and` or commas (`Pippa Crerar and Jessica Elgot`),
 * maybe with the paper in capitals after them (`Kevin Johnson and Kevin
 * McCoy USA TODAY`): a web page's byline without its `By`. */
static int names_joined(const article_line *ln)
{
	if (!latin_line(ln) || ln->ends_sentence || !memmem(ln->s, ln->len, " and ", 5))
		return 0;
	const char *s = ln->s;
	size_t n = ln->len, names = 0;
	/* the paper after the names: trailing words in capitals */
	while (n > 0) {
		size_t w = n;
		while (w > 0 && s[w - 1] != ' ')
			w--;
		if (w == 0 || n - w < 2 || capitalised_words(s + w, n - w, 1) ||
		    !capitalised_words(s + w, n - w, 0))
			break;
		n = w - 1;
	}
	/* the names, between `and`s and commas */
	for (size_t i = 0; i < n;) {
		size_t e = i;
		while (e < n && s[e] != ',' && !(e + 5 <= n && memcmp(s + e, " and ", 5) == 0))
			e++;
		size_t words = capitalised_words(s + i, e - i, 1);
		if (words < 2 || words > 3)
			return 0;
		names++;
		i = e < n ? e + (s[e] == ',' ? 1 : 5) : n;
	}
	return names >= 2;
}

/* A line that is `By` alone (a web page's byline cut before the name). */
static int by_alone(const article_line *ln)
{
	return (ln->len == 2 || (ln->len == 3 && ln->s[2] == ':')) &&
	       (ln->s[0] == 'B' && (ln->s[1] == 'y' || ln->s[1] == 'Y'));
}

/* Words a headline in Latin letters has at least, and the most it has. */
#define LONG_HEADLINE_MIN_WORDS 6
#define LONG_HEADLINE_MAX_WIDTH 120

/* A headline's shape in Latin letters too long for a subhead's
 * (`Government approves plan to cut waiting lists in public hospitals`):
 * one sentence of six words or more that ends in no stop, nor in a
 * comma, a colon or a small word. */
static unsigned words_of(const article_line *ln)
{
	unsigned words = 1;
	for (size_t k = 0; k < ln->len; k++)
		words += ln->s[k] == ' ';
	return words;
}

static int headline_words(const article_line *ln)
{
	if (!latin_line(ln) || ln->width > LONG_HEADLINE_MAX_WIDTH ||
	    ln->inner_ends > 0 || ln->ends_sentence || ln->last == ':' || ln->last == ',' ||
	    article_ends_in_function_word(ln))
		return 0;
	return words_of(ln) >= LONG_HEADLINE_MIN_WORDS;
}

/* Words from which a line in Latin letters that no byline pattern
 * matches is no byline (byline_pattern, decoder_rules): a byline is two
 * or three names and a post, fewer. */
#define NO_BYLINE_MIN_WORDS 10

/* The widest deck web_deck (decoder_rules) takes: two lines' worth. */
#define WEB_DECK_MAX_WIDTH 200

/* page_title (decoder_rules): a long headline in Latin letters over a
 * line of running text half as wide again at least, that ends in a
 * sentence (on a page with no blank lines between paragraphs, where
 * a line is a whole paragraph, over any line). */
static int long_headline(const article_line *ln, const article_line *x, int whole_lines)
{
	if (!x || !latin_line(x) || !headline_words(ln))
		return 0;
	return whole_lines || (x->ends_sentence && 2 * x->width >= 3 * ln->width) ||
	       x->kind == LINE_BYLINE || names_joined(x);
}

/* stamp (decoder_rules): a web page's time stamp, `Published 10:32 AM
 * EST, Tue March 5, 2024`, `Updated 9:14 PM ET`. */
static int time_stamp(const article_line *ln)
{
	static const char *const leads[] = {
		"Published", "Updated", "Posted", "Last updated", "First published",
		"Last modified", "PUBLISHED", "UPDATED", NULL
	};
	for (size_t k = 0; leads[k]; k++) {
		size_t l = strlen(leads[k]);
		if (starts_with(ln, leads[k]) && l < ln->len &&
		    (ln->s[l] == ' ' || ln->s[l] == ':'))   /* `Updated 9:14`, `UPDATED: Tue.` */
			return has_digit(ln);
	}
	return 0;
}

/* web_notice: a media player's clock, `00:00/00:00`, `03:12 / 05:40`. */
static int player_clock(const article_line *ln)
{
	size_t colons = 0, slashes = 0;
	for (size_t i = 0; i < ln->len; i++) {
		char c = ln->s[i];
		if (c == ':')
			colons++;
		else if (c == '/')
			slashes++;
		else if (!(c >= '0' && c <= '9') && c != ' ')
			return 0;
	}
	return colons == 2 && slashes == 1;
}

/* The widest call to act web_notice takes. */
#define PROMO_MAX_WIDTH 80

/* web_notice (decoder_rules): a web page's notice about its player or
 * its ads, its player's clock, its call to subscribe or follow, a
 * portal's links after middle dots, which a copy of its text keeps, or a
 * portal's note of the paper's own headline: a paragraph. */
static int web_notice(const article_line *ln)
{
	static const char *const notices[] = {
		"Media playback is unsupported on your device",
		"Media playback is not supported on this device", "Advertisement",
		"ADVERTISEMENT", "Continue reading the main story",
		"Story continues below advertisement", "Skip Ad", NULL
	};
	/* a page's call to act, on a line of its own (`Subscribe to the
	 * Morning Review newsletter`, `欢迎关注…`) */
	static const char *const promos[] = {
		"Subscribe to ", "Subscribe now", "Sign up for ", "Sign up to ", "Sign up here",
		"Download the ", "Follow us on ", "Click here ", "Like us on ", "Join our ",
		"扫描二维码", "扫码关注", "欢迎关注", "點擊", "点击进入", NULL
	};
	for (size_t k = 0; notices[k]; k++)
		if (ln->len == strlen(notices[k]) && memcmp(ln->s, notices[k], ln->len) == 0)
			return 1;
	for (size_t k = 0; promos[k]; k++)
		if (starts_with(ln, promos[k]) && !ln->ends_sentence && ln->inner_ends == 0 &&
		    ln->width <= PROMO_MAX_WIDTH)
			return 1;
	/* a player's clock left in the text (`00:00/00:00`) */
	if (player_clock(ln))
		return 1;
	/* a portal's list of links, each after a middle dot (`·医疗关注--…`) */
	if (ln->first == 0xB7 && ln->cjk > 0)
		return 1;
	/* a portal's note of the headline the paper gave (`原标题：…`) */
	return starts_with(ln, "原标题：") || starts_with(ln, "原標題：") ||
	       starts_with(ln, "（原标题：") || starts_with(ln, "（原標題：");
}

/* The widest line a dateline no pattern tells may be (running_text,
 * decoder_rules): wider, a line that ends a sentence is running text. */
#define BARE_DATELINE_MAX_WIDTH 60

/* centered_head (decoder_rules): the indent, in full-width columns, past
 * a paragraph's two that a page's first line has when centered. */
#define CENTERED_HEAD_MIN_INDENT 3

/* Words of a headline in capitals with its stop, at most (`FOREIGN
 * INTELLIGENCE.`). */
#define CAPS_STOP_HEAD_MAX_WORDS 8

/* front_head, byline_pattern (decoder_rules): an old page's headline or
 * subhead in capitals with its stop (`FOREIGN INTELLIGENCE.`, `FRANCE.`):
 * words of letters, no initials (`I. W. F.` signs a letter). */
static int caps_stop_head(const article_line *ln, const line_marks *m)
{
	if (!latin_line(ln) || !m->all_caps || ln->last != '.' ||
	    words_of(ln) > CAPS_STOP_HEAD_MAX_WORDS)
		return 0;
	for (size_t i = 0; i + 1 < ln->len; i++)
		if (ln->s[i + 1] == '.' && ln->s[i] >= 'A' && ln->s[i] <= 'Z' &&
		    (i == 0 || ln->s[i - 1] == ' '))
			return 0;
	return 1;
}

/* The line of its page, at most, that a place alone (place_alone) may be
 * on: under a headline, a deck or two and a byline. */
#define PLACE_ALONE_MAX_POS 5
/* Letters of a place alone, at least. */
#define PLACE_ALONE_MIN_LETTERS 4

/* place_alone (decoder_rules): one capitalised word, no stop, that is
 * neither a page's notice (`Advertisement`) or widget (`Share`) nor a
 * wire's name. */
static int place_alone(const article_line *ln)
{
	static const char *const not_places[] = {
		"Share", "Video", "Photos", "Listen",
		"Comments", "Updated", "Sponsored", "Watch", "Close", "Print", "Email",
		"Reuters", "Bloomberg", "Opinion", "Analysis", "Exclusive", NULL
	};
	if (!latin_line(ln) || ln->len < PLACE_ALONE_MIN_LETTERS ||
	    !docconv_is_upper_latin(ln->first) || web_notice(ln))
		return 0;
	for (size_t i = 1; i < ln->len; i++)
		if (!((ln->s[i] >= 'a' && ln->s[i] <= 'z') || (ln->s[i] >= 'A' && ln->s[i] <= 'Z')))
			return 0;
	for (size_t k = 0; not_places[k]; k++)
		if (ln->len == strlen(not_places[k]) && memcmp(ln->s, not_places[k], ln->len) == 0)
			return 0;
	return 1;
}

/* box_label (decoder_rules): the whole line, but for a colon after it, is
 * a label a Chinese paper sets over an editor's note, a reporter's notebook
 * or a box of links. */
static int box_label(const article_line *ln)
{
	static const char *const labels[] = {
		"编者按", "編者按", "编后", "編後", "编后语", "編後語", "编者的话",
		"編者的話", "记者手记", "記者手記", "相关链接", "相關連結", "相關鏈接",
		"延伸阅读", "延伸閱讀", "背景链接", "背景資料", "背景资料", "小贴士",
		"小貼士", "附件", "链接", "鏈接", "短评", "短評", NULL
	};
	size_t n = ln->len;
	if (n >= 3 && memcmp(ln->s + n - 3, "\xEF\xBC\x9A", 3) == 0)   /* ： */
		n -= 3;
	else if (n >= 1 && ln->s[n - 1] == ':')
		n--;
	for (size_t k = 0; labels[k]; k++)
		if (n == strlen(labels[k]) && memcmp(ln->s, labels[k], n) == 0)
			return 1;
	return 0;
}

/* caps_first (decoder_rules): whether every word of the line is letters,
 * a stop or a mark after them aside (`MERCURY EXTRAORDINARY!`; not OCR's
 * garble of a masthead, `VOIVO1LXIII----N 0 20.620.`). */
static int words_of_letters(const article_line *ln)
{
	for (size_t i = 0; i < ln->len;) {
		while (i < ln->len && ln->s[i] == ' ')
			i++;
		size_t w = i;
		while (i < ln->len && ln->s[i] != ' ')
			i++;
		size_t e = i;
		while (e > w && strchr(".,!?:;'\"", ln->s[e - 1]))
			e--;
		if (e == w && i > w)
			return 0;
		for (size_t k = w; k < e; k++)
			if (!((ln->s[k] >= 'A' && ln->s[k] <= 'Z') || (ln->s[k] >= 'a' && ln->s[k] <= 'z') ||
			      ln->s[k] == '\'' || ln->s[k] == '-'))
				return 0;
	}
	return 1;
}

/* The narrowest Chinese line sentence_text (decoder_rules) takes for
 * running text: twenty characters. */
#define SENTENCE_TEXT_MIN_WIDTH 40

/* The widest a Chinese kicker of one phrase stands (page_title); a page's
 * first line wider is its headline, the line under it the deck. */
#define KICKER_MAX_WIDTH 30

/* page_title: a Chinese headline's line of KICKER_MAX_WIDTH or wider with
 * no space inside (a kicker of two phrases has one: `坚持创新驱动
 * 培育发展新动能`). */
static int long_cjk_head(const article_line *ln)
{
	if (latin_line(ln) || ln->width < KICKER_MAX_WIDTH)
		return 0;
	for (size_t i = 0, l; i < ln->len; i += l)
		if (docconv_is_space(article_cp_at(ln->s, ln->len, i, &l)))
			return 0;
	return 1;
}

/* The widest reporter's byline byline_head (decoder_rules) takes. */
#define REPORTER_LINE_MAX_WIDTH 40

/* The widest subhead indent_head (decoder_rules) takes. */
#define INDENT_HEAD_MAX_WIDTH 32

/* byline_head (decoder_rules): a reporter's byline alone on its line:
 * `記者X／台北報導`, `本报记者　贺　勇`, `本报记者  姜泓冰`. */
static int reporter_line(const article_line *ln)
{
	static const char *const roles[] = {
		"本报记者", "本報記者", "记者", "記者", "本报通讯员", "通讯员", "通訊員", NULL
	};
	if (ln->kind != LINE_BYLINE || ln->byline_at != 0 || ln->commas || ln->ends_sentence ||
	    ln->inner_ends || ln->width > REPORTER_LINE_MAX_WIDTH)
		return 0;
	if (ends_with(ln, "報導") || ends_with(ln, "報道") || ends_with(ln, "报道"))
		return 1;
	for (size_t k = 0; roles[k]; k++)
		if (starts_with(ln, roles[k]))
			return 1;
	return 0;
}

/* report_head (decoder_rules): whether a report opens at ln: a dateline
 * (`本报讯（记者X）…`, `新华社北京3月1日电`), or a reporter's byline, or a
 * byline opening its first paragraph. */
static int opens_report(const article_line *ln)
{
	return ln->dateline_len || reporter_line(ln) || article_match_byline_lead(ln->s, ln->len);
}

/* indent_head (decoder_rules): whether line i is a short Chinese line in
 * a subhead's shape with the indent given (`　　A 解密`). */
static int indented_head(const article_lines *L, const line_marks *mk, size_t i,
                         unsigned indent)
{
	const article_line *ln = &L->v[i];
	return !ln->allow && !latin_line(ln) && ln->cjk > 0 && ln->indent == indent &&
	       mk[i].heading_like && mk[i].title_like && !mk[i].dash_end &&
	       ln->width <= INDENT_HEAD_MAX_WIDTH;
}

/* Header lines a wire story in the ANPA format has at least (`^…<`). */
#define WIRE_HEADER_MIN_LINES 3

/* wire_head (decoder_rules): in a wire story sent in the ANPA format,
 * whose header lines open with `^` and end in `<` (a byline's in `=`),
 * the first header line that is no slug (`^BC-…`), photo note (`^AP
 * Photo …`) or editors' note (`^Eds: …`, `^(Eds: …)`, `^EDITOR'S NOTE …`)
 * is the headline; the lines before it are its front matter, and its
 * notes paragraphs. */
static void wire_head(article_lines *L)
{
	static const char *const notes[] = {
		"^BC-", "^AP Photo", "^AP Graphic", "^AP Video", "^Eds", "^(Eds", "^EDITOR",
		"^Editor", "^With ", "^Moving ", "^Note", "^Lead", NULL
	};
	size_t header = 0, first = SIZE_MAX;
	for (size_t i = 0; i < L->n; i++) {
		const article_line *ln = &L->v[i];
		if (ln->len < 3 || ln->s[0] != '^' ||
		    (ln->s[ln->len - 1] != '<' && ln->s[ln->len - 1] != '='))
			continue;
		header++;
		int note = ln->s[ln->len - 1] == '=';
		for (size_t k = 0; notes[k] && !note; k++)
			note = starts_with(ln, notes[k]);
		if (!note && first == SIZE_MAX)
			first = i;
	}
	if (header < WIRE_HEADER_MIN_LINES || first == SIZE_MAX)
		return;
	L->v[first].forbid |= ANY_BUT(LABEL_TITLE);
	/* the transmission's lines before it (its selector, its slug) are
	 * its front matter, and its notes paragraphs */
	for (size_t i = 0; i < L->n; i++) {
		article_line *ln = &L->v[i];
		if (ln->kind == LINE_BLANK || i == first)
			continue;
		if (i < first) {
			ln->front = 1;
			ln->forbid |= ANY_BUT(LABEL_PARAGRAPH);
			continue;
		}
		for (size_t k = 0; notes[k]; k++)
			if (starts_with(ln, notes[k]) && ln->s[ln->len - 1] == '<')
				ln->forbid |= ANY_BUT(LABEL_PARAGRAPH);
	}
}

/* numbered_heads (decoder_rules): the numbered subheads of a page, when
 * two at least follow in sequence. */
static void numbered_heads(article_lines *L, const line_marks *mk)
{
	unsigned expect = 0;
	size_t prev = SIZE_MAX;
	for (size_t i = 0; i < L->n; i++) {
		article_line *ln = &L->v[i];
		unsigned v = mk[i].heading_like && !ln->allow &&
		                     ln->width <= ARTICLE_HEADING_MAX_WIDTH
		             ? leading_number(ln) : 0;
		if (v == 0)
			continue;
		if (v == expect + 1 && prev != SIZE_MAX) {
			uint32_t no = ONLY(LABEL_PARAGRAPH) | ONLY(LABEL_PARAGRAPH_CONT) |
			              ONLY(LABEL_HEADING_CONT) | ONLY(LABEL_TITLE) |
			              ONLY(LABEL_KICKER);
			L->v[prev].forbid |= no;
			ln->forbid |= no;
		}
		expect = v;
		prev = i;
	}
}

/* Rules the weights cannot weigh, for the decoder alone (decode.c's
 * class_allowed; the trainer learns without them, as without the wrap
 * rule):
 * - page_head: a page's first line, a Chinese headline's shape, is no
 *   subhead: a subhead stands under a title, and a page opens on one;
 *   over running text (indented, or a body's width), no caption either.
 * - centered_head: a page's first line in a Chinese headline's shape,
 *   indented past a paragraph's indent (a centered headline, as a
 *   portal's page gives it), or the one line indented on its page, is no
 *   paragraph; with a gap of blank lines
 *   under it, no kicker either (a kicker stands right over its title).
 * - front_head: the first line after a page's front matter (its paper's
 *   name, page label, column), in a headline's shape (an old page's in
 *   capitals with its stop too), is no paragraph and no subhead; the line
 *   of that shape right under it is its second line or its deck.
 * - page_title: on a page of one paragraph a line, blank lines between
 *   or none (a web page's text), the first line in a headline's shape
 *   (or, in Latin letters, a long_headline's), not indented and not run
 *   on by the next line in lowercase, is no paragraph: such a page opens
 *   on its headline (or a section's name); a long headline is no kicker
 *   (a Chinese one of KICKER_MAX_WIDTH or wider, one phrase with no space
 *   inside: `“厕所革命”改善农牧区人居环境`, whole on its line, over its
 *   deck).
 * - web_deck: with no blank lines between, the line under such a
 *   headline in Latin letters, six words or more ending in no stop, over
 *   a line that does not go on in lowercase, is its deck: no paragraph,
 *   headline, subhead or (unless a dateline's pattern tells) dateline.
 * - names_byline: before the body, names joined by `and` (`Pippa Crerar
 *   and Jessica Elgot`) are a byline.
 * - web_notice: a web page's player or ad notice, or a portal's note of
 *   the paper's headline (`（原标题：…）`), is a paragraph.
 * - web_pictured: on a page of blocks between blank lines, a web photo
 *   credit alone (`Photo: John Locher, AP`) under a sentence alone is its
 *   credit and that sentence its caption (and the same sentence over it).
 * - gap_head: on a page of one paragraph a line, blank lines between, a
 *   line after the gap under a short line that ends no sentence (a
 *   subhead's or a title's shape) does not go on that line's paragraph;
 *   unless it begins in lowercase or the line above, in Latin letters,
 *   has a comma (a sentence a blank line cut; a Chinese subhead may have
 *   one, `宾客近百人，获赠礼物`).
 * - running_text: a line no dateline's pattern matches, wider than a
 *   dateline and ending a sentence, is running text, no dateline
 *   (`서울시는 5일 지하철과 버스 기본요금을 … 밝혔다.`).
 * - place_alone: on a web page of whole lines, a place's one word alone
 *   under the headline (and deck or byline) over the first paragraph
 *   (`Pittsburgh`) is its dateline.
 * - caps_first: on a wrapped Latin page, the first line in capitals,
 *   two to CAPS_STOP_HEAD_MAX_WORDS words of letters, is no subhead and no
 *   paragraph: an OCR'd clip opens on its headline.
 * - stamp_head: a web page's first line in Latin letters, in a
 *   headline's shape, over its time stamp is its headline.
 * - stamp: a web page's time stamp (`Published 10:32 AM EST, Tue March
 *   5, 2024`), or a date with its year alone in Latin letters at the
 *   page's top (`Nov. 20, 2019 5:52 AM EST`), is a dateline, as the
 *   samples have it.
 * - indent_head: in a Chinese story's body indented paragraph by
 *   paragraph, a short line in a subhead's shape indented as they are,
 *   between a paragraph's end (or a line not indented that ends no
 *   sentence) and running text, is no paragraph: a crawl of a paper's
 *   page indents its subheads with its paragraphs (`　　发展特色产业`);
 *   so are two such lines in a row (`　　A 解密` / `　　深足也要…`).
 * - line_head: on a Chinese page of whole lines, none indented and no
 *   blank lines between, a short line in a subhead's shape between a
 *   sentence's end and a longer line of another shape is a subhead: no
 *   paragraph, and no headline of an article of its own, unless a
 *   dateline or a reporter's byline opens the line under it (report_head).
 * - report_head: a Chinese headline's shape over a line a dateline opens
 *   (`本报讯（记者X）…`, `新华社北京3月1日电`) is no paragraph and no
 *   subhead: a report opens under its headline (or its deck), so on a
 *   page of several, that line begins the next article.
 * - byline_head: a reporter's byline alone on its line (`記者X／台北報導`,
 *   `本报记者　贺　勇`) is no paragraph, however indented; a Chinese
 *   headline's shape over one (or over `〔記者X／花蓮報導〕` opening its
 *   line), no credit on it, is no paragraph, no subhead and no caption:
 *   a caption printed over the headline has the headline under it, not
 *   the byline; and a line ending in a dash over that headline
 *   (`上海中共一大会址——`) is its kicker: no paragraph, subhead,
 *   dateline or headline.
 * - byline_pattern: a Chinese line that no byline pattern matches (nor
 *   a bracketed byline opening it), no credit either, is no byline: a
 *   photo's caption with no credit between a headline and the body
 *   (`中国体操队世锦赛英姿`) is none; nor, on a page not wrapped, is such
 *   a line in Latin letters of NO_BYLINE_MIN_WORDS words or more; nor
 *   is an old page's headline or subhead in capitals with its stop
 *   (`FOREIGN NEWS.`, `FRANCE.`), nor the going on of one.
 * - deck_number: a Chinese headline's shape with digits, none of them a
 *   date's or a time's (`中国队2比1取胜`), is no dateline.
 * - dash_deck: in a story's body, a Chinese subhead's shape over a line
 *   opening with `——` (a subhead and its deck, or the next article's
 *   title and deck), or a speaker's over a quote that ends no sentence
 *   (`村民钦迪达吞：` / `“这两年，我家发生了翻天覆地的变化”`), is no
 *   paragraph, and that line goes on its subhead (or is the title's deck).
 * - numbered_caption: a photo spread's numbered caption (`图②：…`) is a
 *   caption of its own, whatever its indent says, and a credit on the
 *   line under it is its credit.
 * - by_name: `By` alone on a line over a name alone is a byline on two
 *   lines.
 * - numbered_heads: short lines that end no sentence and open with the
 *   numbers of a sequence (`1、贾马尔-克劳福德`, `2、罗德尼-胡德`) are the
 *   subheads of a list's items, each its own: no paragraphs, no subhead
 *   going on, and no headline of an article of their own.
 * - pictured: a picture's source alone after 图/ (`图/视觉中国`), right
 *   under a line that ends a sentence, is a credit, not a byline, and
 *   that line is its caption (or the caption's last line).
 * - wire_head: in a wire story in the ANPA format, the first header line
 *   (`^…<`) that is no slug, photo note or editors' note is the headline.
 * - whole_caption: on a page not wrapped, a caption with its credit on
 *   its line is the whole caption: the running text above it (across a
 *   blank line, or ending its sentence), with no credit, lead or photo's
 *   word of its own, is no caption, nor are the lines over it in its
 *   run, which the credit seemed ahead of across it.
 * - widget_cut: the words after a caption with its credit that a crawl
 *   ran into a sentence on the same line (`…杀死视频-X媒体来源：新浪体育了
 *   我们。`, cut out by lines.c) go on with the sentence it cut.
 * - short_head: in the body of a Latin story not wrapped, a line in
 *   sentence case of at most SHORT_HEAD_MAX_WORDS words alone between
 *   blank lines, after a line not left open and over a wider one that
 *   ends a sentence, that asks a question or trails off (`Will winds whip
 *   parade balloons?`, `Planes, trains ...`), is a subhead: no
 *   paragraph.
 * - caps_head: in the body of a Latin story not wrapped (a web page's),
 *   a line in capitals alone between blank lines, with no full stop (an
 *   old page's caption or masthead has one), is a subhead, commas and
 *   all (`WHAT SAY YOU, IMPEACHMENT JURY?`): no paragraph.
 * - weather_head: a weather box's head in capitals (`THE WEATHER`) is a
 *   subhead, wherever an old front page's column put it (assemble.c
 *   moves the box to the page's front matter).
 * - box_label: a Chinese label alone on its line over a note or a box
 *   (`编者按`, `编后`, `记者手记`, `相关链接`, `附件`) is a subhead.
 * - sentence_text: a Chinese line of SENTENCE_TEXT_MIN_WIDTH or wider
 *   that ends in 。 or ： with a comma inside is running text: no headline,
 *   deck, kicker or subhead.
 * - closing_byline: a Chinese line that ends a sentence and then its
 *   story's byline in brackets (`…調查釐清。（記者X／台中報導）`), however
 *   short, is running text: no subhead, headline, deck, kicker or
 *   caption.
 * - list_item: a line opening with a list's mark (`- `, `• `) next to
 *   another with the same mark is an item of its own, not the going on of
 *   the line above. */
static void decoder_rules(article_lines *L, const line_ctx *ctx,
                          const line_marks *mk, page_flags pf)
{
	int body = 0, front = 0, opened = 0;
	numbered_heads(L, mk);
	wire_head(L);
	for (size_t i = 0; i < L->n; i++) {
		article_line *ln = &L->v[i];
		if (ln->kind == LINE_BLANK)
			continue;
		size_t nx = ctx[i].next;
		const article_line *x = nx != SIZE_MAX ? &L->v[nx] : NULL;
		int speaker = ln->last == 0xFF1A && ln->commas == 0 && ln->inner_ends == 0 &&
		              ln->width <= ARTICLE_HEADING_MAX_WIDTH;
		if (body && x && !latin_line(ln) && ln->cjk >= 2 && !mk[i].subtitle_mark &&
		    !x->allow && x->width <= ARTICLE_LABEL_HEADING_MAX_WIDTH &&
		    !x->ends_sentence && x->inner_ends == 0 &&
		    ((mk[i].heading_like && mk[nx].subtitle_mark) ||
		     (speaker && x->first == 0x201C && x->last == 0x201D))) {
			ln->forbid |= ln->allow ? 0 : ONLY(LABEL_PARAGRAPH);
			L->v[nx].forbid |= ONLY(LABEL_PARAGRAPH) | ONLY(LABEL_PARAGRAPH_CONT) |
			                   ONLY(LABEL_HEADING);
		}
		body |= is_body_text(ln);
		/* (a label's line may still be a caption: `图片说明：` / `图①：…`) */
		if (numbered_caption(ln) && (!ln->allow || (ln->allow & ONLY(LABEL_CAPTION)))) {
			ln->forbid |= ONLY(LABEL_PARAGRAPH) | ONLY(LABEL_PARAGRAPH_CONT) |
			              ONLY(LABEL_HEADING) | ONLY(LABEL_HEADING_CONT) |
			              ONLY(LABEL_CAPTION_CONT) | ONLY(LABEL_BYLINE) |
			              ONLY(LABEL_BYLINE_CONT);
			/* its credit on the line under it */
			if (x && x->kind == LINE_CREDIT && !x->allow)
				L->v[nx].forbid |= ANY_BUT(LABEL_CREDIT) & ANY_BUT(LABEL_CAPTION_CONT);
		}
		if (by_alone(ln) && x && !ln->allow && !x->allow && name_line(x)) {
			ln->forbid |= ANY_BUT(LABEL_BYLINE);
			L->v[nx].forbid |= ANY_BUT(LABEL_BYLINE_CONT);
		}
		/* front_head: the first line after a page's front matter (its
		 * paper's name, page label, column), in a headline's shape, is
		 * the headline or its kicker: no paragraph, no subhead. */
		if (ln->front) {
			front = 1;
			continue;
		}
		/* (an old page's headline in capitals has its stop) */
		if (front && !opened && !ln->allow &&
		    ((mk[i].title_like && mk[i].heading_like) ||
		     (ln->kind == LINE_TEXT && caps_stop_head(ln, &mk[i]))) && !mk[i].dash_end &&
		    !leading_number(ln)) {
			ln->forbid |= ONLY(LABEL_PARAGRAPH) | ONLY(LABEL_HEADING);
			/* and a second such line right under it: the headline's
			 * second line or its deck */
			if (x && !x->allow && x->blank_before <= 1 && mk[nx].title_like &&
			    mk[nx].heading_like)
				L->v[nx].forbid |= ANY_BUT(LABEL_TITLE_CONT) & ANY_BUT(LABEL_SUBTITLE);
		}
		opened = 1;
		if (ln->allow)
			continue;
		int cjk = !latin_line(ln) && ln->cjk > 0;
		/* whole_caption: on a page not wrapped, a caption with its
		 * credit on its line is whole: the running text above it
		 * (across a blank line, or ending its sentence), with no sign
		 * of a caption of its own, is none */
		if (!pf.wrapped && ln->kind == LINE_CAPTION_CREDIT && ln->credit_at > 0 &&
		    ctx[i].prev != SIZE_MAX) {
			article_line *u = &L->v[ctx[i].prev];
			/* (a caption a crawl ran into a sentence, cut out of its
			 * line, is whole too) */
			if (u->kind == LINE_TEXT && !u->allow && !has_photo_word(u) &&
			    ((is_body_text(u) && (ln->blank_before > 0 || u->ends_sentence)) ||
			     u->no == ln->no)) {
				u->forbid |= ONLY(LABEL_CAPTION) | ONLY(LABEL_CAPTION_CONT);
				/* nor the lines over it in its run, which the
				 * credit seemed ahead of across it */
				for (size_t k = 1, j = ctx[i].prev;
				     k < CREDIT_LOOKAHEAD && !L->v[j].blank_before &&
				     ctx[j].prev != SIZE_MAX;
				     k++) {
					j = ctx[j].prev;
					article_line *w = &L->v[j];
					if (w->kind != LINE_TEXT || w->allow || has_photo_word(w))
						break;
					w->forbid |= ONLY(LABEL_CAPTION) | ONLY(LABEL_CAPTION_CONT);
				}
			}
		}
		/* widget_cut: the words after a caption with its credit that
		 * a crawl ran into a sentence on the same line (a portal's
		 * video widget, lines.c) go on with that sentence */
		if (ctx[i].prev != SIZE_MAX && ctx[ctx[i].prev].prev != SIZE_MAX) {
			const article_line *c = &L->v[ctx[i].prev];
			const article_line *pp = &L->v[ctx[ctx[i].prev].prev];
			if (c->no == ln->no && pp->no == ln->no && figure_end_line(c) &&
			    !pp->ends_sentence)
				ln->forbid |= ANY_BUT(LABEL_PARAGRAPH_CONT);
		}
		/* short_head: in the body of a Latin story not wrapped, a
		 * short line in sentence case between paragraphs that asks
		 * or trails off (`Will winds whip parade balloons?`,
		 * `Planes, trains ...`) is a subhead */
		if (body && !pf.wrapped && latin_line(ln) && ln->blank_before > 0 &&
		    ctx[i].blank_after > 0 && x && x->kind == LINE_TEXT && x->ends_sentence &&
		    x->width > ln->width &&
		    ctx[i].prev != SIZE_MAX && !open_end(&L->v[ctx[i].prev]) &&
		    docconv_is_upper_latin(ln->first) && words_of(ln) <= SHORT_HEAD_MAX_WORDS &&
		    ln->inner_ends == 0 && (ln->last == '?' || trails_off(ln)))
			ln->forbid |= ONLY(LABEL_PARAGRAPH) | ONLY(LABEL_PARAGRAPH_CONT);
		/* caps_head: in the body of a Latin story not wrapped (a web
		 * page's), a line in capitals alone between blank lines, with
		 * no full stop (an old page's caption or masthead has one), is
		 * a subhead */
		if (body && !pf.wrapped && latin_line(ln) && mk[i].all_caps && mk[i].heading_like &&
		    (!ln->ends_sentence || ln->last == '?') &&
		    ln->blank_before > 0 && ctx[i].blank_after > 0 && x)
			ln->forbid |= ONLY(LABEL_PARAGRAPH) | ONLY(LABEL_PARAGRAPH_CONT);
		/* weather_head: an old front page's weather box's head in
		 * capitals (`THE WEATHER`), wherever its column put it, is a
		 * subhead: no paragraph, nor the going on of one */
		if (latin_line(ln) && mk[i].all_caps && article_match_weather_head(ln->s, ln->len))
			ln->forbid |= ANY_BUT(LABEL_HEADING);
		/* box_label: a label alone over an editor's note, a reporter's
		 * notebook or a box of links (`编者按`, `编后`, `相关链接`) is
		 * a subhead */
		if (cjk && box_label(ln))
			ln->forbid |= ANY_BUT(LABEL_HEADING);
		/* sentence_text: a Chinese line of running text, a sentence
		 * with a comma in it ending in 。 (or in ： before what it
		 * introduces), as wide as a paragraph's line, is no headline,
		 * deck, kicker or subhead (a page that opens in mid-story
		 * opens so) */
		if (cjk && (ln->last == 0x3002 || ln->last == 0xFF1A) && ln->commas >= 1 &&
		    ln->width >= SENTENCE_TEXT_MIN_WIDTH)
			ln->forbid |= ONLY(LABEL_TITLE) | ONLY(LABEL_TITLE_CONT) | ONLY(LABEL_KICKER) |
			              ONLY(LABEL_KICKER_CONT) | ONLY(LABEL_SUBTITLE) |
			              ONLY(LABEL_SUBTITLE_CONT) | ONLY(LABEL_HEADING) |
			              ONLY(LABEL_HEADING_CONT);
		/* closing_byline: a sentence closed by its story's byline in
		 * brackets (`…調查釐清。（記者X／台中報導）`) is running text */
		if (cjk && closes_with_byline(ln))
			ln->forbid |= ONLY(LABEL_HEADING) | ONLY(LABEL_HEADING_CONT) |
			              ONLY(LABEL_TITLE) | ONLY(LABEL_TITLE_CONT) |
			              ONLY(LABEL_SUBTITLE) | ONLY(LABEL_KICKER) |
			              ONLY(LABEL_KICKER_CONT) | ONLY(LABEL_CAPTION) |
			              ONLY(LABEL_CAPTION_CONT);
		if (ctx[i].pos == 1 && cjk && mk[i].title_like && !mk[i].dash_end && !box_label(ln))
			ln->forbid |= ONLY(LABEL_HEADING) |
			              /* over running text, with no credit of its
			               * own, no caption either */
			              (ln->kind == LINE_TEXT && mk[i].heading_like && x &&
			                       x->kind == LINE_TEXT && x->ends_sentence &&
			                       (x->indent || is_body_text(x))
			                   ? ONLY(LABEL_CAPTION) | ONLY(LABEL_CAPTION_CONT) : 0);
		if (ctx[i].pos == 1 && cjk && mk[i].title_like && mk[i].heading_like &&
		    !mk[i].dash_end &&
		    (ln->indent >= CENTERED_HEAD_MIN_INDENT || (ln->indent && pf.indented == 1)))
			ln->forbid |= ONLY(LABEL_PARAGRAPH) | ONLY(LABEL_PARAGRAPH_CONT) |
			              (ctx[i].blank_after >= 2 ? ONLY(LABEL_KICKER) : 0);
		/* caps_first: an OCR'd clip's or page's first line in capitals,
		 * a headline's few words, is its headline or kicker: no
		 * subhead (`MERCURY EXTRAORDINARY!`) */
		if (ctx[i].pos == 1 && pf.wrapped && latin_line(ln) && mk[i].all_caps &&
		    ln->kind == LINE_TEXT && words_of(ln) <= CAPS_STOP_HEAD_MAX_WORDS &&
		    words_of(ln) >= 2 && words_of_letters(ln) && x && latin_line(x) && !x->allow)
			ln->forbid |= ONLY(LABEL_HEADING) | ONLY(LABEL_PARAGRAPH);
		/* a web page's first line over its time stamp is its headline */
		if (ctx[i].pos == 1 && latin_line(ln) && !ln->ends_sentence &&
		    ln->width <= ARTICLE_TITLE_MAX_WIDTH && x && time_stamp(x) && !time_stamp(ln))
			ln->forbid |= ONLY(LABEL_PARAGRAPH) | ONLY(LABEL_HEADING) | ONLY(LABEL_KICKER);
		if (ctx[i].pos == 1 && !pf.wrapped && (pf.blanksep || !pf.indents) &&
		    !ln->indent && !web_notice(ln) &&
		    ctx[i].next != SIZE_MAX && !is_ascii_lower(L->v[ctx[i].next].first) &&
		    mk[i].title_like && !mk[i].dash_end &&
		    (mk[i].heading_like || long_headline(ln, x, !pf.blanksep))) {
			ln->forbid |= ONLY(LABEL_PARAGRAPH) |
			              (mk[i].heading_like && !long_cjk_head(ln) ? 0 : ONLY(LABEL_KICKER)) |
			              (headline_words(ln) ? ONLY(LABEL_HEADING) : 0);
			/* a Chinese headline that long is whole on its line:
			 * the headline's shape under it is its deck */
			if (long_cjk_head(ln) && x && !latin_line(x) && !x->allow)
				L->v[nx].forbid |= ONLY(LABEL_TITLE_CONT) |
				                   (mk[nx].title_like && mk[nx].heading_like
				                        ? ONLY(LABEL_TITLE) | ONLY(LABEL_KICKER) : 0);
		}
		size_t p = ctx[i].prev;
		/* web_deck: under that headline, on a page of whole lines, a
		 * line of words that ends in no stop is its deck */
		if (ctx[i].pos == 2 && !pf.wrapped && !pf.blanksep && !pf.indents &&
		    (L->v[p].forbid & ONLY(LABEL_PARAGRAPH)) && latin_line(&L->v[p]) &&
		    latin_line(ln) && !ln->ends_sentence && ln->last != ':' &&
		    ln->width <= WEB_DECK_MAX_WIDTH && words_of(ln) >= LONG_HEADLINE_MIN_WORDS &&
		    x && !is_ascii_lower(x->first))
			ln->forbid |= ONLY(LABEL_PARAGRAPH) | ONLY(LABEL_PARAGRAPH_CONT) |
			              ONLY(LABEL_TITLE) | ONLY(LABEL_TITLE_CONT) | ONLY(LABEL_HEADING) |
			              (ln->dateline_len ? 0 : ONLY(LABEL_DATELINE));
		if (!body && !pf.wrapped && names_joined(ln))
			ln->forbid |= ANY_BUT(LABEL_BYLINE);
		/* place_alone: under a web story's headline (or deck), a
		 * place's one word alone over its first paragraph is its
		 * dateline (`Pittsburgh`) */
		if (!body && !pf.wrapped && ctx[i].pos >= 2 && ctx[i].pos <= PLACE_ALONE_MAX_POS &&
		    place_alone(ln) && x && latin_line(x) && is_body_text(x))
			ln->forbid |= ANY_BUT(LABEL_DATELINE);
		if (!pf.wrapped && pf.blanksep && p != SIZE_MAX && ln->blank_before &&
		    !ctx[p].ref && mk[p].heading_like && !is_ascii_lower(ln->first) &&
		    (latin_line(&L->v[p]) ? L->v[p].commas == 0
		                          : L->v[p].width <= GAP_HEAD_MAX_WIDTH_CJK))
			ln->forbid |= ONLY(LABEL_PARAGRAPH_CONT);
		if (!ln->dateline_len && ln->ends_sentence && ln->width > BARE_DATELINE_MAX_WIDTH)
			ln->forbid |= ONLY(LABEL_DATELINE);
		if (web_notice(ln))
			ln->forbid |= ANY_BUT(LABEL_PARAGRAPH);
		/* (on a page not wrapped a notice is a line of its own:
		 * nothing goes on from it) */
		if (!pf.wrapped && p != SIZE_MAX && web_notice(&L->v[p]))
			ln->forbid |= ONLY(LABEL_PARAGRAPH_CONT);
		if (time_stamp(ln) || (!body && ctx[i].pos <= 4 && latin_line(ln) &&
		                       is_date_only(ln) && has_year(ln)))
			ln->forbid |= ANY_BUT(LABEL_DATELINE);
		/* line_head: the same on a page of whole lines, none indented
		 * and no blank lines between */
		if (cjk && body && !pf.wrapped && !pf.blanksep && !pf.indents && !ln->indent &&
		    indented_head(L, mk, i, 0) && p != SIZE_MAX && L->v[p].ends_sentence &&
		    x && !x->indent && x->width > ln->width && !indented_head(L, mk, nx, 0) &&
		    !has_text(ln, "来源") && !has_text(ln, "來源") &&
		    !article_match_staff(x->s, x->len) && !opens_report(x))
			ln->forbid |= ONLY(LABEL_PARAGRAPH) | ONLY(LABEL_PARAGRAPH_CONT) |
			              ONLY(LABEL_TITLE) | ONLY(LABEL_KICKER);
		if (cjk && body && ln->indent && indented_head(L, mk, i, ln->indent) &&
		    p != SIZE_MAX &&
		    ((L->v[p].ends_sentence && L->v[p].indent) ||
		     indented_head(L, mk, p, ln->indent) ||
		     (!L->v[p].indent && !L->v[p].ends_sentence)) &&
		    x && !x->allow && x->indent == ln->indent &&
		    (is_body_text(x) ||
		     (indented_head(L, mk, nx, ln->indent) && ctx[nx].next != SIZE_MAX &&
		      L->v[ctx[nx].next].indent == ln->indent && is_body_text(&L->v[ctx[nx].next]))))
			ln->forbid |= ONLY(LABEL_PARAGRAPH) | ONLY(LABEL_PARAGRAPH_CONT);
		if (cjk && x && !x->allow && x->dateline_len && mk[i].title_like &&
		    mk[i].heading_like && !mk[i].dash_end)
			ln->forbid |= ONLY(LABEL_PARAGRAPH) | ONLY(LABEL_PARAGRAPH_CONT) |
			              ONLY(LABEL_HEADING) | ONLY(LABEL_HEADING_CONT);
		if (cjk && reporter_line(ln))
			ln->forbid |= ONLY(LABEL_PARAGRAPH) | ONLY(LABEL_PARAGRAPH_CONT);
		/* and a kicker ending in a dash over that headline
		 * (`上海中共一大会址——`) */
		if (cjk && mk[i].dash_end && ln->width <= ARTICLE_HEADING_MAX_WIDTH && x &&
		    !x->allow && mk[nx].title_like && mk[nx].heading_like && !mk[nx].dash_end &&
		    ctx[nx].next != SIZE_MAX && reporter_line(&L->v[ctx[nx].next]))
			ln->forbid |= ONLY(LABEL_PARAGRAPH) | ONLY(LABEL_PARAGRAPH_CONT) |
			              ONLY(LABEL_HEADING) | ONLY(LABEL_HEADING_CONT) |
			              ONLY(LABEL_DATELINE) | ONLY(LABEL_TITLE) | ONLY(LABEL_TITLE_CONT);
		if (cjk && x && !x->allow && ln->kind != LINE_CREDIT && mk[i].title_like &&
		    mk[i].heading_like && !mk[i].dash_end &&
		    (article_match_byline_lead(x->s, x->len) || reporter_line(x)))
			ln->forbid |= ONLY(LABEL_PARAGRAPH) | ONLY(LABEL_PARAGRAPH_CONT) |
			              ONLY(LABEL_HEADING) | ONLY(LABEL_HEADING_CONT) |
			              ONLY(LABEL_CAPTION) | ONLY(LABEL_CAPTION_CONT);
		if (ln->kind != LINE_BYLINE && ln->kind != LINE_CREDIT &&
		    !article_match_byline_lead(ln->s, ln->len) &&
		    (cjk || (!pf.wrapped && words_of(ln) >= NO_BYLINE_MIN_WORDS)))
			ln->forbid |= ONLY(LABEL_BYLINE);
		if (ln->kind != LINE_BYLINE && caps_stop_head(ln, &mk[i]))
			ln->forbid |= ONLY(LABEL_BYLINE) | ONLY(LABEL_BYLINE_CONT);
		if (cjk && ln->cjk >= 4 && has_digit(ln) && mk[i].title_like &&
		    !ln->dateline_len && !has_date_digit(ln))
			ln->forbid |= ONLY(LABEL_DATELINE);
		if (p != SIZE_MAX && !ln->blank_before && L->v[p].ends_sentence &&
		    !L->v[p].allow && article_pictured_alone(ln->s, ln->len)) {
			ln->forbid |= ANY_BUT(LABEL_CREDIT);
			ln->rule_figure = 1;
			L->v[p].forbid |= ANY_BUT(LABEL_CAPTION) & ANY_BUT(LABEL_CAPTION_CONT);
			L->v[p].rule_figure = 1;
		}
		/* web_pictured: a web page's photo credit alone in its block
		 * (`Photo: John Locher, AP`) under a sentence in a block of its
		 * own: that sentence is its caption, and so is the same
		 * sentence over it (a page that gives a caption twice) */
		if (pf.blanksep && p != SIZE_MAX && latin_line(ln) && ln->blank_before &&
		    (nx == SIZE_MAX || ctx[i].blank_after) &&
		    L->v[p].blank_before && L->v[p].ends_sentence && latin_line(&L->v[p]) &&
		    !L->v[p].allow && article_web_credit_alone(ln->s, ln->len) &&
		    !article_credit_first(ln->s, ln->len)) {
			ln->forbid |= ANY_BUT(LABEL_CREDIT);
			ln->rule_figure = 1;
			L->v[p].forbid |= ANY_BUT(LABEL_CAPTION);
			L->v[p].rule_figure = 1;
			size_t pp = ctx[p].prev;
			if (pp != SIZE_MAX && L->v[pp].len == L->v[p].len &&
			    memcmp(L->v[pp].s, L->v[p].s, L->v[p].len) == 0 && !L->v[pp].allow) {
				L->v[pp].forbid |= ANY_BUT(LABEL_CAPTION);
				L->v[pp].rule_figure = 1;
			}
		}
		uint32_t mark = item_mark(ln);
		if (mark && ((p != SIZE_MAX && item_mark(&L->v[p]) == mark) ||
		             (nx != SIZE_MAX && item_mark(&L->v[nx]) == mark)))
			ln->forbid |= ONLY(LABEL_PARAGRAPH_CONT) | ONLY(LABEL_CAPTION_CONT);
	}
}

docconv_status article_line_features(article_lines *L)
{
	docconv_status st = DOCCONV_OK;
	line_ctx *ctx = calloc(L->n + 1, sizeof *ctx);
	line_marks *marks = calloc(L->n + 1, sizeof *marks);
	size_t *wrap = calloc(L->n + 1, sizeof *wrap);
	if (!ctx || !marks || !wrap) {
		free(ctx);
		free(marks);
		free(wrap);
		return DOCCONV_ERR_NOMEM;
	}
	for (size_t i = 0; i < L->n; i++)
		if (L->v[i].kind != LINE_BLANK)
			marks[i] = marks_of(&L->v[i]);
	size_t page_ref;
	column_widths(L, ctx, &page_ref);

	/* Neighbours, blank runs, positions, the page's flags. */
	page_flags pf = { 0, 0, 0, 0, 0, 0 };
	size_t prev = SIZE_MAX, pos = 0, blanks = 0, nonblank = 0, indented = 0,
	       latin = 0, wrapped = 0, blank_runs = 0;
	for (size_t i = 0; i < L->n; i++) {
		article_line *ln = &L->v[i];
		if (ln->kind == LINE_BLANK) {
			blanks++;
			continue;
		}
		nonblank++;
		if (blanks && prev != SIZE_MAX)
			blank_runs++;
		ln->blank_before = blanks > 3 ? 3 : (unsigned)blanks;
		ctx[i].prev = prev;
		ctx[i].next = SIZE_MAX;
		ctx[i].pos = ++pos;
		if (prev != SIZE_MAX) {
			ctx[prev].next = i;
			ctx[prev].blank_after = ln->blank_before;
		}
		if (ln->indent)
			indented++;
		if (latin_line(ln))
			latin++;
		if (ctx[i].ref && ln->width * 4 >= ctx[i].ref * 3)
			wrapped++;
		prev = i;
		blanks = 0;
	}
	/* Runs of lines between blank lines. */
	for (size_t i = 0; i < L->n;) {
		if (L->v[i].kind == LINE_BLANK) {
			i++;
			continue;
		}
		size_t j = i;
		while (j < L->n && L->v[j].kind != LINE_BLANK)
			j++;
		for (size_t k = i; k < j; k++) {
			ctx[k].chunk = j - i;
			ctx[k].chunk_pos = k - i;
		}
		i = j;
	}
	pf.wrapped = page_ref > 0 || wrapped * 3 >= nonblank;
	pf.blanksep = nonblank > 2 && blank_runs * 10 >= (nonblank - 1) * 3;
	pf.indents = indented > 0 && indented < nonblank;
	pf.indented = indented;
	pf.latin = latin * 2 > nonblank;
	field_classes(L);
	masthead_classes(L);
	note_classes(L);
	wrap_widths(L, ctx, wrap);
	pf.tight = wrapped_tightly(L, ctx, wrap);
	decoder_rules(L, ctx, marks, pf);

	/* Which edge feature each base feature is, or -1. */
	int edge_of[ARTICLE_N_BASE_FEATURES];
	for (unsigned f = 0; f < ARTICLE_N_BASE_FEATURES; f++)
		edge_of[f] = -1;
	for (unsigned e = 0; e < ARTICLE_N_BASE_EDGES; e++)
		edge_of[edge_base[e]] = (int)e;
	L->nfeat = 0;
	int seen_body = 0;
	for (size_t i = 0; i < L->n; i++) {
		article_line *ln = &L->v[i];
		ln->nfeat = 0;
		ln->feat_at = L->nfeat;
		if (ln->kind == LINE_BLANK)
			continue;
		active a = { { 0 }, 0 };
		on(&a, FEAT_BIAS);
		line_shape(&a, ln, marks[i], ctx[i].ref, pf.indents);

		unsigned bb = ln->blank_before, ba = ctx[i].next == SIZE_MAX ? 0 : ctx[i].blank_after;
		on(&a, bb == 0 ? FEAT_BB_0 : bb == 1 ? FEAT_BB_1 : FEAT_BB_2);
		on(&a, ba == 0 ? FEAT_BA_0 : ba == 1 ? FEAT_BA_1 : FEAT_BA_2);
		on_if(&a, ctx[i].pos == 1, FEAT_FIRST);
		on_if(&a, ctx[i].next == SIZE_MAX, FEAT_LAST);
		on_if(&a, ctx[i].pos == 2, FEAT_POS_2);
		on_if(&a, ctx[i].pos == 3, FEAT_POS_3);
		on_if(&a, ctx[i].pos >= 4 && ctx[i].pos <= 8, FEAT_POS_8);
		size_t ck = ctx[i].chunk;
		on(&a, ck == 1 ? FEAT_CHUNK_1 : ck == 2 ? FEAT_CHUNK_2
		       : ck <= 5 ? FEAT_CHUNK_5 : FEAT_CHUNK_MORE);
		on_if(&a, ck > 1 && ctx[i].chunk_pos == 0, FEAT_CHUNK_FIRST);
		on_if(&a, ck > 1 && ctx[i].chunk_pos + 1 == ck, FEAT_CHUNK_LAST);
		/* A credit a few lines on in the same run, over lines as short
		 * as a caption's that go on to it (a caption's lines end in
		 * mid-sentence, but for the one right above the credit). */
		size_t ahead = ctx[i].ref && ctx[i].ref <= ARTICLE_NARROW_COLUMN
		                   ? CREDIT_LOOKAHEAD_NARROW
		                   : CREDIT_LOOKAHEAD;
		for (size_t k = 1; k <= ahead && ctx[i].chunk_pos + k < ck &&
		                   ln->width <= ARTICLE_CAPTION_LINE_MAX_WIDTH; k++) {
			const article_line *x = &L->v[i + k];
			if (figure_end_line(x) && x->kind != LINE_CAPTION_LEAD &&
			    !x->credit_first) {
				on(&a, FEAT_CREDIT_AHEAD);
				break;
			}
			/* a line ending a sentence goes on to the credit only
			 * right above it, and a caption ends one sentence (its
			 * line may have come out first) */
			if (x->ends_sentence && (ln->ends_sentence ||
			                         !(ctx[i].chunk_pos + k + 1 < ck &&
			                           figure_end_line(&L->v[i + k + 1]))))
				break;
		}
		size_t nx = ctx[i].next;
		for (size_t k = 0; k < BYLINE_LOOKAHEAD && nx != SIZE_MAX; k++, nx = ctx[nx].next)
			if (L->v[nx].kind == LINE_BYLINE) {
				on(&a, FEAT_BYLINE_AHEAD);
				break;
			}
		on_if(&a, !seen_body, FEAT_TOP_ZONE);
		on_if(&a, has_url(ln), FEAT_HAS_URL);

		const article_line *p = ctx[i].prev != SIZE_MAX ? &L->v[ctx[i].prev] : NULL;
		const article_line *n = ctx[i].next != SIZE_MAX ? &L->v[ctx[i].next] : NULL;
		if (p)
			prev_shape(&a, p, marks[ctx[i].prev], ctx[ctx[i].prev].ref, ln,
			           pf.indents);
		if (n)
			next_shape(&a, n, marks[ctx[i].next], ctx[ctx[i].next].ref,
			           pf.indents);
		else
			on(&a, FEAT_N_NONE);

		/* Wrapped greedily: a sentence's last line that had room
		 * for this one's first word ended its paragraph there (a rule
		 * of the decoder's, not a weighed sign). */
		ln->wrap_break = p && pf.tight && bb == 0 &&
		                         ended_with_room(p, wrap[ctx[i].prev], ln, wrap[i])
		                     ? ARTICLE_BREAK_ROOM
		                     : 0;
		/* Wrapped loosely (an OCR'd or justified column, Latin): a
		 * quote opening a line after a sentence's end opens a
		 * paragraph, as old papers set each speaker's words. */
		if (p && pf.wrapped && pf.latin && !pf.tight && bb == 0 && latin_line(p) &&
		    p->ends_sentence && opens_quote(ln))
			ln->wrap_break = ARTICLE_BREAK_QUOTE;
		/* Signs that the line goes on from the one before. */
		if (p) {
			int lat = latin_line(p) && latin_line(ln);
			on_if(&a, lat && !p->ends_sentence && docconv_is_lower_latin(ln->first),
			      FEAT_CONT_LATIN);
			on_if(&a, !latin_line(p) && open_end(p) && continues_text(ln) &&
			      !latin_line(ln), FEAT_CONT_CJK);
			on_if(&a, p->ends_hyphen && docconv_is_lower_latin(ln->first),
			      FEAT_CONT_HYPHEN);
			/* An English line left open, then a capital: a new
			 * block more often than a wrap (a name is the other
			 * case). */
			on_if(&a, lat && open_end(p) && !p->ends_hyphen &&
			      docconv_is_upper_latin(ln->first), FEAT_BREAK_UPPER);
			on_if(&a, bb > 0 && open_end(p) && continues_text(ln),
			      FEAT_CONT_GAP);
		}
		/* The line before reads as a clause cut off (a comma in it,
		 * no end), set apart by blank lines on a flat page: the start
		 * of a paragraph a column break cut, or a subhead; this line
		 * going on in mid-clause says which. */
		on_if(&a, p && bb > 0 && !ctx[ctx[i].prev].ref && p->commas > 0 &&
		      open_end(p) && continues_text(ln) && !latin_line(ln),
		      FEAT_P_FRAGMENT);
		on_if(&a, p && ends_open_word(p), FEAT_P_FUNCWORD);
		size_t fb = line_before_figure(L, i);
		on_if(&a, fb != SIZE_MAX && open_end(&L->v[fb]) && continues_text(ln),
		      FEAT_CONT_FIGURE);
		on_if(&a, fb != SIZE_MAX && L->v[fb].ends_sentence, FEAT_FIG_P_STOP);
		/* The same across a caption that stands between: the sentence
		 * before it that ended with room ended its paragraph. */
		ln->wrap_break_figure = fb != SIZE_MAX && pf.tight &&
		                        ended_with_room(&L->v[fb], wrap[fb], ln, wrap[i]);
		/* On a page not wrapped, a paragraph a line, the same when
		 * the line before the caption ended its sentence: across a
		 * blank line, or right over a caption with its credit on its
		 * line, no blank lines between. */
		if (!pf.wrapped && !is_ascii_lower(ln->first)) {
			size_t before = bb > 0 ? fb : SIZE_MAX;
			const article_line *c = p;
			if (bb == 0 && c && c->kind == LINE_CAPTION_CREDIT && c->credit_at > 0 &&
			    c->blank_before == 0)
				before = ctx[ctx[i].prev].prev;
			if (before != SIZE_MAX && L->v[before].ends_sentence)
				ln->wrap_break_figure = 1;
		}

		/* The page. */
		on_if(&a, pf.wrapped, FEAT_DOC_WRAPPED);
		on_if(&a, pf.blanksep, FEAT_DOC_BLANKSEP);
		on_if(&a, pf.indents, FEAT_DOC_INDENTS);
		on_if(&a, pf.latin, FEAT_DOC_LATIN);
		int rc = ratio_class(ln->width, ctx[i].ref);
		on_if(&a, pf.wrapped && ln->ends_sentence && (rc == 1 || rc == 2),
		      FEAT_DW_STOP_SHORT);
		if (p) {
			int prc = ratio_class(p->width, ctx[ctx[i].prev].ref);
			on_if(&a, pf.wrapped && p->ends_sentence && (prc == 1 || prc == 2),
			      FEAT_DW_P_STOP_SHORT);
			on_if(&a, pf.wrapped && !p->ends_sentence && prc >= 3,
			      FEAT_DW_P_FULL_OPEN);
			on_if(&a, !pf.wrapped && p->ends_sentence, FEAT_DU_P_STOP);
			on_if(&a, !pf.wrapped && open_end(p), FEAT_DU_P_OPEN);
			/* one paragraph a line: a short subhead between two
			 * paragraphs, the one before it ended */
			on_if(&a, !pf.wrapped && marks[i].heading_like && p->ends_sentence &&
			      n && 2 * ln->width <= p->width && 2 * ln->width <= n->width,
			      FEAT_DU_HEAD_BETWEEN);
		}
		on_if(&a, pf.blanksep && bb == 0, FEAT_DB_BB_0);
		on_if(&a, pf.blanksep && bb > 0, FEAT_DB_BB_1);
		on_if(&a, pf.indents && ln->indent > 0, FEAT_DI_INDENT);
		on_if(&a, pf.indents && ln->indent == 0, FEAT_DI_NOINDENT);

		unsigned script = latin_line(ln) ? ARTICLE_DOMAIN_LATIN
		                  : ln->cjk > 0 ? ARTICLE_DOMAIN_CJK : 0;
		unsigned layout = !ctx[i].ref ? ARTICLE_DOMAIN_FLAT
		                  : ctx[i].ref <= ARTICLE_NARROW_COLUMN ? ARTICLE_DOMAIN_NARROW
		                  : ARTICLE_DOMAIN_WRAPPED;
		unsigned nbase = a.n, total = (script ? 5 : 4) * nbase;
		if (L->nfeat + total > L->capfeat) {
			size_t cap = L->capfeat ? L->capfeat * 2 : 4096;
			while (cap < L->nfeat + total)
				cap *= 2;
			uint16_t *v = realloc(L->feat, cap * sizeof *v);
			if (!v) {
				st = DOCCONV_ERR_NOMEM;
				goto out;
			}
			L->feat = v;
			L->capfeat = cap;
		}
		uint16_t *out = L->feat + L->nfeat;
		/* A caption shows itself: the decoder takes no line for one
		 * without a sign (decode.c). */
		ln->caption_sign = 0;
		for (unsigned k = 0; k < nbase; k++)
			if (a.f[k] == FEAT_PAT_CAPCREDIT || a.f[k] == FEAT_PAT_CREDIT ||
			    a.f[k] == FEAT_CREDIT_AHEAD || a.f[k] == FEAT_PAT_CAPLEAD ||
			    a.f[k] == FEAT_DOUBLED || a.f[k] == FEAT_N_CREDIT ||
			    a.f[k] == FEAT_N_CAPCREDIT || a.f[k] == FEAT_PHOTO_WORD)
				ln->caption_sign = 1;
		/* So does a dateline (a headline of two words is none), or
		 * a field's label allows one, or the decoder's rules leave
		 * the line no other class (place_alone). */
		ln->dateline_sign = has_digit(ln) || (ln->allow & ONLY(LABEL_DATELINE)) ||
		                    ln->forbid == ANY_BUT(LABEL_DATELINE);
		for (unsigned k = 0; k < nbase; k++)
			if (a.f[k] == FEAT_PAT_DATELINE || a.f[k] == FEAT_PAT_DATELINE_LEAD ||
			    a.f[k] == FEAT_DATE_ONLY || a.f[k] == FEAT_BRACKETED ||
			    a.f[k] == FEAT_E_DASH)
				ln->dateline_sign = 1;
		memcpy(out, a.f, nbase * sizeof *a.f);
		seen_body |= is_body_text(ln);
		out += nbase;
		/* Blank lines around a line are signs of every layout alike
		 * (a layout is itself told by them): they get no copies. */
		for (unsigned k = 0; script && k < nbase; k++)
			if (!is_blank_sign(a.f[k]))
				*out++ = (uint16_t)(a.f[k] + script * ARTICLE_N_BASE_FEATURES);
		for (unsigned k = 0; k < nbase; k++)
			if (!is_blank_sign(a.f[k]))
				*out++ = (uint16_t)(a.f[k] + layout * ARTICLE_N_BASE_FEATURES);
		/* The edge features among them, alone and with the layout. */
		unsigned nedge = 0;
		for (unsigned k = 0; k < nbase; k++) {
			int e = edge_of[a.f[k]];
			if (e < 0)
				continue;
			*out++ = (uint16_t)e;
			*out++ = (uint16_t)(e + (layout - ARTICLE_DOMAIN_WRAPPED + 1) *
			                            ARTICLE_N_BASE_EDGES);
			nedge += 2;
		}
		ln->nedge = nedge;
		ln->nfeat = (unsigned)(out - (L->feat + L->nfeat)) - ln->nedge;
		L->nfeat += ln->nfeat + ln->nedge;
	}
out:
	free(ctx);
	free(marks);
	free(wrap);
	return st;
}
