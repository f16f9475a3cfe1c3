/* test_decode.c — detection and decoding at the edge. Inputs are made here
 * with iconv from UTF-8 news text, so each case states the text it must
 * give back. */
#include <iconv.h>
#include <stdlib.h>

#include "check.h"
#include "conv/core/decode.h"
#include "conv/core/text.h"

/* A Simplified story for GB18030 and a Traditional one for Big5, with
 * full-width indents, CJK quotes and the slash of a Taiwan byline. */
static const char simplified[] =
	"　　新华社北京3月5日电（记者王小明）国务院总理今天在人民大会堂作"
	"政府工作报告。\n"
	"　　报告指出，今年经济增长预期目标为百分之五左右。\n"
	"“我们有信心完成全年目标。”他说。\n";
static const char traditional[] =
	"　　【記者王小明／台北報導】行政院今天通過明年度總預算案，"
	"國防經費較今年增加。\n"
	"　　「這是一個負責任的預算。」行政院發言人說。\n"
	"圖／取自網路\n";

/* s converted from UTF-8 to `enc`, or NULL (the test then fails). */
static unsigned char *encode(const char *s, size_t n, const char *enc,
                             size_t *out_len)
{
	iconv_t cd = iconv_open(enc, "UTF-8");
	if (cd == (iconv_t)-1)
		return NULL;
	size_t cap = n * 4 + 8, oleft = cap;
	char *buf = malloc(cap), *o = buf, *in = (char *)s;
	if (buf && iconv(cd, &in, &n, &o, &oleft) == (size_t)-1) {
		free(buf);
		buf = NULL;
	}
	iconv_close(cd);
	*out_len = cap - oleft;
	return (unsigned char *)buf;
}

/* s with every LF replaced by `eol`. */
static char *with_eol(const char *s, const char *eol)
{
	docconv_buf b;
	docconv_buf_init(&b);
	for (; *s; s++)
		if (*s == '\n')
			docconv_buf_puts(&b, eol);
		else
			docconv_buf_putc(&b, *s);
	return docconv_buf_detach(&b, NULL);
}

/* `prefix` then `s`, as one byte string. */
static unsigned char *prepend(const char *prefix, size_t plen,
                              const unsigned char *s, size_t n)
{
	unsigned char *r = malloc(plen + n);
	if (r) {
		memcpy(r, prefix, plen);
		memcpy(r + plen, s, n);
	}
	return r;
}

typedef struct outcome {
	docconv_status st;
	docconv_decoded dec;
	docconv_diag diag;
} outcome;

static void run(outcome *o, const unsigned char *bytes, size_t n,
                const char *forced)
{
	docconv_diag_init(&o->diag, "test");
	o->st = docconv_decode(bytes, n, forced, &o->dec, &o->diag);
}

static void done(outcome *o)
{
	docconv_decoded_free(&o->dec);
	docconv_diag_free(&o->diag);
}

static const docconv_diag_entry *first_of(const outcome *o,
                                          docconv_severity sev)
{
	for (size_t i = 0; i < o->diag.n_entries; i++)
		if (o->diag.entries[i].severity == sev)
			return &o->diag.entries[i];
	return NULL;
}

/* `text` (LF line ends) encoded as `enc` with `eol` line ends and `bom`
 * before it decodes back to `text`, named `want_enc` (unless NULL), with
 * `warnings` warnings. */
static void check_round_trip(const char *text, const char *enc,
                             const char *eol, const char *bom, size_t bom_len,
                             const char *want_enc, size_t warnings)
{
	char *src = with_eol(text, eol);
	size_t n = 0;
	unsigned char *body = src ? encode(src, strlen(src), enc, &n) : NULL;
	unsigned char *bytes = body ? prepend(bom, bom_len, body, n) : NULL;
	CHECK(bytes != NULL);
	if (bytes) {
		outcome o;
		run(&o, bytes, bom_len + n, NULL);
		CHECK(o.st == DOCCONV_OK);
		CHECK_STR(o.dec.text, text);
		if (want_enc)
			CHECK_STR(o.dec.encoding, want_enc);
		CHECK(o.dec.had_bom == (bom_len > 0));
		CHECK(o.dec.had_crlf == (strcmp(eol, "\n") != 0));
		CHECK(o.diag.n_warnings == warnings);
		done(&o);
	}
	free(bytes);
	free(body);
	free(src);
}

