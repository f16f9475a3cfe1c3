/* codecs.c — the image module: checking and decoding photos with
 * libjpeg-turbo, libpng, giflib and libwebp, and encoding a JPEG with
 * libjpeg-turbo (image.h says what each does and the limits).
 *
 * Every decoder works row by row where its format allows, and hands rows
 * to one scaler, which averages them down to the size asked for, so a
 * large photo never needs its whole picture in memory (an interlaced PNG,
 * a GIF's canvas and a WebP do; their size is held to the limits). The
 * libraries report errors by longjmp (libjpeg, libpng) or by status
 * (giflib, libwebp); each becomes a reason in why[].
 */
#include "ops.h"

#include <gif_lib.h>
#include <jpeglib.h>
#include <jerror.h>
#include <png.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <webp/decode.h>

/* Bytes an ancillary PNG chunk (a text, a colour profile) may take:
 * compressed text can otherwise inflate without end. */
#define PNG_CHUNK_MAX ((png_alloc_size_t)8 << 20)

static void say(char why[DOCCONV_IMAGE_WHY_MAX], const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

static void say(char why[DOCCONV_IMAGE_WHY_MAX], const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, DOCCONV_IMAGE_WHY_MAX, fmt, ap);
	va_end(ap);
}

/* The size a header declares, against the limits. */
static docconv_status check_size(const char *format, uint64_t width,
                                 uint64_t height,
                                 char why[DOCCONV_IMAGE_WHY_MAX])
{
	if (width == 0 || height == 0) {
		say(why, "a %s of no pixels", format);
		return DOCCONV_ERR_INPUT;
	}
	if (width > DOCCONV_IMAGE_MAX_SIDE || height > DOCCONV_IMAGE_MAX_SIDE ||
	    width * height > DOCCONV_IMAGE_MAX_PIXELS) {
		say(why, "a %s of %llu x %llu pixels, over the limit of %u on a "
		    "side and %llu in all", format, (unsigned long long)width,
		    (unsigned long long)height, DOCCONV_IMAGE_MAX_SIDE,
		    DOCCONV_IMAGE_MAX_PIXELS);
		return DOCCONV_ERR_LIMIT;
	}
	return DOCCONV_OK;
}

/* --- the scaler ------------------------------------------------------- */

/* Takes rows of the source (grey, grey+alpha, RGB or RGBA) in order and
 * makes rows of the destination, each pixel the mean of the source pixels
 * it covers; transparency is laid over white first. Without a raster to
 * fill (checking only), rows are taken and dropped. */
typedef struct scaler {
	docconv_raster *out;
	uint32_t src_w, src_h;
	int in_channels;         /* 1..4 */
	uint32_t *col;           /* source column -> destination column */
	uint32_t *span;          /* destination column -> source columns */
	uint64_t *sum;           /* one destination row being summed */
	uint32_t rows;           /* source rows in it */
	uint32_t y;              /* the next source row */
} scaler;

static docconv_status scaler_init(scaler *s, docconv_raster *out,
                                  uint32_t src_w, uint32_t src_h,
                                  int in_channels)
{
	memset(s, 0, sizeof *s);
	s->out = out;
	s->src_w = src_w;
	s->src_h = src_h;
	s->in_channels = in_channels;
	if (!out)
		return DOCCONV_OK;
	if (out->width == 0 || out->height == 0 || out->width > src_w ||
	    out->height > src_h)
		return DOCCONV_ERR_INTERNAL;
	out->channels = in_channels <= 2 ? 1 : 3;
	size_t row = (size_t)out->width * (size_t)out->channels;
	out->pixels = malloc(row * out->height);
	s->col = malloc(src_w * sizeof *s->col);
	s->span = calloc(out->width, sizeof *s->span);
	s->sum = calloc(row, sizeof *s->sum);
	if (!out->pixels || !s->col || !s->span || !s->sum)
		return DOCCONV_ERR_NOMEM;
	for (uint32_t x = 0; x < src_w; x++) {
		s->col[x] = (uint32_t)((uint64_t)x * out->width / src_w);
		s->span[s->col[x]]++;
	}
	return DOCCONV_OK;
}

