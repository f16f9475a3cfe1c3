/* haru_fix.c — loading subset fonts into libharu 2.3.0 from memory and
 * repairing the maps it writes for them. Everything here depends on
 * 2.3.0's internal structures; nothing else in docconv does.
 */
#include "haru_fix.h"

#include <hpdf_doc.h>
#include <hpdf_encoder.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conv/core/text.h"

/* Entries per bfchar block: the CMap format allows at most 100. */
#define BFCHAR_BLOCK 100

static docconv_status haru_error(HPDF_Doc pdf, docconv_diag *d,
                                 const char *what)
{
	return docconv_fail(d, DOCCONV_ERR_INTERNAL,
	                    "libharu failed to %s (error 0x%04lX, detail %lu)",
	                    what, (unsigned long)HPDF_GetError(pdf),
	                    (unsigned long)HPDF_GetErrorDetail(pdf));
}

static HPDF_STATUS codes_encoder_init(HPDF_Encoder e)
{
	(void)e;
	return HPDF_OK;   /* made ready by make_codes_encoder */
}

/* A CMap encoder for the codes first..first + n - 1, each its own CID and
 * mapped to itself (a subset's cmap maps the code to its glyph), with the
 * CID system of the UTF-8 encoder, so the fonts' dictionaries come out as
 * they did through that encoder. Through the UTF-8 encoder 2.3.0 builds a
 * font's CID-to-glyph table and widths for all 65,536 codes, then
 * replaced by pdf_haru_fix_maps: some 20M instructions a book. A plain
 * CMap encoder makes it walk only the codes it maps. Registered in pdf
 * under `name`, which the document then frees. */
static HPDF_Encoder make_codes_encoder(HPDF_Doc pdf, const char *name,
                                      uint16_t first, size_t n)
{
	HPDF_Encoder utf8 = HPDF_GetEncoder(pdf, "UTF-8");
	HPDF_UnicodeMap_Rec *pairs = malloc((n + 1) * sizeof *pairs);
	HPDF_Encoder e = NULL;
	if (!utf8 || !pairs ||
	    !(e = HPDF_CMapEncoder_New(pdf->mmgr, (char *)name,
	                               codes_encoder_init)))
		goto fail;
	if (HPDF_CMapEncoder_InitAttr(e) != HPDF_OK)
		goto fail;
	HPDF_CMapEncoderAttr a = (HPDF_CMapEncoderAttr)e->attr;
	const HPDF_CMapEncoderAttr u = (HPDF_CMapEncoderAttr)utf8->attr;
	memcpy(a->registry, u->registry, sizeof a->registry);
	memcpy(a->ordering, u->ordering, sizeof a->ordering);
	a->suppliment = u->suppliment;
	a->writing_mode = u->writing_mode;
	a->uid_offset = u->uid_offset;
	memcpy(a->xuid, u->xuid, sizeof a->xuid);
	HPDF_CidRange_Rec space = { 0x0000, 0xFFFF, 0 };
	HPDF_CidRange_Rec ranges[2] = {
		{ first, (HPDF_UINT16)(first + n - 1), first },
		{ 0xFFFF, 0xFFFF, 0 }
	};
	for (size_t i = 0; i < n; i++)
		pairs[i].code = pairs[i].unicode = (HPDF_UINT16)(first + i);
	pairs[n].code = pairs[n].unicode = 0xFFFF;
	if (HPDF_CMapEncoder_AddCodeSpaceRange(e, space) != HPDF_OK ||
	    HPDF_CMapEncoder_AddCMap(e, ranges) != HPDF_OK)
		goto fail;
	HPDF_CMapEncoder_SetUnicodeArray(e, pairs);
	e->type = HPDF_ENCODER_TYPE_DOUBLE_BYTE;
	free(pairs);
	/* The document owns the encoder from here, registered or not. */
	return HPDF_Doc_RegisterEncoder(pdf, e) == HPDF_OK ? e : NULL;
fail:
	if (e)
		HPDF_Encoder_Free(e);
	free(pairs);
	return NULL;
}

docconv_status pdf_haru_codes_encoder(HPDF_Doc pdf, uint16_t first_code,
                                      size_t n_codes, docconv_diag *d)
{
	if (n_codes == 0 || first_code + n_codes > 0xFFFF)
		return docconv_fail(d, DOCCONV_ERR_INTERNAL,
		                    "subset fonts cannot show %zu codes from %u",
		                    n_codes, (unsigned)first_code);
	if (!make_codes_encoder(pdf, PDF_HARU_CODES_ENCODER, first_code,
	                        n_codes))
		return haru_error(pdf, d, "make the encoder of the subset fonts");
	return DOCCONV_OK;
}

