/* test_xhtml.c — the EPUB and HTML writers on a model built here: XML
 * specials survive escaped, characters XML forbids are gone, the markup is
 * the one structscore.py reads, every XML file parses back, and the same
 * book gives the same bytes. */
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "check.h"
#include "conv/core/doc.h"
#include "conv/core/sink.h"
#include "conv/core/text.h"
#include "formats/epub/deflate.h"
#include "formats/formats.h"

#define TITLE "Tom & Jerry <b> \"quoted\" 'single' ]]>"
#define EMOJI "\xF0\x9F\x98\x80"      /* U+1F600 */
#define NONCHAR "\xEF\xBF\xBE"        /* U+FFFE, not an XML character */
#define PARA "x]]>y\x01z " EMOJI " " NONCHAR "end\x1F"
#define PARA_CLEAN "x]]>yz " EMOJI " end"

static docconv_doc *make_doc(const char *lang)
{
	docconv_doc *doc = docconv_doc_new();
	CHECK(doc != NULL);
	CHECK(docconv_doc_set_meta(doc, DOCCONV_META_TITLE, TITLE,
	                           strlen(TITLE)) == DOCCONV_OK);
	CHECK(docconv_doc_set_meta(doc, DOCCONV_META_LANG, lang,
	                           strlen(lang)) == DOCCONV_OK);
	CHECK(docconv_doc_set_meta(doc, DOCCONV_META_DATE, "2024-02-29",
	                           10) == DOCCONV_OK);
	CHECK(docconv_doc_add_author(doc, "A & B", 5) == DOCCONV_OK);
	struct { docconv_node_type t; const char *s; } blocks[] = {
		{ DOCCONV_NODE_KICKER, "Kick" },
		{ DOCCONV_NODE_TITLE, TITLE },
		{ DOCCONV_NODE_BYLINE, "By A & B" },
		{ DOCCONV_NODE_PARAGRAPH, PARA },
	};
	for (size_t i = 0; i < sizeof blocks / sizeof *blocks; i++)
		CHECK(docconv_doc_append_text_block(doc, blocks[i].t, blocks[i].s,
		                                    strlen(blocks[i].s),
		                                    NULL) == DOCCONV_OK);
	CHECK(docconv_doc_append_heading(doc, 2, "Sub <one>", 9, NULL) ==
	      DOCCONV_OK);
	CHECK(docconv_doc_append_figure(doc, "cap & co", 8, "Cred \xE6\x91\x84",
	                                8, NULL) == DOCCONV_OK);
	CHECK(docconv_doc_append_figure(doc, "", 0, "only credit", 11, NULL) ==
	      DOCCONV_OK);
	CHECK(docconv_doc_append_figure(doc, "", 0, "", 0, NULL) == DOCCONV_OK);
	CHECK(docconv_doc_append_text_block(doc, DOCCONV_NODE_DATELINE,
	                                    "LATER, Jan. 1", 13, NULL) ==
	      DOCCONV_OK);
	CHECK(docconv_doc_append_heading(doc, 3, "Deeper", 6, NULL) ==
	      DOCCONV_OK);
	CHECK(docconv_doc_finish(doc, NULL) == DOCCONV_OK);
	return doc;
}

/* Runs a writer into memory; the bytes (free them) or NULL. */
static unsigned char *render(docconv_status (*write)(void *,
                                 const docconv_book *,
                                 const docconv_write_opts *, docconv_sink *,
                                 docconv_diag *),
                             const docconv_book *book,
                             const docconv_write_opts *opts, size_t *len,
                             docconv_diag *d)
{
	/* As the pipeline does: writers take finished documents. */
	for (size_t i = 0; i < book->n_docs; i++)
		CHECK(docconv_doc_finish(book->docs[i], d) == DOCCONV_OK);
	docconv_sink *sink = NULL;
	CHECK(docconv_sink_open_memory(&sink) == DOCCONV_OK);
	docconv_status st = write(NULL, book, opts, sink, d);
	CHECK(st == DOCCONV_OK);
	unsigned char *bytes = docconv_sink_take(sink, len);
	docconv_sink_discard(sink);
	return st == DOCCONV_OK ? bytes : (free(bytes), NULL);
}

