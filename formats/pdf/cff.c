/* cff.c — the CFF header, top DICT, strings and charset (Adobe Technical
 * Note #5176), read with every offset checked against the font's length. */
#include "cff.h"

#include <string.h>

/* SIDs below this name the standard strings; the font's own follow. */
#define CFF_STANDARD_STRINGS 391
/* Operands a DICT operator takes at most (the spec's stack limit). */
#define CFF_MAX_OPERANDS 48

/* Top DICT operators. */
#define OP_CHARSET 15
#define OP_CHARSTRINGS 17
#define OP_ROS (1200 + 30)

typedef struct reader {
	const unsigned char *p;
	size_t len;
} reader;

static unsigned get(const reader *r, size_t at, unsigned size, int *ok)
{
	unsigned v = 0;
	if (at > r->len || size > r->len - at) {
		*ok = 0;
		return 0;
	}
	for (unsigned i = 0; i < size; i++)
		v = v << 8 | r->p[at + i];
	return v;
}

/* An INDEX at `at`: its count, where its data starts, and where it ends;
 * *ok cleared when it runs past the font. */
typedef struct cff_index {
	unsigned count, off_size;
	size_t offsets, data, end;
} cff_index;

static cff_index read_index(const reader *r, size_t at, int *ok)
{
	cff_index ix = { 0, 0, at, at, at + 2 };
	ix.count = get(r, at, 2, ok);
	if (!*ok || ix.count == 0)
		return ix;
	ix.off_size = get(r, at + 2, 1, ok);
	if (ix.off_size < 1 || ix.off_size > 4) {
		*ok = 0;
		return ix;
	}
	ix.offsets = at + 3;
	ix.data = ix.offsets + (size_t)(ix.count + 1) * ix.off_size - 1;
	ix.end = ix.data + get(r, ix.offsets + (size_t)ix.count * ix.off_size,
	                       ix.off_size, ok);
	if (ix.end > r->len)
		*ok = 0;
	return ix;
}

/* Entry i of an index as [*start, *end). */
static void index_entry(const reader *r, const cff_index *ix, unsigned i,
                        size_t *start, size_t *end, int *ok)
{
	*start = ix->data + get(r, ix->offsets + (size_t)i * ix->off_size,
	                        ix->off_size, ok);
	*end = ix->data + get(r, ix->offsets + (size_t)(i + 1) * ix->off_size,
	                      ix->off_size, ok);
	if (*start > *end || *end > r->len)
		*ok = 0;
}

/* The operators of a DICT in [at, end): for each of the wanted ones, its
 * operands. Reals are skipped (none of the wanted operators takes one). */
static void read_dict(const reader *r, size_t at, size_t end,
                      long ros[3], long *charset, long *charstrings, int *ok)
{
	long operands[CFF_MAX_OPERANDS];
	unsigned n = 0;
	while (at < end && *ok) {
		unsigned b0 = get(r, at++, 1, ok);
		long v;
		if (b0 <= 21) {   /* an operator */
			unsigned op = b0 == 12 ? 1200 + get(r, at++, 1, ok) : b0;
			if (op == OP_ROS && n >= 3)
				memcpy(ros, operands + n - 3, 3 * sizeof *ros);
			else if (op == OP_CHARSET && n >= 1)
				*charset = operands[n - 1];
			else if (op == OP_CHARSTRINGS && n >= 1)
				*charstrings = operands[n - 1];
			n = 0;
			continue;
		}
		if (b0 == 28) {
			v = (int16_t)get(r, at, 2, ok);
			at += 2;
		} else if (b0 == 29) {
			v = (int32_t)get(r, at, 4, ok);
			at += 4;
		} else if (b0 == 30) {   /* a real: nibbles up to an 0xF */
			while (at < end && (get(r, at, 1, ok) & 0x0F) != 0x0F &&
			       (get(r, at, 1, ok) & 0xF0) != 0xF0)
				at++;
			at++;
			v = 0;
		} else if (b0 >= 32 && b0 <= 246) {
			v = (long)b0 - 139;
		} else if (b0 >= 247 && b0 <= 250) {
			v = ((long)b0 - 247) * 256 + get(r, at++, 1, ok) + 108;
		} else if (b0 >= 251 && b0 <= 254) {
			v = -((long)b0 - 251) * 256 - get(r, at++, 1, ok) - 108;
		} else {
			*ok = 0;   /* reserved */
			return;
		}
		if (n < CFF_MAX_OPERANDS)
			operands[n++] = v;
	}
}

