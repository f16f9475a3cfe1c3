/* fuzz_epub.c — bytes through decode and the article reader into the EPUB
 * writer, and the book read back with libzip and libxml2.
 *
 * Checked on every book the writer makes of a model:
 *   - the writer succeeds, and the zip opens with consistency checks;
 *   - `mimetype` is the first entry, stored, its local header at the very
 *     start of the file and holding application/epub+zip (OCF: readers
 *     sniff those bytes);
 *   - every XML entry (.xhtml, .opf, .ncx, container.xml) is well formed;
 *   - the article's <body> holds the model's text: its non-space
 *     characters, those XML allows, in the model's order.
 * Inputs are short (libFuzzer's -max_len, see CMakeLists.txt): deflating
 * and parsing dominate, and a few kilobytes reach every branch.
 */
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>
#include <zip.h>

#include "formats/formats.h"
#include "conv/core/decode.h"
#include "fuzz.h"
#include "conv/core/sink.h"
#include "conv/core/text.h"

/* The one article of a book of one document. */
#define ARTICLE_ENTRY "OEBPS/article-001.xhtml"
/* OCF: a local file header is 30 bytes, then the name, then the data. */
#define ZIP_LOCAL_HEADER 30

static const char mimetype[] = "application/epub+zip";

/* The non-space characters of s[0..n) that XML allows, appended to *v. */
static void collect(const char *s, size_t n, docconv_buf *v)
{
	for (size_t i = 0, l; i < n; i += l) {
		uint32_t cp;
		l = docconv_utf8_decode(s + i, n - i, &cp);
		FUZZ_CHECK(l > 0);
		if (!docconv_is_space(cp) && docconv_is_xml_char(cp))
			FUZZ_CHECK(docconv_buf_put(v, s + i, l) == 0);
	}
}

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcmp(s + n - k, suffix) == 0;
}

static xmlNode *find_element(xmlNode *n, const char *name)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)n->name, name) == 0)
			return n;
		xmlNode *in = find_element(n->children, name);
		if (in)
			return in;
	}
	return NULL;
}

/* Parses one entry, which must be well-formed XML; for the article, the
 * non-space text of its <body> goes to *body_text. */
static void check_xml(const char *name, const char *data, size_t len,
                      docconv_buf *body_text)
{
	xmlParserCtxtPtr ctx = xmlNewParserCtxt();
	FUZZ_CHECK(ctx != NULL);
	/* No network, no DTD loading: well-formedness is the question. */
	xmlDocPtr doc = xmlCtxtReadMemory(ctx, data, (int)len, name, "UTF-8",
	                                  XML_PARSE_NONET | XML_PARSE_NOERROR |
	                                  XML_PARSE_NOWARNING);
	if (!doc || !ctx->wellFormed) {
		const xmlError *e = xmlCtxtGetLastError(ctx);
		fprintf(stderr, "%s is not well formed: %s", name,
		        e && e->message ? e->message : "(no message)\n");
		abort();
	}
	if (strcmp(name, ARTICLE_ENTRY) == 0) {
		xmlNode *body = find_element(xmlDocGetRootElement(doc), "body");
		FUZZ_CHECK(body != NULL);
		xmlChar *text = xmlNodeGetContent(body);
		FUZZ_CHECK(text != NULL);
		collect((const char *)text, strlen((const char *)text), body_text);
		xmlFree(text);
	}
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctx);
}

/* Reads entry i whole (free it); its length in *len. */
static char *read_entry(zip_t *z, zip_uint64_t i, const zip_stat_t *zs,
                        size_t *len)
{
	zip_file_t *f = zip_fopen_index(z, i, 0);
	char *data = malloc(zs->size + 1);
	FUZZ_CHECK(f != NULL && data != NULL);
	FUZZ_CHECK(zip_fread(f, data, zs->size) == (zip_int64_t)zs->size);
	FUZZ_CHECK(zip_fclose(f) == 0);
	data[zs->size] = '\0';
	*len = zs->size;
	return data;
}

