/* formats.c — the dispatch tables: `--from NAME` to a reader, `--to NAME`
 * to a writer, with what the command line needs to know of each. */
#include "formats.h"

#include <pthread.h>
#include <string.h>

static const docconv_reader readers[] = {
	{ "article", docconv_read_article, 0, 0 },
	{ "text", docconv_read_article, 0, 1 },
	{ "json", docconv_read_json, 1, 0 },
};

static const docconv_writer writers[] = {
	{ "json", "json", 0, 1, NULL, docconv_write_json, NULL },
	{ "epub", "epub", 1, 0, docconv_epub_create, docconv_write_epub,
	  docconv_epub_destroy },
	{ "html", "html", 0, 0, NULL, docconv_write_html, NULL },
	{ "pdf", "pdf", 1, 0, docconv_pdf_module_create, docconv_pdf_module_write,
	  docconv_pdf_module_destroy },
};

#define N_READERS (sizeof readers / sizeof *readers)
#define N_WRITERS (sizeof writers / sizeof *writers)
/* Room for the names joined by ", ": every name is short. */
#define NAMES_MAX 128

const docconv_reader *docconv_find_reader(const char *name)
{
	for (size_t i = 0; i < N_READERS; i++)
		if (strcmp(readers[i].name, name) == 0)
			return &readers[i];
	return NULL;
}

const docconv_writer *docconv_find_writer(const char *name)
{
	for (size_t i = 0; i < N_WRITERS; i++)
		if (strcmp(writers[i].name, name) == 0)
			return &writers[i];
	return NULL;
}

static char reader_names[NAMES_MAX], writer_names[NAMES_MAX];
static pthread_once_t names_once = PTHREAD_ONCE_INIT;

static void join(char *out, const char *name)
{
	if (*out)
		strncat(out, ", ", NAMES_MAX - strlen(out) - 1);
	strncat(out, name, NAMES_MAX - strlen(out) - 1);
}

static void build_names(void)
{
	for (size_t i = 0; i < N_READERS; i++)
		if (!readers[i].alias)
			join(reader_names, readers[i].name);
	for (size_t i = 0; i < N_WRITERS; i++)
		join(writer_names, writers[i].name);
}

const char *docconv_reader_names(void)
{
	pthread_once(&names_once, build_names);
	return reader_names;
}

const char *docconv_writer_names(void)
{
	pthread_once(&names_once, build_names);
	return writer_names;
}
