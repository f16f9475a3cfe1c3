/* text.h — UTF-8 and the character classes the reader and the writers share.
 *
 * Text inside docconv is always valid UTF-8 (decode.c sees to it at the
 * edge). These helpers read code points and answer questions about them:
 * is it CJK, does it end a sentence, may a line start or end with it.
 */
#ifndef DOCCONV_TEXT_H
#define DOCCONV_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* Decodes one code point at s[0..n). Returns the sequence length (1..4) and
 * stores the code point, or returns 0 for an invalid or truncated sequence
 * (overlong forms, surrogates and values past U+10FFFF are invalid). */
size_t docconv_utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Encodes `cp` into out[0..4); returns the length, 0 for an invalid value. */
size_t docconv_utf8_encode(uint32_t cp, char out[4]);
/* Whether s[0..n) is valid UTF-8; on failure *bad (if given) is the offset of
 * the first bad byte. */
int docconv_utf8_valid(const char *s, size_t n, size_t *bad);
/* The code point that ends at s[n-1] (walking back), 0 when n is 0. The
 * length of that sequence goes to *seq_len. */
uint32_t docconv_utf8_last(const char *s, size_t n, size_t *seq_len);
/* Number of code points. */
size_t docconv_utf8_count(const char *s, size_t n);

/* Han ideographs (with extensions and compatibility forms). */
int docconv_is_han(uint32_t cp);
/* Han, kana, Hangul, CJK symbols and punctuation, full-width forms: the
 * characters that take a full em and join without spaces. */
int docconv_is_cjk(uint32_t cp);
/* CJK letters only: Han, kana and Hangul (not punctuation). */
int docconv_is_cjk_letter(uint32_t cp);
/* White space of any kind: Unicode's space separators (U+3000 and the
 * no-break spaces among them), tab and the line controls, the zero-width
 * space and the BOM. */
int docconv_is_space(uint32_t cp);
/* Characters that end a sentence: 。！？!?.… and the closing quotes and
 * brackets that may follow them. */
int docconv_is_sentence_end(uint32_t cp);
/* Clause punctuation inside a sentence: ，,、；;：: */
int docconv_is_clause_punct(uint32_t cp);
/* Kinsoku: characters no line may start with (closing punctuation, small
 * kana, the ideographic iteration mark...). */
int docconv_kinsoku_no_start(uint32_t cp);
/* Kinsoku: characters no line may end with (opening brackets and quotes). */
int docconv_kinsoku_no_end(uint32_t cp);
/* Letters (not modifier letters) and decimal digits of the alphabets
 * written with case and spaces: Latin with its extensions, Greek, Cyrillic.
 * Case is Unicode's (utf8proc), so Ł and Ž are capitals, ł and ž small. */
int docconv_is_alnum_latin(uint32_t cp);
/* A letter of an alphabet or abugida without case (Arabic, Hebrew,
 * Devanagari, Thai...): not Chinese, Japanese or Korean. */
int docconv_is_caseless_letter(uint32_t cp);
int docconv_is_upper_latin(uint32_t cp);   /* also titlecase (ǅ) */
int docconv_is_lower_latin(uint32_t cp);
/* Combining marks (Unicode Mn, Mc, Me), which belong to the character
 * before them: no line starts with one. */
int docconv_is_combining(uint32_t cp);
/* Characters with no width and nothing to draw that a text still holds:
 * the zero-width space, joiners, direction marks and embeddings, the word
 * joiner and the invisible operators, variation selectors, a byte order
 * mark inside the text. */
int docconv_is_invisible(uint32_t cp);
/* Characters XML 1.0 allows in a document. */
int docconv_is_xml_char(uint32_t cp);

/* Whether a Han character is one of the common ones that exist only in
 * Traditional (1) or only in Simplified (-1) Chinese; 0 for shared ones. */
int docconv_han_script(uint32_t cp);

/* A growable byte buffer. Functions return 0 on success, -1 when out of
 * memory; a buffer that failed stays valid (with its old content). */
typedef struct docconv_buf {
	char *data;
	size_t len, cap;
} docconv_buf;

void docconv_buf_init(docconv_buf *b);
void docconv_buf_free(docconv_buf *b);
int docconv_buf_reserve(docconv_buf *b, size_t extra);
int docconv_buf_put(docconv_buf *b, const void *p, size_t n);
int docconv_buf_puts(docconv_buf *b, const char *s);
int docconv_buf_putc(docconv_buf *b, char c);
int docconv_buf_put_cp(docconv_buf *b, uint32_t cp);
/* Detaches the content (NUL-terminated, never NULL on success). */
char *docconv_buf_detach(docconv_buf *b, size_t *len);

#endif
