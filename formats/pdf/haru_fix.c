/* haru_fix.c — embedded fonts built as objects of a libharu 2.3.0
 * document, and text shown as positioned glyph codes. Everything here
 * depends on 2.3.0's internal structures; nothing else in docconv does.
 */
#include "haru_fix.h"

#include <hpdf_doc.h>
#include <hpdf_font.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libdeflate.h>

#include "conv/core/text.h"

/* Entries per bfchar, cidchar or cidrange block: the CMap format allows at
 * most 100. */
#define CMAP_BLOCK 100
/* A stem width for the font descriptor: PDF requires one, viewers ignore
 * it for embedded fonts. */
#define DEFAULT_STEM_V 80
/* Streams are deflated here (haru_fix.h says why); a fixed level keeps the
 * bytes stable. */
#define DEFLATE_LEVEL 1

/* --- CMaps ---------------------------------------------------------- */

/* Four hex digits: written by hand, as a book has tens of thousands. */
static int hex16(docconv_buf *b, unsigned v)
{
	static const char hex[] = "0123456789ABCDEF";
	char s[4] = { hex[(v >> 12) & 15], hex[(v >> 8) & 15], hex[(v >> 4) & 15],
	              hex[v & 15] };
	return docconv_buf_put(b, s, 4);
}

/* A character as UTF-16BE hex: a pair for one outside the BMP. */
static int put_utf16(docconv_buf *b, uint32_t cp)
{
	if (cp > 0xFFFF) {
		uint32_t v = cp - 0x10000;
		return hex16(b, 0xD800 + (v >> 10)) | hex16(b, 0xDC00 + (v & 0x3FF));
	}
	return hex16(b, cp);
}

static int cmap_head(docconv_buf *b, const char *name, const char *registry,
                     const char *ordering, int supplement, int type)
{
	char line[256];
	int r = docconv_buf_puts(b,
		"/CIDInit /ProcSet findresource begin\n"
		"12 dict begin\n"
		"begincmap\n");
	snprintf(line, sizeof line,
	         "/CIDSystemInfo << /Registry (%s) /Ordering (%s) "
	         "/Supplement %d >> def\n/CMapName /%s def\n/CMapType %d def\n",
	         registry, ordering, supplement, name, type);
	r |= docconv_buf_puts(b, line);
	return r | docconv_buf_puts(b, "1 begincodespacerange\n<0000> <FFFF>\n"
	                               "endcodespacerange\n");
}

static int cmap_tail(docconv_buf *b)
{
	return docconv_buf_puts(b,
		"endcmap\n"
		"CMapName currentdict /CMap defineresource pop\n"
		"end\nend\n");
}

/* ToUnicode: one bfchar entry per code that stands for characters. */
static int make_tounicode(docconv_buf *b, const pdf_haru_font *f)
{
	int r = cmap_head(b, "Adobe-Identity-UCS", "Adobe", "UCS", 0, 2);
	size_t i = 0;
	while (i < f->n_codes && !r) {
		size_t k = 0, j = i;
		while (j < f->n_codes && k < CMAP_BLOCK)
			k += f->codes[j++].n_text > 0;
		char head[32];
		snprintf(head, sizeof head, "%zu beginbfchar\n", k);
		r |= docconv_buf_puts(b, head);
		for (; i < j; i++) {
			const pdf_haru_code *c = &f->codes[i];
			if (!c->n_text)
				continue;
			r |= docconv_buf_putc(b, '<') | hex16(b, c->code) |
			     docconv_buf_puts(b, "> <");
			for (size_t t = 0; t < c->n_text; t++)
				r |= put_utf16(b, c->text[t]);
			r |= docconv_buf_puts(b, ">\n");
		}
		r |= docconv_buf_puts(b, "endbfchar\n");
	}
	return r | cmap_tail(b);
}

/* The encoding: codes to CIDs, as ranges where consecutive codes select
 * consecutive CIDs. */