static void check_detection(void)
{
	check_round_trip(simplified, "UTF-8", "\n", "", 0, "UTF-8", 0);
	check_round_trip(simplified, "UTF-8", "\r\n", "\xEF\xBB\xBF", 3, "UTF-8",
	                 0);
	check_round_trip(simplified, "GB18030", "\r\n", "", 0, "GB18030", 0);
	check_round_trip(simplified, "GB18030", "\r", "", 0, "GB18030", 0);
	check_round_trip(traditional, "BIG5", "\n", "", 0, "BIG5", 0);
	check_round_trip(traditional, "BIG5", "\r\n", "", 0, "BIG5", 0);
	check_round_trip(traditional, "UTF-16LE", "\r\n", "\xFF\xFE", 2,
	                 "UTF-16LE", 0);
	check_round_trip(simplified, "UTF-16BE", "\n", "\xFE\xFF", 2, "UTF-16BE",
	                 0);
	check_round_trip(simplified, "UTF-32LE", "\n", "\xFF\xFE\0\0", 4,
	                 "UTF-32LE", 0);
	/* Without a mark: guessed, with a warning that says so. */
	check_round_trip(simplified, "UTF-16LE", "\r\n", "", 0, "UTF-16LE", 1);
	check_round_trip(traditional, "UTF-16BE", "\n", "", 0, "UTF-16BE", 1);
	check_round_trip("Mostly English text.\nWith two lines.\n", "UTF-16LE",
	                 "\n", "", 0, "UTF-16LE", 1);
	/* Short texts, where uchardet alone often names a Western encoding. */
	check_round_trip("中国", "GB18030", "\n", "", 0, "GB18030", 0);
	check_round_trip("北京报道", "GB18030", "\n", "", 0, "GB18030", 0);
	check_round_trip("颱風", "BIG5", "\n", "", 0, "BIG5", 0);
	check_round_trip("記者王小明／台北報導", "BIG5", "\n", "", 0, "BIG5", 0);
	/* Western text that is not UTF-8 still reads, under whichever of the
	 * Windows code pages that agree on it uchardet names. */
	check_round_trip("He said “hello” to the café owner.\n", "WINDOWS-1252",
	                 "\n", "", 0, NULL, 0);
}

/* An error at byte `offset` whose message contains `words`. */
static void check_error(const unsigned char *bytes, size_t n,
                        const char *forced, docconv_status want,
                        long long offset, const char *words)
{
	outcome o;
	run(&o, bytes, n, forced);
	const docconv_diag_entry *e = first_of(&o, DOCCONV_SEV_ERROR);
	CHECK(o.st == want);
	CHECK(o.dec.text == NULL);
	CHECK(e != NULL);
	if (o.st != want)
		fprintf(stderr, "  wanted an error saying \"%s\"\n", words);
	if (e) {
		CHECK(e->offset == offset);
		CHECK(strstr(e->message, words) != NULL);
		if (e->offset != offset || !strstr(e->message, words))
			fprintf(stderr, "  offset %lld: %s\n", e->offset, e->message);
	}
	done(&o);
}

/* The offset where the character holding byte `at` of s starts. */
static size_t char_start(const char *s, size_t at)
{
	while (at > 0 && ((unsigned char)s[at] & 0xC0) == 0x80)
		at--;
	return at;
}

static void check_bad_utf8(void)
{
	/* A lead byte damaged in the middle of a long UTF-8 text. */
	size_t n = strlen(simplified), at = char_start(simplified, 100);
	unsigned char *b = malloc(n);
	CHECK(b != NULL);
	if (!b)
		return;
	memcpy(b, simplified, n);
	b[at] = 0xFF;
	check_error(b, n, NULL, DOCCONV_ERR_DECODE, (long long)at,
	            "not valid UTF-8");
	free(b);
	/* Cut short in the last character. */
	check_error((const unsigned char *)simplified, 64, NULL,
	            DOCCONV_ERR_DECODE, (long long)char_start(simplified, 63),
	            "middle of a UTF-8 character");

	/* GB18030 text with a byte no encoding allows there: the error names
	 * where the GB18030 reading, the one that got furthest, stopped. */
	static const char part[] = "　　国务院总理今天在人民大会堂作政府工作报告。";
	size_t pn = 0;
	unsigned char *gb = encode(part, sizeof part - 1, "GB18030", &pn);
	unsigned char *junk = gb ? malloc(2 * pn + 1) : NULL;
	CHECK(junk != NULL);
	if (junk) {
		memcpy(junk, gb, pn);
		junk[pn] = 0xFF;
		memcpy(junk + pn + 1, gb, pn);
		check_error(junk, 2 * pn + 1, NULL, DOCCONV_ERR_DECODE,
		            (long long)pn,
		            "not valid UTF-8, GB18030 or Big5 text (read as GB18030");
	}
	free(junk);
	free(gb);
}

