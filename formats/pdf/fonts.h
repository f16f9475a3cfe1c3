/* fonts.h — the faces the PDF writer draws with.
 *
 * Faces are chosen by role, the convention of Chinese newspapers: a
 * style (body text in Song/Ming, headlines in a bold Hei, captions in Kai)
 * for a script (Latin, Simplified or Traditional Chinese, whose glyph
 * forms differ). Each role has an order of families it prefers (Noto
 * Serif/Sans CJK, then AR PL UMing/UKai, then WenQuanYi; Liberation for
 * Latin), looked for at the paths their Debian packages install them to,
 * then through fontconfig; a role none of them fills borrows a related
 * role's face (a caption the body's). --font, --heading-font,
 * --caption-font and --latin-font name a file or a family instead.
 *
 * A role is resolved the first time a character needs it, so an English
 * article never looks for a Chinese face. Characters no role face has are
 * looked for among the installed fonts, closest to the role's family
 * first (fallback faces get the slots after the roles'); a character no
 * font has is drawn as a placeholder.
 *
 * Every outline format fontconfig offers is used: TrueType (glyf) and
 * OpenType with CFF outlines, alone or in a collection (.ttc/.otc, the face
 * chosen by its index). Each face is opened once with HarfBuzz, which
 * shapes its text and later feeds the subsetter.
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

typedef enum pdf_face_style {
	PDF_STYLE_BODY = 0,   /* Song/Ming, a serif */
	PDF_STYLE_HEADING,    /* a bold Hei, a bold sans */
	PDF_STYLE_CAPTION,    /* Kai where installed, else the body's */
	PDF_N_STYLES
} pdf_face_style;

typedef enum pdf_face_script {
	PDF_SCRIPT_LATIN = 0,
	PDF_SCRIPT_HANS,      /* Simplified Chinese: mainland glyph forms */
	PDF_SCRIPT_HANT,      /* Traditional Chinese: Taiwan's forms */
	PDF_N_SCRIPTS
} pdf_face_script;

/* A role is a style for a script. */
typedef unsigned pdf_font_role;
#define PDF_ROLE(style, script) ((pdf_font_role)((style) * PDF_N_SCRIPTS + \
                                                 (script)))
#define PDF_N_ROLES (PDF_N_STYLES * PDF_N_SCRIPTS)

/* No face: a role nothing fills. */
#define PDF_NO_FACE UINT16_MAX

typedef struct pdf_face {
	char *path;
	unsigned index;        /* the face in a collection */
	char *name;            /* family name, for messages */
	hb_face_t *face;
	hb_font_t *font;       /* at the face's own scale (units per em) */
	unsigned upem;
	int cff;               /* CFF outlines (else TrueType) */
	hb_face_t *outlines;   /* what the subsetter reads: made on first use */
	int file_slot;         /* its file among those the process shares, or -1 */
} pdf_face;

typedef struct pdf_fontset pdf_fontset;

/* A fontset; the fonts named by opts->font, ->heading_font,
 * ->caption_font and ->latin_font are looked for now, and one that cannot
 * be used is DOCCONV_ERR_FONT naming it. The default roles are looked for
 * when first needed. */
docconv_status pdf_fontset_open(const docconv_write_opts *opts,
                                pdf_fontset **out, docconv_diag *d);
void pdf_fontset_free(pdf_fontset *fs);

/* The slot of the face for `role`, found on first use; PDF_NO_FACE when no
 * installed font can fill it (nor a role it may borrow from). */
uint16_t pdf_fontset_role(pdf_fontset *fs, pdf_font_role role);

/* DOCCONV_ERR_FONT with a message naming the families looked for and their
 * packages, for a text in `script` that no face can be found for. */
docconv_status pdf_fontset_missing(pdf_face_script script, docconv_diag *d);

size_t pdf_fontset_count(const pdf_fontset *fs);
pdf_face *pdf_fontset_face(const pdf_fontset *fs, uint16_t slot);

/* Whether the face in `slot` has cp; its advance (1/1000 em, rounded) goes
 * to *width. */
int pdf_fontset_glyph(const pdf_fontset *fs, uint16_t slot, uint32_t cp,
                      int32_t *width);

/* A face with cp: the installed font closest to `role`'s family that has
 * it, opened into a new slot unless open already. 0 when no font on the
 * system has it. */
int pdf_fontset_fallback(pdf_fontset *fs, pdf_font_role role, uint32_t cp,
                         uint16_t *slot);

/* The placeholder marks, in the order they are tried: a character no font
 * has is drawn as the first of them its face has. */
#define PDF_PLACEHOLDER_MARKS { 0x25A1, '?' }

/* The glyph drawn for a character no font has: U+25A1 □ from the face of
 * `role` or a body face, else '?' from one of them. 0 when not even that
 * exists. */
int pdf_fontset_placeholder(pdf_fontset *fs, pdf_font_role role,
                            uint16_t *slot, uint32_t *cp);

/* The face as the subsetter reads it (its outline and metric tables
 * only), made on first use; NULL when out of memory. */
hb_face_t *pdf_face_outlines(pdf_face *f);

#endif
