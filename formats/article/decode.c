/* decode.c — every line's class, decided jointly.
 *
 * Each non-blank line gets a score per class from its features (the weights
 * in weights.c); each step from one class to the next a score of its own;
 * the classes also move the article through its phases (nothing yet, after
 * the title, in the body), which decide what may come next: a deck only
 * under a title, a "+" class only after the block it continues, a kicker
 * only over a title. A title after a title block or a body starts a new
 * article. The best-scoring sequence over the whole text
 * wins (Viterbi), so one doubtful line is decided by the lines around it
 * rather than by the rules that happened to look at it first.
 *
 * One rule looks at the line before as well: on a page wrapped greedily
 * (features.c), a paragraph does not go on past a sentence's last line
 * that had room for the next line's first word, nor past such a line and
 * a caption after it; the wrap would have put the word there. On a Latin
 * page wrapped loosely, nor past a sentence's end that a line opening a
 * quote follows; on a page not wrapped, nor past a sentence's end and a
 * caption after it (features.c sets `wrap_break`, `wrap_break_figure`).
 *
 * features.c's decoder rules forbid a line some classes the same way
 * (page_head, centered_head, front_head, page_title, web_deck,
 * names_byline, web_notice, web_pictured, line_head, gap_head,
 * running_text, stamp_head, stamp, indent_head, report_head,
 * byline_head, deck_number, dash_deck, numbered_caption, by_name,
 * numbered_heads, pictured, wire_head, list_item, byline_pattern,
 * whole_caption, widget_cut, short_head, caps_head, closing_byline;
 * `forbid`), and may make a
 * line a caption or a credit no pattern tells (`rule_figure`).
 *
 * scripts/reader_train.py decodes with the same rules (its `allowed`
 * follows `step` here line for line) to learn the weights; it learns them
 * without the wrap rule and the decoder rules, from the signs alone.
 */
#include "article.h"

#include <stdlib.h>
#include <string.h>

#define N_STATES (ARTICLE_N_LABELS * ARTICLE_N_PHASES)
/* A score no path takes. */
#define NO_PATH INT64_MIN

static const char *const label_names[] = {
#define ARTICLE_LABEL_NAME(id, name) name,
	ARTICLE_LABELS(ARTICLE_LABEL_NAME)
#undef ARTICLE_LABEL_NAME
};

article_label article_label_begin(article_label l)
{
	switch (l) {
	case LABEL_KICKER_CONT: return LABEL_KICKER;
	case LABEL_TITLE_CONT: return LABEL_TITLE;
	case LABEL_SUBTITLE_CONT: return LABEL_SUBTITLE;
	case LABEL_BYLINE_CONT: return LABEL_BYLINE;
	case LABEL_HEADING_CONT: return LABEL_HEADING;
	case LABEL_PARAGRAPH_CONT: return LABEL_PARAGRAPH;
	case LABEL_CAPTION_CONT: return LABEL_CAPTION;
	default: return l;
	}
}

const char *article_label_name(article_label l)
{
	return (unsigned)l < ARTICLE_N_LABELS ? label_names[l] : "?";
}

/* Whether `label` may follow `prev` (ARTICLE_N_LABELS: the text's start)
 * in phase `phase`; sets the phase after it and whether it starts a new
 * article. */
static int step(int prev, int phase, int label, int *next_phase, int *new_article)
{
	*new_article = 0;
	*next_phase = phase;
	int begin = (int)article_label_begin((article_label)label);
	if (label == LABEL_PARAGRAPH_CONT) {
		/* A paragraph goes on after its own lines, or after a caption
		 * that stood inside it. */
		if (phase != PHASE_BODY ||
		    !(prev == LABEL_PARAGRAPH || prev == LABEL_PARAGRAPH_CONT ||
		      prev == LABEL_CAPTION || prev == LABEL_CAPTION_CONT ||
		      prev == LABEL_CREDIT))
			return 0;
	} else if (begin != label && prev != begin && prev != label) {
		return 0;   /* any other "+" class goes on its own block only */
	}
	/* A kicker stands over a title. */
	if ((prev == LABEL_KICKER || prev == LABEL_KICKER_CONT) &&
	    label != LABEL_KICKER_CONT && label != LABEL_TITLE)
		return 0;
	switch (label) {
	case LABEL_KICKER:
		/* After a body, or after a title block with no body (a masthead
		 * read as a headline, a headline whose story is elsewhere), a
		 * kicker or a title begins the next article. */
		*new_article = phase != PHASE_OPEN;
		*next_phase = PHASE_OPEN;
		break;
	case LABEL_TITLE:
		*new_article = phase != PHASE_OPEN;
		*next_phase = PHASE_TITLED;
		break;
	case LABEL_SUBTITLE:
		if (phase != PHASE_TITLED)
			return 0;
		break;
	case LABEL_HEADING:
	case LABEL_PARAGRAPH:
		*next_phase = PHASE_BODY;
		break;
	default:
		break;
	}
	return 1;
}

/* The line's score for every class from its features: one pass, a row
 * of the table a feature. */
