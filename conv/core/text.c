/* text.c — UTF-8 helpers and character classes. Unicode's own properties
 * (general category: case, marks, spaces) come from utf8proc; the sets that
 * are the project's rules (CJK ranges, sentence ends, kinsoku) are here. */
#include "text.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "mem.h"

size_t docconv_utf8_decode(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	if (n == 0)
		return 0;
	unsigned c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	size_t len;
	uint32_t v, min;
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2; v = c & 0x1F; min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3; v = c & 0x0F; min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4; v = c & 0x07; min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return len;
}

size_t docconv_utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp >= 0xD800 && cp <= 0xDFFF)
		return 0;
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	if (cp <= 0x10FFFF) {
		out[0] = (char)(0xF0 | (cp >> 18));
		out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[3] = (char)(0x80 | (cp & 0x3F));
		return 4;
	}
	return 0;
}

int docconv_utf8_valid(const char *s, size_t n, size_t *bad)
{
	size_t i = 0;
	while (i < n) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		uint32_t cp;
		size_t l = docconv_utf8_decode(s + i, n - i, &cp);
		if (!l) {
			if (bad)
				*bad = i;
			return 0;
		}
		i += l;
	}
	return 1;
}

uint32_t docconv_utf8_last(const char *s, size_t n, size_t *seq_len)
{
	if (n == 0) {
		if (seq_len)
			*seq_len = 0;
		return 0;
	}
	size_t start = n - 1;
	while (start > 0 && n - start < 4 &&
	       ((unsigned char)s[start] & 0xC0) == 0x80)
		start--;
	uint32_t cp = 0;
	size_t l = docconv_utf8_decode(s + start, n - start, &cp);
	if (l != n - start) {  /* not valid UTF-8: treat the byte alone */
		cp = (unsigned char)s[n - 1];
		start = n - 1;
	}
	if (seq_len)
		*seq_len = n - start;
	return cp;
}

size_t docconv_utf8_count(const char *s, size_t n)
{
	size_t count = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			count++;
	return count;
}

int docconv_is_han(uint32_t cp)
{
	return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3FFFF) ||
	       cp == 0x3007;
}

int docconv_is_cjk_letter(uint32_t cp)
{
	return docconv_is_han(cp) ||
	       (cp >= 0x3040 && cp <= 0x30FF) ||   /* kana */
	       (cp >= 0x31F0 && cp <= 0x31FF) ||
	       (cp >= 0xAC00 && cp <= 0xD7AF) ||   /* Hangul syllables */
	       (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x3130 && cp <= 0x318F) ||
	       (cp >= 0x3100 && cp <= 0x312F);     /* bopomofo */
}

int docconv_is_cjk(uint32_t cp)
{
	return docconv_is_cjk_letter(cp) ||
	       (cp >= 0x3000 && cp <= 0x303F) ||   /* CJK symbols, punctuation */
	       (cp >= 0xFF01 && cp <= 0xFF60) ||   /* full-width forms */
	       (cp >= 0xFFE0 && cp <= 0xFFE6) ||
	       (cp >= 0xFE30 && cp <= 0xFE4F) ||   /* CJK compatibility forms */
	       cp == 0x2014 || cp == 0x2026 ||     /* — … as used in CJK text */
	       cp == 0x201C || cp == 0x201D || cp == 0x2018 || cp == 0x2019 ||
	       cp == 0x00B7;
}

static utf8proc_category_t category(uint32_t cp)
{
	return cp <= 0x10FFFF ? utf8proc_category((utf8proc_int32_t)cp)
	                      : UTF8PROC_CATEGORY_CN;
}

int docconv_is_space(uint32_t cp)
{
	/* Unicode's space separators, the ASCII controls that space text, and
	 * the zero-width space and BOM, which separate words without a width. */
	return category(cp) == UTF8PROC_CATEGORY_ZS || cp == '\t' || cp == '\n' ||
	       cp == '\r' || cp == '\f' || cp == '\v' || cp == 0x200B ||
	       cp == 0xFEFF;
}

int docconv_is_sentence_end(uint32_t cp)
{
	switch (cp) {
	case '.': case '!': case '?': case '"': case '\'': case ')':
	case 0x3002: /* 。 */ case 0xFF01: /* ！ */ case 0xFF1F: /* ？ */
	case 0xFF0E: /* ． */ case 0x2026: /* … */ case 0x201D: /* ” */
	case 0x2019: /* ’ */ case 0x300D: /* 」 */ case 0x300F: /* 』 */
	case 0xFF09: /* ） */ case 0x300B: /* 》 */ case 0xFF61: /* ｡ */
	case 0x203C: case 0x2049: case 0x2048:
		return 1;
	}
	return 0;
}

