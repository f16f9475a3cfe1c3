/* cff.h — what the PDF writer must know of a CFF font program it embeds.
 *
 * A CFF font embedded as a CIDFontType0 (FontFile3 /CIDFontType0C) selects
 * its glyphs by CID: a CID-keyed font (the CJK fonts: Noto and Source Han,
 * Adobe's own) through its charset, which maps each glyph to its CID, a
 * name-keyed one (TeX Gyre, most Latin fonts) by glyph index (PDF 32000
 * 9.7.4.2). The subsetter keeps a CID-keyed font's CIDs, so the writer
 * reads them back here, with the font's CID system (registry, ordering,
 * supplement) for the CIDFont dictionary. Read only: nothing here writes
 * CFF.
 */
#ifndef DOCCONV_PDF_CFF_H
#define DOCCONV_PDF_CFF_H

#include <stddef.h>
#include <stdint.h>

/* A registry or ordering longer than this is cut (Adobe's are short). */
#define PDF_CFF_MAX_NAME 64

typedef struct pdf_cff_info {
	int cid_keyed;
	char registry[PDF_CFF_MAX_NAME];   /* "Adobe" unless the font says */
	char ordering[PDF_CFF_MAX_NAME];   /* "Identity" unless it says */
	int supplement;
	unsigned n_glyphs;
	/* the charset (offset into the font), format and end; 0: none */
	size_t charset, charset_end;
	int charset_format;
} pdf_cff_info;

/* Reads the header, the top DICT and the charset's place from
 * cff[0..len). 0 on success, -1 when it is not a CFF font it can read. */
int pdf_cff_read(const unsigned char *cff, size_t len, pdf_cff_info *info);

/* The CID of glyph `gid` (its index for a name-keyed font); -1 when the
 * charset does not say. */
long pdf_cff_cid(const unsigned char *cff, const pdf_cff_info *info,
                 unsigned gid);

#endif
