/* test_diag.c — diagnostics: what reaches the user's terminal, long
 * messages, and the cap on how many are kept. */
#include <stdlib.h>

#include "check.h"
#include "conv/core/diag.h"
#include "conv/core/text.h"

static void test_controls_escaped(void)
{
	docconv_diag d;
	docconv_diag_init(&d, "x.json");
	docconv_diag_add(&d, DOCCONV_SEV_WARNING, 1, -1, "key \"%s\"",
	                 "\x1b]0;title\x07 and \xc2\x9b" "31m, tab\there, \x7f");
	CHECK_STR(d.entries[0].message,
	          "key \"\\x1B]0;title\\x07 and \\u009B31m, tab\\x09here, \\x7F\"");
	/* Characters that are not controls pass unchanged. */
	docconv_diag_add(&d, DOCCONV_SEV_ERROR, 0, -1, "%s", "中文 é \xc2\xa0 ok");
	CHECK_STR(d.entries[1].message, "中文 é \xc2\xa0 ok");
	docconv_diag_free(&d);
}

/* A message past DOCCONV_DIAG_MSG_MAX is cut at a character boundary,
 * whether the cut falls in the text or in an escape. */
static void test_long_messages(void)
{
	docconv_diag d;
	docconv_diag_init(&d, NULL);
	char long_cjk[3 * DOCCONV_DIAG_MSG_MAX + 1] = "";
	for (int i = 0; i < DOCCONV_DIAG_MSG_MAX; i++)
		strcat(long_cjk, "中");
	for (int shift = 0; shift < 4; shift++) {
		char ctl[DOCCONV_DIAG_MSG_MAX] = "";
		memset(ctl, '\x01', DOCCONV_DIAG_MSG_MAX / 3);
		docconv_diag_add(&d, DOCCONV_SEV_ERROR, 0, -1, "%.*s%s", shift,
		                 "abc", long_cjk);
		docconv_diag_add(&d, DOCCONV_SEV_ERROR, 0, -1, "%.*s%s中", shift,
		                 "abc", ctl);
	}
	for (size_t i = 0; i < d.n_entries; i++) {
		const char *m = d.entries[i].message;
		size_t len = strlen(m);
		CHECK(len < DOCCONV_DIAG_MSG_MAX);
		CHECK(len > DOCCONV_DIAG_MSG_MAX - 8);
		CHECK(docconv_utf8_valid(m, len, NULL));
	}
	docconv_diag_free(&d);
}

/* Past DOCCONV_DIAG_MAX_ENTRIES messages are counted, not kept. */
static void test_entry_cap(void)
{
	docconv_diag d;
	docconv_diag_init(&d, NULL);
	for (int i = 0; i < DOCCONV_DIAG_MAX_ENTRIES + 50; i++)
		docconv_warn(&d, "warning %d", i);
	CHECK(d.n_entries == DOCCONV_DIAG_MAX_ENTRIES);
	CHECK(d.dropped == 50);
	CHECK(d.n_warnings == DOCCONV_DIAG_MAX_ENTRIES + 50);
	CHECK_STR(d.entries[DOCCONV_DIAG_MAX_ENTRIES - 1].message, "warning 199");
	docconv_diag_free(&d);
}

int main(void)
{
	test_controls_escaped();
	test_long_messages();
	test_entry_cap();
	return check_report("test_diag");
}
