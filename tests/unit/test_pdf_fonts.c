/* test_pdf_fonts.c — the PDF writer's fonts on the font packages
 * scripts/setup.sh installs, under the tests' fontconfig configuration
 * (FONTCONFIG_FILE, set by ctest): faces by role and language, found at
 * their Debian paths or through fontconfig, found only when needed;
 * fallback; shaping; subsetting TrueType and CFF (CID-keyed and
 * name-keyed); the CFF reader on crafted fonts; the fonts and text built
 * into a libharu 2.3.0 document. Exits 77 (skipped) when the fonts are not
 * installed. */
#include <hb.h>
#include <hpdf.h>
#include <stdlib.h>

#include "check.h"
#include "conv/core/text.h"
#include "formats/pdf/cff.h"
#include "formats/pdf/fonts.h"
#include "formats/pdf/haru_fix.h"
#include "formats/pdf/shape.h"
#include "formats/pdf/subset.h"

#define SKIP 77

#define NOTO_SERIF "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
#define TERMES "/usr/share/texmf/fonts/opentype/public/tex-gyre/" \
               "texgyretermes-regular.otf"
#define DEJAVU_SANS "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
#define UMING "/usr/share/fonts/truetype/arphic/uming.ttc"

#define BODY(s) PDF_ROLE(PDF_STYLE_BODY, PDF_SCRIPT_##s)
#define HEADING(s) PDF_ROLE(PDF_STYLE_HEADING, PDF_SCRIPT_##s)
#define CAPTION(s) PDF_ROLE(PDF_STYLE_CAPTION, PDF_SCRIPT_##s)

static int contains(const unsigned char *d, size_t n, const char *s)
{
	size_t k = strlen(s);
	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(d + i, s, k) == 0)
			return 1;
	return 0;
}

static pdf_face *role_face(pdf_fontset *fs, pdf_font_role r)
{
	uint16_t slot = pdf_fontset_role(fs, r);
	return slot == PDF_NO_FACE ? NULL : pdf_fontset_face(fs, slot);
}

static int face_is(pdf_fontset *fs, pdf_font_role r, const char *name,
                   unsigned index, int cff)
{
	pdf_face *f = role_face(fs, r);
	return f && strcmp(f->name, name) == 0 && f->index == index &&
	       f->cff == cff;
}

static pdf_fontset *open_fonts(const docconv_write_opts *o)
{
	docconv_diag d;
	docconv_diag_init(&d, NULL);
	pdf_fontset *fs = NULL;
	CHECK(pdf_fontset_open(o, &fs, &d) == DOCCONV_OK && fs);
	docconv_diag_free(&d);
	return fs;
}

/* Song body, bold Hei headlines, Kai captions, in the mainland or the
 * Taiwan face of each collection; Liberation for Latin; each looked for
 * only when first needed. */
