/* decode.c — bytes to UTF-8 with LF line ends.
 *
 * The order of the checks is what makes detection reliable:
 *   1. magic numbers: a PNG or a PDF is refused before anything reads it
 *      as text;
 *   2. byte order marks (UTF-8, UTF-32, UTF-16), which settle the question;
 *   3. UTF-16 without a mark, from its zero bytes: it must come before the
 *      UTF-8 test because ASCII in UTF-16 is valid UTF-8;
 *   4. zero bytes in any other file: a binary file;
 *   5. strict UTF-8 (which includes ASCII);
 *   6. the legacy encodings: uchardet's guess, GB18030, Big5 and
 *      Big5-HKSCS, each decoded strictly; a decoding that reads as text
 *      (few rare or private-use characters, mostly common ideographs)
 *      beats one that does not, then the one whose text holds the most
 *      common Chinese characters wins. uchardet alone is often wrong on a
 *      few lines of Chinese (it calls them WINDOWS-1252 or EUC-TW), and a
 *      wrong legacy decoding is almost never also a plausible text; when
 *      none reads as text, or two read as well, a warning says so.
 * Every decoding is strict (iconv without //IGNORE), so a bad byte is an
 * error at its offset, never a silent replacement character.
 */
#include "decode.h"

#include <errno.h>
#include <iconv.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <uchardet/uchardet.h>

#include "text.h"

/* Bytes examined to guess UTF-16 without a byte order mark: a few lines of
 * text are enough, and the guess must not cost a pass over a large file. */
#define UTF16_SAMPLE_BYTES 4096
/* Share (percent) of the sample's characters that must look like text for
 * a UTF-16 guess to stand. Chinese news in the right byte order scores 66
 * to 82 (the common-character table covers most of it) and English near
 * 100; the wrong byte order gives characters from all over Unicode and
 * scores under 10. */
#define UTF16_MIN_TEXTLIKE_PERCENT 60
/* Bytes handed to uchardet: its guess settles within a few kilobytes, and
 * every guess is checked by a full strict decode anyway. */
#define DETECT_SAMPLE_BYTES (256 * 1024)
/* Zero bytes that make a file binary: more than this share (percent) of its
 * bytes, and more than BINARY_MIN_ZEROS of them. Text has none; a few come
 * from a broken copy and are dropped with a warning. */
#define BINARY_ZERO_PERCENT 1
#define BINARY_MIN_ZEROS 4
/* Valid multi-byte UTF-8 sequences per bad place above which a text that
 * is not valid UTF-8 is taken for damaged UTF-8 rather than a legacy
 * encoding. GB18030 or Big5 text forms a valid sequence only by chance, a
 * few per hundred characters, each soon followed by a bad byte; damaged
 * UTF-8 has hundreds of good sequences per bad place. */
#define UTF8_DAMAGED_GOOD_PER_BAD 4
/* What makes a legacy decoding read as text (plausible()): at most this
 * share (percent) of its characters beyond ASCII unlikely in any news
 * text, and, read as Chinese with at least DETECT_MIN_HAN ideographs, at
 * least this share of them common. The measures of plausible() sit far
 * from both sides. Fewer ideographs say too little to judge by. */
#define DETECT_MAX_UNLIKELY_PERCENT 10
#define DETECT_MIN_COMMON_PERCENT 30
#define DETECT_MIN_HAN 20
/* The longest --encoding name we pass to iconv; real names are short. */
#define ENCODING_NAME_MAX 64
/* Characters converted per iconv call when mapping a character index back
 * to a byte offset: keeps the buffer on the stack. */
#define OFFSET_STEP_CHARS 1024
/* The code points of the common-character table: the CJK Unified
 * Ideographs block, where every frequent Chinese character lives. */
#define HAN_FIRST 0x4E00
#define HAN_LAST 0x9FFF

/* The most frequent characters of Chinese text, in frequency order (the
 * first ~500 of modern Chinese frequency lists, and a few that news copy
 * uses in every article: 讯 摄 编 辑), then the Traditional forms of those
 * that differ. A right decoding finds most of its characters here; GB18030
 * bytes read as Big5, or the reverse, almost none. */
static const char common_simplified[] =
	"的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你"
	"对生能而子那得于着下自之年过发后作里用道行所然家种事成方多经么去"
	"法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因"
	"只从想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点"
	"正业外将两高间由问很最重并物手应战向头文体政美相见被利什二等产或"
	"新己制身果加西斯月话合回特代内信表化老给世位次度门任常先海通教儿"
	"原东声提立及比员解水名真论处走义各入几口认条平系气题活尔更别打女"
	"变四神总何电数安少报才结反受目太量再感建务做接必场件计管期市直德"
	"资命山金指克许统区保至队形社便空决治展马科司五基眼书非则听白却界"
	"达光放强即像难且权思王象完设式色路记南品住告类求据程北边死张该交"
	"规万取拉格望觉术领共确传师观清今切院让识候带导争运笑飞风步改收根"
	"干造言联持组每济车亲极林服快办议往元英士证近失转夫令准布始怎呢存"
	"未远叫台单影具罗字爱击流备兵连调深商算质团集百需价花党华城石级整"
	"府离况亚请技际约示复病息究线似官火断精满支视消越器容照须九增研写"
	"称企八功吗包片史委乎查轻易早曾除农找装广显吧阿李标谈吃图念六引历"
	"首医局突专费号尽另周较注语仅考落青随选列武红响虽推势参希古众构房"
	"半节土投某案黑维讯摄编辑亿县湾";
