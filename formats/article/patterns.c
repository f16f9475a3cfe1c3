/* patterns.c — the genre's patterns, one line at a time: photo credits,
 * bylines (and the author names they hold), datelines, caption leads.
 * Decisions that need context belong to the decoder (decode.c). */
#include "article.h"

#include <stdlib.h>
#include <string.h>

/* --- small UTF-8 string helpers -------------------------------------- */

static int has_prefix(const char *s, size_t n, const char *p)
{
	size_t pl = strlen(p);
	return n >= pl && memcmp(s, p, pl) == 0;
}

static int has_suffix(const char *s, size_t n, const char *p)
{
	size_t pl = strlen(p);
	return n >= pl && memcmp(s + n - pl, p, pl) == 0;
}

static char lower_ascii(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Whether s[0..n) starts with p[0..pl), ASCII letters in any case. */
static int has_prefix_ci_n(const char *s, size_t n, const char *p, size_t pl)
{
	if (n < pl)
		return 0;
	for (size_t i = 0; i < pl; i++)
		if (lower_ascii(s[i]) != lower_ascii(p[i]))
			return 0;
	return 1;
}

static int has_prefix_ci(const char *s, size_t n, const char *p)
{
	return has_prefix_ci_n(s, n, p, strlen(p));
}

static int contains(const char *s, size_t n, const char *p)
{
	size_t pl = strlen(p);
	if (pl > n)
		return 0;
	for (size_t i = 0; i + pl <= n; i++)
		if (memcmp(s + i, p, pl) == 0)
			return 1;
	return 0;
}

static int contains_ci(const char *s, size_t n, const char *p)
{
	size_t pl = strlen(p);
	if (pl == 0)
		return 1;
	/* The first character turns most places away without a call. */
	char first = lower_ascii(p[0]);
	for (size_t i = 0; i + pl <= n; i++)
		if (lower_ascii(s[i]) == first && has_prefix_ci_n(s + i, n - i, p, pl))
			return 1;
	return 0;
}

/* Whether s[0..n) is one of the words of a NULL-ended list. */
static int is_word_of(const char *s, size_t n, const char *const *words)
{
	for (size_t k = 0; words[k]; k++)
		if (n == strlen(words[k]) && memcmp(s, words[k], n) == 0)
			return 1;
	return 0;
}

/* The same, the word in capitals allowed too (`GAZETTE`, `JANUARY`), as
 * old papers set their mastheads. */
static int is_word_of_caps(const char *s, size_t n, const char *const *words)
{
	for (size_t k = 0; words[k]; k++)
		if (n == strlen(words[k]) && has_prefix_ci_n(s, n, words[k], n)) {
			size_t i = 1;
			while (i < n && (s[i] == words[k][i] || (s[i] >= 'A' && s[i] <= 'Z')))
				i++;
			if (i == n)
				return 1;
		}
	return 0;
}

/* The months' names, which OCR'd datelines and mastheads' dates hold. */
static const char *const month_names[] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December", NULL
};

/* The code point before byte offset `at`, 0 at the start. */
static uint32_t cp_before(const char *s, size_t at, size_t *start)
{
	size_t l;
	uint32_t cp = docconv_utf8_last(s, at, &l);
	if (start)
		*start = at - l;
	return cp;
}

uint32_t article_cp_at(const char *s, size_t n, size_t at, size_t *len)
{
	uint32_t cp = 0;
	size_t l = at < n ? docconv_utf8_decode(s + at, n - at, &cp) : 0;
	if (!l && at < n) {
		cp = (unsigned char)s[at];
		l = 1;
	}
	if (len)
		*len = l;
	return cp;
}

void article_trim(const char **s, size_t *n)
{
	size_t l;
	while (*n) {
		uint32_t cp = article_cp_at(*s, *n, 0, &l);
		if (!docconv_is_space(cp))
			break;
		*s += l;
		*n -= l;
	}
	while (*n) {
		uint32_t cp = docconv_utf8_last(*s, *n, &l);
		if (!docconv_is_space(cp))
			break;
		*n -= l;
	}
}

size_t article_width(const char *s, size_t n)
{
	size_t w = 0, i = 0, l;
	while (i < n) {
		uint32_t cp = article_cp_at(s, n, i, &l);
		w += docconv_is_cjk(cp) ? 2 : 1;
		i += l;
	}
	return w;
}

static int is_closer(uint32_t cp)
{
	return cp == 0x201D || cp == 0x2019 || cp == '"' || cp == '\'' ||
	       cp == 0xFF09 || cp == ')' || cp == 0x300D || cp == 0x300F ||
	       cp == 0x300B || cp == 0x3011;
}

/* A sentence's end: Chinese and Latin stops, and those of other scripts
 * a news page may be in: the danda (।, ॥), Arabic's question mark (؟) and
 * Urdu's full stop (۔), Armenian's (։), Ethiopic's (።, ፧), Myanmar's (။). */
static int is_stop(uint32_t cp)
{
	return cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == '.' ||
	       cp == '!' || cp == '?' || cp == 0x2026 || cp == 0xFF0E ||
	       cp == 0xFF61 || cp == 0x0964 || cp == 0x0965 || cp == 0x061F ||
	       cp == 0x06D4 || cp == 0x0589 || cp == 0x1362 || cp == 0x1367 ||
	       cp == 0x104B;
}

/* `Oct.`, `Mr.`, `St.`: a full stop that ends a word, not a sentence; the
 * line goes on (`on Oct.` / `2.`). */
static int ends_in_abbreviation(const char *s, size_t n)
{
	static const char *const words[] = {
		"Jan", "Feb", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Mr", "Mrs",
		"Ms", "Dr", "St", "Mt", "Ft", "Gov", "Sen", "Rep", "Gen", "Lt", "Col",
		"Sgt", "Capt", "Prof", "Rev", "No", NULL
	};
	if (!n || s[n - 1] != '.')
		return 0;
	size_t w = n - 1;
	while (w > 0 && ((s[w - 1] >= 'a' && s[w - 1] <= 'z') ||
	                 (s[w - 1] >= 'A' && s[w - 1] <= 'Z')))
		w--;
	if (w > 0 && s[w - 1] != ' ' && s[w - 1] != '(')
		return 0;
	for (size_t k = 0; words[k]; k++)
		if (strlen(words[k]) == n - 1 - w &&
		    memcmp(s + w, words[k], n - 1 - w) == 0)
			return 1;
	return 0;
}

int article_ends_sentence(const char *s, size_t n)
{
	size_t l;
	if (ends_in_abbreviation(s, n))
		return 0;
	for (int steps = 0; n && steps < 3; steps++) {
		uint32_t cp = docconv_utf8_last(s, n, &l);
		if (is_stop(cp))
			return 1;
		if (!is_closer(cp))
			return 0;
		n -= l;
	}
	return 0;
}

/* --- names ------------------------------------------------------------ */

/* A Chinese personal name (or a short signature like 组宣): 2 to 4 Han
 * characters, or a transliterated name with a middle dot up to 10. */
/* Words in a name's place that name no one: 綜合報導 (reports put
 * together), a sidebar's label after its ■ (`■链接`). */
static int names_no_one(const char *s, size_t n)
{
	static const char *const no_one[] = {
		"综合", "綜合", "链接", "鏈接", "背景", "相关链接", "相關鏈接",
		"延伸阅读", "延伸閱讀", "小贴士", "小貼士", NULL
	};
	for (size_t k = 0; no_one[k]; k++)
		if (n == strlen(no_one[k]) && memcmp(s, no_one[k], n) == 0)
			return 1;
	return 0;
}

static int is_cjk_name(const char *s, size_t n)
{
	size_t i = 0, chars = 0, l, dots = 0;
	while (i < n) {
		uint32_t cp = article_cp_at(s, n, i, &l);
		if (cp == 0x00B7 || cp == 0x30FB || cp == 0xFF0E)
			dots++;
		else if (!docconv_is_han(cp))
			return 0;
		chars++;
		i += l;
	}
	return dots ? chars >= 3 && chars <= 10 : chars >= 2 && chars <= 4;
}

/* A Latin name: 1 to 4 capitalised words (initials allowed). */
static int is_latin_name(const char *s, size_t n)
{
	size_t words = 0, i = 0;
	while (i < n) {
		while (i < n && s[i] == ' ')
			i++;
		if (i >= n)
			break;
		if (!(s[i] >= 'A' && s[i] <= 'Z'))
			return 0;
		while (i < n && s[i] != ' ') {
			char c = s[i];
			if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			      c == '.' || c == '\'' || c == '-'))
				return 0;
			i++;
		}
		words++;
	}
	return words >= 1 && words <= 4;
}

static int is_name_separator(uint32_t cp)
{
	return cp == ' ' || cp == 0x3000 || cp == 0x3001 || cp == 0xFF0C ||
	       cp == ',' || cp == '\t' || cp == 0xA0;
}

/* White space that pads a name (no comma, no 、). */
static int is_pad(uint32_t cp)
{
	return cp == ' ' || cp == 0x3000 || cp == 0xA0;
}

/* A name of two letters a paper pads to three with a space between
 * (`贺　勇`): where the padded name at s[i] ends, or 0 when none is
 * there. */
static size_t padded_name_end(const char *s, size_t n, size_t i)
{
	size_t l, j;
	if (i >= n || !docconv_is_han(article_cp_at(s, n, i, &l)))
		return 0;
	j = i + l;
	if (j >= n || !is_pad(article_cp_at(s, n, j, &l)))
		return 0;
	while (j < n && is_pad(article_cp_at(s, n, j, &l)))
		j += l;
	if (j >= n || !docconv_is_han(article_cp_at(s, n, j, &l)))
		return 0;
	j += l;
	/* the second letter ends the name: a separator, or the end */
	if (j < n && !is_name_separator(article_cp_at(s, n, j, &l)))
		return 0;
	return j;
}

/* Whether s[0..n) is one or more names separated by spaces or 、. */
static int is_name_list(const char *s, size_t n, int allow_empty)
{
	size_t i = 0, l, names = 0;
	article_trim(&s, &n);
	if (n == 0)
		return allow_empty;
	if (is_latin_name(s, n))
		return 1;
	while (i < n) {
		size_t start = i, padded = padded_name_end(s, n, i);
		if (padded) {
			i = padded;
			names++;
			while (i < n && is_name_separator(article_cp_at(s, n, i, &l)))
				i += l;
			continue;
		}
		while (i < n && !is_name_separator(article_cp_at(s, n, i, &l)))
			i += l;
		if (!is_cjk_name(s + start, i - start) || names_no_one(s + start, i - start))
			return 0;
		names++;
		while (i < n && is_name_separator(article_cp_at(s, n, i, &l)))
			i += l;
	}
	return names >= 1 && names <= 6;
}

/* Roles that stand before a reporter's or photographer's name. Longest
 * first, so 本报记者 wins over 记者. */
static const char *const roles[] = {
	"本报特约通讯员", "本報特約通訊員", "本报特约记者", "本報特約記者",
	"新华社记者", "新華社記者", "本报通讯员", "特约通讯员", "特約通訊員",
	"本報通訊員", "总台央视记者", "本报记者", "本報記者", "摄影记者", "攝影記者",
	"总台记者", "總台記者", "央视记者", "央視記者", "特约记者",
	"特約記者", "见习记者", "實習記者", "实习记者", "通讯员", "通訊員", "实习生",
	"實習生", "记者", "記者", "摄影", "攝影", "文·图/", "文·图／", "文·圖／",
	"文·圖/", "文/图", "文／图", "文/圖",
	"文／圖", "图/文", "图／文", "文/", "文／", "图/", "图／", "圖/", "圖／",
	"文：", "作者：", "編譯", "编译", NULL
};

/* Letters a desk's name has before 中心 at most (`調查採訪中心`). */
#define DESK_NAME_MAX_LETTERS 4
/* Letters of each reporter's name after a desk, at least and at most. */
#define DESK_REPORTER_MIN_LETTERS 2
#define DESK_REPORTER_MAX_LETTERS 4

/* A paper's desk signing before its reporter's name, as a role does
 * (`突發中心江宏倫／台北報導`: 2 to DESK_NAME_MAX_LETTERS letters and 中心,
 * then names, 、 between, then a slash): its length, or 0. A desk
 * signing alone (`社會中心／台北報導`) is no role. */
static size_t desk_at(const char *s, size_t n, size_t at)
{
	size_t i = at, l, letters = 0;
	while (i < n && letters <= DESK_NAME_MAX_LETTERS) {
		if (letters >= 2 && has_prefix(s + i, n - i, "中心")) {
			/* names of two to four letters, 、 between, then the
			 * slash before the place they report from */
			size_t e = i + strlen("中心"), k = e, name = 0;
			uint32_t c = 0;
			while (k < n && name <= DESK_REPORTER_MAX_LETTERS) {
				c = article_cp_at(s, n, k, &l);
				if (c == 0x3001 && name >= DESK_REPORTER_MIN_LETTERS)
					name = 0;
				else if (c < 0x4E00 || c > 0x9FFF)
					break;
				else
					name++;
				k += l;
			}
			return name >= DESK_REPORTER_MIN_LETTERS &&
			               name <= DESK_REPORTER_MAX_LETTERS && k < n &&
			               (c == '/' || c == 0xFF0F || c == 0x2571)
			           ? e - at
			           : 0;
		}
		uint32_t c = article_cp_at(s, n, i, &l);
		if (c < 0x4E00 || c > 0x9FFF)
			return 0;
		letters++;
		i += l;
	}
	return 0;
}

/* The role word at s[at..), or 0 (a desk before its reporter's name is
 * one). Every role begins with a byte above ASCII: the test of the first
 * byte turns most places away. */
static size_t role_at(const char *s, size_t n, size_t at)
{
	if (at >= n || (unsigned char)s[at] < 0x80)
		return 0;
	for (size_t i = 0; roles[i]; i++)
		if (s[at] == roles[i][0] && has_prefix(s + at, n - at, roles[i]))
			return strlen(roles[i]);
	return desk_at(s, n, at);
}

/* --- credits ---------------------------------------------------------- */

/* Longest source named after `图/` closing a caption, in characters. */
#define PICTURED_CREDIT_MAX_CHARS 12

/* What names a picture's source: `图/视觉中国`. */
static const char *const pictured_leads[] = { "图/", "图／", "圖/", "圖／", NULL };

