/* lang.c — the language of an article, from its letters.
 *
 * Chinese, Japanese and Korean by their scripts (Traditional Chinese when
 * its script-specific characters outnumber the Simplified ones); a text in
 * another script by that script, told apart where one script serves
 * several languages by letters only one of them has (Ukrainian's і ї є ґ,
 * Persian's پ چ ژ گ, Urdu's ے ں ٹ ڈ ڑ); a text in Latin letters by its
 * commonest short words, English unless another language's clearly lead.
 */
#include <string.h>

#include "article.h"

/* Letters looked at: a page's language shows in far fewer; its words in
 * fewer still. */
#define LANG_SAMPLE_BYTES (64 * 1024)
#define LANG_WORDS_SAMPLE_BYTES (8 * 1024)
/* The longest of the short words looked for, in bytes. */
#define LANG_WORD_MAX_BYTES 8
/* English words that settle it, when no other language has a quarter as
 * many (most English texts stop here, a few lines in). */
#define LANG_ENGLISH_SETTLED 24
/* Words of another language a Latin text needs, and the lead over
 * English's, before it is taken for that language. */
#define LANG_MIN_WORDS 4
/* A script's own letters, per thousand of its letters, that tell its
 * language (Ukrainian from Russian, Persian and Urdu from Arabic). */
#define LANG_SIGN_PER_MILLE 5

typedef enum script {
	SC_LATIN, SC_HAN, SC_KANA, SC_HANGUL, SC_CYRILLIC, SC_GREEK,
	SC_ARMENIAN, SC_HEBREW, SC_ARABIC, SC_DEVANAGARI, SC_BENGALI,
	SC_TAMIL, SC_THAI, SC_GEORGIAN, SC_N
} script;

/* The language of a text whose letters are mostly in the script. */
static const char *const script_lang[SC_N] = {
	"en", "zh", "ja", "ko", "ru", "el", "hy", "he", "ar", "hi", "bn", "ta",
	"th", "ka"
};

static const struct {
	uint32_t lo, hi;
	script sc;
} ranges[] = {
	{ 0x0370, 0x03FF, SC_GREEK }, { 0x0400, 0x052F, SC_CYRILLIC },
	{ 0x0531, 0x058F, SC_ARMENIAN }, { 0x0590, 0x05FF, SC_HEBREW },
	{ 0x0600, 0x06FF, SC_ARABIC }, { 0x0750, 0x077F, SC_ARABIC },
	{ 0x0900, 0x097F, SC_DEVANAGARI }, { 0x0980, 0x09FF, SC_BENGALI },
	{ 0x0B80, 0x0BFF, SC_TAMIL }, { 0x0E00, 0x0E7F, SC_THAI },
	{ 0x10A0, 0x10FF, SC_GEORGIAN }, { 0x3040, 0x30FF, SC_KANA },
	{ 0xAC00, 0xD7AF, SC_HANGUL }, { 0xFB50, 0xFDFF, SC_ARABIC },
	{ 0xFE70, 0xFEFF, SC_ARABIC },
};

static script script_of(uint32_t cp)
{
	if (docconv_is_han(cp))
		return SC_HAN;
	for (size_t k = 0; k < sizeof ranges / sizeof *ranges; k++)
		if (cp >= ranges[k].lo && cp <= ranges[k].hi)
			return ranges[k].sc;
	return SC_N;
}

/* Short words common in one language's running text and rare in the
 * others'; a word two languages share often is in neither list. */
static const struct {
	const char *lang;
	const char *const words[12];
} latin_words[] = {
	{ "en", { "the", "and", "of", "to", "is", "was", "that", "with", "for",
	          "said", "from", NULL } },
	{ "es", { "el", "los", "las", "del", "por", "para", "según", "pero",
	          "está", "fue", "y", NULL } },
	{ "fr", { "le", "les", "des", "est", "et", "une", "dans", "pour", "avec",
	          "qui", "sur", NULL } },
	{ "de", { "der", "die", "das", "und", "ist", "nicht", "mit", "von",
	          "ein", "eine", "auf", NULL } },
	{ "pt", { "os", "não", "com", "pelo", "pela", "mais", "foi", "são",
	          "também", "ao", "uma", NULL } },
	{ "it", { "il", "che", "della", "sono", "gli", "anche", "nel", "è",
	          "alla", "delle", "ha", NULL } },
	{ "nl", { "het", "een", "van", "niet", "zijn", "voor", "werd", "ook",
	          "naar", "bij", "dat", NULL } },
	{ "id", { "yang", "dan", "dengan", "untuk", "dari", "ini", "itu", "pada",
	          "dalam", "tidak", "akan", NULL } },
};
#define N_LATIN_LANGS (sizeof latin_words / sizeof *latin_words)

