/* diag.c — collecting diagnostics for the caller to print. */
#include "diag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

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
	/* Past the cap a message is counted in `dropped` instead. */
	return want <= DOCCONV_DIAG_MAX_ENTRIES &&
	       docconv_array_reserve((void **)&d->entries, &d->cap_entries, want,
	                             sizeof *d->entries) == 0;
}

/* Drops a UTF-8 sequence cut short at the end of `s`: vsnprintf and the
 * escaping below stop at a byte count, which may fall inside a character. */
static void drop_cut_sequence(char *s)
{
	size_t len = strlen(s), i = len;
	while (i > 0 && len - i < 3 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	if (i == 0)
		return;
	unsigned char lead = (unsigned char)s[i - 1];
	size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
	if (len - (i - 1) < need)
		s[i - 1] = '\0';
}

/* Copies `in` to out[0..size) with its control characters written out:
 * input text reaches messages (a JSON key, an unknown block type), and on
 * the user's terminal ESC and the C1 controls start escape sequences with
 * which a hostile file could retitle the window or rewrite what is shown.
 * C0 and DEL become \xNN, C1 (U+0080..U+009F) \u00NN. */
static void escape_controls(const char *in, char *out, size_t size)
{
	size_t o = 0;
	for (size_t i = 0; in[i]; i++) {
		unsigned char c = (unsigned char)in[i];
		unsigned char next = (unsigned char)in[i + 1];
		char esc[8] = "";
		if (c < 0x20 || c == 0x7F)
			snprintf(esc, sizeof esc, "\\x%02X", c);
		else if (c == 0xC2 && next >= 0x80 && next <= 0x9F)
			snprintf(esc, sizeof esc, "\\u%04X", next);
		size_t l = *esc ? strlen(esc) : 1;
		if (o + l >= size)
			break;
		if (*esc) {
			memcpy(out + o, esc, l);
			i += c == 0xC2;
		} else {
			out[o] = (char)c;
		}
		o += l;
	}
	out[o] = '\0';
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
	char raw[DOCCONV_DIAG_MSG_MAX];
	vsnprintf(raw, sizeof raw, fmt, ap);
	drop_cut_sequence(raw);
	escape_controls(raw, e->message, sizeof e->message);
	drop_cut_sequence(e->message);
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
	case DOCCONV_ERR_STRICT: return "warnings, under --strict";
	}
	return "unknown error";
}
