/* names.c — safe, ordered and hashed entry names for batches (names.h). */
#include "names.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

static int is_separator(char c)
{
	return c == '/' || c == '\\';
}

static int is_ascii_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
}

/* Appends one part of a name, replacing what may not stand in a file name.
 * Returns the part's length in out, or (size_t)-1 when it does not fit. */
static size_t put_part(const char *p, size_t n, char *out, size_t room,
                       unsigned *changes)
{
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = docconv_utf8_decode(p + i, n - i, &cp);
		const char *src = p + i;
		if (len == 0) {
			*changes |= DOCCONV_NAME_ENCODING;
			src = "_";
			len = 1;
			i++;
		} else {
			i += len;
			if (is_control(cp)) {
				*changes |= DOCCONV_NAME_CONTROL;
				src = "_";
				len = 1;
			}
		}
		if (o + len >= room)
			return (size_t)-1;
		memcpy(out + o, src, len);
		o += len;
	}
	return o;
}

docconv_status docconv_name_sanitize(const char *raw, size_t n, char *out,
                                     size_t out_size, unsigned *changes,
                                     const char **why)
{
	docconv_status st = DOCCONV_ERR_INPUT;
	size_t o = 0, i = 0, depth = 0;
	*changes = 0;
	*why = NULL;
	if (out_size < DOCCONV_NAME_MAX + 1) {
		*why = "internal: name buffer too small";
		goto out;
	}
	if (memchr(raw, '\0', n)) {
		*why = "the name holds a NUL byte";
		goto out;
	}
	if (n >= 2 && is_ascii_letter(raw[0]) && raw[1] == ':') {
		*changes |= DOCCONV_NAME_DRIVE;
		i = 2;
	}
	if (i < n && is_separator(raw[i]))
		*changes |= DOCCONV_NAME_ABSOLUTE;
	if (memchr(raw, '\\', n))
		*changes |= DOCCONV_NAME_BACKSLASH;
	while (i < n) {
		size_t start = i;
		while (i < n && !is_separator(raw[i]))
			i++;
		size_t len = i - start;
		const char *part = raw + start;
		if (i < n)
			i++;
		/* What would start the result is a drive again ("C:C:x",
		 * "./C:x"): dropped too, or the result sanitised once more
		 * would lose it. */
		while (o == 0 && len >= 2 && is_ascii_letter(part[0]) &&
		       part[1] == ':') {
			*changes |= DOCCONV_NAME_DRIVE;
			part += 2;
			len -= 2;
		}
		if (len == 0 || (len == 1 && part[0] == '.'))
			continue;
		if (len == 2 && part[0] == '.' && part[1] == '.') {
			*why = "'..' in the name would climb out of the output folder";
			goto out;
		}
		if (++depth > DOCCONV_NAME_MAX_DEPTH) {
			*why = "the name has too many folder levels";
			goto out;
		}
		if (o > 0)
			out[o++] = '/';
		size_t room = DOCCONV_NAME_MAX + 1 - o;
		size_t got = put_part(part, len, out + o, room, changes);
		if (got == (size_t)-1) {
			*why = "the name is too long";
			goto out;
		}
		if (got > DOCCONV_NAME_MAX_PART) {
			*why = "a part of the name is too long";
			goto out;
		}
		o += got;
	}
	if (o == 0) {
		*why = "the name is empty";
		goto out;
	}
	st = DOCCONV_OK;
out:
	if (out_size > 0)
		out[st == DOCCONV_OK ? o : 0] = '\0';
	return st;
}

