/* json.c — `--to json`: the model as JSON, one block per line.
 *
 *   {"meta": {"title": ..., "subtitle": ..., "kicker": ..., "authors": [...],
 *             "lang": ..., "date": ..., "source": ..., "encoding": ...,
 *             "title_block": N},
 *    "blocks": [{"type": "title", "text": ...},
 *               {"type": "heading", "level": 2, "text": ...},
 *               {"type": "figure", "caption": ..., "credit": ...,
 *                "image": "story-1.jpg"}, ...]}
 *
 * The document is finished (doc.h): "title" and "lang" are what every
 * writer uses, and "title_block" counts the blocks, from the first, that
 * make the title block. A figure with a photo names its file in "image"
 * (doc.h: relative to the article's folder, or to --images DIR). A page of several articles (or a book of several
 * documents) becomes {"meta": {"title": ..., "lang": ...}, "articles":
 * [...]}, each article a document as above.
 * Strings are escaped here and nowhere else; non-ASCII text stays UTF-8.
 */
#include "formats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conv/core/text.h"

static int put_string(docconv_buf *b, const char *s, size_t n)
{
	int r = docconv_buf_putc(b, '"');
	size_t i = 0;
	while (i < n && !r) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			char esc[2] = { '\\', (char)c };
			r = docconv_buf_put(b, esc, 2);
			i++;
		} else if (c < 0x20) {
			char esc[8];
			if (c == '\n')
				strcpy(esc, "\\n");
			else if (c == '\t')
				strcpy(esc, "\\t");
			else if (c == '\r')
				strcpy(esc, "\\r");
			else
				snprintf(esc, sizeof esc, "\\u%04x", c);
			r = docconv_buf_puts(b, esc);
			i++;
		} else if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
		           ((unsigned char)s[i + 2] == 0xA8 ||
		            (unsigned char)s[i + 2] == 0xA9)) {
			/* U+2028 and U+2029 are valid JSON but break JavaScript. */
			r = docconv_buf_puts(b, (unsigned char)s[i + 2] == 0xA8
			                              ? "\\u2028" : "\\u2029");
			i += 3;
		} else {
			r = docconv_buf_putc(b, (char)c);
			i++;
		}
	}
	return r || docconv_buf_putc(b, '"');
}

static int put_cstr_or_null(docconv_buf *b, const char *s)
{
	return s ? put_string(b, s, strlen(s)) : docconv_buf_puts(b, "null");
}

static int put_key(docconv_buf *b, const char *key)
{
	return put_string(b, key, strlen(key)) || docconv_buf_puts(b, ": ");
}

/* "key": "text of node" (the text of every TEXT below it). */
static int put_node_text(docconv_buf *b, const char *key,
                         const docconv_node *node)
{
	size_t len = 0;
	char *t = node ? docconv_node_text(node, &len) : NULL;
	if (node && !t)
		return -1;
	int r = put_key(b, key) || put_string(b, t ? t : "", len);
	free(t);
	return r;
}

static int put_meta(docconv_buf *b, const docconv_meta *m, const char *indent)
{
	int r = docconv_buf_puts(b, "{\n");
	struct { const char *key, *value; } fields[] = {
		{ "title", m->title }, { "subtitle", m->subtitle },
		{ "kicker", m->kicker },
	};
	for (size_t i = 0; i < sizeof fields / sizeof *fields && !r; i++)
		r = docconv_buf_puts(b, indent) || docconv_buf_puts(b, "  ") ||
		    put_key(b, fields[i].key) ||
		    put_cstr_or_null(b, fields[i].value) ||
		    docconv_buf_puts(b, ",\n");
	r = r || docconv_buf_puts(b, indent) || docconv_buf_puts(b, "  ") ||
	    put_key(b, "authors") || docconv_buf_putc(b, '[');
	for (size_t i = 0; i < m->n_authors && !r; i++)
		r = (i && docconv_buf_puts(b, ", ")) ||
		    put_string(b, m->authors[i], strlen(m->authors[i]));
	r = r || docconv_buf_puts(b, "],\n");
	struct { const char *key, *value; } tail[] = {
		{ "lang", m->lang }, { "date", m->date },
		{ "source", m->source }, { "encoding", m->encoding },
	};
	size_t nt = sizeof tail / sizeof *tail;
	for (size_t i = 0; i < nt && !r; i++)
		r = docconv_buf_puts(b, indent) || docconv_buf_puts(b, "  ") ||
		    put_key(b, tail[i].key) || put_cstr_or_null(b, tail[i].value) ||
		    docconv_buf_puts(b, ",\n");
	char count[32];
	snprintf(count, sizeof count, "%zu\n", m->title_block);
	return r || docconv_buf_puts(b, indent) || docconv_buf_puts(b, "  ") ||
	       put_key(b, "title_block") || docconv_buf_puts(b, count) ||
	       docconv_buf_puts(b, indent) || docconv_buf_putc(b, '}');
}

