/* versions.c — the library versions for --version. */
#include "versions.h"

#include <libxml/xmlversion.h>
#include <utf8proc.h>
#include <zip.h>

#include "formats/archive/archive.h"
#include "formats/formats.h"
#include "formats/image/image.h"

void docconv_print_library_versions(FILE *f)
{
	fprintf(f, "libzip %s\n", zip_libzip_version());
	fprintf(f, "libxml2 %s\n", LIBXML_DOTTED_VERSION);
	fprintf(f, "utf8proc %s\n", utf8proc_version());
	docconv_archive_versions(f);
	docconv_image_versions(f);
	docconv_pdf_module_versions(f);
}