static char *zip_entry(zip_t *z, const char *name, size_t *len)
{
	zip_stat_t st;
	zip_file_t *f;
	char *data = NULL;
	if (zip_stat(z, name, 0, &st) < 0 || !(f = zip_fopen(z, name, 0)))
		return NULL;
	data = malloc(st.size + 1);
	if (data && zip_fread(f, data, st.size) == (zip_int64_t)st.size) {
		data[st.size] = '\0';
		*len = st.size;
	} else {
		free(data);
		data = NULL;
	}
	zip_fclose(f);
	return data;
}

static xmlDocPtr parse(const char *data, size_t len, const char *name)
{
	xmlDocPtr x = xmlReadMemory(data, (int)len, name, NULL,
	                            XML_PARSE_NONET | XML_PARSE_NOERROR |
	                            XML_PARSE_NOWARNING);
	if (!x)
		fprintf(stderr, "%s is not well-formed XML\n", name);
	return x;
}

/* The string value of an XPath expression (x: XHTML, opf:, dc:), or "". */
static char *xpath(xmlDocPtr doc, const char *expr)
{
	static char out[1024];
	out[0] = '\0';
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathRegisterNs(ctx, BAD_CAST "x", BAD_CAST "http://www.w3.org/1999/xhtml");
	xmlXPathRegisterNs(ctx, BAD_CAST "opf", BAD_CAST "http://www.idpf.org/2007/opf");
	xmlXPathRegisterNs(ctx, BAD_CAST "dc", BAD_CAST "http://purl.org/dc/elements/1.1/");
	xmlXPathObjectPtr r = xmlXPathEvalExpression(BAD_CAST expr, ctx);
	if (r) {
		xmlChar *s = xmlXPathCastToString(r);
		snprintf(out, sizeof out, "%s", (const char *)s);
		xmlFree(s);
		xmlXPathFreeObject(r);
	}
	xmlXPathFreeContext(ctx);
	return out;
}

/* The EPUB of a book of `doc` alone, with the default options. */
static unsigned char *epub_of(docconv_doc *doc, size_t *n)
{
	docconv_doc *docs[1] = { doc };
	docconv_book book = { docs, 1, NULL, NULL, 1700000000 };
	docconv_write_opts opts;
	memset(&opts, 0, sizeof opts);
	docconv_diag d;
	docconv_diag_init(&d, "test");
	unsigned char *epub = render(docconv_write_epub, &book, &opts, n, &d);
	docconv_diag_free(&d);
	return epub;
}

