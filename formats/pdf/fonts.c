/* fonts.c — finding, opening and querying the PDF writer's faces: the
 * roles at the paths Debian installs them to or through fontconfig,
 * fallbacks among all installed fonts.
 */
#include "fonts.h"

#include <fontconfig/fontconfig.h>
#include <hb-ot.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "conv/core/mem.h"

/* Fallback faces per writer: each one becomes an embedded font, and a text
 * in many scripts should not embed the whole font folder. */
#define PDF_MAX_FALLBACK_FACES 16
/* A family name longer than this is not one. */
#define PDF_MAX_FONT_SPEC 1024
/* Families a role tries before fontconfig's nearest match. */
#define PDF_MAX_CANDIDATES 3
/* A family name as a font's name table gives it, for comparison. */
#define PDF_MAX_FAMILY_NAME 256

/* A family a role prefers, and where its Debian package puts it: loading
 * fontconfig's configuration is a quarter of the work of a one-article
 * PDF, and a batch of one article per process pays it every time, so a
 * face at its known path (the family checked in its name table) is taken
 * without asking. A configuration of the user's own (FONTCONFIG_FILE,
 * FONTCONFIG_PATH) may map or reject fonts: then fontconfig is always
 * asked. */
/* Paths a family is known at: Debian has moved some (Liberation 2). */
#define PDF_MAX_KNOWN_PATHS 2

typedef struct face_candidate {
	const char *family;   /* a fontconfig pattern: family[:style] */
	const char *package;
	const char *paths[PDF_MAX_KNOWN_PATHS];   /* none: no known path */
	unsigned index;       /* the face in that file */
} face_candidate;

typedef struct role_default {
	face_candidate candidates[PDF_MAX_CANDIDATES];
	/* fontconfig's nearest font with `probe` to this pattern, when no
	 * candidate is installed; NULL: none (a Kai caption is Kai or the
	 * body's face) */
	const char *generic;
	uint32_t probe;
	/* the role whose face it takes when it finds none, or itself */
	pdf_font_role borrow;
} role_default;

#define NOTO_CJK "/usr/share/fonts/opentype/noto/"
#define ARPHIC "/usr/share/fonts/truetype/arphic/"
#define WQY_ZENHEI "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
#define LIBERATION2 "/usr/share/fonts/truetype/liberation2/"
#define LIBERATION "/usr/share/fonts/truetype/liberation/"
#define DEJAVU "/usr/share/fonts/truetype/dejavu/"
#define NOTO "/usr/share/fonts/truetype/noto/"

#define BODY(script) PDF_ROLE(PDF_STYLE_BODY, PDF_SCRIPT_##script)
#define HEADING(script) PDF_ROLE(PDF_STYLE_HEADING, PDF_SCRIPT_##script)
#define CAPTION(script) PDF_ROLE(PDF_STYLE_CAPTION, PDF_SCRIPT_##script)

