/* doc.c — the document tree, its metadata and its iterator. */
#include "doc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "text.h"

struct docconv_node {
	docconv_node_type type;
	docconv_node *parent, *first_child, *last_child, *prev, *next;
	char *literal;            /* TEXT */
	size_t len;
	int level;                /* HEADING */
	unsigned long first_line, last_line;
	const char *rule;         /* static string naming the reader rule */
	docconv_photo *photo;     /* FIGURE: its photo, or NULL */
};

struct docconv_doc {
	docconv_node *root;
	docconv_meta meta;
	size_t n_blocks;
	docconv_doc *next;      /* the next article of the same page */
	int on_page;            /* one of a page's several articles */
};

static const char *const type_names[] = {
	[DOCCONV_NODE_NONE] = "none",
	[DOCCONV_NODE_DOCUMENT] = "document",
	[DOCCONV_NODE_KICKER] = "kicker",
	[DOCCONV_NODE_TITLE] = "title",
	[DOCCONV_NODE_SUBTITLE] = "subtitle",
	[DOCCONV_NODE_BYLINE] = "byline",
	[DOCCONV_NODE_DATELINE] = "dateline",
	[DOCCONV_NODE_HEADING] = "heading",
	[DOCCONV_NODE_PARAGRAPH] = "paragraph",
	[DOCCONV_NODE_FIGURE] = "figure",
	[DOCCONV_NODE_CAPTION] = "caption",
	[DOCCONV_NODE_CREDIT] = "credit",
	[DOCCONV_NODE_TEXT] = "text",
};

const char *docconv_node_type_name(docconv_node_type type)
{
	if ((size_t)type < sizeof type_names / sizeof *type_names &&
	    type_names[type])
		return type_names[type];
	return "none";
}

docconv_node_type docconv_node_type_from_name(const char *name)
{
	for (size_t i = 1; i < sizeof type_names / sizeof *type_names; i++)
		if (type_names[i] && strcmp(type_names[i], name) == 0)
			return (docconv_node_type)i;
	return DOCCONV_NODE_NONE;
}

static int is_block(docconv_node_type t)
{
	return t >= DOCCONV_NODE_FIRST_BLOCK && t <= DOCCONV_NODE_LAST_BLOCK;
}

static int is_inline(docconv_node_type t)
{
	return t >= DOCCONV_NODE_FIRST_INLINE && t <= DOCCONV_NODE_LAST_INLINE;
}

int docconv_node_can_contain(docconv_node_type parent, docconv_node_type child)
{
	switch (parent) {
	case DOCCONV_NODE_DOCUMENT:
		return is_block(child);
	case DOCCONV_NODE_FIGURE:
		return child == DOCCONV_NODE_CAPTION || child == DOCCONV_NODE_CREDIT;
	case DOCCONV_NODE_KICKER:
	case DOCCONV_NODE_TITLE:
	case DOCCONV_NODE_SUBTITLE:
	case DOCCONV_NODE_BYLINE:
	case DOCCONV_NODE_DATELINE:
	case DOCCONV_NODE_HEADING:
	case DOCCONV_NODE_PARAGRAPH:
	case DOCCONV_NODE_CAPTION:
	case DOCCONV_NODE_CREDIT:
		return is_inline(child);
	default:
		return 0;
	}
}

docconv_node *docconv_node_new(docconv_node_type type)
{
	docconv_node *n = calloc(1, sizeof *n);
	if (!n)
		return NULL;
	n->type = type;
	if (type == DOCCONV_NODE_HEADING)
		n->level = 2;
	return n;
}

void docconv_node_unlink(docconv_node *node)
{
	if (!node)
		return;
	if (node->prev)
		node->prev->next = node->next;
	if (node->next)
		node->next->prev = node->prev;
	if (node->parent) {
		if (node->parent->first_child == node)
			node->parent->first_child = node->next;
		if (node->parent->last_child == node)
			node->parent->last_child = node->prev;
	}
	node->parent = node->prev = node->next = NULL;
}

/* Frees without recursion, so a deep or long tree cannot exhaust the stack:
 * children are spliced into a work list. */
void docconv_node_free(docconv_node *node)
{
	if (!node)
		return;
	docconv_node_unlink(node);
	docconv_node *work = node;
	while (work) {
		docconv_node *cur = work;
		work = cur->next;
		if (cur->first_child) {
			cur->last_child->next = work;
			work = cur->first_child;
		}
		free(cur->literal);
		docconv_figure_drop_photo(cur);
		free(cur);
	}
}