int docconv_is_clause_punct(uint32_t cp)
{
	switch (cp) {
	case ',': case ';': case ':':
	case 0xFF0C: /* ， */ case 0x3001: /* 、 */ case 0xFF1B: /* ； */
	case 0xFF1A: /* ： */
		return 1;
	}
	return 0;
}

int docconv_kinsoku_no_start(uint32_t cp)
{
	switch (cp) {
	case 0x3002: case 0xFF0C: case 0x3001: case 0xFF1B: case 0xFF1A:
	case 0xFF1F: case 0xFF01: case 0x201D: case 0x2019: case 0xFF09:
	case 0x300B: case 0x300D: case 0x300F: case 0x3011: case 0x3009:
	case 0x3015: case 0x3017: case 0x3019: case 0x301B: case 0xFF3D:
	case 0xFF5D: case 0x2026: case 0x2025: case 0xFF05: case 0x2030:
	case 0x00B7: case 0x30FB: case 0x30FC: case 0x3005: case 0x309D:
	case 0x309E: case 0x30FD: case 0x30FE: case 0xFF0E: case 0xFF61:
	case 0xFF64: case 0x2010: case 0x2013: case 0x301C: case 0xFF5E:
	case '%': case ')': case ']': case '}': case ',': case '.': case ';':
	case ':': case '!': case '?':
		return 1;
	}
	/* small kana */
	if ((cp >= 0x3041 && cp <= 0x3049 && cp % 2 == 1) || cp == 0x3063 ||
	    cp == 0x3083 || cp == 0x3085 || cp == 0x3087 || cp == 0x308E ||
	    (cp >= 0x30A1 && cp <= 0x30A9 && cp % 2 == 1) || cp == 0x30C3 ||
	    cp == 0x30E3 || cp == 0x30E5 || cp == 0x30E7 || cp == 0x30EE)
		return 1;
	return 0;
}

int docconv_kinsoku_no_end(uint32_t cp)
{
	switch (cp) {
	case 0x201C: case 0x2018: case 0xFF08: case 0x300A: case 0x300C:
	case 0x300E: case 0x3010: case 0x3008: case 0x3014: case 0x3016:
	case 0x3018: case 0x301A: case 0xFF3B: case 0xFF5B: case 0x301D:
	case '(': case '[': case '{':
		return 1;
	}
	return 0;
}

/* The alphabets written with spaces between words and with case: Latin
 * (with its extensions and IPA), Greek and Cyrillic, and the Latin and
 * Greek extended blocks. */
static int is_cased_alphabet(uint32_t cp)
{
	return cp < 0x0530 || (cp >= 0x1D00 && cp <= 0x1FFF) ||
	       (cp >= 0x2C60 && cp <= 0x2C7F) || (cp >= 0xA720 && cp <= 0xA7FF);
}

int docconv_is_upper_latin(uint32_t cp)
{
	utf8proc_category_t c = category(cp);
	return is_cased_alphabet(cp) &&
	       (c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT);
}

int docconv_is_lower_latin(uint32_t cp)
{
	return is_cased_alphabet(cp) && category(cp) == UTF8PROC_CATEGORY_LL;
}

int docconv_is_caseless_letter(uint32_t cp)
{
	return category(cp) == UTF8PROC_CATEGORY_LO && !docconv_is_cjk_letter(cp) &&
	       !is_cased_alphabet(cp) && !(cp >= 0xA000 && cp <= 0xA4CF);
}

int docconv_is_alnum_latin(uint32_t cp)
{
	utf8proc_category_t c = category(cp);
	/* Not the modifier letters (ʼ, ˆ): they mark a letter, not spell. */
	return is_cased_alphabet(cp) &&
	       (c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LL ||
	        c == UTF8PROC_CATEGORY_LT || c == UTF8PROC_CATEGORY_LO ||
	        c == UTF8PROC_CATEGORY_ND);
}

int docconv_is_combining(uint32_t cp)
{
	utf8proc_category_t c = category(cp);
	return c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC ||
	       c == UTF8PROC_CATEGORY_ME;
}

int docconv_is_invisible(uint32_t cp)
{
	return (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0xFE00 && cp <= 0xFE0F) ||
	       cp == 0xFEFF || (cp >= 0xE0100 && cp <= 0xE01EF);
}

