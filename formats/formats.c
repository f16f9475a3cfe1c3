/* formats.c — the one dispatch table from `--to NAME` to a writer. */
#include "formats.h"

#include <string.h>

static const docconv_writer writers[] = {
	{ "json", "json", NULL, docconv_write_json, NULL },
	{ "epub", "epub", docconv_epub_create, docconv_write_epub,
	  docconv_epub_destroy },
	{ "html", "html", NULL, docconv_write_html, NULL },
	{ "pdf", "pdf", docconv_pdf_module_create, docconv_pdf_module_write,
	  docconv_pdf_module_destroy },
};

const docconv_writer *docconv_find_writer(const char *name)
{
	for (size_t i = 0; i < sizeof writers / sizeof *writers; i++)
		if (strcmp(writers[i].name, name) == 0)
			return &writers[i];
	return NULL;
}

const char *docconv_writer_names(void)
{
	return "json, epub, html, pdf";
}
