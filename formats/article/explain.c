/* explain.c — `--explain`: for each line, the class it got, by how much it
 * led the next best class on the line's own features, and the features
 * that weighed most for it against that class; where an article starts;
 * and what was done to the blocks (joined, reordered, split):
 *
 *   line 3      caption      +6.1 over paragraph: pat.caption-credit +3.2, ...
 *   line 11     title        +4.0 over heading: first +2.1, title-like +1.3
 *   --- article 2 starts at line 40
 *
 * `--explain=features` prints the features themselves, one JSON object a
 * line, for scripts/reader_train.py.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/formats.h"
#include "article.h"

/* Features named for a line's class. */
#define EXPLAIN_TOP_FEATURES 3
/* The weights are hundredths. */
#define WEIGHT_SCALE 100.0

static int put_json_string(docconv_buf *b, const char *s, size_t n)
{
	if (docconv_buf_putc(b, '"'))
		return -1;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[8];
		if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			esc[2] = '\0';
		} else if (c < 0x20) {
			snprintf(esc, sizeof esc, "\\u%04x", c);
		} else {
			if (docconv_buf_putc(b, (char)c))
				return -1;
			continue;
		}
		if (docconv_buf_puts(b, esc))
			return -1;
	}
	return docconv_buf_putc(b, '"');
}

static int explain_features(const article_lines *L, const unsigned char *starts,
                            docconv_buf *b)
{
	char num[192];
	if (docconv_buf_puts(b, "{\"features\": ["))
		return -1;
	for (unsigned f = 0; f < ARTICLE_N_FEATURES; f++) {
		char nb[64];
		const char *name = article_feature_name(f, nb, sizeof nb);
		if ((f && docconv_buf_puts(b, ", ")) ||
		    put_json_string(b, name, strlen(name)))
			return -1;
	}
	if (docconv_buf_puts(b, "], \"labels\": ["))
		return -1;
	for (int l = 0; l < ARTICLE_N_LABELS; l++) {
		const char *name = article_label_name((article_label)l);
		if ((l && docconv_buf_puts(b, ", ")) ||
		    put_json_string(b, name, strlen(name)))
			return -1;
	}
	if (docconv_buf_puts(b, "], \"edges\": ["))
		return -1;
	for (unsigned e = 0; e < ARTICLE_N_EDGES; e++) {
		char nb[64];
		const char *name = article_feature_name(
		    article_edge_base(e) + article_edge_domain(e) * ARTICLE_N_BASE_FEATURES,
		    nb, sizeof nb);
		if ((e && docconv_buf_puts(b, ", ")) ||
		    put_json_string(b, name, strlen(name)))
			return -1;
	}
	snprintf(num, sizeof num, "], \"hash\": %lu}\n",
	         (unsigned long)article_features_hash());
	if (docconv_buf_puts(b, num))
		return -1;
	for (size_t i = 0; i < L->n; i++) {
		const article_line *ln = &L->v[i];
		if (ln->kind == LINE_BLANK)
			continue;
		snprintf(num, sizeof num, "{\"no\": %lu, \"text\": ", ln->no);
		if (docconv_buf_puts(b, num) || put_json_string(b, ln->s, ln->len) ||
		    docconv_buf_puts(b, ", \"f\": ["))
			return -1;
		for (unsigned k = 0; k < ln->nfeat; k++) {
			snprintf(num, sizeof num, "%s%u", k ? ", " : "",
			         (unsigned)L->feat[ln->feat_at + k]);
			if (docconv_buf_puts(b, num))
				return -1;
		}
		const char *label = article_label_name(ln->label);
		if (docconv_buf_puts(b, "], \"e\": ["))
			return -1;
		for (unsigned k = 0; k < ln->nedge; k++) {
			snprintf(num, sizeof num, "%s%u", k ? ", " : "",
			         (unsigned)L->feat[ln->feat_at + ln->nfeat + k]);
			if (docconv_buf_puts(b, num))
				return -1;
		}
		snprintf(num, sizeof num,
		         "], \"start\": %d, \"wrap_break\": %d, \"wrap_break_figure\": %d, "
		         "\"allow\": %lu, \"forbid\": %lu, \"rule_figure\": %d, \"front\": %d, "
		         "\"dateline_sign\": %d, \"label\": ",
		         starts[i], ln->wrap_break, ln->wrap_break_figure,
		         (unsigned long)ln->allow, (unsigned long)ln->forbid, ln->rule_figure,
		         ln->front, ln->dateline_sign);
		if (docconv_buf_puts(b, num) || put_json_string(b, label, strlen(label)) ||
		    docconv_buf_puts(b, "}\n"))
			return -1;
	}
	return 0;
}

/* The class that came second on the line's own features. */
static int runner_up(const article_lines *L, const article_line *ln)
{
	const article_model *m = &article_weights;
	int best = -1;
	int64_t best_v = 0;
	for (int l = 0; l < ARTICLE_N_LABELS; l++) {
		if (l == (int)ln->label)
			continue;
		int64_t v = 0;
		for (unsigned k = 0; k < ln->nfeat; k++)
			v += m->emit[L->feat[ln->feat_at + k]][l];
		if (best < 0 || v > best_v) {
			best = l;
			best_v = v;
		}
	}
	return best;
}

