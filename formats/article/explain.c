/* explain.c — `--explain`: for each range of input lines, the block it
 * became, the rule that decided it and what was done to it. A user reads it
 * to see why a conversion came out as it did:
 *
 *   lines 3-5    figure     caption-credit: ...; lines put back in order
 *   line 11      title      title: the first short line ...
 *   lines 46-48  paragraph  paragraph: a line of text; a column break cut it
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/formats.h"
#include "article.h"

static const char *kind_name(unit_kind k)
{
	switch (k) {
	case UNIT_KICKER: return "kicker";
	case UNIT_TITLE: return "title";
	case UNIT_SUBTITLE: return "subtitle";
	case UNIT_BYLINE: return "byline";
	case UNIT_DATELINE: return "dateline";
	case UNIT_HEADING: return "heading";
	case UNIT_PARAGRAPH: return "paragraph";
	case UNIT_FIGURE: return "figure";
	}
	return "?";
}

static int by_first(const void *x, const void *y)
{
	const article_unit *a = *(const article_unit *const *)x;
	const article_unit *b = *(const article_unit *const *)y;
	if (a->first != b->first)
		return a->first < b->first ? -1 : 1;
	return a->kind == UNIT_DATELINE ? -1 : b->kind == UNIT_DATELINE ? 1 : 0;
}

docconv_status docconv_explain_article(const char *utf8, size_t n,
                                       const docconv_read_opts *opts,
                                       docconv_sink *sink, docconv_diag *d)
{
	docconv_status st;
	article_lines lines;
	article_units units;
	const article_unit **seq = NULL;
	docconv_buf b;
	docconv_buf_init(&b);
	memset(&units, 0, sizeof units);
	(void)opts;

	if ((st = article_split_lines(utf8, n, &lines, d)) != DOCCONV_OK)
		goto out;
	if ((st = article_assemble(&lines, &units, d)) != DOCCONV_OK)
		goto out;
	if (!(seq = malloc((units.n + 1) * sizeof *seq))) {
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	for (size_t i = 0; i < units.n; i++)
		seq[i] = &units.v[i];
	qsort(seq, units.n, sizeof *seq, by_first);
	for (size_t i = 0; i < units.n; i++) {
		const article_unit *u = seq[i];
		char range[64], line[1024];
		unsigned long a = lines.v[u->first].no, z = lines.v[u->last].no;
		if (a == z)
			snprintf(range, sizeof range, "line %lu", a);
		else
			snprintf(range, sizeof range, "lines %lu-%lu", a, z);
		snprintf(line, sizeof line, "%-14s %-10s %s%s%s%s\n", range,
		         kind_name(u->kind), u->rule ? u->rule : "",
		         u->note ? "; " : "", u->note ? u->note : "",
		         u->dropped ? "; joined into the paragraph before it" : "");
		if (docconv_buf_puts(&b, line)) {
			st = DOCCONV_ERR_NOMEM;
			goto out;
		}
	}
	st = docconv_sink_write(sink, b.data ? b.data : "", b.len);
out:
	free(seq);
	docconv_buf_free(&b);
	article_units_free(&units);
	article_lines_free(&lines);
	return st;
}
