/* fuzz_json.c — --from json: bytes decoded and parsed by the strict JSON
 * reader into a model. A model it accepts must be well formed and, written
 * with --to json, read back to the same bytes; a text it refuses must say
 * why, at a line and column.
 */
#include <string.h>

#include "formats/formats.h"
#include "conv/core/decode.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	docconv_decoded dec;
	docconv_doc *doc = NULL;
	docconv_diag d;
	docconv_diag_init(&d, "fuzz");
	docconv_status st = docconv_decode(data, size, NULL, &dec, &d);
	fuzz_check_diag(st, &d);
	if (st != DOCCONV_OK)
		goto out;
	st = docconv_read_json(dec.text, dec.len, NULL, &doc, &d);
	for (docconv_doc *a = st == DOCCONV_OK ? doc : NULL; a && st == DOCCONV_OK;
	     a = docconv_doc_next(a))
		st = docconv_doc_finish(a, &d);   /* as the pipeline does */
	if (st != DOCCONV_OK) {
		docconv_doc_free(doc);
		doc = NULL;
	}
	fuzz_check_diag(st, &d);
	FUZZ_CHECK((st == DOCCONV_OK) == (doc != NULL));
	if (st != DOCCONV_OK) {
		/* JSON errors are placed: "column N: ..." on a line. */
		int placed = 0;
		for (size_t i = 0; i < d.n_entries; i++)
			placed |= d.entries[i].line > 0 &&
			          strncmp(d.entries[i].message, "column ", 7) == 0;
		FUZZ_CHECK(placed || st == DOCCONV_ERR_NOMEM);
		goto out;
	}
	fuzz_check_model(doc, 0);
	fuzz_check_json_roundtrip(doc);
out:
	docconv_doc_free(doc);
	docconv_decoded_free(&dec);
	docconv_diag_free(&d);
	return 0;
}