static int put_block(docconv_buf *b, const docconv_node *n)
{
	docconv_node_type t = docconv_node_get_type(n);
	int r = docconv_buf_putc(b, '{') || put_key(b, "type") ||
	        put_string(b, docconv_node_type_name(t),
	                   strlen(docconv_node_type_name(t))) ||
	        docconv_buf_puts(b, ", ");
	if (t == DOCCONV_NODE_FIGURE) {
		r = r || put_node_text(b, "caption",
		                       docconv_figure_part(n, DOCCONV_NODE_CAPTION)) ||
		    docconv_buf_puts(b, ", ") ||
		    put_node_text(b, "credit",
		                  docconv_figure_part(n, DOCCONV_NODE_CREDIT));
		const docconv_photo *photo = docconv_figure_photo(n);
		if (photo && photo->data)
			r = r || docconv_buf_puts(b, ", ") || put_key(b, "image") ||
			    put_string(b, photo->path, strlen(photo->path));
	} else {
		if (t == DOCCONV_NODE_HEADING) {
			char lv[32];
			snprintf(lv, sizeof lv, "%d, ", docconv_node_heading_level(n));
			r = r || put_key(b, "level") || docconv_buf_puts(b, lv);
		}
		r = r || put_node_text(b, "text", n);
	}
	return r || docconv_buf_putc(b, '}');
}

static int put_doc(docconv_buf *b, const docconv_doc *doc, const char *indent)
{
	int r = docconv_buf_puts(b, "{\n") || docconv_buf_puts(b, indent) ||
	        docconv_buf_puts(b, " ") || put_key(b, "meta");
	char inner[16];
	snprintf(inner, sizeof inner, "%s ", indent);
	r = r || put_meta(b, docconv_doc_meta(doc), inner) ||
	    docconv_buf_puts(b, ",\n") || docconv_buf_puts(b, indent) ||
	    docconv_buf_puts(b, " ") || put_key(b, "blocks") ||
	    docconv_buf_puts(b, "[");
	int first = 1;
	for (docconv_node *n = docconv_node_first_child(docconv_doc_root(doc));
	     n && !r; n = docconv_node_next(n)) {
		r = docconv_buf_puts(b, first ? "\n" : ",\n") ||
		    docconv_buf_puts(b, indent) || docconv_buf_puts(b, "  ") ||
		    put_block(b, n);
		first = 0;
	}
	if (!first)
		r = r || docconv_buf_puts(b, "\n") || docconv_buf_puts(b, indent) ||
		    docconv_buf_puts(b, " ");
	return r || docconv_buf_puts(b, "]\n") || docconv_buf_puts(b, indent) ||
	       docconv_buf_puts(b, "}");
}

docconv_status docconv_write_json(void *ctx, const docconv_book *book,
                                  const docconv_write_opts *opts,
                                  docconv_sink *sink, docconv_diag *d)
{
	(void)ctx;
	(void)opts;
	(void)d;
	docconv_status st = DOCCONV_OK;
	docconv_buf b;
	docconv_buf_init(&b);
	int r;
	if (book->n_docs == 1) {
		r = put_doc(&b, book->docs[0], "");
	} else {
		r = docconv_buf_puts(&b, "{\n ") || put_key(&b, "meta") ||
		    docconv_buf_puts(&b, "{") || put_key(&b, "title") ||
		    put_cstr_or_null(&b, docconv_book_title(book)) ||
		    docconv_buf_puts(&b, ", ") || put_key(&b, "lang") ||
		    put_cstr_or_null(&b, docconv_book_lang(book)) ||
		    docconv_buf_puts(&b, "},\n ") || put_key(&b, "articles") ||
		    docconv_buf_puts(&b, "[");
		for (size_t i = 0; i < book->n_docs && !r; i++)
			r = docconv_buf_puts(&b, i ? ",\n  " : "\n  ") ||
			    put_doc(&b, book->docs[i], "  ");
		r = r || docconv_buf_puts(&b, "\n ]\n}");
	}
	r = r || docconv_buf_putc(&b, '\n');
	if (r) {
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	st = docconv_sink_write(sink, b.data, b.len);
out:
	docconv_buf_free(&b);
	return st;
}
