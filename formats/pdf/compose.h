/* compose.h — typesetting a book into a display list of pages.
 *
 * The composer walks each document of a book, gives every block its style
 * (the kicker small, the title large in the heading face, subheads with
 * space above, figures as their photo with the caption under it, or the
 * caption alone, set off by a bar, when there is no photo), picks a face for every
 * character, shapes the runs (shape.h), breaks and places lines
 * (layout.h), paginates, and adds the running head and the page number.
 * What comes out is font slots, glyphs with the characters they stand for,
 * and coordinates: pdf.c only has to draw it, so everything up to here runs
 * without libharu.
 */
#ifndef DOCCONV_PDF_COMPOSE_H
#define DOCCONV_PDF_COMPOSE_H

#include <stddef.h>
#include <stdint.h>

#include "conv/core/doc.h"
#include "formats/formats.h"
#include "fonts.h"

/* A glyph of a text operation, and the characters it stands for in the
 * text layer (a placeholder box stands for the character no font has). */
typedef struct pdf_drawn {
	uint32_t gid;        /* in the operation's font */
	uint32_t text;       /* its characters: chars[text .. text + n_text) */
	uint32_t n_text;     /* may be 0: see shape.h */
	/* A span starts here (see shape.h): this glyph and the
	 * span_glyphs - 1 after it stand together for
	 * chars[span_text .. span_text + span_n) (an ActualText). */
	uint32_t span_glyphs, span_text, span_n;
	float x, y;          /* from the operation's origin, points */
} pdf_drawn;

typedef enum pdf_op_kind {
	PDF_OP_TEXT,     /* chars at x, y (baseline) in font/size */
	PDF_OP_FRAME,    /* the frame standing for a photo: x, y, w, h */
	PDF_OP_RULE,     /* a horizontal hairline from x to x + w at y */
	PDF_OP_IMAGE,    /* photos[first] drawn into x, y, w, h */
	PDF_OP_BAR       /* a filled bar x, y, w, h in gray (by a caption) */
} pdf_op_kind;

typedef struct pdf_op {
	pdf_op_kind kind;
	size_t page;
	uint8_t phase;       /* 0 running head, 1 body, 2 footer: draw order */
	uint16_t font;       /* text: font slot */
	float size;          /* text: font size */
	float x, y, w, h;    /* points, PDF coordinates (origin bottom left) */
	float gray;          /* 0 black .. 1 white */
	size_t first, count; /* text: glyphs[first .. first + count) */
} pdf_op;

/* An outline entry: an article (level 0) or a subhead (level 1). */
typedef struct pdf_mark {
	int level;
	char *title;         /* UTF-8 */
	size_t page;
	float top;           /* PDF coordinate of the entry's top */
} pdf_mark;

/* A photo as placed: its size on the page, in points. */
typedef struct pdf_placed_photo {
	const docconv_photo *photo;
	double width, height;
} pdf_placed_photo;

typedef struct pdf_display {
	double page_width, page_height;
	size_t n_pages;
	pdf_op *ops;         /* grouped by page, then phase, in reading order */
	size_t n_ops, cap_ops;
	pdf_drawn *glyphs;
	size_t n_glyphs, cap_glyphs;
	uint32_t *chars;     /* the text the glyphs stand for: code points */
	size_t n_chars, cap_chars;
	pdf_mark *marks;
	size_t n_marks, cap_marks;
	pdf_placed_photo *photos;
	size_t n_photos, cap_photos;
	size_t *doc_first_page;   /* per document of the book */
} pdf_display;

/* Typesets the whole book; with `photo_frames`, a caption without its
 * photo gets a frame where the photo would be. Warnings (a character no
 * font has) go to d. */
docconv_status pdf_compose(const docconv_book *book, pdf_fontset *fs,
                           docconv_paper paper, int photo_frames,
                           pdf_display *out, docconv_diag *d);
void pdf_display_free(pdf_display *dl);

#endif