/* Sums stay in 32 bits: a weight is under a million hundredths and a line
 * has at most a few hundred features, so a line's score is far from 2^31;
 * and 32-bit rows add up in vector registers. */
static void emissions(const article_lines *L, const article_line *ln,
                      const article_model *m, int32_t out[ARTICLE_N_LABELS])
{
	for (int l = 0; l < ARTICLE_N_LABELS; l++)
		out[l] = 0;
	const uint16_t *f = L->feat + ln->feat_at;
	for (unsigned k = 0; k < ln->nfeat; k++) {
		const int32_t *row = m->emit[f[k]];
		for (int l = 0; l < ARTICLE_N_LABELS; l++)
			out[l] += row[l];
	}
}

/* The line's edge features' scores, per class before (the last row: the
 * text's start) and class. */
static void edge_scores(const article_lines *L, const article_line *ln,
                        const article_model *m,
                        int32_t es[ARTICLE_N_LABELS + 1][ARTICLE_N_LABELS])
{
	memset(es, 0, sizeof(int32_t) * (ARTICLE_N_LABELS + 1) * ARTICLE_N_LABELS);
	const uint16_t *e = L->feat + ln->feat_at + ln->nfeat;
	for (unsigned k = 0; k < ln->nedge; k++)
		for (uint32_t rows = m->edge_rows[e[k]]; rows; rows &= rows - 1) {
			int p = __builtin_ctz(rows);
			const int32_t *row = m->edge[e[k]][p];
			for (int l = 0; l < ARTICLE_N_LABELS; l++)
				es[p][l] += row[l];
		}
}

/* A line may be a credit only where a credit pattern matches it (or the
 * decoder's rules make it part of a figure): a credit the patterns do not
 * know is too rare to guess at, and a short bracketed line after a caption
 * (a note, `（完）`) too often looks like one. */
static int class_allowed(const article_line *ln, int label, int rules)
{
	if (ln->allow && !(ln->allow & (1u << label)))
		return 0;
	if (rules && (ln->forbid & (1u << label)))
		return 0;
	if (label == LABEL_CREDIT)
		return ln->kind == LINE_CREDIT || ln->kind == LINE_CAPTION_CREDIT ||
		       (rules && ln->rule_figure);
	/* A caption begins where a sign of one is (features.c): a paragraph
	 * taken for a caption would be lost from the text's flow. */
	if (label == LABEL_CAPTION)
		return ln->caption_sign || (rules && ln->rule_figure);
	/* A dateline too: a short headline is none without a date, a digit,
	 * brackets, a dateline's pattern or a field's label. */
	if (label == LABEL_DATELINE)
		return ln->dateline_sign;
	return 1;
}

/* A paragraph does not go on past a line a greedy wrap left short (a
 * caption standing inside it may end so), nor past such a line and a
 * caption after it. */
static int follow_allowed(const article_line *ln, int prev, int label)
{
	if (label != LABEL_PARAGRAPH_CONT)
		return 1;
	if (ln->wrap_break && (prev == LABEL_PARAGRAPH || prev == LABEL_PARAGRAPH_CONT))
		return 0;
	return !(ln->wrap_break_figure &&
	         (prev == LABEL_CAPTION || prev == LABEL_CAPTION_CONT || prev == LABEL_CREDIT));
}

/* The phase after a line: a paragraph of front matter (a masthead)
 * before any headline leaves the page open for the headline that follows,
 * in the same article. */
static int front_phase(const article_line *ln, int phase, int label, int next_phase)
{
	return ln->front && label == LABEL_PARAGRAPH && phase == PHASE_OPEN ? PHASE_OPEN
	                                                                     : next_phase;
}

/* step() for every class before (and the start), phase and class, worked
 * out once a decoding. */
typedef struct move {
	signed char ok, next_phase, new_article;
} move;

static void moves_init(move mv[ARTICLE_N_LABELS + 1][ARTICLE_N_PHASES][ARTICLE_N_LABELS])
{
	for (int p = 0; p <= ARTICLE_N_LABELS; p++)
		for (int ph = 0; ph < ARTICLE_N_PHASES; ph++)
			for (int l = 0; l < ARTICLE_N_LABELS; l++) {
				int np, na;
				mv[p][ph][l].ok = (signed char)step(p, ph, l, &np, &na);
				mv[p][ph][l].next_phase = (signed char)np;
				mv[p][ph][l].new_article = (signed char)na;
			}
}

