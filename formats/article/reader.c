/* reader.c — the raw-article reader's entry point: lines → units → model,
 * with the metadata the text gives (title, authors, language, date). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "formats/formats.h"
#include "article.h"

/* Lines at the top of an article searched for a date. */
#define DATE_SEARCH_LINES 12
/* Room for YYYY-MM-DD from any int the compiler can imagine. */
#define DATE_BUF 40

static docconv_node_type node_type(unit_kind k)
{
	switch (k) {
	case UNIT_KICKER: return DOCCONV_NODE_KICKER;
	case UNIT_TITLE: return DOCCONV_NODE_TITLE;
	case UNIT_SUBTITLE: return DOCCONV_NODE_SUBTITLE;
	case UNIT_BYLINE: return DOCCONV_NODE_BYLINE;
	case UNIT_DATELINE: return DOCCONV_NODE_DATELINE;
	case UNIT_HEADING: return DOCCONV_NODE_HEADING;
	case UNIT_PARAGRAPH: return DOCCONV_NODE_PARAGRAPH;
	case UNIT_FIGURE: return DOCCONV_NODE_FIGURE;
	}
	return DOCCONV_NODE_PARAGRAPH;
}

static int digits(const char *s, size_t n, size_t *i, int max, int *v)
{
	int count = 0;
	*v = 0;
	while (*i < n && s[*i] >= '0' && s[*i] <= '9' && count < max) {
		*v = *v * 10 + (s[*i] - '0');
		(*i)++;
		count++;
	}
	return count;
}

/* `2018年3月5日` or `December 29, 2014` / `Dec. 1, 1916` in s, as
 * YYYY-MM-DD. */
