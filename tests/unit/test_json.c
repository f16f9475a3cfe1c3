/* test_json.c — the strict JSON parser and the --from json reader: values,
 * escapes, errors at their line and column, limits, and a model read back
 * and written again byte for byte. */
#include <stdlib.h>

#include "check.h"
#include "formats/formats.h"
#include "formats/json_parse.h"
#include "conv/core/text.h"

static void check_values(void)
{
	static const char text[] =
		"{\"a\": [1, -2.5e3, true, false, null,\n"
		"       \"q\\\"b\\\\s\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\\u4e2d\"],\n"
		" \"b\": {}, \"\\u0041\": 0}";
	docconv_diag d;
	docconv_diag_init(&d, "t");
	docconv_json *root = NULL;
	CHECK(docconv_json_parse(text, sizeof text - 1, &root, &d) == DOCCONV_OK);
	CHECK(d.n_entries == 0);
	if (!root)
		goto out;
	CHECK(root->type == DOCCONV_JSON_OBJECT && root->count == 3);
	const docconv_json *a = root->first;
	CHECK_STR(a->key, "a");
	CHECK(a->type == DOCCONV_JSON_ARRAY && a->count == 6);
	const docconv_json *v = a->first;
	CHECK(v->type == DOCCONV_JSON_NUMBER);
	CHECK_STR(v->str, "1");
	v = v->next;
	CHECK_STR(v->str, "-2.5e3");
	v = v->next;
	CHECK(v->type == DOCCONV_JSON_TRUE);
	v = v->next;
	CHECK(v->type == DOCCONV_JSON_FALSE);
	v = v->next;
	CHECK(v->type == DOCCONV_JSON_NULL);
	v = v->next;
	CHECK(v->type == DOCCONV_JSON_STRING);
	CHECK_STR(v->str, "q\"b\\s/\b\f\n\r\té😀中");
	CHECK(v->len == strlen("q\"b\\s/\b\f\n\r\té😀中"));
	/* Offsets: the string starts on line 2, after seven spaces. */
	docconv_json_cursor c;
	docconv_json_cursor_init(&c);
	docconv_json_locate(text, v->at, &c);
	CHECK(c.line == 2 && c.column == 8);
	const docconv_json *b = a->next;
	CHECK_STR(b->key, "b");
	CHECK(b->type == DOCCONV_JSON_OBJECT && b->count == 0 && !b->first);
	CHECK_STR(b->next->key, "A");
	docconv_json_free(root);
out:
	docconv_diag_free(&d);
}

/* `text` fails with `want` at line:column, the message holding `words`. */
static void check_parse_error(const char *text, size_t n, docconv_status want,
                              unsigned long line, unsigned long column,
                              const char *words)
{
	docconv_diag d;
	docconv_diag_init(&d, "t");
	docconv_json *root = (docconv_json *)&d;   /* must come back NULL */
	docconv_status st = docconv_json_parse(text, n, &root, &d);
	char where[32];
	snprintf(where, sizeof where, "column %lu: ", column);
	const docconv_diag_entry *e = d.n_entries ? &d.entries[0] : NULL;
	CHECK(st == want);
	CHECK(root == NULL);
	CHECK(e && e->severity == DOCCONV_SEV_ERROR);
	CHECK(e && e->line == line);
	CHECK(e && strncmp(e->message, where, strlen(where)) == 0);
	CHECK(e && strstr(e->message, words));
	if (!e || e->line != line || strncmp(e->message, where, strlen(where)) ||
	    !strstr(e->message, words))
		fprintf(stderr, "  for %.40s: %lu: %s\n", text, e ? e->line : 0,
		        e ? e->message : "(no message)");
	docconv_diag_free(&d);
}

#define BAD(text, line, column, words) \
	check_parse_error(text, sizeof text - 1, DOCCONV_ERR_INPUT, line, \
	                  column, words)