/* Whether s[0..n), after 图/, is a picture's source: short, no sentence,
 * no second slash. */
static int pictured_source(const char *s, size_t n)
{
	return n > 0 && docconv_utf8_count(s, n) <= PICTURED_CREDIT_MAX_CHARS &&
	       !article_ends_sentence(s, n) && !memchr(s, '/', n) &&
	       !memmem(s, n, "\xEF\xBC\x8F", 3);
}
/* Longest source named after `图片来源：`, in characters. */
#define SOURCED_CREDIT_MAX_CHARS 16

static const char *const agency_credits[] = {
	"AP Photo", "AP/", "AFP", "Reuters", "REUTERS", "EPA", "Getty Images",
	"Xinhua", "XINHUA", "Photo:", "Photo by", "Photo courtesy", "Photograph:",
	"Courtesy", "Bloomberg", "UPI", "Associated Press", "File photo", NULL
};

static const char *const stock_credits[] = {
	"资料图片", "资料照片", "資料照片", "資料圖片", "资料图", "資料圖",
	"新华社发", "新華社發", "视觉中国", "視覺中國", "本报资料图片", "东方IC",
	"東方IC", "IC photo", "图片来源于网络", "图片来自网络", "网络图片",
	"網路圖片", "圖片來源於網路", "資料照", "资料照", NULL
};

/* Letters a portal's name run on after a 供图 credit has at most. */
#define SUPPLIED_TAIL_MAX_CHARS 5

/* Credits that end a word: 受访者供图, 主办方供图. */
static const char *const supplied_credits[] = {
	"供图", "供圖", "提供", NULL
};

static const char *const shot_suffixes[] = {
	"摄影", "攝影", "摄", "攝", NULL
};

/* Who supplies a picture before 提供: 讀者, 民眾, 受訪者, 家屬, 警方, a
 * name. */
static int supplier(const char *s, size_t n)
{
	static const char *const who[] = {
		"读者", "讀者", "民众", "民眾", "受访者", "受訪者", "家属", "家屬",
		"警方", "网友", "網友", "业者", "業者", "校方", "院方", NULL
	};
	for (size_t k = 0; who[k]; k++)
		if (has_suffix(s, n, who[k]))
			return 1;
	return 0;
}

/* Who a web page's photo credit names after the photographer's slash:
 * `Scott Olson/Getty Images`, `Jane Doe/AFP via Getty Images`. */
static const char *const photo_sources[] = {
	"Getty Images", "AFP", "AP", "Reuters", "REUTERS", "Bloomberg", "EPA",
	"Shutterstock", "Alamy", "Pool", "Handout", "NurPhoto", "Sipa", "SOPA",
	"Xinhua", "Anadolu", "Zuma", "ZUMA", "The New York Times", "The Washington Post",
	"Redux", "Polaris", "Corbis", "PA", "Press Association", NULL
};

/* Whether what follows the last slash of s[0..n) is a source of photos
 * (`Jane Doe/AFP via Getty Images`); where the slash is, in *slash_at. */
static int names_photo_source(const char *s, size_t n, size_t *slash_at)
{
	const char *slash = memrchr(s, '/', n);
	if (!slash)
		return 0;
	size_t left = (size_t)(slash - s), rl = n - left - 1;
	*slash_at = left;
	for (size_t k = 0; photo_sources[k]; k++) {
		size_t kl = strlen(photo_sources[k]);
		if (rl >= kl && memcmp(slash + 1, photo_sources[k], kl) == 0 &&
		    (rl == kl || slash[1 + kl] == ' ' || slash[1 + kl] == '/'))
			return 1;
	}
	return 0;
}

/* Inside parentheses: `(AP Photo/X)`, `（记者X摄）`, `（资料图片）`. */
static int credit_in_parens(const char *in, size_t n)
{
	article_trim(&in, &n);
	for (size_t i = 0; agency_credits[i]; i++)
		if (has_prefix_ci(in, n, agency_credits[i]))
			return 1;
	size_t slash;
	if (names_photo_source(in, n, &slash) || has_suffix(in, n, "Getty Images"))
		return 1;
	/* `（圖／翻攝自臉書）`: a picture's source after 圖／. */
	for (size_t i = 0; pictured_leads[i]; i++) {
		size_t ll = strlen(pictured_leads[i]);
		if (has_prefix(in, n, pictured_leads[i]) &&
		    pictured_source(in + ll, n - ll))
			return 1;
	}
	for (size_t i = 0; stock_credits[i]; i++)
		if (has_suffix(in, n, stock_credits[i]))
			return 1;
	for (size_t i = 0; supplied_credits[i]; i++)
		if (has_suffix(in, n, supplied_credits[i]) && n <= 30)
			return 1;
	for (size_t i = 0; shot_suffixes[i]; i++)
		if (has_suffix(in, n, shot_suffixes[i]) &&
		    docconv_utf8_count(in, n) <= 20)
			return 1;
	return 0;
}

static int is_delimiter(uint32_t cp)
{
	return cp == 0 || docconv_is_space(cp) || is_stop(cp) || is_closer(cp) ||
	       cp == 0xFF1A || cp == ':' || cp == 0xFF0C || cp == ',' ||
	       cp == 0xFF1B || cp == ';' || cp == 0x3001;
}

/* `NAME 摄`, `本报记者 NAME 摄`, `NAME/摄` at the end of s[0..n); `e` is
 * where the 摄 suffix starts. */
static int credit_shot(const char *s, size_t n, size_t e, size_t *at)
{
	size_t l;
	(void)n;
	/* The names end before the separator that precedes 摄. */
	size_t end = e;
	while (end > 0) {
		uint32_t cp = cp_before(s, end, &l);
		if (cp == ' ' || cp == 0x3000 || cp == '/' || cp == 0xFF0F)
			end = l;
		else
			break;
	}
	/* Anchored on a role word: 本报记者 郝颺 摄, 记者郝颺摄. The earliest
	 * role wins, so 本报记者 is kept whole rather than from 记者. */
	size_t anchored = SIZE_MAX;
	for (size_t i = end; i-- > 0;) {
		if (end - i > 40)
			break;
		if (((unsigned char)s[i] & 0xC0) == 0x80)
			continue;
		size_t rl = role_at(s, end, i);
		if (rl && is_name_list(s + i + rl, end - i - rl, 1))
			anchored = i;
	}
	if (anchored != SIZE_MAX) {
		*at = anchored;
		return 1;
	}
	/* A name padded to three letters (`任　超摄`), alone on its line or
	 * after the caption's sentence. */
	for (size_t j = end >= 16 ? end - 16 : 0; j + 6 <= end; j++)
		if (padded_name_end(s, end, j) == end &&
		    (j == 0 || is_stop(cp_before(s, j, NULL)) || is_pad(cp_before(s, j, NULL)))) {
			*at = j;
			return 1;
		}
	/* Names alone, delimited from the caption text before them. */
	size_t start = end;
	while (start > 0) {
		uint32_t cp = cp_before(s, start, &l);
		if (is_delimiter(cp))
			break;
		start = l;
	}
	if (start == end || !is_cjk_name(s + start, end - start))
		return 0;
	uint32_t before = cp_before(s, start, NULL);
	if (!is_delimiter(before))
		return 0;
	/* More names before it (郝颺 张三 摄), only when the line holds nothing
	 * else or they follow the end of a sentence. */
	size_t first = start;
	for (int k = 0; k < 3; k++) {
		size_t sep = first;
		uint32_t cp = cp_before(s, sep, &l);
		if (cp != ' ' && cp != 0x3000 && cp != 0x3001)
			break;
		sep = l;
		size_t prev = sep;
		while (prev > 0) {
			uint32_t c2 = cp_before(s, prev, &l);
			if (is_delimiter(c2))
				break;
			prev = l;
		}
		if (prev == sep || !is_cjk_name(s + prev, sep - prev))
			break;
		uint32_t b2 = cp_before(s, prev, NULL);
		if (!(b2 == 0 || is_stop(b2) || is_closer(b2)))
			break;
		first = prev;
	}
	*at = first;
	return 1;
}

/* Bytes of the source in brackets after a 摄 credit at most, brackets
 * included (`（新华社发）`). */
#define SHOT_SOURCE_MAX_BYTES 36

/* A 摄 credit ending s[0..n) (`本报记者 郝颺 摄`, `任　超摄`): where it
 * starts in *at. */
static int shot_credit_ending(const char *s, size_t n, size_t *at)
{
	for (size_t k = 0; shot_suffixes[k]; k++)
		if (has_suffix(s, n, shot_suffixes[k]))
			return credit_shot(s, n, n - strlen(shot_suffixes[k]), at);
	return 0;
}

/* Longest photo credit line of a web page, in bytes. */
#define WEB_CREDIT_MAX_BYTES 80

/* A web page's photo credit on its own line: `Scott Olson/Getty Images`,
 * `Photograph: Jane Doe/Reuters`, `Getty Images`, `Credit: X`. */
static int web_credit_line(const char *s, size_t n)
{
	static const char *const leads[] = {
		"Photograph: ", "Photo: ", "Photos: ", "Image: ", "Images: ",
		"Credit: ", "Illustration: ", "Picture: ", "Image copyright ",
		"Image copyright, ", "Image source ", "Image source, ",
		"Image source: ", NULL
	};
	if (n > WEB_CREDIT_MAX_BYTES || n == 0)
		return 0;
	for (size_t k = 0; leads[k]; k++) {
		size_t kl = strlen(leads[k]);
		if (has_prefix(s, n, leads[k]) && n > kl && s[kl] >= 'A' && s[kl] <= 'Z' &&
		    !article_ends_sentence(s, n))
			return 1;
	}
	if ((n == 12 && memcmp(s, "Getty Images", 12) == 0) ||
	    has_suffix(s, n, " via Getty Images"))
		return 1;
	/* NAME/SOURCE: the photographer, a slash, an agency or a paper */
	size_t slash;
	return names_photo_source(s, n, &slash) && slash > 0 && is_latin_name(s, slash);
}

/* A credit line of its own: `Drawn by R. P. Brandt`, `Photo by X`,
 * `(Copyright: 1908: By X.)`, a web page's `Scott Olson/Getty Images`. */
static int credit_line(const char *s, size_t n)
{
	if (web_credit_line(s, n))
		return 1;
	static const char *const leads[] = {
		"Drawn by ", "Photo by ", "Photograph by ", "Photographs by ",
		"Illustration by ", "Cartoon by ", "Photos by ", "Copyright ",
		"(Copyright", "Copyright:", NULL
	};
	if (n > 60)
		return 0;
	for (size_t k = 0; leads[k]; k++) {
		size_t kl = strlen(leads[k]);
		if (has_prefix(s, n, leads[k]) && n > kl &&
		    (leads[k][0] == '(' || leads[k][0] == 'C' ||
		     (s[kl] >= 'A' && s[kl] <= 'Z')))
			return 1;
	}
	return 0;
}