static int explain_line(const article_lines *L, const article_line *ln,
                        docconv_buf *b)
{
	const article_model *m = &article_weights;
	char buf[256];
	int other = runner_up(L, ln);
	snprintf(buf, sizeof buf, "line %-9lu %-11s %+6.1f over %-11s",
	         ln->no, article_label_name(ln->label), ln->margin / WEIGHT_SCALE,
	         other >= 0 ? article_label_name((article_label)other) : "-");
	if (docconv_buf_puts(b, buf))
		return -1;
	/* The features with the largest lead for this class, each with its
	 * script and layout forms counted in (they are one sign). */
	int64_t lead[ARTICLE_N_BASE_FEATURES];
	memset(lead, 0, sizeof lead);
	for (unsigned k = 0; k < ln->nfeat; k++) {
		int f = L->feat[ln->feat_at + k];
		lead[f % ARTICLE_N_BASE_FEATURES] +=
		    (int64_t)m->emit[f][ln->label] - (other >= 0 ? m->emit[f][other] : 0);
	}
	for (int t = 0; t < EXPLAIN_TOP_FEATURES; t++) {
		int pick = -1;
		for (int f = 0; f < ARTICLE_N_BASE_FEATURES; f++)
			if (lead[f] > 0 && (pick < 0 || lead[f] > lead[pick]))
				pick = f;
		if (pick < 0)
			break;
		char nb[64];
		snprintf(buf, sizeof buf, "%s%s %+.1f", t ? ", " : ": ",
		         article_feature_name((unsigned)pick, nb, sizeof nb),
		         lead[pick] / WEIGHT_SCALE);
		lead[pick] = 0;
		if (docconv_buf_puts(b, buf))
			return -1;
	}
	if (ln->wrap_break == ARTICLE_BREAK_ROOM &&
	    docconv_buf_puts(b, "; the line above had room for this one's first word"))
		return -1;
	if (ln->wrap_break == ARTICLE_BREAK_QUOTE &&
	    docconv_buf_puts(b, "; a quote opens it after a sentence's end, on a page "
	                        "wrapped loosely"))
		return -1;
	if (ln->wrap_break_figure &&
	    docconv_buf_puts(b, "; the sentence before the caption above had room "
	                        "for this one's first word"))
		return -1;
	for (int l = 0, n = 0; l < ARTICLE_N_LABELS; l++) {
		if (!(ln->forbid & (1u << l)))
			continue;
		const char *name = article_label_name((article_label)l);
		if (docconv_buf_puts(b, n++ ? ", " : "; the decoder's rules forbid ") ||
		    docconv_buf_puts(b, name))
			return -1;
	}
	return docconv_buf_putc(b, '\n');
}

docconv_status docconv_explain_article(const char *utf8, size_t n,
                                       const docconv_read_opts *opts,
                                       docconv_sink *sink, docconv_diag *d)
{
	docconv_status st;
	article_lines lines;
	article_units units;
	unsigned char *starts = NULL;
	char buf[256];
	docconv_buf b;
	docconv_buf_init(&b);
	memset(&units, 0, sizeof units);

	if ((st = article_split_lines(utf8, n, &lines, d)) != DOCCONV_OK)
		goto out;
	if ((st = article_assemble(&lines, &units, opts && opts->one_article,
	                           d)) != DOCCONV_OK)
		goto out;
	if (!(starts = calloc(lines.n + 1, 1))) {
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	/* Where articles start, from the units (the assembler's decode). */
	for (size_t i = 1; i < units.n; i++)
		if (units.v[i].article != units.v[i - 1].article)
			starts[units.v[i].first] = 1;
	if (opts && opts->explain_features) {
		if (explain_features(&lines, starts, &b)) {
			st = DOCCONV_ERR_NOMEM;
			goto out;
		}
	} else {
		size_t article = 1, u = 0;
		for (size_t i = 0; i < lines.n; i++) {
			const article_line *ln = &lines.v[i];
			if (ln->kind == LINE_BLANK)
				continue;
			if (starts[i]) {
				snprintf(buf, sizeof buf, "--- article %zu starts at line %lu\n",
				         ++article, ln->no);
				if (docconv_buf_puts(&b, buf)) {
					st = DOCCONV_ERR_NOMEM;
					goto out;
				}
			}
			if (explain_line(&lines, ln, &b)) {
				st = DOCCONV_ERR_NOMEM;
				goto out;
			}
			/* The notes of the blocks this line begins (units are in
			 * input order by their first line). */
			for (; u < units.n && units.v[u].first <= i; u++)
				if (units.v[u].note && units.v[u].first == i) {
					snprintf(buf, sizeof buf, "%-14s %s\n", "",
					         units.v[u].note);
					if (docconv_buf_puts(&b, buf)) {
						st = DOCCONV_ERR_NOMEM;
						goto out;
					}
				}
		}
	}
	st = docconv_sink_write(sink, b.data ? b.data : "", b.len);
out:
	free(starts);
	docconv_buf_free(&b);
	article_units_free(&units);
	article_lines_free(&lines);
	return st;
}
