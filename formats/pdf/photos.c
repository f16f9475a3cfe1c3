/* photos.c — the photos of a PDF as image objects (photos.h). */
#include "photos.h"

#include <math.h>
#include <stdlib.h>

#include "formats/image/image.h"

/* The pixels a placed size needs at `dpi`, at least 1. */
static uint32_t pixels_for(double points, int dpi)
{
	double px = ceil(points * dpi / 72.0);
	return px < 1 ? 1 : (uint32_t)px;
}

static docconv_status failed(docconv_diag *d, docconv_status st,
                             const docconv_photo *p, const char *why)
{
	return docconv_fail(d, st == DOCCONV_ERR_NOMEM ? st : DOCCONV_ERR_INTERNAL,
	                    "photo %s: cannot be put in the PDF: %s", p->path,
	                    why);
}

static docconv_status haru_failed(HPDF_Doc pdf, docconv_diag *d,
                                  const docconv_photo *p)
{
	return docconv_fail(d, DOCCONV_ERR_INTERNAL,
	                    "photo %s: libharu failed to load it (error 0x%04X)",
	                    p->path, (unsigned)HPDF_GetError(pdf));
}

/* One placed photo as an image object. */
static docconv_status embed(HPDF_Doc pdf, pdf_deflater *z,
                            const pdf_placed_photo *placed, HPDF_Image *out,
                            docconv_diag *d)
{
	docconv_status st;
	char why[DOCCONV_IMAGE_WHY_MAX];
	const docconv_photo *p = placed->photo;
	docconv_image_info info;
	docconv_raster r = { 0, 0, 0, NULL };
	unsigned char *jpeg = NULL;
	size_t jpeg_len = 0;
	*out = NULL;
	if ((st = docconv_image_probe(p->data, p->size, &info, why)) !=
	    DOCCONV_OK)
		return failed(d, st, p, why);
	/* Its own size, or PDF_PHOTO_DPI at its placed size when it would
	 * keep more than PDF_PHOTO_MAX_DPI. */
	uint32_t w = p->width, h = p->height;
	if (w > pixels_for(placed->width, PDF_PHOTO_MAX_DPI)) {
		w = pixels_for(placed->width, PDF_PHOTO_DPI);
		h = (uint32_t)llround((double)p->height * w / p->width);
		h = h < 1 ? 1 : h > p->height ? p->height : h;
	}
	int as_is = info.plain_jpeg && w == p->width && h == p->height;
	if (!as_is &&
	    (st = docconv_image_decode(p->data, p->size, w, h, &r, why)) !=
	            DOCCONV_OK)
		return failed(d, st, p, why);
	if (as_is) {
		*out = HPDF_LoadJpegImageFromMem(pdf, p->data, (HPDF_UINT)p->size);
	} else if (info.format == DOCCONV_IMAGE_JPEG) {
		/* Smaller, and a JPEG still. */
		st = docconv_image_encode_jpeg(&r, PDF_PHOTO_QUALITY, &jpeg,
		                               &jpeg_len, why);
		if (st != DOCCONV_OK) {
			st = failed(d, st, p, why);
			goto out;
		}
		*out = HPDF_LoadJpegImageFromMem(pdf, jpeg, (HPDF_UINT)jpeg_len);
	} else {
		*out = HPDF_LoadRawImageFromMem(pdf, r.pixels, r.width, r.height,
		                                r.channels == 1 ? HPDF_CS_DEVICE_GRAY
		                                                : HPDF_CS_DEVICE_RGB,
		                                8);
		if (*out)
			st = pdf_haru_pack_image(*out, z, d);
	}
	if (st == DOCCONV_OK && (!*out || HPDF_GetError(pdf) != HPDF_OK))
		st = haru_failed(pdf, d, p);
out:
	free(jpeg);
	docconv_raster_free(&r);
	return st;
}

docconv_status pdf_photos_embed(HPDF_Doc pdf, pdf_deflater *z,
                                const pdf_display *dl, HPDF_Image **images,
                                docconv_diag *d)
{
	docconv_status st = DOCCONV_OK;
	*images = NULL;
	if (!dl->n_photos)
		return DOCCONV_OK;
	if (!(*images = calloc(dl->n_photos, sizeof **images)))
		return DOCCONV_ERR_NOMEM;
	for (size_t i = 0; i < dl->n_photos && st == DOCCONV_OK; i++)
		st = embed(pdf, z, &dl->photos[i], &(*images)[i], d);
	return st;
}
