/* fuzz_names.c — archive entry names (conv/names.h) on raw bytes: the
 * sanitiser, the escape that shows a name in a message, natural order and
 * the collision suffixes.
 *
 * The whole input is one entry name as an archive may hold it; its lines
 * are also the names of one batch, sanitised, sorted and made unique as a
 * batch does. What a batch relies on:
 *   - an accepted name stays inside the output folder: relative, no empty,
 *     "." or ".." part, no '\', no NUL or control character, valid UTF-8,
 *     within the named length and depth limits; sanitising it again keeps
 *     it as it is;
 *   - a refused name comes with a reason;
 *   - the same bytes always give the same answer;
 *   - the escaped form is fit for a terminal, fits its buffer and, when
 *     nothing was cut, gives back the exact bytes;
 *   - natural order is a total order (qsort needs one);
 *   - made unique, names are distinct, the first of equal names keeps it
 *     and the others keep their stem and extension around "~N".
 */
#include <string.h>

#include "fuzz.h"
#include "conv/core/names.h"
#include "conv/core/text.h"

/* Names of one batch taken from the lines of the input; ordering checks
 * are quadratic and cubic in this. */
#define MAX_BATCH_NAMES 48
/* Triples checked for transitivity: the first names only. */
#define MAX_TRIPLE_NAMES 12
/* An escaped byte is "\xNN": four times as long. */
#define ESCAPE_GROWTH 4

static int is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
}

/* What names.h promises of an accepted name. */
static void check_safe(const char *s)
{
	size_t len = strlen(s), depth = 0;
	FUZZ_CHECK(len > 0 && len <= DOCCONV_NAME_MAX);
	FUZZ_CHECK(docconv_utf8_valid(s, len, NULL));
	FUZZ_CHECK(s[0] != '/' && strchr(s, '\\') == NULL);
	for (const char *p = s; *p;) {
		const char *e = strchr(p, '/');
		size_t part = e ? (size_t)(e - p) : strlen(p);
		FUZZ_CHECK(part > 0 && part <= DOCCONV_NAME_MAX_PART);
		FUZZ_CHECK(!(part == 1 && p[0] == '.'));
		FUZZ_CHECK(!(part == 2 && p[0] == '.' && p[1] == '.'));
		depth++;
		p += part + (e ? 1 : 0);
	}
	FUZZ_CHECK(depth <= DOCCONV_NAME_MAX_DEPTH);
	for (size_t i = 0, l; i < len; i += l) {
		uint32_t cp;
		l = docconv_utf8_decode(s + i, len - i, &cp);
		FUZZ_CHECK(l > 0 && !is_control(cp));
	}
}

/* Sanitises raw[0..n) into out, twice, and checks both answers; returns
 * whether the name was accepted. */
static int sanitize(const char *raw, size_t n, char out[DOCCONV_NAME_MAX + 1])
{
	char again[DOCCONV_NAME_MAX + 1];
	unsigned changes, changes2;
	const char *why, *why2;
	docconv_status st = docconv_name_sanitize(raw, n, out,
	                                          DOCCONV_NAME_MAX + 1,
	                                          &changes, &why);
	docconv_status st2 = docconv_name_sanitize(raw, n, again, sizeof again,
	                                           &changes2, &why2);
	FUZZ_CHECK(st == st2 && changes == changes2 && why == why2);
	FUZZ_CHECK(strcmp(out, again) == 0);
	if (st != DOCCONV_OK) {
		FUZZ_CHECK(st == DOCCONV_ERR_INPUT);
		FUZZ_CHECK(why != NULL && why[0] != '\0');
		FUZZ_CHECK(docconv_utf8_valid(why, strlen(why), NULL));
		FUZZ_CHECK(out[0] == '\0');
		return 0;
	}
	FUZZ_CHECK(why == NULL);
	check_safe(out);
	/* A safe name is a fixed point: a batch that sanitises names it wrote
	 * itself must find them as they are. */
	FUZZ_CHECK(docconv_name_sanitize(out, strlen(out), again, sizeof again,
	                                 &changes2, &why2) == DOCCONV_OK);
	FUZZ_CHECK(changes2 == 0 && strcmp(again, out) == 0);
	return 1;
}