static const char common_traditional[] =
	"這個們來為國說時會對著過發經學現當沒動還進樣開從實軍無長關點業將"
	"兩間問應戰頭見產話內給門東聲員論處義認條題爾別變總電數報結務場計"
	"資許統區隊決馬書則卻達強難權設記類邊張該規覺術領傳師觀讓識帶導爭"
	"運飛風聯組濟車親辦議證轉遠單羅愛擊備連調質團華級況亞請際約線斷滿"
	"視須寫稱嗎輕農裝廣顯標談圖歷醫專費號盡較語僅隨選紅響雖勢參眾節維"
	"後裡臺幹隻麼幾復係製準於訊攝編輯億縣灣";

/* One bit per code point of HAN_FIRST..HAN_LAST. */
typedef struct han_set {
	uint8_t bits[(HAN_LAST - HAN_FIRST) / 8 + 1];
} han_set;

/* Steps through UTF-8 text: the code point at s[*i] goes to *cp and *i
 * moves past it; 0 at the end (or at a bad sequence, which the decoded
 * texts here never hold). */
static int next_cp(const char *s, size_t n, size_t *i, uint32_t *cp)
{
	size_t l = *i < n ? docconv_utf8_decode(s + *i, n - *i, cp) : 0;
	*i += l;
	return l != 0;
}

static void han_set_add_all(han_set *set, const char *s, size_t n)
{
	uint32_t cp;
	for (size_t i = 0; next_cp(s, n, &i, &cp);)
		if (cp >= HAN_FIRST && cp <= HAN_LAST)
			set->bits[(cp - HAN_FIRST) / 8] |= (uint8_t)(1u << (cp % 8));
}

/* Built per call rather than once, so decoding needs no global state
 * between the threads of a batch; it costs a few microseconds. */
static void common_han_init(han_set *set)
{
	memset(set, 0, sizeof *set);
	han_set_add_all(set, common_simplified, sizeof common_simplified - 1);
	han_set_add_all(set, common_traditional, sizeof common_traditional - 1);
}

static int is_common_han(const han_set *set, uint32_t cp)
{
	return cp >= HAN_FIRST && cp <= HAN_LAST &&
	       (set->bits[(cp - HAN_FIRST) / 8] >> (cp % 8)) & 1;
}

/* How Chinese a decoded text looks: common characters count for it,
 * private-use characters (where a wrong legacy decoding lands bytes that
 * have no character) against it. */
static long chinese_score(const han_set *common, const char *s, size_t n)
{
	long score = 0;
	uint32_t cp;
	for (size_t i = 0; next_cp(s, n, &i, &cp);)
		if (is_common_han(common, cp))
			score++;
		else if (cp >= 0xE000 && cp <= 0xF8FF)
			score--;
	return score;
}

/* Characters plausible in an article: ASCII text, Latin-1 letters, CJK
 * punctuation and full-width forms, common Han. */
static int looks_like_text(const han_set *common, uint32_t cp)
{
	return (cp >= 0x20 && cp < 0x7F) || cp == '\t' || cp == '\n' ||
	       cp == '\r' || (cp >= 0xA0 && cp <= 0xFF) ||
	       (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFFEF) ||
	       is_common_han(common, cp);
}

static int textlike_percent(const han_set *common, const char *s, size_t n)
{
	size_t chars = 0, textlike = 0;
	uint32_t cp;
	for (size_t i = 0; next_cp(s, n, &i, &cp); chars++)
		textlike += (size_t)looks_like_text(common, cp);
	return chars ? (int)(textlike * 100 / chars) : 0;
}

static int is_utf8_name(const char *enc)
{
	return strcasecmp(enc, "UTF-8") == 0 || strcasecmp(enc, "UTF8") == 0;
}

/* Big5 has two full-width slashes: A1FE, which glibc's table (Microsoft's
 * CP950) reads as ／, and A241, the standard Big5 ／ that CP950 reads as ∕
 * DIVISION SLASH; the backslashes A240 and A242 likewise. Taiwan text holds
 * both, typed as the same mark, and the reader looks for ／ in bylines
 * ("記者王小明／台北報導"), so both read as the full-width form, as
 * Python's big5 codec reads them. */