docconv_status docconv_node_append_child(docconv_node *parent,
                                         docconv_node *child)
{
	if (!parent || !child || child->parent ||
	    !docconv_node_can_contain(parent->type, child->type))
		return DOCCONV_ERR_INTERNAL;
	child->parent = parent;
	child->prev = parent->last_child;
	child->next = NULL;
	if (parent->last_child)
		parent->last_child->next = child;
	else
		parent->first_child = child;
	parent->last_child = child;
	return DOCCONV_OK;
}

docconv_node_type docconv_node_get_type(const docconv_node *n)
{
	return n ? n->type : DOCCONV_NODE_NONE;
}
docconv_node *docconv_node_parent(const docconv_node *n) { return n ? n->parent : NULL; }
docconv_node *docconv_node_first_child(const docconv_node *n) { return n ? n->first_child : NULL; }
docconv_node *docconv_node_last_child(const docconv_node *n) { return n ? n->last_child : NULL; }
docconv_node *docconv_node_next(const docconv_node *n) { return n ? n->next : NULL; }
docconv_node *docconv_node_prev(const docconv_node *n) { return n ? n->prev : NULL; }

const char *docconv_node_literal(const docconv_node *n, size_t *len)
{
	if (len)
		*len = n && n->literal ? n->len : 0;
	return n && n->literal ? n->literal : "";
}

docconv_status docconv_node_set_literal(docconv_node *n, const char *s,
                                        size_t len)
{
	char *copy = malloc(len + 1);
	if (!copy)
		return DOCCONV_ERR_NOMEM;
	if (len)
		memcpy(copy, s, len);
	copy[len] = '\0';
	free(n->literal);
	n->literal = copy;
	n->len = len;
	return DOCCONV_OK;
}

int docconv_node_heading_level(const docconv_node *n)
{
	return n && n->type == DOCCONV_NODE_HEADING ? n->level : 0;
}

docconv_status docconv_node_set_heading_level(docconv_node *n, int level)
{
	if (!n || n->type != DOCCONV_NODE_HEADING || level < 2 || level > 6)
		return DOCCONV_ERR_INTERNAL;
	n->level = level;
	return DOCCONV_OK;
}

void docconv_node_set_origin(docconv_node *n, unsigned long first_line,
                             unsigned long last_line, const char *rule)
{
	n->first_line = first_line;
	n->last_line = last_line;
	n->rule = rule;
}

unsigned long docconv_node_first_line(const docconv_node *n)
{
	return n ? n->first_line : 0;
}

/* --- photos ------------------------------------------------------------ */

const docconv_photo *docconv_figure_photo(const docconv_node *n)
{
	return n && n->type == DOCCONV_NODE_FIGURE ? n->photo : NULL;
}

docconv_status docconv_figure_name_photo(docconv_node *n, const char *path,
                                         size_t len)
{
	if (!n || n->type != DOCCONV_NODE_FIGURE)
		return DOCCONV_ERR_INTERNAL;
	docconv_photo *p = calloc(1, sizeof *p);
	if (!p || !(p->path = docconv_strndup(path, len))) {
		free(p);
		return DOCCONV_ERR_NOMEM;
	}
	docconv_figure_drop_photo(n);
	n->photo = p;
	return DOCCONV_OK;
}

void docconv_figure_load_photo(docconv_node *n, unsigned char *data,
                               size_t size, const char *media_type,
                               uint32_t width, uint32_t height)
{
	docconv_photo *p = n->photo;
	free(p->data);
	p->data = data;
	p->size = size;
	snprintf(p->media_type, sizeof p->media_type, "%s", media_type);
	p->width = width;
	p->height = height;
}

void docconv_figure_drop_photo(docconv_node *n)
{
	if (!n->photo)
		return;
	free(n->photo->path);
	free(n->photo->data);
	free(n->photo);
	n->photo = NULL;
}

/* --- documents -------------------------------------------------------- */

docconv_doc *docconv_doc_new(void)
{
	docconv_doc *doc = calloc(1, sizeof *doc);
	if (!doc)
		return NULL;
	doc->root = docconv_node_new(DOCCONV_NODE_DOCUMENT);
	if (!doc->root) {
		free(doc);
		return NULL;
	}
	return doc;
}

void docconv_doc_clear_authors(docconv_doc *doc)
{
	for (size_t i = 0; i < doc->meta.n_authors; i++)
		free(doc->meta.authors[i]);
	free(doc->meta.authors);
	doc->meta.authors = NULL;
	doc->meta.n_authors = 0;
}

