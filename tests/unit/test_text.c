/* test_text.c — UTF-8 decoding and the character classes. */
#include <stdlib.h>

#include "check.h"
#include "text.h"

int main(void)
{
	uint32_t cp;
	CHECK(docconv_utf8_decode("\xE4\xB9\x8C", 3, &cp) == 3 && cp == 0x4E4C);
	CHECK(docconv_utf8_decode("\xC0\x80", 2, &cp) == 0);          /* overlong */
	CHECK(docconv_utf8_decode("\xED\xA0\x80", 3, &cp) == 0);      /* surrogate */
	CHECK(docconv_utf8_decode("\xF4\x90\x80\x80", 4, &cp) == 0);  /* > U+10FFFF */
	CHECK(docconv_utf8_decode("\xE4\xB9", 2, &cp) == 0);          /* truncated */
	CHECK(docconv_utf8_decode("\xF0\xA0\xAE\xB7", 4, &cp) == 4 && cp == 0x20BB7);
	size_t bad;
	CHECK(!docconv_utf8_valid("ab\xFF" "c", 4, &bad) && bad == 2);
	CHECK(docconv_utf8_valid("乌海", 6, NULL));
	size_t l;
	CHECK(docconv_utf8_last("a乌", 4, &l) == 0x4E4C && l == 3);
	CHECK(docconv_utf8_count("a乌海", 7) == 3);

	CHECK(docconv_is_han(0x4E4C));
	CHECK(docconv_is_cjk(0x3002));      /* 。 */
	CHECK(!docconv_is_cjk('a'));
	CHECK(docconv_is_space(0x3000));
	CHECK(docconv_is_sentence_end(0x3002));
	CHECK(!docconv_is_sentence_end(0xFF0C));
	CHECK(docconv_kinsoku_no_start(0xFF0C));   /* ， */
	CHECK(docconv_kinsoku_no_start(0x300D));   /* 」 */
	CHECK(docconv_kinsoku_no_end(0x201C));     /* “ */
	CHECK(!docconv_kinsoku_no_end(0x4E4C));
	CHECK(docconv_han_script(0x9019) == 1);    /* 這 */
	CHECK(docconv_han_script(0x8FD9) == -1);   /* 这 */
	CHECK(docconv_han_script(0x4E2D) == 0);    /* 中 */
	CHECK(docconv_han_script(0x5718) == 1);    /* 團, the last pair */
	CHECK(docconv_han_script(0x56E2) == -1);   /* 团 */
	CHECK(docconv_han_script(0x4E00) == 0 && docconv_han_script(0x9FFF) == 0);
	CHECK(docconv_han_script(0x3400) == 0 && docconv_han_script(0x20000) == 0);
	CHECK(!docconv_is_xml_char(0x1));
	CHECK(docconv_is_xml_char(0x1F600));

	docconv_buf b;
	docconv_buf_init(&b);
	CHECK(docconv_buf_puts(&b, "ab") == 0 && docconv_buf_put_cp(&b, 0x4E4C) == 0);
	CHECK(b.len == 5);
	char *s = docconv_buf_detach(&b, &l);
	CHECK_STR(s, "ab乌");
	free(s);
	return check_report("test_text");
}