/* Indexed by role. The order is the man page's (doc/docconv.1). */
static const role_default role_defaults[PDF_N_ROLES] = {
	[BODY(LATIN)] = { {
		{ "Noto Serif", "fonts-noto-core", { NOTO "NotoSerif-Regular.ttf" },
		  0 },
		{ "Liberation Serif", "fonts-liberation",
		  { LIBERATION2 "LiberationSerif-Regular.ttf",
		    LIBERATION "LiberationSerif-Regular.ttf" }, 0 },
		{ "DejaVu Serif", "fonts-dejavu-core", { DEJAVU "DejaVuSerif.ttf" },
		  0 },
	}, "serif", 'a', BODY(HANS) },
	[BODY(HANS)] = { {
		{ "Noto Serif CJK SC", "fonts-noto-cjk",
		  { NOTO_CJK "NotoSerifCJK-Regular.ttc" }, 2 },
		{ "AR PL UMing CN", "fonts-arphic-uming", { ARPHIC "uming.ttc" }, 0 },
		{ "WenQuanYi Zen Hei", "fonts-wqy-zenhei", { WQY_ZENHEI }, 0 },
	}, "serif:lang=zh-cn", 0x4E2D, BODY(HANT) },
	[BODY(HANT)] = { {
		{ "Noto Serif CJK TC", "fonts-noto-cjk",
		  { NOTO_CJK "NotoSerifCJK-Regular.ttc" }, 3 },
		{ "AR PL UMing TW", "fonts-arphic-uming", { ARPHIC "uming.ttc" }, 2 },
		{ "WenQuanYi Zen Hei", "fonts-wqy-zenhei", { WQY_ZENHEI }, 0 },
	}, "serif:lang=zh-tw", 0x4E2D, BODY(HANS) },
	[HEADING(LATIN)] = { {
		{ "Noto Sans:bold", "fonts-noto-core", { NOTO "NotoSans-Bold.ttf" },
		  0 },
		{ "Liberation Sans:bold", "fonts-liberation",
		  { LIBERATION2 "LiberationSans-Bold.ttf",
		    LIBERATION "LiberationSans-Bold.ttf" }, 0 },
		{ "DejaVu Sans:bold", "fonts-dejavu-core",
		  { DEJAVU "DejaVuSans-Bold.ttf" }, 0 },
	}, "sans-serif:bold", 'a', BODY(LATIN) },
	[HEADING(HANS)] = { {
		{ "Noto Sans CJK SC:bold", "fonts-noto-cjk",
		  { NOTO_CJK "NotoSansCJK-Bold.ttc" }, 2 },
		{ "WenQuanYi Zen Hei", "fonts-wqy-zenhei", { WQY_ZENHEI }, 0 },
	}, "sans-serif:bold:lang=zh-cn", 0x4E2D, BODY(HANS) },
	[HEADING(HANT)] = { {
		{ "Noto Sans CJK TC:bold", "fonts-noto-cjk",
		  { NOTO_CJK "NotoSansCJK-Bold.ttc" }, 3 },
		{ "WenQuanYi Zen Hei", "fonts-wqy-zenhei", { WQY_ZENHEI }, 0 },
	}, "sans-serif:bold:lang=zh-tw", 0x4E2D, BODY(HANT) },
	[CAPTION(LATIN)] = { { { NULL, NULL, { NULL }, 0 } }, NULL, 'a',
	                     BODY(LATIN) },
	[CAPTION(HANS)] = { {
		{ "AR PL UKai CN", "fonts-arphic-ukai", { ARPHIC "ukai.ttc" }, 0 },
	}, NULL, 0x4E2D, BODY(HANS) },
	[CAPTION(HANT)] = { {
		{ "AR PL UKai TW", "fonts-arphic-ukai", { ARPHIC "ukai.ttc" }, 2 },
	}, NULL, 0x4E2D, BODY(HANT) },
};

enum { ROLE_UNRESOLVED = 0, ROLE_RESOLVING, ROLE_DONE };

struct pdf_fontset {
	pdf_face faces[PDF_N_ROLES + PDF_MAX_FALLBACK_FACES];
	size_t n_faces;
	uint16_t role_slot[PDF_N_ROLES];
	unsigned char role_state[PDF_N_ROLES];
	/* Fallback: per role, every installed font in fontconfig's order of
	 * closeness to the role's family, made on the role's first miss. */
	FcFontSet *nearest[PDF_N_ROLES];
	unsigned char *unusable[PDF_N_ROLES];   /* of each, known unusable */
	int fc_ready;         /* fontconfig's configuration is loaded */
	int fc_failed;
	const char *specs[PDF_N_ROLES];   /* the options' fonts, or NULL */
};

/* Font files are mapped once per process and shared by the fontsets of
 * every batch thread: a page of a mapped file counts once in the resident
 * memory of each mapping that touched it, and a big CJK face read by two
 * threads counted twice (peak memory grew with the glyphs a batch used).
 * A HarfBuzz blob is read-only and safe to share; the table is guarded. */
#define PDF_MAX_SHARED_FILES 64