int article_match_credit(const char *s, size_t n, size_t *at)
{
	size_t l;
	if (n == 0)
		return 0;
	if (credit_line(s, n)) {
		*at = 0;
		return 1;
	}
	uint32_t last = docconv_utf8_last(s, n, &l);
	/* Parenthesised credits. */
	if (last == ')' || last == 0xFF09) {
		uint32_t open = last == ')' ? '(' : 0xFF08;
		size_t i = n - l;
		while (i > 0) {
			size_t p;
			uint32_t cp = cp_before(s, i, &p);
			if (cp == open || (cp == '(' || cp == 0xFF08)) {
				if (credit_in_parens(s + i, n - l - i)) {
					*at = p;
					/* a photographer before it: `任　超摄（新华社发）` */
					size_t shot;
					if (shot_credit_ending(s, p, &shot))
						*at = shot;
					return 1;
				}
				break;
			}
			i = p;
		}
	}
	/* REUTERS/Name Name at the end. */
	for (size_t i = 0; i + 8 <= n; i++)
		if (memcmp(s + i, "REUTERS/", 8) == 0 &&
		    is_latin_name(s + i + 8, n - i - 8) &&
		    (i == 0 || s[i - 1] == ' ')) {
			*at = i;
			return 1;
		}
	/* A web page's source of its picture: `图片来源：视觉中国`, `媒体来源：
	 * 新浪体育`, at the line's start or after the caption (a portal's
	 * video title, `视频-…`, runs on into it). */
	{
		static const char *const sourced[] = {
			"图片来源：", "圖片來源：", "媒体来源：", "媒體來源：", "图源：",
			"圖源：", "图片来源:", "圖片來源:", NULL
		};
		/* each names its 源: one search for it first */
		int any = memmem(s, n, "\xE6\xBA\x90", 3) != NULL;
		for (size_t k = 0; any && sourced[k]; k++) {
			const char *t = memmem(s, n, sourced[k], strlen(sourced[k]));
			size_t rest = t ? n - (size_t)(t - s) - strlen(sourced[k]) : 0;
			if (t && rest > 0 && docconv_utf8_count(t + strlen(sourced[k]), rest) <=
			                         SOURCED_CREDIT_MAX_CHARS &&
			    !article_ends_sentence(s, n) &&
			    (is_delimiter(cp_before(s, (size_t)(t - s), NULL)) ||
			     has_prefix(s, n, "视频-"))) {
				*at = (size_t)(t - s);
				/* a photographer before it: `中新社发 司伟 摄 图片来源：X` */
				size_t e = *at, shot;
				while (e > 0 && s[e - 1] == ' ')
					e--;
				if (shot_credit_ending(s, e, &shot))
					*at = shot;
				return 1;
			}
		}
	}
	/* `图/视觉中国`, `圖／記者王小明`: a picture's source after 图/ at
	 * the caption's end. */
	{
		for (size_t k = 0; pictured_leads[k]; k++) {
			const char *t = NULL, *lead = pictured_leads[k];
			for (const char *f = s; (f = memmem(f, n - (size_t)(f - s), lead,
			                                    strlen(lead))) != NULL;
			     f += strlen(lead))
				t = f;
			if (!t || t == s)
				continue;
			size_t start = (size_t)(t - s), from = start + strlen(lead);
			if (pictured_source(s + from, n - from) && !role_at(s, n, 0) &&
			    is_delimiter(cp_before(s, start, NULL))) {
				*at = start;
				return 1;
			}
		}
	}
	/* Stock credits: 资料图片, 新华社发. */
	for (size_t k = 0; stock_credits[k]; k++)
		if (has_suffix(s, n, stock_credits[k])) {
			size_t start = n - strlen(stock_credits[k]);
			uint32_t b = cp_before(s, start, NULL);
			if (is_delimiter(b) || b == 0) {
				*at = start;
				return 1;
			}
		}
	/* A web page's credit after the caption's last sentence: `… on
	 * Tuesday. Scott Olson/Getty Images`, `… New York. Photo: X/Reuters`. */
	for (size_t i = n; i-- > 2 && n - i <= WEB_CREDIT_MAX_BYTES;)
		if (s[i - 1] == ' ' && (s[i - 2] == '.' || s[i - 2] == '"') &&
		    web_credit_line(s + i, n - i)) {
			*at = i;
			return 1;
		}
	/* 受访者供图: the word ending in 供图 (a portal may run its own name
	 * on after it: `沙坪坝区公安分局供图华龙网发`). */
	size_t supplied_end = n;
	for (size_t k = 0; k < 2; k++) {
		const char *t = NULL;
		for (const char *f = s; (f = memmem(f, n - (size_t)(f - s), supplied_credits[k],
		                                    strlen(supplied_credits[k]))) != NULL; f += 3)
			t = f;
		size_t e = t ? (size_t)(t - s) + strlen(supplied_credits[k]) : n;
		if (t && e < n && docconv_utf8_count(s + e, n - e) <= SUPPLIED_TAIL_MAX_CHARS &&
		    !article_ends_sentence(s + e, n - e) && !memchr(s + e, ' ', n - e))
			supplied_end = e;
	}
	for (size_t k = 0; supplied_credits[k]; k++)
		if (has_suffix(s, supplied_end, supplied_credits[k])) {
			size_t start = supplied_end - strlen(supplied_credits[k]);
			while (start > 0) {
				uint32_t cp = cp_before(s, start, &l);
				if (is_delimiter(cp))
					break;
				start = l;
			}
			/* 提供 alone is a common verb: inline only after a
			 * sentence, and for those who supply pictures. */
			if (docconv_utf8_count(s + start, supplied_end - start) <= 10 &&
			    (k < 2 || start == 0 ||
			     (is_stop(cp_before(s, start, NULL)) &&
			      supplier(s + start, supplied_end - start - strlen(supplied_credits[k]))))) {
				*at = start;
				return 1;
			}
		}
	/* 翻攝自臉書, 翻攝畫面: a picture taken from a screen or a page. */
	{
		static const char *const taken[] = { "翻攝", "翻摄", NULL };
		for (size_t k = 0; taken[k]; k++) {
			const char *t = memmem(s, n, taken[k], strlen(taken[k]));
			if (t && docconv_utf8_count(t, n - (size_t)(t - s)) <= 12 &&
			    (t == s || is_stop(cp_before(s, (size_t)(t - s), NULL)) ||
			     cp_before(s, (size_t)(t - s), NULL) == 0xFF08 ||
			     cp_before(s, (size_t)(t - s), NULL) == '(')) {
				size_t start = (size_t)(t - s);
				uint32_t b = cp_before(s, start, &l);
				if (b == 0xFF08 || b == '(')
					start = l;
				*at = start;
				return 1;
			}
		}
	}
	/* 摄 credits, and those a source in brackets follows (`马怀刚摄（影像
	 * 中国）`, `任　超摄（新华社发）`). */
	size_t shot_end = n;
	if (has_suffix(s, n, "\xEF\xBC\x89"))   /* ） */
		for (size_t i = n - 3; i-- > 0 && n - i <= SHOT_SOURCE_MAX_BYTES;)
			if (memcmp(s + i, "\xEF\xBC\x88", 3) == 0) {   /* （ */
				if (!article_ends_sentence(s + i + 3, n - i - 6))
					shot_end = i;
				break;
			}
	return shot_credit_ending(s, shot_end, at);
}

/* --- bylines ---------------------------------------------------------- */

/* The words a report is signed with (mainland, Taiwan, Hong Kong). */
static const char *const report_words[] = { "报道", "報導", "報道", NULL };

/* The length of the report word at s[i..), or 0. */
static size_t report_word_at(const char *s, size_t n, size_t i)
{
	for (size_t k = 0; report_words[k]; k++)
		if (has_prefix(s + i, n - i, report_words[k]))
			return strlen(report_words[k]);
	return 0;
}

/* Whether a report word stands anywhere in s[0..n). */
static int has_report_word(const char *s, size_t n)
{
	for (size_t k = 0; report_words[k]; k++)
		if (memmem(s, n, report_words[k], strlen(report_words[k])))
			return 1;
	return 0;
}

/* `記者王小明／台北報導`: a role, a name, a slash, a place, 報導. */
static int byline_report(const char *s, size_t n, size_t rl)
{
	static const char *const reports[] = {
		"報導", "報道", "报道", "電", "电", "專電", "专电", NULL
	};
	const char *slash = NULL;
	for (size_t i = rl; i + 3 <= n; i++)
		if (memcmp(s + i, "／", 3) == 0 || memcmp(s + i, "╱", 3) == 0 ||
		    s[i] == '/') {
			slash = s + i;
			break;
		}
	if (!slash)
		return 0;
	size_t name_len = (size_t)(slash - s) - rl;
	if (!is_name_list(s + rl, name_len, 0))
		return 0;
	for (size_t i = 0; reports[i]; i++)
		if (has_suffix(s, n, reports[i]))
			return docconv_utf8_count(s, n) <= 30;
	return 0;
}

/* Marks a wire feed or an OCR'd bracket puts around a byline: `^By X=`,
 * `[By X]`, `|{By X`, `(By X)`. */
static void strip_wire_marks(const char **s, size_t *n)
{
	while (*n && strchr("^[{(|", (*s)[0]) && (*s)[0] != '\0') {
		(*s)++;
		(*n)--;
	}
	while (*n && strchr("=<]})|.,", (*s)[*n - 1]) && (*s)[*n - 1] != '\0')
		(*n)--;
	article_trim(s, n);
}

/* Words that tell a staff or agency line: `PAUL QUEARY, Associated Press
 * writer`, `Clarion-Ledger Staff Writer`, `AP Sports Writer`, `Special to
 * The Tribune`. */
static int staff_line(const char *s, size_t n)
{
	static const char *const words[] = {
		"Staff Writer", "STAFF WRITER", "Staff writer", "Press writer",
		"Press Writer", "Sports Writer", "Correspondent", "Special to ",
		"Associated Press", "United Press", "Wire Service", NULL
	};
	if (n > 70 || memmem(s, n, ". ", 2))
		return 0;
	/* A sentence naming the agency has verbs and small words. */
	size_t small = 0;
	for (size_t i = 0; i < n; i++)
		if ((i == 0 || s[i - 1] == ' ') && s[i] >= 'a' && s[i] <= 'z')
			small++;
	if (small > 2)
		return 0;
	for (size_t k = 0; words[k]; k++)
		if (memmem(s, n, words[k], strlen(words[k])))
			return 1;
	/* A name, a comma and the writer's post: `Steve Peoples, AP National
	 * Political Writer`, `Caroline Hawley, BBC diplomatic correspondent`. */
	static const char *const posts[] = {
		" Writer", " writer", " Correspondent", " correspondent", " Reporter",
		" reporter", " Editor", " editor", NULL
	};
	const char *comma = memchr(s, ',', n);
	for (size_t k = 0; comma && posts[k]; k++)
		if (has_suffix(s, n, posts[k]) && is_latin_name(s, (size_t)(comma - s)))
			return 1;
	return 0;
}

/* How long the words before a byline's names are, after any dashes a
 * closing byline opens with: `By `, `--Compiled by `; 0 when none. */
static size_t by_words(const char *s, size_t n)
{
	static const char *const leads[] = {
		"By ", "BY ", "Bv ",   /* OCR's By */
		"Compiled by ", "Written by ", "Reported by ", "Story by ",
		"Text by ", "Words by ", NULL
	};
	size_t d = 0;
	while (d < n && d < 3 && (s[d] == '-' || s[d] == ' '))
		d++;
	if (has_prefix(s + d, n - d, "\xE2\x80\x94"))
		d += 3;
	for (size_t k = 0; leads[k]; k++)
		if (has_prefix(s + d, n - d, leads[k]))
			return d + strlen(leads[k]);
	return 0;
}

/* `From staff and wire reports`, `Staff reports`, `From news services`: a
 * paper's desk signs, naming no one (a byline with no author). */
static int desk_reports(const char *s, size_t n)
{
	static const char *const signs[] = {
		"staff and wire reports", "staff reports", "wire reports",
		"staff and wire services", "wire services", "news services",
		"staff and news services", NULL
	};
	article_trim(&s, &n);
	while (n > 0 && s[n - 1] == '.')
		n--;
	if (has_prefix_ci(s, n, "From ")) {
		s += strlen("From ");
		n -= strlen("From ");
	}
	for (size_t k = 0; signs[k]; k++)
		if (n == strlen(signs[k]) && has_prefix_ci(s, n, signs[k]))
			return 1;
	return 0;
}

static int latin_byline(const char *s, size_t n)
{
	strip_wire_marks(&s, &n);
	if (desk_reports(s, n))
		return 1;
	size_t skip = by_words(s, n);
	if (!skip)
		return n > 3 && s[0] >= 'A' && s[0] <= 'Z' && staff_line(s, n);
	if (n > 90 || skip >= n || !(s[skip] >= 'A' && s[skip] <= 'Z'))
		return 0;
	/* `By X / x@paper.com`, `By X, dpa`: the name comes first. */
	const char *slash = memchr(s, '/', n);
	if (slash && memchr(slash, '@', n - (size_t)(slash - s)))
		n = (size_t)(slash - s);
	/* A sentence that starts with "By" ("By the time...") has lowercase
	 * words; a byline has names and few small words. */
	size_t words = 0, small = 0;
	for (size_t i = skip; i < n;) {
		while (i < n && s[i] == ' ')
			i++;
		if (i >= n)
			break;
		size_t w = i;
		while (i < n && s[i] != ' ')
			i++;
		words++;
		if (s[w] >= 'a' && s[w] <= 'z') {
			static const char *const ok[] = { "and", "of", "the", "de",
				"van", "von", "da", "del", "in", "dpa", "staff", "special",
				NULL };
			int fine = 0;
			for (size_t k = 0; ok[k]; k++)
				if (i - w == strlen(ok[k]) &&
				    memcmp(s + w, ok[k], i - w) == 0)
					fine = 1;
			if (!fine)
				return 0;
			small++;
		}
	}
	return words >= 1 && words <= 12 && small <= 3;
}

static int is_desk(const char *s, size_t n);

/* The firms an analyst's or a scholar's column is signed from, by the
 * ends of their names. */
static const char *const institution_ends[] = {
	"证券", "證券", "基金", "期货", "期貨", "银行", "銀行", "研究所",
	"研究院", "研究中心", "大学", "大學", "学院", "學院", "公司", "集团",
	"集團", "投顾", "投顧", "资本", "資本", "资管", "資管", NULL
};

/* The field labels of a crawler's or a CMS's export, each before a colon:
 * `标题：`, `Time:`. */
static const struct {
	const char *word;
	article_field field;
} field_labels[] = {
	{ "标题", FIELD_TITLE }, { "標題", FIELD_TITLE }, { "Title", FIELD_TITLE },
	{ "Titile", FIELD_TITLE }, { "Headline", FIELD_TITLE },
	{ "作者", FIELD_AUTHOR }, { "Author", FIELD_AUTHOR },
	{ "发布时间", FIELD_DATE }, { "發布時間", FIELD_DATE }, { "更新时间", FIELD_DATE },
	{ "更新時間", FIELD_DATE }, { "发稿时间", FIELD_DATE }, { "發稿時間", FIELD_DATE },
	{ "发布日期", FIELD_DATE }, { "發布日期", FIELD_DATE }, { "出版日期", FIELD_DATE },
	{ "刊出日期", FIELD_DATE }, { "时间", FIELD_DATE },
	{ "時間", FIELD_DATE }, { "日期", FIELD_DATE }, { "Time", FIELD_DATE },
	{ "Date", FIELD_DATE }, { "来源", FIELD_SOURCE }, { "來源", FIELD_SOURCE },
	{ "Source", FIELD_SOURCE }, { "内容", FIELD_BODY }, { "內容", FIELD_BODY },
	{ "正文", FIELD_BODY }, { "內文", FIELD_BODY }, { "Content", FIELD_BODY },
	{ "图片说明", FIELD_BODY }, { "圖片說明", FIELD_BODY }, { "图片", FIELD_BODY },
	{ "圖片", FIELD_BODY }, { "新闻", FIELD_BODY },
	{ "新聞", FIELD_BODY }, { NULL, FIELD_NONE }
};

/* Whether s is a field label's word (`时间`): never a name. */
static int is_field_word(const char *s, size_t n)
{
	for (size_t k = 0; field_labels[k].word; k++)
		if (n == strlen(field_labels[k].word) && memcmp(s, field_labels[k].word, n) == 0)
			return 1;
	return 0;
}

article_field article_match_field(const char *s, size_t n, int *alone)
{
	*alone = 0;
	for (size_t k = 0; field_labels[k].word; k++) {
		size_t wl = strlen(field_labels[k].word), i = wl, colons = 0;
		if (!has_prefix(s, n, field_labels[k].word))
			continue;
		while (i < n) {
			if (has_prefix(s + i, n - i, "\xEF\xBC\x9A"))
				i += 3;
			else if (s[i] == ':')
				i++;
			else
				break;
			colons++;
		}
		if (!colons)
			continue;
		while (i < n && s[i] == ' ')
			i++;
		*alone = i >= n;
		return field_labels[k].field;
	}
	return FIELD_NONE;
}

int article_is_paper_short_name(const char *s, size_t n)
{
	static const char *const names[] = {
		"中時", "工商", "聯合", "自由", "蘋果", "經濟", NULL
	};
	return is_word_of(s, n, names);
}

/* --- mastheads --------------------------------------------------------- */

/* Longest masthead line, in bytes: a paper's name and a date. */
#define MASTHEAD_MAX 64
/* Most words in a paper's name before its last (`Greensboro News &`). */
#define MASTHEAD_MAX_WORDS 5

