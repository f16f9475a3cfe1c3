/* version.c — the library versions for --version. */
#include "version.h"

#include <harfbuzz/hb.h>
#include <hpdf.h>
#include <libxml/xmlversion.h>
#include <zip.h>

void docconv_print_library_versions(FILE *f)
{
	fprintf(f, "libzip %s\n", zip_libzip_version());
	fprintf(f, "libxml2 %s\n", LIBXML_DOTTED_VERSION);
	fprintf(f, "libharu %s\n", HPDF_GetVersion());
	fprintf(f, "harfbuzz %s\n", hb_version_string());
}
