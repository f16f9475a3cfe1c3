/* convert.h — the flow for one input: bytes → decode → reader → model, and
 * model → writer → sink. The CLI and the batch workers both call it.
 */
#ifndef DOCCONV_CONVERT_H
#define DOCCONV_CONVERT_H

#include <stddef.h>
#include <stdint.h>

#include "../formats/formats.h"
#include "diag.h"
#include "doc.h"
#include "sink.h"

typedef enum docconv_input_format {
	DOCCONV_FROM_ARTICLE = 0,
	DOCCONV_FROM_JSON
} docconv_input_format;

typedef struct docconv_convert_opts {
	docconv_input_format from;
	const char *encoding;          /* --encoding, NULL to detect */
	/* Metadata overrides (--title, --author, --lang); NULL/0 keep the
	 * reader's. */
	const char *title;
	const char *const *authors;
	size_t n_authors;
	const char *lang;
} docconv_convert_opts;

/* Reads a whole file ("-" is standard input) into memory, refusing
 * directories and anything over DOCCONV_MAX_INPUT_BYTES. */
docconv_status docconv_read_file(const char *path, unsigned char **bytes,
                                 size_t *n, docconv_diag *d);

/* Decodes and reads `bytes`. `source_name` goes to the metadata. */
docconv_status docconv_convert_bytes(const unsigned char *bytes, size_t n,
                                     const char *source_name,
                                     const docconv_convert_opts *opts,
                                     docconv_doc **out, docconv_diag *d);

/* The same, for --explain: writes the explanation to `sink`. */
docconv_status docconv_explain_bytes(const unsigned char *bytes, size_t n,
                                     const char *source_name,
                                     const docconv_convert_opts *opts,
                                     docconv_sink *sink, docconv_diag *d);

/* The time written into outputs: SOURCE_DATE_EPOCH when set and valid, else
 * `fallback` (the input's modification time). */
int64_t docconv_output_timestamp(int64_t fallback);

#endif