static void test_roles(void)
{
	docconv_write_opts o;
	memset(&o, 0, sizeof o);
	pdf_fontset *fs = open_fonts(&o);
	if (!fs)
		return;
	CHECK(pdf_fontset_count(fs) == 0);
	CHECK(face_is(fs, BODY(LATIN), "Liberation Serif", 0, 0));
	CHECK(pdf_fontset_count(fs) == 1);   /* no Chinese face yet */
	CHECK(face_is(fs, HEADING(LATIN), "Liberation Sans", 0, 0));
	CHECK(role_face(fs, CAPTION(LATIN)) == role_face(fs, BODY(LATIN)));
	CHECK(face_is(fs, BODY(HANS), "Noto Serif CJK SC", 2, 1));
	CHECK(face_is(fs, BODY(HANT), "Noto Serif CJK TC", 3, 1));
	CHECK(face_is(fs, HEADING(HANS), "Noto Sans CJK SC", 2, 1));
	CHECK(face_is(fs, HEADING(HANT), "Noto Sans CJK TC", 3, 1));
	CHECK(face_is(fs, CAPTION(HANS), "AR PL UKai CN", 0, 0));
	CHECK(face_is(fs, CAPTION(HANT), "AR PL UKai TW", 2, 0));
	int32_t w = 0;
	CHECK(pdf_fontset_glyph(fs, pdf_fontset_role(fs, BODY(HANS)), 0x4E2D,
	                        &w) && w == 1000);   /* 中 */
	CHECK(pdf_fontset_glyph(fs, pdf_fontset_role(fs, BODY(LATIN)), 'a',
	                        &w) && w == 444);
	CHECK(strstr(role_face(fs, HEADING(HANS))->path, "Bold") != NULL);

	/* Fallback: an emoji only DejaVu Sans has; a private-use character
	 * no font has; the placeholder box from the body face. */
	uint16_t slot = 0;
	CHECK(!pdf_fontset_glyph(fs, pdf_fontset_role(fs, BODY(LATIN)),
	                         0x1F600, NULL));
	CHECK(pdf_fontset_fallback(fs, BODY(LATIN), 0x1F600, &slot) &&
	      strcmp(pdf_fontset_face(fs, slot)->name, "DejaVu Sans") == 0);
	CHECK(!pdf_fontset_fallback(fs, BODY(LATIN), 0x10FFFD, &slot));
	uint32_t box = 0;
	CHECK(pdf_fontset_placeholder(fs, BODY(HANS), &slot, &box) &&
	      box == 0x25A1 && slot == pdf_fontset_role(fs, BODY(HANS)));
	pdf_fontset_free(fs);
}

static void test_options(void)
{
	docconv_diag d;
	docconv_diag_init(&d, NULL);
	pdf_fontset *fs = NULL;
	docconv_write_opts o;
	memset(&o, 0, sizeof o);
	o.caption_font = "No Such Family 1234";
	CHECK(pdf_fontset_open(&o, &fs, &d) == DOCCONV_ERR_FONT && !fs);
	CHECK(d.n_entries == 1 && strstr(d.entries[0].message, "--caption-font") &&
	      strstr(d.entries[0].message, "No Such Family 1234"));
	/* A face of a collection by index, a family with a style, a CFF
	 * Latin font as a file. */
	o.font = UMING ":2";
	o.heading_font = "WenQuanYi Zen Hei";
	o.caption_font = "Noto Serif CJK SC:bold";
	o.latin_font = TERMES;
	CHECK(pdf_fontset_open(&o, &fs, &d) == DOCCONV_OK && fs);
	if (fs) {
		CHECK(face_is(fs, BODY(HANS), "AR PL UMing TW", 2, 0));
		CHECK(role_face(fs, BODY(HANT)) == role_face(fs, BODY(HANS)));
		CHECK(face_is(fs, HEADING(HANT), "WenQuanYi Zen Hei", 0, 0));
		CHECK(face_is(fs, CAPTION(HANS), "Noto Serif CJK SC", 2, 1) &&
		      strstr(role_face(fs, CAPTION(HANS))->path, "Bold"));
		CHECK(face_is(fs, HEADING(LATIN), "TeXGyreTermes", 0, 1));
		pdf_fontset_free(fs);
	}
	docconv_diag_free(&d);
}

/* Without a configuration of the user's own the defaults are taken from
 * the paths Debian installs them to, without fontconfig; they are the
 * faces fontconfig gives for the same families. */
