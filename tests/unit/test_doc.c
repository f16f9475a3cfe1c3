/* test_doc.c — the document model: shape rules, iterator, metadata, the
 * finishing step. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "conv/core/doc.h"

static void test_shape(void)
{
	CHECK(docconv_node_can_contain(DOCCONV_NODE_DOCUMENT, DOCCONV_NODE_PARAGRAPH));
	CHECK(!docconv_node_can_contain(DOCCONV_NODE_DOCUMENT, DOCCONV_NODE_TEXT));
	CHECK(!docconv_node_can_contain(DOCCONV_NODE_PARAGRAPH, DOCCONV_NODE_PARAGRAPH));
	CHECK(docconv_node_can_contain(DOCCONV_NODE_FIGURE, DOCCONV_NODE_CAPTION));
	CHECK(!docconv_node_can_contain(DOCCONV_NODE_FIGURE, DOCCONV_NODE_TEXT));
	CHECK(!docconv_node_can_contain(DOCCONV_NODE_TEXT, DOCCONV_NODE_TEXT));

	docconv_node *p = docconv_node_new(DOCCONV_NODE_PARAGRAPH);
	docconv_node *q = docconv_node_new(DOCCONV_NODE_PARAGRAPH);
	CHECK(docconv_node_append_child(p, q) == DOCCONV_ERR_INTERNAL);
	CHECK(docconv_node_parent(q) == NULL);
	docconv_node_free(q);
	docconv_node_free(p);
}

static void test_iterator(void)
{
	docconv_doc *doc = docconv_doc_new();
	CHECK(doc != NULL);
	CHECK(docconv_doc_append_text_block(doc, DOCCONV_NODE_TITLE, "T", 1, NULL) == DOCCONV_OK);
	CHECK(docconv_doc_append_figure(doc, "cap", 3, "cred", 4, NULL) == DOCCONV_OK);
	CHECK(docconv_doc_append_heading(doc, 3, "H", 1, NULL) == DOCCONV_OK);
	CHECK(docconv_doc_append_figure(doc, "", 0, "only", 4, NULL) == DOCCONV_OK);
	CHECK(docconv_doc_block_count(doc) == 4);

	/* The event sequence, written as type letters: + enter, - exit. */
	char trace[256] = "";
	docconv_iter it;
	docconv_iter_init(&it, docconv_doc_root(doc));
	docconv_event ev;
	while ((ev = docconv_iter_next(&it)) != DOCCONV_EVENT_DONE) {
		char step[32];
		snprintf(step, sizeof step, "%c%s ", ev == DOCCONV_EVENT_ENTER ? '+' : '-',
		         docconv_node_type_name(docconv_node_get_type(it.node)));
		strncat(trace, step, sizeof trace - strlen(trace) - 1);
	}
	CHECK_STR(trace, "+document +title +text -title +figure +caption +text -caption "
	                 "+credit +text -credit -figure +heading +text -heading +figure "
	                 "+caption -caption +credit +text -credit -figure -document ");

	docconv_node *h = docconv_node_prev(docconv_node_last_child(docconv_doc_root(doc)));
	CHECK(docconv_node_heading_level(h) == 3);
	CHECK(docconv_node_set_heading_level(h, 7) != DOCCONV_OK);
	size_t len;
	char *t = docconv_node_text(docconv_node_next(docconv_node_first_child(docconv_doc_root(doc))), &len);
	CHECK_STR(t, "capcred");
	free(t);
	docconv_doc_free(doc);
}

static void test_meta(void)
{
	docconv_doc *doc = docconv_doc_new();
	CHECK(docconv_doc_set_meta(doc, DOCCONV_META_TITLE, "乌海", 6) == DOCCONV_OK);
	CHECK_STR(docconv_doc_meta(doc)->title, "乌海");
	CHECK(docconv_doc_add_author(doc, "郝颺", 6) == DOCCONV_OK);
	CHECK(docconv_doc_add_author(doc, "郝颺", 6) == DOCCONV_OK);
	CHECK(docconv_doc_meta(doc)->n_authors == 1);
	CHECK(docconv_doc_set_meta(doc, DOCCONV_META_TITLE, NULL, 0) == DOCCONV_OK);
	CHECK(docconv_doc_meta(doc)->title == NULL);
	docconv_doc_free(doc);
	/* Languages written right to left, and their subtags. */
	CHECK(docconv_lang_rtl("ar") && docconv_lang_rtl("he") && docconv_lang_rtl("fa-IR"));
	CHECK(docconv_lang_rtl("ur"));
	CHECK(!docconv_lang_rtl("en") && !docconv_lang_rtl("zh-Hant") && !docconv_lang_rtl(NULL));
	CHECK(!docconv_lang_rtl("arn") && !docconv_lang_rtl("hea"));
}