static int make_encoding(docconv_buf *b, const pdf_haru_font *f,
                         const char *name)
{
	const pdf_font_program *p = f->program;
	int r = cmap_head(b, name, p->registry, p->ordering, p->supplement, 1);
	size_t i = 0;
	while (i < f->n_codes && !r) {
		/* The ranges of the next block. */
		size_t ranges = 0, j = i;
		while (j < f->n_codes && ranges < CMAP_BLOCK) {
			size_t k = j + 1;
			while (k < f->n_codes &&
			       f->codes[k].cid == f->codes[k - 1].cid + 1 &&
			       f->codes[k].code == f->codes[k - 1].code + 1)
				k++;
			ranges++;
			j = k;
		}
		char line[64];
		snprintf(line, sizeof line, "%zu begincidrange\n", ranges);
		r |= docconv_buf_puts(b, line);
		while (i < j) {
			size_t k = i + 1;
			while (k < j && f->codes[k].cid == f->codes[k - 1].cid + 1 &&
			       f->codes[k].code == f->codes[k - 1].code + 1)
				k++;
			snprintf(line, sizeof line, "<%04X> <%04X> %u\n",
			         (unsigned)f->codes[i].code,
			         (unsigned)f->codes[k - 1].code,
			         (unsigned)f->codes[i].cid);
			r |= docconv_buf_puts(b, line);
			i = k;
		}
		r |= docconv_buf_puts(b, "endcidrange\n");
	}
	return r | cmap_tail(b);
}

/* --- objects --------------------------------------------------------- */

/* Writes the filter of a stream whose bytes are deflated already: libharu
 * writes none for a stream it does not deflate itself. */
static HPDF_STATUS write_flate_filter(HPDF_Dict dict, HPDF_Stream stream)
{
	(void)dict;
	return HPDF_Stream_WriteStr(stream, "/Filter /FlateDecode\012");
}

struct pdf_deflater {
	struct libdeflate_compressor *c;
	unsigned char *out;
	size_t cap;
};

pdf_deflater *pdf_deflater_new(void)
{
	pdf_deflater *z = calloc(1, sizeof *z);
	if (z && !(z->c = libdeflate_alloc_compressor(DEFLATE_LEVEL))) {
		free(z);
		z = NULL;
	}
	return z;
}

void pdf_deflater_free(pdf_deflater *z)
{
	if (!z)
		return;
	libdeflate_free_compressor(z->c);
	free(z->out);
	free(z);
}

/* Replaces the bytes of stream object s by data[0..len) deflated. */
static int pack_into(pdf_deflater *z, HPDF_Dict s, const void *data,
                     size_t len)
{
	size_t need = libdeflate_zlib_compress_bound(z->c, len);
	if (need > z->cap) {
		unsigned char *p = realloc(z->out, need);
		if (!p)
			return -1;
		z->out = p;
		z->cap = need;
	}
	size_t packed_len = libdeflate_zlib_compress(z->c, data, len, z->out,
	                                             z->cap);
	if (!packed_len)
		return -1;
	HPDF_MemStream_FreeData(s->stream);
	s->filter = HPDF_STREAM_FILTER_NONE;
	s->write_fn = write_flate_filter;
	return HPDF_Stream_Write(s->stream, z->out, (HPDF_UINT)packed_len) ==
	       HPDF_OK ? 0 : -1;
}

/* A new stream object holding data[0..len) deflated. */
static HPDF_Dict new_packed_stream(HPDF_Doc pdf, pdf_deflater *z,
                                   const void *data, size_t len)
{
	HPDF_Dict s = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
	return s && pack_into(z, s, data, len) == 0 ? s : NULL;
}

static int compare_cid(const void *a, const void *b)
{
	const pdf_haru_code *x = a, *y = b;
	return x->cid != y->cid ? (x->cid < y->cid ? -1 : 1) : 0;
}

static int compare_width(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return x != y ? (x < y ? -1 : 1) : 0;
}