docconv_status article_decode(article_lines *L, const article_model *m,
                              unsigned char *starts)
{
	docconv_status st = DOCCONV_OK;
	size_t n = 0;
	size_t *idx = malloc((L->n + 1) * sizeof *idx);
	unsigned char *back = NULL;
	int64_t *score = NULL, *next = NULL;
	int32_t *emits = NULL;
	if (!idx)
		return DOCCONV_ERR_NOMEM;
	for (size_t i = 0; i < L->n; i++)
		if (L->v[i].kind != LINE_BLANK)
			idx[n++] = i;
	if (starts)
		memset(starts, 0, L->n);
	if (n == 0)
		goto out;
	back = malloc(n * N_STATES);
	score = malloc(N_STATES * sizeof *score);
	next = malloc(N_STATES * sizeof *next);
	emits = malloc(n * ARTICLE_N_LABELS * sizeof *emits);
	if (!back || !score || !next || !emits) {
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}

	move mv[ARTICLE_N_LABELS + 1][ARTICLE_N_PHASES][ARTICLE_N_LABELS];
	moves_init(mv);
	int32_t *emit = emits;
	int32_t es[ARTICLE_N_LABELS + 1][ARTICLE_N_LABELS];
	emissions(L, &L->v[idx[0]], m, emit);
	edge_scores(L, &L->v[idx[0]], m, es);
	for (int s = 0; s < N_STATES; s++)
		score[s] = NO_PATH;
	/* (the first line too is decoded without the rules when they leave
	 * it no class a text may open with) */
	for (int rules = 1, reached = 0; rules >= 0 && !reached; rules--)
		for (int l = 0; l < ARTICLE_N_LABELS; l++) {
			const move *mo = &mv[ARTICLE_N_LABELS][PHASE_OPEN][l];
			if (!mo->ok || !class_allowed(&L->v[idx[0]], l, rules))
				continue;
			int np = front_phase(&L->v[idx[0]], PHASE_OPEN, l, mo->next_phase);
			int64_t v = emit[l] + m->trans[ARTICLE_N_LABELS][l] +
			            m->phase[PHASE_OPEN][l] + es[ARTICLE_N_LABELS][l];
			int s = l * ARTICLE_N_PHASES + np;
			if (v > score[s]) {
				score[s] = v;
				back[s] = 0xFF;
				reached = 1;
			}
		}
	for (size_t t = 1; t < n; t++) {
		const article_line *ln = &L->v[idx[t]];
		emit = emits + t * ARTICLE_N_LABELS;
		emissions(L, ln, m, emit);
		edge_scores(L, ln, m, es);
		unsigned char *bt = back + t * N_STATES;
		/* The decoder's rules (features.c) together may leave a line no
		 * class the lines before allow it: it is then decoded without
		 * them, rather than leaving the text with no path. */
		int reached = 0;
		for (int rules = 1; rules >= 0 && !reached; rules--) {
			for (int s = 0; s < N_STATES; s++)
				next[s] = NO_PATH;
			for (int ps = 0; ps < N_STATES; ps++) {
				if (score[ps] == NO_PATH)
					continue;
				int pl = ps / ARTICLE_N_PHASES, pp = ps % ARTICLE_N_PHASES;
				const move *row = mv[pl][pp];
				for (int l = 0; l < ARTICLE_N_LABELS; l++) {
					if (!row[l].ok || !class_allowed(ln, l, rules) ||
					    !follow_allowed(ln, pl, l))
						continue;
					int np = front_phase(ln, pp, l, row[l].next_phase);
					int64_t v = score[ps] + emit[l] + m->trans[pl][l] +
					            m->phase[pp][l] + es[pl][l] +
					            (row[l].new_article ? m->new_article : 0);
					int s = l * ARTICLE_N_PHASES + np;
					if (v > next[s]) {
						next[s] = v;
						bt[s] = (unsigned char)ps;
						reached = 1;
					}
				}
			}
		}
		int64_t *tmp = score;
		score = next;
		next = tmp;
	}
	/* The best end: a kicker cannot end the text. */
	int best = -1;
	for (int s = 0; s < N_STATES; s++) {
		int l = s / ARTICLE_N_PHASES;
		if (score[s] == NO_PATH || l == LABEL_KICKER || l == LABEL_KICKER_CONT)
			continue;
		if (best < 0 || score[s] > score[best])
			best = s;
	}
	if (best < 0) {
		/* Only a kicker could end it (a one-line text read as one): take
		 * the best state whatever it is. */
		for (int s = 0; s < N_STATES; s++)
			if (score[s] != NO_PATH && (best < 0 || score[s] > score[best]))
				best = s;
	}
	for (size_t t = n; t-- > 0;) {
		article_line *ln = &L->v[idx[t]];
		ln->label = (article_label)(best / ARTICLE_N_PHASES);
		int prev = t ? back[t * N_STATES + best] : -1;
		if (starts && t > 0)
			starts[idx[t]] = (unsigned char)mv[prev / ARTICLE_N_PHASES]
			                                  [prev % ARTICLE_N_PHASES]
			                                  [ln->label].new_article;
		best = prev;
	}
	/* How far each line's class led the next best on its own features,
	 * for --explain. */
	for (size_t t = 0; t < n; t++) {
		article_line *ln = &L->v[idx[t]];
		const int32_t *e = emits + t * ARTICLE_N_LABELS;
		int64_t own = e[ln->label], other = NO_PATH;
		for (int l = 0; l < ARTICLE_N_LABELS; l++)
			if (l != (int)ln->label && e[l] > other)
				other = e[l];
		int64_t d = own - other;
		ln->margin = d > INT32_MAX ? INT32_MAX : d < INT32_MIN ? INT32_MIN : (int32_t)d;
	}
out:
	free(idx);
	free(back);
	free(score);
	free(next);
	free(emits);
	return st;
}
