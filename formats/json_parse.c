/* json_parse.c — the strict JSON parser behind --from json.
 *
 * A recursive-descent parser over the whole text: one function for a value,
 * one for arrays and objects together (they differ only in keys), one for
 * strings (escapes and surrogate pairs to UTF-8), one for numbers. The
 * depth and the number of values are bounded, so hostile input costs at
 * most DOCCONV_JSON_MAX_VALUES nodes and DOCCONV_JSON_MAX_DEPTH frames.
 */
#include "json_parse.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conv/core/text.h"

typedef struct parser {
	const char *s;
	size_t n, i;
	size_t values;
	docconv_json_cursor cursor;
	docconv_diag *d;
} parser;

void docconv_json_cursor_init(docconv_json_cursor *c)
{
	c->at = 0;
	c->line = 1;
	c->column = 1;
}

void docconv_json_locate(const char *s, size_t at, docconv_json_cursor *c)
{
	if (at < c->at)
		docconv_json_cursor_init(c);
	for (size_t i = c->at; i < at; i++) {
		if (s[i] == '\n') {
			c->line++;
			c->column = 1;
		} else if (((unsigned char)s[i] & 0xC0) != 0x80) {
			c->column++;
		}
	}
	c->at = at;
}

void docconv_json_report(docconv_diag *d, docconv_severity sev, const char *s,
                         size_t at, docconv_json_cursor *c, const char *fmt,
                         va_list ap)
{
	char msg[DOCCONV_DIAG_MSG_MAX];
	vsnprintf(msg, sizeof msg, fmt, ap);
	docconv_json_locate(s, at, c);
	docconv_diag_add(d, sev, c->line, -1, "column %lu: %s", c->column, msg);
}

static docconv_status fail(parser *p, size_t at, docconv_status st,
                           const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;

static docconv_status fail(parser *p, size_t at, docconv_status st,
                           const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	docconv_json_report(p->d, DOCCONV_SEV_ERROR, p->s, at, &p->cursor, fmt,
	                    ap);
	va_end(ap);
	return st;
}

/* What stands at the parser's place, for "expected X, found Y". */
static const char *found(const parser *p, char *buf, size_t size)
{
	uint32_t cp;
	if (p->i >= p->n)
		return "the end of the text";
	size_t l = docconv_utf8_decode(p->s + p->i, p->n - p->i, &cp);
	if (l && cp > 0x20 && cp != 0x7F)
		snprintf(buf, size, "'%.*s'", (int)l, p->s + p->i);
	else
		snprintf(buf, size, "U+%04X", l ? (unsigned)cp : 0xFFFDu);
	return buf;
}

/* "expected WHAT, found ...": the error of a token out of place. */
static docconv_status expected(parser *p, const char *what)
{
	char buf[16];
	return fail(p, p->i, DOCCONV_ERR_INPUT, "expected %s, found %s", what,
	            found(p, buf, sizeof buf));
}

static void skip_space(parser *p)
{
	while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t' ||
	                       p->s[p->i] == '\n' || p->s[p->i] == '\r'))
		p->i++;
}