static void test_known_paths(void)
{
	const char *conf = getenv("FONTCONFIG_FILE");
	char *saved = conf ? strdup(conf) : NULL;
	docconv_write_opts o;
	memset(&o, 0, sizeof o);
	unsetenv("FONTCONFIG_FILE");
	pdf_fontset *known = open_fonts(&o);
	if (saved)
		setenv("FONTCONFIG_FILE", saved, 1);
	o.font = "Noto Serif CJK SC";
	o.heading_font = "Noto Sans CJK SC:bold";
	o.latin_font = "Liberation Serif";
	pdf_fontset *asked = open_fonts(&o);
	if (known && asked) {
		static const pdf_font_role roles[] = { BODY(HANS), HEADING(HANS),
		                                       BODY(LATIN) };
		for (size_t i = 0; i < sizeof roles / sizeof *roles; i++) {
			pdf_face *k = role_face(known, roles[i]);
			pdf_face *a = role_face(asked, roles[i]);
			CHECK(k && a && strcmp(k->name, a->name) == 0 &&
			      k->index == a->index);
			/* fontconfig may name the other of two Liberation
			 * folders; the known path is the first */
			CHECK(k && a && strcmp(strrchr(k->path, '/'),
			                       strrchr(a->path, '/')) == 0);
		}
		CHECK(strcmp(role_face(known, BODY(HANS))->path, NOTO_SERIF) == 0);
	}
	pdf_fontset_free(known);
	pdf_fontset_free(asked);
	free(saved);
}

/* Two fontsets (two batch threads) read one mapping of a font file, and
 * the file is let go when the last face using it closes. */
static void test_shared_files(void)
{
	docconv_write_opts o;
	memset(&o, 0, sizeof o);
	pdf_fontset *a = open_fonts(&o), *b = open_fonts(&o);
	if (a && b) {
		pdf_face *fa = role_face(a, BODY(HANS)), *fb = role_face(b, BODY(HANS));
		hb_blob_t *ba = hb_face_reference_blob(fa->face);
		hb_blob_t *bb = hb_face_reference_blob(fb->face);
		CHECK(fa->face != fb->face && fa->file_slot >= 0 &&
		      fa->file_slot == fb->file_slot);
		CHECK(hb_blob_get_length(ba) > 0 &&
		      hb_blob_get_data(ba, NULL) == hb_blob_get_data(bb, NULL));
		hb_blob_destroy(ba);
		hb_blob_destroy(bb);
	}
	pdf_fontset_free(a);
	pdf_fontset_free(b);
	/* Opened again after both closed: a fresh mapping that works. */
	a = open_fonts(&o);
	if (a)
		CHECK(pdf_fontset_glyph(a, pdf_fontset_role(a, BODY(HANS)), 0x4E2D,
		                        NULL));
	pdf_fontset_free(a);
}

/* The characters of s, all in `font`, shaped. */
static size_t shape(pdf_fontset *fs, uint16_t font, const char *s,
                    pdf_glyph *g, pdf_shaping *out)
{
	size_t n = 0, len = strlen(s);
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		i += docconv_utf8_decode(s + i, len - i, &cp);
		g[n++] = (pdf_glyph){ cp, font, 0, 0 };
	}
	hb_buffer_t *buf = hb_buffer_create();
	CHECK(pdf_shape_text(fs, buf, "en", g, n, out) == DOCCONV_OK);
	hb_buffer_destroy(buf);
	return n;
}