static int hex_value(char c)
{
	return c >= '0' && c <= '9' ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The escape at several buffer sizes: never longer than the buffer, fit
 * for a terminal, and when roomy enough, exactly the bytes back. */
static void check_escape(const char *raw, size_t n)
{
	static const size_t sizes[] = { 1, 2, 5, 8, 64 };
	size_t big = n * ESCAPE_GROWTH + ESCAPE_GROWTH + 1;
	char *out = malloc(big);
	FUZZ_CHECK(out != NULL);
	for (size_t k = 0; k <= sizeof sizes / sizeof *sizes; k++) {
		size_t cap = k < sizeof sizes / sizeof *sizes ? sizes[k] : big;
		if (cap > big)
			continue;
		docconv_name_escape(raw, n, out, cap);
		size_t len = strlen(out);
		FUZZ_CHECK(len < cap);
		FUZZ_CHECK(docconv_utf8_valid(out, len, NULL));
		for (size_t i = 0, l; i < len; i += l) {
			uint32_t cp;
			l = docconv_utf8_decode(out + i, len - i, &cp);
			FUZZ_CHECK(l > 0 && !is_control(cp));
		}
	}
	/* Unescaped, the roomy one is the name: '\' only starts "\xNN". */
	size_t o = 0, i = 0, len = strlen(out);
	while (i < len) {
		if (out[i] != '\\') {
			FUZZ_CHECK(o < n && out[i] == raw[o]);
			o++;
			i++;
			continue;
		}
		FUZZ_CHECK(i + 3 < len && out[i + 1] == 'x');
		int hi = hex_value(out[i + 2]), lo = hex_value(out[i + 3]);
		FUZZ_CHECK(hi >= 0 && lo >= 0 && o < n);
		FUZZ_CHECK((unsigned char)raw[o] == (unsigned)(hi << 4 | lo));
		o++;
		i += 4;
	}
	FUZZ_CHECK(o == n);
	free(out);
}

static int sign(int c)
{
	return (c > 0) - (c < 0);
}

/* Natural order is total: reflexive, antisymmetric, transitive, and
 * equal only for equal strings (qsort's answer would depend on its
 * algorithm otherwise). */
static void check_order(char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++) {
			int c = docconv_name_natural_cmp(names[i], names[j]);
			FUZZ_CHECK(c >= -1 && c <= 1);
			FUZZ_CHECK(c == -docconv_name_natural_cmp(names[j], names[i]));
			FUZZ_CHECK((c == 0) == (strcmp(names[i], names[j]) == 0));
		}
	size_t m = n < MAX_TRIPLE_NAMES ? n : MAX_TRIPLE_NAMES;
	for (size_t a = 0; a < m; a++)
		for (size_t b = 0; b < m; b++)
			for (size_t c = 0; c < m; c++) {
				int ab = docconv_name_natural_cmp(names[a], names[b]);
				int bc = docconv_name_natural_cmp(names[b], names[c]);
				if (ab < 0 && bc < 0)
					FUZZ_CHECK(sign(docconv_name_natural_cmp(
					                names[a], names[c])) < 0);
			}
}

/* The part of a name before its extension's dot, as names.c finds it. */
static size_t stem_length(const char *name)
{
	const char *base = strrchr(name, '/');
	base = base ? base + 1 : name;
	const char *dot = strrchr(base, '.');
	return dot && dot != base ? (size_t)(dot - name) : strlen(name);
}

/* Whether `name` is a folder of one of names[0..n): another starts with
 * it and a '/'. */
static int is_folder_of(const char *name, char *const *names, size_t n)
{
	size_t len = strlen(name);
	for (size_t j = 0; j < n; j++)
		if (strncmp(names[j], name, len) == 0 && names[j][len] == '/')
			return 1;
	return 0;
}

