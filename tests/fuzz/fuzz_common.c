/* fuzz_common.c — the invariants the harnesses share (see fuzz.h). */
#include <string.h>

#include "formats/formats.h"
#include "formats/json_parse.h"
#include "fuzz.h"
#include "conv/core/sink.h"
#include "conv/core/text.h"

void fuzz_check_diag(docconv_status st, const docconv_diag *d)
{
	for (size_t i = 0; i < d->n_entries; i++) {
		const char *m = d->entries[i].message;
		FUZZ_CHECK(docconv_utf8_valid(m, strlen(m), NULL));
		for (const char *c = m; *c; c++)
			FUZZ_CHECK((unsigned char)*c >= 0x20 && *c != 0x7F);
	}
	if (st == DOCCONV_OK || st == DOCCONV_ERR_NOMEM || d->n_errors > 0)
		return;
	fprintf(stderr, "status \"%s\" without an error message\n",
	        docconv_status_name(st));
	abort();
}

docconv_status fuzz_read_article(const uint8_t *data, size_t size,
                                 docconv_decoded *dec, docconv_doc **doc,
                                 docconv_diag *d)
{
	*doc = NULL;
	docconv_status st = docconv_decode(data, size, NULL, dec, d);
	fuzz_check_diag(st, d);
	if (st != DOCCONV_OK)
		return st;
	docconv_read_opts ro = { "fuzz.txt", dec->encoding, 0, 0 };
	st = docconv_read_article(dec->text, dec->len, &ro, doc, d);
	/* Every article of the page finished, as the pipeline does. */
	for (docconv_doc *a = st == DOCCONV_OK ? *doc : NULL; a && st == DOCCONV_OK;
	     a = docconv_doc_next(a))
		st = docconv_doc_finish(a, d);
	if (st != DOCCONV_OK) {
		docconv_doc_free(*doc);
		*doc = NULL;
	}
	fuzz_check_diag(st, d);
	FUZZ_CHECK((st == DOCCONV_OK) == (*doc != NULL));
	return st;
}

/* Whether a block holds text: a FIGURE in its caption or its credit. */
static int block_has_text(const docconv_node *b)
{
	size_t len = 0;
	char *t = docconv_node_text(b, &len);
	FUZZ_CHECK(t != NULL);
	free(t);
	return len > 0;
}

static void check_one_model(const docconv_doc *doc, int no_empty);

void fuzz_check_model(const docconv_doc *doc, int no_empty)
{
	for (; doc; doc = docconv_doc_next(doc))
		check_one_model(doc, no_empty);
}

static void check_one_model(const docconv_doc *doc, int no_empty)
{
	size_t blocks = 0;
	docconv_iter it;
	docconv_iter_init(&it, docconv_doc_root(doc));
	while (docconv_iter_next(&it) != DOCCONV_EVENT_DONE) {
		docconv_node *n = it.node;
		docconv_node_type t = docconv_node_get_type(n);
		if (it.event != DOCCONV_EVENT_ENTER)
			continue;
		if (docconv_node_parent(n) == docconv_doc_root(doc)) {
			blocks++;
			FUZZ_CHECK(!no_empty || block_has_text(n));
		}
		if (t == DOCCONV_NODE_TEXT) {
			size_t len;
			const char *s = docconv_node_literal(n, &len);
			FUZZ_CHECK(docconv_utf8_valid(s, len, NULL));
			FUZZ_CHECK(memchr(s, '\0', len) == NULL);
			FUZZ_CHECK(s[len] == '\0');
		}
	}
	FUZZ_CHECK(blocks == docconv_doc_block_count(doc));
	const docconv_meta *m = docconv_doc_meta(doc);
	const char *fields[] = { m->title, m->subtitle, m->kicker, m->lang,
	                         m->date, m->source, m->encoding };
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
		FUZZ_CHECK(!fields[i] ||
		           docconv_utf8_valid(fields[i], strlen(fields[i]), NULL));
	FUZZ_CHECK(m->n_authors <= DOCCONV_MAX_AUTHORS);
	for (size_t i = 0; i < m->n_authors; i++)
		FUZZ_CHECK(docconv_utf8_valid(m->authors[i], strlen(m->authors[i]),
		                              NULL));
}

/* Articles a page's check looks at (a fuzzed page may make hundreds). */
#define FUZZ_MAX_ARTICLES 4096

/* --to json of `doc` and the articles chained after it (a page), in a
 * new buffer (free it), checked to parse. */
static unsigned char *write_json(const docconv_doc *doc, size_t *len)
{
	docconv_sink *sink = NULL;
	docconv_diag d;
	static docconv_doc *docs[FUZZ_MAX_ARTICLES];
	size_t n = 0;
	for (const docconv_doc *a = doc; a && n < FUZZ_MAX_ARTICLES; a = docconv_doc_next(a))
		docs[n++] = (docconv_doc *)a;
	docconv_book book = { docs, n, NULL, NULL, 0 };
	docconv_write_opts wo;
	memset(&wo, 0, sizeof wo);
	docconv_diag_init(&d, "fuzz");
	FUZZ_CHECK(docconv_sink_open_memory(&sink) == DOCCONV_OK);
	FUZZ_CHECK(docconv_write_json(NULL, &book, &wo, sink, &d) == DOCCONV_OK);
	unsigned char *out = docconv_sink_take(sink, len);
	FUZZ_CHECK(out != NULL);
	FUZZ_CHECK(docconv_sink_close(sink, &d) == DOCCONV_OK);

	/* Our own strict parser is the judge of "valid JSON". */
	docconv_json *root = NULL;
	FUZZ_CHECK(docconv_utf8_valid((const char *)out, *len, NULL));
	docconv_status st = docconv_json_parse((const char *)out, *len, &root, &d);
	if (st != DOCCONV_OK && d.n_entries)
		fprintf(stderr, "the JSON written: %s\n", d.entries[0].message);
	FUZZ_CHECK(st == DOCCONV_OK);
	docconv_json_free(root);
	docconv_diag_free(&d);
	return out;
}

void fuzz_check_json_roundtrip(const docconv_doc *doc)
{
	docconv_doc *back = NULL;
	docconv_diag d;
	docconv_diag_init(&d, "fuzz");
	size_t len = 0, again_len = 0;
	unsigned char *json = write_json(doc, &len);
	docconv_status st = docconv_read_json((const char *)json, len, NULL,
	                                      &back, &d);
	for (docconv_doc *a = back; a && st == DOCCONV_OK; a = docconv_doc_next(a))
		st = docconv_doc_finish(a, &d);
	if (st != DOCCONV_OK && d.n_entries)
		fprintf(stderr, "reading back: %s\n", d.entries[0].message);
	FUZZ_CHECK(st == DOCCONV_OK);
	unsigned char *again = write_json(back, &again_len);
	FUZZ_CHECK(again_len == len && memcmp(again, json, len) == 0);
	free(again);
	free(json);
	docconv_doc_free(back);
	docconv_diag_free(&d);
}