/* /W for the CIDs in use, as `first last width` runs, all but those of the
 * commonest advance, which is /DW. */
static HPDF_STATUS add_widths(HPDF_Dict cid_font, const pdf_haru_font *f)
{
	HPDF_Array widths = HPDF_Array_New(cid_font->mmgr);
	HPDF_STATUS r = widths ? HPDF_Dict_Add(cid_font, "W", widths)
	                       : HPDF_FAILD_TO_ALLOC_MEM;
	pdf_haru_code *by_cid = malloc(f->n_codes * sizeof *by_cid);
	int32_t *sorted = malloc(f->n_codes * sizeof *sorted);
	if (r != HPDF_OK || !by_cid || !sorted) {
		r = HPDF_FAILD_TO_ALLOC_MEM;
		goto out;
	}
	memcpy(by_cid, f->codes, f->n_codes * sizeof *by_cid);
	qsort(by_cid, f->n_codes, sizeof *by_cid, compare_cid);
	size_t n = 0;   /* distinct CIDs */
	for (size_t i = 0; i < f->n_codes; i++)
		if (n == 0 || by_cid[i].cid != by_cid[n - 1].cid)
			by_cid[n++] = by_cid[i];
	for (size_t i = 0; i < n; i++)
		sorted[i] = by_cid[i].width;
	qsort(sorted, n, sizeof *sorted, compare_width);
	int32_t dw = sorted[0];
	for (size_t i = 0, best = 0; i < n;) {
		size_t j = i;
		while (j < n && sorted[j] == sorted[i])
			j++;
		if (j - i > best) {
			best = j - i;
			dw = sorted[i];
		}
		i = j;
	}
	r |= HPDF_Dict_AddNumber(cid_font, "DW", dw);
	for (size_t i = 0; i < n && r == HPDF_OK;) {
		size_t j = i + 1;
		while (j < n && by_cid[j].cid == by_cid[j - 1].cid + 1 &&
		       by_cid[j].width == by_cid[i].width)
			j++;
		if (by_cid[i].width != dw) {
			r |= HPDF_Array_AddNumber(widths, by_cid[i].cid);
			r |= HPDF_Array_AddNumber(widths, by_cid[j - 1].cid);
			r |= HPDF_Array_AddNumber(widths, by_cid[i].width);
		}
		i = j;
	}
out:
	free(by_cid);
	free(sorted);
	return r;
}

static HPDF_Dict font_descriptor(HPDF_Doc pdf, pdf_deflater *z,
                                 const pdf_haru_font *f)
{
	const pdf_font_program *p = f->program;
	HPDF_Dict fd = HPDF_Dict_New(pdf->mmgr);
	HPDF_Array bbox = HPDF_Array_New(pdf->mmgr);
	HPDF_Dict file = new_packed_stream(pdf, z, p->data, p->len);
	if (!fd || !bbox || !file || HPDF_Xref_Add(pdf->xref, fd) != HPDF_OK)
		return NULL;
	HPDF_STATUS r = HPDF_Dict_AddName(fd, "Type", "FontDescriptor");
	r |= HPDF_Dict_AddName(fd, "FontName", f->name);
	/* Symbolic: the font's own encoding (its CIDs), not a standard one;
	 * italic when it slants. */
	r |= HPDF_Dict_AddNumber(fd, "Flags", 4 | (f->italic_angle ? 64 : 0));
	for (int i = 0; i < 4; i++)
		r |= HPDF_Array_AddNumber(bbox, f->bbox[i]);
	r |= HPDF_Dict_Add(fd, "FontBBox", bbox);
	r |= HPDF_Dict_AddReal(fd, "ItalicAngle", (HPDF_REAL)f->italic_angle);
	r |= HPDF_Dict_AddNumber(fd, "Ascent", f->ascent);
	r |= HPDF_Dict_AddNumber(fd, "Descent", f->descent);
	r |= HPDF_Dict_AddNumber(fd, "CapHeight", f->cap_height);
	r |= HPDF_Dict_AddNumber(fd, "StemV", DEFAULT_STEM_V);
	if (p->cff) {
		r |= HPDF_Dict_AddName(file, "Subtype", "CIDFontType0C");
		r |= HPDF_Dict_Add(fd, "FontFile3", file);
	} else {
		r |= HPDF_Dict_AddNumber(file, "Length1", (HPDF_INT32)p->len);
		r |= HPDF_Dict_Add(fd, "FontFile2", file);
	}
	return r == HPDF_OK ? fd : NULL;
}