static void doc_free_one(docconv_doc *doc)
{
	docconv_node_free(doc->root);
	docconv_meta *m = &doc->meta;
	free(m->title);
	free(m->subtitle);
	free(m->kicker);
	free(m->lang);
	free(m->date);
	free(m->source);
	free(m->encoding);
	docconv_doc_clear_authors(doc);
	free(doc);
}

void docconv_doc_free(docconv_doc *doc)
{
	while (doc) {
		docconv_doc *next = doc->next;
		doc_free_one(doc);
		doc = next;
	}
}

docconv_doc *docconv_doc_next(const docconv_doc *doc)
{
	return doc ? doc->next : NULL;
}

void docconv_doc_append(docconv_doc *doc, docconv_doc *next)
{
	doc->on_page = 1;
	while (doc->next)
		doc = doc->next;
	doc->next = next;
	for (; next; next = next->next)
		next->on_page = 1;
}

docconv_doc *docconv_doc_detach_next(docconv_doc *doc)
{
	docconv_doc *next = doc->next;
	doc->next = NULL;
	return next;
}

size_t docconv_doc_count(const docconv_doc *doc)
{
	size_t n = 0;
	for (; doc; doc = doc->next)
		n++;
	return n;
}

docconv_node *docconv_doc_root(const docconv_doc *doc) { return doc->root; }
const docconv_meta *docconv_doc_meta(const docconv_doc *doc) { return &doc->meta; }
size_t docconv_doc_block_count(const docconv_doc *doc) { return doc->n_blocks; }

docconv_status docconv_doc_set_meta(docconv_doc *doc, docconv_meta_field f,
                                    const char *s, size_t len)
{
	char **slot;
	switch (f) {
	case DOCCONV_META_TITLE: slot = &doc->meta.title; break;
	case DOCCONV_META_SUBTITLE: slot = &doc->meta.subtitle; break;
	case DOCCONV_META_KICKER: slot = &doc->meta.kicker; break;
	case DOCCONV_META_LANG: slot = &doc->meta.lang; break;
	case DOCCONV_META_DATE: slot = &doc->meta.date; break;
	case DOCCONV_META_SOURCE: slot = &doc->meta.source; break;
	case DOCCONV_META_ENCODING: slot = &doc->meta.encoding; break;
	default: return DOCCONV_ERR_INTERNAL;
	}
	char *copy = NULL;
	if (s && !(copy = docconv_strndup(s, len)))
		return DOCCONV_ERR_NOMEM;
	free(*slot);
	*slot = copy;
	return DOCCONV_OK;
}

docconv_status docconv_doc_add_author(docconv_doc *doc, const char *s,
                                      size_t len)
{
	docconv_meta *m = &doc->meta;
	for (size_t i = 0; i < m->n_authors; i++)
		if (strlen(m->authors[i]) == len && memcmp(m->authors[i], s, len) == 0)
			return DOCCONV_OK;
	if (m->n_authors >= DOCCONV_MAX_AUTHORS)
		return DOCCONV_ERR_LIMIT;
	char **a = realloc(m->authors, (m->n_authors + 1) * sizeof *a);
	if (!a)
		return DOCCONV_ERR_NOMEM;
	m->authors = a;
	if (!(a[m->n_authors] = docconv_strndup(s, len)))
		return DOCCONV_ERR_NOMEM;
	m->n_authors++;
	return DOCCONV_OK;
}

/* A container holding one TEXT child, or no child when len is 0. */
static docconv_node *text_container(docconv_node_type type, const char *text,
                                    size_t len)
{
	docconv_node *b = docconv_node_new(type);
	if (!b)
		return NULL;
	if (len > 0) {
		docconv_node *t = docconv_node_new(DOCCONV_NODE_TEXT);
		if (!t || docconv_node_set_literal(t, text, len) != DOCCONV_OK ||
		    docconv_node_append_child(b, t) != DOCCONV_OK) {
			docconv_node_free(t);
			docconv_node_free(b);
			return NULL;
		}
	}
	return b;
}

static docconv_status append_block(docconv_doc *doc, docconv_node *b,
                                   docconv_node **out)
{
	docconv_status st;
	if (doc->n_blocks >= DOCCONV_MAX_BLOCKS) {
		docconv_node_free(b);
		return DOCCONV_ERR_LIMIT;
	}
	if ((st = docconv_node_append_child(doc->root, b)) != DOCCONV_OK) {
		docconv_node_free(b);
		return st;
	}
	doc->n_blocks++;
	if (out)
		*out = b;
	return DOCCONV_OK;
}