docconv_status pdf_haru_load_font(HPDF_Doc pdf, const unsigned char *ttf,
                                  size_t len,
                                  const char tag[PDF_SUBSET_TAG_LEN + 1],
                                  HPDF_Font *font, docconv_diag *d)
{
	*font = NULL;
	if (len == 0 || len > 0x7FFFFFFF)
		return docconv_fail(d, DOCCONV_ERR_INTERNAL,
		                    "a subset font of %zu bytes cannot be loaded",
		                    len);
	/* One buffer the size of the font and a byte more: the font
	 * definition keeps the stream and reads glyphs from it again when the
	 * PDF is saved, seeking to each glyph, an empty last one at the very
	 * end too; 2.3.0 fails a seek to the end of a full buffer (it looks
	 * for the next buffer, which does not exist). */
	HPDF_Stream stream = HPDF_MemStream_New(pdf->mmgr, (HPDF_UINT)len + 1);
	if (!stream)
		return haru_error(pdf, d, "allocate a font stream");
	if (HPDF_Stream_Write(stream, ttf, (HPDF_UINT)len) != HPDF_OK) {
		HPDF_Stream_Free(stream);
		return haru_error(pdf, d, "copy a subset font");
	}
	/* The definition owns the stream from here, failed or not. */
	HPDF_FontDef def = HPDF_TTFontDef_Load(pdf->mmgr, stream, HPDF_TRUE);
	if (!def)
		return haru_error(pdf, d, "read a subset font");

	/* The subset holds only glyphs that are drawn or are components of
	 * drawn composites: keep them all. 2.3.0 would otherwise follow
	 * components itself, reading their index as signed and not
	 * recursing, and drop the outlines of Hangul syllables. */
	HPDF_TTFontDefAttr attr = (HPDF_TTFontDefAttr)def->attr;
	memset(attr->glyph_tbl.flgs, 1, attr->num_glyphs);

	HPDF_TTFontDef_SetTagName(def, (char *)tag);
	/* Register under the tagged name, so two subsets of one family in a
	 * book (or a font and its fallback twin) never collide. */
	memcpy(def->base_font, attr->base_font, sizeof def->base_font);
	if (HPDF_Doc_RegisterFontDef(pdf, def) != HPDF_OK)
		return haru_error(pdf, d, "register a subset font");
	*font = HPDF_GetFont(pdf, def->base_font, PDF_HARU_CODES_ENCODER);
	if (!*font)
		return haru_error(pdf, d, "make a font for a subset");
	return DOCCONV_OK;
}

static int hex16(docconv_buf *b, unsigned v)
{
	char s[8];
	snprintf(s, sizeof s, "%04X", v & 0xFFFF);
	return docconv_buf_puts(b, s);
}

/* <code> <utf16be> */
static int put_bfchar(docconv_buf *b, uint16_t code, uint32_t unicode)
{
	int r = docconv_buf_putc(b, '<') | hex16(b, code) |
	        docconv_buf_puts(b, "> <");
	if (unicode > 0xFFFF) {
		uint32_t v = unicode - 0x10000;
		r |= hex16(b, 0xD800 + (v >> 10)) | hex16(b, 0xDC00 + (v & 0x3FF));
	} else {
		r |= hex16(b, unicode);
	}
	return r | docconv_buf_puts(b, ">\n");
}

static int make_tounicode(docconv_buf *b, const uint16_t *codes,
                          const uint32_t *unicodes, size_t n)
{
	int r = docconv_buf_puts(b,
		"/CIDInit /ProcSet findresource begin\n"
		"12 dict begin\n"
		"begincmap\n"
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) "
		"/Supplement 0 >> def\n"
		"/CMapName /Adobe-Identity-UCS def\n"
		"/CMapType 2 def\n"
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	for (size_t i = 0; i < n && !r; i += BFCHAR_BLOCK) {
		size_t k = n - i < BFCHAR_BLOCK ? n - i : BFCHAR_BLOCK;
		char head[32];
		snprintf(head, sizeof head, "%zu beginbfchar\n", k);
		r |= docconv_buf_puts(b, head);
		for (size_t j = i; j < i + k; j++)
			r |= put_bfchar(b, codes[j], unicodes[j]);
		r |= docconv_buf_puts(b, "endbfchar\n");
	}
	return r | docconv_buf_puts(b,
		"endcmap\n"
		"CMapName currentdict /CMap defineresource pop\n"
		"end\nend\n");
}

static int compare_int16(const void *a, const void *b)
{
	return *(const HPDF_INT16 *)a - *(const HPDF_INT16 *)b;
}

/* The most common advance among the codes: it becomes /DW, and /W lists
 * only the others, as `first last width` runs. 2.3.0 takes /DW from the
 * .notdef glyph and so lists nearly every ideograph of some fonts. */
