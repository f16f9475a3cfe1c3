/* article.h — the raw-article reader's inner parts.
 *
 * The flow, one file a step:
 *   lines.c     the text cut into lines (a long line is also cut where a
 *               full-width indent `　　` starts a new paragraph inside it),
 *               each with its shape (width, script, end punctuation,
 *               indentation) and the patterns it matches;
 *   patterns.c  the genre's patterns: photo credits, bylines, datelines,
 *               caption leads;
 *   words.c     the words of the whole text (wrap hyphens) and the names
 *               its credits use;
 *   features.c  each line's features (features.h names them): its shape,
 *               its patterns, its neighbours' and the page's; and the
 *               decoder's rules, the classes a line may not take;
 *   decode.c    every line's class decided jointly: a score per class from
 *               the features (weights.c), a score per transition the genre
 *               allows (kicker → title → decks → bylines → body …), and the
 *               best sequence over the whole text (Viterbi);
 *   assemble.c  the classes → blocks and articles in reading order: wrapped
 *               lines joined, paragraphs cut by a column break rejoined,
 *               captions put after the title block, datelines and credits
 *               split off;
 *   reader.c    blocks → the model, with its metadata;
 *   lang.c      the text's language, from its letters;
 *   explain.c   --explain: each line's class and the features that decided
 *               it.
 */
#ifndef DOCCONV_ARTICLE_H
#define DOCCONV_ARTICLE_H

#include <stddef.h>
#include <stdint.h>

#include "conv/core/diag.h"
#include "conv/core/doc.h"
#include "conv/core/text.h"
#include "features.h"

/* The longest line we accept: a paragraph on one line runs to a few
 * thousand bytes; a 1 MiB line is not an article. The reader refuses it with
 * a clear error rather than building quadratic work on it. */
#define ARTICLE_MAX_LINE_BYTES (1024 * 1024)
/* Lines per input: a broadsheet page of OCR has a few thousand. */
#define ARTICLE_MAX_LINES 500000
/* Articles on one page: a broadsheet has a few dozen, a page of briefs a
 * hundred or two. Past this the rest of the page stays in the last
 * article (with a warning), so that a hostile input cannot make a book of
 * a hundred thousand chapters. */
#define ARTICLE_MAX_ARTICLES 1000

/* Widths are in columns: a CJK character counts 2, anything else 1. */
/* The widest line a title may be (a two-clause Chinese title runs to 30
 * characters; the Sina single-line pages glue two headlines). */
#define ARTICLE_TITLE_MAX_WIDTH 110
/* The widest line a subhead may be: 24 Chinese characters, or a short
 * English line. */
#define ARTICLE_HEADING_MAX_WIDTH 50
#define ARTICLE_HEADING_MAX_WIDTH_LATIN 80
/* A subhead with a label and a colon (`标签：说明`) runs longer. */
#define ARTICLE_LABEL_HEADING_MAX_WIDTH 90
/* Caption lines in a newspaper page are short (a photo's width). */
#define ARTICLE_CAPTION_LINE_MAX_WIDTH 70
/* A caption set on one line can be a full sentence or two. */
#define ARTICLE_CAPTION_SINGLE_MAX_WIDTH 240
/* Lines wider than this are not hard-wrapped: a paragraph per line. */
#define ARTICLE_WRAP_MAX_WIDTH 200

typedef enum line_kind {
	LINE_BLANK,
	LINE_TEXT,
	LINE_CREDIT,        /* a photo credit alone: `郝颺 摄`, `(AP Photo/X)` */
	LINE_CAPTION_CREDIT,/* caption text ending in a credit */
	LINE_CAPTION_LEAD,  /* caption without a credit: `1 of 4. ...` */
	LINE_BYLINE
} line_kind;

/* The classes a line can get. A "+" class continues the block the line
 * before of that kind began (a wrapped title, a paragraph's next line); a
 * paragraph may also go on after a caption that stood inside it. */
#define ARTICLE_LABELS(X)                                                   \
	X(KICKER, "kicker")                                                 \
	X(KICKER_CONT, "kicker+")                                           \
	X(TITLE, "title")                                                   \
	X(TITLE_CONT, "title+")                                             \
	X(SUBTITLE, "subtitle")                                             \
	X(SUBTITLE_CONT, "subtitle+")                                       \
	X(BYLINE, "byline")                                                 \
	X(BYLINE_CONT, "byline+")                                           \
	X(DATELINE, "dateline")                                             \
	X(HEADING, "heading")                                               \
	X(HEADING_CONT, "heading+")                                         \
	X(PARAGRAPH, "paragraph")                                           \
	X(PARAGRAPH_CONT, "paragraph+")                                     \
	X(CAPTION, "caption")                                               \
	X(CAPTION_CONT, "caption+")                                         \
	X(CREDIT, "credit")