static void test_epub(void)
{
	docconv_doc *doc = make_doc("en");
	size_t n = 0, n2 = 0;
	unsigned char *epub = epub_of(doc, &n);
	unsigned char *again = epub_of(doc, &n2);
	CHECK(epub && again && n == n2 && memcmp(epub, again, n) == 0);
	free(again);
	if (!epub)
		goto out;

	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(epub, n, 0, &ze);
	zip_t *z = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
	CHECK(z != NULL);
	if (!z)
		goto out;
	zip_stat_t zs;
	CHECK(zip_stat_index(z, 0, 0, &zs) == 0);
	CHECK_STR(zs.name, "mimetype");
	CHECK(zs.comp_method == ZIP_CM_STORE);

	/* Every XML file of the package parses. */
	for (zip_int64_t i = 0; i < zip_get_num_entries(z, 0); i++) {
		const char *name = zip_get_name(z, (zip_uint64_t)i, 0);
		size_t len = 0;
		if (!strstr(name, ".xhtml") && !strstr(name, ".opf") &&
		    !strstr(name, ".ncx") && !strstr(name, ".xml"))
			continue;
		char *data = zip_entry(z, name, &len);
		CHECK(data != NULL);
		xmlDocPtr x = data ? parse(data, len, name) : NULL;
		CHECK(x != NULL);
		xmlFreeDoc(x);
		free(data);
	}

	size_t len = 0;
	char *art = zip_entry(z, "OEBPS/article-001.xhtml", &len);
	CHECK(art != NULL);
	if (art) {
		CHECK(!memchr(art, '\x01', len) && !memchr(art, '\x1F', len));
		CHECK(!strstr(art, NONCHAR));
		CHECK(strstr(art, EMOJI) != NULL);
		CHECK(strstr(art, "<figure class=\"photo\"><figcaption>cap &amp; co "
		                  "<span class=\"credit\">Cred \xE6\x91\x84</span>"
		                  "</figcaption></figure>") != NULL);
		CHECK(strstr(art, "<figure class=\"photo\"><figcaption><span "
		                  "class=\"credit\">only credit</span></figcaption>"
		                  "</figure>") != NULL);
		xmlDocPtr x = parse(art, len, "article-001.xhtml");
		if (x) {
			CHECK_STR(xpath(x, "string(/x:html/@lang)"), "en");
			CHECK_STR(xpath(x, "string(/x:html/@xml:lang)"), "en");
			CHECK_STR(xpath(x, "string(//x:header/*[1]/@class)"), "kicker");
			CHECK_STR(xpath(x, "string(//x:header/x:h1)"), TITLE);
			CHECK_STR(xpath(x, "string(//x:header/x:h1/@id)"), "h1");
			CHECK_STR(xpath(x, "string(//x:header/*[3]/@class)"), "byline");
			CHECK_STR(xpath(x, "string(count(//x:header/*))"), "3");
			CHECK_STR(xpath(x, "string(//x:p[not(@class)])"), PARA_CLEAN);
			CHECK_STR(xpath(x, "string(//x:h2/@id)"), "s1");
			CHECK_STR(xpath(x, "string(//x:h2)"), "Sub <one>");
			CHECK_STR(xpath(x, "string(//x:h3/@id)"), "s2");
			CHECK_STR(xpath(x, "string(count(//x:figure))"), "2");
			/* A dateline past the title block is a body paragraph. */
			CHECK_STR(xpath(x, "name(//x:p[@class='dateline']/..)"),
			          "article");
			xmlFreeDoc(x);
		}
	}
	free(art);

	char *opf = zip_entry(z, "OEBPS/content.opf", &len);
	xmlDocPtr x = opf ? parse(opf, len, "content.opf") : NULL;
	CHECK(x != NULL);
	if (x) {
		CHECK_STR(xpath(x, "string(//dc:title)"), TITLE);
		CHECK_STR(xpath(x, "string(//dc:creator)"), "A & B");
		CHECK_STR(xpath(x, "string(//dc:language)"), "en");
		CHECK_STR(xpath(x, "string(//dc:date)"), "2024-02-29");
		CHECK_STR(xpath(x, "string(//opf:meta[@property='dcterms:modified'])"),
		          "2023-11-14T22:13:20Z");
		/* urn:uuid: and a version 5 UUID. */
		const char *id = xpath(x, "string(//dc:identifier)");
		CHECK(strncmp(id, "urn:uuid:", 9) == 0 && strlen(id) == 45 &&
		      id[9 + 14] == '5');
		CHECK_STR(xpath(x, "string(//opf:spine/@page-progression-direction)"),
		          "");
		xmlFreeDoc(x);
	}
	free(opf);

	char *nav = zip_entry(z, "OEBPS/nav.xhtml", &len);
	CHECK(nav && strstr(nav, "href=\"article-001.xhtml#h1\"") &&
	      strstr(nav, "href=\"article-001.xhtml#s1\">Sub &lt;one&gt;</a>") &&
	      strstr(nav, "href=\"article-001.xhtml#s2\""));
	free(nav);
	zip_close(z);
out:
	free(epub);
	docconv_doc_free(doc);
}

/* One XML file of an EPUB held in memory, parsed; NULL when absent. */
static xmlDocPtr epub_xml(const unsigned char *epub, size_t n,
                          const char *name);

/* The accessibility metadata, the cover and the navigation of a Chinese
 * book: with and without the cover, with and without a --css. */