static void big5_unify_slashes(const char *encoding, docconv_buf *b)
{
	static const struct { const char *from, *to; } marks[] = {
		{ "\xE2\x88\x95", "\xEF\xBC\x8F" },   /* U+2215 to U+FF0F */
		{ "\xEF\xB9\xA8", "\xEF\xBC\xBC" },   /* U+FE68 to U+FF3C */
	};
	if (strcasecmp(encoding, "BIG5") != 0 && strcasecmp(encoding, "CP950") != 0)
		return;
	for (size_t k = 0; k < sizeof marks / sizeof *marks; k++) {
		char *p = b->data, *end = b->data + b->len;
		while ((p = memmem(p, (size_t)(end - p), marks[k].from, 3)) != NULL) {
			memcpy(p, marks[k].to, 3);
			p += 3;
		}
	}
}

/* Decodes s[0..n) as `enc` into b (replacing its content), strictly: the
 * first invalid or truncated sequence stops it with DOCCONV_ERR_DECODE, its
 * offset in *bad and what came before it in b. DOCCONV_ERR_USAGE when iconv
 * does not know `enc`. Big5's slashes come out full-width either way. */
static docconv_status strict_decode(const char *enc, const unsigned char *s,
                                    size_t n, docconv_buf *b, size_t *bad)
{
	docconv_status st = DOCCONV_OK;
	iconv_t cd = (iconv_t)-1;
	b->len = 0;
	if (docconv_buf_reserve(b, n + n / 2 + 16)) {
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	if (is_utf8_name(enc)) {
		/* Our own validator: the definition of valid UTF-8 the rest of
		 * docconv relies on. */
		size_t ok = n;
		if (!docconv_utf8_valid((const char *)s, n, bad)) {
			ok = *bad;
			st = DOCCONV_ERR_DECODE;
		}
		docconv_buf_put(b, s, ok);  /* reserved above: cannot fail */
		goto out;
	}
	if ((cd = iconv_open("UTF-8", enc)) == (iconv_t)-1) {
		st = errno == EINVAL ? DOCCONV_ERR_USAGE : DOCCONV_ERR_NOMEM;
		goto out;
	}
	char *in = (char *)s;
	size_t inleft = n;
	while (inleft > 0) {
		char *o = b->data + b->len;
		size_t oleft = b->cap - b->len - 1;
		size_t r = iconv(cd, &in, &inleft, &o, &oleft);
		int err = errno;
		b->len = (size_t)(o - b->data);
		if (r != (size_t)-1)
			break;
		if (err == E2BIG) {
			if (docconv_buf_reserve(b, b->cap)) {
				st = DOCCONV_ERR_NOMEM;
				goto out;
			}
			continue;
		}
		/* EILSEQ (invalid) or EINVAL (truncated at the end). */
		*bad = (size_t)(in - (char *)s);
		st = DOCCONV_ERR_DECODE;
		goto out;
	}
out:
	if (b->data) {
		b->data[b->len] = '\0';
		big5_unify_slashes(enc, b);
	}
	if (cd != (iconv_t)-1)
		iconv_close(cd);
	return st;
}

/* The byte offset in s[0..n), decoded as `enc`, where the character
 * numbered `index` starts: how a character found in the decoded text is
 * reported against the input. -1 when it cannot be worked out. */
static long long offset_of_char(const char *enc, const unsigned char *s,
                                size_t n, size_t index)
{
	uint32_t units[OFFSET_STEP_CHARS];
	iconv_t cd = iconv_open("UTF-32LE", enc);
	if (cd == (iconv_t)-1)
		return -1;
	char *in = (char *)s;
	size_t inleft = n;
	/* With room for exactly k characters, iconv converts k and stops. */
	while (index > 0 && inleft > 0) {
		size_t k = index < OFFSET_STEP_CHARS ? index : OFFSET_STEP_CHARS;
		char *o = (char *)units;
		size_t oleft = k * sizeof *units;
		size_t r = iconv(cd, &in, &inleft, &o, &oleft);
		size_t done = (k * sizeof *units - oleft) / sizeof *units;
		if ((r == (size_t)-1 && errno != E2BIG) || done == 0)
			break;
		index -= done;
	}
	iconv_close(cd);
	return (long long)(in - (char *)s);
}

/* --- what the bytes are ----------------------------------------------- */

/* The encoding a text was decoded from. */
typedef struct source {
	char iconv_name[ENCODING_NAME_MAX + 1];  /* to map a character back to
	                                            its offset */
	char name[32];            /* the canonical name, for out->encoding */
	size_t skip;              /* bytes of a byte order mark before the text */
} source;

static void source_set(source *src, const char *iconv_name, const char *name,
                       size_t skip)
{
	snprintf(src->iconv_name, sizeof src->iconv_name, "%s", iconv_name);
	snprintf(src->name, sizeof src->name, "%s", name);
	src->skip = skip;
}

/* Bytes a file starts with that tell what it is. */
typedef struct signature {
	const char *bytes;
	size_t len;
	const char *name;
} signature;

/* The entry of `table` that s[0..n) starts with, or NULL. */
static const signature *match_signature(const signature *table, size_t count,
                                        const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < count; i++)
		if (n >= table[i].len && memcmp(s, table[i].bytes, table[i].len) == 0)
			return &table[i];
	return NULL;
}