void docconv_name_escape(const char *raw, size_t n, char *out,
                         size_t out_size)
{
	/* Room kept at the end for "..." and the NUL. */
	const size_t tail = 4;
	size_t o = 0;
	if (out_size == 0)
		return;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = docconv_utf8_decode(raw + i, n - i, &cp);
		char esc[16];
		const char *src = raw + i;
		if (len == 0 || is_control(cp) || cp == '\\') {
			size_t one = len ? len : 1;
			/* A C1 control is two bytes in UTF-8: escape both. */
			size_t w = 0;
			for (size_t k = 0; k < one; k++)
				w += (size_t)snprintf(esc + w, sizeof esc - w, "\\x%02x",
				                      (unsigned char)raw[i + k]);
			src = esc;
			i += one;
			len = w;
		} else {
			i += len;
		}
		if (o + len + tail > out_size) {
			if (o + tail <= out_size) {
				memcpy(out + o, "...", 3);
				o += 3;
			}
			break;
		}
		memcpy(out + o, src, len);
		o += len;
	}
	out[o < out_size ? o : out_size - 1] = '\0';
}

int docconv_name_is_hidden(const char *name)
{
	const char *p = name;
	while (is_separator(*p))
		p++;
	if (strncmp(p, "__MACOSX", 8) == 0 && (p[8] == '\0' || is_separator(p[8])))
		return 1;
	/* "." and ".." are not hidden names but steps, which the sanitiser
	 * judges; an article behind them must be reported, not skipped. */
	for (; *p; p++) {
		if (*p != '.' || (p != name && !is_separator(p[-1])))
			continue;
		size_t dots = p[1] == '.' ? 2 : 1;
		if (p[dots] != '\0' && !is_separator(p[dots]))
			return 1;
	}
	return 0;
}

/* The start of the last part of `name` and its extension's dot (NULL when
 * it has none, or only a leading one as in ".profile"). */
static const char *extension_dot(const char *name)
{
	const char *base = name;
	for (const char *p = name; *p; p++)
		if (is_separator(*p))
			base = p + 1;
	const char *dot = strrchr(base, '.');
	return dot && dot != base ? dot : NULL;
}

int docconv_name_has_extension(const char *name, const char *ext)
{
	const char *dot = extension_dot(name);
	if (!dot)
		return 0;
	const char *a = dot + 1;
	for (; *a && *ext; a++, ext++) {
		char c = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
		if (c != *ext)
			return 0;
	}
	return *a == '\0' && *ext == '\0';
}