static void test_accessibility(void)
{
	docconv_doc *doc = make_doc("zh-Hant");
	docconv_doc *docs[1] = { doc };
	docconv_book book = { docs, 1, NULL, NULL, 1700000000 };
	docconv_write_opts opts;
	memset(&opts, 0, sizeof opts);
	docconv_diag d;
	docconv_diag_init(&d, "test");
	CHECK(docconv_doc_set_meta(doc, DOCCONV_META_SOURCE, "p.txt", 5) ==
	      DOCCONV_OK &&
	      docconv_doc_set_meta(doc, DOCCONV_META_KICKER, "Kick", 4) ==
	      DOCCONV_OK);
	size_t n = 0;
	unsigned char *epub = render(docconv_write_epub, &book, &opts, &n, &d);
	xmlDocPtr opf = epub ? epub_xml(epub, n, "OEBPS/content.opf") : NULL;
	CHECK(opf != NULL);
	if (opf) {
		CHECK_STR(xpath(opf, "string(count(//opf:meta[@property="
		                     "'schema:accessMode']))"), "2");
		CHECK_STR(xpath(opf, "string(//opf:meta[@property="
		                     "'schema:accessMode'][2])"), "visual");
		CHECK_STR(xpath(opf, "string(//opf:meta[@property="
		                     "'schema:accessModeSufficient'])"), "textual");
		CHECK_STR(xpath(opf, "string(count(//opf:meta[@property="
		                     "'schema:accessibilityFeature']))"), "5");
		CHECK_STR(xpath(opf, "string(//opf:meta[@property="
		                     "'schema:accessibilityHazard'])"), "none");
		/* The summary in the book's language, Traditional here. */
		CHECK(strstr(xpath(opf, "string(//opf:meta[@property="
		                        "'schema:accessibilitySummary'])"),
		             "本書有標題層級和目錄") != NULL);
		CHECK_STR(xpath(opf, "string(//opf:meta[@property="
		                     "'dcterms:conformsTo'])"),
		          "EPUB Accessibility 1.1 - WCAG 2.1 Level AA");
		CHECK_STR(xpath(opf, "string(//opf:item[@properties='cover-image']"
		                     "/@href)"), "cover.svg");
		CHECK_STR(xpath(opf, "string(//opf:meta[@name='cover']/@content)"),
		          "cover-image");
		xmlFreeDoc(opf);
	}
	xmlDocPtr nav = epub ? epub_xml(epub, n, "OEBPS/nav.xhtml") : NULL;
	CHECK(nav != NULL);
	if (nav) {
		CHECK_STR(xpath(nav, "string(//x:nav[@id='toc']/@role)"), "doc-toc");
		CHECK_STR(xpath(nav, "string(//x:nav[@id='toc']/x:h1)"), "目錄");
		CHECK_STR(xpath(nav, "string(//x:nav[@id='landmarks']/@hidden)"),
		          "hidden");
		CHECK_STR(xpath(nav, "string(//x:nav[@id='landmarks']//x:a[1]"
		                     "/@href)"), "cover.xhtml");
		CHECK_STR(xpath(nav, "string(//x:nav[@id='landmarks']//x:li[2]"
		                     "/x:a/@href)"), "article-001.xhtml");
		xmlFreeDoc(nav);
	}
	/* The cover shows the kicker, the title, the date and the source, and
	 * its page says all of it in the alternative text. */
	xmlDocPtr svg = epub ? epub_xml(epub, n, "OEBPS/cover.svg") : NULL;
	CHECK(svg != NULL);
	if (svg) {
		CHECK_STR(xpath(svg, "string(//*[local-name()='g'][1])"), "Kick");
		CHECK(strstr(xpath(svg, "string(//*[local-name()='g'][2])"),
		             "Jerry") != NULL);
		CHECK_STR(xpath(svg, "string(//*[local-name()='g'][3])"),
		          "2024年2月29日");
		CHECK_STR(xpath(svg, "string(//*[local-name()='g'][4])"), "p.txt");
		xmlFreeDoc(svg);
	}
	xmlDocPtr page = epub ? epub_xml(epub, n, "OEBPS/cover.xhtml") : NULL;
	CHECK(page != NULL);
	if (page) {
		CHECK_STR(xpath(page, "string(//x:img/@alt)"),
		          "Kick，" TITLE "，2024年2月29日，p.txt");
		CHECK_STR(xpath(page, "string(//x:img/@src)"), "cover.svg");
		xmlFreeDoc(page);
	}
	free(epub);

	/* --no-cover: no picture, so no visual access mode either. */
	opts.no_cover = 1;
	epub = render(docconv_write_epub, &book, &opts, &n, &d);
	opf = epub ? epub_xml(epub, n, "OEBPS/content.opf") : NULL;
	CHECK(opf != NULL);
	if (opf) {
		CHECK_STR(xpath(opf, "string(count(//opf:meta[.='visual']))"), "0");
		CHECK_STR(xpath(opf, "string(count(//opf:item[contains(@href, "
		                     "'cover')]))"), "0");
		CHECK_STR(xpath(opf, "string(count(//opf:itemref))"), "1");
		xmlFreeDoc(opf);
	}
	CHECK(epub && !epub_xml(epub, n, "OEBPS/cover.svg"));
	free(epub);

	/* A --css stylesheet was not checked: no claim. */
	opts.user_css = "p { color: #ccc }";
	opts.user_css_len = strlen(opts.user_css);
	epub = render(docconv_write_epub, &book, &opts, &n, &d);
	opf = epub ? epub_xml(epub, n, "OEBPS/content.opf") : NULL;
	CHECK(opf != NULL);
	if (opf) {
		CHECK_STR(xpath(opf, "string(count(//opf:meta[@property="
		                     "'dcterms:conformsTo']))"), "0");
		xmlFreeDoc(opf);
	}
	free(epub);
	docconv_diag_free(&d);
	docconv_doc_free(doc);
}