int docconv_is_xml_char(uint32_t cp)
{
	return cp == 0x9 || cp == 0xA || cp == 0xD ||
	       (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
	       (cp >= 0x10000 && cp <= 0x10FFFF);
}

/* Common characters whose form differs between the two scripts. Each pair is
 * Traditional then Simplified; chosen among the most frequent characters in
 * news text, so a few sentences are enough to tell the script. */
static const char han_pairs[] =
	"這这們们國国說说時时為为會会來来個个對对後后學学與与開开關关發发"
	"長长電电經经報报記记導导區区體体實实現现點点灣湾東东車车書书見见"
	"業业從从華华話话進进過过還还動动間间應应問问當当將将給给無无義义"
	"員员機机頭头議议選选舉举級级組组織织網网務务統统總总區区際际達达"
	"歲岁鄉乡縣县區区黨党費费讓让認认論论變变戰战農农產产廣广場场區区"
	"權权條条價价歷历傳传運运話话邊边風风樂乐術术識识雙双請请難难聽听"
	"買买賣卖錢钱銀银鐵铁線线練练飛飞鳥鸟魚鱼馬马門门問问陽阳陰阴雲云"
	"處处數数樣样親亲視视覺觉觀观讀读寫写兒儿嗎吗氣气愛爱歡欢聲声團团";

/* The pairs as two bits for each character of the CJK Unified Ideographs
 * block (where every character of the pairs is): Traditional, Simplified.
 * Built once; a look-up is two bit tests. */
#define HAN_BITS_FIRST 0x4E00
#define HAN_BITS_LAST 0x9FFF
#define HAN_BITS_WORDS ((HAN_BITS_LAST - HAN_BITS_FIRST) / 32 + 1)
static uint32_t han_traditional[HAN_BITS_WORDS];
static uint32_t han_simplified[HAN_BITS_WORDS];
static pthread_once_t han_once = PTHREAD_ONCE_INIT;

static void han_build(void)
{
	const char *s = han_pairs;
	size_t n = sizeof han_pairs - 1, i = 0, k = 0, l;
	uint32_t c;
	while (i < n && (l = docconv_utf8_decode(s + i, n - i, &c)) != 0) {
		if (c >= HAN_BITS_FIRST && c <= HAN_BITS_LAST) {
			uint32_t *bits = k % 2 == 0 ? han_traditional : han_simplified;
			bits[(c - HAN_BITS_FIRST) / 32] |=
				(uint32_t)1 << ((c - HAN_BITS_FIRST) % 32);
		}
		i += l;
		k++;
	}
}

int docconv_han_script(uint32_t cp)
{
	pthread_once(&han_once, han_build);
	if (cp < HAN_BITS_FIRST || cp > HAN_BITS_LAST)
		return 0;
	size_t w = (cp - HAN_BITS_FIRST) / 32;
	uint32_t bit = (uint32_t)1 << ((cp - HAN_BITS_FIRST) % 32);
	return (han_traditional[w] & bit) ? 1 : (han_simplified[w] & bit) ? -1 : 0;
}

/* --- buffers ---------------------------------------------------------- */

void docconv_buf_init(docconv_buf *b)
{
	b->data = NULL;
	b->len = b->cap = 0;
}

void docconv_buf_free(docconv_buf *b)
{
	free(b->data);
	docconv_buf_init(b);
}

int docconv_buf_reserve(docconv_buf *b, size_t extra)
{
	if (extra > SIZE_MAX - b->len - 1)
		return -1;
	return docconv_array_reserve((void **)&b->data, &b->cap,
	                             b->len + extra + 1, 1);
}

int docconv_buf_put(docconv_buf *b, const void *p, size_t n)
{
	if ((n >= b->cap || b->len + n + 1 > b->cap) && docconv_buf_reserve(b, n))
		return -1;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int docconv_buf_puts(docconv_buf *b, const char *s)
{
	return docconv_buf_put(b, s, strlen(s));
}

int docconv_buf_putc(docconv_buf *b, char c)
{
	/* The common case, room for it and the NUL, without a call. */
	if (b->len + 2 <= b->cap) {
		b->data[b->len++] = c;
		b->data[b->len] = '\0';
		return 0;
	}
	return docconv_buf_put(b, &c, 1);
}

int docconv_buf_put_cp(docconv_buf *b, uint32_t cp)
{
	char tmp[4];
	size_t l = docconv_utf8_encode(cp, tmp);
	return l ? docconv_buf_put(b, tmp, l) : -1;
}

char *docconv_buf_detach(docconv_buf *b, size_t *len)
{
	if (!b->data && docconv_buf_reserve(b, 0))
		return NULL;
	b->data[b->len] = '\0';
	char *d = b->data;
	if (len)
		*len = b->len;
	docconv_buf_init(b);
	return d;
}