/* The words an English paper's or a wire's name ends in: first those
 * that name little else, then those a headline may end in too (`Good
 * News`, `Rising Star`). */
static const char *const paper_words[] = {
	"Times", "Herald", "Tribune", "Journal", "Ledger", "Gazette",
	"Chronicle", "Examiner", "Courier", "Wire", "Newswire", "Dispatch",
	"Telegraph", "Inquirer", "Enquirer", "Sentinel", "Telegram",
	"Advertiser", "Statesman", "Constitution", "Picayune", NULL
};
static const char *const paper_words_too[] = {
	"Post", "News", "Record", "Star", "Sun", "Observer", "Press",
	"Bulletin", "Register", "Guardian", "Independent", "Republic",
	"Republican", "Democrat", "Standard", "Mail", "Leader", "Citizen",
	"Globe", "Monitor", NULL
};

/* 2 when s[0..n) is one of paper_words, 1 when one of paper_words_too. */
static int paper_word(const char *s, size_t n)
{
	return is_word_of_caps(s, n, paper_words) ? 2 : is_word_of_caps(s, n, paper_words_too);
}

/* The words a Chinese paper's name ends in. */
static const char *const cjk_paper_ends[] = {
	"日报", "晚报", "时报", "早报", "晨报", "商报", "都市报", "青年报",
	"日報", "晚報", "時報", "早報", "晨報", "商報", NULL
};

/* A month's name or its abbreviation, a stop or a comma after it. */
static int is_month_word(const char *s, size_t n)
{
	static const char *const abbreviations[] = {
		"Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept", "Sep",
		"Oct", "Nov", "Dec", NULL
	};
	while (n && (s[n - 1] == '.' || s[n - 1] == ','))
		n--;
	return is_word_of_caps(s, n, month_names) || is_word_of_caps(s, n, abbreviations);
}

/* A date after a paper's name: `January 8, 2002`, `Tuesday, June 11,
 * 2002`, `2003年1月1日 第4版`: digits, a month, a weekday, an edition. */
static int masthead_date(const char *s, size_t n)
{
	size_t digits = 0, month = 0;
	for (size_t i = 0; i < n;) {
		while (i < n && (s[i] == ' ' || s[i] == ','))
			i++;
		size_t w = i;
		while (i < n && s[i] != ' ' && s[i] != ',')
			i++;
		if (i == w)
			break;
		size_t d = 0;
		for (size_t k = w; k < i; k++)
			d += s[k] >= '0' && s[k] <= '9';
		if (is_month_word(s + w, i - w) || contains(s + w, i - w, "月"))
			month++;
		else if (d == 0 && !has_suffix(s + w, i - w, "day") && !has_suffix(s + w, i - w, "DAY") &&
		         !has_suffix(s + w, i - w, "版") && !contains(s + w, i - w, "星期"))
			return 0;
		digits += d;
	}
	return digits > 0 && month > 0;
}

static int is_cjk_digit(uint32_t cp);

/* An e-paper's page label heading the text: `第2版(要闻·体育)`,
 * `第A05版：要闻`: 第, the page's number or letters, 版, then its name. */
static int page_label(const char *s, size_t n)
{
	if (!has_prefix(s, n, "第"))
		return 0;
	size_t i = strlen("第"), l, marks = 0;
	while (i < n && marks < 6) {
		uint32_t c = article_cp_at(s, n, i, &l);
		if (!(is_cjk_digit(c) || (c >= 'A' && c <= 'Z') || c == 0x96F6))
			break;
		i += l;
		marks++;
	}
	if (!marks || !has_prefix(s + i, n - i, "版"))
		return 0;
	i += strlen("版");
	if (i == n)
		return 1;
	uint32_t c = article_cp_at(s, n, i, &l);
	return c == '(' || c == 0xFF08 || c == 0xFF1A || c == ':' || c == ' ' || c == 0x3000;
}

int article_match_weather_head(const char *s, size_t n)
{
	static const char *const heads[] = {
		"THEWEATHER", "WEATHER", "WEATHERFORECAST", "THEWEATHERFORECAST",
		"WEATHERREPORT", NULL
	};
	char letters[24];
	size_t len = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (c >= 'A' && c <= 'Z') {
			if (len + 1 >= sizeof letters)
				return 0;
			letters[len++] = c;
		} else if (c != ' ' && c != '.' && c != ':') {
			return 0;
		}
	}
	letters[len] = '\0';
	for (size_t k = 0; heads[k]; k++)
		if (strcmp(letters, heads[k]) == 0)
			return 1;
	return 0;
}

int article_match_masthead(const char *s, size_t n)
{
	if (n == 0 || n > MASTHEAD_MAX)
		return 0;
	if (page_label(s, n))
		return 2;
	/* a Chinese paper: its name, maybe a date and a page after a space */
	size_t name_end = 0;
	while (name_end < n && s[name_end] != ' ')
		name_end++;
	for (size_t k = 0; cjk_paper_ends[k]; k++)
		if (has_suffix(s, name_end, cjk_paper_ends[k]) &&
		    name_end <= 3 * 8 && (s[0] & 0x80))
			return name_end == n || masthead_date(s + name_end, n - name_end) ? 2 : 0;
	/* an English one: `The`, capitalised words (`&` and `-` between them)
	 * ending in a paper's word, maybe a date */
	size_t i = 0, words = 0;
	int last_paper = 0;
	while (i < n) {
		while (i < n && s[i] == ' ')
			i++;
		size_t w = i;
		while (i < n && s[i] != ' ')
			i++;
		if (i == w)
			break;
		/* a date after the name: a month, a day, a weekday */
		if (words && last_paper &&
		    (is_month_word(s + w, i - w) || (s[w] >= '0' && s[w] <= '9') ||
		     has_suffix(s + w, i - w, "day,") || has_suffix(s + w, i - w, "DAY,") ||
		     has_suffix(s + w, i - w, "DAY")))
			return masthead_date(s + w, n - w) ? 2 : 0;
		if (i - w == 1 && s[w] == '&') {
			last_paper = 0;
			continue;
		}
		if (!(s[w] >= 'A' && s[w] <= 'Z') || ++words > MASTHEAD_MAX_WORDS)
			return 0;
		/* a comma after the paper's name, before its date
		 * (`THE WESTBURY GAZETTE, SATURDAY, …`) */
		size_t e = s[i - 1] == ',' && i - w > 1 ? i - 1 : i;
		for (size_t k = w; k < e; k++)
			if (!((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z') ||
			      s[k] == '-' || s[k] == '\'' || s[k] == '.'))
				return 0;
		size_t b = w;
		for (size_t k = w; k < e; k++)
			if (s[k] == '-')
				b = k + 1;
		last_paper = paper_word(s + b, e - b);
		if (e < i && !last_paper)
			return 0;
	}
	/* a name alone: two words at least (`Business Wire`) */
	return words >= 2 ? last_paper : 0;
}

static int is_institution(const char *s, size_t n)
{
	for (size_t k = 0; institution_ends[k]; k++)
		if (has_suffix(s, n, institution_ends[k]))
			return 1;
	return 0;
}

/* Posts a speaker's or an official writer's byline gives before the
 * name (`国务院副总理　李　明`, `中共中央总书记、国家主席　江泽民`). */
static const char *const official_posts[] = {
	"书记", "書記", "主席", "总理", "總理", "委员长", "委員長", "国务委员",
	"國務委員", "秘书长", "秘書長", "部长", "部長", "省长", "省長", "市长",
	"市長", "县长", "縣長", "主任", "院长", "院長", "校长", "校長", "会长",
	"會長", "董事长", "董事長", "总经理", "總經理", "局长", "局長", "厅长",
	"廳長", "大使", "总统", "總統", "发言人", "發言人", "司令员", "司令員",
	NULL
};

/* A name that is a person's: not a desk, a firm, a paper, a field's
 * word, a place that reports (`台北報導`), the paper's own dateline word
 * (`本报讯`, `本報訊`), nor a post (`国家主席`). */
static int is_person_name(const char *s, size_t n)
{
	/* Ends no name has: a report (报道), a dateline word (讯), a paper,
	 * a site, an agency. */
	static const char *const not_name_ends[] = {
		"报道", "報導", "報道", "报导", "讯", "訊", "报", "報", "网", "網", "社",
		"刊", NULL
	};
	if (names_no_one(s, n))
		return 0;
	if (!is_cjk_name(s, n) || is_desk(s, n) || has_prefix(s, n, "本报") ||
	    has_prefix(s, n, "本報") || is_institution(s, n) ||
	    article_is_paper_short_name(s, n) || is_field_word(s, n))
		return 0;
	for (size_t k = 0; not_name_ends[k]; k++)
		if (has_suffix(s, n, not_name_ends[k]))
			return 0;
	for (size_t k = 0; official_posts[k]; k++)   /* 国家主席 */
		if (has_suffix(s, n, official_posts[k]))
			return 0;
	return 1;
}

/* `塞尔吉奥/任语之`: two or three names parted by slashes (a writer and
 * an editor, as portals sign); not a desk and a place (`突發中心／台北報導`). */
static int slashed_names(const char *s, size_t n)
{
	size_t names = 0, i = 0, l;
	while (i <= n) {
		size_t start = i;
		while (i < n) {
			uint32_t c = article_cp_at(s, n, i, &l);
			if (c == '/' || c == 0xFF0F)
				break;
			i += l;
		}
		if (!is_person_name(s + start, i - start))
			return 0;
		names++;
		if (i >= n)
			break;
		article_cp_at(s, n, i, &l);
		i += l;
	}
	return names >= 2 && names <= 3;
}

/* `本报记者康健发自上海`: a role, names, 发自 and a place. */
static int sent_from(const char *s, size_t n, size_t rl)
{
	const char *from = memmem(s + rl, n - rl, "发自", strlen("发自"));
	if (!from)
		from = memmem(s + rl, n - rl, "發自", strlen("發自"));
	return from && is_name_list(s + rl, (size_t)(from - s) - rl, 0) &&
	       docconv_utf8_count(from, n - (size_t)(from - s)) <= 8;
}

/* Whether every word of s[0..n) is a role (`本报记者`) or a person's name,
 * counting each kind. */
static int roles_and_names(const char *s, size_t n, size_t *names,
                           size_t *roles_seen)
{
	size_t i = 0, l;
	*names = *roles_seen = 0;
	while (i < n) {
		while (i < n && is_name_separator(article_cp_at(s, n, i, &l)))
			i += l;
		if (i >= n)
			break;
		size_t r = role_at(s, n, i);
		if (r) {
			i += r;
			(*roles_seen)++;
			continue;
		}
		size_t padded = padded_name_end(s, n, i);
		if (padded && *roles_seen) {   /* 本报记者　贺　勇 */
			i = padded;
			(*names)++;
			continue;
		}
		size_t start = i;
		while (i < n && !is_name_separator(article_cp_at(s, n, i, &l)) &&
		       !role_at(s, n, i))
			i += l;
		/* the report word closing the line, a word of its own
		 * (`記者 陳大文 報道`) */
		if (i == n && *names && is_word_of(s + start, i - start, report_words))
			break;
		if (!is_person_name(s + start, i - start))
			return 0;
		(*names)++;
	}
	return 1;
}

/* `张连军　熊言春　本报特约通讯员　韩光`: names before a role, then more:
 * every word a name or a role, one role at least. */
static int names_then_role(const char *s, size_t n)
{
	size_t names, roles_seen;
	return roles_and_names(s, n, &names, &roles_seen) && names >= 2 &&
	       roles_seen >= 1;
}

/* The commonest Chinese surnames (simplified and traditional forms), which
 * open a name standing alone on a line. */
static const char *const surnames[] = {
	"王", "李", "张", "張", "刘", "劉", "陈", "陳", "杨", "楊", "赵", "趙",
	"吴", "吳", "孙", "孫", "徐", "胡", "朱", "郭", "罗", "羅", "郑", "鄭",
	"梁", "谢", "謝", "宋", "唐", "许", "許", "韩", "韓", "冯", "馮", "邓",
	"鄧", "曹", "彭", "曾", "萧", "蕭", "肖", "董", "袁", "潘", "蒋", "蔣",
	"蔡", "杜", "程", "苏", "蘇", "魏", "吕", "呂", "丁", "沈", "姚", "卢",
	"盧", "姜", "崔", "钟", "鍾", "谭", "譚", "汪", "范", "廖", "贾", "賈",
	"韦", "韋", "邹", "鄒", "孟", "熊", "秦", "邱", "尹", "薛", "闫", "段",
	"雷", "侯", "史", "陶", "黎", "贺", "賀", "顾", "顧", "郝", "龚", "龔",
	"邵", "严", "嚴", "覃", "戴", "莫", "孔", "汤", "湯", "欧阳", "歐陽",
	"司马", "司馬", "诸葛", "諸葛", "上官", "令狐", NULL
};

/* `王建国` alone on its line: a writer's name, two or three characters
 * after a common surname (a lone line of the title block, or a
 * commentary's signature). */
static int lone_name(const char *s, size_t n)
{
	size_t chars = docconv_utf8_count(s, n);
	if (!is_person_name(s, n) || chars < 2 || chars > 4)
		return 0;
	for (size_t k = 0; surnames[k]; k++) {
		size_t sl = strlen(surnames[k]);
		size_t rest = chars - docconv_utf8_count(surnames[k], sl);
		if (has_prefix(s, n, surnames[k]) && rest >= 1 && rest <= 2)
			return 1;
	}
	return 0;
}

/* Longest institution name taken before the writer's name, in characters. */
#define INSTITUTION_MAX_CHARS 16

/* `信达证券　刘景德`: a firm, white space, its writer's names (a market
 * column's or an expert's byline). */
static int institution_then_names(const char *s, size_t n)
{
	size_t i = 0, l, chars = 0;
	while (i < n && docconv_is_cjk_letter(article_cp_at(s, n, i, &l))) {
		i += l;
		chars++;
	}
	if (chars < 3 || chars > INSTITUTION_MAX_CHARS || i >= n ||
	    !docconv_is_space(article_cp_at(s, n, i, &l)))
		return 0;
	return is_institution(s, i) && is_name_list(s + i, n - i, 0);
}

/* Letters of the posts before an official's name at most. */
#define OFFICIAL_POSTS_MAX_CHARS 20

/* `国务院副总理　李　明`, `中共中央总书记、国家主席　江泽民`: posts (letters
 * and 、, the last a post an official holds), white space, the name. */
static int official_then_name(const char *s, size_t n)
{
	size_t i = 0, l, chars = 0;
	while (i < n) {
		uint32_t c = article_cp_at(s, n, i, &l);
		if (!docconv_is_cjk_letter(c) && c != 0x3001)
			break;
		i += l;
		chars++;
	}
	if (chars < 3 || chars > OFFICIAL_POSTS_MAX_CHARS || i >= n ||
	    !docconv_is_space(article_cp_at(s, n, i, &l)))
		return 0;
	int post = 0;
	for (size_t k = 0; official_posts[k] && !post; k++)
		post = has_suffix(s, i, official_posts[k]);
	if (!post)
		return 0;
	const char *name = s + i;
	size_t nl = n - i;
	article_trim(&name, &nl);
	size_t padded = padded_name_end(name, nl, 0);
	size_t letters = docconv_utf8_count(name, nl);
	return padded ? padded == nl
	              : letters >= 2 && letters <= 4 && is_person_name(name, nl);
}

/* Letters of the paper or agency a commentator signs for at most
 * (`人民日报`, `新华社`, `中国青年报`). */
#define COMMENTATOR_PAPER_MAX_LETTERS 6

/* `本报评论员`, `人民日报评论员`, `新华社特约评论员`: a commentary signed by
 * its paper's commentator, who has no name of their own; a byline that
 * names no author. */
static int commentator(const char *s, size_t n)
{
	static const char *const posts[] = { "评论员", "評論員", NULL };
	static const char *const guest[] = { "特约", "特約", NULL };
	size_t i = 0, l, letters = 0;
	article_trim(&s, &n);
	if (has_prefix(s, n, "本报") || has_prefix(s, n, "本報") || has_prefix(s, n, "本刊")) {
		i = strlen("本报");
	} else {
		/* a paper's name ends in 报 or 報, an agency's in 社 */
		int named = 0;
		while (!named && i < n && letters < COMMENTATOR_PAPER_MAX_LETTERS) {
			uint32_t c = article_cp_at(s, n, i, &l);
			if (!docconv_is_cjk_letter(c))
				return 0;
			i += l;
			letters++;
			named = letters >= 2 && (c == 0x62A5 || c == 0x5831 || c == 0x793E);
		}
		if (!named)
			return 0;
	}
	for (size_t k = 0; guest[k]; k++)
		if (has_prefix(s + i, n - i, guest[k]))
			i += strlen(guest[k]);
	for (size_t k = 0; posts[k]; k++)
		if (i + strlen(posts[k]) == n && has_prefix(s + i, n - i, posts[k]))
			return 1;
	return 0;
}

int article_match_byline(const char *s, size_t n, size_t *text_at)
{
	size_t l;
	*text_at = 0;
	if (n == 0)
		return 0;
	uint32_t first = article_cp_at(s, n, 0, &l);
	/* □ ■, and ◎ before a reporter's role (`◎本报记者 X`; before other
	 * words it marks an info box's item) */
	if (first == 0x25A1 || first == 0x25A0 ||
	    (first == 0x25CE && role_at(s, n, l))) {
		size_t i = l;
		while (i < n && docconv_is_space(article_cp_at(s, n, i, &l)))
			i += l;
		size_t rl = role_at(s, n, i);
		if (i < n && docconv_utf8_count(s + i, n - i) <= 30 &&
		    !article_ends_sentence(s, n) &&
		    (is_name_list(s + i + rl, n - i - rl, rl > 0) ||
		     byline_report(s + i, n - i, rl))) {
			/* □ and ■ are the page's layout, dropped; ◎ is kept */
			*text_at = first == 0x25CE ? 0 : i;
			return 1;
		}
		return 0;
	}
	if (latin_byline(s, n))
		return 1;
	/* （本报记者 张三） closing an article, 【記者X╱台北報導】 or
	 * 〔記者X／台北報導〕 opening one. */
	if ((first == 0xFF08 || first == '(' || first == 0x3010 || first == '[' ||
	     first == 0x3014) &&
	    n > l) {
		size_t cl;
		uint32_t last = docconv_utf8_last(s, n, &cl);
		int closed = last == 0xFF09 || last == ')' || last == 0x3011 || last == ']' ||
		             last == 0x3015;
		if (closed && !role_at(s, n, l) && (byline_report(s + l, n - l - cl, 0) ||
		                                    slashed_names(s + l, n - l - cl)))
			return 1;   /* （突發中心／台北報導）, (塞尔吉奥/任语之) */
		if (closed && role_at(s, n, l)) {
			size_t inner_at;
			return article_match_byline(s + l, n - l - cl, &inner_at) &&
			       inner_at == 0;
		}
	}
	size_t rl = role_at(s, n, 0);
	if (docconv_utf8_count(s, n) > 30)
		return 0;
	/* A desk or a name and where it reports from, no role before
	 * (`生活中心／台北報導`). */
	if (!rl)
		return names_then_role(s, n) || institution_then_names(s, n) ||
		       lone_name(s, n) || byline_report(s, n, 0) || commentator(s, n) ||
		       official_then_name(s, n);
	if (byline_report(s, n, rl) || sent_from(s, n, rl))
		return 1;
	/* 本报记者 张三 李四 通讯员 王五: roles and names only. */
	size_t names, roles_seen;
	return roles_and_names(s, n, &names, &roles_seen) && names > 0;
}

/* `CNN`, `BBC`: one word of two to five capitals after the writers'
 * names is their organisation. */
static int is_organisation(const char *s, size_t n)
{
	article_trim(&s, &n);
	if (n < 2 || n > 5)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < 'A' || s[i] > 'Z')
			return 0;
	return 1;
}