char *docconv_name_with_extension(const char *rel, const char *ext)
{
	const char *dot = extension_dot(rel);
	size_t stem = dot ? (size_t)(dot - rel) : strlen(rel);
	size_t n = stem + 1 + strlen(ext) + 1;
	char *out = malloc(n);
	if (out)
		snprintf(out, n, "%.*s.%s", (int)stem, rel, ext);
	return out;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* '/' first, then bytes in order. */
static int byte_rank(unsigned char c)
{
	return c == '/' ? -1 : c;
}

int docconv_name_natural_cmp(const char *a, const char *b)
{
	/* Equal by value but written differently ("a01" and "a1"): the one with
	 * fewer leading zeros first, decided only when nothing else differs. */
	int zeros_tie = 0;
	const char *pa = a, *pb = b;
	while (*pa && *pb) {
		if (is_digit(*pa) && is_digit(*pb)) {
			const char *za = pa, *zb = pb;
			while (*pa == '0')
				pa++;
			while (*pb == '0')
				pb++;
			const char *sa = pa, *sb = pb;
			while (is_digit(*pa))
				pa++;
			while (is_digit(*pb))
				pb++;
			size_t la = (size_t)(pa - sa), lb = (size_t)(pb - sb);
			if (la != lb)
				return la < lb ? -1 : 1;
			int c = memcmp(sa, sb, la);
			if (c)
				return c < 0 ? -1 : 1;
			if (!zeros_tie && (sa - za) != (sb - zb))
				zeros_tie = (sa - za) < (sb - zb) ? -1 : 1;
			continue;
		}
		int ra = byte_rank((unsigned char)*pa), rb = byte_rank((unsigned char)*pb);
		if (ra != rb)
			return ra < rb ? -1 : 1;
		pa++;
		pb++;
	}
	if (*pa || *pb)
		return *pa ? 1 : -1;
	if (zeros_tie)
		return zeros_tie;
	int c = strcmp(a, b);
	return c < 0 ? -1 : c > 0;
}

uint64_t docconv_name_hash(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* An open-addressing set of strings (not owned, each s[0..len)), for the
 * uniqueness pass. */
typedef struct name_key {
	const char *s;
	size_t len;
} name_key;

typedef struct name_set {
	name_key *slots;
	size_t mask;
} name_set;

static int set_init(name_set *s, size_t n)
{
	size_t cap = 16;
	while (cap < 2 * n + 2)
		cap *= 2;
	s->slots = calloc(cap, sizeof *s->slots);
	s->mask = cap - 1;
	return s->slots ? 0 : -1;
}

/* Where name[0..len) is in the set, or the empty slot it would take. */
static name_key *set_find(const name_set *s, const char *name, size_t len)
{
	size_t i = (size_t)docconv_name_hash(name, len) & s->mask;
	while (s->slots[i].s && (s->slots[i].len != len ||
	                         memcmp(s->slots[i].s, name, len) != 0))
		i = (i + 1) & s->mask;
	return &s->slots[i];
}

/* Inserts name[0..len) unless it is there; returns 1 when it was added. */
static int set_add(name_set *s, const char *name, size_t len)
{
	name_key *k = set_find(s, name, len);
	if (k->s)
		return 0;
	*k = (name_key){ name, len };
	return 1;
}

/* Every folder the names make ("a" and "a/b" for "a/b/c.txt"), in `set`. */
static int add_folders(name_set *set, char **names, size_t n)
{
	size_t parts = 0;
	for (size_t i = 0; i < n; i++)
		for (const char *p = names[i]; (p = strchr(p, '/')); p++)
			parts++;
	if (set_init(set, parts))
		return -1;
	for (size_t i = 0; i < n; i++)
		for (const char *p = names[i]; (p = strchr(p, '/')); p++)
			set_add(set, names[i], (size_t)(p - names[i]));
	return 0;
}

docconv_status docconv_names_make_unique(char **names, size_t n)
{
	docconv_status st = DOCCONV_OK;
	name_set set = { NULL, 0 }, folders = { NULL, 0 };
	unsigned char *dup = NULL;
	/* Replaced names, freed at the end: the sets point into them. */
	char **old = NULL;
	size_t n_old = 0;
	/* Every name and every renamed one goes in the set: at most 2n. */
	if (set_init(&set, 2 * n) || add_folders(&folders, names, n) ||
	    !(dup = calloc(n ? n : 1, 1)) || !(old = malloc((n ? n : 1) * sizeof *old))) {
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	/* A file named as a folder of another name ("a.json" beside
	 * "a.json/x.json") could not be extracted beside it: the file is
	 * renamed, as the later of two equal names is. */
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(names[i]);
		dup[i] = set_find(&folders, names[i], len)->s != NULL ||
		         !set_add(&set, names[i], len);
	}
	for (size_t i = 0; i < n; i++) {
		if (!dup[i])
			continue;
		const char *dot = extension_dot(names[i]);
		size_t stem = dot ? (size_t)(dot - names[i]) : strlen(names[i]);
		size_t len = strlen(names[i]) + 24;
		char *c = NULL;
		for (unsigned long k = 2;; k++) {
			free(c);
			if (!(c = malloc(len))) {
				st = DOCCONV_ERR_NOMEM;
				goto out;
			}
			snprintf(c, len, "%.*s~%lu%s", (int)stem, names[i], k,
			         dot ? dot : "");
			size_t cl = strlen(c);
			if (!set_find(&folders, c, cl)->s && set_add(&set, c, cl))
				break;
		}
		old[n_old++] = names[i];
		names[i] = c;
	}
out:
	for (size_t i = 0; i < n_old; i++)
		free(old[i]);
	free(old);
	free(set.slots);
	free(folders.slots);
	free(dup);
	return st;
}

/* `name` with `suffix` before its extension, in a new string. */
static char *with_suffix(const char *name, const char *suffix)
{
	const char *dot = extension_dot(name);
	size_t stem = dot ? (size_t)(dot - name) : strlen(name);
	size_t n = strlen(name) + strlen(suffix) + 1;
	char *out = malloc(n);
	if (out)
		snprintf(out, n, "%.*s%s%s", (int)stem, name, suffix, dot ? dot : "");
	return out;
}

char *docconv_name_article(const char *rel, size_t index)
{
	char suffix[32];
	snprintf(suffix, sizeof suffix, "-%zu", index + 1);
	return with_suffix(rel, suffix);
}

/* The name whose article `name` could be ("a.epub" for "a-2.epub"), in a
 * new string; NULL with *nomem 0 when it has not that shape. */
static char *page_of_article_name(const char *name, int *nomem)
{
	const char *dot = extension_dot(name);
	size_t stem = dot ? (size_t)(dot - name) : strlen(name);
	size_t at = stem;
	*nomem = 0;
	while (at > 0 && is_digit(name[at - 1]))
		at--;
	/* docconv_name_article writes 1, 2, ...: no leading zero */
	if (at == stem || name[at] == '0' || at < 2 || name[at - 1] != '-' ||
	    is_separator(name[at - 2]))
		return NULL;
	size_t n = strlen(name) - (stem - at) - 1 + 1;
	char *page = malloc(n);
	if (!page) {
		*nomem = 1;
		return NULL;
	}
	snprintf(page, n, "%.*s%s", (int)(at - 1), name, dot ? dot : "");
	return page;
}

/* One pass: renames the names an article of another could take; *changed
 * says whether any was. */
static docconv_status rename_article_names(char **names, size_t n,
                                           int *changed)
{
	docconv_status st = DOCCONV_OK;
	name_set set = { NULL, 0 };
	char **old = NULL;     /* replaced names, freed after the set */
	*changed = 0;
	/* Every name and every renamed one: at most 2n. */
	if (set_init(&set, 2 * n) || !(old = calloc(n ? n : 1, sizeof *old))) {
		st = DOCCONV_ERR_NOMEM;
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		set_add(&set, names[i], strlen(names[i]));
	for (size_t i = 0; i < n; i++) {
		int nomem;
		char *page = page_of_article_name(names[i], &nomem);
		int taken = page && set_find(&set, page, strlen(page))->s;
		free(page);
		if (nomem) {
			st = DOCCONV_ERR_NOMEM;
			goto out;
		}
		if (!taken)
			continue;
		char *c = NULL;
		for (unsigned long k = 2; !c || !set_add(&set, c, strlen(c)); k++) {
			char suffix[32];
			free(c);
			snprintf(suffix, sizeof suffix, "~%lu", k);
			if (!(c = with_suffix(names[i], suffix))) {
				st = DOCCONV_ERR_NOMEM;
				goto out;
			}
		}
		old[i] = names[i];
		names[i] = c;
		*changed = 1;
	}
out:
	free(set.slots);
	for (size_t i = 0; old && i < n; i++)
		free(old[i]);
	free(old);
	return st;
}

docconv_status docconv_names_make_unique_split(char **names, size_t n)
{
	docconv_status st = DOCCONV_OK;
	int changed = 1;
	/* A renamed name is never an article's ("~2" ends it), but making names
	 * unique again may give a page a name whose articles another has; each
	 * round renames some name for good, so n + 1 rounds always settle. */
	for (size_t round = 0; round <= n && changed && st == DOCCONV_OK; round++)
		if ((st = docconv_names_make_unique(names, n)) == DOCCONV_OK)
			st = rename_article_names(names, n, &changed);
	return st;
}