docconv_status docconv_doc_append_text_block(docconv_doc *doc,
                                             docconv_node_type type,
                                             const char *text, size_t len,
                                             docconv_node **out)
{
	if (!is_block(type) || type == DOCCONV_NODE_FIGURE)
		return DOCCONV_ERR_INTERNAL;
	docconv_node *b = text_container(type, text, len);
	if (!b)
		return DOCCONV_ERR_NOMEM;
	return append_block(doc, b, out);
}

docconv_status docconv_doc_append_heading(docconv_doc *doc, int level,
                                          const char *text, size_t len,
                                          docconv_node **out)
{
	docconv_node *b = text_container(DOCCONV_NODE_HEADING, text, len);
	if (!b)
		return DOCCONV_ERR_NOMEM;
	if (docconv_node_set_heading_level(b, level) != DOCCONV_OK) {
		docconv_node_free(b);
		return DOCCONV_ERR_INTERNAL;
	}
	return append_block(doc, b, out);
}

docconv_node *docconv_figure_new(const char *caption, size_t cap_len,
                                 const char *credit, size_t cred_len)
{
	docconv_node *fig = docconv_node_new(DOCCONV_NODE_FIGURE);
	docconv_node *cap = text_container(DOCCONV_NODE_CAPTION, caption, cap_len);
	docconv_node *cred = text_container(DOCCONV_NODE_CREDIT, credit, cred_len);
	if (!fig || !cap || !cred) {
		docconv_node_free(fig);
		docconv_node_free(cap);
		docconv_node_free(cred);
		return NULL;
	}
	docconv_node_append_child(fig, cap);
	docconv_node_append_child(fig, cred);
	return fig;
}

docconv_status docconv_doc_append_figure(docconv_doc *doc,
                                         const char *caption, size_t cap_len,
                                         const char *credit, size_t cred_len,
                                         docconv_node **out)
{
	docconv_node *fig = docconv_figure_new(caption, cap_len, credit, cred_len);
	return fig ? append_block(doc, fig, out) : DOCCONV_ERR_NOMEM;
}

docconv_status docconv_doc_insert_block(docconv_doc *doc, docconv_node *after,
                                        docconv_node *b)
{
	if (doc->n_blocks >= DOCCONV_MAX_BLOCKS) {
		docconv_node_free(b);
		return DOCCONV_ERR_LIMIT;
	}
	if (b->parent || !is_block(b->type) ||
	    (after && after->parent != doc->root))
		return DOCCONV_ERR_INTERNAL;
	docconv_node *next = after ? after->next : doc->root->first_child;
	b->parent = doc->root;
	b->prev = after;
	b->next = next;
	if (after)
		after->next = b;
	else
		doc->root->first_child = b;
	if (next)
		next->prev = b;
	else
		doc->root->last_child = b;
	doc->n_blocks++;
	return DOCCONV_OK;
}

char *docconv_node_text(const docconv_node *node, size_t *len)
{
	size_t total = 0;
	docconv_iter it;
	docconv_iter_init(&it, (docconv_node *)node);
	while (docconv_iter_next(&it) != DOCCONV_EVENT_DONE)
		if (it.node->type == DOCCONV_NODE_TEXT)
			total += it.node->len;
	char *s = malloc(total + 1);
	if (!s)
		return NULL;
	size_t at = 0;
	docconv_iter_init(&it, (docconv_node *)node);
	while (docconv_iter_next(&it) != DOCCONV_EVENT_DONE)
		if (it.node->type == DOCCONV_NODE_TEXT && it.node->len) {
			memcpy(s + at, it.node->literal, it.node->len);
			at += it.node->len;
		}
	s[at] = '\0';
	if (len)
		*len = at;
	return s;
}

docconv_node *docconv_figure_part(const docconv_node *figure,
                                  docconv_node_type part)
{
	for (docconv_node *c = figure ? figure->first_child : NULL; c; c = c->next)
		if (c->type == part)
			return c;
	return NULL;
}

/* --- finishing ------------------------------------------------------- */