/* Words in a byline that are not a person: agencies and job titles. */
static int is_agency_phrase(const char *s, size_t n)
{
	static const char *const words[] = {
		"Press", "Correspondent", "Writer", "Staff", "Reuters", "Editor",
		"Reporter", "Bureau", "News", "Times", "Post", NULL
	};
	for (size_t i = 0; words[i]; i++)
		if (contains(s, n, words[i]))
			return 1;
	return 0;
}

static int add_name(docconv_buf *names, const char *s, size_t n)
{
	article_trim(&s, &n);
	if (!n)
		return 0;
	/* All capitals (BY JANE DOE) read better as Jane Doe in metadata. */
	int all_upper = 1;
	for (size_t i = 0; i < n; i++)
		if (s[i] >= 'a' && s[i] <= 'z')
			all_upper = 0;
	size_t start = names->len;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		int word_start = i == 0 || s[i - 1] == ' ' || s[i - 1] == '-';
		if (all_upper && !word_start && c >= 'A' && c <= 'Z' &&
		    !(i >= 2 && s[i - 2] == 'M' && s[i - 1] == 'c'))
			c = (char)(c - 'A' + 'a');
		if (docconv_buf_putc(names, c))
			return -1;
	}
	(void)start;
	return docconv_buf_putc(names, '\0') ? -1 : 1;
}

/* A desk or an office signs like a name (`突發中心／台北報導`), but is
 * none. */
static int is_desk(const char *s, size_t n)
{
	static const char *const ends[] = {
		"中心", "小组", "小組", "部", "室", "社", "台", "局", "处", "處", "组",
		"組", NULL
	};
	for (size_t k = 0; ends[k]; k++)
		if (has_suffix(s, n, ends[k]))
			return 1;
	return 0;
}

/* Letters of a name and a place run together before an agency's day
 * (`王小明台北5日電`) at least: a name of two and a place of two. */
#define DATELINE_NAME_PLACE_MIN 4

/* `By United Press` (OCR's `United. Press`, `United Tress` too), `By The
 * Associated Press`, `By Reuters`: a wire signs, and names no author. */
static int wire_signs(const char *s, size_t n)
{
	static const char *const leads[] = {
		"United ", "United.", "The Associated Press", "Associated Press",
		"International News Service", NULL
	};
	static const char *const whole[] = { "Reuters", "AP", "AFP", "Bloomberg", NULL };
	article_trim(&s, &n);
	while (n > 0 && (s[n - 1] == '.' || s[n - 1] == ']' || s[n - 1] == ')'))
		n--;
	for (size_t k = 0; leads[k]; k++)
		if (has_prefix(s, n, leads[k]))
			return 1;
	return is_word_of(s, n, whole) || desk_reports(s, n);
}

size_t article_byline_authors(const char *s, size_t n, docconv_buf *names)
{
	size_t count = 0, l;
	article_trim(&s, &n);
	uint32_t first = article_cp_at(s, n, 0, &l);
	if (first == 0x25A1 || first == 0x25A0 || first == 0x25CE) {
		s += l;
		n -= l;
		article_trim(&s, &n);
	}
	/* Latin: By A, B and C[, Agency], within the marks a wire feed or an
	 * OCR'd page puts around it (`^By X=`, `[By X]`, `|{By X`) */
	const char *bare = s;
	size_t bare_n = n;
	strip_wire_marks(&bare, &bare_n);
	size_t skip = by_words(bare, bare_n);
	if (skip) {
		s = bare;
		n = bare_n;
	}
	/* a name and the writer's post: `Steve Peoples, AP National Writer` */
	const char *comma = skip ? NULL : memchr(s, ',', n);
	if (comma && staff_line(s, n) && is_latin_name(s, (size_t)(comma - s))) {
		int r = add_name(names, s, (size_t)(comma - s));
		return r < 0 ? 0 : (size_t)r;
	}
	/* names joined with no By before them: `Pippa Crerar and Jessica Elgot` */
	int ascii = n > 0 && s[0] >= 'A' && s[0] <= 'Z' && memmem(s, n, " and ", 5);
	for (size_t k = 0; ascii && k < n; k++)
		ascii = (unsigned char)s[k] < 0x80;
	if (skip || ascii) {
		s += skip;
		n -= skip;
		if (wire_signs(s, n))
			return 0;
		/* "JANE DOE Associated Press": the agency is not an author. */
		static const char *const agencies[] = {
			" The Associated Press", " Associated Press", " Reuters",
			" United Press", " AP ", " AFP", " Bloomberg", NULL
		};
		for (size_t k = 0; agencies[k]; k++)
			for (size_t i = 1; i - 1 + strlen(agencies[k]) <= n; i++)
				if (memcmp(s + i - 1, agencies[k], strlen(agencies[k])) == 0) {
					n = i - 1;
					break;
				}
		/* a paper in capitals after names in mixed case: `Kevin
		 * Johnson and Kevin McCoy USA TODAY` */
		int lower = 0;   /* a name in mixed case (`Kevin`), not `and` */
		for (size_t i = 1; i < n; i++)
			lower |= s[i] >= 'a' && s[i] <= 'z' && s[i - 1] >= 'A' && s[i - 1] <= 'Z';
		while (lower && n > 0) {
			size_t w = n;
			while (w > 0 && s[w - 1] != ' ')
				w--;
			int caps = n - w >= 2 && w > 0;
			for (size_t i = w; caps && i < n; i++)
				caps = s[i] >= 'A' && s[i] <= 'Z';
			if (!caps)
				break;
			n = w - 1;
		}
		size_t i = 0;
		while (i < n) {
			size_t start = i, end;
			while (i < n && s[i] != ',' && !has_prefix(s + i, n - i, " and ") &&
			       !has_prefix(s + i, n - i, " AND "))
				i++;
			end = i;
			if (i < n)
				i += s[i] == ',' ? 1 : 5;
			if ((!is_agency_phrase(s + start, end - start) || count == 0) &&
			    !(count > 0 && is_organisation(s + start, end - start))) {
				int r = add_name(names, s + start, end - start);
				if (r < 0)
					return count;
				count += (size_t)r;
			}
		}
		return count;
	}
	/* Chinese: roles and names; 記者X／Y報導 keeps X, 记者X、Y报道： both,
	 * (X/Y) both. */
	size_t i = 0;
	int slashes_part_names = 0;
	{
		const char *in = s;
		size_t inl = n, il;
		uint32_t o = article_cp_at(s, n, 0, &il);
		if (o == '(' || o == 0xFF08) {
			in += il;
			inl -= il;
			if (inl && docconv_utf8_last(in, inl, &il))
				inl -= il;
		}
		slashes_part_names = slashed_names(in, inl);
	}
	size_t role_end = SIZE_MAX;   /* where the last role word ended */
	while (i < n) {
		uint32_t cp = article_cp_at(s, n, i, &l);
		if (is_name_separator(cp) || cp == '(' || cp == 0xFF08 ||
		    cp == ')' || cp == 0xFF09 || cp == 0x3010 || cp == 0x3011 ||
		    cp == 0x3014 || cp == 0x3015) {   /* 【】〔〕 */
			i += l;
			continue;
		}
		if ((cp == '/' || cp == 0xFF0F) && slashes_part_names) {
			i += l;
			continue;
		}
		if (cp == '/' || cp == 0xFF0F || cp == 0x2571)
			break;
		size_t r = role_at(s, n, i);
		if (r) {
			i += r;
			role_end = i;
			continue;
		}
		size_t padded = padded_name_end(s, n, i);
		if (padded) {   /* 贺　勇: the name 贺勇 */
			char two[8];
			size_t l1, l2, second = padded;
			article_cp_at(s, n, i, &l1);
			docconv_utf8_last(s, padded, &l2);
			second -= l2;
			if (l1 + l2 <= sizeof two) {
				memcpy(two, s + i, l1);
				memcpy(two + l1, s + second, l2);
				if (is_person_name(two, l1 + l2)) {
					int added = add_name(names, two, l1 + l2);
					if (added < 0)
						return count;
					count += (size_t)added;
				}
			}
			i = padded;
			continue;
		}
		size_t start = i;
		while (i < n) {
			cp = article_cp_at(s, n, i, &l);
			if (is_name_separator(cp) || cp == '/' || cp == 0xFF0F ||
			    cp == 0x2571 || cp == ')' || cp == 0xFF09 || cp == 0xFF1A ||
			    cp == ':' || role_at(s, n, i) ||
			    report_word_at(s, n, i) ||
			    has_prefix(s + i, n - i, "发自") || has_prefix(s + i, n - i, "發自"))
				break;
			i += l;
		}
		if (i == start) {
			/* 发自 a place: the names are all said */
			if (has_prefix(s + i, n - i, "发自") || has_prefix(s + i, n - i, "發自"))
				break;
			/* 报道, a colon: no name here; go on past it */
			i += l;
			continue;
		}
		/* a photographer's name run into 摄 (`（本报记者王刚摄）`) */
		size_t end = i;
		/* an agency's reporter, place and day run together
		 * (`中央社記者王小明台北5日電`): the name is the first three
		 * letters, or two when a place of two follows them; with no
		 * role before them they are an agency's place (`据新华社北京1月
		 * 8日电`) */
		size_t digit = start, letters = 0, dl;
		while (digit < end) {
			uint32_t dc = article_cp_at(s, n, digit, &dl);
			if ((dc >= '0' && dc <= '9') || (dc >= 0xFF10 && dc <= 0xFF19))
				break;
			digit += dl;
			letters++;
		}
		if (digit < end && letters >= DATELINE_NAME_PLACE_MIN && start == role_end &&
		    (memmem(s + digit, end - digit, "電", strlen("電")) ||
		     memmem(s + digit, end - digit, "电", strlen("电")))) {
			size_t keep = letters - 2 < 3 ? letters - 2 : 3, k = 0;
			end = start;
			while (k++ < keep) {
				article_cp_at(s, n, end, &dl);
				end += dl;
			}
		}
		for (size_t k = 0; shot_suffixes[k]; k++)
			if (end - start > strlen(shot_suffixes[k]) &&
			    has_suffix(s + start, end - start, shot_suffixes[k])) {
				end -= strlen(shot_suffixes[k]);
				break;
			}
		if (is_person_name(s + start, end - start)) {
			int r = add_name(names, s + start, end - start);
			if (r < 0)
				return count;
			count += (size_t)r;
		}
	}
	return count;
}

