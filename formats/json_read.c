/* json_read.c — `--from json`: the shape formats/json.c writes, read back
 * into a model, so a model can be corrected by hand and rendered again.
 *
 *   {"meta": {"title": ..., "authors": [...], ...},
 *    "blocks": [{"type": "paragraph", "text": ...},
 *               {"type": "heading", "level": 2, "text": ...},
 *               {"type": "figure", "caption": ..., "credit": ...,
 *                "image": "story-1.jpg"}]}
 *
 * The JSON itself is parsed by json_parse.c; this file checks the shape.
 * What the model cannot hold is an error at its line and column (a block of
 * an unknown type, a string where an array belongs); keys it does not know
 * are ignored with a warning, so a file annotated by hand still reads.
 * "title_block" is worked out again from the blocks when the model is
 * finished (doc.h): a value that disagrees is ignored with a warning. A
 * figure's "image" names the file of its photo, which the pipeline reads
 * (conv/pipeline/photos.h); a photo set here by hand is honoured. A
 * page of several articles, {"meta": ..., "articles": [{"meta": ...,
 * "blocks": [...]}, ...]} (or a book of --combine, whose top level has a
 * "title"), reads as a chain of documents, one an article (doc.h).
 */
#include "formats.h"

#include <stdio.h>
#include <string.h>

#include "json_parse.h"

typedef struct reader {
	const char *s;
	docconv_json_cursor cursor;
	docconv_diag *d;
	docconv_doc *doc;
	const docconv_json *title_block;   /* meta.title_block, if given */
} reader;