/* A title no cover can hold ends in an ellipsis there, and the cover of
 * one made of zero-width marks stays small. */
static void test_cover_limits(void)
{
	docconv_doc *doc = docconv_doc_new();
	CHECK(doc != NULL);
	docconv_buf t;
	docconv_buf_init(&t);
	int r = 0;
	for (int i = 0; i < 2000; i++)
		r |= docconv_buf_puts(&t, "\xe6\x96\x87");  /* 文 */
	CHECK(r == 0);
	CHECK(docconv_doc_set_meta(doc, DOCCONV_META_TITLE, t.data, t.len) ==
	      DOCCONV_OK);
	docconv_doc *docs[1] = { doc };
	docconv_book book = { docs, 1, NULL, "zh", 0 };
	docconv_write_opts opts;
	memset(&opts, 0, sizeof opts);
	docconv_diag d;
	docconv_diag_init(&d, "test");
	size_t n = 0;
	unsigned char *epub = render(docconv_write_epub, &book, &opts, &n, &d);
	xmlDocPtr svg = epub ? epub_xml(epub, n, "OEBPS/cover.svg") : NULL;
	CHECK(svg != NULL);
	if (svg) {
		/* 11 lines of 16 characters at the smallest size, the last one
		 * cut for the ellipsis. */
		CHECK_STR(xpath(svg, "string(//*[local-name()='g'][1]/@font-size)"),
		          "60");
		CHECK_STR(xpath(svg, "string(count(//*[local-name()='text']))"), "11");
		const char *last = xpath(svg, "string(//*[local-name()='text'][11])");
		CHECK(strlen(last) == 16 * 3 &&
		      strcmp(last + 15 * 3, "\xe2\x80\xa6") == 0);
		xmlFreeDoc(svg);
	}
	free(epub);

	docconv_buf_free(&t);
	docconv_buf_init(&t);
	r = docconv_buf_puts(&t, "a");
	for (int i = 0; i < 100000; i++)
		r |= docconv_buf_puts(&t, "\xcc\x81");  /* U+0301 */
	CHECK(r == 0);
	CHECK(docconv_doc_set_meta(doc, DOCCONV_META_TITLE, t.data, t.len) ==
	      DOCCONV_OK);
	epub = render(docconv_write_epub, &book, &opts, &n, &d);
	svg = epub ? epub_xml(epub, n, "OEBPS/cover.svg") : NULL;
	CHECK(svg != NULL);
	if (svg) {
		CHECK(strlen(xpath(svg, "string(//*[local-name()='g'][1])")) <
		      2 * 1200);
		xmlFreeDoc(svg);
	}
	free(epub);
	docconv_buf_free(&t);
	docconv_diag_free(&d);
	docconv_doc_free(doc);
}

