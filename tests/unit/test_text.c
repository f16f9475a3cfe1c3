/* test_text.c — UTF-8 decoding and the character classes. */
#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "conv/core/mem.h"
#include "conv/core/text.h"

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
	/* Case is Unicode's, not a guess from even and odd code points: in
	 * Latin Extended-A the pairs run both ways round. */
	CHECK(docconv_is_upper_latin(0x0141) && !docconv_is_lower_latin(0x0141)); /* Ł */
	CHECK(docconv_is_lower_latin(0x0142) && !docconv_is_upper_latin(0x0142)); /* ł */
	CHECK(docconv_is_upper_latin(0x017D) && !docconv_is_lower_latin(0x017D)); /* Ž */
	CHECK(docconv_is_lower_latin(0x017E) && !docconv_is_upper_latin(0x017E)); /* ž */
	CHECK(docconv_is_upper_latin(0x0100) && docconv_is_lower_latin(0x0101)); /* Ā ā */
	CHECK(docconv_is_lower_latin(0x0138));     /* ĸ has no capital */
	CHECK(docconv_is_upper_latin(0x01C5));     /* ǅ, titlecase */
	CHECK(docconv_is_upper_latin(0x0416) && docconv_is_lower_latin(0x0436)); /* Ж ж */
	CHECK(docconv_is_upper_latin(0x03A3) && !docconv_is_alnum_latin(0x03A2)); /* Σ, unassigned */
	CHECK(docconv_is_alnum_latin(0x0141) && docconv_is_alnum_latin('7'));
	CHECK(!docconv_is_alnum_latin(0x00D7));    /* × */
	CHECK(!docconv_is_alnum_latin(0x02BC));    /* ʼ, a modifier letter */
	CHECK(!docconv_is_alnum_latin(0x4E4C));    /* Han is not Latin */
	CHECK(!docconv_is_upper_latin(0xFF21));    /* full-width Ａ: CJK */
	CHECK(docconv_is_combining(0x0301) && docconv_is_combining(0x093F));
	CHECK(!docconv_is_combining('a'));
	CHECK(docconv_is_space(0x00A0) && docconv_is_space(0x200B) && docconv_is_space('\t'));
	CHECK(!docconv_is_space(0x200D));          /* ZWJ joins, not spaces */
	CHECK(!docconv_is_xml_char(0x1));
	CHECK(docconv_is_xml_char(0x1F600));

	docconv_buf b;
	docconv_buf_init(&b);
	CHECK(docconv_buf_puts(&b, "ab") == 0 && docconv_buf_put_cp(&b, 0x4E4C) == 0);
	CHECK(b.len == 5);
	char *s = docconv_buf_detach(&b, &l);
	CHECK_STR(s, "ab乌");
	free(s);

	char *c = docconv_strndup("乌海市", 3);
	CHECK(c != NULL);
	CHECK_STR(c, "乌");
	free(c);
	int *items = NULL;
	size_t cap = 0;
	CHECK(docconv_array_reserve((void **)&items, &cap, 1, sizeof *items) == 0 &&
	      cap == DOCCONV_ARRAY_FIRST);
	CHECK(docconv_array_reserve((void **)&items, &cap, 40, sizeof *items) == 0 &&
	      cap == 64);
	items[39] = 1;
	CHECK(docconv_array_reserve((void **)&items, &cap, SIZE_MAX / 2,
	                            sizeof *items) == -1 && cap == 64);
	free(items);
	return check_report("test_text");
}