/* Kerning, a ligature, a mark on its letter; the text of every glyph. */
static void test_shaping(void)
{
	docconv_write_opts o;
	memset(&o, 0, sizeof o);
	o.font = DEJAVU_SANS;
	o.latin_font = TERMES;
	pdf_fontset *fs = open_fonts(&o);
	if (!fs)
		return;
	uint16_t dejavu = pdf_fontset_role(fs, BODY(HANS));
	uint16_t termes = pdf_fontset_role(fs, BODY(LATIN));
	pdf_glyph g[16];
	pdf_shaping sh;
	int32_t a = 0, v = 0;
	pdf_fontset_glyph(fs, dejavu, 'A', &a);
	pdf_fontset_glyph(fs, dejavu, 'V', &v);
	size_t n = shape(fs, dejavu, "AV", g, &sh);
	CHECK(n == 2 && sh.n == 2 && g[0].width < a && g[1].width == v);
	pdf_shaping_free(&sh);

	/* "fi" in TeX Gyre Termes: one glyph standing for both letters; the
	 * i drawn by it, with no width or break of its own. */
	n = shape(fs, termes, "fit", g, &sh);
	CHECK(n == 3 && sh.n == 2);
	CHECK(sh.glyphs[0].n_text == 2 && sh.glyphs[0].text == 0 &&
	      sh.glyphs[1].text == 2 && sh.glyphs[1].n_text == 1);
	CHECK(!(g[0].flags & PDF_GLYPH_CLUSTER) &&
	      (g[1].flags & PDF_GLYPH_CLUSTER) && g[1].width == 0);
	CHECK(sh.start[0] == 0 && sh.start[1] == 1 && sh.start[2] == 1 &&
	      sh.start[3] == 2);
	pdf_shaping_free(&sh);

	/* q with a dot above (no precomposed form): the dot has no advance,
	 * is drawn back over the q, and the two form one span whose text is
	 * both characters. */
	n = shape(fs, dejavu, "q\xCC\x87", g, &sh);
	CHECK(n == 2 && sh.n == 2 && g[1].width == 0 &&
	      !(g[1].flags & PDF_GLYPH_CLUSTER));
	CHECK(sh.glyphs[1].x < 0 && sh.glyphs[1].n_text == 1 &&
	      sh.glyphs[0].span_glyphs == 2 && sh.glyphs[0].span_text == 2);
	pdf_shaping_free(&sh);
	pdf_fontset_free(fs);
}

/* A CFF font of `charset` (format byte and data) for n_glyphs glyphs, CID-
 * keyed when `cid`, into out; returns its length. Just the parts cff.c
 * reads: header, name, top DICT, strings, charset, CharStrings. */
static size_t make_cff(int cid, const unsigned char *charset, size_t cs_len,
                       unsigned n_glyphs, unsigned char *out)
{
	size_t at = 0;
	const unsigned char header[] = { 1, 0, 4, 1 };
	memcpy(out, header, 4);
	at = 4;
	/* Name INDEX: one name "F". */
	const unsigned char names[] = { 0, 1, 1, 1, 2, 'F' };
	memcpy(out + at, names, sizeof names);
	at += sizeof names;
	/* Top DICT INDEX: one DICT, offsets filled in below. */
	size_t top = at;
	unsigned char dict[32];
	size_t dl = 0;
	if (cid) {   /* ROS: SIDs 391 and 392, supplement 7 */
		dict[dl++] = 28; dict[dl++] = 1; dict[dl++] = 135;
		dict[dl++] = 28; dict[dl++] = 1; dict[dl++] = 136;
		dict[dl++] = 139 + 7; dict[dl++] = 12; dict[dl++] = 30;
	}
	size_t charset_op = dl;
	dict[dl++] = 29; dl += 4; dict[dl++] = 15;      /* charset */
	size_t strings_op = dl;
	dict[dl++] = 29; dl += 4; dict[dl++] = 17;      /* CharStrings */
	out[at++] = 0; out[at++] = 1; out[at++] = 1; out[at++] = 1;
	out[at++] = (unsigned char)(dl + 1);
	size_t dict_at = at;
	memcpy(out + at, dict, dl);
	at += dl;
	/* String INDEX: "Acme", "Test". */
	const unsigned char strings[] = { 0, 2, 1, 1, 5, 9, 'A', 'c', 'm', 'e',
	                                  'T', 'e', 's', 't' };
	memcpy(out + at, strings, sizeof strings);
	at += sizeof strings;
	/* Global subrs: none. */
	out[at++] = 0;
	out[at++] = 0;
	size_t charset_at = at;
	memcpy(out + at, charset, cs_len);
	at += cs_len;
	/* CharStrings INDEX: n glyphs of one byte (endchar). */
	size_t glyphs_at = at;
	out[at++] = (unsigned char)(n_glyphs >> 8);
	out[at++] = (unsigned char)n_glyphs;
	out[at++] = 1;
	for (unsigned i = 0; i <= n_glyphs; i++)
		out[at++] = (unsigned char)(1 + i);
	for (unsigned i = 0; i < n_glyphs; i++)
		out[at++] = 14;
	for (int k = 0; k < 2; k++) {
		size_t op = dict_at + (k ? strings_op : charset_op) + 1;
		size_t v = k ? glyphs_at : charset_at;
		out[op] = (unsigned char)(v >> 24);
		out[op + 1] = (unsigned char)(v >> 16);
		out[op + 2] = (unsigned char)(v >> 8);
		out[op + 3] = (unsigned char)v;
	}
	(void)top;
	return at;
}