typedef enum article_label {
#define ARTICLE_LABEL_ENUM(id, name) LABEL_##id,
	ARTICLE_LABELS(ARTICLE_LABEL_ENUM)
#undef ARTICLE_LABEL_ENUM
	ARTICLE_N_LABELS
} article_label;

/* The label's name ("paragraph+"). */
const char *article_label_name(article_label l);
/* The class a "+" class goes on (paragraph for "paragraph+"); any other
 * class itself. */
article_label article_label_begin(article_label l);

/* Why the line above ended its paragraph (article_line.wrap_break). */
enum { ARTICLE_BREAK_ROOM = 1, ARTICLE_BREAK_QUOTE = 2 };

typedef struct article_line {
	const char *s;          /* content, trimmed of white space at both ends */
	size_t len;
	unsigned long no;       /* 1-based line number in the input */
	unsigned indent;        /* leading U+3000 count + leading ASCII spaces / 2 */
	size_t width;           /* columns */
	size_t chars;
	size_t cjk;             /* CJK letters */
	size_t latin;           /* Latin letters */
	size_t upper, lower;
	size_t commas;          /* ，,、;； */
	size_t inner_ends;      /* sentence ends before the last character */
	uint32_t first, last;   /* first and last code points */
	int ends_sentence;      /* ends with 。！？.!? (quotes/brackets looked through) */
	int ends_hyphen;        /* Latin letter then '-' (or U+00AD) at the end */
	int credit_first;       /* a credit printed over its caption, not
	                         * under it (article_credit_first) */
	line_kind kind;
	size_t credit_at;       /* CREDIT/CAPTION_CREDIT: where the credit starts */
	size_t byline_at;       /* BYLINE: where the name text starts (□ skipped) */
	size_t dateline_len;    /* a dateline opening the line: its length */
	/* Filled by features.c and decode.c. */
	size_t feat_at;         /* this line's active features in lines->feat, */
	unsigned nfeat;         /* then its active edge features (decode.c) */
	unsigned nedge;
	unsigned blank_before;  /* blank lines right above (capped at 3) */
	int dateline_sign;      /* a sign of a dateline: its pattern, a date,
	                         * a digit, brackets, a closing dash, a field
	                         * label that allows one */
	int caption_sign;       /* a sign of a caption: a credit in or near it,
	                         * a caption's lead, picture words */
	uint32_t allow;         /* the classes the line may take (bit per class),
	                         * 0 for any: a field label decides its line's */
	int wrap_break;         /* the line above ended its paragraph:
	                         * ARTICLE_BREAK_ROOM, on a page wrapped
	                         * greedily it ended a sentence with room left
	                         * for this line's first word;
	                         * ARTICLE_BREAK_QUOTE, on one wrapped loosely
	                         * it ended a sentence and this line opens a
	                         * quote; 0 for neither */
	int wrap_break_figure;  /* the same for the line before a caption that
	                         * stands between */
	uint32_t forbid;        /* classes the decoder does not give the line
	                         * (bit per class; features.c's decoder
	                         * rules): the weights are learned without
	                         * them, like the wrap rule's */
	int rule_figure;        /* the decoder's rules make the line part of a
	                         * figure that no pattern tells (a picture's
	                         * source alone, `图/视觉中国`, and its
	                         * caption): caption and credit are allowed */
	int front;              /* a page's front matter (its paper's name, the
	                         * date under it): a paragraph here opens no
	                         * body, so the headline after it begins the
	                         * same article */
	article_label label;
	int32_t margin;         /* the class's score over the next best one */
} article_line;

/* A hash set of short strings held in a buffer elsewhere: the Latin words
 * of the whole text (runs of ASCII letters) and its hyphenated pairs
 * (`long-term`), or the names a page's credits give. The reader asks
 * whether a word is in the text at every wrap hyphen, and whether a line
 * ends in a known name at every line ending in 摄; a scan per question made
 * such texts quadratic. */
typedef struct article_word {
	size_t at;              /* byte offset in the buffer */
	size_t len;             /* 0: an empty slot */
} article_word;

typedef struct article_words {
	article_word *slots;    /* open addressing; a power of two of them */
	size_t n, cap;
} article_words;

/* Words and names longer than this are neither kept nor looked up: a wrap
 * hyphen is asked about a word under 128 bytes, and a credit name is a few
 * characters. */
#define ARTICLE_WORD_MAX_BYTES 127

typedef struct article_lines {
	article_line *v;        /* every line, blank ones included */
	size_t n, cap;
	const char *text;       /* the whole input, for document-wide checks */
	size_t text_len;
	char *joined;           /* the input with word-segmented Chinese joined
	                         * up, when it is so (text points to it) */
	article_words words;
	uint16_t *feat;         /* active feature ids, line after line */
	size_t nfeat, capfeat;
} article_lines;

