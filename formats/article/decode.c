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
 * scripts/reader_train.py decodes with the same rules (its `allowed`
 * follows `step` here line for line) to learn the weights.
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
	switch (label) {
	case LABEL_KICKER_CONT:
		if (prev != LABEL_KICKER && prev != LABEL_KICKER_CONT)
			return 0;
		break;
	case LABEL_TITLE_CONT:
		if (prev != LABEL_TITLE && prev != LABEL_TITLE_CONT)
			return 0;
		break;
	case LABEL_SUBTITLE_CONT:
		if (prev != LABEL_SUBTITLE && prev != LABEL_SUBTITLE_CONT)
			return 0;
		break;
	case LABEL_BYLINE_CONT:
		if (prev != LABEL_BYLINE && prev != LABEL_BYLINE_CONT)
			return 0;
		break;
	case LABEL_HEADING_CONT:
		if (prev != LABEL_HEADING && prev != LABEL_HEADING_CONT)
			return 0;
		break;
	case LABEL_CAPTION_CONT:
		if (prev != LABEL_CAPTION && prev != LABEL_CAPTION_CONT)
			return 0;
		break;
	case LABEL_PARAGRAPH_CONT:
		/* A paragraph goes on after its own lines, or after a caption
		 * that stood inside it. */
		if (phase != PHASE_BODY ||
		    !(prev == LABEL_PARAGRAPH || prev == LABEL_PARAGRAPH_CONT ||
		      prev == LABEL_CAPTION || prev == LABEL_CAPTION_CONT ||
		      prev == LABEL_CREDIT))
			return 0;
		break;
	default:
		break;
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

static int64_t emission(const article_lines *L, const article_line *ln,
                        const article_model *m, int label)
{
	int64_t s = 0;
	const uint16_t *f = L->feat + ln->feat_at;
	for (unsigned k = 0; k < ln->nfeat; k++)
		s += m->emit[f[k]][label];
	return s;
}

/* The line's edge features' scores, per class before (the last row: the
 * text's start) and class. */
static void edge_scores(const article_lines *L, const article_line *ln,
                        const article_model *m,
                        int64_t es[ARTICLE_N_LABELS + 1][ARTICLE_N_LABELS])
{
	memset(es, 0, sizeof(int64_t) * (ARTICLE_N_LABELS + 1) * ARTICLE_N_LABELS);
	const uint16_t *e = L->feat + ln->feat_at + ln->nfeat;
	for (unsigned k = 0; k < ln->nedge; k++)
		for (int p = 0; p <= ARTICLE_N_LABELS; p++)
			for (int l = 0; l < ARTICLE_N_LABELS; l++)
				es[p][l] += m->edge[e[k]][p][l];
}

docconv_status article_decode(article_lines *L, const article_model *m,
                              unsigned char *starts)
{
	docconv_status st = DOCCONV_OK;
	size_t n = 0;
	size_t *idx = malloc((L->n + 1) * sizeof *idx);
	unsigned char *back = NULL;
	int64_t *score = NULL, *next = NULL;
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
	if (!back || !score || !next) {
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}

	int64_t emit[ARTICLE_N_LABELS];
	int64_t es[ARTICLE_N_LABELS + 1][ARTICLE_N_LABELS];
	for (int l = 0; l < ARTICLE_N_LABELS; l++)
		emit[l] = emission(L, &L->v[idx[0]], m, l);
	edge_scores(L, &L->v[idx[0]], m, es);
	for (int s = 0; s < N_STATES; s++)
		score[s] = NO_PATH;
	for (int l = 0; l < ARTICLE_N_LABELS; l++) {
		int np, na;
		if (!step(ARTICLE_N_LABELS, PHASE_OPEN, l, &np, &na))
			continue;
		int64_t v = emit[l] + m->trans[ARTICLE_N_LABELS][l] +
		            m->phase[PHASE_OPEN][l] + es[ARTICLE_N_LABELS][l];
		int s = l * ARTICLE_N_PHASES + np;
		if (v > score[s]) {
			score[s] = v;
			back[s] = 0xFF;
		}
	}
	for (size_t t = 1; t < n; t++) {
		const article_line *ln = &L->v[idx[t]];
		for (int l = 0; l < ARTICLE_N_LABELS; l++)
			emit[l] = emission(L, ln, m, l);
		edge_scores(L, ln, m, es);
		for (int s = 0; s < N_STATES; s++)
			next[s] = NO_PATH;
		unsigned char *bt = back + t * N_STATES;
		for (int ps = 0; ps < N_STATES; ps++) {
			if (score[ps] == NO_PATH)
				continue;
			int pl = ps / ARTICLE_N_PHASES, pp = ps % ARTICLE_N_PHASES;
			for (int l = 0; l < ARTICLE_N_LABELS; l++) {
				int np, na;
				if (!step(pl, pp, l, &np, &na))
					continue;
				int64_t v = score[ps] + emit[l] + m->trans[pl][l] +
				            m->phase[pp][l] + es[pl][l] +
				            (na ? m->new_article : 0);
				int s = l * ARTICLE_N_PHASES + np;
				if (v > next[s]) {
					next[s] = v;
					bt[s] = (unsigned char)ps;
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
		if (starts && t > 0) {
			int np, na;
			step(prev / ARTICLE_N_PHASES, prev % ARTICLE_N_PHASES,
			     ln->label, &np, &na);
			starts[idx[t]] = (unsigned char)na;
		}
		best = prev;
	}
	/* How far each line's class led the next best on its own features,
	 * for --explain. */
	for (size_t t = 0; t < n; t++) {
		article_line *ln = &L->v[idx[t]];
		int64_t own = emission(L, ln, m, ln->label), other = NO_PATH;
		for (int l = 0; l < ARTICLE_N_LABELS; l++) {
			int64_t v = emission(L, ln, m, l);
			if (l != (int)ln->label && v > other)
				other = v;
		}
		int64_t d = own - other;
		ln->margin = d > INT32_MAX ? INT32_MAX : d < INT32_MIN ? INT32_MIN : (int32_t)d;
	}
out:
	free(idx);
	free(back);
	free(score);
	free(next);
	return st;
}
