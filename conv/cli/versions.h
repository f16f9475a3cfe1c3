/* versions.h — the libraries in use, for --version. */
#ifndef DOCCONV_VERSIONS_H
#define DOCCONV_VERSIONS_H

#include <stdio.h>

/* Prints the versions of libzip, libxml2 and utf8proc, then those the
 * archive and PDF modules report (loading them): libarchive with its
 * compressors, libharu and HarfBuzz; one per line. */
void docconv_print_library_versions(FILE *f);

#endif
