/* pdf_module.c — `--to pdf` through the PDF writer's module (module.h):
 * the writer (formats/pdf/) needs libharu, HarfBuzz and fontconfig, which
 * with what they pull in (FreeType, GLib, libpng, graphite2) take longer
 * to load than an EPUB takes to write, so only a run that wants a PDF
 * loads them.
 */
#include "formats.h"

#include <string.h>

#include "module.h"

enum { PDF_CREATE, PDF_WRITE, PDF_DESTROY, PDF_VERSIONS, PDF_SYMBOLS };

static const char *const pdf_names[PDF_SYMBOLS] = {
	"docconv_pdf_create", "docconv_write_pdf", "docconv_pdf_destroy",
	"docconv_pdf_library_versions",
};
static void *pdf_symbols[PDF_SYMBOLS];
static docconv_module pdf_module =
	DOCCONV_MODULE_INIT("docconv-pdf.so", pdf_names, pdf_symbols, PDF_SYMBOLS);

/* POSIX: a function's address fits in a void *. */
#define PDF_FN(var, fn, i) \
	__typeof__(&fn) var; \
	memcpy(&var, &pdf_symbols[i], sizeof var)

static docconv_status not_loaded(docconv_diag *d)
{
	return docconv_fail(d, DOCCONV_ERR_INTERNAL,
	                    "the PDF writer cannot be loaded: %s", pdf_module.why);
}

docconv_status docconv_pdf_module_create(const docconv_write_opts *opts,
                                         void **ctx, docconv_diag *d)
{
	*ctx = NULL;
	if (!docconv_module_load(&pdf_module))
		return not_loaded(d);
	PDF_FN(create, docconv_pdf_create, PDF_CREATE);
	return create(opts, ctx, d);
}

docconv_status docconv_pdf_module_write(void *ctx, const docconv_book *book,
                                        const docconv_write_opts *opts,
                                        docconv_sink *sink, docconv_diag *d)
{
	if (!docconv_module_load(&pdf_module))
		return not_loaded(d);
	PDF_FN(write, docconv_write_pdf, PDF_WRITE);
	return write(ctx, book, opts, sink, d);
}

void docconv_pdf_module_destroy(void *ctx)
{
	if (ctx && docconv_module_load(&pdf_module)) {
		PDF_FN(destroy, docconv_pdf_destroy, PDF_DESTROY);
		destroy(ctx);
	}
}

void docconv_pdf_module_versions(FILE *f)
{
	if (!docconv_module_load(&pdf_module)) {
		fprintf(f, "PDF writer not loadable: %s\n", pdf_module.why);
		return;
	}
	PDF_FN(versions, docconv_pdf_library_versions, PDF_VERSIONS);
	versions(f);
}
