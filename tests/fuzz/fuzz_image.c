/* fuzz_image.c — the photo decoders (formats/image/image.h) on any bytes:
 * checking, probing, and decoding to a smaller size as the PDF writer does.
 *
 * What the pipeline and the writers rely on:
 *   - checking never crashes, whatever the bytes, and refuses with a
 *     reason or accepts with a size within the limits;
 *   - a photo that checks decodes, at its size and at a smaller one, into
 *     exactly the pixels asked for (grey or RGB), and encodes again as a
 *     JPEG that checks.
 */
#include <string.h>

#include "fuzz.h"
#include "formats/image/image.h"

/* Decoding is done at most at this size, to keep each run short. */
#define FUZZ_MAX_DECODE_PIXELS (1u << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char why[DOCCONV_IMAGE_WHY_MAX];
	docconv_image_info info, probe;
	why[0] = '\0';
	docconv_status st = docconv_image_check(data, size, &info, why);
	docconv_image_probe(data, size, &probe, why);
	if (st != DOCCONV_OK) {
		FUZZ_CHECK(st == DOCCONV_ERR_INPUT || st == DOCCONV_ERR_LIMIT ||
		           st == DOCCONV_ERR_NOMEM);
		FUZZ_CHECK(why[0] != '\0');
		return 0;
	}
	FUZZ_CHECK(info.width >= 1 && info.height >= 1 &&
	           info.width <= DOCCONV_IMAGE_MAX_SIDE &&
	           info.height <= DOCCONV_IMAGE_MAX_SIDE &&
	           (uint64_t)info.width * info.height <= DOCCONV_IMAGE_MAX_PIXELS);
	FUZZ_CHECK(docconv_image_media_type(info.format) != NULL);
	if ((uint64_t)info.width * info.height > FUZZ_MAX_DECODE_PIXELS)
		return 0;
	uint32_t sizes[2][2] = { { info.width, info.height },
	                         { (info.width + 2) / 3, (info.height + 1) / 2 } };
	for (int i = 0; i < 2; i++) {
		docconv_raster r;
		st = docconv_image_decode(data, size, sizes[i][0], sizes[i][1], &r,
		                          why);
		FUZZ_CHECK(st == DOCCONV_OK || st == DOCCONV_ERR_NOMEM);
		if (st != DOCCONV_OK)
			continue;
		FUZZ_CHECK(r.width == sizes[i][0] && r.height == sizes[i][1] &&
		           (r.channels == 1 || r.channels == 3) && r.pixels);
		unsigned char *jpeg = NULL;
		size_t n = 0;
		if (docconv_image_encode_jpeg(&r, 80, &jpeg, &n, why) == DOCCONV_OK) {
			docconv_image_info again;
			FUZZ_CHECK(docconv_image_check(jpeg, n, &again, why) ==
			                   DOCCONV_OK &&
			           again.width == r.width && again.height == r.height);
		}
		free(jpeg);
		docconv_raster_free(&r);
	}
	return 0;
}
