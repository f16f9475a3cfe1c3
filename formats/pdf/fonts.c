/* fonts.c — finding, opening and querying the PDF writer's faces: the
 * roles at the paths Debian installs them to or through fontconfig,
 * fallbacks among all installed fonts.
 */
#include "fonts.h"

#include <fontconfig/fontconfig.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "conv/core/mem.h"

/* Fallback faces per writer: each one becomes an embedded font, and a text
 * in many scripts should not embed the whole font folder. */
#define PDF_MAX_FALLBACK_FACES 16
/* A family name longer than this is not one. */
#define PDF_MAX_FONT_SPEC 1024

/* Where a default face may already be, tried in order before fontconfig
 * is asked: loading fontconfig's configuration is a quarter of the work of
 * a one-article PDF, and a batch of one article per process pays it every
 * time. A file that is missing or lacks the probe character sends the role
 * to fontconfig, and so does a configuration of the user's own named in
 * FONTCONFIG_FILE or FONTCONFIG_PATH: it may map or reject fonts. */
#define PDF_MAX_KNOWN_PATHS 2

typedef struct role_default {
	const char *family;   /* fontconfig family asked for by default */
	const char *package;  /* the Debian package that installs it */
	uint32_t probe;       /* a character the face must have */
	const char *paths[PDF_MAX_KNOWN_PATHS];   /* face 0 of each file */
} role_default;

#define WQY_ZENHEI "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
#define LIBERATION2 "/usr/share/fonts/truetype/liberation2/"
#define LIBERATION "/usr/share/fonts/truetype/liberation/"

/* The body is set in a Hei face by default: a Song/Ming face (AR PL UMing,
 * --font "AR PL UMing CN") carries far more outline points per character,
 * and makes a page of Chinese text half as large again (the seed: 172 KB
 * against 111 KB), more than calibre's whole file for the same article. */
static const role_default role_defaults[PDF_N_ROLES] = {
	{ "WenQuanYi Zen Hei", "fonts-wqy-zenhei", 0x4E2D, { WQY_ZENHEI } },
	{ "WenQuanYi Zen Hei", "fonts-wqy-zenhei", 0x4E2D, { WQY_ZENHEI } },
	{ "Liberation Serif", "fonts-liberation", 'a',
	  { LIBERATION2 "LiberationSerif-Regular.ttf",
	    LIBERATION "LiberationSerif-Regular.ttf" } },
	{ "Liberation Sans", "fonts-liberation", 'a',
	  { LIBERATION2 "LiberationSans-Regular.ttf",
	    LIBERATION "LiberationSans-Regular.ttf" } },
	{ "WenQuanYi Zen Hei", "fonts-wqy-zenhei", 0x4E2D, { WQY_ZENHEI } },
};