static void check_epub(const unsigned char *bytes, size_t len,
                       const docconv_doc *doc)
{
	zip_error_t ze;
	docconv_buf want, got;
	docconv_buf_init(&want);
	docconv_buf_init(&got);
	zip_error_init(&ze);

	size_t name_len = strlen("mimetype");
	FUZZ_CHECK(len >= ZIP_LOCAL_HEADER + name_len + strlen(mimetype));
	FUZZ_CHECK(memcmp(bytes, "PK\x03\x04", 4) == 0);
	FUZZ_CHECK(memcmp(bytes + ZIP_LOCAL_HEADER, "mimetype", name_len) == 0);
	FUZZ_CHECK(memcmp(bytes + ZIP_LOCAL_HEADER + name_len, mimetype,
	                  strlen(mimetype)) == 0);

	zip_source_t *src = zip_source_buffer_create(bytes, len, 0, &ze);
	FUZZ_CHECK(src != NULL);
	zip_t *z = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
	if (!z) {
		fprintf(stderr, "the EPUB does not open: %s\n",
		        zip_error_strerror(&ze));
		abort();
	}
	zip_int64_t n = zip_get_num_entries(z, 0);
	int article = 0;
	FUZZ_CHECK(n >= 1);
	for (zip_uint64_t i = 0; i < (zip_uint64_t)n; i++) {
		zip_stat_t zs;
		size_t data_len;
		FUZZ_CHECK(zip_stat_index(z, i, 0, &zs) == 0);
		FUZZ_CHECK((zs.valid & ZIP_STAT_NAME) && (zs.valid & ZIP_STAT_SIZE));
		if (i == 0) {
			FUZZ_CHECK(strcmp(zs.name, "mimetype") == 0);
			FUZZ_CHECK(zs.comp_method == ZIP_CM_STORE);
		}
		char *data = read_entry(z, i, &zs, &data_len);
		if (i == 0)
			FUZZ_CHECK(data_len == strlen(mimetype) &&
			           memcmp(data, mimetype, data_len) == 0);
		if (has_suffix(zs.name, ".xhtml") || has_suffix(zs.name, ".opf") ||
		    has_suffix(zs.name, ".ncx") || has_suffix(zs.name, ".xml"))
			check_xml(zs.name, data, data_len, &got);
		article |= strcmp(zs.name, ARTICLE_ENTRY) == 0;
		free(data);
	}
	FUZZ_CHECK(article);
	zip_discard(z);

	docconv_iter it;
	docconv_iter_init(&it, docconv_doc_root(doc));
	while (docconv_iter_next(&it) != DOCCONV_EVENT_DONE)
		if (docconv_node_get_type(it.node) == DOCCONV_NODE_TEXT) {
			size_t l;
			const char *s = docconv_node_literal(it.node, &l);
			collect(s, l, &want);
		}
	if (want.len != got.len ||
	    (want.len && memcmp(want.data, got.data, want.len) != 0)) {
		fprintf(stderr, "the article's text differs from the model's:\n"
		        "model: %.*s\nEPUB:  %.*s\n", (int)want.len,
		        want.data ? want.data : "", (int)got.len,
		        got.data ? got.data : "");
		abort();
	}
	docconv_buf_free(&want);
	docconv_buf_free(&got);
	zip_error_fini(&ze);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	docconv_decoded dec;
	docconv_doc *doc = NULL;
	docconv_sink *sink = NULL;
	docconv_diag d;
	docconv_diag_init(&d, "fuzz");
	docconv_status st = fuzz_read_article(data, size, &dec, &doc, &d);
	if (st != DOCCONV_OK)
		goto out;

	docconv_doc *const docs[1] = { doc };
	docconv_book book = { docs, 1, NULL, NULL, 0 };
	docconv_write_opts wo;
	memset(&wo, 0, sizeof wo);
	FUZZ_CHECK(docconv_sink_open_memory(&sink) == DOCCONV_OK);
	st = docconv_write_epub(NULL, &book, &wo, sink, &d);
	fuzz_check_diag(st, &d);
	FUZZ_CHECK(st == DOCCONV_OK);
	size_t len = 0;
	const unsigned char *bytes = docconv_sink_data(sink, &len);
	check_epub(bytes, len, doc);
out:
	if (sink)
		docconv_sink_discard(sink);
	docconv_doc_free(doc);
	docconv_decoded_free(&dec);
	docconv_diag_free(&d);
	return 0;
}