/* The author limit is a status the caller can report, not a silent cut;
 * a name already there is still fine at the limit. */
static void test_author_limit(void)
{
	docconv_doc *doc = docconv_doc_new();
	char name[16];
	for (int i = 0; i < DOCCONV_MAX_AUTHORS; i++) {
		int n = snprintf(name, sizeof name, "author %d", i);
		CHECK(docconv_doc_add_author(doc, name, (size_t)n) == DOCCONV_OK);
	}
	CHECK(docconv_doc_add_author(doc, "one more", 8) == DOCCONV_ERR_LIMIT);
	CHECK(docconv_doc_add_author(doc, "author 0", 8) == DOCCONV_OK);
	CHECK(docconv_doc_meta(doc)->n_authors == DOCCONV_MAX_AUTHORS);
	docconv_doc_free(doc);
}

/* A long tree frees without recursion. */
static void test_many_blocks(void)
{
	docconv_doc *doc = docconv_doc_new();
	for (int i = 0; i < 50000; i++)
		docconv_doc_append_text_block(doc, DOCCONV_NODE_PARAGRAPH, "x", 1, NULL);
	CHECK(docconv_doc_block_count(doc) == 50000);
	docconv_doc_free(doc);
}

/* The finishing step: title, language and title block, settled once. */
static void test_finish(void)
{
	docconv_diag d;
	docconv_diag_init(&d, "t");
	docconv_doc *doc = docconv_doc_new();
	CHECK(docconv_doc_set_meta(doc, DOCCONV_META_SOURCE, "june.page.txt", 13) == 0);
	CHECK(docconv_doc_finish(doc, &d) == DOCCONV_OK);
	CHECK_STR(docconv_doc_meta(doc)->title, "june.page");   /* the file name */
	CHECK_STR(docconv_doc_meta(doc)->lang, "und");
	CHECK(docconv_doc_title_block(doc) == 0 && d.n_warnings == 0);
	docconv_doc_free(doc);

	doc = docconv_doc_new();
	CHECK(docconv_doc_set_meta(doc, DOCCONV_META_SOURCE, "a.txt", 5) == 0);
	CHECK(docconv_doc_set_meta(doc, DOCCONV_META_LANG, "en us", 5) == 0);
	docconv_doc_append_text_block(doc, DOCCONV_NODE_KICKER, "K", 1, NULL);
	docconv_doc_append_text_block(doc, DOCCONV_NODE_TITLE, " \u3000", 4, NULL);
	docconv_doc_append_text_block(doc, DOCCONV_NODE_TITLE, "Real", 4, NULL);
	docconv_doc_append_text_block(doc, DOCCONV_NODE_BYLINE, "By X", 4, NULL);
	docconv_doc_append_text_block(doc, DOCCONV_NODE_DATELINE, "D", 1, NULL);
	docconv_doc_append_text_block(doc, DOCCONV_NODE_BYLINE, "Late", 4, NULL);
	CHECK(docconv_doc_finish(doc, &d) == DOCCONV_OK);
	/* The first title with visible text; a malformed tag is "und", said. */
	CHECK_STR(docconv_doc_title(doc), "Real");
	CHECK_STR(docconv_doc_lang(doc), "und");
	CHECK(d.n_warnings == 1 && strstr(d.entries[0].message, "en us"));
	/* The dateline ends the title block; the byline after it is late. */
	CHECK(docconv_doc_title_block(doc) == 4);
	CHECK(docconv_doc_meta(doc)->title_block == 4);
	/* Twice gives the same, without a second warning. */
	CHECK(docconv_doc_finish(doc, &d) == DOCCONV_OK && d.n_warnings == 1);
	CHECK_STR(docconv_doc_title(doc), "Real");
	docconv_doc *docs[1] = { doc };
	docconv_book book = { docs, 1, NULL, NULL, 0 };
	CHECK_STR(docconv_book_title(&book), "Real");
	CHECK_STR(docconv_book_lang(&book), "und");
	book.title = "Book";
	book.lang = "zh-Hant";
	CHECK_STR(docconv_book_title(&book), "Book");
	CHECK_STR(docconv_book_lang(&book), "zh-Hant");
	docconv_doc_free(doc);

	doc = docconv_doc_new();   /* nothing at all */
	CHECK(docconv_doc_finish(doc, &d) == DOCCONV_OK);
	CHECK_STR(docconv_doc_title(doc), "Untitled");
	docconv_doc_free(doc);
	CHECK(docconv_lang_well_formed("zh-Hant") && !docconv_lang_well_formed("1a") &&
	      !docconv_lang_well_formed("en-") && !docconv_lang_well_formed(""));
	CHECK(docconv_lang_is("zh-Hant", "zh") && !docconv_lang_is("zha", "zh"));
	docconv_diag_free(&d);
}