/* --- datelines -------------------------------------------------------- */

static int is_cjk_digit(uint32_t cp)
{
	return (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19) ||
	       cp == 0x4E00 || cp == 0x4E8C || cp == 0x4E09 || cp == 0x56DB ||
	       cp == 0x4E94 || cp == 0x516D || cp == 0x4E03 || cp == 0x516B ||
	       cp == 0x4E5D || cp == 0x5341 || cp == 0x3007;
}

/* Where the words 报道 / 報導 end at s[i..), with a colon after them, or
 * at the end of the text (`colon_optional`); 0 when they do not stand
 * there. */
static size_t report_word_end(const char *s, size_t n, size_t i,
                              int colon_optional)
{
	size_t rw = report_word_at(s, n, i);
	if (!rw)
		return 0;
	i += rw;
	size_t l;
	uint32_t c = article_cp_at(s, n, i, &l);
	if (c == 0xFF1A || c == ':')
		return i + l;
	return colon_optional && i == n ? i : 0;
}

/* The reporters a dateline names before 报道：, `记者X、Y报道：`: an optional
 * role, names, 报道 and a colon. Returns where it ends, 0 when there is
 * none at s[i..). */
static size_t reporters_report(const char *s, size_t n, size_t i,
                               int colon_optional)
{
	size_t l;
	while (i < n && docconv_is_space(article_cp_at(s, n, i, &l)))
		i += l;
	size_t start = i, names = 0;
	for (int k = 0; k < 8 && i < n; k++) {
		size_t r = role_at(s, n, i);
		if (r) {
			i += r;
			continue;
		}
		size_t end = report_word_end(s, n, i, colon_optional);
		if (end)
			return names || start != i ? end : 0;
		size_t w = i;
		while (i < n) {
			uint32_t c = article_cp_at(s, n, i, &l);
			if (is_name_separator(c) || report_word_end(s, n, i, 1) ||
			    !docconv_is_han(c))
				break;
			i += l;
		}
		if (i == w || !is_cjk_name(s + w, i - w))
			return 0;
		names++;
		while (i < n && is_name_separator(article_cp_at(s, n, i, &l)))
			i += l;
	}
	return 0;
}

size_t article_match_reporters(const char *s, size_t n)
{
	return reporters_report(s, n, 0, 0);
}

/* After a Chinese dateline: an optional (记者 X), and the reporters that
 * end in 报道： (`本报北京1月1日讯记者X、Y报道：`). */
static size_t cjk_dateline_tail(const char *s, size_t n, size_t i)
{
	size_t l, j = i;
	/* 新华社北京1月5日电　（记者张明）: spaces may stand before it. */
	while (j < n && docconv_is_space(article_cp_at(s, n, j, &l)))
		j += l;
	uint32_t cp = article_cp_at(s, n, j, &l);
	if ((cp == '(' || cp == 0xFF08) && j + l < n &&
	    (role_at(s, n, j + l) || j == i)) {
		size_t k = j + l, count = 0;
		while (k < n && count < 24) {
			uint32_t c = article_cp_at(s, n, k, &l);
			k += l;
			count++;
			if (c == ')' || c == 0xFF09) {
				i = k;
				break;
			}
		}
	}
	size_t r = reporters_report(s, n, i, 0);
	return r ? r : i;
}

/* A source in brackets opening a report: `（中央社記者X台北15日電）`,
 * `【环球时报综合报道】`; its length, or 0. A reporter's name in 【】 with
 * a slash (`【記者X╱台北報導】`) is a byline, not this. */
static size_t bracketed_source(const char *s, size_t n)
{
	size_t l;
	uint32_t open = article_cp_at(s, n, 0, &l);
	uint32_t close = open == 0xFF08 ? 0xFF09 : open == '(' ? ')'
	                 : open == 0x3010 ? 0x3011 : open == '[' ? ']' : 0;
	if (!close)
		return 0;
	size_t i = l;
	static const char *const ends[] = {
		"電", "电", "讯", "訊", "報導", "報道", "报道", "專電", "专电", NULL
	};
	for (size_t count = 0; i < n && count < 32; count++) {
		size_t at = i;
		uint32_t c = article_cp_at(s, n, i, &l);
		i += l;
		if (c != close)
			continue;
		if (count < 3)
			return 0;
		for (size_t k = 0; ends[k]; k++)
			if (at >= strlen(ends[k]) &&
			    memcmp(s + at - strlen(ends[k]), ends[k], strlen(ends[k])) == 0) {
				for (size_t j = 0; j < at; j++)
					if (s[j] == '/' || memcmp(s + j, "／", 3) == 0 ||
					    memcmp(s + j, "╱", 3) == 0)
						return 0;
				return i;
			}
		return 0;
	}
	return 0;
}

/* 据新华社电, 据新华社北京1月5日电: a report taken from an agency. */
static size_t taken_from(const char *s, size_t n)
{
	if (!has_prefix(s, n, "据") && !has_prefix(s, n, "據"))
		return 0;
	size_t i = strlen("据"), l;
	for (size_t count = 0; i < n && count < 16; count++) {
		uint32_t c = article_cp_at(s, n, i, &l);
		if (is_stop(c) || c == 0xFF0C || c == ',')
			return 0;
		i += l;
		if (c == 0x7535 || c == 0x96FB) {  /* 电 電 */
			size_t nl = 0;
			uint32_t next = i < n ? article_cp_at(s, n, i, &nl) : 0;
			/* (its reporter in brackets: 据新华社拉萨电（记者 X）) */
			return next == 0x3000 || next == ' ' || next == 0xFF1A || i == n ||
			               ((next == 0xFF08 || next == '(') && role_at(s, n, i + nl))
			           ? cjk_dateline_tail(s, n, i) : 0;
		}
	}
	return 0;
}

/* Whether s opens with a news agency's Chinese name. */
static int agency_first(const char *s, size_t n)
{
	static const char *const agencies[] = {
		"中央社", "新华社", "新華社", "中新社", "中新网", "中新網", "法新社",
		"美联社", "美聯社", "路透社", "共同社", "韩联社", "韓聯社", "塔斯社",
		NULL
	};
	for (size_t k = 0; agencies[k]; k++)
		if (has_prefix(s, n, agencies[k]))
			return 1;
	return 0;
}

static size_t cjk_dateline(const char *s, size_t n)
{
	size_t l, i;
	if ((i = bracketed_source(s, n)) || (i = taken_from(s, n)))
		return i;
	/* 本报记者黄涛报道, 《体育天地》记者朱冲报道: a line naming the paper
	 * and its reporters, ending in 报道. */
	if (docconv_utf8_count(s, n) <= 30 && has_report_word(s, n)) {
		for (i = 0; i < n; i += l) {
			article_cp_at(s, n, i, &l);
			size_t r = role_at(s, n, i);
			if (r && (r = reporters_report(s, n, i, 1)) == n)
				return n;
		}
	}
	if (has_prefix(s, n, "本报讯") || has_prefix(s, n, "本報訊"))
		return cjk_dateline_tail(s, n, strlen("本报讯"));
	/* 本报乌海讯, 本報台北訊: the paper, a place, 讯. */
	if (has_prefix(s, n, "本报") || has_prefix(s, n, "本報")) {
		i = strlen("本报");
		for (size_t count = 0; i < n && count < 8; count++) {
			uint32_t cp = article_cp_at(s, n, i, &l);
			if (!docconv_is_han(cp))
				break;
			/* 通讯员, 通訊員: a role, not the dateline's 讯 */
			if ((cp == 0x8BAF || cp == 0x8A0A) &&
			    cp_before(s, i, NULL) == 0x901A)
				break;
			i += l;
			if (cp == 0x8BAF || cp == 0x8A0A)
				return count >= 1 ? cjk_dateline_tail(s, n, i) : 0;
		}
	}
	/* ...M月D日电 / 讯 / 专电 within the first 24 characters. */
	i = 0;
	for (size_t count = 0; i < n && count < 24; count++) {
		uint32_t cp = article_cp_at(s, n, i, &l);
		if (cp == 0x65E5 /* 日 */ && i > 0) {
			size_t sl = 0;
			uint32_t next = article_cp_at(s, n, i + l, &sl);
			/* 消息: a network's news (央广网北京2月13日消息), as a 讯 */
			if (next == 0x6D88 &&
			    article_cp_at(s, n, i + l + sl, NULL) == 0x606F /* 息 */) {
				size_t xl;
				article_cp_at(s, n, i + l + sl, &xl);
				if (contains(s, i, "月"))
					return cjk_dateline_tail(s, n, i + l + sl + xl);
			}
			/* 专电 專電: a special report; its 电 as the dateline's */
			if (next == 0x4E13 || next == 0x5C08) {
				uint32_t after = article_cp_at(s, n, i + l + sl, NULL);
				if (after == 0x7535 || after == 0x96FB) {
					l += sl;
					next = after;
				}
			}
			if ((next == 0x7535 || next == 0x96FB || next == 0x8BAF ||
			     next == 0x8A0A) &&  /* 电 電 讯 訊 */
			    is_cjk_digit(cp_before(s, i, NULL))) {
				size_t nl;
				article_cp_at(s, n, i + l, &nl);
				/* the text before must hold 月, or open with an
				 * agency (CNA dates by the day: 中央社台北5日電) */
				if (!contains(s, i, "月") && !agency_first(s, n))
					break;
				return cjk_dateline_tail(s, n, i + l + nl);
			}
		}
		if (is_stop(cp) || cp == 0xFF0C || cp == ',')
			break;
		i += l;
	}
	/* 新浪体育讯　: a short prefix ending in 讯 then a space. */
	i = 0;
	for (size_t count = 0; i < n && count < 10; count++) {
		uint32_t cp = article_cp_at(s, n, i, &l);
		if (!docconv_is_han(cp))
			return 0;
		i += l;
		if ((cp == 0x8BAF || cp == 0x8A0A) && count >= 2) {
			uint32_t next = article_cp_at(s, n, i, NULL);
			if (next == 0x3000 || next == ' ' || next == 0xFF08 || next == '(')
				return cjk_dateline_tail(s, n, i);
			return 0;
		}
	}
	return 0;
}

static int is_upper_word_char(char c)
{
	return (c >= 'A' && c <= 'Z') || c == '.' || c == '\'' || c == '-';
}

static const char *const months[] = {
	"Jan", "Feb", "Mar", "Apr", "May", "June", "July", "Jun", "Jul", "Aug",
	"Sept", "Sep", "Oct", "Nov", "Dec", NULL
};

/* The wire services that sign a dateline in brackets. */
static const char *const wire_agencies[] = {
	"AP", "Reuters", "AFP", "dpa", "DPA", "Xinhua", "UPI", "CNA", "Kyodo",
	"Yonhap", "ANSA", "EFE", "Bernama", "Antara", "PTI", "IANS", "Bloomberg",
	"CNN", "AAP", "KUNA", "WAFA", "APA", "TASS", "Interfax", "Jiji", NULL
};

/* CNN's form: the story's first word right after the bracket, no dash,
 * no space (`(CNN)The storm…`, `Washington (CNN)President…`). */
static int glued_after_agency(const char *s, size_t n, size_t at)
{
	return at > 0 && at < n && s[at - 1] == ')' &&
	       ((s[at] >= 'A' && s[at] <= 'Z') || s[at] == '"' ||
	        has_prefix(s + at, n - at, "\xE2\x80\x9C"));
}

/* `Berlin (dpa) - `, `Rio de Janeiro (AFP) - `: a place in title case
 * signed by a wire service in brackets, then a dash. */
static size_t titled_place_agency(const char *s, size_t n)
{
	size_t i = 0, words = 0;
	while (i < n && words < 4) {
		size_t w = i;
		if (s[i] >= 'A' && s[i] <= 'Z') {
			i++;
			while (i < n && ((s[i] >= 'a' && s[i] <= 'z') || s[i] == '.' ||
			                 s[i] == '\'' || s[i] == '-'))
				i++;
		} else if (words > 0) {
			/* de, del, la, upon: small words inside a place's name */
			while (i < n && s[i] >= 'a' && s[i] <= 'z' && i - w < 4)
				i++;
		}
		if (i == w || (i - w < 2 && words == 0))
			return 0;
		words++;
		if (i + 1 < n && s[i] == ' ' && s[i + 1] != '(')
			i++;
		else
			break;
	}
	if (i >= n || s[i] != ' ' || i + 1 >= n || s[i + 1] != '(')
		return 0;
	size_t a = i + 2, k = a;
	while (k < n && k - a < 16 && s[k] != ')')
		k++;
	if (k >= n || s[k] != ')')
		return 0;
	int known = 0;
	for (size_t m = 0; wire_agencies[m] && !known; m++)
		known = strlen(wire_agencies[m]) == k - a &&
		        memcmp(s + a, wire_agencies[m], k - a) == 0;
	if (!known)
		return 0;
	size_t j = k + 1;
	if (glued_after_agency(s, n, j))
		return j;
	while (j < n && s[j] == ' ')
		j++;
	size_t sep = has_prefix(s + j, n - j, "--") ? 2
	           : has_prefix(s + j, n - j, "\xE2\x80\x94") ||
	             has_prefix(s + j, n - j, "\xE2\x80\x93") ? 3
	           : j + 1 < n && s[j] == '-' && s[j + 1] == ' ' ? 1 : 0;
	if (!sep)
		return 0;
	j += sep;
	while (j < n && s[j] == ' ')
		j++;
	return j < n ? j : 0;
}

