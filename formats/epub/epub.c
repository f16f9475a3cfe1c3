/* epub.c — the epub writer (being written). */
#include "formats.h"

docconv_status docconv_write_epub(void *ctx, const docconv_book *book,
                                  const docconv_write_opts *opts,
                                  docconv_sink *sink, docconv_diag *d)
{
	(void)ctx; (void)book; (void)opts; (void)sink;
	return docconv_fail(d, DOCCONV_ERR_INTERNAL,
	                    "the epub writer is not available in this build");
}
