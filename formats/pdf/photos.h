/* photos.h — the photos of a PDF as image objects of the document.
 *
 * A JPEG goes in as it is (the same bytes, DCTDecode) unless it is much
 * larger than needed where it is placed: past PDF_PHOTO_MAX_DPI at its
 * placed size, it is decoded, averaged down to PDF_PHOTO_DPI and encoded
 * again (libjpeg-turbo, quality PDF_PHOTO_QUALITY). A PNG, GIF or WebP is
 * decoded (libpng, giflib, libwebp: formats/image/image.h), averaged down
 * the same way when that large, its transparency laid over white as on
 * the page, and given to libharu as pixels, which the writer deflates.
 * libharu's own PNG loader is not used: 2.3.0's reads packed palette rows
 * with transparency past their end.
 */
#ifndef DOCCONV_PDF_PHOTOS_H
#define DOCCONV_PDF_PHOTOS_H

#include <hpdf.h>

#include "compose.h"
#include "haru_fix.h"

/* Resolution a photo is brought down to, and the most it may keep, at the
 * size it is placed: 200 dpi prints a newspaper photo as sharply as the
 * paper's own screen; above 300, nothing more can be seen. */
#define PDF_PHOTO_DPI 200
#define PDF_PHOTO_MAX_DPI 300
/* JPEG quality of a photo encoded again: no visible loss at that size. */
#define PDF_PHOTO_QUALITY 85

/* One image object per placed photo of the display list: (*images)[i] is
 * dl->photos[i] (a new array; the objects are the document's). */
docconv_status pdf_photos_embed(HPDF_Doc pdf, pdf_deflater *z,
                                const pdf_display *dl, HPDF_Image **images,
                                docconv_diag *d);

#endif