static void check_errors(void)
{
	BAD("{\n  \"a\" 1}", 2, 7, "expected ':' after a key, found '1'");
	BAD("[1, 2", 1, 6, "found the end of the text");
	BAD("", 1, 1, "expected a value");
	BAD("[1 2]", 1, 4, "expected ',' or ']' after an item, found '2'");
	BAD("{\"a\": 1 \"b\": 2}", 1, 9, "expected ',' or '}' after a member");
	BAD("{\"中文\": 1, 2}", 1, 11, "expected a key in double quotes, found '2'");
	BAD("[1,]", 1, 4, "no trailing comma");
	BAD("{'a': 1}", 1, 2, "expected a key in double quotes, found '''");
	BAD("[\"ab\\x\"]", 1, 5, "unknown escape: a backslash before 'x'");
	BAD("[\"ab\\u12G4\"]", 1, 5, "four hex digits");
	BAD("[\"\\ud800\"]", 1, 3, "first half of a surrogate pair");
	BAD("[\"\\ud800\\u0041\"]", 1, 3, "first half of a surrogate pair");
	BAD("[\"\\udc00\"]", 1, 3, "second half of a surrogate pair");
	BAD("[\"a\tb\"]", 1, 4, "control character (U+0009)");
	BAD("[\"abc", 1, 2, "has no closing '\"'");
	BAD("[\"abc\\", 1, 6, "a backslash before the end of the text");
	BAD("01", 1, 2, "more text after the end of the JSON value: '1'");
	BAD("[-]", 1, 3, "a digit after '-'");
	BAD("[1.]", 1, 4, "a digit after '.'");
	BAD("[1e+]", 1, 5, "a digit in its exponent");
	BAD("[tru]", 1, 2, "expected a value");
	BAD("[True]", 1, 2, "found 'T'");
	BAD("[NaN]", 1, 2, "found 'N'");
	BAD("{} // note", 1, 4, "more text after the end");
	BAD("\"\xE4\xB8\"", 1, 2, "not valid UTF-8");

	/* Nesting: 64 levels read, 10,000 stop at the 65th. */
	char deep[20000];
	for (int i = 0; i < 64; i++) {
		deep[i] = '[';
		deep[127 - i] = ']';
	}
	docconv_diag d;
	docconv_diag_init(&d, "t");
	docconv_json *root = NULL;
	CHECK(docconv_json_parse(deep, 128, &root, &d) == DOCCONV_OK);
	docconv_json_free(root);
	docconv_diag_free(&d);
	for (int i = 0; i < 10000; i++) {
		deep[i] = '[';
		deep[19999 - i] = ']';
	}
	check_parse_error(deep, sizeof deep, DOCCONV_ERR_LIMIT, 1,
	                  DOCCONV_JSON_MAX_DEPTH + 1, "nested more than 64 deep");

	/* Values: one past the limit. */
	size_t n = 2 * (size_t)DOCCONV_JSON_MAX_VALUES + 1;
	char *many = malloc(n);
	CHECK(many != NULL);
	if (many) {
		for (size_t i = 0; i + 1 < n; i += 2) {
			many[i] = i ? ',' : '[';
			many[i + 1] = '0';
		}
		many[n - 1] = ']';
		/* '[' and DOCCONV_JSON_MAX_VALUES - 1 zeros read; the next
		 * zero is one too many. */
		check_parse_error(many, n, DOCCONV_ERR_LIMIT, 1,
		                  2 * DOCCONV_JSON_MAX_VALUES, "more than");
		free(many);
	}
}