/* `(CNN) -- `, `JAKARTA (Reuters) - `, `BEAVERTON -- `, `HOUSTON (AP) — `,
 * `NEW YORK, Nov. 8.—`, `LONDON, Dec. 1. `, `Berlin (dpa) - ` */
static size_t latin_dateline(const char *s, size_t n)
{
	size_t titled = titled_place_agency(s, n);
	if (titled)
		return titled;
	size_t i = 0;
	int place = 0, month = 0, agency = 0;
	if (has_prefix(s, n, "(CNN)")) {
		i = 5;
		agency = 1;
	} else {
		/* The place: 1 to 4 words in capitals. */
		size_t words = 0, letters = 0;
		while (i < n && words < 4) {
			size_t w = i;
			while (i < n && is_upper_word_char(s[i])) {
				if (s[i] >= 'A' && s[i] <= 'Z')
					letters++;
				i++;
			}
			if (i == w)
				break;
			words++;
			if (i < n && s[i] == ' ' && i + 1 < n && s[i + 1] >= 'A' &&
			    s[i + 1] <= 'Z' && i + 2 < n && is_upper_word_char(s[i + 2]))
				i++;
			else
				break;
		}
		if (letters < 3)
			return 0;
		place = 1;
		/* , State. or , Mon. D */
		if (i + 2 < n && s[i] == ',' && s[i + 1] == ' ') {
			size_t j = i + 2;
			for (size_t k = 0; months[k]; k++)
				if (has_prefix(s + j, n - j, months[k])) {
					size_t m = j + strlen(months[k]);
					while (m < n && s[m] >= 'a' && s[m] <= 'z')
						m++;
					if (m < n && s[m] == '.')
						m++;
					if (m < n && s[m] == ' ')
						m++;
					size_t digits = 0;
					while (m < n && s[m] >= '0' && s[m] <= '9') {
						m++;
						digits++;
					}
					if (digits && digits <= 2) {
						if (m < n && s[m] == '.')
							m++;
						i = m;
						month = 1;
					}
					break;
				}
			/* A state or country: Calif., Kenya, Nova Scotia, New South
			 * Wales (up to three capitalised words). */
			if (!month && j < n && s[j] >= 'A' && s[j] <= 'Z') {
				size_t m = j, words = 0;
				while (words < 3 && m < n && s[m] >= 'A' && s[m] <= 'Z') {
					size_t w = m;
					while (m < n && ((s[m] >= 'A' && s[m] <= 'Z') ||
					                 (s[m] >= 'a' && s[m] <= 'z') || s[m] == '.'))
						m++;
					if (m - w > 14)
						break;
					words++;
					i = m;
					if (m + 1 < n && s[m] == ' ' && s[m + 1] >= 'A' &&
					    s[m + 1] <= 'Z')
						m++;
					else
						break;
				}
			}
		}
		/* DETROIT-(BUSINESS WIRE)-Nov. 13, 2002-: a release wire's form. */
		if (i > 0 && s[i - 1] == '-' && i < n && s[i] == '(')
			i--;  /* the place's words took the dash */
		if (i + 2 < n && s[i] == '-' && s[i + 1] == '(') {
			size_t k = i + 2;
			while (k < n && k - i < 32 && s[k] != ')')
				k++;
			if (k + 1 < n && s[k] == ')' && s[k + 1] == '-') {
				size_t d = k + 2, e = d;
				while (e < n && e - d < 24 && s[e] != '-')
					e++;
				if (e < n && s[e] == '-' && e > d && s[d] >= 'A' && s[d] <= 'Z')
					d = e + 1;
				while (d < n && s[d] == ' ')
					d++;
				return d < n ? d : 0;
			}
		}
		/* (Reuters), (AP) */
		size_t j = i;
		while (j < n && s[j] == ' ')
			j++;
		if (j < n && s[j] == '(') {
			size_t k = j + 1;
			while (k < n && k - j < 30 && s[k] != ')')
				k++;
			if (k < n && s[k] == ')') {
				i = k + 1;
				agency = 1;
			}
		}
	}
	/* The separator. */
	if (agency && glued_after_agency(s, n, i))
		return i;
	size_t j = i;
	while (j < n && s[j] == ' ')
		j++;
	size_t sep = 0;
	if (has_prefix(s + j, n - j, "--"))
		sep = 2;
	else if (has_prefix(s + j, n - j, "\xE2\x80\x94") ||
	         has_prefix(s + j, n - j, "\xE2\x80\x93"))
		sep = 3;
	else if (j < n && (s[j] == '-' || s[j] == '_') && j + 1 < n && s[j + 1] == ' ')
		sep = 1;  /* `- ` (Reuters), `_ ` (AP's wire for a dash) */
	if (sep) {
		j += sep;
		while (j < n && s[j] == ' ')
			j++;
		return j < n ? j : 0;
	}
	/* LONDON, Dec. 1. Flat refusal (no dash, 1916 style). */
	if (place && month && i > 0 && s[i - 1] == '.' && i < n && s[i] == ' ')
		return i + 1;
	(void)agency;
	return 0;
}

/* `LEWES.—`, `Tower Hamlets.—`: a place set off by a full stop and a dash,
 * as 19th-century papers open their news items (OCR may have garbled its
 * capitals: `TowER HaMLETS.—`). */
/* A place in capitalised words opening s (`LEWES`, `Tower Hamlets`,
 * `South Bend, Ind.`): at most `max` words of letters and the `marks`
 * given, each at most `longest` bytes, a comma between two when `commas`;
 * where it ends, or 0. */
static size_t place_words(const char *s, size_t n, size_t max, size_t longest,
                          const char *marks, int commas)
{
	size_t i = 0, words = 0;
	while (words < max && i < n && s[i] >= 'A' && s[i] <= 'Z') {
		size_t w = i;
		while (i < n && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		                 (s[i] != '\0' && strchr(marks, s[i]))))
			i++;
		if (i - w > longest)
			return 0;
		words++;
		if (commas && i + 1 < n && s[i] == ',' && s[i + 1] == ' ')
			i++;
		if (i + 1 < n && s[i] == ' ' && s[i + 1] >= 'A' && s[i + 1] <= 'Z')
			i++;
		else
			break;
	}
	return words ? i : 0;
}

static size_t place_dash_dateline(const char *s, size_t n)
{
	size_t i = place_words(s, n, 3, 15, "'&", 0);
	if (!i || i >= n || s[i] != '.')
		return 0;
	i++;
	if (has_prefix(s + i, n - i, "\xE2\x80\x94"))
		i += 3;
	else if (has_prefix(s + i, n - i, "--"))
		i += 2;
	else
		return 0;
	while (i < n && (s[i] == '-' || s[i] == ' '))
		i++;
	return i < n ? i : 0;
}

/* Words of a place a web page's dateline names before its dash, at most
 * (`South Bend, Ind. –`). */
#define WEB_PLACE_MAX_WORDS 4
#define WEB_PLACE_WORD_MAX_BYTES 20

/* `Indianapolis – Several thousand…`, `South Bend, Ind. — The…`: a place
 * in capitalised words, a dash between spaces, and a sentence that opens
 * with a capital, as web copy sets its datelines; where the sentence
 * begins, or 0. */
static size_t web_place_dash(const char *s, size_t n)
{
	size_t i = place_words(s, n, WEB_PLACE_MAX_WORDS, WEB_PLACE_WORD_MAX_BYTES, ".'", 1);
	if (!i || i + 5 > n || s[i] != ' ' ||
	    (memcmp(s + i + 1, "\xE2\x80\x93", 3) != 0 &&
	     memcmp(s + i + 1, "\xE2\x80\x94", 3) != 0) || s[i + 4] != ' ')
		return 0;
	i += 5;
	return i < n && ((s[i] >= 'A' && s[i] <= 'Z') || (unsigned char)s[i] == 0xE2 ||
	                 s[i] == '"') ? i : 0;
}

/* OCR'd letters a day's digits come out as: `1C`, `1(5`, `3O`, `l6`. */
static int digit_like(char c)
{
	return (c >= '0' && c <= '9') || strchr("IlOoCGS()|!", c);
}

/* Letters of a month's name, at least, that OCR may misread one of and
 * still be read as the month (`Deoember`; not `June`, one letter from
 * `Jane`). */
#define OCR_MONTH_MIN_MISREAD 6

/* A month as OCR gives it: the initial of a month and two or three more
 * letters (`Sept`, `Sent`, `Scm`, `Sopl`, `Ntfv`), or a month's whole
 * name, a long one with one letter misread; its length in bytes at s, 0
 * when none. */
static size_t ocr_month(const char *s, size_t n)
{
	for (size_t k = 0; month_names[k]; k++)
		if (has_prefix(s, n, month_names[k]))
			return strlen(month_names[k]);
	/* a long month's whole name with one letter misread (`Deoember`) */
	for (size_t k = 0; month_names[k]; k++) {
		size_t ml = strlen(month_names[k]), wrong = 0;
		if (ml < OCR_MONTH_MIN_MISREAD || ml > n || s[0] != month_names[k][0] ||
		    (ml < n && ((s[ml] >= 'a' && s[ml] <= 'z') || (s[ml] >= 'A' && s[ml] <= 'Z'))))
			continue;
		for (size_t i = 1; i < ml; i++)
			wrong += s[i] != month_names[k][i];
		if (wrong == 1)
			return ml;
	}
	if (n < 3 || !strchr("JFMASOND", s[0]) || s[0] == '\0')
		return 0;
	size_t i = 1;
	while (i < n && i < 4 && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
		i++;
	return i >= 3 && i < n && s[i] == '.' ? i : 0;
}

/* Whether a dash sets off a dateline at s[i..): `—`, `--`, or ` - `
 * between spaces; its length, 0 when none. */
static size_t dateline_dash(const char *s, size_t n, size_t i)
{
	if (has_prefix(s + i, n - i, "\xE2\x80\x94"))
		return 3;
	if (has_prefix(s + i, n - i, "--"))
		return 2;
	if (i > 0 && s[i - 1] == ' ' && has_prefix(s + i, n - i, "- "))
		return 1;
	return 0;
}

/* Longest day OCR gives a dateline, in bytes (`1C`, `3«>`, `lfi`). */
#define OCR_DAY_MAX 4

/* After a month's name at s[i..): the day and the stop or dash that end a
 * dateline, as OCR gives them. The day may be digits or letters that look
 * like them; after a place in capitals (`caps`), any short word (`J`,
 * `in`); before a dash, garbled signs (`3«>.—`), an hour (`1 a.m.—`) or
 * nothing (`April—`). The dateline's end, separator included, or 0. */
static size_t ocr_date_end(const char *s, size_t n, size_t i, int caps)
{
	while (i < n && (s[i] == '.' || s[i] == ' ' || s[i] == ',' || s[i] == '"'))
		i++;
	size_t d = i, digits = 0, likely = 0;
	/* a month after this one: this was a state's abbreviation (`Mcx.`) */
	if (ocr_month(s + i, n - i))
		return 0;
	while (i < n && i - d < OCR_DAY_MAX && s[i] != ' ' && s[i] != '.' &&
	       s[i] != ',' && !dateline_dash(s, n, i)) {
		digits += s[i] >= '0' && s[i] <= '9';
		likely += digit_like(s[i]);
		i++;
	}
	size_t day = i - d;
	if (day && !digit_like(s[d]) && !(s[d] >= 'A' && s[d] <= 'Z') &&
	    !(s[d] >= 'a' && s[d] <= 'z'))
		return 0;
	/* a year: `Sept. 16, 1911.` */
	if (day && i + 6 <= n && s[i] == ',' && s[i + 1] == ' ' &&
	    s[i + 2] >= '1' && s[i + 2] <= '2')
		i += 6;
	int stop = i < n && (s[i] == '.' || s[i] == '^');
	while (i < n && (s[i] == '.' || s[i] == ' ' || s[i] == '^'))
		i++;
	/* an hour before the dash: `1 a.m.—` */
	if (day && i + 5 < n && s[i] >= '0' && s[i] <= '9') {
		size_t h = i;
		while (h < n && h - i < 2 && s[h] >= '0' && s[h] <= '9')
			h++;
		if (h + 5 <= n && (has_prefix(s + h, n - h, " a.m.") ||
		                   has_prefix(s + h, n - h, " p.m.")) &&
		    dateline_dash(s, n, h + 5))
			i = h + 5;
	}
	size_t dash = i < n ? dateline_dash(s, n, i) : 0;
	/* no day: only a dash set right after the month (`April—`) */
	if (!day && dash && (dash == 1 || s[i - 1] == ' '))
		dash = 0;
	/* a day's digits and their ordinal's letters (`17th`) */
	int ordinal = digits > 0 && day == digits + 2 &&
	              (has_prefix(s + d + digits, 2, "st") || has_prefix(s + d + digits, 2, "nd") ||
	               has_prefix(s + d + digits, 2, "rd") || has_prefix(s + d + digits, 2, "th"));
	int garbled = day > 0 && likely < day && !ordinal;   /* a sign no digit looks like */
	if (dash) {
		i += dash;
	} else {
		/* no dash: a day with a digit, or a place in capitals */
		if (!caps && !(day && !garbled && digits))
			return 0;
		/* the day ends the dateline: a stop, the line's end, or
		 * (after a place in capitals) a sentence that begins */
		if (!(stop || i >= n || (caps && s[i - 1] == ' ' && s[i] >= 'A' && s[i] <= 'Z')))
			return 0;
	}
	while (i < n && (s[i] == ' ' || s[i] == '-'))
		i++;
	return i;
}

/* `NEW YORK. Sept. 16.—`, `SCRANTON, Pa., Sept. 16.`, `Havana. April
 * 30.—`, `TRACUSE, N"- V.. Sept. 1C`: a place, maybe a state, a month and
 * a day, as the papers of 1900-1920 open a wire item, read through the
 * errors of OCR (a full stop for a comma, letters for digits). Its length,
 * separator included, or 0. */
static size_t ocr_dateline(const char *s, size_t n)
{
	size_t i = 0, words = 0, upper = 0, lower = 0;
	while (i < n && (s[i] == '\'' || s[i] == '"' || s[i] == ' '))
		i++;
	/* the place: one to four words, each opening in a capital; `St.`,
	 * `Ft.`, `Mt.` open a place's name */
	while (words < 4 && i < n && s[i] >= 'A' && s[i] <= 'Z') {
		size_t w = i;
		while (i < n && s[i] != ' ' && s[i] != ',' && s[i] != '.') {
			upper += s[i] >= 'A' && s[i] <= 'Z';
			lower += s[i] >= 'a' && s[i] <= 'z';
			i++;
		}
		if (i - w > 16)
			return 0;
		words++;
		if (i - w == 2 && i + 2 < n && s[i] == '.' && s[i + 1] == ' ' &&
		    strchr("SFM", s[w]) && s[w + 1] == 't' &&
		    s[i + 2] >= 'A' && s[i + 2] <= 'Z') {
			i += 2;
			continue;
		}
		if (i + 1 < n && s[i] == ' ' && s[i + 1] >= 'A' && s[i + 1] <= 'Z' &&
		    !ocr_month(s + i + 1, n - i - 1))
			i++;
		else
			break;
	}
	if (!words || i >= n || (s[i] != ',' && s[i] != '.'))
		return 0;
	/* A place in capitals (as most are set, OCR's errors aside) is sign
	 * enough that a month and a day follow, even where OCR made the day
	 * letters or lost the stop after it. */
	int caps = upper >= 3 && upper >= 3 * lower;
	/* then the state's abbreviations and the month, after , or . */
	for (int parts = 0; parts < 4 && i < n; parts++) {
		while (i < n && (s[i] == ',' || s[i] == '.' || s[i] == ' ' ||
		                 s[i] == '\'' || s[i] == '"' || s[i] == '-'))
			i++;
		size_t m = ocr_month(s + i, n - i);
		size_t end = m ? ocr_date_end(s, n, i + m, caps) : 0;
		if (end)
			return end;
		/* a state: a capital and up to three letters, `N.`, `Pa.`,
		 * `Colo.`; OCR may set a space before its stop (`N. V .`) or
		 * drop the stop of a lone capital before the month (`N. T
		 * April`). A month's abbreviation that no day follows is a
		 * state's (`Mass.`). */
		size_t a = i;
		if (i < n && s[i] >= 'A' && s[i] <= 'Z')
			i++;
		while (i < n && i - a < 4 && s[i] >= 'a' && s[i] <= 'z')
			i++;
		if (i == a || i >= n)
			return 0;
		if (s[i] == ' ' && i + 1 < n && s[i + 1] == '.')
			i++;
		else if (s[i] == ' ' && i - a == 1 && ocr_month(s + i + 1, n - i - 1))
			continue;
		if (!strchr(".,\"-", s[i]) || s[i] == '\0')
			return 0;
	}
	return 0;
}

/* Whether s[0..n) is set in capitals, three letters at least. */
static int ocr_caps_word(const char *s, size_t n)
{
	size_t upper = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] >= 'a' && s[i] <= 'z')
			return 0;
		upper += s[i] >= 'A' && s[i] <= 'Z';
	}
	return upper >= 3;
}