static void scaler_free(scaler *s)
{
	free(s->col);
	free(s->span);
	free(s->sum);
}

/* Over white: what the pixel looks like on the page. */
static unsigned over_white(unsigned v, unsigned a)
{
	return (v * a + 255u * (255u - a) + 127u) / 255u;
}

static void scaler_row(scaler *s, const unsigned char *src)
{
	docconv_raster *o = s->out;
	if (!o || s->y >= s->src_h)
		return;
	int ic = s->in_channels, oc = o->channels;
	int colour = ic >= 3, alpha = ic == 2 || ic == 4;
	for (uint32_t x = 0; x < s->src_w; x++) {
		const unsigned char *p = src + (size_t)x * (size_t)ic;
		uint64_t *acc = s->sum + (size_t)s->col[x] * (size_t)oc;
		unsigned a = alpha ? p[ic - 1] : 255u;
		for (int c = 0; c < oc; c++)
			acc[c] += over_white(p[colour ? c : 0], a);
	}
	s->rows++;
	uint32_t oy = (uint32_t)((uint64_t)s->y * o->height / s->src_h);
	s->y++;
	int last = s->y == s->src_h ||
	           (uint32_t)((uint64_t)s->y * o->height / s->src_h) != oy;
	if (!last)
		return;
	unsigned char *dst = o->pixels + (size_t)oy * o->width * (size_t)oc;
	for (uint32_t x = 0; x < o->width; x++) {
		uint64_t n = (uint64_t)s->span[x] * s->rows;
		for (int c = 0; c < oc; c++) {
			uint64_t *acc = &s->sum[(size_t)x * (size_t)oc + (size_t)c];
			dst[(size_t)x * (size_t)oc + (size_t)c] =
				(unsigned char)((*acc + n / 2) / n);
			*acc = 0;
		}
	}
	s->rows = 0;
}

/* --- JPEG --------------------------------------------------------------- */

typedef struct jpeg_fail {
	struct jpeg_error_mgr mgr;
	jmp_buf jump;
	char *why;
	int damaged;             /* a warning about the data was given */
} jpeg_fail;

static void jpeg_error_exit(j_common_ptr c)
{
	jpeg_fail *f = (jpeg_fail *)c->err;
	char msg[JMSG_LENGTH_MAX];
	c->err->format_message(c, msg);
	say(f->why, "a damaged JPEG (%s)", msg);
	longjmp(f->jump, 1);
}

/* libjpeg warns, and goes on, where the data is damaged (a truncated
 * file, a bad Huffman code, extra bytes): the photo would show grey or
 * smeared areas, so each such warning refuses it. Warnings about
 * metadata only do not. */
static void jpeg_emit(j_common_ptr c, int level)
{
	jpeg_fail *f = (jpeg_fail *)c->err;
	int code = c->err->msg_code;
	if (level >= 0 || code == JWRN_ADOBE_XFORM || code == JWRN_JFIF_MAJOR ||
	    f->damaged)
		return;
	char msg[JMSG_LENGTH_MAX];
	c->err->format_message(c, msg);
	say(f->why, "a damaged JPEG (%s)", msg);
	f->damaged = 1;
}

/* Makes a decoder whose errors come back to f->jump with the reason in
 * why[]. */
static void jpeg_open(struct jpeg_decompress_struct *c, jpeg_fail *f,
                      char why[DOCCONV_IMAGE_WHY_MAX])
{
	memset(f, 0, sizeof *f);
	c->err = jpeg_std_error(&f->mgr);
	f->mgr.error_exit = jpeg_error_exit;
	f->mgr.emit_message = jpeg_emit;
	f->why = why;
	jpeg_create_decompress(c);
	/* With no backing store, past this libjpeg fails instead of
	 * allocating. */
	c->mem->max_memory_to_use = (long)DOCCONV_IMAGE_MAX_MEMORY;
}

/* CMYK (as Adobe writes it, inverted, or plainly) made RGB in place: a
 * row of 4-byte pixels becomes one of 3. No colour management: what a
 * press CMYK photo needs to look right is past what docconv does. */
