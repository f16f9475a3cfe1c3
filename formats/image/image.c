/* image.c — telling a photo's format by its first bytes or its name, and
 * the checking and decoding reached through the image module (codecs.c),
 * loaded on first use; or through the same code linked in, as the tests
 * and the PDF writer's module link it.
 */
#include "ops.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "formats/module.h"

/* Set when codecs.c is linked in. */
extern const docconv_image_ops docconv_image_codecs __attribute__((weak));

static const char *const image_symbol_names[] = { "docconv_image_codecs" };
static void *image_symbols[1];
static docconv_module image_module = DOCCONV_MODULE_INIT(
	"docconv-image.so", image_symbol_names, image_symbols, 1);

static const docconv_image_ops *ops(char why[DOCCONV_IMAGE_WHY_MAX])
{
	if (&docconv_image_codecs)
		return &docconv_image_codecs;
	if (docconv_module_load(&image_module))
		return image_symbols[0];
	snprintf(why, DOCCONV_IMAGE_WHY_MAX,
	         "the image decoders cannot be loaded: %.200s", image_module.why);
	return NULL;
}

/* --- formats ---------------------------------------------------------- */

static const struct {
	docconv_image_format format;
	const char *name, *media_type, *extension;
} formats[] = {
	{ DOCCONV_IMAGE_NONE, "not an image", NULL, NULL },
	{ DOCCONV_IMAGE_JPEG, "JPEG", "image/jpeg", "jpg" },
	{ DOCCONV_IMAGE_PNG, "PNG", "image/png", "png" },
	{ DOCCONV_IMAGE_GIF, "GIF", "image/gif", "gif" },
	{ DOCCONV_IMAGE_WEBP, "WebP", "image/webp", "webp" },
	{ DOCCONV_IMAGE_TIFF, "TIFF", NULL, NULL },
	{ DOCCONV_IMAGE_BMP, "BMP", NULL, NULL },
	{ DOCCONV_IMAGE_HEIF, "HEIF/AVIF", NULL, NULL },
	{ DOCCONV_IMAGE_JPEG2000, "JPEG 2000", NULL, NULL },
	{ DOCCONV_IMAGE_JPEGXL, "JPEG XL", NULL, NULL },
	{ DOCCONV_IMAGE_SVG, "SVG", NULL, NULL },
};
#define N_FORMATS (sizeof formats / sizeof *formats)

static int starts(const unsigned char *h, size_t n, size_t at, const char *m,
                  size_t len)
{
	return n >= at + len && memcmp(h + at, m, len) == 0;
}

docconv_image_format docconv_image_sniff(const unsigned char *h, size_t n)
{
	if (starts(h, n, 0, "\xFF\xD8\xFF", 3))
		return DOCCONV_IMAGE_JPEG;
	if (starts(h, n, 0, "\x89PNG\r\n\x1A\n", 8))
		return DOCCONV_IMAGE_PNG;
	if (starts(h, n, 0, "GIF87a", 6) || starts(h, n, 0, "GIF89a", 6))
		return DOCCONV_IMAGE_GIF;
	if (starts(h, n, 0, "RIFF", 4) && starts(h, n, 8, "WEBP", 4))
		return DOCCONV_IMAGE_WEBP;
	if (starts(h, n, 0, "II*\0", 4) || starts(h, n, 0, "MM\0*", 4))
		return DOCCONV_IMAGE_TIFF;
	if (starts(h, n, 0, "BM", 2) && n >= 26)
		return DOCCONV_IMAGE_BMP;
	if (starts(h, n, 4, "ftyp", 4) &&
	    (starts(h, n, 8, "heic", 4) || starts(h, n, 8, "heix", 4) ||
	     starts(h, n, 8, "mif1", 4) || starts(h, n, 8, "msf1", 4) ||
	     starts(h, n, 8, "avif", 4) || starts(h, n, 8, "avis", 4)))
		return DOCCONV_IMAGE_HEIF;
	if (starts(h, n, 0, "\0\0\0\x0CjP  \r\n\x87\n", 12) ||
	    starts(h, n, 0, "\xFF\x4F\xFF\x51", 4))
		return DOCCONV_IMAGE_JPEG2000;
	if (starts(h, n, 0, "\xFF\x0A", 2) ||
	    starts(h, n, 0, "\0\0\0\x0CJXL \r\n\x87\n", 12))
		return DOCCONV_IMAGE_JPEGXL;
	/* An SVG is XML: "<svg" near the start, after a declaration. */
	for (size_t i = 0; i + 4 <= n && i < 256; i++)
		if (memcmp(h + i, "<svg", 4) == 0)
			return DOCCONV_IMAGE_SVG;
	return DOCCONV_IMAGE_NONE;
}