/* Output names as a batch makes them: the safe name with the writer's
 * extension, then made unique: distinct, none a folder of another, a name
 * kept unless an earlier one or a folder has it. */
static void check_unique(char *const *safe, size_t n)
{
	char *before[MAX_BATCH_NAMES], *after[MAX_BATCH_NAMES];
	for (size_t i = 0; i < n; i++) {
		before[i] = docconv_name_with_extension(safe[i], "epub");
		after[i] = before[i] ? strdup(before[i]) : NULL;
		FUZZ_CHECK(before[i] != NULL && after[i] != NULL);
		FUZZ_CHECK(docconv_name_has_extension(before[i], "epub"));
	}
	FUZZ_CHECK(docconv_names_make_unique(after, n) == DOCCONV_OK);
	for (size_t i = 0; i < n; i++) {
		int first = !is_folder_of(before[i], before, n);
		FUZZ_CHECK(!is_folder_of(after[i], after, n));
		for (size_t j = 0; j < i; j++) {
			FUZZ_CHECK(strcmp(after[i], after[j]) != 0);
			first &= strcmp(before[i], before[j]) != 0;
		}
		if (first) {
			FUZZ_CHECK(strcmp(after[i], before[i]) == 0);
			continue;
		}
		size_t stem = stem_length(before[i]), len = strlen(after[i]);
		const char *ext = before[i] + stem;
		size_t ext_len = strlen(ext);
		FUZZ_CHECK(len > stem + ext_len + 1);
		FUZZ_CHECK(memcmp(after[i], before[i], stem) == 0);
		FUZZ_CHECK(after[i][stem] == '~');
		for (size_t k = stem + 1; k < len - ext_len; k++)
			FUZZ_CHECK(after[i][k] >= '0' && after[i][k] <= '9');
		FUZZ_CHECK(strcmp(after[i] + len - ext_len, ext) == 0);
	}
	for (size_t i = 0; i < n; i++) {
		free(before[i]);
		free(after[i]);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *raw = (const char *)data;
	char out[DOCCONV_NAME_MAX + 1];
	char *rel[MAX_BATCH_NAMES] = { NULL }, *safe[MAX_BATCH_NAMES] = { NULL };
	size_t n_rel = 0, n_safe = 0;

	sanitize(raw, size, out);
	check_escape(raw, size);
	FUZZ_CHECK(docconv_name_hash(raw, size) == docconv_name_hash(raw, size));

	/* One name a line, as a list file names a batch. */
	for (size_t i = 0; i < size && n_rel < MAX_BATCH_NAMES;) {
		const char *end = memchr(raw + i, '\n', size - i);
		size_t len = end ? (size_t)(end - (raw + i)) : size - i;
		/* A C string: the name as far as its first NUL. */
		const char *nul = memchr(raw + i, '\0', len);
		size_t c_len = nul ? (size_t)(nul - (raw + i)) : len;
		/* Copied by hand: strndup may read past the input's end. */
		rel[n_rel] = malloc(c_len + 1);
		FUZZ_CHECK(rel[n_rel] != NULL);
		memcpy(rel[n_rel], raw + i, c_len);
		rel[n_rel][c_len] = '\0';
		/* No property to check: it reads untrusted names, so it runs
		 * here for the sanitizers. */
		(void)docconv_name_is_hidden(rel[n_rel]);
		if (sanitize(raw + i, len, out)) {
			safe[n_safe] = strdup(out);
			FUZZ_CHECK(safe[n_safe] != NULL);
			n_safe++;
		}
		n_rel++;
		i += len + 1;
	}
	check_order(rel, n_rel);
	check_order(safe, n_safe);
	check_unique(safe, n_safe);
	for (size_t i = 0; i < n_rel; i++)
		free(rel[i]);
	for (size_t i = 0; i < n_safe; i++)
		free(safe[i]);
	return 0;
}