static const signature binary_magic[] = {
	{ "\x89PNG\r\n\x1a\n", 8, "PNG image" },
	{ "\xff\xd8\xff", 3, "JPEG image" },
	{ "GIF87a", 6, "GIF image" },
	{ "GIF89a", 6, "GIF image" },
	{ "%PDF-", 5, "PDF document" },
	{ "PK\x03\x04", 4, "ZIP archive" },
	{ "PK\x05\x06", 4, "ZIP archive" },
	{ "\x1f\x8b", 2, "gzip archive" },
	{ "\x7f" "ELF", 4, "ELF executable" },
};

/* Byte order marks, each naming its encoding. UTF-32LE comes first: its
 * mark begins with UTF-16LE's. */
static const signature byte_order_marks[] = {
	{ "\xFF\xFE\x00\x00", 4, "UTF-32LE" },
	{ "\x00\x00\xFE\xFF", 4, "UTF-32BE" },
	{ "\xEF\xBB\xBF", 3, "UTF-8" },
	{ "\xFF\xFE", 2, "UTF-16LE" },
	{ "\xFE\xFF", 2, "UTF-16BE" },
};

static docconv_status refuse_known_binary(const unsigned char *s, size_t n,
                                          docconv_diag *d)
{
	const signature *m = match_signature(
		binary_magic, sizeof binary_magic / sizeof *binary_magic, s, n);
	if (!m)
		return DOCCONV_OK;
	docconv_diag_add(d, DOCCONV_SEV_ERROR, 0, 0,
	                 "this looks like a binary file (%s), not article text",
	                 m->name);
	return DOCCONV_ERR_DECODE;
}

static docconv_status refuse_zero_bytes(const unsigned char *s, size_t n,
                                        docconv_diag *d)
{
	size_t zeros = 0, first = 0;
	const unsigned char *p = s, *end = s + n;
	while ((p = memchr(p, 0, (size_t)(end - p))) != NULL) {
		if (!zeros++)
			first = (size_t)(p - s);
		p++;
	}
	if (zeros <= BINARY_MIN_ZEROS || zeros * 100 <= n * BINARY_ZERO_PERCENT)
		return DOCCONV_OK;
	docconv_diag_add(d, DOCCONV_SEV_ERROR, 0, (long long)first,
	                 "this looks like a binary file (%zu of its %zu bytes "
	                 "are zero), not article text", zeros, n);
	return DOCCONV_ERR_DECODE;
}

/* UTF-16 without a byte order mark. Zero bytes never occur in text in the
 * other encodings we read, but UTF-16 has one in every ASCII character, in
 * the odd bytes (LE) or the even ones (BE). Chinese text has few ASCII
 * characters, and U+3000 (the full-width indent) puts its zero on the other
 * side, so counting zeros alone misjudges it: the sample is decoded both
 * ways and the byte order whose characters look like text is kept. NULL
 * when it is not UTF-16. */
static const char *guess_utf16(const unsigned char *s, size_t n,
                               const han_set *common, docconv_status *st)
{
	static const char *const orders[2] = { "UTF-16LE", "UTF-16BE" };
	const char *guess = NULL;
	size_t m = (n < UTF16_SAMPLE_BYTES ? n : UTF16_SAMPLE_BYTES) & ~(size_t)1;
	int pct[2] = { 0, 0 };
	docconv_buf b;
	docconv_buf_init(&b);
	*st = DOCCONV_OK;
	if (!memchr(s, 0, m))
		goto out;
	for (int i = 0; i < 2; i++) {
		size_t bad = 0;
		docconv_status r = strict_decode(orders[i], s, m, &b, &bad);
		/* The sample may end inside a surrogate pair. */
		if (r == DOCCONV_ERR_DECODE && bad + 4 < m)
			continue;
		if (r != DOCCONV_OK && r != DOCCONV_ERR_DECODE) {
			*st = r;
			goto out;
		}
		pct[i] = textlike_percent(common, b.data, b.len);
	}
	int best = pct[1] > pct[0];
	if (pct[best] >= UTF16_MIN_TEXTLIKE_PERCENT &&
	    pct[best] > 2 * pct[!best])
		guess = orders[best];
out:
	docconv_buf_free(&b);
	return guess;
}

