/* fonts.h — the faces the PDF writer draws with.
 *
 * Five roles, each given as a file or a family, or by default at the path
 * its Debian package installs it to, else through fontconfig: a face for
 * CJK body text (in its mainland and its Taiwan form), one for CJK
 * headings, a serif and a sans Latin face. Each face is opened once with
 * HarfBuzz, which answers
 * "has it this character?" and "how wide is it?" for the line breaker and
 * later feeds the subsetter. Characters none of the roles has are looked up
 * among every installed font (fallback faces get the slots after the
 * roles); a character no font has is drawn as a placeholder.
 *
 * A fontset is made once per writer context and reused for every book; it
 * is not shared between threads.
 */
#ifndef DOCCONV_PDF_FONTS_H
#define DOCCONV_PDF_FONTS_H

#include <stddef.h>
#include <stdint.h>

#include <hb.h>

#include "conv/core/diag.h"
#include "formats/formats.h"

typedef enum pdf_font_role {
	PDF_ROLE_BODY_CJK = 0,
	PDF_ROLE_HEADING_CJK,
	PDF_ROLE_BODY_LATIN,
	PDF_ROLE_HEADING_LATIN,
	PDF_ROLE_BODY_CJK_TRAD,   /* Traditional Chinese: Taiwan's forms */
	PDF_N_ROLES
} pdf_font_role;

typedef struct pdf_face {
	char *path;
	unsigned index;        /* the face in a .ttc collection */
	char *name;            /* family name, for messages */
	hb_face_t *face;
	hb_font_t *font;       /* at the face's own scale (units per em) */
	unsigned upem;
	int file_slot;         /* its file among those the process shares, or -1 */
} pdf_face;

typedef struct pdf_fontset pdf_fontset;

/* Finds the role faces (opts->font, ->heading_font and ->latin_font
 * override the defaults). DOCCONV_ERR_FONT, naming what was looked for,
 * when a font that was asked for cannot be used or no face for Chinese
 * text exists at all. */
docconv_status pdf_fontset_open(const docconv_write_opts *opts,
                                pdf_fontset **out, docconv_diag *d);
void pdf_fontset_free(pdf_fontset *fs);

uint16_t pdf_fontset_role(const pdf_fontset *fs, pdf_font_role role);
size_t pdf_fontset_count(const pdf_fontset *fs);
const pdf_face *pdf_fontset_face(const pdf_fontset *fs, uint16_t slot);

/* Whether the face in `slot` has cp; its advance (1/1000 em, rounded down
 * as libharu rounds it for /W) goes to *width. */
int pdf_fontset_glyph(const pdf_fontset *fs, uint16_t slot, uint32_t cp,
                      int32_t *width);

/* An installed face with cp, opened into a new slot on first use; 0 when
 * no font on the system has it. */
int pdf_fontset_fallback(pdf_fontset *fs, uint32_t cp, uint16_t *slot);

/* The glyph drawn for a character no font has: U+25A1 □ from the first
 * role face that has it, else '?'. */
void pdf_fontset_placeholder(const pdf_fontset *fs, uint16_t *slot,
                             uint32_t *cp);

#endif