static docconv_doc *page_article(const char *source, docconv_node_type type,
                                  const char *text)
{
	docconv_doc *doc = docconv_doc_new();
	CHECK(doc != NULL);
	CHECK(docconv_doc_set_meta(doc, DOCCONV_META_SOURCE, source,
	                           strlen(source)) == DOCCONV_OK);
	if (type == DOCCONV_NODE_FIGURE)
		CHECK(docconv_doc_append_figure(doc, text, strlen(text), "", 0,
		                                NULL) == DOCCONV_OK);
	else if (type != DOCCONV_NODE_NONE)
		CHECK(docconv_doc_append_text_block(doc, type, text, strlen(text),
		                                    NULL) == DOCCONV_OK);
	CHECK(docconv_doc_append_text_block(doc, DOCCONV_NODE_PARAGRAPH, "Body.",
	                                    5, NULL) == DOCCONV_OK);
	return doc;
}

/* A page's articles: a chain; each with no headline is named by its text;
 * the first headline names the page; a book tells where a page goes on. */
static void test_page(void)
{
	docconv_diag d;
	docconv_diag_init(&d, "t");
	docconv_doc *page = page_article("p.txt", DOCCONV_NODE_PARAGRAPH,
	                                 "THE DAILY MISSOURIAN   NINTH YEAR "
	                                 "COLUMBIA, MISSOURI, FRIDAY EVENING");
	docconv_doc *titled = page_article("p.txt", DOCCONV_NODE_TITLE, "Big News");
	docconv_doc *sub = page_article("p.txt", DOCCONV_NODE_HEADING, "Weather");
	docconv_doc *zh = page_article("p.txt", DOCCONV_NODE_PARAGRAPH,
	                               "本报讯　今年以来，我市新建充电桩三千余个，覆盖全部街镇。");
	docconv_doc *pic = page_article("p.txt", DOCCONV_NODE_NONE, "");
	docconv_doc *alone = page_article("alone.txt", DOCCONV_NODE_PARAGRAPH,
	                                  "Text.");
	docconv_doc_append(page, titled);
	docconv_doc_append(page, sub);
	docconv_doc_append(zh, pic);
	docconv_doc_append(page, zh);
	CHECK(docconv_doc_count(page) == 5);
	for (docconv_doc *a = page; a; a = docconv_doc_next(a))
		CHECK(docconv_doc_finish(a, &d) == DOCCONV_OK);
	CHECK(docconv_doc_finish(alone, &d) == DOCCONV_OK);
	/* Cut at a space in the second half of DOCCONV_LABEL_MAX_WIDTH
	 * columns, white space made one space. */
	CHECK_STR(docconv_doc_title(page),
	          "THE DAILY MISSOURIAN NINTH YEAR COLUMBIA,…");
	CHECK_STR(docconv_doc_title(titled), "Big News");
	CHECK_STR(docconv_doc_title(sub), "Weather");
	/* Ideographs and full-width marks count two columns. */
	CHECK_STR(docconv_doc_title(zh), "本报讯 今年以来，我市新建充电桩三千余个，覆盖全…");
	CHECK_STR(docconv_doc_title(pic), "Body.");
	/* Not on a page: the file's name, as before. */
	CHECK_STR(docconv_doc_title(alone), "alone");
	docconv_doc *docs[4] = { page, titled, sub, alone };
	docconv_book book = { docs, 4, NULL, NULL, 0 };
	CHECK_STR(docconv_book_title(&book), "Big News");
	CHECK(!docconv_book_same_page(&book, 0));
	CHECK(docconv_book_same_page(&book, 1) && docconv_book_same_page(&book, 2));
	CHECK(!docconv_book_same_page(&book, 3) && !docconv_book_same_page(&book, 4));
	docs[1] = sub;   /* not the next of the chain */
	CHECK(!docconv_book_same_page(&book, 1));
	docconv_doc_free(page);
	docconv_doc_free(alone);
	docconv_diag_free(&d);
}

int main(void)
{
	test_finish();
	test_page();
	test_shape();
	test_iterator();
	test_meta();
	test_many_blocks();
	test_author_limit();
	return check_report("test_doc");
}
