/* ops.h — the photo functions as the image module (codecs.c) gives them to
 * the rest of the program (image.c). Not a public interface: use image.h.
 */
#ifndef DOCCONV_IMAGE_OPS_H
#define DOCCONV_IMAGE_OPS_H

#include "image.h"

typedef struct docconv_image_ops {
	__typeof__(&docconv_image_check) check;
	__typeof__(&docconv_image_probe) probe;
	__typeof__(&docconv_image_decode) decode;
	__typeof__(&docconv_image_encode_jpeg) encode_jpeg;
	__typeof__(&docconv_image_versions) versions;
} docconv_image_ops;

/* The table, in the module (or linked in directly, as the tests and the
 * PDF writer's module do). */
extern const docconv_image_ops docconv_image_codecs;

#endif