static int find_date(const char *s, size_t n, char out[DATE_BUF])
{
	static const char *const months[] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
		"Oct", "Nov", "Dec"
	};
	for (size_t i = 0; i < n; i++) {
		size_t j = i;
		int y, m, d;
		if (s[i] >= '0' && s[i] <= '9' && (i == 0 || s[i - 1] < '0' || s[i - 1] > '9') &&
		    digits(s, n, &j, 4, &y) == 4 && j + 3 <= n &&
		    memcmp(s + j, "年", 3) == 0) {
			j += 3;
			if (digits(s, n, &j, 2, &m) && j + 3 <= n &&
			    memcmp(s + j, "月", 3) == 0) {
				j += 3;
				if (digits(s, n, &j, 2, &d) && j + 3 <= n &&
				    (memcmp(s + j, "日", 3) == 0) && m >= 1 && m <= 12 &&
				    d >= 1 && d <= 31) {
					snprintf(out, DATE_BUF, "%04d-%02d-%02d", y, m, d);
					return 1;
				}
			}
		}
		/* A month name starts a word: most bytes are turned away here
		 * before twelve comparisons. */
		if (!((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z') ||
		    !(i == 0 || s[i - 1] == ' ' || s[i - 1] == ',' || s[i - 1] == '-'))
			continue;
		for (int k = 0; k < 12; k++) {
			size_t ml = 3;
			if (!(i + ml <= n && strncasecmp(s + i, months[k], ml) == 0))
				continue;
			j = i + ml;
			while (j < n && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z')))
				j++;
			if (j < n && s[j] == '.')
				j++;
			if (j < n && s[j] == ' ')
				j++;
			if (!digits(s, n, &j, 2, &d) || d < 1 || d > 31)
				continue;
			if (j + 2 < n && s[j] == ',' && s[j + 1] == ' ') {
				j += 2;
				if (digits(s, n, &j, 4, &y) == 4 && y > 1700) {
					snprintf(out, DATE_BUF, "%04d-%02d-%02d", y, k + 1, d);
					return 1;
				}
			}
		}
	}
	return 0;
}

/* The names a byline or dateline holds go to the metadata. Past
 * DOCCONV_MAX_AUTHORS the rest are left out of it with one warning (at
 * `line`); the byline blocks keep their text. */
static docconv_status add_authors(docconv_doc *doc, const char *s, size_t n,
                                  unsigned long line, int *warned,
                                  docconv_diag *d)
{
	docconv_buf names;
	docconv_buf_init(&names);
	size_t count = article_byline_authors(s, n, &names);
	docconv_status st = DOCCONV_OK;
	size_t at = 0;
	for (size_t k = 0; k < count && !st && at < names.len; k++) {
		size_t l = strlen(names.data + at);
		st = docconv_doc_add_author(doc, names.data + at, l);
		at += l + 1;
	}
	if (st == DOCCONV_ERR_LIMIT) {
		if (!*warned)
			docconv_diag_add(d, DOCCONV_SEV_WARNING, line, -1,
			                 "more than %d authors in the bylines; the "
			                 "rest are left out of the metadata",
			                 DOCCONV_MAX_AUTHORS);
		*warned = 1;
		st = DOCCONV_OK;
	}
	docconv_buf_free(&names);
	return st;
}

static int by_order(const void *x, const void *y)
{
	const article_unit *a = *(const article_unit *const *)x;
	const article_unit *b = *(const article_unit *const *)y;
	return a->order < b->order ? -1 : a->order > b->order;
}

docconv_status article_build_doc(const article_lines *lines,
                                 const article_units *units, size_t first,
                                 size_t end, const char *lang,
                                 const char *source_name,
                                 const char *encoding, docconv_doc **out,
                                 docconv_diag *d)
{
	docconv_status st = DOCCONV_OK;
	int authors_warned = 0;
	docconv_doc *doc = docconv_doc_new();
	const article_unit **seq = malloc((end - first + 1) * sizeof *seq);
	size_t n = 0;
	char date[DATE_BUF] = "";
	*out = NULL;
	if (!doc || !seq) {
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	for (size_t i = first; i < end; i++)
		if (units->v[i].order > 0 && !units->v[i].dropped)
			seq[n++] = &units->v[i];
	qsort(seq, n, sizeof *seq, by_order);

	for (size_t i = 0; i < n && !st; i++) {
		const article_unit *u = seq[i];
		docconv_node *b = NULL;
		const char *t = u->text.data ? u->text.data : "";
		size_t tl = u->text.len;
		if (u->kind == UNIT_FIGURE)
			st = docconv_doc_append_figure(doc, t, tl,
			                               u->credit.data ? u->credit.data : "",
			                               u->credit.len, &b);
		else if (u->kind == UNIT_HEADING)
			st = docconv_doc_append_heading(doc, 2, t, tl, &b);
		else
			st = docconv_doc_append_text_block(doc, node_type(u->kind), t,
			                                   tl, &b);
		if (st == DOCCONV_ERR_LIMIT)
			docconv_diag_add(d, DOCCONV_SEV_ERROR, lines->v[u->first].no, -1,
			                 "more than %d blocks (paragraphs, headings, "
			                 "captions...); this does not look like one "
			                 "article", DOCCONV_MAX_BLOCKS);
		if (st)
			break;
		docconv_node_set_origin(b, lines->v[u->first].no,
		                        lines->v[u->last].no,
		                        article_label_name(lines->v[u->first].label));
		switch (u->kind) {
		case UNIT_TITLE:
			if (!docconv_doc_meta(doc)->title)
				st = docconv_doc_set_meta(doc, DOCCONV_META_TITLE, t, tl);
			break;
		case UNIT_SUBTITLE:
			if (!docconv_doc_meta(doc)->subtitle)
				st = docconv_doc_set_meta(doc, DOCCONV_META_SUBTITLE, t, tl);
			break;
		case UNIT_KICKER:
			if (!docconv_doc_meta(doc)->kicker)
				st = docconv_doc_set_meta(doc, DOCCONV_META_KICKER, t, tl);
			break;
		case UNIT_BYLINE:
		case UNIT_DATELINE:
			st = add_authors(doc, t, tl, lines->v[u->first].no,
			                 &authors_warned, d);
			break;
		default:
			break;
		}
		if (!date[0] && (u->kind == UNIT_DATELINE || u->kind == UNIT_TITLE ||
		                 u->kind == UNIT_KICKER || u->kind == UNIT_SUBTITLE ||
		                 u->kind == UNIT_BYLINE))
			find_date(t, tl, date);
	}
	for (size_t i = 0; i < lines->n && i < DATE_SEARCH_LINES && !date[0]; i++)
		find_date(lines->v[i].s, lines->v[i].len, date);
	if (!st && date[0])
		st = docconv_doc_set_meta(doc, DOCCONV_META_DATE, date, strlen(date));
	if (!st)
		st = docconv_doc_set_meta(doc, DOCCONV_META_LANG, lang, strlen(lang));
	if (!st && source_name)
		st = docconv_doc_set_meta(doc, DOCCONV_META_SOURCE, source_name,
		                          strlen(source_name));
	if (!st && encoding)
		st = docconv_doc_set_meta(doc, DOCCONV_META_ENCODING, encoding,
		                          strlen(encoding));
out:
	free(seq);
	if (st) {
		docconv_doc_free(doc);
		doc = NULL;
	}
	*out = doc;
	return st;
}

docconv_status docconv_read_article(const char *utf8, size_t n,
                                    const docconv_read_opts *opts,
                                    docconv_doc **out, docconv_diag *d)
{
	docconv_status st;
	article_lines lines;
	article_units units;
	memset(&units, 0, sizeof units);
	*out = NULL;
	if ((st = article_split_lines(utf8, n, &lines, d)) != DOCCONV_OK)
		goto out;
	size_t content = 0;
	for (size_t i = 0; i < lines.n; i++)
		if (lines.v[i].kind != LINE_BLANK)
			content++;
	if (!content) {
		st = docconv_fail(d, DOCCONV_ERR_INPUT,
		                  "no text to convert: the input is empty or only "
		                  "white space");
		goto out;
	}
	if ((st = article_assemble(&lines, &units, opts && opts->one_article,
	                           d)) != DOCCONV_OK)
		goto out;
	/* One document an article of the page, chained in order (the units
	 * of an article stand together). The language is the page's. */
	docconv_doc *page = NULL;
	const char *lang = article_detect_lang(lines.text, lines.text_len);
	for (size_t first = 0; first < units.n && st == DOCCONV_OK;) {
		size_t end = first;
		while (end < units.n && units.v[end].article == units.v[first].article)
			end++;
		docconv_doc *doc = NULL;
		st = article_build_doc(&lines, &units, first, end, lang,
		                       opts ? opts->source_name : NULL,
		                       opts ? opts->encoding : NULL, &doc, d);
		if (st == DOCCONV_OK && page)
			docconv_doc_append(page, doc);
		else if (st == DOCCONV_OK)
			page = doc;
		first = end;
	}
	if (st != DOCCONV_OK)
		docconv_doc_free(page);
	else
		*out = page;
out:
	article_units_free(&units);
	article_lines_free(&lines);
	return st;
}