static struct shared_file {
	char *path;
	hb_blob_t *blob;
	unsigned users;
} shared_files[PDF_MAX_SHARED_FILES];
static pthread_mutex_t shared_lock = PTHREAD_MUTEX_INITIALIZER;

/* The file's blob (a new reference), or NULL when it cannot be read;
 * *slot is its place in the table, -1 when it is not shared (the table is
 * full). */
static hb_blob_t *file_acquire(const char *path, int *slot)
{
	hb_blob_t *blob = NULL;
	int free_slot = -1;
	*slot = -1;
	pthread_mutex_lock(&shared_lock);
	for (int i = 0; i < PDF_MAX_SHARED_FILES; i++) {
		struct shared_file *sf = &shared_files[i];
		if (sf->path && strcmp(sf->path, path) == 0) {
			sf->users++;
			*slot = i;
			blob = hb_blob_reference(sf->blob);
			goto out;
		}
		if (!sf->path && free_slot < 0)
			free_slot = i;
	}
	if (!(blob = hb_blob_create_from_file_or_fail(path)) || free_slot < 0)
		goto out;
	struct shared_file *sf = &shared_files[free_slot];
	if ((sf->path = docconv_strdup(path))) {
		sf->blob = hb_blob_reference(blob);
		sf->users = 1;
		*slot = free_slot;
	}
out:
	pthread_mutex_unlock(&shared_lock);
	return blob;
}

static void file_release(int slot)
{
	if (slot < 0)
		return;
	pthread_mutex_lock(&shared_lock);
	struct shared_file *sf = &shared_files[slot];
	if (--sf->users == 0) {
		hb_blob_destroy(sf->blob);
		free(sf->path);
		memset(sf, 0, sizeof *sf);
	}
	pthread_mutex_unlock(&shared_lock);
}

static void face_close(pdf_face *f)
{
	hb_face_destroy(f->outlines);
	hb_font_destroy(f->font);
	hb_face_destroy(f->face);
	file_release(f->file_slot);
	free(f->path);
	free(f->name);
	memset(f, 0, sizeof *f);
	f->file_slot = -1;
}

static int has_table(hb_face_t *face, hb_tag_t tag)
{
	hb_blob_t *b = hb_face_reference_table(face, tag);
	unsigned len = hb_blob_get_length(b);
	hb_blob_destroy(b);
	return len > 0;
}

/* Why a face cannot be embedded, or NULL when it can: outlines a PDF can
 * embed (TrueType, or CFF: *cff says which), and a licence that allows
 * embedding a subset. */
static const char *face_unusable(hb_face_t *face, int *cff)
{
	*cff = 0;
	if (hb_face_get_glyph_count(face) == 0)
		return "it is not a font file HarfBuzz can read";
	if (has_table(face, HB_TAG('C', 'F', 'F', ' ')))
		*cff = 1;
	else if (has_table(face, HB_TAG('C', 'F', 'F', '2')))
		return "it has variable CFF2 outlines, which a PDF cannot embed";
	else if (!has_table(face, HB_TAG('g', 'l', 'y', 'f')) ||
	         !has_table(face, HB_TAG('l', 'o', 'c', 'a')))
		return "it has no outlines (TrueType or CFF) to embed";
	hb_blob_t *os2 = hb_face_reference_table(face, HB_TAG('O', 'S', '/', '2'));
	unsigned len;
	const unsigned char *p = (const unsigned char *)hb_blob_get_data(os2, &len);
	unsigned fs_type = len >= 10 ? (unsigned)(p[8] << 8 | p[9]) : 0;
	hb_blob_destroy(os2);
	/* Restricted licence, no subsetting, bitmap embedding only. */
	if (fs_type & (0x0002 | 0x0100 | 0x0200))
		return "its licence does not allow embedding a subset";
	return NULL;
}

