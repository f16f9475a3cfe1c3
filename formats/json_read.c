/* json_read.c — `--from json` (being written). */
#include "formats.h"

docconv_status docconv_read_json(const char *utf8, size_t n,
                                 const docconv_read_opts *opts,
                                 docconv_doc **out, docconv_diag *d)
{
	(void)utf8; (void)n; (void)opts;
	*out = NULL;
	return docconv_fail(d, DOCCONV_ERR_INTERNAL,
	                    "--from json is not available in this build");
}