static void cmyk_to_rgb(JSAMPROW row, JDIMENSION width, int inverted)
{
	for (JDIMENSION x = 0; x < width; x++) {
		unsigned c = row[4 * x], m = row[4 * x + 1], y = row[4 * x + 2],
		         k = row[4 * x + 3];
		if (!inverted) {
			c = 255 - c;
			m = 255 - m;
			y = 255 - y;
			k = 255 - k;
		}
		row[3 * x] = (JSAMPLE)(c * k / 255);
		row[3 * x + 1] = (JSAMPLE)(m * k / 255);
		row[3 * x + 2] = (JSAMPLE)(y * k / 255);
	}
}

/* Reads every scanline into the scaler; `cmyk` 1 or 2 (inverted) makes
 * CMYK rows RGB first. */
static void jpeg_rows(struct jpeg_decompress_struct *c, scaler *s,
                      JSAMPROW row, int cmyk)
{
	while (c->output_scanline < c->output_height) {
		if (jpeg_read_scanlines(c, &row, 1) != 1)
			break;
		if (cmyk)
			cmyk_to_rgb(row, c->output_width, cmyk == 2);
		scaler_row(s, row);
	}
	jpeg_finish_decompress(c);
}

/* Probes, checks (out NULL) or decodes to out->width x out->height. */
static docconv_status jpeg_run(const unsigned char *bytes, size_t n,
                               docconv_image_info *info, docconv_raster *out,
                               int probe, char why[DOCCONV_IMAGE_WHY_MAX])
{
	struct jpeg_decompress_struct c;
	jpeg_fail f;
	/* volatile: set after setjmp, read after the longjmp back to it */
	JSAMPROW volatile row = NULL;
	scaler s;
	memset(&s, 0, sizeof s);
	docconv_status volatile st = DOCCONV_ERR_INPUT;
	jpeg_open(&c, &f, why);
	if (setjmp(f.jump))
		goto out;
	jpeg_mem_src(&c, bytes, (unsigned long)n);
	jpeg_read_header(&c, TRUE);
	if ((st = check_size("JPEG", c.image_width, c.image_height, why)) !=
	    DOCCONV_OK)
		goto out;
	st = DOCCONV_ERR_INPUT;
	if (info) {
		info->width = c.image_width;
		info->height = c.image_height;
		info->components = c.num_components;
		info->alpha = 0;
		info->plain_jpeg = c.data_precision == 8 && !c.arith_code &&
		                   (c.num_components == 1 || c.num_components == 3 ||
		                    (c.num_components == 4 && c.saw_Adobe_marker));
	}
	if (probe) {
		st = DOCCONV_OK;
		goto out;
	}
	if (!out) {
		/* An eighth of the size reads every byte of the data at a
		 * fraction of the cost. */
		c.scale_num = 1;
		c.scale_denom = 8;
		c.dct_method = JDCT_IFAST;
		c.do_fancy_upsampling = FALSE;
	} else {
		c.out_color_space = c.jpeg_color_space == JCS_GRAYSCALE ? JCS_GRAYSCALE
		                  : c.num_components == 4 ? JCS_CMYK : JCS_RGB;
		/* The smallest eighth of the size still at least as large as
		 * wanted: the rest is averaged. */
		c.scale_denom = 8;
		for (c.scale_num = 1; c.scale_num < 8; c.scale_num++) {
			jpeg_calc_output_dimensions(&c);
			if (c.output_width >= out->width &&
			    c.output_height >= out->height)
				break;
		}
	}
	jpeg_start_decompress(&c);
	if (!(row = malloc((size_t)c.output_width *
	                   (size_t)c.output_components))) {
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	int cmyk = out && c.output_components == 4;
	if ((st = scaler_init(&s, out, c.output_width, c.output_height,
	                      cmyk ? 3 : c.output_components)) != DOCCONV_OK)
		goto out;
	st = DOCCONV_ERR_INPUT;
	jpeg_rows(&c, &s, row, cmyk ? (c.saw_Adobe_marker ? 2 : 1) : 0);
	if (!f.damaged)
		st = DOCCONV_OK;
out:
	jpeg_destroy_decompress(&c);
	scaler_free(&s);
	free(row);
	return st;
}

/* --- PNG ---------------------------------------------------------------- */

typedef struct png_src {
	const unsigned char *at;
	size_t left;
	char *why;
} png_src;

static void png_read_bytes(png_structp p, png_bytep data, png_size_t n)
{
	png_src *s = png_get_io_ptr(p);
	if (n > s->left)
		png_error(p, "the file ends early");
	memcpy(data, s->at, n);
	s->at += n;
	s->left -= n;
}

static void png_fail(png_structp p, png_const_charp msg)
{
	png_src *s = png_get_io_ptr(p);
	say(s->why, "a damaged PNG (%s)", msg);
	png_longjmp(p, 1);
}

/* Warnings are about ancillary chunks libpng then leaves out. */
static void png_note(png_structp p, png_const_charp msg)
{
	(void)p;
	(void)msg;
}

static docconv_status png_run(const unsigned char *bytes, size_t n,
                              docconv_image_info *info, docconv_raster *out,
                              char why[DOCCONV_IMAGE_WHY_MAX])
{
	png_src src = { bytes, n, why };
	png_structp p = NULL;
	png_infop pi = NULL;
	png_bytep volatile row = NULL;
	png_bytepp volatile rows = NULL;
	uint32_t volatile height = 0;
	scaler s;
	memset(&s, 0, sizeof s);
	docconv_status volatile st = DOCCONV_ERR_INPUT;
	if (!(p = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, NULL,
	                                 NULL)) ||
	    !(pi = png_create_info_struct(p))) {
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	png_set_error_fn(p, NULL, png_fail, png_note);
	png_set_read_fn(p, &src, png_read_bytes);
	if (setjmp(png_jmpbuf(p)))
		goto out;
	/* libpng's own limit on a side (a million) stands; ours is checked
	 * below with a message that says it. */
	png_set_chunk_malloc_max(p, PNG_CHUNK_MAX);
	png_read_info(p, pi);
	uint32_t width = png_get_image_width(p, pi);
	height = png_get_image_height(p, pi);
	int type = png_get_color_type(p, pi);
	if ((st = check_size("PNG", width, height, why)) != DOCCONV_OK)
		goto out;
	st = DOCCONV_ERR_INPUT;
	if (info) {
		info->width = width;
		info->height = height;
		info->components = type & PNG_COLOR_MASK_COLOR ? 3 : 1;
		info->alpha = (type & PNG_COLOR_MASK_ALPHA) ||
		              png_get_valid(p, pi, PNG_INFO_tRNS);
	}
	png_set_expand(p);
	png_set_strip_16(p);
	int passes = png_set_interlace_handling(p);
	png_read_update_info(p, pi);
	int channels = png_get_channels(p, pi);
	size_t rowbytes = png_get_rowbytes(p, pi);
	if ((st = scaler_init(&s, out, width, height, channels)) != DOCCONV_OK)
		goto out;
	st = DOCCONV_ERR_INPUT;   /* what a longjmp from here on means */
	if (passes > 1 && out) {
		/* An interlaced picture comes whole only after its last pass. */
		if (rowbytes * height > DOCCONV_IMAGE_MAX_MEMORY) {
			say(why, "an interlaced PNG too large to decode");
			st = DOCCONV_ERR_LIMIT;
			goto out;
		}
		st = DOCCONV_ERR_NOMEM;
		if (!(rows = calloc(height, sizeof *rows)))
			goto out;
		for (uint32_t y = 0; y < height; y++)
			if (!(rows[y] = malloc(rowbytes)))
				goto out;
		st = DOCCONV_ERR_INPUT;
		png_read_image(p, rows);
		for (uint32_t y = 0; y < height; y++)
			scaler_row(&s, rows[y]);
	} else {
		if (!(row = malloc(rowbytes))) {
			st = DOCCONV_ERR_NOMEM;
			goto out;
		}
		/* Checking an interlaced one: each pass read over the same
		 * row, every byte decoded. */
		for (int pass = 0; pass < passes; pass++)
			for (uint32_t y = 0; y < height; y++) {
				png_read_row(p, row, NULL);
				scaler_row(&s, row);
			}
	}
	png_read_end(p, NULL);
	st = DOCCONV_OK;
out:
	png_destroy_read_struct(&p, &pi, NULL);
	for (uint32_t y = 0; rows && y < height; y++)
		free(rows[y]);
	free(rows);
	free(row);
	scaler_free(&s);
	return st;
}

/* --- GIF ---------------------------------------------------------------- */

typedef struct gif_src {
	const unsigned char *at;
	size_t left;
} gif_src;

static int gif_read_bytes(GifFileType *g, GifByteType *buf, int n)
{
	gif_src *s = g->UserData;
	size_t k = (size_t)n < s->left ? (size_t)n : s->left;
	memcpy(buf, s->at, k);
	s->at += k;
	s->left -= k;
	return (int)k;
}

static docconv_status gif_error(int code, char why[DOCCONV_IMAGE_WHY_MAX])
{
	const char *e = GifErrorString(code);
	say(why, "a damaged GIF (%s)", e ? e : "unknown error");
	return code == D_GIF_ERR_NOT_ENOUGH_MEM ? DOCCONV_ERR_NOMEM
	                                        : DOCCONV_ERR_INPUT;
}

/* The transparent colour a Graphic Control extension names, or -1. */
static int gif_transparent(const GifByteType *ext)
{
	return ext && ext[0] >= 4 && (ext[1] & 1) ? ext[4] : -1;
}

/* The first frame, over white, onto the canvas (RGB, screen size). */
static void gif_paint(unsigned char *canvas, const GifFileType *g,
                      const ColorMapObject *map, int transparent,
                      const GifByteType *line, uint32_t y)
{
	const GifImageDesc *d = &g->Image;
	if (y + (uint32_t)d->Top >= (uint32_t)g->SHeight)
		return;
	for (int x = 0; x < d->Width && x + d->Left < g->SWidth; x++) {
		unsigned char *px = canvas + 3 * ((size_t)(y + (uint32_t)d->Top) *
		                                  (size_t)g->SWidth +
		                                  (size_t)(x + d->Left));
		int i = line[x];
		if (i == transparent)
			continue;
		const GifColorType *c = i < map->ColorCount ? &map->Colors[i]
		                                             : &map->Colors[0];
		px[0] = c->Red;
		px[1] = c->Green;
		px[2] = c->Blue;
	}
}

static docconv_status gif_frame(GifFileType *g, uint64_t *pixels,
                                unsigned char *canvas, int transparent,
                                char why[DOCCONV_IMAGE_WHY_MAX])
{
	static const int start[] = { 0, 4, 2, 1 }, step[] = { 8, 8, 4, 2 };
	docconv_status st = DOCCONV_OK;
	GifByteType *line = NULL;
	if (DGifGetImageDesc(g) == GIF_ERROR)
		return gif_error(g->Error, why);
	const GifImageDesc *d = &g->Image;
	const ColorMapObject *map = d->ColorMap ? d->ColorMap : g->SColorMap;
	*pixels += (uint64_t)d->Width * (uint64_t)d->Height;
	if (d->Width <= 0 || d->Height <= 0 || !map ||
	    (uint64_t)d->Width > DOCCONV_IMAGE_MAX_SIDE ||
	    (uint64_t)d->Height > DOCCONV_IMAGE_MAX_SIDE) {
		say(why, "a damaged GIF (a frame of %d x %d pixels%s)", d->Width,
		    d->Height, map ? "" : " with no colours");
		return DOCCONV_ERR_INPUT;
	}
	if (*pixels > DOCCONV_IMAGE_MAX_PIXELS) {
		say(why, "a GIF whose frames hold over %llu pixels in all",
		    DOCCONV_IMAGE_MAX_PIXELS);
		return DOCCONV_ERR_LIMIT;
	}
	if (!(line = malloc((size_t)d->Width)))
		return DOCCONV_ERR_NOMEM;
	for (int pass = 0; pass < (d->Interlace ? 4 : 1) && !st; pass++)
		for (int r = d->Interlace ? start[pass] : 0; r < d->Height && !st;
		     r += d->Interlace ? step[pass] : 1) {
			if (DGifGetLine(g, line, d->Width) == GIF_ERROR)
				st = gif_error(g->Error, why);
			else if (canvas)
				gif_paint(canvas, g, map, transparent, line, (uint32_t)r);
		}
	free(line);
	return st;
}

static docconv_status gif_run(const unsigned char *bytes, size_t n,
                              docconv_image_info *info, docconv_raster *out,
                              char why[DOCCONV_IMAGE_WHY_MAX])
{
	docconv_status st = DOCCONV_OK;
	gif_src src = { bytes, n };
	int err = 0, transparent = -1, frames = 0;
	GifRecordType type;
	uint64_t pixels = 0;
	unsigned char *canvas = NULL;
	scaler s;
	memset(&s, 0, sizeof s);
	GifFileType *g = DGifOpen(&src, gif_read_bytes, &err);
	if (!g)
		return gif_error(err, why);
	if ((st = check_size("GIF", (uint64_t)g->SWidth, (uint64_t)g->SHeight,
	                     why)) != DOCCONV_OK)
		goto out;
	if (info) {
		info->width = (uint32_t)g->SWidth;
		info->height = (uint32_t)g->SHeight;
		info->components = 3;
		info->alpha = 0;
	}
	if (out) {
		size_t size = 3 * (size_t)g->SWidth * (size_t)g->SHeight;
		if (!(canvas = malloc(size))) {
			st = DOCCONV_ERR_NOMEM;
			goto out;
		}
		memset(canvas, 255, size);
	}
	do {
		GifByteType *ext = NULL;
		int code;
		if (DGifGetRecordType(g, &type) == GIF_ERROR) {
			st = gif_error(g->Error, why);
		} else if (type == IMAGE_DESC_RECORD_TYPE) {
			st = gif_frame(g, &pixels, frames ? NULL : canvas,
			               transparent, why);
			frames++;
			transparent = -1;
		} else if (type == EXTENSION_RECORD_TYPE) {
			if (DGifGetExtension(g, &code, &ext) == GIF_ERROR)
				st = gif_error(g->Error, why);
			else if (code == GRAPHICS_EXT_FUNC_CODE)
				transparent = gif_transparent(ext);
			while (!st && ext) {
				if (DGifGetExtensionNext(g, &ext) == GIF_ERROR)
					st = gif_error(g->Error, why);
			}
		}
	} while (!st && type != TERMINATE_RECORD_TYPE);
	if (!st && frames == 0) {
		say(why, "a GIF with no picture in it");
		st = DOCCONV_ERR_INPUT;
	}
	if (!st && out &&
	    !(st = scaler_init(&s, out, (uint32_t)g->SWidth,
	                       (uint32_t)g->SHeight, 3)))
		for (int y = 0; y < g->SHeight; y++)
			scaler_row(&s, canvas + 3 * (size_t)y * (size_t)g->SWidth);
out:
	DGifCloseFile(g, &err);
	free(canvas);
	scaler_free(&s);
	return st;
}

/* --- WebP --------------------------------------------------------------- */

static docconv_status webp_run(const unsigned char *bytes, size_t n,
                               docconv_image_info *info, docconv_raster *out,
                               char why[DOCCONV_IMAGE_WHY_MAX])
{
	docconv_status st;
	WebPDecoderConfig config;
	scaler s;
	memset(&s, 0, sizeof s);
	if (!WebPInitDecoderConfig(&config))
		return DOCCONV_ERR_INTERNAL;
	if (WebPGetFeatures(bytes, n, &config.input) != VP8_STATUS_OK) {
		say(why, "a damaged WebP (no picture header)");
		return DOCCONV_ERR_INPUT;
	}
	const WebPBitstreamFeatures *f = &config.input;
	if ((st = check_size("WebP", (uint64_t)f->width, (uint64_t)f->height,
	                     why)) != DOCCONV_OK)
		return st;
	if (f->has_animation) {
		say(why, "an animated WebP; give a still picture");
		return DOCCONV_ERR_INPUT;
	}
	if (info) {
		info->width = (uint32_t)f->width;
		info->height = (uint32_t)f->height;
		info->components = 3;
		info->alpha = f->has_alpha;
	}
	config.output.colorspace = f->has_alpha ? MODE_RGBA : MODE_RGB;
	VP8StatusCode r = WebPDecode(bytes, n, &config);
	if (r != VP8_STATUS_OK) {
		say(why, "a damaged WebP (%s)",
		    r == VP8_STATUS_NOT_ENOUGH_DATA ? "the file ends early"
		    : r == VP8_STATUS_OUT_OF_MEMORY ? "out of memory"
		                                    : "bad data");
		return r == VP8_STATUS_OUT_OF_MEMORY ? DOCCONV_ERR_NOMEM
		                                     : DOCCONV_ERR_INPUT;
	}
	const WebPRGBABuffer *b = &config.output.u.RGBA;
	int ch = f->has_alpha ? 4 : 3;
	if ((st = scaler_init(&s, out, (uint32_t)f->width, (uint32_t)f->height,
	                      ch)) == DOCCONV_OK)
		for (int y = 0; out && y < f->height; y++)
			scaler_row(&s, b->rgba + (size_t)y * (size_t)b->stride);
	WebPFreeDecBuffer(&config.output);
	scaler_free(&s);
	return st;
}

/* --- the table ------------------------------------------------------------ */

typedef docconv_status (*run_fn)(const unsigned char *, size_t,
                                 docconv_image_info *, docconv_raster *,
                                 char *);

static docconv_status jpeg_decode(const unsigned char *bytes, size_t n,
                                  docconv_image_info *info, docconv_raster *out,
                                  char why[DOCCONV_IMAGE_WHY_MAX])
{
	return jpeg_run(bytes, n, info, out, 0, why);
}

static docconv_status run(const unsigned char *bytes, size_t n,
                          docconv_image_info *info, docconv_raster *out,
                          char why[DOCCONV_IMAGE_WHY_MAX])
{
	docconv_image_format f = docconv_image_sniff(bytes, n);
	run_fn fn = f == DOCCONV_IMAGE_JPEG ? jpeg_decode
	          : f == DOCCONV_IMAGE_PNG ? png_run
	          : f == DOCCONV_IMAGE_GIF ? gif_run
	          : f == DOCCONV_IMAGE_WEBP ? webp_run : NULL;
	if (info)
		memset(info, 0, sizeof *info);
	if (!fn) {
		say(why, f == DOCCONV_IMAGE_NONE
		             ? "not an image"
		             : "a %s picture, which a book cannot hold; give JPEG, "
		               "PNG, GIF or WebP", docconv_image_format_name(f));
		return DOCCONV_ERR_INPUT;
	}
	if (n > DOCCONV_IMAGE_MAX_BYTES) {
		say(why, "%zu bytes, over the limit of %zu for a photo", n,
		    DOCCONV_IMAGE_MAX_BYTES);
		return DOCCONV_ERR_LIMIT;
	}
	docconv_status st = fn(bytes, n, info, out, why);
	if (info)
		info->format = f;
	if (st != DOCCONV_OK && out) {
		free(out->pixels);
		out->pixels = NULL;
	}
	return st;
}

static docconv_status check(const unsigned char *bytes, size_t n,
                            docconv_image_info *info,
                            char why[DOCCONV_IMAGE_WHY_MAX])
{
	return run(bytes, n, info, NULL, why);
}

static docconv_status probe(const unsigned char *bytes, size_t n,
                            docconv_image_info *info,
                            char why[DOCCONV_IMAGE_WHY_MAX])
{
	memset(info, 0, sizeof *info);
	info->format = docconv_image_sniff(bytes, n);
	return info->format == DOCCONV_IMAGE_JPEG
	               ? jpeg_run(bytes, n, info, NULL, 1, why) : DOCCONV_OK;
}

static docconv_status decode(const unsigned char *bytes, size_t n,
                             uint32_t width, uint32_t height,
                             docconv_raster *out,
                             char why[DOCCONV_IMAGE_WHY_MAX])
{
	memset(out, 0, sizeof *out);
	out->width = width;
	out->height = height;
	return run(bytes, n, NULL, out, why);
}

/* A JPEG being written into a buffer of our own, grown by doubling:
 * libjpeg's memory destination cannot be freed after an error. */
typedef struct jpeg_out {
	struct jpeg_destination_mgr dest;
	unsigned char *buf;
	size_t cap, len;
} jpeg_out;

#define JPEG_OUT_FIRST ((size_t)64 << 10)

static void out_init(j_compress_ptr c)
{
	jpeg_out *o = (jpeg_out *)c->dest;
	o->dest.next_output_byte = o->buf;
	o->dest.free_in_buffer = o->cap;
}

static boolean out_grow(j_compress_ptr c)
{
	jpeg_out *o = (jpeg_out *)c->dest;
	unsigned char *b = o->cap < SIZE_MAX / 2 ? realloc(o->buf, 2 * o->cap)
	                                         : NULL;
	if (!b)
		ERREXIT1(c, JERR_OUT_OF_MEMORY, 10);
	o->buf = b;
	o->dest.next_output_byte = b + o->cap;
	o->dest.free_in_buffer = o->cap;
	o->cap *= 2;
	return TRUE;
}

static void out_term(j_compress_ptr c)
{
	jpeg_out *o = (jpeg_out *)c->dest;
	o->len = o->cap - o->dest.free_in_buffer;
}

static docconv_status encode_jpeg(const docconv_raster *r, int quality,
                                  unsigned char **out, size_t *n,
                                  char why[DOCCONV_IMAGE_WHY_MAX])
{
	struct jpeg_compress_struct c;
	jpeg_fail f;
	jpeg_out o = { { 0 }, NULL, JPEG_OUT_FIRST, 0 };
	docconv_status volatile st = DOCCONV_ERR_INTERNAL;
	*out = NULL;
	*n = 0;
	memset(&f, 0, sizeof f);
	c.err = jpeg_std_error(&f.mgr);
	f.mgr.error_exit = jpeg_error_exit;
	f.why = why;
	jpeg_create_compress(&c);
	if (!(o.buf = malloc(o.cap))) {
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	if (setjmp(f.jump))
		goto out;
	o.dest.init_destination = out_init;
	o.dest.empty_output_buffer = out_grow;
	o.dest.term_destination = out_term;
	c.dest = &o.dest;
	c.image_width = r->width;
	c.image_height = r->height;
	c.input_components = r->channels;
	c.in_color_space = r->channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
	jpeg_set_defaults(&c);
	jpeg_set_quality(&c, quality, TRUE);
	c.optimize_coding = TRUE;
	jpeg_start_compress(&c, TRUE);
	size_t stride = (size_t)r->width * (size_t)r->channels;
	while (c.next_scanline < c.image_height) {
		JSAMPROW row = r->pixels + (size_t)c.next_scanline * stride;
		jpeg_write_scanlines(&c, &row, 1);
	}
	jpeg_finish_compress(&c);
	*out = o.buf;
	*n = o.len;
	o.buf = NULL;
	st = DOCCONV_OK;
out:
	jpeg_destroy_compress(&c);
	free(o.buf);
	return st;
}

#define STR_(x) #x
#define STR(x) STR_(x)

static void versions(FILE *f)
{
	unsigned w = (unsigned)WebPGetDecoderVersion();
	fprintf(f, "libjpeg-turbo %s\n", STR(LIBJPEG_TURBO_VERSION));
	fprintf(f, "libpng %s\n", png_get_libpng_ver(NULL));
	fprintf(f, "giflib %d.%d.%d\n", GIFLIB_MAJOR, GIFLIB_MINOR,
	        GIFLIB_RELEASE);
	fprintf(f, "libwebp %u.%u.%u\n", w >> 16, (w >> 8) & 0xff, w & 0xff);
}

const docconv_image_ops docconv_image_codecs = {
	check, probe, decode, encode_jpeg, versions,
};