static xmlDocPtr epub_xml(const unsigned char *epub, size_t n,
                          const char *name)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(epub, n, 0, &ze);
	zip_t *z = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
	size_t len = 0;
	char *data = z ? zip_entry(z, name, &len) : NULL;
	xmlDocPtr x = data ? parse(data, len, name) : NULL;
	free(data);
	if (z)
		zip_close(z);
	else
		zip_source_free(src);
	return x;
}

/* The EPUB of a one-article book in `lang`, with its package document
 * and article parsed (NULL where they are not). */
static void epub_in(const char *lang, xmlDocPtr *opf, xmlDocPtr *art)
{
	docconv_doc *doc = make_doc(lang);
	size_t n = 0;
	unsigned char *epub = epub_of(doc, &n);
	*opf = epub ? epub_xml(epub, n, "OEBPS/content.opf") : NULL;
	*art = epub ? epub_xml(epub, n, "OEBPS/article-001.xhtml") : NULL;
	free(epub);
	docconv_doc_free(doc);
}

/* A book in a language written right to left runs so: its pages and
 * articles say dir="rtl", its spine turns from right to left; one written
 * left to right says no direction. */
static void test_rtl(void)
{
	xmlDocPtr opf, art;
	epub_in("ar", &opf, &art);
	CHECK(opf && art);
	if (opf)
		CHECK_STR(xpath(opf, "string(//opf:spine/@page-progression-direction)"), "rtl");
	if (art) {
		CHECK_STR(xpath(art, "string(/x:html/@dir)"), "rtl");
		CHECK_STR(xpath(art, "string(//x:article/@dir)"), "rtl");
	}
	xmlFreeDoc(opf);
	xmlFreeDoc(art);
	epub_in("en", &opf, &art);
	CHECK(opf && art);
	if (opf)
		CHECK_STR(xpath(opf, "string(//opf:spine/@page-progression-direction)"), "");
	if (art)
		CHECK_STR(xpath(art, "string(/x:html/@dir)"), "");
	xmlFreeDoc(opf);
	xmlFreeDoc(art);
}

/* What the package says when the model says little or nonsense. */
static void test_fallbacks(void)
{
	docconv_doc *bare = docconv_doc_new();
	docconv_doc *late = docconv_doc_new();
	CHECK(bare && late);
	CHECK(docconv_doc_set_meta(bare, DOCCONV_META_LANG, "en us", 5) == 0);
	CHECK(docconv_doc_set_meta(bare, DOCCONV_META_DATE, "yesterday", 9) == 0);
	CHECK(docconv_doc_set_meta(bare, DOCCONV_META_SOURCE, "a.b.txt", 7) == 0);
	CHECK(docconv_doc_append_text_block(late, DOCCONV_NODE_PARAGRAPH, "p", 1,
	                                    NULL) == DOCCONV_OK);
	CHECK(docconv_doc_append_text_block(late, DOCCONV_NODE_TITLE, "Late", 4,
	                                    NULL) == DOCCONV_OK);
	docconv_doc *docs[2] = { bare, late };
	docconv_book book = { docs, 2, NULL, NULL, -5 };
	docconv_write_opts opts;
	memset(&opts, 0, sizeof opts);
	docconv_diag d;
	docconv_diag_init(&d, "test");
	size_t n = 0;
	unsigned char *epub = render(docconv_write_epub, &book, &opts, &n, &d);
	xmlDocPtr opf = epub ? epub_xml(epub, n, "OEBPS/content.opf") : NULL;
	CHECK(opf != NULL);
	if (opf) {
		/* The first headline of the book's documents, though not the
		 * first's; "und" for a bad tag. */
		CHECK_STR(xpath(opf, "string(//dc:title)"), "Late");
		CHECK_STR(xpath(opf, "string(//dc:language)"), "und");
		CHECK_STR(xpath(opf, "string(count(//dc:date))"), "0");
		CHECK_STR(xpath(opf, "string(//opf:meta)"), "1970-01-01T00:00:00Z");
		/* The cover page first, then the articles. */
		CHECK_STR(xpath(opf, "string(count(//opf:itemref))"), "3");
		CHECK_STR(xpath(opf, "string(//opf:itemref[1]/@idref)"), "cover");
		/* A language nobody can tell fails WCAG 3.1.1: no conformance
		 * claim, and the summary says in which language it is written. */
		CHECK_STR(xpath(opf, "string(count(//opf:meta[@property="
		                     "'dcterms:conformsTo']))"), "0");
		CHECK_STR(xpath(opf, "string(//opf:meta[@property="
		                     "'schema:accessibilitySummary']/@xml:lang)"),
		          "en");
		xmlFreeDoc(opf);
	}
	xmlDocPtr nav = epub ? epub_xml(epub, n, "OEBPS/nav.xhtml") : NULL;
	CHECK(nav != NULL);
	if (nav) {
		/* An article with no headline: the source name without its
		 * extension. A title block that is not first still names the
		 * article. */
		CHECK_STR(xpath(nav, "string(//x:li[1]/x:a)"), "a.b");
		CHECK_STR(xpath(nav, "string(//x:li[2]/x:a)"), "Late");
		CHECK_STR(xpath(nav, "string(//x:li[2]/x:a/@href)"),
		          "article-002.xhtml#h1");
		CHECK_STR(xpath(nav, "string(//x:li[1]/x:a/@href)"),
		          "article-001.xhtml");
		xmlFreeDoc(nav);
	}
	free(epub);
	docconv_diag_free(&d);
	docconv_doc_free(bare);
	docconv_doc_free(late);
}