static HPDF_Dict cid_system(HPDF_Doc pdf, const pdf_font_program *p)
{
	HPDF_Dict info = HPDF_Dict_New(pdf->mmgr);
	if (!info)
		return NULL;
	HPDF_STATUS r = HPDF_Dict_Add(info, "Registry",
	                              HPDF_String_New(pdf->mmgr, p->registry,
	                                              NULL));
	r |= HPDF_Dict_Add(info, "Ordering",
	                   HPDF_String_New(pdf->mmgr, p->ordering, NULL));
	r |= HPDF_Dict_AddNumber(info, "Supplement", p->supplement);
	return r == HPDF_OK ? info : NULL;
}

static HPDF_Dict cid_font(HPDF_Doc pdf, pdf_deflater *z,
                          const pdf_haru_font *f)
{
	const pdf_font_program *p = f->program;
	HPDF_Dict font = HPDF_Dict_New(pdf->mmgr);
	HPDF_Dict fd = font_descriptor(pdf, z, f);
	HPDF_Dict info = cid_system(pdf, p);
	if (!font || !fd || !info || HPDF_Xref_Add(pdf->xref, font) != HPDF_OK)
		return NULL;
	HPDF_STATUS r = HPDF_Dict_AddName(font, "Type", "Font");
	r |= HPDF_Dict_AddName(font, "Subtype",
	                       p->cff ? "CIDFontType0" : "CIDFontType2");
	r |= HPDF_Dict_AddName(font, "BaseFont", f->name);
	r |= HPDF_Dict_Add(font, "CIDSystemInfo", info);
	r |= HPDF_Dict_Add(font, "FontDescriptor", fd);
	if (!p->cff)   /* CIDs are the subset's glyph indices */
		r |= HPDF_Dict_AddName(font, "CIDToGIDMap", "Identity");
	if (r == HPDF_OK)
		r = add_widths(font, f);
	return r == HPDF_OK ? font : NULL;
}

/* The font's attributes are freed with it. */
static void free_font_attr(HPDF_Dict font)
{
	if (font->attr)
		HPDF_FreeMem(font->mmgr, font->attr);
	font->attr = NULL;
}

static docconv_status haru_error(HPDF_Doc pdf, docconv_diag *d,
                                 const char *what)
{
	return docconv_fail(d, DOCCONV_ERR_INTERNAL,
	                    "libharu failed to %s (error 0x%04lX, detail %lu)",
	                    what, (unsigned long)HPDF_GetError(pdf),
	                    (unsigned long)HPDF_GetErrorDetail(pdf));
}