struct pdf_fontset {
	pdf_face faces[PDF_N_ROLES + PDF_MAX_FALLBACK_FACES];
	size_t n_faces;
	uint16_t role_slot[PDF_N_ROLES];
	uint16_t placeholder_slot;
	uint32_t placeholder_cp;
	/* Every installed TrueType font, listed on the first fallback. */
	FcFontSet *installed;
	FcPattern **candidates;   /* the usable ones, regular faces first */
	unsigned char *tried;
	size_t n_candidates;
	int listed;
	int fc_ready;         /* fontconfig's configuration is loaded */
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

/* Why a face cannot be embedded by libharu, or NULL when it can: TrueType
 * outlines only (no CFF), and a licence that allows embedding a subset. */
static const char *face_unusable(hb_face_t *face)
{
	if (hb_face_get_glyph_count(face) == 0)
		return "it is not a font file libharu can read";
	if (!has_table(face, HB_TAG('g', 'l', 'y', 'f')) ||
	    !has_table(face, HB_TAG('l', 'o', 'c', 'a')))
		return "it has no TrueType outlines (CFF fonts cannot be embedded "
		       "by libharu)";
	hb_blob_t *os2 = hb_face_reference_table(face, HB_TAG('O', 'S', '/', '2'));
	unsigned len;
	const unsigned char *p = (const unsigned char *)hb_blob_get_data(os2, &len);
	unsigned fs_type = len >= 10 ? (unsigned)(p[8] << 8 | p[9]) : 0;
	hb_blob_destroy(os2);
	if (len < 10)
		return "it has no OS/2 table";
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
	const char *why = face_unusable(f->face);
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

int pdf_fontset_glyph(const pdf_fontset *fs, uint16_t slot, uint32_t cp,
                      int32_t *width)
{
	const pdf_face *f = &fs->faces[slot];
	hb_codepoint_t gid = 0;
	if (!hb_font_get_nominal_glyph(f->font, cp, &gid) || gid == 0)
		return 0;
	if (width) {
		/* As libharu computes /W: advance * 1000 / upem, truncated. */
		unsigned adv = (unsigned)hb_font_get_glyph_h_advance(f->font, gid);
		*width = (int32_t)(adv * 1000u / f->upem);
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

/* A fontconfig family (or pattern such as "AR PL UMing TW:style=Light"):
 * the first sorted match that really is that family, has `probe` (unless
 * 0) and can be embedded; with `substitute`, failing that, any font with
 * `probe`. When a face of the family is found but unusable, *why says
 * why. */
static int find_family(pdf_fontset *fs, const char *spec, uint32_t probe,
                       int substitute, const char **why)
{
	int slot = -1;
	FcFontSet *sorted = NULL;
	FcPattern *pat = FcNameParse((const FcChar8 *)spec);
	const char *family = NULL;
	if (!pat)
		goto out;
	family = pattern_string(pat, FC_FAMILY);
	FcConfigSubstitute(NULL, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	FcResult res;
	sorted = FcFontSort(NULL, pat, FcFalse, NULL, &res);
	for (int pass = 0; sorted && pass < (substitute ? 2 : 1) && slot < 0;
	     pass++) {
		for (int i = 0; i < sorted->nfont && slot < 0; i++) {
			FcPattern *m = sorted->fonts[i];
			const char *file = pattern_string(m, FC_FILE);
			int index = 0;
			FcPatternGetInteger(m, FC_INDEX, 0, &index);
			if (!file || (probe && !pattern_has_char(m, probe)) ||
			    (pass == 0 && family && !pattern_has_family(m, family)))
				continue;
			const char *name = pattern_string(m, FC_FAMILY);
			slot = add_face(fs, file, (unsigned)index,
			                name ? name : file, why);
			if (slot < 0)
				slot = -1;
		}
	}
out:
	if (sorted)
		FcFontSetDestroy(sorted);
	if (pat)
		FcPatternDestroy(pat);
	return slot;
}

/* Loads fontconfig's configuration the first time a face is looked up
 * through it; 0 when it cannot be loaded. */
static int load_fontconfig(pdf_fontset *fs)
{
	if (!fs->fc_ready)
		fs->fc_ready = FcInit() != FcFalse;
	return fs->fc_ready;
}

static docconv_status need_fontconfig(pdf_fontset *fs, docconv_diag *d)
{
	if (load_fontconfig(fs))
		return DOCCONV_OK;
	return docconv_fail(d, DOCCONV_ERR_FONT,
	                    "fontconfig cannot load its configuration; check "
	                    "that the fontconfig package is installed");
}

/* A default face at one of its known paths, if there and it has the probe
 * character; -1 otherwise, with nothing left open. */
static int find_known(pdf_fontset *fs, const role_default *def)
{
	if (getenv("FONTCONFIG_FILE") || getenv("FONTCONFIG_PATH"))
		return -1;
	for (size_t i = 0; i < PDF_MAX_KNOWN_PATHS && def->paths[i]; i++) {
		const char *why = NULL;
		size_t before = fs->n_faces;
		int slot = add_face(fs, def->paths[i], 0, def->family, &why);
		if (slot < 0)
			continue;
		if (pdf_fontset_glyph(fs, (uint16_t)slot, def->probe, NULL))
			return slot;
		if (fs->n_faces > before)
			face_close(&fs->faces[--fs->n_faces]);
	}
	return -1;
}

/* A font given as a file: "PATH" or "PATH:INDEX" for a .ttc face. */
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
	return add_face(fs, path, index, base ? base + 1 : path, why);
}

static docconv_status resolve_role(pdf_fontset *fs, pdf_font_role role,
                                   const char *spec, const char *option,
                                   docconv_diag *d)
{
	const role_default *def = &role_defaults[role];
	const char *why = NULL;
	docconv_status st;
	int slot;
	if (spec) {
		slot = find_file(fs, spec, &why);
		if (slot == -3 && (st = need_fontconfig(fs, d)))
			return st;
		if (slot == -3)
			slot = find_family(fs, spec, 0, 0, &why);
		if (slot < 0)
			return docconv_fail(d, DOCCONV_ERR_FONT,
			                    "%s '%s': %s; give a file or a family "
			                    "that 'fc-list' shows", option, spec,
			                    why ? why
			                        : "fontconfig knows no font of that "
			                          "name");
	} else if ((slot = find_known(fs, def)) < 0) {
		if ((st = need_fontconfig(fs, d)))
			return st;
		slot = find_family(fs, def->family, def->probe, 0, &why);
	}
	fs->role_slot[role] = slot < 0 ? UINT16_MAX : (uint16_t)slot;
	return DOCCONV_OK;
}

/* Roles without a face borrow the nearest one: the other CJK role, the
 * other Latin role, and Latin text falls back on the CJK faces. Only a
 * missing CJK face altogether is an error. */
static docconv_status fill_missing_roles(pdf_fontset *fs, docconv_diag *d)
{
	static const pdf_font_role order[PDF_N_ROLES][3] = {
		{ PDF_ROLE_HEADING_CJK, PDF_ROLE_BODY_CJK, PDF_ROLE_BODY_CJK },
		{ PDF_ROLE_BODY_CJK, PDF_ROLE_HEADING_CJK, PDF_ROLE_HEADING_CJK },
		{ PDF_ROLE_HEADING_LATIN, PDF_ROLE_BODY_CJK, PDF_ROLE_HEADING_CJK },
		{ PDF_ROLE_BODY_LATIN, PDF_ROLE_HEADING_CJK, PDF_ROLE_BODY_CJK },
		{ PDF_ROLE_BODY_CJK, PDF_ROLE_HEADING_CJK, PDF_ROLE_HEADING_CJK },
	};
	uint16_t *rs = fs->role_slot;
	const char *why = NULL;
	docconv_status st;
	if (rs[PDF_ROLE_BODY_CJK] == UINT16_MAX &&
	    rs[PDF_ROLE_HEADING_CJK] == UINT16_MAX) {
		if ((st = need_fontconfig(fs, d)))
			return st;
		int slot = find_family(fs, role_defaults[0].family,
		                       role_defaults[0].probe, 1, &why);
		if (slot < 0)
			return docconv_fail(d, DOCCONV_ERR_FONT,
			                    "no usable font for Chinese text: looked "
			                    "for \"%s\" (%s), \"%s\" (%s) and any "
			                    "TrueType font with U+4E2D through "
			                    "fontconfig; install one of them or give "
			                    "--font", role_defaults[0].family,
			                    role_defaults[0].package,
			                    role_defaults[1].family,
			                    role_defaults[1].package);
		rs[PDF_ROLE_BODY_CJK] = (uint16_t)slot;
	}
	for (int pass = 0; pass < 2; pass++)
		for (int r = 0; r < PDF_N_ROLES; r++)
			for (int k = 0; k < 3 && rs[r] == UINT16_MAX; k++)
				rs[r] = rs[order[r][k]];
	return DOCCONV_OK;
}

static void choose_placeholder(pdf_fontset *fs)
{
	static const pdf_font_role order[] = { PDF_ROLE_BODY_CJK,
		PDF_ROLE_BODY_LATIN, PDF_ROLE_HEADING_CJK, PDF_ROLE_HEADING_LATIN };
	fs->placeholder_slot = fs->role_slot[PDF_ROLE_BODY_LATIN];
	fs->placeholder_cp = '?';
	for (size_t i = 0; i < sizeof order / sizeof *order; i++)
		if (pdf_fontset_glyph(fs, fs->role_slot[order[i]], 0x25A1, NULL)) {
			fs->placeholder_slot = fs->role_slot[order[i]];
			fs->placeholder_cp = 0x25A1;
			return;
		}
}

docconv_status pdf_fontset_open(const docconv_write_opts *opts,
                                pdf_fontset **out, docconv_diag *d)
{
	docconv_status st = DOCCONV_OK;
	pdf_fontset *fs = calloc(1, sizeof *fs);
	*out = NULL;
	if (!fs)
		return DOCCONV_ERR_NOMEM;
	const char *specs[PDF_N_ROLES] = { opts->font, opts->heading_font,
	                                   opts->latin_font, opts->latin_font,
	                                   opts->font };
	const char *options[PDF_N_ROLES] = { "--font", "--heading-font",
	                                     "--latin-font", "--latin-font",
	                                     "--font" };
	for (int r = 0; r < PDF_N_ROLES && st == DOCCONV_OK; r++) {
		/* A role asking for what an earlier one asked for gets its
		 * answer: a fontconfig sort is a fair part of the set-up. */
		int same = -1;
		for (int k = 0; k < r && same < 0; k++)
			if (specs[k] ? specs[r] && strcmp(specs[k], specs[r]) == 0
			             : !specs[r] &&
			                       strcmp(role_defaults[k].family,
			                              role_defaults[r].family) == 0 &&
			                       role_defaults[k].probe ==
			                               role_defaults[r].probe)
				same = k;
		if (same >= 0)
			fs->role_slot[r] = fs->role_slot[same];
		else
			st = resolve_role(fs, (pdf_font_role)r, specs[r], options[r],
			                  d);
	}
	if (st == DOCCONV_OK)
		st = fill_missing_roles(fs, d);
	if (st == DOCCONV_OK)
		choose_placeholder(fs);
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
	if (fs->installed)
		FcFontSetDestroy(fs->installed);
	free(fs->candidates);
	free(fs->tried);
	free(fs);
}

uint16_t pdf_fontset_role(const pdf_fontset *fs, pdf_font_role role)
{
	return fs->role_slot[role];
}

size_t pdf_fontset_count(const pdf_fontset *fs)
{
	return fs->n_faces;
}

const pdf_face *pdf_fontset_face(const pdf_fontset *fs, uint16_t slot)
{
	return &fs->faces[slot];
}

void pdf_fontset_placeholder(const pdf_fontset *fs, uint16_t *slot,
                             uint32_t *cp)
{
	*slot = fs->placeholder_slot;
	*cp = fs->placeholder_cp;
}

static int regular_face(FcPattern *p)
{
	int weight = FC_WEIGHT_REGULAR, slant = FC_SLANT_ROMAN;
	FcPatternGetInteger(p, FC_WEIGHT, 0, &weight);
	FcPatternGetInteger(p, FC_SLANT, 0, &slant);
	return weight == FC_WEIGHT_REGULAR && slant == FC_SLANT_ROMAN;
}

/* Regular upright faces first (a fallback should look plain), then by file
 * name, so the choice does not depend on fontconfig's cache order. */
static int compare_candidates(const void *a, const void *b)
{
	FcPattern *pa = *(FcPattern *const *)a, *pb = *(FcPattern *const *)b;
	int ra = regular_face(pa), rb = regular_face(pb);
	if (ra != rb)
		return rb - ra;
	int c = strcmp(pattern_string(pa, FC_FILE), pattern_string(pb, FC_FILE));
	if (c)
		return c;
	int ia = 0, ib = 0;
	FcPatternGetInteger(pa, FC_INDEX, 0, &ia);
	FcPatternGetInteger(pb, FC_INDEX, 0, &ib);
	return ia - ib;
}

static int list_installed(pdf_fontset *fs)
{
	fs->listed = 1;
	if (!load_fontconfig(fs))
		return -1;
	FcPattern *all = FcPatternCreate();
	FcObjectSet *os = FcObjectSetBuild(FC_FILE, FC_INDEX, FC_FAMILY,
	                                   FC_CHARSET, FC_FONTFORMAT, FC_WEIGHT,
	                                   FC_SLANT, (char *)NULL);
	if (all && os)
		fs->installed = FcFontList(NULL, all, os);
	if (os)
		FcObjectSetDestroy(os);
	if (all)
		FcPatternDestroy(all);
	if (!fs->installed)
		return -1;
	size_t n = (size_t)fs->installed->nfont;
	fs->candidates = calloc(n ? n : 1, sizeof *fs->candidates);
	fs->tried = calloc(n ? n : 1, 1);
	if (!fs->candidates || !fs->tried)
		return -1;
	for (size_t i = 0; i < n; i++) {
		FcPattern *p = fs->installed->fonts[i];
		const char *format = pattern_string(p, FC_FONTFORMAT);
		if (pattern_string(p, FC_FILE) && format &&
		    strcmp(format, "TrueType") == 0)
			fs->candidates[fs->n_candidates++] = p;
	}
	qsort(fs->candidates, fs->n_candidates, sizeof *fs->candidates,
	      compare_candidates);
	return 0;
}

int pdf_fontset_fallback(pdf_fontset *fs, uint32_t cp, uint16_t *slot)
{
	for (size_t i = 0; i < fs->n_faces; i++)
		if (pdf_fontset_glyph(fs, (uint16_t)i, cp, NULL)) {
			*slot = (uint16_t)i;
			return 1;
		}
	if (!fs->listed && list_installed(fs) != 0)
		return 0;
	for (size_t i = 0; i < fs->n_candidates; i++) {
		FcPattern *p = fs->candidates[i];
		if (fs->tried[i] || !pattern_has_char(p, cp))
			continue;
		int index = 0;
		FcPatternGetInteger(p, FC_INDEX, 0, &index);
		const char *name = pattern_string(p, FC_FAMILY);
		const char *file = pattern_string(p, FC_FILE);
		const char *why = NULL;
		int s = add_face(fs, file, (unsigned)index, name ? name : file, &why);
		if (s == -2)
			return 0;   /* no more fallback slots */
		fs->tried[i] = 1;
		if (s >= 0 && pdf_fontset_glyph(fs, (uint16_t)s, cp, NULL)) {
			*slot = (uint16_t)s;
			return 1;
		}
	}
	return 0;
}
