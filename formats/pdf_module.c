/* pdf_module.c — `--to pdf` through the PDF writer's module.
 *
 * The PDF writer (formats/pdf/) needs libharu, HarfBuzz and fontconfig,
 * which with what they pull in (FreeType, GLib, libpng, graphite2) take
 * longer to load than an EPUB takes to write. It is built as a module,
 * docconv-pdf.so, which the program opens with dlopen the first time a
 * PDF is wanted; the module calls back into the program for the model,
 * the sink and the diagnostics. It is looked for beside the program (the
 * build tree), in LIBDIR/docconv next to the program's BINDIR (an
 * installed program, wherever the prefix), and in the folder the build
 * was configured to install it in.
 */
#include "formats.h"

#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The module's file name, and where it is installed. */
#define PDF_MODULE_NAME "docconv-pdf.so"
#ifndef DOCCONV_MODULE_DIR
#define DOCCONV_MODULE_DIR "/usr/local/lib/docconv"
#endif
#ifndef DOCCONV_MODULE_RELDIR
#define DOCCONV_MODULE_RELDIR "lib/docconv"
#endif
/* dlerror's text kept for the message. */
#define PDF_MODULE_WHY_MAX 512

typedef void (*versions_fn)(FILE *f);

static struct {
	__typeof__(&docconv_pdf_create) create;
	__typeof__(&docconv_write_pdf) write;
	__typeof__(&docconv_pdf_destroy) destroy;
	versions_fn versions;
	int loaded;
	char why[PDF_MODULE_WHY_MAX];
} pdf_module;

static pthread_once_t pdf_module_once = PTHREAD_ONCE_INIT;

/* `rel` (a path from the program's folder) in path[PATH_MAX]; 0 when the
 * program's own path is unknown or the result too long. */
static int from_program(const char *rel, char path[PATH_MAX])
{
	ssize_t n = readlink("/proc/self/exe", path, PATH_MAX - 1);
	if (n <= 0)
		return 0;
	path[n] = '\0';
	char *slash = strrchr(path, '/');
	size_t len = strlen(rel) + 1;
	if (!slash || (size_t)(slash + 1 - path) + len > PATH_MAX)
		return 0;
	memcpy(slash + 1, rel, len);
	return 1;
}

static void *symbol(void *h, const char *name)
{
	void *f = dlsym(h, name);
	if (!f)
		snprintf(pdf_module.why, sizeof pdf_module.why, "%s: no %s",
		         PDF_MODULE_NAME, name);
	return f;
}

static void load_pdf_module(void)
{
	/* Beside the program (the build tree), where an installed program
	 * finds its libraries, and where it was meant to be installed. */
	static const char *const beside[] = {
		PDF_MODULE_NAME,
		"../" DOCCONV_MODULE_RELDIR "/" PDF_MODULE_NAME,
	};
	char path[PATH_MAX];
	void *h = NULL;
	for (size_t i = 0; i < sizeof beside / sizeof *beside && !h; i++)
		if (from_program(beside[i], path) && access(path, F_OK) == 0)
			h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!h)
		h = dlopen(DOCCONV_MODULE_DIR "/" PDF_MODULE_NAME,
		           RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		const char *err = dlerror();
		snprintf(pdf_module.why, sizeof pdf_module.why, "%s",
		         err ? err : PDF_MODULE_NAME ": not found");
		return;
	}
	void *f[4] = { symbol(h, "docconv_pdf_create"),
	               symbol(h, "docconv_write_pdf"),
	               symbol(h, "docconv_pdf_destroy"),
	               symbol(h, "docconv_pdf_library_versions") };
	if (!f[0] || !f[1] || !f[2] || !f[3]) {
		dlclose(h);
		return;
	}
	/* POSIX: a function's address fits in a void *. */
	memcpy(&pdf_module.create, &f[0], sizeof f[0]);
	memcpy(&pdf_module.write, &f[1], sizeof f[1]);
	memcpy(&pdf_module.destroy, &f[2], sizeof f[2]);
	memcpy(&pdf_module.versions, &f[3], sizeof f[3]);
	pdf_module.loaded = 1;
}

static int pdf_module_ready(void)
{
	pthread_once(&pdf_module_once, load_pdf_module);
	return pdf_module.loaded;
}

docconv_status docconv_pdf_module_create(const docconv_write_opts *opts,
                                         void **ctx, docconv_diag *d)
{
	*ctx = NULL;
	if (!pdf_module_ready())
		return docconv_fail(d, DOCCONV_ERR_INTERNAL,
		                    "the PDF writer cannot be loaded: %s",
		                    pdf_module.why);
	return pdf_module.create(opts, ctx, d);
}

docconv_status docconv_pdf_module_write(void *ctx, const docconv_book *book,
                                        const docconv_write_opts *opts,
                                        docconv_sink *sink, docconv_diag *d)
{
	if (!pdf_module_ready())
		return docconv_fail(d, DOCCONV_ERR_INTERNAL,
		                    "the PDF writer cannot be loaded: %s",
		                    pdf_module.why);
	return pdf_module.write(ctx, book, opts, sink, d);
}

void docconv_pdf_module_destroy(void *ctx)
{
	if (ctx && pdf_module_ready())
		pdf_module.destroy(ctx);
}

void docconv_pdf_module_versions(FILE *f)
{
	if (pdf_module_ready())
		pdf_module.versions(f);
	else
		fprintf(f, "PDF writer not loadable: %s\n", pdf_module.why);
}