/* String `sid` of the font into out (cut to fit); 0 when it is a standard
 * string or absent. */
static int font_string(const reader *r, const cff_index *strings, long sid,
                       char *out, size_t cap, int *ok)
{
	if (sid < CFF_STANDARD_STRINGS ||
	    sid - CFF_STANDARD_STRINGS >= (long)strings->count)
		return 0;
	size_t start, end;
	index_entry(r, strings, (unsigned)(sid - CFF_STANDARD_STRINGS), &start,
	            &end, ok);
	if (!*ok)
		return 0;
	size_t n = end - start < cap - 1 ? end - start : cap - 1;
	memcpy(out, r->p + start, n);
	out[n] = '\0';
	return 1;
}

int pdf_cff_read(const unsigned char *cff, size_t len, pdf_cff_info *info)
{
	reader r = { cff, len };
	int ok = 1;
	memset(info, 0, sizeof *info);
	strcpy(info->registry, "Adobe");
	strcpy(info->ordering, "Identity");
	if (get(&r, 0, 1, &ok) != 1)   /* major version */
		return -1;
	size_t hdr = get(&r, 2, 1, &ok);
	cff_index names = read_index(&r, hdr, &ok);
	cff_index tops = ok ? read_index(&r, names.end, &ok) : names;
	cff_index strings = ok ? read_index(&r, tops.end, &ok) : tops;
	if (!ok || tops.count == 0)
		return -1;
	size_t start, end;
	index_entry(&r, &tops, 0, &start, &end, &ok);
	long ros[3] = { -1, -1, 0 }, charset = 0, charstrings = 0;
	if (ok)
		read_dict(&r, start, end, ros, &charset, &charstrings, &ok);
	if (!ok || charstrings <= 0 || (size_t)charstrings >= len)
		return -1;
	cff_index glyphs = read_index(&r, (size_t)charstrings, &ok);
	if (!ok)
		return -1;
	info->n_glyphs = glyphs.count;
	info->cid_keyed = ros[0] >= 0;
	if (info->cid_keyed) {
		font_string(&r, &strings, ros[0], info->registry,
		            sizeof info->registry, &ok);
		font_string(&r, &strings, ros[1], info->ordering,
		            sizeof info->ordering, &ok);
		info->supplement = (int)ros[2];
	}
	/* Charsets 0-2 are predefined (ISOAdobe...) and never CID-keyed. */
	if (charset > 2 && (size_t)charset < len) {
		info->charset = (size_t)charset;
		info->charset_format = (int)get(&r, info->charset, 1, &ok);
		info->charset_end = len;
		if (info->charset_format > 2)
			info->charset = 0;
	}
	return ok ? 0 : -1;
}

long pdf_cff_cid(const unsigned char *cff, const pdf_cff_info *info,
                 unsigned gid)
{
	if (!info->cid_keyed || gid == 0)
		return gid < info->n_glyphs ? (long)gid : -1;
	if (!info->charset || gid >= info->n_glyphs)
		return -1;
	reader r = { cff, info->charset_end };
	int ok = 1;
	size_t at = info->charset + 1;
	if (info->charset_format == 0) {
		unsigned cid = get(&r, at + 2 * ((size_t)gid - 1), 2, &ok);
		return ok ? (long)cid : -1;
	}
	/* Formats 1 and 2: ranges of consecutive CIDs from glyph 1 on. */
	unsigned left_size = info->charset_format == 1 ? 1 : 2;
	unsigned g = 1;
	while (ok && g < info->n_glyphs) {
		unsigned first = get(&r, at, 2, &ok);
		unsigned left = get(&r, at + 2, left_size, &ok);
		if (gid <= g + left)
			return ok ? (long)(first + (gid - g)) : -1;
		g += left + 1;
		at += 2 + left_size;
	}
	return -1;
}