static docconv_status rebuild_widths(HPDF_FontAttr attr,
                                     const uint16_t *codes, size_t n)
{
	HPDF_Dict cid_font = attr->descendant_font;
	HPDF_INT16 *w = malloc(2 * n * sizeof *w), *sorted = w + n, dw = 0;
	if (!w)
		return DOCCONV_ERR_NOMEM;
	for (size_t i = 0; i < n; i++)
		w[i] = sorted[i] = HPDF_TTFontDef_GetGidWidth(
		        attr->fontdef,
		        HPDF_TTFontDef_GetGlyphid(attr->fontdef, codes[i]));
	qsort(sorted, n, sizeof *sorted, compare_int16);
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
	HPDF_Dict_RemoveElement(cid_font, "W");
	HPDF_Dict_RemoveElement(cid_font, "DW");
	HPDF_Array widths = HPDF_Array_New(cid_font->mmgr);
	HPDF_STATUS r = widths ? HPDF_OK : HPDF_FAILD_TO_ALLOC_MEM;
	if (widths) {
		r |= HPDF_Dict_AddNumber(cid_font, "DW", dw);
		r |= HPDF_Dict_Add(cid_font, "W", widths);
	}
	for (size_t i = 0; i < n && r == HPDF_OK;) {
		size_t j = i + 1;
		while (j < n && codes[j] == codes[j - 1] + 1 && w[j] == w[i])
			j++;
		if (w[i] != dw) {
			r |= HPDF_Array_AddNumber(widths, codes[i]);
			r |= HPDF_Array_AddNumber(widths, codes[j - 1]);
			r |= HPDF_Array_AddNumber(widths, w[i]);
		}
		i = j;
	}
	free(w);
	return r == HPDF_OK ? DOCCONV_OK : DOCCONV_ERR_INTERNAL;
}

static int replace_stream(HPDF_Stream s, const void *data, size_t len)
{
	HPDF_MemStream_FreeData(s);
	return HPDF_Stream_Write(s, data, (HPDF_UINT)len) == HPDF_OK ? 0 : -1;
}

docconv_status pdf_haru_fix_maps(HPDF_Font font, const uint16_t *codes,
                                 const uint32_t *unicodes, size_t n,
                                 docconv_diag *d)
{
	docconv_status st = DOCCONV_OK;
	HPDF_FontAttr attr = (HPDF_FontAttr)font->attr;
	docconv_buf b;
	docconv_buf_init(&b);

	if (!attr->cmap_stream || !attr->map_stream) {
		st = docconv_fail(d, DOCCONV_ERR_INTERNAL,
		                  "libharu made a font without a ToUnicode map or "
		                  "a CIDToGIDMap; is it version 2.3.0?");
		goto out;
	}
	/* libharu's stream claims to be an encoding CMap named UTF-8. */
	HPDF_Dict tu = attr->cmap_stream;
	HPDF_Dict_RemoveElement(tu, "Type");
	HPDF_Dict_RemoveElement(tu, "CMapName");
	HPDF_Dict_RemoveElement(tu, "CIDSystemInfo");
	HPDF_Dict_RemoveElement(tu, "WMode");
	if (make_tounicode(&b, codes, unicodes, n) != 0) {
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	if (replace_stream(tu->stream, b.data, b.len) != 0)
		goto fail;

	/* CIDToGIDMap: 2.3.0 writes an entry for every BMP code; the codes
	 * in use end at the highest one. */
	unsigned max = 0;
	for (size_t i = 0; i < n; i++)
		if (codes[i] > max)
			max = codes[i];
	b.len = 0;
	for (unsigned code = 0; code <= max; code++) {
		HPDF_UINT16 gid = HPDF_TTFontDef_GetGlyphid(attr->fontdef,
		                                            (HPDF_UINT16)code);
		char be[2] = { (char)(gid >> 8), (char)gid };
		if (docconv_buf_put(&b, be, 2) != 0) {
			st = DOCCONV_ERR_NOMEM;
			goto out;
		}
	}
	if (replace_stream(attr->map_stream->stream, b.data, b.len) != 0)
		goto fail;
	if ((st = rebuild_widths(attr, codes, n)) == DOCCONV_ERR_INTERNAL)
		goto fail;
	goto out;
fail:
	st = docconv_fail(d, DOCCONV_ERR_INTERNAL,
	                  "libharu failed to rewrite a font's maps");
out:
	docconv_buf_free(&b);
	return st;
}

docconv_status pdf_haru_show_codes(HPDF_Page page, const uint16_t *codes,
                                   size_t n, docconv_diag *d)
{
	static const char hex[] = "0123456789ABCDEF";
	HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
	if (attr->gmode != HPDF_GMODE_TEXT_OBJECT || !attr->gstate->font)
		return docconv_fail(d, DOCCONV_ERR_INTERNAL,
		                    "text shown outside a text object or without "
		                    "a font");
	docconv_buf b;
	docconv_buf_init(&b);
	int r = docconv_buf_reserve(&b, 4 * n + 8);
	r |= docconv_buf_putc(&b, '<');
	for (size_t i = 0; i < n && !r; i++) {
		char h[4] = { hex[codes[i] >> 12], hex[(codes[i] >> 8) & 15],
		              hex[(codes[i] >> 4) & 15], hex[codes[i] & 15] };
		r |= docconv_buf_put(&b, h, 4);
	}
	r |= docconv_buf_puts(&b, "> Tj\n");
	docconv_status st = DOCCONV_OK;
	if (r)
		st = DOCCONV_ERR_NOMEM;
	else if (HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)b.data,
	                           (HPDF_UINT)b.len) != HPDF_OK)
		st = docconv_fail(d, DOCCONV_ERR_INTERNAL,
		                  "libharu failed to write a page's text");
	docconv_buf_free(&b);
	return st;
}