static void test_html_book(void)
{
	docconv_doc *docs[2] = { make_doc("en"), make_doc("zh-Hant") };
	docconv_book book = { docs, 2, "Two", "zh", 1700000000 };
	docconv_write_opts opts;
	memset(&opts, 0, sizeof opts);
	opts.vertical = 1;
	opts.user_css = "p { color: red } a > b { }";
	opts.user_css_len = strlen(opts.user_css);
	docconv_diag d;
	docconv_diag_init(&d, "test");
	size_t n = 0;
	unsigned char *html = render(docconv_write_html, &book, &opts, &n, &d);
	CHECK(html != NULL);
	if (html) {
		CHECK(strncmp((char *)html, "<!DOCTYPE html>\n", 16) == 0);
		CHECK(!memchr(html, '\x01', n));
		CHECK(strstr((char *)html, "a > b { }") != NULL);
		xmlDocPtr x = parse((char *)html, n, "page.html");
		CHECK(x != NULL);
		if (x) {
			CHECK_STR(xpath(x, "string(/x:html/@lang)"), "zh");
			CHECK_STR(xpath(x, "string(/x:html/@class)"),
			          "standalone vertical");
			CHECK_STR(xpath(x, "string(/x:html/x:head/x:title)"), "Two");
			CHECK_STR(xpath(x, "string(count(//x:article))"), "2");
			CHECK_STR(xpath(x, "string(//x:article[2]/@lang)"), "zh-Hant");
			CHECK_STR(xpath(x, "string(//x:article[1]//x:h1/@id)"), "a1-h1");
			CHECK_STR(xpath(x, "string(//x:article[2]//x:h2/@id)"), "a2-s1");
			CHECK_STR(xpath(x, "string(//x:article[2]//x:p[not(@class)])"),
			          PARA_CLEAN);
			xmlFreeDoc(x);
		}
	}
	free(html);

	/* --vertical on English text: a warning, and horizontal lines. */
	docconv_book en = { docs, 1, NULL, NULL, 0 };
	size_t warnings = d.n_warnings;
	html = render(docconv_write_html, &en, &opts, &n, &d);
	CHECK(d.n_warnings == warnings + 1);
	CHECK(html && !strstr((char *)html, "class=\"standalone vertical\""));
	free(html);

	/* A stylesheet that is not UTF-8 is refused. */
	opts.user_css = "p { content: \"\xff\" }";
	opts.user_css_len = strlen(opts.user_css);
	docconv_sink *sink = NULL;
	CHECK(docconv_sink_open_memory(&sink) == DOCCONV_OK);
	CHECK(docconv_write_html(NULL, &book, &opts, sink, &d) ==
	      DOCCONV_ERR_INPUT);
	CHECK(docconv_write_epub(NULL, &book, &opts, sink, &d) ==
	      DOCCONV_ERR_INPUT);
	docconv_sink_discard(sink);

	docconv_diag_free(&d);
	docconv_doc_free(docs[0]);
	docconv_doc_free(docs[1]);
}