/* Opens path/index into f; on failure returns why. */
static const char *face_open(pdf_face *f, const char *path, unsigned index,
                             const char *name)
{
	memset(f, 0, sizeof *f);
	hb_blob_t *blob = file_acquire(path, &f->file_slot);
	if (!blob)
		return "the file cannot be read";
	f->face = hb_face_create(blob, index);
	hb_blob_destroy(blob);
	const char *why = face_unusable(f->face, &f->cff);
	if (!why) {
		f->font = hb_font_create(f->face);
		f->upem = hb_face_get_upem(f->face);
		f->path = docconv_strdup(path);
		f->name = docconv_strdup(name);
		f->index = index;
		if (!f->path || !f->name || !f->upem)
			why = "out of memory";
	}
	if (why)
		face_close(f);
	return why;
}

/* The slot of path/index, opening it when new. -1 with *why set when the
 * face cannot be used, -2 when the slots are full. */
static int add_face(pdf_fontset *fs, const char *path, unsigned index,
                    const char *name, const char **why)
{
	for (size_t i = 0; i < fs->n_faces; i++)
		if (fs->faces[i].index == index && strcmp(fs->faces[i].path, path) == 0)
			return (int)i;
	if (fs->n_faces == sizeof fs->faces / sizeof *fs->faces)
		return -2;
	if ((*why = face_open(&fs->faces[fs->n_faces], path, index, name)))
		return -1;
	return (int)fs->n_faces++;
}

/* Closes the face last opened, when it is in slot `slot`. */
static void drop_last(pdf_fontset *fs, int slot, size_t before)
{
	if (fs->n_faces > before && slot == (int)fs->n_faces - 1)
		face_close(&fs->faces[--fs->n_faces]);
}

int pdf_fontset_glyph(const pdf_fontset *fs, uint16_t slot, uint32_t cp,
                      int32_t *width)
{
	if (slot >= fs->n_faces)
		return 0;
	const pdf_face *f = &fs->faces[slot];
	hb_codepoint_t gid = 0;
	if (!hb_font_get_nominal_glyph(f->font, cp, &gid) || gid == 0)
		return 0;
	if (width) {
		long adv = (long)hb_font_get_glyph_h_advance(f->font, gid);
		*width = (int32_t)((adv * 2000 / (long)f->upem + 1) / 2);
	}
	return 1;
}

static const char *pattern_string(FcPattern *p, const char *object)
{
	FcChar8 *s = NULL;
	return FcPatternGetString(p, object, 0, &s) == FcResultMatch
	               ? (const char *)s : NULL;
}

static int pattern_has_family(FcPattern *p, const char *family)
{
	FcChar8 *s;
	for (int i = 0; FcPatternGetString(p, FC_FAMILY, i, &s) == FcResultMatch;
	     i++)
		if (FcStrCmpIgnoreCase(s, (const FcChar8 *)family) == 0)
			return 1;
	return 0;
}

static int pattern_has_char(FcPattern *p, uint32_t cp)
{
	FcCharSet *cs;
	return FcPatternGetCharSet(p, FC_CHARSET, 0, &cs) == FcResultMatch &&
	       FcCharSetHasChar(cs, cp);
}

/* Loads fontconfig's configuration the first time a face is looked up
 * through it; 0 when it cannot be loaded. */
static int load_fontconfig(pdf_fontset *fs)
{
	if (!fs->fc_ready && !fs->fc_failed) {
		fs->fc_ready = FcInit() != FcFalse;
		fs->fc_failed = !fs->fc_ready;
	}
	return fs->fc_ready;
}

/* Every installed font, nearest to the pattern `spec` first; NULL when
 * fontconfig cannot say. */