static int peek(const parser *p)
{
	return p->i < p->n ? (unsigned char)p->s[p->i] : -1;
}

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* Four hex digits at s[i..i+4), or -1. */
static long hex4(const parser *p, size_t i)
{
	long v = 0;
	if (i + 4 > p->n)
		return -1;
	for (size_t k = i; k < i + 4; k++) {
		char c = p->s[k];
		int h = c >= '0' && c <= '9' ? c - '0'
		        : c >= 'a' && c <= 'f' ? c - 'a' + 10
		        : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

/* A \u escape at p->i (the backslash), with the low half that must follow
 * a high surrogate; the code point goes to *cp. */
static docconv_status unicode_escape(parser *p, uint32_t *cp)
{
	size_t at = p->i;
	long hi = hex4(p, at + 2);
	if (hi < 0)
		return fail(p, at, DOCCONV_ERR_INPUT,
		            "a \\u escape needs four hex digits");
	p->i += 6;
	if (hi >= 0xDC00 && hi <= 0xDFFF)
		return fail(p, at, DOCCONV_ERR_INPUT,
		            "\\u%04lX is the second half of a surrogate pair, "
		            "with no first half before it", hi);
	if (hi < 0xD800 || hi > 0xDBFF) {
		*cp = (uint32_t)hi;
		return DOCCONV_OK;
	}
	long lo = p->i + 1 < p->n && p->s[p->i] == '\\' && p->s[p->i + 1] == 'u'
	          ? hex4(p, p->i + 2) : -1;
	if (lo < 0xDC00 || lo > 0xDFFF)
		return fail(p, at, DOCCONV_ERR_INPUT,
		            "\\u%04lX is the first half of a surrogate pair and "
		            "must be followed by a \\uDC00 to \\uDFFF escape", hi);
	p->i += 6;
	*cp = 0x10000 + (((uint32_t)hi - 0xD800) << 10) + ((uint32_t)lo - 0xDC00);
	return DOCCONV_OK;
}

/* A string at p->i (the opening quote), unescaped into a new buffer. */
static docconv_status parse_string(parser *p, char **out, size_t *len)
{
	docconv_status st = DOCCONV_OK;
	size_t start = p->i++;
	docconv_buf b;
	docconv_buf_init(&b);
	for (;;) {
		size_t run = p->i;
		while (run < p->n && p->s[run] != '"' && p->s[run] != '\\' &&
		       (unsigned char)p->s[run] >= 0x20)
			run++;
		if (docconv_buf_put(&b, p->s + p->i, run - p->i)) {
			st = DOCCONV_ERR_NOMEM;
			goto out;
		}
		p->i = run;
		if (p->i >= p->n) {
			st = fail(p, start, DOCCONV_ERR_INPUT,
			          "the string that starts here has no closing '\"'");
			goto out;
		}
		unsigned char c = (unsigned char)p->s[p->i];
		if (c == '"') {
			p->i++;
			break;
		}
		if (c < 0x20) {
			st = fail(p, p->i, DOCCONV_ERR_INPUT,
			          "a control character (U+%04X) inside a string; "
			          "write it as an escape such as \\n or \\u%04X", c, c);
			goto out;
		}
		/* A backslash. */
		static const char plain[] = "\"\\/bfnrt", meant[] = "\"\\/\b\f\n\r\t";
		char e = p->i + 1 < p->n ? p->s[p->i + 1] : '\0';
		const char *k = e ? strchr(plain, e) : NULL;
		uint32_t cp = 0;
		int r;
		if (k) {
			r = docconv_buf_putc(&b, meant[k - plain]);
			p->i += 2;
		} else if (e == 'u') {
			if ((st = unicode_escape(p, &cp)) != DOCCONV_OK)
				goto out;
			r = docconv_buf_put_cp(&b, cp);
		} else {
			char what[16];
			p->i++;
			st = fail(p, p->i - 1, DOCCONV_ERR_INPUT,
			          "unknown escape: a backslash before %s (JSON has "
			          "\\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX)",
			          found(p, what, sizeof what));
			goto out;
		}
		if (r) {
			st = DOCCONV_ERR_NOMEM;
			goto out;
		}
	}
	if (!(*out = docconv_buf_detach(&b, len)))
		st = DOCCONV_ERR_NOMEM;
out:
	docconv_buf_free(&b);
	return st;
}

/* Digits at p->i; fails with `what` ("after '-'") when there are none. */
static docconv_status digits(parser *p, const char *what)
{
	if (!is_digit(peek(p))) {
		char buf[16];
		return fail(p, p->i, DOCCONV_ERR_INPUT,
		            "a number needs a digit %s, found %s", what,
		            found(p, buf, sizeof buf));
	}
	while (is_digit(peek(p)))
		p->i++;
	return DOCCONV_OK;
}

static docconv_status parse_number(parser *p, docconv_json *v)
{
	docconv_status st = DOCCONV_OK;
	size_t start = p->i;
	v->type = DOCCONV_JSON_NUMBER;
	if (peek(p) == '-')
		p->i++;
	if (peek(p) == '0')
		p->i++;   /* no leading zeros: "012" stops after the 0 */
	else if ((st = digits(p, "after '-'")) != DOCCONV_OK)
		return st;
	if (peek(p) == '.') {
		p->i++;
		if ((st = digits(p, "after '.'")) != DOCCONV_OK)
			return st;
	}
	if (peek(p) == 'e' || peek(p) == 'E') {
		p->i++;
		if (peek(p) == '+' || peek(p) == '-')
			p->i++;
		if ((st = digits(p, "in its exponent")) != DOCCONV_OK)
			return st;
	}
	v->len = p->i - start;
	if (!(v->str = malloc(v->len + 1)))
		return DOCCONV_ERR_NOMEM;
	memcpy(v->str, p->s + start, v->len);
	v->str[v->len] = '\0';
	return DOCCONV_OK;
}

static docconv_status parse_value(parser *p, int depth, docconv_json **out);

/* An array or an object at p->i; the two differ only in the keys. */
static docconv_status parse_container(parser *p, int depth, docconv_json *v)
{
	docconv_status st = DOCCONV_OK;
	int object = p->s[p->i] == '{';
	char close = object ? '}' : ']';
	char *key = NULL;
	size_t key_len = 0;
	docconv_json **tail = &v->first;
	v->type = object ? DOCCONV_JSON_OBJECT : DOCCONV_JSON_ARRAY;
	if (depth >= DOCCONV_JSON_MAX_DEPTH) {
		st = fail(p, p->i, DOCCONV_ERR_LIMIT,
		          "arrays and objects nested more than %d deep; a docconv "
		          "model needs five", DOCCONV_JSON_MAX_DEPTH);
		goto out;
	}
	p->i++;
	skip_space(p);
	if (peek(p) == close) {
		p->i++;
		goto out;
	}
	for (;;) {
		docconv_json *item = NULL;
		if (object) {
			skip_space(p);
			if (peek(p) != '"') {
				st = expected(p, "a key in double quotes");
				goto out;
			}
			if ((st = parse_string(p, &key, &key_len)) != DOCCONV_OK)
				goto out;
			skip_space(p);
			if (peek(p) != ':') {
				st = expected(p, "':' after a key");
				goto out;
			}
			p->i++;
		}
		if ((st = parse_value(p, depth + 1, &item)) != DOCCONV_OK)
			goto out;
		item->key = key;
		item->key_len = key_len;
		key = NULL;
		*tail = item;
		tail = &item->next;
		v->count++;
		skip_space(p);
		if (peek(p) == close) {
			p->i++;
			goto out;
		}
		if (peek(p) != ',') {
			st = expected(p, object ? "',' or '}' after a member"
			                        : "',' or ']' after an item");
			goto out;
		}
		p->i++;
		skip_space(p);
		if (peek(p) == close) {
			st = fail(p, p->i, DOCCONV_ERR_INPUT,
			          "a ',' before '%c': JSON allows no trailing comma",
			          close);
			goto out;
		}
	}
out:
	free(key);
	return st;
}

static docconv_status parse_value(parser *p, int depth, docconv_json **out)
{
	docconv_status st = DOCCONV_OK;
	static const struct {
		const char *word;
		docconv_json_type type;
	} words[] = {
		{ "true", DOCCONV_JSON_TRUE },
		{ "false", DOCCONV_JSON_FALSE },
		{ "null", DOCCONV_JSON_NULL },
	};
	docconv_json *v = NULL;
	*out = NULL;
	skip_space(p);
	if (++p->values > DOCCONV_JSON_MAX_VALUES) {
		st = fail(p, p->i, DOCCONV_ERR_LIMIT,
		          "more than %d values; a docconv model has far fewer",
		          DOCCONV_JSON_MAX_VALUES);
		goto out;
	}
	if (!(v = calloc(1, sizeof *v))) {
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	v->at = p->i;
	int c = peek(p);
	if (c == '{' || c == '[') {
		st = parse_container(p, depth, v);
	} else if (c == '"') {
		v->type = DOCCONV_JSON_STRING;
		st = parse_string(p, &v->str, &v->len);
	} else if (c == '-' || is_digit(c)) {
		st = parse_number(p, v);
	} else {
		st = DOCCONV_ERR_INPUT;
		for (size_t k = 0; k < sizeof words / sizeof *words; k++) {
			size_t wl = strlen(words[k].word);
			if (p->n - p->i >= wl &&
			    memcmp(p->s + p->i, words[k].word, wl) == 0) {
				v->type = words[k].type;
				p->i += wl;
				st = DOCCONV_OK;
			}
		}
		if (st != DOCCONV_OK)
			st = expected(p, "a value (a string, number, object, array, "
			                 "true, false or null)");
	}
out:
	if (st != DOCCONV_OK) {
		docconv_json_free(v);
		v = NULL;
	}
	*out = v;
	return st;
}

docconv_status docconv_json_parse(const char *s, size_t n, docconv_json **out,
                                  docconv_diag *d)
{
	docconv_status st;
	parser p = { s, n, 0, 0, { 0, 1, 1 }, d };
	size_t bad = 0;
	char what[16];
	*out = NULL;
	if (!docconv_utf8_valid(s, n, &bad)) {
		st = fail(&p, bad, DOCCONV_ERR_INPUT, "not valid UTF-8");
		goto out;
	}
	if ((st = parse_value(&p, 0, out)) != DOCCONV_OK)
		goto out;
	skip_space(&p);
	if (p.i < n)
		st = fail(&p, p.i, DOCCONV_ERR_INPUT,
		          "more text after the end of the JSON value: %s",
		          found(&p, what, sizeof what));
out:
	if (st != DOCCONV_OK) {
		docconv_json_free(*out);
		*out = NULL;
	}
	return st;
}

void docconv_json_free(docconv_json *v)
{
	while (v) {
		docconv_json *next = v->next;
		docconv_json_free(v->first);   /* depth is bounded by the parser */
		free(v->key);
		free(v->str);
		free(v);
		v = next;
	}
}

const char *docconv_json_type_name(docconv_json_type type)
{
	switch (type) {
	case DOCCONV_JSON_NULL: return "null";
	case DOCCONV_JSON_FALSE:
	case DOCCONV_JSON_TRUE: return "a boolean";
	case DOCCONV_JSON_NUMBER: return "a number";
	case DOCCONV_JSON_STRING: return "a string";
	case DOCCONV_JSON_ARRAY: return "an array";
	case DOCCONV_JSON_OBJECT: return "an object";
	}
	return "a value";
}

int docconv_json_integer(const docconv_json *v, long min, long max, long *out)
{
	if (!v || v->type != DOCCONV_JSON_NUMBER)
		return 0;
	const char *s = v->str;
	int neg = *s == '-';
	long x = 0;
	for (s += neg; *s; s++) {
		/* A fraction or an exponent is not a whole number as written. */
		if (!is_digit(*s) || x > (LONG_MAX - 9) / 10)
			return 0;
		x = x * 10 + (*s - '0');
	}
	x = neg ? -x : x;
	if (x < min || x > max)
		return 0;
	*out = x;
	return 1;
}
