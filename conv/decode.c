/* decode.c — bytes to UTF-8 with LF line ends. */
#include "decode.h"

#include <stdlib.h>
#include <string.h>

#include "text.h"

/* Copies UTF-8 text, normalising line ends and dropping a BOM. */
static docconv_status normalise(const char *s, size_t n, docconv_decoded *out)
{
	char *t = malloc(n + 1);
	if (!t)
		return DOCCONV_ERR_NOMEM;
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '\r') {
			out->had_crlf = 1;
			t[j++] = '\n';
			if (i + 1 < n && s[i + 1] == '\n')
				i++;
			continue;
		}
		t[j++] = c;
	}
	t[j] = '\0';
	out->text = t;
	out->len = j;
	return DOCCONV_OK;
}

docconv_status docconv_decode(const unsigned char *bytes, size_t n,
                              const char *forced, docconv_decoded *out,
                              docconv_diag *d)
{
	memset(out, 0, sizeof *out);
	const char *s = (const char *)bytes;
	size_t bad = 0;
	(void)forced;
	if (n >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0) {
		out->had_bom = 1;
		s += 3;
		n -= 3;
	}
	if (!docconv_utf8_valid(s, n, &bad)) {
		docconv_diag_add(d, DOCCONV_SEV_ERROR, 0,
		                 (long long)(bad + (size_t)out->had_bom * 3),
		                 "not valid UTF-8 text; name the encoding with "
		                 "--encoding");
		return DOCCONV_ERR_DECODE;
	}
	strcpy(out->encoding, "UTF-8");
	return normalise(s, n, out);
}

void docconv_decoded_free(docconv_decoded *dec)
{
	free(dec->text);
	dec->text = NULL;
	dec->len = 0;
}