/* Whether s[0..n) is the start of a UTF-8 sequence cut short. */
static int is_cut_utf8(const unsigned char *s, size_t n)
{
	size_t need = s[0] >= 0xF0 && s[0] <= 0xF4 ? 4
	              : s[0] >= 0xE0 && s[0] <= 0xEF ? 3
	              : s[0] >= 0xC2 && s[0] <= 0xDF ? 2 : 0;
	if (n >= need)
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	return 1;
}

/* Text that is UTF-8 but for a flaw (a damaged byte, a file cut short in
 * its last character) is an error at the flaw: read as GB18030 it would
 * decode, as nonsense. `first_bad` is where strict UTF-8 failed. */
static docconv_status refuse_damaged_utf8(const unsigned char *s, size_t n,
                                          size_t first_bad, docconv_diag *d)
{
	size_t good = 0, bad = 0, i = 0;
	int cut = 0;
	while (i < n && !cut) {
		uint32_t cp;
		size_t l = s[i] < 0x80 ? 1
		           : docconv_utf8_decode((const char *)s + i, n - i, &cp);
		if (l) {
			good += l > 1;
			i += l;
			continue;
		}
		/* One bad place: the bad byte and the continuation bytes after
		 * it. */
		bad++;
		cut = is_cut_utf8(s + i, n - i);
		for (i++; i < n && (s[i] & 0xC0) == 0x80; i++)
			;
	}
	if (bad == 1 && cut) {
		docconv_diag_add(d, DOCCONV_SEV_ERROR, 0, (long long)first_bad,
		                 "the text ends in the middle of a UTF-8 character; "
		                 "the file may have been cut short");
		return DOCCONV_ERR_DECODE;
	}
	if (good < UTF8_DAMAGED_GOOD_PER_BAD * bad)
		return DOCCONV_OK;
	docconv_diag_add(d, DOCCONV_SEV_ERROR, 0, (long long)first_bad,
	                 "not valid UTF-8, though the rest of the text is (%zu "
	                 "bad place%s); the file may be damaged, or name its "
	                 "encoding with --encoding", bad, bad == 1 ? "" : "s");
	return DOCCONV_ERR_DECODE;
}

/* uchardet's name for the encoding of s, or "" when it has none. */
static void uchardet_guess(const unsigned char *s, size_t n, char *out,
                           size_t size)
{
	out[0] = '\0';
	uchardet_t ud = uchardet_new();
	if (!ud)
		return;
	if (uchardet_handle_data(ud, (const char *)s,
	                         n < DETECT_SAMPLE_BYTES ? n
	                                                 : DETECT_SAMPLE_BYTES) == 0) {
		uchardet_data_end(ud);
		const char *cs = uchardet_get_charset(ud);
		if (cs)
			snprintf(out, size, "%s", cs);
	}
	uchardet_delete(ud);
}

/* Maps uchardet's names onto the decoders we trust: GB18030 is a superset
 * of GB2312 and GBK; glibc's BIG5 is the Windows CP950 table, the one Taiwan
 * text is written in (BIG5-HKSCS refuses its ／ and ＼), and BIG5-HKSCS
 * (2008) adds the Hong Kong characters (嘅, 咗, 𨋢) it lacks. */
static const char *candidate_name(const char *guess)
{
	static const struct { const char *alias, *name; } names[] = {
		{ "GB18030", "GB18030" }, { "GB2312", "GB18030" },
		{ "GBK", "GB18030" }, { "CP936", "GB18030" }, { "EUC-CN", "GB18030" },
		{ "BIG5", "BIG5" }, { "BIG-5", "BIG5" }, { "CP950", "BIG5" },
		{ "BIG5-HKSCS", "BIG5-HKSCS" }, { "BIG5HKSCS", "BIG5-HKSCS" },
	};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcasecmp(guess, names[i].alias) == 0)
			return names[i].name;
	return guess;
}

static int is_chinese_encoding(const char *name)
{
	return strcmp(name, "GB18030") == 0 || strcmp(name, "BIG5") == 0 ||
	       strcmp(name, "BIG5-HKSCS") == 0;
}

/* Characters no news text holds but a wrong legacy decoding makes of
 * bytes meant as something else: private use, the rare ideographs of the
 * extensions and the compatibility block, box drawing, Bopomofo, control
 * pictures. */