static FcFontSet *sort_fonts(const char *spec)
{
	FcFontSet *sorted = NULL;
	FcPattern *pat = FcNameParse((const FcChar8 *)spec);
	if (!pat)
		return NULL;
	FcConfigSubstitute(NULL, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	FcResult res;
	sorted = FcFontSort(NULL, pat, FcFalse, NULL, &res);
	FcPatternDestroy(pat);
	return sorted;
}

/* A fontconfig pattern ("AR PL UMing TW", "Noto Sans CJK SC:bold"): the
 * first sorted match that can be embedded and has `probe` (unless 0); with
 * `exact`, only one of the pattern's family. When a face of the family is
 * found but unusable, *why says why. */
static int find_family(pdf_fontset *fs, const char *spec, uint32_t probe,
                       int exact, const char **why)
{
	int slot = -1;
	FcPattern *pat = FcNameParse((const FcChar8 *)spec);
	FcFontSet *sorted = pat ? sort_fonts(spec) : NULL;
	const char *family = pat ? pattern_string(pat, FC_FAMILY) : NULL;
	for (int i = 0; sorted && i < sorted->nfont && slot < 0; i++) {
		FcPattern *m = sorted->fonts[i];
		const char *file = pattern_string(m, FC_FILE);
		int index = 0;
		FcPatternGetInteger(m, FC_INDEX, 0, &index);
		if (!file || (probe && !pattern_has_char(m, probe)) ||
		    (exact && family && !pattern_has_family(m, family)))
			continue;
		const char *name = pattern_string(m, FC_FAMILY);
		slot = add_face(fs, file, (unsigned)index, name ? name : file, why);
		if (slot < 0)
			slot = -1;
	}
	if (sorted)
		FcFontSetDestroy(sorted);
	if (pat)
		FcPatternDestroy(pat);
	return slot;
}

/* Whether the face's name table gives `family` (a pattern's part before
 * any ':') as its family. */
static int face_is_family(hb_face_t *face, const char *spec)
{
	size_t n = strcspn(spec, ":");
	static const hb_ot_name_id_t ids[] = { HB_OT_NAME_ID_TYPOGRAPHIC_FAMILY,
	                                       HB_OT_NAME_ID_FONT_FAMILY };
	for (size_t i = 0; i < sizeof ids / sizeof *ids; i++) {
		char name[PDF_MAX_FAMILY_NAME];
		unsigned len = sizeof name;
		hb_ot_name_get_utf8(face, ids[i], HB_LANGUAGE_INVALID, &len, name);
		if (len == n && strncasecmp(name, spec, n) == 0)
			return 1;
	}
	return 0;
}

/* A candidate at its known path, if there, of its family and with the
 * probe character; -1 otherwise, with nothing left open. */
static int find_known(pdf_fontset *fs, const face_candidate *c,
                      uint32_t probe)
{
	size_t family_len = strcspn(c->family, ":");
	for (size_t i = 0; i < PDF_MAX_KNOWN_PATHS && c->paths[i]; i++) {
		const char *why = NULL;
		size_t before = fs->n_faces;
		int slot = add_face(fs, c->paths[i], c->index, c->family, &why);
		if (slot < 0)
			continue;
		pdf_face *f = &fs->faces[slot];
		if (face_is_family(f->face, c->family) &&
		    pdf_fontset_glyph(fs, (uint16_t)slot, probe, NULL)) {
			/* named as fontconfig names it, for messages */
			if (fs->n_faces > before && f->name[family_len])
				f->name[family_len] = '\0';
			return slot;
		}
		drop_last(fs, slot, before);
	}
	return -1;
}

/* A font given as a file: "PATH" or "PATH:INDEX" for a face of a
 * collection; -3 when spec names no file. */
static int find_file(pdf_fontset *fs, const char *spec, const char **why)
{
	struct stat sb;
	char path[PDF_MAX_FONT_SPEC];
	unsigned index = 0;
	if (strlen(spec) >= sizeof path)
		return -3;
	strcpy(path, spec);
	if (stat(path, &sb) != 0) {
		char *colon = strrchr(path, ':');
		char *end = NULL;
		if (!colon || colon[1] == '\0')
			return -3;
		unsigned long v = strtoul(colon + 1, &end, 10);
		if (*end != '\0' || v > 0xFFFF)
			return -3;
		*colon = '\0';
		index = (unsigned)v;
		if (stat(path, &sb) != 0)
			return -3;
	}
	if (!S_ISREG(sb.st_mode))
		return -3;
	const char *base = strrchr(path, '/');
	int slot = add_face(fs, path, index, base ? base + 1 : path, why);
	if (slot >= 0) {
		/* The family, when the name table gives one. */
		char name[PDF_MAX_FAMILY_NAME];
		unsigned len = sizeof name;
		hb_ot_name_get_utf8(fs->faces[slot].face, HB_OT_NAME_ID_FONT_FAMILY,
		                    HB_LANGUAGE_INVALID, &len, name);
		char *dup = len ? docconv_strdup(name) : NULL;
		if (dup) {
			free(fs->faces[slot].name);
			fs->faces[slot].name = dup;
		}
	}
	return slot;
}

static const char *const role_options[PDF_N_STYLES] = {
	"--font", "--heading-font", "--caption-font",
};

/* A font the options name for `role`: a file or a family. */
static docconv_status resolve_spec(pdf_fontset *fs, pdf_font_role role,
                                   docconv_diag *d)
{
	const char *spec = fs->specs[role];
	const char *option = role % PDF_N_SCRIPTS == PDF_SCRIPT_LATIN
	                             ? "--latin-font"
	                             : role_options[role / PDF_N_SCRIPTS];
	const char *why = NULL;
	int slot = find_file(fs, spec, &why);
	if (slot == -3) {
		if (!load_fontconfig(fs))
			return docconv_fail(d, DOCCONV_ERR_FONT,
			                    "fontconfig cannot load its configuration; "
			                    "check that the fontconfig package is "
			                    "installed");
		slot = find_family(fs, spec, 0, 1, &why);
	}
	if (slot < 0)
		return docconv_fail(d, DOCCONV_ERR_FONT,
		                    "%s '%s': %s; give a file or a family that "
		                    "'fc-list' shows", option, spec,
		                    why ? why
		                        : "fontconfig knows no font of that name");
	fs->role_slot[role] = (uint16_t)slot;
	return DOCCONV_OK;
}

/* The default face of a role: a candidate at its known path, then each
 * candidate through fontconfig, then fontconfig's nearest font to the
 * generic pattern. */
static int find_default(pdf_fontset *fs, pdf_font_role role)
{
	const role_default *def = &role_defaults[role];
	const char *why = NULL;
	int slot = -1;
	if (!getenv("FONTCONFIG_FILE") && !getenv("FONTCONFIG_PATH"))
		for (size_t i = 0; i < PDF_MAX_CANDIDATES && slot < 0 &&
		                   def->candidates[i].family; i++)
			slot = find_known(fs, &def->candidates[i], def->probe);
	if (slot >= 0 || (!def->candidates[0].family && !def->generic) ||
	    !load_fontconfig(fs))
		return slot;
	for (size_t i = 0; i < PDF_MAX_CANDIDATES && slot < 0 &&
	                   def->candidates[i].family; i++)
		slot = find_family(fs, def->candidates[i].family, def->probe, 1,
		                   &why);
	if (slot < 0 && def->generic)
		slot = find_family(fs, def->generic, def->probe, 0, &why);
	return slot;
}

uint16_t pdf_fontset_role(pdf_fontset *fs, pdf_font_role role)
{
	if (role >= PDF_N_ROLES)
		return PDF_NO_FACE;
	if (fs->role_state[role] != ROLE_UNRESOLVED)
		return fs->role_slot[role];   /* PDF_NO_FACE while resolving */
	fs->role_state[role] = ROLE_RESOLVING;
	int slot = find_default(fs, role);
	if (slot >= 0)
		fs->role_slot[role] = (uint16_t)slot;
	else if (role_defaults[role].borrow != role)
		fs->role_slot[role] = pdf_fontset_role(fs,
		                                       role_defaults[role].borrow);
	fs->role_state[role] = ROLE_DONE;
	return fs->role_slot[role];
}

docconv_status pdf_fontset_missing(pdf_face_script script, docconv_diag *d)
{
	const role_default *def =
	        &role_defaults[PDF_ROLE(PDF_STYLE_BODY, script)];
	const face_candidate *c = def->candidates;
	return docconv_fail(d, DOCCONV_ERR_FONT,
	                    "no usable font for %s text: looked for \"%s\" (%s), "
	                    "\"%s\" (%s), \"%s\" (%s) and any font with U+%04X "
	                    "through fontconfig; install one of them or give %s",
	                    script == PDF_SCRIPT_LATIN ? "Latin" : "Chinese",
	                    c[0].family, c[0].package, c[1].family, c[1].package,
	                    c[2].family, c[2].package, (unsigned)def->probe,
	                    script == PDF_SCRIPT_LATIN ? "--latin-font"
	                                               : "--font");
}

docconv_status pdf_fontset_open(const docconv_write_opts *opts,
                                pdf_fontset **out, docconv_diag *d)
{
	docconv_status st = DOCCONV_OK;
	pdf_fontset *fs = calloc(1, sizeof *fs);
	*out = NULL;
	if (!fs)
		return DOCCONV_ERR_NOMEM;
	const char *by_style[PDF_N_STYLES] = { opts->font, opts->heading_font,
	                                       opts->caption_font };
	for (pdf_font_role r = 0; r < PDF_N_ROLES; r++) {
		fs->role_slot[r] = PDF_NO_FACE;
		fs->specs[r] = r % PDF_N_SCRIPTS == PDF_SCRIPT_LATIN
		                       ? opts->latin_font
		                       : by_style[r / PDF_N_SCRIPTS];
	}
	for (pdf_font_role r = 0; r < PDF_N_ROLES && st == DOCCONV_OK; r++) {
		if (!fs->specs[r])
			continue;
		/* A role asking for what an earlier one asked for gets its
		 * answer: a fontconfig sort is a fair part of the set-up. */
		for (pdf_font_role k = 0; k < r; k++)
			if (fs->specs[k] && strcmp(fs->specs[k], fs->specs[r]) == 0) {
				fs->role_slot[r] = fs->role_slot[k];
				break;
			}
		if (fs->role_slot[r] == PDF_NO_FACE)
			st = resolve_spec(fs, r, d);
		fs->role_state[r] = ROLE_DONE;
	}
	if (st != DOCCONV_OK)
		pdf_fontset_free(fs);
	else
		*out = fs;
	return st;
}

void pdf_fontset_free(pdf_fontset *fs)
{
	if (!fs)
		return;
	for (size_t i = 0; i < fs->n_faces; i++)
		face_close(&fs->faces[i]);
	for (size_t r = 0; r < PDF_N_ROLES; r++) {
		if (fs->nearest[r])
			FcFontSetDestroy(fs->nearest[r]);
		free(fs->unusable[r]);
	}
	free(fs);
}

size_t pdf_fontset_count(const pdf_fontset *fs)
{
	return fs->n_faces;
}

pdf_face *pdf_fontset_face(const pdf_fontset *fs, uint16_t slot)
{
	return (pdf_face *)&fs->faces[slot];
}

int pdf_fontset_placeholder(pdf_fontset *fs, pdf_font_role role,
                            uint16_t *slot, uint32_t *cp)
{
	static const uint32_t marks[] = PDF_PLACEHOLDER_MARKS;
	/* The role's face, else a body face: the same in every book, however
	 * many faces earlier books opened. */
	const pdf_font_role roles[] = {
		role, PDF_ROLE(PDF_STYLE_BODY, PDF_SCRIPT_HANS),
		PDF_ROLE(PDF_STYLE_BODY, PDF_SCRIPT_LATIN),
	};
	for (size_t m = 0; m < sizeof marks / sizeof *marks; m++)
		for (size_t r = 0; r < sizeof roles / sizeof *roles; r++) {
			uint16_t own = pdf_fontset_role(fs, roles[r]);
			if (pdf_fontset_glyph(fs, own, marks[m], NULL)) {
				*slot = own;
				*cp = marks[m];
				return 1;
			}
		}
	return 0;
}

/* The pattern fallbacks for `role` are sorted by: the option's family or
 * the role's first choice. */
static const char *fallback_pattern(const pdf_fontset *fs, pdf_font_role role)
{
	const role_default *def = &role_defaults[role];
	if (fs->specs[role] && fs->role_slot[role] != PDF_NO_FACE)
		return fs->faces[fs->role_slot[role]].name;
	if (def->candidates[0].family)
		return def->candidates[0].family;
	return role_defaults[def->borrow].candidates[0].family;
}

int pdf_fontset_fallback(pdf_fontset *fs, pdf_font_role role, uint32_t cp,
                         uint16_t *slot)
{
	if (role >= PDF_N_ROLES || !load_fontconfig(fs))
		return 0;
	if (!fs->nearest[role]) {
		if (!(fs->nearest[role] = sort_fonts(fallback_pattern(fs, role))))
			return 0;
		fs->unusable[role] = calloc((size_t)fs->nearest[role]->nfont + 1, 1);
		if (!fs->unusable[role])
			return 0;
	}
	/* The nearest font that has cp, whether earlier books opened it or
	 * not, so that a book's fonts do not depend on the books before it. */
	FcFontSet *set = fs->nearest[role];
	for (int i = 0; i < set->nfont; i++) {
		FcPattern *p = set->fonts[i];
		const char *file = pattern_string(p, FC_FILE);
		if (fs->unusable[role][i] || !file || !pattern_has_char(p, cp))
			continue;
		int index = 0;
		FcPatternGetInteger(p, FC_INDEX, 0, &index);
		const char *name = pattern_string(p, FC_FAMILY);
		const char *why = NULL;
		int s = add_face(fs, file, (unsigned)index, name ? name : file, &why);
		if (s == -2)
			return 0;   /* no more fallback slots */
		if (s < 0)
			fs->unusable[role][i] = 1;
		else if (pdf_fontset_glyph(fs, (uint16_t)s, cp, NULL)) {
			*slot = (uint16_t)s;
			return 1;
		}
	}
	return 0;
}

/* The subsetter's view of a face: the outline and metric tables only. It
 * would otherwise read the whole cmap (some 45,000 entries in a CJK font)
 * to find the characters of the glyphs it keeps, and follow the GSUB
 * substitutions of every one of them, for tables the PDF does not embed:
 * the glyphs drawn are given to it, already shaped. */
static const hb_tag_t outline_tables[] = {
	HB_TAG('C', 'F', 'F', ' '), HB_TAG('g', 'l', 'y', 'f'),
	HB_TAG('l', 'o', 'c', 'a'), HB_TAG('h', 'e', 'a', 'd'),
	HB_TAG('h', 'h', 'e', 'a'), HB_TAG('h', 'm', 't', 'x'),
	HB_TAG('m', 'a', 'x', 'p'), HB_TAG('O', 'S', '/', '2'),
	HB_TAG('p', 'o', 's', 't'),
};

static hb_blob_t *outline_table(hb_face_t *view, hb_tag_t tag, void *user)
{
	(void)view;
	for (size_t i = 0; i < sizeof outline_tables / sizeof *outline_tables;
	     i++)
		if (outline_tables[i] == tag)
			return hb_face_reference_table((hb_face_t *)user, tag);
	return NULL;
}

static void release_face(void *user)
{
	hb_face_destroy((hb_face_t *)user);
}

hb_face_t *pdf_face_outlines(pdf_face *f)
{
	if (!f->outlines) {
		hb_face_t *v = hb_face_create_for_tables(outline_table,
		                                         hb_face_reference(f->face),
		                                         release_face);
		if (v == hb_face_get_empty())
			return NULL;
		hb_face_set_upem(v, f->upem);
		hb_face_set_glyph_count(v, hb_face_get_glyph_count(f->face));
		f->outlines = v;
	}
	return f->outlines;
}