const char *docconv_image_format_name(docconv_image_format f)
{
	return (size_t)f < N_FORMATS ? formats[f].name : formats[0].name;
}

const char *docconv_image_media_type(docconv_image_format f)
{
	return (size_t)f < N_FORMATS ? formats[f].media_type : NULL;
}

docconv_image_format docconv_image_format_of(const char *media_type)
{
	for (size_t i = 0; media_type && i < N_FORMATS; i++)
		if (formats[i].media_type &&
		    strcmp(formats[i].media_type, media_type) == 0)
			return formats[i].format;
	return DOCCONV_IMAGE_NONE;
}

const char *docconv_image_extension(docconv_image_format f)
{
	return (size_t)f < N_FORMATS ? formats[f].extension : NULL;
}

int docconv_image_has_extension(const char *name)
{
	static const char *const extensions[] = {
		"jpg", "jpeg", "jpe", "jfif", "png", "gif", "webp", "tif",
		"tiff", "bmp", "heic", "heif", "avif", "jp2", "jpx", "jxl", "svg",
	};
	const char *slash = strrchr(name, '/');
	const char *dot = strrchr(slash ? slash + 1 : name, '.');
	if (!dot || dot == (slash ? slash + 1 : name))
		return 0;
	for (size_t i = 0; i < sizeof extensions / sizeof *extensions; i++)
		if (strcasecmp(dot + 1, extensions[i]) == 0)
			return 1;
	return 0;
}

/* --- through the module ------------------------------------------------ */

docconv_status docconv_image_check(const unsigned char *bytes, size_t n,
                                   docconv_image_info *info,
                                   char why[DOCCONV_IMAGE_WHY_MAX])
{
	const docconv_image_ops *o = ops(why);
	return o ? o->check(bytes, n, info, why) : DOCCONV_ERR_INTERNAL;
}

docconv_status docconv_image_probe(const unsigned char *bytes, size_t n,
                                   docconv_image_info *info,
                                   char why[DOCCONV_IMAGE_WHY_MAX])
{
	const docconv_image_ops *o = ops(why);
	return o ? o->probe(bytes, n, info, why) : DOCCONV_ERR_INTERNAL;
}

docconv_status docconv_image_decode(const unsigned char *bytes, size_t n,
                                    uint32_t width, uint32_t height,
                                    docconv_raster *out,
                                    char why[DOCCONV_IMAGE_WHY_MAX])
{
	const docconv_image_ops *o = ops(why);
	return o ? o->decode(bytes, n, width, height, out, why)
	         : DOCCONV_ERR_INTERNAL;
}

docconv_status docconv_image_encode_jpeg(const docconv_raster *r, int quality,
                                         unsigned char **out, size_t *n,
                                         char why[DOCCONV_IMAGE_WHY_MAX])
{
	const docconv_image_ops *o = ops(why);
	return o ? o->encode_jpeg(r, quality, out, n, why) : DOCCONV_ERR_INTERNAL;
}

void docconv_raster_free(docconv_raster *r)
{
	if (!r)
		return;
	free(r->pixels);
	r->pixels = NULL;
}

void docconv_image_versions(FILE *f)
{
	char why[DOCCONV_IMAGE_WHY_MAX];
	const docconv_image_ops *o = ops(why);
	if (o)
		o->versions(f);
	else
		fprintf(f, "%s\n", why);
}
