/* fuzz_reader.c — bytes through the whole article flow: decode, the raw-
 * article reader, --explain and the JSON writer, then --from json back.
 *
 * Beyond "no crash, no leak, no undefined behaviour" it checks what a user
 * relies on: the model is well formed (valid UTF-8, no empty block), nothing
 * of the text is lost (every non-space character of the decoded input is in
 * the model, but layout markers and wrap hyphens), the JSON written is JSON
 * and reads back to the same bytes, and a failure always says why.
 */
#include <string.h>

#include "formats/formats.h"
#include "conv/core/decode.h"
#include "fuzz.h"
#include "conv/core/sink.h"
#include "conv/core/text.h"

/* Characters the reader may drop: byline markers (□) and the like. */
static int is_layout_marker(uint32_t cp)
{
	return cp == 0x25A1 || cp == 0x25A0 || cp == 0x25CF || cp == 0x25C6 ||
	       cp == 0x25B2;
}

static int by_value(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
	return a < b ? -1 : a > b;
}

/* Appends the non-space code points of s[0..n) to *v (grown as needed). */
static void collect(const char *s, size_t n, uint32_t **v, size_t *len,
                    size_t *cap)
{
	size_t i = 0, l;
	uint32_t cp;
	while (i < n && (l = docconv_utf8_decode(s + i, n - i, &cp)) != 0) {
		i += l;
		if (docconv_is_space(cp))
			continue;
		if (*len == *cap) {
			*cap = *cap ? *cap * 2 : 256;
			*v = realloc(*v, *cap * sizeof **v);
			FUZZ_CHECK(*v != NULL);
		}
		(*v)[(*len)++] = cp;
	}
	FUZZ_CHECK(i == n);
}

/* Hyphens a line may end with after a letter: the wrap hyphens the reader
 * may remove when it joins the line to the next, `-` or a soft hyphen
 * (U+00AD, `hyphen` names which). Lines are trimmed, so white space of any
 * kind may follow; and the reader also ends a line where two ideographic
 * spaces (an indent) start a paragraph inside it. */
static size_t wrap_hyphens(const char *s, size_t n, uint32_t hyphen)
{
	static const char indent[] = "\xE3\x80\x80\xE3\x80\x80";
	char enc[4];
	size_t hl = docconv_utf8_encode(hyphen, enc);
	size_t count = 0;
	for (size_t i = 1; i + hl <= n; i++) {
		if (memcmp(s + i, enc, hl) != 0)
			continue;
		size_t l, j = i + hl;
		uint32_t cp, prev = docconv_utf8_last(s, i, &l);
		int line_end = 0;
		while (j < n && s[j] != '\n' &&
		       (l = docconv_utf8_decode(s + j, n - j, &cp)) != 0 &&
		       docconv_is_space(cp)) {
			line_end |= n - j >= 6 && memcmp(s + j, indent, 6) == 0;
			j += l;
		}
		line_end |= j == n || s[j] == '\n';
		count += line_end && docconv_is_alnum_latin(prev);
	}
	return count;
}

static void check_nothing_lost(const char *text, size_t n,
                               const docconv_doc *doc)
{
	uint32_t *want = NULL, *got = NULL;
	size_t nw = 0, cw = 0, ng = 0, cg = 0, hyphens_lost = 0, soft_lost = 0;
	collect(text, n, &want, &nw, &cw);
	/* Every article of the page. */
	for (const docconv_doc *a = doc; a; a = docconv_doc_next(a)) {
		docconv_iter it;
		docconv_iter_init(&it, docconv_doc_root(a));
		while (docconv_iter_next(&it) != DOCCONV_EVENT_DONE)
			if (docconv_node_get_type(it.node) == DOCCONV_NODE_TEXT) {
				size_t len;
				const char *s = docconv_node_literal(it.node, &len);
				collect(s, len, &got, &ng, &cg);
			}
	}
	if (nw)
		qsort(want, nw, sizeof *want, by_value);
	if (ng)
		qsort(got, ng, sizeof *got, by_value);
	for (size_t i = 0, j = 0; i < nw; i++) {
		while (j < ng && got[j] < want[i])
			j++;
		if (j < ng && got[j] == want[i]) {
			j++;
			continue;
		}
		if (want[i] == '-')
			hyphens_lost++;
		else if (want[i] == 0xAD)
			soft_lost++;
		else if (!is_layout_marker(want[i])) {
			fprintf(stderr, "U+%04X is not in the model\n",
			        (unsigned)want[i]);
			abort();
		}
	}
	FUZZ_CHECK(hyphens_lost <= wrap_hyphens(text, n, '-'));
	FUZZ_CHECK(soft_lost <= wrap_hyphens(text, n, 0xAD));
	free(want);
	free(got);
}

static void check_explain(const char *text, size_t n, docconv_status read_st)
{
	docconv_sink *sink = NULL;
	docconv_diag d;
	docconv_diag_init(&d, "fuzz");
	docconv_read_opts ro = { "fuzz.txt", "UTF-8", 0, 0 };
	FUZZ_CHECK(docconv_sink_open_memory(&sink) == DOCCONV_OK);
	docconv_status st = docconv_explain_article(text, n, &ro, sink, &d);
	fuzz_check_diag(st, &d);
	/* Explaining reads the text as the reader does: a limit hit by one is
	 * hit by the other. */
	FUZZ_CHECK((st == DOCCONV_ERR_LIMIT) == (read_st == DOCCONV_ERR_LIMIT));
	size_t len;
	const unsigned char *out = docconv_sink_data(sink, &len);
	FUZZ_CHECK(docconv_utf8_valid((const char *)out, len, NULL));
	docconv_sink_discard(sink);
	docconv_diag_free(&d);
}

/* --one-article: the same text as one document, nothing lost. The blocks
 * of every article then count against one document's limit. */
static void check_one_article(const char *text, size_t n,
                              docconv_status read_st)
{
	docconv_doc *doc = NULL;
	docconv_diag d;
	docconv_diag_init(&d, "fuzz");
	docconv_read_opts ro = { "fuzz.txt", "UTF-8", 0, 1 };
	docconv_status st = docconv_read_article(text, n, &ro, &doc, &d);
	if (st == DOCCONV_OK)
		st = docconv_doc_finish(doc, &d);
	fuzz_check_diag(st, &d);
	FUZZ_CHECK(st == read_st || st == DOCCONV_ERR_LIMIT);
	if (st == DOCCONV_OK) {
		FUZZ_CHECK(docconv_doc_count(doc) == 1);
		fuzz_check_model(doc, 1);
		check_nothing_lost(text, n, doc);
	}
	docconv_doc_free(doc);
	docconv_diag_free(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	docconv_decoded dec;
	docconv_doc *doc = NULL;
	docconv_diag d;
	docconv_diag_init(&d, "fuzz");
	docconv_status st = fuzz_read_article(data, size, &dec, &doc, &d);
	if (dec.text == NULL)
		goto out;
	check_explain(dec.text, dec.len, st);
	check_one_article(dec.text, dec.len, st);
	if (st != DOCCONV_OK)
		goto out;
	fuzz_check_model(doc, 1);
	check_nothing_lost(dec.text, dec.len, doc);
	fuzz_check_json_roundtrip(doc);
out:
	docconv_doc_free(doc);
	docconv_decoded_free(&dec);
	docconv_diag_free(&d);
	return 0;
}