static void check_integer(void)
{
	static const struct { const char *lit; int ok; long value; } cases[] = {
		{ "3", 1, 3 }, { "6", 1, 6 }, { "7", 0, 0 }, { "1", 0, 0 },
		{ "3.0", 0, 0 }, { "3e0", 0, 0 }, { "-3", 0, 0 },
		{ "99999999999999999999999999", 0, 0 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		docconv_json v = { .type = DOCCONV_JSON_NUMBER,
		                   .str = (char *)cases[i].lit };
		long x = -1;
		int ok = docconv_json_integer(&v, 2, 6, &x);
		CHECK(ok == cases[i].ok);
		CHECK(!ok || x == cases[i].value);
	}
	docconv_json s = { .type = DOCCONV_JSON_STRING, .str = (char *)"3" };
	long x;
	CHECK(!docconv_json_integer(&s, 2, 6, &x));
}

/* A model in exactly the shape --to json writes, with every block type,
 * escapes and text outside the BMP. */
static const char model[] =
	"{\n"
	" \"meta\": {\n"
	"   \"title\": \"台風「海葵」登陸\",\n"
	"   \"subtitle\": null,\n"
	"   \"kicker\": \"要聞\",\n"
	"   \"authors\": [\"王小明\", \"Jane \\\"JJ\\\" Doe\"],\n"
	"   \"lang\": \"zh-Hant\",\n"
	"   \"date\": \"2023-09-03\",\n"
	"   \"source\": \"typhoon.txt\",\n"
	"   \"encoding\": \"BIG5\",\n"
	"   \"title_block\": 3\n"
	" },\n"
	" \"blocks\": [\n"
	"  {\"type\": \"kicker\", \"text\": \"要聞\"},\n"
	"  {\"type\": \"title\", \"text\": \"台風「海葵」登陸\"},\n"
	"  {\"type\": \"byline\", \"text\": \"記者王小明／台北報導\"},\n"
	"  {\"type\": \"dateline\", \"text\": \"台北3日電\"},\n"
	"  {\"type\": \"heading\", \"level\": 3, \"text\": \"交通\"},\n"
	"  {\"type\": \"paragraph\", \"text\": \"tab\\there, 𠮷 and \\\\ \\u2028.\"},\n"
	"  {\"type\": \"figure\", \"caption\": \"\", \"credit\": \"圖／中央社\"},\n"
	"  {\"type\": \"subtitle\", \"text\": \"\"}\n"
	" ]\n"
	"}\n";

static docconv_status read_model(const char *text, docconv_doc **doc,
                           docconv_diag *d)
{
	docconv_read_opts ro = { "t.json", "UTF-8", 0, 0 };
	docconv_diag_init(d, "t.json");
	return docconv_read_json(text, strlen(text), &ro, doc, d);
}

static void check_round_trip(void)
{
	docconv_diag d;
	docconv_doc *doc = NULL;
	docconv_sink *sink = NULL;
	CHECK(read_model(model, &doc, &d) == DOCCONV_OK);
	CHECK(doc && docconv_doc_finish(doc, &d) == DOCCONV_OK);
	CHECK(d.n_entries == 0);
	if (!doc)
		goto out;
	const docconv_meta *m = docconv_doc_meta(doc);
	CHECK_STR(m->title, "台風「海葵」登陸");
	CHECK(m->subtitle == NULL);
	CHECK(m->n_authors == 2);
	CHECK_STR(m->authors[1], "Jane \"JJ\" Doe");
	CHECK(docconv_doc_block_count(doc) == 8);
	docconv_node *h = docconv_node_first_child(docconv_doc_root(doc));
	for (int i = 0; i < 4; i++)
		h = docconv_node_next(h);
	CHECK(docconv_node_get_type(h) == DOCCONV_NODE_HEADING);
	CHECK(docconv_node_heading_level(h) == 3);
	docconv_node *p = docconv_node_next(h);
	char *t = docconv_node_text(p, NULL);
	CHECK_STR(t, "tab\there, 𠮷 and \\ \xE2\x80\xA8.");
	free(t);
	docconv_node *fig = docconv_node_next(p);
	CHECK(docconv_figure_part(fig, DOCCONV_NODE_CREDIT) != NULL);

	/* Written again: the same bytes. */
	docconv_doc *docs[1] = { doc };
	docconv_book book = { docs, 1, NULL, NULL, 0 };
	docconv_write_opts wo;
	memset(&wo, 0, sizeof wo);
	CHECK(docconv_sink_open_memory(&sink) == DOCCONV_OK);
	CHECK(sink && docconv_write_json(NULL, &book, &wo, sink, &d) == DOCCONV_OK);
	size_t len = 0;
	const unsigned char *out = sink ? docconv_sink_data(sink, &len) : NULL;
	CHECK(out && len == strlen(model) && memcmp(out, model, len) == 0);
out:
	docconv_sink_discard(sink);
	docconv_doc_free(doc);
	docconv_diag_free(&d);
}

/* A model that reads, or fails, with a message of severity `sev` holding
 * `words` at a known line. */
static void check_model(const char *text, docconv_status want,
                        docconv_severity sev, const char *words)
{
	docconv_diag d;
	docconv_doc *doc = NULL;
	docconv_status st = read_model(text, &doc, &d);
	const docconv_diag_entry *e = NULL;
	for (size_t i = 0; i < d.n_entries && !e; i++)
		if (strstr(d.entries[i].message, words))
			e = &d.entries[i];
	CHECK(st == want);
	CHECK((doc != NULL) == (want == DOCCONV_OK));
	CHECK(e && e->severity == sev && e->line > 0);
	CHECK(d.n_errors == (want != DOCCONV_OK));
	if (!e)
		fprintf(stderr, "  for %.50s: %s\n", text,
		        d.n_entries ? d.entries[0].message : "(none)");
	docconv_doc_free(doc);
	docconv_diag_free(&d);
}

/* Models that fail (IN, an error) or read with a warning (OK, WARN), and
 * words of the message. */
static const struct {
	const char *text;
	docconv_status st;
	docconv_severity sev;
	const char *words;
} shapes[] = {
#define IN DOCCONV_ERR_INPUT
#define OK DOCCONV_OK
#define ERR DOCCONV_SEV_ERROR
#define WARN DOCCONV_SEV_WARNING
	{ "{\"blocks\": [{\"type\": \"paragraph\", \"text\": \"a\"},\n"
	  " {\"type\": \"photo\", \"text\": \"b\"}]}", IN, ERR,
	  "blocks[1]: unknown block type \"photo\"" },
	{ "{\"title\": \"B\", \"articles\": [{}, {}, {}]}", IN, ERR,
	  "no \"blocks\" array" },
	{ "{\"articles\": []}", IN, ERR, "\"articles\" is empty" },
	{ "{\"articles\": {}}", IN, ERR, "articles must be an array" },
	{ "[]", IN, ERR, "must be an object" },
	{ "{\"meta\": {}}", IN, ERR, "no \"blocks\" array" },
	{ "{\"blocks\": {}}", IN, ERR, "blocks must be an array, not an object" },
	{ "{\"meta\": {\"title\": 3}, \"blocks\": []}", IN, ERR,
	  "meta.title must be a string or null, not a number" },
	{ "{\"meta\": {\"authors\": \"A\"}, \"blocks\": []}", IN, ERR,
	  "meta.authors must be an array of strings" },
	{ "{\"meta\": {\"authors\": [1]}, \"blocks\": []}", IN, ERR,
	  "meta.authors[] must be a string" },
	{ "{\"blocks\": [\"x\"]}", IN, ERR,
	  "blocks[0] must be an object, not a string" },
	{ "{\"blocks\": [{\"text\": \"x\"}]}", IN, ERR, "blocks[0] has no \"type\"" },
	{ "{\"blocks\": [{\"type\": \"paragraph\"}]}", IN, ERR,
	  "a paragraph needs \"text\"" },
	{ "{\"blocks\": [{\"type\": \"paragraph\", \"text\": 5}]}", IN, ERR,
	  "blocks[0].text must be a string, not a number" },
	{ "{\"blocks\": [{\"type\": \"heading\", \"level\": 7, \"text\": \"x\"}]}",
	  IN, ERR, "from 2 to 6" },
	{ "{\"blocks\": [{\"type\": \"heading\", \"text\": \"x\"}]}", IN, ERR,
	  "a heading needs \"level\"" },
	{ "{\"blocks\": [{\"type\": \"caption\", \"text\": \"x\"}]}", IN, ERR,
	  "unknown block type \"caption\"" },
	{ "{\"blocks\": [{\"type\": \"paragraph\", \"text\": \"a\\u0000b\"}]}", IN,
	  ERR, "holds \\u0000" },
	{ "{\"blocks\": [{\"type\": \"paragraph\", \"text\": \"a\", \"text\": \"b\"}]}",
	  IN, ERR, "has \"text\" twice" },
	/* Keys the model does not hold: a warning, and the rest reads. */
	{ "{\"blocks\": [{\"type\": \"paragraph\", \"text\": \"a\", "
	  "\"note\": \"checked\"}], \"version\": 2}", OK, WARN,
	  "blocks[0]: unknown key \"note\" ignored" },
	{ "{\"blocks\": [{\"type\": \"paragraph\", \"level\": 2, \"text\": \"a\"}]}",
	  OK, WARN, "a paragraph has no \"level\"" },
	/* A parse error comes through with its place. */
	{ "{\"blocks\": [\n{\"type\" \"paragraph\"}]}", IN, ERR,
	  "column 9: expected ':' after a key" },
#undef IN
#undef OK
#undef ERR
#undef WARN
};

/* A figure may lack a part: it is then empty, whatever came before. */
static void check_figure_parts(void)
{
	docconv_diag d;
	docconv_doc *doc = NULL;
	CHECK(read_model("{\"blocks\": [{\"type\": \"figure\", \"credit\": "
	                 "\"Photo: AP\"}, {\"caption\": \"A bridge\", "
	                 "\"type\": \"figure\"}]}", &doc, &d) == DOCCONV_OK);
	CHECK(d.n_entries == 0);
	docconv_node *f = doc ? docconv_node_first_child(docconv_doc_root(doc))
	                      : NULL;
	for (int i = 0; i < 2 && f; i++, f = docconv_node_next(f)) {
		size_t cap_len = 0, cred_len = 0;
		char *cap = docconv_node_text(
			docconv_figure_part(f, DOCCONV_NODE_CAPTION), &cap_len);
		char *cred = docconv_node_text(
			docconv_figure_part(f, DOCCONV_NODE_CREDIT), &cred_len);
		CHECK_STR(cap, i ? "A bridge" : "");
		CHECK_STR(cred, i ? "" : "Photo: AP");
		CHECK(cap_len == (i ? 8 : 0) && cred_len == (i ? 0 : 9));
		free(cap);
		free(cred);
	}
	docconv_doc_free(doc);
	docconv_diag_free(&d);
}

static void check_shape(void)
{
	for (size_t i = 0; i < sizeof shapes / sizeof *shapes; i++)
		check_model(shapes[i].text, shapes[i].st, shapes[i].sev,
		            shapes[i].words);
}

int main(void)
{
	check_values();
	check_errors();
	check_integer();
	check_round_trip();
	check_shape();
	check_figure_parts();
	return check_report("test_json");
}
