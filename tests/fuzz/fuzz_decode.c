/* fuzz_decode.c — encoding detection and decoding alone, detected and
 * forced. The first byte picks how: detection, or one of the encodings a
 * user may force with --encoding; the rest is the input.
 *
 * On success the text must be what the rest of docconv assumes: valid
 * UTF-8, NUL-terminated, no NUL, CR or other C0 control but tab and LF,
 * and a canonical encoding name. (A leading U+FEFF may stay: one byte
 * order mark is dropped, and a second one is a character of the text.) On
 * failure there is a message, and a byte offset inside the input.
 */

#include "conv/core/decode.h"
#include "fuzz.h"
#include "conv/core/text.h"

static const char *const forced[] = {
	NULL, "UTF-8", "GB18030", "BIG5", "UTF-16LE", "UTF-16BE", "UTF-16",
	"utf16", "UTF-32", "ISO-8859-1", "//IGNORE", "",
};

static void check_text(const docconv_decoded *dec)
{
	FUZZ_CHECK(dec->text != NULL && dec->text[dec->len] == '\0');
	FUZZ_CHECK(docconv_utf8_valid(dec->text, dec->len, NULL));
	for (size_t i = 0; i < dec->len; i++) {
		unsigned char c = (unsigned char)dec->text[i];
		FUZZ_CHECK(c >= 0x20 || c == '\t' || c == '\n');
	}
	FUZZ_CHECK(dec->encoding[0] != '\0');
	for (const char *e = dec->encoding; *e; e++)
		FUZZ_CHECK(!(*e >= 'a' && *e <= 'z'));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	const char *enc = forced[data[0] % (sizeof forced / sizeof *forced)];
	docconv_decoded dec;
	docconv_diag d;
	docconv_diag_init(&d, "fuzz");
	docconv_status st = docconv_decode(data + 1, size - 1, enc, &dec, &d);
	fuzz_check_diag(st, &d);
	for (size_t i = 0; i < d.n_entries; i++)
		FUZZ_CHECK(d.entries[i].offset >= -1 &&
		           d.entries[i].offset <= (long long)size);
	if (st == DOCCONV_OK)
		check_text(&dec);
	else
		FUZZ_CHECK(dec.text == NULL);
	docconv_decoded_free(&dec);
	docconv_diag_free(&d);
	return 0;
}