/* A writer context kept from book to book (as a batch thread keeps it)
 * gives each book the bytes it gets alone. */
static void test_epub_context(void)
{
	docconv_doc *en = make_doc("en"), *zh = make_doc("zh");
	docconv_doc *one[1] = { en }, *other[1] = { zh };
	docconv_book a = { one, 1, NULL, NULL, 1700000000 };
	docconv_book b = { other, 1, NULL, NULL, 1700000001 };
	docconv_write_opts opts;
	memset(&opts, 0, sizeof opts);
	docconv_diag d;
	docconv_diag_init(&d, "test");
	void *ctx = NULL;
	CHECK(docconv_epub_create(&opts, &ctx, &d) == DOCCONV_OK && ctx);
	const docconv_book *order[] = { &a, &b, &a, &b };
	for (size_t i = 0; i < sizeof order / sizeof *order; i++) {
		size_t n = 0, n_alone = 0;
		docconv_sink *sink = NULL;
		CHECK(docconv_sink_open_memory(&sink) == DOCCONV_OK);
		CHECK(docconv_write_epub(ctx, order[i], &opts, sink, &d) ==
		      DOCCONV_OK);
		unsigned char *with = docconv_sink_take(sink, &n);
		docconv_sink_discard(sink);
		unsigned char *alone = render(docconv_write_epub, order[i], &opts,
		                              &n_alone, &d);
		CHECK(with && alone && n == n_alone && memcmp(with, alone, n) == 0);
		free(with);
		free(alone);
	}
	docconv_epub_destroy(ctx);
	docconv_doc_free(en);
	docconv_doc_free(zh);
	docconv_diag_free(&d);
}

/* The deflater reuses a remembered result only for the same bytes: an
 * entry of the same name with other bytes is deflated anew, and every
 * entry reads back as what was given. */
static void test_deflater(void)
{
	epub_deflater f;
	epub_deflater_init(&f);
	const char *texts[] = { "body { margin: 0 }", "body { margin: 0 }",
	                        "p { text-indent: 2em }", "",
	                        "body { margin: 0 }" };
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		zip_error_t ze;
		zip_error_init(&ze);
		zip_source_t *mem = zip_source_buffer_create(NULL, 0, 0, &ze);
		zip_t *z = mem ? zip_open_from_source(mem, ZIP_TRUNCATE, &ze) : NULL;
		CHECK(z != NULL);
		if (!z)
			continue;
		zip_source_keep(mem);
		zip_source_t *src = epub_deflated_source(&f, z, "style.css",
		                                         texts[i],
		                                         strlen(texts[i]), 1);
		CHECK(src && zip_file_add(z, "style.css", src, 0) == 0);
		CHECK(zip_close(z) == 0);
		zip_t *r = zip_open_from_source(mem, ZIP_RDONLY, &ze);
		size_t len = 0;
		char *back = r ? zip_entry(r, "style.css", &len) : NULL;
		zip_stat_t st;
		CHECK(r && zip_stat(r, "style.css", 0, &st) == 0 &&
		      st.comp_method == ZIP_CM_DEFLATE);
		CHECK(back && len == strlen(texts[i]) &&
		      memcmp(back, texts[i], len) == 0);
		free(back);
		if (r)
			zip_close(r);
		else
			zip_source_free(mem);
		zip_error_fini(&ze);
	}
	epub_deflater_free(&f);
}

int main(void)
{
	test_epub();
	test_epub_context();
	test_deflater();
	test_fallbacks();
	test_accessibility();
	test_cover_limits();
	test_html_book();
	test_rtl();
	xmlCleanupParser();
	return check_report("xhtml");
}