static int is_unlikely(uint32_t cp)
{
	return (cp >= 0xE000 && cp <= 0xF8FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
	       cp >= 0x20000 || (cp >= 0xF900 && cp <= 0xFAFF) ||
	       (cp >= 0x2500 && cp <= 0x259F) || (cp >= 0x3100 && cp <= 0x312F) ||
	       (cp >= 0x2400 && cp <= 0x243F);
}

/* How a decoded text reads: its characters beyond ASCII (not spaces), the
 * Han characters among them, the common ones of those, and the unlikely
 * ones. */
typedef struct text_profile {
	size_t wide, han, common, unlikely;
} text_profile;

static text_profile profile_of(const han_set *common, const char *s, size_t n)
{
	text_profile p = { 0, 0, 0, 0 };
	uint32_t cp;
	for (size_t i = 0; next_cp(s, n, &i, &cp);) {
		if (cp < 0x80 || docconv_is_space(cp))
			continue;
		p.wide++;
		if (cp >= HAN_FIRST && cp <= HAN_LAST) {
			p.han++;
			p.common += (size_t)is_common_han(common, cp);
		} else {
			p.unlikely += (size_t)is_unlikely(cp);
		}
	}
	return p;
}

/* Whether a text decoded as `enc` reads as text: few unlikely characters
 * and, read as Chinese, mostly common Han (news decoded right: 0% unlikely
 * and 63-80% common; Big5 read as GB18030 or the reverse: 30-60% unlikely
 * or under 10% common, on every sample and corpus text). */
static int plausible(const text_profile *p, const char *enc)
{
	if (p->unlikely * 100 > p->wide * DETECT_MAX_UNLIKELY_PERCENT)
		return 0;
	return !is_chinese_encoding(enc) || p->han < DETECT_MIN_HAN ||
	       p->common * 100 >= p->han * DETECT_MIN_COMMON_PERCENT;
}

/* Text that is not UTF-8: uchardet's guess, GB18030, Big5 and Big5-HKSCS,
 * each decoded strictly. A decoding that reads as text beats one that
 * does not; then the most common Chinese characters win, ties going to
 * the earlier candidate (uchardet's guess first). It goes to `text`, with
 * a warning when no decoding reads as text, or when another that does
 * gives a different text with as good a score: the guess may be wrong.
 * `utf8_bad` is where UTF-8 failed, for the error when nothing decodes. */
static docconv_status decode_legacy(const unsigned char *s, size_t n,
                                    size_t utf8_bad, const han_set *common,
                                    docconv_buf *text, source *src,
                                    docconv_diag *d)
{
	static const char *const fixed[] = { "GB18030", "BIG5", "BIG5-HKSCS" };
	docconv_status st = DOCCONV_OK;
	char guess[48];
	const char *cands[4];
	size_t nc = 0;
	docconv_buf trial;
	docconv_buf_init(&trial);

	uchardet_guess(s, n, guess, sizeof guess);
	const char *g = candidate_name(guess);
	if (*g && strcasecmp(g, "UTF-8") != 0 && strcasecmp(g, "ASCII") != 0)
		cands[nc++] = g;
	for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
		if (!nc || strcmp(cands[0], fixed[i]) != 0)
			cands[nc++] = fixed[i];

	long score[4];
	int reads[4], decoded[4] = { 0, 0, 0, 0 };
	text_profile best = { 0, 0, 0, 0 };
	size_t chosen_at = 0;
	const char *chosen = NULL, *rival = NULL, *furthest_name = "UTF-8";
	size_t furthest = utf8_bad;
	for (size_t i = 0; i < nc; i++) {
		size_t bad = 0;
		st = strict_decode(cands[i], s, n, &trial, &bad);
		if (st == DOCCONV_ERR_DECODE && bad > furthest) {
			furthest = bad;
			furthest_name = cands[i];
		}
		if (st == DOCCONV_ERR_DECODE || st == DOCCONV_ERR_USAGE)
			continue;   /* USAGE: iconv does not know uchardet's name */
		if (st != DOCCONV_OK)
			goto out;
		text_profile p = profile_of(common, trial.data, trial.len);
		decoded[i] = 1;
		reads[i] = plausible(&p, cands[i]);
		score[i] = chinese_score(common, trial.data, trial.len);
		if (!chosen || reads[i] > reads[chosen_at] ||
		    (reads[i] == reads[chosen_at] && score[i] > score[chosen_at])) {
			docconv_buf tmp = *text;
			*text = trial;
			trial = tmp;
			best = p;
			chosen = cands[i];
			chosen_at = i;
		}
	}
	/* Another decoding as good that gives a different text: decoded
	 * again to compare (ties are rare). */
	for (size_t i = 0; chosen && reads[chosen_at] && i < nc && !rival; i++) {
		size_t bad = 0;
		if (i == chosen_at || !decoded[i] || reads[i] != reads[chosen_at] ||
		    score[i] != score[chosen_at] ||
		    strict_decode(cands[i], s, n, &trial, &bad) != DOCCONV_OK)
			continue;
		if (trial.len != text->len || memcmp(trial.data, text->data, trial.len))
			rival = cands[i];
	}
	if (!chosen) {
		docconv_diag_add(d, DOCCONV_SEV_ERROR, 0, (long long)furthest,
		                 "not valid UTF-8, GB18030 or Big5 text (read as "
		                 "%s, the first bad byte is here); name the "
		                 "encoding with --encoding", furthest_name);
		st = DOCCONV_ERR_DECODE;
		goto out;
	}
	st = DOCCONV_OK;
	source_set(src, chosen, chosen, 0);
	if (!reads[chosen_at])
		docconv_diag_add(d, DOCCONV_SEV_WARNING, 0, -1,
		                 "read as %s, but it reads unlike text in any "
		                 "encoding tried (%zu of %zu characters are rare "
		                 "or private-use, %zu of %zu ideographs common); "
		                 "it may come out garbled: name the encoding with "
		                 "--encoding", chosen, best.unlikely, best.wide,
		                 best.common, best.han);
	else if (rival)
		docconv_diag_add(d, DOCCONV_SEV_WARNING, 0, -1,
		                 "read as %s, but it reads as text in %s too, "
		                 "differently; if it comes out wrong, name the "
		                 "encoding with --encoding", chosen, rival);
out:
	docconv_buf_free(&trial);
	return st;
}

/* Decodes s[skip..n) as `enc`, which a byte order mark or a guess named;
 * the error says what made us think so. */
static docconv_status decode_as(const char *enc, const unsigned char *s,
                                size_t n, size_t skip, const char *why,
                                docconv_buf *text, source *src,
                                docconv_diag *d)
{
	size_t bad = 0;
	docconv_status st = strict_decode(enc, s + skip, n - skip, text, &bad);
	if (st == DOCCONV_ERR_DECODE)
		docconv_diag_add(d, DOCCONV_SEV_ERROR, 0, (long long)(skip + bad),
		                 "not valid %s text, though %s; name the encoding "
		                 "with --encoding", enc, why);
	else if (st == DOCCONV_OK)
		source_set(src, enc, enc, skip);
	return st;
}

static docconv_status detect_and_decode(const unsigned char *s, size_t n,
                                        docconv_buf *text, source *src,
                                        docconv_diag *d)
{
	docconv_status st = DOCCONV_OK;
	han_set common;
	common_han_init(&common);

	const signature *bom = match_signature(
		byte_order_marks, sizeof byte_order_marks / sizeof *byte_order_marks,
		s, n);
	if (bom)
		return decode_as(bom->name, s, n, bom->len,
		                 "it starts with that byte order mark", text, src, d);

	const char *utf16 = guess_utf16(s, n, &common, &st);
	if (st != DOCCONV_OK)
		return st;
	if (utf16) {
		st = decode_as(utf16, s, n, 0, "its zero bytes suggest it", text,
		               src, d);
		if (st == DOCCONV_OK)
			docconv_diag_add(d, DOCCONV_SEV_WARNING, 0, -1,
			                 "no byte order mark: guessed %s from the zero "
			                 "bytes; if the text comes out wrong, name the "
			                 "encoding with --encoding", utf16);
		return st;
	}
	/* Zero bytes padding the end of a record (crawlers and fixed-size
	 * exports leave them) are neither text nor a sign of a binary file. */
	size_t pad = 0;
	while (pad < n && s[n - 1 - pad] == 0)
		pad++;
	if (pad && pad < n) {
		n -= pad;
		docconv_diag_add(d, DOCCONV_SEV_WARNING, 0, (long long)n,
		                 "ignored %zu zero bytes padding the end of the file",
		                 pad);
	}
	if ((st = refuse_zero_bytes(s, n, d)) != DOCCONV_OK)
		return st;

	size_t bad = 0;
	st = strict_decode("UTF-8", s, n, text, &bad);
	if (st == DOCCONV_OK)
		source_set(src, "UTF-8", "UTF-8", 0);
	else if (st == DOCCONV_ERR_DECODE &&
	         (st = refuse_damaged_utf8(s, n, bad, d)) == DOCCONV_OK)
		st = decode_legacy(s, n, bad, &common, text, src, d);
	return st;
}

/* The canonical spelling of an --encoding name: upper case, and the usual
 * names for the Unicode forms. */
static void canonical_name(const char *forced, char *out, size_t size)
{
	static const struct { const char *alias, *name; } aliases[] = {
		{ "UTF8", "UTF-8" }, { "UTF16", "UTF-16" },
		{ "UTF16LE", "UTF-16LE" }, { "UTF16BE", "UTF-16BE" },
		{ "BIG-5", "BIG5" },
	};
	size_t i = 0;
	for (; forced[i] && i + 1 < size; i++)
		out[i] = (char)(forced[i] >= 'a' && forced[i] <= 'z'
		                ? forced[i] - 'a' + 'A' : forced[i]);
	out[i] = '\0';
	for (i = 0; i < sizeof aliases / sizeof *aliases; i++)
		if (strcmp(out, aliases[i].alias) == 0)
			snprintf(out, size, "%s", aliases[i].name);
}

static docconv_status decode_forced(const unsigned char *s, size_t n,
                                    const char *forced, docconv_buf *text,
                                    source *src, docconv_diag *d)
{
	docconv_status st;
	size_t bad = 0;
	/* A '/' would let "//IGNORE" through and make the decode lossy. */
	if (!*forced || strlen(forced) > ENCODING_NAME_MAX || strchr(forced, '/'))
		st = DOCCONV_ERR_USAGE;
	else
		st = strict_decode(forced, s, n, text, &bad);
	if (st == DOCCONV_ERR_USAGE)
		return docconv_fail(d, DOCCONV_ERR_USAGE,
		                    "unknown encoding %s; `iconv --list` shows the "
		                    "names this system knows", forced);
	if (st == DOCCONV_ERR_DECODE)
		docconv_diag_add(d, DOCCONV_SEV_ERROR, 0, (long long)bad,
		                 "not valid %s text, as --encoding says it is; check "
		                 "the name, or leave --encoding out to detect it",
		                 forced);
	if (st == DOCCONV_OK) {
		char name[sizeof src->name];
		canonical_name(forced, name, sizeof name);
		source_set(src, forced, name, 0);
	}
	return st;
}

/* --- the text --------------------------------------------------------- */

/* Rewrites the decoded text in place: drops a leading BOM (which iconv
 * passes through as U+FEFF when the encoding was forced), turns CRLF, CR and
 * form feed into LF, and drops the other C0 controls but tab, counting them
 * in one warning. */
static docconv_status finish(docconv_buf *b, const source *src,
                             const unsigned char *bytes, size_t n,
                             docconv_decoded *out, docconv_diag *d)
{
	char *t = b->data;
	size_t len = b->len, i = 0, j = 0;
	size_t chars = 0, dropped = 0, first_char = 0;
	unsigned long line = 1, first_line = 0;
	unsigned char first_control = 0;

	if (src->skip || (len >= 3 && memcmp(t, "\xEF\xBB\xBF", 3) == 0))
		out->had_bom = 1;
	if (len >= 3 && memcmp(t, "\xEF\xBB\xBF", 3) == 0) {
		i = 3;
		chars = 1;
	}
	for (; i < len; i++) {
		unsigned char c = (unsigned char)t[i];
		if ((c & 0xC0) != 0x80)
			chars++;
		if (c == '\r' || c == '\f') {
			out->had_crlf |= c == '\r';
			t[j++] = '\n';
			line++;
			if (c == '\r' && i + 1 < len && t[i + 1] == '\n') {
				i++;
				chars++;
			}
			continue;
		}
		if (c < 0x20 && c != '\t' && c != '\n') {
			if (!dropped++) {
				first_char = chars - 1;
				first_line = line;
				first_control = c;
			}
			continue;
		}
		line += c == '\n';
		t[j++] = (char)c;
	}
	t[j] = '\0';
	b->len = j;
	if (dropped) {
		long long off = offset_of_char(src->iconv_name, bytes + src->skip,
		                               n - src->skip, first_char);
		char name[8];
		if (first_control)
			snprintf(name, sizeof name, "U+%04X", first_control);
		else
			strcpy(name, "NUL");
		docconv_diag_add(d, DOCCONV_SEV_WARNING, 0,
		                 off < 0 ? -1 : off + (long long)src->skip,
		                 "dropped %zu control character%s that cannot be "
		                 "part of the text (the first, %s, on line %lu)",
		                 dropped, dropped == 1 ? "" : "s", name, first_line);
	}
	snprintf(out->encoding, sizeof out->encoding, "%s", src->name);
	out->text = docconv_buf_detach(b, &out->len);
	return out->text ? DOCCONV_OK : DOCCONV_ERR_NOMEM;
}

docconv_status docconv_decode(const unsigned char *bytes, size_t n,
                              const char *forced, docconv_decoded *out,
                              docconv_diag *d)
{
	docconv_status st;
	docconv_buf text;
	source src;
	docconv_buf_init(&text);
	memset(out, 0, sizeof *out);
	memset(&src, 0, sizeof src);

	if (n > DOCCONV_MAX_INPUT_BYTES) {
		st = docconv_fail(d, DOCCONV_ERR_LIMIT,
		                  "input is %zu bytes, over the limit of %u bytes "
		                  "for one article", n, DOCCONV_MAX_INPUT_BYTES);
		goto out;
	}
	if ((st = refuse_known_binary(bytes, n, d)) != DOCCONV_OK)
		goto out;
	if (forced)
		st = decode_forced(bytes, n, forced, &text, &src, d);
	else
		st = detect_and_decode(bytes, n, &text, &src, d);
	if (st == DOCCONV_OK)
		st = finish(&text, &src, bytes, n, out, d);
out:
	docconv_buf_free(&text);
	if (st != DOCCONV_OK)
		docconv_decoded_free(out);
	return st;
}

void docconv_decoded_free(docconv_decoded *dec)
{
	free(dec->text);
	dec->text = NULL;
	dec->len = 0;
}