static void test_cff_reader(void)
{
	unsigned char cff[512];
	pdf_cff_info info;
	/* Format 0: one CID per glyph after .notdef. */
	const unsigned char f0[] = { 0, 0, 10, 0, 20, 1, 0 };
	size_t len = make_cff(1, f0, sizeof f0, 4, cff);
	CHECK(pdf_cff_read(cff, len, &info) == 0 && info.cid_keyed &&
	      info.n_glyphs == 4 && strcmp(info.registry, "Acme") == 0 &&
	      strcmp(info.ordering, "Test") == 0 && info.supplement == 7);
	CHECK(pdf_cff_cid(cff, &info, 0) == 0 && pdf_cff_cid(cff, &info, 1) == 10 &&
	      pdf_cff_cid(cff, &info, 2) == 20 && pdf_cff_cid(cff, &info, 3) == 256);
	CHECK(pdf_cff_cid(cff, &info, 4) == -1);
	/* Format 1: ranges of consecutive CIDs (first, count left). */
	const unsigned char f1[] = { 1, 0, 100, 1, 3, 0, 0 };
	len = make_cff(1, f1, sizeof f1, 4, cff);
	CHECK(pdf_cff_read(cff, len, &info) == 0);
	CHECK(pdf_cff_cid(cff, &info, 1) == 100 && pdf_cff_cid(cff, &info, 2) == 101 &&
	      pdf_cff_cid(cff, &info, 3) == 768);
	/* Format 2: two-byte counts. */
	const unsigned char f2[] = { 2, 0, 50, 0, 2 };
	len = make_cff(1, f2, sizeof f2, 4, cff);
	CHECK(pdf_cff_read(cff, len, &info) == 0 && pdf_cff_cid(cff, &info, 3) == 52);
	/* Name-keyed: glyph index is the CID, the system Adobe-Identity. */
	len = make_cff(0, f0, sizeof f0, 4, cff);
	CHECK(pdf_cff_read(cff, len, &info) == 0 && !info.cid_keyed &&
	      strcmp(info.registry, "Adobe") == 0 && pdf_cff_cid(cff, &info, 3) == 3);
	/* Cut short anywhere: refused or read within bounds, never past. */
	len = make_cff(1, f0, sizeof f0, 4, cff);
	for (size_t cut = 0; cut < len; cut++) {
		unsigned char *part = malloc(cut ? cut : 1);
		memcpy(part, cff, cut);
		if (pdf_cff_read(part, cut, &info) == 0)
			for (unsigned g = 0; g < 6; g++)
				pdf_cff_cid(part, &info, g);
		free(part);
	}
	CHECK(pdf_cff_read((const unsigned char *)"\x02\x00\x04\x01", 4, &info) != 0);
}

/* A subset, and the CIDs that select its glyphs. */
static int subset_of(pdf_face *f, const uint32_t *cps, size_t n,
                     uint32_t *gids, uint16_t *cids, pdf_font_program *p)
{
	docconv_diag d;
	docconv_diag_init(&d, NULL);
	for (size_t i = 0; i < n; i++) {
		hb_codepoint_t g = 0;
		CHECK(hb_font_get_nominal_glyph(f->font, cps[i], &g));
		gids[i] = g;
	}
	int ok = pdf_subset_build(f, gids, n, p, cids, &d) == DOCCONV_OK;
	docconv_diag_free(&d);
	return ok;
}

