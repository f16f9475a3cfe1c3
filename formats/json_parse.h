/* json_parse.h — a small strict JSON parser (RFC 8259) for --from json.
 *
 * Parses UTF-8 text into a tree of values. Strict, because the input is a
 * model a person may have corrected by hand and a silent misreading would
 * change the document: no comments, no trailing commas, no single quotes,
 * no NaN; control characters in strings must be escaped; a \u escape of a
 * surrogate must come in a pair. Errors name the line and column (counted
 * in characters) and what was expected there.
 *
 * The tree keeps each value's byte offset so that a reader checking the
 * shape can report against the text too (docconv_json_report).
 */
#ifndef DOCCONV_JSON_PARSE_H
#define DOCCONV_JSON_PARSE_H

#include <stdarg.h>
#include <stddef.h>

#include "conv/core/diag.h"

/* Nesting deeper than this is refused: a docconv model is four levels deep
 * (a book five), and the parser recurses once per level, so the limit also
 * keeps a hostile input from exhausting the stack. */
#define DOCCONV_JSON_MAX_DEPTH 64
/* Values in one text. A model of DOCCONV_MAX_BLOCKS blocks has about five
 * values a block; past this, a text is not a model and would only cost
 * memory (each value is a node of about 80 bytes). */
#define DOCCONV_JSON_MAX_VALUES 1000000

typedef enum docconv_json_type {
	DOCCONV_JSON_NULL,
	DOCCONV_JSON_FALSE,
	DOCCONV_JSON_TRUE,
	DOCCONV_JSON_NUMBER,
	DOCCONV_JSON_STRING,
	DOCCONV_JSON_ARRAY,
	DOCCONV_JSON_OBJECT
} docconv_json_type;

typedef struct docconv_json docconv_json;
struct docconv_json {
	docconv_json_type type;
	size_t at;              /* byte offset of the value's first character */
	char *key;              /* in an object: the member's key, UTF-8 and */
	size_t key_len;         /*   NUL-terminated (it may hold \u0000: use len) */
	char *str;              /* STRING: the value, as `key`; NUMBER: the */
	size_t len;             /*   literal as written */
	docconv_json *first;    /* ARRAY, OBJECT: the items or members */
	size_t count;
	docconv_json *next;     /* the next item or member of the parent */
};

/* Parses s[0..n) (UTF-8). On success *out is the root value; free it with
 * docconv_json_free. Errors: DOCCONV_ERR_INPUT for text that is not JSON,
 * DOCCONV_ERR_LIMIT past the limits above, each with a message at its line
 * and column. */
docconv_status docconv_json_parse(const char *s, size_t n, docconv_json **out,
                                  docconv_diag *d);
void docconv_json_free(docconv_json *v);

/* "a string", "an object"...: for messages about a value of the wrong
 * type. */
const char *docconv_json_type_name(docconv_json_type type);
/* Whether v is a NUMBER written as a whole number within [min, max]; the
 * value goes to *out. */
int docconv_json_integer(const docconv_json *v, long min, long max,
                         long *out);

/* Where a byte offset is, as a line and a column (1-based, columns in
 * characters). Reports come mostly in text order, so the cursor remembers
 * the last place and walks on from it: a run of reports costs one pass. */
typedef struct docconv_json_cursor {
	size_t at;
	unsigned long line, column;
} docconv_json_cursor;

void docconv_json_cursor_init(docconv_json_cursor *c);
void docconv_json_locate(const char *s, size_t at, docconv_json_cursor *c);

/* Records a message about byte `at` of s as "LINE: column COL: message". */
void docconv_json_report(docconv_diag *d, docconv_severity sev, const char *s,
                         size_t at, docconv_json_cursor *c, const char *fmt,
                         va_list ap);

#endif
