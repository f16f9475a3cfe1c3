/* image.h — photos: telling their format, checking them, and decoding them
 * for the PDF writer.
 *
 * Telling a format by its first bytes and a photo by its file name costs
 * nothing and needs no library. Checking and decoding go through
 * well-kept libraries (libjpeg-turbo, libpng, giflib, libwebp) in a
 * module, docconv-image.so (formats/module.h), which a run loads only when
 * an article has photos: a run without photos pays nothing for them.
 *
 * A photo is checked by decoding every pixel of it once (JPEG at an
 * eighth of its size, which still reads all its data): a truncated or
 * damaged file, one the library warns about, one past a limit below, is
 * refused with the reason, before any output is written.
 *
 * Limits: a picture is at most DOCCONV_IMAGE_MAX_SIDE pixels on a side and
 * DOCCONV_IMAGE_MAX_PIXELS in all (every frame of an animation counted),
 * read from files of at most DOCCONV_IMAGE_MAX_BYTES, decoded within
 * DOCCONV_IMAGE_MAX_MEMORY of working memory. The sizes a header declares
 * are checked before anything is decoded, so a small file declaring a
 * huge picture (a pixel bomb) costs nothing.
 */
#ifndef DOCCONV_IMAGE_H
#define DOCCONV_IMAGE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "conv/core/diag.h"

/* A photo file: a newspaper's full-size JPEGs are a few megabytes; a file
 * over this is a print master or not a photo. */
#define DOCCONV_IMAGE_MAX_BYTES ((size_t)32 << 20)
/* Pixels on a side: wider than the widest camera frame (about 14,000), so
 * only a panorama strip or a bomb is refused. */
#define DOCCONV_IMAGE_MAX_SIDE 20000u
/* Pixels in all (50 megapixels: the largest press cameras), every frame of
 * an animated GIF counted: what decoding one photo may cost in time. */
#define DOCCONV_IMAGE_MAX_PIXELS 50000000ull
/* Working memory of one decoder: a progressive JPEG keeps its
 * coefficients (6 bytes a pixel), an interlaced PNG or a WebP its whole
 * picture (4 bytes a pixel). */
#define DOCCONV_IMAGE_MAX_MEMORY ((size_t)320 << 20)
/* A reason, for a warning that names the file before it. */
#define DOCCONV_IMAGE_WHY_MAX 256

typedef enum docconv_image_format {
	DOCCONV_IMAGE_NONE = 0,     /* not a picture we can tell */
	/* What a book can hold (EPUB core media types). */
	DOCCONV_IMAGE_JPEG,
	DOCCONV_IMAGE_PNG,
	DOCCONV_IMAGE_GIF,
	DOCCONV_IMAGE_WEBP,
	/* Pictures told apart only to name them when refusing them. */
	DOCCONV_IMAGE_TIFF,
	DOCCONV_IMAGE_BMP,
	DOCCONV_IMAGE_HEIF,         /* HEIC and AVIF */
	DOCCONV_IMAGE_JPEG2000,
	DOCCONV_IMAGE_JPEGXL,
	DOCCONV_IMAGE_SVG
} docconv_image_format;

/* The format of a file by its first bytes (at least 32 are enough). */
docconv_image_format docconv_image_sniff(const unsigned char *head, size_t n);
/* "JPEG", "PNG", ..., "not an image". */
const char *docconv_image_format_name(docconv_image_format f);
/* "image/jpeg" and the like for the formats a book can hold; NULL for the
 * others. */
const char *docconv_image_media_type(docconv_image_format f);
/* The format a media type names (the inverse of the above). */
docconv_image_format docconv_image_format_of(const char *media_type);
/* "jpg", "png", "gif", "webp": the extension of a file in a book. */
const char *docconv_image_extension(docconv_image_format f);
/* Whether a file name ends like a picture's (.jpg, .jpeg, .png, .gif,
 * .webp, and the refused ones: .tif, .heic, ...): a photo is looked for
 * among these. */
int docconv_image_has_extension(const char *name);

typedef struct docconv_image_info {
	docconv_image_format format;
	uint32_t width, height;
	int components;          /* 1 grey, 3 colour, 4 CMYK (JPEG only) */
	int alpha;               /* some pixels are transparent */
	/* An 8-bit, Huffman-coded JPEG in grey, colour, or CMYK with Adobe's
	 * marker: what a PDF holds as it is (DCTDecode). */
	int plain_jpeg;
} docconv_image_info;

/* Decodes the whole file to check it (see the header comment), without
 * keeping the pixels. DOCCONV_OK with *info; DOCCONV_ERR_INPUT (a bad or
 * unsupported file) or DOCCONV_ERR_LIMIT with the reason in why[];
 * DOCCONV_ERR_NOMEM; DOCCONV_ERR_INTERNAL when the module cannot be
 * loaded (why says so). */
docconv_status docconv_image_check(const unsigned char *bytes, size_t n,
                                   docconv_image_info *info,
                                   char why[DOCCONV_IMAGE_WHY_MAX]);

/* What a JPEG's header says (*info), without decoding it; any other
 * format gives its format only. Errors as for docconv_image_check. */
docconv_status docconv_image_probe(const unsigned char *bytes, size_t n,
                                   docconv_image_info *info,
                                   char why[DOCCONV_IMAGE_WHY_MAX]);

/* 8-bit pixels, rows top to bottom, no padding. */
typedef struct docconv_raster {
	uint32_t width, height;
	int channels;            /* 1 grey, 3 RGB */
	unsigned char *pixels;
} docconv_raster;

/* Decodes a checked photo (JPEG, PNG, GIF: its first frame, WebP) to
 * exactly width x height pixels (at most the photo's own size: each is the
 * average of the pixels it covers), grey or RGB as the photo is (CMYK made
 * RGB), transparency laid over white as on the page. Errors as for
 * docconv_image_check. */
docconv_status docconv_image_decode(const unsigned char *bytes, size_t n,
                                    uint32_t width, uint32_t height,
                                    docconv_raster *out,
                                    char why[DOCCONV_IMAGE_WHY_MAX]);
void docconv_raster_free(docconv_raster *r);

/* A raster as a baseline JPEG of the given quality (1..100), in a new
 * buffer (free it). Errors as for docconv_image_check. */
docconv_status docconv_image_encode_jpeg(const docconv_raster *r, int quality,
                                         unsigned char **out, size_t *n,
                                         char why[DOCCONV_IMAGE_WHY_MAX]);

/* The libraries' versions, one a line (--version). */
void docconv_image_versions(FILE *f);

#endif
