/* xhtml.c — XHTML content documents, shared by the EPUB and HTML writers
 * (being written). */
#include "formats.h"
