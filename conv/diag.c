/* diag.c — collecting diagnostics for the caller to print. */
#include "diag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void docconv_diag_init(docconv_diag *d, const char *file)
{
	memset(d, 0, sizeof *d);
	d->file = file;
}

void docconv_diag_free(docconv_diag *d)
{
	free(d->entries);
	d->entries = NULL;
	d->n_entries = d->cap_entries = 0;
}

static int reserve(docconv_diag *d, size_t want)
{
	if (want <= d->cap_entries)
		return 1;
	size_t cap = d->cap_entries ? d->cap_entries * 2 : 8;
	while (cap < want)
		cap *= 2;
	if (cap > DOCCONV_DIAG_MAX_ENTRIES)
		cap = DOCCONV_DIAG_MAX_ENTRIES;
	if (cap < want)
		return 0;
	docconv_diag_entry *e = realloc(d->entries, cap * sizeof *e);
	if (!e)
		return 0;
	d->entries = e;
	d->cap_entries = cap;
	return 1;
}

/* Cuts `s` at `n` bytes without splitting a UTF-8 sequence. */
static void cut_utf8(char *s, size_t n)
{
	size_t len = strlen(s);
	if (len < n)
		return;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	s[n] = '\0';
}

void docconv_diag_vadd(docconv_diag *d, docconv_severity sev,
                       unsigned long line, long long offset,
                       const char *fmt, va_list ap)
{
	if (!d)
		return;
	if (sev == DOCCONV_SEV_WARNING)
		d->n_warnings++;
	else if (sev == DOCCONV_SEV_ERROR)
		d->n_errors++;
	if (!reserve(d, d->n_entries + 1)) {
		d->dropped++;
		return;
	}
	docconv_diag_entry *e = &d->entries[d->n_entries++];
	e->severity = sev;
	e->line = line;
	e->offset = offset;
	vsnprintf(e->message, sizeof e->message, fmt, ap);
	cut_utf8(e->message, sizeof e->message - 1);
}

void docconv_diag_add(docconv_diag *d, docconv_severity sev,
                      unsigned long line, long long offset,
                      const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	docconv_diag_vadd(d, sev, line, offset, fmt, ap);
	va_end(ap);
}

docconv_status docconv_fail(docconv_diag *d, docconv_status st,
                            const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	docconv_diag_vadd(d, DOCCONV_SEV_ERROR, 0, -1, fmt, ap);
	va_end(ap);
	return st;
}

void docconv_warn(docconv_diag *d, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	docconv_diag_vadd(d, DOCCONV_SEV_WARNING, 0, -1, fmt, ap);
	va_end(ap);
}

void docconv_diag_take(docconv_diag *to, docconv_diag *from)
{
	for (size_t i = 0; i < from->n_entries; i++) {
		docconv_diag_entry *e = &from->entries[i];
		docconv_diag_add(to, e->severity, e->line, e->offset, "%s",
		                 e->message);
	}
	to->dropped += from->dropped;
	/* docconv_diag_add counted these already; keep the totals of `from`
	 * that were dropped there as well. */
	from->n_entries = 0;
	from->dropped = 0;
	from->n_warnings = from->n_errors = 0;
}

const char *docconv_status_name(docconv_status st)
{
	switch (st) {
	case DOCCONV_OK: return "success";
	case DOCCONV_ERR_NOMEM: return "out of memory";
	case DOCCONV_ERR_USAGE: return "usage error";
	case DOCCONV_ERR_READ: return "cannot read input";
	case DOCCONV_ERR_DECODE: return "cannot decode input";
	case DOCCONV_ERR_INPUT: return "unusable input";
	case DOCCONV_ERR_LIMIT: return "input exceeds a limit";
	case DOCCONV_ERR_WRITE: return "cannot write output";
	case DOCCONV_ERR_FONT: return "no usable font";
	case DOCCONV_ERR_INTERNAL: return "internal error";
	}
	return "unknown error";
}