int docconv_lang_well_formed(const char *s)
{
	size_t run = 0;
	int first = 1;
	if (!s || !*s)
		return 0;
	for (; *s; s++) {
		int alpha = (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z');
		int digit = *s >= '0' && *s <= '9';
		if (*s == '-' && run > 0) {
			run = 0;
			first = 0;
		} else if ((alpha || (digit && !first)) && run < 8) {
			run++;
		} else {
			return 0;
		}
	}
	return run > 0;
}

int docconv_lang_is(const char *lang, const char *primary)
{
	size_t n = strlen(primary);
	return lang && strncmp(lang, primary, n) == 0 &&
	       (lang[n] == '\0' || lang[n] == '-');
}

/* Whether a block has a character that is not white space. */
static int has_visible_text(const docconv_node *block)
{
	docconv_iter it;
	docconv_iter_init(&it, (docconv_node *)block);
	while (docconv_iter_next(&it) != DOCCONV_EVENT_DONE) {
		if (it.node->type != DOCCONV_NODE_TEXT)
			continue;
		size_t i = 0;
		while (i < it.node->len) {
			uint32_t cp;
			size_t l = docconv_utf8_decode(it.node->literal + i,
			                               it.node->len - i, &cp);
			if (l && !docconv_is_space(cp))
				return 1;
			i += l ? l : 1;
		}
	}
	return 0;
}

/* The first block of `type` with visible text, or NULL. */
static const docconv_node *first_with_text(const docconv_doc *doc,
                                           docconv_node_type type)
{
	for (docconv_node *n = doc->root->first_child; n; n = n->next)
		if (n->type == type && has_visible_text(n))
			return n;
	return NULL;
}

/* The opening of a block's text, its white space runs made one space and
 * cut past DOCCONV_LABEL_MAX_WIDTH columns (at a space when there is one
 * in the second half) with "…"; NULL when out of memory. */
static char *opening_of(const docconv_node *block)
{
	size_t n = 0, out = 0, width = 0, space = 0;
	char *t = docconv_node_text(block, &n);
	if (!t)
		return NULL;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t l = docconv_utf8_decode(t + i, n - i, &cp);
		if (!l)
			l = 1;
		if (docconv_is_space(cp)) {
			if (out && t[out - 1] != ' ') {
				space = out;
				t[out++] = ' ';
				width++;
			}
		} else {
			size_t w = docconv_is_cjk(cp) ? 2 : 1;
			if (width + w > DOCCONV_LABEL_MAX_WIDTH) {
				if (space > out / 2)
					out = space;
				while (out && t[out - 1] == ' ')
					out--;
				char *c = realloc(t, out + 4);   /* "…" and the NUL */
				if (!c) {
					free(t);
					return NULL;
				}
				memcpy(c + out, "\xE2\x80\xA6", 4);
				return c;
			}
			memmove(t + out, t + i, l);
			out += l;
			width += w;
		}
		i += l;
	}
	while (out && t[out - 1] == ' ')
		out--;
	t[out] = '\0';
	return t;
}

/* The name of an article of a page that has no headline: its first
 * subhead, else the opening of its first text (a figure's last); *label
 * stays NULL when it has no text at all. */
static docconv_status page_article_label(const docconv_doc *doc, char **label)
{
	const docconv_node *n = first_with_text(doc, DOCCONV_NODE_HEADING);
	for (docconv_node *b = doc->root->first_child; b && !n; b = b->next)
		if (b->type != DOCCONV_NODE_FIGURE && has_visible_text(b))
			n = b;
	if (!n)
		n = first_with_text(doc, DOCCONV_NODE_FIGURE);
	if (n && !(*label = opening_of(n)))
		return DOCCONV_ERR_NOMEM;
	return DOCCONV_OK;
}

static docconv_status settle_title(docconv_doc *doc)
{
	docconv_meta *m = &doc->meta;
	char *title = NULL;
	const docconv_node *headline = first_with_text(doc, DOCCONV_NODE_TITLE);
	if (m->title && *m->title)
		return DOCCONV_OK;
	if (headline && !(title = docconv_node_text(headline, NULL)))
		return DOCCONV_ERR_NOMEM;
	/* The file's name would name every such article of a page alike. */
	if (!title && doc->on_page &&
	    page_article_label(doc, &title) != DOCCONV_OK)
		return DOCCONV_ERR_NOMEM;
	if (!title && m->source && *m->source) {
		const char *dot = strrchr(m->source, '.');
		size_t stem = dot && dot != m->source ? (size_t)(dot - m->source)
		                                      : strlen(m->source);
		if (!(title = docconv_strndup(m->source, stem)))
			return DOCCONV_ERR_NOMEM;
	}
	if (!title && !(title = docconv_strdup("Untitled")))
		return DOCCONV_ERR_NOMEM;
	free(m->title);
	m->title = title;
	return DOCCONV_OK;
}

