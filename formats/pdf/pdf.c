/* pdf.c — the PDF writer (being written). */
#include "formats.h"

docconv_status docconv_pdf_create(const docconv_write_opts *opts, void **ctx,
                                  docconv_diag *d)
{
	(void)opts; (void)d;
	*ctx = NULL;
	return DOCCONV_OK;
}

docconv_status docconv_write_pdf(void *ctx, const docconv_book *book,
                                 const docconv_write_opts *opts,
                                 docconv_sink *sink, docconv_diag *d)
{
	(void)ctx; (void)book; (void)opts; (void)sink;
	return docconv_fail(d, DOCCONV_ERR_INTERNAL,
	                    "the pdf writer is not available in this build");
}

void docconv_pdf_destroy(void *ctx)
{
	(void)ctx;
}