/* TrueType, CID-keyed CFF (Noto: CIDs are its glyph indices, kept by the
 * subsetter) and name-keyed CFF (TeX Gyre: CIDs are the subset's glyph
 * indices); then all three built into a document, drawn and saved. */
static void test_subset_and_embed(void)
{
	docconv_write_opts o;
	memset(&o, 0, sizeof o);
	o.font = NOTO_SERIF ":2";
	o.heading_font = DEJAVU_SANS;
	o.latin_font = TERMES;
	pdf_fontset *fs = open_fonts(&o);
	if (!fs)
		return;
	static const uint32_t cps[] = { 'A', 0x4E2D, 0x6587 };
	pdf_face *faces[3] = { role_face(fs, BODY(HANS)),
	                       role_face(fs, HEADING(HANS)),
	                       role_face(fs, BODY(LATIN)) };
	pdf_font_program prog[3];
	uint32_t gids[3][3];
	uint16_t cids[3][3];
	size_t n[3] = { 3, 1, 1 };
	for (int i = 0; i < 3; i++)
		CHECK(subset_of(faces[i], cps, n[i], gids[i], cids[i], &prog[i]));
	CHECK(prog[0].cff && !prog[1].cff && prog[2].cff);
	pdf_cff_info info;
	CHECK(pdf_cff_read(prog[0].data, prog[0].len, &info) == 0 &&
	      info.cid_keyed && info.n_glyphs == 4);
	for (int k = 0; k < 3; k++)
		CHECK(cids[0][k] == gids[0][k]);
	CHECK(strcmp(prog[0].registry, "Adobe") == 0 &&
	      strcmp(prog[0].ordering, "Identity") == 0);
	CHECK(pdf_cff_read(prog[2].data, prog[2].len, &info) == 0 &&
	      !info.cid_keyed && cids[2][0] == 1);
	CHECK(cids[1][0] == 1);   /* TrueType: after .notdef */

	HPDF_Doc pdf = HPDF_New(NULL, NULL);
	HPDF_Page page = pdf ? HPDF_AddPage(pdf) : NULL;
	docconv_diag d;
	docconv_diag_init(&d, NULL);
	CHECK(page != NULL);
	/* Noto: each glyph its CID (Identity-H), one standing for a
	 * character outside the BMP; DejaVu: one glyph for two texts (the
	 * placeholder box of two missing characters), so codes of their own
	 * and a CMap. */
	static const uint32_t t_a[] = { 'A' }, t_zh[] = { 0x4E2D },
	                      t_b[] = { 0x20BB7 }, t_m1[] = { 0x10FFFD },
	                      t_m2[] = { 0x10FFFC }, t_s[] = { 'q', 0x307 };
	pdf_haru_code noto[] = {
		{ cids[0][0], cids[0][0], 600, t_a, 1 },
		{ cids[0][1], cids[0][1], 1000, t_zh, 1 },
		{ cids[0][2], cids[0][2], 1000, t_b, 1 },
	};
	pdf_haru_code dejavu[] = {
		{ PDF_FIRST_CODE, cids[1][0], 684, t_m1, 1 },
		{ PDF_FIRST_CODE + 1, cids[1][0], 684, t_m2, 1 },
	};
	pdf_haru_font specs[2] = {
		{ "ABCDEF+NotoSerifCJKsc-Regular", &prog[0], { 0, -120, 1000, 880 },
		  880, -120, 730, 0, noto, 3 },
		{ "GHIJKL+DejaVuSans", &prog[1], { 0, -200, 1000, 900 },
		  900, -200, 730, 0, dejavu, 2 },
	};
	HPDF_Font font[2] = { NULL, NULL };
	pdf_deflater *z = pdf_deflater_new();
	CHECK(z != NULL);
	for (int i = 0; i < 2 && page && z; i++)
		CHECK(pdf_haru_embed_font(pdf, z, &specs[i], &font[i], &d) ==
		      DOCCONV_OK && font[i]);
	if (page && font[0] && font[1]) {
		pdf_haru_glyph show[] = {
			{ noto[0].code, 0, 0, 0, NULL, 0 },
			{ noto[1].code, -120.5f, 0, 0, NULL, 0 },
			{ noto[2].code, 0, 2.5f, 2, t_s, 2 },
			{ noto[0].code, 0, 2.5f, 0, NULL, 0 },
		};
		size_t errors = d.n_errors;
		/* Text outside a text object is refused, not written. */
		CHECK(pdf_haru_show_glyphs(page, show, 4, &d) ==
		      DOCCONV_ERR_INTERNAL && d.n_errors == errors + 1);
		CHECK(HPDF_Page_BeginText(page) == HPDF_OK &&
		      HPDF_Page_SetFontAndSize(page, font[0], 20) == HPDF_OK);
		CHECK(pdf_haru_show_glyphs(page, show, 4, &d) == DOCCONV_OK);
		pdf_haru_glyph boxes[] = { { PDF_FIRST_CODE, 0, 0, 0, NULL, 0 },
		                           { PDF_FIRST_CODE + 1, 0, 0, 0, NULL, 0 } };
		CHECK(HPDF_Page_SetFontAndSize(page, font[1], 20) == HPDF_OK &&
		      pdf_haru_show_glyphs(page, boxes, 2, &d) == DOCCONV_OK);
		CHECK(HPDF_Page_EndText(page) == HPDF_OK);
		CHECK(pdf_haru_pack_contents(page, z, &d) == DOCCONV_OK);
		CHECK(HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, "test") == HPDF_OK &&
		      pdf_haru_set_text(pdf, NULL, "Title", "标题 \xF0\xA0\xAE\xB7",
		                        &d) == DOCCONV_OK);
		CHECK(HPDF_GetError(pdf) == HPDF_OK);
		CHECK(HPDF_SaveToStream(pdf) == HPDF_OK);
		HPDF_UINT32 size = HPDF_GetStreamSize(pdf);
		unsigned char *out = malloc(size);
		CHECK(out && HPDF_ResetStream(pdf) == HPDF_OK);
		if (out) {
			HPDF_ReadFromStream(pdf, out, &size);
			CHECK(contains(out, size, "/BaseFont /ABCDEF+NotoSerifCJKsc-Regular"));
			CHECK(contains(out, size, "/Subtype /CIDFontType0\012"));
			CHECK(contains(out, size, "/Subtype /CIDFontType0C"));
			CHECK(contains(out, size, "/FontFile3"));
			CHECK(contains(out, size, "/Encoding /Identity-H"));
			CHECK(contains(out, size, "/Subtype /CIDFontType2"));
			CHECK(contains(out, size, "/CIDToGIDMap /Identity"));
			CHECK(contains(out, size, "/FontFile2"));
			CHECK(contains(out, size, "/Type /CMap"));   /* DejaVu's */
			CHECK(contains(out, size, "/Filter /FlateDecode"));
			/* The title in UTF-16 with a surrogate pair. */
			CHECK(contains(out, size, "<FEFF680798980020D842DFB7>"));
		}
		free(out);
	}
	docconv_diag_free(&d);
	HPDF_Free(pdf);
	pdf_deflater_free(z);
	for (int i = 0; i < 3; i++)
		pdf_font_program_free(&prog[i]);
	pdf_fontset_free(fs);
}

int main(void)
{
	/* The tests need the fonts setup.sh installs. */
	static const char *const needed[] = { NOTO_SERIF, TERMES, DEJAVU_SANS,
	                                      UMING };
	for (size_t i = 0; i < sizeof needed / sizeof *needed; i++) {
		FILE *f = fopen(needed[i], "rb");
		if (!f) {
			printf("test_pdf_fonts: %s is not installed\n", needed[i]);
			return SKIP;
		}
		fclose(f);
	}
	test_roles();
	test_options();
	test_known_paths();
	test_shared_files();
	test_shaping();
	test_cff_reader();
	test_subset_and_embed();
	return check_report("test_pdf_fonts");
}
