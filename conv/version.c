/* version.c — the library versions for --version. */
#include "version.h"

#include <libxml/xmlversion.h>
#include <zip.h>

#include "../formats/formats.h"

void docconv_print_library_versions(FILE *f)
{
	fprintf(f, "libzip %s\n", zip_libzip_version());
	fprintf(f, "libxml2 %s\n", LIBXML_DOTTED_VERSION);
	docconv_pdf_module_versions(f);
}