static void check_binary(void)
{
	static const struct { const char *magic; size_t len; const char *what; }
	files[] = {
		{ "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, "PNG image" },
		{ "\x7f" "ELF\2\1\1\0", 8, "ELF executable" },
		{ "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n", 15, "PDF document" },
		{ "PK\x03\x04\x14\0\0\0", 8, "ZIP archive" },
		{ "\x1f\x8b\x08\0\0\0\0\0", 8, "gzip archive" },
		{ "\xff\xd8\xff\xe0\0\x10JFIF", 10, "JPEG image" },
	};
	for (size_t i = 0; i < sizeof files / sizeof *files; i++)
		check_error((const unsigned char *)files[i].magic, files[i].len,
		            NULL, DOCCONV_ERR_DECODE, 0, files[i].what);
	/* No magic: a table of little-endian 32-bit counts, the way binary
	 * data looks. */
	unsigned char blob[256];
	for (size_t i = 0; i < sizeof blob; i++)
		blob[i] = (unsigned char)(i % 4 == 0 ? 'A' + i % 26
		                          : i % 4 == 1 ? i / 4 : 0);
	const unsigned char *zero = memchr(blob, 0, sizeof blob);
	check_error(blob, sizeof blob, NULL, DOCCONV_ERR_DECODE,
	            zero ? zero - blob : -1, "binary file");
}

static void check_stray_controls(void)
{
	/* Two NULs and a bell in GB18030 text, and a form feed (a line break):
	 * dropped with one warning at the first one's byte offset. */
	static const char text[] = "　　第一段。\x00第二\x07段。\f第三段\x00。\n";
	size_t n = 0;
	unsigned char *b = encode(text, sizeof text - 1, "GB18030", &n);
	CHECK(b != NULL);
	if (!b)
		return;
	outcome o;
	run(&o, b, n, NULL);
	const docconv_diag_entry *w = first_of(&o, DOCCONV_SEV_WARNING);
	CHECK(o.st == DOCCONV_OK);
	CHECK_STR(o.dec.text, "　　第一段。第二段。\n第三段。\n");
	CHECK_STR(o.dec.encoding, "GB18030");
	CHECK(o.diag.n_warnings == 1);
	/* 　　第一段。 is 6 characters of 2 bytes each in GB18030. */
	CHECK(w && w->offset == 12);
	CHECK(w && strstr(w->message, "dropped 3 control characters"));
	done(&o);
	free(b);

	/* The same in UTF-16LE with a mark: the offset counts its bytes. */
	b = encode(text, sizeof text - 1, "UTF-16LE", &n);
	unsigned char *m = b ? prepend("\xFF\xFE", 2, b, n) : NULL;
	CHECK(m != NULL);
	if (m) {
		run(&o, m, n + 2, NULL);
		w = first_of(&o, DOCCONV_SEV_WARNING);
		CHECK(o.st == DOCCONV_OK);
		CHECK_STR(o.dec.text, "　　第一段。第二段。\n第三段。\n");
		CHECK(w && w->offset == 2 + 12);
		done(&o);
	}
	free(m);
	free(b);
}

/* A text padded with zero bytes to a record's size (a crawler's file):
 * the padding is dropped with a warning at its offset, not taken for a
 * binary file; zeros inside the text still are. */
static void check_zero_padding(void)
{
	unsigned char b[600];
	const char *text = "本报讯 今天，全市开展防汛演练。\n";
	size_t tl = strlen(text);
	memset(b, 0, sizeof b);
	memcpy(b, text, tl);
	outcome o;
	run(&o, b, sizeof b, NULL);
	const docconv_diag_entry *w = first_of(&o, DOCCONV_SEV_WARNING);
	CHECK(o.st == DOCCONV_OK);
	CHECK_STR(o.dec.text, text);
	CHECK(w && w->offset == (long long)tl);
	CHECK(w && strstr(w->message, "zero bytes padding"));
	done(&o);
	/* The same zeros in the middle: a binary file. */
	memmove(b + 300, b, tl);
	memset(b, 0, 300);
	memcpy(b, text, tl);
	run(&o, b, 300 + tl, NULL);
	CHECK(o.st == DOCCONV_ERR_DECODE);
	done(&o);
}

/* Both Big5 full-width slashes, A1FE and A241, read as ／. */
static void check_big5_slashes(void)
{
	size_t n1 = 0, n2 = 0;
	unsigned char *a = encode("記者王小明", strlen("記者王小明"), "BIG5", &n1);
	unsigned char *b = encode("台北報導", strlen("台北報導"), "BIG5", &n2);
	unsigned char *s = a && b ? malloc(2 * (n1 + 2 + n2)) : NULL;
	CHECK(s != NULL);
	if (s) {
		static const char *const slashes[2] = { "\xA1\xFE", "\xA2\x41" };
		size_t n = 0;
		for (int i = 0; i < 2; i++) {
			memcpy(s + n, a, n1);
			memcpy(s + n + n1, slashes[i], 2);
			memcpy(s + n + n1 + 2, b, n2);
			n += n1 + 2 + n2;
		}
		outcome o;
		run(&o, s, n, NULL);
		CHECK(o.st == DOCCONV_OK);
		CHECK_STR(o.dec.text, "記者王小明／台北報導記者王小明／台北報導");
		CHECK_STR(o.dec.encoding, "BIG5");
		done(&o);
	}
	free(s);
	free(a);
	free(b);
}

/* Warnings of `o` whose message holds `words`. */
static size_t warnings_with(const outcome *o, const char *words)
{
	size_t k = 0;
	for (size_t i = 0; i < o->diag.n_entries; i++)
		k += o->diag.entries[i].severity == DOCCONV_SEV_WARNING &&
		     strstr(o->diag.entries[i].message, words) != NULL;
	return k;
}

/* Hong Kong text with characters only Big5-HKSCS has (哋, 咗, 攰, 𨋢)
 * reads as Big5-HKSCS, not as the GB18030 garble that plain Big5 failing
 * left; a text no candidate reads as text, and one two candidates read
 * alike, decode with a warning. */
static void check_hkscs_and_doubt(void)
{
	static const char hk[] =
		"　　有市民表示：「我哋都明白，但係咗咁耐，真係好攰。」另一位市民"
		"就話佢會配合，政府發言人表示，有關措施將於下星期一起實施，為期"
		"十四日。大廈𨋢槽維修。\n";
	check_round_trip(hk, "BIG5-HKSCS", "\n", "", 0, "BIG5-HKSCS", 0);
	check_round_trip(traditional, "BIG5-HKSCS", "\r\n", "", 0, NULL, 0);

	/* Ideographs of Extension A only (GB18030's four-byte forms): it
	 * decodes, as nothing a newspaper prints. */
	static const char rare[] = "Title\n\n㐀㐁㐂 㐃㐄㐅㐆㐇㐈㐉㐊㐋㐌㐍\n";
	size_t n = 0;
	unsigned char *gb = encode(rare, strlen(rare), "GB18030", &n);
	CHECK(gb != NULL);
	outcome o;
	if (gb) {
		run(&o, gb, n, NULL);
		CHECK(o.st == DOCCONV_OK);
		CHECK(warnings_with(&o, "reads unlike text in any encoding") == 1);
		done(&o);
	}
	free(gb);

	/* Two bytes that are one character in GB18030 and another in Big5,
	 * neither of them common: no way to tell. */
	static const unsigned char tie[] = "Title\n\nA \xB0\xA1 b\n";
	run(&o, tie, sizeof tie - 1, NULL);
	CHECK(o.st == DOCCONV_OK);
	CHECK(warnings_with(&o, "reads as text in") == 1);
	done(&o);
}

static void check_forced(void)
{
	size_t n = 0;
	unsigned char *gb = encode(simplified, strlen(simplified), "GB18030", &n);
	CHECK(gb != NULL);
	if (!gb)
		return;
	outcome o;
	run(&o, gb, n, "gb18030");
	CHECK(o.st == DOCCONV_OK);
	CHECK_STR(o.dec.text, simplified);
	CHECK_STR(o.dec.encoding, "GB18030");
	done(&o);

	/* GB18030 bytes forced as UTF-8: the first Chinese byte is bad (the
	 * two full-width spaces are A1 A1 A1 A1). */
	check_error(gb, n, "UTF-8", DOCCONV_ERR_DECODE, 0, "as --encoding says");
	check_error(gb, n, "NO-SUCH-ENCODING", DOCCONV_ERR_USAGE, -1,
	            "unknown encoding NO-SUCH-ENCODING");
	check_error(gb, n, "UTF-8//IGNORE", DOCCONV_ERR_USAGE, -1,
	            "unknown encoding");
	free(gb);

	/* A forced UTF-8 with a BOM drops the BOM. */
	static const unsigned char bom[] = "\xEF\xBB\xBFok\r\n";
	run(&o, bom, sizeof bom - 1, "utf8");
	CHECK(o.st == DOCCONV_OK);
	CHECK_STR(o.dec.text, "ok\n");
	CHECK_STR(o.dec.encoding, "UTF-8");
	CHECK(o.dec.had_bom && o.dec.had_crlf);
	done(&o);
}

static void check_limits(void)
{
	/* The limit is checked before a byte is read. */
	static const unsigned char one[1] = { 'a' };
	check_error(one, (size_t)DOCCONV_MAX_INPUT_BYTES + 1, NULL,
	            DOCCONV_ERR_LIMIT, -1, "over the limit");
	outcome o;
	run(&o, one, 0, NULL);
	CHECK(o.st == DOCCONV_OK && o.dec.len == 0 && o.dec.text &&
	      !*o.dec.text);
	done(&o);
}

int main(void)
{
	check_detection();
	check_bad_utf8();
	check_binary();
	check_stray_controls();
	check_zero_padding();
	check_big5_slashes();
	check_hkscs_and_doubt();
	check_forced();
	check_limits();
	return check_report("test_decode");
}