/* Cuts `text` into lines and computes their shape and patterns. Chinese
 * text segmented into words (a space between every word or two, as word
 * segmentation corpora and some crawls give it) is first joined up: the
 * spaces beside a Chinese character go. */
docconv_status article_split_lines(const char *text, size_t n,
                                   article_lines *out, docconv_diag *d);
void article_lines_free(article_lines *l);

/* --- small UTF-8 helpers (patterns.c) ---------------------------------- */

/* The code point at byte `at` of s[0..n) and its length (an invalid byte
 * counts as itself, one byte long). */
uint32_t article_cp_at(const char *s, size_t n, size_t at, size_t *len);
/* Trims white space (ASCII and U+3000) at both ends. */
void article_trim(const char **s, size_t *n);
/* Width in columns of s[0..n). */
size_t article_width(const char *s, size_t n);
int article_ends_sentence(const char *s, size_t n);
/* Whether a Latin line ends in a function word ("the", "of", "and"):
 * it stops in mid-sentence. */
int article_ends_in_function_word(const article_line *ln);

/* --- patterns (patterns.c); each takes a trimmed line ------------------ */

/* A field label of a crawler's or a CMS's export opening a line (`标题：`,
 * `Time:`): which field, and whether the label stands alone. */
typedef enum article_field {
	FIELD_NONE, FIELD_TITLE, FIELD_AUTHOR, FIELD_DATE, FIELD_SOURCE, FIELD_BODY
} article_field;
article_field article_match_field(const char *s, size_t n, int *alone);

/* The short name a Taiwanese paper signs its copy with: `中時`, `工商`
 * (a source, never a person). */
int article_is_paper_short_name(const char *s, size_t n);

/* A paper's or a wire's name heading a page, maybe with the date: `New
 * York Times January 8, 2002`, `Business Wire`, `人民日报`: 2; 1 for a
 * name whose last word a headline may end in too (`Greensboro News &
 * Record`), a masthead only with a date under it; 0 for none. */
int article_match_masthead(const char *s, size_t n);
/* A weather box's head, the whole of s[0..n): `THE WEATHER`, `Weather
 * Forecast.` (letters alone, case aside). */
int article_match_weather_head(const char *s, size_t n);

/* A photo credit at the end: returns 1 and the byte offset where it starts
 * (0 when the whole line is the credit). */
int article_match_credit(const char *s, size_t len, size_t *credit_at);
/* Where a trailing 摄 credit's names end: before the 摄 suffix and the
 * spaces or slash in front of it; 0 when the line does not end in 摄. */
size_t article_shot_names_end(const char *s, size_t n);
/* A byline: returns 1 and where the byline's text starts (after `□`). */
int article_match_byline(const char *s, size_t len, size_t *text_at);
/* What a bracketed group closing a paragraph is, after the end of its
 * last sentence or as the whole paragraph: a byline (`（突發中心／台北報導）`,
 * `(塞尔吉奥/任语之)`), the source (`（新华社北京12月31日电）`, `(中時電子報)`),
 * or a staff note with what follows it (`（編輯：林淑媛）1080315`). `*at` is
 * where it starts. */
typedef enum article_closing {
	ARTICLE_CLOSING_NONE, ARTICLE_CLOSING_BYLINE, ARTICLE_CLOSING_SOURCE,
	ARTICLE_CLOSING_NOTE
} article_closing;
article_closing article_closing_group(const char *s, size_t n, size_t *at);
/* A byline in brackets opening a paragraph (`【記者X╱台北報導】今天…`):
 * its length, or 0. */
size_t article_match_byline_lead(const char *s, size_t len);
/* A dateline at the start of a paragraph: returns its length in bytes
 * (separator included), 0 when there is none, `len` when the whole line is
 * a dateline. */
size_t article_match_dateline(const char *s, size_t len);
/* The reporters a dateline names, `董宾、高立英报道：`, opening s: their
 * length (colon included), or 0. */
size_t article_match_reporters(const char *s, size_t len);
/* A staff credit, `责任编辑：X`, `编辑 X`: a role of the desk and a
 * separator open s. */
int article_match_staff(const char *s, size_t len);
/* A caption line with no credit (`1 of 4. ...`, `... in this picture
 * illustration taken ...`). */
int article_match_caption_lead(const char *s, size_t len);
/* A photo spread's numbered caption: 图 (圖), a number (①, 1, 一) or
 * several (`图①、图④`), then a colon; its length, 0 when none. */
size_t article_numbered_photo(const char *s, size_t len);
/* A line that is a picture's source alone, after 图/ (`图/视觉中国`). */
int article_pictured_alone(const char *s, size_t len);
/* A web page's photo credit standing alone (`Photo: John Locher, AP`,
 * `Scott Olson/Getty Images`). */
