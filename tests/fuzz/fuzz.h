/* fuzz.h — what the harnesses share.
 *
 * Each harness defines LLVMFuzzerTestOneInput and is built twice: against
 * libFuzzer (DOCCONV_FUZZ) to search for inputs, and against replay.c, a
 * plain main() that feeds it every file of its corpus folder, so that each
 * input libFuzzer ever found becomes a regression test in ctest and under
 * the sanitizers.
 *
 * A broken invariant aborts, which libFuzzer records as a crash with its
 * reproducer, and which fails the replay test.
 */
#ifndef DOCCONV_FUZZ_H
#define DOCCONV_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "conv/core/decode.h"
#include "conv/core/diag.h"
#include "conv/core/doc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, \
		        __LINE__, #cond); \
		abort(); \
	} \
} while (0)

/* The checks several harnesses make (fuzz_common.c). */

/* A failure must tell the user why: every status but out-of-memory comes
 * with an error message. And every message is fit for a terminal: valid
 * UTF-8 without control characters, whatever the input held. */
void fuzz_check_diag(docconv_status st, const docconv_diag *d);
/* The model's shape: every TEXT is valid UTF-8 without a NUL, the block
 * count is right, and (when `no_empty`, for the article reader) no block
 * is empty. */
void fuzz_check_model(const docconv_doc *doc, int no_empty);
/* Bytes as the CLI reads an article: decoded, then read into *doc, the
 * diagnostics checked at each step. Returns the status of the step that
 * stopped; dec->text is NULL when decoding failed. Free dec and *doc
 * whatever the status. */
docconv_status fuzz_read_article(const uint8_t *data, size_t size,
                                 docconv_decoded *dec, docconv_doc **doc,
                                 docconv_diag *d);
/* --to json of `doc` is JSON to our own strict parser, reads back with
 * --from json and writes the same bytes again. */
void fuzz_check_json_roundtrip(const docconv_doc *doc);

#endif