docconv_status pdf_haru_embed_font(HPDF_Doc pdf, pdf_deflater *z,
                                   const pdf_haru_font *f, HPDF_Font *out,
                                   docconv_diag *d)
{
	docconv_status st = DOCCONV_OK;
	docconv_buf b;
	docconv_buf_init(&b);
	*out = NULL;
	if (f->n_codes == 0 || f->n_codes > PDF_MAX_CODES)
		return docconv_fail(d, DOCCONV_ERR_INTERNAL,
		                    "a font cannot have %zu codes", f->n_codes);

	/* The Type0 font, as libharu makes its own: a dictionary of the font
	 * subclass with attributes HPDF_Page_SetFontAndSize reads. */
	HPDF_Dict font = HPDF_Dict_New(pdf->mmgr);
	HPDF_FontAttr attr = font ? HPDF_GetMem(pdf->mmgr, sizeof *attr) : NULL;
	if (!attr) {
		if (font)
			HPDF_Dict_Free(font);
		return haru_error(pdf, d, "make a font");
	}
	memset(attr, 0, sizeof *attr);
	attr->type = HPDF_FONT_TYPE0_CID;
	attr->writing_mode = HPDF_WMODE_HORIZONTAL;
	attr->xref = pdf->xref;
	font->header.obj_class |= HPDF_OSUBCLASS_FONT;
	font->attr = attr;
	font->free_fn = free_font_attr;
	/* The document owns the font from here, added or not. */
	if (HPDF_Xref_Add(pdf->xref, font) != HPDF_OK)
		return haru_error(pdf, d, "add a font");

	/* Its encoding: Identity-H when every code is its glyph's CID, else a
	 * CMap named after the font. */
	char cmap_name[PDF_SUBSET_TAG_LEN + 16];
	snprintf(cmap_name, sizeof cmap_name, "%.*s-Docconv",
	         PDF_SUBSET_TAG_LEN, f->name);
	HPDF_Dict encoding = NULL, tounicode = NULL, descendant = NULL;
	HPDF_Array descendants = HPDF_Array_New(pdf->mmgr);
	int identity = 1;
	for (size_t i = 0; i < f->n_codes && identity; i++)
		identity = f->codes[i].code == f->codes[i].cid;
	if (!identity && make_encoding(&b, f, cmap_name) != 0) {
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	if (!identity && (encoding = new_packed_stream(pdf, z, b.data, b.len))) {
		HPDF_Dict info = cid_system(pdf, f->program);
		HPDF_STATUS r = HPDF_Dict_AddName(encoding, "Type", "CMap");
		r |= HPDF_Dict_AddName(encoding, "CMapName", cmap_name);
		r |= info ? HPDF_Dict_Add(encoding, "CIDSystemInfo", info)
		          : HPDF_FAILD_TO_ALLOC_MEM;
		if (r != HPDF_OK)
			encoding = NULL;
	}
	b.len = 0;
	if (make_tounicode(&b, f) != 0) {
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	tounicode = new_packed_stream(pdf, z, b.data, b.len);
	descendant = cid_font(pdf, z, f);
	if (!descendants || (!identity && !encoding) || !tounicode ||
	    !descendant)
		goto fail;
	HPDF_STATUS r = HPDF_Dict_AddName(font, "Type", "Font");
	r |= HPDF_Dict_AddName(font, "Subtype", "Type0");
	r |= HPDF_Dict_AddName(font, "BaseFont", f->name);
	r |= identity ? HPDF_Dict_AddName(font, "Encoding", "Identity-H")
	              : HPDF_Dict_Add(font, "Encoding", encoding);
	r |= HPDF_Array_Add(descendants, descendant);
	r |= HPDF_Dict_Add(font, "DescendantFonts", descendants);
	r |= HPDF_Dict_Add(font, "ToUnicode", tounicode);
	if (r != HPDF_OK || HPDF_GetError(pdf) != HPDF_OK)
		goto fail;
	attr->descendant_font = descendant;
	attr->cmap_stream = tounicode;
	*out = font;
	goto out;
fail:
	st = haru_error(pdf, d, "build an embedded font");
out:
	docconv_buf_free(&b);
	return st;
}

/* --- text ------------------------------------------------------------ */

/* A number as PDF writes it: at most two decimals, no trailing zeros;
 * by hand, as a page has thousands. */
static int put_number(docconv_buf *b, double v)
{
	char s[32];
	size_t n = sizeof s;
	long long h = llround(v * 100);
	unsigned long long a = h < 0 ? 0ULL - (unsigned long long)h
	                             : (unsigned long long)h;
	unsigned frac = (unsigned)(a % 100);
	a /= 100;
	if (frac) {
		if (frac % 10)
			s[--n] = (char)('0' + frac % 10);
		s[--n] = (char)('0' + frac / 10);
		s[--n] = '.';
	}
	do {
		s[--n] = (char)('0' + a % 10);
		a /= 10;
	} while (a);
	if (h < 0)
		s[--n] = '-';
	return docconv_buf_put(b, s + n, sizeof s - n);
}

/* Closes an open TJ array (and its hex string). */
static int close_array(docconv_buf *b, int *in_array, int *in_string)
{
	int r = 0;
	if (*in_string)
		r |= docconv_buf_putc(b, '>');
	if (*in_array)
		r |= docconv_buf_puts(b, "] TJ\n");
	*in_array = *in_string = 0;
	return r;
}

docconv_status pdf_haru_show_glyphs(HPDF_Page page,
                                    const pdf_haru_glyph *g, size_t n,
                                    docconv_diag *d)
{
	static const char hex[] = "0123456789ABCDEF";
	HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
	if (attr->gmode != HPDF_GMODE_TEXT_OBJECT || !attr->gstate->font)
		return docconv_fail(d, DOCCONV_ERR_INTERNAL,
		                    "text shown outside a text object or without "
		                    "a font");
	docconv_buf b;
	docconv_buf_init(&b);
	int r = docconv_buf_reserve(&b, 6 * n + 16);
	float rise = 0;
	int in_array = 0, in_string = 0;
	size_t span_end = 0;   /* the glyph after the open span, or 0 */
	for (size_t i = 0; i < n && !r; i++) {
		if (g[i].rise != rise || g[i].span_glyphs) {
			r |= close_array(&b, &in_array, &in_string);
		}
		if (g[i].rise != rise) {
			rise = g[i].rise;
			r |= put_number(&b, rise) | docconv_buf_puts(&b, " Ts\n");
		}
		if (g[i].span_glyphs && !span_end) {
			r |= docconv_buf_puts(&b, "/Span << /ActualText <FEFF");
			for (size_t t = 0; t < g[i].span_n; t++)
				r |= put_utf16(&b, g[i].span_text[t]);
			r |= docconv_buf_puts(&b, "> >> BDC\n");
			span_end = i + g[i].span_glyphs;
		}
		if (!in_array) {
			r |= docconv_buf_putc(&b, '[');
			in_array = 1;
		}
		if (g[i].adjust != 0) {
			if (in_string)
				r |= docconv_buf_puts(&b, "> ");
			in_string = 0;
			r |= put_number(&b, g[i].adjust) | docconv_buf_putc(&b, ' ');
		}
		if (!in_string) {
			r |= docconv_buf_putc(&b, '<');
			in_string = 1;
		}
		unsigned c = g[i].code;
		char h[4] = { hex[c >> 12], hex[(c >> 8) & 15], hex[(c >> 4) & 15],
		              hex[c & 15] };
		r |= docconv_buf_put(&b, h, 4);
		if (span_end && (i + 1 == span_end || i + 1 == n)) {
			r |= close_array(&b, &in_array, &in_string);
			r |= docconv_buf_puts(&b, "EMC\n");
			span_end = 0;
		}
	}
	r |= close_array(&b, &in_array, &in_string);
	if (rise != 0)
		r |= docconv_buf_puts(&b, "0 Ts\n");
	docconv_status st = DOCCONV_OK;
	if (r)
		st = DOCCONV_ERR_NOMEM;
	else if (b.len && HPDF_Stream_Write(attr->stream,
	                                    (const HPDF_BYTE *)b.data,
	                                    (HPDF_UINT)b.len) != HPDF_OK)
		st = docconv_fail(d, DOCCONV_ERR_INTERNAL,
		                  "libharu failed to write a page's text");
	docconv_buf_free(&b);
	return st;
}

/* --- page contents and text strings ----------------------------------- */

/* Deflates what libharu holds in a stream object's memory stream. */
static int pack_stream(pdf_deflater *z, HPDF_Dict dict, HPDF_Stream st)
{
	size_t total = HPDF_Stream_Size(st), block = HPDF_MemStream_GetBufSize(st);
	unsigned char *plain = malloc(total ? total : 1);
	int r = plain ? 0 : -1;
	for (HPDF_UINT i = 0, at = 0; !r && at < total; i++) {
		HPDF_UINT len = 0;
		HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(st, i, &len);
		size_t n = total - at < block ? total - at : block;
		if (!p)
			r = -1;
		else
			memcpy(plain + at, p, n);
		at += (HPDF_UINT)n;
	}
	if (!r)
		r = pack_into(z, dict, plain, total);
	free(plain);
	return r;
}

docconv_status pdf_haru_pack_contents(HPDF_Page page, pdf_deflater *z,
                                      docconv_diag *d)
{
	HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
	return pack_stream(z, attr->contents, attr->stream)
	               ? docconv_fail(d, DOCCONV_ERR_INTERNAL,
	                              "libharu failed to compress a page")
	               : DOCCONV_OK;
}

docconv_status pdf_haru_pack_image(HPDF_Image image, pdf_deflater *z,
                                   docconv_diag *d)
{
	return pack_stream(z, image, image->stream)
	               ? docconv_fail(d, DOCCONV_ERR_NOMEM,
	                              "out of memory compressing a photo")
	               : DOCCONV_OK;
}

docconv_status pdf_haru_set_text(HPDF_Doc pdf, HPDF_Dict dict,
                                 const char *key, const char *utf8,
                                 docconv_diag *d)
{
	docconv_buf b;
	docconv_buf_init(&b);
	size_t len = strlen(utf8);
	int r = docconv_buf_put(&b, "\xFE\xFF", 2);   /* UTF-16BE */
	for (size_t i = 0; i < len && !r;) {
		uint32_t cp;
		size_t l = docconv_utf8_decode(utf8 + i, len - i, &cp);
		if (l == 0) {   /* the model is valid UTF-8; be safe anyway */
			cp = 0xFFFD;
			l = 1;
		}
		i += l;
		uint32_t v = cp - 0x10000;
		unsigned char u[4] = { (unsigned char)(cp >> 8), (unsigned char)cp };
		if (cp > 0xFFFF) {
			u[0] = (unsigned char)(0xD8 | (v >> 18));
			u[1] = (unsigned char)(v >> 10);
			u[2] = (unsigned char)(0xDC | ((v >> 8) & 3));
			u[3] = (unsigned char)v;
		}
		r |= docconv_buf_put(&b, u, cp > 0xFFFF ? 4 : 2);
	}
	if (!dict)
		dict = pdf->info;
	HPDF_Binary text = r || !dict ? NULL
	                              : HPDF_Binary_New(pdf->mmgr,
	                                                (HPDF_BYTE *)b.data,
	                                                (HPDF_UINT)b.len);
	docconv_buf_free(&b);
	if (!text || HPDF_Dict_Add(dict, key, text) != HPDF_OK)
		return haru_error(pdf, d, "set a text string");
	return DOCCONV_OK;
}

docconv_status pdf_haru_save(HPDF_Doc pdf, docconv_sink *sink,
                             docconv_diag *d)
{
	if (HPDF_SaveToStream(pdf) != HPDF_OK || !pdf->stream ||
	    HPDF_GetError(pdf) != HPDF_OK)
		return haru_error(pdf, d, "save");
	HPDF_Stream st = pdf->stream;
	size_t total = HPDF_Stream_Size(st), block = HPDF_MemStream_GetBufSize(st);
	docconv_status r = DOCCONV_OK;
	for (HPDF_UINT i = 0, at = 0; at < total && r == DOCCONV_OK; i++) {
		HPDF_UINT len = 0;
		HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(st, i, &len);
		size_t n = total - at < block ? total - at : block;
		if (!p)
			return haru_error(pdf, d, "read the saved document");
		r = docconv_sink_write(sink, p, n);
		at += (HPDF_UINT)n;
	}
	return r;
}