int article_web_credit_alone(const char *s, size_t n);
/* A credit printed over its caption (`Image copyright Getty Images` over
 * `Image caption …`, as BBC pages give them). */
int article_credit_first(const char *s, size_t len);
/* The text's language as a BCP 47 tag (lang.c): `zh`, `zh-Hant`, `ja`,
 * `ko`, `en`, `es`, `ru`, `ar`... */
const char *article_detect_lang(const char *s, size_t len);
/* Appends to `names` (NUL-separated) the author names a byline or dateline
 * holds; returns how many. */
size_t article_byline_authors(const char *s, size_t len, docconv_buf *names);

/* --- words (words.c) ------------------------------------------------- */

/* Indexes the Latin words of the text and marks captions whose credit's
 * name is glued to them (by the names the page's other credits use). */
int article_index_words(article_lines *l);
/* Whether s[0..n) stands in the text as a whole word or hyphenated pair:
 * ASCII letters with no letter on either side. */
int article_text_has_word(const article_lines *l, const char *s, size_t n);

/* --- features (features.c) ------------------------------------------- */

/* Computes every line's active features into l->feat. */
docconv_status article_line_features(article_lines *l);

/* --- decoding (decode.c) --------------------------------------------- */

/* The weights: per feature and class, per pair of classes, and for the
 * page's phases (generated by scripts/reader_train.py into weights.c). */
typedef struct article_model {
	const int32_t (*emit)[ARTICLE_N_LABELS];    /* [ARTICLE_N_FEATURES] */
	/* [ARTICLE_N_EDGES][ARTICLE_N_LABELS + 1]: per edge feature, the class
	 * before (the last row: the text's start) and the class */
	const int32_t (*edge)[ARTICLE_N_LABELS + 1][ARTICLE_N_LABELS];
	/* [ARTICLE_N_EDGES]: which rows of an edge feature's table are not
	 * all zero (bit p: the class before p), so decoding skips the rest */
	const uint32_t *edge_rows;
	const int32_t (*trans)[ARTICLE_N_LABELS];   /* [ARTICLE_N_LABELS + 1]: row
	                                             * ARTICLE_N_LABELS is the start */
	const int32_t (*phase)[ARTICLE_N_LABELS];   /* [ARTICLE_N_PHASES] */
	int32_t new_article;                        /* a title block after a body */
	uint32_t features_hash;                     /* of the feature names */
} article_model;

/* Where a line stands in its article: nothing yet, after the title, in the
 * body. */
enum { PHASE_OPEN, PHASE_TITLED, PHASE_BODY, ARTICLE_N_PHASES };

extern const article_model article_weights;

/* FNV-1a of the feature names in order, each followed by a NUL: a weights
 * table made for another feature list is refused by the tests. */
uint32_t article_features_hash(void);

/* Labels every non-blank line (ln->label, ln->margin) with the best
 * sequence under `m`; `starts` (may be NULL) gets, per line, 1 where a new
 * article starts. */
docconv_status article_decode(article_lines *l, const article_model *m,
                              unsigned char *starts);

/* --- units (assemble.c) ---------------------------------------------- */

typedef enum unit_kind {
	UNIT_KICKER,
	UNIT_TITLE,
	UNIT_SUBTITLE,
	UNIT_BYLINE,
	UNIT_DATELINE,
	UNIT_HEADING,
	UNIT_PARAGRAPH,
	UNIT_FIGURE
} unit_kind;

typedef struct article_unit {
	unit_kind kind;
	size_t first, last;        /* line indices, inclusive */
	size_t article;            /* 0-based article of the page */
	docconv_buf text;          /* text, or the caption for a figure */
	docconv_buf credit;        /* figures */
	const char *note;          /* what was done to it (reordered, joined) */
	int ends_sentence;
	int dropped;               /* merged into another unit */
	size_t order;              /* position in reading order, from 1 */
} article_unit;

typedef struct article_units {
	article_unit *v;
	size_t n, cap;
	size_t n_articles;
} article_units;

/* Decodes the lines and builds the units in reading order (`order`).
 * With `one_article`, every unit is of article 0: the title blocks of the
 * articles the page would otherwise hold after the first become part of
 * its body (a headline a subhead, a kicker or a deck a paragraph). */
docconv_status article_assemble(article_lines *lines, article_units *units,
                                int one_article, docconv_diag *d);
void article_units_free(article_units *u);

/* Builds the model of one article from its units, units->v[first..end)
 * (an article's units stand together, in reading order); a limit of the
 * model it meets (DOCCONV_MAX_BLOCKS) is an error in `d` at its line. */
docconv_status article_build_doc(const article_lines *lines,
                                 const article_units *units, size_t first,
                                 size_t end, const char *lang,
                                 const char *source_name,
                                 const char *encoding, docconv_doc **out,
                                 docconv_diag *d);

#endif
