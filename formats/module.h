/* module.h — writers and readers built as modules, loaded on first use.
 *
 * Some formats need large libraries: the PDF writer libharu, HarfBuzz and
 * fontconfig; the archive reader and writer libarchive (with nettle, zstd,
 * lz4, libacl). Loading those would cost every run, so each such format is
 * built as a module (docconv-NAME.so) which the program opens with dlopen
 * the first time it is wanted. A module calls back into the program for the
 * model, the sink and the diagnostics. It is looked for beside the program
 * (the build tree), in LIBDIR/docconv next to the program's BINDIR (an
 * installed program, wherever the prefix), and in the folder the build was
 * configured to install it in.
 */
#ifndef DOCCONV_MODULE_H
#define DOCCONV_MODULE_H

#include <pthread.h>

/* dlerror's text kept for the message. */
#define DOCCONV_MODULE_WHY_MAX 512

typedef struct docconv_module {
	const char *file;                  /* "docconv-pdf.so" */
	const char *const *names;          /* the symbols it must have */
	void **symbols;                    /* their addresses, once loaded */
	size_t n_symbols;
	pthread_once_t once;
	int loaded;
	char why[DOCCONV_MODULE_WHY_MAX];  /* why it could not be loaded */
} docconv_module;

#define DOCCONV_MODULE_INIT(file, names, symbols, n) \
	{ file, names, symbols, n, PTHREAD_ONCE_INIT, 0, "" }

/* Loads the module and finds its symbols, once (thread-safe); 0 when it
 * cannot be, and m->why says why. */
int docconv_module_load(docconv_module *m);

#endif
