/* article.h — the raw-article reader's inner parts, shared by lines.c
 * (lines, their features and the genre's patterns), assemble.c (structure
 * rules → model) and explain.c (--explain).
 *
 * The flow: the text is cut into lines (a long line is also cut where a
 * full-width indent `　　` starts a new paragraph inside it); each line gets
 * features (width, script, end punctuation, indentation) and the patterns it
 * matches (a photo credit, a byline, a dateline); the assembler groups lines
 * into units (figure, title block, paragraph, heading...), puts them in
 * reading order, rejoins paragraphs cut by column breaks and builds the
 * model.
 */
#ifndef DOCCONV_ARTICLE_H
#define DOCCONV_ARTICLE_H

#include <stddef.h>
#include <stdint.h>

#include "conv/core/diag.h"
#include "conv/core/doc.h"
#include "conv/core/text.h"

/* The longest line we accept: a paragraph on one line runs to a few
 * thousand bytes; a 1 MiB line is not an article. The reader refuses it with
 * a clear error rather than building quadratic work on it. */
#define ARTICLE_MAX_LINE_BYTES (1024 * 1024)
/* Lines per article: a broadsheet page of OCR has a few thousand. */
#define ARTICLE_MAX_LINES 500000

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
/* A caption set on one line above its credit can be a full sentence or two. */
#define ARTICLE_CAPTION_SINGLE_MAX_WIDTH 240
/* Lines of caption text gathered above a credit. */
#define ARTICLE_CAPTION_MAX_LINES 5

typedef enum line_kind {
	LINE_BLANK,
	LINE_TEXT,
	LINE_CREDIT,        /* a photo credit alone: `郝颺 摄`, `(AP Photo/X)` */
	LINE_CAPTION_CREDIT,/* caption text ending in a credit */
	LINE_CAPTION_LEAD,  /* caption without a credit: `1 of 4. ...` */
	LINE_BYLINE
} line_kind;

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
	int ends_hyphen;        /* Latin letter then '-' at the end */
	line_kind kind;
	size_t credit_at;       /* CREDIT/CAPTION_CREDIT: where the credit starts */
	size_t byline_at;       /* BYLINE: where the name text starts (□ skipped) */
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
	article_line *v;
	size_t n, cap;
	const char *text;       /* the whole input, for document-wide checks */
	size_t text_len;
	article_words words;
} article_lines;

/* Cuts `text` into lines and computes their features and patterns. */
docconv_status article_split_lines(const char *text, size_t n,
                                   article_lines *out, docconv_diag *d);
void article_lines_free(article_lines *l);

/* Whether s[0..n) stands in the text as a whole word or hyphenated pair:
 * ASCII letters with no letter on either side. */
int article_text_has_word(const article_lines *l, const char *s, size_t n);

/* Patterns (lines.c). Each takes a trimmed line. */
/* A photo credit at the end: returns 1 and the byte offset where it starts
 * (0 when the whole line is the credit). */
int article_match_credit(const char *s, size_t len, size_t *credit_at);
/* A byline: returns 1 and where the byline's text starts (after `□`). */
int article_match_byline(const char *s, size_t len, size_t *text_at);
/* A dateline at the start of a paragraph: returns its length in bytes
 * (separator included), 0 when there is none, `len` when the whole line is
 * a dateline. */
size_t article_match_dateline(const char *s, size_t len);
/* A caption line with no credit (`1 of 4. ...`, `... in this picture
 * illustration taken ...`). */
int article_match_caption_lead(const char *s, size_t len);
/* Appends to `names` (NUL-separated) the author names a byline or dateline
 * holds; returns how many. */
size_t article_byline_authors(const char *s, size_t len, docconv_buf *names);

/* Width in columns of s[0..n). */
size_t article_width(const char *s, size_t n);
int article_ends_sentence(const char *s, size_t n);

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
	docconv_buf text;          /* text, or the caption for a figure */
	docconv_buf credit;        /* figures */
	const char *rule;          /* why it got its kind */
	const char *note;          /* what was done to it (reordered, joined) */
	int ends_sentence;
	int starts_indented;
	int dropped;               /* merged into another unit */
	size_t order;              /* position in reading order */
} article_unit;

typedef struct article_units {
	article_unit *v;
	size_t n, cap;
} article_units;

/* Recovers the structure: units in reading order (`order`). */
docconv_status article_assemble(const article_lines *lines,
                                article_units *units, docconv_diag *d);
void article_units_free(article_units *u);

/* Builds the model from assembled units; a limit of the model it meets
 * (DOCCONV_MAX_BLOCKS) is an error in `d` at its line. */
docconv_status article_build_doc(const article_lines *lines,
                                 const article_units *units,
                                 const char *source_name,
                                 const char *encoding, docconv_doc **out,
                                 docconv_diag *d);

#endif