static docconv_status settle_lang(docconv_doc *doc, docconv_diag *d)
{
	docconv_meta *m = &doc->meta;
	if (docconv_lang_well_formed(m->lang))
		return DOCCONV_OK;
	if (m->lang && *m->lang)
		docconv_warn(d, "the language '%s' is not a BCP 47 tag (such as "
		             "zh, zh-Hant, en); 'und' (undetermined) is used",
		             m->lang);
	return docconv_doc_set_meta(doc, DOCCONV_META_LANG, "und", 3);
}

static int in_title_block(docconv_node_type t)
{
	return t == DOCCONV_NODE_KICKER || t == DOCCONV_NODE_TITLE ||
	       t == DOCCONV_NODE_SUBTITLE || t == DOCCONV_NODE_BYLINE;
}

size_t docconv_doc_find_title_block(const docconv_doc *doc)
{
	size_t n = 0;
	for (docconv_node *b = doc->root->first_child; b && in_title_block(b->type);
	     b = b->next)
		n++;
	return n;
}

docconv_status docconv_doc_finish(docconv_doc *doc, docconv_diag *d)
{
	docconv_status st;
	if ((st = settle_title(doc)) != DOCCONV_OK ||
	    (st = settle_lang(doc, d)) != DOCCONV_OK)
		return st;
	doc->meta.title_block = docconv_doc_find_title_block(doc);
	return DOCCONV_OK;
}

const char *docconv_doc_title(const docconv_doc *doc)
{
	return doc->meta.title && *doc->meta.title ? doc->meta.title : "Untitled";
}

int docconv_lang_rtl(const char *tag)
{
	static const char *const rtl[] = {
		"ar", "he", "iw", "fa", "ur", "yi", "ps", "sd", "ug", "dv", "ckb", NULL
	};
	for (size_t k = 0; rtl[k]; k++)
		if (docconv_lang_is(tag, rtl[k]))
			return 1;
	return 0;
}

const char *docconv_doc_lang(const docconv_doc *doc)
{
	return docconv_lang_well_formed(doc->meta.lang) ? doc->meta.lang : "und";
}

size_t docconv_doc_title_block(const docconv_doc *doc)
{
	return doc->meta.title_block;
}

const char *docconv_book_title(const docconv_book *book)
{
	if (book->title && *book->title)
		return book->title;
	/* A page's first article may have no headline (a masthead, a weather
	 * box): the first headline names the page. */
	for (size_t i = 0; i < book->n_docs; i++)
		if (first_with_text(book->docs[i], DOCCONV_NODE_TITLE))
			return docconv_doc_title(book->docs[i]);
	return book->n_docs ? docconv_doc_title(book->docs[0]) : "Untitled";
}

int docconv_book_same_page(const docconv_book *book, size_t i)
{
	return i > 0 && i < book->n_docs &&
	       book->docs[i - 1]->next == book->docs[i];
}

const char *docconv_book_lang(const docconv_book *book)
{
	if (docconv_lang_well_formed(book->lang))
		return book->lang;
	return book->n_docs ? docconv_doc_lang(book->docs[0]) : "und";
}

/* --- iterator --------------------------------------------------------- */

static int is_leaf(const docconv_node *n)
{
	return is_inline(n->type) && n->type == DOCCONV_NODE_TEXT;
}

void docconv_iter_init(docconv_iter *it, docconv_node *root)
{
	it->root = root;
	it->node = NULL;
	it->event = DOCCONV_EVENT_DONE;
}

docconv_event docconv_iter_next(docconv_iter *it)
{
	if (!it->root)
		return it->event = DOCCONV_EVENT_DONE;
	if (!it->node) {  /* first call */
		it->node = it->root;
		return it->event = DOCCONV_EVENT_ENTER;
	}
	docconv_node *n = it->node;
	if (it->event == DOCCONV_EVENT_ENTER && !is_leaf(n)) {
		if (n->first_child) {
			it->node = n->first_child;
			return it->event = DOCCONV_EVENT_ENTER;
		}
		return it->event = DOCCONV_EVENT_EXIT;  /* empty container */
	}
	if (n == it->root) {
		it->root = NULL;
		return it->event = DOCCONV_EVENT_DONE;
	}
	if (n->next) {
		it->node = n->next;
		return it->event = DOCCONV_EVENT_ENTER;
	}
	it->node = n->parent;
	return it->event = DOCCONV_EVENT_EXIT;
}