/* `LONDON, Thursday Evening.`, `Liverpool, Monday.-`: a place, then the
 * day of the week the news left it (and the time of day), as papers of
 * the 19th century date their correspondents' letters. Its length,
 * separator included, or 0. */
static size_t weekday_dateline(const char *s, size_t n)
{
	static const char *const weekdays[] = {
		"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
		"Sunday", NULL
	};
	static const char *const times[] = {
		" Morning", " Afternoon", " Evening", " Night", " Noon", NULL
	};
	size_t i = place_words(s, n, 3, 16, "'", 0), place = i;
	if (!i || i + 2 >= n || s[i] != ',' || s[i + 1] != ' ')
		return 0;
	i += 2;
	size_t w = i;
	while (i < n && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
		i++;
	if (!is_word_of_caps(s + w, i - w, weekdays))
		return 0;
	/* a place in capitals, a time of day or a dash: a weekday after a
	 * word with a comma is no dateline else (`Then, Monday.`) */
	int sure = ocr_caps_word(s, place);
	for (size_t k = 0; times[k]; k++)
		if (has_prefix_ci(s + i, n - i, times[k])) {
			i += strlen(times[k]);
			sure = 1;
			break;
		}
	if (i >= n || s[i] != '.')
		return 0;
	i++;
	size_t dash = dateline_dash(s, n, i);
	if (!dash && i < n && s[i] == '-')
		dash = 1;   /* `Monday.-The` */
	i += dash;
	if ((i < n && s[i] != ' ' && !dash) || !(sure || dash))
		return 0;
	while (i < n && s[i] == ' ')
		i++;
	return i;
}

size_t article_match_dateline(const char *s, size_t n)
{
	if (n == 0)
		return 0;
	size_t l = cjk_dateline(s, n);
	if (!l)
		l = latin_dateline(s, n);
	if (!l)
		l = place_dash_dateline(s, n);
	if (!l)
		l = web_place_dash(s, n);
	if (!l)
		l = ocr_dateline(s, n);
	if (!l)
		l = weekday_dateline(s, n);
	/* Keep the separator (space, U+3000) with the dateline. */
	size_t cl;
	while (l && l < n && docconv_is_space(article_cp_at(s, n, l, &cl)))
		l += cl;
	return l;
}

/* The byline in brackets opening a paragraph (`【記者X╱台北報導】今天…`):
 * its length, or 0. */
size_t article_match_byline_lead(const char *s, size_t n)
{
	size_t l, at;
	uint32_t open = article_cp_at(s, n, 0, &l);
	uint32_t close = open == 0x3010 ? 0x3011 : open == 0xFF08 ? 0xFF09
	                 : open == 0x3014 ? 0x3015 : 0;
	if (!close)
		return 0;
	for (size_t i = l; i < n && i < 96; i += l) {
		if (article_cp_at(s, n, i, &l) == close)
			return i + l < n && article_match_byline(s, i + l, &at) ? i + l : 0;
	}
	return 0;
}

int article_match_staff(const char *s, size_t n)
{
	static const char *const roles[] = {
		"责任编辑", "責任編輯", "编辑", "編輯", "责编", "責編", "校对",
		"校對", "审校", "審校", "美编", "美編", "值班编辑", "监制", "統籌",
		"统筹", "策划", "策劃", "制图", "製圖", "译者", "譯者", "编译",
		"編譯", "核稿", NULL
	};
	for (size_t i = 0; roles[i]; i++) {
		size_t rl = strlen(roles[i]);
		if (n > rl && memcmp(s, roles[i], rl) == 0 &&
		    (memcmp(s + rl, "\xEF\xBC\x9A", 3) == 0 || s[rl] == ':' ||
		     s[rl] == ' ' || memcmp(s + rl, "\xE3\x80\x80", 3) == 0))
			return 1;
	}
	return 0;
}

int article_pictured_alone(const char *s, size_t n)
{
	for (size_t k = 0; pictured_leads[k]; k++)
		if (has_prefix(s, n, pictured_leads[k]))
			return pictured_source(s + strlen(pictured_leads[k]),
			                       n - strlen(pictured_leads[k]));
	return 0;
}

int article_web_credit_alone(const char *s, size_t n)
{
	return web_credit_line(s, n);
}

int article_credit_first(const char *s, size_t n)
{
	return has_prefix(s, n, "Image copyright") || has_prefix(s, n, "Image source");
}

size_t article_numbered_photo(const char *s, size_t n)
{
	size_t i = 0, l, numbers = 0;
	for (;;) {
		if (!has_prefix(s + i, n - i, "图") && !has_prefix(s + i, n - i, "圖"))
			return 0;
		i += strlen("图");
		size_t digits = 0;
		while (i < n && digits < 3) {
			uint32_t c = article_cp_at(s, n, i, &l);
			if (!((c >= 0x2460 && c <= 0x2473) || is_cjk_digit(c)))
				break;
			i += l;
			digits++;
		}
		if (!digits)
			return 0;
		numbers++;
		uint32_t c = i < n ? article_cp_at(s, n, i, &l) : 0;
		if (c == 0x3001 && numbers < 8) {   /* 、 another photo */
			i += l;
			continue;
		}
		if (c == 0xFF1A || c == ':')
			return i + l;
		return 0;
	}
}

int article_match_caption_lead(const char *s, size_t n)
{
	if (article_numbered_photo(s, n) && docconv_utf8_count(s, n) <= 200)
		return 1;
	/* 图为…, 资料图：…, 圖：…: a Chinese caption names its picture first. */
	static const char *const cjk_leads[] = {
		"图为", "圖為", "图：", "圖：", "资料图：", "資料圖：", "资料图片：",
		"资料照片：", "資料照片：", "上图：", "下图：", "左图：", "右图：",
		"上圖：", "下圖：", "左圖：", "右圖：", NULL
	};
	for (size_t k = 0; cjk_leads[k]; k++)
		if (has_prefix(s, n, cjk_leads[k]) && n > strlen(cjk_leads[k]) &&
		    docconv_utf8_count(s, n) <= 120)
			return 1;
	/* BBC pages: `Image caption Protesters…`, `Media caption, The…`. */
	static const char *const web_leads[] = {
		"Image caption ", "Image caption, ", "Media caption ",
		"Media caption, ", "Caption: ", NULL
	};
	for (size_t k = 0; web_leads[k]; k++)
		if (has_prefix(s, n, web_leads[k]) && n > strlen(web_leads[k]))
			return 1;
	/* Reuters galleries: "1 of 4. Authorities monitor..." */
	size_t i = 0;
	while (i < n && i < 3 && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i > 0 && has_prefix(s + i, n - i, " of ")) {
		size_t j = i + 4, k = j;
		while (k < n && k - j < 3 && s[k] >= '0' && s[k] <= '9')
			k++;
		if (k > j && has_prefix(s + k, n - k, ". "))
			return 1;
	}
	if (!contains_ci(s, n, "in this "))
		return 0;
	static const char *const phrases[] = {
		"in this picture illustration", "in this photo illustration",
		"in this file photo", "in this photo taken", "in this picture taken",
		"in this handout photo", "in this undated photo", NULL
	};
	for (size_t k = 0; phrases[k]; k++)
		if (contains_ci(s, n, phrases[k]))
			return 1;
	return 0;
}


size_t article_shot_names_end(const char *s, size_t n)
{
	for (size_t k = 0; shot_suffixes[k]; k++)
		if (has_suffix(s, n, shot_suffixes[k])) {
			size_t end = n - strlen(shot_suffixes[k]), l;
			while (end > 0) {
				uint32_t cp = cp_before(s, end, &l);
				if (cp != ' ' && cp != 0x3000 && cp != '/' && cp != 0xFF0F)
					break;
				end = l;
			}
			return end;
		}
	return 0;
}

/* --- closing groups --------------------------------------------------- */

/* A publication named in brackets: `(中時電子報)`, `（新华网）`. */
static int names_publication(const char *s, size_t n)
{
	static const char *const ends[] = {
		"报", "報", "网", "網", "社", "台", "刊", "电子报", "電子報", NULL
	};
	article_trim(&s, &n);
	if (docconv_utf8_count(s, n) > 10)
		return 0;
	if (article_is_paper_short_name(s, n))
		return 1;
	for (size_t k = 0; ends[k]; k++) {
		size_t el = strlen(ends[k]);
		if (n > el && memcmp(s + n - el, ends[k], el) == 0)
			return 1;
	}
	return 0;
}

/* Words a bracketed pointer to other copy opens with. */
static const char *const see_also[] = {
	"见", "見", "详见", "詳見", "参见", "參見", "另见", "另見", "转", "轉",
	"接", "上接", "下转", "下轉", NULL
};

article_closing article_closing_group(const char *s, size_t n, size_t *at)
{
	size_t l, b;
	/* A short code after a note (CNA's date: 1080315) belongs to it. */
	size_t end = n;
	while (end > 0 && s[end - 1] >= '0' && s[end - 1] <= '9' && n - end < 12)
		end--;
	uint32_t close = docconv_utf8_last(s, end, &l);
	uint32_t open = close == 0xFF09 ? 0xFF08 : close == ')' ? '(' : 0;
	if (!open)
		return ARTICLE_CLOSING_NONE;
	for (size_t i = end - l, steps = 0; i > 0 && steps < 40; steps++) {
		uint32_t c = docconv_utf8_last(s, i, &l);
		i -= l;
		if (c == close)
			return ARTICLE_CLOSING_NONE;
		if (c != open)
			continue;
		/* after a sentence, or the whole paragraph (a source alone on
		 * its line is a dateline too: STRUCTURE.md) */
		if (i > 0 && !article_ends_sentence(s, i))
			return ARTICLE_CLOSING_NONE;
		*at = i;
		const char *in = s + i + strlen(open == '(' ? "(" : "（");
		size_t inl = (size_t)(s + end - in) - (close == ')' ? 1 : 3);
		/* a pointer to other copy (`（见本报昨天6版相关报道）`, `（转第二
		 * 版）`) stays with its sentence */
		for (size_t k = 0; see_also[k]; k++)
			if (has_prefix(in, inl, see_also[k]))
				return ARTICLE_CLOSING_NONE;
		if (end == n && article_match_byline(s + i, n - i, &b))
			return ARTICLE_CLOSING_BYLINE;
		if (end == n && (article_match_dateline(s + i, n - i) == n - i ||
		                 names_publication(in, inl)))
			return ARTICLE_CLOSING_SOURCE;
		if (article_match_staff(in, inl))
			return ARTICLE_CLOSING_NOTE;
		return ARTICLE_CLOSING_NONE;
	}
	return ARTICLE_CLOSING_NONE;
}