static int is_word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

/* The Latin language whose words lead, by LANG_MIN_WORDS over English's
 * at least; English when none does. */
static const char *latin_lang(const char *s, size_t n)
{
	size_t hits[N_LATIN_LANGS] = { 0 };
	char w[LANG_WORD_MAX_BYTES + 1];
	size_t i = 0;
	if (n > LANG_WORDS_SAMPLE_BYTES)
		n = LANG_WORDS_SAMPLE_BYTES;
	while (i < n) {
		while (i < n && !is_word_byte((unsigned char)s[i]))
			i++;
		size_t start = i;
		while (i < n && is_word_byte((unsigned char)s[i]))
			i++;
		size_t len = i - start;
		if (len == 0 || len > LANG_WORD_MAX_BYTES)
			continue;
		for (size_t k = 0; k < len; k++) {
			char c = s[start + k];
			w[k] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
		}
		w[len] = '\0';
		for (size_t l = 0; l < N_LATIN_LANGS; l++)
			for (size_t k = 0; latin_words[l].words[k]; k++) {
				const char *x = latin_words[l].words[k];
				if (x[0] == w[0] && strcmp(x, w) == 0)
					hits[l]++;
			}
		if (hits[0] >= LANG_ENGLISH_SETTLED) {
			size_t other = 0;
			for (size_t l = 1; l < N_LATIN_LANGS; l++)
				other = hits[l] > other ? hits[l] : other;
			if (other * 4 < hits[0])
				return "en";
		}
	}
	size_t best = 0;
	for (size_t l = 1; l < N_LATIN_LANGS; l++)
		if (hits[l] > hits[best])
			best = l;
	return best && hits[best] >= LANG_MIN_WORDS + hits[0] ? latin_words[best].lang
	                                                        : "en";
}

const char *article_detect_lang(const char *s, size_t n)
{
	size_t count[SC_N + 1] = { 0 }, latin = 0;
	size_t ukrainian = 0, persian = 0, urdu = 0;
	long han_script = 0;
	if (n > LANG_SAMPLE_BYTES)
		n = LANG_SAMPLE_BYTES;
	for (size_t i = 0; i < n;) {
		unsigned char b = (unsigned char)s[i];
		if (b < 0x80) {   /* ASCII, most of a Latin text: no decoding */
			latin += (b | 0x20) >= 'a' && (b | 0x20) <= 'z';
			i++;
			continue;
		}
		uint32_t cp;
		size_t l = docconv_utf8_decode(s + i, n - i, &cp);
		if (!l) {
			i++;
			continue;
		}
		i += l;
		script sc = script_of(cp);
		if (sc == SC_N) {
			latin += docconv_is_alnum_latin(cp);
			continue;
		}
		count[sc]++;
		if (sc == SC_HAN)
			han_script += docconv_han_script(cp);
		ukrainian += cp == 0x0456 || cp == 0x0457 || cp == 0x0454 || cp == 0x0491;
		persian += cp == 0x067E || cp == 0x0686 || cp == 0x0698 || cp == 0x06AF;
		urdu += cp == 0x06D2 || cp == 0x06BA || cp == 0x0679 || cp == 0x0688 ||
		        cp == 0x0691;
	}
	size_t cjk = count[SC_HAN] + count[SC_KANA] + count[SC_HANGUL];
	if (cjk && cjk * 3 >= latin) {
		if (count[SC_HANGUL] > count[SC_HAN] + count[SC_KANA])
			return "ko";
		if (count[SC_KANA] * 10 > cjk)
			return "ja";
		return han_script > 0 ? "zh-Hant" : "zh";
	}
	script best = SC_N;
	for (int sc = SC_CYRILLIC; sc < SC_N; sc++)
		if (count[sc] && (best == SC_N || count[sc] > count[best]))
			best = (script)sc;
	if (best == SC_N || count[best] < latin)
		return latin_lang(s, n);
	if (best == SC_CYRILLIC && ukrainian * 1000 >= count[best] * LANG_SIGN_PER_MILLE)
		return "uk";
	if (best == SC_ARABIC && urdu * 1000 >= count[best] * LANG_SIGN_PER_MILLE)
		return "ur";
	if (best == SC_ARABIC && persian * 1000 >= count[best] * LANG_SIGN_PER_MILLE)
		return "fa";
	return script_lang[best];
}