static void report(reader *r, docconv_severity sev, const docconv_json *v,
                   const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;

static void report(reader *r, docconv_severity sev, const docconv_json *v,
                   const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	docconv_json_report(r->d, sev, r->s, v->at, &r->cursor, fmt, ap);
	va_end(ap);
}

static int key_is(const docconv_json *m, const char *key)
{
	return m->key_len == strlen(key) && memcmp(m->key, key, m->key_len) == 0;
}

/* A member that is not of `type`: an error naming where it belongs
 * ("meta.title"), what it should be and what it is. */
static docconv_status wrong_type(reader *r, const docconv_json *v,
                                 const char *where, const char *want)
{
	report(r, DOCCONV_SEV_ERROR, v, "%s must be %s, not %s", where, want,
	       docconv_json_type_name(v->type));
	return DOCCONV_ERR_INPUT;
}

/* A string for the model, found at where.key ("blocks[3].text"); with
 * `null_ok`, null gives NULL. The model's strings end at a NUL, so a
 * \u0000 would cut them short without a word. */
static docconv_status text_of(reader *r, const docconv_json *v,
                              const char *where, const char *key, int null_ok,
                              const char **s, size_t *len)
{
	char field[64];
	snprintf(field, sizeof field, "%s.%s", where, key);
	*s = NULL;
	*len = 0;
	if (null_ok && v->type == DOCCONV_JSON_NULL)
		return DOCCONV_OK;
	if (v->type != DOCCONV_JSON_STRING)
		return wrong_type(r, v, field,
		                  null_ok ? "a string or null" : "a string");
	if (memchr(v->str, '\0', v->len)) {
		report(r, DOCCONV_SEV_ERROR, v,
		       "%s holds \\u0000, which a document cannot", field);
		return DOCCONV_ERR_INPUT;
	}
	*s = v->str;
	*len = v->len;
	return DOCCONV_OK;
}

static void unknown_key(reader *r, const docconv_json *m, const char *where)
{
	report(r, DOCCONV_SEV_WARNING, m, "%s: unknown key \"%s\" ignored", where,
	       m->key);
}

/* The members of `obj` named in keys[0..n), in slots[]; a key given twice
 * is an error (which one was meant?), others are warned about. */
static docconv_status members(reader *r, const docconv_json *obj,
                              const char *where, const char *const *keys,
                              const docconv_json **slots, size_t n)
{
	for (size_t k = 0; k < n; k++)
		slots[k] = NULL;
	for (const docconv_json *m = obj->first; m; m = m->next) {
		size_t k = 0;
		while (k < n && !key_is(m, keys[k]))
			k++;
		if (k == n) {
			unknown_key(r, m, where);
		} else if (slots[k]) {
			report(r, DOCCONV_SEV_ERROR, m,
			       "%s has \"%s\" twice; keep one", where, keys[k]);
			return DOCCONV_ERR_INPUT;
		} else {
			slots[k] = m;
		}
	}
	return DOCCONV_OK;
}

static const struct {
	const char *key;
	docconv_meta_field field;
} meta_fields[] = {
	{ "title", DOCCONV_META_TITLE },
	{ "subtitle", DOCCONV_META_SUBTITLE },
	{ "kicker", DOCCONV_META_KICKER },
	{ "lang", DOCCONV_META_LANG },
	{ "date", DOCCONV_META_DATE },
	{ "source", DOCCONV_META_SOURCE },
	{ "encoding", DOCCONV_META_ENCODING },
};
#define N_META_FIELDS (sizeof meta_fields / sizeof *meta_fields)

static docconv_status read_authors(reader *r, const docconv_json *v)
{
	docconv_status st = DOCCONV_OK;
	if (v->type != DOCCONV_JSON_ARRAY)
		return wrong_type(r, v, "meta.authors", "an array of strings");
	for (const docconv_json *a = v->first; a && !st; a = a->next) {
		const char *s;
		size_t len;
		if ((st = text_of(r, a, "meta", "authors[]", 0, &s, &len)))
			break;
		if ((st = docconv_doc_add_author(r->doc, s, len)) ==
		    DOCCONV_ERR_LIMIT) {
			report(r, DOCCONV_SEV_WARNING, a,
			       "more than %d authors; the rest are left out",
			       DOCCONV_MAX_AUTHORS);
			st = DOCCONV_OK;
			break;
		}
	}
	return st;
}

static docconv_status read_meta(reader *r, const docconv_json *meta)
{
	docconv_status st;
	const char *keys[N_META_FIELDS + 2];
	const docconv_json *slots[N_META_FIELDS + 2];
	if (meta->type != DOCCONV_JSON_OBJECT)
		return wrong_type(r, meta, "meta", "an object");
	for (size_t k = 0; k < N_META_FIELDS; k++)
		keys[k] = meta_fields[k].key;
	keys[N_META_FIELDS] = "authors";
	keys[N_META_FIELDS + 1] = "title_block";
	if ((st = members(r, meta, "meta", keys, slots, N_META_FIELDS + 2)))
		return st;
	for (size_t k = 0; k < N_META_FIELDS && !st; k++) {
		const char *s;
		size_t len;
		if (slots[k] &&
		    !(st = text_of(r, slots[k], "meta", keys[k], 1, &s, &len)))
			st = docconv_doc_set_meta(r->doc, meta_fields[k].field, s, len);
	}
	if (!st && slots[N_META_FIELDS])
		st = read_authors(r, slots[N_META_FIELDS]);
	r->title_block = slots[N_META_FIELDS + 1];
	return st;
}

enum {
	KEY_TYPE, KEY_TEXT, KEY_LEVEL, KEY_CAPTION, KEY_CREDIT, KEY_IMAGE,
	N_BLOCK_KEYS
};

static const char *const block_keys[N_BLOCK_KEYS] = {
	"type", "text", "level", "caption", "credit", "image"
};

/* One block of "blocks", numbered `index` from 0 as in blocks[index]. */
static docconv_status read_block(reader *r, const docconv_json *b,
                                 size_t index)
{
	docconv_status st;
	const docconv_json *v[N_BLOCK_KEYS];
	char where[48];
	const char *text = "", *credit = "", *image = NULL, *name;
	size_t len = 0, credit_len = 0, image_len = 0;
	docconv_node *fig = NULL;
	long level = 0;

	snprintf(where, sizeof where, "blocks[%zu]", index);
	if (b->type != DOCCONV_JSON_OBJECT)
		return wrong_type(r, b, where, "an object");
	if ((st = members(r, b, where, block_keys, v, N_BLOCK_KEYS)))
		return st;
	if (!v[KEY_TYPE]) {
		report(r, DOCCONV_SEV_ERROR, b, "%s has no \"type\"", where);
		return DOCCONV_ERR_INPUT;
	}
	if ((st = text_of(r, v[KEY_TYPE], where, "type", 0, &name, &len)))
		return st;
	docconv_node_type t = docconv_node_type_from_name(name);
	if (t < DOCCONV_NODE_FIRST_BLOCK || t > DOCCONV_NODE_LAST_BLOCK) {
		report(r, DOCCONV_SEV_ERROR, v[KEY_TYPE],
		       "%s: unknown block type \"%s\" (the types are title, "
		       "kicker, subtitle, byline, dateline, heading, paragraph and "
		       "figure)", where, name);
		return DOCCONV_ERR_INPUT;
	}

	/* The keys this type reads (others are left with a warning) and those
	 * it cannot do without: a figure may lack either part, as the writer's
	 * "" for a missing one shows. */
	int figure = t == DOCCONV_NODE_FIGURE, heading = t == DOCCONV_NODE_HEADING;
	int reads[N_BLOCK_KEYS] = { 1, !figure, heading, figure, figure, figure };
	int needs[N_BLOCK_KEYS] = { 1, !figure, heading, 0, 0, 0 };
	for (int k = 0; k < N_BLOCK_KEYS; k++) {
		if (v[k] && !reads[k])
			report(r, DOCCONV_SEV_WARNING, v[k],
			       "%s: a %s has no \"%s\"; ignored", where, name,
			       block_keys[k]);
		else if (!v[k] && needs[k]) {
			report(r, DOCCONV_SEV_ERROR, b, "%s: a %s needs \"%s\"",
			       where, name, block_keys[k]);
			return DOCCONV_ERR_INPUT;
		}
	}

	len = 0;
	if (figure) {
		if (v[KEY_CAPTION] &&
		    (st = text_of(r, v[KEY_CAPTION], where, "caption", 0, &text,
		                  &len)))
			return st;
		if (v[KEY_CREDIT] &&
		    (st = text_of(r, v[KEY_CREDIT], where, "credit", 0, &credit,
		                  &credit_len)))
			return st;
		if (v[KEY_IMAGE] &&
		    (st = text_of(r, v[KEY_IMAGE], where, "image", 0, &image,
		                  &image_len)))
			return st;
		st = docconv_doc_append_figure(r->doc, text, len, credit, credit_len,
		                               &fig);
		if (st == DOCCONV_OK && image)
			st = docconv_figure_name_photo(fig, image, image_len);
	} else if ((st = text_of(r, v[KEY_TEXT], where, "text", 0, &text, &len))) {
		return st;
	} else if (!heading) {
		st = docconv_doc_append_text_block(r->doc, t, text, len, NULL);
	} else if (docconv_json_integer(v[KEY_LEVEL], 2, 6, &level)) {
		st = docconv_doc_append_heading(r->doc, (int)level, text, len, NULL);
	} else {
		report(r, DOCCONV_SEV_ERROR, v[KEY_LEVEL],
		       "%s.level must be a whole number from 2 to 6", where);
		return DOCCONV_ERR_INPUT;
	}
	if (st == DOCCONV_ERR_LIMIT)
		report(r, DOCCONV_SEV_ERROR, b, "more than %d blocks in one document",
		       DOCCONV_MAX_BLOCKS);
	return st;
}

/* meta.title_block as the finishing step will find it, or a warning. */
static docconv_status check_title_block(reader *r)
{
	long given;
	if (!r->title_block)
		return DOCCONV_OK;
	size_t n = docconv_doc_find_title_block(r->doc);
	if (!docconv_json_integer(r->title_block, 0, DOCCONV_MAX_BLOCKS, &given) ||
	    (size_t)given != n)
		report(r, DOCCONV_SEV_WARNING, r->title_block,
		       "meta.title_block is the number of kicker, title, subtitle "
		       "and byline blocks the document starts with (%zu here); "
		       "the value given is ignored", n);
	return DOCCONV_OK;
}

static int has_member(const docconv_json *obj, const char *key)
{
	for (const docconv_json *m = obj->first; m; m = m->next)
		if (key_is(m, key))
			return 1;
	return 0;
}

/* One document: {"meta": ..., "blocks": [...]}, into r->doc. */
static docconv_status read_document(reader *r, const docconv_json *root)
{
	enum { META, BLOCKS, N_KEYS };
	static const char *const keys[N_KEYS] = { "meta", "blocks" };
	const docconv_json *v[N_KEYS];
	docconv_status st;
	if (root->type != DOCCONV_JSON_OBJECT)
		return wrong_type(r, root, "the document", "an object with \"meta\" "
		                  "and \"blocks\" (as --to json writes it)");
	if ((st = members(r, root, "the document", keys, v, N_KEYS)))
		return st;
	if (!v[BLOCKS]) {
		report(r, DOCCONV_SEV_ERROR, root,
		       "no \"blocks\" array: this is not a model as --to json "
		       "writes it");
		return DOCCONV_ERR_INPUT;
	}
	if (v[META] && (st = read_meta(r, v[META])))
		return st;
	if (v[BLOCKS]->type != DOCCONV_JSON_ARRAY)
		return wrong_type(r, v[BLOCKS], "blocks", "an array");
	size_t index = 0;
	for (const docconv_json *b = v[BLOCKS]->first; b; b = b->next, index++)
		if ((st = read_block(r, b, index)))
			return st;
	return check_title_block(r);
}

/* A page or a book: {"meta" or "title", "articles": [document, ...]}; each
 * article a document of the chain from `*page`. The page's own meta is
 * what its articles say (the writer works it out again). */
static docconv_status read_articles(reader *r, const docconv_json *root,
                                    docconv_doc **page)
{
	enum { META, TITLE, ARTICLES, N_KEYS };
	static const char *const keys[N_KEYS] = { "meta", "title", "articles" };
	const docconv_json *v[N_KEYS];
	docconv_status st;
	if ((st = members(r, root, "the page", keys, v, N_KEYS)))
		return st;
	if (v[ARTICLES]->type != DOCCONV_JSON_ARRAY)
		return wrong_type(r, v[ARTICLES], "articles", "an array");
	if (!v[ARTICLES]->count) {
		report(r, DOCCONV_SEV_ERROR, v[ARTICLES],
		       "\"articles\" is empty: a page holds at least one article");
		return DOCCONV_ERR_INPUT;
	}
	for (const docconv_json *a = v[ARTICLES]->first; a; a = a->next) {
		if (!(r->doc = docconv_doc_new()))
			return DOCCONV_ERR_NOMEM;
		r->title_block = NULL;
		if (*page)
			docconv_doc_append(*page, r->doc);
		else
			*page = r->doc;
		if ((st = read_document(r, a)))
			return st;
	}
	return DOCCONV_OK;
}

docconv_status docconv_read_json(const char *utf8, size_t n,
                                 const docconv_read_opts *opts,
                                 docconv_doc **out, docconv_diag *d)
{
	docconv_status st;
	docconv_json *root = NULL;
	docconv_doc *page = NULL;
	reader r = { utf8, { 0, 1, 1 }, d, NULL, NULL };
	(void)opts;   /* the model carries its own source and encoding */
	*out = NULL;
	if ((st = docconv_json_parse(utf8, n, &root, d)) != DOCCONV_OK)
		goto out;
	if (root->type == DOCCONV_JSON_OBJECT && has_member(root, "articles")) {
		st = read_articles(&r, root, &page);
	} else if (!(page = r.doc = docconv_doc_new())) {
		st = DOCCONV_ERR_NOMEM;
	} else {
		st = read_document(&r, root);
	}
out:
	if (st != DOCCONV_OK) {
		docconv_doc_free(page);
		page = NULL;
	}
	docconv_json_free(root);
	*out = page;
	return st;
}
