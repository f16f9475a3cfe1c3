/* diag.h — status codes and diagnostics.
 *
 * Every function in docconv that can fail returns a docconv_status. Details a
 * user can act on (which file, which line or byte, what to do) go into a
 * docconv_diag that the caller owns. The library never prints: the CLI walks
 * the diagnostics and formats them as `docconv: FILE:LINE: message`.
 */
#ifndef DOCCONV_DIAG_H
#define DOCCONV_DIAG_H

#include <stdarg.h>
#include <stddef.h>

typedef enum docconv_status {
	DOCCONV_OK = 0,
	DOCCONV_ERR_NOMEM,    /* out of memory */
	DOCCONV_ERR_USAGE,    /* a bad option or a combination that makes no sense */
	DOCCONV_ERR_READ,     /* the input cannot be opened or read */
	DOCCONV_ERR_DECODE,   /* the input is not text in any encoding we know */
	DOCCONV_ERR_INPUT,    /* the input is readable but unusable (empty, bad JSON) */
	DOCCONV_ERR_LIMIT,    /* the input exceeds one of the named limits */
	DOCCONV_ERR_WRITE,    /* the output cannot be written */
	DOCCONV_ERR_FONT,     /* no usable font was found */
	DOCCONV_ERR_INTERNAL, /* a library we call failed in a way we did not expect */
	DOCCONV_ERR_STRICT    /* converted, but with warnings, under --strict */
} docconv_status;

typedef enum docconv_severity {
	DOCCONV_SEV_NOTE,
	DOCCONV_SEV_WARNING,
	DOCCONV_SEV_ERROR
} docconv_severity;

/* The longest message kept; longer ones are cut at a character boundary. */
#define DOCCONV_DIAG_MSG_MAX 320
/* Diagnostics kept per conversion; a hostile input could otherwise make
 * millions of warnings. Past this, they are counted in `dropped`. */
#define DOCCONV_DIAG_MAX_ENTRIES 200

typedef struct docconv_diag_entry {
	docconv_severity severity;
	unsigned long line;   /* 1-based input line, 0 when not known */
	long long offset;     /* byte offset in the input, -1 when not known */
	char message[DOCCONV_DIAG_MSG_MAX];
} docconv_diag_entry;

typedef struct docconv_diag {
	const char *file;     /* the input (or output) the messages are about */
	docconv_diag_entry *entries;
	size_t n_entries, cap_entries;
	size_t dropped;       /* entries not kept because of the cap */
	size_t n_warnings, n_errors;
} docconv_diag;

void docconv_diag_init(docconv_diag *d, const char *file);
void docconv_diag_free(docconv_diag *d);
/* Moves every entry of `from` to the end of `to`; `from` is left empty. */
void docconv_diag_take(docconv_diag *to, docconv_diag *from);

/* Records a message. Never fails from the caller's point of view: when memory
 * runs out the entry is counted as dropped. `line` 0 and `offset` -1 mean
 * unknown. */
void docconv_diag_add(docconv_diag *d, docconv_severity sev,
                      unsigned long line, long long offset,
                      const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 5, 6)))
#endif
	;
void docconv_diag_vadd(docconv_diag *d, docconv_severity sev,
                       unsigned long line, long long offset,
                       const char *fmt, va_list ap);

/* Shorthands for the common cases. docconv_fail records an error and returns
 * `st`, so a function can write `st = docconv_fail(d, DOCCONV_ERR_X, ...)`. */
docconv_status docconv_fail(docconv_diag *d, docconv_status st,
                            const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;
void docconv_warn(docconv_diag *d, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/* A short English name for a status ("out of memory", "cannot write"). */
const char *docconv_status_name(docconv_status st);

#endif
