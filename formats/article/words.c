/* words.c — the words of the whole text and the names its credits use.
 * A wrap hyphen is removed or kept by the article's own spelling of the
 * word elsewhere; a credit glued to its caption is found by the names the
 * page's other credits give.
 */
#include "article.h"

#include <stdlib.h>
#include <string.h>

/* --- the word index ---------------------------------------------------- */

static int is_ascii_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* FNV-1a over short keys, from the last byte back, so that the hashes of
 * every tail of a string come in one pass (word_hash_step). A text crafted
 * to collide makes the lookups walk long clusters: no worse than the scans
 * they replace. */
#define WORD_HASH_START 14695981039346656037ull

static uint64_t word_hash_step(uint64_t h, char c)
{
	return (h ^ (unsigned char)c) * 1099511628211ull;
}

static uint64_t word_hash(const char *s, size_t n)
{
	uint64_t h = WORD_HASH_START;
	while (n > 0)
		h = word_hash_step(h, s[--n]);
	return h;
}

/* The slot holding s[0..n) (whose hash is h), or the empty slot where it
 * would go; the strings of the set are held in `base`. */
static article_word *word_slot_hashed(const article_words *w,
                                      const char *base, const char *s,
                                      size_t n, uint64_t h)
{
	size_t mask = w->cap - 1, i = (size_t)h & mask;
	while (w->slots[i].len &&
	       !(w->slots[i].len == n && memcmp(base + w->slots[i].at, s, n) == 0))
		i = (i + 1) & mask;
	return &w->slots[i];
}

static article_word *word_slot(const article_words *w, const char *base,
                               const char *s, size_t n)
{
	return word_slot_hashed(w, base, s, n, word_hash(s, n));
}

/* Adds base[at..at+n) unless the set holds it already (the first place a
 * string was added is the one kept). */
static int words_add(article_words *w, const char *base, size_t at, size_t n)
{
	if (n == 0 || n > ARTICLE_WORD_MAX_BYTES)
		return 0;
	if ((w->n + 1) * 2 > w->cap) {
		article_words grown = { NULL, 0, w->cap ? w->cap * 2 : 1024 };
		if (!(grown.slots = calloc(grown.cap, sizeof *grown.slots)))
			return -1;
		for (size_t i = 0; i < w->cap; i++)
			if (w->slots[i].len)
				*word_slot(&grown, base, base + w->slots[i].at,
				           w->slots[i].len) = w->slots[i];
		grown.n = w->n;
		free(w->slots);
		*w = grown;
	}
	article_word *slot = word_slot(w, base, base + at, n);
	if (!slot->len) {
		slot->at = at;
		slot->len = n;
		w->n++;
	}
	return 0;
}

/* Every run of ASCII letters, and every two runs joined by one hyphen. */
static int index_words(article_lines *l)
{
	const char *t = l->text;
	size_t n = l->text_len, prev_start = SIZE_MAX;
	for (size_t i = 0; i < n;) {
		if (!is_ascii_letter(t[i])) {
			if (t[i] != '-' || i + 1 >= n || !is_ascii_letter(t[i + 1]))
				prev_start = SIZE_MAX;
			i++;
			continue;
		}
		size_t start = i;
		while (i < n && is_ascii_letter(t[i]))
			i++;
		if (words_add(&l->words, t, start, i - start) ||
		    (prev_start != SIZE_MAX &&
		     words_add(&l->words, t, prev_start, i - prev_start)))
			return -1;
		prev_start = i < n && t[i] == '-' ? start : SIZE_MAX;
	}
	return 0;
}

int article_text_has_word(const article_lines *l, const char *s, size_t n)
{
	return n > 0 && n <= ARTICLE_WORD_MAX_BYTES && l->words.cap &&
	       word_slot(&l->words, l->text, s, n)->len != 0;
}

/* A credit whose name is glued to its caption (`……活动室组宣 摄`) cannot be
 * told from the caption's last words by itself; the names the page's other
 * credits use tell it. The names go into a set, and each line looks up the
 * tails of its text before 摄 (one hash pass gives them all): a page with
 * many credits and many such lines stays linear. When several names fit,
 * the one the page used first wins. */
static int credits_by_known_names(article_lines *out)
{
	int r = 0;
	docconv_buf names;
	article_words known = { NULL, 0, 0 };
	unsigned char has_len[ARTICLE_WORD_MAX_BYTES + 1] = { 0 };
	docconv_buf_init(&names);
	for (size_t i = 0; i < out->n; i++) {
		article_line *ln = &out->v[i];
		if (ln->kind == LINE_CREDIT || ln->kind == LINE_CAPTION_CREDIT)
			article_byline_authors(ln->s + ln->credit_at,
			                       ln->len - ln->credit_at, &names);
	}
	for (size_t at = 0; at < names.len && !r; at += strlen(names.data + at) + 1) {
		size_t nl = strlen(names.data + at);
		r = words_add(&known, names.data, at, nl);
		if (nl <= ARTICLE_WORD_MAX_BYTES)
			has_len[nl] = 1;
	}
	for (size_t i = 0; i < out->n && known.n && !r; i++) {
		article_line *ln = &out->v[i];
		size_t end, best = SIZE_MAX, best_len = 0;
		if (ln->kind != LINE_TEXT || ln->width > ARTICLE_CAPTION_SINGLE_MAX_WIDTH ||
		    !(end = article_shot_names_end(ln->s, ln->len)))
			continue;
		uint64_t h = WORD_HASH_START;
		for (size_t nl = 1; nl < end && nl <= ARTICLE_WORD_MAX_BYTES; nl++) {
			h = word_hash_step(h, ln->s[end - nl]);
			if (!has_len[nl])
				continue;
			article_word *w = word_slot_hashed(&known, names.data,
			                                   ln->s + end - nl, nl, h);
			if (w->len && w->at < best) {
				best = w->at;
				best_len = nl;
			}
		}
		if (best_len) {
			ln->kind = LINE_CAPTION_CREDIT;
			ln->credit_at = end - best_len;
		}
	}
	free(known.slots);
	docconv_buf_free(&names);
	return r;
}

int article_index_words(article_lines *l)
{
	return credits_by_known_names(l) || index_words(l) ? -1 : 0;
}
